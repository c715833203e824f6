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
    let overlap = overlaps(format, varies);
    overlapped(scenario, (registry, forced), varies, overlap, |p| {
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

/// How many points the engine hands to the writing thread at a time.
const BATCH: usize = 256;

/// Below this many points a sweep runs on one thread: starting another costs about what writing
/// a thousand points does, more than overlapping saves on a few thousand.
const OVERLAP_FROM: u64 = 8192;

/// Whether a sweep computes on a second core while this one writes: as CSV only, where computing
/// a point is a fair share of its cost (a million-point sweep: a sixth to a fourth less time, a
/// quarter to two thirds more CPU). A table, Markdown or JSON spends nearly all of a point writing
/// it, and measured no faster for the CPU a second thread costs; nor is a single core shared.
fn overlaps(format: Format, varies: &[sweep::Vary]) -> bool {
    matches!(format, Format::Csv | Format::CsvExcelFr)
        && sweep::points(varies) >= OVERLAP_FROM
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// [`sweep::run`], when `overlap` ([`overlaps`]), with its engine on a thread of its own, handing
/// its points to `each` on this one, in order, a batch at a time. What stops one side stops the
/// other: a point that cannot be written ends the engine at its next batch, and the engine's
/// error is said after every point before it is written, as the engine alone would. At most four
/// batches are alive at once.
fn overlapped<'r>(
    scenario: &mut Scenario,
    (registry, forced): (&'r Registry, Option<&'r TariffTable>),
    varies: &[sweep::Vary],
    overlap: bool,
    mut each: impl FnMut(&sweep::Point<'r>) -> Result<(), sweep::SweepError>,
) -> Result<(), sweep::SweepError> {
    if !overlap {
        return sweep::run(scenario, registry, forced, varies, each);
    }
    let (full, computed) = std::sync::mpsc::sync_channel::<Vec<sweep::Point<'r>>>(2);
    let (empty, emptied) = std::sync::mpsc::channel::<Vec<sweep::Point<'r>>>();
    std::thread::scope(|scope| {
        let engine = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let result = sweep::run(scenario, registry, forced, varies, |p| {
                batch.push(p.clone());
                if batch.len() == BATCH {
                    let next = emptied
                        .try_recv()
                        .unwrap_or_else(|_| Vec::with_capacity(BATCH));
                    // A send fails only once the writing side has stopped, with its own error.
                    full.send(std::mem::replace(&mut batch, next))
                        .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
                }
                Ok(())
            });
            if !batch.is_empty() {
                let _ = full.send(batch);
            }
            result
        });
        let mut written = Ok(());
        'batches: for mut batch in computed.iter() {
            for p in &batch {
                if let Err(e) = each(p) {
                    written = Err(e);
                    break 'batches;
                }
            }
            batch.clear();
            let _ = empty.send(batch);
        }
        drop(computed);
        let ran = engine
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        written.and(ran)
    })
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::input::vary::parse_vary;

    fn example() -> (Registry, Scenario) {
        let registry = crate::input::tariff::shipped_lazy(Lang::En).expect("shipped tables");
        let file = crate::input::read_source(
            Lang::En,
            concat!(env!("CARGO_MANIFEST_DIR"), "/examples/t3-year5.toml"),
        )
        .expect("example");
        let scenario = crate::input::scenario::load(Lang::En, &file, &registry, None)
            .expect("valid")
            .scenario;
        (registry, scenario)
    }

    /// The sweep of `vary` over the example, overlapped, each point handed to `each`.
    fn overlapping(
        (registry, scenario): &(Registry, Scenario),
        vary: &str,
        each: impl FnMut(&sweep::Point<'_>) -> Result<(), sweep::SweepError>,
    ) -> Result<(), sweep::SweepError> {
        let varies = [parse_vary(Lang::En, vary).expect("valid")];
        overlapped(&mut scenario.clone(), (registry, None), &varies, true, each)
    }

    /// What a point says, to compare two runs.
    type Seen = (
        Vec<rust_decimal::Decimal>,
        String,
        usize,
        String,
        Option<sweep::Cliff>,
    );

    fn seen(p: &sweep::Point<'_>) -> Seen {
        (
            p.values[..p.dims].to_vec(),
            p.table.id.clone(),
            p.band,
            format!("{:?}", p.totals),
            p.cliff.clone(),
        )
    }

    #[test]
    fn an_overlapped_sweep_hands_every_point_in_order_as_one_thread_does() {
        let example = example();
        let (registry, scenario) = &example;
        // Over 30 000 points each, not a whole number of batches; the population crosses the
        // three band edges (cliffs).
        for vary in ["population=1000:200000:5", "achievement=0:1:0.00003"] {
            let varies = [parse_vary(Lang::En, vary).expect("valid")];
            assert!(sweep::points(&varies) >= OVERLAP_FROM, "{vary} overlaps");
            let mut alone = Vec::new();
            sweep::run(&mut scenario.clone(), registry, None, &varies, |p| {
                alone.push(seen(p));
                Ok(())
            })
            .expect("runs");
            let mut overlapped = Vec::new();
            overlapping(&example, vary, |p| {
                overlapped.push(seen(p));
                Ok(())
            })
            .expect("runs");
            assert!(alone.len() >= 30_000, "{vary}: {} points", alone.len());
            if vary.starts_with("population") {
                let cliffs = alone.iter().filter(|s| s.4.is_some()).count();
                assert!(cliffs >= 3, "band cliffs: {cliffs}");
            }
            assert_eq!(overlapped, alone, "{vary}");
        }
    }

    #[test]
    fn only_a_long_csv_sweep_on_several_cores_overlaps() {
        let million = [parse_vary(Lang::En, "population=1:1000000:1").expect("valid")];
        let few = [parse_vary(Lang::En, "population=1:8000:1").expect("valid")];
        let cores = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
        assert_eq!(overlaps(Format::Csv, &million), cores);
        assert_eq!(overlaps(Format::CsvExcelFr, &million), cores);
        assert!(!overlaps(Format::Csv, &few));
        for format in [
            Format::Table,
            Format::Markdown,
            Format::Json,
            Format::JsonLines,
        ] {
            assert!(!overlaps(format, &million), "{format:?}");
        }
    }

    #[test]
    fn a_point_that_cannot_be_written_stops_the_engine_and_is_said() {
        let example = example();
        let mut handed = 0;
        let result = overlapping(&example, "population=1:1000000:1", |_| {
            handed += 1;
            if handed == 5_000 {
                return Err(std::io::Error::other("disk full").into());
            }
            Ok(())
        });
        assert_eq!(handed, 5_000, "no point is handed after the failure");
        assert!(
            matches!(&result, Err(sweep::SweepError::Output(e)) if e.to_string() == "disk full"),
            "the writer's own error, not {result:?}"
        );
    }

    #[test]
    fn a_sweep_the_engine_refuses_is_refused_as_by_one_thread() {
        let example = example();
        let (registry, scenario) = &example;
        let vary = "achievement.crises_sanitaires=0:1:0.00001";
        let varies = [parse_vary(Lang::En, vary).expect("valid")];
        let alone = sweep::run(&mut scenario.clone(), registry, None, &varies, |_| Ok(()));
        let mut handed = 0;
        let overlapped = overlapping(&example, vary, |_| {
            handed += 1;
            Ok(())
        });
        assert_eq!(handed, 0);
        assert_eq!(format!("{overlapped:?}"), format!("{alone:?}"));
        assert!(overlapped.is_err());
    }
}
