//! The Project tab: the project settings drawn from the field catalogue
//! ([`crate::model::catalogue::settings_fields`]), section by section: name, currency, years,
//! economy, policy (the carbon price and how it is charged), phases, notes and sources.

use egui::{RichText, Ui};

use crate::model::catalogue::settings_fields::{
    BASE_YEAR, CARBON_PRICE, CARBON_PRICING, CURRENCY_CODE, DESCRIPTION, EXCHANGE_RATE, FIRST_YEAR,
    HORIZON, LAST_YEAR, LOCAL_CODE, LOCAL_CURRENCY, MONEY_UNIT, NAME, NOTES, PHASE_FIRST_YEAR,
    PHASE_LAST_YEAR, PHASE_NAME, PHASES, SOURCES,
};
use crate::model::catalogue::{Section, Units, settings_fields};
use crate::model::edit::{Edit, Settings};
use crate::model::scenario::EconomyField;
use crate::model::validate::{Problem, Subject};
use crate::model::{CarbonPricing, LocalCurrency, Phase, Project};
use crate::report::format::MoneyDisplay;

use crate::app::action::Action;

use super::deck_form::{in_deck, price_deck_ui};
use super::fiscal_form;
use super::form::{Form, InspectorState, Spec, problems_text, severity_color, severity_word};

/// The settings with one change applied, as an edit.
fn settings_edit(settings: &Settings, change: impl FnOnce(&mut Settings)) -> Edit {
    let mut changed = settings.clone();
    change(&mut changed);
    Edit::SetSettings(Box::new(changed))
}

/// Whether a problem's field key belongs to `section` of the Project tab.
fn in_section(section: Section) -> impl Fn(&str) -> bool {
    move |key| {
        settings_fields::ALL
            .iter()
            .any(|field| field.section == section && field.key == key)
    }
}

/// The carbon price and whether it is a domestic tax or a border adjustment abroad.
fn policy_ui(ui: &mut Ui, form: &mut Form<'_>, settings: &Settings, units: &Units<'_>) {
    form.number_ui(
        ui,
        &Spec::of(&CARBON_PRICE, units),
        settings.policy.carbon_price_per_t_co2,
        |v| settings_edit(settings, |s| s.policy.carbon_price_per_t_co2 = v),
    );
    form.choice_ui(
        ui,
        (CARBON_PRICING.key, CARBON_PRICING.label),
        CARBON_PRICING.help,
        settings.policy.carbon_pricing,
        &CarbonPricing::CHOICES,
        |pricing| settings_edit(settings, |s| s.policy.carbon_pricing = pricing),
    );
}

/// Project settings: GDP, growth, discount rate, domestic VA content, horizon, currency, phases.
///
/// It does not scroll by itself: put it in a vertical `ScrollArea`.
pub fn settings_ui(
    ui: &mut Ui,
    inspector: &mut InspectorState,
    project: &Project,
    problems: &[Problem],
    actions: &mut Vec<Action>,
) {
    let settings = Settings::of(project);
    let units = Units {
        money: project.currency.money_unit(),
        year: settings.base_year,
        ..Units::default()
    };
    let project_problems: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.subject == Subject::Project)
        .collect();
    ui.heading("Project settings");
    let mut form = Form::new(
        ui,
        inspector,
        actions,
        project_problems,
        "settings:".to_owned(),
        &project.currency,
        &MoneyDisplay::local_or_base(&project.currency),
    );

    form.section_ui(
        ui,
        Section::NameAndDescription.title(),
        |_| false,
        |ui, form| {
            form.text_ui(
                ui,
                (NAME.key, NAME.label),
                NAME.help,
                &settings.name,
                |name| settings_edit(&settings, |s| s.name = name),
            );
            form.multiline_ui(
                ui,
                (DESCRIPTION.key, DESCRIPTION.label),
                DESCRIPTION.help,
                &settings.description,
                |text| settings_edit(&settings, |s| s.description = text),
            );
        },
    );

    form.section_ui(
        ui,
        Section::Currency.title(),
        in_section(Section::Currency),
        |ui, form| currency_ui(ui, form, &settings, units),
    );

    form.section_ui(
        ui,
        Section::Years.title(),
        in_section(Section::Years),
        |ui, form| years_ui(ui, form, &settings, units),
    );

    form.section_ui(
        ui,
        Section::Economy.title(),
        in_section(Section::Economy),
        |ui, form| {
            for field in EconomyField::ALL {
                form.number_ui(
                    ui,
                    &Spec::of(field.field(), &units),
                    field.get(&settings.economy),
                    |v| settings_edit(&settings, |s| field.set(&mut s.economy, v)),
                );
            }
        },
    );
    form.section_ui(
        ui,
        Section::Policy.title(),
        in_section(Section::Policy),
        |ui, form| {
            policy_ui(ui, form, &settings, &units);
        },
    );
    form.section_ui(
        ui,
        Section::Fiscal.title(),
        |key| fiscal_form::in_section(Section::Fiscal, key),
        |ui, form| fiscal_form::project_regime_ui(ui, form, project, &settings),
    );
    let deck_problems: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.subject == Subject::Project && p.field.is_some_and(in_deck))
        .collect();
    form.section_ui(ui, Section::PriceDeck.title(), in_deck, |ui, form| {
        price_deck_ui(ui, form, project, &deck_problems);
    });

    let phase_problems: Vec<&Problem> = problems
        .iter()
        .filter(|p| matches!(p.subject, Subject::Phase(_)))
        .collect();
    let phase_title = if phase_problems.is_empty() {
        RichText::new("Phases").strong()
    } else {
        RichText::new(format!("Phases · {}", problems_text(phase_problems.len())))
            .strong()
            .color(crate::app::theme::warning_color(ui.visuals()))
    };
    egui::CollapsingHeader::new(phase_title)
        .id_salt(("inspector-section", "Phases"))
        .default_open(true)
        .show(ui, |ui| {
            phases_ui(ui, &mut form, project, &settings, &phase_problems);
        });

    form.section_ui(
        ui,
        Section::NotesAndSources.title(),
        |_| false,
        |ui, form| notes_and_sources_ui(ui, form, &settings, units),
    );
}

pub(super) fn phases_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    project: &Project,
    settings: &Settings,
    phase_problems: &[&Problem],
) {
    ui.weak(PHASES.help);
    for (index, phase) in settings.phases.iter().enumerate() {
        let number = index + 1;
        ui.push_id(("phase", index), |ui| {
            ui.group(|ui| {
                let units = Units {
                    n: number,
                    ..Units::default()
                };
                let spec = Spec::item(&PHASE_NAME, &units, index);
                let removed = form.text_with_remove_ui(
                    ui,
                    (&spec.field, &spec.label),
                    &spec.help,
                    &phase.name,
                    &format!("phase {number}"),
                    |text| settings_edit(settings, |s| s.phases[index].name = text),
                );
                form.number_ui(
                    ui,
                    &Spec::item(&PHASE_FIRST_YEAR, &units, index),
                    f64::from(phase.first_year),
                    |v| settings_edit(settings, |s| s.phases[index].first_year = v as i32),
                );
                form.number_ui(
                    ui,
                    &Spec::item(&PHASE_LAST_YEAR, &units, index),
                    f64::from(phase.last_year),
                    |v| settings_edit(settings, |s| s.phases[index].last_year = v as i32),
                );
                for problem in phase_problems
                    .iter()
                    .filter(|p| p.subject == Subject::Phase(index))
                {
                    let text = format!("{}: {}", severity_word(problem.severity), problem.message);
                    form.message_ui(ui, &text, severity_color(ui, problem.severity));
                }
                if removed {
                    form.actions.push(Action::Edit(settings_edit(settings, |s| {
                        s.phases.remove(index);
                    })));
                    form.forget_buffers(&format!("{}.", PHASES.key));
                }
            });
        });
    }
    if ui
        .button("Add phase")
        .on_hover_text("Add a named range of years after the last phase.")
        .clicked()
    {
        let horizon = project.horizon;
        let first_year = settings
            .phases
            .iter()
            .map(|p| p.last_year + 1)
            .max()
            .unwrap_or(horizon.first_year);
        let last_year = (first_year + 4).min(horizon.last_year).max(first_year);
        let name = format!("Phase {}", settings.phases.len() + 1);
        form.actions.push(Action::Edit(settings_edit(settings, |s| {
            s.phases.push(Phase {
                name,
                first_year,
                last_year,
            });
        })));
    }
}

fn currency_ui(ui: &mut Ui, form: &mut Form<'_>, settings: &Settings, units: Units<'_>) {
    form.text_ui(
        ui,
        (CURRENCY_CODE.key, CURRENCY_CODE.label),
        CURRENCY_CODE.help,
        &settings.currency.code,
        |text| settings_edit(settings, |s| s.currency.code = text),
    );
    form.text_ui(
        ui,
        (MONEY_UNIT.key, MONEY_UNIT.label),
        MONEY_UNIT.help,
        &settings.currency.money_unit,
        |text| settings_edit(settings, |s| s.currency.money_unit = text),
    );
    let mut show_local = settings.currency.local.is_some();
    if ui
        .checkbox(&mut show_local, LOCAL_CURRENCY.label)
        .on_hover_text(LOCAL_CURRENCY.help)
        .changed()
    {
        form.actions.push(Action::Edit(settings_edit(settings, |s| {
            s.currency.local = show_local.then(|| LocalCurrency {
                code: "LCU".to_owned(),
                per_base_unit: 1.0,
            });
        })));
    }
    if let Some(local) = &settings.currency.local {
        form.text_ui(
            ui,
            (LOCAL_CODE.key, LOCAL_CODE.label),
            LOCAL_CODE.help,
            &local.code,
            |text| {
                settings_edit(settings, |s| {
                    if let Some(local) = &mut s.currency.local {
                        local.code = text;
                    }
                })
            },
        );
        form.number_ui(
            ui,
            &Spec::of(
                &EXCHANGE_RATE,
                &Units {
                    local: &local.code,
                    ..units
                },
            ),
            local.per_base_unit,
            |v| {
                settings_edit(settings, |s| {
                    if let Some(local) = &mut s.currency.local {
                        local.per_base_unit = v;
                    }
                })
            },
        );
    }
}

fn years_ui(ui: &mut Ui, form: &mut Form<'_>, settings: &Settings, units: Units<'_>) {
    form.number_ui(
        ui,
        &Spec::of(&BASE_YEAR, &units),
        f64::from(settings.base_year),
        |v| settings_edit(settings, |s| s.base_year = v as i32),
    );
    form.number_ui(
        ui,
        &Spec::of(&FIRST_YEAR, &units),
        f64::from(settings.horizon.first_year),
        |v| settings_edit(settings, |s| s.horizon.first_year = v as i32),
    );
    form.number_ui(
        ui,
        &Spec::of(&LAST_YEAR, &units),
        f64::from(settings.horizon.last_year),
        |v| settings_edit(settings, |s| s.horizon.last_year = v as i32),
    );
    form.problems_ui(ui, HORIZON.key);
}

fn notes_and_sources_ui(ui: &mut Ui, form: &mut Form<'_>, settings: &Settings, units: Units<'_>) {
    form.multiline_ui(
        ui,
        (NOTES.key, NOTES.label),
        NOTES.help,
        &settings.notes,
        |text| settings_edit(settings, |s| s.notes = text),
    );
    ui.add_space(4.0);
    ui.label(RichText::new("Sources").strong())
        .on_hover_text("Where the figures come from, one entry each.");
    for (index, source) in settings.sources.iter().enumerate() {
        let number = index + 1;
        let removed = ui
            .push_id(("project-source", index), |ui| {
                form.text_with_remove_ui(
                    ui,
                    (
                        &format!("{}.{index}", SOURCES.key),
                        &SOURCES.label_text(&Units { n: number, ..units }),
                    ),
                    SOURCES.help,
                    source,
                    &format!("source {number}"),
                    |text| settings_edit(settings, |s| s.sources[index] = text),
                )
            })
            .inner;
        if removed {
            form.actions.push(Action::Edit(settings_edit(settings, |s| {
                s.sources.remove(index);
            })));
        }
    }
    if ui
        .button("Add source")
        .on_hover_text("Add a line for one more source.")
        .clicked()
    {
        form.state.focus_next =
            Some(form.key(&format!("{}.{}", SOURCES.key, settings.sources.len())));
        form.actions.push(Action::Edit(settings_edit(settings, |s| {
            s.sources.push(String::new());
        })));
    }
}
