//! Variable references: what a `${...}` names, parsed once into a [`Reference`].
//!
//! The names are `profile.<section>.<path>` (a value of the profile), `pair.<key>` (a field of
//! the pair a `for_each: pair` flow runs for), `gen.<generator>` (a fresh value), `env:NAME`
//! (profiles only) and plain names (a step's `vars` and the captures of earlier steps). The
//! suite loader checks each reference against the profile; the runner resolves it by variant.

use std::fmt;

/// What a template variable refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// `profile.buy.quote.to`: the path below `profile.`, one segment per dot.
    Profile(Vec<String>),
    /// `pair.amount`: a field of the flow's pair.
    Pair(PairKey),
    /// `gen.nonce`: a fresh value at each use.
    Gen(Generator),
    /// `env:NAME`: an environment variable, read when a profile loads.
    Env(String),
    /// A step var or a capture, by name; also any name that matches nothing above
    /// (`gen.nonse`, `pair.form`), which the suite loader then reports as unknown.
    Name(String),
}

impl Reference {
    /// Parses a variable name as written between `${` and `}` (filters removed).
    pub fn parse(name: &str) -> Reference {
        if let Some(var) = name.strip_prefix("env:") {
            return Reference::Env(var.to_string());
        }
        if let Some(g) = Generator::from_name(name) {
            return Reference::Gen(g);
        }
        if let Some(k) = name.strip_prefix("pair.").and_then(PairKey::from_name) {
            return Reference::Pair(k);
        }
        if let Some(rest) = name.strip_prefix("profile.")
            && !rest.is_empty()
        {
            return Reference::Profile(rest.split('.').map(str::to_string).collect());
        }
        Reference::Name(name.to_string())
    }
}

impl fmt::Display for Reference {
    /// The name as written (`pair.amount`, `gen.nonce`, `quote_id`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reference::Profile(path) => write!(f, "profile.{}", path.join(".")),
            Reference::Pair(k) => write!(f, "pair.{}", k.name()),
            Reference::Gen(g) => f.write_str(g.name()),
            Reference::Env(name) => write!(f, "env:{name}"),
            Reference::Name(name) => f.write_str(name),
        }
    }
}

/// Declares a closed set of names: the enum, `ALL`, and the name of each variant.
macro_rules! names {
    ($(#[$meta:meta])* $ty:ident { $($(#[$vmeta:meta])* $variant:ident = $name:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $ty {
            $($(#[$vmeta])* $variant,)*
        }

        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant,)*];

            /// The name as written in suites and profiles.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)*
                }
            }

            pub fn from_name(name: &str) -> Option<$ty> {
                $ty::ALL.iter().copied().find(|v| v.name() == name)
            }
        }
    };
}

names! {
    /// The fields of a profile pair that `${pair.<key>}` can name.
    PairKey {
        /// The provider's id of the currency sent.
        From = "from",
        To = "to",
        /// Whole `from` coins, a decimal string.
        Amount = "amount",
        PayloadCurrencyFrom = "payload_currency_from",
        PayloadCurrencyTo = "payload_currency_to",
        DecimalsFrom = "decimals_from",
        DecimalsTo = "decimals_to",
        RefundAddress = "refund_address",
        PayoutAddress = "payout_address",
        /// Optional: null (and its JSON key left out) when the pair has none.
        RefundExtraId = "refund_extra_id",
        PayoutExtraId = "payout_extra_id",
        KycAmount = "kyc_amount",
        /// Defaulted at load time when the profile leaves it out.
        AmountBelowMinimum = "amount_below_minimum",
        AmountAboveMaximum = "amount_above_maximum",
    }
}

names! {
    /// The generators: fresh values made at run time.
    Generator {
        /// 32 random bytes in the section's nonce encoding (10 letters for the legacy flow).
        Nonce = "gen.nonce",
        NonceHex = "gen.nonce_hex",
        NonceBase64Url = "gen.nonce_base64url",
        /// The legacy device nonce: 10 letters A to Z.
        NonceLegacy = "gen.nonce_legacy",
        /// A version 4 UUID.
        Uuid = "gen.uuid",
        /// Now, RFC 3339 in seconds.
        NowIso = "gen.now_iso",
        /// Now, milliseconds since the epoch, as a string.
        NowMs = "gen.now_ms",
        /// A credential value no provider accepts.
        WrongSecret = "gen.wrong_secret",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_kind_once() {
        assert_eq!(
            Reference::parse("profile.buy.quote.to"),
            Reference::Profile(vec!["buy".into(), "quote".into(), "to".into()])
        );
        assert_eq!(
            Reference::parse("pair.kyc_amount"),
            Reference::Pair(PairKey::KycAmount)
        );
        assert_eq!(
            Reference::parse("gen.nonce"),
            Reference::Gen(Generator::Nonce)
        );
        assert_eq!(Reference::parse("env:KEY"), Reference::Env("KEY".into()));
        assert_eq!(
            Reference::parse("quote_id"),
            Reference::Name("quote_id".into())
        );
    }

    #[test]
    fn unknown_generators_and_pair_keys_stay_names() {
        assert_eq!(
            Reference::parse("gen.nonse"),
            Reference::Name("gen.nonse".into())
        );
        assert_eq!(
            Reference::parse("pair.form"),
            Reference::Name("pair.form".into())
        );
        assert_eq!(
            Reference::parse("profile."),
            Reference::Name("profile.".into())
        );
    }

    #[test]
    fn displays_as_written() {
        for name in [
            "profile.swap.pairs.0.from",
            "pair.amount_below_minimum",
            "gen.now_ms",
            "env:X",
            "token",
        ] {
            assert_eq!(Reference::parse(name).to_string(), name);
        }
    }
}
