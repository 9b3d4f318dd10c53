//! `POST /quote {from, to, amount, tradeMethod?}`: a fixed quote (default, with `quoteId`)
//! or a float quote, every amount a decimal string in whole coins.

use crate::provider::catalog::{PAIRS, Pair, dec};
use crate::provider::decimal::Dec;
use crate::provider::faults::Fault;
use crate::provider::reply::{ApiError, Reply, finish, json_reply};
use crate::provider::state::{ProviderState, StoredQuote};
use crate::provider::variants::Variant;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Duration, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;

/// How long a fixed quote stays valid.
pub(crate) const QUOTE_VALIDITY: Duration = Duration::minutes(10);

/// The expiry advertised under the `quote-short-expiry` fault.
const SHORT_VALIDITY: Duration = Duration::seconds(20);

/// The delay of the `slow-quote` fault, above the 5 s latency budget.
const SLOW_QUOTE_DELAY: std::time::Duration = std::time::Duration::from_secs(6);

/// The quote fields that are amounts (turned into JSON numbers by `quote-amounts-as-numbers`).
const AMOUNT_FIELDS: &[&str] = &[
    "amount",
    "amountTo",
    "providerFees",
    "referralFees",
    "payoutNetworkFees",
    "minAmountFrom",
    "maxAmountFrom",
];

/// The optional quote fields left out under `quote-required-fields-only`.
const OPTIONAL_FIELDS: &[&str] = &[
    "amount",
    "minAmountFrom",
    "maxAmountFrom",
    "defaultSlippage",
    "minSlippage",
    "maxSlippage",
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QuoteRequest {
    from: Option<String>,
    to: Option<String>,
    amount: Option<String>,
    trade_method: Option<String>,
}

/// `POST /quote`.
pub(crate) async fn quote(State(state): State<Arc<ProviderState>>, body: Bytes) -> Response {
    if state.has(Fault::SlowQuote) {
        tokio::time::sleep(SLOW_QUOTE_DELAY).await;
    }
    finish(&state, answer(&state, &body))
}

fn answer(state: &ProviderState, body: &[u8]) -> Reply {
    let req: QuoteRequest = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("malformed body: {e}")))?;
    let (Some(from), Some(to), Some(amount)) = (req.from, req.to, req.amount) else {
        return Err(ApiError::bad_request("from, to and amount are required"));
    };
    let fixed = match req.trade_method.as_deref() {
        None | Some("fixed") => true,
        Some("float") => state.has(Fault::FloatQuoteIsFixed),
        Some(_) => return Err(ApiError::bad_request("tradeMethod must be fixed or float")),
    };
    // A provider with one trade method quotes it whatever is asked (`float-quote-is-fixed`
    // still answers a fixed quote to a float request, under `float-only` too).
    let fixed = (fixed || state.chooses(Variant::FixedOnly))
        && (!state.chooses(Variant::FloatOnly) || state.has(Fault::FloatQuoteIsFixed));
    let trade_method = if fixed && !state.has(Fault::FixedQuoteIsFloat) {
        "fixed"
    } else {
        "float"
    };
    let mut amount = Dec::parse(&amount)
        .ok_or_else(|| ApiError::bad_request("amount must be a decimal string"))?;
    let unquotable = state.has(Fault::SweepUnquotablePair) && (&*from, &*to) == ("btc", "usdt");
    let pair = match state.catalog.pair(&from, &to).filter(|_| !unquotable) {
        Some(p) => p,
        None if state.has(Fault::UnknownPair200) => {
            // Quote something anyway, on the first pair and within its limits.
            let p = &PAIRS[0];
            amount = amount.max(dec(p.min)).min(dec(p.max));
            p
        }
        None => {
            return Err(ApiError::not_found(
                "SWAP_PAIR_NOT_FOUND_ERROR",
                format!("pair {from} to {to} is not available"),
            ));
        }
    };
    check_limits(state, pair, amount)?;
    let terms = pair
        .terms(amount)
        .ok_or_else(|| ApiError::bad_request("amount too small to cover the fees"))?;
    let expiry = Utc::now() + QUOTE_VALIDITY;
    let advertised = if state.has(Fault::QuoteShortExpiry) {
        Utc::now() + SHORT_VALIDITY
    } else {
        expiry
    };
    let (min, max) = if state.has(Fault::MinAboveMax) {
        (pair.max, pair.min)
    } else {
        (pair.min, pair.max)
    };
    let mut body = json!({
        "amount": amount.to_string(),
        "amountTo": terms.amount_to.to_string(),
        "providerFees": terms.provider_fees.to_string(),
        "referralFees": terms.referral_fees.to_string(),
        "payoutNetworkFees": terms.payout_network_fees.to_string(),
        "tradeMethod": trade_method,
        "expiry": super::time::expiry(state, advertised),
        "minAmountFrom": min,
        "maxAmountFrom": max,
        "defaultSlippage": "0.01",
        "minSlippage": "0.005",
        "maxSlippage": "0.05",
    });
    if let Some(o) = body.as_object_mut()
        && state.chooses(Variant::QuoteRequiredFieldsOnly)
    {
        OPTIONAL_FIELDS.iter().for_each(|k| drop(o.remove(*k)));
    }
    if let Some(Value::String(echo)) = body.get_mut("amount")
        && state.has(Fault::QuoteAmountNotEchoed)
    {
        echo.push('1');
    }
    if state.has(Fault::QuoteMissingExpiry) {
        body.as_object_mut().map(|o| o.remove("expiry"));
    }
    if state.has(Fault::QuoteAmountsAsNumbers) {
        // Only the amounts the quote has: a field a variant leaves out stays out.
        for key in AMOUNT_FIELDS {
            if let Some(v) = body.get_mut(*key) {
                let number = v.as_str().and_then(|s| s.parse::<f64>().ok());
                *v = json!(number);
            }
        }
    }
    if fixed {
        let quote_id = state.ids.uuid();
        if !state.has(Fault::QuoteMissingQuoteId) {
            body["quoteId"] = Value::String(quote_id.clone());
        }
        state.quotes().insert(
            quote_id,
            StoredQuote {
                pair,
                amount,
                terms,
                expiry,
            },
        );
    } else if state.chooses(Variant::FloatQuoteId) {
        body["quoteId"] = Value::String(state.ids.uuid());
    }
    let status = if state.has(Fault::Quote201) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(json_reply(state, status, &body))
}

/// 400 `FROM_CURRENCY_MINIMUM_AMOUNT_ERROR` / `FROM_CURRENCY_MAXIMUM_AMOUNT_ERROR` when
/// `amount` is outside the pair's limits, or not representable in the `from` decimals.
pub(crate) fn check_limits(
    state: &ProviderState,
    pair: &Pair,
    amount: Dec,
) -> Result<(), ApiError> {
    let limit_error = |key: &'static str, message: String| {
        let error = ApiError::new(StatusCode::BAD_REQUEST, key, message);
        if state.has(Fault::MissingAdditionalFields) {
            error
        } else {
            error.with_fields(
                json!({ "minRequiredAmount": pair.min, "maxRequiredAmount": pair.max }),
            )
        }
    };
    // `sweep-narrow-limits`: the real minimum of eth→btc is ten times the advertised one.
    let min = if state.has(Fault::SweepNarrowLimits) && (pair.from, pair.to) == ("eth", "btc") {
        dec(pair.min)
            .mul_truncated(dec("10"), 18)
            .unwrap_or(dec(pair.max))
    } else {
        dec(pair.min)
    };
    if amount < min {
        let key = if state.has(Fault::WrongMinimumErrorKey) {
            "TO_CURRENCY_MINIMUM_AMOUNT_ERROR"
        } else {
            "FROM_CURRENCY_MINIMUM_AMOUNT_ERROR"
        };
        return Err(limit_error(
            key,
            format!("amount is below the minimum of {} {}", pair.min, pair.from),
        ));
    }
    if amount > dec(pair.max) {
        // The prose page's key from before the 2024-08-14 rename.
        let key = if state.has(Fault::WrongMaximumErrorKey) {
            "TO_CURRENCY_MAXIMUM_AMOUNT_ERROR"
        } else {
            "FROM_CURRENCY_MAXIMUM_AMOUNT_ERROR"
        };
        return Err(limit_error(
            key,
            format!("amount is above the maximum of {} {}", pair.max, pair.from),
        ));
    }
    let decimals = pair.currency_from().decimals;
    if amount.to_base_units(decimals).is_none() {
        return Err(ApiError::bad_request(format!(
            "amount has more than {decimals} decimals"
        )));
    }
    Ok(())
}
