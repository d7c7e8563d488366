//! Helpers shared by the integration tests: the tolerance for computed figures (here), small
//! projects built by hand ([`builders`]) and the window driven headless ([`window`]). Each
//! test file compiles this module on its own and uses only part of it, hence the allowance
//! for unused items.

#![allow(dead_code)]

pub mod builders;
pub mod window;

/// Relative tolerance for every comparison of computed figures with hand-computed ones.
const TOLERANCE: f64 = 1e-9;

/// Asserts that `actual` is `expected` within [`TOLERANCE`] (relative, or absolute below 1).
#[track_caller]
pub fn assert_close(actual: f64, expected: f64, what: &str) {
    let scale = expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= TOLERANCE * scale,
        "{what}: computed {actual}, expected {expected}"
    );
}
