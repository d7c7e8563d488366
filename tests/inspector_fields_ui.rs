//! The inspector against the field catalogue, driven headless as a person would: every
//! catalogue entry of a stage, a link and the project settings has a labelled row (found by
//! its label, so every input is labelled for accessibility), and the policy fields, new to
//! the window, change the project when a valid value is typed and refuse an invalid one; the
//! fiscal regime, owners and loan (switched on by their checkboxes) have a row per field too.

#![allow(clippy::panic)]

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use uplift::app::action::Action;
use uplift::app::canvas::Selection;
use uplift::app::inspector::{Findings, InspectorState, inspector_ui, settings_ui};
use uplift::calc::Period;
use uplift::model::catalogue::{
    Units, fiscal_fields, link_fields, pricing_fields, settings_fields, stage_fields,
};
use uplift::model::edit::apply_edit;
use uplift::model::fiscal::{Financing, FiscalRegime, Ownership};
use uplift::model::params::{FiscalField, LoanField, OwnerField};
use uplift::model::pricing::{
    Commodity, ConcentrateTerms, FabricatedTerms, GradeRecovery, MassUnit, PayableMetal,
    PricePoint, PricingRule,
};
use uplift::model::validate::validate;
use uplift::model::{
    ByProduct, CarbonPricing, Link, LocalCurrency, Phase, Project, PurchasedInput, Stage, StageId,
    StageKind,
};
use uplift::report::format::MoneyDisplay;

/// What the harness drives: a project, what is selected, and whether the Project tab shows.
struct Fixture {
    project: Project,
    selection: Selection,
    inspector: InspectorState,
    settings: bool,
    edits: usize,
}

/// A mine feeding a mill that has a by-product, a purchased input and a source note, in a
/// project with a local currency, a phase and a source: every kind of row has something to show.
fn fixture() -> Fixture {
    let mut project = Project::empty("Test", 2025);
    let mut mine = Stage::new(StageId::from("mine"), StageKind::Mining, 2026);
    "Mine".clone_into(&mut mine.name);
    mine.capacity_per_year = 1000.0;
    mine.price_per_unit = 50.0;
    let mut mill = Stage::new(StageId::from("mill"), StageKind::Concentration, 2027);
    "Mill".clone_into(&mut mill.name);
    mill.capacity_per_year = 100.0;
    mill.input_per_unit = 8.0;
    mill.price_per_unit = 2000.0;
    mill.by_products.push(ByProduct {
        name: "Payable gold".to_owned(),
        unit: "oz".to_owned(),
        quantity_per_unit: 1.5,
        price: 2500.0,
        commodity: None,
        destination: uplift::model::ByProductDestination::FollowsProduct,
    });
    mill.purchased_inputs.push(PurchasedInput {
        name: "Electricity".to_owned(),
        cost_per_unit: 40.0,
        imported_pct: 10.0,
    });
    project.stages.push(mine);
    project.stages.push(mill);
    project.links.push(Link {
        from: StageId::from("mine"),
        to: StageId::from("mill"),
        share_pct: 100.0,
        transport_cost_per_unit: 3.0,
    });
    project.currency.local = Some(LocalCurrency {
        code: "PKR".to_owned(),
        per_base_unit: 280.0,
    });
    project.phases.push(Phase {
        name: "Demonstration".to_owned(),
        first_year: 2026,
        last_year: 2030,
    });
    project.sources.push("IMF WEO 2025".to_owned());
    let mut selection = Selection::default();
    selection.stages.insert(StageId::from("mill"));
    Fixture {
        project,
        selection,
        inspector: InspectorState::default(),
        settings: false,
        edits: 0,
    }
}

/// The inspector (or the Project tab), with every edit it pushes applied as the app does.
fn harness(fixture: Fixture) -> Harness<'static, Fixture> {
    Harness::builder()
        .with_size(vec2(420.0, 2400.0))
        .build_ui_state(
            |ui, f: &mut Fixture| {
                let money = MoneyDisplay::base(&f.project.currency);
                let problems = validate(&f.project);
                let mut actions = Vec::new();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if f.settings {
                        settings_ui(ui, &mut f.inspector, &f.project, &problems, &mut actions);
                    } else {
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
                    }
                });
                for action in actions {
                    if let Action::Edit(edit) | Action::EditMerging(edit, _) = action {
                        f.edits += 1;
                        if let Err(error) = apply_edit(&mut f.project, edit) {
                            panic!("edit refused: {error}");
                        }
                    }
                }
            },
            fixture,
        )
}

/// The label a list's first item shows for `label` ("By-product {n}" is "By-product 1").
fn first_item(label: &'static str) -> String {
    Units {
        n: 1,
        ..Units::default()
    }
    .fill(label)
    .into_owned()
}

fn assert_labelled(harness: &Harness<'_, Fixture>, labels: impl Iterator<Item = String>) {
    for label in labels {
        assert!(
            harness.query_all_by_label(&label).next().is_some(),
            "no row labelled {label:?}"
        );
    }
}

fn replace_text(harness: &mut Harness<'_, Fixture>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

#[test]
fn every_stage_entry_has_a_labelled_row() {
    let mut harness = harness(fixture());
    // `run` also checks that every input has an accessible name.
    harness.run();
    assert_labelled(
        &harness,
        stage_fields::ALL
            .into_iter()
            .map(|field| first_item(field.label)),
    );
}

#[test]
fn every_link_entry_has_a_labelled_row() {
    let mut fixture = fixture();
    fixture.selection = Selection {
        stages: std::collections::BTreeSet::new(),
        link: Some(0),
    };
    let mut harness = harness(fixture);
    harness.run();
    assert_labelled(
        &harness,
        link_fields::ALL
            .into_iter()
            .map(|field| field.label.to_owned()),
    );
}

#[test]
fn every_settings_entry_has_a_labelled_row() {
    let mut fixture = fixture();
    fixture.settings = true;
    let mut harness = harness(fixture);
    harness.run();
    assert_labelled(
        &harness,
        settings_fields::ALL
            .into_iter()
            .filter(|field| settings_fields::is_row(field))
            .map(|field| first_item(field.label)),
    );
}

#[test]
fn stage_policy_fields_take_valid_values_and_refuse_invalid_ones() {
    let mut harness = harness(fixture());
    harness.run();
    replace_text(&mut harness, stage_fields::EXPORT_TAX.label, "12");
    assert!((harness.state().project.stages[1].export_tax_pct - 12.0).abs() < 1e-9);
    let edits = harness.state().edits;
    replace_text(&mut harness, stage_fields::EXPORT_TAX.label, "150");
    assert!(
        harness
            .query_by_label_contains("A share is between 0 and 100%")
            .is_some()
    );
    assert_eq!(
        harness.state().edits,
        edits,
        "a refused value pushes no edit"
    );
    assert!((harness.state().project.stages[1].export_tax_pct - 12.0).abs() < 1e-9);

    replace_text(&mut harness, stage_fields::EXPORT_TAX_PER_UNIT.label, "7.5");
    assert!((harness.state().project.stages[1].export_tax_per_unit - 7.5).abs() < 1e-9);
    replace_text(&mut harness, stage_fields::ENERGY_TARIFF.label, "-80");
    assert!(
        harness
            .query_by_label_contains("Must be 0 or more")
            .is_some()
    );
    assert!(
        harness.state().project.stages[1]
            .energy_tariff_per_mwh
            .abs()
            < 1e-9
    );
    replace_text(&mut harness, stage_fields::ENERGY_TARIFF.label, "80");
    assert!((harness.state().project.stages[1].energy_tariff_per_mwh - 80.0).abs() < 1e-9);

    assert!(!harness.state().project.stages[1].export_ban);
    harness.get_by_label(stage_fields::EXPORT_BAN.label).click();
    harness.run();
    assert!(harness.state().project.stages[1].export_ban);
}

#[test]
fn the_carbon_price_and_its_pricing_mode_are_edited_in_the_project_tab() {
    let mut fixture = fixture();
    fixture.settings = true;
    let mut harness = harness(fixture);
    harness.run();
    replace_text(&mut harness, settings_fields::CARBON_PRICE.label, "50");
    assert!((harness.state().project.policy.carbon_price_per_t_co2 - 50.0).abs() < 1e-9);
    replace_text(&mut harness, settings_fields::CARBON_PRICE.label, "-3");
    assert!(
        harness
            .query_by_label_contains("Must be 0 or more")
            .is_some()
    );
    assert!((harness.state().project.policy.carbon_price_per_t_co2 - 50.0).abs() < 1e-9);

    harness.key_press(egui::Key::Escape);
    harness.run();
    harness
        .get_by_label(settings_fields::CARBON_PRICING.label)
        .click();
    harness.run();
    harness.get_by_label("Border adjustment").click();
    harness.run();
    assert_eq!(
        harness.state().project.policy.carbon_pricing,
        CarbonPricing::BorderAdjustment
    );
}

#[test]
fn validation_names_a_policy_field_by_its_label_and_key() {
    let mut project = fixture().project;
    project.stages[1].export_tax_pct = 150.0;
    project.policy.carbon_price_per_t_co2 = -1.0;
    let problems = validate(&project);
    let export_tax = problems
        .iter()
        .find(|p| p.field == Some(stage_fields::EXPORT_TAX.key))
        .unwrap_or_else(|| panic!("no export tax problem: {problems:?}"));
    assert!(
        export_tax.message.starts_with("Export tax is 150%"),
        "{}",
        export_tax.message
    );
    let carbon = problems
        .iter()
        .find(|p| p.field == Some(settings_fields::CARBON_PRICE.key))
        .unwrap_or_else(|| panic!("no carbon price problem: {problems:?}"));
    assert!(carbon.message.contains("negative"), "{}", carbon.message);
}

/// The fixture with a price deck (copper on a two-point path, gold per ounce), the mill priced
/// as a copper concentrate paying for gold, with grade and recovery typed and its by-product
/// priced from the deck, and a rod mill priced as a fabricated product: every pricing entry
/// has something to show.
fn priced_fixture() -> Fixture {
    let mut fixture = fixture();
    let project = &mut fixture.project;
    project.prices.insert(
        "copper".to_owned(),
        Commodity {
            unit: MassUnit::Tonne,
            path: vec![
                PricePoint {
                    year: 2026,
                    price: 10_000.0,
                },
                PricePoint {
                    year: 2030,
                    price: 9_000.0,
                },
            ],
            source: "LME".to_owned(),
        },
    );
    project.prices.insert(
        "gold".to_owned(),
        Commodity::flat(MassUnit::TroyOunce, 2026, 2_500.0, "LBMA"),
    );
    let mill = &mut project.stages[1];
    let mut terms = ConcentrateTerms::typical("copper");
    terms.by_metals.push(PayableMetal {
        commodity: "gold".to_owned(),
        content_g_per_t: 12.0,
        payable_pct: 90.0,
        refining_charge_per_unit: 5.0,
    });
    mill.pricing = Some(PricingRule::Concentrate(terms));
    mill.grade_recovery = Some(GradeRecovery {
        feed_grade_pct: Some(0.5),
        recovery_pct: 91.0,
        product_grade_pct: Some(28.0),
    });
    mill.by_products[0].commodity = Some("gold".to_owned());
    let mut rod = Stage::new(StageId::from("rod"), StageKind::Manufacturing, 2028);
    "Rod mill".clone_into(&mut rod.name);
    "t".clone_into(&mut rod.unit);
    rod.pricing = Some(PricingRule::Fabricated(FabricatedTerms {
        commodity: "copper".to_owned(),
        metal_per_unit: 0.999,
        conversion_premium_per_unit: 400.0,
    }));
    project.stages.push(rod);
    fixture
}

#[test]
fn every_pricing_entry_has_a_labelled_row() {
    // The Project tab (the deck), the concentrate mill and the rod mill.
    let views: Vec<Harness<'static, Fixture>> = [None, Some("mill"), Some("rod")]
        .into_iter()
        .map(|stage| {
            let mut fixture = priced_fixture();
            match stage {
                None => fixture.settings = true,
                Some(id) => fixture.selection.stages = [StageId::from(id)].into(),
            }
            let mut harness = harness(fixture);
            // `run` also checks that every input has an accessible name.
            harness.run();
            harness
        })
        .collect();
    for entry in pricing_fields::ALL {
        // Labels name the deck's commodity or the by-metal: "copper price", "gold content".
        let labels: Vec<String> = ["copper", "gold"]
            .into_iter()
            .map(|item| {
                Units {
                    item,
                    n: 1,
                    ..Units::default()
                }
                .fill(entry.label)
                .into_owned()
            })
            .collect();
        assert!(
            views.iter().any(|view| labels
                .iter()
                .any(|label| view.query_all_by_label(label).next().is_some())),
            "no row for {} ({:?})",
            entry.key,
            labels
        );
    }
}

/// The fixture with a project regime, and the mill owned by the state and owners abroad,
/// financed with debt and taxed under a regime of its own: every fiscal entry has a row.
fn fiscal_fixture() -> Fixture {
    let mut fixture = fixture();
    fixture.project.fiscal = Some(FiscalRegime::default());
    let mill = &mut fixture.project.stages[1];
    mill.ownership = Some(Ownership {
        state_paid_pct: 40.0,
        state_carried_pct: 10.0,
        domestic_pct: 0.0,
        foreign_pct: 50.0,
        ..Ownership::default()
    });
    mill.financing = Some(Financing {
        debt_pct: 40.0,
        interest_pct: 7.5,
        tenor_years: 15,
        grace_years: 4,
        foreign_pct: 100.0,
    });
    mill.fiscal = Some(FiscalRegime::default());
    fixture
}

#[test]
fn every_fiscal_entry_has_a_labelled_row() {
    let mut settings = fiscal_fixture();
    settings.settings = true;
    let mut project_tab = harness(settings);
    // `run` also checks that every input has an accessible name.
    project_tab.run();
    assert_labelled(
        &project_tab,
        FiscalField::ALL
            .into_iter()
            .map(|field| field.field().label.to_owned()),
    );
    let mut stage = harness(fiscal_fixture());
    stage.run();
    assert_labelled(
        &stage,
        FiscalField::ALL
            .into_iter()
            .map(FiscalField::field)
            .chain(OwnerField::ALL.into_iter().map(OwnerField::field))
            .chain(LoanField::ALL.into_iter().map(LoanField::field))
            .map(|field| field.label.to_owned()),
    );
    assert!(
        stage
            .query_by_label_contains("The shares add up to 100%")
            .is_some()
    );
}

#[test]
fn the_fiscal_checkboxes_create_and_remove_the_regime_owners_and_loan() {
    let mut fixture = fixture();
    fixture.settings = true;
    let mut harness = harness(fixture);
    harness.run();
    assert!(harness.state().project.fiscal.is_none());
    harness.get_by_label("Income tax and fiscal regime").click();
    harness.run();
    assert_eq!(
        harness.state().project.fiscal,
        Some(FiscalRegime::default())
    );
    replace_text(&mut harness, fiscal_fields::INCOME_TAX.label, "29");
    let tax = harness
        .state()
        .project
        .fiscal
        .as_ref()
        .map(|f| f.income_tax_pct);
    assert_eq!(tax, Some(29.0));
    replace_text(&mut harness, fiscal_fields::INCOME_TAX.label, "129");
    assert!(
        harness
            .query_by_label_contains("A share is between 0 and 100%")
            .is_some()
    );
    let tax = harness
        .state()
        .project
        .fiscal
        .as_ref()
        .map(|f| f.income_tax_pct);
    assert_eq!(
        tax,
        Some(29.0),
        "a refused rate leaves the regime as it was"
    );

    let mut harness = self::harness(self::fixture());
    harness.run();
    harness
        .get_by_label("Owners other than one domestic owner")
        .click();
    harness.run();
    assert_eq!(
        harness.state().project.stages[1].ownership,
        Some(Ownership::default())
    );
    replace_text(&mut harness, fiscal_fields::FOREIGN_OWNERS.label, "50");
    assert!(
        harness
            .query_by_label_contains("The shares add up to 150%")
            .is_some()
    );
    harness.get_by_label("Financed with debt").click();
    harness.run();
    assert!(harness.state().project.stages[1].financing.is_some());
    harness.get_by_label("Financed with debt").click();
    harness.run();
    assert!(harness.state().project.stages[1].financing.is_none());
}

#[test]
fn a_sliding_royalty_is_switched_on_edited_band_by_band_and_off() {
    use uplift::model::fiscal::SlidingRoyalty;
    let mut fixture = fixture();
    fixture.settings = true;
    fixture.project.fiscal = Some(FiscalRegime::default());
    fixture.project.prices.insert(
        "copper".into(),
        Commodity::flat(MassUnit::Tonne, 2025, 9_000.0, ""),
    );
    let mut harness = harness(fixture);
    harness.run();
    let sliding = |harness: &Harness<'_, Fixture>| {
        harness
            .state()
            .project
            .fiscal
            .as_ref()
            .and_then(|f| f.sliding_royalty.clone())
    };
    harness
        .get_by_label("Sliding royalty by deck price")
        .click();
    harness.run();
    assert_eq!(sliding(&harness), Some(SlidingRoyalty::zambia_copper()));
    // Each band's rows are labelled with its number and the deck's unit.
    assert!(harness.query_by_label("Band 5 from").is_some());
    replace_text(&mut harness, "Band 2 rate", "7");
    assert_eq!(sliding(&harness).map(|s| s.bands[1].rate_pct), Some(7.0));
    replace_text(&mut harness, "Band 2 rate", "170");
    assert!(
        harness
            .query_by_label_contains("A share is between 0 and 100%")
            .is_some()
    );
    assert_eq!(sliding(&harness).map(|s| s.bands[1].rate_pct), Some(7.0));
    harness.get_by_label("Remove band 1").click();
    harness.run();
    assert_eq!(sliding(&harness).map(|s| s.bands.len()), Some(4));
    harness.get_by_label("Add band").click();
    harness.run();
    let last = sliding(&harness).and_then(|s| s.bands.last().copied());
    assert_eq!(
        last.map(|b| (b.from_price, b.rate_pct)),
        Some((10_000.0, 11.0))
    );
    harness
        .get_by_label("Sliding royalty by deck price")
        .click();
    harness.run();
    assert_eq!(sliding(&harness), None);
}
