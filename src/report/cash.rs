//! `calendar` and `forecast`: payments with their dates, sums by month and civil year, the
//! certain cash beside the cash that depends on results, and the assumptions they rest on.

use super::format::{
    date, date_iso, money, money_plain, month, month_people, part_word, ratio, ratio_plain,
};
use super::json::fields;
use super::{Audience, Block, Body, Cell, Column, Document, Head, Row, Table, warnings};
use crate::catalog::Lang;
use crate::engine::cash::{Cash, Kind, Payment, YearEntitlement, by_civil_year, by_month};
use crate::engine::{Part, Warning};
use crate::model::money::Money;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The assumptions the cash view rests on: the official text gives the rhythm of fonctionnement
/// and of the volets fixes only.
pub fn assumptions(lang: Lang) -> Vec<String> {
    ["variable", "crisis", "uplift"]
        .iter()
        .map(|k| lang.t_of("assumption", k).to_string())
        .collect()
}

/// A kind of payment in the reader's language (`avance`, `solde`).
pub fn kind_word(lang: Lang, k: Kind) -> &'static str {
    lang.t_of("payment", k.as_str())
}

fn certainty(lang: Lang, certain: bool) -> Cell<'static> {
    Cell::Coded {
        code: certain.to_string().into(),
        word: lang
            .t(if certain {
                "cash.certain"
            } else {
                "cash.at_risk"
            })
            .into(),
    }
}

fn line_label(lang: Lang, p: &Payment) -> String {
    match p.part {
        Part::Fonctionnement => p.label.clone(),
        part => format!("{} — {}", p.label, part_word(lang, part)),
    }
}

/// Certain, at risk and total of a period.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CashJson {
    /// Certain.
    pub certain: String,
    /// Depending on results.
    pub at_risk: String,
    /// Both.
    pub total: String,
}

/// Certain, at risk and total of a period, as JSON.
pub fn cash_json(c: &Cash) -> CashJson {
    CashJson {
        certain: money_plain(c.certain),
        at_risk: money_plain(c.at_risk),
        total: money_plain(c.total()),
    }
}

/// One payment.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PaymentJson {
    /// When it lands.
    pub date: String,
    /// The contract year it belongs to.
    pub contract_year: u32,
    /// Mission id.
    pub mission: Option<String>,
    /// Part code.
    pub part: &'static str,
    /// Label for people.
    pub label: String,
    /// `advance`, `balance` or `results`.
    pub kind: &'static str,
    /// The amount.
    pub amount: String,
    /// Certain, or depending on results.
    pub certain: bool,
}

/// Cash of a period.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PeriodJson {
    /// `2026-04` or `2026`.
    pub period: String,
    /// Its cash.
    #[serde(flatten)]
    pub cash: CashJson,
}

/// The JSON fields of `calendar`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CalendarJson {
    /// Name of the CPTS.
    pub scenario: String,
    /// First day of the window.
    pub from: String,
    /// Last day.
    pub to: String,
    /// The payments in the window.
    pub payments: Vec<PaymentJson>,
    /// Sums by month.
    pub months: Vec<PeriodJson>,
    /// Sums by civil year.
    pub civil_years: Vec<PeriodJson>,
    /// Sum of the window.
    pub total: CashJson,
}

/// The sum of periods' cash.
pub fn sum(items: impl IntoIterator<Item = Cash>) -> Cash {
    let mut total = Cash::default();
    for c in items {
        total.certain = total
            .certain
            .checked_add(c.certain)
            .unwrap_or(total.certain);
        total.at_risk = total
            .at_risk
            .checked_add(c.at_risk)
            .unwrap_or(total.at_risk);
    }
    total
}

/// Cash by period for people, with a total row when given.
pub fn period_table(
    lang: Lang,
    caption: &str,
    rows: Vec<(String, Cash)>,
    total: Option<Cash>,
) -> Table {
    cut_table(lang, caption, "period", rows, total)
}

/// Cash cut some way (`key`: the first column's id, a `header.` word), with a total row when
/// given.
pub fn cut_table(
    lang: Lang,
    caption: &str,
    key: &str,
    rows: Vec<(String, Cash)>,
    total: Option<Cash>,
) -> Table {
    let mut table = Table::new(vec![
        Column::new(key.to_string(), lang.t_of("header", key)),
        Column::new("certain", lang.t("cash.certain")).right(),
        Column::new("at_risk", lang.t("cash.at_risk")).right(),
        Column::new("total", lang.t("header.total")).right(),
    ])
    .caption(caption)
    .only(Audience::People);
    for (period, c) in rows {
        table.row(vec![
            Cell::text(period),
            Cell::Money(c.certain),
            Cell::Money(c.at_risk),
            Cell::Money(c.total()),
        ]);
    }
    if let Some(c) = total {
        table.row(vec![
            Cell::text(lang.t("total.row")),
            Cell::Money(c.certain),
            Cell::Money(c.at_risk),
            Cell::Money(c.total()),
        ]);
    }
    table
}

/// The months from one day's to another's, in order, as (year, month).
fn months_between(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = (i32, u32)> {
    let first = from.year() * 12 + from.month0() as i32;
    let last = to.year() * 12 + to.month0() as i32;
    (first..=last).map(|n| (n.div_euclid(12), n.rem_euclid(12) as u32 + 1))
}

/// The document of `calendar`: the payments between two days, with the warnings of the
/// contract years they pay.
pub fn calendar(
    lang: Lang,
    scenario: &str,
    from: NaiveDate,
    to: NaiveDate,
    payments: &[&Payment],
    years: &[YearEntitlement],
) -> Document {
    // Every month of the window, those without a payment as 0.
    let paid_by_month = by_month(payments.iter().copied());
    let months: Vec<((i32, u32), Cash)> = months_between(from, to)
        .map(|ym| (ym, paid_by_month.get(&ym).copied().unwrap_or_default()))
        .collect();
    let civil = by_civil_year(payments.iter().copied());
    let total = sum(civil.values().copied());
    let json = CalendarJson {
        scenario: scenario.to_string(),
        from: date_iso(from),
        to: date_iso(to),
        payments: payments
            .iter()
            .map(|p| PaymentJson {
                date: date_iso(p.date),
                contract_year: p.contract_year,
                mission: p.mission.clone(),
                part: p.part.as_str(),
                label: p.label.clone(),
                kind: p.kind.as_str(),
                amount: money_plain(p.amount),
                certain: p.certain,
            })
            .collect(),
        months: months
            .iter()
            .map(|((y, m), c)| PeriodJson {
                period: month(*y, *m),
                cash: cash_json(c),
            })
            .collect(),
        civil_years: civil
            .iter()
            .map(|(y, c)| PeriodJson {
                period: y.to_string(),
                cash: cash_json(c),
            })
            .collect(),
        total: cash_json(&total),
    };
    let mut pay = Table::new(vec![
        Column::new("date", lang.t("header.date")),
        Column::new("contract_year", lang.t("header.contract_year")),
        Column::new("mission", lang.t("header.mission")).programs(),
        Column::new("part", lang.t("header.part")).programs(),
        Column::new("label", lang.t("header.line")).programs(),
        Column::new("line", lang.t("header.line")).people(),
        Column::new("kind", lang.t("header.payment")),
        Column::new("amount", lang.t("header.amount")).right(),
        Column::new("certain", lang.t("header.cash")),
    ])
    .caption(lang.t("calendar.payments"));
    for p in payments {
        pay.row(vec![
            Cell::Date(p.date),
            Cell::Int(i64::from(p.contract_year)),
            Cell::text(p.mission.clone().unwrap_or_default()),
            Cell::Part(p.part),
            Cell::text(p.label.clone()),
            Cell::text(line_label(lang, p)),
            Cell::Coded {
                code: p.kind.as_str().into(),
                word: kind_word(lang, p.kind).into(),
            },
            Cell::Money(p.amount),
            certainty(lang, p.certain),
        ]);
    }
    // For programs, under the payments: each month's, each civil year's and the window's sums,
    // certain and depending on results in rows of their own (as payments are), the period in
    // `label`.
    let periods = months
        .iter()
        .map(|((y, m), c)| ("month_total", month(*y, *m), *c))
        .chain(civil.iter().map(|(y, c)| ("year_total", y.to_string(), *c)))
        .chain([(
            "window_total",
            format!("{}/{}", date_iso(from), date_iso(to)),
            total,
        )]);
    for (kind, period, c) in periods {
        for (certain, amount) in [(true, c.certain), (false, c.at_risk)] {
            pay.rows.push(Row {
                cells: vec![
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::text(period.clone()),
                    Cell::Empty,
                    Cell::Coded {
                        code: kind.into(),
                        word: lang.t_of("calendar", kind).into(),
                    },
                    Cell::Money(amount),
                    certainty(lang, certain),
                ],
                audience: Audience::Programs,
                strong: false,
            });
        }
    }
    let mut blocks = Vec::new();
    if payments.is_empty() {
        blocks.push(Block::Text(lang.t("calendar.empty").to_string()));
    }
    blocks.push(Block::Table(pay));
    blocks.push(Block::Table(period_table(
        lang,
        lang.t("calendar.by_month"),
        months
            .iter()
            .map(|((y, m), c)| (month_people(lang, *y, *m), *c))
            .collect(),
        None,
    )));
    blocks.push(Block::Table(period_table(
        lang,
        lang.t("calendar.by_civil_year"),
        civil.iter().map(|(y, c)| (y.to_string(), *c)).collect(),
        Some(total),
    )));
    let paid: Vec<u32> = payments.iter().map(|p| p.contract_year).collect();
    let warnings = warnings::unique(
        lang,
        years
            .iter()
            .filter(|y| paid.contains(&y.simulation.contract_year.number))
            .flat_map(|y| &y.simulation.warnings),
    );
    Document {
        schema_version: 1,
        head: vec![Head::Title(lang.fill(
            "calendar.title",
            &[
                ("scenario", scenario),
                ("from", &date(lang, from)),
                ("to", &date(lang, to)),
            ],
        ))],
        data: fields(&json),
        body: Body {
            blocks,
            warnings,
            assumptions: assumptions(lang),
            ..Body::default()
        },
    }
}

/// One contract year of a forecast.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ForecastYearJson {
    /// Its number.
    pub number: u32,
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Tariff version.
    pub tariff: String,
    /// Band.
    pub band: String,
    /// Certain entitlement.
    pub certain: String,
    /// Entitlement depending on results.
    pub at_risk: String,
    /// Both.
    pub total: String,
    /// The codes of its warnings.
    pub warnings: Vec<&'static str>,
}

/// One civil year of a forecast.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CivilJson {
    /// The year.
    pub year: i32,
    /// Certain cash.
    pub certain: String,
    /// Cash depending on results.
    pub at_risk: String,
    /// Both.
    pub total: String,
    /// Cash received up to the end of the year.
    pub cumulative: String,
    /// Share of the year's cash that depends on results.
    pub share_at_risk: String,
}

/// The JSON fields of `forecast`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ForecastJson {
    /// Name of the CPTS.
    pub scenario: String,
    /// Entitlement per contract year.
    pub contract_years: Vec<ForecastYearJson>,
    /// Cash per civil year.
    pub civil_years: Vec<CivilJson>,
    /// Sum of the entitlements.
    pub entitlement_total: String,
    /// Sum of the cash (equal to the entitlements: everything is paid by the end).
    pub cash_total: String,
    /// Share of the entitlement that depends on results.
    pub share_at_risk: String,
}

/// The document of `forecast`.
pub fn forecast(
    lang: Lang,
    scenario: &str,
    years: &[YearEntitlement],
    payments: &[Payment],
) -> Document {
    let civil = by_civil_year(payments);
    let mut cumulative = Money::ZERO;
    let civil_rows: Vec<(i32, Cash, Money)> = civil
        .iter()
        .map(|(y, c)| {
            cumulative = cumulative.checked_add(c.total()).unwrap_or(cumulative);
            (*y, *c, cumulative)
        })
        .collect();
    let entitled =
        Money::checked_sum(years.iter().map(|y| y.simulation.totals.total)).unwrap_or(Money::ZERO);
    let at_risk = Money::checked_sum(years.iter().map(|y| y.at_risk)).unwrap_or(Money::ZERO);
    let json = ForecastJson {
        scenario: scenario.to_string(),
        contract_years: years
            .iter()
            .map(|y| ForecastYearJson {
                number: y.simulation.contract_year.number,
                from: date_iso(y.simulation.contract_year.from),
                to: date_iso(y.simulation.contract_year.to),
                tariff: y.simulation.tariff.clone(),
                band: y.simulation.band.id.clone(),
                certain: money_plain(y.certain),
                at_risk: money_plain(y.at_risk),
                total: money_plain(y.simulation.totals.total),
                warnings: y
                    .simulation
                    .warnings
                    .iter()
                    .map(|w| w.code().as_str())
                    .collect(),
            })
            .collect(),
        civil_years: civil_rows
            .iter()
            .map(|(y, c, cum)| CivilJson {
                year: *y,
                certain: money_plain(c.certain),
                at_risk: money_plain(c.at_risk),
                total: money_plain(c.total()),
                cumulative: money_plain(*cum),
                share_at_risk: ratio_plain(c.at_risk, c.total()),
            })
            .collect(),
        entitlement_total: money_plain(entitled),
        cash_total: money_plain(cumulative),
        share_at_risk: ratio_plain(at_risk, entitled),
    };
    let mut by_year = Table::new(vec![
        Column::new("contract_year", lang.t("header.contract_year")),
        Column::new("period", lang.t("header.from_to")),
        Column::new("tariff", lang.t("header.tariff_band")),
        Column::new("certain", lang.t("cash.certain")).right(),
        Column::new("at_risk", lang.t("cash.at_risk")).right(),
        Column::new("total", lang.t("header.total")).right(),
        Column::new("share_at_risk", lang.t("header.share_at_risk")).right(),
    ])
    .caption(lang.t("forecast.by_contract_year"))
    .only(Audience::People);
    for y in years {
        let s = &y.simulation;
        by_year.row(vec![
            Cell::Int(i64::from(s.contract_year.number)),
            Cell::text(format!(
                "{} → {}",
                date(lang, s.contract_year.from),
                date(lang, s.contract_year.to)
            )),
            Cell::text(format!("{} · {}", s.tariff, s.band.id)),
            Cell::Money(y.certain),
            Cell::Money(y.at_risk),
            Cell::Money(s.totals.total),
            Cell::Share(y.at_risk, s.totals.total),
        ]);
    }
    let mut by_civil = Table::new(vec![
        Column::new("year", lang.t("header.civil_year")),
        Column::new("certain", lang.t("cash.certain")).right(),
        Column::new("at_risk", lang.t("cash.at_risk")).right(),
        Column::new("total", lang.t("header.total")).right(),
        Column::new("cumulative", lang.t("header.cumulative")).right(),
        Column::new("share_at_risk", lang.t("header.share_at_risk")).right(),
    ])
    .caption(lang.t("forecast.by_civil_year"))
    .only(Audience::People);
    for (y, c, cum) in &civil_rows {
        by_civil.row(vec![
            Cell::Int(i64::from(*y)),
            Cell::Money(c.certain),
            Cell::Money(c.at_risk),
            Cell::Money(c.total()),
            Cell::Money(*cum),
            Cell::Share(c.at_risk, c.total()),
        ]);
    }
    let mut csv = Table::new(vec![
        Column::new("view", lang.t("header.view")),
        Column::new("period", lang.t("header.period")),
        Column::new("from", lang.t("header.from")),
        Column::new("to", lang.t("header.to")),
        Column::new("certain", lang.t("cash.certain")),
        Column::new("at_risk", lang.t("cash.at_risk")),
        Column::new("total", lang.t("header.total")),
        Column::new("cumulative", lang.t("header.cumulative")),
    ])
    .only(Audience::Programs);
    for y in years {
        let s = &y.simulation;
        csv.row(vec![
            Cell::Coded {
                code: "contract_year".into(),
                word: lang.t("header.contract_year").into(),
            },
            Cell::Int(i64::from(s.contract_year.number)),
            Cell::Date(s.contract_year.from),
            Cell::Date(s.contract_year.to),
            Cell::Money(y.certain),
            Cell::Money(y.at_risk),
            Cell::Money(s.totals.total),
            Cell::Empty,
        ]);
    }
    for (y, c, cum) in &civil_rows {
        let first = NaiveDate::from_ymd_opt(*y, 1, 1);
        let last = NaiveDate::from_ymd_opt(*y, 12, 31);
        csv.row(vec![
            Cell::Coded {
                code: "civil_year".into(),
                word: lang.t("header.civil_year").into(),
            },
            Cell::Int(i64::from(*y)),
            first.map_or(Cell::Empty, Cell::Date),
            last.map_or(Cell::Empty, Cell::Date),
            Cell::Money(c.certain),
            Cell::Money(c.at_risk),
            Cell::Money(c.total()),
            Cell::Money(*cum),
        ]);
    }
    let title = lang.fill(
        "forecast.title",
        &[
            ("scenario", scenario),
            ("years", &years.len().to_string()),
            ("total", &money(entitled)),
            ("share", &ratio(at_risk, entitled)),
        ],
    );
    let all: Vec<&Warning> = years.iter().flat_map(|y| &y.simulation.warnings).collect();
    Document {
        schema_version: 1,
        head: vec![Head::Title(title)],
        data: fields(&json),
        body: Body {
            blocks: vec![
                Block::Table(by_year),
                Block::Table(by_civil),
                Block::Table(csv),
            ],
            warnings: warnings::unique(lang, all),
            assumptions: assumptions(lang),
            ..Body::default()
        },
    }
}
