//! The inspector: every parameter of the selected stage or link, grouped, with units and
//! tooltips; and the project settings panel. Invalid values are shown in place and not applied.
//!
//! Every row is drawn from the field catalogue ([`crate::model::catalogue`]): its label, unit,
//! help and rule. This root chooses what to show for the selection; the form and its rows are
//! in [`form`], the panels in [`stage_form`] (with [`stage_results`]), [`multi_form`] (several
//! stages at once), [`link_form`] and [`settings_form`].

mod deck_form;
mod fiscal_form;
mod form;
mod link_form;
mod multi_form;
mod pam_results;
mod price_build;
mod price_charts;
mod pricing_form;
mod royalty_form;
mod settings_form;
mod stage_form;
mod stage_results;
mod stage_rows;

use egui::{Label, RichText, Ui};

pub use form::{Findings, InspectorState};
pub use settings_form::settings_ui;

use crate::model::Project;
use crate::report::format::MoneyDisplay;

use super::action::Action;
use super::canvas::Selection;

use link_form::link_ui;
use stage_form::stage_ui;

const NOTHING_SELECTED_DETAIL: &str = "Its parameters appear here: production, prices, inputs, \
    labour and taxes, investment, environment and policy, each with its unit and a tooltip.";

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
    let selected: Vec<&crate::model::Stage> = selection
        .stages
        .iter()
        .filter_map(|id| project.stage(id))
        .collect();
    let shown = match (stage_count, selection.link) {
        (1, None) => selection.stages.first().map(stage_form::key_prefix),
        (0, Some(index)) => project.links.get(index).map(link_form::key_prefix),
        (_, None) if selected.len() >= 2 => {
            let ids: Vec<&crate::model::StageId> = selected.iter().map(|s| &s.id).collect();
            Some(multi_form::key_prefix(&ids))
        }
        _ => None,
    };
    inspector.show(shown);
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
        (_, None) if selected.len() >= 2 => {
            multi_form::stages_ui(ui, inspector, project, &selected, findings, money, actions);
        }
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

fn hint_ui(ui: &mut Ui, title: &str, detail: &str) {
    ui.add_space(8.0);
    ui.heading(title);
    ui.add(Label::new(RichText::new(detail).weak()).wrap());
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use egui::vec2;

    use super::form::{number_text, parse_number, parse_value, text_of};
    use super::*;
    use crate::calc::Period;
    use crate::model::catalogue::Rule;
    use crate::model::edit::Edit;
    use crate::model::{
        ByProduct, Link, LocalCurrency, Phase, Project, PurchasedInput, Stage, StageId, StageKind,
    };

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
            parse_value(Rule::NonNegative, "-5"),
            Err("Must be 0 or more".to_owned())
        );
        assert_eq!(
            parse_value(Rule::Percent, "120"),
            Err("A share is between 0 and 100%".to_owned())
        );
        assert_eq!(parse_value(Rule::Year, "2030"), Ok(2030.0));
        assert!(parse_value(Rule::Year, "2030.5").is_err());
        assert!(parse_value(Rule::WholeYears, "-1").is_err());
        assert!(parse_value(Rule::Positive, "0").is_err());
        assert_eq!(parse_value(Rule::Rate, "-2.5"), Ok(-2.5));
        assert!(parse_value(Rule::Rate, "-99").is_err());
        assert!(parse_value(Rule::NonNegative, "2e18").is_err());
    }

    #[test]
    fn fields_show_readable_numbers() {
        assert_eq!(number_text(410.96e9), "410,960,000,000");
        assert_eq!(number_text(2650.5), "2,650.5");
        assert_eq!(number_text(0.35), "0.35");
        assert_eq!(number_text(1.0 / 0.45), "2.22222222222");
        assert_eq!(number_text(-1200.0), "-1,200");
        assert_eq!(text_of(Rule::Year, 2030.0), "2030");
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
                    let problems = crate::model::validate::validate(&f.project);
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
            commodity: None,
            destination: crate::model::ByProductDestination::FollowsProduct,
        });
        mill.purchased_inputs.push(PurchasedInput {
            name: "Electricity".to_owned(),
            cost_per_unit: 40.0,
            imported_pct: 10.0,
        });
        mill.sources.insert(
            crate::model::catalogue::stage_fields::PRICE.key.to_owned(),
            "LME 2025 average".to_owned(),
        );
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
                    let problems = crate::model::validate::validate(&f.project);
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
