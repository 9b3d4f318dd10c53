//! The bundled suites against the reference provider behind the seeded chaos proxy
//! (`chaos_proxy.rs`), a few seconds per seed: whatever the proxy does, the run ends with exit
//! 0 or 1 within its deadline, both reports are written and valid, the verdict agrees across
//! the exit code, report.json, junit.xml and the console, and an interrupted or deadline-hit
//! run is never reported as passing.

use crate::chaos_proxy::{ChaosProxy, Mischief, same_seed_same_choices};
use crate::hostile_ends::junit_counts_as_failed;
use crate::hostile_support::Running;
use crate::reports::{report_validator, schema_errors, xmllint};
use crate::support::{Scratch, bin, text};
use libtest_mimic::{Failed, Trial};
use provider_conformance::provider::{ProviderOptions, start};
use std::process::Output;
use std::time::{Duration, Instant};

/// The runs' `--deadline`, in seconds: a run through the proxy takes about 2 s.
const DEADLINE: u64 = 4;
/// Process start and the reports, on top of the deadline: generous, because a loaded CI
/// machine runs two trials at once and each starts a debug binary; a run that hangs still
/// fails by far.
const SLACK: Duration = Duration::from_secs(8);

/// One chaotic run.
struct Chaos {
    seed: u64,
    deadline: u64,
    /// Ctrl-C this long after the start.
    interrupt_after: Option<Duration>,
    /// The run must end incomplete for this reason (`deadline`, `interrupted`).
    must_stop: Option<&'static str>,
}

pub(crate) fn trials() -> Vec<Trial> {
    let mut trials: Vec<Trial> = [1u64, 2, 3]
        .into_iter()
        .map(|seed| {
            Trial::test(
                format!("chaos::seed_{seed}_ends_in_time_with_valid_reports_and_one_verdict"),
                move || {
                    chaos_run(&Chaos {
                        seed,
                        deadline: DEADLINE,
                        interrupt_after: None,
                        must_stop: None,
                    })
                },
            )
        })
        .collect();
    trials.push(Trial::test(
        "chaos::an_interrupted_chaotic_run_is_never_a_pass",
        || {
            chaos_run(&Chaos {
                seed: 4,
                deadline: DEADLINE,
                interrupt_after: Some(Duration::from_millis(700)),
                must_stop: Some("interrupted"),
            })
        },
    ));
    // Seed 1 stalls its 22nd connection for longer than a second.
    trials.push(Trial::test(
        "chaos::a_chaotic_run_cut_by_its_deadline_is_never_a_pass",
        || {
            chaos_run(&Chaos {
                seed: 1,
                deadline: 1,
                interrupt_after: None,
                must_stop: Some("deadline"),
            })
        },
    ));
    trials.push(Trial::test(
        "chaos::the_proxy_follows_its_seed",
        same_seed_same_choices,
    ));
    trials
}

/// One run through the proxy.
fn chaos_run(c: &Chaos) -> Result<(), Failed> {
    let seed = c.seed;
    let rt = tokio::runtime::Runtime::new()?;
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let provider = rt.block_on(start(ProviderOptions::default(), loopback))?;
    let proxy = ChaosProxy::start(&rt, provider.addr(), seed);
    let dir = Scratch::new(&format!("chaos-{seed}"));
    let profile = provider
        .profile_yaml()
        .replace(&provider.root_url(), &proxy.url());
    std::fs::write(dir.path("profile.yaml"), profile)?;
    let mut cmd = bin();
    cmd.current_dir(&dir.0)
        .args(["run", "--profile", "profile.yaml", "--timeout", "1"])
        .args(["--deadline", &c.deadline.to_string()])
        .args(["--json", "report.json", "--junit", "junit.xml"]);
    let started = Instant::now();
    let running = Running::start(&mut cmd)?;
    if let Some(after) = c.interrupt_after {
        std::thread::sleep(after);
        running.interrupt()?;
    }
    let bound = Duration::from_secs(c.deadline) + SLACK;
    let out = running.wait_within(bound + SLACK)?;
    let took = started.elapsed();
    let log = proxy.log.lock().map(|l| l.clone()).unwrap_or_default();
    let spoiled = log.iter().filter(|m| **m != Mischief::Pass).count();
    let show = |what: &str| -> Failed {
        format!(
            "seed {seed}: {what}\nexit {:?} after {took:?}; {} connections, {spoiled} spoiled: {log:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            out.status.code(),
            log.len(),
            text(&out.stdout),
            text(&out.stderr)
        )
        .into()
    };
    if took > bound {
        return Err(show("the run outlived its deadline"));
    }
    let code = out.status.code();
    let allowed: &[i32] = if c.interrupt_after.is_some() {
        &[0, 1, 130]
    } else {
        &[0, 1]
    };
    if !code.is_some_and(|c| allowed.contains(&c)) {
        return Err(show("unexpected exit code"));
    }
    if spoiled == 0 {
        return Err(show("the proxy spoiled nothing: the seed tests nothing"));
    }
    one_verdict(&dir, &out).map_err(|e| show(&e))?;
    if let Some(reason) = c.must_stop {
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path("report.json"))?)?;
        if report["incomplete_reason"]["reason"] != reason {
            return Err(show(&format!("the run was not stopped: {reason} expected")));
        }
    }
    Ok(())
}

fn failed_text(e: Failed) -> String {
    e.message().unwrap_or("failed").to_string()
}

/// Both reports valid, and the exit code, report.json, junit.xml and the console agree.
fn one_verdict(dir: &Scratch, out: &Output) -> Result<(), String> {
    let lint = xmllint(&dir.path("junit.xml")).map_err(failed_text)?;
    if !lint.status.success() {
        return Err(format!("junit.xml is not valid: {}", text(&lint.stderr)));
    }
    let json = std::fs::read_to_string(dir.path("report.json")).map_err(|e| e.to_string())?;
    let report: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| format!("report.json is not JSON: {e}"))?;
    let validator = report_validator().map_err(failed_text)?;
    let errors = schema_errors(&validator, &report);
    if !errors.is_empty() {
        return Err(format!("report.json does not match its schema:\n{errors}"));
    }
    let code = out.status.code().unwrap_or(-1);
    let verdict = &report["verdict"];
    if verdict["exit_code"] != code {
        return Err(format!("exit {code}, but report.json says {verdict}"));
    }
    let xml = std::fs::read_to_string(dir.path("junit.xml")).map_err(|e| e.to_string())?;
    let closing = text(&out.stdout)
        .lines()
        .rev()
        .find(|l| l.contains(" passed, "))
        .unwrap_or_default()
        .to_string();
    if code == 0 {
        if verdict["status"] != "pass" || report["incomplete"] != false {
            return Err(format!("exit 0 but report.json says {verdict}"));
        }
        if xml.contains("<failure") || xml.contains("<error") || closing.contains(':') {
            return Err(format!("exit 0 but junit.xml or `{closing}` disagrees"));
        }
        return Ok(());
    }
    if !xml.contains("<failure") && !xml.contains("<error") {
        return Err(format!(
            "exit {code} but junit.xml has no failure nor error"
        ));
    }
    if !closing.contains(": ") {
        return Err(format!(
            "exit {code} but the closing line `{closing}` gives no reason"
        ));
    }
    if report["incomplete"] == true {
        let reason = report["incomplete_reason"]["reason"]
            .as_str()
            .unwrap_or_default();
        let name = match reason {
            "unreachable" => "run incomplete: provider unreachable at ",
            "deadline" => "run incomplete: deadline",
            _ => "run incomplete: interrupted",
        };
        junit_counts_as_failed(&xml, name)?;
        if verdict["status"] != "incomplete" || !closing.ends_with("not a pass") {
            return Err(format!("incomplete, but {verdict} and `{closing}`"));
        }
    }
    if code == 130 && report["incomplete_reason"]["reason"] != "interrupted" {
        return Err("exit 130 without an interrupted report".into());
    }
    Ok(())
}
