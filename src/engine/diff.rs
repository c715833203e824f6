//! `tariffs diff`: what changed from one table to another, line by line and band by band.

use crate::model::money::Money;
use crate::model::tariff::{Amount, Notice, TariffTable};

/// How an amount changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Same amount, same evidence.
    Unchanged,
    /// Same amount, other evidence or source.
    EvidenceChanged,
    /// Another amount.
    Changed,
    /// Only in the new table.
    Added,
    /// Only in the old table.
    Removed,
}

impl Status {
    /// Identifier in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::EvidenceChanged => "evidence_changed",
            Status::Changed => "changed",
            Status::Added => "added",
            Status::Removed => "removed",
        }
    }
}

/// One line of one band in either table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow {
    /// Stable line key (`parcours.fixed`).
    pub key: String,
    /// Label for people.
    pub label: String,
    /// Band id.
    pub band: String,
    /// The amount in the old table.
    pub old: Option<Amount>,
    /// The amount in the new table.
    pub new: Option<Amount>,
    /// new − old, when both exist.
    pub difference: Option<Money>,
    /// What happened.
    pub status: Status,
}

/// Every line and band of two tables, in the new table's order, then what only the old has.
#[derive(Debug, Clone)]
pub struct TableDiff {
    /// Old table id.
    pub old: String,
    /// New table id.
    pub new: String,
    /// The rows.
    pub rows: Vec<DiffRow>,
    /// Notices only one table has: `(true, notice)` added by the new one, `(false, …)` removed.
    pub notices: Vec<(bool, Notice)>,
}

fn amounts(t: &TariffTable) -> Vec<(String, String, String, Amount)> {
    let mut out = Vec::new();
    for line in t.lines() {
        for (band, a) in t.bands.iter().zip(&line.amounts.0) {
            out.push((line.key(), line.label(t), band.id.clone(), a.clone()));
        }
    }
    out
}

/// Compares two tables.
pub fn diff(old: &TariffTable, new: &TariffTable) -> TableDiff {
    let before = amounts(old);
    let after = amounts(new);
    let find = |rows: &[(String, String, String, Amount)], key: &str, band: &str| {
        rows.iter()
            .find(|(k, _, b, _)| k == key && b == band)
            .map(|(_, _, _, a)| a.clone())
    };
    let mut rows = Vec::new();
    for (key, label, band, a) in &after {
        let o = find(&before, key, band);
        let (difference, status) = match &o {
            None => (None, Status::Added),
            Some(o) => {
                let d = a.value.checked_sub(o.value);
                let status = if a.value != o.value {
                    Status::Changed
                } else if a.evidence != o.evidence || a.source != o.source {
                    Status::EvidenceChanged
                } else {
                    Status::Unchanged
                };
                (d, status)
            }
        };
        rows.push(DiffRow {
            key: key.clone(),
            label: label.clone(),
            band: band.clone(),
            old: o,
            new: Some(a.clone()),
            difference,
            status,
        });
    }
    for (key, label, band, o) in &before {
        if find(&after, key, band).is_none() {
            rows.push(DiffRow {
                key: key.clone(),
                label: label.clone(),
                band: band.clone(),
                old: Some(o.clone()),
                new: None,
                difference: None,
                status: Status::Removed,
            });
        }
    }
    let mut notices: Vec<(bool, Notice)> = new
        .notices
        .iter()
        .filter(|n| !old.notices.contains(n))
        .map(|n| (true, n.clone()))
        .collect();
    notices.extend(
        old.notices
            .iter()
            .filter(|n| !new.notices.contains(n))
            .map(|n| (false, n.clone())),
    );
    TableDiff {
        old: old.id.clone(),
        new: new.id.clone(),
        rows,
        notices,
    }
}
