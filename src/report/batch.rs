//! `batch`: one row per CPTS, streamed, then the aggregate — by band, by tariff version, by line —
//! and, for a reform, the same under the second table with the difference.

use super::format::{integer, money, money_plain, ratio, ratio_plain};
use super::simulation::{TotalsJson, totals_json};
use super::{Audience, Block, Body, Cell, Column, Document, Stream, Table, WarningItem, warnings};
use crate::catalog::Lang;
use crate::engine::Simulation;
use crate::engine::batch::{Aggregate, RegionCash, Sums};
use crate::engine::cash::Cash;
use crate::model::calendar::CivilYears;
use crate::model::money::Money;
use crate::model::tariff::Share;
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the JSON output of `batch`.
pub const SCHEMA_VERSION: u32 = 2;

/// One CPTS.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RowJson {
    /// Name of the CPTS.
    pub name: String,
    /// Where it was read: a file.
    pub source: String,
    /// Band.
    pub band: String,
    /// Tariff version applied.
    pub tariff: String,
    /// Inhabitants.
    pub population: u64,
    /// Members.
    pub members: u64,
    /// The contract year computed.
    pub contract_year: u32,
    /// The département holding most of its population, when its territory is known (code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departement: Option<String>,
    /// Its région, likewise (code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Its totals.
    pub totals: TotalsJson,
    /// What of its total depends on results.
    pub at_risk: String,
    /// Its warnings.
    pub warnings: Vec<WarningItem>,
    /// Under the second table of a reform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against_totals: Option<TotalsJson>,
    /// Second table − first, part by part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<TotalsJson>,
    /// Whether the reform concerns it: `concerned`, or `not_concerned` when its contract year
    /// falls under another version than the one the second table changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reform: Option<&'static str>,
    /// Its warnings under the second table, when it was computed under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against_warnings: Option<Vec<WarningItem>>,
    /// What lands in its bank in each civil year asked with `--cash` (`period`: the year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash: Option<Vec<super::cash::PeriodJson>>,
}

/// One row: a CPTS's result, and its result under a second table.
pub struct Row<'a> {
    /// Where it was read.
    pub source: &'a str,
    /// The result.
    pub sim: &'a Simulation,
    /// What depends on results.
    pub at_risk: Money,
    /// Under the second table.
    pub against: Option<&'a Simulation>,
    /// Whether the reform concerns it (when there is one).
    pub concerned: Option<bool>,
    /// Its cash in each civil year asked.
    pub cash: Option<&'a [(i32, Cash)]>,
}

/// The code of a row's place in a reform.
fn reform_code(concerned: bool) -> &'static str {
    if concerned {
        "concerned"
    } else {
        "not_concerned"
    }
}

impl Row<'_> {
    /// The département and région holding most of its population, when its territory is known.
    fn place(
        &self,
    ) -> Option<(
        crate::model::territory::Place,
        crate::model::territory::Place,
    )> {
        self.sim
            .territory
            .as_ref()
            .and_then(|t| t.main_departement())
    }

    /// The row as JSON.
    pub fn json(&self, lang: Lang) -> RowJson {
        let place = self.place();
        RowJson {
            name: self.sim.scenario.clone(),
            source: self.source.to_string(),
            band: self.sim.band.id.clone(),
            tariff: self.sim.tariff.clone(),
            population: self.sim.population,
            members: self.sim.members,
            contract_year: self.sim.contract_year.number,
            departement: place.as_ref().map(|(d, _)| d.code.clone()),
            region: place.as_ref().map(|(_, r)| r.code.clone()),
            totals: totals_json(&self.sim.totals),
            at_risk: money_plain(self.at_risk),
            warnings: warnings::items(lang, &self.sim.warnings, None),
            against_totals: self.against.map(|b| totals_json(&b.totals)),
            difference: self.against.and_then(|b| {
                b.totals
                    .checked_sub(&self.sim.totals)
                    .map(|d| totals_json(&d))
            }),
            reform: self.concerned.map(reform_code),
            against_warnings: self
                .against
                .filter(|_| self.concerned == Some(true))
                .map(|b| warnings::items(lang, &b.warnings, None)),
            cash: self.cash.map(|years| {
                years
                    .iter()
                    .map(|(y, c)| super::cash::PeriodJson {
                        period: y.to_string(),
                        cash: super::cash::cash_json(c),
                    })
                    .collect()
            }),
        }
    }

    /// The row's cells, in the stream's order.
    pub fn cells(&self, lang: Lang, reform: bool) -> Vec<Cell<'static>> {
        let t = &self.sim.totals;
        let place = self.place();
        let cash = self.cash.unwrap_or_default();
        // Every cell at once: the row's own, its cash, a reform's three, the warnings.
        let mut cells = Vec::with_capacity(16 + cash.len() + 4);
        cells.extend([
            Cell::text(self.sim.scenario.clone()),
            Cell::text(self.source.to_string()),
            Cell::text(self.sim.band.id.clone()),
            Cell::text(self.sim.tariff.clone()),
            Cell::Count(self.sim.population),
            Cell::Count(self.sim.members),
            Cell::Int(i64::from(self.sim.contract_year.number)),
            place
                .as_ref()
                .map_or(Cell::Empty, |(d, _)| Cell::text(d.code.clone())),
            place
                .as_ref()
                .map_or(Cell::Empty, |(_, r)| Cell::text(r.code.clone())),
            Cell::Money(t.fonctionnement),
            Cell::Money(t.fixed),
            Cell::Money(t.variable_earned),
            Cell::Money(t.crisis),
            Cell::Money(t.uplift),
            Cell::Money(t.total),
            Cell::Money(self.at_risk),
        ]);
        for (_, c) in cash {
            cells.push(Cell::Money(c.total()));
        }
        if reform {
            let b = self.against.map(|b| b.totals.total);
            cells.push(Cell::MaybeMoney(b));
            cells.push(
                b.and_then(|b| b.checked_sub(t.total))
                    .map_or(Cell::Empty, Cell::SignedMoney),
            );
            cells.push(self.concerned.map_or(Cell::Empty, |c| Cell::Coded {
                code: reform_code(c).into(),
                word: lang.t_of("batch", reform_code(c)).into(),
            }));
        }
        cells.push(Cell::text(
            self.sim
                .warnings
                .iter()
                .map(|w| w.code().as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ));
        cells
    }
}

const MONEY: usize = 12;

/// The stream's columns: with a reform's, and a column per civil year of cash asked.
pub fn stream(lang: Lang, reform: bool, cash: Option<CivilYears>) -> Stream {
    let mut columns = vec![
        (Column::new("name", lang.t("header.name")), 28),
        (Column::new("source", lang.t("header.source")).programs(), 0),
        (Column::new("band", lang.t("header.band")), 4),
        (Column::new("tariff", lang.t("header.tariff")), 13),
        // What an adviser pivots on, for programs (the terminal's table stays readable).
        (
            Column::new("population", lang.t("header.population")).programs(),
            0,
        ),
        (
            Column::new("members", lang.t("header.members")).programs(),
            0,
        ),
        (
            Column::new("contract_year", lang.t("header.contract_year")).programs(),
            0,
        ),
        (
            Column::new("departement", lang.t("header.departement")).programs(),
            0,
        ),
        (Column::new("region", lang.t("header.region")).programs(), 0),
    ];
    columns.extend(super::sweep::part_columns(lang).map(|c| (c, MONEY)));
    columns.push((
        Column::new("at_risk", lang.t("cash.at_risk")).right(),
        MONEY,
    ));
    for year in cash.into_iter().flat_map(CivilYears::each) {
        let year = year.to_string();
        columns.push((
            Column::new(
                format!("cash_{year}"),
                lang.fill("batch.cash_column", &[("year", &year)]),
            )
            .right(),
            MONEY,
        ));
    }
    if reform {
        columns.push((
            Column::new("against_total", lang.t("batch.against_total")).right(),
            MONEY,
        ));
        columns.push((
            Column::new("difference", lang.t("header.difference")).right(),
            MONEY,
        ));
        columns.push((Column::new("reform", lang.t("batch.reform_column")), 14));
    }
    columns.push((Column::new("warnings", lang.t("batch.warnings")), 0));
    Stream {
        key: "rows",
        widths: columns.iter().map(|(_, w)| *w).collect(),
        columns: columns.into_iter().map(|(c, _)| c).collect(),
    }
}

/// The document's head.
pub fn document() -> Document {
    Document {
        schema_version: SCHEMA_VERSION,
        ..Document::default()
    }
}

/// One group of the aggregate.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SumsJson {
    /// How many CPTS.
    pub count: u64,
    /// Their totals.
    pub totals: TotalsJson,
    /// What depends on results.
    pub at_risk: String,
}

/// The sums of a département or a région, with its name.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PlaceSumsJson {
    /// Its name.
    pub name: String,
    /// CPTS.
    pub count: u64,
    /// Their totals.
    pub totals: TotalsJson,
    /// What depends on results.
    pub at_risk: String,
}

fn places_json(map: &BTreeMap<String, (String, Sums)>) -> BTreeMap<String, PlaceSumsJson> {
    map.iter()
        .map(|(code, (name, s))| {
            (
                code.clone(),
                PlaceSumsJson {
                    name: name.clone(),
                    count: s.count,
                    totals: totals_json(&s.totals),
                    at_risk: money_plain(s.at_risk),
                },
            )
        })
        .collect()
}

fn sums_json(s: &Sums) -> SumsJson {
    SumsJson {
        count: s.count,
        totals: totals_json(&s.totals),
        at_risk: money_plain(s.at_risk),
    }
}

/// The aggregate.
#[derive(Serialize, schemars::JsonSchema)]
pub struct AggregateJson {
    /// CPTS computed.
    pub count: u64,
    /// Inputs left out (see `errors`).
    pub left_out: u64,
    /// Their totals.
    pub totals: TotalsJson,
    /// What depends on results.
    pub at_risk: String,
    /// Its share of the total.
    pub share_at_risk: String,
    /// By band id.
    pub by_band: BTreeMap<String, SumsJson>,
    /// By tariff version.
    pub by_tariff: BTreeMap<String, SumsJson>,
    /// By département code, for the CPTS whose territory is given by its communes (each in the
    /// département holding most of its population).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_departement: BTreeMap<String, PlaceSumsJson>,
    /// By région code, likewise.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_region: BTreeMap<String, PlaceSumsJson>,
    /// By line (`parcours.fixed`, `fonctionnement`, `uplift`…).
    pub by_line: BTreeMap<String, String>,
    /// Under the second table of a reform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against_totals: Option<TotalsJson>,
    /// CPTS the reform does not concern (their year falls under another version), counted in
    /// both totals alike.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_concerned: Option<u64>,
    /// Second table − first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<TotalsJson>,
    /// Under the second table, by band of the first.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub against_by_band: BTreeMap<String, SumsJson>,
    /// The cash of each civil year asked with `--cash`, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cash: Vec<CashPlanJson>,
}

/// An input that could not be computed.
#[derive(Serialize, schemars::JsonSchema, Clone)]
pub struct ErrorJson {
    /// The file (and line).
    pub source: String,
    /// What is wrong.
    pub message: String,
}

/// The JSON fields of `batch` (the schema of what the stream and [`body`] write).
#[derive(Serialize, schemars::JsonSchema)]
pub struct BatchJson {
    /// One per CPTS, in the order read.
    pub rows: Vec<RowJson>,
    /// The sums.
    pub aggregate: AggregateJson,
    /// The inputs left out.
    pub errors: Vec<ErrorJson>,
}

/// The cash of a civil year, cut four ways; each cut adds up to `total`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CashPlanJson {
    /// The civil year.
    pub year: i32,
    /// Every month with a payment (`period`: `2026-04`).
    pub months: Vec<super::cash::PeriodJson>,
    /// By part of the budget: `fonctionnement`, `fixed`, `variable_earned`, `crisis`, `uplift`.
    pub by_part: BTreeMap<&'static str, super::cash::CashJson>,
    /// By payment: `in_full`, `advance`, `balance`, `results`.
    pub by_kind: BTreeMap<&'static str, super::cash::CashJson>,
    /// By contract year paid (`"3"`).
    pub by_contract_year: BTreeMap<String, super::cash::CashJson>,
    /// The year.
    pub total: super::cash::CashJson,
}

/// One cut of a year's cash: its caption, its column's key, its rows (label, cash).
pub type CashCut = (String, &'static str, Vec<(String, Cash)>);

/// A civil year's cash cut four ways — by month, part, payment kind and contract year — each
/// with its caption and its rows in the reader's words; each cut adds up to the year.
pub fn cash_cuts(lang: Lang, year: i32, plan: &RegionCash) -> Vec<CashCut> {
    let y = year.to_string();
    let caption = |key: &str| lang.fill(key, &[("year", &y)]);
    let months: Vec<(String, Cash)> = plan
        .by_month
        .iter()
        .map(|(m, c)| (super::format::month(year, *m), *c))
        .collect();
    let shares: Vec<(String, Cash)> = plan
        .by_share
        .iter()
        .map(|(s, c)| (lang.t_of("sweep.header", s.as_str()).to_string(), *c))
        .collect();
    let kinds: Vec<(String, Cash)> = plan
        .by_kind
        .iter()
        .map(|(k, c)| (super::cash::kind_word(lang, *k).to_string(), *c))
        .collect();
    let contract_years: Vec<(String, Cash)> = plan
        .by_contract_year
        .iter()
        .map(|(n, c)| {
            (
                lang.fill("batch.contract_year_n", &[("n", &n.to_string())]),
                *c,
            )
        })
        .collect();
    vec![
        (caption("batch.cash_by_month"), "period", months),
        (caption("batch.cash_by_share"), "part", shares),
        (caption("batch.cash_by_kind"), "payment", kinds),
        (
            caption("batch.cash_by_contract_year"),
            "contract_year",
            contract_years,
        ),
    ]
}

/// A civil year's cash for programs, and its four tables for people.
fn cash_plan(lang: Lang, year: i32, plan: &RegionCash) -> (CashPlanJson, Vec<Table>) {
    use super::cash::{PeriodJson, cash_json, cut_table};
    let cuts = cash_cuts(lang, year, plan);
    let months = &cuts[0].2;
    let json = CashPlanJson {
        year,
        months: months
            .iter()
            .map(|(period, c)| PeriodJson {
                period: period.clone(),
                cash: cash_json(c),
            })
            .collect(),
        by_part: plan
            .by_share
            .iter()
            .map(|(s, c)| (s.as_str(), cash_json(c)))
            .collect(),
        by_kind: plan
            .by_kind
            .iter()
            .map(|(k, c)| (k.as_str(), cash_json(c)))
            .collect(),
        by_contract_year: plan
            .by_contract_year
            .iter()
            .map(|(n, c)| (n.to_string(), cash_json(c)))
            .collect(),
        total: cash_json(&plan.total),
    };
    let tables = cuts
        .into_iter()
        .map(|(caption, column, rows)| cut_table(lang, &caption, column, rows, Some(plan.total)))
        .collect();
    (json, tables)
}

/// What follows the rows: the aggregate (with the cash of the civil years asked), and the errors.
pub fn body(
    lang: Lang,
    a: &Aggregate,
    errors: &[ErrorJson],
    cash: Option<CivilYears>,
    missions: &[(&str, &str)],
) -> Body {
    let difference = a.against.and_then(|b| b.totals.checked_sub(&a.all.totals));
    let mut json = AggregateJson {
        count: a.all.count,
        left_out: a.left_out,
        totals: totals_json(&a.all.totals),
        at_risk: money_plain(a.all.at_risk),
        share_at_risk: ratio_plain(a.all.at_risk, a.all.totals.total),
        by_band: a
            .by_band
            .iter()
            .map(|(k, s)| (k.clone(), sums_json(s)))
            .collect(),
        by_tariff: a
            .by_tariff
            .iter()
            .map(|(k, s)| (k.clone(), sums_json(s)))
            .collect(),
        by_departement: places_json(&a.by_departement),
        by_region: places_json(&a.by_region),
        by_line: a
            .by_line
            .by_key()
            .into_iter()
            .map(|(k, m)| (k, money_plain(m)))
            .collect(),
        against_totals: a.against.map(|s| totals_json(&s.totals)),
        difference: difference.map(|d| totals_json(&d)),
        not_concerned: a.against.map(|_| a.not_concerned),
        against_by_band: a
            .against_by_band
            .iter()
            .map(|(k, s)| (k.clone(), sums_json(s)))
            .collect(),
        cash: Vec::new(),
    };
    let mut blocks = vec![Block::Text(lang.fill(
        "batch.summary",
        &[
            ("count", &integer(a.all.count)),
            ("left_out", &integer(a.left_out)),
            ("total", &money(a.all.totals.total)),
            ("at_risk", &money(a.all.at_risk)),
            ("share", &ratio(a.all.at_risk, a.all.totals.total)),
        ],
    ))];
    let group = |caption: &str, key: &str, map: &BTreeMap<String, Sums>| {
        let mut table = Table::new(vec![
            Column::new(key.to_string(), lang.t_of("header", key)),
            Column::new("count", lang.t("batch.count")).right(),
            Column::new("total", lang.t("header.total")).right(),
            Column::new("at_risk", lang.t("cash.at_risk")).right(),
        ])
        .caption(caption)
        .only(Audience::People);
        for (k, s) in map {
            table.row(vec![
                Cell::text(k.clone()),
                Cell::Count(s.count),
                Cell::Money(s.totals.total),
                Cell::Money(s.at_risk),
            ]);
        }
        Block::Table(table)
    };
    blocks.push(group(lang.t("batch.by_band"), "band", &a.by_band));
    blocks.push(group(lang.t("batch.by_tariff"), "tariff", &a.by_tariff));
    for (caption, key, map) in [
        ("batch.by_region", "region", &a.by_region),
        ("batch.by_departement", "departement", &a.by_departement),
    ] {
        if map.is_empty() {
            continue;
        }
        let named: BTreeMap<String, Sums> = map
            .iter()
            .map(|(code, (name, s))| (format!("{code} {name}"), *s))
            .collect();
        blocks.push(group(lang.t(caption), key, &named));
    }
    let mut lines = Table::new(vec![
        Column::new("line", lang.t("header.line")),
        Column::new("amount", lang.t("header.amount")).right(),
    ])
    .caption(lang.t("batch.by_line"))
    .only(Audience::People);
    for (_, name, m) in named_lines(lang, a, missions) {
        lines.row(vec![Cell::text(name), Cell::Money(m)]);
    }
    blocks.push(Block::Table(lines));
    if let (Some(b), Some(d)) = (a.against, difference) {
        blocks.push(Block::Text(lang.fill(
            "batch.reform",
            &[
                ("total", &money(b.totals.total)),
                ("difference", &super::format::money_signed(d.total)),
                (
                    "concerned",
                    &(a.all.count - a.not_concerned.min(a.all.count)).to_string(),
                ),
                ("not_concerned", &a.not_concerned.to_string()),
            ],
        )));
        let mut by_band = Table::new(vec![
            Column::new("band", lang.t("header.band")),
            Column::new("a", "A").right(),
            Column::new("b", "B").right(),
            Column::new("difference", lang.t("header.difference")).right(),
        ])
        .caption(lang.t("batch.reform_by_band"))
        .only(Audience::People);
        for (k, s) in &a.by_band {
            let other = a.against_by_band.get(k).map(|o| o.totals.total);
            by_band.row(vec![
                Cell::text(k.clone()),
                Cell::Money(s.totals.total),
                Cell::MaybeMoney(other),
                other
                    .and_then(|o| o.checked_sub(s.totals.total))
                    .map_or(Cell::Empty, Cell::SignedMoney),
            ]);
        }
        blocks.push(Block::Table(by_band));
    }
    for year in cash.into_iter().flat_map(CivilYears::each) {
        let empty = RegionCash::default();
        let plan = a.cash.get(&year).unwrap_or(&empty);
        let (json_plan, tables) = cash_plan(lang, year, plan);
        json.cash.push(json_plan);
        blocks.extend(tables.into_iter().map(Block::Table));
    }
    Body {
        blocks,
        data: serde_json::Map::from_iter([
            (
                "aggregate".to_string(),
                serde_json::to_value(&json).unwrap_or_default(),
            ),
            (
                "errors".to_string(),
                serde_json::to_value(errors).unwrap_or_default(),
            ),
        ]),
        warnings: Vec::new(),
        assumptions: Vec::new(),
    }
}

/// The sums of a batch as one long table, a row per sum with its `kind` (what `--sums` writes):
/// `total`, `band`, `tariff`, `departement`, `region`, `line`, the reform's `against_total`,
/// `against_band` and `difference`, and for each civil year of cash `cash_total`, `cash_month`,
/// `cash_part`, `cash_kind`, `cash_contract_year`. A sum of CPTS fills the budget's parts and
/// `at_risk`; a line fills `total`; a cash sum fills `certain`, `at_risk` and `total`.
pub fn sums_table(
    lang: Lang,
    a: &Aggregate,
    cash: Option<CivilYears>,
    missions: &[(&str, &str)],
) -> Table {
    let mut columns = vec![
        Column::new("kind", lang.t("header.kind")),
        Column::new("key", lang.t("header.key")),
        Column::new("name", lang.t("header.name")),
        Column::new("year", lang.t("header.year")),
        Column::new("count", lang.t("batch.count")),
    ];
    for share in Share::ALL.map(Share::as_str) {
        columns.push(Column::new(share, lang.t_of("sweep.header", share)));
    }
    columns.extend([
        Column::new("total", lang.t("header.total")),
        Column::new("certain", lang.t("cash.certain")),
        Column::new("at_risk", lang.t("cash.at_risk")),
    ]);
    let mut table = Table::new(columns);
    let text = |s: &str| Cell::text(s.to_string());
    let sums_row = |kind: &str, key: &str, name: &str, s: &Sums| {
        let x = &s.totals;
        let mut row = vec![text(kind), text(key), text(name), Cell::Empty];
        row.push(Cell::Count(s.count));
        row.extend(super::sweep::amounts(x).map(|m| Cell::Money(*m)));
        row.push(Cell::MaybeMoney(x.total.checked_sub(s.at_risk)));
        row.push(Cell::Money(s.at_risk));
        row
    };
    table.row(sums_row("total", "", "", &a.all));
    for (kind, map) in [("band", &a.by_band), ("tariff", &a.by_tariff)] {
        for (k, s) in map {
            table.row(sums_row(kind, k, "", s));
        }
    }
    for (kind, map) in [("departement", &a.by_departement), ("region", &a.by_region)] {
        for (k, (name, s)) in map {
            table.row(sums_row(kind, k, name, s));
        }
    }
    for (k, name, m) in named_lines(lang, a, missions) {
        let mut row = vec![
            text("line"),
            Cell::text(k),
            Cell::text(name),
            Cell::Empty,
            Cell::Empty,
        ];
        row.extend(Share::ALL.map(|_| Cell::Empty));
        row.extend([Cell::Money(m), Cell::Empty, Cell::Empty]);
        table.row(row);
    }
    if let Some(b) = &a.against {
        table.row(sums_row("against_total", "", "", b));
        for (k, s) in &a.against_by_band {
            table.row(sums_row("against_band", k, "", s));
        }
        if let Some(d) = b.totals.checked_sub(&a.all.totals) {
            let mut row = vec![text("difference"), Cell::Empty, Cell::Empty, Cell::Empty];
            row.push(Cell::Count(a.all.count - a.not_concerned.min(a.all.count)));
            row.extend(super::sweep::amounts(&d).map(|m| Cell::Money(*m)));
            row.extend([Cell::Empty, Cell::Empty]);
            table.row(row);
        }
    }
    for year in cash.into_iter().flat_map(CivilYears::each) {
        let empty = RegionCash::default();
        let plan = a.cash.get(&year).unwrap_or(&empty);
        let cash_row = |kind: &str, key: String, c: &Cash| {
            let mut row = vec![text(kind), Cell::text(key), Cell::Empty];
            row.push(Cell::Int(i64::from(year)));
            row.push(Cell::Empty);
            row.extend(Share::ALL.map(|_| Cell::Empty));
            row.extend([c.total(), c.certain, c.at_risk].map(Cell::Money));
            row
        };
        table.row(cash_row("cash_total", String::new(), &plan.total));
        for (m, c) in &plan.by_month {
            table.row(cash_row("cash_month", super::format::month(year, *m), c));
        }
        for (s, c) in &plan.by_share {
            table.row(cash_row("cash_part", s.as_str().to_string(), c));
        }
        for (k, c) in &plan.by_kind {
            table.row(cash_row("cash_kind", k.as_str().to_string(), c));
        }
        for (n, c) in &plan.by_contract_year {
            table.row(cash_row("cash_contract_year", n.to_string(), c));
        }
    }
    table
}

/// The lines of a batch in the order of a budget — fonctionnement, each mission in the order of
/// the tables (`missions`: id and name, newest table first) with its parts, the uplift — each
/// with its key, its name for people (`Prévention — volet fixe`) and its sum. A line of a mission
/// no table names comes last, by key.
fn named_lines(
    lang: Lang,
    a: &Aggregate,
    missions: &[(&str, &str)],
) -> Vec<(String, String, Money)> {
    use crate::model::tariff::Part;
    let parts = Part::ALL;
    let rank = |key: &str| -> (usize, usize) {
        let (mission, part) = key.rsplit_once('.').unwrap_or(("", key));
        let part_rank = parts
            .iter()
            .position(|p| p.as_str() == part)
            .unwrap_or(parts.len());
        match mission {
            "" if part == Part::Uplift.as_str() => (usize::MAX, 0),
            "" => (0, part_rank),
            m => (
                missions
                    .iter()
                    .position(|(id, _)| *id == m)
                    .map_or(usize::MAX - 1, |i| i + 1),
                part_rank,
            ),
        }
    };
    let name = |key: &str| -> String {
        let (mission, part) = key.rsplit_once('.').unwrap_or(("", key));
        let word = parts
            .iter()
            .find(|p| p.as_str() == part)
            .map_or(part, |p| super::format::part_word(lang, *p));
        match missions.iter().find(|(id, _)| *id == mission) {
            Some((_, label)) => format!("{label} — {word}"),
            // A line of its own, named as a line of a budget is (`Fonctionnement`).
            None if mission.is_empty() => {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
            None => format!("{mission} — {word}"),
        }
    };
    let mut lines: Vec<(String, String, Money)> = a
        .by_line
        .by_key()
        .into_iter()
        .map(|(k, m)| {
            let name = name(&k);
            (k, name, m)
        })
        .collect();
    lines.sort_by(|(k, _, _), (l, _, _)| (rank(k), k).cmp(&(rank(l), l)));
    lines
}
