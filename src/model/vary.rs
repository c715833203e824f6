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
}
