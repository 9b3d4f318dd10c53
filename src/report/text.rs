//! Text that is safe in any report: no terminal escape sequences, no control characters.
//!
//! Provider responses reach the reports verbatim (redacted); a body holding `ESC [31m` would
//! colour a terminal or a CI log, and XML 1.0 forbids most control characters.

/// `s` without ANSI/VT escape sequences (CSI, OSC and two-byte forms) and without control
/// characters other than line feed and tab; a carriage return becomes nothing.
pub fn plain(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                // CSI: parameters and intermediates, then one final byte in @..~
                Some('[') => {
                    for n in chars.by_ref() {
                        if ('@'..='~').contains(&n) {
                            break;
                        }
                    }
                }
                // OSC: up to BEL or ESC \
                Some(']') => {
                    while let Some(n) = chars.next() {
                        if n == '\u{7}' {
                            break;
                        }
                        if n == '\u{1b}' {
                            chars.next_if_eq(&'\\');
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn removes_colour_title_and_control_characters() {
        assert_eq!(plain("\u{1b}[31;1mred\u{1b}[0m ok"), "red ok");
        assert_eq!(plain("\u{1b}]0;title\u{7}x"), "x");
        assert_eq!(plain("\u{1b}]8;;http://x\u{1b}\\link"), "link");
        assert_eq!(plain("a\rb\u{0}c\nd\te"), "abc\nd\te");
    }

    #[test]
    fn leaves_plain_text_alone() {
        assert_eq!(plain("PASS ✓ › 0x6A82"), "PASS ✓ › 0x6A82");
    }
}
