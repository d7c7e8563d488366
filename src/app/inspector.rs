//! The inspector: every parameter of the selected stage or link, grouped, with units and
//! tooltips; and the project settings panel. Invalid values are shown in place and not applied.
//!
//! Numeric fields are text fields, not drag values: planners type figures from reports
//! ("2,650.5", "410.96e9"), and a typo must be shown with its reason rather than silently
//! clamped. The typed text lives in [`InspectorState`] until it parses and passes the field's
//! rule; only then does the field push an edit.

use std::collections::{BTreeMap, HashMap};

use egui::{
    Align, Button, Color32, ComboBox, Id, Label, Layout, Response, RichText, TextEdit, Ui, vec2,
};

use crate::calc::{Period, Results};
use crate::model::edit::{Edit, Settings};
use crate::model::{
    ByProduct, Currency, Destination, Link, LocalCurrency, Location, Phase, Project,
    PurchasedInput, Stage, StageKind,
};
use crate::report::format::{self, MoneyDisplay};
use crate::validate::{Problem, Severity, Subject};

use super::action::Action;
use super::canvas::Selection;

/// Text being typed into fields, kept until it parses (so "12." or "abc" is never lost).
#[derive(Debug, Default)]
pub struct InspectorState {
    /// Text of numeric fields that differs from what the project holds: being typed, or invalid.
    buffers: HashMap<String, FieldBuffer>,
    /// Stage field picked in the "Add a source for" combo, waiting for "Add note".
    new_source_field: Option<String>,
    /// Key of a field to focus on the next frame (a source note just added).
    focus_next: Option<String>,
}

/// What a numeric field shows instead of the project's value.
#[derive(Clone, Debug)]
struct FieldBuffer {
    /// The text as typed.
    text: String,
    /// The project's value when the text was typed. When the project later holds another value
    /// (undo, or an edit elsewhere), the text is stale and is dropped unless the field is focused.
    project_value: f64,
    /// Why the text is not applied, when it is invalid.
    error: Option<String>,
}

/// Width of a numeric text field: room for "410,960,000,000".
const NUMBER_WIDTH: f32 = 120.0;

/// What values a numeric field accepts; each rule says why a value is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Zero or more (quantities, money, counts of jobs).
    NonNegative,
    /// More than zero (GDP, exchange rates).
    Positive,
    /// A share between 0 and 100%.
    Percent,
    /// A yearly rate between -50% and 100% (growth, discounting); see
    /// [`crate::validate::RATE_PCT_ACCEPTED`].
    Rate,
    /// A calendar year.
    Year,
    /// A whole number of years, 0 or more.
    WholeYears,
}

/// Earliest and latest calendar year a field accepts; anything outside is almost surely a typo.
const YEARS_ACCEPTED: std::ops::RangeInclusive<f64> = 1800.0..=2300.0;

/// Longest duration in years a field accepts (construction, ramp-up, economic life).
const MAX_DURATION_YEARS: f64 = 200.0;

impl Rule {
    /// Parses `text` and checks it against the rule.
    fn parse(self, text: &str) -> Result<f64, String> {
        let percent_sign = matches!(self, Self::Percent | Self::Rate);
        let value = parse_number(text, percent_sign)?;
        self.check(value)?;
        Ok(value)
    }

    /// Why `value` is refused, if it is.
    fn check(self, value: f64) -> Result<(), String> {
        let whole = value.fract() == 0.0;
        let refusal = match self {
            Self::NonNegative => (value < 0.0).then_some("Must be 0 or more"),
            Self::Positive => (value <= 0.0).then_some("Must be more than 0"),
            Self::Percent => {
                (!(0.0..=100.0).contains(&value)).then_some("A share is between 0 and 100%")
            }
            Self::Rate => (!crate::validate::RATE_PCT_ACCEPTED.contains(&value))
                .then_some("Type a yearly rate between -50% and 100%"),
            Self::Year => {
                if !whole {
                    Some("Type a whole year, e.g. 2030")
                } else if !YEARS_ACCEPTED.contains(&value) {
                    Some("Type a year between 1800 and 2300")
                } else {
                    None
                }
            }
            Self::WholeYears => {
                if value < 0.0 {
                    Some("Must be 0 or more")
                } else if !whole {
                    Some("Type a whole number of years, e.g. 3")
                } else if value > MAX_DURATION_YEARS {
                    Some("At most 200 years")
                } else {
                    None
                }
            }
        };
        match refusal {
            Some(reason) => Err(reason.to_owned()),
            None => Ok(()),
        }
    }

    /// How the project's value is shown in the field.
    fn text_of(self, value: f64) -> String {
        match self {
            // Years read as years: "2030", never "2,030".
            Self::Year | Self::WholeYears => format!("{value:.0}"),
            _ => number_text(value),
        }
    }
}

/// Parses a number as people type it: thousands separators ("2,650.5"), spaces, a leading
/// sign, exponents ("410.96e9"), and a trailing "%" where `percent_sign` allows one. Refuses
/// NaN, infinity and decimal commas, saying what to type instead.
fn parse_number(text: &str, percent_sign: bool) -> Result<f64, String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    let compact = if percent_sign {
        compact.strip_suffix('%').unwrap_or(&compact).to_owned()
    } else {
        compact
    };
    if compact.is_empty() {
        return Err("Empty — type a number like 2650 or 2,650.5".to_owned());
    }
    check_commas(&compact)?;
    let digits = compact.replace(',', "");
    let not_a_number = || "Not a number — type digits like 2650 or 2,650.5".to_owned();
    // Rust also parses "inf" and "NaN"; neither is a figure anyone means to enter.
    let lower = digits.to_ascii_lowercase();
    if lower.contains("nan") {
        return Err("NaN is not a figure — type a number like 2650".to_owned());
    }
    if lower.contains("inf") {
        return Err("Infinity is not a figure — type a finite number like 2650".to_owned());
    }
    if !digits
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return Err(not_a_number());
    }
    let value: f64 = digits.parse().map_err(|_| not_a_number())?;
    if !value.is_finite() || value.abs() > crate::validate::MAX_FIGURE {
        return Err("Too large (at most 1e18) — check the number of digits".to_owned());
    }
    Ok(value)
}

/// Commas may only group thousands: "2,650.5" is fine, "2,5" (a decimal comma) is not.
fn check_commas(text: &str) -> Result<(), String> {
    if !text.contains(',') {
        return Ok(());
    }
    let refuse =
        || Err("Commas separate thousands (2,650.5); use a dot for decimals (2.5)".to_owned());
    let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
    if text.len() != mantissa.len() && text[mantissa.len()..].contains(',') {
        return refuse();
    }
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if fraction.contains(',') {
        return refuse();
    }
    let whole = whole.trim_start_matches(['-', '+']);
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    if first.is_empty() || first.len() > 3 || groups.any(|group| group.len() != 3) {
        return refuse();
    }
    Ok(())
}

/// A number as a field shows it: every digit the value has (up to 12 significant ones, so
/// float noise like 2.2222222222222223 does not show), with thousands separators.
fn number_text(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let shortest = format!("{}", value.abs());
    let (whole, fraction) = shortest.split_once('.').unwrap_or((&shortest, ""));
    let decimals = fraction.len().min(12usize.saturating_sub(whole.len()));
    let text = format::thousands(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// A numeric field: what it edits, how it is labelled and what it accepts.
struct Spec<'a> {
    /// Field name as in the project file: matches validation problems and source notes, and
    /// makes the merge key.
    field: &'a str,
    /// Visible label, also the accessible name of the text field.
    label: &'a str,
    /// Unit shown beside the field.
    unit: String,
    /// Tooltip: what the figure means and where typical values lie.
    help: String,
    /// What values are accepted.
    rule: Rule,
    /// True for money, which also shows a short reading ("≈ USD 1.2 bn") beside the field.
    money: bool,
}

impl<'a> Spec<'a> {
    fn new(
        field: &'a str,
        label: &'a str,
        unit: impl Into<String>,
        rule: Rule,
        help: impl Into<String>,
    ) -> Self {
        Self {
            field,
            label,
            unit: unit.into(),
            help: help.into(),
            rule,
            money: false,
        }
    }

    fn money(mut self) -> Self {
        self.money = true;
        self
    }
}

/// A column of labelled fields for one stage, link or the settings: where edits go, which
/// problems belong to it and how wide the label column is.
struct Form<'a> {
    state: &'a mut InspectorState,
    actions: &'a mut Vec<Action>,
    /// Validation problems of the thing being edited.
    problems: Vec<&'a Problem>,
    /// Source notes keyed by field, added to the tooltips.
    sources: Option<&'a BTreeMap<String, String>>,
    /// Prefix of every merge key, e.g. "stage:mine:".
    key_prefix: String,
    /// Money in the project currency, the one every field is typed in.
    base_money: MoneyDisplay,
    /// Money as the window displays it (maybe a local currency), for the hint under big figures.
    display_money: MoneyDisplay,
    /// Width of the label column, so fields line up.
    label_width: f32,
}

impl<'a> Form<'a> {
    fn new(
        ui: &Ui,
        state: &'a mut InspectorState,
        actions: &'a mut Vec<Action>,
        problems: Vec<&'a Problem>,
        key_prefix: String,
        currency: &Currency,
        display_money: &MoneyDisplay,
    ) -> Self {
        Self {
            state,
            actions,
            problems,
            sources: None,
            key_prefix,
            base_money: MoneyDisplay::base(currency),
            display_money: display_money.clone(),
            label_width: (ui.available_width() * 0.36).clamp(100.0, 170.0),
        }
    }

    fn key(&self, field: &str) -> String {
        format!("{}{field}", self.key_prefix)
    }

    fn field_id(key: &str) -> Id {
        Id::unique(("uplift-field", key))
    }

    /// Focuses the field with `key` if it was asked for on the previous frame.
    fn take_focus_request(&mut self, ui: &Ui, key: &str, id: Id) {
        if self.state.focus_next.as_deref() == Some(key) {
            self.state.focus_next = None;
            ui.memory_mut(|memory| memory.request_focus(id));
        }
    }

    /// The tooltip of `field`, with its source note when it has one.
    fn help_text(&self, field: &str, help: &str) -> String {
        match self
            .sources
            .and_then(|sources| sources.get(field))
            .filter(|source| !source.trim().is_empty())
        {
            Some(source) => format!("{help}\n\nSource: {source}"),
            None => help.to_owned(),
        }
    }

    /// The label cell of a row, a fixed width so the fields line up.
    fn label_ui(&self, ui: &mut Ui, label: &str, help: &str) -> Response {
        let width = self.label_width;
        ui.allocate_ui_with_layout(
            vec2(width, ui.spacing().interact_size.y),
            Layout::left_to_right(Align::Center),
            |ui| {
                ui.set_min_width(width);
                ui.add(Label::new(label).wrap()).on_hover_text(help)
            },
        )
        .inner
    }

    /// A message under a field, lined up with the fields.
    fn message_ui(&self, ui: &mut Ui, text: &str, color: Color32) {
        let indent = self.label_width + ui.spacing().item_spacing.x;
        ui.horizontal_top(|ui| {
            ui.add_space(indent);
            ui.add(Label::new(RichText::new(text).color(color)).wrap());
        });
    }

    /// Validation problems of `field`, in the error or warning colour.
    fn problems_ui(&self, ui: &mut Ui, field: &str) {
        for problem in self.problems.iter().filter(|p| p.field == Some(field)) {
            let color = severity_color(ui, problem.severity);
            let text = format!("{}: {}", severity_word(problem.severity), problem.message);
            self.message_ui(ui, &text, color);
        }
    }

    /// How many problems concern any of `fields`.
    fn problem_count(&self, fields: &[&str]) -> usize {
        self.problems
            .iter()
            .filter(|p| p.field.is_some_and(|field| fields.contains(&field)))
            .count()
    }

    /// A collapsing section whose header counts the problems of its fields, so a problem in a
    /// closed section is not missed.
    fn section_ui(
        &mut self,
        ui: &mut Ui,
        title: &str,
        fields: &[&str],
        add_contents: impl FnOnce(&mut Ui, &mut Self),
    ) {
        let count = self.problem_count(fields);
        let header = if count == 0 {
            RichText::new(title).strong()
        } else {
            RichText::new(format!("{title} · {}", problems_text(count)))
                .strong()
                .color(ui.visuals().warn_fg_color)
        };
        egui::CollapsingHeader::new(header)
            .id_salt(("inspector-section", title))
            .default_open(true)
            .show(ui, |ui| add_contents(ui, self));
    }

    /// A labelled numeric text field. Pushes `edit(value)` when the text parses, passes the
    /// rule and differs from the project; otherwise shows why under the field.
    fn number_ui(
        &mut self,
        ui: &mut Ui,
        spec: &Spec<'_>,
        value: f64,
        edit: impl FnOnce(f64) -> Edit,
    ) {
        let key = self.key(spec.field);
        let id = Self::field_id(&key);
        self.take_focus_request(ui, &key, id);
        let focused = ui.memory(|memory| memory.has_focus(id));
        // The project changed under a field nobody is typing in (undo): show its value again.
        if !focused
            && self
                .state
                .buffers
                .get(&key)
                .is_some_and(|buffer| buffer.project_value.to_bits() != value.to_bits())
        {
            self.state.buffers.remove(&key);
        }
        let mut text = self
            .state
            .buffers
            .get(&key)
            .map_or_else(|| spec.rule.text_of(value), |buffer| buffer.text.clone());
        let help = self.help_text(spec.field, &spec.help);
        let response = ui
            .horizontal(|ui| {
                let label = self.label_ui(ui, spec.label, &help);
                let response = TextEdit::singleline(&mut text)
                    .id(id)
                    .desired_width(NUMBER_WIDTH)
                    .align(egui::Align2::RIGHT_CENTER)
                    .show(ui)
                    .response
                    .response
                    .labelled_by(label.id)
                    .on_hover_text(&help);
                ui.label(&spec.unit);
                response
            })
            .inner;
        if response.changed() {
            match spec.rule.parse(&text) {
                Ok(new_value) => {
                    if new_value.to_bits() != value.to_bits() {
                        self.actions
                            .push(Action::EditMerging(edit(new_value), key.clone()));
                    }
                    self.state.buffers.insert(
                        key.clone(),
                        FieldBuffer {
                            text,
                            project_value: new_value,
                            error: None,
                        },
                    );
                }
                Err(reason) => {
                    self.state.buffers.insert(
                        key.clone(),
                        FieldBuffer {
                            text,
                            project_value: value,
                            error: Some(reason),
                        },
                    );
                }
            }
        }
        if response.lost_focus() {
            self.actions.push(Action::EndMerge);
            // A valid entry is shown the project's way again ("2650" → "2,650").
            if self
                .state
                .buffers
                .get(&key)
                .is_some_and(|buffer| buffer.error.is_none())
            {
                self.state.buffers.remove(&key);
            }
        }
        if let Some(error) = self
            .state
            .buffers
            .get(&key)
            .and_then(|buffer| buffer.error.clone())
        {
            self.message_ui(
                ui,
                &format!("{error}; not applied."),
                ui.visuals().error_fg_color,
            );
        }
        if spec.money && value.abs() >= 1e6 {
            // Long figures are easy to misread by a factor of 1,000; say them short too.
            let hint = if self.display_money.code == self.base_money.code {
                format!("= {}", self.base_money.short(value))
            } else {
                format!(
                    "= {} ≈ {}",
                    self.base_money.short(value),
                    self.display_money.short(value)
                )
            };
            self.message_ui(ui, &hint, ui.visuals().weak_text_color());
        }
        self.problems_ui(ui, spec.field);
    }

    /// A labelled single-line text field; every change is pushed, merged per field.
    fn text_ui(
        &mut self,
        ui: &mut Ui,
        names: (&str, &str),
        help: &str,
        value: &str,
        edit: impl FnOnce(String) -> Edit,
    ) {
        self.text_row_ui(ui, names, help, value, None, edit);
    }

    /// A labelled text field with a button at its end that removes the item it names; returns
    /// true when that button was clicked.
    fn text_with_remove_ui(
        &mut self,
        ui: &mut Ui,
        names: (&str, &str),
        help: &str,
        value: &str,
        what: &str,
        edit: impl FnOnce(String) -> Edit,
    ) -> bool {
        self.text_row_ui(ui, names, help, value, Some(what), edit)
    }

    fn text_row_ui(
        &mut self,
        ui: &mut Ui,
        (field, label): (&str, &str),
        help: &str,
        value: &str,
        remove: Option<&str>,
        edit: impl FnOnce(String) -> Edit,
    ) -> bool {
        let key = self.key(field);
        let id = Self::field_id(&key);
        self.take_focus_request(ui, &key, id);
        let help = self.help_text(field, help);
        let mut text = value.to_owned();
        let (response, removed) = ui
            .horizontal(|ui| {
                let label = self.label_ui(ui, label, &help);
                // Leave room for the field's frame and the remove button, so nothing spills
                // past the panel's edge.
                let reserve = if remove.is_some() { 36.0 } else { 0.0 } + 8.0;
                let response = TextEdit::singleline(&mut text)
                    .id(id)
                    .desired_width((ui.available_width() - reserve).max(60.0))
                    .show(ui)
                    .response
                    .response
                    .labelled_by(label.id)
                    .on_hover_text(&help);
                let removed = remove.is_some_and(|what| remove_button_ui(ui, what));
                (response, removed)
            })
            .inner;
        self.push_text_change(&response, &key, value, text, edit);
        self.problems_ui(ui, field);
        removed
    }

    /// A multi-line text field under its label (notes, description).
    fn multiline_ui(
        &mut self,
        ui: &mut Ui,
        (field, label): (&str, &str),
        help: &str,
        value: &str,
        edit: impl FnOnce(String) -> Edit,
    ) {
        let key = self.key(field);
        let id = Self::field_id(&key);
        let mut text = value.to_owned();
        let label = ui.label(label).on_hover_text(help);
        // Long notes scroll inside their own box instead of pushing everything else away.
        let response = egui::ScrollArea::vertical()
            .id_salt(("multiline", key.as_str()))
            .max_height(220.0)
            .show(ui, |ui| {
                TextEdit::multiline(&mut text)
                    .id(id)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY)
                    .show(ui)
                    .response
                    .response
                    .labelled_by(label.id)
                    .on_hover_text(help)
            })
            .inner;
        self.push_text_change(&response, &key, value, text, edit);
    }

    fn push_text_change(
        &mut self,
        response: &Response,
        key: &str,
        old: &str,
        new: String,
        edit: impl FnOnce(String) -> Edit,
    ) {
        if response.changed() && new != old {
            self.actions
                .push(Action::EditMerging(edit(new), key.to_owned()));
        }
        if response.lost_focus() {
            self.actions.push(Action::EndMerge);
        }
    }

    /// A label and a read-only value.
    fn read_only_ui(&self, ui: &mut Ui, label: &str, help: &str, value: &str) {
        ui.horizontal(|ui| {
            self.label_ui(ui, label, help);
            ui.label(RichText::new(value).monospace())
                .on_hover_text(help);
        });
    }

    /// A label and a combo box choosing one of `options`; a choice is one undo step.
    fn choice_ui<T: Copy + PartialEq>(
        &mut self,
        ui: &mut Ui,
        (field, label): (&str, &str),
        help: &str,
        current: T,
        options: &[(T, &str)],
        edit: impl FnOnce(T) -> Edit,
    ) {
        let help = self.help_text(field, help);
        let mut chosen = current;
        let selected_text = options
            .iter()
            .find(|(option, _)| *option == current)
            .map_or("", |(_, text)| *text);
        ui.horizontal(|ui| {
            let label = self.label_ui(ui, label, &help);
            ComboBox::from_id_salt(("inspector-choice", self.key(field)))
                .selected_text(selected_text)
                .show_ui(ui, |ui| {
                    for (option, text) in options {
                        ui.selectable_value(&mut chosen, *option, *text);
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text(&help);
        });
        if chosen != current {
            self.actions.push(Action::Edit(edit(chosen)));
        }
        self.problems_ui(ui, field);
    }

    /// Drops typed text of fields whose key starts with `prefix` (after a list item is removed,
    /// the items after it move up and their old text no longer belongs to them).
    fn forget_buffers(&mut self, prefix: &str) {
        let prefix = self.key(prefix);
        self.state
            .buffers
            .retain(|key, _| !key.starts_with(&prefix));
    }
}

/// "1 problem", "3 problems".
fn problems_text(count: usize) -> String {
    if count == 1 {
        "1 problem".to_owned()
    } else {
        format!("{count} problems")
    }
}

/// The severity in words, so a message does not rely on its colour alone.
fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
    }
}

fn severity_color(ui: &Ui, severity: Severity) -> Color32 {
    match severity {
        Severity::Error => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
    }
}

/// A small "remove" button with an accessible name saying what it removes.
fn remove_button_ui(ui: &mut Ui, what: &str) -> bool {
    ui.add(Button::new("×").small())
        .accessible_name(format!("Remove {what}"))
        .on_hover_text(format!("Remove {what}"))
        .clicked()
}

/// The stage with one change applied, as an edit.
fn stage_edit(stage: &Stage, change: impl FnOnce(&mut Stage)) -> Edit {
    let mut changed = stage.clone();
    change(&mut changed);
    Edit::SetStage(Box::new(changed))
}

/// The settings with one change applied, as an edit.
fn settings_edit(settings: &Settings, change: impl FnOnce(&mut Settings)) -> Edit {
    let mut changed = settings.clone();
    change(&mut changed);
    Edit::SetSettings(Box::new(changed))
}

/// Stage fields that can carry a source note, with the label planners see.
const STAGE_FIELDS: [(&str, &str); 25] = [
    ("name", "Name"),
    ("kind", "Kind"),
    ("location", "Location"),
    ("product", "Product"),
    ("unit", "Unit"),
    ("capacity_per_year", "Capacity"),
    ("input_per_unit", "Input per unit"),
    ("first_production_year", "First production year"),
    ("ramp_up_years", "Ramp-up years"),
    ("unlinked_output", "Unlinked output"),
    ("price_per_unit", "Price"),
    ("by_products", "By-products"),
    ("purchased_inputs", "Purchased inputs"),
    ("wages_per_year", "Wages"),
    ("jobs", "Jobs"),
    ("royalty_pct", "Royalty"),
    ("other_taxes_per_unit", "Other taxes"),
    ("subsidies_per_year", "Subsidies"),
    ("capex", "Capex"),
    ("capex_imported_pct", "Imported share of capex"),
    ("construction_years", "Construction years"),
    ("economic_life_years", "Economic life"),
    ("energy_mwh_per_unit", "Energy"),
    ("co2_t_per_unit", "CO2"),
    ("water_m3_per_unit", "Water"),
];

/// Stage fields whose problems are shown beside the field itself; others go at the top.
const STAGE_FIELDS_SHOWN_IN_PLACE: [&str; 22] = [
    "name",
    "product",
    "unit",
    "capacity_per_year",
    "input_per_unit",
    "first_production_year",
    "ramp_up_years",
    "price_per_unit",
    "by_products",
    "purchased_inputs",
    "wages_per_year",
    "jobs",
    "royalty_pct",
    "other_taxes_per_unit",
    "subsidies_per_year",
    "capex",
    "capex_imported_pct",
    "construction_years",
    "economic_life_years",
    "energy_mwh_per_unit",
    "co2_t_per_unit",
    "water_m3_per_unit",
];

fn stage_field_label(field: &str) -> &str {
    STAGE_FIELDS
        .iter()
        .find(|(name, _)| *name == field)
        .map_or(field, |(_, label)| *label)
}

const NOTHING_SELECTED_DETAIL: &str = "Its parameters appear here: production, prices, inputs, \
    labour and taxes, investment and ESG, each with its unit and a tooltip.";

/// The project's description, notes and sources, read-only (edit them under Project).
fn project_overview_ui(ui: &mut Ui, project: &Project) {
    ui.add_space(12.0);
    ui.separator();
    ui.label(RichText::new(&project.name).heading());
    if !project.description.is_empty() {
        ui.label(&project.description);
    }
    if !project.notes.is_empty() {
        ui.add_space(6.0);
        ui.strong("Notes");
        ui.label(RichText::new(&project.notes).weak());
    }
    if !project.sources.is_empty() {
        ui.add_space(6.0);
        ui.strong("Sources");
        for source in &project.sources {
            ui.label(RichText::new(format!("• {source}")).weak());
        }
    }
}

/// Shows the selected stage or link and pushes edits to `actions`.
///
/// It does not scroll by itself: put it in a vertical `ScrollArea`.
///
/// With nothing selected it shows what the project is about and where its figures come from,
/// so the first thing a planner reads on opening a project is its story, not an empty panel.
pub fn inspector_ui(
    ui: &mut Ui,
    inspector: &mut InspectorState,
    project: &Project,
    selection: &Selection,
    findings: &Findings<'_>,
    money: &MoneyDisplay,
    actions: &mut Vec<Action>,
) {
    let problems = findings.problems;
    let stage_count = selection.stages.len();
    match (stage_count, selection.link) {
        (0, None) => {
            hint_ui(
                ui,
                "Select a stage or link on the canvas",
                NOTHING_SELECTED_DETAIL,
            );
            project_overview_ui(ui, project);
        }
        (1, None) => {
            let stage = selection.stages.first().and_then(|id| project.stage(id));
            match stage {
                Some(stage) => {
                    stage_ui(ui, inspector, project, stage, findings, money, actions);
                }
                None => hint_ui(
                    ui,
                    "The selected stage no longer exists",
                    "Select a stage or link on the canvas.",
                ),
            }
        }
        (0, Some(index)) => match project.links.get(index) {
            Some(link) => link_ui(ui, inspector, project, index, link, problems, actions),
            None => hint_ui(
                ui,
                "The selected link no longer exists",
                "Select a stage or link on the canvas.",
            ),
        },
        (count, link) => {
            let what = match (count, link.is_some()) {
                (1, true) => "1 stage and 1 link selected".to_owned(),
                (count, true) => format!("{count} stages and 1 link selected"),
                (count, false) => format!("{count} stages selected"),
            };
            hint_ui(
                ui,
                &what,
                "Press Delete to remove them, or click a single stage to edit it.",
            );
        }
    }
}

/// What the inspector reads besides the project: validation problems and the latest results
/// (absent while the project has errors), with the period the results panel shows.
pub struct Findings<'a> {
    /// Validation problems of the current project.
    pub problems: &'a [Problem],
    /// Latest results, when the project computes.
    pub results: Option<&'a Results>,
    /// The year or period selected in the results panel.
    pub period: Period,
}

/// The selected stage's figures for the period on show: how its value added splits, whether
/// it makes a loss, and its investment return, next to the parameters that explain them.
fn stage_results_ui(
    ui: &mut Ui,
    project: &Project,
    results: &Results,
    period: Period,
    index: usize,
    money: &MoneyDisplay,
) {
    let Some(stage_results) = results.stages.get(index) else {
        return;
    };
    let accounts = results.stage(index, period);
    // The same words as the period selector in the results panel.
    let period_words = super::results_panel::period_text(project, period);
    let years = crate::report::years_in(results, period).max(1) as f64;
    egui::CollapsingHeader::new(format!("Results, {period_words}"))
        .id_salt("stage-results")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("stage-results-grid")
                .num_columns(2)
                .spacing(vec2(12.0, 2.0))
                .show(ui, |ui| {
                    let mut row = |label: &str, value: String, help: &str| {
                        ui.label(label).on_hover_text(help);
                        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                            ui.label(value);
                        });
                        ui.end_row();
                    };
                    row(
                        "Output value",
                        money.short(accounts.output_value),
                        "Quantity × price, plus by-product credits.",
                    );
                    row(
                        "Intermediate consumption",
                        money.short(accounts.intermediate_consumption),
                        "Feed from upstream stages at their price, transport and purchased inputs.",
                    );
                    row(
                        "Value added",
                        money.short(accounts.value_added),
                        "Output value − intermediate consumption.",
                    );
                    row(
                        "  of which wages",
                        money.short(accounts.wages),
                        "Wage bill, scaled with output.",
                    );
                    row(
                        "  net taxes",
                        money.short(accounts.net_taxes()),
                        "Royalties + other taxes − subsidies.",
                    );
                    row(
                        "  depreciation",
                        money.short(accounts.depreciation),
                        "Capex spread over the economic life.",
                    );
                    row(
                        "  operating surplus",
                        money.short(accounts.operating_surplus),
                        "What is left for the owners; negative means the stage makes a loss.",
                    );
                    if let Some(uplift) = accounts.value_uplift() {
                        row(
                            "Value uplift",
                            format!("{uplift:.2}×"),
                            "Output value divided by the value of the feed it used.",
                        );
                    }
                    row(
                        "Jobs",
                        format::thousands(accounts.jobs / years, 0),
                        "Full-time equivalents, scaled with output; for a period, the average per year.",
                    );
                    let investment = &stage_results.investment;
                    row(
                        "NPV (whole horizon)",
                        money.short(investment.npv),
                        "Net present value of the stage's pre-tax cash flows at the project's discount rate.",
                    );
                    row(
                        "IRR / payback",
                        format!(
                            "{} / {}",
                            investment.irr.map_or_else(|| "–".to_owned(), format::percent),
                            investment
                                .payback_year
                                .map_or_else(|| "–".to_owned(), |year| year.to_string())
                        ),
                        "Internal rate of return, and the year from which cumulative cash flow stays positive.",
                    );
                });
            if accounts.quantity > 0.0 && accounts.operating_surplus < 0.0 {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "This stage makes a loss over this period: its value added does not cover wages, taxes and depreciation.",
                );
            }
        });
}

fn hint_ui(ui: &mut Ui, title: &str, detail: &str) {
    ui.add_space(8.0);
    ui.heading(title);
    ui.add(Label::new(RichText::new(detail).weak()).wrap());
}

fn stage_ui(
    ui: &mut Ui,
    inspector: &mut InspectorState,
    project: &Project,
    stage: &Stage,
    findings: &Findings<'_>,
    money: &MoneyDisplay,
    actions: &mut Vec<Action>,
) {
    let problems = findings.problems;
    let code = project.currency.code.as_str();
    let unit = if stage.unit.trim().is_empty() {
        "unit"
    } else {
        stage.unit.trim()
    };
    let subject = Subject::Stage(stage.id.clone());
    let stage_problems: Vec<&Problem> = problems.iter().filter(|p| p.subject == subject).collect();

    ui.label(super::results_panel::stage_name_text(
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
    for problem in stage_problems.iter().filter(|p| {
        p.field
            .is_none_or(|f| !STAGE_FIELDS_SHOWN_IN_PLACE.contains(&f))
    }) {
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
    }
    ui.add_space(4.0);

    let mut form = Form::new(
        ui,
        inspector,
        actions,
        stage_problems,
        format!("stage:{}:", stage.id),
        &project.currency,
        money,
    );
    form.sources = Some(&stage.sources);

    form.section_ui(
        ui,
        "Production",
        &[
            "name",
            "product",
            "unit",
            "capacity_per_year",
            "input_per_unit",
            "first_production_year",
            "ramp_up_years",
        ],
        |ui, form| production_ui(ui, form, project, stage, unit),
    );
    form.section_ui(
        ui,
        "Prices",
        &["price_per_unit", "by_products"],
        |ui, form| {
            prices_ui(ui, form, stage, code, unit);
        },
    );
    form.section_ui(ui, "Purchased inputs", &["purchased_inputs"], |ui, form| {
        purchased_inputs_ui(ui, form, stage, code, unit);
    });
    form.section_ui(
        ui,
        "Labour and taxes",
        &[
            "wages_per_year",
            "jobs",
            "royalty_pct",
            "other_taxes_per_unit",
            "subsidies_per_year",
        ],
        |ui, form| labour_and_taxes_ui(ui, form, stage, code, unit),
    );
    form.section_ui(
        ui,
        "Investment",
        &[
            "capex",
            "capex_imported_pct",
            "construction_years",
            "economic_life_years",
        ],
        |ui, form| investment_ui(ui, form, stage, code),
    );
    form.section_ui(
        ui,
        "ESG",
        &["energy_mwh_per_unit", "co2_t_per_unit", "water_m3_per_unit"],
        |ui, form| esg_ui(ui, form, stage, unit),
    );
    form.section_ui(ui, "Notes and sources", &[], |ui, form| {
        stage_sources_ui(ui, form, stage);
    });
}

fn production_ui(ui: &mut Ui, form: &mut Form<'_>, project: &Project, stage: &Stage, unit: &str) {
    form.text_ui(
        ui,
        ("name", "Name"),
        "Name shown on the canvas and in reports.",
        &stage.name,
        |name| stage_edit(stage, |s| s.name = name),
    );
    form.read_only_ui(
        ui,
        "Id",
        "Stable identifier that links and the project file refer to; it cannot be changed here.",
        &stage.id.0,
    );
    let kinds: Vec<(StageKind, &str)> = StageKind::ALL.iter().map(|k| (*k, k.label())).collect();
    form.choice_ui(
        ui,
        ("kind", "Kind"),
        "What the stage does: sets its colour and its column when the chain is arranged. It does not change any figure.",
        stage.kind,
        &kinds,
        |kind| stage_edit(stage, |s| s.kind = kind),
    );
    form.choice_ui(
        ui,
        ("location", "Location"),
        "Domestic stages count in national value added, jobs, taxes and FX. For a stage abroad (e.g. a smelter in China), material sold to it is an export and material bought from it an import; its own figures are shown for reference only.",
        stage.location,
        &[(Location::Domestic, "Domestic"), (Location::Abroad, "Abroad")],
        |location| stage_edit(stage, |s| s.location = location),
    );
    form.text_ui(
        ui,
        ("product", "Product"),
        "What the stage makes, e.g. \"Copper concentrate\" or \"Copper cathode\".",
        &stage.product,
        |product| stage_edit(stage, |s| s.product = product),
    );
    form.text_ui(
        ui,
        ("unit", "Unit"),
        "Unit of the product, e.g. t, kt, oz. Capacity, price and every per-unit figure of this stage are per this unit.",
        &stage.unit,
        |new_unit| stage_edit(stage, |s| s.unit = new_unit),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "capacity_per_year",
            "Capacity",
            format!("{unit}/year"),
            Rule::NonNegative,
            "Output per year at full utilisation. A large copper mine moves 40-90 Mt of ore a year; a copper smelter makes 100-400 kt of cathode.",
        ),
        stage.capacity_per_year,
        |v| stage_edit(stage, |s| s.capacity_per_year = v),
    );

    let feeders: Vec<&Stage> = project
        .links
        .iter()
        .filter(|link| link.to == stage.id)
        .filter_map(|link| project.stage(&link.from))
        .collect();
    let feed_unit = match feeders.first() {
        Some(first) if feeders.iter().all(|f| f.unit == first.unit) => {
            format!("{}/{unit}", first.unit)
        }
        Some(_) => format!("feed/{unit}"),
        None => format!("per {unit}"),
    };
    form.number_ui(
        ui,
        &Spec::new(
            "input_per_unit",
            "Input per unit",
            feed_unit,
            Rule::NonNegative,
            "Units of feed from the linked upstream stage needed per unit of product. Grade and recovery enter here: for a product counted as contained metal it is 1 / (grade × recovery), e.g. ore at 0.5% copper with 90% recovery needs 1 / (0.005 × 0.9) ≈ 222 t of ore per t of copper; for a 25% copper concentrate it is 0.25 / (0.005 × 0.9) ≈ 56 t of ore per t. A smelter needs about 3.6-4.2 t of concentrate per t of copper. Ignored when no link feeds the stage.",
        ),
        stage.input_per_unit,
        |v| stage_edit(stage, |s| s.input_per_unit = v),
    );
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

    form.number_ui(
        ui,
        &Spec::new(
            "first_production_year",
            "First production year",
            "year",
            Rule::Year,
            "First calendar year with any output. Capex is spent in the construction years just before it.",
        ),
        f64::from(stage.first_production_year),
        |v| stage_edit(stage, |s| s.first_production_year = v as i32),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "ramp_up_years",
            "Ramp-up years",
            "years",
            Rule::WholeYears,
            "Years to ramp linearly from nothing to full capacity. 0 means full capacity from the first year; 2-4 years is typical for a new mine or plant.",
        ),
        f64::from(stage.ramp_up_years),
        |v| stage_edit(stage, |s| s.ramp_up_years = v as u32),
    );
    form.choice_ui(
        ui,
        ("unlinked_output", "Unlinked output"),
        "Where output that no link takes is sold: exported (it earns foreign exchange) or sold on the domestic market.",
        stage.unlinked_output,
        &[
            (Destination::Export, "Export"),
            (Destination::DomesticMarket, "Domestic market"),
        ],
        |destination| stage_edit(stage, |s| s.unlinked_output = destination),
    );
}

fn prices_ui(ui: &mut Ui, form: &mut Form<'_>, stage: &Stage, code: &str, unit: &str) {
    form.number_ui(
        ui,
        &Spec::new(
            "price_per_unit",
            "Price",
            format!("{code}/{unit}"),
            Rule::NonNegative,
            "Price received per unit of product. Use the long-term price assumption: copper cathode about 9,000-10,000 USD/t (LME); a concentrate is paid for its payable metal less treatment and refining charges.",
        )
        .money(),
        stage.price_per_unit,
        |v| stage_edit(stage, |s| s.price_per_unit = v),
    );

    ui.add_space(4.0);
    ui.label(RichText::new("By-products").strong()).on_hover_text(
        "Co-products sold with the main product, e.g. gold and silver credits in copper concentrate. They add to output value.",
    );
    form.problems_ui(ui, "by_products");
    for (index, by_product) in stage.by_products.iter().enumerate() {
        let number = index + 1;
        let name = if by_product.name.trim().is_empty() {
            format!("by-product {number}")
        } else {
            by_product.name.clone()
        };
        let bp_unit = if by_product.unit.trim().is_empty() {
            "unit"
        } else {
            by_product.unit.trim()
        };
        ui.push_id(("by-product", index), |ui| {
            ui.group(|ui| {
                let field = format!("by_products.{index}");
                let removed = form.text_with_remove_ui(
                    ui,
                    (&format!("{field}.name"), &format!("By-product {number}")),
                    "Name of the by-product, e.g. \"Payable gold\".",
                    &by_product.name,
                    &format!("by-product {number}"),
                    |text| stage_edit(stage, |s| s.by_products[index].name = text),
                );
                form.text_ui(
                    ui,
                    (&format!("{field}.unit"), "By-product unit"),
                    "Unit of the by-product, e.g. oz or kg.",
                    &by_product.unit,
                    |text| stage_edit(stage, |s| s.by_products[index].unit = text),
                );
                form.number_ui(
                    ui,
                    &Spec::new(
                        &format!("{field}.quantity_per_unit"),
                        "Quantity per unit",
                        format!("{bp_unit}/{unit}"),
                        Rule::NonNegative,
                        format!("Units of {name} sold per unit of the main product, e.g. 1.5 oz of payable gold per t of copper in concentrate."),
                    ),
                    by_product.quantity_per_unit,
                    |v| stage_edit(stage, |s| s.by_products[index].quantity_per_unit = v),
                );
                form.number_ui(
                    ui,
                    &Spec::new(
                        &format!("{field}.price"),
                        "By-product price",
                        format!("{code}/{bp_unit}"),
                        Rule::NonNegative,
                        format!("Price received per unit of {name}, e.g. gold about 2,000-3,000 USD/oz."),
                    )
                    .money(),
                    by_product.price,
                    |v| stage_edit(stage, |s| s.by_products[index].price = v),
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
            });
        })));
    }
}

fn purchased_inputs_ui(ui: &mut Ui, form: &mut Form<'_>, stage: &Stage, code: &str, unit: &str) {
    form.problems_ui(ui, "purchased_inputs");
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
        ui.push_id(("purchased-input", index), |ui| {
            ui.group(|ui| {
                let field = format!("purchased_inputs.{index}");
                let removed = form.text_with_remove_ui(
                    ui,
                    (&format!("{field}.name"), &format!("Input {number}")),
                    "What is bought, e.g. \"Electricity\", \"Reagents\", \"Diesel\".",
                    &input.name,
                    &format!("input {number}"),
                    |text| stage_edit(stage, |s| s.purchased_inputs[index].name = text),
                );
                form.number_ui(
                    ui,
                    &Spec::new(
                        &format!("{field}.cost_per_unit"),
                        "Cost per unit",
                        format!("{code}/{unit}"),
                        Rule::NonNegative,
                        format!("Cost of {name} per unit of product. It is intermediate consumption: it lowers the stage's value added."),
                    )
                    .money(),
                    input.cost_per_unit,
                    |v| stage_edit(stage, |s| s.purchased_inputs[index].cost_per_unit = v),
                );
                form.number_ui(
                    ui,
                    &Spec::new(
                        &format!("{field}.imported_pct"),
                        "Imported share",
                        "%",
                        Rule::Percent,
                        format!("Share of {name} that is imported (it counts against net FX). The domestic rest creates indirect value added. Reagents and equipment are often 70-100% imported; grid electricity mostly domestic."),
                    ),
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

fn labour_and_taxes_ui(ui: &mut Ui, form: &mut Form<'_>, stage: &Stage, code: &str, unit: &str) {
    form.number_ui(
        ui,
        &Spec::new(
            "wages_per_year",
            "Wages",
            format!("{code}/year"),
            Rule::NonNegative,
            "Wage bill per year at full capacity, including social contributions; it scales with output during ramp-up. Wages are part of value added, not a cost against it.",
        )
        .money(),
        stage.wages_per_year,
        |v| stage_edit(stage, |s| s.wages_per_year = v),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "jobs",
            "Jobs",
            "FTE",
            Rule::NonNegative,
            "Direct jobs at full capacity, in full-time equivalents; they scale with output during ramp-up. A large open-pit copper mine employs a few thousand; a smelter several hundred.",
        ),
        stage.jobs,
        |v| stage_edit(stage, |s| s.jobs = v),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "royalty_pct",
            "Royalty",
            "%",
            Rule::Percent,
            "Share of output value paid as royalty. Pakistan's provinces levy 2-5%; Reko Diq is reported at 5%.",
        ),
        stage.royalty_pct,
        |v| stage_edit(stage, |s| s.royalty_pct = v),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "other_taxes_per_unit",
            "Other taxes",
            format!("{code}/{unit}"),
            Rule::NonNegative,
            "Other taxes on production per unit of product (excise, cess, export duty). Profit tax is not included: it is paid out of the operating surplus.",
        )
        .money(),
        stage.other_taxes_per_unit,
        |v| stage_edit(stage, |s| s.other_taxes_per_unit = v),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "subsidies_per_year",
            "Subsidies",
            format!("{code}/year"),
            Rule::NonNegative,
            "Subsidies received per year of operation (e.g. a power tariff support). They lower public revenue and raise the operating surplus.",
        )
        .money(),
        stage.subsidies_per_year,
        |v| stage_edit(stage, |s| s.subsidies_per_year = v),
    );
}

fn investment_ui(ui: &mut Ui, form: &mut Form<'_>, stage: &Stage, code: &str) {
    form.number_ui(
        ui,
        &Spec::new(
            "capex",
            "Capex",
            code,
            Rule::NonNegative,
            "Total investment to build the stage. Reko Diq phase 1 is reported at about 5.6 bn USD; Freeport's Manyar smelter cost about 3.7 bn USD for some 650 kt of cathode a year (about 5,700 USD per t/yr of capacity).",
        )
        .money(),
        stage.capex,
        |v| stage_edit(stage, |s| s.capex = v),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "capex_imported_pct",
            "Imported share of capex",
            "%",
            Rule::Percent,
            "Share of the investment spent on imports (equipment, foreign contractors); it counts against net FX in the construction years. 50-80% is common for mining and processing plants in developing economies.",
        ),
        stage.capex_imported_pct,
        |v| stage_edit(stage, |s| s.capex_imported_pct = v),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "construction_years",
            "Construction years",
            "years",
            Rule::WholeYears,
            "Years of construction just before the first production year; capex is spread evenly over them. 0 puts all capex in the first production year. 2-5 years is typical.",
        ),
        f64::from(stage.construction_years),
        |v| stage_edit(stage, |s| s.construction_years = v as u32),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "economic_life_years",
            "Economic life",
            "years",
            Rule::WholeYears,
            "Years over which capex is depreciated, from the first production year. 20-30 years is typical for a plant; a mine's life follows its reserves.",
        ),
        f64::from(stage.economic_life_years),
        |v| stage_edit(stage, |s| s.economic_life_years = v as u32),
    );
}

fn esg_ui(ui: &mut Ui, form: &mut Form<'_>, stage: &Stage, unit: &str) {
    form.number_ui(
        ui,
        &Spec::new(
            "energy_mwh_per_unit",
            "Energy",
            format!("MWh/{unit}"),
            Rule::NonNegative,
            "Energy used per unit of product. Copper: mining and concentrating about 0.02-0.03 MWh per t of ore; smelting and refining about 1-1.5 MWh per t of cathode.",
        ),
        stage.energy_mwh_per_unit,
        |v| stage_edit(stage, |s| s.energy_mwh_per_unit = v),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "co2_t_per_unit",
            "CO2",
            format!("t CO₂/{unit}"),
            Rule::NonNegative,
            "CO2 emitted per unit of product, in tonnes (direct and from purchased power). Refined copper is typically 3-5 t CO2 per t over the whole chain.",
        ),
        stage.co2_t_per_unit,
        |v| stage_edit(stage, |s| s.co2_t_per_unit = v),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "water_m3_per_unit",
            "Water",
            format!("m³/{unit}"),
            Rule::NonNegative,
            "Fresh water used per unit of product, in cubic metres. A copper concentrator uses about 0.4-1 m³ per t of ore; much less where water is recycled, which matters in arid Balochistan.",
        ),
        stage.water_m3_per_unit,
        |v| stage_edit(stage, |s| s.water_m3_per_unit = v),
    );
}

fn stage_sources_ui(ui: &mut Ui, form: &mut Form<'_>, stage: &Stage) {
    if stage.sources.is_empty() {
        ui.weak("No source notes yet. Note where a figure comes from so others can check it.");
    }
    for (field, note) in &stage.sources {
        let label = format!("{} source", stage_field_label(field));
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
    let free: Vec<(&str, &str)> = STAGE_FIELDS
        .iter()
        .filter(|(field, _)| !stage.sources.contains_key(*field))
        .copied()
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
        let selected_text = chosen
            .as_deref()
            .map_or("Choose a field…", stage_field_label);
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

fn link_ui(
    ui: &mut Ui,
    inspector: &mut InspectorState,
    project: &Project,
    index: usize,
    link: &Link,
    problems: &[Problem],
    actions: &mut Vec<Action>,
) {
    let code = project.currency.code.as_str();
    let from = project.stage(&link.from);
    let to = project.stage(&link.to);
    let name_of = |stage: Option<&Stage>, id: &crate::model::StageId| {
        stage.map_or_else(|| format!("missing stage '{id}'"), |s| s.name.clone())
    };
    let from_name = name_of(from, &link.from);
    let to_name = name_of(to, &link.to);
    let upstream_unit = from
        .map(|s| s.unit.trim())
        .filter(|u| !u.is_empty())
        .unwrap_or("unit");

    ui.heading("Link");
    if let Some(from) = from {
        ui.weak(format!("Carries {} ({})", from.product, from.unit));
    }
    let subject = Subject::Link(index);
    let link_problems: Vec<&Problem> = problems.iter().filter(|p| p.subject == subject).collect();
    for problem in link_problems
        .iter()
        .filter(|p| !matches!(p.field, Some("share_pct" | "transport_cost_per_unit")))
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
    ui.add_space(4.0);

    let mut form = Form::new(
        ui,
        inspector,
        actions,
        link_problems,
        format!("link:{}->{}:", link.from, link.to),
        &project.currency,
        &MoneyDisplay::local_or_base(&project.currency),
    );
    form.read_only_ui(
        ui,
        "From",
        "The upstream stage that sends material.",
        &from_name,
    );
    form.read_only_ui(ui, "To", "The downstream stage that receives it.", &to_name);
    let link_edit = |change: &dyn Fn(&mut Link)| {
        let mut changed = link.clone();
        change(&mut changed);
        Edit::SetLink {
            index,
            link: changed,
        }
    };
    form.number_ui(
        ui,
        &Spec::new(
            "share_pct",
            "Share",
            "%",
            Rule::Percent,
            format!("Share of {from_name}'s output sent along this link. The shares of all links leaving a stage add up to 100% or less; the rest is sold on the market."),
        ),
        link.share_pct,
        |v| link_edit(&|l| l.share_pct = v),
    );
    form.number_ui(
        ui,
        &Spec::new(
            "transport_cost_per_unit",
            "Transport cost",
            format!("{code}/{upstream_unit}"),
            Rule::NonNegative,
            format!("Cost of moving one {upstream_unit} of {from_name}'s product to {to_name}, paid by {to_name}. Road and rail in Pakistan cost roughly 0.03-0.08 USD per t-km; e.g. Reko Diq to Gwadar port (about 700 km) by road about 30-50 USD/t."),
        )
        .money(),
        link.transport_cost_per_unit,
        |v| link_edit(&|l| l.transport_cost_per_unit = v),
    );

    let sent: f64 = project
        .links
        .iter()
        .filter(|l| l.from == link.from && l.share_pct.is_finite())
        .map(|l| l.share_pct)
        .sum();
    if let Some(from) = from {
        let rest = (100.0 - sent).max(0.0);
        let destination = match from.unlinked_output {
            Destination::Export => "exported",
            Destination::DomesticMarket => "sold on the domestic market",
        };
        form.message_ui(
            ui,
            &format!(
                "Links from {from_name} take {} of its output; the rest ({}) is {destination}.",
                format::percent(sent / 100.0),
                format::percent(rest / 100.0)
            ),
            ui.visuals().weak_text_color(),
        );
    }
}

const LOCAL_CURRENCY_HELP: &str =
    "Display results in a local currency as well (e.g. PKR). Inputs stay in the project currency.";

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
    let code = project.currency.code.as_str();
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

    form.section_ui(ui, "Name and description", &[], |ui, form| {
        form.text_ui(
            ui,
            ("name", "Project name"),
            "Short name shown in the window title and in reports.",
            &settings.name,
            |name| settings_edit(&settings, |s| s.name = name),
        );
        form.multiline_ui(
            ui,
            ("description", "Description"),
            "One or two sentences on what the project studies.",
            &settings.description,
            |text| settings_edit(&settings, |s| s.description = text),
        );
    });

    form.section_ui(ui, "Currency", &["currency"], |ui, form| {
        form.text_ui(
            ui,
            ("currency.code", "Currency code"),
            "ISO code of the currency every money figure is entered in, e.g. USD. Changing it relabels figures; it does not convert them.",
            &settings.currency.code,
            |text| settings_edit(&settings, |s| s.currency.code = text),
        );
        let mut show_local = settings.currency.local.is_some();
        if ui
            .checkbox(&mut show_local, "Show figures in a local currency")
            .on_hover_text(LOCAL_CURRENCY_HELP)
            .changed()
        {
            form.actions.push(Action::Edit(settings_edit(&settings, |s| {
                s.currency.local = show_local.then(|| LocalCurrency {
                    code: "LCU".to_owned(),
                    per_base_unit: 1.0,
                });
            })));
        }
        if let Some(local) = &settings.currency.local {
            form.text_ui(
                ui,
                ("currency.local.code", "Local currency"),
                "ISO code of the display currency, e.g. PKR.",
                &local.code,
                |text| {
                    settings_edit(&settings, |s| {
                        if let Some(local) = &mut s.currency.local {
                            local.code = text;
                        }
                    })
                },
            );
            form.number_ui(
                ui,
                &Spec::new(
                    "currency.local.per_base_unit",
                    "Exchange rate",
                    format!("{} per {code}", local.code),
                    Rule::Positive,
                    format!("Units of {} per one {code}, e.g. about 280 PKR per USD in 2025. It only changes how figures are displayed.", local.code),
                ),
                local.per_base_unit,
                |v| {
                    settings_edit(&settings, |s| {
                        if let Some(local) = &mut s.currency.local {
                            local.per_base_unit = v;
                        }
                    })
                },
            );
        }
        form.problems_ui(ui, "currency");
    });

    form.section_ui(ui, "Years", &["horizon"], |ui, form| {
        form.number_ui(
            ui,
            &Spec::new(
                "base_year",
                "Base year",
                "year",
                Rule::Year,
                "Year in which GDP is given and to which NPVs are discounted; usually the current year.",
            ),
            f64::from(settings.base_year),
            |v| settings_edit(&settings, |s| s.base_year = v as i32),
        );
        form.number_ui(
            ui,
            &Spec::new(
                "horizon.first_year",
                "First year",
                "year",
                Rule::Year,
                "First year the calculation covers. Start it early enough to include construction.",
            ),
            f64::from(settings.horizon.first_year),
            |v| settings_edit(&settings, |s| s.horizon.first_year = v as i32),
        );
        form.number_ui(
            ui,
            &Spec::new(
                "horizon.last_year",
                "Last year",
                "year",
                Rule::Year,
                "Last year the calculation covers (inclusive). 20-30 years after the first covers most mine lives.",
            ),
            f64::from(settings.horizon.last_year),
            |v| settings_edit(&settings, |s| s.horizon.last_year = v as i32),
        );
        form.problems_ui(ui, "horizon");
    });

    form.section_ui(
        ui,
        "Economy",
        &[
            "gdp_base_year",
            "gdp_growth_pct",
            "discount_rate_pct",
            "domestic_va_content_pct",
        ],
        |ui, form| {
            form.number_ui(
                ui,
                &Spec::new(
                    "gdp_base_year",
                    "GDP",
                    format!("{code} in {}", settings.base_year),
                    Rule::Positive,
                    "Gross domestic product in the base year, at current prices; shares of GDP are measured against it. Pakistan: about 411 bn USD (FY2025). You can type 410.96e9 or 410,960,000,000.",
                )
                .money(),
                settings.economy.gdp_base_year,
                |v| settings_edit(&settings, |s| s.economy.gdp_base_year = v),
            );
            form.number_ui(
                ui,
                &Spec::new(
                    "gdp_growth_pct",
                    "GDP growth",
                    "% per year",
                    Rule::Rate,
                    "Real GDP growth per year, used to grow GDP from the base year. Pakistan has averaged about 3-4%; the IMF projects 2.5-4.5% in the coming years.",
                ),
                settings.economy.gdp_growth_pct,
                |v| settings_edit(&settings, |s| s.economy.gdp_growth_pct = v),
            );
            form.number_ui(
                ui,
                &Spec::new(
                    "discount_rate_pct",
                    "Discount rate",
                    "% per year",
                    Rule::Rate,
                    "Rate at which future cash flows are discounted for NPVs. 8-12% is common for mining projects; public appraisals often use 6-10%.",
                ),
                settings.economy.discount_rate_pct,
                |v| settings_edit(&settings, |s| s.economy.discount_rate_pct = v),
            );
            form.number_ui(
                ui,
                &Spec::new(
                    "domestic_va_content_pct",
                    "Domestic VA content",
                    "%",
                    Rule::Percent,
                    "Share of domestically supplied purchased inputs (and transport) that is domestic value added in the supplying firms; used for indirect VA. 30-50% is typical for a semi-industrial economy.",
                ),
                settings.economy.domestic_va_content_pct,
                |v| settings_edit(&settings, |s| s.economy.domestic_va_content_pct = v),
            );
        },
    );

    let phase_problems: Vec<&Problem> = problems
        .iter()
        .filter(|p| matches!(p.subject, Subject::Phase(_)))
        .collect();
    let phase_title = if phase_problems.is_empty() {
        RichText::new("Phases").strong()
    } else {
        RichText::new(format!("Phases · {}", problems_text(phase_problems.len())))
            .strong()
            .color(ui.visuals().warn_fg_color)
    };
    egui::CollapsingHeader::new(phase_title)
        .id_salt(("inspector-section", "Phases"))
        .default_open(true)
        .show(ui, |ui| {
            phases_ui(ui, &mut form, project, &settings, &phase_problems);
        });

    form.section_ui(ui, "Notes and sources", &[], |ui, form| {
        form.multiline_ui(
            ui,
            ("notes", "Notes"),
            "Assumptions and caveats, in free text.",
            &settings.notes,
            |text| settings_edit(&settings, |s| s.notes = text),
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
                        (&format!("sources.{index}"), &format!("Source {number}")),
                        "A source: author, title, year, link.",
                        source,
                        &format!("source {number}"),
                        |text| settings_edit(&settings, |s| s.sources[index] = text),
                    )
                })
                .inner;
            if removed {
                form.actions
                    .push(Action::Edit(settings_edit(&settings, |s| {
                        s.sources.remove(index);
                    })));
            }
        }
        if ui
            .button("Add source")
            .on_hover_text("Add a line for one more source.")
            .clicked()
        {
            form.state.focus_next = Some(form.key(&format!("sources.{}", settings.sources.len())));
            form.actions
                .push(Action::Edit(settings_edit(&settings, |s| {
                    s.sources.push(String::new());
                })));
        }
    });
}

fn phases_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    project: &Project,
    settings: &Settings,
    phase_problems: &[&Problem],
) {
    ui.weak(
        "Named year ranges (e.g. Demonstration, Scaling, Full impact) to read results by phase.",
    );
    for (index, phase) in settings.phases.iter().enumerate() {
        let number = index + 1;
        ui.push_id(("phase", index), |ui| {
            ui.group(|ui| {
                let field = format!("phases.{index}");
                let removed = form.text_with_remove_ui(
                    ui,
                    (&format!("{field}.name"), &format!("Phase {number}")),
                    "Name of the phase, shown in the results year selector and in reports.",
                    &phase.name,
                    &format!("phase {number}"),
                    |text| settings_edit(settings, |s| s.phases[index].name = text),
                );
                form.number_ui(
                    ui,
                    &Spec::new(
                        &format!("{field}.first_year"),
                        "Phase first year",
                        "year",
                        Rule::Year,
                        "First year of the phase.",
                    ),
                    f64::from(phase.first_year),
                    |v| settings_edit(settings, |s| s.phases[index].first_year = v as i32),
                );
                form.number_ui(
                    ui,
                    &Spec::new(
                        &format!("{field}.last_year"),
                        "Phase last year",
                        "year",
                        Rule::Year,
                        "Last year of the phase (inclusive).",
                    ),
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
                    form.forget_buffers("phases.");
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

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::model::{Project, Stage, StageId};

    #[test]
    fn numbers_parse_as_people_type_them() {
        assert_eq!(parse_number("2650", false), Ok(2650.0));
        assert_eq!(parse_number(" 2,650.5 ", false), Ok(2650.5));
        assert_eq!(parse_number("410.96e9", false), Ok(410.96e9));
        assert_eq!(parse_number("410,960,000,000", false), Ok(410.96e9));
        assert_eq!(parse_number("1 000", false), Ok(1000.0));
        assert_eq!(parse_number("5%", true), Ok(5.0));
        assert_eq!(parse_number("-3", false), Ok(-3.0));
        for bad in [
            "abc",
            "NaN",
            "inf",
            "-infinity",
            "1e400",
            "",
            "2,5",
            "12,34.5",
            "5%",
        ] {
            assert!(
                parse_number(bad, false).is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn rules_explain_refusals() {
        assert_eq!(
            Rule::NonNegative.parse("-5"),
            Err("Must be 0 or more".to_owned())
        );
        assert_eq!(
            Rule::Percent.parse("120"),
            Err("A share is between 0 and 100%".to_owned())
        );
        assert_eq!(Rule::Year.parse("2030"), Ok(2030.0));
        assert!(Rule::Year.parse("2030.5").is_err());
        assert!(Rule::WholeYears.parse("-1").is_err());
        assert!(Rule::Positive.parse("0").is_err());
        assert_eq!(Rule::Rate.parse("-2.5"), Ok(-2.5));
        assert!(Rule::Rate.parse("-99").is_err());
        assert!(Rule::NonNegative.parse("2e18").is_err());
    }

    #[test]
    fn fields_show_readable_numbers() {
        assert_eq!(number_text(410.96e9), "410,960,000,000");
        assert_eq!(number_text(2650.5), "2,650.5");
        assert_eq!(number_text(0.35), "0.35");
        assert_eq!(number_text(1.0 / 0.45), "2.22222222222");
        assert_eq!(number_text(-1200.0), "-1,200");
        assert_eq!(Rule::Year.text_of(2030.0), "2030");
    }

    /// What the harness drives: a project, a selection, and the actions the panel pushed,
    /// applied the way the app does so the next frame sees the change.
    struct Fixture {
        project: Project,
        selection: Selection,
        inspector: InspectorState,
        log: Vec<Action>,
    }

    fn fixture() -> Fixture {
        let mut project = Project::empty("Test", 2025);
        let mut mine = Stage::new(StageId::from("mine"), StageKind::Mining, 2026);
        mine.name = "Mine".to_owned();
        mine.capacity_per_year = 1000.0;
        mine.price_per_unit = 50.0;
        project.stages.push(mine);
        let mut selection = Selection::default();
        selection.stages.insert(StageId::from("mine"));
        Fixture {
            project,
            selection,
            inspector: InspectorState::default(),
            log: Vec::new(),
        }
    }

    fn harness(fixture: Fixture) -> Harness<'static, Fixture> {
        Harness::builder()
            .with_size(vec2(380.0, 800.0))
            .build_ui_state(
                |ui, f: &mut Fixture| {
                    let money = MoneyDisplay::base(&f.project.currency);
                    let problems = crate::validate::validate(&f.project);
                    let mut actions = Vec::new();
                    // Scrolled like the app's side panel does.
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        let findings = Findings {
                            problems: &problems,
                            results: None,
                            period: Period::Horizon,
                        };
                        inspector_ui(
                            ui,
                            &mut f.inspector,
                            &f.project,
                            &f.selection,
                            &findings,
                            &money,
                            &mut actions,
                        );
                    });
                    for action in actions {
                        if let Action::Edit(edit) | Action::EditMerging(edit, _) = &action
                            && let Err(error) =
                                crate::model::edit::apply_edit(&mut f.project, edit.clone())
                        {
                            panic!("edit refused: {error}");
                        }
                        f.log.push(action);
                    }
                },
                fixture,
            )
    }

    fn replace_text(harness: &mut Harness<'_, Fixture>, label: &str, text: &str) {
        harness.get_by_label(label).focus();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.run();
        harness.get_by_label(label).type_text(text);
        harness.run();
    }

    fn edits(log: &[Action]) -> usize {
        log.iter()
            .filter(|a| matches!(a, Action::Edit(_) | Action::EditMerging(..)))
            .count()
    }

    #[test]
    fn invalid_capacity_shows_reason_and_is_not_applied() {
        let mut harness = harness(fixture());
        harness.run();
        replace_text(&mut harness, "Capacity", "abc");
        assert!(harness.query_by_label_contains("Not a number").is_some());
        replace_text(&mut harness, "Capacity", "-5");
        assert!(
            harness
                .query_by_label_contains("Must be 0 or more")
                .is_some()
        );
        replace_text(&mut harness, "Capacity", "NaN");
        assert!(
            harness
                .query_by_label_contains("NaN is not a figure")
                .is_some()
        );
        replace_text(&mut harness, "Capacity", "inf");
        assert!(
            harness
                .query_by_label_contains("Infinity is not a figure")
                .is_some()
        );
        replace_text(&mut harness, "Capacity", "1e400");
        assert!(harness.query_by_label_contains("Too large").is_some());
        assert_eq!(edits(&harness.state().log), 0);
        assert!((harness.state().project.stages[0].capacity_per_year - 1000.0).abs() < 1e-9);
    }

    #[test]
    fn valid_price_is_one_merging_stage_edit() {
        let mut harness = harness(fixture());
        harness.run();
        replace_text(&mut harness, "Price", "2,650.5");
        let log = &harness.state().log;
        let prices: Vec<f64> = log
            .iter()
            .filter_map(|action| match action {
                Action::EditMerging(Edit::SetStage(stage), key) => {
                    assert_eq!(key, "stage:mine:price_per_unit");
                    Some(stage.price_per_unit)
                }
                _ => None,
            })
            .collect();
        assert_eq!(prices.last(), Some(&2650.5));
        assert_eq!(edits(log), prices.len(), "only price edits");
        assert!((harness.state().project.stages[0].price_per_unit - 2650.5).abs() < 1e-9);
    }

    #[test]
    fn undo_from_outside_shows_the_project_value_again() {
        let mut harness = harness(fixture());
        harness.run();
        replace_text(&mut harness, "Royalty", "150");
        assert!(
            harness
                .query_by_label_contains("A share is between 0 and 100%")
                .is_some()
        );
        // Leave the field, then change the value as an undo would.
        harness.key_press(egui::Key::Escape);
        harness.run();
        harness.state_mut().project.stages[0].royalty_pct = 5.0;
        harness.run();
        assert!(
            harness
                .query_by_label_contains("A share is between 0 and 100%")
                .is_none()
        );
        assert_eq!(
            harness.get_by_label("Royalty").value().as_deref(),
            Some("5")
        );
    }

    /// A stage using every part of the inspector: fed by a link, with a by-product, a purchased
    /// input, a source note and an error (capex without an economic life).
    fn full_fixture() -> Fixture {
        let mut fixture = fixture();
        let mut mill = Stage::new(StageId::from("mill"), StageKind::Concentration, 2027);
        mill.name = "Mill".to_owned();
        mill.capacity_per_year = 100.0;
        mill.input_per_unit = 8.0;
        mill.price_per_unit = 2000.0;
        mill.capex = 1.5e9;
        mill.economic_life_years = 0;
        mill.by_products.push(ByProduct {
            name: "Payable gold".to_owned(),
            unit: "oz".to_owned(),
            quantity_per_unit: 1.5,
            price: 2500.0,
        });
        mill.purchased_inputs.push(PurchasedInput {
            name: "Electricity".to_owned(),
            cost_per_unit: 40.0,
            imported_pct: 10.0,
        });
        mill.sources
            .insert("price_per_unit".to_owned(), "LME 2025 average".to_owned());
        fixture.project.stages.push(mill);
        fixture.project.links.push(Link {
            from: StageId::from("mine"),
            to: StageId::from("mill"),
            share_pct: 100.0,
            transport_cost_per_unit: 3.0,
        });
        fixture.project.currency.local = Some(LocalCurrency {
            code: "PKR".to_owned(),
            per_base_unit: 280.0,
        });
        fixture.selection.stages = [StageId::from("mill")].into();
        fixture
    }

    #[test]
    fn every_stage_field_has_its_label_and_problems_show_in_place() {
        let mut harness = harness(full_fixture());
        // `run` also checks that every input has an accessible name and every glyph exists.
        harness.run();
        for label in [
            "Name",
            "Kind",
            "Location",
            "Product",
            "Unit",
            "Capacity",
            "Input per unit",
            "First production year",
            "Ramp-up years",
            "Unlinked output",
            "Price",
            "Wages",
            "Jobs",
            "Royalty",
            "Other taxes",
            "Subsidies",
            "Capex",
            "Imported share of capex",
            "Construction years",
            "Economic life",
            "Energy",
            "CO2",
            "Water",
            "By-product 1",
            "Quantity per unit",
            "By-product price",
            "Input 1",
            "Cost per unit",
            "Imported share",
            "Price source",
            "Add a source for",
        ] {
            harness.get_by_label(label);
        }
        assert_eq!(
            harness.get_by_label("Capex").value().as_deref(),
            Some("1,500,000,000")
        );
        assert!(
            harness
                .query_by_label_contains("economic life is 0 years")
                .is_some()
        );
        assert!(
            harness
                .query_by_label_contains("Feed: Ore (t) from Mine")
                .is_some()
        );
        assert!(
            harness.query_by_label("t/t").is_some(),
            "feed unit per product unit"
        );
    }

    #[test]
    fn removing_a_by_product_is_one_edit() {
        let mut harness = harness(full_fixture());
        harness.run();
        harness.get_by_label("Remove by-product 1").click();
        harness.run();
        assert_eq!(edits(&harness.state().log), 1);
        assert!(harness.state().project.stages[1].by_products.is_empty());
    }

    #[test]
    fn link_share_is_checked_then_edited() {
        let mut fixture = full_fixture();
        fixture.selection = Selection {
            stages: std::collections::BTreeSet::new(),
            link: Some(0),
        };
        let mut harness = harness(fixture);
        harness.run();
        replace_text(&mut harness, "Share", "120");
        assert!(
            harness
                .query_by_label_contains("A share is between 0 and 100%")
                .is_some()
        );
        assert_eq!(edits(&harness.state().log), 0);
        replace_text(&mut harness, "Share", "60");
        let last = harness
            .state()
            .log
            .iter()
            .rev()
            .find_map(|action| match action {
                Action::EditMerging(Edit::SetLink { index, link }, key) => {
                    Some((*index, link.share_pct, key.clone()))
                }
                _ => None,
            });
        assert_eq!(
            last,
            Some((0, 60.0, "link:mine->mill:share_pct".to_owned()))
        );
        harness.get_by_label("Transport cost");
    }

    #[test]
    fn several_stages_selected_says_how_many() {
        let mut fixture = full_fixture();
        fixture.selection.stages = [StageId::from("mine"), StageId::from("mill")].into();
        let mut harness = harness(fixture);
        harness.run();
        assert!(harness.query_by_label("2 stages selected").is_some());
    }

    #[test]
    fn nothing_selected_shows_a_hint() {
        let mut fixture = fixture();
        fixture.selection = Selection::default();
        let mut harness = harness(fixture);
        harness.run();
        assert!(
            harness
                .query_by_label("Select a stage or link on the canvas")
                .is_some()
        );
    }

    fn settings_harness(fixture: Fixture) -> Harness<'static, Fixture> {
        Harness::builder()
            .with_size(vec2(380.0, 800.0))
            .build_ui_state(
                |ui, f: &mut Fixture| {
                    let problems = crate::validate::validate(&f.project);
                    let mut actions = Vec::new();
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        settings_ui(ui, &mut f.inspector, &f.project, &problems, &mut actions);
                    });
                    f.log.extend(actions);
                },
                fixture,
            )
    }

    #[test]
    fn settings_show_currency_phases_and_sources() {
        let mut fixture = full_fixture();
        fixture.project.phases.push(Phase {
            name: "Demonstration".to_owned(),
            first_year: 2030,
            last_year: 2028,
        });
        fixture.project.sources.push("IMF WEO 2025".to_owned());
        let mut harness = settings_harness(fixture);
        harness.run();
        for label in [
            "Project name",
            "Description",
            "Currency code",
            "Local currency",
            "Exchange rate",
            "Base year",
            "First year",
            "Last year",
            "GDP",
            "GDP growth",
            "Discount rate",
            "Domestic VA content",
            "Phase 1",
            "Phase first year",
            "Phase last year",
            "Notes",
            "Source 1",
        ] {
            harness.get_by_label(label);
        }
        assert!(harness.query_by_label_contains("runs backwards").is_some());
        harness
            .get_by_label("Show figures in a local currency")
            .click();
        harness.run();
        let local = harness.state().log.iter().find_map(|action| match action {
            Action::Edit(Edit::SetSettings(settings)) => Some(settings.currency.local.clone()),
            _ => None,
        });
        assert_eq!(local, Some(None), "unticking removes the local currency");
    }

    #[test]
    fn settings_accept_gdp_in_scientific_notation() {
        let mut harness = Harness::builder()
            .with_size(vec2(380.0, 800.0))
            .build_ui_state(
                |ui, f: &mut Fixture| {
                    let mut actions = Vec::new();
                    settings_ui(ui, &mut f.inspector, &f.project, &[], &mut actions);
                    f.log.extend(actions);
                },
                fixture(),
            );
        harness.run();
        assert_eq!(
            harness.get_by_label("GDP").value().as_deref(),
            Some("100,000,000,000")
        );
        replace_text(&mut harness, "GDP", "410.96e9");
        let gdp = harness
            .state()
            .log
            .iter()
            .rev()
            .find_map(|action| match action {
                Action::EditMerging(Edit::SetSettings(settings), _) => {
                    Some(settings.economy.gdp_base_year)
                }
                _ => None,
            });
        assert_eq!(gdp, Some(410.96e9));
    }
}
