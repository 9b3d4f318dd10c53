//! Request URLs parsed once: the sweep sends thousands of quotes to the same `…/quote`, and
//! reqwest parses a URL given as text on every request (about 6,000 instructions, a twentieth
//! of a sweep quote's cost).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// How many parsed URLs are kept; past that the cache starts again (status URLs, one per
/// swap, would otherwise grow it without bound).
const KEPT: usize = 256;

#[derive(Default)]
pub(super) struct Urls {
    parsed: Mutex<HashMap<String, reqwest::Url>>,
}

impl Urls {
    /// The URL parsed, or `None` when it does not parse (reqwest then says why).
    pub(super) fn get(&self, text: &str) -> Option<reqwest::Url> {
        let mut parsed = self.parsed.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(url) = parsed.get(text) {
            return Some(url.clone());
        }
        let url = reqwest::Url::parse(text).ok()?;
        if parsed.len() >= KEPT {
            parsed.clear();
        }
        parsed.insert(text.to_string(), url.clone());
        Some(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_parsed_once_and_kept_within_the_bound() {
        let urls = Urls::default();
        let a = urls.get("http://127.0.0.1:1/v2/quote").unwrap();
        assert_eq!(a.as_str(), "http://127.0.0.1:1/v2/quote");
        assert_eq!(urls.get("http://127.0.0.1:1/v2/quote"), Some(a));
        assert_eq!(urls.get("not a url"), None);
        for i in 0..KEPT + 10 {
            urls.get(&format!("http://127.0.0.1:1/status?swapId={i}"));
        }
        assert!(urls.parsed.lock().unwrap().len() <= KEPT);
    }
}
