//! The workbook a coordinator hands over (`aci-cpts report … --output budget.xlsx`): the contract
//! year's budget with its totals as formulas, the cash of a civil year by payment and by month,
//! the forecast over the contract, the warnings and assumptions, and the source and evidence of
//! every amount. Format-neutral sheets of typed cells; `render::xlsx` writes them.

use super::format::{month_people, part_word};
use crate::catalog::{fill, t};
use crate::engine::cash::{self, Payment, YearEntitlement};
use crate::engine::levers::Levers;
use crate::engine::{Part, Simulation};
use crate::model::money::Money;
use crate::model::tariff::TariffTable;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum XCell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// Euros, as a number with a euro format.
    Money(Money),
    /// A fraction shown as a percentage.
    Percent(Decimal),
    /// A whole number.
    Int(i64),
    /// A day.
    Date(NaiveDate),
    /// A formula giving euros (`=SUM(G2:G9)`), with the value the tool computed, stored for
    /// readers that do not calculate.
    Formula {
        /// The formula, with its `=`.
        formula: String,
        /// What the tool says it is.
        value: Money,
    },
}

/// One sheet: its name, its header row (frozen), its rows; rows listed in `strong` are totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The tab's name.
    pub name: String,
    /// The header row.
    pub header: Vec<String>,
    /// The rows under it.
    pub rows: Vec<Vec<XCell>>,
    /// Indexes (in `rows`) of the rows to set in bold: totals, sub-headers.
    pub strong: Vec<usize>,
    /// Cells a program can find by name (a defined name of the workbook): the name, the row
    /// (in `rows`) and the column.
    pub names: Vec<(&'static str, usize, usize)>,
}

/// A workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    /// Who and what: the title line, then the lines under it (table, band, members, evidence).
    pub head: Vec<String>,
    /// Its sheets, in order.
    pub sheets: Vec<Sheet>,
}

/// The letter of a column (0 → `A`); sheets here are narrower than 26 columns.
pub fn letter(col: usize) -> char {
    char::from(b'A' + u8::try_from(col).unwrap_or(25).min(25))
}

/// A money column's range over data rows `first..=last` (sheet rows, 1-based as Excel counts).
fn range(col: usize, first: usize, last: usize) -> String {
    let c = letter(col);
    format!("${c}${first}:${c}${last}")
}

fn text(s: impl Into<String>) -> XCell {
    XCell::Text(s.into())
}

/// What a workbook is made of: the contract year computed, its table, the cash of a civil year,
/// the forecast, the warnings and assumptions.
pub struct Inputs<'a> {
    /// The contract year.
    pub sim: &'a Simulation,
    /// Its table.
    pub table: &'a TariffTable,
    /// The civil year of the cash sheet.
    pub year: i32,
    /// The payments landing in it.
    pub paid: &'a [Payment],
    /// The forecast: one entitlement per contract year.
    pub years: &'a [YearEntitlement],
    /// Warnings, worded, each with the contract years it concerns.
    pub warnings: &'a [super::warnings::ByYears],
    /// Where the next euro is, when the year has indicators.
    pub levers: Option<&'a Levers>,
    /// The day the document is made.
    pub today: NaiveDate,
}

/// The workbook.
pub fn book(i: &Inputs) -> Book {
    let mut head: Vec<String> = super::simulation::head(i.sim)
        .into_iter()
        .filter_map(|h| match h {
            super::Head::Title(s) | super::Head::Line(s) => Some(s),
            super::Head::Fact(..) => None,
        })
        .collect();
    head.push(fill(
        "workbook.evidence_summary",
        &[("counts", &evidence_counts(i.sim))],
    ));
    head.push(made(i.today));
    Book {
        head,
        sheets: [
            Some(about(i)),
            Some(budget(i.sim)),
            indicators(i.sim, i.levers),
            Some(cash_sheet(i.year, i.paid)),
            Some(forecast(i.years)),
            Some(warnings(i.warnings)),
            Some(sources(i.sim, i.table)),
        ]
        .into_iter()
        .flatten()
        .collect(),
    }
}

/// How many amounts rest on each evidence level, in words: "contrat 9, presse 1".
fn evidence_counts(sim: &Simulation) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for l in &sim.lines {
        *counts
            .entry(super::format::evidence_word(l.evidence))
            .or_default() += 1;
    }
    counts
        .iter()
        .map(|(e, n)| format!("{e} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// When and by what the document was made: "Produit le 04/12/2026 par aci-cpts 0.1.0".
fn made(today: NaiveDate) -> String {
    fill(
        "workbook.made",
        &[
            ("date", &super::format::date(today)),
            ("version", env!("CARGO_PKG_VERSION")),
        ],
    )
}

/// Who and when, first: the CPTS, its contract year and dates, table and band, population and
/// where it comes from, members, the evidence of the amounts, the total due, the day it was
/// made and the tool's version.
fn about(i: &Inputs) -> Sheet {
    let sim = i.sim;
    let y = &sim.contract_year;
    let population = match &sim.territory {
        Some(territory) => format!(
            "{} ({})",
            super::format::integer(sim.population),
            super::simulation::territory_words(territory)
        ),
        None => fill(
            "workbook.about.population_given",
            &[("population", &super::format::integer(sim.population))],
        ),
    };
    let row = |key: &str, value: XCell| vec![text(t(&format!("workbook.about.{key}"))), value];
    let mut rows = vec![
        row("cpts", text(sim.scenario.clone())),
        row(
            "contract_year",
            text(fill(
                "workbook.about.contract_year_value",
                &[
                    ("year", &y.number.to_string()),
                    ("from", &super::format::date(y.from)),
                    ("to", &super::format::date(y.to)),
                ],
            )),
        ),
        row(
            "tariff",
            text(format!("{} — {}", sim.tariff, sim.tariff_title)),
        ),
        row(
            "band",
            text(format!("{} — {}", sim.band.id, sim.band.label)),
        ),
        row("population", text(population)),
        row(
            "members",
            XCell::Int(i64::try_from(sim.members).unwrap_or(i64::MAX)),
        ),
        row("evidence", text(evidence_counts(sim))),
    ];
    // The total due, in bold.
    let strong = vec![rows.len()];
    rows.push(row("total", XCell::Money(sim.totals.total)));
    rows.extend([
        vec![
            text(fill(
                "workbook.about.cash",
                &[("year", &i.year.to_string())],
            )),
            XCell::Money(Money::checked_sum(i.paid.iter().map(|p| p.amount)).unwrap_or_default()),
        ],
        row("made_on", XCell::Date(i.today)),
        row(
            "made_by",
            text(format!("aci-cpts {}", env!("CARGO_PKG_VERSION"))),
        ),
    ]);
    Sheet {
        name: t("workbook.about.sheet").to_string(),
        header: Vec::new(),
        rows,
        strong,
        names: Vec::new(),
    }
}

/// Columns of the budget sheet.
const PART: usize = 1;
const ENVELOPE: usize = 2;
const DAYS: usize = 5;
const OF: usize = 6;
const AMOUNT: usize = 7;

/// The contract year's lines, then its totals as formulas over them. A total adds the lines of
/// its part by the part's word (column B); the volets variables' envelope is each line's
/// envelope at its prorata, rounded to the cent as the tool rounds it.
fn budget(sim: &Simulation) -> Sheet {
    let header = vec![
        t("header.mission").to_string(),
        t("header.part").to_string(),
        t("header.envelope").to_string(),
        t("header.achievement").to_string(),
        t("header.prorata").to_string(),
        t("header.prorata_days").to_string(),
        t("header.prorata_of").to_string(),
        t("header.amount").to_string(),
        t("header.evidence").to_string(),
    ];
    let mut rows: Vec<Vec<XCell>> = sim
        .lines
        .iter()
        .map(|l| {
            vec![
                text(l.label.clone()),
                text(part_word(l.part)),
                XCell::Money(l.envelope),
                l.achievement.map_or(XCell::Empty, XCell::Percent),
                XCell::Percent(prorata(l.prorata.days, l.prorata.of)),
                XCell::Int(l.prorata.days),
                XCell::Int(l.prorata.of),
                XCell::Money(l.amount),
                text(super::format::evidence_word(l.evidence)),
            ]
        })
        .collect();
    // Data rows are sheet rows 2 to n + 1 (row 1 is the header).
    let (first, last) = (2, rows.len() + 1);
    let parts = range(PART, first, last);
    let amounts = range(AMOUNT, first, last);
    let sumif = |p: Part| format!("SUMIF({parts},\"{}\",{amounts})", part_word(p));
    let totals = &sim.totals;
    let total_rows: Vec<(&str, String, Money)> = vec![
        (
            "total.fonctionnement",
            sumif(Part::Fonctionnement),
            totals.fonctionnement,
        ),
        ("total.fixed", sumif(Part::Fixed), totals.fixed),
        (
            "total.variable_envelope",
            format!(
                "SUMPRODUCT(({parts}=\"{}\")*ROUND({}*{}/{},2))",
                part_word(Part::Variable),
                range(ENVELOPE, first, last),
                range(DAYS, first, last),
                range(OF, first, last)
            ),
            totals.variable_envelope,
        ),
        (
            "total.variable_earned",
            sumif(Part::Variable),
            totals.variable_earned,
        ),
        (
            "total.crisis",
            [Part::CrisisPlan, Part::CrisisUpdate, Part::CrisisActivation]
                .into_iter()
                .map(sumif)
                .collect::<Vec<_>>()
                .join("+"),
            totals.crisis,
        ),
        ("total.uplift", sumif(Part::Uplift), totals.uplift),
        ("total.due", format!("SUM({amounts})"), totals.total),
    ];
    rows.push(vec![XCell::Empty]);
    let (mut strong, mut names) = (Vec::new(), Vec::new());
    for (label, formula, value) in total_rows {
        let mut row = vec![text(t(label))];
        row.resize(AMOUNT, XCell::Empty);
        row.push(XCell::Formula {
            formula: format!("={formula}"),
            value,
        });
        if label == "total.due" {
            strong.push(rows.len());
            names.push(("total_due", rows.len(), AMOUNT));
        }
        rows.push(row);
    }
    Sheet {
        name: t("workbook.budget").to_string(),
        header,
        rows,
        strong,
        names,
    }
}

/// The contract's indicators, under their missions: what each reached and earned, what its next
/// step needs and what that brings to the year (prorata, cap and uplift included, as `levers`
/// says), then what the year could still bring. `None` when no mission has indicators.
fn indicators(sim: &Simulation, levers: Option<&Levers>) -> Option<Sheet> {
    let header = vec![
        t("header.mission").to_string(),
        t("header.indicator").to_string(),
        t("header.result").to_string(),
        t("header.worth").to_string(),
        t("header.earned").to_string(),
        t("levers.needs").to_string(),
        t("levers.gain").to_string(),
    ];
    let mut rows = Vec::new();
    for l in sim.lines.iter().filter(|l| !l.indicators.is_empty()) {
        for ind in &l.indicators {
            let lever = levers.and_then(|ls| {
                ls.levers
                    .iter()
                    .find(|v| Some(&v.mission) == l.mission.as_ref() && v.indicator == ind.name)
            });
            rows.push(vec![
                text(l.label.clone()),
                text(ind.name.clone()),
                super::explain::indicator_result(ind).map_or(XCell::Percent(ind.achievement), text),
                XCell::Money(ind.amount),
                XCell::Money(ind.earned),
                lever.map_or(XCell::Empty, |v| text(super::levers::needs_text(&v.needs))),
                lever.map_or(XCell::Empty, |v| XCell::Money(v.gain)),
            ]);
        }
    }
    if rows.is_empty() {
        return None;
    }
    let mut strong = Vec::new();
    if let Some(ls) = levers {
        rows.push(vec![XCell::Empty]);
        strong.push(rows.len());
        let mut row = vec![text(t("levers.reachable"))];
        row.resize(6, XCell::Empty);
        row.push(XCell::Money(ls.reachable));
        rows.push(row);
    }
    Some(Sheet {
        name: t("workbook.indicators").to_string(),
        header,
        rows,
        strong,
        names: Vec::new(),
    })
}

fn prorata(days: i64, of: i64) -> Decimal {
    if of == 0 {
        return Decimal::ONE;
    }
    (Decimal::from(days) / Decimal::from(of)).round_dp(6)
}

fn cash_sheet(year: i32, paid: &[Payment]) -> Sheet {
    let header = vec![
        t("header.date").to_string(),
        t("header.contract_year").to_string(),
        t("header.mission").to_string(),
        t("header.part").to_string(),
        t("header.payment").to_string(),
        t("header.amount").to_string(),
        t("cash.certain").to_string(),
    ];
    const AMOUNT: usize = 5;
    let mut rows: Vec<Vec<XCell>> = paid
        .iter()
        .map(|p| {
            vec![
                XCell::Date(p.date),
                XCell::Int(i64::from(p.contract_year)),
                text(p.label.clone()),
                text(part_word(p.part)),
                text(t(&format!("payment.{}", p.kind.as_str()))),
                XCell::Money(p.amount),
                text(t(if p.certain { "word.yes" } else { "word.no" })),
            ]
        })
        .collect();
    let mut strong = Vec::new();
    let total_of_payments = Money::checked_sum(paid.iter().map(|p| p.amount)).unwrap_or_default();
    let last = rows.len() + 1;
    let mut total = vec![text(t("total.row"))];
    total.resize(AMOUNT, XCell::Empty);
    total.push(XCell::Formula {
        formula: if paid.is_empty() {
            "=0".to_string()
        } else {
            format!("=SUM({})", range(AMOUNT, 2, last))
        },
        value: total_of_payments,
    });
    strong.push(rows.len());
    rows.push(total);
    // By month: certain, depending on results, and their sum as a formula.
    rows.push(vec![XCell::Empty]);
    strong.push(rows.len());
    rows.push(vec![
        text(fill("workbook.by_month", &[("year", &year.to_string())])),
        text(t("cash.certain")),
        text(t("cash.at_risk")),
        text(t("header.total")),
    ]);
    let months = cash::by_month(paid);
    let first_month_row = rows.len() + 2;
    for m in 1..=12u32 {
        let c = months.get(&(year, m)).copied().unwrap_or_default();
        let r = rows.len() + 2;
        rows.push(vec![
            text(month_people(year, m)),
            XCell::Money(c.certain),
            XCell::Money(c.at_risk),
            XCell::Formula {
                formula: format!("=B{r}+C{r}"),
                value: c.total(),
            },
        ]);
    }
    let last_month_row = rows.len() + 1;
    let all = cash::by_civil_year(paid)
        .get(&year)
        .copied()
        .unwrap_or_default();
    strong.push(rows.len());
    rows.push(vec![
        text(t("total.row")),
        XCell::Formula {
            formula: format!("=SUM({})", range(1, first_month_row, last_month_row)),
            value: all.certain,
        },
        XCell::Formula {
            formula: format!("=SUM({})", range(2, first_month_row, last_month_row)),
            value: all.at_risk,
        },
        XCell::Formula {
            formula: format!("=SUM({})", range(3, first_month_row, last_month_row)),
            value: all.total(),
        },
    ]);
    Sheet {
        name: fill("workbook.cash", &[("year", &year.to_string())]),
        header,
        rows,
        strong,
        names: Vec::new(),
    }
}

fn forecast(years: &[YearEntitlement]) -> Sheet {
    let header = vec![
        t("header.contract_year").to_string(),
        t("header.from").to_string(),
        t("header.to").to_string(),
        t("header.tariff_band").to_string(),
        t("cash.certain").to_string(),
        t("cash.at_risk").to_string(),
        t("header.total").to_string(),
    ];
    let mut rows: Vec<Vec<XCell>> = Vec::new();
    for y in years {
        let s = &y.simulation;
        let r = rows.len() + 2;
        rows.push(vec![
            XCell::Int(i64::from(s.contract_year.number)),
            XCell::Date(s.contract_year.from),
            XCell::Date(s.contract_year.to),
            text(format!("{} · {}", s.tariff, s.band.id)),
            XCell::Money(y.certain),
            XCell::Money(y.at_risk),
            XCell::Formula {
                formula: format!("=E{r}+F{r}"),
                value: s.totals.total,
            },
        ]);
    }
    let last = rows.len() + 1;
    let sum = |f: fn(&YearEntitlement) -> Money| {
        Money::checked_sum(years.iter().map(f)).unwrap_or_default()
    };
    let mut total = vec![text(t("total.row"))];
    total.resize(4, XCell::Empty);
    for (col, value) in [
        (4, sum(|y| y.certain)),
        (5, sum(|y| y.at_risk)),
        (6, sum(|y| y.simulation.totals.total)),
    ] {
        total.push(XCell::Formula {
            formula: format!("=SUM({})", range(col, 2, last.max(2))),
            value,
        });
    }
    let strong = vec![rows.len()];
    rows.push(total);
    Sheet {
        name: t("workbook.forecast").to_string(),
        header,
        rows,
        strong,
        names: Vec::new(),
    }
}

/// Each warning once, with the contract years it concerns; then the assumptions of the cash.
fn warnings(items: &[super::warnings::ByYears]) -> Sheet {
    let mut rows: Vec<Vec<XCell>> = items
        .iter()
        .map(|w| {
            vec![
                text(super::warnings::years_words(&w.years)),
                text(w.item.message.clone()),
            ]
        })
        .collect();
    rows.push(vec![XCell::Empty]);
    let strong = vec![rows.len()];
    rows.push(vec![text(t("section.assumptions_title"))]);
    rows.extend(
        super::cash::assumptions()
            .into_iter()
            .enumerate()
            .map(|(n, a)| vec![XCell::Int(n as i64 + 1), text(a)]),
    );
    Sheet {
        name: t("workbook.warnings").to_string(),
        header: vec![
            t("workbook.warning_years").to_string(),
            t("workbook.warning").to_string(),
        ],
        rows,
        strong,
        names: Vec::new(),
    }
}

fn sources(sim: &Simulation, table: &TariffTable) -> Sheet {
    let rows = sim
        .lines
        .iter()
        .map(|l| {
            let key = l.source.as_deref().unwrap_or_default();
            vec![
                text(l.label.clone()),
                text(part_word(l.part)),
                l.table_amount.map_or(XCell::Empty, XCell::Money),
                text(super::format::evidence_word(l.evidence)),
                text(super::format::source_text(table, key).unwrap_or_default()),
            ]
        })
        .collect();
    Sheet {
        name: t("workbook.sources").to_string(),
        header: vec![
            t("header.line").to_string(),
            t("header.part").to_string(),
            fill(
                "workbook.table_amount",
                &[("tariff", &table.id), ("band", &sim.band.id)],
            ),
            t("header.evidence").to_string(),
            t("header.source").to_string(),
        ],
        rows,
        strong: Vec::new(),
        names: Vec::new(),
    }
}
