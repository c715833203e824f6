//! `sweep`: the engine over a range (or a grid) of one or two parameters, point by point, with
//! the cliffs called out — where the total jumps because a band, the uplift threshold or the
//! tariff version is crossed. Points are handed to a callback as they are computed, so a streamed
//! output holds one point at a time, and the per-point work allocates nothing.

use crate::engine::{self, EngineError, Totals};
use crate::model::scenario::{Scenario, VariableInput};
use crate::model::tariff::{Registry, TariffTable};
use rust_decimal::Decimal;
use std::str::FromStr;

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
        }
    }

    fn is_integer(&self) -> bool {
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

const VARY_HELP: &str = "write NAME=START:END:STEP with NAME one of achievement, achievement.MISSION, population, members, contract_year; e.g. --vary population=30000:200000:1000";

impl Vary {
    /// Parses `NAME=START:END:STEP`.
    pub fn parse(spec: &str) -> Result<Vary, String> {
        let bad = |what: &str| format!("--vary `{spec}`: {what}\n  = help: {VARY_HELP}");
        let (name, range) = spec.split_once('=').ok_or_else(|| bad("no `=`"))?;
        let param = match name.trim() {
            "achievement" => Param::Achievement,
            "population" => Param::Population,
            "members" => Param::Members,
            "contract_year" => Param::ContractYear,
            other => match other.strip_prefix("achievement.") {
                Some(m) if !m.is_empty() => Param::MissionAchievement(m.to_string()),
                _ => return Err(bad(&format!("unknown parameter `{other}`"))),
            },
        };
        let parts: Vec<&str> = range.split(':').collect();
        let [start, end, step] = parts.as_slice() else {
            return Err(bad("the range needs three numbers, START:END:STEP"));
        };
        let num = |s: &str| {
            Decimal::from_str(s.trim()).map_err(|_| bad(&format!("`{s}` is not a number")))
        };
        let (start, end, step) = (num(start)?, num(end)?, num(step)?);
        if step <= Decimal::ZERO {
            return Err(bad("STEP must be more than 0"));
        }
        if end < start {
            return Err(bad("END is below START"));
        }
        if param.is_integer() && (start.fract() != Decimal::ZERO || step.fract() != Decimal::ZERO) {
            return Err(bad(&format!("{} takes whole numbers", param.name())));
        }
        let (min, max) = match param {
            Param::Achievement | Param::MissionAchievement(_) => {
                (Decimal::ZERO, Some(Decimal::ONE))
            }
            Param::Population | Param::ContractYear => (Decimal::ONE, None),
            Param::Members => (Decimal::ZERO, None),
        };
        if start < min || max.is_some_and(|m| end > m) {
            return Err(bad(&format!(
                "{} must stay within {min}..{}",
                param.name(),
                max.map_or("".to_string(), |m| m.to_string())
            )));
        }
        Ok(Vary {
            param,
            start,
            end,
            step,
        })
    }

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

/// A jump of the total between two neighbouring points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cliff {
    /// The value before.
    pub from: Decimal,
    /// The value at which the jump shows.
    pub to: Decimal,
    /// What was crossed, in words: "band T1 → T2", "uplift threshold (100 members)".
    pub what: String,
    /// total(to) − total(from).
    pub jump: crate::model::money::Money,
}

/// One point of a sweep.
#[derive(Debug, Clone)]
pub struct Point<'a> {
    /// The values of the varied parameters, in the order given.
    pub values: [Decimal; 2],
    /// How many of `values` are used (1 or 2).
    pub dims: usize,
    /// The table used.
    pub table: &'a TariffTable,
    /// Index of the band in that table.
    pub band: usize,
    /// The totals.
    pub totals: Totals,
    /// A cliff between the previous point on the last axis and this one.
    pub cliff: Option<Cliff>,
}

/// Why a sweep stopped.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// A `--vary` does not fit the scenario.
    #[error("{0}")]
    Invalid(String),
    /// The engine failed at a point.
    #[error("at {at}: {source}")]
    Engine {
        /// Where.
        at: String,
        /// What.
        source: EngineError,
    },
    /// The callback failed (writing the output).
    #[error(transparent)]
    Output(#[from] std::io::Error),
}

fn apply(s: &mut Scenario, param: &Param, v: Decimal) {
    match param {
        Param::Population => s.population = v.try_into().unwrap_or(1),
        Param::Members => s.members = v.try_into().unwrap_or(0),
        Param::ContractYear => s.contract_year = v.try_into().unwrap_or(1),
        Param::Achievement | Param::MissionAchievement(_) => {
            for m in &mut s.missions {
                if let Param::MissionAchievement(id) = param
                    && &m.id != id
                {
                    continue;
                }
                match &mut m.variable {
                    Some(VariableInput::Achievement(a)) => a.set_all(v),
                    Some(VariableInput::Indicators(list)) => {
                        for i in list {
                            i.achievement.set_all(v);
                        }
                    }
                    None => {}
                }
            }
        }
    }
}

/// Checks that each `--vary` fits the scenario.
pub fn validate(s: &Scenario, varies: &[Vary]) -> Result<(), SweepError> {
    if varies.is_empty() || varies.len() > 2 {
        return Err(SweepError::Invalid(
            "give one `--vary` (a range) or two (a grid)\n  = help: e.g. --vary achievement=0:1:0.05".into(),
        ));
    }
    if varies.len() == 2 && varies[0].param == varies[1].param {
        return Err(SweepError::Invalid(format!(
            "`{}` is varied twice\n  = help: vary two different parameters to make a grid",
            varies[0].param.name()
        )));
    }
    for v in varies {
        if let Param::MissionAchievement(id) = &v.param {
            let run = s.mission(id).ok_or_else(|| {
                SweepError::Invalid(format!(
                    "--vary achievement.{id}: the scenario does not run `{id}`\n  = help: the scenario runs: {}",
                    s.missions.iter().map(|m| m.id.as_str()).collect::<Vec<_>>().join(", ")
                ))
            })?;
            if run.variable.is_none() {
                return Err(SweepError::Invalid(format!(
                    "--vary achievement.{id}: `{id}` has no volet variable"
                )));
            }
        }
    }
    Ok(())
}

/// The number of points of a sweep.
pub fn points(varies: &[Vary]) -> u64 {
    varies.iter().map(Vary::count).product()
}

/// Runs the sweep, handing each point to `each` in order (the last `--vary` varies fastest).
/// The table is the one `forced`, or the one in force on the first day of each point's contract
/// year.
pub fn run<'r>(
    scenario: &mut Scenario,
    registry: &'r Registry,
    forced: Option<&'r TariffTable>,
    varies: &[Vary],
    mut each: impl FnMut(&Point<'r>) -> Result<(), SweepError>,
) -> Result<(), SweepError> {
    validate(scenario, varies)?;
    let outer = if varies.len() == 2 {
        varies[0].count()
    } else {
        1
    };
    let inner = varies.last().expect("validated: one or two");
    for o in 0..outer {
        let mut previous: Option<(Decimal, usize, bool, &'r str, crate::model::money::Money)> =
            None;
        let mut values = [Decimal::ZERO; 2];
        if varies.len() == 2 {
            values[0] = varies[0].value(o);
            apply(scenario, &varies[0].param, values[0]);
        }
        for i in 0..inner.count() {
            let v = inner.value(i);
            values[varies.len() - 1] = v;
            apply(scenario, &inner.param, v);
            let at = || {
                varies
                    .iter()
                    .zip(values)
                    .map(|(vary, v)| format!("{}={v}", vary.param.name()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let table = match forced {
                Some(t) => t,
                None => {
                    let year = crate::model::calendar::ContractYear::of(
                        scenario.signed,
                        scenario.contract_year,
                    )
                    .ok_or_else(|| {
                        SweepError::Invalid(format!(
                            "at {}: the contract year falls outside the calendar",
                            at()
                        ))
                    })?;
                    registry.in_force_on(year.from).ok_or_else(|| {
                        SweepError::Invalid(format!(
                            "at {}: no tariff version is in force on {}",
                            at(),
                            year.from
                        ))
                    })?
                }
            };
            let (totals, band) = engine::totals(scenario, table)
                .map_err(|source| SweepError::Engine { at: at(), source })?;
            let uplifted = table
                .uplift
                .as_ref()
                .is_some_and(|u| scenario.members > u.members_above);
            let cliff = previous.and_then(|(pv, pband, pup, ptable, ptotal)| {
                let mut what = Vec::new();
                if ptable != table.id {
                    what.push(format!("tariff {ptable} → {}", table.id));
                } else if pband != band {
                    what.push(format!(
                        "band {} → {}",
                        table.bands[pband].id, table.bands[band].id
                    ));
                }
                if pup != uplifted {
                    let threshold = table.uplift.as_ref().map_or(0, |u| u.members_above);
                    what.push(format!("uplift threshold ({threshold} members)"));
                }
                (!what.is_empty()).then(|| Cliff {
                    from: pv,
                    to: v,
                    what: what.join(", "),
                    jump: totals
                        .total
                        .checked_sub(ptotal)
                        .unwrap_or(crate::model::money::Money::ZERO),
                })
            });
            previous = Some((v, band, uplifted, table.id.as_str(), totals.total));
            each(&Point {
                values,
                dims: varies.len(),
                table,
                band,
                totals,
                cliff,
            })?;
        }
    }
    Ok(())
}
