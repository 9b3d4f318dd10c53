//! `poll:` a request repeated until a condition holds: the `until` verdict of each attempt,
//! and the poll's verdict with the history of every attempt.

use super::assert;
use super::short;
use super::verdict::{Grade, Judgement};
use crate::exchange::{Received, Series};
use crate::suite::Poll;
use crate::template::Lookup;

/// Whether an attempt's response meets the poll's `until`; the runner stops polling then.
pub(crate) fn reached(p: &Poll, attempt: &Received, lookup: &Lookup<'_>) -> bool {
    until(p, attempt, lookup).is_ok()
}

fn until(p: &Poll, attempt: &Received, lookup: &Lookup<'_>) -> Result<String, String> {
    match &attempt.json {
        Ok(doc) => assert::evaluate(&p.until, doc, lookup, false),
        Err(why) => Err(why.clone()),
    }
}

/// What the `until` path selects in an attempt, for the history.
fn shown(p: &Poll, attempt: &Received, lookup: &Lookup<'_>) -> String {
    match &attempt.json {
        Ok(doc) => p
            .until
            .path
            .select(doc, lookup)
            .ok()
            .and_then(|v| v.first().map(|x| short(x)))
            .unwrap_or_else(|| "nothing".into()),
        Err(_) => "no JSON".into(),
    }
}

/// The poll's verdict: the condition reached, a timeout, or the transport failure that
/// stopped it; every attempt is listed.
pub(super) fn judge(p: &Poll, series: &Series, lookup: &Lookup<'_>) -> Judgement {
    let Series::Polled {
        attempts,
        failure,
        elapsed,
        deadline_secs,
    } = series
    else {
        return Judgement::with(Grade::Error, "not run: the request was not polled");
    };
    if let Some(why) = failure {
        let n = attempts.len() + 1;
        return Judgement::with(Grade::Error, format!("poll stopped at attempt {n}: {why}"));
    }
    let Some(last) = attempts.last() else {
        return Judgement::with(Grade::Error, "not run: no attempt got a response");
    };
    let history: Vec<String> = attempts
        .iter()
        .enumerate()
        .map(|(i, a)| format!("{}: {} {}", i + 1, a.response.status, shown(p, a, lookup)))
        .collect();
    let n = attempts.len();
    match until(p, last, lookup) {
        Ok(_) => Judgement::pass(format!(
            "`{}` reached after {n} poll(s) in {} ms (attempts: {})",
            p.until.path.text,
            elapsed.as_millis(),
            history.join(", ")
        )),
        Err(why) => Judgement::fail(format!(
            "timed out after {n} poll(s) in {:.1} s (deadline {deadline_secs} s, at most {} polls), last {}: {why} (attempts: {})",
            elapsed.as_secs_f64(),
            p.max_attempts,
            shown(p, last, lookup),
            history.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Response;
    use crate::suite::{AssertOp, Assertion, JsonTemplate, Operand, Path};
    use serde_json::json;
    use std::sync::Arc;
    use std::time::Duration;

    fn poll() -> Poll {
        Poll {
            id: "SWAP-STATUS-003".into(),
            until: Assertion {
                path: Path {
                    text: "$.status".into(),
                    compiled: Arc::new(crate::suite::Query::parse("$.status").unwrap()),
                    template: None,
                    relative: false,
                },
                left: None,
                op: AssertOp::Equals(Operand::Value(JsonTemplate::Value(json!("finished")))),
                optional: false,
            },
            interval_ms: 10,
            max_attempts: 3,
            deadline_secs: 5,
            span: Default::default(),
        }
    }

    fn attempt(status: &str) -> Received {
        Received::from(Response {
            status: 200,
            headers: Vec::new(),
            body: json!({ "status": status }).to_string().into_bytes(),
            elapsed: Duration::from_millis(1),
        })
    }

    fn polled(attempts: Vec<Received>, failure: Option<&str>) -> Series {
        Series::Polled {
            attempts,
            failure: failure.map(str::to_string),
            elapsed: Duration::from_millis(1200),
            deadline_secs: 5,
        }
    }

    #[test]
    fn a_reached_condition_passes_with_its_history() {
        let p = poll();
        assert!(!reached(&p, &attempt("pending"), &|_| None));
        assert!(reached(&p, &attempt("finished"), &|_| None));
        let j = judge(
            &p,
            &polled(vec![attempt("pending"), attempt("finished")], None),
            &|_| None,
        );
        assert_eq!(j.grade, Grade::Pass);
        assert_eq!(
            j.message,
            "`$.status` reached after 2 poll(s) in 1200 ms (attempts: 1: 200 \"pending\", 2: 200 \"finished\")"
        );
    }

    #[test]
    fn a_timeout_fails_and_a_transport_failure_is_an_error() {
        let p = poll();
        let j = judge(&p, &polled(vec![attempt("pending")], None), &|_| None);
        assert_eq!(j.grade, Grade::Fail);
        assert!(
            j.message.starts_with(
                "timed out after 1 poll(s) in 1.2 s (deadline 5 s, at most 3 polls), last \"pending\""
            ),
            "{}",
            j.message
        );
        let j = judge(
            &p,
            &polled(vec![attempt("pending")], Some("refused")),
            &|_| None,
        );
        assert_eq!(j.grade, Grade::Error);
        assert_eq!(j.message, "poll stopped at attempt 2: refused");
    }
}
