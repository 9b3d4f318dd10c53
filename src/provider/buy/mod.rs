//! The buy provider API ("Buy Provider Server" 1.0, spec §5), served under `/buy`.
//! `/quote` and `/buy-redirect` require `X-API-KEY`; the two lists are public.

mod capabilities;
mod quote;

pub(crate) use quote::WIDGET_ORIGIN;

use super::faults::Fault;
use super::state::ProviderState;
use super::variants::Variant;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{Next, from_fn_with_state, map_response_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use std::sync::Arc;

/// The `/buy` routes, to be nested by the caller.
pub(crate) fn router(state: Arc<ProviderState>) -> Router {
    let protected = Router::new()
        .route("/quote", get(quote::quote))
        .route("/buy-redirect", get(quote::buy_redirect))
        .route_layer(from_fn_with_state(state.clone(), require_api_key));
    let lists = Router::new()
        .route("/capabilities", get(capabilities::capabilities))
        .route("/crypto-currencies", get(capabilities::crypto_currencies))
        .route_layer(from_fn_with_state(state.clone(), lists_api_key));
    Router::new()
        .merge(lists)
        .merge(protected)
        .layer(map_response_with_state(state.clone(), text_content_type))
        .layer(map_response_with_state(state.clone(), json_400))
        .with_state(state)
}

/// Under `buy-text-content-type`, JSON answers are typed text/plain.
async fn text_content_type(
    State(state): State<Arc<ProviderState>>,
    response: Response,
) -> Response {
    super::reply::json_as_text(state.has(Fault::BuyTextContentType), response)
}

/// Under `buy-json-400`, a text/plain 400 becomes a `ProviderServerError {code: 400, message}`.
async fn json_400(State(state): State<Arc<ProviderState>>, response: Response) -> Response {
    let is_text = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/plain"));
    if !state.chooses(Variant::BuyJson400)
        || response.status() != StatusCode::BAD_REQUEST
        || !is_text
    {
        return response;
    }
    let message = match axum::body::to_bytes(response.into_body(), 64 * 1024).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => "bad request".to_string(),
    };
    let body = json!({ "code": 400, "message": message });
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

/// Middleware of the two lists: public, except under `buy-api-key-everywhere`.
async fn lists_api_key(
    State(state): State<Arc<ProviderState>>,
    request: Request,
    next: Next,
) -> Response {
    if state.chooses(Variant::BuyApiKeyEverywhere) {
        require_api_key(State(state), request, next).await
    } else {
        next.run(request).await
    }
}

/// 500 with a `ProviderServerError {code, message}`.
pub(crate) fn internal_error() -> Response {
    let body =
        json!({ "code": 500, "message": "the reference provider failed on purpose (fault)" });
    (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response()
}

/// Middleware: 401 with a `ProviderServerError {code, message}` unless `X-API-KEY` matches.
async fn require_api_key(
    State(state): State<Arc<ProviderState>>,
    request: Request,
    next: Next,
) -> Response {
    let given = request.headers().get("x-api-key");
    if given.is_some_and(|v| v.as_bytes() == state.api_key.as_bytes())
        || state.has(Fault::BuyNoAuth)
    {
        return next.run(request).await;
    }
    let body = json!({ "code": 401, "message": "missing or invalid X-API-KEY header" });
    (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response()
}
