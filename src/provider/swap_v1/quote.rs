//! `GET /pairs`, `POST /quote` and `POST /check_quote` of the seed-era API.

use super::{V1Error, check_bearer, ok_as, parse_body};
use crate::provider::catalog::{PAIRS, Pair, dec, pair};
use crate::provider::decimal::Dec;
use crate::provider::faults::Fault;
use crate::provider::state::{ProviderState, StoredQuote};
use crate::provider::swap_v2::QUOTE_VALIDITY;
use crate::provider::variants::Variant;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;

/// `GET /pairs`: a bare array with the trade methods of each pair.
pub(crate) async fn pairs(State(state): State<Arc<ProviderState>>) -> Json<Value> {
    let pairs: Vec<Value> = PAIRS
        .iter()
        .filter(|p| !(state.has(Fault::V1MissingProfilePair) && (p.from, p.to) == ("btc", "eth")))
        .map(|p| {
            if state.has(Fault::V1PairsMissingTradeMethod) {
                json!({ "from": p.from, "to": p.to })
            } else {
                json!({ "from": p.from, "to": p.to, "tradeMethod": ["fixed", "float"] })
            }
        })
        .collect();
    Json(Value::Array(pairs))
}

/// The expiry advertised under the `v1-quote-short-expiry` fault.
const SHORT_VALIDITY: chrono::Duration = chrono::Duration::seconds(20);

#[derive(Deserialize)]
struct QuoteRequest {
    from: Option<String>,
    to: Option<String>,
    amount: Option<String>,
}

/// `POST /quote {from, to, amount}`.
pub(crate) async fn quote(State(state): State<Arc<ProviderState>>, body: Bytes) -> Response {
    let response = answer_quote(&state, &body).unwrap_or_else(IntoResponse::into_response);
    ok_as(&state, Fault::V1Quote201, StatusCode::CREATED, response)
}

fn answer_quote(state: &ProviderState, body: &[u8]) -> Result<Response, V1Error> {
    let req: QuoteRequest = parse_body(body)?;
    let (Some(from), Some(to), Some(amount)) = (req.from, req.to, req.amount) else {
        return Err(V1Error::bad_request("from, to and amount are required"));
    };
    let amount = Dec::parse(&amount)
        .ok_or_else(|| V1Error::bad_request("amount must be a decimal string"))?;
    let pair = pair(&from, &to).ok_or_else(|| {
        V1Error::new(
            StatusCode::NOT_FOUND,
            "UNKNOWN_ERROR",
            format!("pair {from} to {to} is not available"),
        )
    })?;
    check_limits(pair, amount)?;
    let terms = pair
        .terms(amount)
        .ok_or_else(|| V1Error::bad_request("amount too small to cover the fees"))?;
    let expiry = Utc::now() + QUOTE_VALIDITY;
    let quote_id = state.ids.uuid();
    state.quotes().insert(
        quote_id.clone(),
        StoredQuote {
            pair,
            amount,
            terms,
            expiry,
        },
    );
    let advertised = if state.has(Fault::V1QuoteShortExpiry) {
        Utc::now() + SHORT_VALIDITY
    } else {
        expiry
    };
    let expiry = advertised.to_rfc3339_opts(SecondsFormat::Secs, true);
    if state.chooses(Variant::V1Quote2023Fields) {
        let mut body = json!({
            super::quote_id_key(state): quote_id,
            "amount": amount.to_string(),
            "amountTo": terms.amount_to.to_string(),
            "providerFees": terms.provider_fees.to_string(),
            "referralFees": terms.referral_fees.to_string(),
            "payoutNetworkFees": terms.payout_network_fees.to_string(),
            "tradeMethod": "fixed",
            "expiry": expiry,
            "minAmountFrom": pair.min,
            "maxAmountFrom": pair.max,
        });
        // The faults corrupt the 2023 page's fields: `amount` echoes, `tradeMethod` is the method.
        if let Some(Value::String(echo)) = body.get_mut("amount")
            && state.has(Fault::V1QuoteAmountNotEchoed)
        {
            echo.push('1');
        }
        if state.has(Fault::V1QuoteMissingMethod) {
            body.as_object_mut().map(|o| o.remove("tradeMethod"));
        }
        return Ok(Json(body).into_response());
    }
    let mut body = json!({
        super::quote_id_key(state): quote_id,
        "from": pair.from,
        "to": pair.to,
        "amountFrom": amount.to_string(),
        "amountTo": terms.amount_to.to_string(),
        "rate": pair.rate,
        "method": "fixed",
        "expiry": expiry,
        "minAmountFrom": pair.min,
        "maxAmountFrom": pair.max,
        "payoutNetworkFees": terms.payout_network_fees.to_string(),
    });
    if let Some(Value::String(echo)) = body.get_mut("amountFrom")
        && state.has(Fault::V1QuoteAmountNotEchoed)
    {
        echo.push('1');
    }
    if state.has(Fault::V1QuoteMissingMethod) {
        body.as_object_mut().map(|o| o.remove("method"));
    }
    Ok(Json(body).into_response())
}

/// 400 `OVER_TRADE_LIMIT` outside the pair's limits or its decimals.
fn check_limits(pair: &Pair, amount: Dec) -> Result<(), V1Error> {
    let within = dec(pair.min) <= amount && amount <= dec(pair.max);
    if !within
        || amount
            .to_base_units(pair.currency_from().decimals)
            .is_none()
    {
        return Err(V1Error::new(
            StatusCode::BAD_REQUEST,
            "OVER_TRADE_LIMIT",
            format!(
                "amount must be between {} and {} {}",
                pair.min, pair.max, pair.from
            ),
        ));
    }
    Ok(())
}

#[derive(Deserialize)]
struct CheckQuoteRequest {
    #[serde(rename = "quoteId", alias = "quoteID")]
    quote_id: Option<String>,
    #[serde(rename = "bearerToken")]
    bearer_token: Option<String>,
}

/// `POST /check_quote {quoteId, bearerToken}`: 200 with no body when the user may trade.
pub(crate) async fn check_quote(
    State(state): State<Arc<ProviderState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer_check_quote(&state, &headers, &body).unwrap_or_else(IntoResponse::into_response)
}

fn answer_check_quote(
    state: &ProviderState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, V1Error> {
    let req: CheckQuoteRequest = parse_body(body)?;
    let no_token =
        !headers.contains_key(axum::http::header::AUTHORIZATION) && req.bearer_token.is_none();
    let login = !state.chooses(Variant::V1NoLogin);
    if login && !(no_token && state.has(Fault::V1CheckQuoteNoToken200)) {
        check_bearer(state, headers, req.bearer_token.as_deref())?;
    }
    let quote_id = req
        .quote_id
        .ok_or_else(|| V1Error::bad_request("quoteId is required"))?;
    let quote = match valid_quote(state, &quote_id) {
        Err(_) if state.has(Fault::V1UnknownQuote200) => return Ok(StatusCode::OK.into_response()),
        other => other?,
    };
    check_kyc(state, &quote)?;
    if state.has(Fault::V1CheckQuoteBody) {
        return Ok(Json(json!({ "code": "RATE_VALID" })).into_response());
    }
    Ok(StatusCode::OK.into_response())
}

/// The stored, unexpired quote `quote_id`, or 404 `RATE_NOT_FOUND`.
pub(crate) fn valid_quote(state: &ProviderState, quote_id: &str) -> Result<StoredQuote, V1Error> {
    state
        .quotes()
        .get(quote_id)
        .filter(|q| q.expiry > Utc::now())
        .cloned()
        .ok_or_else(|| V1Error::rate_not_found(quote_id))
}

/// 403 `KYC_UPGRADE_REQUIRED` when the quote's amount is above the pair's KYC threshold.
pub(crate) fn check_kyc(state: &ProviderState, quote: &StoredQuote) -> Result<(), V1Error> {
    if quote.amount > dec(quote.pair.kyc_above) {
        let code = if state.has(Fault::V1KycCodeUnknown) {
            "KYC_LEVEL_TOO_LOW"
        } else {
            "KYC_UPGRADE_REQUIRED"
        };
        return Err(V1Error::new(
            StatusCode::FORBIDDEN,
            code,
            format!(
                "trades above {} {} need a KYC upgrade",
                quote.pair.kyc_above, quote.pair.from
            ),
        ));
    }
    Ok(())
}
