//! Monte Carlo: draw every uncertain parameter from its distribution, compute, repeat, and
//! read the spread of the results.
//!
//! Each draw has its own random generator, a `ChaCha8` stream seeded from the run's seed and
//! selected by the draw's index, so draw *i* gets the same numbers whatever thread runs it and
//! however many threads there are: the same seed always gives the same results. Draws run on
//! all cores (rayon); a caller on another thread can watch `progress` and set `cancel`.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution as _, LogNormal, Normal, Triangular};
use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::{AnalysisError, Output, compute_named, lean_copy};
use crate::calc::Period;
use crate::model::Project;
use crate::model::scenario::{Distribution, Uncertainty};

/// Draws when none are asked for.
pub const DEFAULT_DRAWS: usize = 5_000;

/// Bins of the NPV histogram when none are asked for.
pub const DEFAULT_BINS: usize = 30;

/// How to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Number of draws.
    pub draws: usize,
    /// Seed: the same seed gives the same results.
    pub seed: u64,
    /// Bins of the NPV histogram.
    pub bins: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            draws: DEFAULT_DRAWS,
            seed: 1,
            bins: DEFAULT_BINS,
        }
    }
}

/// The 10th, 50th and 90th percentiles of a set of outcomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Percentiles {
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

impl Percentiles {
    /// Percentiles of `values` (sorted in place), by linear interpolation between order
    /// statistics: the *p*-th percentile of *n* sorted values sits at position
    /// *p* × (*n* − 1). Zeros for no values.
    pub fn of(values: &mut [f64]) -> Self {
        values.sort_by(f64::total_cmp);
        Self {
            p10: percentile(values, 0.10),
            p50: percentile(values, 0.50),
            p90: percentile(values, 0.90),
        }
    }
}

/// The `p` (0-1) percentile of sorted `values`.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return 0.0;
    };
    let position = p.clamp(0.0, 1.0) * last as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(last);
    let weight = position - below as f64;
    sorted[below] * (1.0 - weight) + sorted[above] * weight
}

/// Counts of outcomes in equal-width bins.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Histogram {
    /// Bin edges, one more than the counts; the last bin includes its upper edge.
    pub edges: Vec<f64>,
    /// Outcomes per bin.
    pub counts: Vec<usize>,
}

impl Histogram {
    /// `bins` equal bins from the smallest to the largest value.
    pub fn of(values: &[f64], bins: usize) -> Self {
        let bins = bins.max(1);
        let (Some(min), Some(max)) = (
            values.iter().copied().min_by(f64::total_cmp),
            values.iter().copied().max_by(f64::total_cmp),
        ) else {
            return Self::default();
        };
        // All values equal: one bin around them, so the chart still shows a bar.
        let (low, high) = if max > min {
            (min, max)
        } else {
            (min - 0.5, max + 0.5)
        };
        let width = (high - low) / bins as f64;
        let edges = (0..=bins).map(|i| low + width * i as f64).collect();
        let mut counts = vec![0; bins];
        for &value in values {
            let bin = (((value - low) / width) as usize).min(bins - 1);
            counts[bin] += 1;
        }
        Self { edges, counts }
    }
}

/// What a run found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonteCarlo {
    /// Draws asked for.
    pub draws: usize,
    /// Seed used.
    pub seed: u64,
    /// Draws whose project did not compute (left out of every figure below).
    pub failed: usize,
    /// Years of the horizon.
    pub years: Vec<i32>,
    /// Total VA / GDP per year: P10, P50, P90.
    pub share_of_gdp: Vec<Percentiles>,
    /// Total VA per year: P10, P50, P90.
    pub total_va: Vec<Percentiles>,
    /// Total VA over the horizon.
    pub total_va_horizon: Percentiles,
    /// Net FX over the horizon.
    pub net_fx: Percentiles,
    /// NPV of the domestic chain.
    pub npv: Percentiles,
    /// Histogram of the NPV.
    pub npv_histogram: Histogram,
    /// Mean NPV.
    pub npv_mean: f64,
    /// Share of draws with a negative NPV, as a fraction.
    pub npv_below_zero: f64,
    /// Government revenue from the domestic chain over the horizon.
    pub government_revenue: Percentiles,
    /// After-tax NPV of the domestic chain.
    pub after_tax_npv: Percentiles,
}

/// The figures of one draw.
struct Draw {
    share_of_gdp: Vec<f64>,
    total_va: Vec<f64>,
    total_va_horizon: f64,
    net_fx: f64,
    npv: f64,
    government_revenue: f64,
    after_tax_npv: f64,
}

/// A value of `distribution`, drawn with `rng`.
pub fn sample(distribution: &Distribution, rng: &mut impl Rng) -> f64 {
    match *distribution {
        Distribution::Uniform { min, max } => {
            if max > min {
                rng.random_range(min..=max)
            } else {
                min
            }
        }
        Distribution::Triangular { min, mode, max } => {
            Triangular::new(min, max, mode).map_or(mode, |triangular| triangular.sample(rng))
        }
        Distribution::Normal { mean, std_dev } => {
            Normal::new(mean, std_dev).map_or(mean, |normal| normal.sample(rng))
        }
        Distribution::LogNormal { median, sigma } => {
            LogNormal::new(median.ln(), sigma).map_or(median, |lognormal| lognormal.sample(rng))
        }
    }
}

/// The generator of draw `index` of a run seeded with `seed`.
fn draw_rng(seed: u64, index: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index as u64);
    rng
}

/// Runs `settings.draws` draws of `project` with its uncertainties. `progress` counts
/// finished draws; setting `cancel` stops the run early with [`AnalysisError::Cancelled`].
pub fn run(
    project: &Project,
    settings: Settings,
    progress: &AtomicUsize,
    cancel: &AtomicBool,
) -> Result<MonteCarlo, AnalysisError> {
    run_with(project, &project.uncertainties, settings, progress, cancel)
}

/// As [`run`], with the uncertainties given (e.g. only the prices).
pub fn run_with(
    project: &Project,
    uncertainties: &[Uncertainty],
    settings: Settings,
    progress: &AtomicUsize,
    cancel: &AtomicBool,
) -> Result<MonteCarlo, AnalysisError> {
    if uncertainties.is_empty() {
        return Err(AnalysisError::NoUncertainties);
    }
    let lean = lean_copy(project);
    // Compute once first, so a project that does not compute says why, once.
    compute_named(&lean, "the project")?;
    let years: Vec<i32> = project.horizon.years().collect();
    let outcomes: Vec<Option<Draw>> = (0..settings.draws)
        .into_par_iter()
        .map(|index| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let mut rng = draw_rng(settings.seed, index);
            let mut copy = lean.clone();
            for uncertainty in uncertainties {
                let (min, max) = uncertainty.param.bounds();
                let value = sample(&uncertainty.distribution, &mut rng).clamp(min, max);
                // A parameter the project lacks fails the draw below rather than silently.
                if uncertainty.param.set(&mut copy, value).is_err() {
                    progress.fetch_add(1, Ordering::Relaxed);
                    return None;
                }
            }
            let draw = compute_named(&copy, "draw").ok().map(|results| {
                let horizon = results.national(Period::Horizon);
                let share_of_gdp = results
                    .national_by_year()
                    .map(|n| n.share_of_gdp_total())
                    .collect();
                let total_va = results
                    .national_by_year()
                    .map(|n| n.accounts.total_va())
                    .collect();
                Draw {
                    share_of_gdp,
                    total_va,
                    total_va_horizon: horizon.accounts.total_va(),
                    net_fx: horizon.accounts.net_fx(),
                    npv: Output::Npv.value(&results),
                    government_revenue: Output::GovernmentRevenue.value(&results),
                    after_tax_npv: Output::AfterTaxNpv.value(&results),
                }
            });
            progress.fetch_add(1, Ordering::Relaxed);
            draw
        })
        .collect();
    if cancel.load(Ordering::Relaxed) {
        return Err(AnalysisError::Cancelled);
    }
    let draws: Vec<Draw> = outcomes.into_iter().flatten().collect();
    let failed = settings.draws - draws.len();
    let column = |pick: &dyn Fn(&Draw) -> f64| -> Vec<f64> { draws.iter().map(pick).collect() };
    let per_year = |pick: &dyn Fn(&Draw, usize) -> f64| -> Vec<Percentiles> {
        (0..years.len())
            .map(|y| Percentiles::of(&mut draws.iter().map(|d| pick(d, y)).collect::<Vec<_>>()))
            .collect()
    };
    let mut npv = column(&|d| d.npv);
    let npv_mean = if npv.is_empty() {
        0.0
    } else {
        npv.iter().sum::<f64>() / npv.len() as f64
    };
    let npv_below_zero = if npv.is_empty() {
        0.0
    } else {
        npv.iter().filter(|&&v| v < 0.0).count() as f64 / npv.len() as f64
    };
    Ok(MonteCarlo {
        draws: settings.draws,
        seed: settings.seed,
        failed,
        share_of_gdp: per_year(&|d, y| d.share_of_gdp[y]),
        total_va: per_year(&|d, y| d.total_va[y]),
        total_va_horizon: Percentiles::of(&mut column(&|d| d.total_va_horizon)),
        net_fx: Percentiles::of(&mut column(&|d| d.net_fx)),
        npv_histogram: Histogram::of(&npv, settings.bins),
        npv: Percentiles::of(&mut npv),
        npv_mean,
        npv_below_zero,
        government_revenue: Percentiles::of(&mut column(&|d| d.government_revenue)),
        after_tax_npv: Percentiles::of(&mut column(&|d| d.after_tax_npv)),
        years,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_between_order_statistics() {
        let mut values = vec![5.0, 1.0, 3.0, 2.0, 4.0];
        let p = Percentiles::of(&mut values);
        assert!((p.p50 - 3.0).abs() < 1e-12);
        // Position 0.1 x 4 = 0.4: 1 + 0.4 x (2 - 1).
        assert!((p.p10 - 1.4).abs() < 1e-12);
        assert!((p.p90 - 4.6).abs() < 1e-12);
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let values: Vec<f64> = (0..100).map(f64::from).collect();
        let histogram = Histogram::of(&values, 10);
        assert_eq!(histogram.counts.iter().sum::<usize>(), 100);
        assert_eq!(histogram.counts, vec![10; 10]);
        assert_eq!(histogram.edges.len(), 11);
    }

    #[test]
    fn a_draw_gets_the_same_numbers_whatever_came_before() {
        let distribution = Distribution::Normal {
            mean: 10.0,
            std_dev: 2.0,
        };
        let first = sample(&distribution, &mut draw_rng(7, 42));
        let mut other = draw_rng(7, 41);
        let _ = sample(&distribution, &mut other);
        let again = sample(&distribution, &mut draw_rng(7, 42));
        assert_eq!(first.to_bits(), again.to_bits());
        assert_ne!(
            first.to_bits(),
            sample(&distribution, &mut draw_rng(7, 43)).to_bits()
        );
    }
}
