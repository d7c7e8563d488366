//! How long the window takes to draw one frame with no GPU: egui's layout and painting of the
//! whole window (menus, palette, canvas, inspector, results table) plus tessellation into
//! triangles, at 1280x800. What is left per frame is uploading those triangles to the GPU.
//! Targets and figures are in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use egui::{Context, RawInput, Rect, pos2, vec2};
use uplift::app::UpliftApp;
use uplift::app::action::Action;
use uplift::io::examples::default_project;
use uplift::model::Project;
use uplift::model::edit::Edit;
use uplift::model::generate::generate;

/// The window on one project, driven frame by frame through a bare egui context (no AccessKit,
/// no test harness), as eframe drives it when no screen reader is on.
struct Window {
    ctx: Context,
    app: UpliftApp,
    time_secs: f64,
}

impl Window {
    fn new(project: Project) -> Self {
        let mut window = Self {
            ctx: Context::default(),
            app: UpliftApp::new(project, None),
            time_secs: 0.0,
        };
        // Panels slide open and the canvas fits the chain into view over the first frames.
        for _ in 0..30 {
            window.frame();
        }
        window
    }

    /// One frame: input, the app's logic and drawing, then tessellation. Returns the number of
    /// triangles' worth of meshes, so nothing is optimised away.
    fn frame(&mut self) -> usize {
        self.time_secs += 1.0 / 120.0;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1280.0, 800.0))),
            time: Some(self.time_secs),
            ..RawInput::default()
        };
        let app = &mut self.app;
        let output = self.ctx.run_ui(input, |ui| app.update_ui(ui));
        let meshes = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        meshes.len()
    }
}

fn window_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("window frame at 1280x800");
    if let Ok(default) = default_project() {
        let first_id = default.stages.first().map(|stage| stage.id.clone());
        let mut window = Window::new(default);
        if let Some(id) = first_id {
            window.app.select_stages([id]);
        }
        group.bench_function("default project, stage selected", |b| {
            b.iter(|| black_box(window.frame()));
        });
        // After an edit that forces a recalculation: what a workshop sees when a number changes.
        let mut price = 1.0;
        group.bench_function("default project, after a price edit", |b| {
            b.iter(|| {
                price += 1.0;
                let stage = window.app.project().stages.first().cloned();
                if let Some(mut stage) = stage {
                    stage.price_per_unit = price;
                    window.app.push_action(Action::EditMerging(
                        Edit::SetStage(Box::new(stage)),
                        "bench".to_owned(),
                    ));
                }
                black_box(window.frame())
            });
        });
    }
    // A generated national chain as it opens: fitted into view (as far as the zoom limit
    // allows), results table open.
    for stages in [100, 1_000] {
        let mut window = Window::new(generate(stages, 1));
        group.bench_with_input(
            BenchmarkId::new("generated chain, stages", stages),
            &stages,
            |b, _| b.iter(|| black_box(window.frame())),
        );
    }
    group.finish();
}

/// Short runs, so that `cargo bench` (every benchmark) finishes in a few minutes.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = window_frames
}
criterion_main!(benches);
