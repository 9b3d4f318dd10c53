//! The seed-era swap API (2020–2023 "Swap / How to" page, spec §4.2), served under `/v1`.
//! Errors are `{code, error, description}`; `/check_quote` and `/swap` require
//! `Authorization: Bearer <token>`.

mod ip_check;
mod kyc_users;

pub(crate) use ip_check::{ACCEPTED_IP, REJECTED_IP};
pub(crate) use kyc_users::{KYC_USERS, UNKNOWN_USER_TOKEN};
mod quote;
mod swap;

pub(crate) use quote::check_kyc;

use super::faults::Fault;
use super::state::ProviderState;
use super::variants::Variant;
use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::map_response_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use std::sync::Arc;

/// The user's bearer token the reference provider accepts.
pub const BEARER_TOKEN: &str = "reference-bearer-token";

/// The `/v1` routes, to be nested by the caller.
pub(crate) fn router(state: Arc<ProviderState>) -> Router {
    Router::new()
        .route("/pairs", get(quote::pairs))
        .route("/quote", post(quote::quote))
        .route("/check_quote", post(quote::check_quote))
        .route("/swap", post(swap::swap))
        .route("/status", post(swap::status))
        .route("/ip_check", post(ip_check::ip_check))
        .layer(map_response_with_state(state.clone(), text_content_type))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_api_key,
        ))
        .with_state(state)
}

/// Under `v1-text-content-type`, JSON answers are typed text/plain.
async fn text_content_type(
    State(state): State<Arc<ProviderState>>,
    response: Response,
) -> Response {
    super::reply::json_as_text(state.has(Fault::V1TextContentType), response)
}

/// The key of the quote id in answers: `quoteId` (the example's), or `quoteID` (the prose's)
/// under `v1-quote-id-spelling`.
pub(crate) fn quote_id_key(state: &ProviderState) -> &'static str {
    if state.chooses(Variant::V1QuoteIdSpelling) {
        "quoteID"
    } else {
        "quoteId"
    }
}

/// Middleware: under `v1-api-key`, a 401 unless `X-API-KEY` carries the API key.
async fn require_api_key(
    State(state): State<Arc<ProviderState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let given = request.headers().get("x-api-key");
    if !state.chooses(Variant::V1ApiKey)
        || given.is_some_and(|v| v.as_bytes() == state.api_key.as_bytes())
    {
        return next.run(request).await;
    }
    V1Error::new(
        StatusCode::UNAUTHORIZED,
        "UNKNOWN_ERROR",
        "missing or invalid X-API-KEY header",
    )
    .into_response()
}

/// `response` with `status` in place of a 200 when `fault` is on (the `v1-*-20x` faults).
pub(crate) fn ok_as(
    state: &ProviderState,
    fault: Fault,
    status: StatusCode,
    response: Response,
) -> Response {
    let mut response = response;
    if state.has(fault) && response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

/// A seed-era error: `code` from the documented list, a short `error`, a `description`.
#[derive(Debug, Clone)]
pub(crate) struct V1Error {
    status: StatusCode,
    code: &'static str,
    error: String,
}

impl V1Error {
    pub(crate) fn new(status: StatusCode, code: &'static str, error: impl Into<String>) -> Self {
        V1Error {
            status,
            code,
            error: error.into(),
        }
    }

    /// The documented error code, e.g. `KYC_UPGRADE_REQUIRED`.
    pub(crate) fn code(&self) -> &'static str {
        self.code
    }

    /// 400 `UNKNOWN_ERROR` for a request that cannot be read.
    pub(crate) fn bad_request(error: impl Into<String>) -> Self {
        V1Error::new(StatusCode::BAD_REQUEST, "UNKNOWN_ERROR", error)
    }

    /// 404 `RATE_NOT_FOUND` for an unknown or expired quote.
    pub(crate) fn rate_not_found(quote_id: &str) -> Self {
        V1Error::new(
            StatusCode::NOT_FOUND,
            "RATE_NOT_FOUND",
            format!("no valid quote {quote_id}"),
        )
    }
}

impl IntoResponse for V1Error {
    fn into_response(self) -> Response {
        let description = format!("the reference provider refused the request: {}", self.error);
        let body = json!({ "code": self.code, "error": self.error, "description": description });
        (self.status, Json(body)).into_response()
    }
}

/// Checks the user's bearer token: the `Authorization` header, else the body's `bearerToken`.
/// A KYC test user's token is refused with its state's code (`kyc_users.rs`).
pub(crate) fn check_bearer(
    state: &ProviderState,
    headers: &HeaderMap,
    body_token: Option<&str>,
) -> Result<(), V1Error> {
    let from_header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let token = from_header.or(body_token);
    if let Some(refused) = token.and_then(|t| kyc_users::refusal(state, t)) {
        return Err(refused);
    }
    match token {
        Some(token) if token == BEARER_TOKEN || super::widgets::token::issued(token) => Ok(()),
        Some(token) if kyc_users::KYC_USERS.iter().any(|u| u.1 == token) => Ok(()),
        Some(_) => Err(V1Error::new(
            StatusCode::UNAUTHORIZED,
            "UNKNOW_USER",
            "unknown bearer token",
        )),
        None => Err(V1Error::new(
            StatusCode::UNAUTHORIZED,
            "UNKNOW_USER",
            "missing bearer token",
        )),
    }
}

/// Parses a JSON body, or a 400.
pub(crate) fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, V1Error> {
    serde_json::from_slice(body).map_err(|e| V1Error::bad_request(format!("malformed body: {e}")))
}
