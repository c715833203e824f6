//! Output: one module per format, each returning a `String`. Nothing here computes an amount.

pub mod cash;
pub mod chart;
pub mod check;
pub mod compare;
pub mod csv;
pub mod diff;
pub mod explain;
pub mod json;
pub mod markdown;
pub mod sweep;
pub mod table;
pub mod tariffs;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for programs (versioned; money as strings).
    Json,
    /// CSV with `,` and a decimal point.
    Csv,
    /// CSV for a French spreadsheet: `;`, decimal comma, UTF-8 BOM.
    CsvExcelFr,
    /// Markdown for reports.
    Markdown,
}

use crate::engine::{Line, Part, Simulation};
use crate::model::calendar::Prorata;
use crate::model::money::Money;
use rust_decimal::Decimal;

/// A fraction for people: `80 %`, `72,5 %`.
pub fn percent_fr(f: Decimal) -> String {
    let p = (f * Decimal::ONE_HUNDRED).round_dp(2).normalize();
    format!("{} %", p.to_string().replace('.', ","))
}

/// A prorata for people: `1` for the whole year, `226/365 j` otherwise.
pub fn prorata_fr(p: &Prorata) -> String {
    if p.is_full() {
        "1".to_string()
    } else {
        format!("{}/{} j", p.days, p.of)
    }
}

/// A prorata for programs: `"1"`, `"0"`, or the fraction to six decimals.
pub fn prorata_plain(p: &Prorata) -> String {
    if p.is_full() {
        "1".to_string()
    } else {
        (Decimal::from(p.days) / Decimal::from(p.of))
            .round_dp(6)
            .normalize()
            .to_string()
    }
}

/// An achievement for programs, to at most six decimals (indicator-weighted achievements can be
/// repeating decimals; the amount is computed from the exact value).
pub fn decimal_plain(d: Decimal) -> String {
    d.round_dp(6).normalize().to_string()
}

/// A line's label for people: mission and part.
pub fn part_label(line: &Line) -> String {
    match line.part {
        Part::Uplift => format!(
            "{} ({})",
            Part::Uplift.label(),
            line.rate.map(percent_fr).unwrap_or_default()
        ),
        p => p.label().to_string(),
    }
}

/// Columns of the breakdown for people (table and Markdown).
pub const LINE_HEADER: [&str; 7] = [
    "mission",
    "part",
    "envelope",
    "achievement",
    "prorata",
    "amount",
    "evidence",
];

/// The amount columns of [`LINE_HEADER`], right-aligned.
pub const LINE_AMOUNT_COLUMNS: [usize; 4] = [2, 3, 4, 5];

/// The breakdown for people: a row per line, then a row per indicator under its line.
pub fn line_rows(sim: &Simulation) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for l in &sim.lines {
        rows.push(vec![
            l.label.clone(),
            part_label(l),
            l.envelope.french(),
            l.achievement.map(percent_fr).unwrap_or_default(),
            prorata_fr(&l.prorata),
            l.amount.french(),
            l.evidence.as_str().to_string(),
        ]);
        for ind in &l.indicators {
            rows.push(vec![
                String::new(),
                format!("· {}", ind.name),
                ind.amount.french(),
                percent_fr(ind.achievement),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
    }
    rows
}

/// The totals for people, in order, the last one being the total due.
pub fn total_rows(sim: &Simulation) -> [(&'static str, Money); 7] {
    let t = &sim.totals;
    [
        ("fonctionnement", t.fonctionnement),
        ("volets fixes", t.fixed),
        ("volets variables: enveloppe", t.variable_envelope),
        ("volets variables: obtenu", t.variable_earned),
        ("crises sanitaires", t.crisis),
        ("majoration", t.uplift),
        ("TOTAL DÛ", t.total),
    ]
}
