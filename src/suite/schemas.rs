//! JSON Schemas: the bundled ones (compiled into the binary) and files beside user suites.
//! Each schema is compiled once per run.
//!
//! The bundled schemas declare draft-07 and keep to its keywords. jsonschema checks each schema
//! against its draft's meta-schema first, and builds that meta-validator once per process: for
//! draft 2020-12 (eight vocabulary documents) that cost 3.3 M instructions, a sixth of a whole
//! fixed-rate flow, where draft-07's single document costs a third as much. A schema beside a
//! user's suite keeps whatever draft it declares (2020-12 when it declares none).

use crate::input::MAX_FILE_BYTES;
use jsonschema::Validator;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

macro_rules! bundled {
    ($($name:literal),* $(,)?) => {
        /// `(name, text)` of every schema under `schemas/`.
        pub const BUNDLED: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../schemas/", $name))),)*
        ];
    };
}

bundled!(
    "swap/currencies.json",
    "swap/pairs.json",
    "swap/quote-request.json",
    "swap/quote.json",
    "swap/swap-request.json",
    "swap/swap.json",
    "swap/status.json",
    "swap/error.json",
    "swap_v1/pairs.json",
    "swap_v1/quote-request.json",
    "swap_v1/quote.json",
    "swap_v1/check-quote-request.json",
    "swap_v1/error.json",
    "swap_v1/swap-request.json",
    "swap_v1/swap.json",
    "swap_v1/status-request.json",
    "swap_v1/status.json",
    "buy/capabilities.json",
    "buy/crypto-currencies.json",
    "buy/quote-query.json",
    "buy/quote.json",
    "buy/redirect.json",
    "buy/error.json",
);

/// Compiles and caches schemas by name.
#[derive(Default)]
pub struct SchemaStore {
    cache: HashMap<String, Arc<Validator>>,
}

impl SchemaStore {
    /// A schema by bundled name, or by a path relative to `suite_dir` (tried first when it exists).
    pub fn get(&mut self, name: &str, suite_dir: Option<&Path>) -> Result<Arc<Validator>, String> {
        let local: Option<PathBuf> = suite_dir.map(|d| d.join(name)).filter(|p| p.is_file());
        let key = match &local {
            Some(p) => p.display().to_string(),
            None => name.to_string(),
        };
        if let Some(v) = self.cache.get(&key) {
            return Ok(v.clone());
        }
        let text = match &local {
            Some(p) => crate::input::read_text(crate::input::Origin::File(p), MAX_FILE_BYTES)
                .map_err(|e| format!("cannot read `{}`: {e}", p.display()))?,
            None => BUNDLED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| (*t).to_string())
                .ok_or_else(|| {
                    format!(
                        "no schema `{name}`: not a bundled schema and no such file beside the suite"
                    )
                })?,
        };
        let json: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("schema `{name}` is not valid JSON: {e}"))?;
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&json)
            .map_err(|e| format!("schema `{name}` does not compile: {e}"))?;
        let v = Arc::new(validator);
        self.cache.insert(key, v.clone());
        Ok(v)
    }

    /// Bundled schema names, for suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        BUNDLED.iter().map(|(n, _)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_schema_compiles() {
        let mut store = SchemaStore::default();
        for (name, _) in BUNDLED {
            store.get(name, None).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    /// The compact providerSig's shape is checked here, its characters by SWAP-PAYLOAD-003
    /// alone: a `+` in the payload is not reported twice.
    #[test]
    fn the_v1_compact_provider_sig_is_checked_for_its_three_parts_only() {
        let mut store = SchemaStore::default();
        let v = store.get("swap_v1/swap.json", None).unwrap();
        let sig = |s: &str| serde_json::json!({ "providerSig": s });
        assert!(v.is_valid(&sig(".Cg+9oZW/xs=.MEUC_IQ-")));
        for bad in ["Cg9o.MEUC", ".Cg9o", "..Cg9o.MEUC", ".Cg9o.ME.UC", ".Cg9o."] {
            assert!(!v.is_valid(&sig(bad)), "{bad}");
        }
    }

    /// Where a schema leaves draft-07: a `$schema` other than draft-07, a keyword beside a `$ref`
    /// (draft-07 ignores it), or a keyword draft-07 does not know.
    fn beyond_draft_07(text: &str) -> Vec<String> {
        const LATER: &[&str] = &[
            "$defs",
            "$anchor",
            "$dynamicRef",
            "$dynamicAnchor",
            "$recursiveRef",
            "$vocabulary",
            "prefixItems",
            "dependentRequired",
            "dependentSchemas",
            "unevaluatedItems",
            "unevaluatedProperties",
            "minContains",
            "maxContains",
            "contentSchema",
        ];
        const BESIDE_REF: &[&str] = &["$ref", "$comment", "title", "description"];
        fn walk(at: &str, v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(map) => {
                    if map.contains_key("$ref") {
                        for k in map.keys().filter(|k| !BESIDE_REF.contains(&k.as_str())) {
                            out.push(format!("`{at}/{k}` beside a `$ref`"));
                        }
                    }
                    // A key under `properties` or `definitions` is a name, not a keyword.
                    let names = at.ends_with("/properties") || at.ends_with("/definitions");
                    for (k, v) in map {
                        if !names && LATER.contains(&k.as_str()) {
                            out.push(format!("`{at}/{k}` is not a draft-07 keyword"));
                        }
                        walk(&format!("{at}/{k}"), v, out);
                    }
                }
                serde_json::Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        walk(&format!("{at}/{i}"), v, out);
                    }
                }
                _ => {}
            }
        }
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut out = Vec::new();
        if v["$schema"] != "http://json-schema.org/draft-07/schema#" {
            out.push(format!("`$schema` is {}", v["$schema"]));
        }
        walk("", &v, &mut out);
        out
    }

    #[test]
    fn bundled_schemas_keep_to_draft_07() {
        for (name, text) in BUNDLED {
            assert_eq!(beyond_draft_07(text), Vec::<String>::new(), "{name}");
        }
    }

    #[test]
    fn what_draft_07_reads_differently_is_caught() {
        let d7 = r#""$schema": "http://json-schema.org/draft-07/schema#""#;
        let cases = [
            (
                r#"{"$schema": "https://json-schema.org/draft/2020-12/schema"}"#.to_string(),
                "`$schema` is",
            ),
            (
                format!(r#"{{{d7}, "$defs": {{}}}}"#),
                "`/$defs` is not a draft-07 keyword",
            ),
            (
                format!(
                    r##"{{{d7}, "properties": {{"a": {{"$ref": "#/definitions/x", "minLength": 1}}}}}}"##
                ),
                "`/properties/a/minLength` beside a `$ref`",
            ),
        ];
        for (text, want) in cases {
            let got = beyond_draft_07(&text);
            assert!(got.iter().any(|p| p.starts_with(want)), "{text}: {got:?}");
        }
        // A property named like a later keyword is a name.
        assert!(
            beyond_draft_07(&format!(
                r#"{{{d7}, "properties": {{"prefixItems": {{}}}}}}"#
            ))
            .is_empty()
        );
    }

    #[test]
    fn an_unknown_schema_is_an_error() {
        let mut store = SchemaStore::default();
        assert!(
            store
                .get("nope.json", None)
                .unwrap_err()
                .starts_with("no schema `nope.json`")
        );
    }
}
