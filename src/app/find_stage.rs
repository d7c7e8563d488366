//! Find a stage by name (Ctrl+F): a small popup with a search field listing the stages whose
//! name holds what was typed. Up and Down move through the matches, Enter or a click selects
//! the stage and centres it on the canvas, Esc closes the popup.

use egui::{Key, Modifiers};

use crate::model::{Project, StageId};

/// Most matches listed at once.
const MAX_MATCHES: usize = 50;

/// The open popup: what has been typed and which match is highlighted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindStage {
    query: String,
    /// Index into the matches.
    selected: usize,
    /// The search field has been given the keyboard (first frame).
    focused: bool,
}

/// What the popup came to this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindOutcome {
    /// Still open.
    Open(FindStage),
    /// Closed without choosing.
    Closed,
    /// This stage was chosen; the popup closes.
    Found(StageId),
}

/// The stages of `project` whose name holds `query` (ignoring case): those starting with it
/// first, then the others, each group in project order.
pub fn matching_stages<'p>(project: &'p Project, query: &str) -> Vec<(&'p StageId, &'p str)> {
    let query = query.trim().to_lowercase();
    let mut matches: Vec<(bool, &StageId, &str)> = project
        .stages
        .iter()
        .filter_map(|stage| {
            let name = stage.name.to_lowercase();
            name.contains(&query)
                .then(|| (!name.starts_with(&query), &stage.id, stage.name.as_str()))
        })
        .collect();
    matches.sort_by_key(|(later, _, _)| *later);
    matches
        .into_iter()
        .take(MAX_MATCHES)
        .map(|(_, id, name)| (id, name))
        .collect()
}

/// Draws the popup and says what became of it.
pub fn find_stage_ui(ctx: &egui::Context, mut find: FindStage, project: &Project) -> FindOutcome {
    let matches = matching_stages(project, &find.query);
    // The keys that steer the list are taken before the search field would see them.
    let (down, up, enter) = ctx.input_mut(|input| {
        (
            input.consume_key(Modifiers::NONE, Key::ArrowDown),
            input.consume_key(Modifiers::NONE, Key::ArrowUp),
            input.consume_key(Modifiers::NONE, Key::Enter),
        )
    });
    if down {
        find.selected = (find.selected + 1).min(matches.len().saturating_sub(1));
    }
    if up {
        find.selected = find.selected.saturating_sub(1);
    }
    let mut chosen = enter
        .then(|| matches.get(find.selected).map(|(id, _)| (*id).clone()))
        .flatten();
    let response = egui::Modal::new(egui::Id::unique("find_stage")).show(ctx, |ui| {
        ui.set_width(380.0);
        let label = ui.label("Find stage");
        let field = ui.add(
            egui::TextEdit::singleline(&mut find.query)
                .desired_width(f32::INFINITY)
                .hint_text("Type part of a stage's name"),
        );
        let field = field.labelled_by(label.id);
        if !find.focused {
            field.request_focus();
            find.focused = true;
        }
        if field.changed() {
            find.selected = 0;
        }
        ui.add_space(4.0);
        if matches.is_empty() {
            ui.weak("No stage matches.");
        }
        egui::ScrollArea::vertical()
            .max_height(280.0)
            .show(ui, |ui| {
                for (index, (id, name)) in matches.iter().enumerate() {
                    let row = ui.add_sized(
                        [ui.available_width(), 0.0],
                        egui::Button::selectable(index == find.selected, *name),
                    );
                    if index == find.selected && (up || down) {
                        row.scroll_to_me(None);
                    }
                    if row.clicked() {
                        chosen = Some((*id).clone());
                    }
                }
            });
        ui.weak("Enter selects and centres it · Esc closes");
    });
    match chosen {
        Some(id) => FindOutcome::Found(id),
        None if response.should_close() => FindOutcome::Closed,
        None => FindOutcome::Open(find),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stage, StageKind};

    #[test]
    fn names_starting_with_the_text_come_first() {
        let mut project = Project::empty("Test", 2025);
        for (id, name) in [
            ("a", "Copper smelter"),
            ("b", "Smelter abroad"),
            ("c", "Mine"),
        ] {
            let mut stage = Stage::new(StageId::from(id), StageKind::Refining, 2025);
            stage.name = name.to_owned();
            project.stages.push(stage);
        }
        let found: Vec<&str> = matching_stages(&project, "SMELT")
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        assert_eq!(found, ["Smelter abroad", "Copper smelter"]);
        assert!(matching_stages(&project, "zinc").is_empty());
    }
}
