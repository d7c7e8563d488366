//! The catalogue entries of a stage's fields, its by-products' and its purchased inputs', and
//! how each numeric one ([`StageField`]) is read from and written to a [`Stage`].

use crate::model::chain::Stage;
use crate::model::params::StageField;

use super::{Field, Rule, Section, money, number, plain};

/// Name shown on the canvas.
pub const NAME: Field = plain(
    "name",
    "Name",
    "",
    Section::Production,
    Rule::Text,
    "Name shown on the canvas and in reports.",
);
/// What the stage does.
pub const KIND: Field = plain(
    "kind",
    "Kind",
    "",
    Section::Production,
    Rule::Choice,
    "What the stage does: sets its colour and its column when the chain is arranged. It does not change any figure. A chain outside minerals (crops, fish, timber) uses Other for its producers, collectors, traders and processors, or the mineral kind whose place in the chain matches (Mining for producers, Concentration for collectors, Refining for processors).",
);
/// Domestic or abroad.
pub const LOCATION: Field = plain(
    "location",
    "Location",
    "",
    Section::Production,
    Rule::Choice,
    "Domestic stages count in national value added, jobs, taxes and FX. For a stage abroad (e.g. a smelter in China), material sold to it is an export and material bought from it an import; its own figures are shown for reference only.",
);
/// What the stage makes.
pub const PRODUCT: Field = plain(
    "product",
    "Product",
    "",
    Section::Production,
    Rule::Text,
    "What the stage makes, e.g. \"Copper concentrate\" or \"Copper cathode\".",
);
/// Unit of the product.
pub const UNIT: Field = plain(
    "unit",
    "Unit",
    "",
    Section::Production,
    Rule::Text,
    "Unit of the product, e.g. t, kt, oz. Capacity, price and every per-unit figure of this stage are per this unit.",
);
/// Where output no link takes is sold.
pub const UNLINKED_OUTPUT: Field = plain(
    "unlinked_output",
    "Unlinked output",
    "",
    Section::Production,
    Rule::Choice,
    "Where output that no link takes is sold: exported (it earns foreign exchange), sold on the domestic market, or not sold at all (ore nobody outside the chain buys): the stage then makes only what its links take.",
);
/// Whether the stage runs.
pub const ACTIVE: Field = plain(
    "active",
    "Switched on",
    "",
    Section::Production,
    Rule::Switch,
    "Off: the stage makes nothing, invests nothing, and its links carry nothing (stages it fed run without that feed). Scenarios can switch stages on and off.",
);
/// The by-products, a list.
pub const BY_PRODUCTS: Field = plain(
    "by_products",
    "By-products",
    "",
    Section::Prices,
    Rule::List,
    "Co-products sold with the main product, e.g. gold and silver credits in copper concentrate. They add to output value.",
);
/// The purchased inputs, a list.
pub const PURCHASED_INPUTS: Field = plain(
    "purchased_inputs",
    "Purchased inputs",
    "",
    Section::PurchasedInputs,
    Rule::List,
    "Energy, reagents, consumables and services bought per unit of product.",
);
/// A by-product's name.
pub const BY_PRODUCT_NAME: Field = plain(
    "by_products.name",
    "By-product {n}",
    "",
    Section::Prices,
    Rule::Text,
    "Name of the by-product, e.g. \"Payable gold\".",
);
/// A by-product's unit.
pub const BY_PRODUCT_UNIT: Field = plain(
    "by_products.unit",
    "By-product unit",
    "",
    Section::Prices,
    Rule::Text,
    "Unit of the by-product, e.g. oz or kg.",
);
/// A by-product's quantity per unit of the main product.
pub const BY_PRODUCT_QUANTITY: Field = plain(
    "by_products.quantity_per_unit",
    "Quantity per unit",
    "{item_unit}/{unit}",
    Section::Prices,
    Rule::NonNegative,
    "Units of {item} sold per unit of the main product, e.g. 1.5 oz of payable gold per t of copper in concentrate.",
);
/// A by-product's price (a parameter: [`crate::model::params::StageField::ByProductPrice`]).
pub const BY_PRODUCT_PRICE: Field = money(
    "by_products.price",
    "By-product price",
    "{money}/{item_unit}",
    Section::Prices,
    "Price received per unit of {item}, e.g. gold about 2,000-3,000 USD/oz.",
);
/// Where a by-product is sold.
pub const BY_PRODUCT_DESTINATION: Field = plain(
    "by_products.destination",
    "Sold",
    "",
    Section::Prices,
    Rule::Choice,
    "Where {item} is sold: with the product (exported in the share of the product that is exported, sold at home in the rest: gold paid for in a concentrate), exported whatever the product does (gold doré from a smelter), or on the domestic market (acid sold to local users).",
);
/// A purchased input's name.
pub const INPUT_NAME: Field = plain(
    "purchased_inputs.name",
    "Input {n}",
    "",
    Section::PurchasedInputs,
    Rule::Text,
    "What is bought, e.g. \"Electricity\", \"Reagents\", \"Diesel\".",
);
/// A purchased input's cost (a parameter: `StageField::PurchasedInputCost`).
pub const INPUT_COST: Field = money(
    "purchased_inputs.cost_per_unit",
    "Cost per unit",
    "{money}/{unit}",
    Section::PurchasedInputs,
    "Cost of {item} per unit of product. It is intermediate consumption: it lowers the stage's value added.",
);
/// A purchased input's imported share.
pub const INPUT_IMPORTED: Field = plain(
    "purchased_inputs.imported_pct",
    "Imported share",
    "%",
    Section::PurchasedInputs,
    Rule::Percent,
    "Share of {item} that is imported (it counts against net FX). Of the domestic rest, the domestic VA content (θ, Project tab) is indirect value added and the remainder is the suppliers' own imports (indirect imports). Reagents and equipment are often 70-100% imported; grid electricity mostly domestic.",
);

/// Units per year at full utilisation.
pub const CAPACITY: Field = number(
    "capacity_per_year",
    "Capacity",
    "{unit}/year",
    Section::Production,
    Rule::NonNegative,
    "Output per year at full utilisation. A large copper mine moves 40-90 Mt of ore a year; a copper smelter makes 100-400 kt of cathode.",
);
/// Feed per unit of product.
pub const INPUT_PER_UNIT: Field = number(
    "input_per_unit",
    "Input per unit",
    "{feed}/{unit}",
    Section::Production,
    Rule::NonNegative,
    "Units of feed from the linked upstream stage needed per unit of product. Grade and recovery enter here: for a product counted as contained metal it is 1 / (grade × recovery), e.g. ore at 0.5% copper with 90% recovery needs 1 / (0.005 × 0.9) ≈ 222 t of ore per t of copper; for a 25% copper concentrate it is 0.25 / (0.005 × 0.9) ≈ 56 t of ore per t. A smelter needs about 3.6-4.2 t of concentrate per t of copper. Ignored when no link feeds the stage.",
);
/// First year with output.
pub const FIRST_PRODUCTION_YEAR: Field = number(
    "first_production_year",
    "First production year",
    "year",
    Section::Production,
    Rule::Year,
    "First calendar year with any output. Capex is spent in the construction years just before it.",
);
/// Years to full capacity.
pub const RAMP_UP_YEARS: Field = number(
    "ramp_up_years",
    "Ramp-up years",
    "years",
    Section::Production,
    Rule::WholeYears,
    "Years to ramp linearly from nothing to full capacity. 0 means full capacity from the first year; 2-4 years is typical for a new mine or plant.",
);
/// Price per unit of product.
pub const PRICE: Field = money(
    "price_per_unit",
    "Price",
    "{money}/{unit}",
    Section::Prices,
    "Price received per unit of product. Use the long-term price assumption: copper cathode about 9,000-10,000 USD/t (LME); a concentrate is paid for its payable metal less treatment and refining charges.",
);
/// Wage bill per year.
pub const WAGES: Field = money(
    "wages_per_year",
    "Wages",
    "{money}/year",
    Section::LabourAndTaxes,
    "Wage bill per year at full capacity, including social contributions; it scales with output during ramp-up. Wages are part of value added, not a cost against it.",
);
/// Jobs at full capacity.
pub const JOBS: Field = number(
    "jobs",
    "Jobs",
    "FTE",
    Section::LabourAndTaxes,
    Rule::NonNegative,
    "Direct jobs at full capacity, in full-time equivalents; they scale with output during ramp-up. A large open-pit copper mine employs a few thousand; a smelter several hundred.",
);
/// Royalty as a share of output value.
pub const ROYALTY: Field = number(
    "royalty_pct",
    "Royalty",
    "%",
    Section::LabourAndTaxes,
    Rule::Percent,
    "Share of output value paid as royalty. Pakistan's provinces levy 2-5%; Reko Diq is reported at 5%.",
);
/// Other taxes per unit.
pub const OTHER_TAXES: Field = money(
    "other_taxes_per_unit",
    "Other taxes",
    "{money}/{unit}",
    Section::LabourAndTaxes,
    "Other taxes on production per unit of product (excise, cess, export duty). Profit tax is not included: it is paid out of the operating surplus.",
);
/// Subsidies per year.
pub const SUBSIDIES: Field = money(
    "subsidies_per_year",
    "Subsidies",
    "{money}/year",
    Section::LabourAndTaxes,
    "Subsidies received per year of operation (e.g. a power tariff support). They lower public revenue and raise the operating surplus.",
);
/// Total investment.
pub const CAPEX: Field = money(
    "capex",
    "Capex",
    "{money}",
    Section::Investment,
    "Total investment to build the stage. Reko Diq phase 1 is reported at about 5.6 bn USD; Freeport's Manyar smelter cost about 3.7 bn USD for some 650 kt of cathode a year (about 5,700 USD per t/yr of capacity).",
);
/// Imported share of capex.
pub const CAPEX_IMPORTED: Field = number(
    "capex_imported_pct",
    "Imported share of capex",
    "%",
    Section::Investment,
    Rule::Percent,
    "Share of the investment spent on imports (equipment, foreign contractors); it counts against net FX in the construction years. Of the rest, spent at home, θ is construction value added and the remainder the contractors' own imports. 50-80% is common for mining and processing plants in developing economies.",
);
/// Construction years.
pub const CONSTRUCTION_YEARS: Field = number(
    "construction_years",
    "Construction years",
    "years",
    Section::Investment,
    Rule::WholeYears,
    "Years of construction just before the first production year; capex is spread evenly over them. 0 puts all capex in the first production year. 2-5 years is typical.",
);
/// Depreciation life.
pub const ECONOMIC_LIFE: Field = number(
    "economic_life_years",
    "Economic life",
    "years",
    Section::Investment,
    Rule::LifeYears,
    "Years over which capex is depreciated, from the first production year. 20-30 years is typical for a plant; a mine's life follows its reserves.",
);
/// Energy per unit.
pub const ENERGY: Field = number(
    "energy_mwh_per_unit",
    "Energy",
    "MWh/{unit}",
    Section::Environment,
    Rule::NonNegative,
    "Energy used per unit of product. Copper: mining and concentrating about 0.02-0.03 MWh per t of ore; smelting and refining about 1-1.5 MWh per t of cathode.",
);
/// CO2 per unit.
pub const CO2: Field = number(
    "co2_t_per_unit",
    "CO2",
    "t CO₂/{unit}",
    Section::Environment,
    Rule::NonNegative,
    "CO2 emitted per unit of product, in tonnes (direct and from purchased power). Refined copper is typically 3-5 t CO2 per t over the whole chain.",
);
/// Water per unit.
pub const WATER: Field = number(
    "water_m3_per_unit",
    "Water",
    "m³/{unit}",
    Section::Environment,
    Rule::NonNegative,
    "Fresh water used per unit of product, in cubic metres. A copper concentrator uses about 0.4-1 m³ per t of ore; much less where water is recycled, which matters in arid Balochistan.",
);
/// Export tax as a share of export value.
pub const EXPORT_TAX: Field = number(
    "export_tax_pct",
    "Export tax",
    "%",
    Section::Policy,
    Rule::Percent,
    "Tax on the value of what the stage exports, by-products included. Countries that want ore processed at home often levy 5-20% on ore or concentrate exports; 0 means none.",
);
/// Export tax per unit exported.
pub const EXPORT_TAX_PER_UNIT: Field = money(
    "export_tax_per_unit",
    "Export tax per unit",
    "{money}/{unit}",
    Section::Policy,
    "A fixed duty per unit of product exported, on top of any export tax in percent. Usually 0; some countries charge a fixed amount per tonne of ore or concentrate.",
);
/// Export ban.
pub const EXPORT_BAN: Field = number(
    "export_ban",
    "Export ban",
    "",
    Section::Policy,
    Rule::Switch,
    "When on, nothing of this stage's product may leave the country: links to stages abroad carry nothing, and output that would have been exported is not made. Indonesia banned nickel ore exports in 2014 and again from 2020.",
);
/// Energy tariff per megawatt-hour used.
pub const ENERGY_TARIFF: Field = money(
    "energy_tariff_per_mwh",
    "Energy tariff",
    "{money}/MWh",
    Section::Policy,
    "Price of the stage's energy per MWh used, charged as a domestic purchased input. 0 means energy is costed under purchased inputs instead. Industrial power tariffs lie around 60-150 USD/MWh.",
);

/// Every field of a stage, in the order the inspector shows them; list items last.
pub const ALL: [&Field; 39] = [
    &NAME,
    &KIND,
    &LOCATION,
    &PRODUCT,
    &UNIT,
    &ACTIVE,
    &CAPACITY,
    &INPUT_PER_UNIT,
    &FIRST_PRODUCTION_YEAR,
    &RAMP_UP_YEARS,
    &UNLINKED_OUTPUT,
    &PRICE,
    &BY_PRODUCTS,
    &PURCHASED_INPUTS,
    &WAGES,
    &JOBS,
    &ROYALTY,
    &OTHER_TAXES,
    &SUBSIDIES,
    &CAPEX,
    &CAPEX_IMPORTED,
    &CONSTRUCTION_YEARS,
    &ECONOMIC_LIFE,
    &ENERGY,
    &CO2,
    &WATER,
    &EXPORT_TAX,
    &EXPORT_TAX_PER_UNIT,
    &EXPORT_BAN,
    &ENERGY_TARIFF,
    &BY_PRODUCT_NAME,
    &BY_PRODUCT_UNIT,
    &BY_PRODUCT_QUANTITY,
    &BY_PRODUCT_PRICE,
    &BY_PRODUCT_DESTINATION,
    &INPUT_NAME,
    &INPUT_COST,
    &INPUT_IMPORTED,
    // Not typed by the planner, but a key of the file that problems name.
    &ID,
];

/// The stage's id: shown, never edited here (links and the file refer to it).
pub const ID: Field = plain(
    "id",
    "Id",
    "",
    Section::Production,
    Rule::Text,
    "Stable identifier that links and the project file refer to; it cannot be changed here.",
);
/// The links leaving or forming a cycle through the stage, for problems about them (not a
/// field of the stage: links are the project's, drawn on the canvas).
pub const LINKS: Field = plain(
    "links",
    "Links",
    "",
    Section::Production,
    Rule::List,
    "The links that carry the stage's output onward; they are drawn on the canvas.",
);

/// True for the fields whose rows come from the stage's own fields (not list items, id or
/// links).
pub fn is_row(field: &Field) -> bool {
    !field.key.contains('.') && field.key != ID.key && field.key != LINKS.key
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

    /// The rules of [`StageField::SCALARS`], in that order, worked out when compiling:
    /// validation checks every scalar of a stage against them at once, and looks for words
    /// only when one fails.
    pub const SCALAR_RULES: [Rule; 21] = {
        let mut rules = [Rule::Text; 21];
        let mut i = 0;
        while i < rules.len() {
            rules[i] = Self::SCALARS[i].field().rule;
            i += 1;
        }
        rules
    };

    /// Every scalar figure of `stage`, in [`StageField::SCALARS`] order: the one place a
    /// scalar field is read (whole years and the export ban as numbers, the ban as 1 or 0).
    /// Validation reads them all at once on every recalculation; [`StageField::get`] picks one.
    #[inline]
    pub fn scalar_values(stage: &Stage) -> [f64; 21] {
        [
            stage.capacity_per_year,
            stage.input_per_unit,
            stage.price_per_unit,
            stage.wages_per_year,
            stage.jobs,
            stage.royalty_pct,
            stage.other_taxes_per_unit,
            stage.subsidies_per_year,
            stage.capex,
            stage.capex_imported_pct,
            f64::from(stage.construction_years),
            f64::from(stage.economic_life_years),
            f64::from(stage.first_production_year),
            f64::from(stage.ramp_up_years),
            stage.energy_mwh_per_unit,
            stage.co2_t_per_unit,
            stage.water_m3_per_unit,
            stage.export_tax_pct,
            stage.export_tax_per_unit,
            f64::from(u8::from(stage.export_ban)),
            stage.energy_tariff_per_mwh,
        ]
    }

    /// Its catalogue entry.
    #[inline]
    pub const fn field(self) -> &'static Field {
        match self {
            Self::CapacityPerYear => &CAPACITY,
            Self::InputPerUnit => &INPUT_PER_UNIT,
            Self::PricePerUnit => &PRICE,
            Self::WagesPerYear => &WAGES,
            Self::Jobs => &JOBS,
            Self::RoyaltyPct => &ROYALTY,
            Self::OtherTaxesPerUnit => &OTHER_TAXES,
            Self::SubsidiesPerYear => &SUBSIDIES,
            Self::Capex => &CAPEX,
            Self::CapexImportedPct => &CAPEX_IMPORTED,
            Self::ConstructionYears => &CONSTRUCTION_YEARS,
            Self::EconomicLifeYears => &ECONOMIC_LIFE,
            Self::FirstProductionYear => &FIRST_PRODUCTION_YEAR,
            Self::RampUpYears => &RAMP_UP_YEARS,
            Self::EnergyMwhPerUnit => &ENERGY,
            Self::Co2TPerUnit => &CO2,
            Self::WaterM3PerUnit => &WATER,
            Self::ExportTaxPct => &EXPORT_TAX,
            Self::ExportTaxPerUnit => &EXPORT_TAX_PER_UNIT,
            Self::ExportBan => &EXPORT_BAN,
            Self::EnergyTariffPerMwh => &ENERGY_TARIFF,
            Self::ByProductPrice(_) => &BY_PRODUCT_PRICE,
            Self::PurchasedInputCost(_) => &INPUT_COST,
            Self::Pricing(field) => field.field(),
            Self::Fiscal(field) => field.field(),
            Self::Owner(field) => field.field(),
            Self::Loan(field) => field.field(),
        }
    }

    /// The field's value in `stage`; `None` for a by-product or input the stage lacks.
    /// Whole years and the export ban read as numbers (the ban as 1 or 0).
    pub fn get(self, stage: &Stage) -> Option<f64> {
        match self {
            Self::ByProductPrice(n) => Some(stage.by_products.get(n)?.price),
            Self::PurchasedInputCost(n) => Some(stage.purchased_inputs.get(n)?.cost_per_unit),
            Self::Pricing(field) => field.get(stage),
            Self::Fiscal(field) => stage.fiscal.as_ref().map(|regime| field.get(regime)),
            Self::Owner(field) => stage.ownership.as_ref().map(|owners| field.get(owners)),
            Self::Loan(field) => stage.financing.as_ref().map(|loan| field.get(loan)),
            scalar => Self::SCALARS
                .iter()
                .position(|field| *field == scalar)
                .map(|index| Self::scalar_values(stage)[index]),
        }
    }

    /// Sets the field in `stage`: whole-year fields are rounded, the ban is on for any value
    /// from 0.5 up. `None` for a by-product or input the stage lacks. Range checks are
    /// validation's, which names the field.
    pub fn set(self, stage: &mut Stage, value: f64) -> Option<()> {
        let whole = value.round();
        // Saturating casts: an out-of-range year is reported by validation, not wrapped.
        let whole_u32 = whole.clamp(0.0, f64::from(u32::MAX)) as u32;
        match self {
            Self::CapacityPerYear => stage.capacity_per_year = value,
            Self::InputPerUnit => stage.input_per_unit = value,
            Self::PricePerUnit => stage.price_per_unit = value,
            Self::WagesPerYear => stage.wages_per_year = value,
            Self::Jobs => stage.jobs = value,
            Self::RoyaltyPct => stage.royalty_pct = value,
            Self::OtherTaxesPerUnit => stage.other_taxes_per_unit = value,
            Self::SubsidiesPerYear => stage.subsidies_per_year = value,
            Self::Capex => stage.capex = value,
            Self::CapexImportedPct => stage.capex_imported_pct = value,
            Self::ConstructionYears => stage.construction_years = whole_u32,
            Self::EconomicLifeYears => stage.economic_life_years = whole_u32,
            Self::FirstProductionYear => {
                stage.first_production_year =
                    whole.clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32;
            }
            Self::RampUpYears => stage.ramp_up_years = whole_u32,
            Self::EnergyMwhPerUnit => stage.energy_mwh_per_unit = value,
            Self::Co2TPerUnit => stage.co2_t_per_unit = value,
            Self::WaterM3PerUnit => stage.water_m3_per_unit = value,
            Self::ExportTaxPct => stage.export_tax_pct = value,
            Self::ExportTaxPerUnit => stage.export_tax_per_unit = value,
            Self::ExportBan => stage.export_ban = value >= 0.5,
            Self::EnergyTariffPerMwh => stage.energy_tariff_per_mwh = value,
            Self::ByProductPrice(n) => stage.by_products.get_mut(n)?.price = value,
            Self::PurchasedInputCost(n) => {
                stage.purchased_inputs.get_mut(n)?.cost_per_unit = value;
            }
            Self::Pricing(field) => return field.set(stage, value),
            Self::Fiscal(field) => field.set(stage.fiscal.as_mut()?, value),
            Self::Owner(field) => field.set(stage.ownership.as_mut()?, value),
            Self::Loan(field) => field.set(stage.financing.as_mut()?, value),
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{StageId, StageKind};

    #[test]
    fn each_scalar_is_read_where_it_is_written() {
        for (index, field) in StageField::SCALARS.into_iter().enumerate() {
            let mut stage = Stage::new(StageId::from("s"), StageKind::Mining, 2030);
            stage.export_ban = false;
            // A value no other scalar of a new stage holds.
            let value = if field == StageField::ExportBan {
                1.0
            } else {
                7.0
            };
            field.set(&mut stage, value).unwrap();
            let values = StageField::scalar_values(&stage);
            assert_eq!(values[index].to_bits(), value.to_bits(), "{field:?}");
            assert_eq!(field.get(&stage), Some(value), "{field:?}");
            let others = values
                .iter()
                .enumerate()
                .filter(|&(i, v)| i != index && v.to_bits() == value.to_bits());
            assert_eq!(others.count(), 0, "{field:?} also read elsewhere");
        }
    }
}
