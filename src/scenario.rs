//! A CPTS as the engine sees it: checked values only, no positions, no file.

use crate::money::Money;
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
    /// A serious health crisis recognised by the ARS in that year.
    pub crisis_recognised: bool,
    /// The missions the CPTS runs, in the file's order.
    pub missions: Vec<MissionRun>,
}

impl Scenario {
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
    /// One fraction in [0, 1] for the whole volet variable.
    Achievement(Decimal),
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
    /// How far it was reached, in [0, 1].
    pub achievement: Decimal,
}

/// What an indicator is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Euros, as written in the contract.
    Amount(Money),
    /// A fraction of the table's envelope.
    Share(Decimal),
}
