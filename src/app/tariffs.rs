//! `aci-cpts tariffs list|show|check|diff`: the tables themselves.

use super::{output_format, read_table, resolve_table, shipped_registry};
use crate::catalog::fill;
use crate::cli::{OutputArgs, TariffsCommand};
use crate::engine;
use crate::engine::check::Finding;
use crate::input;
use crate::input::diagnostic::{Diagnostic, InputError, Severity};
use crate::input::tariff::ParsedTable;
use crate::model::tariff::TariffTable;
use crate::report;
use crate::report::check::{CheckReport, CheckedFile, Problem};
use anyhow::{Result, bail};
use std::process::ExitCode;

/// Runs a `tariffs` subcommand.
pub fn run(command: &TariffsCommand) -> Result<ExitCode> {
    match command {
        TariffsCommand::List { output } => {
            let registry = shipped_registry()?;
            super::output(
                output_format(output)?,
                &report::tariffs::list(&registry.tables().collect::<Vec<_>>()),
            )
        }
        TariffsCommand::Show { table, output } => {
            let parsed = resolve_table(table)?;
            super::output(
                output_format(output)?,
                &report::tariffs::show(&parsed.table),
            )
        }
        TariffsCommand::Check {
            tables,
            deny_warnings,
            output,
        } => check(tables, *deny_warnings, output),
        TariffsCommand::Diff {
            old,
            new,
            band,
            all,
            output,
        } => diff(old, new, band.as_deref(), *all, output),
    }
}

fn diff(
    old: &str,
    new: &str,
    band: Option<&str>,
    all: bool,
    output: &OutputArgs,
) -> Result<ExitCode> {
    let format = output_format(output)?;
    let (old, new) = (resolve_table(old)?, resolve_table(new)?);
    let d = engine::diff::diff(&old.table, &new.table);
    if let Some(b) = band
        && !d.rows.iter().any(|r| r.band == b)
    {
        bail!(
            "{}",
            fill(
                "error.app.no_band",
                &[
                    ("band", b),
                    ("old", &d.old),
                    ("new", &d.new),
                    (
                        "bands",
                        &new.table
                            .bands
                            .iter()
                            .map(|b| b.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ],
            )
        );
    }
    let rows: Vec<&engine::diff::DiffRow> = d
        .rows
        .iter()
        .filter(|r| band.is_none_or(|b| r.band == b))
        .filter(|r| all || r.status != engine::diff::Status::Unchanged)
        .collect();
    super::output(format, &report::diff::document(&d, &rows))
}

fn check(tables: &[String], deny_warnings: bool, output: &OutputArgs) -> Result<ExitCode> {
    let format = output_format(output)?;
    let inputs: Vec<Result<ParsedTable, InputError>> = if tables.is_empty() {
        input::tariff::shipped_files()
            .map(|f| input::tariff::parse_table(&f))
            .collect()
    } else {
        tables.iter().map(|t| read_table(t)).collect()
    };
    let checked = check_report(inputs);
    super::output(format, &report::check::document(&checked))?;
    let failed = checked.errors() > 0 || (deny_warnings && checked.warnings() > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Checks tables read (or that failed to read) together, and places every finding in its file.
pub fn check_report(inputs: Vec<Result<ParsedTable, InputError>>) -> CheckReport {
    let parsed: Vec<&ParsedTable> = inputs.iter().filter_map(|i| i.as_ref().ok()).collect();
    let tables: Vec<&TariffTable> = parsed.iter().map(|p| &p.table).collect();
    let mut reports: Vec<InputError> = parsed.iter().map(|p| p.report.clone()).collect();
    for finding in engine::check::check(&tables) {
        let (i, d) = finding_diagnostic(&finding, &parsed);
        reports[i].diagnostics.push(d);
    }
    let mut reports = reports.into_iter();
    let files = inputs
        .iter()
        .map(|input| match input {
            Ok(p) => checked_file(
                Some(p.table.id.clone()),
                p.table.cross_checks.len(),
                &reports.next().unwrap_or_else(|| p.report.clone()),
            ),
            Err(e) => checked_file(None, 0, e),
        })
        .collect();
    CheckReport { files }
}

fn finding_diagnostic(f: &Finding, parsed: &[&ParsedTable]) -> (usize, Diagnostic) {
    match f {
        Finding::DuplicateId { table, first } => (
            *table,
            Diagnostic::error(
                format!(
                    "id `{}` is already used by {}",
                    parsed[*table].table.id, parsed[*first].report.file.name
                ),
                parsed[*table].spans.id.clone(),
            )
            .with_help("give every table its own id"),
        ),
        Finding::Overlap { table, before } => {
            let (after, before) = (&parsed[*table].table, &parsed[*before].table);
            let until = before
                .in_force_to
                .map_or("with no end".to_string(), |to| format!("until {to}"));
            (
                *table,
                Diagnostic::error(
                    format!(
                        "`{}` comes into force on {} while `{}` is still in force ({until})",
                        after.id, after.in_force_from, before.id
                    ),
                    parsed[*table].spans.in_force_from.clone(),
                )
                .with_help(format!(
                    "set `in_force_to` of `{}` to the day before, or fix this date",
                    before.id
                )),
            )
        }
        Finding::CrossCheckMismatch {
            table,
            index,
            computed,
        } => {
            let x = &parsed[*table].table.cross_checks[*index];
            let source = x
                .source
                .as_ref()
                .map(|s| format!(" (source {s})"))
                .unwrap_or_default();
            (
                *table,
                cross_check_error(
                    format!(
                        "cross-check `{}`: the engine computes {}, the table declares {}{source}",
                        x.name,
                        crate::report::format::money(*computed),
                        crate::report::format::money(x.expected_total)
                    ),
                    parsed[*table],
                    *index,
                ),
            )
        }
        Finding::CrossCheckFailed {
            table,
            index,
            error,
        } => {
            let x = &parsed[*table].table.cross_checks[*index];
            (
                *table,
                cross_check_error(
                    format!("cross-check `{}` cannot be computed: {error}", x.name),
                    parsed[*table],
                    *index,
                ),
            )
        }
    }
}

fn cross_check_error(message: String, p: &ParsedTable, index: usize) -> Diagnostic {
    Diagnostic::error(message, p.spans.cross_checks.get(index).cloned())
        .with_help("fix the amounts, or the declared total if the source says otherwise")
}

fn checked_file(id: Option<String>, cross_checks: usize, report: &InputError) -> CheckedFile {
    CheckedFile {
        name: report.file.name.clone(),
        id,
        cross_checks,
        problems: report
            .diagnostics
            .iter()
            .map(|d| {
                let (file, local) = report.locate(d);
                let pos = local.span.as_ref().map(|s| file.line_col(s.start));
                Problem {
                    file: file.name.clone(),
                    line: pos.map(|p| p.0),
                    column: pos.map(|p| p.1),
                    error: d.severity == Severity::Error,
                    message: d.message.clone(),
                    help: d.help.clone(),
                    offset: d.span.as_ref().map(|s| s.start),
                }
            })
            .collect(),
    }
}
