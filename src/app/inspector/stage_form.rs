//! The stage inspector: the stage's rows drawn section by section from the field catalogue
//! ([`crate::model::catalogue::stage_fields`]), with what the catalogue cannot know: the feed
//! note under "Input per unit", the by-product and purchased-input lists, and source notes.

use egui::{Button, ComboBox, Label, RichText, Ui};

use crate::model::catalogue::stage_fields::{
    self, ACTIVE, BY_PRODUCT_DESTINATION, BY_PRODUCT_NAME, BY_PRODUCT_PRICE, BY_PRODUCT_QUANTITY,
    BY_PRODUCT_UNIT, BY_PRODUCTS, ID, INPUT_COST, INPUT_IMPORTED, INPUT_NAME, INPUT_PER_UNIT, KIND,
    LOCATION, NAME, PRODUCT, PURCHASED_INPUTS, UNIT, UNLINKED_OUTPUT,
};
use crate::model::catalogue::{Field, Section, Units};
use crate::model::scenario::StageField;
use crate::model::validate::{Problem, Subject};
use crate::model::{
    ByProduct, ByProductDestination, Destination, Location, Project, PurchasedInput, Stage,
    StageId, StageKind,
};
use crate::report::format::MoneyDisplay;

use crate::app::action::Action;

use super::fiscal_form;
use super::form::{Findings, Form, InspectorState, Spec, severity_color, severity_word};
use super::pam_results::pam_results_ui;
use super::price_build::price_build_ui;
use super::pricing_form;
use super::stage_results::stage_results_ui;
use super::stage_rows::{StageRows, stage_edit};

/// The sections of the stage inspector, in order; "Notes and sources" follows them.
const SECTIONS: [Section; 7] = [
    Section::Production,
    Section::Prices,
    Section::PurchasedInputs,
    Section::LabourAndTaxes,
    Section::Investment,
    Section::Environment,
    Section::Policy,
];

/// The start of the merge key of every field of the stage `id` ("stage:mine:").
pub(super) fn key_prefix(id: &StageId) -> String {
    format!("stage:{id}:")
}

/// The stage fields that have a row, in the order the inspector shows them.
fn rows() -> impl Iterator<Item = &'static Field> {
    stage_fields::ALL
        .into_iter()
        .filter(|field| stage_fields::is_row(field))
}

/// True when problems of `key` are shown under its row rather than at the top.
fn shown_in_place(key: &str) -> bool {
    rows().any(|field| field.key == key)
        || pricing_form::shown_in_place(key)
        || fiscal_form::shown_in_place(key)
}

/// The label planners see for a stage field key (source notes are keyed by field).
fn label_of(key: &str) -> &str {
    rows()
        .find(|field| field.key == key)
        .map_or(key, |field| field.label)
}

/// The numeric stage field with this catalogue entry, if it is one.
fn scalar_of(field: &Field) -> Option<StageField> {
    StageField::SCALARS
        .into_iter()
        .find(|scalar| scalar.field().key == field.key)
}

pub(super) fn stage_ui(
    ui: &mut Ui,
    inspector: &mut InspectorState,
    project: &Project,
    stage: &Stage,
    findings: &Findings<'_>,
    money: &MoneyDisplay,
    actions: &mut Vec<Action>,
) {
    let subject = Subject::Stage(stage.id.clone());
    let stage_problems: Vec<&Problem> = findings
        .problems
        .iter()
        .filter(|p| p.subject == subject)
        .collect();

    ui.label(crate::app::results_panel::stage_name_text(
        ui,
        stage.kind,
        &stage.name,
        egui::TextStyle::Heading,
        None,
    ));
    let location = match stage.location {
        Location::Domestic => "domestic",
        Location::Abroad => "abroad",
    };
    ui.weak(format!("{} stage, {location}", stage.kind.label()));
    for problem in stage_problems
        .iter()
        .filter(|p| p.field.is_none_or(|f| !shown_in_place(f)))
    {
        ui.add(
            Label::new(
                RichText::new(format!(
                    "{}: {}",
                    severity_word(problem.severity),
                    problem.message
                ))
                .color(severity_color(ui, problem.severity)),
            )
            .wrap(),
        );
    }
    if let (Some(results), Some(index)) = (findings.results, project.stage_index(&stage.id)) {
        stage_results_ui(ui, project, results, findings.period, index, money);
        pam_results_ui(ui, project, results, findings.period, index, money);
        price_build_ui(ui, project, results, index);
    }
    ui.add_space(4.0);

    let mut form = Form::new(
        ui,
        inspector,
        actions,
        stage_problems,
        key_prefix(&stage.id),
        &project.currency,
        money,
    );
    form.sources = Some(&stage.sources);
    let unit = if stage.unit.trim().is_empty() {
        "unit"
    } else {
        stage.unit.trim()
    };
    let rows_of = StageRows {
        project,
        stage,
        units: Units {
            unit,
            money: project.currency.money_unit(),
            feed: "feed",
            ..Units::default()
        },
        results: findings.results,
        index: project.stage_index(&stage.id),
    };
    for section in SECTIONS {
        form.section_ui(
            ui,
            section.title(),
            |key| {
                rows().any(|field| field.section == section && field.key == key)
                    || pricing_form::in_section(section, key)
            },
            |ui, form| {
                for field in rows().filter(|field| field.section == section) {
                    row_ui(ui, form, &rows_of, field);
                }
            },
        );
    }
    fiscal_form::stage_sections_ui(ui, &mut form, project, stage);
    form.section_ui(
        ui,
        "Notes and sources",
        |_| false,
        |ui, form| {
            stage_sources_ui(ui, form, stage);
        },
    );
}

/// One row of the stage inspector, the widget chosen by the field's rule.
fn row_ui(ui: &mut Ui, form: &mut Form<'_>, rows: &StageRows<'_>, field: &'static Field) {
    let stage = rows.stage;
    if let Some(scalar) = scalar_of(field) {
        let Some(value) = scalar.get(stage) else {
            return;
        };
        if field.param_kind() == Some(crate::model::scenario::ParamKind::Switch) {
            form.switch_ui(ui, field, value >= 0.5, |on| {
                stage_edit(stage, |s| {
                    // Setting a scalar field of a stage always succeeds.
                    let _ = scalar.set(s, f64::from(u8::from(on)));
                })
            });
            return;
        }
        if scalar == StageField::InputPerUnit {
            pricing_form::grade_recovery_ui(ui, form, rows);
            input_per_unit_ui(ui, form, rows);
            return;
        }
        if scalar == StageField::PricePerUnit {
            pricing_form::price_ui(ui, form, rows);
            return;
        }
        form.number_ui(ui, &Spec::of(field, &rows.units), value, |v| {
            stage_edit(stage, |s| {
                let _ = scalar.set(s, v);
            })
        });
        return;
    }
    let key = field.key;
    if key == NAME.key {
        form.text_ui(ui, (key, field.label), field.help, &stage.name, |name| {
            stage_edit(stage, |s| s.name = name)
        });
        form.read_only_ui(ui, ID.label, ID.help, &stage.id.0);
    } else if key == KIND.key {
        form.choice_ui(
            ui,
            (key, field.label),
            field.help,
            stage.kind,
            &StageKind::choices(),
            |kind| stage_edit(stage, |s| s.kind = kind),
        );
    } else if key == LOCATION.key {
        form.choice_ui(
            ui,
            (key, field.label),
            field.help,
            stage.location,
            &Location::CHOICES,
            |location| stage_edit(stage, |s| s.location = location),
        );
    } else if key == PRODUCT.key {
        form.text_ui(ui, (key, field.label), field.help, &stage.product, |text| {
            stage_edit(stage, |s| s.product = text)
        });
    } else if key == UNIT.key {
        form.text_ui(ui, (key, field.label), field.help, &stage.unit, |text| {
            stage_edit(stage, |s| s.unit = text)
        });
    } else if key == ACTIVE.key {
        form.switch_ui(ui, field, stage.active, |on| {
            stage_edit(stage, |s| s.active = on)
        });
    } else if key == UNLINKED_OUTPUT.key {
        form.choice_ui(
            ui,
            (key, field.label),
            field.help,
            stage.unlinked_output,
            &Destination::CHOICES,
            |destination| stage_edit(stage, |s| s.unlinked_output = destination),
        );
    } else if key == BY_PRODUCTS.key {
        by_products_ui(ui, form, rows);
    } else if key == PURCHASED_INPUTS.key {
        purchased_inputs_ui(ui, form, rows);
    }
}

/// "Input per unit", in the unit of the feed when every feeder shares one, and a note naming
/// the feed (or saying none comes).
fn input_per_unit_ui(ui: &mut Ui, form: &mut Form<'_>, rows: &StageRows<'_>) {
    let (project, stage) = (rows.project, rows.stage);
    let feeders: Vec<&Stage> = project
        .links
        .iter()
        .filter(|link| link.to == stage.id)
        .filter_map(|link| project.stage(&link.from))
        .collect();
    let feed = match feeders.first() {
        Some(first) if feeders.iter().all(|f| f.unit == first.unit) => first.unit.as_str(),
        _ => "feed",
    };
    let units = Units { feed, ..rows.units };
    if stage.grade_recovery.is_some() {
        let text = pricing_form::computed_input_text(rows, feed);
        form.read_only_ui(ui, INPUT_PER_UNIT.label, INPUT_PER_UNIT.help, &text);
    } else {
        form.number_ui(
            ui,
            &Spec::of(&INPUT_PER_UNIT, &units),
            stage.input_per_unit,
            |v| stage_edit(stage, |s| s.input_per_unit = v),
        );
    }
    let feed_note = if feeders.is_empty() {
        "No link feeds this stage, so this is not used.".to_owned()
    } else {
        let names: Vec<String> = feeders
            .iter()
            .map(|f| format!("{} ({}) from {}", f.product, f.unit, f.name))
            .collect();
        format!("Feed: {}", names.join(", "))
    };
    form.message_ui(ui, &feed_note, ui.visuals().weak_text_color());
}

fn by_products_ui(ui: &mut Ui, form: &mut Form<'_>, rows: &StageRows<'_>) {
    let stage = rows.stage;
    ui.add_space(4.0);
    ui.label(RichText::new(BY_PRODUCTS.label).strong())
        .on_hover_text(BY_PRODUCTS.help);
    form.problems_ui(ui, BY_PRODUCTS.key);
    for (index, by_product) in stage.by_products.iter().enumerate() {
        let number = index + 1;
        let name = if by_product.name.trim().is_empty() {
            format!("by-product {number}")
        } else {
            by_product.name.clone()
        };
        let item_unit = if by_product.unit.trim().is_empty() {
            "unit"
        } else {
            by_product.unit.trim()
        };
        let units = Units {
            item: &name,
            item_unit,
            n: number,
            ..rows.units
        };
        ui.push_id(("by-product", index), |ui| {
            ui.group(|ui| {
                let spec = Spec::item(&BY_PRODUCT_NAME, &units, index);
                let removed = form.text_with_remove_ui(
                    ui,
                    (&spec.field, &spec.label),
                    &spec.help,
                    &by_product.name,
                    &format!("by-product {number}"),
                    |text| stage_edit(stage, |s| s.by_products[index].name = text),
                );
                let spec = Spec::item(&BY_PRODUCT_UNIT, &units, index);
                form.text_ui(
                    ui,
                    (&spec.field, &spec.label),
                    &spec.help,
                    &by_product.unit,
                    |text| stage_edit(stage, |s| s.by_products[index].unit = text),
                );
                form.number_ui(
                    ui,
                    &Spec::item(&BY_PRODUCT_QUANTITY, &units, index),
                    by_product.quantity_per_unit,
                    |v| stage_edit(stage, |s| s.by_products[index].quantity_per_unit = v),
                );
                let from_deck =
                    pricing_form::by_product_commodity_ui(ui, form, rows, index, &units);
                if !from_deck {
                    form.number_ui(
                        ui,
                        &Spec::item(&BY_PRODUCT_PRICE, &units, index),
                        by_product.price,
                        |v| stage_edit(stage, |s| s.by_products[index].price = v),
                    );
                }
                let spec = Spec::item(&BY_PRODUCT_DESTINATION, &units, index);
                form.choice_ui(
                    ui,
                    (&spec.field, &spec.label),
                    &spec.help,
                    by_product.destination,
                    &[
                        (ByProductDestination::FollowsProduct, "With the product"),
                        (ByProductDestination::Export, "Exported"),
                        (ByProductDestination::DomesticMarket, "Domestic market"),
                    ],
                    |destination| {
                        stage_edit(stage, |s| s.by_products[index].destination = destination)
                    },
                );
                if removed {
                    form.actions.push(Action::Edit(stage_edit(stage, |s| {
                        s.by_products.remove(index);
                    })));
                    form.forget_buffers("by_products.");
                }
            });
        });
    }
    if ui
        .button("Add by-product")
        .on_hover_text("Add a co-product sold with the main product.")
        .clicked()
    {
        form.actions.push(Action::Edit(stage_edit(stage, |s| {
            s.by_products.push(ByProduct {
                name: "New by-product".to_owned(),
                unit: String::new(),
                quantity_per_unit: 0.0,
                price: 0.0,
                commodity: None,
                destination: ByProductDestination::FollowsProduct,
            });
        })));
    }
}

fn purchased_inputs_ui(ui: &mut Ui, form: &mut Form<'_>, rows: &StageRows<'_>) {
    let stage = rows.stage;
    form.problems_ui(ui, PURCHASED_INPUTS.key);
    if stage.purchased_inputs.is_empty() {
        ui.weak(
            "None yet. Add energy, reagents, consumables and services bought per unit of product.",
        );
    }
    for (index, input) in stage.purchased_inputs.iter().enumerate() {
        let number = index + 1;
        let name = if input.name.trim().is_empty() {
            format!("input {number}")
        } else {
            input.name.clone()
        };
        let units = Units {
            item: &name,
            n: number,
            ..rows.units
        };
        ui.push_id(("purchased-input", index), |ui| {
            ui.group(|ui| {
                let spec = Spec::item(&INPUT_NAME, &units, index);
                let removed = form.text_with_remove_ui(
                    ui,
                    (&spec.field, &spec.label),
                    &spec.help,
                    &input.name,
                    &format!("input {number}"),
                    |text| stage_edit(stage, |s| s.purchased_inputs[index].name = text),
                );
                form.number_ui(
                    ui,
                    &Spec::item(&INPUT_COST, &units, index),
                    input.cost_per_unit,
                    |v| stage_edit(stage, |s| s.purchased_inputs[index].cost_per_unit = v),
                );
                form.number_ui(
                    ui,
                    &Spec::item(&INPUT_IMPORTED, &units, index),
                    input.imported_pct,
                    |v| stage_edit(stage, |s| s.purchased_inputs[index].imported_pct = v),
                );
                if removed {
                    form.actions.push(Action::Edit(stage_edit(stage, |s| {
                        s.purchased_inputs.remove(index);
                    })));
                    form.forget_buffers("purchased_inputs.");
                }
            });
        });
    }
    if ui
        .button("Add purchased input")
        .on_hover_text(
            "Add an input bought per unit of product: energy, reagents, consumables, services.",
        )
        .clicked()
    {
        form.actions.push(Action::Edit(stage_edit(stage, |s| {
            s.purchased_inputs.push(PurchasedInput {
                name: "New input".to_owned(),
                cost_per_unit: 0.0,
                imported_pct: 0.0,
            });
        })));
    }
}

fn stage_sources_ui(ui: &mut Ui, form: &mut Form<'_>, stage: &Stage) {
    if stage.sources.is_empty() {
        ui.weak("No source notes yet. Note where a figure comes from so others can check it.");
    }
    for (field, note) in &stage.sources {
        let label = format!("{} source", label_of(field));
        let removed = ui
            .push_id(("source", field.as_str()), |ui| {
                form.text_with_remove_ui(
                    ui,
                    (&format!("sources.{field}"), &label),
                    "Where this figure comes from: report, year, page.",
                    note,
                    &format!("the {} note", label.to_lowercase()),
                    |text| {
                        stage_edit(stage, |s| {
                            s.sources.insert(field.clone(), text);
                        })
                    },
                )
            })
            .inner;
        if removed {
            form.actions.push(Action::Edit(stage_edit(stage, |s| {
                s.sources.remove(field);
            })));
        }
    }

    ui.add_space(4.0);
    let free: Vec<(&str, &str)> = rows()
        .filter(|field| !stage.sources.contains_key(field.key))
        .map(|field| (field.key, field.label))
        .collect();
    if free.is_empty() {
        return;
    }
    let help = "Pick the figure the note is about, then press Add note.";
    let mut chosen = form
        .state
        .new_source_field
        .clone()
        .filter(|field| free.iter().any(|(name, _)| name == field));
    ui.horizontal(|ui| {
        let label = form.label_ui(ui, "Add a source for", help);
        let selected_text = chosen.as_deref().map_or("Choose a field…", label_of);
        ComboBox::from_id_salt(("inspector-new-source", stage.id.0.as_str()))
            .selected_text(selected_text)
            .show_ui(ui, |ui| {
                for (field, field_label) in &free {
                    ui.selectable_value(&mut chosen, Some((*field).to_owned()), *field_label);
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(help);
        let add = ui
            .add_enabled(chosen.is_some(), Button::new("Add note"))
            .on_hover_text("Add an empty note for the chosen field and start typing it.");
        if add.clicked()
            && let Some(field) = chosen.take()
        {
            form.state.focus_next = Some(form.key(&format!("sources.{field}")));
            form.actions.push(Action::Edit(stage_edit(stage, |s| {
                s.sources.insert(field, String::new());
            })));
        }
    });
    form.state.new_source_field = chosen;
}
