//! End-to-end tests of the conforming provider over a real loopback socket.

use super::keys::tests::verifies;
use super::payload::NewTransactionResponse;
use super::{ProviderOptions, RunningProvider, start};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use prost::Message;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(crate) const NONCE_HEX: &str =
    "350aea0c97f747f1d0f760814614a47523801b1aeb7d0bcbbaa2a4f46bf8184b";

/// A client bound to one running provider, sending the right API key.
pub(crate) struct Client {
    pub(crate) provider: RunningProvider,
    http: reqwest::Client,
}

impl Client {
    pub(crate) async fn start(opts: ProviderOptions) -> Client {
        let provider = start(opts, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        Client {
            provider,
            http: reqwest::Client::new(),
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.provider.root_url())
    }

    pub(crate) async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self
            .http
            .get(self.url(path))
            .header("X-API-KEY", "reference-api-key")
            .send()
            .await
            .unwrap();
        read(r).await
    }

    pub(crate) async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(self.url(path))
            .header("X-API-KEY", "reference-api-key")
            .json(body)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    pub(crate) async fn raw(&self, request: reqwest::RequestBuilder) -> reqwest::Response {
        let _ = &self.http;
        request.send().await.unwrap()
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// A fixed quote of `amount` on `from → to`; returns its quoteId.
    pub(crate) async fn fixed_quote(&self, from: &str, to: &str, amount: &str) -> String {
        let (status, body) = self
            .post(
                "/v2/quote",
                &json!({ "from": from, "to": to, "amount": amount }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["quoteId"].as_str().unwrap().to_string()
    }

    /// A btc→eth swap request body (fixed when `quote_id` is given, else float of 0.29).
    pub(crate) fn btc_eth_swap(quote_id: Option<&str>) -> Value {
        let mut body = json!({
            "refundAddress": super::addresses::USER_BTC,
            "payoutAddress": super::addresses::USER_ETH,
            "currencyFrom": "btc",
            "currencyTo": "eth",
            "payloadCurrencyFrom": "BTC",
            "payloadCurrencyTo": "ETH",
            "nonce": NONCE_HEX,
        });
        match quote_id {
            Some(id) => body["quoteId"] = json!(id),
            None => body["amount"] = json!("0.29"),
        }
        body
    }

    /// A fixed btc→eth swap of 0.29 BTC; returns the 200 body.
    pub(crate) async fn swap_btc_eth(&self) -> Value {
        let quote_id = self.fixed_quote("btc", "eth", "0.29").await;
        let (status, body) = self
            .post("/v2/swap/fixed", &Client::btc_eth_swap(Some(&quote_id)))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }
}

async fn read(r: reqwest::Response) -> (StatusCode, Value) {
    let status = r.status();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// The decoded payload of a `/swap` answer, after checking the payload is base64url.
pub(crate) fn decode_payload(payload: &str) -> NewTransactionResponse {
    let bytes = URL_SAFE_NO_PAD.decode(payload).expect("base64url payload");
    NewTransactionResponse::decode(bytes.as_slice()).expect("protobuf payload")
}

/// True when `signature` (base64url r‖s) verifies over `"." + payload` with the provider key.
pub(crate) fn signature_ok(provider: &RunningProvider, payload: &str, signature: &str) -> bool {
    let Ok(rs) = URL_SAFE_NO_PAD.decode(signature) else {
        return false;
    };
    rs.len() == 64 && verifies(&provider.state().key, format!(".{payload}").as_bytes(), &rs)
}

fn is_decimal_string(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| super::decimal::Dec::parse(s).is_some())
}

#[tokio::test]
async fn requests_without_the_api_key_are_refused() {
    let c = Client::start(ProviderOptions::default()).await;
    for key in [None, Some("wrong")] {
        let mut request = c.http().get(c.url("/v2/pairs"));
        if let Some(key) = key {
            request = request.header("X-API-KEY", key);
        }
        let r = c.raw(request).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(r.headers()["content-type"], "application/json");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["messageKey"], "UNAUTHORIZED");
        assert!(body["message"].is_string());
    }
    c.provider.shutdown().await;
}

#[tokio::test]
async fn lists_are_paginated_two_by_two() {
    let c = Client::start(ProviderOptions::default()).await;
    for (path, key, total) in [
        ("/v2/currencies", "currencies", 4),
        ("/v2/pairs", "pairs", 4),
    ] {
        let mut seen = Vec::new();
        let mut next = path.to_string();
        loop {
            let (status, body) = c.get(&next).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let items = body[key].as_array().unwrap();
            assert!(items.len() <= 2);
            seen.extend(items.iter().cloned());
            match &body["next_cursor"] {
                Value::Null => break,
                Value::String(cursor) => next = format!("{path}?cursor={cursor}"),
                other => panic!("next_cursor {other}"),
            }
        }
        assert_eq!(seen.len(), total, "{seen:?}");
        let (_, all) = c.get(&format!("{path}?limit=100")).await;
        assert_eq!(all[key].as_array().unwrap(), &seen);
        assert_eq!(all["next_cursor"], Value::Null);
    }
    let (_, pairs) = c.get("/v2/pairs?limit=100").await;
    for p in pairs["pairs"].as_array().unwrap() {
        assert!(is_decimal_string(&p["minSwapAmount"]) && is_decimal_string(&p["maxSwapAmount"]));
    }
    let (_, currencies) = c.get("/v2/currencies?limit=100").await;
    let usdt = &currencies["currencies"][2];
    assert_eq!(
        (usdt["type"].as_str(), usdt["chainId"].as_u64()),
        (Some("token"), Some(1))
    );
    let (status, _) = c.get("/v2/pairs?cursor=nonsense").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = c.get("/v2/pairs?limit=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn quotes_use_decimal_strings_and_last_ten_minutes() {
    let c = Client::start(ProviderOptions::default()).await;
    let (status, q) = c
        .post(
            "/v2/quote",
            &json!({ "from": "btc", "to": "eth", "amount": "0.29" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    for key in [
        "amount",
        "amountTo",
        "providerFees",
        "referralFees",
        "payoutNetworkFees",
        "minAmountFrom",
        "maxAmountFrom",
    ] {
        assert!(is_decimal_string(&q[key]), "{key}: {q}");
    }
    assert_eq!(q["tradeMethod"], "fixed");
    assert!(q["quoteId"].is_string());
    let expiry = chrono::DateTime::parse_from_rfc3339(q["expiry"].as_str().unwrap()).unwrap();
    let left = expiry.signed_duration_since(chrono::Utc::now());
    assert!(left > chrono::Duration::minutes(9), "{left}");

    let (_, float) = c
        .post(
            "/v2/quote",
            &json!({ "from": "btc", "to": "eth", "amount": "0.29", "tradeMethod": "float" }),
        )
        .await;
    assert_eq!(float["tradeMethod"], "float");
    assert!(float.get("quoteId").is_none());
    let other = c.fixed_quote("btc", "eth", "0.29").await;
    assert_ne!(q["quoteId"].as_str().unwrap(), other);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn quote_errors_follow_the_error_payload_convention() {
    let c = Client::start(ProviderOptions::default()).await;
    let cases = [
        (
            json!({ "from": "btc", "to": "eth", "amount": "0.00001" }),
            400,
            "FROM_CURRENCY_MINIMUM_AMOUNT_ERROR",
        ),
        (
            json!({ "from": "btc", "to": "eth", "amount": "21" }),
            400,
            "FROM_CURRENCY_MAXIMUM_AMOUNT_ERROR",
        ),
        (
            json!({ "from": "btc", "to": "doge", "amount": "1" }),
            404,
            "SWAP_PAIR_NOT_FOUND_ERROR",
        ),
        (
            json!({ "from": "btc", "to": "eth", "amount": 1 }),
            400,
            "INVALID_REQUEST",
        ),
        (
            json!({ "from": "btc", "to": "eth", "amount": "-1" }),
            400,
            "INVALID_REQUEST",
        ),
        (json!({ "from": "btc" }), 400, "INVALID_REQUEST"),
        (json!([1, 2]), 400, "INVALID_REQUEST"),
    ];
    for (request, status, key) in cases {
        let (got, body) = c.post("/v2/quote", &request).await;
        assert_eq!(got.as_u16(), status, "{request} → {body}");
        assert_eq!(body["messageKey"], key, "{request}");
        assert!(body["message"].is_string());
    }
    let (_, body) = c
        .post(
            "/v2/quote",
            &json!({ "from": "btc", "to": "eth", "amount": "0.00001" }),
        )
        .await;
    assert_eq!(
        body["additionalFields"],
        json!({ "minRequiredAmount": "0.0001", "maxRequiredAmount": "20" })
    );
    let r = c
        .raw(
            c.http()
                .post(c.url("/v2/quote"))
                .header("X-API-KEY", "reference-api-key")
                .body("{not json"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn fixed_swap_payload_is_device_valid_and_signed() {
    let c = Client::start(ProviderOptions::default()).await;
    let body = c.swap_btc_eth().await;
    for key in [
        "swapId",
        "payinAddress",
        "createdAt",
        "providerFees",
        "referralFees",
        "payoutNetworkFees",
    ] {
        assert!(body[key].is_string(), "{key}: {body}");
    }
    let payload = body["providerSig"]["payload"].as_str().unwrap();
    let signature = body["providerSig"]["signature"].as_str().unwrap();
    assert!(!payload.starts_with('.'));
    assert!(
        payload
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert!(payload.len() <= 497);
    assert!(signature_ok(&c.provider, payload, signature));

    let m = decode_payload(payload);
    assert_eq!(m.payin_address, body["payinAddress"].as_str().unwrap());
    assert_eq!(m.refund_address, super::addresses::USER_BTC);
    assert_eq!(m.payout_address, super::addresses::USER_ETH);
    assert_eq!(
        (m.currency_from.as_str(), m.currency_to.as_str()),
        ("BTC", "ETH")
    );
    assert_eq!(m.amount_to_provider, super::decimal::minimal_be(29_000_000));
    // 0.29 × 16.5 − 0.0001 − 0.00005 = 4.78485 ETH.
    assert_eq!(
        m.amount_to_wallet,
        super::decimal::minimal_be(4_784_850_000_000_000_000)
    );
    assert_eq!(super::nonce::to_hex(&m.device_transaction_id_ng), NONCE_HEX);
    assert!(m.device_transaction_id.is_empty());
    assert!(m.payin_extra_id.is_empty() && m.payin_extra_data.is_empty());
    c.provider.shutdown().await;
}

#[tokio::test]
async fn swap_ids_are_unique_even_for_one_quote() {
    let c = Client::start(ProviderOptions::default()).await;
    let quote_id = c.fixed_quote("btc", "eth", "0.29").await;
    let request = Client::btc_eth_swap(Some(&quote_id));
    let (_, a) = c.post("/v2/swap/fixed", &request).await;
    let (_, b) = c.post("/v2/swap/fixed", &request).await;
    assert!(a["swapId"].is_string());
    assert_ne!(a["swapId"], b["swapId"]);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn float_swap_with_a_memo_currency_carries_the_payin_memo() {
    let c = Client::start(ProviderOptions::default()).await;
    let request = json!({
        "amount": "25",
        "refundAddress": super::addresses::USER_XLM,
        "refundAddressExtraId": "123456",
        "payoutAddress": super::addresses::USER_BTC,
        "currencyFrom": "xlm",
        "currencyTo": "btc",
        "payloadCurrencyFrom": "XLM",
        "payloadCurrencyTo": "BTC",
        "nonce": URL_SAFE_NO_PAD.encode([7u8; 32]),
    });
    let (status, body) = c.post("/v2/swap/float", &request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let payload = body["providerSig"]["payload"].as_str().unwrap();
    assert!(signature_ok(
        &c.provider,
        payload,
        body["providerSig"]["signature"].as_str().unwrap()
    ));
    let m = decode_payload(payload);
    assert_eq!(m.refund_extra_id, "123456");
    assert_eq!(m.payin_extra_id, body["payinExtraId"].as_str().unwrap());
    assert_eq!(
        m.amount_to_provider,
        super::decimal::minimal_be(250_000_000)
    );
    assert_eq!(m.device_transaction_id_ng, vec![7u8; 32]);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn swap_errors_use_the_documented_keys() {
    let c = Client::start(ProviderOptions::default()).await;
    let quote_id = c.fixed_quote("btc", "eth", "0.29").await;
    let mut unknown_quote = Client::btc_eth_swap(Some("no-such-quote"));
    let mut unknown_from = Client::btc_eth_swap(Some(&quote_id));
    unknown_from["currencyFrom"] = json!("doge");
    let mut unknown_to = Client::btc_eth_swap(Some(&quote_id));
    unknown_to["currencyTo"] = json!("doge");
    let mut bad_nonce = Client::btc_eth_swap(Some(&quote_id));
    bad_nonce["nonce"] = json!("QQQQQQQQQQ");
    let mut missing = Client::btc_eth_swap(Some(&quote_id));
    missing.as_object_mut().unwrap().remove("payoutAddress");
    let cases = [
        (
            "/v2/swap/fixed",
            unknown_quote.take(),
            404,
            "SWAP_QUOTE_NOT_FOUND_ERROR",
        ),
        (
            "/v2/swap/fixed",
            unknown_from,
            404,
            "CURRENCY_FROM_NOT_FOUND_ERROR",
        ),
        (
            "/v2/swap/fixed",
            unknown_to,
            404,
            "CURRENCY_TO_NOT_FOUND_ERROR",
        ),
        ("/v2/swap/fixed", bad_nonce, 400, "INVALID_REQUEST"),
        ("/v2/swap/fixed", missing, 400, "INVALID_REQUEST"),
        ("/v2/swap/float", json!("text"), 400, "INVALID_REQUEST"),
    ];
    for (path, request, status, key) in cases {
        let (got, body) = c.post(path, &request).await;
        assert_eq!(got.as_u16(), status, "{request} → {body}");
        assert_eq!(body["messageKey"], key, "{request}");
    }
    let mut too_much = Client::btc_eth_swap(None);
    too_much["amount"] = json!("25");
    let (got, body) = c.post("/v2/swap/float", &too_much).await;
    assert_eq!(got, StatusCode::BAD_REQUEST);
    assert_eq!(body["messageKey"], "FROM_CURRENCY_MAXIMUM_AMOUNT_ERROR");
    c.provider.shutdown().await;
}

#[tokio::test]
async fn status_is_pending_twice_then_finished() {
    let c = Client::start(ProviderOptions::default()).await;
    let swap = c.swap_btc_eth().await;
    let path = format!("/v2/status?swapId={}", swap["swapId"].as_str().unwrap());
    let (status, first) = c.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["status"], "PENDING");
    for key in [
        "amount",
        "payinTransactionId",
        "payoutTransactionId",
        "providerFees",
        "referralFees",
        "payoutNetworkFees",
    ] {
        assert!(first[key].is_string(), "{key}");
    }
    let (_, second) = c.get(&path).await;
    assert_eq!(second["status"], "PENDING");
    let (_, third) = c.get(&path).await;
    assert_eq!(third["status"], "FINISHED");
    let (status, body) = c.get("/v2/status?swapId=nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["messageKey"], "SWAP_TRANSACTION_NOT_FOUND_ERROR");
    let (status, _) = c.get("/v2/status").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn secp256r1_provider_signs_on_p256() {
    let c = Client::start(ProviderOptions {
        curve: crate::curve::Curve::Secp256r1,
        ..ProviderOptions::default()
    })
    .await;
    let body = c.swap_btc_eth().await;
    let sig = &body["providerSig"];
    assert!(signature_ok(
        &c.provider,
        sig["payload"].as_str().unwrap(),
        sig["signature"].as_str().unwrap()
    ));
    assert_eq!(c.provider.curve(), crate::curve::Curve::Secp256r1);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn profile_describes_the_running_instance() {
    let c = Client::start(ProviderOptions {
        secret_key: Some([1u8; 32]),
        ..ProviderOptions::default()
    })
    .await;
    let yaml = c.provider.profile_yaml();
    let pk = c.provider.public_key_hex();
    assert_eq!(pk.len(), 130);
    assert!(pk.starts_with("04"));
    assert!(yaml.starts_with(
        "# Provider profile of the bundled reference provider\nname: Reference\nswap:\n"
    ));
    assert!(yaml.contains(&format!("  base_url: \"{}/v2\"\n", c.provider.root_url())));
    assert!(yaml.contains(&format!("  public_key: \"{pk}\"\n")));
    assert!(yaml.contains("  headers: { X-API-KEY: \"reference-api-key\" }\n"));
    assert!(yaml.contains("  curve: secp256k1\n  "));
    assert!(yaml.contains("    - { from: btc, to: eth, amount: \"0.29\", payload_currency_from: BTC, payload_currency_to: ETH, decimals_from: 8, decimals_to: 18, refund_address: \"bc1q"));
    assert!(yaml.contains("refund_extra_id: \"123456\""));
    let root = c.provider.root_url();
    assert!(yaml.contains(&format!(
        "buy:\n  base_url: \"{root}/buy\"\n  headers: {{ X-API-KEY: \"reference-api-key\" }}\n  quote: {{ from: EUR, to: bitcoin, payment_method: card, amount: 100, country: FR, dest: \"bc1q"
    )));
    // The secret key never appears.
    assert!(!yaml.contains(&"01".repeat(32)));
    c.provider.shutdown().await;
}
