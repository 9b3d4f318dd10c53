//! Renders a verdict or a decoded payload for people (one line per rule, then a field table) or
//! as JSON. Pure functions returning text; the caller writes it.
//!
//! ```text
//! PASS SWAP-PAYLOAD-001 object with string `payload` (172 chars) and `signature` (86 chars)
//! FAIL SWAP-PAYLOAD-007 field 12 device_transaction_id_ng: expected 350a…, got 0707… (0x6A82 WRONG_TRANSACTION_ID)
//! ```

use colored::Colorize;
use serde::Serialize;

use super::outcome::{RuleOutcome, RuleStatus, SwapVerdict};
use super::payload::{DecodedPayload, PayloadEncoding};
use super::rules::rule_info;

fn label(status: RuleStatus) -> String {
    let text = status.label();
    match status {
        RuleStatus::Pass => text.green().to_string(),
        RuleStatus::Fail => text.red().bold().to_string(),
        RuleStatus::Warn => text.yellow().to_string(),
        RuleStatus::Skip => text.dimmed().to_string(),
    }
}

/// The field table of a decoded payload, one row per field, with a heading.
pub fn payload_table(d: &DecodedPayload) -> String {
    let encoding = match d.encoding {
        PayloadEncoding::Base64url => "base64url",
        PayloadEncoding::Hex => "hex",
    };
    let mut out = format!(
        "decoded payload ({encoding}, {} protobuf bytes):\n",
        d.protobuf.len()
    );
    let rows = d.field_rows();
    if rows.is_empty() {
        out.push_str("  (no fields)\n");
    }
    for (number, name, value) in rows {
        out.push_str(&format!("  {number:>3}  {name:<25} {value}\n"));
    }
    out
}

/// Human report of a verdict: each rule, the field table, and a summary line.
pub fn verdict_human(v: &SwapVerdict) -> String {
    let mut out = String::new();
    for o in &v.rules {
        out.push_str(&format!("{} {} {}\n", label(o.status), o.id, o.message));
    }
    out.push('\n');
    match &v.decoded {
        Some(d) => out.push_str(&payload_table(d)),
        None => out.push_str("decoded payload: none (the payload did not decode)\n"),
    }
    let (pass, fail, warn, skip) = v.counts();
    let verdict = if v.passed() {
        "the device would accept this response".green().to_string()
    } else if v.device_accepts() {
        "the device would accept the payload, but it does not match the exchange"
            .red()
            .to_string()
    } else {
        "the device would reject this response"
            .red()
            .bold()
            .to_string()
    };
    out.push_str(&format!(
        "\n{verdict}: {pass} passed, {fail} failed, {warn} warnings, {skip} skipped\n"
    ));
    out
}

#[derive(Serialize)]
struct RuleJson<'a> {
    #[serde(flatten)]
    outcome: &'a RuleOutcome,
    title: &'static str,
    source: &'static str,
    fix: Option<&'static str>,
}

#[derive(Serialize)]
struct VerdictJson<'a> {
    device_accepts: bool,
    bindings_hold: bool,
    passed: bool,
    rules: Vec<RuleJson<'a>>,
    decoded: Option<&'a DecodedPayload>,
}

/// JSON report of a verdict: the outcomes with their catalogue title, source, and the fix when
/// the rule failed or warned.
pub fn verdict_json(v: &SwapVerdict) -> String {
    let rules = v
        .rules
        .iter()
        .map(|o| {
            let info = rule_info(o.id);
            RuleJson {
                outcome: o,
                title: info.map_or("", |i| i.title),
                source: info.map_or("", |i| i.source),
                fix: info
                    .filter(|_| matches!(o.status, RuleStatus::Fail | RuleStatus::Warn))
                    .map(|i| i.fix),
            }
        })
        .collect();
    let doc = VerdictJson {
        device_accepts: v.device_accepts(),
        bindings_hold: v.bindings_hold(),
        passed: v.passed(),
        rules,
        decoded: v.decoded.as_ref(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swap::payload::decode_protobuf;
    use crate::swap::testkit::good_fields;

    fn verdict() -> SwapVerdict {
        let d =
            decode_protobuf(good_fields().into_bytes(), PayloadEncoding::Base64url).expect("ok");
        SwapVerdict::new(
            vec![
                RuleOutcome::pass("SWAP-PAYLOAD-001", "ok"),
                RuleOutcome::fail_sw("SWAP-PAYLOAD-007", "nonce differs", 0x6A82),
            ],
            Some(d),
        )
    }

    #[test]
    fn human_report_lists_rules_and_fields() {
        colored::control::set_override(false);
        let text = verdict_human(&verdict());
        assert!(text.starts_with("PASS SWAP-PAYLOAD-001 ok\nFAIL SWAP-PAYLOAD-007 nonce differs (0x6A82 WRONG_TRANSACTION_ID)\n"));
        assert!(
            text.contains("    9  amount_to_provider        0x0f4240 = 1000000\n"),
            "{text}"
        );
        assert!(text.contains("the device would reject this response: 1 passed, 1 failed"));
    }

    #[test]
    fn json_report_embeds_catalogue_data() {
        let json: serde_json::Value =
            serde_json::from_str(&verdict_json(&verdict())).expect("json");
        assert_eq!(json["device_accepts"], false);
        assert_eq!(json["rules"][1]["status"], "fail");
        assert_eq!(json["rules"][1]["status_word"], 0x6A82);
        assert!(json["rules"][1]["fix"].as_str().is_some());
        assert!(json["rules"][0]["fix"].is_null());
        assert_eq!(json["decoded"]["fields"][0]["name"], "payin_address");
    }
}
