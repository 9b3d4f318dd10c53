//! Amounts: decimal strings (whole-coin units, as the provider API writes them) to base units
//! (u128, checked arithmetic, never floats) and big-endian bytes (protobuf fields 9 and 10).

/// Why a decimal amount string could not be turned into base units.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AmountError {
    /// Not of the form `digits[.digits]`.
    #[error("`{0}` is not a plain decimal number (digits with an optional `.` fraction)")]
    Syntax(String),
    /// More fractional digits than the currency has decimals.
    #[error(
        "`{text}` has {digits} fractional digits but the currency has only {decimals} decimals"
    )]
    TooPrecise {
        /// The amount as given.
        text: String,
        /// Its number of fractional digits.
        digits: usize,
        /// The currency's decimals.
        decimals: u32,
    },
    /// The value does not fit in 128 bits (nor, therefore, in 16 bytes).
    #[error("`{0}` is too large for 16 bytes of base units")]
    Overflow(String),
}

/// Converts a decimal string such as `"0.01"` into base units with `decimals` decimals
/// (`0.01` with 8 decimals is `1000000`).
pub(crate) fn parse_decimal(text: &str, decimals: u32) -> Result<u128, AmountError> {
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, f),
        None => (text, ""),
    };
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty())
        || !digits_only(int)
        || !digits_only(frac)
        || (text.contains('.') && frac.is_empty())
    {
        return Err(AmountError::Syntax(text.to_owned()));
    }
    let significant = frac.trim_end_matches('0');
    if u32::try_from(significant.len()).map_or(true, |n| n > decimals) {
        return Err(AmountError::TooPrecise {
            text: text.to_owned(),
            digits: frac.len(),
            decimals,
        });
    }
    let overflow = || AmountError::Overflow(text.to_owned());
    let scale = 10u128.checked_pow(decimals).ok_or_else(overflow)?;
    let mut value: u128 = 0;
    for b in int.bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u128::from(b - b'0')))
            .ok_or_else(overflow)?;
    }
    value = value.checked_mul(scale).ok_or_else(overflow)?;
    let mut frac_value: u128 = 0;
    let mut place = scale;
    for b in significant.bytes() {
        place /= 10;
        frac_value += u128::from(b - b'0') * place;
    }
    value.checked_add(frac_value).ok_or_else(overflow)
}

/// Formats base units as a decimal string with `decimals` decimals, without trailing zeros
/// (`1000000` with 8 decimals is `"0.01"`).
pub(crate) fn format_base_units(value: u128, decimals: u32) -> String {
    let digits = value.to_string();
    let Ok(d) = usize::try_from(decimals) else {
        return digits;
    };
    if d == 0 {
        return digits;
    }
    let padded = if digits.len() <= d {
        format!("{}{digits}", "0".repeat(d + 1 - digits.len()))
    } else {
        digits
    };
    let (int, frac) = padded.split_at(padded.len() - d);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    }
}

/// Reads a big-endian unsigned integer of at most 16 bytes (None when longer).
pub(crate) fn from_be_bytes(bytes: &[u8]) -> Option<u128> {
    if bytes.len() > 16 {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0u128, |acc, &b| (acc << 8) | u128::from(b)),
    )
}

/// The minimal big-endian encoding of `value` (at least one byte); tests compare the
/// provider's encoder with it.
#[cfg(test)]
pub(crate) fn to_be_bytes_minimal(value: u128) -> Vec<u8> {
    let bytes = value.to_be_bytes();
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(15);
    bytes[first..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_decimal_amounts_exactly() {
        assert_eq!(parse_decimal("0.01", 8), Ok(1_000_000));
        assert_eq!(parse_decimal("1", 18), Ok(1_000_000_000_000_000_000));
        assert_eq!(parse_decimal("1.50", 1), Ok(15));
        assert_eq!(parse_decimal(".5", 1), Ok(5));
        assert_eq!(parse_decimal("0", 0), Ok(0));
        assert_eq!(
            parse_decimal("0.123456789", 8),
            Err(AmountError::TooPrecise {
                text: "0.123456789".into(),
                digits: 9,
                decimals: 8
            })
        );
    }

    #[test]
    fn refuses_odd_syntax_and_overflow() {
        for bad in [
            "", ".", "1.", "-1", "+1", "1e8", " 1", "1,5", "0x10", "1.2.3",
        ] {
            assert!(
                matches!(parse_decimal(bad, 8), Err(AmountError::Syntax(_))),
                "{bad}"
            );
        }
        let huge = "9".repeat(40);
        assert!(matches!(
            parse_decimal(&huge, 0),
            Err(AmountError::Overflow(_))
        ));
        assert!(matches!(
            parse_decimal("1", 39),
            Err(AmountError::Overflow(_))
        ));
    }

    #[test]
    fn formats_base_units() {
        assert_eq!(format_base_units(1_000_000, 8), "0.01");
        assert_eq!(format_base_units(999_999, 8), "0.00999999");
        assert_eq!(format_base_units(150, 2), "1.5");
        assert_eq!(format_base_units(7, 0), "7");
        assert_eq!(format_base_units(u128::MAX, 18).len(), 40);
    }

    #[test]
    fn converts_big_endian_bytes() {
        assert_eq!(from_be_bytes(&[0x0f, 0x42, 0x40]), Some(1_000_000));
        assert_eq!(from_be_bytes(&[]), Some(0));
        assert_eq!(from_be_bytes(&[1; 17]), None);
        assert_eq!(to_be_bytes_minimal(1_000_000), vec![0x0f, 0x42, 0x40]);
        assert_eq!(to_be_bytes_minimal(0), vec![0]);
    }
}
