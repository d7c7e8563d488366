//! The desktop window. Draws and edits a project through the core; holds no numbers of its own.

pub mod action;
pub mod canvas;
pub mod inspector;
pub mod results_panel;
pub mod theme;
