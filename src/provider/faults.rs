//! Switchable misbehaviours: each fault makes the provider break exactly one rule, as
//! narrowly as possible, so a test can show that exactly the matching checks fail.
//!
//! Payload and signature faults apply to every NG swap payload the provider signs (both swap
//! APIs); the `legacy-*` faults apply to the legacy payload of `/v2/swap` and switch the
//! provider to legacy mode; the others apply to the API their name says (no prefix: the current
//! swap API under `/v2`).
//!
//! The table below is the only place a fault is written: it yields the [`Fault`] enum,
//! [`Fault::ALL`], the names `--fault` accepts, what each fault does, and the requirement ids
//! a run with it must fail or warn, which the integration tests (`tests/it/faults.rs`) enforce.

use std::fmt;
use std::str::FromStr;

/// What a fault is and what a run with it must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultSpec {
    /// The kebab-case name used on the command line.
    pub name: &'static str,
    /// A run filter that keeps the flows where the fault shows (`run FILTER`), when the run
    /// should not cover every flow.
    pub flows: Option<&'static str>,
    /// The requirement ids a run with this fault must fail (status `fail` or `error`), and no
    /// others. Empty for faults the device accepts.
    pub fails: &'static [&'static str],
    /// The requirement ids it must warn about, and no others: `should` requirements it breaks,
    /// and what the verifier tolerates with a warning.
    pub warns: &'static [&'static str],
    /// The `example` requirement ids it breaks, which a run reports as information (a pass
    /// with an `informational` note), and no others.
    pub informs: &'static [&'static str],
    /// What the fault does.
    pub what: &'static str,
}

macro_rules! faults {
    (@opt) => { None };
    (@opt $e:literal) => { Some($e) };
    ($(
        $variant:ident $name:literal {
            $(flows: $flows:literal,)?
            fails: [$($fail:literal),* $(,)?],
            $(warns: [$($warn:literal),* $(,)?],)?
            $(informs: [$($inform:literal),* $(,)?],)?
            what: $what:literal $(,)?
        }
    )*) => {
        /// One deliberate deviation from the provider APIs, named in kebab-case.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Fault {
            $($variant,)*
        }

        impl Fault {
            /// Every fault, in documentation order.
            pub const ALL: &[Fault] = &[$(Fault::$variant,)*];

            /// The row of this fault in the table.
            pub fn spec(self) -> &'static FaultSpec {
                match self {
                    $(Fault::$variant => &FaultSpec {
                        name: $name,
                        flows: faults!(@opt $($flows)?),
                        fails: &[$($fail),*],
                        warns: &[$($($warn),*)?],
                        informs: &[$($($inform),*)?],
                        what: $what,
                    },)*
                }
            }
        }
    };
}

faults! {
    // Payload encoding (SWAP-PAYLOAD-*).
    PayloadSignatureKey "payload-signature-key" {
        fails: ["SWAP-PAYLOAD-001"],
        what: "providerSig carries the signature under `payload_signature` instead of `signature`",
    }
    LeadingDot "leading-dot" {
        fails: ["SWAP-PAYLOAD-002"],
        what: "the payload is returned as `.` + payload (signed correctly over `.` + that string)",
    }
    StandardBase64 "standard-base64" {
        fails: ["SWAP-PAYLOAD-003"],
        what: "the payload is standard base64 and contains a `+` (signed as returned)",
    }
    TruncatedProtobuf "truncated-protobuf" {
        fails: ["SWAP-PAYLOAD-004"],
        what: "the last 5 bytes of the encoded message are dropped (signed as returned)",
    }
    WrongWireType "wrong-wire-type" {
        fails: ["SWAP-PAYLOAD-004"],
        what: "amount_to_provider (field 9, bytes) is encoded as a varint",
    }
    LongPayinAddress "long-payin-address" {
        fails: ["SWAP-PAYLOAD-005"],
        what: "the payin address is 151 characters, in the payload and in payinAddress",
    }
    EmptyCurrencyTo "empty-currency-to" {
        fails: ["SWAP-PAYLOAD-006", "SWAP-BIND-004"],
        what: "currency_to (field 8) is empty",
    }
    WrongNonce "wrong-nonce" {
        fails: ["SWAP-PAYLOAD-007"],
        what: "device_transaction_id_ng (field 12) holds 32 bytes other than the nonce",
    }
    Nonce31Bytes "nonce-31-bytes" {
        fails: ["SWAP-PAYLOAD-007"],
        what: "device_transaction_id_ng (field 12) holds the first 31 bytes of the nonce",
    }
    // 64 hex characters in a 10-character field, no field 12: the nonce is missing from its
    // field, field 11 is set, and it is too long for field 11.
    NonceInField11 "nonce-in-field-11" {
        fails: ["SWAP-PAYLOAD-005", "SWAP-PAYLOAD-006", "SWAP-PAYLOAD-007"],
        warns: ["SWAP-PAYLOAD-008"],
        what: "the nonce is put in the legacy field 11 as hex text and field 12 is empty (64 characters, over field 11's 10)",
    }
    ZeroAmountToWallet "zero-amount-to-wallet" {
        fails: ["SWAP-PAYLOAD-009"],
        what: "amount_to_wallet (field 10) is the single byte 00",
    }
    Amount17Bytes "amount-17-bytes" {
        fails: ["SWAP-PAYLOAD-005", "SWAP-PAYLOAD-009"],
        what: "amount_to_wallet (field 10) is left-padded with zeros to 17 bytes",
    }
    ExtraIdAndData "extra-id-and-data" {
        fails: ["SWAP-PAYLOAD-010"],
        what: "payin_extra_id and a 33-byte payin_extra_data are both set",
    }
    // The payin address is sent twice to pass the size limit: the decoder warns about the
    // repeated field.
    OversizePayload "oversize-payload" {
        fails: ["SWAP-PAYLOAD-011"],
        warns: ["SWAP-PAYLOAD-004"],
        what: "a valid message longer than 497 base64url characters (a 120-character payin address, sent twice)",
    }
    // Binding of the payload to the request (SWAP-BIND-*).
    WrongRefundAddress "wrong-refund-address" {
        fails: ["SWAP-BIND-001"],
        what: "refund_address (field 3) differs from the request's refundAddress",
    }
    WrongPayoutAddress "wrong-payout-address" {
        fails: ["SWAP-BIND-002"],
        what: "payout_address (field 5) differs from the request's payoutAddress",
    }
    WrongCurrencyFrom "wrong-currency-from" {
        fails: ["SWAP-BIND-003"],
        what: "currency_from (field 7) differs from payloadCurrencyFrom",
    }
    WrongCurrencyTo "wrong-currency-to" {
        fails: ["SWAP-BIND-004"],
        what: "currency_to (field 8) differs from payloadCurrencyTo",
    }
    PayinAddressMismatch "payin-address-mismatch" {
        fails: ["SWAP-BIND-005"],
        what: "the JSON payinAddress differs from payin_address in the payload",
    }
    AmountOffByOne "amount-off-by-one" {
        fails: ["SWAP-BIND-006"],
        what: "amount_to_provider is one base unit less than amount × 10^decimals",
    }
    FloatRounding "float-rounding" {
        fails: ["SWAP-BIND-006"],
        what: "amount_to_provider is computed with f64 and truncated (0.29 BTC gives 28999999 satoshis); one unit less where f64 happens to be exact",
    }
    // Signature (SWAP-SIG-*).
    DerSignature "der-signature" {
        fails: ["SWAP-SIG-001"],
        what: "the signature is DER-encoded instead of 64-byte r‖s",
    }
    ShortSignature "short-signature" {
        fails: ["SWAP-SIG-001"],
        what: "the signature is 63 bytes: r‖s without left padding (a case is forced)",
    }
    SignatureWithoutDot "signature-without-dot" {
        fails: ["SWAP-SIG-002"],
        what: "the signature covers the payload without the `.` prefix",
    }
    SignatureOverRawProtobuf "signature-over-raw-protobuf" {
        fails: ["SWAP-SIG-002"],
        what: "the signature covers the raw protobuf bytes",
    }
    // The `=` padding itself is the provider's choice (the `padded-payload` variant passes).
    PaddingMismatch "padding-mismatch" {
        fails: ["SWAP-SIG-002"],
        what: "the payload is returned with `=` padding but the unpadded form is signed",
    }
    WrongKey "wrong-key" {
        fails: ["SWAP-SIG-002"],
        what: "the signature is made with a key other than the registered one",
    }
    // The device accepts high-S signatures: nothing may fail.
    HighS "high-s" {
        fails: [],
        what: "the signature uses the high-S form (n − s); NOT a failure, the device accepts it",
    }
    // Ledger Live warns about r or s starting with a zero byte; the device accepts it.
    LeadingZeroSignature "leading-zero-signature" {
        fails: [],
        warns: ["SWAP-SIG-003"],
        what: "r or s starts with a zero byte (a fresh deposit address is drawn until one does); NOT a failure, a warning (SWAP-SIG-003)",
    }
    // Legacy swap flow (SWAP-LEGACY-*); each implies legacy mode.
    LegacyBase64Payload "legacy-base64-payload" {
        fails: ["SWAP-LEGACY-001"],
        what: "legacy flow: the payload is base64url instead of hex (signed correctly over the raw bytes); implies --legacy",
    }
    LegacyWrongNonce "legacy-wrong-nonce" {
        fails: ["SWAP-LEGACY-002"],
        what: "legacy flow: field 11 holds 10 letters other than the nonce; implies --legacy",
    }
    LegacyOversize "legacy-oversize" {
        fails: ["SWAP-LEGACY-004"],
        what: "legacy flow: a 140-character payin address makes the transaction longer than one APDU; implies --legacy",
    }
    LegacySignedOverHexText "legacy-signed-over-hex-text" {
        fails: ["SWAP-LEGACY-005"],
        what: "legacy flow: the signature covers the hex text instead of the raw protobuf bytes; implies --legacy",
    }
    // Current swap API behaviour.
    // The status of the reused id (in both swap APIs) is then the last swap's, made from
    // another quote.
    ReusedSwapId "reused-swap-id" {
        fails: ["SWAP-SWAP-003"],
        warns: ["SWAP-STATUS-005", "V1-STATUS-003"],
        what: "every swap answers the same swapId (suite check of swapId uniqueness)",
    }
    QuoteAmountsAsNumbers "quote-amounts-as-numbers" {
        fails: ["SWAP-QUOTE-002"],
        what: "/quote answers its amounts as JSON numbers instead of decimal strings",
    }
    QuoteMissingExpiry "quote-missing-expiry" {
        fails: ["SWAP-QUOTE-002", "SWAP-QUOTE-005"],
        what: "/quote answers without `expiry`",
    }
    QuoteShortExpiry "quote-short-expiry" {
        fails: ["SWAP-QUOTE-005"],
        what: "/quote advertises an expiry of now + 20 s (the minimum is 60 s); the quote itself stays usable for 10 minutes",
    }
    SlowQuote "slow-quote" {
        fails: ["SWAP-QUOTE-003"],
        what: "/quote answers after 6 s (the latency budget is 5 s)",
    }
    MinAboveMax "min-above-max" {
        fails: ["SWAP-QUOTE-010"],
        what: "/quote answers minAmountFrom above maxAmountFrom",
    }
    WrongMinimumErrorKey "wrong-minimum-error-key" {
        fails: ["SWAP-QUOTE-007"],
        what: "an amount below the minimum answers TO_CURRENCY_MINIMUM_AMOUNT_ERROR",
    }
    WrongMaximumErrorKey "wrong-maximum-error-key" {
        fails: ["SWAP-QUOTE-008"],
        what: "an amount above the maximum answers TO_CURRENCY_MAXIMUM_AMOUNT_ERROR, the key before the 2024-08-14 rename",
    }
    // The error keys are right; only the example's limit fields are missing.
    MissingAdditionalFields "missing-additional-fields" {
        fails: [],
        informs: ["SWAP-QUOTE-011", "SWAP-QUOTE-012"],
        what: "minimum and maximum amount errors come without additionalFields",
    }
    UnknownPair200 "unknown-pair-200" {
        fails: ["SWAP-QUOTE-009"],
        what: "/quote on an unknown pair answers 200 with a quote",
    }
    UnknownQuote200 "unknown-quote-200" {
        fails: ["SWAP-SWAP-005"],
        what: "/swap/fixed with an unknown quoteId answers 200 with a swap",
    }
    // An unknown status never reaches a final state, so the poll times out too.
    StatusBadEnum "status-bad-enum" {
        fails: ["SWAP-STATUS-002"],
        warns: ["SWAP-STATUS-003"],
        what: "/status answers status COMPLETED, which is not in the documented enum",
    }
    StatusUnknown200 "status-unknown-200" {
        fails: ["SWAP-STATUS-004"],
        what: "/status of an unknown swapId answers 200",
    }
    NoAuth "no-auth" {
        fails: [],
        warns: ["SWAP-AUTH-001", "SWAP-AUTH-002"],
        what: "/v2 accepts requests without X-API-KEY or with a wrong one",
    }
    TextContentType "text-content-type" {
        fails: ["SWAP-HTTP-001"],
        what: "/v2 JSON answers are typed text/plain",
    }
    PairsCursorLoop "pairs-cursor-loop" {
        fails: ["SWAP-PAIRS-003"],
        what: "/pairs never ends: the last page's next_cursor points back to the first page",
    }
    PairsDuplicate "pairs-duplicate" {
        fails: ["SWAP-PAIRS-003"],
        what: "/pairs lists the btc → eth pair twice",
    }
    // The bare array has neither `currencies` nor a cursor, so no currency of /pairs is
    // found listed either.
    CurrenciesBareArray "currencies-bare-array" {
        fails: ["SWAP-CUR-002", "SWAP-CUR-003"],
        warns: ["SWAP-PAIRS-006"],
        what: "/currencies answers the pre-2025 bare array, without pagination",
    }
    MissingProfilePair "missing-profile-pair" {
        fails: ["SWAP-PAIRS-005"],
        what: "/pairs does not list btc → eth, a pair of the profile",
    }
    // An error body is not a currency list: the schema and the pagination fail with the status.
    Currencies500 "currencies-500" {
        flows: "swap/currencies",
        fails: ["SWAP-CUR-001", "SWAP-CUR-002", "SWAP-CUR-003"],
        what: "/currencies answers 500 with an ErrorPayload",
    }
    // Likewise for pairs; the limits assertion finds no pair to compare. (The filter leaves out
    // the `pair advertised` flow, which would fail SWAP-PAIRS-005 too.)
    Pairs500 "pairs-500" {
        flows: "swap/pairs",
        fails: ["SWAP-PAIRS-001", "SWAP-PAIRS-002", "SWAP-PAIRS-003", "SWAP-PAIRS-004"],
        what: "/pairs answers 500 with an ErrorPayload",
    }
    PairsMinAboveMax "pairs-min-above-max" {
        fails: ["SWAP-PAIRS-004"],
        what: "/pairs gives each pair a minSwapAmount above its maxSwapAmount",
    }
    PairsMissingTradeMethod "pairs-missing-trade-method" {
        fails: ["SWAP-PAIRS-002"],
        what: "/pairs lists pairs without tradeMethod",
    }
    Quote201 "quote-201" {
        fails: ["SWAP-QUOTE-001"],
        what: "/quote answers 201 Created instead of 200 (the body is right)",
    }
    // The swap steps after the quote are skipped for want of a quote id.
    QuoteMissingQuoteId "quote-missing-quote-id" {
        fails: ["SWAP-QUOTE-002", "SUITE-CAPTURE"],
        what: "fixed quotes come without quoteId, so no swap can follow",
    }
    FixedQuoteIsFloat "fixed-quote-is-float" {
        fails: ["SWAP-QUOTE-004"],
        what: "fixed quotes say tradeMethod float (quoteId and expiry are still there)",
    }
    FloatQuoteIsFixed "float-quote-is-fixed" {
        fails: ["SWAP-QUOTE-006"],
        what: "/quote ignores tradeMethod float and answers a fixed quote",
    }
    Swap201 "swap-201" {
        fails: ["SWAP-SWAP-001", "SWAP-SWAP-004"],
        what: "/swap/fixed and /swap/float answer 201 Created instead of 200 (the body is right)",
    }
    SwapMissingCreatedAt "swap-missing-created-at" {
        fails: ["SWAP-SWAP-002"],
        what: "/swap answers without createdAt",
    }
    Status202 "status-202" {
        fails: ["SWAP-STATUS-001"],
        what: "/status answers 202 Accepted instead of 200 (the body is right)",
    }
    // Cross-references, echoes and polled states (current swap API).
    PairsUnlistedCurrency "pairs-unlisted-currency" {
        fails: [],
        warns: ["SWAP-PAIRS-006"],
        what: "/pairs also lists btc → zec, a currency /currencies does not list",
    }
    QuoteAmountNotEchoed "quote-amount-not-echoed" {
        fails: [],
        warns: ["SWAP-QUOTE-013"],
        what: "/quote answers an `amount` with a digit 1 appended, not the amount asked (the quote itself is for the amount asked)",
    }
    StatusWrongQuoteId "status-wrong-quote-id" {
        fails: [],
        warns: ["SWAP-STATUS-005"],
        what: "/status gives a fresh id as `quoteId`, not the quote the swap was made from",
    }
    StatusPendingMissingFees "status-pending-missing-fees" {
        fails: ["SWAP-STATUS-002"],
        what: "/status answers its PENDING state without payoutNetworkFees (the final state is whole)",
    }
    // Buy API.
    // min > max also puts the profile's amount outside the advertised limits, and
    // the provider's real limits then differ from the advertised ones.
    BuyCapabilitiesMinAboveMax "buy-capabilities-min-above-max" {
        flows: "buy/",
        fails: ["BUY-CAP-003", "BUY-CAP-004"],
        warns: ["BUY-QUOTE-006"],
        what: "buy /capabilities gives each fiat a minAmount above its maxAmount",
    }
    BuyQuoteAmountString "buy-quote-amount-string" {
        flows: "buy/",
        fails: ["BUY-QUOTE-002"],
        what: "buy /quote answers cryptoAmount as a string instead of a number",
    }
    BuyQuoteZeroCrypto "buy-quote-zero-crypto" {
        flows: "buy/",
        fails: ["BUY-QUOTE-003"],
        what: "buy /quote answers cryptoAmount 0",
    }
    BuyNoAuth "buy-no-auth" {
        flows: "buy/",
        fails: ["BUY-AUTH-001", "BUY-AUTH-002"],
        what: "buy /quote and /buy-redirect accept requests without a valid X-API-KEY",
    }
    BuyAcceptsOutOfRange "buy-accepts-out-of-range" {
        flows: "buy/",
        fails: [],
        warns: ["BUY-QUOTE-006"],
        what: "buy /quote and /buy-redirect accept amounts outside [minAmount, maxAmount]",
    }
    BuyRedirectRelativeUrl "buy-redirect-relative-url" {
        flows: "buy/",
        fails: ["BUY-REDIRECT-002"],
        what: "buy /buy-redirect answers a relative rampRedirectUrl",
    }
    // `FRA` is not alpha-2, and the profile's country `FR` is then not advertised.
    BuyBadCountryCode "buy-bad-country-code" {
        flows: "buy/",
        fails: ["BUY-CAP-002", "BUY-CAP-005"],
        what: "buy /capabilities lists country FRA, not an ISO-3166 alpha-2 code",
    }
    // An error body has no capabilities: every assertion on them fails with the status. (The
    // filter leaves out `quote errors`, whose limits could not be captured.)
    BuyCapabilities500 "buy-capabilities-500" {
        flows: "buy/capabilities",
        fails: ["BUY-CAP-001", "BUY-CAP-002", "BUY-CAP-003", "BUY-CAP-004", "BUY-CAP-005"],
        what: "buy /capabilities answers 500",
    }
    // An error body is not a list of ids, and lists no currency.
    BuyCrypto500 "buy-crypto-500" {
        flows: "buy/",
        fails: ["BUY-CRYPTO-001", "BUY-CRYPTO-002", "BUY-CRYPTO-003"],
        what: "buy /crypto-currencies answers 500",
    }
    BuyCryptoTickers "buy-crypto-tickers" {
        flows: "buy/",
        fails: ["BUY-CRYPTO-002"],
        what: "buy /crypto-currencies lists the USDT token by its ticker instead of its Ledger id",
    }
    BuyCryptoMissingProfileCurrency "buy-crypto-missing-profile-currency" {
        flows: "buy/",
        fails: ["BUY-CRYPTO-003"],
        what: "buy /crypto-currencies does not list bitcoin, the profile's crypto currency (it is still sold)",
    }
    // An error body has none of the quote's fields.
    BuyQuote500 "buy-quote-500" {
        flows: "buy/",
        fails: ["BUY-QUOTE-001", "BUY-QUOTE-002", "BUY-QUOTE-003", "BUY-QUOTE-004", "BUY-QUOTE-007", "BUY-QUOTE-008"],
        what: "buy /quote answers 500 to a valid request",
    }
    BuyQuoteWrongCrypto "buy-quote-wrong-crypto" {
        flows: "buy/",
        fails: ["BUY-QUOTE-004"],
        what: "buy /quote answers `to: ethereum` whatever crypto currency was asked",
    }
    BuyQuoteWrongFiat "buy-quote-wrong-fiat" {
        flows: "buy/",
        fails: ["BUY-QUOTE-007"],
        what: "buy /quote answers `from: USD` when asked EUR (and EUR when asked anything else)",
    }
    BuyQuoteWrongFiatAmount "buy-quote-wrong-fiat-amount" {
        flows: "buy/",
        fails: ["BUY-QUOTE-008"],
        what: "buy /quote answers a `fiatAmount` one more than asked (the crypto amount is for the amount asked)",
    }
    BuyQuoteAcceptsBadParams "buy-quote-accepts-bad-params" {
        flows: "buy/",
        fails: ["BUY-QUOTE-005"],
        what: "buy /quote answers 200 to a non-integer amount or a missing parameter (it quotes 100 EUR of bitcoin instead)",
    }
    // An error body has no rampRedirectUrl to check.
    BuyRedirect500 "buy-redirect-500" {
        flows: "buy/",
        fails: ["BUY-REDIRECT-001", "BUY-REDIRECT-002"],
        what: "buy /buy-redirect answers 500 to a valid request",
    }
    BuyTextContentType "buy-text-content-type" {
        flows: "buy/",
        fails: ["BUY-HTTP-001"],
        what: "buy JSON answers are typed text/plain",
    }
    // Seed-era swap API.
    V1CheckQuoteBody "v1-check-quote-body" {
        flows: "swap-v1",
        fails: ["V1-CHECK-001"],
        what: "seed-era /check_quote answers 200 with a body instead of an empty one",
    }
    V1KycCodeUnknown "v1-kyc-code-unknown" {
        flows: "swap-v1",
        fails: ["V1-CHECK-004"],
        what: "seed-era KYC refusals use code KYC_LEVEL_TOO_LOW, not in the documented list",
    }
    V1MissingAlg "v1-missing-alg" {
        flows: "swap-v1",
        fails: [],
        warns: ["V1-SWAP-002"],
        what: "seed-era providerSig.header has no `alg`",
    }
    V1IpCheckAcceptsAll "v1-ip-check-accepts-all" {
        flows: "swap-v1",
        fails: [],
        warns: ["V1-IP-002"],
        what: "seed-era /ip_check accepts the rejected range 198.51.100.0/24",
    }
    V1StatusBadState "v1-status-bad-state" {
        flows: "swap-v1",
        fails: ["V1-STATUS-002"],
        what: "seed-era /status answers a state outside open, expired, pending_recv, pending_settlement, completed, finished",
    }
    V1TextContentType "v1-text-content-type" {
        flows: "swap-v1",
        fails: [],
        warns: ["V1-HTTP-001"],
        what: "seed-era JSON answers are typed text/plain",
    }
    V1PairsMissingTradeMethod "v1-pairs-missing-trade-method" {
        flows: "swap-v1",
        fails: ["V1-PAIRS-001"],
        what: "seed-era /pairs lists pairs without tradeMethod",
    }
    V1MissingProfilePair "v1-missing-profile-pair" {
        flows: "swap-v1",
        fails: ["V1-PAIRS-002"],
        what: "seed-era /pairs does not list btc → eth, a pair of the profile",
    }
    V1Quote201 "v1-quote-201" {
        flows: "swap-v1",
        fails: ["V1-QUOTE-001"],
        what: "seed-era /quote answers 201 Created instead of 200 (the body is right)",
    }
    V1QuoteMissingMethod "v1-quote-missing-method" {
        flows: "swap-v1",
        fails: ["V1-QUOTE-002"],
        what: "seed-era /quote answers without method (or tradeMethod)",
    }
    V1QuoteShortExpiry "v1-quote-short-expiry" {
        flows: "swap-v1",
        fails: ["V1-QUOTE-003"],
        what: "seed-era /quote advertises an expiry of now + 20 s; the quote stays usable for 10 minutes",
    }
    V1QuoteAmountNotEchoed "v1-quote-amount-not-echoed" {
        flows: "swap-v1",
        fails: [],
        warns: ["V1-QUOTE-004"],
        what: "seed-era /quote answers an `amountFrom` with a digit 1 appended, not the amount asked",
    }
    V1UnknownQuote200 "v1-unknown-quote-200" {
        flows: "swap-v1",
        fails: ["V1-CHECK-002"],
        what: "seed-era /check_quote of an unknown quote answers an empty 200",
    }
    V1CheckQuoteNoToken200 "v1-check-quote-no-token-200" {
        flows: "swap-v1",
        fails: [],
        warns: ["V1-CHECK-003"],
        what: "seed-era /check_quote without any bearer token answers an empty 200",
    }
    V1StatusWrongQuoteId "v1-status-wrong-quote-id" {
        flows: "swap-v1",
        fails: [],
        warns: ["V1-STATUS-003"],
        what: "seed-era /status gives a fresh id as the quote id, not the quote asked about",
    }
    V1Swap201 "v1-swap-201" {
        flows: "swap-v1",
        fails: ["V1-SWAP-001"],
        what: "seed-era /swap answers 201 Created instead of 200 (the body is right)",
    }
    V1Status202 "v1-status-202" {
        flows: "swap-v1",
        fails: ["V1-STATUS-001"],
        what: "seed-era /status answers 202 Accepted instead of 200 (the body is right)",
    }
    V1IpCheckRejectsAll "v1-ip-check-rejects-all" {
        flows: "swap-v1",
        fails: [],
        warns: ["V1-IP-001"],
        what: "seed-era /ip_check also rejects the accepted IP",
    }
    // Lane "widgets" (issue 13): the reference widgets in a real browser (WIDGET-*). Each
    // run keeps only the widget flows; without a browser these checks are not run.
    WidgetUnframeable "widget-unframeable" {
        flows: "widgets",
        fails: ["WIDGET-FRAME-001"],
        what: "the login widget answers `X-Frame-Options: DENY` and `frame-ancestors 'none'`",
    }
    WidgetMessageShape "widget-message-shape" {
        flows: "widgets",
        fails: ["WIDGET-LOGIN-001"],
        what: "the login widget posts `{token}` instead of `{user_id, bearer_token}` or `setToken`",
    }
    WidgetTokenOpaque "widget-token-opaque" {
        flows: "widgets",
        fails: ["WIDGET-TOKEN-001"],
        what: "the login widget's token is an opaque string, not a JWT",
    }
    WidgetTokenExpired "widget-token-expired" {
        flows: "widgets",
        fails: ["WIDGET-TOKEN-001"],
        what: "the login widget's token is a JWT whose `exp` has passed",
    }
    WidgetNoClose "widget-no-close" {
        flows: "widgets",
        fails: ["WIDGET-EXIT-001"],
        what: "the login widget calls `setToken` but never `closeWidget`",
    }
    WidgetLate "widget-late" {
        flows: "widgets",
        fails: ["WIDGET-TIME-001"],
        what: "the login widget sends its token and exits 1.5 s after its timeout",
    }
    WidgetKycIgnoresQuote "widget-kyc-ignores-quote" {
        flows: "widgets",
        fails: ["WIDGET-KYC-002"],
        what: "the KYC widget answers `KYC_OK` whatever the quote it was given",
    }
    WidgetScriptError "widget-script-error" {
        flows: "widgets",
        fails: ["WIDGET-SCRIPT-001"],
        what: "the login widget throws an uncaught error right after it exits",
    }
    WidgetLogin404 "widget-login-404" {
        flows: "widgets",
        fails: ["WIDGET-LOAD-001"],
        what: "the login widget's page answers 404",
    }
    WidgetLoginFormChanged "widget-login-form-changed" {
        flows: "widgets",
        fails: ["WIDGET-STEPS-001"],
        what: "the login form's e-mail field is `#mail`, not the `#email` the profile's steps fill",
    }
    WidgetTokenRefused "widget-token-refused" {
        flows: "widgets",
        fails: ["WIDGET-TOKEN-002", "WIDGET-KYC-002"],
        what: "the login widget hands out a JWT the API does not know (`/check_quote` and `/swap` answer UNKNOW_USER, so the KYC answers differ from the profile's too)",
    }
    WidgetKycUnknownCode "widget-kyc-unknown-code" {
        flows: "widgets",
        fails: ["WIDGET-KYC-001"],
        what: "the KYC widget posts `{code: \"VERIFIED\"}`, no documented code",
    }
    BuyWidgetSlow "buy-widget-slow" {
        flows: "widgets",
        fails: ["WIDGET-BUY-001"],
        what: "the buy widget's page takes 1.5 s longer than the profile's budget to load",
    }
    BuyWidgetDropsAddress "buy-widget-drops-address" {
        flows: "widgets",
        fails: ["WIDGET-BUY-002"],
        what: "the buy widget does not show the destination address it was given",
    }
    // Pair sweep lane (SWEEP-*): pairs the profile does not name, so only the sweep meets them.
    SweepUnquotablePair "sweep-unquotable-pair" {
        flows: "sweep",
        fails: ["SWEEP-001"],
        what: "/pairs lists btc→usdt, but /quote refuses it with 404 SWAP_PAIR_NOT_FOUND_ERROR",
    }
    SweepNarrowLimits "sweep-narrow-limits" {
        flows: "sweep",
        fails: ["SWEEP-002"],
        what: "/quote refuses eth→btc amounts below ten times its advertised minSwapAmount (400 FROM_CURRENCY_MINIMUM_AMOUNT_ERROR)",
    }
    // Onboarding lane: /currencies against Ledger's coin list (LIST-*).
    CurrencyNotInLedgerList "currency-not-in-ledger-list" {
        flows: "swap/currencies",
        fails: [],
        warns: ["LIST-CUR-001"],
        what: "/currencies also lists `plasma-coin` on a blockchain `plasmaverse` that Ledger's list does not have",
    }
    BtcListedOnEthereum "btc-listed-on-ethereum" {
        flows: "swap/pair in Ledger's list",
        fails: ["LIST-PAIR-001", "LIST-PAIR-002"],
        what: "/currencies lists `btc` with chainId 1 (Ethereum), so the profile's BTC ticker and 8 decimals disagree with what /currencies says `btc` is",
    }
    // Lane: trade methods, pending test swaps and KYC users (issue 10).
    // A pair /pairs does not list is still quoted and swapped with both methods: only what
    // /pairs advertises makes a trade method not applicable, never its silence.
    // The limits and cross-reference assertions find no pair to compare either.
    PairsEmpty "pairs-empty" {
        fails: ["SWAP-PAIRS-004", "SWAP-PAIRS-005"],
        warns: ["SWAP-PAIRS-006"],
        what: "/pairs lists no pair at all (every pair is still quoted and swapped)",
    }
    V1KycPendingAccepted "v1-kyc-pending-accepted" {
        flows: "swap-v1/KYC user",
        fails: ["V1-KYC-001", "V1-KYC-002"],
        what: "seed-era /check_quote and /swap answer the KYC-pending test user as if its KYC were complete (KYC_OK)",
    }
}

impl Fault {
    /// True for the faults of the legacy swap flow (`legacy-*`), which switch the provider to
    /// legacy mode.
    pub fn needs_legacy(self) -> bool {
        self.name().starts_with("legacy-")
    }

    /// The kebab-case name used on the command line.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The requirement ids a run with this fault must fail.
    pub fn fails(self) -> &'static [&'static str] {
        self.spec().fails
    }

    /// The requirement ids a run with this fault must warn about.
    pub fn warns(self) -> &'static [&'static str] {
        self.spec().warns
    }

    /// The `example` requirement ids a run with this fault must report as information.
    pub fn informs(self) -> &'static [&'static str] {
        self.spec().informs
    }

    /// The run filter that keeps the flows where the fault shows; empty for every flow.
    pub fn flows(self) -> &'static str {
        self.spec().flows.unwrap_or_default()
    }

    /// What the fault does, followed by the requirement ids it fails and warns about.
    pub fn description(self) -> String {
        let s = self.spec();
        let mut tags = Vec::new();
        if !s.fails.is_empty() {
            tags.push(format!("fails {}", s.fails.join(", ")));
        }
        if !s.warns.is_empty() {
            tags.push(format!("warns {}", s.warns.join(", ")));
        }
        if !s.informs.is_empty() {
            tags.push(format!("informs {}", s.informs.join(", ")));
        }
        if tags.is_empty() {
            s.what.to_string()
        } else {
            format!("{} [{}]", s.what, tags.join("; "))
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
    use crate::catalogue::{self, Force};
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
            assert!(
                !f.spec().what.is_empty(),
                "{f} says nothing of what it does"
            );
        }
        assert!("no-such-fault".parse::<Fault>().is_err());
    }

    #[test]
    fn descriptions_say_what_a_run_must_show() {
        assert_eq!(
            Fault::LeadingDot.description().rsplit('[').next(),
            Some("fails SWAP-PAYLOAD-002]")
        );
        assert_eq!(
            Fault::PaddingMismatch.description().rsplit('[').next(),
            Some("fails SWAP-SIG-002]")
        );
        assert!(Fault::HighS.fails().is_empty() && Fault::HighS.warns().is_empty());
        assert!(!Fault::HighS.description().contains('['));
        assert_eq!(Fault::LeadingZeroSignature.warns(), ["SWAP-SIG-003"]);
    }

    /// A `should` requirement never fails a run, so no fault can expect it to.
    #[test]
    fn expected_ids_are_in_the_catalogue_and_only_musts_fail() {
        for f in Fault::ALL {
            for id in f.fails() {
                let r = catalogue::requirement(id)
                    .unwrap_or_else(|| panic!("{f}: `{id}` is not in the catalogue"));
                assert_eq!(
                    r.force,
                    Force::Must,
                    "{f} expects `{id}` to fail, but it is {}",
                    r.force.word()
                );
            }
            for id in f.warns() {
                assert!(
                    catalogue::requirement(id).is_some(),
                    "{f}: `{id}` is not in the catalogue"
                );
            }
        }
    }
}
