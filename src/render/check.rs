//! `tariffs check` output: one line per problem in the `file:line:col: error: message` form CI
//! systems annotate, or JSON.

use super::json::to_pretty;
use crate::report::check::{CheckReport, Problem};
use serde::Serialize;

fn severity(p: &Problem) -> &'static str {
    if p.error { "error" } else { "warning" }
}

fn short(p: &Problem) -> String {
    match (p.line, p.column) {
        (Some(line), Some(col)) => {
            format!("{}:{line}:{col}: {}: {}", p.file, severity(p), p.message)
        }
        _ => format!("{}: {}: {}", p.file, severity(p), p.message),
    }
}

/// The report as text.
pub fn text(r: &CheckReport) -> String {
    let mut out = String::new();
    for f in &r.files {
        if f.problems.is_empty() {
            out.push_str(&format!(
                "{}: ok ({}, {} cross-check{} recomputed)\n",
                f.name,
                f.id.as_deref().unwrap_or("?"),
                f.cross_checks,
                if f.cross_checks == 1 { "" } else { "s" }
            ));
        }
        let mut sorted: Vec<&Problem> = f.problems.iter().collect();
        sorted.sort_by_key(|p| p.offset.unwrap_or(usize::MAX));
        for p in sorted {
            out.push_str(&short(p));
            out.push('\n');
            if let Some(help) = &p.help {
                out.push_str(&format!("    help: {help}\n"));
            }
        }
    }
    out.push_str(&format!(
        "{} table{} checked: {} error{}, {} warning{}\n",
        r.files.len(),
        plural(r.files.len()),
        r.errors(),
        plural(r.errors()),
        r.warnings(),
        plural(r.warnings())
    ));
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[derive(Serialize)]
struct Out<'a> {
    schema_version: u32,
    errors: usize,
    warnings: usize,
    files: Vec<FileOut<'a>>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    file: &'a str,
    id: Option<&'a str>,
    cross_checks: usize,
    diagnostics: Vec<DiagOut<'a>>,
}

#[derive(Serialize)]
struct DiagOut<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
}

/// The report as JSON.
pub fn json(r: &CheckReport) -> String {
    to_pretty(&Out {
        schema_version: 1,
        errors: r.errors(),
        warnings: r.warnings(),
        files: r
            .files
            .iter()
            .map(|f| FileOut {
                file: &f.name,
                id: f.id.as_deref(),
                cross_checks: f.cross_checks,
                diagnostics: f
                    .problems
                    .iter()
                    .map(|p| DiagOut {
                        file: &p.file,
                        line: p.line,
                        column: p.column,
                        severity: severity(p),
                        message: &p.message,
                        help: p.help.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
    })
}
