//! How to start a reference provider: curve, key, API key, faults, variants, latency and
//! rate limit.

use super::faults::Fault;
use super::variants::Variant;
use crate::curve::Curve;
use std::fmt;

/// The API key the reference provider expects in `X-API-KEY` unless told otherwise.
pub const DEFAULT_API_KEY: &str = "reference-api-key";

/// Options of one reference provider instance.
#[derive(Clone)]
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
    /// Legacy swap flow (a provider registered as version 1): `/v2/swap` takes a 10-letter
    /// nonce and answers a hex payload signed over its raw bytes. The `legacy-*` faults imply it.
    pub legacy: bool,
    /// The conforming choices to make differently from the default (see [`Variant`]).
    pub variants: Vec<Variant>,
    /// Every answer is delayed this long, in milliseconds (0: none).
    pub latency_ms: u64,
    /// At most this many requests admitted per one-second window; past it, `429` with
    /// `Retry-After` (`None`: no limit).
    pub rate_limit: Option<u32>,
    /// Synthetic pairs served after the bundled ones (`serve --pairs N`); 0 for none.
    pub pairs: usize,
}

impl fmt::Debug for ProviderOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The secret key is never printed, only whether one was given.
        let secret = self.secret_key.as_ref().map(|_| "<redacted>");
        f.debug_struct("ProviderOptions")
            .field("curve", &self.curve)
            .field("secret_key", &secret)
            .field("api_key", &self.api_key)
            .field("faults", &self.faults)
            .field("legacy", &self.legacy)
            .field("variants", &self.variants)
            .field("latency_ms", &self.latency_ms)
            .field("rate_limit", &self.rate_limit)
            .field("pairs", &self.pairs)
            .finish()
    }
}

impl Default for ProviderOptions {
    fn default() -> Self {
        ProviderOptions {
            curve: Curve::Secp256k1,
            secret_key: None,
            api_key: DEFAULT_API_KEY.to_string(),
            faults: Vec::new(),
            legacy: false,
            variants: Vec::new(),
            latency_ms: 0,
            rate_limit: None,
            pairs: 0,
        }
    }
}
