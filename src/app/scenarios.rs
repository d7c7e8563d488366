//! Scenarios and levers in the window: the scenario selector, the dialog that names a new,
//! duplicated or renamed scenario, and the levers page with a live slider per lever.
//!
//! Nothing here changes the project: it pushes [`Action`]s, applied by the shell in one place.

use egui::{ComboBox, Ui};

use crate::model::Project;
use crate::model::edit::Edit;
use crate::model::scenario::{
    BASE_LABEL, Distribution, Lever, Param, ParamKind, Uncertainty, all_params, names_the_base,
};

use super::action::Action;

/// The scenario selector: the base and every scenario, in the project's order.
pub fn scenario_selector_ui(
    ui: &mut Ui,
    project: &Project,
    active: Option<&str>,
    actions: &mut Vec<Action>,
) {
    let label = ui.label("Scenario");
    let mut chosen = active.map(str::to_owned);
    ComboBox::from_id_salt("scenario-selector")
        .selected_text(active.unwrap_or(BASE_LABEL))
        .width(220.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, None, BASE_LABEL)
                .on_hover_text("The chain as drawn, without any scenario's changes");
            for scenario in &project.scenarios {
                let response =
                    ui.selectable_value(&mut chosen, Some(scenario.name.clone()), &scenario.name);
                if !scenario.description.is_empty() {
                    response.on_hover_text(&scenario.description);
                }
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text(
            "Which scenario is on screen. Edits made while a scenario is shown are kept in that \
             scenario only; the base and the other scenarios are untouched.",
        );
    if chosen.as_deref() != active {
        actions.push(Action::SwitchScenario(chosen));
    }
}

/// The scenario after (`step` = 1) or before (`step` = -1) `active`, wrapping through the base.
pub fn neighbour_scenario(project: &Project, active: Option<&str>, step: i32) -> Option<String> {
    let names: Vec<Option<&str>> = std::iter::once(None)
        .chain(project.scenarios.iter().map(|s| Some(s.name.as_str())))
        .collect();
    let count = names.len() as i32;
    let position = names.iter().position(|name| *name == active).unwrap_or(0) as i32;
    let next = (position + step).rem_euclid(count);
    names
        .get(next as usize)
        .copied()
        .flatten()
        .map(str::to_owned)
}

/// What the scenario name dialog is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameDialogPurpose {
    /// A new scenario holding what is on screen now.
    New,
    /// A copy of this scenario.
    Duplicate(String),
    /// Rename (and re-describe) this scenario.
    Rename(String),
}

/// The open scenario name dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameDialog {
    /// What it is for.
    pub purpose: NameDialogPurpose,
    /// Name typed so far.
    pub name: String,
    /// Description typed so far.
    pub description: String,
    focus: bool,
}

impl NameDialog {
    /// A dialog for `purpose`, filled with a suggestion.
    pub fn new(purpose: NameDialogPurpose, project: &Project) -> Self {
        let (name, description) = match &purpose {
            NameDialogPurpose::New => (unused_name(project, "New scenario"), String::new()),
            NameDialogPurpose::Duplicate(from) => (
                unused_name(project, &format!("{from} (copy)")),
                project
                    .scenario(from)
                    .map(|s| s.description.clone())
                    .unwrap_or_default(),
            ),
            NameDialogPurpose::Rename(from) => (
                from.clone(),
                project
                    .scenario(from)
                    .map(|s| s.description.clone())
                    .unwrap_or_default(),
            ),
        };
        Self {
            purpose,
            name,
            description,
            focus: true,
        }
    }
}

fn unused_name(project: &Project, base: &str) -> String {
    if project.scenario(base).is_none() {
        return base.to_owned();
    }
    // Fewer names are taken than there are scenarios, so one of these is free.
    (2..=project.scenarios.len() + 2)
        .map(|n| format!("{base} {n}"))
        .find(|name| project.scenario(name).is_none())
        .unwrap_or_else(|| base.to_owned())
}

/// What the dialog decided this frame.
pub enum NameDialogOutcome {
    /// Still open.
    Open(NameDialog),
    /// Closed without a change.
    Cancelled,
    /// Confirmed: the name and description to use.
    Confirmed(NameDialog),
}

/// Draws the scenario name dialog as a modal.
pub fn name_dialog_ui(
    ctx: &egui::Context,
    mut dialog: NameDialog,
    project: &Project,
) -> NameDialogOutcome {
    let title = match &dialog.purpose {
        NameDialogPurpose::New => "New scenario".to_owned(),
        NameDialogPurpose::Duplicate(from) => format!("Duplicate '{from}'"),
        NameDialogPurpose::Rename(from) => format!("Rename '{from}'"),
    };
    let mut confirm = false;
    let mut cancel = false;
    let trimmed = dialog.name.trim().to_owned();
    let taken = project.scenario(&trimmed).is_some()
        && dialog.purpose != NameDialogPurpose::Rename(trimmed.clone());
    let problem = if trimmed.is_empty() {
        Some("Give the scenario a name.")
    } else if taken {
        Some("Another scenario has this name.")
    } else if names_the_base(&trimmed) {
        Some("\"Base\" and \"Base case\" name the chain without a scenario; choose another name.")
    } else {
        None
    };
    let response = egui::Modal::new(egui::Id::unique("scenario-name-dialog")).show(ctx, |ui| {
        ui.set_width(460.0);
        ui.heading(&title);
        if dialog.purpose == NameDialogPurpose::New {
            ui.weak(
                "The new scenario starts from what is on screen; change values while it is \
                 shown and they are kept in it.",
            );
        }
        ui.add_space(6.0);
        let label = ui.label("Scenario name");
        let field = ui
            .add(egui::TextEdit::singleline(&mut dialog.name).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if dialog.focus {
            field.request_focus();
            dialog.focus = false;
        }
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            confirm = true;
        }
        if let Some(problem) = problem {
            ui.weak(problem);
        }
        ui.add_space(4.0);
        let label = ui.label("Description");
        ui.add(
            egui::TextEdit::multiline(&mut dialog.description)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let verb = match dialog.purpose {
                NameDialogPurpose::Rename(_) => "Rename",
                NameDialogPurpose::New | NameDialogPurpose::Duplicate(_) => "Create",
            };
            if ui
                .add_enabled(problem.is_none(), egui::Button::new(verb))
                .clicked()
            {
                confirm = true;
            }
            if ui.button("Cancel").clicked() {
                cancel = true;
            }
        });
    });
    if confirm && problem.is_none() {
        dialog.name = trimmed;
        return NameDialogOutcome::Confirmed(dialog);
    }
    if cancel || response.should_close() {
        return NameDialogOutcome::Cancelled;
    }
    NameDialogOutcome::Open(dialog)
}

/// What the levers page remembers: the parameters picked to become a lever or an uncertainty.
#[derive(Debug, Default)]
pub struct LeversState {
    /// Parameter chosen in "Add a lever".
    pub candidate: Option<Param>,
    /// Parameter chosen in "Add an uncertainty".
    pub uncertain_candidate: Option<Param>,
    /// The lever whose slider is held, so charts can keep their scales until release.
    pub dragging: Option<Param>,
}

/// A sensible slider range for a parameter at `value`: half to one and a half times it,
/// inside what the model accepts.
pub fn default_range(param: &Param, value: f64) -> (f64, f64) {
    let (low, high) = param.bounds();
    let (min, max) = if param.kind() == ParamKind::Switch {
        (0.0, 1.0)
    } else if value == 0.0 {
        (0.0, if high.is_finite() { high } else { 100.0 })
    } else {
        let spread = value.abs() * 0.5;
        (value - spread, value + spread)
    };
    (min.max(low), max.min(high))
}

/// The levers page: a slider per lever (moving it changes the project on screen at once) and a
/// way to make any numeric parameter a lever. `presenting` hides the editing controls.
pub fn levers_ui(
    ui: &mut Ui,
    state: &mut LeversState,
    project: &Project,
    view: &Project,
    presenting: bool,
    actions: &mut Vec<Action>,
) {
    if project.levers.is_empty() {
        ui.weak("No levers yet. A lever is a parameter with a slider, for live what-ifs.");
    }
    state.dragging = None;
    for lever in &project.levers {
        lever_ui(ui, state, lever, view, presenting, actions);
    }
    if presenting {
        return;
    }
    ui.add_space(8.0);
    ui.separator();
    ui.strong("Add a lever");
    let params: Vec<Param> = all_params(view)
        .into_iter()
        .filter(|param| param.field().can_be_lever())
        .filter(|param| !project.levers.iter().any(|lever| &lever.param == param))
        .collect();
    let label = ui.label("Parameter");
    let selected = state
        .candidate
        .as_ref()
        .map_or_else(|| "Choose…".to_owned(), |param| param.label(view));
    ComboBox::from_id_salt("lever-candidate")
        .selected_text(selected)
        .width(ui.available_width() - 8.0)
        .height(360.0)
        .show_ui(ui, |ui| {
            for param in &params {
                ui.selectable_value(&mut state.candidate, Some(param.clone()), param.label(view));
            }
        })
        .response
        .labelled_by(label.id);
    let candidate = state.candidate.clone();
    if ui
        .add_enabled(candidate.is_some(), egui::Button::new("Add lever"))
        .on_hover_text("Adds a slider from half to one and a half times today's value")
        .clicked()
        && let Some(param) = candidate
        && let Ok(value) = param.get(view)
    {
        let (min, max) = default_range(&param, value);
        let step = (param.kind() == ParamKind::Whole).then_some(1.0);
        actions.push(Action::Edit(Edit::SetLever(Lever {
            param,
            min,
            max,
            step,
        })));
        state.candidate = None;
    }
}

/// The uncertainties Monte Carlo draws from: each parameter with its distribution, editable in
/// place (a distribution that cannot be drawn from is refused with the reason), and a way to
/// add one. The Analysis view runs Monte Carlo on them.
pub fn uncertainties_ui(
    ui: &mut Ui,
    state: &mut LeversState,
    project: &Project,
    view: &Project,
    actions: &mut Vec<Action>,
) {
    ui.add_space(8.0);
    ui.separator();
    ui.strong("Uncertainties (for Monte Carlo)");
    if project.uncertainties.is_empty() {
        ui.weak(
            "None yet. Prices above all: give each a distribution to see the range of outcomes.",
        );
    }
    for uncertainty in &project.uncertainties {
        uncertainty_ui(ui, uncertainty, view, actions);
    }
    let params: Vec<Param> = all_params(view)
        .into_iter()
        .filter(|param| param.field().can_be_uncertain())
        .filter(|param| !project.uncertainties.iter().any(|u| &u.param == param))
        .collect();
    let label = ui.label("Uncertain parameter");
    let selected = state
        .uncertain_candidate
        .as_ref()
        .map_or_else(|| "Choose…".to_owned(), |param| param.label(view));
    ComboBox::from_id_salt("uncertainty-candidate")
        .selected_text(selected)
        .width(ui.available_width() - 8.0)
        .height(360.0)
        .show_ui(ui, |ui| {
            for param in &params {
                ui.selectable_value(
                    &mut state.uncertain_candidate,
                    Some(param.clone()),
                    param.label(view),
                );
            }
        })
        .response
        .labelled_by(label.id);
    let candidate = state.uncertain_candidate.clone();
    if ui
        .add_enabled(candidate.is_some(), egui::Button::new("Add uncertainty"))
        .on_hover_text("Starts as a triangular distribution from 80% to 120% of today's value")
        .clicked()
        && let Some(param) = candidate
        && let Ok(value) = param.get(view)
    {
        let distribution = Distribution::Triangular {
            min: value * 0.8,
            mode: value,
            max: value * 1.2,
        };
        actions.push(Action::Edit(Edit::SetUncertainty(Uncertainty {
            param,
            distribution,
        })));
        state.uncertain_candidate = None;
    }
}

fn uncertainty_ui(
    ui: &mut Ui,
    uncertainty: &Uncertainty,
    view: &Project,
    actions: &mut Vec<Action>,
) {
    let unit = uncertainty.param.unit(view);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(uncertainty.param.label(view));
        if ui
            .small_button("Remove")
            .on_hover_text("Monte Carlo stops drawing this parameter")
            .clicked()
        {
            actions.push(Action::Edit(Edit::RemoveUncertainty(
                uncertainty.param.clone(),
            )));
        }
    });
    let mut distribution = uncertainty.distribution;
    let names = ["Uniform", "Triangular", "Normal", "Log-normal"];
    let current = match distribution {
        Distribution::Uniform { .. } => 0,
        Distribution::Triangular { .. } => 1,
        Distribution::Normal { .. } => 2,
        Distribution::LogNormal { .. } => 3,
    };
    let mut chosen = current;
    ui.horizontal(|ui| {
        let label = ui.label("Distribution");
        ComboBox::from_id_salt(("distribution", &uncertainty.param))
            .selected_text(names[current])
            .show_ui(ui, |ui| {
                for (index, name) in names.iter().enumerate() {
                    ui.selectable_value(&mut chosen, index, *name);
                }
            })
            .response
            .labelled_by(label.id);
    });
    if chosen != current {
        let centre = distribution.median();
        distribution = match chosen {
            0 => Distribution::Uniform {
                min: centre * 0.8,
                max: centre * 1.2,
            },
            1 => Distribution::Triangular {
                min: centre * 0.8,
                mode: centre,
                max: centre * 1.2,
            },
            2 => Distribution::Normal {
                mean: centre,
                std_dev: centre.abs() * 0.1,
            },
            _ => Distribution::LogNormal {
                median: centre.abs().max(f64::MIN_POSITIVE),
                sigma: 0.2,
            },
        };
    }
    let mut fields: Vec<(&str, &mut f64, String)> = match &mut distribution {
        Distribution::Uniform { min, max } => {
            vec![("Min", min, unit.clone()), ("Max", max, unit.clone())]
        }
        Distribution::Triangular { min, mode, max } => vec![
            ("Min", min, unit.clone()),
            ("Most likely", mode, unit.clone()),
            ("Max", max, unit.clone()),
        ],
        Distribution::Normal { mean, std_dev } => vec![
            ("Mean", mean, unit.clone()),
            ("Std. dev.", std_dev, unit.clone()),
        ],
        Distribution::LogNormal { median, sigma } => vec![
            ("Median", median, unit.clone()),
            ("Sigma (of the log)", sigma, String::new()),
        ],
    };
    let mut edited = chosen != current;
    egui::Grid::new(("distribution-values", &uncertainty.param))
        .num_columns(2)
        .show(ui, |ui| {
            for (name, value, unit) in &mut fields {
                let label = ui.label(*name);
                let speed = (value.abs() * 0.01).max(0.001);
                let response = ui
                    .add(
                        egui::DragValue::new(*value)
                            .speed(speed)
                            .suffix(format!(" {unit}")),
                    )
                    .labelled_by(label.id);
                edited |= response.changed();
                ui.end_row();
            }
        });
    if edited {
        match distribution.problem() {
            None => actions.push(Action::EditMerging(
                Edit::SetUncertainty(Uncertainty {
                    param: uncertainty.param.clone(),
                    distribution,
                }),
                format!("uncertainty:{}", uncertainty.param),
            )),
            Some(problem) => actions.push(Action::Notice(format!(
                "{}: the distribution {problem}; not changed.",
                uncertainty.param.label(view)
            ))),
        }
    }
}

fn lever_ui(
    ui: &mut Ui,
    state: &mut LeversState,
    lever: &Lever,
    view: &Project,
    presenting: bool,
    actions: &mut Vec<Action>,
) {
    let Ok(current) = lever.param.get(view) else {
        ui.weak(format!(
            "{}: its stage or link is gone; remove this lever.",
            lever.param
        ));
        return;
    };
    let unit = lever.param.unit(view);
    ui.add_space(6.0);
    let label = ui.horizontal(|ui| {
        let label = ui.strong(lever.param.label(view));
        if !presenting
            && ui
                .small_button("Remove")
                .on_hover_text("Remove this lever (the parameter keeps its value)")
                .clicked()
        {
            actions.push(Action::Edit(Edit::RemoveLever(lever.param.clone())));
        }
        label
    });
    let label = label.inner;
    let mut value = current;
    let mut slider = egui::Slider::new(&mut value, lever.min..=lever.max)
        .suffix(format!(" {unit}"))
        .clamping(egui::SliderClamping::Never);
    if let Some(step) = lever.step {
        slider = slider.step_by(step);
    }
    ui.spacing_mut().slider_width = (ui.available_width() - 130.0).max(120.0);
    let response = ui
        .add(slider)
        .on_hover_text(format!("{} ({unit})", lever.param.label(view)));
    let response = response.labelled_by(label.id);
    if response.dragged() {
        state.dragging = Some(lever.param.clone());
    }
    let key = format!("lever:{}", lever.param);
    if response.changed() && value.is_finite() && (value - current).abs() > 0.0 {
        actions.push(Action::EditMerging(
            Edit::SetParam {
                param: lever.param.clone(),
                value,
            },
            key,
        ));
    }
    if response.drag_stopped() || response.lost_focus() {
        actions.push(Action::EndMerge);
    }
}
