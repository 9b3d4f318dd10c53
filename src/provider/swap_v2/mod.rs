//! The current swap API ("Partner Swap Service" v2.0, spec §4.1), served under `/v2`.
//! Every route requires `X-API-KEY`.

mod listing;
mod quote;
mod status;
mod swap;
mod time;

pub(crate) use quote::QUOTE_VALIDITY;
pub(crate) use swap::signature_key;

use super::reply::require_api_key;
use super::state::ProviderState;
use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use std::sync::Arc;

/// The `/v2` routes, to be nested by the caller.
pub(crate) fn router(state: Arc<ProviderState>) -> Router {
    Router::new()
        .route("/currencies", get(listing::currencies))
        .route("/pairs", get(listing::pairs))
        .route("/quote", post(quote::quote))
        .route("/swap/fixed", post(swap::swap_fixed))
        .route("/swap/float", post(swap::swap_float))
        .route("/status", get(status::status))
        .route_layer(from_fn_with_state(state.clone(), require_api_key))
        .with_state(state)
}
