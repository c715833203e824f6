//! The time rules of reference section 5 in every command: a newer version's mission inside a
//! year computed under an older one, contracts that end after five contract years unless
//! renewed, one schedule for every command (the cash of a portfolio is the sum of its
//! calendars), and a portfolio row's cash that does not depend on its contract year.

use crate::common::{bin, root, stdout_of};
use aci_cpts::engine::cash;
use aci_cpts::model::money::Money;
use rand::{RngExt, SeedableRng};
use std::str::FromStr;

/// A T3 CPTS signed before avenant 2 (2021-12-19) whose crisis mission starts on 2022-06-01,
/// inside contract year 1, computed under aci-2019.
const LENT: &str = r#"name = "CPTS signée avant l'avenant 2"
population = 92000
members = 60
signed = 2021-12-19
contract_year = 1

[missions.acces_aux_soins]
achievement = 1

[missions.parcours]
achievement = 1

[missions.prevention]
achievement = 1

[missions.crises_sanitaires]
started = 2022-06-01
"#;

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout_of(args)).expect("JSON output")
}

fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn money(v: &serde_json::Value) -> Money {
    Money::new(rust_decimal::Decimal::from_str(v.as_str().expect("an amount")).unwrap())
}

/// The issue's case (reference section 5, revised): the plan of the crisis mission, 45 000 € for
/// T3 (`contract-t3`), is due from the mission's start, 2022-06-01, to the end of contract year 1,
/// 2022-12-18: 201 of 365 days, 24 780,82 €. Every command pays it and none refuses the file.
#[test]
fn a_newer_version_s_mission_is_paid_from_its_start_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir, "lent.toml", LENT);
    let sim = json(&["simulate", &path, "--format", "json"]);
    assert_eq!(sim["tariff"], "aci-2019");
    let plan = sim["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["part"] == "crisis_plan")
        .expect("the plan is paid");
    assert_eq!(plan["amount"], "24780.82");
    assert_eq!(
        (plan["prorata_days"].clone(), plan["prorata_of"].clone()),
        (201.into(), 365.into())
    );
    let codes: Vec<&str> = sim["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert!(codes.contains(&"mission_under_newer_version"), "{codes:?}");
    let message = sim["warnings"][0]["message"].as_str().unwrap();
    for word in ["aci-2019", "aci-avenant-2", "2022-06-01"] {
        assert!(message.contains(word), "{message}");
    }
    let total = sim["totals"]["total"].clone();
    assert_eq!(total, "344780.82");

    let batch = json(&["batch", &path, "--format", "json"]);
    assert_eq!(batch["rows"][0]["totals"]["total"], total);
    let forecast = json(&["forecast", &path, "--format", "json"]);
    assert_eq!(forecast["contract_years"][0]["total"], total);
    let risk = json(&["risk", &path, "--format", "json", "--draws", "10"]);
    assert_eq!(risk["rows"][0]["likely"], total);
    let compare = json(&["compare", &path, &path, "--format", "json"]);
    assert_eq!(compare["difference"], "0.00");
    assert!(compare.to_string().contains("24780.82"));
    // The plan's advance (75 %) lands on the mission's start, its balance at the anniversary.
    let calendar = json(&[
        "calendar",
        &path,
        "--from",
        "2022-01-01",
        "--to",
        "2022-12-31",
        "--format",
        "json",
    ]);
    let plan_paid: Vec<(String, String)> = calendar["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["part"] == "crisis_plan")
        .map(|p| {
            (
                p["date"].as_str().unwrap().to_string(),
                p["amount"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        plan_paid,
        vec![
            ("2022-06-01".to_string(), "18585.62".to_string()),
            ("2022-12-19".to_string(), "6195.20".to_string()),
        ]
    );
    // Contract year 2 is under avenant 2: the plan's update, in full.
    let year2 =
        crate::common::simulate_text(&LENT.replace("contract_year = 1", "contract_year = 2"));
    assert_eq!(year2.tariff, "aci-avenant-2");
    assert!(
        year2
            .lines
            .iter()
            .any(|l| l.part == aci_cpts::engine::Part::CrisisUpdate
                && l.amount == Money::new(rust_decimal::Decimal::new(22_500, 0)))
    );
}

/// A mission that starts after the year computed under the older version earns nothing there,
/// and a version named by the scenario lends nothing: its missions it lacks earn nothing.
#[test]
fn a_lent_mission_earns_only_from_its_start_and_never_under_a_named_version() {
    let later = crate::common::simulate_text(&LENT.replace("2022-06-01", "2023-01-15"));
    assert_eq!(later.totals.crisis, Money::ZERO);
    let named = crate::common::simulate_text(&LENT.replace(
        "contract_year = 1",
        "contract_year = 1\ntariff = \"aci-2019\"",
    ));
    assert_eq!(named.totals.crisis, Money::ZERO);
    assert!(
        named
            .warnings
            .iter()
            .any(|w| w.code().as_str() == "mission_not_in_version")
    );
}

const ENDED: &str = r#"name = "CPTS de 2019"
population = 45000
members = 40
signed = 2019-10-01
contract_year = 7

[missions.acces_aux_soins]
achievement = 0.8

[missions.parcours]
achievement = 0.8

[missions.prevention]
achievement = 0.8
"#;

/// Reference section 5: a contract lasts five contract years; later years are paid only when
/// the scenario says it was renewed.
#[test]
fn a_contract_ends_after_five_contract_years_unless_renewed() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir, "ended.toml", ENDED);
    for args in [
        vec!["simulate", path.as_str()],
        vec!["simulate", path.as_str(), "--at", "2027-01-01"],
        vec!["compare", path.as_str(), path.as_str()],
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("ended on 2024-09-30"), "{err}");
        assert!(err.contains("renewed = true"), "{err}");
    }
    // Renewed: computed, on the same terms as year 5, with a warning.
    let renewed = file(
        &dir,
        "renewed.toml",
        &ENDED.replace("contract_year = 7", "contract_year = 7\nrenewed = true"),
    );
    let y7 = json(&["simulate", &renewed, "--format", "json"]);
    assert!(y7["warnings"].to_string().contains("contract_renewed"));
    let y5 = crate::common::simulate_text(&ENDED.replace("contract_year = 7", "contract_year = 5"));
    assert_eq!(money(&y7["totals"]["total"]), y5.totals.total);

    // batch and risk pay nothing for the year after the end, and say so once.
    let out = bin()
        .args(["batch", &path, "--format", "json", "--cash", "2030"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let batch: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(batch["rows"][0]["totals"]["total"], "0.00");
    assert_eq!(
        batch["aggregate"]["cash"][0]["months"],
        serde_json::json!([])
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.matches("the contract ended on 2024-09-30").count(),
        1,
        "{err}"
    );
    let out = bin()
        .args(["risk", &path, "--format", "json", "--draws", "5"])
        .output()
        .unwrap();
    let risk: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(risk["rows"][0]["likely"], "0.00");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr)
            .matches("ended on")
            .count(),
        1
    );
    // forecast asked for seven years shows five, and says why.
    let out = bin()
        .args(["forecast", &path, "--years", "7", "--format", "json"])
        .output()
        .unwrap();
    let forecast: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(forecast["contract_years"].as_array().unwrap().len(), 5);
    assert!(String::from_utf8_lossy(&out.stderr).contains("ended on 2024-09-30"));
    // A renewed contract's calendar pays its later years; an ended one's pays nothing.
    let paid_in_2026 = |file: &str| {
        let calendar = json(&[
            "calendar",
            file,
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ]);
        calendar["payments"].as_array().unwrap().len()
    };
    assert!(paid_in_2026(&renewed) > 0);
    assert_eq!(paid_in_2026(&path), 0);
}

/// What lands in civil year `year` for each CPTS of a portfolio, from each one's own schedule —
/// what `calendar` shows — summed.
fn sum_of_calendars(path: &str, year: i32) -> Money {
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let mut sum = Money::ZERO;
    let mut add = |s: &aci_cpts::model::scenario::Scenario| {
        let schedule = cash::schedule(s, &registry, None, 60).unwrap();
        for p in &schedule.payments {
            if chrono::Datelike::year(&p.date) == year {
                sum = sum.checked_add(p.amount).unwrap();
            }
        }
    };
    if path.ends_with(".csv") {
        for row in
            aci_cpts::input::portfolio::open(aci_cpts::catalog::Lang::En, path, &registry).unwrap()
        {
            add(&row
                .load(aci_cpts::catalog::Lang::En, &registry, None, None)
                .unwrap()
                .scenario);
        }
    } else {
        for f in
            aci_cpts::app::batch::files(aci_cpts::catalog::Lang::En, &[path.to_string()]).unwrap()
        {
            let text = aci_cpts::input::read_source(aci_cpts::catalog::Lang::En, &f.name).unwrap();
            add(&aci_cpts::input::scenario::load(
                aci_cpts::catalog::Lang::En,
                &text,
                &registry,
                None,
            )
            .unwrap()
            .scenario);
        }
    }
    sum
}

fn batch_cash(path: &str, year: i32) -> (Money, usize) {
    let out = bin()
        .args([
            "batch",
            path,
            "--format",
            "json",
            "--cash",
            &year.to_string(),
        ])
        .output()
        .unwrap();
    let batch: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let months = batch["aggregate"]["cash"][0]["months"].as_array().unwrap();
    let total = months.iter().fold(Money::ZERO, |s, m| {
        s.checked_add(money(&m["total"])).unwrap()
    });
    (total, batch["errors"].as_array().unwrap().len())
}

/// A portfolio of random CPTS: signed from 2019-09 to 2026, any contract year from 1 to 9,
/// renewed or not, crisis missions started before avenant 2, inside an aci-2019 year or later.
fn generated_portfolio(seed: u64, rows: usize) -> String {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut out = String::from(
        "name,population,members,signed,contract_year,renewed,crisis_recognised,acces_aux_soins,parcours,prevention,crises_sanitaires,crises_sanitaires.started,qualite_pertinence\n",
    );
    let base = chrono::NaiveDate::from_ymd_opt(2019, 9, 1).unwrap();
    for i in 0..rows {
        let signed = base + chrono::Duration::days(rng.random_range(0..2_600));
        let started = signed + chrono::Duration::days(rng.random_range(-100..900));
        let crisis = ["", "oui", "non", "années 2", "1 3"][rng.random_range(0..5)];
        out.push_str(&format!(
            "CPTS {i},{},{},{signed},{},{},{crisis},{},{},{},{},{started},{}\n",
            rng.random_range(5_000..300_000),
            rng.random_range(0..200),
            rng.random_range(1..10),
            if rng.random_bool(0.3) { "oui" } else { "non" },
            rng.random_range(0..=100) as f64 / 100.0,
            rng.random_range(0..=100) as f64 / 100.0,
            rng.random_range(0..=100) as f64 / 100.0,
            if rng.random_bool(0.7) { "oui" } else { "" },
            if rng.random_bool(0.5) { "0.5" } else { "" },
        ));
    }
    out
}

/// One schedule for every command: the cash a portfolio receives in a civil year is, to the
/// cent, the sum of each CPTS's calendar over that year, from 2019 to 2032 — for the example
/// region (its scenario files and its portfolio) and for generated portfolios; and no row is
/// refused for a contract year it is not asked about.
#[test]
fn the_cash_of_a_portfolio_is_the_sum_of_its_calendars() {
    let dir = tempfile::tempdir().unwrap();
    let generated = file(&dir, "generated.csv", &generated_portfolio(20, 60));
    let region = root()
        .join("examples/region")
        .to_string_lossy()
        .into_owned();
    let region_csv = root()
        .join("examples/region/portfolio.csv")
        .to_string_lossy()
        .into_owned();
    let mut paid = Money::ZERO;
    for path in [&generated, &region_csv] {
        for year in 2019..=2032 {
            let (batch, refused) = batch_cash(path, year);
            assert_eq!(refused, 0, "{path} {year}");
            assert_eq!(batch, sum_of_calendars(path, year), "{path}, {year}");
            paid = paid.checked_add(batch).unwrap();
        }
    }
    for year in [2019, 2022, 2026, 2030] {
        let (batch, _) = batch_cash(&region, year);
        assert_eq!(batch, sum_of_calendars(&region, year), "region, {year}");
    }
    // The comparison is of something.
    assert!(paid > Money::ZERO);
}

/// `crisis_recognised` in a portfolio: yes/no for the year computed, or contract years; a bare
/// `1`, which reads both ways, is refused with both readings.
#[test]
fn crisis_recognised_in_a_portfolio_is_unambiguous() {
    let dir = tempfile::tempdir().unwrap();
    let row = |crisis: &str| {
        format!(
            "name,population,members,signed,contract_year,crisis_recognised,acces_aux_soins,parcours,prevention,crises_sanitaires\nCPTS,92000,60,2023-01-10,1,{crisis},1,1,1,oui\n"
        )
    };
    let ambiguous = file(&dir, "one.csv", &row("1"));
    let out = bin().args(["batch", &ambiguous]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("write `yes`") && err.contains("write `years 1`"),
        "{err}"
    );
    let activation = |crisis: &str| {
        let path = file(&dir, "c.csv", &row(crisis));
        let batch = json(&["batch", &path, "--format", "json"]);
        batch["rows"][0]["totals"]["crisis"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Plan 45 000 + activation 67 500 (T3, contract-t3) in year 1 when a crisis is recognised.
    assert_eq!(activation("oui"), "112500.00");
    assert_eq!(activation("années 1"), "112500.00");
    assert_eq!(activation("years 2"), "45000.00");
    assert_eq!(activation("non"), "45000.00");
}
