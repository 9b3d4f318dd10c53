//! `POST /swap` and `POST /status` of the seed-era API. The payload and its signature follow
//! the same device rules as the current API (see `provider_sig`).

use super::quote::{check_kyc, valid_quote};
use super::{V1Error, check_bearer, ok_as, parse_body, quote_id_key};
use crate::provider::faults::Fault;
use crate::provider::nonce::parse_nonce;
use crate::provider::provider_sig::{SwapOrder, sign_swap};
use crate::provider::state::ProviderState;
use crate::provider::swap_v2::signature_key;
use crate::provider::variants::Variant;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;

/// The key id sent in `providerSig.header.kid` (informational: the device never sees it).
pub(crate) const KEY_ID: &str = "reference-2026";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SwapRequest {
    #[serde(alias = "quoteID")]
    quote_id: Option<String>,
    refund_address: Option<String>,
    payout_address: Option<String>,
    refund_address_extra_id: Option<String>,
    payout_address_extra_id: Option<String>,
    nonce: Option<String>,
    from: Option<String>,
    to: Option<String>,
    amount: Option<String>,
    payload_currency_from: Option<String>,
    payload_currency_to: Option<String>,
    bearer_token: Option<String>,
}

/// `POST /swap`.
pub(crate) async fn swap(
    State(state): State<Arc<ProviderState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let response = answer_swap(&state, &headers, &body).unwrap_or_else(IntoResponse::into_response);
    ok_as(&state, Fault::V1Swap201, StatusCode::CREATED, response)
}

/// A required non-empty field of at most `max` characters.
fn field<'a>(value: &'a Option<String>, name: &str, max: usize) -> Result<&'a str, V1Error> {
    match value.as_deref() {
        Some(v) if !v.is_empty() && v.len() <= max && !v.contains('\0') => Ok(v),
        Some(v) if !v.is_empty() => Err(V1Error::bad_request(format!(
            "{name} must be at most {max} characters"
        ))),
        _ => Err(V1Error::bad_request(format!("{name} is required"))),
    }
}

/// An optional field of at most `max` characters (`""` when absent).
fn optional<'a>(value: &'a Option<String>, name: &str, max: usize) -> Result<&'a str, V1Error> {
    match value.as_deref() {
        None | Some("") => Ok(""),
        Some(_) => field(value, name, max),
    }
}

fn answer_swap(
    state: &ProviderState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, V1Error> {
    let req: SwapRequest = parse_body(body)?;
    if !state.chooses(Variant::V1NoLogin) {
        check_bearer(state, headers, req.bearer_token.as_deref())?;
    }
    let quote_id = field(&req.quote_id, "quoteId", 128)?;
    let refund_address = field(&req.refund_address, "refundAddress", 150)?;
    let payout_address = field(&req.payout_address, "payoutAddress", 150)?;
    let refund_extra_id = optional(&req.refund_address_extra_id, "refundAddressExtraId", 19)?;
    let payout_extra_id = optional(&req.payout_address_extra_id, "payoutAddressExtraId", 19)?;
    let nonce = field(&req.nonce, "nonce", 100)
        .ok()
        .and_then(parse_nonce)
        .ok_or_else(|| V1Error::bad_request("nonce must be 32 bytes in base64url"))?;
    let quote = valid_quote(state, quote_id)?;
    let pair = quote.pair;
    // The optional echo of the quote must agree with it.
    let amount_differs = req
        .amount
        .as_deref()
        .is_some_and(|a| crate::provider::decimal::Dec::parse(a) != Some(quote.amount));
    if req.from.as_deref().is_some_and(|f| f != pair.from)
        || req.to.as_deref().is_some_and(|t| t != pair.to)
        || amount_differs
    {
        return Err(V1Error::bad_request(
            "from, to or amount differ from the quote",
        ));
    }
    check_kyc(state, &quote)?;
    let payload_currency_from =
        match optional(&req.payload_currency_from, "payloadCurrencyFrom", 9)? {
            "" => pair.currency_from().ticker,
            ticker => ticker,
        };
    let payload_currency_to = match optional(&req.payload_currency_to, "payloadCurrencyTo", 9)? {
        "" => pair.currency_to().ticker,
        ticker => ticker,
    };
    let order = SwapOrder {
        pair,
        amount_from: quote.amount,
        amount_to: quote.terms.amount_to,
        refund_address,
        refund_extra_id,
        payout_address,
        payout_extra_id,
        payload_currency_from,
        payload_currency_to,
        nonce,
    };
    let signed = sign_swap(state, &order).map_err(|e| V1Error::bad_request(e.0))?;
    let swap_id = state.record_swap("v1", Some(quote_id.to_string()), quote.terms);
    let mut body = json!({
        "swapId": swap_id,
        "payinAddress": signed.payin_address,
        "providerSig": provider_sig(state, &signed.payload, &signed.signature),
    });
    if state.chooses(Variant::V1StatusByQuoteId) {
        body.as_object_mut().map(|o| o.remove("swapId"));
    }
    if let Some(memo) = signed.payin_extra_id {
        body["payinExtraId"] = json!(memo);
    }
    Ok(Json(body).into_response())
}

/// `providerSig`: the flattened JWS with its informational header (default), without it, or
/// the compact form `.<payload>.<signature>`.
fn provider_sig(state: &ProviderState, payload: &str, signature: &str) -> Value {
    if state.chooses(Variant::V1CompactJws) {
        return Value::String(format!(".{payload}.{signature}"));
    }
    let mut sig = json!({ "payload": payload, signature_key(state): signature });
    if !state.chooses(Variant::V1NoJwsHeader) {
        sig["header"] = if state.has(Fault::V1MissingAlg) {
            json!({ "kid": KEY_ID })
        } else {
            json!({ "alg": "ES256", "kid": KEY_ID })
        };
    }
    sig
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusRequest {
    #[serde(alias = "quoteID")]
    quote_id: Option<String>,
    swap_id: Option<String>,
}

/// `POST /status {swapId}` or `{quoteId}`: `open`/`expired` for a quote without a swap, then
/// `pending_recv`, `pending_settlement` and `finished` on successive polls of a swap.
pub(crate) async fn status(State(state): State<Arc<ProviderState>>, body: Bytes) -> Response {
    let response = answer_status(&state, &body).unwrap_or_else(IntoResponse::into_response);
    ok_as(&state, Fault::V1Status202, StatusCode::ACCEPTED, response)
}

fn answer_status(state: &ProviderState, body: &[u8]) -> Result<Response, V1Error> {
    let req: StatusRequest = parse_body(body)?;
    // A provider keyed by the quote id never reads a swap id.
    let req_swap_id = req
        .swap_id
        .filter(|_| !state.chooses(Variant::V1StatusByQuoteId));
    let found = {
        let mut swaps = state.swaps();
        let id = match (&req_swap_id, &req.quote_id) {
            (Some(swap_id), _) => swaps.contains_key(swap_id).then(|| swap_id.clone()),
            (None, Some(quote_id)) => swaps
                .iter()
                .find(|(_, s)| s.quote_id.as_deref() == Some(quote_id))
                .map(|(id, _)| id.clone()),
            (None, None) => return Err(V1Error::bad_request("swapId or quoteId is required")),
        };
        id.and_then(|id| {
            let swap = swaps.get_mut(&id)?;
            swap.polls += 1;
            Some((id, swap.clone()))
        })
    };
    let bad_state = state.has(Fault::V1StatusBadState);
    let Some((swap_id, swap)) = found else {
        // No swap yet: the quote alone is open, or expired.
        let Some(quote_id) = req.quote_id.filter(|_| req_swap_id.is_none()) else {
            return Err(V1Error::new(
                StatusCode::NOT_FOUND,
                "UNKNOWN_ERROR",
                "no such swap",
            ));
        };
        let expiry = state.quotes().get(&quote_id).map(|q| q.expiry);
        let Some(expiry) = expiry else {
            return Err(V1Error::rate_not_found(&quote_id));
        };
        let status = if bad_state {
            "waiting"
        } else if expiry > Utc::now() {
            "open"
        } else {
            "expired"
        };
        return Ok(
            Json(json!({ quote_id_key(state): quote_id, "status": status })).into_response(),
        );
    };
    let status = match swap.polls {
        _ if bad_state => "done",
        1 => "pending_recv",
        2 => "pending_settlement",
        _ if state.chooses(Variant::V1StatusCompleted) => "completed",
        _ => "finished",
    };
    Ok(Json(status_body(state, &swap_id, swap.quote_id, status)).into_response())
}

/// The status of a swap: `{swapId, status, quoteId}`, keyed by the quote id alone, or in the
/// `{provider, swapId, status}` form.
fn status_body(
    state: &ProviderState,
    swap_id: &str,
    quote_id: Option<String>,
    status: &str,
) -> Value {
    if state.chooses(Variant::V1StatusProviderForm) {
        return json!({ "provider": "reference", "swapId": swap_id, "status": status });
    }
    let mut body = if state.chooses(Variant::V1StatusByQuoteId) {
        json!({ "status": status })
    } else {
        json!({ "swapId": swap_id, "status": status })
    };
    if let Some(quote_id) = quote_id {
        body[quote_id_key(state)] = if state.has(Fault::V1StatusWrongQuoteId) {
            Value::String(state.ids.uuid())
        } else {
            Value::String(quote_id)
        };
    }
    body
}
