//! The buy widget behind `rampRedirectUrl`: it loads within its budget (WIDGET-BUY-001) and
//! keeps the destination address it was given (WIDGET-BUY-002; §5's Buy LiveApp "UX rules:
//! non-editable address").

use super::{Verdicts, secs};
use crate::widgets::observe::Observation;
use std::time::Duration;

/// Adds both checks.
pub(crate) fn judge(v: &mut Verdicts, obs: &Observation, budget: Duration, dest: &str) {
    let limit = budget.as_millis() as u64;
    match obs.loaded_after.map(|d| d.as_millis() as u64) {
        Some(ms) if ms <= limit => v.pass(
            "WIDGET-BUY-001",
            "within_budget",
            format!("loaded in {}, within the {} budget", secs(ms), secs(limit)),
        ),
        Some(ms) => v.fail(
            "WIDGET-BUY-001",
            "within_budget",
            format!("loaded in {}, over the {} budget", secs(ms), secs(limit)),
        ),
        None => v.fail(
            "WIDGET-BUY-001",
            "within_budget",
            format!(
                "the page's load event did not fire within {}",
                secs(limit * 2)
            ),
        ),
    }
    let text = obs.text.as_deref().unwrap_or_default();
    let result = if dest.is_empty() {
        Err("the profile's buy quote has no `dest`".to_string())
    } else if text.contains(dest) {
        Ok(format!("the page shows the destination address `{dest}`"))
    } else {
        Err(format!(
            "the page does not show the destination address `{dest}` it was given in `rampRedirectUrl` (neither in its text nor in a field)"
        ))
    };
    v.judge("WIDGET-BUY-002", "keeps_address", result);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::Status;

    #[test]
    fn budget_and_address_pass_and_fail() {
        let mut v = Verdicts::new(crate::source::Location {
            file: "p".into(),
            line: 1,
            col: 1,
        });
        let fast = Observation {
            loaded_after: Some(Duration::from_millis(300)),
            text: Some("to bc1qxyz".into()),
            ..Observation::default()
        };
        judge(&mut v, &fast, Duration::from_secs(2), "bc1qxyz");
        let slow = Observation {
            loaded_after: Some(Duration::from_secs(3)),
            text: Some("to".into()),
            ..Observation::default()
        };
        judge(&mut v, &slow, Duration::from_secs(2), "bc1qxyz");
        let s: Vec<Status> = v.checks.iter().map(|c| c.status).collect();
        assert_eq!(s, [Status::Pass, Status::Pass, Status::Fail, Status::Fail]);
    }
}
