//! Loads what a run needs before any request: the profile, the known deviations and the
//! suites, collecting every diagnostic; and `--list`.

use super::target::Target;
use crate::cli::RunArgs;
use crate::deviations::Deviation;
use crate::diagnostic::{Diagnostic, render_all};
use crate::error::{ErrorKind, HarnessError};
use crate::profile::{Profile, load_profile};
use crate::runner::PlannedFlow;
use crate::source::Sources;
use crate::suite::schemas::SchemaStore;
use crate::suite::{LoadContext, Suite, bundled, load_suite};
use std::path::{Path, PathBuf};

/// The validated inputs of a run.
pub(super) struct Loaded {
    pub profile: Profile,
    /// The profile's `known_deviations` and those of `--deviations FILE`.
    pub deviations: Vec<Deviation>,
    pub suites: Vec<Suite>,
    /// Whether `suites` are the bundled ones (no `--suite` given).
    pub bundled_suites: bool,
}

/// Loads the profile, the deviations and the suites.
pub(super) fn load(
    args: &RunArgs,
    sources: &mut Sources,
    target: &Target,
) -> Result<Loaded, HarnessError> {
    let profile = load_profile(
        sources,
        &target.name,
        target.text.clone(),
        &target.dir,
        &|k| std::env::var(k).ok(),
    )
    .map_err(|d| bad_input("load the profile", &d, sources))?;
    let mut deviations = profile_deviations(&profile, sources)
        .map_err(|d| bad_input("load the known deviations", &d, sources))?;
    if let Some(path) = &args.deviations {
        let more = crate::deviations::load_file(path, sources)
            .map_err(|d| bad_input("load the known deviations", &d, sources))?;
        deviations.extend(more);
    }
    let suites = load_suites(&args.suites, &profile, sources)
        .map_err(|d| bad_input("load the suites", &d, sources))?;
    Ok(Loaded {
        profile,
        deviations,
        suites,
        bundled_suites: args.suites.is_empty(),
    })
}

/// The profile's `known_deviations:`, read against the catalogue's ids (the profile keeps the
/// node as written: it knows no requirement ids).
fn profile_deviations(
    profile: &Profile,
    sources: &mut Sources,
) -> Result<Vec<Deviation>, Vec<Diagnostic>> {
    let Some(node) = &profile.known_deviations else {
        return Ok(Vec::new());
    };
    let mut diags = Vec::new();
    let list = crate::deviations::parse(node, sources, &crate::catalogue::ids(), &mut diags);
    if diags.is_empty() {
        return Ok(list);
    }
    // Diagnostics quote profile lines: mask its credentials, as the profile loader does.
    sources.mask(profile.file, &profile.secrets);
    Err(diags)
}

/// Bad input: the diagnostics rendered in file order, as an author reads them.
pub(super) fn bad_input(context: &str, diags: &[Diagnostic], sources: &Sources) -> HarnessError {
    let mut diags = diags.to_vec();
    diags.sort_by_key(|d| d.span.map(|s| (s.file.0, s.start.line, s.start.col)));
    HarnessError::new(
        context,
        ErrorKind::Input {
            rendered: render_all(&diags, sources),
            count: diags.len(),
        },
    )
}

/// Loads the bundled suites, or the files and folders given; collects every diagnostic.
fn load_suites(
    paths: &[PathBuf],
    profile: &Profile,
    sources: &mut Sources,
) -> Result<Vec<Suite>, Vec<Diagnostic>> {
    let mut files: Vec<(String, String, Option<PathBuf>)> = Vec::new();
    let mut diags = Vec::new();
    if paths.is_empty() {
        files.extend(
            bundled::BUNDLED
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string(), None)),
        );
    }
    for p in paths {
        for f in suite_files(p, &mut diags) {
            match crate::yaml::read_text(sources, &f, "suite") {
                Ok(t) => files.push((
                    f.display().to_string(),
                    t,
                    f.parent().map(Path::to_path_buf),
                )),
                Err(d) => diags.push(*d),
            }
        }
    }
    let known_ids = crate::catalogue::ids();
    let mut schemas = SchemaStore::default();
    let mut suites = Vec::new();
    for (name, text, dir) in files {
        let mut ctx = LoadContext {
            profile: Some(profile),
            schemas: &mut schemas,
            dir: dir.as_deref(),
            known_ids: &known_ids,
        };
        match load_suite(sources, &name, text, &mut ctx) {
            Ok(s) => suites.push(s),
            Err(d) => diags.extend(d),
        }
    }
    if diags.is_empty() {
        Ok(suites)
    } else {
        Err(diags)
    }
}

/// A file as given, or the `.yaml` and `.yml` files of a folder, sorted.
fn suite_files(p: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    if !p.is_dir() {
        return vec![p.to_path_buf()];
    }
    match std::fs::read_dir(p) {
        Ok(rd) => {
            let mut entries: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect();
            entries.sort();
            entries
        }
        Err(e) => {
            diags.push(Diagnostic::plain(format!(
                "cannot read the suite folder `{}`: {e}",
                p.display()
            )));
            Vec::new()
        }
    }
}

/// `--list`: the flows that would run and their checks.
pub(super) fn list(suites: &[Suite], planned: &[PlannedFlow]) -> String {
    let mut out = String::new();
    for p in planned {
        let suite = &suites[p.suite];
        out.push_str(&format!("{} › {}\n", suite.name, p.name));
        for step in &suite.flows[p.flow].steps {
            for c in &step.checks {
                out.push_str(&format!("  {}  {} {}\n", c.id, step.name, c.name()));
            }
            if let Some(poll) = &step.poll {
                out.push_str(&format!("  {}  {} poll\n", poll.id, step.name));
            }
            if let Some(pg) = &step.paginate {
                out.push_str(&format!("  {}  {} paginate\n", pg.id, step.name));
            }
        }
    }
    out.push_str(&format!("{} flow(s)\n", planned.len()));
    out
}
