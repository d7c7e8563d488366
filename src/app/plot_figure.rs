//! What every plot in the window shares: a still figure (no pan or zoom), years written as
//! years, category labels wrapped rather than cut, and hover text that gives the exact values
//! with their units.
//!
//! Hover text is worked out from the chart's own description at the pointer's position (the
//! bar, year or step under it), only while the pointer is over the plot, so it costs nothing
//! on other frames and reads the same numbers the exports write.

use egui_plot::{GridMark, Plot, PlotPoint, PlotResponse};

use crate::chart::{self, BarPanel, LinePanel, Waterfall};

/// Half the width of a bar, in categories (bars are 0.62 wide).
pub const BAR_HALF_WIDTH: f64 = 0.31;

/// A plot set up as a figure: no pan, zoom or crosshair, and no coordinate read-out of its
/// own (hover text comes from [`show_hover`]).
pub fn still_plot<'a>(id: impl egui::AsIdSalt) -> Plot<'a> {
    Plot::new(id)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .show_crosshair(false)
}

/// A tick on an axis of years: "2030", nothing between whole years.
pub fn year_tick(mark: GridMark, _range: &std::ops::RangeInclusive<f64>) -> String {
    if mark.value.fract() == 0.0 {
        format!("{}", mark.value as i64)
    } else {
        String::new()
    }
}

/// Shows `text_at`'s text beside the pointer while it is over the plot of `response`.
pub fn show_hover<R>(
    response: &PlotResponse<R>,
    text_at: impl FnOnce(PlotPoint) -> Option<String>,
) {
    let Some(pointer) = response.response.hover_pos() else {
        return;
    };
    if let Some(text) = text_at(response.transform.value_from_position(pointer)) {
        response.response.clone().on_hover_text_at_pointer(text);
    }
}

/// The index of the bar at `x` among `count`, when the pointer is on one.
fn bar_at(x: f64, count: usize) -> Option<usize> {
    let index = x.round();
    ((x - index).abs() <= BAR_HALF_WIDTH && index >= 0.0 && (index as usize) < count)
        .then_some(index as usize)
}

/// What hovering bar `x` of `panel` says: the category, each part with its exact value and
/// unit, and the total.
pub fn bar_text(panel: &BarPanel, x: f64) -> Option<String> {
    let row = bar_at(x, panel.categories.len())?;
    let format = &panel.y_axis.format;
    let mut lines = vec![panel.categories.get(row)?.clone()];
    let parts: Vec<(&str, f64)> = panel
        .series
        .iter()
        .filter_map(|series| Some((series.name.as_str(), *series.values.get(row)?)))
        .filter(|(_, value)| *value != 0.0)
        .collect();
    match parts.as_slice() {
        // One series named like the panel (jobs, a headline figure): the value says it all.
        [(name, value)] if panel.total.is_none() && panel.series.len() == 1 => {
            let what = if panel.heading.is_empty() {
                panel.y_axis.title.as_str()
            } else {
                name
            };
            lines.push(format!("{what}: {}", format.exact(*value)));
        }
        parts => {
            for (name, value) in parts {
                lines.push(format!("{name}: {}", format.exact(*value)));
            }
        }
    }
    if let Some(total) = &panel.total {
        let value = total.values.get(row).copied().unwrap_or(f64::NAN);
        lines.push(format!("{}: {}", total.name, format.exact(value)));
    }
    if lines.len() == 1 {
        lines.push(format!("{}: {}", panel.y_axis.title, format.exact(0.0)));
    }
    Some(lines.join("\n"))
}

/// What hovering year `x` of `panel` says: the year and each line's exact value with its unit.
pub fn line_text(panel: &LinePanel, x: f64) -> Option<String> {
    let year = x.round() as i32;
    let column = panel.years.iter().position(|&y| y == year)?;
    let format = &panel.y_axis.format;
    let mut lines = vec![year.to_string()];
    for series in &panel.series {
        if let Some(value) = series.values.get(column) {
            lines.push(format!("{}: {}", series.name, format.exact(*value)));
        }
    }
    Some(lines.join("\n"))
}

/// What hovering step `x` of a value build-up says: the stage, the value it adds per unit and
/// the value reached, or the final product's value.
pub fn waterfall_text(waterfall: &Waterfall, x: f64) -> Option<String> {
    let format = &waterfall.y_axis.format;
    let index = bar_at(x, waterfall.steps.len() + 1)?;
    let Some(step) = waterfall.steps.get(index) else {
        return Some(format!(
            "{}\nValue per unit: {}",
            waterfall.total_label,
            format.exact(waterfall.total)
        ));
    };
    let verb = if step.added < 0.0 {
        "Takes off"
    } else {
        "Adds"
    };
    let mut text = format!(
        "{}\n{verb} {} per unit\nValue after it: {} per unit",
        step.label,
        format.exact(step.added.abs()),
        format.exact(step.end())
    );
    if let Some(multiple) = step.multiple {
        text = format!("{text}\nUplift x{multiple:.2} on its feed");
    }
    Some(text)
}

/// A category label in at most three lines of `max_chars`: a word too long for a line is
/// broken with a hyphen rather than cut ("Concentrato…"), so the whole name stays readable.
pub fn wrapped_label(label: &str, max_chars: usize) -> String {
    let max_chars = max_chars.max(4);
    let mut pieces: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() <= max_chars {
            pieces.push(word.to_owned());
            continue;
        }
        let mut rest = chars.as_slice();
        while rest.len() > max_chars {
            let (head, tail) = rest.split_at(max_chars - 1);
            pieces.push(head.iter().collect::<String>() + "-");
            rest = tail;
        }
        pieces.push(rest.iter().collect());
    }
    chart::wrap(&pieces.join(" "), max_chars, 3).join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Axis, Series, ValueFormat};

    fn panel() -> BarPanel {
        BarPanel::new(
            Axis {
                title: "Value added".to_owned(),
                format: ValueFormat::Money("USD".to_owned()),
            },
            vec!["Mine".to_owned(), "Concentrator".to_owned()],
            vec![
                Series {
                    name: "Wages".to_owned(),
                    color: chart::Rgb(0, 0, 0),
                    values: vec![1_500_000.0, 0.0],
                },
                Series {
                    name: "Profit".to_owned(),
                    color: chart::Rgb(0, 0, 0),
                    values: vec![-250.0, 80.0],
                },
            ],
        )
    }

    #[test]
    fn a_bar_says_its_parts_with_units_and_only_under_the_pointer() {
        let text = bar_text(&panel(), 0.2).unwrap();
        assert_eq!(text, "Mine\nWages: USD 1,500,000\nProfit: USD -250");
        assert_eq!(
            bar_text(&panel(), 1.0).unwrap(),
            "Concentrator\nProfit: USD 80.00"
        );
        assert_eq!(bar_text(&panel(), 0.5), None, "between bars");
        assert_eq!(bar_text(&panel(), 2.0), None, "beyond the last bar");
    }

    #[test]
    fn long_words_are_broken_not_cut() {
        let label = wrapped_label("Concentrator abroad", 8);
        assert!(!label.contains('…'), "{label}");
        assert_eq!(
            label.replace("-\n", "").replace('\n', " "),
            "Concentrator abroad"
        );
    }
}
