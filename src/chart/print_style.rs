//! The print style of exports (`--style print`, the window's "Print style for exports"): a
//! report printed in black and white turns the palette into near greys, so every series also
//! gets a shape of its own. Lines are dashed (each series its own dash pattern) and marked
//! (circle, square, triangle, diamond…); bars and stacked parts are hatched (plain, diagonal
//! lines, dots, back-diagonal lines, cross-hatch, horizontal lines). The legend shows the same
//! dash, marker or hatch, so a grey page still reads.
//!
//! A series' look follows its place in the legend, so a part keeps its hatch in every panel.

use svg::node::element::{Circle, Definitions, Group, Line, Path, Pattern, Rectangle};

use super::svg_parts::round;
use super::{ChartStyle, Rgb, palette};

/// Dash patterns of lines, in legend order ("none" is solid).
const DASHES: [&str; 6] = ["none", "10 4", "2 3", "12 4 2 4", "5 5", "1 6"];

/// How many hatches there are; the first is a plain fill.
const HATCHES: usize = 6;

/// How the series of one chart are told apart: by colour alone, or (print) by dash, marker
/// and hatch too, each series by its place among `names` (the legend's order).
pub(super) struct Look {
    style: ChartStyle,
    names: Vec<String>,
    /// Makes the hatches' ids unique when several charts share one HTML page.
    prefix: &'static str,
    /// Whether the chart's bars are hatched in print (bar charts; a Sankey's boxes and a
    /// build-up's steps are named on the picture and keep their colours).
    hatched: bool,
}

impl Look {
    /// The look of a chart whose legend lists `entries`.
    /// `prefix` (the chart's slug) keeps its hatches' ids apart from other charts'; `hatched`
    /// says whether the chart draws bars.
    pub(super) fn new(
        style: ChartStyle,
        entries: &[(String, Rgb)],
        prefix: &'static str,
        hatched: bool,
    ) -> Self {
        Self {
            style,
            names: entries.iter().map(|(name, _)| name.clone()).collect(),
            prefix,
            hatched,
        }
    }

    /// True in the print style.
    pub(super) fn is_print(&self) -> bool {
        self.style == ChartStyle::Print
    }

    fn index(&self, name: &str) -> usize {
        self.names.iter().position(|n| n == name).unwrap_or(0)
    }

    /// The fill of a bar or part of series `name`: its colour, or in print its hatch.
    pub(super) fn fill(&self, name: &str, color: Rgb) -> String {
        let index = self.index(name);
        if self.is_print() && self.hatched && !index.is_multiple_of(HATCHES) {
            format!("url(#{})", pattern_id(self.prefix, index))
        } else {
            color.hex()
        }
    }

    /// The dash pattern of line `name`: solid on screen, its own pattern in print.
    pub(super) fn dash(&self, name: &str) -> &'static str {
        if self.is_print() {
            DASHES[self.index(name) % DASHES.len()]
        } else {
            "none"
        }
    }

    /// The hatches the legend's series use, for the SVG's definitions (empty on screen).
    pub(super) fn definitions(&self, entries: &[(String, Rgb)]) -> Definitions {
        let mut defs = Definitions::new();
        if !self.is_print() || !self.hatched {
            return defs;
        }
        for (index, (_, color)) in entries.iter().enumerate() {
            if !index.is_multiple_of(HATCHES) {
                defs = defs.add(pattern(self.prefix, index, *color));
            }
        }
        defs
    }

    /// Markers along a print line of series `name` through `points`: a few, spread out, and
    /// shifted per series so two lines' markers do not sit on each other. None on screen.
    pub(super) fn markers(&self, name: &str, color: Rgb, points: &[(f64, f64)]) -> Group {
        let mut group = Group::new();
        if !self.is_print() || points.is_empty() {
            return group;
        }
        let index = self.index(name);
        let every = (points.len() / 7).max(1);
        for (at, &(x, y)) in points.iter().enumerate() {
            if (at + index).is_multiple_of(every) {
                group = group.add(marker(index, x, y, color));
            }
        }
        group
    }

    /// The legend's sample of a line: a short stretch with the line's dash and marker.
    pub(super) fn line_sample(&self, name: &str, color: Rgb, x: f64, y: f64) -> Group {
        let sample = Line::new()
            .set("x1", round(x))
            .set("y1", round(y))
            .set("x2", round(x + 26.0))
            .set("y2", round(y))
            .set("stroke", color.hex())
            .set("stroke-width", 2.5)
            .set("stroke-dasharray", self.dash(name));
        let group = Group::new().add(sample);
        if self.is_print() {
            group.add(marker(self.index(name), x + 13.0, y, color))
        } else {
            group
        }
    }
}

/// The id of hatch `index` of chart `prefix` in the SVG's definitions.
fn pattern_id(prefix: &str, index: usize) -> String {
    format!("print-hatch-{prefix}-{index}")
}

/// Hatch `index` over `color`: the colour as ground, dark marks over it.
fn pattern(prefix: &str, index: usize, color: Rgb) -> Pattern {
    let ink = palette::INK.hex();
    let ground = Rectangle::new()
        .set("width", 8)
        .set("height", 8)
        .set("fill", color.hex());
    let stroke = |data: &str| {
        Path::new()
            .set("d", data)
            .set("stroke", ink.as_str())
            .set("stroke-width", 1.3)
            .set("fill", "none")
    };
    let marks = match index % HATCHES {
        1 => Group::new().add(stroke("M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6")),
        2 => Group::new().add(
            Circle::new()
                .set("cx", 4)
                .set("cy", 4)
                .set("r", 1.6)
                .set("fill", ink.as_str()),
        ),
        3 => Group::new().add(stroke("M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2")),
        4 => Group::new().add(stroke("M0,0 L8,8 M8,0 L0,8")),
        _ => Group::new().add(stroke("M0,4 L8,4")),
    };
    Pattern::new()
        .set("id", pattern_id(prefix, index))
        .set("patternUnits", "userSpaceOnUse")
        .set("width", 8)
        .set("height", 8)
        .add(ground)
        .add(marks)
}

/// Marker `index` (circle, square, triangle, diamond, cross, ring) at (`x`, `y`).
fn marker(index: usize, x: f64, y: f64, color: Rgb) -> Group {
    let (x, y) = (round(x), round(y));
    let fill = color.hex();
    let shape = |data: String| {
        Path::new()
            .set("d", data)
            .set("fill", fill.as_str())
            .set("stroke", palette::PAPER.hex())
            .set("stroke-width", 1)
    };
    let group = Group::new().set("class", "marker");
    match index % 6 {
        0 => group.add(
            Circle::new()
                .set("cx", x)
                .set("cy", y)
                .set("r", 4)
                .set("fill", fill.as_str()),
        ),
        1 => group.add(shape(format!("M{},{} h8 v8 h-8 Z", x - 4.0, y - 4.0))),
        2 => group.add(shape(format!("M{x},{} l5,9 h-10 Z", y - 5.0))),
        3 => group.add(shape(format!("M{x},{} l5,5 l-5,5 l-5,-5 Z", y - 5.0))),
        4 => group.add(
            Path::new()
                .set(
                    "d",
                    format!(
                        "M{},{} l8,8 M{},{} l-8,8",
                        x - 4.0,
                        y - 4.0,
                        x + 4.0,
                        y - 4.0
                    ),
                )
                .set("stroke", fill.as_str())
                .set("stroke-width", 2),
        ),
        _ => group.add(
            Circle::new()
                .set("cx", x)
                .set("cy", y)
                .set("r", 3.5)
                .set("fill", palette::PAPER.hex())
                .set("stroke", fill.as_str())
                .set("stroke-width", 2),
        ),
    }
}
