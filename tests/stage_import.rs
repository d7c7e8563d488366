//! Stages imported from hand-made spreadsheets, through the same core the window's preview
//! uses and through `uplift import`: CSV and XLSX rows become the stages expected, a bad cell
//! is reported by row and column and changes nothing, an unknown column is mapped or ignored,
//! and the template (CSV and XLSX) imports back to the example stage it shows.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Figures read from cells are exact; comparing them exactly is the point.
#![allow(clippy::float_cmp)]

use std::path::Path;
use std::process::Command;

use uplift::io::stage_import::{self, Target};
use uplift::io::{load_project, save_project};
use uplift::model::placement::stacked;
use uplift::model::{CanvasPos, Destination, Location, Project, StageKind};

mod common;

use common::builders::mine_and_mill;

/// A CSV typed by hand: two stages, numbers as people write them, an empty cell.
const PLANTS_CSV: &str = "\
name,kind,location,product,unit,capacity_per_year,price_per_unit,royalty_pct,first_production_year,unlinked_output,active
Smelter,Refining,Domestic,Copper cathode,t,\"250,000\",\"9,200\",5%,2030,Export,yes
Rod mill,manufacturing,abroad,Copper rod,t,120000,9650.5,,2031,Domestic market,no
";

fn run_uplift(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_uplift"))
        .args(args)
        .output()
        .expect("uplift runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// Checks the two stages of [`PLANTS_CSV`] (or the same sheet as a workbook) in `project`,
/// after the mine and the mill.
fn assert_plants(project: &Project) {
    assert_eq!(project.stages.len(), 4);
    let smelter = &project.stages[2];
    assert_eq!(smelter.name, "Smelter");
    assert_eq!(smelter.id.0, "smelter");
    assert_eq!(smelter.kind, StageKind::Refining);
    assert_eq!(smelter.product, "Copper cathode");
    assert_eq!(smelter.capacity_per_year, 250_000.0);
    assert_eq!(smelter.price_per_unit, 9_200.0);
    assert_eq!(smelter.royalty_pct, 5.0);
    assert_eq!(smelter.first_production_year, 2030);
    assert_eq!(smelter.unlinked_output, Destination::Export);
    assert!(smelter.active);
    let rod = &project.stages[3];
    assert_eq!(rod.kind, StageKind::Manufacturing);
    assert_eq!(rod.location, Location::Abroad);
    assert_eq!(rod.price_per_unit, 9_650.5);
    assert_eq!(
        rod.royalty_pct, 0.0,
        "an empty cell keeps a new stage's value"
    );
    assert_eq!(rod.unlinked_output, Destination::DomesticMarket);
    assert!(!rod.active);
    for (i, a) in project.stages.iter().enumerate() {
        for b in &project.stages[i + 1..] {
            assert!(!stacked(a.position, b.position), "{} on {}", a.id, b.id);
        }
    }
}

#[test]
fn a_csv_imports_into_the_expected_stages() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("plants.csv");
    let project = dir.path().join("chain.ron");
    std::fs::write(&sheet, PLANTS_CSV).unwrap();
    save_project(&mine_and_mill(), &project).unwrap();
    let (code, out) = run_uplift(&["import", path_text(&sheet), "--into", path_text(&project)]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 stage(s) imported"), "{out}");
    assert_plants(&load_project(&project).unwrap());
}

#[test]
fn an_xlsx_imports_into_the_expected_stages() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let sheet_path = dir.path().join("plants.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, line) in [
        "name,kind,location,product,unit,capacity_per_year,price_per_unit,royalty_pct,first_production_year,unlinked_output,active",
        "Smelter,Refining,Domestic,Copper cathode,t,250000,9200,5,2030,Export,yes",
        "Rod mill,Manufacturing,Abroad,Copper rod,t,120000,9650.5,,2031,Domestic market,no",
    ]
    .into_iter()
    .enumerate()
    {
        for (column, cell) in line.split(',').enumerate() {
            let (row, column) = (row as u32, column as u16);
            match cell.parse::<f64>() {
                // Numbers as number cells, as a spreadsheet holds them.
                Ok(value) => sheet.write_number(row, column, value).map(|_| ()),
                Err(_) if cell.is_empty() => Ok(()),
                Err(_) => sheet.write_string(row, column, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    workbook.save(&sheet_path).unwrap();

    let mut project = mine_and_mill();
    let sheet = stage_import::read_sheet(&sheet_path).unwrap();
    let targets = stage_import::targets(&sheet.headers, &[]).unwrap();
    let preview = stage_import::preview(&project, &sheet, &targets);
    assert_eq!(preview.errors, []);
    assert_eq!(preview.notes, [], "shares typed as 5 need no note");
    let edit = stage_import::import_edit(&project, preview.stages, CanvasPos::default());
    uplift::model::edit::apply_edit(&mut project, edit).unwrap();
    assert_plants(&project);
}

/// A royalty column a spreadsheet formats as percentages holds fractions (5% is 0.05): the
/// preview and `uplift import` say so about that column, and import what the cells hold.
#[test]
fn a_share_column_of_fractions_is_pointed_out_before_import() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let sheet_path = dir.path().join("royalties.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let percent = Format::new().set_num_format("0%");
    sheet.write_string(0, 0, "name").unwrap();
    sheet.write_string(0, 1, "royalty_pct").unwrap();
    sheet.write_string(0, 2, "capex_imported_pct").unwrap();
    for (row, (name, royalty, imported)) in [("Mine A", 0.05, 60.0), ("Mine B", 0.0, 75.0)]
        .into_iter()
        .enumerate()
    {
        let row = row as u32 + 1;
        sheet.write_string(row, 0, name).unwrap();
        sheet
            .write_number_with_format(row, 1, royalty, &percent)
            .unwrap();
        sheet.write_number(row, 2, imported).unwrap();
    }
    workbook.save(&sheet_path).unwrap();

    let sheet = stage_import::read_sheet(&sheet_path).unwrap();
    let targets = stage_import::targets(&sheet.headers, &[]).unwrap();
    let preview = stage_import::preview(&mine_and_mill(), &sheet, &targets);
    assert_eq!(preview.errors, []);
    assert_eq!(preview.notes.len(), 1, "{:?}", preview.notes);
    let note = preview.notes[0].to_string();
    assert!(note.starts_with("row 1, column B (royalty_pct)"), "{note}");
    assert!(note.contains("type 5 instead"), "{note}");
    assert_eq!(
        preview.stages[0].royalty_pct, 0.05,
        "not changed behind the user's back"
    );

    let project = dir.path().join("chain.ron");
    save_project(&mine_and_mill(), &project).unwrap();
    let (code, out) = run_uplift(&[
        "import",
        path_text(&sheet_path),
        "--into",
        path_text(&project),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("check row 1, column B (royalty_pct)"), "{out}");
    assert!(out.contains("2 stage(s) imported"), "{out}");
}

#[test]
fn every_bad_cell_is_reported_by_row_and_column_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("plants.csv");
    let project = dir.path().join("chain.ron");
    std::fs::write(
        &sheet,
        "name,kind,capacity_per_year,royalty_pct\n\
         Smelter,Refining,2 50000,5\n\
         Rod mill,Factory,120000,150\n\
         Wire,Manufacturing,\"12,5\",2\n",
    )
    .unwrap();
    save_project(&mine_and_mill(), &project).unwrap();
    let before = std::fs::read(&project).unwrap();
    let (code, out) = run_uplift(&["import", path_text(&sheet), "--into", path_text(&project)]);
    assert_eq!(code, 1, "{out}");
    for expected in [
        "row 3, column B (kind): 'Factory' is not one of Mining, Concentration, Refining, Manufacturing, Other",
        "row 3, column D (royalty_pct): '150': A share is between 0 and 100%",
        "row 4, column C (capacity_per_year): '12,5': Commas separate thousands",
        "3 problem(s); nothing imported",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    // "2 50000" is 250,000 typed with a space, which people do.
    assert!(!out.contains("row 2"), "{out}");
    assert_eq!(
        std::fs::read(&project).unwrap(),
        before,
        "the project is untouched"
    );
}

#[test]
fn an_unknown_column_is_mapped_or_ignored_and_until_then_stops_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("plants.csv");
    let project = dir.path().join("chain.ron");
    let out_path = dir.path().join("out.ron");
    std::fs::write(
        &sheet,
        "name,kind,Capacity (t/yr),Comment\nSmelter,Refining,250000,from the 2024 study\n",
    )
    .unwrap();
    save_project(&mine_and_mill(), &project).unwrap();
    let (code, out) = run_uplift(&["import", path_text(&sheet), "--into", path_text(&project)]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("row 1, column C (Capacity (t/yr)): 'Capacity (t/yr)' is not a stage field"),
        "{out}"
    );
    assert!(out.contains("Stage field keys: id, name, kind"), "{out}");

    let (code, out) = run_uplift(&[
        "import",
        path_text(&sheet),
        "--into",
        path_text(&project),
        "--map",
        "Capacity (t/yr)=capacity_per_year",
        "--map",
        "Comment=ignore",
        "--out",
        path_text(&out_path),
    ]);
    assert_eq!(code, 0, "{out}");
    let imported = load_project(&out_path).unwrap();
    assert_eq!(imported.stages[2].capacity_per_year, 250_000.0);
    assert_eq!(
        load_project(&project).unwrap(),
        mine_and_mill(),
        "--out leaves --into as it was"
    );

    // A mapping to no field is refused with the keys to choose from.
    let (code, out) = run_uplift(&[
        "import",
        path_text(&sheet),
        "--into",
        path_text(&project),
        "--map",
        "Comment=remarks",
    ]);
    assert_ne!(code, 0);
    assert!(out.contains("'remarks' is not a stage field"), "{out}");

    // The core: two columns for one field stop the import too.
    let headers = vec!["capacity_per_year".to_owned(), "Cap".to_owned()];
    let targets = stage_import::targets(
        &headers,
        &[("Cap".to_owned(), "capacity_per_year".to_owned())],
    )
    .unwrap();
    assert!(matches!(targets[1], Target::Field(f) if f.key == "capacity_per_year"));
    let sheet = stage_import::Sheet {
        headers,
        rows: Vec::new(),
    };
    let preview = stage_import::preview(&mine_and_mill(), &sheet, &targets);
    assert_eq!(preview.errors.len(), 1);
    assert!(preview.errors[0].message.contains("a second column"));
}

#[test]
fn the_templates_import_back_to_their_example_stage() {
    let dir = tempfile::tempdir().unwrap();
    let example = stage_import::template_stage();
    for name in ["template.csv", "template.xlsx"] {
        let template = dir.path().join(name);
        let (code, out) = run_uplift(&["import-template", path_text(&template)]);
        assert_eq!(code, 0, "{out}");
        let sheet = stage_import::read_sheet(&template).unwrap();
        let fields = stage_import::importable_fields();
        assert_eq!(
            sheet.headers,
            fields.iter().map(|f| f.key).collect::<Vec<_>>()
        );
        assert_eq!(sheet.rows.len(), 1, "one example row");
        let project = Project::empty("Empty", 2025);
        let targets = stage_import::targets(&sheet.headers, &[]).unwrap();
        let preview = stage_import::preview(&project, &sheet, &targets);
        assert_eq!(preview.errors, [], "{name}");
        let imported = &preview.stages[0];
        for field in &fields {
            assert_eq!(
                stage_import::cell_of(imported, field).to_string(),
                stage_import::cell_of(&example, field).to_string(),
                "{name}: {}",
                field.key
            );
        }
    }
}
