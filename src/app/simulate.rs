//! `aci-cpts simulate`: one contract year of one CPTS, line by line.

use super::{output, output_format, prepare};
use crate::catalog::fill;
use crate::cli::SimulateArgs;
use crate::engine::WarningCode;
use crate::report;
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
    let code = output(format, &report::simulation::document(&sim, args.explain))?;
    if args.strict {
        let unverified: Vec<&str> = sim
            .warnings
            .iter()
            .map(|w| w.code())
            .filter(|code| STRICT_WARNINGS.contains(code))
            .map(|code| code.as_str())
            .collect();
        if !unverified.is_empty() {
            bail!(
                "{}",
                fill("error.app.strict", &[("codes", &unverified.join(", "))])
            );
        }
    }
    Ok(code)
}
