//! `aci-cpts report SCENARIO --output FILE`: a document to hand over. The extension chooses the
//! kind: `.xlsx` a workbook, `.html` a page for the board (`-`: the page on standard output).
//! Never overwrites a file.

use super::InWords;
use super::{Usage, create_new, prepare, say};
use crate::catalog::Lang;
use crate::cli::ReportArgs;
use crate::engine::cash;
use crate::render;
use crate::report;
use anyhow::{Context, Result};
use chrono::Datelike;
use std::io::Write;
use std::process::ExitCode;

/// Runs the command.
pub fn run(lang: Lang, args: &ReportArgs) -> Result<ExitCode> {
    let lower = args.output.to_lowercase();
    let html = lower.ends_with(".html") || lower.ends_with(".htm") || args.output == "-";
    if !html && !lower.ends_with(".xlsx") {
        return Err(Usage(lang.fill("workbook.unknown_kind", &[("path", &args.output)])).into());
    }
    if args.output != "-" {
        super::refuse_existing(lang, Some(&args.output))?;
    }
    let today = super::calendar::today(lang, args.today)?;
    let year = args.year.unwrap_or(today.year());
    // A folder or a whole portfolio is a region (a row of a portfolio, `…csv#12`, is one CPTS).
    let input = args.scenario.to_lowercase();
    if std::path::Path::new(&args.scenario).is_dir() || input.ends_with(".csv") {
        return region(lang, args, html, year, today);
    }
    if args.against.is_some() {
        return Err(Usage(lang.fill("region.against_one", &[("input", &args.scenario)])).into());
    }
    let prepared = prepare(lang, &args.scenario, args.tariff.as_deref(), args.at)?;
    let sim = prepared.simulate(lang)?;
    let table = prepared
        .registry
        .get(&prepared.table)
        .context(lang.t("error.app.table_lost"))?;
    let paid = cash::payments_in(
        &prepared.scenario,
        &prepared.registry,
        prepared.forced(),
        year,
    )
    .in_words(lang)
    .with_context(|| lang.fill("error.app.cannot_date", &[("file", &prepared.file.name)]))?;
    let schedule = prepared.schedule(lang, args.years)?;
    // Each warning once, with the contract years it concerns: the year computed, then the
    // forecast's.
    let warnings = report::warnings::by_years(
        lang,
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
            crate::engine::levers::levers(&prepared.scenario, prepared.versions(lang)?)
                .in_words(lang)
                .with_context(|| {
                    lang.fill("error.app.cannot_compute", &[("file", &prepared.file.name)])
                })?,
        ),
    };
    // The same year with every line an input can turn on: the workbook's rows.
    let every_line = crate::engine::simulate(
        &report::workbook::with_every_line(&prepared.scenario, table),
        prepared.versions(lang)?,
    )
    .in_words(lang)
    .with_context(|| lang.fill("error.app.cannot_compute", &[("file", &prepared.file.name)]))?;
    let book = report::workbook::book(
        lang,
        &report::workbook::Inputs {
            sim: &sim,
            every_line: &every_line,
            table,
            year,
            paid: &paid,
            years: &schedule.years,
            warnings: &warnings,
            levers: levers.as_ref(),
            today,
        },
    );
    if html {
        // The year's chart with its cash, the contract's with the forecast.
        let at = |name: String| book.sheets.iter().position(|s| s.name == name);
        let charts: Vec<(usize, String)> = [
            (
                at(lang.fill("workbook.cash", &[("year", &year.to_string())])),
                year_chart(lang, &prepared.scenario.name, year, &paid),
            ),
            (
                at(lang.t("workbook.forecast").to_string()),
                super::forecast::monthly_chart(lang, &prepared.scenario.name, &schedule.payments),
            ),
        ]
        .iter()
        .filter_map(|(at, c)| Some(((*at)?, c)))
        .map(|(at, c)| (at, inline_svg(c)))
        .collect();
        let page = render::html::render(lang, &book, &charts, page_lang(lang));
        return write_page(lang, &args.output, &page);
    }
    write_workbook(lang, &args.output, &book)?;
    say(&lang.fill(
        "workbook.wrote",
        &[
            ("path", &args.output),
            ("sheets", &book.sheets.len().to_string()),
            ("names", &sheet_names(&book)),
        ],
    ));
    Ok(ExitCode::SUCCESS)
}

/// A region's workbook or page: the batch of the folder or portfolio, its sums as formulas over
/// its rows, the year's cash, the reform's cost with `--against`; charts of the totals by
/// département and by band and of the cash by month on the page. Exit code 1 when an input was
/// left out (the documents are written, and list it).
fn region(
    lang: Lang,
    args: &ReportArgs,
    html: bool,
    year: i32,
    today: chrono::NaiveDate,
) -> Result<ExitCode> {
    let years = crate::model::calendar::CivilYears::one(year);
    let batch = crate::cli::BatchArgs {
        inputs: vec![args.scenario.clone()],
        tariff: args.tariff.clone(),
        against: args.against.clone(),
        instead: false,
        at: args.at,
        cash: Some(years),
        sums: None,
        output: crate::cli::OutputArgs {
            format: None,
            csv_excel_fr: false,
        },
    };
    let stream = report::batch::stream(lang, args.against.is_some(), Some(years));
    let mut rows = Vec::new();
    let done = super::batch::compute(lang, &batch, false, &mut |cells, _| {
        rows.push(cells.to_vec());
        Ok(())
    })?;
    for e in &done.errors {
        say(&lang.fill(
            "region.left_out_one",
            &[("source", &e.source), ("message", &e.message)],
        ));
    }
    let against = args.against.as_deref().map(|a| {
        std::path::Path::new(a)
            .file_stem()
            .map_or(a.to_string(), |s| s.to_string_lossy().into_owned())
    });
    let inputs = report::region::Inputs {
        given: &args.scenario,
        columns: &stream.columns,
        rows: &rows,
        aggregate: &done.aggregate,
        errors: &done.errors,
        year,
        against: against.as_deref(),
        page: html,
        today,
    };
    let book = report::region::book(lang, &inputs);
    // An input left out fails the run; the documents are written and list it.
    let left_out = !done.errors.is_empty();
    if html {
        let a = &done.aggregate;
        let at = |name: &str| book.sheets.iter().position(|s| s.name == name);
        let places: Vec<(String, f64)> = a
            .by_departement
            .iter()
            .map(|(code, (name, s))| (format!("{code} {name}"), euros(s.totals.total)))
            .collect();
        let bands: Vec<(String, f64)> = a
            .by_band
            .iter()
            .map(|(band, s)| (band.clone(), euros(s.totals.total)))
            .collect();
        let mut charts = Vec::new();
        for (sheet, title, column, groups) in [
            (
                "region.by_departement",
                "region.chart_departement",
                "header.departement",
                places,
            ),
            ("region.by_band", "region.chart_band", "header.band", bands),
        ] {
            if let Some(i) = at(lang.t(sheet)) {
                let title = lang.fill(title, &[("given", &args.scenario)]);
                charts.push((i, bars(lang, title, lang.t(column), groups)));
            }
        }
        if let Some(i) = at(&lang.fill("workbook.cash", &[("year", &year.to_string())])) {
            let plan = a.cash.get(&year);
            let title = lang.fill(
                "region.chart_cash",
                &[("given", &args.scenario), ("year", &year.to_string())],
            );
            let month = |m| {
                plan.and_then(|p| p.by_month.get(&m))
                    .copied()
                    .unwrap_or_default()
            };
            charts.push((i, month_chart(lang, title, month)));
        }
        let charts: Vec<(usize, String)> =
            charts.iter().map(|(i, c)| (*i, inline_svg(c))).collect();
        let page = render::html::render(lang, &book, &charts, page_lang(lang));
        let written = write_page(lang, &args.output, &page)?;
        return Ok(if left_out { ExitCode::from(1) } else { written });
    }
    write_workbook(lang, &args.output, &book)?;
    say(&lang.fill(
        "region.wrote",
        &[
            ("path", &args.output),
            (
                "count",
                &crate::catalog::format::integer(done.aggregate.all.count),
            ),
            ("sheets", &book.sheets.len().to_string()),
            ("names", &sheet_names(&book)),
        ],
    ));
    Ok(if left_out {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes a page to a new file, or to standard output for `-`.
fn write_page(lang: Lang, output: &str, page: &str) -> Result<ExitCode> {
    if output == "-" {
        return super::emit(lang, page);
    }
    super::write_new(lang, output, page)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a workbook to a new file.
fn write_workbook(lang: Lang, path: &str, book: &report::workbook::Book) -> Result<()> {
    let bytes = render::xlsx::render(lang, book)
        .context(lang.fill("error.app.cannot_write", &[("path", path)]))?;
    create_new(lang, path)?
        .write_all(&bytes)
        .with_context(|| lang.fill("error.app.cannot_write", &[("path", path)]))
}

/// Euros as a chart draws them.
fn euros(m: crate::model::money::Money) -> f64 {
    m.value().try_into().unwrap_or(0.0)
}

/// A bar chart of totals by group (département, band), a bar each.
fn bars(
    lang: Lang,
    title: String,
    x_label: &str,
    groups: Vec<(String, f64)>,
) -> render::chart::Chart {
    render::chart::Chart {
        title,
        x_label: x_label.into(),
        y_label: lang.t("chart.axis.amount").into(),
        x_format: render::chart::XFormat::Integer,
        xs: (1..=groups.len()).map(|n| n as f64).collect(),
        x_ticks: groups
            .iter()
            .enumerate()
            .map(|(n, (label, _))| ((n + 1) as f64, label.clone()))
            .collect(),
        series: vec![render::chart::Series {
            id: "total",
            label: lang.t("header.total").into(),
            color: "#4e79a7",
            values: groups.into_iter().map(|(_, v)| v).collect(),
        }],
        markers: Vec::new(),
        bars: true,
    }
}

/// A chart as an SVG element to place inside a page.
fn inline_svg(c: &render::chart::Chart) -> String {
    let svg = render::chart::render(c);
    svg.find("<svg")
        .map_or(svg.clone(), |i| svg[i..].to_string())
}

/// The page's `lang` attribute.
fn page_lang(lang: Lang) -> &'static str {
    match lang {
        crate::catalog::Lang::En => "en",
        crate::catalog::Lang::Fr => "fr",
    }
}

/// A book's sheet names, as the message after writing says them.
fn sheet_names(book: &report::workbook::Book) -> String {
    book.sheets
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cash of a civil year, month by month (every month shown), certain and depending on
/// results.
fn year_chart(lang: Lang, name: &str, year: i32, paid: &[cash::Payment]) -> render::chart::Chart {
    let months = cash::by_month(paid);
    month_chart(
        lang,
        lang.fill(
            "chart.year_title",
            &[("scenario", name), ("year", &year.to_string())],
        ),
        |m| months.get(&(year, m)).copied().unwrap_or_default(),
    )
}

/// A year's cash as bars, one per month, certain and depending on results: `month(m)` is the
/// cash of month `m` (1 to 12).
fn month_chart(
    lang: Lang,
    title: String,
    month: impl Fn(u32) -> cash::Cash,
) -> render::chart::Chart {
    let (mut certain, mut at_risk) = (Vec::new(), Vec::new());
    for m in 1..=12 {
        let c = month(m);
        certain.push(euros(c.certain));
        at_risk.push(euros(c.at_risk));
    }
    render::chart::Chart {
        title,
        x_label: lang.t("chart.month").into(),
        y_label: lang.t("chart.axis.cash").into(),
        x_format: render::chart::XFormat::Number,
        xs: (1..=12).map(f64::from).collect(),
        x_ticks: (1..=12u32)
            .map(|m| (f64::from(m), crate::report::format::month_name(lang, m)))
            .collect(),
        series: super::forecast::cash_series(lang, certain, at_risk),
        markers: Vec::new(),
        bars: true,
    }
}
