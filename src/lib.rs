//! aci-cpts: a simulator of the money a French CPTS receives under the ACI.
//!
//! Layers, with dependencies pointing one way: [`cli`] (arguments) → [`input`] (files → checked
//! domain types) → [`engine`] (pure computation) → [`render`] (one module per output format).
//! [`check`] and [`diff`] work on whole tariff tables. Domain figures live in `tariffs/*.toml`,
//! never in Rust.

pub mod calendar;
pub mod cash;
pub mod check;
pub mod cli;
pub mod compare;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod input;
pub mod money;
pub mod render;
pub mod scenario;
pub mod sweep;
pub mod tariff;

use anyhow::{Context, Result, bail};
use cli::{
    CalendarArgs, Cli, Command, CompareArgs, ForecastArgs, Format, OutputArgs, SchemaKind,
    SimulateArgs, SweepArgs, TariffsCommand,
};
use diagnostic::InputError;
use engine::WarningCode;
use input::tariff::ParsedTable;
use render::csv::Dialect;
use std::io::Write;
use std::process::ExitCode;
use tariff::Registry;

/// The commented scenario written by `aci-cpts init`.
pub const TEMPLATE: &str = include_str!("template.toml");

/// Warnings that `simulate --strict` turns into a failure: the result rests on unverified
/// figures.
pub const STRICT_WARNINGS: [WarningCode; 3] = [
    WarningCode::EstimateEvidence,
    WarningCode::UpliftBriefEvidence,
    WarningCode::TableNotCheckedSince,
];

/// Runs a parsed command line. Output goes to standard output; warnings that have no place in a
/// format (CSV) go to standard error. Errors are returned for `main` to print.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Simulate(args) => simulate(&args),
        Command::Compare(args) => compare(&args),
        Command::Sweep(args) => sweep(&args),
        Command::Calendar(args) => calendar(&args),
        Command::Forecast(args) => forecast(&args),
        Command::Tariffs(TariffsCommand::List { output }) => {
            let registry = shipped_registry()?;
            emit(&render::tariffs::list(
                &registry.tables,
                output_format(&output)?,
            ))
        }
        Command::Tariffs(TariffsCommand::Show { table, output }) => {
            let parsed = resolve_table(&table)?;
            emit(&render::tariffs::show(
                &parsed.table,
                output_format(&output)?,
            ))
        }
        Command::Tariffs(TariffsCommand::Check {
            tables,
            deny_warnings,
            format,
        }) => check(&tables, deny_warnings, format),
        Command::Tariffs(TariffsCommand::Diff {
            old,
            new,
            band,
            all,
            output,
        }) => {
            let format = output_format(&output)?;
            let (old, new) = (resolve_table(&old)?, resolve_table(&new)?);
            let d = diff::diff(&old.table, &new.table);
            if let Some(b) = &band
                && !d.rows.iter().any(|r| &r.band == b)
            {
                bail!(
                    "no band `{b}` in {} or {}\n  = help: the bands are: {}",
                    d.old,
                    d.new,
                    new.table
                        .bands
                        .iter()
                        .map(|b| b.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let rows: Vec<&diff::DiffRow> = d
                .rows
                .iter()
                .filter(|r| band.as_ref().is_none_or(|b| &r.band == b))
                .filter(|r| all || r.status != diff::Status::Unchanged)
                .collect();
            emit(&render::diff::render(&d, &rows, format))
        }
        Command::Init { path } => init(&path),
        Command::Schema { kind } => emit(&render::json::to_pretty(&match kind {
            SchemaKind::Scenario => input::scenario::json_schema(&shipped_registry()?),
            SchemaKind::Tariff => input::tariff::json_schema(),
        })),
    }
}

/// A scenario read and checked, with the registry its table comes from.
struct Prepared {
    registry: Registry,
    scenario: scenario::Scenario,
    table: String,
    file: diagnostic::SourceFile,
}

/// Reads a scenario; `tariff` (a shipped id or a table file) forces its table.
fn prepare(path: &str, tariff: Option<&str>) -> Result<Prepared> {
    if path == "-" && tariff == Some("-") {
        bail!(
            "the scenario and the tariff table cannot both come from standard input\n  = help: give one of them as a file"
        );
    }
    let mut registry = shipped_registry()?;
    let forced = match tariff {
        None => None,
        Some(arg) => {
            let parsed = resolve_table(arg)?;
            print_table_warnings(&parsed);
            let id = parsed.table.id.clone();
            registry.insert(parsed.table);
            Some(id)
        }
    };
    let file = input::read_source(path)?;
    let loaded = input::scenario::load(&file, &registry, forced.as_deref())?;
    let (scenario, table) = (loaded.scenario, loaded.table.id.clone());
    Ok(Prepared {
        registry,
        scenario,
        table,
        file,
    })
}

impl Prepared {
    fn simulate(&self) -> Result<engine::Simulation> {
        let table = self
            .registry
            .get(&self.table)
            .context("the table was just loaded")?;
        engine::simulate(&self.scenario, table)
            .with_context(|| format!("cannot compute `{}`", self.file.name))
    }
}

fn simulate(args: &SimulateArgs) -> Result<ExitCode> {
    let format = output_format(&args.output)?;
    let sim = prepare(&args.scenario, args.tariff.as_deref())?.simulate()?;
    if matches!(format, Format::Csv | Format::CsvExcelFr) {
        eprint!("{}", render::table::warnings_text(&sim));
    }
    let code = emit(&match format {
        Format::Table => render::table::simulation(&sim, args.explain),
        Format::Json => render::json::simulation(&sim, args.explain),
        Format::Csv => render::csv::simulation(&sim, Dialect::Plain, args.explain),
        Format::CsvExcelFr => render::csv::simulation(&sim, Dialect::ExcelFr, args.explain),
        Format::Markdown => render::markdown::simulation(&sim, args.explain),
    })?;
    if args.strict {
        let unverified: Vec<&str> = sim
            .warnings
            .iter()
            .filter(|w| STRICT_WARNINGS.contains(&w.code))
            .map(|w| w.code.as_str())
            .collect();
        if !unverified.is_empty() {
            bail!(
                "--strict: this result rests on unverified figures ({})\n  = help: see the warnings; drop --strict to accept them",
                unverified.join(", ")
            );
        }
    }
    Ok(code)
}

fn compare(args: &CompareArgs) -> Result<ExitCode> {
    let format = output_format(&args.output)?;
    let (b_path, b_tariff) = match (&args.b, &args.against) {
        (None, None) => bail!(
            "compare needs a second scenario or a second table\n  = help: `aci-cpts compare a.toml b.toml`, or `aci-cpts compare s.toml --tariff aci-2019 --against aci-avenant-2`"
        ),
        (b, against) => (
            b.as_deref().unwrap_or(&args.a),
            against.as_deref().or(args.tariff.as_deref()),
        ),
    };
    let a = prepare(&args.a, args.tariff.as_deref())?;
    let b = prepare(b_path, b_tariff)?;
    let name = |p: &Prepared| format!("{}, {}", p.file.name, p.table);
    let c = compare::compare(name(&a), a.simulate()?, name(&b), b.simulate()?)
        .context("a difference is out of range")?;
    emit(&render::compare::render(&c, format))
}

fn sweep(args: &SweepArgs) -> Result<ExitCode> {
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
    // An existing chart file is refused before any work (and again when it is created).
    if let Some(path) = &args.chart
        && std::path::Path::new(path).exists()
    {
        create_new(path)?;
    }
    let chart_file = args.chart.as_ref();
    let forced = prepared
        .scenario
        .tariff
        .as_ref()
        .and_then(|id| prepared.registry.get(id));
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
    match result {
        Err(sweep::SweepError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            return Ok(ExitCode::SUCCESS);
        }
        other => other?,
    }
    match writer.finish() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        other => {
            other?;
        }
    }
    if let Some(path) = chart_file {
        chart.series.retain(|s| s.values.iter().any(|v| *v != 0.0));
        create_new(path)?
            .write_all(render::chart::render(&chart).as_bytes())
            .with_context(|| format!("cannot write `{path}`"))?;
        eprintln!("wrote {path}");
    }
    Ok(ExitCode::SUCCESS)
}

impl Prepared {
    fn schedule(&self, years: u32) -> Result<cash::Schedule> {
        let forced = self
            .scenario
            .tariff
            .as_ref()
            .and_then(|id| self.registry.get(id));
        cash::schedule(&self.scenario, &self.registry, forced, years)
            .with_context(|| format!("cannot compute the payments of `{}`", self.file.name))
    }
}

/// Today, from the system clock (UTC): only the default window of `calendar` uses it.
fn system_today() -> chrono::NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

fn calendar(args: &CalendarArgs) -> Result<ExitCode> {
    use chrono::Datelike;
    let format = output_format(&args.output)?;
    let today = args.today.unwrap_or_else(system_today);
    let from = args
        .from
        .or_else(|| chrono::NaiveDate::from_ymd_opt(today.year(), 1, 1))
        .context("no first day")?;
    let to = args
        .to
        .or_else(|| chrono::NaiveDate::from_ymd_opt(from.year(), 12, 31))
        .context("no last day")?;
    if to < from {
        bail!(
            "--to {to} is before --from {from}\n  = help: give a window whose last day is on or after its first"
        );
    }
    let prepared = prepare(&args.scenario, args.tariff.as_deref())?;
    let schedule = prepared.schedule(args.years)?;
    let view = render::cash::CalendarView {
        scenario: &prepared.scenario.name,
        from,
        to,
        payments: cash::window(&schedule.payments, from, to),
    };
    emit(&render::cash::calendar(&view, format))
}

fn forecast(args: &ForecastArgs) -> Result<ExitCode> {
    let format = output_format(&args.output)?;
    if let Some(path) = &args.chart
        && std::path::Path::new(path).exists()
    {
        create_new(path)?;
    }
    let prepared = prepare(&args.scenario, args.tariff.as_deref())?;
    let schedule = prepared.schedule(args.years)?;
    let view = render::cash::ForecastView {
        scenario: &prepared.scenario.name,
        years: &schedule.years,
        payments: &schedule.payments,
    };
    let code = emit(&render::cash::forecast(&view, format))?;
    if let Some(path) = &args.chart {
        let chart = monthly_chart(&prepared.scenario.name, &schedule.payments);
        create_new(path)?
            .write_all(render::chart::render(&chart).as_bytes())
            .with_context(|| format!("cannot write `{path}`"))?;
        eprintln!("wrote {path}");
    }
    Ok(code)
}

/// Cash per month over the whole contract, every month shown (empty ones too).
fn monthly_chart(name: &str, payments: &[cash::Payment]) -> render::chart::Chart {
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
            ticks.push((i, format!("{y}-{m:02}")));
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        i += 1.0;
    }
    render::chart::Chart {
        title: format!("{name}: cash per month"),
        x_label: "month".into(),
        xs,
        x_ticks: ticks,
        series: vec![
            render::chart::Series {
                id: "certain",
                label: "certain",
                color: "#4e79a7",
                values: certain,
            },
            render::chart::Series {
                id: "at-risk",
                label: "selon résultats",
                color: "#f28e2b",
                values: at_risk,
            },
        ],
        markers: Vec::new(),
        bars: true,
    }
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

/// Creates a file that must not exist yet: a user's file is never overwritten.
fn create_new(path: &str) -> Result<std::fs::File> {
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => Ok(f),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
            "`{path}` already exists; aci-cpts never overwrites a file\n  = help: give another name, or remove the file yourself first"
        ),
        Err(e) => Err(e).with_context(|| format!("cannot create `{path}`")),
    }
}

fn check(tables: &[String], deny_warnings: bool, format: Option<Format>) -> Result<ExitCode> {
    let inputs: Vec<Result<ParsedTable, InputError>> = if tables.is_empty() {
        input::tariff::shipped_files()
            .map(|f| input::tariff::parse_table(&f))
            .collect()
    } else {
        tables.iter().map(|t| read_table(t)).collect()
    };
    let report = check::check_tables(inputs);
    let text = match format {
        Some(Format::Json) => render::check::json(&report),
        _ => render::check::text(&report),
    };
    emit(&text)?;
    let failed = report.errors() > 0 || (deny_warnings && report.warnings() > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A shipped table by id, or a table file (`-`: standard input).
fn read_table(arg: &str) -> Result<ParsedTable, InputError> {
    match input::tariff::shipped_source(arg) {
        Some(file) => input::tariff::parse_table(&file),
        None => input::tariff::parse_table(&input::read_source(arg)?),
    }
}

fn resolve_table(arg: &str) -> Result<ParsedTable> {
    if input::tariff::shipped_source(arg).is_none() && !arg.contains(['/', '\\', '.']) && arg != "-"
    {
        bail!(
            "unknown tariff `{arg}`\n  = help: use one of: {} (see `aci-cpts tariffs list`), or the path of a table file",
            shipped_registry()?.ids()
        );
    }
    Ok(read_table(arg)?)
}

fn print_table_warnings(parsed: &ParsedTable) {
    if !parsed.report.diagnostics.is_empty() {
        eprintln!("{}", parsed.report);
    }
}

/// The shipped tables.
pub fn shipped_registry() -> Result<Registry> {
    Ok(Registry::new(input::tariff::shipped_tables()?))
}

fn output_format(args: &OutputArgs) -> Result<Format> {
    match (args.format, args.csv_excel_fr) {
        (None, false) => Ok(Format::Table),
        (Some(f), false) => Ok(f),
        (None | Some(Format::Csv | Format::CsvExcelFr), true) => Ok(Format::CsvExcelFr),
        (Some(f), true) => bail!(
            "`--csv-excel-fr` is a CSV dialect and cannot go with `--format {}`\n  = help: drop one of the two",
            format!("{f:?}").to_lowercase()
        ),
    }
}

fn init(path: &str) -> Result<ExitCode> {
    if path == "-" {
        return emit(TEMPLATE);
    }
    let mut file = create_new(path)?;
    file.write_all(TEMPLATE.as_bytes())
        .with_context(|| format!("cannot write `{path}`"))?;
    eprintln!("wrote {path}: edit it, then run `aci-cpts simulate {path}`");
    Ok(ExitCode::SUCCESS)
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context("cannot write the output"),
    }
}
