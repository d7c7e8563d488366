//! Where a Sankey's words go: each box's name above it, what each band carries, and how much
//! value each stage adds. Every label is a box in layout coordinates, placed so that it never
//! covers a stage's box, never reaches into another column and never covers another label;
//! a band's label that finds no free place is left out (its figure stays in the CSV and in
//! the window's hover). The SVG export draws these boxes as they are.

use super::sankey::{Layout, NODE_GAP, NODE_WIDTH, Rect, Sankey};
use super::svg_parts::{text_width, wrap_whole};

/// Font size of a box's name.
pub const NODE_LABEL_SIZE: f64 = 13.0;
/// Font size of a band's figure and of what a stage adds.
pub const FLOW_LABEL_SIZE: f64 = 11.0;
/// Line height, as a multiple of the font size.
pub const LEADING: f64 = 1.2;
/// Room above the layout for the first boxes' names (two lines and a little air).
pub const TOP_ROOM: f64 = 2.0 * NODE_LABEL_SIZE * LEADING + 6.0;

/// What a label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelKind {
    /// A stage's or a market's name, above its box.
    Node,
    /// What a band carries and its share of its source.
    Flow,
    /// The value a stage adds, beside the band that brings it in.
    Rise,
}

/// A label's text and the box it takes (layout coordinates, origin top left, y down). The
/// text starts at `x` (left aligned); line `i`'s baseline is `y + (i + 0.8) * size * LEADING`.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelBox {
    /// What it names.
    pub kind: LabelKind,
    /// Its lines.
    pub lines: Vec<String>,
    /// Font size.
    pub size: f64,
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width (the widest line, estimated).
    pub width: f64,
    /// Height (every line).
    pub height: f64,
}

impl LabelBox {
    fn new(kind: LabelKind, lines: Vec<String>, size: f64) -> Self {
        let width = lines
            .iter()
            .map(|line| text_width(line, size) * bold_factor(kind))
            .fold(0.0, f64::max);
        let height = lines.len() as f64 * size * LEADING;
        Self {
            kind,
            lines,
            size,
            x: 0.0,
            y: 0.0,
            width,
            height,
        }
    }

    /// The box as a rectangle.
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.y,
            width: self.width,
            height: self.height,
        }
    }
}

/// Names are bold, which runs about a tenth wider than the estimate of regular text.
fn bold_factor(kind: LabelKind) -> f64 {
    if kind == LabelKind::Node { 1.1 } else { 1.0 }
}

/// True when two rectangles share any area (touching edges do not count).
pub fn overlaps(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// Lines of `text` that fit `room` wide at `size`, at most `max_lines`, words whole; `None`
/// when they do not fit.
fn fitted(
    text: &str,
    room: f64,
    size: f64,
    kind: LabelKind,
    max_lines: usize,
) -> Option<Vec<String>> {
    let chars = (room / (text_width("x", size) * bold_factor(kind))).floor() as usize;
    wrap_whole(text, chars, max_lines)
}

/// Every label of `sankey` laid out by `layout` in a `width` x `height` box.
pub fn sankey_labels(sankey: &Sankey, layout: &Layout, width: f64, height: f64) -> Vec<LabelBox> {
    let last_column = sankey.nodes.iter().map(|n| n.column).max().unwrap_or(0);
    let gap = if layout.column_step > 0.0 {
        layout.column_step - NODE_WIDTH
    } else {
        width - NODE_WIDTH
    };
    let mut placed: Vec<LabelBox> = Vec::new();
    // Names first: each sits on its box, as wide as the gap to the next column.
    for (node, rect) in sankey.nodes.iter().zip(&layout.nodes) {
        // Short of the next column's stubs (at most a fifth of the step).
        let room = if layout.column_step > 0.0 {
            layout.column_step * 0.8 - 6.0
        } else {
            width
        }
        .max(40.0);
        let lines = fitted(&node.label, room, NODE_LABEL_SIZE, LabelKind::Node, 2)
            .unwrap_or_else(|| super::wrap(&node.label, chars_in(room, NODE_LABEL_SIZE), 2));
        let mut label = LabelBox::new(LabelKind::Node, lines, NODE_LABEL_SIZE);
        label.y = rect.y - 3.0 - label.height;
        label.x = if node.column == last_column && sankey.nodes.len() > 1 {
            // The last column's names end at their box's right edge, inside the picture.
            rect.x + NODE_WIDTH - label.width
        } else {
            rect.x
        };
        placed.push(label);
    }
    let mut obstacles: Vec<Rect> = layout.nodes.clone();
    obstacles.extend(layout.rises.iter().flatten().map(|rise| rise.rect));
    let free = |candidate: &LabelBox, placed: &[LabelBox]| {
        let rect = candidate.rect();
        rect.y >= -TOP_ROOM
            && rect.y + rect.height <= height
            && !obstacles.iter().any(|&o| overlaps(rect, o))
            && !placed.iter().any(|p| overlaps(rect, p.rect()))
    };
    // What each stage adds, left of the stub that brings it in.
    for (index, rise) in layout.rises.iter().enumerate() {
        let Some(rise) = rise else { continue };
        let text = format!("+{}", sankey.value_format.value(rise.amount));
        let room = (gap - (layout.nodes[index].x - rise.rect.x) - 8.0).max(30.0);
        let Some(lines) = fitted(&text, room, FLOW_LABEL_SIZE, LabelKind::Rise, 2) else {
            continue;
        };
        let mut label = LabelBox::new(LabelKind::Rise, lines, FLOW_LABEL_SIZE);
        label.x = rise.rect.x - 3.0 - label.width;
        let centre = rise.rect.y + rise.rect.height / 2.0;
        if let Some(y) = free_y(&label, centre, &|c| free(c, &placed)) {
            label.y = y;
            placed.push(label);
        }
    }
    // What each band carries, widest first, in the first gap after its source, near the
    // band; moved up or down to the nearest free place.
    let mut order: Vec<usize> = (0..sankey.flows.len()).collect();
    order.sort_by(|&a, &b| sankey.flows[b].drawn.total_cmp(&sankey.flows[a].drawn));
    for index in order {
        let (Some(flow), Some(band)) = (sankey.flows.get(index), layout.bands.get(index)) else {
            continue;
        };
        let room = (gap - 24.0).max(30.0);
        let Some(lines) = fitted(&flow.label(), room, FLOW_LABEL_SIZE, LabelKind::Flow, 3) else {
            continue;
        };
        let mut label = LabelBox::new(LabelKind::Flow, lines, FLOW_LABEL_SIZE);
        let target_x = band.x0 + 6.0 + label.width / 2.0;
        let centre = band
            .centre_line(48)
            .into_iter()
            .min_by(|a, b| (a.0 - target_x).abs().total_cmp(&(b.0 - target_x).abs()))
            .map_or(band.y0, |(_, y)| y);
        label.x = band.x0 + 6.0;
        if let Some(y) = free_y(&label, centre, &|c| free(c, &placed)) {
            label.y = y;
            placed.push(label);
        }
    }
    placed
}

fn chars_in(room: f64, size: f64) -> usize {
    (room / (text_width("x", size) * bold_factor(LabelKind::Node))).floor() as usize
}

/// The top of `label` nearest to centring it on `centre` where `is_free` holds, trying half a
/// line up and down at a time; `None` when nothing within reach is free.
fn free_y(label: &LabelBox, centre: f64, is_free: &dyn Fn(&LabelBox) -> bool) -> Option<f64> {
    let step = label.size * LEADING / 2.0;
    let start = centre - label.height / 2.0;
    let mut candidate = label.clone();
    for k in 0..80 {
        let offset = f64::from((k + 1) / 2) * step * if k % 2 == 0 { 1.0 } else { -1.0 };
        candidate.y = start + offset;
        if is_free(&candidate) {
            return Some(candidate.y);
        }
    }
    None
}

/// The gap kept between two boxes of a column holds a two-line name.
const _: () = assert!(NODE_GAP >= 2.0 * NODE_LABEL_SIZE * LEADING + 4.0);
