//! Checks of the price deck and of the stages it prices: every commodity with a path of
//! increasing years inside the horizon and prices within their rule; every pricing rule,
//! deck by-product and payable by-metal naming a commodity the deck has; grades, payable
//! shares and moisture that make sense; and grade and recovery whose grades are known.

use crate::model::catalogue::Field;
use crate::model::catalogue::pricing_fields::{
    self, COMMODITY, DECK_POINT_PRICE, DECK_YEAR, GRADE, MOISTURE, RECOVERY, RULE,
};
use crate::model::catalogue::stage_fields::BY_PRODUCTS;
use crate::model::params::PricingField;
use crate::model::pricing::{MassUnit, PricingRule};
use crate::model::{Project, Stage};

use super::graph_order::LinkEnds;
use super::problem::{Problem, Subject};

/// Problems of the deck, then of each stage's pricing and grades.
pub(super) fn check_prices(project: &Project, link_ends: &[LinkEnds], problems: &mut Vec<Problem>) {
    check_deck(project, problems);
    let priced = project
        .stages
        .iter()
        .any(|s| s.pricing.is_some() || s.grade_recovery.is_some() || has_deck_by_product(s));
    if !priced {
        return;
    }
    check_paid_by_metals(project, link_ends, problems);
    check_typed_price_params(project, problems);
    for (index, stage) in project.stages.iter().enumerate() {
        check_rule(project, stage, problems);
        if stage.grade_recovery.is_some() {
            // The stage feeding it by its first link, as the calculation reads it.
            let upstream = link_ends
                .iter()
                .find(|(_, to)| *to == Some(index))
                .and_then(|(from, _)| project.stages.get((*from)?));
            check_grades(project, stage, upstream, problems);
        }
    }
}

/// Warns of a stage fed by a concentrate whose price pays for a by-metal (gold in copper
/// concentrate) when the stage sells none of that metal: it pays for the metal in its feed
/// and never earns it back.
fn check_paid_by_metals(project: &Project, link_ends: &[LinkEnds], problems: &mut Vec<Problem>) {
    for &(from, to) in link_ends {
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let (Some(upstream), Some(stage)) = (project.stages.get(from), project.stages.get(to))
        else {
            continue;
        };
        let Some(PricingRule::Concentrate(terms)) = &upstream.pricing else {
            continue;
        };
        for metal in &terms.by_metals {
            let sold = stage
                .by_products
                .iter()
                .any(|b| b.commodity.as_deref() == Some(metal.commodity.as_str()));
            if !sold && stage.location == crate::model::Location::Domestic && stage.active {
                problems.push(Problem::warning(
                    Subject::Stage(stage.id.clone()),
                    Some(BY_PRODUCTS.key),
                    format!(
                        "Its feed from '{}' is priced with payable {}, but this stage sells no {} as a by-product priced from the deck: it pays for the metal and never earns it back. Add the by-product (priced on '{}').",
                        upstream.name, metal.commodity, metal.commodity, metal.commodity
                    ),
                ));
            }
        }
    }
}

/// Warns of a parameter that acts on a stage's typed price while a rule prices the stage:
/// moving it would change nothing.
fn check_typed_price_params(project: &Project, problems: &mut Vec<Problem>) {
    use crate::model::params::{Param, StageField};
    let params = project
        .levers
        .iter()
        .map(|lever| (&lever.param, "A lever"))
        .chain(
            project
                .uncertainties
                .iter()
                .map(|u| (&u.param, "An uncertainty")),
        )
        .chain(
            project
                .scenarios
                .iter()
                .flat_map(|scenario| scenario.overrides.keys().map(|param| (param, "A scenario"))),
        );
    for (param, what) in params {
        if let Param::Stage(id, StageField::PricePerUnit) = param
            && let Some(stage) = project.stage(id)
            && stage.pricing.is_some()
        {
            problems.push(Problem::warning(
                Subject::Stage(id.clone()),
                Some(RULE.key),
                format!(
                    "{what} moves the typed price of '{}', but a pricing rule sets its price, so it changes nothing; move the deck price or the rule's terms instead.",
                    stage.name
                ),
            ));
        }
    }
}

fn has_deck_by_product(stage: &Stage) -> bool {
    stage.by_products.iter().any(|b| b.commodity.is_some())
}

fn check_deck(project: &Project, problems: &mut Vec<Problem>) {
    let horizon = project.horizon;
    for (name, commodity) in &project.prices {
        let error = |field: &Field, message: String| {
            Problem::error(Subject::Project, Some(field.key), message)
        };
        if name.trim().is_empty() {
            problems.push(error(
                &DECK_YEAR,
                "A commodity of the price deck has no name; name it (e.g. \"copper\") so pricing rules can refer to it.".to_owned(),
            ));
        }
        if commodity.path.is_empty() {
            problems.push(error(
                &DECK_POINT_PRICE,
                format!("The price of '{name}' has no year and price; add at least one (one point is a flat price for every year)."),
            ));
        }
        for (n, point) in commodity.path.iter().enumerate() {
            if let Some(message) = DECK_POINT_PRICE.rule.problem(
                &format!("The price of '{name}' in {}", point.year),
                point.price,
            ) {
                problems.push(error(&DECK_POINT_PRICE, message));
            }
            if !horizon.contains(point.year) {
                problems.push(error(
                    &DECK_YEAR,
                    format!(
                        "The price path of '{name}' has a point in {}, outside the horizon ({}-{}); move it inside the horizon or remove it.",
                        point.year, horizon.first_year, horizon.last_year
                    ),
                ));
            }
            if n > 0 && commodity.path[n - 1].year >= point.year {
                problems.push(error(
                    &DECK_YEAR,
                    format!(
                        "The price path of '{name}' has {} after {}; list its years in increasing order, each once.",
                        point.year,
                        commodity.path[n - 1].year
                    ),
                ));
            }
        }
    }
}

/// Problems of the stage's rule and deck by-products.
fn check_rule(project: &Project, stage: &Stage, problems: &mut Vec<Problem>) {
    let subject = || Subject::Stage(stage.id.clone());
    let deck = &project.prices;
    let missing = |commodity: &str, what: &str| {
        let known: Vec<&str> = deck.keys().map(String::as_str).collect();
        let known = if known.is_empty() {
            "the deck is empty".to_owned()
        } else {
            format!("the deck has {}", known.join(", "))
        };
        format!(
            "{what} is priced on '{commodity}', which is not in the price deck ({known}); add it in the Project tab's price deck or pick one it has."
        )
    };
    for by_product in &stage.by_products {
        let Some(commodity) = &by_product.commodity else {
            continue;
        };
        if !deck.contains_key(commodity) {
            let message = missing(commodity, &format!("By-product '{}'", by_product.name));
            problems.push(Problem::error(subject(), Some(BY_PRODUCTS.key), message));
        } else if MassUnit::parse(&by_product.unit).is_none() {
            problems.push(Problem::error(
                subject(),
                Some(BY_PRODUCTS.key),
                format!(
                    "By-product '{}' is priced from the deck but its unit '{}' is not a mass; use t, kg, lb, oz or g.",
                    by_product.name, by_product.unit
                ),
            ));
        }
    }
    let Some(rule) = &stage.pricing else {
        return;
    };
    for (n, commodity) in rule.commodities().enumerate() {
        if !deck.contains_key(commodity) {
            let what = if n == 0 {
                "The product".to_owned()
            } else {
                format!("Payable by-metal {n}")
            };
            problems.push(Problem::error(
                subject(),
                Some(COMMODITY.key),
                missing(commodity, &what),
            ));
        }
    }
    for field in PricingField::of_stage(stage) {
        let entry = field.field();
        if let Some(value) = field.get(stage)
            && let Some(message) = entry.problem(value)
        {
            problems.push(Problem::error(subject(), Some(entry.key), message));
        }
    }
    match rule {
        PricingRule::Concentrate(terms) => {
            if terms.grade_pct.is_finite() && terms.grade_pct <= 0.0 {
                problems.push(Problem::error(
                    subject(),
                    Some(GRADE.key),
                    "The concentrate's metal grade is 0%; type the grade (copper concentrate 22-35%).",
                ));
            }
            if terms.moisture_pct >= 100.0 {
                problems.push(Problem::error(
                    subject(),
                    Some(MOISTURE.key),
                    "Moisture of 100% leaves no dry concentrate to sell; type the water share of the wet mass (8-10% is usual).",
                ));
            }
        }
        PricingRule::RefinedMetal(_) => {
            if MassUnit::parse(&stage.unit).is_none() {
                problems.push(Problem::error(
                    subject(),
                    Some(RULE.key),
                    format!(
                        "Refined metal is priced per unit of mass, but the stage's unit is '{}'; set the unit to t, kg, lb, oz or g.",
                        stage.unit
                    ),
                ));
            }
        }
        PricingRule::Fabricated(_) => {}
    }
}

/// Problems of the stage's grade and recovery, `upstream` being the stage feeding it.
fn check_grades(
    project: &Project,
    stage: &Stage,
    upstream: Option<&Stage>,
    problems: &mut Vec<Problem>,
) {
    let Some(gr) = &stage.grade_recovery else {
        return;
    };
    let subject = || Subject::Stage(stage.id.clone());
    if stage.pricing.is_none() {
        for field in PricingField::of_stage(stage) {
            let entry = field.field();
            if let Some(value) = field.get(stage)
                && let Some(message) = entry.problem(value)
            {
                problems.push(Problem::error(subject(), Some(entry.key), message));
            }
        }
    }
    if gr.recovery_pct.is_finite() && gr.recovery_pct <= 0.0 {
        problems.push(Problem::error(
            subject(),
            Some(RECOVERY.key),
            "A recovery of 0% makes nothing from any feed; type the share of the metal that reaches the product (flotation 85-92%).",
        ));
        return;
    }
    let feed_grade = match gr.feed_grade_pct {
        Some(pct) => Some(pct / 100.0),
        None => upstream.and_then(|up| up.product_grade(&project.prices)),
    };
    if feed_grade.is_some_and(|grade| grade > 1.0) {
        problems.push(Problem::error(
            subject(),
            Some(pricing_fields::FEED_GRADE.key),
            "The feed grade taken from the stage feeding this one is above 100% (its metal per unit counts more than its own mass); type the feed grade.",
        ));
        return;
    }
    if stage.product_grade(&project.prices).is_none() {
        problems.push(Problem::error(
            subject(),
            Some(pricing_fields::PRODUCT_GRADE.key),
            "The feed per unit follows from grades, but the product's grade is not known; type the product grade, or price the stage by a rule that states it.",
        ));
    } else if stage.input_from_grades(upstream, &project.prices).is_none() {
        let message = if gr.feed_grade_pct.is_some() {
            "The feed grade is 0%, so no feed is enough; type the metal grade of the feed."
        } else {
            "The feed grade is taken from the stage feeding this one, but it states no grade (or nothing feeds this stage); type the feed grade."
        };
        problems.push(Problem::error(
            subject(),
            Some(pricing_fields::FEED_GRADE.key),
            message,
        ));
    }
}
