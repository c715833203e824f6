//! Command-line arguments: clap derive structs, plain data, no behaviour.

use clap::{Parser, Subcommand, ValueEnum};

/// Simulate the money a CPTS receives under the ACI (accord conventionnel interprofessionnel).
#[derive(Debug, Parser)]
#[command(name = "aci-cpts", version, about, long_about = None)]
pub struct Cli {
    /// Language of what people read (default: from LC_ALL, LC_MESSAGES or LANG; French when it
    /// starts with `fr`). JSON keys and warning codes stay English.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The languages of `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Français.
    Fr,
    /// English.
    En,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute what a CPTS is due for one contract year.
    #[command(
        after_help = "Examples:\n  aci-cpts simulate examples/t3-year5.toml\n  aci-cpts simulate mycpts.toml --explain --lang fr\n  aci-cpts simulate mycpts.toml --at 2026-06-01 --csv-excel-fr > budget.csv"
    )]
    Simulate(Deferred<SimulateArgs>),
    /// Two results side by side: two scenarios, or one scenario under two tariff tables.
    #[command(
        after_help = "Examples:\n  aci-cpts compare before.toml after.toml\n  aci-cpts compare mycpts.toml --tariff aci-2019 --against aci-avenant-2"
    )]
    Compare(Deferred<CompareArgs>),
    /// Where the next euro is: each indicator's next palier or item, what it needs and what it
    /// brings, most euros first, and what the year could still bring.
    #[command(
        after_help = "Examples:\n  aci-cpts levers examples/rovira-annexe-5.toml\n  aci-cpts levers mycpts.toml --lang fr --format json"
    )]
    Levers(Deferred<LeversArgs>),
    /// The totals over a range (or a grid) of a parameter, with the cliffs called out.
    #[command(
        after_help = "Examples:\n  aci-cpts sweep mycpts.toml --vary members=80:130:5\n  aci-cpts sweep mycpts.toml --vary achievement=0%:100%:10% --chart total.svg\n  aci-cpts sweep mycpts.toml --vary population=30000:200000:1000 --vary members=50:150:10 --format csv"
    )]
    Sweep(Deferred<SweepArgs>),
    /// Many CPTS at once: a row each, then the sums by band, tariff version and line; with
    /// `--against`, the cost of a reform.
    #[command(
        after_help = "Examples:\n  aci-cpts batch examples/region\n  aci-cpts batch portfolio.csv --cash 2024:2026 --sums sums.csv --csv-excel-fr > region.csv\n  aci-cpts batch portfolio.csv --against examples/tariffs/draft-fongibilite.toml --format json"
    )]
    Batch(Deferred<BatchArgs>),
    /// The spread of totals when achievements are ranges: draws, mean, P10/P50/P90, per CPTS and
    /// for the portfolio.
    #[command(
        after_help = "Examples:\n  aci-cpts risk examples/region --draws 10000 --seed 1\n  aci-cpts risk portfolio.csv --cash 2026 --format csv"
    )]
    Risk(Deferred<RiskArgs>),
    /// Every payment with its date, in a window (default: the civil year containing today).
    #[command(
        after_help = "Examples:\n  aci-cpts calendar mycpts.toml\n  aci-cpts calendar mycpts.toml --from 2026-01-01 --to 2026-12-31 --csv-excel-fr"
    )]
    Calendar(Deferred<CalendarArgs>),
    /// A document to hand over: a workbook (`--output budget.xlsx`) or a page for the board
    /// (`--output rapport.html`) with the budget, the cash of a civil year, the forecast, the
    /// warnings and the sources.
    #[command(
        after_help = "Examples:\n  aci-cpts report examples/t3-year5.toml --output budget.xlsx\n  aci-cpts report mycpts.toml --output rapport.html --lang fr\n  aci-cpts report examples/region --output region.xlsx --against examples/tariffs/draft-fongibilite.toml"
    )]
    Report(Deferred<ReportArgs>),
    /// The whole contract: entitlement per contract year, cash per civil year, share at risk.
    #[command(
        after_help = "Examples:\n  aci-cpts forecast mycpts.toml\n  aci-cpts forecast mycpts.toml --years 5 --chart cash.svg"
    )]
    Forecast(Deferred<ForecastArgs>),
    /// List or show the tariff tables shipped with aci-cpts.
    #[command(subcommand)]
    #[command(
        after_help = "Examples:\n  aci-cpts tariffs list\n  aci-cpts tariffs show aci-avenant-2\n  aci-cpts tariffs check --deny-warnings"
    )]
    Tariffs(TariffsCommand),
    /// Write a commented scenario template to start from (never overwrites a file).
    #[command(
        after_help = "Examples:\n  aci-cpts init mycpts.toml\n  aci-cpts init mycpts.toml --communes 93064,93077,93062\n  aci-cpts init --portfolio portfolio.csv"
    )]
    Init {
        /// Where to write it; `-` prints it.
        path: String,
        /// Write a portfolio CSV for `batch` instead: the columns and three CPTS to start from.
        #[arg(long, conflicts_with = "communes")]
        portfolio: bool,
        /// The territory's communes by INSEE code, separated by commas: the scenario gives them
        /// instead of a population, with their population and band written beside them to check.
        #[arg(long, value_name = "CODES")]
        communes: Option<String>,
    },
    /// Show the territory data shipped with aci-cpts (communes and legal populations from
    /// INSEE, EPCI), their source, vintage and licence; with INSEE codes, the communes they name.
    #[command(
        after_help = "Examples:\n  aci-cpts data\n  aci-cpts data 93064 93077 93062\n  aci-cpts data 75111 --format json"
    )]
    Data {
        /// INSEE codes of communes or municipal arrondissements to look up.
        codes: Vec<String>,
        /// How to write it.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Print the JSON Schema of an input file (for editors with a TOML language server) or of a
    /// command's JSON output (for programs).
    #[command(subcommand)]
    #[command(
        after_help = "Examples:\n  aci-cpts schema scenario > scenario.schema.json\n  aci-cpts schema output simulate"
    )]
    Schema(SchemaKind),
    /// Print the completion script of a shell (see the README to install it).
    #[command(
        after_help = "Examples:\n  aci-cpts completions bash > ~/.local/share/bash-completion/completions/aci-cpts\n  aci-cpts completions zsh > ~/.zfunc/_aci-cpts\n  aci-cpts completions fish > ~/.config/fish/completions/aci-cpts.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man`; with `--dir`, write it and one page per command
    /// (`aci-cpts-simulate.1` …) into a folder.
    #[command(
        after_help = "Examples:\n  aci-cpts man | man -l -\n  aci-cpts man --dir ~/.local/share/man/man1"
    )]
    Man {
        /// Write every page into this folder (created if needed), instead of the main page on
        /// standard output. Pages aci-cpts wrote before are replaced; any other file is kept.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
}

/// The formats with a JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum SchemaKind {
    /// A scenario file (`aci-cpts simulate`).
    #[command(
        after_help = "Examples:\n  aci-cpts schema scenario > scenario.schema.json\n  aci-cpts schema scenario | head"
    )]
    Scenario,
    /// A tariff table (`tariffs/*.toml`, or a draft that `extends` one).
    #[command(
        after_help = "Examples:\n  aci-cpts schema tariff > tariff.schema.json\n  aci-cpts schema tariff | head"
    )]
    Tariff,
    /// The JSON output of a command (`--format json`).
    #[command(
        after_help = "Examples:\n  aci-cpts schema output simulate\n  aci-cpts schema output batch > batch.schema.json"
    )]
    Output {
        /// The command.
        #[arg(value_enum)]
        command: OutputCommand,
    },
}

/// The commands with a JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputCommand {
    /// `simulate`.
    Simulate,
    /// `compare`.
    Compare,
    /// `levers`.
    Levers,
    /// `sweep`.
    Sweep,
    /// `calendar`.
    Calendar,
    /// `forecast`.
    Forecast,
    /// `batch`.
    Batch,
    /// `risk`.
    Risk,
    /// `tariffs list`.
    TariffsList,
    /// `tariffs show`.
    TariffsShow,
    /// `tariffs diff`.
    TariffsDiff,
    /// `tariffs check`.
    TariffsCheck,
    /// `data`.
    Data,
}

/// Arguments of `simulate`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// Scenario file (TOML), or a portfolio row (`portfolio.csv#12`: its line; `portfolio.csv#NAME`:
    /// its name); `-` reads standard input.
    pub scenario: String,
    /// Tariff table to use instead of the one in force: a shipped id (`aci-2019`) or a table
    /// file (`-` reads standard input), such as a draft that `extends` a shipped table.
    #[arg(long, value_name = "ID|PATH")]
    pub tariff: Option<String>,
    /// Fail (exit 1) when the result rests on estimates, on the brief alone, on a table not
    /// checked since before the contract year, or on a table with a notice for it; the result is
    /// still printed.
    #[arg(long)]
    pub strict: bool,
    /// With `--strict`: accept this warning code knowingly (repeatable), e.g.
    /// `--allow table_not_checked_since`.
    #[arg(long, value_name = "CODE", requires = "strict")]
    pub allow: Vec<String>,
    /// Compute the contract year that contains this day (instead of the file's
    /// `contract_year`): `--at` today is "this year".
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub at: Option<chrono::NaiveDate>,

    /// Explain every line: the rule, the formula with its numbers, the prorata with its dates,
    /// the table value with its evidence and source.
    #[arg(long)]
    pub explain: bool,
    /// Output format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The first scenario (A).
    pub a: String,
    /// The second scenario (B); without it, B is A under `--against`.
    pub b: Option<String>,
    /// Tariff table for A (and for B unless `--against`): a shipped id or a table file.
    #[arg(long, value_name = "ID|PATH")]
    pub tariff: Option<String>,
    /// Tariff table for B: a shipped id or a table file.
    #[arg(long, value_name = "ID|PATH")]
    pub against: Option<String>,
    /// Compute the contract year that contains this day (instead of the file's
    /// `contract_year`): `--at` today is "this year".
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub at: Option<chrono::NaiveDate>,

    /// Output format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `levers`.
#[derive(Debug, clap::Args)]
pub struct LeversArgs {
    /// Scenario file (TOML), or a portfolio row (`portfolio.csv#12`: its line; `portfolio.csv#NAME`:
    /// its name); `-` reads standard input.
    pub scenario: String,
    /// Tariff table to use instead of the one in force: a shipped id or a table file.
    #[arg(long, value_name = "ID|PATH")]
    pub tariff: Option<String>,
    /// Compute the contract year that contains this day (instead of the file's
    /// `contract_year`).
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub at: Option<chrono::NaiveDate>,

    /// Output format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `sweep`.
#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// Scenario file (TOML), or a portfolio row (`portfolio.csv#12`: its line; `portfolio.csv#NAME`:
    /// its name); `-` reads standard input.
    pub scenario: String,
    /// NAME=START:END:STEP, NAME one of achievement, achievement.MISSION, population, members,
    /// contract_year; twice for a grid.
    #[arg(long, value_name = "NAME=START:END:STEP", required = true)]
    pub vary: Vec<String>,
    /// Tariff table to use at every point: a shipped id or a table file (default: the version in
    /// force on the first day of each point's contract year).
    #[arg(long, value_name = "ID|PATH")]
    pub tariff: Option<String>,
    /// Compute the contract year that contains this day (instead of the file's
    /// `contract_year`): `--at` today is "this year".
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub at: Option<chrono::NaiveDate>,
    /// Also draw the total against the varied parameter, stacked by part, cliffs marked, as SVG
    /// (one `--vary` only; never overwrites a file).
    #[arg(long, value_name = "PATH")]
    pub chart: Option<String>,
    /// Output format (`json`: one JSON object per line, streamed).
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// Scenario files, or folders (every `*.toml` inside, in name order).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<String>,
    /// Tariff table for every CPTS: a shipped id or a table file (default: the version in force
    /// on the first day of each one's contract year).
    #[arg(long, value_name = "ID|PATH")]
    pub tariff: Option<String>,
    /// A reform to cost: each CPTS whose contract year falls under the version the table
    /// extends (or under the table itself) is computed under it too, with the difference; the
    /// others are not concerned (difference 0, counted apart).
    #[arg(long, value_name = "ID|PATH")]
    pub against: Option<String>,
    /// With --against: compute every CPTS under the second table instead of the version in
    /// force, whatever its year (a change of version, not a reform).
    #[arg(long, requires = "against")]
    pub instead: bool,
    /// Compute the contract year that contains this day for every CPTS.
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub at: Option<chrono::NaiveDate>,
    /// Also the cash the portfolio receives in this civil year (`2026`) or these (`2024:2026`):
    /// each CPTS's in its row, and the region's by month, part, payment kind and contract year,
    /// certain and depending on results (the regional cash plan).
    #[arg(long, value_name = "YEAR[:YEAR]", value_parser = parse_years)]
    pub cash: Option<crate::model::calendar::CivilYears>,
    /// Also write the sums (totals, by band, version, département, région, line, reform, cash)
    /// to this CSV file, one row per sum with a `kind` column — what a spreadsheet pivots.
    #[arg(long, value_name = "FILE.csv")]
    pub sums: Option<String>,
    /// Output format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Civil years on the command line: `2026`, or `2024:2026` for 2024 to 2026.
pub fn parse_years(s: &str) -> Result<crate::model::calendar::CivilYears, ArgError> {
    let year = |v: &str| {
        v.trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (2019..=2100).contains(y))
    };
    let years = match s.split_once(':') {
        None => year(s).map(crate::model::calendar::CivilYears::one),
        Some((a, b)) => year(a)
            .zip(year(b))
            .map(|(first, last)| crate::model::calendar::CivilYears { first, last }),
    };
    years
        .filter(|y| y.first <= y.last && y.last - y.first < 50)
        .ok_or_else(|| ArgError::new("error.app.not_years", s.trim()))
}

/// Arguments of `risk`.
#[derive(Debug, clap::Args)]
pub struct RiskArgs {
    /// Scenario files, folders, or portfolio CSVs.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<String>,
    /// Draws per CPTS.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub draws: u32,
    /// Seed of the draws: the same seed gives the same results.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Tariff table for every CPTS: a shipped id or a table file.
    #[arg(long, value_name = "ID|PATH")]
    pub tariff: Option<String>,
    /// Compute the contract year that contains this day for every CPTS.
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub at: Option<chrono::NaiveDate>,
    /// Also draw the cash of this civil year: what lands in the bank in it, for each CPTS and the
    /// portfolio.
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(2019..=2100))]
    pub cash: Option<i32>,
    /// Also draw every achievement given as one value (of a mission, or of an estimated
    /// indicator) within this many points of it (`10%` or `0.1`: 80 % is drawn from 70 % to
    /// 90 %, likeliest 80 %); ranges given stay as given, items and measured values too.
    #[arg(long, value_name = "POINTS", value_parser = parse_spread)]
    pub spread: Option<rust_decimal::Decimal>,
    /// Output format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// A spread of achievement on the command line: `10%`, `10 %`, `0.1` or `0,1`, above 0 and at
/// most 100 %.
pub fn parse_spread(s: &str) -> Result<rust_decimal::Decimal, ArgError> {
    use std::str::FromStr;
    let text = s.trim().replace(',', ".");
    let value = match text.strip_suffix('%') {
        Some(p) => rust_decimal::Decimal::from_str(p.trim())
            .ok()
            .map(|d| d / rust_decimal::Decimal::ONE_HUNDRED),
        None => rust_decimal::Decimal::from_str(&text).ok(),
    };
    value
        .filter(|d| *d > rust_decimal::Decimal::ZERO && *d <= rust_decimal::Decimal::ONE)
        .ok_or_else(|| ArgError::new("error.app.not_spread", s.trim()))
}

/// A calendar date on the command line: `2026-12-04`, or as French readers write it,
/// `04/12/2026` (day/month/year, as the tool shows dates to them); read by the formatter's rule
/// ([`crate::catalog::format::read_day`]).
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, ArgError> {
    use crate::catalog::format::{NotADay, read_day};
    read_day(s).map_err(|e| {
        let key = match e {
            NotADay::NoSuchDay => "error.app.no_such_day",
            NotADay::Unreadable => "error.app.not_a_date",
        };
        ArgError::new(key, s.trim())
    })
}

/// A value of the command line the tool cannot read, as data: the message id that says why and
/// the value. The reader's language words it ([`ArgError::words`]) where the error is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError {
    /// The message id, with a `{value}` placeholder.
    pub key: &'static str,
    /// The value as written.
    pub value: String,
}

impl ArgError {
    fn new(key: &'static str, value: &str) -> ArgError {
        ArgError {
            key,
            value: value.to_string(),
        }
    }

    /// The error in a language's words.
    pub fn words(&self, lang: crate::catalog::Lang) -> String {
        lang.fill(self.key, &[("value", &self.value)])
    }
}

/// clap needs an error that displays itself; the tool never shows this form, it words the error
/// in the reader's language where a usage error is shown.
impl std::fmt::Display for ArgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words(crate::catalog::Lang::En))
    }
}

impl std::error::Error for ArgError {}

/// Arguments of `calendar`.
#[derive(Debug, clap::Args)]
pub struct CalendarArgs {
    /// Scenario file (TOML), or a portfolio row (`portfolio.csv#12`: its line; `portfolio.csv#NAME`:
    /// its name); `-` reads standard input.
    pub scenario: String,
    /// A whole civil year as the window: 1 January to 31 December.
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(2019..=2100), conflicts_with_all = ["from", "to"])]
    pub year: Option<i32>,
    /// First day of the window (default: 1 January of today's year).
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub from: Option<chrono::NaiveDate>,
    /// Last day of the window (default: 31 December of today's year).
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub to: Option<chrono::NaiveDate>,
    /// Today, for the default window (default: the environment variable ACI_CPTS_TODAY when set
    /// and not empty, else the system's date, in UTC).
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub today: Option<chrono::NaiveDate>,
    /// Contract years to pay (default 5, the length of an ACI contract).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub years: u32,
    /// Tariff table for every year: a shipped id or a table file (default: the version in force
    /// on the first day of each contract year).
    #[arg(long, value_name = "ID|PATH")]
    pub tariff: Option<String>,
    /// Output format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `forecast`.
#[derive(Debug, clap::Args)]
pub struct ForecastArgs {
    /// Scenario file (TOML), or a portfolio row (`portfolio.csv#12`: its line; `portfolio.csv#NAME`:
    /// its name); `-` reads standard input.
    pub scenario: String,
    /// Contract years (default 5, the length of an ACI contract).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub years: u32,
    /// Tariff table for every year: a shipped id or a table file.
    #[arg(long, value_name = "ID|PATH")]
    pub tariff: Option<String>,
    /// Also draw the cash per month, stacked certain / depending on results, as SVG (never
    /// overwrites a file).
    #[arg(long, value_name = "PATH")]
    pub chart: Option<String>,
    /// Output format.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Scenario file (TOML), or a portfolio row (`portfolio.csv#12`: its line; `portfolio.csv#NAME`:
    /// its name); `-` reads standard input. A folder or a whole portfolio CSV gives a region's
    /// documents: a row per CPTS, the sums by band, département and région, the cash plan.
    #[arg(value_name = "FILE|DIR")]
    pub scenario: String,
    /// The file to write; its extension chooses the kind: `.xlsx` a workbook, `.html` a page for
    /// the board (printable on A4); `-` writes the page to standard output. Never overwritten.
    #[arg(long, short, value_name = "PATH")]
    pub output: String,
    /// The civil year of the cash sheet (default: the year containing today).
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(2019..=2100))]
    pub year: Option<i32>,
    /// Today, for the default year (default: the system's date, or ACI_CPTS_TODAY).
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub today: Option<chrono::NaiveDate>,
    /// Contract years of the forecast sheet (default 5).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub years: u32,
    /// Tariff table: a shipped id or a table file.
    #[arg(long, value_name = "ID|PATH")]
    pub tariff: Option<String>,
    /// For a region: a reform to cost, as `batch --against` costs it (only the CPTS whose
    /// contract year falls under the version the table changes).
    #[arg(long, value_name = "ID|PATH")]
    pub against: Option<String>,
    /// Compute the contract year that contains this day (for a region: for every CPTS).
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub at: Option<chrono::NaiveDate>,
}

/// `tariffs` subcommands.
#[derive(Debug, Subcommand)]
pub enum TariffsCommand {
    /// The versions shipped, when each is in force, and the evidence behind their amounts.
    #[command(
        after_help = "Examples:\n  aci-cpts tariffs list\n  aci-cpts tariffs list --format json"
    )]
    List {
        /// Output format.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Every amount of one version with its evidence and source.
    #[command(
        after_help = "Examples:\n  aci-cpts tariffs show aci-avenant-2\n  aci-cpts tariffs show examples/tariffs/draft-fongibilite.toml --lang fr"
    )]
    Show {
        /// A shipped id (aci-avenant-2) or a table file.
        #[arg(value_name = "ID|PATH")]
        table: String,
        /// Output format.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Check tables: schema, bands, lines, evidence, in-force periods and declared cross-checks.
    #[command(
        after_help = "Examples:\n  aci-cpts tariffs check --deny-warnings\n  aci-cpts tariffs check examples/tariffs/draft-fongibilite.toml --format json"
    )]
    Check {
        /// Shipped ids or table files; default: every shipped table.
        #[arg(value_name = "ID|PATH")]
        tables: Vec<String>,
        /// Fail on warnings too (`--strict` is the same).
        #[arg(long, visible_alias = "strict")]
        deny_warnings: bool,
        /// Output format (`table`: `file:line:col: error: message` lines, as CI systems
        /// annotate them).
        #[command(flatten)]
        output: OutputArgs,
    },
    /// What changed from one table to another, line by line and band by band.
    #[command(
        after_help = "Examples:\n  aci-cpts tariffs diff aci-2019 aci-avenant-2\n  aci-cpts tariffs diff aci-avenant-2 examples/tariffs/draft-fongibilite.toml --all"
    )]
    Diff {
        /// The old table: a shipped id or a table file.
        #[arg(value_name = "OLD")]
        old: String,
        /// The new table: a shipped id or a table file.
        #[arg(value_name = "NEW")]
        new: String,
        /// Only this band (e.g. T2).
        #[arg(long)]
        band: Option<String>,
        /// Show unchanged amounts too.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[command(flatten)]
        output: OutputArgs,
    },
}

impl Command {
    /// How the command writes its output, for a command that takes `--format`.
    pub fn output(&self) -> Option<&OutputArgs> {
        match self {
            Command::Simulate(a) => Some(&a.output),
            Command::Compare(a) => Some(&a.output),
            Command::Levers(a) => Some(&a.output),
            Command::Sweep(a) => Some(&a.output),
            Command::Batch(a) => Some(&a.output),
            Command::Risk(a) => Some(&a.output),
            Command::Calendar(a) => Some(&a.output),
            Command::Forecast(a) => Some(&a.output),
            Command::Data { output, .. } => Some(output),
            Command::Tariffs(
                TariffsCommand::List { output }
                | TariffsCommand::Show { output, .. }
                | TariffsCommand::Check { output, .. }
                | TariffsCommand::Diff { output, .. },
            ) => Some(output),
            Command::Report(_)
            | Command::Init { .. }
            | Command::Schema(_)
            | Command::Completions { .. }
            | Command::Man { .. } => None,
        }
    }
}

impl OutputArgs {
    /// Whether the output is CSV for a French spreadsheet: `--format csv-excel-fr`, or
    /// `--csv-excel-fr` alone or with a CSV format (with another, it is a usage error).
    pub fn excel_fr(&self) -> bool {
        match (self.format, self.csv_excel_fr) {
            (format, false) => format == Some(Format::CsvExcelFr),
            (format, true) => matches!(format, None | Some(Format::Csv | Format::CsvExcelFr)),
        }
    }
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
    /// JSON Lines: the head on the first line, one line per row, the rest on the last line.
    Jsonl,
    /// CSV with `,` and a decimal point.
    Csv,
    /// CSV for a French spreadsheet: `;`, decimal comma, UTF-8 BOM.
    CsvExcelFr,
    /// Markdown for reports.
    Markdown,
}

/// A command's arguments, defined only when clap reads that command (`clap::Command::defer`): a
/// run builds its own command's arguments, not every command's (`--version`, none). Help,
/// completions and manual pages build them all (`clap::Command::build`).
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T> std::ops::Deref for Deferred<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: clap::Args> clap::Args for Deferred<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }

    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args_for_update))
    }
}

/// `augment` applied to a command, its description kept: the arguments' own doc comment
/// ("Arguments of `simulate`") would replace the command's, being applied after it.
fn keeping_about(cmd: clap::Command, augment: fn(clap::Command) -> clap::Command) -> clap::Command {
    use clap::builder::{Resettable, StyledStr};
    let kept =
        |text: Option<&StyledStr>| text.cloned().map_or(Resettable::Reset, Resettable::Value);
    let (about, long_about) = (kept(cmd.get_about()), kept(cmd.get_long_about()));
    augment(cmd).about(about).long_about(long_about)
}
