//! The catalogue rows of the seed API's KYC test users (`for_each: kyc_user` in
//! `suites/swap-v1.yaml`; the profile's `swap_v1.kyc_users`).

use super::model::{Force::Must, Gate::Backend, Requirement};
use super::table::req;

pub(super) const KYC: &[Requirement] = &[
    req(
        "V1-KYC-001",
        "`/check_quote` for a KYC test user is refused with `{code, error, description}` and the code documented for the user's state",
        "§4.2, seed-swap",
        "Checks validity of login and KYC for a specific quote / trade. ... Error: code: \"KYC_PENDING\", error: \"Your KYC is under validation\", description: ...; error codes `UNKNOW_USER` (sic), `KYC_UNDEFINED`, `KYC_PENDING`, `KYC_FAILED`, `KYC_UPGRADE_REQUIRED`, `OVER_TRADE_LIMIT`",
        Must,
        Backend,
        "Answer 4xx with the state's code: unknown_user `UNKNOW_USER`, undefined `KYC_UNDEFINED`, pending `KYC_PENDING`, failed `KYC_FAILED`, upgrade_required `KYC_UPGRADE_REQUIRED`, over_limit `OVER_TRADE_LIMIT`",
    ),
    req(
        "V1-KYC-002",
        "`/swap` for a KYC test user is refused with the same payload as its `/check_quote`",
        "§4.2, seed-swap",
        "POST /swap ... In case of error, returns the same payload as /check_quote",
        Must,
        Backend,
        "Check the user's KYC in /swap too, and refuse with the code /check_quote gives",
    ),
];
