//! JSON answers and `ErrorPayload` errors of the current swap API, and its API-key check.

use super::faults::Fault;
use super::state::ProviderState;
use super::variants::Variant;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;

/// An `ErrorPayload {messageKey, message, additionalFields?}` still to be rendered.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message_key: &'static str,
    pub(crate) message: String,
    pub(crate) additional_fields: Option<Value>,
}

impl ApiError {
    /// An error with `status` and `message_key`.
    pub(crate) fn new(
        status: StatusCode,
        message_key: &'static str,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            message_key,
            message: message.into(),
            additional_fields: None,
        }
    }

    /// A 400 `INVALID_REQUEST` for a request the provider cannot read.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "INVALID_REQUEST", message)
    }

    /// A 500 `INTERNAL_ERROR`, for the faults that make an endpoint fail.
    pub(crate) fn internal() -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "the reference provider failed on purpose (fault)",
        )
    }

    /// A 404 with `message_key`.
    pub(crate) fn not_found(message_key: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, message_key, message)
    }

    /// The same error with another `messageKey`.
    pub(crate) fn with_key(mut self, message_key: &'static str) -> Self {
        self.message_key = message_key;
        self
    }

    /// The same error with `additionalFields`.
    pub(crate) fn with_fields(mut self, fields: Value) -> Self {
        self.additional_fields = Some(fields);
        self
    }
}

/// A handler outcome: a finished answer, or an error to render.
pub(crate) type Reply = Result<Response, ApiError>;

/// Renders the error side of a [`Reply`].
pub(crate) fn finish(state: &ProviderState, reply: Reply) -> Response {
    reply.unwrap_or_else(|e| error_reply(state, &e))
}

/// `body` as JSON with `status`, typed `application/json`.
pub(crate) fn json_reply(state: &ProviderState, status: StatusCode, body: &Value) -> Response {
    let scaled = super::reshape::swap_amounts(state, body);
    let body = scaled.as_ref().unwrap_or(body);
    let content_type = if state.has(Fault::TextContentType) {
        "text/plain; charset=utf-8"
    } else {
        "application/json"
    };
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body.to_string(),
    )
        .into_response()
}

/// `response` with an `application/json` content type retyped as text/plain when `text` is
/// true (the `*-text-content-type` faults of the APIs whose handlers answer with `axum::Json`).
pub(crate) fn json_as_text(text: bool, mut response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if text && is_json {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
    response
}

/// The JSON answer of `error`.
pub(crate) fn error_reply(state: &ProviderState, error: &ApiError) -> Response {
    let mut body = json!({ "messageKey": error.message_key, "message": error.message });
    if let Some(fields) = &error.additional_fields {
        body["additionalFields"] = fields.clone();
    }
    json_reply(state, error.status, &body)
}

/// Middleware: answers 401 `UNAUTHORIZED` unless `X-API-KEY` carries the API key.
pub(crate) async fn require_api_key(
    State(state): State<Arc<ProviderState>>,
    request: Request,
    next: Next,
) -> Response {
    let given = request.headers().get("x-api-key");
    let ok = given.is_some_and(|v| v.as_bytes() == state.api_key.as_bytes());
    if ok || state.has(Fault::NoAuth) {
        next.run(request).await
    } else {
        let message = if given.is_some() {
            "invalid X-API-KEY header"
        } else {
            "missing X-API-KEY header"
        };
        if state.chooses(Variant::GatewayAuthErrors) {
            return json_reply(
                &state,
                StatusCode::UNAUTHORIZED,
                &json!({ "message": "Unauthorized" }),
            );
        }
        let error = ApiError::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", message);
        error_reply(&state, &error)
    }
}
