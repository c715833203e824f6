//! One file per command: read the inputs, call the engine, build a report, hand it to a renderer.
//! What the commands share lives here: reading a scenario with its tables, resolving `--tariff`,
//! choosing the output format, writing output and files.

pub mod batch;
pub mod calendar;
pub mod compare;
pub mod data;
pub mod forecast;
pub mod init;
pub mod levers;
pub mod progress;
pub mod report;
pub mod risk;
pub mod schema;
pub mod shell;
pub mod simulate;
pub mod sweep;
pub mod tariffs;
pub mod usage;

use crate::catalog::Lang;
use crate::cli::{self, OutputArgs};
use crate::engine;
use crate::input;
use crate::input::diagnostic::{InputError, SourceFile};
use crate::input::tariff::ParsedTable;
use crate::model::scenario::Scenario;
use crate::model::tariff::{Registry, TariffTable};
use crate::render::Format;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::process::ExitCode;

/// The shipped tables, every one read.
pub fn shipped_registry(lang: Lang) -> Result<Registry> {
    Ok(Registry::new(input::tariff::shipped_tables(lang)?))
}

/// The shipped tables, each read when first needed (a run on one scenario reads the version it
/// uses). A table that could not be read is said, rather than its absence.
pub fn shipped_registry_lazy(lang: Lang) -> Result<Registry> {
    Ok(input::tariff::shipped_lazy(lang)?)
}

/// Fails with the reason a table of the registry could not be read, if one could not.
pub fn check_tables(registry: &Registry) -> Result<()> {
    match registry.failure() {
        Some(why) => bail!("{why}"),
        None => Ok(()),
    }
}

/// A scenario read and checked, with the registry its table comes from.
pub struct Prepared {
    /// The shipped tables, plus the one given with `--tariff`.
    pub registry: Registry,
    /// The scenario.
    pub scenario: Scenario,
    /// The id of the table of its contract year.
    pub table: String,
    /// The file it was read from.
    pub file: SourceFile,
}

/// Reads a scenario; `tariff` (a shipped id or a table file) forces its table; `at` picks the
/// contract year that contains that day.
pub fn prepare(
    lang: Lang,
    path: &str,
    tariff: Option<&str>,
    at: Option<chrono::NaiveDate>,
) -> Result<Prepared> {
    if path == "-" && tariff == Some("-") {
        bail!("{}", lang.t("error.app.both_stdin"));
    }
    let mut registry = shipped_registry_lazy(lang)?;
    let forced = match tariff {
        None => None,
        Some(arg) => Some(add_table(lang, &mut registry, arg)?),
    };
    if let Some(day) = at {
        check_day(lang, day, "--at")?;
    }
    let (file, loaded) = match portfolio_row(path) {
        Some((csv, which)) => {
            let row = find_row(lang, csv, which, &registry)?;
            let file = input::diagnostic::SourceFile {
                name: row.source.clone(),
                text: String::new().into(),
            };
            (file, row.load(lang, &registry, forced.as_deref(), at))
        }
        None => {
            let file = input::read_source(lang, path)?;
            let loaded = input::scenario::load_at(lang, &file, &registry, forced.as_deref(), at);
            (file, loaded)
        }
    };
    check_tables(&registry)?;
    let loaded = loaded?;
    if !loaded.warnings.is_empty() {
        say(&input::diagnostic::InputError {
            file: file.clone(),
            diagnostics: loaded.warnings.clone(),
            layers: Vec::new(),
        }
        .to_string());
    }
    let table = loaded.table().id.clone();
    let scenario = loaded.scenario;
    Ok(Prepared {
        registry,
        scenario,
        table,
        file,
    })
}

/// A row of a portfolio named as `portfolio.csv#12` (its line, as batch names it
/// `portfolio.csv:12`) or `portfolio.csv#CPTS du Val` (its name): the file and the row. A file
/// whose own name holds a `#` is that file.
fn portfolio_row(path: &str) -> Option<(&str, &str)> {
    let (csv, which) = path.rsplit_once('#')?;
    let is_csv = std::path::Path::new(csv)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    (is_csv && !std::path::Path::new(path).exists()).then_some((csv, which.trim()))
}

/// Finds a portfolio's row by its line or its name (exactly, else ignoring case).
fn find_row(
    lang: Lang,
    csv: &str,
    which: &str,
    registry: &Registry,
) -> Result<input::portfolio::PortfolioRow> {
    let rows = input::portfolio::open(lang, csv, registry)?;
    let line = format!("{csv}:{which}");
    let mut names = Vec::new();
    let mut folded = None;
    for row in rows {
        if row.source == line || row.name() == Some(which) {
            return Ok(row);
        }
        let name = row.name().unwrap_or_default().to_string();
        if folded.is_none() && name.to_lowercase() == which.to_lowercase() {
            folded = Some(row);
        } else if names.len() < 1000 {
            names.push(name);
        }
    }
    if let Some(row) = folded {
        return Ok(row);
    }
    let near = input::nearest(which, names.iter().map(String::as_str))
        .map(|n| lang.fill("error.app.row_did_you_mean", &[("name", n)]))
        .unwrap_or_default();
    bail!(
        "{}",
        lang.fill(
            "error.app.no_row",
            &[("file", csv), ("which", which), ("near", &near)]
        )
    )
}

impl Prepared {
    /// The versions the contract year is computed under (the table chosen, and the one a mission
    /// of a newer version comes from).
    pub fn versions(&self, lang: Lang) -> Result<crate::model::tariff::Versions<'_>> {
        self.registry
            .versions_of(&self.scenario)
            .filter(|v| v.table.id == self.table)
            .context(lang.t("error.app.table_lost"))
    }

    /// The contract year of the scenario, computed.
    pub fn simulate(&self, lang: Lang) -> Result<engine::Simulation> {
        let versions = self.versions(lang)?;
        let sim = engine::simulate(&self.scenario, versions)
            .in_words(lang)
            .with_context(|| lang.fill("error.app.cannot_compute", &[("file", &self.file.name)]))?;
        // One contract year is asked for: one after the end of the contract is refused.
        if let Some(engine::Warning::ContractEnded {
            year,
            from,
            ended_on,
            years,
        }) = sim.warnings.first()
        {
            bail!(
                "{}",
                lang.fill(
                    "error.app.contract_ended",
                    &[
                        ("file", &self.file.name),
                        ("year", &year.to_string()),
                        ("from", &crate::report::format::date(lang, *from)),
                        ("ended_on", &crate::report::format::date(lang, *ended_on)),
                        ("years", &years.to_string()),
                    ],
                )
            );
        }
        Ok(sim)
    }

    /// The table the scenario forces, if any.
    pub fn forced(&self) -> Option<&TariffTable> {
        self.scenario
            .tariff
            .as_ref()
            .and_then(|id| self.registry.get(id))
    }

    /// Every payment and entitlement of contract years 1 to `years`.
    pub fn schedule(&self, lang: Lang, years: u32) -> Result<engine::cash::Schedule> {
        let schedule = engine::cash::schedule(&self.scenario, &self.registry, self.forced(), years);
        // A version read for a later year that could not be read is said as such.
        check_tables(&self.registry)?;
        let schedule = schedule
            .in_words(lang)
            .with_context(|| lang.fill("error.app.cannot_date", &[("file", &self.file.name)]))?;
        if let Some(end) = schedule.ended_on {
            say(&contract_ended_note(lang, &self.file.name, end));
        }
        Ok(schedule)
    }
}

/// The note said once for a CPTS whose contract ended before what was asked: nothing is paid
/// after `end`.
pub fn contract_ended_note(lang: Lang, source: &str, end: chrono::NaiveDate) -> String {
    lang.fill(
        "app.contract_ended",
        &[
            ("source", source),
            ("ended_on", &crate::report::format::date(lang, end)),
            ("years", &crate::model::calendar::CONTRACT_YEARS.to_string()),
        ],
    )
}

/// The note for one CPTS of a batch or of `risk`, when its contract ended before the contract
/// year computed or the civil year of the cash asked.
pub fn ended_before(
    lang: Lang,
    source: &str,
    s: &Scenario,
    sim: &engine::Simulation,
    cash_year: Option<i32>,
) -> Option<String> {
    let end = s.contract_end()?;
    let year_after = s.after_end(sim.contract_year.number);
    let cash_after = cash_year
        .is_some_and(|y| chrono::NaiveDate::from_ymd_opt(y, 12, 31).is_some_and(|last| last > end));
    (year_after || cash_after).then(|| contract_ended_note(lang, source, end))
}

/// Refuses a day from the command line past the last day aci-cpts accepts.
pub fn check_day(lang: Lang, day: chrono::NaiveDate, option: &str) -> Result<()> {
    let last = input::limits::last_day();
    if day > last {
        bail!(
            "{}",
            lang.fill(
                "error.app.date_too_late",
                &[
                    ("option", option),
                    ("got", &crate::report::format::date(lang, day)),
                    ("max", &crate::report::format::date(lang, last)),
                ],
            )
        );
    }
    Ok(())
}

/// A shipped table by id, or a table file (`-`: standard input).
pub fn read_table(lang: Lang, arg: &str) -> Result<ParsedTable, InputError> {
    match input::tariff::shipped_source(arg) {
        Some(file) => input::tariff::parse_table(lang, &file),
        None => input::tariff::parse_table(lang, &input::read_source(lang, arg)?),
    }
}

/// Whether `arg` is written as a table id (no path separator, no extension, not `-`) and is no
/// shipped one.
pub fn names_an_unknown_id(arg: &str) -> bool {
    !arg.contains(['/', '\\', '.']) && arg != "-" && input::tariff::shipped_source(arg).is_none()
}

/// A shipped table by id or a table file; an unknown id is refused with the list of ids.
pub fn resolve_table(lang: Lang, arg: &str) -> Result<ParsedTable> {
    if names_an_unknown_id(arg) {
        bail!(
            "{}",
            lang.fill(
                "error.app.unknown_tariff",
                &[("id", arg), ("ids", &shipped_registry(lang)?.ids())]
            )
        );
    }
    Ok(read_table(lang, arg)?)
}

/// Reads the table `arg` names (see [`resolve_table`]) into the registry, says on standard error
/// the warnings reading it found, and gives its id.
pub fn add_table(lang: Lang, registry: &mut Registry, arg: &str) -> Result<String> {
    let parsed = resolve_table(lang, arg)?;
    if !parsed.report.diagnostics.is_empty() {
        say(&parsed.report.to_string());
    }
    let id = parsed.table.id.clone();
    registry.insert(parsed.table);
    Ok(id)
}

/// The output format chosen by `--format` and `--csv-excel-fr`.
pub fn output_format(lang: Lang, args: &OutputArgs) -> Result<Format> {
    let format = |f: cli::Format| match f {
        cli::Format::Table => Format::Table,
        cli::Format::Json => Format::Json,
        cli::Format::Jsonl => Format::JsonLines,
        cli::Format::Csv => Format::Csv,
        cli::Format::CsvExcelFr => Format::CsvExcelFr,
        cli::Format::Markdown => Format::Markdown,
    };
    if args.excel_fr() {
        return Ok(Format::CsvExcelFr);
    }
    match (args.format, args.csv_excel_fr) {
        (None, _) => Ok(Format::Table),
        (Some(f), false) => Ok(format(f)),
        (Some(f), true) => Err(Usage(lang.fill(
            "error.app.csv_excel_fr_with",
            &[("format", &format!("{f:?}").to_lowercase())],
        ))
        .into()),
    }
}

/// Creates a file that must not exist yet: a user's file is never overwritten.
pub fn create_new(lang: Lang, path: &str) -> Result<std::fs::File> {
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => Ok(f),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!("{}", lang.fill("error.app.exists", &[("path", path)]))
        }
        Err(e) => Err(e).with_context(|| lang.fill("error.app.cannot_create", &[("path", path)])),
    }
}

/// Refuses at once, before any work, a file that already exists or that cannot be created in
/// its folder (it is checked again when created).
pub fn refuse_existing(lang: Lang, path: Option<&String>) -> Result<()> {
    let Some(path) = path else {
        return Ok(());
    };
    let p = std::path::Path::new(path);
    if p.exists() {
        create_new(lang, path)?;
    }
    let folder = p.parent().filter(|f| !f.as_os_str().is_empty());
    if let Some(folder) = folder
        && !folder.is_dir()
    {
        bail!(
            "{}",
            lang.fill(
                "error.app.no_folder",
                &[("path", path), ("folder", &folder.display().to_string())]
            )
        );
    }
    Ok(())
}

/// Writes a new file whole, then says so on standard error.
pub fn write_new(lang: Lang, path: &str, text: &str) -> Result<()> {
    create_new(lang, path)?
        .write_all(text.as_bytes())
        .with_context(|| lang.fill("error.app.cannot_write", &[("path", path)]))?;
    say(&lang.fill("app.wrote", &[("path", path)]));
    Ok(())
}

/// Writes a document to standard output in a format (a CSV's warnings to standard error); a
/// closed pipe (`| head`) is not an error.
pub fn output(lang: Lang, format: Format, doc: &crate::report::Document) -> Result<ExitCode> {
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let err = std::io::stderr().lock();
    emit_stream(
        lang,
        crate::render::document(lang, format, out, err, doc).map(|_| ()),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
pub fn emit(lang: Lang, text: &str) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context(lang.t("error.app.cannot_write_output")),
    }
}

/// The outcome of writing a stream to standard output: `Ok(true)` when written, `Ok(false)` when
/// the reader closed the pipe (not an error, but nothing more should be written).
pub fn emit_stream(lang: Lang, result: std::io::Result<()>) -> Result<bool> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e).context(lang.t("error.app.cannot_write_output")),
    }
}

/// A line for the user on standard error (what was written, a table's warnings). Standard error
/// that cannot be written (a full disk, a closed pipe) is no reason to fail or panic.
pub fn say(line: &str) {
    progress::above(|| {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{line}");
    });
}

/// A result whose error is said in the reader's words, for `main` to print.
pub trait InWords<T> {
    /// The error, if any, worded in `lang`.
    fn in_words(self, lang: Lang) -> anyhow::Result<T>;
}

impl<T, E: crate::report::errors::Words> InWords<T> for Result<T, E> {
    fn in_words(self, lang: Lang) -> anyhow::Result<T> {
        self.map_err(|e| anyhow::Error::msg(e.words(lang)))
    }
}

/// A command line the tool cannot act on: exit code 2, like the errors clap reports.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}
