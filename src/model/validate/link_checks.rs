//! Checks of the links: both ends name a stage, no stage feeds itself, no link is repeated,
//! shares and transport costs follow their catalogue rules, no stage sends more than all of its
//! output onward, and no cycle.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::catalogue::link_fields::{FROM, TO};
use crate::model::catalogue::stage_fields::LINKS;
use crate::model::scenario::LinkField;
use crate::model::{Project, StageId};

use super::graph_order::{ByStage, LinkEnds};
use super::problem::{Problem, Subject};

pub(super) fn check_links(project: &Project, link_ends: &[LinkEnds], problems: &mut Vec<Problem>) {
    // Shares sent from each stage, by index; by id for ids no stage has.
    let mut share_by_stage = vec![0.0; project.stages.len()];
    let mut share_by_missing: FxHashMap<&StageId, f64> = FxHashMap::default();
    let repeats = repeated_links(project.stages.len(), link_ends);
    let mut missing_pairs: FxHashSet<(&StageId, &StageId)> = FxHashSet::default();
    for (index, (link, &ends)) in project.links.iter().zip(link_ends).enumerate() {
        let subject = || Subject::Link(index);
        for (end, id, found) in [(FROM.key, &link.from, ends.0), (TO.key, &link.to, ends.1)] {
            if found.is_none() {
                problems.push(Problem::error(
                    subject(),
                    Some(end),
                    format!(
                        "The link's '{end}' stage '{id}' does not exist; point it at an existing stage or delete the link."
                    ),
                ));
            }
        }
        // Resolved ends name the same stage exactly when the ids are the same, which spares
        // comparing the two strings of every link.
        let to_itself = match ends {
            (Some(from), Some(to)) => from == to,
            _ => link.from == link.to,
        };
        if to_itself {
            problems.push(Problem::error(
                subject(),
                Some(TO.key),
                format!(
                    "Stage '{}' is linked to itself; a stage cannot feed itself.",
                    link.from
                ),
            ));
        }
        let repeated = match ends {
            (Some(_), Some(_)) => repeats[index],
            _ => !missing_pairs.insert((&link.from, &link.to)),
        };
        if repeated {
            problems.push(Problem::error(
                subject(),
                None,
                format!(
                    "There is more than one link from '{}' to '{}'; merge them into one link with the combined share.",
                    link.from, link.to
                ),
            ));
        }
        for field in LinkField::ALL {
            let entry = field.field();
            let value = field.get(link);
            if let Some(message) = entry.problem(value) {
                problems.push(Problem::error(subject(), Some(entry.key), message));
            }
        }
        if link.share_pct.is_finite() {
            match ends.0 {
                Some(from) => share_by_stage[from] += link.share_pct,
                None => *share_by_missing.entry(&link.from).or_default() += link.share_pct,
            }
        }
    }
    // A small tolerance lets 33.3 + 33.3 + 33.4 style splits through.
    let mut over: Vec<(&StageId, f64)> = project
        .stages
        .iter()
        .zip(&share_by_stage)
        .map(|(stage, &total)| (&stage.id, total))
        .chain(share_by_missing)
        .filter(|&(_, total)| total > 100.0 + 1e-9)
        .collect();
    // By id, so the problems come out in the same order whatever the hasher does.
    over.sort_unstable_by(|a, b| a.0.cmp(b.0));
    over.dedup_by(|a, b| a.0 == b.0);
    for (id, total) in over {
        problems.push(Problem::error(
            Subject::Stage(id.clone()),
            Some(LINKS.key),
            format!(
                "Links send {total}% of this stage's output onward; the shares must add up to 100% or less."
            ),
        ));
    }
}

/// For each link whose ends both resolved, whether an earlier such link joins the same two
/// stages. Each stage's outbound links are listed in link order (a counting sort, no hashing)
/// and compared among themselves: a stage has a handful, or, when it has many, they are
/// sorted by the stage they lead to.
fn repeated_links(count: usize, link_ends: &[LinkEnds]) -> Vec<bool> {
    // (stage led to, link) for each stage's outbound links.
    let mut outbound = ByStage::of(
        count,
        link_ends
            .iter()
            .enumerate()
            .filter_map(|(link, &ends)| match ends {
                (Some(from), Some(to)) => Some((from, (to, link))),
                _ => None,
            }),
    );
    let mut repeated = vec![false; link_ends.len()];
    for stage in 0..outbound.stages() {
        let links = outbound.of_stage_mut(stage);
        if links.len() <= 16 {
            for later in 1..links.len() {
                let (to, link) = links[later];
                repeated[link] = links[..later].iter().any(|&(earlier, _)| earlier == to);
            }
        } else {
            // By stage led to, then link order: each repeat follows the first of its kind.
            links.sort_unstable();
            for pair in links.windows(2) {
                if pair[0].0 == pair[1].0 {
                    repeated[pair[1].1] = true;
                }
            }
        }
    }
    repeated
}

pub(super) fn report_cycles(project: &Project, problems: &mut Vec<Problem>) {
    {
        let stuck = stages_in_cycles(project);
        let names: Vec<String> = stuck.iter().map(|id| format!("'{id}'")).collect();
        for id in &stuck {
            problems.push(Problem::error(
                Subject::Stage((*id).clone()),
                Some(LINKS.key),
                format!(
                    "The links form a cycle through {}; material cannot flow in a circle, so remove one of these links.",
                    names.join(", ")
                ),
            ));
        }
    }
}

/// Ids of stages that sit on a cycle (or downstream of one and unreachable by sorting).
fn stages_in_cycles(project: &Project) -> Vec<&StageId> {
    project
        .stages
        .iter()
        .filter(|stage| {
            project
                .links
                .iter()
                .filter(|link| link.from == stage.id && link.to != stage.id)
                .any(|link| project.link_would_cycle(&stage.id, &link.to))
        })
        .map(|stage| &stage.id)
        .collect()
}
