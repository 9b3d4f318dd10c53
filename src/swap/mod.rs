//! Device-exact, offline verification of a provider's /swap response: the signed protobuf
//! payload the Ledger Exchange app checks (ledger-integration §2, §3.4, §7 items 2 to 7).
//!
//! Flow: `envelope` reads `providerSig` → `device` predicts the Exchange app's answer (its own
//! ports of `base64.c`, nanopb and the two APDU handlers) → `base64`/`hex` and `payload` decode
//! the payload as the device reads it → `fields`, `ng`/`legacy` and `bind` run the rules of
//! `rules::RULES`, each in one gate (`gate`: device, Ledger Live, bindings and guidance) →
//! `signature` verifies and classifies → `SwapVerdict` with the three gates.

pub mod amount;
pub mod base64;
pub mod bind;
pub mod device;
pub mod envelope;
pub mod expect;
pub mod fields;
pub mod gate;
pub mod hex;
pub mod key;
pub mod legacy;
pub mod ng;
pub mod outcome;
pub mod payload;
pub mod pb;
pub mod rules;
pub mod signature;
#[cfg(test)]
pub(crate) mod testkit;
pub mod verify;

pub use device::{DeviceVerdict, Stage};
pub use expect::{Expectations, Nonce, SignatureMode, VerifyConfig, parse_nonce};
pub use gate::{Gate, LedgerLiveVerdict};
pub use key::{KeyError, PublicKey, parse_public_key};
pub use outcome::{RuleOutcome, RuleStatus, SwapEvidence, SwapVerdict};
pub use payload::{DecodeError, DecodedPayload, decode_payload};
pub use rules::{RULES, RuleInfo};
pub use verify::verify_response;
