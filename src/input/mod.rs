//! Files → checked domain types. Reading, TOML parsing with positions, and the rules that need a
//! position to be reported well; no computation of amounts.

pub mod diagnostic;
pub mod scenario;
pub mod tariff;
pub mod values;
pub mod vary;

use crate::input::diagnostic::{Diagnostic, InputError, SourceFile};
use std::io::Read;
use std::ops::Range;

/// Reads a file as UTF-8 text; `-` reads standard input.
pub fn read_source(path: &str) -> Result<SourceFile, InputError> {
    let (name, bytes) =
        if path == "-" {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
                InputError::unreadable(
                    "<stdin>",
                    format!("cannot read standard input: {e}"),
                    "pipe a file in, or give its path instead of `-`",
                )
            })?;
            ("<stdin>".to_string(), bytes)
        } else {
            let bytes = std::fs::read(path).map_err(|e| {
            let help = match e.kind() {
                std::io::ErrorKind::NotFound => {
                    "check the path; `aci-cpts init FILE` writes a commented template to start from"
                }
                std::io::ErrorKind::PermissionDenied => "check the file's permissions",
                _ => "check that the path names a readable file",
            };
            InputError::unreadable(path, format!("cannot read `{path}`: {}", io_reason(&e)), help)
        })?;
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
                    format!("the file is not UTF-8 text (invalid byte at offset {offset})"),
                    Some(offset..offset + 1),
                )
                .with_help("save the file as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")"),
            ))
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
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
            FileKind::Scenario => "see `aci-cpts init -` for a commented template with every key",
            FileKind::Tariff => {
                "see `tariffs/aci-avenant-2.toml` or `aci-cpts schema tariff` for every key and its type"
            }
        }
    }
}

/// Parses TOML into a raw input type, turning the first syntax or type error into a diagnostic
/// with its position and a hint.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    kind: FileKind,
) -> Result<T, InputError> {
    toml::from_str(&file.text).map_err(|e| {
        let raw = e.message().trim_end();
        let (message, help) = match raw.split_once(values::HELP_MARK) {
            Some((what, how)) => (what.to_string(), Some(how.to_string())),
            None => {
                let message = friendly_types(raw);
                let help = toml_hint(&message, kind);
                (message, help)
            }
        };
        let span = e
            .span()
            .filter(|s| !(s.start == 0 && s.end == 0 && message.starts_with("missing field")));
        let mut d = Diagnostic::error(message, span);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        InputError::single(file.clone(), d)
    })
}

/// Serde names Rust types; users know TOML's.
fn friendly_types(message: &str) -> String {
    message
        .replace("expected i64", "expected a whole number")
        .replace("expected u32", "expected a whole number")
        .replace("expected a boolean", "expected true or false")
}

fn toml_hint(message: &str, kind: FileKind) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        return Some(format!(
            "`{key}` is not a key here: fix its spelling or remove it"
        ));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or("");
        return Some(format!(
            "add `{key} = …`; see `aci-cpts init` for a commented template"
        ));
    }
    if message.starts_with("duplicate key") {
        return Some("a key may appear only once in a table: remove one of them".to_string());
    }
    if message.starts_with("invalid type") {
        return Some(kind.reference().to_string());
    }
    if message.starts_with("invalid")
        || message.starts_with("expected")
        || message.starts_with("unclosed")
        || message.contains("key with no value")
    {
        return Some(
            "this is not valid TOML at this place; see https://toml.io for the syntax".to_string(),
        );
    }
    None
}

/// Gathers the problems of one file so that a user fixes them in one pass.
#[derive(Debug, Default)]
pub struct Collector {
    diagnostics: Vec<Diagnostic>,
}

impl Collector {
    /// Records an error at a place.
    pub fn error(
        &mut self,
        message: impl Into<String>,
        span: Range<usize>,
        help: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::error(message, Some(span)).with_help(help));
    }

    /// Records a warning at a place.
    pub fn warning(
        &mut self,
        message: impl Into<String>,
        span: Range<usize>,
        help: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::warning(message, Some(span)).with_help(help));
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
        self.diagnostics
            .push(Diagnostic::error(message, None).with_help(help));
    }

    /// How many problems were recorded so far.
    pub fn count(&self) -> usize {
        self.diagnostics.len()
    }

    /// Fails with every problem if any is an error; otherwise returns the warnings.
    pub fn finish(self, file: &SourceFile) -> Result<Vec<Diagnostic>, InputError> {
        if self
            .diagnostics
            .iter()
            .any(|d| d.severity == crate::input::diagnostic::Severity::Error)
        {
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
