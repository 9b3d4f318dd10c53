//! The `system-out` of each step, put into the XML after quick-junit has written it.
//!
//! quick-junit runs every string it is given through a terminal-escape parser, one character
//! at a time: for the steps' exchanges (most of the report's bytes) that was 32 of the report's
//! 53 million instructions, nearly a quarter of a whole certification's (callgrind). The text is already
//! plain ([`plain`]: no escape sequence, no control character but newline and tab), on which
//! that parser only drops the tabs. So quick-junit is given a short placeholder per step, and
//! the text, without its tabs and escaped as quick-xml escapes element text, replaces it in the
//! written XML. A placeholder carries a random key: text from the provider, which the XML holds
//! elsewhere (failure messages), cannot forge one.

use memchr::memmem::Finder;
use quick_junit::XmlString;

/// Private-use characters around a placeholder: `\u{E000}<key>:<n>\u{E000}`.
const MARK: char = '\u{E000}';

pub(super) struct Outputs {
    /// `\u{E000}<key>:`, the start of every placeholder of this report.
    prefix: String,
    texts: Vec<String>,
}

impl Outputs {
    pub(super) fn new() -> Outputs {
        let mut key = [0u8; 8];
        // Without randomness the key is still unlikely text; a forged placeholder would only
        // move a step's exchanges in the report, never a secret (they are masked before).
        let _ = getrandom::fill(&mut key);
        let key: String = key.iter().map(|b| format!("{b:02x}")).collect();
        Outputs {
            prefix: format!("{MARK}{key}:"),
            texts: Vec::new(),
        }
    }

    /// The placeholder to give quick-junit for `text` (already [`plain`]).
    pub(super) fn placeholder(&mut self, text: String) -> XmlString {
        let n = self.texts.len();
        self.texts.push(text);
        XmlString::new(format!("{}{n}{MARK}", self.prefix))
    }

    /// The XML with every placeholder replaced by its text, as quick-junit would have put it.
    pub(super) fn fill(&self, xml: &str) -> String {
        let extra: usize = self.texts.iter().map(String::len).sum();
        let mut out = String::with_capacity(xml.len() + extra);
        let finder = Finder::new(self.prefix.as_bytes());
        let mut rest = xml;
        while let Some(at) = finder.find(rest.as_bytes()) {
            out.push_str(&rest[..at]);
            let after = &rest[at + self.prefix.len()..];
            let text = after
                .find(MARK)
                .and_then(|end| Some((after[..end].parse::<usize>().ok()?, end)))
                .and_then(|(n, end)| Some((self.texts.get(n)?, end)));
            match text {
                Some((text, end)) => {
                    escape_into(&mut out, text);
                    rest = &after[end + MARK.len_utf8()..];
                }
                // Not one of ours after all: kept as it is.
                None => {
                    out.push_str(&self.prefix);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// What quick-junit writes for plain text: tabs dropped (by its escape parser), then `<`, `>`,
/// `&`, `'` and `"` escaped (quick-xml's `escape`).
fn escape_into(out: &mut String, text: &str) {
    let untabbed = text.replace('\t', "");
    out.push_str(&quick_xml::escape::escape(untabbed.as_str()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::plain;
    use proptest::prelude::*;

    /// What quick-junit makes of `text` in a `system-out`, the slow way.
    fn quick_junit_would_write(text: &str) -> String {
        let xml = XmlString::new(text);
        quick_xml::escape::escape(xml.as_str()).into_owned()
    }

    #[test]
    fn placeholders_are_replaced_by_their_escaped_text() {
        let mut o = Outputs::new();
        let a = o.placeholder("> GET http://h/x?a=1&b=2\n\t{\"k\": 'v'}".into());
        let b = o.placeholder(String::new());
        let xml = format!("<a>{}</a><b>{}</b>", a.as_str(), b.as_str());
        assert_eq!(
            o.fill(&xml),
            "<a>&gt; GET http://h/x?a=1&amp;b=2\n{&quot;k&quot;: &apos;v&apos;}</a><b></b>"
        );
    }

    #[test]
    fn a_forged_or_broken_placeholder_is_left_as_it_is() {
        let mut o = Outputs::new();
        o.placeholder("text".into());
        let forged = format!("{MARK}0000000000000000:0{MARK}");
        let broken = format!("{}9{MARK} {}x", o.prefix, o.prefix);
        assert_eq!(o.fill(&forged), forged);
        assert_eq!(o.fill(&broken), broken);
    }

    proptest! {
        #[test]
        fn the_text_is_what_quick_junit_writes_for_plain_text(s in any::<String>()) {
            let text = plain(&s);
            let mut o = Outputs::new();
            let p = o.placeholder(text.clone());
            prop_assert_eq!(o.fill(p.as_str()), quick_junit_would_write(&text));
        }

        #[test]
        fn exchanges_like_text_is_what_quick_junit_writes(
            s in "[ -~\t\n\u{1b}\u{7}\u{0}-\u{1f}\u{80}-\u{9f}é€😀]{0,200}"
        ) {
            let text = plain(&s);
            let mut o = Outputs::new();
            let p = o.placeholder(text.clone());
            prop_assert_eq!(o.fill(p.as_str()), quick_junit_would_write(&text));
        }
    }
}
