//! Build script: the word catalogs (`src/catalog/*.toml`) flattened at build time into sorted
//! `(key, text)` arrays, so that no run parses them at start-up (a run looks a word up by binary
//! search). The TOML files stay the source; a test checks the arrays say what they say.

use std::fmt::Write;

fn flatten(prefix: &str, table: &toml::Table, out: &mut Vec<(String, String)>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => out.push((key, s.clone())),
            other => out.push((key, other.to_string())),
        }
    }
}

fn main() {
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let mut code = String::new();
    for (lang, file) in [("EN", "src/catalog/en.toml"), ("FR", "src/catalog/fr.toml")] {
        println!("cargo:rerun-if-changed={file}");
        let text = std::fs::read_to_string(file).unwrap_or_default();
        // A catalog that does not parse is a build error, with its reason.
        let table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                println!("cargo::error={file}: {e}");
                toml::Table::new()
            }
        };
        let mut words = Vec::new();
        flatten("", &table, &mut words);
        words.sort();
        let _ = writeln!(code, "/// The {lang} catalog, key → text, sorted by key.");
        let _ = writeln!(code, "pub static {lang}_WORDS: &[(&str, &str)] = &[");
        for (k, v) in &words {
            let _ = writeln!(code, "    ({k:?}, {v:?}),");
        }
        let _ = writeln!(code, "];");
    }
    let _ = std::fs::write(format!("{out_dir}/catalog_words.rs"), code);
}
