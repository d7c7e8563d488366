//! The Project tab's price deck: each commodity with its unit, its price path as rows of year
//! and price, its source and a small chart of the price over the horizon; commodities and
//! points are added and removed here. Every change is one [`Edit::SetPrices`] of the whole
//! deck, so it is undone in one step; typed figures are checked by the catalogue's rules
//! ([`crate::model::catalogue::pricing_fields`]) and refused in place.

use std::borrow::Cow;

use egui::{Button, Label, RichText, TextEdit, Ui};

use crate::model::catalogue::pricing_fields::{
    self, DECK_POINT_PRICE, DECK_PRICE, DECK_SOURCE, DECK_UNIT, DECK_YEAR,
};
use crate::model::catalogue::{Section, Units};
use crate::model::edit::Edit;
use crate::model::pricing::{Commodity, MassUnit, PriceDeck, PricePoint};
use crate::model::validate::Problem;
use crate::model::{Horizon, Project};

use crate::app::action::Action;

use super::form::{Form, Spec, remove_button_ui, severity_color, severity_word};
use super::price_charts::price_line_ui;

/// The deck with one change applied, as an edit.
fn deck_edit(deck: &PriceDeck, change: impl FnOnce(&mut PriceDeck)) -> Edit {
    let mut changed = deck.clone();
    change(&mut changed);
    Edit::SetPrices(changed)
}

/// The deck with one change to commodity `name`, as an edit.
fn commodity_edit(deck: &PriceDeck, name: &str, change: impl FnOnce(&mut Commodity)) -> Edit {
    deck_edit(deck, |deck| {
        if let Some(commodity) = deck.get_mut(name) {
            change(commodity);
        }
    })
}

/// Whether a problem's field key belongs to the price deck.
pub(super) fn in_deck(key: &str) -> bool {
    pricing_fields::ALL
        .iter()
        .any(|field| field.section == Section::PriceDeck && field.key == key)
}

/// The names of the stages whose pricing or by-products read commodity `name`.
pub(super) fn stages_using<'a>(project: &'a Project, name: &str) -> Vec<&'a str> {
    project
        .stages
        .iter()
        .filter(|stage| {
            let by_rule = stage
                .pricing
                .as_ref()
                .is_some_and(|rule| rule.commodities().any(|c| c == name));
            let by_product = stage
                .by_products
                .iter()
                .any(|b| b.commodity.as_deref() == Some(name));
            by_rule || by_product
        })
        .map(|stage| stage.name.as_str())
        .collect()
}

/// A commodity name the deck does not have yet: `wanted` (or "commodity" when it is blank)
/// when it is free, else with a number: "copper-2", "commodity-3", …
fn unused_name(deck: &PriceDeck, wanted: &str) -> String {
    let base = match wanted.trim() {
        "" => "commodity",
        wanted => wanted,
    };
    if !deck.contains_key(base) {
        return base.to_owned();
    }
    // One more candidate than there are commodities, so one of them is always free.
    (2..=deck.len() + 2)
        .map(|n| format!("{base}-{n}"))
        .find(|name| !deck.contains_key(name))
        .unwrap_or_else(|| format!("{base}-{}", deck.len() + 2))
}

/// The price deck section of the Project tab.
pub(super) fn price_deck_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    project: &Project,
    problems: &[&Problem],
) {
    ui.add(
        Label::new(
            RichText::new(
                "Commodity prices the stages' pricing rules read, one path each: one point is a flat price, \
                 between points the price follows a straight line.",
            )
            .weak(),
        )
        .wrap(),
    );
    let deck = &project.prices;
    // Problems that name no commodity of the deck (one without a name) go first.
    for problem in problems.iter().filter(|p| {
        !deck
            .keys()
            .any(|name| p.message.contains(&format!("'{name}'")))
    }) {
        let text = format!("{}: {}", severity_word(problem.severity), problem.message);
        form.message_ui(ui, &text, severity_color(ui, problem.severity));
    }
    for (index, (name, commodity)) in deck.iter().enumerate() {
        ui.push_id(("deck-commodity", index), |ui| {
            ui.group(|ui| {
                commodity_ui(ui, form, project, (index, name), commodity);
                let quoted = format!("'{name}'");
                for problem in problems.iter().filter(|p| p.message.contains(&quoted)) {
                    let text = format!("{}: {}", severity_word(problem.severity), problem.message);
                    form.message_ui(ui, &text, severity_color(ui, problem.severity));
                }
            });
        });
    }
    if deck.is_empty() {
        ui.weak("No commodities yet. Add one to price stages from the deck.");
    }
    add_commodity_ui(ui, form, project);
}

/// One commodity: its heading with a remove button, unit, path, source and chart.
fn commodity_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    project: &Project,
    (index, name): (usize, &str),
    commodity: &Commodity,
) {
    let deck = &project.prices;
    let money = project.currency.money_unit();
    let units = Units {
        money,
        item: name,
        item_unit: commodity.unit.label(),
        n: index + 1,
        ..Units::default()
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(name).strong());
        let users = stages_using(project, name);
        let hint = if users.is_empty() {
            format!("Remove {name} from the price deck.")
        } else {
            format!(
                "Remove {name} from the price deck. It prices {}: they will show an error until \
                 they are priced on another commodity.",
                users.join(", ")
            )
        };
        let remove = ui
            .add(Button::new("Remove").small())
            .accessible_name(format!("Remove commodity {name}"))
            .on_hover_text(hint);
        if remove.clicked() {
            form.actions.push(Action::Edit(deck_edit(deck, |deck| {
                deck.remove(name);
            })));
            form.forget_buffers(&format!("prices.{name}."));
        }
    });
    let options: Vec<(MassUnit, &str)> = MassUnit::ALL.iter().map(|u| (*u, u.label())).collect();
    form.choice_ui(
        ui,
        (&format!("prices.{name}.unit"), DECK_UNIT.label),
        &DECK_UNIT.help_text(&units),
        commodity.unit,
        &options,
        |unit| commodity_edit(deck, name, |c| c.unit = unit),
    );
    path_ui(ui, form, (deck, project.horizon), (name, commodity), &units);
    form.text_ui(
        ui,
        (&format!("prices.{name}.source"), DECK_SOURCE.label),
        DECK_SOURCE.help,
        &commodity.source,
        |text| commodity_edit(deck, name, |c| c.source = text),
    );
    let unit = format!("{money}/{}", commodity.unit.label());
    let points: Vec<(i32, f64)> = project
        .horizon
        .years()
        .map(|year| (year, commodity.price_in(year)))
        .collect();
    price_line_ui(ui, ("deck-chart", name), name, &points, &unit, None);
}

/// The path's points, a year and a price each, with buttons to remove a point and add one.
fn path_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    (deck, horizon): (&PriceDeck, Horizon),
    (name, commodity): (&str, &Commodity),
    units: &Units<'_>,
) {
    let points = commodity.path.len();
    let specs: Vec<(Spec, Spec)> = (0..points)
        .map(|n| {
            // The first point's price is the commodity's level, which levers move.
            let entry = if n == 0 {
                &DECK_PRICE
            } else {
                &DECK_POINT_PRICE
            };
            (
                Spec {
                    field: Cow::Owned(format!("prices.{name}.path.{n}.year")),
                    ..Spec::of(&DECK_YEAR, units)
                },
                Spec {
                    field: Cow::Owned(format!("prices.{name}.path.{n}.price")),
                    ..Spec::of(entry, units)
                },
            )
        })
        .collect();
    let mut removed = None;
    egui::Grid::new(("deck-path", name))
        .num_columns(3)
        // A cell is no wider than its column was the frame before: room for a year at once.
        .min_col_width(72.0)
        .spacing(egui::vec2(8.0, 4.0))
        .show(ui, |ui| {
            ui.label(DECK_YEAR.label).on_hover_text(DECK_YEAR.help);
            ui.label(format!(
                "{} ({})",
                DECK_POINT_PRICE.label,
                Spec::of(&DECK_POINT_PRICE, units).unit
            ))
            .on_hover_text(DECK_POINT_PRICE.help_text(units));
            ui.end_row();
            for (n, (point, (year, price))) in commodity.path.iter().zip(&specs).enumerate() {
                form.number_cell_ui(ui, year, (f64::from(point.year), 64.0), |v| {
                    commodity_edit(deck, name, |c| {
                        if let Some(p) = c.path.get_mut(n) {
                            p.year = v as i32;
                        }
                    })
                });
                form.number_cell_ui(ui, price, (point.price, 110.0), |v| {
                    commodity_edit(deck, name, |c| {
                        if let Some(p) = c.path.get_mut(n) {
                            p.price = v;
                        }
                    })
                });
                if points > 1 && remove_button_ui(ui, &format!("point {} of {name}", n + 1)) {
                    removed = Some(n);
                }
                ui.end_row();
            }
        });
    let color = crate::app::theme::error_color(ui.visuals());
    for (year, price) in &specs {
        for note in [form.refusal_note(year), form.refusal_note(price)]
            .into_iter()
            .flatten()
        {
            ui.add(Label::new(RichText::new(note).color(color)).wrap());
        }
    }
    if let Some(n) = removed {
        form.actions
            .push(Action::Edit(commodity_edit(deck, name, |c| {
                c.path.remove(n);
            })));
        form.forget_buffers(&format!("prices.{name}.path."));
    }
    if ui
        .button(format!("Add a point to {name}"))
        .on_hover_text("Add a year and price after the last point: the price then follows a straight line between them.")
        .clicked()
    {
        let point = next_point(commodity.path.last().copied(), horizon);
        form.actions
            .push(Action::Edit(commodity_edit(deck, name, |c| {
                c.path.push(point);
            })));
    }
}

/// A point after `last` at its price: five years on, but inside the horizon while there is
/// room (the first year of the horizon for an empty path).
fn next_point(last: Option<PricePoint>, horizon: Horizon) -> PricePoint {
    let Some(last) = last else {
        return PricePoint {
            year: horizon.first_year,
            price: 0.0,
        };
    };
    let year = (last.year + 5).min(horizon.last_year);
    PricePoint {
        year: if year > last.year {
            year
        } else {
            last.year + 1
        },
        price: last.price,
    }
}

/// The name field and button that add a commodity.
fn add_commodity_ui(ui: &mut Ui, form: &mut Form<'_>, project: &Project) {
    let deck = &project.prices;
    let help =
        "Name of the commodity to add, e.g. copper or gold; empty gives commodity-2 and so on.";
    let mut wanted = form.state.new_commodity.clone();
    let clicked = ui
        .horizontal(|ui| {
            let label = form.label_ui(ui, "New commodity", help);
            ui.add(
                TextEdit::singleline(&mut wanted)
                    .desired_width((ui.available_width() - 120.0).max(60.0))
                    .hint_text("copper"),
            )
            .labelled_by(label.id)
            .on_hover_text(help);
            ui.button("Add commodity")
                .on_hover_text("Add the commodity with a flat price of 0 in the horizon's first year; then type its price.")
                .clicked()
        })
        .inner;
    if clicked {
        let name = unused_name(deck, &wanted);
        let commodity = Commodity::flat(MassUnit::Tonne, project.horizon.first_year, 0.0, "");
        form.actions.push(Action::Edit(deck_edit(deck, |deck| {
            deck.insert(name, commodity);
        })));
        wanted.clear();
    }
    form.state.new_commodity = wanted;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_commodities_get_names_of_their_own() {
        let mut deck = PriceDeck::new();
        assert_eq!(unused_name(&deck, " copper "), "copper");
        deck.insert(
            "copper".to_owned(),
            Commodity::flat(MassUnit::Tonne, 2030, 1.0, ""),
        );
        assert_eq!(unused_name(&deck, "copper"), "copper-2");
        assert_eq!(unused_name(&deck, ""), "commodity");
        deck.insert(
            "commodity".to_owned(),
            Commodity::flat(MassUnit::Tonne, 2030, 1.0, ""),
        );
        assert_eq!(unused_name(&deck, ""), "commodity-2");
        let horizon = Horizon {
            first_year: 2026,
            last_year: 2032,
        };
        let last = PricePoint {
            year: 2030,
            price: 9.0,
        };
        assert_eq!(next_point(Some(last), horizon).year, 2032);
        assert_eq!(next_point(None, horizon).year, 2026);
    }
}
