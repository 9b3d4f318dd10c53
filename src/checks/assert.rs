//! JSONPath assertions: equals, not_equals, matches, exists, in (a list or a captured list),
//! exact decimal comparisons, timestamps.

use super::decimal;
use super::time::parse_timestamp;
use crate::suite::{AssertOp, Assertion, CompareOp, JsonTemplate, Operand};
use crate::template::Lookup;
use serde_json::Value;
use std::cmp::Ordering;

use super::verdict::BRIEF;

/// Evaluates an assertion on a JSON document; `Err` carries the failure message. With
/// `brief`, a pass says only [`BRIEF`].
pub(crate) fn evaluate(
    a: &Assertion,
    doc: &Value,
    lookup: &Lookup<'_>,
    brief: bool,
) -> Result<String, String> {
    let nodes = a.path.select(doc, lookup)?;
    if let AssertOp::Exists(want) = a.op {
        return match (want, nodes.len()) {
            (true, 0) => Err(format!("`{}` matched nothing", a.path.text)),
            (true, n) => Ok(format!("`{}` matched {n} value(s)", a.path.text)),
            (false, 0) => Ok(format!("`{}` is absent", a.path.text)),
            (false, _) => Err(format!("`{}` is present: {}", a.path.text, short(nodes[0]))),
        };
    }
    if nodes.is_empty() {
        return if a.optional {
            Ok(format!("`{}` is absent (optional)", a.path.text))
        } else {
            Err(format!("`{}` matched nothing", a.path.text))
        };
    }
    // The compared value's name in a message: built only when a message needs it.
    let label = |item: &Value| match &a.left {
        Some(left) if a.path.text == "$" => format!("`${}`", left.text.trim_start_matches('@')),
        Some(left) if nodes.len() == 1 => {
            format!("`{}{}`", a.path.text, left.text.trim_start_matches('@'))
        }
        Some(left) => format!("`{}` of {}", left.text, short(item)),
        None => format!("`{}`", a.path.text),
    };
    let listed = Listed::default();
    let mut absent = 0;
    // The one value compared, when the path matched one: what the passing message shows.
    let mut compared = None;
    for item in &nodes {
        let found = match &a.left {
            Some(left) => Some(left.select(item, lookup)?),
            None => None,
        };
        if a.optional
            && (found.as_ref().is_some_and(Vec::is_empty)
                || operand_absent(&a.op, item, doc, lookup))
        {
            absent += 1;
            continue;
        }
        let subject = match (&a.left, found.as_deref()) {
            (Some(_), Some([one])) => *one,
            (Some(left), Some([])) => {
                return Err(format!(
                    "`{}` matched nothing in {}",
                    left.text,
                    short(item)
                ));
            }
            (Some(left), Some(many)) => {
                return Err(format!(
                    "`{}` matched {} values, expected one",
                    left.text,
                    many.len()
                ));
            }
            _ => *item,
        };
        check_one(&a.op, subject, item, doc, lookup, &listed)
            .map_err(|why| format!("{} {why}", label(item)))?;
        compared = Some((*item, subject));
    }
    let n = nodes.len();
    if brief {
        return Ok(BRIEF.to_string());
    }
    Ok(if absent == n {
        format!(
            "the compared values are absent (optional) in `{}`",
            a.path.text
        )
    } else if let (1, Some((item, subject))) = (n, compared) {
        format!("{} holds: {}", label(item), short(subject))
    } else if absent == 0 {
        format!("all {n} values of `{}` hold", a.path.text)
    } else {
        format!(
            "{} of {n} values of `{}` hold; {absent} lack the optional values",
            n - absent,
            a.path.text
        )
    })
}

/// True when the operation compares with a path that matches nothing in `item` or `doc`.
fn operand_absent(op: &AssertOp, item: &Value, doc: &Value, lookup: &Lookup<'_>) -> bool {
    let (AssertOp::Equals(o) | AssertOp::NotEquals(o) | AssertOp::Compare(_, o)) = op else {
        return false;
    };
    match o {
        Operand::Path { relative, path } => path
            .select(if *relative { item } else { doc }, lookup)
            .is_ok_and(|v| v.is_empty()),
        Operand::Value(_) => false,
    }
}

fn operand(op: &Operand, item: &Value, doc: &Value, lookup: &Lookup<'_>) -> Result<Value, String> {
    match op {
        Operand::Value(t) => t
            .render(lookup)
            .map_err(|v| format!("cannot be checked: `{v}` has no value")),
        Operand::Path { relative, path } => {
            let base = if *relative { item } else { doc };
            match path.select(base, lookup)?.as_slice() {
                [one] => Ok((*one).clone()),
                [] => Err(format!(
                    "cannot be compared: `{}` matched nothing",
                    path.text
                )),
                _ => Err(format!(
                    "cannot be compared: `{}` matched several values",
                    path.text
                )),
            }
        }
    }
}

fn check_one(
    op: &AssertOp,
    v: &Value,
    item: &Value,
    doc: &Value,
    lookup: &Lookup<'_>,
    listed: &Listed,
) -> Result<(), String> {
    match op {
        AssertOp::Equals(o) => {
            let want = operand(o, item, doc, lookup)?;
            if same(v, &want) {
                Ok(())
            } else {
                Err(format!("is {}, expected {}", short(v), short(&want)))
            }
        }
        AssertOp::NotEquals(o) => {
            let other = operand(o, item, doc, lookup)?;
            if same(v, &other) {
                Err(format!("is {}, expected any other value", short(v)))
            } else {
                Ok(())
            }
        }
        AssertOp::Matches(re) => match v {
            Value::String(s) if re.is_match(s) => Ok(()),
            Value::String(_) => Err(format!(
                "is {}, which does not match `{}`",
                short(v),
                re.as_str()
            )),
            _ => Err(format!(
                "is {}, expected a string matching `{}`",
                short(v),
                re.as_str()
            )),
        },
        AssertOp::In(list) => {
            let options: Vec<Value> = list
                .iter()
                .map(|t| {
                    t.render(lookup)
                        .map_err(|n| format!("cannot be checked: `{n}` has no value"))
                })
                .collect::<Result<_, _>>()?;
            if options.iter().any(|o| same(v, o)) {
                Ok(())
            } else {
                let shown: Vec<String> = options.iter().map(short).collect();
                Err(format!(
                    "is {}, expected one of {}",
                    short(v),
                    shown.join(", ")
                ))
            }
        }
        AssertOp::InList { list, field } => in_list(list, field.as_deref(), v, lookup, listed),
        AssertOp::Compare(cmp, o) => compare(*cmp, o, v, item, doc, lookup),
        AssertOp::AfterNowSecs(secs) => {
            let Some(t) = parse_timestamp(v) else {
                return Err(format!(
                    "is {}, not a timestamp (ISO-8601 or epoch expected)",
                    short(v)
                ));
            };
            let left = (t - chrono::Utc::now()).num_seconds();
            if left >= *secs {
                Ok(())
            } else {
                Err(format!(
                    "is {}, only {left} s from now; at least {secs} s required",
                    short(v)
                ))
            }
        }
        AssertOp::DecimalString => match v {
            Value::String(s) if crate::plain_decimal::is_plain_decimal(s) => Ok(()),
            _ => Err(format!(
                "is {}, expected a decimal string like \"0.0001\"",
                short(v)
            )),
        },
        AssertOp::Contains(fields) => contains(fields, v, lookup),
        AssertOp::Exists(_) => Ok(()),
    }
}

/// `lt`, `le`, `gt`, `ge`: an exact decimal comparison of `v` with the operand.
fn compare(
    cmp: CompareOp,
    o: &Operand,
    v: &Value,
    item: &Value,
    doc: &Value,
    lookup: &Lookup<'_>,
) -> Result<(), String> {
    let other = operand(o, item, doc, lookup)?;
    let (Some(a), Some(b)) = (number_text(v), number_text(&other)) else {
        return Err(format!(
            "is {}, which cannot be compared with {}",
            short(v),
            short(&other)
        ));
    };
    let ord = decimal::compare(&a, &b).ok_or_else(|| format!("is {}, not a number", short(v)))?;
    let holds = match cmp {
        CompareOp::Lt => ord == Ordering::Less,
        CompareOp::Le => ord != Ordering::Greater,
        CompareOp::Gt => ord == Ordering::Greater,
        CompareOp::Ge => ord != Ordering::Less,
        CompareOp::Eq => ord == Ordering::Equal,
    };
    if holds {
        return Ok(());
    }
    let shown = match o {
        Operand::Path { path, .. } => format!("`{}` ({})", path.text, short(&other)),
        Operand::Value(_) => short(&other),
    };
    Err(format!(
        "is {}, expected {} {shown}",
        short(v),
        cmp.symbol()
    ))
}

/// The captured list of an `in: "${list}"`, read once per assertion rather than once per item
/// it checks (a list of thousands of currencies, for each of thousands of pairs).
#[derive(Default)]
struct Listed {
    index: std::cell::OnceCell<Result<ListIndex, String>>,
}

/// The list's values (or the `field` of each item): strings in a set, the others kept.
struct ListIndex {
    strings: std::collections::HashSet<String>,
    others: Vec<Value>,
    items: usize,
}

impl ListIndex {
    fn new(captured: &Value, field: Option<&str>) -> Result<ListIndex, String> {
        let Value::Array(items) = captured else {
            return Err(format!(
                "cannot be checked: the list is {}, not a list",
                short(captured)
            ));
        };
        let mut index = ListIndex {
            strings: std::collections::HashSet::new(),
            others: Vec::new(),
            items: items.len(),
        };
        let values = items.iter().filter_map(|i| match field {
            Some(f) => i.get(f),
            None => Some(i),
        });
        for v in values {
            match v {
                Value::String(s) => {
                    index.strings.insert(s.clone());
                }
                other => index.others.push(other.clone()),
            }
        }
        Ok(index)
    }

    /// Whether `v` equals one of the values, as [`same`] compares (a string only equals a
    /// string).
    fn holds(&self, v: &Value) -> bool {
        match v {
            Value::String(s) => self.strings.contains(s),
            _ => self.others.iter().any(|o| same(v, o)),
        }
    }
}

/// `in: "${list}"`: `v` equals an item of the captured list (or the `field` of one).
fn in_list(
    list: &crate::template::Template,
    field: Option<&str>,
    v: &Value,
    lookup: &Lookup<'_>,
    listed: &Listed,
) -> Result<(), String> {
    let index = listed.index.get_or_init(|| {
        let captured = list
            .render(lookup)
            .map_err(|n| format!("cannot be checked: `{n}` has no value"))?;
        ListIndex::new(&captured, field)
    });
    let index = index.as_ref().map_err(Clone::clone)?;
    if index.holds(v) {
        return Ok(());
    }
    let of = field.map_or(String::new(), |f| format!(" `{f}`"));
    Err(format!(
        "is {}, not among the{of} values of the {} listed item(s)",
        short(v),
        index.items
    ))
}

/// `contains`: a list holding an object whose fields equal all of the (templated) values.
fn contains(
    fields: &[(String, JsonTemplate)],
    v: &Value,
    lookup: &Lookup<'_>,
) -> Result<(), String> {
    let want: Vec<(&str, Value)> = fields
        .iter()
        .map(|(k, t)| {
            t.render(lookup)
                .map(|v| (k.as_str(), v))
                .map_err(|n| format!("cannot be checked: `{n}` has no value"))
        })
        .collect::<Result<_, _>>()?;
    let Value::Array(items) = v else {
        return Err(format!("is {}, expected a list", short(v)));
    };
    let found = items.iter().any(|i| {
        want.iter()
            .all(|(k, w)| i.get(*k).is_some_and(|x| same(x, w)))
    });
    if found {
        return Ok(());
    }
    let shown: Vec<String> = want
        .iter()
        .map(|(k, w)| format!("{k}={}", short(w)))
        .collect();
    Err(format!(
        "has no item with {} among its {} item(s)",
        shown.join(", "),
        items.len()
    ))
}

/// Equality that treats numbers by value (`1` equals `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            decimal::compare(&x.to_string(), &y.to_string()) == Some(Ordering::Equal)
        }
        _ => a == b,
    }
}

fn number_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// A value shown in a message, cut to a readable length.
pub(crate) fn short(v: &Value) -> String {
    /// Keeps the first `SHORT` characters and stops the writer there: a large document is
    /// never written out whole to show its start.
    struct Bounded {
        out: String,
        chars: usize,
        cut: bool,
    }
    impl std::fmt::Write for Bounded {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let left = SHORT - self.chars;
            // Fewer bytes than characters left: it fits whole.
            if s.len() <= left {
                self.out.push_str(s);
                self.chars += s.chars().count();
                return Ok(());
            }
            for c in s.chars() {
                if self.chars == SHORT {
                    self.cut = true;
                    return Err(std::fmt::Error);
                }
                self.out.push(c);
                self.chars += 1;
            }
            Ok(())
        }
    }
    let mut b = Bounded {
        out: String::new(),
        chars: 0,
        cut: false,
    };
    // An `Err` is the writer stopping at the bound.
    let _ = std::fmt::write(&mut b, format_args!("{v}"));
    if b.cut {
        b.out.push('…');
    }
    b.out
}

/// How many characters of a value a message shows.
const SHORT: usize = 120;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::{JsonTemplate, Path};
    use serde_json::json;
    use std::sync::Arc;

    fn path(text: &str) -> Path {
        let q = text.replacen('@', "$", 1);
        Path {
            text: text.into(),
            compiled: Arc::new(crate::suite::Query::parse(&q).unwrap()),
            template: None,
            relative: text.starts_with('@'),
        }
    }

    #[test]
    fn short_values_stop_at_120_characters() {
        assert_eq!(
            short(&json!("é".repeat(10))),
            format!("\"{}\"", "é".repeat(10))
        );
        let exactly = json!("x".repeat(118));
        assert_eq!(short(&exactly).chars().count(), 120);
        assert!(!short(&exactly).ends_with('…'));
        let long = json!({ "items": vec!["é"; 500] });
        let s = short(&long);
        assert_eq!(s.chars().count(), 121);
        assert!(s.starts_with("{\"items\":[\"é\",") && s.ends_with('…'));
    }

    fn value(v: Value) -> Operand {
        Operand::Value(JsonTemplate::Value(v))
    }

    fn run(
        p: &str,
        left: Option<&str>,
        op: AssertOp,
        optional: bool,
        doc: Value,
    ) -> Result<String, String> {
        let a = Assertion {
            path: path(p),
            left: left.map(path),
            op,
            optional,
        };
        evaluate(&a, &doc, &|_| None, false)
    }

    #[test]
    fn a_passing_message_shows_the_compared_value_not_the_document() {
        let doc = json!({"amount": "0.29", "other": "x".repeat(500)});
        let ok = run(
            "$",
            Some("@.amount"),
            AssertOp::Equals(value(json!("0.29"))),
            false,
            doc.clone(),
        );
        assert_eq!(ok.unwrap(), "`$.amount` holds: \"0.29\"");
        let ok = run(
            "$.amount",
            None,
            AssertOp::Equals(value(json!("0.29"))),
            false,
            doc,
        );
        assert_eq!(ok.unwrap(), "`$.amount` holds: \"0.29\"");
    }

    #[test]
    fn a_brief_pass_says_only_that_it_holds_and_a_brief_failure_says_why() {
        let a = Assertion {
            path: path("$.amount"),
            left: None,
            op: AssertOp::Equals(value(json!("0.29"))),
            optional: false,
        };
        let doc = json!({"amount": "0.29"});
        assert_eq!(evaluate(&a, &doc, &|_| None, true).unwrap(), BRIEF);
        let bad = json!({"amount": "0.3"});
        assert_eq!(
            evaluate(&a, &bad, &|_| None, true).unwrap_err(),
            evaluate(&a, &bad, &|_| None, false).unwrap_err()
        );
        assert!(
            evaluate(&a, &bad, &|_| None, true)
                .unwrap_err()
                .contains("0.3")
        );
    }

    #[test]
    fn equals_and_not_equals() {
        let doc = json!({"status": "FINISHED", "n": 1});
        assert!(
            run(
                "$.status",
                None,
                AssertOp::Equals(value(json!("FINISHED"))),
                false,
                doc.clone()
            )
            .is_ok()
        );
        let err = run(
            "$.status",
            None,
            AssertOp::Equals(value(json!("PENDING"))),
            false,
            doc.clone(),
        )
        .unwrap_err();
        assert_eq!(err, "`$.status` is \"FINISHED\", expected \"PENDING\"");
        assert!(
            run(
                "$.n",
                None,
                AssertOp::Equals(value(json!(1.0))),
                false,
                doc.clone()
            )
            .is_ok()
        );
        assert!(
            run(
                "$.status",
                None,
                AssertOp::NotEquals(value(json!("X"))),
                false,
                doc.clone()
            )
            .is_ok()
        );
        assert!(
            run(
                "$.status",
                None,
                AssertOp::NotEquals(value(json!("FINISHED"))),
                false,
                doc
            )
            .is_err()
        );
    }

    #[test]
    fn matches_in_and_exists() {
        let doc = json!({"id": "abc-1", "s": "ON_HOLD"});
        let re = regex::Regex::new("^abc-[0-9]$").unwrap();
        assert!(
            run(
                "$.id",
                None,
                AssertOp::Matches(re.clone()),
                false,
                doc.clone()
            )
            .is_ok()
        );
        assert!(run("$.s", None, AssertOp::Matches(re), false, doc.clone()).is_err());
        let set = vec![
            JsonTemplate::Value(json!("PENDING")),
            JsonTemplate::Value(json!("ON_HOLD")),
        ];
        assert!(run("$.s", None, AssertOp::In(set.clone()), false, doc.clone()).is_ok());
        assert!(run("$.id", None, AssertOp::In(set), false, doc.clone()).is_err());
        assert!(run("$.id", None, AssertOp::Exists(true), false, doc.clone()).is_ok());
        assert!(run("$.nope", None, AssertOp::Exists(true), false, doc.clone()).is_err());
        assert!(run("$.nope", None, AssertOp::Exists(false), false, doc.clone()).is_ok());
        assert!(run("$.id", None, AssertOp::Exists(false), false, doc).is_err());
    }

    #[test]
    fn compares_fields_of_each_item_exactly() {
        let good = json!({"pairs": [{"min": "0.0001", "max": "20"}, {"min": "1", "max": "1"}]});
        let max = Operand::Path {
            relative: true,
            path: path("@.max"),
        };
        assert!(
            run(
                "$.pairs[*]",
                Some("@.min"),
                AssertOp::Compare(CompareOp::Le, max.clone()),
                false,
                good
            )
            .is_ok()
        );
        let bad = json!({"pairs": [{"min": "3", "max": "20"}, {"min": "30", "max": "20"}]});
        let err = run(
            "$.pairs[*]",
            Some("@.min"),
            AssertOp::Compare(CompareOp::Le, max),
            false,
            bad,
        )
        .unwrap_err();
        assert!(
            err.contains("is \"30\", expected <= `@.max` (\"20\")"),
            "{err}"
        );
        let lt = AssertOp::Compare(CompareOp::Gt, value(json!("0")));
        assert!(run("$.x", None, lt, false, json!({"x": "0"})).is_err());
    }

    #[test]
    fn optional_values_pass_only_when_absent() {
        let max = Operand::Path {
            relative: true,
            path: path("@.max"),
        };
        let op = || AssertOp::Compare(CompareOp::Le, max.clone());
        assert!(
            run("$", Some("@.min"), op(), true, json!({}))
                .unwrap()
                .contains("absent")
        );
        assert!(
            run("$", Some("@.min"), op(), true, json!({"min": "5"}))
                .unwrap()
                .contains("absent")
        );
        assert!(
            run(
                "$",
                Some("@.min"),
                op(),
                true,
                json!({"min": "5", "max": "1"})
            )
            .is_err()
        );
        assert!(run("$", Some("@.min"), op(), false, json!({})).is_err());
    }

    #[test]
    fn in_a_captured_list_and_decimal_equality() {
        let list = crate::template::Template::parse("${ids}", Default::default()).unwrap();
        let captured = json!([{"id": "btc"}, {"id": "eth"}]);
        let lookup =
            |r: &crate::template::Reference| (r.to_string() == "ids").then(|| captured.clone());
        let op = |field: Option<&str>| AssertOp::InList {
            list: list.clone(),
            field: field.map(str::to_string),
        };
        let a = |p: &str, op: AssertOp| Assertion {
            path: path(p),
            left: None,
            op,
            optional: false,
        };
        let doc = json!({"pairs": [{"from": "btc", "to": "eth"}, {"from": "btc", "to": "xmr"}]});
        assert!(evaluate(&a("$.pairs[0].to", op(Some("id"))), &doc, &lookup, false).is_ok());
        let err = evaluate(&a("$.pairs[*].to", op(Some("id"))), &doc, &lookup, false).unwrap_err();
        assert!(
            err.contains("is \"xmr\", not among the `id` values of the 2 listed item(s)"),
            "{err}"
        );
        // Without a field, the items themselves; a value that is not a list cannot be checked.
        let plain = json!({"ids": ["btc"]});
        assert!(evaluate(&a("$.ids[0]", op(None)), &plain, &lookup, false).is_err());
        let missing = evaluate(&a("$.pairs[0].to", op(None)), &doc, &|_| None, false).unwrap_err();
        assert!(missing.contains("`ids` has no value"), "{missing}");
        let not_list = |_: &crate::template::Reference| Some(json!("btc"));
        let err = evaluate(&a("$.pairs[0].to", op(None)), &doc, &not_list, false).unwrap_err();
        assert!(err.contains("not a list"), "{err}");
        // The list is read once per assertion, not once per item; numbers compare by value.
        let reads = std::sync::atomic::AtomicUsize::new(0);
        let counted = |_: &crate::template::Reference| {
            reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Some(json!([1.0, "btc"]))
        };
        let many = json!({"xs": [1, "btc", 1.00, "btc"]});
        assert!(evaluate(&a("$.xs[*]", op(None)), &many, &counted, false).is_ok());
        assert_eq!(reads.load(std::sync::atomic::Ordering::Relaxed), 1);
        let err = evaluate(
            &a("$.xs[*]", op(None)),
            &json!({"xs": ["1"]}),
            &counted,
            false,
        )
        .unwrap_err();
        assert!(
            err.contains("is \"1\", not among the values of the 2"),
            "{err}"
        );
        let eq = |w: Value| AssertOp::Compare(CompareOp::Eq, value(w));
        assert!(run("$.a", None, eq(json!("1")), false, json!({"a": "1.00"})).is_ok());
        assert!(run("$.a", None, eq(json!("1")), false, json!({"a": 1})).is_ok());
        let err = run("$.a", None, eq(json!("1")), false, json!({"a": "1.01"})).unwrap_err();
        assert_eq!(err, "`$.a` is \"1.01\", expected == \"1\"");
    }

    #[test]
    fn timestamps_decimals_and_contains() {
        let soon = (chrono::Utc::now() + chrono::Duration::seconds(20)).to_rfc3339();
        let later = (chrono::Utc::now() + chrono::Duration::seconds(600)).to_rfc3339();
        assert!(
            run(
                "$.e",
                None,
                AssertOp::AfterNowSecs(60),
                false,
                json!({"e": later})
            )
            .is_ok()
        );
        let err = run(
            "$.e",
            None,
            AssertOp::AfterNowSecs(60),
            false,
            json!({"e": soon}),
        )
        .unwrap_err();
        assert!(err.contains("at least 60 s required"), "{err}");
        assert!(
            run(
                "$.e",
                None,
                AssertOp::AfterNowSecs(60),
                false,
                json!({"e": "date"})
            )
            .is_err()
        );
        assert!(
            run(
                "$.a",
                None,
                AssertOp::DecimalString,
                false,
                json!({"a": "0.01"})
            )
            .is_ok()
        );
        assert!(
            run(
                "$.a",
                None,
                AssertOp::DecimalString,
                false,
                json!({"a": 0.01})
            )
            .is_err()
        );
        let want = vec![("from".to_string(), JsonTemplate::Value(json!("btc")))];
        assert!(
            run(
                "$.p",
                None,
                AssertOp::Contains(want.clone()),
                false,
                json!({"p": [{"from": "btc"}]})
            )
            .is_ok()
        );
        assert!(
            run(
                "$.p",
                None,
                AssertOp::Contains(want),
                false,
                json!({"p": [{"from": "eth"}]})
            )
            .is_err()
        );
    }
}
