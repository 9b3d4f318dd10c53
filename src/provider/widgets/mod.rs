//! The reference provider's widgets, served under `/widgets` (no API key: Ledger Live loads
//! them as pages). Conforming by default, in Ledger Live's contract for login
//! (`window.ledger.setToken` then `closeWidget`) and the seed's for KYC (`?quoteId=` and
//! `&bearerToken=`, answered with `postMessage({code})`); the `widgets-post-message` variant
//! logs in with the seed's `postMessage({user_id, bearer_token})` instead. The `widget-*`
//! faults each break one rule of the `WIDGET-*` checks.
//!
//! The buy widget is `/widgets/ramp/widget`: `/buy/buy-redirect` names it under its public
//! https address, and the reference profile maps that origin to this loopback server.

mod pages;
pub(crate) mod token;

use super::faults::Fault;
use super::state::ProviderState;
use super::variants::Variant;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::sync::Arc;

pub(crate) use pages::USER_EMAIL;

/// The login widget's timeout in the reference profile, in seconds.
pub(crate) const LOGIN_TIMEOUT_SECS: u64 = 6;
/// The buy widget's load budget in the reference profile, in seconds.
pub(crate) const BUY_BUDGET_SECS: u64 = 4;
/// Under `widget-late`, the token arrives this long after the page loads: after the
/// timeout, within the harness's grace period (half the timeout).
const LATE_MS: u64 = LOGIN_TIMEOUT_SECS * 1000 + 1500;

/// The `/widgets` routes, to be nested by the caller.
pub(crate) fn router(state: Arc<ProviderState>) -> Router {
    Router::new()
        .route("/login", get(login))
        .route("/kyc", get(kyc))
        .route("/ramp/widget", get(buy))
        .with_state(state)
}

async fn login(State(state): State<Arc<ProviderState>>) -> Response {
    let shape = if state.has(Fault::WidgetTokenOpaque) {
        token::Shape::Opaque
    } else if state.has(Fault::WidgetTokenExpired) {
        token::Shape::Expired
    } else {
        token::Shape::Jwt
    };
    let mut token = token::issue(shape, chrono::Utc::now().timestamp());
    if state.has(Fault::WidgetTokenRefused) {
        token.push('x');
    }
    let t = serde_json::to_string(&token).unwrap_or_default();
    let mut send = if state.has(Fault::WidgetMessageShape) {
        format!("window.parent.postMessage({{ token: {t} }}, '*');")
    } else if state.chooses(Variant::WidgetsPostMessage) {
        format!(
            "window.parent.postMessage({{ user_id: 'reference-user', bearer_token: {t} }}, '*');"
        )
    } else if state.has(Fault::WidgetNoClose) {
        format!("window.ledger.setToken({t});")
    } else {
        format!("window.ledger.setToken({t}); window.ledger.closeWidget();")
    };
    if state.has(Fault::WidgetLate) {
        send = format!("setTimeout(() => {{ {send} }}, {LATE_MS});");
    }
    if state.has(Fault::WidgetScriptError) {
        send.push_str("\nreferenceWidgetUndefinedFunction();");
    }
    let mut page = pages::login(&send);
    if state.has(Fault::WidgetLoginFormChanged) {
        page = page
            .replace("id=\"email\"", "id=\"mail\"")
            .replace("getElementById('email')", "getElementById('mail')");
    }
    let mut response = Html(page).into_response();
    if state.has(Fault::WidgetLogin404) {
        *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
    }
    if state.has(Fault::WidgetUnframeable) {
        let h = response.headers_mut();
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("frame-ancestors 'none'"),
        );
    }
    response
}

async fn kyc(
    State(state): State<Arc<ProviderState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let quote_id = q.get("quoteId").cloned().unwrap_or_default();
    let code = if state.has(Fault::WidgetKycUnknownCode) {
        "VERIFIED"
    } else if state.has(Fault::WidgetKycIgnoresQuote) {
        "KYC_OK"
    } else {
        kyc_code(&state, &quote_id, q.get("bearerToken").map(String::as_str))
    };
    let send = "window.parent.postMessage({ code }, '*');";
    Html(pages::kyc(&quote_id, code, send)).into_response()
}

/// What `/check_quote` would answer for this quote and token, as a KYC widget code.
fn kyc_code(state: &ProviderState, quote_id: &str, token: Option<&str>) -> &'static str {
    let known = token.is_some_and(|t| token::issued(t) || t == super::BEARER_TOKEN);
    if !known && !state.chooses(Variant::V1NoLogin) {
        return "UNKNOW_USER";
    }
    let Some(quote) = state.quotes().get(quote_id).cloned() else {
        return "UNKNOWN_ERROR";
    };
    match super::swap_v1::check_kyc(state, &quote) {
        Ok(()) => "KYC_OK",
        Err(e) => e.code(),
    }
}

async fn buy(
    State(state): State<Arc<ProviderState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if state.has(Fault::BuyWidgetSlow) {
        tokio::time::sleep(std::time::Duration::from_millis(
            BUY_BUDGET_SECS * 1000 + 1500,
        ))
        .await;
    }
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or_default();
    let dest = if state.has(Fault::BuyWidgetDropsAddress) {
        ""
    } else {
        get("dest")
    };
    Html(pages::buy(dest, get("fiat"), get("amount"), get("crypto"))).into_response()
}
