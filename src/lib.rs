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

/// The language of a run: the one asked for, else French for a CSV for a French spreadsheet
/// (French headers, oui/non), else the environment's. Chosen once, then passed down.
pub fn run_lang(cli: &Cli) -> catalog::Lang {
    match cli.lang {
        Some(cli::Lang::Fr) => catalog::Lang::Fr,
        Some(cli::Lang::En) => catalog::Lang::En,
        None if cli.command.output().is_some_and(cli::OutputArgs::excel_fr) => catalog::Lang::Fr,
        None => catalog::Lang::from_env(|k| std::env::var(k).ok()),
    }
}

/// Runs a parsed command line in a language ([`run_lang`]). Output goes to standard output;
/// warnings that have no place in a format (CSV) go to standard error. Errors are returned for
/// `main` to print.
pub fn run(cli: Cli, lang: catalog::Lang) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Simulate(args) => app::simulate::run(lang, &args),
        Command::Compare(args) => app::compare::run(lang, &args),
        Command::Levers(args) => app::levers::run(lang, &args),
        Command::Sweep(args) => app::sweep::run(lang, &args),
        Command::Batch(args) => app::batch::run(lang, &args),
        Command::Risk(args) => app::risk::run(lang, &args),
        Command::Calendar(args) => app::calendar::run(lang, &args),
        Command::Forecast(args) => app::forecast::run(lang, &args),
        Command::Report(args) => app::report::run(lang, &args),
        Command::Tariffs(command) => app::tariffs::run(lang, &command),
        Command::Init {
            path,
            portfolio,
            communes,
        } => app::init::run(lang, &path, portfolio, communes.as_deref()),
        Command::Data { codes, output } => app::data::run(lang, &codes, &output),
        Command::Schema(kind) => app::schema::run(lang, kind),
        Command::Completions { shell } => app::shell::completions(shell),
        Command::Man { dir } => app::shell::man(lang, dir.as_deref()),
    }
}
