//! Deposit (payin) addresses the provider hands out, and the fixed user addresses the
//! profile gives the harness. Valid in shape, obviously for tests, never funded.

use super::catalog::Currency;
use super::ids::IdSource;

/// BIP-173's example P2WPKH address (valid checksum), used as the user's bitcoin address.
pub(crate) const USER_BTC: &str = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
/// An all-test Ethereum address for the user.
pub(crate) const USER_ETH: &str = "0x00000000000000000000000000000000c0ffee01";
/// A Stellar-shaped (G + 55 base32 characters) address for the user.
pub(crate) const USER_XLM: &str = "GREFERENCEPROVIDERTESTACCOUNTAAAAAAAAAAAAAAAAAAAAAAAAAAA";
/// The memo sent with the user's Stellar refund address.
pub(crate) const USER_XLM_MEMO: &str = "123456";

const BECH32: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const HEX: &[u8] = b"0123456789abcdef";
const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const DIGITS: &[u8] = b"0123456789";

/// A fresh deposit address for `currency`, in that chain's format. Bitcoin deposit addresses
/// are P2WPKH (42 characters) or P2WSH (62), at random.
pub(crate) fn payin_address(currency: &Currency, ids: &IdSource) -> String {
    match currency.blockchain {
        "bitcoin" if ids.bytes()[0].is_multiple_of(2) => format!("bc1q{}", ids.string(BECH32, 58)),
        "bitcoin" => format!("bc1q{}", ids.string(BECH32, 38)),
        "stellar" => format!("G{}", ids.string(BASE32, 55)),
        _ => format!("0x{}", ids.string(HEX, 40)),
    }
}

/// A fresh deposit memo (a 10-digit number) for currencies that need one.
pub(crate) fn payin_memo(ids: &IdSource) -> String {
    ids.string(DIGITS, 10)
}

/// A deposit-looking address of exactly `len` characters (bech32 alphabet after `bc1q`).
pub(crate) fn long_address(len: usize, ids: &IdSource) -> String {
    format!("bc1q{}", ids.string(BECH32, len.saturating_sub(4)))
}

/// The user address the profile uses on `currency`'s chain.
pub(crate) fn user_address(currency: &Currency) -> &'static str {
    match currency.blockchain {
        "bitcoin" => USER_BTC,
        "stellar" => USER_XLM,
        _ => USER_ETH,
    }
}

#[cfg(test)]
mod tests {
    use super::super::catalog::CURRENCIES;
    use super::*;

    #[test]
    fn payin_addresses_have_chain_shapes() {
        let ids = IdSource::from_os().unwrap();
        for c in CURRENCIES {
            let a = payin_address(c, &ids);
            assert!(a.len() <= 150);
            match c.blockchain {
                "bitcoin" => assert!(a.len() == 42 || a.len() == 62),
                "stellar" => assert_eq!(a.len(), 56),
                _ => assert_eq!(a.len(), 42),
            }
        }
        assert_eq!(long_address(151, &ids).len(), 151);
        assert_eq!(payin_memo(&ids).len(), 10);
        assert_eq!(USER_XLM.len(), 56);
        assert!(USER_XLM[1..].bytes().all(|b| BASE32.contains(&b)));
    }
}
