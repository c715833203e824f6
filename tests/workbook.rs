//! `aci-cpts report … --output budget.xlsx`: the workbook read back (calamine) says what
//! `simulate`, `calendar` and `forecast` say, its totals are formulas with the tool's values
//! stored, and it is never written over a file.

use crate::common::{bin, stdout_of};
use calamine::{Data, Reader, open_workbook_auto};
use rust_decimal::Decimal;
use serde_json::Value;

fn d(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

/// A number cell as a decimal to the cent.
fn cents(cell: &Data) -> Decimal {
    crate::common::cell_cents(cell).unwrap_or_else(|| panic!("not a number: {cell:?}"))
}

fn write(args: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("budget.xlsx");
    let mut all = vec!["report"];
    all.extend(args);
    all.extend(["--output", path.to_str().unwrap()]);
    let out = bin().args(&all).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, path)
}

#[test]
fn the_workbook_says_what_simulate_calendar_and_forecast_say() {
    let p = "examples/cash-multi-year.toml";
    let (_keep, path) = write(&[p, "--year", "2026", "--lang", "en"]);
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Inputs",
            "Budget",
            "Indicators",
            "Cash 2026",
            "Forecast",
            "Warnings",
            "Tariff"
        ]
    );
    let sim: Value =
        serde_json::from_str(&stdout_of(&["simulate", p, "--format", "json"])).unwrap();

    // Budget: every line's amount, in order (a line an input can turn on, the scenario does not
    // pay: zero), then the totals, as formulas whose stored values are the tool's.
    let budget = book.worksheet_range("Budget").unwrap();
    let formulas = book.worksheet_formula("Budget").unwrap();
    let lines = sim["lines"].as_array().unwrap();
    let mut next = 0;
    for r in 1..budget.height() {
        let Some(Data::String(label)) = budget.get((r, 0)) else {
            break;
        };
        let amount = cents(budget.get((r, 7)).unwrap());
        match lines.get(next) {
            Some(l) if l["label"] == label.as_str() && d(&l["amount"]) == amount => next += 1,
            _ => assert_eq!(amount, Decimal::ZERO, "row {r} `{label}`"),
        }
    }
    assert_eq!(next, lines.len(), "every line of simulate, in order");
    let label_row = |label: &str| {
        (0..budget.height())
            .find(|r| budget.get((*r, 0)) == Some(&Data::String(label.into())))
            .unwrap_or_else(|| panic!("no row `{label}`"))
    };
    for (label, key) in [
        ("fonctionnement", "fonctionnement"),
        ("volets fixes", "fixed"),
        ("volets variables: enveloppe", "variable_envelope"),
        ("volets variables: obtenu", "variable_earned"),
        ("crises sanitaires", "crisis"),
        ("majoration", "uplift"),
        ("TOTAL DÛ", "total"),
    ] {
        let r = label_row(label);
        assert_eq!(
            cents(budget.get((r, 7)).unwrap()),
            d(&sim["totals"][key]),
            "{label}"
        );
        let formula = formulas
            .get((
                r - formulas.start().unwrap().0 as usize,
                7 - formulas.start().unwrap().1 as usize,
            ))
            .cloned()
            .unwrap_or_default();
        assert!(
            formula.starts_with("SUM"),
            "{label}: a formula, not a number: {formula:?}"
        );
    }

    // Cash of 2026: the payments of `calendar` for that year, and their total.
    let cal: Value = serde_json::from_str(&stdout_of(&[
        "calendar",
        p,
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "json",
    ]))
    .unwrap();
    let cash = book.worksheet_range("Cash 2026").unwrap();
    let payments = cal["payments"].as_array().unwrap();
    let mut sum = Decimal::ZERO;
    for (i, p) in payments.iter().enumerate() {
        assert_eq!(
            cents(cash.get((i + 1, 5)).unwrap()),
            d(&p["amount"]),
            "payment {i}"
        );
        assert!(
            matches!(cash.get((i + 1, 0)), Some(Data::DateTime(_))),
            "a date cell"
        );
        sum += d(&p["amount"]);
    }
    assert_eq!(cents(cash.get((payments.len() + 1, 5)).unwrap()), sum);
    assert_eq!(sum, d(&cal["total"]["total"]));

    // Forecast: each contract year's entitlement, as `forecast` says.
    let fc: Value = serde_json::from_str(&stdout_of(&["forecast", p, "--format", "json"])).unwrap();
    let forecast = book.worksheet_range("Forecast").unwrap();
    for (i, y) in fc["contract_years"].as_array().unwrap().iter().enumerate() {
        assert_eq!(
            cents(forecast.get((i + 1, 6)).unwrap()),
            d(&y["total"]),
            "year {i}"
        );
    }
}

#[test]
fn the_workbook_speaks_french_and_never_overwrites_a_file() {
    let (_keep, path) = write(&[
        "examples/t3-year5.toml",
        "--year",
        "2026",
        "--lang",
        "fr",
        "--today",
        "2026-12-04",
    ]);
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names()[0], "Synthèse");
    // Who and when, first: the CPTS by its name, the day it was made, the tool's version.
    let about = book.worksheet_range("Synthèse").unwrap();
    let value_of = |label: &str| {
        (0..about.height())
            .find(|r| about.get((*r, 0)) == Some(&Data::String(label.into())))
            .and_then(|r| about.get((r, 1)).cloned())
            .unwrap_or_else(|| panic!("no row `{label}`"))
    };
    let scenario: toml::Value =
        toml::from_str(&std::fs::read_to_string("examples/t3-year5.toml").unwrap()).unwrap();
    assert_eq!(
        value_of("CPTS"),
        Data::String(scenario["name"].as_str().unwrap().into())
    );
    assert_eq!(
        value_of("produit par"),
        Data::String(format!("aci-cpts {}", env!("CARGO_PKG_VERSION")))
    );
    match value_of("produit le") {
        // Excel counts days from 30/12/1899.
        Data::DateTime(d) => assert_eq!(
            d.as_f64(),
            (chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
                - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
            .num_days() as f64
        ),
        other => panic!("a date: {other:?}"),
    }
    // Warnings: each sentence once, with the contract years it concerns, and no internal code.
    let warnings = book.worksheet_range("Avertissements").unwrap();
    let mut seen = std::collections::HashSet::new();
    for r in 1..warnings.height() {
        if let Some(Data::String(m)) = warnings.get((r, 1)) {
            assert!(seen.insert(m.clone()), "said twice: {m}");
        }
        if let Some(Data::String(years)) = warnings.get((r, 0)) {
            assert!(!years.contains('_'), "a code, not years: {years}");
        }
    }
    assert!(!seen.is_empty());
    assert_eq!(book.sheet_names()[3], "Trésorerie 2026");
    let budget = book.worksheet_range("Budget").unwrap();
    assert_eq!(budget.get((0, 0)), Some(&Data::String("mission".into())));
    assert_eq!(budget.get((0, 8)), Some(&Data::String("fiabilité".into())));
    // 397 500,00 € (contract-t3): the total of the T3 example's year 5.
    let total = (0..budget.height())
        .find(|r| budget.get((*r, 0)) == Some(&Data::String("TOTAL DÛ".into())))
        .unwrap();
    assert_eq!(
        cents(budget.get((total, 7)).unwrap()),
        Decimal::new(39750000, 2)
    );
    // A program finds the total by its defined name, `total_due`: the same cell.
    let (_, at) = book
        .defined_names()
        .iter()
        .find(|(n, _)| n == "total_due")
        .cloned()
        .expect("a defined name total_due");
    assert_eq!(at, format!("'Budget'!$H${}", total + 1));
    // Never written over a file, and only a known kind.
    let before = std::fs::read(&path).unwrap();
    let out = bin()
        .args([
            "report",
            "examples/t3-year5.toml",
            "--output",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let out = bin()
        .args(["report", "examples/t3-year5.toml", "--output", "budget.pdf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A contract written with indicators gets a sheet of them: each indicator's result, what it is
/// worth and earned (as `simulate --format json` says), what its next step needs and brings (as
/// `levers` says), and what the year could still bring.
#[test]
fn the_workbook_lists_each_indicator_with_its_next_step() {
    let p = "examples/rovira-annexe-5.toml";
    let (_keep, path) = write(&[p, "--year", "2026", "--lang", "fr"]);
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names()[3], "Indicateurs");
    let sheet = book.worksheet_range("Indicateurs").unwrap();
    let sim: Value =
        serde_json::from_str(&stdout_of(&["simulate", p, "--format", "json"])).unwrap();
    let levers: Value =
        serde_json::from_str(&stdout_of(&["levers", p, "--format", "json"])).unwrap();
    let mut row = 1;
    for line in sim["lines"].as_array().unwrap() {
        for ind in line["indicators"].as_array().into_iter().flatten() {
            assert_eq!(
                sheet.get((row, 1)),
                Some(&Data::String(ind["name"].as_str().unwrap().into()))
            );
            assert_eq!(cents(sheet.get((row, 4)).unwrap()), d(&ind["amount"]));
            assert_eq!(cents(sheet.get((row, 5)).unwrap()), d(&ind["earned"]));
            let lever = levers["levers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["mission"] == line["mission"] && l["indicator"] == ind["name"]);
            match lever {
                Some(l) => assert_eq!(cents(sheet.get((row, 7)).unwrap()), d(&l["gain"])),
                None => assert_eq!(sheet.get((row, 7)), Some(&Data::Empty)),
            }
            row += 1;
        }
    }
    assert!(row > 40, "every indicator of the annex: {row}");
    assert_eq!(
        sheet.get((row, 1)).unwrap_or(&Data::Empty),
        &Data::Empty,
        "then an empty row"
    );
    assert_eq!(
        sheet.get((row + 1, 0)),
        Some(&Data::String("encore atteignable cette année".into()))
    );
    assert_eq!(
        cents(sheet.get((row + 1, 7)).unwrap()),
        d(&levers["reachable"])
    );
    // The ALD indicator: paliers where less is better, 87 patients, which reaches the second
    // of 219 → 3 000 €, 100 → 6 000 €, 50 → 9 000 € (the annex, year 5); the next needs 37 fewer.
    let ald: Vec<Data> = (2..8)
        .map(|c| sheet.get((1, c)).cloned().unwrap())
        .collect();
    assert_eq!(ald[0], Data::String("paliers, au plus".into()));
    assert_eq!(cents(&ald[1]), Decimal::from(87));
    assert_eq!(cents(&ald[3]), Decimal::from(6000));
    assert_eq!(ald[4], Data::String("−37 (87 → 50)".into()));
    // Its paliers, on the sheet the formula looks them up in.
    assert_eq!(book.sheet_names()[4], "Paliers");
    let paliers = book.worksheet_range("Paliers").unwrap();
    assert_eq!(
        paliers.get((1, 1)),
        Some(&Data::String(
            "Patients en ALD sans médecin traitant".into()
        ))
    );
    let steps: Vec<Decimal> = (3..9)
        .map(|c| cents(paliers.get((1, c)).unwrap()))
        .collect();
    assert_eq!(
        steps,
        [219, 3000, 100, 6000, 50, 9000].map(Decimal::from).to_vec()
    );
}

/// What a coordinator may change are cells a program finds by their defined names (documented
/// in the README), holding the scenario's values and checked as they are typed: the members, a
/// crisis recognised, each mission's achievement, each indicator's result.
#[test]
fn the_inputs_are_named_cells_holding_the_scenarios_values() {
    use std::io::Read;
    let p = "examples/prorata-indicators-uplift.toml";
    let (_keep, path) = write(&[p, "--year", "2026", "--lang", "fr"]);
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names()[1], "Hypothèses");
    let names = book.defined_names().to_vec();
    let value = |book: &mut calamine::Sheets<_>, name: &str| {
        let (_, at) = names
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no defined name `{name}` in {names:?}"));
        let (sheet, cell) = at.rsplit_once('!').unwrap();
        let sheet = sheet.trim_matches('\'');
        let cell = cell.replace('$', "");
        let col = u32::from(cell.as_bytes()[0] - b'A');
        let row: u32 = cell[1..].parse().unwrap();
        let range = book.worksheet_range(sheet).unwrap();
        (
            sheet.to_string(),
            cents(&range.get_value((row - 1, col)).cloned().unwrap()),
        )
    };
    // examples/prorata-indicators-uplift.toml: 120 members, accès aux soins 75 %, parcours 60 %,
    // two estimated indicators of prévention (100 %, 40 %), no crisis recognised.
    for (name, want) in [
        ("members", Decimal::from(120)),
        ("crisis", Decimal::ZERO),
        ("achievement_acces_aux_soins", Decimal::new(75, 2)),
        ("achievement_parcours", Decimal::new(60, 2)),
        ("achievement_prevention_1", Decimal::ONE),
        ("achievement_prevention_2", Decimal::new(40, 2)),
    ] {
        let (sheet, got) = value(&mut book, name);
        assert_eq!(sheet, "Hypothèses", "{name}");
        // `cents` rounds to the cent: 0.75 stays 0.75.
        assert_eq!(got, want, "{name}");
    }
    let sim: Value =
        serde_json::from_str(&stdout_of(&["simulate", p, "--format", "json"])).unwrap();
    assert_eq!(value(&mut book, "total_due").1, d(&sim["totals"]["total"]));
    // Every input checked as typed: one data validation per named input.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(&crate::common::sheet_part(2))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert_eq!(xml.matches("<dataValidation ").count(), 6, "{xml}");
}
