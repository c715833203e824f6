//! A generator of hostile inputs (issue #10), run in-process through the library so it is fast:
//! real scenario files, tariff tables and drafts, mutated — a line deleted, doubled or swapped, a
//! value replaced by an odd token (huge or negative numbers, floats past 1, far dates, control
//! characters, broken TOML). For every input: no panic; a refused input is an error that names
//! its file; an accepted scenario's result keeps the arithmetic invariants (total = sum of lines,
//! a variable part never above its envelope, the uplift exactly its rate of its base).
//!
//! `cargo test` runs a bounded number of cases. The long mode runs as many as asked and prints
//! the outcomes by class:
//!
//! ```sh
//! ACI_CPTS_FUZZ_CASES=100000 cargo test --release harness -- --nocapture
//! ```

use aci_cpts::engine::{Part, simulate};
use aci_cpts::input::diagnostic::SourceFile;
use aci_cpts::model::money::Money;
use aci_cpts::model::tariff::Registry;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).expect("shipped tables read")
    })
}

/// The seeds: every example, every shipped table, the example draft.
fn seeds() -> &'static [(bool, String)] {
    static S: OnceLock<Vec<(bool, String)>> = OnceLock::new();
    S.get_or_init(|| {
        let read = |p: &std::path::Path| std::fs::read_to_string(p).expect("a seed");
        let mut out: Vec<(bool, String)> = crate::common::files("examples", "toml")
            .iter()
            .map(|p| (true, read(&crate::common::root().join(p))))
            .collect();
        for dir in ["tariffs", "examples/tariffs"] {
            for p in crate::common::files(dir, "toml") {
                out.push((false, read(&crate::common::root().join(p))));
            }
        }
        out
    })
}

const TOKENS: &[&str] = &[
    "0",
    "-1",
    "1.5",
    "1.0000000000000001",
    "0.0000004999999999999999999",
    "18446744073709551616",
    "9223372036854775807",
    "1e309",
    "nan",
    "\"80%\"",
    "\"120%\"",
    "\"\"",
    "\"1e15\"",
    "\"1000000000000000.00\"",
    "[]",
    "[0.5, 2]",
    "true",
    "9999-12-31",
    "2024-02-29",
    "1900-01-01",
    "\"\u{1b}]0;x\u{7}\"",
    "\u{0}",
    "\r",
    "=",
    "[[",
    "]]",
    "[missions.x]",
    "a.b.c.d.e.f.g.h.i.j.k.l = 1",
    "é",
    // A draft's own bands, which its base's lines may not fit.
    "[[bands]]",
    "id = \"T5\"",
    "from = 300000",
    // Nested past what the reader takes: a header, a value.
    "[a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a]",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
];

/// One mutation of a seed's lines.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Double(usize),
    Swap(usize, usize),
    /// Replace the value after `=` on a line (or the whole line) by a token.
    Value(usize, usize),
    Insert(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Double),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(l, t)| Mutation::Value(l, t)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(l, t)| Mutation::Insert(l, t)),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match *m {
            Mutation::Delete(i) => {
                lines.remove(i % n);
            }
            Mutation::Double(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Value(i, t) => {
                let l = &mut lines[i % n];
                *l = match l.split_once('=') {
                    Some((key, _)) => format!("{key}= {}", TOKENS[t]),
                    None => TOKENS[t].to_string(),
                };
            }
            Mutation::Insert(i, t) => lines.insert(i % n, TOKENS[t].to_string()),
        }
    }
    lines.join("\n")
}

/// Mutated portfolio CSVs (the example region's): every row is read, computed or refused with
/// its `file:line`, and nothing panics.
#[test]
fn mutated_portfolios_never_panic() {
    let cases = std::env::var("ACI_CPTS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .map_or(100, |n| (n / 10).max(100));
    let text = std::fs::read_to_string(crate::common::root().join("examples/region/portfolio.csv"))
        .expect("the region's portfolio");
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let cell_tokens = prop::sample::select(vec![
        "",
        "-1",
        "1e309",
        "18446744073709551616",
        "120%",
        "1,5",
        "oui",
        "31/02/2024",
        "9999-12-31",
        "\"",
        "x;y",
        "\u{1b}",
        "0,0000004999999999999999999",
    ]);
    runner
        .run(
            &(
                prop::collection::vec((any::<usize>(), any::<usize>(), cell_tokens), 1..6),
                mutation(),
            ),
            |(edits, m)| {
                let mut lines: Vec<Vec<String>> = text
                    .lines()
                    .map(|l| l.split(',').map(str::to_string).collect())
                    .collect();
                for (row, col, token) in edits {
                    let r = row % lines.len();
                    let c = col % lines[r].len();
                    lines[r][c] = token.to_string();
                }
                let joined: Vec<String> = lines.iter().map(|l| l.join(",")).collect();
                let mutated = mutate(&joined.join("\n"), &[m]);
                let file = SourceFile {
                    name: "p.csv".into(),
                    text: mutated.into(),
                };
                if let Ok(rows) =
                    aci_cpts::input::portfolio::read(aci_cpts::catalog::Lang::En, &file, registry())
                {
                    for row in rows {
                        prop_assert!(row.source.starts_with("p.csv:"));
                        if let Ok(loaded) =
                            row.load(aci_cpts::catalog::Lang::En, registry(), None, None)
                        {
                            prop_assert!(simulate(&loaded.scenario, loaded.versions).is_ok());
                        }
                    }
                }
                Ok(())
            },
        )
        .expect("no hostile portfolio breaks the tool");
}

/// Outcomes by class, for the long mode's report.
static ACCEPTED: AtomicUsize = AtomicUsize::new(0);
static REFUSED: AtomicUsize = AtomicUsize::new(0);
static TABLES_ACCEPTED: AtomicUsize = AtomicUsize::new(0);
static TABLES_REFUSED: AtomicUsize = AtomicUsize::new(0);
/// Errors without a line, without a `help:`, or located in a file the user did not write.
static UNLOCATED: AtomicUsize = AtomicUsize::new(0);
static WITHOUT_HELP: AtomicUsize = AtomicUsize::new(0);
static IN_ANOTHER_FILE: AtomicUsize = AtomicUsize::new(0);

/// Every error of a refusal has a line, a way out, and is in the user's file (a draft's problem
/// is the draft's, even where its base's lines are involved); counted for the long mode's report.
fn errors_say_where_and_how(
    e: &aci_cpts::input::diagnostic::InputError,
) -> Result<(), TestCaseError> {
    use aci_cpts::input::diagnostic::Severity;
    for d in e
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        let (file, local) = e.locate(d);
        let counts = [
            (local.span.is_none(), &UNLOCATED, "no line"),
            (local.help.is_none(), &WITHOUT_HELP, "no help"),
            (
                file.name != "mutated.toml",
                &IN_ANOTHER_FILE,
                "another file",
            ),
        ];
        for (bad, count, what) in counts {
            if bad {
                count.fetch_add(1, Ordering::Relaxed);
                prop_assert!(
                    false,
                    "an error with {what}: {} ({})\n{e}",
                    local.message,
                    file.name
                );
            }
        }
    }
    Ok(())
}

fn run_one(scenario: bool, text: &str) -> Result<(), TestCaseError> {
    let file = SourceFile {
        name: "mutated.toml".into(),
        text: text.to_string().into(),
    };
    if !scenario {
        match aci_cpts::input::tariff::parse_table(aci_cpts::catalog::Lang::En, &file) {
            Ok(parsed) => {
                TABLES_ACCEPTED.fetch_add(1, Ordering::Relaxed);
                let _ = aci_cpts::engine::check::check(&[&parsed.table]);
            }
            Err(e) => {
                TABLES_REFUSED.fetch_add(1, Ordering::Relaxed);
                let shown = e.to_string();
                prop_assert!(shown.contains("error: "), "{shown}");
                errors_say_where_and_how(&e)?;
            }
        }
        return Ok(());
    }
    match aci_cpts::input::scenario::load(aci_cpts::catalog::Lang::En, &file, registry(), None) {
        Err(e) => {
            REFUSED.fetch_add(1, Ordering::Relaxed);
            let shown = e.to_string();
            prop_assert!(
                shown.contains("mutated.toml"),
                "a refusal names its file: {shown}"
            );
            prop_assert!(e.has_errors());
            errors_say_where_and_how(&e)?;
        }
        Ok(loaded) => {
            ACCEPTED.fetch_add(1, Ordering::Relaxed);
            let sim = simulate(&loaded.scenario, loaded.versions);
            prop_assert!(
                sim.is_ok(),
                "an accepted scenario computes: {sim:?}\n{text}"
            );
            let sim = sim.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            let sum = Money::checked_sum(sim.lines.iter().map(|l| l.amount));
            prop_assert_eq!(sum, Some(sim.totals.total));
            for l in &sim.lines {
                prop_assert!(l.amount <= l.at_full_achievement, "{l:?}");
                prop_assert!(l.amount >= Money::ZERO, "{l:?}");
                if l.part == Part::Uplift {
                    let rate = l.rate.unwrap_or_default();
                    let expected = l
                        .envelope
                        .checked_mul(rate)
                        .map(|m| m.round(aci_cpts::model::money::Rounding::CentHalfAwayFromZero));
                    prop_assert_eq!(Some(l.amount), expected);
                }
            }
        }
    }
    Ok(())
}

/// The cases asked (`ACI_CPTS_FUZZ_CASES`, 300 by default) and a runner seeded the same on
/// every run, so that the long mode's counts are reproducible.
fn runner() -> (u32, TestRunner) {
    let cases = std::env::var("ACI_CPTS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    (cases, runner)
}

#[test]
fn mutated_inputs_never_panic_and_keep_the_invariants() {
    let (cases, mut runner) = runner();
    let seeds = seeds();
    let strategy = (0..seeds.len(), prop::collection::vec(mutation(), 1..4));
    let started = std::time::Instant::now();
    runner
        .run(&strategy, |(seed, mutations)| {
            let (scenario, text) = &seeds[seed];
            run_one(*scenario, &mutate(text, &mutations))
        })
        .expect("no hostile input breaks the tool");
    eprintln!(
        "harness: {cases} inputs in {:.1} s — scenarios accepted {}, refused {}; tables accepted {}, refused {}; errors without a line {}, without help {}, in another file {}",
        started.elapsed().as_secs_f64(),
        ACCEPTED.load(Ordering::Relaxed),
        REFUSED.load(Ordering::Relaxed),
        TABLES_ACCEPTED.load(Ordering::Relaxed),
        TABLES_REFUSED.load(Ordering::Relaxed),
        UNLOCATED.load(Ordering::Relaxed),
        WITHOUT_HELP.load(Ordering::Relaxed),
        IN_ANOTHER_FILE.load(Ordering::Relaxed),
    );
}

const WORDS: &[&str] = &[
    "simulate",
    "compare",
    "sweep",
    "calendar",
    "forecast",
    "tariffs",
    "list",
    "show",
    "check",
    "diff",
    "schema",
    "output",
    "examples/t3-year5.toml",
    "examples/version-change.toml",
    "examples/tariffs/draft-fongibilite.toml",
    "aci-2019",
    "aci-avenant-2",
    "-",
    "--format",
    "json",
    "csv",
    "csv-excel-fr",
    "markdown",
    "--csv-excel-fr",
    "--tariff",
    "--against",
    "--vary",
    "population=1:200000:50000",
    "members=18446744073709551616:18446744073709551617:1",
    "achievement=0:1:1e-30",
    "contract_year=1:60:1",
    "--at",
    "2026-02-29",
    "9999-12-31",
    "2024-01-01",
    "--years",
    "0",
    "51",
    "--strict",
    "--allow",
    "table_notice",
    "--explain",
    "--from",
    "--to",
    "--band",
    "T9",
    "\u{1b}[31m",
    "",
];

/// Command lines built from the words above, run through the binary: whatever they say, it exits
/// 0, 1 or 2, never with a panic.
#[test]
fn mutated_command_lines_never_panic() {
    let cases = std::env::var("ACI_CPTS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .map_or(60, |n| (n / 100).max(60));
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(0..WORDS.len(), 1..7), |words| {
            let args: Vec<&str> = words.iter().map(|i| WORDS[*i]).collect();
            let out = crate::common::bin()
                .args(&args)
                .timeout(std::time::Duration::from_secs(20))
                .output()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let err = String::from_utf8_lossy(&out.stderr);
            prop_assert!(
                matches!(out.status.code(), Some(0..=2)),
                "{args:?}: {:?}\n{err}",
                out.status
            );
            prop_assert!(!err.contains("panicked"), "{args:?}: {err}");
            Ok(())
        })
        .expect("no command line breaks the tool");
}

/// What a draft may write over its base: each a fragment with the draft's own values, some
/// wrong. Drafts built from any subset of them must have every problem said in the draft, at a
/// line, with a way out — never in the shipped table the draft extends.
const DRAFT_FRAGMENTS: &[&str] = &[
    "in_force_from = 2030-01-01\n",
    "in_force_from = 2019-01-01\n",
    "in_force_to = 2020-01-01\n",
    "signed = 2031-02-03\n",
    "rounding = \"cent_half_even\"\n",
    "title = \"\"\n",
    "schema = 2\n",
    "[sources]\nmine = \"a source of the draft\"\n",
    "[[bands]]\nid = \"T1\"\nlabel = \"a\"\nfrom = 1\nbelow = 50000\n\n[[bands]]\nid = \"T2\"\nlabel = \"b\"\nfrom = 50000\n",
    "[[bands]]\nid = \"T1\"\nlabel = \"a\"\nfrom = 1\nbelow = 40000\n\n[[bands]]\nid = \"T2\"\nlabel = \"b\"\nfrom = 40000\nbelow = 80000\n\n[[bands]]\nid = \"T3\"\nlabel = \"c\"\nfrom = 80000\nup_to = 175000\n\n[[bands]]\nid = \"T4\"\nlabel = \"d\"\nfrom = 175001\nbelow = 300000\n\n[[bands]]\nid = \"T5\"\nlabel = \"e\"\nfrom = 300000\n",
    "[[bands]]\nid = \"P1\"\nlabel = \"a\"\nfrom = 0\n",
    "[[bands]]\nid = \"T1\"\nlabel = \"a\"\nfrom = 1\nbelow = 40000\n\n[[bands]]\nid = \"T2\"\nlabel = \"b\"\nfrom = 30000\n",
    "[fonctionnement.amounts]\nT2 = { amount = \"-1.00\", evidence = \"estimate\" }\n",
    "[fonctionnement.amounts]\nT9 = { amount = \"1.00\", evidence = \"estimate\", source = \"nowhere\" }\n",
    "[missions.parcours.fixed]\nT2 = { amount = \"1e15\", evidence = \"rumour\" }\n",
    "[missions.parcours.variable]\nT1 = { amount = \"99999999.00\", evidence = \"estimate\" }\n",
    "[missions.nouvelle]\nlabel = \"Nouvelle\"\n[missions.nouvelle.fixed]\nT1 = { amount = \"1.00\", evidence = \"estimate\" }\n",
    "[uplift]\nlabel = \"x\"\nmembers_above = -3\nrate = \"2\"\nbase = \"everything\"\nevidence = \"brief\"\n",
    "[payments]\nfonctionnement_first_year = \"never\"\nfixed_advance = \"1.5\"\nvariable_delay_months = -1\nevidence = \"official\"\n",
    "[[notices]]\nfrom = 2031-01-01\ntext = \"\"\n",
    "[[cross_checks]]\nname = \"x\"\npopulation = 0\ncontract_year = 99\nmissions = [\"parcorus\"]\nexpected_total = \"1.00\"\nsource = \"nowhere\"\n",
    "[[cross_checks]]\nname = \"y\"\npopulation = 60000\nexpected_total = \"12.00\"\n",
];

static DRAFTS_REFUSED: AtomicUsize = AtomicUsize::new(0);

#[test]
fn drafts_overriding_any_field_are_refused_in_the_draft() {
    let (cases, mut runner) = runner();
    let bases = ["aci-2019", "aci-avenant-2"];
    let strategy = (
        0..bases.len(),
        prop::collection::vec(0..DRAFT_FRAGMENTS.len(), 1..6),
    );
    runner
        .run(&strategy, |(base, picked)| {
            // Top-level keys first, then tables, so that every fragment is where it is meant.
            let mut picked = picked;
            picked.sort_unstable();
            picked.dedup();
            let mut text = format!("extends = \"{}\"\nid = \"draft-x\"\n", bases[base]);
            for i in picked {
                text.push_str(DRAFT_FRAGMENTS[i]);
                text.push('\n');
            }
            let file = SourceFile {
                name: "mutated.toml".into(),
                text: text.into(),
            };
            if let Err(e) = aci_cpts::input::tariff::parse_table(aci_cpts::catalog::Lang::En, &file)
            {
                DRAFTS_REFUSED.fetch_add(1, Ordering::Relaxed);
                errors_say_where_and_how(&e)?;
            }
            Ok(())
        })
        .expect("every problem of a draft is said in the draft");
    eprintln!(
        "harness: {cases} drafts, {} refused; errors without a line {}, without help {}, in another file {}",
        DRAFTS_REFUSED.load(Ordering::Relaxed),
        UNLOCATED.load(Ordering::Relaxed),
        WITHOUT_HELP.load(Ordering::Relaxed),
        IN_ANOTHER_FILE.load(Ordering::Relaxed),
    );
}
