//! Money: one type for every amount in euros, exact (`rust_decimal`), with the only rounding
//! method taking the table's declared policy.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// How a computed line is rounded. Only one policy exists today; tables name it explicitly so a
/// future avenant that rounds differently is a data change, not a silent one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Money(#[serde(with = "exact")] Decimal);

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
        let m = self.0.mantissa();
        // Every computed amount is in cents already: no multiplication.
        let m = if scale == 2 {
            m
        } else {
            m.checked_mul(10i128.pow(2 - scale))?
        };
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

/// Appends a whole number of cents as euros with two decimals and a point, `-1234.50`: the plain
/// form programs read (`report::format` writes every form people read). Digits by `itoa`.
pub fn write_cents(out: &mut String, cents: i64) {
    if cents < 0 {
        out.push('-');
    }
    let u = cents.unsigned_abs();
    let mut digits = itoa::Buffer::new();
    let (euros, rest) = (digits.format(u / 100), (u % 100) as u8);
    out.push_str(euros);
    // The point and the cents at once: `.05` is bytes 15..18.
    let at = usize::from(rest) * 3;
    out.push_str(CENTS.get(at..at + 3).unwrap_or(".00"));
}

/// `.00` to `.99`, three bytes each.
const CENTS: &str = ".00.01.02.03.04.05.06.07.08.09.10.11.12.13.14.15.16.17.18.19\
.20.21.22.23.24.25.26.27.28.29.30.31.32.33.34.35.36.37.38.39\
.40.41.42.43.44.45.46.47.48.49.50.51.52.53.54.55.56.57.58.59\
.60.61.62.63.64.65.66.67.68.69.70.71.72.73.74.75.76.77.78.79\
.80.81.82.83.84.85.86.87.88.89.90.91.92.93.94.95.96.97.98.99";

/// Appends a whole number: `-1234` (digits by `itoa`).
pub fn write_integer(out: &mut String, n: i64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// A decimal's exact representation (its mantissa, scale and sign) as one number: equal keys are
/// equal representations, which write equal text (`1.50` and `1.5` have different keys).
pub fn exact_key(d: Decimal) -> u128 {
    u128::from_le_bytes(d.serialize())
}

/// Appends a decimal as `Display` writes it, without `core::fmt` when its digits fit 64 bits
/// (every swept value and share does): the digits by `itoa`, the point put in by hand.
pub fn write_decimal(out: &mut String, d: Decimal) {
    match u64::try_from(d.mantissa().unsigned_abs()) {
        Ok(n) if !(n == 0 && d.is_sign_negative()) => {
            write_digits(out, d.is_sign_negative(), n, d.scale() as usize);
        }
        _ => {
            use std::fmt::Write;
            let _ = write!(out, "{d}");
        }
    }
}

/// Appends `d.normalize()` as [`write_decimal`] does (its fraction's trailing zeros dropped, `-0`
/// written `0`), the zeros dropped from its digits when they fit 64 bits (a swept achievement's).
pub fn write_decimal_normalized(out: &mut String, d: Decimal) {
    match u64::try_from(d.mantissa().unsigned_abs()) {
        Ok(0) => out.push('0'),
        Ok(mut n) => {
            let mut scale = d.scale() as usize;
            while scale > 0 && n % 10 == 0 {
                n /= 10;
                scale -= 1;
            }
            write_digits(out, d.is_sign_negative(), n, scale);
        }
        Err(_) => write_decimal(out, d.normalize()),
    }
}

/// Appends `n × 10^-scale`, negative when told: the digits by `itoa`, the point put in by hand.
fn write_digits(out: &mut String, negative: bool, n: u64, scale: usize) {
    if negative {
        out.push('-');
    }
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(n);
    if scale == 0 {
        out.push_str(digits);
    } else if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        out.push_str(digits);
    }
}

impl Money {
    /// Appends the amount as programs read it, `1234.50`: what `Display` writes, without going
    /// through `core::fmt` when the amount is whole cents (every computed amount is).
    pub fn write_plain(&self, out: &mut String) {
        let m = self.0.mantissa();
        // Cents from the mantissa, in 64 bits (a 128-bit product is a library call).
        let cents = [100, 10, 1]
            .get(self.0.scale() as usize)
            .and_then(|times| i64::try_from(m).ok()?.checked_mul(*times));
        match cents.filter(|_| !(m == 0 && self.0.is_sign_negative())) {
            Some(cents) => write_cents(out, cents),
            None => {
                use std::fmt::Write;
                let _ = write!(out, "{self}");
            }
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

/// A decimal kept in a binary form (the shipped tables compiled, `input::tariff`) as its 16 bytes
/// (`Decimal::serialize`): read back exactly, without parsing text.
pub mod exact {
    use rust_decimal::Decimal;

    /// Writes the 16 bytes.
    pub fn serialize<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&d.serialize(), s)
    }

    /// Reads the 16 bytes back.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let bytes: [u8; 16] = serde::Deserialize::deserialize(d)?;
        Ok(Decimal::deserialize(bytes))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// The decimal writer writes what `Display` writes: every scale, sign and size, zeros and
    /// negative zeros, digits past 64 bits.
    #[test]
    fn write_decimal_is_display_and_normalized_its_normal_form() {
        let mut values = vec![
            Decimal::ZERO,
            Decimal::new(0, 3),
            -Decimal::new(0, 3),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(i64::MAX, 0),
            Decimal::from_i128_with_scale(u64::MAX as i128 + 1, 5),
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            // A xorshift: mantissas of every length, scales 0 to 28, both signs.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 20) as u32;
            let mantissa = (x >> 5) % 10u64.pow(digits).max(1);
            let mut d = Decimal::from_i128_with_scale(mantissa as i128, (x % 29) as u32);
            d.set_sign_negative(x.is_multiple_of(3));
            values.push(d);
            // The same digits followed by zeros, which normalizing drops.
            let mut zeros = Decimal::from_i128_with_scale(mantissa as i128 * 1000, (x % 29) as u32);
            zeros.set_sign_negative(d.is_sign_negative());
            values.push(zeros);
        }
        for d in values {
            let mut out = String::new();
            write_decimal(&mut out, d);
            assert_eq!(out, d.to_string(), "{d:?}");
            let mut normalized = String::new();
            write_decimal_normalized(&mut normalized, d);
            assert_eq!(normalized, d.normalize().to_string(), "{d:?}");
        }
    }

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
    fn the_fast_writing_is_display_exactly() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        let mut cases: Vec<Decimal> = [
            "0",
            "-0",
            "0.00",
            "-0.00",
            "0.5",
            "-0.05",
            "1",
            "-1",
            "75000",
            "75000.0",
            "397500.00",
            "0.125",
            "-2.675",
            "123456789.999",
            "0.001",
        ]
        .iter()
        .map(|s| Decimal::from_str(s).unwrap())
        .collect();
        cases.extend([Decimal::MAX, Decimal::MIN]);
        for _ in 0..100_000 {
            let mantissa: i64 = rng.random_range(-10_000_000_000_000..10_000_000_000_000);
            let scale: u32 = rng.random_range(0..6);
            cases.push(Decimal::new(mantissa, scale));
        }
        for d in cases {
            let mut fast = String::new();
            Money::new(d).write_plain(&mut fast);
            assert_eq!(fast, Money::new(d).to_string(), "{d:?}");
            let mut plain = String::new();
            write_decimal(&mut plain, d);
            assert_eq!(plain, d.to_string(), "{d:?}");
        }
        for n in [0, 1, -1, 9, 10, -10, i64::MAX, i64::MIN, 1_000_000] {
            let mut s = String::new();
            write_integer(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn overflow_is_none() {
        let max = Money::new(Decimal::MAX);
        assert_eq!(max.checked_add(m("1")), None);
        assert_eq!(max.checked_mul(Decimal::TWO), None);
    }
}
