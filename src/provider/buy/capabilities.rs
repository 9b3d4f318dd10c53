//! `GET /capabilities` and `GET /crypto-currencies`: what the buy provider sells, for which
//! fiat amounts, in which countries, with which payment methods.

use crate::provider::faults::Fault;
use crate::provider::state::ProviderState;
use crate::provider::variants::Variant;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;

/// A fiat currency with its accepted amounts (whole units, inclusive).
pub(crate) struct Fiat {
    /// ISO-4217, lowercase as in the spec's example.
    pub(crate) code: &'static str,
    pub(crate) min: u64,
    pub(crate) max: u64,
}

pub(crate) const FIATS: &[Fiat] = &[
    Fiat {
        code: "eur",
        min: 50,
        max: 10_000,
    },
    Fiat {
        code: "usd",
        min: 50,
        max: 10_000,
    },
];

/// A country (ISO-3166 alpha-2) with its payment methods (names from the documented list).
pub(crate) struct Country {
    pub(crate) code: &'static str,
    pub(crate) payment_methods: &'static [&'static str],
}

pub(crate) const COUNTRIES: &[Country] = &[
    Country {
        code: "FR",
        payment_methods: &["card", "sepa", "applepay"],
    },
    Country {
        code: "US",
        payment_methods: &["card", "ach"],
    },
];

/// A crypto asset for sale: Ledger id and price in whole fiat units per coin.
pub(crate) struct Asset {
    pub(crate) ledger_id: &'static str,
    pub(crate) price: f64,
}

pub(crate) const ASSETS: &[Asset] = &[
    Asset {
        ledger_id: "bitcoin",
        price: 60_000.0,
    },
    Asset {
        ledger_id: "ethereum",
        price: 3_000.0,
    },
    Asset {
        ledger_id: "ethereum/erc20/usd_tether__erc20_",
        price: 1.0,
    },
];

/// The `successRate` of every payment method under `buy-capabilities-extras`.
const SUCCESS_RATE: f64 = 0.9;

/// `GET /capabilities`.
pub(crate) async fn capabilities(State(state): State<Arc<ProviderState>>) -> Response {
    if state.has(Fault::BuyCapabilities500) {
        return super::internal_error();
    }
    let fiats: Vec<Value> = FIATS
        .iter()
        .map(|f| {
            let (min, max) = if state.has(Fault::BuyCapabilitiesMinAboveMax) {
                (f.max, f.min)
            } else {
                (f.min, f.max)
            };
            let code = if state.chooses(Variant::BuyUppercaseFiat) {
                f.code.to_uppercase()
            } else {
                f.code.to_string()
            };
            json!({ "fiat": code, "minAmount": min, "maxAmount": max })
        })
        .collect();
    let countries: Vec<Value> = COUNTRIES
        .iter()
        .map(|c| {
            let code = if state.has(Fault::BuyBadCountryCode) && c.code == "FR" {
                "FRA"
            } else {
                c.code
            };
            let methods: Vec<Value> = c
                .payment_methods
                .iter()
                .map(|m| {
                    if state.chooses(Variant::BuyCapabilitiesExtras) {
                        json!({ "name": m, "successRate": SUCCESS_RATE })
                    } else {
                        json!({ "name": m })
                    }
                })
                .collect();
            json!({ "country": code, "paymentMethods": methods })
        })
        .collect();
    let countries_key = if state.chooses(Variant::BuyCountriesCapabilities) {
        "countriesCapabilities"
    } else {
        "countryCapabilities"
    };
    let mut body = json!({ "fiatCurrencyCapabilities": fiats, countries_key: countries });
    if state.chooses(Variant::BuyCapabilitiesExtras) {
        let ids: Vec<&str> = ASSETS.iter().map(|a| a.ledger_id).collect();
        body["cryptoCurrencies"] = json!(ids);
    }
    Json(body).into_response()
}

/// `GET /crypto-currencies`: the Ledger ids of the assets for sale.
pub(crate) async fn crypto_currencies(State(state): State<Arc<ProviderState>>) -> Response {
    if state.has(Fault::BuyCrypto500) {
        return super::internal_error();
    }
    let ids: Vec<&str> = ASSETS
        .iter()
        .map(|a| match a.ledger_id {
            "ethereum/erc20/usd_tether__erc20_" if state.has(Fault::BuyCryptoTickers) => "USDT",
            id => id,
        })
        .filter(|id| *id != "bitcoin" || !state.has(Fault::BuyCryptoMissingProfileCurrency))
        .collect();
    Json(json!(ids)).into_response()
}
