//! The command palette (Ctrl+K): a modal with a search field that finds any command of the
//! [command table](super::commands) by part of its label. Up and Down move through the
//! matches, Enter or a click runs one, Esc closes it.

use egui::{Key, Modifiers};

use super::commands::{CommandContext, UiCommand};

/// The open palette: what has been typed and which match is highlighted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandPalette {
    query: String,
    /// Index into the matches.
    selected: usize,
    /// The search field has been given the keyboard (first frame).
    focused: bool,
}

/// What the palette came to this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaletteOutcome {
    /// Still open.
    Open(CommandPalette),
    /// Closed without running anything.
    Closed,
    /// This command was chosen; the palette closes.
    Run(UiCommand),
}

/// The enabled commands whose label holds `query` (ignoring case), in menu order.
pub fn matching_commands(query: &str, context: CommandContext) -> Vec<UiCommand> {
    let query = query.trim().to_lowercase();
    UiCommand::ALL
        .into_iter()
        .filter(|command| *command != UiCommand::CommandPalette && command.is_enabled(context))
        .filter(|command| command.label().to_lowercase().contains(&query))
        .collect()
}

/// Draws the palette and says what became of it.
pub fn command_palette_ui(
    ctx: &egui::Context,
    mut palette: CommandPalette,
    context: CommandContext,
) -> PaletteOutcome {
    let matches = matching_commands(&palette.query, context);
    // The keys that steer the list are taken before the search field would see them.
    let (down, up, enter) = ctx.input_mut(|input| {
        (
            input.consume_key(Modifiers::NONE, Key::ArrowDown),
            input.consume_key(Modifiers::NONE, Key::ArrowUp),
            input.consume_key(Modifiers::NONE, Key::Enter),
        )
    });
    if down {
        palette.selected = (palette.selected + 1).min(matches.len().saturating_sub(1));
    }
    if up {
        palette.selected = palette.selected.saturating_sub(1);
    }
    let mut chosen = enter
        .then(|| matches.get(palette.selected).copied())
        .flatten();
    let response = egui::Modal::new(egui::Id::unique("command_palette")).show(ctx, |ui| {
        ui.set_width(460.0);
        let label = ui.label("Search commands");
        let field = ui.add(
            egui::TextEdit::singleline(&mut palette.query)
                .desired_width(f32::INFINITY)
                .hint_text("Type part of a command's name, e.g. save"),
        );
        let field = field.labelled_by(label.id);
        if !palette.focused {
            field.request_focus();
            palette.focused = true;
        }
        if field.changed() {
            palette.selected = 0;
        }
        ui.add_space(4.0);
        if matches.is_empty() {
            ui.weak("No command matches.");
        }
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                for (index, command) in matches.iter().enumerate() {
                    let mut button =
                        egui::Button::selectable(index == palette.selected, command.label());
                    if let Some(shortcut) = command.primary_shortcut() {
                        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
                    }
                    let row = ui
                        .add_sized([ui.available_width(), 0.0], button)
                        .on_hover_text(command.tooltip());
                    if index == palette.selected && (up || down) {
                        row.scroll_to_me(None);
                    }
                    if row.clicked() {
                        chosen = Some(*command);
                    }
                }
            });
    });
    match chosen {
        Some(command) => PaletteOutcome::Run(command),
        None if response.should_close() => PaletteOutcome::Closed,
        None => PaletteOutcome::Open(palette),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_filters_by_label_ignoring_case() {
        let context = CommandContext::default();
        assert_eq!(
            matching_commands("CHARTS", context),
            [UiCommand::ViewCharts]
        );
        let saves = matching_commands("save", context);
        assert_eq!(saves, [UiCommand::Save, UiCommand::SaveAs]);
        // Disabled commands (nothing to undo) and the palette itself are not offered.
        assert!(matching_commands("undo", context).is_empty());
        assert!(matching_commands("palette", context).is_empty());
    }
}
