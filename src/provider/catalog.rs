//! What the reference provider trades: its currencies (provider ids, Ledger tickers,
//! decimals) and its pairs (rates, limits, fees). Static data, no I/O.

use super::decimal::Dec;

/// A currency, under the provider's own id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Currency {
    /// The provider's id, used in `/pairs`, `/quote` and `currencyFrom`/`currencyTo`.
    pub(crate) id: &'static str,
    /// Ledger's ticker: what `payloadCurrencyFrom`/`To` carry into the payload.
    pub(crate) ticker: &'static str,
    /// Decimals of the base unit (8 for satoshis).
    pub(crate) decimals: u32,
    /// Ledger's `blockchain_name`.
    pub(crate) blockchain: &'static str,
    /// EVM chain id, for EVM currencies.
    pub(crate) chain_id: Option<u64>,
    /// Token contract, for tokens.
    pub(crate) contract: Option<&'static str>,
    /// Deposits need a memo (the payload's `payin_extra_id`).
    pub(crate) needs_memo: bool,
}

impl Currency {
    /// `coin` or `token`, as `/currencies` spells it.
    pub(crate) fn kind(&self) -> &'static str {
        if self.contract.is_some() {
            "token"
        } else {
            "coin"
        }
    }
}

/// Every currency, in `/currencies` order.
pub(crate) const CURRENCIES: &[Currency] = &[
    Currency {
        id: "btc",
        ticker: "BTC",
        decimals: 8,
        blockchain: "bitcoin",
        chain_id: None,
        contract: None,
        needs_memo: false,
    },
    Currency {
        id: "eth",
        ticker: "ETH",
        decimals: 18,
        blockchain: "ethereum",
        chain_id: Some(1),
        contract: None,
        needs_memo: false,
    },
    Currency {
        id: "usdt",
        ticker: "USDT",
        decimals: 6,
        blockchain: "ethereum",
        chain_id: Some(1),
        contract: Some("0xdac17f958d2ee523a2206206994597c13d831ec7"),
        needs_memo: false,
    },
    Currency {
        id: "xlm",
        ticker: "XLM",
        decimals: 7,
        blockchain: "stellar",
        chain_id: None,
        contract: None,
        needs_memo: true,
    },
];

/// A tradable pair with its terms. Amounts are decimal strings in whole coins; fees are in
/// the `to` currency.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair {
    pub(crate) from: &'static str,
    pub(crate) to: &'static str,
    /// Units of `to` per unit of `from`.
    pub(crate) rate: &'static str,
    pub(crate) min: &'static str,
    pub(crate) max: &'static str,
    pub(crate) provider_fees: &'static str,
    pub(crate) referral_fees: &'static str,
    pub(crate) payout_network_fees: &'static str,
    /// Seed-era API: amounts above this need a KYC upgrade (`/check_quote` answers 403).
    pub(crate) kyc_above: &'static str,
}

/// Every pair, in `/pairs` order. Fees stay below what the minimum amount buys, so every
/// accepted quote has a positive `amountTo`.
pub(crate) const PAIRS: &[Pair] = &[
    Pair {
        from: "btc",
        to: "eth",
        rate: "16.5",
        min: "0.0001",
        max: "20",
        provider_fees: "0.0001",
        referral_fees: "0.00005",
        payout_network_fees: "0.0002",
        kyc_above: "5",
    },
    Pair {
        from: "eth",
        to: "btc",
        rate: "0.0606",
        min: "0.002",
        max: "300",
        provider_fees: "0.000001",
        referral_fees: "0.0000005",
        payout_network_fees: "0.00001",
        kyc_above: "100",
    },
    Pair {
        from: "xlm",
        to: "btc",
        rate: "0.0000045",
        min: "10",
        max: "500000",
        provider_fees: "0.000001",
        referral_fees: "0.0000005",
        payout_network_fees: "0.000002",
        kyc_above: "100000",
    },
    Pair {
        from: "btc",
        to: "usdt",
        rate: "65000",
        min: "0.0001",
        max: "20",
        provider_fees: "0.5",
        referral_fees: "0.25",
        payout_network_fees: "1.5",
        kyc_above: "5",
    },
];

/// The currency with provider id `id`: a bundled one, or a synthetic one (`serve --pairs`).
pub(crate) fn currency(id: &str) -> Option<&'static Currency> {
    CURRENCIES
        .iter()
        .find(|c| c.id == id)
        .or_else(|| super::synthetic::currency(id))
}

/// The bundled pair `from → to` (the synthetic ones are in [`Catalog`]).
pub(crate) fn pair(from: &str, to: &str) -> Option<&'static Pair> {
    PAIRS.iter().find(|p| p.from == from && p.to == to)
}

/// What one running provider trades: the bundled currencies and pairs, followed by the
/// synthetic ones of `serve --pairs N`. Built once per size and kept for the process
/// ([`super::synthetic::catalog`]), so quotes can hold `&'static` pairs.
#[derive(Debug)]
pub(crate) struct Catalog {
    pub(crate) currencies: Vec<&'static Currency>,
    pub(crate) pairs: Vec<&'static Pair>,
    /// `(from, to)` → index in `pairs`.
    index: std::collections::HashMap<(&'static str, &'static str), usize>,
}

impl Catalog {
    /// The catalog of `currencies` and `pairs`, indexed.
    pub(crate) fn new(currencies: Vec<&'static Currency>, pairs: Vec<&'static Pair>) -> Catalog {
        let index = pairs
            .iter()
            .enumerate()
            .map(|(i, p)| ((p.from, p.to), i))
            .collect();
        Catalog {
            currencies,
            pairs,
            index,
        }
    }

    /// The pair `from → to`, in constant time.
    pub(crate) fn pair(&self, from: &str, to: &str) -> Option<&'static Pair> {
        // The index is keyed by the currencies' own `&'static` ids.
        let key = (currency(from)?.id, currency(to)?.id);
        self.index.get(&key).map(|&i| self.pairs[i])
    }
}

/// The parsed decimal of a catalog constant (valid by construction, checked by a test).
pub(crate) fn dec(text: &'static str) -> Dec {
    Dec::parse(text).unwrap_or(Dec::ZERO)
}

/// What a pair gives for `amount` of `from`, all in whole `to` coins.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Terms {
    /// What the user receives, gross of the payout network fees (the payload's
    /// `amount_to_wallet` includes them).
    pub(crate) amount_to: Dec,
    pub(crate) provider_fees: Dec,
    pub(crate) referral_fees: Dec,
    pub(crate) payout_network_fees: Dec,
}

impl Pair {
    /// The `from` currency.
    pub(crate) fn currency_from(&self) -> &'static Currency {
        currency(self.from).unwrap_or(&CURRENCIES[0])
    }

    /// The `to` currency.
    pub(crate) fn currency_to(&self) -> &'static Currency {
        currency(self.to).unwrap_or(&CURRENCIES[0])
    }

    /// `amount × rate − provider fees − referral fees`, truncated to the `to` decimals.
    /// `None` when that is not positive.
    pub(crate) fn terms(&self, amount: Dec) -> Option<Terms> {
        let decimals = self.currency_to().decimals;
        let gross = amount.mul_truncated(dec(self.rate), decimals)?;
        let amount_to = gross
            .checked_sub(dec(self.provider_fees))?
            .checked_sub(dec(self.referral_fees))?;
        (!amount_to.is_zero()).then_some(Terms {
            amount_to,
            provider_fees: dec(self.provider_fees),
            referral_fees: dec(self.referral_fees),
            payout_network_fees: dec(self.payout_network_fees),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_constant_parses_and_every_pair_is_consistent() {
        for p in PAIRS {
            for text in [
                p.rate,
                p.min,
                p.max,
                p.provider_fees,
                p.referral_fees,
                p.payout_network_fees,
                p.kyc_above,
            ] {
                assert!(Dec::parse(text).is_some(), "{text}");
            }
            assert!(currency(p.from).is_some() && currency(p.to).is_some());
            assert!(dec(p.min) < dec(p.max));
            let from = p.currency_from().decimals;
            assert!(dec(p.min).to_base_units(from).is_some());
            assert!(p.terms(dec(p.min)).is_some(), "{}→{} at min", p.from, p.to);
            assert!(p.terms(dec(p.max)).is_some());
        }
    }

    #[test]
    fn terms_are_exact() {
        let t = pair("btc", "eth").unwrap().terms(dec("0.29")).unwrap();
        assert_eq!(t.amount_to.to_string(), "4.78485");
        assert_eq!(
            t.amount_to.to_base_units(18),
            Some(4_784_850_000_000_000_000)
        );
    }

    #[test]
    fn tickers_fit_the_device() {
        for c in CURRENCIES {
            assert!(c.ticker.len() <= 9);
        }
    }
}
