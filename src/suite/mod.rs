//! Suites: YAML files of flows, steps and checks, validated before any request is sent.

pub(crate) mod bundled;
mod load;
mod model;
mod query;
pub mod schemas;

pub use load::{LoadContext, load_suite};
pub use model::*;
pub use query::Query;
