//! `aci-cpts simulate`: one contract year of one CPTS, line by line.

use super::{Usage, output, output_format, prepare};
use crate::catalog::Lang;
use crate::cli::SimulateArgs;
use crate::engine::WarningCode;
use crate::report;
use anyhow::{Result, bail};
use std::process::ExitCode;

/// Warnings that `simulate --strict` turns into a failure: the result rests on unverified
/// figures, or on a table that may have changed.
pub const STRICT_WARNINGS: [WarningCode; 4] = [
    WarningCode::EstimateEvidence,
    WarningCode::UpliftBriefEvidence,
    WarningCode::TableNotCheckedSince,
    WarningCode::TableNotice,
];

/// Runs the command.
pub fn run(lang: Lang, args: &SimulateArgs) -> Result<ExitCode> {
    let format = output_format(lang, &args.output)?;
    let allowed = args
        .allow
        .iter()
        .map(|code| {
            WarningCode::ALL
                .into_iter()
                .find(|c| c.as_str() == code)
                .ok_or_else(|| {
                    Usage(lang.fill(
                        "error.app.unknown_code",
                        &[
                            ("code", code),
                            (
                                "codes",
                                &WarningCode::ALL.map(WarningCode::as_str).join(", "),
                            ),
                        ],
                    ))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sim = prepare(lang, &args.scenario, args.tariff.as_deref(), args.at)?.simulate(lang)?;
    let code = output(
        lang,
        format,
        &report::simulation::document(lang, &sim, args.explain, format.writes_json()),
    )?;
    if args.strict {
        let unverified: Vec<&str> = sim
            .warnings
            .iter()
            .map(|w| w.code())
            .filter(|code| STRICT_WARNINGS.contains(code) && !allowed.contains(code))
            .map(|code| code.as_str())
            .collect();
        if !unverified.is_empty() {
            bail!(
                "{}",
                lang.fill("error.app.strict", &[("codes", &unverified.join(", "))])
            );
        }
    }
    Ok(code)
}
