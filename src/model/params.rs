//! What names one number of a project, and the records that store values against it.
//!
//! A [`Param`] addresses a numeric field by its catalogue key ([`StageField`], [`LinkField`],
//! [`EconomyField`], [`PolicyField`]) and, for stages and links, by stage id, so it survives
//! edits elsewhere in the project. [`Scenario`], [`Lever`] and [`Uncertainty`] are the plain
//! records the project file stores against parameters. Reading and writing a parameter on a
//! project, and applying a scenario, live in [`crate::model::scenario`]; keeping the records
//! here lets [`crate::model::Project`] hold them without an import circle.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::chain::StageId;

/// A numeric field of a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum StageField {
    /// Units of product per year at full utilisation.
    CapacityPerYear,
    /// Units of feed per unit of product.
    InputPerUnit,
    /// Price per unit of product.
    PricePerUnit,
    /// Wage bill per year at full capacity.
    WagesPerYear,
    /// Jobs at full capacity.
    Jobs,
    /// Royalty, percent of output value.
    RoyaltyPct,
    /// Other taxes per unit of product.
    OtherTaxesPerUnit,
    /// Subsidies per year of operation.
    SubsidiesPerYear,
    /// Total investment.
    Capex,
    /// Imported share of the investment, percent.
    CapexImportedPct,
    /// Construction years before first production (whole years).
    ConstructionYears,
    /// Economic life in years (whole years).
    EconomicLifeYears,
    /// First production year (a whole year).
    FirstProductionYear,
    /// Ramp-up years (whole years).
    RampUpYears,
    /// Energy per unit of product, megawatt-hours.
    EnergyMwhPerUnit,
    /// CO2 per unit of product, t.
    Co2TPerUnit,
    /// Water per unit of product, m3.
    WaterM3PerUnit,
    /// Export tax, percent of export value.
    ExportTaxPct,
    /// Export tax per unit of product exported.
    ExportTaxPerUnit,
    /// Export ban (1 = on, 0 = off).
    ExportBan,
    /// Energy tariff per megawatt-hour used.
    EnergyTariffPerMwh,
    /// Price of by-product number `n` (position in `Stage::by_products`).
    ByProductPrice(usize),
    /// Cost per unit of product of purchased input number `n`.
    PurchasedInputCost(usize),
    /// A figure of the stage's pricing rule or of its grade and recovery.
    Pricing(PricingField),
    /// A figure of the stage's own fiscal regime.
    Fiscal(FiscalField),
    /// A share of the stage's owners.
    Owner(OwnerField),
    /// A figure of the stage's loan.
    Loan(LoanField),
}

/// A numeric field of a fiscal regime ([`crate::model::fiscal::FiscalRegime`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FiscalField {
    /// Corporate income tax rate, percent.
    IncomeTaxPct,
    /// Years of tax holiday.
    HolidayYears,
    /// Rate during the holiday, percent.
    HolidayRatePct,
    /// Years of straight-line tax depreciation.
    TaxDepreciationYears,
    /// Years a loss may be carried forward.
    LossCarryForwardYears,
    /// Share of taxable profit carried losses may offset, percent.
    LossOffsetCapPct,
    /// Minimum tax on turnover, percent.
    MinimumTaxPct,
    /// Withholding tax on dividends abroad, percent.
    DividendWithholdingPct,
    /// Withholding tax on interest abroad, percent.
    InterestWithholdingPct,
    /// Share of royalties to the province, percent.
    ProvinceRoyaltyPct,
    /// Share of income, minimum and withholding taxes to the province, percent.
    ProvinceTaxPct,
    /// Share of other taxes less subsidies to the province, percent.
    ProvinceOtherTaxesPct,
}

/// A share of a stage's owners ([`crate::model::fiscal::Ownership`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum OwnerField {
    /// The state, paid.
    StatePaidPct,
    /// The state, free-carried.
    StateCarriedPct,
    /// Domestic private owners.
    DomesticPct,
    /// Foreign owners.
    ForeignPct,
    /// The province's share of the state's dividends, percent.
    ProvinceDividendsPct,
    /// The province's share of the state's contributions, percent.
    ProvinceContributionsPct,
}

/// A numeric field of a stage's loan ([`crate::model::fiscal::Financing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LoanField {
    /// Debt share of capex, percent.
    DebtPct,
    /// Interest rate, percent a year.
    InterestPct,
    /// Tenor, years.
    TenorYears,
    /// Grace period, years.
    GraceYears,
    /// Share lent from abroad, percent.
    ForeignPct,
}

/// A numeric field of a stage's pricing rule or of its grade and recovery
/// ([`crate::model::pricing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PricingField {
    /// A concentrate's metal grade, percent.
    GradePct,
    /// A concentrate's payable share, percent.
    PayablePct,
    /// A concentrate's minimum deduction, units.
    MinDeductionPct,
    /// A concentrate's treatment charge per dry tonne.
    TreatmentCharge,
    /// A concentrate's refining charge per unit of payable metal.
    RefiningCharge,
    /// A concentrate's penalties per dry tonne.
    Penalties,
    /// A concentrate's moisture, percent.
    MoisturePct,
    /// A concentrate's freight per wet tonne.
    FreightPerWmt,
    /// Refined metal's premium, or a fabricated product's conversion premium, per unit.
    Premium,
    /// A fabricated product's metal per unit.
    MetalPerUnit,
    /// Content of payable by-metal number `n`, g/dmt.
    ByMetalContent(usize),
    /// Payable share of by-metal number `n`, percent.
    ByMetalPayablePct(usize),
    /// Refining charge of by-metal number `n`, per unit.
    ByMetalRefiningCharge(usize),
    /// The feed's grade, percent.
    FeedGradePct,
    /// Recovery, percent.
    RecoveryPct,
    /// The product's grade, percent.
    ProductGradePct,
}

/// A numeric field of a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LinkField {
    /// Share of the upstream output sent along the link, percent.
    SharePct,
    /// Transport cost per unit moved.
    TransportCostPerUnit,
}

/// A numeric setting of the economy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EconomyField {
    /// GDP in the base year.
    GdpBaseYear,
    /// Real GDP growth, percent per year.
    GdpGrowthPct,
    /// Discount rate, percent per year.
    DiscountRatePct,
    /// Domestic VA content of domestically supplied inputs, percent.
    DomesticVaContentPct,
    /// Construction jobs per million of domestic capex a year.
    ConstructionJobsPerMillion,
    /// Shadow exchange rate factor (social over official value of foreign exchange).
    ShadowExchangeRateFactor,
    /// Shadow wage factor (social cost of labour over the wage paid).
    ShadowWageFactor,
}

/// A project-wide policy setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PolicyField {
    /// Carbon price per tonne of CO2.
    CarbonPricePerTCo2,
    /// 1 = the carbon price is a border adjustment abroad, 0 = a domestic tax.
    CarbonBorderAdjustment,
}

/// One number of a project, addressed so that it survives edits elsewhere in the project.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Param {
    /// A field of the stage with this id.
    Stage(StageId, StageField),
    /// A field of the link between these two stages.
    Link(StageId, StageId, LinkField),
    /// An economy setting.
    Economy(EconomyField),
    /// A policy setting.
    Policy(PolicyField),
    /// The price level of the deck commodity with this name: its path moves in proportion.
    Deck(String),
    /// A field of the project's fiscal regime (the default regime when it has none).
    Fiscal(FiscalField),
}

/// How a parameter's values behave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// Any real number in its range: can be moved by a percentage.
    Continuous,
    /// A whole number (years): rounded when set.
    Whole,
    /// On (1) or off (0).
    Switch,
}

/// Why a parameter could not be read or set.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    /// The stage, link, by-product or input it names is not in the project.
    #[error("{0} does not exist in this project")]
    Missing(String),
    /// The value is not a finite number.
    #[error("{0} must be a number")]
    NotFinite(String),
}

impl Param {
    /// A stage field.
    pub fn stage(id: &str, field: StageField) -> Self {
        Self::Stage(StageId::from(id), field)
    }

    /// A link field.
    pub fn link(from: &str, to: &str, field: LinkField) -> Self {
        Self::Link(StageId::from(from), StageId::from(to), field)
    }

    /// The stage it belongs to, if any (a link belongs to neither end).
    pub fn stage_id(&self) -> Option<&StageId> {
        match self {
            Self::Stage(id, _) => Some(id),
            _ => None,
        }
    }
}

/// A stable, readable key: `stage smelter capacity`, used in messages and CSV output.
impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Stage(id, field) => write!(f, "stage '{id}' {field:?}"),
            Self::Link(from, to, field) => write!(f, "link '{from}' to '{to}' {field:?}"),
            Self::Economy(field) => write!(f, "economy {field:?}"),
            Self::Policy(field) => write!(f, "policy {field:?}"),
            Self::Deck(commodity) => write!(f, "deck '{commodity}' price"),
            Self::Fiscal(field) => write!(f, "fiscal {field:?}"),
        }
    }
}

/// A named variation on the base project. It stores only differences, so every base value it
/// does not override shows through.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Name shown in the selector; unique in the project.
    pub name: String,
    /// What the scenario asks.
    #[serde(default)]
    pub description: String,
    /// Values that replace the base's. Saved as a list of `(parameter, value)` pairs (JSON has
    /// no map with structured keys), in the map's order, so saves are stable.
    #[serde(default, with = "entries")]
    pub overrides: BTreeMap<Param, f64>,
    /// Stages switched on (`true`) or off (`false`) relative to the base.
    #[serde(default)]
    pub stages: BTreeMap<StageId, bool>,
}

/// Serialises a map with structured keys as a list of pairs.
mod entries {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::params::Param;

    pub fn serialize<S: Serializer>(
        map: &BTreeMap<Param, f64>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let pairs: Vec<(&Param, &f64)> = map.iter().collect();
        pairs.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<Param, f64>, D::Error> {
        let pairs = Vec::<(Param, f64)>::deserialize(deserializer)?;
        Ok(pairs.into_iter().collect())
    }
}

impl Scenario {
    /// An empty scenario: identical to the base until something is overridden.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            ..Self::default()
        }
    }
}

/// One way a scenario differs from the base.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// What differs, for people.
    pub label: String,
    /// Unit of the two values.
    pub unit: String,
    /// The parameter, or `None` for a stage switch.
    pub param: Option<Param>,
    /// Value in the base (1/0 for a switch).
    pub base: f64,
    /// Value in the scenario.
    pub scenario: f64,
}

/// A parameter the planner moves with a slider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lever {
    /// What the slider moves.
    pub param: Param,
    /// Lowest slider value, in the parameter's unit.
    pub min: f64,
    /// Highest slider value.
    pub max: f64,
    /// Slider step, when values should snap (e.g. 1 for years).
    #[serde(default)]
    pub step: Option<f64>,
}

/// A probability distribution, in the parameter's own unit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Distribution {
    /// Every value between `min` and `max` equally likely.
    Uniform {
        /// Lowest value.
        min: f64,
        /// Highest value.
        max: f64,
    },
    /// Most likely at `mode`, falling linearly to zero at `min` and `max`.
    Triangular {
        /// Lowest value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Highest value.
        max: f64,
    },
    /// The bell curve.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        std_dev: f64,
    },
    /// Log-normal: the logarithm is normal. Suits prices, which cannot fall below zero and
    /// rise further than they fall. `sigma` 0.2 means roughly +/-20% for one standard deviation.
    LogNormal {
        /// Median value (the exponential of the log's mean).
        median: f64,
        /// Standard deviation of the natural logarithm.
        sigma: f64,
    },
}

impl Distribution {
    /// Median of the distribution, for a quick sanity view.
    pub fn median(&self) -> f64 {
        match *self {
            Self::Uniform { min, max } => 0.5 * (min + max),
            Self::Triangular { min, mode, max } => {
                if mode >= 0.5 * (min + max) {
                    min + ((max - min) * (mode - min) / 2.0).sqrt()
                } else {
                    max - ((max - min) * (max - mode) / 2.0).sqrt()
                }
            }
            Self::Normal { mean, .. } => mean,
            Self::LogNormal { median, .. } => median,
        }
    }

    /// Why the distribution cannot be sampled, if it cannot.
    pub fn problem(&self) -> Option<&'static str> {
        let finite = |values: &[f64]| values.iter().all(|v| v.is_finite());
        match *self {
            Self::Uniform { min, max } => {
                (!finite(&[min, max]) || min > max).then_some("needs min <= max")
            }
            Self::Triangular { min, mode, max } => {
                (!(finite(&[min, mode, max]) && min <= mode && mode <= max))
                    .then_some("needs min <= mode <= max")
            }
            Self::Normal { mean, std_dev } => (!finite(&[mean, std_dev]) || std_dev < 0.0)
                .then_some("needs a standard deviation of 0 or more"),
            Self::LogNormal { median, sigma } => {
                (!finite(&[median, sigma]) || median <= 0.0 || sigma < 0.0)
                    .then_some("needs a median above 0 and a sigma of 0 or more")
            }
        }
    }
}

/// A parameter whose value is uncertain, for Monte Carlo runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Uncertainty {
    /// The parameter drawn.
    pub param: Param,
    /// Its distribution.
    pub distribution: Distribution,
}
