//! Draws a Sankey into an SVG: the bands, the boxes, the stubs where value rises at a stage,
//! the note on how to read the widths, and the labels where `sankey_labels` put them.

use svg::node::element::{Group, Path, Rectangle};

use super::sankey::{self, NODE_WIDTH, Sankey};
use super::sankey_labels::{LEADING, LabelKind, TOP_ROOM, sankey_labels};
use super::svg_parts::{haloed, round, text, text_width, wrap};
use super::{Rgb, palette};

/// A box in SVG coordinates: left, top, width, height.
pub(super) type Frame = (f64, f64, f64, f64);

/// Size of the note above the diagram.
const NOTE_SIZE: f64 = 13.0;

/// Colour of the stubs that bring in the value a stage adds (the legend's too).
const RISE_COLOR: Rgb = palette::GREEN_TEXT;

/// The Sankey drawn in `frame`.
pub(super) fn sankey_panel(sankey: &Sankey, frame: Frame) -> Group {
    let (left, top, width, height) = frame;
    let mut group = Group::new();
    let note_chars = (width / text_width("x", NOTE_SIZE)) as usize;
    let note = if sankey.note.is_empty() {
        Vec::new()
    } else {
        wrap(&sankey.note, note_chars, 2)
    };
    for (row, line) in note.iter().enumerate() {
        group = group.add(
            text(left, top + 12.0 + row as f64 * 16.0, NOTE_SIZE, line)
                .set("fill", palette::MUTED.hex())
                .set("class", "note"),
        );
    }
    let note_room = note.len() as f64 * 16.0 + if note.is_empty() { 0.0 } else { 4.0 };
    let (ox, oy) = (left, top + note_room + TOP_ROOM);
    let layout_height = (height - note_room - TOP_ROOM).max(60.0);
    let geometry = sankey::layout(sankey, width, layout_height);
    for (flow, band) in sankey.flows.iter().zip(&geometry.bands) {
        let color = sankey
            .nodes
            .get(flow.from)
            .map_or(palette::GREY, |n| n.group.color());
        group = group.add(band_path(band, (ox, oy), color));
    }
    for rise in geometry.rises.iter().flatten() {
        let r = rise.rect;
        group = group.add(
            Rectangle::new()
                .set("x", round(r.x + ox))
                .set("y", round(r.y + oy))
                .set("width", round(r.width))
                .set("height", round(r.height.max(0.8)))
                .set("fill", RISE_COLOR.hex())
                .set("fill-opacity", 0.85)
                .set("class", "rise"),
        );
    }
    for (node, rect) in sankey.nodes.iter().zip(&geometry.nodes) {
        group = group.add(
            Rectangle::new()
                .set("x", round(rect.x + ox))
                .set("y", round(rect.y + oy))
                .set("width", NODE_WIDTH)
                .set("height", round(rect.height))
                .set("fill", node.group.color().hex())
                .set("class", "node"),
        );
    }
    for label in sankey_labels(sankey, &geometry, width, layout_height) {
        let class = match label.kind {
            LabelKind::Node => "label-node",
            LabelKind::Flow => "label-flow",
            LabelKind::Rise => "label-rise",
        };
        for (row, line) in label.lines.iter().enumerate() {
            let baseline = label.y + (row as f64 + 0.8) * label.size * LEADING;
            let mut element =
                text(label.x + ox, baseline + oy, label.size, line).set("class", class);
            if label.kind == LabelKind::Node {
                element = element.set("font-weight", "bold");
            }
            if label.kind == LabelKind::Rise {
                element = element.set("fill", palette::GREEN_TEXT.hex());
            }
            group = group.add(haloed(element));
        }
    }
    group
}

/// A band from its source to its target: two cubic curves with horizontal ends.
fn band_path(band: &sankey::Band, (ox, oy): (f64, f64), color: Rgb) -> Path {
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
    Path::new()
        .set("d", data)
        .set("fill", color.hex())
        .set("fill-opacity", 0.45)
}
