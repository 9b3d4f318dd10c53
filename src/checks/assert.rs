//! JSONPath assertions: equals, not_equals, matches, exists, in, comparisons, timestamps.

use super::decimal;
use super::time::parse_timestamp;
use crate::runner::render_json;
use crate::suite::{AssertOp, Assertion, CompareOp, Operand};
use serde_json::Value;
use std::cmp::Ordering;

/// Evaluates an assertion on a JSON document; `Err` carries the failure message.
pub fn evaluate(
    a: &Assertion,
    doc: &Value,
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> Result<String, String> {
    let nodes = a.path.compiled.query(doc).all();
    if let AssertOp::Exists(want) = a.op {
        return match (want, nodes.len()) {
            (true, 0) => Err(format!("`{}` matched nothing", a.path.text)),
            (true, n) => Ok(format!("`{}` matched {n} value(s)", a.path.text)),
            (false, 0) => Ok(format!("`{}` is absent", a.path.text)),
            (false, _) => Err(format!("`{}` is present: {}", a.path.text, short(nodes[0]))),
        };
    }
    if nodes.is_empty() {
        return Err(format!("`{}` matched nothing", a.path.text));
    }
    for item in &nodes {
        let subject = match &a.left {
            Some(left) => match left.compiled.query(item).all().as_slice() {
                [one] => *one,
                [] => {
                    return Err(format!(
                        "`{}` matched nothing in {}",
                        left.text,
                        short(item)
                    ));
                }
                many => {
                    return Err(format!(
                        "`{}` matched {} values, expected one",
                        left.text,
                        many.len()
                    ));
                }
            },
            None => *item,
        };
        let label = match &a.left {
            Some(left) => format!("`{}` of {}", left.text, short(item)),
            None => format!("`{}`", a.path.text),
        };
        check_one(&a.op, subject, item, doc, lookup).map_err(|why| format!("{label} {why}"))?;
    }
    Ok(match nodes.len() {
        1 => format!("`{}` is {}", a.path.text, short(nodes[0])),
        n => format!("all {n} values of `{}` hold", a.path.text),
    })
}

fn operand(
    op: &Operand,
    item: &Value,
    doc: &Value,
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> Result<Value, String> {
    match op {
        Operand::Value(t) => {
            render_json(t, lookup).map_err(|v| format!("cannot be checked: `{v}` has no value"))
        }
        Operand::Path { relative, path } => {
            let base = if *relative { item } else { doc };
            match path.compiled.query(base).all().as_slice() {
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
    lookup: &dyn Fn(&str) -> Option<Value>,
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
                    render_json(t, lookup)
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
        AssertOp::Compare(cmp, o) => {
            let other = operand(o, item, doc, lookup)?;
            let (Some(a), Some(b)) = (number_text(v), number_text(&other)) else {
                return Err(format!(
                    "is {}, which cannot be compared with {}",
                    short(v),
                    short(&other)
                ));
            };
            let ord =
                decimal::compare(&a, &b).ok_or_else(|| format!("is {}, not a number", short(v)))?;
            let holds = match cmp {
                CompareOp::Lt => ord == Ordering::Less,
                CompareOp::Le => ord != Ordering::Greater,
                CompareOp::Gt => ord == Ordering::Greater,
                CompareOp::Ge => ord != Ordering::Less,
            };
            if holds {
                Ok(())
            } else {
                Err(format!(
                    "is {}, expected {} {}",
                    short(v),
                    cmp.symbol(),
                    short(&other)
                ))
            }
        }
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
            Value::String(s) if decimal::is_decimal_string(s) => Ok(()),
            _ => Err(format!(
                "is {}, expected a decimal string like \"0.0001\"",
                short(v)
            )),
        },
        AssertOp::Contains(fields) => {
            let want: Vec<(&str, Value)> = fields
                .iter()
                .map(|(k, t)| {
                    render_json(t, lookup)
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
                Ok(())
            } else {
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
        }
        AssertOp::Exists(_) => Ok(()),
    }
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
pub fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 {
        format!("{}…", s.chars().take(120).collect::<String>())
    } else {
        s
    }
}
