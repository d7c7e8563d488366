//! The Excel workbook and the vector PDFs (issue #18, items 3 and 4): every export of every
//! example reads back, with a reader crate, as what it claims to be: workbooks through
//! calamine (numbers as numbers, units in headers, the metadata and assumptions sheets), PDFs
//! through lopdf (one page each).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use uplift::io::examples::EXAMPLES;

fn uplift(args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_uplift"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn example_file(dir: &Path, example: &uplift::io::examples::Example) -> PathBuf {
    let file = dir.join(example.file_name);
    std::fs::write(&file, example.text).unwrap();
    file
}

/// The Reko Diq example and its file, written into `dir`.
fn reko_diq_file(dir: &Path) -> (&'static uplift::io::examples::Example, PathBuf) {
    let example = EXAMPLES
        .iter()
        .find(|e| e.file_name.starts_with("reko"))
        .unwrap();
    (example, example_file(dir, example))
}

#[test]
fn every_examples_workbook_reads_back_with_numbers_units_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    for example in &EXAMPLES {
        let file = example_file(dir.path(), example);
        let out = dir.path().join(format!("{}-xlsx", example.file_name));
        uplift(&[
            "export".as_ref(),
            file.as_os_str(),
            "--all".as_ref(),
            "--format".as_ref(),
            "xlsx".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["workbook.xlsx"], "only the workbook");
        let mut workbook: Xlsx<_> = open_workbook(out.join("workbook.xlsx")).unwrap();
        let sheets = workbook.sheet_names();
        assert_eq!(sheets.first().map(String::as_str), Some("About"));
        assert!(sheets.iter().any(|s| s == "Per stage"), "{sheets:?}");
        assert!(sheets.iter().any(|s| s == "Assumptions"), "{sheets:?}");
        assert!(
            sheets.iter().any(|s| s == "Policy Analysis Matrix"),
            "{sheets:?}"
        );
        // About, per stage, the matrix, every chart and the Sankey by quantity, assumptions.
        let charts = uplift::chart::ChartKind::ALL.len() + 1;
        assert_eq!(sheets.len(), 1 + 1 + 1 + charts + 1, "{sheets:?}");

        let about = workbook.worksheet_range("About").unwrap();
        let text: Vec<String> = about.cells().map(|(_, _, c)| c.to_string()).collect();
        assert!(text.iter().any(|t| t == "Base case"), "{text:?}");
        assert!(text.iter().any(|t| t.starts_with("Uplift ")), "{text:?}");
        let project = example.project().unwrap();
        for source in &project.sources {
            assert!(
                text.contains(source),
                "{}: source {source}",
                example.file_name
            );
        }

        for sheet in &sheets[1..] {
            let range = workbook.worksheet_range(sheet).unwrap();
            let mut rows = range.rows();
            let header: Vec<String> = rows
                .next()
                .unwrap()
                .iter()
                .map(ToString::to_string)
                .collect();
            let body: Vec<&[Data]> = rows.collect();
            assert!(!body.is_empty(), "{sheet}: no rows");
            for (column, title) in header.iter().enumerate() {
                let numeric = body
                    .iter()
                    .any(|row| matches!(row.get(column), Some(Data::Float(_))));
                let text_cells = body
                    .iter()
                    .filter(|row| matches!(row.get(column), Some(Data::String(s)) if s.parse::<f64>().is_ok()))
                    .count();
                assert_eq!(text_cells, 0, "{sheet}: '{title}' holds numbers as text");
                // Amount and the assumptions' Value and Default have their unit in a Unit column.
                let exempt = matches!(
                    title.as_str(),
                    "Year" | "Amount" | "Payback year" | "Value" | "Default"
                );
                if numeric && !exempt {
                    assert!(
                        title.ends_with(')'),
                        "{sheet}: '{title}' has numbers but no unit"
                    );
                }
            }
        }
        // The per-stage sheet's numbers are the report's.
        let per_stage = workbook.worksheet_range("Per stage").unwrap();
        let header: Vec<String> = per_stage
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        let column = header
            .iter()
            .position(|h| h.starts_with("Value added ("))
            .unwrap();
        let results = uplift::calc::compute(&project).unwrap();
        let report = uplift::report::build(&project, &results, uplift::calc::Period::Horizon);
        let Some(Data::Float(first)) = per_stage.get((1, column)) else {
            panic!("value added is a number");
        };
        assert!((first - report.stages[0].value_added).abs() <= 1e-6 * first.abs().max(1.0));
    }
}

#[test]
fn the_report_command_writes_a_workbook_of_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = reko_diq_file(dir.path());
    let out = dir.path().join("report.xlsx");
    uplift(&[
        "report".as_ref(),
        file.as_os_str(),
        "--format".as_ref(),
        "xlsx".as_ref(),
        "--scenario".as_ref(),
        "Refine and make rod and wire".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let mut workbook: Xlsx<_> = open_workbook(&out).unwrap();
    let about = workbook.worksheet_range("About").unwrap();
    assert!(
        about
            .cells()
            .any(|(_, _, c)| *c == "Refine and make rod and wire")
    );
    let assumptions = workbook.worksheet_range("Assumptions").unwrap();
    assert!(
        assumptions.rows().count() > 10,
        "the example's inputs are listed"
    );
}

#[test]
fn every_chart_of_every_example_exports_as_a_one_page_pdf() {
    let dir = tempfile::tempdir().unwrap();
    for example in &EXAMPLES {
        let file = example_file(dir.path(), example);
        let out = dir.path().join(format!("{}-pdf", example.file_name));
        uplift(&[
            "export".as_ref(),
            file.as_os_str(),
            "--all".as_ref(),
            "--format".as_ref(),
            "pdf".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        let pdfs: Vec<PathBuf> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(pdfs.len(), uplift::chart::ChartKind::ALL.len() + 1);
        for pdf in pdfs {
            let document = lopdf::Document::load(&pdf).unwrap();
            assert_eq!(document.get_pages().len(), 1, "{}", pdf.display());
            // The fonts travel with the file (no font substitution in Word or LaTeX).
            let bytes = std::fs::read(&pdf).unwrap();
            assert!(
                bytes.windows(9).any(|w| w == b"FontFile2"),
                "{}: fonts embedded",
                pdf.display()
            );
        }
    }
}

/// Checks every file of an export folder with its reader: SVGs parse as XML, PDFs as PDF with
/// one page, PNGs start as PNGs, CSV cells are numbers, text or empty (never "-0", "NaN" or
/// "inf"), workbooks open with calamine.
fn check_every_file(dir: &Path) -> usize {
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let what = path.display().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("svg") => {
                let text = std::fs::read_to_string(&path).unwrap();
                roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
            }
            Some("pdf") => {
                let document = lopdf::Document::load(&path).unwrap();
                assert_eq!(document.get_pages().len(), 1, "{what}");
            }
            Some("png") => assert!(std::fs::read(&path).unwrap().starts_with(b"\x89PNG")),
            Some("csv") => {
                let mut reader = csv::Reader::from_path(&path).unwrap();
                for row in reader.records() {
                    for cell in &row.unwrap() {
                        assert!(
                            !matches!(cell, "-0" | "NaN" | "nan" | "inf" | "-inf"),
                            "{what}: {cell}"
                        );
                    }
                }
            }
            Some("xlsx") => {
                let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
                assert!(!workbook.sheet_names().is_empty(), "{what}");
                // No unit twice in a heading ("CO₂ (t) (t)"), and CO₂ and m³ as printed.
                for sheet in workbook.sheet_names() {
                    let range = workbook.worksheet_range(&sheet).unwrap();
                    for cell in range.rows().take(6).flatten() {
                        let Data::String(text) = cell else { continue };
                        let units: Vec<&str> = text.split(" (").skip(1).collect();
                        let mut once = units.clone();
                        once.dedup();
                        assert_eq!(units, once, "{what}: {sheet}: {text}");
                        assert!(!text.contains("CO2 ("), "{what}: {sheet}: {text}");
                    }
                }
            }
            other => panic!("{what}: unexpected {other:?}"),
        }
        checked += 1;
    }
    checked
}

#[test]
fn every_export_of_every_example_reads_back_in_both_styles() {
    let dir = tempfile::tempdir().unwrap();
    for example in &EXAMPLES {
        let file = example_file(dir.path(), example);
        for style in ["screen", "print"] {
            let out = dir.path().join(format!("{}-{style}", example.file_name));
            uplift(&[
                "export".as_ref(),
                file.as_os_str(),
                "--all".as_ref(),
                "--scale".as_ref(),
                "1".as_ref(),
                "--style".as_ref(),
                style.as_ref(),
                "--out".as_ref(),
                out.as_os_str(),
            ]);
            uplift(&[
                "export".as_ref(),
                file.as_os_str(),
                "--all".as_ref(),
                "--format".as_ref(),
                "xlsx".as_ref(),
                "--out".as_ref(),
                out.as_os_str(),
            ]);
            // Every chart in four formats, three report CSVs (the report, who gets the value,
            // the Policy Analysis Matrix) and the workbook.
            let charts = uplift::chart::ChartKind::ALL.len() + 1;
            assert_eq!(check_every_file(&out), charts * 4 + 4, "{}", out.display());
            if style == "print" {
                let svg = std::fs::read_to_string(out.join("foreign-exchange.svg")).unwrap();
                assert!(svg.contains("stroke-dasharray=\"10 4\""), "print dashes");
            }
        }
    }
}

#[test]
fn the_analysis_charts_export_from_the_command_line_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let (example, file) = reko_diq_file(dir.path());
    let out = dir.path().join("analysis");
    std::fs::create_dir_all(&out).unwrap();
    for chart in ["comparison", "tornado", "monte-carlo-fan", "npv-histogram"] {
        for format in ["svg", "png", "pdf", "csv"] {
            let path = out.join(format!("{chart}.{format}"));
            uplift(&[
                "export".as_ref(),
                file.as_os_str(),
                "--chart".as_ref(),
                chart.as_ref(),
                "--format".as_ref(),
                format.as_ref(),
                "--scale".as_ref(),
                "1".as_ref(),
                "--draws".as_ref(),
                "40".as_ref(),
                "--seed".as_ref(),
                "7".as_ref(),
                "--out".as_ref(),
                path.as_os_str(),
            ]);
        }
    }
    assert_eq!(check_every_file(&out), 16);
    let comparison = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    let project = example.project().unwrap();
    for scenario in &project.scenarios {
        assert!(
            comparison.contains(&scenario.name),
            "every scenario by default"
        );
    }
    let fan = std::fs::read_to_string(out.join("monte-carlo-fan.csv")).unwrap();
    assert!(fan.lines().count() > 20, "a row per year: {fan}");
    // The same seed gives the same file.
    let again = out.join("again.csv");
    uplift(&[
        "export".as_ref(),
        file.as_os_str(),
        "--chart".as_ref(),
        "npv-histogram".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--draws".as_ref(),
        "40".as_ref(),
        "--seed".as_ref(),
        "7".as_ref(),
        "--out".as_ref(),
        again.as_os_str(),
    ]);
    assert_eq!(
        std::fs::read_to_string(&again).unwrap(),
        std::fs::read_to_string(out.join("npv-histogram.csv")).unwrap()
    );
    // One scenario named with --with, and a tornado of another output.
    let one = out.join("one.csv");
    uplift(&[
        "export".as_ref(),
        file.as_os_str(),
        "--chart".as_ref(),
        "comparison".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--with".as_ref(),
        project.scenarios[0].name.as_ref(),
        "--out".as_ref(),
        one.as_os_str(),
    ]);
    let one = std::fs::read_to_string(&one).unwrap();
    assert!(one.contains(&project.scenarios[0].name));
    assert!(!one.contains(&project.scenarios[1].name));
}
