//! Every bad input under `tests/fixtures/invalid/` fails with exit code 1 and a message that says
//! what, where and how to fix it; each message is snapshotted.

use crate::common::{bin, files, stderr_of_failure, stem};

#[test]
fn every_invalid_fixture_fails_with_its_message() {
    let fixtures = files("tests/fixtures/invalid", "toml");
    assert!(fixtures.len() >= 20, "fixtures lost: {fixtures:?}");
    for path in &fixtures {
        let p = path.to_str().expect("a UTF-8 path");
        let out = bin().args(["simulate", p]).output().expect("runs");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{p} should fail with exit code 1"
        );
        assert!(out.stdout.is_empty(), "{p} printed a result");
        let err = String::from_utf8(out.stderr).expect("UTF-8 message");
        assert!(err.starts_with("error: "), "{p}: {err}");
        assert!(!err.contains("panicked"), "{p}: {err}");
        assert!(err.contains(p), "{p}: the message names the file: {err}");
        insta::assert_snapshot!(format!("invalid-{}", stem(path)), err);
    }
}

#[test]
fn a_missing_file_says_so_and_how_to_start() {
    let err = stderr_of_failure(&["simulate", "tests/fixtures/invalid/no-such-file.toml"]);
    insta::assert_snapshot!("invalid-missing-file", err);
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_pass() {
    let out = bin()
        .args(["simulate", "tests/fixtures/invalid/several-problems.toml"])
        .output()
        .expect("runs");
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(err.matches("error: ").count(), 6, "{err}");
    assert!(err.contains("5 problems"), "{err}");
}

/// Problems found while reading a file and problems found by the checks that follow are said in
/// the same run, each at its line: a value of the wrong type in one mission does not hide a
/// misspelt mission or an achievement above 1 in another.
#[test]
fn reading_problems_and_check_problems_come_in_one_run() {
    let said = |args: &[&str], stdout: bool| {
        let out = bin().args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        String::from_utf8(if stdout { out.stdout } else { out.stderr }).expect("UTF-8")
    };
    let located = |said: &str, file: &str, lines: &[usize]| {
        for line in lines {
            assert!(
                said.contains(&format!("{file}:{line}:")),
                "line {line}: {said}"
            );
        }
    };
    let file = "tests/fixtures/invalid/six-missions-six-problems.toml";
    let err = said(&["simulate", file], false);
    assert!(err.contains("6 problems"), "{err}");
    located(&err, file, &[9, 12, 14, 18, 21, 24]);
    // The same for a draft table and its base: four problems of reading, five of the checks.
    let file = "tests/fixtures/tariffs/draft-nine-problems.toml";
    let out = said(&["tariffs", "check", file], true);
    assert!(out.contains("9 errors"), "{out}");
    located(&out, file, &[11, 14, 16, 20, 23, 26, 31, 35, 45]);
}
