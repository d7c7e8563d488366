//! The chain as presentation mode draws it: read from the back of a room rather than edited.
//! One column per stage kind (as Arrange lays them out), each stage a box with its name and
//! its value added, and its change against the base while a scenario is shown. Text is never
//! smaller than [`SMALLEST_TEXT_PX`] on screen: where a column holds more stages than fit at
//! that size, the largest by value added are shown and the rest summed in a "+ n more" box.

use egui::{Align2, Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, vec2};
use std::sync::Arc;

use crate::calc::{Period, Results};
use crate::chart::palette;
use crate::model::{Project, StageId};
use crate::report::format::MoneyDisplay;

use super::theme;

/// Smallest text drawn in the chain, in screen pixels: legible from the back of a workshop
/// room on a 1280x720 projector.
pub const SMALLEST_TEXT_PX: f32 = 18.0;

/// Stage names are drawn this size (points), or larger when the zoom asks for it.
const NAME_PT: f32 = 16.0;

/// Figures in a box, in points.
const FIGURE_PT: f32 = 14.0;

/// Gap between boxes and columns, in points.
const GAP: f32 = 10.0;

/// Largest box height, in points: a chain of two stages should not fill the strip with two
/// giant boxes.
const MAX_BOX_HEIGHT: f32 = 96.0;

/// What one box shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ChainBox {
    /// The stage's name, or "+ 3 more".
    pub title: String,
    /// Its value added over the period, written out.
    pub value: String,
    /// The change against the base ("+12.0%", "new", "= base") and whether it is up, while a
    /// scenario is shown.
    pub change: Option<(String, bool)>,
    /// Kind colour of the band.
    pub color: Color32,
    /// True for a stage switched off in the scenario shown.
    pub off: bool,
    /// The stage, for a box of one stage (links are drawn between those).
    pub stage: Option<StageId>,
}

/// The boxes of the chain in columns, computed once per change (not per frame).
#[derive(Default)]
pub struct PresentationChain {
    key: Option<(u64, Option<String>, Period, usize)>,
    columns: Vec<Vec<ChainBox>>,
    links: Vec<(StageId, StageId)>,
    /// Where the chain was drawn last, in points (for tests and screenshots).
    pub last_rect: Option<Rect>,
}

/// What the chain is drawn from.
pub struct ChainInput<'a> {
    /// The project on screen.
    pub view: &'a Project,
    /// Its results, when it computes.
    pub results: Option<&'a Results>,
    /// The base and its results while a scenario is shown.
    pub base: Option<(&'a Project, &'a Results)>,
    /// Document revision and scenario shown: the cache key.
    pub revision: u64,
    /// Scenario shown.
    pub scenario: Option<&'a str>,
    /// Year or period.
    pub period: Period,
    /// How money is written.
    pub money: &'a MoneyDisplay,
}

/// Font sizes in points that are at least [`SMALLEST_TEXT_PX`] on screen at `pixels_per_point`.
pub fn font_sizes_pt(pixels_per_point: f32) -> (f32, f32) {
    let floor = SMALLEST_TEXT_PX / pixels_per_point.max(0.1);
    (NAME_PT.max(floor), FIGURE_PT.max(floor))
}

fn value_added_of(results: &Results, project: &Project, id: &StageId, period: Period) -> f64 {
    project
        .stage_index(id)
        .filter(|&index| index < results.stages.len())
        .map_or(0.0, |index| {
            results.stage_sum(index, period, |accounts| accounts.value_added)
        })
}

fn change_text(now: f64, base: f64) -> (String, bool) {
    let delta = now - base;
    let up = delta >= 0.0;
    let sign = if up { "+" } else { "−" };
    let pct = (delta / base.abs() * 100.0).abs();
    if base.abs() > f64::EPSILON && pct >= 0.05 {
        (format!("{sign}{pct:.1}%"), up)
    } else if base.abs() <= f64::EPSILON && delta.abs() > f64::EPSILON {
        ("new".to_owned(), up)
    } else {
        ("= base".to_owned(), true)
    }
}

impl PresentationChain {
    fn refresh(&mut self, input: &ChainInput<'_>, rows_per_column: usize) {
        let key = (
            input.revision,
            input.scenario.map(str::to_owned),
            input.period,
            rows_per_column,
        );
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.key = Some(key);
        let view = input.view;
        let results = input
            .results
            .filter(|results| results.stages.len() == view.stages.len());
        let mut by_column: Vec<Vec<(usize, f64)>> = Vec::new();
        for (index, stage) in view.stages.iter().enumerate() {
            let column = stage.kind.column();
            if by_column.len() <= column {
                by_column.resize_with(column + 1, Vec::new);
            }
            let va = results.map_or(0.0, |r| r.stage_sum(index, input.period, |a| a.value_added));
            by_column[column].push((index, va));
        }
        by_column.retain(|column| !column.is_empty());
        let money = input.money;
        let box_of = |index: usize, va: f64| {
            let stage = &view.stages[index];
            let change = input
                .base
                .filter(|_| results.is_some())
                .map(|(base, base_results)| {
                    change_text(
                        va,
                        value_added_of(base_results, base, &stage.id, input.period),
                    )
                });
            ChainBox {
                title: stage.name.clone(),
                value: if results.is_some() {
                    format!("VA {}", money.short(va))
                } else {
                    "VA –".to_owned()
                },
                change,
                color: theme::kind_color(stage.kind),
                off: !stage.active,
                stage: Some(stage.id.clone()),
            }
        };
        self.columns = by_column
            .into_iter()
            .map(|mut column| {
                if column.len() <= rows_per_column {
                    // In the order the planner laid them out, top to bottom.
                    column.sort_by(|a, b| {
                        let y = |i: usize| view.stages[i].position.y;
                        y(a.0).total_cmp(&y(b.0))
                    });
                    return column.into_iter().map(|(i, va)| box_of(i, va)).collect();
                }
                column.sort_by(|a, b| b.1.total_cmp(&a.1));
                let shown = rows_per_column.saturating_sub(1).max(1);
                let rest: Vec<(usize, f64)> = column.split_off(shown);
                let rest_va: f64 = rest.iter().map(|(_, va)| va).sum();
                let mut boxes: Vec<ChainBox> =
                    column.into_iter().map(|(i, va)| box_of(i, va)).collect();
                let kind = view.stages[rest[0].0].kind;
                boxes.push(ChainBox {
                    title: format!("+ {} more", rest.len()),
                    value: format!("VA {}", money.short(rest_va)),
                    change: None,
                    color: theme::kind_color(kind),
                    off: false,
                    stage: None,
                });
                boxes
            })
            .collect();
        self.links = view
            .links
            .iter()
            .map(|link| (link.from.clone(), link.to.clone()))
            .collect();
    }

    /// The boxes of each column, as last laid out.
    pub fn columns(&self) -> &[Vec<ChainBox>] {
        &self.columns
    }
}

/// How many boxes fit one above the other in `height` points with text of these sizes.
fn rows_that_fit(ui: &Ui, height: f32, fonts: (f32, f32)) -> usize {
    let line = |size: f32| ui.fonts_mut(|f| f.row_height(&FontId::proportional(size)));
    let box_height = line(fonts.0) + 2.0 * line(fonts.1) + 12.0;
    (((height + GAP) / (box_height + GAP)).floor() as usize).max(1)
}

/// Draws the chain into `rect`.
pub fn chain_ui(ui: &mut Ui, state: &mut PresentationChain, input: &ChainInput<'_>, rect: Rect) {
    state.last_rect = Some(rect);
    let fonts = font_sizes_pt(ui.ctx().pixels_per_point());
    let rows = rows_that_fit(ui, rect.height(), fonts);
    state.refresh(input, rows);
    let visuals = ui.visuals().clone();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 6.0, visuals.extreme_bg_color);
    if input.view.stages.is_empty() {
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            "No stages yet",
            FontId::proportional(fonts.0),
            visuals.weak_text_color(),
        );
        return;
    }
    let columns = state.columns.len().max(1);
    let inner = rect.shrink(GAP);
    let column_width = (inner.width() - GAP * (columns - 1) as f32) / columns as f32;
    let mut centres: Vec<(StageId, Rect)> = Vec::new();
    let mut boxes: Vec<(Rect, &ChainBox)> = Vec::new();
    for (c, column) in state.columns.iter().enumerate() {
        let n = column.len().max(1) as f32;
        let box_height = ((inner.height() - GAP * (n - 1.0)) / n).min(MAX_BOX_HEIGHT);
        let used = box_height * n + GAP * (n - 1.0);
        let top = inner.top() + (inner.height() - used) / 2.0;
        let left = inner.left() + c as f32 * (column_width + GAP);
        for (r, chain_box) in column.iter().enumerate() {
            let min = Pos2::new(left, top + r as f32 * (box_height + GAP));
            let box_rect = Rect::from_min_size(min, vec2(column_width, box_height));
            if let Some(id) = &chain_box.stage {
                centres.push((id.clone(), box_rect));
            }
            boxes.push((box_rect, chain_box));
        }
    }
    let link_stroke = Stroke::new(3.0, theme::link_color(&visuals));
    for (from, to) in &state.links {
        let find = |id: &StageId| centres.iter().find(|(s, _)| s == id).map(|(_, r)| *r);
        if let (Some(a), Some(b)) = (find(from), find(to)) {
            let start = a.right_center();
            let end = b.left_center();
            let pull = ((end.x - start.x).abs() * 0.5).max(20.0);
            painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
                [start, start + vec2(pull, 0.0), end - vec2(pull, 0.0), end],
                false,
                Color32::TRANSPARENT,
                link_stroke,
            ));
        }
    }
    for (box_rect, chain_box) in boxes {
        box_ui(ui, &painter, box_rect, chain_box, fonts);
    }
}

/// A text laid out on `rows` lines at most, cut with "…" to `width`.
fn lines(
    ui: &Ui,
    text: &str,
    size: f32,
    color: Color32,
    (width, rows): (f32, usize),
) -> Arc<Galley> {
    let mut job =
        egui::text::LayoutJob::simple(text.to_owned(), FontId::proportional(size), color, width);
    job.wrap = egui::text::TextWrapping {
        max_width: width,
        max_rows: rows,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    ui.fonts_mut(|f| f.layout_job(job))
}

fn box_ui(ui: &Ui, painter: &egui::Painter, rect: Rect, chain_box: &ChainBox, fonts: (f32, f32)) {
    let visuals = ui.visuals();
    let fill = if chain_box.off {
        visuals.faint_bg_color
    } else {
        visuals.window_fill
    };
    painter.rect(
        rect,
        6.0,
        fill,
        Stroke::new(2.0, chain_box.color),
        StrokeKind::Inside,
    );
    painter.rect_filled(
        Rect::from_min_size(rect.min, vec2(8.0, rect.height())),
        egui::CornerRadius {
            nw: 6,
            sw: 6,
            ne: 0,
            se: 0,
        },
        chain_box.color,
    );
    let width = rect.width() - 22.0;
    let strong = visuals.strong_text_color();
    let text = visuals.text_color();
    // Names wrap onto a second line where the box has room ("Open-pit mine, phase 1" and
    // "…, phase 2" both cut to "Open-pit mine, …" are told apart by nothing); in a short box
    // the change against the base shares the value's line.
    let row = |size: f32| ui.fonts_mut(|f| f.row_height(&FontId::proportional(size)));
    let room = rect.height() - 8.0;
    let change = chain_box.change.as_ref().filter(|_| !chain_box.off);
    let figure_rows = if change.is_some() { 2.0 } else { 1.0 };
    let (name_rows, change_apart) = if room >= 2.0 * row(fonts.0) + figure_rows * row(fonts.1) {
        (2, true)
    } else if room >= 2.0 * row(fonts.0) + row(fonts.1) {
        (2, false)
    } else {
        (1, false)
    };
    let mut lines = vec![self::lines(
        ui,
        &chain_box.title,
        fonts.0,
        strong,
        (width, name_rows),
    )];
    let value = if chain_box.off {
        "switched off".to_owned()
    } else {
        chain_box.value.clone()
    };
    let font = FontId::proportional(fonts.1);
    let mut job =
        egui::text::LayoutJob::single_section(value, egui::TextFormat::simple(font.clone(), text));
    if let Some((change, up)) = change {
        let color = if change == "= base" {
            visuals.weak_text_color()
        } else if *up {
            theme::chart_color(palette::GREEN, visuals)
        } else {
            theme::chart_color(palette::VERMILLION, visuals)
        };
        if change_apart {
            lines.push(ui.fonts_mut(|f| f.layout_job(job.clone())));
            job = egui::text::LayoutJob::default();
            let long = if change == "= base" {
                change.clone()
            } else {
                format!("{change} vs base")
            };
            job.append(&long, 0.0, egui::TextFormat::simple(font, color));
        } else if change != "= base" {
            job.append(
                &format!("  {change}"),
                0.0,
                egui::TextFormat::simple(font, color),
            );
        }
    }
    job.wrap = egui::text::TextWrapping::truncate_at_width(width);
    lines.push(ui.fonts_mut(|f| f.layout_job(job)));
    let total: f32 = lines.iter().map(|g| g.size().y).sum();
    let mut y = rect.center().y - total / 2.0;
    for galley in lines {
        if y + galley.size().y > rect.bottom() + 1.0 {
            break;
        }
        let height = galley.size().y;
        painter.galley(Pos2::new(rect.left() + 16.0, y), galley, strong);
        y += height;
    }
    // A box is named for screen readers and tests by its stage's name.
    let response = ui.interact(
        rect,
        ui.scope_id().with(("presentation-box", &chain_box.title)),
        Sense::hover(),
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Label, true, chain_box.title.clone())
    });
}
