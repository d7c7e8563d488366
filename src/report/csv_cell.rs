//! CSV cells a spreadsheet will not run: text that begins like a formula is neutralised.
//!
//! Excel, `LibreOffice` and Google Sheets treat a cell that begins with `=`, `+`, `-` or `@` as a
//! formula (and tab or carriage return as padding before one), so a stage called
//! `=HYPERLINK("http://x","y")` would run when a report is opened. Following OWASP's advice
//! ("CSV injection"), every text cell that begins with one of those characters gets a single
//! quote in front, which spreadsheets show as text and do not display. Numbers are written as
//! numbers: `-5` stays `-5`. Every CSV writer (report, chart data, the command line's tables)
//! passes its cells through here.

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula when they come first.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell known to hold text (a name, a label, a unit): prefixed with `'` when it begins with
/// one of [`FORMULA_STARTS`], whatever follows.
pub fn text(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell that may hold a number or text: a finite number (`-5`, `+1.5e3`) is kept as it is,
/// anything else goes through [`text`]. For writers whose rows mix numbers and names as
/// strings.
pub fn any(cell: &str) -> Cow<'_, str> {
    if cell.parse::<f64>().is_ok_and(f64::is_finite) {
        Cow::Borrowed(cell)
    } else {
        text(cell)
    }
}

/// A number cell: twelve significant digits, so floating-point noise (961.4999999999999)
/// reads as the number meant (961.5) while every figure keeps far more precision than its
/// inputs have; zero is "0", never "-0"; a value that is not finite is an empty cell, never
/// "NaN" or "inf".
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let rounded: f64 = format!("{value:.11e}").parse().unwrap_or(value);
    if rounded == 0.0 {
        return "0".to_owned();
    }
    rounded.to_string()
}

/// Whether `cell` as written in a CSV could be read as a formula: true for a cell that begins
/// with one of [`FORMULA_STARTS`] and is not a finite number. Tests use it to check exports.
pub fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with(FORMULA_STARTS) && !cell.parse::<f64>().is_ok_and(f64::is_finite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for name in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd|' /C calc'!A0",
            "@SUM(A1:A2)",
            "-2+3",
            "\tpadded",
            "\r=1",
        ] {
            assert_eq!(text(name), format!("'{name}"));
            assert_eq!(any(name), format!("'{name}"));
            assert!(looks_like_formula(name));
            assert!(!looks_like_formula(&text(name)));
        }
        for number in ["-5", "+1.5e3", "0", "-0.25"] {
            assert_eq!(any(number), number);
            assert!(!looks_like_formula(number));
        }
        assert_eq!(any("-inf"), "'-inf");
        assert_eq!(text("Copper mine"), "Copper mine");
        assert_eq!(text("-5"), "'-5");
    }

    #[test]
    fn numbers_lose_their_noise_and_signed_zeros() {
        assert_eq!(number(961.499_999_999_999_9), "961.5");
        assert_eq!(number(206_561_249.999_999_82), "206561250");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(-1e-300 * 1e-300), "0");
        assert_eq!(number(f64::NAN), "");
        assert_eq!(number(f64::NEG_INFINITY), "");
        assert_eq!(number(0.081_021_175_89), "0.08102117589");
        assert_eq!(number(-2_915_075_000.0), "-2915075000");
    }
}
