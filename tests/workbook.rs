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
        // About, per stage, every chart and the Sankey by quantity, assumptions.
        let charts = uplift::chart::ChartKind::ALL.len() + 1;
        assert_eq!(sheets.len(), 1 + 1 + charts + 1, "{sheets:?}");

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
    let example = EXAMPLES
        .iter()
        .find(|e| e.file_name.starts_with("reko"))
        .unwrap();
    let file = example_file(dir.path(), example);
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
