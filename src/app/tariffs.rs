//! `aci-cpts tariffs list|show|check|diff`: the tables themselves.

use super::{output_format, read_table, resolve_table, shipped_registry};
use crate::catalog::Lang;
use crate::cli::{OutputArgs, TariffsCommand};
use crate::engine;
use crate::engine::check::Finding;
use crate::input;
use crate::input::diagnostic::{Diagnostic, InputError, Severity};
use crate::input::tariff::ParsedTable;
use crate::model::tariff::TariffTable;
use crate::report;
use crate::report::check::{CheckReport, CheckedFile, Problem};
use crate::report::errors::Words;
use anyhow::{Result, bail};
use std::process::ExitCode;

/// Runs a `tariffs` subcommand.
pub fn run(lang: Lang, command: &TariffsCommand) -> Result<ExitCode> {
    match command {
        TariffsCommand::List { output } => {
            let registry = shipped_registry(lang)?;
            super::output(
                lang,
                output_format(lang, output)?,
                &report::tariffs::list(lang, &registry.tables().collect::<Vec<_>>()),
            )
        }
        TariffsCommand::Show { table, output } => {
            let parsed = resolve_table(lang, table)?;
            super::output(
                lang,
                output_format(lang, output)?,
                &report::tariffs::show(lang, &parsed.table),
            )
        }
        TariffsCommand::Check {
            tables,
            deny_warnings,
            output,
        } => check(lang, tables, *deny_warnings, output),
        TariffsCommand::Diff {
            old,
            new,
            band,
            all,
            output,
        } => diff(lang, old, new, band.as_deref(), *all, output),
    }
}

fn diff(
    lang: Lang,
    old: &str,
    new: &str,
    band: Option<&str>,
    all: bool,
    output: &OutputArgs,
) -> Result<ExitCode> {
    let format = output_format(lang, output)?;
    let (old, new) = (resolve_table(lang, old)?, resolve_table(lang, new)?);
    let d = engine::diff::diff(&old.table, &new.table);
    if let Some(b) = band
        && !d.rows.iter().any(|r| r.band == b)
    {
        bail!(
            "{}",
            lang.fill(
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
    super::output(lang, format, &report::diff::document(lang, &d, &rows))
}

fn check(
    lang: Lang,
    tables: &[String],
    deny_warnings: bool,
    output: &OutputArgs,
) -> Result<ExitCode> {
    let format = output_format(lang, output)?;
    let inputs: Vec<Result<ParsedTable, InputError>> = if tables.is_empty() {
        input::tariff::shipped_files()
            .map(|f| input::tariff::parse_table(lang, &f))
            .collect()
    } else {
        tables
            .iter()
            .flat_map(|t| checked_inputs(lang, t))
            .collect()
    };
    let checked = check_report(lang, inputs);
    super::output(lang, format, &report::check::document(lang, &checked))?;
    let failed = checked.errors() > 0 || (deny_warnings && checked.warnings() > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What one argument of `tariffs check` names, read: a shipped table by its id, a table file, or
/// every `*.toml` of a folder (as `batch` reads folders). An unknown id is said as such, with
/// the shipped ids and the nearest one.
fn checked_inputs(lang: Lang, arg: &str) -> Vec<Result<ParsedTable, InputError>> {
    let path = std::path::Path::new(arg);
    if path.is_dir() {
        let mut files: Vec<std::path::PathBuf> = match std::fs::read_dir(path) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect(),
            Err(e) => return vec![Err(input::open_error(lang, arg, &e))],
        };
        files.sort();
        if files.is_empty() {
            return vec![Err(InputError::unreadable(
                lang,
                arg,
                lang.fill("tariffs.check.empty_folder", &[("dir", arg)]),
                lang.t("tariffs.check.empty_folder_help"),
            ))];
        }
        return files
            .iter()
            .map(|f| read_table(lang, &f.to_string_lossy()))
            .collect();
    }
    if super::names_an_unknown_id(arg) && !path.exists() {
        let registry = shipped_registry(lang).ok();
        let ids: Vec<&str> = registry.iter().flat_map(|r| r.id_list()).collect();
        let nearest = input::nearest(arg, ids.iter().copied())
            .map(|id| lang.fill("tariffs.check.did_you_mean", &[("id", id)]))
            .unwrap_or_default();
        return vec![Err(InputError::unreadable(
            lang,
            arg,
            lang.fill("tariffs.check.unknown_id", &[("id", arg)]),
            &lang.fill(
                "tariffs.check.unknown_id_help",
                &[("ids", &ids.join(", ")), ("nearest", &nearest)],
            ),
        ))];
    }
    vec![read_table(lang, arg)]
}

/// Checks tables read (or that failed to read) together, and places every finding in its file.
pub fn check_report(lang: Lang, inputs: Vec<Result<ParsedTable, InputError>>) -> CheckReport {
    let parsed: Vec<&ParsedTable> = inputs.iter().filter_map(|i| i.as_ref().ok()).collect();
    let tables: Vec<&TariffTable> = parsed.iter().map(|p| &p.table).collect();
    let mut reports: Vec<InputError> = parsed.iter().map(|p| p.report.clone()).collect();
    for finding in engine::check::check(&tables) {
        let (i, d) = finding_diagnostic(lang, &finding, &parsed);
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

fn finding_diagnostic(lang: Lang, f: &Finding, parsed: &[&ParsedTable]) -> (usize, Diagnostic) {
    use crate::report::format::{date, money};
    match f {
        Finding::DuplicateId { table, first } => (
            *table,
            Diagnostic::error(
                lang,
                lang.fill(
                    "tariffs.check.duplicate_id",
                    &[
                        ("id", &parsed[*table].table.id),
                        ("file", &parsed[*first].report.file.name),
                    ],
                ),
                parsed[*table].spans.id.clone(),
            )
            .with_help(lang.fill("tariffs.check.duplicate_id_help", &[])),
        ),
        Finding::Overlap { table, before } => {
            let (after, before) = (&parsed[*table].table, &parsed[*before].table);
            let until = before.in_force_to.map_or_else(
                || lang.fill("tariffs.check.until_open", &[]),
                |to| lang.fill("tariffs.check.until", &[("to", &date(lang, to))]),
            );
            (
                *table,
                Diagnostic::error(
                    lang,
                    lang.fill(
                        "tariffs.check.overlap",
                        &[
                            ("after", &after.id),
                            ("from", &date(lang, after.in_force_from)),
                            ("before", &before.id),
                            ("until", &until),
                        ],
                    ),
                    parsed[*table].spans.in_force_from.clone(),
                )
                .with_help(lang.fill("tariffs.check.overlap_help", &[("before", &before.id)])),
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
                .map(|s| lang.fill("tariffs.check.source", &[("source", s)]))
                .unwrap_or_default();
            (
                *table,
                cross_check_error(
                    lang,
                    lang.fill(
                        "tariffs.check.cross_check_mismatch",
                        &[
                            ("name", &x.name),
                            ("computed", &money(*computed)),
                            ("expected", &money(x.expected_total)),
                            ("source", &source),
                        ],
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
                    lang,
                    lang.fill(
                        "tariffs.check.cross_check_failed",
                        &[("name", &x.name), ("error", &error.words(lang))],
                    ),
                    parsed[*table],
                    *index,
                ),
            )
        }
    }
}

fn cross_check_error(lang: Lang, message: String, p: &ParsedTable, index: usize) -> Diagnostic {
    Diagnostic::error(lang, message, p.spans.cross_checks.get(index).cloned())
        .with_help(lang.fill("tariffs.check.cross_check_help", &[]))
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
