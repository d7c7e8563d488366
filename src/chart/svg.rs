//! Draws a [`Chart`] as a publication-ready SVG: title, subtitle, axis titles with units,
//! legend and source line.
//!
//! The `svg` crate builds the document (it escapes text and attributes); this module only
//! decides where things go. Text names `DejaVu Sans` first, the font embedded for PNG export, and
//! falls back to common sans-serif fonts so any viewer shows it.

use svg::Document;
use svg::node::element::{Circle, Group, Line, Path, Polyline, Rectangle, Text};

use super::sankey::{self, NODE_WIDTH};
use super::{BarPanel, Chart, ChartBody, LinePanel, Rgb, Series, Waterfall, nice_ticks, palette};

/// Font stack written into every text element.
pub(crate) const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

const PAD: f64 = 28.0;

/// Size of the SVG in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SvgSize {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Default for SvgSize {
    /// A 16:10 figure that fits a report page at 100%.
    fn default() -> Self {
        Self {
            width: 1200.0,
            height: 750.0,
        }
    }
}

/// A plain rectangle in SVG coordinates.
#[derive(Clone, Copy, Debug)]
struct Area {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

impl Area {
    fn right(self) -> f64 {
        self.x + self.width
    }

    fn bottom(self) -> f64 {
        self.y + self.height
    }
}

/// The chart as an SVG document.
pub fn to_svg(chart: &Chart, size: SvgSize) -> String {
    let (width, height) = (size.width.max(320.0), size.height.max(240.0));
    let mut root = Group::new().set("font-family", FONT_FAMILY);
    root = root.add(
        Rectangle::new()
            .set("width", width)
            .set("height", height)
            .set("fill", palette::PAPER.hex()),
    );
    root = root.add(text(PAD, PAD + 22.0, 24.0, &chart.title).set("font-weight", "bold"));
    root = root.add(text(PAD, PAD + 48.0, 15.0, &chart.subtitle).set("fill", palette::MUTED.hex()));

    let legend = chart.legend();
    let legend_rows = legend_layout(&legend, width - 2.0 * PAD);
    let legend_height = legend_rows.len() as f64 * 22.0;
    let source_chars = ((width - 2.0 * PAD) / text_width("x", SOURCE_SIZE)) as usize;
    let source_lines = wrap(&chart.source, source_chars, 3);
    let source_y = height - PAD + 6.0 - (source_lines.len().max(1) - 1) as f64 * SOURCE_LEADING;
    let legend_top = source_y - 24.0 - legend_height;
    let body = Area {
        x: PAD,
        y: PAD + 72.0,
        width: width - 2.0 * PAD,
        height: (legend_top - 12.0 - (PAD + 72.0)).max(60.0),
    };

    root = root.add(match &chart.body {
        ChartBody::Bars { panels, columns } => bar_panels(panels, *columns, body),
        ChartBody::Lines(panel) => line_panel(panel, body),
        ChartBody::Waterfall(waterfall) => waterfall_panel(waterfall, body),
        ChartBody::Sankey(sankey) => sankey_panel(sankey, body),
        ChartBody::Empty(reason) => Group::new().add(
            text(
                body.x + body.width / 2.0,
                body.y + body.height / 2.0,
                16.0,
                reason,
            )
            .set("text-anchor", "middle")
            .set("fill", palette::MUTED.hex()),
        ),
    });

    for (row, entries) in legend_rows.iter().enumerate() {
        let y = legend_top + row as f64 * 22.0;
        for (x, name, color) in entries {
            root = root.add(
                Rectangle::new()
                    .set("x", *x)
                    .set("y", y)
                    .set("width", 14)
                    .set("height", 14)
                    .set("fill", color.hex()),
            );
            root = root.add(text(x + 20.0, y + 12.0, 14.0, name));
        }
    }
    for (row, line) in source_lines.iter().enumerate() {
        let y = source_y + row as f64 * SOURCE_LEADING;
        root = root.add(text(PAD, y, SOURCE_SIZE, line).set("fill", palette::MUTED.hex()));
    }

    Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set("width", width)
        .set("height", height)
        .set("viewBox", (0.0, 0.0, width, height))
        .add(svg::node::element::Title::new(chart.title.clone()))
        .add(root)
        .to_string()
}

/// Size of the source line's text; it wraps onto up to three lines this far apart.
const SOURCE_SIZE: f64 = 12.0;
const SOURCE_LEADING: f64 = 15.0;

/// Text with a halo of paper colour behind it, so it reads over bands and grid lines: the
/// halo is a copy of the text drawn first with a wide paper-coloured outline. (The shorter
/// `paint-order="stroke"` on one element is ignored by `LibreOffice`, which then paints the
/// outline over the letters and leaves a white blob.)
fn haloed(text: Text) -> Group {
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

fn text(x: f64, y: f64, size: f64, content: &str) -> Text {
    Text::new(drawn_text(content))
        .set("x", round(x))
        .set("y", round(y))
        .set("font-size", size)
        .set("fill", palette::INK.hex())
}

/// Two decimals are plenty for pixels and keep the files small. Values that cannot be drawn
/// are skipped before they get here (see `chart::missing`); should one slip through, it is
/// written as 0 rather than as "NaN", which no SVG reader accepts.
fn round(value: f64) -> f64 {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.is_finite() { rounded } else { 0.0 }
}

/// Legend entries placed left to right, wrapping into rows.
fn legend_layout(entries: &[(String, Rgb)], width: f64) -> Vec<Vec<(f64, String, Rgb)>> {
    let mut rows: Vec<Vec<(f64, String, Rgb)>> = Vec::new();
    let mut x = PAD;
    for (name, color) in entries {
        let entry_width = 20.0 + text_width(name, 14.0) + 24.0;
        if rows.is_empty() || (x + entry_width > PAD + width && x > PAD) {
            rows.push(Vec::new());
            x = PAD;
        }
        if let Some(row) = rows.last_mut() {
            row.push((x, name.clone(), *color));
        }
        x += entry_width;
    }
    rows
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

/// Vertical value axis: ticks, grid lines, tick labels and the rotated axis title. Returns the
/// plot area left for the data and the value-to-y mapping range.
struct ValueAxis {
    plot: Area,
    low: f64,
    high: f64,
}

impl ValueAxis {
    fn y(&self, value: f64) -> f64 {
        let span = (self.high - self.low).max(f64::EPSILON);
        self.plot.bottom() - (value - self.low) / span * self.plot.height
    }
}

/// Draws a value axis in `area`: grid lines at round ticks, tick labels and (when `title` is
/// not empty) the rotated axis title. The axis spans the data padded by 5%, and always zero.
fn value_axis(
    group: Group,
    area: Area,
    title: &str,
    format: &super::ValueFormat,
    low: f64,
    high: f64,
    bottom_room: f64,
) -> (Group, ValueAxis) {
    let (low, high) = padded_range(low, high);
    let ticks: Vec<f64> = nice_ticks(low, high, 5)
        .into_iter()
        .filter(|&t| {
            t >= low - 1e-9 * high.abs().max(1.0) && t <= high + 1e-9 * high.abs().max(1.0)
        })
        .collect();
    let labels: Vec<String> = ticks.iter().map(|&t| format.tick(t)).collect();
    let label_width = labels
        .iter()
        .map(|l| text_width(l, 12.0))
        .fold(0.0, f64::max);
    let title_room = if title.is_empty() { 0.0 } else { 26.0 };
    let plot = Area {
        x: area.x + title_room + label_width + 8.0,
        y: area.y + 8.0,
        width: (area.width - title_room - label_width - 16.0).max(20.0),
        height: (area.height - 8.0 - bottom_room).max(20.0),
    };
    let axis = ValueAxis { plot, low, high };
    let mut group = group;
    for (tick, label) in ticks.iter().zip(&labels) {
        let y = axis.y(*tick);
        group = group.add(line(plot.x, y, plot.right(), y, &palette::GRID.hex(), 1.0));
        group = group.add(
            text(plot.x - 6.0, y + 4.0, 12.0, label)
                .set("text-anchor", "end")
                .set("fill", palette::MUTED.hex()),
        );
    }
    let zero = axis.y(0.0);
    group = group.add(line(
        plot.x,
        zero,
        plot.right(),
        zero,
        &palette::AXIS.hex(),
        1.0,
    ));
    if !title.is_empty() {
        let centre_y = plot.y + plot.height / 2.0;
        group = group.add(
            text(area.x + 12.0, centre_y, 13.0, title)
                .set("text-anchor", "middle")
                .set(
                    "transform",
                    format!("rotate(-90 {} {})", round(area.x + 12.0), round(centre_y)),
                ),
        );
    }
    (group, axis)
}

/// The data range with zero included and 5% of room at the ends that hold data.
pub(crate) fn padded_range(low: f64, high: f64) -> (f64, f64) {
    let (low, high) = (low.min(0.0), high.max(0.0));
    let span = high - low;
    if span <= f64::EPSILON || !span.is_finite() {
        return (0.0, 1.0);
    }
    let low = if low < 0.0 { low - span * 0.05 } else { low };
    let high = if high > 0.0 { high + span * 0.05 } else { high };
    (low, high)
}

fn line(x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) -> Line {
    Line::new()
        .set("x1", round(x1))
        .set("y1", round(y1))
        .set("x2", round(x2))
        .set("y2", round(y2))
        .set("stroke", stroke)
        .set("stroke-width", width)
}

fn rect(x: f64, y0: f64, width: f64, y1: f64, fill: Rgb) -> Rectangle {
    Rectangle::new()
        .set("x", round(x))
        .set("y", round(y0.min(y1)))
        .set("width", round(width))
        .set("height", round((y1 - y0).abs()))
        .set("fill", fill.hex())
}

fn category_labels(group: Group, axis: &ValueAxis, categories: &[String]) -> Group {
    let mut group = group;
    let band = axis.plot.width / categories.len().max(1) as f64;
    let max_chars = (band / (12.0 * 0.58)).floor() as usize;
    for (i, category) in categories.iter().enumerate() {
        let x = axis.plot.x + band * (i as f64 + 0.5);
        for (row, piece) in wrap(category, max_chars, 3).iter().enumerate() {
            group = group.add(
                text(
                    x,
                    axis.plot.bottom() + 16.0 + row as f64 * 14.0,
                    12.0,
                    piece,
                )
                .set("text-anchor", "middle"),
            );
        }
    }
    group
}

fn bar_panels(panels: &[BarPanel], columns: usize, body: Area) -> Group {
    let columns = columns.max(1);
    let rows = panels.len().div_ceil(columns).max(1);
    let cell_width = body.width / columns as f64;
    let cell_height = body.height / rows as f64;
    let mut group = Group::new();
    for (index, panel) in panels.iter().enumerate() {
        let cell = Area {
            x: body.x + (index % columns) as f64 * cell_width,
            y: body.y + (index / columns) as f64 * cell_height,
            width: cell_width - 12.0,
            height: cell_height - 8.0,
        };
        group = group.add(bar_panel(panel, cell));
    }
    group
}

fn bar_panel(panel: &BarPanel, cell: Area) -> Group {
    let mut group = Group::new();
    let mut area = cell;
    // A panel with a heading carries the unit there; a rotated axis title would not fit.
    let axis_title = if panel.heading.is_empty() {
        panel.y_axis.title_with_unit()
    } else {
        let heading = format!("{} ({})", panel.heading, panel.y_axis.format.unit());
        group = group.add(text(cell.x, cell.y + 14.0, 15.0, &heading).set("font-weight", "bold"));
        area.y += 22.0;
        area.height -= 22.0;
        String::new()
    };
    let (low, high) = panel.stack_range();
    let (with_axis, axis) = value_axis(
        group,
        area,
        &axis_title,
        &panel.y_axis.format,
        low,
        high,
        48.0,
    );
    group = with_axis;
    let count = panel.categories.len().max(1);
    let band = axis.plot.width / count as f64;
    let bar_width = (band * 0.62).min(90.0);
    for row in 0..panel.categories.len() {
        let x = axis.plot.x + band * row as f64 + (band - bar_width) / 2.0;
        let (mut up, mut down) = (0.0, 0.0);
        for series in &panel.series {
            let value = series.values.get(row).copied().unwrap_or(0.0);
            if value == 0.0 || !value.is_finite() {
                continue;
            }
            let base = if value > 0.0 { &mut up } else { &mut down };
            let (from, to) = (*base, *base + value);
            *base = to;
            group = group.add(rect(x, axis.y(from), bar_width, axis.y(to), series.color));
        }
        if let Some(total) = panel
            .total
            .as_ref()
            .and_then(|t| t.values.get(row).map(|v| (t, *v)))
            .filter(|(_, value)| value.is_finite())
        {
            let (series, value) = total;
            let y = axis.y(value);
            group = group.add(line(
                x - 4.0,
                y,
                x + bar_width + 4.0,
                y,
                &series.color.hex(),
                3.0,
            ));
            group = group.add(
                Circle::new()
                    .set("cx", round(x + bar_width / 2.0))
                    .set("cy", round(y))
                    .set("r", 4)
                    .set("fill", series.color.hex()),
            );
        }
    }
    category_labels(group, &axis, &panel.categories)
}

fn line_panel(panel: &LinePanel, body: Area) -> Group {
    let values = panel.series.iter().flat_map(|s| s.values.iter().copied());
    let (low, high) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| {
        if v.is_finite() {
            (lo.min(v), hi.max(v))
        } else {
            (lo, hi)
        }
    });
    let (mut group, axis) = value_axis(
        Group::new(),
        body,
        &panel.y_axis.title_with_unit(),
        &panel.y_axis.format,
        low,
        high,
        40.0,
    );
    let (Some(&first), Some(&last)) = (panel.years.first(), panel.years.last()) else {
        return group;
    };
    let span = f64::from((last - first).max(1));
    let x_of = |year: f64| axis.plot.x + (year - f64::from(first)) / span * axis.plot.width;

    for (i, band) in panel.bands.iter().enumerate() {
        let from = f64::from(band.first_year.max(first)) - 0.5;
        let to = f64::from(band.last_year.min(last)) + 0.5;
        if to <= from {
            continue;
        }
        let (x0, x1) = (
            x_of(from.max(f64::from(first))),
            x_of(to.min(f64::from(last))),
        );
        let shade = if i % 2 == 0 {
            palette::BLACK
        } else {
            palette::BLUE
        }
        .hex();
        group = group.add(
            Rectangle::new()
                .set("x", round(x0))
                .set("y", round(axis.plot.y))
                .set("width", round(x1 - x0))
                .set("height", round(axis.plot.height))
                .set("fill", shade)
                .set("fill-opacity", 0.06),
        );
        let max_chars = ((x1 - x0) / (11.0 * 0.58)).floor() as usize;
        if let Some(name) = wrap(&band.name, max_chars, 1).first() {
            group = group.add(
                text(f64::midpoint(x0, x1), axis.plot.y + 14.0, 11.0, name)
                    .set("text-anchor", "middle")
                    .set("fill", palette::MUTED.hex()),
            );
        }
    }

    let year_step = nice_ticks(0.0, span, 8)
        .get(1)
        .copied()
        .unwrap_or(1.0)
        .max(1.0) as i32;
    let mut year = first + (year_step - first.rem_euclid(year_step)) % year_step;
    while year <= last {
        let x = x_of(f64::from(year));
        group = group.add(line(
            x,
            axis.plot.bottom(),
            x,
            axis.plot.bottom() + 5.0,
            &palette::AXIS.hex(),
            1.0,
        ));
        group = group.add(
            text(x, axis.plot.bottom() + 18.0, 12.0, &year.to_string())
                .set("text-anchor", "middle")
                .set("fill", palette::MUTED.hex()),
        );
        year += year_step;
    }
    group = group.add(
        text(
            axis.plot.x + axis.plot.width / 2.0,
            axis.plot.bottom() + 36.0,
            13.0,
            "Year",
        )
        .set("text-anchor", "middle"),
    );

    if let Some(year) = panel.marked_year {
        let x = x_of(f64::from(year));
        group = group.add(
            line(
                x,
                axis.plot.y,
                x,
                axis.plot.bottom(),
                &palette::AXIS.hex(),
                1.0,
            )
            .set("stroke-dasharray", "4 3"),
        );
    }
    for series in &panel.series {
        group = group.add(polyline(series, &panel.years, &x_of, &axis));
    }
    group
}

fn polyline(
    series: &Series,
    years: &[i32],
    x_of: &dyn Fn(f64) -> f64,
    axis: &ValueAxis,
) -> Polyline {
    let points: Vec<String> = years
        .iter()
        .zip(&series.values)
        .filter(|(_, v)| v.is_finite())
        .map(|(&year, &v)| format!("{},{}", round(x_of(f64::from(year))), round(axis.y(v))))
        .collect();
    Polyline::new()
        .set("points", points.join(" "))
        .set("fill", "none")
        .set("stroke", series.color.hex())
        .set("stroke-width", 2.5)
        .set("stroke-linejoin", "round")
}

fn waterfall_panel(waterfall: &Waterfall, body: Area) -> Group {
    let format = &waterfall.y_axis.format;
    let low = waterfall
        .steps
        .iter()
        .flat_map(|s| [s.start, s.end()])
        .fold(0.0_f64, f64::min);
    let high = waterfall
        .steps
        .iter()
        .flat_map(|s| [s.start, s.end()])
        .fold(waterfall.total, f64::max);
    let (mut group, axis) = value_axis(
        Group::new(),
        body,
        &waterfall.y_axis.title_with_unit(),
        format,
        low,
        high * 1.06,
        48.0,
    );
    let mut categories: Vec<String> = waterfall.steps.iter().map(|s| s.label.clone()).collect();
    categories.push(waterfall.total_label.clone());
    let band = axis.plot.width / categories.len().max(1) as f64;
    let bar_width = (band * 0.62).min(110.0);
    let bars = waterfall
        .steps
        .iter()
        .map(|s| (s.start, s.end(), step_color(s.added), Some(s)))
        .chain(std::iter::once((0.0, waterfall.total, palette::BLUE, None)));
    for (i, (from, to, color, step)) in bars.enumerate() {
        let x = axis.plot.x + band * i as f64 + (band - bar_width) / 2.0;
        if !(from.is_finite() && to.is_finite()) {
            // A missing step is named on the axis and left empty above it.
            continue;
        }
        group = group.add(rect(x, axis.y(from), bar_width, axis.y(to), color));
        let label = match step {
            Some(step) => signed(format, step.added),
            None => format.value(to),
        };
        let top = axis.y(from.max(to));
        group = group
            .add(text(x + bar_width / 2.0, top - 6.0, 12.0, &label).set("text-anchor", "middle"));
        if let Some(multiple) = step.and_then(|s| s.multiple).filter(|m| m.is_finite()) {
            group = group.add(
                text(
                    x + bar_width / 2.0,
                    top - 21.0,
                    12.0,
                    &format!("x{multiple:.2}"),
                )
                .set("text-anchor", "middle")
                .set("font-weight", "bold")
                .set("fill", palette::MUTED.hex()),
            );
        }
        if i + 1 < categories.len() {
            let y = axis.y(to);
            group = group.add(
                line(x + bar_width, y, x + band, y, &palette::AXIS.hex(), 1.0)
                    .set("stroke-dasharray", "3 3"),
            );
        }
    }
    category_labels(group, &axis, &categories)
}

/// Colour of a build-up step: green where the stage adds value, vermillion where it loses it.
pub(crate) fn step_color(added: f64) -> Rgb {
    if added >= 0.0 {
        palette::GREEN
    } else {
        palette::VERMILLION
    }
}

/// "+USD 1.2 k" / "-USD 300".
pub(crate) fn signed(format: &super::ValueFormat, value: f64) -> String {
    if !value.is_finite() {
        super::MISSING.to_owned()
    } else if value >= 0.0 {
        format!("+{}", format.value(value))
    } else {
        format!("-{}", format.value(-value))
    }
}

/// Room kept right of the last column for its flows' labels.
const SANKEY_LABEL_ROOM: f64 = 40.0;

fn sankey_panel(sankey: &sankey::Sankey, body: Area) -> Group {
    let mut group = Group::new();
    let width = (body.width - SANKEY_LABEL_ROOM).max(100.0);
    // Room above the first box for its label.
    let geometry = sankey::layout(sankey, width, body.height - 18.0);
    let (ox, oy) = (body.x, body.y + 18.0);
    for (flow, band) in sankey.flows.iter().zip(&geometry.bands) {
        let color = sankey
            .nodes
            .get(flow.from)
            .map_or(palette::GREY, |n| n.group.color());
        let mid = f64::midpoint(band.x0, band.x1) + ox;
        let (x0, x1) = (band.x0 + ox, band.x1 + ox);
        let (y0, y1, w) = (band.y0 + oy, band.y1 + oy, band.width.max(0.8));
        let data = format!(
            "M{},{} C{},{} {},{} {},{} L{},{} C{},{} {},{} {},{} Z",
            round(x0),
            round(y0),
            round(mid),
            round(y0),
            round(mid),
            round(y1),
            round(x1),
            round(y1),
            round(x1),
            round(y1 + w),
            round(mid),
            round(y1 + w),
            round(mid),
            round(y0 + w),
            round(x0),
            round(y0 + w),
        );
        group = group.add(
            Path::new()
                .set("d", data)
                .set("fill", color.hex())
                .set("fill-opacity", 0.45),
        );
    }
    for (node, rect_) in sankey.nodes.iter().zip(&geometry.nodes) {
        group = group.add(
            Rectangle::new()
                .set("x", round(rect_.x + ox))
                .set("y", round(rect_.y + oy))
                .set("width", NODE_WIDTH)
                .set("height", round(rect_.height))
                .set("fill", node.group.color().hex()),
        );
        // Labels sit above their box, clear of the bands; the last column's end at the box's
        // right edge so they stay inside the picture.
        let last_column = sankey.nodes.iter().map(|n| n.column).max() == Some(node.column);
        let (x, anchor) = if last_column && sankey.nodes.len() > 1 {
            (rect_.x + ox + NODE_WIDTH, "end")
        } else {
            (rect_.x + ox, "start")
        };
        group = group.add(haloed(
            text(x, rect_.y + oy - 5.0, 13.0, &node.label)
                .set("text-anchor", anchor)
                .set("font-weight", "bold"),
        ));
    }
    for (flow, band) in sankey.flows.iter().zip(&geometry.bands) {
        let points = band.centre_line(2);
        let Some(&(x, y)) = points.get(1) else {
            continue;
        };
        group = group.add(haloed(
            text(x + ox, y + oy + 4.0, 11.0, &flow.label()).set("text-anchor", "middle"),
        ));
    }
    group
}
