//! The Sankey in the window, painted from the same layout and labels as the SVG export;
//! hovering a band names the flow with its amount and share, and each box is named to
//! screen readers.

use egui::{FontId, Mesh, Pos2, Rect, Sense, Shape, Ui, WidgetInfo, vec2};

use crate::chart;
use crate::chart::sankey::{self, NODE_WIDTH};
use crate::chart::sankey_labels::{self, LabelKind};

use super::theme;

/// The Sankey, drawn from the same layout and labels as the SVG export; hovering a band names
/// the flow.
pub fn sankey_ui(ui: &mut Ui, diagram: &sankey::Sankey) {
    if !diagram.note.is_empty() {
        ui.weak(&diagram.note);
    }
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::hover());
    let rect = response.rect;
    let label_room = sankey_labels::TOP_ROOM as f32;
    let area = Rect::from_min_max(rect.min + vec2(0.0, label_room), rect.max);
    let geometry = sankey::layout(diagram, f64::from(area.width()), f64::from(area.height()));
    let at = |x: f64, y: f64| Pos2::new(area.min.x + x as f32, area.min.y + y as f32);
    let visuals = ui.visuals().clone();
    let hover = response.hover_pos();
    let mut hovered = None;
    for (index, (flow, band)) in diagram.flows.iter().zip(&geometry.bands).enumerate() {
        let base = diagram
            .nodes
            .get(flow.from)
            .map_or(chart::palette::GREY, |n| n.group.color());
        let centre = band.centre_line(32);
        let half = band.width.max(1.0) / 2.0;
        let over = hover.is_some_and(|p| {
            centre.windows(2).any(|pair| {
                let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
                let (px, py) = (f64::from(p.x - area.min.x), f64::from(p.y - area.min.y));
                px >= x0 && px <= x1 && {
                    let t = if x1 > x0 { (px - x0) / (x1 - x0) } else { 0.0 };
                    (py - (y0 + t * (y1 - y0))).abs() <= half
                }
            })
        });
        if over {
            hovered = Some(index);
        }
        let alpha = if over { 0.75 } else { 0.45 };
        let fill = theme::chart_color(base, &visuals).gamma_multiply(alpha);
        let mut mesh = Mesh::default();
        for (i, &(x, y)) in centre.iter().enumerate() {
            mesh.colored_vertex(at(x, y - half), fill);
            mesh.colored_vertex(at(x, y + half), fill);
            if i > 0 {
                let k = (2 * i) as u32;
                mesh.add_triangle(k - 2, k - 1, k);
                mesh.add_triangle(k - 1, k, k + 1);
            }
        }
        painter.add(Shape::mesh(mesh));
    }
    for rise in geometry.rises.iter().flatten() {
        let r = rise.rect;
        painter.rect_filled(
            Rect::from_min_size(at(r.x, r.y), vec2(r.width as f32, r.height.max(1.0) as f32)),
            0.0,
            theme::chart_color(chart::palette::GREEN_TEXT, &visuals).gamma_multiply(0.8),
        );
    }
    for (index, (node, r)) in diagram.nodes.iter().zip(&geometry.nodes).enumerate() {
        let node_rect = Rect::from_min_size(at(r.x, r.y), vec2(NODE_WIDTH as f32, r.height as f32));
        painter.rect_filled(
            node_rect,
            1.0,
            theme::chart_color(node.group.color(), &visuals),
        );
        // Each box is named to screen readers (and to the UI tests) as a person reads it.
        ui.interact(
            node_rect,
            response.id.with(("sankey-node", index)),
            Sense::hover(),
        )
        .widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, &node.label));
    }
    let labels = sankey_labels::sankey_labels(
        diagram,
        &geometry,
        f64::from(area.width()),
        f64::from(area.height()),
    );
    for label in labels {
        let color = match label.kind {
            LabelKind::Node => visuals.strong_text_color(),
            LabelKind::Flow | LabelKind::Rise => visuals.text_color(),
        };
        let galley = painter.layout_no_wrap(
            label.lines.join("\n"),
            FontId::proportional(label.size as f32),
            color,
        );
        let pos = at(label.x, label.y);
        if label.kind != LabelKind::Node {
            painter.rect_filled(
                Rect::from_min_size(pos, galley.size()).expand(1.0),
                2.0,
                visuals.extreme_bg_color.gamma_multiply(0.85),
            );
        }
        painter.galley(pos, galley, color);
    }
    if let Some(flow) = hovered.and_then(|i| diagram.flows.get(i)) {
        let name = |i: usize| diagram.nodes.get(i).map_or("", |n| n.label.as_str());
        let text = format!(
            "From {} to {}\n{} ({} of what leaves {})",
            name(flow.from),
            name(flow.to),
            flow.format.exact(flow.amount),
            crate::report::format::percent(flow.share_of_source),
            name(flow.from),
        );
        response.on_hover_text_at_pointer(text);
    }
}
