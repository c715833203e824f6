//! The output contract: every command honours every format it lists, says its warnings in each,
//! and its JSON validates against the schema `aci-cpts schema output COMMAND` prints.

use crate::common::{bin, files, root, stdout_of};
use serde_json::Value;

const LATE: &str = "tests/fixtures/valid/late-start.toml";

/// Every command with a document output, as arguments (the format is added).
fn commands() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("simulate", vec!["simulate", LATE]),
        ("simulate", vec!["simulate", LATE, "--explain"]),
        (
            "compare",
            vec![
                "compare",
                LATE,
                "--against",
                "examples/tariffs/draft-fongibilite.toml",
            ],
        ),
        ("compare", vec!["compare", LATE, "examples/t3-year5.toml"]),
        ("levers", vec!["levers", LATE]),
        (
            "sweep",
            vec!["sweep", LATE, "--vary", "achievement=0:1:0.5"],
        ),
        (
            "sweep",
            vec![
                "sweep",
                LATE,
                "--vary",
                "population=79999:80001:1",
                "--vary",
                "members=100:101:1",
            ],
        ),
        (
            "calendar",
            vec![
                "calendar",
                LATE,
                "--from",
                "2024-01-01",
                "--to",
                "2026-12-31",
            ],
        ),
        ("forecast", vec!["forecast", LATE]),
        // (`batch --cash` in a CSV is refused: batch::a_batch_s_cash_is_never_dropped.)
        ("batch", vec!["batch", LATE, "examples/t3-year5.toml"]),
        (
            "risk",
            vec!["risk", LATE, "--draws", "50", "--cash", "2025"],
        ),
        ("tariffs-list", vec!["tariffs", "list"]),
        ("tariffs-show", vec!["tariffs", "show", "aci-avenant-2"]),
        (
            "tariffs-diff",
            vec!["tariffs", "diff", "aci-2019", "aci-avenant-2"],
        ),
        ("tariffs-check", vec!["tariffs", "check"]),
        // A territory given by its communes: sums by département and région.
        ("batch", vec!["batch", LATE, "examples/t3-communes.toml"]),
        ("data", vec!["data", "93064", "75111", "01039"]),
    ]
}

const FORMATS: [&str; 6] = ["table", "markdown", "json", "jsonl", "csv", "csv-excel-fr"];

fn run(args: &[&str], format: &str) -> (String, String) {
    let mut all = args.to_vec();
    all.extend(["--format", format]);
    let out = bin().args(&all).output().expect("runs");
    assert!(
        out.status.success(),
        "aci-cpts {all:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

fn records(text: &str, excel: bool) -> Vec<csv::StringRecord> {
    let body = if excel {
        text.strip_prefix('\u{feff}').expect("a BOM")
    } else {
        text
    };
    csv::ReaderBuilder::new()
        .delimiter(if excel { b';' } else { b',' })
        .from_reader(body.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV")
}

#[test]
fn every_command_honours_every_format() {
    for (_, args) in commands() {
        for format in FORMATS {
            let (out, _) = run(&args, format);
            assert!(!out.trim().is_empty(), "{args:?} {format}: empty");
            match format {
                "json" => {
                    let v: Value = serde_json::from_str(&out).expect("one JSON document");
                    assert!(v["schema_version"].as_u64().is_some(), "{args:?}");
                    assert!(v["warnings"].is_array(), "{args:?}");
                }
                "jsonl" => {
                    let lines: Vec<Value> = out
                        .lines()
                        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
                        .collect();
                    assert!(lines[0]["schema_version"].as_u64().is_some(), "{args:?}");
                    assert!(lines.last().unwrap()["warnings"].is_array(), "{args:?}");
                }
                "csv" | "csv-excel-fr" => {
                    records(&out, format == "csv-excel-fr");
                }
                _ => {}
            }
        }
    }
}

#[test]
fn a_missed_deadline_is_said_by_every_command_in_every_format() {
    for (name, args) in commands()
        .into_iter()
        .filter(|(n, _)| !n.starts_with("tariffs") && *n != "risk" && *n != "data")
    {
        for format in FORMATS {
            let (out, err) = run(&args, format);
            let found = match format {
                // batch: each row carries its warnings, in every format.
                "json" if name == "batch" => {
                    let v: Value = serde_json::from_str(&out).expect("JSON");
                    v["rows"][0]["warnings"]
                        .as_array()
                        .expect("warnings")
                        .iter()
                        .any(|w| w["code"] == "deadline_missed")
                }
                _ if name == "batch" || format == "jsonl" => out.contains("deadline_missed"),
                "json" => {
                    let v: Value = serde_json::from_str(&out).expect("JSON");
                    v["warnings"]
                        .as_array()
                        .expect("warnings")
                        .iter()
                        .any(|w| w["code"] == "deadline_missed")
                }
                "csv" | "csv-excel-fr" => err.contains("[deadline_missed]"),
                _ => out.contains("deadline_missed"),
            };
            assert!(found, "{name} {args:?} --format {format}:\n{out}\n{err}");
        }
    }
}

fn validator(command: &str) -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&stdout_of(&["schema", "output", command])).expect("a schema");
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

fn assert_valid(v: &jsonschema::Validator, json: &str, what: &str) {
    let value: Value = serde_json::from_str(json).expect("JSON");
    let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn every_json_output_validates_against_its_schema() {
    for (command, args) in commands() {
        let (out, _) = run(&args, "json");
        assert_valid(&validator(command), &out, &format!("{args:?}"));
    }
    let levers = validator("levers");
    for p in ["examples/rovira-annexe-5.toml", "examples/indicators.toml"] {
        assert_valid(&levers, &stdout_of(&["levers", p, "--format", "json"]), p);
    }
    let simulate = validator("simulate");
    let forecast = validator("forecast");
    for path in files("examples", "toml") {
        let p = path.to_str().expect("UTF-8");
        for extra in [&[][..], &["--explain"][..]] {
            let mut args = vec!["simulate", p, "--format", "json"];
            args.extend(extra);
            assert_valid(&simulate, &stdout_of(&args), p);
        }
        assert_valid(
            &forecast,
            &stdout_of(&["forecast", p, "--format", "json"]),
            p,
        );
    }
}

#[test]
fn a_schema_rejects_what_the_contract_forbids() {
    // The schema is a real contract, not `{}`: a simulate output without its totals fails.
    let v = validator("simulate");
    let mut out: Value =
        serde_json::from_str(&stdout_of(&["simulate", LATE, "--format", "json"])).expect("JSON");
    out.as_object_mut().expect("an object").remove("totals");
    assert!(!v.is_valid(&out));
    let out = bin()
        .args(["schema", "scenario", "simulate"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "a command goes with `schema output` only"
    );
}

#[test]
fn a_table_id_with_quotes_and_commas_keeps_csv_and_json_valid() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let draft = dir.path().join("odd.toml");
    std::fs::write(
        &draft,
        "extends = \"aci-avenant-2\"\nid = 'draft \"odd\", really'\ntitle = \"odd\"\nchecked_on = 2026-11-01\n",
    )
    .expect("written");
    let args = [
        "sweep",
        "examples/t3-year5.toml",
        "--vary",
        "members=100:101:1",
        "--tariff",
        draft.to_str().expect("UTF-8"),
    ];
    let (json, _) = run(&args, "json");
    let v: Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["points"][0]["tariff"], "draft \"odd\", really");
    for format in ["csv", "csv-excel-fr"] {
        let (csv, _) = run(&args, format);
        let rows = records(&csv, format == "csv-excel-fr");
        assert_eq!(rows.len(), 2, "{csv}");
        assert_eq!(&rows[1][1], "draft \"odd\", really");
    }
}

/// A TOML document as the JSON the scenario schema describes (dates as ISO strings).
fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(d) => Value::from(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

#[test]
fn every_shipped_scenario_validates_against_the_scenario_schema() {
    // The schema accepts exactly what the reader accepts: ranges of achievements, indicators
    // with paliers and items, communes — every example and every region file.
    let schema: Value =
        serde_json::from_str(&stdout_of(&["schema", "scenario"])).expect("a schema");
    let v = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut paths = files("examples", "toml");
    paths.extend(files("examples/region", "toml"));
    assert!(paths.len() > 20);
    for path in paths {
        let text = std::fs::read_to_string(root().join(&path)).expect("reads");
        let doc: toml::Value = toml::from_str(&text).expect("TOML");
        assert_valid(&v, &toml_to_json(&doc).to_string(), &path.to_string_lossy());
    }
}

#[test]
fn the_scenario_schema_takes_ranges_of_measured_values_and_of_items_met() {
    let schema: Value =
        serde_json::from_str(&stdout_of(&["schema", "scenario"])).expect("a schema");
    let v = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let text = r#"
name = "r"
population = 92000
members = 60
signed = 2022-04-15
[missions.prevention]
[[missions.prevention.indicators]]
name = "Sein"
measured = { low = "68%", likely = "71.2%", high = "76%" }
paliers = [{ from = "69.70%", amount = "1000.00" }]
[[missions.prevention.indicators]]
name = "Juin Vert"
amount = "1000.00"
met = { low = false, likely = true, high = true }
"#;
    let doc: toml::Value = toml::from_str(text).expect("TOML");
    assert_valid(&v, &toml_to_json(&doc).to_string(), "ranges");
    let wrong = text.replace("high = true }", "high = true, most = true }");
    let doc: toml::Value = toml::from_str(&wrong).expect("TOML");
    assert!(
        !v.is_valid(&toml_to_json(&doc)),
        "an unknown key in a range"
    );
}

/// JSON is a contract whatever the language: under French every date a program reads is ISO
/// (`2021-12-20`), never the `20/12/2021` people read. Every JSON output is walked; only text
/// for people (messages, notes, labels…) may hold a French date.
#[test]
fn json_dates_are_iso_in_every_language() {
    fn walk(v: &serde_json::Value, key: &str, path: &str, bad: &mut Vec<String>) {
        let people = [
            "message",
            "help",
            "note",
            "label",
            "title",
            "text",
            "text_fr",
            "name",
            "warnings",
            "assumptions",
            "legal_reference",
            "source",
            "notice",
            "formula",
            "explain",
            "needs",
        ];
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    walk(x, k, &format!("{path}.{k}"), bad);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, key, &format!("{path}[{i}]"), bad);
                }
            }
            serde_json::Value::String(s) if !people.contains(&key) => {
                let b = s.as_bytes();
                let french = s.len() == 10
                    && b[2] == b'/'
                    && b[5] == b'/'
                    && s.chars().filter(char::is_ascii_digit).count() == 8;
                if french {
                    bad.push(format!("{path} = {s}"));
                }
            }
            _ => {}
        }
    }
    let p = "examples/cash-multi-year.toml";
    let commands: Vec<Vec<&str>> = vec![
        vec!["simulate", p],
        vec!["compare", p, "--against", "aci-2019"],
        vec!["levers", "examples/rovira-annexe-5.toml"],
        vec!["sweep", p, "--vary", "members=90:110:5"],
        vec!["batch", "examples/region"],
        vec!["risk", p, "--draws", "50", "--seed", "1"],
        vec!["calendar", p, "--year", "2026"],
        vec!["forecast", p],
        vec!["tariffs", "list"],
        vec!["tariffs", "show", "aci-avenant-2"],
        vec!["tariffs", "show", "aci-2019"],
        vec!["tariffs", "diff", "aci-2019", "aci-avenant-2"],
        vec!["tariffs", "check"],
    ];
    let mut bad = Vec::new();
    for args in &commands {
        let mut all = args.clone();
        all.extend(["--format", "json", "--lang", "fr"]);
        let out = bin().args(&all).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
        walk(&v, "", &args.join(" "), &mut bad);
    }
    assert!(bad.is_empty(), "French dates in JSON: {bad:#?}");
}

/// On a real terminal (a pty from `script`), a table fits the window: at 80 and 40 columns no
/// line is wider than the window and no word is cut (`pluriprofessionnels`, `fiabilité`); when
/// even a word per column cannot fit, each row is written as a record. Skipped where `script`
/// (util-linux) is absent outside CI.
#[test]
fn tables_fit_narrow_terminals_without_cutting_words() {
    if !crate::common::tools_here(
        &["script"],
        "the terminal-width test",
        "script",
        "util-linux",
    ) {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_aci-cpts");
    for (cols, args, words) in [
        (
            80,
            "simulate examples/t3-year5.toml --lang fr",
            &["pluriprofessionnels", "Fonctionnement"][..],
        ),
        (
            40,
            "tariffs list --lang fr",
            &["fiabilité (montants)", "aci-avenant-2"][..],
        ),
        (
            60,
            "tariffs list --lang fr",
            &["fiabilité (montants)", "04/12/2026"][..],
        ),
        (
            200,
            "tariffs list --lang fr",
            &["╭", "fiabilité (montants)"][..],
        ),
    ] {
        let out = std::process::Command::new("script")
            .args(["-q", "-c"])
            .arg(format!("stty cols {cols} rows 60; {bin} {args}"))
            .arg("/dev/null")
            .current_dir(crate::common::root())
            .env("LANG", "C")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
        for w in words {
            assert!(
                text.contains(w),
                "{cols} columns, {args}: no `{w}` whole:\n{text}"
            );
        }
        // The head and the warnings are sentences the terminal wraps; the tables must fit.
        let table_line = |l: &&str| {
            l.starts_with(['│', '╭', '╰', '╞', '├'])
                || (l.starts_with("  ") && !l.starts_with("  - "))
        };
        for line in text.lines().skip(2).filter(table_line) {
            assert!(
                line.chars().count() <= cols,
                "{cols} columns, {args}: a line of {}:\n{line}",
                line.chars().count()
            );
        }
    }
}

/// JSON is the same whatever the language but for text written for people (messages, labels,
/// assumptions…): every number, date, code and key byte-identical under `--lang en` and `fr`.
#[test]
fn json_is_the_same_in_both_languages_but_for_text_for_people() {
    fn mask(v: &mut serde_json::Value, key: &str) {
        const PEOPLE: [&str; 12] = [
            "message",
            "help",
            "note",
            "label",
            "title",
            "text",
            "legal_reference",
            "notice",
            "formula",
            "needs",
            "what",
            "assumptions",
        ];
        match v {
            serde_json::Value::Object(m) => m.iter_mut().for_each(|(k, x)| mask(x, k)),
            serde_json::Value::Array(a) if PEOPLE.contains(&key) => a.clear(),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| mask(x, key)),
            serde_json::Value::String(s) if PEOPLE.contains(&key) => s.clear(),
            _ => {}
        }
    }
    let p = "examples/cash-multi-year.toml";
    let commands: [&[&str]; 12] = [
        &["simulate", p],
        &["compare", p, "--against", "aci-2019"],
        &["levers", "examples/rovira-annexe-5.toml"],
        &["sweep", p, "--vary", "members=90:110:5"],
        &["batch", "examples/region"],
        &["risk", p, "--draws", "50", "--seed", "1"],
        &["calendar", p, "--year", "2026"],
        &["forecast", p],
        &["tariffs", "list"],
        &["tariffs", "show", "aci-avenant-2"],
        &["tariffs", "diff", "aci-2019", "aci-avenant-2"],
        &["tariffs", "check"],
    ];
    for args in commands {
        let json = |lang: &str| {
            let out = bin()
                .args(args)
                .args(["--format", "json", "--lang", lang])
                .output()
                .unwrap();
            let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            mask(&mut v, "");
            v
        };
        assert_eq!(json("en"), json("fr"), "{args:?}");
    }
}

/// A sweep's JSON points are written by hand (a sweep writes millions): each is the point serde
/// writes from the same values, byte for byte — read here from the CSV of the same sweep, with a
/// band's cliff, whole and fractional swept values, and two parameters.
#[test]
fn a_sweep_s_json_points_are_serde_s_bytes() {
    for vary in [
        &["population=39990:40010:5"][..],
        &["achievement=0:1:0.1"][..],
        &["achievement.parcours=0.05:0.35:0.15", "members=98:102:2"][..],
    ] {
        let run = |format: &str| {
            let mut args = vec!["sweep", "examples/t3-year5.toml", "--format", format];
            for v in vary {
                args.extend(["--vary", v]);
            }
            crate::common::stdout_of(&args)
        };
        let (csv, json) = (run("csv"), run("json"));
        let mut rows = csv.lines();
        let header: Vec<&str> = rows.next().expect("a header").split(',').collect();
        let dims = header.iter().position(|h| *h == "tariff").expect("tariff");
        let written: Vec<&str> = json
            .lines()
            .skip_while(|l| !l.starts_with("  \"points\": ["))
            .skip(1)
            .take_while(|l| l.starts_with("    {"))
            .map(|l| l.trim().trim_end_matches(','))
            .collect();
        let mut previous: Option<Vec<String>> = None;
        let mut count = 0;
        for (row, line) in rows.zip(&written) {
            let cells: Vec<&str> = row.split(',').collect();
            let number = |s: &str| -> serde_json::Value {
                match s.parse::<u64>() {
                    Ok(n) => n.into(),
                    Err(_) => s.parse::<f64>().expect("a number").into(),
                }
            };
            let mut point = serde_json::Map::new();
            for (name, value) in header[..dims].iter().zip(&cells) {
                point.insert(name.to_string(), number(value));
            }
            for (name, value) in header[dims..dims + 8].iter().zip(&cells[dims..]) {
                point.insert(name.to_string(), (*value).into());
            }
            let cliff = if cells[dims + 8].is_empty() {
                serde_json::Value::Null
            } else {
                // A cliff runs from the point before (the last parameter varies fastest).
                let before = previous.as_ref().expect("a point before a cliff");
                serde_json::json!({
                    "from": number(&before[dims - 1]),
                    "to": number(cells[dims - 1]),
                    "what": cells[dims + 8],
                    "jump": cells[dims + 9],
                })
            };
            point.insert("cliff".into(), cliff);
            assert_eq!(
                *line,
                serde_json::to_string(&point).expect("JSON"),
                "{vary:?}"
            );
            previous = Some(cells.iter().map(|c| c.to_string()).collect());
            count += 1;
        }
        assert_eq!(count, written.len(), "{vary:?}");
        assert!(count >= 5, "{vary:?}");
    }
}
