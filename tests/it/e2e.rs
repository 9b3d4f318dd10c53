//! End to end: the real binary against the reference provider on loopback.

use crate::support::{Scratch, checks, ensure, report, run_in, text};
use libtest_mimic::{Failed, Trial};

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "e2e::reference_provider_passes_every_check",
            reference_passes,
        ),
        Trial::test(
            "e2e::reference_on_secp256r1_passes_every_check",
            reference_r1_passes,
        ),
        Trial::test(
            "e2e::reports_are_written_with_consistent_counts",
            reports_consistent,
        ),
        Trial::test(
            "e2e::profile_file_with_env_secret_passes_and_never_leaks",
            profile_with_env_secret,
        ),
        Trial::test(
            "e2e::profile_file_at_a_faulty_server_names_expected_and_actual",
            profile_at_faulty_server,
        ),
        Trial::test("e2e::list_sends_nothing_and_names_requirements", list_only),
        Trial::test("e2e::filter_keeps_only_matching_flows", filter_flows),
        Trial::test(
            "e2e::unreachable_provider_is_an_error_outcome_not_a_crash",
            unreachable_provider,
        ),
        Trial::test("e2e::serve_prints_url_and_key", serve_prints),
        Trial::test(
            "e2e::serve_lists_into_a_closed_pipe_without_a_panic",
            lists_into_a_closed_pipe,
        ),
    ]
}

fn reference_passes() -> Result<(), Failed> {
    let dir = Scratch::new("ref");
    let out = run_in(&dir.0, &["run"]);
    ensure(
        out.status.code() == Some(0),
        "the reference provider should pass",
        &out,
    )?;
    let r = report(&dir.0);
    let all = checks(&r);
    ensure(all.len() > 100, "too few checks ran", &out)?;
    let bad: Vec<_> = all.iter().filter(|(_, s, _)| s != "pass").collect();
    ensure(
        bad.is_empty(),
        &format!("non-passing checks: {bad:?}"),
        &out,
    )?;
    // The payload rules really ran (not skipped, not stubbed).
    for id in ["SWAP-PAYLOAD-007", "SWAP-SIG-002", "SWAP-BIND-006"] {
        ensure(
            all.iter().any(|(i, s, _)| i == id && s == "pass"),
            &format!("{id} did not pass"),
            &out,
        )?;
    }
    let stdout = text(&out.stdout);
    ensure(
        stdout.lines().any(|l| l.ends_with(" passed, 0 failed")),
        "closing line missing",
        &out,
    )?;
    Ok(())
}

fn reference_r1_passes() -> Result<(), Failed> {
    let dir = Scratch::new("ref-r1");
    let out = run_in(&dir.0, &["run", "--curve", "secp256r1"]);
    ensure(
        out.status.code() == Some(0),
        "the reference provider on P-256 should pass",
        &out,
    )
}

fn reports_consistent() -> Result<(), Failed> {
    let dir = Scratch::new("reports");
    let out = run_in(&dir.0, &["run", "fixed"]);
    ensure(out.status.code() == Some(0), "run failed", &out)?;
    let r = report(&dir.0);
    let n = checks(&r).len() as u64;
    ensure(
        r["totals"]["passed"].as_u64() == Some(n),
        "JSON totals disagree with the checks",
        &out,
    )?;
    let xml = std::fs::read_to_string(dir.path("junit.xml"))?;
    let cases = xml.matches("<testcase ").count() as u64;
    ensure(
        cases == n,
        &format!("JUnit has {cases} testcases for {n} checks"),
        &out,
    )?;
    ensure(
        xml.contains("name=\"requirement\" value=\"SWAP-SIG-002\""),
        "requirement property missing",
        &out,
    )?;
    ensure(!xml.contains('\u{1b}'), "ANSI escape in JUnit", &out)?;
    Ok(())
}

/// Starts the reference provider in this process and certifies it through a profile file whose
/// API key comes from the environment; the key must appear in no output.
fn profile_with_env_secret() -> Result<(), Failed> {
    let dir = Scratch::new("profile");
    let rt = tokio::runtime::Runtime::new()?;
    let secret = "sentinel-Secret-4f1c9a";
    let opts = provider_conformance::provider::ProviderOptions {
        api_key: secret.to_string(),
        ..Default::default()
    };
    let provider = rt.block_on(provider_conformance::provider::start(
        opts,
        "127.0.0.1:0".parse()?,
    ))?;
    let profile = provider
        .profile_yaml()
        .replace(&format!("\"{secret}\""), "\"${env:PC_TEST_KEY}\"");
    if profile.contains(secret) {
        return Err("the profile still holds the literal key".into());
    }
    std::fs::write(dir.path("profile.yaml"), profile)?;
    let mut cmd = crate::support::bin();
    cmd.current_dir(&dir.0).env("PC_TEST_KEY", secret).args([
        "run",
        "--profile",
        "profile.yaml",
        "--junit",
        "junit.xml",
        "--json",
        "report.json",
    ]);
    let out = cmd.output()?;
    rt.block_on(provider.shutdown());
    ensure(
        out.status.code() == Some(0),
        "certifying through a profile failed",
        &out,
    )?;
    for (name, content) in [
        ("stdout", text(&out.stdout)),
        ("stderr", text(&out.stderr)),
        ("junit.xml", std::fs::read_to_string(dir.path("junit.xml"))?),
        (
            "report.json",
            std::fs::read_to_string(dir.path("report.json"))?,
        ),
    ] {
        ensure(
            !content.contains(secret),
            &format!("the secret leaked into {name}"),
            &out,
        )?;
    }
    let xml = std::fs::read_to_string(dir.path("junit.xml"))?;
    ensure(
        xml.contains("X-API-KEY: ***") || xml.contains("x-api-key: ***"),
        "the header is not shown redacted",
        &out,
    )?;
    Ok(())
}

/// A provider that puts the wrong nonce in the payload, certified through a profile file:
/// exactly SWAP-PAYLOAD-007 fails, with both values and the device's status word.
fn profile_at_faulty_server() -> Result<(), Failed> {
    let dir = Scratch::new("faulty-profile");
    let rt = tokio::runtime::Runtime::new()?;
    let opts = provider_conformance::provider::ProviderOptions {
        faults: vec!["wrong-nonce".parse().map_err(|e| format!("{e:?}"))?],
        ..Default::default()
    };
    let provider = rt.block_on(provider_conformance::provider::start(
        opts,
        "127.0.0.1:0".parse()?,
    ))?;
    std::fs::write(dir.path("profile.yaml"), provider.profile_yaml())?;
    let out = run_in(&dir.0, &["run", "--profile", "profile.yaml", "swap/fixed"]);
    rt.block_on(provider.shutdown());
    ensure(
        out.status.code() == Some(1),
        "a faulty provider must exit 1",
        &out,
    )?;
    let report = report(&dir.0);
    let failing: Vec<_> = checks(&report)
        .into_iter()
        .filter(|(_, s, _)| s == "fail")
        .collect();
    ensure(
        !failing.is_empty() && failing.iter().all(|(id, _, _)| id == "SWAP-PAYLOAD-007"),
        &format!("unexpected failures {failing:?}"),
        &out,
    )?;
    let message = &failing[0].2;
    ensure(
        message.contains("expected") && message.contains("got"),
        &format!("message lacks expected/actual: {message}"),
        &out,
    )?;
    let stdout = text(&out.stdout);
    ensure(
        stdout.contains("FAIL   SWAP-PAYLOAD-007") && stdout.contains("0x6A82"),
        "console line lacks the id or status word",
        &out,
    )?;
    let xml = std::fs::read_to_string(dir.path("junit.xml"))?;
    ensure(
        xml.contains("device_status_word") && xml.contains("0x6A82"),
        "JUnit lacks the status word",
        &out,
    )
}

fn list_only() -> Result<(), Failed> {
    let dir = Scratch::new("list");
    let out = run_in(&dir.0, &["run", "--list"]);
    ensure(out.status.code() == Some(0), "--list failed", &out)?;
    let stdout = text(&out.stdout);
    // The golden file lists every bundled flow and requirement: review its diff with a suite's.
    let golden =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/list.stdout");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &stdout)?;
    }
    let want = std::fs::read_to_string(&golden).unwrap_or_default();
    ensure(
        want == stdout,
        "`run --list` differs from tests/fixtures/list.stdout (UPDATE_GOLDEN=1 rewrites it)",
        &out,
    )?;
    ensure(
        stdout.contains("SWAP-QUOTE-005"),
        "requirement ids not listed",
        &out,
    )?;
    ensure(
        !dir.path("report.json").exists(),
        "--list must not run or write reports",
        &out,
    )
}

fn filter_flows() -> Result<(), Failed> {
    let dir = Scratch::new("filter");
    let out = run_in(&dir.0, &["run", "swap/credentials"]);
    ensure(out.status.code() == Some(0), "filtered run failed", &out)?;
    let ids: Vec<String> = checks(&report(&dir.0)).into_iter().map(|c| c.0).collect();
    ensure(
        !ids.is_empty() && ids.iter().all(|i| i.starts_with("SWAP-AUTH")),
        &format!("unexpected checks {ids:?}"),
        &out,
    )
}

fn unreachable_provider() -> Result<(), Failed> {
    let dir = Scratch::new("unreachable");
    // A port nothing listens on: bind, note it, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let profile = format!(
        "name: Nobody\nswap:\n  base_url: http://127.0.0.1:{port}/v2\n  curve: secp256k1\n  public_key: \"{REF_KEY}\"\n  pairs:\n    - {{ from: btc, to: eth, amount: \"0.01\", payload_currency_from: BTC, payload_currency_to: ETH, decimals_from: 8, decimals_to: 18, refund_address: a, payout_address: b }}\n"
    );
    std::fs::write(dir.path("p.yaml"), profile)?;
    let out = run_in(&dir.0, &["run", "--profile", "p.yaml", "--timeout", "2"]);
    ensure(
        out.status.code() == Some(1),
        "an unreachable provider must exit 1",
        &out,
    )?;
    let all = checks(&report(&dir.0));
    ensure(
        all.iter()
            .any(|(_, s, m)| s == "error" && m.contains("could not connect")),
        "no transport error outcome",
        &out,
    )
}

/// A valid secp256k1 public key (the generator point G), for profiles that never get a payload.
pub(crate) const REF_KEY: &str = "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

fn serve_prints() -> Result<(), Failed> {
    use std::io::{BufRead, BufReader};
    let mut child = crate::support::bin()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines().take(12) {
        let line = line?;
        let done = line.contains("public key") || line.contains("public_key");
        lines.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let all = lines.join("\n");
    if all.contains("http://127.0.0.1:") && all.to_lowercase().contains("public") {
        Ok(())
    } else {
        Err(format!("serve printed:\n{all}").into())
    }
}

/// `serve --list-faults | head -1` and the like: the reader has gone, so every write fails
/// with a broken pipe; the lists end quietly with exit 0, not with a panic.
fn lists_into_a_closed_pipe() -> Result<(), Failed> {
    for flag in ["--list-faults", "--list-variants"] {
        let (reader, writer) = std::io::pipe()?;
        drop(reader);
        let out = crate::support::bin()
            .args(["serve", flag])
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()?;
        let stderr = text(&out.stderr);
        if out.status.code() != Some(0) || stderr.contains("panicked") {
            return Err(format!(
                "`serve {flag}` into a closed pipe: {:?}\n{stderr}",
                out.status
            )
            .into());
        }
    }
    Ok(())
}
