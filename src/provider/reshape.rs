//! JSON answers rewritten for the variants that concern their form, not their content: extra
//! fields, key order and the `charset` parameter (every API), and the scale of decimal amounts
//! (the current swap API). The value of every documented field stays the same.

use super::state::ProviderState;
use super::variants::Variant;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use std::sync::Arc;

/// The extra field of the `extra-fields` variant.
const EXTRA_FIELD: (&str, &str) = ("referenceNote", "a field no document defines");

/// Largest body rewritten; the provider's own answers are a few kilobytes.
const MAX_BODY: usize = 1024 * 1024;

/// The fractional digits of amounts under `full-scale-amounts`.
const FULL_SCALE: usize = 18;

/// The keys of the current swap API whose values are decimal amounts.
const AMOUNT_KEYS: &[&str] = &[
    "amount",
    "amountTo",
    "providerFees",
    "referralFees",
    "payoutNetworkFees",
    "minAmountFrom",
    "maxAmountFrom",
    "minSwapAmount",
    "maxSwapAmount",
    "minRequiredAmount",
    "maxRequiredAmount",
];

/// Middleware of the whole app: applies `extra-fields`, `reversed-key-order` and
/// `charset-content-type` to every `application/json` answer.
pub(crate) async fn every_api(
    State(state): State<Arc<ProviderState>>,
    response: Response,
) -> Response {
    let extra = state.chooses(Variant::ExtraFields);
    let reverse = state.chooses(Variant::ReversedKeyOrder);
    let charset = state.chooses(Variant::CharsetContentType);
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == b"application/json");
    if !is_json || !(extra || reverse || charset) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let body = if extra || reverse {
        let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
            return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(mut json) => {
                if extra {
                    add_extra_field(&mut json);
                }
                if reverse {
                    json = reversed(json);
                }
                parts.headers.remove(header::CONTENT_LENGTH);
                Body::from(json.to_string())
            }
            Err(_) => Body::from(bytes),
        }
    } else {
        body
    };
    if charset {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
    }
    Response::from_parts(parts, body)
}

/// Adds the extra field to a top-level object, or to each object of a top-level list.
fn add_extra_field(json: &mut Value) {
    let (key, value) = EXTRA_FIELD;
    match json {
        Value::Object(map) => {
            map.insert(key.to_string(), Value::from(value));
        }
        Value::Array(items) => {
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                item.insert(key.to_string(), Value::from(value));
            }
        }
        _ => {}
    }
}

/// `json` with the keys of every object in reverse order.
fn reversed(json: Value) -> Value {
    match json {
        Value::Object(map) => {
            let pairs: Vec<(String, Value)> = map.into_iter().collect();
            let map: Map<String, Value> = pairs
                .into_iter()
                .rev()
                .map(|(k, v)| (k, reversed(v)))
                .collect();
            Value::Object(map)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(reversed).collect()),
        other => other,
    }
}

/// A body of the current swap API with its amounts at full scale under `full-scale-amounts`.
pub(crate) fn swap_amounts(state: &ProviderState, body: &Value) -> Option<Value> {
    if !state.chooses(Variant::FullScaleAmounts) {
        return None;
    }
    let mut body = body.clone();
    full_scale(&mut body);
    Some(body)
}

/// Rewrites every decimal-string amount (by key, at any depth) with `FULL_SCALE` digits.
fn full_scale(json: &mut Value) {
    match json {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(text) if AMOUNT_KEYS.contains(&key.as_str()) => {
                        if let Some(scaled) = at_scale(text, FULL_SCALE) {
                            *text = scaled;
                        }
                    }
                    other => full_scale(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(full_scale),
        _ => {}
    }
}

/// `text` (a plain decimal string) with trailing zeros up to `scale` fractional digits; `None`
/// when it is not a decimal string or already has more digits.
fn at_scale(text: &str, scale: usize) -> Option<String> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > scale {
        return None;
    }
    Some(format!("{int}.{frac:0<scale$}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_reversed_at_every_depth() {
        let v = reversed(json!({"a": 1, "b": {"c": 2, "d": [{"e": 3, "f": 4}]}}));
        assert_eq!(v.to_string(), r#"{"b":{"d":[{"f":4,"e":3}],"c":2},"a":1}"#);
    }

    #[test]
    fn the_extra_field_goes_on_top_level_objects_only() {
        let mut v = json!({"pairs": [{"from": "btc"}]});
        add_extra_field(&mut v);
        assert_eq!(v["referenceNote"], EXTRA_FIELD.1);
        assert!(v["pairs"][0].get("referenceNote").is_none());
        let mut v = json!([{"from": "btc"}, "x"]);
        add_extra_field(&mut v);
        assert_eq!(v[0]["referenceNote"], EXTRA_FIELD.1);
        assert_eq!(v[1], "x");
    }

    #[test]
    fn amounts_keep_their_value_at_full_scale() {
        assert_eq!(at_scale("0.29", 4).as_deref(), Some("0.2900"));
        assert_eq!(at_scale("20", 2).as_deref(), Some("20.00"));
        assert_eq!(at_scale("0.123", 2), None);
        assert_eq!(at_scale("1e5", 2), None);
        assert_eq!(at_scale("", 2), None);
        let mut v = json!({"amountTo": "4.5", "tradeMethod": "fixed", "additionalFields": {"minRequiredAmount": "1"}});
        full_scale(&mut v);
        assert_eq!(v["amountTo"], "4.500000000000000000");
        assert_eq!(v["tradeMethod"], "fixed");
        assert_eq!(
            v["additionalFields"]["minRequiredAmount"],
            "1.000000000000000000"
        );
    }
}
