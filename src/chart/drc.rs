//! "DRC by stage": each domestic stage's domestic resource cost ratio over the chosen period,
//! and the domestic chain's, against the line at 1 (`docs/METHOD.md` section 19). Stages that
//! sell nothing in the period are left out; one without value added at border prices is
//! marked "(no DRC)". A bar below
//! the line is a stage that earns more foreign exchange than its domestic resources are worth.
//! In a chain of many stages the [`MAX_STAGES_DRAWN`] with the largest value added at border
//! prices keep a bar each, and the others one bar whose DRC is that of their budgets summed.

use super::many_stages::{MAX_STAGES_DRAWN, others_label};
use super::{Axis, BarPanel, ChartBody, Reference, Series, ValueFormat, palette};
use crate::calc::pam::{self, Budget};
use crate::calc::{Period, Results};
use crate::model::{Location, Project};

/// Name of the line at 1.
pub const BREAK_EVEN: &str = "DRC = 1: domestic resources cost what the stage earns";

/// Label of the chain's bar.
pub const CHAIN: &str = "Domestic chain";

/// The chart's body: one bar per domestic stage (or per group) and one for the chain.
pub(super) fn drc_by_stage(project: &Project, results: &Results, period: Period) -> ChartBody {
    let (serf, swf) = (
        project.economy.shadow_exchange_rate_factor,
        project.economy.shadow_wage_factor,
    );
    let mut rows: Vec<(String, Budget)> = project
        .stages
        .iter()
        .enumerate()
        .filter(|(_, stage)| stage.location == Location::Domestic)
        .map(|(index, stage)| {
            (
                stage.name.clone(),
                pam::stage_budget(project, results, index, period),
            )
        })
        // A stage that sells nothing over the period (switched off, not yet built) has no
        // matrix to speak of, and a bar saying so would crowd out those that do.
        .filter(|(_, budget)| budget.revenue_at_border != 0.0)
        .collect();
    if rows.is_empty() {
        return ChartBody::Empty("No domestic stage sells anything in this period".to_owned());
    }
    let mut chain = Budget::default();
    for (_, budget) in &rows {
        chain.accumulate(budget);
    }
    if rows.len() > MAX_STAGES_DRAWN + 1 {
        rows = largest_and_others(rows, serf, swf);
    }
    rows.push((CHAIN.to_owned(), chain));
    let last = rows.len() - 1;
    let drcs: Vec<Option<f64>> = rows
        .iter()
        .map(|(_, budget)| budget.matrix(serf, swf).drc())
        .collect();
    let pick = |keep: &dyn Fn(usize, f64) -> bool| -> Vec<f64> {
        drcs.iter()
            .enumerate()
            .map(|(row, drc)| drc.filter(|&value| keep(row, value)).unwrap_or(0.0))
            .collect()
    };
    let series = vec![
        Series {
            name: "Pays (DRC below 1)".to_owned(),
            color: palette::GREEN,
            values: pick(&|row, value| row != last && value < 1.0),
        },
        Series {
            name: "Does not pay (DRC of 1 or more)".to_owned(),
            color: palette::VERMILLION,
            values: pick(&|row, value| row != last && value >= 1.0),
        },
        Series {
            name: CHAIN.to_owned(),
            color: palette::BLUE,
            values: pick(&|row, _| row == last),
        },
    ];
    let categories = rows
        .iter()
        .zip(&drcs)
        .map(|((name, _), drc)| match drc {
            Some(_) => name.clone(),
            None => format!("{name} (no DRC)"),
        })
        .collect();
    ChartBody::Bars {
        panels: vec![BarPanel {
            reference: Some(Reference {
                value: 1.0,
                name: BREAK_EVEN.to_owned(),
            }),
            ..BarPanel::new(
                Axis {
                    title: "Domestic resource cost ratio".to_owned(),
                    format: ValueFormat::Ratio,
                },
                categories,
                series,
            )
        }],
        columns: 1,
    }
}

/// The [`MAX_STAGES_DRAWN`] rows with the largest value added at border prices, in their own
/// order, and one row of the others' budgets summed.
fn largest_and_others(rows: Vec<(String, Budget)>, serf: f64, swf: f64) -> Vec<(String, Budget)> {
    let weight = |budget: &Budget| budget.matrix(serf, swf).social.value_added().abs();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        weight(&rows[b].1)
            .total_cmp(&weight(&rows[a].1))
            .then(a.cmp(&b))
    });
    let mut kept = vec![false; rows.len()];
    for &row in order.iter().take(MAX_STAGES_DRAWN) {
        kept[row] = true;
    }
    let mut others = Budget::default();
    let mut count = 0;
    let mut out = Vec::with_capacity(MAX_STAGES_DRAWN + 1);
    for (row, (name, budget)) in rows.into_iter().enumerate() {
        if kept[row] {
            out.push((name, budget));
        } else {
            others.accumulate(&budget);
            count += 1;
        }
    }
    out.push((others_label(count), others));
    out
}
