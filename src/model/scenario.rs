//! Scenarios, levers and uncertainties: named variations on the base project.
//!
//! A [`Param`] addresses one number of a project (a stage field, a link's share, an economy or
//! policy setting). A [`Scenario`] stores only the parameters it overrides and the stages it
//! switches on or off, so a change to the base flows into every scenario that does not
//! override it. [`Lever`]s give a parameter a slider range; [`Uncertainty`]s give it a
//! probability distribution for Monte Carlo runs. Applying a scenario is a clone of the base
//! plus the overrides: cheap enough to redo on every frame of a slider drag.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{CarbonPricing, FORMAT_VERSION, Project, StageId};

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

impl StageField {
    /// Every field that does not depend on the stage's lists (by-products, inputs).
    pub const SCALARS: [Self; 21] = [
        Self::CapacityPerYear,
        Self::InputPerUnit,
        Self::PricePerUnit,
        Self::WagesPerYear,
        Self::Jobs,
        Self::RoyaltyPct,
        Self::OtherTaxesPerUnit,
        Self::SubsidiesPerYear,
        Self::Capex,
        Self::CapexImportedPct,
        Self::ConstructionYears,
        Self::EconomicLifeYears,
        Self::FirstProductionYear,
        Self::RampUpYears,
        Self::EnergyMwhPerUnit,
        Self::Co2TPerUnit,
        Self::WaterM3PerUnit,
        Self::ExportTaxPct,
        Self::ExportTaxPerUnit,
        Self::ExportBan,
        Self::EnergyTariffPerMwh,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::CapacityPerYear => "capacity",
            Self::InputPerUnit => "feed per unit",
            Self::PricePerUnit => "price",
            Self::WagesPerYear => "wages at full capacity",
            Self::Jobs => "jobs at full capacity",
            Self::RoyaltyPct => "royalty",
            Self::OtherTaxesPerUnit => "other taxes",
            Self::SubsidiesPerYear => "subsidies",
            Self::Capex => "capex",
            Self::CapexImportedPct => "imported share of capex",
            Self::ConstructionYears => "construction",
            Self::EconomicLifeYears => "economic life",
            Self::FirstProductionYear => "first production year",
            Self::RampUpYears => "ramp-up",
            Self::EnergyMwhPerUnit => "energy use",
            Self::Co2TPerUnit => "CO2 emissions",
            Self::WaterM3PerUnit => "water use",
            Self::ExportTaxPct => "export tax",
            Self::ExportTaxPerUnit => "export tax per unit",
            Self::ExportBan => "export ban",
            Self::EnergyTariffPerMwh => "energy tariff",
            Self::ByProductPrice(_) => "by-product price",
            Self::PurchasedInputCost(_) => "input cost",
        }
    }

    fn kind(self) -> ParamKind {
        match self {
            Self::ConstructionYears
            | Self::EconomicLifeYears
            | Self::FirstProductionYear
            | Self::RampUpYears => ParamKind::Whole,
            Self::ExportBan => ParamKind::Switch,
            _ => ParamKind::Continuous,
        }
    }

    fn is_pct(self) -> bool {
        matches!(
            self,
            Self::RoyaltyPct | Self::CapexImportedPct | Self::ExportTaxPct
        )
    }
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

    /// How its values behave.
    pub fn kind(&self) -> ParamKind {
        match self {
            Self::Stage(_, field) => field.kind(),
            Self::Policy(PolicyField::CarbonBorderAdjustment) => ParamKind::Switch,
            Self::Link(..) | Self::Economy(_) | Self::Policy(_) => ParamKind::Continuous,
        }
    }

    /// The stage it belongs to, if any (a link belongs to neither end).
    pub fn stage_id(&self) -> Option<&StageId> {
        match self {
            Self::Stage(id, _) => Some(id),
            _ => None,
        }
    }

    /// Lowest and highest value the model accepts, so random draws and slider ranges can be
    /// clamped to something that computes.
    pub fn bounds(&self) -> (f64, f64) {
        match self {
            Self::Stage(_, field) if field.is_pct() => (0.0, 100.0),
            Self::Stage(_, StageField::ExportBan)
            | Self::Policy(PolicyField::CarbonBorderAdjustment) => (0.0, 1.0),
            Self::Stage(_, StageField::FirstProductionYear) => (-9999.0, 9999.0),
            Self::Stage(_, StageField::EconomicLifeYears) => (1.0, 200.0),
            Self::Stage(_, StageField::ConstructionYears | StageField::RampUpYears) => (0.0, 200.0),
            Self::Link(_, _, LinkField::SharePct)
            | Self::Economy(EconomyField::DomesticVaContentPct) => (0.0, 100.0),
            Self::Economy(EconomyField::GdpGrowthPct | EconomyField::DiscountRatePct) => {
                (-99.0, f64::INFINITY)
            }
            _ => (0.0, f64::INFINITY),
        }
    }

    /// The value in `project`, or why there is none.
    pub fn get(&self, project: &Project) -> Result<f64, ParamError> {
        let missing = || ParamError::Missing(self.to_string());
        Ok(match self {
            Self::Stage(id, field) => {
                let stage = project.stage(id).ok_or_else(missing)?;
                match *field {
                    StageField::CapacityPerYear => stage.capacity_per_year,
                    StageField::InputPerUnit => stage.input_per_unit,
                    StageField::PricePerUnit => stage.price_per_unit,
                    StageField::WagesPerYear => stage.wages_per_year,
                    StageField::Jobs => stage.jobs,
                    StageField::RoyaltyPct => stage.royalty_pct,
                    StageField::OtherTaxesPerUnit => stage.other_taxes_per_unit,
                    StageField::SubsidiesPerYear => stage.subsidies_per_year,
                    StageField::Capex => stage.capex,
                    StageField::CapexImportedPct => stage.capex_imported_pct,
                    StageField::ConstructionYears => f64::from(stage.construction_years),
                    StageField::EconomicLifeYears => f64::from(stage.economic_life_years),
                    StageField::FirstProductionYear => f64::from(stage.first_production_year),
                    StageField::RampUpYears => f64::from(stage.ramp_up_years),
                    StageField::EnergyMwhPerUnit => stage.energy_mwh_per_unit,
                    StageField::Co2TPerUnit => stage.co2_t_per_unit,
                    StageField::WaterM3PerUnit => stage.water_m3_per_unit,
                    StageField::ExportTaxPct => stage.export_tax_pct,
                    StageField::ExportTaxPerUnit => stage.export_tax_per_unit,
                    StageField::ExportBan => f64::from(u8::from(stage.export_ban)),
                    StageField::EnergyTariffPerMwh => stage.energy_tariff_per_mwh,
                    StageField::ByProductPrice(n) => {
                        stage.by_products.get(n).ok_or_else(missing)?.price
                    }
                    StageField::PurchasedInputCost(n) => {
                        stage
                            .purchased_inputs
                            .get(n)
                            .ok_or_else(missing)?
                            .cost_per_unit
                    }
                }
            }
            Self::Link(from, to, field) => {
                let index = project.link_index(from, to).ok_or_else(missing)?;
                let link = &project.links[index];
                match field {
                    LinkField::SharePct => link.share_pct,
                    LinkField::TransportCostPerUnit => link.transport_cost_per_unit,
                }
            }
            Self::Economy(field) => {
                let economy = &project.economy;
                match field {
                    EconomyField::GdpBaseYear => economy.gdp_base_year,
                    EconomyField::GdpGrowthPct => economy.gdp_growth_pct,
                    EconomyField::DiscountRatePct => economy.discount_rate_pct,
                    EconomyField::DomesticVaContentPct => economy.domestic_va_content_pct,
                }
            }
            Self::Policy(field) => match field {
                PolicyField::CarbonPricePerTCo2 => project.policy.carbon_price_per_t_co2,
                PolicyField::CarbonBorderAdjustment => f64::from(u8::from(
                    project.policy.carbon_pricing == CarbonPricing::BorderAdjustment,
                )),
            },
        })
    }

    /// Sets the value in `project`. Whole-number fields are rounded, switches are on for any
    /// value from 0.5 up. Range checks are left to validation, which names the field.
    pub fn set(&self, project: &mut Project, value: f64) -> Result<(), ParamError> {
        if !value.is_finite() {
            return Err(ParamError::NotFinite(self.to_string()));
        }
        let missing = || ParamError::Missing(self.to_string());
        let whole = value.round();
        let whole_u32 = whole.clamp(0.0, f64::from(u32::MAX)) as u32;
        let switch = value >= 0.5;
        match self {
            Self::Stage(id, field) => {
                let index = project.stage_index(id).ok_or_else(missing)?;
                let stage = &mut project.stages[index];
                match *field {
                    StageField::CapacityPerYear => stage.capacity_per_year = value,
                    StageField::InputPerUnit => stage.input_per_unit = value,
                    StageField::PricePerUnit => stage.price_per_unit = value,
                    StageField::WagesPerYear => stage.wages_per_year = value,
                    StageField::Jobs => stage.jobs = value,
                    StageField::RoyaltyPct => stage.royalty_pct = value,
                    StageField::OtherTaxesPerUnit => stage.other_taxes_per_unit = value,
                    StageField::SubsidiesPerYear => stage.subsidies_per_year = value,
                    StageField::Capex => stage.capex = value,
                    StageField::CapexImportedPct => stage.capex_imported_pct = value,
                    StageField::ConstructionYears => stage.construction_years = whole_u32,
                    StageField::EconomicLifeYears => stage.economic_life_years = whole_u32,
                    StageField::FirstProductionYear => {
                        stage.first_production_year =
                            whole.clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32;
                    }
                    StageField::RampUpYears => stage.ramp_up_years = whole_u32,
                    StageField::EnergyMwhPerUnit => stage.energy_mwh_per_unit = value,
                    StageField::Co2TPerUnit => stage.co2_t_per_unit = value,
                    StageField::WaterM3PerUnit => stage.water_m3_per_unit = value,
                    StageField::ExportTaxPct => stage.export_tax_pct = value,
                    StageField::ExportTaxPerUnit => stage.export_tax_per_unit = value,
                    StageField::ExportBan => stage.export_ban = switch,
                    StageField::EnergyTariffPerMwh => stage.energy_tariff_per_mwh = value,
                    StageField::ByProductPrice(n) => {
                        stage.by_products.get_mut(n).ok_or_else(missing)?.price = value;
                    }
                    StageField::PurchasedInputCost(n) => {
                        stage
                            .purchased_inputs
                            .get_mut(n)
                            .ok_or_else(missing)?
                            .cost_per_unit = value;
                    }
                }
            }
            Self::Link(from, to, field) => {
                let index = project.link_index(from, to).ok_or_else(missing)?;
                let link = &mut project.links[index];
                match field {
                    LinkField::SharePct => link.share_pct = value,
                    LinkField::TransportCostPerUnit => link.transport_cost_per_unit = value,
                }
            }
            Self::Economy(field) => {
                let economy = &mut project.economy;
                match field {
                    EconomyField::GdpBaseYear => economy.gdp_base_year = value,
                    EconomyField::GdpGrowthPct => economy.gdp_growth_pct = value,
                    EconomyField::DiscountRatePct => economy.discount_rate_pct = value,
                    EconomyField::DomesticVaContentPct => economy.domestic_va_content_pct = value,
                }
            }
            Self::Policy(field) => match field {
                PolicyField::CarbonPricePerTCo2 => project.policy.carbon_price_per_t_co2 = value,
                PolicyField::CarbonBorderAdjustment => {
                    project.policy.carbon_pricing = if switch {
                        CarbonPricing::BorderAdjustment
                    } else {
                        CarbonPricing::DomesticTax
                    };
                }
            },
        }
        Ok(())
    }

    /// A label for people, using the stage's name: "Smelter: price".
    pub fn label(&self, project: &Project) -> String {
        let stage_name = |id: &StageId| {
            project
                .stage(id)
                .map_or_else(|| id.0.clone(), |stage| stage.name.clone())
        };
        match self {
            Self::Stage(id, field) => {
                let item = project.stage(id).and_then(|stage| match *field {
                    StageField::ByProductPrice(n) => stage.by_products.get(n).map(|b| &b.name),
                    StageField::PurchasedInputCost(n) => {
                        stage.purchased_inputs.get(n).map(|i| &i.name)
                    }
                    _ => None,
                });
                match item {
                    Some(item) => format!("{}: {} price", stage_name(id), item.to_lowercase()),
                    None => format!("{}: {}", stage_name(id), field.name()),
                }
            }
            Self::Link(from, to, field) => format!(
                "Link {} to {}: {}",
                stage_name(from),
                stage_name(to),
                match field {
                    LinkField::SharePct => "share",
                    LinkField::TransportCostPerUnit => "transport cost",
                }
            ),
            Self::Economy(field) => match field {
                EconomyField::GdpBaseYear => "GDP in the base year",
                EconomyField::GdpGrowthPct => "GDP growth",
                EconomyField::DiscountRatePct => "Discount rate",
                EconomyField::DomesticVaContentPct => "Domestic VA content of inputs",
            }
            .to_owned(),
            Self::Policy(field) => match field {
                PolicyField::CarbonPricePerTCo2 => "Carbon price",
                PolicyField::CarbonBorderAdjustment => "Carbon price as border adjustment",
            }
            .to_owned(),
        }
    }

    /// The unit of its values, for display ("USD/t", "%", "years").
    pub fn unit(&self, project: &Project) -> String {
        let money = &project.currency.code;
        match self {
            Self::Stage(id, field) => {
                let stage = project.stage(id);
                let unit = stage.map_or("unit", |stage| stage.unit.as_str());
                match *field {
                    StageField::CapacityPerYear => format!("{unit}/yr"),
                    StageField::InputPerUnit => format!("feed per {unit}"),
                    StageField::PricePerUnit
                    | StageField::OtherTaxesPerUnit
                    | StageField::ExportTaxPerUnit
                    | StageField::PurchasedInputCost(_) => format!("{money}/{unit}"),
                    StageField::WagesPerYear | StageField::SubsidiesPerYear => {
                        format!("{money}/yr")
                    }
                    StageField::Jobs => "jobs".to_owned(),
                    StageField::RoyaltyPct
                    | StageField::CapexImportedPct
                    | StageField::ExportTaxPct => "%".to_owned(),
                    StageField::Capex => money.clone(),
                    StageField::FirstProductionYear => "year".to_owned(),
                    StageField::ConstructionYears
                    | StageField::EconomicLifeYears
                    | StageField::RampUpYears => "years".to_owned(),
                    StageField::EnergyMwhPerUnit => format!("MWh/{unit}"),
                    StageField::Co2TPerUnit => format!("t CO2/{unit}"),
                    StageField::WaterM3PerUnit => format!("m3/{unit}"),
                    StageField::ExportBan => "on/off".to_owned(),
                    StageField::EnergyTariffPerMwh => format!("{money}/MWh"),
                    StageField::ByProductPrice(n) => {
                        let by_unit = stage
                            .and_then(|stage| stage.by_products.get(n))
                            .map_or("unit", |b| b.unit.as_str());
                        format!("{money}/{by_unit}")
                    }
                }
            }
            Self::Link(from, _, field) => match field {
                LinkField::SharePct => "%".to_owned(),
                LinkField::TransportCostPerUnit => {
                    let unit = project
                        .stage(from)
                        .map_or("unit", |stage| stage.unit.as_str());
                    format!("{money}/{unit}")
                }
            },
            Self::Economy(EconomyField::GdpBaseYear) => money.clone(),
            Self::Economy(EconomyField::GdpGrowthPct | EconomyField::DiscountRatePct) => {
                "%/yr".to_owned()
            }
            Self::Economy(EconomyField::DomesticVaContentPct) => "%".to_owned(),
            Self::Policy(PolicyField::CarbonPricePerTCo2) => format!("{money}/t CO2"),
            Self::Policy(PolicyField::CarbonBorderAdjustment) => "on/off".to_owned(),
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
        }
    }
}

/// Every parameter `project` has, in a fixed order: stages (project order, scalar fields,
/// then by-product prices and input costs), links, economy, policy.
pub fn all_params(project: &Project) -> Vec<Param> {
    let mut params = Vec::new();
    for stage in &project.stages {
        for field in StageField::SCALARS {
            params.push(Param::Stage(stage.id.clone(), field));
        }
        for n in 0..stage.by_products.len() {
            params.push(Param::Stage(
                stage.id.clone(),
                StageField::ByProductPrice(n),
            ));
        }
        for n in 0..stage.purchased_inputs.len() {
            params.push(Param::Stage(
                stage.id.clone(),
                StageField::PurchasedInputCost(n),
            ));
        }
    }
    for link in &project.links {
        for field in [LinkField::SharePct, LinkField::TransportCostPerUnit] {
            params.push(Param::Link(link.from.clone(), link.to.clone(), field));
        }
    }
    for field in [
        EconomyField::GdpBaseYear,
        EconomyField::GdpGrowthPct,
        EconomyField::DiscountRatePct,
        EconomyField::DomesticVaContentPct,
    ] {
        params.push(Param::Economy(field));
    }
    for field in [
        PolicyField::CarbonPricePerTCo2,
        PolicyField::CarbonBorderAdjustment,
    ] {
        params.push(Param::Policy(field));
    }
    params
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

    use super::Param;

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

    /// The base with this scenario's overrides applied. Overrides of things the base no longer
    /// has (a deleted stage, by-product or link) are skipped: see [`Scenario::stale`].
    pub fn apply(&self, base: &Project) -> Project {
        let mut project = base.clone();
        self.apply_in_place(&mut project);
        project
    }

    /// Applies the overrides to `project` (a copy of the base).
    pub fn apply_in_place(&self, project: &mut Project) {
        for (param, &value) in &self.overrides {
            // A stale override is reported by `stale`, not here: the scenario still computes.
            let _ = param.set(project, value);
        }
        for (id, &active) in &self.stages {
            if let Some(index) = project.stage_index(id) {
                project.stages[index].active = active;
            }
        }
    }

    /// Overrides and stage switches that name something the base no longer has.
    pub fn stale(&self, base: &Project) -> Vec<String> {
        let mut stale: Vec<String> = self
            .overrides
            .keys()
            .filter(|param| param.get(base).is_err())
            .map(ToString::to_string)
            .collect();
        stale.extend(
            self.stages
                .keys()
                .filter(|id| base.stage(id).is_none())
                .map(|id| format!("stage '{id}' switch")),
        );
        stale
    }

    /// The scenario that turns `base` into `view` as far as parameters and stage switches go:
    /// every parameter whose value differs, and every stage whose switch differs. Anything
    /// else that differs (names, lists, new stages) is not a scenario's business; compare
    /// `scenario.apply(base)` with `view` to find out whether something was left out.
    pub fn diff(name: &str, base: &Project, view: &Project) -> Self {
        let mut scenario = Self::new(name);
        for param in all_params(view) {
            let (Ok(in_view), Ok(in_base)) = (param.get(view), param.get(base)) else {
                continue;
            };
            if in_view.to_bits() != in_base.to_bits() {
                scenario.overrides.insert(param, in_view);
            }
        }
        for stage in &view.stages {
            if let Some(base_stage) = base.stage(&stage.id)
                && base_stage.active != stage.active
            {
                scenario.stages.insert(stage.id.clone(), stage.active);
            }
        }
        scenario
    }

    /// Parameters this scenario changes, with their base and scenario values, plus stage
    /// switches as 0/1 values of a pseudo-parameter label: what a compare view lists.
    pub fn differences(&self, base: &Project) -> Vec<Difference> {
        let mut list: Vec<Difference> = self
            .overrides
            .iter()
            .filter_map(|(param, &value)| {
                let base_value = param.get(base).ok()?;
                Some(Difference {
                    label: param.label(base),
                    unit: param.unit(base),
                    param: Some(param.clone()),
                    base: base_value,
                    scenario: value,
                })
            })
            .collect();
        for (id, &active) in &self.stages {
            if let Some(stage) = base.stage(id) {
                list.push(Difference {
                    label: format!("{}: switched on", stage.name),
                    unit: "on/off".to_owned(),
                    param: None,
                    base: f64::from(u8::from(stage.active)),
                    scenario: f64::from(u8::from(active)),
                });
            }
        }
        list
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

/// Upgrades a project read from a version 1 file to version 2. Version 2 added the policy
/// section, scenarios, levers, uncertainties and the stage fields `export_tax_pct`,
/// `export_tax_per_unit`, `export_ban`, `energy_tariff_per_mwh` and `active`; all of them
/// default to "no change" (no policy, every stage switched on), so a version 1 project
/// computes exactly as before and only its version number moves.
pub fn upgrade_v1_to_v2(project: &mut Project) {
    if project.version < FORMAT_VERSION {
        project.version = FORMAT_VERSION;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::{Stage, StageKind};

    fn project() -> Project {
        let mut project = Project::empty("Test", 2025);
        let mut mine = Stage::new(StageId::from("mine"), StageKind::Mining, 2025);
        mine.price_per_unit = 10.0;
        mine.capacity_per_year = 100.0;
        project.stages.push(mine);
        project
    }

    #[test]
    fn every_param_reads_back_what_was_set() {
        let mut project = project();
        for (n, param) in all_params(&project.clone()).into_iter().enumerate() {
            let value = match param.kind() {
                ParamKind::Switch => 1.0,
                _ => (n % 50) as f64 + 1.0,
            };
            param
                .set(&mut project, value)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(param.get(&project), Ok(value), "{param}");
        }
    }

    #[test]
    fn overrides_apply_and_a_base_change_flows_through() {
        let mut base = project();
        let price = Param::stage("mine", StageField::PricePerUnit);
        let capacity = Param::stage("mine", StageField::CapacityPerYear);
        let mut scenario = Scenario::new("Dear ore");
        scenario.overrides.insert(price.clone(), 25.0);
        assert_eq!(price.get(&scenario.apply(&base)), Ok(25.0));
        capacity.set(&mut base, 300.0).unwrap_or_default();
        price.set(&mut base, 12.0).unwrap_or_default();
        let view = scenario.apply(&base);
        assert_eq!(
            capacity.get(&view),
            Ok(300.0),
            "a base change flows through"
        );
        assert_eq!(price.get(&view), Ok(25.0), "the override still wins");
    }

    #[test]
    fn diff_finds_exactly_the_changed_parameters_and_switches() {
        let base = project();
        let mut view = base.clone();
        view.stages[0].jobs = 7.0;
        view.stages[0].active = false;
        let scenario = Scenario::diff("s", &base, &view);
        assert_eq!(scenario.overrides.len(), 1);
        assert_eq!(
            scenario
                .overrides
                .get(&Param::stage("mine", StageField::Jobs)),
            Some(&7.0)
        );
        assert_eq!(scenario.stages.get(&StageId::from("mine")), Some(&false));
        assert_eq!(scenario.apply(&base), view);
    }

    #[test]
    fn a_missing_target_is_stale_not_fatal() {
        let base = project();
        let mut scenario = Scenario::new("s");
        scenario
            .overrides
            .insert(Param::stage("gone", StageField::Jobs), 3.0);
        assert_eq!(scenario.apply(&base), base);
        assert_eq!(scenario.stale(&base).len(), 1);
    }
}
