//! A workbook through `rust_xlsxwriter`: money as numbers with a euro format, dates as dates,
//! fractions as percentages, totals as formulas with the tool's value stored, the header row
//! bold and frozen, columns sized to their content.

use crate::report::workbook::{Book, XCell};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError};

/// The workbook as the bytes of an `.xlsx` file.
pub fn render(book: &Book) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_text_wrap();
    let euro = Format::new().set_num_format("#,##0.00\\ \"€\"");
    let euro_bold = euro.clone().set_bold();
    let percent = Format::new().set_num_format("0.##%");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();
    for sheet in &book.sheets {
        let ws = workbook.add_worksheet();
        // Excel allows 31 characters and no `[]:*?/\` in a sheet's name.
        let name: String = sheet
            .name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        ws.set_name(name)?;
        for (col, title) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(0, col_num(col), title, &header)?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (i, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let strong = sheet.strong.contains(&i);
            for (col, cell) in row.iter().enumerate() {
                let c = col_num(col);
                match cell {
                    XCell::Empty => {}
                    XCell::Text(s) if strong => {
                        ws.write_string_with_format(r, c, s, &bold)?;
                    }
                    XCell::Text(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    XCell::Money(m) => {
                        let f = if strong { &euro_bold } else { &euro };
                        ws.write_number_with_format(r, c, number(m.value()), f)?;
                    }
                    XCell::Percent(p) => {
                        ws.write_number_with_format(r, c, number(*p), &percent)?;
                    }
                    XCell::Int(n) => {
                        ws.write_number(r, c, *n as f64)?;
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
        ws.autofit();
    }
    workbook.save_to_buffer()
}

fn col_num(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

fn number(d: rust_decimal::Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}
