//! Command-line entry points (in progress).
