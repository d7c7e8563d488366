//! Who gets the value: the fiscal regime a stage operates under, who owns it and how it is
//! financed. Plain data in the project file; the calculation (`calc/split.rs`) turns a
//! stage's yearly accounts into taxes, debt service, dividends and the shares of the state,
//! the owners and the lenders (`docs/METHOD.md` section 18, after the IMF's FARI framework).
//! Everything defaults to "no regime": no income tax, one domestic owner, no debt, so a project
//! that sets none of it computes exactly as before.

use serde::{Deserialize, Serialize};

/// The taxes on a stage's profit and its payments abroad, as a mineral agreement or the
/// general law sets them. Royalties, export taxes and the carbon price stay where they are
/// (on the stage and the policy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiscalRegime {
    /// Corporate income tax rate on taxable profit, percent (Pakistan 29%).
    #[serde(default)]
    pub income_tax_pct: f64,
    /// Years of tax holiday from the first production year.
    #[serde(default)]
    pub holiday_years: u32,
    /// Income tax rate during the holiday, percent (0 for a full holiday).
    #[serde(default)]
    pub holiday_rate_pct: f64,
    /// Years over which capex is written off for tax, straight line from the first production
    /// year (0: deducted in the year it is spent). Pakistan: development spending at 25% a
    /// year, so 4.
    #[serde(default = "four")]
    pub tax_depreciation_years: u32,
    /// Years a tax loss may be carried forward (0: losses are lost).
    #[serde(default = "ten")]
    pub loss_carry_forward_years: u32,
    /// Share of a year's taxable profit that losses carried forward may offset, percent
    /// (100: no cap; Zambia 50).
    #[serde(default = "hundred")]
    pub loss_offset_cap_pct: f64,
    /// Minimum tax on turnover (output value), percent: paid when above the income tax
    /// (Pakistan 1.25%).
    #[serde(default)]
    pub minimum_tax_pct: f64,
    /// Withholding tax on dividends paid to owners abroad, percent (Pakistan 10%).
    #[serde(default)]
    pub dividend_withholding_pct: f64,
    /// Withholding tax on interest paid to lenders abroad, percent.
    #[serde(default)]
    pub interest_withholding_pct: f64,
    /// Share of royalties that goes to the province (the sub-national government), percent;
    /// the rest is the federal government's. Pakistan: minerals are a provincial subject, so
    /// 100.
    #[serde(default)]
    pub province_royalty_pct: f64,
    /// Share of income tax, minimum tax and withholding taxes that reaches the province,
    /// percent (through revenue sharing such as Pakistan's NFC award).
    #[serde(default)]
    pub province_tax_pct: f64,
    /// Share of other taxes on production, export taxes and carbon tax, less subsidies, that
    /// is the province's, percent.
    #[serde(default)]
    pub province_other_taxes_pct: f64,
    /// What royalties are levied on.
    #[serde(default)]
    pub royalty_base: RoyaltyBase,
    /// A royalty rate that slides with a deck price, instead of each stage's royalty %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sliding_royalty: Option<SlidingRoyalty>,
}

/// What a royalty is levied on (`docs/METHOD.md` 18.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoyaltyBase {
    /// The value of the stage's output at its price: for a concentrate priced by its rule,
    /// its net smelter return (after treatment and refining charges, penalties and freight).
    #[default]
    NetSmelterReturn,
    /// The gross value of the payable metals at deck prices, before treatment and refining
    /// charges, penalties and freight; the output value for a stage not priced as a
    /// concentrate.
    Gross,
}

impl RoyaltyBase {
    /// Both, for choices.
    pub const ALL: [Self; 2] = [Self::NetSmelterReturn, Self::Gross];

    /// Name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::NetSmelterReturn => "Net smelter return",
            Self::Gross => "Gross metal value",
        }
    }
}

/// A royalty whose rate follows a deck price band by band, as Zambia's 4-6% by copper price:
/// in a year the rate is that of the highest band whose price the deck's price reaches (the
/// first band's below them all), on the whole base.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlidingRoyalty {
    /// The deck commodity whose price sets the rate.
    pub commodity: String,
    /// Bands in rising order of price.
    pub bands: Vec<RoyaltyBand>,
}

/// A band of a sliding royalty.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoyaltyBand {
    /// The deck price from which this band's rate applies, in the commodity's unit.
    pub from_price: f64,
    /// Royalty rate, percent of the base.
    pub rate_pct: f64,
}

impl SlidingRoyalty {
    /// The rate (0-1) when the commodity's price is `price`.
    pub fn rate_at(&self, price: f64) -> f64 {
        let mut rate = self.bands.first().map_or(0.0, |band| band.rate_pct);
        for band in &self.bands {
            if price >= band.from_price {
                rate = band.rate_pct;
            }
        }
        rate / 100.0
    }

    /// Zambia's 2019 scale on copper (USD/t): 5.5% below 4,500, then 6.5%, 7.5%, 8.5% and 10%
    /// from 4,500, 6,000, 7,500 and 9,000 (Mines and Minerals Development (Amendment) Act
    /// 2019), a starting point to edit.
    pub fn zambia_copper() -> Self {
        let band = |from_price, rate_pct| RoyaltyBand {
            from_price,
            rate_pct,
        };
        Self {
            commodity: "copper".to_owned(),
            bands: vec![
                band(0.0, 5.5),
                band(4_500.0, 6.5),
                band(6_000.0, 7.5),
                band(7_500.0, 8.5),
                band(9_000.0, 10.0),
            ],
        }
    }
}

fn four() -> u32 {
    4
}

fn ten() -> u32 {
    10
}

fn hundred() -> f64 {
    100.0
}

impl Default for FiscalRegime {
    fn default() -> Self {
        Self {
            income_tax_pct: 0.0,
            holiday_years: 0,
            holiday_rate_pct: 0.0,
            tax_depreciation_years: four(),
            loss_carry_forward_years: ten(),
            loss_offset_cap_pct: hundred(),
            minimum_tax_pct: 0.0,
            dividend_withholding_pct: 0.0,
            interest_withholding_pct: 0.0,
            province_royalty_pct: 0.0,
            province_tax_pct: 0.0,
            province_other_taxes_pct: 0.0,
            royalty_base: RoyaltyBase::NetSmelterReturn,
            sliding_royalty: None,
        }
    }
}

/// Who owns a stage, in percent of its equity (adding up to 100).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ownership {
    /// Held by the state and paid for (its share of equity contributions).
    #[serde(default)]
    pub state_paid_pct: f64,
    /// Held by the state free-carried: it receives dividends, and the other owners pay its
    /// share of contributions.
    #[serde(default)]
    pub state_carried_pct: f64,
    /// Held by domestic private owners.
    #[serde(default)]
    pub domestic_pct: f64,
    /// Held by owners abroad: their share of profit is income paid abroad.
    #[serde(default)]
    pub foreign_pct: f64,
    /// Of the dividends on the state's holding (paid and carried), the share the province
    /// receives, percent; the rest is the federal government's. Reko Diq: Balochistan holds 25
    /// of the state's 50 points, so 50.
    #[serde(default)]
    pub province_dividends_pct: f64,
    /// Of the state's equity contributions, the share the province pays, percent. Reko Diq: 0,
    /// the federal government funds Balochistan's paid share.
    #[serde(default)]
    pub province_contributions_pct: f64,
}

impl Default for Ownership {
    /// One domestic private owner.
    fn default() -> Self {
        Self {
            state_paid_pct: 0.0,
            state_carried_pct: 0.0,
            domestic_pct: 100.0,
            foreign_pct: 0.0,
            province_dividends_pct: 0.0,
            province_contributions_pct: 0.0,
        }
    }
}

impl Ownership {
    /// The four shares in percent, in the order state paid, state carried, domestic,
    /// foreign.
    pub fn shares(&self) -> [f64; 4] {
        [
            self.state_paid_pct,
            self.state_carried_pct,
            self.domestic_pct,
            self.foreign_pct,
        ]
    }

    /// Sum of the shares, percent (100 when valid).
    pub fn total(&self) -> f64 {
        self.shares().iter().sum()
    }

    /// Shares (0-1) of a dividend: every owner by its holding.
    pub fn dividend_shares(&self) -> [f64; 4] {
        self.shares().map(|share| share / 100.0)
    }

    /// Shares (0-1) of an equity contribution: the paying owners by their holdings, the
    /// carried share spread over them in proportion.
    pub fn contribution_shares(&self) -> [f64; 4] {
        let paying = self.state_paid_pct + self.domestic_pct + self.foreign_pct;
        if paying <= 0.0 {
            return [0.0; 4];
        }
        [
            self.state_paid_pct / paying,
            0.0,
            self.domestic_pct / paying,
            self.foreign_pct / paying,
        ]
    }
}

/// How a stage's capex is financed with debt.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Financing {
    /// Share of capex borrowed, percent (drawn as capex is spent).
    pub debt_pct: f64,
    /// Interest rate per year on the outstanding balance, percent.
    pub interest_pct: f64,
    /// Years from the first drawdown to the last repayment.
    pub tenor_years: u32,
    /// Years from the first drawdown with interest only.
    #[serde(default)]
    pub grace_years: u32,
    /// Share lent from abroad, percent: its interest and repayments leave the country.
    #[serde(default)]
    pub foreign_pct: f64,
}

/// One year of a loan.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LoanYear {
    /// Drawn this year.
    pub drawdown: f64,
    /// Interest on the balance at the start of the year.
    pub interest: f64,
    /// Principal repaid.
    pub principal: f64,
}

impl Financing {
    /// The loan's schedule over the years `first_year..` for capex spent as `capex` (one value
    /// per year): drawn with the capex; interest on the opening balance; from the end of the
    /// grace period (and never before the last drawdown) the balance then is repaid in equal
    /// instalments over the years left of the tenor, at least one. Every year's interest is
    /// on the balance at its start, so the schedule sums to the principal plus interest.
    pub fn schedule(&self, capex: &[f64]) -> Vec<LoanYear> {
        let mut years = Vec::with_capacity(capex.len());
        self.schedule_into(capex, &mut years);
        years
    }

    /// [`Financing::schedule`] into `years` (its memory reused).
    pub fn schedule_into(&self, capex: &[f64], years: &mut Vec<LoanYear>) {
        let share = self.debt_pct / 100.0;
        let rate = self.interest_pct / 100.0;
        years.clear();
        years.resize(capex.len(), LoanYear::default());
        let Some(first) = capex.iter().position(|&c| c > 0.0) else {
            return;
        };
        let last_draw = capex.iter().rposition(|&c| c > 0.0).unwrap_or(first);
        let grace_end = first + self.grace_years as usize;
        let repay_from = grace_end.max(last_draw + 1);
        let tenor_end = first + (self.tenor_years as usize).max(1);
        let instalments = tenor_end.saturating_sub(repay_from).max(1);
        let mut balance = 0.0;
        let mut instalment = 0.0;
        for (k, year) in years.iter_mut().enumerate() {
            year.interest = balance * rate;
            if k == repay_from {
                instalment = balance / instalments as f64;
            }
            if k >= repay_from && balance > 0.0 {
                year.principal = instalment.min(balance);
                if k + 1 == repay_from + instalments {
                    year.principal = balance;
                }
            }
            year.drawdown = capex[k] * share;
            balance += year.drawdown - year.principal;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loan_is_repaid_in_full_with_interest_on_its_balance() {
        let loan = Financing {
            debt_pct: 60.0,
            interest_pct: 8.0,
            tenor_years: 10,
            grace_years: 3,
            foreign_pct: 100.0,
        };
        let capex = [
            100.0, 100.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
        ];
        let schedule = loan.schedule(&capex);
        let drawn: f64 = schedule.iter().map(|y| y.drawdown).sum();
        let repaid: f64 = schedule.iter().map(|y| y.principal).sum();
        assert!((drawn - 120.0).abs() < 1e-9);
        assert!((repaid - 120.0).abs() < 1e-9);
        // Interest only in the grace years, then 7 equal instalments of 120 / 7.
        assert!(schedule[..3].iter().all(|y| y.principal == 0.0));
        assert!((schedule[3].principal - 120.0 / 7.0).abs() < 1e-9);
        assert!(schedule[10..].iter().all(|y| y.principal == 0.0));
        // Interest each year on the opening balance.
        let mut balance = 0.0;
        for year in &schedule {
            assert!((year.interest - balance * 0.08).abs() < 1e-9);
            balance += year.drawdown - year.principal;
        }
        assert!(balance.abs() < 1e-9);
    }

    #[test]
    fn carried_equity_is_paid_for_by_the_other_owners() {
        let reko_diq = Ownership {
            state_paid_pct: 40.0,
            state_carried_pct: 10.0,
            domestic_pct: 0.0,
            foreign_pct: 50.0,
            ..Ownership::default()
        };
        assert!((reko_diq.total() - 100.0).abs() < 1e-12);
        let pays = reko_diq.contribution_shares();
        assert!((pays[0] - 40.0 / 90.0).abs() < 1e-12);
        assert!((pays[3] - 50.0 / 90.0).abs() < 1e-12);
        assert!(pays[1].abs() < 1e-12);
        assert!((reko_diq.dividend_shares()[1] - 0.1).abs() < 1e-12);
    }
}
