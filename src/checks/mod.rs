//! Checks: each turns what a step exchanged into verdicts. Checks never print, never send
//! requests and know nothing of the runner: [`evaluate`] is the one entry, for every kind of
//! check, the /swap payload, polling and pagination included.
//!
//! ```text
//! Exchange (request JSON, responses) + Subject (a check, a poll, a pagination) + Context
//!   ─evaluate─▶ Evaluation { verdicts, decoded payload }
//! ```

mod assert;
pub(crate) mod decimal;
mod error_convention;
mod ip_answer;
mod ledger_list;
pub(crate) mod paginate;
mod payload;
pub(crate) mod poll;
mod response;
pub(crate) mod swap_payload;
pub(crate) mod time;
mod verdict;

pub(crate) use assert::short;
pub(crate) use response::snippet;
pub(crate) use verdict::{Grade, Judgement, Verdict};

use crate::exchange::{Exchange, Received, Series};
use crate::profile::{Pair, Section};
use crate::suite::{Check, CheckKind, Paginate, Poll};
use crate::template::Lookup;
use response::Input;
use serde_json::Value;

/// What is judged: a check of the step, its poll, or its pagination.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Subject<'a> {
    Check(&'a Check),
    Poll(&'a Poll),
    Paginate(&'a Paginate),
}

/// What the checks know besides the exchange.
pub(crate) struct Context<'a> {
    /// The profile section the suite runs against (key, curve, signature mode).
    pub section: &'a Section,
    /// The pair of a `for_each: pair` flow.
    pub pair: Option<&'a Pair>,
    /// The step's pagination: its other checks then see the collected items.
    pub paginate: Option<&'a Paginate>,
    /// Variable values (templated keys and paths).
    pub lookup: &'a Lookup<'a>,
    /// Passing checks without the detail of what held ([`verdict::BRIEF`]): the pair sweep
    /// counts passes and shows none (building the detail was a tenth of a sweep quote's
    /// instructions). Failures keep their whole message.
    pub brief: bool,
}

/// The verdicts of one subject.
#[derive(Debug, Clone, Default)]
pub(crate) struct Evaluation {
    pub verdicts: Vec<Verdict>,
    /// The decoded /swap payload with the device and Ledger Live gates, when the payload check ran.
    pub decoded_payload: Option<crate::swap::SwapEvidence>,
}

impl From<Verdict> for Evaluation {
    fn from(v: Verdict) -> Self {
        Evaluation {
            verdicts: vec![v],
            decoded_payload: None,
        }
    }
}

/// Judges one subject of a step on what the step exchanged.
pub(crate) fn evaluate(subject: Subject<'_>, exchange: &Exchange, ctx: &Context<'_>) -> Evaluation {
    match subject {
        Subject::Poll(p) => poll::judge(p, &exchange.series, ctx.lookup)
            .verdict(&p.id, "poll", p.span)
            .into(),
        Subject::Paginate(p) => match &exchange.series {
            Series::Paged { pages, failure } => paginate::judge(p, pages, failure.as_deref()),
            _ => Judgement::with(Grade::Error, "not run: the request was not paginated"),
        }
        .verdict(&p.id, "paginate", p.span)
        .into(),
        Subject::Check(check) => match (&exchange.series, ctx.paginate) {
            (Series::Paged { pages, .. }, Some(_)) if paginate::is_per_page(&check.kind) => {
                let per_page = pages
                    .iter()
                    .map(|page| judge_one(check, page, &page.json, exchange, ctx))
                    .map(|e| first_judgement(e.verdicts))
                    .collect();
                paginate::every_page(per_page)
                    .verdict(&check.id, check.name(), check.span)
                    .into()
            }
            (Series::Paged { pages, .. }, Some(p)) => match pages.last() {
                Some(last) => judge_one(check, last, &paginate::collected(p, pages), exchange, ctx),
                None => no_response(check),
            },
            (Series::Polled { attempts, .. }, _) if paginate::is_per_page(&check.kind) => {
                every_attempt(check, attempts, exchange, ctx)
            }
            (series, _) => match series.last() {
                Some(last) => judge_one(check, last, &last.json, exchange, ctx),
                None => no_response(check),
            },
        },
    }
}

/// Judges one response (with `json`, its body or the collected items) by one check: the one
/// match over every check kind.
fn judge_one(
    check: &Check,
    received: &Received,
    json: &Result<Value, String>,
    exchange: &Exchange,
    ctx: &Context<'_>,
) -> Evaluation {
    let input = Input {
        response: &received.response,
        json,
        lookup: ctx.lookup,
        brief: ctx.brief,
    };
    let judgement = match &check.kind {
        CheckKind::Status(patterns) => response::status(patterns, &input),
        CheckKind::Schema { name, validator } => response::schema(name, validator, &input),
        CheckKind::ErrorConvention {
            convention,
            key,
            additional_fields,
        } => response::error_convention(*convention, key.as_ref(), additional_fields, &input),
        CheckKind::ContentType(want) => response::content_type(want, &input),
        CheckKind::Latency(max) => response::latency(*max, &input),
        CheckKind::Assert(a) => response::assertion(a, &input),
        CheckKind::EmptyBody => response::empty_body(&input),
        CheckKind::IpAnswer(sent) => ip_answer::judge(*sent, ctx.section, &input),
        CheckKind::LedgerList(which) => ledger_list::judge(*which, ctx.pair, json),
        CheckKind::SwapPayload => {
            let request = exchange.request.as_ref();
            return payload::evaluate(check, ctx.section, ctx.pair, request, json);
        }
    };
    judgement
        .verdict(&check.id, check.name(), check.span)
        .into()
}

/// A response-level check of a polled request, judged on every attempt: each state the
/// provider answers while polled must hold, not only the last. When only the last attempt is
/// judged wrong (or none is), its verdict stands as it is; otherwise the failure names every
/// attempt that failed.
fn every_attempt(
    check: &Check,
    attempts: &[Received],
    exchange: &Exchange,
    ctx: &Context<'_>,
) -> Evaluation {
    let Some((last, earlier)) = attempts.split_last() else {
        return no_response(check);
    };
    let judged =
        |a: &Received| first_judgement(judge_one(check, a, &a.json, exchange, ctx).verdicts);
    let early: Vec<(usize, Judgement)> = earlier
        .iter()
        .enumerate()
        .map(|(i, a)| (i + 1, judged(a)))
        .filter(|(_, j)| j.grade == Grade::Fail)
        .collect();
    let final_one = judge_one(check, last, &last.json, exchange, ctx);
    if early.is_empty() {
        return final_one;
    }
    let mut failures: Vec<String> = early
        .into_iter()
        .map(|(n, j)| format!("attempt {n}: {}", j.message))
        .collect();
    if let Some(v) = final_one.verdicts.first()
        && v.grade == Grade::Fail
    {
        failures.push(format!("attempt {}: {}", attempts.len(), v.message));
    }
    Judgement::fail(format!(
        "{} of {} polled answer(s) fail: {}",
        failures.len(),
        attempts.len(),
        failures.join("; ")
    ))
    .verdict(&check.id, check.name(), check.span)
    .into()
}

/// The grade and message of a page-level check's verdict on one page.
fn first_judgement(verdicts: Vec<Verdict>) -> Judgement {
    verdicts.into_iter().next().map_or_else(
        || Judgement::with(Grade::Error, "no verdict"),
        |v| Judgement::with(v.grade, v.message),
    )
}

fn no_response(check: &Check) -> Evaluation {
    Judgement::with(Grade::Error, "not run: no response to check")
        .verdict(&check.id, check.name(), check.span)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Response;
    use crate::profile::{Api, NonceEncoding};
    use crate::suite::{AssertOp, Assertion, JsonTemplate, Operand, Path, StatusPattern};
    use serde_json::json;
    use std::sync::Arc;
    use std::time::Duration;

    fn section() -> Section {
        Section {
            api: Api::Swap,
            base_url: "http://127.0.0.1:1".into(),
            headers: Vec::new(),
            curve: None,
            public_key: None,
            key: None,
            nonce_encoding: NonceEncoding::Hex,
            signature_mode: crate::swap::SignatureMode::Ng,
            pairs: Vec::new(),
            status_deadline_secs: None,
            test_swaps: Default::default(),
            login: crate::profile::Login::None,
            bearer_token: None,
            kyc_users: Vec::new(),
            ip_check: None,
            quote: None,
            span: Default::default(),
        }
    }

    fn path(text: &str) -> Path {
        Path {
            text: text.into(),
            compiled: Arc::new(crate::suite::Query::parse(text).unwrap()),
            template: None,
            relative: false,
        }
    }

    fn check(id: &str, kind: CheckKind) -> Check {
        Check {
            id: id.into(),
            kind,
            span: Default::default(),
        }
    }

    fn received(status: u16, body: serde_json::Value) -> Received {
        Received::from(Response {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
            elapsed: Duration::from_millis(1),
        })
    }

    fn grades(e: &Evaluation) -> Vec<(String, Grade, String)> {
        e.verdicts
            .iter()
            .map(|v| (v.id.to_string(), v.grade, v.message.clone()))
            .collect()
    }

    #[test]
    fn a_paginated_step_checks_every_page_and_then_the_collected_items() {
        let paginate = Paginate {
            id: "SWAP-PAIRS-004".into(),
            items: path("$.pairs"),
            next: path("$.next"),
            cursor_param: "cursor".into(),
            max_pages: 10,
            unique_by: Vec::new(),
            span: Default::default(),
        };
        let exchange = Exchange {
            request: None,
            series: Series::Paged {
                pages: vec![
                    received(200, json!({"pairs": [1], "next": "c"})),
                    received(500, json!({"pairs": [2], "next": null})),
                ],
                failure: None,
            },
        };
        let section = section();
        let ctx = Context {
            section: &section,
            pair: None,
            paginate: Some(&paginate),
            lookup: &|_| None,
            brief: false,
        };
        let status = check(
            "SWAP-PAIRS-001",
            CheckKind::Status(vec![StatusPattern::Exact(200)]),
        );
        let e = evaluate(Subject::Check(&status), &exchange, &ctx);
        assert_eq!(e.verdicts[0].grade, Grade::Fail);
        assert!(
            e.verdicts[0].message.starts_with("page 2: status 500"),
            "{:?}",
            grades(&e)
        );
        let pages = check(
            "SWAP-PAIRS-002",
            CheckKind::Assert(Box::new(Assertion {
                path: path("$.items"),
                left: None,
                op: AssertOp::Equals(Operand::Value(JsonTemplate::Value(json!([1, 2])))),
                optional: false,
            })),
        );
        let e = evaluate(Subject::Check(&pages), &exchange, &ctx);
        assert_eq!(e.verdicts[0].grade, Grade::Pass, "{:?}", grades(&e));
        let e = evaluate(Subject::Paginate(&paginate), &exchange, &ctx);
        assert_eq!(
            grades(&e),
            [(
                "SWAP-PAIRS-004".to_string(),
                Grade::Pass,
                "2 item(s) over 2 page(s), no loop, no duplicate".to_string()
            )]
        );
    }

    #[test]
    fn the_payload_check_is_judged_here_too() {
        let section = section();
        let ctx = Context {
            section: &section,
            pair: None,
            paginate: None,
            lookup: &|_| None,
            brief: false,
        };
        let exchange = Exchange {
            request: Some(json!({"nonce": "00"})),
            series: Series::Single(received(200, json!({"providerSig": {}}))),
        };
        let payload = check("SWAP-PAYLOAD", CheckKind::SwapPayload);
        let e = evaluate(Subject::Check(&payload), &exchange, &ctx);
        assert_eq!(
            grades(&e),
            [(
                "SWAP-SIG-002".to_string(),
                Grade::Error,
                "not run: the profile has no public key and curve".to_string()
            )]
        );
        assert_eq!(e.verdicts[0].check, "swap_payload");
    }

    #[test]
    fn a_polled_step_checks_every_attempt_and_names_the_failing_ones() {
        let section = section();
        let ctx = Context {
            section: &section,
            pair: None,
            paginate: None,
            lookup: &|_| None,
            brief: false,
        };
        let polled = |attempts| Exchange {
            request: None,
            series: Series::Polled {
                attempts,
                failure: None,
                elapsed: Duration::from_millis(5),
                deadline_secs: 1,
            },
        };
        let status = check(
            "SWAP-STATUS-001",
            CheckKind::Status(vec![StatusPattern::Exact(200)]),
        );
        let good = polled(vec![received(200, json!({})), received(200, json!({}))]);
        let e = evaluate(Subject::Check(&status), &good, &ctx);
        assert_eq!(e.verdicts[0].grade, Grade::Pass, "{:?}", grades(&e));
        let bad = polled(vec![
            received(500, json!({})),
            received(200, json!({})),
            received(503, json!({})),
        ]);
        let e = evaluate(Subject::Check(&status), &bad, &ctx);
        assert_eq!(e.verdicts[0].grade, Grade::Fail);
        let m = &e.verdicts[0].message;
        assert!(
            m.starts_with("2 of 3 polled answer(s) fail: attempt 1: status 500"),
            "{m}"
        );
        assert!(m.contains("; attempt 3: status 503"), "{m}");
        // Only the last attempt wrong: its own verdict, as for a request sent once.
        let last_only = polled(vec![received(200, json!({})), received(500, json!({}))]);
        let e = evaluate(Subject::Check(&status), &last_only, &ctx);
        assert!(
            e.verdicts[0].message.starts_with("status 500"),
            "{:?}",
            grades(&e)
        );
    }

    #[test]
    fn a_poll_without_attempts_is_an_error_not_a_pass() {
        let section = section();
        let ctx = Context {
            section: &section,
            pair: None,
            paginate: None,
            lookup: &|_| None,
            brief: false,
        };
        let poll = Poll {
            id: "SWAP-STATUS-003".into(),
            until: Assertion {
                path: path("$.status"),
                left: None,
                op: AssertOp::Exists(true),
                optional: false,
            },
            interval_ms: 1,
            max_attempts: 1,
            deadline_secs: 1,
            span: Default::default(),
        };
        let exchange = Exchange {
            request: None,
            series: Series::Single(received(200, json!({}))),
        };
        let e = evaluate(Subject::Poll(&poll), &exchange, &ctx);
        assert_eq!(e.verdicts[0].grade, Grade::Error);
    }
}
