//! Credentials written in a profile that fails to load: diagnostics quote its lines, so these
//! values are masked in the source text first (as many `*` as characters, so carets stay put).

use super::model::Api;
use crate::source::Span;
use crate::yaml::{Node, NodeKind};
use std::collections::BTreeSet;

/// Values of keys that look like credentials (`X-API-KEY: ...`, `bearer_token: ...`), found
/// line by line in a text that is not valid YAML.
pub(super) fn credential_values(text: &str) -> BTreeSet<String> {
    let re = regex::Regex::new(
        r#"(?i)(api[-_]?key|token|secret|authorization|password|bearer)[^:\n]*:\s*("([^"\n]*)"|'([^'\n]*)'|([^,}\s#][^,}\n#]*))"#,
    )
    .expect("a valid regex");
    re.captures_iter(text)
        .filter_map(|c| c.get(3).or(c.get(4)).or(c.get(5)))
        .map(|m| m.as_str().trim().to_string())
        .filter(|v| !v.is_empty() && !v.starts_with("${"))
        .collect()
}

/// Header values and bearer tokens of every section of a (resolved) profile tree that did not
/// validate: no typed section exists to ask. Scalars at `unresolved` spans are still the
/// `${env:...}` written, not a credential.
pub(super) fn credentials(root: &Node, unresolved: &[Span]) -> Vec<String> {
    let value = |n: &Node| {
        n.as_scalar()
            .filter(|_| !unresolved.contains(&n.span))
            .map(str::to_string)
    };
    let mut out = Vec::new();
    for api in Api::ALL {
        let Some(section) = entry(root, api.key()) else {
            continue;
        };
        if let Some(Node {
            kind: NodeKind::Map(headers),
            ..
        }) = entry(section, "headers")
        {
            out.extend(headers.iter().filter_map(|(_, v)| value(v)));
        }
        out.extend(entry(section, "bearer_token").and_then(value));
        out.extend(
            super::kyc::written_tokens(section)
                .into_iter()
                .filter_map(value),
        );
    }
    out
}

fn entry<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .rev()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_credentials_in_broken_yaml() {
        let found = credential_values("headers: { X-API-KEY: \"k1\", [\nbearer_token: t2\n");
        assert!(found.contains("k1") && found.contains("t2"), "{found:?}");
    }

    #[test]
    fn finds_header_values_and_tokens() {
        let root = crate::yaml::parse(
            crate::source::FileId(0),
            "swap_v1:\n  headers: { A: x1 }\n  bearer_token: t1\nbuy:\n  headers: { B: x2 }\n",
        )
        .unwrap();
        assert_eq!(credentials(&root, &[]), vec!["x1", "t1", "x2"]);
    }
}
