//! Reads a suite or profile file into text, refusing what the YAML reader should never see
//! (too large, not UTF-8) with a positioned diagnostic.

use crate::diagnostic::Diagnostic;
use crate::input::{MAX_FILE_BYTES, Origin, ReadError};
use crate::source::{Pos, Sources, Span};
use std::path::Path;

/// The text of `path`. `what` names the file in messages ("suite", "profile"). A file that
/// cannot be used is registered in `sources` (so the diagnostic can point into it) and refused.
pub fn read_text(
    sources: &mut Sources,
    path: &Path,
    what: &str,
) -> Result<String, Box<Diagnostic>> {
    let shown = path.display().to_string();
    let at_start = |sources: &mut Sources, text: String| {
        let file = sources.add(&shown, text);
        let at = Pos { line: 1, col: 1 };
        Span {
            file,
            start: at,
            end: at,
        }
    };
    match crate::input::read_text(Origin::File(path), MAX_FILE_BYTES) {
        Ok(text) => Ok(text),
        Err(ReadError::Io(e)) => Err(Box::new(Diagnostic::plain(format!(
            "cannot read the {what} `{shown}`: {e}"
        )))),
        Err(e @ ReadError::TooLarge { .. }) => Err(Box::new(Diagnostic::error(
            at_start(sources, String::new()),
            format!("the {what} is {e}"),
        ))),
        Err(ReadError::NotUtf8 { bytes, valid_up_to }) => {
            let start = position(&bytes[..valid_up_to]);
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            let file = sources.add(&shown, lossy);
            let end = Pos {
                line: start.line,
                col: start.col + 1,
            };
            Err(Box::new(
                Diagnostic::error(
                    Span { file, start, end },
                    format!(
                        "the {what} is not UTF-8 text: byte 0x{:02X} at offset {valid_up_to} is not valid UTF-8",
                        bytes[valid_up_to]
                    ),
                )
                .with_label("not UTF-8")
                .with_help("save the file as UTF-8"),
            ))
        }
    }
}

/// The 1-based line and character column just after `prefix` (valid UTF-8).
fn position(prefix: &[u8]) -> Pos {
    let text = std::str::from_utf8(prefix).unwrap_or_default();
    let line_start = text.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line: text.matches('\n').count() + 1,
        col: text[line_start..].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = std::env::temp_dir().join(format!("pc-yaml-file-{}-{name}", std::process::id()));
        std::fs::write(&p, bytes).expect("write scratch file");
        p
    }

    #[test]
    fn points_at_the_first_byte_that_is_not_utf8() {
        let p = scratch("latin1.yaml", b"suite: x\napi: caf\xe9\n");
        let mut sources = Sources::default();
        let d = read_text(&mut sources, &p, "suite").unwrap_err();
        let _ = std::fs::remove_file(&p);
        assert_eq!(
            d.message,
            "the suite is not UTF-8 text: byte 0xE9 at offset 17 is not valid UTF-8"
        );
        assert_eq!(d.span.unwrap().start, Pos { line: 2, col: 9 });
        assert_eq!(
            sources.line(d.span.unwrap().file, 2),
            Some("api: caf\u{fffd}")
        );
    }

    #[test]
    fn an_endless_file_is_refused_without_reading_it_all() {
        let mut sources = Sources::default();
        let d = read_text(&mut sources, Path::new("/dev/zero"), "suite").unwrap_err();
        assert_eq!(
            d.message,
            format!(
                "the suite is too large: over {MAX_FILE_BYTES} bytes, the limit is {MAX_FILE_BYTES} bytes"
            )
        );
    }

    #[test]
    fn refuses_files_over_the_size_limit_at_1_1() {
        let p = scratch("big.yaml", &vec![b'#'; MAX_FILE_BYTES + 1]);
        let mut sources = Sources::default();
        let d = read_text(&mut sources, &p, "profile").unwrap_err();
        let _ = std::fs::remove_file(&p);
        assert!(
            d.message.starts_with("the profile is too large"),
            "{}",
            d.message
        );
        assert_eq!(d.span.unwrap().start, Pos { line: 1, col: 1 });
    }
}
