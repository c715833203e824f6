//! The layers of the tree, checked on every file: dependencies point one way (cli → app →
//! input → engine → report → render, all on model and on the words and their formatter,
//! `catalog`), so render never imports cli, input never reaches into the engine or the reports,
//! and the engine never words or formats anything.

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
    let all = [
        "model", "catalog", "engine", "input", "report", "render", "cli", "app",
    ];
    let allowed: [(&str, &[&str]); 8] = [
        ("model", &["model"]),
        ("catalog", &["catalog", "model"]),
        ("engine", &["model", "engine"]),
        ("input", &["input", "model", "catalog"]),
        ("report", &["model", "engine", "report", "catalog"]),
        ("render", &["model", "render", "report", "catalog"]),
        ("cli", &["catalog", "model"]),
        ("app", &all),
    ];
    // Every folder (and file) of src/ is a layer checked here, but the crate's two roots.
    let layers: std::collections::BTreeSet<String> = std::fs::read_dir(root().join("src"))
        .expect("src")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "rs"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|name| !["lib", "main", "geo"].contains(&name.as_str()))
        .collect();
    let checked: std::collections::BTreeSet<String> =
        allowed.iter().map(|(l, _)| l.to_string()).collect();
    assert_eq!(layers, checked, "a layer of src/ is not checked");
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
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(root().join("src/engine"))
        .expect("the engine's folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    assert!(files.len() >= 13, "{files:?}");
    for path in files {
        let file = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("source");
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
