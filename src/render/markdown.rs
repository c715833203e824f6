//! Markdown for reports: the head as a title and a list of facts, each block under a `##`
//! heading, tables as GitHub-flavoured tables (a stream's rows written as they come).

use crate::catalog::Lang;
use crate::report::format::{people, printable, write_people};
use crate::report::{Audience, Block, Body, Cell, Column, Document, Head, Stream, WarningItem};
use std::io::{self, Write};

/// Where the writer is.
pub struct State {
    parts: super::Parts,
    stream_columns: Option<Vec<Audience>>,
    line: String,
    cell: String,
    /// Each shown column's text in the stream's last row, escaped (none before the first).
    written: Vec<String>,
}

/// Escapes a cell: a `|` would end it, a line break would end the row.
pub fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn header(out: &mut impl Write, columns: &[Column]) -> io::Result<()> {
    let shown: Vec<&Column> = columns.iter().filter(|c| c.audience.people()).collect();
    let titles: Vec<String> = shown.iter().map(|c| cell(&c.title)).collect();
    write!(out, "| {} |\n|", titles.join(" | "))?;
    for c in &shown {
        write!(out, "{}", if c.right { " ---: |" } else { " --- |" })?;
    }
    writeln!(out)
}

fn row(out: &mut impl Write, texts: impl Iterator<Item = String>, strong: bool) -> io::Result<()> {
    let cells: Vec<String> = texts
        .map(|s| {
            if strong && !s.is_empty() {
                format!("**{}**", cell(&s))
            } else {
                cell(&s)
            }
        })
        .collect();
    writeln!(out, "| {} |", cells.join(" | "))
}

impl State {
    /// Writes the title and the facts, then the header of a stream.
    pub fn begin(
        lang: Lang,
        out: &mut impl Write,
        doc: &Document,
        stream: Option<&Stream>,
    ) -> io::Result<State> {
        let mut state = State {
            parts: super::Parts::default(),
            stream_columns: None,
            written: Vec::new(),
            line: String::new(),
            cell: String::new(),
        };
        let mut after_title = false;
        for h in &doc.head {
            match h {
                Head::Title(s) => {
                    writeln!(out, "# {}", printable(s))?;
                    after_title = true;
                }
                Head::Line(s) => {
                    if std::mem::take(&mut after_title) {
                        writeln!(out)?;
                    }
                    writeln!(out, "{}", printable(s))?;
                }
                Head::Fact(k, v) => {
                    if std::mem::take(&mut after_title) {
                        writeln!(out)?;
                    }
                    writeln!(out, "- **{k}**{} {}", lang.colon(), printable(v))?;
                }
            }
            state.parts.start();
        }
        if let Some(s) = stream {
            state.parts.next(out)?;
            header(out, &s.columns)?;
            state.stream_columns = Some(s.columns.iter().map(|c| c.audience).collect());
        }
        Ok(state)
    }

    /// One row of the stream, written in reused buffers; a cell that `changed` says is the row
    /// above's keeps the text written for it.
    pub fn row(
        &mut self,
        lang: Lang,
        out: &mut impl Write,
        cells: &[Cell<'_>],
        changed: Option<&[bool]>,
    ) -> io::Result<()> {
        let Some(cols) = &self.stream_columns else {
            return Ok(());
        };
        self.line.clear();
        self.line.push('|');
        let shown = super::people_told(cols.iter().copied(), cells, changed);
        for (i, (c, same)) in shown.enumerate() {
            let one = &mut self.cell;
            let written = super::kept_text(&mut self.written, i, same, |written| {
                one.clear();
                write_people(lang, one, c);
                if one.contains(['|', '\n']) {
                    written.push_str(&cell(one));
                } else {
                    written.push_str(one);
                }
            });
            self.line.push(' ');
            self.line.push_str(written);
            self.line.push_str(" |");
        }
        self.line.push('\n');
        out.write_all(self.line.as_bytes())
    }

    /// Writes the blocks, the warnings and the assumptions.
    pub fn finish(&mut self, lang: Lang, out: &mut impl Write, body: &Body) -> io::Result<()> {
        for block in body.blocks.iter().filter(|b| super::for_people(b)) {
            self.parts.next(out)?;
            match block {
                Block::Table(table) => {
                    if let Some(c) = &table.caption {
                        writeln!(out, "## {c}\n")?;
                    }
                    header(out, &table.columns)?;
                    for r in table.rows.iter().filter(|r| r.audience.people()) {
                        let audiences = table.columns.iter().map(|c| c.audience);
                        row(
                            out,
                            super::visible(audiences, &r.cells, true).map(|c| people(lang, c)),
                            r.strong,
                        )?;
                    }
                }
                Block::Text(s) => writeln!(out, "{}", printable(s))?,
                Block::List { caption, items } => {
                    writeln!(out, "## {caption}\n")?;
                    for i in items {
                        writeln!(out, "- {}", printable(i))?;
                    }
                }
                Block::Entries { caption, entries } => {
                    writeln!(out, "## {caption}\n")?;
                    for (n, e) in entries.iter().enumerate() {
                        writeln!(out, "{}. **{}**", n + 1, cell(&printable(&e.title)))?;
                        for (k, v) in &e.details {
                            writeln!(out, "   - {k}{} {}", lang.colon(), printable(v))?;
                        }
                    }
                }
            }
        }
        warnings(lang, out, &body.warnings)?;
        if !body.assumptions.is_empty() {
            writeln!(out, "\n## {}\n", lang.t("section.assumptions_title"))?;
            for a in &body.assumptions {
                writeln!(out, "- {a}")?;
            }
        }
        Ok(())
    }
}

fn warnings(lang: Lang, out: &mut impl Write, warnings: &[WarningItem]) -> io::Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## {}\n", lang.t("section.warnings_title"))?;
    for w in warnings {
        match &w.scope {
            None => writeln!(
                out,
                "- `{}`{} {}",
                w.code,
                lang.colon(),
                printable(&w.message)
            )?,
            Some(s) => writeln!(
                out,
                "- `{}` ({s}){} {}",
                w.code,
                lang.colon(),
                printable(&w.message)
            )?,
        }
    }
    Ok(())
}
