//! Files → checked domain types. Reading, TOML parsing with positions, and the rules that need a
//! position to be reported well; no computation of amounts.

pub mod diagnostic;
pub mod limits;
pub mod portfolio;
pub mod scenario;
pub mod spanned;
pub mod tariff;
pub mod territory;
pub mod tree;
pub mod values;
pub mod vary;

use crate::catalog::{fill, t};
use crate::input::diagnostic::{Diagnostic, InputError, SourceFile};

/// The name standard input goes by in messages.
pub const STDIN: &str = "<stdin>";
use std::io::Read;
use std::ops::Range;

/// Reads a file as UTF-8 text; `-` reads standard input.
pub fn read_source(path: &str) -> Result<SourceFile, InputError> {
    read_source_capped(path, MAX_INPUT_BYTES)
}

/// [`read_source`] with another cap.
pub fn read_source_capped(path: &str, cap: u64) -> Result<SourceFile, InputError> {
    let too_large = |name: &str| {
        InputError::unreadable(
            name,
            fill(
                "input.file.too_large",
                &[("max", &format!("{}", cap / 1024 / 1024))],
            ),
            t("input.file.too_large_help"),
        )
    };
    let (name, bytes) = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                InputError::unreadable(
                    STDIN,
                    fill("input.file.stdin", &[("reason", &e.to_string())]),
                    t("input.file.stdin_help"),
                )
            })?;
        if bytes.len() as u64 > cap {
            return Err(too_large(STDIN));
        }
        (STDIN.to_string(), bytes)
    } else {
        let bytes = read_capped(path, cap).map_err(|e| open_error(path, &e))?;
        if bytes.len() as u64 > cap {
            return Err(too_large(path));
        }
        (path.to_string(), bytes)
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile { name, text }),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Err(InputError::single(
                SourceFile { name, text },
                Diagnostic::error(
                    fill("input.file.not_utf8", &[("offset", &offset.to_string())]),
                    Some(offset..offset + 1),
                )
                .with_help(t("input.file.not_utf8_help")),
            ))
        }
    }
}

/// A file that cannot be opened or read, with how to fix it.
pub fn open_error(path: &str, e: &std::io::Error) -> InputError {
    let help = match e.kind() {
        std::io::ErrorKind::NotFound => t("input.file.not_found_help"),
        std::io::ErrorKind::PermissionDenied => t("input.file.permission_help"),
        _ => t("input.file.unreadable_help"),
    };
    InputError::unreadable(
        path,
        fill(
            "input.file.unreadable",
            &[("path", path), ("reason", &io_reason(e))],
        ),
        help,
    )
}

/// The most a scenario or a table file may hold: the largest real one is a few kilobytes, so a
/// larger input is a mistake (`/dev/zero`, a binary file), refused at once instead of read whole.
pub const MAX_INPUT_BYTES: u64 = 4 * 1024 * 1024;

/// Reads at most one byte more than the cap, so an endless file is refused at once.
fn read_capped(path: &str, cap: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(cap + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => t("input.file.no_such_file").to_string(),
        std::io::ErrorKind::PermissionDenied => t("input.file.permission_denied").to_string(),
        _ => e.to_string(),
    }
}

/// Which kind of file is read, for the hints of error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A scenario.
    Scenario,
    /// A tariff table.
    Tariff,
}

impl FileKind {
    fn reference(self) -> &'static str {
        match self {
            FileKind::Scenario => t("input.toml.scenario_reference"),
            FileKind::Tariff => t("input.toml.tariff_reference"),
        }
    }
}

/// Parses TOML into a raw input type, turning a syntax or type error into a diagnostic with its
/// position and a hint; fails on the first.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    kind: FileKind,
) -> Result<T, InputError> {
    match parse_toml_all(file, kind) {
        (Some(value), problems) if problems.is_empty() => Ok(value),
        (_, diagnostics) => Err(InputError {
            file: file.clone(),
            diagnostics,
            layers: Vec::new(),
        }),
    }
}

/// How many problems of a file are collected while reading it, at most.
const MAX_READ_PROBLEMS: usize = 50;

/// Parses TOML into a raw input type, collecting every syntax, type and key problem so that a
/// user fixes them in one pass: after each problem with a place, its line is blanked and the text
/// read again. Returns the value when the text reads without a problem, and the problems (the
/// checks that follow run only on a file that reads, so that a blanked line causes no problem of
/// its own).
pub fn parse_toml_all<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    kind: FileKind,
) -> (Option<T>, Vec<Diagnostic>) {
    let (value, mut problems) = parse_toml_each(file, kind);
    place_at_top(&mut problems, &file.text);
    (value, problems)
}

/// A file's text with the line of each problem found while reading it blanked, as
/// [`parse_toml_all`] read it last: what the file says apart from its problems, for checks that
/// need only part of it.
pub fn without_problem_lines(text: &str, problems: &[Diagnostic]) -> String {
    let mut text = text.to_string();
    for span in problems.iter().filter_map(|d| d.span.clone()) {
        // A span at the top (a key missing from the whole file) blanks nothing: line 1 holds
        // the file's first key, which is read as it is.
        if span.start > 0 {
            blank_line(&mut text, span.start);
        }
    }
    text
}

/// The first line of a file's top-level table — its first line that is neither blank nor a
/// comment — where a key missing at the top belongs; `None` for a file without one.
fn top_level(text: &str) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let start = at + (content.len() - trimmed.len());
            return Some(start..at + content.len());
        }
        at += line.len();
    }
    None
}

/// Gives every error without a place (a key missing at the top of the file) the place of the
/// file's top-level table, so that it is said at a line like every other.
fn place_at_top(diagnostics: &mut [Diagnostic], text: &str) {
    for d in diagnostics {
        if d.span.is_none() && d.severity == crate::input::diagnostic::Severity::Error {
            d.span = top_level(text);
        }
    }
}

fn parse_toml_each<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    kind: FileKind,
) -> (Option<T>, Vec<Diagnostic>) {
    // Copied only when a line must be blanked to read on past an error.
    let mut text = std::borrow::Cow::Borrowed(file.text.as_str());
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut blanked: Vec<String> = Vec::new();
    for _ in 0..MAX_READ_PROBLEMS {
        let e = match toml::from_str::<T>(&text) {
            Ok(value) if problems.is_empty() => return (Some(value), problems),
            Ok(_) => return (None, problems),
            Err(e) => e,
        };
        let mut d = written_as_in_french(&text, &e).unwrap_or_else(|| toml_diagnostic(&e, kind));
        if d.span.is_none() && e.message().starts_with("recursion limit") {
            // serde says how deep, not where: the deepest line is where tables nest too far.
            d.span = deepest_line(&text);
        }
        // A key found missing because its line was blanked is not a problem of its own.
        let missing = e
            .message()
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next());
        if missing.is_some_and(|k| blanked.iter().any(|b| b == k)) {
            return (None, problems);
        }
        let span = d.span.clone();
        problems.push(d);
        match span.and_then(|s| blank_line(text.to_mut(), s.start)) {
            Some(key) => blanked.push(key),
            None => return (None, problems),
        }
    }
    (None, problems)
}

/// The line that nests tables or values the deepest — dots in a header or a key, brackets and
/// braces in a value — where a file too deep for the reader is too deep; `None` for a blank file.
fn deepest_line(text: &str) -> Option<std::ops::Range<usize>> {
    let mut deepest: Option<(usize, std::ops::Range<usize>)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let (key, value) = if trimmed.starts_with('[') {
                (trimmed, "")
            } else {
                trimmed.split_once('=').unwrap_or((trimmed, ""))
            };
            let depth = key.matches('.').count()
                + key.matches('[').count()
                + value.matches(['[', '{']).count();
            if deepest.as_ref().is_none_or(|(d, _)| depth > *d) {
                let start = at + (content.len() - trimmed.len());
                deepest = Some((depth, start..at + content.len()));
            }
        }
        at += line.len();
    }
    deepest.map(|(_, span)| span)
}

/// Blanks the line holding `offset` (same length, so every other place stays where it is) and
/// returns its key; `None` when it is blank already.
fn blank_line(text: &mut String, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[start..end];
    if line.trim().is_empty() {
        return None;
    }
    let key = line
        .trim_start()
        .split(['=', ' ', '\t'])
        .next()
        .unwrap_or("")
        .trim()
        .rsplit('.')
        .next()
        .unwrap_or("")
        .trim_matches(|c| c == '\u{22}' || c == '[' || c == ']' || c == ' ')
        .to_string();
    // A header goes with its keys: left alone, they would be read into the table before it and
    // each reported as unknown there.
    let end = if line.trim_start().starts_with('[') {
        let mut at = end;
        for next in text[end..].split_inclusive('\n') {
            if at > end && next.trim_start().starts_with('[') {
                break;
            }
            at += next.len();
        }
        at
    } else {
        end
    };
    let blank: String = text[start..end]
        .bytes()
        .map(|b| {
            if b == b'\n' || b == b'\r' {
                b as char
            } else {
                ' '
            }
        })
        .collect();
    text.replace_range(start..end, &blank);
    Some(key)
}

/// A value written as French spreadsheets and forms write it, which TOML reads otherwise or not
/// at all — `95 000`, `01/03/2023`, `60%`, `0,6` — said as such, with the line to write.
/// `None` for any other error (TOML's own message is then given).
fn written_as_in_french(text: &str, e: &toml::de::Error) -> Option<Diagnostic> {
    let at = e.span()?.start.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let (key, value) = line.split_once('=')?;
    let (key, value) = (key.trim(), value.split('#').next()?.trim());
    if key.is_empty() || key.contains(['[', '{', '\u{22}']) {
        return None;
    }
    if value.is_empty() {
        let at = start + line.find('=')?;
        return Some(
            Diagnostic::error(
                fill("input.toml.no_value", &[("key", key)]),
                Some(at..at + 1),
            )
            .with_help(fill("input.toml.no_value_help", &[("key", key)])),
        );
    }
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    // Thousands separated by a space, a no-break space or a narrow no-break space.
    let grouped: Vec<&str> = value.split([' ', '\u{a0}', '\u{202f}']).collect();
    let (what, fixed) = if grouped.len() > 1
        && grouped.iter().all(|g| digits(g))
        && grouped[1..].iter().all(|g| g.len() == 3)
    {
        ("spaces", grouped.concat())
    } else if let Some(number) = value.strip_suffix('%') {
        let number = number.trim().replace(',', ".");
        number.parse::<f64>().ok()?;
        ("percent", format!("{q}{number}%{q}", q = '\u{22}'))
    } else if let Some((int, frac)) = value.split_once(',')
        && digits(int)
        && digits(frac)
    {
        ("comma", format!("{int}.{frac}"))
    } else if let Some(day) = french_day(value) {
        ("date", day.format("%Y-%m-%d").to_string())
    } else if e.message().starts_with("string values must be quoted")
        && !value.starts_with(['\u{22}', '\'', '[', '{'])
    {
        // Any other bare word is text that wants its quotes.
        ("unquoted", format!("{q}{value}{q}", q = '\u{22}'))
    } else {
        return None;
    };
    let args = [("value", value), ("key", key), ("fixed", fixed.as_str())];
    // The whole value underlined, not only where the parser stopped.
    let from = start + line.find('=')? + 1;
    let from = from + text[from..end].find(value)?;
    Some(
        Diagnostic::error(
            fill(&format!("input.toml.french.{what}"), &args),
            Some(from..from + value.len()),
        )
        .with_help(fill("input.toml.french.help", &args)),
    )
}

/// A day written day/month/year (`01/03/2023`, `1.3.2023`, `01-03-2023`).
fn french_day(value: &str) -> Option<chrono::NaiveDate> {
    let parts: Vec<&str> = value.split(['/', '.', '-']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A TOML or type error as a diagnostic, with a hint.
fn toml_diagnostic(e: &toml::de::Error, kind: FileKind) -> Diagnostic {
    {
        let raw = e.message().trim_end();
        let (message, help) = match raw.split_once(values::HELP_MARK) {
            Some((what, how)) => (what.to_string(), Some(how.to_string())),
            None if unknown_key(raw).is_some() => {
                let (key, allowed) = unknown_key(raw).unwrap_or_default();
                let list = allowed.join(", ");
                let help = match nearest(key, allowed.iter().copied()) {
                    Some(near) => fill(
                        "input.toml.did_you_mean",
                        &[("key", near), ("allowed", &list)],
                    ),
                    None => fill(
                        "input.toml.unknown_key_help",
                        &[("key", key), ("allowed", &list)],
                    ),
                };
                (friendly_types(raw), Some(help))
            }
            None => {
                let message = friendly_types(raw);
                let help = toml_hint(raw, &message, kind);
                (message, help)
            }
        };
        let span = e
            .span()
            .filter(|s| !(s.start == 0 && s.end == 0 && raw.starts_with("missing field")));
        let mut d = Diagnostic::error(message, span);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        d
    }
}

/// serde's "unknown field `populaton`, expected one of `name`, `population`, …" (or "expected
/// `a` or `b`"): the key and the keys allowed there.
fn unknown_key(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let allowed = rest.split('`').skip(1).step_by(2).collect::<Vec<_>>();
    Some((key, allowed))
}

/// The allowed key nearest to a misspelt one, when it is near enough to be meant.
pub fn nearest<'a>(key: &str, allowed: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    allowed
        .into_iter()
        .map(|a| (strsim::damerau_levenshtein(key, a), a))
        .filter(|(d, a)| *d <= (a.chars().count() / 3).max(1))
        .min()
        .map(|(_, a)| a)
}

/// A phrase as a catalog key: `invalid date` → `invalid_date`.
fn slug(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    for c in phrase.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The TOML parser's own syntax message (`invalid date, expected month between 01 and 12`) in
/// the reader's words, from the catalog; `None` for one the catalog does not word in every
/// part, which is then given as the parser says it.
fn syntax_in_words(raw: &str) -> Option<String> {
    let (what, expected) = match raw.split_once(", expected ") {
        Some((what, expected)) => (what, Some(expected)),
        None => (raw, None),
    };
    let what = crate::catalog::word_in(
        crate::catalog::lang(),
        &format!("input.toml.syntax.{}", slug(what)),
    )?;
    let Some(expected) = expected else {
        return Some(what.to_string());
    };
    let item = |item: &str| -> Option<String> {
        if item.len() > 1 && item.starts_with('`') && item.ends_with('`') {
            return Some(item.to_string());
        }
        if let Some((unit, range)) = item.split_once(" between ") {
            let (from, to) = range.split_once(" and ")?;
            let unit = crate::catalog::word_in(
                crate::catalog::lang(),
                &format!("input.toml.syntax_unit.{unit}"),
            )?;
            return Some(fill(
                "input.toml.syntax_form.between",
                &[("unit", unit), ("from", from), ("to", to)],
            ));
        }
        crate::catalog::word_in(
            crate::catalog::lang(),
            &format!("input.toml.syntax_expected.{}", slug(item)),
        )
        .map(str::to_string)
    };
    let items = expected.split(", ").map(item).collect::<Option<Vec<_>>>()?;
    Some(fill(
        "input.toml.syntax_form.with_expected",
        &[
            ("what", what),
            ("expected", &items.join(t("input.toml.syntax_form.or"))),
        ],
    ))
}

/// Serde names Rust types; users know TOML's.
fn friendly_types(message: &str) -> String {
    if let Some(said) = syntax_in_words(message) {
        return said;
    }
    if let Some((key, _)) = unknown_key(message) {
        return fill("input.toml.unknown_key", &[("key", key)]);
    }
    if let Some(key) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        return fill("input.toml.missing_key", &[("key", key)]);
    }
    if let Some(rest) = message.strip_prefix("invalid type: integer `")
        && let Some((number, _)) = rest.split_once("` as i128")
    {
        return fill("input.toml.number_too_large", &[("value", number)]);
    }
    if message.starts_with("recursion limit") {
        return t("input.toml.too_deep").to_string();
    }
    if message.starts_with("cannot recurse further") {
        return t("input.toml.too_deep_value").to_string();
    }
    // serde's "invalid type: string \"dix\", expected …": what was found, in the reader's words.
    let found = [
        ("invalid type: string ", "input.toml.found_text"),
        ("invalid type: floating point ", "input.toml.found_decimal"),
        ("invalid type: integer ", "input.toml.found_integer"),
        ("invalid type: boolean ", "input.toml.found_other"),
    ];
    let mut message = message.to_string();
    for (prefix, key) in found {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((value, expected)) = rest.split_once(", ")
        {
            let value = value.trim_matches(['`', '\u{22}']).to_string();
            message = format!("{}{expected}", fill(key, &[("value", &value)]));
            break;
        }
    }
    let whole = t("input.toml.expected_whole_number");
    message
        .replace("expected i64", whole)
        .replace("expected u32", whole)
        .replace("expected a boolean", t("input.toml.expected_bool"))
}

/// The help for a TOML or type error: `raw` is serde's message, `message` what the user reads.
fn toml_hint(raw: &str, message: &str, kind: FileKind) -> Option<String> {
    if syntax_in_words(raw).is_some() {
        return Some(t("input.toml.syntax_help").to_string());
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or("");
        return Some(fill(
            "input.toml.missing_key_help",
            &[("key", key), ("reference", kind.reference())],
        ));
    }
    if message.starts_with("duplicate key") {
        return Some(t("input.toml.duplicate_key_help").to_string());
    }
    if message == t("input.toml.too_deep") {
        return Some(t("input.toml.too_deep_help").to_string());
    }
    if message == t("input.toml.too_deep_value") {
        return Some(t("input.toml.too_deep_value_help").to_string());
    }
    if message.starts_with(t("input.toml.number_too_large_start")) {
        return Some(t("input.toml.number_too_large_help").to_string());
    }
    if message.starts_with("invalid type") {
        return Some(kind.reference().to_string());
    }
    if message.starts_with("invalid")
        || message.starts_with("expected")
        || message.starts_with("unclosed")
        || message.contains("key with no value")
    {
        return Some(t("input.toml.syntax_help").to_string());
    }
    // Every problem gets a way out: the file's reference.
    Some(kind.reference().to_string())
}

/// Gathers the problems of one file so that a user fixes them in one pass.
#[derive(Debug, Default)]
pub struct Collector {
    diagnostics: Vec<Diagnostic>,
    /// Problems past [`MAX_PROBLEMS`], counted and not kept.
    more: usize,
    /// Errors among them.
    more_errors: usize,
}

/// How many problems of one file are shown: past them, a file has something else wrong with
/// it (a list pasted twice), and one line says how many more there are.
pub const MAX_PROBLEMS: usize = 100;

impl Collector {
    /// A collector that starts with the problems found while reading the file.
    pub fn with(diagnostics: Vec<Diagnostic>) -> Collector {
        Collector {
            diagnostics,
            more: 0,
            more_errors: 0,
        }
    }

    /// Whether it holds as many problems as a file shows.
    pub fn full(&self) -> bool {
        self.diagnostics.len() >= MAX_PROBLEMS
    }

    /// Keeps a problem, or counts it past [`MAX_PROBLEMS`].
    fn push(&mut self, d: Diagnostic) {
        if self.full() {
            self.more += 1;
            self.more_errors +=
                usize::from(d.severity == crate::input::diagnostic::Severity::Error);
        } else {
            self.diagnostics.push(d);
        }
    }

    /// Records an error at a place.
    pub fn error(
        &mut self,
        message: impl Into<String>,
        span: Range<usize>,
        help: impl Into<String>,
    ) {
        self.push(Diagnostic::error(message, Some(span)).with_help(help));
    }

    /// Records a warning at a place.
    pub fn warning(
        &mut self,
        message: impl Into<String>,
        span: Range<usize>,
        help: impl Into<String>,
    ) {
        self.push(Diagnostic::warning(message, Some(span)).with_help(help));
    }

    /// Records an error at a place, worded by the catalog: message `KEY`, help `KEY_help`.
    pub fn err(&mut self, key: &str, span: Range<usize>, args: &[(&str, &str)]) {
        self.error(
            crate::catalog::fill(key, args),
            span,
            crate::catalog::fill(&format!("{key}_help"), args),
        );
    }

    /// Records a warning at a place, worded by the catalog: message `KEY`, help `KEY_help`.
    pub fn warn(&mut self, key: &str, span: Range<usize>, args: &[(&str, &str)]) {
        self.warning(
            crate::catalog::fill(key, args),
            span,
            crate::catalog::fill(&format!("{key}_help"), args),
        );
    }

    /// Records an error that has no place (a key that is missing).
    pub fn unplaced_error(&mut self, message: impl Into<String>, help: impl Into<String>) {
        self.push(Diagnostic::error(message, None).with_help(help));
    }

    /// How many errors were recorded so far (a warning stops nothing).
    pub fn count(&self) -> usize {
        self.more_errors
            + self
                .diagnostics
                .iter()
                .filter(|d| d.severity == crate::input::diagnostic::Severity::Error)
                .count()
    }

    /// Fails with every problem if any is an error; otherwise returns the warnings.
    pub fn finish(mut self, file: &SourceFile) -> Result<Vec<Diagnostic>, InputError> {
        place_at_top(&mut self.diagnostics, &file.text);
        if self.more > 0 {
            let more = self.more.to_string();
            let d = if self.more_errors > 0 {
                Diagnostic::error(fill("input.more_problems", &[("count", &more)]), None)
            } else {
                Diagnostic::warning(fill("input.more_problems", &[("count", &more)]), None)
            };
            self.diagnostics
                .push(d.with_help(t("input.more_problems_help")));
        }
        if self.count() > 0 {
            Err(InputError {
                file: file.clone(),
                diagnostics: self.diagnostics,
                layers: Vec::new(),
            })
        } else {
            Ok(self.diagnostics)
        }
    }
}
