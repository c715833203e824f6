//! CSV through the `csv` crate: plain (`,` and a decimal point) or for a French spreadsheet (`;`,
//! decimal comma, UTF-8 BOM so that accents open right, and text that a spreadsheet would take
//! for a formula neutralised). A CSV is the one table of a document that programs read; its
//! warnings go to standard error.

use crate::report::format::{is_text, write_programs};
use crate::report::{Audience, Block, Body, Cell, Column, Stream};
use std::io::{self, Write};

/// Where the writer is: a `csv` writer that owns the output.
pub struct State<W: Write> {
    excel: bool,
    csv: ::csv::Writer<W>,
    stream_columns: Option<Vec<Audience>>,
    fields: Vec<String>,
}

/// What starts a formula in a spreadsheet: a text cell starting so gets a leading apostrophe.
const FORMULA: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV error as the I/O error it is (a closed pipe stays a closed pipe).
fn io_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl<W: Write> State<W> {
    /// Writes the byte-order mark, then the header of a stream.
    pub fn begin(mut out: W, excel: bool, stream: Option<&Stream>) -> io::Result<State<W>> {
        if excel {
            write!(out, "\u{feff}")?;
        }
        let csv = ::csv::WriterBuilder::new()
            .delimiter(if excel { b';' } else { b',' })
            .from_writer(out);
        let mut state = State {
            excel,
            csv,
            stream_columns: None,
            fields: Vec::new(),
        };
        if let Some(s) = stream {
            state.header(&s.columns)?;
            state.stream_columns = Some(s.columns.iter().map(|c| c.audience).collect());
        }
        Ok(state)
    }

    /// The column keys for programs; a spreadsheet's people read the columns' labels.
    fn header(&mut self, columns: &[Column]) -> io::Result<()> {
        let excel = self.excel;
        let mut seen = std::collections::HashSet::new();
        let keys: Vec<String> = columns
            .iter()
            .filter(|c| c.audience.programs())
            .map(|c| match excel {
                false => c.key.to_string(),
                // Two columns of one title are told apart by their keys.
                true if seen.insert(c.title.to_string()) => c.title.to_string(),
                true => format!("{} ({})", c.title, c.key),
            })
            .collect();
        self.csv.write_record(&keys).map_err(io_error)
    }

    fn cells(&mut self, audiences: &[Audience], cells: &[Cell<'_>]) -> io::Result<()> {
        let excel = self.excel;
        let mut n = 0;
        for c in super::visible(audiences.iter().copied(), cells, false) {
            if self.fields.len() == n {
                self.fields.push(String::new());
            }
            let field = &mut self.fields[n];
            field.clear();
            write_programs(field, c, excel);
            if excel && is_text(c) && field.starts_with(FORMULA) {
                field.insert(0, '\'');
            }
            n += 1;
        }
        self.csv.write_record(&self.fields[..n]).map_err(io_error)
    }

    /// One row of the stream.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        if let Some(cols) = self.stream_columns.take() {
            let done = self.cells(&cols, cells);
            self.stream_columns = Some(cols);
            done?;
        }
        Ok(())
    }

    /// Without a stream, writes the document's table for programs; returns the output.
    pub fn finish(mut self, body: &Body) -> io::Result<W> {
        if self.stream_columns.is_none() {
            self.table(body)?;
        }
        self.csv
            .into_inner()
            .map_err(|e| io::Error::new(e.error().kind(), e.error().to_string()))
    }

    fn table(&mut self, body: &Body) -> io::Result<()> {
        let table = body.blocks.iter().find_map(|b| match b {
            Block::Table(t) if t.audience.programs() => Some(t),
            _ => None,
        });
        if let Some(table) = table {
            self.header(&table.columns)?;
            let audiences: Vec<Audience> = table.columns.iter().map(|c| c.audience).collect();
            for r in table.rows.iter().filter(|r| r.audience.programs()) {
                self.cells(&audiences, &r.cells)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use crate::model::money::Money;
    use crate::render::{Format, to_string};
    use crate::report::{Block, Body, Cell, Column, Document, Table};
    use rust_decimal::Decimal;

    fn doc() -> Document {
        let mut table = Table::new(vec![
            Column::new("name", "name"),
            Column::new("amount", "amount"),
        ]);
        for name in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "CPTS du Val",
        ] {
            table.row(vec![
                Cell::text(name),
                Cell::Money(Money::new(Decimal::new(-150050, 2))),
            ]);
        }
        Document {
            schema_version: 1,
            body: Body {
                blocks: vec![Block::Table(table)],
                ..Body::default()
            },
            ..Document::default()
        }
    }

    #[test]
    fn text_that_would_start_a_formula_is_inert_in_a_french_spreadsheet() {
        let fr = to_string(Format::CsvExcelFr, &doc());
        assert_eq!(
            fr,
            "\u{feff}name;amount\n\"'=HYPERLINK(\"\"http://x\"\")\";-1500,50\n'+1;-1500,50\n'-2;-1500,50\n'@SUM(A1);-1500,50\nCPTS du Val;-1500,50\n"
        );
    }

    #[test]
    fn plain_csv_is_written_as_is_and_quoted_by_the_csv_crate() {
        let plain = to_string(Format::Csv, &doc());
        assert!(
            plain.starts_with(
                "name,amount\n\"=HYPERLINK(\"\"http://x\"\")\",-1500.50\n+1,-1500.50\n"
            ),
            "{plain}"
        );
    }
}
