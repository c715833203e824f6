//! Build script: the word catalogs (`src/catalog/*.toml`) flattened at build time into sorted
//! `(key, text)` arrays, so that no run parses them at start-up (a run finds a word by the hash
//! of its key); and the index of the shipped tariff tables (`tariffs/*.toml`: id, dates in force,
//! missions, hash of the text), so that a run reads only the tables it uses, from their compiled
//! form when it was made from the text shipped (`input::tariff::compiled`). The TOML files stay
//! the source; tests check the arrays and the index say what they say. And, for release builds,
//! the order in which the linker lays out the binary's functions (`link_order`).

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
    link_order();
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let mut code = String::new();
    println!("cargo:rerun-if-changed=src/catalog/key_hash.rs");
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
        // One text and offsets into it rather than a `&str` per word: a pointer in a static is a
        // relocation that every run applies at start-up, and the page it sits on a page written.
        let mut text = String::new();
        let mut index = Vec::new();
        for (k, v) in &words {
            let start = text.len();
            text.push_str(k);
            let middle = text.len();
            text.push_str(v);
            index.push((start, middle, text.len()));
        }
        let _ = writeln!(
            code,
            "/// The {lang} catalog: its keys and texts, one after the other."
        );
        let _ = writeln!(code, "pub static {lang}_TEXT: &str = {text:?};");
        let _ = writeln!(
            code,
            "/// Where each key and its text are in `{lang}_TEXT` (key start, key end = text start, \
             text end), sorted by key."
        );
        let _ = writeln!(
            code,
            "pub static {lang}_INDEX: [(u32, u32, u32); {}] = {index:?};",
            index.len()
        );
        // Each key's short hash and its place in the index, in hash order: a lookup hashes the
        // key and searches these numbers rather than comparing keys along a binary search.
        let mut by_hash: Vec<(u32, usize)> = words
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (key_hash::short(key_hash::fnv1a([k.as_bytes()])), i))
            .collect();
        by_hash.sort_unstable();
        let _ = writeln!(
            code,
            "/// Each key's short hash and its place in `{lang}_INDEX`, in hash order."
        );
        let _ = writeln!(
            code,
            "pub static {lang}_BY_HASH: [(u32, u32); {}] = {by_hash:?};",
            by_hash.len()
        );
    }
    let _ = std::fs::write(format!("{out_dir}/catalog_words.rs"), code);
    let _ = std::fs::write(format!("{out_dir}/tariff_index.rs"), tariff_index());
}

/// The shipped tables (`tariffs/ID.toml`); a test checks they are `input::tariff::SHIPPED`.
const SHIPPED_TABLES: [&str; 2] = ["aci-2019", "aci-avenant-2"];

/// A TOML date as `(year, month, day)`, for the index.
fn date(v: Option<&toml::Value>) -> Option<(i32, u32, u32)> {
    let d = v?.as_datetime()?.date?;
    Some((i32::from(d.year), u32::from(d.month), u32::from(d.day)))
}

/// What a run needs to know of each shipped table before reading it: its file, id, first and
/// last day in force, whether it extends another, its missions, and the hash of its text (a run
/// uses the table's compiled form only if it was made from that text). A table whose index
/// cannot be read is indexed without dates: it is read, and its errors said, when a run needs it.
fn tariff_index() -> String {
    let mut code = String::from(
        "/// Shipped tables: (file, id, in force from, in force to, extends another, missions, hash \
         of the text).\n\
         pub static TARIFF_INDEX: &[TariffIndexEntry] = &[\n",
    );
    for name in SHIPPED_TABLES {
        let file = format!("tariffs/{name}.toml");
        println!("cargo:rerun-if-changed={file}");
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let table: toml::Table = text.parse().unwrap_or_default();
        let id = table.get("id").and_then(|v| v.as_str()).unwrap_or(name);
        // In the file's order (a TOML table here is sorted): the order the tables give them.
        let mut missions: Vec<&str> = Vec::new();
        for line in text.lines() {
            if let Some(rest) = line.trim().strip_prefix("[missions.") {
                let id = rest.split(['.', ']']).next().unwrap_or("").trim();
                if !id.is_empty() && !missions.contains(&id) {
                    missions.push(id);
                }
            }
        }
        let _ = writeln!(
            code,
            "    ({file:?}, {id:?}, {:?}, {:?}, {}, &{missions:?}, {:#x}),",
            date(table.get("in_force_from")),
            date(table.get("in_force_to")),
            table.contains_key("extends"),
            key_hash::fnv1a([text.as_bytes()]),
        );
    }
    code.push_str("];\n");
    code
}

/// FNV-1a, the crate's own (`src/catalog/key_hash.rs`).
#[path = "src/catalog/key_hash.rs"]
mod key_hash;

/// Release builds of the binary lay out first the functions that a short run executes
/// (`.ci/link-order.txt`, written by `.ci/link-order`, which says why): given to LLD, the linker
/// of Rust 1.90 and later on x86-64 Linux. Another linker, an older toolchain or
/// `ACI_CPTS_LINK_ORDER=0` builds without it, and the binary is the same but for its layout.
fn link_order() {
    const FILE: &str = ".ci/link-order.txt";
    println!("cargo:rerun-if-changed={FILE}");
    for var in [
        "ACI_CPTS_LINK_ORDER",
        "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let rustc = std::process::Command::new(var("RUSTC"))
        .arg("-vV")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    // `release: 1.95.0`: LLD by default from 1.90.
    let minor = rustc
        .lines()
        .find_map(|l| l.strip_prefix("release: 1."))
        .and_then(|v| v.split('.').next())
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(0);
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    let lld = var("TARGET") == "x86_64-unknown-linux-gnu"
        && minor >= 90
        && !flags.contains("linker")
        && !flags.contains("fuse-ld")
        && var("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER").is_empty();
    let path = std::path::Path::new(&var("CARGO_MANIFEST_DIR")).join(FILE);
    if lld && var("PROFILE") == "release" && var("ACI_CPTS_LINK_ORDER") != "0" && path.exists() {
        let bin = "cargo:rustc-link-arg-bin=aci-cpts";
        println!("{bin}=-Wl,--symbol-ordering-file={}", path.display());
        // A name the binary no longer has is skipped; `.ci/link-order --check` counts them.
        println!("{bin}=-Wl,--no-warn-symbol-ordering");
    }
}
