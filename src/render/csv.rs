//! CSV through the `csv` crate: plain (`,` and a decimal point) or for a French spreadsheet (`;`,
//! decimal comma, UTF-8 BOM so that accents open right, and text that a spreadsheet would take
//! for a formula neutralised). A CSV is the one table of a document that programs read; its
//! warnings go to standard error.

use crate::report::format::{is_text, programs};
use crate::report::{Audience, Block, Body, Cell, Column, Stream};
use std::io::{self, Write};

/// Where the writer is.
pub struct State {
    excel: bool,
    stream_columns: Option<Vec<Audience>>,
}

/// A text cell a spreadsheet would read as a formula, made inert with a leading apostrophe.
pub fn neutralise(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

impl State {
    /// Writes the byte-order mark, then the header of a stream.
    pub fn begin(out: &mut impl Write, excel: bool, stream: Option<&Stream>) -> io::Result<State> {
        let mut state = State {
            excel,
            stream_columns: None,
        };
        if excel {
            write!(out, "\u{feff}")?;
        }
        if let Some(s) = stream {
            state.header(out, &s.columns)?;
            state.stream_columns = Some(s.columns.iter().map(|c| c.audience).collect());
        }
        Ok(state)
    }

    fn record(
        &mut self,
        out: &mut impl Write,
        fields: impl Iterator<Item = String>,
    ) -> io::Result<()> {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(if self.excel { b';' } else { b',' })
            .buffer_capacity(1024)
            .from_writer(&mut *out);
        w.write_record(fields.collect::<Vec<_>>())?;
        w.flush()
    }

    fn header(&mut self, out: &mut impl Write, columns: &[Column]) -> io::Result<()> {
        let keys: Vec<String> = columns
            .iter()
            .filter(|c| c.audience.programs())
            .map(|c| c.key.to_string())
            .collect();
        self.record(out, keys.into_iter())
    }

    fn cells(
        &mut self,
        out: &mut impl Write,
        audiences: &[Audience],
        cells: &[Cell<'_>],
    ) -> io::Result<()> {
        let excel = self.excel;
        let fields: Vec<String> = super::visible(audiences.iter().copied(), cells, false)
            .map(|c| {
                let s = programs(c, excel);
                if excel && is_text(c) {
                    neutralise(s)
                } else {
                    s
                }
            })
            .collect();
        self.record(out, fields.into_iter())
    }

    /// One row of the stream.
    pub fn row(&mut self, out: &mut impl Write, cells: &[Cell<'_>]) -> io::Result<()> {
        if let Some(cols) = self.stream_columns.clone() {
            self.cells(out, &cols, cells)?;
        }
        Ok(())
    }

    /// Without a stream, writes the document's table for programs.
    pub fn finish(&mut self, out: &mut impl Write, body: &Body) -> io::Result<()> {
        if self.stream_columns.is_some() {
            return Ok(());
        }
        let table = body.blocks.iter().find_map(|b| match b {
            Block::Table(t) if t.audience.programs() => Some(t),
            _ => None,
        });
        if let Some(table) = table {
            self.header(out, &table.columns)?;
            let audiences: Vec<Audience> = table.columns.iter().map(|c| c.audience).collect();
            for r in table.rows.iter().filter(|r| r.audience.programs()) {
                self.cells(out, &audiences, &r.cells)?;
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
