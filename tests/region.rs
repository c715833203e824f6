//! `aci-cpts report DIR|portfolio.csv --output region.xlsx|.html`: a region's documents. Their
//! sums are `batch`'s, read back from the workbook (calamine); the reform's cost is the sum of
//! the differences of the CPTS it concerns; the cash plan's cuts each add up to the year.

use crate::common::{bin, cell_cents, stdout_of};
use calamine::{Data, Reader, open_workbook_auto};
use rust_decimal::Decimal;
use serde_json::Value;

const DRAFT: &str = "examples/tariffs/draft-fongibilite.toml";

fn d(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

fn cents(cell: &Data) -> Decimal {
    cell_cents(cell).unwrap_or_else(|| panic!("not a number: {cell:?}"))
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        other => panic!("not text: {other:?}"),
    }
}

/// Writes a region's workbook; the exit code, and the workbook.
fn workbook(input: &str, extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf, i32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("region.xlsx");
    let out = bin()
        .args(["report", input, "--output", path.to_str().unwrap()])
        .args(["--year", "2026", "--lang", "en"])
        .args(extra)
        .output()
        .unwrap();
    assert!(path.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    (dir, path, out.status.code().unwrap())
}

/// The rows of a sheet, header first.
fn sheet(path: &std::path::Path, name: &str) -> Vec<Vec<Data>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

/// The column of a header in a sheet's first row.
fn column(rows: &[Vec<Data>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == header))
        .unwrap_or_else(|| panic!("no column {header}: {:?}", rows[0]))
}

#[test]
fn a_region_workbook_says_what_batch_says_and_costs_the_reform_where_it_applies() {
    for input in ["examples/region", "examples/region/portfolio.csv"] {
        let (_keep, path, code) = workbook(input, &["--against", DRAFT]);
        assert_eq!(code, 0);
        let batch: Value = serde_json::from_str(&stdout_of(&[
            "batch",
            input,
            "--against",
            DRAFT,
            "--cash",
            "2026",
            "--format",
            "json",
        ]))
        .unwrap();
        let a = &batch["aggregate"];
        let summary = sheet(&path, "Summary");
        let value = |label: &str| {
            let row = summary
                .iter()
                .find(|r| matches!(&r[0], Data::String(s) if s == label))
                .unwrap_or_else(|| panic!("{input}: no `{label}` in the summary"));
            cents(&row[1])
        };
        assert_eq!(value("CPTS computed"), Decimal::from(32));
        assert_eq!(value("Total due"), d(&a["totals"]["total"]));
        assert_eq!(value("of which depending on results"), d(&a["at_risk"]));
        assert_eq!(value("Cost of the reform"), d(&a["difference"]["total"]));
        assert_eq!(
            value("CPTS the reform does not concern"),
            Decimal::from(a["not_concerned"].as_u64().unwrap())
        );
        assert_eq!(
            value("Cash received in 2026"),
            d(&a["cash"][0]["total"]["total"])
        );

        // A row per CPTS, as batch computes it; the reform's cost is the sum of the differences
        // of the CPTS under avenant 2, and those under aci-2019 are not concerned.
        let cpts = sheet(&path, "CPTS");
        let (name, tariff, total, difference, reform) = (
            column(&cpts, "name"),
            column(&cpts, "tariff"),
            column(&cpts, "total"),
            column(&cpts, "difference"),
            column(&cpts, "reform"),
        );
        let rows = &cpts[1..cpts.len() - 1];
        assert_eq!(rows.len(), 32);
        let mut cost = Decimal::ZERO;
        for (row, json) in rows.iter().zip(batch["rows"].as_array().unwrap()) {
            assert_eq!(text(&row[name]), json["name"].as_str().unwrap());
            assert_eq!(cents(&row[total]), d(&json["totals"]["total"]));
            let under = text(&row[tariff]);
            let concerned = text(&row[reform]);
            if under == "aci-2019" {
                assert_eq!(concerned, "not concerned", "{input}: {row:?}");
                assert_eq!(cents(&row[difference]), Decimal::ZERO);
            } else {
                assert_eq!(under, "aci-avenant-2");
                assert_eq!(concerned, "concerned", "{input}: {row:?}");
                cost += cents(&row[difference]);
            }
        }
        assert_eq!(cost, d(&a["difference"]["total"]));
        assert!(cost > Decimal::ZERO, "the draft changes something: {cost}");
        let last = &cpts[cpts.len() - 1];
        assert_eq!(text(&last[0]), "Total due");
        assert_eq!(cents(&last[total]), d(&a["totals"]["total"]));

        // By band: batch's sums, band by band, and under the reform.
        let bands = sheet(&path, "By band");
        for row in &bands[1..bands.len() - 1] {
            let band = text(&row[0]);
            let want = &a["by_band"][&band];
            assert_eq!(
                cents(&row[1]),
                Decimal::from(want["count"].as_u64().unwrap())
            );
            assert_eq!(cents(&row[2]), d(&want["totals"]["total"]), "{band}");
            assert_eq!(cents(&row[3]), d(&want["at_risk"]), "{band}");
            assert_eq!(
                cents(&row[4]),
                d(&a["against_by_band"][&band]["totals"]["total"]),
                "{band}"
            );
        }
        assert_eq!(bands.len() - 2, a["by_band"].as_object().unwrap().len());
    }
}

#[test]
fn a_regions_cash_by_month_part_kind_and_contract_year_each_add_up_to_the_year() {
    let (_keep, path, _) = workbook("examples/region", &[]);
    let rows = sheet(&path, "Cash 2026");
    // Four blocks, each closed by its total row: the same year's total each time.
    let totals: Vec<Decimal> = rows
        .iter()
        .filter(|r| matches!(&r[0], Data::String(s) if s == "Total"))
        .map(|r| cents(&r[3]))
        .collect();
    assert_eq!(totals.len(), 4, "{rows:?}");
    let batch: Value = serde_json::from_str(&stdout_of(&[
        "batch",
        "examples/region",
        "--cash",
        "2026",
        "--format",
        "json",
    ]))
    .unwrap();
    let year = d(&batch["aggregate"]["cash"][0]["total"]["total"]);
    assert!(year > Decimal::ZERO);
    assert!(
        totals.iter().all(|t| *t == year),
        "{totals:?} against {year}"
    );
    // And each block's rows add up to its total.
    let mut sum = Decimal::ZERO;
    for row in &rows[1..] {
        match &row[0] {
            Data::String(s) if s == "Total" => {
                assert_eq!(sum, cents(&row[3]));
                sum = Decimal::ZERO;
            }
            Data::String(_) if matches!(row[3], Data::Float(_) | Data::Int(_)) => {
                sum += cents(&row[3]);
            }
            _ => {}
        }
    }
}

#[test]
fn an_input_left_out_is_listed_and_fails_the_run_but_the_workbook_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["cpts-01.toml", "cpts-02.toml"] {
        std::fs::copy(format!("examples/region/{f}"), dir.path().join(f)).unwrap();
    }
    std::fs::write(dir.path().join("cpts-03.toml"), "name = \"broken\"\n").unwrap();
    let (_keep, path, code) = workbook(dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 1);
    let left = sheet(&path, "Left out");
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(text(&left[1][0]).contains("cpts-03.toml"), "{left:?}");
    let summary = sheet(&path, "Summary");
    assert_eq!(cents(&summary[1][1]), Decimal::from(2));
    assert_eq!(cents(&summary[2][1]), Decimal::from(1));
}

#[test]
fn against_on_one_cpts_points_to_compare() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.xlsx");
    let out = bin()
        .args(["report", "examples/t3-year5.toml", "--against", DRAFT])
        .arg("--output")
        .arg(&path)
        .args(["--lang", "fr"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("une seule CPTS") && err.contains("aci-cpts compare"),
        "{err}"
    );
    assert!(!path.exists());
}
