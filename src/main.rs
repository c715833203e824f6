//! The `aci-cpts` binary: parse arguments, run, print errors, pick the exit code
//! (0 ok, 1 invalid input or failed check, 2 usage error).

use aci_cpts::input::diagnostic::InputError;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = aci_cpts::cli::Cli::parse();
    match aci_cpts::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if let Some(input) = err.downcast_ref::<InputError>() {
                eprintln!("{input}");
            } else {
                eprintln!("error: {err:#}");
            }
            ExitCode::from(1)
        }
    }
}
