//! The user's commands, each described once (in the manner of rerun's `UICommand`): its label,
//! tooltip, keyboard shortcuts and when it can run. The menus, the tool bar, the keyboard
//! handling and the command palette are all built from this table, so a menu item shows
//! exactly the keys that do the same thing, and every way of asking for a command queues the
//! same value for the shell to run in one place.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::chart::export::ExportFormat;

/// One thing the user can ask the window to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    /// Start a new, empty project.
    New,
    /// Open a project file.
    Open,
    /// Save the project to its file.
    Save,
    /// Save the project to a new file.
    SaveAs,
    /// Close the window.
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Select every stage.
    SelectAll,
    /// Delete the selected stages and link.
    Delete,
    /// Duplicate the selected stages.
    Duplicate,
    /// Put the selected stages and the links among them on the clipboard.
    Copy,
    /// Add the stages on the clipboard (copied in this window or another).
    Paste,
    /// Add stages from a spreadsheet, after a preview.
    ImportStages,
    /// Write a spreadsheet to fill in for import.
    WriteImportTemplate,
    /// Fit the whole chain in view.
    Fit,
    /// Arrange the chain left to right by kind.
    Arrange,
    /// Show the chain canvas.
    ViewChain,
    /// Show the charts.
    ViewCharts,
    /// Show scenarios compared, sensitivity and uncertainty.
    ViewAnalysis,
    /// Enter or leave presentation mode.
    Present,
    /// Switch between the light and the dark theme.
    ToggleTheme,
    /// Open the command palette.
    CommandPalette,
    /// Find a stage by name and centre it.
    FindStage,
    /// Show the next scenario.
    NextScenario,
    /// Show the previous scenario.
    PreviousScenario,
    /// Make a scenario of what is on screen.
    NewScenario,
    /// Copy the scenario on screen.
    DuplicateScenario,
    /// Rename the scenario on screen.
    RenameScenario,
    /// Delete the scenario on screen.
    DeleteScenario,
    /// Put the levers back to the base (presentation mode's button).
    ResetLevers,
    /// Export the chart of the charts view in a format.
    ExportChart(ExportFormat),
    /// Write the report bundle (HTML, PDF and workbook) of the project into a folder.
    ExportReport,
    /// Write the Excel workbook of every chart's data and the report tables.
    ExportWorkbook,
    /// Switch exports between the screen style and the print style.
    TogglePrintStyle,
    /// Zoom the canvas in one step.
    ZoomIn,
    /// Zoom the canvas out one step.
    ZoomOut,
    /// Show the canvas at 100% (one canvas unit per point).
    ZoomReset,
    /// Open the user guide.
    UserGuide,
    /// List the keyboard shortcuts.
    KeyboardShortcuts,
    /// Show how every figure is calculated (METHOD.md).
    Method,
    /// Explain the words and abbreviations.
    Glossary,
    /// Show the program's name and version.
    About,
}

/// What the commands' availability depends on, gathered once per frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // Independent facts, each read by one command or two.
pub struct CommandContext {
    /// There is an edit to undo.
    pub can_undo: bool,
    /// There is an edit to redo.
    pub can_redo: bool,
    /// The project has stages.
    pub has_stages: bool,
    /// Stages are selected.
    pub stages_selected: bool,
    /// Stages or a link are selected.
    pub anything_selected: bool,
    /// The project has scenarios.
    pub has_scenarios: bool,
    /// A scenario (not the base) is on screen.
    pub scenario_shown: bool,
    /// The project computes, so there is a chart to export.
    pub has_results: bool,
    /// Some lever is away from the base (see [`UiCommand::ResetLevers`]).
    pub levers_moved: bool,
}

/// `Ctrl` (`Cmd` on a Mac) with `key`.
const fn command(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

/// `Ctrl+Shift` (`Cmd+Shift` on a Mac) with `key`.
const fn command_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

/// `key` alone.
const fn bare(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

impl UiCommand {
    /// Every command, in menu order.
    pub const ALL: [Self; 45] = [
        Self::New,
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::ImportStages,
        Self::WriteImportTemplate,
        Self::ExportChart(ExportFormat::Png),
        Self::ExportChart(ExportFormat::Svg),
        Self::ExportChart(ExportFormat::Csv),
        Self::ExportChart(ExportFormat::Pdf),
        Self::ExportReport,
        Self::ExportWorkbook,
        Self::TogglePrintStyle,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::Copy,
        Self::Paste,
        Self::Duplicate,
        Self::Delete,
        Self::SelectAll,
        Self::FindStage,
        Self::ViewChain,
        Self::ViewCharts,
        Self::ViewAnalysis,
        Self::Present,
        Self::ToggleTheme,
        Self::Fit,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::Arrange,
        Self::CommandPalette,
        Self::NewScenario,
        Self::DuplicateScenario,
        Self::RenameScenario,
        Self::DeleteScenario,
        Self::NextScenario,
        Self::PreviousScenario,
        Self::ResetLevers,
        Self::UserGuide,
        Self::KeyboardShortcuts,
        Self::Method,
        Self::Glossary,
        Self::About,
    ];

    /// The menu item's text, in sentence case, with "…" when it opens a dialog.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::SelectAll => "Select all",
            Self::Delete => "Delete",
            Self::Duplicate => "Duplicate",
            Self::Copy => "Copy stages",
            Self::Paste => "Paste stages",
            Self::ImportStages => "Import stages…",
            Self::WriteImportTemplate => "Write import template…",
            Self::Fit => "Fit chain to view",
            Self::Arrange => "Arrange by kind",
            Self::ViewChain => "Chain",
            Self::ViewCharts => "Charts",
            Self::ViewAnalysis => "Analysis",
            Self::Present => "Presentation mode",
            Self::ToggleTheme => "Switch theme",
            Self::CommandPalette => "Command palette…",
            Self::FindStage => "Find stage…",
            Self::NextScenario => "Next scenario",
            Self::PreviousScenario => "Previous scenario",
            Self::NewScenario => "New scenario from what is shown…",
            Self::DuplicateScenario => "Duplicate scenario…",
            Self::RenameScenario => "Rename scenario…",
            Self::DeleteScenario => "Delete scenario",
            Self::ResetLevers => "Reset levers to base",
            Self::ExportChart(ExportFormat::Png) => "Export chart as PNG…",
            Self::ExportChart(ExportFormat::Svg) => "Export chart as SVG…",
            Self::ExportChart(ExportFormat::Csv) => "Export chart data as CSV…",
            Self::ExportChart(ExportFormat::Pdf) => "Export chart as PDF…",
            Self::ExportReport => "Export report…",
            Self::ExportWorkbook => "Export workbook…",
            Self::TogglePrintStyle => "Print style for exports",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Zoom to 100%",
            Self::UserGuide => "User guide",
            Self::KeyboardShortcuts => "Keyboard shortcuts",
            Self::Method => "Method: how Uplift calculates",
            Self::Glossary => "Glossary",
            Self::About => "About Uplift",
        }
    }

    /// The shorter text of its tool bar button, where it has one that differs from the label.
    pub fn short_label(self) -> &'static str {
        match self {
            Self::Fit => "Fit",
            Self::Arrange => "Arrange",
            Self::Present => "Present",
            other => other.label(),
        }
    }

    /// What the command does, for tooltips and the palette.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::New => "Start a new, empty project",
            Self::Open => "Open a project file",
            Self::Save => "Save the project",
            Self::SaveAs => "Save the project to a new file",
            Self::Quit => "Close the window (asks first about unsaved changes)",
            Self::Undo => "Undo the last change",
            Self::Redo => "Redo the last change undone",
            Self::SelectAll => "Select every stage on the canvas",
            Self::Delete => "Delete the selected stages and link (Undo brings them back)",
            Self::Duplicate => "Copy the selected stages and the links between them",
            Self::Copy => {
                "Put the selected stages and the links among them on the clipboard, to paste \
                 here or in another Uplift window"
            }
            Self::Paste => {
                "Add the stages on the clipboard, with their links, in free space on the canvas \
                 (one undo step)"
            }
            Self::ImportStages => {
                "Add stages from a spreadsheet (CSV or XLSX, one row a stage, columns named by \
                 field keys), after a preview that lists every bad cell"
            }
            Self::WriteImportTemplate => {
                "Save a spreadsheet to fill in for import: every field key as a column and \
                 one example row"
            }
            Self::Fit => "Fit the whole chain in view",
            Self::Arrange => "Arrange the chain left to right, one column per stage kind",
            Self::ViewChain => "Show the chain canvas",
            Self::ViewCharts => "Show charts of the results, ready to export",
            Self::ViewAnalysis => "Compare scenarios, see which levers matter, and run Monte Carlo",
            Self::Present => {
                "Full screen for a projector: the chain, a chart, the levers and the headline \
                 figures, large and high-contrast (Esc leaves)"
            }
            Self::ToggleTheme => "Switch between the light and the dark theme",
            Self::CommandPalette => "Find any command by typing part of its name",
            Self::FindStage => "Find a stage by part of its name, select it and centre it",
            Self::NextScenario => "Show the next scenario",
            Self::PreviousScenario => "Show the previous scenario",
            Self::NewScenario => "A scenario holding the values on screen now, to change further",
            Self::DuplicateScenario => "Copy the scenario shown under a new name",
            Self::RenameScenario => "Rename the scenario shown and change its description",
            Self::DeleteScenario => "Deletes the scenario shown (Undo brings it back)",
            Self::ResetLevers => {
                "Put every lever back to the base's value (on the base: to where it stood when \
                 presentation began)"
            }
            Self::ExportChart(ExportFormat::Png) => "Save the chart shown as a PNG image",
            Self::ExportChart(ExportFormat::Svg) => "Save the chart shown as an SVG drawing",
            Self::ExportChart(ExportFormat::Csv) => "Save the numbers behind the chart shown",
            Self::ExportChart(ExportFormat::Pdf) => {
                "Save the chart shown as a vector PDF for Word, LibreOffice or LaTeX"
            }
            Self::ExportReport => {
                "Write the report to hand in, into a folder: report.html, report.pdf and \
                 report.xlsx, the base against the scenario shown (or every scenario, when the \
                 base is shown)"
            }
            Self::ExportWorkbook => {
                "Save an Excel workbook of the scenario shown: every chart's data, the \
                 per-stage table and the assumptions with their sources"
            }
            Self::TogglePrintStyle => {
                "Export charts and reports with dashed, marked lines and hatched bars, so \
                 series stay apart when printed in black and white"
            }
            Self::ZoomIn => "Zoom the chain canvas in, keeping the middle of the view",
            Self::ZoomOut => "Zoom the chain canvas out, keeping the middle of the view",
            Self::ZoomReset => "Show the chain canvas at 100%, boxes at their own size",
            Self::UserGuide => {
                "Getting started with the examples, a tour of the window, the charts, levers, \
                 scenarios and presentation mode"
            }
            Self::KeyboardShortcuts => "Every command's keys, and the mouse on the canvas",
            Self::Method => "Every formula, its source and a worked example (METHOD.md)",
            Self::Glossary => "VA, IC, GNI, NSR, AETR and the other words Uplift uses",
            Self::About => "Version and what Uplift is for",
        }
    }

    /// The keys that run the command: the first is the one menus show, the others are
    /// alternatives (Redo: Ctrl+Shift+Z and Ctrl+Y).
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Self::New => const { &[command(Key::N)] },
            Self::Open => const { &[command(Key::O)] },
            Self::Save => const { &[command(Key::S)] },
            Self::SaveAs => const { &[command_shift(Key::S)] },
            Self::Quit => const { &[command(Key::Q)] },
            Self::Undo => const { &[command(Key::Z)] },
            Self::Redo => const { &[command_shift(Key::Z), command(Key::Y)] },
            Self::SelectAll => const { &[command(Key::A)] },
            Self::Delete => const { &[bare(Key::Delete), bare(Key::Backspace)] },
            Self::Duplicate => const { &[command(Key::D)] },
            Self::Copy => const { &[command(Key::C)] },
            Self::Paste => const { &[command(Key::V)] },
            Self::Fit => const { &[bare(Key::F)] },
            Self::ViewChain => const { &[command(Key::Num1)] },
            Self::ViewCharts => const { &[command(Key::Num2)] },
            Self::ViewAnalysis => const { &[command(Key::Num3)] },
            Self::Present => const { &[bare(Key::F11)] },
            Self::CommandPalette => const { &[command(Key::K)] },
            Self::FindStage => const { &[command(Key::F)] },
            Self::NextScenario => const { &[bare(Key::F6)] },
            Self::PreviousScenario => const { &[KeyboardShortcut::new(Modifiers::SHIFT, Key::F6)] },
            // Ctrl+= is Ctrl++ without Shift on most keyboards.
            Self::ZoomIn => const { &[command(Key::Plus), command(Key::Equals)] },
            Self::ZoomOut => const { &[command(Key::Minus)] },
            Self::ZoomReset => const { &[command(Key::Num0)] },
            Self::UserGuide => const { &[bare(Key::F1)] },
            Self::Arrange
            | Self::ToggleTheme
            | Self::NewScenario
            | Self::DuplicateScenario
            | Self::RenameScenario
            | Self::DeleteScenario
            | Self::ResetLevers
            | Self::ExportChart(_)
            | Self::ImportStages
            | Self::WriteImportTemplate
            | Self::ExportReport
            | Self::ExportWorkbook
            | Self::TogglePrintStyle
            | Self::KeyboardShortcuts
            | Self::Method
            | Self::Glossary
            | Self::About => &[],
        }
    }

    /// The shortcut a menu shows, if any.
    pub fn primary_shortcut(self) -> Option<&'static KeyboardShortcut> {
        self.shortcuts().first()
    }

    /// True for commands whose keys belong to a text field while one has focus: Ctrl+Z
    /// undoes typing, Delete and F edit the text, Ctrl+C and Ctrl+V copy and paste text.
    pub fn yields_to_text(self) -> bool {
        matches!(
            self,
            Self::Undo
                | Self::Redo
                | Self::SelectAll
                | Self::Delete
                | Self::Duplicate
                | Self::Fit
                | Self::Copy
                | Self::Paste
        )
    }

    /// True for commands that act on the chain's selection (Select all, Delete, Duplicate):
    /// their keys never run them while any widget has keyboard focus, a text field or not.
    /// A planner who tabbed onto a choice or a switch in the inspector and pressed Ctrl+A
    /// then Delete meant the form, not "remove every stage".
    pub fn yields_to_focus(self) -> bool {
        matches!(self, Self::SelectAll | Self::Delete | Self::Duplicate)
    }

    /// Whether the command can run now.
    pub fn is_enabled(self, context: CommandContext) -> bool {
        match self {
            Self::Undo => context.can_undo,
            Self::Redo => context.can_redo,
            Self::SelectAll | Self::Arrange | Self::FindStage => context.has_stages,
            Self::Duplicate | Self::Copy => context.stages_selected,
            Self::Delete => context.anything_selected,
            Self::NextScenario | Self::PreviousScenario => context.has_scenarios,
            Self::DuplicateScenario | Self::RenameScenario | Self::DeleteScenario => {
                context.scenario_shown
            }
            Self::ExportChart(_) | Self::ExportReport | Self::ExportWorkbook => context.has_results,
            Self::ResetLevers => context.levers_moved,
            Self::New
            | Self::Open
            | Self::Save
            | Self::SaveAs
            | Self::Quit
            | Self::Fit
            | Self::ViewChain
            | Self::ViewCharts
            | Self::ViewAnalysis
            | Self::Present
            | Self::ToggleTheme
            | Self::CommandPalette
            | Self::NewScenario
            | Self::Paste
            | Self::ImportStages
            | Self::WriteImportTemplate
            | Self::TogglePrintStyle
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::UserGuide
            | Self::KeyboardShortcuts
            | Self::Method
            | Self::Glossary
            | Self::About => true,
        }
    }

    /// The tooltip with the primary shortcut in brackets, as the tool bar shows it.
    pub fn hover_text(self, ctx: &egui::Context) -> String {
        match self.primary_shortcut() {
            Some(shortcut) => format!("{} ({})", self.tooltip(), ctx.format_shortcut(shortcut)),
            None => self.tooltip().to_owned(),
        }
    }
}

/// How many modifier keys a shortcut needs; shortcuts needing more are tried first, because
/// egui's `consume_shortcut` ignores an extra Shift (Ctrl+S would take Ctrl+Shift+S).
fn modifier_count(shortcut: KeyboardShortcut) -> usize {
    let m = shortcut.modifiers;
    [m.alt, m.ctrl || m.command || m.mac_cmd, m.shift]
        .into_iter()
        .filter(|held| *held)
        .count()
}

/// The commands whose shortcuts were pressed this frame, taking the key presses out of the
/// input so no widget acts on them as well. While a text field has focus, commands that
/// [yield to text](UiCommand::yields_to_text) are left alone, and while any widget has focus,
/// those that [yield to focus](UiCommand::yields_to_focus).
pub fn consume_shortcuts(ctx: &egui::Context) -> Vec<UiCommand> {
    let text_focused = ctx.text_edit_focused();
    let anything_focused = ctx.memory(|memory| memory.focused().is_some());
    let mut keyed: Vec<(&KeyboardShortcut, UiCommand)> = UiCommand::ALL
        .into_iter()
        .filter(|command| !(text_focused && command.yields_to_text()))
        .filter(|command| !(anything_focused && command.yields_to_focus()))
        .flat_map(|command| command.shortcuts().iter().map(move |s| (s, command)))
        .collect();
    keyed.sort_by_key(|(shortcut, _)| std::cmp::Reverse(modifier_count(**shortcut)));
    let mut pressed = Vec::new();
    ctx.input_mut(|input| {
        for (shortcut, command) in keyed {
            if input.consume_shortcut(shortcut) && !pressed.contains(&command) {
                pressed.push(command);
            }
        }
    });
    pressed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen: Vec<(KeyboardShortcut, UiCommand)> = Vec::new();
        for command in UiCommand::ALL {
            for shortcut in command.shortcuts() {
                if let Some((_, other)) = seen.iter().find(|(known, _)| known == shortcut) {
                    panic!("{command:?} and {other:?} share {shortcut:?}");
                }
                seen.push((*shortcut, command));
            }
        }
    }

    #[test]
    fn every_command_is_listed_once_with_a_label_and_a_tooltip() {
        for (index, command) in UiCommand::ALL.iter().enumerate() {
            assert!(!UiCommand::ALL[..index].contains(command), "{command:?}");
            let label = command.label();
            let first = label.chars().next().unwrap_or_default();
            assert!(first.is_uppercase(), "{label}");
            assert!(!command.tooltip().is_empty());
        }
        assert!(UiCommand::Redo.shortcuts().len() == 2);
    }

    #[test]
    fn shortcuts_with_more_modifiers_are_tried_first() {
        let ctrl_s = UiCommand::Save.shortcuts()[0];
        let ctrl_shift_s = UiCommand::SaveAs.shortcuts()[0];
        assert!(modifier_count(ctrl_shift_s) > modifier_count(ctrl_s));
    }
}
