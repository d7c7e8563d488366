//! Uplift: a value-chain planner for mineral processing.
//!
//! The layers, lowest first (each may use those before it, never one after it):
//! - [`model`]: what a project holds (stages, links, scenarios, levers), the field catalogue, the
//!   checks a project must pass before it is computed (`model::validate`), the edits a user can
//!   make and synthetic projects;
//! - [`calc`]: the calculation, stage by stage and year by year;
//! - [`io`]: project files (RON/JSON, versions, atomic saves, crash recovery) and the built-in
//!   examples;
//! - [`analysis`]: comparisons, sensitivity and Monte Carlo on top of the calculation;
//! - [`report`]: per-stage and national tables, and how numbers are written;
//! - [`chart`]: chart descriptions built from results and their SVG/PNG/CSV writers;
//! - [`cli`] and [`app`]: the command line and the window, both driving the same core. Nothing
//!   below them imports egui, eframe or rfd.

pub mod analysis;
pub mod app;
pub mod calc;
pub mod chart;
pub mod cli;
pub mod io;
pub mod model;
pub mod report;
