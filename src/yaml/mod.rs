//! A YAML document as a tree of nodes that keep their source spans.
//!
//! Suites and profiles are read into this tree first, then validated by hand with
//! [`MapReader`], so that every problem is collected with its position (serde would stop at
//! the first one and lose positions through enums).

mod file;
mod reader;
mod tree;

pub use file::read_text;
pub use reader::MapReader;
pub use tree::{MAX_FILE_BYTES, MAX_NODES, Node, NodeKind, parse};

pub use reader::expect_seq as reader_expect_seq;
pub use reader::expect_str as reader_expect_str;

/// Unsigned integers from a node.
pub struct MapReaderU64;

impl MapReaderU64 {
    pub fn u64(
        node: &Node,
        key: &str,
        diags: &mut Vec<crate::diagnostic::Diagnostic>,
    ) -> Option<u64> {
        reader::expect_u64(node, key, diags)
    }
}
