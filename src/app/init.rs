//! `aci-cpts init`: a commented scenario to start from; never overwrites a file.

use super::{create_new, emit};
use anyhow::{Context, Result};
use std::io::Write;
use std::process::ExitCode;

/// The commented scenario written by `aci-cpts init`.
pub const TEMPLATE: &str = include_str!("template.toml");

/// Runs the command.
pub fn run(path: &str) -> Result<ExitCode> {
    if path == "-" {
        return emit(TEMPLATE);
    }
    let mut file = create_new(path)?;
    file.write_all(TEMPLATE.as_bytes())
        .with_context(|| format!("cannot write `{path}`"))?;
    eprintln!("wrote {path}: edit it, then run `aci-cpts simulate {path}`");
    Ok(ExitCode::SUCCESS)
}
