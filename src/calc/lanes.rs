//! Four years side by side. The calculation works out the flows and accounts of four years
//! at once, lane by lane, in a form the compiler turns into vector instructions. Each lane
//! does exactly the arithmetic of one year on its own (IEEE additions and multiplications are
//! the same whether done one at a time or four at a time), so the results are the same, bit
//! for bit, as working the years out one by one.

use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Sub};

/// Years in one [`Lanes`].
pub const LANES: usize = 4;

/// One figure in four consecutive years.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Lanes(pub [f64; LANES]);

impl Lanes {
    pub const fn splat(value: f64) -> Self {
        Self([value; LANES])
    }

    #[inline]
    pub fn from_fn(lane: impl FnMut(usize) -> f64) -> Self {
        Self(std::array::from_fn(lane))
    }

    /// `f` applied lane by lane to `self` and `other`.
    #[inline]
    fn zip(self, other: Self, f: impl Fn(f64, f64) -> f64) -> Self {
        let (a, b) = (self.0, other.0);
        Self::from_fn(|lane| f(a[lane], b[lane]))
    }

    /// The smaller of the two in each lane, as [`f64::min`].
    #[inline]
    pub fn min(self, other: Self) -> Self {
        self.zip(other, f64::min)
    }

    /// `then` in the lanes where `self` is above `other`, `otherwise` in the others.
    #[inline]
    pub fn where_above(self, other: Self, then: Self, otherwise: Self) -> Self {
        let mut chosen = otherwise;
        for lane in 0..LANES {
            if self.0[lane] > other.0[lane] {
                chosen.0[lane] = then.0[lane];
            }
        }
        chosen
    }
}

impl Add for Lanes {
    type Output = Self;
    #[inline]
    fn add(self, other: Self) -> Self {
        self.zip(other, |a, b| a + b)
    }
}

impl AddAssign for Lanes {
    #[inline]
    fn add_assign(&mut self, other: Self) {
        *self = *self + other;
    }
}

impl Sub for Lanes {
    type Output = Self;
    #[inline]
    fn sub(self, other: Self) -> Self {
        self.zip(other, |a, b| a - b)
    }
}

impl Mul for Lanes {
    type Output = Self;
    #[inline]
    fn mul(self, other: Self) -> Self {
        self.zip(other, |a, b| a * b)
    }
}

impl Mul<f64> for Lanes {
    type Output = Self;
    #[inline]
    fn mul(self, factor: f64) -> Self {
        self * Self::splat(factor)
    }
}

impl MulAssign for Lanes {
    #[inline]
    fn mul_assign(&mut self, other: Self) {
        *self = *self * other;
    }
}

impl Div for Lanes {
    type Output = Self;
    #[inline]
    fn div(self, other: Self) -> Self {
        self.zip(other, |a, b| a / b)
    }
}

impl Div<f64> for Lanes {
    type Output = Self;
    #[inline]
    fn div(self, divisor: f64) -> Self {
        self / Self::splat(divisor)
    }
}

/// A figure of one year ([`f64`]) or of four ([`Lanes`]): what the accounts' formulas need,
/// so that they are written once and worked out at either width.
pub trait Figure:
    Copy
    + Default
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Mul<f64, Output = Self>
{
    fn splat(value: f64) -> Self;
    /// `then` where `self` is above 0, and 0 elsewhere.
    fn where_positive(self, then: Self) -> Self;
    /// `self` where it is above `floor`, and 0 elsewhere.
    fn above_or_zero(self, floor: Self) -> Self;
}

impl Figure for f64 {
    #[inline]
    fn splat(value: f64) -> Self {
        value
    }

    #[inline]
    fn where_positive(self, then: Self) -> Self {
        if self > 0.0 { then } else { 0.0 }
    }

    #[inline]
    fn above_or_zero(self, floor: Self) -> Self {
        if self > floor { self } else { 0.0 }
    }
}

impl Figure for Lanes {
    #[inline]
    fn splat(value: f64) -> Self {
        Lanes::splat(value)
    }

    #[inline]
    fn where_positive(self, then: Self) -> Self {
        self.where_above(Self::splat(0.0), then, Self::splat(0.0))
    }

    #[inline]
    fn above_or_zero(self, floor: Self) -> Self {
        self.where_above(floor, self, Self::splat(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values that tell rounding, signed zeros and NaN apart.
    const AWKWARD: [f64; 8] = [
        0.1,
        -0.0,
        0.0,
        3.0e-300,
        -7.25,
        1.0 / 3.0,
        f64::NAN,
        2.0e300,
    ];

    #[test]
    fn each_lane_is_the_scalar_arithmetic() {
        for a in AWKWARD.windows(LANES) {
            for b in AWKWARD.windows(LANES).rev() {
                let (x, y) = (Lanes::from_fn(|i| a[i]), Lanes::from_fn(|i| b[i]));
                let same = |lanes: Lanes, scalar: &dyn Fn(f64, f64) -> f64| {
                    for i in 0..LANES {
                        assert_eq!(lanes.0[i].to_bits(), scalar(a[i], b[i]).to_bits());
                    }
                };
                same(x + y, &|a, b| a + b);
                same(x - y, &|a, b| a - b);
                same(x * y, &|a, b| a * b);
                same(x / y, &|a, b| a / b);
                same(x * 1.7, &|a, _| a * 1.7);
                same(x.min(y), &f64::min);
                same(x.where_positive(y), &|a, b| a.where_positive(b));
                same(x.above_or_zero(y), &|a, b| a.above_or_zero(b));
                same(x.where_above(y, x, y), &|a, b| if a > b { a } else { b });
            }
        }
    }
}
