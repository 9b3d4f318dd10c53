//! README's five-minute path, exactly as written: `serve` the reference provider on loopback,
//! `init --discover` against it, `run --profile` the discovered profile, exit 0; under the
//! default provider and under conforming variants that change what discovery reads.

use crate::support::{Scratch, bin, ensure, text};
use libtest_mimic::{Failed, Trial};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The reference provider's default API key (`serve --api-key`).
const API_KEY: &str = "reference-api-key";

/// Variants that change what `init --discover` reads: the chain id alone for EVM entries,
/// one item per page, the buy API's other spellings; and the seed API without login, whose
/// section discovery writes with `login: none`; and pairs that advertise one trade method
/// only (their other flow is not applicable).
const VARIANTS: &[&[&str]] = &[
    &["evm-chain-id-only"],
    &["one-item-pages"],
    &["buy-countries-capabilities", "buy-uppercase-fiat"],
    &["v1-no-login"],
    &["fixed-only"],
    &["float-only"],
];

pub(crate) fn trials() -> Vec<Trial> {
    let mut out = vec![
        Trial::test(
            "discover::the_five_minute_path_passes",
            || five_minutes(&[]),
        ),
        Trial::test(
            "discover::the_discovered_profile_matches_the_schema_and_names_its_sources",
            profile_matches_the_schema,
        ),
        Trial::test(
            "discover::a_provider_that_is_not_there_is_a_clear_error",
            unreachable,
        ),
    ];
    for v in VARIANTS {
        out.push(Trial::test(
            format!(
                "discover::the_five_minute_path_passes_under_{}",
                v.join("+")
            ),
            move || five_minutes(v),
        ));
    }
    out
}

/// A running `serve`, stopped when dropped.
struct Served {
    child: Child,
    root: String,
    public_key: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve` on a free loopback port and reads its root URL and key from its banner.
fn serve(variants: &[&str]) -> Result<Served, Failed> {
    let mut c = bin();
    c.args(["serve", "--listen", "127.0.0.1:0"]);
    for v in variants {
        c.args(["--variant", v]);
    }
    let mut child = c.stdout(Stdio::piped()).stderr(Stdio::null()).spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut served = Served {
        child,
        root: String::new(),
        public_key: String::new(),
    };
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line?;
        if let Some(root) = line.strip_prefix("reference provider listening on ") {
            served.root = root.trim().to_string();
        } else if let Some(key) = line.trim().strip_prefix("public key:") {
            served.public_key = key.trim().to_string();
            break;
        }
    }
    // The banner goes on after the key: keep reading, or `serve` would write to a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    if served.root.is_empty() || served.public_key.is_empty() {
        return Err("`serve` did not print its root URL and key".into());
    }
    Ok(served)
}

/// `init --discover` against `served`, writing `acme.yaml` in `dir`.
fn discover(dir: &Path, served: &Served, with_v1: bool) -> Result<std::process::Output, Failed> {
    let root = &served.root;
    let mut c = bin();
    c.current_dir(dir)
        .env("ACME_API_KEY", API_KEY)
        .args(["init", "--discover", "--name", "ACME"])
        .args(["--swap-url", &format!("{root}/v2")])
        .args(["--buy-url", &format!("{root}/buy")])
        .args(["--header", "X-API-KEY: ${env:ACME_API_KEY}"])
        .args(["--public-key", &served.public_key])
        .args(["--output", "acme.yaml"]);
    if with_v1 {
        c.args(["--swap-v1-url", &format!("{root}/v1")]);
    }
    Ok(c.output()?)
}

fn run(dir: &Path) -> Result<std::process::Output, Failed> {
    Ok(bin()
        .current_dir(dir)
        .env("ACME_API_KEY", API_KEY)
        .args(["run", "--profile", "acme.yaml", "--html", "report.html"])
        .args(["--junit", "junit.xml", "--json", "report.json"])
        .output()?)
}

fn five_minutes(variants: &[&str]) -> Result<(), Failed> {
    let served = serve(variants)?;
    let dir = Scratch::new("discover");
    let out = discover(&dir.0, &served, variants.contains(&"v1-no-login"))?;
    ensure(out.status.code() == Some(0), "init --discover failed", &out)?;
    ensure(
        text(&out.stdout).contains("run --profile acme.yaml"),
        "init --discover does not say what to run next",
        &out,
    )?;
    let written = std::fs::read_to_string(dir.path("acme.yaml"))?;
    ensure(
        !written.contains(API_KEY),
        "the profile holds the API key instead of `${env:…}`",
        &out,
    )?;
    let ran = run(&dir.0)?;
    ensure(
        ran.status.code() == Some(0),
        "the discovered profile does not pass against the reference provider",
        &ran,
    )?;
    ensure(
        text(&ran.stdout).contains("LIST-PAIR-001"),
        "the run did not check the pairs against Ledger's list",
        &ran,
    )
}

fn profile_matches_the_schema() -> Result<(), Failed> {
    let served = serve(&[])?;
    let dir = Scratch::new("discover-schema");
    let out = discover(&dir.0, &served, true)?;
    ensure(out.status.code() == Some(0), "init --discover failed", &out)?;
    let written = std::fs::read_to_string(dir.path("acme.yaml"))?;
    let errors = crate::reports_init::schema_errors(&written)?;
    ensure(
        errors.is_empty(),
        &format!(
            "the discovered profile does not match the schema:\n{}",
            errors.join("\n")
        ),
        &out,
    )?;
    for needed in [
        "payload_currency_from: \"BTC\"",
        "decimals_from: 7",
        "refund_extra_id: \"123456\"",
        "# REPLACE",
        "@ledgerhq/cryptoassets",
        "10 × minSwapAmount, inside /pairs' limits",
        "# - from: \"btc\"",
    ] {
        ensure(
            written.contains(needed),
            &format!("the profile lacks `{needed}`"),
            &out,
        )?;
    }
    Ok(())
}

fn unreachable() -> Result<(), Failed> {
    let dir = Scratch::new("discover-unreachable");
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let out = Command::new(env!("CARGO_BIN_EXE_provider-conformance"))
        .current_dir(&dir.0)
        .args([
            "init",
            "--discover",
            "--swap-url",
            &format!("http://127.0.0.1:{port}/v2"),
        ])
        .output()?;
    ensure(out.status.code() == Some(2), "expected exit 2", &out)?;
    let err = text(&out.stderr);
    ensure(
        err.contains("error: failed to discover the profile: GET `http://127.0.0.1:")
            && !dir.path("profile.yaml").exists(),
        "the error does not name the request, or a profile was written",
        &out,
    )
}
