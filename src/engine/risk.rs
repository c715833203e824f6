//! `risk`: achievements given as ranges (low, likely, high) drawn from PERT distributions, many
//! times, to give the spread of a contract year's total — per CPTS and for a portfolio. Seeded, so
//! the same seed gives the same draws; a CPTS without a range gives its one total every time.

use super::cash::{CashError, OutOfRange};
use super::totals;
use crate::model::money::Money;
use crate::model::scenario::{Range, Scenario, VariableInput};
use crate::model::tariff::{Registry, TariffTable, Versions};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Pert};
use rust_decimal::Decimal;

/// Where an uncertain achievement is: a mission, and one of its indicators or its whole volet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The mission's index in the scenario.
    pub mission: usize,
    /// The indicator's index, or `None` for the mission's achievement.
    pub indicator: Option<usize>,
    /// Its range.
    pub range: Range,
    /// Whether it is an item (met or not, drawn so), not a value.
    pub item: bool,
}

/// Gives every achievement of a scenario given as one value — of a mission, or of an estimated
/// indicator — a range `spread` around it (`--spread`); items and measured values keep theirs.
pub fn widen(s: &mut Scenario, spread: Decimal) {
    let n = s.contract_year;
    for run in &mut s.missions {
        match &mut run.variable {
            Some(VariableInput::Achievement(a)) => {
                a.spread(n, spread);
            }
            Some(VariableInput::Indicators(list)) => {
                for ind in list {
                    if let crate::model::indicator::Scoring::Estimate { achievement, .. } =
                        &mut ind.scoring
                    {
                        achievement.spread(n, spread);
                    }
                }
            }
            None => {}
        }
    }
}

/// Every achievement of a scenario given as a range.
pub fn ranged(s: &Scenario) -> Vec<Slot> {
    let mut out = Vec::new();
    for (m, run) in s.missions.iter().enumerate() {
        match &run.variable {
            Some(VariableInput::Achievement(a)) => {
                out.extend(a.range().map(|range| Slot {
                    mission: m,
                    indicator: None,
                    range,
                    item: false,
                }));
            }
            Some(VariableInput::Indicators(list)) => {
                for (i, ind) in list.iter().enumerate() {
                    out.extend(ind.value().range().map(|range| Slot {
                        mission: m,
                        indicator: Some(i),
                        range,
                        item: matches!(ind.scoring, crate::model::scenario::Scoring::Item { .. }),
                    }));
                }
            }
            None => {}
        }
    }
    out
}

fn set(s: &mut Scenario, slot: &Slot, value: Decimal) {
    let Some(run) = s.missions.get_mut(slot.mission) else {
        return;
    };
    match (&mut run.variable, slot.indicator) {
        (Some(VariableInput::Achievement(a)), None) => a.set_all(value),
        (Some(VariableInput::Indicators(list)), Some(i)) => {
            if let Some(ind) = list.get_mut(i) {
                ind.value_mut().set_all(value);
            }
        }
        _ => {}
    }
}

/// How a slot is drawn.
enum Dist {
    /// Always its likely value (a degenerate range).
    One,
    /// A value from its PERT distribution.
    Pert(Pert<f64>),
    /// An item: met with this probability — the mean of the PERT distribution of the same low,
    /// likely and high (false 0, true 1), `(low + 4 × likely + high) / 6`, so that on average
    /// it earns what an achievement range of those values would (1/6 for
    /// `{ low = false, likely = false, high = true }`, 5/6 for `{ false, true, true }`).
    Met(f64),
}

impl Dist {
    fn of(s: &Slot) -> Dist {
        let (low, likely, high) = (
            to_f64(s.range.low),
            to_f64(s.range.likely),
            to_f64(s.range.high),
        );
        if s.item {
            return match low == high {
                true => Dist::One,
                false => Dist::Met((low + 4.0 * likely + high) / 6.0),
            };
        }
        Pert::new(low, high)
            .with_mode(likely)
            .ok()
            .map_or(Dist::One, Dist::Pert)
    }
}

fn to_f64(d: Decimal) -> f64 {
    d.try_into().unwrap_or(0.0)
}

/// The cash asked of the draws: what lands in civil year `year`, the tables of the years paying
/// in it being `forced` or the versions in force.
#[derive(Clone, Copy)]
pub struct CashYear<'r> {
    /// The civil year.
    pub year: i32,
    /// The tables.
    pub registry: &'r Registry,
    /// The table named for every year, if any.
    pub forced: Option<&'r TariffTable>,
}

/// Each draw's contract-year total and, when asked, the cash of a civil year, in cents, in draw
/// order; and how often each palier of an indicator with a ranged measured value was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draws {
    /// The contract year's total.
    pub total: Vec<i64>,
    /// The cash of the civil year asked.
    pub cash: Option<Vec<i64>>,
    /// Per indicator with paliers and a ranged measured value, in the scenario's order.
    pub paliers: Vec<PalierOdds>,
}

/// How many draws reached each palier of one indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PalierOdds {
    /// Mission id.
    pub mission: String,
    /// The indicator's key (its id, else its name).
    pub indicator: String,
    /// Draws that reached no palier, then each palier as the best (least demanding first).
    pub counts: Vec<u64>,
}

/// The paliers of the indicator a slot draws, if it has paliers.
fn paliers_of<'s>(s: &'s Scenario, slot: &Slot) -> Option<&'s crate::model::scenario::Paliers> {
    match (&s.missions.get(slot.mission)?.variable, slot.indicator) {
        (Some(VariableInput::Indicators(list)), Some(i)) => match &list.get(i)?.scoring {
            crate::model::scenario::Scoring::Paliers(p) => Some(p),
            _ => None,
        },
        _ => None,
    }
}

fn cents(t: Money) -> Result<i64, CashError> {
    t.cents().ok_or(CashError::Range(OutOfRange::Amount))
}

/// What lands in the civil year, in cents.
fn cash_of(s: &Scenario, c: &CashYear) -> Result<i64, CashError> {
    cents(super::cash::total_in(s, c.registry, c.forced, c.year)?)
}

/// `draws` draws of a scenario's ranges: the contract year's total under `versions`, and the cash of
/// a civil year when asked (the achievements drawn hold for every contract year that pays in it).
/// `seed` makes them reproducible; a scenario without a range gives its one result every time.
pub fn draws(
    scenario: &Scenario,
    versions: Versions<'_>,
    cash: Option<&CashYear>,
    draws: usize,
    seed: u64,
) -> Result<Draws, CashError> {
    let slots = ranged(scenario);
    if slots.is_empty() {
        let (t, _) = totals(scenario, versions)?;
        return Ok(Draws {
            total: vec![cents(t.total)?; draws],
            cash: match cash {
                None => None,
                Some(c) => Some(vec![cash_of(scenario, c)?; draws]),
            },
            paliers: Vec::new(),
        });
    }
    let dists: Vec<Dist> = slots.iter().map(Dist::of).collect();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut s = scenario.clone();
    // A draw changes achievements only: the contract year is decided once.
    let year = super::Year::of(scenario, versions)?;
    let mut total = Vec::with_capacity(draws);
    let mut civil = cash.map(|_| Vec::with_capacity(draws));
    // The slots that draw a measured value against paliers, and their counts.
    let mut odds: Vec<(usize, PalierOdds)> = slots
        .iter()
        .enumerate()
        .filter_map(|(k, slot)| {
            let p = paliers_of(scenario, slot)?;
            let run = &scenario.missions[slot.mission];
            let key = match &run.variable {
                Some(VariableInput::Indicators(list)) => list[slot.indicator?].key().to_string(),
                _ => return None,
            };
            Some((
                k,
                PalierOdds {
                    mission: run.id.clone(),
                    indicator: key,
                    counts: vec![0; p.steps.len() + 1],
                },
            ))
        })
        .collect();
    for _ in 0..draws {
        for (slot, dist) in slots.iter().zip(&dists) {
            let value = match dist {
                // A degenerate range (low = high) is its one value.
                Dist::One => slot.range.likely,
                Dist::Pert(d) => six_decimals(d.sample(&mut rng))
                    .unwrap_or(slot.range.likely)
                    .clamp(slot.range.low, slot.range.high),
                Dist::Met(p) => Decimal::from(u8::from(rng.random_bool(*p))),
            };
            set(&mut s, slot, value);
        }
        let t = year.evaluate(&s, &mut super::Discard)?;
        total.push(cents(t.total)?);
        for (k, o) in &mut odds {
            if let Some(p) = paliers_of(&s, &slots[*k]) {
                let at = super::indicators::reached(p, p.measured.for_year(s.contract_year));
                if let Some(c) = o.counts.get_mut(at.map_or(0, |n| n + 1)) {
                    *c += 1;
                }
            }
        }
        if let (Some(c), Some(out)) = (cash, civil.as_mut()) {
            out.push(cash_of(&s, c)?);
        }
    }
    Ok(Draws {
        total,
        cash: civil,
        paliers: odds.into_iter().map(|(_, o)| o).collect(),
    })
}

/// A drawn number rounded to six decimals, half away from zero, from its exact binary value (a
/// test compares it with `rust_decimal`'s exact conversion, `from_f64_retain`, rounded so), in
/// integers: the decimal conversion was most of a draw's time. `Decimal::from_f64`, used before,
/// first cut the binary value to 17 digits; the two differ only within 10^-17 of a half
/// millionth. `None` when not finite or too large.
pub fn six_decimals(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    let bits = x.to_bits();
    let exponent = i32::try_from((bits >> 52) & 0x7ff).ok()?;
    let fraction = bits & ((1 << 52) - 1);
    // x = ±m × 2^e exactly.
    let (m, e) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, exponent - 1075)
    };
    let n = u128::from(m) * 1_000_000;
    let q = if e >= 0 {
        n.checked_shl(u32::try_from(e).ok()?)
            .filter(|q| q >> e.unsigned_abs() == n)?
    } else if e <= -128 {
        // Below 2^-55 once scaled: rounds to 0.
        0
    } else {
        let shift = e.unsigned_abs();
        let (q, rest) = (n >> shift, n & ((1u128 << shift) - 1));
        q + u128::from(rest >= 1u128 << (shift - 1))
    };
    let q = i64::try_from(q).ok()?;
    Some(Decimal::new(if bits >> 63 == 1 { -q } else { q }, 6))
}

/// Mean and quantiles of draws, in euros.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    /// Mean, rounded to the cent.
    pub mean: Money,
    /// 10th percentile.
    pub p10: Money,
    /// Median.
    pub p50: Money,
    /// 90th percentile.
    pub p90: Money,
}

/// The spread of draws (nearest-rank quantiles: each is one of the draws).
pub fn spread(cents: &[i64]) -> Spread {
    let mut sorted = cents.to_vec();
    sorted.sort_unstable();
    let n = sorted.len().max(1);
    let q = |p: usize| {
        let rank = (p * n).div_ceil(100).clamp(1, n);
        Money::from_cents(sorted.get(rank - 1).copied().unwrap_or(0))
    };
    let sum: i128 = sorted.iter().map(|c| i128::from(*c)).sum();
    let mean = Money::new(Decimal::from_i128_with_scale(sum, 2) / Decimal::from(n as u64))
        .round(crate::model::money::Rounding::CentHalfAwayFromZero);
    Spread {
        mean,
        p10: q(10),
        p50: q(50),
        p90: q(90),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::six_decimals;
    use rand::{RngExt, SeedableRng};
    use rust_decimal::{Decimal, RoundingStrategy};

    fn reference(x: f64) -> Option<Decimal> {
        Decimal::from_f64_retain(x)
            .map(|d| d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero))
    }

    /// The integer rounding is the decimal one: on 200 000 draws in [0, 1], on the exact
    /// ties of six decimals that binary numbers can hold (k/128), on their neighbours, and on
    /// tiny, negative and large values.
    #[test]
    fn six_decimals_is_the_decimal_rounding_of_the_binary_value() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let mut xs: Vec<f64> = (0..200_000).map(|_| rng.random::<f64>()).collect();
        for k in 0..=128 {
            let t = f64::from(k) / 128.0;
            xs.extend([t, t.next_up(), t.next_down(), -t]);
        }
        xs.extend([
            0.0,
            1e-7,
            5e-7,
            4.9999999e-7,
            1e-300,
            5e-324,
            1.0,
            2.5,
            12_345.678_900_5,
        ]);
        for x in xs {
            assert_eq!(six_decimals(x), reference(x), "{x:e}");
        }
    }
}
