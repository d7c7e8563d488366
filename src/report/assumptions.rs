//! The assumptions of a project for a report: every input that differs from the value a new
//! project or a new stage starts with, with its label and unit from the field catalogue and
//! the source note the planner gave it, and the price deck with its sources.

use serde::Serialize;
use serde_json::Value;

use crate::model::catalogue::{Field, settings_fields, stage_fields};
use crate::model::{Project, Stage};

use super::format::printed_symbols;

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
    ] {
        let (Ok(now), Ok(default)) = (now, default) else {
            continue;
        };
        for (field, value, default) in differences(&now, &default) {
            let full_key = format!("{key}.{field}");
            let entry = settings_fields::ALL.iter().find(|f| f.key == full_key);
            out.push(assumption(
                owner,
                &full_key,
                entry.copied(),
                value,
                default,
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
    let units = crate::model::catalogue::Units {
        unit: &stage.unit,
        money: project.currency.money_unit(),
        ..crate::model::catalogue::Units::default()
    };
    let mut rows: Vec<(String, &Value, &Value)> = differences(&now, &default)
        .into_iter()
        .filter(|(key, _, _)| !NOT_ASSUMPTIONS.contains(&key.as_str()))
        .collect();
    // An input with a source note is listed even at its default: the note is the planner's
    // word that the default was checked.
    for key in stage.sources.keys() {
        if !rows.iter().any(|(listed, _, _)| listed == key) {
            let value = now.get(key.as_str()).unwrap_or(&Value::Null);
            let default = default.get(key.as_str()).unwrap_or(&Value::Null);
            rows.push((key.clone(), value, default));
        }
    }
    rows.into_iter()
        .map(|(key, value, default)| {
            let entry = stage_fields::ALL.iter().find(|f| f.key == key).copied();
            let source = stage.sources.get(&key).map_or("", String::as_str);
            let mut row = assumption(&stage.name, &key, entry, value, default, source);
            if let Some(entry) = entry {
                row.input = printed_symbols(&entry.label_text(&units));
                row.unit = printed_symbols(&entry.unit_text(&units));
            }
            row
        })
        .collect()
}

fn assumption(
    owner: &str,
    key: &str,
    entry: Option<&Field>,
    value: &Value,
    default: &Value,
    source: &str,
) -> Assumption {
    Assumption {
        owner: owner.to_owned(),
        input: entry.map_or_else(|| key.to_owned(), |f| printed_symbols(f.label)),
        key: key.to_owned(),
        value: brief(value),
        number: value.as_f64(),
        unit: entry.map_or_else(String::new, |f| printed_symbols(f.unit)),
        default: brief(default),
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

/// A value as a reader wants it: numbers in full, text as it is, lists and records in brief.
fn brief(value: &Value) -> String {
    let text = match value {
        Value::Null => "not set".to_owned(),
        Value::Bool(true) => "yes".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        Value::Number(number) => number
            .as_f64()
            .map_or_else(|| number.to_string(), crate::report::csv_cell::number),
        Value::String(text) => text.clone(),
        Value::Array(items) if items.is_empty() => "none".to_owned(),
        other => other.to_string(),
    };
    if text.chars().count() > 160 {
        text.chars().take(159).collect::<String>() + "…"
    } else {
        text
    }
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
}
