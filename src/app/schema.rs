//! `aci-cpts schema`: the JSON Schema of an input file format (for editors) or of a command's
//! JSON output (for programs), generated from the reading types and the report types.

use super::{emit, shipped_registry};
use crate::cli::{OutputCommand, SchemaKind};
use crate::input;
use crate::render;
use crate::report::json::{Output, schema};
use anyhow::{Result, bail};
use std::process::ExitCode;

/// Runs the command.
pub fn run(kind: SchemaKind, command: Option<OutputCommand>) -> Result<ExitCode> {
    let schema = match (kind, command) {
        (SchemaKind::Scenario, None) => input::scenario::json_schema(&shipped_registry()?),
        (SchemaKind::Tariff, None) => input::tariff::json_schema(),
        (SchemaKind::Output, Some(c)) => schema(match c {
            OutputCommand::Simulate => Output::Simulate,
            OutputCommand::Compare => Output::Compare,
            OutputCommand::Sweep => Output::Sweep,
            OutputCommand::Calendar => Output::Calendar,
            OutputCommand::Forecast => Output::Forecast,
            OutputCommand::TariffsList => Output::TariffsList,
            OutputCommand::TariffsShow => Output::TariffsShow,
            OutputCommand::TariffsDiff => Output::TariffsDiff,
            OutputCommand::TariffsCheck => Output::TariffsCheck,
        }),
        (_, Some(c)) => bail!(
            "a command is named only with `schema output`\n  = help: `aci-cpts schema output {}`",
            format!("{c:?}").to_lowercase()
        ),
        (SchemaKind::Output, None) => bail!(
            "`schema output` needs a command\n  = help: e.g. `aci-cpts schema output simulate`"
        ),
    };
    emit(&render::json::to_pretty(&schema))
}
