//! Indicators as contracts write them (reference section 6): items, paliers on a measured value,
//! the real annex of the RoViRa CPTS (`../shared/reference/annex-rovira-year5.md`), and what a
//! coordinator typing hers gets wrong.

use crate::common::{root, simulate_file, simulate_text, stderr_of_failure};
use aci_cpts::engine::{IndicatorKind, Part, Simulation};
use aci_cpts::model::money::Money;
use aci_cpts::model::scenario::{Scoring, VariableInput};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn variable(sim: &Simulation, mission: &str) -> Money {
    sim.lines
        .iter()
        .find(|l| l.mission.as_deref() == Some(mission) && l.part == Part::Variable)
        .unwrap_or_else(|| panic!("no volet variable for {mission}"))
        .amount
}

fn loaded(path: &str) -> aci_cpts::model::scenario::Scenario {
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let file = aci_cpts::input::read_source(
        aci_cpts::catalog::Lang::En,
        &root().join(path).to_string_lossy(),
    )
    .unwrap();
    aci_cpts::input::scenario::load(aci_cpts::catalog::Lang::En, &file, &registry, None)
        .unwrap()
        .scenario
}

/// Source: the RoViRa annex, year 5 (annex-rovira-year5.md, last line): "Total at full
/// achievement, no crisis: 75 000 (fonctionnement) + 322 500 (missions) = 397 500 €".
#[test]
fn the_rovira_annex_at_full_achievement_pays_397_500() {
    let mut s = loaded("examples/rovira-annexe-5.toml");
    for m in &mut s.missions {
        if let Some(VariableInput::Indicators(list)) = &mut m.variable {
            for i in list {
                match &mut i.scoring {
                    Scoring::Item { met, .. } => met.set_all(Decimal::ONE),
                    Scoring::Paliers(p) => {
                        let best = p.steps.last().unwrap().threshold;
                        p.measured.set_all(best);
                    }
                    Scoring::Estimate { .. } => panic!("the annex has no estimate"),
                }
            }
        }
    }
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let versions = registry.versions_of(&s).unwrap();
    let sim = aci_cpts::engine::simulate(&s, versions).unwrap();
    assert_eq!(sim.totals.total.to_string(), "397500.00");
    // Every euro of each volet variable belongs to one indicator: no envelope warning.
    assert_eq!(sim.totals.variable_earned.to_string(), "122500.00");
    assert!(
        !sim.warnings
            .iter()
            .any(|w| w.code().as_str() == "indicators_do_not_match_envelope")
    );
}

/// The illustrative values of the example, by hand. Accès: 6 000 (87 ≤ 100), 0 (67 950 <
/// 68 811), 3 000 (5 ≤ 6), 0 (240 > 203) and 13 000 of items, 22 000. Parcours: 45 000 less
/// 3 000 and 2 000 not met, 40 000. Prévention: 1 000 (71,2 % ≥ 69,70 %), 2 500 (67,5 % ≥
/// 67,45 %), 0 (24 % < 25 %), 500, 0 (Juin Vert) and 5 500, 9 500. Qualité 15 000,
/// accompagnement 10 000.
#[test]
fn the_rovira_example_pays_whole_paliers_and_items_never_a_cent_more() {
    let sim = simulate_file("examples/rovira-annexe-5.toml");
    assert_eq!(variable(&sim, "acces_aux_soins").to_string(), "22000.00");
    assert_eq!(variable(&sim, "parcours").to_string(), "40000.00");
    assert_eq!(variable(&sim, "prevention").to_string(), "9500.00");
    assert_eq!(sim.totals.total.to_string(), "371500.00");
    let ald = sim
        .lines
        .iter()
        .flat_map(|l| &l.indicators)
        .find(|i| i.id.as_deref() == Some("ald-sans-mt"))
        .unwrap();
    match &ald.kind {
        IndicatorKind::Paliers { reached, .. } => assert_eq!(*reached, Some(1)),
        other => panic!("paliers expected, got {other:?}"),
    }
}

/// `examples/indicators.toml` paid 27 000,30 € and 14 500,15 € before paliers: cents no
/// contract pays. Every line of every shipped example is now whole cents of the contract.
#[test]
fn the_indicators_example_pays_no_fraction_of_a_palier() {
    let sim = simulate_file("examples/indicators.toml");
    for l in &sim.lines {
        assert_eq!(
            l.amount.value().fract() * Decimal::ONE_HUNDRED % Decimal::ONE_HUNDRED,
            Decimal::ZERO,
            "{l:?}"
        );
    }
}

fn prevention(paliers: &str, measured: &str) -> Simulation {
    simulate_text(&format!(
        "name = \"p\"\npopulation = 92000\nmembers = 10\nsigned = 2022-04-15\ncontract_year = 5\n\
         [missions.prevention]\n[[missions.prevention.indicators]]\nname = \"x\"\n\
         measured = {measured}\npaliers = {paliers}\n"
    ))
}

#[test]
fn a_threshold_is_reached_when_equal_both_ways() {
    let up =
        r#"[{ from = "69.70%", amount = "1000.00" }, { from = "72.40%", amount = "2500.00" }]"#;
    for (measured, paid) in [
        (r#""69.69%""#, "0.00"),
        (r#""69.70%""#, "1000.00"),
        (r#""69.71%""#, "1000.00"),
        (r#""72.4%""#, "2500.00"),
        (r#""100%""#, "2500.00"),
    ] {
        assert_eq!(
            variable(&prevention(up, measured), "prevention").to_string(),
            paid,
            "{measured}"
        );
    }
    let down = r#"[{ up_to = 219, amount = "3000.00" }, { up_to = 100, amount = "6000.00" }]"#;
    for (measured, paid) in [
        ("220", "0.00"),
        ("219", "3000.00"),
        ("218.5", "3000.00"),
        ("100", "6000.00"),
        ("101", "3000.00"),
        ("0", "6000.00"),
    ] {
        assert_eq!(
            variable(&prevention(down, measured), "prevention").to_string(),
            paid,
            "{measured}"
        );
    }
}

#[test]
fn above_the_envelope_the_envelope_caps_what_is_paid() {
    // Prévention's envelope is 17 500 € in T3; the items add up to 20 000 €.
    let sim = simulate_text(
        "name = \"p\"\npopulation = 92000\nmembers = 10\nsigned = 2022-04-15\ncontract_year = 5\n\
         [missions.prevention]\n\
         [[missions.prevention.indicators]]\nname = \"a\"\namount = \"12000.00\"\nmet = true\n\
         [[missions.prevention.indicators]]\nname = \"b\"\namount = \"8000.00\"\nmet = true\n",
    );
    assert_eq!(variable(&sim, "prevention").to_string(), "17500.00");
    let w = sim
        .warnings
        .iter()
        .find(|w| w.code().as_str() == "indicators_do_not_match_envelope")
        .expect("a warning says so");
    let text = aci_cpts::report::warnings::message(aci_cpts::catalog::Lang::En, w);
    assert!(text.contains("caps"), "{text}");
}

#[test]
fn a_palier_out_of_order_is_refused_at_its_line_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    std::fs::write(
        &path,
        "name = \"p\"\npopulation = 92000\nmembers = 10\nsigned = 2022-04-15\ncontract_year = 5\n\
         [missions.prevention]\n[[missions.prevention.indicators]]\nname = \"Sein\"\n\
         measured = \"71.2%\"\npaliers = [\n  { from = \"72.40%\", amount = \"2500.00\" },\n  \
         { from = \"69.70%\", amount = \"1000.00\" },\n]\n",
    )
    .unwrap();
    let err = stderr_of_failure(&["--lang", "fr", "simulate", &path.to_string_lossy()]);
    assert!(
        err.contains("le palier 2 de `Sein` (69,7 %) n'est pas plus exigeant"),
        "{err}"
    );
    assert!(err.contains("p.toml:12"), "{err}");
    assert!(err.contains("aide"), "{err}");
}

proptest! {
    /// Earned never exceeds the best palier, and moving the measured value the good way never
    /// lowers the total.
    #[test]
    fn paliers_are_monotone_and_bounded(a in 0u32..10_000, b in 0u32..10_000, up in any::<bool>()) {
        let (lo, hi) = (a.min(b), a.max(b));
        let paliers = if up {
            r#"[{ from = 2000, amount = "1000.00" }, { from = 5000, amount = "2500.00" }, { from = 8000, amount = "3500.00" }]"#
        } else {
            r#"[{ up_to = 8000, amount = "1000.00" }, { up_to = 5000, amount = "2500.00" }, { up_to = 2000, amount = "3500.00" }]"#
        };
        let (worse, better) = if up { (lo, hi) } else { (hi, lo) };
        let w = variable(&prevention(paliers, &worse.to_string()), "prevention");
        let b = variable(&prevention(paliers, &better.to_string()), "prevention");
        prop_assert!(w <= b);
        prop_assert!(b.to_string().parse::<Decimal>().unwrap() <= Decimal::from(3500));
    }
}

/// Every lever's gain is the difference of two `simulate` runs: the measured value moved to the
/// next threshold (or the item met, the estimate at 100 %), and the year as it stands; the total
/// still reachable is the annex at its best (397 500,00 €) minus the year as it stands.
#[test]
fn each_lever_gains_what_two_simulations_differ_by() {
    let out = crate::common::stdout_of(&[
        "levers",
        "examples/rovira-annexe-5.toml",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let base = loaded("examples/rovira-annexe-5.toml");
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let total = |s: &aci_cpts::model::scenario::Scenario| {
        aci_cpts::engine::simulate(s, registry.versions_of(s).unwrap())
            .unwrap()
            .totals
            .total
    };
    let before = total(&base);
    let levers = json["levers"].as_array().unwrap();
    assert_eq!(levers.len(), 9);
    let mut last = None;
    for lever in levers {
        let mut s = base.clone();
        let name = lever["indicator"].as_str().unwrap();
        let ind = s
            .missions
            .iter_mut()
            .filter_map(|m| match &mut m.variable {
                Some(VariableInput::Indicators(list)) => Some(list),
                _ => None,
            })
            .flatten()
            .find(|i| i.name == name)
            .unwrap();
        match lever["needs"]["kind"].as_str().unwrap() {
            "met" => ind.value_mut().set_all(Decimal::ONE),
            "value" => {
                let to: Decimal = lever["needs"]["to"].as_str().unwrap().parse().unwrap();
                ind.value_mut().set_all(to);
            }
            other => panic!("the annex has no {other}"),
        }
        let gain: Decimal = lever["gain"].as_str().unwrap().parse().unwrap();
        assert_eq!(total(&s).value() - before.value(), gain, "{name}");
        // Most euros first.
        assert!(last.is_none_or(|l| l >= gain));
        last = Some(gain);
    }
    assert_eq!(json["reachable"], "26000.00");
    assert_eq!(json["total"], "371500.00");
}

#[test]
fn levers_speak_french() {
    let out =
        crate::common::stdout_of(&["--lang", "fr", "levers", "examples/rovira-annexe-5.toml"]);
    assert!(out.contains("+1,2 pt (71,2 % → 72,4 %)"), "{out}");
    assert!(out.contains("−37 (240 → 203)"), "{out}");
    assert!(out.contains("encore atteignable cette année"), "{out}");
    assert!(out.contains("26 000,00 €"), "{out}");
}

/// A sweep along a measured value steps at each threshold and nowhere else: the cliffs of
/// `measured.sein` (higher is better) are at 69,70 %, 72,40 % and 75 %, those of
/// `measured.ald-sans-mt` (lower is better) just past 50, 100 and 219.
#[test]
fn a_sweep_along_a_measured_value_steps_exactly_at_the_thresholds() {
    let cliffs = |vary: &str| -> Vec<(String, String, String)> {
        let out = crate::common::stdout_of(&[
            "sweep",
            "examples/rovira-annexe-5.toml",
            "--vary",
            vary,
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["cliffs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["at"].as_str().unwrap().to_string(),
                    c["what"].as_str().unwrap().to_string(),
                    c["jump"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let up = cliffs("measured.sein=60%:80%:0.1%");
    assert_eq!(
        up,
        [
            ("measured.sein=0.697", "palier 0 → 1", "1000.00"),
            ("measured.sein=0.724", "palier 1 → 2", "1500.00"),
            ("measured.sein=0.75", "palier 2 → 3", "1000.00"),
        ]
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
    let down = cliffs("measured.ald-sans-mt=0:300:1");
    let at: Vec<&str> = down.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        at,
        [
            "measured.ald-sans-mt=51",
            "measured.ald-sans-mt=101",
            "measured.ald-sans-mt=220"
        ]
    );
    let err = stderr_of_failure(&[
        "sweep",
        "examples/rovira-annexe-5.toml",
        "--vary",
        "measured.juin-vert=0:1:1",
    ]);
    assert!(
        err.contains("indicators with paliers: ald-sans-mt"),
        "{err}"
    );
}

fn risk_json(measured: &str) -> serde_json::Value {
    serde_json::from_str(&risk_out(measured, &["--format", "json"])).unwrap()
}

fn risk_out(measured: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"r\"\npopulation = 92000\nmembers = 60\nsigned = 2022-04-15\ncontract_year = 5\n\
             [missions.prevention]\n[[missions.prevention.indicators]]\nid = \"sein\"\nname = \"Sein\"\n\
             measured = {measured}\npaliers = [\n  {{ from = \"69.70%\", amount = \"1000.00\" }},\n  \
             {{ from = \"72.40%\", amount = \"2500.00\" }},\n  {{ from = \"75%\", amount = \"3500.00\" }},\n]\n\
             [[missions.prevention.indicators]]\nname = \"Reste\"\namount = \"14000.00\"\nmet = true\n"
        ),
    )
    .unwrap();
    let path = path.to_string_lossy();
    let mut args = vec!["risk", &path, "--draws", "4000", "--seed", "3"];
    args.extend(extra);
    crate::common::stdout_of(&args)
}

/// `risk` draws a measured value from its range: each draw's total is the year with the palier
/// that value reaches, so the mean total is the rest of the year plus each palier's amount
/// weighted by the share of draws that reached it; a degenerate range is `simulate`'s answer.
#[test]
fn risk_draws_measured_values_and_gives_each_palier_its_odds() {
    let v = risk_json(r#"{ low = "68%", likely = "71.2%", high = "76%" }"#);
    let row = &v["rows"][0];
    let counts: Vec<Decimal> = row["paliers"][0]["draws"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Decimal::from(p.as_u64().unwrap()))
        .collect();
    assert_eq!(counts.len(), 4);
    assert_eq!(counts.iter().sum::<Decimal>(), Decimal::from(4000));
    assert!(counts.iter().all(|c| *c > Decimal::ZERO), "{counts:?}");
    // 75 000 fonctionnement + 17 500 volet fixe + 14 000 item = 106 500, then the paliers.
    let expected = Decimal::from(106_500)
        + (counts[1] * Decimal::from(1000)
            + counts[2] * Decimal::from(2500)
            + counts[3] * Decimal::from(3500))
            / Decimal::from(4000);
    let mean: Decimal = row["total"]["mean"].as_str().unwrap().parse().unwrap();
    let rounded =
        expected.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(mean, rounded, "{counts:?}");
    let fixed = risk_json(r#"{ low = "71.2%", likely = "71.2%", high = "71.2%" }"#);
    let row = &fixed["rows"][0];
    assert_eq!(row["total"]["p10"], "107500.00");
    assert_eq!(row["total"]["p90"], "107500.00");
    assert_eq!(row["likely"], "107500.00");
    assert_eq!(
        row["paliers"][0]["probabilities"],
        serde_json::json!(["0", "1", "0", "0"])
    );
    // For people, in French: the share of draws at each palier (2 320 of 4 000 at palier 1).
    let fr = risk_out(
        r#"{ low = "68%", likely = "71.2%", high = "76%" }"#,
        &["--lang", "fr"],
    );
    assert!(
        fr.contains("aucun palier 13,03 % · palier 1 58 % · palier 2 28,55 % · palier 3 0,43 %"),
        "{fr}"
    );
}

#[test]
fn explain_says_each_palier_reached_and_what_the_next_pays_in_french() {
    let out = crate::common::stdout_of(&[
        "--lang",
        "fr",
        "simulate",
        "examples/rovira-annexe-5.toml",
        "--explain",
    ]);
    for said in [
        "Dépistage du cancer du sein : 71,2 % ≥ 69,7 % : palier 1/3 → 1 000,00 € (le palier suivant, 72,4 %, paie 2 500,00 €)",
        "Patients en ALD sans médecin traitant : 87 ≤ 100 : palier 2/3 → 6 000,00 € (le palier suivant, 50, paie 9 000,00 €)",
        "Dépistage du cancer colorectal : 24 %, aucun palier atteint → 0,00 € (le palier suivant, 25 %, paie 1 000,00 €)",
        "Juin Vert (journées de frottis, sensibilisation HPV) : non atteint → 0,00 € (atteint, il paie 1 000,00 €)",
    ] {
        assert!(out.contains(said), "{said}\n{out}");
    }
}

#[test]
fn an_achievement_sweep_over_items_and_paliers_says_to_vary_a_measured_value() {
    let err = stderr_of_failure(&[
        "sweep",
        "examples/rovira-annexe-5.toml",
        "--vary",
        "achievement.prevention=0:1:0.5",
    ]);
    assert!(err.contains("are items and paliers"), "{err}");
    assert!(err.contains("--vary measured.KEY"), "{err}");
    let err = stderr_of_failure(&[
        "sweep",
        "examples/rovira-annexe-5.toml",
        "--vary",
        "achievement=0:1:0.5",
    ]);
    assert!(
        err.contains("every indicator is an item or paliers"),
        "{err}"
    );
}

/// The CSV keeps each indicator as a row of its own under its mission, part `indicator`, with its
/// id, measured value (an item: 1 met, 0 not) and palier reached — what JSON says — and the lines
/// without them still add up to the total.
#[test]
fn the_csv_has_a_row_per_indicator_that_a_sum_of_lines_leaves_out() {
    let p = "examples/rovira-annexe-5.toml";
    let csv_text = crate::common::stdout_of(&["simulate", p, "--format", "csv"]);
    let json: serde_json::Value = serde_json::from_str(&crate::common::stdout_of(&[
        "simulate", p, "--format", "json",
    ]))
    .unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let indicators: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[col("part")] == "indicator")
        .collect();
    let expected: Vec<&serde_json::Value> = json["lines"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["indicators"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(indicators.len(), expected.len());
    for (row, ind) in indicators.iter().zip(&expected) {
        assert_eq!(&row[col("label")], ind["name"].as_str().unwrap());
        assert_eq!(&row[col("amount")], ind["earned"].as_str().unwrap());
        assert_eq!(&row[col("envelope")], ind["amount"].as_str().unwrap());
        assert_eq!(&row[col("indicator")], ind["id"].as_str().unwrap_or(""));
        match ind["kind"].as_str().unwrap() {
            "paliers" => {
                assert_eq!(&row[col("measured")], ind["measured"].as_str().unwrap());
                assert_eq!(row[col("palier")].parse::<u64>().unwrap(), ind["palier"]);
            }
            "item" => {
                let met = if ind["met"] == true { "1" } else { "0" };
                assert_eq!(&row[col("measured")], met);
            }
            kind => panic!("{kind}"),
        }
    }
    let ald = indicators
        .iter()
        .find(|r| &r[col("indicator")] == "ald-sans-mt")
        .unwrap();
    assert_eq!(
        (
            &ald[col("measured")],
            &ald[col("palier")],
            &ald[col("amount")]
        ),
        ("87", "2", "6000.00")
    );
    let lines: Decimal = rows
        .iter()
        .filter(|r| !matches!(&r[col("part")], "indicator" | "total"))
        .map(|r| r[col("amount")].parse::<Decimal>().unwrap())
        .sum();
    assert_eq!(lines.to_string(), json["totals"]["total"].as_str().unwrap());
}

/// The risk CSV carries each row's palier odds in one field, `mission.indicator=p0/p1/…`, the
/// probabilities JSON gives (no palier first).
#[test]
fn the_risk_csv_carries_the_odds_of_each_palier() {
    let range = r#"{ low = "68%", likely = "71.2%", high = "76%" }"#;
    let json = risk_json(range);
    let probabilities: Vec<&str> = json["rows"][0]["paliers"][0]["probabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let csv_text = risk_out(range, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "paliers");
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(
        &row[at.unwrap()],
        format!("prevention.sein={}", probabilities.join("/"))
    );
}

fn risk_of_item(met: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"r\"\npopulation = 92000\nmembers = 60\nsigned = 2022-04-15\ncontract_year = 5\n\
             [missions.prevention]\n[[missions.prevention.indicators]]\nname = \"Reste\"\n\
             amount = \"3500.00\"\nmet = true\n\
             [[missions.prevention.indicators]]\nname = \"Juin Vert\"\namount = \"14000.00\"\nmet = {met}\n"
        ),
    )
    .unwrap();
    let path = path.to_string_lossy();
    let out = crate::common::stdout_of(&[
        "risk", &path, "--draws", "6000", "--seed", "5", "--format", "json",
    ]);
    serde_json::from_str(&out).unwrap()
}

/// An item's `met` may be a range for `risk`: met in a share of draws that is the mean of the
/// PERT distribution of the same low, likely and high (false 0, true 1) — 5/6 for
/// `{ false, true, true }`, 1/6 for `{ false, false, true }` — and a degenerate range is
/// `simulate`'s answer.
#[test]
fn risk_draws_an_item_met_from_its_range() {
    // 75 000 fonctionnement + 17 500 volet fixe + 3 500 item met = 96 000; the ranged item pays
    // 14 000 when met.
    let base = Decimal::from(96_000);
    for (range, share) in [
        ("{ low = false, likely = true, high = true }", 5.0 / 6.0),
        ("{ low = false, likely = false, high = true }", 1.0 / 6.0),
    ] {
        let v = risk_of_item(range);
        let row = &v["rows"][0];
        let mean: Decimal = row["total"]["mean"].as_str().unwrap().parse().unwrap();
        let met = f64::try_from((mean - base) / Decimal::from(14_000)).unwrap();
        assert!((met - share).abs() < 0.03, "{range}: met in {met} of draws");
        // Not met in more than one draw of ten, met in more than one of ten.
        assert_eq!(row["total"]["p10"], "96000.00", "{range}");
        assert_eq!(row["total"]["p90"], "110000.00", "{range}");
        let likely = if share > 0.5 { "110000.00" } else { "96000.00" };
        assert_eq!(row["likely"], likely, "{range}: the likely value");
    }
    let sure = risk_of_item("{ low = true, likely = true, high = true }");
    assert_eq!(sure["rows"][0]["total"]["p10"], "110000.00");
    assert_eq!(sure["rows"][0]["total"]["mean"], "110000.00");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wrong.toml");
    std::fs::write(
        &path,
        "name = \"r\"\npopulation = 92000\nmembers = 60\nsigned = 2022-04-15\n\
         [missions.prevention]\n[[missions.prevention.indicators]]\nname = \"Juin Vert\"\n\
         amount = \"14000.00\"\nmet = { low = true, likely = false, high = true }\n",
    )
    .unwrap();
    let err = stderr_of_failure(&["simulate", &path.to_string_lossy()]);
    assert!(
        err.contains("low ≤ likely ≤ high") && err.contains("wrong.toml:9:7"),
        "{err}"
    );
}

/// For people, a swept percentage is a percentage in the user's language, in the rows and at the
/// cliffs, under a title from the catalog; programs keep the fraction (CSV, JSON).
#[test]
fn a_swept_percentage_reads_as_a_percentage_for_people() {
    let fr = crate::common::stdout_of(&[
        "--lang",
        "fr",
        "sweep",
        "examples/rovira-annexe-5.toml",
        "--vary",
        "measured.sein=69.6%:69.8%:0.1%",
    ]);
    assert!(fr.contains("valeur mesurée de « sein »"), "{fr}");
    assert!(fr.contains("69,7 %"), "{fr}");
    assert!(
        fr.contains("à measured.sein=69,7 % (depuis 69,6 %) : palier 0 → 1, total +1 000,00 €"),
        "{fr}"
    );
    assert!(!fr.contains("0.697") && !fr.contains("0,697"), "{fr}");
    let csv = crate::common::stdout_of(&[
        "sweep",
        "examples/rovira-annexe-5.toml",
        "--vary",
        "measured.sein=69.6%:69.8%:0.1%",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with("measured.sein,"), "{csv}");
    assert!(csv.contains("\n0.697,"), "{csv}");
}

/// Four independent problems in four indicators of one mission — a bare amount, an amount in
/// French figures, paliers out of order, paliers that mix `from` and `up_to` — are each said at
/// their line in one run. Before, a problem found while reading an indicator silenced the checks
/// of the whole mission: the paliers were said only in a second run.
#[test]
fn each_indicator_of_a_mission_is_checked_past_another_s_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cpts.toml");
    std::fs::write(
        &path,
        "name = \"x\"\npopulation = 92000\nmembers = 80\nsigned = 2022-04-15\ncontract_year = 5\n\
         [missions.acces_aux_soins]\n\
         [[missions.acces_aux_soins.indicators]]\nname = \"A\"\namount = 2000\nmet = true\n\
         [[missions.acces_aux_soins.indicators]]\nname = \"B\"\namount = \"2 000,00 €\"\nmet = true\n\
         [[missions.acces_aux_soins.indicators]]\nname = \"C\"\nmeasured = 87\n\
         paliers = [{ up_to = 219, amount = \"3000.00\" }, { up_to = 300, amount = \"6000.00\" }]\n\
         [[missions.acces_aux_soins.indicators]]\nname = \"D\"\nmeasured = 5\n\
         paliers = [{ up_to = 219, amount = \"3000.00\" }, { from = 300, amount = \"6000.00\" }]\n",
    )
    .unwrap();
    let err = stderr_of_failure(&["simulate", path.to_str().unwrap()]);
    crate::common::says_each(
        &err,
        &[
            (
                "money must be a string",
                "write amount = \"2000.00\"",
                "cpts.toml:9:10",
            ),
            (
                "`2 000,00 €`: an amount is written with a point before the cents",
                "write \"2000.00\"",
                "cpts.toml:13:10",
            ),
            (
                "palier 2 of `C` (300) is not stricter than the one before (219)",
                "list the paliers from the least demanding to the most",
                "cpts.toml:18:49",
            ),
            (
                "the paliers of `D` mix `from` and `up_to`",
                "an indicator goes one way",
                "cpts.toml:22:49",
            ),
        ],
    );
    assert!(err.contains("4 problems in"), "{err}");
}
