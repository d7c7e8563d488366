//! The catalogue entries of the fiscal regime (the project's, or a stage's own), of a stage's
//! owners and of its loan, and how each numeric one ([`FiscalField`], [`OwnerField`],
//! [`LoanField`]) is read from and written to the model. A regime field of a project without
//! a regime reads as the default regime's value and setting it creates the regime; an owner
//! or loan field of a stage without owners or a loan reads as `None`, like a by-product the
//! stage lacks.

use crate::model::fiscal::{Financing, FiscalRegime, Ownership};
use crate::model::params::{FiscalField, LoanField, OwnerField};

use super::{Field, Rule, Section, number, plain};

/// Corporate income tax rate.
pub const INCOME_TAX: Field = number(
    "fiscal.income_tax_pct",
    "Income tax rate",
    "%",
    Section::Fiscal,
    Rule::Percent,
    "Corporate income tax on taxable profit (after tax depreciation, interest and losses carried forward): Pakistan 29% (Income Tax Ordinance 2001), the 2013 mineral policy quotes 35%; Zambia 30% on mining.",
);
/// Years of tax holiday.
pub const HOLIDAY_YEARS: Field = number(
    "fiscal.holiday_years",
    "Tax holiday",
    "years",
    Section::Fiscal,
    Rule::WholeYears,
    "Years from the first production year taxed at the holiday rate instead. Mineral agreements sometimes grant long holidays (Reko Diq's is reported but unconfirmed: an assumption).",
);
/// Income tax rate during the holiday.
pub const HOLIDAY_RATE: Field = number(
    "fiscal.holiday_rate_pct",
    "Rate during the holiday",
    "%",
    Section::Fiscal,
    Rule::Percent,
    "Income tax rate during the holiday: 0 for a full holiday.",
);
/// Years of straight-line tax depreciation.
pub const TAX_DEPRECIATION: Field = number(
    "fiscal.tax_depreciation_years",
    "Tax depreciation",
    "years",
    Section::Fiscal,
    Rule::WholeYears,
    "Capex written off for tax in equal parts over this many years from the first production year: Pakistan allows development spending at 25% a year (4 years); 0 deducts capex in the year it is spent.",
);
/// Years a loss may be carried forward.
pub const LOSS_CARRY: Field = number(
    "fiscal.loss_carry_forward_years",
    "Losses carried forward",
    "years",
    Section::Fiscal,
    Rule::WholeYears,
    "Years a tax loss may be set against later profits (0: losses are lost). Pakistan: 6 years for business losses; many mining codes allow 10 or more.",
);
/// Cap on the offset of carried losses.
pub const LOSS_CAP: Field = number(
    "fiscal.loss_offset_cap_pct",
    "Loss offset cap",
    "%",
    Section::Fiscal,
    Rule::Percent,
    "Share of a year's taxable profit that losses carried forward may offset: 100 for no cap; Zambia caps it at 50%.",
);
/// Minimum tax on turnover.
pub const MINIMUM_TAX: Field = number(
    "fiscal.minimum_tax_pct",
    "Minimum tax on turnover",
    "%",
    Section::Fiscal,
    Rule::Percent,
    "Paid on the value of output when above the income tax: Pakistan 1.25% (1% in the 2013 mineral policy).",
);
/// Withholding tax on dividends paid abroad.
pub const DIVIDEND_WHT: Field = number(
    "fiscal.dividend_withholding_pct",
    "Withholding tax on dividends abroad",
    "%",
    Section::Fiscal,
    Rule::Percent,
    "Withheld from dividends paid to owners abroad: Pakistan 10% unless a tax treaty sets less.",
);
/// Withholding tax on interest paid abroad.
pub const INTEREST_WHT: Field = number(
    "fiscal.interest_withholding_pct",
    "Withholding tax on interest abroad",
    "%",
    Section::Fiscal,
    Rule::Percent,
    "Withheld from interest paid to lenders abroad; development lenders are often exempt (0).",
);
/// The province's share of royalties.
pub const PROVINCE_ROYALTY: Field = number(
    "fiscal.province_royalty_pct",
    "Province's share of royalties",
    "%",
    Section::Fiscal,
    Rule::Percent,
    "Share of royalties that goes to the province (the sub-national government); the rest is federal. Pakistan: minerals are a provincial subject since the 18th Amendment, so Balochistan levies Reko Diq's royalty (100).",
);
/// The province's share of taxes on income.
pub const PROVINCE_TAX: Field = number(
    "fiscal.province_tax_pct",
    "Province's share of income taxes",
    "%",
    Section::Fiscal,
    Rule::Percent,
    "Share of income tax, minimum tax and withholding taxes that reaches the province through revenue sharing. Pakistan's 7th NFC award gives the provinces 57.5% of the divisible pool and Balochistan 9.09% of that: about 5.2% (an assumption: the pool's composition varies).",
);
/// The province's share of other taxes.
pub const PROVINCE_OTHER_TAXES: Field = number(
    "fiscal.province_other_taxes_pct",
    "Province's share of other taxes",
    "%",
    Section::Fiscal,
    Rule::Percent,
    "Share of other taxes on production, export taxes and carbon tax, less subsidies, that is the province's (0 when the federal government levies them all).",
);
/// What royalties are levied on.
pub const ROYALTY_BASE: Field = plain(
    "fiscal.royalty_base",
    "Royalty base",
    "",
    Section::Fiscal,
    Rule::Choice,
    "What each stage's royalty % (or the sliding rate) is levied on: the output value, which for a concentrate is its net smelter return after treatment and refining charges, penalties and freight; or the gross value of the payable metals at deck prices, before them (the same for a stage not priced as a concentrate).",
);
/// The sliding royalty: the deck commodity its rate follows, and its bands.
pub const SLIDING_ROYALTY: Field = plain(
    "fiscal.sliding_royalty",
    "Sliding royalty by deck price",
    "",
    Section::Fiscal,
    Rule::List,
    "A royalty rate set each year by a deck price, band by band, instead of each stage's royalty %: the rate of the highest band the price reaches applies to the whole base. Zambia 2019 on copper: 5.5% below USD 4,500/t, 6.5%, 7.5%, 8.5% and 10% from 4,500, 6,000, 7,500 and 9,000.",
);
/// Where a band of the sliding royalty starts.
pub const BAND_FROM_PRICE: Field = plain(
    "sliding_royalty.from_price",
    "Band {n} from",
    "{money}/{item_unit}",
    Section::Fiscal,
    Rule::NonNegative,
    "The deck price from which this band's rate applies, in the commodity's unit.",
);
/// The rate of a band of the sliding royalty.
pub const BAND_RATE: Field = plain(
    "sliding_royalty.rate_pct",
    "Band {n} rate",
    "%",
    Section::Fiscal,
    Rule::Percent,
    "Royalty rate while the deck price is in this band, percent of the royalty base.",
);
/// The state's paid share.
pub const STATE_PAID: Field = number(
    "ownership.state_paid_pct",
    "State, paid",
    "%",
    Section::Ownership,
    Rule::Percent,
    "Equity held by the state (federal companies, a province) that pays its share of contributions. Reko Diq: 25% federal companies plus Balochistan's 15% (funded by the federal government).",
);
/// The state's free-carried share.
pub const STATE_CARRIED: Field = number(
    "ownership.state_carried_pct",
    "State, free-carried",
    "%",
    Section::Ownership,
    Rule::Percent,
    "Equity the state holds without paying: it receives dividends and the other owners pay its share of contributions. Reko Diq: Balochistan's 10%.",
);
/// Domestic private owners' share.
pub const DOMESTIC_OWNERS: Field = number(
    "ownership.domestic_pct",
    "Domestic private owners",
    "%",
    Section::Ownership,
    Rule::Percent,
    "Equity held by private owners in the country.",
);
/// Foreign owners' share.
pub const FOREIGN_OWNERS: Field = number(
    "ownership.foreign_pct",
    "Foreign owners",
    "%",
    Section::Ownership,
    Rule::Percent,
    "Equity held abroad: its share of profit is income paid abroad (Reko Diq: Barrick 50%). The four shares add up to 100%.",
);
/// The province's share of the state's dividends.
pub const PROVINCE_DIVIDENDS: Field = number(
    "ownership.province_dividends_pct",
    "Province's share of state dividends",
    "% of the state's",
    Section::Ownership,
    Rule::Percent,
    "Of the dividends on the state's holding (paid and free-carried), the share the province receives; the rest goes to the federal government and its companies. Reko Diq: Balochistan holds 25 of the state's 50 points (50).",
);
/// The province's share of the state's contributions.
pub const PROVINCE_CONTRIBUTIONS: Field = number(
    "ownership.province_contributions_pct",
    "Province's share of state contributions",
    "% of the state's",
    Section::Ownership,
    Rule::Percent,
    "Of the state's equity contributions, the share the province pays. Reko Diq: 0, the federal government funds Balochistan's 15% paid share.",
);
/// Debt share of capex.
pub const DEBT: Field = number(
    "financing.debt_pct",
    "Debt",
    "% of capex",
    Section::Financing,
    Rule::Percent,
    "Share of capex borrowed, drawn as capex is spent: project finance is often 40-60% (about USD 3 bn for Reko Diq's phase 1, reported).",
);
/// Interest rate.
pub const INTEREST: Field = number(
    "financing.interest_pct",
    "Interest rate",
    "%/year",
    Section::Financing,
    Rule::Percent,
    "Interest per year on the outstanding balance: development-bank dollar loans about 6-9%.",
);
/// Loan tenor.
pub const TENOR: Field = number(
    "financing.tenor_years",
    "Tenor",
    "years",
    Section::Financing,
    Rule::WholeYears,
    "Years from the first drawdown to the last repayment: 12-15 for mine project finance.",
);
/// Grace period.
pub const GRACE: Field = number(
    "financing.grace_years",
    "Grace period",
    "years",
    Section::Financing,
    Rule::WholeYears,
    "Years from the first drawdown with interest only; repayment starts after it (and after the last drawdown) in equal instalments.",
);
/// Share lent from abroad.
pub const FOREIGN_LENDERS: Field = number(
    "financing.foreign_pct",
    "Lent from abroad",
    "%",
    Section::Financing,
    Rule::Percent,
    "Share of the debt lent from abroad: its interest and repayments leave the country, its drawdowns come in.",
);

/// Every entry of this catalogue: the regime's rates, its royalty base and sliding bands, the
/// owners' shares and the loan's terms.
pub fn every_field() -> impl Iterator<Item = &'static Field> {
    FiscalField::ALL
        .iter()
        .map(|f| f.field())
        .chain([
            &ROYALTY_BASE,
            &SLIDING_ROYALTY,
            &BAND_FROM_PRICE,
            &BAND_RATE,
        ])
        .chain(OwnerField::ALL.iter().map(|f| f.field()))
        .chain(LoanField::ALL.iter().map(|f| f.field()))
}

impl FiscalField {
    /// Every field, in the order the window shows them.
    pub const ALL: [Self; 12] = [
        Self::IncomeTaxPct,
        Self::HolidayYears,
        Self::HolidayRatePct,
        Self::TaxDepreciationYears,
        Self::LossCarryForwardYears,
        Self::LossOffsetCapPct,
        Self::MinimumTaxPct,
        Self::DividendWithholdingPct,
        Self::InterestWithholdingPct,
        Self::ProvinceRoyaltyPct,
        Self::ProvinceTaxPct,
        Self::ProvinceOtherTaxesPct,
    ];

    /// Its catalogue entry.
    pub const fn field(self) -> &'static Field {
        match self {
            Self::IncomeTaxPct => &INCOME_TAX,
            Self::HolidayYears => &HOLIDAY_YEARS,
            Self::HolidayRatePct => &HOLIDAY_RATE,
            Self::TaxDepreciationYears => &TAX_DEPRECIATION,
            Self::LossCarryForwardYears => &LOSS_CARRY,
            Self::LossOffsetCapPct => &LOSS_CAP,
            Self::MinimumTaxPct => &MINIMUM_TAX,
            Self::DividendWithholdingPct => &DIVIDEND_WHT,
            Self::InterestWithholdingPct => &INTEREST_WHT,
            Self::ProvinceRoyaltyPct => &PROVINCE_ROYALTY,
            Self::ProvinceTaxPct => &PROVINCE_TAX,
            Self::ProvinceOtherTaxesPct => &PROVINCE_OTHER_TAXES,
        }
    }

    /// The field's value in `regime` (whole years as numbers).
    pub fn get(self, regime: &FiscalRegime) -> f64 {
        match self {
            Self::IncomeTaxPct => regime.income_tax_pct,
            Self::HolidayYears => f64::from(regime.holiday_years),
            Self::HolidayRatePct => regime.holiday_rate_pct,
            Self::TaxDepreciationYears => f64::from(regime.tax_depreciation_years),
            Self::LossCarryForwardYears => f64::from(regime.loss_carry_forward_years),
            Self::LossOffsetCapPct => regime.loss_offset_cap_pct,
            Self::MinimumTaxPct => regime.minimum_tax_pct,
            Self::DividendWithholdingPct => regime.dividend_withholding_pct,
            Self::InterestWithholdingPct => regime.interest_withholding_pct,
            Self::ProvinceRoyaltyPct => regime.province_royalty_pct,
            Self::ProvinceTaxPct => regime.province_tax_pct,
            Self::ProvinceOtherTaxesPct => regime.province_other_taxes_pct,
        }
    }

    /// Sets the field in `regime` (whole years rounded, saturating).
    pub fn set(self, regime: &mut FiscalRegime, value: f64) {
        let whole = value.round().clamp(0.0, f64::from(u32::MAX)) as u32;
        match self {
            Self::IncomeTaxPct => regime.income_tax_pct = value,
            Self::HolidayYears => regime.holiday_years = whole,
            Self::HolidayRatePct => regime.holiday_rate_pct = value,
            Self::TaxDepreciationYears => regime.tax_depreciation_years = whole,
            Self::LossCarryForwardYears => regime.loss_carry_forward_years = whole,
            Self::LossOffsetCapPct => regime.loss_offset_cap_pct = value,
            Self::MinimumTaxPct => regime.minimum_tax_pct = value,
            Self::DividendWithholdingPct => regime.dividend_withholding_pct = value,
            Self::InterestWithholdingPct => regime.interest_withholding_pct = value,
            Self::ProvinceRoyaltyPct => regime.province_royalty_pct = value,
            Self::ProvinceTaxPct => regime.province_tax_pct = value,
            Self::ProvinceOtherTaxesPct => regime.province_other_taxes_pct = value,
        }
    }
}

impl OwnerField {
    /// Every field, in the order the window shows them.
    pub const ALL: [Self; 6] = [
        Self::StatePaidPct,
        Self::StateCarriedPct,
        Self::DomesticPct,
        Self::ForeignPct,
        Self::ProvinceDividendsPct,
        Self::ProvinceContributionsPct,
    ];

    /// Its catalogue entry.
    pub const fn field(self) -> &'static Field {
        match self {
            Self::StatePaidPct => &STATE_PAID,
            Self::StateCarriedPct => &STATE_CARRIED,
            Self::DomesticPct => &DOMESTIC_OWNERS,
            Self::ForeignPct => &FOREIGN_OWNERS,
            Self::ProvinceDividendsPct => &PROVINCE_DIVIDENDS,
            Self::ProvinceContributionsPct => &PROVINCE_CONTRIBUTIONS,
        }
    }

    /// The share in `owners`.
    pub fn get(self, owners: &Ownership) -> f64 {
        match self {
            Self::StatePaidPct => owners.state_paid_pct,
            Self::StateCarriedPct => owners.state_carried_pct,
            Self::DomesticPct => owners.domestic_pct,
            Self::ForeignPct => owners.foreign_pct,
            Self::ProvinceDividendsPct => owners.province_dividends_pct,
            Self::ProvinceContributionsPct => owners.province_contributions_pct,
        }
    }

    /// Sets the share in `owners`.
    pub fn set(self, owners: &mut Ownership, value: f64) {
        match self {
            Self::StatePaidPct => owners.state_paid_pct = value,
            Self::StateCarriedPct => owners.state_carried_pct = value,
            Self::DomesticPct => owners.domestic_pct = value,
            Self::ForeignPct => owners.foreign_pct = value,
            Self::ProvinceDividendsPct => owners.province_dividends_pct = value,
            Self::ProvinceContributionsPct => owners.province_contributions_pct = value,
        }
    }
}

impl LoanField {
    /// Every field, in the order the window shows them.
    pub const ALL: [Self; 5] = [
        Self::DebtPct,
        Self::InterestPct,
        Self::TenorYears,
        Self::GraceYears,
        Self::ForeignPct,
    ];

    /// Its catalogue entry.
    pub const fn field(self) -> &'static Field {
        match self {
            Self::DebtPct => &DEBT,
            Self::InterestPct => &INTEREST,
            Self::TenorYears => &TENOR,
            Self::GraceYears => &GRACE,
            Self::ForeignPct => &FOREIGN_LENDERS,
        }
    }

    /// The field's value in `loan`.
    pub fn get(self, loan: &Financing) -> f64 {
        match self {
            Self::DebtPct => loan.debt_pct,
            Self::InterestPct => loan.interest_pct,
            Self::TenorYears => f64::from(loan.tenor_years),
            Self::GraceYears => f64::from(loan.grace_years),
            Self::ForeignPct => loan.foreign_pct,
        }
    }

    /// Sets the field in `loan` (whole years rounded, saturating).
    pub fn set(self, loan: &mut Financing, value: f64) {
        let whole = value.round().clamp(0.0, f64::from(u32::MAX)) as u32;
        match self {
            Self::DebtPct => loan.debt_pct = value,
            Self::InterestPct => loan.interest_pct = value,
            Self::TenorYears => loan.tenor_years = whole,
            Self::GraceYears => loan.grace_years = whole,
            Self::ForeignPct => loan.foreign_pct = value,
        }
    }
}
