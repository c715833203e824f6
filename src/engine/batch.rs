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
        self.merge(Sums {
            count: 1,
            totals: *t,
            at_risk,
        })
    }

    /// Adds the sums of other CPTS.
    fn merge(&mut self, o: Sums) -> Option<()> {
        self.count += o.count;
        self.totals = self.totals.checked_add(&o.totals)?;
        self.at_risk = self.at_risk.checked_add(o.at_risk)?;
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
    /// By line: `fonctionnement`, `parcours.fixed`, `crises_sanitaires.crisis_plan`, `uplift`
    /// (see [`LineSums::by_key`]).
    pub by_line: LineSums,
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

    fn merge(&mut self, o: RegionCash) -> Option<()> {
        merge_maps(&mut self.by_month, o.by_month, Cash::merge)?;
        merge_maps(&mut self.by_share, o.by_share, Cash::merge)?;
        merge_maps(&mut self.by_kind, o.by_kind, Cash::merge)?;
        merge_maps(&mut self.by_contract_year, o.by_contract_year, Cash::merge)?;
        self.total.merge(o.total)
    }
}

/// Adds the values of `other` to those of `map`, key by key; `None` when a sum leaves the range.
fn merge_maps<K: Ord, V: Default>(
    map: &mut BTreeMap<K, V>,
    other: BTreeMap<K, V>,
    mut add: impl FnMut(&mut V, V) -> Option<()>,
) -> Option<()> {
    for (k, v) in other {
        match map.entry(k) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(v);
            }
            std::collections::btree_map::Entry::Occupied(mut e) => add(e.get_mut(), v)?,
        }
    }
    Some(())
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

/// The sums of a batch's lines, by mission and part, in the order they were first seen. A CPTS's
/// lines come in its table's order, so each is looked for first just after the one before: one
/// comparison a line, not a search of a map of strings.
#[derive(Debug, Clone, Default)]
pub struct LineSums {
    sums: Vec<(Option<String>, super::Part, Money)>,
    next: usize,
}

impl LineSums {
    /// Adds a line's amount; `None` when the sum leaves the range of exact decimals.
    fn add(&mut self, mission: Option<&str>, part: super::Part, amount: Money) -> Option<()> {
        // `next` is at most the length: one past the last line found or added.
        let n = self.sums.len();
        let found = (self.next..n)
            .chain(0..self.next)
            .find(|&i| self.sums[i].1 == part && self.sums[i].0.as_deref() == mission);
        let at = match found {
            Some(i) => i,
            None => {
                self.sums
                    .push((mission.map(str::to_string), part, Money::ZERO));
                n
            }
        };
        let sum = &mut self.sums[at].2;
        *sum = sum.checked_add(amount)?;
        self.next = at + 1;
        Some(())
    }

    /// Adds the sums of other lines.
    fn merge(&mut self, o: LineSums) -> Option<()> {
        o.sums
            .into_iter()
            .try_for_each(|(m, part, amount)| self.add(m.as_deref(), part, amount))
    }

    /// The sums by [`line_key`], in the order of their keys.
    pub fn by_key(&self) -> BTreeMap<String, Money> {
        self.sums
            .iter()
            .map(|(m, part, amount)| (line_key(m.as_deref(), *part), *amount))
            .collect()
    }
}

/// The same sums, whatever the order the lines were first seen in.
impl PartialEq for LineSums {
    fn eq(&self, other: &Self) -> bool {
        self.by_key() == other.by_key()
    }
}

impl Eq for LineSums {}

/// A line's key in [`LineSums::by_key`].
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
    /// Its lines: mission, part and amount.
    pub lines: Vec<(Option<String>, super::Part, Money)>,
    /// Its totals and what depends on results under the second table of a reform, and whether
    /// the reform concerns it.
    pub against: Option<(Totals, Money, bool)>,
    /// Its payments in the civil years asked.
    pub cash: Vec<CashItem>,
}

impl Contribution {
    /// One CPTS's contribution: its result (its lines' missions are moved, not copied), what
    /// depends on results, its result under a second table, and its payments in the civil years
    /// asked.
    pub fn of(
        sim: Simulation,
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
            // A new vector, not the lines' own reused in place: it would keep their size.
            lines: {
                let mut lines = Vec::with_capacity(sim.lines.len());
                lines.extend(sim.lines.into_iter().map(|l| (l.mission, l.part, l.amount)));
                lines
            },
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
        for (mission, part, amount) in &c.lines {
            self.by_line.add(mission.as_deref(), *part, *amount)?;
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

    /// Adds the sums of other CPTS — those of a chunk of a batch, summed where they were
    /// computed: sums of exact decimals do not depend on the order they are made in. `None` when
    /// a sum leaves the range of exact decimals.
    pub fn merge(&mut self, o: Aggregate) -> Option<()> {
        self.all.merge(o.all)?;
        merge_maps(&mut self.by_band, o.by_band, Sums::merge)?;
        merge_maps(&mut self.by_tariff, o.by_tariff, Sums::merge)?;
        for (map, other) in [
            (&mut self.by_departement, o.by_departement),
            (&mut self.by_region, o.by_region),
        ] {
            merge_maps(map, other, |(name, sums), (other_name, other_sums)| {
                if name.is_empty() {
                    *name = other_name;
                }
                sums.merge(other_sums)
            })?;
        }
        self.by_line.merge(o.by_line)?;
        if let Some(b) = o.against {
            self.against.get_or_insert_with(Sums::default).merge(b)?;
        }
        merge_maps(&mut self.against_by_band, o.against_by_band, Sums::merge)?;
        self.not_concerned += o.not_concerned;
        self.left_out += o.left_out;
        merge_maps(&mut self.cash, o.cash, RegionCash::merge)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// A contribution of `n` cents in every part, of band `band`, with a line, a place when `n`
    /// is even, a reform's side, and a payment in 2026 or 2027.
    fn contribution(n: i64, band: &str) -> Contribution {
        let m = Money::from_cents(n);
        let totals = Totals {
            fonctionnement: m,
            fixed: m,
            variable_envelope: m,
            variable_earned: m,
            crisis: m,
            uplift: m,
            total: m,
        };
        let place = |code: &str, name: &str| Place {
            code: code.to_string(),
            name: name.to_string(),
        };
        Contribution {
            band: band.to_string(),
            tariff: format!("t{}", n % 2),
            place: (n % 2 == 0).then(|| (place("93", "Seine-Saint-Denis"), place("11", "IdF"))),
            totals,
            at_risk: m,
            lines: vec![
                (Some(format!("m{}", n % 3)), super::super::Part::Fixed, m),
                (None, super::super::Part::Fonctionnement, m),
            ],
            against: Some((totals, m, n % 4 != 0)),
            cash: vec![CashItem {
                year: 2026 + i32::from(n % 2 == 0),
                month: u32::try_from(1 + n % 12).unwrap(),
                share: Share::Fixed,
                kind: Kind::Advance,
                contract_year: u32::try_from(1 + n % 5).unwrap(),
                certain: n % 3 != 0,
                amount: m,
            }],
        }
    }

    /// A batch summed in chunks, each merged once, has the sums of the same rows added one by
    /// one — whatever the cut: every key seen in one chunk, in both, or in neither.
    #[test]
    fn chunks_merged_sum_as_rows_added_one_by_one() {
        let rows: Vec<Contribution> = (1..=40)
            .map(|n| contribution(n * 101, ["T1", "T2", "T3"][(n % 3) as usize]))
            .collect();
        let mut one_by_one = Aggregate::default();
        for c in &rows {
            one_by_one.add(c).unwrap();
        }
        assert_eq!(one_by_one.all.count, 40);
        for cut in [1, 7, 20, 39] {
            let mut merged = Aggregate::default();
            for chunk in rows.chunks(cut) {
                let mut part = Aggregate::default();
                for c in chunk {
                    part.add(c).unwrap();
                }
                merged.merge(part).unwrap();
            }
            assert_eq!(merged, one_by_one, "chunks of {cut}");
        }
        let mut full = Aggregate::default();
        full.all.at_risk = Money::new(rust_decimal::Decimal::MAX);
        assert!(full.merge(one_by_one).is_none(), "out of range is said");
    }
}
