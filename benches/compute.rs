//! How fast a project recomputes: workshops change numbers live, so an edit must recompute
//! well within one frame. Targets and figures are in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use uplift::calc::{compute, compute_reusing, irr};
use uplift::io::examples::default_project;
use uplift::model::edit::{Document, Edit};
use uplift::model::generate::{generate, price_by_deck, tax_and_finance};
use uplift::model::scenario::Param;
use uplift::model::{Link, Project, Stage, StageId, StageKind};

/// A wide synthetic chain: `width` parallel mine → concentrator → refinery → factory lines
/// with cross-links between neighbouring lines, over a 50-year horizon. Kept from the first
/// benchmarks so their figures stay comparable.
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

/// Validation + every stage, every year, the national view and the investment view (NPV, IRR
/// and payback of every stage and of the chain) of generated chains over 30 years.
fn generated_chains(c: &mut Criterion) {
    let mut group = c.benchmark_group("compute generated chain, 30 years");
    for stages in [10, 100, 1_000, 10_000] {
        let project = generate(stages, 1);
        // As the window does after an edit: the previous results lend their memory, and the
        // chain's shape when the ids and links are unchanged.
        let mut previous = compute(&project).ok();
        group.bench_with_input(
            BenchmarkId::new("recompute", stages),
            &project,
            |b, project| {
                b.iter(|| {
                    previous = compute_reusing(black_box(project), previous.take()).ok();
                });
            },
        );
        // A workshop's edit: one stage's price changes (a different stage each time: 1% up,
        // and back on the next round), then everything is recomputed.
        let mut edited = project.clone();
        let mut edits = 0;
        group.bench_function(BenchmarkId::new("edit a price, recompute", stages), |b| {
            b.iter(|| {
                let index = edits % stages;
                let up = (edits / stages) % 2 == 0;
                edits += 1;
                let price = project.stages[index].price_per_unit;
                edited.stages[index].price_per_unit = if up { price * 1.01 } else { price };
                previous = compute_reusing(black_box(&edited), previous.take()).ok();
            });
        });
        // An edit that changes every domestic stage's cash flows (a carbon price, on and off),
        // so that no stage keeps its IRR: the whole investment view is worked out again.
        let mut taxed = project.clone();
        group.bench_function(
            BenchmarkId::new("edit the carbon price, recompute", stages),
            |b| {
                b.iter(|| {
                    let price = &mut taxed.policy.carbon_price_per_t_co2;
                    *price = if *price > 0.0 { 0.0 } else { 50.0 };
                    previous = compute_reusing(black_box(&taxed), previous.take()).ok();
                });
            },
        );
        // An edit of the chain's shape: the last link removed, or put back, so that the ids
        // are resolved and the chain laid out again every time.
        let mut reshaped = project.clone();
        let mut removed = None;
        group.bench_function(BenchmarkId::new("edit a link, recompute", stages), |b| {
            b.iter(|| {
                match removed.take() {
                    Some(link) => reshaped.links.push(link),
                    None => removed = reshaped.links.pop(),
                }
                previous = compute_reusing(black_box(&reshaped), previous.take()).ok();
            });
        });
        // Every stage priced from a deck, and the copper price moved (1% up, and back on the
        // next round): one edit that reaches every copper stage's prices in every year.
        let mut priced = project.clone();
        price_by_deck(&mut priced);
        let copper = Param::Deck("copper".to_owned());
        let level = copper.get(&priced).unwrap_or(9_500.0);
        let mut previous_priced = compute(&priced).ok();
        let mut moves = 0;
        group.bench_function(
            BenchmarkId::new("deck-priced, edit the copper price, recompute", stages),
            |b| {
                b.iter(|| {
                    moves += 1;
                    let _ = copper.set(
                        &mut priced,
                        if moves % 2 == 0 { level } else { level * 1.01 },
                    );
                    previous_priced =
                        compute_reusing(black_box(&priced), previous_priced.take()).ok();
                });
            },
        );
        // Every stage taxed, owned in part by the state and abroad, and half its capex
        // borrowed: one price edit (as above), then the calculation and who gets what.
        let mut taxed_owned = {
            let mut taxed = project.clone();
            tax_and_finance(&mut taxed);
            taxed
        };
        let mut previous_fiscal = compute(&taxed_owned).ok();
        let mut fiscal_edits = 0;
        group.bench_function(
            BenchmarkId::new("fiscal on every stage, edit a price, recompute", stages),
            |b| {
                b.iter(|| {
                    let index = fiscal_edits % stages;
                    let up = (fiscal_edits / stages) % 2 == 0;
                    fiscal_edits += 1;
                    let price = project.stages[index].price_per_unit;
                    taxed_owned.stages[index].price_per_unit =
                        if up { price * 1.01 } else { price };
                    previous_fiscal =
                        compute_reusing(black_box(&taxed_owned), previous_fiscal.take()).ok();
                });
            },
        );
        // From nothing, as the first calculation of a process: every result needs fresh
        // memory. Dropping the results afterwards is not part of working them out, so it is
        // left out of the time.
        group.bench_with_input(BenchmarkId::new("fresh", stages), &project, |b, project| {
            b.iter_with_large_drop(|| compute(black_box(project)));
        });
    }
    group.finish();
}

/// The IRR of every stage of the 1,000-stage chain, from its cash flows: the slowest figure
/// of a stage, found again for every stage whose cash flows an edit changes.
fn irrs(c: &mut Criterion) {
    let Ok(results) = compute(&generate(1_000, 1)) else {
        return;
    };
    let flows: Vec<&[f64]> = results
        .stages
        .iter()
        .map(|stage| stage.investment.cash_flows.as_slice())
        .collect();
    c.bench_function("IRR of every stage, 1,000-stage chain", |b| {
        b.iter(|| {
            for stage in &flows {
                black_box(irr(black_box(stage)));
            }
        });
    });
}

fn small_projects(c: &mut Criterion) {
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

/// Short runs, so that `cargo bench` (every benchmark) finishes in a few minutes on a 2-core
/// machine; medians of 20 samples are stable to a few percent here.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = small_projects, irrs, generated_chains
}
criterion_main!(benches);
