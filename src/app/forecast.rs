//! `aci-cpts forecast`: the whole contract, entitlement per contract year and cash per civil
//! year, with a monthly chart on demand.

use super::{output, output_format, prepare, refuse_existing, write_new};
use crate::catalog::Lang;
use crate::cli::ForecastArgs;
use crate::engine::cash;
use crate::render;
use crate::report;
use anyhow::Result;
use std::process::ExitCode;

/// Runs the command.
pub fn run(lang: Lang, args: &ForecastArgs) -> Result<ExitCode> {
    let format = output_format(lang, &args.output)?;
    refuse_existing(lang, args.chart.as_ref())?;
    let prepared = prepare(lang, &args.scenario, args.tariff.as_deref(), None)?;
    let schedule = prepared.schedule(lang, args.years)?;
    let code = output(
        lang,
        format,
        &report::cash::forecast(
            lang,
            &prepared.scenario.name,
            &schedule.years,
            &schedule.payments,
        ),
    )?;
    if let Some(path) = &args.chart {
        let chart = monthly_chart(lang, &prepared.scenario.name, &schedule.payments);
        write_new(lang, path, &render::chart::render(&chart))?;
    }
    Ok(code)
}

/// Cash per month over the whole contract, every month shown (empty ones too).
pub fn monthly_chart(lang: Lang, name: &str, payments: &[cash::Payment]) -> render::chart::Chart {
    let months = cash::by_month(payments);
    let first = months.keys().next().copied().unwrap_or((2000, 1));
    let last = months.keys().last().copied().unwrap_or(first);
    let mut xs = Vec::new();
    let mut ticks = Vec::new();
    let mut certain = Vec::new();
    let mut at_risk = Vec::new();
    let (mut y, mut m) = first;
    let mut i = 0.0;
    while (y, m) <= last {
        let c = months.get(&(y, m)).copied().unwrap_or_default();
        xs.push(i);
        certain.push(c.certain.value().try_into().unwrap_or(0.0));
        at_risk.push(c.at_risk.value().try_into().unwrap_or(0.0));
        if m == 1 || (y, m) == first {
            ticks.push((i, report::format::month_people(lang, y, m)));
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        i += 1.0;
    }
    render::chart::Chart {
        title: lang.fill("chart.cash_title", &[("scenario", name)]),
        x_label: lang.t("chart.month").into(),
        y_label: lang.t("chart.axis.cash").into(),
        x_format: render::chart::XFormat::Number,
        xs,
        x_ticks: ticks,
        series: cash_series(lang, certain, at_risk),
        markers: Vec::new(),
        bars: true,
    }
}

/// The two stacked series of a cash chart: certain, then depending on results.
pub fn cash_series(lang: Lang, certain: Vec<f64>, at_risk: Vec<f64>) -> Vec<render::chart::Series> {
    vec![
        render::chart::Series {
            id: "certain",
            label: lang.t("cash.certain").into(),
            color: "#4e79a7",
            values: certain,
        },
        render::chart::Series {
            id: "at-risk",
            label: lang.t("cash.at_risk").into(),
            color: "#f28e2b",
            values: at_risk,
        },
    ]
}
