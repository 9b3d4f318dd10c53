//! The provider profile: where the provider's APIs are, its credentials, its key, its pairs.
//!
//! Every section is optional; a suite runs only when the section it needs is present.
//! `${env:NAME}` is resolved at load time and its value, like every header value and the
//! bearer token, is registered as a secret. The profile knows neither the suites nor the
//! requirement ids: `known_deviations:` is kept as written for the `run` command to read.
//!
//! `load` reads the text (`env` resolves variables first, `pair` reads the pairs, `mask`
//! hides credentials from the diagnostics of a profile that does not load) into the types of
//! `model`; `view` derives the JSON that templates read.
//!
//! A new key (a section's `login:`, a `kyc_users:` list, a pair's trade methods) is a field in
//! `model`, its reader in `load` (or `pair`), its line in `view` when templates may name it,
//! and its entry in `schemas/profile.schema.json`.

mod env;
mod kyc;
mod load;
mod mask;
mod model;
mod pair;
mod sweep;
mod view;
mod widgets;

pub use kyc::{KycState, KycUser};
pub use load::load_profile;
pub use model::{
    Api, BuyQuote, IpAnswer, IpCheck, IpIn, Login, NonceEncoding, Pair, Profile, Section, TestSwaps,
};
pub use sweep::{SweepAddress, SweepConfig};
pub use widgets::{
    Action, BuyWidget, KYC_CODES, KycParams, KycWidget, KycWidgetUser, LoginWidget, Step, Steps,
    Widgets,
};
