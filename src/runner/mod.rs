//! Runs planned flows against the provider and produces outcomes. Knows no report format.

mod flow;
pub mod http;
pub mod outcome;
mod plan;
pub mod scope;

pub use flow::{FlowContext, run_flow};
pub use plan::{PlannedFlow, plan};

use crate::suite::JsonTemplate;
use serde_json::Value;

/// Renders a JSON template; the error names a variable without a value.
pub fn render_json(
    t: &JsonTemplate,
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> Result<Value, String> {
    Ok(match t {
        JsonTemplate::Value(v) => v.clone(),
        JsonTemplate::Str(s) => s.render(lookup)?,
        JsonTemplate::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| render_json(i, lookup))
                .collect::<Result<_, _>>()?,
        ),
        JsonTemplate::Object(entries) => {
            let mut m = serde_json::Map::new();
            for (k, v) in entries {
                let value = render_json(v, lookup)?;
                // An optional pair value that is absent (an extra id) leaves its key out.
                if !value.is_null() {
                    m.insert(k.clone(), value);
                }
            }
            Value::Object(m)
        }
    })
}
