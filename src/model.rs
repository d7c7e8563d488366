//! What a project holds: the value chain as the planner describes it.
//!
//! Everything here is plain data that serialises to the RON project file. Money is in the
//! project's base currency (`Project::currency.code`, USD by default); quantities are in each
//! stage's own product unit. Percentages are stored as 0-100, as planners type them.
//!
//! [`Project`] lives here; the parts it is made of are in [`chain`] (re-exported here), the
//! scenario, lever and uncertainty records in [`params`], and the description of every
//! editable field in [`catalogue`]. Nothing in [`chain`] or [`params`] imports this file, so
//! the project and its parts form no import circle.

pub mod catalogue;
pub mod chain;
pub mod edit;
pub mod fiscal;
pub mod fragment;
pub mod generate;
pub mod params;
pub mod placement;
pub mod pricing;
pub mod scenario;
pub mod validate;

use serde::{Deserialize, Serialize};

use crate::model::fiscal::FiscalRegime;
use crate::model::pricing::PriceDeck;

pub use crate::model::chain::{
    ByProduct, ByProductDestination, CanvasPos, CarbonPricing, Currency, Destination, Economy,
    Horizon, Link, LocalCurrency, Location, Phase, Policy, PurchasedInput, Stage, StageId,
    StageKind,
};
use crate::model::params::{Lever, Scenario, Uncertainty};

/// The file-format version this build writes. Older versions keep loading (see `io`).
pub const FORMAT_VERSION: u32 = 2;

/// A whole value-chain project: economy, stages, links and notes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// File-format version; always [`FORMAT_VERSION`] when written by this build.
    pub version: u32,
    /// Short name shown in the window title and reports.
    pub name: String,
    /// One or two sentences on what the project studies.
    #[serde(default)]
    pub description: String,
    /// Currency of every money figure, plus an optional local currency for display.
    #[serde(default)]
    pub currency: Currency,
    /// Year in which `economy.gdp` is measured and to which NPVs are discounted.
    pub base_year: i32,
    /// Years the calculation covers, inclusive.
    pub horizon: Horizon,
    /// The national economy the chain sits in.
    pub economy: Economy,
    /// Named year ranges (e.g. Demonstration / Scaling / Full impact) for reading results.
    #[serde(default)]
    pub phases: Vec<Phase>,
    /// The stages of the chain, in the order the planner keeps them (order never changes results).
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// Material flows between stages.
    #[serde(default)]
    pub links: Vec<Link>,
    /// Free-text notes: assumptions, caveats.
    #[serde(default)]
    pub notes: String,
    /// Sources for the figures, one entry each.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Project-wide policy settings (carbon price). Per-stage levers live on each stage.
    #[serde(default)]
    pub policy: Policy,
    /// The price deck: commodities by name, each with a price path, which stages' pricing
    /// rules read (`docs/METHOD.md` section 16). Not written when empty.
    #[serde(default, skip_serializing_if = "PriceDeck::is_empty")]
    pub prices: PriceDeck,
    /// The fiscal regime every domestic stage operates under unless it has its own
    /// (`docs/METHOD.md` section 18); unset: no income tax. Not written when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal: Option<FiscalRegime>,
    /// Named scenarios, each storing only what differs from the base (this project), in the
    /// order the planner keeps them. Names are unique.
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
    /// Parameters marked as levers: a slider each, with its range.
    #[serde(default)]
    pub levers: Vec<Lever>,
    /// Parameters with a probability distribution, for Monte Carlo runs.
    #[serde(default)]
    pub uncertainties: Vec<Uncertainty>,
}

impl Project {
    /// The fiscal regime `stage` is taxed under: its own, else the project's, else none.
    pub fn regime_of<'a>(&'a self, stage: &'a Stage) -> Option<&'a fiscal::FiscalRegime> {
        stage.fiscal.as_ref().or(self.fiscal.as_ref())
    }

    /// An empty project with sensible economy defaults, for File → New.
    pub fn empty(name: &str, base_year: i32) -> Self {
        Self {
            version: FORMAT_VERSION,
            name: name.to_owned(),
            description: String::new(),
            currency: Currency::default(),
            base_year,
            horizon: Horizon {
                first_year: base_year,
                last_year: base_year + 20,
            },
            economy: Economy {
                gdp_base_year: 100e9,
                gdp_growth_pct: 3.0,
                discount_rate_pct: 8.0,
                domestic_va_content_pct: 40.0,
                construction_jobs_per_million: chain::DEFAULT_CONSTRUCTION_JOBS_PER_MILLION,
                shadow_exchange_rate_factor: 1.0,
                shadow_wage_factor: 1.0,
            },
            phases: Vec::new(),
            stages: Vec::new(),
            links: Vec::new(),
            notes: String::new(),
            sources: Vec::new(),
            policy: Policy::default(),
            prices: PriceDeck::new(),
            fiscal: None,
            scenarios: Vec::new(),
            levers: Vec::new(),
            uncertainties: Vec::new(),
        }
    }

    /// The scenario named `name`.
    pub fn scenario(&self, name: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|scenario| scenario.name == name)
    }

    /// Index of the link from `from` to `to` in `links`.
    pub fn link_index(&self, from: &StageId, to: &StageId) -> Option<usize> {
        self.links
            .iter()
            .position(|link| &link.from == from && &link.to == to)
    }

    /// True when the two projects compute alike: the same chain and settings. Scenarios,
    /// levers, uncertainties, names and notes are left aside (they do not change the base's
    /// figures), so the window can keep the base's results while only a scenario changes.
    pub fn same_chain(&self, other: &Self) -> bool {
        self.stages == other.stages
            && self.links == other.links
            && self.economy == other.economy
            && self.horizon == other.horizon
            && self.base_year == other.base_year
            && self.policy == other.policy
            && self.prices == other.prices
            && self.fiscal == other.fiscal
            && self.phases == other.phases
            && self.currency == other.currency
    }

    /// The stage with this id.
    pub fn stage(&self, id: &StageId) -> Option<&Stage> {
        self.stages.iter().find(|stage| &stage.id == id)
    }

    /// Index of the stage with this id in `stages`.
    pub fn stage_index(&self, id: &StageId) -> Option<usize> {
        self.stages.iter().position(|stage| &stage.id == id)
    }

    /// A new id, unused in this project, derived from `base` ("smelter", "smelter-2", …).
    pub fn fresh_stage_id(&self, base: &str) -> StageId {
        fresh_id(base, self.stages.len(), |candidate| {
            self.stages.iter().any(|s| s.id.0 == candidate)
        })
    }

    /// Would a link `from → to` close a cycle (including a self-link)?
    pub fn link_would_cycle(&self, from: &StageId, to: &StageId) -> bool {
        if from == to {
            return true;
        }
        // A cycle appears exactly when `from` is already reachable from `to`.
        let mut stack = vec![to];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(current) = stack.pop() {
            if current == from {
                return true;
            }
            if seen.insert(current) {
                stack.extend(
                    self.links
                        .iter()
                        .filter(|link| &link.from == current)
                        .map(|link| &link.to),
                );
            }
        }
        false
    }
}

/// A stage id derived from `base` ("Copper smelter" → "copper-smelter", then
/// "copper-smelter-2", …) for which `taken` is false, given that `count` ids are taken: the one
/// rule for new ids, whether the taken ones are a project's or a set being filled (a paste, an
/// import).
pub fn fresh_id(base: &str, count: usize, taken: impl Fn(&str) -> bool) -> StageId {
    let slug: String = base
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug = if slug.is_empty() {
        "stage".to_owned()
    } else {
        slug
    };
    if !taken(&slug) {
        return StageId(slug);
    }
    // There are fewer ids taken than candidates, so one of these is always free.
    (2..=count + 2)
        .map(|n| format!("{slug}-{n}"))
        .find(|candidate| !taken(candidate))
        .map_or_else(|| StageId(slug.clone()), StageId)
}
