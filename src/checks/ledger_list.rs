//! The `ledger_list` check: the collected `/currencies` entries (a paginated step's items)
//! against Ledger's embedded coin list.
//!
//! - `currencies`: every entry maps to a coin of the list, by its chain (LIST-CUR-001); one
//!   that maps to none is a currency Ledger Live cannot offer.
//! - `tickers`, `decimals`: the pair's `payload_currency_*` and `decimals_*` are Ledger's for
//!   the coins the pair's entries map to (LIST-PAIR-001, LIST-PAIR-002). A token's ticker and
//!   decimals are not in the embedded list: that side is not checked, and the message says so.

use super::verdict::{Grade, Judgement};
use crate::ledger_list::{Coin, CurrencyEntry, LedgerList, Listed, list};
use crate::profile::Pair;
use crate::suite::ListCheck;
use serde::Deserialize;
use serde_json::Value;

/// What a paginated step's checks see.
#[derive(Deserialize)]
struct Collected {
    items: Vec<Value>,
}

/// Judges `which` on the collected items `json` (`{"items": [...]}`).
pub(super) fn judge(
    which: ListCheck,
    pair: Option<&Pair>,
    json: &Result<Value, String>,
) -> Judgement {
    let entries = match entries(json) {
        Ok(e) => e,
        Err(why) => return Judgement::with(Grade::Error, why),
    };
    let l = list();
    match (which, pair) {
        (ListCheck::Currencies, _) => currencies(&entries, l),
        (_, None) => Judgement::with(Grade::Error, "not run: needs a `for_each: pair` flow"),
        (ListCheck::Tickers, Some(p)) => pair_sides(p, &entries, l, Field::Ticker),
        (ListCheck::Decimals, Some(p)) => pair_sides(p, &entries, l, Field::Decimals),
    }
}

/// The entries of the collected items; entries not of the documented shape are left to the
/// schema check (SWAP-CUR-002).
fn entries(json: &Result<Value, String>) -> Result<Vec<CurrencyEntry>, String> {
    let value = json.as_ref().map_err(|e| format!("not run: {e}"))?;
    let collected = Collected::deserialize(value)
        .map_err(|_| "not run: needs the collected items of a paginated /currencies step")?;
    Ok(collected
        .items
        .into_iter()
        .filter_map(|v| CurrencyEntry::deserialize(v).ok())
        .collect())
}

fn currencies(entries: &[CurrencyEntry], l: &LedgerList) -> Judgement {
    let unmapped: Vec<String> = entries
        .iter()
        .filter_map(|e| {
            e.listed(l)
                .err()
                .map(|why| format!("`{}` ({}): {why}", e.id, e.chain_words()))
        })
        .collect();
    if !unmapped.is_empty() {
        return Judgement::fail(format!(
            "{} of {} entries map to no currency of Ledger's list ({}), so Ledger Live cannot offer them: {}",
            unmapped.len(),
            entries.len(),
            l.source(),
            unmapped.join("; ")
        ));
    }
    let tokens = entries
        .iter()
        .filter(|e| matches!(e.listed(l), Ok(Listed::TokenOn(_))))
        .count();
    Judgement::pass(format!(
        "all {} entries map to Ledger's list ({}): {} coin(s), {tokens} token(s) by their chain",
        entries.len(),
        l.source(),
        entries.len() - tokens
    ))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Ticker,
    Decimals,
}

/// What one side of the pair says against what the list says.
enum Side {
    Agrees(String),
    Differs(String),
    /// Nothing to compare with (a token, or an entry that is missing or unmapped).
    Unchecked(String),
}

fn side(
    label: &str,
    id: &str,
    written: (&str, u32),
    entries: &[CurrencyEntry],
    l: &LedgerList,
    field: Field,
) -> Side {
    let Some(entry) = entries.iter().find(|e| e.id == id) else {
        return Side::Unchecked(format!("`{id}` is not in /currencies"));
    };
    let coin: &Coin = match entry.listed(l) {
        Ok(Listed::Coin(c)) => c,
        Ok(Listed::TokenOn(c)) => {
            return Side::Unchecked(format!(
                "`{id}` is a token on `{}`, whose ticker and decimals the embedded list does not hold",
                c.id
            ));
        }
        Err(why) => return Side::Unchecked(format!("`{id}`: {why}")),
    };
    let what = format!(
        "`{id}` is Ledger's `{}` ({} in /currencies)",
        coin.id,
        entry.chain_words()
    );
    match field {
        Field::Ticker if written.0 == coin.ticker => {
            Side::Agrees(format!("payload_currency_{label} {}: {what}", coin.ticker))
        }
        Field::Ticker => Side::Differs(format!(
            "payload_currency_{label} is `{}`, expected `{}`: {what}, whose ticker Ledger sends and the coin app compares",
            written.0, coin.ticker
        )),
        Field::Decimals if written.1 == coin.decimals => {
            Side::Agrees(format!("decimals_{label} {}: {what}", coin.decimals))
        }
        Field::Decimals => Side::Differs(format!(
            "decimals_{label} is {}, expected {}: {what}, whose amounts have {} decimals",
            written.1, coin.decimals, coin.decimals
        )),
    }
}

fn pair_sides(p: &Pair, entries: &[CurrencyEntry], l: &LedgerList, field: Field) -> Judgement {
    let sides = [
        side(
            "from",
            &p.from,
            (&p.payload_currency_from, p.decimals_from),
            entries,
            l,
            field,
        ),
        side(
            "to",
            &p.to,
            (&p.payload_currency_to, p.decimals_to),
            entries,
            l,
            field,
        ),
    ];
    let differs: Vec<&str> = sides
        .iter()
        .filter_map(|s| match s {
            Side::Differs(m) => Some(m.as_str()),
            _ => None,
        })
        .collect();
    if !differs.is_empty() {
        return Judgement::fail(format!(
            "the profile's pair {}: {}",
            arrow(p),
            differs.join("; ")
        ));
    }
    let agrees: Vec<&str> = sides
        .iter()
        .filter_map(|s| match s {
            Side::Agrees(m) => Some(m.as_str()),
            _ => None,
        })
        .collect();
    let unchecked: Vec<&str> = sides
        .iter()
        .filter_map(|s| match s {
            Side::Unchecked(m) => Some(m.as_str()),
            _ => None,
        })
        .collect();
    if agrees.is_empty() {
        return Judgement::with(
            Grade::Skip,
            format!("not checked for {}: {}", arrow(p), unchecked.join("; ")),
        );
    }
    let mut message = format!(
        "{} agrees with Ledger's list ({}): {}",
        arrow(p),
        l.source(),
        agrees.join("; ")
    );
    if !unchecked.is_empty() {
        message.push_str(&format!("; not checked: {}", unchecked.join("; ")));
    }
    Judgement::pass(message)
}

fn arrow(p: &Pair) -> String {
    format!("{} → {}", p.from, p.to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn items(v: Value) -> Result<Value, String> {
        Ok(json!({ "items": v, "pages": 1 }))
    }

    fn listed() -> Result<Value, String> {
        items(json!([
            { "id": "btc", "type": "coin", "blockchain": "bitcoin" },
            { "id": "eth", "type": "coin", "chainId": 1 },
            { "id": "usdt", "type": "token", "blockchain": "ethereum", "chainId": 1, "contract": "0xdac1" },
        ]))
    }

    fn pair(from: &str, to: &str, tickers: (&str, &str), decimals: (u32, u32)) -> Pair {
        let one = crate::plain_decimal::PlainDecimal::parse("1").unwrap();
        Pair {
            from: from.into(),
            to: to.into(),
            amount: one.clone(),
            payload_currency_from: tickers.0.into(),
            payload_currency_to: tickers.1.into(),
            decimals_from: decimals.0,
            decimals_to: decimals.1,
            refund_address: "a".into(),
            payout_address: "b".into(),
            refund_extra_id: None,
            payout_extra_id: None,
            kyc_amount: None,
            amount_below_minimum: one.clone(),
            amount_above_maximum: one,
            span: crate::source::Span::default(),
        }
    }

    #[test]
    fn every_currency_maps_or_is_named() {
        let ok = judge(ListCheck::Currencies, None, &listed());
        assert_eq!(ok.grade, Grade::Pass);
        assert!(ok.message.contains("all 3 entries map"), "{}", ok.message);
        assert!(ok.message.contains("2 coin(s), 1 token(s)"));
        let bad = items(json!([
            { "id": "btc", "type": "coin", "blockchain": "bitcoin" },
            { "id": "plasma", "type": "coin", "blockchain": "plasmaverse" },
        ]));
        let j = judge(ListCheck::Currencies, None, &bad);
        assert_eq!(j.grade, Grade::Fail);
        assert!(
            j.message.starts_with("1 of 2 entries map to no currency of Ledger's list")
                && j.message.contains("Ledger Live cannot offer them: `plasma` (blockchain `plasmaverse`): Ledger's list has no blockchain `plasmaverse`"),
            "{}",
            j.message
        );
    }

    #[test]
    fn tickers_and_decimals_are_ledgers_with_the_expected_value_named() {
        let good = pair("btc", "eth", ("BTC", "ETH"), (8, 18));
        assert_eq!(
            judge(ListCheck::Tickers, Some(&good), &listed()).grade,
            Grade::Pass
        );
        assert_eq!(
            judge(ListCheck::Decimals, Some(&good), &listed()).grade,
            Grade::Pass
        );
        let wrong = pair("btc", "eth", ("XBT", "ETH"), (8, 8));
        let t = judge(ListCheck::Tickers, Some(&wrong), &listed());
        assert_eq!(t.grade, Grade::Fail);
        assert!(
            t.message
                .contains("payload_currency_from is `XBT`, expected `BTC`"),
            "{}",
            t.message
        );
        let d = judge(ListCheck::Decimals, Some(&wrong), &listed());
        assert!(
            d.message.contains("decimals_to is 8, expected 18"),
            "{}",
            d.message
        );
    }

    #[test]
    fn a_token_side_is_said_to_be_unchecked() {
        let p = pair("btc", "usdt", ("BTC", "USDT"), (8, 6));
        let j = judge(ListCheck::Tickers, Some(&p), &listed());
        assert_eq!(j.grade, Grade::Pass);
        assert!(
            j.message
                .contains("not checked: `usdt` is a token on `ethereum`"),
            "{}",
            j.message
        );
        let both = pair("usdt", "usdt", ("USDT", "USDT"), (6, 6));
        assert_eq!(
            judge(ListCheck::Tickers, Some(&both), &listed()).grade,
            Grade::Skip
        );
        let none = judge(ListCheck::Tickers, None, &listed());
        assert_eq!(none.grade, Grade::Error);
        let unpaged = judge(
            ListCheck::Currencies,
            None,
            &Ok(json!({ "currencies": [] })),
        );
        assert_eq!(unpaged.grade, Grade::Error);
    }
}
