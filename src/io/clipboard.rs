//! Stages on the clipboard: a [`Fragment`] written as RON text by Copy and read back by Paste,
//! in the same window or another. Text that is not a fragment is refused with a sentence
//! saying what the clipboard holds instead.

use crate::model::fragment::{FRAGMENT_VERSION, Fragment};

/// Most text accepted from the clipboard: 64 MB, far above a copy of a 10,000-stage chain.
const MAX_TEXT_BYTES: usize = 64 << 20;

/// Why pasted text gave no stages.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasteError {
    /// The text is not a copy of Uplift stages.
    #[error(
        "The clipboard holds no Uplift stages (it holds other text); copy stages in Uplift with Ctrl+C first."
    )]
    NotAFragment,
    /// A fragment written by a newer Uplift.
    #[error(
        "The stages on the clipboard come from a newer Uplift (fragment format {0}); update Uplift to paste them."
    )]
    Newer(u32),
    /// A fragment with no stage in it.
    #[error("The clipboard holds no stages to paste.")]
    Empty,
    /// Text too long to be a copy of stages.
    #[error("The clipboard text is too long to be a copy of stages.")]
    TooLong,
    /// Looks like a fragment but does not read as one.
    #[error("The stages on the clipboard could not be read: {0}")]
    Damaged(String),
}

/// `fragment` as the RON text Copy puts on the clipboard.
pub fn fragment_to_text(fragment: &Fragment) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ".to_owned())
        .enumerate_arrays(false);
    super::ron_options().to_string_pretty(fragment, config)
}

/// The fragment pasted `text` holds.
pub fn fragment_from_text(text: &str) -> Result<Fragment, PasteError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(PasteError::TooLong);
    }
    // Only text that says it is a fragment gets a parse error of its own; anything else
    // (a sentence, a project file, a spreadsheet row) is simply not stages.
    if !text.contains("uplift_fragment") {
        return Err(PasteError::NotAFragment);
    }
    let fragment: Fragment = super::ron_options()
        .from_str(text)
        .map_err(|error| PasteError::Damaged(error.to_string()))?;
    if fragment.uplift_fragment > FRAGMENT_VERSION {
        return Err(PasteError::Newer(fragment.uplift_fragment));
    }
    if fragment.stages.is_empty() {
        return Err(PasteError::Empty);
    }
    // What a project file may not hold (NaN, control characters, endless names) may not come
    // in through the clipboard either.
    let mut holder = crate::model::Project::empty("Clipboard", 2025);
    holder.stages.clone_from(&fragment.stages);
    holder.links.clone_from(&fragment.links);
    super::check_contents(&holder).map_err(|error| PasteError::Damaged(error.to_string()))?;
    Ok(fragment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Project, StageId};

    #[test]
    fn stages_survive_the_clipboard_and_other_text_is_refused() {
        let project = crate::io::examples::default_project().unwrap();
        let ids: Vec<StageId> = project
            .stages
            .iter()
            .take(3)
            .map(|s| s.id.clone())
            .collect();
        let fragment = Fragment::of(&project, &ids).unwrap();
        let text = fragment_to_text(&fragment).unwrap();
        assert_eq!(fragment_from_text(&text), Ok(fragment.clone()));
        assert_eq!(
            fragment_from_text("copper cathode, 9,200 USD/t"),
            Err(PasteError::NotAFragment)
        );
        let project_text = crate::io::project_to_ron(&Project::empty("P", 2025)).unwrap();
        assert_eq!(
            fragment_from_text(&project_text),
            Err(PasteError::NotAFragment)
        );
        assert!(matches!(
            fragment_from_text("(uplift_fragment: 1, stages: [(id: "),
            Err(PasteError::Damaged(_))
        ));
        assert_eq!(
            fragment_from_text("(uplift_fragment: 9, stages: [])"),
            Err(PasteError::Newer(9))
        );
        let mut bad = fragment.clone();
        bad.stages[0].capacity_per_year = f64::NAN;
        let bad_text = fragment_to_text(&bad).unwrap();
        assert!(matches!(
            fragment_from_text(&bad_text),
            Err(PasteError::Damaged(message)) if message.contains("capacity_per_year")
        ));
    }
}
