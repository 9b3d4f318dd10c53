//! What the verifier compares the payload with: the signature mode, the partner key, and the
//! values of the /swap request (nonce, addresses, currencies, amount).

use super::base64;
use super::hex;
use super::key::PublicKey;
use crate::curve::Curve;

/// Which device flow the provider is registered for (CAL `service_app_version`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureMode {
    /// Version 2: base64url payload, 32-byte nonce, ECDSA-SHA256 over `"." + payload`.
    Ng,
    /// Version 1 or unset: hex payload, 10-char nonce, ECDSA-SHA256 over the raw protobuf,
    /// secp256k1 only.
    Legacy,
}

/// The provider's registration: flow, curve and public key.
#[derive(Debug, Clone)]
pub struct VerifyConfig {
    /// The flow.
    pub mode: SignatureMode,
    /// The registered curve.
    pub curve: Curve,
    /// The registered public key.
    pub public_key: PublicKey,
}

/// The nonce the device generated (START_NEW_TRANSACTION).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nonce {
    /// NG flows: 32 random bytes.
    Ng([u8; 32]),
    /// Legacy swap: 10 uppercase ASCII letters.
    Legacy(String),
}

/// Parses a nonce. NG: 64 hex characters, or the 43/44-character base64url form of 32 bytes
/// (pre-2024 docs). Legacy: exactly 10 characters `A`–`Z`.
pub fn parse_nonce(text: &str, mode: SignatureMode) -> Result<Nonce, String> {
    let text = text.trim();
    match mode {
        SignatureMode::Legacy => {
            if text.len() == 10 && text.bytes().all(|b| b.is_ascii_uppercase()) {
                Ok(Nonce::Legacy(text.to_owned()))
            } else {
                Err(format!(
                    "legacy nonce `{text}` must be exactly 10 uppercase letters A-Z"
                ))
            }
        }
        SignatureMode::Ng => {
            let bytes = if text.len() == 64 {
                hex::decode(text).map_err(|e| format!("nonce is not 64 hex characters: {e}"))?
            } else if text.len() == 43 || text.len() == 44 {
                base64::decode_lenient(text)
                    .map_err(|e| format!("nonce is not base64url of 32 bytes: {e}"))?
                    .bytes
            } else {
                return Err(format!(
                    "nonce is {} characters: expected 64 hex characters (32 bytes)",
                    text.chars().count()
                ));
            };
            let len = bytes.len();
            bytes
                .try_into()
                .map(Nonce::Ng)
                .map_err(|_| format!("nonce decodes to {len} bytes, expected 32"))
        }
    }
}

/// Values from the /swap request to compare with the payload. Every field is optional; a rule
/// whose expectation is missing is skipped, never passed.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    /// The nonce sent (`nonce` of the request).
    pub nonce: Option<Nonce>,
    /// `refundAddress`.
    pub refund_address: Option<String>,
    /// `refundAddressExtraId`; when `refund_address` is given, None means the request had none
    /// and the payload's must be empty.
    pub refund_extra_id: Option<String>,
    /// `payoutAddress`.
    pub payout_address: Option<String>,
    /// `payoutAddressExtraId`, same convention as `refund_extra_id`.
    pub payout_extra_id: Option<String>,
    /// `payloadCurrencyFrom`.
    pub currency_from: Option<String>,
    /// `payloadCurrencyTo`.
    pub currency_to: Option<String>,
    /// `amount` as sent: a decimal string in whole-coin units.
    pub amount_from: Option<String>,
    /// Decimals of the from currency (8 for BTC).
    pub decimals_from: Option<u32>,
    /// Decimals of the to currency, used to display amount_to_wallet.
    pub decimals_to: Option<u32>,
    /// Length in bytes of the fee Ledger Live will append (0 to 16); None assumes up to 8.
    pub fee_len: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swap::testkit;

    #[test]
    fn parses_ng_nonces_in_hex_and_base64url() {
        let hex_nonce = parse_nonce(testkit::NONCE_HEX, SignatureMode::Ng).expect("hex");
        assert_eq!(hex_nonce, Nonce::Ng(testkit::nonce()));
        let b64 = testkit::b64url(&testkit::nonce(), false);
        assert_eq!(b64.len(), 43);
        assert_eq!(parse_nonce(&b64, SignatureMode::Ng), Ok(hex_nonce.clone()));
        let padded = testkit::b64url(&testkit::nonce(), true);
        assert_eq!(parse_nonce(&padded, SignatureMode::Ng), Ok(hex_nonce));
    }

    #[test]
    fn refuses_bad_nonces() {
        assert!(parse_nonce("abcd", SignatureMode::Ng).is_err());
        assert!(parse_nonce(&"zz".repeat(32), SignatureMode::Ng).is_err());
        assert!(parse_nonce("QQQQQQQQQQ", SignatureMode::Ng).is_err());
        assert_eq!(
            parse_nonce("QQQQQQQQQQ", SignatureMode::Legacy),
            Ok(Nonce::Legacy("QQQQQQQQQQ".into()))
        );
        assert!(parse_nonce("QQQQQQQQQq", SignatureMode::Legacy).is_err());
        assert!(parse_nonce("QQQQQQQQQ", SignatureMode::Legacy).is_err());
    }
}
