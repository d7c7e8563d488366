//! Small price charts for the inspector, sized for its narrow column: a commodity's or a
//! stage's price each year (`egui_plot`, hover shows the year and the price), and how one
//! price is built, as a waterfall of labelled horizontal bars that reads at 300 points wide.

use egui::{Align2, FontId, Sense, Stroke, Ui, WidgetInfo, pos2, vec2};
use egui_plot::{Line, VLine};

use crate::app::{plot_figure, theme};
use crate::chart::{self, palette};
use crate::report::format;

/// Height of a small price chart, in points.
const LINE_HEIGHT: f32 = 110.0;

/// A price with the decimals a price per unit needs: none above 1,000, two below.
pub(super) fn price_text(value: f64) -> String {
    let decimals = if value.abs() >= 1000.0 { 0 } else { 2 };
    format::thousands(value, decimals)
}

/// A small line of `points` (year, price), the axis titled with `unit`; hovering shows the
/// year and the price. `marked` draws a dashed line at that year.
pub(super) fn price_line_ui(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    name: &str,
    points: &[(i32, f64)],
    unit: &str,
    marked: Option<i32>,
) {
    let hover_unit = unit.to_owned();
    let line: Vec<[f64; 2]> = points
        .iter()
        .map(|&(year, price)| [f64::from(year), price])
        .collect();
    let color = theme::chart_color(palette::BLUE, ui.visuals());
    let marker_color = ui.visuals().weak_text_color();
    let title = name.to_owned();
    let hover_points = points;
    let response = plot_figure::still_plot(id_salt)
        .height(LINE_HEIGHT)
        .include_y(0.0)
        .y_axis_label(unit.to_owned())
        .y_axis_min_width(44.0)
        .x_axis_formatter(plot_figure::year_tick)
        .show(ui, |plot_ui| {
            if let Some(year) = marked {
                plot_ui.vline(
                    VLine::new(format!("Year shown {year}"), f64::from(year))
                        .color(marker_color)
                        .style(egui_plot::LineStyle::dashed_loose()),
                );
            }
            plot_ui.line(Line::new(name, line).color(color).width(2.0));
        });
    plot_figure::show_hover(&response, |point| {
        let year = point.x.round() as i32;
        let (_, price) = hover_points.iter().find(|(y, _)| *y == year)?;
        Some(format!(
            "{title}\n{year}: {} {hover_unit}",
            price_text(*price)
        ))
    });
}

/// One bar of a price waterfall: its name and what it adds to the price (negative: takes off).
pub(super) struct Step {
    /// What the bar is ("Treatment charge").
    pub label: &'static str,
    /// What it adds per unit.
    pub added: f64,
}

/// How a price is built, as horizontal bars: one row per step from where the price stood to
/// where the step leaves it, then the price itself; each row names the step and its amount.
pub(super) fn price_waterfall_ui(ui: &mut Ui, steps: &[Step], price: f64, unit: &str) {
    let visuals = ui.visuals().clone();
    let mut level = 0.0_f64;
    let mut high = price.max(0.0);
    let mut low = price.min(0.0);
    for step in steps {
        level += step.added;
        high = high.max(level);
        low = low.min(level);
    }
    let span = (high - low).max(f64::MIN_POSITIVE);
    let font = FontId::proportional(12.0);
    let row_height = 18.0;
    let label_width = 104.0;
    let value_width = 76.0;
    let bar_width = (ui.available_width() - label_width - value_width - 8.0).max(40.0);
    let mut start = 0.0_f64;
    let total = Step {
        label: "Price",
        added: price,
    };
    for (index, step) in steps.iter().chain(std::iter::once(&total)).enumerate() {
        let is_total = index == steps.len();
        let (from, to) = if is_total {
            (0.0, price)
        } else {
            (start, start + step.added)
        };
        let (rect, response) = ui.allocate_exact_size(
            vec2(label_width + bar_width + value_width, row_height),
            Sense::hover(),
        );
        let amount = if is_total {
            price_text(price)
        } else {
            chart_signed(step.added)
        };
        let words = format!("{}: {amount} {unit}", step.label);
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, &words));
        let painter = ui.painter_at(rect);
        let text_color = if is_total {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        };
        painter.text(
            pos2(rect.left(), rect.center().y),
            Align2::LEFT_CENTER,
            step.label,
            font.clone(),
            text_color,
        );
        let x = |value: f64| rect.left() + label_width + ((value - low) / span) as f32 * bar_width;
        let fill = if is_total {
            theme::chart_color(palette::BLUE, &visuals)
        } else {
            theme::chart_color(chart::step_color(step.added), &visuals)
        };
        let (left, right) = (x(from.min(to)), x(from.max(to)).max(x(from.min(to)) + 1.0));
        painter.rect_filled(
            egui::Rect::from_min_max(
                pos2(left, rect.top() + 3.0),
                pos2(right, rect.bottom() - 3.0),
            ),
            1.0,
            fill,
        );
        if !is_total {
            // The line the next bar starts from, so the steps read as one path.
            painter.vline(
                x(to),
                rect.y_range(),
                Stroke::new(1.0, visuals.weak_text_color().gamma_multiply(0.5)),
            );
        }
        painter.text(
            pos2(rect.right(), rect.center().y),
            Align2::RIGHT_CENTER,
            &amount,
            font.clone(),
            text_color,
        );
        response.on_hover_text(words);
        start = to;
    }
}

/// An amount with its sign, as a step of the waterfall shows it ("+1,200", "-80.50").
fn chart_signed(value: f64) -> String {
    if value < 0.0 {
        format!("-{}", price_text(-value))
    } else {
        format!("+{}", price_text(value))
    }
}
