//! Requirements checked against Ledger's embedded coin list (`src/ledger_list/`, from the npm
//! package `@ledgerhq/cryptoassets`): the provider's `/currencies` and the profile's pairs.

use super::model::{Force, Gate, Requirement};
use super::table::req;

pub(super) const LIST: &[Requirement] = &[
    req(
        "LIST-CUR-001",
        "Every `/currencies` entry maps to a currency of Ledger's list, by `blockchain` or `chainId`",
        "§4.1 (GET /currencies)",
        "`blockchain` is Ledger's `blockchain_name` from `crypto-assets-service.api.ledger.com/v1/coins?output=blockchain_name,chain_id`, and may be omitted for EVM if `chainId` is set",
        Force::Should,
        Gate::LedgerLive,
        "Name each currency's chain with Ledger's `blockchain_name` (the coin's id in `@ledgerhq/cryptoassets`, e.g. `bitcoin`, `stellar`) or its EVM `chainId`; a currency on a chain Ledger does not list cannot be offered in Ledger Live",
    ),
    req(
        "LIST-PAIR-001",
        "The profile's `payload_currency_from`/`_to` are Ledger's tickers for the currencies `/currencies` names",
        "§2.5 (after the signature), §4.1 (POST /swap/fixed)",
        "`payloadCurrency*` are Ledger tickers and must be copied into protobuf fields 7/8 ... The coin config ticker must equal the (normalized) `currency_to`/`currency_from`",
        Force::Must,
        Gate::Harness,
        "Set the pair's `payload_currency_from`/`_to` in the profile to the ticker the message expects (Ledger's backend sends Ledger's ticker; with another one the run tests a request Ledger never sends), or fix the chain `/currencies` gives the currency",
    ),
    req(
        "LIST-PAIR-002",
        "The profile's `decimals_from`/`_to` are Ledger's decimals for the currencies `/currencies` names",
        "§2.5 (after the signature), §7.4",
        "So `amount_to_provider` must equal LL's `amountFromInSmallestDenomination`",
        Force::Must,
        Gate::Harness,
        "Set the pair's `decimals_from`/`_to` in the profile to the decimals the message expects: the binding checks convert amounts with them, so a wrong value shows as the provider's failure",
    ),
];
