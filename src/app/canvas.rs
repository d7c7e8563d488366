//! The chain canvas, drawn on `egui::Scene`: stage boxes, link arrows, selection, connecting.
//! Canvas state (pan, zoom, selection) lives here and never in the project file; only stage
//! positions are part of the project.
//!
//! Gestures (also shown in the hint at the bottom of the canvas):
//! - click a box or a link to select it; Shift+click adds or removes it; click empty space to
//!   clear the selection;
//! - drag a box to move it (every selected box moves along; one drag is one undo step);
//! - drag from the round handle on a box's right edge onto another box to link them;
//! - Shift+drag on empty space selects the boxes the rectangle touches;
//! - drag empty space (any button) or scroll to pan, Ctrl+scroll or pinch to zoom;
//! - right-click empty space to add a stage, a box or link for its menu;
//! - drop a stage kind from the palette to add a stage where it lands.

mod background;
mod badges;
mod boxes;
mod connect;
mod figures;
mod geometry;
mod links;
mod minimap;

use super::action::Action;
use super::theme;
use crate::calc::{Period, Results};
use crate::model::edit::Edit;
use crate::model::validate::Problem;
use crate::model::{CanvasPos, Project, StageId};
use crate::report::format::MoneyDisplay;
use egui::containers::DragPanButtons;
use egui::{Key, Pos2, Rect, Scene, Shape, Stroke, StrokeKind, TextStyle, Vec2, Visuals, vec2};
use std::collections::BTreeSet;

use background::{background_ui, hint_ui, paint_empty_canvas_note, paint_grid};
pub use badges::Baseline;
use boxes::stage_box_ui;
use connect::{connect_actions, paint_connect_band};
use figures::{Figures, ProblemIndex};
pub use figures::{LinkFlow, link_flows};
use geometry::{
    LinkPath, box_at, box_origin_centered_on, box_rects, canvas_pos, fit_rect, link_at, link_paths,
};
use links::{link_labels_ui, link_shapes};
pub use minimap::ZOOM_STEP;

/// Size of a stage box, in canvas units: room for four lines of text at normal UI size.
pub const STAGE_BOX_SIZE: Vec2 = vec2(
    crate::model::placement::BOX_WIDTH,
    crate::model::placement::BOX_HEIGHT,
);

/// Height of the coloured band with the stage name.
const BAND_HEIGHT: f32 = 28.0;

/// Inner margin of a box.
const BOX_PADDING: f32 = 8.0;

/// Radius of the output handle on a box's right edge.
const HANDLE_RADIUS: f32 = 6.5;

/// Side of the square around the handle that reacts to the pointer (easier to hit than the dot).
const HANDLE_HIT_SIZE: f32 = 22.0;

/// Radius of the problem marker at a box's top-right corner.
const MARKER_RADIUS: f32 = 9.0;

/// Thinnest and thickest link, in canvas units (pixels at 100 % zoom).
const LINK_WIDTH_RANGE: (f32, f32) = (1.5, 12.0);

/// Width of links while the project has no results.
const LINK_WIDTH_WITHOUT_RESULTS: f32 = 2.0;

/// How close to a link a click selects it, in screen points.
const LINK_HIT_DISTANCE_PX: f32 = 6.0;

/// How far a box's halo, output handle and problem marker reach outside it, in canvas units.
const BOX_REACH: f32 = 16.0;

/// Text smaller than this on screen, in points, is not drawn: it cannot be read, and a
/// national chain zoomed out to fit has thousands of boxes and labels.
const SMALLEST_TEXT_PX: f32 = 4.5;

/// Points sampled along each link curve (for drawing and hit testing).
const LINK_SAMPLES: usize = 32;

/// Empty space kept around the chain when fitting it into view.
const FIT_MARGIN: f32 = 60.0;

/// Zoom limits. Above 100 % text starts to blur, so fitting never goes past it; a planner can
/// still zoom in by hand to read a box on a projector.
/// The lower limit lets Fit show a whole national chain (2,000 stages and more) at once.
const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.01..=2.0;

/// Spacing of the background dots, in canvas units.
const GRID_SPACING: f32 = 40.0;

const HINT: &str = "Drag a box to move it · drag its round handle onto another box to link · \
     Shift+drag to select · Ctrl+scroll to zoom · right-click for more";

/// What is selected on the canvas; the inspector shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Selected stages.
    pub stages: BTreeSet<StageId>,
    /// Selected link (index in `Project::links`).
    pub link: Option<usize>,
}

impl Selection {
    /// True when nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.stages.is_empty() && self.link.is_none()
    }

    fn only_stage(id: &StageId) -> Self {
        Self {
            stages: BTreeSet::from([id.clone()]),
            link: None,
        }
    }

    fn only_link(index: usize) -> Self {
        Self {
            stages: BTreeSet::new(),
            link: Some(index),
        }
    }
}

/// Everything the canvas draws from; borrowed for one frame.
pub struct CanvasView<'a> {
    /// The project.
    pub project: &'a Project,
    /// Latest results (None while the project has errors).
    pub results: Option<&'a Results>,
    /// Year or period whose figures the boxes show.
    pub period: Period,
    /// Validation problems, shown on the stage or link they concern.
    pub problems: &'a [Problem],
    /// How money is shown.
    pub money: &'a MoneyDisplay,
    /// The base and its results while a scenario is shown: differences get badges.
    pub baseline: Option<Baseline<'a>>,
    /// Show the minimap while the chain does not fit in view.
    pub minimap: bool,
}

/// Pan, zoom, selection and interaction state of the canvas.
#[derive(Debug, Default)]
pub struct CanvasState {
    /// Current selection.
    pub selection: Selection,
    /// The part of the canvas in view, in canvas units (pan and zoom). `None` until the first
    /// frame, which fits the chain into view.
    scene_rect: Option<Rect>,
    /// The canvas's size on screen, in points, as last drawn (for zooming by a step).
    canvas_size: Option<Vec2>,
    /// Set by [`CanvasState::fit_to_view`]; honoured on the next frame, when the canvas size is
    /// known.
    fit_requested: bool,
    /// A drag of boxes under way.
    moving: Option<MoveDrag>,
    /// A drag from an output handle under way.
    connecting: Option<ConnectDrag>,
    /// A Shift+drag selection rectangle under way.
    marquee: Option<Marquee>,
    /// What the open context menu of the empty canvas is about.
    context_target: Option<ContextTarget>,
    /// Counts drags, so every drag gets its own merge key and undoes as one step.
    drags_started: u64,
}

/// Boxes being dragged: where they started and how far they have moved.
#[derive(Debug)]
struct MoveDrag {
    merge_key: String,
    origins: Vec<(StageId, Pos2)>,
    offset: Vec2,
}

/// A link being drawn from an output handle.
#[derive(Debug)]
struct ConnectDrag {
    from: StageId,
    /// Pointer position, in canvas units (kept from frame to frame: the release frame may
    /// already have lost the pointer).
    pointer: Pos2,
}

/// A selection rectangle being drawn.
#[derive(Debug)]
struct Marquee {
    start: Pos2,
    end: Pos2,
    /// Stages selected before the rectangle was started; the rectangle adds to them.
    before: BTreeSet<StageId>,
}

/// What a right-click on the canvas background hit.
#[derive(Clone, Copy, Debug)]
enum ContextTarget {
    /// Empty canvas at this point (canvas units).
    Canvas(Pos2),
    /// A link (the one it selected).
    Link,
}

impl CanvasState {
    /// Asks the canvas to fit the whole chain into view on the next frame.
    pub fn fit_to_view(&mut self) {
        self.fit_requested = true;
    }

    /// Where a new stage's box goes so that it sits in the middle of the visible area: the
    /// top-left corner of that box, in canvas coordinates (what a palette click passes to
    /// [`Action::AddStage`]).
    pub fn view_center(&self) -> CanvasPos {
        let center = self.scene_rect.map_or(Pos2::ZERO, |rect| rect.center());
        box_origin_centered_on(center)
    }

    /// Moves the view, keeping its zoom, so the box whose top-left corner is at `position` sits
    /// in the middle (a stage found by name or clicked in the results table).
    pub fn centre_on(&mut self, position: CanvasPos) {
        let centre = Pos2::new(position.x, position.y) + STAGE_BOX_SIZE / 2.0;
        if let Some(rect) = &mut self.scene_rect {
            *rect = Rect::from_center_size(centre, rect.size());
            self.fit_requested = false;
        }
    }

    /// The part of the canvas in view, in canvas units, once drawn.
    pub fn scene_rect(&self) -> Option<Rect> {
        self.scene_rect
    }

    /// Drops selected stages and links that no longer exist (after undo, delete or a new file).
    fn forget_missing(&mut self, project: &Project) {
        self.selection
            .stages
            .retain(|id| project.stage(id).is_some());
        if self
            .selection
            .link
            .is_some_and(|index| index >= project.links.len())
        {
            self.selection.link = None;
        }
    }
}

/// Draws the canvas and returns what the user asked for.
pub fn canvas_ui(ui: &mut egui::Ui, state: &mut CanvasState, view: &CanvasView<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    state.forget_missing(view.project);
    let canvas_rect = ui.available_rect_before_wrap();
    if state.fit_requested || state.scene_rect.is_none() {
        state.scene_rect = Some(fit_rect(view.project, canvas_rect.size()));
        state.fit_requested = false;
    }
    let figures = Figures::of(view);
    let problems = ProblemIndex::of(view.problems);

    // Shift+drag on empty space draws a selection rectangle, so the primary button must not
    // pan then; every other button still does.
    let shift = ui.input(|i| i.modifiers.shift);
    let pan_buttons = if shift || state.marquee.is_some() {
        DragPanButtons::all() - DragPanButtons::PRIMARY
    } else {
        DragPanButtons::all()
    };
    let mut scene_rect = state
        .scene_rect
        .unwrap_or_else(|| Rect::from_min_size(Pos2::ZERO, canvas_rect.size()));
    Scene::new()
        .zoom_range(ZOOM_RANGE)
        .drag_pan_buttons(pan_buttons)
        .show(ui, &mut scene_rect, |ui| {
            scene_contents_ui(ui, state, view, &figures, &problems, &mut actions);
        });
    state.scene_rect = Some(scene_rect);
    state.canvas_size = Some(canvas_rect.size());

    hint_ui(ui, canvas_rect);
    if view.minimap {
        minimap::minimap_ui(ui, state, view.project, canvas_rect);
    }
    actions
}

/// Per-frame facts every part of the scene needs.
/// Below this zoom (canvas boxes a few pixels high, the zoom Fit reaches only on chains of
/// hundreds of stages) boxes are drawn as blocks of colour: a 1,000-stage chain seen whole
/// then costs a rectangle per stage rather than a box's widgets and text.
const OVERVIEW_ZOOM: f32 = 0.1;

/// A stage's box in the overview: its kind's colour, outlined when selected.
fn paint_overview_box(
    painter: &egui::Painter,
    rect: Rect,
    stage: &crate::model::Stage,
    (selected, zoom): (bool, f32),
    visuals: &egui::Visuals,
) {
    let fill = if stage.active {
        theme::kind_color(stage.kind)
    } else {
        visuals.weak_text_color()
    };
    painter.rect_filled(rect, 0.0, fill);
    if selected {
        painter.rect_stroke(
            rect,
            0.0,
            // Two screen points wide whatever the zoom (the painter draws in canvas units).
            egui::Stroke::new(2.0 / zoom.max(f32::EPSILON), visuals.selection.stroke.color),
            egui::StrokeKind::Outside,
        );
    }
}

struct Facts<'f, 'v> {
    view: &'f CanvasView<'v>,
    figures: &'f Figures<'v>,
    problems: &'f ProblemIndex<'v>,
    visuals: Visuals,
    /// Screen points per canvas unit.
    zoom: f32,
    /// Pointer position in canvas units, when the pointer is over the window.
    pointer: Option<Pos2>,
    shift: bool,
}

impl Facts<'_, '_> {
    /// True when body text is large enough on screen to be read (see [`SMALLEST_TEXT_PX`]).
    fn text_readable(&self, ui: &egui::Ui) -> bool {
        TextStyle::Body.resolve(ui.style()).size * self.zoom >= SMALLEST_TEXT_PX
    }
}

/// Everything inside the zoomable scene: grid, links, boxes, and the drag overlays.
fn scene_contents_ui(
    ui: &mut egui::Ui,
    state: &mut CanvasState,
    view: &CanvasView<'_>,
    figures: &Figures<'_>,
    problems: &ProblemIndex<'_>,
    actions: &mut Vec<Action>,
) {
    let to_global = ui.ctx().layer_transform_to_global(ui.layer_id());
    let pointer = ui
        .input(|i| i.pointer.interact_pos())
        .map(|global| to_global.map_or(global, |t| t.inverse() * global));
    let facts = Facts {
        view,
        figures,
        problems,
        visuals: ui.visuals().clone(),
        zoom: to_global.map_or(1.0, |t| t.scaling),
        pointer,
        shift: ui.input(|i| i.modifiers.shift),
    };
    let background = ui.response();
    if let (Some(connecting), Some(pointer)) = (&mut state.connecting, pointer) {
        connecting.pointer = pointer;
    }

    paint_grid(ui.painter(), ui.clip_rect(), facts.zoom, &facts.visuals);
    if view.project.stages.is_empty() {
        paint_empty_canvas_note(ui, &facts);
    }

    // Links go under the boxes: reserve their place in the paint order now, fill it in once
    // this frame's box moves are known.
    let links_slot = ui.painter().add(Shape::Noop);
    // Only what is on screen gets widgets and shapes: a national chain has thousands of boxes
    // and links, most of them out of view when zoomed in.
    let visible = ui.clip_rect();
    let rects_before = box_rects(view.project, state.moving.as_ref());
    let paths_before = link_paths(view.project, &rects_before, figures, visible);
    // Link labels are registered before the boxes so a box wins where they overlap.
    let label_responses = link_labels_ui(ui, state, &facts, &paths_before, actions);

    let mut box_dragged = false;
    let mut handle_dragged = false;
    for (index, stage) in view.project.stages.iter().enumerate() {
        // The halo, handle and problem marker reach a little outside the box.
        let on_screen = rects_before
            .get(index)
            .is_some_and(|rect| rect.expand(BOX_REACH).intersects(visible));
        if !on_screen {
            continue;
        }
        if facts.zoom < OVERVIEW_ZOOM {
            // An overview of a national chain: each box a block of its kind's colour (the
            // selection outlined), no text, handles or widgets. Zoom in to read or edit.
            if let Some(&rect) = rects_before.get(index) {
                let selected = state.selection.stages.contains(&stage.id);
                paint_overview_box(
                    ui.painter(),
                    rect,
                    stage,
                    (selected, facts.zoom),
                    &facts.visuals,
                );
            }
            continue;
        }
        let outcome = stage_box_ui(ui, state, &facts, index, stage, actions);
        box_dragged |= outcome.box_dragged;
        handle_dragged |= outcome.handle_dragged;
    }
    let escape = ui.input(|i| i.key_pressed(Key::Escape));
    if !box_dragged && let Some(moving) = state.moving.take() {
        if escape {
            // Escape cancels the move: put the boxes back where the drag found them.
            let back = moving
                .origins
                .iter()
                .map(|(id, origin)| (id.clone(), canvas_pos(*origin)))
                .collect();
            actions.push(Action::EditMerging(
                Edit::MoveStages(back),
                moving.merge_key,
            ));
        }
        actions.push(Action::EndMerge);
    }
    let rects = box_rects(view.project, state.moving.as_ref());
    if !handle_dragged && let Some(connecting) = state.connecting.take() {
        let released = ui.input(|i| i.pointer.any_released());
        let from = view.project.stage_index(&connecting.from);
        if released
            && !escape
            && let Some(to) = box_at(&rects, connecting.pointer, from)
        {
            actions.extend(connect_actions(
                view.project,
                &connecting.from,
                &view.project.stages[to].id,
            ));
        }
    }

    let paths = link_paths(view.project, &rects, figures, visible);
    let hovered_link = if background.hovered() && state.marquee.is_none() {
        facts.pointer.and_then(|pointer| {
            link_at(&paths, figures, pointer, LINK_HIT_DISTANCE_PX / facts.zoom)
        })
    } else {
        None
    };
    let hovered_link = hovered_link.or_else(|| {
        label_responses
            .iter()
            .find_map(|(i, r)| r.hovered().then_some(*i))
    });
    let (links_shape, raised_labels) =
        link_shapes(ui, state, &facts, &rects, &paths, hovered_link, visible);
    ui.painter().set(links_slot, links_shape);
    ui.painter().extend(raised_labels);

    background_ui(
        ui,
        state,
        &facts,
        &background,
        &rects,
        &paths,
        hovered_link,
        actions,
    );
    paint_connect_band(ui.painter(), state, &facts, &rects);
    badges::paint_switched_off(ui.painter(), &facts.visuals, view.project, &rects);
    if let (Some(baseline), Some(results)) = (view.baseline, view.results) {
        let middles: Vec<Option<Pos2>> = paths
            .iter()
            .map(|path| path.as_ref().map(LinkPath::middle))
            .collect();
        badges::paint_badges(
            ui.painter(),
            &facts.visuals,
            facts.zoom,
            (view.project, results),
            baseline,
            view.period,
            view.money,
            (&rects, &middles),
        );
    }
    if let Some(marquee) = &state.marquee {
        let area = Rect::from_two_pos(marquee.start, marquee.end);
        let color = theme::selection_color(&facts.visuals);
        ui.painter()
            .rect_filled(area, 0.0, theme::selection_halo(&facts.visuals));
        ui.painter().rect_stroke(
            area,
            0.0,
            Stroke::new(1.0 / facts.zoom, color),
            StrokeKind::Inside,
        );
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use egui::{FontId, Modifiers, PointerButton};

    use super::connect::connection_refusal;
    use super::geometry::stage_rect;
    use super::*;
    use crate::calc::compute;
    use crate::model::{Currency, Link, Stage, StageKind};

    #[test]
    fn fit_shows_a_whole_chain_of_two_thousand_stages() {
        // Issue 19: zooming out stopped at 10 %, so Fit showed part of a national chain.
        let project = crate::model::generate::generate(2000, 1);
        let canvas = vec2(900.0, 450.0);
        let fitted = fit_rect(&project, canvas);
        let zoom = (canvas.x / fitted.width()).min(canvas.y / fitted.height());
        assert!(zoom >= *ZOOM_RANGE.start(), "needs {zoom}");
    }

    struct Bench {
        project: Project,
        results: Option<Results>,
        problems: Vec<Problem>,
        money: MoneyDisplay,
        canvas: CanvasState,
        actions: Vec<Action>,
    }

    fn stage(id: &str, name: &str, kind: StageKind, x: f32) -> Stage {
        let mut stage = Stage::new(StageId::from(id), kind, 2025);
        stage.name = name.to_owned();
        stage.capacity_per_year = 1000.0;
        stage.price_per_unit = 10.0;
        stage.position = CanvasPos { x, y: 0.0 };
        stage
    }

    fn mine_and_concentrator(links: Vec<Link>) -> Project {
        let mut project = Project::empty("Test", 2025);
        project.stages = vec![
            stage("mine", "Mine", StageKind::Mining, 0.0),
            stage("mill", "Concentrator", StageKind::Concentration, 320.0),
        ];
        project.links = links;
        project
    }

    fn link(from: &str, to: &str, share_pct: f64) -> Link {
        Link {
            from: StageId::from(from),
            to: StageId::from(to),
            share_pct,
            transport_cost_per_unit: 0.0,
        }
    }

    fn harness(project: Project) -> Harness<'static, Bench> {
        let bench = Bench {
            results: compute(&project).ok(),
            problems: crate::model::validate::validate(&project),
            money: MoneyDisplay::base(&Currency::default()),
            project,
            canvas: CanvasState::default(),
            actions: Vec::new(),
        };
        let mut harness = Harness::builder()
            .with_size(vec2(900.0, 500.0))
            // Tooltips at once, so a test can read them after one hover.
            .with_context_setup(|ctx| ctx.all_styles_mut(|s| s.interaction.tooltip_delay = 0.0))
            .build_ui_state(
                |ui, bench: &mut Bench| {
                    let view = CanvasView {
                        project: &bench.project,
                        results: bench.results.as_ref(),
                        period: Period::Horizon,
                        problems: &bench.problems,
                        money: &bench.money,
                        baseline: None,
                        minimap: true,
                    };
                    let actions = canvas_ui(ui, &mut bench.canvas, &view);
                    bench.actions.extend(actions);
                },
                bench,
            );
        harness.run();
        harness
    }

    #[test]
    fn a_national_chain_draws_only_what_is_in_view_and_no_unreadable_labels() {
        let project = crate::model::generate::generate(1_000, 1);
        let center = fit_rect(&project, vec2(900.0, 500.0)).center();
        let nearest = |point: Pos2| {
            project
                .stages
                .iter()
                .min_by(|a, b| {
                    let distance = |s: &Stage| stage_rect(s).center().distance(point);
                    distance(a).total_cmp(&distance(b))
                })
                .map(|stage| stage.name.clone())
                .unwrap_or_default()
        };
        let in_view = nearest(center);
        // Fit shows the whole chain (issue 19: it used to stop at 10 % and cut the corners),
        // below 10 % as an overview: each box a block of colour, not a widget with text, so a
        // frame of the whole chain stays cheap (benches/frame.rs).
        let fitted = fit_rect(&project, vec2(900.0, 500.0));
        assert!(900.0 / fitted.width() < OVERVIEW_ZOOM, "an overview at Fit");
        let harness = harness(project);
        assert!(harness.query_by_label(&in_view).is_none(), "{in_view}");
        // At 10% zoom link labels would be a pixel high: they are left out.
        assert!(harness.query_by_label_contains("Link from").is_none());
    }

    /// Drags with the primary button from `from` to `to`, as a person would.
    fn drag(harness: &mut Harness<'_, Bench>, from: Pos2, to: Pos2) {
        harness.hover_at(from);
        harness.run();
        harness.drag_at(from);
        harness.run();
        harness.hover_at(from.lerp(to, 0.5));
        harness.run();
        harness.hover_at(to);
        harness.run();
        harness.drop_at(to);
        harness.run();
    }

    fn center_of(harness: &Harness<'_, Bench>, label: &str) -> Pos2 {
        harness.get_by_label(label).rect().center()
    }

    #[test]
    fn dragging_from_a_handle_onto_a_box_adds_a_link() {
        let mut harness = harness(mine_and_concentrator(Vec::new()));
        let handle = center_of(&harness, "Connect from Mine");
        let target = center_of(&harness, "Concentrator");
        drag(&mut harness, handle, target);
        let added: Vec<&Action> = harness
            .state()
            .actions
            .iter()
            .filter(|action| matches!(action, Action::Edit(Edit::AddLink(_))))
            .collect();
        assert_eq!(
            added,
            vec![&Action::Edit(Edit::AddLink(link("mine", "mill", 100.0)))]
        );
    }

    #[test]
    fn a_new_link_gets_the_share_no_other_link_takes() {
        let mut project = mine_and_concentrator(vec![link("mine", "mill", 70.0)]);
        project
            .stages
            .push(stage("smelter", "Smelter", StageKind::Refining, 320.0));
        project.stages[2].position.y = 200.0;
        let mut harness = harness(project);
        let handle = center_of(&harness, "Connect from Mine");
        let target = center_of(&harness, "Smelter");
        drag(&mut harness, handle, target);
        assert!(
            harness
                .state()
                .actions
                .contains(&Action::Edit(Edit::AddLink(link("mine", "smelter", 30.0))))
        );
    }

    #[test]
    fn a_link_that_would_make_a_cycle_is_refused_with_a_notice() {
        let mut harness = harness(mine_and_concentrator(vec![link("mine", "mill", 100.0)]));
        let handle = center_of(&harness, "Connect from Concentrator");
        let target = center_of(&harness, "Mine");
        drag(&mut harness, handle, target);
        let actions = &harness.state().actions;
        assert!(
            !actions
                .iter()
                .any(|action| matches!(action, Action::Edit(Edit::AddLink(_))))
        );
        assert!(actions.iter().any(|action| matches!(
            action,
            Action::Notice(text) if text.contains("Can't link Concentrator to Mine") && text.contains("cycle")
        )));
    }

    #[test]
    fn dragging_a_box_moves_it_as_one_undo_step() {
        let mut harness = harness(mine_and_concentrator(Vec::new()));
        let mine = center_of(&harness, "Mine");
        drag(&mut harness, mine, mine + vec2(0.0, 120.0));
        let actions = &harness.state().actions;
        let keys: BTreeSet<&str> = actions
            .iter()
            .filter_map(|action| match action {
                Action::EditMerging(Edit::MoveStages(moves), key) => {
                    assert_eq!(moves.len(), 1);
                    assert_eq!(moves[0].0, StageId::from("mine"));
                    Some(key.as_str())
                }
                _ => None,
            })
            .collect();
        assert_eq!(keys.len(), 1, "one drag, one merge key: {actions:?}");
        assert_eq!(actions.last(), Some(&Action::EndMerge));
        let last_move = actions.iter().rev().find_map(|action| match action {
            Action::EditMerging(Edit::MoveStages(moves), _) => Some(moves[0].1),
            _ => None,
        });
        assert!(last_move.is_some_and(|pos| pos.y > 100.0), "{last_move:?}");
        assert!(
            harness
                .state()
                .canvas
                .selection
                .stages
                .contains(&StageId::from("mine"))
        );
    }

    #[test]
    fn clicking_selects_and_shift_click_adds() {
        let mut harness = harness(mine_and_concentrator(Vec::new()));
        harness.get_by_label("Mine").click();
        harness.run();
        assert_eq!(
            harness.state().canvas.selection,
            Selection::only_stage(&StageId::from("mine"))
        );
        harness
            .get_by_label("Concentrator")
            .click_modifiers(Modifiers::SHIFT);
        harness.run();
        assert_eq!(harness.state().canvas.selection.stages.len(), 2);
    }

    #[test]
    fn link_flows_split_feed_in_proportion_to_what_each_link_ships() {
        let mut project = mine_and_concentrator(vec![link("mine", "mill", 100.0)]);
        let mut second = stage("mine-2", "Second mine", StageKind::Mining, 0.0);
        second.capacity_per_year = 3000.0;
        second.price_per_unit = 20.0;
        project.stages.push(second);
        project.links.push(link("mine-2", "mill", 100.0));
        // The mill can use 2000 t of feed; 4000 t arrive, a quarter from the first mine.
        project.stages[1].capacity_per_year = 2000.0;
        let results = compute(&project).expect("valid project");
        let year = Period::Year(2025);
        let flows = link_flows(&project, &results, year).expect("matching results");
        assert!((flows[0].quantity - 500.0).abs() < 1e-9, "{flows:?}");
        assert!((flows[1].quantity - 1500.0).abs() < 1e-9, "{flows:?}");
        let material_cost = results.stage(1, year).material_cost;
        assert!((flows[0].value + flows[1].value - material_cost).abs() < 1e-6);
    }

    #[test]
    fn problems_show_on_their_stage_and_boxes_show_without_results() {
        // Sending 150 % of the mine's output is an error: no results, a marker on the mine.
        let mut harness = harness(mine_and_concentrator(vec![link("mine", "mill", 150.0)]));
        assert!(harness.state().results.is_none());
        harness.get_by_label("Problems with Mine").hover();
        harness.run();
        assert!(
            harness
                .query_by_label_contains("the shares must add up to 100% or less")
                .is_some()
        );
        harness
            .get_by_label("Link from Mine to Concentrator")
            .hover();
        harness.run();
        assert!(
            harness
                .query_by_label_contains("Mine sends 150 % of its output to Concentrator")
                .is_some()
        );
    }

    #[test]
    fn a_stage_kind_dropped_from_the_palette_becomes_a_stage_where_it_lands() {
        let mut harness = harness(mine_and_concentrator(Vec::new()));
        let empty_spot = center_of(&harness, "Mine") + vec2(0.0, 200.0);
        egui::DragAndDrop::set_payload(&harness.ctx, StageKind::Refining);
        harness.hover_at(empty_spot);
        harness.run();
        harness.drop_at(empty_spot);
        harness.run();
        let added: Vec<&Action> = harness
            .state()
            .actions
            .iter()
            .filter(|action| matches!(action, Action::AddStage { .. }))
            .collect();
        // The box is centred where it was dropped: 200 canvas units under the mine at 100 %.
        let expected_y = 200.0;
        assert!(
            matches!(
                added.as_slice(),
                [Action::AddStage { kind: StageKind::Refining, at }]
                    if (at.x - 0.0).abs() < 1.0 && (at.y - expected_y).abs() < 1.0
            ),
            "{added:?}"
        );
    }

    #[test]
    fn right_click_on_empty_canvas_offers_every_kind_of_stage() {
        let mut harness = harness(mine_and_concentrator(Vec::new()));
        let empty_spot = center_of(&harness, "Mine") + vec2(0.0, 200.0);
        harness.hover_at(empty_spot);
        harness.run();
        harness.event(egui::Event::PointerButton {
            pos: empty_spot,
            button: PointerButton::Secondary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        harness.event(egui::Event::PointerButton {
            pos: empty_spot,
            button: PointerButton::Secondary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        harness.run();
        for kind in StageKind::ALL {
            assert!(harness.query_by_label(kind.label()).is_some(), "{kind:?}");
        }
        harness.get_by_label("Manufacturing").click();
        harness.run();
        assert!(harness.state().actions.iter().any(|action| matches!(
            action,
            Action::AddStage { kind: StageKind::Manufacturing, at }
                if (at.x - 0.0).abs() < 1.0 && (at.y - 200.0).abs() < 1.0
        )));
    }

    #[test]
    fn clicking_a_link_selects_it_and_clicking_empty_space_clears_the_selection() {
        let mut project = mine_and_concentrator(vec![link("mine", "mill", 100.0)]);
        // Wide enough apart for the link's label to sit between the boxes.
        project.stages[1].position.x = 400.0;
        let mut harness = harness(project);
        harness
            .get_by_label("Link from Mine to Concentrator")
            .click();
        harness.run();
        assert_eq!(harness.state().canvas.selection, Selection::only_link(0));
        let empty_spot = center_of(&harness, "Mine") + vec2(0.0, 200.0);
        harness.hover_at(empty_spot);
        harness.run();
        harness.drag_at(empty_spot);
        harness.run();
        harness.drop_at(empty_spot);
        harness.run();
        assert!(harness.state().canvas.selection.is_empty());
    }

    #[test]
    fn the_default_fonts_have_every_character_the_canvas_writes() {
        let harness = harness(mine_and_concentrator(Vec::new()));
        let font = FontId::proportional(14.0);
        // "→" is not among them (egui 0.37's default fonts lack arrows): text on screen says "to".
        assert!(
            harness
                .ctx
                .fonts_mut(|fonts| fonts.has_glyphs(&font, "–·…"))
        );
        let notice = connection_refusal(
            &harness.state().project,
            &StageId::from("mine"),
            &StageId::from("mine"),
        );
        assert!(notice.is_some_and(|text| harness.ctx.fonts_mut(|f| f.has_glyphs(&font, &text))));
    }
}
