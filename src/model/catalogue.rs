//! The field catalogue: every field a planner can edit, described once.
//!
//! Each [`Field`] gives a field's key in the project file, its label, its unit (a template
//! that the stage's unit and the currency fill in), the inspector section it sits in, its help
//! text with typical values, the [`Rule`] its values must follow (the limits live here and
//! nowhere else), and whether it can be a lever or an uncertainty. The numeric fields of
//! stages, links, the economy and the policy are keyed by the enums that parameters use
//! ([`StageField`], [`LinkField`], [`EconomyField`], [`PolicyField`]), which also read and
//! write them on the model; text, choice and list fields are constants beside them. The
//! inspector draws its rows from these entries, validation checks against their rules and
//! names them by their labels, and levers, uncertainties and sensitivity read their labels,
//! units and bounds.

use std::ops::RangeInclusive;

use crate::model::chain::{CarbonPricing, Economy, Link, Policy, Stage};
use crate::model::params::{EconomyField, LinkField, ParamKind, PolicyField, StageField};

/// Calendar years a project may use (base year, horizon, phases, first production). Outside
/// them a year is a typo, and growing GDP or discounting over thousands of years would overflow.
pub const YEARS_ACCEPTED: RangeInclusive<i32> = 1800..=2300;

/// Largest magnitude of any figure (money, quantities, jobs): 10^18, a million times the
/// world's GDP in dollars, and still room for the largest economies in their own currencies.
/// With every figure below it, every result stays a finite number (docs/METHOD.md, section 8).
pub const MAX_FIGURE: f64 = 1e18;

/// Yearly rates accepted for GDP growth and discounting, in percent. Rates near -100% would
/// make GDP or discount factors vanish over a long horizon and turn results infinite.
pub const RATE_PCT_ACCEPTED: RangeInclusive<f64> = -50.0..=100.0;

/// Longest construction, ramp-up or economic life accepted, in years.
pub const MAX_DURATION_YEARS: u32 = 200;

/// Longest horizon accepted; longer ones are almost certainly a typo in a year.
pub const MAX_HORIZON_YEARS: usize = 200;

/// Where a field sits in the inspector; also the order of the sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// What the stage makes, how much and from when.
    Production,
    /// What the product and by-products sell for.
    Prices,
    /// Energy, reagents, consumables and services bought per unit.
    PurchasedInputs,
    /// Wages, jobs, royalties, taxes and subsidies.
    LabourAndTaxes,
    /// Capex and its timing.
    Investment,
    /// Energy, CO2 and water per unit.
    Environment,
    /// Export taxes and bans, energy tariffs, the carbon price.
    Policy,
    /// A link's share and transport cost.
    Link,
    /// The project's name and description.
    NameAndDescription,
    /// The project currency and a display currency.
    Currency,
    /// Base year and horizon.
    Years,
    /// GDP, growth, discounting, domestic content.
    Economy,
    /// Named ranges of years.
    Phases,
    /// Free-text notes and sources.
    NotesAndSources,
}

impl Section {
    /// The section's heading.
    pub fn title(self) -> &'static str {
        match self {
            Self::Production => "Production",
            Self::Prices => "Prices",
            Self::PurchasedInputs => "Purchased inputs",
            Self::LabourAndTaxes => "Labour and taxes",
            Self::Investment => "Investment",
            Self::Environment => "Environment",
            Self::Policy => "Policy",
            Self::Link => "Link",
            Self::NameAndDescription => "Name and description",
            Self::Currency => "Currency",
            Self::Years => "Years",
            Self::Economy => "Economy",
            Self::Phases => "Phases",
            Self::NotesAndSources => "Notes and sources",
        }
    }
}

/// What values a field accepts. Numeric rules say why a value is refused, in place (short) and
/// in validation (naming the field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Free text.
    Text,
    /// One of a fixed set of options.
    Choice,
    /// A list edited item by item (by-products, purchased inputs, phases, sources).
    List,
    /// A pair of fields checked together (the horizon's two years).
    Group,
    /// On or off.
    Switch,
    /// Zero or more (quantities, money, counts of jobs), at most [`MAX_FIGURE`].
    NonNegative,
    /// More than zero (GDP, exchange rates), at most [`MAX_FIGURE`].
    Positive,
    /// A share between 0 and 100%.
    Percent,
    /// A yearly rate in [`RATE_PCT_ACCEPTED`] (growth, discounting).
    Rate,
    /// A whole calendar year in [`YEARS_ACCEPTED`].
    Year,
    /// A whole number of years, 0 to [`MAX_DURATION_YEARS`].
    WholeYears,
    /// An economic life: whole years like [`Rule::WholeYears`], but sliders and random draws
    /// start at 1, since capex cannot be depreciated over 0 years.
    LifeYears,
}

impl Rule {
    /// True for rules of numbers typed as text.
    pub fn is_number(self) -> bool {
        !matches!(
            self,
            Self::Text | Self::Choice | Self::List | Self::Group | Self::Switch
        )
    }

    /// True when a "%" may follow the typed number.
    pub fn takes_percent_sign(self) -> bool {
        matches!(self, Self::Percent | Self::Rate)
    }

    /// True for whole numbers (years), shown without thousands separators.
    pub fn is_whole(self) -> bool {
        matches!(self, Self::Year | Self::WholeYears | Self::LifeYears)
    }

    /// True when `value` passes. Cheap: no allocation, for validation's hot path.
    pub fn accepts(self, value: f64) -> bool {
        match self {
            Self::Text | Self::Choice | Self::List | Self::Group => true,
            Self::Switch => value == 0.0 || value == 1.0,
            Self::NonNegative => value.is_finite() && (0.0..=MAX_FIGURE).contains(&value),
            Self::Positive => value.is_finite() && value > 0.0 && value <= MAX_FIGURE,
            Self::Percent => value.is_finite() && (0.0..=100.0).contains(&value),
            Self::Rate => RATE_PCT_ACCEPTED.contains(&value),
            Self::Year => {
                value.fract() == 0.0
                    && (f64::from(*YEARS_ACCEPTED.start())..=f64::from(*YEARS_ACCEPTED.end()))
                        .contains(&value)
            }
            Self::WholeYears | Self::LifeYears => {
                value.fract() == 0.0
                    && (0.0..=f64::from(MAX_DURATION_YEARS)).contains(&value)
            }
        }
    }

    /// Why `value` is refused where it is typed, in a few words; `None` when it passes.
    pub fn refusal(self, value: f64) -> Option<&'static str> {
        if self.accepts(value) {
            return None;
        }
        let whole = value.fract() == 0.0;
        Some(match self {
            _ if !value.is_finite() => "Not a number — type a finite value",
            Self::NonNegative | Self::Positive if value.abs() > MAX_FIGURE => {
                "Too large (at most 1e18) — check the number of digits"
            }
            Self::NonNegative => "Must be 0 or more",
            Self::Positive => "Must be more than 0",
            Self::Percent => "A share is between 0 and 100%",
            Self::Rate => "Type a yearly rate between -50% and 100%",
            Self::Year if !whole => "Type a whole year, e.g. 2030",
            Self::Year => "Type a year between 1800 and 2300",
            Self::WholeYears | Self::LifeYears if value < 0.0 => "Must be 0 or more",
            Self::WholeYears | Self::LifeYears if !whole => {
                "Type a whole number of years, e.g. 3"
            }
            Self::WholeYears | Self::LifeYears => "At most 200 years",
            Self::Switch => "Type 1 for on or 0 for off",
            Self::Text | Self::Choice | Self::List | Self::Group => "Not accepted",
        })
    }

    /// What validation says about `value` in the field labelled `label`: what is wrong and
    /// what to do; `None` when it passes. Only formats when there is a problem.
    pub fn problem(self, label: &str, value: f64) -> Option<String> {
        if self.accepts(value) {
            return None;
        }
        Some(match self {
            Self::Rate => format!(
                "{label} of {value}% is not usable; type a yearly rate between {}% and {}%.",
                RATE_PCT_ACCEPTED.start(),
                RATE_PCT_ACCEPTED.end()
            ),
            _ if !value.is_finite() => {
                format!("{label} is not a number ({value}); type a finite value.")
            }
            Self::NonNegative | Self::Positive | Self::Percent if value < 0.0 => {
                format!("{label} is negative ({value}); it must be zero or more.")
            }
            Self::NonNegative | Self::Positive => {
                if value == 0.0 {
                    format!("{label} is zero; it must be more than zero.")
                } else {
                    format!(
                        "{label} is {value:e}, beyond any real figure (at most 1e18); check the number of digits."
                    )
                }
            }
            Self::Percent => {
                format!("{label} is {value}%, above 100%; type a share between 0 and 100.")
            }
            Self::Year => format!(
                "{label} is {value}; type a year between {} and {}.",
                YEARS_ACCEPTED.start(),
                YEARS_ACCEPTED.end()
            ),
            Self::WholeYears | Self::LifeYears => format!(
                "{label} is {value} years, too long; at most {MAX_DURATION_YEARS} years are allowed."
            ),
            Self::Switch => format!("{label} is {value}; it is either on (1) or off (0)."),
            Self::Text | Self::Choice | Self::List | Self::Group => {
                format!("{label} is not accepted.")
            }
        })
    }

    /// Lowest and highest value accepted, so random draws and slider ranges can be clamped to
    /// something that computes.
    pub fn bounds(self) -> (f64, f64) {
        match self {
            Self::Percent => (0.0, 100.0),
            Self::Switch | Self::Choice => (0.0, 1.0),
            Self::Rate => (*RATE_PCT_ACCEPTED.start(), *RATE_PCT_ACCEPTED.end()),
            Self::Year => (
                f64::from(*YEARS_ACCEPTED.start()),
                f64::from(*YEARS_ACCEPTED.end()),
            ),
            Self::WholeYears => (0.0, f64::from(MAX_DURATION_YEARS)),
            Self::LifeYears => (1.0, f64::from(MAX_DURATION_YEARS)),
            Self::NonNegative | Self::Positive | Self::Text | Self::List | Self::Group => {
                (0.0, f64::INFINITY)
            }
        }
    }

    /// How a parameter with this rule behaves when moved.
    pub fn param_kind(self) -> ParamKind {
        match self {
            Self::Year | Self::WholeYears | Self::LifeYears => ParamKind::Whole,
            // A choice addressed by a parameter is between two options: 1 picks the second.
            Self::Switch | Self::Choice => ParamKind::Switch,
            _ => ParamKind::Continuous,
        }
    }
}

/// One editable field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Its key in the project file (for a list item or a nested setting, the path to it, e.g.
    /// `currency.code`); validation problems and source notes name fields by it.
    pub key: &'static str,
    /// Label of its row, also the accessible name of its input. `{n}` is a list item's number.
    pub label: &'static str,
    /// Unit shown beside it; see [`Units`] for what fills the braces.
    pub unit: &'static str,
    /// Where it sits in the inspector.
    pub section: Section,
    /// What it means and where typical values lie; see [`Units`] for what fills the braces.
    pub help: &'static str,
    /// What values it accepts.
    pub rule: Rule,
    /// True for money, which the inspector also reads out short ("= USD 1.2 bn").
    pub money: bool,
    /// True when a parameter addresses it, so it can be a lever (unless a switch) and an
    /// uncertainty (when continuous).
    pub param: bool,
}

/// What fills the braces of a unit, label or help template: `{unit}` (the stage's product
/// unit), `{money}` (the project currency), `{feed}` (the feed's unit), `{item}` and
/// `{item_unit}` (a list item's name and unit), `{n}` (its number), `{from}` and `{to}` (a
/// link's stages), `{local}` (the display currency), `{year}` (the base year).
#[derive(Clone, Copy, Debug, Default)]
pub struct Units<'a> {
    /// The stage's product unit.
    pub unit: &'a str,
    /// The project currency.
    pub money: &'a str,
    /// The unit of the stage's feed.
    pub feed: &'a str,
    /// A list item's name.
    pub item: &'a str,
    /// A list item's unit.
    pub item_unit: &'a str,
    /// A list item's number, from 1.
    pub n: usize,
    /// The name of a link's upstream stage.
    pub from: &'a str,
    /// The name of a link's downstream stage.
    pub to: &'a str,
    /// The display currency.
    pub local: &'a str,
    /// The base year.
    pub year: i32,
}

impl Units<'_> {
    /// `template` with its braces filled.
    pub fn fill(&self, template: &str) -> String {
        if !template.contains('{') {
            return template.to_owned();
        }
        let mut text = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                text.push_str(&rest[open..]);
                return text;
            };
            match &after[..close] {
                "unit" => text.push_str(self.unit),
                "money" => text.push_str(self.money),
                "feed" => text.push_str(self.feed),
                "item" => text.push_str(self.item),
                "item_unit" => text.push_str(self.item_unit),
                "n" => text.push_str(&self.n.to_string()),
                "from" => text.push_str(self.from),
                "to" => text.push_str(self.to),
                "local" => text.push_str(self.local),
                "year" => text.push_str(&self.year.to_string()),
                other => {
                    text.push('{');
                    text.push_str(other);
                    text.push('}');
                }
            }
            rest = &after[close + 1..];
        }
        text.push_str(rest);
        text
    }
}

impl Field {
    /// True for a percentage (0-100).
    pub fn is_pct(&self) -> bool {
        self.rule == Rule::Percent
    }

    /// How a parameter of this field behaves, when one addresses it.
    pub fn param_kind(&self) -> Option<ParamKind> {
        self.param.then(|| self.rule.param_kind())
    }

    /// True when it can be given a slider.
    pub fn can_be_lever(&self) -> bool {
        self.param_kind()
            .is_some_and(|kind| kind != ParamKind::Switch)
    }

    /// True when it can be given a probability distribution.
    pub fn can_be_uncertain(&self) -> bool {
        self.param_kind() == Some(ParamKind::Continuous)
    }

    /// The label with a list item's number filled in.
    pub fn label_text(&self, units: &Units<'_>) -> String {
        units.fill(self.label)
    }

    /// The label lower-cased for the middle of a sentence ("capacity", but "CO2").
    pub fn label_in_sentence(&self) -> String {
        let mut chars = self.label.chars();
        match (chars.next(), chars.next()) {
            (Some(first), Some(second)) if !second.is_uppercase() => {
                first.to_lowercase().chain(self.label[first.len_utf8()..].chars()).collect()
            }
            _ => self.label.to_owned(),
        }
    }

    /// The unit with its braces filled.
    pub fn unit_text(&self, units: &Units<'_>) -> String {
        units.fill(self.unit)
    }

    /// The help text with its braces filled.
    pub fn help_text(&self, units: &Units<'_>) -> String {
        units.fill(self.help)
    }

    /// What validation says about `value` (see [`Rule::problem`]), naming the field by label.
    pub fn problem(&self, value: f64) -> Option<String> {
        self.rule.problem(self.label, value)
    }
}

/// A field with the usual defaults: a number of zero or more, no money reading, a parameter.
const fn number(
    key: &'static str,
    label: &'static str,
    unit: &'static str,
    section: Section,
    rule: Rule,
    help: &'static str,
) -> Field {
    Field {
        key,
        label,
        unit,
        section,
        help,
        rule,
        money: false,
        param: true,
    }
}

/// A money field that a parameter addresses.
const fn money(
    key: &'static str,
    label: &'static str,
    unit: &'static str,
    section: Section,
    help: &'static str,
) -> Field {
    Field {
        money: true,
        ..number(key, label, unit, section, Rule::NonNegative, help)
    }
}

/// A field no parameter addresses: text, a choice, a list, or a number of a list item.
const fn plain(
    key: &'static str,
    label: &'static str,
    unit: &'static str,
    section: Section,
    rule: Rule,
    help: &'static str,
) -> Field {
    Field {
        param: false,
        ..number(key, label, unit, section, rule, help)
    }
}

/// The fields of a stage, of its by-products and purchased inputs.
pub mod stage {
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
        "What the stage does: sets its colour and its column when the chain is arranged. It does not change any figure.",
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
        "Where output that no link takes is sold: exported (it earns foreign exchange) or sold on the domestic market.",
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
        "Share of {item} that is imported (it counts against net FX). The domestic rest creates indirect value added. Reagents and equipment are often 70-100% imported; grid electricity mostly domestic.",
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
        "Share of the investment spent on imports (equipment, foreign contractors); it counts against net FX in the construction years. 50-80% is common for mining and processing plants in developing economies.",
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
    /// Energy tariff per MWh used.
    pub const ENERGY_TARIFF: Field = money(
        "energy_tariff_per_mwh",
        "Energy tariff",
        "{money}/MWh",
        Section::Policy,
        "Price of the stage's energy per MWh used, charged as a domestic purchased input. 0 means energy is costed under purchased inputs instead. Industrial power tariffs lie around 60-150 USD/MWh.",
    );

    /// Every field of a stage, in the order the inspector shows them; list items last.
    pub const ALL: [&Field; 38] = [
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
}

/// The fields of a link.
pub mod link {
    use super::{Field, Rule, Section, money, number, plain};

    /// Share of the upstream output.
    pub const SHARE: Field = number(
        "share_pct",
        "Share",
        "%",
        Section::Link,
        Rule::Percent,
        "Share of {from}'s output sent along this link. The shares of all links leaving a stage add up to 100% or less; the rest is sold on the market.",
    );
    /// Transport cost per unit moved.
    pub const TRANSPORT_COST: Field = money(
        "transport_cost_per_unit",
        "Transport cost",
        "{money}/{unit}",
        Section::Link,
        "Cost of moving one {unit} of {from}'s product to {to}, paid by {to}. Road and rail in Pakistan cost roughly 0.03-0.08 USD per t-km; e.g. Reko Diq to Gwadar port (about 700 km) by road about 30-50 USD/t.",
    );
    /// The upstream stage (drawn on the canvas, shown read-only).
    pub const FROM: Field = plain(
        "from",
        "From",
        "",
        Section::Link,
        Rule::Text,
        "The upstream stage that sends material.",
    );
    /// The downstream stage (drawn on the canvas, shown read-only).
    pub const TO: Field = plain(
        "to",
        "To",
        "",
        Section::Link,
        Rule::Text,
        "The downstream stage that receives it.",
    );

    /// Every field of a link, in the order the inspector shows them.
    pub const ALL: [&Field; 4] = [&FROM, &TO, &SHARE, &TRANSPORT_COST];
}

/// The fields of the project settings: name, currency, years, economy, policy, phases, notes.
pub mod settings {
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
        "Share of domestically supplied purchased inputs (and transport) that is domestic value added in the supplying firms; used for indirect VA. 30-50% is typical for a semi-industrial economy.",
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
    pub const ALL: [&Field; 23] = [
        &NAME,
        &DESCRIPTION,
        &CURRENCY_CODE,
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

    /// Its catalogue entry.
    pub fn field(self) -> &'static Field {
        match self {
            Self::CapacityPerYear => &stage::CAPACITY,
            Self::InputPerUnit => &stage::INPUT_PER_UNIT,
            Self::PricePerUnit => &stage::PRICE,
            Self::WagesPerYear => &stage::WAGES,
            Self::Jobs => &stage::JOBS,
            Self::RoyaltyPct => &stage::ROYALTY,
            Self::OtherTaxesPerUnit => &stage::OTHER_TAXES,
            Self::SubsidiesPerYear => &stage::SUBSIDIES,
            Self::Capex => &stage::CAPEX,
            Self::CapexImportedPct => &stage::CAPEX_IMPORTED,
            Self::ConstructionYears => &stage::CONSTRUCTION_YEARS,
            Self::EconomicLifeYears => &stage::ECONOMIC_LIFE,
            Self::FirstProductionYear => &stage::FIRST_PRODUCTION_YEAR,
            Self::RampUpYears => &stage::RAMP_UP_YEARS,
            Self::EnergyMwhPerUnit => &stage::ENERGY,
            Self::Co2TPerUnit => &stage::CO2,
            Self::WaterM3PerUnit => &stage::WATER,
            Self::ExportTaxPct => &stage::EXPORT_TAX,
            Self::ExportTaxPerUnit => &stage::EXPORT_TAX_PER_UNIT,
            Self::ExportBan => &stage::EXPORT_BAN,
            Self::EnergyTariffPerMwh => &stage::ENERGY_TARIFF,
            Self::ByProductPrice(_) => &stage::BY_PRODUCT_PRICE,
            Self::PurchasedInputCost(_) => &stage::INPUT_COST,
        }
    }

    /// The field's value in `stage`; `None` for a by-product or input the stage lacks.
    /// Whole years and the export ban read as numbers (the ban as 1 or 0).
    pub fn get(self, stage: &Stage) -> Option<f64> {
        Some(match self {
            Self::CapacityPerYear => stage.capacity_per_year,
            Self::InputPerUnit => stage.input_per_unit,
            Self::PricePerUnit => stage.price_per_unit,
            Self::WagesPerYear => stage.wages_per_year,
            Self::Jobs => stage.jobs,
            Self::RoyaltyPct => stage.royalty_pct,
            Self::OtherTaxesPerUnit => stage.other_taxes_per_unit,
            Self::SubsidiesPerYear => stage.subsidies_per_year,
            Self::Capex => stage.capex,
            Self::CapexImportedPct => stage.capex_imported_pct,
            Self::ConstructionYears => f64::from(stage.construction_years),
            Self::EconomicLifeYears => f64::from(stage.economic_life_years),
            Self::FirstProductionYear => f64::from(stage.first_production_year),
            Self::RampUpYears => f64::from(stage.ramp_up_years),
            Self::EnergyMwhPerUnit => stage.energy_mwh_per_unit,
            Self::Co2TPerUnit => stage.co2_t_per_unit,
            Self::WaterM3PerUnit => stage.water_m3_per_unit,
            Self::ExportTaxPct => stage.export_tax_pct,
            Self::ExportTaxPerUnit => stage.export_tax_per_unit,
            Self::ExportBan => f64::from(u8::from(stage.export_ban)),
            Self::EnergyTariffPerMwh => stage.energy_tariff_per_mwh,
            Self::ByProductPrice(n) => stage.by_products.get(n)?.price,
            Self::PurchasedInputCost(n) => stage.purchased_inputs.get(n)?.cost_per_unit,
        })
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
        }
        Some(())
    }
}

impl LinkField {
    /// Every field of a link.
    pub const ALL: [Self; 2] = [Self::SharePct, Self::TransportCostPerUnit];

    /// Its catalogue entry.
    pub fn field(self) -> &'static Field {
        match self {
            Self::SharePct => &link::SHARE,
            Self::TransportCostPerUnit => &link::TRANSPORT_COST,
        }
    }

    /// The field's value in `link`.
    pub fn get(self, link: &Link) -> f64 {
        match self {
            Self::SharePct => link.share_pct,
            Self::TransportCostPerUnit => link.transport_cost_per_unit,
        }
    }

    /// Sets the field in `link`.
    pub fn set(self, link: &mut Link, value: f64) {
        match self {
            Self::SharePct => link.share_pct = value,
            Self::TransportCostPerUnit => link.transport_cost_per_unit = value,
        }
    }
}

impl EconomyField {
    /// Every economy setting.
    pub const ALL: [Self; 4] = [
        Self::GdpBaseYear,
        Self::GdpGrowthPct,
        Self::DiscountRatePct,
        Self::DomesticVaContentPct,
    ];

    /// Its catalogue entry.
    pub fn field(self) -> &'static Field {
        match self {
            Self::GdpBaseYear => &settings::GDP,
            Self::GdpGrowthPct => &settings::GDP_GROWTH,
            Self::DiscountRatePct => &settings::DISCOUNT_RATE,
            Self::DomesticVaContentPct => &settings::DOMESTIC_VA_CONTENT,
        }
    }

    /// The setting's value in `economy`.
    pub fn get(self, economy: &Economy) -> f64 {
        match self {
            Self::GdpBaseYear => economy.gdp_base_year,
            Self::GdpGrowthPct => economy.gdp_growth_pct,
            Self::DiscountRatePct => economy.discount_rate_pct,
            Self::DomesticVaContentPct => economy.domestic_va_content_pct,
        }
    }

    /// Sets the setting in `economy`.
    pub fn set(self, economy: &mut Economy, value: f64) {
        match self {
            Self::GdpBaseYear => economy.gdp_base_year = value,
            Self::GdpGrowthPct => economy.gdp_growth_pct = value,
            Self::DiscountRatePct => economy.discount_rate_pct = value,
            Self::DomesticVaContentPct => economy.domestic_va_content_pct = value,
        }
    }
}

impl PolicyField {
    /// Every project-wide policy setting.
    pub const ALL: [Self; 2] = [Self::CarbonPricePerTCo2, Self::CarbonBorderAdjustment];

    /// Its catalogue entry.
    pub fn field(self) -> &'static Field {
        match self {
            Self::CarbonPricePerTCo2 => &settings::CARBON_PRICE,
            Self::CarbonBorderAdjustment => &settings::CARBON_PRICING,
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeSet;

    use serde::Serialize;

    use super::*;
    use crate::model::chain::{ByProduct, Phase, PurchasedInput, StageId, StageKind};
    use crate::model::{LocalCurrency, Project};

    /// The keys `value` serialises with.
    fn keys_of(value: &impl Serialize) -> BTreeSet<String> {
        match serde_json::to_value(value).unwrap() {
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            other => panic!("not a struct: {other}"),
        }
    }

    /// The last part of each key in `fields` whose key starts with `prefix`, plus `excluded`.
    fn catalogued(fields: &[&Field], prefix: &str, excluded: &[&str]) -> BTreeSet<String> {
        fields
            .iter()
            .filter_map(|field| field.key.strip_prefix(prefix))
            .filter(|rest| !rest.contains('.'))
            .chain(excluded.iter().copied())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_field_of_the_model_has_a_catalogue_entry() {
        let mut stage = Stage::new(StageId::from("mine"), StageKind::Mining, 2030);
        stage.by_products.push(ByProduct {
            name: "Gold".to_owned(),
            unit: "oz".to_owned(),
            quantity_per_unit: 1.0,
            price: 1.0,
        });
        stage.purchased_inputs.push(PurchasedInput {
            name: "Power".to_owned(),
            cost_per_unit: 1.0,
            imported_pct: 0.0,
        });
        // `sources` are notes about fields, with their own rows; `position` is where the box
        // sits on the canvas, moved by dragging.
        assert_eq!(
            keys_of(&stage),
            catalogued(&stage::ALL, "", &["sources", "position"]),
            "a stage field without a catalogue entry (or an entry for no field)"
        );
        assert_eq!(
            keys_of(&stage.by_products[0]),
            catalogued(&stage::ALL, "by_products.", &[])
        );
        assert_eq!(
            keys_of(&stage.purchased_inputs[0]),
            catalogued(&stage::ALL, "purchased_inputs.", &[])
        );
        let link = Link {
            from: StageId::from("a"),
            to: StageId::from("b"),
            share_pct: 1.0,
            transport_cost_per_unit: 0.0,
        };
        assert_eq!(keys_of(&link), catalogued(&link::ALL, "", &[]));

        let mut project = Project::empty("Test", 2025);
        project.currency.local = Some(LocalCurrency {
            code: "PKR".to_owned(),
            per_base_unit: 280.0,
        });
        // `version` is written by the program; stages and links are edited on the canvas;
        // scenarios, levers and uncertainties have their own panels; the nested settings
        // (currency, horizon, economy, policy) are checked field by field below.
        let top_level: Vec<&Field> = settings::ALL
            .into_iter()
            .filter(|field| !matches!(field.section, Section::Economy | Section::Policy))
            .collect();
        let project_keys = catalogued(
            &top_level,
            "",
            &[
                "version",
                "links",
                "scenarios",
                "levers",
                "uncertainties",
                "currency",
                "economy",
                "policy",
            ],
        );
        let project_keys: BTreeSet<String> = project_keys
            .into_iter()
            // Phases' own years are keyed like the file's phase fields.
            .filter(|key| key != "first_year" && key != "last_year")
            .collect();
        assert_eq!(keys_of(&project), project_keys);
        assert_eq!(
            keys_of(&project.currency),
            catalogued(&settings::ALL, "currency.", &[])
        );
        assert_eq!(
            keys_of(project.currency.local.as_ref().unwrap()),
            catalogued(&settings::ALL, "currency.local.", &[])
        );
        assert_eq!(
            keys_of(&project.horizon),
            catalogued(&settings::ALL, "horizon.", &[])
        );
        let economy: BTreeSet<String> = EconomyField::ALL
            .iter()
            .map(|field| field.field().key.to_owned())
            .collect();
        assert_eq!(keys_of(&project.economy), economy);
        let policy: BTreeSet<String> = PolicyField::ALL
            .iter()
            .map(|field| field.field().key.to_owned())
            .collect();
        assert_eq!(keys_of(&project.policy), policy);
        let phase = Phase {
            name: "P".to_owned(),
            first_year: 2025,
            last_year: 2026,
        };
        let phase_keys: BTreeSet<String> = [
            &settings::PHASE_NAME,
            &settings::PHASE_FIRST_YEAR,
            &settings::PHASE_LAST_YEAR,
        ]
        .iter()
        .map(|field| field.key.rsplit('.').next().unwrap_or_default().to_owned())
        .collect();
        assert_eq!(keys_of(&phase), phase_keys);
    }

    #[test]
    fn every_scalar_stage_field_reads_back_what_was_set() {
        let mut stage = Stage::new(StageId::from("mine"), StageKind::Mining, 2030);
        for (n, field) in StageField::SCALARS.into_iter().enumerate() {
            let value = if field.field().rule == Rule::Switch {
                1.0
            } else {
                n as f64 + 3.0
            };
            field.set(&mut stage, value).unwrap();
            assert_eq!(field.get(&stage), Some(value), "{field:?}");
        }
    }

    #[test]
    fn keys_are_unique_within_each_catalogue() {
        for all in [&stage::ALL[..], &link::ALL[..], &settings::ALL[..]] {
            let keys: BTreeSet<&str> = all.iter().map(|field| field.key).collect();
            assert_eq!(keys.len(), all.len());
        }
    }

    #[test]
    fn rules_bound_and_explain() {
        assert_eq!(stage::ROYALTY.rule.bounds(), (0.0, 100.0));
        assert!(stage::ROYALTY.is_pct());
        assert_eq!(
            stage::ROYALTY.problem(120.0).as_deref(),
            Some("Royalty is 120%, above 100%; type a share between 0 and 100.")
        );
        assert_eq!(Rule::NonNegative.refusal(-5.0), Some("Must be 0 or more"));
        assert!(stage::CAPACITY.problem(f64::NAN).unwrap().contains("not a number"));
        assert!(stage::WAGES.problem(-1.0).unwrap().contains("negative"));
        assert_eq!(stage::CAPACITY.problem(10.0), None);
        assert!(stage::FIRST_PRODUCTION_YEAR.rule.accepts(2030.0));
        assert!(!stage::FIRST_PRODUCTION_YEAR.rule.accepts(2400.0));
        assert!(!stage::CONSTRUCTION_YEARS.rule.accepts(201.0));
        assert_eq!(stage::ECONOMIC_LIFE.rule.bounds(), (1.0, 200.0));
        assert!(stage::ECONOMIC_LIFE.rule.accepts(0.0), "validation explains 0 with capex");
        assert_eq!(settings::GDP_GROWTH.rule.refusal(-99.0), Some("Type a yearly rate between -50% and 100%"));
        assert!(settings::GDP.rule.refusal(0.0).is_some());
        assert_eq!(StageField::ExportBan.field().param_kind(), Some(ParamKind::Switch));
        assert!(!stage::EXPORT_BAN.can_be_lever());
        assert!(stage::PRICE.can_be_uncertain());
        assert!(!stage::NAME.can_be_lever());
        assert_eq!(stage::CO2.label_in_sentence(), "CO2");
        assert_eq!(stage::INPUT_PER_UNIT.label_in_sentence(), "input per unit");
    }

    #[test]
    fn units_fill_in_the_stage_unit_and_the_currency() {
        let units = Units {
            unit: "t",
            money: "USD",
            ..Units::default()
        };
        assert_eq!(stage::CAPACITY.unit_text(&units), "t/year");
        assert_eq!(stage::PRICE.unit_text(&units), "USD/t");
        assert_eq!(stage::ENERGY_TARIFF.unit_text(&units), "USD/MWh");
        assert_eq!(Units::default().fill("a {nope} b"), "a {nope} b");
    }
}
