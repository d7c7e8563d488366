//! The Help menu's pages in a window: the user guide, the keyboard shortcuts (generated from
//! the command table), the method (`docs/METHOD.md`) and the glossary.
//!
//! The guide, method and glossary are the Markdown files in `docs/`, compiled in, so the window
//! and the repository say the same. They are rendered with `egui_commonmark`, which lays out
//! only what is in view; the method is long, so it is split at its `##` headings once and
//! read a section at a time.

use std::sync::LazyLock;

use egui::{RichText, Ui};
use egui_commonmark::{CommonMarkCache, CommonMarkScrollOptions, CommonMarkViewer};

use super::commands::UiCommand;
use crate::report::meta::heading_anchor;

/// The user guide (`docs/GUIDE.md`).
pub const GUIDE: &str = include_str!("../../docs/GUIDE.md");
/// The glossary (`docs/GLOSSARY.md`).
pub const GLOSSARY: &str = include_str!("../../docs/GLOSSARY.md");
/// How every figure is calculated (`docs/METHOD.md`).
pub const METHOD: &str = include_str!("../../docs/METHOD.md");

/// A page of the Help window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpPage {
    /// Getting started, a tour of the window, the charts, levers and scenarios, presenting.
    Guide,
    /// Every command with a shortcut, and the canvas's mouse gestures.
    Shortcuts,
    /// `docs/METHOD.md`, section by section.
    Method,
    /// The words and abbreviations.
    Glossary,
}

impl HelpPage {
    /// The window's title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Guide => "User guide",
            Self::Shortcuts => "Keyboard shortcuts",
            Self::Method => "Method",
            Self::Glossary => "Glossary",
        }
    }
}

/// What the Help window remembers: the page open (if any), the method's section, and the
/// Markdown viewer's cache.
#[derive(Default)]
pub struct HelpState {
    page: Option<HelpPage>,
    method_section: usize,
    cache: CommonMarkCache,
}

impl std::fmt::Debug for HelpState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HelpState")
            .field("page", &self.page)
            .field("method_section", &self.method_section)
            .finish_non_exhaustive()
    }
}

impl HelpState {
    /// Opens the window on `page`.
    pub fn open(&mut self, page: HelpPage) {
        self.page = Some(page);
    }

    /// The page shown, if the window is open.
    pub fn page(&self) -> Option<HelpPage> {
        self.page
    }
}

/// A Markdown document cut at its `##` headings: (heading, text from the heading on). The
/// part before the first heading is the first section, under the document's title.
fn sections(markdown: &'static str) -> Vec<(String, &'static str)> {
    let mut starts = vec![0];
    let mut in_code = false;
    let mut offset = 0;
    for line in markdown.split_inclusive('\n') {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with("## ") {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(markdown.len());
    starts
        .windows(2)
        .filter_map(|pair| {
            let text = markdown.get(pair[0]..pair[1])?;
            let heading = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches('#')
                .trim()
                .to_owned();
            Some((heading, text))
        })
        .collect()
}

/// The method's sections, cut once.
static METHOD_SECTIONS: LazyLock<Vec<(String, &'static str)>> = LazyLock::new(|| sections(METHOD));

/// Draws the Help window while a page is open.
pub fn help_window_ui(ctx: &egui::Context, state: &mut HelpState) {
    let Some(page) = state.page else {
        return;
    };
    let mut open = true;
    egui::Window::new(page.title())
        .id(egui::Id::unique("help-window"))
        .open(&mut open)
        .default_size([760.0, 560.0])
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .collapsible(false)
        .vscroll(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                for other in [
                    HelpPage::Guide,
                    HelpPage::Shortcuts,
                    HelpPage::Method,
                    HelpPage::Glossary,
                ] {
                    ui.selectable_value(&mut state.page, Some(other), other.title());
                }
            });
            ui.separator();
            match page {
                HelpPage::Guide => markdown_ui(ui, &mut state.cache, "help-guide", GUIDE),
                HelpPage::Glossary => {
                    markdown_ui(ui, &mut state.cache, "help-glossary", GLOSSARY);
                }
                HelpPage::Shortcuts => shortcuts_ui(ui),
                HelpPage::Method => method_ui(ui, state),
            }
        });
    if !open {
        state.page = None;
    }
}

/// A Markdown text in a scroll area, laid out only where it is in view.
fn markdown_ui(ui: &mut Ui, cache: &mut CommonMarkCache, id: &str, text: &str) {
    CommonMarkViewer::new().show_scrollable(
        egui::Id::unique(id),
        ui,
        cache,
        &CommonMarkScrollOptions::default(),
        text,
    );
}

/// The method: its sections listed on the left, the one chosen on the right.
fn method_ui(ui: &mut Ui, state: &mut HelpState) {
    let sections = &*METHOD_SECTIONS;
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(220.0);
            egui::ScrollArea::vertical()
                .id_salt("method-contents")
                .show(ui, |ui| {
                    for (index, (heading, _)) in sections.iter().enumerate() {
                        let heading = if index == 0 { "Introduction" } else { heading };
                        ui.selectable_value(&mut state.method_section, index, heading);
                    }
                });
        });
        ui.separator();
        ui.vertical(|ui| {
            let index = state.method_section.min(sections.len().saturating_sub(1));
            if let Some((_, text)) = sections.get(index) {
                markdown_ui(ui, &mut state.cache, &format!("help-method-{index}"), text);
            }
        });
    });
    // A link to a section of the method ("#9-decisions") shows that section, rather than
    // asking the system to open a web page that does not exist.
    let mut anchor = None;
    ui.ctx().output_mut(|output| {
        output.commands.retain(|command| match command {
            egui::OutputCommand::OpenUrl(open) if open.url.starts_with('#') => {
                anchor = Some(open.url.trim_start_matches('#').to_owned());
                false
            }
            _ => true,
        });
    });
    if let Some(index) = anchor.and_then(|anchor| {
        sections
            .iter()
            .position(|(heading, _)| heading_anchor(heading) == anchor)
    }) {
        state.method_section = index;
    }
}

/// A command's keys as the menus write them: "Ctrl+Shift+Z or Ctrl+Y".
pub fn shortcut_text(ctx: &egui::Context, command: UiCommand) -> Option<String> {
    let keys: Vec<String> = command
        .shortcuts()
        .iter()
        .map(|shortcut| ctx.format_shortcut(shortcut))
        .collect();
    (!keys.is_empty()).then(|| keys.join(" or "))
}

/// Mouse gestures on the canvas, which are not commands.
const GESTURES: [(&str, &str); 7] = [
    ("Move a box", "Drag it"),
    (
        "Link two stages",
        "Drag the round handle on a box's right edge onto another box",
    ),
    ("Pan", "Drag empty space, or scroll"),
    ("Zoom", "Ctrl+scroll, or pinch"),
    ("Select an area", "Shift+drag on empty space"),
    ("Add a stage here, or act on a link", "Right-click"),
    ("Go to a part of a large chain", "Click the minimap"),
];

/// Every command that has a shortcut, in menu order, then the canvas's gestures.
fn shortcuts_ui(ui: &mut Ui) {
    egui::ScrollArea::vertical()
        .id_salt("help-shortcuts")
        .show(ui, |ui| {
            ui.label(RichText::new("Commands").strong());
            egui::Grid::new("shortcuts-grid")
                .striped(true)
                .num_columns(2)
                .show(ui, |ui| {
                    for command in UiCommand::ALL {
                        let Some(keys) = shortcut_text(ui.ctx(), command) else {
                            continue;
                        };
                        ui.label(command.label()).on_hover_text(command.tooltip());
                        ui.label(RichText::new(keys).monospace());
                        ui.end_row();
                    }
                });
            ui.add_space(10.0);
            ui.label(RichText::new("On the canvas").strong());
            egui::Grid::new("gestures-grid")
                .striped(true)
                .num_columns(2)
                .show(ui, |ui| {
                    for (what, how) in GESTURES {
                        ui.label(what);
                        ui.label(how);
                        ui.end_row();
                    }
                });
            ui.add_space(10.0);
            ui.weak(
                "Every command is also in the command palette (Ctrl+K): type part of its name.",
            );
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_method_is_cut_at_its_sections() {
        let sections = sections(METHOD);
        assert_eq!(sections[0].0, "How Uplift calculates");
        assert!(
            sections
                .iter()
                .any(|(heading, _)| heading == "4. Stage accounts")
        );
        let joined: String = sections.iter().map(|(_, text)| *text).collect();
        assert_eq!(joined, METHOD, "nothing is lost or repeated");
        // The method's own links find their sections.
        assert!(
            sections
                .iter()
                .any(|(heading, _)| heading_anchor(heading) == "9-decisions")
        );
        assert!(
            sections
                .iter()
                .any(|(heading, _)| heading_anchor(heading)
                    == "16-prices-the-deck-and-pricing-rules")
        );
    }
}
