//! Scenario and uncertainty speed: applying a scenario (or a lever value) and recomputing must
//! fit in a frame while a slider is dragged, and a 10,000-draw Monte Carlo run of the default
//! project should take at most a second on two cores. Figures are recorded in BENCHMARKS.md.

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use criterion::{Criterion, criterion_group, criterion_main};
use uplift::analysis::montecarlo::{self, Settings};
use uplift::analysis::{self, Output};
use uplift::calc::compute;
use uplift::io::examples::default_project;
use uplift::model::scenario::Param;

fn benches(c: &mut Criterion) {
    let Ok(project) = default_project() else {
        return;
    };
    c.bench_function("apply scenario and compute, default project", |b| {
        b.iter(|| {
            let view = analysis::scenario_project(&project, "Refine and make rod and wire");
            black_box(view.ok().map(|view| compute(&view)))
        });
    });
    let lever = Param::Deck("copper".into());
    c.bench_function("set a lever and compute, default project", |b| {
        b.iter(|| {
            let mut view = project.clone();
            let _ = lever.set(&mut view, black_box(9000.0));
            black_box(compute(&view))
        });
    });
    c.bench_function("tornado over the levers, default project", |b| {
        let params = analysis::tornado_params(&project);
        b.iter(|| black_box(analysis::tornado(&project, Output::Npv, 20.0, &params)));
    });
    let mut group = c.benchmark_group("montecarlo");
    group.sample_size(10);
    group.bench_function("10,000 draws, default project", |b| {
        let settings = Settings {
            draws: 10_000,
            seed: 1,
            ..Settings::default()
        };
        b.iter(|| {
            black_box(montecarlo::run(
                &project,
                settings,
                &AtomicUsize::new(0),
                &AtomicBool::new(false),
            ))
        });
    });
    group.finish();
}

criterion_group!(montecarlo_benches, benches);
criterion_main!(montecarlo_benches);
