//! The offer to restore unsaved work from an earlier run: what it holds, the two answers, and
//! the modal that asks. When copies are kept and what an answer does is
//! [`crate::app`]'s shell's (its `autosave` part).

use crate::io::recovery::Recovered;

use super::files::display_name;

/// What the restore prompt asks about: work found from an earlier run.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct RestoreOffer(pub(super) Box<Recovered>);

/// What the planner answered.
pub(super) enum RestoreChoice {
    Restore,
    Discard,
}

/// The restore prompt. Only its buttons close it: work must not be thrown away by a stray
/// click or Escape.
pub(super) fn restore_modal_ui(ctx: &egui::Context, offer: &RestoreOffer) -> Option<RestoreChoice> {
    let found = &offer.0;
    let from = found
        .original_path
        .as_deref()
        .map_or_else(|| "a project that was never saved".to_owned(), display_name);
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("restore_unsaved_work")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading("Restore unsaved work?");
        ui.add_space(6.0);
        ui.label(format!(
            "Uplift closed last time without saving changes to “{}” ({from}). Restore them, or discard them for good?",
            found.project.name
        ));
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                choice = Some(RestoreChoice::Restore);
            }
            if ui.button("Discard").clicked() {
                choice = Some(RestoreChoice::Discard);
            }
        });
    });
    choice
}
