//! Exact decimal amounts: parse decimal strings, scale them to base units, print them back.
//! Integer arithmetic only (no floats), so `0.29` BTC is exactly 29000000 satoshis.

use std::cmp::Ordering;
use std::fmt;

/// A non-negative decimal number: `units / 10^scale`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dec {
    units: u128,
    scale: u32,
}

/// The largest number of fractional digits accepted when parsing.
const MAX_SCALE: u32 = 30;

/// `10^n`, or `None` when it does not fit in a `u128`.
pub(crate) fn pow10(n: u32) -> Option<u128> {
    10u128.checked_pow(n)
}

impl Dec {
    /// Zero.
    pub(crate) const ZERO: Dec = Dec { units: 0, scale: 0 };

    /// Parses `123`, `0.5` or `1.000`: ASCII digits with at most one `.` between digits.
    /// No sign, no exponent, no spaces.
    pub(crate) fn parse(text: &str) -> Option<Dec> {
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i, f),
            None => (text, ""),
        };
        if int.is_empty() || (text.contains('.') && frac.is_empty()) {
            return None;
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Trailing fractional zeros add nothing, but would overflow `units` for large values.
        let frac = frac.trim_end_matches('0');
        let scale = u32::try_from(frac.len()).ok().filter(|s| *s <= MAX_SCALE)?;
        let mut units: u128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            units = units.checked_mul(10)?.checked_add(u128::from(b - b'0'))?;
        }
        Some(Dec { units, scale })
    }

    /// This amount in base units of a currency with `decimals` decimals, or `None` when it has
    /// more significant fractional digits than that or does not fit in a `u128`.
    pub(crate) fn to_base_units(self, decimals: u32) -> Option<u128> {
        let d = self.normalized();
        if d.scale > decimals {
            return None;
        }
        d.units.checked_mul(pow10(decimals - d.scale)?)
    }

    /// `self × other`, truncated (rounded down) to `decimals` fractional digits.
    pub(crate) fn mul_truncated(self, other: Dec, decimals: u32) -> Option<Dec> {
        let units = self.units.checked_mul(other.units)?;
        let scale = self.scale + other.scale;
        Some(if scale > decimals {
            Dec {
                units: units / pow10(scale - decimals)?,
                scale: decimals,
            }
        } else {
            Dec { units, scale }
        })
    }

    /// `self − other`, or `None` when the result would be negative.
    pub(crate) fn checked_sub(self, other: Dec) -> Option<Dec> {
        let scale = self.scale.max(other.scale);
        let a = self.units.checked_mul(pow10(scale - self.scale)?)?;
        let b = other.units.checked_mul(pow10(scale - other.scale)?)?;
        Some(Dec {
            units: a.checked_sub(b)?,
            scale,
        })
    }

    /// True for zero.
    pub(crate) fn is_zero(self) -> bool {
        self.units == 0
    }

    /// The same value without trailing fractional zeros.
    fn normalized(self) -> Dec {
        let mut d = self;
        while d.scale > 0 && d.units.is_multiple_of(10) {
            d.units /= 10;
            d.scale -= 1;
        }
        d
    }
}

impl PartialEq for Dec {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Dec {}

impl PartialOrd for Dec {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Dec {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.normalized(), other.normalized());
        let scale = a.scale.max(b.scale);
        // A side that overflows when aligned is larger than any u128 the other side can hold.
        let aligned = |d: Dec| pow10(scale - d.scale).and_then(|p| d.units.checked_mul(p));
        match (aligned(a), aligned(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (None, None) => Ordering::Equal,
        }
    }
}

impl fmt::Display for Dec {
    /// Plain decimal notation without trailing fractional zeros: `0.29`, `20`, `0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.normalized();
        let digits = d.units.to_string();
        let scale = d.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{int}.{frac}")
    }
}

/// Minimal big-endian bytes of `value`: no leading zero bytes, `[0]` for zero.
pub(crate) fn minimal_be(value: u128) -> Vec<u8> {
    let bytes = value.to_be_bytes();
    let first = bytes
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(bytes.len() - 1);
    bytes[first..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    #[test]
    fn parses_plain_decimals_only() {
        for ok in ["0", "1", "0.29", "20", "1.000", "0.000000000000000001"] {
            assert!(Dec::parse(ok).is_some(), "{ok}");
        }
        for bad in [
            "", ".", "1.", ".5", "-1", "+1", "1e5", "1,5", " 1", "1.2.3", "NaN",
        ] {
            assert!(Dec::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn trailing_fraction_zeros_do_not_overflow() {
        // Found by the cross-check with the verifier (property_tests): the zeros used to be
        // counted into the units, which overflowed 128 bits for a value that fits.
        let d = dec("34100000000.0000000000000000000000000000");
        assert_eq!(d.to_base_units(0), Some(34_100_000_000));
        assert_eq!(d.to_string(), "34100000000");
    }

    #[test]
    fn scales_to_base_units_exactly() {
        assert_eq!(dec("0.29").to_base_units(8), Some(29_000_000));
        assert_eq!(dec("1").to_base_units(18), Some(1_000_000_000_000_000_000));
        assert_eq!(dec("25").to_base_units(7), Some(250_000_000));
        assert_eq!(dec("0.123000000").to_base_units(8), Some(12_300_000));
        assert_eq!(dec("0.000000001").to_base_units(8), None);
    }

    #[test]
    fn prints_without_trailing_zeros() {
        assert_eq!(dec("0.2900").to_string(), "0.29");
        assert_eq!(dec("20.0").to_string(), "20");
        assert_eq!(dec("0.00000005").to_string(), "0.00000005");
        assert_eq!(Dec::ZERO.to_string(), "0");
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(
            dec("0.29").mul_truncated(dec("16.5"), 18),
            Some(dec("4.785"))
        );
        assert_eq!(dec("1").mul_truncated(dec("0.333"), 2), Some(dec("0.33")));
        assert_eq!(dec("1").checked_sub(dec("0.0001")), Some(dec("0.9999")));
        assert_eq!(dec("0.1").checked_sub(dec("0.2")), None);
        assert!(dec("0.0001") < dec("0.001"));
        assert!(dec("20") > dec("19.99999999"));
    }

    #[test]
    fn minimal_big_endian() {
        assert_eq!(minimal_be(0), vec![0]);
        assert_eq!(minimal_be(100_000_000), vec![0x05, 0xf5, 0xe1, 0x00]);
        assert_eq!(minimal_be(u128::MAX).len(), 16);
    }
}
