//! Conforming variants of the reference provider: each one makes a choice the sources leave
//! open, differently from the default, and cites the sentence that allows it.
//!
//! A certification verdict is only worth something if every conforming provider passes, not
//! only one that makes the same choices as the suites. `serve --variant NAME` and
//! `run --variant NAME` (repeatable) switch them on; `--list-variants` prints this table.
//! Variants of one `group` exclude each other (for example fixed-only and float-only pairs).
//!
//! Unlike a fault, a variant breaks no rule: a check that fails under a variant is a false
//! failure of the suites (the integration test `variants::` lists the ones still open).

use std::fmt;
use std::str::FromStr;

/// Which answers a variant changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// The signed NG payload of both swap APIs (`/v2/swap/*` and `/v1/swap`).
    Payload,
    /// The current swap API, under `/v2`.
    Swap,
    /// The seed documents' swap API, under `/v1`.
    SwapV1,
    /// The buy API, under `/buy`.
    Buy,
    /// Every JSON answer of every API.
    All,
}

impl Api {
    /// The short name shown by `--list-variants`.
    pub fn name(self) -> &'static str {
        match self {
            Api::Payload => "payload",
            Api::Swap => "swap",
            Api::SwapV1 => "swap_v1",
            Api::Buy => "buy",
            Api::All => "all",
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VariantInfo {
    /// The kebab-case name used on the command line.
    pub name: &'static str,
    pub api: Api,
    /// What the provider does differently from its default.
    pub changes: &'static str,
    /// The source that allows it: where, and the sentence.
    pub source: &'static str,
    /// Variants of the same group cannot be combined.
    pub group: Option<&'static str>,
}

/// Writes the enum, `ALL` and `info` from one table, so that they cannot disagree.
macro_rules! variants {
    ($( $variant:ident {
        name: $name:literal,
        api: $api:ident,
        changes: $changes:literal,
        source: $source:literal
        $(, group: $group:literal)? $(,)?
    } )*) => {
        /// A conforming choice of the reference provider, named in kebab-case.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Variant {
            $($variant,)*
        }

        impl Variant {
            /// Every variant, in table order.
            pub const ALL: &'static [Variant] = &[$(Variant::$variant,)*];

            /// The variant's row of the table.
            pub fn info(self) -> VariantInfo {
                match self {
                    $(Variant::$variant => VariantInfo {
                        name: $name,
                        api: Api::$api,
                        changes: $changes,
                        source: $source,
                        group: variants!(@group $($group)?),
                    },)*
                }
            }
        }
    };
    (@group) => { None };
    (@group $group:literal) => { Some($group) };
}

variants! {
    // The signed payload: encodings the device accepts.
    PaddedPayload {
        name: "padded-payload",
        api: Payload,
        changes: "providerSig.payload is base64url with `=` padding (a deposit address that needs it is preferred), signed over the padded text",
        source: "ledger-integration §2.5: \"Compute ECDSA-SHA256 over the ASCII bytes of \".\" + providerSig.payload, byte-for-byte as returned, including any = padding\"; the device's decoder \"strips up to two trailing =\"",
    }
    PaddedSignature {
        name: "padded-signature",
        api: Payload,
        changes: "providerSig.signature is base64url with its `=` padding (88 characters)",
        source: "ledger-integration §2.5: \"Output 64 bytes r‖s, each 32-byte big-endian and left-padded, base64url encoded. = padding is tolerated.\"",
    }
    HighS {
        name: "high-s",
        api: Payload,
        changes: "every signature is in the high-S form (s > n/2)",
        source: "ledger-integration §2.5: \"High-S is accepted.\" (Ledger Live: \"Exchange app … accepts high-S signatures\")",
    }
    SixteenByteAmounts {
        name: "16-byte-amounts",
        api: Payload,
        changes: "amount_to_provider and amount_to_wallet are 16-byte big-endian arrays, zero-padded, instead of minimal length",
        source: "seed swap how-to: \"Amounts must be in the lowest unit of the coin, encoded into a 16 bytes array in big endian.\"; ledger-integration §4.1: \"The device accepts 1–16 bytes and trims leading zeros\"",
    }
    UnknownProtobufField {
        name: "unknown-protobuf-field",
        api: Payload,
        changes: "the payload carries an unknown field 14 (a 4-byte string) after the known ones",
        source: "ledger-integration §7.3: decode \"with the nanopb-strict rules: … unknown fields are skipped\"; §2.1: field 13 is \"not in the developer docs or in LL's older copy of the proto\", so proto copies differ",
    }
    ReversedFieldOrder {
        name: "reversed-field-order",
        api: Payload,
        changes: "the payload's fields are written from the highest number down (13 … 1)",
        source: "seed swap how-to: \"using the protobuf tools we do a binary encoding of the protobuf\"; protobuf encoding guide (Field Order): \"parsers must be able to parse fields in any order\"",
    }
    ExplicitEmptyFields {
        name: "explicit-empty-fields",
        api: Payload,
        changes: "the unused payload fields (payin_extra_id, the extra ids, device_transaction_id 11, payin_extra_data 13) are written as zero-length fields instead of left out",
        source: "ledger-integration §7.4: \"Field 11 is empty, or exactly 10 chars for legacy\"; §2.1: payin_extra_data is \"empty, 00, or exactly 33 bytes\"",
    }
    ExtraData00 {
        name: "extra-data-00",
        api: Payload,
        changes: "payin_extra_data (field 13) is the single byte 00 when there is no extra data",
        source: "ledger-integration §2.1: payin_extra_data (13) is \"empty, `00`, or exactly 33 bytes\"; §2.5: only \"a non-trivial payin_extra_data (field 13: not empty and not the single byte 00)\" excludes payin_extra_id",
    }
    // The current swap API.
    FixedOnly {
        name: "fixed-only",
        api: Swap,
        changes: "/pairs advertises only `fixed`; /quote answers fixed quotes only, /swap/float refuses with 400 TRADE_METHOD_NOT_SUPPORTED",
        source: "swap OpenAPI, Pair.tradeMethod: an array of `fixed` | `float`; seed swap how-to /pairs: \"Array of supported swap pairs, with supported quote type (fixed / float)\"",
        group: "trade methods",
    }
    FloatOnly {
        name: "float-only",
        api: Swap,
        changes: "/pairs advertises only `float`; /quote answers float quotes only (no quoteId), /swap/fixed knows no quote",
        source: "swap OpenAPI, Pair.tradeMethod: an array of `fixed` | `float`; seed swap how-to /pairs: \"Array of supported swap pairs, with supported quote type (fixed / float)\"",
        group: "trade methods",
    }
    EvmChainIdOnly {
        name: "evm-chain-id-only",
        api: Swap,
        changes: "/currencies leaves out `blockchain` for EVM currencies, which carry a `chainId`",
        source: "swap OpenAPI, /currencies: \"for EVM networks this field may be omitted when chainId is defined\"; \"blockchain OR chainId should be defined\"",
    }
    OneItemPages {
        name: "one-item-pages",
        api: Swap,
        changes: "/currencies and /pairs return one item per page whatever the `limit`, with a `next_cursor`",
        source: "ledger-integration §4.1: GET /currencies and /pairs take `?limit&cursor` and return `\"next_cursor\":\"xxxxxxxx\"|null`: `limit` bounds a page, the cursor continues it",
    }
    QuoteRequiredFieldsOnly {
        name: "quote-required-fields-only",
        api: Swap,
        changes: "/quote answers only the required fields (amountTo, the three fees, tradeMethod, expiry) and quoteId for fixed quotes: no amount, limits or slippage",
        source: "ledger-integration §4.1: \"Required: amountTo, providerFees, referralFees, payoutNetworkFees, tradeMethod(fixed|float), expiry\"; swap OpenAPI: amount is \"optional, for consistency check\"",
    }
    FloatQuoteId {
        name: "float-quote-id",
        api: Swap,
        changes: "float quotes carry a quoteId too",
        source: "swap OpenAPI, QuoteResponse.quoteId: \"Unique identifier for the quote (Required only for fixed quotes)\": required for fixed, allowed for float",
    }
    FullScaleAmounts {
        name: "full-scale-amounts",
        api: Swap,
        changes: "decimal amounts are written at the currency's full scale, with trailing zeros (\"4.784850000000000000\")",
        source: "ledger-integration §4.1: \"Amount fields are decimal strings in whole-coin units, e.g. \"0.0001\"\": the value counts, not its scale",
    }
    ExampleTimestamps {
        name: "example-timestamps",
        api: Swap,
        changes: "expiry is written as in the quote example (`+0000`), createdAt as in the swap example (no zone)",
        source: "swap OpenAPI examples: expiry \"2022-04-04T09:10:51+0000\", createdAt \"2030-05-26T14:13:39\"; createdAt is \"Creation date of the swap payload in ISO-8601 format\"",
        group: "timestamp",
    }
    OffsetTimestamps {
        name: "offset-timestamps",
        api: Swap,
        changes: "expiry and createdAt are written with milliseconds and a +02:00 offset (the same instant)",
        source: "ledger-integration §4.1: \"expiry is an ISO-8601 string in the docs\"; swap OpenAPI: createdAt \"in ISO-8601 format\" (ISO 8601 allows any UTC offset and fractional seconds)",
        group: "timestamp",
    }
    GatewayAuthErrors {
        name: "gateway-auth-errors",
        api: Swap,
        changes: "a request without or with wrong credentials is refused by an API gateway: 401 `{\"message\": \"Unauthorized\"}`, no ErrorPayload",
        source: "ledger-integration §4.1: Ledger needs \"any backend authentication information (token in header…)\". No scheme is fixed; the swap OpenAPI gives ErrorPayload bodies for 400, 404 and 451 only, none for 401",
    }
    StatusOnHold {
        name: "status-on-hold",
        api: Swap,
        changes: "/status answers PENDING, then ON_HOLD, then FINISHED",
        source: "ledger-integration §4.1: \"ON_HOLD: e.g. KYC; the user contacts support\"; \"The UX doc calls FINISHED/EXPIRED/REFUNDED final and PENDING/ON_HOLD non-final\"",
        group: "status sequence",
    }
    StatusStaysPending {
        name: "status-stays-pending",
        api: Swap,
        changes: "/status answers PENDING for as long as it is asked: no deposit ever arrives in a test swap",
        source: "ledger-integration §4.1: \"PENDING: in progress\"; \"EXPIRED: the payin arrived late or not at all\" (a swap without payin stays pending until the provider expires it)",
        group: "status sequence",
    }
    StatusWithoutQuoteId {
        name: "status-without-quote-id",
        api: Swap,
        changes: "/status leaves out the optional quoteId",
        source: "ledger-integration §4.1, GET /status: \"All fields except the optional quoteId are required.\"",
    }
    // The seed documents' swap API.
    V1NoLogin {
        name: "v1-no-login",
        api: SwapV1,
        changes: "no login: /check_quote and /swap accept a request without a bearer token",
        source: "seed swap how-to: \"If you need to have a Login/KYC before the user can perform a swap, you must develop two widgets.\"; /check_quote input: \"bearerToken (can be NULL)\"",
    }
    V1StatusByQuoteId {
        name: "v1-status-by-quote-id",
        api: SwapV1,
        changes: "/swap returns no swapId; /status is keyed by the quote id alone and answers `{quoteId, status}`",
        source: "seed swap how-to: /status \"Input: quoteID.\"; /swap \"Output: payload, payload_signature.\" (no swapId)",
        group: "v1 status",
    }
    V1StatusProviderForm {
        name: "v1-status-provider-form",
        api: SwapV1,
        changes: "/status answers `{provider, swapId, status}` without the quoteId",
        source: "ledger-integration §4.2, POST /status: \"another version uses {\"provider\":\"changelly\",\"swapId\":\"id1\",\"status\":\"finished\"}\"",
        group: "v1 status",
    }
    V1StatusCompleted {
        name: "v1-status-completed",
        api: SwapV1,
        changes: "a finished swap's state is `completed` (the documented state) instead of `finished` (the example's)",
        source: "seed swap how-to, /status: \"Output: State (open, expired, pending_recv, pending_settlement, completed).\"",
    }
    V1CompactJws {
        name: "v1-compact-jws",
        api: SwapV1,
        changes: "providerSig is the compact JWS string `.<payload>.<signature>`",
        source: "seed swap how-to: \"The same JSW signature in compact form: \"providerSig\": \".Cg9oZWxsb0BsZWRnZXIuZnISA0JUQyIi…\"",
        group: "v1 providerSig",
    }
    V1NoJwsHeader {
        name: "v1-no-jws-header",
        api: SwapV1,
        changes: "providerSig is `{payload, signature}` without the informational `header`",
        source: "ledger-integration §2.4: \"kid is never seen by the device … Current docs say to send no protected/header at all, because Ledger stores the key and curve.\"",
        group: "v1 providerSig",
    }
    V1Quote2023Fields {
        name: "v1-quote-2023-fields",
        api: SwapV1,
        changes: "/quote answers the 2023 page's fields (amount, amountTo, the three fees, tradeMethod, expiry, limits): no rate, no method",
        source: "ledger-integration §4.2: \"The 2023 version of the page instead lists quoteId, amount, amountTo, providerFees, referralFees, payoutNetworkFees, tradeMethod, expiry, minAmountFrom, maxAmountFrom.\"",
    }
    V1QuoteIdSpelling {
        name: "v1-quote-id-spelling",
        api: SwapV1,
        changes: "answers spell the quote id `quoteID`, as the seed page's prose does",
        source: "seed swap how-to, /quote: \"Output: quoteID, rate, expiry, method (fixed/float), …\" (its example writes quoteId; the provider reads both)",
    }
    V1IpCheckInBody {
        name: "v1-ip-check-in-body",
        api: SwapV1,
        changes: "the IP check answers 200 with `{\"accepted\": false}` for a rejected IP instead of a 403",
        source: "seed swap how-to, IP address checking: \"Our back-end can adapt to how you decide to do this … your endpoint should tell us if the trade is accepted or rejected.\"",
    }
    V1ApiKey {
        name: "v1-api-key",
        api: SwapV1,
        changes: "every /v1 route requires the `X-API-KEY` header (401 `{code, error, description}` without it)",
        source: "ledger-integration §4.1: Ledger needs \"any backend authentication information (token in header…)\"; §8: \"Exact provider authentication scheme: agreed per provider.\"",
    }
    // The buy API.
    BuyCountriesCapabilities {
        name: "buy-countries-capabilities",
        api: Buy,
        changes: "/capabilities names its country list `countriesCapabilities` (the schema's key) instead of `countryCapabilities` (the example's)",
        source: "ledger-integration §5: \"Inconsistency: the example uses countryCapabilities, the schema uses countriesCapabilities.\"",
    }
    BuyUppercaseFiat {
        name: "buy-uppercase-fiat",
        api: Buy,
        changes: "/capabilities writes fiat codes in uppercase (EUR) instead of the example's lowercase (eur)",
        source: "ledger-integration §5: \"fiat is ISO-4217\" (whose codes are uppercase letters); the example writes \"eur\"",
    }
    BuyCapabilitiesExtras {
        name: "buy-capabilities-extras",
        api: Buy,
        changes: "/capabilities also lists `cryptoCurrencies` and a `successRate` per payment method",
        source: "ledger-integration §5: \"The schema description also mentions cryptoCurrencies and paymentMethods[].successRate.\"",
    }
    BuyJson400 {
        name: "buy-json-400",
        api: Buy,
        changes: "a bad /quote or /buy-redirect request answers 400 with a JSON ProviderServerError `{code, message}` instead of text/plain",
        source: "ledger-integration §5: \"Default error body is ProviderServerError {code:int32, message:string}\"; the text/plain 400 is given as an example (\"e.g. Invalid value for: …\")",
    }
    BuyApiKeyEverywhere {
        name: "buy-api-key-everywhere",
        api: Buy,
        changes: "/capabilities and /crypto-currencies require `X-API-KEY` too",
        source: "ledger-integration §4.1: Ledger needs \"any backend authentication information (token in header…)\"; §8: \"Exact provider authentication scheme: agreed per provider.\"",
    }
    // Every JSON answer.
    ExtraFields {
        name: "extra-fields",
        api: All,
        changes: "every JSON object answered at the top level (and every object of a top-level list) carries an extra `referenceNote` field",
        source: "swap OpenAPI: \"You can express any other constraints in your system by extending the error payload\", \"(you can add any useful field as you want)\"; seed swap how-to: \"the provider APIs don't need to follow this documentation exact pattern as long as the correct data is provided\"",
    }
    CharsetContentType {
        name: "charset-content-type",
        api: All,
        changes: "JSON answers are typed `application/json; charset=utf-8`",
        source: "RFC 8259 §11 (application/json): \"No 'charset' parameter is defined for this registration. Adding one really has no effect on compliant recipients.\"",
    }
    ReversedKeyOrder {
        name: "reversed-key-order",
        api: All,
        changes: "every JSON object is written with its keys in reverse order",
        source: "RFC 8259 §4: \"An object is an unordered collection of zero or more name/value pairs\"",
    }
    // Lane "widgets" (issue 13).
    WidgetsPostMessage {
        name: "widgets-post-message",
        api: SwapV1,
        changes: "the login widget posts the seed's `{user_id, bearer_token}` instead of calling Ledger Live's `window.ledger.setToken` and `closeWidget`",
        source: "seed swap how-to, Login Widget: \"Output (postMessage): userId, bearerToken: \"user_id\": \"xxxxxx\", \"bearer_token\": \"xxxxx\"\"",
    }
}

impl Variant {
    /// The kebab-case name used on the command line.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Whether `self` and `other` may be switched on together.
    pub fn compatible_with(self, other: Variant) -> bool {
        self == other || self.info().group.is_none() || self.info().group != other.info().group
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A variant name that is not in [`Variant::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown variant `{0}`")]
pub struct UnknownVariant(pub String);

impl FromStr for Variant {
    type Err = UnknownVariant;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Variant::ALL
            .iter()
            .copied()
            .find(|v| v.name() == s)
            .ok_or_else(|| UnknownVariant(s.to_string()))
    }
}

/// Parses variant names, refusing unknown ones (with the valid names) and incompatible pairs.
pub fn parse_variants(names: &[String]) -> Result<Vec<Variant>, String> {
    let mut out: Vec<Variant> = Vec::new();
    for name in names {
        let v = name.parse::<Variant>().map_err(|e| {
            let valid: Vec<&str> = Variant::ALL.iter().map(|v| v.name()).collect();
            format!("{e}; valid variants: {}", valid.join(", "))
        })?;
        if let Some(other) = out.iter().find(|o| !v.compatible_with(**o)) {
            return Err(format!(
                "variants `{other}` and `{v}` exclude each other ({})",
                v.info().group.unwrap_or_default()
            ));
        }
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

/// The `--list-variants` text: one block per variant.
pub fn list_text() -> String {
    let mut out = String::new();
    for v in Variant::ALL {
        let info = v.info();
        out.push_str(&format!(
            "{:<28} [{}] {}\n{:<28} allowed by {}\n",
            info.name,
            info.api.name(),
            info.changes,
            "",
            info.source
        ));
        if let Some(group) = info.group {
            out.push_str(&format!("{:<28} excludes the other {group} variants\n", ""));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        let mut seen = HashSet::new();
        for v in Variant::ALL {
            assert!(seen.insert(v.name()), "duplicate {v}");
            assert!(
                v.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{v}"
            );
            assert_eq!(v.name().parse::<Variant>(), Ok(*v));
        }
        assert!(Variant::ALL.len() >= 15);
    }

    #[test]
    fn every_variant_says_what_it_changes_and_cites_a_source() {
        for v in Variant::ALL {
            let info = v.info();
            assert!(info.changes.len() > 20, "{v}");
            // A citation names where, and quotes the sentence.
            assert!(info.source.contains('"'), "{v} quotes no sentence");
        }
    }

    #[test]
    fn groups_exclude_each_other_only() {
        assert!(!Variant::FixedOnly.compatible_with(Variant::FloatOnly));
        assert!(Variant::FixedOnly.compatible_with(Variant::FixedOnly));
        assert!(Variant::FixedOnly.compatible_with(Variant::HighS));
        assert!(Variant::HighS.compatible_with(Variant::PaddedPayload));
    }

    #[test]
    fn parsing_names_the_valid_variants_and_refuses_exclusive_pairs() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_variants(&names(&["high-s", "padded-payload", "high-s"])),
            Ok(vec![Variant::HighS, Variant::PaddedPayload])
        );
        let e = parse_variants(&names(&["high-z"])).unwrap_err();
        assert!(
            e.starts_with("unknown variant `high-z`; valid variants: "),
            "{e}"
        );
        assert!(e.contains("high-s"));
        let e = parse_variants(&names(&["fixed-only", "float-only"])).unwrap_err();
        assert!(e.contains("exclude each other"), "{e}");
    }

    #[test]
    fn the_list_shows_every_variant_with_its_source() {
        let text = list_text();
        for v in Variant::ALL {
            assert!(text.contains(v.name()), "{v}");
            assert!(text.contains(v.info().source), "{v}");
        }
    }
}
