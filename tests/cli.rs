//! The command line: init, stdin, usage errors, exit codes, closed pipes.

use crate::common::{bin, stderr_of_failure, stdout_of};
use std::process::Stdio;

#[test]
fn init_writes_a_template_that_simulates() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("my-cpts.toml");
    let out = bin()
        .args(["init", path.to_str().unwrap()])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let written = std::fs::read_to_string(&path).expect("written");
    assert_eq!(written, crate::common::template());
    let sim = stdout_of(&["simulate", path.to_str().unwrap()]);
    assert!(sim.contains("TOTAL DÛ"), "{sim}");
}

#[test]
fn init_never_overwrites_a_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("precious.toml");
    std::fs::write(&path, "my own work\n").unwrap();
    let err = stderr_of_failure(&["init", path.to_str().unwrap()]);
    assert!(
        err.contains("already exists") && err.contains("never overwrites"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own work\n");
}

#[test]
fn init_dash_prints_the_template() {
    assert_eq!(stdout_of(&["init", "-"]), crate::common::template());
}

#[test]
fn a_scenario_can_come_from_stdin() {
    let text =
        std::fs::read_to_string(crate::common::root().join("examples/t3-year5.toml")).unwrap();
    let out = bin()
        .args(["simulate", "-", "--format", "json"])
        .write_stdin(text)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["totals"]["total"], "397500.00");
}

#[test]
fn errors_in_stdin_are_located_in_stdin() {
    let out = bin()
        .args(["simulate", "-"])
        .write_stdin("name = \"x\"\npopulation = 0\nmembers = 1\nsigned = 2023-01-01\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("<stdin>:2:14")
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let out = bin().args(["simulate"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["simulate", "examples/t3-year5.toml", "--format", "xml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn csv_excel_fr_does_not_go_with_json() {
    // A format the command cannot write is a usage error, like any other refused option.
    let out = bin()
        .args([
            "simulate",
            "examples/t3-year5.toml",
            "--format",
            "json",
            "--csv-excel-fr",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot go with `--format json`"));
}

#[test]
fn an_unknown_tariff_in_show_is_an_error() {
    let err = stderr_of_failure(&["tariffs", "show", "aci-avenant-9"]);
    assert!(
        err.contains("unknown tariff `aci-avenant-9`") && err.contains("aci-2019, aci-avenant-2"),
        "{err}"
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("aci-cpts"))
        .args(["tariffs", "show", "aci-avenant-2"])
        .current_dir(crate::common::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    // Close the reading end before the program writes, as `| head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("waits");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_template_reads_bands_uplift_and_versions_from_the_tables() {
    let text = crate::common::template();
    assert!(
        text.contains("T2: 40 000 – 79 999 · T3: 80 000 – 175 000 · T4: 175 001 and more"),
        "{text}"
    );
    assert!(
        text.contains("aci-2019 until 2022-03-31, aci-avenant-2 from 2022-04-01"),
        "{text}"
    );
    // Change the tables, and the template follows: nothing of them is written in the text.
    let mut registry =
        aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).expect("shipped tables");
    for t in registry.tables_mut() {
        if let Some(u) = &mut t.uplift {
            u.members_above = 150;
        }
        t.bands[1].min = 45_000;
    }
    let changed = aci_cpts::app::init::template(aci_cpts::catalog::Lang::En, &registry);
    assert!(
        changed.contains("more than 150 raises the mission remuneration by 10 %"),
        "{changed}"
    );
    assert!(changed.contains("T2: 45 000 – 79 999"), "{changed}");
    // Placeholders are `{name}`; inline tables (`{ from = … }`) are the template's own TOML.
    assert!(
        !changed
            .split('{')
            .skip(1)
            .any(|after| after.starts_with(|c: char| c.is_ascii_alphabetic())),
        "every placeholder is filled"
    );
}

#[test]
fn at_picks_the_contract_year_that_contains_a_day() {
    // examples/t3-year5.toml is signed 2022-04-15: 2026-11-24 falls in contract year 5
    // (2026-04-15 → 2027-04-14), 2023-04-14 in year 1, 2023-04-15 in year 2.
    let year = |at: &str| {
        let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
            "simulate",
            "examples/t3-year5.toml",
            "--at",
            at,
            "--format",
            "json",
        ]))
        .unwrap();
        v["contract_year"]["number"].as_u64().unwrap()
    };
    assert_eq!(year("2026-11-24"), 5);
    assert_eq!(year("2023-04-14"), 1);
    assert_eq!(year("2023-04-15"), 2);
    let err = stderr_of_failure(&["simulate", "examples/t3-year5.toml", "--at", "2022-01-01"]);
    assert!(
        err.contains("--at 2022-01-01 is before the signature")
            && err.contains("contract year 1 starts on the signature, 2022-04-15"),
        "{err}"
    );
    // compare and sweep take it too.
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "compare",
        "examples/t3-year5.toml",
        "examples/large-cpts.toml",
        "--at",
        "2025-01-01",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["a"]["contract_year"], 3);
    assert_eq!(v["b"]["contract_year"], 3);
    let csv = stdout_of(&[
        "sweep",
        "examples/t3-year5.toml",
        "--at",
        "2022-05-01",
        "--vary",
        "members=10:10:1",
        "--format",
        "csv",
    ]);
    // Contract year 1 with a recognised crisis? No: year 1 of t3-year5 pays the T3 plan, 45 000.
    assert!(csv.contains(",45000.00,"), "{csv}");
}

#[test]
fn strict_refuses_unverified_figures_unless_a_code_is_allowed() {
    // examples/cash-multi-year.toml, contract year 3 from 2027-03-01: the table was last checked
    // on 2026-12-04 (reference section 1), so `table_not_checked_since`, and the LFSS 2026
    // notice applies from 2026-07-01.
    let p = "examples/t3-year5.toml";
    let late = [
        "simulate",
        "examples/cash-multi-year.toml",
        "--at",
        "2027-04-01",
        "--strict",
    ];
    let err = stderr_of_failure(&late);
    assert!(err.contains("table_not_checked_since"), "{err}");
    assert!(err.contains("table_notice"), "{err}");
    let out = bin()
        .args(late)
        .args([
            "--allow",
            "table_not_checked_since",
            "--allow",
            "table_notice",
        ])
        .args(["--allow", "press_or_derived_evidence"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Estimates are still refused when another code is allowed.
    let err = stderr_of_failure(&[
        "simulate",
        "examples/t2-year2.toml",
        "--strict",
        "--allow",
        "table_not_checked_since",
    ]);
    assert!(err.contains("estimate_evidence"), "{err}");
    for args in [
        &["simulate", p, "--strict", "--allow", "no_such_code"][..],
        &["simulate", p, "--allow", "table_not_checked_since"][..],
        &["tariffs", "check", "--allow", "x"][..],
    ] {
        let out = bin().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let out = bin()
        .args(["tariffs", "check", "--strict"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "`tariffs check --strict` is --deny-warnings"
    );
    let out = bin()
        .args([
            "tariffs",
            "check",
            "tests/fixtures/tariffs/larger-band-gets-less.toml",
            "--strict",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a warning fails under --strict");
}

#[test]
fn csv_day_counts_recompute_every_line_exactly() {
    // A spreadsheet recomputing envelope × achievement × prorata_days / prorata_of, rounded half
    // away from zero, finds every amount of examples/mid-year-start.toml to the cent.
    let csv = stdout_of(&[
        "simulate",
        "examples/mid-year-start.toml",
        "--format",
        "csv",
    ]);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (env, ach, days, of, amount, part) = (
        col("envelope"),
        col("achievement"),
        col("prorata_days"),
        col("prorata_of"),
        col("amount"),
        col("part"),
    );
    let mut prorated = 0;
    for r in rows.records().map(Result::unwrap) {
        if &r[part] == "total" || &r[part] == "uplift" {
            continue;
        }
        let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
        let factor = if r[ach].is_empty() {
            d("1")
        } else {
            d(&r[ach])
        };
        let exact = d(&r[env]) * factor * d(&r[days]) / d(&r[of]);
        let rounded =
            exact.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(rounded, d(&r[amount]), "{:?}", r);
        prorated += usize::from(r[days] != r[of]);
    }
    assert!(prorated >= 4, "the example has prorated lines");
}

#[test]
fn every_command_s_help_ends_with_examples_that_parse() {
    use clap::CommandFactory;
    let cli = aci_cpts::cli::Cli::command();
    // Every command, and every command of a group (`tariffs show`, `schema output`).
    let mut all: Vec<&clap::Command> = Vec::new();
    for sub in cli.get_subcommands() {
        all.push(sub);
        all.extend(sub.get_subcommands());
    }
    for sub in all {
        let help = sub
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        let examples: Vec<&str> = help
            .strip_prefix("Examples:\n")
            .unwrap_or_else(|| panic!("`{}` has no examples", sub.get_name()))
            .lines()
            .map(str::trim)
            .collect();
        assert!(
            (2..=3).contains(&examples.len()),
            "{}: {examples:?}",
            sub.get_name()
        );
        for example in examples {
            // The command line before any redirection or pipe.
            let line = example.split(['>', '|']).next().unwrap().trim();
            let words = shlex::split(line).unwrap();
            assert!(
                <aci_cpts::cli::Cli as clap::Parser>::try_parse_from(&words).is_ok(),
                "not a valid command line: {example}"
            );
        }
    }
    // And the binary shows them.
    let out = bin().args(["batch", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:\n  aci-cpts batch"));
}

/// Each command is described by its own doc comment (`cli::Command`) in the list of commands, atop
/// its `--help` and in its manual page — not by its arguments' (`SimulateArgs`), which clap would
/// show were they defined after the command.
#[test]
fn each_command_is_described_by_what_it_does() {
    let described = [
        (
            "simulate",
            "Compute what a CPTS is due for one contract year",
        ),
        ("batch", "Many CPTS at once"),
        ("calendar", "Every payment with its date"),
        ("report", "A document to hand over"),
    ];
    let list = stdout_of(&["--help"]);
    let dir = tempfile::tempdir().expect("a folder");
    let pages = dir.path().to_str().expect("UTF-8");
    stdout_of(&["man", "--dir", pages]);
    for (command, what) in described {
        assert!(list.contains(what), "aci-cpts --help, {command}: {list}");
        let help = stdout_of(&[command, "--help"]);
        assert!(help.starts_with(what), "{command} --help: {help}");
        assert!(!help.contains("Arguments of"), "{command} --help: {help}");
        let page = std::fs::read_to_string(dir.path().join(format!("aci-cpts-{command}.1")))
            .expect("its manual page");
        assert!(
            page.contains(&what.replace('-', "\\-")),
            "aci-cpts-{command}.1: {page}"
        );
    }
}

#[test]
fn completions_and_the_manual_page_come_from_the_command_line_itself() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        // Every command is offered.
        for command in ["simulate", "batch", "risk", "forecast", "tariffs"] {
            assert!(text.contains(command), "{shell}: {command}");
        }
    }
    // `aci-cpts help tariffs <TAB>` offers the commands of `tariffs`, and each command its options
    // (a command whose parts are defined late must still be complete).
    let fish = stdout_of(&["completions", "fish"]);
    for (under, offered) in [
        (
            "help; and __fish_seen_subcommand_from tariffs",
            "-a \"check\"",
        ),
        (
            "help; and __fish_seen_subcommand_from schema",
            "-a \"output\"",
        ),
        ("simulate", "-l explain"),
        ("batch", "-l against"),
        ("tariffs; and __fish_seen_subcommand_from diff", "-l band"),
    ] {
        let line = format!("__fish_aci_cpts_using_subcommand {under}\" ");
        assert!(
            fish.lines()
                .any(|l| l.contains(&line) && l.contains(offered)),
            "fish: {under} offers {offered}"
        );
    }
    let out = bin().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH aci-cpts 1"),
        "{page}"
    );
    assert!(page.contains("simulate"), "{page}");
}

#[test]
fn a_table_fits_the_terminal_and_keeps_its_layout_in_a_pipe() {
    // `script` (util-linux) gives the command a terminal of 90 columns.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("typescript");
    let command = format!(
        "stty cols 90; {} simulate examples/t3-year5.toml --lang fr",
        env!("CARGO_BIN_EXE_aci-cpts")
    );
    let status = std::process::Command::new("script")
        .args(["-qec", &command, log.to_str().unwrap()])
        .env("LANG", "C")
        .current_dir(crate::common::root())
        .status()
        .expect("the `script` command (util-linux) runs");
    assert!(status.success());
    let seen = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    let table: Vec<&str> = seen
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| l.starts_with(['│', '╭', '╰', '╞']))
        .collect();
    assert!(table.len() > 10, "{seen}");
    for line in &table {
        assert!(
            line.chars().count() <= 90,
            "wider than the terminal: {line}"
        );
    }
    // Amounts are never cut.
    assert!(seen.contains("397 500,00 €"), "{seen}");
    // In a pipe the table is as wide as its content.
    let piped = stdout_of(&["simulate", "examples/t3-year5.toml", "--lang", "fr"]);
    assert!(piped.lines().any(|l| l.chars().count() > 90));
}
