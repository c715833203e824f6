//! Hostile input (issue #10): what a generator of bad inputs found, class by class, each pinned by
//! a test, and a generator of our own that mutates real inputs and checks that nothing panics.

use crate::common::{root, stderr_of_failure, stdout_of};
use std::fs::File;
use std::process::{Command, Stdio};

/// The binary as a plain command, to point its standard streams anywhere.
fn bin() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("aci-cpts"));
    cmd.current_dir(root());
    cmd
}

fn full() -> Stdio {
    Stdio::from(
        File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full"),
    )
}

#[test]
fn standard_error_that_cannot_be_written_never_panics() {
    // An error, CSV warnings, and the "wrote" line of a chart, with standard error on a full disk.
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("c.svg");
    for (args, code) in [
        (vec!["simulate", "no-such-file.toml"], 1),
        (
            vec!["simulate", "examples/t2-year2.toml", "--format", "csv"],
            0,
        ),
        (
            vec![
                "sweep",
                "examples/t3-year5.toml",
                "--vary",
                "members=99:101:1",
                "--chart",
                chart.to_str().unwrap(),
            ],
            0,
        ),
        (
            vec!["simulate", "examples/t3-year5.toml", "--format", "xml"],
            2,
        ),
    ] {
        let out = bin()
            .args(&args)
            .stdout(Stdio::null())
            .stderr(full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
    // Results that cannot be written are a failure (exit 1), not a panic.
    let out = bin()
        .args(["simulate", "examples/t3-year5.toml"])
        .stdout(full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn endless_input_is_refused_at_once() {
    for args in [
        &["simulate", "/dev/zero"][..],
        &[
            "simulate",
            "examples/t3-year5.toml",
            "--tariff",
            "/dev/zero",
        ][..],
    ] {
        let err = stderr_of_failure(args);
        assert!(err.contains("larger than 4 MiB"), "{args:?}: {err}");
    }
    // `tariffs check` reports on standard output, for CI annotations.
    let out = bin()
        .args(["tariffs", "check", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("larger than 4 MiB"));
    let out = bin()
        .args(["simulate", "-"])
        .stdin(Stdio::from(File::open("/dev/zero").unwrap()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_output_path_that_cannot_be_created_is_refused_before_any_work() {
    let out = bin()
        .args([
            "sweep",
            "examples/t3-year5.toml",
            "--vary",
            "members=1:3:1",
            "--chart",
            "no/such/dir/c.svg",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing printed before the failure");
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no folder `no/such/dir`"));
}

#[test]
fn numbers_from_the_command_line_are_range_checked_never_wrapped() {
    for (vary, limit) in [
        (
            "population=18446744073709551616:18446744073709551617:1",
            "1..100000000",
        ),
        (
            "members=18446744073709551617:18446744073709551617:1",
            "0..100000",
        ),
        ("contract_year=4294967297:4294967297:1", "1..50"),
    ] {
        let err = stderr_of_failure(&["sweep", "examples/t3-year5.toml", "--vary", vary]);
        assert!(
            err.contains(&format!("must stay within {limit}")),
            "{vary}: {err}"
        );
    }
    let err = stderr_of_failure(&["simulate", "examples/t3-year5.toml", "--at", "9999-12-31"]);
    assert!(err.contains("later than 2100-12-31"), "{err}");
    let err = stderr_of_failure(&[
        "calendar",
        "examples/t3-year5.toml",
        "--from",
        "2026-01-01",
        "--to",
        "2999-01-01",
    ]);
    assert!(
        err.contains("--to 2999-01-01 is later than 2100-12-31"),
        "{err}"
    );
}

#[test]
fn more_members_than_inhabitants_is_a_warning() {
    let sim = crate::common::simulate_text(
        "name = \"x\"\npopulation = 500\nmembers = 900\nsigned = 2023-01-01\n[missions.parcours]\nachievement = 1\n",
    );
    assert!(
        sim.warnings
            .iter()
            .any(|w| w.code() == aci_cpts::engine::WarningCode::MembersAbovePopulation)
    );
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("esc.toml");
    std::fs::write(
        &path,
        "name = \"CPTS \\u001b]0;pwned\\u0007 du Val\"\npopulation = 92000\nmembers = 80\nsigned = 2022-04-15\n[missions.parcours]\nachievement = 1\n",
    )
    .unwrap();
    // The name is refused (see invisible_characters_…), and the error shows it escaped.
    for format in ["table", "markdown"] {
        let out = bin()
            .args(["simulate", path.to_str().unwrap(), "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let (text, err) = (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        );
        assert!(text.is_empty(), "{format}: {text}");
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{7}'),
            "{format}: {err}"
        );
        assert!(
            err.contains("CPTS \\u{1b}]0;pwned\\u{7} du Val"),
            "{format}: {err}"
        );
    }
    // A carriage return and NUL bytes in a bad file are echoed escaped, and a long line is cut.
    let bad = dir.path().join("bad.toml");
    let mut text = b"name = \"x\"\r\npopulation = 0\n".to_vec();
    text.extend(std::iter::repeat_n(0u8, 2_000_000));
    std::fs::write(&bad, &text).unwrap();
    let out = bin()
        .args(["simulate", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains('\0') && !err.contains('\r'), "{}", err.len());
    assert!(err.len() < 4_000, "the echo is capped: {} bytes", err.len());
}

#[test]
fn messages_say_what_where_and_how_even_for_odd_values() {
    let err =
        stderr_of_failure_or_usage(&["calendar", "examples/t3-year5.toml", "--from", "2026-02-29"]);
    assert!(err.contains("is not a day of the calendar"), "{err}");
    let err = stderr_of_failure(&[
        "sweep",
        "examples/t3-year5.toml",
        "--vary",
        "achievement=0:1:1e-30",
    ]);
    assert!(
        err.contains("more decimals than aci-cpts can hold"),
        "{err}"
    );
    // An empty ACI_CPTS_TODAY is as if unset.
    let out = bin()
        .args(["calendar", "examples/t3-year5.toml", "--format", "csv"])
        .env("ACI_CPTS_TODAY", "")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    std::fs::write(
        &big,
        "name = \"x\"\npopulation = 18446744073709551616\nmembers = 1\nsigned = 2022-04-15\n",
    )
    .unwrap();
    let err = stderr_of_failure(&["simulate", big.to_str().unwrap()]);
    assert!(
        err.contains("the number 18446744073709551616 is far too large"),
        "{err}"
    );
    assert!(!err.contains("i128"), "{err}");
    let deep = dir.path().join("deep.toml");
    std::fs::write(
        &deep,
        format!("name = \"x\"\n{}= 1\n", "a.".repeat(200) + "z "),
    )
    .unwrap();
    let err = stderr_of_failure(&["simulate", deep.to_str().unwrap()]);
    assert!(err.contains("tables are nested too deeply"), "{err}");
    // Said where the tables nest, not at the top of the file.
    assert!(err.contains("deep.toml:2:1"), "{err}");
}

#[test]
fn nesting_too_deep_is_located_and_said_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let header = dir.path().join("header.toml");
    // A header nested too deeply, and a key under it: the key goes with its header, and is not
    // reported as an unknown key of the table above.
    std::fs::write(
        &header,
        format!(
            "name = \"x\"\npopulation = 30000\nmembers = 10\nsigned = 2023-01-01\n\n[{}]\nx = 1\n",
            ["a"; 300].join(".")
        ),
    )
    .unwrap();
    let err = stderr_of_failure(&["simulate", header.to_str().unwrap(), "--lang", "fr"]);
    assert!(err.contains("header.toml:6:1"), "{err}");
    assert!(
        err.contains("les tables sont imbriquées trop profondément"),
        "{err}"
    );
    assert!(!err.contains("`x`"), "{err}");
    let value = dir.path().join("value.toml");
    std::fs::write(
        &value,
        format!(
            "name = \"x\"\npopulation = 30000\nmembers = 10\nsigned = 2023-01-01\ncommunes = {}{}\n",
            "[".repeat(300),
            "]".repeat(300)
        ),
    )
    .unwrap();
    for (lang, said) in [
        ("en", "values are nested too deeply"),
        ("fr", "les valeurs sont imbriquées trop profondément"),
    ] {
        let err = stderr_of_failure(&["simulate", value.to_str().unwrap(), "--lang", lang]);
        assert!(err.contains(said), "{err}");
        assert!(err.contains("value.toml:5:"), "{err}");
        assert!(
            !err.contains("recurse"),
            "the parser's English sentence: {err}"
        );
    }
}

/// The base table's text up to its `[[bands]]`, as a draft copies them.
fn shipped_bands(id: &str) -> String {
    let text =
        std::fs::read_to_string(crate::common::root().join(format!("tariffs/{id}.toml"))).unwrap();
    let from = text.find("[[bands]]").unwrap();
    let to = text[from..].find("\n[fonctionnement]").unwrap() + from;
    text[from..to].to_string()
}

#[test]
fn a_drafts_bands_that_do_not_fit_its_base_are_said_in_the_draft_once() {
    let dir = tempfile::tempdir().unwrap();
    let check = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = bin()
            .args(["tariffs", "check", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap()
    };
    let head = "extends = \"aci-avenant-2\"\nid = \"draft-bands\"\n\n";
    // Two bands where avenant 2 has four: T3 and T4's amounts are the base's, but the problem
    // is the draft's bands.
    let two = format!(
        "{head}[[bands]]\nid = \"T1\"\nlabel = \"a\"\nfrom = 1\nbelow = 40000\n\n[[bands]]\nid = \"T2\"\nlabel = \"b\"\nfrom = 40000\n"
    );
    let out = check("two.toml", &two);
    assert!(!out.contains("tariffs/aci-avenant-2.toml"), "{out}");
    assert_eq!(out.matches("error:").count(), 1, "{out}");
    assert!(
        out.contains("two.toml:4:1: error: this draft's bands leave out T3, T4, for which `aci-avenant-2` has amounts in 14 lines (fonctionnement, "),
        "{out}"
    );
    // A fifth band the base pays nothing for.
    let five = format!(
        "{head}{}[[bands]]\nid = \"T5\"\nlabel = \"e\"\nfrom = 300000\n",
        shipped_bands("aci-avenant-2").replace("above = 175000", "from = 175001\nbelow = 300000")
    );
    let out = check("five.toml", &five);
    assert!(!out.contains("tariffs/aci-avenant-2.toml"), "{out}");
    assert_eq!(out.matches("error:").count(), 1, "{out}");
    assert!(
        out.contains("five.toml:4:1: error: `aci-avenant-2` has no amount for T5 of this draft's bands in 14 lines"),
        "{out}"
    );
    // A band with a problem of its own is said at the band, and its amounts are not a second
    // problem.
    let empty = two.replace("from = 1\n", "from = 0\n");
    let out = check("empty.toml", &empty);
    assert!(out.contains("band `T1` contains no population"), "{out}");
    assert!(!out.contains("`T1`, which is not a band"), "{out}");
}

/// Standard error of a run that fails with exit code 1 or 2.
fn stderr_of_failure_or_usage(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert!(matches!(out.status.code(), Some(1 | 2)), "{args:?}");
    String::from_utf8(out.stderr).unwrap()
}

/// A T1 CPTS running prévention, its mission's lines given: the text of the scenario.
fn prevention(mission: &str) -> String {
    format!(
        "name = \"x\"\npopulation = 30000\nmembers = 10\nsigned = 2023-01-01\n\
         [missions.prevention]\n{mission}\n"
    )
}

/// What prévention's volet variable pays with these lines.
fn prevention_pays(mission: &str) -> String {
    crate::common::simulate_text(&prevention(mission))
        .lines
        .iter()
        .find(|l| l.part == aci_cpts::engine::Part::Variable)
        .map(|l| l.amount.to_string())
        .unwrap()
}

#[test]
fn bare_number_fractions_are_read_exactly() {
    // T1 prévention, volet variable 10 000 €: 10 000 × 0.0000004999999999999999999 = 0.004999…,
    // which rounds to 0.00 — as the same value written as a percentage does. Read as a binary
    // float it would be 5e-7 and pay 0.01.
    let pay = |achievement: &str| prevention_pays(&format!("achievement = {achievement}"));
    assert_eq!(pay("0.0000004999999999999999999"), "0.00");
    assert_eq!(pay("\"0.00004999999999999999999%\""), "0.00");
    assert_eq!(pay("[0.0000004999999999999999999, 1]"), "0.00");
    assert_eq!(pay("1_0e-1"), "10000.00");
    // A list with a comment inside it is TOML like any other.
    assert_eq!(pay("[0.0000004999999999999999999, # year 1\n 1]"), "0.00");
    // More digits than a decimal holds is said, with the value, not rounded.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("precise.toml");
    std::fs::write(
        &path,
        prevention("achievement = 0.12345678901234567890123456789"),
    )
    .unwrap();
    let err = stderr_of_failure(&["simulate", path.to_str().unwrap()]);
    assert!(
        err.contains("`0.12345678901234567890123456789` has more digits than aci-cpts can hold"),
        "{err}"
    );
    // Just above 1 is above 1 (tests/fixtures/invalid/achievement-just-above-one.toml).
    let err = stderr_of_failure(&[
        "simulate",
        "tests/fixtures/invalid/achievement-just-above-one.toml",
    ]);
    assert!(
        err.contains("1.0000000000000001 is outside [0, 1]"),
        "{err}"
    );
}

#[test]
fn bare_number_measures_are_read_exactly() {
    // A palier from 0.5 (higher is better): 0.49999999999999999 is below it. Read as a binary
    // float it would be 0.5, and the palier reached.
    let pay = |measured: &str| {
        prevention_pays(&format!(
            "[[missions.prevention.indicators]]\nname = \"i\"\nmeasured = {measured}\n\
             paliers = [{{ from = 0.5, amount = \"100.00\" }}]"
        ))
    };
    assert_eq!(pay("0.5"), "100.00");
    assert_eq!(pay("0.49999999999999999"), "0.00");
    assert_eq!(
        pay("[0.49999999999999999, # year 1\n 0.49999999999999999]"),
        "0.00"
    );
    // Beyond what a decimal holds: a measured value is too large, an achievement above 1.
    let dir = tempfile::tempdir().unwrap();
    for (lines, said) in [
        (
            "[[missions.prevention.indicators]]\nname = \"i\"\nmeasured = 1e30\n\
             paliers = [{ from = 0.5, amount = \"100.00\" }]",
            "`1e30` is too large for aci-cpts, which holds numbers of up to 28 digits",
        ),
        ("achievement = 1e30", "1e30 is outside [0, 1]"),
    ] {
        let path = dir.path().join("huge.toml");
        std::fs::write(&path, prevention(lines)).unwrap();
        let err = stderr_of_failure(&["simulate", path.to_str().unwrap()]);
        assert!(err.contains(said), "{err}");
    }
}

#[test]
fn every_problem_found_while_reading_is_reported_in_one_pass() {
    // A wrong type, an unknown key and an achievement of 1.5: three problems, one run.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("three.toml");
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = \"many\"\nmembers = 80\ncolour = \"blue\"\nsigned = 2022-04-15\n[missions.parcours]\nachievement = 1.5\n",
    )
    .unwrap();
    let err = stderr_of_failure(&["simulate", path.to_str().unwrap()]);
    assert!(err.contains("three.toml:2:14"), "{err}");
    assert!(err.contains("three.toml:4:1"), "{err}");
    assert!(err.contains("three.toml:7:15"), "{err}");
    assert!(err.contains("3 problems"), "{err}");
    // The same in a table: a date written as a string and an unknown key.
    let table = dir.path().join("table.toml");
    std::fs::write(
        &table,
        "schema = 1\nid = \"t\"\ntitle = \"t\"\nlegal_reference = \"x\"\nin_force_from = \"2030-01-01\"\nchecked_on = 2030-01-01\nrounding = \"cent_half_away_from_zero\"\ncolour = 1\n",
    )
    .unwrap();
    let out = bin()
        .args(["tariffs", "check", table.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("table.toml:5:17: error: the date"), "{text}");
    assert!(
        text.contains("table.toml:8:1: error: unknown key `colour`"),
        "{text}"
    );
}

/// The scenario of four French mistakes and a misspelt mission: the mission was said
/// only in a second run, after the others were fixed.
#[test]
fn a_misspelt_mission_is_said_with_the_files_other_problems() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("four.toml");
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 95 000\nsigned = 01/03/2023\n[missions.parcour]\nachievement = 60%\n[missions.prevention]\nachievement = 2\n",
    )
    .unwrap();
    let err = stderr_of_failure(&["simulate", path.to_str().unwrap(), "--lang", "fr"]);
    for place in [
        "four.toml:1:1",
        "four.toml:2:14",
        "four.toml:3:10",
        "four.toml:5:15",
        "four.toml:7:15",
    ] {
        assert!(err.contains(place), "{place}: {err}");
    }
    assert!(err.contains("mission inconnue `parcour`\n --> "), "{err}");
    assert!(err.contains("four.toml:4:11"), "{err}");
    assert!(err.contains("vouliez-vous dire `parcours`"), "{err}");
    assert!(err.contains("6 problèmes"), "{err}");
    // A file whose only problem is the mission: said once.
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 95000\nmembers = 10\nsigned = 2023-03-01\n[missions.parcour]\nachievement = 0.6\n",
    )
    .unwrap();
    let err = stderr_of_failure(&["simulate", path.to_str().unwrap()]);
    assert_eq!(err.matches("unknown mission `parcour`").count(), 1, "{err}");
}

#[test]
fn a_problem_caused_by_a_draft_is_located_in_the_draft() {
    // The draft lowers T2's parcours volet fixe below T1's: the warning points into the draft, at
    // the amount it wrote, not into the shipped table it extends.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("low.toml");
    std::fs::write(
        &path,
        "extends = \"aci-avenant-2\"\nid = \"draft-low\"\ntitle = \"Draft\"\nchecked_on = 2026-11-01\n\n[missions.parcours.fixed]\nT2 = { amount = \"20000.00\", evidence = \"estimate\" }\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let out = bin().args(["tariffs", "check", p]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!(
            "{p}:7:1: warning: `parcours.fixed`: a larger band gets less"
        )),
        "{text}"
    );
}

/// `--at` keeps the limit `contract_year` has (50): a day in contract year 77 of a renewed
/// contract is refused at the signature with the limit, not computed; a contract that was not
/// renewed ends after five years.
#[test]
fn a_day_beyond_the_contract_years_computed_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("renewed.toml");
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 50000\nmembers = 10\nsigned = 2024-01-01\nrenewed = true\n\
         [missions.parcours]\nachievement = 1\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let err = stderr_of_failure(&["simulate", p, "--at", "2100-12-31"]);
    assert!(
        err.contains(
            "--at 2100-12-31 falls in contract year 77; aci-cpts computes contract years 1 to 50"
        ),
        "{err}"
    );
    assert!(err.contains("renewed.toml:4:10"), "{err}");
    assert!(stdout_of(&["simulate", p, "--at", "2073-12-31"]).contains("contract year 50"));
    let err = stderr_of_failure(&["simulate", "examples/t3-year5.toml", "--at", "2100-12-31"]);
    assert!(
        err.contains("after the contract ended on 2027-04-14"),
        "{err}"
    );
}

/// A list of communes pasted twice (74 000 codes) is read in linear time and reported in at
/// most a hundred problems, then one line saying how many more — not 37 000 errors (7 MB).
#[test]
fn a_huge_list_of_communes_pasted_twice_is_reported_briefly() {
    let codes: Vec<String> = aci_cpts::input::territory::entries()
        .unwrap()
        .iter()
        .map(|e| format!("\"{}\"", e.code))
        .collect();
    let list = [codes.as_slice(), codes.as_slice()].concat().join(", ");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"x\"\nmembers = 10\nsigned = 2024-01-01\ncommunes = [{list}]\n\
             [missions.parcours]\nachievement = 1\n"
        ),
    )
    .unwrap();
    let err = stderr_of_failure(&["simulate", path.to_str().unwrap()]);
    assert!(err.len() < 100_000, "{} bytes of errors", err.len());
    assert!(err.matches("is given twice").count() <= 100, "{err}");
    assert!(err.contains("more problems, not shown"), "{err}");
}

/// A folder's `*.toml` that cannot be read — a dangling link, a link to a device, a name that is
/// not UTF-8 — is left out with its reason, as when named alone; never in silence.
#[cfg(unix)]
#[test]
fn a_folder_s_unreadable_entries_are_left_out_with_their_reason() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(root().join("examples/t3-year5.toml"), d.join("a.toml")).unwrap();
    std::os::unix::fs::symlink(d.join("missing.toml"), d.join("dangling.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/null", d.join("device.toml")).unwrap();
    let latin1 = d.join(std::ffi::OsStr::from_bytes(b"caf\xe9.toml"));
    std::fs::copy(root().join("examples/t2-year2.toml"), &latin1).unwrap();
    let out = crate::common::bin()
        .args(["batch", d.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["aggregate"]["count"], 1, "{v}");
    assert_eq!(v["aggregate"]["left_out"], 3, "{v}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("dangling.toml`: no such file"), "{err}");
    assert!(err.contains("missing key `name`"), "{err}");
    assert!(
        err.contains("is not UTF-8: aci-cpts cannot name it"),
        "{err}"
    );
}

/// Characters a reader would not see — ESC, BEL, VT, C1 controls, bidi overrides — are refused
/// in a name at their place (a file or a portfolio row), and never reach a page, a chart or a
/// terminal raw from any other text: a page and a chart stay well-formed XML.
#[test]
fn invisible_characters_are_refused_in_names_and_never_written_raw() {
    use aci_cpts::render::chart::{Chart, Series, XFormat, render};
    use aci_cpts::report::format::{printable, visible};
    let dir = tempfile::tempdir().unwrap();
    for (i, bad) in ["\\u001b[31m", "\\u0007", "\\u000b", "\\u0085", "\\u202e"]
        .iter()
        .enumerate()
    {
        let path = dir.path().join(format!("n{i}.toml"));
        std::fs::write(
            &path,
            format!(
                "name = \"CPTS {bad}Rouge\"\npopulation = 50000\nmembers = 10\nsigned = 2024-01-01\n\
                 [missions.parcours]\nachievement = 1\n"
            ),
        )
        .unwrap();
        let err = stderr_of_failure(&["simulate", path.to_str().unwrap()]);
        assert!(
            err.contains("holds an invisible character (U+"),
            "{bad}: {err}"
        );
        assert!(err.contains(&format!("n{i}.toml:1:8")), "{bad}: {err}");
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{202e}'),
            "raw in the error: {err:?}"
        );
    }
    let csv = dir.path().join("p.csv");
    std::fs::write(
        &csv,
        "name,population,members,signed,parcours\nCPTS \u{202e}ok,50000,10,2024-01-01,1\nCPTS bonne,50000,10,2024-01-01,1\n",
    )
    .unwrap();
    let out = crate::common::bin()
        .args(["batch", csv.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["aggregate"]["left_out"], 1, "{v}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{202e}'));
    // Any other text (a draft table's title, a label): shown as U+FFFD in a document, escaped
    // on a terminal.
    let nasty = "A\u{1b}B\u{7}C\u{b}D\u{85}E\u{202e}F";
    assert_eq!(
        visible(nasty),
        "A\u{fffd}B\u{fffd}C\u{fffd}D\u{fffd}E\u{fffd}F"
    );
    assert_eq!(
        printable(nasty),
        "A\\u{1b}B\\u{7}C\\u{b}D\\u{85}E\\u{202e}F"
    );
    let page = aci_cpts::render::html::escape(nasty);
    assert!(
        !page.chars().any(aci_cpts::report::format::hidden),
        "{page:?}"
    );
    let svg = render(&Chart {
        title: nasty.into(),
        x_label: nasty.into(),
        y_label: "€".into(),
        x_format: XFormat::Number,
        xs: vec![1.0, 2.0],
        x_ticks: Vec::new(),
        series: vec![Series {
            id: "a",
            label: nasty.into(),
            color: "#000",
            values: vec![1.0, 2.0],
        }],
        markers: vec![(1.5, nasty.into())],
        bars: false,
    });
    roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("ill-formed SVG: {e}"));
}

/// Error floods are bounded: a megabyte of wrong value is quoted cut, with how much more there
/// was; a portfolio of bad rows given twice says 200 lines at most, each message 20 times at
/// most, then how many more; a line of separators only is the empty row a spreadsheet exports.
#[test]
fn error_floods_are_bounded_and_empty_rows_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.toml");
    std::fs::write(
        &long,
        format!(
            "name = \"x\"\npopulation = \"{}\"\nmembers = 10\nsigned = 2024-01-01\n",
            "x".repeat(1_000_000)
        ),
    )
    .unwrap();
    let err = stderr_of_failure(&["simulate", long.to_str().unwrap()]);
    assert!(err.len() < 4_000, "{} bytes", err.len());
    assert!(err.contains("more characters)"), "{err}");
    let csv = dir.path().join("bad.csv");
    let mut text = String::from("name,population,members,signed,parcours\n");
    for i in 0..5000 {
        text.push_str(&format!("CPTS {i},x{},10,2024-01-01,1\n", i % 3));
    }
    std::fs::write(&csv, text).unwrap();
    let out = crate::common::bin()
        .args([
            "batch",
            csv.to_str().unwrap(),
            csv.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.len() < 20_000, "{} bytes", err.len());
    assert!(
        err.contains("… and 3314 more times: column `population`: `x1` cannot be read"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["errors"].as_array().map(Vec::len),
        Some(10_000),
        "JSON lists them all"
    );
    let empty = dir.path().join("empty-rows.csv");
    std::fs::write(
        &empty,
        "name;population;members;signed;parcours\r\nA;50000;10;2024-01-01;1\r\n;;;;\r\nB;50000;10;2024-01-01;1\r\n",
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "batch",
        empty.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["aggregate"]["count"], 2);
    assert_eq!(
        v["rows"][1]["source"],
        format!("{}:4", empty.to_str().unwrap())
    );
}

#[test]
fn a_cross_check_keeps_a_scenarios_limits() {
    // Found by the harness: a contract year past u32 was refused without a word ("the table could
    // not be read"). A cross-check is a scenario written in a table: same limits, same words.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.toml");
    std::fs::write(
        &path,
        "extends = \"aci-avenant-2\"\nid = \"draft-x\"\n\n[[cross_checks]]\nname = \"far\"\npopulation = 30000\ncontract_year = 9223372036854775807\nexpected_total = \"1.00\"\n",
    )
    .unwrap();
    let out = bin()
        .args(["tariffs", "check", path.to_str().unwrap()])
        .output()
        .unwrap();
    let said = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        said.contains(
            "x.toml:7:17: error: cross-check `far`: `contract_year` must be from 1 to 50"
        ),
        "{said}"
    );
    assert!(
        said.contains("help: write a whole number from 1 to 50"),
        "{said}"
    );
}

/// A draft's misspelt mission (issue #23): one error with the mission meant, not the three a new
/// mission without a label, a socle and volets would get. With a label, it is a new mission.
#[test]
fn a_drafts_misspelt_mission_gets_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.toml");
    let draft = "extends = \"aci-avenant-2\"\nid = \"draft-d\"\n\n[missions.parcorus.fixed]\nT2 = { amount = \"1.00\", evidence = \"estimate\" }\n";
    std::fs::write(&path, draft).unwrap();
    let check = |lang: &str| {
        let out = bin()
            .args(["tariffs", "check", path.to_str().unwrap(), "--lang", lang])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let said = check("en");
    assert!(
        said.contains("d.toml:4:11: error: `parcorus` is not a mission of `aci-avenant-2`"),
        "{said}"
    );
    assert!(said.contains("did you mean `parcours`?"), "{said}");
    assert!(said.contains("1 error"), "{said}");
    assert!(check("fr").contains("vouliez-vous dire `parcours` ?"));
    // With a label, a new mission: what it lacks is said, not a misspelling.
    std::fs::write(
        &path,
        draft.replace(
            "[missions.parcorus.fixed]",
            "[missions.parcorus]\nlabel = \"Parcours bis\"\n\n[missions.parcorus.fixed]",
        ),
    )
    .unwrap();
    let said = check("en");
    assert!(!said.contains("did you mean"), "{said}");
    assert!(said.contains("mission `parcorus` has no `socle`"), "{said}");
}

/// An achievement too large to be a percentage (`1e27` as a fraction is `1e29 %`) stopped a
/// batch with a worker's panic; every achievement out of [0, 1] in a portfolio is now said on its
/// row and in its column, as a percentage when it can be written as one (from 2 to 100, as the
/// percentage it can only be, with the line to write; `1.5` is a fraction past the whole), and
/// the other rows are computed.
#[test]
fn a_portfolio_achievement_out_of_range_is_said_on_its_row_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("p.csv");
    std::fs::write(
        &csv,
        "name,population,members,signed,parcours\n\
         A,50000,100,2022-01-01,1000000000000000000000000000\n\
         B,50000,100,2022-01-01,1.5\n\
         C,50000,100,2022-01-01,\"150,0 %\"\n\
         D,50000,100,2022-01-01,-0.1\n\
         E,50000,100,2022-01-01,0.8\n\
         F,50000,100,2022-01-01,80\n",
    )
    .unwrap();
    let out = crate::common::bin()
        .args(["batch", csv.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for (line, value) in [
        (2, "\"1000000000000000000000000000\""),
        (3, "\"150%\""),
        (4, "\"150.0%\""),
        (5, "\"-10%\""),
    ] {
        assert!(
            err.contains(&format!(
                "p.csv:{line}: column `parcours`: {value} is outside [0, 1]"
            )),
            "line {line}: {err}"
        );
    }
    assert!(
        err.contains(
            "p.csv:7: column `parcours`: `80` is more than 1, the whole target: an achievement \
             lies between 0 and 1; if it is a percentage, write `80 %`"
        ),
        "{err}"
    );
    let rows = String::from_utf8_lossy(&out.stdout);
    assert_eq!(rows.lines().count(), 2, "{rows}");
    assert!(rows.contains("\nE,"), "{rows}");
}
