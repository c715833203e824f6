//! `aci-cpts compare`: two results side by side — two scenarios, or one under two tables.

use super::{Prepared, output, output_format, prepare};
use crate::catalog::Lang;
use crate::cli::CompareArgs;
use crate::engine;
use crate::report;
use anyhow::{Context, Result, bail};
use std::process::ExitCode;

/// Runs the command.
pub fn run(lang: Lang, args: &CompareArgs) -> Result<ExitCode> {
    let format = output_format(lang, &args.output)?;
    let (b_path, b_tariff) = match (&args.b, &args.against) {
        (None, None) => bail!("{}", lang.t("error.app.compare_needs_b")),
        (b, against) => (
            b.as_deref().unwrap_or(&args.a),
            against.as_deref().or(args.tariff.as_deref()),
        ),
    };
    let a = prepare(lang, &args.a, args.tariff.as_deref(), args.at)?;
    let b = prepare(lang, b_path, b_tariff, args.at)?;
    let name = |p: &Prepared| format!("{}, {}", p.file.name, p.table);
    let c = engine::compare::compare(name(&a), a.simulate(lang)?, name(&b), b.simulate(lang)?)
        .context(lang.t("error.app.difference_out_of_range"))?;
    output(lang, format, &report::compare::document(lang, &c))
}
