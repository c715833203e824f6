//! `compare`: two results side by side — two scenarios, or one scenario under two tariff tables —
//! with the difference per line and in total.

use crate::engine::Simulation;
use crate::model::money::Money;
use crate::model::tariff::Part;

/// One line present on either side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareRow {
    /// Mission id; `None` for fonctionnement and the uplift.
    pub mission: Option<String>,
    /// Label for people.
    pub label: String,
    /// Which part.
    pub part: Part,
    /// Amount on the first side, if the line is there.
    pub a: Option<Money>,
    /// Amount on the second side, if the line is there.
    pub b: Option<Money>,
    /// b − a (a missing line counts as zero).
    pub difference: Money,
}

/// Two results and their lines matched by mission and part.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// What the first side is (file and table).
    pub a_name: String,
    /// What the second side is.
    pub b_name: String,
    /// First result.
    pub a: Simulation,
    /// Second result.
    pub b: Simulation,
    /// Lines of the first side in order, then lines only the second has.
    pub rows: Vec<CompareRow>,
    /// b total − a total.
    pub difference: Money,
}

/// Matches the lines of two results. `None` when a difference leaves the range of decimals.
pub fn compare(a_name: String, a: Simulation, b_name: String, b: Simulation) -> Option<Comparison> {
    let key = |m: &Option<String>, p: Part| (m.clone(), p);
    let mut rows = Vec::new();
    for l in &a.lines {
        let other = b
            .lines
            .iter()
            .find(|o| key(&o.mission, o.part) == key(&l.mission, l.part));
        let b_amount = other.map(|o| o.amount);
        rows.push(CompareRow {
            mission: l.mission.clone(),
            label: l.label.clone(),
            part: l.part,
            a: Some(l.amount),
            b: b_amount,
            difference: b_amount.unwrap_or(Money::ZERO).checked_sub(l.amount)?,
        });
    }
    for l in &b.lines {
        if !a
            .lines
            .iter()
            .any(|o| key(&o.mission, o.part) == key(&l.mission, l.part))
        {
            rows.push(CompareRow {
                mission: l.mission.clone(),
                label: l.label.clone(),
                part: l.part,
                a: None,
                b: Some(l.amount),
                difference: l.amount,
            });
        }
    }
    let difference = b.totals.total.checked_sub(a.totals.total)?;
    Some(Comparison {
        a_name,
        b_name,
        a,
        b,
        rows,
        difference,
    })
}
