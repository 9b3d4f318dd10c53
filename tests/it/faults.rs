//! Every fault of the reference provider makes exactly its requirements fail, and nothing else.

use crate::support::{Scratch, checks, report, run_in, text};
use libtest_mimic::{Failed, Trial};
use std::collections::BTreeSet;

/// `(fault, filter, requirement ids that must fail)`. The filter keeps runs short; every other
/// check of the filtered flows must pass.
pub const EXPECTED: &[(&str, &str, &[&str])] = &[
    // The /swap payload, as the device checks it.
    ("payload-signature-key", "", &["SWAP-PAYLOAD-001"]),
    ("leading-dot", "", &["SWAP-PAYLOAD-002"]),
    ("standard-base64", "", &["SWAP-PAYLOAD-003"]),
    ("truncated-protobuf", "", &["SWAP-PAYLOAD-004"]),
    ("wrong-wire-type", "", &["SWAP-PAYLOAD-004"]),
    ("long-payin-address", "", &["SWAP-PAYLOAD-005"]),
    (
        "empty-currency-to",
        "",
        &["SWAP-PAYLOAD-006", "SWAP-BIND-004"],
    ),
    ("wrong-nonce", "", &["SWAP-PAYLOAD-007"]),
    ("nonce-31-bytes", "", &["SWAP-PAYLOAD-007"]),
    // 64 hex characters in a 10-character field, no field 12: the nonce is missing from its
    // field, field 11 is set, and it is too long for field 11.
    (
        "nonce-in-field-11",
        "",
        &[
            "SWAP-PAYLOAD-005",
            "SWAP-PAYLOAD-006",
            "SWAP-PAYLOAD-007",
            "SWAP-PAYLOAD-008",
        ],
    ),
    ("zero-amount-to-wallet", "", &["SWAP-PAYLOAD-009"]),
    (
        "amount-17-bytes",
        "",
        &["SWAP-PAYLOAD-005", "SWAP-PAYLOAD-009"],
    ),
    ("extra-id-and-data", "", &["SWAP-PAYLOAD-010"]),
    ("oversize-payload", "", &["SWAP-PAYLOAD-011"]),
    ("wrong-refund-address", "", &["SWAP-BIND-001"]),
    ("wrong-payout-address", "", &["SWAP-BIND-002"]),
    ("wrong-currency-from", "", &["SWAP-BIND-003"]),
    ("wrong-currency-to", "", &["SWAP-BIND-004"]),
    ("payin-address-mismatch", "", &["SWAP-BIND-005"]),
    ("amount-off-by-one", "", &["SWAP-BIND-006"]),
    ("float-rounding", "", &["SWAP-BIND-006"]),
    ("der-signature", "", &["SWAP-SIG-001"]),
    ("short-signature", "", &["SWAP-SIG-001"]),
    ("signature-without-dot", "", &["SWAP-SIG-002"]),
    ("signature-over-raw-protobuf", "", &["SWAP-SIG-002"]),
    ("padding-mismatch", "", &["SWAP-SIG-002"]),
    ("wrong-key", "", &["SWAP-SIG-002"]),
    // The device accepts high-S signatures: nothing may fail.
    ("high-s", "", &[]),
    // The current swap API.
    ("reused-swap-id", "", &["SWAP-SWAP-003"]),
    ("quote-amounts-as-numbers", "", &["SWAP-QUOTE-002"]),
    (
        "quote-missing-expiry",
        "",
        &["SWAP-QUOTE-002", "SWAP-QUOTE-005"],
    ),
    ("quote-short-expiry", "", &["SWAP-QUOTE-005"]),
    ("slow-quote", "", &["SWAP-QUOTE-003"]),
    ("min-above-max", "", &["SWAP-QUOTE-010"]),
    ("wrong-minimum-error-key", "", &["SWAP-QUOTE-007"]),
    (
        "missing-additional-fields",
        "",
        &["SWAP-QUOTE-007", "SWAP-QUOTE-008"],
    ),
    ("unknown-pair-200", "", &["SWAP-QUOTE-009"]),
    ("unknown-quote-200", "", &["SWAP-SWAP-005"]),
    // An unknown status never reaches a final state, so the poll times out too.
    (
        "status-bad-enum",
        "",
        &["SWAP-STATUS-002", "SWAP-STATUS-003"],
    ),
    ("status-unknown-200", "", &["SWAP-STATUS-004"]),
    ("no-auth", "", &["SWAP-AUTH-001", "SWAP-AUTH-002"]),
    ("text-content-type", "", &["SWAP-HTTP-001"]),
    ("pairs-cursor-loop", "", &["SWAP-PAIRS-003"]),
    ("pairs-duplicate", "", &["SWAP-PAIRS-003"]),
    // The bare array has neither `currencies` nor a cursor.
    (
        "currencies-bare-array",
        "",
        &["SWAP-CUR-002", "SWAP-CUR-003"],
    ),
    ("missing-profile-pair", "", &["SWAP-PAIRS-005"]),
];

pub fn trials() -> Vec<Trial> {
    EXPECTED
        .iter()
        .map(|(fault, filter, ids)| {
            Trial::test(format!("faults::{fault}"), move || {
                fault_fails_exactly(fault, filter, ids)
            })
        })
        .chain([Trial::test(
            "faults::every_fault_is_tested",
            every_fault_is_tested,
        )])
        .collect()
}

fn fault_fails_exactly(fault: &str, filter: &str, ids: &[&str]) -> Result<(), Failed> {
    let dir = Scratch::new(fault);
    let mut args = vec!["run", "--fault", fault];
    if !filter.is_empty() {
        args.push(filter);
    }
    let out = run_in(&dir.0, &args);
    let want: BTreeSet<&str> = ids.iter().copied().collect();
    let all = checks(&report(&dir.0));
    let failing: BTreeSet<&str> = all
        .iter()
        .filter(|(_, s, _)| s == "fail" || s == "error")
        .map(|(i, _, _)| i.as_str())
        .collect();
    let expected_code = if want.is_empty() { Some(0) } else { Some(1) };
    if failing == want && out.status.code() == expected_code {
        return Ok(());
    }
    let detail: Vec<String> = all
        .iter()
        .filter(|(_, s, _)| s != "pass" && s != "warn")
        .map(|(i, s, m)| format!("{s} {i}: {m}"))
        .collect();
    Err(format!(
        "fault `{fault}`: expected failing {want:?} (exit {expected_code:?}), got {failing:?} (exit {:?})\n{}\n--- stderr ---\n{}",
        out.status.code(),
        detail.join("\n"),
        text(&out.stderr)
    )
    .into())
}

/// Every fault of the reference provider has a row: a fault without a test is a check without
/// a failing case.
pub fn every_fault_is_tested() -> Result<(), Failed> {
    let listed: BTreeSet<&str> = EXPECTED.iter().map(|(f, _, _)| *f).collect();
    let missing: Vec<&str> = provider_conformance::provider::Fault::ALL
        .iter()
        .map(|f| f.name())
        .filter(|n| !listed.contains(n))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("faults without an expectation: {missing:?}").into())
    }
}
