//! Exports laid out for a report (issue #18, items 3 to 7): Sankey labels clear of every box
//! and of each other, value rising at each stage, a quantity Sankey that does not squash
//! everything after the mine, stage names whole (wrapped, or numbered with a key), panel
//! titles that do not run into each other, jobs said to be an average per year, the print
//! style's dashes and hatches, and units written as a report writes them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Band widths are compared to the same float expression they were computed from.
#![allow(clippy::float_cmp)]

use uplift::calc::{Period, compute};
use uplift::chart::sankey::{self, NODE_WIDTH, Rect, Sankey};
use uplift::chart::sankey_labels::{LabelKind, TOP_ROOM, overlaps, sankey_labels};
use uplift::chart::{
    self, Chart, ChartBody, ChartKind, ChartOptions, ChartStyle, SankeyMeasure, SvgSize,
};
use uplift::io::examples::EXAMPLES;

fn sankey_of(chart: &Chart) -> &Sankey {
    match &chart.body {
        ChartBody::Sankey(sankey) => sankey,
        other => panic!("not a Sankey: {other:?}"),
    }
}

fn every_example_chart(kind: ChartKind, options: &ChartOptions) -> Vec<(String, Chart)> {
    EXAMPLES
        .iter()
        .map(|example| {
            let project = example.project().unwrap();
            let results = compute(&project).unwrap();
            (
                example.file_name.to_owned(),
                chart::build(kind, &project, &results, options),
            )
        })
        .collect()
}

fn options(measure: SankeyMeasure) -> ChartOptions {
    ChartOptions {
        sankey_measure: measure,
        ..ChartOptions::default()
    }
}

#[test]
fn sankey_labels_never_cover_a_box_reach_into_another_column_or_cover_each_other() {
    for measure in [SankeyMeasure::Value, SankeyMeasure::Quantity] {
        for (file, chart) in every_example_chart(ChartKind::Sankey, &options(measure)) {
            let diagram = sankey_of(&chart);
            for (width, height) in [(1144.0, 520.0), (744.0, 300.0)] {
                let layout = sankey::layout(diagram, width, height);
                let labels = sankey_labels(diagram, &layout, width, height);
                let what = format!("{file} {measure:?} at {width}x{height}");
                let named = labels.iter().filter(|l| l.kind == LabelKind::Node).count();
                assert_eq!(named, diagram.nodes.len(), "{what}: every box is named");
                let flows = labels.iter().filter(|l| l.kind == LabelKind::Flow).count();
                assert!(
                    flows * 2 >= diagram.flows.len(),
                    "{what}: most bands labelled"
                );
                let columns: Vec<f64> = layout.nodes.iter().map(|r| r.x).collect();
                for (i, label) in labels.iter().enumerate() {
                    let rect = label.rect();
                    assert!(
                        rect.y >= -TOP_ROOM && rect.y + rect.height <= height,
                        "{what}"
                    );
                    for node in &layout.nodes {
                        assert!(
                            !overlaps(rect, *node),
                            "{what}: {:?} covers a box",
                            label.lines
                        );
                    }
                    if label.kind != LabelKind::Node {
                        // Inside one gap between columns: no column's boxes within its span.
                        for &x in &columns {
                            let column = Rect {
                                x,
                                y: -1e9,
                                width: NODE_WIDTH,
                                height: 2e9,
                            };
                            assert!(
                                !overlaps(rect, column),
                                "{what}: {:?} reaches into a column",
                                label.lines
                            );
                        }
                    }
                    for other in &labels[i + 1..] {
                        assert!(
                            !overlaps(rect, other.rect()),
                            "{what}: {:?} and {:?} overlap",
                            label.lines,
                            other.lines
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_value_sankey_shows_where_value_rises_at_each_stage() {
    for (file, chart) in every_example_chart(ChartKind::Sankey, &options(SankeyMeasure::Value)) {
        let diagram = sankey_of(&chart);
        let layout = sankey::layout(diagram, 1144.0, 520.0);
        let mut rises = 0;
        for (index, node) in diagram.nodes.iter().enumerate() {
            let (fed, sold) = (diagram.drawn_in(index), diagram.drawn_out(index));
            let stage = matches!(node.group, sankey::NodeGroup::Stage(_));
            match layout.rises[index] {
                Some(rise) => {
                    rises += 1;
                    assert!(stage && fed > 0.0, "{file}: {}", node.label);
                    assert!((rise.amount - (sold - fed)).abs() <= 1e-6 * sold, "{file}");
                    // The stub fills the part of the box no feed fills, left of the box.
                    let node_rect = layout.nodes[index];
                    assert_eq!(rise.rect.x + rise.rect.width, node_rect.x);
                    let bottom = rise.rect.y + rise.rect.height;
                    assert!((bottom - (node_rect.y + node_rect.height)).abs() < 1e-6);
                }
                None => assert!(
                    !(stage && fed > 0.0 && sold > fed),
                    "{file}: {}",
                    node.label
                ),
            }
        }
        assert!(rises > 0, "{file}: some stage adds value to its feed");
        assert!(
            chart
                .legend()
                .iter()
                .any(|(name, _)| name == sankey::RISE_LEGEND)
        );
        let svg = chart::to_svg(&chart, SvgSize::default());
        assert_eq!(svg.matches("class=\"rise\"").count(), rises, "{file}");
        let labels = svg.matches("class=\"label-rise\"").count();
        assert!(labels >= rises, "{file}: each rise says how much");
    }
}

#[test]
fn the_quantity_sankey_draws_value_widths_and_writes_quantities_with_a_note() {
    let quantity = every_example_chart(ChartKind::Sankey, &options(SankeyMeasure::Quantity));
    let value = every_example_chart(ChartKind::Sankey, &options(SankeyMeasure::Value));
    for ((file, q), (_, v)) in quantity.iter().zip(&value) {
        let (q, v) = (sankey_of(q), sankey_of(v));
        assert!(!q.note.is_empty() && v.note.is_empty(), "{file}");
        for flow in &q.flows {
            let same = v
                .flows
                .iter()
                .find(|f| f.from == flow.from && f.to == flow.to)
                .unwrap_or_else(|| panic!("{file}: a value band for every material band"));
            assert_eq!(flow.drawn, same.amount, "{file}: widths are value");
            assert!(matches!(flow.format, chart::ValueFormat::Quantity(_)));
        }
        // One scale for the whole picture: a band is as wide as its value says.
        let layout = sankey::layout(q, 1144.0, 520.0);
        let scales: Vec<f64> = q
            .flows
            .iter()
            .zip(&layout.bands)
            .filter(|(f, _)| f.drawn > 0.0)
            .map(|(f, b)| b.width / f.drawn)
            .collect();
        for scale in &scales {
            assert!((scale / scales[0] - 1.0).abs() < 1e-9, "{file}");
        }
    }
    // Reko Diq's concentrate is worth far more per tonne than its ore: on a tonnes scale its
    // band to the market was a sliver of the ore's; on value it is the widest of the picture.
    let (_, reko) = &quantity[0];
    let reko = sankey_of(reko);
    let layout = sankey::layout(reko, 1144.0, 520.0);
    let widest = reko
        .flows
        .iter()
        .zip(&layout.bands)
        .max_by(|a, b| a.1.width.total_cmp(&b.1.width))
        .unwrap();
    assert!(matches!(
        reko.nodes[widest.0.to].group,
        sankey::NodeGroup::Market
    ));
    let svg = chart::to_svg(&quantity[0].1, SvgSize::default());
    assert!(svg.contains("class=\"note\""));
}

/// A text element of an SVG: its class, where it is and what it says.
struct Text {
    class: String,
    x: f64,
    y: f64,
    size: f64,
    anchor: String,
    bold: bool,
    content: String,
}

impl Text {
    /// The box the text takes, estimated as the writer estimates it.
    fn rect(&self) -> Rect {
        let factor = if self.bold { 1.1 } else { 1.0 };
        let width = self.content.chars().count() as f64 * self.size * 0.58 * factor;
        let x = match self.anchor.as_str() {
            "middle" => self.x - width / 2.0,
            "end" => self.x - width,
            _ => self.x,
        };
        Rect {
            x,
            y: self.y - self.size * 0.8,
            width,
            height: self.size,
        }
    }
}

fn texts(svg: &str) -> Vec<Text> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let number = |name: &str| n.attribute(name).unwrap_or("0").parse::<f64>().unwrap();
            Text {
                class: n.attribute("class").unwrap_or_default().to_owned(),
                x: number("x"),
                y: number("y"),
                size: number("font-size"),
                anchor: n.attribute("text-anchor").unwrap_or("start").to_owned(),
                bold: n.attribute("font-weight") == Some("bold"),
                content: n.text().unwrap_or_default().trim().to_owned(),
            }
        })
        .collect()
}

#[test]
fn stage_names_are_never_cut_and_panel_titles_never_overlap_even_at_800_by_500() {
    for kind in [
        ChartKind::Footprint,
        ChartKind::JobsRevenue,
        ChartKind::ValueAdded,
    ] {
        for (file, chart) in every_example_chart(kind, &ChartOptions::default()) {
            let ChartBody::Bars { panels, .. } = &chart.body else {
                panic!("{kind}: bars");
            };
            for (width, height) in [(800.0, 500.0), (1200.0, 750.0)] {
                let what = format!("{file} {kind} at {width}x{height}");
                let svg = chart::to_svg(&chart, SvgSize { width, height });
                let texts = texts(&svg);
                let categories: Vec<&Text> =
                    texts.iter().filter(|t| t.class == "category").collect();
                assert!(!categories.is_empty(), "{what}");
                for (i, a) in categories.iter().enumerate() {
                    assert!(!a.content.contains('…'), "{what}: '{}' cut", a.content);
                    for b in &categories[i + 1..] {
                        assert!(
                            !overlaps(a.rect(), b.rect()),
                            "{what}: '{}' and '{}' collide",
                            a.content,
                            b.content
                        );
                    }
                }
                // Numbered bars come with a key that names every stage in full.
                if categories
                    .iter()
                    .any(|t| t.content.parse::<usize>().is_ok())
                {
                    let key: String = texts
                        .iter()
                        .filter(|t| t.class == "category-key")
                        .map(|t| t.content.clone() + "\n")
                        .collect();
                    for (n, name) in panels[0].categories.iter().enumerate() {
                        assert!(key.contains(&format!("{} {name}\n", n + 1)), "{what}");
                    }
                }
                let titles: Vec<&Text> =
                    texts.iter().filter(|t| t.class == "panel-title").collect();
                for (i, a) in titles.iter().enumerate() {
                    assert!(
                        a.rect().x + a.rect().width <= width,
                        "{what}: '{}'",
                        a.content
                    );
                    for b in &titles[i + 1..] {
                        assert!(
                            !overlaps(a.rect(), b.rect()),
                            "{what}: titles '{}' and '{}' overlap",
                            a.content,
                            b.content
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn jobs_read_as_an_average_per_year_beside_revenue_totals() {
    let project = EXAMPLES[0].project().unwrap();
    let results = compute(&project).unwrap();
    let horizon = chart::build(
        ChartKind::JobsRevenue,
        &project,
        &results,
        &ChartOptions::default(),
    );
    let ChartBody::Bars { panels, .. } = &horizon.body else {
        panic!("bars");
    };
    assert_eq!(panels[0].heading, "Jobs, average per year");
    // Construction jobs in a panel of their own (issue #17), never added to the operating ones.
    assert_eq!(panels[1].heading, "Construction jobs, average per year");
    assert_eq!(panels[2].heading, "Public revenue, total over the period");
    let csv = chart::to_csv(&horizon).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.contains("Jobs, average per year (FTE)"), "{header}");
    assert!(
        header.contains("Public revenue, total over the period (USD)"),
        "{header}"
    );
    let svg = chart::to_svg(&horizon, SvgSize::default());
    assert!(svg.contains("Jobs, average per year (FTE)"));
    let year = chart::build(
        ChartKind::JobsRevenue,
        &project,
        &results,
        &ChartOptions {
            period: Period::Year(2040),
            ..ChartOptions::default()
        },
    );
    let ChartBody::Bars { panels, .. } = &year.body else {
        panic!("bars");
    };
    assert_eq!(panels[0].heading, "Jobs in the year");
    // The per-stage table says it too.
    let report = uplift::report::build(&project, &results, Period::Horizon);
    let table = uplift::report::tabular::per_stage_table(&report);
    assert!(
        table
            .headers
            .iter()
            .any(|h| h == "Jobs, average per year (FTE)")
    );
}

/// The attribute `name` of every element tagged `tag` whose `data-series` is set, by series.
fn by_series(svg: &str, tag: &str, name: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut found: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name(tag))
        .filter_map(|n| {
            Some((
                n.attribute("data-series")?.to_owned(),
                n.attribute(name)?.to_owned(),
            ))
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn the_print_style_tells_series_apart_without_colour() {
    let project = EXAMPLES[0].project().unwrap();
    let results = compute(&project).unwrap();
    let build = |kind| chart::build(kind, &project, &results, &ChartOptions::default());
    let size = SvgSize::default();

    let fx = build(ChartKind::ForeignExchange);
    let print = chart::to_svg_styled(&fx, size, ChartStyle::Print);
    let dashes = by_series(&print, "polyline", "stroke-dasharray");
    assert_eq!(dashes.len(), 3, "one dash per series: {dashes:?}");
    let mut patterns: Vec<&str> = dashes.iter().map(|(_, d)| d.as_str()).collect();
    patterns.dedup();
    assert_eq!(patterns.len(), 3, "distinct dashes: {dashes:?}");
    assert!(print.contains("class=\"marker\""), "lines carry markers");
    let screen = chart::to_svg(&fx, size);
    assert!(
        by_series(&screen, "polyline", "stroke-dasharray")
            .iter()
            .all(|(_, d)| d == "none")
    );

    let va = build(ChartKind::ValueAdded);
    let print = chart::to_svg_styled(&va, size, ChartStyle::Print);
    let fills = by_series(&print, "rect", "fill");
    let fill_of = |series: &str| {
        fills
            .iter()
            .find(|(s, _)| s == series)
            .map(|(_, f)| f.clone())
            .unwrap()
    };
    let (depreciation, surplus) = (fill_of("Depreciation"), fill_of("Operating surplus"));
    assert_ne!(depreciation, surplus);
    for fill in [&depreciation, &surplus] {
        let id = fill
            .strip_prefix("url(#")
            .and_then(|f| f.strip_suffix(')'))
            .unwrap_or_else(|| panic!("a hatch, not a colour: {fill}"));
        let doc = roxmltree::Document::parse(&print).unwrap();
        assert!(
            doc.descendants()
                .any(|n| n.has_tag_name("pattern") && n.attribute("id") == Some(id)),
            "{id} defined"
        );
    }
    // Each part keeps one look in every bar.
    assert_eq!(fills.len(), 4, "{fills:?}");
    // The PNG and PDF are drawn from the same SVG.
    let png = chart::to_png_styled(&va, chart::PngSize::default(), ChartStyle::Print).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let pdf = chart::pdf::to_pdf_styled(&va, size, ChartStyle::Print).unwrap();
    lopdf::Document::load_mem(&pdf).unwrap();
}

#[test]
fn chart_text_writes_co2_and_m3_as_a_report_does_and_no_unit_twice() {
    for example in &EXAMPLES {
        let project = example.project().unwrap();
        let results = compute(&project).unwrap();
        for kind in ChartKind::ALL {
            let chart = chart::build(kind, &project, &results, &ChartOptions::default());
            let mut words: Vec<String> = vec![chart.title.clone()];
            words.extend(chart.legend().into_iter().map(|(name, _)| name));
            if let ChartBody::Bars { panels, .. } = &chart.body {
                for panel in panels {
                    words.push(panel.heading.clone());
                    words.push(panel.y_axis.title_with_unit());
                }
            }
            let csv = chart::to_csv(&chart).unwrap();
            words.push(csv.lines().next().unwrap().to_owned());
            for text in words {
                assert!(
                    !text.contains("CO2") && !text.contains(" m3"),
                    "{}: {kind}: {text}",
                    example.file_name
                );
                let units: Vec<&str> = text.split(" (").skip(1).collect();
                let mut once = units.clone();
                once.dedup();
                assert_eq!(units, once, "{text}");
            }
            // Tonnes read "kt"/"Mt" and small counts in full, never "1.00 k" or "5.31 k t".
            let svg = chart::to_svg(&chart, SvgSize::default());
            for text in texts(&svg) {
                assert!(
                    !text.content.contains(" k t") && !text.content.contains(" M t"),
                    "{}",
                    text.content
                );
                let small_thousands = text.content.split(" k").next().is_some_and(|head| {
                    head.rsplit(' ')
                        .next()
                        .and_then(|n| n.replace(',', "").parse::<f64>().ok())
                        .is_some_and(|n| n.abs() < 10.0)
                }) && text.content.contains(" k");
                assert!(!small_thousands, "{}", text.content);
            }
        }
        let assumptions = uplift::report::assumptions::assumptions(&project);
        for row in assumptions {
            assert!(!row.input.contains("CO2") && !row.unit.contains("CO2"));
            assert!(!row.unit.split_whitespace().any(|w| w == "m3"));
        }
    }
}

#[test]
fn a_line_that_is_zero_every_year_has_no_legend_entry_and_no_line() {
    // Every line of the example's foreign-exchange chart carries figures, so one is zeroed
    // here, as a series nothing feeds would be (imports of a chain that buys nothing abroad).
    let project = uplift::io::examples::default_project().unwrap();
    let results = compute(&project).unwrap();
    let mut chart = chart::build(
        ChartKind::ForeignExchange,
        &project,
        &results,
        &ChartOptions::default(),
    );
    let ChartBody::Lines(panel) = &mut chart.body else {
        panic!("lines expected");
    };
    let name = panel.series[1].name.clone();
    panel.series[1].values.iter_mut().for_each(|v| *v = 0.0);
    assert!(!chart.legend().iter().any(|(entry, _)| *entry == name));
    let svg = chart::to_svg(&chart, SvgSize::default());
    assert!(!svg.contains(&name), "{name} is still drawn or named");
    // Its numbers stay in the CSV.
    assert!(chart::to_csv(&chart).unwrap().contains(&name));
}
