//! `GET /quote` and `GET /buy-redirect`: a price for a fiat amount, and the widget URL that
//! completes the purchase. Bad parameters answer 400 in text/plain, as the spec shows.

use super::capabilities::{ASSETS, Asset, COUNTRIES, FIATS, Fiat};
use crate::provider::faults::Fault;
use crate::provider::state::ProviderState;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

/// Where the widget lives.
/// The public origin of the reference buy widget (served on loopback under
/// `/widgets/ramp/`; the reference profile maps one to the other for the browser).
pub(crate) const WIDGET_ORIGIN: &str = "https://buy.reference-provider.example";
const WIDGET_URL: &str = "https://buy.reference-provider.example/widget";

/// Fees: a 1.5 % share plus 1 fiat unit, taken before conversion.
const FEE_RATE: f64 = 0.015;
const FEE_FIXED: f64 = 1.0;

/// A validated quote request.
struct BuyRequest<'a> {
    from: &'a str,
    fiat: &'static Fiat,
    to: &'a str,
    asset: &'static Asset,
    amount: u64,
    params: &'a HashMap<String, String>,
}

/// A bad request: answered 400 in text/plain.
struct Invalid(String);

impl IntoResponse for Invalid {
    fn into_response(self) -> Response {
        (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            self.0,
        )
            .into_response()
    }
}

fn invalid_param(name: &str, reason: &str) -> Invalid {
    Invalid(format!(
        "Invalid value for: query parameter {name} ({reason})"
    ))
}

fn param<'a>(params: &'a HashMap<String, String>, name: &str) -> Result<&'a str, Invalid> {
    match params.get(name).map(String::as_str) {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(invalid_param(name, "missing")),
    }
}

/// Checks every quote parameter (not the amount range: see [`check_range`]).
fn validate(params: &HashMap<String, String>) -> Result<BuyRequest<'_>, Invalid> {
    let from = param(params, "from")?;
    let fiat = FIATS
        .iter()
        .find(|f| f.code.eq_ignore_ascii_case(from))
        .ok_or_else(|| invalid_param("from", "unsupported fiat currency"))?;
    let to = param(params, "to")?;
    let asset = ASSETS
        .iter()
        .find(|a| a.ledger_id == to)
        .ok_or_else(|| invalid_param("to", "unsupported crypto currency"))?;
    let method = param(params, "payment-method")?;
    let amount = param(params, "amount")?
        .parse::<u64>()
        .map_err(|_| invalid_param("amount", "expected an integer"))?;
    let country_code = param(params, "country")?;
    let country = COUNTRIES
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(country_code))
        .ok_or_else(|| invalid_param("country", "unsupported country"))?;
    if !country.payment_methods.contains(&method) {
        return Err(invalid_param(
            "payment-method",
            "not available in this country",
        ));
    }
    param(params, "dest")?;
    Ok(BuyRequest {
        from,
        fiat,
        to,
        asset,
        amount,
        params,
    })
}

/// Refuses an amount outside the fiat's advertised range.
fn check_range(state: &ProviderState, req: &BuyRequest) -> Result<(), Invalid> {
    let (fiat, amount) = (req.fiat, req.amount);
    if !state.has(Fault::BuyAcceptsOutOfRange) && !(fiat.min..=fiat.max).contains(&amount) {
        return Err(Invalid(format!(
            "amount {amount} is outside the accepted range {} to {} {}",
            fiat.min,
            fiat.max,
            fiat.code.to_uppercase()
        )));
    }
    Ok(())
}

/// What `buy-quote-accepts-bad-params` quotes when the parameters do not validate: 100 EUR of
/// bitcoin.
fn fallback_request(params: &HashMap<String, String>) -> BuyRequest<'_> {
    BuyRequest {
        from: "EUR",
        fiat: &FIATS[0],
        to: ASSETS[0].ledger_id,
        asset: &ASSETS[0],
        amount: 100,
        params,
    }
}

/// The crypto bought with `amount` fiat, net of all fees, rounded down to 8 decimals.
fn crypto_amount(amount: u64, asset: &Asset) -> f64 {
    let net = (amount as f64 * (1.0 - FEE_RATE) - FEE_FIXED).max(0.0);
    (net / asset.price * 1e8).floor() / 1e8
}

/// `GET /quote?from&to&payment-method&amount&country&dest`.
pub(crate) async fn quote(State(state): State<Arc<ProviderState>>, params: Params) -> Response {
    let Ok(Query(params)) = params else {
        return Invalid("Invalid value for: query string".to_string()).into_response();
    };
    let lenient = state.has(Fault::BuyQuoteAcceptsBadParams);
    let req = match validate(&params) {
        Ok(r) => r,
        Err(_) if lenient => fallback_request(&params),
        Err(e) => return e.into_response(),
    };
    if let Err(e) = check_range(&state, &req) {
        return e.into_response();
    }
    if state.has(Fault::BuyQuote500) {
        return super::internal_error();
    }
    let crypto = if state.has(Fault::BuyQuoteZeroCrypto) {
        0.0
    } else {
        crypto_amount(req.amount, req.asset)
    };
    let crypto = if state.has(Fault::BuyQuoteAmountString) {
        json!(crypto.to_string())
    } else {
        json!(crypto)
    };
    let to = if state.has(Fault::BuyQuoteWrongCrypto) {
        "ethereum"
    } else {
        req.to
    };
    let from = match state.has(Fault::BuyQuoteWrongFiat) {
        true if req.from.eq_ignore_ascii_case("EUR") => "USD",
        true => "EUR",
        false => req.from,
    };
    let fiat_amount = req.amount + u64::from(state.has(Fault::BuyQuoteWrongFiatAmount));
    Json(json!({
        "from": from,
        "to": to,
        "fiatAmount": fiat_amount,
        "cryptoAmount": crypto,
    }))
    .into_response()
}

/// `GET /buy-redirect?…&ledgerTransactionId&deeplinkUrl?`.
pub(crate) async fn buy_redirect(
    State(state): State<Arc<ProviderState>>,
    params: Params,
) -> Response {
    let Ok(Query(params)) = params else {
        return Invalid("Invalid value for: query string".to_string()).into_response();
    };
    let req = match validate(&params).and_then(|r| check_range(&state, &r).map(|()| r)) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    if state.has(Fault::BuyRedirect500) {
        return super::internal_error();
    }
    let transaction_id = match param(&params, "ledgerTransactionId") {
        Ok(id) if id.len() <= 128 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
            id
        }
        Ok(_) => {
            return invalid_param("ledgerTransactionId", "expected a UUID-like id").into_response();
        }
        Err(e) => return e.into_response(),
    };
    let amount = req.amount.to_string();
    let mut query = vec![
        ("fiat", req.from),
        ("crypto", req.to),
        ("amount", amount.as_str()),
        ("transactionId", transaction_id),
    ];
    for key in ["payment-method", "country", "dest", "deeplinkUrl"] {
        if let Some(value) = req.params.get(key) {
            query.push((key, value));
        }
    }
    let query: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect();
    let base = if state.has(Fault::BuyRedirectRelativeUrl) {
        "/widget"
    } else {
        WIDGET_URL
    };
    Json(json!({ "rampRedirectUrl": format!("{base}?{}", query.join("&")) })).into_response()
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crypto_amount_is_net_of_fees() {
        let btc = &ASSETS[0];
        // 100 × 0.985 − 1 = 97.5 EUR at 60000 EUR/BTC.
        assert_eq!(crypto_amount(100, btc), 0.001625);
        assert_eq!(crypto_amount(0, btc), 0.0);
    }

    #[test]
    fn percent_encoding_keeps_unreserved_only() {
        assert_eq!(
            percent_encode("ledgerlive://buy?x=1"),
            "ledgerlive%3A%2F%2Fbuy%3Fx%3D1"
        );
        assert_eq!(percent_encode("a-b_c.d~"), "a-b_c.d~");
    }
}
