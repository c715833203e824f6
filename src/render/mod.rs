//! Output: one module per format, each able to render any [`Document`], writing to a `Write`.
//! `table` (comfy-table, for people), `markdown`, `csv` (plain or for a French spreadsheet, through
//! the `csv` crate) and `json` (through `serde_json`); `chart` draws SVG. A [`Writer`] writes a
//! document's head, then the rows of a stream as they come, then the rest: no format holds the
//! rows of a stream in memory. Nothing here computes an amount or chooses a word: cells are
//! written by `report::format`, words come from the catalog.

pub mod chart;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod table;
pub mod xlsx;

use crate::catalog::Lang;
use crate::report::{Audience, Block, Body, Cell, Document, Stream};
use std::io::{self, Write};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for programs (versioned; money as strings).
    Json,
    /// JSON Lines: a stream's head, rows and end each on a line of their own.
    JsonLines,
    /// CSV with `,` and a decimal point.
    Csv,
    /// CSV for a French spreadsheet: `;`, decimal comma, UTF-8 BOM.
    CsvExcelFr,
    /// Markdown for reports.
    Markdown,
}

impl Format {
    /// Whether it writes a document's JSON fields (JSON, JSON Lines).
    pub fn writes_json(self) -> bool {
        matches!(self, Format::Json | Format::JsonLines)
    }

    /// Whether it is read by people (table, Markdown) rather than programs.
    pub fn for_people(self) -> bool {
        matches!(self, Format::Table | Format::Markdown)
    }
}

/// Writes one document in one format: its head at once, a stream's rows as they come, the rest
/// at the end. Standard error (`err`) receives what a format has no place for: the warnings of a
/// CSV.
pub struct Writer<W: Write, E: Write> {
    /// The language of the words it writes.
    lang: Lang,
    err: E,
    inner: Inner<W>,
}

/// Each format's state, with the output (a CSV writer owns it, to reuse its buffer).
enum Inner<W: Write> {
    Table(table::State, W),
    Markdown(markdown::State, W),
    Csv(Box<csv::State<W>>),
    Json(json::State, W),
    Lines(json::Lines, W),
}

impl<W: Write, E: Write> Writer<W, E> {
    /// Writes the head of `doc` (and its JSON fields), then the header of `stream` if any.
    pub fn begin(
        lang: Lang,
        format: Format,
        mut out: W,
        err: E,
        doc: &Document,
        stream: Option<&Stream>,
    ) -> io::Result<Self> {
        let inner = match format {
            Format::Table => Inner::Table(table::State::begin(lang, &mut out, doc, stream)?, out),
            Format::Markdown => {
                Inner::Markdown(markdown::State::begin(lang, &mut out, doc, stream)?, out)
            }
            Format::Csv | Format::CsvExcelFr => Inner::Csv(Box::new(csv::State::begin(
                out,
                format == Format::CsvExcelFr,
                stream,
            )?)),
            Format::Json => Inner::Json(json::State::begin(&mut out, doc, stream)?, out),
            Format::JsonLines => Inner::Lines(json::Lines::begin(&mut out, doc, stream)?, out),
        };
        Ok(Writer { lang, err, inner })
    }

    /// One row of the stream: its cells for people and CSV, its typed value for JSON (built only
    /// when the format writes JSON).
    pub fn row<R: crate::report::json::JsonRow>(
        &mut self,
        cells: &[Cell<'_>],
        value: impl FnOnce() -> R,
    ) -> io::Result<()> {
        self.row_changed(cells, None, value)
    }

    /// [`Writer::row`], told which cells differ from the row above (`changed`, per cell): CSV
    /// copies the others' text from the row above instead of telling them equal itself, a table
    /// for people reuses their drawn text.
    pub fn row_changed<R: crate::report::json::JsonRow>(
        &mut self,
        cells: &[Cell<'_>],
        changed: Option<&[bool]>,
        value: impl FnOnce() -> R,
    ) -> io::Result<()> {
        let lang = self.lang;
        match &mut self.inner {
            Inner::Table(s, out) => s.row(lang, out, cells, changed),
            Inner::Markdown(s, out) => s.row(lang, out, cells, changed),
            Inner::Csv(s) => s.row(lang, cells, changed),
            Inner::Json(s, out) => s.row(out, &value()),
            Inner::Lines(s, out) => s.row(out, &value()),
        }
    }

    /// Ends the stream, writes the rest of the document, flushes.
    pub fn finish(mut self, body: &Body) -> io::Result<W> {
        let lang = self.lang;
        let mut out = match self.inner {
            Inner::Table(mut s, mut out) => {
                s.finish(lang, &mut out, body)?;
                out
            }
            Inner::Markdown(mut s, mut out) => {
                s.finish(lang, &mut out, body)?;
                out
            }
            Inner::Csv(s) => {
                let out = s.finish(lang, body)?;
                // Warnings on standard error are for people: a full disk or a closed pipe there is
                // no reason to fail the results written to standard output.
                let _ = table::warnings(lang, &mut self.err, &body.warnings)
                    .and_then(|()| self.err.flush());
                out
            }
            Inner::Json(mut s, mut out) => {
                s.finish(&mut out, body)?;
                out
            }
            Inner::Lines(s, mut out) => {
                s.finish(&mut out, body)?;
                out
            }
        };
        out.flush()?;
        Ok(out)
    }
}

/// Writes a whole document.
pub fn document<W: Write, E: Write>(
    lang: Lang,
    format: Format,
    out: W,
    err: E,
    doc: &Document,
) -> io::Result<W> {
    Writer::begin(lang, format, out, err, doc, None)?.finish(&doc.body)
}

/// A whole document as text (tests, files).
pub fn to_string(lang: Lang, format: Format, doc: &Document) -> String {
    let bytes = document(lang, format, Vec::new(), io::sink(), doc).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The cells of a stream's row that people read, each with whether `changed` says it is the
/// row above's.
fn people_told<'c, 'a>(
    columns: impl Iterator<Item = Audience> + 'c,
    cells: &'c [Cell<'a>],
    changed: Option<&'c [bool]>,
) -> impl Iterator<Item = (&'c Cell<'a>, bool)> + 'c {
    columns
        .zip(cells)
        .enumerate()
        .filter(|(_, (a, _))| a.people())
        .map(move |(i, (_, c))| {
            let same = changed.is_some_and(|m| !m.get(i).copied().unwrap_or(true));
            (c, same)
        })
}

/// The text of a stream's shown column `i` in `kept` (one text a column, from the row above):
/// the row above's when `same` and there is one (the first row, or a wider one, has none), else
/// written again by `write` (into an empty string).
fn kept_text(
    kept: &mut Vec<String>,
    i: usize,
    same: bool,
    write: impl FnOnce(&mut String),
) -> &str {
    let same = same && i < kept.len();
    if kept.len() <= i {
        kept.resize(i + 1, String::new());
    }
    let text = &mut kept[i];
    if !same {
        text.clear();
        write(text);
    }
    text
}

/// The cells of a row that an audience reads.
fn visible<'c, 'a>(
    columns: impl Iterator<Item = Audience> + 'c,
    cells: &'c [Cell<'a>],
    people: bool,
) -> impl Iterator<Item = &'c Cell<'a>> + 'c {
    columns
        .zip(cells)
        .filter(move |(a, _)| if people { a.people() } else { a.programs() })
        .map(|(_, c)| c)
}

/// Whether people see a block: a table for programs only, or with no row for people, is left
/// out of a table or a Markdown document.
fn for_people(block: &Block) -> bool {
    match block {
        Block::Table(t) => t.audience.people() && t.rows.iter().any(|r| r.audience.people()),
        _ => true,
    }
}

/// Blank lines between the parts of a document for people: one before every part but the first.
#[derive(Debug, Default)]
struct Parts {
    started: bool,
}

impl Parts {
    /// Marks that something was written.
    fn start(&mut self) {
        self.started = true;
    }

    /// Before a part: a blank line if something came before it.
    fn next(&mut self, out: &mut impl Write) -> io::Result<()> {
        if self.started {
            writeln!(out)?;
        }
        self.started = true;
        Ok(())
    }
}
