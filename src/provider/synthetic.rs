//! The reference provider at scale (`serve --pairs N`, `run --pairs N`): N synthetic pairs
//! between synthetic currencies, after the bundled ones, every pair quotable at any amount
//! inside its limits.
//!
//! Synthetic currency `k` is always the same (`syn<k>`, ticker `SYN<k>`, 8 decimals, an EVM
//! coin), so it is made once per process and shared by every catalog; a catalog of N pairs
//! is made once per N. Both are kept for the life of the process (a few kilobytes per
//! hundred pairs), which lets quotes hold `&'static` pairs as they do for the bundled ones.

use super::catalog::{CURRENCIES, Catalog, Currency, PAIRS, Pair};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The prefix of a synthetic currency id.
const PREFIX: &str = "syn";

/// The terms of every synthetic pair: one for one, limits wide apart, fees far below what
/// the minimum buys (so `amountTo` is positive at the minimum).
const RATE: &str = "1";
const MIN: &str = "0.001";
const MAX: &str = "1000";
const PROVIDER_FEES: &str = "0.00001";
const REFERRAL_FEES: &str = "0.000005";
const PAYOUT_NETWORK_FEES: &str = "0.00002";

fn currencies() -> &'static Mutex<Vec<&'static Currency>> {
    static ALL: OnceLock<Mutex<Vec<&'static Currency>>> = OnceLock::new();
    ALL.get_or_init(|| Mutex::new(Vec::new()))
}

fn catalogs() -> &'static Mutex<HashMap<usize, &'static Catalog>> {
    static ALL: OnceLock<Mutex<HashMap<usize, &'static Catalog>>> = OnceLock::new();
    ALL.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The index `k` of a synthetic currency id `syn<k>`.
pub(crate) fn index_of(id: &str) -> Option<usize> {
    let digits = id.strip_prefix(PREFIX)?;
    // One spelling per currency: `syn01` is not `syn1`.
    if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
        return None;
    }
    digits.parse().ok()
}

/// A synthetic currency already made by some catalog.
pub(crate) fn currency(id: &str) -> Option<&'static Currency> {
    let k = index_of(id)?;
    let all = currencies().lock().unwrap_or_else(|e| e.into_inner());
    all.get(k).copied()
}

/// The first `n` synthetic currencies, made on first use.
fn first_currencies(n: usize) -> Vec<&'static Currency> {
    let mut all = currencies().lock().unwrap_or_else(|e| e.into_inner());
    while all.len() < n {
        let k = all.len();
        let id: &'static str = Box::leak(format!("{PREFIX}{k}").into_boxed_str());
        let ticker: &'static str = Box::leak(format!("SYN{k}").into_boxed_str());
        all.push(Box::leak(Box::new(Currency {
            id,
            ticker,
            decimals: 8,
            blockchain: "ethereum",
            chain_id: None,
            contract: None,
            needs_memo: false,
        })));
    }
    all[..n].to_vec()
}

/// How many synthetic currencies `n` ordered pairs need: the least m with m(m-1) ≥ n.
fn currencies_for(n: usize) -> usize {
    let mut m = 2;
    while m * (m - 1) < n {
        m += 1;
    }
    m
}

/// The catalog of the bundled currencies and pairs plus `n` synthetic pairs.
pub(crate) fn catalog(n: usize) -> &'static Catalog {
    let mut all = catalogs().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = all.get(&n) {
        return c;
    }
    let synthetic = if n == 0 {
        Vec::new()
    } else {
        first_currencies(currencies_for(n))
    };
    let mut pairs: Vec<&'static Pair> = PAIRS.iter().collect();
    let ordered = synthetic
        .iter()
        .flat_map(|a| synthetic.iter().map(move |b| (a, b)))
        .filter(|(a, b)| a.id != b.id)
        .take(n);
    for (a, b) in ordered {
        pairs.push(Box::leak(Box::new(Pair {
            from: a.id,
            to: b.id,
            rate: RATE,
            min: MIN,
            max: MAX,
            provider_fees: PROVIDER_FEES,
            referral_fees: REFERRAL_FEES,
            payout_network_fees: PAYOUT_NETWORK_FEES,
            kyc_above: MAX,
        })));
    }
    let currencies = CURRENCIES.iter().chain(synthetic).collect();
    let made: &'static Catalog = Box::leak(Box::new(Catalog::new(currencies, pairs)));
    all.insert(n, made);
    made
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::catalog::dec;

    #[test]
    fn n_synthetic_pairs_follow_the_bundled_ones_and_are_all_quotable() {
        let c = catalog(500);
        assert_eq!(c.pairs.len(), PAIRS.len() + 500);
        assert_eq!(c.currencies.len(), CURRENCIES.len() + currencies_for(500));
        assert_eq!(currencies_for(500), 23, "23 × 22 = 506 ≥ 500 > 22 × 21");
        for p in &c.pairs {
            assert!(std::ptr::eq(c.pair(p.from, p.to).unwrap(), *p));
            assert!(p.terms(dec(p.min)).is_some() && p.terms(dec(p.max)).is_some());
            assert!(p.currency_from().ticker.len() <= 9);
        }
        let mut seen = std::collections::HashSet::new();
        assert!(c.pairs.iter().all(|p| seen.insert((p.from, p.to))));
        assert!(std::ptr::eq(catalog(500), c), "made once per size");
    }

    #[test]
    fn synthetic_ids_have_one_spelling() {
        catalog(2);
        assert_eq!(index_of("syn0"), Some(0));
        assert_eq!(index_of("syn01"), None);
        assert_eq!(index_of("syn"), None);
        assert_eq!(index_of("btc"), None);
        assert_eq!(currency("syn1").map(|c| c.ticker), Some("SYN1"));
        assert!(catalog(0).pair("syn0", "syn1").is_none());
        assert!(catalog(0).pair("btc", "eth").is_some());
    }
}
