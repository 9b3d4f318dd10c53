//! The faults that do not apply under a variant, and why: the variant takes away what the
//! fault corrupts, or changes the answer so that the fault shows as another defect. Each row
//! gives a reason a reviewer can check against the fault's and the variant's rows (`serve
//! --list-faults`, `--list-variants`); the trial `variants::does_not_apply::FAULT::VARIANT`
//! shows that it is still needed.

use provider_conformance::provider::{Fault, Variant};

/// A fault that does not show exactly its ids under a variant.
pub(crate) struct NotApplicable {
    pub fault: &'static str,
    pub variant: &'static str,
    pub why: &'static str,
}

const fn row(fault: &'static str, variant: &'static str, why: &'static str) -> NotApplicable {
    NotApplicable {
        fault,
        variant,
        why,
    }
}

pub(crate) const DOES_NOT_APPLY: &[NotApplicable] = &[
    // The signed payload.
    row(
        "leading-dot",
        "v1-compact-jws",
        "the compact form `.<payload>.<signature>` of a payload that starts with `.` has four parts: it is no JWS at all and fails SWAP-PAYLOAD-001 before the payload is read",
    ),
    row(
        "long-payin-address",
        "16-byte-amounts",
        "the 151-character address plus 16-byte amounts make a 475-character payload: SWAP-PAYLOAD-011 rightly warns that it is within 10% of the 497-character limit",
    ),
    row(
        "long-payin-address",
        "unknown-protobuf-field",
        "the 151-character address plus the unknown field bring the payload within 10% of the 497-character limit: SWAP-PAYLOAD-011 rightly warns",
    ),
    row(
        "long-payin-address",
        "explicit-empty-fields",
        "the 151-character address plus the empty fields bring the payload within 10% of the 497-character limit: SWAP-PAYLOAD-011 rightly warns",
    ),
    // Trade methods: a provider with one method has no quote or swap of the other.
    row(
        "quote-missing-expiry",
        "float-only",
        "SWAP-QUOTE-005 is a fixed quote's validity, and a float-only provider makes no fixed quote (the float quote still fails SWAP-QUOTE-002)",
    ),
    row(
        "quote-short-expiry",
        "float-only",
        "SWAP-QUOTE-005 is a fixed quote's validity, and a float-only provider makes no fixed quote",
    ),
    row(
        "quote-missing-quote-id",
        "float-only",
        "a float-only provider makes no fixed quote whose quoteId could be missing",
    ),
    row(
        "fixed-quote-is-float",
        "float-only",
        "a float-only provider makes no fixed quote to mislabel",
    ),
    row(
        "float-quote-is-fixed",
        "fixed-only",
        "/pairs advertises only fixed, so no float quote is asked for",
    ),
    row(
        "swap-201",
        "fixed-only",
        "no float swap is made (SWAP-SWAP-004), /pairs advertising only fixed",
    ),
    row(
        "swap-201",
        "float-only",
        "no fixed swap is made (SWAP-SWAP-001), /pairs advertising only float",
    ),
    row(
        "reused-swap-id",
        "float-only",
        "the status of a float swap names no quote, so the reused id's status made from another quote (SWAP-STATUS-005) cannot show; SWAP-SWAP-003 still fails in the float flow",
    ),
    row(
        "status-wrong-quote-id",
        "float-only",
        "a float swap is made from no quote id, so no quoteId of its status can be compared",
    ),
    // /pairs that no longer advertises the pair's one method: both methods are tried (silence
    // is no reason), and the provider refuses the one it does not offer.
    row(
        "missing-profile-pair",
        "fixed-only",
        "/pairs no longer lists btc → eth, so its fixed-only method is not advertised: the float flow is tried and the provider refuses it",
    ),
    row(
        "missing-profile-pair",
        "float-only",
        "/pairs no longer lists btc → eth, so its float-only method is not advertised: the fixed flow is tried and the provider has no fixed quote",
    ),
    row(
        "pairs-missing-trade-method",
        "fixed-only",
        "/pairs no longer says the pairs are fixed-only: the float flows are tried and the provider refuses them",
    ),
    row(
        "pairs-missing-trade-method",
        "float-only",
        "/pairs no longer says the pairs are float-only: the fixed flows are tried and the provider has no fixed quote",
    ),
    row(
        "pairs-empty",
        "fixed-only",
        "/pairs no longer says the pairs are fixed-only: the float flows are tried and the provider refuses them",
    ),
    row(
        "pairs-empty",
        "float-only",
        "/pairs no longer says the pairs are float-only: the fixed flows are tried and the provider has no fixed quote",
    ),
    // The variant leaves out the field the fault corrupts.
    row(
        "min-above-max",
        "quote-required-fields-only",
        "the quote has no minAmountFrom or maxAmountFrom to put in the wrong order",
    ),
    row(
        "quote-amount-not-echoed",
        "quote-required-fields-only",
        "the quote has no optional `amount` to echo wrongly",
    ),
    row(
        "status-wrong-quote-id",
        "status-without-quote-id",
        "/status leaves out the optional quoteId that the fault makes wrong",
    ),
    row(
        "reused-swap-id",
        "status-without-quote-id",
        "/status leaves out the quoteId that shows the reused id's status comes from another quote (SWAP-STATUS-005)",
    ),
    row(
        "status-bad-enum",
        "status-stays-pending",
        "the profile declares that test swaps stay pending, so the status is not polled until final (SWAP-STATUS-003 does not apply); SWAP-STATUS-002 still fails",
    ),
    // The seed API.
    row(
        "reused-swap-id",
        "v1-status-by-quote-id",
        "/status is keyed by the quote id, so the reused swapId never selects another quote's status (V1-STATUS-003)",
    ),
    row(
        "reused-swap-id",
        "v1-status-provider-form",
        "/status answers no quote id, so the other quote of the reused id's status (V1-STATUS-003) cannot show",
    ),
    row(
        "v1-status-wrong-quote-id",
        "v1-status-provider-form",
        "/status answers `{provider, swapId, status}` without the quote id that the fault makes wrong",
    ),
    row(
        "v1-missing-alg",
        "v1-compact-jws",
        "the compact form has no header to leave `alg` out of",
    ),
    row(
        "v1-missing-alg",
        "v1-no-jws-header",
        "providerSig has no header to leave `alg` out of",
    ),
    row(
        "v1-check-quote-no-token-200",
        "v1-no-login",
        "without a login, /check_quote without a token answers 200 rightly: V1-CHECK-003 applies only when the profile says `login: required`",
    ),
    row(
        "v1-kyc-pending-accepted",
        "v1-no-login",
        "a provider without a login has no KYC test users: the profile names none, and no KYC flow runs",
    ),
    // The widgets.
    row(
        "widget-token-opaque",
        "v1-no-login",
        "WIDGET-TOKEN-001 (a JWT whose exp is ahead) applies only when the profile says `login: required`, and a provider without a login declares none",
    ),
    row(
        "widget-token-expired",
        "v1-no-login",
        "WIDGET-TOKEN-001 (a JWT whose exp is ahead) applies only when the profile says `login: required`, and a provider without a login declares none",
    ),
    row(
        "widget-token-refused",
        "v1-no-login",
        "without a login /check_quote and /swap accept a request whatever its token, so no token can be refused",
    ),
    row(
        "widget-no-close",
        "widgets-post-message",
        "the seed's postMessage contract has no closeWidget call to leave out: the widget exits by posting its token",
    ),
];

/// Whether `fault` is to show exactly its ids under `variant`.
pub(crate) fn applies(fault: Fault, variant: Variant) -> bool {
    !DOES_NOT_APPLY
        .iter()
        .any(|r| r.fault == fault.name() && r.variant == variant.name())
}
