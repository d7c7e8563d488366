//! The desktop window. Draws and edits a project through the core; holds no numbers of its own.

pub mod action;
pub mod analysis_view;
pub mod canvas;
pub mod charts;
mod command_palette;
pub mod commands;
mod derived;
pub mod files;
mod find_stage;
pub mod help;
pub mod icons;
pub mod import_dialog;
pub mod inspector;
mod plot_figure;
pub mod presentation;
pub mod presentation_chain;
mod recovery_prompt;
pub mod results_panel;
mod sankey_view;
pub mod scenarios;
mod shell;
mod stage_strip;
pub mod stage_table;
pub mod theme;
pub mod who_gets_panel;

use std::path::PathBuf;

pub use commands::UiCommand;
pub use files::{Command, PathPurpose, Proceed};
pub use shell::{
    CentralView, MAX_RECENT_FILES, PanelVisibility, Preferences, SidePage, ThemeChoice, UpliftApp,
    problem_summary,
};

/// The application icon (256×256 PNG), compiled in so the binary needs no files beside it.
const ICON_PNG: &[u8] = include_bytes!("../assets/icon.png");

/// Key under which [`Preferences`] are stored by eframe.
const PREFERENCES_KEY: &str = eframe::APP_KEY;

/// The icon as eframe wants it; `None` (default icon) if the PNG cannot be decoded.
fn app_icon() -> Option<egui::IconData> {
    let image = image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png).ok()?;
    let image = image.into_rgba8();
    let (width, height) = image.dimensions();
    Some(egui::IconData {
        rgba: image.into_raw(),
        width,
        height,
    })
}

impl eframe::App for UpliftApp {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        shell::UpliftApp::logic(self, ctx, Some(frame));
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFERENCES_KEY, self.preferences());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.recovery_on_exit();
    }
}

/// Where recovery copies and crash reports go: `UPLIFT_DATA_DIR` when set, else the system's
/// data folder for Uplift (the one eframe keeps settings in).
fn recovery_store() -> Option<crate::io::recovery::RecoveryStore> {
    crate::io::recovery::RecoveryStore::from_env_or(eframe::storage_dir("uplift"))
}

/// Makes a panic write a short crash report beside the recovery file, then report as usual.
/// The recovery file is never touched, so the last copy of unsaved work survives.
fn install_crash_reporter(store: crate::io::recovery::RecoveryStore) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let backtrace = std::backtrace::Backtrace::force_capture();
        let report = format!("{info}\n\nBacktrace:\n{backtrace}");
        if let Ok(path) = store.write_crash_report(&report) {
            eprintln!("uplift: crash report written to {}", path.display());
        }
        previous(info);
    }));
}

/// Opens the window on `file`, or on the bundled example project when there is none, and runs
/// until the window is closed.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let project = crate::io::examples::default_project()
        .unwrap_or_else(|_| crate::model::Project::empty("Untitled project", 2025));
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Uplift")
        .with_app_id("uplift")
        // Fits a 1366x768 laptop and a 1280x800 projector with a task bar; the size a user
        // chooses is remembered (persist_window).
        .with_inner_size([1280.0, 720.0])
        .with_min_inner_size([960.0, 600.0]);
    if let Some(icon) = app_icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        persist_window: true,
        ..Default::default()
    };
    let store = recovery_store();
    if let Some(store) = &store {
        install_crash_reporter(store.clone());
    }
    eframe::run_native(
        "uplift",
        options,
        Box::new(move |creation| {
            let mut app = UpliftApp::new(project, None);
            app.set_native_dialogs(true);
            if let Some(storage) = creation.storage
                && let Some(prefs) = eframe::get_value::<Preferences>(storage, PREFERENCES_KEY)
            {
                app.set_preferences(prefs);
            }
            if let Some(store) = store {
                app.enable_recovery(store);
            }
            if let Some(file) = &file
                && let Err(error) = app.open_path(file)
            {
                let name = file.file_name().map_or_else(
                    || file.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                app.show_error(
                    &format!("Could not open {name}"),
                    format!("{error}\n\nShowing the example project instead."),
                );
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| anyhow::anyhow!("could not open the window: {error}"))
}
