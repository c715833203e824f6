//! A tariff table compiled for totals: every amount in whole cents by band, read once per table,
//! so that a contract year never seen before — a sweep's point at a new band, member threshold
//! or contract year — is summed in integers, with no line built.
//!
//! Only the usual case is computed here: missions run the whole contract year, volets variables
//! given by one achievement, every line a whole number of cents. Anything else — a mission
//! started inside the year, a contract's indicators, a table amount that is not whole cents, a
//! product the integer arithmetic of [`line_cents`] declines — is computed by the whole engine
//! ([`super::totals`]), which is also the reference: a property test compares both on random
//! scenarios under every shipped table.

use super::lines::{Cents, MAX_CENTS, is_one, scaled_cents};
use super::simulate::year_and_band;
use super::uplift;
use super::{EngineError, Totals};
use crate::model::calendar::{ContractYear, Prorata};
use crate::model::money::Rounding;
use crate::model::scenario::{Scenario, VariableInput};
use crate::model::tariff::{Amount, MissionParts, PerBand, TariffTable};

/// A tariff table with its amounts in cents: see the module's documentation.
#[derive(Debug, Clone)]
pub struct Compiled<'t> {
    table: &'t TariffTable,
    /// Per band: fonctionnement, then three amounts per mission (volet fixe, volet variable, 0;
    /// or plan, update, activation); `None` when one is not a whole number of cents under
    /// the engine's integer bound (every evaluation is then the engine's).
    cents: Option<Vec<i64>>,
}

/// An amount's whole cents, if it has them within the bound of the engine's integer path, so
/// that the two agree on every amount they both take.
fn whole(amount: &Amount) -> Option<i64> {
    amount
        .value
        .cents()
        .filter(|c| u64::try_from(*c).is_ok_and(|c| c < MAX_CENTS))
}

impl<'t> Compiled<'t> {
    /// The table compiled: its amounts read once into cents.
    pub fn new(table: &'t TariffTable) -> Compiled<'t> {
        let cents = (0..table.bands.len())
            .flat_map(|band| {
                let at = move |p: &PerBand| p.0.get(band).and_then(whole);
                let missions = table.missions.iter().flat_map(move |m| match &m.parts {
                    MissionParts::Standard { fixed, variable } => {
                        [at(fixed), at(variable), Some(0)]
                    }
                    MissionParts::Crisis {
                        plan,
                        update,
                        activation,
                    } => [at(plan), at(update), at(activation)],
                });
                std::iter::once(at(&table.fonctionnement)).chain(missions)
            })
            .collect::<Option<Vec<i64>>>();
        Compiled { table, cents }
    }

    /// The table compiled.
    pub fn table(&self) -> &'t TariffTable {
        self.table
    }

    /// The totals of a contract year and its band index: exactly [`super::totals`].
    pub fn totals(&self, s: &Scenario) -> Result<(Totals, usize), EngineError> {
        let (year, band) = year_and_band(s, self.table)?;
        match self.sums(s, &year, band) {
            Some(sums) => Ok((sums.money(), band)),
            None => super::totals(s, self.table),
        }
    }

    /// Whether a scenario's totals are summed here in integers rather than by the whole engine
    /// (for tests and benches, which must know which path they prove).
    pub fn in_integers(&self, s: &Scenario) -> bool {
        year_and_band(s, self.table).is_ok_and(|(year, band)| self.sums(s, &year, band).is_some())
    }

    /// The sums in cents, or `None` when this case is left to the whole engine (which also
    /// reports any error: none can arise here, every line being under [`MAX_CENTS`]).
    #[inline]
    fn sums(&self, s: &Scenario, year: &ContractYear, band: usize) -> Option<Cents> {
        // The one rounding there is; another would need its own integer rule here.
        let Rounding::CentHalfAwayFromZero = self.table.rounding;
        let stride = 1 + 3 * self.table.missions.len();
        let row = self
            .cents
            .as_deref()?
            .get(band * stride..(band + 1) * stride)?;
        let full = Prorata::full(year);
        let rounding = self.table.rounding;
        let mut sums = Cents {
            fonctionnement: row[0],
            ..Cents::default()
        };
        let crisis_recognised = s.crisis_recognised();
        // Scenarios mostly list their missions in the table's order: the next one is tried
        // first.
        let mut next = 0;
        for (mission, amounts) in self.table.missions.iter().zip(row[1..].chunks_exact(3)) {
            let id = mission.id.as_str();
            let at = if s.missions.get(next).is_some_and(|r| r.id == id) {
                next
            } else {
                match s.missions.iter().position(|r| r.id == id) {
                    Some(at) => at,
                    None => continue,
                }
            };
            next = at + 1;
            let run = &s.missions[at];
            let started = mission.effective_start(s.signed, run.started);
            if started > year.from {
                // Prorated: the engine's.
                return None;
            }
            if let MissionParts::Crisis { .. } = mission.parts {
                // Started before the year: its update; on the year's first day: its plan.
                let plan = if started < year.from {
                    amounts[1]
                } else {
                    amounts[0]
                };
                sums.crisis = sums.crisis.checked_add(plan)?;
                if crisis_recognised {
                    sums.crisis = sums.crisis.checked_add(amounts[2])?;
                }
            } else {
                sums.fixed = sums.fixed.checked_add(amounts[0])?;
                sums.variable_envelope = sums.variable_envelope.checked_add(amounts[1])?;
                let earned = match &run.variable {
                    Some(VariableInput::Achievement(a)) => match a.for_year(s.contract_year) {
                        a if is_one(a) => amounts[1],
                        a => scaled_cents(amounts[1], 2, a, &full)?,
                    },
                    Some(VariableInput::Indicators(_)) => return None,
                    None => 0,
                };
                sums.variable_earned = sums.variable_earned.checked_add(earned)?;
            }
        }
        sums.total = sums
            .fonctionnement
            .checked_add(sums.fixed)?
            .checked_add(sums.variable_earned)?
            .checked_add(sums.crisis)?;
        if let Some(rule) = &self.table.uplift
            && let Some(line) = uplift::line(rule, s, &sums, full, rounding).ok()?
        {
            sums.uplift = line.amount.cents()?;
            sums.total = sums.total.checked_add(sums.uplift)?;
        }
        Some(sums)
    }
}
