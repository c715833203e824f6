//! A portfolio CSV: one CPTS per row, the form an adviser keeps in a spreadsheet. Plain (`,`) or
//! from a French spreadsheet (`;`, decimal comma, byte-order mark); dates `2024-04-15` or
//! `15/04/2024`. Each row becomes the scenario file it stands for and is read by the same loader,
//! so a row and the same CPTS written as a file give the same result.
//!
//! Columns (header names, any order; unknown columns are refused): `name`, `population`,
//! `members`, `signed` (required); `contract_year`, `tariff`, `crisis_recognised` (`oui`/`non`,
//! `true`/`false`, or contract years separated by spaces); one column per mission id with its
//! achievement (`0.8`, `0,8`, `80%`, `80 %`, or a range `0.5/0.8/1`; empty: the mission is not run; for
//! `crises_sanitaires`, any mark such as `oui` or `x`), and `MISSION.started` for a start date.

use super::diagnostic::{Diagnostic, InputError, SourceFile};
use crate::catalog::{fill, t};
use crate::model::tariff::Registry;
use rust_decimal::Decimal;
use std::str::FromStr;

/// One row of a portfolio: where it is, and its cells (or why it cannot be read); turned into the
/// scenario it stands for by [`PortfolioRow::scenario`], which can run on any thread.
pub struct PortfolioRow {
    /// `file:line`.
    pub source: String,
    /// The header and the row's cells, or the problem of the row.
    raw: Result<(std::sync::Arc<[String]>, csv::StringRecord), InputError>,
}

impl PortfolioRow {
    /// The scenario as TOML text, or the problem of the row.
    pub fn scenario(self) -> Result<SourceFile, InputError> {
        let (header, record) = self.raw?;
        row(&header, &record, &self.source)
    }
}

/// The required columns.
pub const REQUIRED: [&str; 4] = ["name", "population", "members", "signed"];

/// Optional columns other than the missions.
pub const OPTIONAL: [&str; 3] = ["contract_year", "tariff", "crisis_recognised"];

fn row_error(source: &str, message: String) -> InputError {
    InputError::single(
        SourceFile {
            name: source.to_string(),
            text: String::new(),
        },
        Diagnostic::error(message, None).with_help(t("input.portfolio.help")),
    )
}

/// A date as a spreadsheet writes it: `2024-04-15` or `15/04/2024`.
fn date(s: &str) -> Option<toml::value::Datetime> {
    let s = s.trim();
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()?;
    toml::value::Datetime::from_str(&d.to_string()).ok()
}

/// An achievement as written — `0,8`, `80 %`, or a range `0.5/0.8/1` (low/likely/high) — as
/// the value the loader reads: an exact percentage string, or a range table of them.
fn achievement_value(s: &str) -> Option<toml::Value> {
    let parts: Vec<&str> = s.split('/').collect();
    match parts.as_slice() {
        [one] => achievement(one).map(toml::Value::String),
        [low, likely, high] => {
            let mut t = toml::Table::new();
            for (k, v) in [("low", low), ("likely", likely), ("high", high)] {
                t.insert(k.into(), toml::Value::String(achievement(v)?));
            }
            Some(toml::Value::Table(t))
        }
        _ => None,
    }
}

/// An achievement as written (`0,8`, `80 %`), as the exact percentage string the loader reads.
fn achievement(s: &str) -> Option<String> {
    let s = s.trim().replace(',', ".");
    if let Some(p) = s.strip_suffix('%') {
        Decimal::from_str(p.trim()).ok()?;
        return Some(format!("{}%", p.trim()));
    }
    let d = Decimal::from_str(&s).ok()?;
    Some(format!("{}%", (d * Decimal::ONE_HUNDRED).normalize()))
}

fn whole(s: &str) -> Option<i64> {
    s.trim().replace([' ', '\u{a0}'], "").parse().ok()
}

fn yes(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "non" | "no" | "false" | "0" => Some(false),
        "oui" | "yes" | "true" | "1" | "x" => Some(true),
        _ => None,
    }
}

/// Reads a portfolio CSV row by row (memory does not grow with the rows); the whole file fails
/// only when its header cannot be read.
pub fn read<'a>(
    file: &'a SourceFile,
    registry: &Registry,
) -> Result<impl Iterator<Item = PortfolioRow> + 'a, InputError> {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header_error = |message: String| {
        InputError::single(
            file.clone(),
            Diagnostic::error(message, Some(0..first.len().max(1)))
                .with_help(t("input.portfolio.help")),
        )
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| header_error(e.to_string()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let missions = registry.mission_ids();
    for h in &header {
        let known = REQUIRED.contains(&h.as_str())
            || OPTIONAL.contains(&h.as_str())
            || missions.contains(&h.as_str())
            || h.strip_suffix(".started")
                .is_some_and(|m| missions.contains(&m));
        if !known {
            return Err(header_error(fill(
                "input.portfolio.unknown_column",
                &[("column", h)],
            )));
        }
    }
    for r in REQUIRED {
        if !header.iter().any(|h| h == r) {
            return Err(header_error(fill(
                "input.portfolio.missing_column",
                &[("column", r)],
            )));
        }
    }
    let name = file.name.clone();
    let header: std::sync::Arc<[String]> = header.into();
    Ok(reader.into_records().map(move |record| match record {
        Ok(r) => {
            let source = format!("{name}:{}", r.position().map_or(0, |p| p.line()));
            PortfolioRow {
                source,
                raw: Ok((header.clone(), r)),
            }
        }
        Err(e) => {
            let source = format!("{name}:{}", e.position().map_or(0, |p| p.line()));
            PortfolioRow {
                raw: Err(row_error(&source, e.to_string())),
                source,
            }
        }
    }))
}

/// One row as the scenario file it stands for.
fn row(
    header: &[String],
    record: &csv::StringRecord,
    source: &str,
) -> Result<SourceFile, InputError> {
    let bad = |column: &str, value: &str| {
        row_error(
            source,
            fill(
                "input.portfolio.bad_value",
                &[("column", column), ("value", value)],
            ),
        )
    };
    let mut top = toml::Table::new();
    let mut missions = toml::Table::new();
    for (h, v) in header.iter().zip(record.iter()) {
        let value = v.trim();
        if value.is_empty() {
            continue;
        }
        match h.as_str() {
            "name" | "tariff" => {
                top.insert(h.clone(), toml::Value::String(value.to_string()));
            }
            "population" | "members" | "contract_year" => {
                let n = whole(value).ok_or_else(|| bad(h, value))?;
                top.insert(h.clone(), toml::Value::Integer(n));
            }
            "signed" => {
                let d = date(value).ok_or_else(|| bad(h, value))?;
                top.insert(h.clone(), toml::Value::Datetime(d));
            }
            "crisis_recognised" => {
                let v = match yes(value) {
                    Some(b) => toml::Value::Boolean(b),
                    None => toml::Value::Array(
                        value
                            .split_whitespace()
                            .map(|y| whole(y).map(toml::Value::Integer))
                            .collect::<Option<Vec<_>>>()
                            .ok_or_else(|| bad(h, value))?,
                    ),
                };
                top.insert(h.clone(), v);
            }
            other => {
                let (mission, started) = match other.strip_suffix(".started") {
                    Some(m) => (m, true),
                    None => (other, false),
                };
                let entry = missions
                    .entry(mission.to_string())
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                let Some(table) = entry.as_table_mut() else {
                    continue;
                };
                if started {
                    let d = date(value).ok_or_else(|| bad(h, value))?;
                    table.insert("started".into(), toml::Value::Datetime(d));
                } else if mission == "crises_sanitaires" {
                    if yes(value) == Some(false) {
                        missions.remove(mission);
                    }
                } else {
                    let a = achievement_value(value).ok_or_else(|| bad(h, value))?;
                    table.insert("achievement".into(), a);
                }
            }
        }
    }
    // A start date alone does not run a mission.
    missions.retain(|id, v| {
        id == "crises_sanitaires" || v.as_table().is_some_and(|t| t.contains_key("achievement"))
    });
    if !missions.is_empty() {
        top.insert("missions".into(), toml::Value::Table(missions));
    }
    let text = toml::to_string(&top).map_err(|e| row_error(source, e.to_string()))?;
    Ok(SourceFile {
        name: source.to_string(),
        text,
    })
}

/// The template `aci-cpts init --portfolio` writes: the columns, and three CPTS to start from.
pub fn template(registry: &Registry) -> String {
    let missions = registry.mission_ids();
    let mut header: Vec<String> = REQUIRED
        .iter()
        .chain(OPTIONAL.iter())
        .map(|s| s.to_string())
        .collect();
    header.extend(missions.iter().map(|m| m.to_string()));
    let example = |name: &str, pop: &str, members: &str, signed: &str, year: &str, ach: &str| {
        let mut cells = vec![
            name.to_string(),
            pop.to_string(),
            members.to_string(),
            signed.to_string(),
            year.to_string(),
            String::new(),
            String::new(),
        ];
        cells.extend(missions.iter().map(|m| {
            if *m == "crises_sanitaires" {
                "oui".to_string()
            } else if ["qualite_pertinence", "accompagnement_professionnels"].contains(m) {
                String::new()
            } else {
                ach.to_string()
            }
        }));
        cells.join(",")
    };
    format!(
        "{}\n{}\n{}\n{}\n",
        header.join(","),
        example("CPTS exemple 01", "56000", "70", "2023-09-01", "2", "80%"),
        example("CPTS exemple 02", "92000", "80", "2022-04-15", "4", "0.9"),
        example("CPTS exemple 03", "190000", "140", "2021-01-10", "5", "75%"),
    )
}
