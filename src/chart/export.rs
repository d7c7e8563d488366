//! Writing charts to files: one chart in one format, or every chart in every format plus the
//! per-stage report. The window's export buttons and `uplift export` both call this.
//!
//! Every file is written atomically (`io::write_export`): a reader sees the old file or the
//! whole new one, and a symbolic link at the target is replaced by the file, never followed,
//! so an export cannot overwrite a file elsewhere. [`write_all`] renders every file in memory
//! first and then writes the set all or nothing (`io::write_all_or_nothing`), so a failure
//! never leaves a half-written export folder.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::calc::{Period, Results};
use crate::chart::xlsx::{WorkbookInfo, to_xlsx};
use crate::chart::{self, ChartKind, ChartOptions, ChartStyle, PngSize, SankeyMeasure, SvgSize};
use crate::io;
use crate::model::Project;
use crate::report;
use crate::report::assumptions::assumptions;
use crate::report::tabular::{Table, per_stage_table};

/// File format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Vector image.
    Svg,
    /// Raster image.
    Png,
    /// The numbers behind the chart.
    Csv,
    /// Vector PDF, one page, for Word, `LibreOffice` and LaTeX.
    Pdf,
}

impl ExportFormat {
    /// Every format, in the order `--all` writes them.
    pub const ALL: [Self; 4] = [Self::Svg, Self::Png, Self::Csv, Self::Pdf];

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Csv => "csv",
            Self::Pdf => "pdf",
        }
    }
}

/// What `export --all` writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllFormats {
    /// Every chart in each of these formats.
    pub charts: Vec<ExportFormat>,
    /// The per-stage report as `report.csv` (with CSV).
    pub report_csv: bool,
    /// The Excel workbook `workbook.xlsx`.
    pub workbook: bool,
    /// How the charts look (screen colours, or print's dashes and hatches).
    pub style: ChartStyle,
}

impl Default for AllFormats {
    /// Every chart in every format and the report CSVs. The workbook is asked for on its own
    /// (`--all --format xlsx`): it holds every table in memory while it is written, which at
    /// national scale is more than everything else together (BENCHMARKS.md).
    fn default() -> Self {
        Self {
            charts: ExportFormat::ALL.to_vec(),
            report_csv: true,
            workbook: false,
            style: ChartStyle::Screen,
        }
    }
}

/// Name of the workbook `export --all` writes.
pub const WORKBOOK_NAME: &str = "workbook.xlsx";

/// Name of the Policy Analysis Matrix CSV `--all` writes beside the report.
pub const PAM_CSV_NAME: &str = "policy-analysis-matrix.csv";

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The PNG could not be made.
    #[error(transparent)]
    Png(#[from] chart::PngError),
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] chart::pdf::PdfError),
    /// The CSV could not be written.
    #[error("could not write the CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The workbook could not be made.
    #[error("could not write the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The file could not be written.
    #[error(
        "could not write {path}: {source}; check that the folder exists and you can write to it"
    )]
    Io {
        /// File being written.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// The bytes of `chart` in `format` and `style`.
pub fn chart_bytes(
    chart: &chart::Chart,
    format: ExportFormat,
    size: PngSize,
    style: ChartStyle,
) -> Result<Vec<u8>, ExportError> {
    let layout = SvgSize {
        width: f64::from(size.width),
        height: f64::from(size.height),
    };
    Ok(match format {
        ExportFormat::Svg => chart::to_svg_styled(chart, layout, style).into_bytes(),
        ExportFormat::Png => chart::to_png_styled(chart, size, style)?,
        ExportFormat::Csv => chart::to_csv(chart)?.into_bytes(),
        ExportFormat::Pdf => chart::pdf::to_pdf_styled(chart, layout, style)?,
    })
}

/// Writes `chart` to `path` in `format`.
pub fn write_chart(
    chart: &chart::Chart,
    format: ExportFormat,
    size: PngSize,
    path: &Path,
) -> Result<(), ExportError> {
    write_chart_styled(chart, format, size, ChartStyle::Screen, path)
}

/// Writes `chart` to `path` in `format` and `style`.
pub fn write_chart_styled(
    chart: &chart::Chart,
    format: ExportFormat,
    size: PngSize,
    style: ChartStyle,
    path: &Path,
) -> Result<(), ExportError> {
    let bytes = chart_bytes(chart, format, size, style)?;
    io::write_export(path, &bytes).map_err(|source| ExportError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Every chart of one project's results, named for their files: the seven charts (value
/// Sankey) and "sankey-quantity".
pub fn all_charts(
    project: &Project,
    results: &Results,
    options: &ChartOptions,
) -> Vec<(String, chart::Chart)> {
    let mut charts: Vec<(String, chart::Chart)> = ChartKind::ALL
        .iter()
        .map(|&kind| {
            let options = ChartOptions {
                sankey_measure: SankeyMeasure::Value,
                ..options.clone()
            };
            (
                kind.slug().to_owned(),
                chart::build(kind, project, results, &options),
            )
        })
        .collect();
    let quantity_options = ChartOptions {
        sankey_measure: SankeyMeasure::Quantity,
        ..options.clone()
    };
    charts.push((
        "sankey-quantity".to_owned(),
        chart::build(ChartKind::Sankey, project, results, &quantity_options),
    ));
    charts
}

/// The per-stage report of `options`' period and scenario.
pub(super) fn scenario_report(
    project: &Project,
    results: &Results,
    options: &ChartOptions,
) -> report::Report {
    let mut report = report::build(project, results, options.period);
    report.scenario.clone_from(&options.scenario);
    report
}

/// The Excel workbook of `charts` (as [`all_charts`] names them) with the per-stage `report`
/// (as [`scenario_report`] makes it), the Policy Analysis Matrix, the assumptions and a
/// metadata sheet.
pub fn workbook_bytes(
    project: &Project,
    report: &report::Report,
    options: &ChartOptions,
    charts: &[(String, chart::Chart)],
) -> Result<Vec<u8>, ExportError> {
    let mut tables: Vec<Table> = vec![
        per_stage_table(report),
        report::pam_table::people_table(&report.pam, &report.currency),
    ];
    for (name, chart) in charts {
        let mut table = chart::chart_table(chart);
        if name == "sankey-quantity" {
            "Material flows".clone_into(&mut table.title);
        }
        tables.push(table);
    }
    let info = WorkbookInfo {
        project,
        scenario: &options.scenario,
        period: &report.period,
        file_name: options.file_name.as_deref(),
    };
    Ok(to_xlsx(&tables, &assumptions(project), &info)?)
}

/// Writes the Excel workbook of every chart and the report to `path`.
pub fn write_workbook(
    project: &Project,
    results: &Results,
    options: &ChartOptions,
    path: &Path,
) -> Result<(), ExportError> {
    let charts = all_charts(project, results, options);
    let report = scenario_report(project, results, options);
    let bytes = workbook_bytes(project, &report, options, &charts)?;
    io::write_export(path, &bytes).map_err(|source| ExportError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Writes every chart in every format into `dir` (created if missing), both Sankey measures,
/// the per-stage report as `report.csv` and the workbook. Returns the files written, in order.
/// Either every file is written or, on any error, none is changed.
pub fn write_all(
    project: &Project,
    results: &Results,
    options: &ChartOptions,
    size: PngSize,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    write_all_as(project, results, options, size, dir, &AllFormats::default())
}

/// [`write_all`], in the formats of `what` only.
pub fn write_all_as(
    project: &Project,
    results: &Results,
    options: &ChartOptions,
    size: PngSize,
    dir: &Path,
    what: &AllFormats,
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let charts = all_charts(project, results, options);
    // Rendered on every core: the PNGs take most of the time.
    let mut files: Vec<(String, Vec<u8>)> = charts
        .par_iter()
        .flat_map_iter(|(name, chart)| {
            what.charts.iter().map(move |&format| {
                let bytes = chart_bytes(chart, format, size, what.style)?;
                Ok((format!("{name}.{}", format.extension()), bytes))
            })
        })
        .collect::<Result<_, ExportError>>()?;
    // One report for the CSVs and the workbook, when either is asked for.
    let report =
        (what.report_csv || what.workbook).then(|| scenario_report(project, results, options));
    if let Some(report) = report.as_ref().filter(|_| what.report_csv) {
        files.push((
            "report.csv".to_owned(),
            report::to_csv(report)?.into_bytes(),
        ));
        files.push((
            "who-gets-the-value.csv".to_owned(),
            report::fiscal_table::to_csv(
                &report.who_gets,
                (&report.period, &report.currency, &report.scenario),
            )?
            .into_bytes(),
        ));
        files.push((
            PAM_CSV_NAME.to_owned(),
            report::pam_table::to_csv(
                &report.pam,
                (&report.period, &report.currency, &report.scenario),
            )?
            .into_bytes(),
        ));
    }
    if let Some(report) = report.as_ref().filter(|_| what.workbook) {
        files.push((
            WORKBOOK_NAME.to_owned(),
            workbook_bytes(project, report, options, &charts)?,
        ));
    }
    io::write_all_or_nothing(dir, &files).map_err(|failed| ExportError::Io {
        path: failed.path,
        source: failed.source,
    })?;
    Ok(files.into_iter().map(|(name, _)| dir.join(name)).collect())
}

/// A file name for `kind` exported over `period`: "value-added-2035.svg".
pub fn suggested_file_name(kind: ChartKind, period: Period, format: ExportFormat) -> String {
    let suffix = match period {
        Period::Year(year) => format!("-{year}"),
        Period::Horizon => String::new(),
        Period::Range(first, last) => format!("-{first}-{last}"),
    };
    format!("{}{suffix}.{}", kind.slug(), format.extension())
}
