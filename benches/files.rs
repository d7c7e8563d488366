//! How fast projects load and save: a national plan of thousands of stages must open and save
//! without a wait. Targets and figures are in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use uplift::io::{load_project, save_project};
use uplift::model::generate::generate;

/// Save (serialise, write a temporary file, rename) and load (read, parse, check the format
/// version) of generated projects, as RON, on the local disk.
fn load_and_save(c: &mut Criterion) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let mut group = c.benchmark_group("project file");
    for stages in [1_000, 10_000] {
        let project = generate(stages, 1);
        let path = dir.path().join(format!("generated-{stages}.ron"));
        group.bench_with_input(BenchmarkId::new("save", stages), &project, |b, project| {
            b.iter(|| save_project(black_box(project), &path));
        });
        if save_project(&project, &path).is_err() {
            continue;
        }
        group.bench_with_input(BenchmarkId::new("load", stages), &path, |b, path| {
            b.iter(|| load_project(black_box(path)));
        });
    }
    group.finish();
}

/// Short runs, so that `cargo bench` (every benchmark) finishes in a few minutes.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = load_and_save
}
criterion_main!(benches);
