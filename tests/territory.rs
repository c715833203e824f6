//! A territory given as its communes (issue #14): the population is the sum of their INSEE legal
//! populations from the shipped extract of Etalab's *découpage administratif* 6.0.0, a scenario
//! with `communes` gives exactly the result of the same scenario with that population, mistakes
//! are refused at their place, and `batch` sums by département and région.

use crate::common::{bin, root, simulate_text, stdout_of};
use aci_cpts::input::territory::{self, Kind};
use serde_json::Value;

fn scenario(territory: &str) -> String {
    format!(
        "name = \"CPTS\"\n{territory}\nmembers = 80\nsigned = 2022-04-15\ncontract_year = 5\n\n\
         [missions.acces_aux_soins]\nachievement = 0.8\n\n[missions.parcours]\nachievement = 1\n\n\
         [missions.crises_sanitaires]\n"
    )
}

/// Source: the reference, section 9 — the two real T3 contracts' territories in the 6.0.0 data
/// (contract-t3: Rosny-sous-Bois, Villemomble, Le Raincy; contract-t3b: Drancy, Le Blanc-Mesnil,
/// Le Bourget), both band T3 as their contracts say.
#[test]
fn the_two_real_t3_territories_have_their_legal_populations_and_band_t3() {
    for (codes, population) in [
        ("\"93064\", \"93077\", \"93062\"", 91_710),
        ("\"93029\", \"93007\", \"93013\"", 150_691),
    ] {
        let sim = simulate_text(&scenario(&format!("communes = [{codes}]")));
        assert_eq!(sim.population, population, "{codes}");
        assert_eq!(sim.band.id, "T3", "{codes}");
        let territory = sim.territory.expect("the communes are kept");
        assert_eq!(territory.communes.len(), 3);
        assert_eq!(territory.source.millesime, 2023);
        assert_eq!(
            territory.source.package,
            "@etalab/decoupage-administratif 6.0.0"
        );
    }
}

#[test]
fn communes_give_exactly_the_result_of_their_summed_population() {
    let dir = tempfile::tempdir().unwrap();
    // Around band edges too: a small commune, a large city's arrondissements, a whole EPCI.
    let cases = [
        "communes = [\"93064\", \"93077\", \"93062\"]",
        "communes = [\"01001\"]",
        "communes = [\"75111\", \"75112\", \"75120\"]",
        "epci = \"200000172\"",
    ];
    for (i, territory) in cases.iter().enumerate() {
        let given = dir.path().join(format!("given-{i}.toml"));
        std::fs::write(&given, scenario(territory)).unwrap();
        let a: Value = serde_json::from_str(&stdout_of(&[
            "simulate",
            given.to_str().unwrap(),
            "--format",
            "json",
        ]))
        .unwrap();
        let population = a["population"].as_u64().unwrap();
        let listed: u64 = a["territory"]["communes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["population"].as_u64().unwrap())
            .sum();
        assert_eq!(population, listed, "{territory}");
        let summed = dir.path().join(format!("summed-{i}.toml"));
        std::fs::write(&summed, scenario(&format!("population = {population}"))).unwrap();
        let mut b: Value = serde_json::from_str(&stdout_of(&[
            "simulate",
            summed.to_str().unwrap(),
            "--format",
            "json",
        ]))
        .unwrap();
        let mut a = a;
        a.as_object_mut().unwrap().remove("territory");
        b.as_object_mut().unwrap().remove("territory");
        assert_eq!(a, b, "{territory}");
    }
}

/// Source: the package @etalab/decoupage-administratif 6.0.0 holds 34 969 current communes and 45
/// municipal arrondissements; the populations by région are the package's own sums, recorded by
/// the extraction script in `src/geo/source.toml`.
#[test]
fn the_extract_holds_every_commune_and_arrondissement_of_the_package() {
    let source = territory::source().unwrap();
    assert_eq!(source.version, "6.0.0");
    assert_eq!(source.communes, 34_969);
    assert_eq!(source.arrondissements, 45);
    let all = territory::entries().unwrap();
    let count = |k: Kind| all.iter().filter(|e| e.kind == k).count();
    assert_eq!(count(Kind::Commune), 34_969);
    assert_eq!(count(Kind::Arrondissement), 45);
    assert_eq!(count(Kind::Former), source.former_communes);
    let mut by_region = std::collections::BTreeMap::new();
    for e in all.iter().filter(|e| e.kind == Kind::Commune) {
        *by_region.entry(e.region.to_string()).or_insert(0u64) += e.population.unwrap_or(0);
    }
    assert_eq!(by_region, source.population_by_region);
    // A city is the sum of its arrondissements: Paris, Lyon, Marseille.
    for city in ["75056", "69123", "13055"] {
        let arrondissements: u64 = all
            .iter()
            .filter(|e| e.kind == Kind::Arrondissement && e.parent == Some(city))
            .map(|e| e.population.unwrap())
            .sum();
        let whole = territory::find(city).unwrap().unwrap().population.unwrap();
        assert_eq!(arrondissements, whole, "{city}");
    }
    // Every EPCI member is a current commune; every département and région has a name.
    assert_eq!(territory::epci_count(), source.epci);
    let (name, members) = territory::epci("200054781").unwrap();
    assert_eq!(name, "Métropole du Grand Paris");
    assert!(members.contains(&"75056"));
    for e in all.iter().filter(|e| e.kind != Kind::Former) {
        assert!(
            territory::departement(e.departement).is_some(),
            "{}",
            e.code
        );
        assert!(territory::region(e.region).is_some(), "{}", e.code);
    }
}

#[test]
fn an_epci_is_its_member_communes() {
    let (_, members) = territory::epci("200000172").unwrap();
    let quoted: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    let by_epci = simulate_text(&scenario("epci = \"200000172\""));
    let by_list = simulate_text(&scenario(&format!("communes = [{}]", quoted.join(", "))));
    assert_eq!(by_epci.population, by_list.population);
    assert_eq!(by_epci.totals, by_list.totals);
    let t = by_epci.territory.unwrap();
    assert_eq!(t.epci.unwrap().name, "CC Faucigny - Glières");
    assert_eq!(t.communes.len(), members.len());
}

/// A code pasted with a space (`" 200000172"`) is read without it, and the user is told where,
/// in her language, with the fix.
#[test]
fn a_code_with_spaces_around_it_is_read_trimmed_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let (spaced, clean) = (
        dir.path().join("spaced.toml"),
        dir.path().join("clean.toml"),
    );
    std::fs::write(&spaced, scenario("epci = \" 200000172\"")).unwrap();
    std::fs::write(&clean, scenario("epci = \"200000172\"")).unwrap();
    let out = bin()
        .args(["simulate", spaced.to_str().unwrap(), "--lang", "fr"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("` 200000172` a des espaces autour du code : lu `200000172`"),
        "{err}"
    );
    assert!(err.contains("spaced.toml:2:8"), "{err}");
    assert!(
        err.contains("enlevez les espaces entre les guillemets"),
        "{err}"
    );
    let shown = String::from_utf8(out.stdout).unwrap();
    let name = |s: &str| {
        s.replace(spaced.to_str().unwrap(), "")
            .replace(clean.to_str().unwrap(), "")
    };
    let clean_out = stdout_of(&["simulate", clean.to_str().unwrap(), "--lang", "fr"]);
    assert_eq!(name(&shown), name(&clean_out));
    // In a list of communes too.
    std::fs::write(&spaced, scenario("communes = [\"93064 \", \"93077\"]")).unwrap();
    let out = bin()
        .args(["simulate", spaced.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("has spaces around the code: read as `93064`"),
        "{err}"
    );
}

#[test]
fn a_mistyped_code_is_refused_at_its_place_with_the_likely_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.toml");
    std::fs::write(
        &path,
        scenario("communes = [\"93064\", \"93770\"]").replace("93770", "93707"),
    )
    .unwrap();
    let out = bin()
        .args(["simulate", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("typo.toml:2:22"), "{err}");
    assert!(err.contains("did you mean 93077 (Villemomble)"), "{err}");
    // A spreadsheet's lost leading zero.
    assert!(
        territory::near("1001")
            .first()
            .is_some_and(|e| e.code == "01001")
    );
}

#[test]
fn explain_lists_each_commune_with_its_population() {
    let out = stdout_of(&["simulate", "examples/t3-communes.toml", "--explain"]);
    for (code, name, population) in [
        ("93064", "Rosny-sous-Bois", "47 180"),
        ("93077", "Villemomble", "29 795"),
        ("93062", "Le Raincy", "14 735"),
    ] {
        let line = out
            .lines()
            .find(|l| l.contains(code))
            .unwrap_or_else(|| panic!("{code} listed:\n{out}"));
        assert!(line.contains(name) && line.contains(population), "{line}");
    }
    assert!(out.contains("91 710"), "{out}");
    assert!(
        out.contains("population of 3 communes: population municipale INSEE, millésime 2023"),
        "{out}"
    );
}

#[test]
fn a_portfolio_with_communes_sums_by_departement_and_region() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("p.csv");
    std::fs::write(
        &csv,
        "name,population,communes,members,signed,contract_year,acces_aux_soins\n\
         RoViRa,,93064 93077 93062,80,2022-04-15,5,1\n\
         Drancy,,93029 93007 93013,90,2021-12-19,5,0.5\n\
         By figure,91710,,80,2022-04-15,5,1\n\
         Lyon,,69381 69382,50,2022-04-15,2,1\n",
    )
    .unwrap();
    let v: Value = serde_json::from_str(&stdout_of(&[
        "batch",
        csv.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    // The row given by communes is the row given by their population.
    assert_eq!(rows[0]["totals"], rows[2]["totals"]);
    let a = &v["aggregate"];
    let dep = &a["by_departement"];
    assert_eq!(dep["93"]["name"], "Seine-Saint-Denis");
    assert_eq!(dep["93"]["count"], 2);
    assert_eq!(dep["69"]["count"], 1);
    assert_eq!(a["by_region"]["11"]["name"], "Île-de-France");
    assert_eq!(a["by_region"]["11"]["count"], 2);
    assert_eq!(a["by_region"]["84"]["name"], "Auvergne-Rhône-Alpes");
    // Only the territories known are grouped: the row given by a figure is in no département.
    let grouped: u64 = dep
        .as_object()
        .unwrap()
        .values()
        .map(|g| g["count"].as_u64().unwrap())
        .sum();
    assert_eq!(grouped, 3);
    let sum = |key: &str| -> rust_decimal::Decimal {
        [&rows[0], &rows[1]]
            .iter()
            .map(|r| {
                r["totals"][key]
                    .as_str()
                    .unwrap()
                    .parse::<rust_decimal::Decimal>()
                    .unwrap()
            })
            .sum()
    };
    assert_eq!(
        dep["93"]["totals"]["total"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap(),
        sum("total")
    );
}

#[test]
fn init_writes_the_communes_with_their_population_and_band() {
    let text = stdout_of(&["init", "-", "--communes", "93064,93077,93062"]);
    assert!(
        text.contains("communes = [\"93064\", \"93077\", \"93062\"]"),
        "{text}"
    );
    assert!(!text.contains("\npopulation = "), "{text}");
    assert!(
        text.contains("91 710") && text.contains("band T3"),
        "{text}"
    );
    // What it wrote is a scenario that computes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    let out = bin()
        .args([
            "init",
            path.to_str().unwrap(),
            "--communes",
            "93064,93077,93062",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let sim: Value = serde_json::from_str(&stdout_of(&[
        "simulate",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(sim["population"], 91_710);
    // A wrong code is refused at its place on the command line.
    let out = bin()
        .args(["init", "-", "--communes", "93064,9377"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--communes:1:7"), "{err}");
}

#[test]
fn data_says_where_the_populations_come_from() {
    let v: Value = serde_json::from_str(&stdout_of(&["data", "--format", "json"])).unwrap();
    assert_eq!(v["source"]["version"], "6.0.0");
    assert_eq!(v["source"]["communes"], 34_969);
    assert_eq!(v["source"]["millesime"], 2023);
    assert!(
        v["source"]["data_licence"]
            .as_str()
            .unwrap()
            .contains("Licence Ouverte")
    );
    let v: Value =
        serde_json::from_str(&stdout_of(&["data", "75111", "--format", "json"])).unwrap();
    assert_eq!(v["communes"][0]["kind"], "arrondissement");
    assert_eq!(v["communes"][0]["parent"], "75056");
    // The licence and the script ship beside the extract.
    for f in ["LICENCE.md", "extract.mjs", "source.toml"] {
        assert!(root().join("src/geo").join(f).is_file(), "{f}");
    }
}
