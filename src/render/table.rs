//! The readable table for people: the head, then each block (tables laid out by comfy-table on a
//! terminal, and as it lays them out without one; lists, explained entries), then the warnings
//! and the assumptions. A stream is drawn row by row with column widths fixed in advance, in the
//! same style.

use crate::catalog::Lang;
use crate::report::format::{people, printable, write_people};
use crate::report::{Audience, Block, Body, Cell, Document, Head, Stream, Table, WarningItem};
use comfy_table::{CellAlignment, ContentArrangement, presets};
use std::io::{self, Write};

/// Where the writer is.
pub struct State {
    /// Blank lines between parts.
    parts: super::Parts,
    /// The open stream: its columns for people (right-aligned or not) and widths.
    stream: Option<Vec<(bool, usize)>>,
    /// Who reads each of the stream's columns.
    stream_columns: Vec<Audience>,
    /// Buffers reused from row to row.
    line: String,
    cell: String,
    /// Each shown column's text in the stream's last row, padded (none before the first).
    drawn: Vec<String>,
}

/// The columns a text takes on a terminal, as comfy-table measures it.
fn width(s: &str) -> usize {
    counted(s).unwrap_or_else(|| unicode_width::UnicodeWidthStr::width(s))
}

/// The width of a text written only with characters one column wide wherever they stand, a
/// character at a time without looking each up: printable ASCII, Latin-1's letters and signs (not
/// its soft hyphen), Latin Extended-A (`œ`), the en and em dashes, the apostrophe, the ellipsis,
/// the narrow no-break space and the euro sign — what French amounts and words are written with.
/// `None` for any other text. A test holds it equal to unicode-width.
fn counted(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let (mut at, mut n) = (0, 0);
    while let Some(lead) = b.get(at) {
        n += 1;
        if (0x20..=0x7e).contains(lead) {
            at += 1;
            continue;
        }
        at += match (lead, b.get(at + 1), b.get(at + 2)) {
            (0xc2, Some(0xa0..=0xac | 0xae..=0xbf), _) | (0xc3..=0xc5, Some(0x80..=0xbf), _) => 2,
            (0xe2, Some(0x80), Some(0x93 | 0x94 | 0x99 | 0xa6 | 0xaf))
            | (0xe2, Some(0x82), Some(0xac)) => 3,
            _ => return None,
        };
    }
    Some(n)
}

fn rule(
    out: &mut impl Write,
    cols: &[(bool, usize)],
    l: &str,
    fill: &str,
    mid: &str,
    r: &str,
) -> io::Result<()> {
    let parts: Vec<String> = cols.iter().map(|(_, w)| fill.repeat(w + 2)).collect();
    writeln!(out, "{l}{}{r}", parts.join(mid))
}

fn cells_line(out: &mut impl Write, cols: &[(bool, usize)], cells: &[String]) -> io::Result<()> {
    let parts: Vec<String> = cols
        .iter()
        .zip(cells)
        .map(|((right, w), c)| {
            let pad = " ".repeat(w.saturating_sub(width(c)));
            if *right {
                format!(" {pad}{c} ")
            } else {
                format!(" {c}{pad} ")
            }
        })
        .collect();
    writeln!(out, "│{}│", parts.join("┆"))
}

impl State {
    /// Writes the head, then the header of a stream.
    pub fn begin(
        lang: Lang,
        out: &mut impl Write,
        doc: &Document,
        stream: Option<&Stream>,
    ) -> io::Result<State> {
        let mut state = State {
            parts: super::Parts::default(),
            stream: None,
            stream_columns: Vec::new(),
            drawn: Vec::new(),
            line: String::new(),
            cell: String::new(),
        };
        for h in &doc.head {
            match h {
                Head::Title(s) | Head::Line(s) => writeln!(out, "{}", printable(s))?,
                Head::Fact(k, v) => writeln!(out, "{k}{} {}", lang.colon(), printable(v))?,
            }
            state.parts.start();
        }
        if let Some(s) = stream {
            state.parts.next(out)?;
            let cols: Vec<(bool, usize)> = s
                .columns
                .iter()
                .zip(&s.widths)
                .filter(|(c, _)| c.audience.people())
                .map(|(c, w)| (c.right, (*w).max(width(&c.title))))
                .collect();
            let titles: Vec<String> = s
                .columns
                .iter()
                .filter(|c| c.audience.people())
                .map(|c| c.title.clone())
                .collect();
            rule(out, &cols, "╭", "─", "┬", "╮")?;
            cells_line(out, &cols, &titles)?;
            rule(out, &cols, "╞", "═", "╪", "╡")?;
            state.stream = Some(cols);
            state.stream_columns = s.columns.iter().map(|c| c.audience).collect();
        }
        Ok(state)
    }

    /// One row of the stream, drawn in reused buffers; a cell that `changed` says is the row
    /// above's keeps the text drawn for it.
    pub fn row(
        &mut self,
        lang: Lang,
        out: &mut impl Write,
        cells: &[Cell<'_>],
        changed: Option<&[bool]>,
    ) -> io::Result<()> {
        let Some(cols) = &self.stream else {
            return Ok(());
        };
        self.line.clear();
        self.line.push('│');
        let shown = super::people_told(self.stream_columns.iter().copied(), cells, changed);
        for (i, ((right, w), (c, same))) in cols.iter().zip(shown).enumerate() {
            if i > 0 {
                self.line.push('┆');
            }
            let cell = &mut self.cell;
            let drawn = super::kept_text(&mut self.drawn, i, same, |drawn| {
                cell.clear();
                write_people(lang, cell, c);
                let pad = w.saturating_sub(width(cell));
                drawn.push(' ');
                if *right {
                    drawn.extend(std::iter::repeat_n(' ', pad));
                    drawn.push_str(cell);
                } else {
                    drawn.push_str(cell);
                    drawn.extend(std::iter::repeat_n(' ', pad));
                }
                drawn.push(' ');
            });
            self.line.push_str(drawn);
        }
        self.line.push_str("│\n");
        out.write_all(self.line.as_bytes())
    }

    /// Closes the stream, writes the blocks, the warnings and the assumptions.
    pub fn finish(&mut self, lang: Lang, out: &mut impl Write, body: &Body) -> io::Result<()> {
        if let Some(cols) = self.stream.take() {
            rule(out, &cols, "╰", "─", "┴", "╯")?;
        }
        for block in body.blocks.iter().filter(|b| super::for_people(b)) {
            self.parts.next(out)?;
            match block {
                Block::Table(table) => {
                    if let Some(c) = &table.caption {
                        writeln!(out, "{c}{}", lang.colon())?;
                    }
                    write_table(lang, table, out)?;
                }
                Block::Text(s) => writeln!(out, "{}", printable(s))?,
                Block::List { caption, items } => {
                    writeln!(out, "{caption}{}", lang.colon())?;
                    for i in items {
                        writeln!(out, "  - {}", printable(i))?;
                    }
                }
                Block::Entries { caption, entries } => {
                    writeln!(out, "{caption}{}", lang.colon())?;
                    for (n, e) in entries.iter().enumerate() {
                        writeln!(out, "{:>2}. {}", n + 1, printable(&e.title))?;
                        for (k, v) in &e.details {
                            writeln!(out, "      {k:<8} {}", printable(v))?;
                        }
                    }
                }
            }
        }
        warnings(lang, out, &body.warnings)?;
        if !body.assumptions.is_empty() {
            writeln!(out, "\n{}{}", lang.t("section.assumptions"), lang.colon())?;
            for a in &body.assumptions {
                writeln!(out, "  - {a}")?;
            }
        }
        Ok(())
    }
}

/// A bounded table for people. On a terminal it fits the terminal's width: long cells wrap
/// between words; when even a word a column or a figure cannot fit, each row is written as a
/// record (its first cell, then one line per column) rather than cut mid-word. In a pipe, a file
/// or a test it is laid out the same way whatever the window, so outputs can be compared, and
/// drawn without comfy-table's work per cell (`plain`) straight into `out`. Then a line end.
pub fn write_table(lang: Lang, table: &Table, out: &mut impl Write) -> io::Result<()> {
    let rows = people_rows(lang, table);
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    if !terminal {
        let mut text = Text { out, error: None };
        if let Some(drawn) = plain(table, &rows, &mut text) {
            return match (drawn, text.error) {
                (Ok(()), _) => writeln!(text.out),
                (Err(_), Some(e)) => Err(e),
                (Err(_), None) => Err(io::ErrorKind::Other.into()),
            };
        }
    }
    writeln!(out, "{}", fitted(table, &rows, terminal))
}

/// Text written to an output: the first error kept, for the text's writer only says that one
/// happened.
struct Text<'a, W: Write> {
    out: &'a mut W,
    error: Option<io::Error>,
}

impl<W: Write> std::fmt::Write for Text<'_, W> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}

/// The table laid out by comfy-table: fitted to the window on a terminal.
fn fitted(table: &Table, rows: &[Vec<String>], terminal: bool) -> String {
    let mut t = grid(table, rows, terminal);
    let Some(window) = t.width().filter(|_| terminal) else {
        return t.to_string();
    };
    let window = usize::from(window);
    // What each column needs at least: a figure or a short cell whole, a text its longest word.
    let shown: Vec<&crate::report::Column> = table
        .columns
        .iter()
        .filter(|c| c.audience.people())
        .collect();
    let least: Vec<usize> = shown
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = rows.iter().filter_map(|r| r.get(i));
            let whole = cells.clone().map(|s| width(s)).max().unwrap_or(0);
            let words = std::iter::once(c.title.as_str())
                .chain(cells.map(String::as_str))
                .flat_map(str::split_whitespace)
                .map(width)
                .max()
                .unwrap_or(0);
            if c.right || whole <= SHORT {
                whole.max(words)
            } else {
                words
            }
        })
        .collect();
    // Each column: its text, a space either side, a rule.
    if least.iter().sum::<usize>() + 3 * least.len() + 1 > window {
        return records(&shown, rows, window);
    }
    for (i, least) in least.iter().enumerate() {
        if let Some(col) = t.column_mut(i)
            && !matches!(
                col.constraint(),
                Some(comfy_table::ColumnConstraint::ContentWidth)
            )
        {
            col.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                comfy_table::Width::Fixed(u16::try_from(*least).unwrap_or(u16::MAX)),
            ));
        }
    }
    t.to_string()
}

/// A table without a window (a pipe, a file, a test), laid out as comfy-table lays it out then —
/// each column as wide as its widest text, a space either side — and drawn in the same style
/// without its work per cell, into `out` (no line end after the last line, as comfy-table's
/// text): a test holds the two equal. `None`, and nothing written, for a text on several lines,
/// which comfy-table draws.
fn plain(
    table: &Table,
    rows: &[Vec<String>],
    out: &mut impl std::fmt::Write,
) -> Option<std::fmt::Result> {
    let shown: Vec<&crate::report::Column> = table
        .columns
        .iter()
        .filter(|c| c.audience.people())
        .collect();
    let titles = || shown.iter().map(|c| c.title.as_str());
    if shown.is_empty()
        || titles()
            .chain(rows.iter().flatten().map(String::as_str))
            .any(|s| s.contains('\n'))
    {
        return None;
    }
    // Each text's width, measured once: the titles, then each row's cells (0 where a row is
    // short).
    let n = shown.len();
    let mut widths: Vec<usize> = titles().map(width).collect();
    for row in rows {
        widths.extend((0..n).map(|i| row.get(i).map_or(0, |c| width(c))));
    }
    let mut cols: Vec<(bool, usize)> = shown.iter().map(|c| (c.right, 0)).collect();
    for row in widths.chunks(n) {
        for ((_, w), cell) in cols.iter_mut().zip(row) {
            *w = (*w).max(*cell);
        }
    }
    let border = |out: &mut dyn std::fmt::Write, [left, fill, mid, right]: [char; 4]| {
        out.write_char(left)?;
        for (i, (_, w)) in cols.iter().enumerate() {
            if i > 0 {
                out.write_char(mid)?;
            }
            repeat(out, fill, w + 2)?;
        }
        out.write_char(right)
    };
    let line =
        |out: &mut dyn std::fmt::Write, cells: &mut dyn Iterator<Item = &str>, widths: &[usize]| {
            out.write_char('│')?;
            for (i, ((right, w), measured)) in cols.iter().zip(widths).enumerate() {
                if i > 0 {
                    out.write_char('┆')?;
                }
                let cell = cells.next().unwrap_or("");
                let pad = w.saturating_sub(*measured);
                out.write_char(' ')?;
                if *right {
                    repeat(out, ' ', pad)?;
                    out.write_str(cell)?;
                } else {
                    out.write_str(cell)?;
                    repeat(out, ' ', pad)?;
                }
                out.write_char(' ')?;
            }
            out.write_str("│\n")
        };
    let mut draw = || {
        border(out, ['╭', '─', '┬', '╮'])?;
        out.write_char('\n')?;
        let mut measured = widths.chunks(n);
        line(out, &mut titles(), measured.next().unwrap_or(&[]))?;
        border(out, ['╞', '═', '╪', '╡'])?;
        out.write_char('\n')?;
        for (row, widths) in rows.iter().zip(measured) {
            line(out, &mut row.iter().map(String::as_str), widths)?;
        }
        border(out, ['╰', '─', '┴', '╯'])
    };
    Some(draw())
}

/// `n` times a character, appended: a rule's and a pad's characters copied from a run of them,
/// 64 at a time, rather than encoded one by one.
fn repeat(out: &mut dyn std::fmt::Write, c: char, mut n: usize) -> std::fmt::Result {
    const RUN: usize = 64;
    let run = match c {
        ' ' => "                                                                ",
        '─' => "────────────────────────────────────────────────────────────────",
        '═' => "════════════════════════════════════════════════════════════════",
        _ => {
            return std::iter::repeat_n(c, n).try_for_each(|c| out.write_char(c));
        }
    };
    while n > 0 {
        let k = n.min(RUN);
        out.write_str(run.get(..k * c.len_utf8()).unwrap_or_default())?;
        n -= k;
    }
    Ok(())
}

/// The cells for people of each row for people.
fn people_rows(lang: Lang, table: &Table) -> Vec<Vec<String>> {
    let shown: Vec<bool> = table.columns.iter().map(|c| c.audience.people()).collect();
    table
        .rows
        .iter()
        .filter(|r| r.audience.people())
        .map(|row| {
            row.cells
                .iter()
                .zip(&shown)
                .filter(|(_, s)| **s)
                .map(|(c, _)| people(lang, c))
                .collect()
        })
        .collect()
}

/// Each row as a record, for a terminal too narrow for the grid: its first cell, then each other
/// column's title and cell, the cell wrapped between words to the window.
fn records(columns: &[&crate::report::Column], rows: &[Vec<String>], window: usize) -> String {
    let label = columns
        .iter()
        .skip(1)
        .map(|c| width(&c.title))
        .max()
        .unwrap_or(0)
        .min(window / 3);
    let room = window.saturating_sub(label + 4).max(10);
    let mut out = String::new();
    for (n, row) in rows.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&printable(row.first().map_or("", String::as_str)));
        out.push('\n');
        for (c, cell) in columns.iter().zip(row).skip(1) {
            if cell.is_empty() {
                continue;
            }
            // A title wider than the titles' column gets a line of its own.
            let alone = width(&c.title) > label;
            if alone {
                out.push_str(&format!("  {}\n", c.title));
            }
            for (k, line) in wrap(&printable(cell), room).iter().enumerate() {
                let title = if k == 0 && !alone {
                    c.title.as_str()
                } else {
                    ""
                };
                let pad = label.saturating_sub(width(title));
                out.push_str(&format!("  {title}{}  {line}\n", " ".repeat(pad)));
            }
        }
    }
    out.trim_end().to_string()
}

/// Text cut into lines of at most `room` characters, between words; a word longer than a line
/// alone is cut.
fn wrap(text: &str, room: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        while width(&word) > room {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let cut: String = word.chars().take(room).collect();
            word = word.chars().skip(room).collect();
            lines.push(cut);
        }
        if !line.is_empty() && width(&line) + 1 + width(&word) > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The table as comfy-table lays it out, with the project's style.
fn grid(table: &Table, rows: &[Vec<String>], terminal: bool) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
    if terminal {
        t.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        t.force_no_tty()
            .set_content_arrangement(ContentArrangement::Disabled);
    }
    t.set_header(
        table
            .columns
            .iter()
            .filter(|c| c.audience.people())
            .map(|c| c.title.clone()),
    );
    let mut widths: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| c.audience.people())
        .map(|c| width(&c.title))
        .collect();
    for cells in rows {
        for (w, c) in widths.iter_mut().zip(cells) {
            *w = (*w).max(width(c));
        }
        t.add_row(cells);
    }
    for (i, c) in table
        .columns
        .iter()
        .filter(|c| c.audience.people())
        .enumerate()
    {
        let Some(col) = t.column_mut(i) else {
            continue;
        };
        if c.right {
            col.set_cell_alignment(CellAlignment::Right);
        }
        // On a narrow terminal, long texts wrap; numbers, amounts and short words never do.
        if c.right || widths.get(i).is_some_and(|w| *w <= SHORT) {
            col.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
    t
}

/// A column whose every cell is at most this wide keeps its width on a narrow terminal.
const SHORT: usize = 16;

/// The warnings as indented lists, one per scope (`warnings of A:`), or nothing.
pub fn warnings(lang: Lang, out: &mut impl Write, warnings: &[WarningItem]) -> io::Result<()> {
    let mut scopes: Vec<Option<&str>> = Vec::new();
    for w in warnings {
        if !scopes.contains(&w.scope.as_deref()) {
            scopes.push(w.scope.as_deref());
        }
    }
    for scope in scopes {
        let these: Vec<&WarningItem> = warnings
            .iter()
            .filter(|w| w.scope.as_deref() == scope)
            .collect();
        match scope {
            None => writeln!(
                out,
                "\n{}{}",
                lang.fill("section.warnings", &[("count", &these.len().to_string())]),
                lang.colon()
            )?,
            Some(s) => writeln!(
                out,
                "\n{}{}",
                lang.fill("section.warnings_of", &[("scope", s)]),
                lang.colon()
            )?,
        }
        for w in these {
            writeln!(out, "  - [{}] {}", w.code, printable(&w.message))?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::report::Column;

    /// Outside a terminal, a table is drawn by `plain`: byte for byte what comfy-table draws then,
    /// for texts of every width (accents composed or not, wide characters, an emoji, the euro
    /// sign), empty cells, a row shorter than the columns, a column for programs only and a
    /// table without rows.
    #[test]
    fn a_table_outside_a_terminal_is_drawn_as_comfy_table_draws_it() {
        let columns = || {
            vec![
                Column::new("mission", "mission"),
                Column::new("code", "code").programs(),
                Column::new("amount", "montant dû").right(),
                Column::new("note", "note"),
            ]
        };
        let mut full = Table::new(columns());
        for [a, b, c, d] in [
            ["Accès aux soins", "x", "75 000,00 €", ""],
            ["Acce\u{301}s aux soins", "x", "1,00 €", "東京 🙂"],
            ["", "", "", "une note plus longue que son titre"],
            ["Prévention", "y", "123 456 789,00 €", "ǅ"],
        ] {
            full.row(vec![
                Cell::text(a),
                Cell::text(b),
                Cell::text(c),
                Cell::text(d),
            ]);
        }
        full.row(vec![Cell::text("short row")]);
        let empty = Table::new(columns());
        for table in [&full, &empty] {
            let rows = people_rows(Lang::En, table);
            let mut drawn = String::new();
            plain(table, &rows, &mut drawn).unwrap().unwrap();
            assert_eq!(drawn, grid(table, &rows, false).to_string());
        }
        // A text on several lines is left to comfy-table.
        let mut lines = Table::new(columns());
        lines.row(vec![Cell::text("two\nlines")]);
        let mut drawn = String::new();
        assert!(plain(&lines, &people_rows(Lang::En, &lines), &mut drawn).is_none());
        assert!(drawn.is_empty(), "nothing written");
    }

    /// A rule's or a pad's character repeated from a run is the character as many times, across
    /// runs and for none.
    #[test]
    fn a_character_repeated_is_the_character_n_times() {
        for c in [' ', '─', '═', '┆'] {
            for n in 0..200 {
                let mut out = String::from("x");
                repeat(&mut out, c, n).unwrap();
                let want: String = std::iter::once('x')
                    .chain(std::iter::repeat_n(c, n))
                    .collect();
                assert_eq!(out, want, "{c:?} × {n}");
            }
        }
    }

    /// Every character `counted` counts without a lookup takes one column for unicode-width, as
    /// comfy-table measures, and a text of them all as many columns as it has characters.
    #[test]
    fn french_text_is_counted_as_unicode_width_measures_it() {
        let counted_alone: String = ('\0'..='\u{ffff}')
            .filter(|c| counted(c.encode_utf8(&mut [0; 4])).is_some())
            .collect();
        for c in counted_alone.chars() {
            assert_eq!(unicode_width::UnicodeWidthChar::width(c), Some(1), "{c:?}");
        }
        assert_eq!(counted_alone.chars().count(), 95 + 13 + 18 + 192 + 6);
        assert_eq!(
            counted(&counted_alone),
            Some(unicode_width::UnicodeWidthStr::width(
                counted_alone.as_str()
            ))
        );
    }
}
