//! The shared state of one running reference provider: key, API key, faults, variants, and the quotes
//! and swaps it has handed out.

use super::catalog::{Catalog, Pair, Terms};
use super::decimal::Dec;
use super::faults::Fault;
use super::ids::IdSource;
use super::keys::PartnerKey;
use super::nonce::to_hex;
use super::options::ProviderOptions;
use super::variants::Variant;
use crate::curve::Curve;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

/// Everything the handlers share. Built once by [`ProviderState::new`].
pub struct ProviderState {
    pub(crate) key: PartnerKey,
    /// A second key of the same curve, for the `wrong-key` fault.
    pub(crate) other_key: PartnerKey,
    pub(crate) api_key: String,
    faults: HashSet<Fault>,
    variants: HashSet<Variant>,
    /// Legacy swap flow on `/v2/swap` (see [`ProviderOptions::legacy`]).
    pub(crate) legacy: bool,
    pub(crate) ids: IdSource,
    /// What it trades: the bundled pairs and any synthetic ones.
    pub(crate) catalog: &'static Catalog,
    quotes: Mutex<HashMap<String, StoredQuote>>,
    swaps: Mutex<HashMap<String, StoredSwap>>,
}

/// A fixed-rate quote, kept until its swap.
#[derive(Debug, Clone)]
pub(crate) struct StoredQuote {
    pub(crate) pair: &'static Pair,
    pub(crate) amount: Dec,
    pub(crate) terms: Terms,
    pub(crate) expiry: DateTime<Utc>,
}

/// A swap handed out by `/swap/*`, for `/status`.
#[derive(Debug, Clone)]
pub(crate) struct StoredSwap {
    pub(crate) quote_id: Option<String>,
    pub(crate) terms: Terms,
    pub(crate) payin_tx: String,
    pub(crate) payout_tx: String,
    /// How many times `/status` was asked about it.
    pub(crate) polls: u32,
}

impl ProviderState {
    /// The state for `opts`: loads or draws the key and seeds the id stream.
    pub fn new(opts: &ProviderOptions) -> std::io::Result<Self> {
        let key = match &opts.secret_key {
            Some(secret) => PartnerKey::from_secret(opts.curve, secret)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?,
            None => PartnerKey::random(opts.curve)?,
        };
        Ok(ProviderState {
            key,
            other_key: PartnerKey::random(opts.curve)?,
            api_key: opts.api_key.clone(),
            faults: opts.faults.iter().copied().collect(),
            variants: opts.variants.iter().copied().collect(),
            legacy: opts.legacy || opts.faults.iter().any(|f| f.needs_legacy()),
            ids: IdSource::from_os()?,
            catalog: super::synthetic::catalog(opts.pairs),
            quotes: Mutex::new(HashMap::new()),
            swaps: Mutex::new(HashMap::new()),
        })
    }

    /// The partner public key, uncompressed SEC1 as 130 lowercase hex characters.
    pub fn public_key_hex(&self) -> String {
        to_hex(&self.key.public_key_sec1())
    }

    /// The partner key's curve.
    pub fn curve(&self) -> Curve {
        self.key.curve()
    }

    /// Stores a new swap of `api` (`v1`, `v2`) with fresh transaction ids and returns its swap
    /// id. Under the `reused-swap-id` fault every swap of an API gets the same id, and the first
    /// swap made on a quote keeps it: whatever order the flows run in, the status of a later
    /// fixed swap is then another quote's.
    pub(crate) fn record_swap(
        &self,
        api: &'static str,
        quote_id: Option<String>,
        terms: Terms,
    ) -> String {
        let stored = StoredSwap {
            quote_id,
            terms,
            payin_tx: to_hex(&self.ids.bytes()),
            payout_tx: to_hex(&self.ids.bytes()),
            polls: 0,
        };
        if self.has(Fault::ReusedSwapId) {
            let swap_id = format!("reference-swap-{api}-0001");
            let mut swaps = self.swaps();
            let kept = swaps.get(&swap_id).is_some_and(|s| s.quote_id.is_some());
            if !kept {
                swaps.insert(swap_id.clone(), stored);
            }
            return swap_id;
        }
        let swap_id = self.ids.uuid();
        self.swaps().insert(swap_id.clone(), stored);
        swap_id
    }

    /// True when `fault` is switched on.
    pub(crate) fn has(&self, fault: Fault) -> bool {
        self.faults.contains(&fault)
    }

    /// True when the provider makes the conforming choice `variant`.
    pub(crate) fn chooses(&self, variant: Variant) -> bool {
        self.variants.contains(&variant)
    }

    /// The quotes, locked. A poisoned lock is still usable: entries are replaced whole.
    pub(crate) fn quotes(&self) -> MutexGuard<'_, HashMap<String, StoredQuote>> {
        self.quotes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The swaps, locked.
    pub(crate) fn swaps(&self) -> MutexGuard<'_, HashMap<String, StoredSwap>> {
        self.swaps.lock().unwrap_or_else(|e| e.into_inner())
    }
}
