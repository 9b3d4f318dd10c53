//! The reference provider's `--rate-limit` and `--latency-ms`, and the harness honouring
//! `429` with `Retry-After`: a rate-limited provider is still certified (the retries counted
//! in every report), and retries that cannot be made fail with the limit named. `serve
//! --write-profile` writes the profile of the instance it started.

use crate::support::{Scratch, bin, ensure, report, run_in, text};
use libtest_mimic::{Failed, Trial};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "ratelimit::a_rate_limited_provider_passes_with_its_retries_counted",
            passes_with_retries_counted,
        ),
        Trial::test(
            "ratelimit::retries_that_run_out_fail_naming_the_limit",
            retries_run_out,
        ),
        Trial::test(
            "ratelimit::a_wait_over_the_cap_is_not_made_and_the_429_is_judged",
            wait_over_the_cap_is_not_made,
        ),
        Trial::test(
            "ratelimit::without_retries_the_429_is_judged",
            without_retries_the_429_is_judged,
        ),
        Trial::test(
            "ratelimit::serve_answers_429_with_retry_after_and_delays_every_answer",
            serve_limits_and_delays,
        ),
    ]
}

fn passes_with_retries_counted() -> Result<(), Failed> {
    let dir = Scratch::new("ratelimit-pass");
    let out = run_in(&dir.0, &["run", "--rate-limit", "25"]);
    ensure(out.status.code() == Some(0), "exit 0", &out)?;
    let r = report(&dir.0);
    let retried = r["retries"]["retried"].as_u64().unwrap_or(0);
    ensure(retried > 0, "some requests were retried", &out)?;
    ensure(r["retries"]["gave_up"] == 0, "none gave up", &out)?;
    let stdout = text(&out.stdout);
    let line = format!("rate limited: {retried} request(s) sent again after `429`/`503`");
    ensure(stdout.contains(&line), "the console says the retries", &out)?;
    let junit = std::fs::read_to_string(dir.path("junit.xml"))?;
    let property = format!("<property name=\"run_http_retries\" value=\"{retried}\"/>");
    ensure(junit.contains(&property), "JUnit has the retries", &out)
}

fn retries_run_out() -> Result<(), Failed> {
    let dir = Scratch::new("ratelimit-out");
    // The buy suite alone, one request a second, four flows at once, one retry each.
    let args = ["run", "--rate-limit", "1", "--max-retries", "1", "buy"];
    let out = run_in(&dir.0, &args);
    ensure(out.status.code() == Some(1), "exit 1", &out)?;
    let r = report(&dir.0);
    ensure(
        r["retries"]["gave_up"].as_u64() > Some(0),
        "give-ups counted",
        &out,
    )?;
    let why = "rate limited: still `429` with `Retry-After: 1` after 1 retries (the limit, `--max-retries 1`)";
    ensure(
        text(&std::fs::read(dir.path("report.json"))?).contains(why),
        "a check names the limit",
        &out,
    )?;
    ensure(
        text(&out.stdout).contains("gave up after `--max-retries`"),
        "the console says so",
        &out,
    )
}

fn wait_over_the_cap_is_not_made() -> Result<(), Failed> {
    judged_as_it_is(&["run", "--rate-limit", "5", "--max-retry-wait", "0"])
}

fn without_retries_the_429_is_judged() -> Result<(), Failed> {
    judged_as_it_is(&["run", "--rate-limit", "5", "--max-retries", "0"])
}

/// The run fails, nothing is retried, and a status check saw the `429`.
fn judged_as_it_is(args: &[&str]) -> Result<(), Failed> {
    let dir = Scratch::new("ratelimit-judged");
    let out = run_in(&dir.0, args);
    ensure(out.status.code() == Some(1), "exit 1", &out)?;
    let r = report(&dir.0);
    ensure(r.get("retries").is_none(), "nothing retried", &out)?;
    ensure(
        text(&out.stdout).contains("status 429, expected 200"),
        "a status check saw the 429",
        &out,
    )
}

/// Kills the server it holds when dropped (it was started by this test).
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve_limits_and_delays() -> Result<(), Failed> {
    let dir = Scratch::new("ratelimit-serve");
    let profile = dir.path("profile.yaml");
    let child = bin()
        .args(["serve", "--listen", "127.0.0.1:0", "--rate-limit", "2"])
        .args(["--latency-ms", "100", "--write-profile"])
        .arg(&profile)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut server = Server(child);
    let stdout = server.0.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout);
    let mut first = String::new();
    lines.read_line(&mut first)?;
    // The server prints more lines: a closed pipe would make it fail.
    std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
    let addr = first
        .trim()
        .rsplit("http://")
        .next()
        .ok_or_else(|| format!("no address in {first:?}"))?
        .to_string();
    let written = std::fs::read_to_string(&profile)?;
    if !written.contains(&format!("base_url: \"http://{addr}/v2\"")) {
        return Err(format!("the written profile does not describe {addr}:\n{written}").into());
    }
    let mut answers = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let head = get(&addr, "/v2/currencies?limit=1")?;
        answers.push((head, started.elapsed()));
    }
    for (head, took) in &answers {
        if *took < Duration::from_millis(100) {
            return Err(format!("answered in {took:?}, before the 100 ms latency: {head}").into());
        }
        if !head.starts_with("HTTP/1.1 ") {
            return Err(format!("not an HTTP answer: {head}").into());
        }
    }
    let statuses: Vec<&str> = answers.iter().map(|(h, _)| &h[9..12]).collect();
    // Three requests well within one second: the third is past the limit of 2.
    if statuses != ["200", "200", "429"] {
        return Err(format!("statuses {statuses:?}").into());
    }
    let third = answers[2].0.to_ascii_lowercase();
    if !third.contains("\r\nretry-after: 1\r\n") || !third.contains("rate_limited") {
        return Err(format!("the 429 lacks `Retry-After: 1` or its messageKey: {third}").into());
    }
    drop(server);
    Ok(())
}

/// One GET over a fresh loopback connection: the whole answer, head and body.
fn get(addr: &str, path: &str) -> Result<String, Failed> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nX-API-KEY: reference-api-key\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    s.read_to_string(&mut answer)?;
    Ok(answer)
}
