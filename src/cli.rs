//! Command-line arguments: clap derive structs, plain data, no behaviour.

use clap::{Parser, Subcommand, ValueEnum};

/// Simulate the money a CPTS receives under the ACI (accord conventionnel interprofessionnel).
#[derive(Debug, Parser)]
#[command(name = "aci-cpts", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute what a CPTS is due for one contract year.
    Simulate(SimulateArgs),
    /// List or show the tariff tables shipped with aci-cpts.
    #[command(subcommand)]
    Tariffs(TariffsCommand),
    /// Write a commented scenario template to start from (never overwrites a file).
    Init {
        /// Where to write it; `-` prints it.
        path: String,
    },
}

/// Arguments of `simulate`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// Scenario file (TOML); `-` reads standard input.
    pub scenario: String,
    /// Output format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `tariffs` subcommands.
#[derive(Debug, Subcommand)]
pub enum TariffsCommand {
    /// The versions shipped, when each is in force, and the evidence behind their amounts.
    List {
        /// Output format.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Every amount of one version with its evidence and source.
    Show {
        /// Version id, e.g. aci-avenant-2.
        id: String,
        /// Output format.
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// How results are written.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// CSV for a French spreadsheet: `;` separators, decimal comma, UTF-8 BOM (same as
    /// `--format csv-excel-fr`).
    #[arg(long)]
    pub csv_excel_fr: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for programs (versioned; money as strings).
    Json,
    /// CSV with `,` and a decimal point.
    Csv,
    /// CSV for a French spreadsheet: `;`, decimal comma, UTF-8 BOM.
    CsvExcelFr,
    /// Markdown for reports.
    Markdown,
}
