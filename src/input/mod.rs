//! Files → checked domain types. Reading, TOML parsing with positions, and the rules that need a
//! position to be reported well; no computation of amounts.

pub mod diagnostic;
pub mod document;
pub mod limits;
pub mod portfolio;
pub mod scenario;
pub mod spanned;
pub mod tariff;
pub mod territory;
pub mod values;
pub mod vary;

use crate::catalog::Lang;
use crate::input::diagnostic::{Diagnostic, InputError, SourceFile};

/// The name standard input goes by in messages.
pub const STDIN: &str = "<stdin>";
use std::io::Read;
use std::ops::Range;

/// Reads a file as UTF-8 text; `-` reads standard input.
pub fn read_source(lang: Lang, path: &str) -> Result<SourceFile, InputError> {
    read_source_capped(lang, path, MAX_INPUT_BYTES)
}

/// [`read_source`] with another cap.
pub fn read_source_capped(lang: Lang, path: &str, cap: u64) -> Result<SourceFile, InputError> {
    let too_large = |name: &str| {
        InputError::unreadable(
            lang,
            name,
            lang.fill(
                "input.file.too_large",
                &[("max", &format!("{}", cap / 1024 / 1024))],
            ),
            lang.t("input.file.too_large_help"),
        )
    };
    let (name, bytes) = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                InputError::unreadable(
                    lang,
                    STDIN,
                    lang.fill("input.file.stdin", &[("reason", &e.to_string())]),
                    lang.t("input.file.stdin_help"),
                )
            })?;
        if bytes.len() as u64 > cap {
            return Err(too_large(STDIN));
        }
        (STDIN.to_string(), bytes)
    } else {
        let bytes = read_capped(path, cap).map_err(|e| open_error(lang, path, &e))?;
        if bytes.len() as u64 > cap {
            return Err(too_large(path));
        }
        (path.to_string(), bytes)
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile {
            name,
            text: text.into(),
        }),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Err(InputError::single(
                SourceFile {
                    name,
                    text: text.into(),
                },
                Diagnostic::error(
                    lang,
                    lang.fill("input.file.not_utf8", &[("offset", &offset.to_string())]),
                    Some(offset..offset + 1),
                )
                .with_help(lang.t("input.file.not_utf8_help")),
            ))
        }
    }
}

/// A file that cannot be opened or read, with how to fix it.
pub fn open_error(lang: Lang, path: &str, e: &std::io::Error) -> InputError {
    let help = match e.kind() {
        std::io::ErrorKind::NotFound => lang.t("input.file.not_found_help"),
        std::io::ErrorKind::PermissionDenied => lang.t("input.file.permission_help"),
        _ => lang.t("input.file.unreadable_help"),
    };
    InputError::unreadable(
        lang,
        path,
        lang.fill(
            "input.file.unreadable",
            &[("path", path), ("reason", &io_reason(lang, e))],
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

fn io_reason(lang: Lang, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => lang.t("input.file.no_such_file").to_string(),
        std::io::ErrorKind::PermissionDenied => lang.t("input.file.permission_denied").to_string(),
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
    /// The tables of the top that others point to (a table's sources and bands): a problem in
    /// one of them stops the checks, which would miss what was taken out of it.
    fn referenced(self) -> &'static [&'static str] {
        match self {
            FileKind::Scenario => &[],
            FileKind::Tariff => &["sources", "bands"],
        }
    }

    fn reference(self, lang: Lang) -> &'static str {
        match self {
            FileKind::Scenario => lang.t("input.toml.scenario_reference"),
            FileKind::Tariff => lang.t("input.toml.tariff_reference"),
        }
    }
}

/// Parses TOML into a raw input type, turning a syntax or type error into a diagnostic with its
/// position and a hint; fails on the first.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    lang: Lang,
    file: &SourceFile,
    kind: FileKind,
) -> Result<T, InputError> {
    match parse_toml_all(lang, file, kind) {
        Parsed {
            value: Some(value),
            problems,
            ..
        } if problems.is_empty() => Ok(value),
        Parsed {
            problems: diagnostics,
            ..
        } => Err(InputError {
            file: file.clone(),
            diagnostics,
            layers: Vec::new(),
        }),
    }
}

/// A file read into a raw input type.
pub struct Parsed<T> {
    /// The value, when the file reads or what reads past its problems can still be checked.
    pub value: Option<T>,
    /// Every problem found while reading it.
    pub problems: Vec<Diagnostic>,
    /// Where checks stay quiet: the entries that hold a problem ([`document::Reading::quiet`]).
    pub quiet: Vec<Range<usize>>,
}

/// How many problems of a file are collected while reading it, at most.
const MAX_READ_PROBLEMS: usize = 50;

/// Parses TOML into a raw input type, collecting every syntax, type and key problem so that a
/// user fixes them in one pass: the line of a syntax error is blanked and the text parsed again;
/// the document that parses is then read by [`document::Document::read`], which gathers every
/// unknown key and takes out each value of the wrong type. Returns the problems, and the value
/// when the text reads without a problem or when what reads past them can still be checked: the
/// checks that follow then stay quiet in the entries where
/// reading found a problem ([`Collector::after_reading`]), so that a key taken out causes no
/// problem of its own.
pub fn parse_toml_all<T: serde::de::DeserializeOwned>(
    lang: Lang,
    file: &SourceFile,
    kind: FileKind,
) -> Parsed<T> {
    let mut read = parse_toml_each(lang, file, kind);
    place_at_top(&mut read.problems, &file.text);
    read
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
    lang: Lang,
    file: &SourceFile,
    kind: FileKind,
) -> Parsed<T> {
    let read = |doc: document::Document, mut problems: Vec<Diagnostic>, blanked: Vec<String>| {
        let limit = MAX_READ_PROBLEMS - problems.len();
        let reading = doc.read::<T>(limit, blanked, kind.referenced());
        problems.extend(
            reading
                .problems
                .into_iter()
                .map(|p| problem_diagnostic(lang, p, kind)),
        );
        Parsed {
            value: reading.value,
            problems,
            quiet: reading.quiet,
        }
    };
    // Past a syntax error the parser cannot go on: its line is blanked (the same length, so
    // every place stays where it is) and the text read again, until it reads. The text is copied
    // only then.
    let mut text = std::borrow::Cow::Borrowed(&*file.text);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut blanked: Vec<String> = Vec::new();
    loop {
        let e = match document::Document::parse(&text) {
            Ok(doc) => return read(doc, problems, blanked),
            Err(e) => e,
        };
        // A key with an accent first: the value after it may be right (`renouvelé = true`).
        let mut d = accented_key(lang, &text, &e)
            .or_else(|| written_as_in_french(lang, &text, &e))
            .unwrap_or_else(|| syntax_diagnostic(lang, &e));
        if d.span.is_none() && e.message().starts_with("recursion limit") {
            // The parser says how deep, not where: the deepest line is where tables nest too far.
            d.span = deepest_line(&text);
        }
        let span = d.span.clone();
        problems.push(d);
        match span.and_then(|s| blank_line(text.to_mut(), s.start)) {
            Some(key) if problems.len() < MAX_READ_PROBLEMS => blanked.push(key),
            _ => {
                return Parsed {
                    value: None,
                    problems,
                    quiet: Vec::new(),
                };
            }
        }
    }
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

/// Where the line holding `offset` is in `text`, without its line end.
fn line_holding(text: &str, offset: usize) -> std::ops::Range<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    start..end
}

/// Blanks the line holding `offset` (same length, so every other place stays where it is) and
/// returns its key; `None` when it is blank already.
fn blank_line(text: &mut String, offset: usize) -> Option<String> {
    let std::ops::Range { start, end } = line_holding(text, offset);
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
fn written_as_in_french(lang: Lang, text: &str, e: &toml::de::Error) -> Option<Diagnostic> {
    let std::ops::Range { start, end } = line_holding(text, e.span()?.start);
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
                lang,
                lang.fill("input.toml.no_value", &[("key", key)]),
                Some(at..at + 1),
            )
            .with_help(lang.fill("input.toml.no_value_help", &[("key", key)])),
        );
    }
    // Thousands separated by a space of any width (`THOUSANDS_APART`), or by points
    // (`1.200.000`; one point, `95.000`, reads as a decimal and is said where a whole number is
    // wanted).
    let (what, fixed) = if let Some(fixed) = thousands(value, |c| THOUSANDS_APART.contains(&c)) {
        ("spaces", fixed)
    } else if let Some(fixed) = thousands(value, |c| c == '.') {
        ("points", fixed)
    } else if let Some(number) = value.strip_suffix('%') {
        let number = number.trim().replace(',', ".");
        number.parse::<f64>().ok()?;
        ("percent", format!("{q}{number}%{q}", q = '\u{22}'))
    } else if let Some((int, frac)) = value.split_once(',')
        && digits(int)
        && digits(frac)
    {
        ("comma", format!("{int}.{frac}"))
    } else if let Ok(day) = crate::catalog::format::read_day(value) {
        ("date", crate::catalog::format::date_iso(day))
    } else if let Some(number) = with_unit(value) {
        ("unit", number)
    } else if let Some(flag) = yes_or_no(value) {
        ("flag", flag.to_string())
    } else if let Some(inner) = curly_quoted(value) {
        ("curly", format!("{q}{inner}{q}", q = '\u{22}'))
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
            lang,
            lang.fill(&format!("input.toml.french.{what}"), &args),
            Some(from..from + value.len()),
        )
        .with_help(lang.fill("input.toml.french.help", &args)),
    )
}

/// A yes or a no in words, French or English, in any case (`oui`, `vrai`, `yes`, `true`; `non`,
/// `faux`, `no`, `false`): what a portfolio's cell says, and what TOML writes `true` or `false`.
pub(crate) fn yes_or_no(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "oui" | "vrai" | "yes" | "true" => Some(true),
        "non" | "faux" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// A number followed by its unit in words (`95000 habitants`, `3 ans`, `0,5 ETP`): the number,
/// with a decimal point.
fn with_unit(value: &str) -> Option<String> {
    let (number, unit) = value.split_once(char::is_whitespace)?;
    let number = number.replace(',', ".");
    let numeric = number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.bytes().filter(|b| *b == b'.').count() <= 1
        && number.bytes().next().is_some_and(|b| b.is_ascii_digit());
    let words = unit
        .trim()
        .chars()
        .all(|c| c.is_alphabetic() || c.is_whitespace() || c == '\'');
    (numeric && words && !unit.trim().is_empty()).then_some(number)
}

/// A key written with accents (`[missions.accès_aux_soins]`, `durée = 3`), which TOML reads only
/// between quotes: said with the line to write, its accents taken off. `None` when the error is
/// not in such a key, or the key has a letter this does not know without its accent.
fn accented_key(lang: Lang, text: &str, e: &toml::de::Error) -> Option<Diagnostic> {
    let at = e.span()?.start.min(text.len());
    let std::ops::Range { start, end } = line_holding(text, at);
    let line = text[start..end].trim_end_matches('\r');
    // The keys: a header's inside, or what comes before `=`.
    let keys_end = match line.trim_start().starts_with('[') {
        true => line.find(']').unwrap_or(line.len()),
        false => line.find('=').unwrap_or(line.len()),
    };
    let keys = &line[..keys_end];
    if at - start >= keys_end
        || keys.contains(['\u{22}', '\''])
        || !keys.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
    {
        return None;
    }
    let mut plain = String::with_capacity(keys.len());
    for c in keys.chars() {
        match c.is_ascii() {
            true => plain.push(c),
            false => plain.push_str(unaccented(c)?),
        }
    }
    // The key holding the error, underlined whole.
    let bare = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let from = keys[..at - start]
        .rfind(|c: char| !bare(c))
        .map_or(0, |i| i + 1);
    let to = keys[from..]
        .find(|c: char| !bare(c))
        .map_or(keys.len(), |i| from + i);
    // A key named in French (`année`, `renouvelé`) is written as the key it stands for.
    let (what, fixed) = match french_key(keys.trim()) {
        Some(key) => ("key_name", format!("{key} {}", &line[keys_end..])),
        None => (
            "accents",
            format!("{}{}", plain.trim_start(), &line[keys_end..]),
        ),
    };
    let args = [("value", &keys[from..to]), ("fixed", fixed.trim_end())];
    Some(
        Diagnostic::error(
            lang,
            lang.fill(&format!("input.toml.french.{what}"), &args),
            Some(start + from..start + to),
        )
        .with_help(lang.fill("input.toml.french.line_help", &args)),
    )
}

/// A French accented letter without its accent (`é` → `e`, `œ` → `oe`); `None` for any other
/// character.
fn unaccented(c: char) -> Option<&'static str> {
    const FRENCH: [(&str, &str); 15] = [
        ("àâä", "a"),
        ("éèêë", "e"),
        ("îï", "i"),
        ("ôö", "o"),
        ("ùûü", "u"),
        ("ç", "c"),
        ("ÿ", "y"),
        ("œ", "oe"),
        ("æ", "ae"),
        ("ÀÂÄ", "A"),
        ("ÉÈÊË", "E"),
        ("ÎÏ", "I"),
        ("ÔÖ", "O"),
        ("ÙÛÜ", "U"),
        ("Ç", "C"),
    ];
    FRENCH
        .iter()
        .find(|(accented, _)| accented.contains(c))
        .map(|(_, plain)| *plain)
}

/// A word folded for comparing: lower case, without its French accents (`Estimé` → `estime`).
fn folded(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.trim().chars() {
        match unaccented(c) {
            Some(plain) => out.push_str(plain),
            None => out.push(c),
        }
    }
    out.to_lowercase()
}

/// The id of a list meant by a word that is not one: the id whose name in either language it is
/// (`estimation` for `estimate`), else the id spelt nearest to it, accents aside (`estimé`).
/// `names` gives each id's names.
pub fn id_meant<'a>(
    word: &str,
    ids: impl IntoIterator<Item = &'a str> + Clone,
    names: impl Fn(&str) -> Vec<String>,
) -> Option<&'a str> {
    let word = folded(word);
    ids.clone()
        .into_iter()
        .find(|id| names(id).iter().any(|name| folded(name) == word))
        .or_else(|| nearest(&word, ids))
}

/// Text between the quotes a word processor writes (`“…”`, `«…»`, `‘…’`), which TOML does not
/// read: the text inside them.
fn curly_quoted(value: &str) -> Option<&str> {
    let pairs = [('“', '”'), ('«', '»'), ('‘', '’'), ('„', '“'), ('”', '”')];
    pairs.iter().find_map(|(open, close)| {
        let inner = value.strip_prefix(*open)?.strip_suffix(*close)?;
        Some(inner.trim_matches(char::is_whitespace))
    })
}

/// A syntax error of the TOML parser as a diagnostic, in the reader's words when the catalog
/// words it, with a hint.
fn syntax_diagnostic(lang: Lang, e: &toml::de::Error) -> Diagnostic {
    let raw = e.message().trim_end();
    let (message, help) = if raw.starts_with("recursion limit") {
        (
            lang.t("input.toml.too_deep"),
            lang.t("input.toml.too_deep_help"),
        )
    } else if raw.starts_with("cannot recurse further") {
        (
            lang.t("input.toml.too_deep_value"),
            lang.t("input.toml.too_deep_value_help"),
        )
    } else if raw.starts_with("duplicate key") {
        (raw, lang.t("input.toml.duplicate_key_help"))
    } else {
        (raw, lang.t("input.toml.syntax_help"))
    };
    let message = syntax_in_words(lang, message).unwrap_or_else(|| message.to_string());
    Diagnostic::error(lang, message, e.span()).with_help(help)
}

/// What the document reader found wrong, as a diagnostic worded by the catalog.
fn problem_diagnostic(lang: Lang, p: document::Problem, kind: FileKind) -> Diagnostic {
    use document::{Found, What};
    let (message, help) = match p.what {
        What::UnknownKey { key, allowed } => {
            let list = allowed.join(", ");
            let help = match key_meant(&key, allowed) {
                Some(near) => lang.fill(
                    "input.toml.did_you_mean",
                    &[("key", near), ("allowed", &list)],
                ),
                None => lang.fill(
                    "input.toml.unknown_key_help",
                    &[("key", &key), ("allowed", &list)],
                ),
            };
            (lang.fill("input.toml.unknown_key", &[("key", &key)]), help)
        }
        What::MissingKey(key) => (
            lang.fill("input.toml.missing_key", &[("key", key)]),
            lang.fill(
                "input.toml.missing_key_help",
                &[("key", key), ("reference", kind.reference(lang))],
            ),
        ),
        What::WrongType { found, expected } => {
            let help = match &found {
                // `"40"`: a whole number in quotes.
                Found::Text(v) if whole_number(&expected) => {
                    let v = v.trim();
                    let fixed = thousands(v, |c| THOUSANDS_APART.contains(&c))
                        .or_else(|| v.parse::<i64>().is_ok().then(|| v.to_string()));
                    fixed.map(|fixed| {
                        lang.fill("input.toml.quoted_number_help", &[("fixed", &fixed)])
                    })
                }
                // `"oui"`: a yes or a no in quotes.
                Found::Text(v) if values::takes_yes_or_no(&expected) => yes_or_no(v).map(|b| {
                    lang.fill("input.toml.quoted_flag_help", &[("fixed", &b.to_string())])
                }),
                // `95.000` where a whole number is wanted: a point between the thousands, as
                // some write them, reads as a decimal.
                Found::Decimal(v) if whole_number(&expected) => {
                    thousands(v, |c| c == '.').map(|fixed| {
                        lang.fill("input.toml.thousands_point_help", &[("fixed", &fixed)])
                    })
                }
                _ => None,
            };
            let found = match &found {
                Found::Text(v) => lang.fill("input.toml.found_text", &[("value", v)]),
                Found::Decimal(v) => lang.fill("input.toml.found_decimal", &[("value", v)]),
                Found::Integer(v) => lang.fill("input.toml.found_integer", &[("value", v)]),
                Found::Bool(b) => lang.fill("input.toml.found_other", &[("value", &b.to_string())]),
                Found::Table => lang.t("input.toml.found_table").to_string(),
                Found::List => lang.t("input.toml.found_list").to_string(),
            };
            (
                format!("{found}{}", expected_in_words(lang, &expected)),
                help.unwrap_or_else(|| kind.reference(lang).to_string()),
            )
        }
        What::TooLarge(value) => (
            lang.fill("input.toml.number_too_large", &[("value", &value)]),
            lang.t("input.toml.number_too_large_help").to_string(),
        ),
        What::Said(said) => {
            let (message, help) = values::said(lang, &said).unwrap_or((said, None));
            (
                message,
                help.unwrap_or_else(|| kind.reference(lang).to_string()),
            )
        }
    };
    Diagnostic::error(lang, message, p.span).with_help(help)
}

/// What French number formats put between the thousands: a space, a no-break space, or the
/// narrow no-break space of today's French locales.
pub const THOUSANDS_APART: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// Whether serde's reader of a key describes a whole number.
fn whole_number(expected: &str) -> bool {
    matches!(
        expected,
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize"
    )
}

/// Whether a text is digits only, and not empty.
fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A number written with its thousands apart (`95 000`, `1.200.000`): its digits together; `None`
/// for any other text. Every group after the first has three digits.
fn thousands(value: &str, separators: impl Fn(char) -> bool) -> Option<String> {
    let groups: Vec<&str> = value.split(separators).collect();
    (groups.len() > 1
        && groups.iter().all(|g| digits(g))
        && groups[1..].iter().all(|g| g.len() == 3))
    .then(|| groups.concat())
}

/// What a key takes, as serde's reader of it describes it (`i64`, `a boolean`, or the words of
/// an input type of this crate), in the reader's words.
fn expected_in_words(lang: Lang, expected: &str) -> String {
    let key = match expected {
        e if whole_number(e) => "input.toml.expected_whole_number",
        "a boolean" => "input.toml.expected_bool",
        "a string" => "input.toml.expected_text",
        "a sequence" => "input.toml.expected_list",
        "a map" => "input.toml.expected_table",
        e if e.starts_with("struct ") => "input.toml.expected_table",
        e => {
            let what = values::said(lang, e).map_or_else(|| e.to_string(), |(what, _)| what);
            return lang.fill("input.toml.expected", &[("what", &what)]);
        }
    };
    lang.t(key).to_string()
}

/// What French readers may name a key of a scenario or a column of a portfolio, and the key it
/// is.
const FRENCH_KEYS: [(&str, &str); 13] = [
    ("nom", "name"),
    ("membres", "members"),
    ("adhérents", "members"),
    ("signature", "signed"),
    ("date de signature", "signed"),
    ("date_signature", "signed"),
    ("année", "contract_year"),
    ("année de contrat", "contract_year"),
    ("annee_contrat", "contract_year"),
    ("barème", "tariff"),
    ("crise", "crisis_recognised"),
    ("renouvelé", "renewed"),
    ("renouvellement", "renewed"),
];

/// The key a French name stands for (`nom` for `name`, `Année` for `contract_year`), compared
/// without case or accents.
pub fn french_key(name: &str) -> Option<&'static str> {
    let name = folded(name);
    FRENCH_KEYS
        .iter()
        .find(|(french, _)| folded(french) == name)
        .map(|(_, key)| *key)
}

/// The allowed key meant by one that is not allowed ([`id_meant`]): the one its French name
/// stands for, else the one spelt nearest to it.
pub fn key_meant<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    id_meant(key, allowed.iter().copied(), |id| {
        FRENCH_KEYS
            .iter()
            .filter(|(_, key)| *key == id)
            .map(|(french, _)| (*french).to_string())
            .collect()
    })
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
fn syntax_in_words(lang: Lang, raw: &str) -> Option<String> {
    let (what, expected) = match raw.split_once(", expected ") {
        Some((what, expected)) => (what, Some(expected)),
        None => (raw, None),
    };
    let what = crate::catalog::word_in(lang, &format!("input.toml.syntax.{}", slug(what)))?;
    let Some(expected) = expected else {
        return Some(what.to_string());
    };
    let item = |item: &str| -> Option<String> {
        if item.len() > 1 && item.starts_with('`') && item.ends_with('`') {
            return Some(item.to_string());
        }
        if let Some((unit, range)) = item.split_once(" between ") {
            let (from, to) = range.split_once(" and ")?;
            if let Some(unit) =
                crate::catalog::word_in(lang, &format!("input.toml.syntax_unit.{unit}"))
            {
                return Some(lang.fill(
                    "input.toml.syntax_form.between",
                    &[("unit", unit), ("from", from), ("to", to)],
                ));
            }
        }
        crate::catalog::word_in(lang, &format!("input.toml.syntax_expected.{}", slug(item)))
            .map(str::to_string)
    };
    let items = expected.split(", ").map(item).collect::<Option<Vec<_>>>()?;
    Some(lang.fill(
        "input.toml.syntax_form.with_expected",
        &[
            ("what", what),
            ("expected", &items.join(lang.t("input.toml.syntax_form.or"))),
        ],
    ))
}

/// Gathers the problems of one file so that a user fixes them in one pass.
#[derive(Debug)]
pub struct Collector {
    /// The language the problems are worded in.
    pub lang: Lang,
    diagnostics: Vec<Diagnostic>,
    /// Problems past [`MAX_PROBLEMS`], counted and not kept.
    more: usize,
    /// Errors among them.
    more_errors: usize,
    /// Where checks say nothing: the tables where reading found a problem.
    quiet: Vec<Range<usize>>,
}

/// How many problems of one file are shown: past them, a file has something else wrong with
/// it (a list pasted twice), and one line says how many more there are.
pub const MAX_PROBLEMS: usize = 100;

impl Collector {
    /// A collector that starts with the problems found while reading the file.
    pub fn with(lang: Lang, diagnostics: Vec<Diagnostic>) -> Collector {
        Collector {
            lang,
            diagnostics,
            more: 0,
            more_errors: 0,
            quiet: Vec::new(),
        }
    }

    /// A collector that starts with the problems found while reading a file, and stays quiet in
    /// `quiet` ([`Parsed::quiet`]), where a key taken out or misspelt would make a check say again
    /// what they say.
    pub fn after_reading(
        lang: Lang,
        diagnostics: Vec<Diagnostic>,
        quiet: Vec<Range<usize>>,
    ) -> Collector {
        Collector {
            quiet,
            ..Collector::with(lang, diagnostics)
        }
    }

    /// A collector with no problem yet.
    pub fn new(lang: Lang) -> Collector {
        Collector::with(lang, Vec::new())
    }

    /// Whether it holds as many problems as a file shows.
    pub fn full(&self) -> bool {
        self.diagnostics.len() >= MAX_PROBLEMS
    }

    /// Keeps a problem, or counts it past [`MAX_PROBLEMS`].
    fn push(&mut self, d: Diagnostic) {
        if d.span
            .as_ref()
            .is_some_and(|s| self.quiet.iter().any(|q| q.contains(&s.start)))
        {
            return;
        }
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
        self.push(Diagnostic::error(self.lang, message, Some(span)).with_help(help));
    }

    /// Records a warning at a place.
    pub fn warning(
        &mut self,
        message: impl Into<String>,
        span: Range<usize>,
        help: impl Into<String>,
    ) {
        self.push(Diagnostic::warning(self.lang, message, Some(span)).with_help(help));
    }

    /// Records an error at a place, worded by the catalog: message `KEY`, help `KEY_help`.
    pub fn err(&mut self, key: &str, span: Range<usize>, args: &[(&str, &str)]) {
        let lang = self.lang;
        self.error(
            lang.fill(key, args),
            span,
            lang.fill(&format!("{key}_help"), args),
        );
    }

    /// Records a warning at a place, worded by the catalog: message `KEY`, help `KEY_help`.
    pub fn warn(&mut self, key: &str, span: Range<usize>, args: &[(&str, &str)]) {
        let lang = self.lang;
        self.warning(
            lang.fill(key, args),
            span,
            lang.fill(&format!("{key}_help"), args),
        );
    }

    /// Records an error that has no place (a key that is missing).
    pub fn unplaced_error(&mut self, message: impl Into<String>, help: impl Into<String>) {
        self.push(Diagnostic::error(self.lang, message, None).with_help(help));
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
        let lang = self.lang;
        place_at_top(&mut self.diagnostics, &file.text);
        if self.more > 0 {
            let more = self.more.to_string();
            let d = if self.more_errors > 0 {
                Diagnostic::error(
                    lang,
                    lang.fill("input.more_problems", &[("count", &more)]),
                    None,
                )
            } else {
                Diagnostic::warning(
                    lang,
                    lang.fill("input.more_problems", &[("count", &more)]),
                    None,
                )
            };
            self.diagnostics
                .push(d.with_help(lang.t("input.more_problems_help")));
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
