//! `aci-cpts sweep`: the totals over a range (or a grid) of a parameter, streamed, with the
//! cliffs called out and an SVG chart on demand.

use super::InWords;
use super::{emit_stream, output_format, prepare, refuse_existing, write_new};
use crate::catalog::Lang;
use crate::cli::SweepArgs;
use crate::engine::sweep;
use crate::model::scenario::Scenario;
use crate::model::tariff::{Registry, TariffTable};
use crate::render::{self, Format};
use crate::report;
use crate::report::WarningItem;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

/// Runs the command.
pub fn run(lang: Lang, args: &SweepArgs) -> Result<ExitCode> {
    let format = output_format(lang, &args.output)?;
    let varies: Vec<sweep::Vary> = args
        .vary
        .iter()
        .map(|v| crate::input::vary::parse_vary(lang, v))
        .collect::<Result<_, _>>()
        .map_err(anyhow::Error::msg)?;
    if args.chart.is_some() && varies.len() != 1 {
        return Err(super::Usage(lang.t("error.app.chart_one_vary").to_string()).into());
    }
    let mut prepared = prepare(lang, &args.scenario, args.tariff.as_deref(), args.at)?;
    sweep::validate(&prepared.scenario, &varies).in_words(lang)?;
    refuse_existing(lang, args.chart.as_ref())?;
    let chart_file = args.chart.as_ref();
    let warnings = match varies
        .iter()
        .find(|v| v.param == sweep::Param::ContractYear)
    {
        // Each contract year swept has its own warnings (a notice from year 4, a version
        // change): each once, as `forecast` says them.
        Some(v) => {
            let mut all = Vec::new();
            let mut year = v.start;
            while year <= v.end {
                let mut s = prepared.scenario.clone();
                s.contract_year = u32::try_from(year).unwrap_or(1);
                if let Some(sim) = prepared
                    .registry
                    .versions_of(&s)
                    .and_then(|versions| crate::engine::simulate(&s, versions).ok())
                {
                    all.extend(sim.warnings);
                }
                year += v.step;
            }
            report::warnings::unique(lang, &all)
        }
        None => prepared
            .simulate(lang)
            .map(|sim| report::warnings::items(lang, &sim.warnings, None))
            .unwrap_or_default(),
    };
    let param = &varies[0].param;
    let axis = axis_title(lang, param, &prepared.registry);
    let mut chart = render::chart::Chart {
        title: lang.fill(
            "chart.sweep_title",
            &[("scenario", &prepared.scenario.name), ("param", &axis)],
        ),
        x_label: axis.clone(),
        y_label: lang.t("chart.axis.amount").to_string(),
        x_format: match param {
            sweep::Param::Achievement | sweep::Param::MissionAchievement(_) => {
                render::chart::XFormat::Percent
            }
            sweep::Param::Population | sweep::Param::Members => render::chart::XFormat::Integer,
            sweep::Param::ContractYear => render::chart::XFormat::Integer,
            sweep::Param::Measured(key) => {
                match sweep::paliers(&prepared.scenario, key).is_some_and(|p| p.percent) {
                    true => render::chart::XFormat::Percent,
                    false => render::chart::XFormat::Number,
                }
            }
        },
        xs: Vec::new(),
        x_ticks: Vec::new(),
        series: chart_series(lang),
        markers: Vec::new(),
        // Contract years are apart, not a continuum: one bar each.
        bars: *param == sweep::Param::ContractYear,
    };
    // What the eye can see of the points, in bounded memory, whatever their number.
    let bound = report::sweep::as_f64;
    let mut thin = render::chart::Thin::between(bound(varies[0].start), bound(varies[0].end));
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let err = std::io::stderr().lock();
    let forced = prepared
        .scenario
        .tariff
        .as_ref()
        .and_then(|id| prepared.registry.get(id));
    let result = write(
        (lang, format),
        (out, err),
        &mut prepared.scenario,
        (&prepared.registry, forced),
        &varies,
        warnings,
        |p| {
            if chart_file.is_some() {
                chart_point(lang, &mut thin, &mut chart, p);
            }
        },
    );
    thin.flush(&mut chart);
    let done = match result {
        Err(sweep::SweepError::Output(e)) => Err(e),
        other => {
            other.in_words(lang)?;
            Ok(())
        }
    };
    if !emit_stream(lang, done)? {
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = chart_file {
        chart.series.retain(|s| s.values.iter().any(|v| *v != 0.0));
        write_new(lang, path, &render::chart::render(&chart))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Gives a sweep's point to its chart: x, the parts of its total, its cliff.
pub fn chart_point(
    lang: Lang,
    thin: &mut render::chart::Thin,
    chart: &mut render::chart::Chart,
    p: &sweep::Point<'_>,
) {
    let x = report::sweep::as_f64(p.values[0]);
    let values = report::sweep::parts(&p.totals).map(|m| report::sweep::as_f64(m.value()));
    let marker = p.cliff.as_ref().map(|c| report::sweep::marker(lang, c));
    thin.push(chart, x, &values, marker);
}

/// Runs a sweep and writes it in a format as it goes: every point streamed, then the cliffs and
/// the warnings; `each` sees every point too (for a chart). Memory does not grow with the
/// number of points in any format.
pub fn write<W: Write, E: Write>(
    (lang, format): (Lang, Format),
    (out, err): (W, E),
    scenario: &mut Scenario,
    (registry, forced): (&Registry, Option<&TariffTable>),
    varies: &[sweep::Vary],
    warnings: Vec<WarningItem>,
    mut each: impl FnMut(&sweep::Point<'_>),
) -> Result<W, sweep::SweepError> {
    let names: Vec<String> = varies.iter().map(|v| v.param.name()).collect();
    // Achievements, and measured values of paliers set in percent, are percentages for people.
    let percent: Vec<bool> = varies
        .iter()
        .map(|v| match &v.param {
            sweep::Param::Achievement | sweep::Param::MissionAchievement(_) => true,
            sweep::Param::Measured(key) => sweep::paliers(scenario, key).is_some_and(|p| p.percent),
            _ => false,
        })
        .collect();
    let widths: Vec<usize> = varies
        .iter()
        .zip(&percent)
        .map(|(v, pct)| {
            let n = v.count();
            [0, 1.min(n.saturating_sub(1)), n.saturating_sub(1)]
                .iter()
                .map(|i| report::format::measure(v.value(*i), *pct).chars().count())
                .max()
                .unwrap_or(1)
        })
        .collect();
    let titled: Vec<(String, String)> = varies
        .iter()
        .map(|v| (v.param.name(), axis_title(lang, &v.param, registry)))
        .collect();
    let stream = report::sweep::stream(lang, &titled, &widths, registry);
    let doc = report::sweep::document(&scenario.name, &names);
    let mut writer = render::Writer::begin(lang, format, out, err, &doc, Some(&stream))?;
    let mut cliffs = Vec::new();
    let mut cells = report::sweep::PointCells::default();
    let keys = report::sweep::json_keys(&names);
    let shared = &mut report::sweep::JsonShared::new(lang);
    let json = format.writes_json();
    let total = varies.iter().map(|v| v.count()).product();
    let mut progress = super::progress::Progress::new(lang, Some(total), "progress.points");
    let mut done = 0u64;
    sweep::run(scenario, registry, forced, varies, |p| {
        done += 1;
        // Looked at every few thousand points: a sweep computes millions a second.
        if done.is_multiple_of(4096) {
            progress.set(done);
        }
        // JSON writes a point from the point itself, not from cells.
        if !json {
            cells.set(lang, p, &percent);
        }
        writer.row_changed(&cells.cells, Some(&cells.changed), || {
            shared.point(&keys, p)
        })?;
        if let Some(cliff) = report::sweep::cliff(lang, &names, &percent, p) {
            cliffs.push(cliff);
        }
        each(p);
        Ok(())
    })?;
    Ok(writer.finish(&report::sweep::body(lang, &cliffs, warnings))?)
}

/// The title of a varied parameter's axis, with its unit, in the user's language.
fn axis_title(
    lang: Lang,
    param: &sweep::Param,
    registry: &crate::model::tariff::Registry,
) -> String {
    match param {
        sweep::Param::Achievement => lang.t("chart.axis.achievement").to_string(),
        sweep::Param::MissionAchievement(id) => {
            let label = registry
                .tables()
                .rev()
                .find_map(|tt| tt.mission(id))
                .map_or(id.as_str(), |m| m.label.as_str());
            lang.fill("chart.axis.mission_achievement", &[("mission", label)])
        }
        sweep::Param::Population => lang.t("chart.axis.population").to_string(),
        sweep::Param::Members => lang.t("chart.axis.members").to_string(),
        sweep::Param::ContractYear => lang.t("chart.axis.contract_year").to_string(),
        sweep::Param::Measured(key) => lang.fill("chart.axis.measured", &[("indicator", key)]),
    }
}

/// The series of a sweep's chart, bottom first: the parts of a total.
pub fn chart_series(lang: Lang) -> Vec<render::chart::Series> {
    use render::chart::Series;
    let s = |id, label, color| Series {
        id,
        label: lang.t(label).to_string(),
        color,
        values: Vec::new(),
    };
    vec![
        s("fonctionnement", "total.fonctionnement", "#4e79a7"),
        s("fixed", "total.fixed", "#59a14f"),
        s("variable", "chart.variable", "#f28e2b"),
        s("crisis", "total.crisis", "#e15759"),
        s("uplift", "total.uplift", "#b07aa1"),
    ]
}
