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
