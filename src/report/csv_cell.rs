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
}
