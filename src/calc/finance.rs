//! The investment view of a series of cash flows: NPV at the project's discount rate,
//! payback year, and the IRR, found by Halley's method kept inside a bracket when the flows
//! change sign once and by a grid scan and bisection otherwise. A recalculation keeps a
//! stage's IRR when its cash flows came out the same bit for bit (`investment_after`).

use serde::Serialize;

/// Investment indicators of a stage or of the chain.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Investment {
    /// Cash flow per year of the horizon.
    pub cash_flows: Vec<f64>,
    /// Net present value at the project's discount rate, discounted to the base year.
    pub npv: f64,
    /// Internal rate of return (0.15 = 15%), when the cash flows have one.
    pub irr: Option<f64>,
    /// The year from whose end cumulative cash flow stays at zero or above until the end of
    /// the horizon, after having been negative (so a later investment that puts the chain back
    /// under water postpones payback). `None` when it is never recovered, or never negative.
    pub payback_year: Option<i32>,
}

impl Investment {
    /// True when the cumulative cash flow is never negative: there is no payback year because
    /// there is nothing to pay back (rather than because it is not recovered in the horizon).
    pub fn nothing_to_pay_back(&self) -> bool {
        let mut cumulative = 0.0;
        self.cash_flows.iter().all(|flow| {
            cumulative += flow;
            cumulative >= 0.0
        })
    }

    /// The payback year in words: the year, "nothing to pay back", or "not within the
    /// horizon" (`docs/METHOD.md` 6.4).
    pub fn payback_label(&self) -> String {
        match self.payback_year {
            Some(year) => year.to_string(),
            None if self.nothing_to_pay_back() => "nothing to pay back".to_owned(),
            None => "not within the horizon".to_owned(),
        }
    }
}

/// [`investment`] of `cash_flows`, in the memory of `before` (the stage's investment figures
/// in the results before). The IRR depends on the cash flows alone and takes most of the
/// time, so when they are the same, bit for bit, as those of `before`, its IRR is kept: after
/// an edit, only the stages whose cash flows the edit changed look for theirs again.
pub(super) fn investment_after(
    before: Investment,
    cash_flows: &[f64],
    discount_divisors: &[f64],
    first_year: i32,
) -> Investment {
    let same_flows = before.cash_flows.len() == cash_flows.len()
        && before
            .cash_flows
            .iter()
            .zip(cash_flows)
            .all(|(a, b)| a.to_bits() == b.to_bits());
    let irr_before = before.irr;
    let mut flows = before.cash_flows;
    flows.clear();
    flows.extend_from_slice(cash_flows);
    investment_with(flows, discount_divisors, first_year, |flows| {
        if same_flows { irr_before } else { irr(flows) }
    })
}

/// NPV, IRR and payback of a cash-flow series that starts in `first_year`, whose flow in year
/// `k` of the horizon is discounted by `discount_divisors[k]` = (1 + r)^(years from the base year).
pub(super) fn investment(
    cash_flows: Vec<f64>,
    discount_divisors: &[f64],
    first_year: i32,
) -> Investment {
    investment_with(cash_flows, discount_divisors, first_year, irr)
}

/// [`investment`], the IRR found by `irr_of` (which may know it already).
fn investment_with(
    cash_flows: Vec<f64>,
    discount_divisors: &[f64],
    first_year: i32,
    irr_of: impl FnOnce(&[f64]) -> Option<f64>,
) -> Investment {
    // Summed year by year in order; the divisions, which do not depend on one another, four
    // at a time so that they overlap.
    let mut npv = 0.0;
    let (flow_rows, last_flows) = cash_flows.as_chunks::<4>();
    let (divisor_rows, last_divisors) = discount_divisors.as_chunks::<4>();
    for (flows, divisors) in flow_rows.iter().zip(divisor_rows) {
        let discounted: [f64; 4] = std::array::from_fn(|lane| flows[lane] / divisors[lane]);
        for value in discounted {
            npv += value;
        }
    }
    for (flow, divisor) in last_flows.iter().zip(last_divisors) {
        npv += flow / divisor;
    }
    let irr = irr_of(&cash_flows);
    // Paid back the year after the last year whose cumulative cash flow is negative, when
    // there is such a year and a year after it.
    let mut cumulative = 0.0;
    let mut last_negative = None;
    for (k, flow) in cash_flows.iter().enumerate() {
        cumulative += flow;
        if cumulative < 0.0 {
            last_negative = Some(k);
        }
    }
    let payback_year = last_negative
        .map(|k| k + 1)
        .filter(|&k| k < cash_flows.len())
        .and_then(|k| i32::try_from(k).ok())
        .map(|k| first_year + k);
    Investment {
        cash_flows,
        npv,
        irr,
        payback_year,
    }
}

/// Net present value of `flows`, the first of which is `offset` years after the base year.
pub fn npv(flows: &[f64], rate: f64, offset: i32) -> f64 {
    flows
        .iter()
        .zip(offset..)
        .map(|(flow, t)| flow / (1.0 + rate).powi(t))
        .sum()
}

/// Lowest rate the IRR is looked for at (-99%).
const IRR_LOWEST: f64 = -0.99;
/// Highest rate the IRR is looked for at (10,000%).
const IRR_HIGHEST: f64 = 100.0;

/// Internal rate of return: the rate above -99% at which the NPV of `flows` is zero, or `None`
/// when the flows never change sign or no root lies between -99% and 10,000%.
///
/// When the flows change sign once (an investment, then returns: nearly every stage), there
/// is exactly one such rate (Descartes' rule of signs), found by Halley's method kept inside a
/// bracket. Otherwise rates are scanned upward on a fine grid (1 point every 0.5% up to 100%,
/// then coarser) and the first bracket where the NPV changes sign is bisected, so with several
/// roots the lowest is found unless two roots lie within one grid step.
pub fn irr(flows: &[f64]) -> Option<f64> {
    // Zero flows before the first and after the last non-zero one change no rate's NPV sign
    // (leading zeros scale the NPV polynomial by a power of the discount factor, trailing ones
    // add nothing), so they are left out of every evaluation: most stages start years into
    // the horizon.
    let start = flows.iter().position(|&f| f != 0.0)?;
    let end = flows
        .iter()
        .rposition(|&f| f != 0.0)
        .map_or(start, |last| last + 1);
    let flows = &flows[start..end];
    match Signs::of(flows) {
        Signs::Same => None,
        Signs::ChangeOnce(change) => match irr_of_one_sign_change(flows, &change) {
            OneRoot::Found(found) => found,
            OneRoot::Overflow => irr_by_scan(flows),
        },
        Signs::ChangeMore => irr_by_scan(flows),
    }
}

/// How the signs of a series of flows run, zeros skipped.
#[derive(Debug, PartialEq)]
enum Signs {
    /// Never changes (or every flow is zero): no rate makes the NPV zero.
    Same,
    /// Changes once.
    ChangeOnce(OneChange),
    /// Changes more than once.
    ChangeMore,
}

/// Flows whose sign changes once, seen as the group of flows before the change and the
/// group after it.
#[derive(Debug, PartialEq)]
struct OneChange {
    /// True when the flows before the change are positive.
    first_positive: bool,
    /// Year (index) of the last non-zero flow before the change.
    last_before: usize,
    /// Sum of the absolute flows before the change, and of each times its year.
    before: (f64, f64),
    /// The same for the flows after the change.
    after: (f64, f64),
}

impl Signs {
    /// The signs of `flows`, whose first flow is not zero.
    fn of(flows: &[f64]) -> Self {
        let Some(&first) = flows.first() else {
            return Self::Same;
        };
        let first_positive = first > 0.0;
        let opposite = |flow: f64| flow != 0.0 && (flow > 0.0) != first_positive;
        let Some(change) = flows.iter().position(|&flow| opposite(flow)) else {
            return Self::Same;
        };
        let (before, after) = flows.split_at(change);
        if after.iter().any(|&flow| flow != 0.0 && !opposite(flow)) {
            return Self::ChangeMore;
        }
        let gathered = |part: &[f64], first_year: usize| {
            let (mut sum, mut weighted, mut year) = (0.0, 0.0, first_year as f64);
            for flow in part {
                sum += flow.abs();
                weighted += flow.abs() * year;
                year += 1.0;
            }
            (sum, weighted)
        };
        Self::ChangeOnce(OneChange {
            first_positive,
            last_before: before.iter().rposition(|&flow| flow != 0.0).unwrap_or(0),
            before: gathered(before, 0),
            after: gathered(after, change),
        })
    }
}

/// NPV of `flows` at the first flow's year, as a polynomial in the discount factor
/// x = 1 / (1 + r), by Horner's rule: one multiply-add per year, no powers.
fn npv_at_factor(flows: &[f64], factor: f64) -> f64 {
    flows
        .iter()
        .rev()
        .fold(0.0, |acc, flow| acc * factor + flow)
}

/// Σ f(k) xᵏ, Σ k f(k) xᵏ and Σ k² f(k) xᵏ for `flows`, f(k) being the flow k years after
/// the first, by Horner's rule in x⁴: each polynomial as four interleaved chains of
/// every fourth year, so that a step waits on the one four years later rather than the year
/// before (the twelve chains run side by side).
fn moments_at(flows: &[f64], x: f64) -> [f64; 3] {
    let x2 = x * x;
    let x4 = x2 * x2;
    let (rows, last) = flows.as_chunks::<4>();
    // The years of the lanes, as numbers: exact, and counted down four at a time.
    let mut years = [0.0, 1.0, 2.0, 3.0].map(|lane| (rows.len() * 4) as f64 + lane);
    // The highest powers first: the years past the last whole row start the chains.
    let mut flow = [0.0; 4];
    flow[..last.len()].copy_from_slice(last);
    let mut year_flow = [0.0; 4];
    let mut year_squared_flow = [0.0; 4];
    for lane in 0..4 {
        year_flow[lane] = years[lane] * flow[lane];
        year_squared_flow[lane] = years[lane] * year_flow[lane];
    }
    for row in rows.iter().rev() {
        for lane in 0..4 {
            years[lane] -= 4.0;
            let weighted = years[lane] * row[lane];
            flow[lane] = flow[lane] * x4 + row[lane];
            year_flow[lane] = year_flow[lane] * x4 + weighted;
            year_squared_flow[lane] = year_squared_flow[lane] * x4 + years[lane] * weighted;
        }
    }
    let x3 = x2 * x;
    let join = |chains: [f64; 4]| (chains[0] + x * chains[1]) + (x2 * chains[2] + x3 * chains[3]);
    [join(flow), join(year_flow), join(year_squared_flow)]
}

/// What [`irr_of_one_sign_change`] found.
enum OneRoot {
    /// The IRR, or `None` when it lies outside -99% to 10,000%.
    Found(Option<f64>),
    /// The NPV overflowed on the way: the caller scans instead.
    Overflow,
}

/// The one IRR of flows that change sign once, as `change` describes them.
fn irr_of_one_sign_change(flows: &[f64], change: &OneChange) -> OneRoot {
    let factor = |rate: f64| 1.0 / (1.0 + rate);
    // Halley's method on the NPV valued at the year `m` of the last flow before the sign
    // change, H(r) = NPV x (1 + r)^m = Σ f_k (1 + r)^(m - k). H is monotonic in r (the terms of
    // one sign grow with r, the others shrink), so there is only the one root to find, and it
    // bends far less than the NPV itself at negative rates. At rates just above -100% the
    // flows after the sign change dominate, which gives H's sign below the root without
    // evaluating it there. With x = 1 / (1 + r), P = Σ f_k x^k, D1 = Σ k f_k x^k and
    // D2 = Σ k² f_k x^k, H and its first two derivatives are, but for the common factor
    // x^-m > 0: H ~ P, H' ~ x (m P - D1), H'' ~ x² (m (m - 1) P - (2m - 1) D1 + D2).
    let m = change.last_before as f64;
    let positive_below_root = !change.first_positive;
    // Start from the rate at which the two groups of flows, each gathered at its cash-weighted
    // mean year, are worth the same: usually within a few points of the IRR.
    let (before, after) = (change.before, change.after);
    let (mean_before, mean_after) = (before.1 / before.0, after.1 / after.0);
    let guess = (after.0 / before.0).powf(1.0 / (mean_after - mean_before)) - 1.0;
    let (mut low, mut high) = (IRR_LOWEST, IRR_HIGHEST);
    let mut rate = if guess > low && guess < high {
        guess
    } else {
        0.1
    };
    // Kept inside the bracket [low, high] as in Numerical Recipes' `rtsafe`: a step that would
    // leave it, or (after the first few) does not shrink fast enough, is replaced by bisection
    // of 1 + r, so it always converges.
    let mut step = high - low;
    let mut step_before = step;
    for iteration in 0..200 {
        let x = factor(rate);
        let [value, year_weighted, year_squared_weighted] = moments_at(flows, x);
        if !(value.is_finite() && year_weighted.is_finite() && year_squared_weighted.is_finite()) {
            return OneRoot::Overflow;
        }
        if value == 0.0 {
            break;
        }
        if (value > 0.0) == positive_below_root {
            low = rate;
        } else {
            high = rate;
        }
        let slope = x * (m * value - year_weighted);
        let bend = x
            * x
            * (m * (m - 1.0) * value - (2.0 * m - 1.0) * year_weighted + year_squared_weighted);
        let halley = 2.0 * value * slope / (2.0 * slope * slope - value * bend);
        let target = rate - halley;
        let inside = target > low && target < high;
        // Halley's method converges cubically: after a step this small the error left is of
        // the order of its cube, far below rounding, and further steps only chase noise.
        if inside && halley.abs() <= 1e-7 * (1.0 + rate.abs()) {
            rate = target;
            break;
        }
        let next = if inside && (iteration < 8 || (2.0 * halley).abs() <= step_before.abs()) {
            target
        } else {
            ((1.0 + low) * (1.0 + high)).sqrt() - 1.0
        };
        step_before = step;
        step = rate - next;
        rate = next;
        if step.abs() <= 1e-15 * (1.0 + rate.abs()) {
            break;
        }
    }
    // Pushed against an end of the range: the root lies there or beyond; look at the ends.
    let margin = 1e-9;
    if rate - IRR_LOWEST <= margin || IRR_HIGHEST - rate <= margin {
        let at_lowest = npv_at_factor(flows, factor(IRR_LOWEST));
        let at_highest = npv_at_factor(flows, factor(IRR_HIGHEST));
        if !(at_lowest.is_finite() && at_highest.is_finite()) {
            return OneRoot::Overflow;
        }
        if at_lowest == 0.0 {
            return OneRoot::Found(Some(IRR_LOWEST));
        }
        if at_highest == 0.0 {
            return OneRoot::Found(Some(IRR_HIGHEST));
        }
        if at_lowest.signum() == at_highest.signum() {
            return OneRoot::Found(None);
        }
    }
    OneRoot::Found(Some(rate))
}

/// Rates of the grid scan, in order: every 0.5% from -99% to 100%, then coarser.
fn scan_rates() -> impl Iterator<Item = f64> {
    let fine = (-198..=200).map(|step| f64::from(step) * 0.005);
    let coarse = [1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, IRR_HIGHEST];
    fine.chain(coarse)
}

/// Rates evaluated side by side in the grid scan: independent Horner chains keep the
/// processor busy while each step waits for the one before.
const SCAN_BATCH: usize = 8;

/// The grid scan described at [`irr`], for flows that change sign more than once.
fn irr_by_scan(flows: &[f64]) -> Option<f64> {
    let value = |rate: f64| npv_at_factor(flows, 1.0 / (1.0 + rate));
    let rates: Vec<f64> = scan_rates().collect();
    let mut previous: Option<(f64, f64)> = None;
    for batch in rates.chunks(SCAN_BATCH) {
        // The same arithmetic as `value(rate)` for each rate, interleaved.
        let mut factors = [0.0; SCAN_BATCH];
        for (factor, rate) in factors.iter_mut().zip(batch) {
            *factor = 1.0 / (1.0 + rate);
        }
        let mut values = [0.0; SCAN_BATCH];
        for flow in flows.iter().rev() {
            for (value, factor) in values.iter_mut().zip(&factors) {
                *value = *value * factor + flow;
            }
        }
        for (&rate, &current) in batch.iter().zip(&values) {
            // Far below zero, discount factors overflow on long horizons: skip such rates
            // rather than mistake infinity or NaN for a sign change.
            if !current.is_finite() {
                previous = None;
                continue;
            }
            if current == 0.0 {
                return Some(rate);
            }
            if let Some((low, low_value)) = previous
                && low_value.signum() != current.signum()
            {
                return Some(bisect(&value, low, rate, low_value));
            }
            previous = Some((rate, current));
        }
    }
    None
}

/// Root of `f` between `low` and `high`, where `f(low) = low_value` and the signs differ.
fn bisect(f: &impl Fn(f64) -> f64, mut low: f64, mut high: f64, mut low_value: f64) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (low + high);
        let mid_value = f(mid);
        if mid_value == 0.0 || (high - low) < 1e-13 {
            return mid;
        }
        if mid_value.signum() == low_value.signum() {
            low = mid;
            low_value = mid_value;
        } else {
            high = mid;
        }
    }
    0.5 * (low + high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payback_is_the_year_after_the_last_year_under_water() {
        let divisors = [1.0; 5];
        let payback =
            |flows: &[f64]| investment(flows.to_vec(), &divisors[..flows.len()], 2030).payback_year;
        // Cumulative -10, -5, 1: back above water in the third year.
        assert_eq!(payback(&[-10.0, 5.0, 6.0]), Some(2032));
        // Cumulative -10, -5, 1, -4, 6: a later investment postpones payback.
        assert_eq!(payback(&[-10.0, 5.0, 6.0, -5.0, 10.0]), Some(2034));
        // Under water at the end, or never under water: no payback year.
        assert_eq!(payback(&[-10.0, 5.0]), None);
        assert_eq!(payback(&[5.0, -1.0, 3.0]), None);
        assert_eq!(payback(&[0.0, 0.0]), None);
        let label = |flows: &[f64]| {
            investment(flows.to_vec(), &divisors[..flows.len()], 2030).payback_label()
        };
        assert_eq!(label(&[-10.0, 5.0, 6.0]), "2032");
        assert_eq!(label(&[-10.0, 5.0]), "not within the horizon");
        assert_eq!(label(&[5.0, -1.0, 3.0]), "nothing to pay back");
    }

    #[test]
    fn zero_flows_at_either_end_do_not_change_the_irr() {
        // -100 then 121 two years later: (1 + r)^2 = 1.21, r = 10%, wherever the flows sit.
        let Some(bare) = irr(&[-100.0, 0.0, 121.0]) else {
            panic!("one sign change has an IRR");
        };
        let Some(padded) = irr(&[0.0, 0.0, -100.0, 0.0, 121.0, 0.0, 0.0, 0.0]) else {
            panic!("one sign change has an IRR");
        };
        assert!((bare - 0.1).abs() < 1e-12, "{bare}");
        assert!((padded - bare).abs() < 1e-15, "{padded} vs {bare}");
        assert_eq!(irr(&[0.0, 0.0, 0.0]), None);
    }

    #[test]
    fn irr_finds_the_lower_of_two_close_roots() {
        // NPV is zero at 11% and at 13%: -100 + 224/(1+r) - 125.43/(1+r)^2 with
        // (1+r) in {1.11, 1.13} since 1.11 + 1.13 = 2.24 and 1.11 × 1.13 = 1.2543.
        let rate = irr(&[-100.0, 224.0, -125.43]).unwrap_or(f64::NAN);
        assert!((rate - 0.11).abs() < 1e-9, "{rate}");
    }

    #[test]
    fn halley_and_the_grid_scan_find_the_same_single_root() {
        // Construction, ramp-up, then steady returns, over many shapes and sizes.
        for capex in [50.0, 100.0, 400.0, 2_000.0, 9_000.0] {
            for construction in 0..4 {
                for ramp in 1..4 {
                    for years in [4, 10, 30, 60] {
                        let mut flows = vec![0.0; construction];
                        flows.push(-capex);
                        flows.extend((0..years).map(|k| 20.0 * f64::from((k + 1).min(ramp))));
                        let newton = irr(&flows);
                        let scanned = irr_by_scan(&flows);
                        match (newton, scanned) {
                            (Some(a), Some(b)) => assert!(
                                (a - b).abs() < 1e-12 * (1.0 + b.abs()),
                                "{flows:?}: {a} vs {b}"
                            ),
                            (a, b) => assert_eq!(a, b, "{flows:?}"),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn irr_outside_the_searched_rates_is_none_and_sign_changes_skip_zeros() {
        // Returns of 20,000% a year: above the highest rate looked for.
        assert_eq!(irr(&[-1.0, 201.0]), None);
        assert_eq!(irr_by_scan(&[-1.0, 201.0]), None);
        assert_eq!(
            Signs::of(&[-1.0, 0.0, -2.0, 3.0, 0.0, 4.0]),
            Signs::ChangeOnce(OneChange {
                first_positive: false,
                last_before: 2,
                before: (3.0, 4.0),
                after: (7.0, 29.0),
            })
        );
        assert_eq!(Signs::of(&[-1.0, 3.0, -2.0]), Signs::ChangeMore);
        assert_eq!(Signs::of(&[2.0, 0.0, 1.0]), Signs::Same);
        let rate = irr(&[0.0, -100.0, 0.0, 121.0]).unwrap_or(f64::NAN);
        assert!((rate - 0.1).abs() < 1e-14, "{rate}");
    }

    #[test]
    fn irr_ignores_overflowing_rates_on_long_horizons() {
        // -100 then 169 years of +10: the IRR is just under 10%, not -99%.
        let mut flows = vec![-100.0];
        flows.extend(std::iter::repeat_n(10.0, 169));
        flows.push(0.0);
        let rate = irr(&flows).unwrap_or(f64::NAN);
        assert!((rate - 0.1).abs() < 1e-3, "{rate}");
        assert!(npv(&flows, rate, 0).abs() < 1e-6);
    }
}
