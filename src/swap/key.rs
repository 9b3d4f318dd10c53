//! A provider's public key, as SET_PARTNER_KEY gives it to the device: an uncompressed SEC1
//! point (65 bytes, `04 ‖ x ‖ y`) on the registered curve.
//!
//! Accepted input: 130 hex characters, or PEM text (SPKI, `-----BEGIN PUBLIC KEY-----`).

use k256::pkcs8::der::Decode;
use k256::pkcs8::{ObjectIdentifier, SubjectPublicKeyInfoRef};
use sha2::{Digest, Sha256};

use super::hex;
use crate::curve::Curve;

/// A verifying key on one curve, with its 65-byte SEC1 form.
#[derive(Debug, Clone)]
pub struct PublicKey {
    curve: Curve,
    sec1: [u8; 65],
    inner: Inner,
}

#[derive(Debug, Clone)]
enum Inner {
    K1(k256::ecdsa::VerifyingKey),
    R1(p256::ecdsa::VerifyingKey),
}

/// Why a public key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Neither hex nor PEM.
    #[error("public key is neither hex nor PEM: {0}")]
    Format(String),
    /// A compressed point (33 bytes, `02`/`03`).
    #[error(
        "public key is compressed (33 bytes, starts with {prefix:02x}): the device needs the uncompressed 65-byte form starting with 04"
    )]
    Compressed {
        /// The first byte.
        prefix: u8,
    },
    /// Not 65 bytes starting with `04`.
    #[error(
        "public key is {len} bytes starting with {prefix:02x}: expected 65 bytes starting with 04"
    )]
    Shape {
        /// Length in bytes.
        len: usize,
        /// The first byte (0 when empty).
        prefix: u8,
    },
    /// The point is not on the curve.
    #[error("public key is not a point on {curve}")]
    NotOnCurve {
        /// The curve tried.
        curve: Curve,
    },
    /// A PEM key for another curve or algorithm.
    #[error("PEM public key is for {found}, but the curve is {expected}")]
    WrongCurve {
        /// What the PEM says.
        found: String,
        /// The curve asked for.
        expected: Curve,
    },
}

const OID_SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

/// Parses a public key for `curve`: uncompressed SEC1 hex (130 characters, `04...`, an optional
/// `0x` prefix) or PEM text (SPKI). Compressed keys and points off the curve are refused.
pub fn parse_public_key(text: &str, curve: Curve) -> Result<PublicKey, KeyError> {
    let text = text.trim();
    if text.starts_with("-----BEGIN") {
        return parse_pem(text, curve);
    }
    let digits = text.strip_prefix("0x").unwrap_or(text);
    let bytes = hex::decode(digits).map_err(|e| KeyError::Format(e.to_string()))?;
    from_sec1(&bytes, curve)
}

fn parse_pem(text: &str, curve: Curve) -> Result<PublicKey, KeyError> {
    let (label, doc) =
        k256::pkcs8::Document::from_pem(text).map_err(|e| KeyError::Format(format!("PEM: {e}")))?;
    if label != "PUBLIC KEY" {
        return Err(KeyError::Format(format!(
            "PEM label is `{label}`, expected `PUBLIC KEY` (SPKI)"
        )));
    }
    let spki = SubjectPublicKeyInfoRef::from_der(doc.as_bytes())
        .map_err(|e| KeyError::Format(format!("SPKI: {e}")))?;
    if spki.algorithm.oid != OID_EC_PUBLIC_KEY {
        return Err(KeyError::WrongCurve {
            found: format!("algorithm {}", spki.algorithm.oid),
            expected: curve,
        });
    }
    let want = match curve {
        Curve::Secp256k1 => OID_SECP256K1,
        Curve::Secp256r1 => OID_P256,
    };
    match spki.algorithm.parameters_oid() {
        Ok(oid) if oid == want => {}
        Ok(oid) if oid == OID_SECP256K1 => {
            return Err(KeyError::WrongCurve {
                found: "secp256k1".into(),
                expected: curve,
            });
        }
        Ok(oid) if oid == OID_P256 => {
            return Err(KeyError::WrongCurve {
                found: "secp256r1".into(),
                expected: curve,
            });
        }
        Ok(oid) => {
            return Err(KeyError::WrongCurve {
                found: format!("curve {oid}"),
                expected: curve,
            });
        }
        Err(e) => return Err(KeyError::Format(format!("SPKI parameters: {e}"))),
    }
    from_sec1(spki.subject_public_key.raw_bytes(), curve)
}

/// Builds a key from SEC1 bytes, which must be the 65-byte uncompressed form.
pub(crate) fn from_sec1(bytes: &[u8], curve: Curve) -> Result<PublicKey, KeyError> {
    let prefix = bytes.first().copied().unwrap_or(0);
    if bytes.len() == 33 && matches!(prefix, 2 | 3) {
        return Err(KeyError::Compressed { prefix });
    }
    let sec1: [u8; 65] = bytes
        .try_into()
        .ok()
        .filter(|_| prefix == 4)
        .ok_or(KeyError::Shape {
            len: bytes.len(),
            prefix,
        })?;
    let off_curve = KeyError::NotOnCurve { curve };
    let inner = match curve {
        Curve::Secp256k1 => {
            Inner::K1(k256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).map_err(|_| off_curve)?)
        }
        Curve::Secp256r1 => {
            Inner::R1(p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).map_err(|_| off_curve)?)
        }
    };
    Ok(PublicKey { curve, sec1, inner })
}

impl PublicKey {
    /// The key's curve.
    pub fn curve(&self) -> Curve {
        self.curve
    }

    /// The uncompressed SEC1 form, 65 bytes.
    pub fn sec1(&self) -> &[u8; 65] {
        &self.sec1
    }

    /// The uncompressed SEC1 form as lowercase hex (130 characters).
    pub fn to_hex(&self) -> String {
        hex::encode(&self.sec1)
    }

    /// Verifies a 64-byte r‖s ECDSA signature over SHA-256(`msg`). High-S is accepted, as the
    /// device accepts it; r or s out of range simply does not verify.
    pub fn verify(&self, msg: &[u8], rs: &[u8; 64]) -> bool {
        use k256::ecdsa::signature::hazmat::PrehashVerifier;
        let digest = Sha256::digest(msg);
        match &self.inner {
            Inner::K1(key) => k256::ecdsa::Signature::from_slice(rs)
                // k256 refuses high-S; (r, n - s) verifies exactly when (r, s) does.
                .map(|sig| sig.normalize_s())
                .is_ok_and(|sig| key.verify_prehash(&digest, &sig).is_ok()),
            Inner::R1(key) => p256::ecdsa::Signature::from_slice(rs)
                .is_ok_and(|sig| key.verify_prehash(&digest, &sig).is_ok()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swap::testkit;

    const K1_PEM: &str = "-----BEGIN PUBLIC KEY-----
MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEhL91YiYrvWlACFdI875q+lKuMXFVGB7O
MbZjUcz/pLCMxD1jsoWdRp/uFfMcnttTJCZub9BAfoc4LWD8RRGs2A==
-----END PUBLIC KEY-----";

    #[test]
    fn parses_uncompressed_hex_on_both_curves() {
        for curve in [Curve::Secp256k1, Curve::Secp256r1] {
            let hex_key = testkit::public_hex(curve);
            let key = parse_public_key(&hex_key, curve).expect("valid");
            assert_eq!(key.to_hex(), hex_key);
            assert_eq!(key.curve(), curve);
            assert!(parse_public_key(&format!("0x{hex_key}\n"), curve).is_ok());
        }
    }

    #[test]
    fn parses_pem_and_checks_its_curve() {
        // The key of secret 0x0102..20 (see signature.rs), written by python-ecdsa 0.19.2
        // `VerifyingKey.to_der()`, base64 wrapped at 64 columns.
        let key = parse_public_key(K1_PEM, Curve::Secp256k1).expect("valid pem");
        assert!(key.to_hex().starts_with("0484bf7562"));
        assert_eq!(
            parse_public_key(K1_PEM, Curve::Secp256r1).expect_err("wrong curve"),
            KeyError::WrongCurve {
                found: "secp256k1".into(),
                expected: Curve::Secp256r1
            }
        );
        assert!(matches!(
            parse_public_key(
                "-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----",
                Curve::Secp256k1
            ),
            Err(KeyError::Format(_))
        ));
    }

    #[test]
    fn refuses_compressed_short_and_off_curve_keys() {
        let full = testkit::public_hex(Curve::Secp256r1);
        let compressed = format!("02{}", &full[2..66]);
        assert_eq!(
            parse_public_key(&compressed, Curve::Secp256r1).expect_err("compressed"),
            KeyError::Compressed { prefix: 2 }
        );
        assert!(matches!(
            parse_public_key(&full[..128], Curve::Secp256r1),
            Err(KeyError::Shape { len: 64, .. })
        ));
        let mut off = full.clone();
        off.replace_range(128.., "00");
        assert_eq!(
            parse_public_key(&off, Curve::Secp256r1).expect_err("off curve"),
            KeyError::NotOnCurve {
                curve: Curve::Secp256r1
            }
        );
        // A secp256r1 point is (almost surely) not on secp256k1.
        assert!(parse_public_key(&full, Curve::Secp256k1).is_err());
        assert!(matches!(
            parse_public_key("zz", Curve::Secp256k1),
            Err(KeyError::Format(_))
        ));
        assert!(matches!(
            parse_public_key("", Curve::Secp256k1),
            Err(KeyError::Shape { len: 0, .. })
        ));
    }
}
