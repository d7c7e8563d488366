//! A fixed number of recalculations after an edit, for counting instructions with callgrind
//! while the machine is too busy for wall-clock figures to mean anything (BENCHMARKS.md):
//!
//! ```sh
//! cargo bench --bench instructions --no-run
//! RAYON_NUM_THREADS=1 valgrind --tool=callgrind target/release/deps/instructions-* 1000 price 0
//! RAYON_NUM_THREADS=1 valgrind --tool=callgrind target/release/deps/instructions-* 1000 price 40
//! ```
//!
//! The difference of the two totals over 40 is the cost of one recalculation. The variants:
//! `price` (one stage's typed price edited, as `benches/compute.rs`), `deck` (every stage
//! priced from a deck, the copper price edited) and `fiscal` (a fiscal regime, owners and a
//! loan on every stage, one price edited). Run as a benchmark with no arguments, it does one
//! recalculation of each at 100 stages and exits.

use std::hint::black_box;

use uplift::calc::{compute, compute_reusing};
use uplift::model::generate::{generate, price_by_deck, tax_and_finance};
use uplift::model::scenario::Param;

fn run(stages: usize, variant: &str, rounds: usize) {
    let base = generate(stages, 1);
    let mut project = match variant {
        "deck" => {
            let mut priced = base.clone();
            price_by_deck(&mut priced);
            priced
        }
        "fiscal" => {
            let mut taxed = base.clone();
            tax_and_finance(&mut taxed);
            taxed
        }
        _ => base.clone(),
    };
    let copper = Param::Deck("copper".to_owned());
    let level = copper.get(&project).unwrap_or(9_500.0);
    let mut previous = compute(&project).ok();
    for round in 0..rounds {
        let up = round % 2 == 0;
        if variant == "deck" {
            let _ = copper.set(&mut project, if up { level * 1.01 } else { level });
        } else {
            let index = round % stages;
            let price = base.stages[index].price_per_unit;
            project.stages[index].price_per_unit = if up { price * 1.01 } else { price };
        }
        previous = compute_reusing(black_box(&project), previous.take()).ok();
    }
    black_box(previous);
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    match args.as_slice() {
        [stages, variant, rounds] => run(
            stages.parse().unwrap_or(1_000),
            variant,
            rounds.parse().unwrap_or(0),
        ),
        _ => {
            for variant in ["price", "deck", "fiscal"] {
                run(100, variant, 1);
            }
        }
    }
}
