//! The widget's messages arrive within its timeout (WIDGET-TIME-001), and it exits by the
//! convention (WIDGET-EXIT-001): `closeWidget` after `setToken` on Ledger Live's bridge
//! (desktop `src/swapConnectWebviewPreloader/index.js:15-20`; mobile `Widget.tsx` pops the
//! screen on `closeWidget`), or the seed's final `postMessage`.

use super::{Verdicts, secs};
use crate::widgets::observe::{Contract, Observation};
use std::time::Duration;

/// Adds both checks.
pub(crate) fn judge(v: &mut Verdicts, obs: &Observation, timeout: Duration) {
    let limit = timeout.as_millis() as u64;
    match obs.messages.iter().map(|m| m.at_ms).max() {
        None => v.skip(
            "WIDGET-TIME-001",
            "within_timeout",
            "the widget sent no message",
        ),
        Some(last) if last <= limit => v.pass(
            "WIDGET-TIME-001",
            "within_timeout",
            format!(
                "{} message(s), the last at {}, within the {} timeout",
                obs.messages.len(),
                secs(last),
                secs(limit)
            ),
        ),
        Some(last) => v.fail(
            "WIDGET-TIME-001",
            "within_timeout",
            format!(
                "a message arrived at {}, after the {} timeout",
                secs(last),
                secs(limit)
            ),
        ),
    }
    let is = |data: &str, kind: &str| {
        serde_json::from_str::<serde_json::Value>(data)
            .is_ok_and(|v| v.get("type").and_then(|t| t.as_str()) == Some(kind))
    };
    let closed = obs
        .through(Contract::Bridge)
        .any(|m| is(&m.data, "closeWidget"));
    let set = obs
        .through(Contract::Bridge)
        .any(|m| is(&m.data, "setToken"));
    let posted = obs.through(Contract::PostMessage).count();
    let result = if closed {
        Ok("the widget called `window.ledger.closeWidget()`".to_string())
    } else if set {
        Err("the widget called `window.ledger.setToken` but never `window.ledger.closeWidget()`: Ledger Live keeps the widget open".to_string())
    } else if posted > 0 {
        Ok("the widget posted its final message (the seed's convention)".to_string())
    } else {
        v.skip(
            "WIDGET-EXIT-001",
            "exit_convention",
            "the widget sent no message",
        );
        return;
    };
    v.judge("WIDGET-EXIT-001", "exit_convention", result);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::Status;
    use crate::widgets::observe::Message;

    fn run(messages: &[(Contract, &str, u64)]) -> Vec<(String, Status)> {
        let obs = Observation {
            messages: messages
                .iter()
                .map(|(via, data, at)| Message {
                    via: *via,
                    data: data.to_string(),
                    at_ms: *at,
                })
                .collect(),
            ..Observation::default()
        };
        let mut v = Verdicts::new(crate::source::Location {
            file: "p".into(),
            line: 1,
            col: 1,
        });
        judge(&mut v, &obs, Duration::from_secs(5));
        v.checks
            .into_iter()
            .map(|c| (c.id.to_string(), c.status))
            .collect()
    }

    #[test]
    fn set_token_then_close_in_time_passes() {
        let r = run(&[
            (Contract::Bridge, r#"{"type":"setToken","token":"t"}"#, 100),
            (Contract::Bridge, r#"{"type":"closeWidget"}"#, 120),
        ]);
        assert!(r.iter().all(|(_, s)| *s == Status::Pass), "{r:?}");
    }

    #[test]
    fn no_close_and_a_late_message_fail_their_own_check() {
        let r = run(&[(Contract::Bridge, r#"{"type":"setToken","token":"t"}"#, 100)]);
        assert_eq!(
            r,
            [
                ("WIDGET-TIME-001".into(), Status::Pass),
                ("WIDGET-EXIT-001".into(), Status::Fail)
            ]
        );
        let r = run(&[(Contract::PostMessage, r#"{"code":"KYC_OK"}"#, 6000)]);
        assert_eq!(
            r,
            [
                ("WIDGET-TIME-001".into(), Status::Fail),
                ("WIDGET-EXIT-001".into(), Status::Pass)
            ]
        );
    }
}
