//! Figures from sources, asserted exactly (reference sections 4.1 and 4.2). Each example named here
//! states its case in its header comment.

use crate::common::simulate_file;

fn total(path: &str) -> String {
    simulate_file(path).totals.total.to_string()
}

#[test]
fn avenant_2_t1_year_1_with_a_crisis_is_287_500() {
    // Source: the project's brief (reference 4.1 cross-check).
    assert_eq!(total("examples/t1-year1-crisis.toml"), "287500.00");
}

#[test]
fn avenant_2_t4_year_1_with_a_crisis_is_580_000() {
    // Source: press, qdm-jo-2022 ("maximum 580 000").
    assert_eq!(total("examples/t4-year1-crisis.toml"), "580000.00");
}

#[test]
fn avenant_2_t3_later_year_without_crisis_is_397_500() {
    // Source: contract-t3, the RoViRa contract's year-5 envelopes plus fonctionnement.
    let sim = simulate_file("examples/t3-year5.toml");
    assert_eq!(sim.totals.total.to_string(), "397500.00");
    assert_eq!(sim.contract_year.number, 5);
    // The crisis update of that contract: 22 500 (contract-t3).
    assert_eq!(sim.totals.crisis.to_string(), "22500.00");
}

#[test]
fn avenant_2_t2_year_1_with_a_crisis_is_the_official_362_500() {
    // Source: ars-ara-2023, four T2 CPTS of the Rhône can each receive "jusqu'à 362 500 euros".
    let sim = simulate_file("examples/t2-year1-crisis.toml");
    assert_eq!(sim.totals.total.to_string(), "362500.00");
    // What that leaves the crisis mission: 362 500 − 60 000 − 100 000 − 135 000 = 67 500, split
    // 40 % plan / 60 % activation as in every other band: 27 000 + 40 500 (reference 4.1).
    let crisis = |part| {
        sim.lines
            .iter()
            .find(|l| l.part == part)
            .map(|l| l.amount.to_string())
    };
    use aci_cpts::engine::Part;
    assert_eq!(crisis(Part::CrisisPlan).as_deref(), Some("27000.00"));
    assert_eq!(crisis(Part::CrisisActivation).as_deref(), Some("40500.00"));
    assert_eq!(sim.totals.crisis.to_string(), "67500.00");
    // The update of later years is half the plan: 13 500.
    let later = crate::common::simulate_text(
        "name = \"x\"\npopulation = 61000\nmembers = 60\nsigned = 2023-09-08\ncontract_year = 2\n[missions.crises_sanitaires]\n",
    );
    assert_eq!(later.totals.crisis.to_string(), "13500.00");
}

#[test]
fn aci_2019_totals_are_the_press_totals() {
    // Source: press, qdm-2019: T1 220 000, T2 287 000, T3 370 000, T4 450 000.
    assert_eq!(total("examples/aci2019-t1.toml"), "220000.00");
    assert_eq!(total("examples/aci2019-t2.toml"), "287000.00");
    assert_eq!(total("examples/aci2019-t3.toml"), "370000.00");
    assert_eq!(total("examples/aci2019-t4.toml"), "450000.00");
}

#[test]
fn band_edges_are_read_literally() {
    // Reference section 2: 40 000 is T2, 175 000 is T3, 175 001 is T4.
    assert_eq!(simulate_file("examples/aci2019-t2.toml").band.id, "T2");
    assert_eq!(simulate_file("examples/aci2019-t3.toml").band.id, "T3");
    assert_eq!(simulate_file("examples/aci2019-t4.toml").band.id, "T4");
}
