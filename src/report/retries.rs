//! The run's retries after `429`/`503` with `Retry-After`, as the console's closing lines and
//! JUnit properties say them. Nothing when nothing was retried.

use crate::runner::outcome::Retries;

/// The console line, e.g. `rate limited: 12 request(s) sent again after 429/503 with
/// Retry-After (waited 3.0 s), 1 gave up`.
pub(crate) fn console_line(r: &Retries) -> Option<String> {
    if r.is_empty() {
        return None;
    }
    let mut line = format!(
        "rate limited: {} request(s) sent again after `429`/`503` with `Retry-After` (waited {:.1} s)",
        r.retried,
        r.waited_ms as f64 / 1000.0
    );
    if r.gave_up > 0 {
        line.push_str(&format!(", {} gave up after `--max-retries`", r.gave_up));
    }
    Some(line)
}

/// JUnit properties of every testsuite (run-wide figures): `run_http_retries`,
/// `run_http_retry_wait_ms`, `run_http_retries_gave_up`.
pub(crate) fn junit_properties(r: &Retries) -> Vec<(&'static str, String)> {
    if r.is_empty() {
        return Vec::new();
    }
    vec![
        ("run_http_retries", r.retried.to_string()),
        ("run_http_retry_wait_ms", r.waited_ms.to_string()),
        ("run_http_retries_gave_up", r.gave_up.to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_said_when_nothing_was_retried() {
        assert_eq!(console_line(&Retries::default()), None);
        assert!(junit_properties(&Retries::default()).is_empty());
    }

    #[test]
    fn retries_and_give_ups_are_said() {
        let r = Retries {
            retried: 12,
            waited_ms: 3040,
            gave_up: 0,
        };
        assert_eq!(
            console_line(&r).unwrap(),
            "rate limited: 12 request(s) sent again after `429`/`503` with `Retry-After` (waited 3.0 s)"
        );
        let r = Retries { gave_up: 1, ..r };
        assert!(
            console_line(&r)
                .unwrap()
                .ends_with(", 1 gave up after `--max-retries`")
        );
        assert_eq!(
            junit_properties(&r),
            vec![
                ("run_http_retries", "12".to_string()),
                ("run_http_retry_wait_ms", "3040".to_string()),
                ("run_http_retries_gave_up", "1".to_string()),
            ]
        );
    }
}
