//! A workbook through `rust_xlsxwriter`: money as numbers with a euro format, dates as dates,
//! fractions as percentages, totals as formulas with the tool's value stored, the header row
//! bold, frozen and repeated on every printed page, columns sized to the text a reader sees (the
//! one formatter's), long text wrapped; printed landscape on A4, one page wide.

use crate::report::format::{date, money, percent};
use crate::report::workbook::{Book, Sheet, XCell};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, Formula, Workbook, XlsxError};

/// The workbook as the bytes of an `.xlsx` file.
pub fn render(book: &Book) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_text_wrap();
    let euro = Format::new()
        .set_align(FormatAlign::Top)
        .set_num_format("#,##0.00\\ \"€\"");
    let euro_bold = euro.clone().set_bold();
    let percent = Format::new()
        .set_align(FormatAlign::Top)
        .set_num_format("0.##%");
    let date = Format::new()
        .set_align(FormatAlign::Top)
        .set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();
    // Text and counts sit at the top of a row made tall by wrapped text.
    let at_top = Format::new().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    // Defined names, set once every sheet exists: (name, `='Budget'!$H$15`).
    let mut named: Vec<(&str, String)> = Vec::new();
    for sheet in &book.sheets {
        let ws = workbook.add_worksheet();
        // Excel allows 31 characters and no `[]:*?/\` in a sheet's name.
        let name: String = sheet
            .name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        ws.set_name(&name)?;
        // A sheet without a header (who and when) starts on the first row.
        let top = usize::from(!sheet.header.is_empty());
        for (defined, row, col) in &sheet.names {
            named.push((
                *defined,
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
        let widths = widths(sheet);
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
                match cell {
                    XCell::Empty => {}
                    XCell::Text(s) if strong => {
                        ws.write_string_with_format(r, c, s, &bold)?;
                    }
                    XCell::Text(s) if s.chars().count() > widths.get(col).copied().unwrap_or(0) => {
                        ws.write_string_with_format(r, c, s, &wrap)?;
                    }
                    XCell::Text(s) => {
                        ws.write_string_with_format(r, c, s, &at_top)?;
                    }
                    XCell::Money(m) => {
                        let f = if strong { &euro_bold } else { &euro };
                        ws.write_number_with_format(r, c, number(m.value()), f)?;
                    }
                    XCell::Percent(p) => {
                        ws.write_number_with_format(r, c, number(*p), &percent)?;
                    }
                    XCell::Int(n) => {
                        ws.write_number_with_format(r, c, *n as f64, &at_top)?;
                    }
                    XCell::Date(d) => {
                        ws.write_date_with_format(r, c, d, &date)?;
                    }
                    XCell::Formula { formula, value } => {
                        let f = if strong { &euro_bold } else { &euro };
                        let formula = Formula::new(formula).set_result(value.value().to_string());
                        ws.write_formula_with_format(r, c, formula, f)?;
                    }
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
fn widths(sheet: &Sheet) -> Vec<usize> {
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
            let shown = match cell {
                XCell::Empty => 0,
                XCell::Text(s) => s.chars().count(),
                XCell::Money(m) | XCell::Formula { value: m, .. } => money(*m).chars().count(),
                XCell::Percent(p) => percent(*p).chars().count(),
                XCell::Int(n) => n.to_string().len(),
                XCell::Date(d) => date(*d).chars().count(),
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
