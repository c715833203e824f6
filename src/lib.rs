//! aci-cpts: a simulator of the money a French CPTS receives under the ACI.
//!
//! Layers, with dependencies pointing one way: [`cli`] (arguments) → [`input`] (files → checked
//! domain types) → [`engine`] (pure computation) → [`render`] (one module per output format).
//! [`check`] and [`diff`] work on whole tariff tables. Domain figures live in `tariffs/*.toml`,
//! never in Rust.

pub mod calendar;
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod input;
pub mod money;
pub mod render;
pub mod scenario;
pub mod tariff;

use anyhow::{Context, Result, bail};
use cli::{Cli, Command, Format, OutputArgs, SchemaKind, SimulateArgs, TariffsCommand};
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

fn simulate(args: &SimulateArgs) -> Result<ExitCode> {
    let format = output_format(&args.output)?;
    if args.scenario == "-" && args.tariff.as_deref() == Some("-") {
        bail!(
            "the scenario and the tariff table cannot both come from standard input\n  = help: give one of them as a file"
        );
    }
    let mut registry = shipped_registry()?;
    let forced = match &args.tariff {
        None => None,
        Some(arg) => {
            let parsed = resolve_table(arg)?;
            print_table_warnings(&parsed);
            let id = parsed.table.id.clone();
            registry.insert(parsed.table);
            Some(id)
        }
    };
    let file = input::read_source(&args.scenario)?;
    let loaded = input::scenario::load(&file, &registry, forced.as_deref())?;
    let sim = engine::simulate(&loaded.scenario, loaded.table)
        .with_context(|| format!("cannot compute `{}`", file.name))?;
    if matches!(format, Format::Csv | Format::CsvExcelFr) {
        eprint!("{}", render::table::warnings_text(&sim));
    }
    let code = emit(&match format {
        Format::Table => render::table::simulation(&sim),
        Format::Json => render::json::simulation(&sim),
        Format::Csv => render::csv::simulation(&sim, Dialect::Plain),
        Format::CsvExcelFr => render::csv::simulation(&sim, Dialect::ExcelFr),
        Format::Markdown => render::markdown::simulation(&sim),
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

fn check(tables: &[String], deny_warnings: bool, format: Option<Format>) -> Result<ExitCode> {
    let inputs: Vec<Result<ParsedTable, InputError>> = if tables.is_empty() {
        input::tariff::SHIPPED
            .iter()
            .map(|(name, text)| {
                input::tariff::parse_table(&diagnostic::SourceFile {
                    name: (*name).to_string(),
                    text: (*text).to_string(),
                })
            })
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
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
            "`{path}` already exists; aci-cpts never overwrites a file\n  = help: give another name, or remove the file yourself first"
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot create `{path}`")),
    };
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
