//! Every fault of the reference provider makes exactly its requirements fail (or warn), and
//! nothing else.

use crate::support::{Scratch, checks, report, run_in, text};
use libtest_mimic::{Failed, Trial};
use std::collections::BTreeSet;

/// `(fault, filter, requirement ids that must fail)`. The filter keeps runs short; every other
/// check of the filtered flows must pass, without a warning.
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
    ("wrong-key", "", &["SWAP-SIG-002"]),
    // The device accepts high-S signatures: nothing may fail.
    ("high-s", "", &[]),
    // The legacy swap flow (each of these faults implies legacy mode).
    ("legacy-base64-payload", "", &["SWAP-LEGACY-001"]),
    ("legacy-wrong-nonce", "", &["SWAP-LEGACY-002"]),
    ("legacy-oversize", "", &["SWAP-LEGACY-004"]),
    ("legacy-signed-over-hex-text", "", &["SWAP-LEGACY-005"]),
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
    // An error body is not a currency list: the schema and the pagination fail with the status.
    (
        "currencies-500",
        "swap/currencies",
        &["SWAP-CUR-001", "SWAP-CUR-002", "SWAP-CUR-003"],
    ),
    // Likewise for pairs; the limits assertion finds no pair to compare. (The filter leaves out
    // the `pair advertised` flow, which would fail SWAP-PAIRS-005 too.)
    (
        "pairs-500",
        "swap/pairs",
        &[
            "SWAP-PAIRS-001",
            "SWAP-PAIRS-002",
            "SWAP-PAIRS-003",
            "SWAP-PAIRS-004",
        ],
    ),
    ("pairs-min-above-max", "", &["SWAP-PAIRS-004"]),
    ("pairs-missing-trade-method", "", &["SWAP-PAIRS-002"]),
    ("quote-201", "", &["SWAP-QUOTE-001"]),
    // The swap steps after the quote are skipped for want of a quote id.
    (
        "quote-missing-quote-id",
        "",
        &["SWAP-QUOTE-002", "SUITE-CAPTURE"],
    ),
    ("fixed-quote-is-float", "", &["SWAP-QUOTE-004"]),
    ("float-quote-is-fixed", "", &["SWAP-QUOTE-006"]),
    ("swap-201", "", &["SWAP-SWAP-001", "SWAP-SWAP-004"]),
    ("swap-missing-created-at", "", &["SWAP-SWAP-002"]),
    ("status-202", "", &["SWAP-STATUS-001"]),
    // The buy API. min > max also puts the profile's amount outside the advertised limits, and
    // the provider's real limits then differ from the advertised ones.
    (
        "buy-capabilities-min-above-max",
        "buy",
        &["BUY-CAP-003", "BUY-CAP-004", "BUY-QUOTE-006"],
    ),
    ("buy-quote-amount-string", "buy", &["BUY-QUOTE-002"]),
    ("buy-quote-zero-crypto", "buy", &["BUY-QUOTE-003"]),
    ("buy-no-auth", "buy", &["BUY-AUTH-001", "BUY-AUTH-002"]),
    ("buy-accepts-out-of-range", "buy", &["BUY-QUOTE-006"]),
    ("buy-redirect-relative-url", "buy", &["BUY-REDIRECT-002"]),
    // `FRA` is not alpha-2, and the profile's country `FR` is then not advertised.
    (
        "buy-bad-country-code",
        "buy",
        &["BUY-CAP-002", "BUY-CAP-005"],
    ),
    // An error body has no capabilities: every assertion on them fails with the status. (The
    // filter leaves out `quote errors`, whose limits could not be captured.)
    (
        "buy-capabilities-500",
        "buy/capabilities",
        &[
            "BUY-CAP-001",
            "BUY-CAP-002",
            "BUY-CAP-003",
            "BUY-CAP-004",
            "BUY-CAP-005",
        ],
    ),
    // An error body is not a list of ids, and lists no currency.
    (
        "buy-crypto-500",
        "buy",
        &["BUY-CRYPTO-001", "BUY-CRYPTO-002", "BUY-CRYPTO-003"],
    ),
    ("buy-crypto-tickers", "buy", &["BUY-CRYPTO-002"]),
    (
        "buy-crypto-missing-profile-currency",
        "buy",
        &["BUY-CRYPTO-003"],
    ),
    // An error body has none of the quote's fields.
    (
        "buy-quote-500",
        "buy",
        &[
            "BUY-QUOTE-001",
            "BUY-QUOTE-002",
            "BUY-QUOTE-003",
            "BUY-QUOTE-004",
        ],
    ),
    ("buy-quote-wrong-crypto", "buy", &["BUY-QUOTE-004"]),
    ("buy-quote-accepts-bad-params", "buy", &["BUY-QUOTE-005"]),
    // An error body has no rampRedirectUrl to check.
    (
        "buy-redirect-500",
        "buy",
        &["BUY-REDIRECT-001", "BUY-REDIRECT-002"],
    ),
    ("buy-text-content-type", "buy", &["BUY-HTTP-001"]),
    // The seed documents' swap API.
    ("v1-check-quote-body", "swap-v1", &["V1-CHECK-001"]),
    ("v1-kyc-code-unknown", "swap-v1", &["V1-CHECK-004"]),
    ("v1-missing-alg", "swap-v1", &["V1-SWAP-002"]),
    ("v1-ip-check-accepts-all", "swap-v1", &["V1-IP-002"]),
    ("v1-status-bad-state", "swap-v1", &["V1-STATUS-002"]),
    ("v1-text-content-type", "swap-v1", &["V1-HTTP-001"]),
    (
        "v1-pairs-missing-trade-method",
        "swap-v1",
        &["V1-PAIRS-001"],
    ),
    ("v1-missing-profile-pair", "swap-v1", &["V1-PAIRS-002"]),
    ("v1-quote-201", "swap-v1", &["V1-QUOTE-001"]),
    ("v1-quote-missing-method", "swap-v1", &["V1-QUOTE-002"]),
    ("v1-quote-short-expiry", "swap-v1", &["V1-QUOTE-003"]),
    ("v1-unknown-quote-200", "swap-v1", &["V1-CHECK-002"]),
    ("v1-check-quote-no-token-200", "swap-v1", &["V1-CHECK-003"]),
    ("v1-swap-201", "swap-v1", &["V1-SWAP-001"]),
    ("v1-status-202", "swap-v1", &["V1-STATUS-001"]),
    ("v1-ip-check-rejects-all", "swap-v1", &["V1-IP-001"]),
];

/// A run that needs more than `--fault NAME`: other reference-provider options, or expected
/// warnings (status `warn`, exit 0 when nothing fails).
pub struct Run {
    /// The trial's name, `faults::<name>`.
    pub name: &'static str,
    /// Arguments of `run` (before the filter).
    pub args: &'static [&'static str],
    pub filter: &'static str,
    /// Requirement ids that must fail (status `fail` or `error`), and nothing else.
    pub fail: &'static [&'static str],
    /// Requirement ids that must warn, and nothing else.
    pub warn: &'static [&'static str],
}

pub const RUNS: &[Run] = &[
    // The payin address is sent twice to pass the size limit: the decoder warns about the
    // repeated field.
    Run {
        name: "oversize-payload",
        args: &["--fault", "oversize-payload"],
        filter: "",
        fail: &["SWAP-PAYLOAD-011"],
        warn: &["SWAP-PAYLOAD-004"],
    },
    // The `=` padding itself is tolerated by the device, with a warning.
    Run {
        name: "padding-mismatch",
        args: &["--fault", "padding-mismatch"],
        filter: "",
        fail: &["SWAP-SIG-002"],
        warn: &["SWAP-PAYLOAD-003"],
    },
    // Ledger Live warns about r or s starting with a zero byte; the device accepts it.
    Run {
        name: "leading-zero-signature",
        args: &["--fault", "leading-zero-signature"],
        filter: "",
        fail: &[],
        warn: &["SWAP-SIG-003"],
    },
    // The conforming provider in legacy mode passes every check.
    Run {
        name: "legacy-conforms",
        args: &["--legacy"],
        filter: "",
        fail: &[],
        warn: &[],
    },
    // The legacy flow forces secp256k1. The signature then cannot be checked (a skip).
    Run {
        name: "legacy-on-secp256r1",
        args: &["--legacy", "--curve", "secp256r1"],
        filter: "",
        fail: &["SWAP-LEGACY-003"],
        warn: &[],
    },
];

pub fn trials() -> Vec<Trial> {
    EXPECTED
        .iter()
        .map(|(fault, filter, ids)| {
            Trial::test(format!("faults::{fault}"), move || {
                fails_exactly(fault, &["--fault", fault], filter, ids, &[])
            })
        })
        .chain(RUNS.iter().map(|r| {
            Trial::test(format!("faults::{}", r.name), move || {
                fails_exactly(r.name, r.args, r.filter, r.fail, r.warn)
            })
        }))
        .chain([Trial::test(
            "faults::every_fault_is_tested",
            every_fault_is_tested,
        )])
        .collect()
}

fn fails_exactly(
    name: &str,
    run_args: &[&str],
    filter: &str,
    ids: &[&str],
    warn_ids: &[&str],
) -> Result<(), Failed> {
    let dir = Scratch::new(name);
    let mut args = vec!["run"];
    args.extend_from_slice(run_args);
    if !filter.is_empty() {
        args.push(filter);
    }
    let out = run_in(&dir.0, &args);
    let want: BTreeSet<&str> = ids.iter().copied().collect();
    let want_warn: BTreeSet<&str> = warn_ids.iter().copied().collect();
    let all = checks(&report(&dir.0));
    let with_status = |statuses: &[&str]| -> BTreeSet<&str> {
        all.iter()
            .filter(|(_, s, _)| statuses.contains(&s.as_str()))
            .map(|(i, _, _)| i.as_str())
            .collect()
    };
    let failing = with_status(&["fail", "error"]);
    let warning = with_status(&["warn"]);
    let expected_code = if want.is_empty() { Some(0) } else { Some(1) };
    if failing == want && warning == want_warn && out.status.code() == expected_code {
        return Ok(());
    }
    let detail: Vec<String> = all
        .iter()
        .filter(|(_, s, _)| s != "pass")
        .map(|(i, s, m)| format!("{s} {i}: {m}"))
        .collect();
    Err(format!(
        "`{}`: expected failing {want:?} and warning {want_warn:?} (exit {expected_code:?}), \
         got failing {failing:?} and warning {warning:?} (exit {:?})\n{}\n--- stderr ---\n{}",
        args.join(" "),
        out.status.code(),
        detail.join("\n"),
        text(&out.stderr)
    )
    .into())
}

/// Every fault of the reference provider has a row: a fault without a test is a check without
/// a failing case.
pub fn every_fault_is_tested() -> Result<(), Failed> {
    let mut listed: BTreeSet<&str> = EXPECTED.iter().map(|(f, _, _)| *f).collect();
    for run in RUNS {
        let faults = run.args.windows(2).filter(|w| w[0] == "--fault");
        listed.extend(faults.map(|w| w[1]));
    }
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
