//! The charts view: pick a chart, see it follow the project and the selected year, export it.
//!
//! Everything drawn here comes from a [`Chart`] built by `crate::chart`, the same description
//! the SVG, PNG and CSV exporters read; this module only turns it into `egui_plot` items (or, for
//! the Sankey, painter shapes from the shared layout).

use egui::{Align2, ComboBox, Sense, Ui, vec2};
use egui_plot::{
    Bar, BarChart, FilledArea, GridMark, Line, LineStyle, Plot, PlotPoint, Points, Span,
};

use crate::calc::{Period, Results};
use crate::chart::export::ExportFormat;
use crate::chart::{
    self, BarPanel, Chart, ChartBody, ChartKind, ChartOptions, LinePanel, PngSize, SankeyMeasure,
    ValueFormat, Waterfall,
};
use crate::model::{Project, StageId};

use super::{plot_figure, sankey_view, theme};

/// What the charts view remembers between frames: the chart shown and its choices, and the
/// chart last built (rebuilt only when the project, period or a choice changes).
#[derive(Debug, Default)]
pub struct ChartsState {
    /// Chart shown.
    pub kind: ChartKind,
    /// Final product of the value build-up (`None`: the default pick).
    pub final_stage: Option<StageId>,
    /// Quantity or value Sankey.
    pub sankey_measure: SankeyMeasure,
    /// Size and scale of PNG exports.
    pub png_size: PngSize,
    cached: Option<(CacheKey, Chart)>,
}

#[derive(Clone, Debug, PartialEq)]
struct CacheKey {
    revision: u64,
    kind: ChartKind,
    options: ChartOptions,
}

/// What the charts view needs from the app.
pub struct ChartsInput<'a> {
    /// The open project.
    pub project: &'a Project,
    /// Its results (`None` while it has errors).
    pub results: Option<&'a Results>,
    /// Document revision, to know when to rebuild.
    pub revision: u64,
    /// Selected year or period.
    pub period: Period,
    /// File name for the source line.
    pub file_name: Option<String>,
    /// Keep the plots' scales (a lever is being dragged).
    pub steady: bool,
    /// The scenario on screen, for the subtitle (`None`: the base).
    pub scenario: Option<&'a str>,
}

impl ChartsState {
    /// Options for the chart as currently chosen.
    pub fn options(
        &self,
        period: Period,
        file_name: Option<String>,
        scenario: Option<&str>,
    ) -> ChartOptions {
        ChartOptions {
            period,
            final_stage: self.final_stage.clone(),
            sankey_measure: self.sankey_measure,
            file_name,
            scenario: scenario.map_or_else(|| ChartOptions::default().scenario, str::to_owned),
        }
    }

    /// The chart shown, built from `input` (cached until something it depends on changes).
    pub fn chart(&mut self, input: &ChartsInput<'_>) -> Option<&Chart> {
        let results = input.results?;
        let key = CacheKey {
            revision: input.revision,
            kind: self.kind,
            options: self.options(input.period, input.file_name.clone(), input.scenario),
        };
        let fresh = self
            .cached
            .as_ref()
            .is_some_and(|(cached, _)| *cached == key);
        if !fresh {
            let chart = chart::build(key.kind, input.project, results, &key.options);
            self.cached = Some((key, chart));
        }
        self.cached.as_ref().map(|(_, chart)| chart)
    }
}

/// Draws the charts view; returns the export the user asked for, if any.
pub fn charts_ui(
    ui: &mut Ui,
    state: &mut ChartsState,
    input: &ChartsInput<'_>,
) -> Option<ExportFormat> {
    let mut export = None;
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        for kind in ChartKind::ALL {
            ui.selectable_value(&mut state.kind, kind, kind.label());
        }
        ui.separator();
        export = export_buttons_ui(ui, &mut state.png_size, input.results.is_some());
    });
    options_ui(ui, state, input);

    let Some(chart) = state.chart(input) else {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            ui.heading("No charts while the project has errors");
            ui.weak("The results panel lists them; fix them and the charts come back.");
        });
        return export;
    };
    match input.results {
        // Beside "who gets what": the figures by instrument and the break-even price.
        Some(results) if chart.kind == ChartKind::WhoGetsWhat => {
            let height = ui.available_height();
            let chart_width =
                (ui.available_width() - super::who_gets_panel::WIDTH - 12.0).max(200.0);
            let down = egui::Layout::top_down(egui::Align::Min);
            ui.horizontal_top(|ui| {
                ui.allocate_ui_with_layout(vec2(chart_width, height), down, |ui| {
                    chart_ui(ui, chart, input.steady);
                });
                ui.separator();
                ui.allocate_ui_with_layout(vec2(ui.available_width(), height), down, |ui| {
                    super::who_gets_panel::who_gets_panel_ui(
                        ui,
                        input.project,
                        results,
                        input.period,
                        input.revision,
                    );
                });
            });
        }
        _ => chart_ui(ui, chart, input.steady),
    }
    export
}

/// The SVG, PNG, PDF and CSV export buttons and the export size menu; returns the format
/// clicked.
pub fn export_buttons_ui(
    ui: &mut Ui,
    png_size: &mut PngSize,
    enabled: bool,
) -> Option<ExportFormat> {
    let mut export = None;
    let (width, height) = png_size.pixels();
    let png_tip = format!("Export this chart as a PNG image ({width} x {height} pixels)");
    for (format, text, tip) in [
        (
            ExportFormat::Svg,
            "SVG…",
            "Export this chart as an SVG vector image",
        ),
        (ExportFormat::Png, "PNG…", png_tip.as_str()),
        (
            ExportFormat::Pdf,
            "PDF…",
            "Export this chart as a vector PDF for Word, LibreOffice or LaTeX",
        ),
        (
            ExportFormat::Csv,
            "CSV…",
            "Export the numbers behind this chart as CSV",
        ),
    ] {
        if ui
            .add_enabled(enabled, egui::Button::new(text))
            .on_hover_text(tip)
            .on_disabled_hover_text("Nothing to export yet")
            .clicked()
        {
            export = Some(format);
        }
    }
    ui.menu_button("Size", |ui| png_size_ui(ui, png_size))
        .response
        .on_hover_text("Layout size of SVG and PNG exports, and the PNG's pixel density");
    export
}

/// Draws any chart into the space left in `ui`: title, subtitle, legend, the chart itself and
/// its source line.
///
/// `steady` keeps each plot's scale as it was (while a lever is dragged, so bars and lines
/// move against fixed axes); the scale fits the data again once it is false.
pub fn chart_ui(ui: &mut Ui, chart: &Chart, steady: bool) {
    ui.add_space(4.0);
    ui.label(egui::RichText::new(&chart.title).heading().strong());
    ui.weak(&chart.subtitle);
    let source_height = ui.text_style_height(&egui::TextStyle::Small) + 6.0;
    chart_figure_ui(ui, chart, steady, source_height);
    ui.label(egui::RichText::new(&chart.source).small().weak());
}

/// The legend and the chart itself in the space left in `ui`, less `room_below` points (for
/// a source line); presentation mode draws its own title around it.
pub fn chart_figure_ui(ui: &mut Ui, chart: &Chart, steady: bool, room_below: f32) {
    legend_ui(ui, chart);
    ui.add_space(4.0);
    let size = vec2(
        ui.available_width(),
        (ui.available_height() - room_below).max(80.0),
    );
    // Plots keep state by id: scoped by chart, two charts on one screen never share it.
    ui.push_id(chart.kind, |ui| {
        ui.allocate_ui(size, |ui| match &chart.body {
            ChartBody::Bars { panels, columns } => bar_panels_ui(ui, panels, *columns, steady),
            ChartBody::Lines(panel) => line_panel_ui(ui, panel, steady),
            ChartBody::Waterfall(waterfall) => waterfall_ui(ui, waterfall, steady),
            ChartBody::Sankey(sankey) => sankey_view::sankey_ui(ui, sankey),
            ChartBody::Empty(reason) => {
                ui.centered_and_justified(|ui| ui.weak(reason));
            }
        });
    });
}

/// Export size: the layout in pixels and the PNG scale.
fn png_size_ui(ui: &mut Ui, size: &mut PngSize) {
    egui::Grid::new("png-size").num_columns(2).show(ui, |ui| {
        let label = ui.label("Width");
        ui.add(
            egui::DragValue::new(&mut size.width)
                .range(320..=8000)
                .suffix(" px"),
        )
        .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Height");
        ui.add(
            egui::DragValue::new(&mut size.height)
                .range(240..=8000)
                .suffix(" px"),
        )
        .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("PNG scale");
        ui.add(
            egui::DragValue::new(&mut size.scale)
                .range(0.5..=4.0)
                .speed(0.05)
                .suffix("x"),
        )
        .labelled_by(label.id);
        ui.end_row();
    });
    let (width, height) = size.pixels();
    ui.weak(format!("PNG: {width} x {height} pixels"));
    if ui.button("Reset to 1200 x 750 at 2x").clicked() {
        *size = PngSize::default();
    }
}

/// The legend as a row above the chart, as in the exports (a legend inside the plot would sit
/// on top of the data).
fn legend_ui(ui: &mut Ui, chart: &Chart) {
    let entries = chart.legend();
    if entries.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        let swatch = egui::Vec2::splat(ui.text_style_height(&egui::TextStyle::Body) * 0.8);
        for (name, rgb) in entries {
            let galley = egui::WidgetText::from(name).into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Body,
            );
            // Swatch and name as one piece: an entry that does not fit moves to the next
            // line whole, rather than leaving half its name behind or running off the panel.
            let needed = swatch.x + 2.0 * ui.spacing().item_spacing.x + galley.size().x;
            if needed > ui.available_size_before_wrap().x {
                ui.end_row();
            }
            let (rect, _) = ui.allocate_exact_size(swatch, Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, theme::chart_color(rgb, ui.visuals()));
            ui.label(galley);
            ui.add_space(8.0);
        }
    });
}

/// The choices that only some charts have.
fn options_ui(ui: &mut Ui, state: &mut ChartsState, input: &ChartsInput<'_>) {
    match state.kind {
        ChartKind::ValueBuildUp => {
            ui.horizontal(|ui| {
                let label = ui.label("Final product");
                let default_name = input
                    .results
                    .and_then(|r| chart::default_final_stage(input.project, r, input.period))
                    .and_then(|i| input.project.stages.get(i))
                    .map_or_else(|| "none".to_owned(), |s| s.name.clone());
                let selected = state
                    .final_stage
                    .as_ref()
                    .and_then(|id| input.project.stage(id))
                    .map_or_else(|| format!("Automatic ({default_name})"), |s| s.name.clone());
                ComboBox::from_id_salt("final-product")
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(
                            &mut state.final_stage,
                            None,
                            format!("Automatic ({default_name})"),
                        );
                        for stage in &input.project.stages {
                            ui.selectable_value(
                                &mut state.final_stage,
                                Some(stage.id.clone()),
                                &stage.name,
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id)
                    .on_hover_text(
                        "The stage whose product the build-up follows back up the chain. \
                         Automatic picks the domestic stage selling to a market at the end of \
                         the longest chain.",
                    );
            });
        }
        ChartKind::Sankey => {
            ui.horizontal(|ui| {
                ui.label("Measure");
                ui.selectable_value(&mut state.sankey_measure, SankeyMeasure::Value, "Value")
                    .on_hover_text(
                        "Flows at the selling stage's price: comparable along the chain",
                    );
                ui.selectable_value(
                    &mut state.sankey_measure,
                    SankeyMeasure::Quantity,
                    "Quantity",
                )
                .on_hover_text("Flows in each stage's own product unit (ore, concentrate, metal)");
            });
        }
        _ => {}
    }
}

/// A plot set up for presentation: no pan or zoom (the chart is a figure, not an explorer),
/// readable ticks in the chart's own format, the axis title with its unit, and hover text
/// from [`plot_figure`].
fn figure_plot<'a>(id: &str, format: &ValueFormat, y_title: String) -> Plot<'a> {
    let format = format.clone();
    plot_figure::still_plot(id)
        .y_axis_label(y_title)
        .y_axis_formatter(move |mark, _| format.tick(mark.value))
        // Ticks at 1, 2, 2.5 and 5 times a power of ten, as in the exports: egui_plot's own
        // ticks are powers of ten only, which leaves a -8 to +8 bn axis with just "0" labelled.
        .y_grid_spacer(|input| {
            // egui_plot hides labels closer than 20 px: a short panel gets fewer ticks, about
            // one per 32 px (`base_step_size` is the value of 8 px).
            let pixels = (input.bounds.1 - input.bounds.0).abs() / input.base_step_size * 8.0;
            let count = ((pixels / 32.0).floor() as usize).clamp(2, 6);
            let ticks = chart::nice_ticks(input.bounds.0, input.bounds.1, count);
            let step = match ticks.as_slice() {
                [first, second, ..] => second - first,
                _ => 1.0,
            };
            let (low, high) = input.bounds;
            ticks
                .into_iter()
                // Ticks beyond the edges would be labelled outside the plot.
                .filter(|value| (low..=high).contains(value))
                .map(|value| GridMark {
                    value,
                    step_size: step,
                })
                .collect()
        })
        .y_axis_min_width(56.0)
}

fn categories_plot<'a>(plot: Plot<'a>, categories: &[String], width: f32) -> Plot<'a> {
    let count = categories.len();
    let names = categories.to_vec();
    // egui_plot hides labels closer than 60 px (faint below 80): with many bars (a panel of
    // years), every `stride`-th bar is labelled.
    let per_bar = width / count.max(1) as f32;
    let stride = (80.0 / per_bar).ceil().max(1.0) as usize;
    // Up to three lines of about 8 px a character: egui_plot drops tick labels that would
    // overlap, and the axis grows to fit them.
    let max_chars = ((per_bar * stride as f32) / 10.0).floor().max(4.0) as usize;
    plot.x_grid_spacer(move |_| {
        (0..count)
            .step_by(stride)
            .map(|i| GridMark {
                value: i as f64,
                step_size: stride as f64,
            })
            .collect()
    })
    .x_axis_formatter(move |mark, _| {
        let index = mark.value.round();
        if (mark.value - index).abs() > 1e-6
            || index < 0.0
            || !(index as usize).is_multiple_of(stride)
        {
            return String::new();
        }
        names
            .get(index as usize)
            .map(|name| plot_figure::wrapped_label(name, max_chars))
            .unwrap_or_default()
    })
    .include_x(-0.6)
    .include_x(count as f64 - 0.4)
}

/// Narrowest a panel of a grid is drawn, in points: a narrower window shows fewer panels side
/// by side, so bars keep room for their labels.
const MIN_PANEL_WIDTH: f32 = 210.0;

fn bar_panels_ui(ui: &mut Ui, panels: &[BarPanel], columns: usize, steady: bool) {
    let fitting = (ui.available_width() / MIN_PANEL_WIDTH).floor().max(1.0) as usize;
    let columns = columns.clamp(1, fitting);
    let rows = panels.len().div_ceil(columns).max(1);
    let spacing = ui.spacing().item_spacing;
    let cell = vec2(
        (ui.available_width() - spacing.x * (columns as f32 - 1.0)) / columns as f32,
        (ui.available_height() - spacing.y * (rows as f32 - 1.0)) / rows as f32,
    );
    for row in panels.chunks(columns) {
        ui.horizontal(|ui| {
            for panel in row {
                ui.allocate_ui(cell, |ui| {
                    ui.vertical(|ui| bar_panel_ui(ui, panel, cell, steady));
                });
            }
        });
    }
}

/// Points a bar panel gives its category names under the bars (up to three lines).
const CATEGORY_LABEL_ROOM: f32 = 60.0;

/// Points a line panel gives the years and the axis title under the plot.
const YEAR_LABEL_ROOM: f32 = 40.0;

/// `title` for a vertical axis `room` points high: as it is when it fits, else the unit of
/// `format` alone. A longer title would run up out of the plot into the legend; the chart's
/// title says the rest.
fn fitting_title(ui: &Ui, title: String, format: &ValueFormat, room: f32) -> String {
    let width = egui::WidgetText::from(title.as_str())
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Body,
        )
        .size()
        .x;
    if title.is_empty() || width <= room {
        title
    } else {
        format.unit().to_owned()
    }
}

fn bar_panel_ui(ui: &mut Ui, panel: &BarPanel, cell: egui::Vec2, steady: bool) {
    let mut height = cell.y;
    let title = if panel.heading.is_empty() {
        panel.y_axis.title_with_unit()
    } else {
        let heading = format!("{} ({})", panel.heading, panel.y_axis.format.unit());
        ui.strong(heading);
        height -= ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        String::new()
    };
    let (low, high) = panel.stack_range();
    // Room above (and below) the bars for two lines of value labels (they may be staggered),
    // in the panel's units: the plot is about `height` points high.
    let pad = if panel.value_labels {
        let label_room = 30.0;
        (high - low).abs() * f64::from(label_room / (height - 10.0 - label_room).max(20.0))
    } else {
        0.0
    };
    let title = fitting_title(
        ui,
        title,
        &panel.y_axis.format,
        height - CATEGORY_LABEL_ROOM,
    );
    let mut plot = figure_plot(
        &format!("bars-{}", panel.y_axis.title),
        &panel.y_axis.format,
        title,
    )
    .width(cell.x)
    .height(height.max(60.0))
    .include_y(if low < 0.0 { low - pad } else { low })
    .include_y(if high > 0.0 { high + pad } else { high });
    if !panel.x_title.is_empty() {
        plot = plot.x_axis_label(panel.x_title.clone());
    }
    // Bars in their categories' own colours are named by the legend; names under bars a few
    // dozen points wide would only be cut.
    let plot = if panel.category_colors.is_empty() {
        categories_plot(plot, &panel.categories, cell.x)
    } else {
        plot.show_axes(egui::Vec2b::new(false, true))
            .include_x(-0.6)
            .include_x(panel.categories.len() as f64 - 0.4)
    };
    // Value labels only where they fit above their bar (the value axis takes about 56 points).
    let per_bar = (cell.x - 56.0) / panel.categories.len().max(1) as f32;
    let visuals = ui.visuals().clone();
    let response = plot.show(ui, |plot_ui| {
        plot_ui.set_auto_bounds(egui::Vec2b::new(!steady, !steady));
        let mut up = vec![0.0; panel.categories.len()];
        let mut down = vec![0.0; panel.categories.len()];
        for series in &panel.series {
            let bars: Vec<Bar> = series
                .values
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_finite() && **v != 0.0)
                .filter_map(|(i, &value)| {
                    let base = if value > 0.0 {
                        up.get_mut(i)?
                    } else {
                        down.get_mut(i)?
                    };
                    let fill = theme::chart_color(panel.bar_color(series, i), &visuals);
                    let bar = Bar::new(i as f64, value)
                        .base_offset(*base)
                        .width(2.0 * plot_figure::BAR_HALF_WIDTH)
                        .fill(fill);
                    *base += value;
                    Some(bar)
                })
                .collect();
            let fill = theme::chart_color(series.color, &visuals);
            plot_ui.bar_chart(
                BarChart::new(series.name.clone(), bars)
                    .color(fill)
                    .allow_hover(false),
            );
        }
        if let Some(total) = &panel.total {
            let points: Vec<[f64; 2]> = total
                .values
                .iter()
                .enumerate()
                .map(|(i, &v)| [i as f64, v])
                .collect();
            plot_ui.points(
                Points::new(total.name.clone(), points)
                    .shape(egui_plot::MarkerShape::Diamond)
                    .radius(6.0)
                    .color(theme::chart_color(total.color, &visuals))
                    .allow_hover(false),
            );
        }
        if panel.value_labels {
            value_labels_ui(plot_ui, panel, (&up, &down), per_bar, &visuals);
        }
        if let Some(reference) = &panel.reference {
            plot_ui.hline(
                egui_plot::HLine::new(reference.name.clone(), reference.value)
                    .color(visuals.strong_text_color())
                    .style(egui_plot::LineStyle::dashed_loose())
                    .width(1.5),
            );
        }
    });
    plot_figure::show_hover(&response, |point| plot_figure::bar_text(panel, point.x));
}

/// Each bar's value written above it (below, for a negative bar), when the labels fit: in
/// the bar's own width, or in two bars' width with every other label a line higher.
fn value_labels_ui(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    panel: &BarPanel,
    (up, down): (&[f64], &[f64]),
    per_bar: f32,
    visuals: &egui::Visuals,
) {
    let font = egui::FontId::proportional(11.0);
    let texts: Vec<String> = up
        .iter()
        .zip(down)
        .map(|(top, bottom)| panel.y_axis.format.bar_label(top + bottom))
        .collect();
    let widest = texts
        .iter()
        .map(|text| {
            plot_ui
                .ctx()
                .fonts_mut(|fonts| {
                    fonts.layout_no_wrap(text.clone(), font.clone(), visuals.text_color())
                })
                .size()
                .x
        })
        .fold(0.0_f32, f32::max);
    let stagger = if widest <= per_bar - 2.0 {
        false
    } else if widest <= 2.0 * per_bar - 4.0 {
        true
    } else {
        return;
    };
    // One line of text, in the plot's units (from the last frame's scale).
    let line = f64::from(font.size + 2.0) * plot_ui.transform().dvalue_dpos()[1].abs();
    for (i, ((&top, &bottom), text)) in up.iter().zip(down).zip(texts).enumerate() {
        let raise = if stagger && i % 2 == 1 { line } else { 0.0 };
        let (y, anchor) = if top + bottom < 0.0 {
            (bottom - raise, Align2::CENTER_TOP)
        } else {
            (top + raise, Align2::CENTER_BOTTOM)
        };
        plot_ui.text(
            egui_plot::Text::new(
                "",
                PlotPoint::new(i as f64, y),
                egui::RichText::new(text).font(font.clone()),
            )
            .anchor(anchor)
            .color(visuals.strong_text_color())
            .allow_hover(false),
        );
    }
}

fn line_panel_ui(ui: &mut Ui, panel: &LinePanel, steady: bool) {
    let format = panel.y_axis.format.clone();
    let title = fitting_title(
        ui,
        panel.y_axis.title_with_unit(),
        &format,
        ui.available_height() - YEAR_LABEL_ROOM,
    );
    let plot = figure_plot("lines", &format, title)
        .x_axis_label("Year")
        .x_axis_formatter(plot_figure::year_tick)
        .include_y(0.0);
    let visuals = ui.visuals().clone();
    let response = plot.show(ui, |plot_ui| {
        plot_ui.set_auto_bounds(egui::Vec2b::new(!steady, !steady));
        for (i, band) in panel.bands.iter().enumerate() {
            plot_ui.add(
                Span::new(
                    band.name.clone(),
                    f64::from(band.first_year) - 0.5..=f64::from(band.last_year) + 0.5,
                )
                .fill(theme::chart_band_fill(i, &visuals))
                .border_width(0.0)
                .label_align(Align2::CENTER_TOP),
            );
        }
        if let Some(range) = &panel.range {
            range_ui(plot_ui, panel, range, &visuals);
        }
        if let Some(year) = panel.marked_year {
            plot_ui.vline(
                egui_plot::VLine::new(format!("Selected year {year}"), f64::from(year))
                    .color(visuals.weak_text_color())
                    .style(LineStyle::dashed_loose()),
            );
        }
        for series in panel.series.iter().filter(|s| s.draws_anything()) {
            let points: Vec<[f64; 2]> = panel
                .years
                .iter()
                .zip(&series.values)
                .filter(|(_, v)| v.is_finite())
                .map(|(&year, &v)| [f64::from(year), v])
                .collect();
            plot_ui.line(
                Line::new(series.name.clone(), points)
                    .color(theme::chart_color(series.color, &visuals))
                    .width(2.5),
            );
        }
    });
    plot_figure::show_hover(&response, |point| plot_figure::line_text(panel, point.x));
}

/// The shaded range between two lines (P10 to P90), under the lines.
fn range_ui(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    panel: &LinePanel,
    range: &chart::SeriesRange,
    visuals: &egui::Visuals,
) {
    let (Some(low), Some(high)) = (panel.series.get(range.low), panel.series.get(range.high))
    else {
        return;
    };
    let mut xs = Vec::with_capacity(panel.years.len());
    let mut lows = Vec::with_capacity(panel.years.len());
    let mut highs = Vec::with_capacity(panel.years.len());
    for ((&year, &bottom), &top) in panel.years.iter().zip(&low.values).zip(&high.values) {
        if bottom.is_finite() && top.is_finite() {
            xs.push(f64::from(year));
            lows.push(bottom);
            highs.push(top);
        }
    }
    plot_ui.add(
        FilledArea::new(range.name.clone(), &xs, &lows, &highs)
            .fill_color(theme::chart_color(range.color, visuals).gamma_multiply(0.3))
            .allow_hover(false),
    );
}

fn waterfall_ui(ui: &mut Ui, waterfall: &Waterfall, steady: bool) {
    let mut categories: Vec<String> = waterfall.steps.iter().map(|s| s.label.clone()).collect();
    categories.push(waterfall.total_label.clone());
    let format = waterfall.y_axis.format.clone();
    let width = ui.available_width();
    let high = waterfall
        .steps
        .iter()
        .map(|s| s.start.max(s.end()))
        .fold(waterfall.total, f64::max);
    let title = fitting_title(
        ui,
        waterfall.y_axis.title_with_unit(),
        &format,
        ui.available_height() - CATEGORY_LABEL_ROOM,
    );
    let plot = figure_plot("waterfall", &format, title)
        .include_y(0.0)
        .include_y(high * 1.15);
    let plot = categories_plot(plot, &categories, width);
    let visuals = ui.visuals().clone();
    let response = plot.show(ui, |plot_ui| {
        plot_ui.set_auto_bounds(egui::Vec2b::new(!steady, !steady));
        for (i, step) in waterfall.steps.iter().enumerate() {
            let fill = theme::chart_color(chart::step_color(step.added), &visuals);
            let name = if step.added >= 0.0 {
                "Value added per unit"
            } else {
                "Value lost per unit"
            };
            plot_ui.bar_chart(
                BarChart::new(
                    name,
                    vec![
                        Bar::new(i as f64, step.added)
                            .base_offset(step.start)
                            .width(2.0 * plot_figure::BAR_HALF_WIDTH)
                            .fill(fill),
                    ],
                )
                .color(fill)
                .allow_hover(false),
            );
            let top = step.start.max(step.end());
            let mut label = chart::signed(&format, step.added);
            if let Some(m) = step.multiple {
                label = format!("x{m:.2}\n{label}");
            }
            plot_ui.text(
                egui_plot::Text::new(
                    "",
                    PlotPoint::new(i as f64, top),
                    egui::RichText::new(label).size(14.0),
                )
                .anchor(Align2::CENTER_BOTTOM)
                .color(visuals.strong_text_color()),
            );
        }
        let last = waterfall.steps.len() as f64;
        let fill = theme::chart_color(chart::palette::BLUE, &visuals);
        plot_ui.bar_chart(
            BarChart::new(
                "Final product",
                vec![
                    Bar::new(last, waterfall.total)
                        .width(2.0 * plot_figure::BAR_HALF_WIDTH)
                        .fill(fill),
                ],
            )
            .color(fill)
            .allow_hover(false),
        );
        plot_ui.text(
            egui_plot::Text::new(
                "",
                PlotPoint::new(last, waterfall.total),
                egui::RichText::new(format.value(waterfall.total)).size(14.0),
            )
            .anchor(Align2::CENTER_BOTTOM)
            .color(visuals.strong_text_color()),
        );
    });
    plot_figure::show_hover(&response, |point| {
        plot_figure::waterfall_text(waterfall, point.x)
    });
}
