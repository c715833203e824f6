//! The engine's rules on worked cases, computed by hand in the comments.

use crate::common::{simulate_file, simulate_text};
use aci_cpts::engine::{Part, WarningCode};

fn amount(sim: &aci_cpts::engine::Simulation, mission: &str, part: Part) -> String {
    sim.lines
        .iter()
        .find(|l| l.mission.as_deref() == Some(mission) && l.part == part)
        .unwrap_or_else(|| panic!("no {mission} {part:?} line"))
        .amount
        .to_string()
}

fn codes(sim: &aci_cpts::engine::Simulation) -> Vec<WarningCode> {
    sim.warnings.iter().map(|w| w.code()).collect()
}

#[test]
fn prorata_by_days_in_the_year_a_mission_starts() {
    // examples/mid-year-start.toml: signed 2024-01-15, contract year 1 = 2024-01-15 → 2025-01-14,
    // 366 days (it holds 29 February 2024). T3 under avenant 2.
    let sim = simulate_file("examples/mid-year-start.toml");
    assert_eq!(sim.contract_year.days(), 366);
    // Accès aux soins from 2024-03-01: 306 days to 31 December + 14 = 320 days.
    // 90 000 × 320 / 366 = 78 688.5245… → 78 688.52; 35 000 × 320 / 366 = 30 601.0928… → 30 601.09
    assert_eq!(amount(&sim, "acces_aux_soins", Part::Fixed), "78688.52");
    assert_eq!(amount(&sim, "acces_aux_soins", Part::Variable), "30601.09");
    // Parcours from 2024-09-01: 122 days to 31 December + 14 = 136 days, achievement 0.5.
    // 45 000 × 136 / 366 = 16 721.3114… → 16 721.31; × 0.5 = 8 360.6557… → 8 360.66
    assert_eq!(amount(&sim, "parcours", Part::Fixed), "16721.31");
    assert_eq!(amount(&sim, "parcours", Part::Variable), "8360.66");
    // Crisis plan from 2024-07-01: 184 + 14 = 198 days: 45 000 × 198 / 366 = 24 344.2622… → 24 344.26
    assert_eq!(
        amount(&sim, "crises_sanitaires", Part::CrisisPlan),
        "24344.26"
    );
    // Prévention starts 2025-02-01, after the year: nothing, and two warnings.
    assert_eq!(amount(&sim, "prevention", Part::Fixed), "0.00");
    assert!(codes(&sim).contains(&WarningCode::MissionNotStarted));
    assert!(codes(&sim).contains(&WarningCode::DeadlineMissed));
    // 75 000 + 78 688.52 + 30 601.09 + 16 721.31 + 8 360.66 + 24 344.26 = 233 715.84
    assert_eq!(sim.totals.total.to_string(), "233715.84");
}

#[test]
fn the_uplift_is_ten_percent_of_the_mission_remuneration_only() {
    // examples/large-cpts.toml: T3, year 3, 130 members.
    // fixed 90 000 + 45 000 + 17 500 + 15 000 = 167 500; variable 0.8 × (35 000 + 45 000 + 17 500)
    // = 78 000, + 0.5 × 15 000 = 7 500 → 85 500; crisis update 22 500. Base 275 500 → 27 550.
    let sim = simulate_file("examples/large-cpts.toml");
    assert_eq!(sim.totals.uplift.to_string(), "27550.00");
    // 75 000 (fonctionnement, not raised) + 275 500 + 27 550 = 378 050
    assert_eq!(sim.totals.total.to_string(), "378050.00");
    assert!(codes(&sim).contains(&WarningCode::UpliftBriefEvidence));
}

#[test]
fn the_uplift_starts_at_101_members() {
    let base = |members: u32| {
        simulate_text(&format!(
            "name = \"x\"\npopulation = 92000\nmembers = {members}\nsigned = 2023-01-01\n[missions.parcours]\nachievement = 1\n"
        ))
    };
    assert_eq!(base(100).totals.uplift.to_string(), "0.00");
    // 45 000 + 45 000 = 90 000 → 9 000
    assert_eq!(base(101).totals.uplift.to_string(), "9000.00");
}

#[test]
fn rounding_is_half_away_from_zero_once_per_line() {
    // 1 000.05 × 0.5 = 500.025 exactly: half away from zero gives 500.03 (banker's would give 500.02).
    let sim = simulate_text(
        "name = \"x\"\npopulation = 92000\nmembers = 10\nsigned = 2023-01-01\n[missions.parcours]\n[[missions.parcours.indicators]]\nname = \"a\"\namount = \"1000.05\"\nachievement = 0.5\n",
    );
    assert_eq!(amount(&sim, "parcours", Part::Variable), "500.03");
    assert!(codes(&sim).contains(&WarningCode::IndicatorsDoNotMatchEnvelope));
}

#[test]
fn achievement_is_read_exactly() {
    // 0.7 as a binary float is 0.6999999999999999555910790149937…; read exactly it gives
    // 45 000 × 0.7 = 31 500.00, and 17 500 × 0.35 = 6 125.00.
    let sim = simulate_text(
        "name = \"x\"\npopulation = 92000\nmembers = 10\nsigned = 2023-01-01\n[missions.parcours]\nachievement = 0.7\n[missions.prevention]\nachievement = \"35%\"\n",
    );
    assert_eq!(amount(&sim, "parcours", Part::Variable), "31500.00");
    assert_eq!(amount(&sim, "prevention", Part::Variable), "6125.00");
    let line = sim.lines.iter().find(|l| l.part == Part::Variable).unwrap();
    assert_eq!(line.achievement.unwrap().to_string(), "0.7");
}

#[test]
fn the_crisis_plan_is_paid_the_year_the_mission_starts_then_updates() {
    let year = |n: u32, crisis: bool| {
        simulate_text(&format!(
            "name = \"x\"\npopulation = 30000\nmembers = 10\nsigned = 2023-01-01\ncontract_year = {n}\ncrisis_recognised = {crisis}\n[missions.crises_sanitaires]\n"
        ))
    };
    // T1 (avenant 2): plan 25 000 (press), update 12 500 (derived), activation 37 500 (press).
    assert_eq!(
        amount(&year(1, false), "crises_sanitaires", Part::CrisisPlan),
        "25000.00"
    );
    assert_eq!(
        amount(&year(2, false), "crises_sanitaires", Part::CrisisUpdate),
        "12500.00"
    );
    let with_crisis = year(2, true);
    assert_eq!(
        amount(&with_crisis, "crises_sanitaires", Part::CrisisActivation),
        "37500.00"
    );
    assert_eq!(with_crisis.totals.crisis.to_string(), "50000.00");
}

#[test]
fn the_version_is_the_one_in_force_on_the_first_day_of_the_year() {
    // examples/version-change.toml: signed 2020-06-01, year 3 starts 2022-06-01 → avenant 2; the
    // crisis mission (created 2022-04-01) starts 2022-09-15, inside its 6-month deadline counted
    // from its creation, so its plan is due: 27 000 (T2, derived from the official T2 maximum of
    // 362 500, ars-ara-2023) × 259 / 365 = 19 158.9041… → 19 158.90.
    let sim = simulate_file("examples/version-change.toml");
    assert_eq!(sim.tariff, "aci-avenant-2");
    assert_eq!(
        amount(&sim, "crises_sanitaires", Part::CrisisPlan),
        "19158.90"
    );
    assert!(!codes(&sim).contains(&WarningCode::DeadlineMissed));
    let year_1 = simulate_text(
        "name = \"x\"\npopulation = 45000\nmembers = 10\nsigned = 2020-06-01\n[missions.parcours]\nachievement = 1\n",
    );
    assert_eq!(year_1.tariff, "aci-2019");
}

#[test]
fn a_forced_version_not_in_force_is_used_with_a_warning() {
    let sim = simulate_text(
        "name = \"x\"\npopulation = 92000\nmembers = 10\nsigned = 2023-01-01\ntariff = \"aci-2019\"\n[missions.acces_aux_soins]\nachievement = 1\n",
    );
    assert_eq!(sim.tariff, "aci-2019");
    // aci-2019 T3 accès: 85 000 + 35 000 (derived).
    assert_eq!(amount(&sim, "acces_aux_soins", Part::Fixed), "85000.00");
    assert!(codes(&sim).contains(&WarningCode::TariffNotInForce));
}

#[test]
fn missing_socle_missions_and_stale_tables_are_warned() {
    let sim = simulate_text(
        "name = \"x\"\npopulation = 92000\nmembers = 10\nsigned = 2027-01-01\n[missions.parcours]\nachievement = 1\n",
    );
    let c = codes(&sim);
    assert_eq!(
        c.iter()
            .filter(|w| **w == WarningCode::SocleMissionNotRun)
            .count(),
        3,
        "accès aux soins, prévention and crises sanitaires are not run: {c:?}"
    );
    assert!(c.contains(&WarningCode::TableNotCheckedSince));
}

#[test]
fn the_lfss_2026_notice_is_a_warning_from_2026_07_01() {
    // Reference section 1 (source lfss-2026): an avenant ordered for the first half of 2026 may
    // have changed the amounts; the avenant-2 table carries a notice from 2026-07-01.
    let with = |signed: &str| {
        simulate_text(&format!(
            "name = \"x\"\npopulation = 92000\nmembers = 10\nsigned = {signed}\n[missions.parcours]\nachievement = 1\n"
        ))
    };
    assert!(!codes(&with("2026-06-30")).contains(&WarningCode::TableNotice));
    let sim = with("2026-07-01");
    assert!(codes(&sim).contains(&WarningCode::TableNotice));
    let message = aci_cpts::report::warnings::message(
        aci_cpts::catalog::Lang::En,
        sim.warnings
            .iter()
            .find(|w| w.code() == WarningCode::TableNotice)
            .expect("the notice"),
    );
    assert!(message.contains("LFSS for 2026 (article 63)"), "{message}");
    // As adopted, it only obliges the Uncam to open negotiations (reference section 1, revised).
    assert!(message.contains("to open negotiations"), "{message}");
    assert!(message.contains("(source lfss-2026)"), "{message}");
}

#[test]
fn a_crisis_without_the_crisis_mission_is_warned_not_paid() {
    let sim = simulate_text(
        "name = \"x\"\npopulation = 92000\nmembers = 10\nsigned = 2023-01-01\ncrisis_recognised = true\n",
    );
    assert_eq!(sim.totals.crisis.to_string(), "0.00");
    assert!(codes(&sim).contains(&WarningCode::CrisisNotPaid));
}

#[test]
fn indicator_paliers_items_and_shares() {
    // examples/indicators.toml, year 4, T3.
    // Accès: 87 patients ≤ 100 → palier 2, 6 000; an item met, 16 000; one not met, 0:
    // 22 000 on a contract envelope of 9 000 + 16 000 + 10 000 = 35 000 (the table's).
    // Prévention: 72,9 % ≥ 72,40 % → 7 500; a share 0.4 of 17 500 reached in full, 7 000:
    // 14 500 on 10 500 + 7 000 = 17 500.
    let sim = simulate_file("examples/indicators.toml");
    assert_eq!(amount(&sim, "acces_aux_soins", Part::Variable), "22000.00");
    assert_eq!(amount(&sim, "prevention", Part::Variable), "14500.00");
    assert!(!codes(&sim).contains(&WarningCode::IndicatorsDoNotMatchEnvelope));
}

#[test]
fn a_named_version_without_a_mission_pays_nothing_for_it_and_says_so() {
    // aci-2019 has no crisis mission: under it the mission earns nothing, with a warning; a
    // mission that no version knows stays an error (tests/fixtures/invalid/unknown-mission.toml).
    let sim = simulate_text(
        "name = \"x\"\npopulation = 92000\nmembers = 80\nsigned = 2020-01-15\ntariff = \"aci-2019\"\n[missions.crises_sanitaires]\n",
    );
    assert_eq!(sim.tariff, "aci-2019");
    assert!(codes(&sim).contains(&WarningCode::MissionNotInVersion));
    assert!(
        sim.lines
            .iter()
            .all(|l| l.mission.as_deref() != Some("crises_sanitaires"))
    );
    assert_eq!(sim.totals.crisis.to_string(), "0.00");
}

/// A TOML array may hold comments: the exact reading of fractions takes them as TOML does
/// (it once refused `[0.5, # year 1` as a number with too many digits).
#[test]
fn arrays_with_comments_read_as_toml_reads_them() {
    let sim = simulate_text(
        "name = \"x\"\npopulation = 50000\nmembers = 10\nsigned = 2024-01-01\ncontract_year = 2\n\
         [missions.parcours]\nachievement = [\n  0.5, # year 1, \"quoted\" 0.9\n  0.25, # year 2\n]\n",
    );
    let variable = sim
        .lines
        .iter()
        .find(|l| l.mission.as_deref() == Some("parcours") && l.part == Part::Variable)
        .unwrap();
    assert_eq!(
        variable.achievement,
        Some(rust_decimal::Decimal::new(25, 2))
    );
}
