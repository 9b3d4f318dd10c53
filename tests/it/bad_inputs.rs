//! Malformed suites and profiles: exit 2 before any request, every problem shown with
//! file:line:col. One trial per fixture; the expected stderr is a golden file beside it
//! (`UPDATE_GOLDEN=1 cargo test --test it` rewrites them; review every diff).

use crate::hostile_support::output_within;
use crate::support::{Scratch, bin, text};
use libtest_mimic::{Failed, Trial};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Longest a bad input may take to be refused.
const BOUND: Duration = Duration::from_secs(30);

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

pub(crate) fn trials() -> Vec<Trial> {
    let mut out = Vec::new();
    for f in fixtures("bad_suites") {
        let name = f
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        out.push(Trial::test(
            format!("bad_inputs::suite::{name}"),
            move || check_fixture(&f, Input::Suite),
        ));
    }
    for f in fixtures("bad_profiles") {
        let name = f
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        out.push(Trial::test(
            format!("bad_inputs::profile::{name}"),
            move || check_fixture(&f, Input::Profile),
        ));
    }
    for f in fixtures("bad_deviations") {
        let name = f
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        out.push(Trial::test(
            format!("bad_inputs::deviations::{name}"),
            move || check_fixture(&f, Input::Deviations),
        ));
    }
    // Issue 9, defect 4: an endless deviations file filled memory instead of being refused.
    out.push(Trial::test(
        "bad_inputs::generated::deviations_from_dev_zero",
        deviations_from_dev_zero,
    ));
    out.push(Trial::test("bad_inputs::generated::suite_of_20_mb", || {
        too_large(true)
    }));
    out.push(Trial::test(
        "bad_inputs::generated::profile_of_20_mb",
        || too_large(false),
    ));
    out
}

/// A 20 MB file, made at run time (never committed), is refused at 1:1 without being parsed.
fn too_large(is_suite: bool) -> Result<(), Failed> {
    let dir = Scratch::new("large");
    let file = dir.path("large.yaml");
    let line = "# a comment line that makes the file large, repeated many times over\n";
    std::fs::write(&file, line.repeat(20 * 1024 * 1024 / line.len() + 1))?;
    let mut cmd = bin();
    cmd.current_dir(&dir.0)
        .args(["run", if is_suite { "--suite" } else { "--profile" }])
        .arg("large.yaml")
        .args(["--json", "report.json", "--junit", "junit.xml"]);
    let out = output_within(&mut cmd, BOUND)?;
    let stderr = text(&out.stderr);
    let what = if is_suite { "suite" } else { "profile" };
    if out.status.code() != Some(2)
        || !stderr.contains(" --> large.yaml:1:1\n")
        || !stderr.contains(&format!("error: the {what} is too large: "))
        || dir.path("report.json").exists()
    {
        return Err(format!(
            "expected exit 2 at large.yaml:1:1, got {:?}\n{stderr}",
            out.status.code()
        )
        .into());
    }
    Ok(())
}

/// Which input a fixture is.
#[derive(Clone, Copy)]
enum Input {
    Suite,
    Profile,
    Deviations,
}

/// A bad suite or deviations file is run against the bundled reference provider; a bad
/// profile alone.
fn check_fixture(file: &Path, input: Input) -> Result<(), Failed> {
    let dir = Scratch::new("bad");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rel = file.strip_prefix(root).unwrap_or(file);
    let mut cmd = bin();
    cmd.current_dir(root);
    let flag = match input {
        Input::Suite => "--suite",
        Input::Profile => "--profile",
        Input::Deviations => "--deviations",
    };
    cmd.args(["run", flag]).arg(rel);
    cmd.arg("--json")
        .arg(dir.path("report.json"))
        .arg("--junit")
        .arg(dir.path("junit.xml"));
    let out = output_within(&mut cmd, BOUND)?;
    let stderr = text(&out.stderr);
    if out.status.code() != Some(2) {
        return Err(format!("expected exit 2, got {:?}\n{stderr}", out.status.code()).into());
    }
    if dir.path("report.json").exists() {
        return Err("a bad input must stop the run before any report".into());
    }
    if !stderr.contains(&format!("--> {}:", rel.display())) {
        return Err(format!("no file:line:col for {}:\n{stderr}", rel.display()).into());
    }
    same_as_golden(&file.with_extension("stderr"), &stderr)
}

/// `run --deviations /dev/zero` is refused at once, with exit 2, before any report.
fn deviations_from_dev_zero() -> Result<(), Failed> {
    let dir = Scratch::new("dev-zero");
    let mut cmd = bin();
    cmd.current_dir(&dir.0)
        .args(["run", "--deviations", "/dev/zero"])
        .args(["--json", "report.json", "--junit", "junit.xml"]);
    let out = output_within(&mut cmd, BOUND)?;
    let stderr = text(&out.stderr);
    if out.status.code() != Some(2) || dir.path("report.json").exists() {
        return Err(format!(
            "expected exit 2 and no report, got {:?}\n{stderr}",
            out.status.code()
        )
        .into());
    }
    let golden =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad_deviations/dev_zero.stderr");
    same_as_golden(&golden, &stderr)
}

/// Compares `stderr` with a golden file; `UPDATE_GOLDEN=1` rewrites it.
fn same_as_golden(golden: &Path, stderr: &str) -> Result<(), Failed> {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(golden, stderr)?;
        return Ok(());
    }
    let want = std::fs::read_to_string(golden).map_err(|e| {
        format!(
            "missing golden {}: {e} (run with UPDATE_GOLDEN=1)",
            golden.display()
        )
    })?;
    if want == stderr {
        Ok(())
    } else {
        Err(format!(
            "stderr differs from {}\n--- want ---\n{want}\n--- got ---\n{stderr}",
            golden.display()
        )
        .into())
    }
}
