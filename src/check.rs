//! `tariffs check`: the checks a CI job runs on tariff tables. Reading a table already checks its
//! schema, bands, lines and evidence (in `input::tariff`); this adds what needs several tables or
//! the engine: in-force periods that follow each other, unique ids, and the declared
//! cross-checks recomputed with the real engine.

use crate::diagnostic::{Diagnostic, InputError};
use crate::engine;
use crate::input::tariff::ParsedTable;
use crate::scenario::{ByYear, MissionRun, Scenario, VariableInput};
use crate::tariff::{CrossCheck, TariffTable};

/// The outcome for every file checked: its errors and warnings (possibly none).
#[derive(Debug)]
pub struct CheckReport {
    /// One report per file, in the order given.
    pub files: Vec<FileReport>,
}

/// The findings for one file.
#[derive(Debug)]
pub struct FileReport {
    /// The table's id, when it could be read.
    pub id: Option<String>,
    /// How many cross-checks it declares.
    pub cross_checks: usize,
    /// Its file(s) and diagnostics.
    pub report: InputError,
}

impl CheckReport {
    /// How many errors in all.
    pub fn errors(&self) -> usize {
        self.count(crate::diagnostic::Severity::Error)
    }

    /// How many warnings in all.
    pub fn warnings(&self) -> usize {
        self.count(crate::diagnostic::Severity::Warning)
    }

    fn count(&self, s: crate::diagnostic::Severity) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.report.diagnostics)
            .filter(|d| d.severity == s)
            .count()
    }
}

/// Checks tables read (or that failed to read) together.
pub fn check_tables(inputs: Vec<Result<ParsedTable, InputError>>) -> CheckReport {
    let mut files: Vec<FileReport> = Vec::new();
    let mut parsed: Vec<(usize, ParsedTable)> = Vec::new();
    for input in inputs {
        match input {
            Ok(p) => {
                let mut report = p.report.clone();
                for (i, x) in p.table.cross_checks.iter().enumerate() {
                    if let Some(problem) = run_cross_check(&p.table, x) {
                        report.diagnostics.push(
                            Diagnostic::error(problem, p.spans.cross_checks.get(i).cloned())
                                .with_help("fix the amounts, or the declared total if the source says otherwise"),
                        );
                    }
                }
                files.push(FileReport {
                    id: Some(p.table.id.clone()),
                    cross_checks: p.table.cross_checks.len(),
                    report,
                });
                parsed.push((files.len() - 1, p));
            }
            Err(e) => files.push(FileReport {
                id: None,
                cross_checks: 0,
                report: e,
            }),
        }
    }
    check_ids_and_periods(&parsed, &mut files);
    CheckReport { files }
}

fn check_ids_and_periods(parsed: &[(usize, ParsedTable)], files: &mut [FileReport]) {
    for (n, (i, p)) in parsed.iter().enumerate() {
        if let Some((_, first)) = parsed[..n].iter().find(|(_, q)| q.table.id == p.table.id) {
            files[*i].report.diagnostics.push(
                Diagnostic::error(
                    format!(
                        "id `{}` is already used by {}",
                        p.table.id, first.report.file.name
                    ),
                    p.spans.id.clone(),
                )
                .with_help("give every table its own id"),
            );
        }
    }
    // Versions follow each other; a draft that extends a version is an alternative to it, not a
    // successor, so it is left out.
    let mut versions: Vec<&(usize, ParsedTable)> = parsed
        .iter()
        .filter(|(_, p)| p.table.extends.is_none())
        .collect();
    versions.sort_by_key(|(_, p)| p.table.in_force_from);
    for pair in versions.windows(2) {
        let (before, after) = (&pair[0].1.table, &pair[1]);
        let overlaps = before
            .in_force_to
            .is_none_or(|to| to >= after.1.table.in_force_from);
        if overlaps {
            let until = before
                .in_force_to
                .map_or("with no end".to_string(), |to| format!("until {to}"));
            files[after.0].report.diagnostics.push(
                Diagnostic::error(
                    format!(
                        "`{}` comes into force on {} while `{}` is still in force ({until})",
                        after.1.table.id, after.1.table.in_force_from, before.id
                    ),
                    after.1.spans.in_force_from.clone(),
                )
                .with_help(format!(
                    "set `in_force_to` of `{}` to the day before, or fix this date",
                    before.id
                )),
            );
        }
    }
}

/// The scenario a cross-check describes: signed on the table's first day in force.
pub fn cross_check_scenario(table: &TariffTable, x: &CrossCheck) -> Scenario {
    Scenario {
        name: x.name.clone(),
        population: x.population,
        members: x.members,
        signed: table.in_force_from,
        contract_year: x.contract_year,
        tariff: Some(table.id.clone()),
        crisis_years: if x.crisis_recognised {
            vec![x.contract_year]
        } else {
            Vec::new()
        },
        missions: x
            .missions
            .iter()
            .map(|id| MissionRun {
                id: id.clone(),
                started: None,
                variable: table
                    .mission(id)
                    .filter(|m| m.has_variable())
                    .map(|_| VariableInput::Achievement(ByYear::single(x.achievement))),
            })
            .collect(),
    }
}

/// Recomputes a declared total; `None` when it matches.
fn run_cross_check(table: &TariffTable, x: &CrossCheck) -> Option<String> {
    let source = x
        .source
        .as_ref()
        .map(|s| format!(" (source {s})"))
        .unwrap_or_default();
    match engine::simulate(&cross_check_scenario(table, x), table) {
        Err(e) => Some(format!("cross-check `{}` cannot be computed: {e}", x.name)),
        Ok(sim) if sim.totals.total != x.expected_total => Some(format!(
            "cross-check `{}`: the engine computes {}, the table declares {}{source}",
            x.name,
            sim.totals.total.french(),
            x.expected_total.french()
        )),
        Ok(_) => None,
    }
}
