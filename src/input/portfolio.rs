//! A portfolio CSV: one CPTS per row, the form an adviser keeps in a spreadsheet. Plain (`,`) or
//! from a French spreadsheet (`;`, decimal comma, byte-order mark); dates `2024-04-15` or
//! `15/04/2024`. Each row becomes the values of the scenario file it stands for, checked by the same
//! rules as a file (without writing and parsing TOML again), so a row and the same CPTS written as
//! a file give the same result.
//!
//! Columns (header names, any order; unknown columns are refused): `name`, `population` (or
//! `communes`: INSEE codes separated by spaces), `members`, `signed` (required); `contract_year`,
//! `tariff`, `crisis_recognised` (`oui`/`non` or `yes`/`no` for the contract year computed, or
//! the contract years with a crisis: `années 1 3`, `years 2`, or `2 4`; a bare `1` or `0`, which
//! reads both ways, is refused), `renewed` (`oui`/`non`: the contract was renewed after its fifth
//! year); one column per mission id with its
//! achievement (`0.8`, `0,8`, `80%`, `80 %`, or a range `0.5/0.8/1`; empty: the mission is not run; for
//! `crises_sanitaires`, any mark such as `oui` or `x`), and `MISSION.started` for a start date.

use super::diagnostic::{Diagnostic, InputError, SourceFile};
use super::scenario::{Loaded, Values, load_values_at};
use super::values::{
    CrisisInput, FractionByYear, PerYear, contract_year as contract_year_of, in_unit_range,
};
use crate::catalog::Lang;
use crate::model::tariff::Registry;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// One row of a portfolio: where it is, and its cells (or why it cannot be read); turned into the
/// scenario it stands for by [`PortfolioRow::scenario`], which can run on any thread.
pub struct PortfolioRow {
    /// `file:line`.
    pub source: String,
    /// The header and the row's cells, or the problem of the row.
    raw: Result<(std::sync::Arc<[String]>, csv::StringRecord), InputError>,
}

impl PortfolioRow {
    /// The CPTS's name as written in the row (`None` when the row cannot be read).
    pub fn name(&self) -> Option<&str> {
        let (header, record) = self.raw.as_ref().ok()?;
        let at = header.iter().position(|h| h.trim() == "name")?;
        record.get(at).map(str::trim)
    }

    /// The scenario the row stands for, checked as its file would be, with its table.
    pub fn load<'r>(
        self,
        lang: Lang,
        registry: &'r Registry,
        forced: Option<&str>,
        at: Option<NaiveDate>,
    ) -> Result<Loaded<'r>, InputError> {
        let (header, record) = self.raw?;
        let values = row(lang, &header, &record, &self.source)?;
        let file = SourceFile {
            name: self.source,
            text: String::new().into(),
        };
        load_values_at(lang, values, &file, registry, forced, at)
    }
}

/// The required columns.
pub const REQUIRED: [&str; 4] = ["name", "population", "members", "signed"];

/// Optional columns other than the missions.
pub const OPTIONAL: [&str; 5] = [
    "contract_year",
    "tariff",
    "crisis_recognised",
    "renewed",
    "communes",
];

fn row_error(lang: Lang, source: &str, message: String) -> InputError {
    InputError::single(
        SourceFile {
            name: source.to_string(),
            text: String::new().into(),
        },
        Diagnostic::error(lang, message, None).with_help(lang.t("input.portfolio.help")),
    )
}

/// The day a spreadsheet's day number stands for (days since 30 December 1899, as Excel and
/// LibreOffice count them), for a number of five digits (1954 to 2173); `None` for any other text.
fn excel_day(value: &str) -> Option<NaiveDate> {
    let n: i64 = value.trim().parse().ok()?;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    (10_000..100_000)
        .contains(&n)
        .then(|| epoch.checked_add_signed(chrono::Duration::days(n)))
        .flatten()
}

/// Checks a portfolio's header: every unknown column said at its place, with the column meant
/// (a misspelling, or its French name), and every required column missing — all in one run. A
/// column missing because it is misspelt is said once, at the misspelling.
fn check_header(
    lang: Lang,
    file: &SourceFile,
    header: &[String],
    delimiter: u8,
    registry: &Registry,
) -> Result<(), InputError> {
    let missions = registry.mission_ids();
    let allowed: Vec<&str> = REQUIRED
        .iter()
        .chain(&OPTIONAL)
        .copied()
        .chain(missions.iter().copied())
        .collect();
    // Each column's place in the line, when the line is plain (no quotes).
    let line = &*file.text;
    let mut places = Vec::new();
    let mut at = 0;
    for field in line.split(char::from(delimiter)) {
        places.push(at..at + field.len().max(1));
        at += field.len() + 1;
    }
    let whole = 0..line.len().max(1);
    let plain = places.len() == header.len() && !line.contains('\u{22}');
    let mut c = super::Collector::new(lang);
    let mut meant = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let known = allowed.contains(&h.as_str())
            || h.strip_suffix(".started")
                .is_some_and(|m| missions.contains(&m));
        if known {
            continue;
        }
        let french = super::french_key(h).filter(|k| allowed.contains(k));
        let help = match (french, super::nearest(h, allowed.iter().copied())) {
            (Some(column), _) => {
                meant.push(column);
                lang.fill("input.portfolio.french_column", &[("column", column)])
            }
            (None, Some(near)) => {
                meant.push(near);
                lang.fill("input.portfolio.did_you_mean", &[("column", near)])
            }
            (None, None) => lang.t("input.portfolio.help").to_string(),
        };
        let place = if plain {
            places[i].clone()
        } else {
            whole.clone()
        };
        c.error(
            lang.fill("input.portfolio.unknown_column", &[("column", h)]),
            place,
            help,
        );
    }
    for r in REQUIRED {
        // A territory's communes stand for its population.
        let communes = r == "population" && header.iter().any(|h| h == "communes");
        if !communes && !header.iter().any(|h| h == r) && !meant.contains(&r) {
            c.error(
                lang.fill("input.portfolio.missing_column", &[("column", r)]),
                whole.clone(),
                lang.t("input.portfolio.help"),
            );
        }
    }
    c.finish(file).map(|_| ())
}

/// A date as a spreadsheet writes it (`2024-04-15`, `15/04/2024`), by the formatter's rule.
fn date(s: &str) -> Option<NaiveDate> {
    crate::catalog::format::read_day(s).ok()
}

/// An achievement as written — `0,8`, `80 %`, or a range `0.5/0.8/1` (low/likely/high) — read
/// by the loader's own rules; `None` when it cannot be read as a number at all.
fn achievement_value(s: &str) -> Option<Result<FractionByYear, String>> {
    let mut parts = s.split('/');
    let (first, second, third) = (parts.next()?, parts.next(), parts.next());
    match (second, third, parts.next()) {
        (None, _, _) => Some(achievement(first)?.map(|f| PerYear(vec![f], None))),
        (Some(likely), Some(high), None) => {
            let (low, likely, high) = (
                achievement(first)?,
                achievement(likely)?,
                achievement(high)?,
            );
            Some(low.and_then(|l| {
                likely.and_then(|m| high.and_then(|h| FractionByYear::range(l, m, h)))
            }))
        }
        _ => None,
    }
}

/// An achievement as written (`0.8`, `0,8`, `80%`, `80 %`) as an exact fraction, checked to lie
/// in [0, 1] as the loader checks a percentage; `None` when it is not a number.
fn achievement(s: &str) -> Option<Result<Decimal, String>> {
    let s = s.trim();
    let (number, percent) = s.strip_suffix('%').map_or((s, false), |p| (p.trim(), true));
    let value = if number.contains(',') {
        Decimal::from_str(&number.replace(',', "."))
    } else {
        Decimal::from_str(number)
    }
    .ok()?;
    if !percent && super::values::percent_without_sign(value) {
        let said = super::values::worded("input.portfolio.percent_without_sign", &[("value", s)]);
        return Some(Err(said));
    }
    let hundred = Decimal::ONE_HUNDRED;
    let (fraction, percentage) = if percent {
        (value.checked_div(hundred), Some(value))
    } else {
        (
            Some(value),
            value.checked_mul(hundred).map(|p| p.normalize()),
        )
    };
    // Out of range, it is said as a percentage (`"150%"`), or as written when too large for one.
    let written = || {
        percentage.map_or_else(
            || format!("\u{22}{s}\u{22}"),
            |p| format!("\u{22}{p}%\u{22}"),
        )
    };
    // A division by a hundred does not fail; were it to, the value would be said out of range.
    Some(in_unit_range(fraction.unwrap_or(Decimal::MAX), written).map(|f| f.0))
}

/// A whole number, or one with its thousands apart (`95 000`) as French spreadsheets write
/// them, by the rule a scenario's is read with: every group after the first has three digits, so
/// that `95 00` or `3 5` is refused rather than read as `9500` or `35`.
fn whole(s: &str) -> Option<i64> {
    let s = s.trim();
    super::thousands(s, |c| super::THOUSANDS_APART.contains(&c))
        .as_deref()
        .unwrap_or(s)
        .parse()
        .ok()
}

/// A yes or a no written in words ([`super::yes_or_no`]), or a cross ticking the cell: never a
/// number, which a column of contract years could mean too.
fn flag(s: &str) -> Option<bool> {
    let ticked = s.trim().eq_ignore_ascii_case("x");
    super::yes_or_no(s).or(ticked.then_some(true))
}

/// A yes or a no as [`flag`] reads it, or as a spreadsheet's `1` and `0`; an empty cell is a no.
fn yes(s: &str) -> Option<bool> {
    match s.trim() {
        "" | "0" => Some(false),
        "1" => Some(true),
        _ => flag(s),
    }
}

/// The longest line of a portfolio: a row of every column is well under a kilobyte, so a longer
/// line is not a portfolio (a binary file, a file without line ends) and stops the file.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Reads a portfolio held in memory (see [`read_from`]).
pub fn read<'a>(
    lang: Lang,
    file: &'a SourceFile,
    registry: &Registry,
) -> Result<impl Iterator<Item = PortfolioRow> + use<'a>, InputError> {
    read_from(lang, &file.name, file.text.as_bytes(), registry)
}

/// Opens a portfolio CSV (`-`: standard input) and reads it row by row from the file: memory does
/// not grow with the rows, nor with the file.
pub fn open(
    lang: Lang,
    path: &str,
    registry: &Registry,
) -> Result<impl Iterator<Item = PortfolioRow> + use<>, InputError> {
    let source: Box<dyn std::io::Read> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| super::open_error(lang, path, &e))?)
    };
    let name = if path == "-" { super::STDIN } else { path };
    read_from(lang, name, source, registry)
}

/// Reads a portfolio CSV row by row; the whole file fails only when its header cannot be read.
/// A line longer than [`MAX_LINE_BYTES`], or a failure to read, is reported as the problem of the
/// row where it happens and ends the file.
pub fn read_from<'a, R: std::io::Read + 'a>(
    lang: Lang,
    name: &str,
    mut source: R,
    registry: &Registry,
) -> Result<impl Iterator<Item = PortfolioRow> + use<'a, R>, InputError> {
    let unreadable = |reason: String| {
        InputError::unreadable(
            lang,
            name,
            lang.fill(
                "input.file.unreadable",
                &[("path", name), ("reason", &reason)],
            ),
            lang.t("input.file.unreadable_help"),
        )
    };
    // French Excel saves "CSV (séparateur : point-virgule)" in Windows-1252: a first 64 KiB that
    // is not UTF-8 says so, and the file is read through a decoder.
    let mut sample = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(&mut source, SAMPLE), &mut sample)
        .map_err(|e| unreadable(e.to_string()))?;
    let utf8 = match std::str::from_utf8(&sample) {
        Ok(_) => true,
        // Cut inside a character at the end of the sample.
        Err(e) => e.error_len().is_none(),
    };
    let joined = std::io::Read::chain(std::io::Cursor::new(sample), source);
    let source: Box<dyn std::io::Read + 'a> = if utf8 {
        Box::new(joined)
    } else {
        Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding_rs::WINDOWS_1252))
                .build(joined),
        )
    };
    let mut source = std::io::BufReader::new(source);
    let mut head = Vec::new();
    std::io::BufRead::read_until(
        &mut std::io::Read::take(&mut source, MAX_LINE_BYTES as u64 + 1),
        b'\n',
        &mut head,
    )
    .map_err(|e| unreadable(e.to_string()))?;
    if head.len() > MAX_LINE_BYTES {
        return Err(unreadable(lang.fill(
            "input.portfolio.line_too_long",
            &[("max", &(MAX_LINE_BYTES / 1024).to_string())],
        )));
    }
    let head = head
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or(&head)
        .to_vec();
    let first = match std::str::from_utf8(&head) {
        Ok(text) => text.trim_end_matches(['\n', '\r']).to_string(),
        Err(e) => {
            let offset = e.valid_up_to();
            return Err(InputError::single(
                SourceFile {
                    name: name.to_string(),
                    text: String::from_utf8_lossy(&head).into_owned().into(),
                },
                Diagnostic::error(
                    lang,
                    lang.fill("input.file.not_utf8", &[("offset", &offset.to_string())]),
                    Some(offset..offset + 1),
                )
                .with_help(lang.t("input.file.not_utf8_help")),
            ));
        }
    };
    let delimiter = if first.contains(';') { b';' } else { b',' };
    let file = SourceFile {
        name: name.to_string(),
        text: first.clone().into(),
    };
    let header_error = |message: String| {
        InputError::single(
            file.clone(),
            Diagnostic::error(lang, message, Some(0..first.len().max(1)))
                .with_help(lang.t("input.portfolio.help")),
        )
    };
    let starts = LineIndex::default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(LineStarts {
            inner: std::io::Read::chain(
                std::io::Cursor::new(head),
                LineCapped {
                    inner: source,
                    since_line_end: 0,
                    lang,
                },
            ),
            starts: starts.clone(),
            offset: 0,
            line: 1,
            line_start: 0,
            seen: false,
        });
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| header_error(e.to_string()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    check_header(lang, &file, &header, delimiter, registry)?;
    let name = name.to_string();
    let header: std::sync::Arc<[String]> = header.into();
    let (mut line, mut ended) = (1u64, false);
    // A line of separators only (`;;;;`) is what a spreadsheet exports for an empty row.
    let empty = |r: &csv::StringRecord| r.iter().all(|f| f.trim().is_empty());
    Ok(reader
        .into_records()
        .filter(move |r| !r.as_ref().is_ok_and(empty))
        .map_while(move |record| {
            if ended {
                return None;
            }
            Some(match record {
                Ok(r) => {
                    line = r.position().map_or(line + 1, |p| starts.line_at(p));
                    PortfolioRow {
                        source: format!("{name}:{line}"),
                        raw: Ok((header.clone(), r)),
                    }
                }
                Err(e) => {
                    // A failure to read ends the file; a malformed row does not.
                    ended = matches!(e.kind(), csv::ErrorKind::Io(_));
                    line = e.position().map_or(line + 1, |p| starts.line_at(p));
                    let source = format!("{name}:{line}");
                    let message = match e.kind() {
                        csv::ErrorKind::Io(io) => io.to_string(),
                        csv::ErrorKind::Utf8 { .. } => {
                            lang.t("input.portfolio.not_utf8_row").to_string()
                        }
                        _ => e.to_string(),
                    };
                    PortfolioRow {
                        raw: Err(row_error(lang, &source, message)),
                        source,
                    }
                }
            })
        }))
}

/// How much of a portfolio is looked at to tell its encoding.
const SAMPLE: u64 = 64 * 1024;

/// Where the lines that hold something start, by byte offset, as the reader reads them — the
/// CSV reader's own line of a row counts from the end of the row before it, blank lines and a
/// CRLF's `\r` included, so a row after a blank line was said one or more lines early.
#[derive(Clone, Default)]
struct LineIndex(std::sync::Arc<std::sync::Mutex<std::collections::VecDeque<(u64, u64)>>>);

impl LineIndex {
    /// The line of a row the CSV reader placed at `p`: the first line holding something from
    /// its byte on. Lines before it are dropped, so the index holds what is read ahead only.
    fn line_at(&self, p: &csv::Position) -> u64 {
        let Ok(mut starts) = self.0.lock() else {
            return p.line();
        };
        while starts.front().is_some_and(|(at, _)| *at < p.byte()) {
            starts.pop_front();
        }
        starts.front().map_or(p.line(), |(_, line)| *line)
    }
}

/// A reader that notes in a [`LineIndex`] where each line holding more than blanks starts.
struct LineStarts<R> {
    inner: R,
    starts: LineIndex,
    /// Bytes read so far, the line they end on, and where it starts.
    offset: u64,
    line: u64,
    line_start: u64,
    /// Whether the current line has been noted.
    seen: bool,
}

impl<R: std::io::Read> std::io::Read for LineStarts<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut starts) = self.starts.0.lock() {
            for (i, b) in buf.get(..n).unwrap_or_default().iter().enumerate() {
                match b {
                    b'\n' => {
                        self.line += 1;
                        self.seen = false;
                        self.line_start = self.offset + i as u64 + 1;
                    }
                    b' ' | b'\t' | b'\r' => {}
                    _ if !self.seen => {
                        self.seen = true;
                        starts.push_back((self.line_start, self.line));
                    }
                    _ => {}
                }
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// A reader that fails on a line longer than [`MAX_LINE_BYTES`], so that one endless line cannot
/// fill the memory.
struct LineCapped<R> {
    inner: R,
    since_line_end: usize,
    /// The language of the error a line too long is.
    lang: Lang,
}

impl<R: std::io::Read> std::io::Read for LineCapped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let lang = self.lang;
        let read = buf.get(..n).unwrap_or_default();
        self.since_line_end = match read.iter().rposition(|b| *b == b'\n') {
            Some(i) => n - i - 1,
            None => self.since_line_end + n,
        };
        if self.since_line_end > MAX_LINE_BYTES {
            return Err(std::io::Error::other(lang.fill(
                "input.portfolio.line_too_long",
                &[("max", &(MAX_LINE_BYTES / 1024).to_string())],
            )));
        }
        Ok(n)
    }
}

/// What a row's columns say of a mission: its start, its achievement, and whether it runs.
type MissionCells = (Option<NaiveDate>, Option<FractionByYear>, bool);

/// One row as the values of the scenario file it stands for.
fn row(
    lang: Lang,
    header: &[String],
    record: &csv::StringRecord,
    source: &str,
) -> Result<Values, InputError> {
    const WHOLE: &str = "input.portfolio.form_whole";
    // A cell that does not read, said with the form its column takes (`form` names its words):
    // a row's problem is said in one line, so the fix is in the message.
    let bad = |column: &str, value: &str, form: &str| {
        let args = [("column", column), ("value", value), ("form", lang.t(form))];
        row_error(lang, source, lang.fill("input.portfolio.bad_value", &args))
    };
    // A date a spreadsheet gives as its day number (`44986`, a date column saved without its
    // format): said with the day it stands for, which is not taken for granted.
    let bad_date = |column: &str, value: &str| match excel_day(value) {
        Some(day) => row_error(
            lang,
            source,
            lang.fill(
                "input.portfolio.excel_day",
                &[
                    ("column", column),
                    ("value", value.trim()),
                    ("day", &crate::catalog::format::date(lang, day)),
                ],
            ),
        ),
        None => bad(column, value, "input.portfolio.form_date"),
    };
    // A value's own problem, in its column, worded as the loader words it in a file (a row's
    // problem is said in one line: the fix is in the message).
    let wrong = |column: &str, what: String| {
        let message = super::values::said(lang, &what).map_or(what, |(message, _)| message);
        let args = [("column", column), ("message", message.as_str())];
        row_error(lang, source, lang.fill("input.portfolio.in_column", &args))
    };
    let (mut name, mut population, mut members, mut signed) = (None, None, None, None);
    let mut communes: Option<Vec<String>> = None;
    let (mut contract_year, mut tariff, mut crisis, mut renewed) = (None, None, None, None);
    // Missions in the order of their columns: start date, achievement, and whether they run.
    // A handful of columns: looked for in a list, not hashed.
    let mut missions: Vec<(&str, MissionCells)> = Vec::with_capacity(header.len());
    for (h, v) in header.iter().zip(record.iter()) {
        let value = v.trim();
        if value.is_empty() {
            continue;
        }
        match h.as_str() {
            "name" => name = Some(value.to_string()),
            "tariff" => tariff = Some(value.to_string()),
            "population" => population = Some(whole(value).ok_or_else(|| bad(h, value, WHOLE))?),
            "communes" => {
                communes = Some(
                    value
                        .split(|c: char| c.is_whitespace() || c == ',')
                        .filter(|c| !c.is_empty())
                        .map(str::to_string)
                        .collect(),
                );
            }
            "members" => members = Some(whole(value).ok_or_else(|| bad(h, value, WHOLE))?),
            "contract_year" => {
                contract_year = Some(whole(value).ok_or_else(|| bad(h, value, WHOLE))?)
            }
            "signed" => signed = Some(date(value).ok_or_else(|| bad_date(h, value))?),
            "renewed" => {
                renewed =
                    Some(flag(value).ok_or_else(|| bad(h, value, "input.portfolio.form_flag"))?)
            }
            "crisis_recognised" => {
                crisis = Some(match flag(value) {
                    Some(b) => CrisisInput::Flag(b),
                    None => {
                        let list = value
                            .strip_prefix("années")
                            .or_else(|| value.strip_prefix("année"))
                            .or_else(|| value.strip_prefix("years"))
                            .or_else(|| value.strip_prefix("year"));
                        // `1` alone reads as "yes" in a spreadsheet and as contract year 1.
                        if list.is_none() && matches!(value, "0" | "1") {
                            return Err(row_error(
                                lang,
                                source,
                                lang.fill("input.portfolio.crisis_ambiguous", &[("value", value)]),
                            ));
                        }
                        CrisisInput::Years(
                            list.unwrap_or(value)
                                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                                .filter(|y| !y.is_empty())
                                .map(|y| {
                                    let form = "input.portfolio.form_crisis";
                                    let y = whole(y).ok_or_else(|| bad(h, value, form))?;
                                    contract_year_of(y).map_err(|w| wrong(h, w))
                                })
                                .collect::<Result<Vec<_>, _>>()?,
                        )
                    }
                });
            }
            other => {
                let (mission, started) = match other.strip_suffix(".started") {
                    Some(m) => (m, true),
                    None => (other, false),
                };
                let at = match missions.iter().position(|(id, _)| *id == mission) {
                    Some(at) => at,
                    None => {
                        missions.push((mission, Default::default()));
                        missions.len() - 1
                    }
                };
                let entry = &mut missions[at].1;
                if started {
                    entry.0 = Some(date(value).ok_or_else(|| bad_date(h, value))?);
                } else if mission == "crises_sanitaires" {
                    entry.2 = yes(value) != Some(false);
                } else {
                    let a = achievement_value(value)
                        .ok_or_else(|| bad(h, value, "input.portfolio.form_achievement"))?;
                    entry.1 = Some(a.map_err(|w| wrong(h, w))?);
                    entry.2 = true;
                }
            }
        }
    }
    let required = |column: &str| {
        row_error(
            lang,
            source,
            lang.fill("input.portfolio.empty_required", &[("column", column)]),
        )
    };
    Ok(Values {
        name: name.ok_or_else(|| required("name"))?,
        population: match (&population, &communes) {
            (None, None) => return Err(required("population")),
            _ => population,
        },
        communes,
        members: members.ok_or_else(|| required("members"))?,
        signed: signed.ok_or_else(|| required("signed"))?,
        contract_year,
        tariff,
        crisis_recognised: crisis,
        renewed,
        // A start date alone does not run a mission.
        missions: missions
            .into_iter()
            .filter(|(_, (_, _, runs))| *runs)
            .map(|(id, (started, achievement, _))| (id.to_string(), started, achievement))
            .collect(),
    })
}

/// The template `aci-cpts init --portfolio` writes: the columns, and three CPTS to start from.
pub fn template(registry: &Registry, french: bool) -> String {
    // French Excel opens a CSV split on `;`, with decimal commas.
    let sep = if french { ";" } else { "," };
    let missions = registry.mission_ids();
    let mut header: Vec<String> = REQUIRED
        .iter()
        .chain(OPTIONAL.iter())
        .map(|s| s.to_string())
        .collect();
    header.extend(missions.iter().map(|m| m.to_string()));
    // A territory is its population or its communes.
    let example = |name: &str,
                   (pop, communes): (&str, &str),
                   members: &str,
                   signed: &str,
                   year: &str,
                   ach: &str| {
        let mut cells = vec![
            name.to_string(),
            pop.to_string(),
            members.to_string(),
            signed.to_string(),
            year.to_string(),
            String::new(),
            String::new(),
            String::new(),
            communes.to_string(),
        ];
        cells.extend(missions.iter().map(|m| {
            if *m == "crises_sanitaires" {
                "oui".to_string()
            } else if ["qualite_pertinence", "accompagnement_professionnels"].contains(m) {
                String::new()
            } else {
                if french {
                    ach.replace('.', ",")
                } else {
                    ach.to_string()
                }
            }
        }));
        cells.join(sep)
    };
    format!(
        "{}\n{}\n{}\n{}\n",
        header.join(sep),
        example(
            "CPTS exemple 01",
            ("56000", ""),
            "70",
            "2023-09-01",
            "2",
            "80%"
        ),
        example(
            "CPTS exemple 02",
            ("", "93064 93077 93062"),
            "80",
            "2022-04-15",
            "4",
            "0.9"
        ),
        example(
            "CPTS exemple 03",
            ("190000", ""),
            "140",
            "2021-01-10",
            "5",
            "75%"
        ),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// A yes or a no in French or English words, in any case, or a cross; `yes` also reads a
    /// spreadsheet's `1` and `0` and an empty cell. A number is never a flag.
    #[test]
    fn a_yes_or_a_no_is_read_from_words_a_cross_or_for_a_mission_a_digit() {
        for (cell, said) in [
            ("oui", true),
            (" Vrai ", true),
            ("YES", true),
            ("true", true),
            ("x", true),
            ("X", true),
            ("non", false),
            ("Faux", false),
            ("no", false),
            ("FALSE", false),
        ] {
            assert_eq!(flag(cell), Some(said), "{cell:?}");
            assert_eq!(yes(cell), Some(said), "{cell:?}");
        }
        for number in ["1", "0", "2", ""] {
            assert_eq!(flag(number), None, "{number:?}");
        }
        assert_eq!(yes("1"), Some(true));
        assert_eq!(yes(" 0 "), Some(false));
        assert_eq!(yes(""), Some(false));
        assert_eq!(yes("peut-être"), None);
    }

    #[test]
    fn a_whole_number_may_have_its_thousands_apart() {
        assert_eq!(whole("95 000"), Some(95_000));
        assert_eq!(whole("95\u{a0}000"), Some(95_000));
        assert_eq!(whole("95\u{202f}000"), Some(95_000));
        assert_eq!(whole(" 120 "), Some(120));
        assert_eq!(whole("12,5"), None);
        assert_eq!(whole("1 234 567"), Some(1_234_567));
        // Digits apart otherwise are two numbers, or a typing slip: never read as one.
        for slip in ["95 00", "3 5", "1 2345", "95 000 0", " 95  000"] {
            assert_eq!(whole(slip), None, "{slip:?}");
        }
    }
}
