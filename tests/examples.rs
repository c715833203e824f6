//! Every file in `examples/` runs through the release-facing binary, and its table and JSON
//! outputs are snapshotted (like numbat's examples).

use crate::common::{bin, files, stdout_of, stem};

#[test]
fn every_example_is_snapshotted_as_table_and_json() {
    let examples = files("examples", "toml");
    assert!(examples.len() >= 12, "examples/ lost files: {examples:?}");
    for path in &examples {
        let p = path.to_str().expect("a UTF-8 path");
        let name = stem(path);
        let table = stdout_of(&["simulate", p]);
        insta::assert_snapshot!(format!("example-{name}-table"), table);
        let json = stdout_of(&["simulate", p, "--format", "json"]);
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(value["schema_version"], 1, "{p}");
        insta::assert_snapshot!(format!("example-{name}-json"), json);
    }
}

#[test]
fn examples_cover_every_band_of_every_version() {
    let mut seen = std::collections::BTreeSet::new();
    for path in files("examples", "toml") {
        let out = stdout_of(&[
            "simulate",
            path.to_str().expect("UTF-8"),
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        seen.insert(format!(
            "{} {}",
            v["tariff"].as_str().unwrap(),
            v["band"].as_str().unwrap()
        ));
    }
    for version in ["aci-2019", "aci-avenant-2"] {
        for band in ["T1", "T2", "T3", "T4"] {
            assert!(
                seen.contains(&format!("{version} {band}")),
                "no example for {version} {band}: {seen:?}"
            );
        }
    }
}

#[test]
fn the_other_formats_of_one_example() {
    let p = "examples/indicators.toml";
    insta::assert_snapshot!(
        "indicators-csv",
        stdout_of(&["simulate", p, "--format", "csv"])
    );
    insta::assert_snapshot!(
        "indicators-markdown",
        stdout_of(&["simulate", p, "--format", "markdown"])
    );
    let fr = stdout_of(&["simulate", p, "--csv-excel-fr"]);
    assert!(
        fr.starts_with('\u{feff}'),
        "the French CSV starts with a BOM"
    );
    // For a French spreadsheet: French headers and words, decimal comma.
    assert!(
        fr.contains("acces_aux_soins;Accès aux soins;volet fixe;90000,00;"),
        "{fr}"
    );
    assert!(
        fr.contains("id de mission;mission;volet;enveloppe;"),
        "{fr}"
    );
    // --lang en keeps English words in the French dialect.
    let en = stdout_of(&["simulate", p, "--csv-excel-fr", "--lang", "en"]);
    assert!(en.contains("mission id;mission;part;envelope;"), "{en}");
    assert_eq!(fr, stdout_of(&["simulate", p, "--format", "csv-excel-fr"]));
    insta::assert_snapshot!("indicators-csv-excel-fr", fr);
}

#[test]
fn csv_sends_warnings_to_stderr_so_none_is_silent() {
    let out = bin()
        .args(["simulate", "examples/t2-year2.toml", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(err.contains("[estimate_evidence]"), "{err}");
}
