//! What a contract's indicator is worth and earns (reference section 6): an item its amount when
//! met; paliers the amount of the best palier reached, not cumulative, a threshold reached when
//! the measured value equals it; an estimate its worth times its achievement. The one place
//! these rules are written.

use crate::model::money::Money;
use crate::model::scenario::{Direction, Indicator, Paliers, Scoring, Weight};
use rust_decimal::Decimal;

/// Whether `measured` reaches `threshold` under `p` (equal reaches it).
pub fn reaches(p: &Paliers, measured: Decimal, threshold: Decimal) -> bool {
    match p.direction {
        Direction::AtLeast => measured >= threshold,
        Direction::AtMost => measured <= threshold,
    }
}

/// The index of the best palier `measured` reaches, if any.
pub fn reached(p: &Paliers, measured: Decimal) -> Option<usize> {
    p.steps
        .iter()
        .rposition(|s| reaches(p, measured, s.threshold))
}

/// What `measured` earns: the best palier reached, or nothing.
pub fn palier_earned(p: &Paliers, measured: Decimal) -> Money {
    reached(p, measured).map_or(Money::ZERO, |i| p.steps[i].amount)
}

/// The most paliers pay.
pub fn best(p: &Paliers) -> Money {
    p.steps.last().map_or(Money::ZERO, |s| s.amount)
}

/// What an indicator is worth at full achievement, the table's envelope being
/// `table_envelope` (a share is of it); `None` on overflow.
pub fn worth(i: &Indicator, table_envelope: Money) -> Option<Money> {
    match &i.scoring {
        Scoring::Item { amount, .. } => Some(*amount),
        Scoring::Paliers(p) => Some(best(p)),
        Scoring::Estimate {
            weight: Weight::Amount(m),
            ..
        } => Some(*m),
        Scoring::Estimate {
            weight: Weight::Share(share),
            ..
        } => table_envelope.checked_mul(*share),
    }
}

/// What an indicator earns in contract year `year`, before prorata and rounding; `None` on
/// overflow.
pub fn earned(i: &Indicator, table_envelope: Money, year: u32) -> Option<Money> {
    match &i.scoring {
        Scoring::Item { amount, met } => Some(if is_met(met.for_year(year)) {
            *amount
        } else {
            Money::ZERO
        }),
        Scoring::Paliers(p) => Some(palier_earned(p, p.measured.for_year(year))),
        Scoring::Estimate { achievement, .. } => {
            worth(i, table_envelope)?.checked_mul(achievement.for_year(year))
        }
    }
}

/// Whether an item's value says met: 1 is met, 0 is not.
pub fn is_met(v: Decimal) -> bool {
    v >= Decimal::new(5, 1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::scenario::{ByYear, Palier};

    fn eur(n: i64) -> Money {
        Money::new(Decimal::from(n))
    }

    fn paliers(direction: Direction, steps: &[(Decimal, i64)]) -> Paliers {
        Paliers {
            direction,
            steps: steps
                .iter()
                .map(|&(threshold, a)| Palier {
                    threshold,
                    amount: eur(a),
                })
                .collect(),
            measured: ByYear::single(Decimal::ZERO),
            percent: false,
        }
    }

    /// Reference section 6 and the RoViRa annex, year 5: "patients en ALD sans médecin
    /// traitant: ≤ 219 → 3 000, ≤ 100 → 6 000, ≤ 50 → 9 000".
    #[test]
    fn lower_is_better_paliers_pay_the_best_reached_from_its_threshold_on() {
        let p = paliers(
            Direction::AtMost,
            &[
                (Decimal::from(219), 3000),
                (Decimal::from(100), 6000),
                (Decimal::from(50), 9000),
            ],
        );
        let at = |n: i64| palier_earned(&p, Decimal::from(n));
        assert_eq!(at(220), Money::ZERO);
        assert_eq!(at(219), eur(3000));
        assert_eq!(at(101), eur(3000));
        assert_eq!(at(100), eur(6000));
        assert_eq!(at(51), eur(6000));
        assert_eq!(at(50), eur(9000));
        assert_eq!(at(0), eur(9000));
        assert_eq!(best(&p), eur(9000));
    }

    /// The RoViRa annex, year 5: "dépistage du cancer du sein: ≥ 69,70 % → 1 000 · ≥ 72,40 % →
    /// 2 500 · ≥ 75 % → 3 500" (the maximum is 3 500, not 7 000).
    #[test]
    fn higher_is_better_paliers_are_not_cumulative() {
        let p = paliers(
            Direction::AtLeast,
            &[
                (Decimal::new(697, 3), 1000),
                (Decimal::new(724, 3), 2500),
                (Decimal::new(75, 2), 3500),
            ],
        );
        assert_eq!(palier_earned(&p, Decimal::new(6969, 4)), Money::ZERO);
        assert_eq!(palier_earned(&p, Decimal::new(697, 3)), eur(1000));
        assert_eq!(palier_earned(&p, Decimal::new(712, 3)), eur(1000));
        assert_eq!(palier_earned(&p, Decimal::new(7239, 4)), eur(1000));
        assert_eq!(palier_earned(&p, Decimal::new(724, 3)), eur(2500));
        assert_eq!(palier_earned(&p, Decimal::new(75, 2)), eur(3500));
        assert_eq!(palier_earned(&p, Decimal::ONE), eur(3500));
    }

    #[test]
    fn an_item_pays_all_or_nothing() {
        let item = |met: i64| Indicator {
            id: None,
            name: "Juin Vert".into(),
            scoring: Scoring::Item {
                amount: eur(1000),
                met: ByYear::single(Decimal::from(met)),
            },
        };
        assert_eq!(earned(&item(1), eur(17500), 5), Some(eur(1000)));
        assert_eq!(earned(&item(0), eur(17500), 5), Some(Money::ZERO));
        assert_eq!(worth(&item(0), eur(17500)), Some(eur(1000)));
    }
}
