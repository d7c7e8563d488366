//! "Who gets what": the domestic chain's pre-tax cash flow split, year by year, into the
//! government's share (taxes, royalties and the state's equity), the domestic and foreign
//! owners' and the lenders', and the same shares summed over the chosen period
//! (`docs/METHOD.md` section 18). The split adds up to the pre-tax cash flow every year, so the
//! stacks end at the marked total.

use super::{Axis, BarPanel, ChartBody, Rgb, Series, ValueFormat, palette};
use crate::calc::{FiscalYear, Period, Results};
use crate::model::Project;
use crate::report::period_label;

/// A recipient: its name, its colour and how its share is read from a year's figures.
type Share = (&'static str, Rgb, fn(&FiscalYear) -> f64);

/// The recipients in stacking order.
const SHARES: [Share; 4] = [
    ("Government", palette::ORANGE, |f| f.government),
    ("Domestic owners", palette::GREEN, |f| f.domestic_owners),
    ("Foreign owners", palette::VERMILLION, |f| f.foreign_owners),
    ("Lenders", palette::SKY, |f| f.lenders),
];

/// The recipients when the province has a share: the government split by level.
const SHARES_BY_LEVEL: [Share; 5] = [
    ("Federal government", palette::ORANGE, FiscalYear::federal),
    ("Province", palette::YELLOW, |f| f.province),
    ("Domestic owners", palette::GREEN, |f| f.domestic_owners),
    ("Foreign owners", palette::VERMILLION, |f| f.foreign_owners),
    ("Lenders", palette::SKY, |f| f.lenders),
];

/// The recipients to draw: the government split by level when the province gets anything in
/// some year, else as one.
fn shares_of(years: &[FiscalYear]) -> &'static [Share] {
    if years.iter().any(|f| f.province != 0.0) {
        &SHARES_BY_LEVEL
    } else {
        &SHARES
    }
}

/// Name of the pre-tax cash flow, the sum of the shares.
const PRE_TAX: &str = "Pre-tax cash flow";

/// The chart's body: the per-year panel over the horizon and the total panel over `period`.
pub(super) fn who_gets_what(project: &Project, results: &Results, period: Period) -> ChartBody {
    let money = || ValueFormat::Money(project.currency.money_unit().to_owned());
    let years = results.national_fiscal_by_year();
    let shares = shares_of(years);
    let per_year = BarPanel {
        heading: format!(
            "Per year, {}-{}",
            project.horizon.first_year, project.horizon.last_year
        ),
        total: Some(Series {
            name: PRE_TAX.to_owned(),
            color: palette::INK,
            values: years.iter().map(|f| f.pre_tax_cash_flow).collect(),
        }),
        ..BarPanel::new(
            Axis {
                title: "Pre-tax cash flow per year".to_owned(),
                format: money(),
            },
            results.years.iter().map(ToString::to_string).collect(),
            shares
                .iter()
                .map(|&(name, color, share)| Series {
                    name: name.to_owned(),
                    color,
                    values: years.iter().map(share).collect(),
                })
                .collect(),
        )
    };
    let sum = results.national_fiscal(period);
    let mut categories: Vec<String> = shares.iter().map(|(name, ..)| (*name).to_owned()).collect();
    categories.push(PRE_TAX.to_owned());
    // One bar per recipient in its own colour, and the pre-tax cash flow they share.
    let mut series: Vec<Series> = shares
        .iter()
        .enumerate()
        .map(|(index, &(name, color, share))| Series {
            name: name.to_owned(),
            color,
            values: (0..categories.len())
                .map(|k| if k == index { share(&sum) } else { 0.0 })
                .collect(),
        })
        .collect();
    series.push(Series {
        name: PRE_TAX.to_owned(),
        color: palette::INK,
        values: (0..categories.len())
            .map(|k| {
                if k == shares.len() {
                    sum.pre_tax_cash_flow
                } else {
                    0.0
                }
            })
            .collect(),
    });
    let heading = match period {
        Period::Year(year) => format!("In {year}"),
        Period::Horizon => format!(
            "Over the horizon, {}-{}",
            project.horizon.first_year, project.horizon.last_year
        ),
        Period::Range(..) => format!("Over {}", period_label(project, period)),
    };
    let total = BarPanel {
        heading,
        ..BarPanel::new(
            Axis {
                title: "Pre-tax cash flow over the period".to_owned(),
                format: money(),
            },
            categories,
            series,
        )
    };
    ChartBody::Bars {
        panels: vec![per_year, total],
        columns: 1,
    }
}
