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
use crate::chart::{self, ChartKind, ChartOptions, PngSize, SankeyMeasure, SvgSize};
use crate::io;
use crate::model::Project;
use crate::report;

/// File format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Vector image.
    Svg,
    /// Raster image.
    Png,
    /// The numbers behind the chart.
    Csv,
}

impl ExportFormat {
    /// Every format, in the order `--all` writes them.
    pub const ALL: [Self; 3] = [Self::Svg, Self::Png, Self::Csv];

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Csv => "csv",
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The PNG could not be made.
    #[error(transparent)]
    Png(#[from] chart::PngError),
    /// The CSV could not be written.
    #[error("could not write the CSV: {0}")]
    Csv(#[from] csv::Error),
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

/// The bytes of `chart` in `format`.
fn chart_bytes(
    chart: &chart::Chart,
    format: ExportFormat,
    size: PngSize,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        ExportFormat::Svg => chart::to_svg(
            chart,
            SvgSize {
                width: f64::from(size.width),
                height: f64::from(size.height),
            },
        )
        .into_bytes(),
        ExportFormat::Png => chart::to_png(chart, size)?,
        ExportFormat::Csv => chart::to_csv(chart)?.into_bytes(),
    })
}

/// Writes `chart` to `path` in `format`.
pub fn write_chart(
    chart: &chart::Chart,
    format: ExportFormat,
    size: PngSize,
    path: &Path,
) -> Result<(), ExportError> {
    let bytes = chart_bytes(chart, format, size)?;
    io::write_export(path, &bytes).map_err(|source| ExportError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Writes every chart in every format into `dir` (created if missing), both Sankey measures,
/// and the per-stage report as `report.csv`. Returns the files written, in order. Either every
/// file is written or, on any error, none is changed.
pub fn write_all(
    project: &Project,
    results: &Results,
    options: &ChartOptions,
    size: PngSize,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.to_owned(),
        source,
    })?;
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
    // Rendered on every core: the PNGs take most of the time.
    let mut files: Vec<(String, Vec<u8>)> = charts
        .par_iter()
        .flat_map_iter(|(name, chart)| {
            ExportFormat::ALL.into_iter().map(move |format| {
                let bytes = chart_bytes(chart, format, size)?;
                Ok((format!("{name}.{}", format.extension()), bytes))
            })
        })
        .collect::<Result<_, ExportError>>()?;
    let report = report::build(project, results, options.period);
    files.push((
        "report.csv".to_owned(),
        report::to_csv(&report)?.into_bytes(),
    ));
    files.push((
        "who-gets-the-value.csv".to_owned(),
        report::fiscal_table::to_csv(&report.who_gets, &report.period, &report.currency)?
            .into_bytes(),
    ));
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
