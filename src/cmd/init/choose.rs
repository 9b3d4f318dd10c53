//! Which pairs a discovered profile exercises: at most a few that cover what differs between
//! pairs (coin to coin, coin to token, token to coin, a chain that needs a memo, each trade
//! method advertised), then pairs that bring a currency not yet covered.

use super::address::takes_memo;
use super::listing::PairEntry;
use crate::ledger_list::{Coin, CurrencyEntry, LedgerList, Listed};

/// One side of a pair, as Ledger's list knows it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Side<'a> {
    Coin(&'a Coin),
    /// A token: its chain's coin is known, its ticker and decimals are not (the token list is
    /// not embedded).
    Token {
        entry: &'a CurrencyEntry,
        chain: &'a Coin,
    },
}

impl<'a> Side<'a> {
    pub(super) fn chain(&self) -> &'a Coin {
        match self {
            Side::Coin(c) | Side::Token { chain: c, .. } => c,
        }
    }

    fn is_token(&self) -> bool {
        matches!(self, Side::Token { .. })
    }
}

/// A pair whose both sides map, with why it was chosen.
#[derive(Debug, Clone)]
pub(super) struct Chosen<'a> {
    pub(super) pair: &'a PairEntry,
    pub(super) from: Side<'a>,
    pub(super) to: Side<'a>,
    pub(super) reasons: Vec<&'static str>,
}

/// Maps each pair's currencies; a pair that cannot be mapped is left out, with why.
pub(super) fn classify<'a>(
    pairs: &'a [PairEntry],
    currencies: &'a [CurrencyEntry],
    list: &'a LedgerList,
) -> (Vec<Chosen<'a>>, Vec<String>) {
    let side = |id: &str| -> Result<Side<'a>, String> {
        let entry = currencies
            .iter()
            .find(|c| c.id == id)
            .ok_or_else(|| format!("`{id}` is not in /currencies"))?;
        match entry.listed(list) {
            Ok(Listed::Coin(c)) => Ok(Side::Coin(c)),
            Ok(Listed::TokenOn(chain)) => Ok(Side::Token { entry, chain }),
            Err(why) => Err(format!("`{id}` ({}): {why}", entry.chain_words())),
        }
    };
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for pair in pairs {
        match (side(&pair.from), side(&pair.to)) {
            (Ok(from), Ok(to)) => out.push(Chosen {
                pair,
                from,
                to,
                reasons: Vec::new(),
            }),
            (from, to) => {
                let why: Vec<String> = [from.err(), to.err()].into_iter().flatten().collect();
                skipped.push(format!(
                    "pair {} → {}: {}",
                    pair.from,
                    pair.to,
                    why.join("; ")
                ));
            }
        }
    }
    (out, skipped)
}

/// What each pick stands for, in order.
const KINDS: [&str; 6] = [
    "coin to coin",
    "coin to token",
    "token to coin",
    "a chain that needs a memo",
    "fixed rate",
    "floating rate",
];

fn fits(c: &Chosen<'_>, kind: &str) -> bool {
    let has = |m: &str| c.pair.trade_methods.iter().any(|t| t == m);
    match kind {
        "coin to coin" => !c.from.is_token() && !c.to.is_token(),
        "coin to token" => !c.from.is_token() && c.to.is_token(),
        "token to coin" => c.from.is_token() && !c.to.is_token(),
        "a chain that needs a memo" => takes_memo(c.from.chain()) || takes_memo(c.to.chain()),
        "fixed rate" => has("fixed"),
        "floating rate" => has("float"),
        _ => false,
    }
}

/// At most `max` representative pairs, each with the kinds it stands for.
pub(super) fn choose<'a>(candidates: Vec<Chosen<'a>>, max: usize) -> Vec<Chosen<'a>> {
    let mut chosen: Vec<Chosen<'a>> = Vec::new();
    let mut rest = candidates;
    for kind in KINDS {
        if chosen.len() >= max {
            break;
        }
        if let Some(c) = chosen.iter_mut().find(|c| fits(c, kind)) {
            c.reasons.push(kind);
            continue;
        }
        if let Some(i) = rest.iter().position(|c| fits(c, kind)) {
            let mut c = rest.remove(i);
            c.reasons.push(kind);
            chosen.push(c);
        }
    }
    // Then pairs that bring a currency not covered yet (tokens stay out: they need editing).
    while chosen.len() < max {
        let covered: Vec<&str> = chosen
            .iter()
            .flat_map(|c| [c.pair.from.as_str(), c.pair.to.as_str()])
            .collect();
        let Some(i) = rest.iter().position(|c| {
            !c.from.is_token()
                && !c.to.is_token()
                && (!covered.contains(&c.pair.from.as_str())
                    || !covered.contains(&c.pair.to.as_str()))
        }) else {
            break;
        };
        let mut c = rest.remove(i);
        c.reasons.push("another currency");
        chosen.push(c);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger_list::list;

    fn currency(id: &str, blockchain: &str, contract: Option<&str>) -> CurrencyEntry {
        CurrencyEntry {
            id: id.into(),
            kind: if contract.is_some() { "token" } else { "coin" }.into(),
            blockchain: Some(blockchain.into()),
            chain_id: None,
            contract: contract.map(Into::into),
        }
    }

    fn pair(from: &str, to: &str, methods: &[&str]) -> PairEntry {
        PairEntry {
            from: from.into(),
            to: to.into(),
            trade_methods: methods.iter().map(|m| m.to_string()).collect(),
            min: Some("1".into()),
            max: Some("2".into()),
        }
    }

    #[test]
    fn picks_one_pair_per_kind_and_says_what_it_skipped() {
        let currencies = [
            currency("btc", "bitcoin", None),
            currency("eth", "ethereum", None),
            currency("usdt", "ethereum", Some("0xdac1")),
            currency("xlm", "stellar", None),
            currency("zec", "zcash-ish", None),
            currency("ltc", "litecoin", None),
        ];
        let pairs = [
            pair("btc", "eth", &["fixed"]),
            pair("eth", "btc", &["fixed"]),
            pair("btc", "usdt", &["fixed"]),
            pair("usdt", "btc", &["float"]),
            pair("xlm", "btc", &["fixed"]),
            pair("btc", "zec", &["fixed"]),
            pair("btc", "doge", &["fixed"]),
            pair("ltc", "btc", &["fixed"]),
        ];
        let (candidates, skipped) = classify(&pairs, &currencies, list());
        assert_eq!(
            skipped,
            [
                "pair btc → zec: `zec` (blockchain `zcash-ish`): Ledger's list has no blockchain `zcash-ish`",
                "pair btc → doge: `doge` is not in /currencies",
            ]
        );
        let chosen = choose(candidates, 6);
        let names: Vec<(String, Vec<&str>)> = chosen
            .iter()
            .map(|c| (format!("{}→{}", c.pair.from, c.pair.to), c.reasons.clone()))
            .collect();
        assert_eq!(
            names,
            [
                ("btc→eth".into(), vec!["coin to coin", "fixed rate"]),
                ("btc→usdt".into(), vec!["coin to token"]),
                ("usdt→btc".into(), vec!["token to coin", "floating rate"]),
                ("xlm→btc".into(), vec!["a chain that needs a memo"]),
                ("ltc→btc".into(), vec!["another currency"]),
            ]
        );
        assert_eq!(choose(classify(&pairs, &currencies, list()).0, 2).len(), 2);
    }
}
