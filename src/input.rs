//! The one bounded reader of user input: suites, profiles, deviations files, schemas beside a
//! suite, PEM keys, and the captured responses `verify-swap` reads. It never reads more than one
//! byte past its limit, so `/dev/zero` or a huge file is refused instead of filling memory.
//! What the bytes mean (YAML, JSON, PEM) is the caller's business.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The limit of a suite, a profile, a deviations file, a schema or a key file, in bytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The limit of a captured provider response (`verify-swap --response`), in bytes: the same as
/// the default `run --max-response-bytes`.
pub(crate) const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// Where input comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Origin<'a> {
    File(&'a Path),
    Stdin,
}

impl fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(p) => write!(f, "`{}`", p.display()),
            Origin::Stdin => f.write_str("stdin"),
        }
    }
}

/// Why input could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The file cannot be opened or read.
    Io(std::io::Error),
    /// More than `limit` bytes; `size` is the file's length when the file system knows it.
    TooLarge { size: Option<u64>, limit: usize },
    /// Not UTF-8: the bytes as read, and the offset of the first byte that is not.
    NotUtf8 { bytes: Vec<u8>, valid_up_to: usize },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::TooLarge {
                size: Some(size),
                limit,
            } => write!(f, "too large: {size} bytes, the limit is {limit} bytes"),
            ReadError::TooLarge { size: None, limit } => {
                write!(
                    f,
                    "too large: over {limit} bytes, the limit is {limit} bytes"
                )
            }
            ReadError::NotUtf8 { bytes, valid_up_to } => write!(
                f,
                "not UTF-8 text: byte 0x{:02X} at offset {valid_up_to} is not valid UTF-8",
                bytes[*valid_up_to]
            ),
        }
    }
}

/// At most `limit` bytes from `origin`.
pub(crate) fn read_bytes(origin: Origin<'_>, limit: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    let take = limit as u64 + 1;
    match origin {
        Origin::File(path) => std::fs::File::open(path)
            .and_then(|f| f.take(take).read_to_end(&mut bytes))
            .map_err(ReadError::Io)?,
        Origin::Stdin => std::io::stdin()
            .lock()
            .take(take)
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?,
    };
    if bytes.len() > limit {
        let size = match origin {
            Origin::File(path) => std::fs::metadata(path)
                .ok()
                .map(|m| m.len())
                .filter(|&n| n > limit as u64),
            Origin::Stdin => None,
        };
        return Err(ReadError::TooLarge { size, limit });
    }
    Ok(bytes)
}

/// At most `limit` bytes of UTF-8 text from `origin`.
pub(crate) fn read_text(origin: Origin<'_>, limit: usize) -> Result<String, ReadError> {
    String::from_utf8(read_bytes(origin, limit)?).map_err(|e| ReadError::NotUtf8 {
        valid_up_to: e.utf8_error().valid_up_to(),
        bytes: e.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = std::env::temp_dir().join(format!("pc-input-{}-{name}", std::process::id()));
        std::fs::write(&p, bytes).expect("write scratch file");
        p
    }

    #[test]
    fn an_endless_file_is_refused_after_one_byte_past_the_limit() {
        let e = read_bytes(Origin::File(Path::new("/dev/zero")), 10).unwrap_err();
        assert_eq!(
            e.to_string(),
            "too large: over 10 bytes, the limit is 10 bytes"
        );
    }

    #[test]
    fn a_file_at_the_limit_is_read_and_one_over_it_is_not() {
        let at = scratch("at", &[b'a'; 8]);
        let over = scratch("over", &[b'a'; 9]);
        let read_at = read_text(Origin::File(&at), 8);
        let read_over = read_text(Origin::File(&over), 8);
        let _ = (std::fs::remove_file(&at), std::fs::remove_file(&over));
        assert_eq!(read_at.unwrap(), "aaaaaaaa");
        assert_eq!(
            read_over.unwrap_err().to_string(),
            "too large: 9 bytes, the limit is 8 bytes"
        );
    }

    #[test]
    fn text_that_is_not_utf8_names_the_byte_and_its_offset() {
        let p = scratch("latin1", b"caf\xe9");
        let e = read_text(Origin::File(&p), 100).unwrap_err();
        let _ = std::fs::remove_file(&p);
        assert_eq!(
            e.to_string(),
            "not UTF-8 text: byte 0xE9 at offset 3 is not valid UTF-8"
        );
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        let e = read_bytes(Origin::File(Path::new("/nonexistent/x")), 10).unwrap_err();
        assert!(matches!(e, ReadError::Io(_)), "{e}");
    }
}
