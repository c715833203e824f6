//! `aci-cpts schema`: the JSON Schema of an input file format (for editors) or of a command's
//! JSON output (for programs), generated from the reading types and the report types.

use super::{emit, shipped_registry};
use crate::catalog::Lang;
use crate::cli::{OutputCommand, SchemaKind};
use crate::input;
use crate::render;
use crate::report::json::{Output, schema};
use anyhow::Result;
use std::process::ExitCode;

/// Runs the command.
pub fn run(lang: Lang, kind: SchemaKind) -> Result<ExitCode> {
    let schema = match kind {
        SchemaKind::Scenario => input::scenario::json_schema(&shipped_registry(lang)?),
        SchemaKind::Tariff => input::tariff::json_schema(),
        SchemaKind::Output { command } => schema(match command {
            OutputCommand::Simulate => Output::Simulate,
            OutputCommand::Compare => Output::Compare,
            OutputCommand::Levers => Output::Levers,
            OutputCommand::Sweep => Output::Sweep,
            OutputCommand::Calendar => Output::Calendar,
            OutputCommand::Forecast => Output::Forecast,
            OutputCommand::Batch => Output::Batch,
            OutputCommand::Risk => Output::Risk,
            OutputCommand::TariffsList => Output::TariffsList,
            OutputCommand::TariffsShow => Output::TariffsShow,
            OutputCommand::TariffsDiff => Output::TariffsDiff,
            OutputCommand::TariffsCheck => Output::TariffsCheck,
            OutputCommand::Data => Output::Data,
        }),
    };
    emit(lang, &render::json::to_pretty(&schema))
}
