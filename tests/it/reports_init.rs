//! `init` and the profile schema: the template validates, loads and refuses to overwrite; the
//! schema accepts the reference provider's profile and the README's example.

use crate::support::{Scratch, bin, ensure, text};
use libtest_mimic::{Failed, Trial};
use std::path::Path;

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "reports_init::the_template_matches_the_schema_and_loads_once_its_variable_is_set",
            template_validates_and_loads,
        ),
        Trial::test(
            "reports_init::init_refuses_to_overwrite_without_force",
            refuses_to_overwrite,
        ),
        Trial::test("reports_init::init_rejects_a_bad_partner_name", bad_name),
        Trial::test(
            "reports_init::the_profile_schema_accepts_the_reference_and_readme_profiles",
            schema_accepts_known_profiles,
        ),
        Trial::test(
            "reports_init::the_profile_schema_rejects_common_mistakes",
            schema_rejects_mistakes,
        ),
    ]
}

fn profile_validator() -> Result<jsonschema::Validator, Failed> {
    let path = crate::reports::root().join("schemas/profile.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    jsonschema::draft202012::new(&schema)
        .map_err(|e| format!("schemas/profile.schema.json does not compile: {e}").into())
}

/// A YAML profile as JSON, typed as the profile loader types it.
fn yaml_json(text: &str) -> Result<serde_json::Value, Failed> {
    provider_conformance::yaml::parse(provider_conformance::source::FileId(0), text)
        .map(|n| n.to_json())
        .map_err(|d| format!("not YAML: {:?}", d[0].message).into())
}

pub(crate) fn schema_errors(text: &str) -> Result<Vec<String>, Failed> {
    let v = profile_validator()?;
    let json = yaml_json(text)?;
    Ok(v.iter_errors(&json)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect())
}

fn init(dir: &Path, args: &[&str]) -> std::process::Output {
    bin()
        .current_dir(dir)
        .arg("init")
        .args(args)
        .output()
        .expect("run the binary")
}

fn template_validates_and_loads() -> Result<(), Failed> {
    let dir = Scratch::new("init");
    let out = init(
        &dir.0,
        &["--output", "acme/profile.yaml", "--name", "Swap-Co"],
    );
    ensure(out.status.code() == Some(0), "init failed", &out)?;
    ensure(
        text(&out.stdout).contains("SWAP_CO_API_KEY"),
        "init does not say which variable to export",
        &out,
    )?;
    let written = std::fs::read_to_string(dir.path("acme/profile.yaml"))?;
    let errors = schema_errors(&written)?;
    ensure(
        errors.is_empty(),
        &format!(
            "the template does not match the schema:\n{}",
            errors.join("\n")
        ),
        &out,
    )?;
    ensure(
        written
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 10,
        "the template is not commented",
        &out,
    )?;
    // The real loader, through `run --list` (which sends nothing).
    let listed = bin()
        .current_dir(&dir.0)
        .env("SWAP_CO_API_KEY", "k-0123456789")
        .args(["run", "--profile", "acme/profile.yaml", "--list"])
        .output()?;
    ensure(
        listed.status.code() == Some(0) && text(&listed.stdout).contains("SWAP-QUOTE-001"),
        "the template does not load with its variable set",
        &listed,
    )?;
    let unset = bin()
        .current_dir(&dir.0)
        .env_remove("SWAP_CO_API_KEY")
        .args(["run", "--profile", "acme/profile.yaml", "--list"])
        .output()?;
    ensure(
        unset.status.code() == Some(2)
            && text(&unset.stderr).contains("environment variable `SWAP_CO_API_KEY` is not set"),
        "an unset variable should be reported",
        &unset,
    )?;
    let stdout = init(&dir.0, &["--output", "-"]);
    ensure(
        stdout.status.code() == Some(0) && text(&stdout.stdout).contains("name: \"ACME\""),
        "`--output -` should print the template",
        &stdout,
    )
}

fn refuses_to_overwrite() -> Result<(), Failed> {
    let dir = Scratch::new("init-force");
    std::fs::write(dir.path("profile.yaml"), "mine\n")?;
    let out = init(&dir.0, &[]);
    ensure(
        out.status.code() == Some(2),
        "an existing file must not be overwritten",
        &out,
    )?;
    ensure(
        text(&out.stderr).contains("`profile.yaml` already exists; nothing was written")
            && text(&out.stderr).contains("--force"),
        "the refusal should say how to overwrite",
        &out,
    )?;
    ensure(
        std::fs::read_to_string(dir.path("profile.yaml"))? == "mine\n",
        "the file was changed",
        &out,
    )?;
    let forced = init(&dir.0, &["--force", "--name", "Forced"]);
    ensure(forced.status.code() == Some(0), "--force failed", &forced)?;
    ensure(
        std::fs::read_to_string(dir.path("profile.yaml"))?.contains("name: \"Forced\""),
        "--force did not overwrite",
        &forced,
    )
}

fn bad_name() -> Result<(), Failed> {
    let dir = Scratch::new("init-name");
    let out = init(&dir.0, &["--name", "AB"]);
    ensure(
        out.status.code() == Some(2),
        "a 2-byte name is bad input",
        &out,
    )?;
    ensure(
        !dir.path("profile.yaml").exists(),
        "nothing may be written",
        &out,
    )
}

/// The README's example profile: the first YAML block after "Write a profile".
fn readme_profile() -> Result<String, Failed> {
    let readme = std::fs::read_to_string(crate::reports::root().join("README.md"))?;
    let start = readme
        .find("Write a profile")
        .ok_or("README: no `Write a profile`")?;
    let rest = &readme[start..];
    let open = rest.find("```yaml\n").ok_or("README: no yaml block")? + 8;
    let close = rest[open..].find("```").ok_or("README: unclosed block")?;
    Ok(rest[open..open + close]
        .lines()
        .map(|l| l.strip_prefix("   ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n"))
}

fn schema_accepts_known_profiles() -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new()?;
    let provider = rt.block_on(provider_conformance::provider::start(
        Default::default(),
        "127.0.0.1:0".parse()?,
    ))?;
    let reference = provider.profile_yaml();
    rt.block_on(provider.shutdown());
    for (what, text) in [
        ("the reference provider's profile", reference),
        ("the README's example", readme_profile()?),
        (
            "a profile with known deviations",
            format!(
                "{}known_deviations:\n  - {{ id: SWAP-SIG-002, reason: key rotation, flow: fixed }}\n",
                provider_conformance::cmd::init::template("ACME")
                    .replace("known_deviations: []\n", "")
            ),
        ),
    ] {
        let errors = schema_errors(&text)?;
        if !errors.is_empty() {
            return Err(format!(
                "the profile schema rejects {what}:\n{}\n---\n{text}",
                errors.join("\n")
            )
            .into());
        }
    }
    Ok(())
}

fn schema_rejects_mistakes() -> Result<(), Failed> {
    let good = provider_conformance::cmd::init::template("ACME");
    for (what, bad) in [
        ("a short name", good.replace("name: \"ACME\"", "name: AC")),
        ("an unknown top-level key", format!("{good}extra: 1\n")),
        (
            "an unknown section key",
            good.replacen("  curve: secp256k1", "  curve: secp256k1\n  curv: x", 1),
        ),
        (
            "an unknown curve",
            good.replacen("  curve: secp256k1", "  curve: ed25519", 1),
        ),
        (
            "an unquoted amount",
            good.replace("amount: \"0.01\"", "amount: 0.01"),
        ),
        (
            "a pair without decimals",
            good.replace("      decimals_from: 8\n", ""),
        ),
        (
            "a deviation without a reason",
            good.replace(
                "known_deviations: []",
                "known_deviations: [{ id: SWAP-SIG-002 }]",
            ),
        ),
        (
            "no section",
            "name: ACME\nknown_deviations: []\n".to_string(),
        ),
    ] {
        if bad == good {
            return Err(format!("the mutation for {what} changed nothing").into());
        }
        if schema_errors(&bad)?.is_empty() {
            return Err(format!("the profile schema accepts {what}").into());
        }
    }
    Ok(())
}
