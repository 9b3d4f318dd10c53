//! `GET /status?swapId=`: `PENDING` on the first two asks of a swap (the suite asks once after
//! the swap, then polls), `FINISHED` afterwards.

use crate::provider::faults::Fault;
use crate::provider::reply::{ApiError, Reply, finish, json_reply};
use crate::provider::state::ProviderState;
use crate::provider::variants::Variant;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

/// `GET /status?swapId=`.
pub(crate) async fn status(State(state): State<Arc<ProviderState>>, params: Params) -> Response {
    finish(&state, answer(&state, params))
}

fn answer(state: &ProviderState, params: Params) -> Reply {
    let Query(params) = params.map_err(|e| ApiError::bad_request(format!("bad query: {e}")))?;
    let swap_id = params
        .get("swapId")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("swapId is required"))?;
    let swap = {
        let mut swaps = state.swaps();
        swaps.get_mut(swap_id).map(|s| {
            s.polls += 1;
            s.clone()
        })
    };
    let Some(swap) = swap else {
        if state.has(Fault::StatusUnknown200) {
            let body = json!({
                "status": "PENDING",
                "amount": "0",
                "payinTransactionId": "",
                "payoutTransactionId": "",
                "providerFees": "0",
                "referralFees": "0",
                "payoutNetworkFees": "0",
            });
            return Ok(json_reply(state, StatusCode::OK, &body));
        }
        return Err(ApiError::not_found(
            "SWAP_TRANSACTION_NOT_FOUND_ERROR",
            format!("no swap {swap_id}"),
        ));
    };
    let status = if state.has(Fault::StatusBadEnum) {
        "COMPLETED"
    } else if swap.polls <= 2 || state.chooses(Variant::StatusStaysPending) {
        "PENDING"
    } else if swap.polls == 3 && state.chooses(Variant::StatusOnHold) {
        "ON_HOLD"
    } else {
        "FINISHED"
    };
    let mut body = json!({
        "status": status,
        "amount": swap.terms.amount_to.to_string(),
        "payinTransactionId": swap.payin_tx,
        "payoutTransactionId": swap.payout_tx,
        "providerFees": swap.terms.provider_fees.to_string(),
        "referralFees": swap.terms.referral_fees.to_string(),
        "payoutNetworkFees": swap.terms.payout_network_fees.to_string(),
    });
    if let Some(quote_id) = swap
        .quote_id
        .filter(|_| !state.chooses(Variant::StatusWithoutQuoteId))
    {
        body["quoteId"] = if state.has(Fault::StatusWrongQuoteId) {
            json!(state.ids.uuid())
        } else {
            json!(quote_id)
        };
    }
    if status == "PENDING" && state.has(Fault::StatusPendingMissingFees) {
        body.as_object_mut().map(|o| o.remove("payoutNetworkFees"));
    }
    let code = if state.has(Fault::Status202) {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok(json_reply(state, code, &body))
}
