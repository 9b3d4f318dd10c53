//! Rules binding the payload to the /swap exchange (SWAP-BIND-001 to -006): the addresses,
//! currencies and amount Ledger Live asked for, and the payin address the JSON announces.
//! Each rule is skipped, never passed, when its expectation is missing.

use super::amount;
use super::expect::Expectations;
use super::outcome::RuleOutcome;
use super::payload::{DecodedPayload, field, field_name, quote};
use super::rules::{
    BIND_AMOUNT, BIND_CURRENCY_FROM, BIND_CURRENCY_TO, BIND_PAYIN, BIND_PAYOUT, BIND_REFUND,
};

const INVALID_ADDRESS: u16 = 0x6A83;

/// The six binding outcomes. `d` is None when the payload did not decode (`why_not` says why);
/// `payin_json` is the response's `payinAddress`.
pub(crate) fn bindings(
    d: Option<&DecodedPayload>,
    why_not: &str,
    payin_json: Option<&str>,
    exp: &Expectations,
) -> Vec<RuleOutcome> {
    let ids = [
        BIND_REFUND,
        BIND_PAYOUT,
        BIND_CURRENCY_FROM,
        BIND_CURRENCY_TO,
        BIND_PAYIN,
        BIND_AMOUNT,
    ];
    let Some(d) = d else {
        return ids
            .into_iter()
            .map(|id| RuleOutcome::skip(id, format!("payload not decoded: {why_not}")))
            .collect();
    };
    vec![
        address(
            d,
            BIND_REFUND,
            (field::REFUND_ADDRESS, field::REFUND_EXTRA_ID),
            exp.refund_address.as_deref(),
            exp.refund_extra_id.as_deref(),
            "refund",
        ),
        address(
            d,
            BIND_PAYOUT,
            (field::PAYOUT_ADDRESS, field::PAYOUT_EXTRA_ID),
            exp.payout_address.as_deref(),
            exp.payout_extra_id.as_deref(),
            "payout",
        ),
        currency(
            d,
            BIND_CURRENCY_FROM,
            field::CURRENCY_FROM,
            exp.currency_from.as_deref(),
        ),
        currency(
            d,
            BIND_CURRENCY_TO,
            field::CURRENCY_TO,
            exp.currency_to.as_deref(),
        ),
        payin(d, payin_json),
        amount_sent(d, exp),
    ]
}

fn address(
    d: &DecodedPayload,
    id: &'static str,
    (addr_field, extra_field): (u32, u32),
    want_addr: Option<&str>,
    want_extra: Option<&str>,
    what: &str,
) -> RuleOutcome {
    let Some(want_addr) = want_addr else {
        return RuleOutcome::skip(
            id,
            format!("no expected {what} address given (pass the /swap request)"),
        );
    };
    let want_extra = want_extra.unwrap_or("");
    let mut problems = Vec::new();
    for (n, want) in [(addr_field, want_addr), (extra_field, want_extra)] {
        let got = d.str_bytes(n);
        if got != want.as_bytes() {
            problems.push(format!(
                "field {n} {}: expected {want:?}, got {}",
                field_name(n),
                quote(d.bytes(n))
            ));
        }
    }
    if problems.is_empty() {
        let extra = if want_extra.is_empty() {
            "no extra id".to_owned()
        } else {
            format!("extra id {want_extra:?}")
        };
        RuleOutcome::pass(
            id,
            format!("{what} address {want_addr:?} and {extra} match the request"),
        )
    } else {
        RuleOutcome::fail_sw(id, problems.join("; "), INVALID_ADDRESS)
    }
}

/// The device's ticker normalization: uppercase, then `USDT20→USDT`, `REP→REPv2`.
pub(crate) fn normalize_ticker(ticker: &str) -> String {
    let upper = ticker.to_ascii_uppercase();
    match upper.as_str() {
        "USDT20" => "USDT".to_owned(),
        "REP" => "REPv2".to_owned(),
        _ => upper,
    }
}

fn currency(d: &DecodedPayload, id: &'static str, n: u32, want: Option<&str>) -> RuleOutcome {
    let Some(want) = want else {
        return RuleOutcome::skip(
            id,
            "no expected payload currency given (pass the /swap request)",
        );
    };
    let got = d.text(n);
    let (norm_got, norm_want) = (normalize_ticker(&got), normalize_ticker(want));
    if norm_got.eq_ignore_ascii_case(&norm_want) {
        RuleOutcome::pass(
            id,
            format!(
                "field {n} {} {got:?} is {norm_want:?} after the device's normalization",
                field_name(n)
            ),
        )
    } else {
        RuleOutcome::fail(
            id,
            format!(
                "field {n} {}: expected {want:?} ({norm_want:?} normalized), got {} ({norm_got:?} normalized)",
                field_name(n),
                quote(d.bytes(n))
            ),
        )
    }
}

/// Everything after the first `:`, as the device strips a `bitcoincash:`-style prefix.
fn strip_prefix(addr: &str) -> (&str, Option<&str>) {
    match addr.split_once(':') {
        Some((prefix, rest)) => (rest, Some(prefix)),
        None => (addr, None),
    }
}

fn payin(d: &DecodedPayload, json: Option<&str>) -> RuleOutcome {
    let Some(json) = json else {
        return RuleOutcome::skip(
            BIND_PAYIN,
            "the response has no string `payinAddress` to compare with",
        );
    };
    let raw = d.text(field::PAYIN_ADDRESS);
    let (stripped, prefix) = strip_prefix(&raw);
    if stripped == json {
        let how = match prefix {
            Some(p) => format!(" after stripping `{p}:` on the payload side, as the device does"),
            None => String::new(),
        };
        return RuleOutcome::pass(
            BIND_PAYIN,
            format!("field 1 payin_address equals payinAddress {json:?}{how}"),
        );
    }
    let (json_stripped, json_prefix) = strip_prefix(json);
    if let Some(p) = json_prefix.filter(|_| json_stripped == stripped) {
        return RuleOutcome::warn(
            BIND_PAYIN,
            format!(
                "field 1 payin_address {raw:?} equals payinAddress {json:?} only after stripping `{p}:` on the JSON side too; the device strips only the payload side"
            ),
        );
    }
    RuleOutcome::fail(
        BIND_PAYIN,
        format!(
            "field 1 payin_address: expected {json:?} (the JSON payinAddress), got {}",
            quote(d.bytes(field::PAYIN_ADDRESS))
        ),
    )
}

fn amount_sent(d: &DecodedPayload, exp: &Expectations) -> RuleOutcome {
    let (Some(text), Some(decimals)) = (exp.amount_from.as_deref(), exp.decimals_from) else {
        let missing = if exp.amount_from.is_none() {
            "amount"
        } else {
            "decimals of the from currency (--decimals-from)"
        };
        return RuleOutcome::skip(BIND_AMOUNT, format!("no expected {missing} given"));
    };
    let ticker = exp
        .currency_from
        .clone()
        .unwrap_or_else(|| d.text(field::CURRENCY_FROM));
    let expected = match amount::parse_decimal(text, decimals) {
        Ok(v) => v,
        Err(e) => return RuleOutcome::fail(BIND_AMOUNT, format!("request amount {e}")),
    };
    let value = d.bytes(field::AMOUNT_TO_PROVIDER);
    let Some(got) = amount::from_be_bytes(value).filter(|_| !value.is_empty()) else {
        return RuleOutcome::skip(
            BIND_AMOUNT,
            "field 9 amount_to_provider is not 1 to 16 bytes (see SWAP-PAYLOAD-009)",
        );
    };
    let show = |v: u128| format!("{v} ({} {ticker})", amount::format_base_units(v, decimals));
    if got == expected {
        RuleOutcome::pass(
            BIND_AMOUNT,
            format!("field 9 amount_to_provider is {} as sent", show(got)),
        )
    } else {
        RuleOutcome::fail(
            BIND_AMOUNT,
            format!(
                "field 9 amount_to_provider: expected {}, got {}",
                show(expected),
                show(got)
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swap::outcome::RuleStatus;
    use crate::swap::payload::{PayloadEncoding, decode_protobuf};
    use crate::swap::testkit::{PAYIN, PAYOUT, Pb, REFUND, good_fields};

    fn decode(pb: Pb) -> DecodedPayload {
        decode_protobuf(pb.into_bytes(), PayloadEncoding::Hex).expect("decodes")
    }

    fn full() -> Expectations {
        Expectations {
            refund_address: Some(REFUND.into()),
            payout_address: Some(PAYOUT.into()),
            currency_from: Some("btc".into()),
            currency_to: Some("ETH".into()),
            amount_from: Some("0.01".into()),
            decimals_from: Some(8),
            ..Expectations::default()
        }
    }

    fn statuses(v: &[RuleOutcome]) -> Vec<RuleStatus> {
        v.iter().map(|o| o.status).collect()
    }

    #[test]
    fn all_bindings_pass_on_a_faithful_payload() {
        let v = bindings(Some(&decode(good_fields())), "", Some(PAYIN), &full());
        assert_eq!(statuses(&v), vec![RuleStatus::Pass; 6], "{v:#?}");
        assert!(
            v[5].message.contains("1000000 (0.01 btc)"),
            "{}",
            v[5].message
        );
    }

    #[test]
    fn skips_without_expectations_or_payload() {
        let v = bindings(
            Some(&decode(good_fields())),
            "",
            None,
            &Expectations::default(),
        );
        assert_eq!(statuses(&v), vec![RuleStatus::Skip; 6]);
        let v = bindings(None, "bad base64", Some(PAYIN), &full());
        assert_eq!(statuses(&v), vec![RuleStatus::Skip; 6]);
        assert!(v[0].message.contains("bad base64"));
    }

    #[test]
    fn mismatches_name_field_expected_and_actual() {
        let d = decode(
            good_fields()
                .string(3, "bc1qother")
                .string(6, "memo")
                .string(7, "LTC")
                .string(8, "usdt20")
                .string(1, "otherpayin")
                .bytes(9, &[0x0f, 0x42, 0x3f]),
        );
        let mut exp = full();
        exp.currency_to = Some("USDT".into());
        let v = bindings(Some(&d), "", Some(PAYIN), &exp);
        assert_eq!(
            statuses(&v),
            vec![
                RuleStatus::Fail,
                RuleStatus::Fail,
                RuleStatus::Fail,
                RuleStatus::Pass,
                RuleStatus::Fail,
                RuleStatus::Fail
            ]
        );
        assert_eq!(
            v[0].message,
            format!(
                "field 3 refund_address: expected {REFUND:?}, got \"bc1qother\" (0x6A83 INVALID_ADDRESS)"
            )
        );
        assert!(
            v[1].message
                .contains("field 6 payout_extra_id: expected \"\", got \"memo\"")
        );
        assert!(
            v[2].message
                .contains("expected \"btc\" (\"BTC\" normalized), got \"LTC\"")
        );
        assert_eq!(
            v[5].message,
            "field 9 amount_to_provider: expected 1000000 (0.01 btc), got 999999 (0.00999999 btc)"
        );
    }

    #[test]
    fn payin_prefix_is_stripped_on_the_payload_side() {
        let d = decode(good_fields().string(1, "bitcoincash:qpayin"));
        let o = payin(&d, Some("qpayin"));
        assert_eq!(o.status, RuleStatus::Pass);
        assert!(
            o.message
                .contains("stripping `bitcoincash:` on the payload side")
        );
        let o = payin(
            &decode(good_fields().string(1, "qpayin")),
            Some("bitcoincash:qpayin"),
        );
        assert_eq!(o.status, RuleStatus::Warn);
        assert!(o.message.contains("JSON side"));
    }

    #[test]
    fn too_precise_amount_fails_clearly() {
        let mut exp = full();
        exp.amount_from = Some("0.000000001".into());
        let o = amount_sent(&decode(good_fields()), &exp);
        assert_eq!(o.status, RuleStatus::Fail);
        assert!(
            o.message
                .contains("9 fractional digits but the currency has only 8 decimals")
        );
    }

    #[test]
    fn tickers_are_normalized_like_the_device() {
        assert_eq!(normalize_ticker("usdt20"), "USDT");
        assert_eq!(normalize_ticker("rep"), "REPv2");
        assert_eq!(normalize_ticker("REPv2"), "REPV2");
        assert_eq!(normalize_ticker("eth"), "ETH");
    }
}
