//! Provider signatures: parse the 64-byte r‖s form, verify it the way the device does, and on
//! failure find out what the provider signed instead (Ledger Live's `classifySwapNgSignature`,
//! ledger-integration §3.4, plus a padding and an alphabet variant).

use super::key::PublicKey;
use crate::curve::Curve;

/// secp256k1 group order n, big-endian (SEC 2 §2.4.1).
const ORDER_K1: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];
/// secp256r1 group order n, big-endian (SEC 2 §2.4.2).
const ORDER_R1: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// The group order of `curve`, big-endian.
pub fn order(curve: Curve) -> &'static [u8; 32] {
    match curve {
        Curve::Secp256k1 => &ORDER_K1,
        Curve::Secp256r1 => &ORDER_R1,
    }
}

/// A signature as two 32-byte big-endian integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawSignature {
    /// r, 32 bytes big-endian.
    pub r: [u8; 32],
    /// s, 32 bytes big-endian.
    pub s: [u8; 32],
}

impl RawSignature {
    /// Splits 64 bytes into r and s.
    pub fn from_rs(bytes: &[u8; 64]) -> Self {
        let mut r = [0u8; 32];
        let mut s = [0u8; 32];
        r.copy_from_slice(&bytes[..32]);
        s.copy_from_slice(&bytes[32..]);
        Self { r, s }
    }

    /// r‖s, 64 bytes.
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.r);
        out[32..].copy_from_slice(&self.s);
        out
    }

    /// Which components start with a 0x00 byte: `"r"`, `"s"`, `"r and s"`, or None.
    pub fn leading_zero(&self) -> Option<&'static str> {
        match (self.r[0] == 0, self.s[0] == 0) {
            (true, true) => Some("r and s"),
            (true, false) => Some("r"),
            (false, true) => Some("s"),
            (false, false) => None,
        }
    }
}

/// Why a signature is not a usable 64-byte r‖s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigError {
    /// Not decodable text.
    #[error("signature is not {expected}: {detail}")]
    Encoding {
        /// "base64url" or "hex".
        expected: &'static str,
        /// Why.
        detail: String,
    },
    /// An ASN.1 DER signature.
    #[error(
        "signature is {len} bytes of DER (starts with 30) instead of r‖s: send the 64-byte r‖s form (each of r and s 32 bytes, left-padded)"
    )]
    Der {
        /// Length in bytes.
        len: usize,
        /// Its r and s, when the DER parsed.
        inner: Option<RawSignature>,
    },
    /// 63 bytes or fewer: r or s not left-padded.
    #[error(
        "signature is {len} bytes instead of 64: r or s was not left-padded to 32 bytes (the unpadded r‖s bug of Ledger's own Go signing tool)"
    )]
    Unpadded {
        /// Length in bytes.
        len: usize,
    },
    /// Any other length.
    #[error("signature is {len} bytes, expected exactly 64 (r‖s)")]
    Length {
        /// Length in bytes.
        len: usize,
    },
    /// r or s is 0 or at least n.
    #[error("{which} is {problem}: it must satisfy 0 < {which} < n of {curve}")]
    Range {
        /// "r" or "s".
        which: &'static str,
        /// "zero" or "not below the group order n".
        problem: &'static str,
        /// The curve.
        curve: Curve,
    },
}

fn check_range(v: &[u8; 32], which: &'static str, curve: Curve) -> Result<(), SigError> {
    let problem = if v.iter().all(|&b| b == 0) {
        "zero"
    } else if v.as_slice() >= order(curve).as_slice() {
        "not below the group order n"
    } else {
        return Ok(());
    };
    Err(SigError::Range {
        which,
        problem,
        curve,
    })
}

/// Requires exactly 64 bytes r‖s with 0 < r, s < n, and names the usual mistakes.
pub fn parse_rs(bytes: &[u8], curve: Curve) -> Result<RawSignature, SigError> {
    let Ok(fixed) = <&[u8; 64]>::try_from(bytes) else {
        let len = bytes.len();
        if bytes.first() == Some(&0x30) && (8..=72).contains(&len) {
            return Err(SigError::Der {
                len,
                inner: parse_der(bytes),
            });
        }
        if (56..64).contains(&len) {
            return Err(SigError::Unpadded { len });
        }
        return Err(SigError::Length { len });
    };
    let sig = RawSignature::from_rs(fixed);
    check_range(&sig.r, "r", curve)?;
    check_range(&sig.s, "s", curve)?;
    Ok(sig)
}

/// Reads a DER `SEQUENCE { INTEGER r, INTEGER s }` (for diagnostics only, lenient on
/// minimality). None when it is not that shape or an integer exceeds 32 bytes.
pub fn parse_der(bytes: &[u8]) -> Option<RawSignature> {
    let rest = bytes.strip_prefix(&[0x30])?;
    let (&len, body) = rest.split_first()?;
    if usize::from(len) != body.len() {
        return None;
    }
    let (r, body) = der_integer(body)?;
    let (s, body) = der_integer(body)?;
    body.is_empty().then_some(RawSignature { r, s })
}

fn der_integer(bytes: &[u8]) -> Option<([u8; 32], &[u8])> {
    let rest = bytes.strip_prefix(&[0x02])?;
    let (&len, rest) = rest.split_first()?;
    let len = usize::from(len);
    let value = rest.get(..len)?;
    let trimmed: &[u8] = {
        let start = value.iter().position(|&b| b != 0).unwrap_or(value.len());
        &value[start..]
    };
    if trimmed.len() > 32 {
        return None;
    }
    let mut out = [0u8; 32];
    out[32 - trimmed.len()..].copy_from_slice(trimmed);
    Some((out, &rest[len..]))
}

/// What an NG signature was found to cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// `"." + payload` exactly as returned: what the device checks.
    DotPayload,
    /// The payload text without the `.` prefix.
    NoDot,
    /// The raw protobuf bytes.
    RawProtobuf,
    /// `"." + payload` with the `=` padding removed.
    WithoutPadding,
    /// `"." + payload` with `=` padding added.
    WithPadding,
    /// `"." + payload` in standard base64 (`+`, `/`, padded).
    StandardBase64,
    /// None of the above.
    Unknown,
}

fn padded(text: &str) -> String {
    let mut out = text.to_owned();
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    out
}

fn standard(text: &str) -> String {
    padded(&text.replace('-', "+").replace('_', "/"))
}

/// Verifies an NG signature over `"." + payload` and, when it fails, tries what providers
/// commonly sign instead. `protobuf` is the decoded payload, when it decoded; `dot_verified` is
/// the result of the first verification when it is already known (the device model ran it).
pub fn classify_ng(
    key: &PublicKey,
    payload: &str,
    protobuf: Option<&[u8]>,
    sig: &RawSignature,
    dot_verified: Option<bool>,
) -> Coverage {
    let rs = sig.to_bytes();
    let dotted = |p: &str| format!(".{p}");
    if dot_verified.unwrap_or_else(|| key.verify(dotted(payload).as_bytes(), &rs)) {
        return Coverage::DotPayload;
    }
    if key.verify(payload.as_bytes(), &rs) {
        return Coverage::NoDot;
    }
    if protobuf.is_some_and(|pb| key.verify(pb, &rs)) {
        return Coverage::RawProtobuf;
    }
    let unpadded = payload.trim_end_matches('=');
    if unpadded != payload && key.verify(dotted(unpadded).as_bytes(), &rs) {
        return Coverage::WithoutPadding;
    }
    let with_padding = padded(payload);
    if with_padding != payload && key.verify(dotted(&with_padding).as_bytes(), &rs) {
        return Coverage::WithPadding;
    }
    let std = standard(unpadded);
    if std != payload && key.verify(dotted(&std).as_bytes(), &rs) {
        return Coverage::StandardBase64;
    }
    Coverage::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swap::hex;
    use crate::swap::key::parse_public_key;
    use crate::swap::testkit;

    fn rs(hex_text: &str) -> [u8; 64] {
        hex::decode(hex_text)
            .expect("hex")
            .try_into()
            .expect("64 bytes")
    }

    // RFC 6979 Appendix A.2.5 (NIST P-256 with SHA-256): public key U = (Ux, Uy) and the
    // published (r, s) for the messages "sample" and "test".
    const RFC6979_P256_KEY: &str = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
    const RFC6979_SAMPLE: &str = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
    const RFC6979_TEST: &str = "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083";

    #[test]
    fn rfc6979_p256_vectors_verify() {
        let key = parse_public_key(RFC6979_P256_KEY, Curve::Secp256r1).expect("key");
        assert!(key.verify(b"sample", &rs(RFC6979_SAMPLE)));
        assert!(key.verify(b"test", &rs(RFC6979_TEST)));
        assert!(!key.verify(b"test", &rs(RFC6979_SAMPLE)));
        assert!(!key.verify(b"Sample", &rs(RFC6979_SAMPLE)));
    }

    // secp256k1 known answers produced independently with python-ecdsa 0.19.2:
    //   sk = SigningKey.from_string(bytes(range(1, 33)), curve=SECP256k1, hashfunc=sha256)
    //   sk.sign_deterministic(msg, hashfunc=sha256, sigencode=sigencode_string).hex()
    // python-ecdsa does not normalise s, so the "sample" signature is high-S, which the device
    // accepts; the ".CgRhYmNk" one is low-S.
    const K1_KEY: &str = "0484bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b08cc43d63b2859d469fee15f31c9edb5324266e6fd0407e87382d60fc4511acd8";
    const K1_SAMPLE_HIGH_S: &str = "447ffb205b7a06cc7c88f83c4fbd0ec3677cd56c9a3312ebfb6e71e87c7a3e6e9d261697f892f58f14ddfaabe9cbf9d43d431e1a3fdaeaca96aa1ef7ed291578";
    const K1_DOT_PAYLOAD: &str = "79b2266a49d2b8c59aea969af0896349452fc57913dbeb52630ec09b61dbb8593fabe73c2a714e0626d0d91bc44a398b4f80fd9197cfd9a2f40c550ea077aa77";

    #[test]
    fn secp256k1_known_answers_verify_including_high_s() {
        let key = parse_public_key(K1_KEY, Curve::Secp256k1).expect("key");
        assert!(key.verify(b"sample", &rs(K1_SAMPLE_HIGH_S)));
        assert!(key.verify(b".CgRhYmNk", &rs(K1_DOT_PAYLOAD)));
        assert!(!key.verify(b"CgRhYmNk", &rs(K1_DOT_PAYLOAD)));
        let sig = parse_rs(&rs(K1_DOT_PAYLOAD), Curve::Secp256k1).expect("shape");
        assert_eq!(
            classify_ng(&key, "CgRhYmNk", None, &sig, None),
            Coverage::DotPayload
        );
    }

    #[test]
    fn shape_errors_name_the_mistake() {
        let c = Curve::Secp256r1;
        let sig = testkit::sign(c, b"x");
        let der = p256::ecdsa::Signature::from_slice(&sig)
            .expect("sig")
            .to_der()
            .as_bytes()
            .to_vec();
        match parse_rs(&der, c) {
            Err(SigError::Der {
                inner: Some(inner), ..
            }) => assert_eq!(inner.to_bytes().to_vec(), sig),
            other => panic!("expected DER, got {other:?}"),
        }
        assert_eq!(parse_rs(&sig[1..], c), Err(SigError::Unpadded { len: 63 }));
        assert_eq!(parse_rs(&[7; 1000], c), Err(SigError::Length { len: 1000 }));
        assert_eq!(parse_rs(&[], c), Err(SigError::Length { len: 0 }));
        let mut zero_r = sig.clone();
        zero_r[..32].fill(0);
        assert!(matches!(
            parse_rs(&zero_r, c),
            Err(SigError::Range {
                which: "r",
                problem: "zero",
                ..
            })
        ));
        for curve in [Curve::Secp256k1, Curve::Secp256r1] {
            let mut s_is_n = sig.clone();
            s_is_n[32..].copy_from_slice(order(curve));
            assert!(matches!(
                parse_rs(&s_is_n, curve),
                Err(SigError::Range {
                    which: "s",
                    problem: "not below the group order n",
                    ..
                })
            ));
        }
    }

    #[test]
    fn classifies_what_was_signed() {
        for curve in [Curve::Secp256k1, Curve::Secp256r1] {
            let key = parse_public_key(&testkit::public_hex(curve), curve).expect("key");
            let pb = b"\x3a\x03BTC\xfb\xff";
            let payload = testkit::b64url(pb, false); // "OgNCVEP7_w"
            let padded_payload = testkit::b64url(pb, true);
            let check = |msg: &[u8], returned: &str| {
                let sig = RawSignature::from_rs(&testkit::sign(curve, msg).try_into().expect("64"));
                classify_ng(&key, returned, Some(pb), &sig, None)
            };
            let dot = |p: &str| format!(".{p}").into_bytes();
            assert_eq!(check(&dot(&payload), &payload), Coverage::DotPayload);
            assert_eq!(check(payload.as_bytes(), &payload), Coverage::NoDot);
            assert_eq!(check(pb, &payload), Coverage::RawProtobuf);
            assert_eq!(
                check(&dot(&payload), &padded_payload),
                Coverage::WithoutPadding
            );
            assert_eq!(
                check(&dot(&padded_payload), &payload),
                Coverage::WithPadding
            );
            assert_eq!(
                check(&dot(&standard(&payload)), &payload),
                Coverage::StandardBase64
            );
            assert_eq!(check(b"other", &payload), Coverage::Unknown);
        }
    }

    #[test]
    fn wrong_key_does_not_verify() {
        let curve = Curve::Secp256k1;
        let other = parse_public_key(K1_KEY, curve).expect("key");
        let sig = RawSignature::from_rs(&testkit::sign(curve, b".abc").try_into().expect("64"));
        assert_eq!(
            classify_ng(&other, "abc", None, &sig, None),
            Coverage::Unknown
        );
    }

    #[test]
    fn leading_zero_is_noticed() {
        let mut bytes = [1u8; 64];
        assert_eq!(RawSignature::from_rs(&bytes).leading_zero(), None);
        bytes[32] = 0;
        assert_eq!(RawSignature::from_rs(&bytes).leading_zero(), Some("s"));
        bytes[0] = 0;
        assert_eq!(
            RawSignature::from_rs(&bytes).leading_zero(),
            Some("r and s")
        );
    }
}
