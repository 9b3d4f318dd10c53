//! The GitHub Action (`action.yml`): its `run:` scripts, executed with bash as a runner would
//! (same shell flags, `GITHUB_*` files, `${{ }}` expressions of the step `env:` blocks
//! evaluated), with the binary under test given through PROVIDER_CONFORMANCE_BIN, against the
//! reference provider: reports and the job summary appear, annotations are printed, and the
//! exit code of a failing run fails the step.

use crate::support::{Scratch, text};
use libtest_mimic::{Failed, Trial};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "reports_action::a_conforming_provider_passes_with_reports_and_a_job_summary",
            action_passes,
        ),
        Trial::test(
            "reports_action::the_deadline_input_is_passed_to_run",
            action_passes_the_deadline,
        ),
        Trial::test(
            "reports_action::failing_checks_fail_the_step_with_annotations",
            action_fails,
        ),
        Trial::test(
            "reports_action::the_reports_are_uploaded_even_when_the_run_fails",
            action_uploads_always,
        ),
    ]
}

fn action() -> Result<Value, Failed> {
    let text = std::fs::read_to_string(crate::reports::root().join("action.yml"))?;
    provider_conformance::yaml::parse(provider_conformance::source::FileId(0), &text)
        .map(|n| n.to_json())
        .map_err(|d| format!("action.yml is not YAML: {}", d[0].message).into())
}

/// What one run of the action's scripts left behind.
struct ActionRun {
    /// Exit code of the last step run (a failing step stops the job, as on GitHub).
    code: Option<i32>,
    stdout: String,
    stderr: String,
    summary: String,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
}

/// Runs every `run:` step of action.yml in `dir` with `inputs` (others take their defaults).
fn run_action(dir: &Path, inputs: &[(&str, &str)]) -> Result<ActionRun, Failed> {
    let action = action()?;
    let mut input_values: BTreeMap<String, String> = BTreeMap::new();
    for (name, spec) in action["inputs"].as_object().ok_or("no inputs")? {
        let default = match &spec["default"] {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        input_values.insert(name.clone(), default);
    }
    for (k, v) in inputs {
        if !input_values.contains_key(*k) {
            return Err(format!("action.yml has no input `{k}`").into());
        }
        input_values.insert(k.to_string(), v.to_string());
    }
    let root = crate::reports::root();
    let summary = dir.join("step_summary.md");
    std::fs::write(&summary, "")?;
    let temp = dir.join("runner-temp");
    std::fs::create_dir_all(&temp)?;
    let mut run = ActionRun {
        code: Some(0),
        stdout: String::new(),
        stderr: String::new(),
        summary: String::new(),
        outputs: BTreeMap::new(),
    };
    for step in action["runs"]["steps"].as_array().ok_or("no steps")? {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        let id = step["id"].as_str().unwrap_or("step").to_string();
        if step["shell"] != "bash" {
            return Err(format!("step `{id}` must say `shell: bash`").into());
        }
        let output_file = dir.join(format!("output-{id}"));
        std::fs::write(&output_file, "")?;
        let mut cmd = std::process::Command::new("bash");
        // What GitHub runs for `shell: bash`.
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(dir)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", &root)
            .env("GITHUB_WORKSPACE", dir)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_OUTPUT", &output_file)
            .env("RUNNER_TEMP", &temp)
            .env("NO_COLOR", "1")
            .env(
                "PROVIDER_CONFORMANCE_BIN",
                env!("CARGO_BIN_EXE_provider-conformance"),
            );
        for (k, v) in step["env"].as_object().into_iter().flatten() {
            let v = v.as_str().ok_or("env values are strings")?;
            cmd.env(k, evaluate(v, &input_values, &run.outputs, &root)?);
        }
        let out = cmd.output()?;
        run.stdout.push_str(&text(&out.stdout));
        run.stderr.push_str(&text(&out.stderr));
        let outputs = std::fs::read_to_string(&output_file)?
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        run.outputs.insert(id, outputs);
        run.code = out.status.code();
        if run.code != Some(0) {
            break;
        }
    }
    run.summary = std::fs::read_to_string(&summary)?;
    Ok(run)
}

/// Evaluates the `${{ }}` expressions the action uses: inputs, step outputs, the action's path.
fn evaluate(
    value: &str,
    inputs: &BTreeMap<String, String>,
    outputs: &BTreeMap<String, BTreeMap<String, String>>,
    root: &Path,
) -> Result<String, Failed> {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").ok_or("unclosed ${{")? + start;
        let expr = rest[start + 3..end].trim();
        let parts: Vec<&str> = expr.split('.').collect();
        let v = match parts.as_slice() {
            ["inputs", name] => inputs
                .get(*name)
                .cloned()
                .ok_or(format!("unknown input `{name}`"))?,
            ["steps", id, "outputs", key] => outputs
                .get(*id)
                .and_then(|o| o.get(*key))
                .cloned()
                .unwrap_or_default(),
            ["github", "action_path"] => root.display().to_string(),
            ["github", "action_repository"] => "LedgerHQ/provider-conformance".into(),
            _ => return Err(format!("the test cannot evaluate `{expr}`").into()),
        };
        out.push_str(&v);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn report(run: &ActionRun, what: &str) -> String {
    format!(
        "{what}\nexit: {:?}\noutputs: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}\n--- summary ---\n{}",
        run.code, run.outputs, run.stdout, run.stderr, run.summary
    )
}

fn action_passes_the_deadline() -> Result<(), Failed> {
    let dir = Scratch::new("action-deadline");
    // `--deadline 0` is refused by the binary: proof that the input reached it.
    let run = run_action(&dir.0, &[("filter", "credentials"), ("deadline", "0")])?;
    if run.code != Some(2) || !run.stderr.contains("--deadline") {
        return Err(report(&run, "the `deadline` input did not reach `run --deadline`").into());
    }
    let run = run_action(&dir.0, &[("filter", "credentials"), ("deadline", "60")])?;
    if run.code != Some(0) {
        return Err(report(&run, "a run within its deadline passes").into());
    }
    Ok(())
}

fn action_passes() -> Result<(), Failed> {
    let dir = Scratch::new("action-pass");
    let run = run_action(&dir.0, &[("filter", "fixed credentials")])?;
    let check = |cond: bool, what: &str| -> Result<(), Failed> {
        if cond {
            Ok(())
        } else {
            Err(report(&run, what).into())
        }
    };
    check(run.code == Some(0), "the action should pass")?;
    check(
        run.outputs["build"].get("bin").map(String::as_str)
            == Some(env!("CARGO_BIN_EXE_provider-conformance")),
        "the build step did not hand over the given binary",
    )?;
    check(
        run.outputs["run"].get("exit-code").map(String::as_str) == Some("0"),
        "no exit-code output",
    )?;
    check(
        run.stdout.contains("using the given binary"),
        "the build step built instead of using the given binary",
    )?;
    check(
        run.summary
            .starts_with("## ✅ provider-conformance: Reference conforms"),
        "the job summary is missing",
    )?;
    for f in [
        "reports/junit.xml",
        "reports/report.json",
        "reports/summary.md",
        "reports/report.html",
    ] {
        check(dir.path(f).exists(), &format!("{f} was not written"))?;
    }
    check(
        !run.stdout.contains("::error"),
        "annotations on a passing run",
    )
}

fn action_fails() -> Result<(), Failed> {
    let dir = Scratch::new("action-fail");
    let run = run_action(
        &dir.0,
        &[
            ("filter", "fixed"),
            ("extra-args", "--fault wrong-nonce --timeout 5"),
            ("html", ""),
            ("junit", "out/j.xml"),
        ],
    )?;
    let check = |cond: bool, what: &str| -> Result<(), Failed> {
        if cond {
            Ok(())
        } else {
            Err(report(&run, what).into())
        }
    };
    check(
        run.code == Some(1),
        "the step must fail with the run's exit code 1",
    )?;
    check(
        run.outputs["run"].get("exit-code").map(String::as_str) == Some("1"),
        "the exit-code output should be 1",
    )?;
    check(
        run.stdout.lines().any(|l| {
            l.starts_with("::error file=suites/swap.yaml,line=")
                && l.contains("title=SWAP-PAYLOAD-007::")
        }),
        "no annotation for the failed payload rule",
    )?;
    check(
        run.summary.contains("❌") && run.summary.contains("| SWAP-PAYLOAD-007 |"),
        "the job summary does not show the failure",
    )?;
    check(
        dir.path("out/j.xml").exists(),
        "the junit input was ignored",
    )?;
    check(
        !dir.path("reports/report.html").exists(),
        "an empty html input must write no HTML",
    )
}

fn action_uploads_always() -> Result<(), Failed> {
    let action = action()?;
    let steps = action["runs"]["steps"].as_array().ok_or("no steps")?;
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-artifact@v4"))
        })
        .ok_or("no actions/upload-artifact@v4 step")?;
    if upload["if"] != "always()" {
        return Err("the upload step must run `if: always()`".into());
    }
    let paths = upload["with"]["path"].as_str().unwrap_or_default();
    for input in ["junit", "json", "markdown", "html"] {
        if !paths.contains(&format!("${{{{ inputs.{input} }}}}")) {
            return Err(format!("the upload step does not upload the `{input}` report").into());
        }
    }
    if action["runs"]["using"] != "composite" {
        return Err("the action must be a composite action".into());
    }
    Ok(())
}
