//! Certification-grade reports: JUnit validated with xmllint against the Jenkins/Ant JUnit
//! schema, the JSON report against `schemas/report.schema.json`, the Markdown summary, GitHub
//! annotations and the single-file HTML report (rendered by headless Chromium).

use crate::support::{Scratch, ensure, run_in, text};
use libtest_mimic::{Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "reports::junit_of_a_passing_run_validates_against_the_junit_schema",
            junit_passing_validates,
        ),
        Trial::test(
            "reports::junit_with_failures_errors_and_skips_validates_and_counts_agree",
            junit_failing_validates,
        ),
        Trial::test(
            "reports::the_junit_schema_rejects_a_testcase_without_a_name",
            junit_schema_rejects,
        ),
        Trial::test(
            "reports::markdown_summary_is_written_and_appended_to_the_step_summary",
            markdown_summary,
        ),
        Trial::test(
            "reports::github_annotations_point_at_the_suite_line_only_in_actions",
            annotations,
        ),
        Trial::test(
            "reports::html_report_renders_in_headless_chromium_with_every_row",
            html_renders,
        ),
        Trial::test(
            "reports::json_reports_validate_against_the_report_schema",
            json_validates,
        ),
        Trial::test(
            "reports::the_report_schema_rejects_an_unknown_status_and_a_missing_field",
            json_schema_rejects,
        ),
        Trial::test(
            "reports::an_unwritable_report_is_a_harness_error_and_the_others_are_written",
            unwritable_report,
        ),
    ]
}

fn unwritable_report() -> Result<(), Failed> {
    let dir = Scratch::new("unwritable");
    std::fs::create_dir_all(dir.path("junit.xml"))?;
    // `run_in` writes the JUnit report to `junit.xml`, here a folder.
    let out = run_in(&dir.0, &["run", "credentials"]);
    let stderr = text(&out.stderr);
    ensure(
        out.status.code() == Some(3)
            && stderr.starts_with(&format!(
                "error: failed to write the JUnit report to `{}`: ",
                dir.path("junit.xml").display()
            ))
            && stderr.lines().count() == 1,
        "a report that cannot be written is one harness error line, exit 3",
        &out,
    )?;
    ensure(
        dir.path("report.json").is_file()
            && text(&out.stdout)
                .lines()
                .any(|l| l.ends_with(" passed, 0 failed")),
        "the other reports and the closing line are still written",
        &out,
    )
}

/// The repository root (where `Cargo.toml` is).
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn junit_xsd() -> PathBuf {
    root().join("tests/fixtures/reports/junit.xsd")
}

/// Runs `xmllint --noout --schema junit.xsd FILE`; a missing xmllint is a failure, not a pass.
pub(crate) fn xmllint(file: &Path) -> Result<Output, Failed> {
    Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(junit_xsd())
        .arg(file)
        .output()
        .map_err(|e| {
            format!(
                "cannot run `xmllint` ({e}): install it (Debian: `apt-get install -y libxml2-utils`); \
                 .ci/run does this when it is missing"
            )
            .into()
        })
}

fn validates(file: &Path, out: &Output) -> Result<(), Failed> {
    let lint = xmllint(file)?;
    ensure(
        lint.status.success(),
        &format!(
            "{} does not validate against the JUnit schema:\n{}",
            file.display(),
            text(&lint.stderr)
        ),
        out,
    )
}

fn junit_passing_validates() -> Result<(), Failed> {
    let dir = Scratch::new("junit-pass");
    let out = run_in(&dir.0, &["run", "fixed"]);
    ensure(out.status.code() == Some(0), "the run should pass", &out)?;
    validates(&dir.path("junit.xml"), &out)?;
    let xml = std::fs::read_to_string(dir.path("junit.xml"))?;
    // The polled status step keeps every attempt in system-out.
    ensure(
        xml.contains("status until final: poll\"")
            && xml.contains("attempt 1 at +")
            && xml.contains("attempt 2 at +"),
        "the attempt history of the polled step is not in system-out",
        &out,
    )?;
    counts_agree(&xml, &out)
}

/// A fault (failures), then an unreachable provider (errors, and steps skipped after them).
fn junit_failing_validates() -> Result<(), Failed> {
    let dir = Scratch::new("junit-fail");
    let out = run_in(&dir.0, &["run", "--fault", "wrong-nonce", "fixed"]);
    ensure(
        out.status.code() == Some(1),
        "the fault should fail the run",
        &out,
    )?;
    validates(&dir.path("junit.xml"), &out)?;
    let xml = std::fs::read_to_string(dir.path("junit.xml"))?;
    ensure(xml.contains("<failure "), "no failure element", &out)?;
    ensure(
        xml.contains("device status word: 0x6A82"),
        "the failure text lacks the device status word",
        &out,
    )?;
    counts_agree(&xml, &out)?;

    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let profile = format!(
        "name: Nobody\nswap:\n  base_url: http://127.0.0.1:{port}/v2\n  curve: secp256k1\n  public_key: \"{}\"\n  pairs:\n    - {{ from: btc, to: eth, amount: \"0.01\", payload_currency_from: BTC, payload_currency_to: ETH, decimals_from: 8, decimals_to: 18, refund_address: a, payout_address: b }}\n",
        crate::e2e::REF_KEY
    );
    std::fs::write(dir.path("p.yaml"), profile)?;
    let out = run_in(
        &dir.0,
        &["run", "--profile", "p.yaml", "--timeout", "2", "fixed"],
    );
    ensure(
        out.status.code() == Some(1),
        "an unreachable provider fails",
        &out,
    )?;
    validates(&dir.path("junit.xml"), &out)?;
    let xml = std::fs::read_to_string(dir.path("junit.xml"))?;
    ensure(xml.contains("<error "), "no error element", &out)?;
    ensure(xml.contains("<skipped "), "no skipped element", &out)?;
    counts_agree(&xml, &out)
}

/// The counts of every testsuite and of the root agree with the testcases, and with the JSON.
fn counts_agree(xml: &str, out: &Output) -> Result<(), Failed> {
    let report = quick_junit::Report::deserialize_from_str(xml)
        .map_err(|e| format!("quick-junit cannot read the report back: {e}"))?;
    let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
    for suite in &report.test_suites {
        let (mut t, mut f, mut e, mut s) = (0, 0, 0, 0);
        for case in &suite.test_cases {
            t += 1;
            match &case.status {
                quick_junit::TestCaseStatus::Success { .. } => {}
                quick_junit::TestCaseStatus::NonSuccess { kind, .. } => match kind {
                    quick_junit::NonSuccessKind::Failure => f += 1,
                    quick_junit::NonSuccessKind::Error => e += 1,
                },
                quick_junit::TestCaseStatus::Skipped { .. } => s += 1,
            }
            ensure(
                case.time.is_some() && case.timestamp.is_some(),
                &format!(
                    "testcase {:?} lacks a time or a timestamp",
                    case.name.as_str()
                ),
                out,
            )?;
        }
        ensure(
            (suite.tests, suite.failures, suite.errors, suite.skipped) == (t, f, e, s),
            &format!(
                "suite {:?} says tests={} failures={} errors={} skipped={}, its cases {t} {f} {e} {s}",
                suite.name, suite.tests, suite.failures, suite.errors, suite.skipped
            ),
            out,
        )?;
        ensure(
            suite.timestamp.is_some(),
            "a testsuite without a timestamp",
            out,
        )?;
        (tests, failures, errors, skipped) = (tests + t, failures + f, errors + e, skipped + s);
    }
    ensure(
        (report.tests, report.failures, report.errors, report.skipped)
            == (tests, failures, errors, skipped),
        "the root counts disagree with the suites",
        out,
    )?;
    ensure(report.timestamp.is_some(), "the root has no timestamp", out)?;
    ensure(
        !xml.contains('\u{1b}'),
        "an escape character in the JUnit report",
        out,
    )?;
    Ok(())
}

fn junit_schema_rejects() -> Result<(), Failed> {
    let dir = Scratch::new("junit-bad");
    let bad = dir.path("bad.xml");
    std::fs::write(
        &bad,
        "<testsuites><testsuite name=\"s\" tests=\"1\"><testcase classname=\"c\"/></testsuite></testsuites>",
    )?;
    let lint = xmllint(&bad)?;
    if lint.status.success() {
        return Err("xmllint accepted a testcase without a name: the schema checks nothing".into());
    }
    Ok(())
}

pub(crate) fn report_validator() -> Result<jsonschema::Validator, Failed> {
    let text = std::fs::read_to_string(root().join("schemas/report.schema.json"))?;
    let schema: serde_json::Value = serde_json::from_str(&text)?;
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| format!("schemas/report.schema.json does not compile: {e}").into())
}

/// Every schema error of `report`, one per line.
pub(crate) fn schema_errors(v: &jsonschema::Validator, report: &serde_json::Value) -> String {
    v.iter_errors(report)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A passing run, a failing run with a known deviation and a payload decoded, and a run whose
/// provider is unreachable (errors, skips): each report is valid, and its per-requirement
/// summary agrees with its checks.
fn json_validates() -> Result<(), Failed> {
    let v = report_validator()?;
    let dir = Scratch::new("json");
    std::fs::write(
        dir.path("dev.yaml"),
        "- { id: SWAP-PAYLOAD-007, reason: fixed in the next release, flow: fixed }\n",
    )?;
    for args in [
        vec!["run"],
        vec!["run", "--fault", "no-auth", "credentials"],
        vec![
            "run",
            "--fault",
            "wrong-nonce",
            "--deviations",
            "dev.yaml",
            "fixed",
        ],
    ] {
        let out = run_in(&dir.0, &args);
        let report = crate::support::report(&dir.0);
        let errors = schema_errors(&v, &report);
        ensure(
            errors.is_empty(),
            &format!("{args:?}: the report does not match its schema:\n{errors}"),
            &out,
        )?;
        summary_agrees(&report, &out)?;
    }
    let report = crate::support::report(&dir.0);
    ensure(
        report["requirements"]["SWAP-PAYLOAD-007"]["status"] == "expected_fail"
            && report["requirements"]["SWAP-PAYLOAD-007"]["title"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
            && report["deviations"][0]["verdict"] == "expected",
        &format!(
            "the known deviation is not summarised: {} {}",
            report["requirements"]["SWAP-PAYLOAD-007"], report["deviations"]
        ),
        &run_in(&dir.0, &["run", "--list"]),
    )?;
    Ok(())
}

/// The `requirements` summary counts exactly the checks, and `totals` sums it.
fn summary_agrees(report: &serde_json::Value, out: &Output) -> Result<(), Failed> {
    let mut counted: std::collections::BTreeMap<String, [u64; 6]> = Default::default();
    let names = ["pass", "fail", "error", "warn", "skip", "expected_fail"];
    for (id, status, _) in crate::support::checks(report) {
        let i = names
            .iter()
            .position(|n| *n == status)
            .ok_or("unknown status")?;
        counted.entry(id).or_default()[i] += 1;
    }
    let reqs = report["requirements"]
        .as_object()
        .ok_or("no requirements")?;
    ensure(
        reqs.len() == counted.len(),
        "requirements and checks name different ids",
        out,
    )?;
    let keys = [
        "passed",
        "failed",
        "errors",
        "warnings",
        "skipped",
        "expected_failures",
    ];
    let mut sums = [0u64; 6];
    for (id, c) in &counted {
        let r = &reqs[id];
        for (k, key) in keys.iter().enumerate() {
            ensure(
                r[key].as_u64() == Some(c[k]),
                &format!("requirement {id}: {key} is {} but {} checks", r[key], c[k]),
                out,
            )?;
            sums[k] += c[k];
        }
    }
    for (k, key) in keys.iter().enumerate() {
        ensure(
            report["totals"][key].as_u64() == Some(sums[k]),
            &format!("totals.{key} disagrees with the requirements"),
            out,
        )?;
    }
    Ok(())
}

fn json_schema_rejects() -> Result<(), Failed> {
    let v = report_validator()?;
    let dir = Scratch::new("json-bad");
    let out = run_in(&dir.0, &["run", "credentials"]);
    let good = crate::support::report(&dir.0);
    ensure(
        v.is_valid(&good),
        "the untouched report should be valid",
        &out,
    )?;
    let mut bad = good.clone();
    bad["suites"][0]["flows"][0]["steps"][0]["checks"][0]["status"] = "passed".into();
    ensure(!v.is_valid(&bad), "an unknown status was accepted", &out)?;
    let mut bad = good;
    bad.as_object_mut().ok_or("not an object")?.remove("totals");
    ensure(
        !v.is_valid(&bad),
        "a report without totals was accepted",
        &out,
    )
}

/// Runs `run ARGS` in `dir` with extra environment variables, reports inside `dir`.
fn run_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut c = crate::support::bin();
    c.current_dir(dir)
        .args(args)
        .arg("--junit")
        .arg(dir.join("junit.xml"))
        .arg("--json")
        .arg(dir.join("report.json"));
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run the binary")
}

fn markdown_summary() -> Result<(), Failed> {
    let dir = Scratch::new("markdown");
    let summary = dir.path("step_summary.md");
    std::fs::write(&summary, "previous step\n")?;
    let out = run_env(
        &dir.0,
        &[
            "run",
            "--fault",
            "wrong-nonce",
            "--markdown",
            "summary.md",
            "fixed",
        ],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    ensure(
        out.status.code() == Some(1),
        "the fault fails the run",
        &out,
    )?;
    let md = std::fs::read_to_string(dir.path("summary.md"))?;
    for want in [
        "## ❌ provider-conformance: Reference does not conform",
        "| Requirement | Title | Force | Gate | Verdict |",
        "| SWAP-PAYLOAD-007 | Field 12 holds exactly the 32 nonce bytes sent | must | device | ❌ fail | 0 | 4 |",
        "| SWAP-SIG-002 |",
        "### Failures by requirement",
        "- **SWAP-PAYLOAD-007** Field 12 holds exactly the 32 nonce bytes sent: failed in 4 steps across 2 pairs (2 flows)",
        "  - first: swap › fixed rate \\[btc→eth\\] › step \\`fixed swap\\` · suites/swap.yaml:",
        "  - how to fix: ",
        "(0x6A82 WRONG\\_TRANSACTION\\_ID)",
    ] {
        ensure(
            md.contains(want),
            &format!("the summary lacks `{want}`:\n{md}"),
            &out,
        )?;
    }
    let appended = std::fs::read_to_string(&summary)?;
    ensure(
        appended == format!("previous step\n{md}"),
        "the step summary was not appended to",
        &out,
    )?;
    let pass = run_in(&dir.0, &["run", "credentials", "--markdown", "pass.md"]);
    let md = std::fs::read_to_string(dir.path("pass.md"))?;
    ensure(
        md.starts_with("## ✅ provider-conformance: Reference conforms"),
        &format!("a passing run's summary:\n{md}"),
        &pass,
    )
}

fn annotations() -> Result<(), Failed> {
    let dir = Scratch::new("annotations");
    let out = {
        let mut c = crate::support::bin();
        c.current_dir(&dir.0)
            .args(["run", "--fault", "wrong-nonce", "fixed", "--json"])
            .arg(dir.path("report.json"))
            .arg("--junit")
            .arg(dir.path("junit.xml"))
            .env("GITHUB_ACTIONS", "true");
        c.output()?
    };
    let stdout = text(&out.stdout);
    let suite = std::fs::read_to_string(root().join("suites/swap.yaml"))?;
    let line = suite
        .lines()
        .position(|l| l.trim() == "- swap_payload: {}")
        .ok_or("no swap_payload check in suites/swap.yaml")?
        + 1;
    let want = format!(
        "::error file=suites/swap.yaml,line={line},col=13,title=SWAP-PAYLOAD-007::swap › fixed rate [btc→eth] › fixed swap: field 12 device_transaction_id_ng: expected "
    );
    ensure(
        stdout.lines().any(|l| l.starts_with(&want)),
        &format!("no annotation starting with `{want}`"),
        &out,
    )?;
    ensure(
        stdout.lines().filter(|l| l.starts_with("::error ")).count() == 4,
        "one annotation per failed check expected",
        &out,
    )?;
    let plain = run_in(&dir.0, &["run", "--fault", "wrong-nonce", "fixed"]);
    ensure(
        !text(&plain.stdout).contains("::error"),
        "annotations outside GitHub Actions",
        &plain,
    )
}

/// Renders `file` in headless Chromium and returns the DOM it built; a missing Chromium is a
/// failure that says how to install it.
fn chromium_dom(file: &Path, profile_dir: &Path) -> Result<String, Failed> {
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile_dir.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot run `chromium` ({e}): install it (Debian: `apt-get install -y chromium`); \
                 .ci/run does this when it is missing"
            )
        })?;
    // Read while it runs: a DOM larger than the pipe buffer would otherwise block Chromium.
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).map(|_| buf)
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while child.try_wait()?.is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err("chromium did not finish within 120 s".into());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let bytes = reader.join().map_err(|_| "the reader thread panicked")??;
    Ok(text(&bytes))
}

/// A run with a failure, a known deviation and decoded payloads, rendered by Chromium: the
/// DOM holds one requirement row per requirement of the JSON report, one row per check, the
/// payload fields, and the file asks for nothing over the network.
fn html_renders() -> Result<(), Failed> {
    let dir = Scratch::new("html");
    std::fs::write(
        dir.path("dev.yaml"),
        "- { id: SWAP-PAYLOAD-007, reason: fixed soon, flow: \"xlm\" }\n",
    )?;
    let out = run_in(
        &dir.0,
        &[
            "run",
            "--fault",
            "wrong-nonce",
            "--deviations",
            "dev.yaml",
            "--html",
            "report.html",
            "fixed",
        ],
    );
    ensure(
        out.status.code() == Some(1),
        "the fault fails the run",
        &out,
    )?;
    let html = std::fs::read_to_string(dir.path("report.html"))?;
    // In-page anchors (`href="#flow-3"`) are fine; nothing may point outside the file.
    let outside_links = html.matches("href=").count() - html.matches("href=\"#").count();
    ensure(
        outside_links == 0,
        "the HTML report links outside itself",
        &out,
    )?;
    for forbidden in ["<script", "<link", "src=", "url(", "@import"] {
        ensure(
            !html.contains(forbidden),
            &format!("the HTML report holds `{forbidden}`: it must need no network"),
            &out,
        )?;
    }
    let report = crate::support::report(&dir.0);
    let dom = chromium_dom(&dir.path("report.html"), &dir.path("chromium-profile"))?;
    ensure(
        dom.contains("<table id=\"requirements\">"),
        &format!(
            "Chromium's DOM has no requirements table:\n{}",
            &dom[..dom.len().min(2000)]
        ),
        &out,
    )?;
    let reqs = report["requirements"]
        .as_object()
        .ok_or("no requirements")?;
    let rows = dom.matches("<tr class=\"req ").count();
    ensure(
        rows == reqs.len(),
        &format!("{rows} requirement rows for {} requirements", reqs.len()),
        &out,
    )?;
    let checks = crate::support::checks(&report);
    // One row per failing requirement (failures grouped), not per failing check.
    let failing: std::collections::BTreeSet<&str> = checks
        .iter()
        .filter(|(_, s, _)| s == "fail" || s == "error")
        .map(|(id, _, _)| id.as_str())
        .collect();
    let failure_rows = dom
        .split("<table id=\"failures\">")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .map_or(0, |t| t.matches("<tr class=\"group ").count());
    ensure(
        !failing.is_empty() && failure_rows == failing.len(),
        &format!(
            "{failure_rows} rows in the failures table for {} failing requirements",
            failing.len()
        ),
        &out,
    )?;
    let digest = dom
        .split("<code id=\"profile-digest\">")
        .nth(1)
        .and_then(|t| t.split("</code>").next())
        .unwrap_or_default();
    ensure(
        dom.contains("<dl class=\"header\" id=\"header\"><dt>Verdict</dt>")
            && digest.len() == 64
            && digest.bytes().all(|b| b.is_ascii_hexdigit()),
        &format!("the header lacks the verdict or the profile digest (`{digest}`)"),
        &out,
    )?;
    let check_rows = dom.matches("<tr class=\"check ").count();
    ensure(
        check_rows == checks.len(),
        &format!("{check_rows} check rows for {} checks", checks.len()),
        &out,
    )?;
    for want in [
        "<tr class=\"req fail\" data-id=\"SWAP-PAYLOAD-007\">",
        "<tr class=\"check fail\" data-id=\"SWAP-PAYLOAD-007\">",
        "<tr class=\"check expected_fail\" data-id=\"SWAP-PAYLOAD-007\">",
        "<tr class=\"dev expected_fail\">",
        "<code>device_transaction_id_ng</code>",
        "Field 12 holds exactly the 32 nonce bytes sent",
        "does not conform",
        "X-API-KEY: ***",
    ] {
        ensure(dom.contains(want), &format!("the DOM lacks `{want}`"), &out)?;
    }
    ensure(
        dom.matches("<tr class=\"field\">").count() >= 8,
        "decoded payload fields missing",
        &out,
    )
}
