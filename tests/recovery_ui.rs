//! Crash recovery in the window, driven headless: unsaved work is copied to the recovery
//! folder, the next start offers it back (Restore / Discard), and the copy goes away after a
//! save or a discard.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use uplift::app::UpliftApp;
use uplift::app::action::Action;
use uplift::io::examples::default_project;
use uplift::io::recovery::RecoveryStore;
use uplift::model::Project;
use uplift::model::edit::Edit;

mod common;

use common::window::{DESIGN_SIZE, click, harness_of};

fn window_with_recovery(project: Project, store: &RecoveryStore) -> Harness<'static, UpliftApp> {
    let mut app = UpliftApp::new(project, None);
    app.enable_recovery(store.clone());
    harness_of(app, DESIGN_SIZE)
}

fn renamed(name: &str) -> Action {
    let project = default_project().unwrap();
    let mut settings = uplift::model::edit::Settings::of(&project);
    name.clone_into(&mut settings.name);
    Action::Edit(Edit::SetSettings(Box::new(settings)))
}

fn unsaved_work() -> Project {
    let mut project = default_project().unwrap();
    "Work from before the crash".clone_into(&mut project.name);
    project.stages.truncate(2);
    project.links.retain(|link| {
        project.stages.iter().any(|s| s.id == link.from)
            && project.stages.iter().any(|s| s.id == link.to)
    });
    project
}

#[test]
fn unsaved_work_is_offered_back_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path().to_owned());
    let original = dir.path().join("chain.ron");
    store.write(&unsaved_work(), Some(&original)).unwrap();

    let mut harness = window_with_recovery(default_project().unwrap(), &store);
    assert!(harness.query_by_label("Restore unsaved work?").is_some());
    click(&mut harness, "Restore");

    let app = harness.state();
    assert_eq!(app.project(), &unsaved_work());
    assert_eq!(app.path(), Some(original.as_path()));
    assert!(app.document().is_dirty(), "restored work is not saved yet");
    assert!(harness.query_by_label("Restore unsaved work?").is_none());
    // Still unsaved, so the copy stays.
    harness.state_mut().flush_recovery();
    assert!(store.recovery_path().exists());

    // A normal save removes it.
    harness.state_mut().save_to(&original).unwrap();
    harness.run();
    assert!(!store.recovery_path().exists());
    assert_eq!(uplift::io::load_project(&original).unwrap(), unsaved_work());
}

#[test]
fn discarding_the_offer_removes_the_copy_and_keeps_the_open_project() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path().to_owned());
    store.write(&unsaved_work(), None).unwrap();

    let mut harness = window_with_recovery(default_project().unwrap(), &store);
    click(&mut harness, "Discard");
    assert!(!store.recovery_path().exists());
    assert_eq!(harness.state().project(), &default_project().unwrap());
    assert!(harness.query_by_label("Restore unsaved work?").is_none());
}

#[test]
fn an_edit_is_copied_for_recovery_and_the_copy_goes_after_saving() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path().join("data"));
    let mut harness = window_with_recovery(default_project().unwrap(), &store);
    assert!(harness.query_by_label("Restore unsaved work?").is_none());
    assert!(!store.recovery_path().exists(), "nothing unsaved yet");

    harness
        .state_mut()
        .push_action(renamed("Edited, not saved"));
    harness.run();
    harness.state_mut().flush_recovery();
    let kept = store.read().unwrap().unwrap();
    assert_eq!(kept.project.name, "Edited, not saved");
    assert_eq!(kept.original_path, None);

    let path = dir.path().join("saved.ron");
    harness.state_mut().save_to(&path).unwrap();
    harness.run();
    harness.run();
    assert!(!store.recovery_path().exists());
}

#[test]
fn exit_keeps_unsaved_work_and_removes_the_copy_when_nothing_is_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path().to_owned());
    let mut harness = window_with_recovery(default_project().unwrap(), &store);
    harness
        .state_mut()
        .push_action(renamed("Closing with changes"));
    harness.run();
    harness.state_mut().recovery_on_exit();
    assert_eq!(
        store.read().unwrap().unwrap().project.name,
        "Closing with changes"
    );

    // Next start: restore, save, exit: nothing is left to offer.
    let mut harness = window_with_recovery(default_project().unwrap(), &store);
    click(&mut harness, "Restore");
    harness
        .state_mut()
        .save_to(&dir.path().join("kept.ron"))
        .unwrap();
    harness.state_mut().recovery_on_exit();
    assert!(!store.recovery_path().exists());
}
