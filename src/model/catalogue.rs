//! The field catalogue: every field a planner can edit, described once.
//!
//! Each [`Field`] gives a field's key in the project file, its label, its unit (a template
//! that the stage's unit and the currency fill in), the inspector section it sits in, its help
//! text with typical values, the [`Rule`] its values must follow (the limits live here and
//! nowhere else), and whether it can be a lever or an uncertainty. The numeric fields of
//! stages, links, the economy and the policy are keyed by the enums that parameters use
//! ([`StageField`], [`LinkField`], [`EconomyField`], [`PolicyField`]), which also read and
//! write them on the model; text, choice and list fields are constants beside them. The
//! entries themselves are in [`stage_fields`], [`link_fields`] and [`settings_fields`]. The
//! inspector draws its rows from these entries, validation checks against their rules and
//! names them by their labels, and levers, uncertainties and sensitivity read their labels,
//! units and bounds.

pub mod fiscal_fields;
pub mod link_fields;
pub mod pricing_fields;
pub mod settings_fields;
pub mod stage_fields;
pub mod typed_number;

use std::borrow::Cow;
use std::ops::RangeInclusive;

use crate::model::params::ParamKind;

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
    /// The project's commodities and their price paths.
    PriceDeck,
    /// Income tax, its holiday, write-offs, losses, minimum and withholding taxes.
    Fiscal,
    /// Who owns a stage.
    Ownership,
    /// How a stage's capex is financed.
    Financing,
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
            Self::PriceDeck => "Price deck",
            Self::Fiscal => "Fiscal regime",
            Self::Ownership => "Owners",
            Self::Financing => "Financing",
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
    /// Any number of at most [`MAX_FIGURE`] either side of zero (charges that can turn
    /// negative, premiums that can be discounts).
    Signed,
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
    #[inline]
    // A whole number is exactly equal to its integer cast: the comparison is meant exact.
    #[allow(clippy::float_cmp)]
    pub fn accepts(self, value: f64) -> bool {
        match self {
            Self::Text | Self::Choice | Self::List | Self::Group => true,
            // Switches are stored as 0 or 1 exactly.
            Self::Switch => value.to_bits() == 0f64.to_bits() || value.to_bits() == 1f64.to_bits(),
            Self::NonNegative => value.is_finite() && (0.0..=MAX_FIGURE).contains(&value),
            Self::Signed => value.is_finite() && value.abs() <= MAX_FIGURE,
            Self::Positive => value.is_finite() && value > 0.0 && value <= MAX_FIGURE,
            Self::Percent => value.is_finite() && (0.0..=100.0).contains(&value),
            Self::Rate => RATE_PCT_ACCEPTED.contains(&value),
            // In range first, then whole: the cast is exact for any value in range, and much
            // cheaper than `fract` (a call into libm) on validation's hot path.
            Self::Year => {
                (f64::from(*YEARS_ACCEPTED.start())..=f64::from(*YEARS_ACCEPTED.end()))
                    .contains(&value)
                    && f64::from(value as i32) == value
            }
            Self::WholeYears | Self::LifeYears => {
                (0.0..=f64::from(MAX_DURATION_YEARS)).contains(&value)
                    && f64::from(value as u32) == value
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
            Self::NonNegative | Self::Positive | Self::Signed if value.abs() > MAX_FIGURE => {
                "Too large (at most 1e18) — check the number of digits"
            }
            Self::NonNegative => "Must be 0 or more",
            Self::Positive => "Must be more than 0",
            Self::Percent => "A share is between 0 and 100%",
            Self::Rate => "Type a yearly rate between -50% and 100%",
            Self::Year if !whole => "Type a whole year, e.g. 2030",
            Self::Year => "Type a year between 1800 and 2300",
            Self::WholeYears | Self::LifeYears if value < 0.0 => "Must be 0 or more",
            Self::WholeYears | Self::LifeYears if !whole => "Type a whole number of years, e.g. 3",
            Self::WholeYears | Self::LifeYears => "At most 200 years",
            Self::Switch => "Type 1 for on or 0 for off",
            Self::Signed | Self::Text | Self::Choice | Self::List | Self::Group => "Not accepted",
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
            Self::NonNegative | Self::Positive | Self::Signed => {
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
                "{label}: {value} is not a usable number of years; type a whole number from 0 to {MAX_DURATION_YEARS}."
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
            Self::Signed => (-MAX_FIGURE, MAX_FIGURE),
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
    /// `template` with its braces filled; borrowed when it has none, so most rows of the
    /// inspector allocate nothing for their label, unit and help.
    pub fn fill(&self, template: &'static str) -> Cow<'static, str> {
        if !template.contains('{') {
            return Cow::Borrowed(template);
        }
        let mut text = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                text.push_str(&rest[open..]);
                return Cow::Owned(text);
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
        Cow::Owned(text)
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
    pub fn label_text(&self, units: &Units<'_>) -> Cow<'static, str> {
        units.fill(self.label)
    }

    /// The label lower-cased for the middle of a sentence ("capacity", but "CO2").
    pub fn label_in_sentence(&self) -> String {
        in_sentence(self.label)
    }

    /// The unit with its braces filled.
    pub fn unit_text(&self, units: &Units<'_>) -> Cow<'static, str> {
        units.fill(self.unit)
    }

    /// The help text with its braces filled.
    pub fn help_text(&self, units: &Units<'_>) -> Cow<'static, str> {
        units.fill(self.help)
    }

    /// What validation says about `value` (see [`Rule::problem`]), naming the field by label.
    pub fn problem(&self, value: f64) -> Option<String> {
        self.rule.problem(self.label, value)
    }
}

/// `label` for the middle of a sentence: its first letter lower-cased, unless the second is a
/// capital too (an acronym: "CO2", "NPV" keep theirs). "Share of GDP" → "share of GDP".
pub fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first
            .to_lowercase()
            .chain(label[first.len_utf8()..].chars())
            .collect(),
        _ => label.to_owned(),
    }
}

/// `text` with its first letter capitalised, to start a sentence or a label.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The entry of `key` in any of the catalogues (a stage's, the settings', pricing's, a
/// link's, fiscal terms'): for reading a file's keys as people's words.
pub fn find_field(key: &str) -> Option<&'static Field> {
    stage_fields::ALL
        .into_iter()
        .chain(settings_fields::ALL)
        .chain(pricing_fields::ALL)
        .chain(link_fields::ALL)
        .chain(fiscal_fields::every_field())
        .find(|field| field.key == key)
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeSet;

    use serde::Serialize;

    use super::*;
    use crate::model::catalogue::link_fields as link;
    use crate::model::catalogue::settings_fields as settings;
    use crate::model::catalogue::stage_fields as stage;
    use crate::model::chain::{ByProduct, Phase, PurchasedInput, StageId, StageKind};
    use crate::model::chain::{Link, Stage};
    use crate::model::params::{EconomyField, PolicyField, StageField};
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
            commodity: None,
            // Written only when it is not the default.
            destination: crate::model::ByProductDestination::Export,
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
        // Fields a file leaves out at their defaults are set, so they are written.
        "million PKR".clone_into(&mut project.currency.money_unit);
        project.economy.shadow_exchange_rate_factor = 1.2;
        project.economy.shadow_wage_factor = 0.6;
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
        assert!(
            stage::CAPACITY
                .problem(f64::NAN)
                .unwrap()
                .contains("not a number")
        );
        assert!(stage::WAGES.problem(-1.0).unwrap().contains("negative"));
        assert_eq!(stage::CAPACITY.problem(10.0), None);
        assert!(stage::FIRST_PRODUCTION_YEAR.rule.accepts(2030.0));
        assert!(!stage::FIRST_PRODUCTION_YEAR.rule.accepts(2400.0));
        assert!(!stage::CONSTRUCTION_YEARS.rule.accepts(201.0));
        assert_eq!(stage::ECONOMIC_LIFE.rule.bounds(), (1.0, 200.0));
        assert!(
            stage::ECONOMIC_LIFE.rule.accepts(0.0),
            "validation explains 0 with capex"
        );
        assert_eq!(
            settings::GDP_GROWTH.rule.refusal(-99.0),
            Some("Type a yearly rate between -50% and 100%")
        );
        assert!(settings::GDP.rule.refusal(0.0).is_some());
        assert_eq!(
            StageField::ExportBan.field().param_kind(),
            Some(ParamKind::Switch)
        );
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
