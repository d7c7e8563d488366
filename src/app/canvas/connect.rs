//! What connecting two boxes means: whether a link from one stage to another may be made (and
//! why not), the actions that make it with the share no other link takes, and the band drawn
//! while a link is being dragged.

use crate::model::edit::Edit;
use crate::model::{Link, Project, StageId};
use egui::{Painter, Rect, Shape, Stroke};

use super::geometry::{arrow_length, box_at};
use super::{CanvasState, Facts};
use crate::app::action::Action;
use crate::app::theme;

/// Share of `from`'s output that no link takes yet, in percent (what a new link gets).
pub(super) fn remaining_share_pct(project: &Project, from: &StageId) -> f64 {
    let sent: f64 = project
        .links
        .iter()
        .filter(|link| &link.from == from && link.share_pct.is_finite())
        .map(|link| link.share_pct)
        .sum();
    // Rounded so that 100 - 66.7 reads 33.3 in the inspector, not 33.299999999999997.
    ((100.0 - sent).clamp(0.0, 100.0) * 1e6).round() / 1e6
}

/// Why a link `from → to` cannot be added, in words for the status bar; `None` when it can.
pub(super) fn connection_refusal(
    project: &Project,
    from: &StageId,
    to: &StageId,
) -> Option<String> {
    let name = |id: &StageId| {
        project
            .stage(id)
            .map_or_else(|| id.0.clone(), |s| s.name.clone())
    };
    if project
        .links
        .iter()
        .any(|link| &link.from == from && &link.to == to)
    {
        return Some(format!(
            "{} already feeds {}: select that link to change its share.",
            name(from),
            name(to)
        ));
    }
    if project.link_would_cycle(from, to) {
        return Some(format!(
            "Can't link {} to {}: it would make a cycle, and material cannot flow in a circle.",
            name(from),
            name(to)
        ));
    }
    None
}

/// What releasing a connection drag from `from` onto `to` asks for.
pub(super) fn connect_actions(project: &Project, from: &StageId, to: &StageId) -> Vec<Action> {
    if let Some(refusal) = connection_refusal(project, from, to) {
        return vec![Action::Notice(refusal)];
    }
    let share_pct = remaining_share_pct(project, from);
    let mut actions = vec![Action::Edit(Edit::AddLink(Link {
        from: from.clone(),
        to: to.clone(),
        share_pct,
        transport_cost_per_unit: 0.0,
    }))];
    if share_pct <= 0.0 {
        let name = project
            .stage(from)
            .map_or(from.0.as_str(), |s| s.name.as_str());
        actions.push(Action::Notice(format!(
            "{name} already sends all its output along other links, so the new link carries \
             0 %: set its share in the inspector."
        )));
    }
    actions
}

/// The rubber-band arrow from an output handle to the pointer while connecting.
pub(super) fn paint_connect_band(
    painter: &Painter,
    state: &CanvasState,
    facts: &Facts<'_, '_>,
    rects: &[Rect],
) {
    let Some(connecting) = &state.connecting else {
        return;
    };
    let project = facts.view.project;
    let Some(from) = project.stage_index(&connecting.from) else {
        return;
    };
    let Some(from_rect) = rects.get(from) else {
        return;
    };
    let color = match box_at(rects, connecting.pointer, Some(from)) {
        Some(to) => {
            if connection_refusal(project, &connecting.from, &project.stages[to].id).is_some() {
                theme::error_color(&facts.visuals)
            } else {
                theme::connect_ok_color(&facts.visuals)
            }
        }
        None => theme::link_color(&facts.visuals),
    };
    // A straight band that points where the pointer is: it follows the hand, not the chain.
    let width = 2.5;
    let start = from_rect.right_center();
    let tip = connecting.pointer;
    if (tip - start).length() < 1.0 {
        return;
    }
    let direction = (tip - start).normalized();
    let base = tip - direction * arrow_length(width);
    let across = direction.rot90() * 6.0;
    painter.extend(Shape::dashed_line(
        &[start, base],
        Stroke::new(width, color),
        8.0,
        5.0,
    ));
    painter.add(Shape::convex_polygon(
        vec![tip, base + across, base - across],
        color,
        Stroke::NONE,
    ));
}
