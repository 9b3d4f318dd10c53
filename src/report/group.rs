//! Failures grouped by requirement, as every human report shows them: one line per
//! requirement with its counts ("failed in 13 steps across 5 pairs"), the first failure in
//! full, and the catalogue's "how to fix" under it. A reviewer reads what to mend, once, not
//! the same failure thirteen times; the JUnit and JSON reports keep every check.
//!
//! ```text
//! failures by requirement:
//!   FAIL  SWAP-BIND-006  failed in 4 steps across 2 pairs (2 flows)
//!         first: swap › fixed rate [btc→eth] › step `fixed swap`: field 9 amount_to_provider is 28999999 …
//!         at suites/swap.yaml:120:11
//!         how to fix: Convert the request's `amount` to base units with integer arithmetic …
//! ```

use crate::catalogue;
use crate::runner::outcome::{CheckOutcome, FlowOutcome, RunOutcome, Status};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The failures (`fail` or `error`) of one requirement.
#[derive(Debug, Clone)]
pub(crate) struct FailureGroup<'a> {
    pub(crate) id: &'a str,
    /// `Fail` when any check failed, else `Error` (none could run).
    pub(crate) status: Status,
    /// Steps with at least one failing check of this id.
    pub(crate) steps: usize,
    /// Flows concerned, and the pairs among them (`[btc→eth]` in a flow's name).
    pub(crate) flows: usize,
    pub(crate) pairs: usize,
    /// The first failure, in report order.
    pub(crate) first: First<'a>,
    /// The catalogue's title and fix, when it lists the id.
    pub(crate) title: Option<&'static str>,
    pub(crate) fix: Option<&'static str>,
}

/// Where the first failure of a group happened.
#[derive(Debug, Clone)]
pub(crate) struct First<'a> {
    pub(crate) suite: &'a str,
    pub(crate) flow: &'a str,
    pub(crate) step: &'a str,
    pub(crate) check: &'a CheckOutcome,
}

/// The groups, in the order their first failure appears.
pub(crate) fn failure_groups(run: &RunOutcome) -> Vec<FailureGroup<'_>> {
    struct Acc<'a> {
        group: FailureGroup<'a>,
        steps: BTreeSet<(usize, usize)>,
        flows: BTreeSet<usize>,
        pairs: BTreeSet<&'a str>,
    }
    let mut acc: Vec<Acc<'_>> = Vec::new();
    let flows = run
        .suites
        .iter()
        .flat_map(|s| s.flows.iter().map(move |f| (s.name.as_str(), f)));
    for (fi, (suite, flow)) in flows.enumerate() {
        for (si, step) in flow.steps.iter().enumerate() {
            for c in step.checks.iter().filter(|c| c.status.is_failure()) {
                let i = match acc.iter().position(|a| a.group.id == &*c.id) {
                    Some(i) => i,
                    None => {
                        let r = catalogue::requirement(&c.id);
                        acc.push(Acc {
                            group: FailureGroup {
                                id: &c.id,
                                status: Status::Error,
                                steps: 0,
                                flows: 0,
                                pairs: 0,
                                first: First {
                                    suite,
                                    flow: &flow.name,
                                    step: &step.name,
                                    check: c,
                                },
                                title: r.map(|r| r.title),
                                fix: r.map(|r| r.fix),
                            },
                            steps: BTreeSet::new(),
                            flows: BTreeSet::new(),
                            pairs: BTreeSet::new(),
                        });
                        acc.len() - 1
                    }
                };
                let a = &mut acc[i];
                if c.status == Status::Fail {
                    a.group.status = Status::Fail;
                }
                a.steps.insert((fi, si));
                a.flows.insert(fi);
                a.pairs.extend(pair_of(flow));
            }
        }
    }
    acc.into_iter()
        .map(|a| FailureGroup {
            steps: a.steps.len(),
            flows: a.flows.len(),
            pairs: a.pairs.len(),
            ..a.group
        })
        .collect()
}

/// The `[btc→eth]` at the end of a `for_each: pair` flow's name.
fn pair_of(flow: &FlowOutcome) -> Option<&str> {
    let name = flow.name.trim_end();
    let start = name.rfind(" [")?;
    name.ends_with(']').then(|| &name[start + 1..])
}

impl FailureGroup<'_> {
    /// `failed in 13 steps across 5 pairs (7 flows)`, or `could not run in 1 step (1 flow)`.
    pub(crate) fn counts(&self) -> String {
        let verb = if self.status == Status::Fail {
            "failed"
        } else {
            "could not run"
        };
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let flows = plural(self.flows, "flow");
        if self.pairs > 0 {
            format!(
                "{verb} in {} across {} ({flows})",
                plural(self.steps, "step"),
                plural(self.pairs, "pair")
            )
        } else {
            format!("{verb} in {} ({flows})", plural(self.steps, "step"))
        }
    }

    /// The first failure's message, with the device's status word when the message does not
    /// name it already.
    pub(crate) fn message(&self) -> String {
        let c = self.first.check;
        match c.status_word.as_deref().filter(|w| !c.message.contains(*w)) {
            Some(w) => format!("{} (device: {w})", c.message),
            None => c.message.clone(),
        }
    }

    /// `swap › fixed rate [btc→eth] › step `fixed swap``.
    pub(crate) fn place(&self) -> String {
        format!(
            "{} › {} › step `{}`",
            self.first.suite, self.first.flow, self.first.step
        )
    }
}

/// The console's block (empty when nothing failed).
pub(crate) fn console(run: &RunOutcome) -> String {
    let groups = failure_groups(run);
    if groups.is_empty() {
        return String::new();
    }
    let line = |s: &str| super::plain(&s.replace(['\n', '\r'], " "));
    let mut out = String::from("\nfailures by requirement:\n");
    for g in &groups {
        let _ = writeln!(out, "  {:<5}  {}  {}", g.status.label(), g.id, g.counts());
        let _ = writeln!(
            out,
            "         first: {}: {}",
            line(&g.place()),
            line(&g.message())
        );
        let _ = writeln!(out, "         at {}", g.first.check.location);
        if let Some(fix) = g.fix {
            let _ = writeln!(out, "         how to fix: {fix}");
        }
    }
    out
}

/// The Markdown section, with `text` escaping provider text and `code` the catalogue's.
pub(crate) fn markdown(
    run: &RunOutcome,
    text: &dyn Fn(&str) -> String,
    catalogue_text: &dyn Fn(&str) -> String,
) -> String {
    let groups = failure_groups(run);
    if groups.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n### Failures by requirement\n\n");
    for g in &groups {
        let title = g
            .title
            .map(|t| format!(" {}", catalogue_text(t)))
            .unwrap_or_default();
        let _ = writeln!(out, "- **{}**{title}: {}", text(g.id), text(&g.counts()));
        let _ = writeln!(
            out,
            "  - first: {} · {}: {}",
            text(&g.place()),
            text(&g.first.check.location.to_string()),
            text(&g.message())
        );
        if let Some(fix) = g.fix {
            let _ = writeln!(out, "  - how to fix: {}", catalogue_text(fix));
        }
    }
    out
}

/// The HTML section, with `esc` escaping text and `code` rendering catalogue text; `anchor`
/// gives the `#flow-N` of a flow by its suite and name.
pub(crate) fn html(
    run: &RunOutcome,
    esc: &dyn Fn(&str) -> String,
    code: &dyn Fn(&str) -> String,
) -> String {
    let groups = failure_groups(run);
    if groups.is_empty() {
        return String::new();
    }
    let index = |suite: &str, flow: &str| {
        run.suites
            .iter()
            .flat_map(|s| {
                s.flows
                    .iter()
                    .map(move |f| (s.name.as_str(), f.name.as_str()))
            })
            .position(|(s, f)| s == suite && f == flow)
            .map_or(0, |i| i + 1)
    };
    let mut h = String::from(
        "<h2>Failures by requirement</h2>\n<table id=\"failures\">\n<thead><tr><th>Requirement</th><th>Where and how often</th><th>First failure, and how to fix</th></tr></thead>\n<tbody>\n",
    );
    for g in &groups {
        let class = if g.status == Status::Fail {
            "fail"
        } else {
            "error"
        };
        let fix = g
            .fix
            .map(|f| format!("<div class=\"fix\"><b>How to fix:</b> {}</div>", code(f)))
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr class=\"group {class}\" data-id=\"{id}\"><td class=\"id\"><code>{id}</code><div>{}</div></td>\
             <td><span class=\"st\">{}</span> <span class=\"counts\">{}</span><div class=\"loc\">first: <a href=\"#flow-{}\">{}</a></div></td>\
             <td class=\"msg\">{}<div class=\"loc\">{}</div>{fix}</td></tr>",
            g.title.map(code).unwrap_or_default(),
            g.status.label(),
            esc(&g.counts()),
            index(g.first.suite, g.first.flow),
            esc(&g.place()),
            esc(&g.message()),
            esc(&g.first.check.location.to_string()),
            id = esc(g.id),
        );
    }
    h.push_str("</tbody>\n</table>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{StepOutcome, SuiteOutcome};
    use crate::source::Location;
    use std::path::Path;

    fn check(id: &str, status: Status, message: &str, line: usize) -> CheckOutcome {
        CheckOutcome {
            id: id.into(),
            check: "swap_payload",
            status,
            message: message.into(),
            location: Location {
                file: "suites/swap.yaml".into(),
                line,
                col: 11,
            },
            status_word: None,
        }
    }

    fn step(name: &str, checks: Vec<CheckOutcome>) -> StepOutcome {
        StepOutcome {
            name: name.into(),
            location: checks[0].location.clone(),
            exchanges: vec![],
            checks,
            decoded_payload: None,
            secrets: vec![],
        }
    }

    fn flow(name: &str, steps: Vec<StepOutcome>) -> FlowOutcome {
        FlowOutcome {
            name: name.into(),
            tags: vec![],
            started_at: String::new(),
            duration_ms: 0,
            steps,
        }
    }

    /// Two pairs, each failing SWAP-BIND-006 in two steps, one transport error, one pass.
    fn sample() -> RunOutcome {
        let bind = |amount: &str| {
            check(
                "SWAP-BIND-006",
                Status::Fail,
                &format!(
                    "field 9 amount_to_provider is {amount}, expected 29000000 (0.29 BTC × 10^8)"
                ),
                120,
            )
        };
        let pair = || {
            vec![
                step(
                    "fixed swap",
                    vec![
                        bind("28999999"),
                        check("SWAP-SWAP-001", Status::Pass, "status 200", 118),
                    ],
                ),
                step("float swap", vec![bind("28999998")]),
            ]
        };
        RunOutcome {
            tool: "provider-conformance 0.1.0".into(),
            provider: "ACME".into(),
            target: "https://staging.acme.example/v2".into(),
            planned_flows: 3,
            profile_digest: Some("ab".repeat(32)),
            suites: vec![SuiteOutcome {
                name: "swap".into(),
                file: "suites/swap.yaml".into(),
                api: "swap".into(),
                flows: vec![
                    flow("swaps [btc→eth]", pair()),
                    flow("swaps [xlm→btc]", pair()),
                    flow(
                        "status",
                        vec![step(
                            "status",
                            vec![check(
                                "SWAP-STATUS-001",
                                Status::Error,
                                "no complete response within 10000 ms",
                                200,
                            )],
                        )],
                    ),
                ],
            }],
            ..RunOutcome::default()
        }
    }

    #[test]
    fn groups_count_steps_pairs_and_flows_and_keep_the_first_example() {
        let run = sample();
        let g = failure_groups(&run);
        assert_eq!(g.len(), 2);
        assert_eq!(
            (g[0].id, g[0].steps, g[0].pairs, g[0].flows),
            ("SWAP-BIND-006", 4, 2, 2)
        );
        assert_eq!(g[0].counts(), "failed in 4 steps across 2 pairs (2 flows)");
        assert_eq!(g[0].place(), "swap › swaps [btc→eth] › step `fixed swap`");
        assert!(g[0].first.check.message.contains("28999999"));
        assert!(g[0].fix.is_some_and(|f| f.contains("integer arithmetic")));
        assert_eq!(g[1].counts(), "could not run in 1 step (1 flow)");
        assert!(failure_groups(&crate::runner::outcome::sample::run(&[Status::Pass])).is_empty());
        assert_eq!(
            console(&crate::runner::outcome::sample::run(&[Status::Pass])),
            ""
        );
    }

    /// Compares `got` with `tests/fixtures/reports/NAME`; `UPDATE_GOLDEN=1` rewrites it.
    fn golden(name: &str, got: &str) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/reports")
            .join(name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, got).expect("write the golden file");
            return;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
        assert!(
            want == got,
            "{} differs:\n--- want ---\n{want}\n--- got ---\n{got}",
            path.display()
        );
    }

    #[test]
    fn grouped_failures_match_their_golden_files() {
        colored::control::set_override(false);
        let run = sample();
        golden("grouped.console.txt", &super::super::console::summary(&run));
        golden("grouped.md", &super::super::markdown::render(&run));
        let html = super::super::html::render(&run);
        let start = html.find("<dl class=\"header\"").expect("the header");
        let end = html
            .find("<h2>Requirements</h2>")
            .expect("the requirements");
        golden("grouped.html", &html[start..end]);
    }
}
