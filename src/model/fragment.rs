//! A piece of a chain lifted out to be pasted: some stages and the links among them, what
//! Copy puts on the clipboard (as RON text, see `io::clipboard`) and Paste puts back, in this
//! project or in another Uplift window. Pasted stages get ids of their own (the links follow
//! them) and boxes moved, as a group, to free space on the canvas. Duplicate (Ctrl+D), a copy
//! beside the originals without the clipboard, is here too.

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::model::edit::Edit;
use crate::model::placement::{self, BOX_HEIGHT, BOX_WIDTH};
use crate::model::{CanvasPos, Link, Project, Stage, StageId, fresh_id};

/// The fragment format this build writes; a fragment from a newer Uplift is refused.
pub const FRAGMENT_VERSION: u32 = 1;

/// Stages and the links between them, as copied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fragment {
    /// Marks the text as an Uplift fragment, and says which version of the format it is.
    pub uplift_fragment: u32,
    /// The stages copied, in the project's order.
    pub stages: Vec<Stage>,
    /// The links whose two ends are both among `stages`.
    #[serde(default)]
    pub links: Vec<Link>,
}

impl Fragment {
    /// The `selected` stages of `project` and the links among them; `None` when no selected
    /// stage exists.
    pub fn of(project: &Project, selected: &[StageId]) -> Option<Self> {
        let stages: Vec<Stage> = project
            .stages
            .iter()
            .filter(|stage| selected.contains(&stage.id))
            .cloned()
            .collect();
        if stages.is_empty() {
            return None;
        }
        let inside = |id: &StageId| stages.iter().any(|stage| &stage.id == id);
        let links = project
            .links
            .iter()
            .filter(|link| inside(&link.from) && inside(&link.to))
            .cloned()
            .collect();
        Some(Self {
            uplift_fragment: FRAGMENT_VERSION,
            stages,
            links,
        })
    }
}

/// A name not among `taken`: the same name when it is free, else "Name (copy)",
/// "Name (copy 2)", …
fn free_name(taken: &FxHashSet<String>, name: &str) -> String {
    if !taken.contains(name) {
        return name.to_owned();
    }
    let first = format!("{name} (copy)");
    if !taken.contains(&first) {
        return first;
    }
    (2..=taken.len() + 2)
        .map(|n| format!("{name} (copy {n})"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(first)
}

/// Where `fragment`'s boxes go in `project`: moved together so their middle sits at
/// `wanted_centre` (canvas units), then on to the nearest place where none is stacked on a box
/// of `project`.
fn pasted_positions(
    project: &Project,
    fragment: &Fragment,
    wanted_centre: CanvasPos,
) -> Vec<CanvasPos> {
    let boxes: Vec<CanvasPos> = fragment.stages.iter().map(|s| s.position).collect();
    let (mut left, mut top) = (f32::MAX, f32::MAX);
    let (mut right, mut bottom) = (f32::MIN, f32::MIN);
    for at in &boxes {
        left = left.min(at.x);
        top = top.min(at.y);
        right = right.max(at.x + BOX_WIDTH);
        bottom = bottom.max(at.y + BOX_HEIGHT);
    }
    let shift_x = wanted_centre.x - f32::midpoint(left, right);
    let shift_y = wanted_centre.y - f32::midpoint(top, bottom);
    let shifted: Vec<CanvasPos> = boxes
        .iter()
        .map(|at| CanvasPos {
            x: (at.x + shift_x).round(),
            y: (at.y + shift_y).round(),
        })
        .collect();
    let anchor = shifted.first().copied().unwrap_or_default();
    let (dx, dy) = placement::free_offset(project, &shifted, anchor);
    shifted
        .into_iter()
        .map(|at| CanvasPos {
            x: at.x + dx,
            y: at.y + dy,
        })
        .collect()
}

/// The edits that paste `fragment` into `project`, to be applied in order as one undo step:
/// its stages with fresh ids (and "(copy)" names where the name is taken), placed around
/// `wanted_centre` where no box is stacked on another, and its links between the new ids.
/// Also the new ids, to select them. `None` for a fragment with no stage.
pub fn paste_edits(
    project: &Project,
    fragment: &Fragment,
    wanted_centre: CanvasPos,
) -> Option<(Vec<Edit>, Vec<StageId>)> {
    if fragment.stages.is_empty() {
        return None;
    }
    let positions = pasted_positions(project, fragment, wanted_centre);
    // Ids and names are made unique against the stages pasted so far as well; sets keep a
    // paste of thousands of stages from checking every stage for every one.
    let mut ids: FxHashSet<String> = project.stages.iter().map(|s| s.id.0.clone()).collect();
    let mut names: FxHashSet<String> = project.stages.iter().map(|s| s.name.clone()).collect();
    let mut new_ids: Vec<(StageId, StageId)> = Vec::with_capacity(fragment.stages.len());
    let mut pasted = Vec::with_capacity(fragment.stages.len());
    for (stage, position) in fragment.stages.iter().zip(positions) {
        let mut copy = stage.clone();
        copy.id = fresh_id(&stage.id.0, ids.len(), |c| ids.contains(c));
        copy.name = free_name(&names, &stage.name);
        copy.position = position;
        ids.insert(copy.id.0.clone());
        names.insert(copy.name.clone());
        new_ids.push((stage.id.clone(), copy.id.clone()));
        pasted.push(copy);
    }
    // The first stage with an id stands for it, as links resolve ids everywhere else.
    let mut renamed: rustc_hash::FxHashMap<&StageId, &StageId> = rustc_hash::FxHashMap::default();
    for (old, new) in &new_ids {
        renamed.entry(old).or_insert(new);
    }
    let links: Vec<Link> = fragment
        .links
        .iter()
        .filter_map(|link| {
            let mut copy = link.clone();
            copy.from = (*renamed.get(&link.from)?).clone();
            copy.to = (*renamed.get(&link.to)?).clone();
            Some(copy)
        })
        .collect();
    let mut edits = vec![Edit::AddStages(pasted)];
    if !links.is_empty() {
        edits.push(Edit::AddLinks(links));
    }
    Some((edits, new_ids.into_iter().map(|(_, new)| new).collect()))
}

/// How far a copy's box is first put from its original, right and down (canvas units); the
/// copies then move together to the nearest place where none is stacked on a box.
const DUPLICATE_OFFSET: f32 = 30.0;

/// Copies of `selected` stages of `project` with fresh ids, "(copy)" names and boxes beside
/// the originals where none is stacked on another, plus copies of the links between them: the edits, to be applied in
/// order as one undo step, and the copies' ids. `None` when no selected stage exists.
pub fn duplicate_selection(
    project: &Project,
    selected: &[StageId],
) -> Option<(Vec<Edit>, Vec<StageId>)> {
    let originals: Vec<&Stage> = project
        .stages
        .iter()
        .filter(|stage| selected.contains(&stage.id))
        .collect();
    if originals.is_empty() {
        return None;
    }
    // Ids are made unique against the copies made so far as well as the project.
    let mut scratch = project.clone();
    let mut copies = Vec::with_capacity(originals.len());
    let mut new_ids = Vec::with_capacity(originals.len());
    for original in &originals {
        let mut copy = (*original).clone();
        copy.id = scratch.fresh_stage_id(&original.id.0);
        copy.name = format!("{} (copy)", original.name);
        copy.position.x += DUPLICATE_OFFSET;
        copy.position.y += DUPLICATE_OFFSET;
        new_ids.push((original.id.clone(), copy.id.clone()));
        scratch.stages.push(copy.clone());
        copies.push(copy);
    }
    let wanted: Vec<CanvasPos> = copies.iter().map(|copy| copy.position).collect();
    let anchor = wanted.first().copied().unwrap_or_default();
    let (dx, dy) = placement::free_offset(project, &wanted, anchor);
    for copy in &mut copies {
        copy.position.x += dx;
        copy.position.y += dy;
    }
    let copied_links: Vec<Link> = project
        .links
        .iter()
        .filter_map(|link| {
            let from = new_ids.iter().find(|(old, _)| old == &link.from)?;
            let to = new_ids.iter().find(|(old, _)| old == &link.to)?;
            let mut copy = link.clone();
            copy.from = from.1.clone();
            copy.to = to.1.clone();
            Some(copy)
        })
        .collect();
    let mut edits = vec![Edit::AddStages(copies)];
    if !copied_links.is_empty() {
        edits.push(Edit::AddLinks(copied_links));
    }
    Some((edits, new_ids.into_iter().map(|(_, new)| new).collect()))
}

#[cfg(test)]
// Positions are whole canvas units; comparing them exactly is the point.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::model::StageKind;
    use crate::model::edit::Document;
    use crate::model::placement::stacked;

    fn chain() -> Project {
        let mut project = Project::empty("Test", 2025);
        for (n, id) in ["mine", "mill", "smelter"].into_iter().enumerate() {
            let mut stage = Stage::new(StageId::from(id), StageKind::Mining, 2026);
            stage.name = id.to_uppercase();
            stage.position = CanvasPos {
                x: n as f32 * 240.0,
                y: 0.0,
            };
            project.stages.push(stage);
        }
        for (from, to) in [("mine", "mill"), ("mill", "smelter")] {
            project.links.push(Link {
                from: StageId::from(from),
                to: StageId::from(to),
                share_pct: 100.0,
                transport_cost_per_unit: 2.0,
            });
        }
        project
    }

    #[test]
    fn a_fragment_holds_the_selection_and_only_the_links_inside_it() {
        let project = chain();
        let fragment =
            Fragment::of(&project, &[StageId::from("mine"), StageId::from("mill")]).unwrap();
        assert_eq!(fragment.stages.len(), 2);
        assert_eq!(
            fragment.links.len(),
            1,
            "mill → smelter leaves the selection"
        );
        assert!(Fragment::of(&project, &[StageId::from("gone")]).is_none());
    }

    #[test]
    fn pasting_twice_gives_fresh_ids_kept_links_and_no_stacked_box() {
        let mut doc = Document::new(chain());
        let fragment = Fragment::of(
            doc.project(),
            &[StageId::from("mine"), StageId::from("mill")],
        )
        .unwrap();
        for round in 0..2 {
            let centre = CanvasPos { x: 220.0, y: 55.0 };
            let (edits, ids) = paste_edits(doc.project(), &fragment, centre).unwrap();
            doc.apply_group(edits).unwrap();
            let project = doc.project();
            assert_eq!(project.stages.len(), 5 + 2 * round);
            assert!(
                project.link_index(&ids[0], &ids[1]).is_some(),
                "link follows"
            );
            for (i, a) in project.stages.iter().enumerate() {
                for b in &project.stages[i + 1..] {
                    assert!(!stacked(a.position, b.position), "{} on {}", a.id, b.id);
                    assert_ne!(a.id, b.id);
                    assert_ne!(a.name, b.name);
                }
            }
        }
        assert!(doc.undo());
        assert!(doc.undo());
        assert!(!doc.undo(), "each paste was one step");
    }

    /// Three stages a → b → c, a box width and more apart.
    fn edit_chain() -> Project {
        let mut project = Project::empty("Chain", 2025);
        for (n, id) in ["a", "b", "c"].into_iter().enumerate() {
            let mut stage = Stage::new(StageId::from(id), StageKind::Mining, 2026);
            stage.name = id.to_uppercase();
            stage.position = CanvasPos {
                x: n as f32 * 300.0,
                y: 0.0,
            };
            project.stages.push(stage);
        }
        for (from, to) in [("a", "b"), ("b", "c")] {
            project.links.push(Link {
                from: StageId::from(from),
                to: StageId::from(to),
                share_pct: 100.0,
                transport_cost_per_unit: 0.0,
            });
        }
        project
    }

    fn ids(list: &[&str]) -> Vec<StageId> {
        list.iter().map(|id| StageId::from(*id)).collect()
    }

    #[test]
    fn duplicating_copies_stages_and_the_links_between_them() {
        let mut doc = Document::new(edit_chain());
        let (edits, copies) = duplicate_selection(doc.project(), &ids(&["a", "b"])).unwrap();
        doc.apply_group(edits).unwrap();
        let project = doc.project();
        assert_eq!(project.stages.len(), 5);
        assert_eq!(copies.len(), 2);
        for (copy, original) in copies.iter().zip(["a", "b"]) {
            let copy = project.stage(copy).unwrap();
            let original = project.stage(&StageId::from(original)).unwrap();
            assert_eq!(copy.name, format!("{} (copy)", original.name));
            // Moved together: the copies keep their layout.
            let shift = (
                copy.position.x - original.position.x,
                copy.position.y - original.position.y,
            );
            let first = project.stage(&copies[0]).unwrap().position;
            let first_original = project.stage(&StageId::from("a")).unwrap().position;
            assert_eq!(
                shift,
                (first.x - first_original.x, first.y - first_original.y)
            );
        }
        for (i, a) in project.stages.iter().enumerate() {
            for b in &project.stages[i + 1..] {
                assert!(!stacked(a.position, b.position), "{} on {}", a.id, b.id);
            }
        }
        // a → b is copied between the copies; b → c leaves the selection and is not.
        assert_eq!(project.links.len(), 3);
        assert!(project.link_index(&copies[0], &copies[1]).is_some());
        assert!(doc.undo());
        assert!(!doc.undo(), "the duplicate was one step");
        assert!(duplicate_selection(&edit_chain(), &ids(&["gone"])).is_none());
    }
}
