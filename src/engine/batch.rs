//! `batch`: many CPTS at once — the sums of a region or of the country, by band, by tariff
//! version and by line, and, for a reform, the same under a second table and the difference.

use super::{Simulation, Totals};
use crate::model::money::Money;
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
    /// By line: `fonctionnement`, `parcours.fixed`, `crises_sanitaires.crisis_plan`, `uplift`.
    pub by_line: BTreeMap<String, Money>,
    /// Under the second table of a reform.
    pub against: Option<Sums>,
    /// Under the second table, by band (of the first).
    pub against_by_band: BTreeMap<String, Sums>,
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

impl Aggregate {
    /// Adds the payments of one CPTS that fall in civil year `year`.
    pub fn add_cash(&mut self, year: i32, payments: &[super::cash::Payment]) -> Option<()> {
        use chrono::Datelike;
        for p in payments.iter().filter(|p| p.date.year() == year) {
            let c = self.cash.entry(p.date.month()).or_default();
            let slot = if p.certain {
                &mut c.certain
            } else {
                &mut c.at_risk
            };
            *slot = slot.checked_add(p.amount)?;
        }
        Some(())
    }

    /// Adds one CPTS (and its result under a second table). `None` when a sum leaves the range
    /// of exact decimals.
    pub fn add(
        &mut self,
        sim: &Simulation,
        at_risk: Money,
        against: Option<(&Simulation, Money)>,
    ) -> Option<()> {
        self.all.add(&sim.totals, at_risk)?;
        self.by_band
            .entry(sim.band.id.clone())
            .or_default()
            .add(&sim.totals, at_risk)?;
        self.by_tariff
            .entry(sim.tariff.clone())
            .or_default()
            .add(&sim.totals, at_risk)?;
        for l in &sim.lines {
            let slot = self
                .by_line
                .entry(line_key(l.mission.as_deref(), l.part))
                .or_default();
            *slot = slot.checked_add(l.amount)?;
        }
        if let Some((b, b_at_risk)) = against {
            self.against
                .get_or_insert_with(Sums::default)
                .add(&b.totals, b_at_risk)?;
            self.against_by_band
                .entry(sim.band.id.clone())
                .or_default()
                .add(&b.totals, b_at_risk)?;
        }
        Some(())
    }
}
