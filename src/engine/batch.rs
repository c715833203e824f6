//! `batch`: many CPTS at once — the sums of a region or of the country, by band, by tariff
//! version and by line, and, for a reform, the same under a second table and the difference.

use super::{Simulation, Totals};
use crate::model::money::Money;
use crate::model::territory::Place;
use std::collections::BTreeMap;

/// Sums over some CPTS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    /// How many.
    pub count: u64,
    /// Their totals, part by part.
    pub totals: Totals,
    /// What of their total depends on results.
    pub at_risk: Money,
}

impl Sums {
    fn add(&mut self, t: &Totals, at_risk: Money) -> Option<()> {
        self.count += 1;
        self.totals = self.totals.checked_add(t)?;
        self.at_risk = self.at_risk.checked_add(at_risk)?;
        Some(())
    }
}

/// The sums of a batch, row after row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aggregate {
    /// Every CPTS computed.
    pub all: Sums,
    /// By band id.
    pub by_band: BTreeMap<String, Sums>,
    /// By tariff version.
    pub by_tariff: BTreeMap<String, Sums>,
    /// By département (code), for the CPTS whose territory is known: each counted in the
    /// département holding most of its population.
    pub by_departement: BTreeMap<String, (String, Sums)>,
    /// By région (code), likewise: name and sums.
    pub by_region: BTreeMap<String, (String, Sums)>,
    /// By line: `fonctionnement`, `parcours.fixed`, `crises_sanitaires.crisis_plan`, `uplift`.
    pub by_line: BTreeMap<String, Money>,
    /// Under the second table of a reform.
    pub against: Option<Sums>,
    /// Under the second table, by band (of the first).
    pub against_by_band: BTreeMap<String, Sums>,
    /// CPTS a reform does not concern (their year falls under another version).
    pub not_concerned: u64,
    /// Inputs that could not be computed.
    pub left_out: u64,
    /// The cash of a civil year, by month (1 to 12), when asked.
    pub cash: BTreeMap<u32, super::cash::Cash>,
}

/// A line's key in [`Aggregate::by_line`].
pub fn line_key(mission: Option<&str>, part: super::Part) -> String {
    match mission {
        None => part.as_str().to_string(),
        Some(m) => format!("{m}.{}", part.as_str()),
    }
}

/// What one CPTS adds to the sums: taken from its result where it was computed, so that the
/// result itself need not travel to the thread that sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    /// Its band.
    pub band: String,
    /// Its tariff version.
    pub tariff: String,
    /// The département and région holding most of its population, when its territory is known.
    pub place: Option<(Place, Place)>,
    /// Its totals.
    pub totals: Totals,
    /// What depends on results.
    pub at_risk: Money,
    /// Its lines, by [`line_key`].
    pub lines: Vec<(String, Money)>,
    /// Its totals and what depends on results under the second table of a reform, and whether
    /// the reform concerns it.
    pub against: Option<(Totals, Money, bool)>,
    /// Its payments in the civil year asked: month, certain, amount.
    pub cash: Vec<(u32, bool, Money)>,
}

impl Contribution {
    /// One CPTS's contribution: its result, what depends on results, its result under a second
    /// table, and its payments (those in civil year `year` are kept).
    pub fn of(
        sim: &Simulation,
        at_risk: Money,
        against: Option<(&Simulation, Money, bool)>,
        payments: &[super::cash::Payment],
        year: Option<i32>,
    ) -> Contribution {
        use chrono::Datelike;
        Contribution {
            band: sim.band.id.clone(),
            tariff: sim.tariff.clone(),
            place: sim.territory.as_ref().and_then(|t| t.main_departement()),
            totals: sim.totals,
            at_risk,
            lines: sim
                .lines
                .iter()
                .map(|l| (line_key(l.mission.as_deref(), l.part), l.amount))
                .collect(),
            against: against.map(|(b, r, concerned)| (b.totals, r, concerned)),
            cash: payments
                .iter()
                .filter(|p| Some(p.date.year()) == year)
                .map(|p| (p.date.month(), p.certain, p.amount))
                .collect(),
        }
    }
}

/// A key's value in a sum map, made when first seen (the key is copied only then).
fn slot<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> Option<&'m mut V> {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key)
}

impl Aggregate {
    /// Adds one CPTS. `None` when a sum leaves the range of exact decimals.
    pub fn add(&mut self, c: &Contribution) -> Option<()> {
        self.all.add(&c.totals, c.at_risk)?;
        slot(&mut self.by_band, &c.band)?.add(&c.totals, c.at_risk)?;
        slot(&mut self.by_tariff, &c.tariff)?.add(&c.totals, c.at_risk)?;
        if let Some(places) = &c.place {
            for (place, map) in [
                (&places.0, &mut self.by_departement),
                (&places.1, &mut self.by_region),
            ] {
                let (name, sums) = slot(map, &place.code)?;
                if name.is_empty() {
                    name.clone_from(&place.name);
                }
                sums.add(&c.totals, c.at_risk)?;
            }
        }
        for (key, amount) in &c.lines {
            let line = slot(&mut self.by_line, key)?;
            *line = line.checked_add(*amount)?;
        }
        if let Some((b, b_at_risk, concerned)) = &c.against {
            self.not_concerned += u64::from(!concerned);
            self.against
                .get_or_insert_with(Sums::default)
                .add(b, *b_at_risk)?;
            slot(&mut self.against_by_band, &c.band)?.add(b, *b_at_risk)?;
        }
        for (month, certain, amount) in &c.cash {
            let m = self.cash.entry(*month).or_default();
            let slot = if *certain {
                &mut m.certain
            } else {
                &mut m.at_risk
            };
            *slot = slot.checked_add(*amount)?;
        }
        Some(())
    }
}
