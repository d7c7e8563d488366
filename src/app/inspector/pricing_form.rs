//! A stage's pricing and grades in the inspector: what the price is set by (a typed price or
//! a rule that builds it from the price deck), the rule's commodity, terms and payable
//! by-metals, a by-product's deck commodity, and the feed per unit from grade and recovery.
//! Every row is drawn from its catalogue entry
//! ([`crate::model::catalogue::pricing_fields`]) with the commodity's name and unit filled in.

use std::borrow::Cow;

use egui::{RichText, Ui};

use crate::model::Stage;
use crate::model::catalogue::pricing_fields::{
    self, BY_METAL_CONTENT, BY_METAL_PAYABLE, BY_METAL_REFINING, BY_PRODUCT_COMMODITY, COMMODITY,
    FEED_GRADE, PRODUCT_GRADE, REFINING_CHARGE_UNIT, RULE,
};
use crate::model::catalogue::stage_fields::PRICE;
use crate::model::catalogue::{Field, Section, Units};
use crate::model::edit::Edit;
use crate::model::params::PricingField;
use crate::model::pricing::{
    ConcentrateTerms, DeckInYear, FabricatedTerms, GradeRecovery, MassUnit, MetalTerms,
    PayableMetal, PriceDeck, PricingRule,
};

use crate::app::action::Action;

use super::form::{Form, Spec, number_text, remove_button_ui};
use super::price_charts::price_text;
use super::stage_rows::{StageRows, stage_edit};

/// What a stage's price is set by, as the "Priced by" choice offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RuleKind {
    Typed,
    Concentrate,
    RefinedMetal,
    Fabricated,
}

/// The "Priced by" options.
const RULE_CHOICES: [(RuleKind, &str); 4] = [
    (RuleKind::Typed, "Typed price"),
    (RuleKind::Concentrate, "Concentrate (NSR)"),
    (RuleKind::RefinedMetal, "Refined metal"),
    (RuleKind::Fabricated, "Fabricated product"),
];

/// Entries drawn once per list item, whose problems are shown at the top of the stage.
const LISTED: [&Field; 4] = [
    &BY_METAL_CONTENT,
    &BY_METAL_PAYABLE,
    &BY_METAL_REFINING,
    &BY_PRODUCT_COMMODITY,
];

const GRADES_HELP: &str = "Work the feed per unit out from the recovery and the grades of the feed and the product, instead of typing it: product grade / (feed grade x recovery).";

impl RuleKind {
    fn of(rule: Option<&PricingRule>) -> Self {
        match rule {
            None => Self::Typed,
            Some(PricingRule::Concentrate(_)) => Self::Concentrate,
            Some(PricingRule::RefinedMetal(_)) => Self::RefinedMetal,
            Some(PricingRule::Fabricated(_)) => Self::Fabricated,
        }
    }

    /// The rule with the terms a planner starts from, paid on `commodity`.
    fn rule(self, commodity: &str) -> Option<PricingRule> {
        let commodity = commodity.to_owned();
        match self {
            Self::Typed => None,
            Self::Concentrate => Some(PricingRule::Concentrate(ConcentrateTerms::typical(
                &commodity,
            ))),
            Self::RefinedMetal => Some(PricingRule::RefinedMetal(MetalTerms {
                commodity,
                premium_per_unit: 0.0,
            })),
            Self::Fabricated => Some(PricingRule::Fabricated(FabricatedTerms {
                commodity,
                metal_per_unit: 1.0,
                conversion_premium_per_unit: 0.0,
            })),
        }
    }
}

/// Pays `rule` on `name`.
fn set_commodity(rule: &mut PricingRule, name: String) {
    match rule {
        PricingRule::Concentrate(terms) => terms.commodity = name,
        PricingRule::RefinedMetal(terms) => terms.commodity = name,
        PricingRule::Fabricated(terms) => terms.commodity = name,
    }
}

/// True when problems of the pricing key `key` are shown under a row of the stage.
pub(super) fn shown_in_place(key: &str) -> bool {
    pricing_fields::ALL.iter().any(|field| {
        field.key == key && field.section != Section::PriceDeck && !LISTED.contains(field)
    })
}

/// True when the pricing key `key` belongs to `section` of the stage inspector.
pub(super) fn in_section(section: Section, key: &str) -> bool {
    pricing_fields::ALL
        .iter()
        .any(|field| field.section == section && field.key == key)
}

/// A choice among the deck's commodities (and `none`, when given); a name the deck lacks is
/// offered too, marked, so the choice shows what the stage holds.
fn commodity_choice_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    (key, label, help): (&str, &str, &str),
    (deck, current, none): (&PriceDeck, Option<&str>, Option<&str>),
    edit: impl FnOnce(Option<String>) -> Edit,
) {
    let mut names: Vec<String> = deck.keys().cloned().collect();
    if let Some(current) = current
        && !deck.contains_key(current)
    {
        names.push(current.to_owned());
    }
    let labels: Vec<String> = names
        .iter()
        .map(|name| {
            if deck.contains_key(name) {
                name.clone()
            } else {
                format!("{name} (not in the deck)")
            }
        })
        .collect();
    let mut options: Vec<(Option<usize>, &str)> =
        none.map(|text| (None, text)).into_iter().collect();
    options.extend(
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| (Some(i), l.as_str())),
    );
    let selected = current.and_then(|c| names.iter().position(|name| name == c));
    form.choice_ui(ui, (key, label), help, selected, &options, |chosen| {
        edit(chosen.and_then(|i| names.get(i).cloned()))
    });
}

/// A numeric row of the stage's rule or grades, from its catalogue entry.
fn rule_row_ui(ui: &mut Ui, form: &mut Form<'_>, stage: &Stage, field: PricingField, spec: &Spec) {
    let Some(value) = field.get(stage) else {
        return;
    };
    form.number_ui(ui, spec, value, |v| {
        stage_edit(stage, |s| {
            // The field exists: it was just read.
            let _ = field.set(s, v);
        })
    });
}

/// "Priced by", and then the typed price or the rule's commodity, terms and by-metals with
/// the price it sets.
pub(super) fn price_ui(ui: &mut Ui, form: &mut Form<'_>, rows: &StageRows<'_>) {
    let (project, stage) = (rows.project, rows.stage);
    let deck = &project.prices;
    let kind = RuleKind::of(stage.pricing.as_ref());
    let commodity = stage.pricing.as_ref().map_or_else(
        || deck.keys().next().cloned().unwrap_or_default(),
        |rule| rule.commodity().to_owned(),
    );
    form.choice_ui(
        ui,
        (RULE.key, RULE.label),
        RULE.help,
        kind,
        &RULE_CHOICES,
        |kind| {
            stage_edit(stage, |s| {
                // Back to a typed price: a product grade taken from the rule is kept as
                // typed, so the feed per unit stays what it was (and the stage stays valid).
                let rule = kind.rule(&commodity);
                let from_rule = s
                    .pricing
                    .as_ref()
                    .filter(|_| rule.is_none())
                    .and_then(|old| old.metal_content(&s.unit, deck));
                if let (Some(gr), Some(grade)) = (s.grade_recovery.as_mut(), from_rule)
                    && gr.product_grade_pct.is_none()
                {
                    gr.product_grade_pct = Some(grade * 100.0);
                }
                s.pricing = rule;
            })
        },
    );
    let Some(rule) = &stage.pricing else {
        form.number_ui(
            ui,
            &Spec::of(&PRICE, &rows.units),
            stage.price_per_unit,
            |v| stage_edit(stage, |s| s.price_per_unit = v),
        );
        return;
    };
    commodity_choice_ui(
        ui,
        form,
        (COMMODITY.key, COMMODITY.label, COMMODITY.help),
        (deck, Some(rule.commodity()), None),
        |name| {
            stage_edit(stage, |s| {
                if let (Some(rule), Some(name)) = (s.pricing.as_mut(), name) {
                    set_commodity(rule, name);
                }
            })
        },
    );
    for field in PricingField::of_stage(stage) {
        let entry = field.field();
        if entry.section != Section::Prices || LISTED.contains(&entry) {
            continue;
        }
        let (item, item_unit) = field.item(rule, deck);
        let units = Units {
            item,
            item_unit,
            ..rows.units
        };
        rule_row_ui(ui, form, stage, field, &Spec::of(entry, &units));
        if let (PricingField::RefiningCharge, PricingRule::Concentrate(terms)) = (field, rule) {
            form.choice_ui(
                ui,
                (REFINING_CHARGE_UNIT.key, REFINING_CHARGE_UNIT.label),
                REFINING_CHARGE_UNIT.help,
                terms.refining_charge_unit,
                &[
                    (MassUnit::Pound, "lb"),
                    (MassUnit::Kilogram, "kg"),
                    (MassUnit::Tonne, "t"),
                ],
                |unit| {
                    stage_edit(stage, |s| {
                        if let Some(PricingRule::Concentrate(terms)) = s.pricing.as_mut() {
                            terms.refining_charge_unit = unit;
                        }
                    })
                },
            );
        }
    }
    if let PricingRule::Concentrate(terms) = rule {
        by_metals_ui(ui, form, rows, terms);
    }
    let year = rows.first_year();
    let set = match rule.build(&stage.unit, &DeckInYear { deck, year }) {
        Some(build) => format!(
            "set by rule: {} {}/{} in {year}",
            price_text(build.price()),
            rows.units.money,
            rows.units.unit
        ),
        None => "set by rule (once its commodity is in the deck)".to_owned(),
    };
    form.read_only_ui(ui, PRICE.label, PRICE.help, &set);
}

/// The concentrate's payable by-metals, each with its commodity, content, payable share and
/// refining charge, and buttons to add and remove one.
fn by_metals_ui(ui: &mut Ui, form: &mut Form<'_>, rows: &StageRows<'_>, terms: &ConcentrateTerms) {
    let (deck, stage) = (&rows.project.prices, rows.stage);
    ui.add_space(4.0);
    ui.label(RichText::new("Payable by-metals").strong())
        .on_hover_text("Metals besides the paid one that the smelter pays for, e.g. gold and silver in copper concentrate.");
    let with_terms = |s: &mut Stage, change: &dyn Fn(&mut ConcentrateTerms)| {
        if let Some(PricingRule::Concentrate(terms)) = s.pricing.as_mut() {
            change(terms);
        }
    };
    for (n, metal) in terms.by_metals.iter().enumerate() {
        let number = n + 1;
        ui.push_id(("by-metal", n), |ui| {
            ui.group(|ui| {
                commodity_choice_ui(
                    ui,
                    form,
                    (
                        &format!("pricing.by_metals.{n}.commodity"),
                        &format!("By-metal {number}"),
                        "The deck commodity the by-metal is paid at, e.g. gold.",
                    ),
                    (deck, Some(&metal.commodity), None),
                    |name| {
                        stage_edit(stage, |s| {
                            with_terms(s, &|terms| {
                                if let (Some(m), Some(name)) = (terms.by_metals.get_mut(n), &name) {
                                    m.commodity.clone_from(name);
                                }
                            });
                        })
                    },
                );
                let (item, item_unit) = stage
                    .pricing
                    .as_ref()
                    .map_or((metal.commodity.as_str(), "unit"), |rule| {
                        PricingField::ByMetalContent(n).item(rule, deck)
                    });
                let units = Units {
                    item,
                    item_unit,
                    ..rows.units
                };
                for field in [
                    PricingField::ByMetalContent(n),
                    PricingField::ByMetalPayablePct(n),
                    PricingField::ByMetalRefiningCharge(n),
                ] {
                    let entry = field.field();
                    let spec = Spec {
                        field: Cow::Owned(format!("{}.{n}", entry.key)),
                        ..Spec::of(entry, &units)
                    };
                    rule_row_ui(ui, form, stage, field, &spec);
                }
                if remove_button_ui(ui, &format!("by-metal {number}")) {
                    form.actions.push(Action::Edit(stage_edit(stage, |s| {
                        with_terms(s, &|terms| {
                            terms.by_metals.remove(n);
                        });
                    })));
                    form.forget_buffers("pricing.by_metals.");
                }
            });
        });
    }
    if ui
        .button("Add by-metal")
        .on_hover_text("Add a metal the smelter pays for in the concentrate, e.g. gold.")
        .clicked()
    {
        let commodity = deck
            .keys()
            .find(|name| name.as_str() == "gold")
            .or_else(|| deck.keys().find(|name| name.as_str() != terms.commodity))
            .or_else(|| deck.keys().next())
            .cloned()
            .unwrap_or_default();
        form.actions.push(Action::Edit(stage_edit(stage, |s| {
            with_terms(s, &|terms| {
                terms.by_metals.push(PayableMetal {
                    commodity: commodity.clone(),
                    content_g_per_t: 0.0,
                    payable_pct: 90.0,
                    refining_charge_per_unit: 0.0,
                });
            });
        })));
    }
}

/// A by-product's deck commodity ("None" keeps its typed price); true when it has one.
pub(super) fn by_product_commodity_ui(
    ui: &mut Ui,
    form: &mut Form<'_>,
    rows: &StageRows<'_>,
    index: usize,
    units: &Units<'_>,
) -> bool {
    let stage = rows.stage;
    let Some(by_product) = stage.by_products.get(index) else {
        return false;
    };
    let spec = Spec::item(&BY_PRODUCT_COMMODITY, units, index);
    commodity_choice_ui(
        ui,
        form,
        (&spec.field, &spec.label, &spec.help),
        (
            &rows.project.prices,
            by_product.commodity.as_deref(),
            Some("None (typed price)"),
        ),
        |name| {
            stage_edit(stage, |s| {
                if let Some(b) = s.by_products.get_mut(index) {
                    b.commodity = name;
                }
            })
        },
    );
    by_product.commodity.is_some()
}

/// The stage feeding `stage` by its first link, as the calculation reads grades.
fn upstream<'a>(rows: &StageRows<'a>) -> Option<&'a Stage> {
    let project = rows.project;
    project
        .links
        .iter()
        .find(|link| link.to == rows.stage.id)
        .and_then(|link| project.stage(&link.from))
}

/// The switch for feed per unit from grade and recovery and, when on, its rows: recovery,
/// feed grade (or the feeding stage's) and product grade (or the rule's).
pub(super) fn grade_recovery_ui(ui: &mut Ui, form: &mut Form<'_>, rows: &StageRows<'_>) {
    let (stage, deck) = (rows.stage, &rows.project.prices);
    let feeder = upstream(rows);
    let feeder_grade = feeder.and_then(|f| f.product_grade(deck));
    let mut on = stage.grade_recovery.is_some();
    if ui
        .checkbox(&mut on, "Feed per unit from grade and recovery")
        .on_hover_text(GRADES_HELP)
        .changed()
    {
        let feed_grade_pct = if feeder_grade.is_some() {
            None
        } else {
            Some(1.0)
        };
        form.actions.push(Action::Edit(stage_edit(stage, |s| {
            s.grade_recovery = on.then_some(GradeRecovery {
                feed_grade_pct,
                recovery_pct: 90.0,
                product_grade_pct: None,
            });
        })));
    }
    let Some(gr) = &stage.grade_recovery else {
        return;
    };
    let units = rows.units;
    let spec = |field: PricingField| Spec::of(field.field(), &units);
    rule_row_ui(
        ui,
        form,
        stage,
        PricingField::RecoveryPct,
        &spec(PricingField::RecoveryPct),
    );

    let mut from_feeder = gr.feed_grade_pct.is_none();
    if ui
        .checkbox(&mut from_feeder, "Feed grade from the stage feeding it")
        .on_hover_text(FEED_GRADE.help)
        .changed()
    {
        let typed = feeder_grade.map_or(1.0, |grade| grade * 100.0);
        form.actions.push(Action::Edit(stage_edit(stage, |s| {
            if let Some(gr) = s.grade_recovery.as_mut() {
                gr.feed_grade_pct = (!from_feeder).then_some(typed);
            }
        })));
    }
    if from_feeder {
        let text = match (feeder, feeder_grade) {
            (Some(f), Some(grade)) => format!("{}% ({})", number_text(grade * 100.0), f.name),
            _ => "not known: the stage feeding it states no grade".to_owned(),
        };
        form.read_only_ui(ui, FEED_GRADE.label, FEED_GRADE.help, &text);
        form.problems_ui(ui, FEED_GRADE.key);
    } else {
        rule_row_ui(
            ui,
            form,
            stage,
            PricingField::FeedGradePct,
            &spec(PricingField::FeedGradePct),
        );
    }

    let rule_grade = stage
        .pricing
        .as_ref()
        .and_then(|rule| rule.metal_content(&stage.unit, deck));
    let mut from_rule = gr.product_grade_pct.is_none();
    if ui
        .checkbox(&mut from_rule, "Product grade from the pricing rule")
        .on_hover_text(PRODUCT_GRADE.help)
        .changed()
    {
        let typed = rule_grade.map_or(100.0, |grade| grade * 100.0);
        form.actions.push(Action::Edit(stage_edit(stage, |s| {
            if let Some(gr) = s.grade_recovery.as_mut() {
                gr.product_grade_pct = (!from_rule).then_some(typed);
            }
        })));
    }
    if from_rule {
        let text = rule_grade.map_or_else(
            || "not known: the stage has no pricing rule".to_owned(),
            |grade| format!("{}% (pricing rule)", number_text(grade * 100.0)),
        );
        form.read_only_ui(ui, PRODUCT_GRADE.label, PRODUCT_GRADE.help, &text);
        form.problems_ui(ui, PRODUCT_GRADE.key);
    } else {
        rule_row_ui(
            ui,
            form,
            stage,
            PricingField::ProductGradePct,
            &spec(PricingField::ProductGradePct),
        );
    }
}

/// The feed per unit that grade and recovery give, as the calculation has it (or as the
/// model works it out while the project does not compute).
pub(super) fn computed_input_text(rows: &StageRows<'_>, feed: &str) -> String {
    let stage = rows.stage;
    let computed = rows
        .results
        .zip(rows.index)
        .and_then(|(results, index)| results.input_per_unit(index))
        .or_else(|| stage.input_from_grades(upstream(rows), &rows.project.prices));
    computed.map_or_else(
        || "not known until the grades are".to_owned(),
        |value| {
            format!(
                "{} {feed}/{} (from grades)",
                number_text(value),
                rows.units.unit
            )
        },
    )
}
