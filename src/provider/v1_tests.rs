//! End-to-end tests of the seed-era swap API, conforming and under each v1 fault.

use super::Fault;
use super::http_tests::{Client, decode_payload, signature_ok};
use super::options::ProviderOptions;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use serde_json::{Value, json};

const BEARER: &str = "Bearer reference-bearer-token";

async fn with(faults: &[Fault]) -> Client {
    Client::start(ProviderOptions {
        faults: faults.to_vec(),
        ..ProviderOptions::default()
    })
    .await
}

/// POST with the bearer token (when `bearer`), returning status and raw body text.
async fn post(c: &Client, path: &str, body: &Value, bearer: bool) -> (StatusCode, String) {
    let mut request = c.http().post(c.url(path)).json(body);
    if bearer {
        request = request.header("Authorization", BEARER);
    }
    let r = c.raw(request).await;
    (r.status(), r.text().await.unwrap())
}

async fn post_json(c: &Client, path: &str, body: &Value) -> (StatusCode, Value) {
    let (status, text) = post(c, path, body, true).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn quote(c: &Client, amount: &str) -> String {
    let (status, q) = post_json(
        c,
        "/v1/quote",
        &json!({ "from": "btc", "to": "eth", "amount": amount }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{q}");
    q["quoteId"].as_str().unwrap().to_string()
}

fn swap_request(quote_id: &str) -> Value {
    json!({
        "quoteId": quote_id,
        "refundAddress": super::addresses::USER_BTC,
        "payoutAddress": super::addresses::USER_ETH,
        "nonce": URL_SAFE_NO_PAD.encode([0x42u8; 32]),
        "from": "btc",
        "to": "eth",
        "amount": "0.29",
    })
}

#[tokio::test]
async fn pairs_and_quote_have_the_seed_era_shape() {
    let c = with(&[]).await;
    let r = c.raw(c.http().get(c.url("/v1/pairs"))).await;
    let pairs: Value = r.json().await.unwrap();
    assert_eq!(pairs[0]["tradeMethod"], json!(["fixed", "float"]));
    let (_, q) = post_json(
        &c,
        "/v1/quote",
        &json!({ "from": "btc", "to": "eth", "amount": "0.29" }),
    )
    .await;
    for key in [
        "quoteId",
        "rate",
        "expiry",
        "method",
        "minAmountFrom",
        "maxAmountFrom",
        "payoutNetworkFees",
        "from",
        "to",
        "amountFrom",
        "amountTo",
    ] {
        assert!(q.get(key).is_some(), "{key}: {q}");
    }
    let (status, err) = post_json(
        &c,
        "/v1/quote",
        &json!({ "from": "btc", "to": "eth", "amount": "50" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["code"].is_string() && err["error"].is_string() && err["description"].is_string());
    c.provider.shutdown().await;
}

#[tokio::test]
async fn check_quote_answers_empty_200_or_documented_errors() {
    let c = with(&[]).await;
    let quote_id = quote(&c, "0.29").await;
    let (status, text) = post(
        &c,
        "/v1/check_quote",
        &json!({ "quoteId": quote_id, "bearerToken": null }),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.is_empty());
    let (status, text) = post(
        &c,
        "/v1/check_quote",
        &json!({ "quoteId": quote_id }),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(text.contains("UNKNOW_USER"));
    let (status, body) = post_json(&c, "/v1/check_quote", &json!({ "quoteId": "nope" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "RATE_NOT_FOUND");
    let big = quote(&c, "6").await;
    let (status, body) = post_json(&c, "/v1/check_quote", &json!({ "quoteID": big })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "KYC_UPGRADE_REQUIRED");
    assert!(body["error"].is_string() && body["description"].is_string());
    let (status, body) = post_json(
        &c,
        "/v1/swap",
        &swap_request(&big)
            .as_object()
            .map(|o| {
                let mut o = o.clone();
                o.remove("amount");
                Value::Object(o)
            })
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "KYC_UPGRADE_REQUIRED");
    c.provider.shutdown().await;
}

#[tokio::test]
async fn swap_is_signed_like_the_current_api() {
    let c = with(&[]).await;
    let quote_id = quote(&c, "0.29").await;
    let (status, text) = post(&c, "/v1/swap", &swap_request(&quote_id), false).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{text}");
    let (status, body) = post_json(&c, "/v1/swap", &swap_request(&quote_id)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sig = &body["providerSig"];
    assert_eq!(
        sig["header"],
        json!({ "alg": "ES256", "kid": "reference-2026" })
    );
    let payload = sig["payload"].as_str().unwrap();
    assert!(signature_ok(
        &c.provider,
        payload,
        sig["signature"].as_str().unwrap()
    ));
    let m = decode_payload(payload);
    assert_eq!(m.device_transaction_id_ng, vec![0x42u8; 32]);
    assert_eq!(
        (m.currency_from.as_str(), m.currency_to.as_str()),
        ("BTC", "ETH")
    );
    assert_eq!(m.payin_address, body["payinAddress"].as_str().unwrap());
    assert_eq!(m.amount_to_provider, super::decimal::minimal_be(29_000_000));

    let mut wrong_amount = swap_request(&quote_id);
    wrong_amount["amount"] = json!("0.3");
    let (status, _) = post_json(&c, "/v1/swap", &wrong_amount).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = post_json(&c, "/v1/swap", &swap_request("nope")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("RATE_NOT_FOUND"))
    );
    c.provider.shutdown().await;
}

#[tokio::test]
async fn status_moves_through_the_documented_states() {
    let c = with(&[]).await;
    let quote_id = quote(&c, "0.29").await;
    let (_, open) = post_json(&c, "/v1/status", &json!({ "quoteId": quote_id })).await;
    assert_eq!(open["status"], "open");
    let (_, swap) = post_json(&c, "/v1/swap", &swap_request(&quote_id)).await;
    let swap_id = swap["swapId"].as_str().unwrap();
    let mut states = Vec::new();
    for _ in 0..4 {
        let (status, body) = post_json(&c, "/v1/status", &json!({ "swapId": swap_id })).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["swapId"], swap_id);
        states.push(body["status"].as_str().unwrap().to_string());
    }
    assert_eq!(
        states,
        ["pending_recv", "pending_settlement", "finished", "finished"]
    );
    let (_, by_quote) = post_json(&c, "/v1/status", &json!({ "quoteId": quote_id })).await;
    assert_eq!(by_quote["swapId"], swap_id);
    let (status, _) = post_json(&c, "/v1/status", &json!({ "swapId": "nope" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn ip_check_rejects_the_test_range() {
    let c = with(&[]).await;
    let (status, body) = post_json(&c, "/v1/ip_check", &json!({ "ip": "203.0.113.10" })).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({ "accepted": true }))
    );
    let (status, body) = post_json(&c, "/v1/ip_check", &json!({ "ip": "198.51.100.7" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "IP_REJECTED");
    assert!(body["error"].is_string() && body["description"].is_string());
    let (status, _) = post_json(&c, "/v1/ip_check", &json!({ "ip": "not an ip" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn v1_faults_break_their_rule() {
    let c = with(&[Fault::V1CheckQuoteBody]).await;
    let quote_id = quote(&c, "0.29").await;
    let (status, text) = post(&c, "/v1/check_quote", &json!({ "quoteId": quote_id }), true).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!text.is_empty());
    c.provider.shutdown().await;

    let c = with(&[Fault::V1KycCodeUnknown]).await;
    let big = quote(&c, "6").await;
    let (status, body) = post_json(&c, "/v1/check_quote", &json!({ "quoteId": big })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "KYC_LEVEL_TOO_LOW");
    c.provider.shutdown().await;

    let c = with(&[Fault::V1MissingAlg]).await;
    let quote_id = quote(&c, "0.29").await;
    let (_, body) = post_json(&c, "/v1/swap", &swap_request(&quote_id)).await;
    assert!(body["providerSig"]["header"].get("alg").is_none());
    let sig = &body["providerSig"];
    assert!(signature_ok(
        &c.provider,
        sig["payload"].as_str().unwrap(),
        sig["signature"].as_str().unwrap()
    ));
    c.provider.shutdown().await;

    let c = with(&[Fault::V1IpCheckAcceptsAll]).await;
    let (status, _) = post_json(&c, "/v1/ip_check", &json!({ "ip": "198.51.100.7" })).await;
    assert_eq!(status, StatusCode::OK);
    c.provider.shutdown().await;

    let c = with(&[Fault::V1StatusBadState]).await;
    let quote_id = quote(&c, "0.29").await;
    let (_, swap) = post_json(&c, "/v1/swap", &swap_request(&quote_id)).await;
    let (_, body) = post_json(&c, "/v1/status", &json!({ "swapId": swap["swapId"] })).await;
    let documented = [
        "open",
        "expired",
        "pending_recv",
        "pending_settlement",
        "completed",
        "finished",
    ];
    assert!(!documented.contains(&body["status"].as_str().unwrap()));
    c.provider.shutdown().await;
}

#[tokio::test]
async fn profile_has_the_seed_era_section() {
    let c = with(&[]).await;
    let yaml = c.provider.profile_yaml();
    let root = c.provider.root_url();
    assert!(yaml.contains(&format!("swap_v1:\n  base_url: \"{root}/v1\"\n  headers: {{ X-API-KEY: \"reference-api-key\" }}\n  login: required\n  bearer_token: \"reference-bearer-token\"\n  kyc_users:\n    unknown_user: \"reference-kyc-unknown-user-token\"\n")));
    assert!(
        yaml.contains("    over_limit: \"reference-kyc-over-limit-token\"\n  curve: secp256k1\n")
    );
    assert!(yaml.contains("  nonce_encoding: base64url\n  pairs:\n    - { from: btc, to: eth,"));
    assert!(yaml.contains("  ip_check: { method: POST, path: /ip_check, ip_in: body, ip_name: ip, accepted_ip: \"203.0.113.10\", rejected_ip: \"198.51.100.7\" }\nbuy:\n"));
    c.provider.shutdown().await;
}
