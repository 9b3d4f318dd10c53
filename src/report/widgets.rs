//! The widgets' evidence in the HTML report: for each widget, the contract it used, the
//! messages it sent (already redacted) and a screenshot of its final state, embedded as a
//! `data:` URL so that the report stays one self-contained file.

use super::html::esc;
use crate::runner::outcome::{RunOutcome, WidgetEvidence};
use std::fmt::Write;

/// The `Widgets` section; empty when no widget ran.
pub(crate) fn html(run: &RunOutcome) -> String {
    if run.widgets.is_empty() {
        return String::new();
    }
    let mut h = String::from("<h2>Widgets</h2>\n<div id=\"widgets\">\n");
    for w in &run.widgets {
        block(&mut h, w);
    }
    h.push_str("</div>\n");
    h
}

fn block(h: &mut String, w: &WidgetEvidence) {
    let contract = w.contract.map_or("no message", |c| c.label());
    let _ = writeln!(
        h,
        "<section class=\"widget\"><h3>{}</h3>\n<p class=\"loc\"><code>{}</code> · contract: <strong>{}</strong></p>",
        esc(&w.flow),
        esc(&w.url),
        esc(contract)
    );
    if let Some(why) = &w.not_run {
        let _ = writeln!(h, "<p class=\"not_run\">Not run: {}</p>", esc(why));
    } else if w.messages.is_empty() {
        h.push_str("<p>No message received.</p>\n");
    } else {
        h.push_str("<table class=\"messages\"><thead><tr><th>At</th><th>Through</th><th>Message (redacted)</th></tr></thead><tbody>\n");
        for m in &w.messages {
            let _ = writeln!(
                h,
                "<tr><td>{:.1} s</td><td>{}</td><td><code>{}</code></td></tr>",
                m.at_ms as f64 / 1000.0,
                esc(m.via.label()),
                esc(&m.data)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if let Some(png) = &w.screenshot
        && png
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
    {
        let _ = writeln!(
            h,
            "<img class=\"shot\" alt=\"{} at its final state (password fields masked)\" style=\"max-width:480px;border:1px solid #ccc\" src=\"data:image/png;base64,{png}\">",
            esc(&w.flow)
        );
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{Contract, Message};

    #[test]
    fn messages_are_escaped_and_only_base64_screenshots_are_embedded() {
        let mut run = RunOutcome::default();
        assert_eq!(html(&run), "");
        run.widgets.push(WidgetEvidence {
            flow: "widgets › login".into(),
            url: "https://a.example/login".into(),
            contract: Some(Contract::Bridge),
            messages: vec![Message {
                via: Contract::Bridge,
                data: "{\"type\":\"<b>\"}".into(),
                at_ms: 1500,
            }],
            not_run: None,
            screenshot: Some("iVBORw0KGgo=".into()),
        });
        run.widgets.push(WidgetEvidence {
            flow: "widgets › kyc".into(),
            url: "u".into(),
            contract: None,
            messages: vec![],
            not_run: None,
            screenshot: Some("\"><script>".into()),
        });
        let h = html(&run);
        assert!(h.contains("&lt;b&gt;") && h.contains("1.5 s") && h.contains("window.ledger"));
        assert!(h.contains("data:image/png;base64,iVBORw0KGgo="));
        assert!(!h.contains("<script>"));
        assert_eq!(h.matches("<img").count(), 1);
    }
}
