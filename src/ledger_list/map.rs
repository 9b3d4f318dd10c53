//! From a provider's `/currencies` entry to Ledger's coin.
//!
//! The entry's `blockchain` is Ledger's `blockchain_name`, which may be left out for EVM
//! chains when `chainId` is set, and `chainId` wins when both are given (ledger-integration
//! §4.1 `GET /currencies`). Ledger's currency ids are its blockchain names for coins: an entry
//! maps to the coin whose id is its `blockchain`, or whose EVM chain id is its `chainId`. A
//! token (`contract` given) maps to the coin of its chain; the token itself is not in the
//! embedded list.

use super::table::{Coin, LedgerList};

/// What an entry maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listed<'a> {
    /// A coin of the list: its ticker and decimals are Ledger's.
    Coin(&'a Coin),
    /// A token on this coin's chain (Ledger's token list is remote: ticker and decimals are
    /// not known here).
    TokenOn(&'a Coin),
}

impl<'a> Listed<'a> {
    /// The coin, or the coin of the token's chain.
    #[cfg(test)]
    pub(crate) fn chain(self) -> &'a Coin {
        match self {
            Listed::Coin(c) | Listed::TokenOn(c) => c,
        }
    }
}

/// Why an entry maps to no coin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unmapped {
    /// No EVM coin of the list has this chain id.
    ChainId(u64),
    /// No coin of the list has this id.
    Blockchain(String),
    /// The entry names no chain at all.
    NoChain,
}

impl std::fmt::Display for Unmapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unmapped::ChainId(id) => write!(f, "no EVM coin of Ledger's list has chainId {id}"),
            Unmapped::Blockchain(b) => write!(f, "Ledger's list has no blockchain `{b}`"),
            Unmapped::NoChain => f.write_str("the entry gives neither `blockchain` nor `chainId`"),
        }
    }
}

/// The coin (or token chain) an entry with these fields maps to.
pub(crate) fn find<'a>(
    list: &'a LedgerList,
    blockchain: Option<&str>,
    chain_id: Option<u64>,
    contract: Option<&str>,
) -> Result<Listed<'a>, Unmapped> {
    let coin = match (chain_id, blockchain) {
        (Some(id), _) => list.by_chain_id(id).ok_or(Unmapped::ChainId(id))?,
        (None, Some(b)) => list
            .coin(b)
            .ok_or_else(|| Unmapped::Blockchain(b.to_string()))?,
        (None, None) => return Err(Unmapped::NoChain),
    };
    Ok(match contract {
        Some(_) => Listed::TokenOn(coin),
        None => Listed::Coin(coin),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger_list::list;

    #[test]
    fn maps_by_blockchain_or_chain_id_with_chain_id_winning() {
        let l = list();
        assert_eq!(
            find(l, Some("bitcoin"), None, None).unwrap().chain().ticker,
            "BTC"
        );
        let arb = find(l, Some("ethereum"), Some(42161), None).unwrap();
        assert_eq!(arb, Listed::Coin(l.coin("arbitrum").unwrap()));
        let usdt = find(l, Some("ethereum"), Some(1), Some("0xdac1")).unwrap();
        assert_eq!(usdt, Listed::TokenOn(l.coin("ethereum").unwrap()));
        assert_eq!(
            find(l, Some("stellar"), None, None)
                .unwrap()
                .chain()
                .decimals,
            7
        );
    }

    #[test]
    fn says_why_an_entry_maps_to_nothing() {
        let l = list();
        let e = find(l, Some("zcash-ish"), None, None).unwrap_err();
        assert_eq!(e.to_string(), "Ledger's list has no blockchain `zcash-ish`");
        let e = find(l, None, Some(999_999_999), None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "no EVM coin of Ledger's list has chainId 999999999"
        );
        assert_eq!(find(l, None, None, None).unwrap_err(), Unmapped::NoChain);
    }
}
