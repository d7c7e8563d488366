//! Example projects shipped with Uplift. The default one is compiled into the binary so that
//! `cargo run --release` opens on a realistic chain with no file at hand.

use crate::io::{FileError, project_from_ron};
use crate::model::Project;

/// One example project: its file name in `projects/` and its text.
pub struct Example {
    /// File name under `projects/`.
    pub file_name: &'static str,
    /// The RON text, as shipped.
    pub text: &'static str,
}

/// Every example in `projects/`, the default first.
pub const EXAMPLES: [Example; 3] = [
    Example {
        file_name: "reko-diq-copper-gold.ron",
        text: include_str!("../../projects/reko-diq-copper-gold.ron"),
    },
    Example {
        file_name: "rare-earths-ndpr.ron",
        text: include_str!("../../projects/rare-earths-ndpr.ron"),
    },
    Example {
        file_name: "antimony.ron",
        text: include_str!("../../projects/antimony.ron"),
    },
];

impl Example {
    /// Parses the example.
    pub fn project(&self) -> Result<Project, FileError> {
        project_from_ron(self.text)
    }
}

/// The project the window opens on when no file is given (Reko Diq copper-gold).
pub fn default_project() -> Result<Project, FileError> {
    EXAMPLES[0].project()
}
