//! Exports a consultant can hand in (issue #18, part 1): a scenario's exports say which
//! scenario they hold, labels render in `LibreOffice` (no `paint-order` halo), CSV cells are
//! clean numbers, units appear once and with their sub- and superscripts, legends list only
//! what is drawn, the source line names version, date, scenario and data sources, and PNGs
//! carry their resolution.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

use uplift::calc::compute;
use uplift::chart::{self, ChartBody, ChartKind, ChartOptions, PngSize};
use uplift::io::examples::EXAMPLES;
use uplift::report::meta::UPLIFT_VERSION;

const SCENARIO: &str = "Refine and make rod and wire";

fn reko_diq() -> &'static uplift::io::examples::Example {
    EXAMPLES
        .iter()
        .find(|e| e.file_name.starts_with("reko-diq"))
        .unwrap()
}

/// `uplift export --all --scenario SCENARIO` of the Reko Diq example into a temporary folder.
fn export_scenario(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("reko.ron");
    std::fs::write(&file, reko_diq().text).unwrap();
    let out = dir.join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_uplift"))
        .arg("export")
        .arg(&file)
        .args(["--all", "--scale", "1", "--scenario", SCENARIO, "--out"])
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "1764892800")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

fn files_with(dir: &Path, extension: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

#[test]
fn a_scenarios_exports_name_the_scenario_and_never_the_base() {
    let dir = tempfile::tempdir().unwrap();
    let out = export_scenario(dir.path());
    let svgs = files_with(&out, "svg");
    // Every chart and the Sankey by quantity.
    assert_eq!(
        svgs.len(),
        uplift::chart::ChartKind::ALL.len() + 1,
        "every chart"
    );
    for svg in svgs {
        let text = std::fs::read_to_string(&svg).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or_default().to_owned())
            .collect();
        let subtitle = &texts[1];
        assert!(
            subtitle.contains(SCENARIO),
            "{}: subtitle {subtitle}",
            svg.display()
        );
        assert!(!text.contains("Base case"), "{}", svg.display());
        // The source line names the version, the day and the scenario.
        let source: String = texts
            .iter()
            .rev()
            .take(3)
            .rev()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(source.contains(UPLIFT_VERSION), "{source}");
        assert!(source.contains("2025-12-05"), "{source}");
        assert!(source.contains("Data:"), "{source}");
    }
    for csv in files_with(&out, "csv") {
        let mut reader = csv::Reader::from_path(&csv).unwrap();
        let headers = reader.headers().unwrap().clone();
        let column = headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case("scenario"))
            .unwrap_or_else(|| panic!("{}: no scenario column", csv.display()));
        for row in reader.records() {
            assert_eq!(&row.unwrap()[column], SCENARIO, "{}", csv.display());
        }
    }
}

#[test]
fn the_csvs_hold_clean_numbers_and_units_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = export_scenario(dir.path());
    for csv in files_with(&out, "csv") {
        let mut reader = csv::Reader::from_path(&csv).unwrap();
        let headers = reader.headers().unwrap().clone();
        for header in &headers {
            let units: Vec<&str> = header.split(" (").skip(1).collect();
            let mut seen = units.clone();
            seen.dedup();
            assert_eq!(units, seen, "{}: unit twice in '{header}'", csv.display());
            // report.csv's snake_case column names (co2_t, water_m3) are identifiers for code.
            if !csv.ends_with("report.csv") {
                assert!(
                    !header.contains("CO2") && !header.contains("m3"),
                    "{header}"
                );
            }
        }
        for row in reader.records() {
            for cell in &row.unwrap() {
                assert!(
                    !matches!(cell, "-0" | "NaN" | "inf" | "-inf"),
                    "{}: {cell}",
                    csv.display()
                );
                if cell.parse::<f64>().is_ok() {
                    let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
                    let significant = digits.trim_start_matches('0').trim_end_matches('0');
                    assert!(
                        significant.len() <= 12,
                        "{}: floating noise in {cell}",
                        csv.display()
                    );
                }
            }
        }
    }
    let footprint = std::fs::read_to_string(out.join("footprint.csv")).unwrap();
    assert!(
        footprint.starts_with("Stage,CO₂ (t),Energy (MWh),Water (m³)"),
        "{footprint}"
    );
}

#[test]
fn no_label_relies_on_paint_order_and_every_halo_sits_under_its_text() {
    for example in &EXAMPLES {
        let project = example.project().unwrap();
        let results = compute(&project).unwrap();
        let chart = chart::build(
            ChartKind::Sankey,
            &project,
            &results,
            &ChartOptions::default(),
        );
        let svg = chart::to_svg(&chart, chart::SvgSize::default());
        assert!(!svg.contains("paint-order"), "{}", example.file_name);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let texts: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .collect();
        let halos: Vec<_> = texts
            .iter()
            .filter(|n| n.attribute("stroke").is_some())
            .collect();
        assert!(!halos.is_empty());
        for halo in halos {
            let next = halo.next_sibling_element().unwrap();
            assert_eq!(next.text(), halo.text(), "the halo's text follows it");
            assert!(
                next.attribute("stroke").is_none(),
                "the text itself has no outline"
            );
        }
    }
}

#[test]
fn legends_leave_out_parts_that_are_zero_everywhere() {
    for example in &EXAMPLES {
        let project = example.project().unwrap();
        let results = compute(&project).unwrap();
        for kind in ChartKind::ALL {
            let chart = chart::build(kind, &project, &results, &ChartOptions::default());
            let ChartBody::Bars { panels, .. } = &chart.body else {
                continue;
            };
            for (name, _) in chart.legend() {
                let drawn = panels
                    .iter()
                    .flat_map(|p| p.series.iter().chain(&p.total))
                    .any(|series| series.name == name && series.values.iter().any(|v| *v != 0.0))
                    // A reference line (the DRC's 1) is drawn whatever the bars are.
                    || panels
                        .iter()
                        .any(|p| p.reference.as_ref().is_some_and(|r| r.name == name));
                assert!(
                    drawn,
                    "{}: {kind}: '{name}' is zero everywhere",
                    example.file_name
                );
            }
        }
    }
}

#[test]
fn pngs_carry_their_resolution() {
    let project = EXAMPLES[0].project().unwrap();
    let results = compute(&project).unwrap();
    let chart = chart::build(
        ChartKind::GdpShare,
        &project,
        &results,
        &ChartOptions::default(),
    );
    let png = chart::to_png(
        &chart,
        PngSize {
            width: 400,
            height: 300,
            scale: 2.0,
        },
    )
    .unwrap();
    let decoder = png_info(&png);
    // 192 dpi = 7559 pixels per metre.
    assert_eq!(decoder, Some((7559, 7559, 1)));
    let image = image::load_from_memory(&png).unwrap();
    assert_eq!((image.width(), image.height()), (800, 600));
}

/// The `pHYs` chunk of a PNG: pixels per unit in x and y, and the unit.
fn png_info(png: &[u8]) -> Option<(u32, u32, u8)> {
    let mut at = 8;
    while at + 8 <= png.len() {
        let length = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind = &png[at + 4..at + 8];
        if kind == b"pHYs" {
            let data = &png[at + 8..at + 17];
            return Some((
                u32::from_be_bytes(data[0..4].try_into().unwrap()),
                u32::from_be_bytes(data[4..8].try_into().unwrap()),
                data[8],
            ));
        }
        at += 12 + length;
    }
    None
}
