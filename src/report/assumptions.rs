//! The assumptions of a project for a report: every input that differs from the value a new
//! project or a new stage starts with, with its label and unit from the field catalogue and
//! the source note the planner gave it, and the price deck with its sources.

use serde::Serialize;
use serde_json::Value;

use crate::model::catalogue::{Field, Rule, Units, capitalised, find_field, settings_fields};
use crate::model::fiscal::FiscalRegime;
use crate::model::params::PricingField;
use crate::model::{Project, Stage};

use super::format::{printed_symbols, thousands_exact};

/// One input that differs from its default.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assumption {
    /// Where it belongs: "Economy", "Policy", a stage's name, "Price deck".
    pub owner: String,
    /// The field's label from the catalogue ("Price per unit"), or its key when uncatalogued.
    pub input: String,
    /// Its key in the project file (`price_per_unit`), for finding it.
    pub key: String,
    /// The value, as text (a number in full, a choice by name, a list in brief).
    pub value: String,
    /// A number's value, for a spreadsheet cell; `None` for text, choices and lists.
    pub number: Option<f64>,
    /// The unit, filled in ("USD per t").
    pub unit: String,
    /// The value it would have by default, as text.
    pub default: String,
    /// The default's value when it is a number, for a spreadsheet cell.
    pub default_number: Option<f64>,
    /// The planner's source note for it (empty when none was given).
    pub source: String,
}

/// Fields of a stage that identify or place it rather than assume anything.
const NOT_ASSUMPTIONS: [&str; 5] = ["id", "name", "position", "sources", "kind"];

/// Every input of `project` that differs from its default, settings first, then each stage in
/// project order, then the price deck.
pub fn assumptions(project: &Project) -> Vec<Assumption> {
    let mut out = Vec::new();
    let fresh = Project::empty(&project.name, project.base_year);
    let units = Units {
        money: project.currency.money_unit(),
        year: project.base_year,
        ..Units::default()
    };
    for (owner, key, now, default) in [
        (
            "Economy",
            "economy",
            serde_json::to_value(&project.economy),
            serde_json::to_value(&fresh.economy),
        ),
        (
            "Policy",
            "policy",
            serde_json::to_value(&project.policy),
            serde_json::to_value(&fresh.policy),
        ),
        // The project's fiscal regime (none: nothing listed), against a regime of zeros.
        (
            "Fiscal regime",
            "fiscal",
            serde_json::to_value(&project.fiscal),
            serde_json::to_value(FiscalRegime::default()),
        ),
    ] {
        let (Ok(now), Ok(default)) = (now, default) else {
            continue;
        };
        for (field, value, default) in differences(&now, &default) {
            let full_key = format!("{key}.{field}");
            // The catalogue names economy and policy fields by their own key.
            let entry = find_field(&full_key).or_else(|| {
                settings_fields::ALL
                    .iter()
                    .find(|f| f.key == field)
                    .copied()
            });
            out.push(assumption(
                owner,
                &full_key,
                entry,
                &units,
                [value, default],
                "",
            ));
        }
    }
    for stage in &project.stages {
        out.extend(stage_assumptions(project, stage));
    }
    for (commodity, deck) in &project.prices {
        let path: Vec<String> = deck
            .path
            .iter()
            .map(|point| {
                format!(
                    "{} {}",
                    point.year,
                    crate::report::format::thousands(point.price, 2)
                )
            })
            .collect();
        out.push(Assumption {
            owner: "Price deck".to_owned(),
            input: commodity.clone(),
            key: format!("prices.{commodity}"),
            value: path.join("; "),
            number: None,
            unit: format!(
                "{} per {}",
                project.currency.money_unit(),
                deck.unit.label()
            ),
            default: "not set".to_owned(),
            default_number: None,
            source: deck.source.clone(),
        });
    }
    out
}

fn stage_assumptions(project: &Project, stage: &Stage) -> Vec<Assumption> {
    let fresh = Stage::new(stage.id.clone(), stage.kind, stage.first_production_year);
    let (Ok(now), Ok(default)) = (serde_json::to_value(stage), serde_json::to_value(&fresh)) else {
        return Vec::new();
    };
    // The feed is measured in the unit of the stage that supplies it.
    let feed = project
        .links
        .iter()
        .filter(|link| link.to == stage.id)
        .find_map(|link| project.stages.iter().find(|s| s.id == link.from))
        .map_or("feed", |upstream| upstream.unit.as_str());
    let units = Units {
        unit: &stage.unit,
        money: project.currency.money_unit(),
        feed,
        year: project.base_year,
        ..Units::default()
    };
    let mut rows: Vec<(String, &Value, &Value)> = differences(&now, &default)
        .into_iter()
        .filter(|(key, _, _)| !NOT_ASSUMPTIONS.contains(&key.as_str()))
        .collect();
    // An input with a source note is listed even at its default: the note is the planner's
    // word that the default was checked.
    // A note on a field of a record ("grade_recovery.recovery_pct") goes with that field's
    // row when the record is listed, and is listed on its own otherwise.
    for key in stage.sources.keys() {
        let top = key.split('.').next().unwrap_or(key);
        if !rows
            .iter()
            .any(|(listed, _, _)| listed == key || listed == top)
        {
            let pointer = format!("/{}", key.replace('.', "/"));
            let value = now.pointer(&pointer).unwrap_or(&Value::Null);
            let default = default.pointer(&pointer).unwrap_or(&Value::Null);
            rows.push((key.clone(), value, default));
        }
    }
    let context = StageContext {
        project,
        stage,
        units,
    };
    rows.into_iter()
        .flat_map(|(key, value, default)| context.rows_of(&key, [value, default]))
        .collect()
}

/// What the rows of one stage's inputs are read with.
struct StageContext<'a> {
    project: &'a Project,
    stage: &'a Stage,
    /// The stage's own units (its product's unit, the money unit, the base year).
    units: Units<'a>,
}

impl<'a> StageContext<'a> {
    /// The units of the input `key`, item `n` of a list when `item` is given: a
    /// by-product's own unit, and for a pricing rule's fields the units the inspector shows
    /// ([`PricingField::item`]).
    fn units_for(&self, key: &str, item: Option<(usize, &'a Value)>) -> Units<'a> {
        let deck = &self.project.prices;
        let item_unit = match (&self.stage.pricing, item) {
            (Some(rule), Some((n, _))) if key.starts_with("pricing.by_metals") => {
                PricingField::ByMetalContent(n).item(rule, deck).1
            }
            (_, Some((_, item))) => item.get("unit").and_then(Value::as_str).unwrap_or_default(),
            (Some(rule), None) => PricingField::of_stage(self.stage)
                .into_iter()
                .find(|field| field.field().key == key)
                .map_or("", |field| field.item(rule, deck).1),
            (None, None) => "",
        };
        Units {
            item_unit,
            ..self.units
        }
    }

    /// The rows of one input: a record (a loan, its owners, its own regime, grade and
    /// recovery, a pricing rule) a row for each of its fields that differs; a list of items
    /// (purchased inputs, by-products) a row for each item; anything else one row.
    fn rows_of(&self, key: &str, [value, default]: [&'a Value; 2]) -> Vec<Assumption> {
        let owner = &self.stage.name;
        let units = self.units_for(key, None);
        let mut rows = Vec::new();
        match (value, &self.stage.pricing) {
            // A pricing rule is written as its kind around its terms.
            (Value::Object(kind), Some(rule)) if key == "pricing" && kind.len() == 1 => {
                let mut row = assumption(owner, key, find_field(key), &units, [value, default], "");
                rule.label().clone_into(&mut row.value);
                rows.push(row);
                for terms in kind.values() {
                    rows.extend(self.record_rows(key, [terms, &Value::Null]));
                }
            }
            (Value::Object(_), _) => rows.extend(self.record_rows(key, [value, default])),
            (Value::Array(items), _) if is_list_of_records(items) => {
                let parent = label_of(key, &units);
                for (n, item) in items.iter().enumerate() {
                    rows.push(self.item_row(key, &parent, n, item));
                }
            }
            _ => rows.push(assumption(
                owner,
                key,
                find_field(key),
                &units,
                [value, default],
                "",
            )),
        }
        // The input's note goes with its first row, where the reader starts.
        if let Some(first) = rows.first_mut()
            && first.source.is_empty()
            && let Some(source) = self.stage.sources.get(key)
        {
            source.clone_into(&mut first.source);
        }
        rows
    }

    /// A row for each field of the record `value` at `key` that differs from `default`'s
    /// (a list inside it, a row for each of its items).
    fn record_rows(&self, key: &str, [value, default]: [&'a Value; 2]) -> Vec<Assumption> {
        let Value::Object(fields) = value else {
            return Vec::new();
        };
        let parent = label_of(key, &self.units);
        let mut rows = Vec::new();
        for (field, now) in fields {
            let was = default.get(field).unwrap_or(&Value::Null);
            if now == was {
                continue;
            }
            let full_key = format!("{key}.{field}");
            if let Value::Array(items) = now
                && is_list_of_records(items)
            {
                let list = format!("{parent}: {}", label_of(&full_key, &self.units));
                for (n, item) in items.iter().enumerate() {
                    rows.push(self.item_row(&full_key, &list, n, item));
                }
                continue;
            }
            let source = self.stage.sources.get(&full_key).map_or("", String::as_str);
            let units = self.units_for(&full_key, None);
            let entry = find_field(&full_key);
            let mut row = assumption(
                &self.stage.name,
                &full_key,
                entry,
                &units,
                [now, was],
                source,
            );
            row.input = format!("{parent}: {}", row.input);
            rows.push(row);
        }
        rows
    }

    /// Item `n` of the list at `key` in one row: its name, then its other fields in brief.
    fn item_row(&self, key: &str, parent: &str, n: usize, item: &'a Value) -> Assumption {
        // An item goes by its name, or a by-metal by its commodity.
        let (named_by, name) = ["name", "commodity"]
            .into_iter()
            .find_map(|field| Some((field, item.get(field)?.as_str()?)))
            .unwrap_or_default();
        let units = Units {
            item: name,
            ..self.units_for(key, Some((n, item)))
        };
        let parts: Vec<String> = item
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(field, _)| field.as_str() != named_by)
            .map(|(field, value)| {
                let full_key = format!("{key}.{field}");
                let entry = find_field(&full_key);
                let unit =
                    entry.map_or_else(String::new, |f| printed_symbols(&f.unit_text(&units)));
                let text = brief(value, entry.map(|f| f.rule));
                let label = label_of(&full_key, &units);
                match unit.as_str() {
                    "" => format!("{label} {text}"),
                    "%" => format!("{label} {text}%"),
                    _ => format!("{label} {text} {unit}"),
                }
            })
            .collect();
        Assumption {
            owner: self.stage.name.clone(),
            input: format!("{parent} {}: {name}", n + 1),
            key: format!("{key}[{n}]"),
            value: parts.join("; "),
            number: None,
            unit: String::new(),
            default: "none".to_owned(),
            default_number: None,
            source: String::new(),
        }
    }
}

/// Whether `items` is a list of records (purchased inputs, by-products, by-metals).
fn is_list_of_records(items: &[Value]) -> bool {
    !items.is_empty() && items.iter().all(Value::is_object)
}

/// The label of `key` from the catalogues, or its last part in words ("Grade recovery").
fn label_of(key: &str, units: &Units<'_>) -> String {
    find_field(key).map_or_else(
        || capitalised(&key.rsplit('.').next().unwrap_or(key).replace('_', " ")),
        |field| printed_symbols(&field.label_text(units)),
    )
}

/// The row of the input `key` (catalogued as `entry`, its label and unit filled from
/// `units`) whose value differs from its default.
fn assumption(
    owner: &str,
    key: &str,
    entry: Option<&Field>,
    units: &Units<'_>,
    [value, default]: [&Value; 2],
    source: &str,
) -> Assumption {
    let rule = entry.map(|f| f.rule);
    Assumption {
        owner: owner.to_owned(),
        input: entry.map_or_else(
            || label_of(key, units),
            |f| printed_symbols(&f.label_text(units)),
        ),
        key: key.to_owned(),
        value: brief(value, rule),
        number: value.as_f64(),
        unit: entry.map_or_else(String::new, |f| printed_symbols(&f.unit_text(units))),
        default: brief(default, rule),
        default_number: default.as_f64(),
        source: source.to_owned(),
    }
}

/// The top-level fields of two JSON objects whose values differ: (key, value, default).
fn differences<'a>(now: &'a Value, default: &'a Value) -> Vec<(String, &'a Value, &'a Value)> {
    let (Value::Object(now), Value::Object(default)) = (now, default) else {
        return Vec::new();
    };
    now.iter()
        .filter_map(|(key, value)| {
            let default = default.get(key).unwrap_or(&Value::Null);
            (value != default).then(|| (key.clone(), value, default))
        })
        .collect()
}

/// A value read by `rule` as a reader wants it: numbers in full with separators (a year
/// without), a choice in words ("Not sold" for `NotSold`), other text as it is, records as
/// their fields in words, lists in brief.
fn brief(value: &Value, rule: Option<Rule>) -> String {
    let text = match value {
        Value::Null => "not set".to_owned(),
        Value::Bool(true) => "yes".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        Value::Number(number) => match number.as_f64() {
            Some(year) if rule == Some(Rule::Year) => format!("{year:.0}"),
            Some(value) => thousands_exact(value),
            None => number.to_string(),
        },
        Value::String(text) if rule == Some(Rule::Choice) => in_words(text),
        Value::String(text) => text.clone(),
        Value::Object(fields) => fields
            .iter()
            .map(|(field, value)| format!("{} {}", field.replace('_', " "), brief(value, None)))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Array(items) if items.is_empty() => "none".to_owned(),
        other => other.to_string(),
    };
    if text.chars().count() > 160 {
        text.chars().take(159).collect::<String>() + "…"
    } else {
        text
    }
}

/// A choice's name in the file as words: `DomesticMarket` → "Domestic market".
fn in_words(name: &str) -> String {
    let mut words = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if i > 0 && c.is_uppercase() {
            words.push(' ');
            words.extend(c.to_lowercase());
        } else {
            words.push(c);
        }
    }
    words
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::{StageId, StageKind};

    #[test]
    fn only_inputs_that_differ_from_their_defaults_are_listed_with_their_sources() {
        let mut project = Project::empty("P", 2025);
        project.economy.gdp_growth_pct = 4.5;
        let mut stage = Stage::new(StageId::from("mine"), StageKind::Mining, 2027);
        stage.name = "Mine".to_owned();
        stage.price_per_unit = 15.0;
        stage
            .sources
            .insert("price_per_unit".to_owned(), "Feasibility study".to_owned());
        project.stages.push(stage);
        let rows = assumptions(&project);
        let growth = rows
            .iter()
            .find(|r| r.key == "economy.gdp_growth_pct")
            .unwrap();
        assert_eq!(growth.number, Some(4.5));
        let price = rows.iter().find(|r| r.key == "price_per_unit").unwrap();
        assert_eq!(price.owner, "Mine");
        assert_eq!(price.source, "Feasibility study");
        assert_eq!(price.number, Some(15.0));
        assert!(!rows.iter().any(|r| r.key == "economy.discount_rate_pct"));
        assert!(!rows.iter().any(|r| r.key == "name" || r.key == "position"));
    }

    /// Settings read by their labels, numbers with separators, choices in words.
    #[test]
    fn assumptions_read_as_words_and_separated_numbers() {
        let mut project = Project::empty("P", 2025);
        project.economy.gdp_base_year = 410_960_000_000.0;
        project.economy.domestic_va_content_pct = 35.0;
        let mut stage = Stage::new(StageId::from("mine"), StageKind::Mining, 2027);
        stage.capacity_per_year = 45_000_000.0;
        stage.unlinked_output = crate::model::Destination::NotSold;
        project.stages.push(stage);
        let rows = assumptions(&project);
        let row = |key: &str| rows.iter().find(|r| r.key == key).unwrap();
        let gdp = row("economy.gdp_base_year");
        assert_eq!(gdp.input, "GDP");
        assert_eq!(gdp.value, "410,960,000,000");
        assert_eq!(gdp.unit, "USD in 2025");
        assert_eq!(
            gdp.number,
            Some(410_960_000_000.0),
            "the workbook keeps the number"
        );
        assert_eq!(
            row("economy.domestic_va_content_pct").input,
            "Domestic VA content"
        );
        assert_eq!(row("capacity_per_year").value, "45,000,000");
        assert_eq!(row("unlinked_output").value, "Not sold");
    }

    /// A stage's records read a row per field and its lists a row per item, in words: no
    /// assumption of the examples shows the file's braces.
    #[test]
    fn records_and_lists_read_as_rows_in_words() {
        let project = crate::io::examples::default_project().unwrap();
        let rows = assumptions(&project);
        for row in &rows {
            assert!(
                !row.value.contains(['{', '[', '"']),
                "{}: {} = {}",
                row.owner,
                row.input,
                row.value
            );
        }
        let row = |owner: &str, input: &str| {
            rows.iter()
                .find(|r| r.owner == owner && r.input == input)
                .unwrap_or_else(|| panic!("{owner}: {input}"))
        };
        let mine = "Open-pit mine, phase 1";
        assert_eq!(row(mine, "Ownership: Foreign owners").value, "50");
        assert_eq!(row(mine, "Financing: Debt").unit, "% of capex");
        assert_eq!(
            row(mine, "Purchased inputs 1: Diesel").value,
            "Cost per unit 0.9 USD/t; Imported share 90%"
        );
        let concentrator = "Concentrator, phase 1";
        assert_eq!(
            row(concentrator, "Priced by").value,
            "Concentrate (net smelter return)"
        );
        assert_eq!(
            row(concentrator, "Priced by: Refining charge").unit,
            "USD/lb payable"
        );
        assert_eq!(row(concentrator, "Input per unit").unit, "t/t");
        // The project's fiscal regime: Pakistan's income tax, an assumption stated as one.
        let tax = rows
            .iter()
            .find(|r| r.owner == "Fiscal regime" && r.key == "fiscal.income_tax_pct")
            .unwrap();
        assert_eq!(
            tax.number,
            Some(project.fiscal.as_ref().unwrap().income_tax_pct)
        );
        assert_eq!(tax.unit, "%");
    }
}
