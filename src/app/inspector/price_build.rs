//! How a rule-priced stage's price is built, beside its results: the parts of one year's price
//! as a waterfall (metal value, less the smelter's charges and freight, plus by-metals and
//! premium), for a year the planner picks, and the price in every year of the horizon as the
//! calculation has it ([`Results::price`]).

use egui::{Label, RichText, Slider, SliderClamping, Ui};

use crate::calc::Results;
use crate::model::Project;
use crate::model::pricing::{DeckInYear, PricingRule};

use super::form::collapsing_ui;
use super::price_charts::{Step, price_line_ui, price_text, price_waterfall_ui};

/// The steps of `rule`'s waterfall from the parts of its price: a concentrate's charges and
/// by-metals, or the metal and the premium of refined metal and fabricated products.
fn steps_of(rule: &PricingRule, parts: [(&'static str, f64); 7]) -> Vec<Step> {
    let step = |(label, added): (&'static str, f64)| Step { label, added };
    match rule {
        PricingRule::Concentrate(_) => {
            let [metal, tc, rc, penalties, freight, by_metals, premium] = parts;
            let mut steps: Vec<Step> = [metal, tc, rc, penalties, freight, by_metals]
                .into_iter()
                .map(step)
                .collect();
            if premium.1 != 0.0 {
                steps.push(step(premium));
            }
            steps
        }
        PricingRule::RefinedMetal(_) => {
            vec![step(("Metal at deck price", parts[0].1)), step(parts[6])]
        }
        PricingRule::Fabricated(_) => vec![
            step(("Metal content", parts[0].1)),
            step(("Conversion premium", parts[6].1)),
        ],
    }
}

/// The stage's price build for a chosen year and its price each year; nothing for a stage
/// with a typed price.
pub(super) fn price_build_ui(ui: &mut Ui, project: &Project, results: &Results, index: usize) {
    let Some(stage) = project.stages.get(index) else {
        return;
    };
    let Some(rule) = &stage.pricing else {
        return;
    };
    let (Some(&first), Some(&last)) = (results.years.first(), results.years.last()) else {
        return;
    };
    let id = ui.make_persistent_id(("price-build-year", stage.id.0.as_str()));
    let default_year = stage.first_production_year.clamp(first, last);
    let mut year = ui
        .data(|data| data.get_temp::<i32>(id))
        .unwrap_or(default_year)
        .clamp(first, last);
    let money = project.currency.money_unit();
    let unit = if stage.unit.trim().is_empty() {
        "unit"
    } else {
        stage.unit.trim()
    };
    let per_unit = format!("{money}/{unit}");
    collapsing_ui(ui, "price-build", "How the price is built", |ui| {
        ui.add(
            Slider::new(&mut year, first..=last)
                .clamping(SliderClamping::Always)
                .text("Year shown"),
        )
        .on_hover_text("The year whose price is taken apart below.");
        let deck = &project.prices;
        let Some(build) = rule.build(&stage.unit, &DeckInYear { deck, year }) else {
            ui.weak("The price cannot be built: a commodity it is paid on is not in the deck.");
            return;
        };
        let price = build.price();
        ui.add(
            Label::new(
                RichText::new(format!(
                    "{} {per_unit} in {year}, per {unit} of {}",
                    price_text(price),
                    stage.product.to_lowercase()
                ))
                .strong(),
            )
            .wrap(),
        );
        price_waterfall_ui(ui, &steps_of(rule, build.steps()), price, &per_unit);
        ui.add_space(4.0);
        ui.label(format!("Price each year, {per_unit}"));
        let points: Vec<(i32, f64)> = results
            .years
            .iter()
            .enumerate()
            .filter_map(|(k, &y)| Some((y, results.price(index, k)?)))
            .collect();
        price_line_ui(
            ui,
            ("stage-price", stage.id.0.as_str()),
            &stage.name,
            &points,
            &per_unit,
            Some(year),
        );
    });
    ui.data_mut(|data| data.insert_temp(id, year));
}
