//! The inspector with several stages selected: each catalogue field of a stage that holds one
//! value (not the name, the lists, pricing rules, fiscal terms or source notes), showing the
//! value they share or "mixed" where they differ. A value given here applies to every
//! selected stage as one undo step: a shared value is typed as for one stage (merged per
//! field), a mixed one applies on Enter; a choice applies when picked.

use std::hash::{Hash as _, Hasher as _};

use egui::{ComboBox, Label, RichText, Ui};

use crate::model::catalogue::stage_fields::{
    self, ACTIVE, KIND, LOCATION, NAME, PRODUCT, UNIT, UNLINKED_OUTPUT,
};
use crate::model::catalogue::{Field, Rule, Section, Units};
use crate::model::edit::Edit;
use crate::model::scenario::StageField;
use crate::model::validate::{Problem, Subject};
use crate::model::{Destination, Location, Project, Stage, StageId, StageKind};
use crate::report::format::MoneyDisplay;

use crate::app::action::Action;

use super::form::{Findings, Form, InspectorState, MixedValue, Spec};

/// The sections shown, in the stage inspector's order.
const SECTIONS: [Section; 6] = [
    Section::Production,
    Section::Prices,
    Section::LabourAndTaxes,
    Section::Investment,
    Section::Environment,
    Section::Policy,
];

/// The start of the merge key of every field of this selection: one per set of stages, so
/// text typed for one selection is dropped when another is shown.
pub(super) fn key_prefix(ids: &[&StageId]) -> String {
    let mut hasher = rustc_hash::FxHasher::default();
    ids.hash(&mut hasher);
    format!("stages:{}:{:x}:", ids.len(), hasher.finish())
}

/// The fields with a row here: the stage's rows that hold one value, except its name.
fn rows() -> impl Iterator<Item = &'static Field> {
    stage_fields::ALL.into_iter().filter(|field| {
        stage_fields::is_row(field) && field.rule != Rule::List && field.key != NAME.key
    })
}

/// Every selected stage with one change applied, as one edit.
fn edit_all(stages: &[&Stage], change: impl Fn(&mut Stage)) -> Edit {
    Edit::SetStages(
        stages
            .iter()
            .map(|stage| {
                let mut changed = (*stage).clone();
                change(&mut changed);
                changed
            })
            .collect(),
    )
}

/// The value every stage shares, or `None` when they differ.
fn shared<T: PartialEq>(stages: &[&Stage], read: impl Fn(&Stage) -> T) -> Option<T> {
    let mut values = stages.iter().map(|stage| read(stage));
    let first = values.next()?;
    values.all(|value| value == first).then_some(first)
}

/// Draws the fields of `stages` (two or more) and pushes their edits.
pub(super) fn stages_ui(
    ui: &mut Ui,
    inspector: &mut InspectorState,
    project: &Project,
    stages: &[&Stage],
    findings: &Findings<'_>,
    money: &MoneyDisplay,
    actions: &mut Vec<Action>,
) {
    ui.add_space(8.0);
    ui.heading(format!("{} stages selected", stages.len()));
    ui.add(
        Label::new(
            RichText::new(
                "A value given here applies to every selected stage, as one undo step; \
                 \"mixed\" marks a field whose values differ. Names, by-products, purchased \
                 inputs, pricing rules, fiscal terms and source notes are edited one stage at \
                 a time; a stage priced by a rule keeps its rule.",
            )
            .weak(),
        )
        .wrap(),
    );
    ui.add_space(4.0);
    let ids: Vec<&StageId> = stages.iter().map(|stage| &stage.id).collect();
    let problems: Vec<&Problem> = findings
        .problems
        .iter()
        .filter(|p| matches!(&p.subject, Subject::Stage(id) if ids.contains(&id)))
        .collect();
    let mut form = Form::new(
        ui,
        inspector,
        actions,
        problems,
        key_prefix(&ids),
        &project.currency,
        money,
    );
    let unit = shared(stages, |s| s.unit.trim().to_owned())
        .filter(|unit| !unit.is_empty())
        .unwrap_or_else(|| "unit".to_owned());
    let units = Units {
        unit: &unit,
        money: &project.currency.code,
        feed: "feed",
        ..Units::default()
    };
    for section in SECTIONS {
        form.section_ui(
            ui,
            section.title(),
            |key| rows().any(|field| field.section == section && field.key == key),
            |ui, form| {
                for field in rows().filter(|field| field.section == section) {
                    row_ui(ui, form, stages, field, &units);
                }
            },
        );
    }
}

/// One row, the widget chosen by the field's rule.
fn row_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    stages: &[&Stage],
    field: &'static Field,
    units: &Units<'_>,
) {
    if let Some(scalar) = StageField::SCALARS
        .into_iter()
        .find(|scalar| scalar.field().key == field.key)
    {
        let value = shared(stages, |s| scalar.get(s).map(f64::to_bits))
            .flatten()
            .map(f64::from_bits);
        let set = move |s: &mut Stage, v: f64| {
            // Setting a scalar field of a stage always succeeds.
            let _ = scalar.set(s, v);
        };
        if field.rule == Rule::Switch {
            let on = value.map(|v| v >= 0.5);
            choice_ui(ui, form, field, on, &[(false, "Off"), (true, "On")], |on| {
                edit_all(stages, |s| set(s, f64::from(u8::from(on))))
            });
            return;
        }
        let spec = Spec::of(field, units);
        match value {
            Some(value) => form.number_ui(ui, &spec, value, |v| edit_all(stages, |s| set(s, v))),
            None => form.mixed_ui(
                ui,
                (field.key, &spec.label, &spec.unit),
                &spec.help,
                Some(field.rule),
                |typed| match typed {
                    MixedValue::Number(v) => edit_all(stages, |s| set(s, v)),
                    MixedValue::Text(_) => edit_all(stages, |_| {}),
                },
            ),
        }
        return;
    }
    let key = field.key;
    if key == PRODUCT.key || key == UNIT.key {
        let is_product = key == PRODUCT.key;
        let read = move |s: &Stage| {
            if is_product {
                s.product.clone()
            } else {
                s.unit.clone()
            }
        };
        let write = move |s: &mut Stage, text: &str| {
            if is_product {
                text.clone_into(&mut s.product);
            } else {
                text.clone_into(&mut s.unit);
            }
        };
        match shared(stages, read) {
            Some(text) => form.text_ui(ui, (key, field.label), field.help, &text, |new| {
                edit_all(stages, |s| write(s, &new))
            }),
            None => form.mixed_ui(
                ui,
                (key, field.label, ""),
                field.help,
                None,
                |typed| match typed {
                    MixedValue::Text(new) => edit_all(stages, |s| write(s, &new)),
                    MixedValue::Number(_) => edit_all(stages, |_| {}),
                },
            ),
        }
    } else if key == KIND.key {
        let current = shared(stages, |s| s.kind);
        choice_ui(ui, form, field, current, &StageKind::choices(), |kind| {
            edit_all(stages, |s| s.kind = kind)
        });
    } else if key == LOCATION.key {
        let current = shared(stages, |s| s.location);
        choice_ui(ui, form, field, current, &Location::CHOICES, |location| {
            edit_all(stages, |s| s.location = location)
        });
    } else if key == UNLINKED_OUTPUT.key {
        let current = shared(stages, |s| s.unlinked_output);
        choice_ui(
            ui,
            form,
            field,
            current,
            &Destination::CHOICES,
            |destination| edit_all(stages, |s| s.unlinked_output = destination),
        );
    } else if key == ACTIVE.key {
        let current = shared(stages, |s| s.active);
        choice_ui(
            ui,
            form,
            field,
            current,
            &[(false, "Off"), (true, "On")],
            |on| edit_all(stages, |s| s.active = on),
        );
    }
}

/// A labelled drop-down of `options` showing the shared value or "mixed"; a choice applies to
/// every stage as one undo step.
fn choice_ui<T: Copy + PartialEq>(
    ui: &mut Ui,
    form: &mut Form<'_>,
    field: &Field,
    current: Option<T>,
    options: &[(T, &str)],
    edit: impl FnOnce(T) -> Edit,
) {
    let mut chosen = current;
    let selected_text = current
        .and_then(|value| options.iter().find(|(option, _)| *option == value))
        .map_or("mixed", |(_, text)| *text);
    ui.horizontal(|ui| {
        let label = form.label_ui(ui, field.label, field.help);
        ComboBox::from_id_salt(("inspector-multi-choice", form.key(field.key)))
            .selected_text(selected_text)
            .show_ui(ui, |ui| {
                for (option, text) in options {
                    ui.selectable_value(&mut chosen, Some(*option), *text);
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(field.help);
    });
    if let Some(value) = chosen
        && chosen != current
    {
        form.actions.push(Action::Edit(edit(value)));
    }
    form.problems_ui(ui, field.key);
}
