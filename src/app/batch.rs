//! `aci-cpts batch`: many CPTS at once, a row each as it is computed, then the aggregate; a bad
//! file does not stop the run: it is reported, left out, and the exit code is 1.

use super::{add_table, emit_stream, output_format, say, shipped_registry};
use crate::catalog::Lang;
use crate::cli::BatchArgs;
use crate::engine::{
    self,
    batch::{Aggregate, Contribution},
    cash,
};
use crate::input;
use crate::input::diagnostic::InputError;
use crate::render;
use crate::report;
use crate::report::batch::{ErrorJson, Row};
use crate::report::errors::Words;
use crate::report::json::JsonRow;
use anyhow::{Context, Result};
use rayon::iter::{IntoParallelIterator, ParallelIterator};
use std::process::ExitCode;

/// An input of a batch: its name as given or as a folder lists it, and, for a name that is not
/// UTF-8, why it cannot be read.
pub struct InputPath {
    /// The name, as given (a name that is not UTF-8 with its bad bytes replaced).
    pub name: String,
    /// Set when the name itself cannot be used.
    pub problem: Option<InputError>,
}

impl InputPath {
    fn is_csv(&self) -> bool {
        self.name.to_lowercase().ends_with(".csv")
    }
}

/// The scenario files of the inputs: files as given, folders' `*.toml` in name order — every
/// entry so named, so that one that cannot be read (a dangling link, a device, a folder) is
/// reported as when named alone, never left out in silence.
pub fn files(lang: Lang, inputs: &[String]) -> Result<Vec<InputPath>> {
    let mut out = Vec::new();
    for input in inputs {
        let path = std::path::Path::new(input);
        if path.is_dir() {
            let mut found: Vec<std::path::PathBuf> = std::fs::read_dir(path)
                .with_context(|| lang.fill("error.app.cannot_read_folder", &[("dir", input)]))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            found.sort();
            out.extend(found.into_iter().map(|p| {
                let name = p.to_string_lossy().into_owned();
                let problem = p.to_str().is_none().then(|| {
                    InputError::unreadable(
                        lang,
                        &name,
                        lang.fill("input.file.name_not_utf8", &[("path", &name)]),
                        lang.t("input.file.name_not_utf8_help"),
                    )
                });
                InputPath { name, problem }
            }));
        } else {
            out.push(InputPath {
                name: input.clone(),
                problem: None,
            });
        }
    }
    Ok(out)
}

/// One input as read: a scenario file (or why it cannot be read), or a row of a portfolio CSV.
pub enum Input {
    /// A scenario file.
    File(Result<input::diagnostic::SourceFile, InputError>),
    /// A row of a portfolio CSV, not yet turned into its scenario.
    Row(input::portfolio::PortfolioRow),
}

impl Input {
    /// The scenario and its table (the one `forced` names, else the scenario's), computing the
    /// contract year containing `at` when given; or the problem of the input.
    pub fn load<'r>(
        self,
        lang: Lang,
        registry: &'r crate::model::tariff::Registry,
        forced: Option<&str>,
        at: Option<chrono::NaiveDate>,
    ) -> Result<input::scenario::Loaded<'r>, InputError> {
        match self {
            Input::File(f) => input::scenario::load_at(lang, &f?, registry, forced, at),
            Input::Row(r) => r.load(lang, registry, forced, at),
        }
    }

    /// About how many bytes it holds.
    fn bytes(&self) -> usize {
        match self {
            Input::File(f) => f.as_ref().map_or(0, |f| f.text.len()),
            Input::Row(_) => 0,
        }
    }
}

/// Reads every input — scenario files, and the rows of portfolio CSVs — and hands each to `each`
/// with where it comes from and whether it is a CSV row; stops at the first failure to write.
pub fn for_each_input(
    lang: Lang,
    paths: &[InputPath],
    registry: &crate::model::tariff::Registry,
    each: &mut impl FnMut(&str, Input, bool) -> std::io::Result<()>,
) -> std::io::Result<()> {
    for p in paths {
        let path = &p.name;
        if let Some(e) = &p.problem {
            each(path, Input::File(Err(e.clone())), false)?;
            continue;
        }
        if !p.is_csv() {
            each(path, Input::File(input::read_source(lang, path)), false)?;
            continue;
        }
        match input::portfolio::open(lang, path, registry) {
            Ok(rows) => {
                for r in rows {
                    let source = r.source.clone();
                    each(&source, Input::Row(r), true)?;
                }
            }
            Err(e) => each(path, Input::File(Err(e)), false)?,
        }
    }
    Ok(())
}

/// An input error as one row of `errors`: where its first problem is, and what.
pub fn error_of(e: &InputError) -> ErrorJson {
    let first = e
        .diagnostics
        .iter()
        .min_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
    let (source, message) = match first {
        Some(d) => {
            let (file, local) = e.locate(d);
            let place = local
                .span
                .as_ref()
                .map(|s| file.line_col(s.start))
                .map_or(file.name.clone(), |(l, c)| format!("{}:{l}:{c}", file.name));
            (place, d.message.clone())
        }
        None => (e.file.name.clone(), String::new()),
    };
    ErrorJson { source, message }
}

/// An input that could not be read, as one row of `errors`. A scenario file's problems are said
/// in full on standard error now; a CSV row's are said in one line by the caller.
pub fn input_error(source: &str, e: &InputError, row_of_csv: bool) -> ErrorJson {
    if row_of_csv {
        ErrorJson {
            source: source.to_string(),
            message: e
                .diagnostics
                .first()
                .map(|d| d.message.clone())
                .unwrap_or_default(),
        }
    } else {
        say(&e.to_string());
        error_of(e)
    }
}

/// How many times one message is said on standard error; past it, the repeats are counted and
/// said once at the end ([`say_repeats`]): a portfolio given twice does not flood the terminal.
const MAX_REPEATS: usize = 20;

/// How many one-line errors are said in all; the others are counted, and listed in the output
/// (`errors` of JSON).
const MAX_LINES: usize = 200;

thread_local! {
    /// Each message said in one line, and how many times it came.
    static SAID: std::cell::RefCell<std::collections::HashMap<String, usize>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
    /// Lines said, and lines not said past [`MAX_LINES`].
    static LINES: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

/// Says a one-line error, unless its message came [`MAX_REPEATS`] times already.
fn say_once_more(lang: Lang, source: &str, message: &str) {
    let n = SAID.with(|s| {
        let mut s = s.borrow_mut();
        let n = s.entry(message.to_string()).or_insert(0);
        *n += 1;
        *n
    });
    if n > MAX_REPEATS {
        return;
    }
    let (said, unsaid) = LINES.get();
    if said < MAX_LINES {
        LINES.set((said + 1, unsaid));
        say(&error_line(lang, source, message));
    } else {
        LINES.set((said, unsaid + 1));
    }
}

/// Says, once, how many more times each message came than was said.
pub fn say_repeats(lang: Lang) {
    let mut more: Vec<(String, usize)> = SAID.with(|s| {
        s.borrow_mut()
            .drain()
            .filter(|(_, n)| *n > MAX_REPEATS)
            .map(|(m, n)| (m, n - MAX_REPEATS))
            .collect()
    });
    more.sort();
    let (_, unsaid) = LINES.replace((0, 0));
    if unsaid > 0 {
        say(&lang.fill("batch.more_errors", &[("count", &unsaid.to_string())]));
    }
    for (message, n) in more {
        say(&lang.fill(
            "batch.more_like_it",
            &[("count", &n.to_string()), ("message", &message)],
        ));
    }
}

/// An input left out, as one row of `errors`, said on standard error as it comes: a scenario
/// file's problems in full, a CSV row's or an engine's in one line.
pub fn reported(lang: Lang, source: &str, failure: Failure, row_of_csv: bool) -> ErrorJson {
    match failure {
        Failure::Input(e) => {
            let error = input_error(source, &e, row_of_csv);
            if row_of_csv {
                say_once_more(lang, &error.source, &error.message);
            }
            error
        }
        Failure::Engine(message) => {
            say_once_more(lang, source, &message);
            ErrorJson {
                source: source.to_string(),
                message,
            }
        }
    }
}

/// `error: SOURCE: MESSAGE`, in the language of the run.
fn error_line(lang: Lang, source: &str, message: &str) -> String {
    let colon = lang.colon();
    format!("{}{colon} {source}{colon} {message}", lang.t("check.error"))
}

/// Why an input was left out.
pub enum Failure {
    /// It could not be read.
    Input(InputError),
    /// It could not be computed.
    Engine(String),
}

/// One CPTS computed, as it is written and summed: its row's cells, its row as JSON text (when
/// the format writes JSON), and what it adds to the sums. Made where it was computed, so that
/// its result is built and dropped on one thread, and its JSON written on every core.
type Computed = (
    Vec<crate::report::Cell<'static>>,
    Option<String>,
    Option<Contribution>,
    Option<String>,
);

/// The sums of a chunk of a batch, and whether one of them left the range of exact decimals.
type Gathered = (Aggregate, bool);

/// An input read and not yet computed: where it comes from, its text, whether it is a CSV row.
type Pending = (String, Input, bool);

/// What a batch does with each input, a chunk of inputs at a time: `compute` an input on any
/// core (with its number, from 0); `gather` what a chunk's results add up to, off the writing
/// thread; `handle` a chunk's sum, then each of its results in order, on this thread.
pub struct Steps<'a, R, A> {
    /// Computes one input.
    pub compute: &'a (dyn Fn(u64, &str, Input) -> R + Sync),
    /// Takes what a result adds to its chunk's sum.
    pub gather: &'a (dyn Fn(&mut A, &mut R) + Sync),
    /// Takes a chunk's sum, before its results.
    pub chunk: &'a mut dyn FnMut(A) -> std::io::Result<()>,
    /// Takes a result, with where the input comes from and whether it is a CSV row.
    pub handle: &'a mut dyn FnMut(&str, R, bool) -> std::io::Result<()>,
}

/// Reads every input in order, computes them a chunk at a time on every core while the chunk
/// before is gathered and handed in order to the steps on this thread (see [`Steps`]): reading,
/// computing and writing overlap, and memory holds two chunks at most.
pub fn pipelined<R: Send, A: Default + Send>(
    lang: Lang,
    paths: &[InputPath],
    registry: &crate::model::tariff::Registry,
    steps: Steps<'_, R, A>,
) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    type Done<R, A> = (A, Vec<(String, R, bool)>);
    type Job<'s, R, A> = (
        std::thread::ScopedJoinHandle<'s, ()>,
        std::sync::mpsc::Receiver<Done<R, A>>,
    );
    let Steps {
        compute,
        gather,
        chunk: sum,
        handle,
    } = steps;
    let csv = paths.iter().any(InputPath::is_csv);
    let progress = std::cell::RefCell::new(super::progress::Progress::new(
        lang,
        (!csv).then_some(paths.len() as u64),
        "progress.cpts",
    ));
    // Counted on the workers as they finish; the bar is drawn from this thread only.
    let computed = AtomicU64::new(0);
    let mut pending: Vec<(u64, Pending)> = Vec::new();
    let mut pending_bytes = 0usize;
    let mut next = 0u64;
    std::thread::scope(|scope| {
        // A chunk's results come back through a channel as soon as they are ready, not when its
        // thread has ended: the writing thread waits on it, waking to draw the progress bar.
        let mut running: Option<Job<'_, R, A>> = None;
        let drain = |running: Option<Job<'_, R, A>>,
                     sum: &mut dyn FnMut(A) -> std::io::Result<()>,
                     handle: &mut dyn FnMut(&str, R, bool) -> std::io::Result<()>|
         -> std::io::Result<()> {
            let Some((thread, job)) = running else {
                return Ok(());
            };
            let (gathered, done) = loop {
                use std::sync::mpsc::RecvTimeoutError;
                match job.recv_timeout(std::time::Duration::from_millis(100)) {
                    Ok(done) => break done,
                    Err(RecvTimeoutError::Timeout) => {
                        progress.borrow_mut().set(computed.load(Ordering::Relaxed));
                    }
                    Err(RecvTimeoutError::Disconnected) => {
                        return Err(std::io::Error::other(lang.t("error.app.worker")));
                    }
                }
            };
            progress.borrow_mut().set(computed.load(Ordering::Relaxed));
            // It has sent its results: it ends now, and its memory goes with it.
            let _ = thread.join();
            sum(gathered)?;
            for (source, outcome, row_of_csv) in done {
                handle(&source, outcome, row_of_csv)?;
            }
            Ok(())
        };
        let start = |chunk: Vec<(u64, Pending)>| {
            let computed = &computed;
            let (send, receive) = std::sync::mpsc::sync_channel(1);
            let thread = scope.spawn(move || {
                let mut done = chunk
                    .into_par_iter()
                    .map(|(n, (source, input, row_of_csv))| {
                        let outcome = compute(n, &source, input);
                        computed.fetch_add(1, Ordering::Relaxed);
                        (source, outcome, row_of_csv)
                    })
                    .collect::<Vec<_>>();
                let mut gathered = A::default();
                for (_, outcome, _) in &mut done {
                    gather(&mut gathered, outcome);
                }
                // The writing thread may have stopped (a failure to write): nobody to tell.
                let _ = send.send((gathered, done));
            });
            (thread, receive)
        };
        let mut each = |source: &str, input: Input, row_of_csv: bool| -> std::io::Result<()> {
            pending_bytes += input.bytes();
            pending.push((next, (source.to_string(), input, row_of_csv)));
            next += 1;
            if pending.len() < CHUNK_INPUTS && pending_bytes < CHUNK_BYTES {
                return Ok(());
            }
            pending_bytes = 0;
            let job = start(std::mem::take(&mut pending));
            drain(running.replace(job), sum, handle)
        };
        for_each_input(lang, paths, registry, &mut each)?;
        let last = start(std::mem::take(&mut pending));
        drain(running.replace(last), sum, handle)?;
        drain(running.take(), sum, handle)
    })
}

/// Inputs computed together on every core: at most this many…
const CHUNK_INPUTS: usize = 1024;
/// …and at most about this many bytes of them (a chunk of large files stays small in memory).
const CHUNK_BYTES: usize = 16 * 1024 * 1024;

/// What every input of a batch is computed with.
struct Batch<'r> {
    registry: &'r crate::model::tariff::Registry,
    a_id: Option<&'r str>,
    b_id: Option<&'r str>,
    /// Every CPTS under B, whatever its year (`--instead`), not only those B reforms.
    instead: bool,
    at: Option<chrono::NaiveDate>,
    reform: bool,
    cash: Option<crate::model::calendar::CivilYears>,
    json: bool,
}

impl Batch<'_> {
    /// Reads and computes one input.
    fn one(&self, lang: Lang, source: &str, input: Input) -> Result<Computed, Failure> {
        let loaded = input
            .load(lang, self.registry, self.a_id, self.at)
            .map_err(Failure::Input)?;
        let engine_error = |e: engine::EngineError| Failure::Engine(e.words(lang));
        let sim = engine::simulate(&loaded.scenario, loaded.versions).map_err(engine_error)?;
        let at_risk = cash::at_risk(&sim, loaded.table()).unwrap_or_default();
        let against = match self.b_id.and_then(|id| self.registry.get(id)) {
            None => None,
            // A reform changes the version it extends: a CPTS whose year falls under another
            // is not concerned, and keeps its result on both sides.
            Some(b_table)
                if !self.instead
                    && b_table.extends.as_deref().unwrap_or(&b_table.id) != loaded.table().id =>
            {
                Some((sim.clone(), at_risk, false))
            }
            Some(b_table) => {
                let mut s = loaded.scenario.clone();
                s.tariff = Some(b_table.id.clone());
                s.tariff_from_command = true;
                let b = engine::simulate(&s, b_table).map_err(engine_error)?;
                let at_risk = cash::at_risk(&b, b_table).unwrap_or_default();
                Some((b, at_risk, true))
            }
        };
        let payments = match self.cash {
            None => Vec::new(),
            Some(years) => {
                let forced = self.a_id.and_then(|id| self.registry.get(id));
                cash::payments_between(&loaded.scenario, self.registry, forced, years)
                    .map_err(|e| Failure::Engine(e.words(lang)))?
            }
        };
        let note = super::ended_before(
            lang,
            source,
            &loaded.scenario,
            &sim,
            self.cash.map(|y| y.last),
        );
        let by_year = self.cash.map(|years| {
            let mut sums = cash::by_civil_year(&payments);
            years
                .each()
                .map(|y| (y, sums.remove(&y).unwrap_or_default()))
                .collect::<Vec<_>>()
        });
        let row = Row {
            source,
            sim: &sim,
            at_risk,
            against: against.as_ref().map(|(b, _, _)| b),
            concerned: against.as_ref().map(|(_, _, c)| *c),
            cash: by_year.as_deref(),
        };
        Ok((
            row.cells(lang, self.reform),
            self.json
                .then(|| {
                    let mut text = String::new();
                    report::json::Serde(row.json(lang))
                        .write_json(&mut text)
                        .map(|()| text)
                })
                .transpose()
                .map_err(|e| Failure::Engine(e.to_string()))?,
            Some(Contribution::of(
                sim,
                at_risk,
                against.as_ref().map(|(b, r, c)| (b, *r, *c)),
                &payments,
            )),
            note,
        ))
    }
}

/// Runs the command.
pub fn run(lang: Lang, args: &BatchArgs) -> Result<ExitCode> {
    let format = output_format(lang, &args.output)?;
    super::refuse_existing(lang, args.sums.as_ref())?;
    // A CSV holds one row per CPTS, with its cash: the region's plan goes to `--sums`.
    if args.cash.is_some()
        && args.sums.is_none()
        && matches!(format, render::Format::Csv | render::Format::CsvExcelFr)
    {
        say(lang.t("batch.cash_csv"));
    }
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let (done, errors) = write(lang, args, format, out, std::io::stderr().lock())?;
    say_repeats(lang);
    if !emit_stream(lang, done)? {
        return Ok(ExitCode::SUCCESS);
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Runs a batch into a writer (standard error gets the errors as they come): the outcome of the
/// writing, and how many inputs were left out.
pub fn write<W: std::io::Write, E: std::io::Write>(
    lang: Lang,
    args: &BatchArgs,
    format: render::Format,
    out: W,
    err: E,
) -> Result<(std::io::Result<()>, usize)> {
    let json = matches!(format, render::Format::Json | render::Format::JsonLines);
    let stream = report::batch::stream(lang, args.against.is_some(), args.cash);
    let mut writer = render::Writer::begin(
        lang,
        format,
        out,
        err,
        &report::batch::document(),
        Some(&stream),
    )?;
    let mut done = compute(lang, args, json, &mut |cells, json| {
        writer.row(cells, || report::json::Written(json))
    })?;
    let written = std::mem::replace(&mut done.written, Ok(())).and_then(|()| {
        writer
            .finish(&report::batch::body(
                lang,
                &done.aggregate,
                &done.errors,
                args.cash,
                &done.missions(),
            ))
            .map(|_| ())
    });
    if let Some(path) = &args.sums {
        write_sums(
            lang,
            path,
            format,
            &done.aggregate,
            args.cash,
            &done.missions(),
        )?;
    }
    Ok((written, done.errors.len()))
}

/// A batch computed: whether every row was handed over, the sums, the inputs left out, and the
/// missions of the tables (id, name) in the order a batch shows its lines.
pub struct Done {
    /// Whether every row was handed over (an error of the writer stops the run).
    pub written: std::io::Result<()>,
    /// The sums.
    pub aggregate: Aggregate,
    /// The inputs left out, with why.
    pub errors: Vec<ErrorJson>,
    /// The missions of the tables, id and name.
    pub missions: Vec<(String, String)>,
}

impl Done {
    /// The missions, borrowed.
    pub fn missions(&self) -> Vec<(&str, &str)> {
        self.missions
            .iter()
            .map(|(id, name)| (id.as_str(), name.as_str()))
            .collect()
    }
}

/// What a batch's rows are handed to: a row's cells, and its JSON text when asked.
pub type RowSink<'a> =
    dyn FnMut(&[report::Cell<'static>], Option<String>) -> std::io::Result<()> + 'a;

/// Computes every input of a batch in order, handing each row's cells (and its JSON when
/// `json`) to `row`, the sums kept: what `batch` writes and a region's documents show.
pub fn compute(lang: Lang, args: &BatchArgs, json: bool, row: &mut RowSink<'_>) -> Result<Done> {
    let mut registry = shipped_registry(lang)?;
    let mut named = |arg: &Option<String>| -> Result<Option<String>> {
        arg.as_deref()
            .map(|a| add_table(lang, &mut registry, a))
            .transpose()
    };
    let (a_id, b_id) = (named(&args.tariff)?, named(&args.against)?);
    let reform = b_id.is_some();
    let paths = files(lang, &args.inputs)?;
    let mut aggregate = Aggregate::default();
    let mut errors: Vec<ErrorJson> = Vec::new();
    let mut left_out = 0;
    let batch = Batch {
        registry: &registry,
        a_id: a_id.as_deref(),
        b_id: b_id.as_deref(),
        instead: args.instead,
        at: args.at,
        reform,
        cash: args.cash,
        json,
    };
    let mut handle = |source: &str,
                      outcome: Result<Computed, Failure>,
                      row_of_csv: bool|
     -> std::io::Result<()> {
        match outcome {
            Ok((cells, json, _, note)) => {
                if let Some(note) = note {
                    say(&note);
                }
                row(&cells, json)
            }
            Err(failure) => {
                let error = reported(lang, source, failure, row_of_csv);
                errors.push(error);
                left_out += 1;
                Ok(())
            }
        }
    };
    // A chunk's sums are made where it was computed, and added here once per chunk.
    let gather = |sums: &mut Gathered, outcome: &mut Result<Computed, Failure>| {
        if let Ok((_, _, contribution, _)) = outcome
            && let Some(c) = contribution.take()
        {
            sums.1 |= sums.0.add(&c).is_none();
        }
    };
    let mut merge = |(sums, out_of_range): Gathered| -> std::io::Result<()> {
        if out_of_range || aggregate.merge(sums).is_none() {
            return Err(std::io::Error::other(lang.t("error.app.sum_out_of_range")));
        }
        Ok(())
    };
    let written = pipelined(
        lang,
        &paths,
        &registry,
        Steps {
            compute: &|_, source, input| batch.one(lang, source, input),
            gather: &gather,
            chunk: &mut merge,
            handle: &mut handle,
        },
    );
    aggregate.left_out += left_out;
    let missions = missions(&registry)
        .into_iter()
        .map(|(id, name)| (id.to_string(), name.to_string()))
        .collect();
    Ok(Done {
        written,
        aggregate,
        errors,
        missions,
    })
}

/// Every mission of the tables, id and name, in the order of the newest table first: the order
/// in which a batch's lines are shown.
fn missions(registry: &crate::model::tariff::Registry) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for table in registry.tables().rev() {
        for m in &table.missions {
            if !out.iter().any(|(id, _)| *id == m.id) {
                out.push((&m.id, &m.label));
            }
        }
    }
    out
}

/// Writes the sums to a new CSV file: in the output's CSV dialect, or else in the language's
/// (a French reader's spreadsheet opens `;` and decimal commas).
fn write_sums(
    lang: Lang,
    path: &str,
    format: render::Format,
    aggregate: &Aggregate,
    cash: Option<crate::model::calendar::CivilYears>,
    missions: &[(&str, &str)],
) -> Result<()> {
    let dialect = match format {
        render::Format::Csv | render::Format::CsvExcelFr => format,
        _ if lang == crate::catalog::Lang::Fr => render::Format::CsvExcelFr,
        _ => render::Format::Csv,
    };
    let doc = report::Document {
        body: report::Body {
            blocks: vec![report::Block::Table(report::batch::sums_table(
                lang, aggregate, cash, missions,
            ))],
            ..report::Body::default()
        },
        ..report::batch::document()
    };
    super::write_new(lang, path, &render::to_string(lang, dialect, &doc))
}
