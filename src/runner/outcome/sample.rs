//! Outcomes built by hand for unit tests: one suite, one flow, one step with the given checks.

use super::{CheckOutcome, FlowOutcome, RunOutcome, Status, StepOutcome, SuiteOutcome};
use crate::source::Location;

pub(crate) fn check(status: Status) -> CheckOutcome {
    CheckOutcome {
        id: "SWAP-QUOTE-001".into(),
        check: "status",
        status,
        message: String::new(),
        location: Location {
            file: "s.yaml".into(),
            line: 1,
            col: 1,
        },
        status_word: None,
    }
}

pub(crate) fn run(statuses: &[Status]) -> RunOutcome {
    let step = StepOutcome {
        name: "s".into(),
        location: check(Status::Pass).location,
        exchanges: vec![],
        checks: statuses.iter().map(|s| check(*s)).collect(),
        decoded_payload: None,
        secrets: vec![],
    };
    RunOutcome {
        planned_flows: 1,
        suites: vec![SuiteOutcome {
            name: "swap".into(),
            file: "s.yaml".into(),
            api: "swap".into(),
            flows: vec![FlowOutcome {
                name: "f".into(),
                tags: vec![],
                started_at: String::new(),
                duration_ms: 0,
                steps: vec![step],
            }],
        }],
        ..RunOutcome::default()
    }
}
