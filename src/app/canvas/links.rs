//! Links between boxes: their arrows, labels (share and flow), selection, context menu and
//! tooltip.

use crate::model::validate::Problem;
use crate::model::{Link, Project, StageId};
use crate::report::format::{self, MoneyDisplay};
use egui::text::LayoutJob;
use egui::{
    Align, Color32, CursorIcon, Galley, Rect, Response, Role, Sense, Shape, Stroke, StrokeKind,
    TextStyle, WidgetInfo, vec2,
};
use std::sync::Arc;

use super::boxes::{problems_ui, set_accessible_bounds};
use super::figures::{LinkFlow, severity_color, worst};
use super::geometry::LinkPath;
use super::{CanvasState, Facts, Selection};
use crate::app::action::Action;
use crate::app::theme;

/// The text on a link: what it carries over the period, or its share while there are no
/// figures.
pub(super) fn link_label_text(
    facts: &Facts<'_, '_>,
    index: usize,
    link: &Link,
    path: &LinkPath,
) -> String {
    let project = facts.view.project;
    match facts.figures.links.get(index) {
        Some(flow) => {
            let unit = project
                .stages
                .get(path.from)
                .map_or("", |s| s.unit.as_str());
            format!(
                "{}\n{}",
                format::quantity(flow.quantity, unit),
                facts.view.money.short(flow.value)
            )
        }
        None => format!("{} of output", share_text(link.share_pct)),
    }
}

/// A link's label, laid out: the tag's rectangle, centred on the middle of the curve, and the
/// text with its lines centred.
pub(super) fn link_label(
    ui: &egui::Ui,
    facts: &Facts<'_, '_>,
    index: usize,
    link: &Link,
    path: &LinkPath,
    color: Color32,
) -> (Rect, Arc<Galley>) {
    let mut job = LayoutJob::simple(
        link_label_text(facts, index, link, path),
        TextStyle::Body.resolve(ui.style()),
        color,
        f32::INFINITY,
    );
    job.halign = Align::Center;
    let galley = ui.painter().layout_job(job);
    let rect = Rect::from_center_size(path.middle(), galley.size() + vec2(10.0, 4.0));
    (rect, galley)
}

pub(super) fn share_text(share_pct: f64) -> String {
    if share_pct.fract().abs() < 1e-9 {
        format!("{share_pct:.0} %")
    } else {
        format!("{share_pct:.1} %")
    }
}

pub(super) fn stage_name<'p>(project: &'p Project, id: &'p StageId) -> &'p str {
    project.stage(id).map_or(id.0.as_str(), |s| s.name.as_str())
}

/// The label at the middle of each link: a small clickable tag that selects the link, names
/// it for screen readers and explains it on hover. Returns the responses by link index.
pub(super) fn link_labels_ui(
    ui: &mut egui::Ui,
    state: &mut CanvasState,
    facts: &Facts<'_, '_>,
    paths: &[Option<LinkPath>],
    actions: &mut Vec<Action>,
) -> Vec<(usize, Response)> {
    let project = facts.view.project;
    let mut responses = Vec::new();
    if !facts.text_readable(ui) {
        // Labels too small to read are not drawn, so there is nothing to click either: the
        // link itself still is.
        return responses;
    }
    let name = |index: usize| project.stages.get(index).map_or("", |s| s.name.as_str());
    for (index, (link, path)) in project.links.iter().zip(paths).enumerate() {
        let Some(path) = path else { continue };
        let (rect, _) = link_label(ui, facts, index, link, path, facts.visuals.text_color());
        let response = ui.interact(
            rect,
            ui.scope_id().with(("link label", index)),
            Sense::click(),
        );
        let selected = state.selection.link == Some(index);
        response.widget_info(|| {
            let title = format!("Link from {} to {}", name(path.from), name(path.to));
            WidgetInfo::selected(Role::Button, true, selected, title)
        });
        set_accessible_bounds(ui, &response);
        if response.clicked() {
            select_link(state, index, facts.shift);
        }
        if response.secondary_clicked() {
            state.selection = Selection::only_link(index);
        }
        response.context_menu(|ui| link_menu_ui(ui, actions));
        let link_problems = facts.problems.of_link(index);
        let flow = facts.figures.links.get(index).copied();
        let response = response.on_hover_ui(|ui| {
            link_tooltip_ui(ui, project, link, flow, link_problems, facts.view.money);
        });
        if response.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
        }
        responses.push((index, response));
    }
    responses
}

pub(super) fn select_link(state: &mut CanvasState, index: usize, shift: bool) {
    if shift {
        state.selection.link = if state.selection.link == Some(index) {
            None
        } else {
            Some(index)
        };
    } else {
        state.selection = Selection::only_link(index);
    }
}

pub(super) fn link_menu_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    if ui
        .add(egui::Button::new("Delete").shortcut_text("Del"))
        .clicked()
    {
        actions.push(Action::DeleteSelection);
    }
}

pub(super) fn link_tooltip_ui(
    ui: &mut egui::Ui,
    project: &Project,
    link: &Link,
    flow: Option<LinkFlow>,
    problems: &[&Problem],
    money: &MoneyDisplay,
) {
    let from = stage_name(project, &link.from);
    ui.label(format!(
        "{from} sends {} of its output to {}.",
        share_text(link.share_pct),
        stage_name(project, &link.to)
    ));
    if let Some(flow) = flow {
        let unit = project.stage(&link.from).map_or("", |s| s.unit.as_str());
        ui.label(format!(
            "Feed used: {}, worth {} at {from}'s price.",
            format::quantity(flow.quantity, unit),
            money.full(flow.value)
        ));
    }
    if link.transport_cost_per_unit > 0.0 {
        ui.label(format!(
            "Transport: {} per unit moved.",
            money.full(link.transport_cost_per_unit)
        ));
    }
    if !problems.is_empty() {
        ui.separator();
        problems_ui(ui, problems);
    }
}

/// Every link as shapes: curve, arrowhead and label, in the colour of its problems. Labels that
/// would cover a box are left out, except for the hovered or selected link, whose label comes
/// back separately to be drawn above the boxes.
pub(super) fn link_shapes(
    ui: &egui::Ui,
    state: &CanvasState,
    facts: &Facts<'_, '_>,
    rects: &[Rect],
    paths: &[Option<LinkPath>],
    hovered: Option<usize>,
    visible: Rect,
) -> (Shape, Vec<Shape>) {
    let visuals = &facts.visuals;
    let labels = facts.text_readable(ui);
    // Only boxes on screen can be covered by a label drawn on screen.
    let rects: Vec<Rect> = rects
        .iter()
        .filter(|rect| rect.intersects(visible))
        .copied()
        .collect();
    let mut shapes = Vec::new();
    let mut raised = Vec::new();
    for (index, (link, path)) in facts.view.project.links.iter().zip(paths).enumerate() {
        let Some(path) = path else { continue };
        let width = facts.figures.link_width(index);
        let problem = worst(facts.problems.of_link(index));
        let color = problem.map_or_else(
            || theme::link_color(visuals),
            |severity| severity_color(severity, visuals),
        );
        let selected = state.selection.link == Some(index);
        let hovered = hovered == Some(index);
        if selected || hovered {
            let halo = if selected {
                theme::selection_color(visuals)
            } else {
                theme::selection_halo(visuals)
            };
            shapes.push(Shape::line(
                path.points.clone(),
                Stroke::new(width + 5.0, halo),
            ));
        }
        shapes.push(Shape::line(path.points.clone(), Stroke::new(width, color)));
        let base = path.points.last().copied().unwrap_or(path.tip);
        let half = 4.5 + width * 0.6;
        shapes.push(Shape::convex_polygon(
            vec![path.tip, base + vec2(0.0, half), base - vec2(0.0, half)],
            color,
            Stroke::NONE,
        ));

        if !labels {
            continue;
        }
        let text_color = problem.map_or_else(|| visuals.text_color(), |_| color);
        let (rect, galley) = link_label(ui, facts, index, link, path, text_color);
        let covers_a_box = rects.iter().any(|r| r.intersects(rect));
        let label = if !covers_a_box {
            &mut shapes
        } else if selected || hovered {
            &mut raised
        } else {
            continue;
        };
        let outline = if selected {
            Stroke::new(1.5, theme::selection_color(visuals))
        } else {
            Stroke::new(1.0, color)
        };
        label.push(Shape::rect_filled(
            rect,
            4.0,
            theme::link_label_fill(visuals),
        ));
        label.push(Shape::rect_stroke(rect, 4.0, outline, StrokeKind::Inside));
        label.push(Shape::galley(
            rect.center() - galley.rect.center().to_vec2(),
            galley,
            text_color,
        ));
    }
    (Shape::Vec(shapes), raised)
}
