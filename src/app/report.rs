//! `aci-cpts report SCENARIO --output FILE`: a document to hand over. The extension chooses the
//! kind: `.xlsx` a workbook, `.html` a page for the board (`-`: the page on standard output).
//! Never overwrites a file.

use super::{Usage, create_new, prepare, say};
use crate::catalog::fill;
use crate::cli::ReportArgs;
use crate::engine::cash;
use crate::render;
use crate::report;
use anyhow::{Context, Result};
use chrono::Datelike;
use std::io::Write;
use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &ReportArgs) -> Result<ExitCode> {
    let lower = args.output.to_lowercase();
    let html = lower.ends_with(".html") || lower.ends_with(".htm") || args.output == "-";
    if !html && !lower.ends_with(".xlsx") {
        return Err(Usage(fill("workbook.unknown_kind", &[("path", &args.output)])).into());
    }
    if args.output != "-" {
        super::refuse_existing(Some(&args.output))?;
    }
    let today = super::calendar::today(args.today)?;
    let year = args.year.unwrap_or(today.year());
    let prepared = prepare(&args.scenario, args.tariff.as_deref(), None)?;
    let sim = prepared.simulate()?;
    let table = prepared
        .registry
        .get(&prepared.table)
        .context(crate::catalog::t("error.app.table_lost"))?;
    let paid = cash::payments_in(
        &prepared.scenario,
        &prepared.registry,
        prepared.forced(),
        year,
    )
    .with_context(|| fill("error.app.cannot_date", &[("file", &prepared.file.name)]))?;
    let schedule = prepared.schedule(args.years)?;
    // Each warning once, with the contract years it concerns: the year computed, then the
    // forecast's.
    let warnings = report::warnings::by_years(
        std::iter::once((sim.contract_year.number, sim.warnings.as_slice())).chain(
            schedule.years.iter().map(|y| {
                (
                    y.simulation.contract_year.number,
                    y.simulation.warnings.as_slice(),
                )
            }),
        ),
    );
    // Where the next euro is, when the contract's indicators are given.
    let levers = match sim.lines.iter().any(|l| !l.indicators.is_empty()) {
        false => None,
        true => Some(
            crate::engine::levers::levers(&prepared.scenario, prepared.versions()?).with_context(
                || fill("error.app.cannot_compute", &[("file", &prepared.file.name)]),
            )?,
        ),
    };
    // The same year with every line an input can turn on: the workbook's rows.
    let every_line = crate::engine::simulate(
        &report::workbook::with_every_line(&prepared.scenario, table),
        prepared.versions()?,
    )
    .with_context(|| fill("error.app.cannot_compute", &[("file", &prepared.file.name)]))?;
    let book = report::workbook::book(&report::workbook::Inputs {
        sim: &sim,
        every_line: &every_line,
        table,
        year,
        paid: &paid,
        years: &schedule.years,
        warnings: &warnings,
        levers: levers.as_ref(),
        today,
    });
    if html {
        // The year's chart with its cash, the contract's with the forecast.
        let at = |name: String| book.sheets.iter().position(|s| s.name == name);
        let charts: Vec<(usize, String)> = [
            (
                at(fill("workbook.cash", &[("year", &year.to_string())])),
                year_chart(&prepared.scenario.name, year, &paid),
            ),
            (
                at(crate::catalog::t("workbook.forecast").to_string()),
                super::forecast::monthly_chart(&prepared.scenario.name, &schedule.payments),
            ),
        ]
        .iter()
        .filter_map(|(at, c)| Some(((*at)?, c)))
        .map(|(at, c)| {
            let svg = render::chart::render(c);
            (
                at,
                svg.find("<svg")
                    .map_or(svg.clone(), |i| svg[i..].to_string()),
            )
        })
        .collect();
        let lang = match crate::catalog::lang() {
            crate::catalog::Lang::En => "en",
            crate::catalog::Lang::Fr => "fr",
        };
        let page = render::html::render(&book, &charts, lang);
        if args.output == "-" {
            return super::emit(&page);
        }
        super::write_new(&args.output, &page)?;
        return Ok(ExitCode::SUCCESS);
    }
    let bytes = render::xlsx::render(&book)
        .context(fill("error.app.cannot_write", &[("path", &args.output)]))?;
    create_new(&args.output)?
        .write_all(&bytes)
        .with_context(|| fill("error.app.cannot_write", &[("path", &args.output)]))?;
    say(&fill(
        "workbook.wrote",
        &[
            ("path", &args.output),
            ("sheets", &book.sheets.len().to_string()),
            (
                "names",
                &book
                    .sheets
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ],
    ));
    Ok(ExitCode::SUCCESS)
}

/// The cash of a civil year, month by month (every month shown), certain and depending on
/// results.
fn year_chart(name: &str, year: i32, paid: &[cash::Payment]) -> render::chart::Chart {
    use crate::catalog::t;
    let months = cash::by_month(paid);
    let value = |m: crate::model::money::Money| m.value().try_into().unwrap_or(0.0);
    let (mut certain, mut at_risk) = (Vec::new(), Vec::new());
    for m in 1..=12 {
        let c = months.get(&(year, m)).copied().unwrap_or_default();
        certain.push(value(c.certain));
        at_risk.push(value(c.at_risk));
    }
    render::chart::Chart {
        title: fill(
            "chart.year_title",
            &[("scenario", name), ("year", &year.to_string())],
        ),
        x_label: t("chart.month").into(),
        y_label: t("chart.axis.cash").into(),
        x_format: render::chart::XFormat::Number,
        xs: (1..=12).map(f64::from).collect(),
        x_ticks: (1..=12u32)
            .map(|m| (f64::from(m), crate::report::format::month_name(m)))
            .collect(),
        series: super::forecast::cash_series(certain, at_risk),
        markers: Vec::new(),
        bars: true,
    }
}
