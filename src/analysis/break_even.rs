//! The break-even deck price (`docs/METHOD.md` 18.3): the level of one commodity's price path
//! at which the domestic chain's after-tax NPV is zero, every point of the path moved in
//! proportion, as a lever on the deck moves it. After-tax NPV rises with the price of what the
//! chain sells, so the level is found by bisection between a tenth of a percent of today's
//! level and ten times it.

use serde::Serialize;

use crate::calc::{Results, compute_reusing};
use crate::model::Project;
use crate::model::scenario::Param;

use super::{AnalysisError, invalid_error};

/// Lowest level searched, as a share of the deck's level (a price of zero is refused).
const LOWEST: f64 = 1e-3;
/// Highest level searched, as a multiple of the deck's level.
const HIGHEST: f64 = 10.0;
/// Bisection stops when the bracket is narrower than this share of the deck's level.
const TOLERANCE: f64 = 1e-7;

/// Where the chain's after-tax NPV crosses zero as one commodity's price moves.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakEven {
    /// The deck commodity moved.
    pub commodity: String,
    /// The deck's level of its price path today (its first point's price).
    pub deck_level: f64,
    /// The chain's after-tax NPV at the deck's prices.
    pub npv_at_deck: f64,
    /// What the search found.
    pub outcome: Outcome,
}

/// The result of the search.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum Outcome {
    /// After-tax NPV is zero with the path's first price at this level.
    At(f64),
    /// After-tax NPV stays positive down to the lowest level searched.
    PositiveAtAnyPrice,
    /// After-tax NPV stays negative up to the highest level searched.
    NegativeAtAnyPrice,
}

impl BreakEven {
    /// The break-even level as a share of the deck's level (1 = today's deck).
    pub fn share_of_deck(&self) -> Option<f64> {
        match self.outcome {
            Outcome::At(level) if self.deck_level > 0.0 => Some(level / self.deck_level),
            _ => None,
        }
    }
}

/// The break-even level of `commodity`'s price path in `project`.
pub fn break_even(project: &Project, commodity: &str) -> Result<BreakEven, AnalysisError> {
    let param = Param::Deck(commodity.to_owned());
    let deck_level = param.get(project).map_err(|_| AnalysisError::Invalid {
        what: format!("the break-even price of {commodity}"),
        first: format!(
            "the price deck has no commodity '{commodity}'; it has: {}",
            project
                .prices
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        count: 1,
    })?;
    let mut copy = super::lean_copy(project);
    let mut previous: Option<Results> = None;
    let mut npv_at = |level: f64| -> Result<f64, AnalysisError> {
        param
            .set(&mut copy, level)
            .map_err(|error| AnalysisError::Invalid {
                what: format!("the break-even price of {commodity}"),
                first: error.to_string(),
                count: 1,
            })?;
        match compute_reusing(&copy, previous.take()) {
            Ok(results) => {
                let npv = results.chain_after_tax().npv;
                previous = Some(results);
                Ok(npv)
            }
            Err(problems) => Err(invalid_error(
                project,
                &format!("the project with {commodity} at {level}"),
                &problems,
            )),
        }
    };
    let npv_at_deck = npv_at(deck_level)?;
    let found = |outcome| BreakEven {
        commodity: commodity.to_owned(),
        deck_level,
        npv_at_deck,
        outcome,
    };
    let (mut low, mut high) = if npv_at_deck >= 0.0 {
        let low = deck_level * LOWEST;
        if npv_at(low)? >= 0.0 {
            return Ok(found(Outcome::PositiveAtAnyPrice));
        }
        (low, deck_level)
    } else {
        let high = deck_level * HIGHEST;
        if npv_at(high)? < 0.0 {
            return Ok(found(Outcome::NegativeAtAnyPrice));
        }
        (deck_level, high)
    };
    // NPV(low) < 0 <= NPV(high).
    while high - low > deck_level * TOLERANCE {
        let middle = 0.5 * (low + high);
        if npv_at(middle)? >= 0.0 {
            high = middle;
        } else {
            low = middle;
        }
    }
    Ok(found(Outcome::At(0.5 * (low + high))))
}
