//! A workbook through `rust_xlsxwriter`: money as numbers with a euro format, dates as dates,
//! fractions as percentages, totals as formulas with the tool's value stored, the header row
//! bold, frozen and repeated on every printed page, columns sized to the text a reader sees (the
//! one formatter's), long text wrapped; printed landscape on A4, one page wide.

use crate::catalog::Lang;
use crate::report::format::{date, measure, money, percent};
use crate::report::workbook::{Book, InputRule, Sheet, XCell, sheet_name};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, Formula, Workbook, XlsxError,
};

/// The workbook as the bytes of an `.xlsx` file.
pub fn render(lang: Lang, book: &Book) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_text_wrap();
    let euro = Format::new()
        .set_align(FormatAlign::Top)
        .set_num_format("#,##0.00\\ \"€\"");
    let date = Format::new()
        .set_align(FormatAlign::Top)
        .set_num_format("dd/mm/yyyy");
    // Yes and no are 1 and 0, shown as the reader's words.
    let yes_no = Format::new()
        .set_align(FormatAlign::Top)
        .set_num_format(format!(
            "\"{yes}\";\"{yes}\";\"{no}\"",
            yes = lang.t("word.yes"),
            no = lang.t("word.no")
        ));
    // Text and counts sit at the top of a row made tall by wrapped text.
    let at_top = Format::new().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    // Defined names, set once every sheet exists: (name, `='Budget'!$H$15`).
    let mut named: Vec<(&str, String)> = Vec::new();
    for sheet in &book.sheets {
        let ws = workbook.add_worksheet();
        // Excel allows 31 characters and no `[]:*?/\` in a sheet's name.
        let name = sheet_name(&sheet.name);
        ws.set_name(&name)?;
        // A sheet without a header (who and when) starts on the first row.
        let top = usize::from(!sheet.header.is_empty());
        for (defined, row, col) in &sheet.names {
            named.push((
                defined.as_str(),
                format!(
                    "='{}'!${}${}",
                    name.replace('\'', "''"),
                    crate::report::workbook::letter(*col),
                    row + top + 1
                ),
            ));
        }
        for (col, title) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(0, col_num(col), title, &header)?;
        }
        if top == 1 {
            ws.set_freeze_panes(1, 0)?;
            ws.set_repeat_rows(0, 0)?;
        }
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        let widths = widths(lang, sheet);
        for (col, w) in widths.iter().enumerate() {
            ws.set_column_width(col_num(col), *w as f64 + 3.0)?;
        }
        for (i, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(i + top).unwrap_or(u32::MAX);
            let strong = sheet.strong.contains(&i);
            // A row of wrapped text is as tall as its longest cell's lines (readers do not
            // all fit rows to their text).
            let lines = row
                .iter()
                .zip(&widths)
                .filter_map(|(cell, w)| match cell {
                    // A column of `w` zeros holds about 1.2 w letters of prose.
                    XCell::Text(s) if !strong => {
                        Some((s.chars().count() * 5).div_ceil((*w).max(1) * 6))
                    }
                    _ => None,
                })
                .max()
                .unwrap_or(1);
            if lines > 1 {
                ws.set_row_height(r, 15.0 * lines as f64)?;
            }
            for (col, cell) in row.iter().enumerate() {
                let c = col_num(col);
                let shown = cell.shown();
                let wraps = matches!(shown, XCell::Text(s)
                    if !strong && s.chars().count() > widths.get(col).copied().unwrap_or(0));
                let mut format = match shown {
                    XCell::Money(_) => euro.clone(),
                    XCell::Percent(p) => at_top.clone().set_num_format(shown_decimals(*p, true)),
                    XCell::Number(n) => at_top.clone().set_num_format(shown_decimals(*n, false)),
                    XCell::Date(_) => date.clone(),
                    XCell::YesNo(_) => yes_no.clone(),
                    XCell::Text(_) if wraps => wrap.clone(),
                    _ => at_top.clone(),
                };
                if strong {
                    format = format.set_bold();
                }
                if let XCell::Input { rule, .. } = cell {
                    format = format.set_background_color(INPUT_FILL).set_unlocked();
                    ws.add_data_validation(r, c, r, c, &validation(lang, *rule)?)?;
                }
                match cell {
                    XCell::Empty => {}
                    XCell::Formula { formula, value } => {
                        let formula = Formula::new(formula).set_result(result(value.shown()));
                        ws.write_formula_with_format(r, c, formula, &format)?;
                    }
                    _ => match shown {
                        XCell::Text(s) => {
                            ws.write_string_with_format(r, c, s, &format)?;
                        }
                        XCell::Date(d) => {
                            ws.write_date_with_format(r, c, d, &format)?;
                        }
                        XCell::Empty => {}
                        value => {
                            ws.write_number_with_format(r, c, figure(value), &format)?;
                        }
                    },
                }
            }
        }
    }
    for (name, cell) in named {
        workbook.define_name(name, &cell)?;
    }
    workbook.save_to_buffer()
}

/// The widest text a column shows, in characters, as the formatter writes it (what a reader
/// sees, not the stored number): at least its header's longest word, at most [`WIDEST`] (longer
/// text wraps).
fn widths(lang: Lang, sheet: &Sheet) -> Vec<usize> {
    let columns = sheet
        .rows
        .iter()
        .map(Vec::len)
        .chain([sheet.header.len()])
        .max()
        .unwrap_or(0);
    let mut widths = vec![0; columns];
    for (col, title) in sheet.header.iter().enumerate() {
        widths[col] = title
            .split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
    }
    for (i, row) in sheet.rows.iter().enumerate() {
        let strong = sheet.strong.contains(&i);
        for (col, cell) in row.iter().enumerate() {
            let shown = match cell.shown() {
                XCell::Text(s) => s.chars().count(),
                XCell::Money(m) => money(*m).chars().count(),
                XCell::Percent(p) => percent(*p).chars().count(),
                XCell::Int(n) => n.to_string().len(),
                XCell::Number(n) => measure(*n, false).chars().count(),
                XCell::YesNo(b) => lang
                    .t(if *b { "word.yes" } else { "word.no" })
                    .chars()
                    .count(),
                XCell::Date(d) => date(lang, *d).chars().count(),
                _ => 0,
            };
            // Bold figures are wider.
            let shown = shown + usize::from(strong && shown > 0);
            widths[col] = widths[col].max(shown.min(WIDEST));
        }
    }
    widths
}

/// The widest column, in characters; longer text wraps.
const WIDEST: usize = 60;

fn col_num(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

fn number(d: rust_decimal::Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The number format that shows `v` with its own decimals and no more (`0.##%` would show
/// `75.%` in Excel): `#,##0` for 67 950, `0.0%` for 72,9 %.
fn shown_decimals(v: rust_decimal::Decimal, percent: bool) -> String {
    // A percentage shows at most two decimals (a prorata is 61,37 %), a number six.
    let (shown, most) = if percent {
        (
            v.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
                .unwrap_or(v),
            2,
        )
    } else {
        (v, 6)
    };
    let decimals = shown.round_dp(most).normalize().scale() as usize;
    let mut format = String::from(if percent { "0" } else { "#,##0" });
    if decimals > 0 {
        format.push('.');
        format.push_str(&"0".repeat(decimals));
    }
    if percent {
        format.push('%');
    }
    format
}

/// A cell's value as a workbook stores a number.
fn figure(cell: &XCell) -> f64 {
    match cell {
        XCell::Money(m) => number(m.value()),
        XCell::Percent(d) | XCell::Number(d) => number(*d),
        XCell::Int(n) => *n as f64,
        XCell::YesNo(b) => f64::from(u8::from(*b)),
        _ => 0.0,
    }
}

/// A formula's stored result, as the workbook's XML writes it.
fn result(cell: &XCell) -> String {
    match cell {
        XCell::Money(m) => m.value().to_string(),
        XCell::Percent(d) | XCell::Number(d) => d.normalize().to_string(),
        XCell::Int(n) => n.to_string(),
        XCell::YesNo(b) => u8::from(*b).to_string(),
        XCell::Text(s) => s.clone(),
        _ => String::new(),
    }
}

/// The fill of the cells a coordinator may change.
const INPUT_FILL: u32 = 0xFFF2CC;

/// What an input cell accepts, checked as it is typed, with the reader's words.
fn validation(lang: Lang, rule: InputRule) -> Result<DataValidation, XlsxError> {
    let (check, key) = match rule {
        InputRule::Count => (
            DataValidation::new().allow_whole_number(DataValidationRule::Between(0, i32::MAX)),
            "count",
        ),
        InputRule::Fraction => (
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 1.0)),
            "fraction",
        ),
        InputRule::YesNo => (
            DataValidation::new().allow_whole_number(DataValidationRule::Between(0, 1)),
            "yes_no",
        ),
        InputRule::Number => (
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(-1e15, 1e15)),
            "number",
        ),
    };
    let message = lang.t_of("workbook.inputs.rule", key);
    check
        .set_input_message(message)?
        .set_error_title(lang.t("workbook.inputs.rule.error_title"))?
        .set_error_message(message)
}
