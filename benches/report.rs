//! How fast the report bundle is made: `uplift report-bundle` of the default project with its
//! three scenarios (HTML, PDF and workbook, in memory; writing three files adds little).
//! The target, under 2 s, and the figures are in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use uplift::chart::bundle::{BundleRequest, build_bundle};
use uplift::io::examples::default_project;

fn report_bundle(c: &mut Criterion) {
    let Ok(project) = default_project() else {
        return;
    };
    let scenarios: Vec<String> = project.scenarios.iter().map(|s| s.name.clone()).collect();
    let request = BundleRequest {
        project: &project,
        scenarios: &scenarios,
        file_name: Some("reko-diq-copper-gold.ron"),
        style: uplift::chart::ChartStyle::Screen,
    };
    c.bench_function("report bundle, default project, 3 scenarios", |b| {
        b.iter(|| build_bundle(black_box(&request)).map(|bundle| bundle.pdf.len()));
    });
}

/// Short runs, so that `cargo bench` (every benchmark) finishes in a few minutes.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
}

criterion_group! {
    name = benches;
    config = config();
    targets = report_bundle
}
criterion_main!(benches);
