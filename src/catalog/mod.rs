//! Every word a person reads, keyed by message id: headers, labels, part and evidence names,
//! warnings, assumptions, chart titles, explanations. The English text is `en.toml`; a second
//! language is a second file of the same keys, not a code change. `{name}` in a text is filled
//! with an argument already written by the one formatter (`report::format`).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The English catalog, embedded in the binary.
pub const EN: &str = include_str!("en.toml");

/// The catalog as `key → text`, nested TOML tables joined with dots (`header.amount`).
pub fn entries() -> &'static HashMap<String, String> {
    static ENTRIES: OnceLock<HashMap<String, String>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut out = HashMap::new();
        // The catalog ships inside the binary and a test reads it, so it is valid TOML.
        if let Ok(table) = EN.parse::<toml::Table>() {
            flatten("", &table, &mut out);
        }
        out
    })
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

/// What a missing message id shows (a test keeps every id the code uses in the catalog).
pub const MISSING: &str = "⟦missing word⟧";

/// The text of a message id.
pub fn t(key: &str) -> &'static str {
    entries().get(key).map_or(MISSING, String::as_str)
}

/// The text of a message id with its `{name}` placeholders filled.
pub fn fill(key: &str, args: &[(&str, &str)]) -> String {
    let mut text = t(key).to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}
