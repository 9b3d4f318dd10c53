//! What `init --discover` reads from the provider: every page of the current API's
//! `/currencies` and `/pairs` (`limit` and `cursor`, until `next_cursor` is null), the seed
//! API's `/pairs` and the buy API's `/capabilities` and `/crypto-currencies`, each into its
//! typed shape (ledger-integration §4.1, §4.2, §5), through the harness's HTTP client.

use crate::ledger_list::CurrencyEntry;
use crate::runner::http::{Http, OutRequest};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Pages read at most from one list: a provider whose cursor never ends stops here.
const MAX_PAGES: usize = 100;

/// One base URL with the request headers (values resolved).
pub(super) struct Api<'a> {
    pub(super) http: &'a Http,
    /// Without a trailing `/`.
    pub(super) base_url: String,
    pub(super) headers: Vec<(String, String)>,
}

/// A pair of `/pairs` (current API; the seed API's lacks the amounts).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(super) struct PairEntry {
    pub(super) from: String,
    pub(super) to: String,
    #[serde(default, rename = "tradeMethod")]
    pub(super) trade_methods: Vec<String>,
    #[serde(default, rename = "minSwapAmount")]
    pub(super) min: Option<String>,
    #[serde(default, rename = "maxSwapAmount")]
    pub(super) max: Option<String>,
}

#[derive(Deserialize)]
struct CurrenciesPage {
    currencies: Vec<CurrencyEntry>,
    #[serde(default)]
    next_cursor: Option<String>,
}

#[derive(Deserialize)]
struct PairsPage {
    pairs: Vec<PairEntry>,
    #[serde(default)]
    next_cursor: Option<String>,
}

/// The buy API's `/capabilities` (both spellings of the country list, §5).
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Capabilities {
    #[serde(default, rename = "fiatCurrencyCapabilities")]
    pub(super) fiats: Vec<FiatCapability>,
    #[serde(
        default,
        rename = "countryCapabilities",
        alias = "countriesCapabilities"
    )]
    pub(super) countries: Vec<CountryCapability>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct FiatCapability {
    pub(super) fiat: String,
    #[serde(rename = "minAmount")]
    pub(super) min: u64,
    #[serde(rename = "maxAmount")]
    pub(super) max: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct CountryCapability {
    pub(super) country: String,
    #[serde(default, rename = "paymentMethods")]
    pub(super) payment_methods: Vec<PaymentMethod>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct PaymentMethod {
    pub(super) name: String,
}

impl Api<'_> {
    /// Every `/currencies` entry, all pages.
    pub(super) async fn currencies(&self) -> Result<Vec<CurrencyEntry>, String> {
        self.pages("/currencies", |p: CurrenciesPage| {
            (p.currencies, p.next_cursor)
        })
        .await
    }

    /// Every `/pairs` entry, all pages.
    pub(super) async fn pairs(&self) -> Result<Vec<PairEntry>, String> {
        self.pages("/pairs", |p: PairsPage| (p.pairs, p.next_cursor))
            .await
    }

    /// The seed API's `/pairs`: one bare array.
    pub(super) async fn seed_pairs(&self) -> Result<Vec<PairEntry>, String> {
        self.get("/pairs", &[]).await
    }

    /// The buy API's `/capabilities`.
    pub(super) async fn capabilities(&self) -> Result<Capabilities, String> {
        self.get("/capabilities", &[]).await
    }

    /// The buy API's `/crypto-currencies`: Ledger ids.
    pub(super) async fn crypto_currencies(&self) -> Result<Vec<String>, String> {
        self.get("/crypto-currencies", &[]).await
    }

    async fn pages<P: DeserializeOwned, T>(
        &self,
        path: &str,
        split: impl Fn(P) -> (Vec<T>, Option<String>),
    ) -> Result<Vec<T>, String> {
        let mut items = Vec::new();
        let mut cursors: Vec<String> = Vec::new();
        let mut query = vec![("limit", "100".to_string())];
        for _ in 0..MAX_PAGES {
            let (page, next) = split(self.get(path, &query).await?);
            items.extend(page);
            match next.filter(|c| !c.is_empty()) {
                None => return Ok(items),
                Some(c) if cursors.contains(&c) => {
                    return Err(format!("`{path}` repeats the cursor `{c}`: a loop"));
                }
                Some(c) => {
                    query = vec![("limit", "100".to_string()), ("cursor", c.clone())];
                    cursors.push(c);
                }
            }
        }
        Err(format!("`{path}` has more than {MAX_PAGES} pages"))
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, String> {
        let mut url = format!("{}{path}", self.base_url);
        for (i, (k, v)) in query.iter().enumerate() {
            let sep = if i == 0 { '?' } else { '&' };
            url.push_str(&format!("{sep}{k}={}", crate::percent::encode(v)));
        }
        let req = OutRequest {
            method: reqwest::Method::GET,
            url: url.clone(),
            headers: self.headers.clone(),
            body: None,
        };
        let resp = self
            .http
            .send(&req)
            .await
            .map_err(|e| format!("GET `{url}`: {e}"))?;
        if resp.status != 200 {
            return Err(format!("GET `{url}` answered {}, not 200", resp.status));
        }
        let text = std::str::from_utf8(&resp.body)
            .map_err(|_| format!("GET `{url}`: the body is not UTF-8"))?;
        serde_json::from_str(text)
            .map_err(|e| format!("GET `{url}`: not the documented shape: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_are_encoded_and_pages_typed() {
        assert_eq!(crate::percent::encode("a b/c=="), "a%20b%2Fc%3D%3D");
        let p: PairsPage = serde_json::from_str(
            r#"{"pairs":[{"from":"btc","to":"eth","tradeMethod":["fixed"],"minSwapAmount":"0.1","maxSwapAmount":"2"}],"next_cursor":null}"#,
        )
        .unwrap();
        assert_eq!(p.pairs[0].trade_methods, ["fixed"]);
        assert!(p.next_cursor.is_none());
        let c: Capabilities = serde_json::from_str(
            r#"{"fiatCurrencyCapabilities":[{"fiat":"eur","minAmount":50,"maxAmount":100}],"countriesCapabilities":[{"country":"FR","paymentMethods":[{"name":"card"}]}]}"#,
        )
        .unwrap();
        assert_eq!(c.countries[0].payment_methods[0].name, "card");
    }
}
