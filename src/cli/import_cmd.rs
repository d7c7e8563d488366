//! `uplift import`: stages added to a project from a spreadsheet, every bad cell listed by
//! row and column before anything is written; and `uplift import-template`, the sheet to
//! fill in. The reading, mapping and checking are `io::stage_import`'s, as in the window.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context as _, bail};

use crate::io::stage_import::{self, ImportError};
use crate::io::{load_project, save_project};
use crate::model::CanvasPos;
use crate::model::edit::apply_edit;

use super::Outcome;

/// `--map` arguments as (column, key) pairs: `Cap (t)=capacity_per_year`.
fn mappings(map: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    map.iter()
        .map(|pair| match pair.rsplit_once('=') {
            Some((column, key)) if !column.trim().is_empty() && !key.trim().is_empty() => {
                Ok((column.trim().to_owned(), key.trim().to_owned()))
            }
            _ => bail!(
                "--map {pair}: write COLUMN=KEY (a stage field key) or COLUMN={}",
                stage_import::IGNORE
            ),
        })
        .collect()
}

/// `uplift import FILE --into PROJECT`: the sheet's rows added as stages, written to `out`
/// (or over `into`); with any bad cell, every one listed and exit code 1, nothing written.
pub(super) fn import(
    file: &Path,
    into: &Path,
    map: &[String],
    out: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let mapped = mappings(map)?;
    let mut project = load_project(into)?;
    let sheet = stage_import::read_sheet(file)?;
    let targets = stage_import::targets(&sheet.headers, &mapped)?;
    let preview = stage_import::preview(&project, &sheet, &targets);
    let mut notes = String::new();
    for note in &preview.notes {
        let _ = writeln!(notes, "{}: check {note}", file.display());
    }
    if !preview.errors.is_empty() {
        let mut text = notes;
        for error in &preview.errors {
            let _ = writeln!(text, "{}: {error}", file.display());
        }
        let _ = writeln!(
            text,
            "{}: {} problem(s); nothing imported. Fix the cells above (or map the columns with --map COLUMN=KEY or COLUMN={}) and import again.",
            file.display(),
            preview.errors.len(),
            stage_import::IGNORE
        );
        if preview.errors.iter().any(|e| e.row == 1) {
            let _ = writeln!(text, "Stage field keys: {}", stage_import::key_list());
        }
        return Ok(Outcome {
            stdout: text,
            exit_code: 1,
        });
    }
    let count = preview.stages.len();
    let names: Vec<String> = preview.stages.iter().map(|s| s.name.clone()).collect();
    // Level with the chain's left edge, or at the origin of an empty project; the group is
    // then moved to the nearest free space.
    let wanted = CanvasPos {
        x: project
            .stages
            .iter()
            .map(|s| s.position.x)
            .reduce(f32::min)
            .unwrap_or(0.0),
        y: 0.0,
    };
    let edit = stage_import::import_edit(&project, preview.stages, wanted);
    apply_edit(&mut project, edit).context("adding the imported stages")?;
    let target = out.unwrap_or(into);
    save_project(&project, target)?;
    Ok(Outcome {
        stdout: format!(
            "{notes}{}: {count} stage(s) imported into {}: {}\n",
            file.display(),
            target.display(),
            names.join(", ")
        ),
        exit_code: 0,
    })
}

/// `uplift import-template OUT`: every stage field key as a header and one example row.
pub(super) fn template(out: &Path) -> anyhow::Result<Outcome> {
    let extension = out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = match extension.as_str() {
        "csv" => stage_import::template_csv()?,
        "xlsx" => stage_import::template_xlsx()?,
        _ => return Err(ImportError::Format(out.display().to_string()).into()),
    };
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    Ok(Outcome {
        stdout: format!(
            "{}: {} columns, one example row (Reko Diq's mine); fill in a row per stage, then uplift import {} --into PROJECT\n",
            out.display(),
            stage_import::importable_fields().len(),
            out.display()
        ),
        exit_code: 0,
    })
}
