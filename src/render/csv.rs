//! CSV by the `csv` crate's rules (its core quotes the fields): plain (`,` and a decimal point) or for a French spreadsheet (`;`,
//! decimal comma, UTF-8 BOM so that accents open right, and text that a spreadsheet would take
//! for a formula neutralised). A CSV is the one table of a document that programs read; its
//! warnings go to standard error.

use crate::catalog::Lang;
use crate::model::money::exact_key;
use crate::report::format::{is_text, write_number_plain, write_programs};
use crate::report::{Audience, Block, Body, Cell, Column, Stream};
use std::io::{self, Write};

/// Where the writer is: the output, the `csv` crate's encoder (`csv_core`: which field needs
/// quotes, and how to quote it) and the rows written so far, in a buffer.
pub struct State<W: Write> {
    excel: bool,
    out: W,
    core: ::csv_core::Writer,
    /// What is written, from the last row on (what is before `sent` is in the output already).
    buf: String,
    /// How much of `buf` is in the output already.
    sent: usize,
    /// A stream's columns that programs read, by their place in a row.
    stream_columns: Option<Vec<usize>>,
    /// The last row's fields (the vector keeps those of longer rows before it).
    fields: Vec<Field>,
    /// How many fields the last row had: the others are not the row above's.
    written: usize,
    /// Where the last row is in `buf`, without its line end.
    last: (usize, usize),
    /// A quoted field, before it is written.
    quoted: Vec<u8>,
}

/// One column's field in the last row: what its text was written from, and where it is in that
/// row. A stream's rows often repeat the row before (a sweep within a band): a field equal to
/// the one above is neither written nor encoded again, and a run of them is copied at once.
#[derive(Default)]
struct Field {
    key: Key,
    /// The text a text cell was written from (before any apostrophe).
    source: String,
    /// How many bytes it is in the last row, its delimiter first (but for the first field).
    len: usize,
}

/// What a field's text is written from, when that can be told equal cheaply (an amount or a
/// number by its exact representation, mantissa and scale, so that equal keys mean equal text).
#[derive(Default, PartialEq, Eq, Clone, Copy)]
enum Key {
    /// Not kept: always written again.
    #[default]
    Other,
    /// Nothing.
    Empty,
    /// No amount.
    NoAmount,
    /// An amount.
    Amount(u128),
    /// A number as given.
    Number(u128),
    /// A fraction.
    Fraction(u128),
    /// A whole number.
    Int(i64),
    /// A count.
    Count(u64),
    /// The text in the field's `source`.
    Text,
}

/// Whether a cell is a number (an amount, a fraction, a count…), whose text CSV never quotes.
fn is_number(cell: &Cell<'_>) -> bool {
    matches!(
        cell,
        Cell::Money(_)
            | Cell::SignedMoney(_)
            | Cell::MaybeMoney(Some(_))
            | Cell::Number(_)
            | Cell::Fraction(_)
            | Cell::Int(_)
            | Cell::Count(_)
    )
}

impl Key {
    /// The key of a cell, and the text it is written from when it is text.
    fn of<'c>(cell: &'c Cell<'_>, excel: bool) -> (Key, Option<&'c str>) {
        match cell {
            Cell::Empty => (Key::Empty, None),
            Cell::MaybeMoney(None) => (Key::NoAmount, None),
            Cell::Money(m) | Cell::SignedMoney(m) | Cell::MaybeMoney(Some(m)) => {
                (Key::Amount(exact_key(m.value())), None)
            }
            Cell::Number(d) => (Key::Number(exact_key(*d)), None),
            Cell::Fraction(d) => (Key::Fraction(exact_key(*d)), None),
            Cell::Int(i) => (Key::Int(*i), None),
            Cell::Count(n) => (Key::Count(*n), None),
            Cell::Text(s) => (Key::Text, Some(s)),
            Cell::Coded { word, .. } if excel => (Key::Text, Some(word)),
            Cell::Coded { code, .. } => (Key::Text, Some(code)),
            _ => (Key::Other, None),
        }
    }
}

/// The places of the columns that programs read.
fn for_programs(audiences: impl Iterator<Item = Audience>) -> Vec<usize> {
    audiences
        .enumerate()
        .filter(|(_, a)| a.programs())
        .map(|(i, _)| i)
        .collect()
}

/// What starts a formula in a spreadsheet: a text cell starting so gets a leading apostrophe.
const FORMULA: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Bytes kept before they are handed to the output.
const BUFFER: usize = 64 * 1024;

/// Quotes the field at the end of `buf` (from `start`) as CSV writes it when it holds the
/// delimiter, a quote or a line break: between quotes, its quotes doubled (the `csv` crate's
/// rules, by its own core). `quoted` is room to quote it in.
fn quote_tail(core: &::csv_core::Writer, buf: &mut String, start: usize, quoted: &mut Vec<u8>) {
    let field = &buf.as_bytes()[start..];
    if !core.should_quote(field) {
        return;
    }
    let quote = core.get_quote();
    quoted.clear();
    quoted.push(quote);
    // Worst case: every byte a quote, doubled.
    quoted.resize(1 + 2 * field.len(), 0);
    let (_, _, written) = ::csv_core::quote(
        field,
        &mut quoted[1..],
        quote,
        core.get_escape(),
        core.get_double_quote(),
    );
    quoted.truncate(1 + written);
    quoted.push(quote);
    buf.truncate(start);
    // Quotes around UTF-8 and doubled in it: UTF-8 still.
    buf.push_str(&String::from_utf8_lossy(quoted));
}

impl<W: Write> State<W> {
    /// Writes the byte-order mark, then the header of a stream.
    pub fn begin(mut out: W, excel: bool, stream: Option<&Stream>) -> io::Result<State<W>> {
        if excel {
            write!(out, "\u{feff}")?;
        }
        let core = ::csv_core::WriterBuilder::new()
            .delimiter(if excel { b';' } else { b',' })
            .build();
        let mut state = State {
            excel,
            out,
            core,
            buf: String::with_capacity(BUFFER),
            sent: 0,
            stream_columns: None,
            fields: Vec::new(),
            written: 0,
            last: (0, 0),
            quoted: Vec::new(),
        };
        if let Some(s) = stream {
            state.header(&s.columns)?;
            state.stream_columns = Some(for_programs(s.columns.iter().map(|c| c.audience)));
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
        for (i, key) in keys.iter().enumerate() {
            if i > 0 {
                self.buf.push(char::from(self.core.get_delimiter()));
            }
            let start = self.buf.len();
            self.buf.push_str(key);
            quote_tail(&self.core, &mut self.buf, start, &mut self.quoted);
        }
        self.end_record(keys.len() == 1 && keys[0].is_empty())
    }

    /// Ends a record; a record of one empty field is written `""` (else it would be a blank
    /// line, which readers skip).
    fn end_record(&mut self, one_empty_field: bool) -> io::Result<()> {
        if one_empty_field {
            let quote = char::from(self.core.get_quote());
            self.buf.push(quote);
            self.buf.push(quote);
        }
        self.buf.push('\n');
        if self.buf.len() >= BUFFER {
            self.out.write_all(&self.buf.as_bytes()[self.sent..])?;
            // The last row stays: the next may copy its fields.
            let (from, to) = self.last;
            self.buf.drain(..from);
            self.last = (0, to - from);
            self.sent = self.buf.len();
        }
        Ok(())
    }

    /// Writes a row: the cells at `places`. `changed`, when given, says per cell whether it
    /// differs from the row above: in a row as wide as the row above, the others are copied
    /// without being looked at. Any other row tells a field equal to the one above by what each
    /// is written from.
    fn cells(
        &mut self,
        lang: Lang,
        places: &[usize],
        cells: &[Cell<'_>],
        changed: Option<&[bool]>,
    ) -> io::Result<()> {
        let row = self.buf.len();
        let n = match changed {
            Some(changed) if self.told(lang, places, cells, changed) => places.len(),
            _ => self.keyed(lang, places, cells),
        };
        self.last = (row, self.buf.len());
        self.written = n;
        self.end_record(n == 1 && row == self.buf.len())
    }

    /// Writes a row's fields, a field equal to the one above (by its key) copied with its
    /// neighbours: how many fields it has.
    fn keyed(&mut self, lang: Lang, places: &[usize], cells: &[Cell<'_>]) -> usize {
        let excel = self.excel;
        // In the last row: where the field looked at starts, and the end of what is copied.
        let (mut at, mut copied) = (self.last.0, self.last.0);
        let mut n = 0;
        for c in places.iter().map_while(|i| cells.get(*i)) {
            if self.fields.len() == n {
                self.fields.push(Field::default());
            }
            let field = &self.fields[n];
            let above = n < self.written;
            let first = n == 0;
            n += 1;
            let end = if above { at + field.len } else { at };
            let (key, source) = Key::of(c, excel);
            if above
                && key != Key::Other
                && key == field.key
                && source.is_none_or(|s| field.source == s)
            {
                // Copied with its neighbours when a field that changed, or the row, ends.
                at = end;
                continue;
            }
            if copied < at {
                self.buf.extend_from_within(copied..at);
            }
            (at, copied) = (end, end);
            let len = self.field(lang, c, first);
            let field = &mut self.fields[n - 1];
            (field.len, field.key) = (len, key);
            if let Some(source) = source {
                field.source.clear();
                field.source.push_str(source);
            }
        }
        if copied < at {
            self.buf.extend_from_within(copied..at);
        }
        n
    }

    /// A row told which cells changed, as wide as the row above (a stream's rows): the fields
    /// that changed written, the runs between them copied. `false`, with nothing written, for
    /// any other row.
    fn told(&mut self, lang: Lang, places: &[usize], cells: &[Cell<'_>], changed: &[bool]) -> bool {
        // Places rise: the last is the widest.
        let fits = places
            .last()
            .is_some_and(|last| *last < cells.len() && *last < changed.len());
        // The row above had as many fields, so each has its length kept.
        if !fits || self.written != places.len() {
            return false;
        }
        let (mut at, mut copied) = (self.last.0, self.last.0);
        for (n, place) in places.iter().enumerate() {
            let len = self.fields.get(n).map_or(0, |f| f.len);
            if !changed.get(*place).copied().unwrap_or(true) {
                at += len;
                continue;
            }
            if copied < at {
                self.buf.extend_from_within(copied..at);
            }
            (at, copied) = (at + len, at + len);
            let Some(c) = cells.get(*place) else {
                continue;
            };
            let len = self.field(lang, c, n == 0);
            if let Some(field) = self.fields.get_mut(n) {
                // A row not told compares by the key, which this one does not keep.
                (field.len, field.key) = (len, Key::Other);
            }
        }
        if copied < at {
            self.buf.extend_from_within(copied..at);
        }
        true
    }

    /// Writes a cell's field, its delimiter first (but for the first field): its length.
    fn field(&mut self, lang: Lang, c: &Cell<'_>, first: bool) -> usize {
        let excel = self.excel;
        let start = self.buf.len();
        if !first {
            self.buf.push(char::from(self.core.get_delimiter()));
        }
        let text = self.buf.len();
        // A number in the dialect with a decimal point (most of a stream's fields): written,
        // never quoted, nothing else to check.
        if !excel && write_number_plain(&mut self.buf, c) {
            return self.buf.len() - start;
        }
        write_programs(lang, &mut self.buf, c, excel);
        // Digits, a sign and a decimal mark that is not the delimiter are never quoted (a
        // test proves it of every number in both dialects).
        if !is_number(c) {
            if excel && is_text(c) && self.buf[text..].starts_with(FORMULA) {
                self.buf.insert(text, '\'');
            }
            quote_tail(&self.core, &mut self.buf, text, &mut self.quoted);
        }
        self.buf.len() - start
    }

    /// One row of the stream; `changed`, when given, says per cell whether it differs from the
    /// row above.
    pub fn row(
        &mut self,
        lang: Lang,
        cells: &[Cell<'_>],
        changed: Option<&[bool]>,
    ) -> io::Result<()> {
        if let Some(cols) = self.stream_columns.take() {
            let done = self.cells(lang, &cols, cells, changed);
            self.stream_columns = Some(cols);
            done?;
        }
        Ok(())
    }

    /// Without a stream, writes the document's table for programs; returns the output.
    pub fn finish(mut self, lang: Lang, body: &Body) -> io::Result<W> {
        if self.stream_columns.is_none() {
            self.table(lang, body)?;
        }
        self.out.write_all(&self.buf.as_bytes()[self.sent..])?;
        Ok(self.out)
    }

    fn table(&mut self, lang: Lang, body: &Body) -> io::Result<()> {
        let table = body.blocks.iter().find_map(|b| match b {
            Block::Table(t) if t.audience.programs() => Some(t),
            _ => None,
        });
        if let Some(table) = table {
            self.header(&table.columns)?;
            let places = for_programs(table.columns.iter().map(|c| c.audience));
            self.written = 0;
            for r in table.rows.iter().filter(|r| r.audience.programs()) {
                self.cells(lang, &places, &r.cells, None)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    /// What a number is written as never needs quotes, in either dialect: the writer leaves its
    /// quoting check out for numbers.
    #[test]
    fn a_number_is_never_quoted() {
        use super::{is_number, write_programs};
        let mut cells = Vec::new();
        for text in [
            "0",
            "-0.01",
            "1234567.89",
            "-98765432101.5",
            "0.000001",
            "12.5",
            "1e-6",
            "-7",
            "79228162514264337593543950335",
            "-0.0000000000000000000000000001",
        ] {
            let d: Decimal = text.parse().unwrap_or_else(|_| Decimal::new(-1, 6));
            cells.push(Cell::Money(Money::new(d)));
            cells.push(Cell::SignedMoney(Money::new(d)));
            cells.push(Cell::MaybeMoney(Some(Money::new(d))));
            cells.push(Cell::Number(d));
            cells.push(Cell::Fraction(d));
        }
        cells.extend([i64::MIN, -1, 0, 1_000_000, i64::MAX].map(Cell::Int));
        cells.extend([0, 1_000, u64::MAX].map(Cell::Count));
        for excel in [false, true] {
            let core = ::csv_core::WriterBuilder::new()
                .delimiter(if excel { b';' } else { b',' })
                .build();
            for c in &cells {
                assert!(is_number(c), "{c:?}");
                let mut text = String::new();
                write_programs(crate::catalog::Lang::En, &mut text, c, excel);
                assert!(!text.is_empty(), "{c:?}");
                assert!(!core.should_quote(text.as_bytes()), "{c:?} as {text}");
            }
        }
    }

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
        let fr = to_string(crate::catalog::Lang::En, Format::CsvExcelFr, &doc());
        assert_eq!(
            fr,
            "\u{feff}name;amount\n\"'=HYPERLINK(\"\"http://x\"\")\";-1500,50\n'+1;-1500,50\n'-2;-1500,50\n'@SUM(A1);-1500,50\nCPTS du Val;-1500,50\n"
        );
    }

    #[test]
    fn plain_csv_is_written_as_is_and_quoted_by_the_csv_crate() {
        let plain = to_string(crate::catalog::Lang::En, Format::Csv, &doc());
        assert!(
            plain.starts_with(
                "name,amount\n\"=HYPERLINK(\"\"http://x\"\")\",-1500.50\n+1,-1500.50\n"
            ),
            "{plain}"
        );
    }

    /// Rows written field by field with the crate's core must be the bytes the `csv` crate's own
    /// writer gives, for fields with delimiters, quotes, line breaks, both delimiters, emptiness
    /// and a record of one empty field; and a repeated amount must come out as written.
    #[test]
    fn rows_are_the_bytes_the_csv_crate_writes() {
        let texts = [
            "",
            "a",
            "a,b",
            "a;b",
            "say \"hi\"",
            "two\nlines",
            "cr\rlf",
            "\"",
            "é, à",
            " x ",
        ];
        let money = [
            Money::from_cents(123_456),
            Money::from_cents(-5),
            Money::ZERO,
        ];
        for excel in [false, true] {
            let mut rows: Vec<Vec<String>> = Vec::new();
            let mut table = Table::new(vec![
                Column::new("text", "text"),
                Column::new("other", "other"),
                Column::new("amount", "amount"),
                Column::new("number", "number"),
                Column::new("int", "int"),
            ]);
            // Each text twice in a row, the other column changing, numbers repeating by threes:
            // a field equal to the one above is reused, any other written.
            for (i, a) in texts.iter().flat_map(|t| [t, t]).enumerate() {
                let b = texts[(i * 7 + 3) % texts.len()];
                let m = money[i / 4 % money.len()];
                let n = Decimal::new((i / 3) as i64 * 15, 1);
                let k = (i / 3) as i64 - 4;
                table.row(vec![
                    Cell::text(*a),
                    Cell::text(b),
                    Cell::Money(m),
                    Cell::Number(n),
                    Cell::Int(k),
                ]);
                let mut plain = String::new();
                m.write_plain(&mut plain);
                let mut number = n.to_string();
                if excel {
                    plain = plain.replace('.', ",");
                    number = number.replace('.', ",");
                }
                rows.push(vec![
                    (*a).to_string(),
                    b.to_string(),
                    plain,
                    number,
                    k.to_string(),
                ]);
            }
            let mut one = Table::new(vec![Column::new("only", "only")]);
            one.row(vec![Cell::text("")]);
            one.row(vec![Cell::text("x")]);
            let doc = |t: Table| Document {
                schema_version: 1,
                body: Body {
                    blocks: vec![Block::Table(t)],
                    ..Body::default()
                },
                ..Document::default()
            };
            let format = if excel {
                Format::CsvExcelFr
            } else {
                Format::Csv
            };
            let expected = |header: &[&str], rows: &[Vec<String>]| {
                let mut w = ::csv::WriterBuilder::new()
                    .delimiter(if excel { b';' } else { b',' })
                    .flexible(true)
                    .from_writer(Vec::new());
                w.write_record(header).unwrap();
                for r in rows {
                    w.write_record(r).unwrap();
                }
                let bom = if excel { "\u{feff}" } else { "" };
                format!(
                    "{bom}{}",
                    String::from_utf8(w.into_inner().unwrap()).unwrap()
                )
            };
            assert_eq!(
                to_string(crate::catalog::Lang::En, format, &doc(table)),
                expected(&["text", "other", "amount", "number", "int"], &rows)
            );
            assert_eq!(
                to_string(crate::catalog::Lang::En, format, &doc(one)),
                expected(&["only"], &[vec![String::new()], vec!["x".to_string()]])
            );
            // Rows shorter than the columns, then longer again: a field no row above had in
            // its column is written, not copied from an older row.
            let mut ragged = Table::new(vec![
                Column::new("a", "a"),
                Column::new("b", "b"),
                Column::new("c", "c"),
            ]);
            let m = Money::from_cents(250);
            let cells = |n: usize| [Cell::text("x"), Cell::Money(m), Cell::text("z")][..n].to_vec();
            let mut ragged_rows = Vec::new();
            for n in [3, 1, 3, 2, 3] {
                ragged.row(cells(n));
                let plain = if excel { "2,50" } else { "2.50" };
                ragged_rows.push(
                    ["x", plain, "z"][..n]
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                );
            }
            assert_eq!(
                to_string(crate::catalog::Lang::En, format, &doc(ragged)),
                expected(&["a", "b", "c"], &ragged_rows)
            );
        }
    }

    /// A stream told which cells changed writes the bytes of one that is not told (CSV, a table
    /// and Markdown for people), and of the `csv` crate: over 64 KiB (the row above kept when the
    /// buffer goes out), with texts to quote and formulas to neutralise repeating, amounts and
    /// numbers changing at their own pace.
    #[test]
    fn a_stream_told_what_changed_writes_what_the_csv_crate_writes() {
        use crate::render::Writer;
        use crate::report::Stream;
        let texts = ["plain", "a,b", "a;b", "say \"hi\"", "=SUM(A1)", "é, à", ""];
        let columns = vec![
            Column::new("name", "name"),
            Column::new("note", "note"),
            Column::new("amount", "amount"),
            Column::new("number", "number"),
        ];
        let stream = Stream {
            key: "rows",
            columns: columns.clone(),
            widths: vec![8; 4],
        };
        let rows: Vec<Vec<Cell<'static>>> = (0..6_000i64)
            .map(|i| {
                vec![
                    Cell::text(texts[(i / 5) as usize % texts.len()]),
                    Cell::text(texts[(i / 3 + 2) as usize % texts.len()]),
                    Cell::Money(Money::from_cents((i / 2) * 1_234_567 - 50_000)),
                    Cell::Number(Decimal::new(i / 7, 3)),
                ]
            })
            .collect();
        for excel in [false, true] {
            let format = if excel {
                Format::CsvExcelFr
            } else {
                Format::Csv
            };
            let doc = Document {
                schema_version: 1,
                ..Document::default()
            };
            let write = |format: Format, told: bool| {
                let mut w = Writer::begin(
                    crate::catalog::Lang::En,
                    format,
                    Vec::new(),
                    std::io::sink(),
                    &doc,
                    Some(&stream),
                )
                .unwrap();
                let mut above: Option<&Vec<Cell<'_>>> = None;
                for row in &rows {
                    // Changed when written differently: a decimal's scale counts.
                    let changed: Vec<bool> = (0..row.len())
                        .map(|i| {
                            above.is_none_or(|a| format!("{:?}", a[i]) != format!("{:?}", row[i]))
                        })
                        .collect();
                    let value = || crate::report::json::Written(None);
                    if told {
                        w.row_changed(row, Some(&changed), value).unwrap();
                    } else {
                        w.row(row, value).unwrap();
                    }
                    above = Some(row);
                }
                String::from_utf8(w.finish(&Body::default()).unwrap()).unwrap()
            };
            let mut csv = ::csv::WriterBuilder::new()
                .delimiter(if excel { b';' } else { b',' })
                .from_writer(Vec::new());
            csv.write_record(["name", "note", "amount", "number"])
                .unwrap();
            for row in &rows {
                let record: Vec<String> = row
                    .iter()
                    .map(|c| {
                        let mut text = String::new();
                        crate::report::format::write_programs(
                            crate::catalog::Lang::En,
                            &mut text,
                            c,
                            excel,
                        );
                        if excel && crate::report::format::is_text(c) && text.starts_with('=') {
                            text.insert(0, '\'');
                        }
                        text
                    })
                    .collect();
                csv.write_record(&record).unwrap();
            }
            let bom = if excel { "\u{feff}" } else { "" };
            let expected = format!(
                "{bom}{}",
                String::from_utf8(csv.into_inner().unwrap()).unwrap()
            );
            assert!(expected.len() > 2 * super::BUFFER, "{}", expected.len());
            let told = write(format, true);
            assert_eq!(told, expected);
            assert_eq!(write(format, false), expected);
            // A table for people keeps the text drawn for a cell told unchanged.
            for people in [Format::Table, Format::Markdown] {
                let told = write(people, true);
                assert!(told.contains("say"), "{people:?}");
                assert_eq!(told, write(people, false), "{people:?}");
            }
        }
    }
}
