//! `compare`: two results side by side, the difference per line and in total.

use super::format::{date, money, money_plain};
use super::json::fields;
use super::{
    Audience, Block, Body, Cell, Column, Document, Head, Row, Table, WarningItem, warnings,
};
use crate::catalog::Lang;
use crate::engine::Simulation;
use crate::engine::compare::Comparison;
use serde::Serialize;

/// The JSON fields of `compare`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CompareJson {
    /// The first side.
    pub a: SideJson,
    /// The second side.
    pub b: SideJson,
    /// Lines of A in order, then lines only B has.
    pub lines: Vec<RowJson>,
    /// B total − A total.
    pub difference: String,
}

/// One side.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SideJson {
    /// The file and table.
    pub source: String,
    /// Name of the CPTS.
    pub scenario: String,
    /// Tariff version.
    pub tariff: String,
    /// Band.
    pub band: String,
    /// Contract year.
    pub contract_year: u32,
    /// Total due.
    pub total: String,
    /// Its warnings.
    pub warnings: Vec<WarningItem>,
}

/// One line on either side.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RowJson {
    /// Mission id.
    pub mission: Option<String>,
    /// Label for people.
    pub label: String,
    /// Part code.
    pub part: &'static str,
    /// Amount of A, if A has the line.
    pub a: Option<String>,
    /// Amount of B, if B has the line.
    pub b: Option<String>,
    /// b − a.
    pub difference: String,
}

fn side(lang: Lang, source: &str, s: &Simulation) -> SideJson {
    SideJson {
        source: source.to_string(),
        scenario: s.scenario.clone(),
        tariff: s.tariff.clone(),
        band: s.band.id.clone(),
        contract_year: s.contract_year.number,
        total: money_plain(s.totals.total),
        warnings: warnings::items(lang, &s.warnings, None),
    }
}

fn side_line(lang: Lang, name: &str, source: &str, s: &Simulation) -> String {
    lang.fill(
        "compare.side",
        &[
            ("side", name),
            ("source", source),
            ("scenario", &s.scenario),
            ("year", &s.contract_year.number.to_string()),
            ("from", &date(lang, s.contract_year.from)),
            ("to", &date(lang, s.contract_year.to)),
            ("tariff", &s.tariff),
            ("band", &s.band.id),
            ("total", &money(s.totals.total)),
        ],
    )
}

/// The document of `compare`.
pub fn document(lang: Lang, c: &Comparison) -> Document {
    let json = CompareJson {
        a: side(lang, &c.a_name, &c.a),
        b: side(lang, &c.b_name, &c.b),
        lines: c
            .rows
            .iter()
            .map(|r| RowJson {
                mission: r.mission.clone(),
                label: r.label.clone(),
                part: r.part.as_str(),
                a: r.a.map(money_plain),
                b: r.b.map(money_plain),
                difference: money_plain(r.difference),
            })
            .collect(),
        difference: money_plain(c.difference),
    };
    let mut table = Table::new(vec![
        Column::new("mission", lang.t("header.mission")).programs(),
        Column::new("label", lang.t("header.mission")),
        Column::new("part", lang.t("header.part")),
        Column::new("a", "A").right(),
        Column::new("b", "B").right(),
        Column::new("difference", lang.t("header.difference")).right(),
    ]);
    for r in &c.rows {
        table.row(vec![
            Cell::text(r.mission.clone().unwrap_or_default()),
            Cell::text(r.label.clone()),
            Cell::Part(r.part),
            Cell::MaybeMoney(r.a),
            Cell::MaybeMoney(r.b),
            Cell::SignedMoney(r.difference),
        ]);
    }
    for (audience, label, part) in [
        (Audience::People, lang.t("total.due"), ""),
        (Audience::Programs, lang.t("total.row"), "total"),
    ] {
        table.rows.push(Row {
            cells: vec![
                Cell::Empty,
                Cell::text(label),
                Cell::text(part),
                Cell::Money(c.a.totals.total),
                Cell::Money(c.b.totals.total),
                Cell::SignedMoney(c.difference),
            ],
            audience,
            strong: audience == Audience::People,
        });
    }
    let mut warnings = warnings::items(lang, &c.a.warnings, Some("A"));
    warnings.extend(warnings::items(lang, &c.b.warnings, Some("B")));
    Document {
        schema_version: 1,
        head: vec![
            Head::Line(side_line(lang, "A", &c.a_name, &c.a)),
            Head::Line(side_line(lang, "B", &c.b_name, &c.b)),
        ],
        data: fields(&json),
        body: Body {
            blocks: vec![Block::Table(table)],
            warnings,
            ..Body::default()
        },
    }
}
