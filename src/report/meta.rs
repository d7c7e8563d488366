//! What every export says about itself: Uplift's version, the date it was made and the data
//! sources it rests on, for the source line of a chart, a workbook's metadata sheet and the
//! report's title page.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::model::Project;

/// Uplift's version, as `uplift --version` prints it.
pub const UPLIFT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Today's date as `YYYY-MM-DD` (UTC). `SOURCE_DATE_EPOCH` (seconds since 1970), when set,
/// is used instead of the clock, so a build system can make byte-identical exports.
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|text| text.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs())
        });
    date_from_days(seconds / 86_400)
}

/// A Markdown heading as the anchor a link to it names, the way GitHub makes them: lower case,
/// punctuation dropped, spaces as hyphens ("9. Decisions" → "9-decisions"). The report's links
/// to METHOD.md and the Help window's method both go by it.
pub fn heading_anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The civil date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn date_from_days(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The short name of each of the project's data sources: the text before its first colon
/// ("National Accounts Committee, Pakistan"), or its first words when it has none.
pub fn source_names(project: &Project) -> Vec<String> {
    project
        .sources
        .iter()
        .map(|source| {
            let lead = source.split(':').next().unwrap_or(source).trim();
            let words: Vec<&str> = lead.split_whitespace().collect();
            if words.len() > 8 {
                format!("{}…", words[..8].join(" "))
            } else {
                words.join(" ")
            }
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// The data sources for a one-paragraph source line: the first few short names and how many
/// more there are ("A; B; C and 5 more").
pub fn sources_in_brief(project: &Project, at_most: usize) -> String {
    let names = source_names(project);
    if names.is_empty() {
        return "none recorded".to_owned();
    }
    let shown = names.len().min(at_most);
    let mut text = names[..shown].join("; ");
    if names.len() > shown {
        let _ = write!(text, " and {} more", names.len() - shown);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_civil_dates() {
        assert_eq!(date_from_days(0), "1970-01-01");
        assert_eq!(date_from_days(19_723), "2024-01-01");
        assert_eq!(date_from_days(19_782), "2024-02-29");
        assert_eq!(date_from_days(20_427), "2025-12-05");
    }

    #[test]
    fn sources_are_named_by_their_lead() {
        let mut project = Project::empty("P", 2025);
        project.sources = vec![
            "Mining Weekly, 14 Feb 2025: output".to_owned(),
            "azzet.com: capex".to_owned(),
            "A note without a colon".to_owned(),
        ];
        assert_eq!(
            source_names(&project),
            [
                "Mining Weekly, 14 Feb 2025",
                "azzet.com",
                "A note without a colon"
            ]
        );
        assert_eq!(
            sources_in_brief(&project, 2),
            "Mining Weekly, 14 Feb 2025; azzet.com and 1 more"
        );
    }
}
