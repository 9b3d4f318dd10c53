//! A compiled JSONPath. Most paths of the bundled suites are chains of member names
//! (`$.quoteId`, `$.tradeMethod`, `$.additionalFields.minRequiredAmount`): such a path is
//! walked member by member, and every other path runs through serde_json_path. The walk
//! selects exactly what RFC 9535 says the chain selects: each name selects that member of an
//! object and nothing of any other value. A swept quote runs eight paths; the query engine
//! spent about 600 instructions on each, the walk about 300, most of it hashing the name.

use serde_json::Value;

/// A JSONPath, parsed by serde_json_path (its syntax, its errors), with its member names
/// when it is a plain chain of them.
#[derive(Debug)]
pub struct Query {
    path: serde_json_path::JsonPath,
    members: Option<Box<[Box<str>]>>,
}

impl Query {
    /// Parses `text` as RFC 9535 JSONPath.
    pub fn parse(text: &str) -> Result<Query, serde_json_path::ParseError> {
        let path = serde_json_path::JsonPath::parse(text)?;
        Ok(Query {
            path,
            members: members(text),
        })
    }

    /// The nodes selected in `doc`, in document order.
    pub fn all<'v>(&self, doc: &'v Value) -> Vec<&'v Value> {
        match &self.members {
            Some(names) => walk(names, doc).into_iter().collect(),
            None => self.path.query(doc).all(),
        }
    }

    /// The first node selected in `doc`.
    pub fn first<'v>(&self, doc: &'v Value) -> Option<&'v Value> {
        match &self.members {
            Some(names) => walk(names, doc),
            None => self.path.query(doc).first(),
        }
    }
}

fn walk<'v>(names: &[Box<str>], doc: &'v Value) -> Option<&'v Value> {
    names
        .iter()
        .try_fold(doc, |node, name| node.as_object()?.get(&**name))
}

/// The names of `$.a.b.c` (`$` alone: none), each an ASCII member-name shorthand
/// (`[A-Za-z_][A-Za-z0-9_]*`); `None` for any other path, which the query engine runs.
fn members(text: &str) -> Option<Box<[Box<str>]>> {
    let rest = text.strip_prefix('$')?;
    if rest.is_empty() {
        return Some(Box::new([]));
    }
    rest.strip_prefix('.')?
        .split('.')
        .map(|name| {
            let mut chars = name.chars();
            let first = chars.next()?;
            let plain = (first.is_ascii_alphabetic() || first == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
            plain.then(|| name.into())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn docs() -> Vec<Value> {
        vec![
            json!({ "a": { "b": { "c": 1 } }, "b": [1, 2], "_x1": null, "c": "s" }),
            json!({ "a": [ { "b": 1 } ], "b": { "a": { "b": 2 } } }),
            json!([ { "a": 1 } ]),
            json!("a"),
            json!(null),
            json!({ "a": null }),
        ]
    }

    #[test]
    fn chains_of_names_are_walked_and_select_what_the_engine_selects() {
        for text in [
            "$", "$.a", "$.a.b", "$.a.b.c", "$.b", "$._x1", "$.c.a", "$.zz",
        ] {
            let q = Query::parse(text).unwrap();
            assert!(q.members.is_some(), "{text} is a chain of names");
            let engine = serde_json_path::JsonPath::parse(text).unwrap();
            for doc in docs() {
                assert_eq!(q.all(&doc), engine.query(&doc).all(), "{text} on {doc}");
                assert_eq!(q.first(&doc), engine.query(&doc).first(), "{text} on {doc}");
            }
        }
    }

    #[test]
    fn every_other_path_runs_through_the_engine() {
        for text in [
            "$.a[0]",
            "$['a']",
            "$.a.*",
            "$..b",
            "$[?@.a == 1]",
            "$.é",
            "$ .a",
            "$.a .b",
        ] {
            let q = Query::parse(text).unwrap();
            assert!(q.members.is_none(), "{text} is not walked");
            let engine = serde_json_path::JsonPath::parse(text).unwrap();
            for doc in docs() {
                assert_eq!(q.all(&doc), engine.query(&doc).all(), "{text} on {doc}");
            }
        }
        // And a chain the walk would misread as two names is the engine's.
        assert!(members("$.a..b").is_none());
        assert!(members("$.").is_none());
        assert!(members("$a").is_none());
        assert!(members("$.1a").is_none());
    }

    #[test]
    fn syntax_errors_are_the_engines() {
        for text in ["", "a", "$.", "$.1", "$..", "$[", "$.a["] {
            assert_eq!(
                Query::parse(text).map(|_| ()).map_err(|e| e.to_string()),
                serde_json_path::JsonPath::parse(text)
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                "{text}"
            );
        }
    }

    proptest! {
        #[test]
        fn any_chain_selects_what_the_engine_selects(
            names in proptest::collection::vec("[a-c_][a-c0-9_]{0,2}", 0..4),
            doc in leaf().prop_recursive(3, 24, 4, |inner| prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                proptest::collection::btree_map("[a-c_][a-c0-9_]{0,2}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]),
        ) {
            let text = std::iter::once("$".to_string())
                .chain(names.iter().map(|n| format!(".{n}")))
                .collect::<String>();
            let q = Query::parse(&text).unwrap();
            prop_assert!(q.members.is_some());
            let engine = serde_json_path::JsonPath::parse(&text).unwrap();
            prop_assert_eq!(q.all(&doc), engine.query(&doc).all());
        }
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(|n| json!(n)),
            "[a-c]{0,2}".prop_map(Value::String),
        ]
    }
}
