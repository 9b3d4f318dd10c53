//! The single-file HTML report (`run --html FILE`): the verdict, the per-requirement table with
//! catalogue titles, the known deviations, then every flow with every check, every exchange
//! (already redacted) and the decoded /swap payloads. Inline CSS, no script, no network
//! resource: it opens from a CI artifact or an e-mail as it is. Every text is HTML-escaped.

use super::plain;
use super::summary::requirement_rows;
use crate::runner::outcome::{
    DeviationVerdict, Exchange, FlowOutcome, RunOutcome, Status, StepOutcome,
};
use crate::swap::payload::PayloadEncoding;
use crate::swap::{SwapEvidence, hex};
use serde_json::Value;
use std::fmt::Write;

const STYLE: &str = "
:root { color-scheme: light; --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --dim: #57606a; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 0 auto;
       max-width: 1200px; padding: 24px; color: #1f2328; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.meta { color: var(--dim); margin: 0 0 16px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff; font-weight: 600; }
.verdict.ok { background: var(--pass); } .verdict.ko { background: var(--fail); }
.counts span { margin-right: 16px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #d0d7de; }
th { background: #f6f8fa; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; width: 4em; }
td.id, td.st { white-space: nowrap; }
td.msg { word-break: break-word; }
table.checks { table-layout: fixed; }
table.checks td:nth-child(1) { width: 64px; } table.checks td:nth-child(2) { width: 170px; }
table.checks td:nth-child(3) { width: 120px; }
table.payload-fields { table-layout: fixed; }
table.payload-fields th:nth-child(1) { width: 48px; } table.payload-fields th:nth-child(2) { width: 240px; }
.st { font-weight: 600; }
.pass .st { color: var(--pass); } .warn .st { color: var(--warn); }
.fail .st, .error .st, .did_not_happen .st { color: var(--fail); }
.skip .st, .expected_fail .st, .not_run .st, .not_applicable .st { color: var(--dim); }
tr.fail, tr.error, tr.did_not_happen { background: #ffebe9; }
.loc { color: var(--dim); font-size: 12px; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
details { margin: 2px 0 10px; } summary { cursor: pointer; color: var(--dim); }
section.flow { border-top: 2px solid #d0d7de; margin-top: 24px; }
dl.header { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 12px; }
dl.header dt { color: var(--dim); } dl.header dd { margin: 0; } dl.header dd.fail { color: var(--fail); font-weight: 600; }
.fix { margin-top: 4px; }
";

/// Renders the whole report as one HTML document.
pub(crate) fn render(run: &RunOutcome) -> String {
    let t = run.totals();
    let verdict = run.verdict();
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>provider-conformance: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&run.provider)
    );
    let _ = write!(
        h,
        "<h1>provider-conformance: {} <span class=\"verdict {}\" id=\"verdict\">{}</span></h1>\n\
         <p class=\"meta\">{} · {} · started {} · {:.1} s</p>\n",
        esc(&run.provider),
        if verdict.is_pass() { "ok" } else { "ko" },
        verdict.headline(),
        esc(&run.tool),
        esc(&run.target),
        esc(&run.started_at),
        run.duration_ms as f64 / 1000.0,
    );
    h.push_str(&super::html_header::header(run, &esc));
    let _ = writeln!(
        h,
        "<p class=\"counts\"><span><b>{}</b> passed</span><span><b>{}</b> failed</span>\
         <span>{} errors</span><span>{} warnings</span><span>{} skipped</span>\
         <span>{} expected failures</span>{}</p>",
        verdict.passed,
        verdict.failed,
        t.errors,
        t.warnings,
        t.skipped,
        t.expected_failures,
        if t.not_applicable > 0 {
            format!("<span>{} not applicable</span>", t.not_applicable)
        } else {
            String::new()
        }
    );
    if !verdict.is_pass() {
        let _ = writeln!(
            h,
            "<p class=\"reason\" id=\"verdict-reason\">{}</p>",
            esc(&verdict.reason())
        );
    }
    not_run_block(&mut h, run);

    h.push_str(&super::group::html(run, &esc, &catalogue_title));

    h.push_str("<h2>Requirements</h2>\n<table id=\"requirements\">\n<thead><tr><th>Requirement</th><th>Title</th><th>Force</th><th>Gate</th><th>Verdict</th><th>Pass</th><th>Fail</th><th>Error</th><th>Warn</th><th>Skip</th><th>Expected</th></tr></thead>\n<tbody>\n");
    for r in requirement_rows(run) {
        let t = r.totals;
        let _ = writeln!(
            h,
            "<tr class=\"req {s}\" data-id=\"{id}\"><td class=\"id\"><code>{id}</code></td><td>{}</td><td class=\"force\">{}</td><td class=\"gate\">{}</td><td class=\"st\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            catalogue_title(&r.title),
            r.force.map_or("", |f| f.word()),
            r.gate.map_or("", |g| g.word()),
            status_text(r.status),
            t.passed,
            t.failed,
            t.errors,
            t.warnings,
            t.skipped,
            t.expected_failures,
            s = status_class(r.status),
            id = esc(&r.id),
        );
    }
    h.push_str("</tbody>\n</table>\n");

    if !run.deviations.is_empty() {
        h.push_str("<h2>Known deviations</h2>\n<table id=\"deviations\">\n<thead><tr><th>Requirement</th><th>Verdict</th><th>Reason</th><th>Flow</th><th>Details</th></tr></thead>\n<tbody>\n");
        for d in &run.deviations {
            let (class, text) = match d.verdict {
                DeviationVerdict::Expected => ("expected_fail", "expected failure"),
                DeviationVerdict::DidNotHappen => ("did_not_happen", "did not happen"),
                DeviationVerdict::NotRun => ("not_run", "not run"),
            };
            let _ = writeln!(
                h,
                "<tr class=\"dev {class}\"><td class=\"id\"><code>{}</code></td><td class=\"st\">{text}</td><td>{}</td><td>{}</td>\
                 <td class=\"msg\">{}<div class=\"loc\">{}</div></td></tr>",
                esc(&d.id),
                esc(&d.reason),
                esc(d.flow.as_deref().unwrap_or("any")),
                esc(&d.message),
                esc(&d.location.to_string())
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }

    h.push_str(&super::widgets::html(run));
    h.push_str(&super::latency::html(run));
    h.push_str("<h2>Flows</h2>\n");
    let flows = run
        .suites
        .iter()
        .flat_map(|s| s.flows.iter().map(move |f| (s, f)));
    for (i, (suite, flow)) in flows.enumerate() {
        flow_section(&mut h, i + 1, &suite.name, &suite.file, flow);
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// The flows that did not run (stopped early), and those that lost requests to an
/// unreachable provider.
fn not_run_block(h: &mut String, run: &RunOutcome) {
    let mut lists: Vec<(String, &[String])> = Vec::new();
    if let Some(stop) = &run.stopped {
        lists.push((
            format!("{}: flows that did not run", stop.reason.label()),
            &stop.not_run,
        ));
    }
    for u in &run.unreachable {
        lists.push((
            format!(
                "provider unreachable since {} at {}: {} request(s) not sent, in these flows",
                u.since, u.base_url, u.not_sent
            ),
            &u.flows,
        ));
    }
    for (title, flows) in lists.into_iter().filter(|(_, f)| !f.is_empty()) {
        let _ = write!(
            h,
            "<details class=\"not-run\" open><summary>{}</summary><ul>",
            esc(&title)
        );
        for f in flows {
            let _ = write!(h, "<li>{}</li>", esc(f));
        }
        h.push_str("</ul></details>\n");
    }
}

/// One flow; `index` (1-based) makes the `#flow-N` anchor.
fn flow_section(h: &mut String, index: usize, suite: &str, file: &str, flow: &FlowOutcome) {
    let _ = writeln!(
        h,
        "<section class=\"flow\" id=\"flow-{}\">\n<h3>{} › {}</h3>\n<p class=\"meta\">{} · started {} · {} ms{}</p>",
        index,
        esc(suite),
        esc(&flow.name),
        esc(file),
        esc(&flow.started_at),
        flow.duration_ms,
        if flow.tags.is_empty() {
            String::new()
        } else {
            format!(" · tags: {}", esc(&flow.tags.join(", ")))
        }
    );
    for step in &flow.steps {
        step_block(h, step);
    }
    h.push_str("</section>\n");
}

fn step_block(h: &mut String, step: &StepOutcome) {
    let _ = writeln!(
        h,
        "<h4>step “{}” <span class=\"loc\">{}</span></h4>\n<table class=\"checks\">\n<tbody>",
        esc(&step.name),
        esc(&step.location.to_string())
    );
    for c in &step.checks {
        let word = c
            .status_word
            .as_deref()
            .filter(|w| !c.message.contains(*w))
            .map(|w| format!(" <b>device: {}</b>", esc(w)))
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr class=\"check {}\" data-id=\"{}\"><td class=\"st\">{}</td><td class=\"id\"><code>{}</code></td><td>{}</td>\
             <td class=\"msg\">{}{word}<div class=\"loc\">{}</div></td></tr>",
            status_class(c.status),
            esc(&c.id),
            c.status.label(),
            esc(&c.id),
            esc(c.check),
            esc(&c.message),
            esc(&c.location.to_string())
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if !step.exchanges.is_empty() {
        let _ = writeln!(
            h,
            "<details class=\"exchanges\"{}><summary>{} exchange(s)</summary>",
            if step.checks.iter().any(|c| c.status.is_failure()) {
                " open"
            } else {
                ""
            },
            step.exchanges.len()
        );
        for (i, e) in step.exchanges.iter().enumerate() {
            exchange_block(h, i, step.exchanges.len(), e);
        }
        h.push_str("</details>\n");
    }
    if let Some(p) = &step.decoded_payload {
        payload_block(h, p);
    }
}

fn exchange_block(h: &mut String, i: usize, n: usize, e: &Exchange) {
    let mut text = String::new();
    if n > 1 {
        let _ = writeln!(text, "attempt {} at +{} ms", i + 1, e.at_ms);
    }
    let _ = writeln!(text, "> {} {}", e.request.method, e.request.url);
    for (k, v) in &e.request.headers {
        let _ = writeln!(text, "> {k}: {v}");
    }
    if let Some(b) = &e.request.body {
        let _ = writeln!(text, "> {}", pretty(b));
    }
    match (&e.response, &e.error) {
        (Some(r), _) => {
            let _ = writeln!(
                text,
                "< {} ({} ms, {} bytes)",
                r.status, e.elapsed_ms, r.body_bytes
            );
            for (k, v) in &r.headers {
                let _ = writeln!(text, "< {k}: {v}");
            }
            if !r.body.is_empty() {
                let _ = writeln!(text, "< {}", pretty(&r.body));
            }
        }
        (None, Some(err)) => {
            let _ = writeln!(text, "! {err} ({} ms)", e.elapsed_ms);
        }
        (None, None) => {}
    }
    let _ = writeln!(h, "<pre class=\"exchange\">{}</pre>", esc(&text));
}

/// A JSON body indented for reading; other text as it came, cut to a readable length.
fn pretty(body: &str) -> String {
    const MAX: usize = 20_000;
    let text = serde_json::from_str::<Value>(body)
        .ok()
        .filter(|v| v.is_object() || v.is_array())
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_string());
    if text.chars().count() > MAX {
        format!(
            "{}… ({} more characters)",
            text.chars().take(MAX).collect::<String>(),
            text.chars().count() - MAX
        )
    } else {
        text
    }
}

fn payload_block(h: &mut String, e: &SwapEvidence) {
    let live = match (&e.ledger_live.reason, e.ledger_live.accepts) {
        (_, true) => "accepts".to_string(),
        (Some(r), false) => format!("refuses: {r}"),
        (None, false) => "refuses".to_string(),
    };
    let _ = writeln!(
        h,
        "<p class=\"gates\"><strong>device</strong>: {}<br><strong>Ledger Live</strong>: {}</p>",
        esc(&e.device.summary()),
        esc(&live)
    );
    let Some(p) = &e.decoded else {
        h.push_str("<p>decoded /swap payload: none (the payload did not decode)</p>\n");
        return;
    };
    let encoding = match p.encoding {
        PayloadEncoding::Base64url => "base64url",
        PayloadEncoding::Hex => "hex",
    };
    let _ = writeln!(
        h,
        "<details class=\"payload\" open><summary>decoded /swap payload ({encoding}, as the device reads it)</summary>\n\
         <table class=\"payload-fields\">\n<thead><tr><th>#</th><th>Field</th><th>Value</th></tr></thead>\n<tbody>"
    );
    for (number, name, shown) in p.field_rows() {
        let _ = writeln!(
            h,
            "<tr class=\"field\"><td class=\"n\">{number}</td><td><code>{}</code></td><td class=\"msg\"><code>{}</code></td></tr>",
            esc(name),
            esc(&shown)
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if p.redacted {
        h.push_str("<p>some values held a secret and are withheld</p>\n");
    }
    if !p.protobuf.is_empty() {
        let _ = writeln!(
            h,
            "<pre class=\"protobuf\">protobuf ({} bytes): {}</pre>",
            p.protobuf.len(),
            esc(&hex::encode_capped(&p.protobuf, 4096))
        );
    }
    h.push_str("</details>\n");
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "fail",
        Status::Error => "error",
        Status::Skip => "skip",
        Status::ExpectedFail => "expected_fail",
        Status::NotApplicable => "not_applicable",
    }
}

fn status_text(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "fail",
        Status::Error => "error",
        Status::Skip => "skip",
        Status::ExpectedFail => "expected failure",
        Status::NotApplicable => "not applicable",
    }
}

/// A catalogue title: escaped, with its `code` spans shown as code.
fn catalogue_title(title: &str) -> String {
    let escaped = esc(title);
    let mut out = String::new();
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Text for HTML content and attribute values: `& < > " '` as entities, no control
/// characters or terminal escapes.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in plain(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::sample::run;
    use crate::runner::outcome::{Status, Stop, StopReason};

    #[test]
    fn the_verdict_is_the_runs() {
        let ok = render(&run(&[Status::Pass]));
        assert!(ok.contains("<span class=\"verdict ok\" id=\"verdict\">conforms</span>"));
        assert!(!ok.contains("verdict-reason"));
        let mut r = run(&[Status::Pass]);
        r.planned_flows = 2;
        r.stopped = Some(Stop {
            reason: StopReason::Deadline { secs: 3 },
            not_run: vec!["swap › <late>".into()],
        });
        let h = render(&r);
        assert!(
            h.contains("<span class=\"verdict ko\" id=\"verdict\">incomplete, not a pass</span>"),
            "{h}"
        );
        assert!(
            h.contains("the 3 s deadline passed after 1 of 2 flows: not a pass"),
            "{h}"
        );
        assert!(h.contains("<li>swap › &lt;late&gt;</li>"), "{h}");
    }

    #[test]
    fn escapes_markup_quotes_and_escapes() {
        assert_eq!(
            esc("<img src=x onerror=\"alert('1')\">&\u{1b}[31m"),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;"
        );
    }

    #[test]
    fn catalogue_titles_keep_code_spans_and_nothing_else() {
        assert_eq!(
            catalogue_title("`GET /pairs` answers <200>"),
            "<code>GET /pairs</code> answers &lt;200&gt;"
        );
    }

    #[test]
    fn pretty_indents_json_and_keeps_text() {
        assert_eq!(pretty("{\"a\":1}"), "{\n  \"a\": 1\n}");
        assert_eq!(pretty("plain <b>"), "plain <b>");
    }
}
