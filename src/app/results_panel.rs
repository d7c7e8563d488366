//! The results panel: year selector, national headline figures and the per-stage table.
//!
//! Headline figures are large so a room can read them off a projector; the table gives every
//! stage's output value, intermediate consumption, value added, share of GDP, jobs and net FX
//! for the selected year or period.

use std::fmt::Write as _;

use egui::{Button, Color32, ComboBox, FontId, Label, RichText, TextStyle, Ui, vec2};

use crate::analysis::HeadlineFigure;
use crate::calc::{FiscalYear, National, Period, Results};
use crate::model::validate::{Problem, Subject};
use crate::model::{Project, StageId};
use crate::report;
use crate::report::format::{self, MoneyDisplay};

pub(super) use super::stage_table::stage_name_text;
use super::stage_table::{StageTable, TableInput, stage_table_ui};

/// Text size of the headline figures: readable from the back of a workshop room.
const HEADLINE_SIZE: f32 = 24.0;

/// What the results panel shows.
pub struct ResultsInput<'a> {
    /// The project on screen.
    pub project: &'a Project,
    /// Its results (`None` while it has errors).
    pub results: Option<&'a Results>,
    /// Its problems, errors first.
    pub problems: &'a [Problem],
    /// The national sums of the period passed in, when already summed (the window sums them
    /// once per change); summed here when missing or when the year selector moves.
    pub national: Option<&'a National>,
    /// How money is written.
    pub money: &'a MoneyDisplay,
    /// Document revision, to know when the table's rows are stale.
    pub revision: u64,
    /// Scenario shown.
    pub scenario: Option<&'a str>,
    /// Stages selected on the canvas.
    pub selected: Option<&'a std::collections::BTreeSet<StageId>>,
    /// Show the per-stage table under the headline figures (under the charts the panel is
    /// only the year and the headline figures, so the chart keeps its room).
    pub stage_table: bool,
}

/// Shows results for `period` (the year selector edits it) and the per-stage table (`table`
/// keeps its sort and filters); returns the stage whose row was clicked.
///
/// When `results` is `None` (the project has errors) it lists the errors instead and leaves
/// `period` as it was, so the planner comes back to the same year once they are fixed.
/// Put it straight into a panel: the table scrolls by itself, under the headline figures.
pub fn results_ui(
    ui: &mut Ui,
    input: &ResultsInput<'_>,
    period: &mut Period,
    table: &mut StageTable,
) -> Option<StageId> {
    let ResultsInput {
        project,
        results,
        problems,
        money,
        ..
    } = *input;
    let period_given = *period;
    if results.is_some() {
        keep_year_in_horizon(project, period);
    }
    let note = results
        .filter(|results| !results.stages.is_empty())
        .map(|results| period_note(project, results, *period));
    period_selector_ui(ui, project, period, note.as_deref());
    ui.add_space(2.0);
    let Some(results) = results else {
        egui::ScrollArea::vertical()
            .id_salt("results-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| errors_ui(ui, project, problems));
        return None;
    };
    if results.stages.is_empty() {
        ui.heading("No stages yet");
        ui.weak("Add stages on the canvas to see value added, share of GDP, FX and jobs.");
        return None;
    }
    // Summed once per change, not per frame: with thousands of stages this is most of the
    // panel's work.
    let national = match input.national {
        Some(national) if *period == period_given => *national,
        _ => results.national(*period),
    };
    headline_ui(ui, project, results, &national, *period, money);
    warnings_ui(ui, project, &results.warnings);
    if !input.stage_table {
        return None;
    }
    ui.add_space(6.0);
    stage_table_ui(
        ui,
        table,
        &TableInput {
            project,
            results,
            national: &national,
            period: *period,
            money,
            revision: input.revision,
            scenario: input.scenario,
            selected: input.selected,
        },
    )
}

/// A year outside the horizon (after the horizon was shortened) shows nothing; move it to the
/// nearest year that has results.
fn keep_year_in_horizon(project: &Project, period: &mut Period) {
    let horizon = project.horizon;
    if let Period::Year(year) = *period
        && !horizon.is_empty()
        && !horizon.contains(year)
    {
        *period = Period::Year(year.clamp(horizon.first_year, horizon.last_year));
    }
}

/// The year one step before (`delta` = -1) or after (+1) `period`, inside the horizon. From a
/// period, stepping enters year by year at its last year (back) or first year (forward).
fn stepped(project: &Project, period: Period, delta: i32) -> Option<Period> {
    let horizon = project.horizon;
    if horizon.is_empty() {
        return None;
    }
    let target = match period {
        Period::Year(year) => year + delta,
        Period::Horizon if delta < 0 => horizon.last_year,
        Period::Horizon => horizon.first_year,
        Period::Range(_, last) if delta < 0 => last,
        Period::Range(first, _) => first,
    };
    horizon.contains(target).then_some(Period::Year(target))
}

const PERIOD_HELP: &str = "One year, a phase, or the whole horizon. Money figures of a period \
    are summed over its years; jobs are averaged per year.";

/// What the figures below the selector are: "National figures for 2036 (domestic stages)".
fn period_note(project: &Project, results: &Results, period: Period) -> String {
    match period {
        Period::Year(year) => format!("National figures for {year} (domestic stages)"),
        _ => format!(
            "National figures for {}, summed over {} years (domestic stages)",
            report::period_label(project, period),
            report::years_in(results, period)
        ),
    }
}

fn period_selector_ui(ui: &mut Ui, project: &Project, period: &mut Period, note: Option<&str>) {
    ui.horizontal_wrapped(|ui| {
        let label = ui
            .label(RichText::new("Year").strong())
            .on_hover_text("The year or period every figure below is for.");
        let previous = stepped(project, *period, -1);
        if ui
            .add_enabled(
                previous.is_some(),
                Button::new(RichText::new("‹").size(18.0)).min_size(vec2(28.0, 0.0)),
            )
            .accessible_name("Previous year")
            .on_hover_text("Previous year")
            .clicked()
            && let Some(previous) = previous
        {
            *period = previous;
        }
        ComboBox::from_id_salt("results-period")
            .selected_text(report::period_label(project, *period))
            .width(190.0)
            .height(400.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    period,
                    Period::Horizon,
                    report::period_label(project, Period::Horizon),
                );
                for phase in &project.phases {
                    let range = Period::Range(phase.first_year, phase.last_year);
                    ui.selectable_value(period, range, report::period_label(project, range));
                }
                ui.separator();
                for year in project.horizon.years() {
                    ui.selectable_value(period, Period::Year(year), year.to_string());
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(PERIOD_HELP);
        let next = stepped(project, *period, 1);
        if ui
            .add_enabled(
                next.is_some(),
                Button::new(RichText::new("›").size(18.0)).min_size(vec2(28.0, 0.0)),
            )
            .accessible_name("Next year")
            .on_hover_text("Next year")
            .clicked()
            && let Some(next) = next
        {
            *period = next;
        }
        if let Some(note) = note {
            ui.add_space(12.0);
            ui.label(RichText::new(note).strong());
        }
    });
}

fn errors_ui(ui: &mut Ui, project: &Project, problems: &[Problem]) {
    let errors: Vec<&Problem> = problems.iter().filter(|p| p.is_error()).collect();
    if errors.is_empty() {
        ui.weak("No results yet.");
        return;
    }
    let count = if errors.len() == 1 {
        "1 error".to_owned()
    } else {
        format!("{} errors", errors.len())
    };
    ui.label(
        RichText::new(format!(
            "No results until {count} {} fixed",
            if errors.len() == 1 { "is" } else { "are" }
        ))
        .size(20.0)
        .color(crate::app::theme::error_color(ui.visuals())),
    );
    ui.weak(
        "Select the stage or link named below, or open the project settings, and correct the \
         field.",
    );
    ui.add_space(6.0);
    for problem in errors {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("{}:", place(project, problem)))
                    .strong()
                    .color(crate::app::theme::error_color(ui.visuals())),
            );
            ui.add(Label::new(&problem.message).wrap());
        });
    }
}

/// Where a problem is, led by the stage's name when it concerns a stage (ids are for files).
fn place(project: &Project, problem: &Problem) -> String {
    let location = problem.location(project);
    match &problem.subject {
        Subject::Stage(id) => match project.stage(id) {
            Some(stage) => format!("{} ({location})", stage.name),
            None => location,
        },
        _ => location,
    }
}

fn warnings_ui(ui: &mut Ui, project: &Project, warnings: &[Problem]) {
    if warnings.is_empty() {
        return;
    }
    ui.add_space(8.0);
    let title = if warnings.len() == 1 {
        "1 warning".to_owned()
    } else {
        format!("{} warnings", warnings.len())
    };
    egui::CollapsingHeader::new(
        RichText::new(title).color(crate::app::theme::warning_color(ui.visuals())),
    )
    .id_salt("results-warnings")
    .default_open(false)
    .show(ui, |ui| {
        for problem in warnings {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{}:", place(project, problem))).strong());
                ui.add(Label::new(&problem.message).wrap());
            });
        }
    });
}

/// One headline figure.
/// Caption of the construction figure, apart from the operating ones.
const CONSTRUCTION_CAPTION: &str = "Construction (apart)";

/// What the construction figure is (docs/METHOD.md 5.8).
const CONSTRUCTION_HELP: &str = "Building the plants, shown apart from the operating figures and never added to them: construction value added is θ (the domestic VA content) × the capex spent at home (capex less its imported part); construction jobs are the jobs per million of domestic capex (Project tab) × that capex. For a period, jobs are the average per year.";

pub(super) struct Figure {
    /// What it is, e.g. "Value added".
    pub(super) caption: &'static str,
    /// The figure itself, shown large.
    pub(super) value: String,
    /// A line of detail under it (its parts).
    pub(super) detail: String,
    /// What it means, as tooltip.
    pub(super) help: String,
}

/// Narrowest a headline card gets before the cards wrap onto another row: the seven cards
/// (with construction) stay on one row beside the inspector at 1280x800, even when a selected
/// stage's results widen it, so the canvas keeps its height; the figure's text shrinks to fit
/// the card (`headline_size`).
const MIN_CARD_WIDTH: f32 = 112.0;

/// Font size for a headline value: [`HEADLINE_SIZE`], or smaller so the number fits its card
/// on one line (a figure broken over two lines misreads, "USD 77.8" above "bn").
fn headline_size(ui: &Ui, value: &str, width: f32) -> f32 {
    let font = FontId::proportional(HEADLINE_SIZE);
    let natural = ui
        .painter()
        .layout_no_wrap(value.to_owned(), font, Color32::PLACEHOLDER)
        .size()
        .x;
    if natural <= width {
        HEADLINE_SIZE
    } else {
        (HEADLINE_SIZE * width / natural).floor().max(12.0)
    }
}

/// Headline figures as cards of equal width, as many per row as fit.
pub(super) fn figures_ui(ui: &mut Ui, figures: &[Figure]) {
    let spacing = ui.spacing().item_spacing.x;
    let available = ui.available_width();
    let fit = ((available + spacing) / (MIN_CARD_WIDTH + spacing)).floor();
    let columns = (fit as usize).clamp(1, figures.len().max(1));
    let card_width = (available - spacing * (columns - 1) as f32) / columns as f32;
    let frame = egui::Frame::group(ui.style());
    let inner_width = (card_width - frame.total_margin().sum().x).max(40.0);
    let detail_font = TextStyle::Body.resolve(ui.style());
    let detail_height = |ui: &Ui, detail: &str| {
        ui.painter()
            .layout(
                detail.to_owned(),
                detail_font.clone(),
                Color32::PLACEHOLDER,
                inner_width,
            )
            .size()
            .y
    };
    for row in figures.chunks(columns) {
        // Details wrap rather than being cut ("IRR 21.9% · payback 2…" told nothing at
        // 1280x800); the cards of a row keep one height, that of the longest detail.
        let row_detail_height = row
            .iter()
            .map(|figure| detail_height(ui, &figure.detail))
            .fold(0.0, f32::max);
        ui.horizontal_top(|ui| {
            for figure in row {
                frame.show(ui, |ui| {
                    ui.set_width(inner_width);
                    ui.vertical(|ui| {
                        ui.label(RichText::new(figure.caption).strong())
                            .on_hover_text(&figure.help);
                        let size = headline_size(ui, &figure.value, inner_width);
                        ui.add(
                            Label::new(RichText::new(&figure.value).size(size).strong()).extend(),
                        )
                        .on_hover_text(&figure.help);
                        let detail = ui
                            .add(Label::new(RichText::new(&figure.detail).weak()).wrap())
                            .on_hover_text(&figure.detail);
                        ui.add_space((row_detail_height - detail.rect.height()).max(0.0));
                    });
                });
            }
        });
    }
}

/// Government revenue's two parts for a card's detail line, short enough for three lines at
/// 1280x800: taxes and royalties, and the state's equity when it has any.
fn revenue_parts(fiscal: &FiscalYear, money: &MoneyDisplay) -> String {
    let mut text = format!("taxes {}", money.short(fiscal.taxes()));
    if fiscal.state_equity != 0.0 {
        let sign = if fiscal.state_equity < 0.0 {
            "−"
        } else {
            "+"
        };
        let _ = write!(
            text,
            " {sign} state equity {}",
            money.short(fiscal.state_equity.abs())
        );
    }
    text
}

/// Government revenue's parts in full, for the card's tooltip.
fn revenue_breakdown(fiscal: &FiscalYear, money: &MoneyDisplay) -> String {
    let on_income = fiscal.income_tax
        + fiscal.minimum_tax
        + fiscal.dividend_withholding
        + fiscal.interest_withholding;
    format!(
        "Here: royalties {}, other taxes on production less subsidies {}, income, minimum and withholding taxes {}, the state's equity {}.",
        money.short(fiscal.royalties),
        money.short(fiscal.other_net_taxes),
        money.short(on_income),
        money.short(fiscal.state_equity)
    )
}

fn headline_ui(
    ui: &mut Ui,
    project: &Project,
    results: &Results,
    national: &National,
    period: Period,
    money: &MoneyDisplay,
) {
    let accounts = &national.accounts;
    let fiscal = results.national_fiscal(period);
    let years = report::years_in(results, period);
    let per_year = years.max(1) as f64;
    let investment = &results.chain_investment;
    let irr = investment.irr.map_or_else(
        || "IRR –".to_owned(),
        |irr| format!("IRR {}", format::percent(irr)),
    );
    let after_tax_irr = results
        .chain_after_tax()
        .irr
        .map_or_else(|| "–".to_owned(), format::percent);
    let payback = investment.payback_year.map_or_else(
        || {
            if investment.nothing_to_pay_back() {
                "nothing to pay back".to_owned()
            } else {
                "no payback in horizon".to_owned()
            }
        },
        |year| format!("payback {year}"),
    );
    let (jobs, jobs_detail) = match period {
        Period::Year(_) => (
            format::thousands(accounts.jobs, 0),
            "operating, full-time equivalents".to_owned(),
        ),
        _ => (
            format!("avg. {}", format::thousands(accounts.jobs / per_year, 0)),
            format!("operating, per year over {years} years"),
        ),
    };
    let construction_jobs = format::thousands(accounts.construction_jobs / per_year, 0);
    let figures = [
        Figure {
            caption: HeadlineFigure::TotalVa.caption(),
            value: money.short(accounts.total_va()),
            detail: format!(
                "direct {} + indirect {}",
                money.short(accounts.value_added),
                money.short(accounts.indirect_va)
            ),
            help: HeadlineFigure::TotalVa.help().to_owned(),
        },
        Figure {
            caption: HeadlineFigure::ShareOfGdp.caption(),
            value: format::percent(national.share_of_gdp_total()),
            detail: format!("direct {}", format::percent(national.share_of_gdp_direct())),
            help: HeadlineFigure::ShareOfGdp.help().to_owned(),
        },
        Figure {
            caption: HeadlineFigure::NetFx.caption(),
            value: money.short(accounts.net_fx()),
            detail: format!(
                "exports {} − imports {}",
                money.short(accounts.exports),
                money.short(accounts.imports)
            ),
            help: HeadlineFigure::NetFx.help().to_owned(),
        },
        Figure {
            caption: HeadlineFigure::Jobs.caption(),
            value: jobs,
            detail: jobs_detail,
            help: HeadlineFigure::Jobs.help().to_owned(),
        },
        Figure {
            caption: HeadlineFigure::GovernmentRevenue.caption(),
            value: money.short(fiscal.government),
            detail: format!(
                "{} · {} {}",
                revenue_parts(&fiscal, money),
                "take",
                results
                    .government_take(period)
                    .map_or_else(|| "–".to_owned(), format::percent)
            ),
            help: format!(
                "{} {}\n\n{}\n\nPublic revenue, the taxes on production of the national accounts: {}.",
                HeadlineFigure::GovernmentRevenue.help(),
                revenue_breakdown(&fiscal, money),
                HeadlineFigure::GovernmentTake.help(),
                money.short(accounts.public_revenue())
            ),
        },
        Figure {
            caption: CONSTRUCTION_CAPTION,
            value: money.short(accounts.construction_va),
            detail: match period {
                Period::Year(_) => format!("value added · {construction_jobs} jobs"),
                _ => format!("value added · {construction_jobs} jobs (avg. per year)"),
            },
            help: CONSTRUCTION_HELP.to_owned(),
        },
        Figure {
            caption: HeadlineFigure::Npv.caption(),
            value: money.short(investment.npv),
            detail: format!("{irr} ({after_tax_irr} after tax) · {payback}"),
            help: format!(
                "{} Here: {}% a year, to {}.\n\n{}",
                HeadlineFigure::Npv.help(),
                project.economy.discount_rate_pct,
                project.base_year,
                HeadlineFigure::AfterTaxIrr.help()
            ),
        },
    ];
    figures_ui(ui, &figures);
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::calc::compute;
    use crate::model::{Location, Stage, StageId, StageKind};

    fn project() -> Project {
        let mut project = Project::empty("Test", 2025);
        let mut mine = Stage::new(StageId::from("mine"), StageKind::Mining, 2025);
        mine.name = "Mine".to_owned();
        mine.capacity_per_year = 1000.0;
        mine.price_per_unit = 50.0;
        mine.jobs = 120.0;
        project.stages.push(mine);
        let mut smelter = Stage::new(StageId::from("smelter"), StageKind::Refining, 2025);
        smelter.name = "Smelter abroad".to_owned();
        smelter.location = Location::Abroad;
        smelter.capacity_per_year = 100.0;
        smelter.input_per_unit = 5.0;
        smelter.price_per_unit = 900.0;
        project.stages.push(smelter);
        project.links.push(crate::model::Link {
            from: StageId::from("mine"),
            to: StageId::from("smelter"),
            share_pct: 50.0,
            transport_cost_per_unit: 2.0,
        });
        project
    }

    struct Fixture {
        project: Project,
        period: Period,
        table: StageTable,
    }

    fn harness(project: Project, period: Period) -> Harness<'static, Fixture> {
        Harness::builder()
            .with_size(vec2(1280.0, 600.0))
            .build_ui_state(
                |ui, f: &mut Fixture| {
                    let money = MoneyDisplay::base(&f.project.currency);
                    let computed = compute(&f.project);
                    let problems = match &computed {
                        Ok(results) => results.warnings.clone(),
                        Err(problems) => problems.clone(),
                    };
                    let input = ResultsInput {
                        project: &f.project,
                        results: computed.as_ref().ok(),
                        problems: &problems,
                        national: None,
                        money: &money,
                        revision: 0,
                        scenario: None,
                        selected: None,
                        stage_table: true,
                    };
                    results_ui(ui, &input, &mut f.period, &mut f.table);
                },
                Fixture {
                    project,
                    period,
                    table: StageTable::default(),
                },
            )
    }

    #[test]
    fn table_shows_each_stage_value_added() {
        let project = project();
        let Ok(results) = compute(&project) else {
            panic!("test project computes");
        };
        let period = Period::Year(2026);
        let money = MoneyDisplay::base(&project.currency);
        let mine_va = money.short(results.stage(0, period).value_added);
        let mut harness = harness(project, period);
        harness.run();
        assert!(harness.query_by_label("VA").is_some());
        assert!(
            harness.query_all_by_label(&mine_va).count() >= 1,
            "{mine_va}"
        );
        assert!(harness.query_by_label("(abroad)").is_some());
        assert!(harness.query_by_label("Domestic total").is_some());
    }

    #[test]
    fn a_long_table_lays_out_only_the_rows_in_view() {
        let project = crate::model::generate::generate(300, 1);
        let first = project.stages[0].name.clone();
        let last = project.stages[299].name.clone();
        let mut harness = harness(project, Period::Year(2040));
        harness.run();
        assert!(harness.query_by_label_contains(&first).is_some());
        assert!(harness.query_by_label_contains(&last).is_none());
        // The rows after the view are stood in for, so the total row still comes last.
        assert!(harness.query_by_label("Domestic total").is_some());
    }

    #[test]
    fn year_buttons_step_through_the_horizon() {
        let mut harness = harness(project(), Period::Year(2026));
        harness.run();
        harness.get_by_label("Next year").click();
        harness.run();
        assert_eq!(harness.state().period, Period::Year(2027));
        harness.get_by_label("Previous year").click();
        harness.get_by_label("Previous year").click();
        harness.run();
        assert_eq!(harness.state().period, Period::Year(2025));
    }

    #[test]
    fn errors_are_listed_and_the_period_kept() {
        let mut project = project();
        project.stages[0].price_per_unit = -1.0;
        let mut harness = harness(project, Period::Year(2030));
        harness.run();
        assert!(
            harness
                .query_by_label_contains("No results until 1 error")
                .is_some()
        );
        assert!(
            harness
                .query_by_label_contains("stage 'mine', price_per_unit")
                .is_some()
        );
        assert_eq!(harness.state().period, Period::Year(2030));
    }

    #[test]
    fn stepping_from_a_period_enters_its_years() {
        let project = project();
        assert_eq!(
            stepped(&project, Period::Horizon, 1),
            Some(Period::Year(2025))
        );
        assert_eq!(
            stepped(&project, Period::Horizon, -1),
            Some(Period::Year(2045))
        );
        assert_eq!(stepped(&project, Period::Year(2045), 1), None);
    }
}
