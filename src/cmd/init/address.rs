//! Address and memo placeholders for a discovered profile: valid in form for the chains whose
//! form the harness knows, so that a provider that checks the form accepts the first run;
//! every one is marked `# REPLACE` in the profile, since a swap needs addresses you control.

use crate::ledger_list::Coin;

/// A placeholder address for `coin`, and whether it is valid in form (`false`: a note the
/// provider will refuse until replaced).
pub(super) fn placeholder(coin: &Coin) -> (String, bool) {
    let known = match (coin.id, coin.family) {
        // BIP-173's example P2WPKH address (valid checksum).
        ("bitcoin", _) => Some("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        // 20 bytes of hex: the form every EVM chain takes.
        (_, "evm") => Some("0x00000000000000000000000000000000c0ffee01"),
        // A G-address (ed25519 public key, StrKey with its checksum).
        (_, "stellar") => Some("GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7"),
        // The XRP Ledger's genesis account.
        (_, "xrp") => Some("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"),
        // The system program's address: 32 zero bytes in base58.
        (_, "solana") => Some("11111111111111111111111111111111"),
        _ => None,
    };
    match known {
        Some(a) => (a.to_string(), true),
        None => (format!("REPLACE-with-a-{}-address", coin.id), false),
    }
}

/// Families whose deposits and refunds may need a memo or tag (the payload's extra ids):
/// Stellar's memo, XRP's destination tag, the memo of Cosmos, EOS, Hedera and TON transfers.
const MEMO_FAMILIES: &[&str] = &["stellar", "xrp", "cosmos", "eos", "hedera", "ton"];

/// Whether transfers of `coin` may need a memo.
pub(super) fn takes_memo(coin: &Coin) -> bool {
    MEMO_FAMILIES.contains(&coin.family)
}

/// A placeholder memo: digits, which every memo family above accepts.
pub(super) const MEMO: &str = "123456";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger_list::list;

    #[test]
    fn known_chains_get_well_formed_addresses() {
        let coin = |id| list().coin(id).unwrap();
        assert_eq!(placeholder(coin("bitcoin")).0.len(), 42);
        assert!(placeholder(coin("arbitrum")).0.starts_with("0x"));
        let (xlm, ok) = placeholder(coin("stellar"));
        assert!(ok && xlm.len() == 56 && xlm.starts_with('G'));
        let (ltc, ok) = placeholder(coin("litecoin"));
        assert!(!ok && ltc == "REPLACE-with-a-litecoin-address");
        assert!(takes_memo(coin("stellar")) && !takes_memo(coin("bitcoin")));
    }
}
