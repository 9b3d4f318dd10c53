//! A YAML document as a tree of nodes that keep their source spans.
//!
//! Suites and profiles are read into this tree first, then validated by hand with
//! [`MapReader`], so that every problem is collected with its position (serde would stop at
//! the first one and lose positions through enums).

mod reader;
mod tree;

pub use reader::MapReader;
pub use tree::{Node, NodeKind, parse};
