//! Checks of the project settings: the horizon, the economy, the carbon price, the display
//! currency, the base year, and the phases, each against its catalogue rule.

use crate::model::Project;
use crate::model::catalogue::settings_fields::{
    BASE_YEAR, CARBON_PRICE, EXCHANGE_RATE, FIRST_YEAR, HORIZON, LAST_YEAR, PHASE_FIRST_YEAR,
    PHASE_LAST_YEAR, STAGES,
};
use crate::model::catalogue::{Field, MAX_HORIZON_YEARS};
use crate::model::scenario::EconomyField;

use super::problem::{Problem, Subject};

/// How many years before the horizon the base year may lie before it looks like a typo.
const BASE_YEAR_SLACK_YEARS: i32 = 10;

/// Adds the problem of `value` in the settings field `field`, if its rule refuses it.
fn check(problems: &mut Vec<Problem>, subject: &Subject, field: &'static Field, value: f64) {
    if let Some(message) = field.problem(value) {
        problems.push(Problem::error(subject.clone(), Some(field.key), message));
    }
}

pub(super) fn check_settings(project: &Project, problems: &mut Vec<Problem>) {
    let subject = Subject::Project;
    let horizon = project.horizon;
    if horizon.first_year > horizon.last_year {
        problems.push(Problem::error(
            subject.clone(),
            Some(HORIZON.key),
            format!(
                "The horizon runs backwards ({} to {}); make the first year the earlier one.",
                horizon.first_year, horizon.last_year
            ),
        ));
    } else if horizon.len() > MAX_HORIZON_YEARS {
        problems.push(Problem::error(
            subject.clone(),
            Some(HORIZON.key),
            format!(
                "The horizon covers {} years; at most {MAX_HORIZON_YEARS} are allowed. Check the years for a typo.",
                horizon.len()
            ),
        ));
    }
    for field in EconomyField::ALL {
        check(
            problems,
            &subject,
            field.field(),
            field.get(&project.economy),
        );
    }
    check(
        problems,
        &subject,
        &CARBON_PRICE,
        project.policy.carbon_price_per_t_co2,
    );
    if let Some(local) = &project.currency.local {
        check(problems, &subject, &EXCHANGE_RATE, local.per_base_unit);
    }
    check(problems, &subject, &BASE_YEAR, f64::from(project.base_year));
    check(
        problems,
        &subject,
        &FIRST_YEAR,
        f64::from(horizon.first_year),
    );
    check(problems, &subject, &LAST_YEAR, f64::from(horizon.last_year));
    if project.base_year < horizon.first_year.saturating_sub(BASE_YEAR_SLACK_YEARS)
        || project.base_year > horizon.last_year
    {
        problems.push(Problem::warning(
            subject.clone(),
            Some(BASE_YEAR.key),
            format!(
                "The base year {} is far from the horizon ({}-{}); GDP is grown from it and NPVs are discounted to it, so check it is the year of the GDP figure.",
                project.base_year, horizon.first_year, horizon.last_year
            ),
        ));
    }
    if project.stages.is_empty() {
        problems.push(Problem::warning(
            subject,
            Some(STAGES.key),
            "The chain has no stages yet; add one to see results.",
        ));
    }
}

pub(super) fn check_phases(project: &Project, problems: &mut Vec<Problem>) {
    for (index, phase) in project.phases.iter().enumerate() {
        let subject = || Subject::Phase(index);
        check(
            problems,
            &subject(),
            &PHASE_FIRST_YEAR,
            f64::from(phase.first_year),
        );
        check(
            problems,
            &subject(),
            &PHASE_LAST_YEAR,
            f64::from(phase.last_year),
        );
        if phase.first_year > phase.last_year {
            problems.push(Problem::error(
                subject(),
                Some(PHASE_FIRST_YEAR.key),
                format!(
                    "Phase '{}' runs backwards ({} to {}); swap the years.",
                    phase.name, phase.first_year, phase.last_year
                ),
            ));
        } else if !project.horizon.contains(phase.first_year)
            || !project.horizon.contains(phase.last_year)
        {
            problems.push(Problem::warning(
                subject(),
                Some(PHASE_LAST_YEAR.key),
                format!(
                    "Phase '{}' ({}-{}) reaches outside the horizon ({}-{}); its results only cover the years inside.",
                    phase.name,
                    phase.first_year,
                    phase.last_year,
                    project.horizon.first_year,
                    project.horizon.last_year
                ),
            ));
        }
    }
}
