//! The API calls the widget checks make: a quote for the KYC widget and for the token check,
//! `/check_quote` and `/swap` with the login widget's token, and `/buy-redirect` for the buy
//! widget's URL. Each call is recorded as an [`Exchange`] for the report (secrets are masked
//! with the rest of the run).

use crate::profile::{Pair, Section};
use crate::runner::outcome::{Exchange, RecordedRequest, RecordedResponse};
use base64::Engine;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// A client for the widget stage's calls, bounded in time.
pub(crate) struct Api {
    client: reqwest::Client,
    pub exchanges: Vec<Exchange>,
    started: Instant,
}

/// An answer: status and body as JSON (`Null` when empty or not JSON).
pub(crate) struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Api {
    pub(crate) fn new(timeout: Duration) -> Api {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Api {
            client,
            exchanges: Vec::new(),
            started: Instant::now(),
        }
    }

    /// Sends a request; `Err` says why no answer came (also recorded).
    async fn send(
        &mut self,
        section: &Section,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> Result<Answer, String> {
        let url = format!("{}{path}", section.base_url);
        let mut headers = section.headers.clone();
        if let Some(t) = token {
            headers.push(("Authorization".into(), format!("Bearer {t}")));
        }
        let mut req = self.client.request(method.clone(), &url);
        for (k, v) in &headers {
            req = req.header(k, v);
        }
        if let Some(b) = &body {
            req = req.json(b);
        }
        let at_ms = self.started.elapsed().as_millis() as u64;
        let sent = Instant::now();
        let result = async {
            let r = req.send().await?;
            let status = r.status().as_u16();
            let h: Vec<(String, String)> = r
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let bytes = r.bytes().await?;
            Ok::<_, reqwest::Error>((status, h, bytes))
        }
        .await;
        let mut exchange = Exchange {
            request: RecordedRequest {
                method: method.to_string(),
                url,
                headers,
                body: body.as_ref().map(Value::to_string),
            },
            response: None,
            error: None,
            elapsed_ms: sent.elapsed().as_millis() as u64,
            at_ms,
        };
        let out = match result {
            Ok((status, headers, bytes)) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                exchange.response = Some(RecordedResponse {
                    status,
                    headers,
                    body: text.chars().take(4000).collect(),
                    body_bytes: bytes.len(),
                });
                Ok(Answer { status, body })
            }
            Err(e) => {
                let why = format!("{path}: {e}");
                exchange.error = Some(why.clone());
                Err(why)
            }
        };
        self.exchanges.push(exchange);
        out
    }

    /// `POST /quote` for `pair` and `amount`; the quote id.
    pub(crate) async fn quote(
        &mut self,
        v1: &Section,
        pair: &Pair,
        amount: &str,
    ) -> Result<String, String> {
        let body = json!({ "from": pair.from, "to": pair.to, "amount": amount });
        let a = self
            .send(v1, reqwest::Method::POST, "/quote", Some(body), None)
            .await?;
        let id = a
            .body
            .get("quoteId")
            .or_else(|| a.body.get("quoteID"))
            .and_then(Value::as_str);
        match id {
            Some(id) if (200..300).contains(&a.status) => Ok(id.to_string()),
            _ => Err(format!("/quote answered {} without a quote id", a.status)),
        }
    }

    /// `POST /check_quote`: `KYC_OK` for a 2xx, else the error body's `code`.
    pub(crate) async fn check_quote(
        &mut self,
        v1: &Section,
        quote_id: &str,
        token: Option<&str>,
    ) -> Result<(u16, String), String> {
        let body = json!({ "quoteId": quote_id, "bearerToken": token });
        let a = self
            .send(v1, reqwest::Method::POST, "/check_quote", Some(body), token)
            .await?;
        if (200..300).contains(&a.status) {
            return Ok((a.status, "KYC_OK".into()));
        }
        let code = a
            .body
            .get("code")
            .or_else(|| a.body.get("codeName"))
            .and_then(Value::as_str);
        Ok((a.status, code.unwrap_or("(no code)").to_string()))
    }

    /// `POST /swap` for a quote with the token; the status.
    pub(crate) async fn swap(
        &mut self,
        v1: &Section,
        pair: &Pair,
        quote_id: &str,
        token: &str,
    ) -> Result<Answer, String> {
        let nonce = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand_bytes());
        let body = json!({
            "quoteId": quote_id,
            "refundAddress": pair.refund_address,
            "refundAddressExtraId": pair.refund_extra_id,
            "payoutAddress": pair.payout_address,
            "payoutAddressExtraId": pair.payout_extra_id,
            "nonce": nonce,
            "from": pair.from,
            "to": pair.to,
            "amount": pair.amount.as_str(),
            "payloadCurrencyFrom": pair.payload_currency_from,
            "payloadCurrencyTo": pair.payload_currency_to,
            "bearerToken": token,
        });
        self.send(v1, reqwest::Method::POST, "/swap", Some(body), Some(token))
            .await
    }

    /// `GET /buy-redirect` with the profile's quote; the `rampRedirectUrl`.
    pub(crate) async fn buy_redirect(&mut self, buy: &Section) -> Result<String, String> {
        let Some(q) = &buy.quote else {
            return Err("the profile's `buy` section has no `quote`".into());
        };
        let id = hex(&rand_bytes()[..16]);
        let query = [
            ("from", q.from.clone()),
            ("to", q.to.clone()),
            ("payment-method", q.payment_method.clone()),
            ("amount", q.amount.to_string()),
            ("country", q.country.clone()),
            ("dest", q.dest.clone()),
            ("ledgerTransactionId", id),
        ]
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::percent::encode(v)))
        .collect::<Vec<_>>()
        .join("&");
        let a = self
            .send(
                buy,
                reqwest::Method::GET,
                &format!("/buy-redirect?{query}"),
                None,
                None,
            )
            .await?;
        match a.body.get("rampRedirectUrl").and_then(Value::as_str) {
            Some(u) if (200..300).contains(&a.status) => Ok(u.to_string()),
            _ => Err(format!(
                "/buy-redirect answered {} without a `rampRedirectUrl`",
                a.status
            )),
        }
    }
}

fn rand_bytes() -> [u8; 32] {
    let mut b = [0u8; 32];
    // Without the OS's randomness the nonce is all zeros: still a valid, if dull, nonce.
    let _ = getrandom::fill(&mut b);
    b
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
