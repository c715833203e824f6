//! The layers of the tree, checked: dependencies point one way (cli → app → input → engine →
//! report → render, all on model), so render never imports cli and the engine never words or
//! formats anything.

use crate::common::root;
use std::collections::BTreeSet;

/// The `crate::LAYER` paths used by the files of a layer (a folder, or one file).
fn uses(layer: &str) -> BTreeSet<String> {
    let dir = root().join("src").join(layer);
    let files: Vec<std::path::PathBuf> = if dir.is_dir() {
        std::fs::read_dir(&dir)
            .expect("a folder")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect()
    } else {
        vec![root().join("src").join(format!("{layer}.rs"))]
    };
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("a source file");
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn dependencies_point_one_way() {
    let allowed: [(&str, &[&str]); 7] = [
        ("model", &["model"]),
        ("engine", &["model", "engine"]),
        ("catalog", &["catalog"]),
        ("report", &["model", "engine", "report", "catalog"]),
        ("render", &["model", "render", "report", "catalog"]),
        ("input", &["input", "model", "engine", "report", "catalog"]),
        ("cli", &["catalog"]),
    ];
    for (layer, ok) in allowed {
        let bad: Vec<String> = uses(layer)
            .into_iter()
            .filter(|u| !ok.contains(&u.as_str()))
            .collect();
        assert!(bad.is_empty(), "src/{layer} uses {bad:?}");
    }
}

#[test]
fn the_engine_has_no_words_for_warnings_and_no_formatting() {
    for file in [
        "warnings.rs",
        "sweep.rs",
        "check.rs",
        "simulate.rs",
        "lines.rs",
    ] {
        let text = std::fs::read_to_string(root().join("src/engine").join(file)).expect("source");
        for banned in [
            "french",
            "format::",
            "catalog",
            "eprintln",
            "println",
            "std::fs",
            "SystemTime",
        ] {
            assert!(!text.contains(banned), "src/engine/{file} has `{banned}`");
        }
    }
}
