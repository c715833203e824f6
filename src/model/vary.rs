//! What a sweep varies (`--vary NAME=START:END:STEP`), over which range: a model type, parsed by
//! `input::vary` and run by `engine::sweep`.

use rust_decimal::Decimal;

/// What a `--vary` changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// The achievement of every mission with a volet variable (and of each of its indicators).
    Achievement,
    /// The achievement of one mission.
    MissionAchievement(String),
    /// The population.
    Population,
    /// The member count.
    Members,
    /// The contract year.
    ContractYear,
    /// The measured value of the indicator with paliers of this id (or name).
    Measured(String),
}

impl Param {
    /// The name as written on the command line.
    pub fn name(&self) -> String {
        match self {
            Param::Achievement => "achievement".into(),
            Param::MissionAchievement(m) => format!("achievement.{m}"),
            Param::Population => "population".into(),
            Param::Members => "members".into(),
            Param::ContractYear => "contract_year".into(),
            Param::Measured(i) => format!("measured.{i}"),
        }
    }

    /// Whether the parameter is an achievement (of every mission or of one).
    pub fn is_achievement(&self) -> bool {
        matches!(self, Param::Achievement | Param::MissionAchievement(_))
    }

    /// Whether the parameter takes whole numbers only.
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            Param::Population | Param::Members | Param::ContractYear
        )
    }
}

/// One `--vary NAME=START:END:STEP`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vary {
    /// The parameter.
    pub param: Param,
    /// First value.
    pub start: Decimal,
    /// Last value (included when the steps land on it).
    pub end: Decimal,
    /// Step, > 0.
    pub step: Decimal,
}

impl Vary {
    /// How many values the range has.
    pub fn count(&self) -> u64 {
        ((self.end - self.start) / self.step)
            .floor()
            .try_into()
            .map_or(0, |n: u64| n + 1)
    }

    /// The i-th value.
    pub fn value(&self, i: u64) -> Decimal {
        (self.start + self.step * Decimal::from(i)).normalize()
    }

    /// The values in order, each equal to [`value`](Vary::value) of its index: stepped in
    /// integers at one scale (a sweep of a million achievements adds a million mantissas rather
    /// than multiplying a million decimals), or by [`value`](Vary::value) where that scale does
    /// not hold a value.
    pub fn values(&self) -> Values<'_> {
        let scale = self.start.scale().max(self.step.scale());
        let at = |d: Decimal| {
            let mut d = d;
            d.rescale(scale);
            (d.scale() == scale)
                .then(|| i64::try_from(d.mantissa()).ok())
                .flatten()
        };
        Values {
            vary: self,
            next: 0,
            count: self.count(),
            stepped: at(self.start).zip(at(self.step)).map(|(m, step)| Stepped {
                mantissa: m,
                step,
                scale,
            }),
        }
    }
}

/// A vary's values, in order ([`Vary::values`]).
#[derive(Debug, Clone)]
pub struct Values<'v> {
    vary: &'v Vary,
    next: u64,
    count: u64,
    /// The next value's mantissa at the range's scale, and the step's.
    stepped: Option<Stepped>,
}

#[derive(Debug, Clone, Copy)]
struct Stepped {
    mantissa: i64,
    step: i64,
    scale: u32,
}

impl Values<'_> {
    /// Writes the next value into `slot`, where it is read: `false`, `slot` untouched, when
    /// there is none. A value built where it is kept is not copied while its bytes are still on
    /// their way to memory (a sweep's point takes its value so).
    #[inline]
    pub fn next_into(&mut self, slot: &mut Decimal) -> bool {
        if self.next >= self.count {
            return false;
        }
        let i = self.next;
        self.next += 1;
        match &mut self.stepped {
            Some(s) => {
                *slot = normalized(s.mantissa, s.scale);
                match s.mantissa.checked_add(s.step) {
                    Some(m) => s.mantissa = m,
                    // Past what 64 bits hold: the next values by the decimal computation.
                    None => self.stepped = None,
                }
            }
            None => *slot = self.vary.value(i),
        }
        true
    }
}

impl Iterator for Values<'_> {
    type Item = Decimal;

    #[inline]
    fn next(&mut self) -> Option<Decimal> {
        let mut value = Decimal::ZERO;
        self.next_into(&mut value).then_some(value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.count - self.next).ok();
        (left.unwrap_or(usize::MAX), left)
    }
}

/// `mantissa × 10^-scale` without trailing zeros, as [`Decimal::normalize`] gives it.
#[inline]
fn normalized(mut mantissa: i64, mut scale: u32) -> Decimal {
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    Decimal::new(mantissa, scale)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn vary(start: &str, end: &str, step: &str) -> Vary {
        Vary {
            param: Param::Achievement,
            start: start.parse().unwrap(),
            end: end.parse().unwrap(),
            step: step.parse().unwrap(),
        }
    }

    /// Stepped in integers, every value is the decimal computation's, scale included.
    #[test]
    fn values_stepped_are_the_values_computed() {
        for v in [
            vary("0", "1", "0.001"),
            vary("0.25", "3", "0.125"),
            vary("-2", "2", "0.3"),
            vary("1", "200000", "1"),
            vary("100", "1000", "50"),
            vary("0.000", "1.00", "0.10"),
            vary("0", "0.0000000000000000001", "0.00000000000000000001"),
            vary("9223372036854775800", "9223372036854775807", "1"),
        ] {
            let stepped: Vec<Decimal> = v.values().collect();
            let computed: Vec<Decimal> = (0..v.count()).map(|i| v.value(i)).collect();
            assert_eq!(stepped.len(), computed.len(), "{v:?}");
            for (s, c) in stepped.iter().zip(&computed) {
                assert_eq!((s, s.scale()), (c, c.scale()), "{v:?}");
            }
        }
    }
}
