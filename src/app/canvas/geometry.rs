//! Where things are on the canvas: box rectangles and their positions in canvas units, link
//! curves (cubic Béziers from an output handle to an input side) and what lies under a point,
//! and the rectangle that fits the whole chain in view. Pure geometry: nothing here draws.

use crate::model::{CanvasPos, Project, Stage, StageId};
use egui::{Pos2, Rect, Vec2, pos2, vec2};

use super::figures::Figures;
use super::{FIT_MARGIN, LINK_SAMPLES, LINK_WIDTH_RANGE, MoveDrag, STAGE_BOX_SIZE};

/// Top-left corner of a box centred on `center`, rounded to whole canvas units.
pub(super) fn box_origin_centered_on(center: Pos2) -> CanvasPos {
    let origin = center - STAGE_BOX_SIZE / 2.0;
    CanvasPos {
        x: origin.x.round(),
        y: origin.y.round(),
    }
}

/// Where a link is drawn this frame.
pub(super) struct LinkPath {
    /// Index of the upstream stage.
    pub(super) from: usize,
    /// Index of the downstream stage.
    pub(super) to: usize,
    /// Points along the curve, from the upstream handle to the base of the arrowhead.
    pub(super) points: Vec<Pos2>,
    /// Tip of the arrowhead, on the downstream box's left edge.
    pub(super) tip: Pos2,
}

impl LinkPath {
    pub(super) fn middle(&self) -> Pos2 {
        self.points[self.points.len() / 2]
    }

    pub(super) fn distance_to(&self, point: Pos2) -> f32 {
        self.points
            .windows(2)
            .map(|segment| distance_to_segment(point, segment[0], segment[1]))
            .chain(std::iter::once(point.distance(self.tip)))
            .fold(f32::INFINITY, f32::min)
    }
}

pub(super) fn distance_to_segment(point: Pos2, start: Pos2, end: Pos2) -> f32 {
    let along = end - start;
    let length_sq = along.length_sq();
    if length_sq <= f32::EPSILON {
        return point.distance(start);
    }
    let t = ((point - start).dot(along) / length_sq).clamp(0.0, 1.0);
    point.distance(start + along * t)
}

/// Length of the arrowhead of a link `width` wide.
pub(super) fn arrow_length(width: f32) -> f32 {
    9.0 + width * 0.9
}

/// Stage indices by id, built once per frame: every link looks up its two ends.
pub(super) fn stage_indices(project: &Project) -> rustc_hash::FxHashMap<&StageId, usize> {
    let mut indices = rustc_hash::FxHashMap::default();
    indices.reserve(project.stages.len());
    for (index, stage) in project.stages.iter().enumerate() {
        // The first stage with an id wins, as with `Project::stage_index`.
        indices.entry(&stage.id).or_insert(index);
    }
    indices
}

/// How far a link's curve swings out horizontally from its ends (see [`bezier_points`]).
pub(super) fn link_pull(start: Pos2, end: Pos2) -> f32 {
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
pub(super) fn link_paths(
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
pub(super) fn bezier_points(start: Pos2, end: Pos2) -> Vec<Pos2> {
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
pub(super) fn box_at(rects: &[Rect], point: Pos2, except: Option<usize>) -> Option<usize> {
    rects
        .iter()
        .enumerate()
        .rev()
        .find(|(index, rect)| Some(*index) != except && rect.contains(point))
        .map(|(index, _)| index)
}

/// The link nearest to `point`, if one lies within `tolerance` (plus its own half width).
pub(super) fn link_at(
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

/// The part of the canvas to show so that every box fits, never zoomed in past 100 %.
pub(super) fn fit_rect(project: &Project, canvas_size: Vec2) -> Rect {
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

pub(super) fn stage_rect(stage: &Stage) -> Rect {
    Rect::from_min_size(pos2(stage.position.x, stage.position.y), STAGE_BOX_SIZE)
}

/// Box rectangles by stage index, with boxes being dragged at their live position.
pub(super) fn box_rects(project: &Project, moving: Option<&MoveDrag>) -> Vec<Rect> {
    project
        .stages
        .iter()
        .map(|stage| box_rect(stage, moving))
        .collect()
}

/// Where a stage's box is drawn: where the drag has taken it, else where the project says.
/// (The project catches up when the shell applies the move; drawing from the drag keeps the box
/// under the pointer meanwhile.)
pub(super) fn box_rect(stage: &Stage, moving: Option<&MoveDrag>) -> Rect {
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

pub(super) fn rounded(point: Pos2) -> Pos2 {
    pos2(point.x.round(), point.y.round())
}

pub(super) fn canvas_pos(point: Pos2) -> CanvasPos {
    CanvasPos {
        x: point.x,
        y: point.y,
    }
}

pub(super) fn marker_center(rect: Rect) -> Pos2 {
    rect.right_top() + vec2(-2.0, 2.0)
}
