//! The cash view: multi-year scenarios, `calendar`, `forecast`, and the invariants of payments.

use crate::common::{bin, files, root, simulate_text, stderr_of_failure, stdout_of};
use aci_cpts::engine::cash::{self, Kind};
use aci_cpts::model::money::Money;
use serde_json::Value;

const WORKED: &str = "name = \"CPTS test\"\npopulation = 30000\nmembers = 10\nsigned = 2025-01-01\n\n[missions.parcours]\nstarted = 2025-07-01\nachievement = 0.5\n";

fn schedule(text: &str, years: u32) -> (aci_cpts::model::scenario::Scenario, cash::Schedule) {
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let file = aci_cpts::input::diagnostic::SourceFile {
        name: "t.toml".into(),
        text: text.to_string().into(),
    };
    let loaded =
        aci_cpts::input::scenario::load(aci_cpts::catalog::Lang::En, &file, &registry, None)
            .unwrap();
    let s = cash::schedule(&loaded.scenario, &registry, None, years).unwrap();
    (loaded.scenario, s)
}

fn m(s: &str) -> Money {
    Money::new(s.parse().unwrap())
}

#[test]
fn a_worked_example_by_hand() {
    // T1 under avenant 2, signed 2025-01-01; parcours starts 2025-07-01 at 50 %.
    // Year 1 (2025-01-01 → 2025-12-31, 365 days):
    //   fonctionnement 50 000 paid in full at the signature, on 2025-01-01 (accord 2019 art. 9.1,
    //     source aci-2019-text: "versement du montant dans son intégralité");
    //   parcours fixe 25 000 × 184/365 = 12 602.74: 75 % = 9 452.055 → 9 452.06 on 2025-07-01,
    //     balance 12 602.74 − 9 452.06 = 3 150.68 on 2026-01-01;
    //   parcours variable 25 000 × 0.5 × 184/365 = 6 301.37 on 2026-01-01 (results).
    // Year 2: fonctionnement 75 % = 37 500 when the year opens and 25 % = 12 500 when it closes,
    //   like the volets fixes: parcours fixe 18 750 + 6 250, variable 12 500.
    let (_, s) = schedule(WORKED, 2);
    let got: Vec<(String, Kind, String)> = s
        .payments
        .iter()
        .map(|p| (p.date.to_string(), p.kind, p.amount.to_string()))
        .collect();
    let want = [
        ("2025-01-01", Kind::InFull, "50000.00"),
        ("2025-07-01", Kind::Advance, "9452.06"),
        ("2026-01-01", Kind::Balance, "3150.68"),
        ("2026-01-01", Kind::Results, "6301.37"),
        ("2026-01-01", Kind::Advance, "37500.00"),
        ("2026-01-01", Kind::Advance, "18750.00"),
        ("2027-01-01", Kind::Balance, "12500.00"),
        ("2027-01-01", Kind::Balance, "6250.00"),
        ("2027-01-01", Kind::Results, "12500.00"),
    ];
    let want: Vec<(String, Kind, String)> = want
        .iter()
        .map(|(d, k, a)| (d.to_string(), *k, a.to_string()))
        .collect();
    assert_eq!(got, want);
    // The civil year 2026: 3 150.68 + 37 500 + 18 750 = 59 400.68 certain (no fonctionnement
    // balance: year 1's was paid whole in 2025), 6 301.37 on results.
    let y2026 = cash::by_civil_year(&s.payments)[&2026];
    assert_eq!(
        (y2026.certain, y2026.at_risk),
        (m("59400.68"), m("6301.37"))
    );
    // Through the command, with the window taken from --today.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("worked.toml");
    std::fs::write(&path, WORKED).unwrap();
    let v: Value = serde_json::from_str(&stdout_of(&[
        "calendar",
        path.to_str().unwrap(),
        "--today",
        "2026-11-23",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(
        (v["from"].as_str(), v["to"].as_str()),
        (Some("2026-01-01"), Some("2026-12-31"))
    );
    assert_eq!(v["total"]["certain"], "59400.68");
    assert_eq!(v["total"]["at_risk"], "6301.37");
    assert_eq!(v["months"][0]["period"], "2026-01");
}

#[test]
fn the_window_can_come_from_the_environment() {
    let out = bin()
        .args([
            "calendar",
            "examples/cash-multi-year.toml",
            "--format",
            "json",
        ])
        .env("ACI_CPTS_TODAY", "2027-05-01")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["from"], "2027-01-01");
    // A day as French readers write it is read, by the rule files and spreadsheets are read
    // with; one that is not a day is refused.
    let day = |today: &str| {
        bin()
            .args([
                "calendar",
                "examples/cash-multi-year.toml",
                "--format",
                "json",
            ])
            .args(["--today", today])
            .output()
            .unwrap()
    };
    assert_eq!(day("23/11/2026").stdout, day("2026-11-23").stdout);
    assert_eq!(day("23.11.2026").stdout, day("2026-11-23").stdout);
    assert_eq!(day("23 novembre 2026").status.code(), Some(2));
    let out = bin()
        .args([
            "calendar",
            "examples/cash-multi-year.toml",
            "--from",
            "2026-05-01",
            "--to",
            "2026-01-01",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

fn check_invariants(text: &str, years: u32) {
    let (scenario, s) = schedule(text, years);
    // Nothing lost, nothing invented, to the cent.
    let paid = Money::checked_sum(s.payments.iter().map(|p| p.amount)).unwrap();
    let entitled = Money::checked_sum(s.years.iter().map(|y| y.simulation.totals.total)).unwrap();
    assert_eq!(paid, entitled, "{}", scenario.name);
    for y in &s.years {
        assert_eq!(
            y.certain.checked_add(y.at_risk).unwrap(),
            y.simulation.totals.total
        );
    }
    // No payment before the signature, nor before its mission's start.
    for p in &s.payments {
        assert!(p.date >= scenario.signed, "{p:?}");
        if let Some(started) = p
            .mission
            .as_ref()
            .and_then(|id| scenario.mission(id))
            .and_then(|m| m.started)
        {
            assert!(p.date >= started, "{p:?} before {started}");
        }
    }
    // The last balance falls after the end of the contract.
    let end = aci_cpts::model::calendar::ContractYear::of(scenario.signed, years)
        .unwrap()
        .to;
    assert!(s.payments.iter().any(|p| p.date > end));
}

#[test]
fn payments_add_up_to_the_entitlements_for_every_example() {
    for path in files("examples", "toml") {
        let text = std::fs::read_to_string(root().join(&path)).unwrap();
        check_invariants(&text, 5);
    }
    check_invariants(WORKED, 3);
}

#[test]
fn a_civil_year_s_payments_are_those_of_the_schedule_and_its_sum_is_theirs() {
    // `payments_in` computes only the contract years that pay in the year, `total_in` keeps no
    // line (for risk's draws): both must say what the whole schedule says, to the cent.
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let mut inputs = files("examples", "toml");
    inputs.extend(files("examples/region", "toml"));
    for path in inputs {
        let text = std::fs::read_to_string(root().join(&path)).unwrap();
        // Every contract year that starts by the end of 2031 (signatures from 2019).
        let (scenario, whole) = schedule(&text, 14);
        for year in 2019..=2031 {
            let expected: Vec<_> = whole
                .payments
                .iter()
                .filter(|p| chrono::Datelike::year(&p.date) == year)
                .cloned()
                .collect();
            let paid = cash::payments_in(&scenario, &registry, None, year).unwrap();
            assert_eq!(paid, expected, "{} {year}", path.display());
            let sum = Money::checked_sum(expected.iter().map(|p| p.amount)).unwrap();
            assert_eq!(
                cash::total_in(&scenario, &registry, None, year).unwrap(),
                sum,
                "{} {year}",
                path.display()
            );
        }
    }
}

#[test]
fn with_every_achievement_at_zero_only_the_certain_part_is_paid() {
    let text = std::fs::read_to_string(root().join("examples/cash-multi-year.toml")).unwrap();
    let zero = text
        .replace("[0.5, 0.8, 1]", "0")
        .replace("[0.4, 0.7, 0.9]", "0")
        .replace("[0.5, 1]", "0")
        .replace("[\"30%\", \"60%\", \"100%\"]", "0")
        .replace("crisis_recognised = [2]", "crisis_recognised = false");
    let (_, s) = schedule(&zero, 5);
    assert!(
        s.payments
            .iter()
            .all(|p| p.certain || p.amount == Money::ZERO)
    );
    let certain = Money::checked_sum(s.years.iter().map(|y| y.certain)).unwrap();
    let paid = Money::checked_sum(s.payments.iter().map(|p| p.amount)).unwrap();
    assert_eq!(paid, certain);
    // The certain part does not depend on results: the same as with the real achievements.
    let (_, real) = schedule(
        &text.replace("crisis_recognised = [2]", "crisis_recognised = false"),
        5,
    );
    assert_eq!(
        certain,
        Money::checked_sum(real.years.iter().map(|y| y.certain)).unwrap()
    );
}

#[test]
fn achievements_per_contract_year() {
    // examples/cash-multi-year.toml, accès aux soins [0.5, 0.8, 1]: year 2 at 80 %, year 5 holds 1.
    let text = std::fs::read_to_string(root().join("examples/cash-multi-year.toml")).unwrap();
    let year = |n: u32| {
        simulate_text(&text.replace(
            "signed = 2025-03-01",
            &format!("signed = 2025-03-01\ncontract_year = {n}"),
        ))
    };
    let variable = |sim: &aci_cpts::engine::Simulation, id: &str| {
        sim.lines
            .iter()
            .find(|l| {
                l.mission.as_deref() == Some(id) && l.part == aci_cpts::engine::Part::Variable
            })
            .unwrap()
            .amount
            .to_string()
    };
    assert_eq!(variable(&year(2), "acces_aux_soins"), "28000.00"); // 35 000 × 0.8
    assert_eq!(variable(&year(5), "acces_aux_soins"), "35000.00"); // the last value holds
    // Prévention indicators: year 2 = 10 000 × 1 + 7 500 × 0.6 = 14 500.
    assert_eq!(variable(&year(2), "prevention"), "14500.00");
    // The crisis is recognised in year 2 only: activation 67 500 (contract-t3).
    assert_eq!(year(2).totals.crisis.to_string(), "90000.00");
    assert_eq!(year(3).totals.crisis.to_string(), "22500.00");
}

#[test]
fn calendar_and_forecast_outputs() {
    let p = "examples/cash-multi-year.toml";
    insta::assert_snapshot!(
        "calendar-2026",
        stdout_of(&["calendar", p, "--today", "2026-11-23"])
    );
    insta::assert_snapshot!("forecast-table", stdout_of(&["forecast", p]));
    insta::assert_snapshot!(
        "forecast-markdown",
        stdout_of(&["forecast", p, "--format", "markdown"])
    );
    let v: Value = serde_json::from_str(&stdout_of(&["forecast", p, "--format", "json"])).unwrap();
    assert_eq!(v["entitlement_total"], v["cash_total"]);
    assert_eq!(v["contract_years"].as_array().unwrap().len(), 5);
    let csv = stdout_of(&[
        "calendar",
        p,
        "--from",
        "2025-01-01",
        "--to",
        "2030-12-31",
        "--format",
        "csv",
    ]);
    // T3 fonctionnement 75 000 of contract year 1, paid in full at the signature (aci-2019-text).
    assert!(csv.starts_with("date,contract_year,mission,part,label,kind,amount,certain\n2025-03-01,1,,fonctionnement,Fonctionnement,in_full,75000.00,true\n"), "{csv}");
    let v: Value = serde_json::from_str(&stdout_of(&[
        "forecast", p, "--years", "2", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(v["contract_years"].as_array().unwrap().len(), 2);
}

#[test]
fn forecast_chart_is_valid_svg() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cash.svg");
    bin()
        .args([
            "forecast",
            "examples/cash-multi-year.toml",
            "--chart",
            path.to_str().unwrap(),
        ])
        .assert()
        .success();
    let svg = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    for id in ["series-certain", "series-at-risk"] {
        let g = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("{id}"));
        // At least one bar per contract year (results are paid once a year).
        assert!(
            g.children()
                .filter(|c| c.tag_name().name() == "rect")
                .count()
                >= 5,
            "{id} has its bars"
        );
    }
    // Never overwrites.
    stderr_of_failure(&[
        "forecast",
        "examples/cash-multi-year.toml",
        "--chart",
        path.to_str().unwrap(),
    ]);
}

#[test]
fn a_table_without_a_payment_rule_cannot_date_the_cash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, "name = \"x\"\npopulation = 1000\nmembers = 1\nsigned = 2030-02-01\n[missions.parcours]\nachievement = 1\n").unwrap();
    // A fixture table without its payment rule.
    let fixture = std::fs::read_to_string("tests/fixtures/tariffs/overlap/first.toml").unwrap();
    let table = dir.path().join("no-payments.toml");
    std::fs::write(&table, &fixture[..fixture.find("\n[payments]").unwrap()]).unwrap();
    let table = table.to_str().unwrap().to_string();
    let out = bin()
        .args(["forecast", path.to_str().unwrap(), "--tariff", &table])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("tariff `test-table` has no [payments] rule"),
        "{err}"
    );
    // `simulate` does not need it.
    let out = bin()
        .args(["simulate", path.to_str().unwrap(), "--tariff", &table])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `calendar --year` is the civil year's window; every month of it is listed, those without a
/// payment as 0 and written for people (`mars 2026`); its CSV carries, under the payments, each
/// month's, each year's and the window's sums, certain and depending on results, which add up
/// to the payments and to the JSON's total.
#[test]
fn calendar_lists_every_month_and_its_csv_carries_the_sums() {
    let p = "examples/cash-multi-year.toml";
    let by_year = stdout_of(&["calendar", p, "--year", "2027", "--format", "json"]);
    let by_days = stdout_of(&[
        "calendar",
        p,
        "--from",
        "2027-01-01",
        "--to",
        "2027-12-31",
        "--format",
        "json",
    ]);
    assert_eq!(by_year, by_days);
    let v: Value = serde_json::from_str(&by_year).unwrap();
    let months: Vec<&str> = v["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["period"].as_str().unwrap())
        .collect();
    assert_eq!(months.len(), 12, "{months:?}");
    assert_eq!((months[0], months[11]), ("2027-01", "2027-12"));
    let people = stdout_of(&["calendar", p, "--year", "2026", "--lang", "fr"]);
    for month in ["janv. 2026", "mars 2026", "déc. 2026"] {
        assert!(people.contains(month), "{month}:\n{people}");
    }
    assert!(!people.contains("2026-03"), "{people}");

    let csv = stdout_of(&["calendar", p, "--year", "2026", "--format", "csv"]);
    let json: Value = serde_json::from_str(&stdout_of(&[
        "calendar", p, "--year", "2026", "--format", "json",
    ]))
    .unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let amount = |r: &Vec<&str>| r[6].parse::<rust_decimal::Decimal>().unwrap();
    let sum = |kind: &str, period: &str, certain: &str| -> rust_decimal::Decimal {
        rows.iter()
            .filter(|r| r[5] == kind && r[4] == period && r[7] == certain)
            .map(amount)
            .sum()
    };
    let is_payment = |r: &&Vec<&str>| !r[5].ends_with("_total");
    for month in 1..=12 {
        let period = format!("2026-{month:02}");
        for certain in ["true", "false"] {
            let paid: rust_decimal::Decimal = rows
                .iter()
                .filter(is_payment)
                .filter(|r| r[0].starts_with(&period) && r[7] == certain)
                .map(amount)
                .sum();
            assert_eq!(
                sum("month_total", &period, certain),
                paid,
                "{period} {certain}"
            );
        }
    }
    let total = |key: &str| json["total"][key].as_str().unwrap().parse().unwrap();
    assert_eq!(sum("year_total", "2026", "true"), total("certain"));
    assert_eq!(sum("year_total", "2026", "false"), total("at_risk"));
    assert_eq!(
        sum("window_total", "2026-01-01/2026-12-31", "true")
            + sum("window_total", "2026-01-01/2026-12-31", "false"),
        total("total")
    );
    assert_eq!(rows.iter().filter(|r| r[5] == "month_total").count(), 24);
}
