//! Who gets the value where people read it: the "Who gets what" chart adds up to the pre-tax
//! cash flow, the headline figures and the comparison of scenarios carry the government take,
//! the after-tax IRR, GNI and FX kept, the tornado and Monte Carlo outputs read the fiscal
//! split, and the report prints, serialises and writes it. Figures are Reko Diq's (the
//! default example), whose owners, debt and assumed income tax are in its file.

#![allow(clippy::panic)]

mod common;

use common::assert_close;
use uplift::analysis::{self, Headline, HeadlineFigure, Output};
use uplift::calc::{Period, compute};
use uplift::chart::{self, ChartBody, ChartKind, ChartOptions};
use uplift::io::examples::default_project;
use uplift::report;

/// The "Who gets what" chart of `project` over the horizon.
fn who_gets_what(
    project: &uplift::model::Project,
    results: &uplift::calc::Results,
) -> chart::Chart {
    chart::build(
        ChartKind::WhoGetsWhat,
        project,
        results,
        &ChartOptions::default(),
    )
}

#[test]
fn who_gets_what_stacks_add_up_to_the_pre_tax_cash_flow() {
    let project = default_project().unwrap();
    let results = compute(&project).unwrap();
    let chart = who_gets_what(&project, &results);
    let ChartBody::Bars { panels, .. } = &chart.body else {
        panic!("bars expected: {:?}", chart.body);
    };
    let [per_year, total] = panels.as_slice() else {
        panic!("two panels expected");
    };
    assert!(per_year.heading.starts_with("Per year"));
    assert!(total.heading.starts_with("Over the horizon"));
    assert_eq!(per_year.y_axis.format.unit(), "USD");
    assert_eq!(per_year.categories.len(), results.years.len());
    let pre_tax = per_year.total.as_ref().unwrap();
    for row in 0..per_year.categories.len() {
        let stacked: f64 = per_year.series.iter().map(|s| s.values[row]).sum();
        let scale = pre_tax.values[row].abs() + 1.0;
        assert!(
            (stacked - pre_tax.values[row]).abs() < 1e-6 * scale,
            "{}: {stacked} against {}",
            per_year.categories[row],
            pre_tax.values[row]
        );
    }
    // The period panel: one bar per recipient, then the pre-tax cash flow they share.
    let sums: Vec<f64> = (0..total.categories.len())
        .map(|k| total.series.iter().map(|s| s.values[k]).sum())
        .collect();
    // Federal, province, domestic owners, foreign owners, lenders.
    let (shares, whole) = sums.split_at(5);
    let fiscal = results.national_fiscal(Period::Horizon);
    assert_close(
        whole[0],
        fiscal.pre_tax_cash_flow,
        "pre-tax over the horizon",
    );
    assert_close(shares.iter().sum(), fiscal.pre_tax_cash_flow, "the shares");
    assert_close(shares[0] + shares[1], fiscal.government, "government");
    assert!(
        chart::to_csv(&chart)
            .unwrap()
            .contains("Federal government")
    );
}

#[test]
fn the_headline_and_the_comparison_carry_take_after_tax_irr_gni_and_fx_kept() {
    let project = default_project().unwrap();
    let results = compute(&project).unwrap();
    let headline = Headline::of(&results);
    // Reko Diq with the assumed 29% income tax, the state's 50% and Barrick's 50% (figures
    // in the example's notes).
    assert!(
        (0.65..0.75).contains(&headline.government_take),
        "{}",
        headline.government_take
    );
    let pre_tax_irr = results.chain_investment.irr.unwrap();
    assert!(headline.after_tax_irr < pre_tax_irr);
    assert!(headline.gni < headline.direct_va);
    assert!(headline.fx_kept < headline.net_fx);
    let comparison = analysis::compare(
        &project,
        analysis::BASE_NAME,
        &["Long tax holiday".to_owned()],
    )
    .unwrap();
    let row = |figure: HeadlineFigure| {
        comparison
            .rows
            .iter()
            .find(|row| row.label == figure.caption())
            .unwrap_or_else(|| panic!("no row {}", figure.caption()))
    };
    let take = row(HeadlineFigure::GovernmentTake);
    assert!(take.with[0].value < take.base, "a holiday lowers the take");
    let irr = row(HeadlineFigure::AfterTaxIrr);
    assert!(irr.with[0].value > irr.base, "and raises the after-tax IRR");
    assert!(row(HeadlineFigure::Gni).base > 0.0);
    assert!(row(HeadlineFigure::FxKept).base > 0.0);
}

#[test]
fn fiscal_outputs_read_the_split() {
    let project = default_project().unwrap();
    let results = compute(&project).unwrap();
    assert_close(
        Output::GovernmentRevenue.value(&results),
        results.national_fiscal(Period::Horizon).government,
        "government revenue",
    );
    assert_close(
        Output::AfterTaxNpv.value(&results),
        results.chain_after_tax().npv,
        "after-tax NPV",
    );
    assert!(Output::AfterTaxNpv.value(&results) < Output::Npv.value(&results));
    assert_eq!(
        Output::GovernmentRevenue.label(),
        "Government revenue over the horizon"
    );
}

#[test]
fn the_report_prints_serialises_and_writes_who_gets_the_value() {
    let project = default_project().unwrap();
    let results = compute(&project).unwrap();
    let built = report::build(&project, &results, Period::Horizon);
    let money = report::format::MoneyDisplay::base(&project.currency);
    let table = report::to_table(&built, &money);
    for expected in [
        "Who gets the value",
        "Income tax",
        "Government take",
        "AETR",
        "After-tax (horizon)",
        "GNI from the chain",
        "FX kept",
    ] {
        assert!(table.contains(expected), "{expected}:\n{table}");
    }
    let json = report::to_json(&built).unwrap();
    assert!(json.contains("\"who_gets\"") && json.contains("\"government_take\""));
    let csv = report::fiscal_table::to_csv(
        &built.who_gets,
        (&built.period, &built.currency, &built.scenario),
    )
    .unwrap();
    assert_eq!(csv.lines().count(), results.years.len() + 2);
    assert!(csv.starts_with("year,pre_tax_cash_flow_usd,"));
    assert!(!csv.contains("NaN"));
}

#[test]
fn reko_diq_splits_the_government_between_balochistan_and_the_federal_level() {
    let project = default_project().unwrap();
    let results = compute(&project).unwrap();
    let fiscal = results.national_fiscal(Period::Horizon);
    // Balochistan levies the whole royalty and gets half the state's dividends, nothing
    // of its contributions, and 5.2% of the taxes on income (the example's assumption).
    let mut dividends = 0.0;
    for index in 0..project.stages.len() {
        if project.stages[index].location != uplift::model::Location::Domestic {
            continue;
        }
        for year in results.stage_fiscal_years(index) {
            dividends += year.state_equity.max(0.0);
        }
    }
    let taxes = fiscal.income_tax
        + fiscal.minimum_tax
        + fiscal.dividend_withholding
        + fiscal.interest_withholding;
    assert_close(
        fiscal.province,
        fiscal.royalties + 0.052 * taxes + 0.5 * dividends,
        "province",
    );
    assert_close(
        fiscal.federal() + fiscal.province,
        fiscal.government,
        "levels",
    );
    // The chart splits the government by level.
    let chart = who_gets_what(&project, &results);
    let ChartBody::Bars { panels, .. } = &chart.body else {
        panic!("bars expected");
    };
    let names: Vec<&str> = panels[0].series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Federal government",
            "Province",
            "Domestic owners",
            "Foreign owners",
            "Lenders"
        ]
    );
}

#[test]
fn break_even_prices_from_the_command_line() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_uplift"))
        .args([
            "break-even",
            "projects/reko-diq-copper-gold.ron",
            "--commodity",
            "copper",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("copper: USD 4,378/t in 2025"), "{text}");
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_uplift"))
        .args([
            "break-even",
            "projects/reko-diq-copper-gold.ron",
            "--commodity",
            "tin",
        ])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no commodity 'tin'"));
}

#[test]
fn the_window_shows_who_gets_what_by_instrument_and_the_break_even_price() {
    use common::window::{self, DESIGN_SIZE, click, shows, shows_containing};
    let mut harness = window::harness(default_project().unwrap(), DESIGN_SIZE);
    click(&mut harness, "Charts");
    click(&mut harness, "Who gets what");
    for line in [
        "Income tax",
        "province",
        "federal",
        "Government take",
        "FX kept",
    ] {
        assert!(shows(&harness, line), "{line} is not shown");
    }
    // The first deck commodity (copper) at the level `uplift break-even` gives.
    assert!(
        shows_containing(&harness, "USD 4,378/t in 2025"),
        "no break-even price shown"
    );
    // A stage's results give its after-tax and equity returns.
    let project = default_project().unwrap();
    let results = compute(&project).unwrap();
    let index = project.stage_index(&"concentrator-p1".into()).unwrap();
    let after_tax = results.stages[index].after_tax().irr.unwrap();
    harness
        .state_mut()
        .select_stages(["concentrator-p1".into()]);
    harness.run();
    assert!(shows(&harness, "After-tax NPV / IRR"));
    assert!(shows(&harness, "Equity IRR"));
    assert!(shows_containing(
        &harness,
        &format!("/ {}", uplift::report::format::percent(after_tax))
    ));
}
