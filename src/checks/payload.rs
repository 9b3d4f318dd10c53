//! The `swap_payload` check as a step sees it: [`super::swap_payload`] applied to the /swap
//! response, its rule results turned into verdicts at the check's place.

use super::Evaluation;
use super::swap_payload::{self, PayloadContext};
use crate::profile::{Pair, Section};
use crate::suite::Check;
use serde_json::Value;

/// Every payload rule's verdict, and the decoded payload for the reports.
pub(super) fn evaluate(
    check: &Check,
    section: &Section,
    pair: Option<&Pair>,
    request: Option<&Value>,
    response: &Result<Value, String>,
) -> Evaluation {
    let ctx = PayloadContext {
        section,
        request,
        response,
        pair,
    };
    let (results, decoded_payload) = swap_payload::evaluate(&ctx);
    let verdicts = results
        .into_iter()
        .map(|r| super::Verdict {
            id: r.id.into(),
            check: check.name(),
            grade: r.status,
            message: r.message,
            span: check.span,
            status_word: r.status_word,
        })
        .collect();
    Evaluation {
        verdicts,
        decoded_payload,
    }
}
