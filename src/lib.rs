//! aci-cpts: a simulator of the money a French CPTS receives under the ACI.
//!
//! Layers, each a folder, with dependencies pointing one way: [`cli`] (arguments) → [`app`] (one
//! file per command) → [`input`] (files → checked domain types) → [`engine`] (pure computation)
//! → [`report`] (format-neutral documents) → [`render`] (one module per output format).
//! [`model`] (money, dates, scenario, tariff) is the ground they all stand on. Domain figures
//! live in `tariffs/*.toml`, never in Rust.

pub mod app;
pub mod catalog;
pub mod cli;
pub mod engine;
pub mod input;
pub mod model;
pub mod render;
pub mod report;

pub use app::shipped_registry;
use cli::{Cli, Command};
use std::process::ExitCode;

/// Runs a parsed command line. Output goes to standard output; warnings that have no place in a
/// format (CSV) go to standard error. Errors are returned for `main` to print.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // The language of the run, chosen once: the one asked for, else French for a CSV for a
    // French spreadsheet (French headers, oui/non), else the environment's.
    catalog::set_lang(match cli.lang {
        Some(cli::Lang::Fr) => catalog::Lang::Fr,
        Some(cli::Lang::En) => catalog::Lang::En,
        None if cli.command.output().is_some_and(cli::OutputArgs::excel_fr) => catalog::Lang::Fr,
        None => catalog::Lang::from_env(|k| std::env::var(k).ok()),
    });
    match cli.command {
        Command::Simulate(args) => app::simulate::run(&args),
        Command::Compare(args) => app::compare::run(&args),
        Command::Levers(args) => app::levers::run(&args),
        Command::Sweep(args) => app::sweep::run(&args),
        Command::Batch(args) => app::batch::run(&args),
        Command::Risk(args) => app::risk::run(&args),
        Command::Calendar(args) => app::calendar::run(&args),
        Command::Forecast(args) => app::forecast::run(&args),
        Command::Report(args) => app::report::run(&args),
        Command::Tariffs(command) => app::tariffs::run(&command),
        Command::Init {
            path,
            portfolio,
            communes,
        } => app::init::run(&path, portfolio, communes.as_deref()),
        Command::Data { codes, output } => app::data::run(&codes, &output),
        Command::Schema(kind) => app::schema::run(kind),
        Command::Completions { shell } => app::shell::completions(shell),
        Command::Man { dir } => app::shell::man(dir.as_deref()),
    }
}
