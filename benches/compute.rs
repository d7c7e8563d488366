//! How fast a project recomputes: workshops change numbers live, so an edit must recompute
//! well within one frame (16 ms at 60 Hz). Figures are recorded in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use uplift::calc::compute;
use uplift::edit::{Document, Edit};
use uplift::examples::default_project;
use uplift::model::{Link, Project, Stage, StageId, StageKind};

/// A wide synthetic chain: `width` parallel mine → concentrator → refinery → factory lines
/// with cross-links between neighbouring lines, over a 50-year horizon.
fn synthetic(width: usize) -> Project {
    let mut project = Project::empty("Synthetic", 2025);
    project.horizon.last_year = 2074;
    let kinds = [
        StageKind::Mining,
        StageKind::Concentration,
        StageKind::Refining,
        StageKind::Manufacturing,
    ];
    for line in 0..width {
        for (step, kind) in kinds.into_iter().enumerate() {
            let mut stage = Stage::new(
                StageId(format!("l{line}-s{step}")),
                kind,
                2026 + (line % 5) as i32,
            );
            stage.capacity_per_year = 1e6 / (step as f64 + 1.0);
            stage.input_per_unit = if step == 0 { 0.0 } else { 2.0 };
            stage.price_per_unit = 100.0 * (step as f64 + 1.0).powi(2);
            stage.wages_per_year = 1e6;
            stage.jobs = 100.0;
            stage.capex = 1e8;
            stage.construction_years = 2;
            stage.ramp_up_years = 3;
            project.stages.push(stage);
            if step > 0 {
                project.links.push(Link {
                    from: StageId(format!("l{line}-s{}", step - 1)),
                    to: StageId(format!("l{line}-s{step}")),
                    share_pct: 70.0,
                    transport_cost_per_unit: 1.0,
                });
                if line > 0 {
                    project.links.push(Link {
                        from: StageId(format!("l{}-s{}", line - 1, step - 1)),
                        to: StageId(format!("l{line}-s{step}")),
                        share_pct: 30.0,
                        transport_cost_per_unit: 2.0,
                    });
                }
            }
        }
    }
    project
}

fn benches(c: &mut Criterion) {
    let Ok(default) = default_project() else {
        return;
    };
    c.bench_function("compute default project", |b| {
        b.iter(|| compute(black_box(&default)));
    });

    let large = synthetic(25);
    c.bench_function("compute 100-stage chain, 50 years", |b| {
        b.iter(|| compute(black_box(&large)));
    });

    // One live edit as the window does it: apply through the document, then recompute.
    let mut document = Document::new(default.clone());
    let mut price = default.stages.first().map_or(1.0, |s| s.price_per_unit);
    c.bench_function("edit price and recompute, default project", |b| {
        b.iter(|| {
            price += 1.0;
            if let Some(stage) = document.project().stages.first() {
                let mut stage = stage.clone();
                stage.price_per_unit = price;
                let _ = document.apply_merging(Edit::SetStage(Box::new(stage)), "bench");
            }
            compute(black_box(document.project()))
        });
    });
}

/// One whole frame of the window, drawn headless (layout and tessellation-free painting of
/// menus, canvas, inspector and results), after an edit that forces a recalculation: what a
/// workshop sees when a number changes.
fn frame_benches(c: &mut Criterion) {
    let Ok(default) = default_project() else {
        return;
    };
    let first_id = default.stages.first().map(|stage| stage.id.clone());
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut uplift::app::UpliftApp| app.update_ui(ui),
            uplift::app::UpliftApp::new(default, None),
        );
    if let Some(id) = first_id {
        harness.state_mut().select_stages([id]);
    }
    harness.run();
    c.bench_function("window frame at 1280x800, stage selected", |b| {
        b.iter(|| harness.step());
    });
    let mut price = 1.0;
    c.bench_function(
        "window frame after a price edit (recompute + redraw)",
        |b| {
            b.iter(|| {
                price += 1.0;
                let stage = harness.state().project().stages.first().cloned();
                if let Some(mut stage) = stage {
                    stage.price_per_unit = price;
                    harness
                        .state_mut()
                        .push_action(uplift::app::action::Action::EditMerging(
                            Edit::SetStage(Box::new(stage)),
                            "bench".to_owned(),
                        ));
                }
                harness.step();
            });
        },
    );
}

criterion_group!(compute_benches, benches, frame_benches);
criterion_main!(compute_benches);
