//! `compare` output in every format.

use super::csv::{self, Dialect};
use super::json::{WarningOut, to_pretty, warnings_out};
use super::markdown;
use super::table::{align_right, new_table};
use crate::engine::Simulation;
use crate::engine::compare::Comparison;
use crate::model::money::Money;
use crate::render::Format;
use serde::Serialize;

fn side_line(name: &str, s: &Simulation) -> String {
    format!(
        "{name}: {} · contract year {} ({} → {}) · tariff {} · band {} · total {}",
        s.scenario,
        s.contract_year.number,
        s.contract_year.from,
        s.contract_year.to,
        s.tariff,
        s.band.id,
        s.totals.total.french()
    )
}

#[derive(Serialize)]
struct SideOut<'a> {
    source: &'a str,
    scenario: &'a str,
    tariff: &'a str,
    band: &'a str,
    contract_year: u32,
    total: String,
    warnings: Vec<WarningOut<'a>>,
}

#[derive(Serialize)]
struct RowOut<'a> {
    mission: Option<&'a str>,
    label: &'a str,
    part: &'static str,
    a: Option<String>,
    b: Option<String>,
    difference: String,
}

#[derive(Serialize)]
struct Out<'a> {
    schema_version: u32,
    a: SideOut<'a>,
    b: SideOut<'a>,
    lines: Vec<RowOut<'a>>,
    difference: String,
}

fn side<'a>(source: &'a str, s: &'a Simulation) -> SideOut<'a> {
    SideOut {
        source,
        scenario: &s.scenario,
        tariff: &s.tariff,
        band: &s.band.id,
        contract_year: s.contract_year.number,
        total: s.totals.total.plain(),
        warnings: warnings_out(&s.warnings),
    }
}

/// The comparison in a format.
pub fn render(c: &Comparison, format: Format) -> String {
    let opt = |m: Option<Money>| m.map_or("—".to_string(), |m| m.french());
    match format {
        Format::Json => to_pretty(&Out {
            schema_version: 1,
            a: side(&c.a_name, &c.a),
            b: side(&c.b_name, &c.b),
            lines: c
                .rows
                .iter()
                .map(|r| RowOut {
                    mission: r.mission.as_deref(),
                    label: &r.label,
                    part: r.part.as_str(),
                    a: r.a.map(|m| m.plain()),
                    b: r.b.map(|m| m.plain()),
                    difference: r.difference.plain(),
                })
                .collect(),
            difference: c.difference.plain(),
        }),
        Format::Csv | Format::CsvExcelFr => {
            let dialect = Dialect::of(format).unwrap_or(Dialect::Plain);
            let n = |m: Option<Money>| m.map(|m| dialect.number(m.plain())).unwrap_or_default();
            let mut rows = vec![
                ["mission", "label", "part", "a", "b", "difference"]
                    .map(String::from)
                    .to_vec(),
            ];
            for r in &c.rows {
                rows.push(vec![
                    r.mission.clone().unwrap_or_default(),
                    r.label.clone(),
                    r.part.as_str().to_string(),
                    n(r.a),
                    n(r.b),
                    n(Some(r.difference)),
                ]);
            }
            rows.push(vec![
                String::new(),
                "TOTAL".into(),
                "total".into(),
                n(Some(c.a.totals.total)),
                n(Some(c.b.totals.total)),
                n(Some(c.difference)),
            ]);
            csv::write(dialect, &rows)
        }
        Format::Table | Format::Markdown => {
            let header = ["mission", "part", "A", "B", "difference"];
            let mut cells: Vec<Vec<String>> = c
                .rows
                .iter()
                .map(|r| {
                    vec![
                        r.label.clone(),
                        r.part.label().to_string(),
                        opt(r.a),
                        opt(r.b),
                        r.difference.signed_french(),
                    ]
                })
                .collect();
            cells.push(vec![
                "TOTAL DÛ".into(),
                String::new(),
                c.a.totals.total.french(),
                c.b.totals.total.french(),
                c.difference.signed_french(),
            ]);
            let sides = format!(
                "{}\n{}\n",
                side_line(&format!("A ({})", c.a_name), &c.a),
                side_line(&format!("B ({})", c.b_name), &c.b)
            );
            let warnings = |label: &str, s: &Simulation| -> String {
                if s.warnings.is_empty() {
                    return String::new();
                }
                let mut out = format!("\nwarnings of {label}:\n");
                for w in &s.warnings {
                    out.push_str(&format!("  - [{}] {}\n", w.code.as_str(), w.message));
                }
                out
            };
            if format == Format::Markdown {
                format!(
                    "# Comparison\n\n- {}- {}\n{}{}{}",
                    side_line(&format!("A ({})", c.a_name), &c.a) + "\n",
                    side_line(&format!("B ({})", c.b_name), &c.b) + "\n",
                    markdown::table(&header, &cells, &[2, 3, 4]),
                    warnings("A", &c.a),
                    warnings("B", &c.b)
                )
            } else {
                let mut t = new_table(&header);
                for row in cells {
                    t.add_row(row);
                }
                align_right(&mut t, &[2, 3, 4]);
                format!(
                    "{sides}\n{t}\n{}{}",
                    warnings("A", &c.a),
                    warnings("B", &c.b)
                )
            }
        }
    }
}
