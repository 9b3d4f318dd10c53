//! The force of a requirement, applied in one place to every finished flow: a failing check of
//! a `should` requirement becomes a warning, and of an `example` requirement information (a
//! pass with an `informational` note). A `must` failure stays a failure. Only verdicts are
//! changed: a check that could not run (`error`, `skip`) stays as it is, as for known
//! deviations, since it says nothing about the requirement.

use super::{FlowOutcome, Status};
use crate::catalogue::Force;

/// Applies the catalogue's forces to the checks of a finished flow.
pub fn apply(flow: &mut FlowOutcome) {
    apply_with(flow, |id| {
        crate::catalogue::requirement(id).map(|r| r.force)
    });
}

fn apply_with(flow: &mut FlowOutcome, force_of: impl Fn(&str) -> Option<Force>) {
    for check in flow.steps.iter_mut().flat_map(|s| s.checks.iter_mut()) {
        if let Some(force) = force_of(&check.id)
            && let Some((status, message)) = judge(force, check.status, &check.message)
        {
            check.status = status;
            check.message = message;
        }
    }
}

/// What a check of this force and status becomes, when that changes: `None` for a pass, a
/// must, or a check that did not reach a verdict.
pub fn judge(force: Force, status: Status, message: &str) -> Option<(Status, String)> {
    if status != Status::Fail {
        return None;
    }
    match force {
        Force::Must => None,
        Force::Should => Some((
            Status::Warn,
            format!("recommended, not required (should): {message}"),
        )),
        Force::Example => Some((
            Status::Pass,
            format!("informational, the sources show this only in an example: {message}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{CheckOutcome, StepOutcome};
    use crate::source::Location;

    fn check(id: &str, status: Status) -> CheckOutcome {
        CheckOutcome {
            id: id.into(),
            check: "status",
            status,
            message: "expected 401 or 403, got 200".into(),
            location: Location {
                file: "s.yaml".into(),
                line: 1,
                col: 1,
            },
            status_word: None,
        }
    }

    fn flow(checks: Vec<CheckOutcome>) -> FlowOutcome {
        FlowOutcome {
            name: "f".into(),
            tags: vec![],
            started_at: String::new(),
            duration_ms: 0,
            steps: vec![StepOutcome {
                name: "s".into(),
                location: checks[0].location.clone(),
                exchanges: vec![],
                checks,
                decoded_payload: None,
                secrets: vec![],
            }],
        }
    }

    fn statuses(f: &FlowOutcome) -> Vec<Status> {
        f.checks().map(|c| c.status).collect()
    }

    #[test]
    fn should_warns_example_informs_must_fails() {
        let mut f = flow(vec![
            check("M", Status::Fail),
            check("S", Status::Fail),
            check("E", Status::Fail),
            check("UNLISTED", Status::Fail),
        ]);
        apply_with(&mut f, |id| match id {
            "M" => Some(Force::Must),
            "S" => Some(Force::Should),
            "E" => Some(Force::Example),
            _ => None,
        });
        assert_eq!(
            statuses(&f),
            vec![Status::Fail, Status::Warn, Status::Pass, Status::Fail]
        );
        let messages: Vec<&str> = f.checks().map(|c| c.message.as_str()).collect();
        assert_eq!(
            messages[1],
            "recommended, not required (should): expected 401 or 403, got 200"
        );
        assert!(messages[2].starts_with("informational"), "{}", messages[2]);
    }

    #[test]
    fn passes_and_checks_without_a_verdict_are_left_alone() {
        for status in [Status::Pass, Status::Warn, Status::Error, Status::Skip] {
            assert_eq!(judge(Force::Should, status, "m"), None, "{status:?}");
            assert_eq!(judge(Force::Example, status, "m"), None, "{status:?}");
        }
        assert_eq!(judge(Force::Must, Status::Fail, "m"), None);
    }

    /// The rule of issue 10: a `should` row never fails a run.
    #[test]
    fn no_should_or_example_requirement_of_the_catalogue_fails() {
        let soft: Vec<_> = crate::catalogue::all()
            .filter(|r| r.force != Force::Must)
            .collect();
        assert!(soft.iter().any(|r| r.force == Force::Should));
        assert!(soft.iter().any(|r| r.force == Force::Example));
        let mut f = flow(soft.iter().map(|r| check(r.id, Status::Fail)).collect());
        apply(&mut f);
        for (c, r) in f.checks().zip(&soft) {
            let want = match r.force {
                Force::Should => Status::Warn,
                _ => Status::Pass,
            };
            assert_eq!(c.status, want, "{}", r.id);
            assert!(!c.status.is_failure(), "{}", r.id);
        }
    }

    #[test]
    fn a_failing_should_requirement_of_the_catalogue_warns() {
        let mut f = flow(vec![
            check("SWAP-AUTH-001", Status::Fail),
            check("SWAP-QUOTE-003", Status::Fail),
        ]);
        apply(&mut f);
        assert_eq!(statuses(&f), vec![Status::Warn, Status::Fail]);
    }
}
