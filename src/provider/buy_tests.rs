//! End-to-end tests of the buy API, conforming and under each buy fault.

use super::Fault;
use super::http_tests::Client;
use super::options::ProviderOptions;
use reqwest::StatusCode;
use serde_json::Value;

const QUOTE: &str =
    "/buy/quote?from=EUR&to=bitcoin&payment-method=card&amount=100&country=FR&dest=bc1qtest";

async fn with(faults: &[Fault]) -> Client {
    Client::start(ProviderOptions {
        faults: faults.to_vec(),
        ..ProviderOptions::default()
    })
    .await
}

async fn get_text(c: &Client, path: &str, key: Option<&str>) -> (StatusCode, String, String) {
    let mut request = c.http().get(c.url(path));
    if let Some(key) = key {
        request = request.header("X-API-KEY", key);
    }
    let r = c.raw(request).await;
    let status = r.status();
    let content_type = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, content_type, r.text().await.unwrap())
}

#[tokio::test]
async fn lists_are_public_and_well_formed() {
    let c = with(&[]).await;
    let (status, _, text) = get_text(&c, "/buy/capabilities", None).await;
    assert_eq!(status, StatusCode::OK);
    let caps: Value = serde_json::from_str(&text).unwrap();
    for f in caps["fiatCurrencyCapabilities"].as_array().unwrap() {
        assert!(f["minAmount"].as_u64().unwrap() <= f["maxAmount"].as_u64().unwrap());
    }
    for country in caps["countryCapabilities"].as_array().unwrap() {
        assert_eq!(country["country"].as_str().unwrap().len(), 2);
        assert!(!country["paymentMethods"].as_array().unwrap().is_empty());
    }
    let (status, _, text) = get_text(&c, "/buy/crypto-currencies", None).await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<String> = serde_json::from_str(&text).unwrap();
    assert!(ids.contains(&"ethereum/erc20/usd_tether__erc20_".to_string()));
    c.provider.shutdown().await;
}

#[tokio::test]
async fn quote_and_redirect_conform() {
    let c = with(&[]).await;
    let (status, content_type, text) = get_text(&c, QUOTE, Some("reference-api-key")).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(content_type.starts_with("application/json"));
    let q: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (q["from"].as_str(), q["to"].as_str()),
        (Some("EUR"), Some("bitcoin"))
    );
    assert_eq!(q["fiatAmount"].as_u64(), Some(100));
    assert!(q["cryptoAmount"].as_f64().unwrap() > 0.0);

    let redirect = format!(
        "{}&ledgerTransactionId=0b7f5a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b&deeplinkUrl=ledgerlive://buy",
        QUOTE.replace("/buy/quote", "/buy/buy-redirect")
    );
    let (status, _, text) = get_text(&c, &redirect, Some("reference-api-key")).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let r: Value = serde_json::from_str(&text).unwrap();
    let url = r["rampRedirectUrl"].as_str().unwrap();
    assert!(url.starts_with("https://"), "{url}");
    assert!(url.contains("deeplinkUrl=ledgerlive%3A%2F%2Fbuy"));
    c.provider.shutdown().await;
}

#[tokio::test]
async fn quote_refuses_bad_parameters_in_text() {
    let c = with(&[]).await;
    for (path, param) in [
        (
            "/buy/quote?to=bitcoin&payment-method=card&amount=100&country=FR&dest=x",
            "from",
        ),
        (
            "/buy/quote?from=XXX&to=bitcoin&payment-method=card&amount=100&country=FR&dest=x",
            "from",
        ),
        (
            "/buy/quote?from=EUR&to=dogecoin&payment-method=card&amount=100&country=FR&dest=x",
            "to",
        ),
        (
            "/buy/quote?from=EUR&to=bitcoin&payment-method=card&amount=1.5&country=FR&dest=x",
            "amount",
        ),
        (
            "/buy/quote?from=EUR&to=bitcoin&payment-method=card&amount=100&country=ZZ&dest=x",
            "country",
        ),
        (
            "/buy/quote?from=EUR&to=bitcoin&payment-method=ach&amount=100&country=FR&dest=x",
            "payment-method",
        ),
        (
            "/buy/quote?from=EUR&to=bitcoin&payment-method=card&amount=100&country=FR",
            "dest",
        ),
    ] {
        let (status, content_type, text) = get_text(&c, path, Some("reference-api-key")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(content_type.starts_with("text/plain"), "{path}");
        assert!(
            text.starts_with(&format!("Invalid value for: query parameter {param}")),
            "{text}"
        );
    }
    let out_of_range = QUOTE.replace("amount=100", "amount=20000");
    let (status, content_type, _) = get_text(&c, &out_of_range, Some("reference-api-key")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(content_type.starts_with("text/plain"));
    let (status, _, text) = get_text(&c, QUOTE, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let err: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(err["code"], 401);
    c.provider.shutdown().await;
}

#[tokio::test]
async fn buy_faults_break_their_rule() {
    let c = with(&[Fault::BuyCapabilitiesMinAboveMax, Fault::BuyBadCountryCode]).await;
    let (_, _, text) = get_text(&c, "/buy/capabilities", None).await;
    let caps: Value = serde_json::from_str(&text).unwrap();
    let eur = &caps["fiatCurrencyCapabilities"][0];
    assert!(eur["minAmount"].as_u64() > eur["maxAmount"].as_u64());
    assert_eq!(caps["countryCapabilities"][0]["country"], "FRA");
    c.provider.shutdown().await;

    let c = with(&[Fault::BuyQuoteAmountString]).await;
    let (_, _, text) = get_text(&c, QUOTE, Some("reference-api-key")).await;
    assert!(serde_json::from_str::<Value>(&text).unwrap()["cryptoAmount"].is_string());
    c.provider.shutdown().await;

    let c = with(&[Fault::BuyQuoteZeroCrypto]).await;
    let (_, _, text) = get_text(&c, QUOTE, Some("reference-api-key")).await;
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["cryptoAmount"].as_f64(),
        Some(0.0)
    );
    c.provider.shutdown().await;

    let c = with(&[Fault::BuyNoAuth]).await;
    let (status, _, _) = get_text(&c, QUOTE, None).await;
    assert_eq!(status, StatusCode::OK);
    c.provider.shutdown().await;

    let c = with(&[Fault::BuyAcceptsOutOfRange]).await;
    let (status, _, _) = get_text(
        &c,
        &QUOTE.replace("amount=100", "amount=20000"),
        Some("reference-api-key"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    c.provider.shutdown().await;

    let c = with(&[Fault::BuyRedirectRelativeUrl]).await;
    let path = format!(
        "{}&ledgerTransactionId=abc-123",
        QUOTE.replace("/buy/quote", "/buy/buy-redirect")
    );
    let (_, _, text) = get_text(&c, &path, Some("reference-api-key")).await;
    let url = serde_json::from_str::<Value>(&text).unwrap()["rampRedirectUrl"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(url.starts_with("/widget?"));
    c.provider.shutdown().await;
}
