//! A CPTS as the engine sees it: checked values only, no positions, no file.

use crate::model::money::Money;
use chrono::NaiveDate;
use rust_decimal::Decimal;

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
    /// The contract years in which the ARS recognises a serious health crisis.
    pub crisis_years: Vec<u32>,
    /// The missions the CPTS runs, in the file's order.
    pub missions: Vec<MissionRun>,
}

impl Scenario {
    /// Whether a crisis is recognised in the contract year computed.
    pub fn crisis_recognised(&self) -> bool {
        self.crisis_years.contains(&self.contract_year)
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

/// One indicator of a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// Its name in the contract.
    pub name: String,
    /// What it is worth at full achievement.
    pub weight: Weight,
    /// How far it was reached, in [0, 1], per contract year.
    pub achievement: ByYear,
}

/// A fraction per contract year: year 1, 2, 3…; the last value holds for later years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByYear(Vec<Decimal>);

impl ByYear {
    /// The same value every year.
    pub fn single(value: Decimal) -> ByYear {
        ByYear(vec![value])
    }

    /// Values for years 1, 2, 3…; `None` when empty.
    pub fn new(values: Vec<Decimal>) -> Option<ByYear> {
        (!values.is_empty()).then_some(ByYear(values))
    }

    /// The value for contract year `n` (1-based).
    pub fn for_year(&self, n: u32) -> Decimal {
        let i = (n.max(1) as usize - 1).min(self.0.len() - 1);
        self.0[i]
    }

    /// Sets every year to one value, in place.
    pub fn set_all(&mut self, value: Decimal) {
        self.0.truncate(1);
        self.0[0] = value;
    }

    /// The values as given.
    pub fn values(&self) -> &[Decimal] {
        &self.0
    }
}

/// What an indicator is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Euros, as written in the contract.
    Amount(Money),
    /// A fraction of the table's envelope.
    Share(Decimal),
}
