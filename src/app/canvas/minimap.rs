//! Zooming from the View menu and the keyboard, and the minimap: a small map of the whole
//! chain in the canvas's corner, shown while the chain does not fit in view, with the part in
//! view outlined; a click or drag on it moves the view there.

use egui::{Color32, Mesh, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2, vec2};

use super::geometry::stage_rect;
use super::{CanvasState, ZOOM_RANGE};
use crate::app::theme;
use crate::model::Project;

/// How much one Zoom in or Zoom out step changes the zoom.
pub const ZOOM_STEP: f32 = 1.25;

/// Largest size of the minimap, in points.
const MINIMAP_SIZE: Vec2 = vec2(200.0, 140.0);

/// Gap between the minimap and the canvas's edges, in points.
const MINIMAP_MARGIN: f32 = 10.0;

impl CanvasState {
    /// The canvas's zoom (points per canvas unit), once drawn: `egui::Scene` fits the part in
    /// view inside the canvas, so the smaller of the two ratios.
    pub fn zoom(&self) -> Option<f32> {
        let (rect, size) = (self.scene_rect?, self.canvas_size?);
        (rect.width() > 0.0 && rect.height() > 0.0)
            .then(|| (size.x / rect.width()).min(size.y / rect.height()))
    }

    /// Sets the zoom to `zoom` (within the canvas's range), keeping the middle of the view.
    pub fn set_zoom(&mut self, zoom: f32) {
        let (Some(rect), Some(size)) = (self.scene_rect, self.canvas_size) else {
            return;
        };
        let zoom = zoom.clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        self.scene_rect = Some(Rect::from_center_size(rect.center(), size / zoom));
        self.fit_requested = false;
    }

    /// Zooms in (`factor` above 1) or out about the middle of the view.
    pub fn zoom_by(&mut self, factor: f32) {
        if let Some(zoom) = self.zoom() {
            self.set_zoom(zoom * factor);
        }
    }
}

/// The whole chain's extent, in canvas units.
fn chain_bounds(project: &Project) -> Option<Rect> {
    project.stages.iter().map(stage_rect).reduce(Rect::union)
}

/// Draws the minimap in the bottom-right corner of `canvas_rect` when the chain does not fit in
/// the view; a click or drag on it centres the view on that point of the chain.
pub(super) fn minimap_ui(
    ui: &mut egui::Ui,
    state: &mut CanvasState,
    project: &Project,
    canvas_rect: Rect,
) {
    let (Some(view), Some(bounds)) = (state.scene_rect, chain_bounds(project)) else {
        return;
    };
    if view.contains_rect(bounds) || canvas_rect.width() < 3.0 * MINIMAP_SIZE.x {
        return;
    }
    let world = bounds.union(view).expand(40.0);
    let scale = (MINIMAP_SIZE.x / world.width()).min(MINIMAP_SIZE.y / world.height());
    let size = world.size() * scale;
    let map = Rect::from_min_size(canvas_rect.max - size - Vec2::splat(MINIMAP_MARGIN), size);
    let to_map = |p: Pos2| map.min + (p - world.min) * scale;
    // In an area of its own: the canvas's scene is a layer above the panel, so a widget
    // beside it in the panel would never get the pointer.
    let area = egui::Area::new(ui.scope_id().with("minimap"))
        .order(egui::Order::Middle)
        .fixed_pos(map.min)
        .constrain(false)
        .show(ui.ctx(), |ui| {
            let (_, response) = ui.allocate_exact_size(map.size(), Sense::click_and_drag());
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, "Minimap of the chain")
            });
            paint_minimap(
                ui,
                project,
                map,
                &to_map,
                Rect::from_min_max(to_map(view.min), to_map(view.max)),
            );
            response.on_hover_text("The whole chain: click or drag to move the view there")
        });
    let response = area.inner;
    if let Some(pointer) = response.interact_pointer_pos()
        && (response.clicked() || response.dragged())
    {
        let target = world.min + (pointer - map.min) / scale;
        state.scene_rect = Some(Rect::from_center_size(target, view.size()));
        state.fit_requested = false;
    }
}

/// The map's background, a dot per box in its kind's colour, and the part in view outlined.
fn paint_minimap(
    ui: &egui::Ui,
    project: &Project,
    map: Rect,
    to_map: &dyn Fn(Pos2) -> Pos2,
    in_view: Rect,
) {
    let visuals = ui.visuals();
    let painter = ui.painter_at(map.expand(1.0));
    painter.rect_filled(map, 4.0, visuals.extreme_bg_color.gamma_multiply(0.92));
    painter.rect_stroke(
        map,
        4.0,
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
        StrokeKind::Inside,
    );
    // One mesh for every box: a national chain has thousands.
    let mut mesh = Mesh::default();
    for stage in &project.stages {
        let rect = stage_rect(stage);
        let dot = Rect::from_min_max(to_map(rect.min), to_map(rect.max));
        let dot = Rect::from_center_size(dot.center(), dot.size().max(Vec2::splat(2.0)));
        mesh.add_colored_rect(dot, theme::kind_color(stage.kind));
    }
    painter.add(mesh);
    let in_view = in_view.intersect(map);
    painter.rect_filled(in_view, 1.0, Color32::from_white_alpha(12));
    painter.rect_stroke(
        in_view,
        1.0,
        Stroke::new(1.5, visuals.selection.stroke.color),
        StrokeKind::Inside,
    );
}
