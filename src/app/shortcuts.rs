//! The window's keyboard shortcuts, in one table so menus show exactly what the keys do.

use egui::{Key, KeyboardShortcut, Modifiers};

/// File → New.
pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
/// File → Open….
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
/// File → Save.
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
/// File → Save as….
pub const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
/// File → Quit.
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
/// Edit → Undo.
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
/// Edit → Redo, as shown in the menu.
pub const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
/// Edit → Redo, the Windows-style alternative.
pub const REDO_ALT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
/// Edit → Duplicate.
pub const DUPLICATE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::D);
/// Edit → Delete.
pub const DELETE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::Delete);
/// Edit → Select all.
pub const SELECT_ALL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::A);
/// View → Fit chain to view.
pub const FIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F);
/// Scenario → Next scenario.
pub const NEXT_SCENARIO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F6);
/// Scenario → Previous scenario.
pub const PREVIOUS_SCENARIO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::F6);
/// View → Presentation mode (Esc also leaves it).
pub const PRESENT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F11);
/// View → Chain (the canvas).
pub const VIEW_CHAIN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num1);
/// View → Charts.
pub const VIEW_CHARTS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num2);
/// View → Analysis.
pub const VIEW_ANALYSIS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num3);
