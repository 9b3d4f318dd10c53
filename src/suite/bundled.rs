//! The suites shipped with the binary, so that `run` works from any directory.

/// `(name, text)`: the name is the file's path in the repository.
pub(crate) const BUNDLED: &[(&str, &str)] = &[
    ("suites/swap.yaml", include_str!("../../suites/swap.yaml")),
    (
        "suites/swap-v1.yaml",
        include_str!("../../suites/swap-v1.yaml"),
    ),
    ("suites/buy.yaml", include_str!("../../suites/buy.yaml")),
];
