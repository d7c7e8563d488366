//! The commands that read and write project files as a whole: `check` (every problem with
//! its location, or a one-line summary), `convert` between RON and JSON, `generate` a
//! synthetic national chain, and `migrate` a file to the current format version.

use std::fmt::Write as _;
use std::path::Path;

use crate::io::{load_project, read_project_file, save_project};
use crate::model::FORMAT_VERSION;
use crate::model::validate::validate;

use super::{Outcome, problem_line};

/// `uplift check`: every problem, then a summary; exit code 1 when there are errors.
pub(super) fn check(file: &Path) -> Outcome {
    let project = match load_project(file) {
        Ok(project) => project,
        Err(error) => {
            return Outcome {
                stdout: format!("error: {error}\n"),
                exit_code: 1,
            };
        }
    };
    let problems = validate(&project);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let mut out = String::new();
    for problem in &problems {
        let _ = writeln!(out, "{}", problem_line(&project, problem));
    }
    if errors > 0 {
        let _ = writeln!(
            out,
            "{}: {errors} error(s), {warnings} warning(s); fix the errors above and check again",
            file.display()
        );
        return Outcome {
            stdout: out,
            exit_code: 1,
        };
    }
    let _ = writeln!(
        out,
        "{}: ok — '{}', {} stages, {} links, {}-{}, {warnings} warning(s)",
        file.display(),
        project.name,
        project.stages.len(),
        project.links.len(),
        project.horizon.first_year,
        project.horizon.last_year,
    );
    Outcome {
        stdout: out,
        exit_code: 0,
    }
}

/// `uplift convert`: `input` read and written to `output`, each format by its extension.
pub(super) fn convert(input: &Path, output: &Path) -> anyhow::Result<Outcome> {
    let project = load_project(input)?;
    save_project(&project, output)?;
    Ok(Outcome {
        stdout: format!("{} → {}\n", input.display(), output.display()),
        exit_code: 0,
    })
}

/// `uplift generate`: a synthetic project of `stages` stages from `seed`, written to `out`.
pub(super) fn generate(stages: u32, seed: u64, out: &Path) -> anyhow::Result<Outcome> {
    let project = crate::model::generate::generate(stages as usize, seed);
    save_project(&project, out)?;
    Ok(Outcome {
        stdout: format!(
            "{}: {} stages, {} links, {}-{} (seed {seed})\n",
            out.display(),
            project.stages.len(),
            project.links.len(),
            project.horizon.first_year,
            project.horizon.last_year,
        ),
        exit_code: 0,
    })
}

/// Reads `file` (upgrading it through the migration chain) and writes it back, atomically, in
/// the current format version.
pub(super) fn migrate(file: &Path, out: Option<&Path>) -> anyhow::Result<Outcome> {
    let loaded = read_project_file(file)?;
    let target = out.unwrap_or(file);
    save_project(&loaded.project, target)?;
    let from = loaded.file_version;
    let stdout = if from == FORMAT_VERSION {
        format!(
            "{}: already format version {FORMAT_VERSION}; rewritten to {}\n",
            file.display(),
            target.display()
        )
    } else {
        format!(
            "{}: format version {from} upgraded to {FORMAT_VERSION}, written to {}\n",
            file.display(),
            target.display()
        )
    };
    Ok(Outcome {
        stdout,
        exit_code: 0,
    })
}
