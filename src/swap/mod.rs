//! Device-exact verification of /swap responses (placeholder).
