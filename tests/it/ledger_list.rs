//! The embedded currency list is what `scripts/cryptoassets.sh` writes from its pinned npm
//! version. The trial installs the package from the npm registry, so it runs only when asked
//! (`PROVIDER_CONFORMANCE_NPM=1`, with `npm` and `node` on the PATH): every other test stays
//! on loopback. Otherwise it is listed as ignored, with what it needs as its kind.

use libtest_mimic::{Failed, Trial};
use std::path::Path;
use std::process::Command;

pub(crate) fn trials() -> Vec<Trial> {
    let trial = Trial::test(
        "ledger_list::the_committed_file_is_what_the_pinned_package_gives",
        the_committed_file_is_what_the_pinned_package_gives,
    );
    match why_not() {
        None => vec![trial],
        Some(reason) => vec![trial.with_kind(reason).with_ignored_flag(true)],
    }
}

/// Why the trial cannot run here, if it cannot.
fn why_not() -> Option<&'static str> {
    if std::env::var_os("PROVIDER_CONFORMANCE_NPM").is_none_or(|v| v != "1") {
        return Some("needs PROVIDER_CONFORMANCE_NPM=1 and the npm registry");
    }
    let found = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    (!found("npm") || !found("node")).then_some("needs npm and node on the PATH")
}

fn the_committed_file_is_what_the_pinned_package_gives() -> Result<(), Failed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = crate::support::Scratch::new("ledger-list");
    let out = dir.path("ledger-currencies.tsv");
    let run = Command::new("sh")
        .arg(root.join("scripts/cryptoassets.sh"))
        .arg(&out)
        .output()?;
    if !run.status.success() {
        return Err(format!(
            "scripts/cryptoassets.sh failed: {}",
            String::from_utf8_lossy(&run.stderr)
        )
        .into());
    }
    let written = std::fs::read_to_string(&out)?;
    let committed = std::fs::read_to_string(root.join("data/ledger-currencies.tsv"))?;
    if written == committed {
        return Ok(());
    }
    let differ: Vec<String> = written
        .lines()
        .zip(committed.lines())
        .enumerate()
        .filter(|(_, (w, c))| w != c)
        .take(5)
        .map(|(n, (w, c))| format!("line {}: script `{w}`, committed `{c}`", n + 1))
        .collect();
    Err(format!(
        "data/ledger-currencies.tsv is not what the script writes ({} lines vs {}); {}",
        committed.lines().count(),
        written.lines().count(),
        differ.join("; ")
    )
    .into())
}
