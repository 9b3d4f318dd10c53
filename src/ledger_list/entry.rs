//! A provider's `/currencies` entry, typed (ledger-integration §4.1 `GET /currencies`):
//! `{id, type, blockchain?, chainId?, contract?}`. `init --discover` and the `ledger_list`
//! check read entries into it, and [`CurrencyEntry::listed`] maps one to Ledger's coin.

use super::map::{Listed, Unmapped, find};
use super::table::LedgerList;
use serde::Deserialize;

/// One entry of `/currencies`. Fields the harness does not read are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct CurrencyEntry {
    /// The provider's id, used in `/pairs` and `/quote`.
    pub(crate) id: String,
    /// `coin` or `token`.
    #[serde(rename = "type")]
    pub(crate) kind: String,
    /// Ledger's `blockchain_name`.
    #[serde(default)]
    pub(crate) blockchain: Option<String>,
    /// The EVM chain id; wins over `blockchain`.
    #[serde(default, rename = "chainId")]
    pub(crate) chain_id: Option<u64>,
    /// The token contract.
    #[serde(default)]
    pub(crate) contract: Option<String>,
}

impl CurrencyEntry {
    /// The coin (or the token's chain) this entry stands for in `list`. An entry of type
    /// `token` is a token even without a contract.
    pub(crate) fn listed<'a>(&self, list: &'a LedgerList) -> Result<Listed<'a>, Unmapped> {
        let contract = self
            .contract
            .as_deref()
            .or((self.kind == "token").then_some(""));
        find(list, self.blockchain.as_deref(), self.chain_id, contract)
    }

    /// How the entry names its chain, for messages: `blockchain bitcoin`, `chainId 1`.
    pub(crate) fn chain_words(&self) -> String {
        match (&self.blockchain, self.chain_id) {
            (_, Some(id)) => format!("chainId {id}"),
            (Some(b), None) => format!("blockchain `{b}`"),
            (None, None) => "no chain".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger_list::list;

    fn entry(json: &str) -> CurrencyEntry {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn reads_the_documented_shapes() {
        let btc = entry(r#"{"id":"BTC","type":"coin","blockchain":"bitcoin"}"#);
        assert_eq!(btc.listed(list()).unwrap().chain().id, "bitcoin");
        let usdc = entry(
            r#"{"id":"USDC","type":"token","blockchain":"ethereum","chainId":1,"contract":"0xa0b8"}"#,
        );
        assert!(matches!(usdc.listed(list()), Ok(Listed::TokenOn(c)) if c.id == "ethereum"));
        assert_eq!(usdc.chain_words(), "chainId 1");
        let bare_token = entry(r#"{"id":"X","type":"token","chainId":1}"#);
        assert!(matches!(bare_token.listed(list()), Ok(Listed::TokenOn(_))));
        let zec = entry(r#"{"id":"zec","type":"coin","blockchain":"zcash-ish"}"#);
        assert!(zec.listed(list()).is_err());
    }
}
