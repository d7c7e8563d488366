//! The catalogue entries of the project settings (name, currency, years, economy, policy,
//! phases, notes), and how the economy's and the policy's numeric ones ([`EconomyField`],
//! [`PolicyField`]) are read from and written to the model.

use crate::model::chain::{CarbonPricing, Economy, Policy};
use crate::model::params::{EconomyField, PolicyField};

use super::{Field, Rule, Section, money, number, plain};

/// Project name.
pub const NAME: Field = plain(
    "name",
    "Project name",
    "",
    Section::NameAndDescription,
    Rule::Text,
    "Short name shown in the window title and in reports.",
);
/// Description.
pub const DESCRIPTION: Field = plain(
    "description",
    "Description",
    "",
    Section::NameAndDescription,
    Rule::Text,
    "One or two sentences on what the project studies.",
);
/// The project currency's code.
pub const CURRENCY_CODE: Field = plain(
    "currency.code",
    "Currency code",
    "",
    Section::Currency,
    Rule::Text,
    "ISO code of the currency every money figure is entered in, e.g. USD. Changing it relabels figures; it does not convert them.",
);
/// The unit money is entered in, when not one unit of the currency.
pub const MONEY_UNIT: Field = plain(
    "currency.money_unit",
    "Money unit",
    "",
    Section::Currency,
    Rule::Text,
    "The unit every money figure is entered in and labelled with, when it is not one unit of the currency: \"million XOF\" for a study whose tables are in millions of CFA francs. Leave it empty to label money with the currency code. It relabels; it does not convert.",
);
/// Whether a display currency is set.
pub const LOCAL_CURRENCY: Field = plain(
    "currency.local",
    "Show figures in a local currency",
    "",
    Section::Currency,
    Rule::Switch,
    "Display results in a local currency as well (e.g. PKR). Inputs stay in the project currency.",
);
/// The display currency's code.
pub const LOCAL_CODE: Field = plain(
    "currency.local.code",
    "Local currency",
    "",
    Section::Currency,
    Rule::Text,
    "ISO code of the display currency, e.g. PKR.",
);
/// Units of display currency per unit of the project currency.
pub const EXCHANGE_RATE: Field = plain(
    "currency.local.per_base_unit",
    "Exchange rate",
    "{local} per {money}",
    Section::Currency,
    Rule::Positive,
    "Units of {local} per one {money}, e.g. about 280 PKR per USD in 2025. It only changes how figures are displayed.",
);
/// Base year.
pub const BASE_YEAR: Field = plain(
    "base_year",
    "Base year",
    "year",
    Section::Years,
    Rule::Year,
    "Year in which GDP is given and to which NPVs are discounted; usually the current year.",
);
/// The horizon as a whole, for problems of both its years.
pub const HORIZON: Field = plain(
    "horizon",
    "Horizon",
    "",
    Section::Years,
    Rule::Group,
    "The years the calculation covers.",
);
/// First year computed.
pub const FIRST_YEAR: Field = plain(
    "horizon.first_year",
    "First year",
    "year",
    Section::Years,
    Rule::Year,
    "First year the calculation covers. Start it early enough to include construction.",
);
/// Last year computed.
pub const LAST_YEAR: Field = plain(
    "horizon.last_year",
    "Last year",
    "year",
    Section::Years,
    Rule::Year,
    "Last year the calculation covers (inclusive). 20-30 years after the first covers most mine lives.",
);
/// GDP in the base year.
pub const GDP: Field = Field {
    rule: Rule::Positive,
    ..money(
        "gdp_base_year",
        "GDP",
        "{money} in {year}",
        Section::Economy,
        "Gross domestic product in the base year, at current prices; shares of GDP are measured against it. Pakistan: about 411 bn USD (FY2025). You can type 410.96e9 or 410,960,000,000.",
    )
};
/// Real GDP growth.
pub const GDP_GROWTH: Field = number(
    "gdp_growth_pct",
    "GDP growth",
    "% per year",
    Section::Economy,
    Rule::Rate,
    "Real GDP growth per year, used to grow GDP from the base year. Pakistan has averaged about 3-4%; the IMF projects 2.5-4.5% in the coming years.",
);
/// Discount rate.
pub const DISCOUNT_RATE: Field = number(
    "discount_rate_pct",
    "Discount rate",
    "% per year",
    Section::Economy,
    Rule::Rate,
    "Rate at which future cash flows are discounted for NPVs. 8-12% is common for mining projects; public appraisals often use 6-10%.",
);
/// Domestic value-added content of domestically supplied inputs.
pub const DOMESTIC_VA_CONTENT: Field = number(
    "domestic_va_content_pct",
    "Domestic VA content",
    "%",
    Section::Economy,
    Rule::Percent,
    "θ: share of the value of domestically supplied inputs (purchased inputs, energy, transport on domestic links, domestic capex) that is value added at home, in the suppliers and their own suppliers together; the rest, 1 - θ, is their imported content (indirect imports). Best taken from the country's input-output tables (the domestic value-added content of the supplying industries' output); 30-50% is an assumption often used for a semi-industrial economy.",
);
/// Construction jobs per million of domestic capex.
pub const CONSTRUCTION_JOBS: Field = number(
    "construction_jobs_per_million",
    "Construction jobs",
    "jobs per million {money} of domestic capex",
    Section::Economy,
    Rule::NonNegative,
    "Jobs on site and in local contractors per million of domestic capex (capex less its imported part) spent in a year, in the project currency. The default, 12.5 per USD million, is Reko Diq's 7,500 jobs at its construction peak over its phase 1 domestic capex a year (about USD 0.6 bn: Mining Weekly; the example's capex): a peak, so an upper value. Rescale for another currency.",
);
/// Shadow exchange rate factor of the Policy Analysis Matrix.
pub const SHADOW_EXCHANGE_RATE: Field = number(
    "shadow_exchange_rate_factor",
    "Shadow exchange rate factor",
    "× official rate",
    Section::Economy,
    Rule::Positive,
    "What a unit of foreign exchange is worth to the economy over its official value, for the Policy Analysis Matrix (DRC, EPC): tradables at border prices are multiplied by it. 1 when the official rate is an equilibrium rate; 1.1-1.3 where the currency is overvalued or imports are rationed (FAO EASYPol 129; Monke and Pearson 1989).",
);
/// Shadow wage factor of the Policy Analysis Matrix.
pub const SHADOW_WAGE: Field = number(
    "shadow_wage_factor",
    "Shadow wage factor",
    "× wage paid",
    Section::Economy,
    Rule::Positive,
    "What the labour a stage employs costs the economy over the wage paid, for the Policy Analysis Matrix: wages at social prices are multiplied by it. 1 for skilled labour in a tight market; 0.5-0.8 for unskilled labour where many are underemployed (Squire and van der Tak 1975).",
);
/// Carbon price.
pub const CARBON_PRICE: Field = money(
    "carbon_price_per_t_co2",
    "Carbon price",
    "{money}/t CO₂",
    Section::Policy,
    "Price per tonne of CO₂ emitted, in the project currency; 0 means none. The EU's trading scheme has cost about 60-90 EUR/t in recent years; national carbon taxes range from a few USD to over 100 USD/t.",
);
/// How the carbon price is charged.
pub const CARBON_PRICING: Field = number(
    "carbon_pricing",
    "Carbon pricing",
    "",
    Section::Policy,
    Rule::Choice,
    "Domestic tax: every domestic stage pays the carbon price on its emissions, and the revenue stays at home. Border adjustment: it is levied abroad (like the EU's CBAM) on the emissions of the exported part of a stage's output, a cost with no public revenue at home.",
);
/// Named ranges of years, a list.
pub const PHASES: Field = plain(
    "phases",
    "Phases",
    "",
    Section::Phases,
    Rule::List,
    "Named year ranges (e.g. Demonstration, Scaling, Full impact) to read results by phase.",
);
/// A phase's name.
pub const PHASE_NAME: Field = plain(
    "phases.name",
    "Phase {n}",
    "",
    Section::Phases,
    Rule::Text,
    "Name of the phase, shown in the results year selector and in reports.",
);
/// A phase's first year.
pub const PHASE_FIRST_YEAR: Field = plain(
    "first_year",
    "Phase first year",
    "year",
    Section::Phases,
    Rule::Year,
    "First year of the phase.",
);
/// A phase's last year.
pub const PHASE_LAST_YEAR: Field = plain(
    "last_year",
    "Phase last year",
    "year",
    Section::Phases,
    Rule::Year,
    "Last year of the phase (inclusive).",
);
/// Free-text notes.
pub const NOTES: Field = plain(
    "notes",
    "Notes",
    "",
    Section::NotesAndSources,
    Rule::Text,
    "Assumptions and caveats, in free text.",
);
/// Sources, a list.
pub const SOURCES: Field = plain(
    "sources",
    "Source {n}",
    "",
    Section::NotesAndSources,
    Rule::List,
    "A source: author, title, year, link.",
);
/// The stages, for the warning that there are none.
pub const STAGES: Field = plain(
    "stages",
    "Stages",
    "",
    Section::NameAndDescription,
    Rule::List,
    "The stages of the chain, drawn on the canvas.",
);

/// Every settings field, in the order the Project tab shows them; the last two have no
/// row of their own (see [`is_row`]).
pub const ALL: [&Field; 27] = [
    &NAME,
    &DESCRIPTION,
    &CURRENCY_CODE,
    &MONEY_UNIT,
    &LOCAL_CURRENCY,
    &LOCAL_CODE,
    &EXCHANGE_RATE,
    &BASE_YEAR,
    &FIRST_YEAR,
    &LAST_YEAR,
    &GDP,
    &GDP_GROWTH,
    &DISCOUNT_RATE,
    &DOMESTIC_VA_CONTENT,
    &CONSTRUCTION_JOBS,
    &SHADOW_EXCHANGE_RATE,
    &SHADOW_WAGE,
    &CARBON_PRICE,
    &CARBON_PRICING,
    &PHASES,
    &PHASE_NAME,
    &PHASE_FIRST_YEAR,
    &PHASE_LAST_YEAR,
    &NOTES,
    &SOURCES,
    &HORIZON,
    &STAGES,
];

/// True for the fields with a row of their own in the Project tab.
pub fn is_row(field: &Field) -> bool {
    field.key != HORIZON.key && field.key != STAGES.key
}

impl EconomyField {
    /// Every economy setting.
    pub const ALL: [Self; 7] = [
        Self::GdpBaseYear,
        Self::GdpGrowthPct,
        Self::DiscountRatePct,
        Self::DomesticVaContentPct,
        Self::ConstructionJobsPerMillion,
        Self::ShadowExchangeRateFactor,
        Self::ShadowWageFactor,
    ];

    /// Its catalogue entry.
    pub fn field(self) -> &'static Field {
        match self {
            Self::GdpBaseYear => &GDP,
            Self::GdpGrowthPct => &GDP_GROWTH,
            Self::DiscountRatePct => &DISCOUNT_RATE,
            Self::DomesticVaContentPct => &DOMESTIC_VA_CONTENT,
            Self::ConstructionJobsPerMillion => &CONSTRUCTION_JOBS,
            Self::ShadowExchangeRateFactor => &SHADOW_EXCHANGE_RATE,
            Self::ShadowWageFactor => &SHADOW_WAGE,
        }
    }

    /// The setting's value in `economy`.
    pub fn get(self, economy: &Economy) -> f64 {
        match self {
            Self::GdpBaseYear => economy.gdp_base_year,
            Self::GdpGrowthPct => economy.gdp_growth_pct,
            Self::DiscountRatePct => economy.discount_rate_pct,
            Self::DomesticVaContentPct => economy.domestic_va_content_pct,
            Self::ConstructionJobsPerMillion => economy.construction_jobs_per_million,
            Self::ShadowExchangeRateFactor => economy.shadow_exchange_rate_factor,
            Self::ShadowWageFactor => economy.shadow_wage_factor,
        }
    }

    /// Sets the setting in `economy`.
    pub fn set(self, economy: &mut Economy, value: f64) {
        match self {
            Self::GdpBaseYear => economy.gdp_base_year = value,
            Self::GdpGrowthPct => economy.gdp_growth_pct = value,
            Self::DiscountRatePct => economy.discount_rate_pct = value,
            Self::DomesticVaContentPct => economy.domestic_va_content_pct = value,
            Self::ConstructionJobsPerMillion => economy.construction_jobs_per_million = value,
            Self::ShadowExchangeRateFactor => economy.shadow_exchange_rate_factor = value,
            Self::ShadowWageFactor => economy.shadow_wage_factor = value,
        }
    }
}

impl PolicyField {
    /// Every project-wide policy setting.
    pub const ALL: [Self; 2] = [Self::CarbonPricePerTCo2, Self::CarbonBorderAdjustment];

    /// Its catalogue entry.
    pub fn field(self) -> &'static Field {
        match self {
            Self::CarbonPricePerTCo2 => &CARBON_PRICE,
            Self::CarbonBorderAdjustment => &CARBON_PRICING,
        }
    }

    /// The setting's value in `policy`; the pricing mode reads 1 for a border adjustment.
    pub fn get(self, policy: &Policy) -> f64 {
        match self {
            Self::CarbonPricePerTCo2 => policy.carbon_price_per_t_co2,
            Self::CarbonBorderAdjustment => f64::from(u8::from(
                policy.carbon_pricing == CarbonPricing::BorderAdjustment,
            )),
        }
    }

    /// Sets the setting in `policy`; the pricing mode is a border adjustment from 0.5 up.
    pub fn set(self, policy: &mut Policy, value: f64) {
        match self {
            Self::CarbonPricePerTCo2 => policy.carbon_price_per_t_co2 = value,
            Self::CarbonBorderAdjustment => {
                policy.carbon_pricing = if value >= 0.5 {
                    CarbonPricing::BorderAdjustment
                } else {
                    CarbonPricing::DomesticTax
                };
            }
        }
    }
}

impl CarbonPricing {
    /// Every pricing mode, with its label, for a choice.
    pub const CHOICES: [(Self, &'static str); 2] = [
        (Self::DomesticTax, "Domestic tax"),
        (Self::BorderAdjustment, "Border adjustment"),
    ];
}
