//! No file can crash Uplift: valid project files (the examples in `projects/` and the format
//! fixtures), in RON and JSON, are mutated at random (bit flips, truncation, inserted junk,
//! swapped tokens, numbers replaced by extreme literals) and read, checked and computed. Each
//! must either load as a project whose numbers are all finite or be refused with an error;
//! nothing may panic. 10,000 cases run in the normal `cargo test`; `fuzz/` runs the same reading
//! for as long as you like (see docs/FORMAT.md). A generated project large enough to be read in
//! parallel is mutated too, and must read exactly as the one-pass parse reads it. A sample of
//! the files that load and validate is exported: every SVG must parse as XML, every number in
//! the SVGs and CSVs be finite, and no CSV cell start like a spreadsheet formula.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use uplift::calc::{Period, Results, compute};
use uplift::chart::{self, ChartKind, ChartOptions, SvgSize};
use uplift::io::examples::EXAMPLES;
use uplift::io::finite::first_non_finite;
use uplift::io::{
    FileError, FileFormat, LoadedFile, PARALLEL_PARSE_MIN_BYTES, project_from_ron, project_to_json,
    project_to_ron, read_bytes, read_ron_in_one_pass,
};
use uplift::model::Project;
use uplift::model::generate::generate;
use uplift::model::validate::{Problem, validate};
use uplift::report;
use uplift::report::csv_cell::looks_like_formula;

/// The valid files mutated: every example and fixture, as RON and as JSON.
static SEEDS: LazyLock<Vec<(FileFormat, Vec<u8>)>> = LazyLock::new(|| {
    let mut texts: Vec<String> = EXAMPLES.iter().map(|e| e.text.to_owned()).collect();
    texts.push(include_str!("fixtures/v1.ron").to_owned());
    let mut seeds = Vec::new();
    for text in texts {
        let project = project_from_ron(&text).unwrap();
        seeds.push((
            FileFormat::Json,
            project_to_json(&project).unwrap().into_bytes(),
        ));
        seeds.push((FileFormat::Ron, text.into_bytes()));
    }
    seeds
});

/// A generated project large enough that Uplift reads its stages and links in parallel.
static LARGE_SEED: LazyLock<Vec<u8>> =
    LazyLock::new(|| project_to_ron(&generate(200, 1)).unwrap().into_bytes());

/// Literals that are valid tokens somewhere but hostile here.
const JUNK: [&str; 16] = [
    "NaN",
    "inf",
    "-inf",
    "1e400",
    "-1e400",
    "1e-400",
    "-0.0",
    "99999999999999999999",
    "\"\"",
    "[",
    "]",
    "(",
    ")",
    "Some(",
    "\u{0}",
    "\u{feff}",
];

/// One change to a file's bytes. Positions are fractions of the length, so they fit any file.
#[derive(Clone, Debug)]
enum Mutation {
    FlipBit {
        at: f64,
        bit: u8,
    },
    Truncate {
        at: f64,
    },
    InsertBytes {
        at: f64,
        bytes: Vec<u8>,
    },
    InsertJunk {
        at: f64,
        junk: usize,
    },
    /// Replace the token (a run of non-space bytes) at `at` with the one at `other`.
    SwapTokens {
        at: f64,
        other: f64,
    },
    /// Replace the number that starts after `at` with a junk literal.
    ReplaceNumber {
        at: f64,
        junk: usize,
    },
    DeleteRange {
        at: f64,
        len: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0.0..1.0f64;
    prop_oneof![
        (at.clone(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        at.clone().prop_map(|at| Mutation::Truncate { at }),
        (at.clone(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::InsertBytes { at, bytes }),
        (at.clone(), 0..JUNK.len()).prop_map(|(at, junk)| Mutation::InsertJunk { at, junk }),
        (at.clone(), 0.0..1.0f64).prop_map(|(at, other)| Mutation::SwapTokens { at, other }),
        (at.clone(), 0..JUNK.len()).prop_map(|(at, junk)| Mutation::ReplaceNumber { at, junk }),
        (at, 1usize..200).prop_map(|(at, len)| Mutation::DeleteRange { at, len }),
    ]
}

fn index(at: f64, len: usize) -> usize {
    ((at * len as f64) as usize).min(len)
}

/// The token (run of non-whitespace) around byte `i`.
fn token_around(bytes: &[u8], i: usize) -> std::ops::Range<usize> {
    let is_space = |b: &u8| b.is_ascii_whitespace();
    let start = bytes[..i].iter().rposition(is_space).map_or(0, |p| p + 1);
    let end = bytes[i..]
        .iter()
        .position(is_space)
        .map_or(bytes.len(), |p| i + p);
    start..end
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    match mutation {
        Mutation::FlipBit { at, bit } => {
            if len > 0 {
                let i = index(*at, len - 1);
                bytes[i] ^= 1 << bit;
            }
        }
        Mutation::Truncate { at } => bytes.truncate(index(*at, len)),
        Mutation::InsertBytes { at, bytes: junk } => {
            let i = index(*at, len);
            bytes.splice(i..i, junk.iter().copied());
        }
        Mutation::InsertJunk { at, junk } => {
            let i = index(*at, len);
            bytes.splice(i..i, JUNK[*junk].bytes());
        }
        Mutation::SwapTokens { at, other } => {
            if len > 0 {
                let a = token_around(bytes, index(*at, len - 1));
                let b = token_around(bytes, index(*other, len - 1));
                let replacement = bytes[b].to_vec();
                bytes.splice(a, replacement);
            }
        }
        Mutation::ReplaceNumber { at, junk } => {
            let from = index(*at, len);
            let Some(start) = bytes[from..].iter().position(u8::is_ascii_digit) else {
                return;
            };
            let start = from + start;
            let end = bytes[start..]
                .iter()
                .position(|b| !(b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'-')))
                .map_or(len, |p| start + p);
            bytes.splice(start..end, JUNK[*junk].bytes());
        }
        Mutation::DeleteRange { at, len: count } => {
            let i = index(*at, len);
            let end = (i + count).min(len);
            bytes.drain(i..end);
        }
    }
}

/// Reads the bytes as Uplift would, and uses whatever loads: no panic anywhere, and a loaded
/// project and its results hold only finite numbers.
fn read_and_use(format: FileFormat, bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(loaded) = read_bytes(bytes, format) else {
        return Ok(());
    };
    let project = loaded.project;
    prop_assert_eq!(first_non_finite(&project), None);
    let valid = !validate(&project).iter().any(Problem::is_error);
    if std::env::var_os("SKIPC").is_none()
        && let Ok(results) = compute(&project)
    {
        prop_assert_eq!(first_non_finite(&results), None);
        // Exporting every chart takes longer than reading; one accepted file in
        // EXPORT_EVERY is exported.
        if valid
            && ACCEPTED
                .fetch_add(1, Ordering::Relaxed)
                .is_multiple_of(EXPORT_EVERY)
        {
            check_exports(&project, &results, &String::from_utf8_lossy(bytes))?;
        }
    }
    Ok(())
}

/// Files that loaded and validated so far, to pick the ones exported.
static ACCEPTED: AtomicUsize = AtomicUsize::new(0);

/// One accepted file in this many is exported.
const EXPORT_EVERY: usize = 20;

/// The words of `text` that name a number that is not finite ("NaN", "inf"...).
fn non_finite_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| matches!(*word, "NaN" | "nan" | "inf" | "infinity" | "Infinity"))
}

/// Every chart as SVG and CSV, and the report as CSV: well-formed, finite, no formulas.
/// `file` is the text the project was read from: a loaded project holds only finite numbers,
/// so a "NaN" in it is in a name or a note (a junk number put inside a string), which the
/// exports rightly repeat; any other such word in an export is a number gone wrong.
fn check_exports(project: &Project, results: &Results, file: &str) -> Result<(), TestCaseError> {
    let typed: Vec<&str> = non_finite_words(file).collect();
    let has_non_finite_word = |text: &str| non_finite_words(text).any(|w| !typed.contains(&w));
    let mut csvs = Vec::new();
    for kind in ChartKind::ALL {
        let chart = chart::build(kind, project, results, &ChartOptions::default());
        let svg = chart::to_svg(&chart, SvgSize::default());
        let document = roxmltree::Document::parse(&svg);
        prop_assert!(document.is_ok(), "{kind}.svg: {:?}", document.err());
        if let Ok(document) = document {
            for node in document.descendants() {
                for text in node.attributes().map(|a| a.value()).chain(node.text()) {
                    prop_assert!(!has_non_finite_word(text), "{kind}.svg: {text}");
                }
            }
        }
        csvs.push((kind.slug(), chart::to_csv(&chart).unwrap()));
    }
    let built = report::build(project, results, Period::Horizon);
    csvs.push(("report", report::to_csv(&built).unwrap()));
    for (name, csv) in csvs {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(csv.as_bytes());
        for record in reader.records() {
            let record = record.unwrap();
            for cell in &record {
                prop_assert!(!looks_like_formula(cell), "{name}.csv: {cell}");
                prop_assert!(!has_non_finite_word(cell), "{name}.csv: {cell}");
            }
        }
    }
    Ok(())
}

/// The same project, or the same error (message, line and column).
fn same_result(a: &Result<LoadedFile, FileError>, b: &Result<LoadedFile, FileError>) -> bool {
    match (a, b) {
        (Ok(a), Ok(b)) => a == b,
        (Err(a), Err(b)) => format!("{a:?}") == format!("{b:?}"),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10_000,
        // Failures are reproduced from the printed case; no regression file to keep.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_files_are_refused_or_load_clean(
        seed in 0..8usize,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (format, original) = &SEEDS[seed % SEEDS.len()];
        let mut bytes = original.clone();
        for mutation in &mutations {
            apply(&mut bytes, mutation);
        }
        read_and_use(*format, &bytes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Large files are read in parallel when the scanner can cut them up and every piece
    /// parses, and otherwise in one pass: mutated, they must read exactly as in one pass.
    #[test]
    fn mutated_large_files_read_the_same_in_parallel_and_in_one_pass(
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut bytes = LARGE_SEED.clone();
        for mutation in &mutations {
            apply(&mut bytes, mutation);
        }
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return Ok(());
        };
        let read = read_bytes(&bytes, FileFormat::Ron);
        let one_pass = read_ron_in_one_pass(text);
        prop_assert!(same_result(&read, &one_pass), "{:?}\n{:?}", read.err(), one_pass.err());
    }
}

#[test]
fn the_large_seed_is_read_in_parallel_alike() {
    assert!(LARGE_SEED.len() >= PARALLEL_PARSE_MIN_BYTES);
    let text = std::str::from_utf8(&LARGE_SEED).unwrap();
    let read = read_bytes(&LARGE_SEED, FileFormat::Ron);
    assert!(read.is_ok());
    assert!(same_result(&read, &read_ron_in_one_pass(text)));
}

#[test]
fn the_unmutated_seeds_load() {
    for (format, bytes) in SEEDS.iter() {
        assert!(read_bytes(bytes, *format).is_ok());
    }
}
