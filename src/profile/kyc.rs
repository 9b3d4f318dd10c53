//! `kyc_users:` in the `swap_v1` section: a test user (a bearer token, a secret) per KYC state
//! the seed documents' `/check_quote` documents, so that each documented refusal is exercised.
//!
//! ```yaml
//! swap_v1:
//!   kyc_users:
//!     pending: "${env:ACME_KYC_PENDING_TOKEN}"
//!     upgrade_required: "${env:ACME_KYC_UPGRADE_TOKEN}"
//! ```
//!
//! The codes are ledger-integration §4.2 (the seed page's `/check_quote` error codes):
//! `UNKNOW_USER` (sic), `KYC_UNDEFINED`, `KYC_PENDING`, `KYC_FAILED`, `KYC_UPGRADE_REQUIRED`
//! (one version writes `KYC_UPDRAGE-REQUIRED`), `OVER_TRADE_LIMIT`. `/swap` "in case of error,
//! returns the same payload as /check_quote" (seed-swap).

use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::suggest::did_you_mean;
use crate::yaml::{self, MapReader, Node, NodeKind};

/// A KYC state a test user can be in, each with the code `/check_quote` documents for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KycState {
    /// The token names no user.
    UnknownUser,
    /// The user has not started a KYC.
    Undefined,
    /// The KYC is under validation.
    Pending,
    /// The KYC was refused.
    Failed,
    /// The KYC does not cover the amount: a higher level is needed.
    UpgradeRequired,
    /// The trade is over the user's limit.
    OverLimit,
}

impl KycState {
    pub const ALL: [KycState; 6] = [
        KycState::UnknownUser,
        KycState::Undefined,
        KycState::Pending,
        KycState::Failed,
        KycState::UpgradeRequired,
        KycState::OverLimit,
    ];

    /// The profile's word for it.
    pub fn name(self) -> &'static str {
        match self {
            KycState::UnknownUser => "unknown_user",
            KycState::Undefined => "undefined",
            KycState::Pending => "pending",
            KycState::Failed => "failed",
            KycState::UpgradeRequired => "upgrade_required",
            KycState::OverLimit => "over_limit",
        }
    }

    /// The codes the sources write for it, the usual spelling first.
    pub fn codes(self) -> &'static [&'static str] {
        match self {
            // "UNKNOW_USER" is Ledger's spelling; the corrected one is accepted too.
            KycState::UnknownUser => &["UNKNOW_USER", "UNKNOWN_USER"],
            KycState::Undefined => &["KYC_UNDEFINED"],
            KycState::Pending => &["KYC_PENDING"],
            KycState::Failed => &["KYC_FAILED"],
            KycState::UpgradeRequired => &["KYC_UPGRADE_REQUIRED", "KYC_UPDRAGE-REQUIRED"],
            KycState::OverLimit => &["OVER_TRADE_LIMIT"],
        }
    }

    fn from_name(name: &str) -> Option<KycState> {
        KycState::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// A test user in a KYC state.
#[derive(Debug, Clone, PartialEq)]
pub struct KycUser {
    pub state: KycState,
    /// Sent as `Authorization: Bearer ...` and `bearerToken`; a secret.
    pub bearer_token: String,
    pub span: Span,
}

/// `kyc_users: { <state>: <token>, ... }` of the `swap_v1` section, in the order written.
pub(super) fn load_kyc_users(r: &MapReader<'_>, diags: &mut Vec<Diagnostic>) -> Vec<KycUser> {
    let Some(node) = r.get("kyc_users") else {
        return Vec::new();
    };
    let NodeKind::Map(entries) = &node.kind else {
        diags.push(
            Diagnostic::error(
                node.span,
                "`kyc_users` must be a mapping of KYC states to tokens",
            )
            .with_label(format!("found {}", node.type_name()))
            .with_help("e.g. `kyc_users: { pending: \"${env:ACME_KYC_PENDING_TOKEN}\" }`"),
        );
        return Vec::new();
    };
    let mut out: Vec<KycUser> = Vec::new();
    for (key, value) in entries {
        let word = key.as_scalar().unwrap_or_default();
        let Some(state) = KycState::from_name(word) else {
            let names = KycState::ALL.map(KycState::name);
            diags.push(
                Diagnostic::error(key.span, format!("unknown KYC state `{word}`"))
                    .with_label(format!("expected one of {}", names.join(", ")))
                    .with_suggestion(did_you_mean(word, names)),
            );
            continue;
        };
        let Some(token) = yaml::reader_expect_str(value, "a KYC user's bearer token", diags) else {
            continue;
        };
        if token.is_empty() {
            diags.push(
                Diagnostic::error(value.span, format!("the `{word}` user's token is empty"))
                    .with_label("a bearer token of a test user in this state"),
            );
            continue;
        }
        if out.iter().any(|u| u.bearer_token == token) {
            diags.push(
                Diagnostic::error(
                    value.span,
                    format!("the `{word}` user has another state's token"),
                )
                .with_label("one user per KYC state: a token cannot be in two states"),
            );
            continue;
        }
        out.push(KycUser {
            state,
            bearer_token: token,
            span: key.span,
        });
    }
    out
}

/// The KYC users' tokens written in a profile tree that did not validate, to mask them.
pub(super) fn written_tokens(section: &Node) -> Vec<&Node> {
    let NodeKind::Map(entries) = &section.kind else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|(k, _)| k.as_scalar() == Some("kyc_users"))
        .flat_map(|(_, v)| match &v.kind {
            NodeKind::Map(users) => users.iter().map(|(_, t)| t).collect(),
            _ => Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_a_documented_code() {
        for s in KycState::ALL {
            assert_eq!(KycState::from_name(s.name()), Some(s));
            assert!(!s.codes().is_empty());
        }
        assert_eq!(KycState::Pending.codes(), ["KYC_PENDING"]);
        assert_eq!(KycState::UnknownUser.codes()[0], "UNKNOW_USER");
    }
}
