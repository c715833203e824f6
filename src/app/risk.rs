//! `aci-cpts risk`: the achievements given as ranges drawn many times, per CPTS and for the
//! portfolio (CPTS drawn independently); a bad input is reported and left out (exit 1). CPTS are
//! drawn on every core, rows written in input order.

use super::batch::{Failure, pipelined, reported};
use super::{add_table, emit_stream, output_format, shipped_registry};
use crate::catalog::Lang;
use crate::cli::RiskArgs;
use crate::engine::risk::{self, CashYear, Spread};
use crate::model::money::Money;
use crate::render;
use crate::report;
use crate::report::batch::ErrorJson;
use crate::report::errors::Words;
use crate::report::risk::Cash;
use anyhow::Result;
use std::process::ExitCode;
use std::sync::Mutex;

/// One CPTS drawn: its name, band, likely total and spread, and its cash's likely amount and
/// spread when asked.
struct Drawn {
    /// Whether an achievement or a result of it is given as a range (else it is certain).
    uncertain: bool,
    name: String,
    band: String,
    likely: Money,
    total: Spread,
    cash: Option<(Money, Spread)>,
    /// How often each palier of a ranged measured value was reached.
    paliers: Vec<risk::PalierOdds>,
    /// Said once: the contract ended before what was asked.
    note: Option<String>,
}

/// The draws of the whole portfolio, summed draw by draw as the CPTS are drawn.
struct Portfolio {
    total: Vec<i64>,
    cash: Vec<i64>,
}

fn add(into: &mut [i64], draws: &[i64]) {
    for (p, c) in into.iter_mut().zip(draws) {
        *p = p.saturating_add(*c);
    }
}

/// Runs the command.
pub fn run(lang: Lang, args: &RiskArgs) -> Result<ExitCode> {
    let format = output_format(lang, &args.output)?;
    let mut registry = shipped_registry(lang)?;
    let forced = args
        .tariff
        .as_deref()
        .map(|a| add_table(lang, &mut registry, a))
        .transpose()?;
    let draws = args.draws as usize;
    let paths = super::batch::files(lang, &args.inputs)?;
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut writer = render::Writer::begin(
        lang,
        format,
        out,
        std::io::stderr().lock(),
        &report::risk::document(lang, draws, args.seed, args.cash, args.spread),
        Some(&report::risk::stream(lang, args.cash.is_some())),
    )?;
    let cash_year = args.cash.map(|year| CashYear {
        year,
        registry: &registry,
        forced: forced.as_deref().and_then(|id| registry.get(id)),
    });
    let portfolio = Mutex::new(Portfolio {
        total: vec![0; draws],
        cash: vec![0; if cash_year.is_some() { draws } else { 0 }],
    });
    // Each CPTS its own stream of draws (from its place in the inputs): independent, the same
    // whatever the others and whichever core draws it.
    let compute = |index: u64, source: &str, input: super::batch::Input| {
        let seed = args
            .seed
            .wrapping_add(index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut loaded = input
            .load(lang, &registry, forced.as_deref(), args.at)
            .map_err(Failure::Input)?;
        if let Some(points) = args.spread {
            risk::widen(&mut loaded.scenario, points);
        }
        let failed = Failure::Engine;
        let sim = crate::engine::simulate(&loaded.scenario, loaded.versions)
            .map_err(|e| failed(e.words(lang)))?;
        let drawn = risk::draws(
            &loaded.scenario,
            loaded.versions,
            cash_year.as_ref(),
            draws,
            seed,
        )
        .map_err(|e| failed(e.words(lang)))?;
        let cash = match (&cash_year, &drawn.cash) {
            (Some(c), Some(cents)) => {
                let paid = crate::engine::cash::payments_in(
                    &loaded.scenario,
                    c.registry,
                    c.forced,
                    c.year,
                )
                .map_err(|e| failed(e.words(lang)))?;
                let likely = Money::checked_sum(paid.iter().map(|p| p.amount))
                    .ok_or_else(|| failed(lang.t("error.app.sum_out_of_range").into()))?;
                Some((likely, risk::spread(cents)))
            }
            _ => None,
        };
        if let Ok(mut p) = portfolio.lock() {
            add(&mut p.total, &drawn.total);
            if let Some(c) = &drawn.cash {
                add(&mut p.cash, c);
            }
        }
        Ok(Drawn {
            uncertain: !crate::engine::risk::ranged(&loaded.scenario).is_empty(),
            note: super::ended_before(lang, source, &loaded.scenario, &sim, args.cash),
            name: sim.scenario.clone(),
            band: sim.band.id.clone(),
            likely: sim.totals.total,
            total: risk::spread(&drawn.total),
            cash,
            paliers: drawn.paliers,
        })
    };
    let (mut count, mut left_out, mut likely_sum) = (0u64, 0u64, Money::ZERO);
    let mut uncertain = 0u64;
    let mut likely_cash = Money::ZERO;
    let mut errors: Vec<ErrorJson> = Vec::new();
    let mut odds = Vec::new();
    let mut handle =
        |source: &str, outcome: Result<Drawn, Failure>, row_of_csv: bool| -> std::io::Result<()> {
            match outcome {
                Ok(d) => {
                    if let Some(note) = &d.note {
                        super::say(note);
                    }
                    count += 1;
                    uncertain += u64::from(d.uncertain);
                    likely_sum = likely_sum.checked_add(d.likely).unwrap_or(likely_sum);
                    let cash = match (&d.cash, args.cash) {
                        (Some((likely, spread)), Some(year)) => {
                            likely_cash = likely_cash.checked_add(*likely).unwrap_or(likely_cash);
                            Some(Cash {
                                year,
                                likely: *likely,
                                spread,
                            })
                        }
                        _ => None,
                    };
                    let (cells, json) = report::risk::row(
                        &d.name,
                        source,
                        &d.band,
                        d.likely,
                        &d.total,
                        cash.as_ref(),
                        (&d.paliers, draws),
                    );
                    if !d.paliers.is_empty() {
                        odds.push((d.name.clone(), d.paliers.clone()));
                    }
                    writer.row(&cells, || report::json::Serde(json))
                }
                Err(failure) => {
                    let error = reported(lang, source, failure, row_of_csv);
                    errors.push(error);
                    left_out += 1;
                    Ok(())
                }
            }
        };
    let written = pipelined(
        lang,
        &paths,
        &registry,
        super::batch::Steps {
            compute: &compute,
            gather: &|(): &mut (), _| {},
            chunk: &mut |()| Ok(()),
            handle: &mut handle,
        },
    );
    super::batch::say_repeats(lang);
    let sums = portfolio.into_inner().unwrap_or_else(|e| e.into_inner());
    let spread = risk::spread(&sums.total);
    let cash_spread = risk::spread(&sums.cash);
    let cash = args.cash.map(|year| Cash {
        year,
        likely: likely_cash,
        spread: &cash_spread,
    });
    let done = written.and_then(|()| {
        writer
            .finish(&report::risk::body(
                lang,
                (count, uncertain, left_out),
                likely_sum,
                &spread,
                cash.as_ref(),
                &errors,
                (&odds, draws),
            ))
            .map(|_| ())
    });
    if !emit_stream(lang, done)? {
        return Ok(ExitCode::SUCCESS);
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
