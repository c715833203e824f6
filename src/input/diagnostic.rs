//! Diagnostics: what is wrong in an input file, where (`file:line:col` with the source line and a
//! caret) and how to fix it, rendered the way `just` and `rustc` do.

use crate::catalog::Lang;
use crate::catalog::format::printable;
use std::fmt;
use std::ops::Range;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something worth knowing that does not stop the work.
    Warning,
    /// The input cannot be used as it is.
    Error,
}

impl Severity {
    /// `error` or `warning`, for people (a JSON `severity` is [`Severity::as_str`]).
    pub fn word(self, lang: Lang) -> &'static str {
        lang.t_of("check", self.as_str())
    }

    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Byte range in the file's text, when the problem has a place.
    pub span: Option<Range<usize>>,
    /// How to fix it.
    pub help: Option<String>,
    /// The language it is worded in.
    pub lang: Lang,
}

impl Diagnostic {
    /// An error at a place in the file.
    pub fn error(lang: Lang, message: impl Into<String>, span: Option<Range<usize>>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: capped(lang, message.into()),
            span,
            help: None,
            lang,
        }
    }

    /// A warning at a place in the file.
    pub fn warning(
        lang: Lang,
        message: impl Into<String>,
        span: Option<Range<usize>>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(lang, message, span)
        }
    }

    /// Adds how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(capped(self.lang, help.into()));
        self
    }
}

/// The most characters a message or a help quotes: a value of a megabyte is not read whole.
const MAX_MESSAGE_CHARS: usize = 600;

/// A message cut after [`MAX_MESSAGE_CHARS`] characters, saying how many more there were.
fn capped(lang: Lang, s: String) -> String {
    match s.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => s,
        Some((cut, _)) => {
            let more = s[cut..].chars().count();
            format!(
                "{}{}",
                &s[..cut],
                lang.fill("diagnostic.cut", &[("count", &more.to_string())])
            )
        }
    }
}

/// A file's name (as the user gave it) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as typed on the command line, `<stdin>` for `-`, or the table's id for shipped
    /// tables (`tariffs/aci-2019.toml`).
    pub name: String,
    /// The whole text: borrowed for a shipped table, which a run then reads without copying it.
    pub text: std::borrow::Cow<'static, str>,
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }

    /// Renders one diagnostic in full: header, location, source line, caret, help.
    pub fn render(&self, d: &Diagnostic) -> String {
        let lang = d.lang;
        let mut out = format!(
            "{}{} {}\n",
            d.severity.word(lang),
            lang.colon(),
            printable(&d.message)
        );
        if let Some(span) = &d.span {
            let (line, col) = self.line_col(span.start);
            let line_text = self.text.lines().nth(line - 1).unwrap_or("");
            let width = line.to_string().len();
            let pad = " ".repeat(width);
            let start = floor_char_boundary(&self.text, span.start.min(self.text.len()));
            let end = floor_char_boundary(&self.text, span.end.min(self.text.len()));
            let marked_text = self.text[start..end.max(start)]
                .split('\n')
                .next()
                .unwrap_or("");
            let marked = printable(marked_text).chars().count().max(1);
            let before: String = line_text.chars().take(col - 1).collect();
            let (shown, before) = snippet(line_text, &before);
            let lead: String = before
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!(
                "{pad}--> {}:{line}:{col}\n",
                printable(&self.name)
            ));
            out.push_str(&format!("{pad} |\n"));
            out.push_str(&format!("{line} | {shown}\n"));
            out.push_str(&format!(
                "{pad} | {lead}{}\n",
                "^".repeat(marked.min(SNIPPET))
            ));
            if let Some(help) = &d.help {
                out.push_str(&format!(
                    "{pad} = {}{} {}\n",
                    lang.t("diagnostic.help"),
                    lang.colon(),
                    printable(help)
                ));
            }
        } else {
            out.push_str(&format!(" --> {}\n", self.name));
            if let Some(help) = &d.help {
                out.push_str(&format!(
                    "  = {}{} {}\n",
                    lang.t("diagnostic.help"),
                    lang.colon(),
                    printable(help)
                ));
            }
        }
        out
    }

    /// One line per diagnostic, `file:line:col: error: message`, the form CI systems annotate.
    pub fn render_short(&self, d: &Diagnostic) -> String {
        let lang = d.lang;
        match &d.span {
            Some(span) => {
                let (line, col) = self.line_col(span.start);
                format!(
                    "{}:{line}:{col}: {}: {}",
                    self.name,
                    d.severity.word(lang),
                    d.message
                )
            }
            None => format!("{}: {}: {}", self.name, d.severity.word(lang), d.message),
        }
    }
}

/// Longest source line echoed under a message, in characters.
const SNIPPET: usize = 120;

/// A source line as echoed: control characters escaped, and, when long, a window around the
/// place (a file of NUL bytes is not echoed whole). Returns the line and what comes before the
/// place in it, for the caret.
fn snippet(line: &str, before: &str) -> (String, String) {
    let shown = printable(line);
    let before = printable(before).into_owned();
    let lead = before.chars().count();
    if shown.chars().count() <= SNIPPET {
        return (shown.into_owned(), before);
    }
    let start = lead.saturating_sub(SNIPPET / 4);
    let window: String = shown.chars().skip(start).take(SNIPPET).collect();
    let more = shown.chars().count() > start + SNIPPET;
    let head = if start > 0 { "…" } else { "" };
    let tail = if more { "…" } else { "" };
    let before: String = format!("{head}{}", before.chars().skip(start).collect::<String>());
    (format!("{head}{window}{tail}"), before)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A file read on top of another: spans at or after `offset` belong to `file` (a table that
/// `extends` a shipped one is read after the shipped one's text).
#[derive(Debug, Clone)]
pub struct Layer {
    /// Where the file's text starts in the combined offsets.
    pub offset: usize,
    /// The file.
    pub file: SourceFile,
}

/// The problems found in one input file (for a table that extends another, in the two files).
/// Displayed, it is the full report a user reads. It is also how warnings of a file that is
/// otherwise valid are carried.
#[derive(Debug, Clone)]
pub struct InputError {
    /// The file the problems are in (the user's file, for a layered table).
    pub file: SourceFile,
    /// The problems, in the order of the file.
    pub diagnostics: Vec<Diagnostic>,
    /// Other files whose text the spans may point into; empty for a single file.
    pub layers: Vec<Layer>,
}

impl InputError {
    /// A report with one problem.
    pub fn single(file: SourceFile, diagnostic: Diagnostic) -> InputError {
        InputError {
            file,
            diagnostics: vec![diagnostic],
            layers: Vec::new(),
        }
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The file a span points into and the span within it.
    pub fn locate(&self, d: &Diagnostic) -> (&SourceFile, Diagnostic) {
        let Some(span) = &d.span else {
            return (&self.file, d.clone());
        };
        match self.layers.iter().rev().find(|l| l.offset <= span.start) {
            None => (&self.file, d.clone()),
            Some(layer) => {
                let mut local = d.clone();
                local.span = Some(span.start - layer.offset..span.end - layer.offset);
                (&layer.file, local)
            }
        }
    }

    fn sorted(&self) -> Vec<&Diagnostic> {
        let mut sorted: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        sorted.sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
        sorted
    }

    /// A report on a file that could not even be read (no text to point into).
    pub fn unreadable(lang: Lang, name: &str, message: String, help: &str) -> InputError {
        InputError::single(
            SourceFile {
                name: name.to_string(),
                text: String::new().into(),
            },
            Diagnostic::error(lang, message, None).with_help(help),
        )
    }
}

/// A report is worded in its diagnostics' language (one file, one reader).
impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(lang) = self.diagnostics.first().map(|d| d.lang) else {
            return Ok(());
        };
        let rendered: Vec<String> = self
            .sorted()
            .into_iter()
            .map(|d| {
                let (file, local) = self.locate(d);
                file.render(&local)
            })
            .collect();
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        write!(f, "{}", rendered.join("\n"))?;
        if errors > 1 {
            write!(
                f,
                "\n{}",
                lang.fill(
                    "diagnostic.problems",
                    &[("count", &errors.to_string()), ("file", &self.file.name)]
                )
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_and_caret() {
        let file = SourceFile {
            name: "s.toml".into(),
            text: "name = \"x\"\npopulation = 0\n".into(),
        };
        let d = Diagnostic::error(
            crate::catalog::Lang::En,
            "population must be at least 1",
            Some(24..25),
        )
        .with_help("give the number of inhabitants");
        assert_eq!(
            file.render(&d),
            "error: population must be at least 1\n --> s.toml:2:14\n  |\n2 | population = 0\n  |              ^\n  = help: give the number of inhabitants\n"
        );
        assert_eq!(
            file.render_short(&d),
            "s.toml:2:14: error: population must be at least 1"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile {
            name: "s.toml".into(),
            text: "name = \"é\" x".into(),
        };
        assert_eq!(file.line_col(12), (1, 12));
    }
}
