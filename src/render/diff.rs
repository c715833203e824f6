//! `tariffs diff` output in every format.

use super::csv::{self, Dialect};
use super::json::to_pretty;
use super::markdown;
use super::table::{align_right, new_table};
use crate::engine::diff::{DiffRow, Status, TableDiff};
use crate::model::money::Money;
use crate::model::tariff::Amount;
use crate::render::Format;
use serde::Serialize;

const HEADER: [&str; 7] = [
    "line",
    "band",
    "old",
    "new",
    "difference",
    "evidence",
    "change",
];

fn amount_fr(a: &Option<Amount>) -> String {
    a.as_ref().map_or("—".to_string(), |a| a.value.french())
}

fn evidence(row: &DiffRow) -> String {
    match (&row.old, &row.new) {
        (Some(o), Some(n)) if o.evidence != n.evidence => {
            format!("{} → {}", o.evidence.as_str(), n.evidence.as_str())
        }
        (_, Some(a)) | (Some(a), None) => a.evidence.as_str().to_string(),
        (None, None) => String::new(),
    }
}

fn signed_fr(row: &DiffRow) -> String {
    row.difference.map(Money::signed_french).unwrap_or_default()
}

fn summary(d: &TableDiff, rows: &[&DiffRow]) -> String {
    let n = |s: Status| rows.iter().filter(|r| r.status == s).count();
    format!(
        "{} changed, {} added, {} removed, {} with other evidence only",
        n(Status::Changed),
        n(Status::Added),
        n(Status::Removed),
        n(Status::EvidenceChanged)
    ) + &if rows.is_empty() {
        format!(" (no difference between {} and {})", d.old, d.new)
    } else {
        String::new()
    }
}

#[derive(Serialize)]
struct Out<'a> {
    schema_version: u32,
    old: &'a str,
    new: &'a str,
    rows: Vec<RowOut<'a>>,
}

#[derive(Serialize)]
struct RowOut<'a> {
    line: &'a str,
    label: &'a str,
    band: &'a str,
    status: &'static str,
    old: Option<AmountOut<'a>>,
    new: Option<AmountOut<'a>>,
    difference: Option<String>,
}

#[derive(Serialize)]
struct AmountOut<'a> {
    amount: String,
    evidence: &'static str,
    source: Option<&'a str>,
}

fn amount_out(a: &Option<Amount>) -> Option<AmountOut<'_>> {
    a.as_ref().map(|a| AmountOut {
        amount: a.value.plain(),
        evidence: a.evidence.as_str(),
        source: a.source.as_deref(),
    })
}

/// The diff in a format; `rows` are the rows to show (filtered by the caller).
pub fn render(d: &TableDiff, rows: &[&DiffRow], format: Format) -> String {
    match format {
        Format::Json => to_pretty(&Out {
            schema_version: 1,
            old: &d.old,
            new: &d.new,
            rows: rows
                .iter()
                .map(|r| RowOut {
                    line: &r.key,
                    label: &r.label,
                    band: &r.band,
                    status: r.status.as_str(),
                    old: amount_out(&r.old),
                    new: amount_out(&r.new),
                    difference: r.difference.map(|m| m.plain()),
                })
                .collect(),
        }),
        Format::Csv | Format::CsvExcelFr => {
            let dialect = Dialect::of(format).unwrap_or(Dialect::Plain);
            let num = |a: &Option<Amount>| {
                a.as_ref()
                    .map(|a| dialect.number(a.value.plain()))
                    .unwrap_or_default()
            };
            let ev = |a: &Option<Amount>| {
                a.as_ref()
                    .map(|a| a.evidence.as_str().to_string())
                    .unwrap_or_default()
            };
            let mut out = vec![
                [
                    "line",
                    "label",
                    "band",
                    "status",
                    "old",
                    "new",
                    "difference",
                    "old_evidence",
                    "new_evidence",
                ]
                .map(String::from)
                .to_vec(),
            ];
            for r in rows {
                out.push(vec![
                    r.key.clone(),
                    r.label.clone(),
                    r.band.clone(),
                    r.status.as_str().to_string(),
                    num(&r.old),
                    num(&r.new),
                    r.difference
                        .map(|m| dialect.number(m.plain()))
                        .unwrap_or_default(),
                    ev(&r.old),
                    ev(&r.new),
                ]);
            }
            csv::write(dialect, &out)
        }
        Format::Table | Format::Markdown => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.label.clone(),
                        r.band.clone(),
                        amount_fr(&r.old),
                        amount_fr(&r.new),
                        signed_fr(r),
                        evidence(r),
                        r.status.as_str().replace('_', " "),
                    ]
                })
                .collect();
            let title = format!("{} → {}", d.old, d.new);
            if format == Format::Markdown {
                format!(
                    "# {title}\n\n{}\n{}\n",
                    markdown::table(&HEADER, &cells, &[2, 3, 4]),
                    summary(d, rows)
                )
            } else {
                let mut t = new_table(&HEADER);
                for c in cells {
                    t.add_row(c);
                }
                align_right(&mut t, &[2, 3, 4]);
                format!("{title}\n{t}\n{}\n", summary(d, rows))
            }
        }
    }
}
