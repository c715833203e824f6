//! The arithmetic of a line: `amount × factor × prorata`, rounded once, in integer cents when
//! that is provably the decimal result, else with decimals; what a volet variable earns from an
//! achievement or a contract's indicators; the line handed to a [`Sink`] and the sums in cents.
//! Which lines a contract year has is decided in `year`.

use super::indicators;
use super::{EngineError, Totals};
use crate::model::calendar::Prorata;
use crate::model::money::{Money, Rounding};
use crate::model::scenario::{Indicator, VariableInput};
use crate::model::tariff::{Amount, Evidence, Mission, Part, Share};
use rust_decimal::Decimal;

/// One computed line, borrowed from the scenario and the table: nothing is allocated.
#[derive(Debug, Clone, Copy)]
pub struct LineData<'a> {
    /// The mission; `None` for fonctionnement and the uplift.
    pub mission: Option<&'a Mission>,
    /// Which part.
    pub part: Part,
    /// Annual amount at full achievement (with indicators, their sum; for the uplift, its base).
    pub envelope: Money,
    /// Achievement given for the whole volet variable.
    pub achievement: Option<Decimal>,
    /// With indicators: Σ amount × achievement, before prorata and rounding.
    pub earned_before_prorata: Option<Money>,
    /// Rate of the uplift.
    pub rate: Option<Decimal>,
    /// Share of the year counted.
    pub prorata: Prorata,
    /// What is due, rounded.
    pub amount: Money,
    /// What would be due at full achievement, rounded.
    pub at_full_achievement: Money,
    /// The table's amount the line rests on (`None` for the uplift).
    pub table_amount: Option<&'a Amount>,
    /// Evidence of the figure the line rests on.
    pub evidence: Evidence,
    /// Its source key.
    pub source: Option<&'a str>,
    /// The contract's indicators, when given.
    pub indicators: &'a [Indicator],
    /// The contract year computed (to read per-year achievements).
    pub contract_year: u32,
}

/// Receives every line of a contract year, in order.
pub trait Sink {
    /// Whether it wants the lines: a sink that does not gets only the uplift's, and the year is
    /// summed without building its other lines.
    const KEEPS: bool = true;

    /// One line.
    fn line(&mut self, line: &LineData<'_>);
}

/// A sink that keeps nothing: totals only.
pub struct Discard;

impl Sink for Discard {
    const KEEPS: bool = false;

    fn line(&mut self, _: &LineData<'_>) {}
}

/// `base × factor × prorata`, rounded once: the amount of every line. Computed in integers
/// when [`line_cents`] can, else with decimals ([`line_amount_decimal`]); both give the same
/// amount (a property test compares them).
pub fn line_amount(
    base: Money,
    factor: Decimal,
    prorata: &Prorata,
    rounding: Rounding,
) -> Option<Money> {
    match line_cents(base, factor, prorata, rounding) {
        Some(cents) => Some(Money::from_cents(cents)),
        None => line_amount_decimal(base, factor, prorata, rounding),
    }
}

/// A line that is an amount × prorata (factor one), and its cents: for a whole year, an amount
/// in cents is its own cents, with no decimal built for the factor.
#[inline]
pub(super) fn whole_due(
    base: Money,
    prorata: &Prorata,
    rounding: Rounding,
) -> Option<(Money, i64)> {
    match own_cents(base.value(), prorata) {
        Some(cents) => Some((base, cents)),
        None => line_due(base, Decimal::ONE, prorata, rounding),
    }
}

/// An amount in cents for a whole year: its own cents (the most common line).
#[inline]
fn own_cents(b: Decimal, prorata: &Prorata) -> Option<i64> {
    if !prorata.is_full() || b.scale() != 2 {
        return None;
    }
    i64::try_from(b.mantissa())
        .ok()
        .filter(|c| c.unsigned_abs() < MAX_CENTS)
}

/// [`line_amount`] and its cents, which the sums add; `None` also when it is no whole number of
/// cents within 64 bits (an overflow of the sums).
#[inline]
pub(super) fn line_due(
    base: Money,
    factor: Decimal,
    prorata: &Prorata,
    rounding: Rounding,
) -> Option<(Money, i64)> {
    match line_cents(base, factor, prorata, rounding) {
        Some(cents) => Some((Money::from_cents(cents), cents)),
        None => {
            let amount = line_amount_decimal(base, factor, prorata, rounding)?;
            Some((amount, amount.cents()?))
        }
    }
}

/// Bound of a line computed in integers, in cents (ten billion euros): every real amount is far
/// below, and so are the sums of any contract year's lines within 64 bits.
pub(super) const MAX_CENTS: u64 = 1_000_000_000_000;

/// Largest scale of `base × factor` the integer path takes: the decimal division by the days of
/// the year keeps 28 significant digits, and at this scale, for amounts under 10^10 cents, its
/// error is far below the distance from any exact quotient to a half cent, so both round alike.
const MAX_INTEGER_SCALE: u32 = 10;

/// `base × factor × prorata` rounded, in whole cents, computed in integers, when the decimal
/// computation is exact or provably rounds the same: the product's mantissa within 96 bits (so
/// `Decimal` multiplies exactly), its scale at most [`MAX_INTEGER_SCALE`], the result under
/// 10^12 cents. `None` otherwise: the caller computes with decimals.
#[inline]
pub fn line_cents(
    base: Money,
    factor: Decimal,
    prorata: &Prorata,
    rounding: Rounding,
) -> Option<i64> {
    let Rounding::CentHalfAwayFromZero = rounding;
    let (b, f) = (base.value(), factor);
    // An achievement of 100 %, a whole year: the amount's own cents.
    if is_one(f)
        && let Some(cents) = own_cents(b, prorata)
    {
        return Some(cents);
    }
    if b.is_sign_negative() && b.mantissa() == 0 {
        return None;
    }
    scaled_cents(i64::try_from(b.mantissa()).ok()?, b.scale(), f, prorata)
}

/// Whether a factor is one as the engine writes it (scale 0): comparing values across scales is
/// slow in a hot loop.
#[inline]
pub(super) fn is_one(f: Decimal) -> bool {
    f.scale() == 0 && f.mantissa() == 1
}

/// [`line_cents`] of an amount given as `mantissa × 10^-scale`: the integer computation itself,
/// for the engine and for amounts already in cents (`compiled`).
#[inline]
pub(super) fn scaled_cents(bm: i64, b_scale: u32, f: Decimal, prorata: &Prorata) -> Option<i64> {
    const FITS: u128 = 1 << 96;
    let scale = b_scale + f.scale();
    if scale > MAX_INTEGER_SCALE {
        return None;
    }
    let fm = i64::try_from(f.mantissa()).ok()?;
    // Two 64-bit numbers: their product fits 128 bits.
    let mut num = i128::from(bm) * i128::from(fm);
    let mut den = 1i64;
    if !prorata.is_full() {
        if prorata.of <= 0 || prorata.days < 0 || num.unsigned_abs() >= FITS {
            return None;
        }
        num = num.checked_mul(i128::from(prorata.days))?;
        den = prorata.of;
    }
    if num.unsigned_abs() >= FITS {
        return None;
    }
    // To cents: scale 2.
    match scale.checked_sub(2) {
        Some(down) => den = den.checked_mul(POW10[down as usize])?,
        None => num *= i128::from(POW10[(2 - scale) as usize]),
    }
    let cents = half_away_from_zero(num, den);
    if cents.unsigned_abs() >= u128::from(MAX_CENTS) {
        return None;
    }
    i64::try_from(cents).ok()
}

/// Powers of ten up to the largest scale computed in integers less the two of cents.
const POW10: [i64; 9] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
];

/// A factor read once for many whole-year amounts in cents (a sweep's point multiplies every volet
/// variable it moves by its achievement): [`scaled_cents`] of each, in 64 bits where the product
/// fits, else by [`scaled_cents`] itself.
pub(super) struct CentsTimes<'f> {
    factor: &'f Decimal,
    mantissa: i64,
    den: i64,
}

impl CentsTimes<'_> {
    /// `None` when [`scaled_cents`] would not compute with this factor in integers.
    #[inline]
    pub(super) fn of(factor: &Decimal) -> Option<CentsTimes<'_>> {
        if factor.scale() + 2 > MAX_INTEGER_SCALE {
            return None;
        }
        Some(CentsTimes {
            factor,
            mantissa: i64::try_from(factor.mantissa()).ok()?,
            den: *POW10.get(factor.scale() as usize)?,
        })
    }

    /// `cents × factor × prorata`, rounded: what `scaled_cents(cents, 2, factor, prorata)` gives.
    #[inline]
    pub(super) fn apply(&self, cents: i64, prorata: &Prorata) -> Option<i64> {
        match cents.checked_mul(self.mantissa) {
            // Below 2^63, so below scaled_cents' bound; scale 2 + s down to cents is 10^s.
            Some(num) if prorata.is_full() => {
                let c = i64::try_from(half_away_from_zero(i128::from(num), self.den)).ok()?;
                (c.unsigned_abs() < MAX_CENTS).then_some(c)
            }
            _ => scaled_cents(cents, 2, *self.factor, prorata),
        }
    }
}

/// `num / den` rounded half away from zero, `den` > 0: in 64 bits when `num` fits (a 128-bit
/// division is a library call).
#[inline]
fn half_away_from_zero(num: i128, den: i64) -> i128 {
    if den == 1 {
        return num;
    }
    match i64::try_from(num) {
        Ok(n) => {
            let (q, r) = (n / den, n % den);
            i128::from(
                if r.unsigned_abs() >= den.unsigned_abs() - r.unsigned_abs() {
                    q + n.signum()
                } else {
                    q
                },
            )
        }
        Err(_) => {
            let d = i128::from(den);
            let (q, r) = (num / d, num % d);
            if r.unsigned_abs() >= d.unsigned_abs() - r.unsigned_abs() {
                q + num.signum()
            } else {
                q
            }
        }
    }
}

/// `base × factor × prorata` with decimals, rounded once: the reference computation.
pub fn line_amount_decimal(
    base: Money,
    factor: Decimal,
    prorata: &Prorata,
    rounding: Rounding,
) -> Option<Money> {
    // `factor == ONE` compares values across scales, which is slow in a sweep's hot loop; a
    // plain factor of one is written with scale 0 everywhere in the engine.
    let scaled = if is_one(factor) {
        base
    } else {
        base.checked_mul(factor)?
    };
    let prorated = if prorata.is_full() {
        scaled
    } else {
        scaled
            .checked_mul(Decimal::from(prorata.days))?
            .checked_div(Decimal::from(prorata.of))?
    };
    Some(if prorated.value().scale() <= 2 {
        prorated
    } else {
        prorated.round(rounding)
    })
}

pub(super) fn overflow(mission: Option<&Mission>, part: Part) -> EngineError {
    EngineError::Overflow {
        mission: mission.map(|m| m.id.clone()),
        part,
    }
}

/// Running sums in cents: every line is rounded to the cent, so integer sums are exact (and
/// cheap, which matters to sweeps).
#[derive(Debug, Default, Clone)]
pub(super) struct Cents {
    pub(super) fonctionnement: i64,
    pub(super) fixed: i64,
    pub(super) variable_envelope: i64,
    pub(super) variable_earned: i64,
    pub(super) crisis: i64,
    pub(super) uplift: i64,
    pub(super) total: i64,
}

impl Cents {
    /// The sum a line of this part adds to (a volet variable: what it earned).
    pub(super) fn slot(&mut self, part: Part) -> &mut i64 {
        match part.share() {
            Share::Fonctionnement => &mut self.fonctionnement,
            Share::Fixed => &mut self.fixed,
            Share::Variable => &mut self.variable_earned,
            Share::Crisis => &mut self.crisis,
            Share::Uplift => &mut self.uplift,
        }
    }

    /// Adds a volet variable: what it earned (to its sum and the total) and its envelope;
    /// `None` when a sum would overflow.
    #[inline]
    pub(super) fn add_variable(&mut self, earned: i64, envelope: i64) -> Option<()> {
        self.variable_earned = self.variable_earned.checked_add(earned)?;
        self.variable_envelope = self.variable_envelope.checked_add(envelope)?;
        self.total = self.total.checked_add(earned)?;
        Some(())
    }

    #[inline]
    pub(super) fn money(&self) -> Totals {
        Totals {
            fonctionnement: Money::from_cents(self.fonctionnement),
            fixed: Money::from_cents(self.fixed),
            variable_envelope: Money::from_cents(self.variable_envelope),
            variable_earned: Money::from_cents(self.variable_earned),
            crisis: Money::from_cents(self.crisis),
            uplift: Money::from_cents(self.uplift),
            total: Money::from_cents(self.total),
        }
    }
}

/// What a volet variable earns: its amount, rounded, and how it was reached.
pub(super) struct VariableDue {
    /// What is due.
    pub(super) amount: Money,
    /// The same, in cents.
    pub(super) cents: i64,
    /// The achievement applied (none with indicators).
    pub(super) achievement: Option<Decimal>,
    /// With indicators: the contract's envelope and what they earned before prorata.
    pub(super) contract: Option<ContractIndicators>,
}

/// The sums of a contract's indicators.
pub(super) struct ContractIndicators {
    /// Σ worth: the envelope the contract sets.
    pub(super) envelope: Money,
    /// Σ worth × achievement, before prorata and rounding.
    pub(super) earned: Money,
    /// Whether every indicator has an amount (then the contract is the evidence).
    pub(super) all_amounts: bool,
}

/// The volet variable of a mission whose table envelope is `envelope`, for contract year `year`:
/// the achievement applied to it, or the contract's indicators summed; `None` on overflow. The
/// one computation of a volet variable, for every line and every partial evaluation.
#[inline]
pub(super) fn variable_due(
    input: Option<&VariableInput>,
    envelope: Money,
    prorata: &Prorata,
    rounding: Rounding,
    year: u32,
) -> Option<VariableDue> {
    match input {
        Some(VariableInput::Achievement(a)) => {
            let a = a.for_year(year);
            let (amount, cents) = line_due(envelope, a, prorata, rounding)?;
            Some(VariableDue {
                amount,
                cents,
                achievement: Some(a),
                contract: None,
            })
        }
        Some(VariableInput::Indicators(list)) => {
            let mut c = ContractIndicators {
                envelope: Money::ZERO,
                earned: Money::ZERO,
                all_amounts: true,
            };
            for ind in list {
                c.all_amounts &= ind.has_amount();
                c.envelope = c.envelope.checked_add(indicators::worth(ind, envelope)?)?;
                c.earned = c
                    .earned
                    .checked_add(indicators::earned(ind, envelope, year)?)?;
            }
            // Above the table's envelope, the envelope caps what is paid (reference section 6;
            // a warning says so).
            if c.envelope > envelope {
                c.envelope = envelope;
                c.earned = c.earned.min(envelope);
            }
            let (amount, cents) = whole_due(c.earned, prorata, rounding)?;
            Some(VariableDue {
                amount,
                cents,
                achievement: None,
                contract: Some(c),
            })
        }
        // Checked on input: a mission with a volet variable always has an achievement.
        None => Some(VariableDue {
            amount: Money::ZERO,
            cents: 0,
            achievement: Some(Decimal::ZERO),
            contract: None,
        }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// A factor read once gives, for every amount and prorata, what [`scaled_cents`] gives: the
    /// same cents, or `None` alike (past 64 bits, past the largest amount, too many decimals).
    #[test]
    fn a_factor_read_once_scales_as_scaled_cents_does() {
        let full = Prorata {
            days: 365,
            of: 365,
            start: None,
        };
        let part = Prorata {
            days: 226,
            of: 365,
            start: None,
        };
        let mut factors = vec![
            Decimal::ZERO,
            Decimal::new(5, 1),
            Decimal::new(1, 6),
            Decimal::new(999_999, 6),
            Decimal::new(123_456_789, 8),
            Decimal::new(-25, 2),
            Decimal::new(7, 9),
            Decimal::new(i64::MAX, 8),
            Decimal::from_i128_with_scale(i128::from(i64::MAX) + 1, 8),
        ];
        factors.extend((0..=1000).map(|k| Decimal::new(k, 3)));
        let amounts = [
            0,
            1,
            -1,
            5,
            4_500_000,
            -4_500_000,
            999_999_999_999,
            i64::MAX / 3,
            i64::MAX,
            i64::MIN,
        ];
        let mut compared = 0;
        for f in factors {
            let Some(times) = CentsTimes::of(&f) else {
                assert!(f.scale() + 2 > MAX_INTEGER_SCALE || i64::try_from(f.mantissa()).is_err());
                continue;
            };
            for cents in amounts.into_iter().chain((0..50).map(|i| i * 7_919 + 13)) {
                for prorata in [&full, &part] {
                    assert_eq!(
                        times.apply(cents, prorata),
                        scaled_cents(cents, 2, f, prorata),
                        "{cents} × {f} × {prorata:?}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 100_000, "{compared}");
    }
}
