//! The shipped tables: all registered, all read, their figures as in the reference.

use crate::common::{files, stdout_of};
use aci_cpts::input::tariff::SHIPPED;
use aci_cpts::model::tariff::{Evidence, TariffTable};

#[test]
fn every_file_in_tariffs_is_shipped() {
    let on_disk: Vec<String> = files("tariffs", "toml")
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let shipped: Vec<String> = SHIPPED
        .iter()
        .map(|(name, _)| (*name).to_string())
        .collect();
    assert_eq!(
        on_disk, shipped,
        "register every file of tariffs/ in input::tariff::SHIPPED"
    );
}

/// build.rs indexes the shipped tables, and a run takes a table from its compiled form when it
/// first needs it: both must say what reading the table's text says, in either language, and
/// cover every shipped file. The compiled form is written by the reader: when a table or the
/// reader changed, this says how to write it again (a run meanwhile reads a changed table from
/// its text).
#[test]
fn the_build_time_index_and_the_compiled_tables_are_the_tables() {
    use aci_cpts::catalog::Lang;
    use aci_cpts::input::tariff::{
        compile_shipped, compiled, parse_table, shipped_files, shipped_lazy,
    };
    use aci_cpts::model::tariff::Header;
    let path = crate::common::root().join("src/input/shipped-tables.postcard");
    let fresh = compile_shipped().expect("every shipped table reads");
    if std::fs::read(&path).ok().as_ref() != Some(&fresh) {
        if std::env::var_os("ACI_CPTS_WRITE_COMPILED").is_some() {
            std::fs::write(&path, &fresh).expect("written");
        }
        panic!(
            "src/input/shipped-tables.postcard is not what reading tariffs/*.toml gives: write it \
             with `ACI_CPTS_WRITE_COMPILED=1 cargo test compiled_tables`, then run the tests again"
        );
    }
    let lazy = shipped_lazy(Lang::En).expect("the index reads");
    let headers: Vec<&Header> = lazy.headers().collect();
    assert_eq!(
        headers.len(),
        SHIPPED.len(),
        "every shipped table is indexed"
    );
    for file in shipped_files() {
        let text = parse_table(Lang::En, &file).expect("the text reads");
        let french = parse_table(Lang::Fr, &file).expect("the text reads");
        assert_eq!(french.table, text.table, "{}", file.name);
        assert_eq!(
            compiled(&file.name).as_ref(),
            Some(&text.table),
            "{}",
            file.name
        );
        let header = Header::of(&text.table);
        assert!(headers.contains(&&header), "{}: {header:?}", file.name);
        // The lazy registry reads it as the text says.
        assert_eq!(lazy.get(&header.id), Some(&text.table));
    }
    assert!(lazy.failure().is_none());
}

fn table(id: &str) -> TariffTable {
    aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En)
        .expect("shipped tables read")
        .get(id)
        .cloned()
        .expect("shipped")
}

fn amount(t: &TariffTable, key: &str, band: &str) -> (String, Evidence) {
    let line = t
        .lines()
        .into_iter()
        .find(|l| l.key() == key)
        .unwrap_or_else(|| panic!("no line {key}"));
    let i = t.bands.iter().position(|b| b.id == band).expect("band");
    let a = line.amounts.for_band(i);
    (a.value.to_string(), a.evidence)
}

#[test]
fn avenant_2_figures_with_their_evidence() {
    // Reference 4.1.
    let t = table("aci-avenant-2");
    assert_eq!(
        amount(&t, "fonctionnement", "T1"),
        ("50000.00".into(), Evidence::Press)
    ); // cm-2020
    assert_eq!(
        amount(&t, "fonctionnement", "T4"),
        ("90000.00".into(), Evidence::Press)
    ); // cm-2020
    assert_eq!(
        amount(&t, "acces_aux_soins.fixed", "T3"),
        ("90000.00".into(), Evidence::Contract)
    ); // contract-t3
    assert_eq!(
        amount(&t, "acces_aux_soins.variable", "T4"),
        ("43500.00".into(), Evidence::Estimate)
    );
    assert_eq!(
        amount(&t, "crises_sanitaires.crisis_update", "T3"),
        ("22500.00".into(), Evidence::Contract)
    ); // contract-t3
    assert_eq!(
        amount(&t, "crises_sanitaires.crisis_activation", "T3"),
        ("67500.00".into(), Evidence::Contract)
    ); // contract-t3
    assert_eq!(
        amount(&t, "crises_sanitaires.crisis_plan", "T1"),
        ("25000.00".into(), Evidence::Press)
    ); // cp-crisis
    assert_eq!(t.in_force_from.to_string(), "2022-04-01");
    assert_eq!(t.in_force_to, None);
    let u = t.uplift.as_ref().expect("uplift rule");
    assert_eq!(
        (u.members_above, u.rate.to_string(), u.evidence),
        (100, "0.10".to_string(), Evidence::Brief)
    );
}

#[test]
fn aci_2019_has_no_crisis_mission_and_its_dates() {
    // Reference 1 and 4.2 (jo-2019).
    let t = table("aci-2019");
    assert!(t.mission("crises_sanitaires").is_none());
    assert_eq!(t.in_force_from.to_string(), "2019-08-25");
    assert_eq!(
        t.in_force_to.map(|d| d.to_string()).as_deref(),
        Some("2022-03-31")
    );
    assert_eq!(
        amount(&t, "acces_aux_soins.fixed", "T3"),
        ("85000.00".into(), Evidence::Derived)
    );
}

#[test]
fn bands_are_read_literally_from_the_bounds() {
    // Reference 2: 40 000 is T2, 80 000 is T3, 175 000 is T3, 175 001 is T4.
    let t = table("aci-avenant-2");
    let band = |p| t.bands[t.band_index(p).unwrap()].id.clone();
    assert_eq!(
        [band(1), band(39_999), band(40_000), band(79_999)],
        ["T1", "T1", "T2", "T2"]
    );
    assert_eq!(
        [band(80_000), band(175_000), band(175_001)],
        ["T3", "T3", "T4"]
    );
}

#[test]
fn list_and_show_are_snapshotted() {
    insta::assert_snapshot!("tariffs-list", stdout_of(&["tariffs", "list"]));
    insta::assert_snapshot!(
        "tariffs-list-json",
        stdout_of(&["tariffs", "list", "--format", "json"])
    );
    insta::assert_snapshot!(
        "tariffs-show-avenant-2",
        stdout_of(&["tariffs", "show", "aci-avenant-2"])
    );
    insta::assert_snapshot!(
        "tariffs-show-2019-markdown",
        stdout_of(&["tariffs", "show", "aci-2019", "--format", "markdown"])
    );
    let json = stdout_of(&["tariffs", "show", "aci-avenant-2", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["lines"][1]["amounts"]["T3"]["source"], "contract-t3");
    let csv = stdout_of(&["tariffs", "show", "aci-avenant-2", "--format", "csv"]);
    assert!(
        csv.contains(
            "acces_aux_soins.fixed,Accès aux soins — volet fixe,T3,90000.00,contract,contract-t3,"
        ),
        "{csv}"
    );
}
