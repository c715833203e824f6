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

/// The cash of a civil year from `batch --cash` (for the inputs as one portfolio).
fn batch_cash(inputs: &[&str], year: &str) -> Decimal {
    let mut all = vec!["batch"];
    all.extend(inputs);
    all.extend(["--cash", year, "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout_of(&all)).unwrap();
    d(&v["aggregate"]["cash"][0]["total"]["total"])
}

#[test]
fn the_cash_of_a_civil_year_without_uncertainty_is_batch_s_exactly() {
    // examples/t3-year5.toml has no range: its 2026 cash whatever the draws (batch --cash says
    // 397 500,00: contract year 5's balance and results, and year 6's advance, fall in 2026).
    let v = risk(&["examples/t3-year5.toml", "--draws", "50", "--cash", "2026"]);
    let expected = batch_cash(&["examples/t3-year5.toml"], "2026");
    let c = &v["rows"][0]["cash"];
    assert_eq!(c["year"], 2026);
    for k in ["likely", "mean", "p10", "p50", "p90"] {
        assert_eq!(d(&c[k]), expected, "{k}");
    }
    assert_eq!(v["cash_year"], 2026);
    assert_eq!(d(&v["portfolio"]["cash"]["p50"]), expected);
}

#[test]
fn the_cash_of_a_portfolio_is_drawn_ordered_and_its_likely_amount_is_batch_s() {
    let v = risk(&[
        "examples/region",
        "--draws",
        "400",
        "--seed",
        "3",
        "--cash",
        "2025",
    ]);
    let expected = batch_cash(&["examples/region"], "2025");
    let p = &v["portfolio"]["cash"];
    assert_eq!(d(&p["likely"]), expected);
    let rows: Decimal = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| d(&r["cash"]["likely"]))
        .sum();
    assert_eq!(
        rows, expected,
        "the portfolio's likely cash is the sum of the rows'"
    );
    assert!(
        d(&p["p10"]) <= d(&p["p50"]) && d(&p["p50"]) <= d(&p["p90"]),
        "{p}"
    );
    assert!(d(&p["p10"]) < d(&p["p90"]), "the region has ranges: {p}");
    // The contract-year totals are the same draws with or without the cash.
    let without = risk(&["examples/region", "--draws", "400", "--seed", "3"]);
    assert_eq!(v["portfolio"]["total"], without["portfolio"]["total"]);
    assert!(without["rows"][0].get("cash").is_none());
}

#[test]
fn an_engine_error_of_a_scenario_file_is_said_on_standard_error_as_batch_does() {
    // A table without a [payments] rule computes a contract year but cannot date its cash.
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(crate::common::root().join("tariffs/aci-avenant-2.toml"))
        .unwrap()
        .replacen("id = \"aci-avenant-2\"", "id = \"no-payments\"", 1);
    let start = shipped.find("[payments]").unwrap();
    let end = shipped[start + 1..]
        .find("\n[")
        .map_or(shipped.len(), |i| start + 2 + i);
    let table = dir.path().join("no-payments.toml");
    std::fs::write(&table, format!("{}{}", &shipped[..start], &shipped[end..])).unwrap();
    for command in ["risk", "batch"] {
        let out = bin()
            .args([
                command,
                "examples/t3-year5.toml",
                "examples/t2-year2.toml",
                "--tariff",
                table.to_str().unwrap(),
                "--cash",
                "2026",
                "--format",
                "json",
            ])
            .current_dir(crate::common::root())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("error: examples/t3-year5.toml: tariff `no-payments` has no [payments]"),
            "{command}: {err}"
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["errors"].as_array().unwrap().len(), 2, "{command}");
    }
}

/// A region's spread says how many CPTS carry uncertainty: in the example region 4 of 32 give a
/// range, and the 28 others are certain (an adviser must not read ±13 k€ on 10 M€ as the risk).
#[test]
fn a_region_s_spread_says_how_many_cpts_carry_uncertainty() {
    let v = risk(&["examples/region", "--draws", "50", "--seed", "1"]);
    assert_eq!(v["portfolio"]["count"], 32);
    assert_eq!(v["portfolio"]["uncertain"], 4);
    let text = stdout_of(&["risk", "examples/region", "--draws", "50", "--seed", "1"]);
    assert!(
        text.contains("beware: 4 of 32 CPTS give an achievement as a range; the 28 others"),
        "{text}"
    );
}

/// `--spread` draws every achievement given as one value within so many points of it, says so,
/// and counts every CPTS as uncertain: examples/t3-year5.toml, every mission at 100 %, is drawn
/// between its totals at 90 % and at 100 % (a range never leaves [0, 1]), its likely total
/// unchanged; the example region's P10–P90 widens.
#[test]
fn a_spread_draws_every_single_achievement_around_it() {
    let v = risk(&[
        "examples/t3-year5.toml",
        "--draws",
        "500",
        "--seed",
        "3",
        "--spread",
        "10%",
    ]);
    assert_eq!(v["spread"], "0.1");
    let t = &v["rows"][0]["total"];
    assert_eq!(v["rows"][0]["likely"], "397500.00");
    let at = |a: &str| -> Decimal {
        let text = std::fs::read_to_string(crate::common::root().join("examples/t3-year5.toml"))
            .unwrap()
            .replace("achievement = 1\n", &format!("achievement = {a}\n"));
        crate::common::simulate_text(&text).totals.total.value()
    };
    assert!(at("0.9") < at("1"));
    assert!(at("0.9") <= d(&t["p10"]), "{t}");
    assert!(d(&t["p10"]) < d(&t["p90"]), "a real spread: {t}");
    assert_eq!(d(&t["p90"]).max(at("1")), at("1"), "{t}");
    let narrow = risk(&["examples/region", "--draws", "200", "--seed", "1"]);
    let wide = risk(&[
        "examples/region",
        "--draws",
        "200",
        "--seed",
        "1",
        "--spread",
        "0,1",
    ]);
    assert_eq!(wide["portfolio"]["uncertain"], 32);
    assert_eq!(wide["portfolio"]["likely"], narrow["portfolio"]["likely"]);
    let width = |v: &Value| d(&v["portfolio"]["total"]["p90"]) - d(&v["portfolio"]["total"]["p10"]);
    assert!(width(&wide) > width(&narrow), "{wide} {narrow}");
    let text = stdout_of(&["risk", "examples/region", "--draws", "20", "--spread", "5%"]);
    assert!(text.contains("within ±5 points of it"), "{text}");
    assert!(!text.contains("beware"), "{text}");
    let out = bin()
        .args([
            "risk",
            "examples/region",
            "--spread",
            "150%",
            "--lang",
            "fr",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("n'est pas un écart d'atteinte"), "{err}");
}
