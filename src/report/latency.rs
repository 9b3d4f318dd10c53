//! The pair sweep's figures in the reports: a latency table for the console, JUnit
//! properties, and a small inline SVG bar chart of p50/p95/p99/max per endpoint for the HTML
//! report (no script, no network resource).
//!
//! ```text
//! sweep: 504 of 504 pair(s), 1008 quote(s), 1010 request(s) in 1.2 s (840.1/s)
//!   endpoint                 count      p50      p95      p99      max  (ms)
//!   POST /quote fixed          504    1.512    3.500    5.100    6.600
//! ```

use crate::runner::outcome::RunOutcome;
use crate::sweep::SweepSummary;

/// The console lines of the sweep's figures; empty without a sweep.
pub(crate) fn console(run: &RunOutcome) -> String {
    let Some(s) = &run.sweep else {
        return String::new();
    };
    let mut out = format!(
        "sweep: {} of {} pair(s), {} of {} quote(s), {} swap(s), {} request(s) in {:.1} s ({:.1}/s)\n",
        s.pairs_swept,
        s.pairs_listed,
        s.quotes_done,
        s.quotes_planned,
        s.swaps_done,
        s.requests,
        s.duration_ms as f64 / 1000.0,
        s.requests_per_sec
    );
    out.push_str(&format!(
        "  {:<22} {:>7} {:>9} {:>9} {:>9} {:>9}  (ms)\n",
        "endpoint", "count", "p50", "p95", "p99", "max"
    ));
    for l in &s.latency {
        out.push_str(&format!(
            "  {:<22} {:>7} {:>9.3} {:>9.3} {:>9.3} {:>9.3}\n",
            l.endpoint, l.count, l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms
        ));
    }
    out
}

/// `(name, value)` JUnit properties of the sweep: counts, rate, and per endpoint
/// `latency <endpoint> p95_ms` and so on.
pub(crate) fn junit_properties(s: &SweepSummary) -> Vec<(String, String)> {
    let mut out = vec![
        ("sweep_pairs".to_string(), s.pairs_swept.to_string()),
        ("sweep_quotes".to_string(), s.quotes_done.to_string()),
        ("sweep_requests".to_string(), s.requests.to_string()),
        (
            "sweep_requests_per_sec".to_string(),
            format!("{:.1}", s.requests_per_sec),
        ),
    ];
    for l in &s.latency {
        for (name, v) in [
            ("p50_ms", l.p50_ms),
            ("p95_ms", l.p95_ms),
            ("p99_ms", l.p99_ms),
            ("max_ms", l.max_ms),
        ] {
            out.push((format!("latency {} {name}", l.endpoint), format!("{v:.3}")));
        }
    }
    out
}

/// The HTML section: one row per endpoint, bars for p50, p95, p99 and max on a shared
/// logarithmic scale (loopback microseconds and 5 s budgets both stay readable).
pub(crate) fn html(run: &RunOutcome) -> String {
    let Some(s) = &run.sweep else {
        return String::new();
    };
    let row_h = 18.0;
    let left = 170.0;
    let width = 420.0;
    let top = s
        .latency
        .iter()
        .map(|l| l.max_ms)
        .fold(5000.0_f64, f64::max);
    let scale = |ms: f64| width * ((ms.max(0.001) * 1000.0).log10() / (top * 1000.0).log10());
    let mut bars = String::new();
    for (i, l) in s.latency.iter().enumerate() {
        let y = 20.0 + i as f64 * row_h * 4.5;
        bars.push_str(&format!(
            "<text x=\"0\" y=\"{:.1}\" font-size=\"12\">{}</text>\n",
            y + 12.0,
            escape(&l.endpoint)
        ));
        for (j, (name, v, color)) in [
            ("p50", l.p50_ms, "#4c9f70"),
            ("p95", l.p95_ms, "#e0a030"),
            ("p99", l.p99_ms, "#d06030"),
            ("max", l.max_ms, "#a02020"),
        ]
        .into_iter()
        .enumerate()
        {
            let by = y + j as f64 * row_h;
            bars.push_str(&format!(
                "<rect x=\"{left}\" y=\"{by:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{name} {v:.3} ms</text>\n",
                scale(v),
                row_h - 4.0,
                left + scale(v) + 4.0,
                by + row_h - 6.0
            ));
        }
    }
    let height = 30.0 + s.latency.len() as f64 * row_h * 4.5;
    let budget_x = left + scale(5000.0);
    format!(
        "<section class=\"sweep\"><h2>Pair sweep</h2>\n<p>{} of {} pair(s), {} quote(s), {} request(s) in {:.1} s ({:.1}/s)</p>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"latency per endpoint\" width=\"{:.0}\" height=\"{height:.0}\">\n\
         {bars}<line x1=\"{budget_x:.1}\" y1=\"0\" x2=\"{budget_x:.1}\" y2=\"{height:.0}\" stroke=\"#000\" stroke-dasharray=\"4\"/>\
         <text x=\"{:.1}\" y=\"12\" font-size=\"11\">5 s budget</text>\n</svg></section>\n",
        s.pairs_swept,
        s.pairs_listed,
        s.quotes_done,
        s.requests,
        s.duration_ms as f64 / 1000.0,
        s.requests_per_sec,
        left + width + 140.0,
        budget_x - 60.0
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::EndpointLatency;

    fn run() -> RunOutcome {
        RunOutcome {
            sweep: Some(SweepSummary {
                pairs_listed: 4,
                pairs_swept: 4,
                latency: vec![EndpointLatency {
                    endpoint: "POST /quote <fixed>".into(),
                    count: 4,
                    p50_ms: 1.0,
                    p95_ms: 2.0,
                    p99_ms: 3.0,
                    max_ms: 4.0,
                }],
                ..SweepSummary::default()
            }),
            ..RunOutcome::default()
        }
    }

    #[test]
    fn every_report_shows_the_percentiles() {
        let r = run();
        let c = console(&r);
        assert!(c.contains("POST /quote <fixed>"), "{c}");
        assert!(c.contains("    2.000     3.000     4.000"), "{c}");
        let p = junit_properties(r.sweep.as_ref().unwrap());
        assert!(p.contains(&("latency POST /quote <fixed> p95_ms".into(), "2.000".into())));
        let h = html(&r);
        assert!(h.contains("<svg") && h.contains("p99 3.000 ms") && h.contains("&lt;fixed&gt;"));
        assert!(console(&RunOutcome::default()).is_empty());
        assert!(html(&RunOutcome::default()).is_empty());
    }
}
