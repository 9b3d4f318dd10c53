//! The reference provider's widgets in a real browser (headless Chromium): both contracts
//! pass every widget check, the evidence reaches the reports, and without a browser the
//! checks are listed as not run (no profile) or the run is a harness error (a profile with
//! `widgets:`). The widget faults are trials of `faults::` (their table rows run `widgets`).

use crate::support::{Scratch, checks, ensure, report, run_in, text};
use libtest_mimic::{Failed, Trial};

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test("widgets::bridge_contract_passes_every_widget_check", || {
            conforming(&[], "bridge")
        }),
        Trial::test(
            "widgets::post_message_contract_passes_every_widget_check",
            || conforming(&["--variant", "widgets-post-message"], "post_message"),
        ),
        Trial::test(
            "widgets::without_a_browser_the_checks_are_listed_as_not_run",
            without_a_browser_the_checks_are_listed_as_not_run,
        ),
        Trial::test(
            "widgets::a_profile_with_widgets_and_no_browser_is_a_harness_error",
            a_profile_with_widgets_and_no_browser_is_a_harness_error,
        ),
    ]
}

/// The ids every reference widget run must pass.
const ALL: &[&str] = &[
    "WIDGET-LOAD-001",
    "WIDGET-FRAME-001",
    "WIDGET-SCRIPT-001",
    "WIDGET-MIXED-001",
    "WIDGET-STEPS-001",
    "WIDGET-LOGIN-001",
    "WIDGET-TOKEN-001",
    "WIDGET-TOKEN-002",
    "WIDGET-KYC-001",
    "WIDGET-KYC-002",
    "WIDGET-TIME-001",
    "WIDGET-EXIT-001",
    "WIDGET-BUY-001",
    "WIDGET-BUY-002",
];

fn conforming(extra: &[&str], contract: &str) -> Result<(), Failed> {
    let dir = Scratch::new(&format!("widgets-{contract}"));
    let html = dir.path("report.html");
    let html_arg = html.display().to_string();
    let mut args = vec!["run", "--html", html_arg.as_str()];
    args.extend_from_slice(extra);
    args.push("widgets");
    let out = run_in(&dir.0, &args);
    let r = report(&dir.0);
    let all = checks(&r);
    let bad: Vec<String> = all
        .iter()
        .filter(|(_, s, _)| s != "pass")
        .map(|(i, s, m)| format!("{s} {i}: {m}"))
        .collect();
    ensure(
        bad.is_empty() && out.status.code() == Some(0),
        &format!("not all pass: {bad:#?}"),
        &out,
    )?;
    for id in ALL {
        ensure(
            all.iter().any(|(i, _, _)| i == id),
            &format!("{id} did not run"),
            &out,
        )?;
    }
    let widgets = r["widgets"]
        .as_array()
        .ok_or("no `widgets` evidence in report.json")?;
    ensure(
        widgets.len() == 4,
        "4 widget runs: login, two KYC users, buy",
        &out,
    )?;
    ensure(
        widgets[0]["contract"] == contract,
        &format!("the login used {contract}"),
        &out,
    )?;
    let json = std::fs::read_to_string(dir.path("report.json"))?;
    // The token is a secret: the JWT's header (the same for every reference token) never
    // appears followed by the rest of a token.
    ensure(
        !json.contains("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."),
        "no token in report.json",
        &out,
    )?;
    let page = std::fs::read_to_string(&html)?;
    ensure(
        page.matches("data:image/png;base64,").count() == 4,
        "4 screenshots in the HTML report",
        &out,
    )?;
    ensure(
        !page.contains("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."),
        "no token in the HTML report",
        &out,
    )?;
    let junit = std::fs::read_to_string(dir.path("junit.xml"))?;
    ensure(
        junit.contains("WIDGET-KYC-002"),
        "widget checks are JUnit testcases",
        &out,
    )
}

fn without_a_browser_the_checks_are_listed_as_not_run() -> Result<(), Failed> {
    let dir = Scratch::new("widgets-no-browser");
    let out = run_in(
        &dir.0,
        &["run", "--browser", "/nonexistent/chromium", "buy"],
    );
    let r = report(&dir.0);
    ensure(out.status.code() == Some(0), "the run stays green", &out)?;
    ensure(
        !checks(&r).iter().any(|(i, _, _)| i.starts_with("WIDGET")),
        "no widget check",
        &out,
    )?;
    let listed = r["widgets"]
        .as_array()
        .ok_or("the widgets are listed in report.json")?;
    ensure(
        listed.len() == 1
            && listed[0]["not_run"]
                .as_str()
                .is_some_and(|m| m.contains("apt-get install -y chromium")),
        "the buy widget is listed as not run, with what to install",
        &out,
    )?;
    ensure(
        text(&out.stdout).contains("NOT RUN"),
        "the console lists it",
        &out,
    )
}

fn a_profile_with_widgets_and_no_browser_is_a_harness_error() -> Result<(), Failed> {
    let dir = Scratch::new("widgets-profile-no-browser");
    let profile = dir.path("profile.yaml");
    std::fs::write(
        &profile,
        "name: ACME\nbuy:\n  base_url: http://127.0.0.1:9/buy\n  quote: { from: EUR, to: bitcoin, \
         payment_method: card, amount: 100, country: FR, dest: bc1qxyz }\nwidgets:\n  buy: { budget_secs: 5 }\n",
    )?;
    let p = profile.display().to_string();
    let out = run_in(
        &dir.0,
        &["run", "--profile", &p, "--browser", "/nonexistent/chromium"],
    );
    let err = text(&out.stderr);
    ensure(out.status.code() == Some(3), "exit 3 (harness error)", &out)?;
    ensure(
        err.contains("apt-get install -y chromium") && err.contains("--browser PATH"),
        "says what to install",
        &out,
    )?;
    ensure(
        !dir.path("report.json").exists(),
        "no report: nothing ran",
        &out,
    )
}
