//! `tariffs check`, `tariffs diff`, tables from files, drafts that `extends` a shipped table,
//! `--strict`, and the JSON Schemas.

use crate::common::{bin, files, root, stderr_of_failure, stdout_of, stem};

fn check(args: &[&str]) -> (Option<i32>, String) {
    let out = bin()
        .arg("tariffs")
        .arg("check")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

#[test]
fn every_broken_table_fails_its_check_with_its_message() {
    let fixtures = files("tests/fixtures/tariffs", "toml");
    assert!(fixtures.len() >= 23, "fixtures lost: {fixtures:?}");
    for path in &fixtures {
        let p = path.to_str().expect("UTF-8 path");
        let (code, out) = check(&[p]);
        let name = stem(path);
        if name == "larger-band-gets-less" {
            // A warning: it passes, unless warnings are denied.
            assert_eq!(code, Some(0), "{p}: {out}");
            assert!(out.contains(": warning: "), "{out}");
            assert_eq!(check(&[p, "--deny-warnings"]).0, Some(1));
        } else {
            assert_eq!(code, Some(1), "{p} should fail: {out}");
            assert!(out.contains(": error: "), "{p}: {out}");
        }
        assert!(
            out.lines().next().unwrap_or("").starts_with(p),
            "{p}: located in its file: {out}"
        );
        insta::assert_snapshot!(format!("tariff-check-{name}"), out);
    }
}

#[test]
fn overlapping_in_force_periods_are_an_error() {
    let (code, out) = check(&[
        "tests/fixtures/tariffs/overlap/first.toml",
        "tests/fixtures/tariffs/overlap/second.toml",
    ]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!("tariff-check-overlap", out);
    // Each alone is fine.
    assert_eq!(
        check(&["tests/fixtures/tariffs/overlap/first.toml"]).0,
        Some(0)
    );
}

#[test]
fn the_same_table_twice_is_an_error() {
    let (code, out) = check(&["aci-2019", "tariffs/aci-2019.toml"]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("id `aci-2019` is already used by tariffs/aci-2019.toml"),
        "{out}"
    );
}

#[test]
fn shipped_tables_pass_with_warnings_denied_and_recompute_their_cross_checks() {
    let (code, out) = check(&["--deny-warnings"]);
    assert_eq!(code, Some(0), "{out}");
    // aci-2019 declares the four 2019 press totals (qdm-2019); avenant 2 the reference's four
    // cross-checks (brief 287 500, qdm-jo-2022 580 000, contract-t3 397 500, and the official T2
    // maximum of 362 500, ars-ara-2023).
    assert!(
        out.contains("tariffs/aci-2019.toml: ok (aci-2019, 4 cross-checks recomputed)"),
        "{out}"
    );
    assert!(
        out.contains("tariffs/aci-avenant-2.toml: ok (aci-avenant-2, 4 cross-checks recomputed)"),
        "{out}"
    );
    let (_, json) = check(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["error_count"], 0);
    assert_eq!(v["warning_count"], 0);
    assert_eq!(v["files"].as_array().map(Vec::len), Some(2));
}

#[test]
fn check_json_locates_every_problem() {
    let (_, json) = check(&[
        "tests/fixtures/tariffs/unknown-source.toml",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["file"], "tests/fixtures/tariffs/unknown-source.toml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(34), Some(57))
    );
    assert_eq!(d["severity"], "error");
}

/// A CI problem matcher reads `severity` whatever the language: in French the located line says
/// `erreur`, but JSON and CSV keep `error` (README, "Checking tables in CI").
#[test]
fn severity_for_programs_stays_the_same_in_french() {
    let file = "tests/fixtures/tariffs/unknown-source.toml";
    let (code, text) = check(&[file, "--lang", "fr"]);
    assert_eq!(code, Some(1));
    assert!(text.contains(&format!("{file}:34:57: erreur: ")), "{text}");
    let (_, json) = check(&[file, "--lang", "fr", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["files"][0]["diagnostics"][0]["severity"], "error");
    let (_, csv) = check(&[file, "--lang", "fr", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("file,line,column,severity,message,help"),
        "{csv}"
    );
    assert!(
        lines
            .next()
            .is_some_and(|row| row.starts_with(&format!("{file},34,57,error,"))),
        "{csv}"
    );
}

#[test]
fn ci_checks_the_shipped_tables() {
    let ci = std::fs::read_to_string(root().join(".ci/run")).expect(".ci/run");
    assert!(
        ci.contains("tariffs check"),
        ".ci/run runs `aci-cpts tariffs check`"
    );
}

#[test]
fn diff_of_the_two_shipped_versions() {
    insta::assert_snapshot!(
        "diff-2019-avenant-2",
        stdout_of(&["tariffs", "diff", "aci-2019", "aci-avenant-2"])
    );
    let json = stdout_of(&[
        "tariffs",
        "diff",
        "aci-2019",
        "aci-avenant-2",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let rows = v["rows"].as_array().expect("rows");
    // Avenant 2 raised accès aux soins for T2 from 92 000 to 100 000 (qdm-2019 → press): +6 000
    // on the volet fixe, +2 000 on the volet variable; and added the three crisis lines per band.
    let t2_fixed = rows
        .iter()
        .find(|r| r["line"] == "acces_aux_soins.fixed" && r["band"] == "T2")
        .expect("a T2 accès row");
    assert_eq!(t2_fixed["difference"], "6000.00");
    assert_eq!(rows.iter().filter(|r| r["status"] == "added").count(), 12);
    assert_eq!(rows.iter().filter(|r| r["status"] == "removed").count(), 0);
}

#[test]
fn diff_for_one_band_and_with_unchanged_rows() {
    let out = stdout_of(&[
        "tariffs",
        "diff",
        "aci-2019",
        "aci-avenant-2",
        "--band",
        "T2",
        "--all",
        "--format",
        "csv",
    ]);
    assert!(out.contains("parcours.fixed,Parcours pluriprofessionnels — volet fixe,T2,unchanged,35000.00,35000.00,0.00,estimate,estimate"), "{out}");
    assert!(!out.contains(",T3,"), "{out}");
    let out = bin()
        .args([
            "tariffs",
            "diff",
            "aci-2019",
            "aci-avenant-2",
            "--band",
            "T9",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
}

const DRAFT: &str = "examples/tariffs/draft-fongibilite.toml";

#[test]
fn a_draft_that_extends_a_shipped_table_end_to_end() {
    // It checks, with its own cross-check recomputed.
    let (code, out) = check(&[DRAFT, "--deny-warnings"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("draft-fongibilite, 1 cross-check recomputed"),
        "{out}"
    );
    // `show` works on the merged table: its override and what it inherits.
    let json = stdout_of(&["tariffs", "show", DRAFT, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let line = |key: &str| {
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["key"] == key)
            .unwrap()
            .clone()
    };
    assert_eq!(
        line("parcours.fixed")["amounts"]["T2"]["amount"],
        "40000.00"
    );
    assert_eq!(
        line("parcours.fixed")["amounts"]["T3"]["amount"],
        "45000.00"
    );
    assert_eq!(
        line("acces_aux_soins.fixed")["amounts"]["T3"]["source"],
        "contract-t3"
    );
    // `diff` shows exactly the two overrides.
    let diff = stdout_of(&[
        "tariffs",
        "diff",
        "aci-avenant-2",
        DRAFT,
        "--format",
        "json",
    ]);
    let d: serde_json::Value = serde_json::from_str(&diff).expect("JSON");
    assert_eq!(d["rows"].as_array().map(Vec::len), Some(2));
    // `simulate --tariff PATH` computes with it. examples/t2-year2.toml: parcours at 50 %:
    // fixed 40 000 + variable 30 000 × 0.5 = 15 000, instead of 35 000 + 17 500 under avenant 2:
    // 2 500 € more than the 241 050 of the shipped table (whose T2 crisis update is 13 500, derived
    // from the official T2 maximum, ars-ara-2023).
    let json = stdout_of(&[
        "simulate",
        "examples/t2-year2.toml",
        "--tariff",
        DRAFT,
        "--format",
        "json",
    ]);
    let s: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(s["tariff"], "draft-fongibilite");
    assert_eq!(s["totals"]["total"], "243550.00");
}

#[test]
fn errors_in_a_draft_point_into_the_draft() {
    let err = stderr_of_failure(&[
        "simulate",
        "examples/t2-year2.toml",
        "--tariff",
        "tests/fixtures/tariffs/extends-bad-band.toml",
    ]);
    assert!(
        err.contains("--> tests/fixtures/tariffs/extends-bad-band.toml:6:1"),
        "{err}"
    );
}

#[test]
fn tariff_option_takes_an_id_or_stdin() {
    let json = stdout_of(&[
        "simulate",
        "examples/aci2019-t1.toml",
        "--tariff",
        "aci-avenant-2",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["tariff"], "aci-avenant-2");
    // T1 under avenant 2 (no crisis mission run): 287 500 − 25 000 − 37 500 = 225 000.
    assert_eq!(v["totals"]["total"], "225000.00");
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "tariff_not_in_force")
    );

    let table = std::fs::read_to_string(root().join(DRAFT)).unwrap();
    let out = bin()
        .args([
            "simulate",
            "examples/t2-year2.toml",
            "--tariff",
            "-",
            "--format",
            "json",
        ])
        .write_stdin(table)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["totals"]["total"], "243550.00");

    let out = bin()
        .args([
            "simulate",
            "examples/t2-year2.toml",
            "--tariff",
            "aci-avenant-7",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("unknown tariff `aci-avenant-7`")
    );
}

#[test]
fn strict_refuses_results_on_unverified_figures() {
    // T2 amounts are estimates: the result is printed, then the run fails.
    let out = bin()
        .args(["simulate", "examples/t2-year2.toml", "--strict"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stdout).unwrap().contains("TOTAL DÛ"));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("--strict: this result rests on unverified figures (estimate_evidence)")
    );
    // A year starting after the table was last checked (2026-12-04).
    let out = bin()
        .args([
            "simulate",
            "examples/cash-multi-year.toml",
            "--at",
            "2027-04-01",
            "--strict",
        ])
        .output()
        .expect("runs");
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("table_not_checked_since")
    );
    // T3 figures from the real contract, a year inside the checked period: it passes.
    let out = bin()
        .args(["simulate", "examples/indicators.toml", "--strict"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn json_schemas_follow_the_types() {
    let scenario: serde_json::Value =
        serde_json::from_str(&stdout_of(&["schema", "scenario"])).expect("JSON");
    assert_eq!(scenario["additionalProperties"], false);
    assert_eq!(
        scenario["required"],
        serde_json::json!(["name", "members", "signed"])
    );
    // The territory: one of population, communes, epci (checked by the loader).
    for key in ["population", "communes", "epci"] {
        assert!(scenario["properties"][key].is_object(), "{key}");
    }
    let keys: Vec<&str> = scenario["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // Every top-level key of the template is in the schema.
    for line in crate::common::template().lines() {
        if let Some((key, _)) = line.split_once(" = ")
            && !key.starts_with('#')
            && !key.starts_with(' ')
            && line.starts_with(|c: char| c.is_ascii_lowercase())
            && ![
                "name",
                "achievement",
                "amount",
                "started",
                // An indicator's keys.
                "id",
                "measured",
                "paliers",
                "met",
            ]
            .contains(&key)
        {
            assert!(
                keys.contains(&key),
                "{key} missing from the scenario schema"
            );
        }
    }
    let missions = &scenario["properties"]["missions"]["propertyNames"]["enum"];
    assert!(
        missions
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("crises_sanitaires"))
    );
    let tariff: serde_json::Value =
        serde_json::from_str(&stdout_of(&["schema", "tariff"])).expect("JSON");
    assert!(tariff["properties"]["extends"].is_object());
    assert!(tariff["properties"]["cross_checks"].is_object());
}

#[test]
fn diff_shows_the_notice_avenant_2_adds() {
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "tariffs",
        "diff",
        "aci-2019",
        "aci-avenant-2",
        "--format",
        "json",
    ]))
    .unwrap();
    let notices = v["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0]["status"], "added");
    assert_eq!(notices[0]["from"], "2026-07-01");
    assert_eq!(notices[0]["source"], "lfss-2026");
    let show = stdout_of(&["tariffs", "show", "aci-avenant-2"]);
    assert!(
        show.contains("notices:\n  - from 2026-07-01: the LFSS for 2026 (article 63) obliges"),
        "{show}"
    );
}

/// `tariffs check` takes what a CI engineer gives it: a shipped id, a file, a folder of tables
/// (as `batch` takes folders); an unknown id is said as one, with the shipped ids and the
/// nearest; every finding speaks the language asked for.
#[test]
fn check_takes_ids_files_and_folders_and_speaks_french() {
    let run = |args: &[&str]| {
        let out = bin().args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, out) = run(&["tariffs", "check", "aci-2021", "--lang", "fr"]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("`aci-2021` n'est ni un fichier ni un barème livré"),
        "{out}"
    );
    assert!(
        out.contains(
            "les barèmes livrés sont aci-2019, aci-avenant-2 — vouliez-vous dire `aci-2019` ?"
        ),
        "{out}"
    );
    assert!(!out.contains("introuvable"), "{out}");
    let (code, out) = run(&["tariffs", "check", "tariffs", "--lang", "fr"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("tariffs/aci-2019.toml : ok"), "{out}");
    assert!(out.contains("tariffs/aci-avenant-2.toml : ok"), "{out}");
    assert!(
        out.ends_with("2 barèmes vérifiés : 0 erreur, 0 avertissement\n"),
        "{out}"
    );
    let (code, out) = run(&["tariffs", "check", "aci-2019"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.ends_with("1 table checked: 0 errors, 0 warnings\n"),
        "{out}"
    );
    // Two drafts with one id, in a folder: the cross-file finding, in French.
    let dir = tempfile::tempdir().unwrap();
    let draft = std::fs::read_to_string("examples/tariffs/draft-fongibilite.toml").unwrap();
    std::fs::write(dir.path().join("a.toml"), &draft).unwrap();
    std::fs::write(dir.path().join("b.toml"), &draft).unwrap();
    let (code, out) = run(&[
        "tariffs",
        "check",
        dir.path().to_str().unwrap(),
        "--lang",
        "fr",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("l'identifiant `draft-fongibilite` est déjà pris par"),
        "{out}"
    );
    assert!(
        out.contains("donnez à chaque barème son propre identifiant"),
        "{out}"
    );
    let empty = tempfile::tempdir().unwrap();
    let (code, out) = run(&[
        "tariffs",
        "check",
        empty.path().to_str().unwrap(),
        "--lang",
        "fr",
    ]);
    assert_eq!(code, Some(1));
    assert!(out.contains("ne contient aucun fichier .toml"), "{out}");
}

/// A user's draft is judged in the draft: one that sets its own start does not inherit the end
/// of the version it extends (aci-2019 ends 2022-03-31), and a table without a payment rule is
/// warned at its id by `tariffs check`, not discovered when `forecast` fails.
#[test]
fn drafts_are_judged_in_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("later.toml");
    std::fs::write(
        &draft,
        "extends = \"aci-2019\"\nid = \"later\"\ntitle = \"later\"\nin_force_from = 2030-01-01\nchecked_on = 2030-01-01\n",
    )
    .unwrap();
    let (code, out) = check(&[draft.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains("tariffs/aci-2019.toml"), "{out}");
    let shipped = std::fs::read_to_string("tariffs/aci-avenant-2.toml").unwrap();
    let start = shipped.find("\n[payments]").unwrap();
    let end = start + 1 + shipped[start + 1..].find("\n[").unwrap();
    let standalone = shipped[..start].to_string() + &shipped[end..];
    let standalone = standalone.replace("id = \"aci-avenant-2\"", "id = \"standalone\"");
    let path = dir.path().join("standalone.toml");
    std::fs::write(&path, &standalone).unwrap();
    let (_, out) = check(&[path.to_str().unwrap(), "--lang", "fr"]);
    let line = standalone[..standalone.find("id = \"standalone\"").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(
        out.contains(&format!(
            "standalone.toml:{line}:6: avertissement: le barème `standalone` n'a pas de règle [payments]"
        )),
        "{out}"
    );
}

/// A key missing from a table points to the tables' reference, not to the scenario template.
#[test]
fn a_missing_key_in_a_table_points_to_the_tables_reference() {
    let dir = tempfile::tempdir().unwrap();
    let draft = std::fs::read_to_string("examples/tariffs/draft-fongibilite.toml")
        .unwrap()
        .replacen("evidence = \"estimate\", note", "note", 1);
    let path = dir.path().join("no-evidence.toml");
    std::fs::write(&path, draft).unwrap();
    let (code, out) = check(&[path.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(out.contains("error: missing key `evidence`"), "{out}");
    assert!(out.contains("aci-cpts schema tariff"), "{out}");
    assert!(!out.contains("aci-cpts init"), "{out}");
}

/// A draft's amounts for three bands of one line, each with its own problem — a source that is
/// not text, an evidence level in French words, a band the table does not have — are each said
/// at their place in one run. Before, a problem found while reading one band's amount silenced
/// the checks of the whole mission, and the other two waited for the next run.
#[test]
fn each_band_of_a_line_is_checked_past_another_band_s_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.toml");
    std::fs::write(
        &path,
        "extends = \"aci-avenant-2\"\nid = \"my-draft\"\ntitle = \"Draft\"\n\
         [sources]\nmine = \"My assumption\"\n\
         [missions.parcours.fixed]\n\
         T2 = { amount = \"40000.00\", evidence = \"estimate\", source = 5 }\n\
         T3 = { amount = \"1.00\", evidence = \"estimé\", source = \"mine\" }\n\
         T5 = { amount = \"1.00\", evidence = \"estimate\" }\n",
    )
    .unwrap();
    let (code, out) = check(&[path.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{out}");
    for said in [
        "draft.toml:7:61: error: the whole number 5 does not fit",
        "draft.toml:8:36: error: unknown evidence level `estimé`",
        "draft.toml:9:1: error: `parcours.fixed` has an amount for `T5`",
        "1 table checked: 3 errors",
    ] {
        assert!(out.contains(said), "{said}: {out}");
    }
}

/// An evidence level written in French words (`officiel`, `estimation`, `déduit`), as the tool
/// shows them to French readers, or misspelt (`estimé`, `offical`), is named with the level a
/// table writes; a word near none gets the list.
#[test]
fn an_evidence_level_in_french_words_or_misspelt_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.toml");
    for (written, meant) in [
        ("officiel", Some("official")),
        ("Contrat", Some("contract")),
        ("presse", Some("press")),
        ("déduit", Some("derived")),
        ("estimation", Some("estimate")),
        ("estimé", Some("estimate")),
        ("note", Some("brief")),
        ("offical", Some("official")),
        ("rumeur", None),
    ] {
        std::fs::write(
            &path,
            format!(
                "extends = \"aci-avenant-2\"\nid = \"my-draft\"\n[sources]\nmine = \"Mine\"\n\
                 [missions.parcours.fixed]\n\
                 T2 = {{ amount = \"1.00\", evidence = \"{written}\", source = \"mine\" }}\n"
            ),
        )
        .unwrap();
        let (code, out) = check(&[path.to_str().unwrap()]);
        assert_eq!(code, Some(1), "{out}");
        assert!(
            out.contains(&format!(
                "draft.toml:6:36: error: unknown evidence level `{written}`"
            )),
            "{written}: {out}"
        );
        match meant {
            Some(meant) => assert!(
                out.contains(&format!("help: did you mean `{meant}`?")),
                "{written}: {out}"
            ),
            None => assert!(
                out.contains("help: use one of: official, contract"),
                "{written}: {out}"
            ),
        }
    }
}
