//! README's "Architecture" map and the tree agree: every module of `src/` is named in the map,
//! and the map names no module that is gone; and no room imports one above it.

use libtest_mimic::{Failed, Trial};
use std::path::Path;

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "architecture::the_readme_map_matches_the_tree",
            the_readme_map_matches_the_tree,
        ),
        Trial::test(
            "architecture::the_imports_run_one_way",
            the_imports_run_one_way,
        ),
    ]
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The fenced block under `## Architecture`.
fn map() -> Result<String, Failed> {
    let readme = std::fs::read_to_string(root().join("README.md"))?;
    let section = readme
        .split("\n## Architecture\n")
        .nth(1)
        .ok_or("README has no `## Architecture` section")?;
    let block = section
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .ok_or("the Architecture section has no ```text map")?;
    Ok(block.to_string())
}

/// The top-level modules of `src/`: `name/` for a folder, `name.rs` for a file.
fn modules() -> Result<Vec<String>, Failed> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("src"))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            out.push(format!("{name}/"));
        } else if name.ends_with(".rs") && name != "lib.rs" {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

fn the_readme_map_matches_the_tree() -> Result<(), Failed> {
    let map = map()?;
    let words: Vec<&str> = map.split(|c: char| c.is_whitespace() || c == ',').collect();
    let missing: Vec<String> = modules()?
        .into_iter()
        .filter(|m| !words.contains(&m.as_str()))
        .collect();
    if !missing.is_empty() {
        return Err(format!("README's Architecture map does not name {missing:?}").into());
    }
    let src = root().join("src");
    let gone: Vec<&str> = map
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .flat_map(|l| {
            l.split_whitespace()
                .take_while(|w| w.ends_with('/') || w.ends_with(".rs") || w.ends_with(".rs,"))
        })
        .map(|w| w.trim_end_matches(','))
        .filter(|w| !src.join(w.trim_end_matches('/')).exists())
        .collect();
    if gone.is_empty() {
        Ok(())
    } else {
        Err(format!("README's Architecture map names {gone:?}, which `src/` no longer has").into())
    }
}

/// Rooms that must not import the named rooms (`crate::NAME`), outside their tests.
const NEVER: &[(&str, &[&str])] = &[
    ("checks", &["runner", "cmd", "report"]),
    (
        "profile",
        &["deviations", "checks", "runner", "cmd", "report"],
    ),
    ("swap", &["runner", "cmd", "report", "checks", "profile"]),
    ("catalogue", &["runner", "cmd", "report", "checks"]),
    ("suite", &["runner", "cmd", "report", "checks"]),
    ("report", &["cmd", "runner::http"]),
    ("runner", &["cmd", "report"]),
];

fn the_imports_run_one_way() -> Result<(), Failed> {
    let mut wrong = Vec::new();
    for (room, forbidden) in NEVER {
        let dir = root().join("src").join(room);
        for file in rust_files(&dir)? {
            let text = std::fs::read_to_string(&file)?;
            // Unit tests may build what they need from anywhere.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for f in *forbidden {
                if code.contains(&format!("crate::{f}::")) || code.contains(&format!("crate::{f};"))
                {
                    let shown = file
                        .strip_prefix(root())
                        .unwrap_or(&file)
                        .display()
                        .to_string();
                    wrong.push(format!("{shown} uses `crate::{f}`"));
                }
            }
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("\n").into())
    }
}

fn rust_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, Failed> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(rust_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(out)
}
