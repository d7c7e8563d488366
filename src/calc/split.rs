//! Who gets a stage's value, year by year (`docs/METHOD.md` section 18, after the IMF's FARI):
//! the pre-tax cash flow before any fiscal instrument; royalties and the taxes on products and
//! production as the accounts have them; income tax on taxable profit after tax depreciation,
//! interest and losses carried forward, with a holiday and a minimum tax on turnover; debt
//! drawn, serviced and repaid; the cash flow to equity split among the state, domestic and
//! foreign owners (a free-carried share paid for by the others); withholding taxes on what
//! goes abroad. By construction the pre-tax cash flow is exactly the government's, the
//! owners' and the lenders' shares added up, every year.

use serde::Serialize;

use crate::model::fiscal::{Financing, FiscalRegime, LoanYear, Ownership};
use crate::model::{Project, Stage};

use super::Accounts;
use super::accounts::Kept;

/// The fiscal terms of a stage: its regime (its own, else the project's), owners and loan.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct FiscalTerms {
    pub(super) regime: FiscalRegime,
    pub(super) ownership: Ownership,
    pub(super) financing: Option<Financing>,
    pub(super) first_production_year: i32,
    /// Total capex, written off for tax from the first production year.
    pub(super) capex: f64,
}

impl FiscalTerms {
    pub(super) fn of(project: &Project, stage: &Stage) -> Self {
        Self {
            regime: project.regime_of(stage).cloned().unwrap_or_default(),
            ownership: stage.ownership.clone().unwrap_or_default(),
            financing: stage.financing.clone(),
            first_production_year: stage.first_production_year,
            capex: stage.capex,
        }
    }
}

/// True when some stage of `project` pays income tax, has owners other than one domestic
/// private owner, or borrows: only then does any figure here differ from the accounts'.
pub(super) fn any_fiscal(project: &Project) -> bool {
    project.fiscal.is_some()
        || project
            .stages
            .iter()
            .any(|s| s.fiscal.is_some() || s.ownership.is_some() || s.financing.is_some())
}

/// Defines [`FiscalYear`] once with its additive fields and their sum.
macro_rules! fiscal_year {
    ($( $(#[$doc:meta])* $field:ident ),* $(,)?) => {
        /// Who gets a stage's (or the chain's) cash in one year. Every field is additive over
        /// stages and years.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
        pub struct FiscalYear {
            $( $(#[$doc])* pub $field: f64, )*
        }

        impl FiscalYear {
            /// Adds every field of `other` to `self`.
            pub fn accumulate(&mut self, other: &Self) {
                $( self.$field += other.$field; )*
            }

            /// Every field with its name, in declaration order (for CSV and JSON reports).
            pub fn fields(&self) -> Vec<(&'static str, f64)> {
                vec![$( (stringify!($field), self.$field), )*]
            }

            /// Every field times `factor` (a discount factor).
            #[must_use]
            pub fn scaled(&self, factor: f64) -> Self {
                Self { $( $field: self.$field * factor, )* }
            }
        }
    };
}

fiscal_year! {
    /// Pre-tax net cash flow (FARI): operating cash flow less capex, before royalties, taxes
    /// on products and production, income tax and subsidies.
    pre_tax_cash_flow,
    /// Royalties (as in the accounts).
    royalties,
    /// Other taxes on production, export taxes and the domestic carbon tax, less subsidies.
    other_net_taxes,
    /// Corporate income tax.
    income_tax,
    /// Minimum tax on turnover, the part above the income tax.
    minimum_tax,
    /// Withholding tax on dividends paid abroad.
    dividend_withholding,
    /// Withholding tax on interest paid abroad.
    interest_withholding,
    /// After-tax cash flow of the project, unfinanced: pre-tax less every fiscal payment.
    after_tax_cash_flow,
    /// Debt drawn.
    drawdown,
    /// Interest paid.
    interest,
    /// Principal repaid.
    principal,
    /// Cash flow to equity: after-tax, plus drawdowns, less debt service.
    equity_cash_flow,
    /// The state's equity: dividends on its holding less its contributions.
    state_equity,
    /// Domestic private owners: dividends less contributions.
    domestic_owners,
    /// Foreign owners: dividends after withholding tax, less contributions.
    foreign_owners,
    /// Lenders: interest and repayments after withholding tax, less drawdowns.
    lenders,
    /// The part of `lenders` that goes to lenders abroad.
    foreign_lenders,
    /// Government revenue: royalties, taxes, withholding taxes and the state's equity, less
    /// subsidies.
    government,
    /// The part of `government` that is the province's (sub-national government): its shares
    /// of royalties, taxes and the state's equity. The rest is federal.
    province,
    /// Primary income paid abroad: the foreign owners' share of after-tax profit and the
    /// interest paid to lenders abroad.
    income_paid_abroad,
}

impl FiscalYear {
    /// Taxes and royalties only (no state equity): what the AETR counts.
    pub fn taxes(&self) -> f64 {
        self.royalties
            + self.other_net_taxes
            + self.income_tax
            + self.minimum_tax
            + self.dividend_withholding
            + self.interest_withholding
    }

    /// The same figures for a stage or chain with no income tax, one domestic owner and no
    /// debt, from its accounts: what every stage gives when no project sets any of these.
    pub(super) fn untaxed(a: &Accounts) -> Self {
        let other_net_taxes = a.other_taxes + a.export_taxes + a.carbon_tax - a.subsidies;
        Self {
            pre_tax_cash_flow: a.cash_flow + a.royalties + other_net_taxes,
            royalties: a.royalties,
            other_net_taxes,
            after_tax_cash_flow: a.cash_flow,
            equity_cash_flow: a.cash_flow,
            domestic_owners: a.cash_flow,
            government: a.royalties + other_net_taxes,
            ..Self::default()
        }
    }

    /// The federal (central) government's part of government revenue.
    pub fn federal(&self) -> f64 {
        self.government - self.province
    }

    /// The owners' and lenders' shares and the government's, added up: equal to the pre-tax
    /// cash flow (the identity the tests check).
    pub fn shares_total(&self) -> f64 {
        self.government + self.domestic_owners + self.foreign_owners + self.lenders
    }
}

/// What the split needs of a stage's accounts in one year: the figures its ledger hands back.
pub(super) type FiscalInput = Kept<f64>;

/// Working memory of [`stage_years_into`], kept from stage to stage.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    capex: Vec<f64>,
    loans: Vec<LoanYear>,
    /// Losses carried forward: (year index it arose, amount left), oldest first.
    losses: Vec<(usize, f64)>,
}

/// A stage's fiscal years from its accounts of each year of `years`.
pub(super) fn stage_years(
    terms: &FiscalTerms,
    accounts: &[Accounts],
    years: &[i32],
) -> Vec<FiscalYear> {
    let inputs: Vec<FiscalInput> = accounts.iter().map(FiscalInput::from).collect();
    let mut out = Vec::with_capacity(years.len());
    stage_years_into(terms, &inputs, years, &mut Scratch::default(), &mut out);
    out
}

/// [`stage_years`] from the figures the split needs, into `out` (cleared first).
pub(super) fn stage_years_into(
    terms: &FiscalTerms,
    accounts: &[FiscalInput],
    years: &[i32],
    scratch: &mut Scratch,
    out: &mut Vec<FiscalYear>,
) {
    out.clear();
    let regime = &terms.regime;
    let Scratch {
        capex,
        loans,
        losses,
    } = scratch;
    if let Some(financing) = &terms.financing {
        capex.clear();
        capex.extend(accounts.iter().map(|a| a.capex));
        financing.schedule_into(capex, loans);
    } else {
        loans.clear();
        loans.resize(accounts.len(), LoanYear::default());
    }
    losses.clear();
    let foreign_lending = terms
        .financing
        .as_ref()
        .map_or(0.0, |f| f.foreign_pct / 100.0);
    let dividend_shares = terms.ownership.dividend_shares();
    let contribution_shares = terms.ownership.contribution_shares();
    let foreign = terms.ownership.foreign_pct / 100.0;
    let write_off = TaxWriteOff::of(terms);
    let province = ProvinceShares::of(terms);
    let rates = Rates::of(regime);
    for (k, (a, loan)) in accounts.iter().zip(loans.iter()).enumerate() {
        let year = years.get(k).copied().unwrap_or_default();
        let other_net_taxes = a.other_net_taxes;
        let pre_tax = a.cash_flow + a.royalties + other_net_taxes;
        let taxable =
            a.operating_surplus + a.depreciation - write_off.in_year(year, a.capex) - loan.interest;
        let offset = offset_losses(&rates, losses, k, taxable);
        let years_in = i64::from(year) - i64::from(terms.first_production_year);
        let income_tax = rates.income_tax_in(years_in) * (taxable - offset).max(0.0);
        let minimum_tax = if a.output_value > 0.0 {
            (rates.minimum_tax * a.output_value - income_tax).max(0.0)
        } else {
            0.0
        };
        let after_tax = pre_tax - a.royalties - other_net_taxes - income_tax - minimum_tax;
        let equity = after_tax + loan.drawdown - loan.interest - loan.principal;
        let shares = if equity > 0.0 {
            dividend_shares
        } else {
            contribution_shares
        };
        let [state_paid, state_carried, domestic, to_foreign] = shares.map(|s| s * equity);
        let dividend_withholding = if equity > 0.0 {
            rates.dividend_withholding * to_foreign
        } else {
            0.0
        };
        let foreign_interest = loan.interest * foreign_lending;
        let interest_withholding = rates.interest_withholding * foreign_interest;
        let lenders = loan.interest + loan.principal - loan.drawdown - interest_withholding;
        let foreign_lenders = foreign_lending * (loan.interest + loan.principal - loan.drawdown)
            - interest_withholding;
        let state_equity = state_paid + state_carried;
        let province_equity = state_equity
            * if equity > 0.0 {
                province.dividends
            } else {
                province.contributions
            };
        let taxes_on_income =
            income_tax + minimum_tax + dividend_withholding + interest_withholding;
        let after_tax_profit = a.operating_surplus - loan.interest - income_tax - minimum_tax;
        out.push(FiscalYear {
            pre_tax_cash_flow: pre_tax,
            royalties: a.royalties,
            other_net_taxes,
            income_tax,
            minimum_tax,
            dividend_withholding,
            interest_withholding,
            after_tax_cash_flow: after_tax,
            drawdown: loan.drawdown,
            interest: loan.interest,
            principal: loan.principal,
            equity_cash_flow: equity,
            state_equity,
            domestic_owners: domestic,
            foreign_owners: to_foreign - dividend_withholding,
            lenders,
            foreign_lenders,
            government: a.royalties + other_net_taxes + taxes_on_income + state_equity,
            province: province.royalties * a.royalties
                + province.other_taxes * other_net_taxes
                + province.taxes * taxes_on_income
                + province_equity,
            income_paid_abroad: foreign * after_tax_profit + foreign_interest,
        });
    }
}

/// A regime's rates as shares (0-1), read once per stage rather than divided every year.
struct Rates {
    income_tax: f64,
    holiday_rate: f64,
    holiday_years: i64,
    minimum_tax: f64,
    dividend_withholding: f64,
    interest_withholding: f64,
    /// Years a loss may be carried forward.
    carry_years: usize,
    /// Share of a year's taxable profit carried losses may offset.
    loss_cap: f64,
}

impl Rates {
    fn of(regime: &FiscalRegime) -> Self {
        Self {
            income_tax: regime.income_tax_pct / 100.0,
            holiday_rate: regime.holiday_rate_pct / 100.0,
            holiday_years: i64::from(regime.holiday_years),
            minimum_tax: regime.minimum_tax_pct / 100.0,
            dividend_withholding: regime.dividend_withholding_pct / 100.0,
            interest_withholding: regime.interest_withholding_pct / 100.0,
            carry_years: regime.loss_carry_forward_years as usize,
            loss_cap: (regime.loss_offset_cap_pct / 100.0).clamp(0.0, 1.0),
        }
    }

    /// The income tax rate `years_in` years after the first production year (negative
    /// before it): the holiday rate in the holiday's years, the regime's rate after them.
    fn income_tax_in(&self, years_in: i64) -> f64 {
        if years_in < self.holiday_years {
            self.holiday_rate
        } else {
            self.income_tax
        }
    }
}

/// The province's shares (0-1) of each instrument and of the state's equity, read once per
/// stage.
struct ProvinceShares {
    royalties: f64,
    other_taxes: f64,
    taxes: f64,
    dividends: f64,
    contributions: f64,
}

impl ProvinceShares {
    fn of(terms: &FiscalTerms) -> Self {
        let (regime, owners) = (&terms.regime, &terms.ownership);
        Self {
            royalties: regime.province_royalty_pct / 100.0,
            other_taxes: regime.province_other_taxes_pct / 100.0,
            taxes: regime.province_tax_pct / 100.0,
            dividends: owners.province_dividends_pct / 100.0,
            contributions: owners.province_contributions_pct / 100.0,
        }
    }
}

/// Capex written off for tax: straight line over the regime's years from the first production
/// year, or in the year spent when it gives none.
struct TaxWriteOff {
    first: i64,
    years: i64,
    per_year: f64,
}

impl TaxWriteOff {
    fn of(terms: &FiscalTerms) -> Self {
        let years = i64::from(terms.regime.tax_depreciation_years);
        Self {
            first: i64::from(terms.first_production_year),
            years,
            per_year: if years > 0 {
                terms.capex / years as f64
            } else {
                0.0
            },
        }
    }

    /// The write-off in `year`, when capex of `capex_now` is spent in it.
    fn in_year(&self, year: i32, capex_now: f64) -> f64 {
        if self.years == 0 {
            return capex_now;
        }
        let year = i64::from(year);
        if (self.first..self.first + self.years).contains(&year) {
            self.per_year
        } else {
            0.0
        }
    }
}

/// Losses carried forward used against `taxable` profit in year `k` (none when it is a loss,
/// which then joins `losses`); losses older than the regime allows lapse first.
fn offset_losses(rates: &Rates, losses: &mut Vec<(usize, f64)>, k: usize, taxable: f64) -> f64 {
    let carry = rates.carry_years;
    if !losses.is_empty() {
        losses.retain(|&(arose, left)| k - arose <= carry && left > 0.0);
    }
    if taxable < 0.0 {
        if carry > 0 {
            losses.push((k, -taxable));
        }
        return 0.0;
    }
    let mut room = taxable * rates.loss_cap;
    let mut used = 0.0;
    for (_, left) in losses.iter_mut() {
        let take = left.min(room);
        *left -= take;
        room -= take;
        used += take;
        if room <= 0.0 {
            break;
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regime(rate: f64) -> FiscalRegime {
        FiscalRegime {
            income_tax_pct: rate,
            tax_depreciation_years: 0,
            ..FiscalRegime::default()
        }
    }

    /// A year whose operating surplus (and cash flow) is `surplus`, with nothing else.
    fn year_of(surplus: f64) -> Accounts {
        Accounts {
            operating_surplus: surplus,
            cash_flow: surplus,
            output_value: surplus.abs(),
            ..Accounts::default()
        }
    }

    fn terms(regime: FiscalRegime) -> FiscalTerms {
        FiscalTerms {
            regime,
            first_production_year: 2030,
            ..FiscalTerms::default()
        }
    }

    #[test]
    fn losses_are_carried_forward() {
        // Surplus -100, 50, 80 at 29%: tax 0, 0, 8.7.
        let years = [2030, 2031, 2032];
        let accounts = [-100.0, 50.0, 80.0].map(year_of);
        let fiscal = stage_years(&terms(regime(29.0)), &accounts, &years);
        let tax: Vec<f64> = fiscal.iter().map(|y| y.income_tax).collect();
        assert!(tax[0].abs() < 1e-12 && tax[1].abs() < 1e-12, "{tax:?}");
        assert!((tax[2] - 8.7).abs() < 1e-9, "{tax:?}");
    }

    #[test]
    fn a_holiday_exempts_its_years() {
        let years = [2030, 2031, 2032];
        let accounts = [100.0, 100.0, 100.0].map(year_of);
        let with_holiday = FiscalRegime {
            holiday_years: 2,
            ..regime(29.0)
        };
        let fiscal = stage_years(&terms(with_holiday), &accounts, &years);
        assert!(fiscal[0].income_tax.abs() < 1e-12 && fiscal[1].income_tax.abs() < 1e-12);
        assert!((fiscal[2].income_tax - 29.0).abs() < 1e-9);
    }

    #[test]
    fn the_state_take_of_royalty_and_half_the_equity() {
        // Pre-royalty cash flow 100, royalty 6.5, the state holding 50% of the remaining 93.5:
        // a government take of 53.25%.
        let accounts = [Accounts {
            royalties: 6.5,
            operating_surplus: 93.5,
            cash_flow: 93.5,
            ..Accounts::default()
        }];
        let mut terms = terms(regime(0.0));
        terms.ownership = Ownership {
            state_paid_pct: 50.0,
            state_carried_pct: 0.0,
            domestic_pct: 0.0,
            foreign_pct: 50.0,
            ..Ownership::default()
        };
        let fiscal = stage_years(&terms, &accounts, &[2030]);
        assert!((fiscal[0].pre_tax_cash_flow - 100.0).abs() < 1e-9);
        assert!((fiscal[0].government / fiscal[0].pre_tax_cash_flow - 0.5325).abs() < 1e-12);
        assert!((fiscal[0].shares_total() - fiscal[0].pre_tax_cash_flow).abs() < 1e-9);
    }

    #[test]
    fn the_province_gets_its_royalty_and_its_half_of_the_state_dividends() {
        // As above, with the royalty the province's and half the state's 50% its: the
        // province 6.5 + 23.375 = 29.875, the federal government 23.375. In a year the owners
        // pay in 100, the province pays its quarter of the state's 50.
        let accounts = [
            Accounts {
                royalties: 6.5,
                operating_surplus: 93.5,
                cash_flow: 93.5,
                ..Accounts::default()
            },
            Accounts {
                capex: 100.0,
                cash_flow: -100.0,
                ..Accounts::default()
            },
        ];
        let mut terms = terms(FiscalRegime {
            province_royalty_pct: 100.0,
            ..regime(0.0)
        });
        terms.ownership = Ownership {
            state_paid_pct: 50.0,
            foreign_pct: 50.0,
            domestic_pct: 0.0,
            province_dividends_pct: 50.0,
            province_contributions_pct: 25.0,
            ..Ownership::default()
        };
        let fiscal = stage_years(&terms, &accounts, &[2030, 2031]);
        assert!(
            (fiscal[0].province - 29.875).abs() < 1e-12,
            "{:?}",
            fiscal[0]
        );
        assert!((fiscal[0].federal() - 23.375).abs() < 1e-12);
        assert!((fiscal[1].state_equity + 50.0).abs() < 1e-12);
        assert!((fiscal[1].province + 12.5).abs() < 1e-12, "{:?}", fiscal[1]);
    }
}
