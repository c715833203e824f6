//! `aci-cpts sweep`: the totals over a range (or a grid) of a parameter, streamed, with the
//! cliffs called out and an SVG chart on demand.

use super::{emit_stream, output_format, prepare, refuse_existing, write_new};
use crate::cli::SweepArgs;
use crate::engine::sweep;
use crate::render;
use anyhow::{Result, bail};
use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &SweepArgs) -> Result<ExitCode> {
    let format = output_format(&args.output)?;
    let varies: Vec<sweep::Vary> = args
        .vary
        .iter()
        .map(|v| sweep::Vary::parse(v))
        .collect::<Result<_, _>>()
        .map_err(anyhow::Error::msg)?;
    if args.chart.is_some() && varies.len() != 1 {
        bail!("--chart draws one varied parameter\n  = help: give a single --vary with --chart");
    }
    let mut prepared = prepare(&args.scenario, args.tariff.as_deref())?;
    sweep::validate(&prepared.scenario, &varies)?;
    refuse_existing(args.chart.as_ref())?;
    let chart_file = args.chart.as_ref();
    let names: Vec<String> = varies.iter().map(|v| v.param.name()).collect();
    let stdout = std::io::stdout().lock();
    let mut writer =
        render::sweep::SweepWriter::new(std::io::BufWriter::new(stdout), format, names)?;
    let mut chart = render::chart::Chart {
        title: format!(
            "{}: total by {}",
            prepared.scenario.name,
            varies[0].param.name()
        ),
        x_label: varies[0].param.name(),
        xs: Vec::new(),
        x_ticks: Vec::new(),
        series: chart_series(),
        markers: Vec::new(),
        bars: false,
    };
    let forced = prepared
        .scenario
        .tariff
        .as_ref()
        .and_then(|id| prepared.registry.get(id));
    let result = sweep::run(
        &mut prepared.scenario,
        &prepared.registry,
        forced,
        &varies,
        |p| {
            writer.point(p)?;
            if chart_file.is_some() {
                let x = p.values[0].try_into().unwrap_or(0.0);
                chart.xs.push(x);
                let t = &p.totals;
                for (s, m) in chart.series.iter_mut().zip([
                    t.fonctionnement,
                    t.fixed,
                    t.variable_earned,
                    t.crisis,
                    t.uplift,
                ]) {
                    s.values.push(m.value().try_into().unwrap_or(0.0));
                }
                if let Some(c) = &p.cliff {
                    let jump = c.jump.signed_french();
                    chart.markers.push((x, format!("{}: {jump}", c.what)));
                }
            }
            Ok(())
        },
    );
    let done = match result {
        Err(sweep::SweepError::Output(e)) => Err(e),
        other => {
            other?;
            writer.finish().map(|_| ())
        }
    };
    if !emit_stream(done)? {
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = chart_file {
        chart.series.retain(|s| s.values.iter().any(|v| *v != 0.0));
        write_new(path, &render::chart::render(&chart))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn chart_series() -> Vec<render::chart::Series> {
    use render::chart::Series;
    let s = |id, label, color| Series {
        id,
        label,
        color,
        values: Vec::new(),
    };
    vec![
        s("fonctionnement", "fonctionnement", "#4e79a7"),
        s("fixed", "volets fixes", "#59a14f"),
        s("variable", "volets variables", "#f28e2b"),
        s("crisis", "crises sanitaires", "#e15759"),
        s("uplift", "majoration", "#b07aa1"),
    ]
}
