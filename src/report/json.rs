//! The JSON side of a document: a command's typed result becomes the document's JSON fields, and
//! the same types, wrapped in [`Envelope`], give the JSON Schema of the command's output.

use super::WarningItem;
use serde::Serialize;
use serde_json::{Map, Value};

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
