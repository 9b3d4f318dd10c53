//! `POST /swap/fixed` and `POST /swap/float`: a new swap with a deposit address and the
//! signed device payload (`providerSig`).

use super::quote::check_limits;
use crate::provider::catalog::{Currency, PAIRS, Pair, Terms, currency, dec};
use crate::provider::decimal::Dec;
use crate::provider::faults::Fault;
use crate::provider::legacy_sig::{parse_legacy_nonce, sign_legacy_swap};
use crate::provider::nonce::parse_nonce;
use crate::provider::provider_sig::{SwapOrder, sign_swap};
use crate::provider::reply::{ApiError, Reply, finish, json_reply};
use crate::provider::state::ProviderState;
use crate::provider::variants::Variant;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// The fields of both swap requests; `quoteId` is for fixed, `amount` for float.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SwapRequest {
    quote_id: Option<String>,
    amount: Option<String>,
    refund_address: Option<String>,
    payout_address: Option<String>,
    refund_address_extra_id: Option<String>,
    payout_address_extra_id: Option<String>,
    currency_from: Option<String>,
    currency_to: Option<String>,
    payload_currency_from: Option<String>,
    payload_currency_to: Option<String>,
    nonce: Option<String>,
    #[expect(
        dead_code,
        reason = "accepted and ignored: the reference provider never slips"
    )]
    slippage: Option<String>,
}

/// `POST /swap/fixed`.
pub(crate) async fn swap_fixed(State(state): State<Arc<ProviderState>>, body: Bytes) -> Response {
    finish(&state, answer(&state, &body, true))
}

/// `POST /swap/float`.
pub(crate) async fn swap_float(State(state): State<Arc<ProviderState>>, body: Bytes) -> Response {
    finish(&state, answer(&state, &body, false))
}

/// The device nonce of a request: 32 bytes (NG flow) or 10 letters (legacy flow).
enum DeviceNonce {
    Ng([u8; 32]),
    Legacy([u8; 10]),
}

/// The nonce as the provider's flow expects it, or a 400.
fn device_nonce(state: &ProviderState, text: &str) -> Result<DeviceNonce, ApiError> {
    if state.legacy {
        parse_legacy_nonce(text)
            .map(DeviceNonce::Legacy)
            .ok_or_else(|| ApiError::bad_request("nonce must be 10 letters A to Z (legacy flow)"))
    } else {
        parse_nonce(text).map(DeviceNonce::Ng).ok_or_else(|| {
            ApiError::bad_request("nonce must be 32 bytes as 64 hex digits or base64url")
        })
    }
}

/// A required non-empty string field, or a 400 naming it.
fn required<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, ApiError> {
    match value.as_deref() {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(ApiError::bad_request(format!("{name} is required"))),
    }
}

/// A string that must fit a device payload field of `max` characters.
fn fits(value: &str, name: &str, max: usize) -> Result<(), ApiError> {
    if value.len() > max || value.contains('\0') {
        return Err(ApiError::bad_request(format!(
            "{name} must be at most {max} characters"
        )));
    }
    Ok(())
}

fn answer(state: &ProviderState, body: &[u8], fixed: bool) -> Reply {
    let req: SwapRequest = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("malformed body: {e}")))?;
    let refund_address = required(&req.refund_address, "refundAddress")?;
    let payout_address = required(&req.payout_address, "payoutAddress")?;
    let currency_from = required(&req.currency_from, "currencyFrom")?;
    let currency_to = required(&req.currency_to, "currencyTo")?;
    let payload_currency_from = required(&req.payload_currency_from, "payloadCurrencyFrom")?;
    let payload_currency_to = required(&req.payload_currency_to, "payloadCurrencyTo")?;
    let nonce_text = required(&req.nonce, "nonce")?;
    let refund_extra_id = req.refund_address_extra_id.as_deref().unwrap_or("");
    let payout_extra_id = req.payout_address_extra_id.as_deref().unwrap_or("");
    fits(refund_address, "refundAddress", 150)?;
    fits(payout_address, "payoutAddress", 150)?;
    fits(refund_extra_id, "refundAddressExtraId", 19)?;
    fits(payout_extra_id, "payoutAddressExtraId", 19)?;
    fits(payload_currency_from, "payloadCurrencyFrom", 9)?;
    fits(payload_currency_to, "payloadCurrencyTo", 9)?;
    let nonce = device_nonce(state, nonce_text)?;
    let from = find_currency(currency_from, "CURRENCY_FROM_NOT_FOUND_ERROR")?;
    let to = find_currency(currency_to, "CURRENCY_TO_NOT_FOUND_ERROR")?;
    let (pair, amount, terms, quote_id) = if fixed {
        let (pair, amount, terms, quote_id) = fixed_terms(state, from, to, &req.quote_id)?;
        if pair.from != from.id || pair.to != to.id {
            return Err(ApiError::bad_request(
                "currencyFrom and currencyTo differ from the quote",
            ));
        }
        (pair, amount, terms, Some(quote_id))
    } else if state.chooses(Variant::FixedOnly) {
        return Err(
            ApiError::bad_request("this provider trades at fixed rates only")
                .with_key("TRADE_METHOD_NOT_SUPPORTED"),
        );
    } else {
        let (pair, amount, terms) = float_terms(state, from, to, &req.amount)?;
        (pair, amount, terms, None)
    };
    let order = SwapOrder {
        pair,
        amount_from: amount,
        amount_to: terms.amount_to,
        refund_address,
        refund_extra_id,
        payout_address,
        payout_extra_id,
        payload_currency_from,
        payload_currency_to,
        nonce: (),
    };
    let signed = match nonce {
        DeviceNonce::Ng(n) => sign_swap(state, &order.with_nonce(n)),
        DeviceNonce::Legacy(n) => sign_legacy_swap(state, &order.with_nonce(n)),
    }
    .map_err(|e| ApiError::bad_request(e.0))?;
    let swap_id = state.record_swap("v2", quote_id, terms);
    let mut body = json!({
        "swapId": swap_id,
        "payinAddress": signed.payin_address,
        "createdAt": super::time::created_at(state, Utc::now()),
        "providerFees": terms.provider_fees.to_string(),
        "referralFees": terms.referral_fees.to_string(),
        "payoutNetworkFees": terms.payout_network_fees.to_string(),
        "providerSig": { "payload": signed.payload, signature_key(state): signed.signature },
    });
    if state.has(Fault::SwapMissingCreatedAt) {
        body.as_object_mut().map(|o| o.remove("createdAt"));
    }
    if let Some(memo) = signed.payin_extra_id {
        body["payinExtraId"] = json!(memo);
    }
    let status = if state.has(Fault::Swap201) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(json_reply(state, status, &body))
}

/// The key of the signature in `providerSig`.
pub(crate) fn signature_key(state: &ProviderState) -> &'static str {
    if state.has(Fault::PayloadSignatureKey) {
        "payload_signature"
    } else {
        "signature"
    }
}

fn find_currency(id: &str, key: &'static str) -> Result<&'static Currency, ApiError> {
    currency(id).ok_or_else(|| ApiError::not_found(key, format!("unknown currency {id}")))
}

/// The terms of a stored, unexpired fixed quote.
fn fixed_terms(
    state: &ProviderState,
    from: &Currency,
    to: &Currency,
    quote_id: &Option<String>,
) -> Result<(&'static Pair, Dec, Terms, String), ApiError> {
    let quote_id = required(quote_id, "quoteId")?;
    let quote = state
        .quotes()
        .get(quote_id)
        .filter(|q| q.expiry > Utc::now())
        .cloned();
    if let Some(quote) = quote {
        return Ok((quote.pair, quote.amount, quote.terms, quote_id.to_string()));
    }
    if state.has(Fault::UnknownQuote200) {
        // Pretend a quote of the pair's minimum existed.
        let pair = state.catalog.pair(from.id, to.id).unwrap_or(&PAIRS[0]);
        if let Some(terms) = pair.terms(dec(pair.min)) {
            return Ok((pair, dec(pair.min), terms, quote_id.to_string()));
        }
    }
    Err(ApiError::not_found(
        "SWAP_QUOTE_NOT_FOUND_ERROR",
        format!("no valid quote {quote_id}"),
    ))
}

/// The terms of a float swap of `amount`, checked against the pair's limits.
fn float_terms(
    state: &ProviderState,
    from: &Currency,
    to: &Currency,
    amount: &Option<String>,
) -> Result<(&'static Pair, Dec, Terms), ApiError> {
    let amount = required(amount, "amount")?;
    let amount = Dec::parse(amount)
        .ok_or_else(|| ApiError::bad_request("amount must be a decimal string"))?;
    let pair = state.catalog.pair(from.id, to.id).ok_or_else(|| {
        ApiError::not_found(
            "SWAP_PAIR_NOT_FOUND_ERROR",
            format!("pair {} to {} is not available", from.id, to.id),
        )
    })?;
    check_limits(state, pair, amount)?;
    let terms = pair
        .terms(amount)
        .ok_or_else(|| ApiError::bad_request("amount too small to cover the fees"))?;
    Ok((pair, amount, terms))
}
