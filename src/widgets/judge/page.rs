//! The checks every widget page gets: it loads, it can be framed (login and KYC), it throws
//! no uncaught error, it loads no mixed content, and the test user's steps could be done.

use super::Verdicts;
use crate::runner::outcome::Status;
use crate::widgets::observe::{Document, Observation};

/// Why the widget-specific checks cannot run, if the page checks found a reason.
pub(crate) type Blocked = Option<String>;

/// Adds the page checks; returns why the widget's own checks cannot run, if so.
pub(crate) fn judge(
    v: &mut Verdicts,
    obs: &Observation,
    framed_by: Option<&str>,
    has_steps: bool,
) -> Blocked {
    if let Some(e) = &obs.browser_error {
        v.add(
            "WIDGET-LOAD-001",
            "page_loads",
            Status::Error,
            format!("the browser failed: {e}"),
        );
        return Some("the browser failed (WIDGET-LOAD-001)".into());
    }
    // A frame the browser refused to show still had its answer: the page loaded, framing
    // is what failed, and the frame check says why.
    let refused = obs
        .navigation_error
        .as_deref()
        .filter(|e| e.contains("ERR_BLOCKED_BY_RESPONSE") && framed_by.is_some());
    let loaded = match (&obs.navigation_error, &obs.document) {
        (_, Some(d)) if !(200..300).contains(&d.status) => {
            Err(format!("the page answered {} ({})", d.status, d.url))
        }
        (Some(_), Some(d)) if refused.is_some() => Ok(format!("{} for {}", d.status, d.url)),
        (Some(e), _) => Err(format!("the page did not load: {e}")),
        (None, None) => Err("no answer for the page within the widget's timeout".into()),
        (None, Some(d)) => Ok(format!("{} for {}", d.status, d.url)),
    };
    let ok = loaded.is_ok();
    v.judge("WIDGET-LOAD-001", "page_loads", loaded);
    if !ok {
        return Some("the page did not load (WIDGET-LOAD-001)".into());
    }
    if let (Some(host), Some(doc)) = (framed_by, &obs.document) {
        let verdict = match (framing(doc, host), refused) {
            (Framing::Allowed(_), Some(e)) => {
                Framing::Forbidden(format!("the browser refused to frame the widget: {e}"))
            }
            (f, _) => f,
        };
        match verdict {
            Framing::Allowed(m) => v.pass("WIDGET-FRAME-001", "can_be_framed", m),
            Framing::Unclear(m) => v.add("WIDGET-FRAME-001", "can_be_framed", Status::Warn, m),
            Framing::Forbidden(m) => {
                v.fail("WIDGET-FRAME-001", "can_be_framed", m);
                return Some("the widget cannot be framed (WIDGET-FRAME-001)".into());
            }
        }
    }
    v.judge(
        "WIDGET-SCRIPT-001",
        "no_script_error",
        script_errors(&obs.exceptions),
    );
    let mixed = if obs.mixed_content.is_empty() {
        Ok("no mixed content reported by the browser".into())
    } else {
        Err(format!(
            "the browser reported mixed content: {}",
            obs.mixed_content.join("; ")
        ))
    };
    v.judge("WIDGET-MIXED-001", "no_mixed_content", mixed);
    if has_steps {
        match &obs.step_error {
            Some(e) => {
                v.add("WIDGET-STEPS-001", "steps", Status::Error, e.clone());
                return Some("the test user's steps could not be done (WIDGET-STEPS-001)".into());
            }
            None => v.pass("WIDGET-STEPS-001", "steps", "every step was done"),
        }
    }
    None
}

fn script_errors(exceptions: &[String]) -> Result<String, String> {
    match exceptions {
        [] => Ok("no uncaught error".into()),
        [one] => Err(format!("uncaught error: {one}")),
        many => Err(format!(
            "{} uncaught errors, the first: {}",
            many.len(),
            many[0]
        )),
    }
}

/// What the answer's headers say about framing the widget in the host page.
#[derive(Debug, PartialEq)]
pub(crate) enum Framing {
    Allowed(String),
    /// A `frame-ancestors` list that does not name the harness's host: Ledger Live's own
    /// origin is not known, so it may or may not be admitted.
    Unclear(String),
    Forbidden(String),
}

/// Reads `X-Frame-Options` (RFC 7034) and CSP `frame-ancestors` (CSP Level 2 §7.7.3); when
/// both are set, browsers obey `frame-ancestors`.
pub(crate) fn framing(doc: &Document, host_origin: &str) -> Framing {
    let own = origin(&doc.url);
    let ancestors: Vec<Vec<String>> = doc
        .header("content-security-policy")
        .flat_map(|p| p.split(';'))
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            (words.next()?.eq_ignore_ascii_case("frame-ancestors"))
                .then(|| words.map(str::to_string).collect())
        })
        .collect();
    if let Some(sources) = ancestors.iter().find(|s| !admits(s, host_origin, &own)) {
        let text = sources.join(" ");
        if text.is_empty() || sources.iter().all(|s| s == "'none'" || s == "'self'") {
            return Framing::Forbidden(format!(
                "`Content-Security-Policy: frame-ancestors {text}` forbids any other site to frame the widget, Ledger Live included"
            ));
        }
        return Framing::Unclear(format!(
            "`frame-ancestors {text}` does not admit the harness's host page ({host_origin}); make sure it admits Ledger Live's frame"
        ));
    }
    if !ancestors.is_empty() {
        return Framing::Allowed(format!(
            "`frame-ancestors` admits the host page ({host_origin})"
        ));
    }
    for xfo in doc.header("x-frame-options") {
        let value = xfo.trim().to_ascii_lowercase();
        if value == "deny" || (value == "sameorigin" && own != host_origin) {
            return Framing::Forbidden(format!(
                "`X-Frame-Options: {}` forbids Ledger Live to frame the widget",
                xfo.trim()
            ));
        }
    }
    Framing::Allowed("neither `X-Frame-Options` nor `frame-ancestors` forbids framing".into())
}

/// Whether a `frame-ancestors` source list admits `host`.
fn admits(sources: &[String], host: &str, own: &str) -> bool {
    let host_scheme = host.split(':').next().unwrap_or_default();
    sources.iter().any(|s| {
        let s = s.trim_end_matches('/');
        s == "*"
            || s == host
            || (s == "'self'" && own == host)
            || s.strip_suffix(':') == Some(host_scheme)
    })
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> String {
    reqwest::Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(headers: &[(&str, &str)]) -> Document {
        Document {
            url: "https://widget.example/login".into(),
            status: 200,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    const HOST: &str = "http://127.0.0.1:4000";

    fn loc() -> crate::source::Location {
        crate::source::Location {
            file: "p.yaml".into(),
            line: 1,
            col: 1,
        }
    }

    #[test]
    fn deny_and_none_forbid_framing() {
        assert!(matches!(
            framing(&doc(&[("x-frame-options", "DENY")]), HOST),
            Framing::Forbidden(_)
        ));
        assert!(matches!(
            framing(&doc(&[("x-frame-options", "SAMEORIGIN")]), HOST),
            Framing::Forbidden(_)
        ));
        let none = doc(&[(
            "content-security-policy",
            "default-src 'self'; frame-ancestors 'none'",
        )]);
        assert!(matches!(framing(&none, HOST), Framing::Forbidden(m) if m.contains("'none'")));
    }

    #[test]
    fn no_header_a_star_or_the_host_allow_framing_and_other_lists_warn() {
        assert!(matches!(framing(&doc(&[]), HOST), Framing::Allowed(_)));
        let star = doc(&[
            ("content-security-policy", "frame-ancestors *"),
            ("x-frame-options", "DENY"),
        ]);
        assert!(matches!(framing(&star, HOST), Framing::Allowed(_)));
        let listed = doc(&[(
            "content-security-policy",
            "frame-ancestors https://live.ledger.com",
        )]);
        assert!(matches!(framing(&listed, HOST), Framing::Unclear(_)));
    }

    #[test]
    fn script_errors_and_mixed_content_fail_and_their_absence_passes() {
        let mut v = Verdicts::new(loc());
        let obs = Observation {
            document: Some(doc(&[])),
            exceptions: vec!["TypeError: x is undefined".into()],
            mixed_content: vec!["Mixed Content: http://cdn.example/a.js".into()],
            ..Observation::default()
        };
        assert_eq!(judge(&mut v, &obs, Some(HOST), false), None);
        let status = |id: &str| v.checks.iter().find(|c| &*c.id == id).map(|c| c.status);
        assert_eq!(status("WIDGET-LOAD-001"), Some(Status::Pass));
        assert_eq!(status("WIDGET-SCRIPT-001"), Some(Status::Fail));
        assert_eq!(status("WIDGET-MIXED-001"), Some(Status::Fail));
        let mut clean = Verdicts::new(loc());
        let ok = Observation {
            document: Some(doc(&[])),
            ..Observation::default()
        };
        judge(&mut clean, &ok, Some(HOST), false);
        assert!(clean.checks.iter().all(|c| c.status == Status::Pass));
    }

    #[test]
    fn a_page_that_does_not_load_blocks_the_rest() {
        let mut v = Verdicts::new(loc());
        let obs = Observation {
            navigation_error: Some("net::ERR_CONNECTION_REFUSED".into()),
            ..Observation::default()
        };
        assert!(judge(&mut v, &obs, Some(HOST), true).is_some());
        assert_eq!(v.checks.len(), 1);
        assert_eq!(v.checks[0].status, Status::Fail);
    }
}
