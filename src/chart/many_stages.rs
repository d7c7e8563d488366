//! Charts of chains with many stages, kept readable: a bar chart shows the
//! [`MAX_STAGES_DRAWN`] stages that weigh most plus one "Others (N stages)" bar, a value
//! build-up merges the steps between its largest ones, and a Sankey diagram groups stages by
//! kind.
//!
//! A national chain can have 10,000 stages: one bar each is a grey smear nobody can read, and
//! an SVG of that many shapes takes most of a minute to render. Every builder of `build.rs`
//! passes its stages through here, so the window and every export show the same summary; the
//! per-stage figures stay in the report (`report.csv`).

use std::collections::BTreeMap;

use super::sankey::{NodeGroup, SankeyFlow, SankeyNode};
use super::{BarPanel, WaterfallStep};
use crate::model::Project;

/// Most stages a chart shows one by one; the rest are summed into "Others".
pub const MAX_STAGES_DRAWN: usize = 25;

/// The label of the bar or node that sums `count` stages.
pub fn others_label(count: usize) -> String {
    format!("Others ({count} stages)")
}

/// How a panel's values combine when stages are summed into "Others".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Combine {
    /// Amounts: "Others" is their sum.
    Sum,
    /// Ratios (per unit of value added): a sum means nothing, so "Others" shows none.
    Missing,
}

/// Keeps the [`MAX_STAGES_DRAWN`] rows (stages) of `panels` that weigh most in the first panel
/// (its net total, or the size of its stacked parts) in their own order, and sums the others
/// into one last row. All panels share their categories. `combine[i]` says how panel `i`'s
/// values combine (missing entries sum). Nothing changes when there are few enough rows.
pub(super) fn keep_top_rows(panels: &mut [BarPanel], combine: &[Combine]) {
    let rows = panels.first().map_or(0, |panel| panel.categories.len());
    if rows <= MAX_STAGES_DRAWN + 1 {
        return;
    }
    let Some(first) = panels.first() else {
        return;
    };
    let weight = |row: usize| -> f64 {
        let value = |values: &[f64]| values.get(row).copied().filter(|v| v.is_finite());
        match &first.total {
            Some(total) => value(&total.values).unwrap_or(0.0).abs(),
            None => first
                .series
                .iter()
                .filter_map(|series| value(&series.values))
                .map(f64::abs)
                .sum(),
        }
    };
    let mut order: Vec<(usize, f64)> = (0..rows).map(|row| (row, weight(row))).collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut kept = vec![false; rows];
    for &(row, _) in order.iter().take(MAX_STAGES_DRAWN) {
        kept[row] = true;
    }
    let others = rows - MAX_STAGES_DRAWN;
    for (index, panel) in panels.iter_mut().enumerate() {
        let combine = combine.get(index).copied().unwrap_or(Combine::Sum);
        panel.categories = keep(&panel.categories, &kept);
        panel.categories.push(others_label(others));
        for series in panel.series.iter_mut().chain(&mut panel.total) {
            let rest = match combine {
                Combine::Sum => series
                    .values
                    .iter()
                    .zip(&kept)
                    .filter(|(value, kept)| !**kept && value.is_finite())
                    .map(|(value, _)| value)
                    .sum(),
                Combine::Missing => f64::NAN,
            };
            series.values = keep(&series.values, &kept);
            series.values.push(rest);
        }
    }
}

/// The items of `items` whose place in `kept` is true.
fn keep<T: Clone>(items: &[T], kept: &[bool]) -> Vec<T> {
    items
        .iter()
        .zip(kept)
        .filter(|(_, kept)| **kept)
        .map(|(item, _)| item.clone())
        .collect()
}

/// A value build-up of at most about [`MAX_STAGES_DRAWN`] steps: the half of that many steps
/// that add or lose the most stay, and each run of steps between them becomes one step
/// "Others (N stages)" from the value before the run to the value after it, so the build-up
/// still adds up.
pub(super) fn merge_small_steps(steps: Vec<WaterfallStep>) -> Vec<WaterfallStep> {
    if steps.len() <= MAX_STAGES_DRAWN {
        return steps;
    }
    let mut order: Vec<usize> = (0..steps.len()).collect();
    let size = |index: usize| steps[index].added.abs();
    order.sort_by(|&a, &b| size(b).total_cmp(&size(a)).then(a.cmp(&b)));
    let mut kept = vec![false; steps.len()];
    for &index in order.iter().take(MAX_STAGES_DRAWN / 2) {
        kept[index] = true;
    }
    let mut merged: Vec<WaterfallStep> = Vec::with_capacity(MAX_STAGES_DRAWN + 1);
    let mut run: Option<(f64, f64, usize)> = None;
    let close = |run: &mut Option<(f64, f64, usize)>, merged: &mut Vec<WaterfallStep>| {
        if let Some((start, end, count)) = run.take() {
            merged.push(WaterfallStep {
                label: others_label(count),
                start,
                added: end - start,
                multiple: None,
            });
        }
    };
    for (step, kept) in steps.into_iter().zip(kept) {
        if kept {
            close(&mut run, &mut merged);
            merged.push(step);
        } else {
            let end = step.end();
            run = Some(match run {
                Some((start, _, count)) => (start, end, count + 1),
                None => (step.start, end, 1),
            });
        }
    }
    close(&mut run, &mut merged);
    merged
}

/// The Sankey diagram of a chain with more than [`MAX_STAGES_DRAWN`] stages: one node per kind
/// of stage (and, for material flows, per unit, as tonnes and ounces do not add up), in the
/// kinds' chain order, with the flows between kinds summed and flows within a kind left out.
/// `nodes` holds one node per stage, in the project's order, then the markets; the markets
/// keep their order at the end. Returns the new nodes and flows.
pub(super) fn group_by_kind(
    project: &Project,
    nodes: Vec<SankeyNode>,
    flows: Vec<SankeyFlow>,
    by_unit: bool,
) -> (Vec<SankeyNode>, Vec<SankeyFlow>) {
    let stages = project.stages.len();
    if stages <= MAX_STAGES_DRAWN {
        return (nodes, flows);
    }
    // Groups in chain order: kind first, then unit.
    let mut groups: BTreeMap<(crate::model::StageKind, &str), usize> = BTreeMap::new();
    for stage in &project.stages {
        let unit = if by_unit { stage.unit.as_str() } else { "" };
        *groups.entry((stage.kind, unit)).or_default() += 1;
    }
    let index_of: BTreeMap<(crate::model::StageKind, &str), usize> = groups
        .keys()
        .enumerate()
        .map(|(index, key)| (*key, index))
        .collect();
    let mut grouped: Vec<SankeyNode> = groups
        .iter()
        .map(|(&(kind, unit), &count)| SankeyNode {
            label: if unit.is_empty() {
                format!("{} ({count} stages)", kind.label())
            } else {
                format!("{} in {unit} ({count} stages)", kind.label())
            },
            column: kind.column(),
            group: NodeGroup::Stage(kind),
        })
        .collect();
    let market_column = grouped
        .iter()
        .map(|node| node.column + 1)
        .max()
        .unwrap_or(0);
    let first_market = grouped.len();
    grouped.extend(nodes.into_iter().skip(stages).map(|mut market| {
        market.column = market_column;
        market
    }));
    let new_index = |old: usize| -> usize {
        match project.stages.get(old) {
            Some(stage) => {
                let unit = if by_unit { stage.unit.as_str() } else { "" };
                index_of.get(&(stage.kind, unit)).copied().unwrap_or(0)
            }
            None => first_market + (old - stages),
        }
    };
    let mut summed: BTreeMap<(usize, usize), SankeyFlow> = BTreeMap::new();
    for flow in flows {
        let (from, to) = (new_index(flow.from), new_index(flow.to));
        if from == to || !flow.amount.is_finite() {
            continue;
        }
        summed
            .entry((from, to))
            .and_modify(|existing| {
                existing.amount += flow.amount;
                existing.drawn += flow.drawn;
            })
            .or_insert(SankeyFlow { from, to, ..flow });
    }
    (grouped, summed.into_values().collect())
}

#[cfg(test)]
// Exact values: the numbers compared are whole or passed through unchanged.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::chart::{Axis, Rgb, Series, ValueFormat};

    fn panel(rows: usize) -> BarPanel {
        BarPanel::new(
            Axis {
                title: "Value added".to_owned(),
                format: ValueFormat::Money("USD".to_owned()),
            },
            (0..rows).map(|row| format!("Stage {row}")).collect(),
            vec![Series {
                name: "Wages".to_owned(),
                color: Rgb(0, 0, 0),
                values: (0..rows).map(|row| row as f64).collect(),
            }],
        )
    }

    #[test]
    fn the_largest_stages_stay_in_order_and_the_rest_are_summed() {
        let mut panels = [panel(100), panel(100)];
        keep_top_rows(&mut panels, &[Combine::Sum, Combine::Missing]);
        let first = &panels[0];
        assert_eq!(first.categories.len(), MAX_STAGES_DRAWN + 1);
        assert_eq!(first.categories[0], "Stage 75");
        assert_eq!(first.categories[MAX_STAGES_DRAWN], "Others (75 stages)");
        let others: f64 = (0..75).map(f64::from).sum();
        assert_eq!(first.series[0].values[MAX_STAGES_DRAWN], others);
        assert!(panels[1].series[0].values[MAX_STAGES_DRAWN].is_nan());
        // A chart of few stages is left alone.
        let mut few = [panel(MAX_STAGES_DRAWN)];
        keep_top_rows(&mut few, &[]);
        assert_eq!(few[0], panel(MAX_STAGES_DRAWN));
    }

    #[test]
    fn merged_steps_still_add_up() {
        let steps: Vec<WaterfallStep> = (0..1000)
            .map(|i| WaterfallStep {
                label: format!("Stage {i}"),
                start: f64::from(i),
                added: 1.0 + f64::from(i % 7),
                multiple: None,
            })
            .scan(0.0, |value, mut step| {
                step.start = *value;
                *value += step.added;
                Some(step)
            })
            .collect();
        let end = steps.last().map(WaterfallStep::end);
        let merged = merge_small_steps(steps);
        assert!(merged.len() <= MAX_STAGES_DRAWN + 1, "{}", merged.len());
        assert_eq!(merged.last().map(WaterfallStep::end), end);
        for pair in merged.windows(2) {
            assert_eq!(pair[0].end(), pair[1].start);
        }
    }
}
