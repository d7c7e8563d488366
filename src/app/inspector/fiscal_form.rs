//! Who gets the value, in the inspector: the project's fiscal regime (Project tab), and a
//! stage's owners, its loan and its own regime (stage inspector). Each is an optional part of
//! the project, switched on by a checkbox that creates it with starting values and off by the
//! same checkbox; its rows are drawn from the catalogue entries
//! ([`crate::model::catalogue::fiscal_fields`]) with their units, help and rules, so a refused
//! figure is said in place like any other.

use egui::Ui;

use crate::model::catalogue::fiscal_fields::{ROYALTY_BASE, SLIDING_ROYALTY};
use crate::model::catalogue::{Section, Units};
use crate::model::edit::{Edit, Settings};
use crate::model::fiscal::{Financing, FiscalRegime, Ownership};
use crate::model::params::{FiscalField, LoanField, OwnerField};
use crate::model::{Project, Stage};

use crate::app::action::Action;

use super::form::{Form, Spec};
use super::stage_rows::stage_edit;

/// Label of the Project tab's checkbox that creates or removes the project's regime.
const PROJECT_REGIME: &str = "Income tax and fiscal regime";
/// Label of the stage checkbox that gives it owners other than one domestic owner.
const OWNERS: &str = "Owners other than one domestic owner";
/// Label of the stage checkbox that finances its capex with debt.
const FINANCED: &str = "Financed with debt";
/// Label of the stage checkbox that gives it a regime of its own.
const OWN_REGIME: &str = "Own fiscal regime";

/// The loan a stage starts from when "Financed with debt" is ticked: half of capex over 12
/// years with 3 years' grace at 8%, lent at home (project-finance terms typical of mines).
fn starting_loan() -> Financing {
    Financing {
        debt_pct: 50.0,
        interest_pct: 8.0,
        tenor_years: 12,
        grace_years: 3,
        foreign_pct: 0.0,
    }
}

/// True when `key` is a field of one of the fiscal sections (regime, owners, loan).
pub(super) fn in_section(section: Section, key: &str) -> bool {
    match section {
        Section::Fiscal => {
            FiscalField::ALL.iter().any(|f| f.field().key == key)
                || [ROYALTY_BASE.key, SLIDING_ROYALTY.key].contains(&key)
        }
        Section::Ownership => OwnerField::ALL.iter().any(|f| f.field().key == key),
        Section::Financing => LoanField::ALL.iter().any(|f| f.field().key == key),
        _ => false,
    }
}

/// True when problems of `key` are shown under a fiscal row of a stage.
pub(super) fn shown_in_place(key: &str) -> bool {
    [Section::Fiscal, Section::Ownership, Section::Financing]
        .into_iter()
        .any(|section| in_section(section, key))
}

/// A checkbox with its tooltip; returns the new state when it was clicked.
fn toggle_ui(ui: &mut Ui, label: &str, help: &str, on: bool) -> Option<bool> {
    let mut checked = on;
    ui.checkbox(&mut checked, label)
        .on_hover_text(help)
        .changed()
        .then_some(checked)
}

/// The rows of a fiscal regime, each made into an edit by `edit`.
fn regime_rows_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    project: &Project,
    regime: &FiscalRegime,
    edit: &dyn Fn(FiscalRegime) -> Edit,
) {
    let units = Units::default();
    for field in FiscalField::ALL {
        form.number_ui(
            ui,
            &Spec::of(field.field(), &units),
            field.get(regime),
            |v| {
                let mut changed = regime.clone();
                field.set(&mut changed, v);
                edit(changed)
            },
        );
    }
    super::royalty_form::royalty_rows_ui(ui, form, project, regime, edit);
}

/// The Project tab's "Fiscal regime" section: the checkbox, then one row per field.
pub(super) fn project_regime_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    project: &Project,
    settings: &Settings,
) {
    let settings_with = |fiscal: Option<FiscalRegime>| {
        let mut changed = settings.clone();
        changed.fiscal = fiscal;
        Edit::SetSettings(Box::new(changed))
    };
    let help = "Tax the domestic stages' profits: income tax with a holiday, tax write-offs, losses \
                carried forward, a minimum tax on turnover and withholding taxes on what goes \
                abroad. Unticked, no stage pays income tax (royalties and other taxes still \
                apply). A stage may have a regime of its own.";
    if let Some(on) = toggle_ui(ui, PROJECT_REGIME, help, settings.fiscal.is_some()) {
        form.actions
            .push(Action::Edit(settings_with(on.then(FiscalRegime::default))));
        form.forget_buffers("fiscal.");
    }
    let Some(regime) = &settings.fiscal else {
        ui.weak("No income tax: the results are before profit tax.");
        return;
    };
    regime_rows_ui(ui, form, project, regime, &|changed| {
        settings_with(Some(changed))
    });
}

/// The stage inspector's sections on who gets the value: owners, financing and the stage's
/// own fiscal regime.
pub(super) fn stage_sections_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    project: &Project,
    stage: &Stage,
) {
    form.section_ui(
        ui,
        Section::Ownership.title(),
        |key| in_section(Section::Ownership, key),
        |ui, form| owners_ui(ui, form, stage),
    );
    form.section_ui(
        ui,
        Section::Financing.title(),
        |key| in_section(Section::Financing, key),
        |ui, form| loan_ui(ui, form, stage),
    );
    form.section_ui(
        ui,
        Section::Fiscal.title(),
        |key| in_section(Section::Fiscal, key),
        |ui, form| stage_regime_ui(ui, form, project, stage),
    );
}

fn owners_ui(ui: &mut Ui, form: &mut Form<'_>, stage: &Stage) {
    let help = "Split the stage's equity among the state (paid or free-carried), domestic private \
                owners and owners abroad. Unticked, one domestic private owner holds it all.";
    if let Some(on) = toggle_ui(ui, OWNERS, help, stage.ownership.is_some()) {
        form.actions.push(Action::Edit(stage_edit(stage, |s| {
            s.ownership = on.then(Ownership::default);
        })));
        form.forget_buffers("ownership.");
    }
    let Some(owners) = &stage.ownership else {
        return;
    };
    let units = Units::default();
    for field in OwnerField::ALL {
        form.number_ui(
            ui,
            &Spec::of(field.field(), &units),
            field.get(owners),
            |v| {
                stage_edit(stage, |s| {
                    if let Some(owners) = &mut s.ownership {
                        field.set(owners, v);
                    }
                })
            },
        );
        // The four holdings' total under the last of them; the province's shares are parts of
        // the state's and do not count in it.
        if field == OwnerField::ForeignPct {
            let total = owners.total();
            let text = format!("The shares add up to {}%.", super::form::number_text(total));
            let color = if (total - 100.0).abs() > 1e-6 {
                crate::app::theme::warning_color(ui.visuals())
            } else {
                ui.visuals().weak_text_color()
            };
            form.message_ui(ui, &text, color);
        }
    }
}

fn loan_ui(ui: &mut Ui, form: &mut Form<'_>, stage: &Stage) {
    let help = "Borrow a share of the stage's capex, drawn as it is spent and repaid in equal \
                instalments after a grace period. Unticked, capex is paid with equity.";
    if let Some(on) = toggle_ui(ui, FINANCED, help, stage.financing.is_some()) {
        form.actions.push(Action::Edit(stage_edit(stage, |s| {
            s.financing = on.then(starting_loan);
        })));
        form.forget_buffers("financing.");
    }
    let Some(loan) = &stage.financing else {
        return;
    };
    let units = Units::default();
    for field in LoanField::ALL {
        form.number_ui(ui, &Spec::of(field.field(), &units), field.get(loan), |v| {
            stage_edit(stage, |s| {
                if let Some(loan) = &mut s.financing {
                    field.set(loan, v);
                }
            })
        });
    }
}

fn stage_regime_ui(ui: &mut Ui, form: &mut Form<'_>, project: &Project, stage: &Stage) {
    let help = "Tax this stage under terms of its own (a mineral agreement, a processing zone) \
                instead of the project's regime. Ticked, it starts from the project's regime.";
    if let Some(on) = toggle_ui(ui, OWN_REGIME, help, stage.fiscal.is_some()) {
        let start = project.fiscal.clone().unwrap_or_default();
        form.actions.push(Action::Edit(stage_edit(stage, |s| {
            s.fiscal = on.then_some(start);
        })));
        form.forget_buffers("fiscal.");
    }
    let Some(regime) = &stage.fiscal else {
        let text = if project.fiscal.is_some() {
            "Taxed under the project's regime (Project tab)."
        } else {
            "No income tax: the project has no fiscal regime (Project tab)."
        };
        ui.weak(text);
        return;
    };
    regime_rows_ui(ui, form, project, regime, &|changed| {
        stage_edit(stage, |s| s.fiscal = Some(changed))
    });
}
