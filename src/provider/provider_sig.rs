//! Builds a swap's device payload and signs it: the `providerSig` of `/swap` answers.
//!
//! The signature is ECDSA-SHA256 over the ASCII bytes of `"." + payload`, where `payload` is
//! the base64url (no padding) of the encoded `NewTransactionResponse`; it is sent as the
//! base64url of the 64-byte `r ‖ s` (spec §2.5). This module uses only its own encoder and
//! the RustCrypto signer, never the harness's verifier.

use super::addresses::{payin_address, payin_memo};
use super::catalog::Pair;
use super::decimal::{Dec, minimal_be};
use super::payload::NewTransactionResponse;
use super::state::ProviderState;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use prost::Message;

/// What the user asked for, already validated.
#[derive(Debug, Clone)]
pub(crate) struct SwapOrder<'a> {
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
    pub(crate) nonce: [u8; 32],
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

/// Builds, encodes and signs the payload of `order` with a fresh deposit address.
pub(crate) fn sign_swap(
    state: &ProviderState,
    order: &SwapOrder,
) -> Result<SignedSwap, PayloadError> {
    let from = order.pair.currency_from();
    let to = order.pair.currency_to();
    let amount_to_provider = order
        .amount_from
        .to_base_units(from.decimals)
        .ok_or_else(|| PayloadError(format!("amount has more than {} decimals", from.decimals)))?;
    let amount_to_wallet = order
        .amount_to
        .to_base_units(to.decimals)
        .ok_or_else(|| PayloadError("amountTo is not representable".into()))?;
    let payin = payin_address(from, &state.ids);
    let memo = from.needs_memo.then(|| payin_memo(&state.ids));
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
        device_transaction_id: String::new(),
        device_transaction_id_ng: order.nonce.to_vec(),
        payin_extra_data: Vec::new(),
    };
    let payload = URL_SAFE_NO_PAD.encode(message.encode_to_vec());
    let signing_input = format!(".{payload}");
    let signature = URL_SAFE_NO_PAD.encode(state.key.sign(signing_input.as_bytes()).to_rs());
    Ok(SignedSwap {
        payin_address: payin,
        payin_extra_id: memo,
        payload,
        signature,
    })
}
