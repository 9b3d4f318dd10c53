//! Reads every page of `/pairs` (and `/currencies`) as the sweep needs them: typed, through
//! the run's HTTP client (which paces every request under `--rps`). Whether the lists conform is
//! the suites' business (SWAP-PAIRS-*, SWAP-CUR-*); the sweep only needs to read them, and
//! says why when it cannot.

use super::latency::Latencies;
use crate::plain_decimal::PlainDecimal;
use crate::runner::http::{Http, OutRequest};
use serde::Deserialize;
use std::collections::HashSet;
use std::time::Instant;

/// The page size asked for; the API's `limit` is an int32 and the suites ask for 100 too.
const PAGE_LIMIT: usize = 100;
/// A list longer than this many pages is not read further (a cursor that never ends): the
/// suites' bound.
pub(crate) const MAX_PAGES: usize = crate::suite::MAX_PAGES as usize;

/// One advertised pair with the terms the sweep quotes it at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListedPair {
    pub from: String,
    pub to: String,
    /// `fixed`, `float`, in the order advertised, each once.
    pub methods: Vec<String>,
    pub min: PlainDecimal,
    pub max: PlainDecimal,
}

impl ListedPair {
    /// `btc→eth`.
    pub(crate) fn label(&self) -> String {
        format!("{}→{}", self.from, self.to)
    }
}

/// The pairs read, with those left out and why.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    pub pairs: Vec<ListedPair>,
    pub pages: usize,
    /// Items that do not have the five pair fields as decimal strings (the suites' schema
    /// check names them); not quoted.
    pub unreadable: usize,
    /// Pairs listed twice (the second is not quoted again).
    pub duplicates: usize,
    /// Pairs whose minimum is above their maximum: no amount is inside (SWAP-PAIRS-004).
    pub empty_range: usize,
    pub currencies: usize,
}

#[derive(Deserialize)]
struct RawPage<T> {
    #[serde(default = "Vec::new")]
    pairs: Vec<T>,
    #[serde(default = "Vec::new")]
    currencies: Vec<T>,
    next_cursor: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPair {
    from: String,
    to: String,
    trade_method: Vec<String>,
    min_swap_amount: String,
    max_swap_amount: String,
}

/// What the listing requests need.
pub(crate) struct Lister<'a> {
    pub http: &'a Http,
    pub base_url: &'a str,
    pub headers: &'a [(String, String)],
    pub latencies: &'a Latencies,
}

impl Lister<'_> {
    /// Every page of `/pairs`, then the number of currencies of `/currencies`.
    pub(crate) async fn read(&self) -> Result<Listing, String> {
        let mut listing = Listing::default();
        let mut seen = HashSet::new();
        let pages = self
            .pages::<serde_json::Value>("/pairs", "pairs", &mut listing.pages)
            .await?;
        for item in pages {
            let Ok(raw) = serde_json::from_value::<RawPair>(item) else {
                listing.unreadable += 1;
                continue;
            };
            let Some(pair) = listed(raw) else {
                listing.unreadable += 1;
                continue;
            };
            if !seen.insert((pair.from.clone(), pair.to.clone())) {
                listing.duplicates += 1;
            } else if crate::checks::decimal::compare(pair.min.as_str(), pair.max.as_str())
                == Some(std::cmp::Ordering::Greater)
            {
                listing.empty_range += 1;
            } else {
                listing.pairs.push(pair);
            }
        }
        let mut currency_pages = 0;
        listing.currencies = self
            .pages::<serde::de::IgnoredAny>("/currencies", "currencies", &mut currency_pages)
            .await?
            .len();
        listing.pages += currency_pages;
        Ok(listing)
    }

    /// The items of every page of `path`, under `key`.
    async fn pages<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        key: &str,
        count: &mut usize,
    ) -> Result<Vec<T>, String> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        let mut cursors = HashSet::new();
        loop {
            if *count >= MAX_PAGES {
                return Err(format!("`{path}` has more than {MAX_PAGES} pages"));
            }
            let mut url = reqwest::Url::parse(&format!("{}{path}", self.base_url))
                .map_err(|e| format!("the url of `{path}` is not valid: {e}"))?;
            url.query_pairs_mut()
                .append_pair("limit", &PAGE_LIMIT.to_string());
            if let Some(c) = &cursor {
                url.query_pairs_mut().append_pair("cursor", c);
            }
            let req = OutRequest {
                method: reqwest::Method::GET,
                url: url.to_string(),
                headers: self.headers.to_vec(),
                body: None,
            };
            let t = Instant::now();
            let resp = self.http.send(&req).await;
            self.latencies.record(&format!("GET {path}"), t.elapsed());
            *count += 1;
            let page_no = cursors.len() + 1;
            let resp = resp.map_err(|why| format!("`GET {path}` page {page_no}: {why}"))?;
            if !(200..300).contains(&resp.status) {
                return Err(format!(
                    "`GET {path}` page {page_no} answered status {}",
                    resp.status
                ));
            }
            let page: RawPage<T> = serde_json::from_slice(&resp.body).map_err(|e| {
                format!("`GET {path}` page {page_no} is not a `{{{key}, next_cursor}}` page: {e}")
            })?;
            items.extend(if key == "pairs" {
                page.pairs
            } else {
                page.currencies
            });
            match page.next_cursor.filter(|c| !c.is_empty()) {
                None => return Ok(items),
                Some(c) if !cursors.insert(c.clone()) => {
                    return Err(format!("`GET {path}` loops: cursor `{c}` came back"));
                }
                Some(c) => cursor = Some(c),
            }
        }
    }
}

/// The seed API's pair: `{from, to, tradeMethod}`, no limits (ledger-integration §4.2).
#[derive(Deserialize)]
struct SeedPair {
    from: String,
    to: String,
}

impl Lister<'_> {
    /// The seed API's `/pairs`: one bare array, `(from, to)` each.
    pub(crate) async fn seed_pairs(
        &self,
        section: &crate::profile::Section,
    ) -> Result<Vec<(String, String)>, String> {
        let req = OutRequest {
            method: reqwest::Method::GET,
            url: format!("{}/pairs", section.base_url),
            headers: section.headers.clone(),
            body: None,
        };
        let t = Instant::now();
        let resp = self.http.send(&req).await;
        self.latencies.record("GET /pairs swap_v1", t.elapsed());
        let resp = resp.map_err(|why| format!("`GET /pairs`: {why}"))?;
        if !(200..300).contains(&resp.status) {
            return Err(format!("`GET /pairs` answered status {}", resp.status));
        }
        let pairs: Vec<SeedPair> = serde_json::from_slice(&resp.body)
            .map_err(|e| format!("`GET /pairs` is not an array of `{{from, to}}`: {e}"))?;
        Ok(pairs.into_iter().map(|p| (p.from, p.to)).collect())
    }
}

/// Adds the seed API's quote (`swap_v1`) to the pairs it lists; the current API's limits give
/// the amount. Returns how many seed pairs matched a current pair, and how many did not.
pub(crate) fn add_seed_method(
    pairs: &mut [ListedPair],
    seed: &[(String, String)],
) -> (usize, usize) {
    let index: std::collections::HashMap<(&str, &str), usize> = pairs
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.from.as_str(), p.to.as_str()), i))
        .collect();
    let found: Vec<usize> = seed
        .iter()
        .filter_map(|(f, t)| index.get(&(f.as_str(), t.as_str())).copied())
        .collect();
    let mut matched = 0;
    for i in found {
        if !pairs[i].methods.iter().any(|m| m == "swap_v1") {
            pairs[i].methods.push("swap_v1".into());
            matched += 1;
        }
    }
    (matched, seed.len() - matched)
}

/// The typed pair, or `None` when its amounts are not plain decimals.
fn listed(raw: RawPair) -> Option<ListedPair> {
    let mut methods: Vec<String> = Vec::new();
    for m in raw.trade_method {
        if (m == "fixed" || m == "float") && !methods.contains(&m) {
            methods.push(m);
        }
    }
    Some(ListedPair {
        from: raw.from,
        to: raw.to,
        methods,
        min: PlainDecimal::parse(&raw.min_swap_amount)?,
        max: PlainDecimal::parse(&raw.max_swap_amount)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_keeps_its_known_methods_once_and_needs_decimal_limits() {
        let raw = |min: &str| RawPair {
            from: "btc".into(),
            to: "eth".into(),
            trade_method: vec![
                "float".into(),
                "swap".into(),
                "float".into(),
                "fixed".into(),
            ],
            min_swap_amount: min.into(),
            max_swap_amount: "20".into(),
        };
        let p = listed(raw("0.001")).unwrap();
        assert_eq!(p.methods, ["float", "fixed"]);
        assert_eq!(
            (p.min.as_str(), p.label()),
            ("0.001", "btc→eth".to_string())
        );
        assert!(listed(raw("1e-3")).is_none());
    }

    #[test]
    fn seed_pairs_take_the_current_limits_or_are_counted_without() {
        let mut pairs = vec![
            listed(RawPair {
                from: "btc".into(),
                to: "eth".into(),
                trade_method: vec!["fixed".into()],
                min_swap_amount: "1".into(),
                max_swap_amount: "2".into(),
            })
            .unwrap(),
        ];
        let seed = [
            ("btc".to_string(), "eth".to_string()),
            ("xlm".into(), "btc".into()),
        ];
        assert_eq!(add_seed_method(&mut pairs, &seed), (1, 1));
        assert_eq!(pairs[0].methods, ["fixed", "swap_v1"]);
    }
}
