//! Plain decimal strings (`"0.01"`, `"20"`): digits with at most one point, no sign, no
//! exponent. The form amounts take in profiles and in the swap APIs' JSON; shared by the
//! profile loader and the checks, so that both apply the same rule.

use std::fmt;

/// True for a plain decimal string: digits with at most one point, no sign or exponent.
pub(crate) fn is_plain_decimal(text: &str) -> bool {
    let mut parts = text.split('.');
    let int = parts.next().unwrap_or_default();
    let frac = parts.next();
    parts.next().is_none()
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A validated plain decimal string, kept as written (never through a float).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainDecimal(String);

impl PlainDecimal {
    /// `None` unless `text` is a plain decimal string.
    pub fn parse(text: &str) -> Option<PlainDecimal> {
        is_plain_decimal(text).then(|| PlainDecimal(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PlainDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_plain_decimals() {
        assert!(is_plain_decimal("0.0001"));
        assert!(is_plain_decimal("20"));
        assert!(!is_plain_decimal("1e5"));
        assert!(!is_plain_decimal("-1"));
        assert!(!is_plain_decimal("1."));
        assert!(!is_plain_decimal(".5"));
        assert!(!is_plain_decimal(""));
        assert_eq!(PlainDecimal::parse("0.29").unwrap().as_str(), "0.29");
        assert!(PlainDecimal::parse("1e309").is_none());
    }
}
