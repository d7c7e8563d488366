//! Checks of who gets the value: the project's fiscal regime and each stage's own, owners and
//! loan, every figure against its catalogue rule, owners' shares adding up to 100%, a holiday
//! that ends within the horizon, and a loan with a tenor that can repay it.

use crate::model::catalogue::Field;
use crate::model::catalogue::fiscal_fields::SLIDING_ROYALTY;
use crate::model::catalogue::fiscal_fields::{GRACE, HOLIDAY_YEARS, TENOR};
use crate::model::fiscal::{Financing, FiscalRegime, Ownership, SlidingRoyalty};
use crate::model::params::{FiscalField, LoanField, OwnerField};
use crate::model::{Project, Stage};

use super::problem::{Problem, Subject};

/// Largest difference from 100% accepted in owners' shares (rounding in typed shares).
const SHARES_TOLERANCE_PCT: f64 = 1e-6;

/// Problems of the project's regime, then of each stage's regime, owners and loan.
pub(super) fn check_fiscal(project: &Project, problems: &mut Vec<Problem>) {
    if let Some(regime) = &project.fiscal {
        check_regime(project, regime, &Subject::Project, problems);
    }
    for stage in &project.stages {
        check_stage_fiscal(project, stage, problems);
    }
}

fn check_stage_fiscal(project: &Project, stage: &Stage, problems: &mut Vec<Problem>) {
    let subject = Subject::Stage(stage.id.clone());
    if let Some(regime) = &stage.fiscal {
        check_regime(project, regime, &subject, problems);
    }
    if let Some(owners) = &stage.ownership {
        check_owners(owners, &subject, problems);
    }
    if let Some(loan) = &stage.financing {
        check_loan(loan, &subject, problems);
    }
}

/// The problem of `value` in `field` when its rule refuses it.
fn by_rule(field: &'static Field, value: f64, subject: &Subject, problems: &mut Vec<Problem>) {
    if let Some(message) = field.problem(value) {
        problems.push(Problem::error(subject.clone(), Some(field.key), message));
    }
}

fn check_regime(
    project: &Project,
    regime: &FiscalRegime,
    subject: &Subject,
    problems: &mut Vec<Problem>,
) {
    for field in FiscalField::ALL {
        by_rule(field.field(), field.get(regime), subject, problems);
    }
    if let Some(sliding) = &regime.sliding_royalty {
        check_sliding_royalty(project, sliding, subject, problems);
    }
    let horizon = project.horizon.len();
    if regime.holiday_years as usize > horizon {
        problems.push(Problem::error(
            subject.clone(),
            Some(HOLIDAY_YEARS.key),
            format!(
                "The tax holiday of {} years is longer than the horizon ({horizon} years); shorten it, or set the income tax rate to 0 if no income tax is paid at all.",
                regime.holiday_years
            ),
        ));
    }
}

/// A sliding royalty needs a deck commodity and bands of finite, rising prices with rates
/// between 0 and 100%.
fn check_sliding_royalty(
    project: &Project,
    sliding: &SlidingRoyalty,
    subject: &Subject,
    problems: &mut Vec<Problem>,
) {
    let mut refuse = |message: String| {
        problems.push(Problem::error(
            subject.clone(),
            Some(SLIDING_ROYALTY.key),
            message,
        ));
    };
    if !project.prices.contains_key(&sliding.commodity) {
        let known: Vec<&str> = project.prices.keys().map(String::as_str).collect();
        refuse(format!(
            "The sliding royalty follows '{}', which the price deck does not have; pick one of: {}.",
            sliding.commodity,
            if known.is_empty() {
                "(the deck is empty: add the commodity first)".to_owned()
            } else {
                known.join(", ")
            }
        ));
    }
    if sliding.bands.is_empty() {
        refuse("The sliding royalty has no bands; add at least one (a price from which a rate applies).".to_owned());
    }
    for (number, band) in sliding.bands.iter().enumerate() {
        if !band.from_price.is_finite() || band.from_price < 0.0 {
            refuse(format!(
                "Band {} of the sliding royalty starts at {}; a price is a number of 0 or more.",
                number + 1,
                band.from_price
            ));
        }
        if !(0.0..=100.0).contains(&band.rate_pct) {
            refuse(format!(
                "Band {} of the sliding royalty has a rate of {}%; a rate is between 0 and 100%.",
                number + 1,
                band.rate_pct
            ));
        }
    }
    if sliding
        .bands
        .windows(2)
        .any(|pair| pair[1].from_price <= pair[0].from_price)
    {
        refuse("The sliding royalty's bands must start at rising prices, each above the one before; reorder them.".to_owned());
    }
}

fn check_owners(owners: &Ownership, subject: &Subject, problems: &mut Vec<Problem>) {
    for field in OwnerField::ALL {
        by_rule(field.field(), field.get(owners), subject, problems);
    }
    let total = owners.total();
    if total.is_finite() && (total - 100.0).abs() > SHARES_TOLERANCE_PCT {
        problems.push(Problem::error(
            subject.clone(),
            Some(crate::model::catalogue::fiscal_fields::FOREIGN_OWNERS.key),
            format!(
                "The owners' shares add up to {total}%; they must add up to 100% (state paid, state free-carried, domestic private and foreign)."
            ),
        ));
    }
}

fn check_loan(loan: &Financing, subject: &Subject, problems: &mut Vec<Problem>) {
    for field in LoanField::ALL {
        by_rule(field.field(), field.get(loan), subject, problems);
    }
    if loan.debt_pct > 0.0 && loan.tenor_years == 0 {
        problems.push(Problem::error(
            subject.clone(),
            Some(TENOR.key),
            "The loan has a tenor of 0 years, so it could never be repaid; type the years from the first drawdown to the last repayment (12-15 for project finance).",
        ));
    } else if loan.debt_pct > 0.0 && loan.grace_years >= loan.tenor_years {
        problems.push(Problem::error(
            subject.clone(),
            Some(GRACE.key),
            format!(
                "The grace period ({} years) does not end before the tenor ({} years); shorten the grace period or lengthen the tenor.",
                loan.grace_years, loan.tenor_years
            ),
        ));
    }
}
