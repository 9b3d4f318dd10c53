//! The provider's partner key on either curve, and ECDSA-SHA256 signing (RFC 6979
//! deterministic nonces) in the encodings the faults need: raw r‖s, DER, high-S.

use crate::curve::Curve;
// `signature` is reached through k256's re-export; p256 implements the same trait.
use k256::ecdsa::signature::Signer;
use k256::elliptic_curve::scalar::IsHigh;

/// A signing key registered as the partner key (SET_PARTNER_KEY) on `curve()`.
#[derive(Clone)]
pub(crate) enum PartnerKey {
    /// secp256k1.
    K1(k256::ecdsa::SigningKey),
    /// secp256r1 (NIST P-256).
    R1(p256::ecdsa::SigningKey),
}

/// A signature as two 32-byte big-endian scalars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawSignature {
    pub(crate) r: [u8; 32],
    pub(crate) s: [u8; 32],
}

impl RawSignature {
    /// `r ‖ s`, 64 bytes, each half left-padded: the format the device expects.
    pub(crate) fn to_rs(self) -> Vec<u8> {
        [self.r, self.s].concat()
    }

    /// `r ‖ s` with the leading zero bytes of each half dropped, as a signer that forgets to
    /// left-pad produces (63 bytes or fewer when r or s starts with `00`).
    pub(crate) fn to_unpadded_rs(self) -> Vec<u8> {
        let trim = |x: &[u8; 32]| {
            let first = x.iter().position(|b| *b != 0).unwrap_or(31);
            x[first..].to_vec()
        };
        [trim(&self.r), trim(&self.s)].concat()
    }
}

/// The key could not be built from the given secret.
#[derive(Debug, thiserror::Error)]
#[error("the secret key is not a valid scalar for {0}")]
pub(crate) struct InvalidSecretKey(pub(crate) Curve);

impl PartnerKey {
    /// The key whose secret scalar is `secret` (32 bytes, big-endian).
    pub(crate) fn from_secret(curve: Curve, secret: &[u8; 32]) -> Result<Self, InvalidSecretKey> {
        match curve {
            Curve::Secp256k1 => k256::ecdsa::SigningKey::from_slice(secret).map(PartnerKey::K1),
            Curve::Secp256r1 => p256::ecdsa::SigningKey::from_slice(secret).map(PartnerKey::R1),
        }
        .map_err(|_| InvalidSecretKey(curve))
    }

    /// A fresh random key from the operating system's generator.
    pub(crate) fn random(curve: Curve) -> std::io::Result<Self> {
        loop {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret).map_err(std::io::Error::other)?;
            // Out-of-range scalars are astronomically rare; draw again if one comes up.
            if let Ok(key) = Self::from_secret(curve, &secret) {
                return Ok(key);
            }
        }
    }

    /// The curve of this key.
    pub(crate) fn curve(&self) -> Curve {
        match self {
            PartnerKey::K1(_) => Curve::Secp256k1,
            PartnerKey::R1(_) => Curve::Secp256r1,
        }
    }

    /// The public key, uncompressed SEC1 (65 bytes, starting `04`).
    pub(crate) fn public_key_sec1(&self) -> Vec<u8> {
        match self {
            PartnerKey::K1(k) => k.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
            PartnerKey::R1(k) => k.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
        }
    }

    /// ECDSA-SHA256 over `msg`, RFC 6979 nonce. k256 answers low-S; p256 either form.
    pub(crate) fn sign(&self, msg: &[u8]) -> RawSignature {
        let bytes = match self {
            PartnerKey::K1(k) => Signer::<k256::ecdsa::Signature>::sign(k, msg)
                .to_bytes()
                .to_vec(),
            PartnerKey::R1(k) => Signer::<p256::ecdsa::Signature>::sign(k, msg)
                .to_bytes()
                .to_vec(),
        };
        split(&bytes)
    }

    /// The same signature as [`PartnerKey::sign`] with `s` replaced by `n − s` when it is low,
    /// so the result is always high-S (still a valid ECDSA signature).
    pub(crate) fn sign_high_s(&self, msg: &[u8]) -> RawSignature {
        let bytes = match self {
            PartnerKey::K1(k) => {
                let sig: k256::ecdsa::Signature = k.sign(msg);
                let (r, s) = sig.split_scalars();
                let s = if bool::from(s.is_high()) { s } else { -s };
                k256::ecdsa::Signature::from_scalars(r, s).map(|x| x.to_bytes().to_vec())
            }
            PartnerKey::R1(k) => {
                let sig: p256::ecdsa::Signature = k.sign(msg);
                let (r, s) = sig.split_scalars();
                let s = if bool::from(s.is_high()) { s } else { -s };
                p256::ecdsa::Signature::from_scalars(r, s).map(|x| x.to_bytes().to_vec())
            }
        };
        match bytes {
            Ok(b) => split(&b),
            Err(_) => self.sign(msg),
        }
    }

    /// ECDSA-SHA256 over `msg`, DER-encoded (70 to 72 bytes).
    pub(crate) fn sign_der(&self, msg: &[u8]) -> Vec<u8> {
        match self {
            PartnerKey::K1(k) => {
                let sig: k256::ecdsa::Signature = k.sign(msg);
                sig.to_der().as_bytes().to_vec()
            }
            PartnerKey::R1(k) => {
                let sig: p256::ecdsa::Signature = k.sign(msg);
                sig.to_der().as_bytes().to_vec()
            }
        }
    }
}

fn split(bytes: &[u8]) -> RawSignature {
    let mut r = [0u8; 32];
    let mut s = [0u8; 32];
    r.copy_from_slice(&bytes[..32]);
    s.copy_from_slice(&bytes[32..64]);
    RawSignature { r, s }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use k256::ecdsa::signature::Verifier;

    /// Verifies `sig` over `msg` with the public key of `key`, accepting high-S.
    pub(crate) fn verifies(key: &PartnerKey, msg: &[u8], rs: &[u8]) -> bool {
        match key {
            PartnerKey::K1(k) => k256::ecdsa::Signature::from_slice(rs)
                // k256 verification insists on low-S; the device does not.
                .map(|s| s.normalize_s())
                .is_ok_and(|s| k.verifying_key().verify(msg, &s).is_ok()),
            PartnerKey::R1(k) => p256::ecdsa::Signature::from_slice(rs)
                .is_ok_and(|s| k.verifying_key().verify(msg, &s).is_ok()),
        }
    }

    /// Verifies a DER signature over `msg` with the public key of `key`, accepting high-S.
    pub(crate) fn verifies_der(key: &PartnerKey, msg: &[u8], der: &[u8]) -> bool {
        match key {
            PartnerKey::K1(k) => k256::ecdsa::Signature::from_der(der)
                .map(|s| s.normalize_s())
                .is_ok_and(|s| k.verifying_key().verify(msg, &s).is_ok()),
            PartnerKey::R1(k) => p256::ecdsa::Signature::from_der(der)
                .is_ok_and(|s| k.verifying_key().verify(msg, &s).is_ok()),
        }
    }

    fn keys() -> [PartnerKey; 2] {
        [
            PartnerKey::from_secret(Curve::Secp256k1, &[7u8; 32]).unwrap(),
            PartnerKey::from_secret(Curve::Secp256r1, &[7u8; 32]).unwrap(),
        ]
    }

    #[test]
    fn raw_signatures_verify_on_both_curves() {
        for key in keys() {
            let sig = key.sign(b".payload");
            assert_eq!(sig.to_rs().len(), 64);
            assert!(verifies(&key, b".payload", &sig.to_rs()));
            assert!(!verifies(&key, b"payload", &sig.to_rs()));
        }
    }

    #[test]
    fn signing_is_deterministic() {
        for key in keys() {
            assert_eq!(key.sign(b"x"), key.sign(b"x"));
        }
    }

    #[test]
    fn high_s_signatures_are_high_and_valid() {
        for key in keys() {
            let sig = key.sign_high_s(b".payload");
            assert!(sig.s[0] >= 0x7f, "s should be above n/2");
            assert!(verifies(&key, b".payload", &sig.to_rs()));
        }
    }

    #[test]
    fn der_signatures_start_with_a_sequence() {
        for key in keys() {
            let der = key.sign_der(b"x");
            assert_eq!(der[0], 0x30);
            assert_eq!(usize::from(der[1]) + 2, der.len());
        }
    }

    #[test]
    fn public_keys_are_uncompressed() {
        for key in keys() {
            let pk = key.public_key_sec1();
            assert_eq!(pk.len(), 65);
            assert_eq!(pk[0], 4);
        }
    }

    #[test]
    fn secret_key_zero_is_refused() {
        assert!(PartnerKey::from_secret(Curve::Secp256k1, &[0u8; 32]).is_err());
    }
}
