//! Switchable misbehaviours: each fault makes the provider break exactly one rule.

use std::fmt;
use std::str::FromStr;

/// One deliberate deviation from the provider APIs, named in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {}

impl Fault {
    /// Every fault, in documentation order.
    pub const ALL: &[Fault] = &[];

    /// The kebab-case name used on the command line.
    pub fn name(self) -> &'static str {
        match self {}
    }

    /// What the fault does and which requirement it must trip.
    pub fn description(self) -> &'static str {
        match self {}
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fault name that is not in [`Fault::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown fault `{0}`")]
pub struct UnknownFault(pub String);

impl FromStr for Fault {
    type Err = UnknownFault;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Fault::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| UnknownFault(s.to_string()))
    }
}
