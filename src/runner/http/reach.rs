//! The unreachable rule: after N consecutive timeouts (connect or read) against the same base
//! URL, the remaining requests to it are not sent and fail at once with "provider unreachable
//! since …". Any answer (even a bad one) ends the streak and reopens the base URL, so a
//! provider that answers again is judged on what it answers; the steps already run keep their
//! verdicts. Requests in flight when the rule trips still finish.

use std::collections::HashMap;
use std::sync::Mutex;

/// The start of every message of a request not sent because of the rule.
pub(crate) const UNREACHABLE: &str = "provider unreachable since ";

/// What the rule decides for a request about to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Gate {
    Send,
    /// Not sent; the message says since when and why.
    Refuse(String),
}

/// One base URL's state.
#[derive(Debug, Default, Clone)]
struct Base {
    /// Consecutive timeouts, in order of completion.
    streak: u32,
    /// RFC 3339: when the first request of the streak was sent.
    since: Option<String>,
    tripped: bool,
    not_sent: usize,
}

/// Base URLs that stopped answering, for the reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unanswered {
    pub base_url: String,
    pub since: String,
    pub not_sent: usize,
}

/// The rule's state, shared by every flow of a run.
#[derive(Debug)]
pub(super) struct Reach {
    /// Timeouts in a row that trip the rule; 0 never trips.
    after: u32,
    /// The profile's base URLs, longest first, so that the most specific one matches.
    bases: Vec<String>,
    state: Mutex<HashMap<String, Base>>,
}

impl Reach {
    pub(super) fn new(after: u32, mut bases: Vec<String>) -> Reach {
        bases.sort_by_key(|b| std::cmp::Reverse(b.len()));
        Reach {
            after,
            bases,
            state: Mutex::new(HashMap::new()),
        }
    }

    /// The base URL a request belongs to: the longest profile base URL it starts with, else
    /// its origin (`scheme://host:port`).
    pub(super) fn base_of(&self, url: &str) -> String {
        if let Some(b) = self.bases.iter().find(|b| url.starts_with(b.as_str())) {
            return b.clone();
        }
        match url.find("://") {
            Some(i) => {
                let rest = &url[i + 3..];
                let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
                url[..i + 3 + end].to_string()
            }
            None => url.to_string(),
        }
    }

    fn with<T>(&self, base: &str, f: impl FnOnce(&mut Base) -> T) -> T {
        let mut map = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(b) = map.get_mut(base) {
            return f(b);
        }
        f(map.entry(base.to_string()).or_default())
    }

    /// Whether a request to `base` may be sent.
    pub(super) fn gate(&self, base: &str) -> Gate {
        let after = self.after;
        self.with(base, |b| {
            if !b.tripped {
                return Gate::Send;
            }
            b.not_sent += 1;
            Gate::Refuse(format!(
                "{UNREACHABLE}{}: the last {after} requests to `{base}` timed out, so this one was not sent",
                b.since.as_deref().unwrap_or("the start")
            ))
        })
    }

    /// A request to `base`, sent at `sent_at` (RFC 3339), timed out.
    pub(super) fn timed_out(&self, base: &str, sent_at: &str) {
        let after = self.after;
        self.with(base, |b| {
            if b.streak == 0 {
                b.since = Some(sent_at.to_string());
            }
            b.streak += 1;
            if after > 0 && b.streak >= after {
                b.tripped = true;
            }
        });
    }

    /// A request to `base` got an answer (or failed otherwise than by a timeout).
    pub(super) fn answered(&self, base: &str) {
        self.with(base, |b| {
            b.streak = 0;
            b.tripped = false;
        });
    }

    /// Every base URL that had requests not sent, in URL order.
    pub(super) fn unanswered(&self) -> Vec<Unanswered> {
        let map = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out: Vec<Unanswered> = map
            .iter()
            .filter(|(_, b)| b.not_sent > 0)
            .map(|(url, b)| Unanswered {
                base_url: url.clone(),
                since: b.since.clone().unwrap_or_default(),
                not_sent: b.not_sent,
            })
            .collect();
        out.sort_by(|a, b| a.base_url.cmp(&b.base_url));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V2: &str = "http://127.0.0.1:9/v2";

    #[test]
    fn three_timeouts_in_a_row_trip_the_rule() {
        let r = Reach::new(3, vec![V2.into()]);
        r.timed_out(V2, "T1");
        r.timed_out(V2, "T2");
        assert_eq!(r.gate(V2), Gate::Send);
        r.timed_out(V2, "T3");
        let Gate::Refuse(why) = r.gate(V2) else {
            panic!("not tripped")
        };
        assert_eq!(
            why,
            "provider unreachable since T1: the last 3 requests to `http://127.0.0.1:9/v2` timed out, so this one was not sent"
        );
        assert!(why.starts_with(UNREACHABLE));
        assert_eq!(
            r.unanswered(),
            vec![Unanswered {
                base_url: V2.into(),
                since: "T1".into(),
                not_sent: 1
            }]
        );
    }

    #[test]
    fn an_answer_ends_the_streak_and_reopens_the_base_url() {
        let r = Reach::new(3, vec![V2.into()]);
        r.timed_out(V2, "T1");
        r.timed_out(V2, "T2");
        r.answered(V2);
        r.timed_out(V2, "T4");
        r.timed_out(V2, "T5");
        assert_eq!(r.gate(V2), Gate::Send, "the streak restarted at T4");
        r.timed_out(V2, "T6");
        assert!(matches!(r.gate(V2), Gate::Refuse(w) if w.contains("since T4")));
        // A request in flight when the rule tripped got an answer: the provider is back.
        r.answered(V2);
        assert_eq!(r.gate(V2), Gate::Send);
        assert_eq!(
            r.unanswered()[0].not_sent,
            1,
            "what was not sent stays counted"
        );
    }

    #[test]
    fn base_urls_are_judged_apart_and_zero_never_trips() {
        let r = Reach::new(1, vec![V2.into(), "http://127.0.0.1:9/v1".into()]);
        r.timed_out(V2, "T1");
        assert!(matches!(r.gate(V2), Gate::Refuse(_)));
        assert_eq!(r.gate("http://127.0.0.1:9/v1"), Gate::Send);
        let off = Reach::new(0, vec![]);
        for _ in 0..10 {
            off.timed_out(V2, "T");
        }
        assert_eq!(off.gate(V2), Gate::Send);
        assert!(off.unanswered().is_empty());
    }

    #[test]
    fn a_url_belongs_to_its_longest_base_or_to_its_origin() {
        let r = Reach::new(3, vec!["http://h:1".into(), "http://h:1/v2".into()]);
        assert_eq!(r.base_of("http://h:1/v2/quote"), "http://h:1/v2");
        assert_eq!(r.base_of("http://h:1/v1/quote"), "http://h:1");
        assert_eq!(
            r.base_of("https://other.example/x?y"),
            "https://other.example"
        );
        assert_eq!(
            r.base_of("https://other.example?y"),
            "https://other.example"
        );
    }
}
