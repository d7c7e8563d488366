//! Where new boxes go on the canvas so that none lands on another: a stage added from the
//! palette, stages pasted or imported. Pure geometry in canvas units; the canvas draws every
//! box [`BOX_WIDTH`] by [`BOX_HEIGHT`].

use crate::model::{CanvasPos, Project, StageId};

/// Width of a stage's box on the canvas, in canvas units.
pub const BOX_WIDTH: f32 = 200.0;

/// Height of a stage's box on the canvas, in canvas units.
pub const BOX_HEIGHT: f32 = 110.0;

/// Room left between a placed box and its neighbours, in canvas units: enough for a link's
/// arrow to show between them.
pub const GAP: f32 = 40.0;

/// Rings of candidate places tried around the place asked for before falling back to the
/// row below everything (always free). Six rings are 168 places, tried in a few milliseconds
/// even on a 10,000-stage chain.
const RINGS: i32 = 6;

/// An axis-aligned rectangle in canvas units.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Area {
    left: f32,
    top: f32,
    right: f32,
    bottom: f32,
}

impl Area {
    fn of_box(at: CanvasPos) -> Self {
        Self {
            left: at.x,
            top: at.y,
            right: at.x + BOX_WIDTH,
            bottom: at.y + BOX_HEIGHT,
        }
    }

    /// True when the two overlap or come closer than `gap` (touching boxes read as stacked).
    fn crowds(&self, other: &Self, gap: f32) -> bool {
        self.left < other.right + gap
            && other.left < self.right + gap
            && self.top < other.bottom + gap
            && other.top < self.bottom + gap
    }
}

/// True when the boxes at `a` and `b` overlap: one stacked on the other.
pub fn stacked(a: CanvasPos, b: CanvasPos) -> bool {
    Area::of_box(a).crowds(&Area::of_box(b), 0.0)
}

/// The boxes already on the canvas that new ones must keep clear of.
fn occupied(project: &Project) -> Vec<Area> {
    project
        .stages
        .iter()
        .map(|stage| Area::of_box(stage.position))
        .collect()
}

/// Offsets to try, nearest first: `(0, 0)`, then rings of one box-and-gap step further out
/// each time, each ring ordered by distance (right and down before left and up when equal).
fn candidate_steps() -> Vec<(i32, i32)> {
    let mut steps = Vec::new();
    for ring in 0..=RINGS {
        let mut ring_steps: Vec<(i32, i32)> = (-ring..=ring)
            .flat_map(|dx| (-ring..=ring).map(move |dy| (dx, dy)))
            .filter(|(dx, dy)| dx.abs().max(dy.abs()) == ring)
            .collect();
        ring_steps.sort_by_key(|&(dx, dy)| (dx * dx + dy * dy, -dx, -dy));
        steps.extend(ring_steps);
    }
    steps
}

/// The top-left corner nearest `wanted` where a box crowds none of `project`'s boxes.
pub fn free_spot(project: &Project, wanted: CanvasPos) -> CanvasPos {
    let offset = free_offset(project, &[wanted], wanted);
    CanvasPos {
        x: wanted.x + offset.0,
        y: wanted.y + offset.1,
    }
}

/// How far to move a group of boxes whose top-left corners are `boxes` so that, moved, none
/// crowds a box of `project`: the nearest such shift from `(0, 0)`, trying whole steps of a
/// box and a gap; when every nearby place is taken, the shift that puts the group in the row
/// below the whole chain, lined up with `anchor`.
pub fn free_offset(project: &Project, boxes: &[CanvasPos], anchor: CanvasPos) -> (f32, f32) {
    let taken = occupied(project);
    let Some(group) = boxes
        .iter()
        .map(|at| Area::of_box(*at))
        .reduce(|a, b| Area {
            left: a.left.min(b.left),
            top: a.top.min(b.top),
            right: a.right.max(b.right),
            bottom: a.bottom.max(b.bottom),
        })
    else {
        return (0.0, 0.0);
    };
    let fits = |dx: f32, dy: f32| {
        let moved_group = Area {
            left: group.left + dx,
            top: group.top + dy,
            right: group.right + dx,
            bottom: group.bottom + dy,
        };
        // Only boxes near the group's outline can crowd one of its boxes: a large paste into a
        // large chain checks a handful of neighbours, not every pair.
        let near: Vec<&Area> = taken
            .iter()
            .filter(|area| moved_group.crowds(area, GAP))
            .collect();
        near.is_empty()
            || boxes.iter().all(|at| {
                let moved = Area::of_box(CanvasPos {
                    x: at.x + dx,
                    y: at.y + dy,
                });
                near.iter().all(|area| !moved.crowds(area, GAP))
            })
    };
    let step_x = BOX_WIDTH + GAP;
    let step_y = BOX_HEIGHT + GAP;
    for (dx, dy) in candidate_steps() {
        let (dx, dy) = (dx as f32 * step_x, dy as f32 * step_y);
        if fits(dx, dy) {
            return (dx, dy);
        }
    }
    // Below everything there is always room.
    let lowest = taken
        .iter()
        .map(|area| area.bottom)
        .fold(f32::MIN, f32::max);
    let group_top = boxes.iter().map(|at| at.y).fold(f32::MAX, f32::min);
    let group_left = boxes.iter().map(|at| at.x).fold(f32::MAX, f32::min);
    (anchor.x - group_left, lowest + GAP - group_top)
}

/// Where a stage added from the palette goes: just right of the selected stages (level with
/// the top of the rightmost), or at `view_origin` (the middle of the view) with nothing
/// selected; then moved to the nearest free place.
pub fn place_new_stage(
    project: &Project,
    selected: &[StageId],
    view_origin: CanvasPos,
) -> CanvasPos {
    let rightmost = project
        .stages
        .iter()
        .filter(|stage| selected.contains(&stage.id))
        .max_by(|a, b| a.position.x.total_cmp(&b.position.x));
    let wanted = rightmost.map_or(view_origin, |stage| CanvasPos {
        x: stage.position.x + BOX_WIDTH + GAP,
        y: stage.position.y,
    });
    free_spot(project, wanted)
}

#[cfg(test)]
// Positions are whole canvas units; comparing them exactly is the point.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::model::{Stage, StageKind};

    fn project_with(positions: &[(f32, f32)]) -> Project {
        let mut project = Project::empty("Test", 2025);
        for (n, (x, y)) in positions.iter().enumerate() {
            let mut stage = Stage::new(StageId(format!("s{n}")), StageKind::Mining, 2026);
            stage.position = CanvasPos { x: *x, y: *y };
            project.stages.push(stage);
        }
        project
    }

    fn no_stacking(project: &Project, at: CanvasPos) -> bool {
        project.stages.iter().all(|s| !stacked(s.position, at))
    }

    #[test]
    fn a_free_place_is_kept_and_a_taken_one_is_left_for_the_nearest_free() {
        let project = project_with(&[(0.0, 0.0)]);
        let far = CanvasPos { x: 1000.0, y: 0.0 };
        assert_eq!(free_spot(&project, far), far);
        let on_top = CanvasPos { x: 10.0, y: 10.0 };
        let placed = free_spot(&project, on_top);
        assert!(no_stacking(&project, placed), "{placed:?}");
        let moved = (placed.x - on_top.x).abs() + (placed.y - on_top.y).abs();
        assert!(moved <= BOX_WIDTH + GAP + 1.0, "one step away: {placed:?}");
    }

    #[test]
    fn a_new_stage_goes_right_of_the_selection_and_never_on_a_box() {
        let project = project_with(&[(0.0, 0.0), (240.0, 0.0)]);
        let placed = place_new_stage(&project, &[StageId::from("s0")], CanvasPos::default());
        assert!(no_stacking(&project, placed));
        assert_eq!(placed.y, 0.0, "level with the selection");
        assert!(placed.x >= 240.0 + BOX_WIDTH, "past the box already there");
        // Clicked again and again: each new box finds a place of its own.
        let mut project = project;
        for n in 0..60 {
            let at = place_new_stage(&project, &[], CanvasPos::default());
            assert!(no_stacking(&project, at), "stage {n} at {at:?}");
            let mut stage = Stage::new(StageId(format!("new{n}")), StageKind::Refining, 2026);
            stage.position = at;
            project.stages.push(stage);
        }
    }

    #[test]
    fn a_group_moves_as_one_to_where_none_of_it_is_stacked() {
        let project = project_with(&[(0.0, 0.0), (240.0, 0.0)]);
        let group = [CanvasPos { x: 0.0, y: 0.0 }, CanvasPos { x: 240.0, y: 0.0 }];
        let (dx, dy) = free_offset(&project, &group, group[0]);
        assert!((dx, dy) != (0.0, 0.0));
        for at in group {
            let moved = CanvasPos {
                x: at.x + dx,
                y: at.y + dy,
            };
            assert!(no_stacking(&project, moved), "{moved:?}");
        }
    }
}
