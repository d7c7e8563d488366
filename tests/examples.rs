//! Every example project in `projects/` loads, checks clean and computes; the default
//! project's report is compared with a golden file so no change to the numbers goes unnoticed.
//!
//! When a change to the numbers is intended, regenerate the golden files with
//! `UPDATE_GOLDEN=1 cargo test --test examples` and review the diff like any other change.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use uplift::calc::{Period, compute};
use uplift::io::examples::{EXAMPLES, default_project};
use uplift::io::load_project;
use uplift::model::validate::validate;
use uplift::report;

fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("projects")
}

#[test]
fn every_example_checks_clean_and_computes_finite_numbers() {
    for example in &EXAMPLES {
        let project = example
            .project()
            .unwrap_or_else(|e| panic!("{}: {e}", example.file_name));
        let errors: Vec<_> = validate(&project)
            .into_iter()
            .filter(uplift::model::validate::Problem::is_error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", example.file_name);
        let results = compute(&project).unwrap();
        let national = results.national(Period::Horizon);
        assert!(national.accounts.value_added > 0.0, "{}", example.file_name);
        for index in 0..results.stages.len() {
            for accounts in results.stage_years(index) {
                assert!(
                    accounts.fields().iter().all(|(_, v)| v.is_finite()),
                    "{}",
                    example.file_name
                );
            }
        }
        assert!(
            !project.notes.is_empty(),
            "{} has no notes",
            example.file_name
        );
        assert!(
            !project.sources.is_empty(),
            "{} has no sources",
            example.file_name
        );
    }
}

#[test]
fn the_compiled_in_examples_are_the_files_in_projects() {
    let mut on_disk: Vec<String> = std::fs::read_dir(project_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            std::path::Path::new(name)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("ron"))
        })
        .collect();
    on_disk.sort();
    let mut compiled: Vec<String> = EXAMPLES.iter().map(|e| e.file_name.to_owned()).collect();
    compiled.sort();
    assert_eq!(on_disk, compiled);
    for example in &EXAMPLES {
        let from_disk = load_project(&project_dir().join(example.file_name)).unwrap();
        assert_eq!(from_disk, example.project().unwrap());
    }
}

fn check_golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run UPDATE_GOLDEN=1 cargo test --test examples",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} changed. If intended, run UPDATE_GOLDEN=1 cargo test --test examples and review the diff.\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

#[test]
fn default_project_report_matches_golden() {
    let project = default_project().unwrap();
    let results = compute(&project).unwrap();
    let whole = report::build(&project, &results, Period::Horizon);
    check_golden(
        "default-project-horizon.csv",
        &report::to_csv(&whole).unwrap(),
    );
    let year = project.horizon.first_year + 11;
    let one_year = report::build(&project, &results, Period::Year(year));
    check_golden(
        "default-project-year.csv",
        &report::to_csv(&one_year).unwrap(),
    );
}

#[test]
fn the_report_lists_the_price_deck_and_the_rules_and_keeps_its_csv_columns() {
    let project = default_project().unwrap();
    let results = compute(&project).unwrap();
    let whole = report::build(&project, &results, Period::Horizon);
    let money = report::format::MoneyDisplay::base(&project.currency);
    let table = report::to_table(&whole, &money);
    for expected in [
        "Price deck",
        "copper ",
        "USD/t",
        "gold",
        "USD/oz",
        "2025: 9,950 → 2030: 8,885",
        "2025: 3,435 → 2030: 2,045",
        "flat 50 (from 2025)",
        "source: LME",
        "Concentrate (net smelter return) on copper, gold",
        "Refined metal (deck price + premium) on copper",
        "Fabricated product (metal content + conversion) on copper",
    ] {
        assert!(table.contains(expected), "{expected}:\n{table}");
    }
    let json = report::to_json(&whole).unwrap();
    assert!(json.contains("\"deck\"") && json.contains("\"priced_stages\""));
    // The CSV keeps its one row per stage and its columns (the golden files above).
    let csv = report::to_csv(&whole).unwrap();
    assert!(!csv.contains("copper"));
    assert_eq!(csv.lines().count(), project.stages.len() + 2);

    // Without a deck or a rule, the table and the JSON are as they always were.
    let mut typed = project;
    typed.prices.clear();
    for stage in &mut typed.stages {
        stage.pricing = None;
        stage.grade_recovery = None;
        for by_product in &mut stage.by_products {
            by_product.commodity = None;
        }
    }
    let results = compute(&typed).unwrap();
    let plain = report::build(&typed, &results, Period::Horizon);
    assert!(!report::to_table(&plain, &money).contains("Price deck"));
    let json = report::to_json(&plain).unwrap();
    assert!(!json.contains("\"deck\"") && !json.contains("priced_stages"));
}
