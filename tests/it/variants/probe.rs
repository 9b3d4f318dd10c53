//! Each variant is observable: raw HTTP requests to a provider with the variant show its mark,
//! and the same requests to a default provider do not. The payload is read with a small wire
//! reader of its own (neither the provider's encoder nor the harness's verifier).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use libtest_mimic::Failed;
use provider_conformance::provider::{
    BEARER_TOKEN, DEFAULT_API_KEY, ProviderOptions, RunningProvider, Variant, start,
};
use serde_json::{Value, json};

/// Half the order of secp256k1: a signature with `s` above it is high-S.
const SECP256K1_HALF_N: &str = "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0";
const REFUND: &str = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
const PAYOUT: &str = "0x00000000000000000000000000000000c0ffee01";
const NONCE_HEX: &str = "350aea0c97f747f1d0f760814614a47523801b1aeb7d0bcbbaa2a4f46bf8184b";
const NONCE_B64URL: &str = "NQrqDJf3R_HQ92CBRhSkdSOAGxrrfQvLuqKk9Gv4GEs";

/// One answer: status, content type, raw body, and the body as JSON when it is JSON.
struct Answer {
    status: u16,
    content_type: String,
    text: String,
    json: Value,
}

/// A client of one running provider.
struct Client {
    http: reqwest::Client,
    root: String,
}

impl Client {
    async fn send(&self, req: reqwest::RequestBuilder) -> Result<Answer, Failed> {
        let resp = req.send().await?;
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let text = resp.text().await?;
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Answer {
            status,
            content_type,
            text,
            json,
        })
    }

    async fn get(&self, path: &str, key: bool) -> Result<Answer, Failed> {
        let mut req = self.http.get(format!("{}{path}", self.root));
        if key {
            req = req.header("X-API-KEY", DEFAULT_API_KEY);
        }
        self.send(req).await
    }

    async fn post(&self, path: &str, body: Value) -> Result<Answer, Failed> {
        let req = self
            .http
            .post(format!("{}{path}", self.root))
            .header("X-API-KEY", DEFAULT_API_KEY)
            .header("Authorization", format!("Bearer {BEARER_TOKEN}"))
            .json(&body);
        self.send(req).await
    }

    async fn v2_quote(&self, method: &str) -> Result<Answer, Failed> {
        let body = json!({ "from": "btc", "to": "eth", "amount": "0.29", "tradeMethod": method });
        self.post("/v2/quote", body).await
    }

    /// A fixed swap on the current API (a float one when the provider quotes no id).
    async fn v2_swap(&self) -> Result<Answer, Failed> {
        let quote = self.v2_quote("fixed").await?;
        let mut body = json!({
            "refundAddress": REFUND, "payoutAddress": PAYOUT, "currencyFrom": "btc",
            "currencyTo": "eth", "payloadCurrencyFrom": "BTC", "payloadCurrencyTo": "ETH",
            "nonce": NONCE_HEX,
        });
        match quote.json.get("quoteId") {
            Some(id) => {
                body["quoteId"] = id.clone();
                self.post("/v2/swap/fixed", body).await
            }
            None => {
                body["amount"] = json!("0.29");
                self.post("/v2/swap/float", body).await
            }
        }
    }

    /// The statuses of a fixed swap over `polls` polls of `/v2/status`.
    async fn v2_statuses(&self, polls: usize) -> Result<Vec<Value>, Failed> {
        let swap = self.v2_swap().await?;
        let id = swap.json["swapId"].as_str().ok_or("no swapId")?.to_string();
        let mut out = Vec::new();
        for _ in 0..polls {
            out.push(
                self.get(&format!("/v2/status?swapId={id}"), true)
                    .await?
                    .json,
            );
        }
        Ok(out)
    }

    async fn v1_quote(&self) -> Result<Answer, Failed> {
        let body = json!({ "from": "btc", "to": "eth", "amount": "0.29" });
        self.post("/v1/quote", body).await
    }

    /// `(quote id, /v1/swap answer)`.
    async fn v1_swap(&self) -> Result<(String, Answer), Failed> {
        let quote = self.v1_quote().await?;
        let id = ["quoteId", "quoteID"]
            .iter()
            .find_map(|k| quote.json[k].as_str())
            .ok_or("no quote id")?
            .to_string();
        let body = json!({
            "quoteId": id, "refundAddress": REFUND, "payoutAddress": PAYOUT, "nonce": NONCE_B64URL,
        });
        Ok((id.clone(), self.post("/v1/swap", body).await?))
    }

    /// The statuses of a seed-era swap over `polls` polls, asked by quote and swap id.
    async fn v1_statuses(&self, polls: usize) -> Result<Vec<Value>, Failed> {
        let (quote_id, swap) = self.v1_swap().await?;
        let mut body = json!({ "quoteId": quote_id });
        if let Some(id) = swap.json.get("swapId") {
            body["swapId"] = id.clone();
        }
        let mut out = Vec::new();
        for _ in 0..polls {
            out.push(self.post("/v1/status", body.clone()).await?.json);
        }
        Ok(out)
    }
}

/// `(payload, signature)` of a /swap answer, object or compact form.
fn provider_sig(answer: &Answer) -> Result<(String, String), Failed> {
    let sig = &answer.json["providerSig"];
    if let Some(compact) = sig.as_str() {
        let parts: Vec<&str> = compact.split('.').collect();
        return match parts.as_slice() {
            [_, payload, signature] => Ok((payload.to_string(), signature.to_string())),
            _ => Err(format!("not a compact JWS: {compact}").into()),
        };
    }
    let text = |k: &str| sig[k].as_str().map(str::to_string);
    match (text("payload"), text("signature")) {
        (Some(p), Some(s)) => Ok((p, s)),
        _ => Err(format!("no providerSig in {}", answer.text).into()),
    }
}

fn unpad(text: &str) -> Result<Vec<u8>, Failed> {
    Ok(URL_SAFE_NO_PAD.decode(text.trim_end_matches('='))?)
}

/// `(field number, value)` of every length-delimited record, in wire order.
fn records(bytes: &[u8]) -> Result<Vec<(u64, Vec<u8>)>, Failed> {
    fn varint(bytes: &[u8], at: &mut usize) -> Result<u64, Failed> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *bytes.get(*at).ok_or("truncated varint")?;
            *at += 1;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("varint too long".into())
    }
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let key = varint(bytes, &mut at)?;
        if key & 7 != 2 {
            return Err(format!("wire type {} in the payload", key & 7).into());
        }
        let len = usize::try_from(varint(bytes, &mut at)?)?;
        let value = bytes.get(at..at + len).ok_or("truncated field")?;
        out.push((key >> 3, value.to_vec()));
        at += len;
    }
    Ok(out)
}

/// The payload records of a fresh swap on the current API.
async fn payload_records(c: &Client) -> Result<Vec<(u64, Vec<u8>)>, Failed> {
    let (payload, _) = provider_sig(&c.v2_swap().await?)?;
    records(&unpad(&payload)?)
}

fn field(records: &[(u64, Vec<u8>)], number: u64) -> Option<&[u8]> {
    records
        .iter()
        .rev()
        .find(|(n, _)| *n == number)
        .map(|(_, v)| v.as_slice())
}

/// True when the variant's mark shows in what `c` answers.
async fn mark(variant: Variant, c: &Client) -> Result<bool, Failed> {
    Ok(match variant.name() {
        "padded-payload" => provider_sig(&c.v2_swap().await?)?.0.ends_with('='),
        "padded-signature" => provider_sig(&c.v2_swap().await?)?.1.ends_with('='),
        "high-s" => {
            let rs = unpad(&provider_sig(&c.v2_swap().await?)?.1)?;
            let s: String = rs[32..].iter().map(|b| format!("{b:02x}")).collect();
            s.as_str() > SECP256K1_HALF_N
        }
        "16-byte-amounts" => {
            let r = payload_records(c).await?;
            field(&r, 9).map(<[u8]>::len) == Some(16) && field(&r, 10).map(<[u8]>::len) == Some(16)
        }
        "unknown-protobuf-field" => payload_records(c).await?.iter().any(|(n, _)| *n > 13),
        "reversed-field-order" => {
            let numbers: Vec<u64> = payload_records(c).await?.iter().map(|(n, _)| *n).collect();
            numbers.windows(2).all(|w| w[0] > w[1])
        }
        "explicit-empty-fields" => payload_records(c).await?.iter().any(|(_, v)| v.is_empty()),
        "extra-data-00" => field(&payload_records(c).await?, 13) == Some(&[0]),
        "fixed-only" | "float-only" => {
            let want = if variant.name() == "fixed-only" {
                "fixed"
            } else {
                "float"
            };
            let pairs = c.get("/v2/pairs?limit=100", true).await?.json;
            let methods = pairs["pairs"].as_array().ok_or("no pairs")?;
            let quote = c
                .v2_quote(if want == "fixed" { "float" } else { "fixed" })
                .await?;
            methods.iter().all(|p| p["tradeMethod"] == json!([want]))
                && quote.json["tradeMethod"] == want
        }
        "evm-chain-id-only" => {
            let list = c.get("/v2/currencies?limit=100", true).await?.json;
            let eth = &list["currencies"][1];
            eth["id"] == "eth" && eth.get("blockchain").is_none() && eth["chainId"] == 1
        }
        "one-item-pages" => {
            let pairs = c.get("/v2/pairs?limit=100", true).await?.json;
            pairs["pairs"].as_array().map(Vec::len) == Some(1) && pairs["next_cursor"].is_string()
        }
        "quote-required-fields-only" => c.v2_quote("fixed").await?.json.get("amount").is_none(),
        "float-quote-id" => c.v2_quote("float").await?.json.get("quoteId").is_some(),
        "full-scale-amounts" => {
            let quote = c.v2_quote("fixed").await?.json;
            let to = quote["amountTo"].as_str().unwrap_or_default();
            to.split_once('.').is_some_and(|(_, frac)| frac.len() == 18)
        }
        "example-timestamps" => {
            let expiry = c.v2_quote("fixed").await?.json["expiry"].clone();
            let created = c.v2_swap().await?.json["createdAt"].clone();
            expiry.as_str().is_some_and(|e| e.ends_with("+0000"))
                && created.as_str().is_some_and(|t| t.len() == 19)
        }
        "offset-timestamps" => {
            let expiry = c.v2_quote("fixed").await?.json["expiry"].clone();
            expiry.as_str().is_some_and(|e| e.ends_with("+02:00"))
        }
        "gateway-auth-errors" => {
            let a = c.get("/v2/pairs", false).await?;
            a.status == 401 && a.json.get("messageKey").is_none()
        }
        "status-on-hold" => c.v2_statuses(4).await?[2]["status"] == "ON_HOLD",
        "status-stays-pending" => c.v2_statuses(4).await?[3]["status"] == "PENDING",
        "status-without-quote-id" => c.v2_statuses(1).await?[0].get("quoteId").is_none(),
        "v1-no-login" => {
            let quote = c.v1_quote().await?.json;
            let id = quote["quoteId"].clone();
            let req = c
                .http
                .post(format!("{}/v1/check_quote", c.root))
                .json(&json!({ "quoteId": id }));
            c.send(req).await?.status == 200
        }
        // Lane "widgets": the login page posts the seed's message instead of the bridge's.
        "widgets-post-message" => c
            .get("/widgets/login", false)
            .await?
            .text
            .contains("bearer_token"),
        "v1-status-by-quote-id" => c.v1_swap().await?.1.json.get("swapId").is_none(),
        "v1-status-provider-form" => c.v1_statuses(1).await?[0].get("provider").is_some(),
        "v1-status-completed" => c.v1_statuses(3).await?[2]["status"] == "completed",
        "v1-compact-jws" => c.v1_swap().await?.1.json["providerSig"].is_string(),
        "v1-no-jws-header" => {
            let sig = &c.v1_swap().await?.1.json["providerSig"];
            sig.is_object() && sig.get("header").is_none()
        }
        "v1-quote-2023-fields" => {
            let quote = c.v1_quote().await?.json;
            quote.get("rate").is_none() && quote.get("tradeMethod").is_some()
        }
        "v1-quote-id-spelling" => c.v1_quote().await?.json.get("quoteID").is_some(),
        "v1-ip-check-in-body" => {
            let a = c
                .post("/v1/ip_check", json!({ "ip": "198.51.100.7" }))
                .await?;
            a.status == 200 && a.json["accepted"] == false
        }
        "v1-api-key" => {
            let req = c.http.get(format!("{}/v1/pairs", c.root));
            c.send(req).await?.status == 401
        }
        "buy-countries-capabilities" => {
            let caps = c.get("/buy/capabilities", true).await?.json;
            caps.get("countriesCapabilities").is_some()
        }
        "buy-uppercase-fiat" => {
            let caps = c.get("/buy/capabilities", true).await?.json;
            caps["fiatCurrencyCapabilities"][0]["fiat"] == "EUR"
        }
        "buy-capabilities-extras" => {
            let caps = c.get("/buy/capabilities", true).await?.json;
            caps.get("cryptoCurrencies").is_some()
        }
        "buy-json-400" => {
            let path =
                "/buy/quote?from=EUR&to=bitcoin&payment-method=card&amount=ten&country=FR&dest=x";
            let a = c.get(path, true).await?;
            a.status == 400 && a.content_type.starts_with("application/json")
        }
        "buy-api-key-everywhere" => c.get("/buy/capabilities", false).await?.status == 401,
        "extra-fields" => c
            .get("/v2/pairs?limit=100", true)
            .await?
            .json
            .get("referenceNote")
            .is_some(),
        "charset-content-type" => {
            let a = c.get("/v2/pairs?limit=100", true).await?;
            a.content_type == "application/json; charset=utf-8"
        }
        "reversed-key-order" => {
            let text = c.get("/v2/pairs?limit=100", true).await?.text;
            let at = |k: &str| text.find(k).unwrap_or(usize::MAX);
            at("\"next_cursor\"") < at("\"pairs\"")
        }
        other => return Err(format!("no probe for variant `{other}`").into()),
    })
}

async fn started(variants: Vec<Variant>) -> Result<(RunningProvider, Client), Failed> {
    let opts = ProviderOptions {
        variants,
        ..ProviderOptions::default()
    };
    let provider = start(opts, "127.0.0.1:0".parse()?).await?;
    let client = Client {
        http: reqwest::Client::new(),
        root: provider.root_url(),
    };
    Ok((provider, client))
}

/// The variant's mark shows with the variant and not without it.
pub(super) fn observable(variant: Variant) -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        let (with, with_client) = started(vec![variant]).await?;
        let (without, without_client) = started(Vec::new()).await?;
        let shown = mark(variant, &with_client).await;
        let default = mark(variant, &without_client).await;
        with.shutdown().await;
        without.shutdown().await;
        match (shown?, default?) {
            (true, false) => Ok(()),
            (shown, default) => Err(format!(
                "`{variant}`: mark shown with the variant: {shown}, without it: {default}"
            )
            .into()),
        }
    })
}
