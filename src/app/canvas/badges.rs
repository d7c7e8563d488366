//! Differences against the baseline, drawn on the canvas while a scenario is shown: a badge on
//! every stage whose value added differs (or that the scenario switches on or off) and on every
//! link whose flow differs. The baseline stays pinned: it is always the base.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, Visuals, vec2};

use crate::calc::{Period, Results};
use crate::chart::palette;
use crate::model::Project;
use crate::report::format::MoneyDisplay;

use crate::app::theme;
use crate::model::scenario::BASE_LABEL;

/// The base project and its results, which a scenario on screen is compared with.
#[derive(Clone, Copy)]
pub struct Baseline<'a> {
    /// The base project.
    pub project: &'a Project,
    /// Its results.
    pub results: &'a Results,
}

/// Changes smaller than this share of the larger figure are not worth a badge.
const NOISE: f64 = 1e-6;

fn differs(now: f64, before: f64) -> bool {
    (now - before).abs() > NOISE * now.abs().max(before.abs()).max(1.0)
}

/// What one badge says and how it is coloured.
struct Badge {
    text: String,
    color: Color32,
}

fn signed_money(money: &MoneyDisplay, delta: f64) -> String {
    let sign = if delta >= 0.0 { "+" } else { "-" };
    format!("{sign}{}", money.short(delta.abs()))
}

/// Colours of a rise and of a fall.
struct Colors {
    up: Color32,
    down: Color32,
}

impl Colors {
    fn of(visuals: &Visuals) -> Self {
        Self {
            up: theme::chart_color(palette::GREEN, visuals),
            down: theme::chart_color(palette::VERMILLION, visuals),
        }
    }

    /// A badge for a change of money from `before` to `now`, if it is more than noise.
    fn money_change(
        &self,
        now: f64,
        before: f64,
        money: &MoneyDisplay,
        words: impl FnOnce(String) -> String,
    ) -> Option<Badge> {
        differs(now, before).then(|| Badge {
            text: words(signed_money(money, now - before)),
            color: if now >= before { self.up } else { self.down },
        })
    }
}

/// The badge of each stage of `project` (the scenario on screen), by stage index.
fn stage_badges(
    project: &Project,
    results: &Results,
    baseline: Baseline<'_>,
    period: Period,
    money: &MoneyDisplay,
    visuals: &Visuals,
) -> Vec<Option<Badge>> {
    let colors = Colors::of(visuals);
    project
        .stages
        .iter()
        .enumerate()
        .map(|(index, stage)| {
            let base_index = baseline.project.stage_index(&stage.id)?;
            let base_stage = baseline.project.stages.get(base_index)?;
            if stage.active != base_stage.active {
                let text = if stage.active {
                    format!("On here, off in {BASE_LABEL}")
                } else {
                    format!("Off here, on in {BASE_LABEL}")
                };
                return Some(Badge {
                    text,
                    color: colors.up,
                });
            }
            let now = results.stage(index, period).value_added;
            let before = baseline.results.stage(base_index, period).value_added;
            colors.money_change(now, before, money, |change| {
                format!("VA {change} vs {BASE_LABEL}")
            })
        })
        .collect()
}

fn link_badges(
    project: &Project,
    results: &Results,
    baseline: Baseline<'_>,
    period: Period,
    money: &MoneyDisplay,
    visuals: &Visuals,
) -> Vec<Option<Badge>> {
    let colors = Colors::of(visuals);
    project
        .links
        .iter()
        .enumerate()
        .map(|(index, link)| {
            let base_index = baseline.project.link_index(&link.from, &link.to)?;
            let (_, now) = results.link(index, period);
            let (_, before) = baseline.results.link(base_index, period);
            colors.money_change(now, before, money, |change| change)
        })
        .collect()
}

fn paint_badge(
    painter: &Painter,
    anchor: Pos2,
    align: Align2,
    badge: &Badge,
    zoom: f32,
    visuals: &Visuals,
) {
    // Badges keep a readable size however far the canvas is zoomed out.
    let font = FontId::proportional(13.0 / zoom.clamp(0.4, 1.5));
    let galley = painter.layout_no_wrap(badge.text.clone(), font, visuals.strong_text_color());
    let size = galley.size() + vec2(10.0, 4.0) / zoom.clamp(0.4, 1.5);
    let rect = align.anchor_size(anchor, size);
    painter.rect(
        rect,
        4.0,
        visuals.extreme_bg_color,
        Stroke::new(1.5, badge.color),
        egui::StrokeKind::Inside,
    );
    painter.galley(
        rect.center() - galley.size() / 2.0,
        galley,
        visuals.strong_text_color(),
    );
}

/// Paints the badges: above each differing stage box (`rects`, by stage index) and at the middle
/// of each differing link (`link_middles`, by link index).
#[allow(clippy::too_many_arguments)]
pub fn paint_badges(
    painter: &Painter,
    visuals: &Visuals,
    zoom: f32,
    (project, results): (&Project, &Results),
    baseline: Baseline<'_>,
    period: Period,
    money: &MoneyDisplay,
    (rects, link_middles): (&[Rect], &[Option<Pos2>]),
) {
    let stages = stage_badges(project, results, baseline, period, money, visuals);
    for (badge, rect) in stages.iter().zip(rects) {
        if let Some(badge) = badge {
            paint_badge(
                painter,
                rect.right_top() + vec2(0.0, -4.0),
                Align2::RIGHT_BOTTOM,
                badge,
                zoom,
                visuals,
            );
        }
    }
    let links = link_badges(project, results, baseline, period, money, visuals);
    for (badge, middle) in links.iter().zip(link_middles) {
        if let (Some(badge), Some(middle)) = (badge, middle) {
            paint_badge(
                painter,
                *middle + vec2(0.0, 30.0 / zoom.clamp(0.4, 1.5)),
                Align2::CENTER_TOP,
                badge,
                zoom,
                visuals,
            );
        }
    }
}

/// Dims the boxes of stages switched off (in the base or the scenario shown) and marks them
/// "Off", so a chain that is in the file but not running reads as such.
pub fn paint_switched_off(painter: &Painter, visuals: &Visuals, project: &Project, rects: &[Rect]) {
    for (stage, rect) in project.stages.iter().zip(rects) {
        if stage.active {
            continue;
        }
        painter.rect_filled(*rect, 6.0, visuals.extreme_bg_color.gamma_multiply(0.6));
        let badge = Badge {
            text: "Off".to_owned(),
            color: visuals.weak_text_color(),
        };
        paint_badge(
            painter,
            rect.center(),
            Align2::CENTER_CENTER,
            &badge,
            1.0,
            visuals,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_that_switches_the_smelter_on_gets_badges_where_it_differs() {
        let base = crate::io::examples::default_project().unwrap();
        let view =
            crate::analysis::scenario_project(&base, "Refine and make rod and wire").unwrap();
        let base_results = crate::calc::compute(&base).unwrap();
        let results = crate::calc::compute(&view).unwrap();
        let baseline = Baseline {
            project: &base,
            results: &base_results,
        };
        let money = MoneyDisplay::base(&base.currency);
        let visuals = Visuals::dark();
        let stages = stage_badges(&view, &results, baseline, Period::Horizon, &money, &visuals);
        let smelter = view.stage_index(&"smelter".into()).unwrap();
        let text = &stages[smelter].as_ref().unwrap().text;
        assert!(text.starts_with("On here"), "{text}");
        // The mines are the same in both: no badge.
        let mine = view.stage_index(&"mine-p1".into());
        if let Some(mine) = mine {
            assert!(stages[mine].is_none());
        }
        let links = link_badges(&view, &results, baseline, Period::Horizon, &money, &visuals);
        assert!(
            links.iter().any(Option::is_some),
            "feed now flows to the smelter"
        );

        // Against itself nothing differs.
        let same = Baseline {
            project: &view,
            results: &results,
        };
        let stages = stage_badges(&view, &results, same, Period::Horizon, &money, &visuals);
        assert!(stages.iter().all(Option::is_none));
    }
}
