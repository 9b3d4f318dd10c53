//! Shared by the device vectors and the device mutation test: a protobuf writer, base64url, and
//! deterministic ECDSA signers (RFC 6979) on both curves with fixed test keys.

use k256::ecdsa::signature::Signer;
use provider_conformance::curve::Curve;
use provider_conformance::swap::{
    Expectations, SignatureMode, SwapVerdict, VerifyConfig, parse_public_key, verify_response,
};
use serde_json::{Value, json};

/// Protobuf bytes, written field by field in the order given.
#[derive(Clone, Default)]
pub(crate) struct Pb(pub Vec<u8>);

impl Pb {
    pub(crate) fn varint_raw(mut self, mut v: u64) -> Self {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return self;
            }
            self.0.push(b | 0x80);
        }
    }

    pub(crate) fn bytes(self, field: u32, value: &[u8]) -> Self {
        let mut s = self
            .varint_raw(u64::from(field << 3 | 2))
            .varint_raw(value.len() as u64);
        s.0.extend_from_slice(value);
        s
    }

    pub(crate) fn string(self, field: u32, value: &str) -> Self {
        self.bytes(field, value.as_bytes())
    }

    /// A proto3 encoder's output: an empty value is not written.
    pub(crate) fn opt(self, field: u32, value: &[u8]) -> Self {
        if value.is_empty() {
            self
        } else {
            self.bytes(field, value)
        }
    }
}

/// base64url (RFC 4648 §5), padded or not.
pub(crate) fn b64url(bytes: &[u8], pad: bool) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// ECDSA-SHA256 of `msg` with `secret` on `curve`: 64 bytes r‖s (RFC 6979, low S).
pub(crate) fn sign(curve: Curve, secret: &[u8; 32], msg: &[u8]) -> Vec<u8> {
    match curve {
        Curve::Secp256k1 => {
            let key = k256::ecdsa::SigningKey::from_slice(secret).expect("key");
            let sig: k256::ecdsa::Signature = key.sign(msg);
            sig.to_bytes().to_vec()
        }
        Curve::Secp256r1 => {
            let key = p256::ecdsa::SigningKey::from_slice(secret).expect("key");
            let sig: p256::ecdsa::Signature = key.sign(msg);
            sig.to_bytes().to_vec()
        }
    }
}

/// DER of a 64-byte r‖s signature (for the vectors that need one).
pub(crate) fn der(curve: Curve, rs: &[u8]) -> Vec<u8> {
    match curve {
        Curve::Secp256k1 => k256::ecdsa::Signature::from_slice(rs)
            .expect("sig")
            .to_der()
            .as_bytes()
            .to_vec(),
        Curve::Secp256r1 => p256::ecdsa::Signature::from_slice(rs)
            .expect("sig")
            .to_der()
            .as_bytes()
            .to_vec(),
    }
}

/// The uncompressed public key of `secret`, hex.
pub(crate) fn public_hex(curve: Curve, secret: &[u8; 32]) -> String {
    let bytes = match curve {
        Curve::Secp256k1 => k256::ecdsa::SigningKey::from_slice(secret)
            .expect("key")
            .verifying_key()
            .to_sec1_point(false)
            .as_bytes()
            .to_vec(),
        Curve::Secp256r1 => p256::ecdsa::SigningKey::from_slice(secret)
            .expect("key")
            .verifying_key()
            .to_sec1_point(false)
            .as_bytes()
            .to_vec(),
    };
    hex(&bytes)
}

/// The verifier's verdict on `{"providerSig": {payload, signature}}`.
pub(crate) fn verdict(
    mode: SignatureMode,
    curve: Curve,
    key_hex: &str,
    payload: &str,
    signature: &str,
    exp: &Expectations,
) -> SwapVerdict {
    let cfg = VerifyConfig {
        mode,
        curve,
        public_key: parse_public_key(key_hex, curve).expect("public key"),
    };
    let body: Value = json!({"providerSig": {"payload": payload, "signature": signature}});
    verify_response(&body, &cfg, exp)
}

/// `(accepts, stage, status word)` of the device gate, as `verify-swap --format json` prints it.
pub(crate) fn device_of(v: &SwapVerdict) -> (bool, Option<&'static str>, Option<u16>) {
    (
        v.device.accepts,
        v.device.stage.map(|s| s.label()),
        v.device.status_word,
    )
}

/// Ledger Live's error codes, and the codes of its warnings, as the checker reports them.
pub(crate) fn ledger_live_of(v: &SwapVerdict) -> (Vec<&'static str>, Vec<&'static str>) {
    let warnings = v
        .rules
        .iter()
        .filter(|o| o.status == provider_conformance::swap::RuleStatus::Warn)
        .filter_map(|o| o.ledger_live)
        .collect();
    (v.ledger_live().codes, warnings)
}
