//! `paginate:` a cursor followed across pages: which cursor to follow next, the page-level
//! checks applied to every page, and the verdict on the whole walk (loops, repeats, a cursor
//! that never ends, duplicate items). The other checks see the collected items.

use super::short;
use super::verdict::{Grade, Judgement};
use crate::exchange::Received;
use crate::suite::{CheckKind, Paginate};
use serde_json::{Value, json};
use std::collections::HashSet;

/// Checks that a paginated step applies to every page rather than to the collected items.
pub(crate) fn is_per_page(kind: &CheckKind) -> bool {
    matches!(
        kind,
        CheckKind::Status(_)
            | CheckKind::Schema { .. }
            | CheckKind::ContentType(_)
            | CheckKind::Latency(_)
    )
}

/// The pages read so far, walked in order.
struct Walk<'a> {
    items: Vec<&'a Value>,
    problems: Vec<String>,
    /// The cursor to request next; `None` when the walk ends here.
    next: Option<String>,
}

fn walk<'a>(p: &Paginate, pages: &'a [Received]) -> Walk<'a> {
    let mut w = Walk {
        items: Vec::new(),
        problems: Vec::new(),
        next: None,
    };
    let mut seen = HashSet::new();
    for (i, received) in pages.iter().enumerate() {
        w.next = read_page(p, i + 1, received, &mut seen, &mut w);
        if w.next.is_none() {
            break;
        }
    }
    w
}

/// Reads page `page` of the walk: adds its items and problems to `w` and returns the cursor
/// after it, or `None` when the walk ends there (no cursor, a repeated one, the bound).
/// `seen` holds the cursors of the pages before it.
fn read_page<'a>(
    p: &Paginate,
    page: usize,
    received: &'a Received,
    seen: &mut HashSet<String>,
    w: &mut Walk<'a>,
) -> Option<String> {
    let Ok(doc) = &received.json else {
        return None;
    };
    match p.items.compiled.first(doc) {
        Some(Value::Array(a)) => w.items.extend(a.iter()),
        Some(other) => w.problems.push(format!(
            "page {page}: `{}` is {}, expected a list",
            p.items.text,
            short(other)
        )),
        None => w
            .problems
            .push(format!("page {page}: `{}` matched nothing", p.items.text)),
    }
    let cursor = match p.next.compiled.first(doc) {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Null | Value::String(_)) | None => return None,
        Some(other) => {
            w.problems.push(format!(
                "page {page}: cursor `{}` is {}, expected a string or null",
                p.next.text,
                short(other)
            ));
            return None;
        }
    };
    if !seen.insert(cursor.clone()) {
        w.problems.push(format!(
            "cursor {} repeats on page {page}: the pagination loops",
            short(&Value::String(cursor))
        ));
        return None;
    }
    if page >= p.max_pages as usize {
        w.problems.push(format!(
            "still a next cursor after {page} pages (max_pages {}): a cursor that never ends, \
             or a list longer than the suite reads",
            p.max_pages
        ));
        return None;
    }
    Some(cursor)
}

/// The cursor of the page after the last one read, or `None` to stop. Only the last page is
/// read: `seen` holds the cursors of the pages before it, and takes the last page's (the
/// caller keeps it from page to page, so following N pages costs N page reads, not N²).
pub(crate) fn next_cursor(
    p: &Paginate,
    pages: &[Received],
    seen: &mut HashSet<String>,
) -> Option<String> {
    let last = pages.last()?;
    let mut scratch = Walk {
        items: Vec::new(),
        problems: Vec::new(),
        next: None,
    };
    read_page(p, pages.len(), last, seen, &mut scratch)
}

/// What the step's other checks and captures see: `{"items": [...], "pages": n}`, or why
/// the last page is not JSON.
pub(crate) fn collected(p: &Paginate, pages: &[Received]) -> Result<Value, String> {
    let last = pages.last().ok_or("no page got a response")?;
    last.json.as_ref().map_err(Clone::clone)?;
    let items: Vec<Value> = walk(p, pages).items.into_iter().cloned().collect();
    Ok(json!({ "items": items, "pages": pages.len() }))
}

/// The verdict on the walk; `failure` is the transport failure that stopped it, if any.
pub(super) fn judge(p: &Paginate, pages: &[Received], failure: Option<&str>) -> Judgement {
    if let Some(why) = failure {
        return Judgement::with(Grade::Error, format!("page {}: {why}", pages.len() + 1));
    }
    let Walk {
        items,
        mut problems,
        ..
    } = walk(p, pages);
    let mut keys = HashSet::new();
    let mut dups = Vec::new();
    for item in &items {
        let key = if p.unique_by.is_empty() {
            item.to_string()
        } else {
            p.unique_by
                .iter()
                .map(|f| item.get(f).map(Value::to_string).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("|")
        };
        if !keys.insert(key) {
            dups.push(short(item));
        }
    }
    if !dups.is_empty() {
        problems.push(format!(
            "{} duplicate item(s): {}",
            dups.len(),
            dups.into_iter().take(5).collect::<Vec<_>>().join(", ")
        ));
    }
    if problems.is_empty() {
        Judgement::pass(format!(
            "{} item(s) over {} page(s), no loop, no duplicate",
            items.len(),
            pages.len()
        ))
    } else {
        Judgement::fail(problems.join("; "))
    }
}

/// A page-level check's verdict over every page: each page's failure, or one pass.
pub(super) fn every_page(per_page: Vec<Judgement>) -> Judgement {
    let failures: Vec<String> = per_page
        .iter()
        .enumerate()
        .filter(|(_, j)| j.grade == Grade::Fail)
        .map(|(i, j)| format!("page {}: {}", i + 1, j.message))
        .collect();
    if failures.is_empty() {
        Judgement::pass(format!("all {} page(s) pass", per_page.len()))
    } else {
        Judgement::fail(failures.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Response;
    use crate::suite::Path;
    use std::sync::Arc;
    use std::time::Duration;

    fn path(text: &str) -> Path {
        Path {
            text: text.into(),
            compiled: Arc::new(crate::suite::Query::parse(text).unwrap()),
            template: None,
            relative: false,
        }
    }

    fn spec(max_pages: u32) -> Paginate {
        Paginate {
            id: "SWAP-PAIRS-004".into(),
            items: path("$.pairs"),
            next: path("$.next"),
            cursor_param: "cursor".into(),
            max_pages,
            unique_by: vec!["from".into(), "to".into()],
            span: Default::default(),
        }
    }

    fn page(body: Value) -> Received {
        Received::from(Response {
            status: 200,
            headers: Vec::new(),
            body: body.to_string().into_bytes(),
            elapsed: Duration::from_millis(1),
        })
    }

    #[test]
    fn follows_cursors_to_the_end() {
        let p = spec(10);
        let pages = vec![
            page(json!({"pairs": [{"from": "a", "to": "b"}], "next": "c1"})),
            page(json!({"pairs": [{"from": "b", "to": "c"}], "next": null})),
        ];
        let mut seen = HashSet::new();
        assert_eq!(
            next_cursor(&p, &pages[..1], &mut seen).as_deref(),
            Some("c1")
        );
        assert_eq!(next_cursor(&p, &pages, &mut seen), None);
        let j = judge(&p, &pages, None);
        assert_eq!(j.message, "2 item(s) over 2 page(s), no loop, no duplicate");
        assert_eq!(collected(&p, &pages).unwrap()["pages"], 2);
    }

    #[test]
    fn loops_duplicates_and_endless_cursors_fail() {
        let pages = vec![
            page(json!({"pairs": [{"from": "a", "to": "b"}], "next": "c1"})),
            page(json!({"pairs": [{"from": "a", "to": "b"}], "next": "c1"})),
        ];
        let j = judge(&spec(10), &pages, None);
        assert_eq!(j.grade, Grade::Fail);
        assert!(j.message.contains("repeats on page 2"), "{}", j.message);
        assert!(j.message.contains("1 duplicate item(s)"), "{}", j.message);
        let j = judge(&spec(1), &pages[..1], None);
        assert_eq!(
            j.message,
            "still a next cursor after 1 pages (max_pages 1): a cursor that never ends, or a \
             list longer than the suite reads"
        );
        assert_eq!(
            next_cursor(&spec(1), &pages[..1], &mut HashSet::new()),
            None
        );
        // A cursor seen on an earlier page ends the walk.
        let mut seen = HashSet::from(["c1".to_string()]);
        assert_eq!(next_cursor(&spec(10), &pages, &mut seen), None);
        let j = judge(&spec(10), &pages[..1], Some("refused"));
        assert_eq!(
            (j.grade, j.message.as_str()),
            (Grade::Error, "page 2: refused")
        );
    }

    #[test]
    fn page_checks_name_the_failing_pages() {
        let j = every_page(vec![Judgement::pass("ok"), Judgement::fail("status 500")]);
        assert_eq!(j.message, "page 2: status 500");
        assert_eq!(
            every_page(vec![Judgement::pass("ok")]).message,
            "all 1 page(s) pass"
        );
    }
}
