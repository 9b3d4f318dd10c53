//! Runs one flow: its steps in order, with captures, polling and pagination.

use super::http::{Http, InResponse, OutRequest, record};
use super::outcome::{CheckOutcome, Exchange, FlowOutcome, Status, StepOutcome};
use super::plan::PlannedFlow;
use super::render_json;
use super::scope::Scope;
use crate::checks::{self, Input, Verdict, short};
use crate::profile::{Profile, Section};
use crate::source::{Location, Sources, Span};
use crate::suite::{Auth, Check, CheckKind, IpCheck, Paginate, Poll, Step, Suite};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// Everything a flow needs, shared by all flows of a run.
pub struct FlowContext<'a> {
    pub suites: &'a [Suite],
    pub profile: &'a Profile,
    pub sources: &'a Sources,
    pub http: &'a Http,
}

/// Runs one planned flow to its outcome. Never fails: problems become check outcomes.
pub async fn run_flow(ctx: &FlowContext<'_>, planned: &PlannedFlow) -> FlowOutcome {
    let suite = &ctx.suites[planned.suite];
    let flow = &suite.flows[planned.flow];
    let section = &ctx.profile.sections[&suite.api];
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let start = Instant::now();
    let mut scope = Scope {
        profile: &ctx.profile.json,
        pair: planned.pair.as_ref(),
        nonce_encoding: section.nonce_encoding,
        legacy: section.signature_mode == crate::profile::SignatureModeSetting::Legacy,
        values: HashMap::new(),
    };
    let mut steps = Vec::new();
    for step in &flow.steps {
        let runner = StepRunner {
            ctx,
            section,
            step,
            start,
            pair: planned.pair.as_ref(),
        };
        steps.push(runner.run(&mut scope).await);
    }
    FlowOutcome {
        name: planned.name.clone(),
        tags: flow.tags.clone(),
        started_at,
        duration_ms: start.elapsed().as_millis() as u64,
        steps,
    }
}

struct StepRunner<'a, 'c> {
    ctx: &'a FlowContext<'c>,
    section: &'a Section,
    step: &'a Step,
    start: Instant,
    pair: Option<&'a Value>,
}

impl StepRunner<'_, '_> {
    fn loc(&self, span: Span) -> Location {
        self.ctx.sources.location(span)
    }

    fn outcome(&self, check: &Check, status: Status, message: impl Into<String>) -> CheckOutcome {
        CheckOutcome {
            id: check.id.clone(),
            check: check.name().to_string(),
            status,
            message: message.into(),
            location: self.loc(check.span),
            status_word: None,
        }
    }

    /// Every check of the step, and its poll and pagination, marked with one status.
    fn all_marked(&self, status: Status, message: &str) -> Vec<CheckOutcome> {
        let mut out: Vec<CheckOutcome> = self
            .step
            .checks
            .iter()
            .map(|c| self.outcome(c, status, message))
            .collect();
        if let Some(p) = &self.step.poll {
            out.push(self.special(&p.id, "poll", p.span, status, message.to_string()));
        }
        if let Some(p) = &self.step.paginate {
            out.push(self.special(&p.id, "paginate", p.span, status, message.to_string()));
        }
        out
    }

    fn special(
        &self,
        id: &str,
        check: &str,
        span: Span,
        status: Status,
        message: String,
    ) -> CheckOutcome {
        CheckOutcome {
            id: id.to_string(),
            check: check.to_string(),
            status,
            message,
            location: self.loc(span),
            status_word: None,
        }
    }

    async fn run(&self, scope: &mut Scope<'_>) -> StepOutcome {
        let mut outcome = StepOutcome {
            name: self.step.name.clone(),
            location: self.loc(self.step.span),
            exchanges: Vec::new(),
            checks: Vec::new(),
            decoded_payload: None,
            secrets: Vec::new(),
        };
        let prepared = self
            .render_vars(scope)
            .and_then(|()| self.build_request(scope));
        let (req, request_json) = match prepared {
            Ok(r) => r,
            Err(NotRun::Missing(name)) => {
                let why =
                    format!("not run: `{name}` has no value (an earlier step did not capture it)");
                outcome.checks = self.all_marked(Status::Skip, &why);
                return outcome;
            }
            Err(NotRun::Invalid(why)) => {
                outcome.checks = self.all_marked(Status::Error, &format!("not run: {why}"));
                return outcome;
            }
        };
        let lookup = |n: &str| scope.get(n);
        let last = if let Some(p) = &self.step.paginate {
            self.paginate(p, &req, &mut outcome).await
        } else if let Some(p) = &self.step.poll {
            self.poll(p, &req, &lookup, &mut outcome).await
        } else {
            self.send(&req, &mut outcome.exchanges).await.map(|r| {
                let json = r.json();
                (r, json)
            })
        };
        let (resp, json) = match last {
            Ok(x) => x,
            Err(why) => {
                let mut marked = self.all_marked(Status::Error, &format!("not run: {why}"));
                // Poll and pagination verdicts already recorded stay as they are.
                marked.retain(|m| {
                    !outcome
                        .checks
                        .iter()
                        .any(|c| c.id == m.id && c.check == m.check)
                });
                outcome.checks.extend(marked);
                return outcome;
            }
        };
        let input = Input {
            response: &resp,
            json: &json,
            lookup: &lookup,
        };
        for check in &self.step.checks {
            if let CheckKind::SwapPayload = check.kind {
                let ctx = checks::swap_payload::PayloadContext {
                    section: self.section,
                    request: request_json.as_ref(),
                    response: &json,
                    pair: self.pair,
                };
                let (results, decoded) = checks::swap_payload::evaluate(&ctx);
                for r in results {
                    outcome.checks.push(CheckOutcome {
                        id: r.id,
                        check: "swap_payload".into(),
                        status: r.status,
                        message: r.message,
                        location: self.loc(check.span),
                        status_word: r.status_word,
                    });
                }
                outcome.decoded_payload = decoded;
                continue;
            }
            if self.step.paginate.is_some() && is_per_page(&check.kind) {
                continue; // evaluated on every page by `paginate`
            }
            let Verdict { status, message } = checks::evaluate(&check.kind, &input);
            outcome.checks.push(self.outcome(check, status, message));
        }
        self.capture(scope, &json, &mut outcome);
        outcome
    }

    fn capture(
        &self,
        scope: &mut Scope<'_>,
        json: &Result<Value, String>,
        outcome: &mut StepOutcome,
    ) {
        for cap in &self.step.capture {
            let found = json.as_ref().ok().and_then(|doc| {
                cap.path
                    .select(doc, &|n| scope.get(n))
                    .ok()?
                    .first()
                    .copied()
                    .cloned()
            });
            match found {
                Some(v) if !v.is_null() => {
                    if cap.secret {
                        outcome.secrets.push(match &v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        });
                    }
                    scope.values.insert(cap.name.clone(), v);
                }
                _ => outcome.checks.push(CheckOutcome {
                    id: "SUITE-CAPTURE".into(),
                    check: "capture".into(),
                    status: Status::Fail,
                    message: format!(
                        "`{}` could not be captured: `{}` matched nothing{}",
                        cap.name,
                        cap.path.text,
                        match json {
                            Err(why) => format!(" ({why})"),
                            Ok(_) => String::new(),
                        }
                    ),
                    location: self.loc(cap.span),
                    status_word: None,
                }),
            }
        }
    }

    fn render_vars(&self, scope: &mut Scope<'_>) -> Result<(), NotRun> {
        for (name, t) in &self.step.vars {
            let v = t.render(&|n| scope.get(n)).map_err(NotRun::Missing)?;
            scope.values.insert(name.clone(), v);
        }
        Ok(())
    }

    fn build_request(&self, scope: &Scope<'_>) -> Result<(OutRequest, Option<Value>), NotRun> {
        let r = &self.step.request;
        if let Some(which) = r.ip_check {
            return self.ip_check_request(which).map_err(NotRun::Invalid);
        }
        let lookup = |n: &str| scope.get(n);
        let path = r.path.render_string(&lookup).map_err(NotRun::Missing)?;
        let mut url = format!("{}{}", self.section.base_url, path);
        if !r.query.is_empty() {
            let mut parsed = reqwest::Url::parse(&url)
                .map_err(|e| NotRun::Invalid(format!("the url `{url}` is not valid: {e}")))?;
            {
                let mut q = parsed.query_pairs_mut();
                for (k, t) in &r.query {
                    q.append_pair(k, &t.render_string(&lookup).map_err(NotRun::Missing)?);
                }
            }
            url = parsed.to_string();
        }
        let mut headers: Vec<(String, String)> = match r.auth {
            Auth::Profile => self.section.headers.clone(),
            Auth::None => Vec::new(),
            Auth::Wrong => self
                .section
                .headers
                .iter()
                .map(|(k, _)| {
                    (
                        k.clone(),
                        scope
                            .get("gen.wrong_secret")
                            .and_then(|v| v.as_str().map(String::from))
                            .unwrap_or_default(),
                    )
                })
                .collect(),
        };
        for (k, t) in &r.headers {
            let v = t.render_string(&lookup).map_err(NotRun::Missing)?;
            headers.retain(|(hk, _)| !hk.eq_ignore_ascii_case(k));
            headers.push((k.clone(), v));
        }
        let json = match &r.json {
            Some(t) => Some(render_json(t, &lookup).map_err(NotRun::Missing)?),
            None => None,
        };
        if json.is_some()
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        Ok((
            OutRequest {
                method: r.method.clone(),
                url,
                headers,
                body: json.as_ref().map(Value::to_string),
            },
            json,
        ))
    }

    /// The seed documents' IP check: method, path and where the IP goes come from the
    /// profile section's `ip_check`, as no shape was ever published (ledger-integration §4.2).
    fn ip_check_request(&self, which: IpCheck) -> Result<(OutRequest, Option<Value>), String> {
        let cfg = self
            .section
            .json
            .get("ip_check")
            .ok_or("`ip_check` is not in the profile section")?;
        let get = |k: &str, default: &str| {
            cfg.get(k)
                .and_then(Value::as_str)
                .unwrap_or(default)
                .to_string()
        };
        let ip = match which {
            IpCheck::Accepted => get("accepted_ip", ""),
            IpCheck::Rejected => get("rejected_ip", ""),
        };
        let name = get("ip_name", "ip");
        let method =
            reqwest::Method::from_bytes(get("method", "POST").to_ascii_uppercase().as_bytes())
                .map_err(|e| format!("`ip_check.method`: {e}"))?;
        let mut url = reqwest::Url::parse(&format!(
            "{}{}",
            self.section.base_url,
            get("path", "/ip_check")
        ))
        .map_err(|e| format!("`ip_check.path`: {e}"))?;
        let mut headers = self.section.headers.clone();
        let mut json = None;
        match get("ip_in", "body").as_str() {
            "query" => {
                url.query_pairs_mut().append_pair(&name, &ip);
            }
            "header" => headers.push((name, ip)),
            _ => {
                json = Some(serde_json::json!({ name: ip }));
                headers.push(("Content-Type".into(), "application/json".into()));
            }
        }
        Ok((
            OutRequest {
                method,
                url: url.to_string(),
                headers,
                body: json.as_ref().map(Value::to_string),
            },
            json,
        ))
    }

    async fn send(
        &self,
        req: &OutRequest,
        exchanges: &mut Vec<Exchange>,
    ) -> Result<InResponse, String> {
        let at = self.start.elapsed();
        let t = Instant::now();
        let result = self.ctx.http.send(req).await;
        exchanges.push(record(
            req,
            result.as_ref().map_err(String::as_str),
            t.elapsed(),
            at,
        ));
        result
    }

    async fn poll(
        &self,
        p: &Poll,
        req: &OutRequest,
        lookup: &dyn Fn(&str) -> Option<Value>,
        outcome: &mut StepOutcome,
    ) -> Result<(InResponse, Result<Value, String>), String> {
        let deadline_secs = self
            .section
            .json
            .get("status_deadline_secs")
            .and_then(Value::as_u64)
            .unwrap_or(p.deadline_secs);
        let deadline = Duration::from_secs(deadline_secs);
        let started = Instant::now();
        let mut history = Vec::new();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let resp = match self.send(req, &mut outcome.exchanges).await {
                Ok(r) => r,
                Err(why) => {
                    history.push(format!("{attempt}: {why}"));
                    outcome.checks.push(self.special(
                        &p.id,
                        "poll",
                        p.span,
                        Status::Error,
                        format!("poll stopped at attempt {attempt}: {why}"),
                    ));
                    return Err(why);
                }
            };
            let json = resp.json();
            let verdict = match &json {
                Ok(doc) => checks::evaluate_assertion(&p.until, doc, lookup),
                Err(why) => Err(why.clone()),
            };
            let shown = match &json {
                Ok(doc) => p
                    .until
                    .path
                    .select(doc, lookup)
                    .ok()
                    .and_then(|v| v.first().map(|x| short(x)))
                    .unwrap_or_else(|| "nothing".into()),
                Err(_) => "no JSON".into(),
            };
            history.push(format!("{attempt}: {} {shown}", resp.status));
            let elapsed = started.elapsed();
            if verdict.is_ok() {
                outcome.checks.push(self.special(
                    &p.id,
                    "poll",
                    p.span,
                    Status::Pass,
                    format!(
                        "`{}` reached after {attempt} poll(s) in {} ms (attempts: {})",
                        p.until.path.text,
                        elapsed.as_millis(),
                        history.join(", ")
                    ),
                ));
                return Ok((resp, json));
            }
            let next_wait = Duration::from_millis(p.interval_ms);
            if attempt >= p.max_attempts || elapsed + next_wait > deadline {
                outcome.checks.push(self.special(
                    &p.id,
                    "poll",
                    p.span,
                    Status::Fail,
                    format!(
                        "timed out after {attempt} poll(s) in {:.1} s (deadline {deadline_secs} s, at most {} polls), last {shown}: {} (attempts: {})",
                        elapsed.as_secs_f64(),
                        p.max_attempts,
                        verdict.err().unwrap_or_default(),
                        history.join(", ")
                    ),
                ));
                return Ok((resp, json));
            }
            tokio::time::sleep(next_wait).await;
        }
    }

    async fn paginate(
        &self,
        p: &Paginate,
        first: &OutRequest,
        outcome: &mut StepOutcome,
    ) -> Result<(InResponse, Result<Value, String>), String> {
        let mut items: Vec<Value> = Vec::new();
        let mut seen_cursors = HashSet::new();
        let mut problems = Vec::new();
        let mut req = first.clone();
        let mut page = 0u32;
        let mut page_failures: Vec<(usize, String)> = Vec::new();
        let last = loop {
            page += 1;
            let resp = match self.send(&req, &mut outcome.exchanges).await {
                Ok(r) => r,
                Err(why) => {
                    outcome.checks.push(self.special(
                        &p.id,
                        "paginate",
                        p.span,
                        Status::Error,
                        format!("page {page}: {why}"),
                    ));
                    return Err(format!("page {page}: {why}"));
                }
            };
            let json = resp.json();
            // Per-page checks: every page must pass what the last page is checked for.
            for (i, check) in self.step.checks.iter().enumerate() {
                if is_per_page(&check.kind) {
                    let lookup = |_: &str| None;
                    let v = checks::evaluate(
                        &check.kind,
                        &Input {
                            response: &resp,
                            json: &json,
                            lookup: &lookup,
                        },
                    );
                    if v.status == Status::Fail {
                        page_failures.push((i, format!("page {page}: {}", v.message)));
                    }
                }
            }
            let Ok(doc) = &json else {
                break (resp, json);
            };
            match p.items.compiled.query(doc).first() {
                Some(Value::Array(a)) => items.extend(a.iter().cloned()),
                Some(other) => problems.push(format!(
                    "page {page}: `{}` is {}, expected a list",
                    p.items.text,
                    short(other)
                )),
                None => problems.push(format!("page {page}: `{}` matched nothing", p.items.text)),
            }
            let next = match p.next.compiled.query(doc).first() {
                Some(Value::String(s)) if !s.is_empty() => s.clone(),
                Some(Value::Null) | None => break (resp, json),
                Some(Value::String(_)) => break (resp, json),
                Some(other) => {
                    problems.push(format!(
                        "page {page}: cursor `{}` is {}, expected a string or null",
                        p.next.text,
                        short(other)
                    ));
                    break (resp, json);
                }
            };
            if !seen_cursors.insert(next.clone()) {
                problems.push(format!(
                    "cursor {} repeats on page {page}: the pagination loops",
                    short(&Value::String(next))
                ));
                break (resp, json);
            }
            if page >= p.max_pages {
                problems.push(format!(
                    "still a next cursor after {page} pages (max_pages {})",
                    p.max_pages
                ));
                break (resp, json);
            }
            let mut url = match reqwest::Url::parse(&first.url) {
                Ok(u) => u,
                Err(e) => return Err(format!("bad url: {e}")),
            };
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(k, _)| k != &p.cursor_param)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            url.query_pairs_mut()
                .clear()
                .extend_pairs(kept)
                .append_pair(&p.cursor_param, &next);
            req.url = url.to_string();
        };
        // Duplicates across all pages.
        let mut keys = HashSet::new();
        let mut dups = Vec::new();
        for item in &items {
            let key = if p.unique_by.is_empty() {
                item.to_string()
            } else {
                p.unique_by
                    .iter()
                    .map(|f| item.get(f).map(Value::to_string).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("|")
            };
            if !keys.insert(key) {
                dups.push(short(item));
            }
        }
        if !dups.is_empty() {
            problems.push(format!(
                "{} duplicate item(s): {}",
                dups.len(),
                dups.into_iter().take(5).collect::<Vec<_>>().join(", ")
            ));
        }
        let (status, message) = if problems.is_empty() {
            (
                Status::Pass,
                format!(
                    "{} item(s) over {page} page(s), no loop, no duplicate",
                    items.len()
                ),
            )
        } else {
            (Status::Fail, problems.join("; "))
        };
        outcome
            .checks
            .push(self.special(&p.id, "paginate", p.span, status, message));
        let (resp, json) = last;
        // Checks then see the whole list: `{"items": [...], "pages": n}`, and per-page failures.
        let aggregate = json.map(|_| serde_json::json!({ "items": items, "pages": page }));
        for (i, check) in self.step.checks.iter().enumerate() {
            if !is_per_page(&check.kind) {
                continue;
            }
            let mine: Vec<&str> = page_failures
                .iter()
                .filter(|(ci, _)| *ci == i)
                .map(|(_, m)| m.as_str())
                .collect();
            outcome.checks.push(if mine.is_empty() {
                self.outcome(check, Status::Pass, format!("all {page} page(s) pass"))
            } else {
                self.outcome(check, Status::Fail, mine.join("; "))
            });
        }
        Ok((resp, aggregate))
    }
}

/// Checks that a paginated step applies to every page rather than to the collected items.
fn is_per_page(kind: &CheckKind) -> bool {
    matches!(
        kind,
        CheckKind::Status(_)
            | CheckKind::Schema { .. }
            | CheckKind::ContentType(_)
            | CheckKind::Latency(_)
    )
}

/// Why a step's request could not be built.
enum NotRun {
    /// A variable has no value: an earlier step did not capture it.
    Missing(String),
    /// The request cannot be made (a bad URL, a missing `ip_check` description).
    Invalid(String),
}
