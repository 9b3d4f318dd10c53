//! Test helpers: an independent protobuf writer, a base64url encoder, fixed signing keys and a
//! ready-made valid /swap response. Compiled for tests only.

use k256::ecdsa::signature::Signer;
use serde_json::{Value, json};

use crate::curve::Curve;

/// A minimal protobuf writer, independent of the decoder under test.
#[derive(Default)]
pub(crate) struct Pb(Vec<u8>);

impl Pb {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn raw_varint(mut self, mut v: u64) -> Self {
        loop {
            let low = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(low);
                return self;
            }
            self.0.push(low | 0x80);
        }
    }

    pub(crate) fn bytes(self, field: u32, value: &[u8]) -> Self {
        let mut s = self
            .raw_varint(u64::from(field << 3 | 2))
            .raw_varint(value.len() as u64);
        s.0.extend_from_slice(value);
        s
    }

    pub(crate) fn string(self, field: u32, value: &str) -> Self {
        self.bytes(field, value.as_bytes())
    }

    pub(crate) fn varint(self, field: u32, v: u64) -> Self {
        self.raw_varint(u64::from(field << 3)).raw_varint(v)
    }

    pub(crate) fn raw(mut self, bytes: &[u8]) -> Self {
        self.0.extend_from_slice(bytes);
        self
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

/// base64url, optionally padded (RFC 4648 §5).
pub(crate) fn b64url(bytes: &[u8], pad: bool) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// The fixed NG nonce of a TESTING device build (ledger-integration §2.3).
pub(crate) const NONCE_HEX: &str =
    "350aea0c97f747f1d0f760814614a47523801b1aeb7d0bcbbaa2a4f46bf8184b";

pub(crate) fn nonce() -> [u8; 32] {
    let v = crate::swap::hex::decode(NONCE_HEX).expect("hex");
    v.try_into().expect("32 bytes")
}

/// A fixed secret, the same bytes on both curves.
pub(crate) const SECRET: [u8; 32] = [
    0x1d, 0x2c, 0x3b, 0x4a, 0x59, 0x68, 0x77, 0x86, 0x95, 0xa4, 0xb3, 0xc2, 0xd1, 0xe0, 0x0f, 0x1e,
    0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0, 0x01, 0x10,
];

/// The uncompressed public key of [`SECRET`], hex.
pub(crate) fn public_hex(curve: Curve) -> String {
    let bytes = match curve {
        Curve::Secp256k1 => k256::ecdsa::SigningKey::from_slice(&SECRET)
            .expect("key")
            .verifying_key()
            .to_sec1_point(false)
            .as_bytes()
            .to_vec(),
        Curve::Secp256r1 => p256::ecdsa::SigningKey::from_slice(&SECRET)
            .expect("key")
            .verifying_key()
            .to_sec1_point(false)
            .as_bytes()
            .to_vec(),
    };
    crate::swap::hex::encode(&bytes)
}

/// Signs `msg` (ECDSA-SHA256) with [`SECRET`]: 64 bytes r‖s.
pub(crate) fn sign(curve: Curve, msg: &[u8]) -> Vec<u8> {
    match curve {
        Curve::Secp256k1 => {
            let key = k256::ecdsa::SigningKey::from_slice(&SECRET).expect("key");
            let sig: k256::ecdsa::Signature = key.sign(msg);
            sig.to_bytes().to_vec()
        }
        Curve::Secp256r1 => {
            let key = p256::ecdsa::SigningKey::from_slice(&SECRET).expect("key");
            let sig: p256::ecdsa::Signature = key.sign(msg);
            sig.to_bytes().to_vec()
        }
    }
}

pub(crate) const REFUND: &str = "bc1qrefund0000000000000000000000000000000";
pub(crate) const PAYOUT: &str = "0xPayout000000000000000000000000000000000";
pub(crate) const PAYIN: &str = "bc1qpayin00000000000000000000000000000000";

/// A valid NG protobuf: 0.01 BTC (1,000,000 sat) for 0.5 ETH.
pub(crate) fn good_fields() -> Pb {
    Pb::new()
        .string(1, PAYIN)
        .string(3, REFUND)
        .string(5, PAYOUT)
        .string(7, "BTC")
        .string(8, "ETH")
        .bytes(9, &[0x0f, 0x42, 0x40])
        .bytes(10, &[0x06, 0xf0, 0x5b, 0x59, 0xd3, 0xb2, 0x00, 0x00])
        .bytes(12, &nonce())
}

/// A /swap response carrying `payload` signed over `"." + payload`.
pub(crate) fn response(curve: Curve, payload: &str) -> Value {
    let sig = sign(curve, format!(".{payload}").as_bytes());
    json!({
        "swapId": "SWAP-1",
        "payinAddress": PAYIN,
        "providerSig": { "payload": payload, "signature": b64url(&sig, false) }
    })
}

/// A valid /swap response for the protobuf `pb`.
pub(crate) fn response_for(curve: Curve, pb: Pb) -> Value {
    response(curve, &b64url(&pb.into_bytes(), false))
}

#[test]
fn b64url_matches_known_text() {
    assert_eq!(b64url(b"hello?>", false), "aGVsbG8_Pg");
    assert_eq!(b64url(b"hello?>", true), "aGVsbG8_Pg==");
    assert_eq!(b64url(b"abc", true), "YWJj");
}
