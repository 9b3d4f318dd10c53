//! Runs planned flows against the provider and produces outcomes. Knows no report format,
//! and judges nothing: the checks do (see [`crate::checks::evaluate`]).

mod flow;
pub(crate) mod http;
pub mod outcome;
mod plan;
mod request;
pub(crate) mod scope;
mod series;

pub(crate) use flow::PairRun;
pub use flow::{FlowContext, run_flow};
pub use plan::{PlannedFlow, plan};
