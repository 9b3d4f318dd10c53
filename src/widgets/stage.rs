//! The widget stage of `run`: the login widget, then each KYC test user with the login's
//! token, then the buy widget; one flow of the `widgets` suite each, with the evidence for
//! the reports. The browser runs on a blocking thread; the API calls on the run's runtime.

use super::api::Api;
use super::browser::{self, Browser, Killer};
use super::host::{self, Host};
use super::judge::{Verdicts, buy, exit, kyc, login, page};
use super::observe::Observation;
use super::session::{self, Plan};
use crate::profile::{
    Action, Api as Section, KycParams, KycWidgetUser, Login, Profile, Step, Widgets,
};
use crate::runner::outcome::{CheckOutcome, Exchange, FlowOutcome, StepOutcome, WidgetEvidence};
use crate::source::{Sources, Span};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The name of the suite the widget flows are reported under.
pub(crate) const SUITE: &str = "widgets";

/// What the stage needs.
pub(crate) struct Stage<'a> {
    pub profile: &'a Profile,
    pub sources: &'a Sources,
    /// The browser, or why there is none.
    pub browser: Result<PathBuf, String>,
    pub filters: &'a [String],
    /// Per API call.
    pub request_timeout: Duration,
}

/// The flows of the widget suite and their evidence.
#[derive(Default)]
pub(crate) struct Ran {
    pub flows: Vec<FlowOutcome>,
    pub evidence: Vec<WidgetEvidence>,
}

/// One widget flow's content, before it becomes a [`FlowOutcome`].
struct Done {
    name: String,
    span: Span,
    checks: Vec<CheckOutcome>,
    exchanges: Vec<Exchange>,
    secrets: Vec<String>,
    evidence: Option<WidgetEvidence>,
}

/// Runs one flow and keeps how long it took.
async fn timed(f: impl std::future::Future<Output = Done>) -> (Done, u64) {
    let start = Instant::now();
    let d = f.await;
    (d, start.elapsed().as_millis() as u64)
}

/// The names of the flows the profile's `widgets:` asks for, kept by the filters.
pub(crate) fn planned(widgets: &Widgets, filters: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    if widgets.login.is_some() {
        names.push("login".to_string());
    }
    for u in widgets.kyc.iter().flat_map(|k| &k.users) {
        names.push(format!("kyc [{}]", u.name));
    }
    if widgets.buy.is_some() {
        names.push("buy".to_string());
    }
    names.retain(|n| {
        filters.is_empty()
            || filters.iter().any(|f| {
                format!("{SUITE}/{n}").contains(f.as_str())
                    || f == SUITE
                    || "WIDGET-".starts_with(f.as_str())
                    || f.starts_with("WIDGET")
            })
    });
    names
}

/// Runs every planned widget.
pub(crate) async fn run(stage: &Stage<'_>) -> Ran {
    let Some(widgets) = &stage.profile.widgets else {
        return Ran::default();
    };
    let names = planned(widgets, stage.filters);
    if names.is_empty() {
        return Ran::default();
    }
    let program = match &stage.browser {
        Ok(p) => p.clone(),
        Err(why) => return not_run(&names, why),
    };
    let mut driver = match Driver::start(&program).await {
        Ok(d) => d,
        Err(e) => {
            return not_run(
                &names,
                &format!("the browser `{}` did not start: {e}", program.display()),
            );
        }
    };
    let mut done = Vec::new();
    let mut token = None;
    if names.iter().any(|n| n == "login")
        && let Some(l) = &widgets.login
    {
        let start = Instant::now();
        let (d, t) = login_flow(stage, &mut driver, l).await;
        done.push((d, start.elapsed().as_millis() as u64));
        token = t;
    }
    for user in widgets
        .kyc
        .iter()
        .flat_map(|k| k.users.iter().map(move |u| (k, u)))
    {
        if names.contains(&format!("kyc [{}]", user.1.name)) {
            done.push(
                timed(kyc_flow(
                    stage,
                    &mut driver,
                    user.0,
                    user.1,
                    token.as_deref(),
                ))
                .await,
            );
        }
    }
    if names.iter().any(|n| n == "buy")
        && let Some(b) = &widgets.buy
    {
        done.push(timed(buy_flow(stage, &mut driver, b)).await);
    }
    driver.stop();
    finish(stage, done)
}

/// The planned widgets, listed as not run and why (no browser): no check, so the run's
/// verdict is that of the APIs (the reference provider on a machine with only Rust).
fn not_run(names: &[String], why: &str) -> Ran {
    let evidence = names
        .iter()
        .map(|n| WidgetEvidence {
            flow: format!("{SUITE} › {n}"),
            url: String::new(),
            contract: None,
            messages: Vec::new(),
            not_run: Some(format!("{why} (the widget checks need a browser)")),
            screenshot: None,
        })
        .collect();
    Ran {
        flows: Vec::new(),
        evidence,
    }
}

fn finish(stage: &Stage<'_>, done: Vec<(Done, u64)>) -> Ran {
    let mut ran = Ran::default();
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    for (d, ms) in done {
        ran.flows.push(FlowOutcome {
            name: d.name.clone(),
            tags: vec![SUITE.to_string()],
            started_at: started_at.clone(),
            duration_ms: ms,
            steps: vec![StepOutcome {
                name: format!("{} widget", d.name),
                location: stage.sources.location(d.span),
                exchanges: d.exchanges,
                checks: d.checks,
                decoded_payload: None,
                secrets: d.secrets,
            }],
        });
        ran.evidence.extend(d.evidence);
    }
    ran
}

/// The browser, the host page, and a way to kill the browser from any thread.
struct Driver {
    browser: Option<Browser>,
    host: Host,
    _kill: KillOnDrop,
}

/// Kills the browser when the stage is dropped, e.g. by Ctrl-C while a widget runs.
struct KillOnDrop(Killer);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        self.0.kill();
    }
}

impl Driver {
    async fn start(program: &std::path::Path) -> std::io::Result<Driver> {
        let host = Host::start().await?;
        let program = program.to_path_buf();
        let b = tokio::task::spawn_blocking(move || Browser::launch_ready(&program))
            .await
            .map_err(std::io::Error::other)??;
        let kill = KillOnDrop(b.killer());
        Ok(Driver {
            browser: Some(b),
            host,
            _kill: kill,
        })
    }

    /// Runs one plan on the blocking pool.
    async fn run(&mut self, plan: Plan) -> Observation {
        let Some(mut b) = self.browser.take() else {
            return Observation {
                browser_error: Some("the browser is gone".into()),
                ..Observation::default()
            };
        };
        let joined = tokio::task::spawn_blocking(move || {
            let obs = session::run(&mut b.cdp, &plan);
            (b, obs)
        })
        .await;
        match joined {
            Ok((b, obs)) => {
                self.browser = Some(b);
                obs
            }
            Err(e) => Observation {
                browser_error: Some(format!("the browser thread failed: {e}")),
                ..Observation::default()
            },
        }
    }

    fn stop(&mut self) {
        self.browser.take();
    }
}

/// Selectors of the fields a step fills with a secret.
fn masked(steps: &[Step], secrets: &[String]) -> Vec<String> {
    steps
        .iter()
        .filter_map(|s| match &s.action {
            Action::Fill { selector, value } if secrets.contains(value) => Some(selector.clone()),
            _ => None,
        })
        .collect()
}

/// `url` with `params` appended to its query.
fn with_params(url: &str, params: &[(&str, &str)]) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::percent::encode(v)))
        .collect();
    format!("{url}{sep}{}", query.join("&"))
}

/// `localStorage` as Ledger Live sets it (mobile `Widget.tsx`: the token removed before
/// login, set for KYC; the theme `dark` or `light`).
fn storage(token: Option<&str>) -> String {
    let set = match token {
        Some(t) => format!(
            "localStorage.setItem(\"authToken\", {});",
            serde_json::to_string(t).unwrap_or_default()
        ),
        None => "localStorage.removeItem(\"authToken\");".to_string(),
    };
    format!("{set} localStorage.setItem(\"theme\", \"dark\");")
}

fn evidence(name: &str, url: &str, obs: &Observation) -> WidgetEvidence {
    WidgetEvidence {
        flow: format!("{SUITE} › {name}"),
        url: url.to_string(),
        contract: obs.messages.first().map(|m| m.via),
        messages: obs.messages.clone(),
        not_run: None,
        screenshot: obs.screenshot.clone(),
    }
}

async fn login_flow(
    stage: &Stage<'_>,
    driver: &mut Driver,
    l: &crate::profile::LoginWidget,
) -> (Done, Option<String>) {
    let plan = Plan {
        page: driver.host.page_for(&l.url),
        framed: true,
        preload: Some(host::bridge_script(&storage(None))),
        steps: l.steps.list.clone(),
        map: None,
        masked: masked(&l.steps.list, &stage.profile.secrets),
        timeout: l.timeout,
        grace: l.timeout / 2,
        exits_by_message: true,
        read_text: false,
    };
    let obs = driver.run(plan).await;
    let mut v = Verdicts::new(stage.sources.location(l.span));
    let origin = driver.host.origin();
    let mut api = Api::new(stage.request_timeout);
    let mut token = None;
    if let Some(why) = page::judge(&mut v, &obs, Some(&origin), !l.steps.list.is_empty()) {
        for (id, check) in [
            ("WIDGET-LOGIN-001", "token_shape"),
            ("WIDGET-TOKEN-001", "token_jwt"),
            ("WIDGET-TOKEN-002", "token_works"),
            ("WIDGET-TIME-001", "within_timeout"),
            ("WIDGET-EXIT-001", "exit_convention"),
        ] {
            v.skip(id, check, &why);
        }
    } else {
        let delivered = login::judge_shape(&mut v, &obs);
        let v1 = stage.profile.sections.get(&Section::SwapV1);
        let needs = v1.is_some_and(|s| s.login == Login::Required);
        login::judge_jwt(&mut v, delivered.as_ref(), needs);
        token_works(
            &mut v,
            &mut api,
            v1,
            delivered.as_ref().map(|d| d.token.as_str()),
        )
        .await;
        exit::judge(&mut v, &obs, l.timeout);
        token = delivered.map(|d| d.token);
    }
    let done = Done {
        name: "login".into(),
        span: l.span,
        checks: v.checks,
        exchanges: api.exchanges,
        secrets: token.iter().cloned().collect(),
        evidence: Some(evidence("login", &l.url, &obs)),
    };
    (done, token)
}

/// WIDGET-TOKEN-002: a quote, then `/check_quote` and `/swap` with the token.
async fn token_works(
    v: &mut Verdicts,
    api: &mut Api,
    v1: Option<&crate::profile::Section>,
    token: Option<&str>,
) {
    const ID: &str = "WIDGET-TOKEN-002";
    let (Some(v1), Some(token)) = (v1, token) else {
        let why = if token.is_none() {
            "no token was delivered (WIDGET-LOGIN-001)"
        } else {
            "the profile has no `swap_v1` section to use the token on"
        };
        v.skip(ID, "token_works", why);
        return;
    };
    let Some(pair) = v1.pairs.first() else {
        v.skip(ID, "token_works", "the profile's `swap_v1` has no pair");
        return;
    };
    let quote = match api.quote(v1, pair, pair.amount.as_str()).await {
        Ok(q) => q,
        Err(e) => {
            v.add(
                ID,
                "token_works",
                crate::runner::outcome::Status::Error,
                format!("could not get a quote to use the token on: {e}"),
            );
            return;
        }
    };
    let checked = api.check_quote(v1, &quote, Some(token)).await;
    let swapped = api.swap(v1, pair, &quote, token).await;
    let result = match (checked, swapped) {
        (Ok((s, _)), Ok(sw)) if (200..300).contains(&s) && (200..300).contains(&sw.status) => {
            Ok(format!(
                "`/check_quote` answered {s} and `/swap` {} with the widget's token",
                sw.status
            ))
        }
        (Ok((s, code)), _) if !(200..300).contains(&s) => Err(format!(
            "`/check_quote` refused the widget's token: {s} `{code}`"
        )),
        (_, Ok(sw)) => Err(format!("`/swap` refused the widget's token: {}", sw.status)),
        (Err(e), _) | (_, Err(e)) => Err(format!("no answer: {e}")),
    };
    v.judge(ID, "token_works", result);
}

async fn kyc_flow(
    stage: &Stage<'_>,
    driver: &mut Driver,
    k: &crate::profile::KycWidget,
    user: &KycWidgetUser,
    token: Option<&str>,
) -> Done {
    let name = format!("kyc [{}]", user.name);
    let mut v = Verdicts::new(stage.sources.location(user.span));
    let mut api = Api::new(stage.request_timeout);
    let v1 = stage.profile.sections.get(&Section::SwapV1);
    let needs = v1.is_some_and(|s| s.login == Login::Required);
    let blocked = match (v1.and_then(|s| s.pairs.first().map(|p| (s, p))), token) {
        (None, _) => Some("the profile has no `swap_v1` section with a pair to quote".to_string()),
        (_, None) if needs => Some("the login widget delivered no token".to_string()),
        _ => None,
    };
    let mut quote = None;
    if blocked.is_none()
        && let Some((s, pair)) = v1.and_then(|s| s.pairs.first().map(|p| (s, p)))
    {
        let amount = user.amount.as_ref().unwrap_or(&pair.amount);
        match api.quote(s, pair, amount.as_str()).await {
            Ok(q) => quote = Some(q),
            Err(e) => v.add(
                "WIDGET-KYC-002",
                "kyc_agrees",
                crate::runner::outcome::Status::Error,
                format!("could not get a quote for the KYC widget: {e}"),
            ),
        }
    }
    let (Some(quote_id), Some(s)) = (quote, v1) else {
        if let Some(why) = blocked {
            for (id, check) in [
                ("WIDGET-LOAD-001", "page_loads"),
                ("WIDGET-KYC-001", "kyc_answer"),
                ("WIDGET-KYC-002", "kyc_agrees"),
            ] {
                v.skip(id, check, &why);
            }
        }
        return Done {
            name,
            span: user.span,
            checks: v.checks,
            exchanges: api.exchanges,
            secrets: Vec::new(),
            evidence: None,
        };
    };
    let url = match k.params {
        KycParams::Seed => with_params(
            &k.url,
            &[
                ("quoteId", &quote_id),
                ("bearerToken", token.unwrap_or_default()),
            ],
        ),
        KycParams::LedgerLive => with_params(&k.url, &[("quoteId", &quote_id)]),
    };
    let preload = match k.params {
        KycParams::Seed => storage(None),
        KycParams::LedgerLive => storage(token),
    };
    let plan = Plan {
        page: driver.host.page_for(&url),
        framed: true,
        preload: Some(host::bridge_script(&preload)),
        steps: user.steps.list.clone(),
        map: None,
        masked: masked(&user.steps.list, &stage.profile.secrets),
        timeout: k.timeout,
        grace: k.timeout / 2,
        exits_by_message: true,
        read_text: false,
    };
    let obs = driver.run(plan).await;
    if let Some(why) = page::judge(
        &mut v,
        &obs,
        Some(&driver.host.origin()),
        !user.steps.list.is_empty(),
    ) {
        for (id, check) in [
            ("WIDGET-KYC-001", "kyc_answer"),
            ("WIDGET-KYC-002", "kyc_agrees"),
            ("WIDGET-TIME-001", "within_timeout"),
            ("WIDGET-EXIT-001", "exit_convention"),
        ] {
            v.skip(id, check, &why);
        }
    } else {
        let answer = kyc::judge_answer(&mut v, &obs);
        let checked = api.check_quote(s, &quote_id, token).await;
        kyc::judge_agreement(&mut v, answer.as_deref(), checked, &user.expected);
        exit::judge(&mut v, &obs, k.timeout);
    }
    Done {
        name: name.clone(),
        span: user.span,
        checks: v.checks,
        exchanges: api.exchanges,
        secrets: Vec::new(),
        evidence: Some(evidence(&name, &url, &obs)),
    }
}

async fn buy_flow(stage: &Stage<'_>, driver: &mut Driver, b: &crate::profile::BuyWidget) -> Done {
    let mut v = Verdicts::new(stage.sources.location(b.span));
    let mut api = Api::new(stage.request_timeout);
    let section = stage.profile.sections.get(&Section::Buy);
    let dest = section
        .and_then(|s| s.quote.as_ref())
        .map(|q| q.dest.clone())
        .unwrap_or_default();
    let url = match section {
        None => Err("the profile has no `buy` section".to_string()),
        Some(s) => api.buy_redirect(s).await,
    };
    let url = url.and_then(|u| {
        if u.starts_with("https://") || u.starts_with("http://") {
            Ok(u)
        } else {
            Err("`rampRedirectUrl` is not an absolute http(s) URL (BUY-REDIRECT-002)".into())
        }
    });
    let url = match url {
        Ok(u) => u,
        Err(e) => {
            // The buy suite's BUY-REDIRECT checks judge the redirect itself.
            v.skip(
                "WIDGET-LOAD-001",
                "page_loads",
                &format!("no `rampRedirectUrl` to load: {e}"),
            );
            return Done {
                name: "buy".into(),
                span: b.span,
                checks: v.checks,
                exchanges: api.exchanges,
                secrets: Vec::new(),
                evidence: None,
            };
        }
    };
    let started = Instant::now();
    let plan = Plan {
        page: url.clone(),
        framed: false,
        preload: None,
        steps: Vec::new(),
        map: b.map.clone(),
        masked: Vec::new(),
        timeout: b.budget * 2,
        grace: Duration::ZERO,
        exits_by_message: false,
        read_text: true,
    };
    let obs = driver.run(plan).await;
    let _ = started;
    if let Some(why) = page::judge(&mut v, &obs, None, false) {
        for (id, check) in [
            ("WIDGET-BUY-001", "within_budget"),
            ("WIDGET-BUY-002", "keeps_address"),
        ] {
            v.skip(id, check, &why);
        }
    } else {
        buy::judge(&mut v, &obs, b.budget, &dest);
    }
    Done {
        name: "buy".into(),
        span: b.span,
        checks: v.checks,
        exchanges: api.exchanges,
        secrets: Vec::new(),
        evidence: Some(evidence("buy", &url, &obs)),
    }
}

/// Finds the browser for a run: `--browser`, else `PATH`.
pub(crate) fn find_browser(given: Option<&std::path::Path>) -> Result<PathBuf, String> {
    browser::find(given)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_appended_to_the_query() {
        assert_eq!(
            with_params("https://a.example/kyc", &[("quoteId", "q 1")]),
            "https://a.example/kyc?quoteId=q%201"
        );
        assert_eq!(
            with_params("https://a.example/kyc?hideFrame=true", &[("a", "b")]),
            "https://a.example/kyc?hideFrame=true&a=b"
        );
    }

    #[test]
    fn ledger_lives_storage_removes_the_token_before_login_and_sets_it_for_kyc() {
        assert!(storage(None).contains("removeItem(\"authToken\")"));
        assert!(storage(Some("T")).contains("setItem(\"authToken\", \"T\")"));
        assert!(storage(None).contains("\"theme\", \"dark\""));
    }
}
