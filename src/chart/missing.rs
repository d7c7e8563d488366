//! Values a chart cannot draw, marked as missing before anything is drawn or written.
//!
//! A file can pass `check` and still produce numbers no picture can hold: a feed ratio of
//! `5e-324` divides into infinity, and twenty stages with a ratio of `1e18` each compound past
//! the largest `f64`. Every chart builder ends with [`clean`], so the window, the SVG/PNG and
//! the CSV all see the same thing: a number beyond ±[`LARGEST_DRAWN`] (or not a number at all)
//! becomes NaN, which every writer shows as missing ("n/a", an empty cell, no shape), and a
//! non-zero number closer to zero than [`SMALLEST_DRAWN`] becomes zero. Between those bounds,
//! sums of thousands of bars and the axis arithmetic stay finite.

use super::{Chart, ChartBody};

/// Largest magnitude a chart draws. Far beyond any economy (world GDP is about 1e14 USD), and
/// far enough below `f64::MAX` that sums over a million bars and 5% of axis padding stay finite.
pub const LARGEST_DRAWN: f64 = 1e100;

/// Smallest non-zero magnitude a chart draws; anything closer to zero is drawn as zero, so
/// subnormal numbers never reach a division or a logarithm in the axis and label code.
pub const SMALLEST_DRAWN: f64 = 1e-100;

/// `value` as a chart draws it: NaN (missing) when it is not finite or beyond
/// [`LARGEST_DRAWN`], zero when it is smaller than [`SMALLEST_DRAWN`].
pub fn drawable(value: f64) -> f64 {
    let size = value.abs();
    if !value.is_finite() || size > LARGEST_DRAWN {
        f64::NAN
    } else if size < SMALLEST_DRAWN {
        0.0
    } else {
        value
    }
}

/// Marks every value of `chart` that cannot be drawn as missing (see [`drawable`]). Sankey
/// flows that cannot be drawn are left out, as a band needs a width.
pub fn clean(chart: &mut Chart) {
    let clean_all = |values: &mut Vec<f64>| {
        for value in values {
            *value = drawable(*value);
        }
    };
    match &mut chart.body {
        ChartBody::Bars { panels, .. } => {
            for panel in panels {
                for series in panel.series.iter_mut().chain(&mut panel.total) {
                    clean_all(&mut series.values);
                }
            }
        }
        ChartBody::Lines(panel) => {
            for series in &mut panel.series {
                clean_all(&mut series.values);
            }
        }
        ChartBody::Waterfall(waterfall) => {
            for step in &mut waterfall.steps {
                step.start = drawable(step.start);
                step.added = drawable(step.added);
                step.multiple = step.multiple.map(drawable);
                // The end is start + added: both bounded, so it is too, or missing.
                if !step.end().is_finite() {
                    step.added = f64::NAN;
                }
            }
            waterfall.total = drawable(waterfall.total);
        }
        ChartBody::Sankey(sankey) => {
            for flow in &mut sankey.flows {
                flow.amount = drawable(flow.amount);
                // A width that cannot be drawn is no width: the band keeps its label.
                flow.drawn = drawable(flow.drawn);
                if !flow.drawn.is_finite() || flow.drawn < 0.0 {
                    flow.drawn = 0.0;
                }
                flow.share_of_source = drawable(flow.share_of_source);
            }
            sankey
                .flows
                .retain(|flow| flow.amount.is_finite() && flow.amount > 0.0);
        }
        ChartBody::Empty(_) => {}
    }
}

/// `chart` with [`clean`] applied, for builders that end with a `Chart { .. }` expression.
pub fn cleaned(mut chart: Chart) -> Chart {
    clean(&mut chart);
    chart
}

#[cfg(test)]
// Exact values: the numbers compared are whole or passed through unchanged.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    #[test]
    fn only_drawable_numbers_are_kept() {
        assert!(drawable(f64::NAN).is_nan());
        assert!(drawable(f64::INFINITY).is_nan());
        assert!(drawable(-1e300).is_nan());
        assert!(drawable(f64::MAX).is_nan());
        assert_eq!(drawable(5e-324), 0.0);
        assert_eq!(drawable(-1e-310), 0.0);
        assert_eq!(drawable(-1234.5), -1234.5);
        assert_eq!(drawable(0.0), 0.0);
    }
}
