//! Ledger's coin list, embedded: the `currencies` module of the npm package
//! `@ledgerhq/cryptoassets` (Apache-2.0), written to `data/ledger-currencies.tsv` by
//! `scripts/cryptoassets.sh` from a pinned version. `table` parses it once into typed
//! [`Coin`]s; `entry` reads a provider's `/currencies` entry and `map` finds the coin it
//! stands for.
//!
//! Tokens are not in the package (Ledger serves them from a remote service): a token maps to
//! the coin of its chain only.

mod entry;
mod map;
mod table;

pub(crate) use entry::CurrencyEntry;
pub(crate) use map::Listed;
pub(crate) use table::{Coin, LedgerList};

use std::sync::OnceLock;

/// The embedded file, as the script wrote it.
pub(crate) const TSV: &str = include_str!("../../data/ledger-currencies.tsv");

/// The embedded list, parsed on first use. The file is checked in and parsed by a unit test,
/// so a parse failure is a build defect: it yields an empty list rather than a panic.
pub(crate) fn list() -> &'static LedgerList {
    static LIST: OnceLock<LedgerList> = OnceLock::new();
    LIST.get_or_init(|| LedgerList::parse(TSV).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_parses_and_names_its_source() {
        let parsed = LedgerList::parse(TSV).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.package, "@ledgerhq/cryptoassets");
        assert_eq!(parsed.licence, "Apache-2.0");
        assert!(!parsed.version.is_empty());
        assert!(parsed.coins.len() > 150, "{}", parsed.coins.len());
        let btc = parsed.coin("bitcoin").unwrap();
        assert_eq!(
            (btc.ticker, btc.decimals, btc.family),
            ("BTC", 8, "bitcoin")
        );
        assert_eq!(btc.app, "Bitcoin");
        let eth = parsed.coin("ethereum").unwrap();
        assert_eq!(
            (eth.ticker, eth.decimals, eth.evm_chain_id),
            ("ETH", 18, Some(1))
        );
        assert_eq!(list().coins.len(), parsed.coins.len());
    }
}
