//! The /swap payload check: the device-exact verifier (`crate::swap`) applied to a /swap
//! response, with the expectations taken from the request that was sent and the profile's pair.

use super::Grade as Status;
use crate::profile::{Pair, Section};
use crate::swap::{self, Expectations, RuleStatus, SignatureMode, SwapEvidence, VerifyConfig};
use serde_json::Value;

/// What the payload check sees.
pub(crate) struct PayloadContext<'a> {
    pub section: &'a Section,
    /// The JSON body sent to /swap.
    pub request: Option<&'a Value>,
    pub response: &'a Result<Value, String>,
    pub pair: Option<&'a Pair>,
}

/// One rule's result.
pub(crate) struct RuleResult {
    pub id: String,
    pub status: Status,
    pub message: String,
    pub status_word: Option<String>,
}

fn single(id: &str, status: Status, message: String) -> Vec<RuleResult> {
    vec![RuleResult {
        id: id.to_string(),
        status,
        message,
        status_word: None,
    }]
}

/// Runs every payload rule; returns their results and, for the reports, the decoded payload and
/// the device and Ledger Live gates (typed, never re-read from JSON).
pub(crate) fn evaluate(ctx: &PayloadContext<'_>) -> (Vec<RuleResult>, Option<SwapEvidence>) {
    let mode = ctx.section.signature_mode;
    let (Some(key), Some(curve)) = (&ctx.section.key, ctx.section.curve) else {
        return (
            single(
                "SWAP-SIG-002",
                Status::Error,
                "not run: the profile has no public key and curve".into(),
            ),
            None,
        );
    };
    let body = match ctx.response {
        Ok(b) => b,
        Err(why) => {
            return (
                single(
                    "SWAP-PAYLOAD-001",
                    Status::Fail,
                    format!("no providerSig to check: {why}"),
                ),
                None,
            );
        }
    };
    let cfg = VerifyConfig {
        mode,
        curve,
        public_key: key.clone(),
    };
    let exp = expectations(ctx, mode);
    let verdict = swap::verify_response(body, &cfg, &exp);
    let results = verdict
        .rules
        .iter()
        .map(|r| RuleResult {
            id: r.id.to_string(),
            status: match r.status {
                RuleStatus::Pass => Status::Pass,
                RuleStatus::Warn => Status::Warn,
                RuleStatus::Fail => Status::Fail,
                RuleStatus::Skip => Status::Skip,
            },
            message: r.message.clone(),
            status_word: r.status_word.map(|w| format!("0x{w:04X}")),
        })
        .collect();
    (results, Some(verdict.evidence()))
}

/// The request's values, with the pair's decimals and (for fixed swaps) its amount.
fn expectations(ctx: &PayloadContext<'_>, mode: SignatureMode) -> Expectations {
    let req = |k: &str| {
        ctx.request
            .and_then(|r| r.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let has_refund = req("refundAddress").is_some();
    let has_payout = req("payoutAddress").is_some();
    Expectations {
        nonce: req("nonce").and_then(|n| swap::parse_nonce(&n, mode).ok()),
        refund_address: req("refundAddress"),
        refund_extra_id: if has_refund {
            req("refundAddressExtraId")
        } else {
            None
        },
        payout_address: req("payoutAddress"),
        payout_extra_id: if has_payout {
            req("payoutAddressExtraId")
        } else {
            None
        },
        currency_from: req("payloadCurrencyFrom"),
        currency_to: req("payloadCurrencyTo"),
        amount_from: req("amount").or_else(|| ctx.pair.map(|p| p.amount.to_string())),
        decimals_from: ctx.pair.map(|p| p.decimals_from),
        decimals_to: ctx.pair.map(|p| p.decimals_to),
        fee_len: None,
    }
}
