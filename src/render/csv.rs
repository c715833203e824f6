//! CSV, plain (`,` and a decimal point) or for a French spreadsheet (`;`, decimal comma, UTF-8
//! BOM so that accents open right).

use super::{decimal_plain, prorata_plain};
use crate::engine::Simulation;

/// Which CSV dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `,` separators, decimal point.
    Plain,
    /// `;` separators, decimal comma, UTF-8 byte-order mark.
    ExcelFr,
}

impl Dialect {
    /// The dialect of a CSV output format (`None` for the other formats).
    pub fn of(format: super::Format) -> Option<Dialect> {
        match format {
            super::Format::Csv => Some(Dialect::Plain),
            super::Format::CsvExcelFr => Some(Dialect::ExcelFr),
            _ => None,
        }
    }

    /// A decimal number in this dialect.
    pub fn number(self, plain: String) -> String {
        match self {
            Dialect::Plain => plain,
            Dialect::ExcelFr => plain.replace('.', ","),
        }
    }
}

/// Writes rows of cells as CSV in a dialect.
pub fn write(dialect: Dialect, rows: &[Vec<String>]) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(match dialect {
            Dialect::Plain => b',',
            Dialect::ExcelFr => b';',
        })
        .from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    let body = String::from_utf8(bytes).unwrap_or_default();
    match dialect {
        Dialect::Plain => body,
        Dialect::ExcelFr => format!("\u{feff}{body}"),
    }
}

/// The lines of a contract year, then a total row. Warnings go to standard error.
pub fn simulation(sim: &Simulation, dialect: Dialect, explain: bool) -> String {
    let n = |s: String| dialect.number(s);
    let mut rows = vec![
        [
            "mission",
            "label",
            "part",
            "envelope",
            "achievement",
            "prorata",
            "amount",
            "evidence",
            "source",
        ]
        .map(String::from)
        .to_vec(),
    ];
    if explain {
        rows[0].push("formula".to_string());
    }
    for l in &sim.lines {
        rows.push(vec![
            l.mission.clone().unwrap_or_default(),
            l.label.clone(),
            l.part.as_str().to_string(),
            n(l.envelope.plain()),
            l.achievement
                .map(|a| n(decimal_plain(a)))
                .unwrap_or_default(),
            n(prorata_plain(&l.prorata)),
            n(l.amount.plain()),
            l.evidence.as_str().to_string(),
            l.source.clone().unwrap_or_default(),
        ]);
        if explain {
            let formula = super::explain::trace(sim, l).formula;
            rows.last_mut().expect("just pushed").push(formula);
        }
    }
    rows.push(vec![
        String::new(),
        "TOTAL".to_string(),
        "total".to_string(),
        String::new(),
        String::new(),
        String::new(),
        n(sim.totals.total.plain()),
        String::new(),
        String::new(),
    ]);
    if explain {
        rows.last_mut().expect("just pushed").push(String::new());
    }
    write(dialect, &rows)
}
