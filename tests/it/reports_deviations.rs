//! Known deviations: listed failures become expected failures; a listed failure that no longer
//! happens fails the run; unknown ids are load errors with their position.

use crate::support::{Scratch, checks, ensure, report, run_in, text};
use libtest_mimic::{Failed, Trial};

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "reports_deviations::a_listed_failure_is_expected_and_the_run_passes",
            listed_failure_is_expected,
        ),
        Trial::test(
            "reports_deviations::an_expected_failure_that_does_not_happen_fails_the_run",
            expected_failure_did_not_happen,
        ),
        Trial::test(
            "reports_deviations::an_unknown_id_in_a_deviations_file_is_an_error_at_its_position",
            unknown_id_in_file,
        ),
        Trial::test(
            "reports_deviations::profile_known_deviations_are_applied_and_validated",
            profile_known_deviations,
        ),
    ]
}

const LISTED: &str = "# accepted until the fix ships\n- { id: SWAP-PAYLOAD-007, reason: \"nonce copied from the quote, fixed in 4.2\", flow: fixed }\n";

fn listed_failure_is_expected() -> Result<(), Failed> {
    let dir = Scratch::new("dev-expected");
    std::fs::write(dir.path("dev.yaml"), LISTED)?;
    let out = run_in(
        &dir.0,
        &[
            "run",
            "--fault",
            "wrong-nonce",
            "--deviations",
            "dev.yaml",
            "fixed",
        ],
    );
    ensure(
        out.status.code() == Some(0),
        "listed failures must not fail the run",
        &out,
    )?;
    let stdout = text(&out.stdout);
    ensure(
        stdout.contains(
            "XFAIL  SWAP-PAYLOAD-007  known deviation (nonce copied from the quote, fixed in 4.2)",
        ),
        "the console does not show the expected failure with its reason",
        &out,
    )?;
    ensure(
        stdout.contains("expected failure(s)") && stdout.contains(" passed, 0 failed"),
        "the closing lines do not count expected failures apart",
        &out,
    )?;
    let all = checks(&report(&dir.0));
    ensure(
        all.iter()
            .filter(|(id, _, _)| id == "SWAP-PAYLOAD-007")
            .all(|(_, s, _)| s == "expected_fail"),
        "SWAP-PAYLOAD-007 is not expected_fail in the JSON report",
        &out,
    )?;
    let xml = std::fs::read_to_string(dir.path("junit.xml"))?;
    ensure(
        xml.contains(
            "<skipped message=\"XFAIL: known deviation (nonce copied from the quote, fixed in 4.2)",
        ),
        "JUnit does not mark the expected failure skipped with its reason",
        &out,
    )?;
    let lint = crate::reports::xmllint(&dir.path("junit.xml"))?;
    ensure(lint.status.success(), &text(&lint.stderr), &out)
}

fn expected_failure_did_not_happen() -> Result<(), Failed> {
    let dir = Scratch::new("dev-unmet");
    std::fs::write(dir.path("dev.yaml"), LISTED)?;
    let out = run_in(&dir.0, &["run", "--deviations", "dev.yaml", "fixed"]);
    ensure(
        out.status.code() == Some(1),
        "an expected failure that passes must fail the run",
        &out,
    )?;
    ensure(
        text(&out.stdout).contains(
            "error: expected failure did not happen: 4 check(s) of `SWAP-PAYLOAD-007` passed; remove `SWAP-PAYLOAD-007` from known_deviations (dev.yaml:2:3)",
        ),
        "no clear message about the unmet deviation",
        &out,
    )?;
    let r = report(&dir.0);
    ensure(
        r["deviations"][0]["verdict"] == "did_not_happen",
        "the JSON report does not record the verdict",
        &out,
    )?;
    let xml = std::fs::read_to_string(dir.path("junit.xml"))?;
    ensure(
        xml.contains("<testsuite name=\"known deviations\"")
            && xml.contains("type=\"known_deviation\""),
        "JUnit has no failing known-deviation testcase",
        &out,
    )
}

fn unknown_id_in_file() -> Result<(), Failed> {
    let dir = Scratch::new("dev-unknown");
    std::fs::write(
        dir.path("dev.yaml"),
        "- { id: SWAP-PAYLOAD-07, reason: typo }\n",
    )?;
    let out = run_in(&dir.0, &["run", "--deviations", "dev.yaml"]);
    ensure(
        out.status.code() == Some(2),
        "an unknown id is bad input",
        &out,
    )?;
    let stderr = text(&out.stderr);
    ensure(
        stderr.contains("unknown requirement id `SWAP-PAYLOAD-07`")
            && stderr.contains("dev.yaml:1:9")
            && stderr.contains("did you mean `SWAP-PAYLOAD-007`?"),
        "the error lacks the id, its position or a suggestion",
        &out,
    )?;
    ensure(
        !dir.path("report.json").exists(),
        "nothing may run on bad input",
        &out,
    )
}

/// The reference provider with a fault, in this process, certified through a profile that
/// lists the fault's requirement; then the same profile with a misspelt id.
fn profile_known_deviations() -> Result<(), Failed> {
    let dir = Scratch::new("dev-profile");
    let rt = tokio::runtime::Runtime::new()?;
    let opts = provider_conformance::provider::ProviderOptions {
        faults: vec!["wrong-nonce".parse()?],
        ..Default::default()
    };
    let provider = rt.block_on(provider_conformance::provider::start(
        opts,
        "127.0.0.1:0".parse()?,
    ))?;
    let base = provider.profile_yaml();
    let good = format!(
        "{base}known_deviations:\n  - {{ id: SWAP-PAYLOAD-007, reason: nonce fix pending }}\n"
    );
    std::fs::write(dir.path("good.yaml"), &good)?;
    let bad = format!("{base}known_deviations:\n  - {{ id: SWAP-NONCE-001, reason: x }}\n");
    std::fs::write(dir.path("bad.yaml"), &bad)?;
    let ok = run_in(&dir.0, &["run", "--profile", "good.yaml", "fixed"]);
    let ko = run_in(&dir.0, &["run", "--profile", "bad.yaml", "fixed"]);
    rt.block_on(provider.shutdown());
    ensure(
        ok.status.code() == Some(0),
        "the profile's known deviation was not applied",
        &ok,
    )?;
    let line = bad.lines().count();
    ensure(
        ko.status.code() == Some(2)
            && text(&ko.stderr).contains("unknown requirement id `SWAP-NONCE-001`")
            && text(&ko.stderr).contains(&format!("bad.yaml:{line}:11")),
        "an unknown id in the profile is not an error at its position",
        &ko,
    )
}
