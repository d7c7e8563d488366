//! Axis ticks at round numbers (1, 2, 2.5 or 5 times a power of ten).

/// Round tick values covering `min..=max`, about `target` of them. The first tick is at or
/// below `min` and the last at or above `max`, so the data always sits inside the axis.
pub fn nice_ticks(min: f64, max: f64, target: usize) -> Vec<f64> {
    let (mut low, mut high) = if min <= max { (min, max) } else { (max, min) };
    if !low.is_finite() || !high.is_finite() {
        return vec![0.0, 1.0];
    }
    if (high - low).abs() < f64::EPSILON * high.abs().max(1.0) {
        // A flat series: open a range around it so the axis still reads.
        let pad = if high == 0.0 { 1.0 } else { high.abs() * 0.5 };
        low -= pad;
        high += pad;
    }
    let raw_step = (high - low) / target.max(1) as f64;
    let magnitude = 10f64.powf(raw_step.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= raw_step)
        .unwrap_or(10.0 * magnitude);
    let first = (low / step).floor() as i64;
    let last = (high / step).ceil() as i64;
    (first..=last)
        .map(|i| {
            let tick = i as f64 * step;
            // Snap float noise (0.30000000000000004) and negative zero.
            let snapped = (tick / step).round() * step;
            if snapped == 0.0 { 0.0 } else { snapped }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::nice_ticks;

    #[test]
    fn ticks_cover_the_data_at_round_steps() {
        let ticks = nice_ticks(-3.2, 17.0, 5);
        assert_eq!(ticks, vec![-5.0, 0.0, 5.0, 10.0, 15.0, 20.0]);
        let ticks = nice_ticks(0.0, 0.52, 5);
        assert!(ticks.first().is_some_and(|&t| t <= 0.0));
        assert!(ticks.last().is_some_and(|&t| t >= 0.52));
        assert!(ticks.len() <= 8);
    }

    #[test]
    fn flat_and_broken_ranges_still_give_an_axis() {
        assert!(nice_ticks(5.0, 5.0, 5).len() >= 2);
        assert!(nice_ticks(0.0, 0.0, 5).len() >= 2);
        assert_eq!(nice_ticks(f64::NAN, 1.0, 5), vec![0.0, 1.0]);
    }
}
