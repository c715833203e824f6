//! `batch`: many CPTS at once — the sums of a region or of the country, by band, by tariff
//! version and by line, and, for a reform, the same under a second table and the difference.

use super::cash::{Cash, Kind, Payment};
use super::{Simulation, Totals};
use crate::model::money::Money;
use crate::model::tariff::Share;
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
    /// The cash of each civil year asked, by month, part, payment kind and contract year.
    pub cash: BTreeMap<i32, RegionCash>,
}

/// What lands in the bank in one civil year, cut four ways: each cut adds up to the year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionCash {
    /// By month (1 to 12).
    pub by_month: BTreeMap<u32, Cash>,
    /// By part of the budget.
    pub by_share: BTreeMap<Share, Cash>,
    /// By payment kind: in full, advance, balance, after assessment.
    pub by_kind: BTreeMap<Kind, Cash>,
    /// By contract year paid.
    pub by_contract_year: BTreeMap<u32, Cash>,
    /// The year.
    pub total: Cash,
}

impl RegionCash {
    fn add(&mut self, p: &CashItem) -> Option<()> {
        for slot in [
            self.by_month.entry(p.month).or_default(),
            self.by_share.entry(p.share).or_default(),
            self.by_kind.entry(p.kind).or_default(),
            self.by_contract_year.entry(p.contract_year).or_default(),
            &mut self.total,
        ] {
            slot.checked_add(p.certain, p.amount)?;
        }
        Some(())
    }
}

/// One payment of a CPTS, as the sums of a region need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CashItem {
    /// Its civil year.
    pub year: i32,
    /// Its month (1 to 12).
    pub month: u32,
    /// The total of the budget it pays.
    pub share: Share,
    /// Advance, balance…
    pub kind: Kind,
    /// The contract year it belongs to.
    pub contract_year: u32,
    /// Certain, or depending on results.
    pub certain: bool,
    /// The amount.
    pub amount: Money,
}

impl CashItem {
    /// A payment's item.
    pub fn of(p: &Payment) -> CashItem {
        use chrono::Datelike;
        CashItem {
            year: p.date.year(),
            month: p.date.month(),
            share: p.part.share(),
            kind: p.kind,
            contract_year: p.contract_year,
            certain: p.certain,
            amount: p.amount,
        }
    }
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
    /// Its payments in the civil years asked.
    pub cash: Vec<CashItem>,
}

impl Contribution {
    /// One CPTS's contribution: its result, what depends on results, its result under a second
    /// table, and its payments in the civil years asked.
    pub fn of(
        sim: &Simulation,
        at_risk: Money,
        against: Option<(&Simulation, Money, bool)>,
        payments: &[Payment],
    ) -> Contribution {
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
            cash: payments.iter().map(CashItem::of).collect(),
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
        for item in &c.cash {
            self.cash.entry(item.year).or_default().add(item)?;
        }
        Some(())
    }
}
