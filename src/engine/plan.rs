//! A contract year computed once, its volets variables left open: for sweeps along an
//! achievement and for risk's draws, where a point changes nothing but achievements. Every other
//! line is summed once by the engine itself (`lines::compute`); at each point only the volets
//! variables are computed again, by the same function as every line (`lines::variable_due`), then
//! the uplift by its rule. A property test compares every point with the whole engine.

use super::lines::{Cents, LineData, Sink, compute, overflow, variable_due};
use super::uplift;
use super::{EngineError, Totals};
use crate::model::calendar::Prorata;
use crate::model::money::Money;
use crate::model::scenario::Scenario;
use crate::model::tariff::{Part, TariffTable, Uplift};

/// A volet variable left open: which mission run gives its achievement, the table's envelope and
/// the share of the year.
#[derive(Debug, Clone)]
struct Open {
    run: usize,
    envelope: Money,
    prorata: Prorata,
}

/// A contract year with everything but its volets variables computed.
#[derive(Clone)]
pub struct Plan<'t> {
    table: &'t TariffTable,
    band: usize,
    /// What the plan was made for: a scenario that differs in anything else is computed whole.
    key: Key,
    /// Whether a volet variable could not be reopened: then every point is computed whole.
    whole: bool,
    /// The lines that do not depend on achievements (and every volet variable's envelope).
    fixed: Cents,
    open: Vec<Open>,
    uplift: Option<&'t Uplift>,
    year: Prorata,
}

/// Sums the lines that do not depend on achievements; records the others.
struct Record<'s> {
    scenario: &'s Scenario,
    open: Vec<Open>,
    missed: bool,
}

impl Sink for Record<'_> {
    fn line(&mut self, line: &LineData<'_>) {
        if line.part != Part::Variable {
            return;
        }
        let run = line
            .mission
            .and_then(|m| self.scenario.missions.iter().position(|r| r.id == m.id));
        match (run, line.table_amount) {
            (Some(run), Some(amount)) => self.open.push(Open {
                run,
                envelope: amount.value,
                prorata: line.prorata,
            }),
            _ => self.missed = true,
        }
    }
}

/// What, beside achievements, a contract year's lines depend on (the missions' ids and start
/// dates aside, which sweeps and draws never change).
type Key = (u64, u64, chrono::NaiveDate, u32, bool, usize);

fn key(s: &Scenario) -> Key {
    (
        s.population,
        s.members,
        s.signed,
        s.contract_year,
        s.crisis_recognised(),
        s.missions.len(),
    )
}

impl<'t> Plan<'t> {
    /// The plan of a scenario's contract year under a table, and the band.
    pub fn new(s: &Scenario, table: &'t TariffTable) -> Result<Plan<'t>, EngineError> {
        let (year, band) = super::simulate::year_and_band(s, table)?;
        let mut record = Record {
            scenario: s,
            open: Vec::new(),
            missed: false,
        };
        let totals = compute(s, table, band, &year, &mut record)?;
        // The sums without the volets variables earned and the uplift.
        let cents = |m: Money, part| m.cents().ok_or_else(|| overflow(None, part));
        let mut fixed = Cents {
            fonctionnement: cents(totals.fonctionnement, Part::Fonctionnement)?,
            fixed: cents(totals.fixed, Part::Fixed)?,
            variable_envelope: cents(totals.variable_envelope, Part::Variable)?,
            crisis: cents(totals.crisis, Part::CrisisPlan)?,
            ..Cents::default()
        };
        fixed.total = fixed
            .fonctionnement
            .checked_add(fixed.fixed)
            .and_then(|t| t.checked_add(fixed.crisis))
            .ok_or_else(|| overflow(None, Part::Fixed))?;
        Ok(Plan {
            table,
            band,
            key: key(s),
            whole: record.missed,
            fixed,
            open: record.open,
            uplift: table.uplift.as_ref(),
            year: Prorata::full(&year),
        })
    }

    /// The table and band index of the plan.
    pub fn table(&self) -> (&'t TariffTable, usize) {
        (self.table, self.band)
    }

    /// The totals of `s`, which differs from the scenario of the plan in its achievements only
    /// (else it is computed whole, by the engine).
    pub fn totals(&self, s: &Scenario) -> Result<Totals, EngineError> {
        if self.whole || key(s) != self.key {
            return super::totals(s, self.table).map(|(t, _)| t);
        }
        let mut sums = self.fixed.clone();
        let rounding = self.table.rounding;
        for open in &self.open {
            let run = &s.missions[open.run];
            let err = || overflow(None, Part::Variable);
            let due = variable_due(
                run.variable.as_ref(),
                open.envelope,
                &open.prorata,
                rounding,
                s.contract_year,
            )
            .ok_or_else(err)?;
            let cents = due.cents;
            sums.variable_earned = sums.variable_earned.checked_add(cents).ok_or_else(err)?;
            sums.total = sums.total.checked_add(cents).ok_or_else(err)?;
        }
        if let Some(rule) = self.uplift
            && let Some(line) = uplift::line(rule, s, &sums, self.year, rounding)?
        {
            let err = || overflow(None, Part::Uplift);
            let cents = line.amount.cents().ok_or_else(err)?;
            sums.uplift = cents;
            sums.total = sums.total.checked_add(cents).ok_or_else(err)?;
        }
        Ok(sums.money())
    }
}
