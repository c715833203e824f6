//! `aci-cpts risk`: the achievements given as ranges drawn many times, per CPTS and for the
//! portfolio (CPTS drawn independently); a bad input is reported and left out (exit 1).

use super::batch::{files, for_each_input, input_error};
use super::{add_table, emit_stream, output_format, say, shipped_registry};
use crate::cli::RiskArgs;
use crate::engine::risk;
use crate::model::money::Money;
use crate::render;
use crate::report;
use crate::report::batch::ErrorJson;
use anyhow::Result;
use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &RiskArgs) -> Result<ExitCode> {
    let format = output_format(&args.output)?;
    let mut registry = shipped_registry()?;
    let forced = args
        .tariff
        .as_deref()
        .map(|a| add_table(&mut registry, a))
        .transpose()?;
    let draws = args.draws as usize;
    let paths = files(&args.inputs)?;
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut writer = render::Writer::begin(
        format,
        out,
        std::io::stderr().lock(),
        &report::risk::document(draws, args.seed),
        Some(&report::risk::stream()),
    )?;
    let mut portfolio = vec![0i64; draws];
    let (mut count, mut left_out, mut likely_sum) = (0u64, 0u64, Money::ZERO);
    let mut errors: Vec<ErrorJson> = Vec::new();
    let mut index = 0u64;
    let written = for_each_input(&paths, &registry, &mut |source, file, row_of_csv| {
        // Each CPTS its own stream of draws: independent, and the same whatever the others.
        let seed = args
            .seed
            .wrapping_add(index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        index += 1;
        let loaded = file
            .load(&registry, forced.as_deref(), args.at)
            .map(|l| (l.scenario, l.table));
        let computed = match loaded {
            Err(e) => Err(input_error(source, &e, row_of_csv)),
            Ok((scenario, t)) => crate::engine::simulate(&scenario, t)
                .and_then(|sim| Ok((sim, risk::draws(&scenario, t, draws, seed)?)))
                .map_err(|e| ErrorJson {
                    source: source.to_string(),
                    message: e.to_string(),
                }),
        };
        match computed {
            Ok((sim, cents)) => {
                for (p, c) in portfolio.iter_mut().zip(&cents) {
                    *p = p.saturating_add(*c);
                }
                count += 1;
                likely_sum = likely_sum
                    .checked_add(sim.totals.total)
                    .unwrap_or(likely_sum);
                let spread = risk::spread(&cents);
                let (cells, json) = report::risk::row(
                    &sim.scenario,
                    source,
                    &sim.band.id,
                    sim.totals.total,
                    &spread,
                );
                writer.row(&cells, || json)
            }
            Err(error) => {
                if row_of_csv || error.message.is_empty() {
                    say(&format!("error: {}: {}", error.source, error.message));
                }
                errors.push(error);
                left_out += 1;
                Ok(())
            }
        }
    });
    let spread = risk::spread(&portfolio);
    let done = written.and_then(|()| {
        writer
            .finish(&report::risk::body(
                count, left_out, likely_sum, &spread, &errors,
            ))
            .map(|_| ())
    });
    if !emit_stream(done)? {
        return Ok(ExitCode::SUCCESS);
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
