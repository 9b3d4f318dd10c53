//! The two curves a partner key can be registered on (SET_PARTNER_KEY's curve byte).

use std::fmt;
use std::str::FromStr;

/// The elliptic curve of a provider's signing key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    /// secp256k1, curve byte `0x00`; the only curve of the legacy swap flow.
    Secp256k1,
    /// secp256r1 (NIST P-256), curve byte `0x01`.
    Secp256r1,
}

impl Curve {
    /// The name used in profiles and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Curve::Secp256k1 => "secp256k1",
            Curve::Secp256r1 => "secp256r1",
        }
    }
}

impl fmt::Display for Curve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Curve {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "secp256k1" => Ok(Curve::Secp256k1),
            "secp256r1" | "p256" | "P-256" | "prime256v1" => Ok(Curve::Secp256r1),
            other => Err(format!(
                "unknown curve `{other}`: expected `secp256k1` or `secp256r1`"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in [Curve::Secp256k1, Curve::Secp256r1] {
            assert_eq!(c.name().parse::<Curve>(), Ok(c));
        }
        assert!("ed25519".parse::<Curve>().is_err());
    }
}
