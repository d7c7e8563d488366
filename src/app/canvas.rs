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

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use egui::containers::DragPanButtons;
use egui::text::{LayoutJob, TextWrapping};
use egui::{
    Align, Color32, CornerRadius, CursorIcon, FontId, Galley, Key, KeyboardShortcut, Modifiers,
    Painter, PointerButton, Pos2, Rect, Response, Role, Scene, Sense, Shape, Stroke, StrokeKind,
    TextStyle, Vec2, Visuals, WidgetInfo, pos2, vec2,
};

use crate::calc::{Period, Results};
use crate::model::edit::Edit;
use crate::model::{CanvasPos, Link, Location, Project, Stage, StageId, StageKind};
use crate::report::format::{self, MoneyDisplay};
use crate::validate::{Problem, Severity, Subject};

use super::action::Action;
use super::canvas_badges::{self, Baseline};
use super::theme;

/// Size of a stage box, in canvas units: room for four lines of text at normal UI size.
pub const STAGE_BOX_SIZE: Vec2 = vec2(200.0, 110.0);

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
const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.1..=2.0;
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
}

/// Pan, zoom, selection and interaction state of the canvas.
#[derive(Debug, Default)]
pub struct CanvasState {
    /// Current selection.
    pub selection: Selection,
    /// The part of the canvas in view, in canvas units (pan and zoom). `None` until the first
    /// frame, which fits the chain into view.
    scene_rect: Option<Rect>,
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

/// Top-left corner of a box centred on `center`, rounded to whole canvas units.
fn box_origin_centered_on(center: Pos2) -> CanvasPos {
    let origin = center - STAGE_BOX_SIZE / 2.0;
    CanvasPos {
        x: origin.x.round(),
        y: origin.y.round(),
    }
}

/// Material and money moving along one link over a period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LinkFlow {
    /// Feed used by the downstream stage from this link, in the upstream stage's unit.
    pub quantity: f64,
    /// That feed at the upstream stage's price, in the project currency.
    pub value: f64,
}

/// What flows along every link of `project` over `period` (same order as `Project::links`), or
/// `None` when `results` were not computed from this project.
///
/// The calculation draws a stage's feed from its inbound links in proportion to what each link
/// ships (share × upstream quantity); this splits each year's feed the same way, so the values
/// of a stage's inbound links add up to its material cost.
pub fn link_flows(project: &Project, results: &Results, period: Period) -> Option<Vec<LinkFlow>> {
    if !results_match(project, results) || results.link_count() != project.links.len() {
        return None;
    }
    Some(
        (0..project.links.len())
            .map(|index| {
                let (quantity, value) = results.link(index, period);
                LinkFlow { quantity, value }
            })
            .collect(),
    )
}

/// True when `results` have one entry per stage of `project`, in the same order (results lag
/// one recalculation behind an edit at most, and are dropped while the project has errors).
fn results_match(project: &Project, results: &Results) -> bool {
    results.stages.len() == project.stages.len()
        && results
            .stages
            .iter()
            .zip(&project.stages)
            .all(|(computed, stage)| computed.id == stage.id)
}

/// Figures of one stage for the period on show.
#[derive(Clone, Copy, Debug)]
struct StageFigures {
    value_added: f64,
    /// `None` for stages abroad: their value added is not part of the national economy.
    share_of_gdp: Option<f64>,
}

/// Everything the boxes and arrows show, from the results. Link flows are summed once per
/// frame (their widths depend on the largest); a box's figures only when the box is drawn.
struct Figures<'r> {
    /// Results that match the project, with the period's GDP; `None` without them.
    results: Option<(&'r Results, f64)>,
    period: Period,
    /// By link index; empty when there are no (matching) results.
    links: Vec<LinkFlow>,
    largest_link_value: f64,
}

impl<'r> Figures<'r> {
    fn of(view: &CanvasView<'r>) -> Self {
        let none = Self {
            results: None,
            period: view.period,
            links: Vec::new(),
            largest_link_value: 0.0,
        };
        let Some(results) = view.results else {
            return none;
        };
        let Some(links) = link_flows(view.project, results, view.period) else {
            return none;
        };
        let largest_link_value = links
            .iter()
            .map(|flow| flow.value)
            .filter(|value| value.is_finite())
            .fold(0.0, f64::max);
        Self {
            results: Some((results, results.gdp(view.period))),
            period: view.period,
            links,
            largest_link_value,
        }
    }

    /// Figures of stage `index` (`None` without results).
    fn stage(&self, index: usize, stage: &Stage) -> Option<StageFigures> {
        let (results, gdp) = self.results?;
        let value_added = results.stage_sum(index, self.period, |a| a.value_added);
        let national = stage.location == Location::Domestic && gdp > 0.0;
        Some(StageFigures {
            value_added,
            share_of_gdp: national.then(|| value_added / gdp),
        })
    }

    fn link_width(&self, index: usize) -> f32 {
        let Some(flow) = self.links.get(index) else {
            return LINK_WIDTH_WITHOUT_RESULTS;
        };
        let (thinnest, thickest) = LINK_WIDTH_RANGE;
        if self.largest_link_value <= 0.0 || !flow.value.is_finite() {
            return thinnest;
        }
        // Width in proportion to value, like a Sankey diagram: twice the value, twice the width.
        let fraction = (flow.value / self.largest_link_value).clamp(0.0, 1.0) as f32;
        thinnest + (thickest - thinnest) * fraction
    }
}

/// Validation problems sorted by what they are about.
struct ProblemIndex<'a> {
    stages: BTreeMap<&'a StageId, Vec<&'a Problem>>,
    links: BTreeMap<usize, Vec<&'a Problem>>,
}

impl<'a> ProblemIndex<'a> {
    fn of(problems: &'a [Problem]) -> Self {
        let mut index = Self {
            stages: BTreeMap::new(),
            links: BTreeMap::new(),
        };
        for problem in problems {
            match &problem.subject {
                Subject::Stage(id) => index.stages.entry(id).or_default().push(problem),
                Subject::Link(link) => index.links.entry(*link).or_default().push(problem),
                Subject::Project | Subject::Phase(_) => {}
            }
        }
        index
    }

    fn of_stage(&self, id: &StageId) -> &[&'a Problem] {
        self.stages.get(id).map_or(&[], Vec::as_slice)
    }

    fn of_link(&self, index: usize) -> &[&'a Problem] {
        self.links.get(&index).map_or(&[], Vec::as_slice)
    }
}

fn worst(problems: &[&Problem]) -> Option<Severity> {
    problems.iter().map(|problem| problem.severity).max()
}

fn severity_color(severity: Severity, visuals: &Visuals) -> Color32 {
    match severity {
        Severity::Error => theme::error_color(visuals),
        Severity::Warning => theme::warning_color(visuals),
    }
}

/// Where a link is drawn this frame.
struct LinkPath {
    /// Index of the upstream stage.
    from: usize,
    /// Index of the downstream stage.
    to: usize,
    /// Points along the curve, from the upstream handle to the base of the arrowhead.
    points: Vec<Pos2>,
    /// Tip of the arrowhead, on the downstream box's left edge.
    tip: Pos2,
}

impl LinkPath {
    fn middle(&self) -> Pos2 {
        self.points[self.points.len() / 2]
    }

    fn distance_to(&self, point: Pos2) -> f32 {
        self.points
            .windows(2)
            .map(|segment| distance_to_segment(point, segment[0], segment[1]))
            .chain(std::iter::once(point.distance(self.tip)))
            .fold(f32::INFINITY, f32::min)
    }
}

fn distance_to_segment(point: Pos2, start: Pos2, end: Pos2) -> f32 {
    let along = end - start;
    let length_sq = along.length_sq();
    if length_sq <= f32::EPSILON {
        return point.distance(start);
    }
    let t = ((point - start).dot(along) / length_sq).clamp(0.0, 1.0);
    point.distance(start + along * t)
}

/// Length of the arrowhead of a link `width` wide.
fn arrow_length(width: f32) -> f32 {
    9.0 + width * 0.9
}

/// Stage indices by id, built once per frame: every link looks up its two ends.
fn stage_indices(project: &Project) -> rustc_hash::FxHashMap<&StageId, usize> {
    let mut indices = rustc_hash::FxHashMap::default();
    indices.reserve(project.stages.len());
    for (index, stage) in project.stages.iter().enumerate() {
        // The first stage with an id wins, as with `Project::stage_index`.
        indices.entry(&stage.id).or_insert(index);
    }
    indices
}

/// How far a link's curve swings out horizontally from its ends (see [`bezier_points`]).
fn link_pull(start: Pos2, end: Pos2) -> f32 {
    // Horizontal tangents read as "flows left to right". Links that go backwards get a longer
    // pull so they swing clear of the boxes instead of folding over them.
    let forward = end.x - start.x;
    if forward > 0.0 {
        (forward * 0.5).max(20.0)
    } else {
        (-forward * 0.5).max(80.0)
    }
}

/// Curves of every link whose two ends exist and that passes through `visible` (by link
/// index; `None` for the others). Links arriving at the same box are spread along its left
/// edge, ordered by where they come from, so they never cross there.
fn link_paths(
    project: &Project,
    rects: &[Rect],
    figures: &Figures<'_>,
    visible: Rect,
) -> Vec<Option<LinkPath>> {
    let indices = stage_indices(project);
    let ends: Vec<Option<(usize, usize)>> = project
        .links
        .iter()
        .map(|link| {
            let from = *indices.get(&link.from)?;
            let to = *indices.get(&link.to)?;
            (from != to).then_some((from, to))
        })
        .collect();
    // Links by the box they arrive at, then by the height of the box they leave (a stable
    // sort, so ties keep link order).
    let source_y = |from: usize| rects.get(from).map_or(0.0, |r| r.center().y);
    let mut arrivals: Vec<(usize, f32, usize)> = ends
        .iter()
        .enumerate()
        .filter_map(|(link, ends)| ends.map(|(from, to)| (to, source_y(from), link)))
        .collect();
    arrivals.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut arrival_y = vec![0.0_f32; project.links.len()];
    for group in arrivals.chunk_by(|a, b| a.0 == b.0) {
        let Some(rect) = rects.get(group[0].0) else {
            continue;
        };
        let slots = group.len() as f32 + 1.0;
        for (slot, &(_, _, link)) in group.iter().enumerate() {
            arrival_y[link] = rect.top() + rect.height() * (slot as f32 + 1.0) / slots;
        }
    }
    ends.iter()
        .enumerate()
        .map(|(link, ends)| {
            let (from, to) = (*ends)?;
            let start = rects.get(from)?.right_center();
            let tip = pos2(rects.get(to)?.left(), arrival_y[link]);
            let base = tip - vec2(arrow_length(figures.link_width(link)), 0.0);
            // The curve stays inside the hull of its control points: skip it when that lies
            // off screen (arrowhead and label included).
            let pull = link_pull(start, base);
            let hull = Rect::from_two_pos(start, tip)
                .union(Rect::from_two_pos(
                    start + vec2(pull, 0.0),
                    base - vec2(pull, 0.0),
                ))
                .expand(LINK_WIDTH_RANGE.1 + 40.0);
            if !hull.intersects(visible) {
                return None;
            }
            Some(LinkPath {
                from,
                to,
                points: bezier_points(start, base),
                tip,
            })
        })
        .collect()
}

/// A curve leaving `start` and arriving at `end` horizontally, as a polyline.
fn bezier_points(start: Pos2, end: Pos2) -> Vec<Pos2> {
    let pull = link_pull(start, end);
    let control_a = start + vec2(pull, 0.0);
    let control_b = end - vec2(pull, 0.0);
    (0..=LINK_SAMPLES)
        .map(|step| {
            let t = step as f32 / LINK_SAMPLES as f32;
            let u = 1.0 - t;
            let point = start.to_vec2() * (u * u * u)
                + control_a.to_vec2() * (3.0 * u * u * t)
                + control_b.to_vec2() * (3.0 * u * t * t)
                + end.to_vec2() * (t * t * t);
            point.to_pos2()
        })
        .collect()
}

/// Index of the topmost box under `point`, other than `except`.
fn box_at(rects: &[Rect], point: Pos2, except: Option<usize>) -> Option<usize> {
    rects
        .iter()
        .enumerate()
        .rev()
        .find(|(index, rect)| Some(*index) != except && rect.contains(point))
        .map(|(index, _)| index)
}

/// The link nearest to `point`, if one lies within `tolerance` (plus its own half width).
fn link_at(
    paths: &[Option<LinkPath>],
    figures: &Figures<'_>,
    point: Pos2,
    tolerance: f32,
) -> Option<usize> {
    paths
        .iter()
        .enumerate()
        .filter_map(|(index, path)| {
            let path = path.as_ref()?;
            let distance = path.distance_to(point) - figures.link_width(index) / 2.0;
            (distance <= tolerance).then_some((index, distance))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(index, _)| index)
}

/// Share of `from`'s output that no link takes yet, in percent (what a new link gets).
fn remaining_share_pct(project: &Project, from: &StageId) -> f64 {
    let sent: f64 = project
        .links
        .iter()
        .filter(|link| &link.from == from && link.share_pct.is_finite())
        .map(|link| link.share_pct)
        .sum();
    // Rounded so that 100 - 66.7 reads 33.3 in the inspector, not 33.299999999999997.
    ((100.0 - sent).clamp(0.0, 100.0) * 1e6).round() / 1e6
}

/// Why a link `from → to` cannot be added, in words for the status bar; `None` when it can.
fn connection_refusal(project: &Project, from: &StageId, to: &StageId) -> Option<String> {
    let name = |id: &StageId| {
        project
            .stage(id)
            .map_or_else(|| id.0.clone(), |s| s.name.clone())
    };
    if project
        .links
        .iter()
        .any(|link| &link.from == from && &link.to == to)
    {
        return Some(format!(
            "{} already feeds {}: select that link to change its share.",
            name(from),
            name(to)
        ));
    }
    if project.link_would_cycle(from, to) {
        return Some(format!(
            "Can't link {} to {}: it would make a cycle, and material cannot flow in a circle.",
            name(from),
            name(to)
        ));
    }
    None
}

/// What releasing a connection drag from `from` onto `to` asks for.
fn connect_actions(project: &Project, from: &StageId, to: &StageId) -> Vec<Action> {
    if let Some(refusal) = connection_refusal(project, from, to) {
        return vec![Action::Notice(refusal)];
    }
    let share_pct = remaining_share_pct(project, from);
    let mut actions = vec![Action::Edit(Edit::AddLink(Link {
        from: from.clone(),
        to: to.clone(),
        share_pct,
        transport_cost_per_unit: 0.0,
    }))];
    if share_pct <= 0.0 {
        let name = project
            .stage(from)
            .map_or(from.0.as_str(), |s| s.name.as_str());
        actions.push(Action::Notice(format!(
            "{name} already sends all its output along other links, so the new link carries \
             0 %: set its share in the inspector."
        )));
    }
    actions
}

/// The part of the canvas to show so that every box fits, never zoomed in past 100 %.
fn fit_rect(project: &Project, canvas_size: Vec2) -> Rect {
    let bounds = project
        .stages
        .iter()
        .map(stage_rect)
        .reduce(Rect::union)
        .unwrap_or_else(|| Rect::from_min_size(Pos2::ZERO, STAGE_BOX_SIZE))
        .expand(FIT_MARGIN);
    // Scene fits this rect into the canvas; at least the canvas's own size keeps the zoom at
    // or below 1, so a small chain is shown at normal text size rather than blown up.
    let size = if canvas_size.x > 0.0 && canvas_size.y > 0.0 {
        bounds.size().max(canvas_size)
    } else {
        bounds.size()
    };
    Rect::from_center_size(bounds.center(), size)
}

fn stage_rect(stage: &Stage) -> Rect {
    Rect::from_min_size(pos2(stage.position.x, stage.position.y), STAGE_BOX_SIZE)
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

    hint_ui(ui, canvas_rect);
    actions
}

/// Per-frame facts every part of the scene needs.
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
    canvas_badges::paint_switched_off(ui.painter(), &facts.visuals, view.project, &rects);
    if let (Some(baseline), Some(results)) = (view.baseline, view.results) {
        let middles: Vec<Option<Pos2>> = paths
            .iter()
            .map(|path| path.as_ref().map(LinkPath::middle))
            .collect();
        canvas_badges::paint_badges(
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

/// Box rectangles by stage index, with boxes being dragged at their live position.
fn box_rects(project: &Project, moving: Option<&MoveDrag>) -> Vec<Rect> {
    project
        .stages
        .iter()
        .map(|stage| box_rect(stage, moving))
        .collect()
}

/// Where a stage's box is drawn: where the drag has taken it, else where the project says.
/// (The project catches up when the shell applies the move; drawing from the drag keeps the box
/// under the pointer meanwhile.)
fn box_rect(stage: &Stage, moving: Option<&MoveDrag>) -> Rect {
    let dragged_origin = moving.and_then(|moving| {
        moving
            .origins
            .iter()
            .find(|(id, _)| id == &stage.id)
            .map(|(_, origin)| rounded(*origin + moving.offset))
    });
    match dragged_origin {
        Some(origin) => Rect::from_min_size(origin, STAGE_BOX_SIZE),
        None => stage_rect(stage),
    }
}

fn rounded(point: Pos2) -> Pos2 {
    pos2(point.x.round(), point.y.round())
}

fn canvas_pos(point: Pos2) -> CanvasPos {
    CanvasPos {
        x: point.x,
        y: point.y,
    }
}

/// Gives a widget inside the scene its on-screen bounds for accessibility. egui reports the
/// bounds of widgets in a transformed layer in that layer's own coordinates; screen readers
/// and UI tests need them where they are drawn.
fn set_accessible_bounds(ui: &egui::Ui, response: &Response) {
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
struct BoxOutcome {
    box_dragged: bool,
    handle_dragged: bool,
}

/// One stage box with its output handle and problem marker: selection, moving, connecting.
fn stage_box_ui(
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
            origins: project
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

    let stage_problems = facts.problems.of_stage(&stage.id);
    let figures = facts.figures.stage(index, stage);
    response.context_menu(|ui| {
        let duplicate_shortcut = ui
            .ctx()
            .format_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::D));
        if ui
            .add(egui::Button::new("Duplicate").shortcut_text(duplicate_shortcut))
            .clicked()
        {
            actions.push(Action::DuplicateSelection);
        }
        if ui
            .add(egui::Button::new("Delete").shortcut_text("Del"))
            .clicked()
        {
            actions.push(Action::DeleteSelection);
        }
    });
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

fn marker_center(rect: Rect) -> Pos2 {
    rect.right_top() + vec2(-2.0, 2.0)
}

/// Tooltip of a stage box: what the box shows, in full, and its problems.
fn stage_tooltip_ui(
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

fn problems_ui(ui: &mut egui::Ui, problems: &[&Problem]) {
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
struct BoxLook {
    selected: bool,
    hovered: bool,
    problem: Option<Severity>,
    /// Outline colour when a connection drag is over this box.
    connect_target: Option<Color32>,
    handle_active: bool,
}

/// A single line of text, cut with "…" when wider than `max_width`.
fn single_line(
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

fn paint_stage_box(
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
    let text_color = visuals.text_color();
    let strong_color = visuals.strong_text_color();
    let weak_color = visuals.weak_text_color();
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

    paint_handle(painter, rect, look, visuals);
}

/// The output handle on a box's right edge.
fn paint_handle(painter: &Painter, rect: Rect, look: &BoxLook, visuals: &Visuals) {
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

fn paint_marker(painter: &Painter, center: Pos2, severity: Severity, visuals: &Visuals) {
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

/// The text on a link: what it carries over the period, or its share while there are no
/// figures.
fn link_label_text(facts: &Facts<'_, '_>, index: usize, link: &Link, path: &LinkPath) -> String {
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
fn link_label(
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

fn share_text(share_pct: f64) -> String {
    if share_pct.fract().abs() < 1e-9 {
        format!("{share_pct:.0} %")
    } else {
        format!("{share_pct:.1} %")
    }
}

fn stage_name<'p>(project: &'p Project, id: &'p StageId) -> &'p str {
    project.stage(id).map_or(id.0.as_str(), |s| s.name.as_str())
}

/// The label at the middle of each link: a small clickable tag that selects the link, names
/// it for screen readers and explains it on hover. Returns the responses by link index.
fn link_labels_ui(
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

fn select_link(state: &mut CanvasState, index: usize, shift: bool) {
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

fn link_menu_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    if ui
        .add(egui::Button::new("Delete").shortcut_text("Del"))
        .clicked()
    {
        actions.push(Action::DeleteSelection);
    }
}

fn link_tooltip_ui(
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
fn link_shapes(
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

/// Clicks, right-clicks, drops and Shift+drags on the empty canvas.
#[expect(
    clippy::too_many_arguments,
    reason = "one call site; the pieces are this frame's geometry"
)]
fn background_ui(
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

/// The rubber-band arrow from an output handle to the pointer while connecting.
fn paint_connect_band(
    painter: &Painter,
    state: &CanvasState,
    facts: &Facts<'_, '_>,
    rects: &[Rect],
) {
    let Some(connecting) = &state.connecting else {
        return;
    };
    let project = facts.view.project;
    let Some(from) = project.stage_index(&connecting.from) else {
        return;
    };
    let Some(from_rect) = rects.get(from) else {
        return;
    };
    let color = match box_at(rects, connecting.pointer, Some(from)) {
        Some(to) => {
            if connection_refusal(project, &connecting.from, &project.stages[to].id).is_some() {
                theme::error_color(&facts.visuals)
            } else {
                theme::connect_ok_color(&facts.visuals)
            }
        }
        None => theme::link_color(&facts.visuals),
    };
    // A straight band that points where the pointer is: it follows the hand, not the chain.
    let width = 2.5;
    let start = from_rect.right_center();
    let tip = connecting.pointer;
    if (tip - start).length() < 1.0 {
        return;
    }
    let direction = (tip - start).normalized();
    let base = tip - direction * arrow_length(width);
    let across = direction.rot90() * 6.0;
    painter.extend(Shape::dashed_line(
        &[start, base],
        Stroke::new(width, color),
        8.0,
        5.0,
    ));
    painter.add(Shape::convex_polygon(
        vec![tip, base + across, base - across],
        color,
        Stroke::NONE,
    ));
}

/// Faint dots that show the canvas moving when it pans; left out when zoomed far out.
fn paint_grid(painter: &Painter, visible: Rect, zoom: f32, visuals: &Visuals) {
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
fn paint_empty_canvas_note(ui: &egui::Ui, facts: &Facts<'_, '_>) {
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
fn hint_ui(ui: &mut egui::Ui, canvas_rect: Rect) {
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

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::calc::compute;
    use crate::model::{Currency, Stage};

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
            problems: crate::validate::validate(&project),
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
        // The chain is larger than the view at the smallest zoom: its corner is off screen.
        let far_corner = nearest(pos2(0.0, 0.0));
        let harness = harness(project);
        assert!(harness.query_by_label(&in_view).is_some(), "{in_view}");
        assert!(
            harness.query_by_label(&far_corner).is_none(),
            "{far_corner}"
        );
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
