//! Exports are as safe as the files they come from (issue 20): every number in an SVG or CSV
//! is finite, no CSV cell runs as a spreadsheet formula, every SVG is well-formed XML, labels
//! are cut for drawing, charts of many stages stay small, and `export --all` writes the whole
//! set atomically or nothing, never through a symbolic link.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use proptest::prelude::*;
use uplift::calc::{Results, compute};
use uplift::chart::export::{ExportFormat, write_all};
use uplift::chart::{self, ChartKind, ChartOptions, PngSize, SankeyMeasure, SvgSize};
use uplift::model::generate::generate;
use uplift::model::validate::{Problem, validate};
use uplift::model::{Destination, Link, Project, Stage, StageId, StageKind};
use uplift::report;
use uplift::report::csv_cell::looks_like_formula;

/// Names a hostile tester would give a stage (from issue 20), and ordinary ones.
const NAMES: [&str; 8] = [
    "=HYPERLINK(\"http://x\",\"y\")",
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "-2+3",
    "\tTabbed",
    "Copper mine",
    "Smelter",
    "Rod mill",
];

/// Feed ratios that pass validation but once gave NaN and infinity in the charts.
const FEED_RATIOS: [f64; 8] = [5e-324, 1e-310, 1e-18, 0.5, 1.0, 3.5, 1e6, 1e18];

/// Every chart of one project's results, as `export --all` builds them.
fn all_charts(project: &Project, results: &Results) -> Vec<chart::Chart> {
    let mut charts: Vec<chart::Chart> = ChartKind::ALL
        .iter()
        .map(|&kind| chart::build(kind, project, results, &ChartOptions::default()))
        .collect();
    let quantity = ChartOptions {
        sankey_measure: SankeyMeasure::Quantity,
        ..ChartOptions::default()
    };
    charts.push(chart::build(ChartKind::Sankey, project, results, &quantity));
    charts
}

/// Why an SVG is not safe: not XML, or a number that is not finite in an attribute or a text.
fn svg_problem(svg: &str) -> Option<String> {
    let document = match roxmltree::Document::parse(svg) {
        Ok(document) => document,
        Err(error) => return Some(format!("not XML: {error}")),
    };
    for node in document.descendants() {
        let texts = node
            .attributes()
            .map(|attribute| attribute.value())
            .chain(node.text());
        for text in texts {
            if has_non_finite_word(text) {
                return Some(format!("not finite: {text}"));
            }
        }
    }
    None
}

/// Whether `text` holds "NaN" or "inf" as a word of its own (not inside "info").
fn has_non_finite_word(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| matches!(word, "NaN" | "inf" | "infinity" | "Infinity" | "nan"))
}

/// Why a CSV is not safe: a cell that a spreadsheet would run, or a number that is not finite.
fn csv_problem(csv: &str) -> Option<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => return Some(format!("not CSV: {error}")),
        };
        for cell in &record {
            if looks_like_formula(cell) {
                return Some(format!("formula: {cell}"));
            }
            if has_non_finite_word(cell) {
                return Some(format!("not finite: {cell}"));
            }
        }
    }
    None
}

/// Every SVG and CSV of `project` (charts and report) is safe.
fn exports_are_safe(project: &Project) -> Result<(), String> {
    let results = compute(project).map_err(|problems| format!("{problems:?}"))?;
    for chart in all_charts(project, &results) {
        let svg = chart::to_svg(&chart, SvgSize::default());
        if let Some(problem) = svg_problem(&svg) {
            return Err(format!("{}.svg: {problem}", chart.kind));
        }
        let csv = chart::to_csv(&chart).map_err(|error| error.to_string())?;
        if let Some(problem) = csv_problem(&csv) {
            return Err(format!("{}.csv: {problem}", chart.kind));
        }
    }
    let report = report::build(project, &results, uplift::calc::Period::Horizon);
    let csv = report::to_csv(&report).map_err(|error| error.to_string())?;
    if let Some(problem) = csv_problem(&csv) {
        return Err(format!("report.csv: {problem}"));
    }
    Ok(())
}

/// A linear chain, stage `i` feeding stage `i + 1` all its output.
fn chain(names: &[&str], feed_ratios: &[f64]) -> Project {
    let mut project = Project::empty("Chain", 2025);
    project.horizon.first_year = 2025;
    project.horizon.last_year = 2030;
    project.economy.gdp_base_year = 400e9;
    let kinds = StageKind::ALL;
    for (index, (name, ratio)) in names.iter().zip(feed_ratios).enumerate() {
        let mut stage = Stage::new(
            StageId(format!("s{index}")),
            kinds[index % kinds.len()],
            2025,
        );
        (*name).clone_into(&mut stage.name);
        stage.capacity_per_year = 1e6;
        stage.input_per_unit = *ratio;
        stage.price_per_unit = 100.0 * (index + 1) as f64;
        stage.jobs = 10.0;
        stage.wages_per_year = 1e6;
        stage.unlinked_output = Destination::Export;
        project.stages.push(stage);
        if index > 0 {
            project.links.push(Link {
                from: StageId(format!("s{}", index - 1)),
                to: StageId(format!("s{index}")),
                share_pct: 100.0,
                transport_cost_per_unit: 0.0,
            });
        }
    }
    project
}

#[test]
fn subnormal_and_huge_feed_ratios_give_no_nan_or_infinity() {
    // The two projects of issue 20: a subnormal ratio, and ratios of 1e18 compounding over
    // twenty stages.
    let subnormal = chain(&["Mine", "Mill"], &[1.0, 5e-324]);
    let compounded = chain(&["Stage"; 20], &[1e18; 20]);
    for project in [subnormal, compounded] {
        assert!(!validate(&project).iter().any(Problem::is_error));
        exports_are_safe(&project).unwrap();
    }
}

#[test]
fn names_that_look_like_formulas_are_neutralised_in_every_csv() {
    let project = chain(&NAMES, &[1.0; 8]);
    exports_are_safe(&project).unwrap();
    let results = compute(&project).unwrap();
    let report = report::build(&project, &results, uplift::calc::Period::Horizon);
    let csv = report::to_csv(&report).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(csv.contains("'+cmd|"), "{csv}");
    // Numbers keep their sign: a negative figure is still a number.
    let chart = chart::build(
        ChartKind::ValueAdded,
        &project,
        &results,
        &ChartOptions::default(),
    );
    let chart_csv = chart::to_csv(&chart).unwrap();
    assert!(chart_csv.contains("'@SUM(A1:A9)"), "{chart_csv}");
    assert!(!chart_csv.contains(",'-") || chart_csv.contains("'-2+3"));
}

#[test]
fn long_and_control_character_labels_are_drawn_cut_and_as_xml() {
    // Built in memory (a file with these names is refused on load; the window can still
    // hold them): the drawing cuts long labels and replaces characters XML cannot hold.
    let long = "x".repeat(100_000);
    let project = chain(
        &[
            long.as_str(),
            "Vertical\u{b}tab",
            "Nul\u{0}",
            "\u{fffe}\u{ffff}",
        ],
        &[1.0; 4],
    );
    let results = compute(&project).unwrap();
    for chart in all_charts(&project, &results) {
        let svg = chart::to_svg(&chart, SvgSize::default());
        assert_eq!(svg_problem(&svg), None, "{}", chart.kind);
        assert!(!svg.contains(&"x".repeat(300)), "{}", chart.kind);
    }
    let started = std::time::Instant::now();
    let chart = chart::build(
        ChartKind::Sankey,
        &project,
        &results,
        &ChartOptions::default(),
    );
    chart::to_png(&chart, PngSize::default()).unwrap();
    // Before labels were cut, a 100,000-character name took 36 s to draw.
    assert!(started.elapsed().as_secs() < 20);
}

#[test]
fn charts_of_many_stages_show_the_largest_and_sum_the_others() {
    let project = generate(400, 7);
    let results = compute(&project).unwrap();
    // "Who gets what" has a bar per year and per recipient, not per stage.
    for chart in all_charts(&project, &results)
        .into_iter()
        .filter(|chart| chart.kind != ChartKind::WhoGetsWhat)
    {
        match &chart.body {
            // The DRC of domestic stages only: the 25 largest, the others together, and the
            // chain's own bar last.
            chart::ChartBody::Bars { panels, .. } if chart.kind == ChartKind::DrcByStage => {
                let categories = &panels[0].categories;
                assert_eq!(categories.len(), 27);
                assert!(categories[25].starts_with("Others ("), "{}", categories[25]);
                assert_eq!(categories[26], chart::drc::CHAIN);
            }
            chart::ChartBody::Bars { panels, .. } => {
                for panel in panels {
                    assert_eq!(panel.categories.len(), 26, "{}", chart.kind);
                    assert_eq!(
                        panel.categories.last().map(String::as_str),
                        Some("Others (375 stages)")
                    );
                }
            }
            chart::ChartBody::Waterfall(waterfall) => assert!(waterfall.steps.len() <= 26),
            chart::ChartBody::Sankey(sankey) => assert!(sankey.nodes.len() <= 12),
            _ => {}
        }
        let svg = chart::to_svg(&chart, SvgSize::default());
        assert!(svg.len() < 200_000, "{}: {} bytes", chart.kind, svg.len());
    }
}

/// A small PNG, quick to render in a debug build.
const SMALL_PNG: PngSize = PngSize {
    width: 400,
    height: 300,
    scale: 1.0,
};

/// Names of the files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn export_all_writes_every_file_or_none() {
    let project = chain(&["Mine", "Mill", "Smelter"], &[1.0, 3.0, 4.0]);
    let results = compute(&project).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // A folder where a file should go makes the export fail: nothing else may be left.
    std::fs::create_dir(dir.path().join("report.csv")).unwrap();
    let size = SMALL_PNG;
    let options = ChartOptions::default();
    assert!(write_all(&project, &results, &options, size, dir.path()).is_err());
    assert_eq!(files_in(dir.path()), ["report.csv"]);
    std::fs::remove_dir(dir.path().join("report.csv")).unwrap();
    let written = write_all(&project, &results, &options, size, dir.path()).unwrap();
    // Every chart and the Sankey by quantity, in every format; the report, who gets the
    // value and the Policy Analysis Matrix (the workbook is asked for on its own).
    assert_eq!(
        written.len(),
        (ChartKind::ALL.len() + 1) * ExportFormat::ALL.len() + 3
    );
    assert_eq!(
        files_in(dir.path()).len(),
        written.len(),
        "no temporary file left"
    );
}

#[cfg(unix)]
#[test]
fn exports_replace_a_link_at_the_target_and_leave_its_file_alone() {
    let project = chain(&["Mine", "Mill"], &[1.0, 3.0]);
    let results = compute(&project).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("precious.txt");
    std::fs::write(&elsewhere, "keep me").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("report.csv")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("one.svg")).unwrap();
    let options = ChartOptions::default();
    write_all(&project, &results, &options, SMALL_PNG, &out).unwrap();
    let chart = chart::build(ChartKind::ValueAdded, &project, &results, &options);
    chart::export::write_chart(
        &chart,
        ExportFormat::Svg,
        PngSize::default(),
        &out.join("one.svg"),
    )
    .unwrap();
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "keep me");
    for name in ["report.csv", "one.svg"] {
        let meta = std::fs::symlink_metadata(out.join(name)).unwrap();
        assert!(meta.is_file(), "{name} is a file now, not a link");
    }
}

/// A random chain that validation accepts, with extreme feed ratios and hostile names.
fn hostile_chain() -> impl Strategy<Value = Project> {
    (2usize..24).prop_flat_map(|count| {
        (
            prop::collection::vec(prop::sample::select(NAMES.to_vec()), count),
            prop::collection::vec(prop::sample::select(FEED_RATIOS.to_vec()), count),
        )
            .prop_map(|(names, ratios)| chain(&names, &ratios))
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn accepted_projects_export_only_finite_numbers_and_no_formulas(project in hostile_chain()) {
        prop_assume!(!validate(&project).iter().any(Problem::is_error));
        if let Err(problem) = exports_are_safe(&project) {
            prop_assert!(false, "{}", problem);
        }
    }
}

#[test]
fn the_command_lines_csv_tables_neutralise_scenario_names() {
    let mut project = uplift::io::examples::default_project().unwrap();
    let hostile = "=HYPERLINK(\"http://x\",\"y\")";
    project.scenarios[0].name = hostile.to_owned();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.ron");
    std::fs::write(&file, uplift::io::project_to_ron(&project).unwrap()).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_uplift"))
        .arg("compare")
        .arg(&file)
        .args(["--base", "base", "--with", hostile, "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    if let Some(problem) = csv_problem(&text) {
        panic!("{problem}\n{text}");
    }
}

/// The example project as a file the binary can read.
fn example_file(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("example.ron");
    let project = uplift::io::examples::default_project().unwrap();
    std::fs::write(&file, uplift::io::project_to_ron(&project).unwrap()).unwrap();
    file
}

#[test]
fn a_reader_that_stops_reading_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let file = example_file(dir.path());
    for args in [
        vec!["check"],
        vec!["report"],
        vec!["sensitivity"],
        vec!["montecarlo", "--draws", "50"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_uplift"))
            .args(&args[..1])
            .arg(&file)
            .args(&args[1..])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end at once, as `| head -c0` would: every write then fails.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// A file that is not there is said once, with the system's reason once: the message used
/// to repeat it ("x.ron: No such file… (os error 2): No such file… (os error 2)").
#[test]
fn a_missing_file_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.ron");
    let out = dir.path().join("out");
    for args in [
        vec!["report"],
        vec!["report-bundle", "--out", out.to_str().unwrap()],
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_uplift"))
            .args(&args[..1])
            .arg(&missing)
            .args(&args[1..])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("missing.ron"), "{args:?}: {stderr}");
        assert_eq!(stderr.matches("os error").count(), 1, "{args:?}: {stderr}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_as_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = example_file(dir.path());
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_uplift"))
        .arg("report")
        .arg(&file)
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("could not write the output"), "{stderr}");
}
