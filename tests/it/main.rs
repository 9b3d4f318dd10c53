//! The one integration test binary. Each module contributes trials (libtest-mimic), so that
//! data-driven cases (every fault of the reference provider, every bad-input fixture) are one
//! named test each, listed and filtered like any other: `cargo test --test it -- faults::`.

mod architecture;
mod bad_inputs;
mod chaos;
mod chaos_proxy;
mod coverage;
mod device_kit;
mod device_mutations;
mod device_vectors;
mod discover;
mod e2e;
mod faults;
mod hostile;
mod hostile_ends;
mod hostile_interrupt;
mod hostile_support;
mod ledger_list;
mod ratelimit;
mod reports;
mod reports_action;
mod reports_deviations;
mod reports_glance;
mod reports_init;
mod reports_secrets;
mod support;
mod sweep;
mod variants;
mod widgets;

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let mut trials = Vec::new();
    trials.extend(architecture::trials());
    trials.extend(e2e::trials());
    trials.extend(faults::trials());
    trials.extend(coverage::trials());
    trials.extend(device_vectors::trials());
    trials.extend(device_mutations::trials());
    trials.extend(bad_inputs::trials());
    trials.extend(reports::trials());
    trials.extend(reports_action::trials());
    trials.extend(reports_deviations::trials());
    trials.extend(reports_glance::trials());
    trials.extend(reports_init::trials());
    trials.extend(reports_secrets::trials());
    trials.extend(hostile::trials());
    trials.extend(hostile_interrupt::trials());
    trials.extend(hostile_ends::trials());
    trials.extend(chaos::trials());
    trials.extend(variants::trials());
    trials.extend(ratelimit::trials());
    trials.extend(widgets::trials());
    trials.extend(sweep::trials());
    trials.extend(ledger_list::trials());
    trials.extend(discover::trials());
    libtest_mimic::run(&args, trials).exit();
}
