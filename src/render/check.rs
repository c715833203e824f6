//! `tariffs check` output: one line per problem in the `file:line:col: error: message` form CI
//! systems annotate, or JSON.

use super::json::to_pretty;
use crate::check::CheckReport;
use serde::Serialize;

/// The report as text.
pub fn text(r: &CheckReport) -> String {
    let mut out = String::new();
    for f in &r.files {
        let lines = f.report.short_lines();
        if lines.is_empty() {
            out.push_str(&format!(
                "{}: ok ({}, {} cross-check{} recomputed)\n",
                f.report.file.name,
                f.id.as_deref().unwrap_or("?"),
                f.cross_checks,
                if f.cross_checks == 1 { "" } else { "s" }
            ));
        }
        let mut sorted: Vec<_> = f.report.diagnostics.iter().collect();
        sorted.sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
        for (line, d) in lines.iter().zip(sorted) {
            out.push_str(line);
            out.push('\n');
            if let Some(help) = &d.help {
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
    file: String,
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
                file: &f.report.file.name,
                id: f.id.as_deref(),
                cross_checks: f.cross_checks,
                diagnostics: f
                    .report
                    .diagnostics
                    .iter()
                    .map(|d| {
                        let (file, local) = f.report.locate(d);
                        let pos = local.span.as_ref().map(|s| file.line_col(s.start));
                        DiagOut {
                            file: file.name.clone(),
                            line: pos.map(|p| p.0),
                            column: pos.map(|p| p.1),
                            severity: d.severity.as_str(),
                            message: &d.message,
                            help: d.help.as_deref(),
                        }
                    })
                    .collect(),
            })
            .collect(),
    })
}
