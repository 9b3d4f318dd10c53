//! Malformed suites and profiles: exit 2 before any request, every problem shown with
//! file:line:col. One trial per fixture; the expected stderr is a golden file beside it
//! (`UPDATE_GOLDEN=1 cargo test --test it` rewrites them; review every diff).

use crate::support::{Scratch, bin, text};
use libtest_mimic::{Failed, Trial};
use std::path::{Path, PathBuf};

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

pub fn trials() -> Vec<Trial> {
    let mut out = Vec::new();
    for f in fixtures("bad_suites") {
        let name = f
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        out.push(Trial::test(
            format!("bad_inputs::suite::{name}"),
            move || check_fixture(&f, true),
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
            move || check_fixture(&f, false),
        ));
    }
    out
}

/// A bad suite is run against the bundled reference provider; a bad profile alone.
fn check_fixture(file: &Path, is_suite: bool) -> Result<(), Failed> {
    let dir = Scratch::new("bad");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rel = file.strip_prefix(root).unwrap_or(file);
    let mut cmd = bin();
    cmd.current_dir(root);
    if is_suite {
        cmd.args(["run", "--suite"]).arg(rel);
    } else {
        cmd.args(["run", "--profile"]).arg(rel);
    }
    cmd.arg("--json")
        .arg(dir.path("report.json"))
        .arg("--junit")
        .arg(dir.path("junit.xml"));
    let out = cmd.output()?;
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
    let golden = file.with_extension("stderr");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &stderr)?;
        return Ok(());
    }
    let want = std::fs::read_to_string(&golden).map_err(|e| {
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
