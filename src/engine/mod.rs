//! The engine: scenario + tariff table → what is due for one contract year. Pure functions: no
//! I/O, no printing, no clock. Every line is rounded once, by the table's policy; totals are sums
//! of rounded lines.

mod lines;
mod uplift;
mod warnings;

pub use crate::tariff::Part;
pub use lines::line_amount;
pub use warnings::{Warning, WarningCode};

use crate::calendar::{ContractYear, Prorata};
use crate::money::Money;
use crate::scenario::Scenario;
use crate::tariff::{Band, Evidence, TariffTable};
use rust_decimal::Decimal;
use thiserror::Error;

/// Why a computation could not be done. Inputs are checked before the engine runs, so these are
/// limits of arithmetic or of the calendar, reported rather than panicking.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EngineError {
    /// A sum or product left the range of exact decimals.
    #[error("amount out of range while computing {0}")]
    Overflow(String),
    /// The population falls in no band of the table.
    #[error("population {population} falls in no band of tariff `{tariff}`")]
    NoBand {
        /// The population.
        population: u64,
        /// The table's id.
        tariff: String,
    },
    /// The contract year's dates fall outside the calendar.
    #[error("contract year {0} falls outside the calendar")]
    DateOutOfRange(u32),
}

/// One indicator of a volet variable, as used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorUse {
    /// Name in the contract.
    pub name: String,
    /// Euros at full achievement (a share already turned into euros).
    pub amount: Money,
    /// How far it was reached.
    pub achievement: Decimal,
}

/// One line of the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Mission id; `None` for fonctionnement and the uplift.
    pub mission: Option<String>,
    /// French label of the mission (or of the line).
    pub label: String,
    /// Which part of the remuneration.
    pub part: Part,
    /// Annual amount at full achievement; for the uplift, its base.
    pub envelope: Money,
    /// Achievement applied (volet variable only).
    pub achievement: Option<Decimal>,
    /// Rate applied (uplift only).
    pub rate: Option<Decimal>,
    /// Share of the year counted.
    pub prorata: Prorata,
    /// What is due, rounded.
    pub amount: Money,
    /// What would be due at full achievement this year, rounded (volet variable: the prorated
    /// envelope; other lines: the amount).
    pub at_full_achievement: Money,
    /// Evidence of the figure the line rests on.
    pub evidence: Evidence,
    /// Source key of that figure.
    pub source: Option<String>,
    /// The contract's indicators, when the achievement was given by indicator.
    pub indicators: Vec<IndicatorUse>,
}

/// Sums of the lines, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Fonctionnement.
    pub fonctionnement: Money,
    /// Volets fixes of the missions (crisis mission excluded).
    pub fixed: Money,
    /// Volets variables at full achievement, prorated.
    pub variable_envelope: Money,
    /// Volets variables earned.
    pub variable_earned: Money,
    /// Crisis mission: plan or update, and activation.
    pub crisis: Money,
    /// Uplift for large CPTS.
    pub uplift: Money,
    /// Everything due: fonctionnement + fixed + variable earned + crisis + uplift.
    pub total: Money,
}

/// The result for one CPTS in one contract year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simulation {
    /// Name of the CPTS.
    pub scenario: String,
    /// Tariff version applied.
    pub tariff: String,
    /// Its title.
    pub tariff_title: String,
    /// Band of the population.
    pub band: Band,
    /// Population.
    pub population: u64,
    /// Members.
    pub members: u64,
    /// The contract year computed.
    pub contract_year: ContractYear,
    /// Lines: fonctionnement, missions in the table's order, uplift.
    pub lines: Vec<Line>,
    /// Sums.
    pub totals: Totals,
    /// What the user must know about this result.
    pub warnings: Vec<Warning>,
}

/// Computes one contract year of one CPTS under one tariff table.
pub fn simulate(s: &Scenario, table: &TariffTable) -> Result<Simulation, EngineError> {
    let year = ContractYear::of(s.signed, s.contract_year)
        .ok_or(EngineError::DateOutOfRange(s.contract_year))?;
    let band_index = table
        .band_index(s.population)
        .ok_or_else(|| EngineError::NoBand {
            population: s.population,
            tariff: table.id.clone(),
        })?;
    let mut lines = lines::mission_lines(s, table, band_index, &year)?;
    let mut totals = totals(&lines)?;
    if let Some(line) = uplift::uplift_line(s, table, &year, &totals)? {
        totals.uplift = line.amount;
        totals.total = add(totals.total, line.amount, "the total")?;
        lines.push(line);
    }
    let warnings = warnings::warnings(s, table, &year, &lines);
    Ok(Simulation {
        scenario: s.name.clone(),
        tariff: table.id.clone(),
        tariff_title: table.title.clone(),
        band: table.bands[band_index].clone(),
        population: s.population,
        members: s.members,
        contract_year: year,
        lines,
        totals,
        warnings,
    })
}

fn add(a: Money, b: Money, what: &str) -> Result<Money, EngineError> {
    a.checked_add(b)
        .ok_or_else(|| EngineError::Overflow(what.to_string()))
}

fn totals(lines: &[Line]) -> Result<Totals, EngineError> {
    let mut t = Totals::default();
    for l in lines {
        let slot = match l.part {
            Part::Fonctionnement => &mut t.fonctionnement,
            Part::Fixed => &mut t.fixed,
            Part::Variable => {
                t.variable_envelope = add(
                    t.variable_envelope,
                    l.at_full_achievement,
                    "the variable envelope",
                )?;
                &mut t.variable_earned
            }
            Part::CrisisPlan | Part::CrisisUpdate | Part::CrisisActivation => &mut t.crisis,
            Part::Uplift => &mut t.uplift,
        };
        *slot = add(*slot, l.amount, "the totals")?;
        t.total = add(t.total, l.amount, "the total")?;
    }
    Ok(t)
}
