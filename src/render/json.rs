//! JSON through `serde_json`: one object per document, `schema_version` first, then the
//! command's fields, a stream's rows as an array written as they come (one row per line), the
//! remaining fields, `warnings` with their stable codes, and `assumptions` when there are any.
//! Money is a string with two decimals, so no reader turns it into a binary float by accident.

use crate::report::json::JsonRow;
use crate::report::{Body, Document, Stream};
use serde::Serialize;
use serde_json::{Map, Value};
use std::io::{self, Write};

/// Where the writer is.
pub struct State {
    /// Whether a stream's array is open, and whether it has rows.
    stream: Option<bool>,
    /// A row's text, written whole (one write a row, not one a key).
    row: String,
}

fn field(out: &mut impl Write, key: &str, value: &Value) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    write!(
        out,
        ",\n  {}: {}",
        serde_json::to_string(key)?,
        text.replace('\n', "\n  ")
    )
}

impl State {
    /// Opens the object: version and first fields, then the stream's array.
    pub fn begin(
        out: &mut impl Write,
        doc: &Document,
        stream: Option<&Stream>,
    ) -> io::Result<State> {
        write!(out, "{{\n  \"schema_version\": {}", doc.schema_version)?;
        for (k, v) in &doc.data {
            field(out, k, v)?;
        }
        if let Some(s) = stream {
            write!(out, ",\n  {}: [", serde_json::to_string(s.key)?)?;
        }
        Ok(State {
            stream: stream.map(|_| false),
            row: String::new(),
        })
    }

    /// One row of the stream, compact, on its own line.
    pub fn row(&mut self, out: &mut impl Write, value: &impl JsonRow) -> io::Result<()> {
        if let Some(any) = &mut self.stream {
            self.row.clear();
            self.row.push_str(if *any { ",\n    " } else { "\n    " });
            value.write_json(&mut self.row)?;
            out.write_all(self.row.as_bytes())?;
            *any = true;
        }
        Ok(())
    }

    /// Closes the array, writes the last fields, the warnings and the assumptions.
    pub fn finish(&mut self, out: &mut impl Write, body: &Body) -> io::Result<()> {
        match self.stream {
            Some(true) => write!(out, "\n  ]")?,
            Some(false) => write!(out, "]")?,
            None => {}
        }
        for (k, v) in &body.data {
            field(out, k, v)?;
        }
        field(out, "warnings", &serde_json::to_value(&body.warnings)?)?;
        if !body.assumptions.is_empty() {
            field(
                out,
                "assumptions",
                &serde_json::to_value(&body.assumptions)?,
            )?;
        }
        writeln!(out, "\n}}")
    }
}

/// JSON Lines: with a stream, a first line with the version and the command's fields, a line per
/// row, and a last line with the rest (the aggregate, the warnings); without one, the whole
/// document on one line.
pub struct Lines {
    head: Option<Map<String, Value>>,
    /// A row's text, written whole.
    row: String,
}

fn head_fields(doc: &Document) -> Map<String, Value> {
    let mut head = Map::new();
    head.insert("schema_version".into(), Value::from(doc.schema_version));
    head.extend(doc.data.clone());
    head
}

impl Lines {
    /// Writes the first line of a stream; keeps a bounded document's fields for the end.
    pub fn begin(
        out: &mut impl Write,
        doc: &Document,
        stream: Option<&Stream>,
    ) -> io::Result<Lines> {
        let head = head_fields(doc);
        if stream.is_some() {
            serde_json::to_writer(&mut *out, &head)?;
            out.write_all(b"\n")?;
            return Ok(Lines {
                head: None,
                row: String::new(),
            });
        }
        Ok(Lines {
            head: Some(head),
            row: String::new(),
        })
    }

    /// One row on its own line.
    pub fn row(&mut self, out: &mut impl Write, value: &impl JsonRow) -> io::Result<()> {
        self.row.clear();
        value.write_json(&mut self.row)?;
        self.row.push('\n');
        out.write_all(self.row.as_bytes())
    }

    /// The last line: the remaining fields, the warnings, the assumptions.
    pub fn finish(self, out: &mut impl Write, body: &Body) -> io::Result<()> {
        let mut last = self.head.unwrap_or_default();
        last.extend(body.data.clone());
        last.insert("warnings".into(), serde_json::to_value(&body.warnings)?);
        if !body.assumptions.is_empty() {
            last.insert(
                "assumptions".into(),
                serde_json::to_value(&body.assumptions)?,
            );
        }
        serde_json::to_writer(&mut *out, &last)?;
        out.write_all(b"\n")
    }
}

/// Pretty JSON with a final newline, for what is not a document (JSON Schemas).
pub fn to_pretty<T: Serialize>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
