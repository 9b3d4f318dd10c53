//! The validated profile: one typed struct per section, pair and sub-section.

use crate::curve::Curve;
use crate::plain_decimal::PlainDecimal;
use crate::source::{FileId, Span};
use crate::swap::{PublicKey, SignatureMode};
use crate::yaml::Node;
use serde_json::Value;
use std::collections::BTreeMap;

/// The APIs a provider can expose, one profile section each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Api {
    /// The current Partner Swap API (ledger-integration §4.1).
    Swap,
    /// The seed documents' swap API with check_quote (§4.2).
    SwapV1,
    /// The buy API (§5).
    Buy,
}

impl Api {
    pub const ALL: [Api; 3] = [Api::Swap, Api::SwapV1, Api::Buy];

    /// The profile key of the section.
    pub fn key(self) -> &'static str {
        match self {
            Api::Swap => "swap",
            Api::SwapV1 => "swap_v1",
            Api::Buy => "buy",
        }
    }

    pub fn from_key(key: &str) -> Option<Api> {
        Api::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// How the nonce is sent to the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonceEncoding {
    /// 64 lowercase hex characters (current documentation).
    Hex,
    /// base64url of the 32 bytes, no padding (older documentation).
    Base64Url,
}

impl NonceEncoding {
    /// The profile's word for it.
    pub fn name(self) -> &'static str {
        match self {
            NonceEncoding::Hex => "hex",
            NonceEncoding::Base64Url => "base64url",
        }
    }
}

/// A loaded provider profile.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub file: FileId,
    pub sections: BTreeMap<Api, Section>,
    /// Values that must never appear in any output.
    pub secrets: Vec<String>,
    /// The `known_deviations:` node as written, for the `run` command to parse (the profile
    /// knows no requirement ids); `None` when the profile has none.
    pub known_deviations: Option<Node>,
    /// The `widgets:` section, when the provider has widgets to check.
    pub widgets: Option<super::widgets::Widgets>,
    /// The `sweep:` section; its presence makes `run` sweep every advertised pair.
    pub sweep: Option<super::SweepConfig>,
    /// The profile as JSON for `${profile.<section>...}`, derived from the types above.
    pub(super) view: Value,
}

impl Profile {
    /// The JSON view that `${profile.<path>}` reads, derived from the typed sections.
    pub fn view(&self) -> &Value {
        &self.view
    }
}

/// One profile section, validated. Fields an API does not have are empty or `None`.
#[derive(Debug, Clone)]
pub struct Section {
    pub api: Api,
    /// Without a trailing `/`; request paths are appended.
    pub base_url: String,
    /// Header name and value; every value is a secret.
    pub headers: Vec<(String, String)>,
    /// The curve of the partner key (swap sections).
    pub curve: Option<Curve>,
    /// Uncompressed SEC1 hex, or the text of a PEM file.
    pub public_key: Option<String>,
    /// The public key, parsed and checked to be on `curve`.
    pub key: Option<PublicKey>,
    pub nonce_encoding: NonceEncoding,
    /// Which device flow the provider is registered for.
    pub signature_mode: SignatureMode,
    /// The pairs to exercise (swap sections; at least one).
    pub pairs: Vec<Pair>,
    /// How long `/status` may take to reach a final state, in seconds (swap sections).
    pub status_deadline_secs: Option<u64>,
    /// Whether the provider's test swaps reach a final state (swap; default they settle).
    pub test_swaps: TestSwaps,
    /// Whether the provider needs the user's login (swap_v1; default none, like Ledger's
    /// `needsBearerToken`).
    pub login: Login,
    /// The user's bearer token (swap_v1; required when `login` is required); a secret.
    pub bearer_token: Option<String>,
    /// Test users per KYC state (swap_v1, `kyc_users:`), in the order written; their tokens
    /// are secrets.
    pub kyc_users: Vec<super::kyc::KycUser>,
    /// The seed documents' IP check (swap_v1, optional).
    pub ip_check: Option<IpCheck>,
    /// The buy quote to request (buy).
    pub quote: Option<BuyQuote>,
    pub span: Span,
}

/// A pair to exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The provider's id of the currency sent.
    pub from: String,
    /// The provider's id of the currency received.
    pub to: String,
    /// Whole `from` coins to swap.
    pub amount: PlainDecimal,
    /// The ticker the device expects in payload field 7.
    pub payload_currency_from: String,
    /// The ticker the device expects in payload field 8.
    pub payload_currency_to: String,
    /// At most 38 (16-byte amounts cannot hold more).
    pub decimals_from: u32,
    pub decimals_to: u32,
    pub refund_address: String,
    pub payout_address: String,
    pub refund_extra_id: Option<String>,
    pub payout_extra_id: Option<String>,
    /// swap_v1: an amount whose /check_quote must ask for KYC.
    pub kyc_amount: Option<PlainDecimal>,
    /// Default: one base unit of `from` (below any real minimum, still a valid precision).
    pub amount_below_minimum: PlainDecimal,
    /// Default: 10^9 coins.
    pub amount_above_maximum: PlainDecimal,
    pub span: Span,
}

/// What becomes of a test swap, which is never funded (swap section, `test_swaps:`).
/// ledger-integration §4.1: "PENDING: in progress"; "EXPIRED: the payin arrived late or not
/// at all": a swap without payin may stay pending until the provider expires it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TestSwaps {
    /// The staging provider moves test swaps to a final state: `/status` is polled until one.
    #[default]
    Settle,
    /// Test swaps stay in a documented non-final state: reaching a final state does not apply.
    StayPending,
}

impl TestSwaps {
    pub fn name(self) -> &'static str {
        match self {
            TestSwaps::Settle => "settle",
            TestSwaps::StayPending => "stay_pending",
        }
    }
}

/// Whether the seed API's /check_quote and /swap need the user's bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Login {
    /// A request without a token is refused (seed: "If you need to have a Login/KYC…").
    Required,
    /// No login: the token may be absent (seed: "bearerToken (can be NULL)").
    #[default]
    None,
}

impl Login {
    pub fn name(self) -> &'static str {
        match self {
            Login::Required => "required",
            Login::None => "none",
        }
    }
}

/// How the IP check says whether an IP may trade (seed: "Our back-end can adapt to how you
/// decide to do this").
#[derive(Debug, Clone, PartialEq)]
pub enum IpAnswer {
    /// 2xx accepts, 4xx rejects (the default).
    Status,
    /// A field of the body, with the values that mean accepted and rejected.
    Field {
        /// JSONPath text, e.g. `$.accepted`.
        path: String,
        accepted: Value,
        rejected: Value,
    },
}

/// Where the IP goes in an IP check request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpIn {
    Body,
    Query,
    Header,
}

impl IpIn {
    pub fn name(self) -> &'static str {
        match self {
            IpIn::Body => "body",
            IpIn::Query => "query",
            IpIn::Header => "header",
        }
    }
}

/// The seed documents' IP check: no shape was ever published (ledger-integration §4.2), so
/// the profile describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct IpCheck {
    /// Default `POST`.
    pub method: reqwest::Method,
    /// Appended to the section's `base_url`.
    pub path: String,
    /// Default `body`.
    pub ip_in: IpIn,
    /// The field, query parameter or header that carries the IP; default `ip`.
    pub ip_name: String,
    pub accepted_ip: String,
    pub rejected_ip: String,
    /// How the answer is read; default the status code.
    pub answer: IpAnswer,
}

/// The buy quote to request.
#[derive(Debug, Clone, PartialEq)]
pub struct BuyQuote {
    /// Fiat currency, e.g. EUR.
    pub from: String,
    /// Crypto currency id, e.g. bitcoin.
    pub to: String,
    pub payment_method: String,
    /// Fiat amount, whole units.
    pub amount: u64,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub dest: String,
}
