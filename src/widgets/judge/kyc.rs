//! The KYC widget's answer: `KYC_OK` or a documented `/check_quote` code (WIDGET-KYC-001),
//! that agrees with `/check_quote` for the same user and quote and with the outcome the
//! profile expects for the test user (WIDGET-KYC-002).

use super::Verdicts;
use crate::profile::KYC_CODES;
use crate::widgets::observe::{Contract, Observation};
use serde_json::Value;

/// The widget's answer: the `code` of its last posted message, if any.
pub(crate) fn answer(obs: &Observation) -> Option<String> {
    obs.messages
        .iter()
        .rev()
        .filter(|m| m.via == Contract::PostMessage)
        .find_map(|m| {
            let v: Value = serde_json::from_str(&m.data).ok()?;
            Some(v.get("code")?.as_str()?.to_string())
        })
}

/// WIDGET-KYC-001. Returns the answer when it is a documented code.
pub(crate) fn judge_answer(v: &mut Verdicts, obs: &Observation) -> Option<String> {
    const ID: &str = "WIDGET-KYC-001";
    let closed_only = obs.through(Contract::Bridge).next().is_some();
    match answer(obs) {
        Some(code) if KYC_CODES.contains(&code.as_str()) => {
            v.pass(ID, "kyc_answer", format!("answered `{code}`"));
            Some(code)
        }
        Some(code) => {
            v.fail(
                ID,
                "kyc_answer",
                format!(
                    "answered `{code}`, which is neither `KYC_OK` nor a `/check_quote` code ({})",
                    KYC_CODES[1..].join(", ")
                ),
            );
            None
        }
        None if closed_only => {
            v.pass(ID, "kyc_answer", "exited through `window.ledger` without a code: Ledger Live's code reads the KYC state from `/check_quote`");
            None
        }
        None => {
            v.fail(ID, "kyc_answer", "no `{code}` message: the seed's KYC widget posts `{code: \"KYC_OK\"}` or a `/check_quote` error code");
            None
        }
    }
}

/// WIDGET-KYC-002: `answer` (if the widget gave one) against `/check_quote`'s `checked` code
/// and the profile's `expected`.
pub(crate) fn judge_agreement(
    v: &mut Verdicts,
    answer: Option<&str>,
    checked: Result<(u16, String), String>,
    expected: &str,
) {
    const ID: &str = "WIDGET-KYC-002";
    let (status, checked) = match checked {
        Ok(c) => c,
        Err(e) => {
            v.add(
                ID,
                "kyc_agrees",
                crate::runner::outcome::Status::Error,
                format!("`/check_quote` did not answer: {e}"),
            );
            return;
        }
    };
    let mut wrong = Vec::new();
    if let Some(a) = answer
        && a != checked
    {
        wrong.push(format!("the widget answered `{a}` but `/check_quote` answers `{checked}` ({status}) for the same user and quote"));
    }
    let said = answer.unwrap_or(&checked);
    if said != expected {
        wrong.push(format!(
            "the profile expects `{expected}` for this test user, got `{said}`"
        ));
    }
    if wrong.is_empty() {
        v.pass(
            ID,
            "kyc_agrees",
            format!("`{said}`, as `/check_quote` answers and the profile expects"),
        );
    } else {
        v.fail(ID, "kyc_agrees", wrong.join("; "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::Status;
    use crate::widgets::observe::Message;

    fn verdicts() -> Verdicts {
        Verdicts::new(crate::source::Location {
            file: "p".into(),
            line: 1,
            col: 1,
        })
    }

    #[test]
    fn documented_codes_pass_and_others_fail() {
        let posted = |data: &str| Observation {
            messages: vec![Message {
                via: Contract::PostMessage,
                data: data.into(),
                at_ms: 1,
            }],
            ..Observation::default()
        };
        let mut v = verdicts();
        assert_eq!(
            judge_answer(&mut v, &posted(r#"{"code":"KYC_PENDING"}"#)).as_deref(),
            Some("KYC_PENDING")
        );
        assert_eq!(
            judge_answer(&mut v, &posted(r#"{"code":"KYC_LEVEL_TOO_LOW"}"#)),
            None
        );
        assert_eq!(judge_answer(&mut v, &posted(r#"{"status":"ok"}"#)), None);
        let s: Vec<Status> = v.checks.iter().map(|c| c.status).collect();
        assert_eq!(s, [Status::Pass, Status::Fail, Status::Fail]);
    }

    #[test]
    fn the_answer_must_agree_with_check_quote_and_the_profile() {
        let mut v = verdicts();
        judge_agreement(&mut v, Some("KYC_OK"), Ok((200, "KYC_OK".into())), "KYC_OK");
        judge_agreement(
            &mut v,
            Some("KYC_OK"),
            Ok((403, "KYC_UPGRADE_REQUIRED".into())),
            "KYC_UPGRADE_REQUIRED",
        );
        judge_agreement(&mut v, None, Ok((403, "KYC_PENDING".into())), "KYC_OK");
        let s: Vec<Status> = v.checks.iter().map(|c| c.status).collect();
        assert_eq!(s, [Status::Pass, Status::Fail, Status::Fail]);
        assert!(
            v.checks[1]
                .message
                .contains("`/check_quote` answers `KYC_UPGRADE_REQUIRED`")
        );
    }
}
