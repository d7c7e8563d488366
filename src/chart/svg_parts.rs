//! The pieces every SVG drawing is made of: text (escaped, cut, with the font stack), lines,
//! rectangles, numbers rounded for the file, and the estimates of how wide text runs, shared
//! by the chart writer, the Sankey writer and the report's pages.

use svg::node::element::{Group, Line, Rectangle, Text};

use super::{Rgb, palette};

/// Font stack written into every text element.
pub(crate) const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

/// Text with a halo of paper colour behind it, so it reads over bands and grid lines: the
/// halo is a copy of the text drawn first with a wide paper-coloured outline. (The shorter
/// `paint-order="stroke"` on one element is ignored by `LibreOffice`, which then paints the
/// outline over the letters and leaves a white blob.)
pub(super) fn haloed(text: Text) -> Group {
    let halo = text
        .clone()
        .set("fill", palette::PAPER.hex())
        .set("stroke", palette::PAPER.hex())
        .set("stroke-width", 3)
        .set("stroke-linejoin", "round")
        .set("aria-hidden", "true");
    Group::new().add(halo).add(text)
}

/// Approximate width of `text` at `size`: `DejaVu Sans` averages a little over half an em.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.58
}

/// Longest text drawn, in characters; longer text is cut with an ellipsis. Text shaping for the
/// PNG grows with the square of a line's length, and nothing longer fits a figure anyway.
pub(crate) const MAX_DRAWN_CHARS: usize = 200;

/// `content` cut to [`MAX_DRAWN_CHARS`] characters, with characters XML cannot hold (control
/// characters, U+FFFE, U+FFFF) shown as U+FFFD. Files with such text are refused on load, but
/// the window can still hold it, and an export must stay a valid SVG whatever it holds.
pub(crate) fn drawn_text(content: &str) -> String {
    let mut drawn: String = content
        .chars()
        .take(MAX_DRAWN_CHARS)
        .map(|c| {
            if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect();
    if content.chars().nth(MAX_DRAWN_CHARS).is_some() {
        drawn.push('…');
    }
    drawn
}

pub(super) fn text(x: f64, y: f64, size: f64, content: &str) -> Text {
    Text::new(drawn_text(content))
        .set("x", round(x))
        .set("y", round(y))
        .set("font-size", size)
        .set("fill", palette::INK.hex())
}

/// Two decimals are plenty for pixels and keep the files small. Values that cannot be drawn
/// are skipped before they get here (see `chart::missing`); should one slip through, it is
/// written as 0 rather than as "NaN", which no SVG reader accepts.
pub(super) fn round(value: f64) -> f64 {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.is_finite() { rounded } else { 0.0 }
}

/// Words of `label` wrapped into at most `max_lines` lines of `max_chars`, the last one cut
/// with an ellipsis if needed.
pub(crate) fn wrap(label: &str, max_chars: usize, max_lines: usize) -> Vec<String> {
    let max_chars = max_chars.max(4);
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max_chars => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    for line in &mut lines {
        if line.chars().count() > max_chars {
            *line = line.chars().take(max_chars - 1).collect::<String>() + "…";
        }
    }
    lines
}

pub(super) fn line(x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) -> Line {
    Line::new()
        .set("x1", round(x1))
        .set("y1", round(y1))
        .set("x2", round(x2))
        .set("y2", round(y2))
        .set("stroke", stroke)
        .set("stroke-width", width)
}

pub(super) fn rect(x: f64, y0: f64, width: f64, y1: f64, fill: Rgb) -> Rectangle {
    Rectangle::new()
        .set("x", round(x))
        .set("y", round(y0.min(y1)))
        .set("width", round(width))
        .set("height", round((y1 - y0).abs()))
        .set("fill", fill.hex())
}

/// Words of `label` in at most `max_lines` lines of at most `max_chars`, nothing cut: a word
/// too long for a line breaks only after a hyphen ("Open-" / "pit"). `None` when the label
/// does not fit that way, so the caller can lay it out otherwise.
pub(crate) fn wrap_whole(label: &str, max_chars: usize, max_lines: usize) -> Option<Vec<String>> {
    if max_chars == 0 {
        return None;
    }
    let mut pieces: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        if word.chars().count() <= max_chars {
            pieces.push(word.to_owned());
            continue;
        }
        // Break after hyphens, packing as many parts as fit.
        let mut current = String::new();
        for part in word.split_inclusive('-') {
            if !current.is_empty() && current.chars().count() + part.chars().count() > max_chars {
                pieces.push(std::mem::take(&mut current));
            }
            current.push_str(part);
        }
        if current.chars().count() > max_chars {
            return None;
        }
        pieces.push(current);
    }
    let mut lines: Vec<String> = Vec::new();
    for piece in pieces {
        match lines.last_mut() {
            Some(line)
                if !line.ends_with('-')
                    && line.chars().count() + 1 + piece.chars().count() <= max_chars =>
            {
                line.push(' ');
                line.push_str(&piece);
            }
            Some(line)
                if line.ends_with('-')
                    && line.chars().count() + piece.chars().count() <= max_chars =>
            {
                line.push_str(&piece);
            }
            _ => lines.push(piece),
        }
    }
    (lines.len() <= max_lines).then_some(lines)
}

#[cfg(test)]
mod tests {
    use super::wrap_whole;

    #[test]
    fn whole_words_wrap_and_break_only_after_a_hyphen() {
        assert_eq!(
            wrap_whole("Open-pit mine, phase 1", 9, 3),
            Some(vec![
                "Open-pit".to_owned(),
                "mine,".to_owned(),
                "phase 1".to_owned()
            ])
        );
        assert_eq!(
            wrap_whole("Open-pit mine", 5, 3),
            Some(vec![
                "Open-".to_owned(),
                "pit".to_owned(),
                "mine".to_owned()
            ])
        );
        assert_eq!(wrap_whole("Concentrator", 6, 3), None, "never cut");
        assert_eq!(wrap_whole("a b c d", 1, 3), None, "too many lines");
    }
}
