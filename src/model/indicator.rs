//! A contract's indicators as contracts write them (reference section 6): an item, met or not; a
//! set of paliers on a measured value, the best palier reached paying its amount, not
//! cumulative; or, for estimates made before an annex is known, an amount or share of the
//! envelope reached to a fraction. What each earns is the engine's (`engine::indicators`).

use crate::model::money::Money;
use crate::model::scenario::ByYear;
use rust_decimal::Decimal;

/// One indicator of a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// A short key for `--vary`, `risk` and output, when the file gives one.
    pub id: Option<String>,
    /// Its name in the contract.
    pub name: String,
    /// How it is scored.
    pub scoring: Scoring,
}

/// How an indicator is scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scoring {
    /// All or nothing: its amount when met (1 per contract year), nothing otherwise (0).
    Item {
        /// Euros, as written in the contract.
        amount: Money,
        /// Met (1) or not (0), per contract year.
        met: ByYear,
    },
    /// Paliers on a measured value.
    Paliers(Paliers),
    /// An estimate: what it is worth, reached to a fraction.
    Estimate {
        /// What it is worth at full achievement.
        weight: Weight,
        /// How far it was reached, in [0, 1], per contract year.
        achievement: ByYear,
    },
}

/// What an estimated indicator is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Euros, as written in the contract.
    Amount(Money),
    /// A fraction of the table's envelope.
    Share(Decimal),
}

/// Which way a measured value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Higher is better: a palier is reached `from` its threshold up.
    AtLeast,
    /// Lower is better: a palier is reached `up_to` its threshold.
    AtMost,
}

/// One palier: a threshold and the euros it pays when it is the best reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palier {
    /// The threshold, in the indicator's unit (a percentage as a fraction: 69,70 % is 0.697).
    pub threshold: Decimal,
    /// Euros.
    pub amount: Money,
}

/// Paliers on a measured value, not cumulative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paliers {
    /// Which way is better.
    pub direction: Direction,
    /// From the least demanding to the most, amounts strictly rising (the input checks it).
    pub steps: Vec<Palier>,
    /// The value reached, per contract year (a range for `risk`).
    pub measured: ByYear,
    /// Whether the values are percentages (shown as such).
    pub percent: bool,
}

impl Indicator {
    /// Its share of the table's envelope, when it is an estimate given so.
    pub fn share(&self) -> Option<Decimal> {
        match self.scoring {
            Scoring::Estimate {
                weight: Weight::Share(share),
                ..
            } => Some(share),
            _ => None,
        }
    }

    /// Whether its amount is the contract's own (an item, paliers, an amount), not a share of
    /// the table's envelope.
    pub fn has_amount(&self) -> bool {
        self.share().is_none()
    }

    /// Whether `key` names it: its id, or its name.
    pub fn is_named(&self, key: &str) -> bool {
        self.id.as_deref() == Some(key) || self.name == key
    }

    /// The value given per contract year: met (1) or not (0), the measured value, or the
    /// achievement (`risk` draws it when it is a range).
    pub fn value(&self) -> &ByYear {
        match &self.scoring {
            Scoring::Item { met, .. } => met,
            Scoring::Paliers(p) => &p.measured,
            Scoring::Estimate { achievement, .. } => achievement,
        }
    }

    /// The same, to change it.
    pub fn value_mut(&mut self) -> &mut ByYear {
        match &mut self.scoring {
            Scoring::Item { met, .. } => met,
            Scoring::Paliers(p) => &mut p.measured,
            Scoring::Estimate { achievement, .. } => achievement,
        }
    }

    /// Its key: the id given, else its name.
    pub fn key(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.name)
    }
}
