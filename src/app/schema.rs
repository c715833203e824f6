//! `aci-cpts schema`: the JSON Schema of a file format, for editors and programs.

use super::{emit, shipped_registry};
use crate::cli::SchemaKind;
use crate::input;
use crate::render;
use anyhow::Result;
use std::process::ExitCode;

/// Runs the command.
pub fn run(kind: SchemaKind) -> Result<ExitCode> {
    emit(&render::json::to_pretty(&match kind {
        SchemaKind::Scenario => input::scenario::json_schema(&shipped_registry()?),
        SchemaKind::Tariff => input::tariff::json_schema(),
    }))
}
