//! A planner's work is never lost and no file can crash Uplift: atomic saves with a backup,
//! failures that leave the old file intact, every released format version loading, and hostile
//! or broken files refused with a clear message.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Values read from a fixture are exact; comparing them exactly is the point.
#![allow(clippy::float_cmp)]

use std::path::{Path, PathBuf};

use uplift::cli::{Command, run};
use uplift::io::examples::default_project;
use uplift::io::{
    FileError, FileFormat, MAX_FILE_BYTES, MIGRATIONS, backup_path, load_project,
    project_from_json, project_from_ron, project_to_ron, read_bytes, read_project_file,
    save_project,
};
use uplift::model::validate::validate;
use uplift::model::{FORMAT_VERSION, Location, StageKind};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// Saving

#[test]
fn saving_keeps_the_previous_version_as_bak() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.ron");
    let mut project = default_project().unwrap();
    save_project(&project, &path).unwrap();
    assert!(!backup_path(&path).exists(), "nothing to back up yet");
    let first = std::fs::read_to_string(&path).unwrap();

    project.name = "Second version".to_owned();
    save_project(&project, &path).unwrap();
    assert_eq!(std::fs::read_to_string(backup_path(&path)).unwrap(), first);
    assert_eq!(load_project(&path).unwrap().name, "Second version");
    assert_eq!(names_in(dir.path()), ["chain.ron", "chain.ron.bak"]);
}

#[test]
fn saving_into_a_missing_folder_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone").join("chain.ron");
    let error = save_project(&default_project().unwrap(), &path).unwrap_err();
    assert!(matches!(error, FileError::Io { .. }), "{error}");
    assert!(error.to_string().contains("chain.ron"), "{error}");
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn saving_where_the_folder_is_a_file_fails_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("notes.txt");
    std::fs::write(&not_a_folder, "keep me").unwrap();
    let error =
        save_project(&default_project().unwrap(), &not_a_folder.join("chain.ron")).unwrap_err();
    assert!(matches!(error, FileError::Io { .. }), "{error}");
    assert_eq!(std::fs::read_to_string(&not_a_folder).unwrap(), "keep me");
}

/// Saving into a folder that cannot be written fails and leaves the old file as it was. Root
/// can write anywhere, so as root the read-only folder is /proc (Linux), which nobody can
/// create files in.
#[cfg(unix)]
#[test]
fn saving_into_a_read_only_folder_fails_and_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt as _;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.ron");
    let old = default_project().unwrap();
    save_project(&old, &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.path().join("probe");
    let writable_anyway = std::fs::write(&probe, "x").is_ok();

    let mut changed = old.clone();
    changed.name = "Changed".to_owned();
    if writable_anyway {
        // Running as root: permissions do not stop us. /proc refuses new files to everyone.
        let _ = std::fs::remove_file(&probe);
        let error = save_project(&changed, Path::new("/proc/uplift-test.ron")).unwrap_err();
        assert!(matches!(error, FileError::Io { .. }), "{error}");
    } else {
        let error = save_project(&changed, &path).unwrap_err();
        assert!(matches!(error, FileError::Io { .. }), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(names_in(dir.path()), ["chain.ron"]);
    }
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn saving_through_a_symbolic_link_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.ron");
    let link = dir.path().join("link.ron");
    let mut project = default_project().unwrap();
    save_project(&project, &real).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    project.name = "Through the link".to_owned();
    save_project(&project, &link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(load_project(&real).unwrap().name, "Through the link");
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt as _;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.ron");
    save_project(&default_project().unwrap(), &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    save_project(&default_project().unwrap(), &path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

// ---------------------------------------------------------------------------------------------
// Versions

/// Every fixture, by the version in its name (`v1.ron` is version 1).
fn fixtures() -> Vec<(u32, PathBuf)> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?;
            let version = stem.strip_prefix('v')?.parse().ok()?;
            Some((version, path))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn there_is_a_fixture_for_every_format_version_and_a_step_between_each() {
    let versions: Vec<u32> = fixtures().iter().map(|(version, _)| *version).collect();
    let expected: Vec<u32> = (1..=FORMAT_VERSION).collect();
    assert_eq!(
        versions, expected,
        "tests/fixtures needs one file per released format version (see docs/FORMAT.md)"
    );
    let steps: Vec<u32> = MIGRATIONS.iter().map(|step| step.from).collect();
    let expected: Vec<u32> = (1..FORMAT_VERSION).collect();
    assert_eq!(
        steps, expected,
        "io::MIGRATIONS needs one step from each older version, oldest first"
    );
}

#[test]
fn every_fixture_loads_upgrades_and_keeps_its_content() {
    for (version, path) in fixtures() {
        let loaded = read_project_file(&path).unwrap();
        assert_eq!(loaded.file_version, version, "{}", path.display());
        let project = loaded.project;
        assert_eq!(project.version, FORMAT_VERSION, "{}", path.display());
        let errors: Vec<_> = validate(&project)
            .into_iter()
            .filter(uplift::model::validate::Problem::is_error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        // What version 1 holds survives every later upgrade.
        assert_eq!(project.name, format!("Fixture: format version {version}"));
        assert_eq!(project.currency.local.as_ref().unwrap().code, "PKR");
        assert_eq!(project.phases.len(), 2);
        assert_eq!(project.stages.len(), 3);
        let mill = project.stage(&"mill".into()).unwrap();
        assert_eq!(mill.by_products[0].price, 2045.0);
        assert_eq!(mill.royalty_pct, 5.0);
        let abroad = project.stage(&"smelter-abroad".into()).unwrap();
        assert_eq!(abroad.location, Location::Abroad);
        assert_eq!(abroad.kind, StageKind::Other);
        assert_eq!(project.links[1].transport_cost_per_unit, 80.0);
        assert_eq!(project.sources, ["Fixture source."]);
        // Written again, it reads back the same.
        let again = project_from_ron(&project_to_ron(&project).unwrap()).unwrap();
        assert_eq!(again, project, "{}", path.display());
    }
}

#[test]
fn a_newer_version_is_named_with_the_version_this_build_reads() {
    let text = std::fs::read_to_string(fixtures_dir().join("v1.ron"))
        .unwrap()
        .replace("version: 1,", "version: 99,\n    colour: Red,");
    let error = project_from_ron(&text).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "made with a newer Uplift, version 99; this one reads up to {FORMAT_VERSION}. Update Uplift to open it."
        )
    );
    let json = r#"{"version": 12, "name": "x", "spaceships": []}"#;
    let error = project_from_json(json).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("made with a newer Uplift, version 12;"),
        "{error}"
    );
}

#[test]
fn version_zero_is_refused() {
    let text = std::fs::read_to_string(fixtures_dir().join("v1.ron"))
        .unwrap()
        .replace("version: 1,", "version: 0,");
    let error = project_from_ron(&text).unwrap_err();
    assert!(matches!(error, FileError::UnknownVersion { found: 0, .. }));
}

#[test]
fn migrate_rewrites_a_file_in_place_keeping_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.ron");
    let original = std::fs::read_to_string(fixtures_dir().join("v1.ron")).unwrap();
    std::fs::write(&path, &original).unwrap();
    let outcome = run(&Command::Migrate {
        file: path.clone(),
        out: None,
    })
    .unwrap();
    assert_eq!(outcome.exit_code, 0);
    assert!(outcome.stdout.contains("old.ron"), "{}", outcome.stdout);
    assert_eq!(
        std::fs::read_to_string(backup_path(&path)).unwrap(),
        original
    );
    let migrated = std::fs::read_to_string(&path).unwrap();
    assert!(migrated.contains(&format!("version: {FORMAT_VERSION},")));
    assert_eq!(
        load_project(&path).unwrap(),
        load_project(&fixtures_dir().join("v1.ron")).unwrap()
    );
}

#[test]
fn migrate_writes_elsewhere_with_out_and_refuses_newer_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new.json");
    run(&Command::Migrate {
        file: fixtures_dir().join("v1.ron"),
        out: Some(out.clone()),
    })
    .unwrap();
    assert_eq!(load_project(&out).unwrap().version, FORMAT_VERSION);

    let newer = dir.path().join("newer.ron");
    let text = std::fs::read_to_string(fixtures_dir().join("v1.ron"))
        .unwrap()
        .replace("version: 1,", "version: 42,");
    std::fs::write(&newer, &text).unwrap();
    let error = run(&Command::Migrate {
        file: newer.clone(),
        out: None,
    })
    .unwrap_err();
    assert!(
        format!("{error:#}").contains("made with a newer Uplift, version 42"),
        "{error:#}"
    );
    assert_eq!(std::fs::read_to_string(&newer).unwrap(), text);
    assert!(!backup_path(&newer).exists());
}

// ---------------------------------------------------------------------------------------------
// Hostile and broken files

fn v1_text() -> String {
    std::fs::read_to_string(fixtures_dir().join("v1.ron")).unwrap()
}

#[test]
fn nan_and_infinity_are_refused_with_the_field() {
    for (literal, shown) in [
        ("NaN", "NaN"),
        ("inf", "inf"),
        ("-inf", "-inf"),
        ("1e400", "inf"),
    ] {
        let text = v1_text().replacen(
            "capacity_per_year: 30000.0",
            &format!("capacity_per_year: {literal}"),
            1,
        );
        let error = project_from_ron(&text).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "stage 'mill' (stages[1]), capacity_per_year is {shown}; every figure must be a finite number. Correct it in a text editor and open the file again."
            )
        );
    }
    let text = v1_text().replace("gdp_growth_pct: 2.68", "gdp_growth_pct: NaN");
    let error = project_from_ron(&text).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("economy.gdp_growth_pct is NaN"),
        "{error}"
    );
}

#[test]
fn json_numbers_out_of_range_are_refused_with_a_position() {
    let project = default_project().unwrap();
    let json = uplift::io::project_to_json(&project).unwrap().replacen(
        "\"capacity_per_year\": ",
        "\"capacity_per_year\": 1e999",
        1,
    );
    let error = project_from_json(&json).unwrap_err();
    assert!(error.position().is_some(), "{error}");
}

#[test]
fn tiny_numbers_load_as_the_numbers_they_are() {
    let text = v1_text().replace("co2_t_per_unit: 0.4", "co2_t_per_unit: 1e-320");
    let project = project_from_ron(&text).unwrap();
    assert!(project.stages[1].co2_t_per_unit > 0.0);
}

#[test]
fn binary_junk_is_not_text() {
    let mut bytes = v1_text().into_bytes();
    let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes.insert(at + 4, 0xff);
    let error = read_bytes(&bytes, FileFormat::Ron).unwrap_err();
    let position = error.position().unwrap();
    assert_eq!((position.line, position.column), (2, 5), "{error}");
    assert!(error.to_string().contains("not UTF-8 text"), "{error}");

    let png = include_bytes!("../assets/icon.png");
    assert!(read_bytes(png, FileFormat::Ron).is_err());
    assert!(read_bytes(png, FileFormat::Json).is_err());
}

#[test]
fn truncated_files_give_a_position_at_every_length() {
    let text = v1_text();
    // Every 97th cut, so each kind of token gets cut somewhere, and the test stays quick.
    for cut in (0..text.len()).step_by(97) {
        if !text.is_char_boundary(cut) {
            continue;
        }
        let error = project_from_ron(&text[..cut]).unwrap_err();
        assert!(error.position().is_some(), "cut at {cut}: {error}");
    }
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    let depth = 100_000;
    let ron = format!(
        "(version: 1, name: \"x\", notes: {}{}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let error = project_from_ron(&ron).unwrap_err();
    assert!(error.position().is_some(), "{error}");
    let json = format!(
        "{{\"version\": 1, \"name\": \"x\", \"notes\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let error = project_from_json(&json).unwrap_err();
    assert!(error.position().is_some(), "{error}");
    // Nesting inside a field that would accept anything: an unknown field is refused first.
    let ron = format!(
        "(version: 1, name: \"x\", extra: {}{})",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    assert!(project_from_ron(&ron).is_err());
}

#[test]
fn misspelled_kinds_wrong_types_and_unknown_fields_name_the_place() {
    let cases = [
        (
            "kind: Concentration",
            "kind: Concentrattion",
            "Concentrattion",
        ),
        ("location: Abroad", "location: Overseas", "Overseas"),
        ("jobs: 150.0", "jobs: \"many\"", "float"),
        ("ramp_up_years: 1", "ramp_up_years: -1", ""),
        ("ramp_up_years: 1", "ramp_up_years: 99999999999", ""),
        (
            "royalty_pct: 5.0",
            "royalty_pct: 5.0,\n            colour: Red",
            "colour",
        ),
    ];
    for (from, to, named) in cases {
        let text = v1_text().replacen(from, to, 1);
        let error = project_from_ron(&text).unwrap_err();
        assert!(error.position().is_some(), "{to}: {error}");
        assert!(error.to_string().contains(named), "{to}: {error}");
    }
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: the size is there without writing 64 MB.
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let error = load_project(&path).unwrap_err();
    assert!(matches!(error, FileError::TooLarge { .. }), "{error}");
    assert!(error.to_string().contains("at most 67 MB"), "{error}");
}

#[cfg(unix)]
#[test]
fn a_folder_or_a_device_is_not_a_project_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    assert!(matches!(
        load_project(&folder),
        Err(FileError::NotAFile { .. })
    ));
    // /dev/zero never ends; it must be refused, not read.
    let zero = dir.path().join("zero.ron");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    assert!(matches!(
        load_project(&zero),
        Err(FileError::NotAFile { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// Extreme but accepted numbers never turn into NaN or infinity

#[test]
fn figures_at_the_limits_validation_accepts_give_finite_results() {
    use uplift::calc::compute;
    use uplift::io::finite::first_non_finite;
    use uplift::model::validate::{MAX_FIGURE, RATE_PCT_ACCEPTED, YEARS_ACCEPTED};

    let base = load_project(&fixtures_dir().join("v1.ron")).unwrap();
    let first = *YEARS_ACCEPTED.start();
    let last = *YEARS_ACCEPTED.end();
    // (base year, horizon, growth %, discount %, GDP, every other figure)
    let cases = [
        (
            first,
            (last - 199, last),
            *RATE_PCT_ACCEPTED.start(),
            *RATE_PCT_ACCEPTED.start(),
            1e-300,
            MAX_FIGURE,
        ),
        (
            last,
            (first, first + 199),
            *RATE_PCT_ACCEPTED.end(),
            *RATE_PCT_ACCEPTED.end(),
            MAX_FIGURE,
            MAX_FIGURE,
        ),
        (
            first,
            (last - 199, last),
            *RATE_PCT_ACCEPTED.end(),
            *RATE_PCT_ACCEPTED.start(),
            MAX_FIGURE,
            1e-300,
        ),
    ];
    for (base_year, (from, to), growth, discount, gdp, figure) in cases {
        let mut project = base.clone();
        project.base_year = base_year;
        project.horizon.first_year = from;
        project.horizon.last_year = to;
        project.phases.clear();
        project.economy.gdp_growth_pct = growth;
        project.economy.discount_rate_pct = discount;
        project.economy.gdp_base_year = gdp;
        for stage in &mut project.stages {
            stage.first_production_year = from + 1;
            stage.capacity_per_year = figure;
            stage.price_per_unit = figure;
            stage.wages_per_year = figure;
            stage.jobs = figure;
            stage.capex = figure;
            stage.subsidies_per_year = figure;
            stage.other_taxes_per_unit = figure;
            for by_product in &mut stage.by_products {
                by_product.quantity_per_unit = figure;
                by_product.price = figure;
            }
            for input in &mut stage.purchased_inputs {
                input.cost_per_unit = figure;
            }
        }
        let results = compute(&project)
            .unwrap_or_else(|problems| panic!("{base_year} {growth}% {discount}%: {problems:?}"));
        assert_eq!(
            first_non_finite(&results),
            None,
            "{base_year} {growth}% {discount}% {gdp} {figure}"
        );
    }
}

#[test]
fn a_hostile_file_leaves_the_open_project_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let open = default_project().unwrap();
    let mut app = uplift::app::UpliftApp::new(open.clone(), None);
    let cases: [(&str, Vec<u8>); 4] = [
        (
            "nan.ron",
            v1_text()
                .replacen("price_per_unit: 15.0", "price_per_unit: NaN", 1)
                .into_bytes(),
        ),
        ("binary.ron", include_bytes!("../assets/icon.png").to_vec()),
        (
            "truncated.json",
            b"{\"version\": 1, \"name\": \"x\", \"sta".to_vec(),
        ),
        (
            "newer.ron",
            v1_text()
                .replace("version: 1,", "version: 3000,")
                .into_bytes(),
        ),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        assert!(app.open_path(&path).is_err(), "{name}");
        assert_eq!(app.project(), &open, "{name}");
        assert_eq!(app.path(), None, "{name}");
        assert!(!app.document().is_dirty(), "{name}");
    }
}

#[test]
fn control_characters_in_names_are_refused_with_the_field_and_position() {
    // What Word pastes for a line break, NUL, start of heading, escape, and the two
    // non-characters: each made `export --all` write an SVG that was not XML.
    for (character, code) in [
        ('\u{b}', "U+000B"),
        ('\u{0}', "U+0000"),
        ('\u{1}', "U+0001"),
        ('\u{1b}', "U+001B"),
        ('\u{fffe}', "U+FFFE"),
        ('\u{ffff}', "U+FFFF"),
        ('\t', "U+0009"),
    ] {
        let text = v1_text().replacen(
            "name: \"Concentrator\"",
            &format!("name: \"Co{character}ncentrator\""),
            1,
        );
        assert_ne!(text, v1_text());
        let error = project_from_ron(&text).unwrap_err();
        assert!(matches!(error, FileError::BadText { .. }), "{error}");
        assert_eq!(
            error.to_string(),
            format!(
                "stage 'mill' (stages[1]), name holds the invisible control character {code} at character 3. Correct it in a text editor and open the file again."
            )
        );
        // JSON escapes reach the same check.
        let json = uplift::io::project_to_json(&project_from_ron(&v1_text()).unwrap())
            .unwrap()
            .replacen(
                "\"Concentrator\"",
                &format!("\"Co\\u{:04x}ncentrator\"", u32::from(character)),
                1,
            );
        let error = project_from_json(&json).unwrap_err();
        assert!(error.to_string().contains(code), "{error}");
    }
    // Free text may hold tabs and line breaks, not other control characters.
    let notes = |text: &str| v1_text().replacen("notes: \"", &format!("notes: \"{text}"), 1);
    assert!(project_from_ron(&notes("a\tb\r\nc\n")).is_ok());
    let error = project_from_ron(&notes("a\u{7}")).unwrap_err();
    assert!(error.to_string().starts_with("notes holds"), "{error}");
    // A project that could not be opened again is not saved either.
    let mut project = default_project().unwrap();
    project.stages[0].name = "Line\u{b}break".to_owned();
    let dir = tempfile::tempdir().unwrap();
    let error = save_project(&project, &dir.path().join("chain.ron")).unwrap_err();
    assert!(
        error.to_string().contains("U+000B at character 5"),
        "{error}"
    );
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn names_and_notes_longer_than_their_caps_are_refused_with_the_length() {
    use uplift::io::finite::{MAX_LONG_TEXT_CHARS, MAX_NAME_CHARS};
    let named =
        |name: &str| v1_text().replacen("name: \"Concentrator\"", &format!("name: \"{name}\""), 1);
    assert!(project_from_ron(&named(&"é".repeat(MAX_NAME_CHARS))).is_ok());
    let error = project_from_ron(&named(&"é".repeat(MAX_NAME_CHARS + 1))).unwrap_err();
    assert_eq!(
        error.to_string(),
        "stage 'mill' (stages[1]), name is 201 characters long; at most 200 are allowed. Correct it in a text editor and open the file again."
    );
    let notes = |length: usize| {
        v1_text().replacen("notes: \"", &format!("notes: \"{}", "n".repeat(length)), 1)
    };
    let existing = project_from_ron(&v1_text()).unwrap().notes.chars().count();
    assert!(project_from_ron(&notes(MAX_LONG_TEXT_CHARS - existing)).is_ok());
    let error = project_from_ron(&notes(MAX_LONG_TEXT_CHARS - existing + 1)).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("notes is 100001 characters long"),
        "{error}"
    );
}

/// Hidden temporary files left in `dir`.
fn temporaries_in(dir: &Path) -> Vec<String> {
    names_in(dir)
        .into_iter()
        .filter(|name| {
            name.starts_with('.') && Path::new(name).extension().is_some_and(|e| e == "tmp")
        })
        .collect()
}

#[test]
fn two_saves_at_once_leave_no_temporary_file_and_a_bak_of_the_version_each_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.ron");
    let mut versions = Vec::new();
    for name in ["Before", "First", "Second"] {
        let mut project = default_project().unwrap();
        project.name = name.to_owned();
        versions.push(project);
    }
    for _ in 0..40 {
        save_project(&versions[0], &path).unwrap();
        std::thread::scope(|scope| {
            for project in &versions[1..] {
                let path = &path;
                scope.spawn(move || save_project(project, path).unwrap());
            }
        });
        assert_eq!(temporaries_in(dir.path()), Vec::<String>::new());
        // The saves took turns: the last one's `.bak` is what the first one wrote.
        let saved = load_project(&path).unwrap().name;
        let bak_text = std::fs::read_to_string(backup_path(&path)).unwrap();
        let bak = project_from_ron(&bak_text).unwrap().name;
        let expected = if saved == "First" { "Second" } else { "First" };
        assert_eq!(bak, expected, "saved {saved}");
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_followed_and_kept_and_a_link_loop_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = default_project().unwrap();
    // A link to a file not written yet: the file is created where the link points.
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("target.ron", &link).unwrap();
    save_project(&project, &link).unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(
        load_project(&dir.path().join("target.ron")).unwrap(),
        project
    );
    // Two links pointing at each other: refused, both left as they were, nothing written.
    let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    std::os::unix::fs::symlink("b.ron", &a).unwrap();
    std::os::unix::fs::symlink("a.ron", &b).unwrap();
    let error = save_project(&project, &a).unwrap_err();
    assert!(error.to_string().contains("loop"), "{error}");
    assert!(std::fs::symlink_metadata(&a).unwrap().is_symlink());
    assert!(std::fs::symlink_metadata(&b).unwrap().is_symlink());
    assert_eq!(temporaries_in(dir.path()), Vec::<String>::new());
}
