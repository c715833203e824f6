//! A region's documents (`aci-cpts report DIR|portfolio.csv --output region.xlsx|.html`): the
//! batch's rows as a sheet, a row per CPTS with its inputs and totals; the sums by band,
//! département and région, and the reform's cost, as formulas over that sheet storing the
//! batch's figures; the civil year's cash by month, part, payment kind and contract year; the
//! inputs left out. Format-neutral sheets that `render::xlsx` and `render::html` write as they
//! write a coordinator's.

use super::workbook::{Book, Sheet, XCell, money_formula, range, sheet_name};
use super::{Cell, Column};
use crate::catalog::Lang;
use crate::engine::batch::{Aggregate, RegionCash, Sums};
use crate::model::money::Money;
use crate::report::batch::ErrorJson;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What a region's documents are made of.
pub struct Inputs<'a> {
    /// What was given: folders, portfolios.
    pub given: &'a str,
    /// The batch's columns, and its rows in order.
    pub columns: &'a [Column],
    /// A row per CPTS computed, in the columns' order.
    pub rows: &'a [Vec<Cell<'static>>],
    /// The batch's sums.
    pub aggregate: &'a Aggregate,
    /// The inputs left out.
    pub errors: &'a [ErrorJson],
    /// The civil year of the cash sheet.
    pub year: i32,
    /// The reform's table, when one is costed.
    pub against: Option<&'a str>,
    /// For the page: the CPTS sheet keeps the columns a board reads.
    pub page: bool,
    /// The day the documents are made.
    pub today: NaiveDate,
}

/// The columns of the batch a workbook leaves out: they hold long text (a path, warning codes)
/// and would print the sheet too small to read; the name finds the CPTS.
const BOOK_LEAVES_OUT: &[&str] = &["source", "warnings"];

/// The columns of the CPTS sheet a page shows.
const PAGE_COLUMNS: &[&str] = &[
    "name",
    "band",
    "departement",
    "total",
    "at_risk",
    "difference",
    "reform",
];

/// The region's book: summary, sums by band, département and région, the year's cash, the CPTS,
/// the inputs left out.
pub fn book(lang: Lang, i: &Inputs) -> Book {
    let cpts = CptsSheet::new(lang, i);
    let a = i.aggregate;
    let mut head = vec![lang.fill("region.title", &[("given", i.given)])];
    head.push(lang.fill(
        "region.count_line",
        &[
            ("count", &super::format::integer(a.all.count)),
            ("left_out", &super::format::integer(a.left_out)),
        ],
    ));
    if let Some(b) = i.against {
        head.push(lang.fill("region.reform_line", &[("table", b)]));
    }
    head.push(super::workbook::made(lang, i.today));
    let mut sheets = vec![summary(lang, i, &cpts)];
    sheets.push(sums_sheet(
        lang,
        lang.t("region.by_band"),
        lang.t("header.band"),
        a.by_band.iter().map(|(k, s)| (k.clone(), None, *s)),
        "band",
        &cpts,
        i.against.map(|b| (b, &a.against_by_band)),
    ));
    for (name, column, key, places) in [
        (
            lang.t("region.by_departement"),
            lang.t("header.departement"),
            "departement",
            &a.by_departement,
        ),
        (
            lang.t("region.by_region"),
            lang.t("header.region"),
            "region",
            &a.by_region,
        ),
    ] {
        if places.is_empty() {
            continue;
        }
        sheets.push(sums_sheet(
            lang,
            name,
            column,
            places
                .iter()
                .map(|(code, (place, s))| (code.clone(), Some(place.clone()), *s)),
            key,
            &cpts,
            None,
        ));
    }
    let empty = RegionCash::default();
    sheets.push(cash_sheet(
        lang,
        i.year,
        a.cash.get(&i.year).unwrap_or(&empty),
    ));
    sheets.push(cpts.sheet);
    if !i.errors.is_empty() {
        sheets.push(errors_sheet(lang, i.errors));
    }
    Book { head, sheets }
}

/// The CPTS sheet, and where its columns are for the formulas of the others.
struct CptsSheet {
    sheet: Sheet,
    /// The batch's column keys, in the sheet's order.
    keys: Vec<String>,
    /// The sheet's data rows, first and last as a workbook counts them (from 1).
    first: usize,
    last: usize,
}

impl CptsSheet {
    fn new(lang: Lang, i: &Inputs) -> CptsSheet {
        let shown: Vec<usize> = (0..i.columns.len())
            .filter(|c| {
                let key = i.columns[*c].key.as_ref();
                match i.page {
                    true => PAGE_COLUMNS.contains(&key),
                    false => !BOOK_LEAVES_OUT.contains(&key),
                }
            })
            .collect();
        let keys: Vec<String> = shown
            .iter()
            .map(|c| i.columns[*c].key.to_string())
            .collect();
        let (first, last) = (2, (i.rows.len() + 1).max(2));
        let mut rows: Vec<Vec<XCell>> = i
            .rows
            .iter()
            .map(|row| {
                shown
                    .iter()
                    .map(|c| row.get(*c).map_or(XCell::Empty, |x| cell(lang, x)))
                    .collect()
            })
            .collect();
        let name = lang.t("region.cpts").to_string();
        let total = total_row(lang.t("region.total"), &rows, first, false);
        let strong = vec![rows.len()];
        rows.push(total);
        CptsSheet {
            sheet: Sheet {
                name,
                header: shown.iter().map(|c| i.columns[*c].title.clone()).collect(),
                rows,
                strong,
                names: Vec::new(),
                in_page: true,
            },
            keys,
            first,
            last,
        }
    }

    /// A column's data rows, from another sheet: `'CPTS'!$O$2:$O$33`.
    fn range(&self, key: &str) -> Option<String> {
        let c = self.keys.iter().position(|k| k == key)?;
        Some(format!(
            "'{}'!{}",
            sheet_name(&self.sheet.name).replace('\'', "''"),
            range(c, self.first, self.last)
        ))
    }
}

/// The total row under a block of rows whose first is sheet row `first`: each column of euros
/// summed (and each of whole numbers, with `counts`), as a `SUM` of the column storing the sum.
fn total_row(label: &str, block: &[Vec<XCell>], first: usize, counts: bool) -> Vec<XCell> {
    let width = block.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let last = first + block.len().saturating_sub(1);
    let mut total = vec![XCell::Empty; width];
    total[0] = XCell::Text(label.to_string());
    for (c, slot) in total.iter_mut().enumerate().skip(1) {
        let shown = || {
            block
                .iter()
                .filter_map(|r| r.get(c).map(XCell::shown))
                .filter(|x| **x != XCell::Empty)
        };
        let formula = format!("=SUM({})", range(c, first, last));
        if let Some(sum) = shown()
            .map(|x| match x {
                XCell::Money(m) => Some(*m),
                _ => None,
            })
            .collect::<Option<Vec<Money>>>()
            .filter(|v| !v.is_empty())
        {
            *slot = money_formula(formula, Money::checked_sum(sum).unwrap_or(Money::ZERO));
        } else if counts
            && let Some(sum) = shown()
                .map(|x| match x {
                    XCell::Int(n) => u64::try_from(*n).ok(),
                    _ => None,
                })
                .collect::<Option<Vec<u64>>>()
                .filter(|v| !v.is_empty())
        {
            *slot = int_formula(formula, sum.iter().sum());
        }
    }
    total
}

/// A batch's cell in a sheet: euros as euros, counts as numbers, words as words.
fn cell(lang: Lang, c: &Cell<'static>) -> XCell {
    match c {
        Cell::Empty | Cell::MaybeMoney(None) => XCell::Empty,
        Cell::Money(m) | Cell::SignedMoney(m) | Cell::MaybeMoney(Some(m)) => XCell::Money(*m),
        Cell::Count(n) => XCell::Int(i64::try_from(*n).unwrap_or(i64::MAX)),
        Cell::Int(n) => XCell::Int(*n),
        Cell::Text(s) => XCell::Text(s.to_string()),
        Cell::Coded { word, .. } => XCell::Text(word.to_string()),
        Cell::Number(d) => XCell::Number(*d),
        Cell::Fraction(d) => XCell::Percent(*d),
        Cell::Date(d) => XCell::Date(*d),
        Cell::Bool(b) => XCell::YesNo(*b),
        other => XCell::Text(super::format::people(lang, other)),
    }
}

fn int_formula(formula: String, value: u64) -> XCell {
    XCell::Formula {
        formula,
        value: Box::new(XCell::Int(i64::try_from(value).unwrap_or(i64::MAX))),
    }
}

/// A text as a formula's literal: `"non concerné"`.
fn literal(s: &str) -> String {
    // `\u{22}` is the double quote, doubled inside the literal.
    let q = '\u{22}';
    format!("{q}{}{q}", s.replace(q, &format!("{q}{q}")))
}

/// The summary: how many CPTS, what is due, what depends on results, the reform's cost and the
/// year's cash, each a formula over the CPTS sheet.
fn summary(lang: Lang, i: &Inputs, cpts: &CptsSheet) -> Sheet {
    let a = i.aggregate;
    let mut rows: Vec<Vec<XCell>> = Vec::new();
    let sum = |key: &str, value: Money| -> XCell {
        match cpts.range(key) {
            Some(r) => money_formula(format!("=SUM({r})"), value),
            None => XCell::Money(value),
        }
    };
    let label = |key: &str| XCell::Text(lang.t(key).to_string());
    rows.push(vec![
        label("region.cpts_count"),
        match cpts.range("name") {
            Some(r) => int_formula(format!("=COUNTA({r})"), a.all.count),
            None => XCell::Int(i64::try_from(a.all.count).unwrap_or(i64::MAX)),
        },
    ]);
    rows.push(vec![
        label("region.left_out"),
        XCell::Int(i64::try_from(a.left_out).unwrap_or(i64::MAX)),
    ]);
    rows.push(vec![
        label("region.total"),
        sum("total", a.all.totals.total),
    ]);
    rows.push(vec![label("region.at_risk"), sum("at_risk", a.all.at_risk)]);
    let share = match a.all.totals.total.value() {
        d if d.is_zero() => Decimal::ZERO,
        d => (a.all.at_risk.value() / d).round_dp(4),
    };
    rows.push(vec![
        label("region.share_at_risk"),
        XCell::Formula {
            formula: "=IF(B4=0,0,ROUND(B5/B4,4))".into(),
            value: Box::new(XCell::Percent(share)),
        },
    ]);
    let cash_key = format!("cash_{}", i.year);
    let cash = a.cash.get(&i.year).map_or(Money::ZERO, |c| c.total.total());
    rows.push(vec![
        XCell::Text(lang.fill("region.cash_total", &[("year", &i.year.to_string())])),
        sum(&cash_key, cash),
    ]);
    if let (Some(table), Some(b)) = (i.against, a.against) {
        rows.push(vec![
            XCell::Text(lang.fill("region.against_total", &[("table", table)])),
            sum("against_total", b.totals.total),
        ]);
        let difference = b
            .totals
            .total
            .checked_sub(a.all.totals.total)
            .unwrap_or(Money::ZERO);
        rows.push(vec![
            label("region.difference"),
            sum("difference", difference),
        ]);
        let word = lang.t("batch.not_concerned");
        rows.push(vec![
            label("region.not_concerned"),
            match cpts.range("reform") {
                Some(r) => int_formula(format!("=COUNTIF({r},{})", literal(word)), a.not_concerned),
                None => XCell::Int(i64::try_from(a.not_concerned).unwrap_or(i64::MAX)),
            },
        ]);
    }
    Sheet {
        name: lang.t("region.summary").to_string(),
        header: vec![lang.t("region.what").into(), lang.t("region.value").into()],
        rows,
        strong: vec![2],
        names: Vec::new(),
        in_page: true,
    }
}

/// Sums of the CPTS by a column of the CPTS sheet (band, département, région): how many, what
/// is due, what depends on results — `COUNTIF` and `SUMIF` over the CPTS sheet storing the
/// batch's sums — and, for a reform, the total under the second table and the difference.
fn sums_sheet(
    lang: Lang,
    name: &str,
    column: &str,
    groups: impl Iterator<Item = (String, Option<String>, Sums)>,
    key: &str,
    cpts: &CptsSheet,
    against: Option<(&str, &std::collections::BTreeMap<String, Sums>)>,
) -> Sheet {
    let named = matches!(key, "departement" | "region");
    let mut header = vec![column.to_string()];
    if named {
        header.push(lang.t("header.name").to_string());
    }
    header.extend([
        lang.t("batch.count").to_string(),
        lang.t("header.total").to_string(),
        lang.t("cash.at_risk").to_string(),
    ]);
    if let Some((table, _)) = against {
        header.push(lang.fill("region.against_total", &[("table", table)]));
        header.push(lang.t("header.difference").to_string());
    }
    let criteria = cpts.range(key);
    let mut rows: Vec<Vec<XCell>> = Vec::new();
    for (n, (code, place, s)) in groups.enumerate() {
        let r = n + 2;
        let by = |sum_key: &str, value: Money| match (&criteria, cpts.range(sum_key)) {
            (Some(c), Some(v)) => money_formula(format!("=SUMIF({c},$A{r},{v})"), value),
            _ => XCell::Money(value),
        };
        let mut row = vec![XCell::Text(code.clone())];
        if named {
            row.push(XCell::Text(place.unwrap_or_default()));
        }
        row.push(match &criteria {
            Some(c) => int_formula(format!("=COUNTIF({c},$A{r})"), s.count),
            None => XCell::Int(i64::try_from(s.count).unwrap_or(i64::MAX)),
        });
        row.push(by("total", s.totals.total));
        row.push(by("at_risk", s.at_risk));
        if let Some((_, b)) = against {
            let b = b.get(&code).map_or(s.totals.total, |b| b.totals.total);
            row.push(by("against_total", b));
            row.push(by(
                "difference",
                b.checked_sub(s.totals.total).unwrap_or(Money::ZERO),
            ));
        }
        rows.push(row);
    }
    let total = total_row(lang.t("region.total"), &rows, 2, true);
    let strong = vec![rows.len()];
    rows.push(total);
    Sheet {
        name: name.to_string(),
        header,
        rows,
        strong,
        names: Vec::new(),
        in_page: true,
    }
}

/// The civil year's cash, cut four ways, each cut a block with its total.
fn cash_sheet(lang: Lang, year: i32, plan: &RegionCash) -> Sheet {
    let mut rows: Vec<Vec<XCell>> = Vec::new();
    let mut strong = Vec::new();
    let header = vec![
        String::new(),
        lang.t("cash.certain").to_string(),
        lang.t("cash.at_risk").to_string(),
        lang.t("header.total").to_string(),
    ];
    for (n, (caption, _, cut)) in super::batch::cash_cuts(lang, year, plan)
        .into_iter()
        .enumerate()
    {
        if n > 0 {
            rows.push(vec![XCell::Empty; 4]);
            // A block of its own: its header, bold, as the page takes it.
            strong.push(rows.len());
            let mut words = header.clone();
            words[0] = caption.clone();
            rows.push(words.into_iter().map(XCell::Text).collect());
        }
        let first = rows.len() + 2;
        for (label, c) in &cut {
            let r = rows.len() + 2;
            rows.push(vec![
                XCell::Text(label.clone()),
                XCell::Money(c.certain),
                XCell::Money(c.at_risk),
                money_formula(format!("=B{r}+C{r}"), c.total()),
            ]);
        }
        let block = &rows[first - 2..];
        let total = total_row(lang.t("region.sum"), block, first, false);
        strong.push(rows.len());
        rows.push(total);
    }
    let mut header = header;
    header[0] = lang.fill("batch.cash_by_month", &[("year", &year.to_string())]);
    Sheet {
        name: lang.fill("workbook.cash", &[("year", &year.to_string())]),
        header,
        rows,
        strong,
        names: Vec::new(),
        in_page: true,
    }
}

/// The inputs left out, with why.
fn errors_sheet(lang: Lang, errors: &[ErrorJson]) -> Sheet {
    Sheet {
        name: lang.t("region.errors").to_string(),
        header: vec![lang.t("header.source").into(), lang.t("region.why").into()],
        rows: errors
            .iter()
            .map(|e| {
                vec![
                    XCell::Text(e.source.clone()),
                    XCell::Text(e.message.clone()),
                ]
            })
            .collect(),
        strong: Vec::new(),
        names: Vec::new(),
        in_page: true,
    }
}
