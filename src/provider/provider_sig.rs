//! Builds a swap's device payload and signs it: the `providerSig` of `/swap` answers.
//!
//! The signature is ECDSA-SHA256 over the ASCII bytes of `"." + payload`, where `payload` is
//! the base64url (no padding) of the encoded `NewTransactionResponse`; it is sent as the
//! base64url of the 64-byte `r ‖ s` (spec §2.5). This module uses only its own encoder and
//! the RustCrypto signer, never the harness's verifier.
//!
//! The payload and signature faults are applied here, each at the one step it corrupts.

use super::addresses::{long_address, payin_address, payin_memo};
use super::catalog::Pair;
use super::decimal::{Dec, minimal_be};
use super::faults::Fault;
use super::payload::NewTransactionResponse;
use super::state::ProviderState;
use super::variants::Variant;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use prost::Message;
use prost::encoding::{WireType, encode_key, encode_varint};

/// What the user asked for, already validated. `N` is the device nonce: 32 bytes in the NG
/// flow, 10 letters in the legacy flow (`legacy_sig`).
#[derive(Debug, Clone)]
pub(crate) struct SwapOrder<'a, N = [u8; 32]> {
    pub(crate) pair: &'static Pair,
    /// Amount sent by the user, whole `from` coins.
    pub(crate) amount_from: Dec,
    /// Amount the user receives, whole `to` coins.
    pub(crate) amount_to: Dec,
    pub(crate) refund_address: &'a str,
    pub(crate) refund_extra_id: &'a str,
    pub(crate) payout_address: &'a str,
    pub(crate) payout_extra_id: &'a str,
    pub(crate) payload_currency_from: &'a str,
    pub(crate) payload_currency_to: &'a str,
    pub(crate) nonce: N,
}

impl<'a, N> SwapOrder<'a, N> {
    /// The same order with another nonce.
    pub(crate) fn with_nonce<M>(&self, nonce: M) -> SwapOrder<'a, M> {
        SwapOrder {
            pair: self.pair,
            amount_from: self.amount_from,
            amount_to: self.amount_to,
            refund_address: self.refund_address,
            refund_extra_id: self.refund_extra_id,
            payout_address: self.payout_address,
            payout_extra_id: self.payout_extra_id,
            payload_currency_from: self.payload_currency_from,
            payload_currency_to: self.payload_currency_to,
            nonce,
        }
    }
}

/// The deposit details and the signed payload of one swap.
#[derive(Debug, Clone)]
pub(crate) struct SignedSwap {
    /// The `payinAddress` of the JSON answer.
    pub(crate) payin_address: String,
    /// The deposit memo, for currencies that need one.
    pub(crate) payin_extra_id: Option<String>,
    /// `providerSig.payload`.
    pub(crate) payload: String,
    /// `providerSig.signature`.
    pub(crate) signature: String,
}

/// The order cannot be expressed in a device payload (amount not representable).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct PayloadError(pub(crate) String);

/// Largest encoded message that still fits the 497-character base64url budget.
const MAX_PAYLOAD_BYTES: usize = 497 * 3 / 4;

/// Tries with fresh deposit addresses until a fault's precondition holds (a 63-byte signature
/// comes in about 128 tries).
const MAX_ATTEMPTS: usize = 20_000;

/// Tries before falling back to a filler field for `standard-base64` and `padding-mismatch`.
const NATURAL_ATTEMPTS: usize = 64;

/// Unknown field 15 (skipped by decoders, nanopb included) in sizes and contents that shift
/// the base64 alignment or spell `++++` (`fb ef be`) at each of the three alignments. Only
/// used when fresh deposit addresses do not produce a `+` or a `=` on their own: an ASCII
/// address can never encode to `+`, so it must come from the binary fields (nonce, amounts).
const FILLERS: &[&[u8]] = &[
    &[0x7a, 0x00],
    &[0x7a, 0x02, 0x00, 0x00],
    &[0x7a, 0x03, 0xfb, 0xef, 0xbe],
    &[0x7a, 0x04, 0x00, 0xfb, 0xef, 0xbe],
    &[0x7a, 0x05, 0x00, 0x00, 0xfb, 0xef, 0xbe],
];

/// The payin address length of the `oversize-payload` fault, which sends it twice.
const OVERSIZE_ADDRESS_LEN: usize = 120;

/// Builds, encodes and signs the payload of `order` with a fresh deposit address.
pub(crate) fn sign_swap(
    state: &ProviderState,
    order: &SwapOrder,
) -> Result<SignedSwap, PayloadError> {
    let amounts = base_amounts(state, order)?;
    let needs_filler = state.has(Fault::StandardBase64) || state.has(Fault::PaddingMismatch);
    for attempt in 0..MAX_ATTEMPTS {
        let filler =
            (needs_filler && attempt >= NATURAL_ATTEMPTS).then(|| FILLERS[attempt % FILLERS.len()]);
        let swap = build_once(state, order, amounts, filler.unwrap_or_default());
        let shown = attempt >= NATURAL_ATTEMPTS || variants_shown(state, &swap);
        if precondition_holds(state, &swap) && shown {
            return Ok(swap);
        }
    }
    Err(PayloadError(
        "could not produce the requested faulty payload".into(),
    ))
}

/// `(amount_to_provider, amount_to_wallet)` in base units, exactly as ordered (either flow).
pub(crate) fn exact_amounts<N>(order: &SwapOrder<N>) -> Result<(u128, u128), PayloadError> {
    let from = order.pair.currency_from();
    let to = order.pair.currency_to();
    let to_provider = order
        .amount_from
        .to_base_units(from.decimals)
        .ok_or_else(|| PayloadError(format!("amount has more than {} decimals", from.decimals)))?;
    let to_wallet = order
        .amount_to
        .to_base_units(to.decimals)
        .ok_or_else(|| PayloadError("amountTo is not representable".into()))?;
    Ok((to_provider, to_wallet))
}

/// `(amount_to_provider, amount_to_wallet)` in base units, with the amount faults applied.
fn base_amounts(state: &ProviderState, order: &SwapOrder) -> Result<(u128, u128), PayloadError> {
    let from = order.pair.currency_from();
    let (exact, to_wallet) = exact_amounts(order)?;
    let to_provider = if state.has(Fault::AmountOffByOne) {
        exact.saturating_sub(1)
    } else if state.has(Fault::FloatRounding) {
        float_scaled(order.amount_from, from.decimals)
            .filter(|f| *f != exact)
            .unwrap_or(exact.saturating_sub(1))
    } else {
        exact
    };
    Ok((to_provider, to_wallet))
}

/// `amount × 10^decimals` the way a float-based provider computes it: parse as f64,
/// multiply, truncate. Wrong for many decimals (0.29 × 10^8 = 28999999.999999996).
fn float_scaled(amount: Dec, decimals: u32) -> Option<u128> {
    let x: f64 = amount.to_string().parse().ok()?;
    let scaled = x * 10f64.powi(i32::try_from(decimals).ok()?);
    // `as` saturates and truncates toward zero: exactly the bug being imitated.
    (scaled.is_finite() && scaled >= 0.0).then_some(scaled as u128)
}

/// True when the faults that need a lucky draw got it.
fn precondition_holds(state: &ProviderState, swap: &SignedSwap) -> bool {
    if state.has(Fault::StandardBase64) && !swap.payload.contains('+') {
        return false;
    }
    if state.has(Fault::PaddingMismatch) && !swap.payload.ends_with('=') {
        return false;
    }
    if state.has(Fault::ShortSignature) {
        let len = URL_SAFE_NO_PAD
            .decode(&swap.signature)
            .map_or(0, |s| s.len());
        return len == 63;
    }
    // A careful provider re-signs when r or s would start with a zero byte: Ledger Live warns
    // about it as a firmware edge case (about 1 signature in 128). Here a fresh deposit address
    // gives a fresh signature. The `leading-zero-signature` fault keeps drawing until it does.
    let rs = URL_SAFE_NO_PAD.decode(swap.signature.trim_end_matches('='));
    let leading_zero = rs.is_ok_and(|rs| rs.len() == 64 && (rs[0] == 0 || rs[32] == 0));
    leading_zero == state.has(Fault::LeadingZeroSignature)
}

/// True when the variants that depend on the draw show in `swap`: a padded payload needs a
/// message whose length is not a multiple of 3, which a fresh deposit address usually gives.
fn variants_shown(state: &ProviderState, swap: &SignedSwap) -> bool {
    !state.chooses(Variant::PaddedPayload) || swap.payload.ends_with('=')
}

/// An amount in base units as the payload carries it: minimal big-endian bytes, or 16 bytes
/// under the `16-byte-amounts` variant.
fn amount_bytes(state: &ProviderState, value: u128) -> Vec<u8> {
    if state.chooses(Variant::SixteenByteAmounts) {
        value.to_be_bytes().to_vec()
    } else {
        minimal_be(value)
    }
}

/// A ticker that differs from `ticker`.
fn other_ticker(ticker: &str) -> String {
    if ticker.eq_ignore_ascii_case("LTC") {
        "DOGE"
    } else {
        "LTC"
    }
    .to_string()
}

/// One attempt: a fresh deposit address, the message, its encoding and its signature.
fn build_once(
    state: &ProviderState,
    order: &SwapOrder,
    amounts: (u128, u128),
    filler: &[u8],
) -> SignedSwap {
    let from = order.pair.currency_from();
    let to = order.pair.currency_to();
    let payin = if state.has(Fault::LongPayinAddress) {
        long_address(151, &state.ids)
    } else if state.has(Fault::OversizePayload) {
        // Sent twice: over 497 characters, and still well within the device's 512-byte
        // buffer when variants lengthen the other fields (16-byte amounts, empty fields).
        long_address(OVERSIZE_ADDRESS_LEN, &state.ids)
    } else {
        payin_address(from, &state.ids)
    };
    let json_payin = if state.has(Fault::PayinAddressMismatch) {
        payin_address(from, &state.ids)
    } else {
        payin.clone()
    };
    let mut memo = from.needs_memo.then(|| payin_memo(&state.ids));
    let mut message = NewTransactionResponse {
        payin_address: payin,
        payin_extra_id: String::new(),
        refund_address: order.refund_address.to_string(),
        refund_extra_id: order.refund_extra_id.to_string(),
        payout_address: order.payout_address.to_string(),
        payout_extra_id: order.payout_extra_id.to_string(),
        currency_from: order.payload_currency_from.to_string(),
        currency_to: order.payload_currency_to.to_string(),
        amount_to_provider: amount_bytes(state, amounts.0),
        amount_to_wallet: amount_bytes(state, amounts.1),
        device_transaction_id: String::new(),
        device_transaction_id_ng: order.nonce.to_vec(),
        payin_extra_data: Vec::new(),
    };
    if state.has(Fault::WrongRefundAddress) {
        message.refund_address = payin_address(from, &state.ids);
    }
    if state.has(Fault::WrongPayoutAddress) {
        message.payout_address = payin_address(to, &state.ids);
    }
    if state.has(Fault::WrongCurrencyFrom) {
        message.currency_from = other_ticker(order.payload_currency_from);
    }
    if state.has(Fault::WrongCurrencyTo) {
        message.currency_to = other_ticker(order.payload_currency_to);
    }
    if state.has(Fault::EmptyCurrencyTo) {
        message.currency_to.clear();
    }
    if state.has(Fault::ZeroAmountToWallet) {
        message.amount_to_wallet = vec![0];
    }
    if state.has(Fault::Amount17Bytes) {
        let mut padded = vec![0u8; 17 - message.amount_to_wallet.len().min(17)];
        padded.extend_from_slice(&message.amount_to_wallet);
        message.amount_to_wallet = padded;
    }
    if state.has(Fault::WrongNonce) {
        let mut other = state.ids.bytes();
        if other == order.nonce {
            other[0] ^= 0xff;
        }
        message.device_transaction_id_ng = other.to_vec();
    }
    if state.has(Fault::Nonce31Bytes) {
        message.device_transaction_id_ng.truncate(31);
    }
    if state.has(Fault::NonceInField11) {
        message.device_transaction_id = super::nonce::to_hex(&order.nonce);
        message.device_transaction_id_ng.clear();
    }
    if state.has(Fault::ExtraIdAndData) {
        // Type 02 (OP_RETURN) and a 32-byte hash: valid extra data, if it came alone.
        memo.get_or_insert_with(|| payin_memo(&state.ids));
        message.payin_extra_data = [&[0x02][..], &state.ids.bytes()].concat();
    }
    message.payin_extra_id = memo.clone().unwrap_or_default();
    if state.chooses(Variant::ExtraData00) && message.payin_extra_data.is_empty() {
        message.payin_extra_data = vec![0];
    }
    let mut raw = encode(state, &message);
    raw.extend_from_slice(filler);
    let (payload, unpadded) = text_payload(state, &raw);
    let signing_input: Vec<u8> = if state.has(Fault::SignatureWithoutDot) {
        payload.clone().into_bytes()
    } else if state.has(Fault::SignatureOverRawProtobuf) {
        raw
    } else if state.has(Fault::PaddingMismatch) {
        format!(".{unpadded}").into_bytes()
    } else {
        format!(".{payload}").into_bytes()
    };
    SignedSwap {
        payin_address: json_payin,
        payin_extra_id: memo,
        payload,
        signature: signature_text(state, &signature(state, &signing_input)),
    }
}

/// The base64url text of the signature bytes, padded under the `padded-signature` variant.
fn signature_text(state: &ProviderState, bytes: &[u8]) -> String {
    if state.chooses(Variant::PaddedSignature) {
        URL_SAFE.encode(bytes)
    } else {
        URL_SAFE_NO_PAD.encode(bytes)
    }
}

/// The protobuf bytes of `message`, with the wire-level faults applied.
fn encode(state: &ProviderState, message: &NewTransactionResponse) -> Vec<u8> {
    if state.has(Fault::WrongWireType) {
        // Field 9 is `bytes` (wire type 2); write the amount as a varint (wire type 0).
        let amount = message.amount_to_provider.iter().fold(0u64, |acc, b| {
            acc.saturating_mul(256).saturating_add(u64::from(*b))
        });
        let mut without = message.clone();
        without.amount_to_provider.clear();
        let mut out = without.encode_to_vec();
        encode_key(9, WireType::Varint, &mut out);
        encode_varint(amount, &mut out);
        return out;
    }
    let mut out = if super::payload_variants::any(state) {
        super::payload_variants::encode(state, message)
    } else {
        message.encode_to_vec()
    };
    if state.has(Fault::OversizePayload) {
        // A repeated occurrence of a non-repeated field is legal (the last one wins); the
        // same value again keeps the decoded message unchanged.
        let mut first = Vec::new();
        encode_key(1, WireType::LengthDelimited, &mut first);
        encode_varint(message.payin_address.len() as u64, &mut first);
        first.extend_from_slice(message.payin_address.as_bytes());
        while out.len() <= MAX_PAYLOAD_BYTES {
            out = [first.as_slice(), &out].concat();
        }
    }
    if state.has(Fault::TruncatedProtobuf) {
        out.truncate(out.len().saturating_sub(5));
    }
    out
}

/// `(providerSig.payload, its unpadded base64url form)` for `raw`.
fn text_payload(state: &ProviderState, raw: &[u8]) -> (String, String) {
    let unpadded = URL_SAFE_NO_PAD.encode(raw);
    let payload = if state.has(Fault::StandardBase64) {
        STANDARD_NO_PAD.encode(raw)
    } else if state.has(Fault::PaddingMismatch) || state.chooses(Variant::PaddedPayload) {
        URL_SAFE.encode(raw)
    } else {
        unpadded.clone()
    };
    if state.has(Fault::LeadingDot) {
        (format!(".{payload}"), unpadded)
    } else {
        (payload, unpadded)
    }
}

/// The signature bytes over `input`, in the format the faults ask for.
fn signature(state: &ProviderState, input: &[u8]) -> Vec<u8> {
    let key = if state.has(Fault::WrongKey) {
        &state.other_key
    } else {
        &state.key
    };
    if state.has(Fault::DerSignature) {
        key.sign_der(input)
    } else if state.has(Fault::HighS) || state.chooses(Variant::HighS) {
        // Under the `high-s` variant the short signature is a high-S one too (only its r can
        // be short then: a high s is above n/2).
        let sig = key.sign_high_s(input);
        if state.has(Fault::ShortSignature) {
            sig.to_unpadded_rs()
        } else {
            sig.to_rs()
        }
    } else if state.has(Fault::ShortSignature) {
        key.sign(input).to_unpadded_rs()
    } else {
        key.sign(input).to_rs()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::addresses::{USER_BTC, USER_ETH};
    use super::super::catalog::{dec, pair};
    use super::super::keys::tests::{verifies, verifies_der};
    use super::super::options::ProviderOptions;
    use super::*;
    use crate::curve::Curve;

    const NONCE: [u8; 32] = [0x35; 32];

    /// Did the fault happen, given the faulty and the conforming message?
    type FieldCheck = fn(&NewTransactionResponse, &NewTransactionResponse) -> bool;

    fn state(faults: &[Fault], curve: Curve) -> ProviderState {
        ProviderState::new(&ProviderOptions {
            curve,
            secret_key: Some([9u8; 32]),
            faults: faults.to_vec(),
            ..ProviderOptions::default()
        })
        .unwrap()
    }

    fn order() -> SwapOrder<'static> {
        btc_eth_order(NONCE)
    }

    /// The reference profile's BTC → ETH swap of 0.29 BTC, with `nonce` in either flow's form.
    pub(crate) fn btc_eth_order<N>(nonce: N) -> SwapOrder<'static, N> {
        let pair = pair("btc", "eth").unwrap();
        SwapOrder {
            pair,
            amount_from: dec("0.29"),
            amount_to: pair.terms(dec("0.29")).unwrap().amount_to,
            refund_address: USER_BTC,
            refund_extra_id: "",
            payout_address: USER_ETH,
            payout_extra_id: "",
            payload_currency_from: "BTC",
            payload_currency_to: "ETH",
            nonce,
        }
    }

    /// The swap signed by a provider with exactly `fault` on (secp256k1).
    fn swap_with(fault: Fault) -> (ProviderState, SignedSwap) {
        let s = state(&[fault], Curve::Secp256k1);
        let swap = sign_swap(&s, &order()).unwrap();
        (s, swap)
    }

    fn raw(payload: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(payload).expect("base64url payload")
    }

    fn decoded(payload: &str) -> NewTransactionResponse {
        NewTransactionResponse::decode(raw(payload).as_slice()).expect("protobuf")
    }

    fn sig_bytes(swap: &SignedSwap) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(&swap.signature).unwrap()
    }

    /// True when the swap's signature is a valid r‖s over `"." + payload` (the device rule).
    fn device_signature_ok(s: &ProviderState, swap: &SignedSwap) -> bool {
        verifies(
            &s.key,
            format!(".{}", swap.payload).as_bytes(),
            &sig_bytes(swap),
        )
    }

    #[test]
    fn conforming_payload_is_exact_and_signed_on_both_curves() {
        for curve in [Curve::Secp256k1, Curve::Secp256r1] {
            let s = state(&[], curve);
            let swap = sign_swap(&s, &order()).unwrap();
            assert!(device_signature_ok(&s, &swap));
            assert_eq!(sig_bytes(&swap).len(), 64);
            let m = decoded(&swap.payload);
            assert_eq!(m.payin_address, swap.payin_address);
            assert_eq!(m.refund_address, USER_BTC);
            assert_eq!(m.payout_address, USER_ETH);
            assert_eq!(
                (m.currency_from.as_str(), m.currency_to.as_str()),
                ("BTC", "ETH")
            );
            assert_eq!(m.amount_to_provider, minimal_be(29_000_000));
            assert_eq!(m.amount_to_wallet, minimal_be(4_784_850_000_000_000_000));
            assert_eq!(m.device_transaction_id_ng, NONCE.to_vec());
            assert!(m.device_transaction_id.is_empty() && m.payin_extra_data.is_empty());
            assert!(swap.payload.len() <= 497);
        }
    }

    #[test]
    fn leading_dot_is_signed_over_dot_plus_returned_payload() {
        let (s, swap) = swap_with(Fault::LeadingDot);
        let rest = swap.payload.strip_prefix('.').expect("leading dot");
        assert_eq!(decoded(rest).device_transaction_id_ng, NONCE.to_vec());
        assert!(device_signature_ok(&s, &swap));
    }

    #[test]
    fn standard_base64_really_contains_a_plus() {
        let (s, swap) = swap_with(Fault::StandardBase64);
        assert!(swap.payload.contains('+'));
        assert!(URL_SAFE_NO_PAD.decode(&swap.payload).is_err());
        let bytes = STANDARD_NO_PAD.decode(&swap.payload).unwrap();
        assert!(NewTransactionResponse::decode(bytes.as_slice()).is_ok());
        assert!(device_signature_ok(&s, &swap));
    }

    #[test]
    fn plus_and_padding_are_forced_whatever_the_nonce() {
        let eth_btc = pair("eth", "btc").unwrap();
        for nonce in [[0u8; 32], [0xff; 32], [0x35; 32]] {
            for fault in [Fault::StandardBase64, Fault::PaddingMismatch] {
                let s = state(&[fault], Curve::Secp256k1);
                let order = SwapOrder {
                    pair: eth_btc,
                    amount_from: dec("1"),
                    amount_to: eth_btc.terms(dec("1")).unwrap().amount_to,
                    refund_address: USER_ETH,
                    payout_address: USER_BTC,
                    payload_currency_from: "ETH",
                    payload_currency_to: "BTC",
                    nonce,
                    ..order()
                };
                let swap = sign_swap(&s, &order).unwrap();
                let bytes = if fault == Fault::StandardBase64 {
                    assert!(swap.payload.contains('+'), "{}", swap.payload);
                    STANDARD_NO_PAD.decode(&swap.payload).unwrap()
                } else {
                    assert!(swap.payload.ends_with('='), "{}", swap.payload);
                    URL_SAFE.decode(&swap.payload).unwrap()
                };
                let m = NewTransactionResponse::decode(bytes.as_slice()).unwrap();
                assert_eq!(m.device_transaction_id_ng, nonce.to_vec());
                assert_eq!(m.payout_address, USER_BTC);
            }
        }
    }

    #[test]
    fn truncated_protobuf_does_not_decode_but_is_signed() {
        let (s, swap) = swap_with(Fault::TruncatedProtobuf);
        assert!(NewTransactionResponse::decode(raw(&swap.payload).as_slice()).is_err());
        assert!(device_signature_ok(&s, &swap));
    }

    #[test]
    fn wrong_wire_type_encodes_field_9_as_varint() {
        let (s, swap) = swap_with(Fault::WrongWireType);
        let bytes = raw(&swap.payload);
        assert!(NewTransactionResponse::decode(bytes.as_slice()).is_err());
        let mut key = Vec::new();
        encode_key(9, WireType::Varint, &mut key);
        assert!(bytes.windows(key.len()).any(|w| w == key.as_slice()));
        assert!(device_signature_ok(&s, &swap));
    }

    #[test]
    fn long_payin_address_is_151_characters_everywhere() {
        let (s, swap) = swap_with(Fault::LongPayinAddress);
        let m = decoded(&swap.payload);
        assert_eq!(m.payin_address.len(), 151);
        assert_eq!(m.payin_address, swap.payin_address);
        assert!(device_signature_ok(&s, &swap));
    }

    #[test]
    fn field_faults_change_only_their_field() {
        let good = decoded(
            &sign_swap(&state(&[], Curve::Secp256k1), &order())
                .unwrap()
                .payload,
        );
        let cases: [(Fault, FieldCheck); 11] = [
            (Fault::EmptyCurrencyTo, |m, _| m.currency_to.is_empty()),
            (Fault::WrongNonce, |m, _| {
                m.device_transaction_id_ng.len() == 32 && m.device_transaction_id_ng != NONCE
            }),
            (Fault::Nonce31Bytes, |m, _| {
                m.device_transaction_id_ng == NONCE[..31]
            }),
            (Fault::NonceInField11, |m, _| {
                m.device_transaction_id == super::super::nonce::to_hex(&NONCE)
                    && m.device_transaction_id_ng.is_empty()
            }),
            (Fault::ZeroAmountToWallet, |m, _| m.amount_to_wallet == [0]),
            (Fault::Amount17Bytes, |m, g| {
                m.amount_to_wallet.len() == 17 && m.amount_to_wallet.ends_with(&g.amount_to_wallet)
            }),
            (Fault::ExtraIdAndData, |m, _| {
                !m.payin_extra_id.is_empty() && m.payin_extra_data.len() == 33
            }),
            (Fault::WrongRefundAddress, |m, _| {
                m.refund_address != USER_BTC
            }),
            (Fault::WrongPayoutAddress, |m, _| {
                m.payout_address != USER_ETH
            }),
            (Fault::WrongCurrencyFrom, |m, _| {
                !m.currency_from.eq_ignore_ascii_case("BTC")
            }),
            (Fault::WrongCurrencyTo, |m, _| {
                !m.currency_to.is_empty() && !m.currency_to.eq_ignore_ascii_case("ETH")
            }),
        ];
        for (fault, happened) in cases {
            let (s, swap) = swap_with(fault);
            let m = decoded(&swap.payload);
            assert!(happened(&m, &good), "{fault}: {m:?}");
            assert!(device_signature_ok(&s, &swap), "{fault}");
            assert_eq!(m.payin_address, swap.payin_address, "{fault}");
        }
    }

    #[test]
    fn oversize_payload_is_valid_but_too_long() {
        let (s, swap) = swap_with(Fault::OversizePayload);
        assert!(swap.payload.len() > 497, "{}", swap.payload.len());
        let m = decoded(&swap.payload);
        assert_eq!(m.payin_address.len(), OVERSIZE_ADDRESS_LEN);
        assert_eq!(m.payin_address, swap.payin_address);
        assert_eq!(m.device_transaction_id_ng, NONCE.to_vec());
        // Room for the variants' longer fields below the device's 512-byte buffer.
        let raw = URL_SAFE_NO_PAD.decode(&swap.payload).unwrap();
        assert!(raw.len() <= 450, "{} bytes", raw.len());
        assert!(device_signature_ok(&s, &swap));
    }

    #[test]
    fn payin_address_mismatch_differs_only_in_json() {
        let (s, swap) = swap_with(Fault::PayinAddressMismatch);
        assert_ne!(decoded(&swap.payload).payin_address, swap.payin_address);
        assert!(device_signature_ok(&s, &swap));
    }

    #[test]
    fn amount_faults_miss_the_exact_amount() {
        let (_, swap) = swap_with(Fault::AmountOffByOne);
        assert_eq!(
            decoded(&swap.payload).amount_to_provider,
            minimal_be(28_999_999)
        );
        let (s, swap) = swap_with(Fault::FloatRounding);
        // f64: 0.29 × 1e8 = 28999999.999999996, truncated.
        assert_eq!(
            decoded(&swap.payload).amount_to_provider,
            minimal_be(28_999_999)
        );
        assert!(device_signature_ok(&s, &swap));
        assert_eq!(float_scaled(dec("0.29"), 8), Some(28_999_999));
        assert_eq!(float_scaled(dec("25"), 7), Some(250_000_000));
    }

    #[test]
    fn der_signature_is_der() {
        let (s, swap) = swap_with(Fault::DerSignature);
        let sig = sig_bytes(&swap);
        assert_eq!(sig[0], 0x30);
        assert_ne!(sig.len(), 64);
        assert!(verifies_der(
            &s.key,
            format!(".{}", swap.payload).as_bytes(),
            &sig
        ));
    }

    #[test]
    fn short_signature_is_63_bytes_of_a_valid_signature() {
        let (s, swap) = swap_with(Fault::ShortSignature);
        let sig = sig_bytes(&swap);
        assert_eq!(sig.len(), 63);
        let msg = format!(".{}", swap.payload);
        let r_padded = [&[0u8][..], &sig].concat();
        let s_padded = [&sig[..32], &[0u8][..], &sig[32..]].concat();
        assert!(
            verifies(&s.key, msg.as_bytes(), &r_padded)
                || verifies(&s.key, msg.as_bytes(), &s_padded)
        );
    }

    /// Under the `high-s` variant the fault still shows: 63 bytes of a high-S signature.
    #[test]
    fn short_signature_under_high_s_is_short_and_high() {
        let s = ProviderState::new(&ProviderOptions {
            curve: Curve::Secp256k1,
            secret_key: Some([9u8; 32]),
            faults: vec![Fault::ShortSignature],
            variants: vec![Variant::HighS],
            ..ProviderOptions::default()
        })
        .unwrap();
        let swap = sign_swap(&s, &order()).unwrap();
        let sig = sig_bytes(&swap);
        assert_eq!(sig.len(), 63);
        // Only r can be short: a high s starts with a byte of 0x80 or more.
        assert!(sig[31] >= 0x80, "s is not high");
        let msg = format!(".{}", swap.payload);
        assert!(verifies(
            &s.key,
            msg.as_bytes(),
            &[&[0u8][..], &sig].concat()
        ));
    }

    #[test]
    fn conforming_signatures_never_start_with_a_zero_byte() {
        let state = state(&[], Curve::Secp256k1);
        for _ in 0..600 {
            let signed = sign_swap(&state, &order()).unwrap();
            let rs = URL_SAFE_NO_PAD.decode(&signed.signature).unwrap();
            assert!(rs[0] != 0 && rs[32] != 0, "r or s starts with 0x00");
        }
    }

    #[test]
    fn leading_zero_signature_starts_r_or_s_with_zero_and_verifies() {
        for curve in [Curve::Secp256k1, Curve::Secp256r1] {
            let s = state(&[Fault::LeadingZeroSignature], curve);
            let swap = sign_swap(&s, &order()).unwrap();
            let rs = sig_bytes(&swap);
            assert_eq!(rs.len(), 64);
            assert!(rs[0] == 0 || rs[32] == 0);
            assert!(device_signature_ok(&s, &swap));
            assert_eq!(decoded(&swap.payload).payin_address, swap.payin_address);
        }
    }

    #[test]
    fn signature_input_faults_sign_something_else() {
        let (s, swap) = swap_with(Fault::SignatureWithoutDot);
        assert!(!device_signature_ok(&s, &swap));
        assert!(verifies(&s.key, swap.payload.as_bytes(), &sig_bytes(&swap)));

        let (s, swap) = swap_with(Fault::SignatureOverRawProtobuf);
        assert!(!device_signature_ok(&s, &swap));
        assert!(verifies(&s.key, &raw(&swap.payload), &sig_bytes(&swap)));

        let (s, swap) = swap_with(Fault::PaddingMismatch);
        assert!(swap.payload.ends_with('='));
        assert!(!device_signature_ok(&s, &swap));
        let unpadded = format!(".{}", swap.payload.trim_end_matches('='));
        assert!(verifies(&s.key, unpadded.as_bytes(), &sig_bytes(&swap)));

        let (s, swap) = swap_with(Fault::WrongKey);
        assert!(!device_signature_ok(&s, &swap));
        let msg = format!(".{}", swap.payload);
        assert!(verifies(&s.other_key, msg.as_bytes(), &sig_bytes(&swap)));
    }

    #[test]
    fn high_s_is_high_and_still_valid() {
        for curve in [Curve::Secp256k1, Curve::Secp256r1] {
            let s = state(&[Fault::HighS], curve);
            let swap = sign_swap(&s, &order()).unwrap();
            let sig = sig_bytes(&swap);
            assert_eq!(sig.len(), 64);
            assert!(sig[32] >= 0x7f);
            assert!(device_signature_ok(&s, &swap));
        }
    }
}
