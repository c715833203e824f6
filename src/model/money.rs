//! Money: one type for every amount in euros, exact (`rust_decimal`), with the only rounding
//! method taking the table's declared policy.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// How a computed line is rounded. Only one policy exists today; tables name it explicitly so a
/// future avenant that rounds differently is a data change, not a silent one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// To the cent, half away from zero (0.005 → 0.01, -0.005 → -0.01).
    CentHalfAwayFromZero,
}

impl Rounding {
    /// The identifier used in tariff tables.
    pub fn id(self) -> &'static str {
        match self {
            Rounding::CentHalfAwayFromZero => "cent_half_away_from_zero",
        }
    }

    /// Parses a table's `rounding` value.
    pub fn from_id(id: &str) -> Option<Rounding> {
        (id == "cent_half_away_from_zero").then_some(Rounding::CentHalfAwayFromZero)
    }
}

/// An amount in euros. Arithmetic is checked: an overflow is an error for the caller, never a
/// panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    /// Zero euros.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Wraps an exact decimal amount (not yet rounded).
    pub fn new(value: Decimal) -> Money {
        Money(value)
    }

    /// The exact value.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// Rounds by the given policy: the only way an amount is rounded.
    pub fn round(self, policy: Rounding) -> Money {
        match policy {
            Rounding::CentHalfAwayFromZero => {
                let scale = self.0.scale();
                if scale <= 2 {
                    return self;
                }
                // Integer rounding of the mantissa (the hot path of sweeps); the same policy as
                // `round_dp_with_strategy(2, MidpointAwayFromZero)`, which is the fallback.
                let m = self.0.mantissa();
                let q = match (i64::try_from(m), 10i64.checked_pow(scale - 2)) {
                    // Most amounts fit 64 bits, where division is much cheaper.
                    (Ok(m), Some(d)) => {
                        let (q, r) = (m / d, m % d);
                        i128::from(if r.abs() >= d - r.abs() {
                            q + m.signum()
                        } else {
                            q
                        })
                    }
                    _ => {
                        let d = 10i128.pow(scale - 2);
                        let (q, r) = (m / d, m % d);
                        if r.abs() >= d - r.abs() {
                            q + m.signum()
                        } else {
                            q
                        }
                    }
                };
                Decimal::try_from_i128_with_scale(q, 2)
                    .map(Money)
                    .unwrap_or_else(|_| {
                        Money(
                            self.0
                                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
                        )
                    })
            }
        }
    }

    /// The amount in cents, when it has at most two decimals and fits.
    pub fn cents(self) -> Option<i64> {
        let scale = self.0.scale();
        if scale > 2 {
            return None;
        }
        let m = self.0.mantissa().checked_mul(10i128.pow(2 - scale))?;
        i64::try_from(m).ok()
    }

    /// An amount from cents.
    pub fn from_cents(cents: i64) -> Money {
        Money(Decimal::new(cents, 2))
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// `self - other`, or `None` on overflow.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// `self × factor`, or `None` on overflow.
    pub fn checked_mul(self, factor: Decimal) -> Option<Money> {
        self.0.checked_mul(factor).map(Money)
    }

    /// `self / divisor`, or `None` on overflow or division by zero.
    pub fn checked_div(self, divisor: Decimal) -> Option<Money> {
        self.0.checked_div(divisor).map(Money)
    }

    /// Sums amounts, or `None` on overflow.
    pub fn checked_sum<I: IntoIterator<Item = Money>>(items: I) -> Option<Money> {
        items
            .into_iter()
            .try_fold(Money::ZERO, |acc, m| acc.checked_add(m))
    }
}

/// The plain form with exactly two decimals and a point, `57500.00`: what programs read
/// (`report::format` writes every form people read).
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn m(s: &str) -> Money {
        Money::new(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn rounds_half_away_from_zero_not_to_even() {
        let p = Rounding::CentHalfAwayFromZero;
        assert_eq!(m("0.125").round(p), m("0.13"));
        assert_eq!(m("0.135").round(p), m("0.14"));
        assert_eq!(m("-0.125").round(p), m("-0.13"));
        assert_eq!(m("2.344999").round(p), m("2.34"));
    }

    #[test]
    fn integer_rounding_agrees_with_the_library() {
        let p = Rounding::CentHalfAwayFromZero;
        for s in [
            "0.005",
            "-0.005",
            "1.004999",
            "1.015",
            "-2.675",
            "123456789.125",
            "0.0049999999999999999",
        ] {
            let v = Decimal::from_str(s).unwrap();
            let expected = v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(Money::new(v).round(p).value(), expected, "{s}");
        }
    }

    #[test]
    fn cents_round_trip() {
        assert_eq!(m("1234.5").cents(), Some(123450));
        assert_eq!(Money::from_cents(123450), m("1234.50"));
        assert_eq!(m("0.125").cents(), None);
    }

    #[test]
    fn overflow_is_none() {
        let max = Money::new(Decimal::MAX);
        assert_eq!(max.checked_add(m("1")), None);
        assert_eq!(max.checked_mul(Decimal::TWO), None);
    }
}
