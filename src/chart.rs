//! Chart descriptions: what each chart shows, computed from results in one place.
//!
//! The window (`egui_plot`) and the exporters (SVG, PNG, CSV) all read the same [`Chart`], so the
//! picture on screen and the one in a report can never disagree. Nothing here draws: it only
//! says which numbers go where, with titles, units and colours. Every chart is described in
//! `docs/METHOD.md` §17.

pub mod analysis_charts;
mod brief;
mod build;
pub mod bundle;
mod bundle_pdf;
mod bundle_tables;
mod csv;
pub mod drc;
pub mod export;
pub mod many_stages;
pub mod missing;
pub mod palette;
pub mod pdf;
mod png;
mod print_style;
pub mod sankey;
pub mod sankey_labels;
mod svg;
mod svg_parts;
mod svg_sankey;
mod ticks;
mod who_gets;
pub mod xlsx;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use build::{ChartOptions, SankeyMeasure, build, default_final_stage, parts_of_value_added};
pub use csv::{chart_table, to_csv};
pub(crate) use png::DEJAVU_SANS;
pub use png::{PngError, PngSize, to_png, to_png_styled};
pub use svg::{SvgSize, to_svg, to_svg_styled};
pub(crate) use svg::{signed, step_color};
pub(crate) use svg_parts::wrap;
pub use ticks::nice_ticks;

use crate::report::format;

/// Which chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum ChartKind {
    /// Value added by stage, stacked by its parts.
    #[default]
    ValueAdded,
    /// Value of one unit of final product built up stage by stage.
    ValueBuildUp,
    /// Share of GDP over the horizon, direct and total.
    GdpShare,
    /// Exports, imports and net foreign-exchange earnings over the horizon.
    ForeignExchange,
    /// Jobs and public revenue by stage.
    JobsRevenue,
    /// CO2, energy and water by stage, in total and per unit of value added.
    Footprint,
    /// Flows through the chain.
    Sankey,
    /// Who gets the domestic chain's pre-tax cash flow: government, owners, lenders.
    WhoGetsWhat,
    /// The domestic resource cost ratio of each domestic stage and of the chain, with the
    /// line at 1.
    DrcByStage,
    /// Baseline and scenarios side by side (share of GDP by year, overlaid).
    Comparison,
    /// Effect of moving each lever or parameter by +/- X% on one output.
    Tornado,
    /// Monte Carlo fan chart: P10, P50 and P90 of share of GDP and value added by year.
    MonteCarloFan,
    /// Monte Carlo histogram of the chain's NPV.
    NpvHistogram,
}

impl ChartKind {
    /// Every chart of one project's results, in the order the window lists them (the
    /// comparison, tornado and Monte Carlo charts need more than one run and are built by
    /// `chart::analysis`).
    pub const ALL: [Self; 9] = [
        Self::ValueAdded,
        Self::ValueBuildUp,
        Self::GdpShare,
        Self::ForeignExchange,
        Self::JobsRevenue,
        Self::Footprint,
        Self::Sankey,
        Self::WhoGetsWhat,
        Self::DrcByStage,
    ];

    /// The charts built from several runs (scenarios compared, the tornado, Monte Carlo)
    /// rather than from one project's results.
    pub const ANALYSIS: [Self; 4] = [
        Self::Comparison,
        Self::Tornado,
        Self::MonteCarloFan,
        Self::NpvHistogram,
    ];

    /// Every chart `uplift export --chart` can write: the charts of one project's results,
    /// then the analysis charts (worked out from several runs when asked for).
    pub const EXPORTABLE: [Self; Self::ALL.len() + Self::ANALYSIS.len()] = {
        let mut every = [Self::ValueAdded; Self::ALL.len() + Self::ANALYSIS.len()];
        let mut i = 0;
        while i < every.len() {
            every[i] = if i < Self::ALL.len() {
                Self::ALL[i]
            } else {
                Self::ANALYSIS[i - Self::ALL.len()]
            };
            i += 1;
        }
        every
    };

    /// True for the charts built from several runs ([`Self::ANALYSIS`]).
    pub fn is_analysis(self) -> bool {
        Self::ANALYSIS.contains(&self)
    }

    /// Name used on the command line and in exported file names.
    pub fn slug(self) -> &'static str {
        match self {
            Self::ValueAdded => "value-added",
            Self::ValueBuildUp => "value-build-up",
            Self::GdpShare => "gdp-share",
            Self::ForeignExchange => "foreign-exchange",
            Self::JobsRevenue => "jobs-revenue",
            Self::Footprint => "footprint",
            Self::Sankey => "sankey",
            Self::WhoGetsWhat => "who-gets-what",
            Self::DrcByStage => "drc-by-stage",
            Self::Comparison => "comparison",
            Self::Tornado => "tornado",
            Self::MonteCarloFan => "monte-carlo-fan",
            Self::NpvHistogram => "npv-histogram",
        }
    }

    /// Short name for a tab or a menu.
    pub fn label(self) -> &'static str {
        match self {
            Self::ValueAdded => "Value added",
            Self::ValueBuildUp => "Value build-up",
            Self::GdpShare => "Share of GDP",
            Self::ForeignExchange => "Foreign exchange",
            Self::JobsRevenue => "Jobs and revenue",
            Self::Footprint => "Footprint",
            Self::Sankey => "Flows",
            Self::WhoGetsWhat => "Who gets what",
            Self::DrcByStage => "DRC by stage",
            Self::Comparison => "Comparison",
            Self::Tornado => "Sensitivity",
            Self::MonteCarloFan => "Uncertainty by year",
            Self::NpvHistogram => "NPV distribution",
        }
    }
}

impl fmt::Display for ChartKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// A chart name that is not one of [`ChartKind::ALL`].
#[derive(Debug, thiserror::Error)]
#[error("no chart called '{0}'; the charts are: {list}", list = chart_list())]
pub struct UnknownChart(String);

fn chart_list() -> String {
    ChartKind::ALL.map(ChartKind::slug).join(", ")
}

impl FromStr for ChartKind {
    type Err = UnknownChart;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        // Only the charts `build` makes from one project's results can be named.
        Self::ALL
            .into_iter()
            .find(|kind| kind.slug() == name)
            .ok_or_else(|| UnknownChart(name.to_owned()))
    }
}

/// How an export looks: as on screen, or for print, where colours may come out as greys and
/// every series must be told apart without them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum ChartStyle {
    /// Colours alone tell series apart, as in the window.
    #[default]
    Screen,
    /// Lines dashed and marked, bars and areas hatched, so series stay apart in greyscale.
    Print,
}

/// A colour as red, green, blue (0-255). The palette is Okabe and Ito's, which stays readable
/// for colour-blind readers and in greyscale print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` for SVG.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// What the numbers on an axis are, so ticks and hover text carry the right unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ValueFormat {
    /// Money in a currency ("USD").
    Money(String),
    /// A percentage, stored as percent (0.51 means 0.51%).
    Percent,
    /// A physical quantity or a count with its unit, such as tonnes or full-time equivalents.
    Quantity(String),
    /// A ratio without a unit, such as the domestic resource cost ratio.
    Ratio,
}

impl ValueFormat {
    /// The unit as it appears in an axis title or a CSV header: "USD", "%", "t CO2".
    pub fn unit(&self) -> &str {
        match self {
            Self::Money(code) | Self::Quantity(code) => code,
            Self::Percent => "%",
            Self::Ratio => "ratio",
        }
    }

    /// A tick label, short: "1.5 bn", "0.25%", "12 k".
    pub fn tick(&self, value: f64) -> String {
        if !value.is_finite() {
            return MISSING.to_owned();
        }
        match self {
            Self::Percent => format!("{}%", trim_number(value)),
            Self::Ratio => trim_number(value),
            Self::Money(_) | Self::Quantity(_) => format::short_number(value),
        }
    }

    /// A value written on its bar, short, its unit left to the axis and heading: "68.5 bn",
    /// "0.45%", "3.47 k".
    pub fn bar_label(&self, value: f64) -> String {
        match self {
            Self::Percent if value.is_finite() => format::percent(value / 100.0),
            _ => self.tick(value),
        }
    }

    /// A value in full with its unit, for hover text: "USD 1,234,567", "0.5123%", "4,100.5 t".
    pub fn exact(&self, value: f64) -> String {
        if !value.is_finite() {
            return MISSING.to_owned();
        }
        let decimals = if value.abs() >= 100.0 { 0 } else { 2 };
        match self {
            Self::Money(code) => format!("{code} {}", format::thousands(value, decimals)),
            Self::Percent => format!("{value:.4}%"),
            Self::Ratio => format!("{value:.3}"),
            Self::Quantity(unit) => format!("{} {unit}", format::thousands(value, decimals)),
        }
    }

    /// A value with its unit, for hover text and labels: "USD 1.23 bn", "0.51%", "4.1 M t".
    pub fn value(&self, value: f64) -> String {
        if !value.is_finite() {
            return MISSING.to_owned();
        }
        match self {
            Self::Money(code) => format!("{code} {}", format::short_number(value)),
            Self::Percent => format::percent(value / 100.0),
            Self::Ratio => format!("{value:.2}"),
            Self::Quantity(unit) => format::quantity(value, unit),
        }
    }
}

/// What a label says for a value that cannot be drawn (see [`missing`]), never "NaN" or "inf".
pub const MISSING: &str = "n/a";

/// A tick value without trailing zeros: 0.25 → "0.25", 2.0 → "2".
fn trim_number(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// An axis: its title (without the unit) and how its numbers read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Axis {
    /// What the axis measures: "Value added".
    pub title: String,
    /// How its values are written.
    pub format: ValueFormat,
}

impl Axis {
    /// Title with the unit in brackets: "Value added (USD)".
    pub fn title_with_unit(&self) -> String {
        format!("{} ({})", self.title, self.format.unit())
    }
}

/// One named, coloured set of values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    /// Legend name: "Wages".
    pub name: String,
    /// Fill or line colour.
    pub color: Rgb,
    /// One value per category (bars) or per year (lines).
    pub values: Vec<f64>,
}

impl Series {
    /// True when some value is drawn: a series zero (or missing) everywhere draws nothing, so it
    /// has neither a legend entry nor a line (its numbers stay in the CSV).
    pub fn draws_anything(&self) -> bool {
        self.values.iter().any(|v| *v != 0.0 && v.is_finite())
    }
}

/// Bars per category (stage), the series stacked: positive parts upwards from zero, negative
/// parts downwards, so a loss shows below the axis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BarPanel {
    /// Panel heading when a chart has several panels ("Jobs"); empty for a single panel.
    pub heading: String,
    /// Vertical axis.
    pub y_axis: Axis,
    /// One label per bar.
    pub categories: Vec<String>,
    /// Stacked parts.
    pub series: Vec<Series>,
    /// The net total of each bar, marked on top of the stack (e.g. value added), when the
    /// parts can have both signs.
    pub total: Option<Series>,
    /// Title under the categories, with its unit ("NPV, bin midpoint (USD)"); empty when the
    /// categories name themselves (stages, scenarios).
    pub x_title: String,
    /// One colour per category when each bar is a thing of its own (a scenario compared),
    /// which the legend then names; empty: bars take their series' colour.
    pub category_colors: Vec<Rgb>,
    /// Each bar's value written above it (a few bars read as figures, as in a comparison).
    pub value_labels: bool,
    /// A horizontal line across the panel at a value that matters (a DRC of 1), with its name.
    pub reference: Option<Reference>,
}

/// A horizontal line across a bar panel, drawn dashed and named.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reference {
    /// The value the line marks.
    pub value: f64,
    /// What it means: "DRC = 1: breaks even in foreign exchange".
    pub name: String,
}

impl BarPanel {
    /// A panel of `series` stacked over `categories` on `y_axis`, and nothing else: no
    /// heading, total marker, category title or colours, value labels or reference line. A
    /// panel that has some names them and takes the rest from here
    /// (`BarPanel { value_labels: true, ..BarPanel::new(y_axis, categories, series) }`).
    pub fn new(y_axis: Axis, categories: Vec<String>, series: Vec<Series>) -> Self {
        Self {
            heading: String::new(),
            y_axis,
            categories,
            series,
            total: None,
            x_title: String::new(),
            category_colors: Vec::new(),
            value_labels: false,
            reference: None,
        }
    }

    /// The colour of bar `row` of `series`: the category's own when it has one.
    pub fn bar_color(&self, series: &Series, row: usize) -> Rgb {
        self.category_colors
            .get(row)
            .copied()
            .unwrap_or(series.color)
    }

    /// Lowest and highest point of the stacks (positives up from zero, negatives down, and
    /// the total marker), so every drawing of the panel spans the same range.
    pub fn stack_range(&self) -> (f64, f64) {
        let mut low: f64 = 0.0;
        let mut high: f64 = 0.0;
        for row in 0..self.categories.len() {
            let value = |series: &Series| series.values.get(row).copied().unwrap_or(0.0);
            let up: f64 = self.series.iter().map(value).filter(|v| *v > 0.0).sum();
            let down: f64 = self.series.iter().map(value).filter(|v| *v < 0.0).sum();
            low = low.min(down);
            high = high.max(up);
            if let Some(total) = &self.total {
                low = low.min(value(total));
                high = high.max(value(total));
            }
        }
        if let Some(reference) = &self.reference {
            low = low.min(reference.value);
            high = high.max(reference.value);
        }
        (low, high)
    }
}

/// A shaded span of years with a name (a project phase).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Band {
    /// Name written in the band.
    pub name: String,
    /// First year, inclusive.
    pub first_year: i32,
    /// Last year, inclusive.
    pub last_year: i32,
}

/// Lines over the years of the horizon.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinePanel {
    /// Vertical axis.
    pub y_axis: Axis,
    /// The years (horizontal axis).
    pub years: Vec<i32>,
    /// One line per series.
    pub series: Vec<Series>,
    /// Shaded phases.
    pub bands: Vec<Band>,
    /// The year selected in the window, marked with a vertical rule.
    pub marked_year: Option<i32>,
    /// A range shaded between two of the series (P10 to P90), drawn under the lines.
    pub range: Option<SeriesRange>,
}

/// A shaded range between two series of a [`LinePanel`], by their place in `series`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesRange {
    /// Legend name: "P10 to P90".
    pub name: String,
    /// The series at the bottom of the range.
    pub low: usize,
    /// The series at the top of the range.
    pub high: usize,
    /// Fill colour (drawn translucent).
    pub color: Rgb,
}

/// One step of a value build-up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WaterfallStep {
    /// Stage name.
    pub label: String,
    /// Value per unit of final product before this stage.
    pub start: f64,
    /// Value this stage adds per unit of final product.
    pub added: f64,
    /// Output value / value of the feed it transforms (`None` for the first stage).
    pub multiple: Option<f64>,
}

impl WaterfallStep {
    /// Value per unit of final product after this stage.
    pub fn end(&self) -> f64 {
        self.start + self.added
    }
}

/// The value of one unit of final product, built up stage by stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Waterfall {
    /// Vertical axis (money per unit of final product).
    pub y_axis: Axis,
    /// Steps, upstream first.
    pub steps: Vec<WaterfallStep>,
    /// Label of the closing bar: "Copper rod (t)".
    pub total_label: String,
    /// Value of one unit of the final product (the end of the last step).
    pub total: f64,
}

/// What a chart draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ChartBody {
    /// Bar panels laid out in a grid of `columns` columns.
    Bars {
        /// Panels, row by row.
        panels: Vec<BarPanel>,
        /// Panels per row.
        columns: usize,
    },
    /// Lines over the years.
    Lines(LinePanel),
    /// A value build-up.
    Waterfall(Waterfall),
    /// Flows between stages and markets.
    Sankey(sankey::Sankey),
    /// Nothing to draw, and why ("No stages yet").
    Empty(String),
}

/// One chart, ready to draw on screen or export.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chart {
    /// Which chart.
    pub kind: ChartKind,
    /// Title: "Value added by stage".
    pub title: String,
    /// Project, scenario and period: "Reko Diq · Base case · 2035".
    pub subtitle: String,
    /// The scenario (or scenarios compared) the numbers are of, as people read it: "Base
    /// case". Every CSV row and workbook names it.
    pub scenario: String,
    /// Where the numbers come from: project name and file.
    pub source: String,
    /// What is drawn.
    pub body: ChartBody,
}

impl Chart {
    /// Legend entries (name and colour), in drawing order, without duplicates.
    pub fn legend(&self) -> Vec<(String, Rgb)> {
        let mut entries: Vec<(String, Rgb)> = Vec::new();
        let mut push = |name: &str, color: Rgb| {
            if !entries.iter().any(|(existing, _)| existing == name) {
                entries.push((name.to_owned(), color));
            }
        };
        match &self.body {
            ChartBody::Bars { panels, .. }
                if panels.iter().any(|p| !p.category_colors.is_empty()) =>
            {
                for panel in panels {
                    for (name, &color) in panel.categories.iter().zip(&panel.category_colors) {
                        push(name, color);
                    }
                }
            }
            // Panels of one series each are named by their headings; a legend would repeat them.
            ChartBody::Bars { panels, .. }
                if panels
                    .iter()
                    .all(|p| p.series.len() == 1 && p.total.is_none()) => {}
            ChartBody::Bars { panels, .. } => {
                // A part that is zero at every stage draws nothing, so it has no legend entry.
                for panel in panels {
                    for series in panel.series.iter().chain(&panel.total) {
                        if series.draws_anything() {
                            push(&series.name, series.color);
                        }
                    }
                    if let Some(reference) = &panel.reference {
                        push(&reference.name, palette::INK);
                    }
                }
            }
            ChartBody::Lines(panel) => {
                for series in panel.series.iter().filter(|s| s.draws_anything()) {
                    push(&series.name, series.color);
                }
                if let Some(range) = &panel.range {
                    push(&range.name, range.color);
                }
            }
            ChartBody::Waterfall(waterfall) => {
                push("Value added per unit", palette::GREEN);
                if waterfall.steps.iter().any(|step| step.added < 0.0) {
                    push("Value lost per unit", palette::VERMILLION);
                }
                push("Final product", palette::BLUE);
            }
            ChartBody::Sankey(sankey) => {
                for node in &sankey.nodes {
                    push(node.group.label(), node.group.color());
                }
                if sankey.has_rises() {
                    push(sankey::RISE_LEGEND, palette::GREEN_TEXT);
                }
            }
            ChartBody::Empty(_) => {}
        }
        entries
    }
}
