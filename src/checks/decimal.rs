//! Exact comparison of decimal numbers written as strings or JSON numbers (never floats).

use std::cmp::Ordering;

/// A decimal as sign, significant digits and a power of ten.
#[derive(Debug, PartialEq, Eq)]
struct DecimalParts {
    negative: bool,
    /// Digits without leading or trailing zeros; empty for zero.
    digits: Vec<u8>,
    /// Value = digits × 10^exp.
    exp: i64,
}

/// Parses `-12.5`, `0.0001`, `1e-3`, `1E+20`; `None` for anything else.
fn parse(text: &str) -> Option<DecimalParts> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (
            &t[..i],
            t[i + 1..]
                .parse::<i64>()
                .ok()
                .filter(|e| e.abs() < 1_000_000)?,
        ),
        None => (t, 0),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    if int.is_empty() && frac.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut digits: Vec<u8> = int
        .bytes()
        .chain(frac.bytes())
        .skip_while(|&b| b == b'0')
        .map(|b| b - b'0')
        .collect();
    let mut exp = exp - frac.len() as i64;
    while digits.last() == Some(&0) {
        digits.pop();
        exp += 1;
    }
    if digits.is_empty() {
        return Some(DecimalParts {
            negative: false,
            digits,
            exp: 0,
        });
    }
    Some(DecimalParts {
        negative,
        digits,
        exp,
    })
}

fn cmp_magnitude(a: &DecimalParts, b: &DecimalParts) -> Ordering {
    match (a.digits.is_empty(), b.digits.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        _ => {}
    }
    // Position of the most significant digit.
    let top_a = a.digits.len() as i64 + a.exp;
    let top_b = b.digits.len() as i64 + b.exp;
    if top_a != top_b {
        return top_a.cmp(&top_b);
    }
    let n = a.digits.len().max(b.digits.len());
    for i in 0..n {
        let da = a.digits.get(i).copied().unwrap_or(0);
        let db = b.digits.get(i).copied().unwrap_or(0);
        if da != db {
            return da.cmp(&db);
        }
    }
    Ordering::Equal
}

/// Compares two decimals exactly; `None` when either is not a number.
pub(crate) fn compare(a: &str, b: &str) -> Option<Ordering> {
    let (a, b) = (parse(a)?, parse(b)?);
    Some(match (a.negative, b.negative) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => cmp_magnitude(&a, &b),
        (true, true) => cmp_magnitude(&b, &a),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_exactly() {
        assert_eq!(compare("0.0001", "20"), Some(Ordering::Less));
        assert_eq!(compare("1.10", "1.1"), Some(Ordering::Equal));
        assert_eq!(compare("1e3", "999.999"), Some(Ordering::Greater));
        assert_eq!(compare("-2", "1"), Some(Ordering::Less));
        assert_eq!(compare("-2", "-3"), Some(Ordering::Greater));
        assert_eq!(compare("0", "-0.0"), Some(Ordering::Equal));
        assert_eq!(compare("007.50", "7.5"), Some(Ordering::Equal));
        assert_eq!(compare("000.000", "0"), Some(Ordering::Equal));
        assert_eq!(compare("0.00120", "0.0012"), Some(Ordering::Equal));
        assert_eq!(compare("0.0012", "0.00121"), Some(Ordering::Less));
        // Beyond f64 precision.
        assert_eq!(
            compare(
                "100000000000000000000000000001",
                "100000000000000000000000000000"
            ),
            Some(Ordering::Greater)
        );
        assert_eq!(compare("1e309", "1"), Some(Ordering::Greater));
    }

    #[test]
    fn refuses_non_numbers() {
        assert_eq!(compare("abc", "1"), None);
        assert_eq!(compare("1.2.3", "1"), None);
        assert_eq!(compare("", "1"), None);
    }
}
