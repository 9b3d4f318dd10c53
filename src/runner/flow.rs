//! Runs one flow: its steps in order, each step's request sent (once, polled or page by
//! page), its checks evaluated by [`crate::checks::evaluate`], its values captured. A step
//! whose `applies_if` does not hold ends the flow: it and every later step are reported not
//! applicable, with the reason, and send nothing.

use super::http::Http;
use super::outcome::{CheckOutcome, FlowOutcome, Status, StepOutcome};
use super::plan::PlannedFlow;
use super::request::{self, NotRun};
use super::scope::Scope;
use super::series::Sender;
use crate::checks::{self, Grade, Subject, Verdict};
use crate::exchange::{Exchange, Series};
use crate::profile::{KycUser, Pair, Profile, Section};
use crate::source::{Location, Sources, Span};
use crate::suite::{Check, KYC_USER_NAMES, Step, Suite};
use crate::swap::SignatureMode;
use crate::template::Reference;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::time::Instant;

/// Everything a flow needs, shared by all flows of a run.
pub struct FlowContext<'a> {
    pub suites: &'a [Suite],
    pub profile: &'a Profile,
    pub sources: &'a Sources,
    pub http: &'a Http,
    /// Passing checks without their detail (the pair sweep shows none).
    pub brief: bool,
}

/// Runs one planned flow to its outcome. Never fails: problems become check outcomes.
pub async fn run_flow(ctx: &FlowContext<'_>, planned: &PlannedFlow) -> FlowOutcome {
    let suite = &ctx.suites[planned.suite];
    let flow = &suite.flows[planned.flow];
    let section = &ctx.profile.sections[&suite.api];
    let pair = planned.pair.and_then(|i| section.pairs.get(i));
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let start = Instant::now();
    let mut scope = Scope {
        profile: ctx.profile,
        pair,
        nonce_encoding: section.nonce_encoding,
        legacy: section.signature_mode == SignatureMode::Legacy,
        values: kyc_user_values(planned.kyc_user.and_then(|i| section.kyc_users.get(i))),
    };
    let mut steps = Vec::new();
    let mut not_applicable: Option<String> = None;
    for step in &flow.steps {
        let runner = StepRunner {
            ctx,
            section,
            pair,
            step,
            start,
        };
        if not_applicable.is_none() {
            not_applicable = runner.ruled_out(&scope);
        }
        steps.push(match &not_applicable {
            Some(why) => runner.not_applicable(why),
            None => runner.run(&mut scope).await,
        });
    }
    FlowOutcome {
        name: planned.name.clone(),
        tags: flow.tags.clone(),
        started_at,
        duration_ms: start.elapsed().as_millis() as u64,
        steps,
    }
}

/// The names a `for_each: kyc_user` flow sees (`suite::KYC_USER_NAMES`), for its user.
fn kyc_user_values(user: Option<&KycUser>) -> HashMap<String, Value> {
    let Some(u) = user else {
        return HashMap::new();
    };
    let codes = u.state.codes();
    let [state, code, all, token] = KYC_USER_NAMES;
    HashMap::from([
        (state.to_string(), Value::from(u.state.name())),
        (code.to_string(), Value::from(codes[0])),
        (all.to_string(), Value::from(codes.to_vec())),
        (token.to_string(), Value::from(u.bearer_token.clone())),
    ])
}

/// A list of words as text (`fixed, float`; `(none)` when empty), for reasons people read.
fn words(v: Value) -> Value {
    match v {
        Value::Array(items) if items.is_empty() => Value::String("(none)".into()),
        Value::Array(items) => Value::String(
            items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        other => other,
    }
}

/// Steps of a suite run for one pair given by value, not by the profile (the pair sweep):
/// each [`PairRun::step`] sends its request, judges it with the step's own checks and keeps
/// its captures for the next step, as [`run_flow`] does.
pub(crate) struct PairRun<'a> {
    ctx: &'a FlowContext<'a>,
    section: &'a Section,
    pair: &'a Pair,
    scope: Scope<'a>,
    start: Instant,
}

impl<'a> PairRun<'a> {
    /// A run of `pair` against `section`.
    pub(crate) fn new(ctx: &'a FlowContext<'a>, section: &'a Section, pair: &'a Pair) -> Self {
        PairRun {
            ctx,
            section,
            pair,
            scope: Scope {
                profile: ctx.profile,
                pair: Some(pair),
                nonce_encoding: section.nonce_encoding,
                legacy: section.signature_mode == SignatureMode::Legacy,
                values: HashMap::new(),
            },
            start: Instant::now(),
        }
    }

    /// Runs one step for the pair.
    pub(crate) async fn step(&mut self, step: &Step) -> StepOutcome {
        let runner = StepRunner {
            ctx: self.ctx,
            section: self.section,
            pair: Some(self.pair),
            step,
            start: self.start,
        };
        runner.run(&mut self.scope).await
    }
}

/// The outcome status of a check's grade.
fn status(grade: Grade) -> Status {
    match grade {
        Grade::Pass => Status::Pass,
        Grade::Warn => Status::Warn,
        Grade::Fail => Status::Fail,
        Grade::Error => Status::Error,
        Grade::Skip => Status::Skip,
    }
}

struct StepRunner<'a, 'c> {
    ctx: &'a FlowContext<'c>,
    section: &'a Section,
    pair: Option<&'a Pair>,
    step: &'a Step,
    start: Instant,
}

impl StepRunner<'_, '_> {
    fn outcome(&self, v: Verdict) -> CheckOutcome {
        CheckOutcome {
            id: v.id,
            check: v.check,
            status: status(v.grade),
            message: v.message,
            location: self.ctx.sources.location(v.span),
            status_word: v.status_word,
        }
    }

    fn marked(
        &self,
        id: &str,
        check: &'static str,
        span: Span,
        status: Status,
        why: &str,
    ) -> CheckOutcome {
        CheckOutcome {
            id: id.into(),
            check,
            status,
            message: why.to_string(),
            location: self.loc(span),
            status_word: None,
        }
    }

    fn loc(&self, span: Span) -> Location {
        self.ctx.sources.location(span)
    }

    /// Every check of the step marked with one status; with `all`, its poll and pagination too.
    fn all_marked(&self, status: Status, why: &str, all: bool) -> Vec<CheckOutcome> {
        let step = self.step;
        let mut out: Vec<CheckOutcome> = step
            .checks
            .iter()
            .map(|c| self.marked(&c.id, c.name(), c.span, status, why))
            .collect();
        if all {
            if let Some(p) = &step.poll {
                out.push(self.marked(&p.id, "poll", p.span, status, why));
            }
            if let Some(p) = &step.paginate {
                out.push(self.marked(&p.id, "paginate", p.span, status, why));
            }
        }
        out
    }

    /// The step's checks in reporting order: page-level checks of a pagination first.
    fn ordered_checks(&self) -> Vec<&Check> {
        let checks = self.step.checks.iter();
        if self.step.paginate.is_none() {
            return checks.collect();
        }
        let (per_page, rest): (Vec<&Check>, Vec<&Check>) =
            checks.partition(|c| checks::paginate::is_per_page(&c.kind));
        per_page.into_iter().chain(rest).collect()
    }

    fn empty_outcome(&self) -> StepOutcome {
        StepOutcome {
            name: self.step.name.clone(),
            location: self.loc(self.step.span),
            exchanges: Vec::new(),
            checks: Vec::new(),
            decoded_payload: None,
            secrets: Vec::new(),
        }
    }

    /// Why the step does not apply, when its `applies_if` does not hold: `btc→eth: /pairs
    /// advertises only float`.
    fn ruled_out(&self, scope: &Scope<'_>) -> Option<String> {
        let guard = self.step.applies_if.as_ref()?;
        let value = guard.value.render(&|n| scope.get(n)).ok();
        if guard.holds(value.as_ref()) {
            return None;
        }
        let reason = guard
            .reason
            .render_string(&|n| scope.get(n).map(words))
            .unwrap_or_else(|missing| format!("`{missing}` has no value"));
        Some(match self.pair {
            Some(p) => format!("{}→{}: {reason}", p.from, p.to),
            None => reason,
        })
    }

    /// The step with every check (its poll and pagination too) not applicable.
    fn not_applicable(&self, why: &str) -> StepOutcome {
        StepOutcome {
            checks: self.all_marked(
                Status::NotApplicable,
                &format!("not applicable: {why}"),
                true,
            ),
            ..self.empty_outcome()
        }
    }

    async fn run(&self, scope: &mut Scope<'_>) -> StepOutcome {
        let mut outcome = self.empty_outcome();
        let prepared = self
            .render_vars(scope)
            .and_then(|()| request::build(&self.step.request, self.section, scope));
        let (req, request_json) = match prepared {
            Ok(r) => r,
            Err(NotRun::Missing(name)) => {
                let why =
                    format!("not run: `{name}` has no value (an earlier step did not capture it)");
                outcome.checks = self.all_marked(Status::Skip, &why, true);
                return outcome;
            }
            Err(NotRun::Invalid(why)) => {
                outcome.checks = self.all_marked(Status::Error, &format!("not run: {why}"), true);
                return outcome;
            }
        };
        let mut sender = Sender {
            http: self.ctx.http,
            flow_start: self.start,
            recorded: Vec::new(),
        };
        let lookup = |n: &Reference| scope.get(n);
        let series = if let Some(p) = &self.step.paginate {
            Ok(sender.paginate(p, &req).await)
        } else if let Some(p) = &self.step.poll {
            let deadline = self.section.status_deadline_secs.unwrap_or(p.deadline_secs);
            Ok(sender.poll(p, &req, deadline, &lookup).await)
        } else {
            sender.send(&req).await.map(Series::Single)
        };
        outcome.exchanges = sender.recorded;
        let exchange = match series {
            Ok(series) => Exchange {
                request: request_json,
                series,
            },
            Err(why) => {
                outcome.checks = self.all_marked(Status::Error, &format!("not run: {why}"), true);
                return outcome;
            }
        };
        let document = self.judge(&exchange, &lookup, &mut outcome);
        if let Some(json) = document {
            self.capture(scope, &json, &mut outcome);
        }
        outcome
    }

    /// Evaluates the poll or pagination, then every check; returns the JSON the captures
    /// read, or `None` when a transport failure left nothing to check.
    fn judge<'e>(
        &self,
        exchange: &'e Exchange,
        lookup: &crate::template::Lookup<'_>,
        outcome: &mut StepOutcome,
    ) -> Option<Result<Cow<'e, Value>, String>> {
        let ctx = checks::Context {
            section: self.section,
            pair: self.pair,
            paginate: self.step.paginate.as_ref(),
            lookup,
            brief: self.ctx.brief,
        };
        let step = self.step;
        let special = match (&step.poll, &step.paginate) {
            (_, Some(p)) => Some(Subject::Paginate(p)),
            (Some(p), None) => Some(Subject::Poll(p)),
            (None, None) => None,
        };
        if let Some(subject) = special {
            let e = checks::evaluate(subject, exchange, &ctx);
            outcome
                .checks
                .extend(e.verdicts.into_iter().map(|v| self.outcome(v)));
        }
        let failure = match &exchange.series {
            Series::Polled { failure, .. } => failure.clone(),
            Series::Paged { pages, failure } => failure
                .as_ref()
                .map(|why| format!("page {}: {why}", pages.len() + 1)),
            Series::Single(_) => None,
        };
        if let Some(why) = failure {
            let marked = self.all_marked(Status::Error, &format!("not run: {why}"), false);
            outcome.checks.extend(marked);
            return None;
        }
        for check in self.ordered_checks() {
            let e = checks::evaluate(Subject::Check(check), exchange, &ctx);
            outcome
                .checks
                .extend(e.verdicts.into_iter().map(|v| self.outcome(v)));
            if e.decoded_payload.is_some() {
                outcome.decoded_payload = e.decoded_payload;
            }
        }
        Some(match (&exchange.series, &step.paginate) {
            (Series::Paged { pages, .. }, Some(p)) => {
                checks::paginate::collected(p, pages).map(Cow::Owned)
            }
            (series, _) => series.last().map_or(Err("no response".into()), |r| {
                r.json.as_ref().map(Cow::Borrowed).map_err(Clone::clone)
            }),
        })
    }

    fn capture(
        &self,
        scope: &mut Scope<'_>,
        json: &Result<Cow<'_, Value>, String>,
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
                // Only an answer that has a body may leave an optional value out.
                _ if cap.optional && json.is_ok() => {
                    scope.values.insert(cap.name.clone(), Value::Null);
                }
                _ => outcome.checks.push(CheckOutcome {
                    id: "SUITE-CAPTURE".into(),
                    check: "capture",
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
}
