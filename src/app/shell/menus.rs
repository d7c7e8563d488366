//! The menu bar and the tool bar, built from the command table: every entry is a
//! [`UiCommand`] with the label, tooltip, shortcut text and availability the table gives it,
//! and clicking one only queues the command. Recent files, examples and panel switches (which
//! are not commands) sit beside them.

use egui::Ui;

use super::{CentralView, ThemeChoice, UpliftApp};
use crate::app::action::Action;
use crate::app::commands::{CommandContext, UiCommand};
use crate::app::files::{Command, display_name, folder_text};
use crate::app::icons::{Icon, icon_atom};
use crate::app::scenarios;

impl UpliftApp {
    pub(super) fn menu_bar_ui(&mut self, ui: &mut Ui) {
        let context = self.command_context();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| self.file_menu_ui(ui, context));
            ui.menu_button("Edit", |ui| self.edit_menu_ui(ui, context));
            ui.menu_button("View", |ui| self.view_menu_ui(ui, context));
            ui.menu_button("Scenario", |ui| self.scenario_menu_ui(ui, context));
            ui.menu_button("Help", |ui| {
                for command in [
                    UiCommand::UserGuide,
                    UiCommand::KeyboardShortcuts,
                    UiCommand::Method,
                    UiCommand::Glossary,
                ] {
                    self.command_item_ui(ui, command, context);
                }
                ui.separator();
                self.command_item_ui(ui, UiCommand::CommandPalette, context);
                self.command_item_ui(ui, UiCommand::About, context);
            });
        });
    }

    /// A menu entry for `command`, with its shortcut on the right, greyed out when it cannot
    /// run now; a click queues it.
    fn command_item_ui(&mut self, ui: &mut Ui, command: UiCommand, context: CommandContext) {
        let text = match command {
            UiCommand::Undo => self.doc.undo_label().map_or_else(
                || command.label().to_owned(),
                |label| format!("Undo {label}"),
            ),
            UiCommand::Redo => self.doc.redo_label().map_or_else(
                || command.label().to_owned(),
                |label| format!("Redo {label}"),
            ),
            _ => command.label().to_owned(),
        };
        let mut button = egui::Button::new(text);
        if let Some(shortcut) = command.primary_shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
        }
        if ui
            .add_enabled(command.is_enabled(context), button)
            .on_hover_text(command.tooltip())
            .clicked()
        {
            self.actions.push(Action::Run(command));
        }
    }

    fn file_menu_ui(&mut self, ui: &mut Ui, context: CommandContext) {
        self.command_item_ui(ui, UiCommand::New, context);
        self.command_item_ui(ui, UiCommand::Open, context);
        let recent_enabled = !self.prefs.recent_files.is_empty();
        ui.add_enabled_ui(recent_enabled, |ui| {
            ui.menu_button("Open recent", |ui| {
                self.prefs.forget_missing_files();
                let mut chosen = None;
                for path in &self.prefs.recent_files {
                    // Two files of one name in different folders are told apart by folder.
                    let folder = path.parent().map(folder_text).unwrap_or_default();
                    if ui
                        .add(egui::Button::new(display_name(path)).shortcut_text(folder))
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        chosen = Some(path.clone());
                    }
                }
                ui.separator();
                if ui.button("Clear recent files").clicked() {
                    self.prefs.recent_files.clear();
                }
                if let Some(path) = chosen {
                    self.actions.push(Action::File(Command::OpenPath(path)));
                }
            });
        });
        ui.menu_button("Open example", |ui| {
            for (index, name) in self.example_names.iter().enumerate() {
                if ui.button(name).clicked() {
                    self.actions.push(Action::File(Command::OpenExample(index)));
                }
            }
        });
        ui.separator();
        self.command_item_ui(ui, UiCommand::Save, context);
        self.command_item_ui(ui, UiCommand::SaveAs, context);
        ui.separator();
        self.command_item_ui(ui, UiCommand::ImportStages, context);
        self.command_item_ui(ui, UiCommand::WriteImportTemplate, context);
        ui.separator();
        for format in crate::chart::export::ExportFormat::ALL {
            self.command_item_ui(ui, UiCommand::ExportChart(format), context);
        }
        self.command_item_ui(ui, UiCommand::ExportReport, context);
        self.command_item_ui(ui, UiCommand::ExportWorkbook, context);
        let mut print = self.prefs.print_style;
        if ui
            .checkbox(&mut print, UiCommand::TogglePrintStyle.label())
            .on_hover_text(UiCommand::TogglePrintStyle.tooltip())
            .changed()
        {
            self.actions.push(Action::Run(UiCommand::TogglePrintStyle));
        }
        ui.separator();
        self.command_item_ui(ui, UiCommand::Quit, context);
    }

    fn edit_menu_ui(&mut self, ui: &mut Ui, context: CommandContext) {
        self.command_item_ui(ui, UiCommand::Undo, context);
        self.command_item_ui(ui, UiCommand::Redo, context);
        ui.separator();
        self.command_item_ui(ui, UiCommand::Copy, context);
        self.command_item_ui(ui, UiCommand::Paste, context);
        self.command_item_ui(ui, UiCommand::Duplicate, context);
        self.command_item_ui(ui, UiCommand::Delete, context);
        self.command_item_ui(ui, UiCommand::SelectAll, context);
        self.command_item_ui(ui, UiCommand::FindStage, context);
    }

    fn view_menu_ui(&mut self, ui: &mut Ui, context: CommandContext) {
        for command in [
            UiCommand::ViewChain,
            UiCommand::ViewCharts,
            UiCommand::ViewAnalysis,
            UiCommand::Present,
        ] {
            self.command_item_ui(ui, command, context);
        }
        ui.separator();
        ui.checkbox(&mut self.prefs.panels.palette, "Palette");
        ui.checkbox(&mut self.prefs.panels.inspector, "Inspector");
        ui.checkbox(&mut self.prefs.panels.results, "Results");
        ui.checkbox(&mut self.prefs.panels.minimap, "Minimap")
            .on_hover_text(
                "A map of the whole chain in the canvas's corner, while it does not fit in view",
            );
        ui.separator();
        let mut dark = self.prefs.theme == ThemeChoice::Dark;
        if ui.checkbox(&mut dark, "Dark theme").changed() {
            self.actions.push(Action::Run(UiCommand::ToggleTheme));
        }
        let local = self
            .project()
            .currency
            .local
            .as_ref()
            .map(|l| l.code.clone());
        ui.add_enabled_ui(local.is_some(), |ui| {
            let text = match &local {
                Some(code) => format!("Show money in {code}"),
                None => "Show money in local currency".to_owned(),
            };
            ui.checkbox(&mut self.prefs.show_local_currency, text)
                .on_disabled_hover_text(
                    "The project has no local display currency; set one in the project settings.",
                );
        });
        ui.separator();
        for command in [
            UiCommand::ZoomIn,
            UiCommand::ZoomOut,
            UiCommand::ZoomReset,
            UiCommand::Fit,
            UiCommand::Arrange,
        ] {
            self.command_item_ui(ui, command, context);
        }
    }

    fn scenario_menu_ui(&mut self, ui: &mut Ui, context: CommandContext) {
        for command in [
            UiCommand::NewScenario,
            UiCommand::DuplicateScenario,
            UiCommand::RenameScenario,
            UiCommand::DeleteScenario,
        ] {
            self.command_item_ui(ui, command, context);
        }
        ui.separator();
        self.command_item_ui(ui, UiCommand::NextScenario, context);
        self.command_item_ui(ui, UiCommand::PreviousScenario, context);
    }

    /// A tool bar button for `command`: its icon and short label, its tooltip with the
    /// shortcut; a click queues it.
    fn tool_button_ui(
        &mut self,
        ui: &mut Ui,
        command: UiCommand,
        icon: Option<Icon>,
        context: CommandContext,
    ) {
        let button = match icon {
            Some(icon) => egui::Button::new((icon_atom(icon), command.short_label())),
            None => egui::Button::new(command.short_label()),
        };
        let hover = match command {
            UiCommand::Undo => self.doc.undo_label().map_or_else(
                || "Nothing to undo".to_owned(),
                |label| format!("Undo {label}"),
            ),
            UiCommand::Redo => self.doc.redo_label().map_or_else(
                || "Nothing to redo".to_owned(),
                |label| format!("Redo {label}"),
            ),
            _ => command.tooltip().to_owned(),
        };
        let hover = match command.primary_shortcut() {
            Some(shortcut) => format!("{hover} ({})", ui.ctx().format_shortcut(shortcut)),
            None => hover,
        };
        if ui
            .add_enabled(command.is_enabled(context), button)
            .on_hover_text(hover)
            .clicked()
        {
            self.actions.push(Action::Run(command));
        }
    }

    pub(super) fn tool_bar_ui(&mut self, ui: &mut Ui) {
        let context = self.command_context();
        ui.horizontal(|ui| {
            self.tool_button_ui(ui, UiCommand::New, Some(Icon::New), context);
            self.tool_button_ui(ui, UiCommand::Open, Some(Icon::Open), context);
            self.tool_button_ui(ui, UiCommand::Save, Some(Icon::Save), context);
            ui.separator();
            self.tool_button_ui(ui, UiCommand::Undo, Some(Icon::Undo), context);
            self.tool_button_ui(ui, UiCommand::Redo, Some(Icon::Redo), context);
            ui.separator();
            self.tool_button_ui(ui, UiCommand::Fit, Some(Icon::Fit), context);
            self.tool_button_ui(ui, UiCommand::Arrange, Some(Icon::Arrange), context);
            ui.separator();
            for (command, view) in [
                (UiCommand::ViewChain, CentralView::Chain),
                (UiCommand::ViewCharts, CentralView::Charts),
                (UiCommand::ViewAnalysis, CentralView::Analysis),
            ] {
                let hover = command.hover_text(ui.ctx());
                if ui
                    .add(egui::Button::selectable(
                        self.central == view,
                        command.short_label(),
                    ))
                    .on_hover_text(hover)
                    .clicked()
                {
                    self.actions.push(Action::Run(command));
                }
            }
            ui.separator();
            scenarios::scenario_selector_ui(
                ui,
                self.doc.project(),
                self.doc.active_scenario(),
                &mut self.actions,
            );
            self.tool_button_ui(ui, UiCommand::Present, None, context);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let (icon, tip) = match self.prefs.theme {
                    ThemeChoice::Dark => (Icon::Sun, "Switch to the light theme"),
                    ThemeChoice::Light => (Icon::Moon, "Switch to the dark theme"),
                };
                if ui
                    .add(egui::Button::new(icon_atom(icon)))
                    .accessible_name(tip)
                    .on_hover_text(tip)
                    .clicked()
                {
                    self.actions.push(Action::Run(UiCommand::ToggleTheme));
                }
            });
        });
    }
}
