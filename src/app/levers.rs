//! `aci-cpts levers`: where the next euro is, for one contract year.

use super::InWords;
use super::{output, output_format, prepare};
use crate::catalog::Lang;
use crate::cli::LeversArgs;
use crate::engine;
use crate::report;
use anyhow::{Context, Result};
use std::process::ExitCode;

/// Runs the command.
pub fn run(lang: Lang, args: &LeversArgs) -> Result<ExitCode> {
    let format = output_format(lang, &args.output)?;
    let p = prepare(lang, &args.scenario, args.tariff.as_deref(), args.at)?;
    // The year as `simulate` computes it (an ended contract refused alike).
    p.simulate(lang)?;
    let levers = engine::levers::levers(&p.scenario, p.versions(lang)?)
        .in_words(lang)
        .with_context(|| lang.fill("error.app.cannot_compute", &[("file", &p.file.name)]))?;
    output(lang, format, &report::levers::document(lang, &levers))
}
