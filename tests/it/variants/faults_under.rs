//! Detection is kept whole under every variant: every fault of the reference provider, run
//! under each combined run of variants (minus those declared not to apply to it), shows
//! exactly the ids the provider's fault table gives it, and nothing else. Each declaration of
//! [`DOES_NOT_APPLY`] is shown to be needed: under that variant alone the fault does not show
//! exactly its ids, so a row that is no longer needed fails, like `STILL_REJECTED`.

use super::does_not_apply::{DOES_NOT_APPLY, applies};
use super::{Expect, combinations, judge};
use crate::support::fault_filters;
use libtest_mimic::{Failed, Trial};
use provider_conformance::provider::{Fault, Variant};

pub(crate) fn trials() -> Vec<Trial> {
    let combos = combinations();
    let mut out = Vec::new();
    for (i, combo) in combos.into_iter().enumerate() {
        for &fault in Fault::ALL {
            let variants: Vec<Variant> = combo
                .iter()
                .copied()
                .filter(|v| applies(fault, *v))
                .collect();
            out.push(Trial::test(
                format!("variants::fault_combined::{i}::{fault}"),
                move || shows_its_ids(fault, &variants),
            ));
        }
    }
    for row in DOES_NOT_APPLY {
        out.push(Trial::test(
            format!("variants::does_not_apply::{}::{}", row.fault, row.variant),
            move || still_needed(row.fault, row.variant),
        ));
    }
    out
}

/// `run --fault F --variant …` with the fault's flows (the API suites when it names none).
fn args<'a>(fault: Fault, variants: &'a [&'a str]) -> Vec<&'a str> {
    let mut args = vec!["run", "--fault", fault.name()];
    for v in variants {
        args.extend(["--variant", v]);
    }
    args.extend(fault_filters(fault));
    args
}

fn expect(fault: Fault) -> Expect<'static> {
    Expect {
        fail: fault.fails(),
        warn: fault.warns(),
        inform: fault.informs(),
    }
}

fn shows_its_ids(fault: Fault, variants: &[Variant]) -> Result<(), Failed> {
    let names: Vec<&str> = variants.iter().map(|v| v.name()).collect();
    judge(&args(fault, &names), fault.name(), &expect(fault), false)
}

/// Under `variant` alone, `fault` does not show exactly its ids: the declaration is needed.
fn still_needed(fault: &str, variant: &str) -> Result<(), Failed> {
    let f: Fault = fault.parse()?;
    match judge(&args(f, &[variant]), fault, &expect(f), false) {
        Ok(()) => Err(format!(
            "`{fault}` shows exactly its ids under `{variant}`: remove its DOES_NOT_APPLY row"
        )
        .into()),
        Err(_) => Ok(()),
    }
}
