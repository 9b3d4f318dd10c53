//! Builds and signs the payload of the legacy swap flow (a provider registered as version 1,
//! ledger-integration §2.5 "Legacy swap via LL", §7.7): the 10-letter device nonce in field 11
//! (field 12 empty), `providerSig.payload` as the hex of the protobuf, and `signature` as the hex
//! of the 64-byte `r ‖ s` of ECDSA-SHA256 over the raw protobuf bytes, on secp256k1. The whole
//! transaction must fit one APDU: `1 + len + 1 + fee_len ≤ 255` bytes.
//!
//! Like `provider_sig`, it uses only its own encoding and the RustCrypto signer, never the
//! harness's verifier. Only the `legacy-*` faults apply here.

use super::addresses::{long_address, payin_address, payin_memo};
use super::decimal::minimal_be;
use super::faults::Fault;
use super::nonce::to_hex;
use super::payload::NewTransactionResponse;
use super::provider_sig::{PayloadError, SignedSwap, SwapOrder};
use super::state::ProviderState;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use prost::Message;

/// Length of the legacy device nonce: 10 letters `A`–`Z`.
pub(crate) const LEGACY_NONCE_LEN: usize = 10;

/// One short APDU, in bytes.
const APDU_LIMIT: usize = 255;

/// The fee length the budget keeps room for (Ledger Live sends the fee after the payload).
const FEE_LEN: usize = 8;

/// Length of the payin address under the `legacy-oversize` fault: within the 150-character
/// field limit, but the transaction no longer fits one APDU.
const OVERSIZE_PAYIN_LEN: usize = 140;

/// `text` as a legacy device nonce: exactly 10 ASCII letters `A`–`Z`.
pub(crate) fn parse_legacy_nonce(text: &str) -> Option<[u8; LEGACY_NONCE_LEN]> {
    let bytes: [u8; LEGACY_NONCE_LEN] = text.as_bytes().try_into().ok()?;
    bytes.iter().all(u8::is_ascii_uppercase).then_some(bytes)
}

/// Largest protobuf that fits one APDU with an 8-byte fee.
pub(crate) const MAX_LEGACY_PROTOBUF: usize = APDU_LIMIT - 2 - FEE_LEN;

/// Builds, encodes and signs the legacy payload of `order` with a fresh deposit address.
pub(crate) fn sign_legacy_swap(
    state: &ProviderState,
    order: &SwapOrder<[u8; LEGACY_NONCE_LEN]>,
) -> Result<SignedSwap, PayloadError> {
    let from = order.pair.currency_from();
    let (amount_to_provider, amount_to_wallet) = super::provider_sig::exact_amounts(order)?;
    let payin = if state.has(Fault::LegacyOversize) {
        long_address(OVERSIZE_PAYIN_LEN, &state.ids)
    } else {
        payin_address(from, &state.ids)
    };
    let memo = from.needs_memo.then(|| payin_memo(&state.ids));
    let nonce = if state.has(Fault::LegacyWrongNonce) {
        other_letters(&order.nonce)
    } else {
        order.nonce
    };
    let message = NewTransactionResponse {
        payin_address: payin.clone(),
        payin_extra_id: memo.clone().unwrap_or_default(),
        refund_address: order.refund_address.to_string(),
        refund_extra_id: order.refund_extra_id.to_string(),
        payout_address: order.payout_address.to_string(),
        payout_extra_id: order.payout_extra_id.to_string(),
        currency_from: order.payload_currency_from.to_string(),
        currency_to: order.payload_currency_to.to_string(),
        amount_to_provider: minimal_be(amount_to_provider),
        amount_to_wallet: minimal_be(amount_to_wallet),
        device_transaction_id: String::from_utf8_lossy(&nonce).into_owned(),
        device_transaction_id_ng: Vec::new(),
        payin_extra_data: Vec::new(),
    };
    let raw = message.encode_to_vec();
    if raw.len() > MAX_LEGACY_PROTOBUF && !state.has(Fault::LegacyOversize) {
        return Err(PayloadError(format!(
            "the legacy transaction would be {} bytes, over one {APDU_LIMIT}-byte APDU: shorten \
             the addresses or extra ids",
            raw.len() + 2 + FEE_LEN
        )));
    }
    let payload = if state.has(Fault::LegacyBase64Payload) {
        URL_SAFE_NO_PAD.encode(&raw)
    } else {
        to_hex(&raw)
    };
    let signed_bytes = if state.has(Fault::LegacySignedOverHexText) {
        payload.as_bytes().to_vec()
    } else {
        raw
    };
    let signature = to_hex(&state.key.sign(&signed_bytes).to_rs());
    Ok(SignedSwap {
        payin_address: payin,
        payin_extra_id: memo,
        payload,
        signature,
    })
}

/// Ten letters that differ from `nonce` at every position.
fn other_letters(nonce: &[u8; LEGACY_NONCE_LEN]) -> [u8; LEGACY_NONCE_LEN] {
    nonce.map(|b| if b == b'Z' { b'A' } else { b + 1 })
}

#[cfg(test)]
mod tests {
    use super::super::addresses::{USER_BTC, USER_XLM, USER_XLM_MEMO};
    use super::super::catalog::{dec, pair};
    use super::super::keys::tests::verifies;
    use super::super::nonce::parse_hex;
    use super::super::options::ProviderOptions;
    use super::*;
    use crate::curve::Curve;

    const NONCE: [u8; 10] = *b"QQQQQQQQQQ";

    fn state(faults: &[Fault]) -> ProviderState {
        ProviderState::new(&ProviderOptions {
            secret_key: Some([9u8; 32]),
            faults: faults.to_vec(),
            legacy: true,
            ..ProviderOptions::default()
        })
        .unwrap()
    }

    fn btc_eth() -> SwapOrder<'static, [u8; 10]> {
        super::super::provider_sig::tests::btc_eth_order(NONCE)
    }

    /// The reference profile's XLM → BTC pair: the largest legacy payload it produces.
    fn xlm_btc() -> SwapOrder<'static, [u8; 10]> {
        let pair = pair("xlm", "btc").unwrap();
        SwapOrder {
            pair,
            amount_from: dec("25"),
            amount_to: pair.terms(dec("25")).unwrap().amount_to,
            refund_address: USER_XLM,
            refund_extra_id: USER_XLM_MEMO,
            payout_address: USER_BTC,
            payout_extra_id: "",
            payload_currency_from: "XLM",
            payload_currency_to: "BTC",
            nonce: NONCE,
        }
    }

    fn raw(swap: &SignedSwap) -> Vec<u8> {
        let bytes: Vec<u8> = (0..swap.payload.len() / 2)
            .map(|i| u8::from_str_radix(&swap.payload[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        assert_eq!(to_hex(&bytes), swap.payload, "lowercase hex");
        bytes
    }

    fn sig(swap: &SignedSwap) -> Vec<u8> {
        let padded = format!("{:0>128}", swap.signature);
        let (r, s) = padded.split_at(64);
        [parse_hex(r).unwrap(), parse_hex(s).unwrap()].concat()
    }

    #[test]
    fn nonce_is_ten_capital_letters() {
        assert_eq!(parse_legacy_nonce("QQQQQQQQQQ"), Some(NONCE));
        assert!(parse_legacy_nonce("QQQQQQQQQ").is_none());
        assert!(parse_legacy_nonce("QQQQQQQQQq").is_none());
        assert!(parse_legacy_nonce("QQQQQQQQQ1").is_none());
        assert!(parse_legacy_nonce(&"ab".repeat(32)).is_none());
    }

    #[test]
    fn conforming_legacy_payload_is_hex_signed_over_raw_bytes_and_fits_one_apdu() {
        let s = state(&[]);
        for order in [btc_eth(), xlm_btc()] {
            for _ in 0..50 {
                let swap = sign_legacy_swap(&s, &order).unwrap();
                let bytes = raw(&swap);
                let m = NewTransactionResponse::decode(bytes.as_slice()).unwrap();
                assert_eq!(m.device_transaction_id.as_bytes(), NONCE);
                assert!(m.device_transaction_id_ng.is_empty());
                assert_eq!(m.payin_address, swap.payin_address);
                assert_eq!(m.refund_address, order.refund_address);
                assert_eq!(swap.signature.len(), 128);
                assert!(verifies(&s.key, &bytes, &sig(&swap)));
                // Below the verifier's 90 % warning line too (1 + len + 1 + 8 < 229.5).
                assert!(1 + bytes.len() + 1 + FEE_LEN < 230, "{} bytes", bytes.len());
            }
        }
    }

    #[test]
    fn legacy_faults_break_their_rule_only() {
        let (s, swap) = {
            let s = state(&[Fault::LegacyBase64Payload]);
            let swap = sign_legacy_swap(&s, &btc_eth()).unwrap();
            (s, swap)
        };
        let bytes = URL_SAFE_NO_PAD.decode(&swap.payload).unwrap();
        assert!(NewTransactionResponse::decode(bytes.as_slice()).is_ok());
        assert!(verifies(&s.key, &bytes, &sig(&swap)));

        let s = state(&[Fault::LegacyWrongNonce]);
        let swap = sign_legacy_swap(&s, &btc_eth()).unwrap();
        let bytes = raw(&swap);
        let m = NewTransactionResponse::decode(bytes.as_slice()).unwrap();
        assert_eq!(m.device_transaction_id, "RRRRRRRRRR");
        assert!(verifies(&s.key, &bytes, &sig(&swap)));

        let s = state(&[Fault::LegacyOversize]);
        let swap = sign_legacy_swap(&s, &btc_eth()).unwrap();
        let bytes = raw(&swap);
        assert!(1 + bytes.len() + 1 + FEE_LEN > APDU_LIMIT);
        assert_eq!(swap.payin_address.len(), OVERSIZE_PAYIN_LEN);
        assert!(verifies(&s.key, &bytes, &sig(&swap)));

        let s = state(&[Fault::LegacySignedOverHexText]);
        let swap = sign_legacy_swap(&s, &btc_eth()).unwrap();
        assert!(!verifies(&s.key, &raw(&swap), &sig(&swap)));
        assert!(verifies(&s.key, swap.payload.as_bytes(), &sig(&swap)));
    }

    #[test]
    fn legacy_faults_imply_legacy_mode() {
        let s = ProviderState::new(&ProviderOptions {
            faults: vec![Fault::LegacyWrongNonce],
            ..ProviderOptions::default()
        })
        .unwrap();
        assert!(s.legacy);
        assert_eq!(s.curve(), Curve::Secp256k1);
    }

    #[test]
    fn other_letters_differ_everywhere() {
        let other = other_letters(b"AZQQQQQQQQ");
        assert_eq!(&other, b"BARRRRRRRR");
    }
}
