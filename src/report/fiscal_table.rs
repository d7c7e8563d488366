//! "Who gets the value" in a report: the domestic chain's pre-tax cash flow over the period,
//! each fiscal instrument, what the government, the owners and the lenders get, the
//! government's take and the AETR, the after-tax and equity returns, national income and the
//! foreign exchange kept (`docs/METHOD.md` section 18); as a table section, in the JSON report,
//! and as a CSV of its own, one row per year and one for the period.

use std::fmt::Write as _;

use serde::Serialize;

use crate::analysis::break_even::{BreakEven, Outcome};
use crate::calc::{FiscalYear, Period, Results};
use crate::model::Project;
use crate::report::format::{MoneyDisplay, percent, thousands};

/// Returns of the domestic chain over the whole horizon.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Returns {
    /// NPV at the project's discount rate, to the base year.
    pub npv: f64,
    /// IRR as a fraction, when the cash flows have one.
    pub irr: Option<f64>,
}

/// Who gets the domestic chain's value over a period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WhoGets {
    /// The period's figures, each year's summed.
    pub period: FiscalYear,
    /// Government take, undiscounted, as a fraction.
    pub government_take: Option<f64>,
    /// Government take with each year discounted, as a fraction.
    pub government_take_discounted: Option<f64>,
    /// Average effective tax rate (taxes and royalties, discounted), as a fraction.
    pub aetr: Option<f64>,
    /// After-tax project returns (unfinanced), whole horizon.
    pub after_tax: Returns,
    /// Returns to equity (after tax and debt service), whole horizon.
    pub equity: Returns,
    /// Direct value added over the period.
    pub value_added: f64,
    /// Gross national income from the chain over the period.
    pub gni: f64,
    /// Net foreign exchange over the period.
    pub net_fx: f64,
    /// Foreign exchange kept over the period.
    pub fx_kept: f64,
    /// Every year of the horizon: the year and its figures.
    pub by_year: Vec<(i32, FiscalYear)>,
}

/// The figures of `results` over `period`.
pub fn build(results: &Results, period: Period) -> WhoGets {
    let returns = |investment: &crate::calc::Investment| Returns {
        npv: investment.npv,
        irr: investment.irr,
    };
    WhoGets {
        period: results.national_fiscal(period),
        government_take: results.government_take(period),
        government_take_discounted: results.government_take_discounted(period),
        aetr: results.aetr(period),
        after_tax: returns(results.chain_after_tax()),
        equity: returns(results.chain_equity()),
        value_added: results.national(period).accounts.value_added,
        gni: results.gni(period),
        net_fx: results.national(period).accounts.net_fx(),
        fx_kept: results.fx_kept(period),
        by_year: results
            .years
            .iter()
            .copied()
            .zip(results.national_fiscal_by_year().iter().copied())
            .collect(),
    }
}

/// The lines of the section: each figure's label (indented under what it is part of) and
/// its value written with `money`; the text report and the window's "Who gets what" panel
/// both list these.
pub fn lines(who: &WhoGets, money: &MoneyDisplay) -> Vec<(&'static str, String)> {
    let f = &who.period;
    let ratio = |value: Option<f64>| value.map_or_else(|| "–".to_owned(), percent);
    let returns = |r: &Returns| format!("NPV {}, IRR {}", money.short(r.npv), ratio(r.irr));
    vec![
        ("Pre-tax cash flow", money.short(f.pre_tax_cash_flow)),
        ("  Royalties", money.short(f.royalties)),
        ("  Other taxes, net", money.short(f.other_net_taxes)),
        ("  Income tax", money.short(f.income_tax)),
        ("  Minimum tax", money.short(f.minimum_tax)),
        (
            "  Dividend withholding",
            money.short(f.dividend_withholding),
        ),
        (
            "  Interest withholding",
            money.short(f.interest_withholding),
        ),
        ("  State equity", money.short(f.state_equity)),
        ("Government", money.short(f.government)),
        ("  federal", money.short(f.federal())),
        ("  province", money.short(f.province)),
        ("Domestic owners", money.short(f.domestic_owners)),
        ("Foreign owners", money.short(f.foreign_owners)),
        ("Lenders", money.short(f.lenders)),
        ("Government take", ratio(who.government_take)),
        ("  discounted", ratio(who.government_take_discounted)),
        ("AETR", ratio(who.aetr)),
        ("After-tax (horizon)", returns(&who.after_tax)),
        ("Equity (horizon)", returns(&who.equity)),
        ("Direct value added", money.short(who.value_added)),
        ("GNI from the chain", money.short(who.gni)),
        ("Net FX earnings", money.short(who.net_fx)),
        ("FX kept", money.short(who.fx_kept)),
    ]
}

/// The table section, for the period named `period`.
pub fn table(out: &mut String, who: &WhoGets, period: &str, money: &MoneyDisplay) {
    let _ = writeln!(
        out,
        "\nWho gets the value (domestic chain), {period}, undiscounted unless said:"
    );
    for (label, value) in lines(who, money) {
        let _ = writeln!(out, "  {label:<24}{value}");
    }
}

/// The national fiscal figures as CSV: one row per year of the horizon, then one for the
/// period, twelve significant digits, the currency in the headers; the last column names the
/// scenario the figures are of.
/// The last column names the scenario the figures are of.
pub fn to_csv(
    who: &WhoGets,
    (period, currency, scenario): (&str, &str, &str),
) -> Result<String, csv::Error> {
    let currency = super::format::unit_in_column(currency);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["year".to_owned()];
    header.extend(
        who.period
            .fields()
            .iter()
            .map(|(name, _)| format!("{name}_{currency}")),
    );
    header.push("scenario".to_owned());
    writer.write_record(&header)?;
    let scenario = super::csv_cell::text(scenario).into_owned();
    let period_row = (super::csv_cell::text(period).into_owned(), who.period);
    let rows = who
        .by_year
        .iter()
        .map(|(year, figures)| (year.to_string(), *figures))
        .chain(std::iter::once(period_row));
    for (label, figures) in rows {
        let mut record = vec![label];
        record.extend(
            figures
                .fields()
                .iter()
                .map(|(_, value)| super::csv_cell::number(*value)),
        );
        record.push(scenario.clone());
        writer.write_record(&record)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// What a break-even search found, in words (the window's panel and `uplift break-even`).
pub fn break_even_text(project: &Project, found: &Result<BreakEven, String>) -> String {
    let found = match found {
        Ok(found) => found,
        Err(message) => return format!("Cannot be worked out: {message}"),
    };
    let Some(commodity) = project.prices.get(&found.commodity) else {
        return String::new();
    };
    let code = &project.currency.code;
    let unit = commodity.unit.label();
    let first_year = commodity.path.first().map_or(project.base_year, |p| p.year);
    let price = |level: f64, decimals| format!("{code} {}/{unit}", thousands(level, decimals));
    match found.outcome {
        Outcome::At(level) => {
            let share = found.share_of_deck().unwrap_or(f64::NAN);
            let later = match commodity.path.last() {
                Some(last) if commodity.path.len() > 1 => {
                    format!(" and {} from {}", price(last.price * share, 0), last.year)
                }
                _ => String::new(),
            };
            format!(
                "{} in {first_year}{later}: {} of the deck's path",
                price(level, 0),
                percent(share)
            )
        }
        Outcome::PositiveAtAnyPrice => format!(
            "after-tax NPV stays positive down to {} in {first_year} (0.1% of the deck)",
            price(found.deck_level * 1e-3, 2)
        ),
        Outcome::NegativeAtAnyPrice => format!(
            "after-tax NPV stays negative up to {} in {first_year} (ten times the deck)",
            price(found.deck_level * 10.0, 0)
        ),
    }
}
