//! The workbook a coordinator hands over (`aci-cpts report … --output budget.xlsx`), a live
//! model: who and when; the inputs a coordinator may change (members, achievements, indicators'
//! results, a crisis), each a defined name; the contract year's budget and its indicators as
//! formulas over those inputs and the tariff sheet, each storing the tool's figure; the cash of
//! a civil year by payment and by month; the forecast; the warnings and assumptions; the table's
//! amounts with their evidence and source. Format-neutral sheets of typed cells;
//! `render::xlsx` writes them, `render::html` the page.

use super::format::{month_people, part_word};
use crate::catalog::Lang;
use crate::engine::cash::{self, Payment, YearEntitlement};
use crate::engine::levers::Levers;
use crate::engine::{IndicatorKind, IndicatorUse, Line, Part, Simulation};
use crate::model::indicator::Direction;
use crate::model::money::Money;
use crate::model::scenario::Scenario;
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
    /// A measured value, as written (`67 950`, `3,5`).
    Number(Decimal),
    /// Yes or no: 1 or 0 in a workbook, shown as the words.
    YesNo(bool),
    /// A day.
    Date(NaiveDate),
    /// A formula (`=SUM(G2:G9)`), with the value the tool computed, stored for readers that do
    /// not calculate and shown as that value is.
    Formula {
        /// The formula, with its `=`.
        formula: String,
        /// What the tool says it is.
        value: Box<XCell>,
    },
    /// What a coordinator may change in the workbook: a value, and what it may be.
    Input {
        /// The value of the scenario.
        value: Box<XCell>,
        /// What the cell accepts.
        rule: InputRule,
    },
}

impl XCell {
    /// What a reader sees: the value of a formula or an input, the cell itself otherwise.
    pub fn shown(&self) -> &XCell {
        match self {
            XCell::Formula { value, .. } | XCell::Input { value, .. } => value.shown(),
            cell => cell,
        }
    }
}

/// What an input cell accepts (a workbook checks it as it is typed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputRule {
    /// A whole number from 0.
    Count,
    /// A fraction from 0 to 1 (a percentage).
    Fraction,
    /// 1 (yes) or 0 (no).
    YesNo,
    /// Any number.
    Number,
}

/// A formula giving euros.
pub(crate) fn money_formula(formula: String, value: Money) -> XCell {
    XCell::Formula {
        formula,
        value: Box::new(XCell::Money(value)),
    }
}

/// A formula shown as `value`.
fn formula(formula: String, value: XCell) -> XCell {
    XCell::Formula {
        formula,
        value: Box::new(value),
    }
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
    pub names: Vec<(String, usize, usize)>,
    /// Whether the page for the board shows it too (the inputs are the workbook's own).
    pub in_page: bool,
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

/// A sheet's name as a workbook writes it: Excel allows 31 characters and none of `[]:*?/\`.
pub fn sheet_name(name: &str) -> String {
    name.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// A cell of sheet `sheet` for a formula of another sheet, absolute: `'Barème'!$C$5` (`row`
/// as Excel counts, from 1).
pub fn cell_of(sheet: &str, col: usize, row: usize) -> String {
    format!(
        "'{}'!${}${row}",
        sheet_name(sheet).replace('\'', "''"),
        letter(col)
    )
}

/// A money column's range over data rows `first..=last` (sheet rows, 1-based as Excel counts).
pub(crate) fn range(col: usize, first: usize, last: usize) -> String {
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
    /// The same year with every line a cell can turn on (a crisis recognised, members above the
    /// uplift's threshold), for the workbook's rows: see [`with_every_line`].
    pub every_line: &'a Simulation,
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

/// The scenario with every line a workbook's input can turn on: a crisis recognised in its
/// contract year, and more members than `table`'s uplift threshold. Its lines are the
/// workbook's rows; the scenario's own figures fill them.
pub fn with_every_line(s: &Scenario, table: &TariffTable) -> Scenario {
    let mut every = s.clone();
    if !every.crisis_years.contains(&every.contract_year) {
        every.crisis_years.push(every.contract_year);
    }
    if let Some(u) = &table.uplift {
        every.members = every.members.max(u.members_above.saturating_add(1));
    }
    every
}

/// The workbook.
pub fn book(lang: Lang, i: &Inputs) -> Book {
    let mut head: Vec<String> = super::simulation::head(lang, i.sim)
        .into_iter()
        .filter_map(|h| match h {
            super::Head::Title(s) | super::Head::Line(s) => Some(s),
            super::Head::Fact(..) => None,
        })
        .collect();
    head.push(lang.fill(
        "workbook.evidence_summary",
        &[("counts", &evidence_counts(lang, i.sim))],
    ));
    head.push(made(lang, i.today));
    let model = Model::new(i.sim, i.every_line);
    Book {
        head,
        sheets: [
            vec![
                about(lang, i),
                inputs(lang, i, &model),
                budget(lang, i.sim, &model),
            ],
            indicators(lang, &model, i.levers),
            vec![
                cash_sheet(lang, i.year, i.paid),
                forecast(lang, i.years),
                warnings(lang, i.warnings),
                tariff(lang, i, &model),
            ],
        ]
        .concat(),
    }
}

/// A line of the budget as the workbook lays it out, with what feeds its formula.
struct Row<'s> {
    /// The line as when every input is on (its place, its table amount, its prorata).
    line: &'s Line,
    /// The scenario's own line, when it pays it.
    actual: Option<&'s Line>,
    /// The input that sets its achievement, when given as one figure.
    achievement: Option<String>,
    /// Its indicators, each with the input that sets it.
    indicators: Vec<(&'s IndicatorUse, String)>,
    /// Their rows in the indicators sheet (sheet rows, first and last).
    indicator_rows: Option<(usize, usize)>,
}

impl Row<'_> {
    /// The line with the scenario's figures where it has them.
    fn figures(&self) -> &Line {
        self.actual.unwrap_or(self.line)
    }

    /// What the scenario pays on it.
    fn amount(&self) -> Money {
        self.actual.map_or(Money::ZERO, |l| l.amount)
    }
}

/// The workbook's rows and the names of its inputs, decided once for every sheet.
struct Model<'s> {
    rows: Vec<Row<'s>>,
}

impl<'s> Model<'s> {
    fn new(sim: &'s Simulation, every_line: &'s Simulation) -> Model<'s> {
        let same = |a: &Line, b: &Line| a.mission == b.mission && a.part == b.part;
        // Every line of the scenario has its row; else its own lines are the rows.
        let layout = if sim
            .lines
            .iter()
            .all(|a| every_line.lines.iter().any(|b| same(a, b)))
        {
            every_line
        } else {
            sim
        };
        let mut taken = std::collections::HashSet::new();
        let mut unique = |name: String| {
            let mut n = 1;
            let mut candidate = name.clone();
            while !taken.insert(candidate.clone()) {
                n += 1;
                candidate = format!("{name}_{n}");
            }
            candidate
        };
        unique("members".into());
        unique("crisis".into());
        unique("total_due".into());
        let mut next_indicator_row = 2;
        let rows = layout
            .lines
            .iter()
            .map(|line| {
                let actual = sim.lines.iter().find(|a| same(a, line));
                let figures = actual.unwrap_or(line);
                let mission = ident(line.mission.as_deref().unwrap_or_default());
                let achievement = (line.part == Part::Variable
                    && figures.indicators.is_empty()
                    && figures.achievement.is_some())
                .then(|| unique(format!("achievement_{mission}")));
                let indicators: Vec<_> = figures
                    .indicators
                    .iter()
                    .enumerate()
                    .map(|(n, ind)| {
                        let what = match ind.kind {
                            IndicatorKind::Item { .. } => "met",
                            IndicatorKind::Paliers { .. } => "measured",
                            IndicatorKind::Estimate => "achievement",
                        };
                        let key = ind
                            .id
                            .as_deref()
                            .map(ident)
                            .filter(|k| !k.is_empty())
                            .unwrap_or_else(|| (n + 1).to_string());
                        (ind, unique(format!("{what}_{mission}_{key}")))
                    })
                    .collect();
                let indicator_rows = (!indicators.is_empty()).then(|| {
                    let first = next_indicator_row;
                    next_indicator_row += indicators.len();
                    (first, next_indicator_row - 1)
                });
                Row {
                    line,
                    actual,
                    achievement,
                    indicators,
                    indicator_rows,
                }
            })
            .collect();
        Model { rows }
    }
}

/// A key made fit for a defined name: lower-case ASCII letters, digits and `_`.
fn ident(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '_'
        };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    out.trim_matches('_').chars().take(100).collect()
}

/// How many amounts rest on each evidence level, in words: "contrat 9, presse 1".
fn evidence_counts(lang: Lang, sim: &Simulation) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for l in &sim.lines {
        *counts
            .entry(super::format::evidence_word(lang, l.evidence))
            .or_default() += 1;
    }
    counts
        .iter()
        .map(|(e, n)| format!("{e} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// When and by what the document was made: "Produit le 04/12/2026 par aci-cpts 0.1.0".
pub(crate) fn made(lang: Lang, today: NaiveDate) -> String {
    lang.fill(
        "workbook.made",
        &[
            ("date", &super::format::date(lang, today)),
            ("version", env!("CARGO_PKG_VERSION")),
        ],
    )
}

/// Who and when, first: the CPTS, its contract year and dates, table and band, population and
/// where it comes from, members, the evidence of the amounts, the total due, the day it was
/// made and the tool's version.
fn about(lang: Lang, i: &Inputs) -> Sheet {
    let sim = i.sim;
    let y = &sim.contract_year;
    let population = match &sim.territory {
        Some(territory) => format!(
            "{} ({})",
            super::format::integer(sim.population),
            super::simulation::territory_words(lang, territory)
        ),
        None => lang.fill(
            "workbook.about.population_given",
            &[("population", &super::format::integer(sim.population))],
        ),
    };
    let row = |key: &str, value: XCell| vec![text(lang.t_of("workbook.about", key)), value];
    let mut rows = vec![
        row("cpts", text(sim.scenario.clone())),
        row(
            "contract_year",
            text(lang.fill(
                "workbook.about.contract_year_value",
                &[
                    ("year", &y.number.to_string()),
                    ("from", &super::format::date(lang, y.from)),
                    ("to", &super::format::date(lang, y.to)),
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
            formula("=members".into(), XCell::Int(count(sim.members))),
        ),
        row("evidence", text(evidence_counts(lang, sim))),
    ];
    // The total due, in bold.
    let strong = vec![rows.len()];
    rows.push(row(
        "total",
        money_formula("=total_due".into(), sim.totals.total),
    ));
    rows.extend([
        vec![
            text(lang.fill("workbook.about.cash", &[("year", &i.year.to_string())])),
            XCell::Money(Money::checked_sum(i.paid.iter().map(|p| p.amount)).unwrap_or_default()),
        ],
        row("made_on", XCell::Date(i.today)),
        row(
            "made_by",
            text(format!("aci-cpts {}", env!("CARGO_PKG_VERSION"))),
        ),
    ]);
    Sheet {
        name: lang.t("workbook.about.sheet").to_string(),
        header: Vec::new(),
        rows,
        strong,
        names: Vec::new(),
        in_page: true,
    }
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// What a coordinator may change, each cell a defined name: first what the cells do and what
/// stays as the tool computed it, then the members, a crisis recognised, each mission's
/// achievement, each indicator's measured value, item met or achievement.
fn inputs(lang: Lang, i: &Inputs, m: &Model) -> Sheet {
    use super::format::{measure, money, percent};
    let sim = i.sim;
    // What the cells do and what stays computed, first; then the inputs under their header.
    let mut rows: Vec<Vec<XCell>> = ["computed_cells", "computed_band", "computed_views"]
        .iter()
        .map(|key| {
            vec![text(lang.fill(
                &format!("workbook.inputs.{key}"),
                &[("date", &super::format::date(lang, i.today))],
            ))]
        })
        .collect();
    rows.push(vec![XCell::Empty]);
    let strong = vec![rows.len()];
    rows.push(vec![
        text(lang.t("workbook.inputs.what")),
        text(lang.t("workbook.inputs.value")),
        text(lang.t("workbook.inputs.effect")),
    ]);
    let mut names = Vec::new();
    let input = |value: XCell, rule: InputRule| XCell::Input {
        value: Box::new(value),
        rule,
    };
    names.push(("members".to_string(), rows.len(), 1));
    rows.push(vec![
        text(lang.t("workbook.inputs.members")),
        input(XCell::Int(count(sim.members)), InputRule::Count),
        text(match &i.table.uplift {
            Some(u) => lang.fill(
                "workbook.inputs.members_effect",
                &[
                    ("rate", &percent(u.rate)),
                    ("threshold", &u.members_above.to_string()),
                ],
            ),
            None => lang.t("workbook.inputs.no_uplift").to_string(),
        }),
    ]);
    if let Some(r) = m
        .rows
        .iter()
        .find(|r| r.line.part == Part::CrisisActivation)
    {
        names.push(("crisis".to_string(), rows.len(), 1));
        rows.push(vec![
            text(lang.t("workbook.inputs.crisis")),
            input(XCell::YesNo(r.actual.is_some()), InputRule::YesNo),
            text(lang.fill(
                "workbook.inputs.crisis_effect",
                &[("amount", &money(r.figures().envelope))],
            )),
        ]);
    }
    for r in &m.rows {
        let l = r.figures();
        if let (Some(name), Some(a)) = (&r.achievement, l.achievement) {
            names.push((name.clone(), rows.len(), 1));
            rows.push(vec![
                text(lang.fill("workbook.inputs.achievement", &[("mission", &l.label)])),
                input(XCell::Percent(a), InputRule::Fraction),
                text(lang.fill(
                    "workbook.inputs.achievement_effect",
                    &[("amount", &money(l.envelope))],
                )),
            ]);
        }
        for (ind, name) in &r.indicators {
            let words = [
                ("mission", l.label.as_str()),
                ("indicator", ind.name.as_str()),
            ];
            let (key, rule, effect) = match &ind.kind {
                IndicatorKind::Item { .. } => (
                    "workbook.inputs.met",
                    InputRule::YesNo,
                    lang.fill(
                        "workbook.inputs.met_effect",
                        &[("amount", &money(ind.amount))],
                    ),
                ),
                IndicatorKind::Paliers { paliers, .. } => (
                    "workbook.inputs.measured",
                    if paliers.percent {
                        InputRule::Fraction
                    } else {
                        InputRule::Number
                    },
                    paliers
                        .steps
                        .iter()
                        .map(|s| {
                            format!(
                                "{} {} → {}",
                                super::format::palier_sign(paliers.direction),
                                measure(s.threshold, paliers.percent),
                                money(s.amount)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" · "),
                ),
                IndicatorKind::Estimate => (
                    "workbook.inputs.estimate",
                    InputRule::Fraction,
                    lang.fill(
                        "workbook.inputs.estimate_effect",
                        &[("amount", &money(ind.amount))],
                    ),
                ),
            };
            names.push((name.clone(), rows.len(), 1));
            rows.push(vec![
                text(lang.fill(key, &words)),
                input(result_cell(ind), rule),
                text(effect),
            ]);
        }
    }
    Sheet {
        name: lang.t("workbook.inputs.sheet").to_string(),
        header: Vec::new(),
        rows,
        strong,
        names,
        in_page: false,
    }
}

/// An indicator's result as its input holds it: met (1/0), the value measured, or the
/// achievement of an estimate.
fn result_cell(ind: &IndicatorUse) -> XCell {
    match &ind.kind {
        IndicatorKind::Item { met } => XCell::YesNo(*met),
        IndicatorKind::Paliers {
            paliers, measured, ..
        } => measured_cell(*measured, paliers.percent),
        IndicatorKind::Estimate => XCell::Percent(ind.achievement),
    }
}

/// A measured value: a percentage or a number.
fn measured_cell(v: Decimal, percent: bool) -> XCell {
    if percent {
        XCell::Percent(v)
    } else {
        XCell::Number(v)
    }
}

/// Columns of the budget sheet.
const PART: usize = 1;
const ENVELOPE: usize = 2;
const ACHIEVEMENT: usize = 3;
const DAYS: usize = 5;
const OF: usize = 6;
const AMOUNT: usize = 7;

/// Columns of the tariff sheet and of the indicators sheet read by the budget's formulas.
const TARIFF_AMOUNT: usize = 2;
const MEASURED: usize = 3;
const WORTH: usize = 4;
const EARNED: usize = 5;
/// The paliers sheet's first threshold; its amount is the next column.
const FIRST_PALIER: usize = 3;

/// The contract year's lines, every amount a formula: the table's amount (tariff sheet) × the
/// achievement (inputs) or the indicators' earnings (indicators sheet) × prorata, rounded to
/// the cent as the tool rounds; the crisis activation when `crisis` is 1; the uplift when
/// `members` is above the threshold. Then the totals: each adds the lines of its part by the
/// part's word (column B); the volets variables' envelope is each line's envelope at its
/// prorata, rounded.
fn budget(lang: Lang, sim: &Simulation, m: &Model) -> Sheet {
    let header = vec![
        lang.t("header.mission").to_string(),
        lang.t("header.part").to_string(),
        lang.t("header.envelope").to_string(),
        lang.t("header.achievement").to_string(),
        lang.t("header.prorata").to_string(),
        lang.t("header.prorata_days").to_string(),
        lang.t("header.prorata_of").to_string(),
        lang.t("header.amount").to_string(),
        lang.t("header.evidence").to_string(),
    ];
    let (tariff_sheet, indicator_sheet) = (
        lang.t("workbook.tariff.sheet"),
        lang.t("workbook.indicators"),
    );
    // Lines are sheet rows 2 to n + 1 (row 1 is the header); the uplift's base adds the rows
    // above it (a range holding its own cell would be circular).
    let (first, last) = (2, m.rows.len() + 1);
    let sumif = |p: Part, last: usize| {
        format!(
            "SUMIF({},\"{}\",{})",
            range(PART, first, last),
            part_word(lang, p),
            range(AMOUNT, first, last)
        )
    };
    let (mut tariff_row, uplift_rows) = (2, tariff_uplift_rows(m));
    let mut rows: Vec<Vec<XCell>> = Vec::new();
    for r in &m.rows {
        let (l, n) = (r.figures(), rows.len() + 2);
        let table_cell = l
            .table_amount
            .map(|_| cell_of(tariff_sheet, TARIFF_AMOUNT, tariff_row));
        if l.table_amount.is_some() {
            tariff_row += 1;
        }
        // This row's cell of a column: `C5`.
        let at = |col: usize| format!("{}{n}", letter(col));
        let (envelope_at, achievement_at) = (at(ENVELOPE), at(ACHIEVEMENT));
        let prorated = |what: &str| format!("ROUND({what}*{}/{},2)", at(DAYS), at(OF));
        let (envelope, achievement, amount) = match (l.part, &table_cell, r.indicator_rows) {
            (Part::Uplift, _, _) => {
                let parts = [
                    Part::Fixed,
                    Part::Variable,
                    Part::CrisisPlan,
                    Part::CrisisUpdate,
                    Part::CrisisActivation,
                ];
                let base = parts
                    .iter()
                    .map(|p| sumif(*p, n - 1))
                    .collect::<Vec<_>>()
                    .join("+");
                let totals = &sim.totals;
                let value =
                    Money::checked_sum([totals.fixed, totals.variable_earned, totals.crisis])
                        .unwrap_or_default();
                let (threshold, rate) = uplift_rows.unwrap_or_default();
                (
                    money_formula(format!("={base}"), value),
                    XCell::Empty,
                    format!(
                        "IF(members>{},ROUND({envelope_at}*{},2),0)",
                        cell_of(tariff_sheet, TARIFF_AMOUNT, threshold),
                        cell_of(tariff_sheet, TARIFF_AMOUNT, rate)
                    ),
                )
            }
            (Part::Variable, Some(cell), Some((a, b))) => (
                money_formula(
                    format!(
                        "=MIN(SUM({}:{}),{cell})",
                        cell_of(indicator_sheet, WORTH, a),
                        cell_of(indicator_sheet, WORTH, b)
                    ),
                    l.envelope,
                ),
                XCell::Empty,
                prorated(&format!(
                    "MIN(SUM({}:{}),{envelope_at})",
                    cell_of(indicator_sheet, EARNED, a),
                    cell_of(indicator_sheet, EARNED, b)
                )),
            ),
            (part, Some(cell), None) => {
                let envelope = money_formula(format!("={cell}"), l.envelope);
                match (&r.achievement, l.achievement) {
                    (Some(name), Some(a)) => (
                        envelope,
                        formula(format!("={name}"), XCell::Percent(a)),
                        prorated(&format!("{envelope_at}*{achievement_at}")),
                    ),
                    _ if part == Part::CrisisActivation => (
                        envelope,
                        XCell::Empty,
                        format!("IF(crisis=1,{},0)", prorated(&envelope_at)),
                    ),
                    _ => (envelope, XCell::Empty, prorated(&envelope_at)),
                }
            }
            // A line without a table amount or indicators: the tool's figures, as they are.
            _ => {
                rows.push(static_line(lang, l, r.amount()));
                continue;
            }
        };
        rows.push(vec![
            text(l.label.clone()),
            text(part_word(lang, l.part)),
            envelope,
            achievement,
            XCell::Percent(prorata(l.prorata.days, l.prorata.of)),
            XCell::Int(l.prorata.days),
            XCell::Int(l.prorata.of),
            money_formula(format!("={amount}"), r.amount()),
            text(super::format::evidence_word(lang, l.evidence)),
        ]);
    }
    let amounts = range(AMOUNT, first, last);
    let totals = &sim.totals;
    let total_rows: Vec<(&str, String, Money)> = vec![
        (
            "total.fonctionnement",
            sumif(Part::Fonctionnement, last),
            totals.fonctionnement,
        ),
        ("total.fixed", sumif(Part::Fixed, last), totals.fixed),
        (
            "total.variable_envelope",
            format!(
                "SUMPRODUCT(({}=\"{}\")*ROUND({}*{}/{},2))",
                range(PART, first, last),
                part_word(lang, Part::Variable),
                range(ENVELOPE, first, last),
                range(DAYS, first, last),
                range(OF, first, last)
            ),
            totals.variable_envelope,
        ),
        (
            "total.variable_earned",
            sumif(Part::Variable, last),
            totals.variable_earned,
        ),
        (
            "total.crisis",
            [Part::CrisisPlan, Part::CrisisUpdate, Part::CrisisActivation]
                .into_iter()
                .map(|p| sumif(p, last))
                .collect::<Vec<_>>()
                .join("+"),
            totals.crisis,
        ),
        ("total.uplift", sumif(Part::Uplift, last), totals.uplift),
        ("total.due", format!("SUM({amounts})"), totals.total),
    ];
    rows.push(vec![XCell::Empty]);
    let (mut strong, mut names) = (Vec::new(), Vec::new());
    for (label, f, value) in total_rows {
        let mut row = vec![text(lang.t(label))];
        row.resize(AMOUNT, XCell::Empty);
        row.push(money_formula(format!("={f}"), value));
        if label == "total.due" {
            strong.push(rows.len());
            names.push(("total_due".to_string(), rows.len(), AMOUNT));
        }
        rows.push(row);
    }
    Sheet {
        name: lang.t("workbook.budget").to_string(),
        header,
        rows,
        strong,
        names,
        in_page: true,
    }
}

/// A budget line as the tool computed it, without formulas.
fn static_line(lang: Lang, l: &Line, amount: Money) -> Vec<XCell> {
    vec![
        text(l.label.clone()),
        text(part_word(lang, l.part)),
        XCell::Money(l.envelope),
        l.achievement.map_or(XCell::Empty, XCell::Percent),
        XCell::Percent(prorata(l.prorata.days, l.prorata.of)),
        XCell::Int(l.prorata.days),
        XCell::Int(l.prorata.of),
        XCell::Money(amount),
        text(super::format::evidence_word(lang, l.evidence)),
    ]
}

/// The tariff sheet's rows (as Excel counts) of the uplift's threshold and rate, after one row
/// per line with a table amount.
fn tariff_uplift_rows(m: &Model) -> Option<(usize, usize)> {
    let lines = m
        .rows
        .iter()
        .filter(|r| r.figures().table_amount.is_some())
        .count();
    m.rows
        .iter()
        .any(|r| r.line.part == Part::Uplift)
        .then_some((lines + 2, lines + 3))
}

/// The contract's indicators, under their missions: how each is scored, its result (an input),
/// what it is worth and earns (a formula: an item's amount when met, the best palier reached,
/// an estimate's worth × its achievement), what its next step needs and what that brings to the
/// year (prorata, cap and uplift included, as `levers` says, when the workbook was made); then
/// the paliers, a sheet of their own the formulas look up. Nothing when no mission has
/// indicators.
fn indicators(lang: Lang, m: &Model, levers: Option<&Levers>) -> Vec<Sheet> {
    let paliers_sheet = lang.t("workbook.paliers");
    let most = m
        .rows
        .iter()
        .flat_map(|r| &r.indicators)
        .map(|(ind, _)| match &ind.kind {
            IndicatorKind::Paliers { paliers, .. } => paliers.steps.len(),
            _ => 0,
        })
        .max();
    let Some(most) = most else {
        return Vec::new();
    };
    let header = vec![
        lang.t("header.mission").to_string(),
        lang.t("header.indicator").to_string(),
        lang.t("header.scoring").to_string(),
        lang.t("header.result").to_string(),
        lang.t("header.worth").to_string(),
        lang.t("header.earned").to_string(),
        lang.t("levers.needs").to_string(),
        lang.t("levers.gain").to_string(),
    ];
    let mut palier_header = header[..3].to_vec();
    for n in 1..=most {
        let n = n.to_string();
        palier_header.push(lang.fill("header.palier_threshold", &[("n", &n)]));
        palier_header.push(lang.fill("header.palier_amount", &[("n", &n)]));
    }
    let (mut rows, mut palier_rows) = (Vec::new(), Vec::new());
    for r in &m.rows {
        let l = r.figures();
        for (ind, name) in &r.indicators {
            let n = rows.len() + 2;
            let (measured_at, worth_at) = (
                format!("{}{n}", letter(MEASURED)),
                format!("{}{n}", letter(WORTH)),
            );
            let lever = levers.and_then(|ls| {
                ls.levers
                    .iter()
                    .find(|v| Some(&v.mission) == l.mission.as_ref() && v.indicator == ind.name)
            });
            let (scoring, earned) = match &ind.kind {
                IndicatorKind::Item { .. } => (
                    lang.t("indicator.scoring.item"),
                    format!("IF({measured_at}=1,{worth_at},0)"),
                ),
                IndicatorKind::Paliers { paliers, .. } => {
                    let scoring = lang.t(match paliers.direction {
                        Direction::AtLeast => "indicator.scoring.at_least",
                        Direction::AtMost => "indicator.scoring.at_most",
                    });
                    let op = match paliers.direction {
                        Direction::AtLeast => ">=",
                        Direction::AtMost => "<=",
                    };
                    // The best palier reached pays: the most demanding is looked at first.
                    let p = palier_rows.len() + 2;
                    let mut earned = "0".to_string();
                    for k in 0..paliers.steps.len() {
                        earned = format!(
                            "IF({measured_at}{op}{},{},{earned})",
                            cell_of(paliers_sheet, FIRST_PALIER + 2 * k, p),
                            cell_of(paliers_sheet, FIRST_PALIER + 2 * k + 1, p)
                        );
                    }
                    let mut row =
                        vec![text(l.label.clone()), text(ind.name.clone()), text(scoring)];
                    for s in &paliers.steps {
                        row.push(measured_cell(s.threshold, paliers.percent));
                        row.push(XCell::Money(s.amount));
                    }
                    palier_rows.push(row);
                    (scoring, earned)
                }
                IndicatorKind::Estimate => (
                    lang.t("indicator.scoring.estimate"),
                    format!("{worth_at}*{measured_at}"),
                ),
            };
            let row = vec![
                text(l.label.clone()),
                text(ind.name.clone()),
                text(scoring),
                formula(format!("={name}"), result_cell(ind)),
                XCell::Money(ind.amount),
                money_formula(format!("={earned}"), ind.earned),
                lever.map_or(XCell::Empty, |v| {
                    text(super::levers::needs_text(lang, &v.needs))
                }),
                lever.map_or(XCell::Empty, |v| XCell::Money(v.gain)),
            ];
            rows.push(row);
        }
    }
    let mut strong = Vec::new();
    if let Some(ls) = levers {
        rows.push(vec![XCell::Empty]);
        strong.push(rows.len());
        let mut row = vec![text(lang.t("levers.reachable"))];
        row.resize(7, XCell::Empty);
        row.push(XCell::Money(ls.reachable));
        rows.push(row);
    }
    let mut sheets = vec![Sheet {
        name: lang.t("workbook.indicators").to_string(),
        header,
        rows,
        strong,
        names: Vec::new(),
        in_page: true,
    }];
    if !palier_rows.is_empty() {
        sheets.push(Sheet {
            name: paliers_sheet.to_string(),
            header: palier_header,
            rows: palier_rows,
            strong: Vec::new(),
            names: Vec::new(),
            in_page: true,
        });
    }
    sheets
}

fn prorata(days: i64, of: i64) -> Decimal {
    if of == 0 {
        return Decimal::ONE;
    }
    (Decimal::from(days) / Decimal::from(of)).round_dp(6)
}

fn cash_sheet(lang: Lang, year: i32, paid: &[Payment]) -> Sheet {
    let header = vec![
        lang.t("header.date").to_string(),
        lang.t("header.contract_year").to_string(),
        lang.t("header.mission").to_string(),
        lang.t("header.part").to_string(),
        lang.t("header.payment").to_string(),
        lang.t("header.amount").to_string(),
        lang.t("cash.certain").to_string(),
    ];
    const AMOUNT: usize = 5;
    let mut rows: Vec<Vec<XCell>> = paid
        .iter()
        .map(|p| {
            vec![
                XCell::Date(p.date),
                XCell::Int(i64::from(p.contract_year)),
                text(p.label.clone()),
                text(part_word(lang, p.part)),
                text(super::cash::kind_word(lang, p.kind)),
                XCell::Money(p.amount),
                text(lang.t(if p.certain { "word.yes" } else { "word.no" })),
            ]
        })
        .collect();
    let mut strong = Vec::new();
    let total_of_payments = Money::checked_sum(paid.iter().map(|p| p.amount)).unwrap_or_default();
    let last = rows.len() + 1;
    let mut total = vec![text(lang.t("total.row"))];
    total.resize(AMOUNT, XCell::Empty);
    total.push(money_formula(
        if paid.is_empty() {
            "=0".to_string()
        } else {
            format!("=SUM({})", range(AMOUNT, 2, last))
        },
        total_of_payments,
    ));
    strong.push(rows.len());
    rows.push(total);
    // By month: certain, depending on results, and their sum as a formula.
    rows.push(vec![XCell::Empty]);
    strong.push(rows.len());
    rows.push(vec![
        text(lang.fill("workbook.by_month", &[("year", &year.to_string())])),
        text(lang.t("cash.certain")),
        text(lang.t("cash.at_risk")),
        text(lang.t("header.total")),
    ]);
    let months = cash::by_month(paid);
    let first_month_row = rows.len() + 2;
    for m in 1..=12u32 {
        let c = months.get(&(year, m)).copied().unwrap_or_default();
        let r = rows.len() + 2;
        rows.push(vec![
            text(month_people(lang, year, m)),
            XCell::Money(c.certain),
            XCell::Money(c.at_risk),
            money_formula(format!("=B{r}+C{r}"), c.total()),
        ]);
    }
    let last_month_row = rows.len() + 1;
    let all = cash::by_civil_year(paid)
        .get(&year)
        .copied()
        .unwrap_or_default();
    strong.push(rows.len());
    rows.push(vec![
        text(lang.t("total.row")),
        money_formula(
            format!("=SUM({})", range(1, first_month_row, last_month_row)),
            all.certain,
        ),
        money_formula(
            format!("=SUM({})", range(2, first_month_row, last_month_row)),
            all.at_risk,
        ),
        money_formula(
            format!("=SUM({})", range(3, first_month_row, last_month_row)),
            all.total(),
        ),
    ]);
    Sheet {
        name: lang.fill("workbook.cash", &[("year", &year.to_string())]),
        header,
        rows,
        strong,
        names: Vec::new(),
        in_page: true,
    }
}

fn forecast(lang: Lang, years: &[YearEntitlement]) -> Sheet {
    let header = vec![
        lang.t("header.contract_year").to_string(),
        lang.t("header.from").to_string(),
        lang.t("header.to").to_string(),
        lang.t("header.tariff_band").to_string(),
        lang.t("cash.certain").to_string(),
        lang.t("cash.at_risk").to_string(),
        lang.t("header.total").to_string(),
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
            money_formula(format!("=E{r}+F{r}"), s.totals.total),
        ]);
    }
    let last = rows.len() + 1;
    let sum = |f: fn(&YearEntitlement) -> Money| {
        Money::checked_sum(years.iter().map(f)).unwrap_or_default()
    };
    let mut total = vec![text(lang.t("total.row"))];
    total.resize(4, XCell::Empty);
    for (col, value) in [
        (4, sum(|y| y.certain)),
        (5, sum(|y| y.at_risk)),
        (6, sum(|y| y.simulation.totals.total)),
    ] {
        total.push(money_formula(
            format!("=SUM({})", range(col, 2, last.max(2))),
            value,
        ));
    }
    let strong = vec![rows.len()];
    rows.push(total);
    Sheet {
        name: lang.t("workbook.forecast").to_string(),
        header,
        rows,
        strong,
        names: Vec::new(),
        in_page: true,
    }
}

/// Each warning once, with the contract years it concerns; then the assumptions of the cash.
fn warnings(lang: Lang, items: &[super::warnings::ByYears]) -> Sheet {
    let mut rows: Vec<Vec<XCell>> = items
        .iter()
        .map(|w| {
            vec![
                text(super::warnings::years_words(lang, &w.years)),
                text(w.item.message.clone()),
            ]
        })
        .collect();
    rows.push(vec![XCell::Empty]);
    let strong = vec![rows.len()];
    rows.push(vec![text(lang.t("section.assumptions_title"))]);
    rows.extend(
        super::cash::assumptions(lang)
            .into_iter()
            .enumerate()
            .map(|(n, a)| vec![XCell::Int(n as i64 + 1), text(a)]),
    );
    Sheet {
        name: lang.t("workbook.warnings").to_string(),
        header: vec![
            lang.t("workbook.warning_years").to_string(),
            lang.t("workbook.warning").to_string(),
        ],
        rows,
        strong,
        names: Vec::new(),
        in_page: true,
    }
}

/// The table's amounts the budget's formulas read, one row per line, with their evidence and
/// source; then the uplift's threshold and rate.
fn tariff(lang: Lang, i: &Inputs, m: &Model) -> Sheet {
    let (sim, table) = (i.sim, i.table);
    let source = |key: Option<&str>| {
        text(super::format::source_text(lang, table, key.unwrap_or_default()).unwrap_or_default())
    };
    let mut rows: Vec<Vec<XCell>> = m
        .rows
        .iter()
        .map(Row::figures)
        .filter_map(|l| {
            let amount = l.table_amount?;
            Some(vec![
                text(l.label.clone()),
                text(part_word(lang, l.part)),
                XCell::Money(amount),
                text(super::format::evidence_word(
                    lang,
                    l.table_evidence.unwrap_or(l.evidence),
                )),
                source(l.table_source.as_deref().or(l.source.as_deref())),
            ])
        })
        .collect();
    if let (Some(u), Some(_)) = (&table.uplift, tariff_uplift_rows(m)) {
        let evidence = text(super::format::evidence_word(lang, u.evidence));
        rows.push(vec![
            text(lang.t("workbook.tariff.uplift_threshold")),
            text(part_word(lang, Part::Uplift)),
            XCell::Int(count(u.members_above)),
            evidence.clone(),
            source(u.source.as_deref()),
        ]);
        rows.push(vec![
            text(lang.t("workbook.tariff.uplift_rate")),
            text(part_word(lang, Part::Uplift)),
            XCell::Percent(u.rate),
            evidence,
            source(u.source.as_deref()),
        ]);
    }
    Sheet {
        name: lang.t("workbook.tariff.sheet").to_string(),
        header: vec![
            lang.t("header.line").to_string(),
            lang.t("header.part").to_string(),
            lang.fill(
                "workbook.table_amount",
                &[("tariff", &table.id), ("band", &sim.band.id)],
            ),
            lang.t("header.evidence").to_string(),
            lang.t("header.source").to_string(),
        ],
        rows,
        strong: Vec::new(),
        names: Vec::new(),
        in_page: true,
    }
}
