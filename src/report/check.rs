//! What `tariffs check` found, file by file, with positions already resolved.

/// The outcome for every file checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// One entry per file, in the order given.
    pub files: Vec<CheckedFile>,
}

/// The findings for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    /// The file as the user named it (a shipped table: `tariffs/ID.toml`).
    pub name: String,
    /// The table's id, when it could be read.
    pub id: Option<String>,
    /// How many cross-checks it declares.
    pub cross_checks: usize,
    /// Its problems, in the order found.
    pub problems: Vec<Problem>,
}

/// One error or warning at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file the place is in (for a draft, possibly the table it extends).
    pub file: String,
    /// 1-based line, when the problem has a place.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// An error (the table cannot be used) or a warning.
    pub error: bool,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Where it is in the file's text, to list problems in the file's order.
    pub offset: Option<usize>,
}

impl CheckReport {
    /// How many errors in all.
    pub fn errors(&self) -> usize {
        self.count(true)
    }

    /// How many warnings in all.
    pub fn warnings(&self) -> usize {
        self.count(false)
    }

    fn count(&self, error: bool) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.problems)
            .filter(|p| p.error == error)
            .count()
    }
}

use super::json::fields;
use super::{Audience, Block, Body, Cell, Column, Document, Table};
use crate::catalog::Lang;
use serde::Serialize;

/// Version of the JSON output of `tariffs check`: 2 since the counts are `error_count` and
/// `warning_count` (`warnings` is the list every output has).
pub const SCHEMA_VERSION: u32 = 2;

/// The JSON fields of `tariffs check`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CheckJson {
    /// Errors in all.
    pub error_count: usize,
    /// Warnings in all (`warnings`, as in every output, lists the warnings about the result).
    pub warning_count: usize,
    /// One entry per file.
    pub files: Vec<FileJson>,
}

/// One file.
#[derive(Serialize, schemars::JsonSchema)]
pub struct FileJson {
    /// The file.
    pub file: String,
    /// The table's id, when it could be read.
    pub id: Option<String>,
    /// Cross-checks declared.
    pub cross_checks: usize,
    /// Its problems.
    pub diagnostics: Vec<DiagnosticJson>,
}

/// One problem.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DiagnosticJson {
    /// The file it is in.
    pub file: String,
    /// Line.
    pub line: Option<usize>,
    /// Column.
    pub column: Option<usize>,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

fn severity(p: &Problem) -> &'static str {
    if p.error { "error" } else { "warning" }
}

/// `file:line:col: error: message`, the form CI systems annotate.
fn short(lang: Lang, p: &Problem) -> String {
    let word = lang.t_of("check", severity(p));
    match (p.line, p.column) {
        (Some(line), Some(col)) => format!("{}:{line}:{col}: {word}: {}", p.file, p.message),
        _ => format!("{}: {word}: {}", p.file, p.message),
    }
}

fn plural(lang: Lang, n: usize, key: &str) -> String {
    // French counts 0 as singular ("0 erreur"), English as plural ("0 errors").
    let one = n == 1 || (n == 0 && lang == crate::catalog::Lang::Fr);
    let form = if one { "one" } else { "many" };
    lang.fill(&format!("check.{key}.{form}"), &[("count", &n.to_string())])
}

/// The document of `tariffs check`: for people, one line per problem with its help, files
/// without problems said ok, and a count; for programs, a row per problem.
pub fn document(lang: Lang, r: &CheckReport) -> Document {
    let mut lines = Vec::new();
    for f in &r.files {
        if f.problems.is_empty() {
            lines.push(lang.fill(
                "check.ok",
                &[
                    ("file", &f.name),
                    ("id", f.id.as_deref().unwrap_or("?")),
                    (
                        "cross_checks",
                        &plural(lang, f.cross_checks, "cross_checks"),
                    ),
                ],
            ));
        }
        let mut sorted: Vec<&Problem> = f.problems.iter().collect();
        sorted.sort_by_key(|p| p.offset.unwrap_or(usize::MAX));
        for p in sorted {
            lines.push(short(lang, p));
            if let Some(help) = &p.help {
                lines.push(lang.fill("check.help", &[("help", help)]));
            }
        }
    }
    lines.push(lang.fill(
        "check.summary",
        &[
            ("tables", &plural(lang, r.files.len(), "tables")),
            ("errors", &plural(lang, r.errors(), "errors")),
            ("warnings", &plural(lang, r.warnings(), "warnings")),
        ],
    ));
    let mut table = Table::new(vec![
        Column::new("file", lang.t("header.file")),
        Column::new("line", lang.t("header.line")),
        Column::new("column", lang.t("header.column")),
        Column::new("severity", lang.t("header.severity")),
        Column::new("message", lang.t("header.message")),
        Column::new("help", lang.t("diagnostic.help")),
    ])
    .only(Audience::Programs);
    let json = CheckJson {
        error_count: r.errors(),
        warning_count: r.warnings(),
        files: r
            .files
            .iter()
            .map(|f| FileJson {
                file: f.name.clone(),
                id: f.id.clone(),
                cross_checks: f.cross_checks,
                diagnostics: f
                    .problems
                    .iter()
                    .map(|p| DiagnosticJson {
                        file: p.file.clone(),
                        line: p.line,
                        column: p.column,
                        severity: severity(p),
                        message: p.message.clone(),
                        help: p.help.clone(),
                    })
                    .collect(),
            })
            .collect(),
    };
    for f in &r.files {
        for p in &f.problems {
            let n = |v: Option<usize>| v.map_or(Cell::Empty, |v| Cell::Count(v as u64));
            table.row(vec![
                Cell::text(p.file.clone()),
                n(p.line),
                n(p.column),
                Cell::text(severity(p)),
                Cell::text(p.message.clone()),
                Cell::text(p.help.clone().unwrap_or_default()),
            ]);
        }
    }
    Document {
        schema_version: SCHEMA_VERSION,
        head: Vec::new(),
        data: fields(&json),
        body: Body {
            blocks: vec![Block::Text(lines.join("\n")), Block::Table(table)],
            ..Body::default()
        },
    }
}
