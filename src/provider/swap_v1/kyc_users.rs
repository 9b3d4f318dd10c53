//! The reference provider's KYC test users: one bearer token per KYC state the seed page's
//! `/check_quote` documents, refused by `/check_quote` and `/swap` with that state's code
//! (ledger-integration §4.2). The unknown user is any token the provider does not know.

use super::V1Error;
use crate::provider::faults::Fault;
use crate::provider::state::ProviderState;
use axum::http::StatusCode;

/// `(profile state, token, code, error)` of each test user the provider knows. The
/// unknown-user token names no user at all (see [`super::check_bearer`]).
pub(crate) const KYC_USERS: &[(&str, &str, &str, &str)] = &[
    (
        "undefined",
        "reference-kyc-undefined-token",
        "KYC_UNDEFINED",
        "no KYC was started",
    ),
    (
        "pending",
        "reference-kyc-pending-token",
        "KYC_PENDING",
        "Your KYC is under validation",
    ),
    (
        "failed",
        "reference-kyc-failed-token",
        "KYC_FAILED",
        "your KYC was refused",
    ),
    (
        "upgrade_required",
        "reference-kyc-upgrade-token",
        "KYC_UPGRADE_REQUIRED",
        "your KYC level does not cover this trade",
    ),
    (
        "over_limit",
        "reference-kyc-over-limit-token",
        "OVER_TRADE_LIMIT",
        "this trade is over your limit",
    ),
];

/// The token of the unknown user in the reference profile.
pub(crate) const UNKNOWN_USER_TOKEN: &str = "reference-kyc-unknown-user-token";

/// `Some(refusal)` when `token` is a KYC test user's; `None` for any other token. Under
/// `v1-kyc-pending-accepted`, the pending user is answered as if its KYC were complete.
pub(crate) fn refusal(state: &ProviderState, token: &str) -> Option<V1Error> {
    let &(name, _, code, error) = KYC_USERS.iter().find(|(_, t, _, _)| *t == token)?;
    if name == "pending" && state.has(Fault::V1KycPendingAccepted) {
        return None;
    }
    Some(V1Error::new(StatusCode::FORBIDDEN, code, error))
}
