//! Does processing at home pay? The Policy Analysis Matrix (Monke and Pearson 1989; FAO
//! `EASYPol` module 129) of a stage or of the domestic chain over a year or a period, read from the
//! results: revenue, tradable inputs and domestic factors at private prices and at social
//! (border) prices, the divergences between them, and the ratios NPC, EPC and DRC
//! (`docs/METHOD.md` section 19). Nothing here changes the calculation; it reads the accounts
//! the calculation already gives and the project's shadow-price factors.

use serde::Serialize;

use crate::model::{Location, Project};

use super::Period;
use super::accounts::{Accounts, ratio};
use super::results::Results;

/// The capital recovery factor: the constant yearly payment that repays one unit of capital
/// with interest at `rate` (a fraction, 0.08 for 8%) over `years` years,
/// *r (1 + r)^n / ((1 + r)^n − 1)*; *1 / n* at a rate of 0, and 0 over no years.
pub fn capital_recovery_factor(rate: f64, years: u32) -> f64 {
    if years == 0 {
        return 0.0;
    }
    let n = f64::from(years);
    if rate.abs() < 1e-12 {
        return 1.0 / n;
    }
    let growth = (1.0 + rate).powf(n);
    rate * growth / (growth - 1.0)
}

/// What a stage earned and spent in a year or a period, sorted the way the matrix needs it:
/// every figure at the prices the stage pays and receives (private prices), with the transfers
/// (taxes and subsidies) apart, so that social prices can be worked out by leaving them out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Budget {
    /// Output value (product and by-products, less any border carbon adjustment, which lowers
    /// the price the exporter receives) at the prices of the project, which are border prices:
    /// the model has no import tariff or price control on outputs.
    pub revenue_at_border: f64,
    /// Transfers on output that the stage pays (royalties, other taxes on production, export
    /// taxes) less the subsidies it receives: they lower the price the stage keeps.
    pub output_transfers: f64,
    /// Tradable inputs: feed from other stages (a concentrate, a metal: traded goods),
    /// imported purchased inputs, and freight bought abroad on feed from stages abroad.
    pub tradable_inputs: f64,
    /// The wage bill.
    pub wages: f64,
    /// Non-tradable inputs bought at home (domestic purchased inputs, transport on domestic
    /// links, energy at the tariff), counted whole as domestic resources.
    pub domestic_inputs: f64,
    /// Transfers on inputs: the domestic carbon tax on the stage's emissions.
    pub input_transfers: f64,
    /// The yearly charge for capital: capex × the capital recovery factor, in every year of
    /// the economic life.
    pub capital_charge: f64,
}

impl Budget {
    /// The budget of a stage's accounts over a year or a period, with its capital charge.
    pub fn of(accounts: &Accounts, capital_charge: f64) -> Self {
        Self {
            revenue_at_border: accounts.output_value,
            output_transfers: accounts.royalties + accounts.other_taxes + accounts.export_taxes
                - accounts.subsidies,
            tradable_inputs: accounts.material_cost
                + accounts.purchased_imported
                + accounts.transport_from_abroad,
            wages: accounts.wages,
            domestic_inputs: accounts.purchased_inputs - accounts.purchased_imported
                + (accounts.transport_cost - accounts.transport_from_abroad)
                + accounts.energy_cost,
            input_transfers: accounts.carbon_tax,
            capital_charge,
        }
    }

    /// Adds every figure of `other` to `self`.
    pub fn accumulate(&mut self, other: &Self) {
        self.revenue_at_border += other.revenue_at_border;
        self.output_transfers += other.output_transfers;
        self.tradable_inputs += other.tradable_inputs;
        self.wages += other.wages;
        self.domestic_inputs += other.domestic_inputs;
        self.input_transfers += other.input_transfers;
        self.capital_charge += other.capital_charge;
    }

    /// The matrix of this budget, with tradables at social prices multiplied by the shadow
    /// exchange rate factor and wages by the shadow wage factor.
    pub fn matrix(&self, shadow_exchange_rate_factor: f64, shadow_wage_factor: f64) -> Pam {
        let private = PamRow {
            revenue: self.revenue_at_border - self.output_transfers,
            tradable_inputs: self.tradable_inputs,
            domestic_factors: self.wages
                + self.domestic_inputs
                + self.input_transfers
                + self.capital_charge,
        };
        let social = PamRow {
            revenue: self.revenue_at_border * shadow_exchange_rate_factor,
            tradable_inputs: self.tradable_inputs * shadow_exchange_rate_factor,
            domestic_factors: self.wages * shadow_wage_factor
                + self.domestic_inputs
                + self.capital_charge,
        };
        Pam {
            budget: *self,
            private,
            social,
        }
    }
}

/// One row of the matrix: revenue, the two kinds of cost, and the profit they leave.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct PamRow {
    /// Revenue (A private, E social).
    pub revenue: f64,
    /// Tradable inputs (B, F).
    pub tradable_inputs: f64,
    /// Domestic factors: labour, domestic inputs, capital (C, G).
    pub domestic_factors: f64,
}

impl PamRow {
    /// Profit: revenue − tradable inputs − domestic factors (D, H).
    pub fn profit(&self) -> f64 {
        self.revenue - self.tradable_inputs - self.domestic_factors
    }

    /// Value added at these prices: revenue − tradable inputs.
    pub fn value_added(&self) -> f64 {
        self.revenue - self.tradable_inputs
    }
}

/// The Policy Analysis Matrix of a stage or a chain over a year or a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Pam {
    /// The figures it was built from.
    pub budget: Budget,
    /// At private prices: what the stage receives and pays.
    pub private: PamRow,
    /// At social prices: border prices for tradables, shadow prices for domestic factors,
    /// without transfers.
    pub social: PamRow,
}

impl Pam {
    /// Divergences: private − social, cell by cell (I, J, K, L).
    pub fn divergences(&self) -> PamRow {
        PamRow {
            revenue: self.private.revenue - self.social.revenue,
            tradable_inputs: self.private.tradable_inputs - self.social.tradable_inputs,
            domestic_factors: self.private.domestic_factors - self.social.domestic_factors,
        }
    }

    /// Nominal protection coefficient: revenue at private over social prices, A / E.
    /// Below 1, the stage is taxed on its output; `None` without revenue.
    pub fn npc(&self) -> Option<f64> {
        ratio(self.private.revenue, self.social.revenue)
    }

    /// Effective protection coefficient: value added at private over social prices,
    /// (A − B) / (E − F); `None` when value added at social prices is zero.
    pub fn epc(&self) -> Option<f64> {
        ratio(self.private.value_added(), self.social.value_added())
    }

    /// Domestic resource cost ratio: domestic factors at social prices over value added at
    /// social prices, G / (E − F). Below 1, the stage earns (or saves) more foreign exchange
    /// than the domestic resources it uses are worth. `None` when value added at social
    /// prices is not positive: the stage then loses foreign exchange whatever its costs.
    pub fn drc(&self) -> Option<f64> {
        let value_added = self.social.value_added();
        (value_added > f64::EPSILON).then(|| self.social.domestic_factors / value_added)
    }
}

/// What a DRC means, in a few words, for tables and the inspector.
pub fn drc_verdict(drc: Option<f64>) -> &'static str {
    match drc {
        None => "no value added at border prices",
        Some(value) if value < 1.0 => "pays: earns more than its domestic resources cost",
        Some(_) => "does not pay: its domestic resources cost more than it earns",
    }
}

/// The budget of stage `index` (project order) over `period`: its accounts and, in every
/// year of its economic life (a year with depreciation), capex × the capital recovery factor
/// at the project's discount rate over that life.
pub fn stage_budget(project: &Project, results: &Results, index: usize, period: Period) -> Budget {
    let Some(stage) = project.stages.get(index) else {
        return Budget::default();
    };
    let charge = stage.capex
        * capital_recovery_factor(
            project.economy.discount_rate_pct / 100.0,
            stage.economic_life_years,
        );
    let mut budget = Budget::default();
    for (accounts, &year) in results.stage_years(index).zip(&results.years) {
        if period.contains(year) {
            let capital_charge = if accounts.depreciation > 0.0 {
                charge
            } else {
                0.0
            };
            budget.accumulate(&Budget::of(&accounts, capital_charge));
        }
    }
    budget
}

/// The matrix of stage `index` over `period`; `None` for a stage abroad (whose costs and
/// earnings are not the country's) or past the last stage.
pub fn stage_pam(
    project: &Project,
    results: &Results,
    index: usize,
    period: Period,
) -> Option<Pam> {
    let stage = project.stages.get(index)?;
    (stage.location == Location::Domestic).then(|| {
        stage_budget(project, results, index, period).matrix(
            project.economy.shadow_exchange_rate_factor,
            project.economy.shadow_wage_factor,
        )
    })
}

/// The matrix of every domestic stage, each over `period`, in project order (`None` abroad).
pub fn stage_pams(project: &Project, results: &Results, period: Period) -> Vec<Option<Pam>> {
    (0..project.stages.len())
        .map(|index| stage_pam(project, results, index, period))
        .collect()
}

/// The matrix of the domestic chain over `period`: the sum of its domestic stages' budgets.
/// Feed sold from one domestic stage to the next is revenue of the one and a tradable input
/// of the other, so it cancels out of the chain's value added and profits.
pub fn chain_pam(project: &Project, results: &Results, period: Period) -> Pam {
    let mut budget = Budget::default();
    for (index, stage) in project.stages.iter().enumerate() {
        if stage.location == Location::Domestic {
            budget.accumulate(&stage_budget(project, results, index, period));
        }
    }
    budget.matrix(
        project.economy.shadow_exchange_rate_factor,
        project.economy.shadow_wage_factor,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-9,
            "{actual} is not {expected}"
        );
    }

    /// The hand check: revenue 100, tradable inputs 60, wages 10, domestic inputs 5,
    /// capital charge 15: DRC = (10 + 5 + 15) / (100 − 60) = 30 / 40 = 0.75.
    #[test]
    fn drc_hand_check() {
        let budget = Budget {
            revenue_at_border: 100.0,
            tradable_inputs: 60.0,
            wages: 10.0,
            domestic_inputs: 5.0,
            capital_charge: 15.0,
            ..Budget::default()
        };
        let pam = budget.matrix(1.0, 1.0);
        close(pam.drc().unwrap(), 0.75);
        // No transfers and no shadow prices: private = social, NPC = EPC = 1.
        close(pam.npc().unwrap(), 1.0);
        close(pam.epc().unwrap(), 1.0);
        // Profit 100 − 60 − 30 = 10 at both prices.
        close(pam.private.profit(), 10.0);
        close(pam.social.profit(), 10.0);
        assert_eq!(pam.divergences(), PamRow::default());
    }

    /// NPC and EPC by hand: an export tax and royalty of 10 lower the private revenue to 90,
    /// NPC 90 / 100 = 0.9 and EPC (90 − 60) / (100 − 60) = 0.75. With a shadow exchange rate
    /// factor of 1.2, social revenue 120 and tradables 72: NPC 90 / 120 = 0.75, EPC 30 / 48 =
    /// 0.625; a shadow wage factor of 0.5 puts wages at 5: DRC (5 + 5 + 15) / 48 = 0.5208.
    #[test]
    fn npc_epc_and_shadow_prices_hand_check() {
        let budget = Budget {
            revenue_at_border: 100.0,
            output_transfers: 10.0,
            tradable_inputs: 60.0,
            wages: 10.0,
            domestic_inputs: 5.0,
            input_transfers: 2.0,
            capital_charge: 15.0,
        };
        let pam = budget.matrix(1.0, 1.0);
        close(pam.npc().unwrap(), 0.9);
        close(pam.epc().unwrap(), 0.75);
        // The carbon tax is a private cost only: 10 + 5 + 2 + 15 = 32 against 30.
        close(pam.private.domestic_factors, 32.0);
        close(pam.divergences().domestic_factors, 2.0);
        // Private profit 90 − 60 − 32 = −2; social 100 − 60 − 30 = 10; divergence −12, the
        // transfers 10 + 2.
        close(pam.divergences().profit(), -12.0);
        let shadow = budget.matrix(1.2, 0.5);
        close(shadow.npc().unwrap(), 0.75);
        close(shadow.epc().unwrap(), 0.625);
        close(shadow.drc().unwrap(), 25.0 / 48.0);
    }

    /// No value added at border prices: no DRC, and the verdict says why.
    #[test]
    fn drc_without_value_added_at_border_prices() {
        let budget = Budget {
            revenue_at_border: 50.0,
            tradable_inputs: 60.0,
            wages: 10.0,
            ..Budget::default()
        };
        assert_eq!(budget.matrix(1.0, 1.0).drc(), None);
        assert_eq!(drc_verdict(None), "no value added at border prices");
    }

    /// CRF at 8% over 20 years = 0.08 × 1.08^20 / (1.08^20 − 1) = 0.101852 (annuity tables);
    /// at 10% over 1 year it is 1.1; at 0% it is 1 / n; over no years it is 0.
    #[test]
    fn capital_recovery_factor_hand_checks() {
        assert!((capital_recovery_factor(0.08, 20) - 0.101_852_2).abs() < 1e-7);
        close(capital_recovery_factor(0.10, 1), 1.1);
        close(capital_recovery_factor(0.0, 20), 0.05);
        close(capital_recovery_factor(0.08, 0), 0.0);
    }
}
