//! Device-exact, offline verification of a provider's /swap response: the signed protobuf
//! payload the Ledger Exchange app checks (ledger-integration §2, §3.4, §7 items 2 to 7).
//!
//! Flow: `envelope` reads `providerSig` → `device` predicts the Exchange app's answer (its own
//! ports of `base64.c`, nanopb and the two APDU handlers) → `base64`/`hex` and `payload` decode
//! the payload as the device reads it → `fields`, `ng`/`legacy` and `bind` run the rules of
//! `rules::RULES`, each in one gate (`gate`: device, Ledger Live, bindings and guidance) →
//! `signature` verifies and classifies → `SwapVerdict` with the three gates.

pub(crate) mod amount;
pub mod base64;
pub(crate) mod bind;
pub(crate) mod device;
pub(crate) mod envelope;
pub(crate) mod expect;
pub(crate) mod fields;
pub(crate) mod gate;
pub mod hex;
pub(crate) mod key;
pub(crate) mod legacy;
pub(crate) mod ng;
pub(crate) mod outcome;
pub(crate) mod payload;
pub(crate) mod pb;
pub(crate) mod rules;
pub mod signature;
#[cfg(test)]
pub(crate) mod testkit;
pub(crate) mod verify;

pub use device::{DeviceVerdict, Stage};
pub use expect::{Expectations, Nonce, SignatureMode, VerifyConfig, parse_nonce};
pub use gate::{Gate, LedgerLiveVerdict};
pub use key::{KeyError, PublicKey, parse_public_key};
pub use outcome::{RuleOutcome, RuleStatus, SwapEvidence, SwapVerdict};
pub use payload::{DecodeError, DecodedPayload, decode_payload};
pub use rules::{RULES, RuleInfo};
pub use verify::verify_response;
