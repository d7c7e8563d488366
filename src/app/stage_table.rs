//! The per-stage results table: sortable by any column (click its header, again to reverse),
//! filtered by name, kind and location, with the stage's returns (NPV, IRR, payback) beside
//! its accounts, and the domestic total kept in view under the rows. A click on a row selects
//! the stage on the canvas and centres it there.
//!
//! Columns have fixed widths so the header, the rows (only those in view are laid out: a
//! national chain has thousands) and the total line up although they are drawn apart.

use egui::text::LayoutJob;
use egui::{Align, Color32, FontId, Layout, RichText, TextFormat, TextStyle, Ui, vec2};

use crate::calc::{National, Period, Results};
use crate::model::{Location, Project, StageId, StageKind};
use crate::report;
use crate::report::format::{self, MoneyDisplay};

/// Width of the stage column, in points.
const NAME_WIDTH: f32 = 210.0;

/// Width of a number column, in points.
const NUMBER_WIDTH: f32 = 86.0;

/// A column of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// Stage name.
    Stage,
    /// Output value.
    OutputValue,
    /// Intermediate consumption.
    Ic,
    /// Direct value added.
    Va,
    /// Direct value added over GDP.
    ShareOfGdp,
    /// Jobs.
    Jobs,
    /// Net foreign exchange.
    NetFx,
    /// Net present value (pre-tax, over the horizon).
    Npv,
    /// Internal rate of return.
    Irr,
    /// Payback year.
    Payback,
}

impl Column {
    /// Every column, left to right.
    pub const ALL: [Self; 10] = [
        Self::Stage,
        Self::OutputValue,
        Self::Ic,
        Self::Va,
        Self::ShareOfGdp,
        Self::Jobs,
        Self::NetFx,
        Self::Npv,
        Self::Irr,
        Self::Payback,
    ];

    /// The header's text.
    pub fn title(self) -> &'static str {
        match self {
            Self::Stage => "Stage",
            Self::OutputValue => "Output value",
            Self::Ic => "IC",
            Self::Va => "VA",
            Self::ShareOfGdp => "Share of GDP",
            Self::Jobs => "Jobs",
            Self::NetFx => "Net FX",
            Self::Npv => "NPV",
            Self::Irr => "IRR",
            Self::Payback => "Payback",
        }
    }

    fn help(self) -> &'static str {
        match self {
            Self::Stage => {
                "Stage of the chain. Stages abroad are shown for reference and left out of the \
                 national totals."
            }
            Self::OutputValue => {
                "Quantity × price, plus by-product credits, less any border carbon adjustment \
                 (which lowers the price the exporter receives)."
            }
            Self::Ic => {
                "Intermediate consumption: feed bought from upstream stages + transport + \
                 purchased inputs (energy, reagents, services)."
            }
            Self::Va => {
                "Direct value added: output value − intermediate consumption. It pays wages, \
                 taxes, depreciation and the operating surplus."
            }
            Self::ShareOfGdp => {
                "Direct value added of the stage as a share of GDP over the same years."
            }
            Self::Jobs => {
                "Operating jobs in full-time equivalents, scaled with output. For a period: the \
                 average per year (job-years / years). Construction jobs are in the national \
                 figures, apart."
            }
            Self::NetFx => {
                "Exports − imports of the stage: export sales minus imported inputs, feed and \
                 freight bought abroad, the imported content of domestic supplies (indirect \
                 imports), imported capex and the imported content of domestic capex. – for a \
                 stage abroad."
            }
            Self::Npv => {
                "Net present value of the stage's pre-tax cash flow over the whole horizon, at \
                 the project's discount rate."
            }
            Self::Irr => "Internal rate of return of the stage's pre-tax cash flow.",
            Self::Payback => {
                "The year from whose end the stage's cumulative cash flow stays at or above zero; \
                 – when there is nothing to pay back or it is not paid back within the horizon \
                 (the stage's details say which)."
            }
        }
    }

    fn width(self) -> f32 {
        if self == Self::Stage {
            NAME_WIDTH
        } else {
            NUMBER_WIDTH
        }
    }
}

/// One stage's row, worked out once per change.
#[derive(Clone, Debug)]
struct Row {
    id: StageId,
    name: String,
    kind: StageKind,
    domestic: bool,
    loss: bool,
    /// By column (the stage column holds nothing): `None` where the figure does not apply.
    values: [Option<f64>; 10],
}

#[derive(Clone, Debug, PartialEq)]
struct CacheKey {
    revision: u64,
    scenario: Option<String>,
    period: Period,
    stages: usize,
}

/// What the table remembers between frames: sort, filters and the rows worked out.
#[derive(Default)]
pub struct StageTable {
    /// Column sorted by and whether descending; `None`: project order.
    pub sort: Option<(Column, bool)>,
    /// Only stages whose name holds this (any case).
    pub name_filter: String,
    /// Only stages of this kind.
    pub kind_filter: Option<StageKind>,
    /// Only stages at this location.
    pub location_filter: Option<Location>,
    rows: Option<(CacheKey, Vec<Row>)>,
}

/// What the table is drawn from.
pub struct TableInput<'a> {
    /// The project on screen.
    pub project: &'a Project,
    /// Its results.
    pub results: &'a Results,
    /// The national sums of the period.
    pub national: &'a National,
    /// Year or period.
    pub period: Period,
    /// How money is written.
    pub money: &'a MoneyDisplay,
    /// Document revision and scenario shown, to know when the rows are stale.
    pub revision: u64,
    /// Scenario shown.
    pub scenario: Option<&'a str>,
    /// Stages selected on the canvas (their rows are highlighted).
    pub selected: Option<&'a std::collections::BTreeSet<StageId>>,
}

fn rows_of(input: &TableInput<'_>) -> Vec<Row> {
    let results = input.results;
    let gdp = results.gdp(input.period);
    let per_year = report::years_in(results, input.period).max(1) as f64;
    results
        .stages
        .iter()
        .enumerate()
        .map(|(index, stage_results)| {
            let accounts = results.stage(index, input.period);
            let stage = input
                .project
                .stages
                .get(index)
                .filter(|stage| stage.id == stage_results.id)
                .or_else(|| input.project.stage(&stage_results.id));
            let domestic = stage_results.domestic;
            let investment = &stage_results.investment;
            let national = |value: f64| domestic.then_some(value);
            Row {
                id: stage_results.id.clone(),
                name: stage.map_or_else(|| stage_results.id.0.clone(), |s| s.name.clone()),
                kind: stage.map_or(StageKind::Other, |s| s.kind),
                domestic,
                loss: accounts.quantity > 0.0 && accounts.operating_surplus < -1e-6,
                values: [
                    None,
                    Some(accounts.output_value),
                    Some(accounts.intermediate_consumption),
                    Some(accounts.value_added),
                    (gdp.abs() > f64::EPSILON)
                        .then(|| accounts.value_added / gdp)
                        .and_then(national),
                    Some(accounts.jobs / per_year),
                    national(accounts.net_fx()),
                    Some(investment.npv),
                    investment.irr,
                    investment.payback_year.map(f64::from),
                ],
            }
        })
        .collect()
}

impl StageTable {
    /// The rows shown, filtered and sorted, worked out again only when something changed.
    fn shown_rows(&mut self, input: &TableInput<'_>) -> Vec<Row> {
        let key = CacheKey {
            revision: input.revision,
            scenario: input.scenario.map(str::to_owned),
            period: input.period,
            stages: input.results.stages.len(),
        };
        if self.rows.as_ref().is_none_or(|(cached, _)| *cached != key) {
            self.rows = Some((key, rows_of(input)));
        }
        let Some((_, rows)) = &self.rows else {
            return Vec::new();
        };
        let needle = self.name_filter.trim().to_lowercase();
        let mut shown: Vec<Row> = rows
            .iter()
            .filter(|row| needle.is_empty() || row.name.to_lowercase().contains(&needle))
            .filter(|row| self.kind_filter.is_none_or(|kind| row.kind == kind))
            .filter(|row| {
                self.location_filter
                    .is_none_or(|location| (location == Location::Domestic) == row.domestic)
            })
            .cloned()
            .collect();
        if let Some((column, descending)) = self.sort {
            let position = Column::ALL.iter().position(|c| *c == column).unwrap_or(0);
            shown.sort_by(|a, b| {
                let order = if column == Column::Stage {
                    a.name.to_lowercase().cmp(&b.name.to_lowercase())
                } else {
                    // Figures that do not apply sort last either way.
                    match (a.values[position], b.values[position]) {
                        (Some(x), Some(y)) if descending => y.total_cmp(&x),
                        (Some(x), Some(y)) => x.total_cmp(&y),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    }
                };
                if column == Column::Stage && descending {
                    order.reverse()
                } else {
                    order
                }
            });
        }
        shown
    }
}

/// The filters above the table.
fn filters_ui(ui: &mut Ui, table: &mut StageTable) {
    ui.horizontal(|ui| {
        let label = ui.label("Filter by name");
        ui.add(
            egui::TextEdit::singleline(&mut table.name_filter)
                .hint_text("part of a name")
                .desired_width(160.0),
        )
        .labelled_by(label.id);
        let label = ui.label("Show kind");
        egui::ComboBox::from_id_salt("stage-table-kind")
            .selected_text(table.kind_filter.map_or("All kinds", StageKind::label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut table.kind_filter, None, "All kinds");
                for kind in StageKind::ALL {
                    ui.selectable_value(&mut table.kind_filter, Some(kind), kind.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Show location");
        let location_text = |location: Option<Location>| match location {
            None => "Anywhere",
            Some(Location::Domestic) => "Domestic",
            Some(Location::Abroad) => "Abroad",
        };
        egui::ComboBox::from_id_salt("stage-table-location")
            .selected_text(location_text(table.location_filter))
            .show_ui(ui, |ui| {
                for choice in [None, Some(Location::Domestic), Some(Location::Abroad)] {
                    ui.selectable_value(&mut table.location_filter, choice, location_text(choice));
                }
            })
            .response
            .labelled_by(label.id);
    });
}

/// A cell of `column`'s width: text left for the stage, right for numbers.
fn cell_ui<R>(ui: &mut Ui, column: Column, add: impl FnOnce(&mut Ui) -> R) -> R {
    let layout = if column == Column::Stage {
        Layout::left_to_right(Align::Center)
    } else {
        Layout::right_to_left(Align::Center)
    };
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(vec2(column.width(), height), layout, |ui| {
        ui.set_width(column.width());
        ui.set_clip_rect(ui.max_rect().intersect(ui.clip_rect()));
        add(ui)
    })
    .inner
}

/// A small triangle pointing down (largest first) or up, painted: the fonts have no arrows.
fn sort_mark_ui(ui: &mut Ui, descending: bool) {
    let size = vec2(10.0, ui.spacing().interact_size.y);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let c = rect.center();
    let (tip, base) = if descending { (4.0, -4.0) } else { (-4.0, 4.0) };
    ui.painter().add(egui::Shape::convex_polygon(
        vec![
            egui::pos2(c.x - 4.5, c.y + base),
            egui::pos2(c.x + 4.5, c.y + base),
            egui::pos2(c.x, c.y + tip),
        ],
        ui.visuals().strong_text_color(),
        egui::Stroke::NONE,
    ));
}

fn header_ui(ui: &mut Ui, table: &mut StageTable) {
    ui.horizontal(|ui| {
        for column in Column::ALL {
            let mark = match table.sort {
                Some((sorted, descending)) if sorted == column => Some(descending),
                _ => None,
            };
            let clicked = cell_ui(ui, column, |ui| {
                let order = match mark {
                    Some(true) => " Sorted largest first.",
                    Some(false) => " Sorted smallest first.",
                    None => "",
                };
                if column != Column::Stage
                    && let Some(descending) = mark
                {
                    sort_mark_ui(ui, descending);
                }
                // A column header for screen readers, not one more "Share of GDP" button
                // beside the chart tabs.
                let response = ui.add(
                    egui::Label::new(RichText::new(column.title()).strong())
                        .sense(egui::Sense::click()),
                );
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::ColumnHeader, true, column.title())
                });
                let clicked = response
                    .on_hover_cursor(egui::CursorIcon::PointingHand)
                    .on_hover_text(format!(
                        "{}{order} Click to sort; again to reverse.",
                        column.help()
                    ))
                    .clicked();
                if column == Column::Stage
                    && let Some(descending) = mark
                {
                    sort_mark_ui(ui, descending);
                }
                clicked
            });
            if clicked {
                // Names sort A to Z first, figures largest first.
                let first_descending = column != Column::Stage;
                table.sort = match table.sort {
                    Some((sorted, descending)) if sorted == column => Some((column, !descending)),
                    _ => Some((column, first_descending)),
                };
            }
        }
    });
}

fn value_text(column: Column, value: Option<f64>, money: &MoneyDisplay) -> String {
    let Some(value) = value else {
        return "–".to_owned();
    };
    match column {
        Column::Stage => String::new(),
        Column::ShareOfGdp | Column::Irr => format::percent(value),
        Column::Jobs => format::thousands(value, 0),
        Column::Payback => format!("{value:.0}"),
        _ => money.short(value),
    }
}

/// One row; returns true when it was clicked.
fn row_ui(ui: &mut Ui, row: &Row, input: &TableInput<'_>, selected: bool) -> bool {
    let weak = ui.visuals().weak_text_color();
    let mut clicked = false;
    ui.horizontal(|ui| {
        for (position, column) in Column::ALL.into_iter().enumerate() {
            cell_ui(ui, column, |ui| {
                if column == Column::Stage {
                    let color = (!row.domestic).then_some(weak);
                    let name = stage_name_text(ui, row.kind, &row.name, TextStyle::Body, color);
                    let response = ui
                        .add(egui::Button::selectable(selected, name).frame_when_inactive(false))
                        .on_hover_text("Select this stage on the canvas and centre it");
                    clicked |= response.clicked();
                    if !row.domestic {
                        ui.weak("(abroad)");
                    }
                    if row.loss {
                        ui.label(
                            RichText::new("loss")
                                .strong()
                                .color(super::theme::warning_color(ui.visuals())),
                        )
                        .on_hover_text(
                            "Operating loss in this period: value added does not cover wages, \
                             net taxes and depreciation. Check the price, costs and capex.",
                        );
                    }
                } else {
                    let text = value_text(column, row.values[position], input.money);
                    let text = if row.domestic {
                        RichText::new(text)
                    } else {
                        RichText::new(text).color(weak)
                    };
                    ui.label(text);
                }
            });
        }
    });
    clicked
}

fn total_row_ui(ui: &mut Ui, input: &TableInput<'_>) {
    let national = input.national;
    let total = &national.accounts;
    let per_year = report::years_in(input.results, input.period).max(1) as f64;
    let investment = &input.results.chain_investment;
    let values = [
        None,
        Some(total.output_value),
        Some(total.intermediate_consumption),
        Some(total.value_added),
        Some(national.share_of_gdp_direct()),
        Some(total.jobs / per_year),
        Some(total.net_fx()),
        Some(investment.npv),
        investment.irr,
        investment.payback_year.map(f64::from),
    ];
    ui.horizontal(|ui| {
        for (position, column) in Column::ALL.into_iter().enumerate() {
            cell_ui(ui, column, |ui| {
                let text = if column == Column::Stage {
                    "Domestic total".to_owned()
                } else {
                    value_text(column, values[position], input.money)
                };
                ui.label(RichText::new(text).strong());
            });
        }
    });
}

/// Draws the table in the space left in `ui`: filters, header, the rows in a scroll area of
/// their own and the total under them. Returns the stage whose row was clicked.
pub fn stage_table_ui(
    ui: &mut Ui,
    table: &mut StageTable,
    input: &TableInput<'_>,
) -> Option<StageId> {
    filters_ui(ui, table);
    let rows = table.shown_rows(input);
    let mut clicked = None;
    egui::ScrollArea::horizontal()
        .id_salt("results-table-scroll")
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.x = 10.0;
            header_ui(ui, table);
            ui.separator();
            let row_height = ui.spacing().interact_size.y;
            let total_height = row_height + ui.text_style_height(&TextStyle::Body) + 24.0;
            let body_height = (ui.available_height() - total_height).max(row_height * 3.0);
            egui::ScrollArea::vertical()
                .id_salt("results-table-rows")
                .max_height(body_height)
                .auto_shrink([false, true])
                .show_rows(ui, row_height, rows.len(), |ui, range| {
                    for row in &rows[range] {
                        let selected = input.selected.is_some_and(|s| s.contains(&row.id));
                        if row_ui(ui, row, input, selected) {
                            clicked = Some(row.id.clone());
                        }
                    }
                });
            if rows.is_empty() {
                ui.weak("No stage matches the filters.");
            }
            ui.separator();
            total_row_ui(ui, input);
        });
    ui.weak(format!(
        "Direct value added only; indirect VA in domestic suppliers adds {} (in the headline figure).",
        input.money.short(input.national.accounts.indirect_va)
    ));
    clicked
}

/// A stage's name led by a dot in its kind's colour, as one piece of text.
///
/// One text rather than a painted swatch and a label: the name alone would read exactly like
/// the stage's box on the canvas, and finding "Mine" (by a screen reader or a UI test) should
/// find the box, not every panel that mentions it.
pub fn stage_name_text(
    ui: &Ui,
    kind: StageKind,
    name: &str,
    style: TextStyle,
    color: Option<Color32>,
) -> LayoutJob {
    let font_id = style.resolve(ui.style());
    let mut job = LayoutJob::default();
    // The bullet is drawn larger than the text so it reads as a colour swatch, inside the
    // text's own line height so rows do not grow.
    let row_height = ui.ctx().fonts_mut(|fonts| fonts.row_height(&font_id));
    let bullet_font = FontId::new(font_id.size * 1.7, font_id.family.clone());
    job.append(
        "•",
        0.0,
        TextFormat {
            font_id: bullet_font,
            line_height: Some(row_height),
            color: super::theme::kind_color(kind),
            ..TextFormat::default()
        },
    );
    job.append(
        " ",
        0.0,
        TextFormat::simple(font_id.clone(), Color32::TRANSPARENT),
    );
    let color = color.unwrap_or_else(|| match style {
        TextStyle::Heading => ui.visuals().strong_text_color(),
        _ => ui.visuals().text_color(),
    });
    job.append(name, 0.0, TextFormat::simple(font_id, color));
    job
}
