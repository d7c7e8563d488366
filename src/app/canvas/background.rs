//! The canvas behind the boxes: the grid, the note on an empty canvas, the gesture hint,
//! clicks and drags on empty space (clear selection, marquee, the add-stage menu, dropped
//! stage kinds).

use crate::model::StageKind;
use egui::{
    CursorIcon, Painter, PointerButton, Pos2, Rect, Response, Shape, Stroke, StrokeKind, TextStyle,
    Visuals, pos2, vec2,
};

use super::boxes::problems_ui;
use super::geometry::{LinkPath, box_origin_centered_on, link_at};
use super::links::{link_menu_ui, select_link};
use super::{
    CanvasState, ContextTarget, Facts, GRID_SPACING, HINT, LINK_HIT_DISTANCE_PX, Marquee,
    STAGE_BOX_SIZE, Selection,
};
use crate::app::action::Action;
use crate::app::theme;

/// Clicks, right-clicks, drops and Shift+drags on the empty canvas.
#[expect(
    clippy::too_many_arguments,
    reason = "one call site; the pieces are this frame's geometry"
)]
pub(super) fn background_ui(
    ui: &mut egui::Ui,
    state: &mut CanvasState,
    facts: &Facts<'_, '_>,
    background: &Response,
    rects: &[Rect],
    paths: &[Option<LinkPath>],
    hovered_link: Option<usize>,
    actions: &mut Vec<Action>,
) {
    let tolerance = LINK_HIT_DISTANCE_PX / facts.zoom;
    let link_under = |point: Option<Pos2>| {
        point.and_then(|point| link_at(paths, facts.figures, point, tolerance))
    };
    if hovered_link.is_some() && background.hovered() {
        ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
    }
    if background.clicked() {
        match link_under(background.interact_pointer_pos()) {
            Some(link) => select_link(state, link, facts.shift),
            None if !facts.shift => state.selection = Selection::default(),
            None => {}
        }
    }
    if background.secondary_clicked() {
        let point = background.interact_pointer_pos();
        state.context_target = match link_under(point) {
            Some(link) => {
                state.selection = Selection::only_link(link);
                Some(ContextTarget::Link)
            }
            None => point.map(ContextTarget::Canvas),
        };
    }
    let target = state.context_target;
    background.context_menu(|ui| match target {
        Some(ContextTarget::Link) => link_menu_ui(ui, actions),
        Some(ContextTarget::Canvas(point)) => {
            ui.label(egui::RichText::new("Add stage").weak());
            for kind in StageKind::ALL {
                if ui.button(kind.label()).clicked() {
                    actions.push(Action::AddStage {
                        kind,
                        at: box_origin_centered_on(point),
                    });
                }
            }
        }
        None => {
            ui.close();
        }
    });
    if let Some(link) = hovered_link
        && background.hovered()
    {
        let link_problems = facts.problems.of_link(link);
        if !link_problems.is_empty() {
            background.clone().on_hover_ui_at_pointer(|ui| {
                problems_ui(ui, link_problems);
            });
        }
    }

    // Shift+drag: selection rectangle, adding the boxes it touches to the selection.
    if background.drag_started_by(PointerButton::Primary)
        && facts.shift
        && let Some(start) = background.interact_pointer_pos()
    {
        state.marquee = Some(Marquee {
            start,
            end: start,
            before: state.selection.stages.clone(),
        });
    }
    if let Some(marquee) = &mut state.marquee {
        if background.dragged_by(PointerButton::Primary) {
            if let Some(end) = background.interact_pointer_pos() {
                marquee.end = end;
            }
            let area = Rect::from_two_pos(marquee.start, marquee.end);
            let mut stages = marquee.before.clone();
            stages.extend(
                facts
                    .view
                    .project
                    .stages
                    .iter()
                    .zip(rects)
                    .filter(|(_, rect)| rect.intersects(area))
                    .map(|(stage, _)| stage.id.clone()),
            );
            state.selection = Selection { stages, link: None };
        } else {
            state.marquee = None;
        }
    }

    // A stage kind dropped from the palette becomes a stage where it lands.
    if let Some(kind) = background.dnd_hover_payload::<StageKind>()
        && let Some(pointer) = facts.pointer
    {
        let at = box_origin_centered_on(pointer);
        let ghost = Rect::from_min_size(pos2(at.x, at.y), STAGE_BOX_SIZE);
        ui.painter().rect(
            ghost,
            6.0,
            theme::kind_band_fill(*kind, &facts.visuals).gamma_multiply(0.5),
            Stroke::new(2.0, theme::kind_color(*kind)),
            StrokeKind::Middle,
        );
    }
    if let Some(kind) = background.dnd_release_payload::<StageKind>()
        && let Some(pointer) = facts.pointer
    {
        actions.push(Action::AddStage {
            kind: *kind,
            at: box_origin_centered_on(pointer),
        });
    }
}

/// Faint dots that show the canvas moving when it pans; left out when zoomed far out.
pub(super) fn paint_grid(painter: &Painter, visible: Rect, zoom: f32, visuals: &Visuals) {
    let spacing = GRID_SPACING;
    if spacing * zoom < 12.0 || !visible.is_finite() {
        return;
    }
    let columns = (visible.width() / spacing).ceil() as usize + 1;
    let rows = (visible.height() / spacing).ceil() as usize + 1;
    if columns * rows > 20_000 {
        return;
    }
    let color = theme::canvas_grid_color(visuals);
    let radius = 1.2 / zoom;
    let first = pos2(
        (visible.left() / spacing).floor() * spacing,
        (visible.top() / spacing).floor() * spacing,
    );
    let mut dots = Vec::with_capacity(columns * rows);
    for row in 0..rows {
        for column in 0..columns {
            let center = first + vec2(column as f32, row as f32) * spacing;
            dots.push(Shape::circle_filled(center, radius, color));
        }
    }
    painter.extend(dots);
}

/// A short note in the middle of an empty canvas, painted (not a widget) so it never blocks
/// the right-click or drop that it invites.
pub(super) fn paint_empty_canvas_note(ui: &egui::Ui, facts: &Facts<'_, '_>) {
    let visible = ui.clip_rect();
    let color = facts.visuals.weak_text_color();
    let galley = ui.painter().layout(
        "No stages yet. Drag a stage from the palette onto the canvas, or right-click here to \
         add one."
            .to_owned(),
        TextStyle::Body.resolve(ui.style()),
        color,
        (visible.width() * 0.8).max(100.0),
    );
    ui.painter()
        .galley(visible.center() - galley.size() / 2.0, galley, color);
}

/// The gesture hint at the bottom of the canvas, on a layer above the scene (so it neither
/// zooms nor pans). Fit and Arrange live in the window's tool bar.
pub(super) fn hint_ui(ui: &mut egui::Ui, canvas_rect: Rect) {
    let overlay_layer =
        egui::LayerId::new(ui.layer_id().order, ui.scope_id().with("canvas overlay"));
    ui.ctx().set_sublayer(ui.layer_id(), overlay_layer);
    let visuals = ui.visuals().clone();
    // Painted, not a widget: a widget over the scene would swallow clicks meant for it.
    let painter = Painter::new(ui.ctx().clone(), overlay_layer, canvas_rect);
    let font = TextStyle::Body.resolve(ui.style());
    let galley = painter.layout(
        HINT.to_owned(),
        font,
        visuals.weak_text_color(),
        (canvas_rect.width() - 32.0).max(100.0),
    );
    let hint_rect = Rect::from_min_size(
        pos2(
            canvas_rect.left() + 8.0,
            canvas_rect.bottom() - 8.0 - galley.size().y - 6.0,
        ),
        galley.size() + vec2(12.0, 6.0),
    );
    painter.rect_filled(hint_rect, 6.0, theme::canvas_overlay_fill(&visuals));
    painter.galley(
        hint_rect.min + vec2(6.0, 3.0),
        galley,
        visuals.weak_text_color(),
    );
}
