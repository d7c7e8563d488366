//! Analysis and exports at national scale (issue 20): the tornado of a generated
//! 10,000-stage chain without levers (the parameters of its largest stages, on every core)
//! should take under 5 s, and `export --all` of it (every chart as SVG, PNG and CSV, many
//! stages aggregated) under 10 s. Each iteration takes seconds, so the group keeps to the
//! fewest samples criterion allows. Figures are recorded in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use uplift::analysis::{self, Output};
use uplift::calc::compute;
use uplift::chart::export::write_all;
use uplift::chart::{ChartOptions, PngSize};
use uplift::model::generate::generate;

fn national_scale(c: &mut Criterion) {
    let project = generate(10_000, 1);
    let mut group = c.benchmark_group("10,000 stages");
    group.sample_size(10);
    group.measurement_time(Duration::from_mins(1));
    group.bench_function("sensitivity of total VA, no levers", |b| {
        b.iter(|| {
            let params = analysis::tornado_params(&project);
            black_box(analysis::tornado(&project, Output::TotalVa, 20.0, &params).ok())
        });
    });
    let Ok(results) = compute(&project) else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    group.bench_function("export --all (SVG, PNG, CSV)", |b| {
        b.iter(|| {
            black_box(
                write_all(
                    &project,
                    &results,
                    &ChartOptions::default(),
                    PngSize::default(),
                    dir.path(),
                )
                .ok(),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, national_scale);
criterion_main!(benches);
