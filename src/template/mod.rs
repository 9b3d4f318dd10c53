//! `${...}` templates in suites and profiles.
//!
//! A template is parsed once at load time, so an unknown variable is a load error with a
//! position, never a surprise at run time. A value that is exactly one `${name}` keeps the
//! variable's JSON type (a number stays a number); anything else is a string. `$${` writes a
//! literal `${`. Each variable is parsed once into a [`Reference`].

mod reference;

pub(crate) use reference::{Generator, PairKey, Reference};

use crate::diagnostic::Diagnostic;
use crate::source::Span;
use serde_json::Value;

/// Gives the value of a variable, or `None` when it has none.
pub(crate) type Lookup<'a> = dyn Fn(&Reference) -> Option<Value> + Sync + 'a;

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    parts: Vec<Part>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Lit(String),
    /// A variable and the filters applied to its value, left to right.
    Var(Reference, Vec<Filter>),
}

/// Transformations written `${name | filter}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filter {
    /// Lowercase a string.
    Lower,
    /// Uppercase a string.
    Upper,
    /// Add one to a whole number (a JSON number or a string of digits).
    Inc,
    /// Subtract one from a whole number.
    Dec,
}

impl Filter {
    pub(crate) const NAMES: [&'static str; 4] = ["lower", "upper", "inc", "dec"];

    fn from_name(name: &str) -> Option<Filter> {
        match name {
            "lower" => Some(Filter::Lower),
            "upper" => Some(Filter::Upper),
            "inc" => Some(Filter::Inc),
            "dec" => Some(Filter::Dec),
            _ => None,
        }
    }

    fn apply(self, v: Value) -> Option<Value> {
        match (self, v) {
            (Filter::Lower, Value::String(s)) => Some(Value::String(s.to_lowercase())),
            (Filter::Upper, Value::String(s)) => Some(Value::String(s.to_uppercase())),
            (Filter::Inc | Filter::Dec, v) => {
                let step = if self == Filter::Inc { 1 } else { -1 };
                match v {
                    Value::Number(n) => n
                        .as_i64()
                        .and_then(|i| i.checked_add(step))
                        .map(Value::from),
                    Value::String(s) => s
                        .parse::<i128>()
                        .ok()
                        .and_then(|i| i.checked_add(i128::from(step)))
                        .map(|i| Value::String(i.to_string())),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

impl Template {
    /// Parses `text`; an unclosed `${` or an empty name is an error at `span`.
    pub fn parse(text: &str, span: Span) -> Result<Template, Box<Diagnostic>> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut rest = text;
        while let Some(i) = rest.find('$') {
            lit.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            if let Some(stripped) = after.strip_prefix("${") {
                lit.push_str("${");
                rest = stripped;
            } else if let Some(body) = after.strip_prefix('{') {
                let Some(end) = body.find('}') else {
                    return Err(Box::new(
                        Diagnostic::error(span, "unclosed `${` in template")
                            .with_label("no closing `}`")
                            .with_help("write `$${` for a literal `${`"),
                    ));
                };
                let mut pieces = body[..end].split('|').map(str::trim);
                let name = pieces.next().unwrap_or_default();
                let mut filters = Vec::new();
                for f in pieces {
                    match Filter::from_name(f) {
                        Some(filter) => filters.push(filter),
                        None => {
                            return Err(Box::new(
                                Diagnostic::error(span, format!("unknown template filter `{f}`"))
                                    .with_label("here")
                                    .with_suggestion(crate::suggest::did_you_mean(f, Filter::NAMES))
                                    .with_help_if_absent(format!(
                                        "filters: {}",
                                        Filter::NAMES.join(", ")
                                    )),
                            ));
                        }
                    }
                }
                if name.is_empty() {
                    return Err(Box::new(
                        Diagnostic::error(span, "empty `${}` in template").with_label("here"),
                    ));
                }
                if !lit.is_empty() {
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                }
                parts.push(Part::Var(Reference::parse(name), filters));
                rest = &body[end + 1..];
            } else {
                lit.push('$');
                rest = after;
            }
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            parts.push(Part::Lit(lit));
        }
        Ok(Template { parts, span })
    }

    /// The variables it refers to, in order.
    pub fn vars(&self) -> impl Iterator<Item = &Reference> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var(v, _) => Some(v),
            Part::Lit(_) => None,
        })
    }

    /// True for exactly one `${...}`, which renders to the variable's value unchanged (a list
    /// stays a list).
    pub fn is_single_var(&self) -> bool {
        matches!(self.parts.as_slice(), [Part::Var(..)])
    }

    /// True when the template has no variables.
    pub fn is_literal(&self) -> bool {
        self.vars().next().is_none()
    }

    /// Renders with `lookup`; the error names the first variable without a value.
    pub fn render(&self, lookup: &Lookup<'_>) -> Result<Value, String> {
        let value = |name: &Reference, filters: &[Filter]| -> Option<Value> {
            filters.iter().try_fold(lookup(name)?, |v, f| f.apply(v))
        };
        if let [Part::Var(name, filters)] = self.parts.as_slice() {
            return value(name, filters).ok_or_else(|| name.to_string());
        }
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Lit(s) => out.push_str(s),
                Part::Var(name, filters) => match value(name, filters) {
                    Some(Value::String(s)) => out.push_str(&s),
                    Some(Value::Null) | None => return Err(name.to_string()),
                    Some(other) => out.push_str(&other.to_string()),
                },
            }
        }
        Ok(Value::String(out))
    }

    /// Renders to a string (JSON values other than strings are written as JSON).
    pub fn render_string(&self, lookup: &Lookup<'_>) -> Result<String, String> {
        self.render(lookup).map(|v| match v {
            Value::String(s) => s,
            other => other.to_string(),
        })
    }
}

/// Looks up a dotted path (`a.b.0.c`) in a JSON value.
pub(crate) fn lookup_path<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(root);
    }
    path.split('.').try_fold(root, |v, seg| match v {
        Value::Object(m) => m.get(seg),
        Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t(text: &str) -> Template {
        Template::parse(text, Span::default()).unwrap()
    }

    #[test]
    fn a_lone_variable_keeps_its_type() {
        let v = t("${n}").render(&|_| Some(json!(8))).unwrap();
        assert_eq!(v, json!(8));
    }

    #[test]
    fn mixed_text_becomes_a_string() {
        let v = t("/status?swapId=${id}&n=${n}")
            .render(&|name| {
                Some(if name.to_string() == "id" {
                    json!("ab")
                } else {
                    json!(3)
                })
            })
            .unwrap();
        assert_eq!(v, json!("/status?swapId=ab&n=3"));
    }

    #[test]
    fn escapes_and_lone_dollars_are_literal() {
        assert_eq!(
            t("$${x} costs $5").render(&|_| None).unwrap(),
            json!("${x} costs $5")
        );
    }

    #[test]
    fn missing_values_name_the_variable() {
        assert_eq!(t("a ${quote_id}").render(&|_| None), Err("quote_id".into()));
    }

    #[test]
    fn filters_transform_values() {
        let lookup = |name: &Reference| match name.to_string().as_str() {
            "fiat" => Some(json!("EUR")),
            "max" => Some(json!(10000)),
            "min" => Some(json!("50")),
            _ => None,
        };
        assert_eq!(t("${fiat | lower}").render(&lookup).unwrap(), json!("eur"));
        assert_eq!(t("${max|inc}").render(&lookup).unwrap(), json!(10001));
        assert_eq!(t("${min | dec}").render(&lookup).unwrap(), json!("49"));
        assert_eq!(t("${fiat | inc}").render(&lookup), Err("fiat".into()));
        let err = Template::parse("${x | lowr}", Span::default()).unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `lower`?"));
    }

    #[test]
    fn unclosed_is_an_error() {
        assert!(Template::parse("${oops", Span::default()).is_err());
    }

    #[test]
    fn looks_up_dotted_paths() {
        let v = json!({"a": {"b": [1, {"c": 2}]}});
        assert_eq!(lookup_path(&v, "a.b.1.c"), Some(&json!(2)));
        assert_eq!(lookup_path(&v, "a.x"), None);
    }
}
