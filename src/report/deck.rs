//! The price deck as a report lists it: each commodity with its unit, its price path and its
//! source, and the stages a pricing rule prices (`docs/METHOD.md` section 16). The table
//! prints both after the investment table; JSON carries them as two lists, left out when the
//! project has no deck and no rule, so older reports read the same. The CSV report keeps its
//! one row per stage and is unchanged.

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::Project;
use crate::model::pricing::PricePoint;
use crate::report::format::thousands;

/// Paths of up to this many points are written out in full; longer ones as first → last.
const POINTS_WRITTEN_OUT: usize = 4;

/// One commodity of the deck.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeckRow {
    /// The commodity's name in the deck, e.g. "copper".
    pub commodity: String,
    /// What one price is per, e.g. "t" or "oz".
    pub unit: &'static str,
    /// The price path, years in increasing order.
    pub path: Vec<PricePoint>,
    /// Where the prices come from.
    pub source: String,
}

/// A stage whose price a rule builds from the deck.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PricedStage {
    /// Stage id.
    pub id: String,
    /// Stage name.
    pub name: String,
    /// The rule's name, e.g. "Concentrate (net smelter return)".
    pub rule: &'static str,
    /// The deck commodities the rule reads (the paid metal first, then by-metals).
    pub commodities: Vec<String>,
}

/// The deck of `project`, commodity by commodity (name order).
pub fn deck_rows(project: &Project) -> Vec<DeckRow> {
    project
        .prices
        .iter()
        .map(|(name, commodity)| DeckRow {
            commodity: name.clone(),
            unit: commodity.unit.label(),
            path: commodity.path.clone(),
            source: commodity.source.clone(),
        })
        .collect()
}

/// The stages of `project` a pricing rule prices, in project order.
pub fn priced_stages(project: &Project) -> Vec<PricedStage> {
    project
        .stages
        .iter()
        .filter_map(|stage| {
            let rule = stage.pricing.as_ref()?;
            Some(PricedStage {
                id: stage.id.0.clone(),
                name: stage.name.clone(),
                rule: rule.label(),
                commodities: rule.commodities().map(str::to_owned).collect(),
            })
        })
        .collect()
}

/// A price as the table writes it: whole numbers without decimals, others with two.
fn price_text(price: f64) -> String {
    let decimals = if price.fract() == 0.0 { 0 } else { 2 };
    thousands(price, decimals)
}

/// A path as the table writes it: "2026: 10,000 → 2030: 9,000", or its first and last
/// points when it has more than [`POINTS_WRITTEN_OUT`], or "flat 9,950 (from 2025)".
pub fn path_text(path: &[PricePoint]) -> String {
    let point = |p: &PricePoint| format!("{}: {}", p.year, price_text(p.price));
    match path {
        [] => "no price".to_owned(),
        [only] => format!("flat {} (from {})", price_text(only.price), only.year),
        [first, .., last] if path.len() > POINTS_WRITTEN_OUT => format!(
            "{} → … → {} ({} points)",
            point(first),
            point(last),
            path.len()
        ),
        _ => path.iter().map(point).collect::<Vec<_>>().join(" → "),
    }
}

/// The deck and the rule-priced stages as the table prints them, after the investment table;
/// nothing when the project has neither.
pub fn table(out: &mut String, deck: &[DeckRow], priced: &[PricedStage], currency: &str) {
    if !deck.is_empty() {
        let _ = writeln!(
            out,
            "\nPrice deck (a straight line between points, flat beyond the ends):"
        );
        let name_width = deck
            .iter()
            .map(|row| row.commodity.chars().count())
            .max()
            .unwrap_or(0);
        let unit_width = deck
            .iter()
            .map(|row| currency.chars().count() + 1 + row.unit.chars().count())
            .max()
            .unwrap_or(0);
        for row in deck {
            let unit = format!("{currency}/{}", row.unit);
            let _ = writeln!(
                out,
                "  {:<name_width$}  {unit:<unit_width$}  {}",
                row.commodity,
                path_text(&row.path)
            );
            if !row.source.is_empty() {
                let _ = writeln!(out, "  {:<name_width$}  source: {}", "", row.source);
            }
        }
    }
    if !priced.is_empty() {
        let _ = writeln!(
            out,
            "\nStages priced by rule (from the deck, year by year):"
        );
        let name_width = priced
            .iter()
            .map(|stage| stage.name.chars().count())
            .max()
            .unwrap_or(0);
        for stage in priced {
            let _ = writeln!(
                out,
                "  {:<name_width$}  {} on {}",
                stage.name,
                stage.rule,
                stage.commodities.join(", ")
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(year: i32, price: f64) -> PricePoint {
        PricePoint { year, price }
    }

    #[test]
    fn paths_are_written_out_short_and_cut_long() {
        assert_eq!(path_text(&[point(2025, 9950.0)]), "flat 9,950 (from 2025)");
        assert_eq!(
            path_text(&[point(2026, 10_000.0), point(2030, 9_000.0)]),
            "2026: 10,000 → 2030: 9,000"
        );
        assert_eq!(path_text(&[point(2025, 63.5)]), "flat 63.50 (from 2025)");
        let long: Vec<PricePoint> = (0..6)
            .map(|k| point(2025 + k, 100.0 + f64::from(k)))
            .collect();
        assert_eq!(path_text(&long), "2025: 100 → … → 2030: 105 (6 points)");
        assert_eq!(path_text(&[]), "no price");
    }
}
