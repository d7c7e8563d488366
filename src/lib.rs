//! Uplift: a value-chain planner for mineral processing.
//!
//! The core ([`model`], [`validate`], [`calc`], [`io`], [`edit`], [`report`], [`generate`]) never sees a
//! screen; the command line ([`cli`]) and the window ([`app`]) both drive it.

pub mod analysis;
pub mod app;
pub mod calc;
pub mod chart;
pub mod cli;
pub mod edit;
pub mod examples;
pub mod export;
pub mod finite;
pub mod format;
pub mod generate;
pub mod io;
pub mod model;
pub mod montecarlo;
pub mod recovery;
pub mod report;
pub mod scenario;
pub mod validate;
