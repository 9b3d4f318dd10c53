//! The text of a discovered profile: YAML with a comment on every value saying where it came
//! from, and `# REPLACE` on every value the provider's lists cannot give (addresses you
//! control, memos, the partner key, a token's ticker and decimals).

use super::address::{MEMO, placeholder, takes_memo};
use super::choose::{Chosen, Side};
use crate::checks::decimal::compare;
use crate::ledger_list::LedgerList;
use std::cmp::Ordering;
use std::fmt::Write as _;

/// A YAML double-quoted scalar (JSON's string escapes are YAML's).
pub(super) fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// `{ Name: "value", ... }` for a section's headers, values as the user wrote them.
pub(super) fn headers(headers: &[(String, String)]) -> String {
    let items: Vec<String> = headers
        .iter()
        .map(|(k, v)| format!("{}: {}", quoted(k), quoted(v)))
        .collect();
    format!("{{ {} }}", items.join(", "))
}

/// The amount to swap: ten times the minimum when that stays within the maximum, else the
/// minimum; with the comment that says so. `None` when `/pairs` gives no usable limits.
pub(super) fn amount(min: Option<&str>, max: Option<&str>) -> Option<(String, String)> {
    let (min, max) = (min?, max?);
    if compare(min, max)? == Ordering::Greater || compare(min, "0")? != Ordering::Greater {
        return None;
    }
    let ten = times_ten(min);
    let within = format!("inside /pairs' limits {min} to {max}");
    Some(match compare(&ten, max) {
        Some(Ordering::Less | Ordering::Equal) => (ten, format!("10 × minSwapAmount, {within}")),
        _ => (min.to_string(), format!("minSwapAmount, {within}")),
    })
}

/// A plain decimal string times ten, exactly.
fn times_ten(d: &str) -> String {
    let (int, frac) = d.split_once('.').unwrap_or((d, ""));
    let mut digits: Vec<char> = int.chars().collect();
    let mut frac = frac.chars();
    digits.push(frac.next().unwrap_or('0'));
    let rest: String = frac.collect();
    let int: String = digits.into_iter().collect::<String>();
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if rest.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{rest}")
    }
}

/// What a side of a pair writes: ticker, decimals, and the comment on each.
struct SideText {
    ticker: String,
    ticker_note: String,
    decimals: String,
    decimals_note: String,
}

fn side_text(side: &Side<'_>, list: &LedgerList) -> SideText {
    let source = list.source();
    match side {
        Side::Coin(c) => SideText {
            ticker: c.ticker.to_string(),
            ticker_note: format!("Ledger's ticker for `{}` ({source})", c.id),
            decimals: c.decimals.to_string(),
            decimals_note: format!("`{}` in Ledger's list", c.id),
        },
        Side::Token { entry, chain } => SideText {
            ticker: entry.id.to_ascii_uppercase(),
            ticker_note: format!(
                "REPLACE: Ledger's ticker for the token {} on `{}` (tokens are not in the embedded list)",
                entry.contract.as_deref().unwrap_or("?"),
                chain.id
            ),
            decimals: "REPLACE".into(),
            decimals_note: "REPLACE: the token's decimals in Ledger's token list".into(),
        },
    }
}

/// One pair, as profile lines indented for `pairs:` (commented out when a side is a token,
/// since its ticker and decimals must be filled in first).
pub(super) fn pair(c: &Chosen<'_>, amount: &(String, String), list: &LedgerList) -> String {
    let (from, to) = (side_text(&c.from, list), side_text(&c.to, list));
    let token = matches!(c.from, Side::Token { .. }) || matches!(c.to, Side::Token { .. });
    let methods = c.pair.trade_methods.join(", ");
    let mut out = format!(
        "    # {} → {}: {} (/pairs: tradeMethod [{methods}])\n",
        c.pair.from,
        c.pair.to,
        c.reasons.join(", ")
    );
    if token {
        out.push_str(
            "    # REPLACE, then uncomment: a token's Ledger ticker and decimals are not in the\n\
             \x20   # embedded list (Ledger serves tokens from its crypto-assets service)\n",
        );
    }
    let (refund, refund_ok) = placeholder(c.from.chain());
    let (payout, payout_ok) = placeholder(c.to.chain());
    let form = |ok: bool| {
        if ok {
            "valid in form only"
        } else {
            "no known form"
        }
    };
    let mut lines = vec![
        (
            format!("- from: {}", quoted(&c.pair.from)),
            "the provider's ids (/pairs)".to_string(),
        ),
        (format!("  to: {}", quoted(&c.pair.to)), String::new()),
        (format!("  amount: {}", quoted(&amount.0)), amount.1.clone()),
        (
            format!("  payload_currency_from: {}", quoted(&from.ticker)),
            from.ticker_note,
        ),
        (
            format!("  payload_currency_to: {}", quoted(&to.ticker)),
            to.ticker_note,
        ),
        (
            format!("  decimals_from: {}", from.decimals),
            from.decimals_note,
        ),
        (format!("  decimals_to: {}", to.decimals), to.decimals_note),
        (
            format!("  refund_address: {}", quoted(&refund)),
            format!(
                "REPLACE: a `{}` address you control ({})",
                c.from.chain().id,
                form(refund_ok)
            ),
        ),
        (
            format!("  payout_address: {}", quoted(&payout)),
            format!(
                "REPLACE: a `{}` address you control ({})",
                c.to.chain().id,
                form(payout_ok)
            ),
        ),
    ];
    for (key, side) in [("refund_extra_id", &c.from), ("payout_extra_id", &c.to)] {
        if takes_memo(side.chain()) {
            lines.push((
                format!("  {key}: {}", quoted(MEMO)),
                format!(
                    "REPLACE: a memo your `{}` account takes, or delete",
                    side.chain().id
                ),
            ));
        }
    }
    let prefix = if token { "    # " } else { "    " };
    for (line, note) in lines {
        let _ = if note.is_empty() {
            writeln!(out, "{prefix}{line}")
        } else {
            writeln!(out, "{prefix}{line:<44} # {note}")
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_stay_inside_the_limits() {
        assert_eq!(times_ten("0.0001"), "0.001");
        assert_eq!(times_ten("10"), "100");
        assert_eq!(times_ten("0.5"), "5");
        assert_eq!(times_ten("1.25"), "12.5");
        let a = amount(Some("0.0001"), Some("20")).unwrap();
        assert_eq!(a.0, "0.001");
        assert_eq!(
            a.1,
            "10 × minSwapAmount, inside /pairs' limits 0.0001 to 20"
        );
        assert_eq!(amount(Some("1"), Some("5")).unwrap().0, "1");
        assert_eq!(amount(Some("5"), Some("1")), None);
        assert_eq!(amount(Some("0"), Some("1")), None);
        assert_eq!(amount(None, Some("1")), None);
        assert_eq!(
            headers(&[("X-API-KEY".into(), "${env:K}".into())]),
            "{ \"X-API-KEY\": \"${env:K}\" }"
        );
    }
}
