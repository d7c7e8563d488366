//! Presentation mode: for a workshop projector. Full screen, everything larger, a
//! high-contrast theme, no editing chrome; the chain, one chart, the levers and the headline
//! figures against the baseline. F11 or the View menu enters it, Esc leaves.

use egui::Ui;

use crate::analysis::{Headline, HeadlineFigure};
use crate::report::format::{self, MoneyDisplay};

use super::results_panel::{Figure, figures_ui};
use crate::model::scenario::BASE_LABEL;

/// How much larger everything is drawn while presenting, on a 1280x720 screen.
pub const ZOOM: f32 = 1.35;

/// Screen height, in points at 100 % zoom, the presentation layout is designed for.
const DESIGN_HEIGHT: f32 = 720.0;

/// The zoom factor for a screen `height` points high (at 100 % zoom): [`ZOOM`] at 720 and
/// below, more on taller screens so the layout is the same, only larger (a 1920x1080
/// projector shows what a 1280x720 one does, half as large again).
pub fn zoom_for(height: f32) -> f32 {
    ZOOM * (height / DESIGN_HEIGHT).clamp(1.0, 1.6)
}

/// The headline figures a room watches (total VA, share of GDP, net FX, jobs), each with its
/// change against the baseline when a scenario is shown.
pub fn headline_ui(
    ui: &mut Ui,
    now: &Headline,
    base: Option<&Headline>,
    scenario: Option<&str>,
    money: &MoneyDisplay,
) {
    let against = |value: f64, base_value: Option<f64>, show: &dyn Fn(f64) -> String| match (
        scenario, base_value,
    ) {
        (Some(_), Some(base_value)) => {
            let delta = value - base_value;
            let sign = if delta >= 0.0 { "+" } else { "-" };
            let pct = if base_value.abs() > f64::EPSILON {
                format!(" ({sign}{:.1}%)", (delta / base_value.abs() * 100.0).abs())
            } else {
                String::new()
            };
            format!("{sign}{}{pct} vs {BASE_LABEL}", show(delta.abs()))
        }
        _ => BASE_LABEL.to_owned(),
    };
    let money_short = |v: f64| money.short(v);
    let points = |v: f64| format!("{:.3} points", v * 100.0);
    let jobs = |v: f64| format::thousands(v, 0);
    let figures = [
        Figure {
            caption: HeadlineFigure::TotalVa.caption(),
            value: money.short(now.total_va),
            detail: against(now.total_va, base.map(|b| b.total_va), &money_short),
            help: HeadlineFigure::TotalVa.help().to_owned(),
        },
        Figure {
            caption: HeadlineFigure::ShareOfGdp.caption(),
            value: format::percent(now.share_of_gdp),
            detail: against(now.share_of_gdp, base.map(|b| b.share_of_gdp), &points),
            help: HeadlineFigure::ShareOfGdp.help().to_owned(),
        },
        Figure {
            caption: HeadlineFigure::NetFx.caption(),
            value: money.short(now.net_fx),
            detail: against(now.net_fx, base.map(|b| b.net_fx), &money_short),
            help: HeadlineFigure::NetFx.help().to_owned(),
        },
        Figure {
            caption: HeadlineFigure::Jobs.caption(),
            value: format!("avg. {}", format::thousands(now.jobs, 0)),
            detail: against(now.jobs, base.map(|b| b.jobs), &jobs),
            help: HeadlineFigure::Jobs.help().to_owned(),
        },
        Figure {
            caption: HeadlineFigure::GovernmentRevenue.caption(),
            value: money.short(now.government_revenue),
            detail: against(
                now.government_revenue,
                base.map(|b| b.government_revenue),
                &money_short,
            ),
            help: HeadlineFigure::GovernmentRevenue.help().to_owned(),
        },
    ];
    figures_ui(ui, &figures);
}
