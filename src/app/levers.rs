//! `aci-cpts levers`: where the next euro is, for one contract year.

use super::{output, output_format, prepare};
use crate::catalog::fill;
use crate::cli::LeversArgs;
use crate::engine;
use crate::report;
use anyhow::{Context, Result};
use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &LeversArgs) -> Result<ExitCode> {
    let format = output_format(&args.output)?;
    let p = prepare(&args.scenario, args.tariff.as_deref(), args.at)?;
    // The year as `simulate` computes it (an ended contract refused alike).
    p.simulate()?;
    let levers = engine::levers::levers(&p.scenario, p.versions()?)
        .with_context(|| fill("error.app.cannot_compute", &[("file", &p.file.name)]))?;
    output(format, &report::levers::document(&levers))
}
