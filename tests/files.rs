//! Project files: malformed input gives line and column, unknown fields and misspelled
//! variants are refused, newer versions are named, saving is stable; and the command line's
//! `check`, `report` and `convert` behave as documented.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use uplift::cli::{Command, StageReportFormat as ReportFormat, run};
use uplift::io::examples::default_project;
use uplift::io::{
    FileError, TextPosition, load_project, project_from_json, project_from_ron, project_to_ron,
    save_project,
};

fn minimal(extra_stage_field: &str) -> String {
    format!(
        r#"(
    version: 1,
    name: "Tiny",
    base_year: 2025,
    horizon: (first_year: 2025, last_year: 2030),
    economy: (
        gdp_base_year: 1000.0,
        gdp_growth_pct: 0.0,
        discount_rate_pct: 10.0,
        domestic_va_content_pct: 40.0,
    ),
    stages: [
        (
            id: "mine",
            name: "Mine",
            kind: Mining,
            location: Domestic,
            product: "Ore",
            unit: "t",
            capacity_per_year: 10.0,
            price_per_unit: 5.0,
            first_production_year: 2025,
            unlinked_output: Export,{extra_stage_field}
        ),
    ],
)
"#
    )
}

fn position_of(error: &FileError) -> TextPosition {
    error
        .position()
        .unwrap_or_else(|| panic!("expected a position in {error}"))
}

#[test]
fn a_minimal_hand_written_file_loads_with_defaults() {
    let project = project_from_ron(&minimal("")).unwrap();
    assert_eq!(project.stages[0].economic_life_years, 20);
    assert_eq!(project.currency.code, "USD");
}

#[test]
fn a_misspelled_field_is_refused_with_its_line_and_column() {
    let error = project_from_ron(&minimal("\n            capacity_per_yaer: 3.0,")).unwrap_err();
    let position = position_of(&error);
    assert_eq!(position.line, 24, "{error}");
    assert!(error.to_string().contains("capacity_per_yaer"), "{error}");
}

#[test]
fn a_misspelled_variant_is_refused_with_its_line() {
    let text = minimal("").replace("kind: Mining", "kind: Minning");
    let error = project_from_ron(&text).unwrap_err();
    assert_eq!(position_of(&error).line, 16, "{error}");
    assert!(error.to_string().contains("Minning"), "{error}");
}

#[test]
fn broken_syntax_gives_line_and_column() {
    let text = minimal("").replace("price_per_unit: 5.0,", "price_per_unit: 5.0.0,");
    let error = project_from_ron(&text).unwrap_err();
    assert_eq!(position_of(&error).line, 21, "{error}");
    assert!(error.to_string().contains("line 21, column"), "{error}");
}

#[test]
fn a_file_from_a_newer_uplift_says_so() {
    let text = minimal("").replace("version: 1", "version: 7");
    let error = project_from_ron(&text).unwrap_err();
    assert!(
        matches!(error, FileError::NewerVersion { found: 7, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("Update Uplift"), "{error}");
}

#[test]
fn json_errors_carry_line_and_column_too() {
    let error = project_from_json("{\n  \"version\": 1,\n  \"name\": 3\n}").unwrap_err();
    let position = position_of(&error);
    assert_eq!(position.line, 3, "{error}");
    assert!(
        !error.to_string().contains(" at line "),
        "position given twice: {error}"
    );
}

#[test]
fn loading_names_the_file_and_rejects_unknown_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(version: 1, name: ").unwrap();
    let error = load_project(&broken).unwrap_err();
    assert!(
        error.to_string().starts_with(&broken.display().to_string()),
        "{error}"
    );
    assert!(error.position().is_some());

    let text_file = dir.path().join("project.txt");
    std::fs::write(&text_file, minimal("")).unwrap();
    assert!(matches!(
        load_project(&text_file),
        Err(FileError::UnknownFormat { .. })
    ));

    let missing = load_project(&dir.path().join("missing.ron")).unwrap_err();
    assert!(matches!(missing, FileError::Io { .. }));
}

#[test]
fn saving_is_stable_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.ron");
    let project = default_project().unwrap();
    save_project(&project, &path).unwrap();
    let first = std::fs::read_to_string(&path).unwrap();
    save_project(&load_project(&path).unwrap(), &path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
    assert_eq!(first, project_to_ron(&project).unwrap());
    // The second save kept the first as the backup; no temporary file is left.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["copy.ron", "copy.ron.bak"]);
}

fn write_example(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    save_project(&default_project().unwrap(), &path).unwrap();
    path
}

#[test]
fn check_passes_a_valid_project_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_example(dir.path(), "reko.ron");
    let outcome = run(&Command::Check { file: path }).unwrap();
    assert_eq!(outcome.exit_code, 0, "{}", outcome.stdout);
    let summary = outcome.stdout.lines().last().unwrap();
    assert!(summary.contains(": ok — "), "{summary}");
}

#[test]
fn check_lists_every_problem_with_its_location_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = default_project().unwrap();
    project.stages[0].price_per_unit = -1.0;
    project.economy.gdp_base_year = -5.0;
    project.links.push(uplift::model::Link {
        from: project.stages[0].id.clone(),
        to: "nowhere".into(),
        share_pct: 10.0,
        transport_cost_per_unit: 0.0,
    });
    let path_ron = dir.path().join("bad.ron");
    save_project(&project, &path_ron).unwrap();
    let outcome = run(&Command::Check { file: path_ron }).unwrap();
    assert_eq!(outcome.exit_code, 1);
    let first_id = &project.stages[0].id;
    assert!(
        outcome
            .stdout
            .contains(&format!("stage '{first_id}', price_per_unit")),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.contains("project settings, gdp_base_year"),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.contains("'nowhere' does not exist"),
        "{}",
        outcome.stdout
    );
    // The extra link also pushes the stage's outgoing shares to 110%: every problem is listed.
    assert!(
        outcome.stdout.contains("Links send 110%"),
        "{}",
        outcome.stdout
    );
    assert!(outcome.stdout.contains("4 error(s)"), "{}", outcome.stdout);
}

#[test]
fn check_reports_a_broken_file_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, minimal("\n            colour: Red,")).unwrap();
    let outcome = run(&Command::Check { file: path }).unwrap();
    assert_eq!(outcome.exit_code, 1);
    assert!(
        outcome.stdout.contains("line 24, column"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn convert_round_trips_between_ron_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let ron_path = write_example(dir.path(), "a.ron");
    let json_path = dir.path().join("b.json");
    let back_path = dir.path().join("c.ron");
    run(&Command::Convert {
        input: ron_path.clone(),
        output: json_path.clone(),
    })
    .unwrap();
    run(&Command::Convert {
        input: json_path,
        output: back_path.clone(),
    })
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(ron_path).unwrap(),
        std::fs::read_to_string(back_path).unwrap()
    );
}

#[test]
fn report_formats_agree_with_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_example(dir.path(), "reko.ron");
    let report = |format| {
        run(&Command::Report {
            file: path.clone(),
            year: Some(2036),
            total: false,
            format,
            local_currency: false,
            scenario: None,
            out: None,
        })
        .unwrap()
    };
    let csv = report(ReportFormat::Csv);
    assert_eq!(csv.exit_code, 0);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert!(
        headers.iter().any(|h| h == "value_added_usd"),
        "{headers:?}"
    );
    assert!(
        headers.iter().any(|h| h == "share_of_gdp_pct"),
        "{headers:?}"
    );
    let va_column = headers.iter().position(|h| h == "value_added_usd").unwrap();
    let id_column = headers.iter().position(|h| h == "id").unwrap();
    let national_va: f64 = reader
        .records()
        .map(Result::unwrap)
        .find(|record| &record[id_column] == "national")
        .map(|record| record[va_column].parse().unwrap())
        .unwrap();

    let json = report(ReportFormat::Json);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let json_va = value["national"]["value_added"].as_f64().unwrap();
    assert!((national_va - json_va).abs() <= 1e-9 * json_va.abs());

    let table = report(ReportFormat::Table);
    assert!(table.stdout.contains("National total (domestic stages)"));
    assert!(table.stdout.contains("USD"));
}

#[test]
fn report_refuses_a_year_outside_the_horizon() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_example(dir.path(), "reko.ron");
    let error = run(&Command::Report {
        file: path,
        year: Some(1990),
        total: false,
        format: ReportFormat::Table,
        local_currency: false,
        scenario: None,
        out: None,
    })
    .unwrap_err();
    assert!(
        error.to_string().contains("outside the project's horizon"),
        "{error}"
    );
}

#[test]
fn generate_writes_a_project_that_checks_clean_and_repeats_with_its_seed() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("national.ron");
    let again = dir.path().join("again.ron");
    let other = dir.path().join("other.ron");
    for (path, seed) in [(&first, 9), (&again, 9), (&other, 10)] {
        let outcome = run(&Command::Generate {
            stages: 250,
            seed,
            out: path.clone(),
        })
        .unwrap();
        assert_eq!(outcome.exit_code, 0);
        assert!(outcome.stdout.contains("250 stages"), "{}", outcome.stdout);
    }
    let text = |path: &Path| std::fs::read_to_string(path).unwrap();
    assert_eq!(text(&first), text(&again));
    assert_ne!(text(&first), text(&other));

    let outcome = run(&Command::Check { file: first }).unwrap();
    assert_eq!(outcome.exit_code, 0, "{}", outcome.stdout);
    assert!(
        outcome.stdout.contains("250 stages") && outcome.stdout.contains("0 warning(s)"),
        "{}",
        outcome.stdout
    );
    assert_eq!(outcome.stdout.lines().count(), 1, "{}", outcome.stdout);
}
