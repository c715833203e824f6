//! A CPTS as the engine sees it: checked values only, no positions, no file.

use crate::model::calendar::{CONTRACT_YEARS, ContractYear};
use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use crate::model::indicator::{Direction, Indicator, Palier, Paliers, Scoring, Weight};

/// One CPTS in one contract year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// Name for people.
    pub name: String,
    /// Inhabitants of the territory (≥ 1): gives the band.
    pub population: u64,
    /// Members of the CPTS: above the table's threshold, the uplift applies.
    pub members: u64,
    /// Signature of the contract: first day of contract year 1.
    pub signed: NaiveDate,
    /// Which contract year to compute (≥ 1).
    pub contract_year: u32,
    /// A tariff version forced by the scenario, instead of the one in force.
    pub tariff: Option<String>,
    /// Whether `tariff` was forced on the command line (`--tariff`, `--against`), not by the
    /// file: warnings say where it came from.
    pub tariff_from_command: bool,
    /// The contract years in which the ARS recognises a serious health crisis.
    pub crisis_years: Vec<u32>,
    /// Whether the contract was renewed after its fifth year: only then are years 6 and later
    /// paid (reference section 5).
    pub renewed: bool,
    /// The missions the CPTS runs, in the file's order.
    pub missions: Vec<MissionRun>,
    /// The territory's communes, when the population was computed from them.
    pub territory: Option<crate::model::territory::Territory>,
}

impl Scenario {
    /// Whether a crisis is recognised in the contract year computed.
    #[inline]
    pub fn crisis_recognised(&self) -> bool {
        self.crisis_years.contains(&self.contract_year)
    }

    /// The last day of the contract, when it was not renewed: the eve of the anniversary that
    /// would open the year after the last ([`CONTRACT_YEARS`]).
    pub fn contract_end(&self) -> Option<NaiveDate> {
        if self.renewed {
            return None;
        }
        ContractYear::of(self.signed, CONTRACT_YEARS).map(|y| y.to)
    }

    /// Whether contract year `n` comes after the end of a contract that was not renewed: nothing
    /// is paid for it.
    #[inline]
    pub fn after_end(&self, n: u32) -> bool {
        !self.renewed && n > CONTRACT_YEARS
    }

    /// Every indicator of the contract, in the file's order.
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.missions
            .iter()
            .filter_map(|m| match &m.variable {
                Some(VariableInput::Indicators(list)) => Some(list),
                _ => None,
            })
            .flatten()
    }

    /// The mission run with this id, if the CPTS runs it.
    pub fn mission(&self, id: &str) -> Option<&MissionRun> {
        self.missions.iter().find(|m| m.id == id)
    }
}

/// A mission the CPTS runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissionRun {
    /// Mission id (`parcours`).
    pub id: String,
    /// When the mission started; `None` means at signature.
    pub started: Option<NaiveDate>,
    /// How far its indicators were reached; `None` only for missions without a volet variable.
    pub variable: Option<VariableInput>,
}

/// How the achievement of a mission is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariableInput {
    /// One fraction in [0, 1] for the whole volet variable, per contract year.
    Achievement(ByYear),
    /// The contract's indicators.
    Indicators(Vec<Indicator>),
}

/// A fraction per contract year: year 1, 2, 3…; the last value holds for later years. Given as a
/// range (low, likely, high), it is the likely value, and `risk` draws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByYear {
    values: Vec<Decimal>,
    range: Option<Range>,
}

/// An uncertain achievement: the lowest, the likeliest and the highest value (a PERT
/// distribution), low ≤ likely ≤ high in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// Lowest.
    pub low: Decimal,
    /// Likeliest.
    pub likely: Decimal,
    /// Highest.
    pub high: Decimal,
}

impl ByYear {
    /// The same value every year.
    pub fn single(value: Decimal) -> ByYear {
        ByYear {
            values: vec![value],
            range: None,
        }
    }

    /// Values for years 1, 2, 3…; `None` when empty.
    pub fn new(values: Vec<Decimal>) -> Option<ByYear> {
        (!values.is_empty()).then_some(ByYear {
            values,
            range: None,
        })
    }

    /// A range, every year: its likely value until drawn.
    pub fn ranged(range: Range) -> ByYear {
        ByYear {
            values: vec![range.likely],
            range: Some(range),
        }
    }

    /// The range, when the value is uncertain.
    pub fn range(&self) -> Option<Range> {
        self.range
    }

    /// Makes a value given without a range uncertain: within `spread` of its value for
    /// contract year `n`, kept in [0, 1]. `false` (and nothing changed) when it had a range.
    pub fn spread(&mut self, n: u32, spread: Decimal) -> bool {
        if self.range.is_some() {
            return false;
        }
        let likely = self.for_year(n);
        self.range = Some(Range {
            low: (likely - spread).max(Decimal::ZERO),
            likely,
            high: (likely + spread).min(Decimal::ONE),
        });
        true
    }

    /// The value for contract year `n` (1-based).
    pub fn for_year(&self, n: u32) -> Decimal {
        let i = (n.max(1) as usize - 1).min(self.values.len() - 1);
        self.values[i]
    }

    /// Sets every year to one value, in place (a range stays known).
    pub fn set_all(&mut self, value: Decimal) {
        self.values.truncate(1);
        self.values[0] = value;
    }

    /// The values as given.
    pub fn values(&self) -> &[Decimal] {
        &self.values
    }
}
