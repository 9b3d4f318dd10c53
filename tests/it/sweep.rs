//! The pair sweep end to end on loopback, at bounded sizes: 500 synthetic pairs all pass, a
//! seeded sample is the same draw twice, and under `--rps R` the provider never counts more
//! than R requests within one second. The faults that trip SWEEP-001 and SWEEP-002 are in
//! the provider's fault table (`tests/it/faults.rs` runs them).

use crate::support::{Scratch, checks, ensure, report, run_in, text};
use libtest_mimic::{Failed, Trial};
use provider_conformance::provider::{self, ProviderOptions};
use std::collections::BTreeSet;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test("sweep::five_hundred_pairs_pass_every_check", five_hundred),
        Trial::test("sweep::a_seed_names_one_sample", seeded_sample),
        Trial::test(
            "sweep::rps_is_never_exceeded_at_the_server",
            rps_at_the_server,
        ),
        Trial::test(
            "sweep::more_than_a_hundred_pages_of_pairs_pass_the_listing",
            many_pages,
        ),
        Trial::test(
            "sweep::a_sweep_cut_by_the_deadline_is_incomplete_not_a_pass",
            cut_by_the_deadline,
        ),
        // `script` (util-linux, in every Debian) gives the run a terminal.
        Trial::test(
            "sweep::a_terminal_shows_the_progress_bar_and_ci_or_a_pipe_do_not",
            progress_bar,
        )
        .with_ignored_flag(!has_script()),
    ]
}

fn has_script() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The sweep on a terminal (a pseudo-terminal from `script`) draws its bar: quotes done of
/// the total. With `CI` set, or when its output is a pipe, it draws none.
fn progress_bar() -> Result<(), Failed> {
    let dir = Scratch::new("sweep-bar");
    let bin = env!("CARGO_BIN_EXE_provider-conformance");
    // 200 pairs answered after 5 ms, 8 at once: about a quarter of a second of quotes, so
    // the bar (drawn at most 20 times a second) is drawn more than once.
    let command = format!(
        "'{bin}' run --pairs 200 --latency-ms 5 sweep --junit junit.xml --json report.json"
    );
    let on_terminal = |ci: bool| {
        let mut c = Command::new("script");
        c.current_dir(&dir.0)
            .args(["-qec", &command, "/dev/null"])
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_ACTIONS")
            .env_remove("GITHUB_STEP_SUMMARY");
        if ci {
            c.env("CI", "true");
        } else {
            c.env_remove("CI");
        }
        c.output()
    };
    let bar = regex::Regex::new(r"sweep .* \d+/412 quotes").expect("a valid pattern");
    let out = on_terminal(false)?;
    ensure(
        out.status.code() == Some(0),
        "the sweep passes on a terminal",
        &out,
    )?;
    let shown = text(&out.stdout);
    ensure(
        bar.is_match(&shown),
        "a terminal shows the bar (n/412 quotes)",
        &out,
    )?;
    let out = on_terminal(true)?;
    ensure(
        out.status.code() == Some(0),
        "the sweep passes under CI",
        &out,
    )?;
    ensure(!bar.is_match(&text(&out.stdout)), "CI shows no bar", &out)?;
    let out = run_in(
        &dir.0,
        &["run", "--pairs", "200", "--latency-ms", "5", "sweep"],
    );
    ensure(
        out.status.code() == Some(0),
        "the sweep passes into a pipe",
        &out,
    )?;
    let piped = format!("{}{}", text(&out.stdout), text(&out.stderr));
    ensure(!bar.is_match(&piped), "a pipe shows no bar", &out)?;
    Ok(())
}

fn five_hundred() -> Result<(), Failed> {
    let dir = Scratch::new("sweep-500");
    let out = run_in(
        &dir.0,
        &[
            "run",
            "--pairs",
            "500",
            "sweep",
            "--sweep-swaps",
            "2",
            "--sweep-results",
            "r.ndjson",
        ],
    );
    ensure(out.status.code() == Some(0), "the sweep passes", &out)?;
    let r = report(&dir.0);
    let errors = crate::reports::schema_errors(&crate::reports::report_validator()?, &r);
    ensure(
        errors.is_empty(),
        &format!("the report's schema: {errors}"),
        &out,
    )?;
    let s = &r["sweep"];
    // 504 pairs by fixed and float, and the seed API's 4 at the current API's minimum.
    ensure(
        s["pairs_swept"] == 504 && s["quotes_done"] == 1012 && s["seed_pairs"] == 4,
        "504 pairs, 1012 quotes, 4 seed pairs",
        &out,
    )?;
    ensure(s["swaps_done"] == 2, "two swaps", &out)?;
    let ids: BTreeSet<String> = checks(&r).into_iter().map(|(i, _, _)| i).collect();
    for id in [
        "SWEEP-001",
        "SWEEP-002",
        "SWEEP-003",
        "SWEEP-004",
        "SWAP-QUOTE-002",
        "SWAP-SIG-002",
        "V1-QUOTE-002",
    ] {
        ensure(ids.contains(id), &format!("{id} is reported"), &out)?;
    }
    let lines = std::fs::read_to_string(dir.path("r.ndjson"))?;
    ensure(
        lines.lines().count() == 1012,
        "one NDJSON line per quote",
        &out,
    )?;
    let junit = std::fs::read_to_string(dir.path("junit.xml"))?;
    ensure(
        junit.contains("name=\"latency POST /quote fixed p95_ms\""),
        "JUnit carries the percentiles",
        &out,
    )?;
    // One testcase per requirement per trade method, not one per pair.
    let cases = junit.matches("SWEEP-001 fixed quote").count();
    ensure(
        cases == 1,
        &format!("one SWEEP-001 fixed testcase, found {cases}"),
        &out,
    )
}

/// The pairs of an NDJSON results file.
fn pairs_of(path: &std::path::Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| v["pair"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn seeded_sample() -> Result<(), Failed> {
    let dir = Scratch::new("sweep-sample");
    let mut drawn = Vec::new();
    for (seed, file) in [("3", "a"), ("3", "b"), ("4", "c")] {
        let out = run_in(
            &dir.0,
            &[
                "run",
                "--pairs",
                "500",
                "sweep",
                "--sample",
                "20",
                "--seed",
                seed,
                "--sweep-results",
                file,
            ],
        );
        ensure(out.status.code() == Some(0), "the sample passes", &out)?;
        drawn.push(pairs_of(&dir.path(file)));
    }
    if drawn[0].len() != 20 || drawn[0] != drawn[1] || drawn[0] == drawn[2] {
        return Err(format!("seed 3 twice and seed 4 drew {drawn:?}").into());
    }
    Ok(())
}

/// Serves the reference provider behind a layer that notes when each request arrives, runs
/// a sweep at `--rps 10` against it, and checks that any 11 consecutive arrivals span more
/// than a second: no one-second window holds more than 10.
fn rps_at_the_server() -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new()?;
    let arrivals: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let dir = Scratch::new("sweep-rps");
    let seen = arrivals.clone();
    let (profile, stop) = rt.block_on(async move {
        let opts = ProviderOptions {
            pairs: 60,
            ..ProviderOptions::default()
        };
        let p = provider::start(opts, ([127, 0, 0, 1], 0).into()).await?;
        let counted = provider::app(p.state()).layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                seen.lock().unwrap().push(Instant::now());
                next.run(req)
            },
        ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let task = tokio::spawn(async move { axum::serve(listener, counted).await });
        let profile = p.profile_yaml().replace(&p.root_url(), &url);
        Ok::<_, std::io::Error>((profile, (p, task)))
    })?;
    std::fs::write(dir.path("p.yaml"), profile)?;
    let out = run_in(
        &dir.0,
        &[
            "run",
            "--profile",
            "p.yaml",
            "sweep",
            "--rps",
            "10",
            "--sample",
            "15",
            "--concurrency",
            "8",
        ],
    );
    let (p, task) = stop;
    task.abort();
    rt.block_on(p.shutdown());
    ensure(out.status.code() == Some(0), "the paced sweep passes", &out)?;
    let mut at = arrivals.lock().unwrap().clone();
    at.sort();
    ensure(
        at.len() >= 30,
        &format!("{} requests counted", at.len()),
        &out,
    )?;
    for w in at.windows(11) {
        let span = w[10] - w[0];
        if span <= Duration::from_secs(1) {
            return Err(format!("11 requests arrived within {span:?}").into());
        }
    }
    Ok(())
}

/// 412 quotes answered after 50 ms, 8 at once, take about 2.6 s: a 1 s deadline cuts the
/// sweep. The run ends in time, exits 1, is incomplete for the deadline, and counts the
/// quotes it did not send.
fn cut_by_the_deadline() -> Result<(), Failed> {
    let dir = Scratch::new("sweep-deadline");
    let t = Instant::now();
    let args = [
        "run",
        "--pairs",
        "200",
        "--latency-ms",
        "50",
        "--deadline",
        "1",
        "sweep",
    ];
    let out = run_in(&dir.0, &args);
    let took = t.elapsed();
    ensure(
        took < Duration::from_secs(10),
        &format!("ended in {took:?}"),
        &out,
    )?;
    ensure(out.status.code() == Some(1), "a cut sweep exits 1", &out)?;
    let r = report(&dir.0);
    ensure(
        r["incomplete"] == true && r["incomplete_reason"]["reason"] == "deadline",
        "incomplete, for the deadline",
        &out,
    )?;
    let s = &r["sweep"];
    let (done, planned) = (s["quotes_done"].as_u64(), s["quotes_planned"].as_u64());
    ensure(
        planned == Some(412) && done.is_some_and(|d| d < 412),
        &format!("{done:?} of {planned:?} quotes done"),
        &out,
    )?;
    Ok(())
}

/// The sources set no bound on the pages of `/pairs`: 154 pairs served one per page (the
/// `one-item-pages` variant) are 154 pages, past the old default bound of 100, and a
/// conforming provider. SWAP-PAIRS-003 follows every page and passes.
fn many_pages() -> Result<(), Failed> {
    let dir = Scratch::new("sweep-pages");
    let args = [
        "run",
        "--variant",
        "one-item-pages",
        "--pairs",
        "150",
        "swap/pairs",
    ];
    let out = run_in(&dir.0, &args);
    ensure(
        out.status.code() == Some(0),
        "154 one-item pages pass",
        &out,
    )?;
    let walked = checks(&report(&dir.0))
        .into_iter()
        .filter(|(id, _, _)| id == "SWAP-PAIRS-003")
        .map(|(_, status, message)| format!("{status}: {message}"))
        .collect::<Vec<_>>();
    ensure(
        walked == ["pass: 154 item(s) over 154 page(s), no loop, no duplicate"],
        &format!("SWAP-PAIRS-003: {walked:?}"),
        &out,
    )?;
    Ok(())
}
