//! `batch`: many CPTS at once. The aggregate is the sum of the rows to the cent, each row is what
//! `simulate` says, a broken file is reported with its line and the others computed, and the cost
//! of a reform is the sum of the per-CPTS comparisons.

use crate::common::{bin, files, says_each, stdout_of};
use rust_decimal::Decimal;
use serde_json::Value;

fn d(v: &Value) -> Decimal {
    v.as_str()
        .expect("money as a string")
        .parse()
        .expect("a decimal")
}

fn batch(args: &[&str]) -> Value {
    let mut all = vec!["batch"];
    all.extend(args);
    all.extend(["--format", "json"]);
    serde_json::from_str(&stdout_of(&all)).expect("one JSON document")
}

#[test]
fn the_aggregate_is_the_sum_of_the_rows_and_each_row_is_simulate() {
    let v = batch(&["examples"]);
    let rows = v["rows"].as_array().unwrap();
    let examples = files("examples", "toml");
    assert_eq!(rows.len(), examples.len());
    let a = &v["aggregate"];
    assert_eq!(a["count"], examples.len() as u64);
    assert_eq!(a["left_out"], 0);
    for part in [
        "fonctionnement",
        "fixed",
        "variable_earned",
        "crisis",
        "uplift",
        "total",
    ] {
        let sum: Decimal = rows.iter().map(|r| d(&r["totals"][part])).sum();
        assert_eq!(sum, d(&a["totals"][part]), "{part}");
    }
    let by_band: Decimal = a["by_band"]
        .as_object()
        .unwrap()
        .values()
        .map(|s| d(&s["totals"]["total"]))
        .sum();
    assert_eq!(by_band, d(&a["totals"]["total"]));
    let by_line: Decimal = a["by_line"].as_object().unwrap().values().map(d).sum();
    assert_eq!(by_line, d(&a["totals"]["total"]));
    // Folders are read in name order; every row is what `simulate` computes for its file.
    for (row, path) in rows.iter().zip(&examples) {
        let p = path.to_str().unwrap();
        assert_eq!(row["source"], p);
        let s: Value =
            serde_json::from_str(&stdout_of(&["simulate", p, "--format", "json"])).unwrap();
        assert_eq!(row["totals"], s["totals"], "{p}");
        assert_eq!(row["band"], s["band"], "{p}");
        assert_eq!(row["tariff"], s["tariff"], "{p}");
        assert_eq!(row["warnings"], s["warnings"], "{p}");
    }
}

#[test]
fn a_broken_file_is_reported_with_its_line_and_the_others_computed() {
    let out = bin()
        .args([
            "batch",
            "examples/t3-year5.toml",
            "tests/fixtures/invalid/population-zero.toml",
            "examples/t2-year2.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "an input failed");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["aggregate"]["count"], 2);
    assert_eq!(v["aggregate"]["left_out"], 1);
    assert_eq!(
        v["errors"][0]["source"],
        "tests/fixtures/invalid/population-zero.toml:2:14"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("population-zero.toml:2:14"), "{err}");
    // 397 500 (contract-t3) + 241 050.
    assert_eq!(v["aggregate"]["totals"]["total"], "638550.00");
}

#[test]
fn the_cost_of_a_reform_is_the_sum_of_the_comparisons() {
    // `--instead`: every CPTS under the draft, as `compare --against` computes one.
    let draft = "examples/tariffs/draft-fongibilite.toml";
    let v = batch(&["examples", "--against", draft, "--instead"]);
    let mut sum = Decimal::ZERO;
    for row in v["rows"].as_array().unwrap() {
        let p = row["source"].as_str().unwrap();
        let c: Value = serde_json::from_str(&stdout_of(&[
            "compare",
            p,
            "--against",
            draft,
            "--format",
            "json",
        ]))
        .unwrap();
        assert_eq!(d(&row["difference"]["total"]), d(&c["difference"]), "{p}");
        sum += d(&c["difference"]);
    }
    assert_eq!(d(&v["aggregate"]["difference"]["total"]), sum);
    // The draft moves 5 000 of T2's parcours volet variable to its volet fixe: only T2 CPTS whose
    // parcours is not at full achievement gain (examples/t2-year2.toml: 50 %, +2 500).
    let t2: Decimal = v["aggregate"]["against_by_band"]["T2"]["totals"]["total"]
        .as_str()
        .map(|s| s.parse().unwrap())
        .unwrap();
    assert!(t2 > d(&v["aggregate"]["by_band"]["T2"]["totals"]["total"]));
}

#[test]
fn batch_csv_has_a_row_per_cpts_with_its_source() {
    let csv = stdout_of(&[
        "batch",
        "examples/t3-year5.toml",
        "examples/t2-year2.toml",
        "--format",
        "csv",
    ]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "CPTS du Val");
    assert_eq!(&rows[0][1], "examples/t3-year5.toml");
}

#[test]
fn the_region_as_files_and_as_a_portfolio_gives_the_same_results() {
    // examples/region: 32 made-up CPTS (band mix of the 2025 federation survey), as scenario files
    // and as one portfolio CSV.
    let files = batch(&["examples/region"]);
    let csv = batch(&["examples/region/portfolio.csv"]);
    assert_eq!(files["aggregate"]["count"], 32);
    assert_eq!(files["aggregate"], csv["aggregate"]);
    for (f, c) in files["rows"]
        .as_array()
        .unwrap()
        .iter()
        .zip(csv["rows"].as_array().unwrap())
    {
        assert_eq!(f["name"], c["name"]);
        assert_eq!(f["totals"], c["totals"], "{}", f["name"]);
        assert_eq!(f["warnings"], c["warnings"], "{}", f["name"]);
    }
    // A French spreadsheet's dialect of the same CSV: `;`, decimal comma, BOM, dates as
    // 15/04/2024, percentages with a space.
    let text = std::fs::read_to_string(crate::common::root().join("examples/region/portfolio.csv"))
        .unwrap();
    let french: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.replace(',', ";")
            } else {
                french_row(l)
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio-fr.csv");
    std::fs::write(&path, format!("\u{feff}{french}\n")).unwrap();
    let fr = batch(&[path.to_str().unwrap()]);
    assert_eq!(fr["aggregate"], files["aggregate"]);
    // Four CPTS give their accès aux soins as a range: drawn alike from files and from the CSV.
    let risk = |input: &str| -> Value {
        serde_json::from_str(&stdout_of(&[
            "risk", input, "--draws", "300", "--format", "json",
        ]))
        .unwrap()
    };
    assert_eq!(
        risk("examples/region")["portfolio"],
        risk("examples/region/portfolio.csv")["portfolio"]
    );
}

/// A row as a French spreadsheet writes it.
fn french_row(l: &str) -> String {
    std::iter::once(l)
        .map(|l| {
            l.split(',')
                .map(|cell| {
                    if let Ok(d) = chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d") {
                        d.format("%d/%m/%Y").to_string()
                    } else if let Some(p) = cell.strip_suffix('%') {
                        format!("{p} %")
                    } else {
                        cell.replace('.', ",")
                    }
                })
                .collect::<Vec<_>>()
                .join(";")
        })
        .collect()
}

#[test]
fn a_bad_row_is_reported_with_its_line_and_the_others_computed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    std::fs::write(
        &path,
        "name,population,members,signed,parcours\nCPTS A,92000,80,2022-04-15,1\nCPTS B,zero,80,2022-04-15,1\nCPTS C,0,80,2022-04-15,1\nCPTS D,56000,70,2023-09-01,50%\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let out = bin()
        .args(["batch", p, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["aggregate"]["count"], 2);
    assert_eq!(v["aggregate"]["left_out"], 2);
    assert_eq!(v["errors"][0]["source"], format!("{p}:3"));
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("population")
    );
    assert_eq!(v["errors"][1]["source"], format!("{p}:4"));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{p}:3")));
    // An unknown column stops the file, saying which.
    std::fs::write(&path, "name,population,members,signed,colour\n").unwrap();
    let out = bin().args(["batch", p]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown column `colour`"));
}

#[test]
fn init_writes_a_portfolio_template_that_batch_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.csv");
    let p = path.to_str().unwrap();
    assert!(
        bin()
            .args(["init", "--portfolio", p])
            .output()
            .unwrap()
            .status
            .success()
    );
    let v = batch(&[p]);
    assert_eq!(v["aggregate"]["count"], 3);
    assert_eq!(v["aggregate"]["left_out"], 0);
    let out = bin().args(["init", "--portfolio", p]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "never overwrites");
}

/// A region's cash, for each civil year of a range: by month, by part, by payment and by
/// contract year, each cut adds up to the year, the year is the sum of the CPTS's calendars
/// (computed one by one by `calendar`), and each row carries its CPTS's cash of the year.
#[test]
fn the_cash_plan_of_a_year_is_the_sum_of_the_calendars() {
    let files = [
        "examples/t3-year5.toml",
        "examples/t2-year2.toml",
        "examples/cash-multi-year.toml",
    ];
    let mut args: Vec<&str> = files.to_vec();
    args.extend(["--cash", "2025:2027"]);
    let v = batch(&args);
    let plans = v["aggregate"]["cash"].as_array().unwrap();
    assert_eq!(plans.len(), 3);
    let mut moved = 0;
    for (plan, year) in plans.iter().zip(2025..) {
        assert_eq!(plan["year"], year);
        let (mut certain, mut at_risk) = (Decimal::ZERO, Decimal::ZERO);
        for (i, f) in files.iter().enumerate() {
            let c: Value = serde_json::from_str(&stdout_of(&[
                "calendar",
                f,
                "--year",
                &year.to_string(),
                "--format",
                "json",
            ]))
            .unwrap();
            certain += d(&c["total"]["certain"]);
            at_risk += d(&c["total"]["at_risk"]);
            let row = &v["rows"][i]["cash"][(year - 2025) as usize];
            assert_eq!(row["period"], year.to_string());
            assert_eq!(d(&row["total"]), d(&c["total"]["total"]), "{f} {year}");
        }
        let total = &plan["total"];
        assert_eq!(d(&total["certain"]), certain, "{year}");
        assert_eq!(d(&total["at_risk"]), at_risk, "{year}");
        moved += usize::from(certain + at_risk > Decimal::ZERO);
        let months: Vec<&Value> = plan["months"].as_array().unwrap().iter().collect();
        let cuts: [Vec<&Value>; 4] = [
            months,
            plan["by_part"].as_object().unwrap().values().collect(),
            plan["by_kind"].as_object().unwrap().values().collect(),
            plan["by_contract_year"]
                .as_object()
                .unwrap()
                .values()
                .collect(),
        ];
        for cut in cuts {
            for field in ["certain", "at_risk", "total"] {
                let sum: Decimal = cut.iter().map(|c| d(&c[field])).sum();
                assert_eq!(sum, d(&total[field]), "{year} {field}");
            }
        }
    }
    assert_eq!(moved, 3, "every year of the range has payments");
}

#[test]
fn a_table_given_to_batch_or_risk_says_its_warnings_as_simulate_does() {
    // A draft that gives T2 more for parcours than T3: readable, with a warning.
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("odd.toml");
    std::fs::write(
        &table,
        "extends = \"aci-avenant-2\"\nid = \"draft-odd\"\ntitle = \"Draft\"\n\
         checked_on = 2026-11-01\n\n[sources]\ndraft-odd = \"test\"\n\n\
         [missions.parcours.fixed]\nT2 = { amount = \"90000.00\", evidence = \"estimate\" }\n",
    )
    .unwrap();
    let table = table.to_str().unwrap();
    for args in [
        vec!["simulate", "examples/t3-year5.toml", "--tariff", table],
        vec!["batch", "examples/t3-year5.toml", "--tariff", table],
        vec!["batch", "examples/t3-year5.toml", "--against", table],
        vec![
            "risk",
            "examples/t3-year5.toml",
            "--draws",
            "10",
            "--tariff",
            table,
        ],
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("a larger band gets less") && err.contains("odd.toml:10:1"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn an_empty_required_cell_says_which_and_a_start_date_alone_runs_no_mission() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    std::fs::write(
        &path,
        "name,population,members,signed,contract_year,parcours,crises_sanitaires,crises_sanitaires.started\n\
         ,92000,80,2022-04-15,2,1,,\n\
         CPTS B,92000,80,2022-04-15,2,1,,2022-06-01\n\
         CPTS C,92000,80,2022-04-15,2,1,,\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let out = bin()
        .args(["batch", p, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"][0]["source"], format!("{p}:2"));
    assert_eq!(
        v["errors"][0]["message"],
        "column `name` is empty: every CPTS needs one"
    );
    // B has a start date for the crisis mission and no mark: it does not run it, like C.
    assert_eq!(v["rows"][0]["totals"], v["rows"][1]["totals"]);
    assert_eq!(d(&v["rows"][0]["totals"]["crisis"]), Decimal::ZERO);
}

#[test]
fn an_endless_line_stops_its_portfolio_at_its_line_and_the_rows_before_are_computed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    let endless = "x".repeat(2 * 1024 * 1024);
    std::fs::write(
        &path,
        format!(
            "name,population,members,signed\nCPTS A,92000,80,2022-04-15\n{endless}\nCPTS B,92000,80,2022-04-15\n"
        ),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let out = bin()
        .args(["batch", p, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["aggregate"]["count"], 1);
    assert_eq!(v["rows"][0]["name"], "CPTS A");
    assert_eq!(v["errors"][0]["source"], format!("{p}:3"));
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a portfolio CSV")
    );
}

#[test]
fn a_progress_bar_is_drawn_on_a_terminal_and_never_in_a_pipe() {
    // `script` (util-linux, in every Debian) gives the command a terminal.
    let Ok(script) = which_script() else {
        panic!("the `script` command (util-linux) is needed for this test");
    };
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("typescript");
    let command = format!(
        "{} risk examples/region --draws 200 > /dev/null",
        env!("CARGO_BIN_EXE_aci-cpts")
    );
    let status = std::process::Command::new(script)
        .args(["-qec", &command, log.to_str().unwrap()])
        .env("ACI_CPTS_PROGRESS_AFTER_MS", "0")
        .current_dir(crate::common::root())
        .status()
        .unwrap();
    assert!(status.success());
    let seen = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    assert!(seen.contains("/32 CPTS"), "a bar on the terminal: {seen}");
    // In a pipe, nothing on standard error, however soon the bar would show.
    let out = bin()
        .args(["risk", "examples/region", "--draws", "200"])
        .env("ACI_CPTS_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

fn which_script() -> Result<std::path::PathBuf, ()> {
    ["/usr/bin/script", "/bin/script"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())
        .ok_or(())
}

/// A portfolio as French Excel saves it — "CSV (séparateur : point-virgule)", Windows-1252,
/// CRLF line ends — reads with its accents, and each problem is placed on its real line (CRLF
/// once put it one line short).
#[test]
fn a_portfolio_saved_by_french_excel_reads_with_its_accents_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let text = "name;population;members;signed;parcours\r\n\
                CPTS Côte d'Émeraude;50000;10;2024-01-01;60%\r\n\
                CPTS Vallée;xx;10;2024-01-01;1\r\n\
                CPTS Forêt;60000;12;2024-01-01;0,5\r\n";
    // Windows-1252: é, è, ô, É are one byte each.
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| match c {
            'é' => 0xE9,
            'ê' => 0xEA,
            'ô' => 0xF4,
            'É' => 0xC9,
            c => u8::try_from(u32::from(c)).unwrap(),
        })
        .collect();
    let path = dir.path().join("excel.csv");
    std::fs::write(&path, &bytes).unwrap();
    let out = bin()
        .args([
            "batch",
            path.to_str().unwrap(),
            "--format",
            "csv",
            "--lang",
            "fr",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(stdout.contains("CPTS Côte d'Émeraude,"), "{stdout}");
    assert!(stdout.contains("CPTS Forêt,"), "{stdout}");
    assert!(
        stdout.contains("excel.csv:4"),
        "the third CPTS is line 4: {stdout}"
    );
    assert!(
        stderr.contains("excel.csv:3 : colonne `population`"),
        "{stderr}"
    );
    // The same rows in UTF-8 with CRLF: the same lines.
    std::fs::write(&path, text).unwrap();
    let out = bin()
        .args(["batch", path.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("excel.csv:3: column `population`"));
}

/// Populations with their thousands apart, as French number formats write them — a space, a
/// no-break space, or the narrow no-break space of today's French locales — read as the same
/// number, and the CPTS computed alike.
#[test]
fn a_portfolio_s_thousands_apart_by_any_french_space_read_alike() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    let rows: String = ["95000", "95 000", "95\u{a0}000", "95\u{202f}000"]
        .iter()
        .enumerate()
        .map(|(i, population)| format!("CPTS {i};{population};40;01/03/2023;80 %\n"))
        .collect();
    std::fs::write(
        &path,
        format!("name;population;members;signed;parcours\n{rows}"),
    )
    .unwrap();
    let json: Value = serde_json::from_str(&stdout_of(&[
        "batch",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    let rows = json["rows"].as_array().expect("the CPTS computed");
    assert_eq!(rows.len(), 4, "{json}");
    for row in rows {
        assert_eq!(row["population"], 95000, "{row}");
        assert_eq!(row["totals"], rows[0]["totals"], "{row}");
    }
}

/// Digits apart otherwise than by thousands (`95 00`, a slip for `95 000`; `3 5`, two numbers)
/// are refused at their line and column, never read as one number: the rows said, the others
/// computed, and the run fails. Before, `95 00` was read as 9 500 and computed in another band.
#[test]
fn a_portfolio_s_digits_apart_otherwise_than_by_thousands_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    std::fs::write(
        &path,
        "name;population;members;signed;parcours\n\
         CPTS A;95 00;40;01/03/2023;80 %\n\
         CPTS B;95 000;3 5;01/03/2023;80 %\n\
         CPTS C;95 000;40;01/03/2023;80 %\n",
    )
    .unwrap();
    let out = bin()
        .args(["batch", path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("p.csv:2: column `population`: `95 00`"),
        "{said}"
    );
    assert!(said.contains("p.csv:3: column `members`: `3 5`"), "{said}");
    assert_eq!(out.status.code(), Some(1), "{said}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json["rows"].as_array().expect("the other CPTS computed");
    assert_eq!(rows.len(), 1, "{json}");
    assert_eq!(rows[0]["name"], "CPTS C", "{json}");
}

/// What a `batch` of a portfolio says on standard error, in a language, when it fails on a row.
fn failed_batch_says(path: &std::path::Path, lang: &str) -> String {
    let out = bin()
        .args(["batch", path.to_str().unwrap(), "--lang", lang])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An achievement written as a percentage without its sign (`80` for 80 %), which as a fraction
/// is 80 times the target, is said in its column with the line to write, in the reader's
/// language — never taken for 80 %, nor said as an opaque `8000%`.
#[test]
fn a_portfolio_s_percentage_without_its_sign_is_said_with_the_line_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    std::fs::write(
        &path,
        "name;population;members;signed;parcours;prevention\n\
         CPTS A;95000;40;01/03/2023;0,8;80\n\
         CPTS B;95000;40;01/03/2023;75,5;0,5\n",
    )
    .unwrap();
    let said = |lang: &str| failed_batch_says(&path, lang);
    let en = said("en");
    assert!(
        en.contains(
            "p.csv:2: column `prevention`: `80` is more than 1, the whole target: an achievement \
             lies between 0 and 1; if it is a percentage, write `80 %`"
        ),
        "{en}"
    );
    assert!(
        en.contains("p.csv:3: column `parcours`: `75,5` is more than 1"),
        "{en}"
    );
    let fr = said("fr");
    assert!(
        fr.contains(
            "p.csv:2 : colonne `prevention` : `80` dépasse 1, l'objectif entier : une atteinte est \
             comprise entre 0 et 1 ; si c'est un pourcentage, écrivez `80 %`"
        ),
        "{fr}"
    );
}

/// A cell that cannot be read is said with the form its column takes, in the reader's language,
/// in the one line a row's problem gets: a whole number, a date, a yes or a no, the years of a
/// crisis, an achievement.
#[test]
fn a_portfolio_s_unreadable_cell_is_said_with_the_form_its_column_takes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    std::fs::write(
        &path,
        "name;population;members;signed;renewed;crisis_recognised;parcours\n\
         A;95.000;40;01/03/2023;non;non;0,8\n\
         B;95000;40;01/03/23;non;non;0,8\n\
         C;95000;40;01/03/2023;peut-être;non;0,8\n\
         D;95000;40;01/03/2023;non;années 1 x;0,8\n\
         E;95000;40;01/03/2023;non;non;huit\n",
    )
    .unwrap();
    let said = |lang: &str| failed_batch_says(&path, lang);
    let en = said("en");
    for line in [
        "p.csv:2: column `population`: `95.000` cannot be read; write a whole number, such as \
         `95000` or `95 000`",
        "p.csv:3: column `signed`: `01/03/23` cannot be read; write a date, such as `2026-04-15` \
         or `15/04/2026`",
        "p.csv:4: column `renewed`: `peut-être` cannot be read; write `yes` or `no`",
        "p.csv:5: column `crisis_recognised`: `années 1 x` cannot be read; write `yes`, `no`, or \
         the contract years with a crisis, such as `years 1 3`",
        "p.csv:6: column `parcours`: `huit` cannot be read; write a fraction or a percentage, \
         such as `0.8` or `80%`, or a range `0.5/0.8/1`; leave the cell empty if the mission is \
         not run",
    ] {
        assert!(en.contains(line), "{line}\n{en}");
    }
    let fr = said("fr");
    for line in [
        "p.csv:2 : colonne `population` : `95.000` ne peut pas être lu ; écrivez un nombre \
         entier, comme `95000` ou `95 000`",
        "p.csv:4 : colonne `renewed` : `peut-être` ne peut pas être lu ; écrivez `oui` ou `non`",
        "p.csv:6 : colonne `parcours` : `huit` ne peut pas être lu ; écrivez une fraction ou un \
         pourcentage, comme `0,8` ou `80 %`",
    ] {
        assert!(fr.contains(line), "{line}\n{fr}");
    }
}

/// A portfolio's header with several problems gets them all in one run, each at its column: a
/// column given its French name is told the name to write, a misspelt one the column meant (and
/// not a second time as missing), a required column missing is said; a date given as a
/// spreadsheet's day number is said with the day it stands for.
#[test]
fn a_portfolio_s_header_problems_are_all_said_at_their_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    std::fs::write(
        &path,
        "nom;populaton;membres;parcours\nCPTS A;95000;40;0,8\n",
    )
    .unwrap();
    let out = bin()
        .args(["batch", path.to_str().unwrap(), "--lang", "fr"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    says_each(
        &err,
        &[
            (
                "colonne inconnue `nom`",
                "écrivez `name` : les colonnes d'un portefeuille se nomment en anglais",
                "p.csv:1:1",
            ),
            (
                "colonne inconnue `populaton`",
                "vouliez-vous dire `population` ?",
                "p.csv:1:5",
            ),
            (
                "colonne inconnue `membres`",
                "écrivez `members`",
                "p.csv:1:15",
            ),
            (
                "la colonne `signed` manque",
                "un portefeuille a les colonnes",
                "p.csv:1:1",
            ),
        ],
    );
    assert!(err.contains("4 problèmes"), "{err}");
    assert!(!err.contains("la colonne `members` manque"), "{err}");
    std::fs::write(
        &path,
        "name;population;members;signed;parcours\nCPTS A;95000;40;44986;0,8\n\
         CPTS B;95000;40;01/03/2023;0,8\n",
    )
    .unwrap();
    let out = bin()
        .args([
            "batch",
            path.to_str().unwrap(),
            "--lang",
            "fr",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let (stdout, err) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(
        err.contains("p.csv:2 : colonne `signed` : `44986` est le numéro de jour d'un tableur (le 01/03/2023 ?)"),
        "{err}"
    );
    assert!(
        stdout.contains("CPTS B"),
        "the other row is computed: {stdout}"
    );
    assert!(!stdout.contains("CPTS A"), "{stdout}");
}

/// A Windows-1252 portfolio of 3 000 rows (about 150 KiB: past the 64 KiB looked at to tell its
/// encoding, and many reads of the decoder) reads every row with its accents, to the last.
#[test]
fn a_large_windows_1252_portfolio_reads_every_accent() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"name;population;members;signed;parcours\r\n".to_vec();
    for i in 0..3_000 {
        // "CPTS Forêt-Élan N" in Windows-1252: ê is 0xEA, É is 0xC9.
        bytes.extend_from_slice(b"CPTS For\xEAt-\xC9lan ");
        bytes.extend_from_slice(format!("{i};50000;10;2024-01-01;60%\r\n").as_bytes());
    }
    assert!(bytes.len() > 128 * 1024);
    let path = dir.path().join("large.csv");
    std::fs::write(&path, &bytes).unwrap();
    let stdout = stdout_of(&["batch", path.to_str().unwrap(), "--format", "csv"]);
    for i in 0..3_000 {
        assert!(
            stdout.contains(&format!("CPTS Forêt-Élan {i},")),
            "row {i} lost its accents"
        );
    }
    assert!(
        stdout.contains("large.csv:3001"),
        "the last row is line 3 001"
    );
}

/// Each row is said at its own line whatever comes before it: blank lines (LF or CRLF), a line of
/// blanks, a name on two lines. The CSV reader counts a row from the end of the row before it, so
/// a row after a blank line was said a line (or two) early.
#[test]
fn rows_after_blank_lines_are_said_at_their_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "name,population,members,signed\n\
                \n\
                \n\
                A,xx,10,2024-01-01\n\
                \"B\nsur deux lignes\",yy,10,2024-01-01\n\
                \x20 \n\
                C,zz,10,2024-01-01";
    for (name, text) in [
        ("lf.csv", text.to_string()),
        ("crlf.csv", text.replace('\n', "\r\n")),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = bin()
            .args(["batch", path.to_str().unwrap(), "--format", "csv"])
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        for (line, value) in [(4, "xx"), (5, "yy"), (8, "zz")] {
            assert!(
                stderr.contains(&format!("{name}:{line}: column `population`: `{value}`")),
                "{name}: {value} is on line {line}: {stderr}"
            );
        }
    }
}

/// `init --portfolio` in French writes what French Excel opens in columns: `;` and decimal
/// commas; the tool reads it back.
#[test]
fn the_french_portfolio_template_is_split_on_semicolons_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, sep) in [("fr", ';'), ("en", ',')] {
        let path = dir.path().join(format!("{lang}.csv"));
        let out = bin()
            .args([
                "init",
                path.to_str().unwrap(),
                "--portfolio",
                "--lang",
                lang,
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = std::fs::read_to_string(&path).unwrap();
        let header = text.lines().next().unwrap();
        assert!(
            header.starts_with(&format!("name{sep}population{sep}")),
            "{header}"
        );
        let v = batch(&[path.to_str().unwrap()]);
        assert_eq!(v["rows"].as_array().map(Vec::len), Some(3), "{lang}");
    }
    let fr = std::fs::read_to_string(dir.path().join("fr.csv")).unwrap();
    assert!(fr.contains(";0,9;"), "{fr}");
}

/// A reform is a reform: the fongibilité draft extends avenant 2, so it concerns the CPTS whose
/// contract year falls under avenant 2; those under aci-2019 are "not concerned" (B = A), and
/// the cost is the sum of the concerned CPTS's differences (8 250 €, not the 81 780 € of
/// recomputing the aci-2019 years at avenant-2 amounts, which `--instead` still gives).
#[test]
fn a_reform_costs_only_the_years_it_changes() {
    let v = batch(&[
        "examples/region",
        "--against",
        "examples/tariffs/draft-fongibilite.toml",
    ]);
    let rows = v["rows"].as_array().unwrap();
    let mut sum = Decimal::ZERO;
    let (mut concerned, mut not_concerned) = (0, 0);
    for r in rows {
        let difference = d(&r["difference"]["total"]);
        match (r["tariff"].as_str().unwrap(), r["reform"].as_str().unwrap()) {
            ("aci-avenant-2", "concerned") => {
                concerned += 1;
                sum += difference;
                assert!(r["against_warnings"].is_array(), "{r}");
            }
            ("aci-2019", "not_concerned") => {
                not_concerned += 1;
                assert_eq!(difference, Decimal::ZERO, "{r}");
                assert_eq!(r["against_totals"], r["totals"], "{r}");
            }
            other => panic!("{other:?}: {r}"),
        }
    }
    assert_eq!((concerned, not_concerned), (22, 10));
    assert_eq!(d(&v["aggregate"]["difference"]["total"]), sum);
    assert_eq!(sum, Decimal::new(825_000, 2));
    assert_eq!(v["aggregate"]["not_concerned"], 10);
    let instead = batch(&[
        "examples/region",
        "--against",
        "examples/tariffs/draft-fongibilite.toml",
        "--instead",
    ]);
    assert_eq!(
        d(&instead["aggregate"]["difference"]["total"]),
        Decimal::new(8_178_000, 2)
    );
}

/// A batch's cash is in every format: JSON and the tables for people hold the region's plan; a
/// CSV (a row per CPTS) holds each CPTS's cash of each year, says where the region's plan is,
/// and `--sums` writes it (examples/region, 2026: the CSV rows' cash adds up to the plan's total).
#[test]
fn a_batch_s_cash_is_never_dropped() {
    let v = batch(&["examples/region", "--cash", "2026"]);
    let total = d(&v["aggregate"]["cash"][0]["total"]["total"]);
    assert!(total > Decimal::ZERO, "{v}");
    let table = stdout_of(&["batch", "examples/region", "--cash", "2026"]);
    for caption in ["by month", "by part", "by payment", "by contract year"] {
        assert!(
            table.contains(&format!("cash of 2026 {caption}")),
            "{table}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "csv-excel-fr"] {
        let run = |more: &[&str]| {
            crate::common::bin()
                .args([
                    "batch",
                    "examples/region",
                    "--cash",
                    "2026",
                    "--format",
                    format,
                ])
                .args(more)
                .output()
                .unwrap()
        };
        let out = run(&[]);
        assert!(out.status.success(), "{format}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--sums"));
        let text = String::from_utf8_lossy(&out.stdout);
        let sep = if format == "csv" { ',' } else { ';' };
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(sep).collect();
        let at = header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == "cash_2026" || *h == "encaissé 2026")
            .unwrap_or_else(|| panic!("{header:?}"));
        let rows: Decimal = lines
            .map(|l| {
                let cell = l.split(sep).nth(at).unwrap().replace(',', ".");
                cell.parse::<Decimal>().unwrap()
            })
            .sum();
        assert_eq!(rows, total, "{format}");
        let sums = dir.path().join(format!("sums-{format}.csv"));
        let sums = sums.to_str().unwrap();
        let out = run(&["--sums", sums]);
        assert!(out.status.success(), "{format}");
        let written = std::fs::read_to_string(sums).unwrap();
        let cash_total = written
            .lines()
            .find(|l| l.starts_with("cash_total"))
            .unwrap_or_else(|| panic!("{written}"));
        let amount = cash_total.split(sep).nth(10).unwrap().replace(',', ".");
        assert_eq!(amount.parse::<Decimal>().unwrap(), total, "{cash_total}");
        let again = crate::common::bin()
            .args(["batch", "examples/region", "--sums", sums])
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(1), "never overwrites");
        assert_eq!(std::fs::read_to_string(sums).unwrap(), written);
    }
}

/// `--sums` is one row per sum with its `kind`: every sum of the JSON aggregate is in it, equal
/// (examples/region with the fongibilité draft: total, bands, versions, lines, the reform).
#[test]
fn the_sums_file_holds_the_aggregate() {
    let args = [
        "examples/region",
        "--against",
        "examples/tariffs/draft-fongibilite.toml",
    ];
    let v = batch(&args);
    let a = &v["aggregate"];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sums.csv");
    let out = crate::common::bin()
        .arg("batch")
        .args(args)
        .args(["--sums", path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let find = |kind: &str, key: &str| {
        rows.iter()
            .find(|r| r[0] == kind && r[1] == key)
            .unwrap_or_else(|| panic!("{kind} {key}: {text}"))
    };
    let total = col("total");
    assert_eq!(
        find("total", "")[total],
        a["totals"]["total"].as_str().unwrap()
    );
    assert_eq!(
        find("total", "")[col("at_risk")],
        a["at_risk"].as_str().unwrap()
    );
    for (band, sums) in a["by_band"].as_object().unwrap() {
        assert_eq!(
            find("band", band)[total],
            sums["totals"]["total"].as_str().unwrap()
        );
    }
    for (tariff, sums) in a["by_tariff"].as_object().unwrap() {
        assert_eq!(
            find("tariff", tariff)[total],
            sums["totals"]["total"].as_str().unwrap()
        );
    }
    for (line, amount) in a["by_line"].as_object().unwrap() {
        assert_eq!(find("line", line)[total], amount.as_str().unwrap());
    }
    assert_eq!(
        find("against_total", "")[total],
        a["against_totals"]["total"].as_str().unwrap()
    );
    assert_eq!(
        find("difference", "")[total],
        a["difference"]["total"].as_str().unwrap()
    );
    assert_eq!(find("difference", "")[total], "8250.00");
}

/// `--cash` takes a civil year or a range of them, and says how to write it otherwise.
#[test]
fn cash_years_are_a_year_or_a_range() {
    for bad in ["2026:2024", "2018", "2024-2026", "2020:2080", "deux mille"] {
        let out = crate::common::bin()
            .args(["batch", "examples/region", "--cash", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("write 2026, or 2024:2026"), "{bad}: {err}");
    }
    let out = crate::common::bin()
        .args([
            "batch",
            "examples/region",
            "--cash",
            "2024-2026",
            "--lang",
            "fr",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("écrivez 2026, ou 2024:2026"));
}

/// What an adviser pivots on is in every row for programs: population, members, contract year,
/// and, for a CPTS given by its communes, its département and région (examples/t3-communes.toml:
/// Rosny-sous-Bois, Villemomble, Le Raincy, Seine-Saint-Denis 93, Île-de-France 11).
#[test]
fn batch_rows_carry_what_an_adviser_pivots_on() {
    let csv = stdout_of(&[
        "batch",
        "examples/t3-communes.toml",
        "examples/t3-year5.toml",
        "--format",
        "csv",
    ]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let communes = &rows[0];
    assert_eq!(communes[col("departement")], "93");
    assert_eq!(communes[col("region")], "11");
    assert_eq!(communes[col("contract_year")], "5");
    let given = &rows[1];
    assert_eq!(given[col("population")], "92000");
    assert_eq!(given[col("members")], "80");
    assert_eq!(given[col("departement")], "");
    let v = batch(&["examples/t3-communes.toml"]);
    assert_eq!(v["rows"][0]["departement"], "93");
    assert_eq!(v["rows"][0]["members"], 80);
}

/// `calendar` and `forecast` read a portfolio's row, named by its line (as batch reports it) or
/// by its name: the same payments as the CPTS's own file (examples/region holds both), and the
/// row's cash in `batch --cash` is its calendar's.
#[test]
fn calendar_and_forecast_read_a_portfolio_row() {
    let v = batch(&["examples/region/portfolio.csv", "--cash", "2026"]);
    for (i, n) in [(0usize, "01"), (6, "07"), (20, "21")] {
        let line = format!("examples/region/portfolio.csv#{}", i + 2);
        let name = format!("examples/region/portfolio.csv#CPTS exemple {n}");
        let file = format!("examples/region/cpts-{n}.toml");
        let json = |what: &str, path: &str, more: &[&str]| -> Value {
            let mut args = vec![what, path, "--format", "json"];
            args.extend(more);
            serde_json::from_str(&stdout_of(&args)).unwrap()
        };
        let of_file = json("calendar", &file, &["--year", "2026"]);
        assert!(!of_file["payments"].as_array().unwrap().is_empty() || n == "07");
        for path in [&line, &name] {
            let of_row = json("calendar", path, &["--year", "2026"]);
            assert_eq!(of_row["payments"], of_file["payments"], "{path}");
            assert_eq!(of_row["total"], of_file["total"], "{path}");
            let forecast = json("forecast", path, &[]);
            assert_eq!(
                forecast["contract_years"],
                json("forecast", &file, &[])["contract_years"]
            );
        }
        assert_eq!(
            d(&v["rows"][i]["cash"][0]["total"]),
            d(&of_file["total"]["total"]),
            "{file}"
        );
    }
    let out = crate::common::bin()
        .args(["calendar", "examples/region/portfolio.csv#CPTS exmple 02"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `CPTS exemple 02`?"), "{err}");
    assert!(err.contains("help:"), "{err}");
}

/// "Par ligne" names each line as a budget does and in a budget's order — fonctionnement, the
/// missions in the table's order with their parts, the uplift — with the JSON's sums (which keep
/// their keys), and `--sums` names them too.
#[test]
fn lines_are_named_and_ordered_as_a_budget() {
    let v = batch(&["examples/region"]);
    let by_line = v["aggregate"]["by_line"].as_object().unwrap();
    let md = stdout_of(&[
        "batch",
        "examples/region",
        "--lang",
        "fr",
        "--format",
        "markdown",
    ]);
    let table: Vec<(String, String)> = md
        .split("| ligne | montant |")
        .nth(1)
        .unwrap()
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").collect();
            (cells[0].trim().to_string(), cells[1].trim().to_string())
        })
        .collect();
    assert_eq!(table.len(), by_line.len());
    let names: Vec<&str> = table.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "Fonctionnement");
    assert_eq!(names[1], "Accès aux soins — volet fixe");
    assert_eq!(names[2], "Accès aux soins — volet variable");
    assert_eq!(*names.last().unwrap(), "Majoration");
    let plan = names
        .iter()
        .position(|n| *n == "Réponse aux crises sanitaires graves — plan de crise")
        .unwrap();
    assert_eq!(
        names[plan + 1],
        "Réponse aux crises sanitaires graves — mise à jour du plan"
    );
    let euros = |s: &str| -> Decimal {
        let digits: String = s
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == ',')
            .collect();
        digits.replace(',', ".").parse().unwrap()
    };
    assert_eq!(euros(&table[0].1), d(&by_line["fonctionnement"]));
    assert_eq!(euros(&table[1].1), d(&by_line["acces_aux_soins.fixed"]));
    assert_eq!(euros(&table.last().unwrap().1), d(&by_line["uplift"]));
    let total: Decimal = table.iter().map(|(_, a)| euros(a)).sum();
    assert_eq!(total, d(&v["aggregate"]["totals"]["total"]));
}
