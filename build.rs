//! Build script: the word catalogs (`src/catalog/*.toml`) flattened at build time into sorted
//! `(key, text)` arrays, so that no run parses them at start-up (a run looks a word up by binary
//! search); and the index of the shipped tariff tables (`tariffs/*.toml`: id, dates in force,
//! missions), so that a run parses only the tables it uses. The TOML files stay the source; tests
//! check the arrays and the index say what they say. And, for release builds, the order in which
//! the linker lays out the binary's functions (`link_order`).

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
    }
    let _ = std::fs::write(format!("{out_dir}/catalog_words.rs"), code);
    let _ = std::fs::write(format!("{out_dir}/tariff_index.rs"), tariff_index());
    let _ = std::fs::write(format!("{out_dir}/tariff_trees.rs"), tariff_trees());
}

/// Documents as flat static data (`crate::input::tree`): every value a `Sp` in one array, the
/// values of an array or a table side by side (a table's key then its value), every string a
/// range of one text. No pointer: nothing for the loader to relocate at every start.
#[derive(Default)]
struct Flat {
    nodes: Vec<String>,
    strings: String,
    known: std::collections::HashMap<String, (usize, usize)>,
}

impl Flat {
    /// Where a string is in the text (written once).
    fn string(&mut self, s: &str) -> (usize, usize) {
        if let Some(at) = self.known.get(s) {
            return *at;
        }
        let at = (self.strings.len(), self.strings.len() + s.len());
        self.strings.push_str(s);
        self.known.insert(s.to_string(), at);
        at
    }

    /// Room for `n` values side by side: the index of the first.
    fn room(&mut self, n: usize) -> usize {
        let first = self.nodes.len();
        self.nodes.resize(first + n, String::new());
        first
    }

    /// A TOML value, with its position, as the Rust expression of a `Sp`; `None` for what the
    /// tree does not hold (the table is then read from its text).
    fn node(&mut self, v: &toml::Spanned<toml::de::DeValue<'_>>) -> Option<String> {
        use toml::de::DeValue;
        let node = match v.get_ref() {
            DeValue::String(s) => {
                let (a, b) = self.string(s);
                format!("Node::Str({a}, {b})")
            }
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                format!(
                    "Node::Int({})",
                    i64::from_str_radix(&digits, i.radix()).ok()?
                )
            }
            DeValue::Float(f) => {
                let x: f64 = f.as_str().replace('_', "").parse().ok()?;
                if !x.is_finite() {
                    return None;
                }
                format!("Node::Float({x:?})")
            }
            DeValue::Boolean(b) => format!("Node::Bool({b})"),
            DeValue::Datetime(d) => {
                let (a, b) = self.string(&d.to_string());
                format!("Node::Datetime({a}, {b})")
            }
            DeValue::Array(items) => {
                let first = self.room(items.len());
                for (i, item) in items.iter().enumerate() {
                    self.nodes[first + i] = self.node(item)?;
                }
                format!("Node::Array({first}, {})", items.len())
            }
            DeValue::Table(t) => self.table(t)?,
        };
        Some(sp(v.span(), &node))
    }

    fn table(&mut self, t: &toml::de::DeTable<'_>) -> Option<String> {
        let first = self.room(2 * t.len());
        for (i, (k, v)) in t.iter().enumerate() {
            let (a, b) = self.string(k.get_ref());
            self.nodes[first + 2 * i] = sp(k.span(), &format!("Node::Str({a}, {b})"));
            self.nodes[first + 2 * i + 1] = self.node(v)?;
        }
        Some(format!("Node::Table({first}, {})", t.len()))
    }
}

fn sp(span: std::ops::Range<usize>, node: &str) -> String {
    format!(
        "Sp {{ span: ({}, {}), node: {node} }}",
        span.start, span.end
    )
}

/// Every shipped table's document, parsed now, as static data (`crate::input::tree`): a run reads
/// a table from it without parsing TOML. A table whose text does not parse has no tree: a run
/// reads its text, and says its errors.
fn tariff_trees() -> String {
    let mut flat = Flat::default();
    let mut roots = Vec::new();
    for name in SHIPPED_TABLES {
        let file = format!("tariffs/{name}.toml");
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let before = (flat.nodes.len(), flat.strings.len(), flat.known.clone());
        let root = toml::de::DeTable::parse(&text).ok().and_then(|doc| {
            let body = flat.table(doc.get_ref())?;
            flat.nodes.push(sp(doc.span(), &body));
            Some(flat.nodes.len() - 1)
        });
        if root.is_none() {
            // What a document that failed half-way wrote is dropped.
            flat.nodes.truncate(before.0);
            flat.strings.truncate(before.1);
            flat.known = before.2;
        }
        roots.push(format!("    ({file:?}, {root:?}),"));
    }
    format!(
        "/// Shipped tables' documents, parsed at build time: (file, index of its root in \
         `TREE_NODES`).\n\
         pub static TARIFF_TREES: &[(&str, Option<usize>)] = &[\n{}\n];\n\
         /// Their values.\n\
         pub static TREE_NODES: [Sp; {}] = [\n{}\n];\n\
         /// Their strings.\n\
         pub static TREE_STRINGS: &str = {:?};\n",
        roots.join("\n"),
        flat.nodes.len(),
        flat.nodes.join(",\n"),
        flat.strings,
    )
}

/// The shipped tables (`tariffs/ID.toml`); a test checks they are `input::tariff::SHIPPED`.
const SHIPPED_TABLES: [&str; 2] = ["aci-2019", "aci-avenant-2"];

/// A TOML date as `(year, month, day)`, for the index.
fn date(v: Option<&toml::Value>) -> Option<(i32, u32, u32)> {
    let d = v?.as_datetime()?.date?;
    Some((i32::from(d.year), u32::from(d.month), u32::from(d.day)))
}

/// What a run needs to know of each shipped table before reading it: its file, id, first and
/// last day in force, whether it extends another, and its missions. A table whose index cannot
/// be read is indexed without dates: it is read, and its errors said, when a run needs it.
fn tariff_index() -> String {
    let mut code = String::from(
        "/// Shipped tables: (file, id, in force from, in force to, extends another, missions).\n\
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
            "    ({file:?}, {id:?}, {:?}, {:?}, {}, &{missions:?}),",
            date(table.get("in_force_from")),
            date(table.get("in_force_to")),
            table.contains_key("extends"),
        );
    }
    code.push_str("];\n");
    code
}

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
