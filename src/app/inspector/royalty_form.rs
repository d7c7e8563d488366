//! How a fiscal regime levies royalties, in the inspector: the royalty base (net smelter return
//! or gross value of the payable metals) and a rate that slides with a deck price band by band
//! (`docs/METHOD.md` 18.2). Drawn under the regime's numeric rows, for the project's regime and
//! a stage's own alike.

use egui::Ui;

use crate::model::Project;
use crate::model::catalogue::Units;
use crate::model::catalogue::fiscal_fields::{
    BAND_FROM_PRICE, BAND_RATE, ROYALTY_BASE, SLIDING_ROYALTY,
};
use crate::model::edit::Edit;
use crate::model::fiscal::{FiscalRegime, RoyaltyBand, RoyaltyBase, SlidingRoyalty};

use crate::app::action::Action;

use super::form::{Form, Spec, remove_button_ui};

/// The royalty base, the sliding royalty's switch and, when it is on, its commodity and bands;
/// each change made into an edit of the whole regime by `edit`.
pub(super) fn royalty_rows_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    project: &Project,
    regime: &FiscalRegime,
    edit: &dyn Fn(FiscalRegime) -> Edit,
) {
    let with = |change: &dyn Fn(&mut FiscalRegime)| {
        let mut changed = regime.clone();
        change(&mut changed);
        edit(changed)
    };
    let bases = RoyaltyBase::ALL.map(|base| (base, base.label()));
    form.choice_ui(
        ui,
        (ROYALTY_BASE.key, ROYALTY_BASE.label),
        ROYALTY_BASE.help,
        regime.royalty_base,
        &bases,
        |base| with(&|r| r.royalty_base = base),
    );
    let mut sliding_on = regime.sliding_royalty.is_some();
    let toggled = ui
        .checkbox(&mut sliding_on, SLIDING_ROYALTY.label)
        .on_hover_text(SLIDING_ROYALTY.help)
        .changed();
    if toggled {
        let start = starting_scale(project);
        form.actions.push(Action::Edit(with(&|r| {
            r.sliding_royalty = sliding_on.then(|| start.clone());
        })));
        form.forget_buffers("sliding_royalty.");
    }
    if let Some(sliding) = &regime.sliding_royalty {
        scale_ui(ui, form, project, sliding, &|scale| {
            with(&|r| r.sliding_royalty = Some(scale.clone()))
        });
    }
    form.problems_ui(ui, SLIDING_ROYALTY.key);
}

/// The scale a sliding royalty starts from: Zambia's copper scale, on the deck's copper or its
/// first commodity.
fn starting_scale(project: &Project) -> SlidingRoyalty {
    let mut scale = SlidingRoyalty::zambia_copper();
    if !project.prices.contains_key(&scale.commodity)
        && let Some(first) = project.prices.keys().next()
    {
        scale.commodity.clone_from(first);
    }
    scale
}

/// The commodity the rate follows and one row per band, with a button to add one.
fn scale_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    project: &Project,
    scale: &SlidingRoyalty,
    edit: &dyn Fn(&SlidingRoyalty) -> Edit,
) {
    let names: Vec<&str> = project.prices.keys().map(String::as_str).collect();
    let chosen = names.iter().position(|name| *name == scale.commodity);
    // A commodity the deck lacks is listed too, so the choice shows what the file says (and
    // validation says why it is refused).
    let mut options: Vec<(usize, &str)> = names.iter().copied().enumerate().collect();
    if chosen.is_none() {
        options.push((names.len(), scale.commodity.as_str()));
    }
    form.choice_ui(
        ui,
        ("sliding_royalty.commodity", "Rate follows"),
        "The deck commodity whose price sets the royalty rate each year.",
        chosen.unwrap_or(names.len()),
        &options,
        |index| {
            let mut changed = scale.clone();
            if let Some(name) = names.get(index) {
                (*name).clone_into(&mut changed.commodity);
            }
            edit(&changed)
        },
    );
    let unit = project
        .prices
        .get(&scale.commodity)
        .map_or("unit", |commodity| commodity.unit.label());
    let mut removed = None;
    for (index, band) in scale.bands.iter().enumerate() {
        let units = Units {
            money: &project.currency.code,
            item_unit: unit,
            n: index + 1,
            ..Units::default()
        };
        ui.horizontal(|ui| {
            if remove_button_ui(ui, &format!("band {}", index + 1)) {
                removed = Some(index);
            }
            ui.vertical(|ui| {
                let set = |change: &dyn Fn(&mut RoyaltyBand)| {
                    let mut changed = scale.clone();
                    if let Some(band) = changed.bands.get_mut(index) {
                        change(band);
                    }
                    edit(&changed)
                };
                form.number_ui(
                    ui,
                    &Spec::item(&BAND_FROM_PRICE, &units, index),
                    band.from_price,
                    |v| set(&|b| b.from_price = v),
                );
                form.number_ui(
                    ui,
                    &Spec::item(&BAND_RATE, &units, index),
                    band.rate_pct,
                    |v| set(&|b| b.rate_pct = v),
                );
            });
        });
    }
    if let Some(index) = removed {
        let mut changed = scale.clone();
        changed.bands.remove(index);
        form.actions.push(Action::Edit(edit(&changed)));
        form.forget_buffers("sliding_royalty.");
    }
    if ui
        .button("Add band")
        .on_hover_text("A band above the last one: its price plus 1,000, its rate plus 1 point")
        .clicked()
    {
        let mut changed = scale.clone();
        let next = changed.bands.last().map_or(
            RoyaltyBand {
                from_price: 0.0,
                rate_pct: 5.0,
            },
            |last| RoyaltyBand {
                from_price: last.from_price + 1_000.0,
                rate_pct: (last.rate_pct + 1.0).min(100.0),
            },
        );
        changed.bands.push(next);
        form.actions.push(Action::Edit(edit(&changed)));
    }
}
