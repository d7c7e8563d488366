//! Scenarios, levers and uncertainties at work on a project.
//!
//! A [`Param`] addresses one number of a project (a stage field, a link's share, an economy or
//! policy setting); here it is read, written, labelled and bounded, all through its entry in
//! the [field catalogue](crate::model::catalogue). A [`Scenario`] stores only the parameters
//! it overrides and the stages it switches on or off, so a change to the base flows into every
//! scenario that does not override it. Applying a scenario is a clone of the base plus the
//! overrides: cheap enough to redo on every frame of a slider drag. The records themselves
//! live in [`crate::model::params`], re-exported here.

use crate::model::catalogue::pricing_fields;
use crate::model::catalogue::stage_fields::ACTIVE;
use crate::model::catalogue::{Field, Units};
use crate::model::{FORMAT_VERSION, Project, StageId};

pub use crate::model::params::{
    Difference, Distribution, EconomyField, FiscalField, Lever, LinkField, LoanField, OwnerField,
    Param, ParamError, ParamKind, PolicyField, PricingField, Scenario, StageField, Uncertainty,
};

/// The name that stands for the base project wherever a scenario name is expected (the
/// command line's `--base base`); any case.
pub const BASE_NAME: &str = "base";

/// What the base is called for people: in the scenario selector, charts, reports and the
/// figures "against the base".
pub const BASE_LABEL: &str = "Base case";

/// A scenario name for people: the base (an empty name or [`BASE_NAME`]) is [`BASE_LABEL`].
pub fn scenario_label(name: &str) -> String {
    if names_the_base(name) {
        BASE_LABEL.to_owned()
    } else {
        name.to_owned()
    }
}

/// True for a name that would be read as the base: empty, [`BASE_NAME`] or [`BASE_LABEL`] in
/// any case. No scenario may take one.
pub fn names_the_base(name: &str) -> bool {
    let name = name.trim();
    name.is_empty() || name.eq_ignore_ascii_case(BASE_NAME) || name.eq_ignore_ascii_case(BASE_LABEL)
}

impl Param {
    /// Its catalogue entry.
    pub fn field(&self) -> &'static Field {
        match self {
            Self::Stage(_, field) => field.field(),
            Self::Link(_, _, field) => field.field(),
            Self::Economy(field) => field.field(),
            Self::Policy(field) => field.field(),
            Self::Deck(_) => &pricing_fields::DECK_PRICE,
            Self::Fiscal(field) => field.field(),
        }
    }

    /// How its values behave.
    pub fn kind(&self) -> ParamKind {
        self.field().rule.param_kind()
    }

    /// Lowest and highest value the model accepts, so random draws and slider ranges can be
    /// clamped to something that computes.
    pub fn bounds(&self) -> (f64, f64) {
        self.field().rule.bounds()
    }

    /// The value in `project`, or why there is none.
    pub fn get(&self, project: &Project) -> Result<f64, ParamError> {
        let missing = || ParamError::Missing(self.to_string());
        match self {
            Self::Stage(id, field) => project
                .stage(id)
                .and_then(|stage| field.get(stage))
                .ok_or_else(missing),
            Self::Link(from, to, field) => {
                let index = project.link_index(from, to).ok_or_else(missing)?;
                Ok(field.get(&project.links[index]))
            }
            Self::Economy(field) => Ok(field.get(&project.economy)),
            Self::Policy(field) => Ok(field.get(&project.policy)),
            Self::Deck(name) => project
                .prices
                .get(name)
                .map(crate::model::pricing::Commodity::level)
                .ok_or_else(missing),
            Self::Fiscal(field) => Ok(field.get(&project.fiscal.clone().unwrap_or_default())),
        }
    }

    /// Sets the value in `project`. Whole-number fields are rounded, switches are on for any
    /// value from 0.5 up. Range checks are left to validation, which names the field.
    pub fn set(&self, project: &mut Project, value: f64) -> Result<(), ParamError> {
        if !value.is_finite() {
            return Err(ParamError::NotFinite(self.to_string()));
        }
        let missing = || ParamError::Missing(self.to_string());
        match self {
            Self::Stage(id, field) => {
                let index = project.stage_index(id).ok_or_else(missing)?;
                field
                    .set(&mut project.stages[index], value)
                    .ok_or_else(missing)
            }
            Self::Link(from, to, field) => {
                let index = project.link_index(from, to).ok_or_else(missing)?;
                field.set(&mut project.links[index], value);
                Ok(())
            }
            Self::Economy(field) => {
                field.set(&mut project.economy, value);
                Ok(())
            }
            Self::Policy(field) => {
                field.set(&mut project.policy, value);
                Ok(())
            }
            Self::Deck(name) => {
                project
                    .prices
                    .get_mut(name)
                    .ok_or_else(missing)?
                    .set_level(value);
                Ok(())
            }
            Self::Fiscal(field) => {
                field.set(project.fiscal.get_or_insert_with(Default::default), value);
                Ok(())
            }
        }
    }

    /// A label for people, using the stage's name and the catalogue's label: "Smelter:
    /// price", "Smelter: payable gold price", "Link Mine to Mill: share", "GDP growth".
    pub fn label(&self, project: &Project) -> String {
        let stage_name = |id: &StageId| {
            project
                .stage(id)
                .map_or_else(|| id.0.clone(), |stage| stage.name.clone())
        };
        let field = self.field();
        match self {
            Self::Stage(id, stage_field) => {
                let item = project.stage(id).and_then(|stage| match *stage_field {
                    StageField::ByProductPrice(n) => stage.by_products.get(n).map(|b| &b.name),
                    StageField::PurchasedInputCost(n) => {
                        stage.purchased_inputs.get(n).map(|i| &i.name)
                    }
                    _ => None,
                });
                match item {
                    Some(item) => format!("{}: {} price", stage_name(id), item.to_lowercase()),
                    None => format!("{}: {}", stage_name(id), field.label_in_sentence()),
                }
            }
            Self::Link(from, to, _) => format!(
                "Link {} to {}: {}",
                stage_name(from),
                stage_name(to),
                field.label_in_sentence()
            ),
            Self::Economy(_) | Self::Policy(_) | Self::Fiscal(_) => field.label.to_owned(),
            Self::Deck(name) => format!("Price of {name} (deck)"),
        }
    }

    /// The unit of its values, for display ("USD/t", "%", "years"), from the catalogue.
    pub fn unit(&self, project: &Project) -> String {
        if self.kind() == ParamKind::Switch {
            return "on/off".to_owned();
        }
        let unit_of = |id: &StageId| {
            project
                .stage(id)
                .map(|stage| stage.unit.trim())
                .filter(|unit| !unit.is_empty())
                .unwrap_or("unit")
        };
        let mut units = Units {
            unit: "unit",
            money: project.currency.money_unit(),
            feed: "feed",
            item_unit: "unit",
            year: project.base_year,
            ..Units::default()
        };
        match self {
            Self::Stage(id, field) => {
                units.unit = unit_of(id);
                let stage = project.stage(id);
                let rule = stage.and_then(|stage| stage.pricing.as_ref());
                units.item_unit = match (*field, rule) {
                    (StageField::ByProductPrice(n), _) => stage
                        .and_then(|stage| stage.by_products.get(n))
                        .map(|b| b.unit.trim())
                        .filter(|unit| !unit.is_empty())
                        .unwrap_or("unit"),
                    (StageField::Pricing(pricing), Some(rule)) => {
                        pricing.item(rule, &project.prices).1
                    }
                    _ => "unit",
                };
            }
            Self::Link(from, _, _) => units.unit = unit_of(from),
            Self::Economy(_) | Self::Policy(_) | Self::Fiscal(_) => {}
            Self::Deck(name) => {
                units.item_unit = project
                    .prices
                    .get(name)
                    .map_or("unit", |commodity| commodity.unit.label());
            }
        }
        self.field().unit_text(&units).into_owned()
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
        for field in PricingField::of_stage(stage) {
            params.push(Param::Stage(stage.id.clone(), StageField::Pricing(field)));
        }
        let of_stage = |field| Param::Stage(stage.id.clone(), field);
        if stage.fiscal.is_some() {
            params.extend(FiscalField::ALL.map(|f| of_stage(StageField::Fiscal(f))));
        }
        if stage.ownership.is_some() {
            params.extend(OwnerField::ALL.map(|f| of_stage(StageField::Owner(f))));
        }
        if stage.financing.is_some() {
            params.extend(LoanField::ALL.map(|f| of_stage(StageField::Loan(f))));
        }
    }
    for link in &project.links {
        for field in LinkField::ALL {
            params.push(Param::Link(link.from.clone(), link.to.clone(), field));
        }
    }
    params.extend(project.prices.keys().cloned().map(Param::Deck));
    if project.fiscal.is_some() {
        params.extend(FiscalField::ALL.map(Param::Fiscal));
    }
    params.extend(EconomyField::ALL.map(Param::Economy));
    params.extend(PolicyField::ALL.map(Param::Policy));
    params
}

impl Scenario {
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
                    label: format!("{}: {}", stage.name, ACTIVE.label_in_sentence()),
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
