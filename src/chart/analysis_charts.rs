//! Charts of analyses that need more than one run: scenarios compared, the tornado, and the
//! Monte Carlo fan chart and NPV histogram. Same descriptions as every other chart, so the
//! window and the exporters draw them alike.

use super::build::{money, phase_bands, source_line};
use super::{
    Axis, BarPanel, Chart, ChartBody, ChartKind, LinePanel, Series, SeriesRange, ValueFormat,
};
use super::{missing, palette, trim_number};
use crate::analysis::montecarlo::MonteCarlo;
use crate::analysis::{Comparison, Headline, Output, Tornado, Unit};
use crate::calc::Period;
use crate::model::Project;
use crate::model::catalogue::in_sentence;
use crate::report::format;
use crate::report::period_label;

/// Colours of compared scenarios, in order; the baseline is drawn in ink.
const SCENARIO_COLORS: [super::Rgb; 6] = [
    palette::BLUE,
    palette::ORANGE,
    palette::GREEN,
    palette::VERMILLION,
    palette::PURPLE,
    palette::SKY,
];

pub use crate::model::scenario::scenario_label;

/// The colour of the `index`-th compared scenario (the baseline is ink).
fn scenario_color(index: usize) -> super::Rgb {
    SCENARIO_COLORS[index % SCENARIO_COLORS.len()]
}

fn horizon_label(project: &Project) -> String {
    period_label(project, Period::Horizon)
}

/// "Base case against A, B".
fn compared_label(comparison: &Comparison) -> String {
    let with: Vec<String> = comparison.with.iter().map(|n| scenario_label(n)).collect();
    format!(
        "{} against {}",
        scenario_label(&comparison.base),
        with.join(", ")
    )
}

/// A chart of `comparison` titled `title`: its subtitle and scenario name the runs compared,
/// its source line says it is a scenario comparison.
fn comparison_frame(
    project: &Project,
    comparison: &Comparison,
    file_name: Option<&str>,
    title: &str,
    body: ChartBody,
) -> Chart {
    let compared = compared_label(comparison);
    missing::cleaned(Chart {
        kind: ChartKind::Comparison,
        title: title.to_owned(),
        subtitle: format!("{} · {compared} · {}", project.name, horizon_label(project)),
        source: source_line(project, file_name, &compared, "scenario comparison"),
        scenario: compared,
        body,
    })
}

/// Share of GDP (total) by year for the baseline and each compared scenario, overlaid.
pub fn comparison_chart(
    project: &Project,
    comparison: &Comparison,
    file_name: Option<&str>,
) -> Chart {
    let line = |name: String, color, headline: &Headline| Series {
        name,
        color,
        values: headline
            .share_of_gdp_by_year
            .iter()
            .map(|share| share * 100.0)
            .collect(),
    };
    let mut series = vec![line(
        format!("{} (baseline)", scenario_label(&comparison.base)),
        palette::INK,
        &comparison.base_headline,
    )];
    for (index, (name, headline)) in comparison
        .with
        .iter()
        .zip(&comparison.with_headlines)
        .enumerate()
    {
        series.push(line(scenario_label(name), scenario_color(index), headline));
    }
    comparison_frame(
        project,
        comparison,
        file_name,
        "Share of GDP by year, scenarios compared",
        ChartBody::Lines(LinePanel {
            y_axis: Axis {
                title: "Share of GDP, total (direct + indirect)".to_owned(),
                format: ValueFormat::Percent,
            },
            years: comparison.years.clone(),
            series,
            bands: phase_bands(project),
            marked_year: None,
            range: None,
        }),
    )
}

/// A headline figure: its name, format and how to read it.
type Figure = (&'static str, ValueFormat, fn(&Headline) -> f64);

/// The headline figures (total VA, share of GDP, net FX, jobs, public revenue, NPV, government
/// take, after-tax IRR, GNI and FX kept) of the baseline and each compared scenario, one panel
/// per figure, one bar per run.
pub fn comparison_headline_chart(
    project: &Project,
    comparison: &Comparison,
    file_name: Option<&str>,
) -> Chart {
    let mut categories = vec![format!("{} (baseline)", scenario_label(&comparison.base))];
    categories.extend(comparison.with.iter().map(|n| scenario_label(n)));
    let runs: Vec<&Headline> = std::iter::once(&comparison.base_headline)
        .chain(&comparison.with_headlines)
        .collect();
    let figures: [Figure; 10] = [
        ("Total VA over the horizon", money(project), |h| h.total_va),
        ("Share of GDP over the horizon", ValueFormat::Percent, |h| {
            h.share_of_gdp * 100.0
        }),
        ("Net FX over the horizon", money(project), |h| h.net_fx),
        (
            "Jobs, average per year",
            ValueFormat::Quantity("FTE".to_owned()),
            |h| h.jobs,
        ),
        ("Public revenue over the horizon", money(project), |h| {
            h.public_revenue
        }),
        ("NPV of the domestic chain", money(project), |h| h.npv),
        (
            "Government take over the horizon",
            ValueFormat::Percent,
            |h| h.government_take * 100.0,
        ),
        ("After-tax IRR of the chain", ValueFormat::Percent, |h| {
            h.after_tax_irr * 100.0
        }),
        ("GNI from the chain over the horizon", money(project), |h| {
            h.gni
        }),
        ("FX kept over the horizon", money(project), |h| h.fx_kept),
    ];
    let run_colors: Vec<super::Rgb> = std::iter::once(palette::INK)
        .chain((0..comparison.with.len()).map(scenario_color))
        .collect();
    let panels = figures
        .into_iter()
        .map(|(title, format, value)| BarPanel {
            heading: title.to_owned(),
            // Each run in the colour its line has in the comparison by year.
            category_colors: run_colors.clone(),
            value_labels: true,
            ..BarPanel::new(
                Axis {
                    title: title.to_owned(),
                    format,
                },
                categories.clone(),
                vec![Series {
                    name: title.to_owned(),
                    color: palette::INK,
                    values: runs.iter().map(|&h| value(h)).collect(),
                }],
            )
        })
        .collect();
    comparison_frame(
        project,
        comparison,
        file_name,
        "Headline figures, scenarios compared",
        ChartBody::Bars { panels, columns: 5 },
    )
}

/// How an output is drawn: its format and the factor from the output's value to the axis
/// (fractions are drawn as percent).
fn output_format(project: &Project, output: Output) -> (ValueFormat, f64) {
    match output.unit() {
        Unit::Money => (money(project), 1.0),
        Unit::Fraction => (ValueFormat::Percent, 100.0),
        Unit::Jobs => (ValueFormat::Quantity("FTE".to_owned()), 1.0),
        Unit::Ratio => (ValueFormat::Ratio, 1.0),
    }
}

/// The period an output reads.
fn output_period(project: &Project, output: Output) -> String {
    match output {
        Output::GdpShare(year) => year.to_string(),
        Output::TotalVa
        | Output::NetFx
        | Output::Npv
        | Output::GovernmentRevenue
        | Output::AfterTaxNpv => horizon_label(project),
    }
}

/// The tornado, drawn upright: one pair of bars per parameter (widest swing first, left to
/// right), the change of the output from its base value with the parameter moved down and up.
/// `scenario` names the project the tornado was run on.
pub fn tornado_chart(
    project: &Project,
    tornado: &Tornado,
    scenario: &str,
    file_name: Option<&str>,
) -> Chart {
    let pct = trim_number(tornado.pct);
    let by_levers = tornado.bars.iter().any(|bar| bar.lever_range);
    let (low, high, moved) = if by_levers {
        (
            "Lever at its minimum".to_owned(),
            "Lever at its maximum".to_owned(),
            "each lever moved across its range".to_owned(),
        )
    } else {
        (
            format!("Parameter -{pct}%"),
            format!("Parameter +{pct}%"),
            format!("each parameter moved by {pct}%"),
        )
    };
    let (format, scale) = output_format(project, tornado.output);
    let body = if tornado.bars.is_empty() {
        ChartBody::Empty(
            "No parameter could be moved: mark levers, or give the stages non-zero values."
                .to_owned(),
        )
    } else {
        let change = |output: f64| (output - tornado.base_output) * scale;
        ChartBody::Bars {
            panels: vec![BarPanel::new(
                Axis {
                    title: format!("Change in {}", in_sentence(&tornado.output.label())),
                    format: format.clone(),
                },
                tornado.bars.iter().map(|bar| bar.label.clone()).collect(),
                vec![
                    Series {
                        name: low,
                        color: palette::VERMILLION,
                        values: tornado.bars.iter().map(|b| change(b.output_low)).collect(),
                    },
                    Series {
                        name: high,
                        color: palette::BLUE,
                        values: tornado.bars.iter().map(|b| change(b.output_high)).collect(),
                    },
                ],
            )],
            columns: 1,
        }
    };
    missing::cleaned(Chart {
        kind: ChartKind::Tornado,
        title: format!(
            "Sensitivity of {} to {moved}",
            in_sentence(&tornado.output.label())
        ),
        subtitle: format!(
            "{} · {} · {} · base value {}",
            project.name,
            scenario_label(scenario),
            output_period(project, tornado.output),
            format.value(tornado.base_output * scale)
        ),
        scenario: scenario_label(scenario),
        source: source_line(
            project,
            file_name,
            &scenario_label(scenario),
            "sensitivity analysis",
        ),
        body,
    })
}

/// What a fan chart follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FanMeasure {
    /// Total VA / GDP per year.
    #[default]
    GdpShare,
    /// Total VA per year.
    TotalVa,
}

impl FanMeasure {
    /// Both, in the order the window offers them.
    pub const ALL: [Self; 2] = [Self::GdpShare, Self::TotalVa];

    /// Name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::GdpShare => "Share of GDP",
            Self::TotalVa => "Total value added",
        }
    }
}

/// "5,000 draws, seed 1" (and how many did not compute).
fn draws_label(monte_carlo: &MonteCarlo) -> String {
    let draws = format::thousands(monte_carlo.draws as f64, 0);
    let failed = if monte_carlo.failed > 0 {
        format!(
            " ({} did not compute and are left out)",
            format::thousands(monte_carlo.failed as f64, 0)
        )
    } else {
        String::new()
    };
    format!("{draws} draws{failed}, seed {}", monte_carlo.seed)
}

/// The Monte Carlo fan chart: P10, P50 and P90 of `measure` by year.
pub fn fan_chart(
    project: &Project,
    monte_carlo: &MonteCarlo,
    measure: FanMeasure,
    scenario: &str,
    file_name: Option<&str>,
) -> Chart {
    let (percentiles, format, scale, axis_title) = match measure {
        FanMeasure::GdpShare => (
            &monte_carlo.share_of_gdp,
            ValueFormat::Percent,
            100.0,
            "Share of GDP, total (direct + indirect)",
        ),
        FanMeasure::TotalVa => (
            &monte_carlo.total_va,
            money(project),
            1.0,
            "Total value added per year",
        ),
    };
    let line =
        |name: &str, color, pick: fn(&crate::analysis::montecarlo::Percentiles) -> f64| Series {
            name: name.to_owned(),
            color,
            values: percentiles.iter().map(|p| pick(p) * scale).collect(),
        };
    missing::cleaned(Chart {
        kind: ChartKind::MonteCarloFan,
        title: format!("{}: P10, P50 and P90 by year", measure.label()),
        subtitle: format!(
            "{} · {} · {} · {}",
            project.name,
            scenario_label(scenario),
            horizon_label(project),
            draws_label(monte_carlo)
        ),
        scenario: scenario_label(scenario),
        source: source_line(
            project,
            file_name,
            &scenario_label(scenario),
            "Monte Carlo simulation",
        ),
        body: ChartBody::Lines(LinePanel {
            y_axis: Axis {
                title: axis_title.to_owned(),
                format,
            },
            years: monte_carlo.years.clone(),
            series: vec![
                line("P90", palette::SKY, |p| p.p90),
                line("P50 (median)", palette::BLUE, |p| p.p50),
                line("P10", palette::SKY, |p| p.p10),
            ],
            bands: phase_bands(project),
            marked_year: None,
            // Eight draws in ten fall between the P10 and P90 lines.
            range: Some(SeriesRange {
                name: "P10 to P90 (8 draws in 10)".to_owned(),
                low: 2,
                high: 0,
                color: palette::SKY,
            }),
        }),
    })
}

/// The Monte Carlo histogram of the chain's NPV: draws per NPV bin, with the P10, P50 and
/// P90 in the subtitle.
pub fn npv_histogram(
    project: &Project,
    monte_carlo: &MonteCarlo,
    scenario: &str,
    file_name: Option<&str>,
) -> Chart {
    let format = money(project);
    let histogram = &monte_carlo.npv_histogram;
    let body = if histogram.counts.is_empty() {
        ChartBody::Empty("No draw computed, so there is no NPV to show.".to_owned())
    } else {
        // Midpoints, short: thirty "from-to" labels with the currency do not fit under thirty
        // bars; the bins are of equal width, so the edges follow from the midpoints.
        let categories = histogram
            .edges
            .windows(2)
            .map(|edge| format::short_number(f64::midpoint(edge[0], edge[1])))
            .collect();
        ChartBody::Bars {
            panels: vec![BarPanel {
                x_title: format!(
                    "NPV of the domestic chain, bin midpoint ({})",
                    format.unit()
                ),
                ..BarPanel::new(
                    Axis {
                        title: "Count".to_owned(),
                        format: ValueFormat::Quantity("draws".to_owned()),
                    },
                    categories,
                    vec![Series {
                        name: "Draws with NPV in the bin".to_owned(),
                        color: palette::BLUE,
                        values: histogram.counts.iter().map(|&c| c as f64).collect(),
                    }],
                )
            }],
            columns: 1,
        }
    };
    let npv = monte_carlo.npv;
    missing::cleaned(Chart {
        kind: ChartKind::NpvHistogram,
        title: format!(
            "NPV of the domestic chain: draws per bin ({}, bins by their midpoint)",
            format.unit()
        ),
        subtitle: format!(
            "{} · {} · {} · P10 {}, P50 {}, P90 {}",
            project.name,
            scenario_label(scenario),
            draws_label(monte_carlo),
            format.value(npv.p10),
            format.value(npv.p50),
            format.value(npv.p90)
        ),
        scenario: scenario_label(scenario),
        source: source_line(
            project,
            file_name,
            &scenario_label(scenario),
            "Monte Carlo simulation",
        ),
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_inside_a_sentence_keep_acronyms() {
        assert_eq!(in_sentence("Share of GDP in 2040"), "share of GDP in 2040");
        assert_eq!(
            in_sentence("NPV of the domestic chain"),
            "NPV of the domestic chain"
        );
        assert_eq!(in_sentence("Total VA"), "total VA");
        assert_eq!(scenario_label("base"), "Base case");
        assert_eq!(scenario_label("Copper 20% lower"), "Copper 20% lower");
    }
}
