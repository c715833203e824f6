//! aci-cpts: a simulator of the money a French CPTS receives under the ACI.
//!
//! Layers, with dependencies pointing one way: [`cli`] (arguments) → [`input`] (files → checked
//! domain types) → [`engine`] (pure computation) → [`render`] (one module per output format).
//! Domain figures live in `tariffs/*.toml`, never in Rust.

pub mod calendar;
pub mod cli;
pub mod diagnostic;
pub mod engine;
pub mod input;
pub mod money;
pub mod render;
pub mod scenario;
pub mod tariff;

use anyhow::{Context, Result, bail};
use cli::{Cli, Command, Format, OutputArgs, TariffsCommand};
use render::csv::Dialect;
use std::io::Write;
use std::process::ExitCode;
use tariff::Registry;

/// The commented scenario written by `aci-cpts init`.
pub const TEMPLATE: &str = include_str!("template.toml");

/// Runs a parsed command line. Output goes to standard output; warnings that have no place in a
/// format (CSV) go to standard error. Errors are returned for `main` to print.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Simulate(args) => {
            let format = output_format(&args.output)?;
            let registry = shipped_registry()?;
            let file = input::read_source(&args.scenario)?;
            let loaded = input::scenario::load(&file, &registry)?;
            let sim = engine::simulate(&loaded.scenario, loaded.table)
                .with_context(|| format!("cannot compute `{}`", file.name))?;
            if matches!(format, Format::Csv | Format::CsvExcelFr) {
                eprint!("{}", render::table::warnings_text(&sim));
            }
            emit(&match format {
                Format::Table => render::table::simulation(&sim),
                Format::Json => render::json::simulation(&sim),
                Format::Csv => render::csv::simulation(&sim, Dialect::Plain),
                Format::CsvExcelFr => render::csv::simulation(&sim, Dialect::ExcelFr),
                Format::Markdown => render::markdown::simulation(&sim),
            })
        }
        Command::Tariffs(TariffsCommand::List { output }) => {
            let registry = shipped_registry()?;
            emit(&render::tariffs::list(
                &registry.tables,
                output_format(&output)?,
            ))
        }
        Command::Tariffs(TariffsCommand::Show { id, output }) => {
            let registry = shipped_registry()?;
            let Some(table) = registry.get(&id) else {
                bail!(
                    "unknown tariff `{id}`\n  = help: use one of: {} (see `aci-cpts tariffs list`)",
                    registry.ids()
                );
            };
            emit(&render::tariffs::show(table, output_format(&output)?))
        }
        Command::Init { path } => init(&path),
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
