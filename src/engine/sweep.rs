//! `sweep`: the engine over a range (or a grid) of one or two parameters, point by point, with
//! the cliffs called out — where the total jumps because a band, the uplift threshold or the
//! tariff version is crossed. Points are handed to a callback as they are computed, so a streamed
//! output holds one point at a time, and the per-point work allocates nothing.

use crate::engine::{self, EngineError, Totals};
use crate::model::scenario::{Paliers, Scenario, Scoring, VariableInput};
use crate::model::tariff::{Registry, TariffTable};
use rust_decimal::Decimal;

pub use crate::model::vary::{Param, Vary};

/// A jump of the total between two neighbouring points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cliff {
    /// The value before.
    pub from: Decimal,
    /// The value at which the jump shows.
    pub to: Decimal,
    /// What was crossed.
    pub crossed: Vec<Crossing>,
    /// total(to) − total(from).
    pub jump: crate::model::money::Money,
}

/// What a cliff crosses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Crossing {
    /// From one tariff version to another.
    Tariff {
        /// The version before.
        from: String,
        /// The version after.
        to: String,
    },
    /// From one band to another.
    Band {
        /// The band before.
        from: String,
        /// The band after.
        to: String,
    },
    /// Over the uplift threshold (either way).
    Uplift {
        /// Members above which the uplift applies.
        threshold: u64,
    },
    /// From one palier of the varied indicator to another (counted from 1; 0: none).
    Palier {
        /// The palier before.
        from: usize,
        /// The palier after.
        to: usize,
    },
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

/// Why a sweep stopped (worded in `report::errors`).
#[derive(Debug)]
pub enum SweepError {
    /// Not one or two `--vary`.
    VaryCount,
    /// The same parameter varied twice (its name).
    VariedTwice(String),
    /// A mission's achievement is varied but the scenario does not run it.
    MissionNotRun {
        /// The mission.
        id: String,
        /// The missions the scenario runs.
        runs: Vec<String>,
    },
    /// A mission's achievement is varied but it has no volet variable.
    NoVariable(String),
    /// An achievement is varied but what it would move is scored on what is reached (items and
    /// paliers only): the mission's id, or `None` for every mission.
    NoAchievement(Option<String>),
    /// A measured value is varied but no indicator with paliers has that id or name (the
    /// keys of those that have).
    NoPaliers {
        /// The key asked for.
        key: String,
        /// The keys there are.
        keys: Vec<String>,
    },
    /// A point's contract year falls outside the calendar (the point, `name=value, …`).
    OutsideCalendar(String),
    /// No version is in force on a point's first day.
    NoTable {
        /// The point.
        at: String,
        /// The day.
        day: chrono::NaiveDate,
    },
    /// The engine failed at a point.
    Engine {
        /// Where.
        at: String,
        /// What.
        source: EngineError,
    },
    /// The callback failed (writing the output).
    Output(std::io::Error),
}

impl From<std::io::Error> for SweepError {
    fn from(e: std::io::Error) -> SweepError {
        SweepError::Output(e)
    }
}

/// A value of an integer parameter as the integer it is (a vary's values are normalised: a whole
/// number has scale 0, and its mantissa is read without converting the decimal).
#[inline]
fn whole<T: TryFrom<i128> + TryFrom<Decimal>>(v: Decimal) -> Option<T> {
    if v.scale() == 0 {
        T::try_from(v.mantissa()).ok()
    } else {
        T::try_from(v).ok()
    }
}

/// The paliers of the indicator of `s` whose id (or name) is `key`.
pub fn paliers<'s>(s: &'s Scenario, key: &str) -> Option<&'s Paliers> {
    s.indicators()
        .filter(|i| i.is_named(key))
        .find_map(|i| match &i.scoring {
            Scoring::Paliers(p) => Some(p),
            _ => None,
        })
}

/// The keys of the indicators of `s` that have paliers.
fn paliers_keys(s: &Scenario) -> Vec<String> {
    s.indicators()
        .filter(|i| matches!(i.scoring, Scoring::Paliers(_)))
        .map(|i| i.key().to_string())
        .collect()
}

/// The paliers of the indicator whose id (or name) is `key`.
fn paliers_mut<'s>(s: &'s mut Scenario, key: &str) -> Option<&'s mut Paliers> {
    s.missions
        .iter_mut()
        .filter_map(|m| match &mut m.variable {
            Some(VariableInput::Indicators(list)) => Some(list),
            _ => None,
        })
        .flatten()
        .filter(|i| i.is_named(key))
        .find_map(|i| match &mut i.scoring {
            Scoring::Paliers(p) => Some(p),
            _ => None,
        })
}

/// The palier the varied indicator reaches at a point (counted from 1; 0: none), when a measured
/// value is varied.
fn palier_at(s: &Scenario, varies: &[Vary]) -> Option<usize> {
    let key = varies.iter().find_map(|v| match &v.param {
        Param::Measured(key) => Some(key),
        _ => None,
    })?;
    let p = paliers(s, key)?;
    let at = super::indicators::reached(p, p.measured.for_year(s.contract_year));
    Some(at.map_or(0, |n| n + 1))
}

fn apply(s: &mut Scenario, param: &Param, v: Decimal) {
    match param {
        Param::Population => s.population = whole(v).unwrap_or(1),
        Param::Members => s.members = whole(v).unwrap_or(0),
        Param::ContractYear => s.contract_year = whole(v).unwrap_or(1),
        Param::Measured(key) => {
            if let Some(p) = paliers_mut(s, key) {
                p.measured.set_all(v);
            }
        }
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
                            if let Scoring::Estimate { achievement, .. } = &mut i.scoring {
                                achievement.set_all(v);
                            }
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
        return Err(SweepError::VaryCount);
    }
    if varies.len() == 2 && varies[0].param == varies[1].param {
        return Err(SweepError::VariedTwice(varies[0].param.name()));
    }
    for v in varies {
        if let Param::Measured(key) = &v.param
            && paliers(s, key).is_none()
        {
            return Err(SweepError::NoPaliers {
                key: key.clone(),
                keys: paliers_keys(s),
            });
        }
        if let Param::MissionAchievement(id) = &v.param {
            let run = s.mission(id).ok_or_else(|| SweepError::MissionNotRun {
                id: id.clone(),
                runs: s.missions.iter().map(|m| m.id.clone()).collect(),
            })?;
            if run.variable.is_none() {
                return Err(SweepError::NoVariable(id.clone()));
            }
            if !moves_with_achievement(run) {
                return Err(SweepError::NoAchievement(Some(id.clone())));
            }
        }
        if v.param == Param::Achievement
            && s.missions.iter().any(|m| m.variable.is_some())
            && !s.missions.iter().any(moves_with_achievement)
        {
            return Err(SweepError::NoAchievement(None));
        }
    }
    Ok(())
}

/// What a point leaves for the next one to compare: its value, band, uplift, table, total and
/// the palier of a varied measured value.
type Previous<'r> = (
    Decimal,
    usize,
    bool,
    &'r str,
    crate::model::money::Money,
    Option<usize>,
);

/// Whether an achievement moves what a mission earns: one achievement, or an estimate among its
/// indicators (items and paliers are scored on what they reach).
fn moves_with_achievement(run: &crate::model::scenario::MissionRun) -> bool {
    match &run.variable {
        Some(VariableInput::Achievement(_)) => true,
        Some(VariableInput::Indicators(list)) => list
            .iter()
            .any(|i| matches!(i.scoring, Scoring::Estimate { .. })),
        None => false,
    }
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
    let Some(inner) = varies.last() else {
        return Err(SweepError::VaryCount);
    };
    // Along the population, the members or the contract year, achievements do not change: a
    // decided year's totals are kept with it. Along an achievement, the decided year is reused
    // and only its volets variables and uplift computed again.
    let same_results = inner.param.is_integer();
    for o in 0..outer {
        let mut years = engine::Years::new(engine::Reuse {
            missions: true,
            results: same_results,
        });
        // The table of the contract year, found once while the contract year stays.
        let mut year_table: Option<(u32, crate::model::tariff::Versions<'r>)> = None;
        let mut previous: Option<Previous<'r>> = None;
        let mut values = [Decimal::ZERO; 2];
        if varies.len() == 2 {
            values[0] = varies[0].value(o);
            apply(scenario, &varies[0].param, values[0]);
        }
        // Along an achievement, the year of the first point as a function of it (once its
        // first point is evaluated): the next points are computed from it alone, the scenario
        // given the last value at the end. Nothing a cliff looks at moves along an achievement.
        // The plan keeps the point it hands on, updated in place from point to point: a value
        // or an amount built where it is read is not copied while its bytes are still on their
        // way to memory (each such copy stalled the processor).
        let mut linear: Option<(engine::Linear, Point<'r>)> = None;
        let mut planned = !inner.param.is_achievement();
        let last = varies.len() - 1;
        let mut next = inner.values();
        loop {
            let v = match &mut linear {
                Some((plan, point)) => {
                    let before = point.values[last];
                    if !next.next_into(&mut point.values[last]) {
                        break;
                    }
                    let at = &point.values[last];
                    if let Some(band) = years.linear_totals(plan, at, &mut point.totals) {
                        point.band = band;
                        each(point)?;
                        continue;
                    }
                    let v = *at;
                    // A sum the integers do not hold: this point and the next as any other,
                    // from the point before it (its totals are still the point's).
                    if let Some(p) = &mut previous {
                        (p.0, p.4) = (before, point.totals.total);
                    }
                    linear = None;
                    v
                }
                None => match next.next() {
                    Some(v) => v,
                    None => break,
                },
            };
            values[last] = v;
            apply(scenario, &inner.param, v);
            let at = || {
                varies
                    .iter()
                    .zip(values)
                    .map(|(vary, v)| format!("{}={v}", vary.param.name()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let versions = match (forced, year_table) {
                (Some(t), _) => t.into(),
                (None, Some((n, v))) if n == scenario.contract_year => v,
                (None, _) => {
                    let year = crate::model::calendar::ContractYear::of(
                        scenario.signed,
                        scenario.contract_year,
                    )
                    .ok_or_else(|| SweepError::OutsideCalendar(at()))?;
                    let v = registry
                        .versions(&year, &scenario.missions)
                        .ok_or_else(|| SweepError::NoTable {
                            at: at(),
                            day: year.from,
                        })?;
                    year_table = Some((scenario.contract_year, v));
                    v
                }
            };
            let table: &'r TariffTable = versions.table;
            let uplifted = table
                .uplift
                .as_ref()
                .is_some_and(|u| scenario.members > u.members_above);
            let (totals, band) = years
                .totals(scenario, versions)
                .map_err(|source| SweepError::Engine { at: at(), source })?;
            let palier = palier_at(scenario, varies);
            let cliff = previous.and_then(|(pv, pband, pup, ptable, ptotal, ppalier)| {
                let mut crossed = Vec::new();
                if let (Some(from), Some(to)) = (ppalier, palier)
                    && from != to
                {
                    crossed.push(Crossing::Palier { from, to });
                }
                if ptable != table.id {
                    crossed.push(Crossing::Tariff {
                        from: ptable.to_string(),
                        to: table.id.clone(),
                    });
                } else if pband != band {
                    crossed.push(Crossing::Band {
                        from: table.bands[pband].id.clone(),
                        to: table.bands[band].id.clone(),
                    });
                }
                if pup != uplifted {
                    let threshold = table.uplift.as_ref().map_or(0, |u| u.members_above);
                    crossed.push(Crossing::Uplift { threshold });
                }
                (!crossed.is_empty()).then(|| Cliff {
                    from: pv,
                    to: v,
                    crossed,
                    jump: totals
                        .total
                        .checked_sub(ptotal)
                        .unwrap_or(crate::model::money::Money::ZERO),
                })
            });
            previous = Some((v, band, uplifted, table.id.as_str(), totals.total, palier));
            if !planned {
                planned = true;
                linear = years
                    .linear(scenario, |run| {
                        moves_with_achievement(run)
                            && match &inner.param {
                                Param::MissionAchievement(id) => &run.id == id,
                                _ => true,
                            }
                    })
                    .map(|plan| {
                        let point = Point {
                            values,
                            dims: varies.len(),
                            table,
                            band,
                            totals,
                            cliff: None,
                        };
                        (plan, point)
                    });
            }
            each(&Point {
                values,
                dims: varies.len(),
                table,
                band,
                totals,
                cliff,
            })?;
        }
        // The points computed from the plan left the scenario at the value it was made at.
        if let Some((_, point)) = &linear {
            apply(scenario, &inner.param, point.values[last]);
        }
    }
    Ok(())
}
