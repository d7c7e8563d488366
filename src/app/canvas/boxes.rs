//! Stage boxes: how one is laid out, drawn (kind band, name, figures, handle, problem marker)
//! and interacted with (select, drag, context menu, tooltip).

use crate::model::edit::Edit;
use crate::model::validate::{Problem, Severity};
use crate::model::{Location, Stage};
use crate::report::format::{self, MoneyDisplay};
use egui::text::{LayoutJob, TextWrapping};
use egui::{
    Color32, CornerRadius, CursorIcon, FontId, Galley, Painter, PointerButton, Pos2, Rect,
    Response, Role, Sense, Shape, Stroke, StrokeKind, TextStyle, Vec2, Visuals, WidgetInfo, pos2,
    vec2,
};
use std::sync::Arc;

use super::connect::connection_refusal;
use super::figures::{StageFigures, severity_color, worst};
use super::geometry::{box_rect, canvas_pos, marker_center, rounded, stage_rect};
use super::{
    BAND_HEIGHT, BOX_PADDING, CanvasState, ConnectDrag, Facts, HANDLE_HIT_SIZE, HANDLE_RADIUS,
    MARKER_RADIUS, MoveDrag, Selection,
};
use crate::app::action::Action;
use crate::app::commands::UiCommand;
use crate::app::theme;

/// Gives a widget inside the scene its on-screen bounds for accessibility. egui reports the
/// bounds of widgets in a transformed layer in that layer's own coordinates; screen readers
/// and UI tests need them where they are drawn.
pub(super) fn set_accessible_bounds(ui: &egui::Ui, response: &Response) {
    let Some(to_global) = ui.ctx().layer_transform_to_global(response.layer_id) else {
        return;
    };
    let rect = to_global * response.rect;
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_bounds(egui::accesskit::Rect {
            x0: rect.min.x.into(),
            y0: rect.min.y.into(),
            x1: rect.max.x.into(),
            y1: rect.max.y.into(),
        });
    });
}

/// What happened to one box this frame.
pub(super) struct BoxOutcome {
    pub(super) box_dragged: bool,
    pub(super) handle_dragged: bool,
}

/// One stage box with its output handle and problem marker: selection, moving, connecting.
pub(super) fn stage_box_ui(
    ui: &mut egui::Ui,
    canvas: &mut CanvasState,
    facts: &Facts<'_, '_>,
    index: usize,
    stage: &Stage,
    actions: &mut Vec<Action>,
) -> BoxOutcome {
    let project = facts.view.project;
    let rect = box_rect(stage, canvas.moving.as_ref());
    let id = ui.scope_id().with(("stage box", index, &stage.id));
    let response = ui.interact(rect, id, Sense::click_and_drag());
    let selected = canvas.selection.stages.contains(&stage.id);
    response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &stage.name));
    set_accessible_bounds(ui, &response);

    let box_dragged = box_pointer(ui, canvas, facts, stage, &response, actions);

    let stage_problems = facts.problems.of_stage(&stage.id);
    let figures = facts.figures.stage(index, stage);
    response.context_menu(|ui| box_menu_ui(ui, actions));
    let hovered = response.hovered() || response.dragged();
    response.on_hover_ui(|ui| {
        stage_tooltip_ui(ui, stage, figures, stage_problems, facts.view.money);
    });

    // The output handle is added after the box, so it is on top of it and wins the drag.
    let handle_center = rect.right_center();
    let handle_rect = Rect::from_center_size(handle_center, Vec2::splat(HANDLE_HIT_SIZE));
    let handle = ui.interact(
        handle_rect,
        ui.scope_id().with(("output handle", index, &stage.id)),
        Sense::drag(),
    );
    handle.widget_info(|| {
        WidgetInfo::labeled(Role::Button, true, format!("Connect from {}", stage.name))
    });
    set_accessible_bounds(ui, &handle);
    if handle.drag_started_by(PointerButton::Primary) {
        canvas.moving = None;
        canvas.connecting = Some(ConnectDrag {
            from: stage.id.clone(),
            pointer: facts.pointer.unwrap_or(handle_center),
        });
    }
    let handle_dragged = handle.dragged_by(PointerButton::Primary) && canvas.connecting.is_some();
    if handle.hovered() || handle_dragged {
        ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
    }
    let handle_active = handle.hovered() || handle_dragged;
    handle.on_hover_text("Drag onto another stage to send it this stage's output.");

    // Highlight the box a connection would land on, in the colour of what releasing does.
    let connect_target = canvas.connecting.as_ref().and_then(|connecting| {
        (connecting.from != stage.id && rect.contains(connecting.pointer)).then(|| {
            if connection_refusal(project, &connecting.from, &stage.id).is_some() {
                theme::error_color(&facts.visuals)
            } else {
                theme::connect_ok_color(&facts.visuals)
            }
        })
    });
    let look = BoxLook {
        selected: canvas.selection.stages.contains(&stage.id),
        hovered,
        problem: worst(stage_problems),
        connect_target,
        handle_active,
    };
    paint_stage_box(ui, rect, stage, figures, &look, facts);

    if let Some(severity) = look.problem {
        let marker = ui.interact(
            Rect::from_center_size(marker_center(rect), Vec2::splat(MARKER_RADIUS * 2.0)),
            ui.scope_id().with(("problem marker", index, &stage.id)),
            Sense::hover(),
        );
        marker.widget_info(|| {
            WidgetInfo::labeled(Role::Image, true, format!("Problems with {}", stage.name))
        });
        set_accessible_bounds(ui, &marker);
        paint_marker(ui.painter(), marker_center(rect), severity, &facts.visuals);
        marker.on_hover_ui(|ui| problems_ui(ui, stage_problems));
    }
    BoxOutcome {
        box_dragged,
        handle_dragged,
    }
}

/// Clicks and drags on a box: selecting it (Shift adds or removes), and moving the selected
/// boxes (one drag is one undo step). True while the box is being dragged.
fn box_pointer(
    ui: &egui::Ui,
    canvas: &mut CanvasState,
    facts: &Facts<'_, '_>,
    stage: &Stage,
    response: &Response,
    actions: &mut Vec<Action>,
) -> bool {
    let selected = canvas.selection.stages.contains(&stage.id);
    if response.clicked() {
        if facts.shift {
            if !canvas.selection.stages.remove(&stage.id) {
                canvas.selection.stages.insert(stage.id.clone());
            }
        } else {
            canvas.selection = Selection::only_stage(&stage.id);
        }
    }
    if response.secondary_clicked() && !selected {
        canvas.selection = Selection::only_stage(&stage.id);
    }
    if response.drag_started_by(PointerButton::Primary) {
        if !canvas.selection.stages.contains(&stage.id) {
            if facts.shift {
                canvas.selection.stages.insert(stage.id.clone());
            } else {
                canvas.selection = Selection::only_stage(&stage.id);
            }
        }
        canvas.drags_started += 1;
        canvas.moving = Some(MoveDrag {
            merge_key: format!("canvas-move-{}", canvas.drags_started),
            origins: facts
                .view
                .project
                .stages
                .iter()
                .filter(|s| canvas.selection.stages.contains(&s.id))
                .map(|s| (s.id.clone(), stage_rect(s).min))
                .collect(),
            offset: Vec2::ZERO,
        });
    }
    let box_dragged = response.dragged_by(PointerButton::Primary) && canvas.moving.is_some();
    if box_dragged && let Some(moving) = &mut canvas.moving {
        let delta = response.drag_delta();
        if delta != Vec2::ZERO {
            moving.offset += delta;
            let moves = moving
                .origins
                .iter()
                .map(|(id, origin)| (id.clone(), canvas_pos(rounded(*origin + moving.offset))))
                .collect();
            actions.push(Action::EditMerging(
                Edit::MoveStages(moves),
                moving.merge_key.clone(),
            ));
        }
    }
    if response.hovered() {
        ui.ctx().set_cursor_icon(CursorIcon::Grab);
    }
    if box_dragged {
        ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
    }
    box_dragged
}

/// A box's context menu, with the shortcuts of the command table.
fn box_menu_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    for (command, action) in [
        (UiCommand::Duplicate, Action::DuplicateSelection),
        (UiCommand::Delete, Action::DeleteSelection),
    ] {
        let mut button = egui::Button::new(command.label());
        if let Some(shortcut) = command.primary_shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
        }
        if ui.add(button).clicked() {
            actions.push(action);
        }
    }
}

/// Tooltip of a stage box: what the box shows, in full, and its problems.
pub(super) fn stage_tooltip_ui(
    ui: &mut egui::Ui,
    stage: &Stage,
    figures: Option<StageFigures>,
    problems: &[&Problem],
    money: &MoneyDisplay,
) {
    // The stage's name is deliberately not repeated here: it is the box's accessible label.
    ui.label(format!(
        "{} stage making {} ({})",
        stage.kind.label(),
        stage.product.to_lowercase(),
        stage.unit
    ));
    if stage.location == Location::Abroad {
        ui.label("Abroad: its value added counts for the other country, not for GDP here.");
    }
    match figures {
        Some(figures) => {
            ui.label(format!("Value added: {}", money.full(figures.value_added)));
            if let Some(share) = figures.share_of_gdp {
                ui.label(format!("Share of GDP: {}", format::percent(share)));
            }
        }
        None => {
            ui.weak("No figures until the project's errors are fixed.");
        }
    }
    if !problems.is_empty() {
        ui.separator();
        problems_ui(ui, problems);
    }
}

pub(super) fn problems_ui(ui: &mut egui::Ui, problems: &[&Problem]) {
    let visuals = ui.visuals().clone();
    for problem in problems {
        let prefix = match problem.severity {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
        };
        ui.label(
            egui::RichText::new(format!("{prefix}: {}", problem.message))
                .color(severity_color(problem.severity, &visuals)),
        );
    }
}

/// How a box is drawn this frame.
#[derive(Clone, Copy)]
pub(super) struct BoxLook {
    pub(super) selected: bool,
    pub(super) hovered: bool,
    pub(super) problem: Option<Severity>,
    /// Outline colour when a connection drag is over this box.
    pub(super) connect_target: Option<Color32>,
    pub(super) handle_active: bool,
}

/// A single line of text, cut with "…" when wider than `max_width`.
pub(super) fn single_line(
    painter: &Painter,
    text: impl Into<String>,
    font: FontId,
    color: Color32,
    max_width: f32,
) -> Arc<Galley> {
    let mut job = LayoutJob::simple_singleline(text.into(), font, color);
    job.wrap = TextWrapping::truncate_at_width(max_width.max(1.0));
    painter.layout_job(job)
}

pub(super) fn paint_stage_box(
    ui: &egui::Ui,
    rect: Rect,
    stage: &Stage,
    figures: Option<StageFigures>,
    look: &BoxLook,
    facts: &Facts<'_, '_>,
) {
    let painter = ui.painter();
    let visuals = &facts.visuals;
    let body_font = TextStyle::Body.resolve(ui.style());
    let small_font = TextStyle::Small.resolve(ui.style());
    let strong_color = visuals.strong_text_color();
    let weak_color = visuals.weak_text_color();

    let band = paint_box_frame(painter, rect, stage, look, visuals);
    if !facts.text_readable(ui) {
        // Zoomed too far out to read: the box, its kind's colour and its handle are enough.
        paint_handle(painter, rect, look, visuals);
        return;
    }

    let inner_width = rect.width() - 2.0 * BOX_PADDING;
    let left = rect.left() + BOX_PADDING;
    let right = rect.right() - BOX_PADDING;

    // Band: name on the left, kind on the right (colour is never the only cue for the kind).
    // The name comes first: when both do not fit, the kind tag gives way (the kind is still
    // in the box's colour, its column and the inspector).
    let kind_room = if look.problem.is_some() {
        MARKER_RADIUS + 2.0
    } else {
        0.0
    };
    let name_room = inner_width - kind_room;
    let name = single_line(
        painter,
        stage.name.as_str(),
        body_font.clone(),
        strong_color,
        name_room,
    );
    let kind = single_line(
        painter,
        stage.kind.label(),
        small_font.clone(),
        strong_color.gamma_multiply(0.75),
        inner_width * 0.45,
    );
    let kind_fits = name.size().x + 8.0 + kind.size().x <= name_room;
    painter.galley(
        pos2(left, band.center().y - name.size().y / 2.0),
        name,
        strong_color,
    );
    if kind_fits {
        let kind_pos = pos2(
            right - kind_room - kind.size().x,
            band.center().y - kind.size().y / 2.0,
        );
        painter.galley(kind_pos, kind, strong_color);
    }

    // Product line, with the "Abroad" badge at its right end.
    let row_height = body_font.size + 6.0;
    let product_y = band.bottom() + 6.0;
    let mut product_width = inner_width;
    if stage.location == Location::Abroad {
        let badge_text = single_line(
            painter,
            "Abroad",
            small_font.clone(),
            theme::abroad_text_color(visuals),
            inner_width,
        );
        let badge = Rect::from_min_size(
            pos2(right - badge_text.size().x - 10.0, product_y),
            badge_text.size() + vec2(10.0, 2.0),
        );
        painter.rect_filled(badge, 4.0, theme::abroad_color(visuals));
        product_width -= badge.width() + 6.0;
        painter.galley(
            badge.min + vec2(5.0, 1.0),
            badge_text,
            theme::abroad_text_color(visuals),
        );
    }
    let product = if stage.unit.is_empty() {
        stage.product.clone()
    } else {
        format!("{} ({})", stage.product, stage.unit)
    };
    painter.galley(
        pos2(left, product_y),
        single_line(
            painter,
            product,
            body_font.clone(),
            weak_color,
            product_width,
        ),
        weak_color,
    );

    paint_figure_rows(
        painter,
        figures,
        facts,
        &body_font,
        (left, right, inner_width),
        product_y,
        row_height,
    );

    paint_handle(painter, rect, look, visuals);
}

/// The box itself: selection halo, connection outline, fill, kind band, the dashes of a stage
/// abroad and the outline (coloured by the worst problem). Returns the band's rectangle.
fn paint_box_frame(
    painter: &Painter,
    rect: Rect,
    stage: &Stage,
    look: &BoxLook,
    visuals: &Visuals,
) -> Rect {
    let radius = CornerRadius::same(6);
    if look.selected {
        painter.rect_filled(rect.expand(7.0), 11.0, theme::selection_halo(visuals));
        painter.rect_stroke(
            rect.expand(3.5),
            9.0,
            Stroke::new(2.5, theme::selection_color(visuals)),
            StrokeKind::Middle,
        );
    }
    if let Some(color) = look.connect_target {
        painter.rect_stroke(
            rect.expand(3.5),
            9.0,
            Stroke::new(3.0, color),
            StrokeKind::Middle,
        );
    }
    let outline = match look.problem {
        Some(severity) => Stroke::new(3.0, severity_color(severity, visuals)),
        None if look.hovered => Stroke::new(1.5, visuals.strong_text_color()),
        None => Stroke::new(1.0, theme::stage_box_stroke(visuals)),
    };
    painter.rect_filled(rect, radius, theme::stage_box_fill(visuals));
    let band = Rect::from_min_size(rect.min, vec2(rect.width(), BAND_HEIGHT));
    painter.rect_filled(
        band,
        CornerRadius {
            nw: 6,
            ne: 6,
            sw: 0,
            se: 0,
        },
        theme::kind_band_fill(stage.kind, visuals),
    );
    if stage.location == Location::Abroad {
        // A dashed line just inside the outline marks a stage abroad without hiding problems.
        let inner = rect.shrink(3.5);
        let corners = [
            inner.left_top(),
            inner.right_top(),
            inner.right_bottom(),
            inner.left_bottom(),
            inner.left_top(),
        ];
        painter.extend(Shape::dashed_line(
            &corners,
            Stroke::new(1.5, theme::abroad_color(visuals)),
            6.0,
            4.0,
        ));
    }
    painter.rect_stroke(rect, radius, outline, StrokeKind::Middle);
    band
}

/// The two figure rows (value added, share of GDP) below the product line at `product_y`:
/// label on the left, figure on the right.
fn paint_figure_rows(
    painter: &Painter,
    figures: Option<StageFigures>,
    facts: &Facts<'_, '_>,
    body_font: &FontId,
    (left, right, inner_width): (f32, f32, f32),
    product_y: f32,
    row_height: f32,
) {
    let visuals = &facts.visuals;
    let text_color = visuals.text_color();
    let strong_color = visuals.strong_text_color();
    let weak_color = visuals.weak_text_color();
    // Figures: value added and share of GDP, label on the left, figure on the right.
    let (va_text, share_text, share_is_figure) = match figures {
        Some(figures) => match figures.share_of_gdp {
            Some(share) => (
                facts.view.money.short(figures.value_added),
                format::percent(share),
                true,
            ),
            None => (
                facts.view.money.short(figures.value_added),
                "not in GDP".to_owned(),
                false,
            ),
        },
        None => ("–".to_owned(), "–".to_owned(), false),
    };
    let rows = [
        ("Value added", va_text, figures.is_some()),
        ("Share of GDP", share_text, share_is_figure),
    ];
    for (row, (label, figure, is_figure)) in rows.into_iter().enumerate() {
        let y = product_y + row_height * (row as f32 + 1.0) + 2.0;
        let figure_color = if is_figure { strong_color } else { weak_color };
        let figure = single_line(
            painter,
            figure,
            body_font.clone(),
            figure_color,
            inner_width,
        );
        let label_width = inner_width - figure.size().x - 6.0;
        painter.galley(pos2(right - figure.size().x, y), figure, figure_color);
        painter.galley(
            pos2(left, y),
            single_line(painter, label, body_font.clone(), text_color, label_width),
            text_color,
        );
    }
}

/// The output handle on a box's right edge.
pub(super) fn paint_handle(painter: &Painter, rect: Rect, look: &BoxLook, visuals: &Visuals) {
    let link_color = theme::link_color(visuals);
    let (handle_radius, handle_fill) = if look.handle_active {
        (HANDLE_RADIUS + 1.5, link_color)
    } else {
        (HANDLE_RADIUS, theme::stage_box_fill(visuals))
    };
    painter.circle(
        rect.right_center(),
        handle_radius,
        handle_fill,
        Stroke::new(2.0, link_color),
    );
}

pub(super) fn paint_marker(painter: &Painter, center: Pos2, severity: Severity, visuals: &Visuals) {
    painter.circle(
        center,
        MARKER_RADIUS,
        severity_color(severity, visuals),
        Stroke::new(1.5, theme::stage_box_fill(visuals)),
    );
    painter.text(
        center,
        egui::Align2::CENTER_CENTER,
        "!",
        FontId::proportional(MARKER_RADIUS * 1.5),
        theme::stage_box_fill(visuals),
    );
}
