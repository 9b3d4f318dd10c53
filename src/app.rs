//! The `run` pipeline: profile → suites → plan → run → reports → exit code.

use crate::cli::RunArgs;
use crate::diagnostic::{Diagnostic, render_all};
use crate::exit;
use crate::profile::{Profile, load_profile};
use crate::provider::{self, Fault, ProviderOptions, RunningProvider};
use crate::redact::Redactor;
use crate::report::{self, console};
use crate::runner::http::{Http, HttpConfig};
use crate::runner::outcome::{FlowOutcome, RunOutcome, SuiteOutcome};
use crate::runner::{FlowContext, plan, run_flow};
use crate::source::Sources;
use crate::suite::schemas::SchemaStore;
use crate::suite::{LoadContext, Suite, bundled, load_suite};
use futures_util::StreamExt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Runs `run` and returns the exit code.
pub fn run(args: &RunArgs) -> u8 {
    if args.list_variants {
        print!("{}", provider::variants_list());
        return exit::SUCCESS;
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: failed to start the async runtime: {e}");
            return exit::HARNESS_ERROR;
        }
    };
    rt.block_on(run_async(args))
}

async fn run_async(args: &RunArgs) -> u8 {
    let mut sources = Sources::default();
    // 1. The profile: a file, or the bundled reference provider started on loopback.
    let mut reference: Option<RunningProvider> = None;
    let (name, text, dir) = match &args.profile {
        Some(path) => match crate::yaml::read_text(&mut sources, path, "profile") {
            Ok(t) => (
                path.display().to_string(),
                t,
                path.parent().map(Path::to_path_buf).unwrap_or_default(),
            ),
            Err(d) => return bad_input(&[*d], &sources),
        },
        None => {
            let mut faults = Vec::new();
            for f in &args.fault {
                match f.parse::<Fault>() {
                    Ok(f) => faults.push(f),
                    Err(e) => {
                        eprintln!("error: {e}");
                        return exit::BAD_INPUT;
                    }
                }
            }
            let opts = ProviderOptions {
                curve: args.curve,
                faults,
                legacy: args.legacy,
                variants: match provider::parse_variants(&args.variants) {
                    Ok(v) => v,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return exit::BAD_INPUT;
                    }
                },
                ..ProviderOptions::default()
            };
            match provider::start(opts, "127.0.0.1:0".parse().expect("a valid socket address"))
                .await
            {
                Ok(p) => {
                    let text = p.profile_yaml();
                    reference = Some(p);
                    (
                        "<reference provider profile>".to_string(),
                        text,
                        PathBuf::new(),
                    )
                }
                Err(e) => {
                    eprintln!("error: failed to start the reference provider: {e}");
                    return exit::HARNESS_ERROR;
                }
            }
        }
    };
    let code = certify(args, &mut sources, &name, text, &dir).await;
    if let Some(p) = reference {
        p.shutdown().await;
    }
    code
}

/// The profile's `known_deviations:`, read against the catalogue's ids (the profile keeps the
/// node as written: it knows no requirement ids).
fn profile_deviations(
    profile: &Profile,
    sources: &mut Sources,
) -> Result<Vec<crate::deviations::Deviation>, Vec<Diagnostic>> {
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

async fn certify(
    args: &RunArgs,
    sources: &mut Sources,
    name: &str,
    text: String,
    dir: &Path,
) -> u8 {
    let profile = match load_profile(sources, name, text, dir, &|k| std::env::var(k).ok()) {
        Ok(p) => p,
        Err(diags) => return bad_input(&diags, sources),
    };
    let mut deviations = match profile_deviations(&profile, sources) {
        Ok(d) => d,
        Err(diags) => return bad_input(&diags, sources),
    };
    if let Some(path) = &args.deviations {
        match crate::deviations::load_file(path, sources) {
            Ok(d) => deviations.extend(d),
            Err(diags) => return bad_input(&diags, sources),
        }
    }
    // 2. The suites, validated against the profile and the catalogue.
    let suites = match load_suites(&args.suites, &profile, sources) {
        Ok(s) => s,
        Err(diags) => return bad_input(&diags, sources),
    };
    let planned = plan(&suites, &profile, &args.filters);
    if args.list {
        show(&list(&suites, &planned));
        return exit::SUCCESS;
    }
    if planned.is_empty() {
        eprintln!("error: no flow to run: the profile's sections and the filters select nothing");
        return exit::BAD_INPUT;
    }
    let http = match Http::new(HttpConfig {
        timeout: Duration::from_secs(args.timeout.max(1)),
        max_body: args.max_response_bytes,
    }) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: failed to build the HTTP client: {e}");
            return exit::HARNESS_ERROR;
        }
    };
    // 3. Run, printing each flow as soon as it and those before it are done.
    let mut redactor = Redactor::new(&profile.secrets);
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let start = Instant::now();
    let ctx = FlowContext {
        suites: &suites,
        profile: &profile,
        sources,
        http: &http,
    };
    let mut results: Vec<Option<FlowOutcome>> = vec![None; planned.len()];
    // Flows finish in any order, so that a hanging flow does not hold back those after it;
    // the console still shows them in plan order.
    let mut stream = futures_util::stream::iter(planned.iter().enumerate())
        .map(|(i, p)| {
            let ctx = &ctx;
            async move { (i, run_flow(ctx, p).await) }
        })
        .buffer_unordered(args.concurrency.max(1));
    let mut shown = 0;
    let mut incomplete = false;
    let mut interrupt = crate::interrupt::watch();
    loop {
        tokio::select! {
            next = stream.next() => match next {
                Some((i, mut flow)) => {
                    let suite = &suites[planned[i].suite];
                    crate::deviations::apply(&deviations, &suite.name, &mut flow);
                    crate::catalogue::force::apply(&mut flow);
                    redactor.flow(&mut flow);
                    results[i] = Some(flow);
                    while let Some(Some(flow)) = results.get(shown) {
                        show(&console::flow_block(&suites[planned[shown].suite].name, flow));
                        shown += 1;
                    }
                }
                None => break,
            },
            _ = interrupt.recv() => {
                eprintln!("\ninterrupted: writing the reports of the flows that finished");
                incomplete = true;
                // Finished flows behind an unfinished one have not been shown yet.
                for (i, flow) in results.iter().enumerate().skip(shown) {
                    if let Some(flow) = flow {
                        show(&console::flow_block(&suites[planned[i].suite].name, flow));
                    }
                }
                break;
            }
        }
    }
    // From here on a Ctrl-C exits at once.
    drop(interrupt);
    drop(stream);
    // 4. Reports.
    let mut outcome = RunOutcome {
        tool: format!("provider-conformance {}", env!("CARGO_PKG_VERSION")),
        provider: profile.name.clone(),
        target: profile
            .sections
            .values()
            .map(|s| s.base_url.clone())
            .collect::<Vec<_>>()
            .join(", "),
        started_at,
        duration_ms: start.elapsed().as_millis() as u64,
        incomplete,
        suites: Vec::new(),
        deviations: Vec::new(),
    };
    for (i, flow) in results.into_iter().enumerate() {
        let Some(flow) = flow else { continue };
        let suite = &suites[planned[i].suite];
        match outcome.suites.last_mut().filter(|s| s.name == suite.name) {
            Some(s) => s.flows.push(flow),
            None => outcome.suites.push(SuiteOutcome {
                name: suite.name.clone(),
                file: sources.get(suite.file).name.clone(),
                api: suite.api.key().to_string(),
                flows: vec![flow],
            }),
        }
    }
    outcome.deviations = crate::deviations::verdicts(&deviations, &outcome);
    redactor.run(&mut outcome);
    let mut code = exit_code(&outcome);
    if let Err(e) = write_reports(args, &outcome) {
        eprintln!("error: {e}");
        code = exit::HARNESS_ERROR;
    }
    show(&console::summary(&outcome));
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        show(&report::annotations::render(&outcome));
    }
    let mut written = vec![
        args.junit.display().to_string(),
        args.json.display().to_string(),
    ];
    written.extend(
        args.markdown
            .iter()
            .chain(&args.html)
            .map(|p| p.display().to_string()),
    );
    show(&format!("reports: {}\n", written.join(" ")));
    code
}

/// Writes every report asked for, and the GitHub step summary when `$GITHUB_STEP_SUMMARY` is
/// set; tries them all and returns the first error.
fn write_reports(args: &RunArgs, outcome: &RunOutcome) -> Result<(), report::ReportError> {
    let mut first_error = None;
    let mut keep = |r: Result<(), report::ReportError>| {
        if let Err(e) = r {
            first_error.get_or_insert(e);
        }
    };
    keep(report::write_file(
        "JUnit",
        &args.junit,
        &report::junit::to_xml(outcome),
    ));
    keep(report::write_file(
        "JSON",
        &args.json,
        &report::json::to_json(outcome),
    ));
    if let Some(path) = &args.html {
        keep(report::write_file(
            "HTML",
            path,
            &report::html::render(outcome),
        ));
    }
    let summary = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty());
    if args.markdown.is_some() || summary.is_some() {
        let markdown = report::markdown::render(outcome);
        if let Some(path) = &args.markdown {
            keep(report::write_file("Markdown", path, &markdown));
        }
        if let Some(path) = summary {
            keep(report::append_file(
                "step summary",
                Path::new(&path),
                &markdown,
            ));
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// Writes to stdout. A closed stdout (`run | head`) must not stop the run nor the reports, so
/// write errors are ignored (`print!` would panic).
fn show(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// The exit code of a finished run.
pub fn exit_code(run: &RunOutcome) -> u8 {
    if run.incomplete {
        exit::INTERRUPTED
    } else if run
        .checks()
        .any(|c| c.status.is_failure() || c.status == crate::runner::outcome::Status::Skip)
        || run
            .deviations
            .iter()
            .any(|d| d.verdict == crate::runner::outcome::DeviationVerdict::DidNotHappen)
    {
        exit::CHECKS_FAILED
    } else {
        exit::SUCCESS
    }
}

fn bad_input(diags: &[Diagnostic], sources: &Sources) -> u8 {
    // In file order, as an author reads them.
    let mut diags = diags.to_vec();
    diags.sort_by_key(|d| d.span.map(|s| (s.file.0, s.start.line, s.start.col)));
    eprint!("{}", render_all(&diags, sources));
    let n = diags.len();
    eprintln!(
        "\n{n} problem{} found; no request was sent",
        if n == 1 { "" } else { "s" }
    );
    exit::BAD_INPUT
}

/// Loads the bundled suites, or the files and folders given; collects every diagnostic.
pub fn load_suites(
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
        let mut found = Vec::new();
        if p.is_dir() {
            match std::fs::read_dir(p) {
                Ok(rd) => {
                    let mut entries: Vec<PathBuf> = rd
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|f| f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                        .collect();
                    entries.sort();
                    found.extend(entries);
                }
                Err(e) => diags.push(Diagnostic::plain(format!(
                    "cannot read the suite folder `{}`: {e}",
                    p.display()
                ))),
            }
        } else {
            found.push(p.clone());
        }
        for f in found {
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

/// `--list`: the flows that would run and their checks.
fn list(suites: &[Suite], planned: &[crate::runner::PlannedFlow]) -> String {
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
