//! Where the next euro is: for every indicator of the contract year not at its best, what its
//! next step needs (the next palier's threshold, an item met, an estimate at 100 %) and what it
//! brings — the difference of two evaluations of the year, so prorata, the envelope's cap and
//! the uplift it carries are in it — sorted by euros; and what the whole year could still bring.

use super::{EngineError, Simulation, simulate, totals};
use crate::model::money::Money;
use crate::model::scenario::{Scenario, Scoring, VariableInput};
use crate::model::tariff::{Part, Versions};
use rust_decimal::Decimal;

/// What one indicator's next step needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Needs {
    /// An item to be met.
    Met,
    /// A measured value to move from `from` to `to` (the next palier's threshold).
    Value {
        /// Now.
        from: Decimal,
        /// Needed.
        to: Decimal,
        /// Whether the values are percentages (as fractions).
        percent: bool,
    },
    /// An estimate's achievement to bring from `from` to 1.
    Achievement {
        /// Now.
        from: Decimal,
    },
}

/// One lever.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lever {
    /// Mission id.
    pub mission: String,
    /// The mission's label.
    pub label: String,
    /// The indicator's id, when given.
    pub id: Option<String>,
    /// The indicator's name.
    pub indicator: String,
    /// What its next step needs.
    pub needs: Needs,
    /// What that step brings to the year's total.
    pub gain: Money,
}

/// The levers of a contract year.
#[derive(Debug, Clone)]
pub struct Levers {
    /// The year as it stands.
    pub simulation: Simulation,
    /// Every step that brings something, most euros first.
    pub levers: Vec<Lever>,
    /// What the year would bring more with every indicator at its best.
    pub reachable: Money,
}

/// Sets one indicator (mission `m`, indicator `i`) of `s` to its next step, or to its best;
/// `None` when it is there already.
fn step(s: &mut Scenario, m: usize, i: usize, best: bool) -> Option<Needs> {
    let year = s.contract_year;
    let Some(VariableInput::Indicators(list)) = &mut s.missions.get_mut(m)?.variable else {
        return None;
    };
    let ind = list.get_mut(i)?;
    match &mut ind.scoring {
        Scoring::Item { met, .. } => {
            if super::indicators::is_met(met.for_year(year)) {
                return None;
            }
            met.set_all(Decimal::ONE);
            Some(Needs::Met)
        }
        Scoring::Paliers(p) => {
            let from = p.measured.for_year(year);
            let next = super::indicators::reached(p, from).map_or(0, |r| r + 1);
            if next >= p.steps.len() {
                // At its best already: no step.
                return None;
            }
            let target = if best {
                p.steps.last()?
            } else {
                p.steps.get(next)?
            };
            let (to, percent) = (target.threshold, p.percent);
            p.measured.set_all(to);
            Some(Needs::Value { from, to, percent })
        }
        Scoring::Estimate { achievement, .. } => {
            let from = achievement.for_year(year);
            if from >= Decimal::ONE {
                return None;
            }
            achievement.set_all(Decimal::ONE);
            Some(Needs::Achievement { from })
        }
    }
}

/// The levers of the contract year of `s` under `versions`.
///
/// # Errors
///
/// As [`simulate`].
pub fn levers<'t>(s: &Scenario, versions: impl Into<Versions<'t>>) -> Result<Levers, EngineError> {
    let versions = versions.into();
    let simulation = simulate(s, versions)?;
    let base = simulation.totals.total;
    let gain = |moved: &Scenario| -> Result<Money, EngineError> {
        let (t, _) = totals(moved, versions)?;
        Ok(t.total.checked_sub(base).unwrap_or(Money::ZERO))
    };
    let mut levers = Vec::new();
    let mut all = s.clone();
    for (m, run) in s.missions.iter().enumerate() {
        let Some(VariableInput::Indicators(list)) = &run.variable else {
            continue;
        };
        let label = simulation
            .lines
            .iter()
            .find(|l| l.mission.as_deref() == Some(run.id.as_str()) && l.part == Part::Variable)
            .map_or_else(|| run.id.clone(), |l| l.label.clone());
        for (i, ind) in list.iter().enumerate() {
            step(&mut all, m, i, true);
            let mut moved = s.clone();
            let Some(needs) = step(&mut moved, m, i, false) else {
                continue;
            };
            let gain = gain(&moved)?;
            if gain > Money::ZERO {
                levers.push(Lever {
                    mission: run.id.clone(),
                    label: label.clone(),
                    id: ind.id.clone(),
                    indicator: ind.name.clone(),
                    needs,
                    gain,
                });
            }
        }
    }
    // Most euros first; equal gains in the file's order.
    levers.sort_by_key(|l| std::cmp::Reverse(l.gain));
    let reachable = gain(&all)?;
    Ok(Levers {
        simulation,
        levers,
        reachable,
    })
}
