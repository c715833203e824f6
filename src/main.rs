//! The `aci-cpts` binary: parse arguments, run, print errors, pick the exit code
//! (0 ok, 1 invalid input or failed check, 2 usage error).

use aci_cpts::app::Usage;
use aci_cpts::cli::Cli;
use aci_cpts::input::diagnostic::InputError;
use clap::{CommandFactory, FromArgMatches};
use std::io::Write;
use std::process::ExitCode;
/// mimalloc (v2: its start-up costs a single run about 0,2 ms, v3 about 1 ms): a batch allocates on
/// every core at once, which the system allocator does slowly. Built without transparent huge
/// pages (`no_thp`): a 2 MiB page zeroed for a run that needs a few kilobytes doubled the peak
/// memory of `--version` (8,3 MB against 4,3 MB) and changes no batch's or sweep's time. Compiled
/// to read its options with `getenv` and to leave its memory to the kernel at exit
/// (`.cargo/config.toml`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // The arguments' own checks (a date, a range) speak the language asked for.
    let args = aci_cpts::app::usage::lang_before_help(&std::env::args_os().collect::<Vec<_>>());
    let lang = aci_cpts::catalog::lang_of_args(&args, |k| std::env::var(k).ok());
    let parse = |command: clap::Command| {
        command
            .try_get_matches_from(&args)
            .and_then(|m| Cli::from_arg_matches(&m))
    };
    // `--help` and the usage line in the reader's language: the French command line is worded
    // only when there is help or an error to show, so that a run pays nothing for it.
    let parsed = match parse(Cli::command()) {
        Err(_) if lang == aci_cpts::catalog::Lang::Fr => {
            parse(aci_cpts::app::usage::in_french(Cli::command()))
        }
        parsed => parsed,
    };
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => match aci_cpts::app::usage::message(lang, &e) {
            Some(message) => {
                let _ = writeln!(std::io::stderr().lock(), "{message}");
                return ExitCode::from(2);
            }
            None => e.exit(),
        },
    };
    let lang = aci_cpts::run_lang(&cli);
    match aci_cpts::run(cli, lang) {
        Ok(code) => code,
        Err(err) => {
            // Standard error that cannot be written is no reason to panic: the exit code says it.
            let mut stderr = std::io::stderr().lock();
            let _ = if let Some(input) = err.downcast_ref::<InputError>() {
                writeln!(stderr, "{input}")
            } else {
                writeln!(
                    stderr,
                    "{}{} {}",
                    lang.t("check.error"),
                    lang.colon(),
                    aci_cpts::report::format::printable(&format!("{err:#}"))
                )
            };
            ExitCode::from(if err.downcast_ref::<Usage>().is_some() {
                2
            } else {
                1
            })
        }
    }
}
