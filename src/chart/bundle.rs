//! The report bundle a consultant hands in: one self-contained HTML page (`report.html`,
//! charts inline as SVG, prints on A4 and Letter), the same brief as PDF (`report.pdf`) and
//! the workbook of every figure (`report.xlsx`). `uplift report-bundle` and File > Export
//! report… both call [`write_bundle`].
//!
//! The page is the minijinja template `templates/report.html`: the brief's text stays
//! readable as HTML and every value is escaped by the engine. The PDF is drawn page by page
//! as SVG (`bundle_pdf`) and converted by svg2pdf, like the charts' PDFs.

use std::path::{Path, PathBuf};

use super::brief::{
    Brief, ChartEntry, HeadlineRow, MethodSection, REPORT_CHART, ScenarioDifferences,
};
use super::bundle_tables::{pam_section, stages_table, who_gets_section};
use super::export::{self, ExportError, all_charts};
use super::{ChartOptions, ChartStyle, analysis_charts, to_svg_styled};
use crate::analysis::{self, BASE_NAME, Unit};
use crate::calc::{Period, compute};
use crate::io;
use crate::model::Project;
use crate::model::scenario::scenario_label;
use crate::report::assumptions::assumptions;
use crate::report::format::{MoneyDisplay, difference_values, percent, thousands};
use crate::report::meta::{self, UPLIFT_VERSION};

/// The template of the HTML report.
const TEMPLATE: &str = include_str!("../../templates/report.html");

/// The sections of METHOD.md the report links to: (title, anchor). A test checks that each
/// anchor names a heading of `docs/METHOD.md`.
const METHOD_SECTIONS: [(&str, &str); 9] = [
    ("1. Scope and units", "1-scope-and-units"),
    ("4. Stage accounts", "4-stage-accounts"),
    ("5. National view", "5-national-view"),
    ("6. Investment view", "6-investment-view"),
    ("7. Periods", "7-periods"),
    ("9. Decisions", "9-decisions"),
    ("10. Worked example", "10-worked-example"),
    (
        "18. Who gets the value: taxes, owners and lenders",
        "18-who-gets-the-value-taxes-owners-and-lenders",
    ),
    (
        "19. Does processing at home pay? The Policy Analysis Matrix",
        "19-does-processing-at-home-pay-the-policy-analysis-matrix",
    ),
];

/// Why a report bundle could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// A scenario is unknown, or the project does not compute.
    #[error(transparent)]
    Analysis(#[from] analysis::AnalysisError),
    /// The project has errors that stop the calculation.
    #[error("the project cannot be computed until its errors are fixed (run `uplift check`)")]
    Invalid,
    /// The template could not be filled (a bug in the template).
    #[error("could not write the HTML report: {0}")]
    Template(#[from] minijinja::Error),
    /// A chart, the workbook or a file could not be written.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] super::pdf::PdfError),
}

/// What goes into a report.
#[derive(Clone, Debug)]
pub struct BundleRequest<'a> {
    /// The project (its base; scenarios are picked by name).
    pub project: &'a Project,
    /// Scenarios compared with the base, by name.
    pub scenarios: &'a [String],
    /// File the project came from, if saved.
    pub file_name: Option<&'a str>,
    /// How the charts look: as on screen, or for print in greyscale.
    pub style: ChartStyle,
}

/// The three files of a report bundle, in memory.
pub struct Bundle {
    /// The HTML page.
    pub html: String,
    /// The PDF.
    pub pdf: Vec<u8>,
    /// The workbook.
    pub xlsx: Vec<u8>,
}

/// The brief of `request`, from one calculation of its base, and the workbook's bytes.
pub(super) fn brief(request: &BundleRequest<'_>) -> Result<(Brief, Vec<u8>), BundleError> {
    let project = request.project;
    let base = analysis::scenario_project(project, BASE_NAME)?;
    let results = compute(&base).map_err(|_| BundleError::Invalid)?;
    let options = ChartOptions {
        period: Period::Horizon,
        file_name: request.file_name.map(str::to_owned),
        ..ChartOptions::default()
    };
    let comparison = analysis::compare(project, BASE_NAME, request.scenarios)?;
    let money = MoneyDisplay::base(&project.currency);
    let headline = comparison
        .rows
        .iter()
        .map(|row| {
            let show = |value: f64| match row.unit {
                Unit::Money => money.short(value),
                Unit::Fraction => percent(value),
                Unit::Jobs => thousands(value, 0),
                Unit::Ratio => format!("{value:.2}"),
            };
            let mut cells = vec![show(row.base)];
            cells.extend(row.with.iter().map(|cell| match cell.delta_pct {
                Some(change) => format!("{} ({:+.1}%)", show(cell.value), change * 100.0),
                None => show(cell.value),
            }));
            HeadlineRow {
                label: row.label.clone(),
                cells,
            }
        })
        .collect();

    let mut charts = all_charts(&base, &results, &options);
    if !request.scenarios.is_empty() {
        charts.push((
            "comparison".to_owned(),
            analysis_charts::comparison_chart(project, &comparison, request.file_name),
        ));
    }
    // One report for the workbook and the brief's tables.
    let report = export::scenario_report(&base, &results, &options);
    let xlsx = export::workbook_bytes(&base, &report, &options, &charts)?;
    let chart_entries = charts
        .iter()
        .map(|(_, chart)| ChartEntry {
            title: chart.title.clone(),
            note: chart.source.clone(),
            svg: strip_xml_declaration(&to_svg_styled(chart, REPORT_CHART, request.style)),
        })
        .collect();

    let base_label = scenario_label(BASE_NAME);
    let differences = comparison
        .with
        .iter()
        .zip(&comparison.differences)
        .map(|(name, rows)| ScenarioDifferences {
            name: scenario_label(name),
            rows: rows
                .iter()
                .map(|d| {
                    let [base, scenario] = difference_values(d);
                    [d.label.clone(), base, scenario]
                })
                .collect(),
        })
        .collect();
    let mut scenarios = vec![base_label.clone()];
    scenarios.extend(request.scenarios.iter().map(|s| scenario_label(s)));
    Ok((
        Brief {
            project: project.name.clone(),
            description: project.description.clone(),
            scenarios,
            period: report.period.clone(),
            currency: project.currency.money_unit().to_owned(),
            file: request.file_name.unwrap_or("unsaved project").to_owned(),
            date: meta::today(),
            version: UPLIFT_VERSION,
            headline,
            charts: chart_entries,
            stages: stages_table(&report),
            who_gets: who_gets_section(&base, &report, &money, &base_label),
            pam: pam_section(&report, &money, &base_label),
            differences,
            assumptions: assumptions(project),
            sources: project.sources.clone(),
            notes: project.notes.clone(),
            method: METHOD_SECTIONS
                .iter()
                .map(|&(title, anchor)| MethodSection { title, anchor })
                .collect(),
        },
        xlsx,
    ))
}

/// An SVG document without its XML declaration, for inlining in HTML.
fn strip_xml_declaration(svg: &str) -> String {
    match svg.strip_prefix("<?xml") {
        Some(rest) => rest
            .split_once("?>")
            .map_or_else(|| svg.to_owned(), |(_, body)| body.trim_start().to_owned()),
        None => svg.to_owned(),
    }
}

/// The bundle of `request`, in memory.
pub fn build_bundle(request: &BundleRequest<'_>) -> Result<Bundle, BundleError> {
    let (brief, xlsx) = brief(request)?;
    let mut env = minijinja::Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    let html = env
        .get_template("report.html")?
        .render(minijinja::value::Serde(&brief))?;
    let pdf = super::bundle_pdf::to_pdf(&brief)?;
    Ok(Bundle { html, pdf, xlsx })
}

/// Writes `report.html`, `report.pdf` and `report.xlsx` into `dir` (created if missing), all
/// or nothing, never through a link. Returns the paths written.
pub fn write_bundle(request: &BundleRequest<'_>, dir: &Path) -> Result<Vec<PathBuf>, BundleError> {
    let bundle = build_bundle(request)?;
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let files = vec![
        ("report.html".to_owned(), bundle.html.into_bytes()),
        ("report.pdf".to_owned(), bundle.pdf),
        ("report.xlsx".to_owned(), bundle.xlsx),
    ];
    io::write_all_or_nothing(dir, &files).map_err(|failed| ExportError::Io {
        path: failed.path,
        source: failed.source,
    })?;
    Ok(files.into_iter().map(|(name, _)| dir.join(name)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::meta::heading_anchor;

    #[test]
    fn every_method_link_names_a_heading_of_the_method() {
        let headings: Vec<&str> = include_str!("../../docs/METHOD.md")
            .lines()
            .filter(|line| line.starts_with('#'))
            .map(|line| line.trim_start_matches('#').trim())
            .collect();
        for (title, anchor) in METHOD_SECTIONS {
            assert!(
                headings.contains(&title),
                "no heading '{title}' in METHOD.md"
            );
            assert_eq!(heading_anchor(title), anchor, "{title}");
        }
    }
}
