//! `calendar` and `forecast` output: payments with their dates, sums by month and civil year,
//! the certain cash beside the cash that depends on results, and the assumptions they rest on.

use super::csv::{self, Dialect};
use super::json::to_pretty;
use super::markdown;
use super::table::{align_right, new_table};
use crate::engine::cash::{ASSUMPTIONS, Cash, Kind, Payment, YearEntitlement};
use crate::model::money::Money;
use crate::render::Format;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

fn kind_fr(k: Kind) -> &'static str {
    match k {
        Kind::Advance => "avance",
        Kind::Balance => "solde",
        Kind::Results => "après évaluation",
    }
}

fn certainty(certain: bool) -> &'static str {
    if certain {
        "certain"
    } else {
        "selon résultats"
    }
}

fn share(part: Money, total: Money) -> String {
    if total.value().is_zero() {
        "—".to_string()
    } else {
        super::percent_fr(part.value() / total.value())
    }
}

fn line_label(p: &Payment) -> String {
    match p.part {
        crate::model::tariff::Part::Fonctionnement => p.label.clone(),
        part => format!("{} — {}", p.label, part.label()),
    }
}

#[derive(Serialize)]
struct CashOut {
    certain: String,
    at_risk: String,
    total: String,
}

fn cash_out(c: &Cash) -> CashOut {
    CashOut {
        certain: c.certain.plain(),
        at_risk: c.at_risk.plain(),
        total: c.total().plain(),
    }
}

#[derive(Serialize)]
struct PaymentOut<'a> {
    date: String,
    contract_year: u32,
    mission: Option<&'a str>,
    part: &'static str,
    label: &'a str,
    kind: &'static str,
    amount: String,
    certain: bool,
}

#[derive(Serialize)]
struct PeriodOut {
    period: String,
    #[serde(flatten)]
    cash: CashOut,
}

#[derive(Serialize)]
struct CalendarOut<'a> {
    schema_version: u32,
    scenario: &'a str,
    from: String,
    to: String,
    payments: Vec<PaymentOut<'a>>,
    months: Vec<PeriodOut>,
    civil_years: Vec<PeriodOut>,
    total: CashOut,
    assumptions: [&'static str; 4],
}

/// The payments of a window with their sums.
pub struct CalendarView<'a> {
    /// Name of the CPTS.
    pub scenario: &'a str,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The payments in the window.
    pub payments: Vec<&'a Payment>,
}

/// Sums by month, by civil year, and in all.
type Sums = (BTreeMap<(i32, u32), Cash>, BTreeMap<i32, Cash>, Cash);

/// A titled table: name, header, rows, right-aligned columns.
type Section<'a> = (&'a str, &'a [&'a str], &'a [Vec<String>], &'a [usize]);

fn sums(v: &CalendarView) -> Sums {
    let months = crate::engine::cash::by_month(v.payments.iter().copied());
    let years = crate::engine::cash::by_civil_year(v.payments.iter().copied());
    let mut total = Cash::default();
    for c in years.values() {
        total.certain = total
            .certain
            .checked_add(c.certain)
            .unwrap_or(total.certain);
        total.at_risk = total
            .at_risk
            .checked_add(c.at_risk)
            .unwrap_or(total.at_risk);
    }
    (months, years, total)
}

/// `calendar` in a format.
pub fn calendar(v: &CalendarView, format: Format) -> String {
    let (months, years, total) = sums(v);
    match format {
        Format::Json => to_pretty(&CalendarOut {
            schema_version: 1,
            scenario: v.scenario,
            from: v.from.to_string(),
            to: v.to.to_string(),
            payments: v
                .payments
                .iter()
                .map(|p| PaymentOut {
                    date: p.date.to_string(),
                    contract_year: p.contract_year,
                    mission: p.mission.as_deref(),
                    part: p.part.as_str(),
                    label: &p.label,
                    kind: p.kind.as_str(),
                    amount: p.amount.plain(),
                    certain: p.certain,
                })
                .collect(),
            months: months
                .iter()
                .map(|((y, m), c)| PeriodOut {
                    period: format!("{y}-{m:02}"),
                    cash: cash_out(c),
                })
                .collect(),
            civil_years: years
                .iter()
                .map(|(y, c)| PeriodOut {
                    period: y.to_string(),
                    cash: cash_out(c),
                })
                .collect(),
            total: cash_out(&total),
            assumptions: ASSUMPTIONS,
        }),
        Format::Csv | Format::CsvExcelFr => {
            let dialect = Dialect::of(format).unwrap_or(Dialect::Plain);
            let mut rows = vec![
                [
                    "date",
                    "contract_year",
                    "mission",
                    "part",
                    "label",
                    "kind",
                    "amount",
                    "certain",
                ]
                .map(String::from)
                .to_vec(),
            ];
            for p in &v.payments {
                rows.push(vec![
                    p.date.to_string(),
                    p.contract_year.to_string(),
                    p.mission.clone().unwrap_or_default(),
                    p.part.as_str().to_string(),
                    p.label.clone(),
                    p.kind.as_str().to_string(),
                    dialect.number(p.amount.plain()),
                    p.certain.to_string(),
                ]);
            }
            csv::write(dialect, &rows)
        }
        Format::Table | Format::Markdown => {
            let md = format == Format::Markdown;
            let title = format!("{}: payments from {} to {}", v.scenario, v.from, v.to);
            let pay_header = ["date", "contract year", "line", "payment", "amount", "cash"];
            let pay_rows: Vec<Vec<String>> = v
                .payments
                .iter()
                .map(|p| {
                    vec![
                        p.date.to_string(),
                        p.contract_year.to_string(),
                        line_label(p),
                        kind_fr(p.kind).to_string(),
                        p.amount.french(),
                        certainty(p.certain).to_string(),
                    ]
                })
                .collect();
            let period_header = ["period", "certain", "selon résultats", "total"];
            let period_rows = |items: Vec<(String, Cash)>| -> Vec<Vec<String>> {
                items
                    .into_iter()
                    .map(|(k, c)| {
                        vec![
                            k,
                            c.certain.french(),
                            c.at_risk.french(),
                            c.total().french(),
                        ]
                    })
                    .collect()
            };
            let month_rows = period_rows(
                months
                    .iter()
                    .map(|((y, m), c)| (format!("{y}-{m:02}"), *c))
                    .collect(),
            );
            let mut year_rows =
                period_rows(years.iter().map(|(y, c)| (y.to_string(), *c)).collect());
            year_rows.push(vec![
                "TOTAL".into(),
                total.certain.french(),
                total.at_risk.french(),
                total.total().french(),
            ]);
            let tables: [Section; 3] = [
                ("payments", &pay_header, &pay_rows, &[4]),
                ("by month", &period_header, &month_rows, &[1, 2, 3]),
                ("by civil year", &period_header, &year_rows, &[1, 2, 3]),
            ];
            render_sections(md, &title, &tables, v.payments.is_empty())
        }
    }
}

fn render_sections(md: bool, title: &str, tables: &[Section], empty: bool) -> String {
    let mut out = if md {
        format!("# {title}\n")
    } else {
        format!("{title}\n")
    };
    if empty {
        out.push_str("\nno payment in this period\n");
    }
    for (name, header, rows, right) in tables {
        if rows.is_empty() {
            continue;
        }
        if md {
            out.push_str(&format!(
                "\n## {name}\n\n{}",
                markdown::table(header, rows, right)
            ));
        } else {
            let mut t = new_table(header);
            for r in rows.iter() {
                t.add_row(r.clone());
            }
            align_right(&mut t, right);
            out.push_str(&format!("\n{name}:\n{t}\n"));
        }
    }
    out.push_str(if md {
        "\n## Assumptions\n\n"
    } else {
        "\nassumptions:\n"
    });
    for a in ASSUMPTIONS {
        out.push_str(&format!("{}{a}\n", if md { "- " } else { "  - " }));
    }
    out
}

#[derive(Serialize)]
struct YearOut<'a> {
    number: u32,
    from: String,
    to: String,
    tariff: &'a str,
    band: &'a str,
    certain: String,
    at_risk: String,
    total: String,
    warnings: Vec<&'static str>,
}

#[derive(Serialize)]
struct CivilOut {
    year: i32,
    certain: String,
    at_risk: String,
    total: String,
    cumulative: String,
    share_at_risk: String,
}

#[derive(Serialize)]
struct ForecastOut<'a> {
    schema_version: u32,
    scenario: &'a str,
    contract_years: Vec<YearOut<'a>>,
    civil_years: Vec<CivilOut>,
    entitlement_total: String,
    cash_total: String,
    share_at_risk: String,
    assumptions: [&'static str; 4],
}

/// The whole contract: entitlement per contract year, cash per civil year.
pub struct ForecastView<'a> {
    /// Name of the CPTS.
    pub scenario: &'a str,
    /// Every contract year.
    pub years: &'a [YearEntitlement],
    /// Every payment.
    pub payments: &'a [Payment],
}

fn ratio(part: Money, total: Money) -> String {
    if total.value().is_zero() {
        "0".into()
    } else {
        (part.value() / total.value())
            .round_dp(4)
            .normalize()
            .to_string()
    }
}

/// `forecast` in a format.
pub fn forecast(v: &ForecastView, format: Format) -> String {
    let civil = crate::engine::cash::by_civil_year(v.payments);
    let mut cumulative = Money::ZERO;
    let civil_rows: Vec<(i32, Cash, Money)> = civil
        .iter()
        .map(|(y, c)| {
            cumulative = cumulative.checked_add(c.total()).unwrap_or(cumulative);
            (*y, *c, cumulative)
        })
        .collect();
    let entitled = Money::checked_sum(v.years.iter().map(|y| y.simulation.totals.total))
        .unwrap_or(Money::ZERO);
    let at_risk = Money::checked_sum(v.years.iter().map(|y| y.at_risk)).unwrap_or(Money::ZERO);
    match format {
        Format::Json => to_pretty(&ForecastOut {
            schema_version: 1,
            scenario: v.scenario,
            contract_years: v
                .years
                .iter()
                .map(|y| YearOut {
                    number: y.simulation.contract_year.number,
                    from: y.simulation.contract_year.from.to_string(),
                    to: y.simulation.contract_year.to.to_string(),
                    tariff: &y.simulation.tariff,
                    band: &y.simulation.band.id,
                    certain: y.certain.plain(),
                    at_risk: y.at_risk.plain(),
                    total: y.simulation.totals.total.plain(),
                    warnings: y
                        .simulation
                        .warnings
                        .iter()
                        .map(|w| w.code.as_str())
                        .collect(),
                })
                .collect(),
            civil_years: civil_rows
                .iter()
                .map(|(y, c, cum)| CivilOut {
                    year: *y,
                    certain: c.certain.plain(),
                    at_risk: c.at_risk.plain(),
                    total: c.total().plain(),
                    cumulative: cum.plain(),
                    share_at_risk: ratio(c.at_risk, c.total()),
                })
                .collect(),
            entitlement_total: entitled.plain(),
            cash_total: cumulative.plain(),
            share_at_risk: ratio(at_risk, entitled),
            assumptions: ASSUMPTIONS,
        }),
        Format::Csv | Format::CsvExcelFr => {
            let dialect = Dialect::of(format).unwrap_or(Dialect::Plain);
            let n = |m: Money| dialect.number(m.plain());
            let mut rows = vec![
                [
                    "view",
                    "period",
                    "from",
                    "to",
                    "certain",
                    "at_risk",
                    "total",
                    "cumulative",
                ]
                .map(String::from)
                .to_vec(),
            ];
            for y in v.years {
                let s = &y.simulation;
                rows.push(vec![
                    "contract_year".into(),
                    s.contract_year.number.to_string(),
                    s.contract_year.from.to_string(),
                    s.contract_year.to.to_string(),
                    n(y.certain),
                    n(y.at_risk),
                    n(s.totals.total),
                    String::new(),
                ]);
            }
            for (year, c, cum) in &civil_rows {
                rows.push(vec![
                    "civil_year".into(),
                    year.to_string(),
                    format!("{year}-01-01"),
                    format!("{year}-12-31"),
                    n(c.certain),
                    n(c.at_risk),
                    n(c.total()),
                    n(*cum),
                ]);
            }
            csv::write(dialect, &rows)
        }
        Format::Table | Format::Markdown => {
            let md = format == Format::Markdown;
            let title = format!(
                "{}: contract years 1 to {} — entitlement {} ({} depending on results), all paid by the end",
                v.scenario,
                v.years.len(),
                entitled.french(),
                share(at_risk, entitled)
            );
            let year_header = [
                "contract year",
                "from → to",
                "tariff · band",
                "certain",
                "selon résultats",
                "total",
                "share at risk",
            ];
            let year_rows: Vec<Vec<String>> = v
                .years
                .iter()
                .map(|y| {
                    let s = &y.simulation;
                    vec![
                        s.contract_year.number.to_string(),
                        format!("{} → {}", s.contract_year.from, s.contract_year.to),
                        format!("{} · {}", s.tariff, s.band.id),
                        y.certain.french(),
                        y.at_risk.french(),
                        s.totals.total.french(),
                        share(y.at_risk, s.totals.total),
                    ]
                })
                .collect();
            let civil_header = [
                "civil year",
                "certain",
                "selon résultats",
                "total",
                "cumulative",
                "share at risk",
            ];
            let civil: Vec<Vec<String>> = civil_rows
                .iter()
                .map(|(y, c, cum)| {
                    vec![
                        y.to_string(),
                        c.certain.french(),
                        c.at_risk.french(),
                        c.total().french(),
                        cum.french(),
                        share(c.at_risk, c.total()),
                    ]
                })
                .collect();
            let tables: [Section; 2] = [
                (
                    "entitlement by contract year",
                    &year_header,
                    &year_rows,
                    &[3, 4, 5, 6],
                ),
                (
                    "cash by civil year",
                    &civil_header,
                    &civil,
                    &[1, 2, 3, 4, 5],
                ),
            ];
            render_sections(md, &title, &tables, false)
        }
    }
}
