//! Switchable misbehaviours: each fault makes the provider break exactly one rule, as
//! narrowly as possible, so a test can show that exactly the matching check fails.
//!
//! Payload and signature faults apply to every NG swap payload the provider signs (both swap
//! APIs); the `legacy-*` faults apply to the legacy payload of `/v2/swap` and switch the
//! provider to legacy mode; the others apply to the API their name says (no prefix: the current
//! swap API under `/v2`).

use std::fmt;
use std::str::FromStr;

/// One deliberate deviation from the provider APIs, named in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fault {
    // Payload encoding (SWAP-PAYLOAD-*).
    PayloadSignatureKey,
    LeadingDot,
    StandardBase64,
    TruncatedProtobuf,
    WrongWireType,
    LongPayinAddress,
    EmptyCurrencyTo,
    WrongNonce,
    Nonce31Bytes,
    NonceInField11,
    ZeroAmountToWallet,
    Amount17Bytes,
    ExtraIdAndData,
    OversizePayload,
    // Binding of the payload to the request (SWAP-BIND-*).
    WrongRefundAddress,
    WrongPayoutAddress,
    WrongCurrencyFrom,
    WrongCurrencyTo,
    PayinAddressMismatch,
    AmountOffByOne,
    FloatRounding,
    // Signature (SWAP-SIG-*).
    DerSignature,
    ShortSignature,
    SignatureWithoutDot,
    SignatureOverRawProtobuf,
    PaddingMismatch,
    WrongKey,
    HighS,
    LeadingZeroSignature,
    // Legacy swap flow (SWAP-LEGACY-*); each implies legacy mode.
    LegacyBase64Payload,
    LegacyWrongNonce,
    LegacyOversize,
    LegacySignedOverHexText,
    // Current swap API behaviour.
    ReusedSwapId,
    QuoteAmountsAsNumbers,
    QuoteMissingExpiry,
    QuoteShortExpiry,
    SlowQuote,
    MinAboveMax,
    WrongMinimumErrorKey,
    MissingAdditionalFields,
    UnknownPair200,
    UnknownQuote200,
    StatusBadEnum,
    StatusUnknown200,
    NoAuth,
    TextContentType,
    PairsCursorLoop,
    PairsDuplicate,
    CurrenciesBareArray,
    MissingProfilePair,
    Currencies500,
    Pairs500,
    PairsMinAboveMax,
    PairsMissingTradeMethod,
    Quote201,
    QuoteMissingQuoteId,
    FixedQuoteIsFloat,
    FloatQuoteIsFixed,
    Swap201,
    SwapMissingCreatedAt,
    Status202,
    // Buy API.
    BuyCapabilitiesMinAboveMax,
    BuyQuoteAmountString,
    BuyQuoteZeroCrypto,
    BuyNoAuth,
    BuyAcceptsOutOfRange,
    BuyRedirectRelativeUrl,
    BuyBadCountryCode,
    BuyCapabilities500,
    BuyCrypto500,
    BuyCryptoTickers,
    BuyCryptoMissingProfileCurrency,
    BuyQuote500,
    BuyQuoteWrongCrypto,
    BuyQuoteAcceptsBadParams,
    BuyRedirect500,
    BuyTextContentType,
    // Seed-era swap API.
    V1CheckQuoteBody,
    V1KycCodeUnknown,
    V1MissingAlg,
    V1IpCheckAcceptsAll,
    V1StatusBadState,
    V1TextContentType,
    V1PairsMissingTradeMethod,
    V1MissingProfilePair,
    V1Quote201,
    V1QuoteMissingMethod,
    V1QuoteShortExpiry,
    V1UnknownQuote200,
    V1CheckQuoteNoToken200,
    V1Swap201,
    V1Status202,
    V1IpCheckRejectsAll,
}

/// Name, harness requirement ids it must trip (empty: a suite behaviour the suites map, or
/// none at all for `high-s` and `leading-zero-signature`), and description.
type Info = (&'static str, &'static [&'static str], &'static str);

impl Fault {
    /// Every fault, in documentation order.
    pub const ALL: &[Fault] = &[
        Fault::PayloadSignatureKey,
        Fault::LeadingDot,
        Fault::StandardBase64,
        Fault::TruncatedProtobuf,
        Fault::WrongWireType,
        Fault::LongPayinAddress,
        Fault::EmptyCurrencyTo,
        Fault::WrongNonce,
        Fault::Nonce31Bytes,
        Fault::NonceInField11,
        Fault::ZeroAmountToWallet,
        Fault::Amount17Bytes,
        Fault::ExtraIdAndData,
        Fault::OversizePayload,
        Fault::WrongRefundAddress,
        Fault::WrongPayoutAddress,
        Fault::WrongCurrencyFrom,
        Fault::WrongCurrencyTo,
        Fault::PayinAddressMismatch,
        Fault::AmountOffByOne,
        Fault::FloatRounding,
        Fault::DerSignature,
        Fault::ShortSignature,
        Fault::SignatureWithoutDot,
        Fault::SignatureOverRawProtobuf,
        Fault::PaddingMismatch,
        Fault::WrongKey,
        Fault::HighS,
        Fault::LeadingZeroSignature,
        Fault::LegacyBase64Payload,
        Fault::LegacyWrongNonce,
        Fault::LegacyOversize,
        Fault::LegacySignedOverHexText,
        Fault::ReusedSwapId,
        Fault::QuoteAmountsAsNumbers,
        Fault::QuoteMissingExpiry,
        Fault::QuoteShortExpiry,
        Fault::SlowQuote,
        Fault::MinAboveMax,
        Fault::WrongMinimumErrorKey,
        Fault::MissingAdditionalFields,
        Fault::UnknownPair200,
        Fault::UnknownQuote200,
        Fault::StatusBadEnum,
        Fault::StatusUnknown200,
        Fault::NoAuth,
        Fault::TextContentType,
        Fault::PairsCursorLoop,
        Fault::PairsDuplicate,
        Fault::CurrenciesBareArray,
        Fault::MissingProfilePair,
        Fault::Currencies500,
        Fault::Pairs500,
        Fault::PairsMinAboveMax,
        Fault::PairsMissingTradeMethod,
        Fault::Quote201,
        Fault::QuoteMissingQuoteId,
        Fault::FixedQuoteIsFloat,
        Fault::FloatQuoteIsFixed,
        Fault::Swap201,
        Fault::SwapMissingCreatedAt,
        Fault::Status202,
        Fault::BuyCapabilitiesMinAboveMax,
        Fault::BuyQuoteAmountString,
        Fault::BuyQuoteZeroCrypto,
        Fault::BuyNoAuth,
        Fault::BuyAcceptsOutOfRange,
        Fault::BuyRedirectRelativeUrl,
        Fault::BuyBadCountryCode,
        Fault::BuyCapabilities500,
        Fault::BuyCrypto500,
        Fault::BuyCryptoTickers,
        Fault::BuyCryptoMissingProfileCurrency,
        Fault::BuyQuote500,
        Fault::BuyQuoteWrongCrypto,
        Fault::BuyQuoteAcceptsBadParams,
        Fault::BuyRedirect500,
        Fault::BuyTextContentType,
        Fault::V1CheckQuoteBody,
        Fault::V1KycCodeUnknown,
        Fault::V1MissingAlg,
        Fault::V1IpCheckAcceptsAll,
        Fault::V1StatusBadState,
        Fault::V1TextContentType,
        Fault::V1PairsMissingTradeMethod,
        Fault::V1MissingProfilePair,
        Fault::V1Quote201,
        Fault::V1QuoteMissingMethod,
        Fault::V1QuoteShortExpiry,
        Fault::V1UnknownQuote200,
        Fault::V1CheckQuoteNoToken200,
        Fault::V1Swap201,
        Fault::V1Status202,
        Fault::V1IpCheckRejectsAll,
    ];

    fn info(self) -> Info {
        match self {
            Fault::PayloadSignatureKey => (
                "payload-signature-key",
                &["SWAP-PAYLOAD-001"],
                "providerSig carries the signature under `payload_signature` instead of `signature`",
            ),
            Fault::LeadingDot => (
                "leading-dot",
                &["SWAP-PAYLOAD-002"],
                "the payload is returned as `.` + payload (signed correctly over `.` + that string)",
            ),
            Fault::StandardBase64 => (
                "standard-base64",
                &["SWAP-PAYLOAD-003"],
                "the payload is standard base64 and contains a `+` (signed as returned)",
            ),
            Fault::TruncatedProtobuf => (
                "truncated-protobuf",
                &["SWAP-PAYLOAD-004"],
                "the last 5 bytes of the encoded message are dropped (signed as returned)",
            ),
            Fault::WrongWireType => (
                "wrong-wire-type",
                &["SWAP-PAYLOAD-004"],
                "amount_to_provider (field 9, bytes) is encoded as a varint",
            ),
            Fault::LongPayinAddress => (
                "long-payin-address",
                &["SWAP-PAYLOAD-005"],
                "the payin address is 151 characters, in the payload and in payinAddress",
            ),
            Fault::EmptyCurrencyTo => (
                "empty-currency-to",
                &["SWAP-PAYLOAD-006", "SWAP-BIND-004"],
                "currency_to (field 8) is empty",
            ),
            Fault::WrongNonce => (
                "wrong-nonce",
                &["SWAP-PAYLOAD-007"],
                "device_transaction_id_ng (field 12) holds 32 bytes other than the nonce",
            ),
            Fault::Nonce31Bytes => (
                "nonce-31-bytes",
                &["SWAP-PAYLOAD-007"],
                "device_transaction_id_ng (field 12) holds the first 31 bytes of the nonce",
            ),
            Fault::NonceInField11 => (
                "nonce-in-field-11",
                &["SWAP-PAYLOAD-007", "SWAP-PAYLOAD-008"],
                "the nonce is put in the legacy field 11 as hex text and field 12 is empty (64 \
                 characters, over field 11's 10: a decoder may also flag SWAP-PAYLOAD-005)",
            ),
            Fault::ZeroAmountToWallet => (
                "zero-amount-to-wallet",
                &["SWAP-PAYLOAD-009"],
                "amount_to_wallet (field 10) is the single byte 00",
            ),
            Fault::Amount17Bytes => (
                "amount-17-bytes",
                &["SWAP-PAYLOAD-005", "SWAP-PAYLOAD-009"],
                "amount_to_wallet (field 10) is left-padded with zeros to 17 bytes",
            ),
            Fault::ExtraIdAndData => (
                "extra-id-and-data",
                &["SWAP-PAYLOAD-010"],
                "payin_extra_id and a 33-byte payin_extra_data are both set",
            ),
            Fault::OversizePayload => (
                "oversize-payload",
                &["SWAP-PAYLOAD-011"],
                "a valid message longer than 497 base64url characters (a 150-character payin \
                 address, sent twice)",
            ),
            Fault::WrongRefundAddress => (
                "wrong-refund-address",
                &["SWAP-BIND-001"],
                "refund_address (field 3) differs from the request's refundAddress",
            ),
            Fault::WrongPayoutAddress => (
                "wrong-payout-address",
                &["SWAP-BIND-002"],
                "payout_address (field 5) differs from the request's payoutAddress",
            ),
            Fault::WrongCurrencyFrom => (
                "wrong-currency-from",
                &["SWAP-BIND-003"],
                "currency_from (field 7) differs from payloadCurrencyFrom",
            ),
            Fault::WrongCurrencyTo => (
                "wrong-currency-to",
                &["SWAP-BIND-004"],
                "currency_to (field 8) differs from payloadCurrencyTo",
            ),
            Fault::PayinAddressMismatch => (
                "payin-address-mismatch",
                &["SWAP-BIND-005"],
                "the JSON payinAddress differs from payin_address in the payload",
            ),
            Fault::AmountOffByOne => (
                "amount-off-by-one",
                &["SWAP-BIND-006"],
                "amount_to_provider is one base unit less than amount × 10^decimals",
            ),
            Fault::FloatRounding => (
                "float-rounding",
                &["SWAP-BIND-006"],
                "amount_to_provider is computed with f64 and truncated (0.29 BTC gives \
                 28999999 satoshis); one unit less where f64 happens to be exact",
            ),
            Fault::DerSignature => (
                "der-signature",
                &["SWAP-SIG-001"],
                "the signature is DER-encoded instead of 64-byte r‖s",
            ),
            Fault::ShortSignature => (
                "short-signature",
                &["SWAP-SIG-001"],
                "the signature is 63 bytes: r‖s without left padding (a case is forced)",
            ),
            Fault::SignatureWithoutDot => (
                "signature-without-dot",
                &["SWAP-SIG-002"],
                "the signature covers the payload without the `.` prefix",
            ),
            Fault::SignatureOverRawProtobuf => (
                "signature-over-raw-protobuf",
                &["SWAP-SIG-002"],
                "the signature covers the raw protobuf bytes",
            ),
            Fault::PaddingMismatch => (
                "padding-mismatch",
                &["SWAP-SIG-002"],
                "the payload is returned with `=` padding but the unpadded form is signed",
            ),
            Fault::WrongKey => (
                "wrong-key",
                &["SWAP-SIG-002"],
                "the signature is made with a key other than the registered one",
            ),
            Fault::HighS => (
                "high-s",
                &[],
                "the signature uses the high-S form (n − s); NOT a failure, the device accepts it",
            ),
            Fault::LeadingZeroSignature => (
                "leading-zero-signature",
                &[],
                "r or s starts with a zero byte (a fresh deposit address is drawn until one does); NOT a failure, a warning (SWAP-SIG-003)",
            ),
            Fault::LegacyBase64Payload => (
                "legacy-base64-payload",
                &["SWAP-LEGACY-001"],
                "legacy flow: the payload is base64url instead of hex (signed correctly over the raw bytes); implies --legacy",
            ),
            Fault::LegacyWrongNonce => (
                "legacy-wrong-nonce",
                &["SWAP-LEGACY-002"],
                "legacy flow: field 11 holds 10 letters other than the nonce; implies --legacy",
            ),
            Fault::LegacyOversize => (
                "legacy-oversize",
                &["SWAP-LEGACY-004"],
                "legacy flow: a 140-character payin address makes the transaction longer than one APDU; implies --legacy",
            ),
            Fault::LegacySignedOverHexText => (
                "legacy-signed-over-hex-text",
                &["SWAP-LEGACY-005"],
                "legacy flow: the signature covers the hex text instead of the raw protobuf bytes; implies --legacy",
            ),
            Fault::ReusedSwapId => (
                "reused-swap-id",
                &[],
                "every swap answers the same swapId (suite check of swapId uniqueness)",
            ),
            Fault::QuoteAmountsAsNumbers => (
                "quote-amounts-as-numbers",
                &[],
                "/quote answers its amounts as JSON numbers instead of decimal strings",
            ),
            Fault::QuoteMissingExpiry => (
                "quote-missing-expiry",
                &[],
                "/quote answers without `expiry`",
            ),
            Fault::QuoteShortExpiry => (
                "quote-short-expiry",
                &[],
                "/quote advertises an expiry of now + 20 s (the minimum is 60 s); the quote itself \
                 stays usable for 10 minutes",
            ),
            Fault::SlowQuote => (
                "slow-quote",
                &[],
                "/quote answers after 6 s (the latency budget is 5 s)",
            ),
            Fault::MinAboveMax => (
                "min-above-max",
                &[],
                "/quote answers minAmountFrom above maxAmountFrom",
            ),
            Fault::WrongMinimumErrorKey => (
                "wrong-minimum-error-key",
                &[],
                "an amount below the minimum answers TO_CURRENCY_MINIMUM_AMOUNT_ERROR",
            ),
            Fault::MissingAdditionalFields => (
                "missing-additional-fields",
                &[],
                "minimum and maximum amount errors come without additionalFields",
            ),
            Fault::UnknownPair200 => (
                "unknown-pair-200",
                &[],
                "/quote on an unknown pair answers 200 with a quote",
            ),
            Fault::UnknownQuote200 => (
                "unknown-quote-200",
                &[],
                "/swap/fixed with an unknown quoteId answers 200 with a swap",
            ),
            Fault::StatusBadEnum => (
                "status-bad-enum",
                &[],
                "/status answers status COMPLETED, which is not in the documented enum",
            ),
            Fault::StatusUnknown200 => (
                "status-unknown-200",
                &[],
                "/status of an unknown swapId answers 200",
            ),
            Fault::NoAuth => (
                "no-auth",
                &[],
                "/v2 accepts requests without X-API-KEY or with a wrong one",
            ),
            Fault::TextContentType => (
                "text-content-type",
                &[],
                "/v2 JSON answers are typed text/plain",
            ),
            Fault::PairsCursorLoop => (
                "pairs-cursor-loop",
                &[],
                "/pairs never ends: the last page's next_cursor points back to the first page",
            ),
            Fault::PairsDuplicate => (
                "pairs-duplicate",
                &[],
                "/pairs lists the btc → eth pair twice",
            ),
            Fault::CurrenciesBareArray => (
                "currencies-bare-array",
                &[],
                "/currencies answers the pre-2025 bare array, without pagination",
            ),
            Fault::MissingProfilePair => (
                "missing-profile-pair",
                &[],
                "/pairs does not list btc → eth, a pair of the profile",
            ),
            Fault::Currencies500 => (
                "currencies-500",
                &[],
                "/currencies answers 500 with an ErrorPayload",
            ),
            Fault::Pairs500 => ("pairs-500", &[], "/pairs answers 500 with an ErrorPayload"),
            Fault::PairsMinAboveMax => (
                "pairs-min-above-max",
                &[],
                "/pairs gives each pair a minSwapAmount above its maxSwapAmount",
            ),
            Fault::PairsMissingTradeMethod => (
                "pairs-missing-trade-method",
                &[],
                "/pairs lists pairs without tradeMethod",
            ),
            Fault::Quote201 => (
                "quote-201",
                &[],
                "/quote answers 201 Created instead of 200 (the body is right)",
            ),
            Fault::QuoteMissingQuoteId => (
                "quote-missing-quote-id",
                &[],
                "fixed quotes come without quoteId, so no swap can follow",
            ),
            Fault::FixedQuoteIsFloat => (
                "fixed-quote-is-float",
                &[],
                "fixed quotes say tradeMethod float (quoteId and expiry are still there)",
            ),
            Fault::FloatQuoteIsFixed => (
                "float-quote-is-fixed",
                &[],
                "/quote ignores tradeMethod float and answers a fixed quote",
            ),
            Fault::Swap201 => (
                "swap-201",
                &[],
                "/swap/fixed and /swap/float answer 201 Created instead of 200 (the body is right)",
            ),
            Fault::SwapMissingCreatedAt => (
                "swap-missing-created-at",
                &[],
                "/swap answers without createdAt",
            ),
            Fault::Status202 => (
                "status-202",
                &[],
                "/status answers 202 Accepted instead of 200 (the body is right)",
            ),
            Fault::BuyCapabilitiesMinAboveMax => (
                "buy-capabilities-min-above-max",
                &[],
                "buy /capabilities gives each fiat a minAmount above its maxAmount",
            ),
            Fault::BuyQuoteAmountString => (
                "buy-quote-amount-string",
                &[],
                "buy /quote answers cryptoAmount as a string instead of a number",
            ),
            Fault::BuyQuoteZeroCrypto => (
                "buy-quote-zero-crypto",
                &[],
                "buy /quote answers cryptoAmount 0",
            ),
            Fault::BuyNoAuth => (
                "buy-no-auth",
                &[],
                "buy /quote and /buy-redirect accept requests without a valid X-API-KEY",
            ),
            Fault::BuyAcceptsOutOfRange => (
                "buy-accepts-out-of-range",
                &[],
                "buy /quote and /buy-redirect accept amounts outside [minAmount, maxAmount]",
            ),
            Fault::BuyRedirectRelativeUrl => (
                "buy-redirect-relative-url",
                &[],
                "buy /buy-redirect answers a relative rampRedirectUrl",
            ),
            Fault::BuyBadCountryCode => (
                "buy-bad-country-code",
                &[],
                "buy /capabilities lists country FRA, not an ISO-3166 alpha-2 code",
            ),
            Fault::BuyCapabilities500 => {
                ("buy-capabilities-500", &[], "buy /capabilities answers 500")
            }
            Fault::BuyCrypto500 => ("buy-crypto-500", &[], "buy /crypto-currencies answers 500"),
            Fault::BuyCryptoTickers => (
                "buy-crypto-tickers",
                &[],
                "buy /crypto-currencies lists the USDT token by its ticker instead of its Ledger id",
            ),
            Fault::BuyCryptoMissingProfileCurrency => (
                "buy-crypto-missing-profile-currency",
                &[],
                "buy /crypto-currencies does not list bitcoin, the profile's crypto currency (it is still sold)",
            ),
            Fault::BuyQuote500 => (
                "buy-quote-500",
                &[],
                "buy /quote answers 500 to a valid request",
            ),
            Fault::BuyQuoteWrongCrypto => (
                "buy-quote-wrong-crypto",
                &[],
                "buy /quote answers `to: ethereum` whatever crypto currency was asked",
            ),
            Fault::BuyQuoteAcceptsBadParams => (
                "buy-quote-accepts-bad-params",
                &[],
                "buy /quote answers 200 to a non-integer amount or a missing parameter (it quotes 100 EUR of bitcoin instead)",
            ),
            Fault::BuyRedirect500 => (
                "buy-redirect-500",
                &[],
                "buy /buy-redirect answers 500 to a valid request",
            ),
            Fault::BuyTextContentType => (
                "buy-text-content-type",
                &[],
                "buy JSON answers are typed text/plain",
            ),
            Fault::V1CheckQuoteBody => (
                "v1-check-quote-body",
                &[],
                "seed-era /check_quote answers 200 with a body instead of an empty one",
            ),
            Fault::V1KycCodeUnknown => (
                "v1-kyc-code-unknown",
                &[],
                "seed-era KYC refusals use code KYC_LEVEL_TOO_LOW, not in the documented list",
            ),
            Fault::V1MissingAlg => (
                "v1-missing-alg",
                &[],
                "seed-era providerSig.header has no `alg`",
            ),
            Fault::V1IpCheckAcceptsAll => (
                "v1-ip-check-accepts-all",
                &[],
                "seed-era /ip_check accepts the rejected range 198.51.100.0/24",
            ),
            Fault::V1StatusBadState => (
                "v1-status-bad-state",
                &[],
                "seed-era /status answers a state outside open, expired, pending_recv, \
                 pending_settlement, completed, finished",
            ),
            Fault::V1TextContentType => (
                "v1-text-content-type",
                &[],
                "seed-era JSON answers are typed text/plain",
            ),
            Fault::V1PairsMissingTradeMethod => (
                "v1-pairs-missing-trade-method",
                &[],
                "seed-era /pairs lists pairs without tradeMethod",
            ),
            Fault::V1MissingProfilePair => (
                "v1-missing-profile-pair",
                &[],
                "seed-era /pairs does not list btc → eth, a pair of the profile",
            ),
            Fault::V1Quote201 => (
                "v1-quote-201",
                &[],
                "seed-era /quote answers 201 Created instead of 200 (the body is right)",
            ),
            Fault::V1QuoteMissingMethod => (
                "v1-quote-missing-method",
                &[],
                "seed-era /quote answers without method (or tradeMethod)",
            ),
            Fault::V1QuoteShortExpiry => (
                "v1-quote-short-expiry",
                &[],
                "seed-era /quote advertises an expiry of now + 20 s; the quote stays usable for 10 minutes",
            ),
            Fault::V1UnknownQuote200 => (
                "v1-unknown-quote-200",
                &[],
                "seed-era /check_quote of an unknown quote answers an empty 200",
            ),
            Fault::V1CheckQuoteNoToken200 => (
                "v1-check-quote-no-token-200",
                &[],
                "seed-era /check_quote without any bearer token answers an empty 200",
            ),
            Fault::V1Swap201 => (
                "v1-swap-201",
                &[],
                "seed-era /swap answers 201 Created instead of 200 (the body is right)",
            ),
            Fault::V1Status202 => (
                "v1-status-202",
                &[],
                "seed-era /status answers 202 Accepted instead of 200 (the body is right)",
            ),
            Fault::V1IpCheckRejectsAll => (
                "v1-ip-check-rejects-all",
                &[],
                "seed-era /ip_check also rejects the accepted IP",
            ),
        }
    }

    /// True for the faults of the legacy swap flow, which switch the provider to legacy mode.
    pub fn needs_legacy(self) -> bool {
        matches!(
            self,
            Fault::LegacyBase64Payload
                | Fault::LegacyWrongNonce
                | Fault::LegacyOversize
                | Fault::LegacySignedOverHexText
        )
    }

    /// The kebab-case name used on the command line.
    pub fn name(self) -> &'static str {
        self.info().0
    }

    /// The harness requirement ids this fault must make fail. Empty for the API faults, which
    /// the suites map to their own requirements, and for `high-s`, which must pass.
    pub fn requirements(self) -> &'static [&'static str] {
        self.info().1
    }

    /// What the fault does, followed by the requirement ids it trips.
    pub fn description(self) -> String {
        let (_, ids, text) = self.info();
        if ids.is_empty() {
            text.to_string()
        } else {
            format!("{text} [{}]", ids.join(", "))
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fault name that is not in [`Fault::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown fault `{0}`")]
pub struct UnknownFault(pub String);

impl FromStr for Fault {
    type Err = UnknownFault;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Fault::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| UnknownFault(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        let mut seen = HashSet::new();
        for f in Fault::ALL {
            assert!(seen.insert(f.name()), "duplicate {}", f.name());
            assert!(
                f.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
            assert_eq!(f.name().parse::<Fault>(), Ok(*f));
            assert!(!f.description().is_empty());
        }
        assert!("no-such-fault".parse::<Fault>().is_err());
        // Every variant is listed (update when adding one).
        assert_eq!(Fault::ALL.len(), 94);
    }

    #[test]
    fn payload_faults_name_their_requirement() {
        assert_eq!(
            Fault::LeadingDot.description().rsplit('[').next(),
            Some("SWAP-PAYLOAD-002]")
        );
        assert!(Fault::HighS.requirements().is_empty());
        assert!(Fault::LeadingZeroSignature.requirements().is_empty());
        for f in Fault::ALL {
            assert_eq!(f.needs_legacy(), f.name().starts_with("legacy-"), "{f}");
        }
    }
}
