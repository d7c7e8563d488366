//! The links resolved to stage indices, and the stages put in an order where every stage comes
//! after the stages that feed it (Kahn's algorithm), with [`ByStage`], the counting sort that
//! groups links by either end for validation and the calculation.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::{Link, Project, StageId};

/// Stage indices by id (the last stage with each id), hashed: national chains have
/// thousands of stages and every link is looked up by its two ids.
pub(super) type StageIndex<'p> = FxHashMap<&'p StageId, usize>;

/// Stage indices of a link's two ends, where the ids name a stage.
pub(crate) type LinkEnds = (Option<usize>, Option<usize>);

/// The stage index at each end of every link, where its id names a stage.
pub(super) fn resolve_links(project: &Project, ids: &StageIndex<'_>) -> Vec<LinkEnds> {
    let ends = |link: &Link| (ids.get(&link.from).copied(), ids.get(&link.to).copied());
    if project.links.len() >= PARALLEL_FROM_LINKS {
        // Each look-up waits on memory (the link's ids, the map, the stage's id); two cores
        // share the waiting.
        project.links.par_iter().map(ends).collect()
    } else {
        project.links.iter().map(ends).collect()
    }
}

/// Projects with at least this many links have them resolved on every core.
const PARALLEL_FROM_LINKS: usize = 2_000;

/// Stage indices in an order where every stage comes after the stages that feed it, or `None`
/// when the links form a cycle. Links to missing stages and self-links are ignored here (they
/// are reported separately). Ties are broken by file order, so the order is deterministic.
pub fn topological_order(project: &Project) -> Option<Vec<usize>> {
    let mut index_of = StageIndex::default();
    for (index, stage) in project.stages.iter().enumerate() {
        index_of.insert(&stage.id, index);
    }
    topological_order_of(project.stages.len(), &resolve_links(project, &index_of))
}

/// [`topological_order`] of `count` stages joined by links with these ends (Kahn's
/// algorithm, always taking the lowest ready index next).
fn topological_order_of(count: usize, link_ends: &[LinkEnds]) -> Option<Vec<usize>> {
    Edges::of(count, link_ends).kahn(&mut BinaryHeap::<Reverse<usize>>::new())
}

/// An order of `count` stages in which every stage comes after the stages that feed it, or
/// `None` when the links form a cycle: Kahn's algorithm taking ready stages first come, first
/// served (in linear time, where [`topological_order_of`] keeps a heap for its tie-break).
/// This is the order the calculation works the flows out in; any such order gives the same
/// numbers, since a stage's flows depend only on its feeders' (`docs/METHOD.md` 3.1).
pub(super) fn feed_order(count: usize, link_ends: &[LinkEnds]) -> Option<Vec<usize>> {
    Edges::of(count, link_ends).kahn(&mut VecDeque::new())
}

/// The stages ready to be placed in Kahn's algorithm (all their feeders placed), and which
/// of them comes next.
trait Ready {
    fn add(&mut self, stage: usize);
    fn next(&mut self) -> Option<usize>;
}

/// The lowest index first.
impl Ready for BinaryHeap<Reverse<usize>> {
    fn add(&mut self, stage: usize) {
        self.push(Reverse(stage));
    }

    fn next(&mut self) -> Option<usize> {
        self.pop().map(|Reverse(stage)| stage)
    }
}

/// First come, first served.
impl Ready for VecDeque<usize> {
    fn add(&mut self, stage: usize) {
        self.push_back(stage);
    }

    fn next(&mut self) -> Option<usize> {
        self.pop_front()
    }
}

/// Items grouped by the stage each belongs to, every stage's in the order they came (a
/// counting sort: no hashing, no comparison): those of stage `s` are
/// `items[start[s]..start[s + 1]]`. Links by either end, for validation and the calculation.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ByStage<T> {
    start: Vec<usize>,
    items: Vec<T>,
}

impl<T: Copy + Default> ByStage<T> {
    /// `entries` (a stage index below `count`, and an item) grouped by stage.
    pub(crate) fn of(count: usize, entries: impl Iterator<Item = (usize, T)> + Clone) -> Self {
        let mut start = vec![0usize; count + 1];
        for (stage, _) in entries.clone() {
            start[stage + 1] += 1;
        }
        for stage in 0..count {
            start[stage + 1] += start[stage];
        }
        let mut next = start.clone();
        let mut items = vec![T::default(); start[count]];
        for (stage, item) in entries {
            items[next[stage]] = item;
            next[stage] += 1;
        }
        Self { start, items }
    }

    /// The items of stage `stage`.
    pub(crate) fn of_stage(&self, stage: usize) -> &[T] {
        &self.items[self.start[stage]..self.start[stage + 1]]
    }

    /// The items of stage `stage`, to be changed.
    pub(super) fn of_stage_mut(&mut self, stage: usize) -> &mut [T] {
        &mut self.items[self.start[stage]..self.start[stage + 1]]
    }

    /// How many stages the items are grouped by.
    pub(super) fn stages(&self) -> usize {
        self.start.len().saturating_sub(1)
    }
}

/// The links between stages as lists: each stage's downstream stages, and how many links
/// feed it. Links to missing stages and self-links are left out.
struct Edges {
    feeders: Vec<usize>,
    downstream: ByStage<usize>,
}

impl Edges {
    fn of(count: usize, link_ends: &[LinkEnds]) -> Self {
        let edges = link_ends.iter().filter_map(|&ends| match ends {
            (Some(from), Some(to)) if from != to => Some((from, to)),
            _ => None,
        });
        let mut feeders = vec![0usize; count];
        for (_, to) in edges.clone() {
            feeders[to] += 1;
        }
        Self {
            feeders,
            downstream: ByStage::of(count, edges),
        }
    }

    /// Kahn's algorithm: every stage, each after the stages that feed it, `ready` choosing
    /// which of the stages whose feeders are all placed comes next; `None` when the links
    /// form a cycle.
    fn kahn(mut self, ready: &mut impl Ready) -> Option<Vec<usize>> {
        let count = self.feeders.len();
        for stage in 0..count {
            if self.feeders[stage] == 0 {
                ready.add(stage);
            }
        }
        let mut order = Vec::with_capacity(count);
        while let Some(stage) = ready.next() {
            order.push(stage);
            for &to in self.downstream.of_stage(stage) {
                self.feeders[to] -= 1;
                if self.feeders[to] == 0 {
                    ready.add(to);
                }
            }
        }
        (order.len() == count).then_some(order)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `order` holds each of `count` stages once, every stage after its feeders.
    fn feeds_forward(order: &[usize], count: usize, link_ends: &[LinkEnds]) -> bool {
        let mut place = vec![usize::MAX; count];
        for (position, &stage) in order.iter().enumerate() {
            place[stage] = position;
        }
        order.len() == count
            && place.iter().all(|&p| p != usize::MAX)
            && link_ends.iter().all(|&ends| match ends {
                (Some(from), Some(to)) if from != to => place[from] < place[to],
                _ => true,
            })
    }

    #[test]
    fn both_orders_put_every_stage_after_its_feeders_or_find_the_cycle() {
        let project = crate::model::generate::generate(300, 5);
        let mut index_of = StageIndex::default();
        for (index, stage) in project.stages.iter().enumerate() {
            index_of.insert(&stage.id, index);
        }
        let count = project.stages.len();
        let ends = &resolve_links(&project, &index_of);
        let (Some(lowest_first), Some(first_come)) =
            (topological_order_of(count, ends), feed_order(count, ends))
        else {
            panic!("a generated chain has no cycle");
        };
        assert!(feeds_forward(&lowest_first, count, ends));
        assert!(feeds_forward(&first_come, count, ends));
        // Stages 0 -> 1 -> 2 -> 0, and 3 fed by 2: no order exists.
        let cycle = [
            (Some(0), Some(1)),
            (Some(1), Some(2)),
            (Some(2), Some(0)),
            (Some(2), Some(3)),
        ];
        assert_eq!(topological_order_of(4, &cycle), None);
        assert_eq!(feed_order(4, &cycle), None);
        // Self-links and unresolved ends are left to other checks.
        let odd = [(Some(1), Some(1)), (None, Some(0)), (Some(1), Some(0))];
        assert_eq!(feed_order(2, &odd), Some(vec![1, 0]));
        assert_eq!(topological_order_of(2, &odd), Some(vec![1, 0]));
    }
}
