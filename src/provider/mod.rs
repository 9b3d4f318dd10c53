//! The bundled reference provider: a correct implementation of the provider APIs, served with
//! axum, with switchable faults so the harness can be shown to catch each deviation.
//!
//! Routes (all JSON): `/v2/currencies`, `/v2/pairs`, `/v2/quote`, `/v2/swap/fixed`,
//! `/v2/swap/float`, `/v2/status` (current swap API, `X-API-KEY`); `/buy/capabilities`,
//! `/buy/crypto-currencies`, `/buy/quote`, `/buy/buy-redirect` (buy API, `X-API-KEY` on the
//! last two); `/v1/pairs`, `/v1/quote`, `/v1/check_quote`, `/v1/swap`, `/v1/status`,
//! `/v1/ip_check` (seed-era swap API, `Authorization: Bearer` on `check_quote` and `swap`).
//!
//! Faults (see [`Fault`]) each break one rule on purpose; `serve --list-faults` lists them.
//! Variants (see [`Variant`]) each make a conforming choice the sources leave open,
//! differently from the default; `serve --list-variants` lists them with their sources.
//!
//! In legacy mode (`ProviderOptions::legacy`, `serve --legacy`, `run --legacy`), `/v2/swap`
//! follows the legacy swap flow of a provider registered as version 1: a 10-letter nonce in
//! field 11, a hex payload signed over its raw bytes (see `legacy_sig`).
//!
//! It encodes and signs payloads with its own code (prost structs, RustCrypto signers), never
//! with the harness's verifier, so that a shared mistake cannot cancel out.

mod addresses;
mod buy;
mod catalog;
mod decimal;
mod faults;
mod ids;
mod keys;
mod legacy_sig;
mod nonce;
mod options;
mod payload;
mod payload_variants;
mod profile;
mod provider_sig;
mod reply;
mod reshape;
mod server;
mod state;
mod swap_v1;
mod swap_v2;
mod synthetic;
mod throttle;
mod variants;
mod widgets;

#[cfg(test)]
mod buy_tests;
#[cfg(test)]
mod fault_tests;
#[cfg(test)]
mod http_tests;
#[cfg(test)]
mod property_tests;
#[cfg(test)]
mod v1_tests;

pub use faults::{Fault, UnknownFault};
pub(crate) use nonce::parse_hex;
pub use options::{DEFAULT_API_KEY, ProviderOptions};
pub use server::{RunningProvider, start};
pub use state::ProviderState;
pub use swap_v1::BEARER_TOKEN;
pub use variants::{
    Api, UnknownVariant, Variant, VariantInfo, list_text as variants_list, parse_variants,
};

use axum::Router;
use axum::middleware::map_response_with_state;
use std::sync::Arc;

/// Every API of the provider under its base path. A function, so that tests can serve it on
/// any listener.
pub fn app(state: Arc<ProviderState>) -> Router {
    Router::new()
        .nest("/v2", swap_v2::router(state.clone()))
        .nest("/v1", swap_v1::router(state.clone()))
        .nest("/buy", buy::router(state.clone()))
        .nest("/widgets", widgets::router(state.clone()))
        .layer(map_response_with_state(state, reshape::every_api))
}
