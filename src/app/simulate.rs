//! `aci-cpts simulate`: one contract year of one CPTS, line by line.

use super::{emit, output_format, prepare};
use crate::cli::SimulateArgs;
use crate::engine::WarningCode;
use crate::render::{self, Format, csv::Dialect};
use anyhow::{Result, bail};
use std::process::ExitCode;

/// Warnings that `simulate --strict` turns into a failure: the result rests on unverified
/// figures.
pub const STRICT_WARNINGS: [WarningCode; 3] = [
    WarningCode::EstimateEvidence,
    WarningCode::UpliftBriefEvidence,
    WarningCode::TableNotCheckedSince,
];

/// Runs the command.
pub fn run(args: &SimulateArgs) -> Result<ExitCode> {
    let format = output_format(&args.output)?;
    let sim = prepare(&args.scenario, args.tariff.as_deref())?.simulate()?;
    if matches!(format, Format::Csv | Format::CsvExcelFr) {
        eprint!("{}", render::table::warnings_text(&sim));
    }
    let code = emit(&match format {
        Format::Table => render::table::simulation(&sim, args.explain),
        Format::Json => render::json::simulation(&sim, args.explain),
        Format::Csv => render::csv::simulation(&sim, Dialect::Plain, args.explain),
        Format::CsvExcelFr => render::csv::simulation(&sim, Dialect::ExcelFr, args.explain),
        Format::Markdown => render::markdown::simulation(&sim, args.explain),
    })?;
    if args.strict {
        let unverified: Vec<&str> = sim
            .warnings
            .iter()
            .filter(|w| STRICT_WARNINGS.contains(&w.code))
            .map(|w| w.code.as_str())
            .collect();
        if !unverified.is_empty() {
            bail!(
                "--strict: this result rests on unverified figures ({})\n  = help: see the warnings; drop --strict to accept them",
                unverified.join(", ")
            );
        }
    }
    Ok(code)
}
