//! Charts agree with the results they are drawn from, and exports are what a report needs:
//! SVGs that parse with their titles, PNGs of the asked size with text on them, CSVs with units
//! in every numeric header, and `uplift export --all` working on every example project.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use uplift::calc::{Period, Results, compute};
use uplift::chart::{
    self, Chart, ChartBody, ChartKind, ChartOptions, PngSize, SankeyMeasure, SvgSize,
    parts_of_value_added,
};
use uplift::io::examples::EXAMPLES;
use uplift::model::{Destination, Project, Stage, StageId, StageKind};

mod common;

use common::assert_close;
use common::builders::link;

fn examples() -> Vec<(Project, Results)> {
    EXAMPLES
        .iter()
        .map(|example| {
            let project = example.project().unwrap();
            let results = compute(&project).unwrap();
            (project, results)
        })
        .collect()
}

/// The horizon, the first year and a year in the middle: the periods every check runs over.
fn periods(results: &Results) -> Vec<Period> {
    let mut periods = vec![Period::Horizon];
    if let Some(&first) = results.years.first() {
        periods.push(Period::Year(first));
    }
    if let Some(&middle) = results.years.get(results.years.len() / 2) {
        periods.push(Period::Year(middle));
    }
    periods
}

fn options(period: Period) -> ChartOptions {
    ChartOptions {
        period,
        ..ChartOptions::default()
    }
}

#[test]
fn stacked_parts_of_value_added_sum_to_each_stages_value_added() {
    for (project, results) in examples() {
        for period in periods(&results) {
            let chart = chart::build(ChartKind::ValueAdded, &project, &results, &options(period));
            let ChartBody::Bars { panels, .. } = &chart.body else {
                panic!("value added is a bar chart");
            };
            let panel = &panels[0];
            assert_eq!(panel.series.len(), 4, "wages, taxes, depreciation, surplus");
            for (index, _) in project.stages.iter().enumerate() {
                let va = results.stage(index, period).value_added;
                let stacked: f64 = panel.series.iter().map(|s| s.values[index]).sum();
                assert_close(stacked, va, &format!("{}: parts of VA", project.name));
                let total = panel.total.as_ref().unwrap().values[index];
                assert_close(total, va, "VA marker");
            }
        }
    }
}

#[test]
fn the_parts_of_value_added_are_the_accounts_split() {
    let (project, results) = examples().remove(0);
    let accounts = results.stage(0, Period::Horizon);
    let parts = parts_of_value_added(&accounts);
    let sum: f64 = parts.iter().map(|(_, v)| v).sum();
    assert_close(sum, accounts.value_added, &project.name);
    assert_close(parts[0].1, accounts.wages, "wages");
    assert_close(parts[1].1, accounts.net_taxes(), "net taxes");
}

#[test]
fn public_revenue_parts_sum_to_public_revenue_and_jobs_are_yearly_averages() {
    for (project, results) in examples() {
        let chart = chart::build(
            ChartKind::JobsRevenue,
            &project,
            &results,
            &options(Period::Horizon),
        );
        let ChartBody::Bars { panels, .. } = &chart.body else {
            panic!("jobs and revenue are bars");
        };
        let years = results.years.len() as f64;
        for index in 0..project.stages.len() {
            let accounts = results.stage(index, Period::Horizon);
            assert_close(
                panels[0].series[0].values[index],
                accounts.jobs / years,
                "jobs",
            );
            // Construction jobs in a panel of their own, never added to the operating ones.
            assert_close(
                panels[1].series[0].values[index],
                accounts.construction_jobs / years,
                "construction jobs",
            );
            let parts: f64 = panels[2].series.iter().map(|s| s.values[index]).sum();
            assert_close(parts, accounts.public_revenue(), "revenue parts");
        }
    }
}

/// Mine → concentrator → smelter, one line, prices and feed ratios chosen to be easy by hand.
fn three_stage_line() -> Project {
    let mut project = Project::empty("Line", 2030);
    project.horizon.last_year = 2031;
    let mut mine = Stage::new(StageId::from("mine"), StageKind::Mining, 2030);
    "Mine".clone_into(&mut mine.name);
    mine.capacity_per_year = 1_000_000.0;
    mine.price_per_unit = 10.0;
    let mut mill = Stage::new(StageId::from("mill"), StageKind::Concentration, 2030);
    "Mill".clone_into(&mut mill.name);
    mill.capacity_per_year = 50_000.0;
    mill.input_per_unit = 20.0;
    mill.price_per_unit = 400.0;
    let mut smelter = Stage::new(StageId::from("smelter"), StageKind::Refining, 2030);
    "Smelter".clone_into(&mut smelter.name);
    "Metal".clone_into(&mut smelter.product);
    "t".clone_into(&mut smelter.unit);
    smelter.capacity_per_year = 12_500.0;
    smelter.input_per_unit = 4.0;
    smelter.price_per_unit = 2_000.0;
    smelter.unlinked_output = Destination::Export;
    for stage in [&mut mine, &mut mill, &mut smelter] {
        stage.ramp_up_years = 0;
    }
    project.stages = vec![mine, mill, smelter];
    project.links = vec![link("mine", "mill", 100.0), link("mill", "smelter", 100.0)];
    project
}

#[test]
fn the_build_up_matches_a_hand_computation_and_ends_at_the_final_price() {
    let project = three_stage_line();
    let results = compute(&project).unwrap();
    let chart = chart::build(
        ChartKind::ValueBuildUp,
        &project,
        &results,
        &options(Period::Horizon),
    );
    let ChartBody::Waterfall(waterfall) = &chart.body else {
        panic!("the build-up is a waterfall: {:?}", chart.body);
    };
    // One t of metal takes 4 t of concentrate (USD 1,600), which takes 80 t of ore (USD 800).
    let added: Vec<f64> = waterfall.steps.iter().map(|s| s.added).collect();
    assert_eq!(added, vec![800.0, 800.0, 400.0]);
    let multiples: Vec<Option<f64>> = waterfall.steps.iter().map(|s| s.multiple).collect();
    assert_eq!(multiples, vec![None, Some(2.0), Some(1.25)]);
    assert_close(waterfall.total, 2_000.0, "final price");
    assert_close(
        waterfall.steps[2].end(),
        waterfall.total,
        "steps end at the total",
    );
}

#[test]
fn every_examples_build_up_ends_at_its_final_products_price() {
    for (project, results) in examples() {
        let chart = chart::build(
            ChartKind::ValueBuildUp,
            &project,
            &results,
            &options(Period::Horizon),
        );
        let ChartBody::Waterfall(waterfall) = &chart.body else {
            panic!("{}: no build-up: {:?}", project.name, chart.body);
        };
        let last = chart::default_final_stage(&project, &results, Period::Horizon).unwrap();
        // The examples are priced from their decks (issue #15), so the final product's price
        // is the calculation's price over the period, not the typed one.
        assert_close(
            waterfall.total,
            results.average_price(last, Period::Horizon),
            &project.name,
        );
        let end = waterfall.steps.last().unwrap().end();
        assert_close(end, waterfall.total, "the last step ends at the total");
        let sum: f64 = waterfall.steps.iter().map(|s| s.added).sum();
        assert_close(sum, waterfall.total, "the steps add up to the total");
    }
}

#[test]
fn the_sankey_conserves_every_stages_output() {
    for (project, results) in examples() {
        for period in periods(&results) {
            for measure in [SankeyMeasure::Quantity, SankeyMeasure::Value] {
                let options = ChartOptions {
                    period,
                    sankey_measure: measure,
                    ..ChartOptions::default()
                };
                let chart = chart::build(ChartKind::Sankey, &project, &results, &options);
                let ChartBody::Sankey(sankey) = &chart.body else {
                    panic!("a Sankey");
                };
                for (index, _) in project.stages.iter().enumerate() {
                    let accounts = results.stage(index, period);
                    let expected = match measure {
                        SankeyMeasure::Quantity => accounts.quantity,
                        SankeyMeasure::Value => accounts.output_value,
                    };
                    assert_close(sankey.outflow(index), expected, "outflow = output");
                    if sankey.outflow(index) > 0.0 {
                        let shares: f64 = sankey
                            .flows
                            .iter()
                            .filter(|f| f.from == index)
                            .map(|f| f.share_of_source)
                            .sum();
                        assert_close(shares, 1.0, "shares of a source");
                    }
                }
                // Whatever leaves the stages ends in a stage or a market: nothing vanishes.
                let into_markets: f64 = (project.stages.len()..sankey.nodes.len())
                    .map(|i| sankey.inflow(i))
                    .sum();
                let sold: f64 = sankey
                    .flows
                    .iter()
                    .filter(|f| f.to >= project.stages.len())
                    .map(|f| f.amount)
                    .sum();
                assert_close(into_markets, sold, "markets receive what is sold");
            }
        }
    }
}

#[test]
fn the_sankey_layout_gives_each_band_its_flows_share_of_the_source_box() {
    let (project, results) = examples().remove(0);
    let chart = chart::build(
        ChartKind::Sankey,
        &project,
        &results,
        &options(Period::Horizon),
    );
    let ChartBody::Sankey(sankey) = &chart.body else {
        panic!("a Sankey");
    };
    let layout = chart::sankey::layout(sankey, 1000.0, 600.0);
    for (index, rect) in layout.nodes.iter().enumerate() {
        assert!(
            rect.y >= -1e-9 && rect.y + rect.height <= 600.0 + 1e-6,
            "inside the box"
        );
        let out: f64 = sankey
            .flows
            .iter()
            .zip(&layout.bands)
            .filter(|(f, _)| f.from == index)
            .map(|(_, b)| b.width)
            .sum();
        assert!(out <= rect.height + 1e-6, "bands fit their source");
    }
}

#[test]
fn gdp_share_and_fx_lines_are_the_national_figures_of_each_year() {
    for (project, results) in examples() {
        let gdp = chart::build(
            ChartKind::GdpShare,
            &project,
            &results,
            &options(Period::Horizon),
        );
        let fx = chart::build(
            ChartKind::ForeignExchange,
            &project,
            &results,
            &options(Period::Horizon),
        );
        let (ChartBody::Lines(gdp), ChartBody::Lines(fx)) = (&gdp.body, &fx.body) else {
            panic!("lines");
        };
        assert_eq!(gdp.bands.len(), project.phases.len(), "phases are shaded");
        for (row, &year) in results.years.iter().enumerate() {
            let national = results.national(Period::Year(year));
            assert_close(
                gdp.series[0].values[row],
                national.share_of_gdp_total() * 100.0,
                "total",
            );
            assert_close(
                gdp.series[1].values[row],
                national.share_of_gdp_direct() * 100.0,
                "direct",
            );
            assert_close(
                fx.series[2].values[row],
                national.accounts.net_fx(),
                "net FX",
            );
            assert_close(
                fx.series[0].values[row] - fx.series[1].values[row],
                fx.series[2].values[row],
                "exports - imports = net",
            );
        }
    }
}

fn all_charts(project: &Project, results: &Results) -> Vec<Chart> {
    ChartKind::ALL
        .iter()
        .map(|&kind| chart::build(kind, project, results, &options(Period::Horizon)))
        .collect()
}

#[test]
fn an_exported_svg_parses_and_carries_its_title_and_axis_titles() {
    let (project, results) = examples().remove(0);
    for chart in all_charts(&project, &results) {
        let svg = chart::to_svg(&chart, SvgSize::default());
        let document = resvg::usvg::roxmltree::Document::parse(&svg)
            .unwrap_or_else(|e| panic!("{}: {e}", chart.kind));
        let texts: Vec<String> = document
            .descendants()
            .filter(|node| node.has_tag_name("text"))
            .filter_map(|node| node.text().map(|text| text.trim().to_owned()))
            .collect();
        assert!(texts.contains(&chart.title), "{}: title", chart.kind);
        assert!(texts.contains(&chart.subtitle), "{}: subtitle", chart.kind);
        // The source line wraps; its words are all there, in order.
        assert!(
            texts.join(" ").contains(&chart.source),
            "{}: source",
            chart.kind
        );
        let axis_titles: Vec<String> = match &chart.body {
            ChartBody::Bars { panels, .. } if panels.len() == 1 => {
                vec![panels[0].y_axis.title_with_unit()]
            }
            // Panels in a grid carry the unit in their headings.
            ChartBody::Bars { panels, .. } => panels
                .iter()
                .map(|p| format!("{} ({})", p.heading, p.y_axis.format.unit()))
                .collect(),
            ChartBody::Lines(panel) => vec![panel.y_axis.title_with_unit(), "Year".to_owned()],
            ChartBody::Waterfall(w) => vec![w.y_axis.title_with_unit()],
            ChartBody::Sankey(s) => s.nodes.iter().map(|n| n.label.clone()).collect(),
            ChartBody::Empty(reason) => vec![reason.clone()],
        };
        // Long names and headings wrap onto lines: their words are all there, in order.
        let squeezed = |text: &str| text.split_whitespace().collect::<String>();
        let all_text = squeezed(&texts.join(" "));
        for title in axis_titles {
            assert!(
                all_text.contains(&squeezed(&title)),
                "{}: '{title}' missing",
                chart.kind
            );
        }
        // resvg reads it too: what the PNG export renders is this same document.
        resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
    }
}

#[test]
fn an_exported_png_has_the_asked_size_and_text_on_it() {
    let (project, results) = examples().remove(0);
    let chart = chart::build(
        ChartKind::ValueAdded,
        &project,
        &results,
        &options(Period::Horizon),
    );
    let size = PngSize {
        width: 800,
        height: 500,
        scale: 1.5,
    };
    let bytes = chart::to_png(&chart, size).unwrap();
    let image = image::load_from_memory(&bytes).unwrap().to_rgb8();
    assert_eq!(image.dimensions(), (1200, 750));
    let dark = |x0: u32, y0: u32, x1: u32, y1: u32| {
        (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| image.get_pixel(x, y).0.iter().all(|&c| c < 90))
            .count()
    };
    // The title is the only thing drawn in the top-left band: dark pixels there are its glyphs.
    let title_ink = dark(40, 40, 500, 80);
    assert!(
        title_ink > 500,
        "the title's glyphs were not drawn ({title_ink} dark pixels)"
    );
    let coloured = image
        .pixels()
        .filter(|p| {
            let [r, g, b] = p.0;
            r.abs_diff(g) > 40 || g.abs_diff(b) > 40
        })
        .count();
    assert!(
        coloured > 10_000,
        "the bars were not drawn ({coloured} coloured pixels)"
    );
}

#[test]
fn a_png_of_an_impossible_size_is_refused_with_a_reason() {
    let (project, results) = examples().remove(0);
    let chart = chart::build(
        ChartKind::GdpShare,
        &project,
        &results,
        &options(Period::Horizon),
    );
    let error = chart::to_png(
        &chart,
        PngSize {
            width: 8000,
            height: 8000,
            scale: 4.0,
        },
    )
    .unwrap_err();
    assert!(error.to_string().contains("between"), "{error}");
}

#[test]
fn every_csv_header_of_a_number_carries_its_unit() {
    for (project, results) in examples() {
        for chart in all_charts(&project, &results) {
            let csv = chart::to_csv(&chart).unwrap();
            let mut reader = csv::Reader::from_reader(csv.as_bytes());
            let headers = reader.headers().unwrap().clone();
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            assert!(!rows.is_empty(), "{}: no rows", chart.kind);
            for (column, header) in headers.iter().enumerate() {
                let numeric = rows
                    .iter()
                    .any(|row| row.get(column).is_some_and(|v| v.parse::<f64>().is_ok()));
                let labelled = header.contains('(') && header.ends_with(')');
                // Years, or the bars of panels that differ ("Who gets what": years, then
                // recipients), are labels.
                let is_year = header == "Year" || header == "Category";
                let is_amount_with_unit_column =
                    header == "Amount" && headers.iter().any(|h| h == "Unit");
                if numeric && !is_year {
                    assert!(
                        labelled || is_amount_with_unit_column,
                        "{}: header '{header}' has numbers but no unit",
                        chart.kind
                    );
                }
            }
            assert!(
                !csv.contains("NaN") && !csv.contains("inf"),
                "{}: {csv}",
                chart.kind
            );
        }
    }
}

#[test]
fn chart_names_round_trip_through_their_slugs() {
    for kind in ChartKind::ALL {
        assert_eq!(kind.slug().parse::<ChartKind>().unwrap(), kind);
    }
    let error = "pie".parse::<ChartKind>().unwrap_err().to_string();
    assert!(
        error.contains("value-added"),
        "the error lists the charts: {error}"
    );
}

#[test]
fn export_all_writes_every_chart_in_every_format_for_every_example() {
    let dir = tempfile::tempdir().unwrap();
    for example in EXAMPLES {
        let file = dir.path().join(example.file_name);
        std::fs::write(&file, example.text).unwrap();
        let out = dir.path().join(example.file_name.replace(".ron", ""));
        let output = Command::new(env!("CARGO_BIN_EXE_uplift"))
            .arg("export")
            .arg(&file)
            .arg("--all")
            .arg("--out")
            .arg(&out)
            .args(["--scale", "1"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            example.file_name,
            String::from_utf8_lossy(&output.stderr)
        );
        for kind in ChartKind::ALL {
            for extension in ["svg", "png", "csv"] {
                let path = out.join(format!("{}.{extension}", kind.slug()));
                let size = std::fs::metadata(&path).map_or(0, |m| m.len());
                assert!(size > 100, "{} missing or empty", path.display());
            }
        }
        assert!(out.join("sankey-quantity.png").is_file());
        assert!(out.join("report.csv").is_file());
    }
}

#[test]
fn export_of_one_chart_for_a_year_outside_the_horizon_says_which_years_work() {
    let dir = tempfile::tempdir().unwrap();
    let example = &EXAMPLES[0];
    let file = dir.path().join(example.file_name);
    std::fs::write(&file, example.text).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_uplift"))
        .args(["export"])
        .arg(&file)
        .args([
            "--chart",
            "value-added",
            "--format",
            "csv",
            "--year",
            "1990",
            "--out",
        ])
        .arg(dir.path().join("va.csv"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("outside the project's horizon"), "{stderr}");
    assert!(!dir.path().join("va.csv").exists());
}
