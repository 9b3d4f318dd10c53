//! Device-exact, offline verification of a provider's /swap response: the signed protobuf
//! payload the Ledger Exchange app checks (ledger-integration §2, §3.4, §7 items 2 to 7).
//!
//! Flow: `envelope` reads `providerSig` → `base64`/`hex` decode as the device would → `pb` and
//! `payload` decode the protobuf with nanopb's rules → `fields`, `ng`/`legacy` and `bind` run the
//! rules of `rules::RULES` → `signature` verifies and classifies → `SwapVerdict`.

pub mod amount;
pub mod base64;
pub mod bind;
pub mod cli;
pub mod envelope;
pub mod expect;
pub mod fields;
pub mod hex;
pub mod key;
pub mod legacy;
pub mod ng;
pub mod outcome;
pub mod payload;
pub mod pb;
pub mod render;
pub mod rules;
pub mod signature;
#[cfg(test)]
mod testkit;
pub mod verify;

pub use expect::{Expectations, Nonce, SignatureMode, VerifyConfig, parse_nonce};
pub use key::{KeyError, PublicKey, parse_public_key};
pub use outcome::{RuleOutcome, RuleStatus, SwapVerdict};
pub use payload::{DecodeError, DecodedPayload, decode_payload};
pub use rules::{RULES, RuleInfo};
pub use verify::verify_response;
