//! Renders a verdict or a decoded payload for people (one line per rule, then a field table) or
//! as JSON. Pure functions returning text; the caller writes it.
//!
//! ```text
//! PASS SWAP-PAYLOAD-001 object with string `payload` (172 chars) and `signature` (86 chars)
//! FAIL SWAP-PAYLOAD-007 field 12 device_transaction_id_ng: expected 350a…, got 0707… (0x6A82 WRONG_TRANSACTION_ID)
//! …
//! device: refuses at process_transaction with 0x6A82 WRONG_TRANSACTION_ID: …; Ledger Live: refuses (EXPECTED_VALUE_MISMATCH); bindings and guidance: hold: 24 passed, 1 failed, 0 warnings, 0 skipped
//! ```

use colored::Colorize;
use serde::Serialize;

use crate::swap::device::DeviceVerdict;
use crate::swap::gate::{Gate, LedgerLiveVerdict};
use crate::swap::outcome::{RuleOutcome, RuleStatus, SwapVerdict};
use crate::swap::payload::{DecodedPayload, PayloadEncoding};
use crate::swap::rules::rule_info;

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
    if !d.garbled_chars.is_empty() {
        out.push_str(&format!(
            "  note: the device read {} character(s) of the text as 64 (offsets {:?}), garbling protobuf bytes {:?}\n",
            d.garbled_chars.len(),
            d.garbled_chars,
            d.garbled_bytes
        ));
    }
    if let Some(at) = d.zero_tag_at {
        out.push_str(&format!(
            "  note: a zero tag at byte {at} ends the message for the device; the bytes after it are ignored\n"
        ));
    }
    out
}

/// `device: …; Ledger Live: …; bindings and guidance: …`, the gates of a verdict in one line.
pub fn gates_line(v: &SwapVerdict) -> String {
    let live = v.ledger_live();
    let live_text = if live.accepts {
        "accepts".to_owned()
    } else if live.codes.is_empty() {
        format!("refuses ({})", live.reason.as_deref().unwrap_or(""))
    } else {
        format!("refuses ({})", live.codes.join(", "))
    };
    let bindings = if v.bindings_hold() { "hold" } else { "fail" };
    format!(
        "device: {}; Ledger Live: {live_text}; bindings and guidance: {bindings}",
        v.device.summary()
    )
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
    let line = gates_line(v);
    let verdict = if v.passed() {
        line.green().to_string()
    } else if v.device_accepts() {
        line.red().to_string()
    } else {
        line.red().bold().to_string()
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
    gate: Gate,
    title: &'static str,
    source: &'static str,
    fix: Option<&'static str>,
}

#[derive(Serialize)]
struct VerdictJson<'a> {
    device: &'a DeviceVerdict,
    ledger_live: LedgerLiveVerdict,
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
                gate: o.gate(),
                title: info.map_or("", |i| i.title),
                source: info.map_or("", |i| i.source),
                fix: info
                    .filter(|_| matches!(o.status, RuleStatus::Fail | RuleStatus::Warn))
                    .map(|i| i.fix),
            }
        })
        .collect();
    let doc = VerdictJson {
        device: &v.device,
        ledger_live: v.ledger_live(),
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
                RuleOutcome::fail_sw("SWAP-PAYLOAD-007", "nonce differs", 0x6A82)
                    .ll("EXPECTED_VALUE_MISMATCH"),
            ],
            Some(d),
            DeviceVerdict::accepting("test"),
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
        let last = text.lines().last().expect("a last line");
        assert!(
            last.starts_with("device: accepts (test); Ledger Live: refuses (EXPECTED_VALUE_MISMATCH); bindings and guidance: hold: 1 passed, 1 failed"),
            "{last}"
        );
    }

    #[test]
    fn json_report_embeds_catalogue_data() {
        let json: serde_json::Value =
            serde_json::from_str(&verdict_json(&verdict())).expect("json");
        assert_eq!(json["device"]["accepts"], true);
        assert!(json["device"]["status_word"].is_null());
        assert_eq!(json["ledger_live"]["accepts"], false);
        assert_eq!(json["rules"][1]["gate"], "device");
        assert_eq!(json["rules"][1]["status"], "fail");
        assert_eq!(json["rules"][1]["status_word"], 0x6A82);
        assert!(json["rules"][1]["fix"].as_str().is_some());
        assert!(json["rules"][0]["fix"].is_null());
        assert_eq!(json["decoded"]["fields"][0]["name"], "payin_address");
    }
}
