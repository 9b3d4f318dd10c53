//! How to start a reference provider: curve, key, API key, faults.

use super::faults::Fault;
use crate::curve::Curve;

/// The API key the reference provider expects in `X-API-KEY` unless told otherwise.
pub const DEFAULT_API_KEY: &str = "reference-api-key";

/// Options of one reference provider instance.
#[derive(Debug, Clone)]
pub struct ProviderOptions {
    /// Curve of the partner key.
    pub curve: Curve,
    /// The partner key's secret scalar (32 bytes, big-endian); `None` draws a random key at
    /// start. Never printed.
    pub secret_key: Option<[u8; 32]>,
    /// The value expected in the `X-API-KEY` header.
    pub api_key: String,
    /// The rules to break.
    pub faults: Vec<Fault>,
}

impl Default for ProviderOptions {
    fn default() -> Self {
        ProviderOptions {
            curve: Curve::Secp256k1,
            secret_key: None,
            api_key: DEFAULT_API_KEY.to_string(),
            faults: Vec::new(),
        }
    }
}
