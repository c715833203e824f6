//! In French: every example and every error fixture through the binary in both languages, with
//! no word missing; the language chosen by `--lang` or the environment; dates for people in
//! French form, ISO in JSON; JSON keys and warning codes unchanged.

use crate::common::{bin, files, says_each};
use aci_cpts::catalog::MISSING;

/// Runs the binary: exit code, standard output, standard error.
fn run(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut cmd = bin();
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_example_and_every_error_in_both_languages_has_all_its_words() {
    let mut cases: Vec<Vec<String>> = Vec::new();
    for f in files("examples", "toml") {
        let f = f.to_string_lossy().into_owned();
        for extra in [&[][..], &["--explain"][..], &["--format", "markdown"][..]] {
            let mut c = vec!["simulate".to_string(), f.clone()];
            c.extend(extra.iter().map(|s| s.to_string()));
            cases.push(c);
        }
        cases.push(vec!["forecast".into(), f.clone()]);
        cases.push(vec![
            "calendar".into(),
            f.clone(),
            "--today".into(),
            "2026-06-01".into(),
        ]);
    }
    for f in files("tests/fixtures/invalid", "toml") {
        cases.push(vec!["simulate".into(), f.to_string_lossy().into_owned()]);
    }
    for f in files("tests/fixtures/tariffs", "toml") {
        cases.push(vec![
            "tariffs".into(),
            "check".into(),
            f.to_string_lossy().into_owned(),
        ]);
    }
    for c in [
        "batch examples/region",
        "batch examples/region/portfolio.csv --cash 2026",
        "risk examples/region --draws 20 --cash 2026",
        "compare examples/t3-year5.toml --tariff aci-2019 --against aci-avenant-2",
        "sweep examples/t3-year5.toml --vary members=90:110:5",
        "tariffs list",
        "tariffs show aci-avenant-2",
        "tariffs diff aci-2019 aci-avenant-2",
        "init -",
        "simulate no-such-file.toml",
        "compare examples/t3-year5.toml",
    ] {
        cases.push(c.split(' ').map(str::to_string).collect());
    }
    for case in &cases {
        let args: Vec<&str> = case.iter().map(String::as_str).collect();
        let mut codes = Vec::new();
        for lang in ["en", "fr"] {
            let mut with = args.clone();
            with.extend(["--lang", lang]);
            let (code, out, err) = run(&with, &[]);
            assert!(
                !out.contains(MISSING) && !err.contains(MISSING),
                "a word is missing in {lang}: {args:?}\n{out}\n{err}"
            );
            codes.push(code);
        }
        assert_eq!(
            codes[0], codes[1],
            "the same outcome in both languages: {args:?}"
        );
    }
}

#[test]
fn french_is_chosen_by_the_flag_or_the_environment_and_dates_read_the_french_way() {
    let p = "examples/t3-year5.toml";
    let (_, by_flag, _) = run(&["simulate", p, "--lang", "fr"], &[]);
    let (_, by_env, _) = run(&["simulate", p], &[("LANG", "fr_FR.UTF-8")]);
    assert_eq!(by_flag, by_env);
    assert!(
        by_flag.starts_with("CPTS du Val : année de contrat 5 (15/04/2026 → 14/04/2027)"),
        "{by_flag}"
    );
    assert!(by_flag.contains("TOTAL DÛ"), "{by_flag}");
    assert!(by_flag.contains("avertissements (1) :"), "{by_flag}");
    // --lang wins over the environment, LC_ALL over LANG.
    let (_, en, _) = run(&["simulate", p, "--lang", "en"], &[("LANG", "fr_FR.UTF-8")]);
    assert!(
        en.contains("contract year 5 (2026-04-15 → 2027-04-14)"),
        "{en}"
    );
    let (_, all, _) = run(
        &["simulate", p],
        &[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")],
    );
    assert_eq!(all, en);
}

#[test]
fn json_keys_warning_codes_and_iso_dates_stay_for_programs() {
    let p = "examples/t3-year5.toml";
    let (_, en, _) = run(&["simulate", p, "--format", "json", "--lang", "en"], &[]);
    let (_, fr, _) = run(&["simulate", p, "--format", "json", "--lang", "fr"], &[]);
    let (en, fr): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&en).unwrap(),
        serde_json::from_str(&fr).unwrap(),
    );
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&en), keys(&fr));
    assert_eq!(en["totals"], fr["totals"]);
    assert_eq!(fr["contract_year"]["from"], "2026-04-15");
    let codes = |v: &serde_json::Value| -> Vec<String> {
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes(&en), codes(&fr));
    // The messages, for people, are in French.
    assert!(
        fr["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("montants"),
        "{fr}"
    );
}

#[test]
fn errors_and_their_help_are_in_french() {
    let (code, _, err) = run(
        &[
            "simulate",
            "tests/fixtures/invalid/population-zero.toml",
            "--lang",
            "fr",
        ],
        &[],
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains("erreur : la population doit aller de 1 à"),
        "{err}"
    );
    assert!(
        err.contains("= aide : donnez le nombre d'habitants"),
        "{err}"
    );
    assert!(err.contains("population-zero.toml:"), "located: {err}");
}

#[test]
fn a_table_s_notice_reads_in_french_when_the_table_gives_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late.toml");
    // Contract year 2 starts on 2026-09-01, after the notice of aci-avenant-2 (from 2026-07-01).
    std::fs::write(
        &path,
        "name = \"CPTS tardive\"\npopulation = 92000\nmembers = 80\nsigned = 2025-09-01\ncontract_year = 2\n\n[missions.acces_aux_soins]\nachievement = 1\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let json = |lang: &str| -> serde_json::Value {
        let (_, out, _) = run(&["simulate", p, "--format", "json", "--lang", lang], &[]);
        serde_json::from_str(&out).unwrap()
    };
    let notice = |v: &serde_json::Value| {
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["code"] == "table_notice")
            .map(|w| w["message"].as_str().unwrap().to_string())
            .expect("the notice is said")
    };
    assert!(notice(&json("fr")).contains("la LFSS pour 2026 (article 63) oblige l'Uncam à ouvrir"));
    assert!(
        notice(&json("en")).contains("the LFSS for 2026 (article 63) obliges the Uncam to open")
    );
}

/// Sources and evidence read in the reader's language: a table's source carries `text_fr`, as
/// notices do, and the workbook's tariff sheet (Barème) and `tariffs show` give it to French readers;
/// every view says an evidence level with the one word of the catalog (`presse`, never
/// `press`).
#[test]
fn sources_and_evidence_read_in_french() {
    use calamine::{Data, Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("budget.xlsx");
    let (code, _, err) = run(
        &[
            "report",
            "examples/t3-year5.toml",
            "--lang",
            "fr",
            "--output",
            path.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code, Some(0), "{err}");
    let mut book = open_workbook_auto(&path).unwrap();
    let sources = book.worksheet_range("Barème").unwrap();
    let texts: Vec<String> = sources
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    // contract-t3 (tariffs/aci-avenant-2.toml): its French wording, not its English citation.
    assert!(
        texts.iter().any(|s| s.starts_with("Un contrat T3 réel")),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|s| s.starts_with("A real T3 contract")));
    assert!(!texts.iter().any(|s| s == "contract-t3"), "no source key");
    assert!(texts.iter().any(|s| s == "presse"));
    let (_, shown, _) = run(&["tariffs", "show", "aci-avenant-2", "--lang", "fr"], &[]);
    assert!(shown.contains("Un contrat T3 réel"), "{shown}");
    let (_, english, _) = run(&["tariffs", "show", "aci-avenant-2", "--lang", "en"], &[]);
    assert!(english.contains("A real T3 contract"), "{english}");
    let (_, explained, _) = run(
        &[
            "simulate",
            "examples/t3-year5.toml",
            "--explain",
            "--lang",
            "fr",
        ],
        &[],
    );
    assert!(explained.contains("fiabilité presse"), "{explained}");
    assert!(!explained.contains("fiabilité press,"), "{explained}");
}

/// The forecast's CSV for a French spreadsheet names its views in words (`année de contrat`,
/// `année civile`); the CSV for programs keeps the codes.
#[test]
fn the_forecast_csv_for_a_french_spreadsheet_has_no_code() {
    let (_, excel, _) = run(
        &[
            "forecast",
            "examples/t3-year5.toml",
            "--csv-excel-fr",
            "--lang",
            "fr",
        ],
        &[],
    );
    let views: Vec<&str> = excel
        .lines()
        .skip(1)
        .map(|l| l.split(';').next().unwrap())
        .collect();
    assert!(
        views.contains(&"année de contrat") && views.contains(&"année civile"),
        "{excel}"
    );
    assert!(
        !excel.contains("contract_year") && !excel.contains("civil_year"),
        "{excel}"
    );
    let (_, plain, _) = run(
        &["forecast", "examples/t3-year5.toml", "--format", "csv"],
        &[],
    );
    assert!(
        plain
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("contract_year,1,"),
        "{plain}"
    );
}

/// A version forced where it is not in force is said with where it was forced: on the command
/// line (`--against`, `--tariff`) or by the scenario's `tariff`.
#[test]
fn a_forced_version_says_who_forced_it() {
    let (code, out, err) = run(
        &[
            "compare",
            "examples/t3-year5.toml",
            "--against",
            "aci-2019",
            "--lang",
            "fr",
        ],
        &[],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("le barème aci-2019 est imposé en ligne de commande (--tariff ou --against)"),
        "{out}"
    );
    assert!(!out.contains("imposé par le scénario"), "{out}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forced.toml");
    let text = std::fs::read_to_string("examples/t3-year5.toml").unwrap();
    std::fs::write(&path, format!("tariff = \"aci-2019\"\n{text}")).unwrap();
    let (_, out, _) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
    assert!(
        out.contains("le barème aci-2019 est imposé par le scénario mais n'est pas en vigueur"),
        "{out}"
    );
}

/// The usual French ways of writing a number, a date or a percentage in a scenario are each
/// said as such, with the line to write, all in one run (not TOML's "string values must be
/// quoted").
#[test]
fn french_ways_of_writing_values_are_named_with_the_line_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cpts.toml");
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 95 000\nmembers = 10\nsigned = 01/03/2023\n\n\
         [missions.parcours]\nachievement = 60%\n\n[missions.prevention]\nachievement = 0,6\n",
    )
    .unwrap();
    let (code, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
    assert_eq!(code, Some(1));
    says_each(
        &err,
        &[
            (
                "`95 000` : un nombre s'écrit sans espace entre les milliers",
                "écrivez population = 95000",
                "cpts.toml:2:14",
            ),
            (
                "`01/03/2023` : une date s'écrit année-mois-jour",
                "écrivez signed = 2023-03-01",
                "cpts.toml:4:10",
            ),
            (
                "`60%` : un pourcentage s'écrit entre guillemets",
                "écrivez achievement = \"60%\"",
                "cpts.toml:7:15",
            ),
            (
                "`0,6` : les décimales se séparent par un point",
                "écrivez achievement = 0.6",
                "cpts.toml:10:15",
            ),
        ],
    );
    assert!(err.contains("4 problèmes"), "{err}");
    assert!(!err.contains("string values must be quoted"), "{err}");
    // The fixed file reads.
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 95000\nmembers = 10\nsigned = 2023-03-01\n\n\
         [missions.parcours]\nachievement = \"60%\"\n\n[missions.prevention]\nachievement = 0.6\n",
    )
    .unwrap();
    let (code, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
    assert_eq!(code, Some(0), "{err}");
}

/// Thousands apart by points, as some write them: `1.200.000` is not TOML and `95.000` reads as
/// a decimal; each is said as written, with the whole number to write, in one run.
#[test]
fn thousands_apart_by_points_are_said_with_the_number_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cpts.toml");
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 1.200.000\nmembers = 1.200\nsigned = 2023-03-01\n\n\
         [missions.parcours]\nachievement = 0.600\n",
    )
    .unwrap();
    let (code, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
    assert_eq!(code, Some(1));
    says_each(
        &err,
        &[
            (
                "`1.200.000` : un nombre s'écrit sans point entre les milliers",
                "écrivez population = 1200000",
                "cpts.toml:2:14",
            ),
            (
                "le nombre décimal 1.200 ne convient pas : un nombre entier était attendu",
                "si le point sépare les milliers, écrivez 1200",
                "cpts.toml:3:11",
            ),
        ],
    );
    // A fraction written with three decimals is a fraction: nothing said of it.
    assert!(err.contains("2 problèmes"), "{err}");
    let (_, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "en"], &[]);
    assert!(
        err.contains("`1.200.000`: a number is written without points between the thousands"),
        "{err}"
    );
    assert!(
        err.contains("if the point separates the thousands, write 1200"),
        "{err}"
    );
}

/// What a word processor or a form leaves in a file — curly quotes, a number in quotes, a date
/// without its zeros — is said as such, with the line to write.
#[test]
fn a_word_processor_s_quotes_and_quoted_numbers_are_said_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cpts.toml");
    std::fs::write(
        &path,
        "name = \u{201c}CPTS du Val\u{201d}\npopulation = \"95 000\"\nmembers = \"40\"\n\
         signed = 2023-3-1\n",
    )
    .unwrap();
    let (code, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
    assert_eq!(code, Some(1));
    says_each(
        &err,
        &[
            (
                "`\u{201c}CPTS du Val\u{201d}` : un texte s'écrit entre guillemets droits",
                "écrivez name = \"CPTS du Val\"",
                "cpts.toml:1:8",
            ),
            (
                "le texte « 95 000 » ne convient pas : un nombre entier était attendu",
                "un nombre s'écrit sans guillemets : écrivez 95000",
                "cpts.toml:2:14",
            ),
            (
                "le texte « 40 » ne convient pas : un nombre entier était attendu",
                "un nombre s'écrit sans guillemets : écrivez 40",
                "cpts.toml:3:11",
            ),
            (
                "`2023-3-1` : une date s'écrit année-mois-jour, le mois et le jour sur deux chiffres",
                "écrivez signed = 2023-03-01",
                "cpts.toml:4:10",
            ),
        ],
    );
    assert!(err.contains("4 problèmes"), "{err}");
    // French quotation marks too.
    std::fs::write(
        &path,
        "name = \u{ab}\u{a0}CPTS du Val\u{a0}\u{bb}\npopulation = 95000\nmembers = 40\n\
         signed = 2023-03-01\n",
    )
    .unwrap();
    let (_, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "en"], &[]);
    assert!(
        err.contains("text is written between straight quotes"),
        "{err}"
    );
    assert!(err.contains("write name = \"CPTS du Val\""), "{err}");
}

/// A number with its unit, a French yes or no and a key with accents are said with the line to
/// write; a misspelt key
/// is said once, as misspelt, not a second time as the key it misses.
#[test]
fn units_accents_and_misspelt_keys_are_each_said_once_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cpts.toml");
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 95000 habitants\nmembres = 40\nsigned = 2023-03-01\n\n\
         renewed = non\n\n[missions.accès_aux_soins]\nachievement = 0.8\n\n[missions.parcours]\n\
         achievement = 0.8\n",
    )
    .unwrap();
    let (code, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
    assert_eq!(code, Some(1));
    says_each(
        &err,
        &[
            (
                "`95000 habitants` : un nombre s'écrit sans son unité",
                "écrivez population = 95000",
                "cpts.toml:2:14",
            ),
            (
                "clé inconnue `membres`",
                "vouliez-vous dire `members` ?",
                "cpts.toml:3:1",
            ),
            (
                "`non` : oui et non s'écrivent true et false",
                "écrivez renewed = false",
                "cpts.toml:6:11",
            ),
            (
                "`accès_aux_soins` : une clé s'écrit sans accents",
                "écrivez [missions.acces_aux_soins]",
                "cpts.toml:8:11",
            ),
        ],
    );
    assert!(!err.contains("il manque la clé `members`"), "{err}");
    assert!(err.contains("4 problèmes"), "{err}");
    // A key that is missing, with no key spelt like it, is still said.
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 95000\nsigned = 2023-03-01\n",
    )
    .unwrap();
    let (_, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
    assert!(err.contains("il manque la clé `members`"), "{err}");
}

/// A yes or a no in English words or another case (`yes`, `No`, `True`) gets the same help as a
/// French one, by the rule a portfolio's cells are read with: before, `True` was told to be
/// quoted, as text.
#[test]
fn a_yes_or_a_no_in_any_words_is_told_to_be_true_or_false() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cpts.toml");
    for (written, fixed) in [("yes", "true"), ("No", "false"), ("True", "true")] {
        std::fs::write(
            &path,
            format!(
                "name = \"x\"\npopulation = 95000\nmembers = 40\nsigned = 2023-03-01\n\
                 renewed = {written}\n"
            ),
        )
        .unwrap();
        let (code, _, err) = run(&["simulate", path.to_str().unwrap()], &[]);
        assert_eq!(code, Some(1));
        says_each(
            &err,
            &[(
                &format!("`{written}`: yes and no are written true and false"),
                &format!("write renewed = {fixed}"),
                "cpts.toml:5:11",
            )],
        );
    }
}

/// The command line takes dates as French readers write them, as the README tells them, and
/// speaks French when it refuses something, clap's own errors included.
#[test]
fn the_command_line_takes_french_dates_and_refuses_in_french() {
    let p = "examples/t3-year5.toml";
    let (code, french, _) = run(
        &["simulate", p, "--at", "04/12/2026", "--format", "json"],
        &[],
    );
    assert_eq!(code, Some(0));
    let (_, iso, _) = run(
        &["simulate", p, "--at", "2026-12-04", "--format", "json"],
        &[],
    );
    assert_eq!(french, iso);
    let (code, out, _) = run(
        &[
            "calendar",
            p,
            "--from",
            "01/01/2027",
            "--to",
            "31/03/2027",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(code, Some(0));
    assert!(out.contains("\"from\": \"2027-01-01\""), "{out}");
    for (args, said) in [
        (
            &["simulate", p, "--at", "31/02/2026"][..],
            "erreur : `31/02/2026` ne convient pas à --at <AAAA-MM-JJ> : `31/02/2026` n'est pas un jour du calendrier",
        ),
        (
            &["simulte", p][..],
            "erreur : commande inconnue `simulte`\n  = aide : vouliez-vous dire `simulate` ?",
        ),
        (
            &["simulate", p, "--fromat", "json"][..],
            "erreur : option inconnue `--fromat`\n  = aide : vouliez-vous dire `--format` ?",
        ),
        (
            &["simulate"][..],
            "erreur : il manque <SCÉNARIO>\n  = aide : voir `aci-cpts simulate --help`",
        ),
    ] {
        let mut all = args.to_vec();
        all.extend(["--lang", "fr"]);
        let (code, _, err) = run(&all, &[]);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(err.contains(said), "{args:?}: {err}");
        // The same in a French environment, without --lang.
        let (_, _, by_env) = run(args, &[("LANG", "fr_FR.UTF-8")]);
        assert_eq!(by_env, err, "{args:?}");
    }
}

/// A misspelt key or mission is said in the reader's words, with the one meant: not serde's
/// "unknown field …, expected one of …".
#[test]
fn a_misspelt_key_or_mission_gets_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typos.toml");
    std::fs::write(
        &path,
        "name = \"x\"\npopulaton = 95000\nmembers = 10\nsigned = 2024-01-01\n\
         [missions.prevention]\nachievment = 1\n",
    )
    .unwrap();
    let (code, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("erreur : clé inconnue `populaton`"), "{err}");
    assert!(
        err.contains("aide : vouliez-vous dire `population` ? (clés possibles : name, population,"),
        "{err}"
    );
    assert!(err.contains("erreur : clé inconnue `achievment`"), "{err}");
    assert!(err.contains("vouliez-vous dire `achievement` ?"), "{err}");
    assert!(!err.contains("unknown field"), "{err}");
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 95000\nmembers = 10\nsigned = 2024-01-01\n\
         [missions.parcour]\nachievement = 1\n",
    )
    .unwrap();
    let (_, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
    assert!(err.contains("mission inconnue `parcour`"), "{err}");
    assert!(
        err.contains("aide : vouliez-vous dire `parcours` ?"),
        "{err}"
    );
}

/// Text without quotes and a key without a value are said as such, in the reader's words, with
/// the line to write — not TOML's "string values must be quoted, expected literal string".
#[test]
fn bare_text_and_empty_values_are_said_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bare.toml");
    std::fs::write(
        &path,
        "name = CPTS du Val\npopulation =\nmembers = 3\nsigned = 2024-01-01\n",
    )
    .unwrap();
    let (code, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("`CPTS du Val` : un texte s'écrit entre guillemets"),
        "{err}"
    );
    assert!(
        err.contains("aide : écrivez name = \"CPTS du Val\""),
        "{err}"
    );
    assert!(err.contains("bare.toml:1:8"), "{err}");
    assert!(
        err.contains("`population` n'a pas de valeur après `=`"),
        "{err}"
    );
    assert!(err.contains("bare.toml:2:12"), "{err}");
    assert!(!err.contains("string values must be quoted"), "{err}");
}

/// A value of the wrong type is said in the reader's words — what was found, what was expected —
/// not serde's "invalid type: string …".
#[test]
fn a_value_of_the_wrong_type_is_said_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("types.toml");
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 50000\nmembers = \"dix\"\nsigned = 2024-01-01\nrenewed = \"oui\"\n\
         contract_year = 99999999999999999999\ncrisis_recognised = { year = 2 }\n\
         [missions.parcours]\nachievement = [0.5, true]\n",
    )
    .unwrap();
    let (_, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
    // Every value of the wrong type is said, in one run, each at its line.
    assert!(err.contains("erreur : 5 problèmes"), "{err}");
    assert!(
        err.contains("le nombre 99999999999999999999 est bien trop grand"),
        "{err}"
    );
    // What the crate's own value types expect is said in French too, not after serde's English.
    assert!(
        err.contains("la valeur true ne convient pas : attendu : un nombre entre 0 et 1"),
        "{err}"
    );
    assert!(err.contains("une table ne convient pas : "), "{err}");
    assert!(!err.contains("expected"), "{err}");
    assert!(
        err.contains("le texte « dix » ne convient pas : un nombre entier était attendu"),
        "{err}"
    );
    assert!(
        err.contains("le texte « oui » ne convient pas : true ou false était attendu"),
        "{err}"
    );
    assert!(!err.contains("invalid type"), "{err}");
}

/// Every text `--help` shows has its French in the catalog, and the catalog has no French for a
/// text the command line no longer has.
#[test]
fn the_command_line_has_its_french() {
    use clap::CommandFactory;
    let (missing, unused) = aci_cpts::app::usage::untranslated(aci_cpts::cli::Cli::command());
    assert!(
        missing.is_empty(),
        "no French in src/catalog/fr.toml: {missing:?}"
    );
    assert!(
        unused.is_empty(),
        "French for no text of the command line: {unused:?}"
    );
}

/// `--help` in French, chosen by the flag or the environment: clap's own words too (the usage
/// line, the headings, the help flag, possible values and defaults); English unchanged.
#[test]
fn help_is_in_french_when_the_language_is() {
    for (args, env) in [
        (vec!["--help", "--lang", "fr"], vec![]),
        (vec!["risk", "--help"], vec![("LANG", "fr_FR.UTF-8")]),
        (vec!["risk", "-h"], vec![("LC_ALL", "fr_FR.UTF-8")]),
        (vec!["tariffs", "check", "--help", "--lang", "fr"], vec![]),
    ] {
        let (code, out, _) = run(&args, &env);
        assert_eq!(code, Some(0), "{args:?}");
        assert!(
            out.contains("Utilisation\u{a0}: aci-cpts"),
            "{args:?}: {out}"
        );
        assert!(out.contains("Options :"), "{args:?}: {out}");
        assert!(out.contains("Afficher l'aide"), "{args:?}: {out}");
        for english in [
            "Usage:",
            "Options:",
            "Commands:",
            "Print help",
            "Possible values",
            "possible values:",
            "[default:",
            "Examples:",
        ] {
            assert!(!out.contains(english), "{args:?} says `{english}`: {out}");
        }
    }
    // Its arguments before its options, and in their order, as in English.
    let (_, out, _) = run(&["simulate", "--help", "--lang", "fr"], &[]);
    let place = |heading: &str| out.find(heading).unwrap_or(usize::MAX);
    assert!(place("Arguments :") < place("Options :"), "{out}");
    let (_, out, _) = run(&["tariffs", "diff", "--help", "--lang", "fr"], &[]);
    let place = |heading: &str| out.find(heading).unwrap_or(usize::MAX);
    assert!(place("  <ANCIEN>") < place("  <NOUVEAU>"), "{out}");
    assert!(place("  <NOUVEAU>") < place("Options :"), "{out}");
    let (_, out, _) = run(&["risk", "--help", "--lang", "fr"], &[]);
    assert!(out.contains("Tirages par CPTS"), "{out}");
    assert!(out.contains("[par défaut\u{a0}: 1000]"), "{out}");
    assert!(
        out.contains("- csv-excel-fr : CSV pour un tableur français"),
        "{out}"
    );
    let (_, out, _) = run(
        &["risk", "--help", "--lang", "en"],
        &[("LANG", "fr_FR.UTF-8")],
    );
    assert!(out.contains("Usage: aci-cpts risk"), "{out}");
    assert!(out.contains("Draws per CPTS"), "{out}");
    assert!(out.contains("[default: 1000]"), "{out}");
}

/// The TOML parser's own syntax messages, in French from the catalog; English as the parser says
/// them.
#[test]
fn syntax_errors_are_said_in_french() {
    let dir = tempfile::tempdir().unwrap();
    for (line, fr, en) in [
        (
            "signed = 2026-13-01",
            "date invalide ; attendu : mois entre 01 et 12",
            "invalid date, expected month between 01 and 12",
        ),
        (
            "communes = [\"93064\" \"93077\"]",
            "il manque une virgule entre les éléments de la liste ; attendu : `,`",
            "missing comma between array elements, expected `,`",
        ),
        (
            "name = \"x\" y",
            "clé ou valeur inattendue ; attendu : un saut de ligne ou `#`",
            "unexpected key or value, expected newline, `#`",
        ),
        (
            "[missions",
            "en-tête de table non fermé ; attendu : `]`",
            "unclosed table, expected `]`",
        ),
        // The dates' and times' own words (`toml_datetime`'s).
        (
            "signed = 2026-03-01T1:00",
            "heure invalide ; attendu : une heure sur deux chiffres (HH)",
            "invalid time, expected a two-digit hour (HH)",
        ),
        (
            "signed = 2026-03-01T10:00:00+5",
            "décalage horaire invalide ; attendu : `:` (HH:MM)",
            "invalid time offset, expected `:` (HH:MM)",
        ),
        (
            "signed = 1979-05-27T07:32:00Zx",
            "date et heure invalides",
            "invalid date and time",
        ),
    ] {
        let path = dir.path().join("s.toml");
        std::fs::write(&path, format!("members = 10\n{line}\n")).unwrap();
        let (code, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "fr"], &[]);
        assert_eq!(code, Some(1));
        assert!(err.contains(&format!("erreur : {fr}\n")), "{line}: {err}");
        assert!(
            err.contains("aide : ce n'est pas du TOML valide"),
            "{line}: {err}"
        );
        let (_, _, err) = run(&["simulate", path.to_str().unwrap(), "--lang", "en"], &[]);
        assert!(err.contains(&format!("error: {en}\n")), "{line}: {err}");
    }
}

/// `help simulate --lang fr` is what `--lang fr help simulate` is (clap's `help` takes command
/// names only), and the values' names in `--help` are French: `<FICHIER|DOSSIER>`, `<AAAA-MM-JJ>`.
#[test]
fn help_after_a_command_name_and_value_names_speak_french() {
    let (code, before, _) = run(&["--lang", "fr", "help", "simulate"], &[]);
    assert_eq!(code, Some(0));
    let (code, after, err) = run(&["help", "simulate", "--lang", "fr"], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(after, before);
    assert!(after.contains("<SCÉNARIO>"), "{after}");
    let (_, batch, _) = run(&["batch", "--help", "--lang", "fr"], &[]);
    for want in [
        "<FICHIER|DOSSIER>...",
        "--at <AAAA-MM-JJ>",
        "--cash <ANNÉE[:ANNÉE]>",
    ] {
        assert!(batch.contains(want), "`{want}` not in:\n{batch}");
    }
    // English keeps clap's names.
    let (_, english, _) = run(&["batch", "--help", "--lang", "en"], &[]);
    assert!(english.contains("<FILE|DIR>..."), "{english}");
}

/// The language is a value a run passes down, not a setting of the process: one process words
/// the same problems and the same results in both languages at once, each thread its own, as a
/// library user (a server answering two coordinators) would.
#[test]
fn one_process_words_in_both_languages_at_once() {
    use aci_cpts::catalog::Lang;
    use aci_cpts::input::diagnostic::SourceFile;
    let registry = aci_cpts::shipped_registry(Lang::En).expect("shipped tables read");
    let file = SourceFile {
        name: "bad.toml".to_string(),
        text: "name = \"X\"\npopulation = 95 000\nmembers = 80\nsigned = 01/03/2023\n".into(),
    };
    let words = |lang: Lang| {
        let error = match aci_cpts::input::scenario::load(lang, &file, &registry, None) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("the scenario is refused"),
        };
        let sim = crate::common::simulate_file("examples/t3-year5.toml");
        let doc = aci_cpts::report::simulation::document(lang, &sim, false, false);
        let table = aci_cpts::render::to_string(lang, aci_cpts::render::Format::Table, &doc);
        (error, table)
    };
    let (en, fr) = (words(Lang::En), words(Lang::Fr));
    assert!(en.0.contains("error"), "{}", en.0);
    assert!(fr.0.contains("erreur"), "{}", fr.0);
    assert!(en.1.contains(" 80 members"), "{}", en.1);
    assert!(fr.1.contains(" 80 membres"), "{}", fr.1);
    std::thread::scope(|s| {
        let threads: Vec<_> = [Lang::En, Lang::Fr, Lang::En, Lang::Fr]
            .into_iter()
            .map(|lang| s.spawn(move || (lang, (0..20).map(|_| words(lang)).collect::<Vec<_>>())))
            .collect();
        for t in threads {
            let (lang, said) = t.join().expect("a thread ends");
            let expected = if lang == Lang::En { &en } else { &fr };
            assert!(said.iter().all(|w| w == expected), "{lang:?}");
        }
    });
}

/// What a French coordinator writes inside quotes, or without them, where TOML wants another
/// form — an amount in French figures, a date day first in quotes, a yes in quotes, an
/// achievement as a percentage without its sign — is refused at its place with the exact text to
/// write, in her language. Before, each got a generic example (`e.g. "20000.00"`, `e.g.
/// 2022-04-15`) or a pointer to the template.
#[test]
fn a_value_written_the_french_way_is_said_with_the_text_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cpts.toml");
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 92000\nmembers = 80\nsigned = 2022-04-15\n\
         [missions.acces_aux_soins]\nstarted = \"01/09/2026\"\n\
         [[missions.acces_aux_soins.indicators]]\nname = \"A\"\namount = \"12 500,5 €\"\nmet = true\n\
         [[missions.acces_aux_soins.indicators]]\nname = \"B\"\namount = \"1000.00\"\nmet = \"oui\"\n\
         [missions.parcours]\nachievement = 80\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let (code, _, err) = run(&["simulate", p], &[]);
    assert_eq!(code, Some(1));
    says_each(
        &err,
        &[
            (
                "the date \"01/09/2026\" is written as a string",
                "write 2026-09-01: a date is written year-month-day, without quotes",
                "cpts.toml:6:11",
            ),
            (
                "`12 500,5 €`: an amount is written with a point before the cents",
                "write \"12500.50\"",
                "cpts.toml:9:10",
            ),
            (
                "the text \"oui\" does not fit",
                "yes and no are written true and false, without quotes: write true",
                "cpts.toml:14:7",
            ),
            (
                "80 is more than 1, the whole: a fraction lies between 0 and 1",
                "if it is a percentage, write \"80%\"",
                "cpts.toml:16:15",
            ),
        ],
    );
    let (code, _, err) = run(&["--lang", "fr", "simulate", p], &[]);
    assert_eq!(code, Some(1));
    says_each(
        &err,
        &[
            (
                "la date \"01/09/2026\" est écrite comme une chaîne",
                "écrivez 2026-09-01 : une date s'écrit année-mois-jour, sans guillemets",
                "cpts.toml:6:11",
            ),
            (
                "`12 500,5 €` : un montant s'écrit avec un point avant les centimes",
                "écrivez \"12500.50\"",
                "cpts.toml:9:10",
            ),
            (
                "le texte « oui » ne convient pas",
                "oui et non s'écrivent true et false, sans guillemets : écrivez true",
                "cpts.toml:14:7",
            ),
            (
                "80 dépasse 1, le tout : une fraction est comprise entre 0 et 1",
                "si c'est un pourcentage, écrivez \"80%\"",
                "cpts.toml:16:15",
            ),
        ],
    );
}

/// Keys named in French, as a portfolio's columns may be (`nom`, `membres`, `année`,
/// `renouvelé`), are each said with the key they stand for, in one run; `nom` is not said a
/// second time as `name` missing. Before, `nom` and `année` got no key to write (`annee` was
/// offered, which is no key), and `renouvelé = true` was told that yes is written `true`.
#[test]
fn a_key_named_in_french_is_said_with_the_key_it_stands_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cpts.toml");
    std::fs::write(
        &path,
        "nom = \"x\"\npopulation = 92000\nmembres = 80\nsigned = 2022-04-15\n\
         année = 5\nrenouvelé = true\n",
    )
    .unwrap();
    let (code, _, err) = run(&["simulate", path.to_str().unwrap()], &[]);
    assert_eq!(code, Some(1));
    says_each(
        &err,
        &[
            ("unknown key `nom`", "did you mean `name`?", "cpts.toml:1:1"),
            (
                "unknown key `membres`",
                "did you mean `members`?",
                "cpts.toml:3:1",
            ),
            (
                "`année`: keys are written in English, without accents",
                "write contract_year = 5",
                "cpts.toml:5:1",
            ),
            (
                "`renouvelé`: keys are written in English, without accents",
                "write renewed = true",
                "cpts.toml:6:1",
            ),
        ],
    );
    assert!(!err.contains("missing key `name`"), "{err}");
    assert!(err.contains("4 problems in"), "{err}");
}
