//! The JSON side of a document: a command's typed result becomes the document's JSON fields, and
//! the same types, wrapped in [`Envelope`], give the JSON Schema of the command's output.

use super::WarningItem;
use serde::Serialize;
use serde_json::{Map, Value};
use std::io;

/// The fields of a typed result, in their declared order. Serialising these plain structs cannot
/// fail; a value that is not an object is kept under `value`.
pub fn fields<T: Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        Ok(other) => Map::from_iter([("value".to_string(), other)]),
        Err(e) => Map::from_iter([("error".to_string(), Value::String(e.to_string()))]),
    }
}

/// What every command's JSON output is: its version, its own fields, its warnings, and the
/// assumptions it rests on when it has any. Used for the JSON Schema (`aci-cpts schema output`).
#[derive(Serialize, schemars::JsonSchema)]
pub struct Envelope<T> {
    /// Version of this output; raised on any change that could break a reader.
    pub schema_version: u32,
    /// The command's own fields.
    #[serde(flatten)]
    pub data: T,
    /// What the user must know about the result, with stable codes.
    pub warnings: Vec<WarningItem>,
    /// What the result rests on that no text states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
}

/// The commands with a JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
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

/// The JSON Schema of a command's output, generated from the types that write it.
pub fn schema(output: Output) -> schemars::Schema {
    use schemars::schema_for;
    let mut schema = match output {
        Output::Simulate => schema_for!(Envelope<super::simulation::SimulationJson>),
        Output::Compare => schema_for!(Envelope<super::compare::CompareJson>),
        Output::Levers => schema_for!(Envelope<super::levers::LeversJson>),
        Output::Sweep => schema_for!(Envelope<super::sweep::SweepJson>),
        Output::Calendar => schema_for!(Envelope<super::cash::CalendarJson>),
        Output::Forecast => schema_for!(Envelope<super::cash::ForecastJson>),
        Output::Batch => schema_for!(Envelope<super::batch::BatchJson>),
        Output::Risk => schema_for!(Envelope<super::risk::RiskJson>),
        Output::TariffsList => schema_for!(Envelope<super::tariffs::ListJson>),
        Output::TariffsShow => schema_for!(Envelope<super::tariffs::ShowJson>),
        Output::TariffsDiff => schema_for!(Envelope<super::diff::DiffJson>),
        Output::TariffsCheck => schema_for!(Envelope<super::check::CheckJson>),
        Output::Data => schema_for!(Envelope<super::data::DataJson>),
    };
    schema.insert(
        "title".to_string(),
        Value::from(format!("aci-cpts {} --format json", name(output))),
    );
    schema
}

/// The command line of an output, for people.
pub fn name(output: Output) -> &'static str {
    match output {
        Output::Simulate => "simulate",
        Output::Compare => "compare",
        Output::Levers => "levers",
        Output::Sweep => "sweep",
        Output::Calendar => "calendar",
        Output::Forecast => "forecast",
        Output::Batch => "batch",
        Output::Risk => "risk",
        Output::TariffsList => "tariffs list",
        Output::TariffsShow => "tariffs show",
        Output::TariffsDiff => "tariffs diff",
        Output::TariffsCheck => "tariffs check",
        Output::Data => "data",
    }
}

/// A row of a stream as JSON text: written by serde ([`Serde`]), or by hand for a stream of
/// millions of rows (a sweep's points), with the same bytes serde would write.
pub trait JsonRow {
    /// Appends the row, compact, to `out`.
    fn write_json(&self, out: &mut String) -> io::Result<()>;
}

/// A row serialised already (by serde, where it was computed): its text as it is, `null` for
/// none.
pub struct Written(pub Option<String>);

impl JsonRow for Written {
    fn write_json(&self, out: &mut String) -> io::Result<()> {
        out.push_str(self.0.as_deref().unwrap_or("null"));
        Ok(())
    }
}

/// A row written by serde.
pub struct Serde<T>(pub T);

impl<T: Serialize> JsonRow for Serde<T> {
    fn write_json(&self, out: &mut String) -> io::Result<()> {
        out.push_str(&serde_json::to_string(&self.0)?);
        Ok(())
    }
}
