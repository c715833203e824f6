//! `risk`: achievements given as ranges, drawn. The likely total is `simulate`'s, quantiles are
//! ordered, a CPTS without uncertainty gives its total exactly, and a seed gives the same bytes.

use crate::common::{bin, stderr_of_failure, stdout_of};
use rust_decimal::Decimal;
use serde_json::Value;

const RANGES: &str = "tests/fixtures/valid/ranges.toml";

fn d(v: &Value) -> Decimal {
    v.as_str()
        .expect("money as a string")
        .parse()
        .expect("a decimal")
}

fn risk(args: &[&str]) -> Value {
    let mut all = vec!["risk"];
    all.extend(args);
    all.extend(["--format", "json"]);
    serde_json::from_str(&stdout_of(&all)).expect("one JSON document")
}

#[test]
fn quantiles_are_ordered_and_the_likely_total_is_simulate() {
    let v = risk(&[RANGES, "--draws", "2000", "--seed", "7"]);
    let row = &v["rows"][0];
    let t = &row["total"];
    assert!(
        d(&t["p10"]) <= d(&t["p50"]) && d(&t["p50"]) <= d(&t["p90"]),
        "{t}"
    );
    assert!(d(&t["p10"]) < d(&t["p90"]), "a real spread: {t}");
    assert!(
        d(&t["p10"]) <= d(&t["mean"]) && d(&t["mean"]) <= d(&t["p90"]),
        "{t}"
    );
    let s: Value =
        serde_json::from_str(&stdout_of(&["simulate", RANGES, "--format", "json"])).unwrap();
    assert_eq!(row["likely"], s["totals"]["total"]);
    assert!(
        s["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "achievement_ranges"),
        "simulate says it used the likely values"
    );
    // Every draw lies between the totals at the lowest and the highest achievements.
    let at = |a: &str| -> Decimal {
        let text = std::fs::read_to_string(crate::common::root().join(RANGES))
            .unwrap()
            .replace("{ low = 0.5, likely = 0.8, high = 1 }", a);
        crate::common::simulate_text(&text).totals.total.value()
    };
    assert!(at("0.5") <= d(&t["p10"]) && d(&t["p90"]) <= at("1"), "{t}");
}

#[test]
fn without_uncertainty_every_quantile_is_the_total_exactly() {
    // examples/t3-year5.toml has no range: 397 500 (contract-t3) whatever the draws.
    let v = risk(&["examples/t3-year5.toml", "--draws", "100"]);
    let t = &v["rows"][0]["total"];
    for k in ["mean", "p10", "p50", "p90"] {
        assert_eq!(t[k], "397500.00", "{k}");
    }
    assert_eq!(v["portfolio"]["total"]["p50"], "397500.00");
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let run = |seed: &str| {
        stdout_of(&[
            "risk",
            RANGES,
            "examples/t2-year2.toml",
            "--draws",
            "500",
            "--seed",
            seed,
            "--format",
            "json",
        ])
    };
    assert_eq!(run("42"), run("42"));
    assert_ne!(run("42"), run("43"));
    let v = risk(&[
        RANGES,
        "examples/t2-year2.toml",
        "--draws",
        "500",
        "--seed",
        "42",
    ]);
    let likely: Decimal = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| d(&r["likely"]))
        .sum();
    assert_eq!(d(&v["portfolio"]["likely"]), likely);
    assert_eq!(v["portfolio"]["count"], 2);
}

#[test]
fn a_range_must_be_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    for (range, message) in [
        (
            "{ low = 0.9, likely = 0.8, high = 1 }",
            "low ≤ likely ≤ high",
        ),
        (
            "{ low = 0.5, high = 1 }",
            "needs `low`, `likely` and `high`",
        ),
        ("{ low = 0.5, likely = 0.8, high = 1.2 }", "outside [0, 1]"),
        (
            "{ lo = 0.5, likely = 0.8, high = 1 }",
            "`lo` is not a part of a range",
        ),
    ] {
        let path = dir.path().join("bad.toml");
        std::fs::write(
            &path,
            format!("name = \"x\"\npopulation = 92000\nmembers = 80\nsigned = 2022-04-15\n[missions.parcours]\nachievement = {range}\n"),
        )
        .unwrap();
        let err = stderr_of_failure(&["simulate", path.to_str().unwrap()]);
        assert!(err.contains(message), "{range}: {err}");
        assert!(err.contains("bad.toml:6:"), "{range}: located: {err}");
    }
    let out = bin()
        .args(["risk", RANGES, "--draws", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
