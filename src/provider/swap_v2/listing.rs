//! `GET /currencies` and `GET /pairs`: static lists, paginated with `limit` and an opaque
//! `cursor`; `next_cursor` is null on the last page.

use crate::provider::catalog::{Currency, PAIRS, Pair};
use crate::provider::faults::Fault;
use crate::provider::reply::{ApiError, Reply, error_reply, finish, json_reply};
use crate::provider::state::ProviderState;
use crate::provider::variants::Variant;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// Page size when the request gives no `limit`: small, so pagination really happens.
pub(crate) const DEFAULT_LIMIT: usize = 2;
const MAX_LIMIT: usize = 100;

type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

/// `GET /currencies?limit&cursor` → `{currencies: [...], next_cursor}`.
pub(crate) async fn currencies(
    State(state): State<Arc<ProviderState>>,
    params: Params,
) -> Response {
    if state.has(Fault::Currencies500) {
        return error_reply(&state, &ApiError::internal());
    }
    let listed_currencies = &state.catalog.currencies;
    let extra = usize::from(state.has(Fault::CurrencyNotInLedgerList));
    let item = |i: usize| match listed_currencies.get(i) {
        Some(c) => currency_json(&state, c),
        None => json!({ "id": "plasma-coin", "type": "coin", "blockchain": "plasmaverse" }),
    };
    let len = listed_currencies.len() + extra;
    if state.has(Fault::CurrenciesBareArray) {
        return json_reply(&state, StatusCode::OK, &(0..len).map(item).collect());
    }
    finish(&state, listed(&state, params, "currencies", len, item))
}

/// One `/currencies` item.
fn currency_json(state: &ProviderState, c: &Currency) -> Value {
    let mut v = json!({ "id": c.id, "type": c.kind(), "blockchain": c.blockchain });
    if let Some(chain_id) = c.chain_id {
        v["chainId"] = json!(chain_id);
        if state.chooses(Variant::EvmChainIdOnly) {
            v.as_object_mut().map(|o| o.remove("blockchain"));
        }
    }
    if let Some(contract) = c.contract {
        v["contract"] = json!(contract);
    }
    if state.has(Fault::BtcListedOnEthereum) && c.id == "btc" {
        v["chainId"] = json!(1);
    }
    v
}

/// `GET /pairs?limit&cursor` → `{pairs: [...], next_cursor}`. Only the asked page is
/// rendered, so reading every page of `serve --pairs N` costs O(N), not O(N²).
pub(crate) async fn pairs(State(state): State<Arc<ProviderState>>, params: Params) -> Response {
    if state.has(Fault::Pairs500) {
        return error_reply(&state, &ApiError::internal());
    }
    let catalog: &[&Pair] = &state.catalog.pairs;
    let changed = state.has(Fault::MissingProfilePair)
        || state.has(Fault::PairsDuplicate)
        || state.has(Fault::PairsEmpty);
    let listed_pairs: Cow<'_, [&Pair]> = if changed {
        let mut v = catalog.to_vec();
        if state.has(Fault::MissingProfilePair) {
            v.retain(|p| (p.from, p.to) != ("btc", "eth"));
        }
        if state.has(Fault::PairsDuplicate) {
            v.push(&PAIRS[0]);
        }
        if state.has(Fault::PairsEmpty) {
            v.clear();
        }
        Cow::Owned(v)
    } else {
        Cow::Borrowed(catalog)
    };
    let extra = usize::from(state.has(Fault::PairsUnlistedCurrency));
    let item = |i: usize| match listed_pairs.get(i) {
        Some(p) => pair_json(&state, p),
        None => json!({
            "from": "btc",
            "to": "zec",
            "tradeMethod": trade_methods(&state),
            "minSwapAmount": "0.001",
            "maxSwapAmount": "1",
        }),
    };
    let len = listed_pairs.len() + extra;
    finish(&state, listed(&state, params, "pairs", len, item))
}

/// One `/pairs` item.
fn pair_json(state: &ProviderState, p: &Pair) -> Value {
    let (min, max) = if state.has(Fault::PairsMinAboveMax) {
        (p.max, p.min)
    } else {
        (p.min, p.max)
    };
    let mut pair = json!({
        "from": p.from,
        "to": p.to,
        "tradeMethod": trade_methods(state),
        "minSwapAmount": min,
        "maxSwapAmount": max,
    });
    if state.has(Fault::PairsMissingTradeMethod) {
        pair.as_object_mut().map(|o| o.remove("tradeMethod"));
    }
    pair
}

/// The trade methods every pair advertises.
fn trade_methods(state: &ProviderState) -> Value {
    if state.chooses(Variant::FixedOnly) {
        json!(["fixed"])
    } else if state.chooses(Variant::FloatOnly) {
        json!(["float"])
    } else {
        json!(["fixed", "float"])
    }
}

/// One page of the `len` items under key `name`, per the `limit` and `cursor` parameters;
/// `item(i)` renders item `i`, and only the page's items are rendered.
fn listed(
    state: &ProviderState,
    params: Params,
    name: &str,
    len: usize,
    item: impl Fn(usize) -> Value,
) -> Reply {
    let Query(params) = params.map_err(|e| ApiError::bad_request(format!("bad query: {e}")))?;
    let limit = match params.get("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| ApiError::bad_request(format!("limit must be 1 to {MAX_LIMIT}")))?,
    };
    let start = match params.get("cursor").map(String::as_str) {
        None | Some("") => 0,
        Some(cursor) => decode_cursor(cursor)
            .filter(|n| *n < len)
            .ok_or_else(|| ApiError::bad_request("unknown cursor"))?,
    };
    let limit = if state.chooses(Variant::OneItemPages) {
        1
    } else {
        limit
    };
    let end = (start + limit).min(len);
    let next = if end < len {
        Some(encode_cursor(end))
    } else if state.has(Fault::PairsCursorLoop) && name == "pairs" {
        Some(encode_cursor(0))
    } else {
        None
    };
    let page: Vec<Value> = (start..end).map(item).collect();
    let mut body = json!({ name: page });
    body["next_cursor"] = json!(next);
    Ok(json_reply(state, StatusCode::OK, &body))
}

/// The cursor of the page starting at item `offset`.
pub(crate) fn encode_cursor(offset: usize) -> String {
    format!("page-{offset}")
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    cursor.strip_prefix("page-")?.parse().ok()
}
