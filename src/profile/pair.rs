//! The `pairs:` of a swap section, each read into a typed [`Pair`].

use super::model::Pair;
use crate::diagnostic::Diagnostic;
use crate::plain_decimal::PlainDecimal;
use crate::template::PairKey;
use crate::yaml::{self, MapReader, Node, NodeKind};
use serde_json::Value;

/// Keys a pair must give.
const REQUIRED: &[PairKey] = &[
    PairKey::From,
    PairKey::To,
    PairKey::Amount,
    PairKey::PayloadCurrencyFrom,
    PairKey::PayloadCurrencyTo,
    PairKey::DecimalsFrom,
    PairKey::DecimalsTo,
    PairKey::RefundAddress,
    PairKey::PayoutAddress,
];

/// The error flows' amounts when the profile does not give them: 10^9 coins above.
const ABOVE_MAXIMUM: &str = "1000000000";

/// Reads every pair of the list; a pair with a problem is reported and left out.
pub(super) fn load_pairs(list: &Node, diags: &mut Vec<Diagnostic>) -> Vec<Pair> {
    let items = yaml::reader_expect_seq(list, "pairs", diags);
    if items.is_empty() && matches!(list.kind, NodeKind::Seq(_)) {
        diags.push(
            Diagnostic::error(list.span, "`pairs` is empty")
                .with_help("list at least one pair to exercise"),
        );
    }
    items.iter().filter_map(|p| load_pair(p, diags)).collect()
}

fn load_pair(node: &Node, diags: &mut Vec<Diagnostic>) -> Option<Pair> {
    let known: Vec<&str> = PairKey::ALL.iter().map(|k| k.name()).collect();
    let r = MapReader::new(node, "pair", &known, diags)?;
    let before = diags.len();
    for k in REQUIRED {
        r.required(k.name(), diags);
    }
    // Text sent as is: a list or mapping here would be sent as JSON structure.
    let mut text = |k: PairKey| r.opt_str(k.name(), diags);
    let from = text(PairKey::From);
    let to = text(PairKey::To);
    let payload_currency_from = text(PairKey::PayloadCurrencyFrom);
    let payload_currency_to = text(PairKey::PayloadCurrencyTo);
    let refund_address = text(PairKey::RefundAddress);
    let payout_address = text(PairKey::PayoutAddress);
    let refund_extra_id = text(PairKey::RefundExtraId);
    let payout_extra_id = text(PairKey::PayoutExtraId);
    let decimals_from = decimals(&r, PairKey::DecimalsFrom, diags);
    let decimals_to = decimals(&r, PairKey::DecimalsTo, diags);
    let amount = decimal(&r, PairKey::Amount, diags);
    let kyc_amount = decimal(&r, PairKey::KycAmount, diags);
    let below = decimal(&r, PairKey::AmountBelowMinimum, diags);
    let above = decimal(&r, PairKey::AmountAboveMaximum, diags);
    if diags.len() > before {
        return None;
    }
    let decimals_from = decimals_from?;
    Some(Pair {
        from: from?,
        to: to?,
        amount: amount?,
        payload_currency_from: payload_currency_from?,
        payload_currency_to: payload_currency_to?,
        decimals_from,
        decimals_to: decimals_to?,
        refund_address: refund_address?,
        payout_address: payout_address?,
        refund_extra_id,
        payout_extra_id,
        kyc_amount,
        amount_below_minimum: below.unwrap_or_else(|| one_base_unit(decimals_from)),
        amount_above_maximum: above
            .unwrap_or_else(|| PlainDecimal::parse(ABOVE_MAXIMUM).expect("a plain decimal")),
        span: node.span,
    })
}

/// One base unit of a currency with `decimals` decimals: below any real minimum, still a
/// valid precision.
fn one_base_unit(decimals: u32) -> PlainDecimal {
    let text = match decimals {
        0 => "0".to_string(),
        d => format!("0.{}1", "0".repeat(d as usize - 1)),
    };
    PlainDecimal::parse(&text).expect("a plain decimal")
}

fn decimals(r: &MapReader<'_>, key: PairKey, diags: &mut Vec<Diagnostic>) -> Option<u32> {
    let k = key.name();
    let v = r.opt_u64(k, diags)?;
    if v > 38 {
        diags.push(
            Diagnostic::error(
                r.get(k).map_or(r.span(), |n| n.span),
                format!("`{k}` must be at most 38, found {v}"),
            )
            .with_label("16-byte amounts cannot hold more"),
        );
        return None;
    }
    u32::try_from(v).ok()
}

/// A quoted plain decimal string: a YAML number may lose digits.
fn decimal(r: &MapReader<'_>, key: PairKey, diags: &mut Vec<Diagnostic>) -> Option<PlainDecimal> {
    let k = key.name();
    let n = r.get(k)?;
    // As YAML types it: a plain `1e309` is no number a float can hold, so it stays text.
    let Value::String(text) = n.to_json() else {
        diags.push(
            Diagnostic::error(
                n.span,
                format!("`{k}` must be a quoted decimal string like \"0.01\""),
            )
            .with_label("quote it: a YAML number may lose digits"),
        );
        return None;
    };
    let parsed = PlainDecimal::parse(&text);
    if parsed.is_none() {
        diags.push(
            Diagnostic::error(
                n.span,
                format!("`{k}` must be a decimal string like \"0.01\", found `{text}`"),
            )
            .with_label("not a decimal"),
        );
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn pairs(text: &str) -> (Vec<Pair>, Vec<String>) {
        let node = crate::yaml::parse(FileId(0), text).unwrap();
        let mut diags = Vec::new();
        let p = load_pairs(&node, &mut diags);
        (p, diags.into_iter().map(|d| d.message).collect())
    }

    const PAIR: &str = "- { from: btc, to: eth, amount: \"0.01\", payload_currency_from: BTC, \
        payload_currency_to: ETH, decimals_from: 8, decimals_to: 18, refund_address: a, payout_address: b";

    #[test]
    fn fills_the_error_amounts() {
        let (p, errors) = pairs(&format!("{PAIR} }}"));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(p[0].amount_below_minimum.as_str(), "0.00000001");
        assert_eq!(p[0].amount_above_maximum.as_str(), "1000000000");
        assert_eq!(p[0].refund_extra_id, None);
        assert_eq!(one_base_unit(0).as_str(), "0");
    }

    #[test]
    fn every_amount_is_a_quoted_decimal() {
        let (p, errors) = pairs(&format!(
            "{PAIR}, kyc_amount: 5, amount_below_minimum: \"-1\" }}"
        ));
        assert!(p.is_empty());
        assert_eq!(
            errors,
            [
                "`kyc_amount` must be a quoted decimal string like \"0.01\"",
                "`amount_below_minimum` must be a decimal string like \"0.01\", found `-1`",
            ]
        );
        let (p, _) = pairs(&format!("{PAIR}, kyc_amount: \"5\" }}"));
        assert_eq!(
            p[0].kyc_amount.as_ref().map(PlainDecimal::as_str),
            Some("5")
        );
    }
}
