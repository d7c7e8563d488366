//! Charts of the Analysis view agree with the analyses they draw: the tornado's bars are the
//! tornado's swings, the fan's median is the Monte Carlo median, the histogram holds every draw
//! that computed, and every one exports as CSV with units and as an SVG that parses.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicBool, AtomicUsize};

use uplift::analysis::montecarlo::{self, MonteCarlo, Settings};
use uplift::analysis::{self, BASE_NAME, Output, tornado_params};
use uplift::chart::analysis_charts::{
    FanMeasure, comparison_chart, comparison_headline_chart, fan_chart, npv_histogram,
    tornado_chart,
};
use uplift::chart::{self, Chart, ChartBody, SvgSize};
use uplift::io::examples::default_project;
use uplift::model::Project;

mod common;

use common::assert_close;

fn monte_carlo(project: &Project, draws: usize) -> MonteCarlo {
    montecarlo::run(
        project,
        Settings {
            draws,
            seed: 7,
            bins: 12,
        },
        &AtomicUsize::new(0),
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn bar_panel(chart: &Chart) -> &chart::BarPanel {
    let ChartBody::Bars { panels, .. } = &chart.body else {
        panic!("{} is a bar chart", chart.kind);
    };
    &panels[0]
}

#[test]
fn tornado_bars_are_each_outputs_change_from_its_base_value() {
    let project = default_project().unwrap();
    for output in [Output::TotalVa, Output::Npv, Output::GdpShare(2040)] {
        let tornado = analysis::tornado(&project, output, 20.0, &tornado_params(&project)).unwrap();
        assert!(!tornado.bars.is_empty());
        let chart = tornado_chart(&project, &tornado, BASE_NAME, None);
        let panel = bar_panel(&chart);
        assert_eq!(panel.series.len(), 2);
        // The example has levers, and a tornado moves each lever across its own range.
        assert!(!project.levers.is_empty());
        assert_eq!(panel.series[0].name, "Lever at its minimum");
        assert_eq!(panel.series[1].name, "Lever at its maximum");
        // Fractions are drawn as percent.
        let scale = if matches!(output, Output::GdpShare(_)) {
            100.0
        } else {
            1.0
        };
        for (index, bar) in tornado.bars.iter().enumerate() {
            assert_eq!(panel.categories[index], bar.label);
            assert_close(
                panel.series[0].values[index],
                (bar.output_low - tornado.base_output) * scale,
                &format!("{} low bar", bar.label),
            );
            assert_close(
                panel.series[1].values[index],
                (bar.output_high - tornado.base_output) * scale,
                &format!("{} high bar", bar.label),
            );
        }
        assert!(
            panel.y_axis.title.contains(&output.label()[1..]),
            "axis '{}' names the output",
            panel.y_axis.title
        );
    }
}

#[test]
fn fan_chart_median_is_the_monte_carlo_median_and_histogram_holds_every_draw() {
    let project = default_project().unwrap();
    let result = monte_carlo(&project, 200);
    let fan = fan_chart(&project, &result, FanMeasure::GdpShare, BASE_NAME, None);
    let ChartBody::Lines(panel) = &fan.body else {
        panic!("the fan chart is lines");
    };
    assert_eq!(panel.years, result.years);
    let median = panel
        .series
        .iter()
        .find(|s| s.name.starts_with("P50"))
        .unwrap();
    let low = panel.series.iter().find(|s| s.name == "P10").unwrap();
    let high = panel.series.iter().find(|s| s.name == "P90").unwrap();
    for (year, percentiles) in result.share_of_gdp.iter().enumerate() {
        assert_close(median.values[year], percentiles.p50 * 100.0, "P50 share");
        assert!(low.values[year] <= median.values[year] + 1e-12);
        assert!(median.values[year] <= high.values[year] + 1e-12);
    }
    let va = fan_chart(&project, &result, FanMeasure::TotalVa, BASE_NAME, None);
    let ChartBody::Lines(panel) = &va.body else {
        panic!("the fan chart is lines");
    };
    for (year, percentiles) in result.total_va.iter().enumerate() {
        assert_close(panel.series[1].values[year], percentiles.p50, "P50 VA");
    }

    let histogram = npv_histogram(&project, &result, BASE_NAME, None);
    let panel = bar_panel(&histogram);
    let counted: f64 = panel.series[0].values.iter().sum();
    assert_close(
        counted,
        (result.draws - result.failed) as f64,
        "draws counted",
    );
    assert_eq!(panel.categories.len(), 12);
    let edges = &result.npv_histogram.edges;
    assert_eq!(
        panel.categories[0],
        uplift::report::format::short_number(f64::midpoint(edges[0], edges[1])),
        "bins are labelled by their midpoint"
    );
    assert!(histogram.subtitle.contains("P50"));
}

#[test]
fn comparison_lines_are_each_runs_share_of_gdp() {
    let project = default_project().unwrap();
    let names: Vec<String> = project
        .scenarios
        .iter()
        .take(2)
        .map(|s| s.name.clone())
        .collect();
    let comparison = analysis::compare(&project, BASE_NAME, &names).unwrap();
    let chart = comparison_chart(&project, &comparison, Some("reko.ron"));
    let ChartBody::Lines(panel) = &chart.body else {
        panic!("the comparison is lines");
    };
    assert_eq!(panel.series.len(), 3);
    for (series, headline) in panel
        .series
        .iter()
        .zip(std::iter::once(&comparison.base_headline).chain(&comparison.with_headlines))
    {
        for (drawn, share) in series.values.iter().zip(&headline.share_of_gdp_by_year) {
            assert_close(*drawn, share * 100.0, &series.name);
        }
    }
    assert!(chart.subtitle.contains(&names[0]) && chart.subtitle.contains("Base case"));
    assert!(chart.source.contains("reko.ron"));

    let bars = comparison_headline_chart(&project, &comparison, None);
    let ChartBody::Bars { panels, .. } = &bars.body else {
        panic!("headline figures are bars");
    };
    assert_close(
        panels[0].series[0].values[0],
        comparison.base_headline.total_va,
        "baseline VA",
    );
    assert_close(
        panels[0].series[0].values[2],
        comparison.with_headlines[1].total_va,
        "second scenario VA",
    );
    // Who gets the value is compared too: the take and the after-tax IRR in percent.
    let panel = |title: &str| {
        panels
            .iter()
            .find(|p| p.heading == title)
            .unwrap_or_else(|| panic!("no panel {title}"))
    };
    assert_close(
        panel("Government take over the horizon").series[0].values[1],
        comparison.with_headlines[0].government_take * 100.0,
        "first scenario's take",
    );
    assert_close(
        panel("After-tax IRR of the chain").series[0].values[0],
        comparison.base_headline.after_tax_irr * 100.0,
        "baseline after-tax IRR",
    );
    assert_close(
        panel("FX kept over the horizon").series[0].values[0],
        comparison.base_headline.fx_kept,
        "baseline FX kept",
    );
}

/// Every analysis chart of the default project.
fn every_chart() -> Vec<Chart> {
    let project = default_project().unwrap();
    let names = vec![project.scenarios[0].name.clone()];
    let comparison = analysis::compare(&project, BASE_NAME, &names).unwrap();
    let tornado =
        analysis::tornado(&project, Output::NetFx, 10.0, &tornado_params(&project)).unwrap();
    let result = monte_carlo(&project, 100);
    vec![
        comparison_chart(&project, &comparison, None),
        comparison_headline_chart(&project, &comparison, None),
        tornado_chart(&project, &tornado, BASE_NAME, None),
        fan_chart(&project, &result, FanMeasure::GdpShare, BASE_NAME, None),
        fan_chart(&project, &result, FanMeasure::TotalVa, BASE_NAME, None),
        npv_histogram(&project, &result, BASE_NAME, None),
    ]
}

#[test]
fn analysis_charts_export_csv_with_units_and_svg_that_parses() {
    for chart in every_chart() {
        let csv = chart::to_csv(&chart).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header = reader.headers().unwrap().clone();
        let numeric: Vec<&str> = header
            .iter()
            .skip(1)
            .filter(|h| !matches!(*h, "Phase" | "Scenario"))
            .collect();
        assert!(!numeric.is_empty(), "{}: {header:?}", chart.title);
        assert!(reader.records().count() > 0, "{}: no rows", chart.title);
        for column in numeric {
            assert!(
                column.ends_with(')') && column.contains(" ("),
                "{}: column '{column}' has no unit",
                chart.title
            );
        }
        let svg = chart::to_svg(&chart, SvgSize::default());
        let document = resvg::usvg::roxmltree::Document::parse(&svg)
            .unwrap_or_else(|e| panic!("{}: {e}", chart.title));
        let texts: Vec<String> = document
            .descendants()
            .filter(|node| node.has_tag_name("text"))
            .filter_map(|node| node.text().map(|text| text.trim().to_owned()))
            .collect();
        assert!(texts.contains(&chart.title), "{}: title", chart.title);
        assert!(texts.contains(&chart.subtitle), "{}: subtitle", chart.title);
        resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
    }
}
