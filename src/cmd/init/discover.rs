//! `init --discover`: reads what the provider trades and writes a profile for it.
//!
//! ```text
//! /currencies, /pairs (every page) ─map to Ledger's list─▶ representative pairs ─▶ profile text
//! ```
//!
//! Each currency maps by its chain (and contract, for a token) to Ledger's coin; each chosen
//! pair gets an amount inside its limits, Ledger's tickers and decimals, and placeholder
//! addresses. What cannot be mapped is printed with the reason, and left out.

use super::choose::{choose, classify};
use super::listing::{Api, Capabilities, PairEntry};
use super::write::{amount, headers, pair, quoted};
use crate::ledger_list::{CurrencyEntry, LedgerList, list};
use crate::runner::http::{Http, HttpConfig};
use std::fmt::Write as _;

/// What `init --discover` was given.
pub(crate) struct Discovery<'a> {
    pub(crate) name: &'a str,
    pub(crate) swap_url: Option<&'a str>,
    pub(crate) swap_v1_url: Option<&'a str>,
    pub(crate) buy_url: Option<&'a str>,
    /// As written (`${env:NAME}` kept), for the profile.
    pub(crate) headers_written: Vec<(String, String)>,
    /// Resolved, for the requests.
    pub(crate) headers_sent: Vec<(String, String)>,
    pub(crate) curve: Option<&'a str>,
    pub(crate) public_key: Option<&'a str>,
    pub(crate) max_pairs: usize,
}

/// The profile text and what could not be mapped.
pub(crate) struct Discovered {
    pub(crate) text: String,
    pub(crate) unmapped: Vec<String>,
}

/// Reads the provider's lists and writes the profile; `Err` says which request failed.
pub(crate) async fn discover(d: &Discovery<'_>, http: &Http) -> Result<Discovered, String> {
    let l = list();
    let api = |url: &str| Api {
        http,
        base_url: url.trim_end_matches('/').to_string(),
        headers: d.headers_sent.clone(),
    };
    let mut unmapped = Vec::new();
    let mut text = header(d, l);
    let mut currencies = Vec::new();
    let mut swap_pairs = Vec::new();
    if let Some(url) = d.swap_url {
        let a = api(url);
        currencies = a.currencies().await?;
        swap_pairs = a.pairs().await?;
        let pairs = &swap_pairs;
        for c in &currencies {
            if let Err(why) = c.listed(l) {
                unmapped.push(format!("currency `{}` ({}): {why}", c.id, c.chain_words()));
            }
        }
        let listed = Listing {
            pairs,
            limits: pairs,
            currencies: &currencies,
        };
        text.push_str(&swap_section(d, url, "swap", &listed, &mut unmapped)?);
    }
    if let Some(url) = d.swap_v1_url {
        let pairs = api(url).seed_pairs().await?;
        if currencies.is_empty() {
            unmapped.push(
                "the seed API's pairs: its /pairs names no chain; give `--swap-url` too, \
                 whose /currencies maps the same ids"
                    .into(),
            );
        } else {
            let listed = Listing {
                pairs: &pairs,
                limits: &swap_pairs,
                currencies: &currencies,
            };
            text.push_str(&swap_section(d, url, "swap_v1", &listed, &mut unmapped)?);
        }
    }
    if let Some(url) = d.buy_url {
        let a = api(url);
        let caps = a.capabilities().await?;
        let ids = a.crypto_currencies().await?;
        text.push_str(&buy_section(d, url, &caps, &ids, &mut unmapped)?);
    }
    text.push_str("\nknown_deviations: []\n");
    Ok(Discovered { text, unmapped })
}

/// The HTTP client `init --discover` uses: the harness's, with its default limits.
pub(crate) fn client() -> Result<Http, rustls::Error> {
    Http::new(HttpConfig::default())
}

fn header(d: &Discovery<'_>, l: &LedgerList) -> String {
    format!(
        "# Provider profile written by `provider-conformance init --discover` (schema:\n\
         # schemas/profile.schema.json) from the provider's own /currencies and /pairs, with\n\
         # tickers and decimals from Ledger's coin list ({}, {}).\n\
         # Every `# REPLACE` marks a value to fill in before a real run: addresses you control,\n\
         # memos, the partner key registered with Ledger, a token's ticker and decimals.\n\
         name: {}\n",
        l.source(),
        l.licence,
        quoted(d.name)
    )
}

/// The key lines every swap section shares.
fn key_lines(d: &Discovery<'_>) -> String {
    let curve = match d.curve {
        Some(c) => format!("{c:<30} # as given (--curve)"),
        None => format!("{:<30} # REPLACE if your key is on secp256r1", "secp256k1"),
    };
    let key = match d.public_key {
        Some(k) => format!("{} # as given (--public-key)", quoted(k)),
        None => format!(
            "{} # REPLACE: your partner key (this is the secp256k1 generator point)",
            quoted(super::PLACEHOLDER_KEY)
        ),
    };
    format!("  curve: {curve}\n  public_key: {key}\n")
}

/// What a swap section is written from.
struct Listing<'a> {
    /// The section's own /pairs.
    pairs: &'a [PairEntry],
    /// Where limits come from when the section's pairs give none: the current API's /pairs.
    limits: &'a [PairEntry],
    /// The current API's /currencies, which map the ids.
    currencies: &'a [CurrencyEntry],
}

fn swap_section(
    d: &Discovery<'_>,
    url: &str,
    key: &str,
    listed: &Listing<'_>,
    unmapped: &mut Vec<String>,
) -> Result<String, String> {
    let l = list();
    let (candidates, skipped) = classify(listed.pairs, listed.currencies, l);
    unmapped.extend(skipped.into_iter().map(|s| format!("{key}: {s}")));
    let chosen = choose(candidates, d.max_pairs);
    let mut body = String::new();
    let mut active = 0;
    for c in &chosen {
        // The seed /pairs gives no limits: use the current API's for the same pair.
        let limits = pairs_limits(c.pair, listed.limits);
        let Some(a) = amount(limits.0, limits.1) else {
            unmapped.push(format!(
                "{key}: pair {} → {}: /pairs gives no usable minSwapAmount and maxSwapAmount",
                c.pair.from, c.pair.to
            ));
            continue;
        };
        if matches!(c.from, super::choose::Side::Coin(_))
            && matches!(c.to, super::choose::Side::Coin(_))
        {
            active += 1;
        }
        body.push_str(&pair(c, &a, l));
    }
    if active == 0 {
        return Err(format!(
            "no pair of `{url}` has two coins of Ledger's list with usable limits, so the `{key}` \
             section would have no pair; {}",
            if unmapped.is_empty() {
                "nothing was unmapped".to_string()
            } else {
                unmapped.join("; ")
            }
        ));
    }
    let mut out = format!("\n{key}:\n  base_url: {}   # as given\n", quoted(url));
    if !d.headers_written.is_empty() {
        let _ = writeln!(
            out,
            "  headers: {}   # as given (--header)",
            headers(&d.headers_written)
        );
    }
    out.push_str(&key_lines(d));
    if key == "swap" {
        out.push_str("  nonce_encoding: hex           # the current documentation's form\n");
        out.push_str("  signature_mode: ng            # REPLACE with legacy if registered for the legacy flow\n");
    } else {
        out.push_str("  nonce_encoding: base64url     # the seed documents' form\n");
        out.push_str("  login: none                   # REPLACE with required (and bearer_token) if /check_quote needs a login\n");
    }
    out.push_str("  pairs:\n");
    out.push_str(&body);
    Ok(out)
}

/// A pair's limits: its own, or the same pair's in `pairs` (the current API's).
fn pairs_limits<'a>(
    p: &'a PairEntry,
    pairs: &'a [PairEntry],
) -> (Option<&'a str>, Option<&'a str>) {
    let same = pairs.iter().find(|q| q.from == p.from && q.to == p.to);
    let min = p.min.as_deref().or(same.and_then(|q| q.min.as_deref()));
    let max = p.max.as_deref().or(same.and_then(|q| q.max.as_deref()));
    (min, max)
}

fn buy_section(
    d: &Discovery<'_>,
    url: &str,
    caps: &Capabilities,
    ids: &[String],
    unmapped: &mut Vec<String>,
) -> Result<String, String> {
    let l = list();
    let fiat =
        caps.fiats.iter().find(|f| f.min <= f.max).ok_or(
            "the buy API's /capabilities lists no fiat currency with minAmount ≤ maxAmount",
        )?;
    let country = caps
        .countries
        .iter()
        .find(|c| !c.payment_methods.is_empty())
        .ok_or("the buy API's /capabilities lists no country with a payment method")?;
    let coins: Vec<_> = ids.iter().filter_map(|id| l.coin(id)).collect();
    for id in ids
        .iter()
        .filter(|id| l.coin(id).is_none() && !id.contains('/'))
    {
        unmapped.push(format!(
            "buy: `{id}` of /crypto-currencies is no coin of Ledger's list"
        ));
    }
    let coin = coins
        .iter()
        .find(|c| c.id == "bitcoin")
        .or(coins.first())
        .ok_or("the buy API's /crypto-currencies lists no coin of Ledger's list")?;
    let (dest, ok) = super::address::placeholder(coin);
    let mut out = format!("\nbuy:\n  base_url: {}   # as given\n", quoted(url));
    if !d.headers_written.is_empty() {
        let _ = writeln!(
            out,
            "  headers: {}   # as given (--header)",
            headers(&d.headers_written)
        );
    }
    let _ = writeln!(
        out,
        "  # /capabilities: fiat {} ({} to {}), country {} ({}); /crypto-currencies: {}\n  \
         # REPLACE dest: a `{}` address you control ({})\n  \
         quote: {{ from: {}, to: {}, payment_method: {}, amount: {}, country: {}, dest: {} }}",
        fiat.fiat,
        fiat.min,
        fiat.max,
        country.country,
        country.payment_methods[0].name,
        coin.id,
        coin.id,
        if ok {
            "valid in form only"
        } else {
            "no known form"
        },
        quoted(&fiat.fiat.to_ascii_uppercase()),
        quoted(coin.id),
        quoted(&country.payment_methods[0].name),
        fiat.min,
        quoted(&country.country),
        quoted(&dest),
    );
    Ok(out)
}
