//! Draws a [`Chart`] as a publication-ready SVG: title, subtitle, axis titles with units,
//! legend and source line.
//!
//! The `svg` crate builds the document (it escapes text and attributes); this module only
//! decides where things go. Text names `DejaVu Sans` first, the font embedded for PNG export, and
//! falls back to common sans-serif fonts so any viewer shows it.

use svg::Document;
use svg::node::element::{Circle, Group, Polygon, Polyline, Rectangle, Text};

use super::print_style::Look;
use super::svg_parts::{FONT_FAMILY, line, rect, round, text, text_width, wrap, wrap_whole};
use super::svg_sankey::sankey_panel;
use super::{
    BarPanel, Chart, ChartBody, ChartStyle, LinePanel, Rgb, Series, Waterfall, nice_ticks, palette,
};

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
    to_svg_styled(chart, size, ChartStyle::Screen)
}

/// The chart as an SVG document in `style` (see `print_style`).
pub fn to_svg_styled(chart: &Chart, size: SvgSize, style: ChartStyle) -> String {
    let (width, height) = (size.width.max(320.0), size.height.max(240.0));
    let legend = chart.legend();
    let bars = matches!(chart.body, ChartBody::Bars { .. });
    let look = Look::new(style, &legend, chart.kind.slug(), bars);
    let mut root = Group::new().set("font-family", FONT_FAMILY);
    root = root.add(
        Rectangle::new()
            .set("width", width)
            .set("height", height)
            .set("fill", palette::PAPER.hex()),
    );
    root = root.add(text(PAD, PAD + 22.0, 24.0, &chart.title).set("font-weight", "bold"));
    root = root.add(text(PAD, PAD + 48.0, 15.0, &chart.subtitle).set("fill", palette::MUTED.hex()));

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
        ChartBody::Bars { panels, columns } => bar_panels(panels, *columns, body, &look),
        ChartBody::Lines(panel) => line_panel(panel, body, &look),
        ChartBody::Waterfall(waterfall) => waterfall_panel(waterfall, body),
        ChartBody::Sankey(sankey) => {
            sankey_panel(sankey, (body.x, body.y, body.width, body.height))
        }
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
            if matches!(chart.body, ChartBody::Lines(_)) {
                root = root.add(look.line_sample(name, *color, *x, y + 7.0));
                root = root.add(text(x + 32.0, y + 12.0, 14.0, name));
                continue;
            }
            root = root.add(
                Rectangle::new()
                    .set("x", *x)
                    .set("y", y)
                    .set("width", 14)
                    .set("height", 14)
                    .set("fill", look.fill(name, *color))
                    .set("stroke", palette::AXIS.hex())
                    .set("stroke-width", if look.is_print() { 0.5 } else { 0.0 }),
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
        .add(look.definitions(&legend))
        .add(root)
        .to_string()
}

/// Size of the source line's text; it wraps onto up to three lines this far apart.
const SOURCE_SIZE: f64 = 12.0;
const SOURCE_LEADING: f64 = 15.0;

/// Legend entries placed left to right, wrapping into rows.
fn legend_layout(entries: &[(String, Rgb)], width: f64) -> Vec<Vec<(f64, String, Rgb)>> {
    let mut rows: Vec<Vec<(f64, String, Rgb)>> = Vec::new();
    let mut x = PAD;
    for (name, color) in entries {
        // Room for a swatch or a line sample (with its marker), the name and a gap.
        let entry_width = 32.0 + text_width(name, 14.0) + 24.0;
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

/// Size of category labels under bars.
const CATEGORY_SIZE: f64 = 12.0;
const CATEGORY_LEADING: f64 = 14.0;

/// How bars are named under a panel: each name wrapped whole in its band, or (where some name
/// does not fit three lines of its band, four in a single row of panels) numbers, with a key
/// of the names below the panels.
#[derive(Clone, Debug, PartialEq)]
enum CategoryNames {
    Wrapped(Vec<Vec<String>>),
    Numbered,
}

impl CategoryNames {
    /// Names wrapped whole into bands `band` wide, in at most `max_lines` lines, or numbered
    /// when one does not fit.
    fn fit(categories: &[String], band: f64, max_lines: usize) -> Self {
        let chars = ((band - 4.0) / text_width("x", CATEGORY_SIZE)).floor() as usize;
        let wrapped: Option<Vec<Vec<String>>> = categories
            .iter()
            .map(|name| wrap_whole(name, chars, max_lines))
            .collect();
        wrapped.map_or(Self::Numbered, Self::Wrapped)
    }

    fn lines(&self) -> usize {
        match self {
            Self::Wrapped(names) => names.iter().map(Vec::len).max().unwrap_or(1),
            Self::Numbered => 1,
        }
    }

    /// Room under the plot for the names and a little air.
    fn room(&self) -> f64 {
        16.0 + self.lines().max(1) as f64 * CATEGORY_LEADING
    }

    fn line_of(&self, index: usize) -> Vec<String> {
        match self {
            Self::Wrapped(names) => names.get(index).cloned().unwrap_or_default(),
            Self::Numbered => vec![(index + 1).to_string()],
        }
    }
}

fn category_labels(group: Group, axis: &ValueAxis, count: usize, names: &CategoryNames) -> Group {
    let mut group = group;
    let band = axis.plot.width / count.max(1) as f64;
    for index in 0..count {
        let x = axis.plot.x + band * (index as f64 + 0.5);
        for (row, piece) in names.line_of(index).iter().enumerate() {
            let y = axis.plot.bottom() + 16.0 + row as f64 * CATEGORY_LEADING;
            group = group.add(
                text(x, y, CATEGORY_SIZE, piece)
                    .set("text-anchor", "middle")
                    .set("class", "category"),
            );
        }
    }
    group
}

/// The key of numbered bars: "1 Open-pit mine, phase 1", … laid out left to right in rows
/// `width` wide from (`x`, `y`). Returns the drawing and its height.
fn category_key(categories: &[String], x: f64, y: f64, width: f64) -> (Group, f64) {
    let mut group = Group::new();
    let (mut at, mut row) = (x, 0usize);
    for (index, name) in categories.iter().enumerate() {
        let entry = format!("{} {name}", index + 1);
        let entry_width = text_width(&entry, CATEGORY_SIZE) + 18.0;
        if at > x && at + entry_width > x + width {
            row += 1;
            at = x;
        }
        let baseline = y + 12.0 + row as f64 * CATEGORY_LEADING;
        group = group.add(text(at, baseline, CATEGORY_SIZE, &entry).set("class", "category-key"));
        at += entry_width;
    }
    (group, (row + 1) as f64 * CATEGORY_LEADING + 4.0)
}

/// Rows the key of `categories` takes in `width`.
fn category_key_height(categories: &[String], width: f64) -> f64 {
    category_key(categories, 0.0, 0.0, width).1
}

/// A panel's heading with its unit, wrapped whole into `width` (two lines at most).
fn heading_lines(panel: &BarPanel, width: f64) -> Vec<String> {
    if panel.heading.is_empty() {
        return Vec::new();
    }
    let heading = format!("{} ({})", panel.heading, panel.y_axis.format.unit());
    // Bold text runs about a tenth wider than regular text.
    let chars = (width / (text_width("x", HEADING_SIZE) * 1.1)).floor() as usize;
    wrap_whole(&heading, chars, 2).unwrap_or_else(|| wrap(&heading, chars, 2))
}

const HEADING_SIZE: f64 = 15.0;
const HEADING_LEADING: f64 = 18.0;

fn bar_panels(panels: &[BarPanel], columns: usize, body: Area, look: &Look) -> Group {
    let columns = columns.max(1);
    let rows = panels.len().div_ceil(columns).max(1);
    let cell_width = body.width / columns as f64;
    // Bars are named the same way in every panel, so the rows of panels line up.
    let same_bars = panels
        .windows(2)
        .all(|pair| pair[0].categories == pair[1].categories);
    let longest = panels.iter().map(|p| p.categories.len()).max().unwrap_or(1);
    // The plot is the cell less the value axis (about 100 px with its title and ticks).
    let band = (cell_width - 12.0 - 100.0).max(20.0) / longest.max(1) as f64;
    // One row of panels has the height for a fourth line of a name; a grid keeps three.
    let max_lines = if rows == 1 { 4 } else { 3 };
    let mut names: Vec<CategoryNames> = panels
        .iter()
        .map(|p| CategoryNames::fit(&p.categories, band, max_lines))
        .collect();
    let numbered = same_bars && names.contains(&CategoryNames::Numbered);
    if numbered {
        names.fill(CategoryNames::Numbered);
    } else {
        // Panels of different bars that cannot be numbered by one key: cut as a last resort.
        for (name, panel) in names.iter_mut().zip(panels) {
            if *name == CategoryNames::Numbered {
                let chars = ((band - 4.0) / text_width("x", CATEGORY_SIZE)).floor() as usize;
                *name = CategoryNames::Wrapped(
                    panel.categories.iter().map(|c| wrap(c, chars, 3)).collect(),
                );
            }
        }
    }
    let key_categories = panels.first().map_or(&[][..], |p| p.categories.as_slice());
    let key_height = if numbered {
        category_key_height(key_categories, body.width)
    } else {
        0.0
    };
    let heading_rows = panels
        .iter()
        .map(|p| heading_lines(p, cell_width - 12.0).len())
        .max()
        .unwrap_or(0);
    // A title under the names (a histogram's axis) takes a line more.
    let x_title_room = if panels.iter().any(|p| !p.x_title.is_empty()) {
        X_TITLE_ROOM
    } else {
        0.0
    };
    let bottom_room = names.iter().map(CategoryNames::room).fold(30.0, f64::max) + x_title_room;
    let grid_height = body.height - key_height;
    let cell_height = grid_height / rows as f64;
    let mut group = Group::new();
    for (index, panel) in panels.iter().enumerate() {
        let cell = Area {
            x: body.x + (index % columns) as f64 * cell_width,
            y: body.y + (index / columns) as f64 * cell_height,
            width: cell_width - 12.0,
            height: cell_height - 8.0,
        };
        let layout = PanelLayout {
            heading_rows,
            bottom_room,
            names: &names[index],
        };
        group = group.add(bar_panel(panel, cell, &layout, look));
    }
    if numbered {
        let (key, _) = category_key(key_categories, body.x, body.y + grid_height, body.width);
        group = group.add(key);
    }
    group
}

/// What the panels of one chart share, so their plots line up: the rows of heading, the room
/// under the plot, and how the bars are named.
/// Room under a bar panel's names for its title (`BarPanel::x_title`), in pixels.
const X_TITLE_ROOM: f64 = 20.0;

struct PanelLayout<'a> {
    heading_rows: usize,
    bottom_room: f64,
    names: &'a CategoryNames,
}

fn bar_panel(panel: &BarPanel, cell: Area, layout: &PanelLayout<'_>, look: &Look) -> Group {
    let mut group = Group::new();
    let mut area = cell;
    // A panel with a heading carries the unit there; a rotated axis title would not fit.
    let axis_title = if panel.heading.is_empty() {
        panel.y_axis.title_with_unit()
    } else {
        for (row, line) in heading_lines(panel, cell.width).iter().enumerate() {
            let y = cell.y + 14.0 + row as f64 * HEADING_LEADING;
            group = group.add(
                text(cell.x, y, HEADING_SIZE, line)
                    .set("font-weight", "bold")
                    .set("class", "panel-title"),
            );
        }
        let room = layout.heading_rows as f64 * HEADING_LEADING + 4.0;
        area.y += room;
        area.height -= room;
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
        layout.bottom_room,
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
            let fill = panel.bar_color(series, row);
            let part = rect(x, axis.y(from), bar_width, axis.y(to), fill)
                .set("fill", look.fill(&series.name, fill))
                .set("data-series", series.name.as_str());
            group = group.add(part);
        }
        if panel.value_labels
            && let Some(label) =
                bar_value_label(panel, row, (x + bar_width / 2.0, band), &axis, (up, down))
        {
            group = group.add(label);
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
    if let Some(reference) = panel.reference.as_ref().filter(|r| r.value.is_finite()) {
        let y = axis.y(reference.value);
        let right = axis.plot.x + axis.plot.width;
        group = group.add(
            line(axis.plot.x, y, right, y, &palette::INK.hex(), 1.5).set("stroke-dasharray", "6 4"),
        );
        group =
            group.add(text(right - 4.0, y - 5.0, 12.0, &reference.name).set("text-anchor", "end"));
    }
    let group = category_labels(group, &axis, panel.categories.len(), layout.names);
    if panel.x_title.is_empty() {
        return group;
    }
    // Under the names, in the room `bar_panels` keeps for it.
    group.add(
        text(
            axis.plot.x + axis.plot.width / 2.0,
            axis.plot.bottom() + layout.bottom_room - X_TITLE_ROOM + 14.0,
            13.0,
            &panel.x_title,
        )
        .set("text-anchor", "middle"),
    )
}

/// The value of bar `row` written above its top (or below, for a negative bar), centred on
/// `x` in a band `band` wide; none when it would be wider than the band.
fn bar_value_label(
    panel: &BarPanel,
    row: usize,
    (x, band): (f64, f64),
    axis: &ValueAxis,
    (up, down): (f64, f64),
) -> Option<Text> {
    let value: f64 = panel
        .series
        .iter()
        .filter_map(|series| series.values.get(row))
        .filter(|value| value.is_finite())
        .sum();
    // The panel's heading carries the unit, as its axis does.
    let label = panel.y_axis.format.bar_label(value);
    if text_width(&label, 12.0) > band {
        return None;
    }
    let y = if value < 0.0 {
        axis.y(down) + 14.0
    } else {
        axis.y(up) - 4.0
    };
    Some(text(x, y, 12.0, &label).set("text-anchor", "middle"))
}

fn line_panel(panel: &LinePanel, body: Area, look: &Look) -> Group {
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
    if let Some(range) = &panel.range {
        group = group.add(range_area(panel, range, &x_of, &axis));
    }
    for series in panel.series.iter().filter(|s| s.draws_anything()) {
        let points: Vec<(f64, f64)> = panel
            .years
            .iter()
            .zip(&series.values)
            .filter(|(_, v)| v.is_finite())
            .map(|(&year, &v)| (x_of(f64::from(year)), axis.y(v)))
            .collect();
        group = group.add(polyline(series, &points, look));
        group = group.add(look.markers(&series.name, series.color, &points));
    }
    group
}

/// The range between two series, shaded: along the upper one and back along the lower one.
fn range_area(
    panel: &LinePanel,
    range: &super::SeriesRange,
    x_of: &dyn Fn(f64) -> f64,
    axis: &ValueAxis,
) -> Polygon {
    let (Some(low), Some(high)) = (panel.series.get(range.low), panel.series.get(range.high))
    else {
        return Polygon::new();
    };
    let point = |year: i32, value: f64| {
        format!("{},{}", round(x_of(f64::from(year))), round(axis.y(value)))
    };
    let pairs = || {
        panel
            .years
            .iter()
            .zip(low.values.iter().zip(&high.values))
            .filter(|(_, (low, high))| low.is_finite() && high.is_finite())
    };
    let points: Vec<String> = pairs()
        .map(|(&year, (_, &high))| point(year, high))
        .chain(
            pairs()
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .map(|(&year, (&low, _))| point(year, low)),
        )
        .collect();
    Polygon::new()
        .set("points", points.join(" "))
        .set("fill", range.color.hex())
        .set("fill-opacity", 0.25)
        .set("stroke", "none")
}

fn polyline(series: &Series, points: &[(f64, f64)], look: &Look) -> Polyline {
    let points: Vec<String> = points
        .iter()
        .map(|&(x, y)| format!("{},{}", round(x), round(y)))
        .collect();
    Polyline::new()
        .set("points", points.join(" "))
        .set("fill", "none")
        .set("stroke", series.color.hex())
        .set("stroke-width", 2.5)
        .set("stroke-linejoin", "round")
        .set("stroke-dasharray", look.dash(&series.name))
        .set("data-series", series.name.as_str())
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
    let mut categories: Vec<String> = waterfall.steps.iter().map(|s| s.label.clone()).collect();
    categories.push(waterfall.total_label.clone());
    let band_estimate = (body.width - 100.0).max(20.0) / categories.len().max(1) as f64;
    let names = match CategoryNames::fit(&categories, band_estimate, 4) {
        CategoryNames::Numbered => {
            // One panel and few steps: a name too long for three lines is cut, not keyed.
            let chars = ((band_estimate - 4.0) / text_width("x", CATEGORY_SIZE)) as usize;
            CategoryNames::Wrapped(categories.iter().map(|c| wrap(c, chars, 3)).collect())
        }
        wrapped @ CategoryNames::Wrapped(_) => wrapped,
    };
    let (mut group, axis) = value_axis(
        Group::new(),
        body,
        &waterfall.y_axis.title_with_unit(),
        format,
        low,
        high * 1.06,
        names.room().max(30.0),
    );
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
    category_labels(group, &axis, categories.len(), &names)
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
