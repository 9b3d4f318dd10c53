//! Each API-level fault, switched on alone over a real socket: the rule it breaks is broken,
//! and a swap still comes out device-valid.

use super::Fault;
use super::http_tests::{Client, decode_payload, signature_ok};
use super::options::ProviderOptions;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn with(fault: Fault) -> Client {
    Client::start(ProviderOptions {
        faults: vec![fault],
        ..ProviderOptions::default()
    })
    .await
}

async fn quote(c: &Client, amount: &str) -> (StatusCode, Value) {
    c.post(
        "/v2/quote",
        &json!({ "from": "btc", "to": "eth", "amount": amount }),
    )
    .await
}

/// A swap still verifies under faults that are not about the swap.
async fn swap_still_conforms(c: &Client) {
    let body = c.swap_btc_eth().await;
    let sig = &body["providerSig"];
    let payload = sig["payload"].as_str().unwrap();
    assert!(signature_ok(
        &c.provider,
        payload,
        sig["signature"].as_str().unwrap()
    ));
    assert_eq!(
        decode_payload(payload).payin_address,
        body["payinAddress"].as_str().unwrap()
    );
}

#[tokio::test]
async fn payload_signature_key_renames_the_signature() {
    let c = with(Fault::PayloadSignatureKey).await;
    let body = c.swap_btc_eth().await;
    assert!(body["providerSig"].get("signature").is_none());
    let payload = body["providerSig"]["payload"].as_str().unwrap();
    let sig = body["providerSig"]["payload_signature"].as_str().unwrap();
    assert!(signature_ok(&c.provider, payload, sig));
    c.provider.shutdown().await;
}

#[tokio::test]
async fn reused_swap_id_repeats_the_id() {
    let c = with(Fault::ReusedSwapId).await;
    let a = c.swap_btc_eth().await;
    let b = c.swap_btc_eth().await;
    assert_eq!(a["swapId"], b["swapId"]);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn quote_faults_break_their_field_only() {
    let c = with(Fault::QuoteAmountsAsNumbers).await;
    let (_, q) = quote(&c, "0.29").await;
    assert!(q["amountTo"].is_number() && q["amount"].is_number() && q["minAmountFrom"].is_number());
    assert!(q["expiry"].is_string() && q["quoteId"].is_string());
    swap_still_conforms(&c).await;
    c.provider.shutdown().await;

    let c = with(Fault::QuoteMissingExpiry).await;
    let (_, q) = quote(&c, "0.29").await;
    assert!(q.get("expiry").is_none() && q["amountTo"].is_string());
    swap_still_conforms(&c).await;
    c.provider.shutdown().await;

    let c = with(Fault::QuoteShortExpiry).await;
    let (_, q) = quote(&c, "0.29").await;
    let expiry = chrono::DateTime::parse_from_rfc3339(q["expiry"].as_str().unwrap()).unwrap();
    assert!(expiry.signed_duration_since(chrono::Utc::now()) < chrono::Duration::seconds(60));
    swap_still_conforms(&c).await;
    c.provider.shutdown().await;

    let c = with(Fault::MinAboveMax).await;
    let (_, q) = quote(&c, "0.29").await;
    let min: f64 = q["minAmountFrom"].as_str().unwrap().parse().unwrap();
    let max: f64 = q["maxAmountFrom"].as_str().unwrap().parse().unwrap();
    assert!(min > max);
    c.provider.shutdown().await;
}

/// Under `quote-required-fields-only` the amounts are numbers, and the optional ones stay out.
#[tokio::test]
async fn amounts_as_numbers_adds_no_field_a_variant_leaves_out() {
    let c = Client::start(ProviderOptions {
        faults: vec![Fault::QuoteAmountsAsNumbers],
        variants: vec![super::Variant::QuoteRequiredFieldsOnly],
        ..ProviderOptions::default()
    })
    .await;
    let (_, q) = quote(&c, "0.29").await;
    assert!(q["amountTo"].is_number() && q["providerFees"].is_number());
    for key in ["amount", "minAmountFrom", "maxAmountFrom"] {
        assert!(q.get(key).is_none(), "{key}: {q}");
    }
    c.provider.shutdown().await;
}

#[tokio::test]
async fn slow_quote_takes_longer_than_five_seconds() {
    let c = with(Fault::SlowQuote).await;
    let started = std::time::Instant::now();
    let (status, _) = quote(&c, "0.29").await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() >= std::time::Duration::from_secs(6));
    c.provider.shutdown().await;
}

#[tokio::test]
async fn limit_error_faults() {
    let c = with(Fault::WrongMinimumErrorKey).await;
    let (status, body) = quote(&c, "0.00001").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["messageKey"], "TO_CURRENCY_MINIMUM_AMOUNT_ERROR");
    assert!(body["additionalFields"].is_object());
    let (_, body) = quote(&c, "21").await;
    assert_eq!(body["messageKey"], "FROM_CURRENCY_MAXIMUM_AMOUNT_ERROR");
    c.provider.shutdown().await;

    let c = with(Fault::WrongMaximumErrorKey).await;
    let (status, body) = quote(&c, "21").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["messageKey"], "TO_CURRENCY_MAXIMUM_AMOUNT_ERROR");
    assert!(body["additionalFields"].is_object());
    let (_, body) = quote(&c, "0.00001").await;
    assert_eq!(body["messageKey"], "FROM_CURRENCY_MINIMUM_AMOUNT_ERROR");
    c.provider.shutdown().await;

    let c = with(Fault::MissingAdditionalFields).await;
    for amount in ["0.00001", "21"] {
        let (status, body) = quote(&c, amount).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.get("additionalFields").is_none(), "{body}");
        assert!(
            body["messageKey"]
                .as_str()
                .unwrap()
                .starts_with("FROM_CURRENCY_")
        );
    }
    c.provider.shutdown().await;
}

#[tokio::test]
async fn unknown_things_answer_200() {
    let c = with(Fault::UnknownPair200).await;
    let (status, _) = c
        .post(
            "/v2/quote",
            &json!({ "from": "btc", "to": "doge", "amount": "1" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    c.provider.shutdown().await;

    let c = with(Fault::UnknownQuote200).await;
    let (status, body) = c
        .post(
            "/v2/swap/fixed",
            &Client::btc_eth_swap(Some("no-such-quote")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["swapId"].is_string());
    c.provider.shutdown().await;

    let c = with(Fault::StatusUnknown200).await;
    let (status, body) = c.get("/v2/status?swapId=no-such-swap").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["status"].is_string());
    c.provider.shutdown().await;
}

#[tokio::test]
async fn status_bad_enum_answers_completed() {
    let c = with(Fault::StatusBadEnum).await;
    let swap = c.swap_btc_eth().await;
    let (_, body) = c
        .get(&format!(
            "/v2/status?swapId={}",
            swap["swapId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(body["status"], "COMPLETED");
    c.provider.shutdown().await;
}

#[tokio::test]
async fn no_auth_accepts_anyone() {
    let c = with(Fault::NoAuth).await;
    let r = c.raw(c.http().get(c.url("/v2/pairs"))).await;
    assert_eq!(r.status(), StatusCode::OK);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn text_content_type_types_json_as_text() {
    let c = with(Fault::TextContentType).await;
    let r = c
        .raw(
            c.http()
                .get(c.url("/v2/pairs"))
                .header("X-API-KEY", "reference-api-key"),
        )
        .await;
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let body: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert!(body["pairs"].is_array());
    swap_still_conforms(&c).await;
    c.provider.shutdown().await;
}

#[tokio::test]
async fn pairs_cursor_loop_never_ends() {
    let c = with(Fault::PairsCursorLoop).await;
    let mut path = "/v2/pairs".to_string();
    let mut firsts = Vec::new();
    for _ in 0..5 {
        let (_, body) = c.get(&path).await;
        firsts.push(body["pairs"][0].clone());
        let cursor = body["next_cursor"].as_str().expect("never null");
        path = format!("/v2/pairs?cursor={cursor}");
    }
    assert_eq!(firsts[0], firsts[2]);
    assert_eq!(firsts[2], firsts[4]);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn pair_list_faults() {
    let pair_names = |body: &Value| -> Vec<String> {
        body["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{}>{}",
                    p["from"].as_str().unwrap(),
                    p["to"].as_str().unwrap()
                )
            })
            .collect()
    };
    let c = with(Fault::PairsDuplicate).await;
    let (_, body) = c.get("/v2/pairs?limit=100").await;
    let names = pair_names(&body);
    assert_eq!(names.iter().filter(|n| *n == "btc>eth").count(), 2);
    c.provider.shutdown().await;

    let c = with(Fault::MissingProfilePair).await;
    let (_, body) = c.get("/v2/pairs?limit=100").await;
    let names = pair_names(&body);
    assert!(!names.contains(&"btc>eth".to_string()));
    assert_eq!(names.len(), 3);
    c.provider.shutdown().await;

    let c = with(Fault::CurrenciesBareArray).await;
    let (_, body) = c.get("/v2/currencies").await;
    assert_eq!(body.as_array().map(Vec::len), Some(4));
    c.provider.shutdown().await;
}
