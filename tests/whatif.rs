//! What-if: `simulate --explain`, `compare` and `sweep` (with its cliffs and chart).

use crate::common::{bin, files, stderr_of_failure, stdout_of};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).expect("valid JSON")
}

#[test]
fn explain_snapshots_for_prorata_indicators_and_uplift() {
    let p = "examples/prorata-indicators-uplift.toml";
    insta::assert_snapshot!("explain-table", stdout_of(&["simulate", p, "--explain"]));
    insta::assert_snapshot!(
        "explain-markdown",
        stdout_of(&["simulate", p, "--explain", "--format", "markdown"])
    );
    let v = json(&["simulate", p, "--explain", "--format", "json"]);
    insta::assert_json_snapshot!("explain-json", v);
    // The prorata has its dates and day counts: 2025-05-01 → 2026-01-05 is 250 of 365 days.
    let acces = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["mission"] == "acces_aux_soins" && l["part"] == "fixed")
        .unwrap();
    assert_eq!(acces["trace"]["prorata"]["days"], 250);
    assert_eq!(acces["trace"]["prorata"]["from"], "2025-05-01");
    // 90 000 × 250/365 = 61 643.835… → 61 643.84
    assert_eq!(acces["amount"], "61643.84");
    assert_eq!(
        acces["trace"]["formula"],
        "90 000,00 € × 250/365 = 61 643,84 €"
    );
    let uplift = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["part"] == "uplift")
        .unwrap();
    assert_eq!(uplift["trace"]["uplift"]["threshold"], 100);
    assert_eq!(uplift["trace"]["uplift"]["members"], 120);
}

#[test]
fn every_explained_formula_ends_with_its_line_amount() {
    for path in files("examples", "toml") {
        let v = json(&[
            "simulate",
            path.to_str().unwrap(),
            "--explain",
            "--format",
            "json",
        ]);
        for line in v["lines"].as_array().unwrap() {
            let amount: rust_decimal::Decimal = line["amount"].as_str().unwrap().parse().unwrap();
            let fr = aci_cpts::report::format::money(aci_cpts::model::money::Money::new(amount));
            let formula = line["trace"]["formula"].as_str().unwrap();
            assert!(
                formula.ends_with(&format!("= {fr}")),
                "{path:?}: `{formula}` does not end with {fr}"
            );
        }
    }
}

#[test]
fn compare_of_the_two_versions_equals_the_diff_for_that_band() {
    let p = "examples/aci2019-t2.toml";
    let c = json(&[
        "compare",
        p,
        "--tariff",
        "aci-2019",
        "--against",
        "aci-avenant-2",
        "--format",
        "json",
    ]);
    let d = json(&[
        "tariffs",
        "diff",
        "aci-2019",
        "aci-avenant-2",
        "--band",
        "T2",
        "--format",
        "json",
    ]);
    let changed: Vec<(String, String)> = d["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "changed")
        .map(|r| {
            (
                r["line"].as_str().unwrap().to_string(),
                r["difference"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Every mission line of the comparison differs by what the diff says for T2 (a line the diff
    // does not list as changed differs by 0).
    for l in c["lines"].as_array().unwrap() {
        let Some(mission) = l["mission"].as_str() else {
            continue;
        };
        let key = format!("{mission}.{}", l["part"].as_str().unwrap());
        let expected = changed
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("0.00", |(_, d)| d.as_str());
        assert_eq!(l["difference"], expected, "{key}");
    }
    // Accès aux soins for a T2: +6 000 fixed and +2 000 variable, total +8 000 (92 000 → 100 000, press).
    assert_eq!(c["difference"], "8000.00");
    assert_eq!(c["a"]["tariff"], "aci-2019");
    assert_eq!(c["b"]["tariff"], "aci-avenant-2");
    assert!(
        c["b"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "tariff_not_in_force")
    );
    insta::assert_snapshot!(
        "compare-versions-table",
        stdout_of(&[
            "compare",
            p,
            "--tariff",
            "aci-2019",
            "--against",
            "aci-avenant-2"
        ])
    );
}

#[test]
fn compare_two_scenarios() {
    let out = stdout_of(&[
        "compare",
        "examples/t3-year5.toml",
        "examples/large-cpts.toml",
        "--format",
        "markdown",
    ]);
    insta::assert_snapshot!("compare-scenarios-markdown", out);
    let c = json(&[
        "compare",
        "examples/t3-year5.toml",
        "examples/large-cpts.toml",
        "--format",
        "json",
    ]);
    // 378 050 − 397 500
    assert_eq!(c["difference"], "-19450.00");
    // The uplift line is on B only.
    let uplift = c["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["part"] == "uplift")
        .unwrap();
    assert_eq!(
        (uplift["a"].clone(), uplift["b"].clone()),
        (Value::Null, Value::from("27550.00"))
    );
    let csv = stdout_of(&[
        "compare",
        "examples/t3-year5.toml",
        "examples/large-cpts.toml",
        "--format",
        "csv",
    ]);
    assert!(
        csv.ends_with(",TOTAL,total,397500.00,378050.00,-19450.00\n"),
        "{csv}"
    );
    let out = bin()
        .args(["compare", "examples/t3-year5.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// The cliffs of a sweep's JSON, read from its points.
fn cliffs(args: &[&str]) -> Vec<Value> {
    let doc: Value = serde_json::from_str(&stdout_of(args)).expect("one JSON document");
    assert_eq!(doc["schema_version"], 1);
    doc["points"]
        .as_array()
        .expect("an array of points")
        .iter()
        .filter(|v| !v["cliff"].is_null())
        .map(|v| v["cliff"].clone())
        .collect()
}

#[test]
fn sweep_finds_the_band_cliffs_exactly() {
    // examples/t3-year5.toml: a later year, all missions at full achievement, 80 members.
    // T1 237 500; T2 308 500 (its crisis update 13 500 derived from the official T2 maximum,
    // ars-ara-2023); T3 397 500 (contract-t3); T4 480 000 — from the avenant 2 table.
    let found = cliffs(&[
        "sweep",
        "examples/t3-year5.toml",
        "--vary",
        "population=39999:40000:1",
        "--format",
        "json",
    ]);
    assert_eq!(
        found,
        vec![
            serde_json::json!({"from": 39999, "to": 40000, "what": "band T1 → T2", "jump": "71000.00"})
        ]
    );
    let found = cliffs(&[
        "sweep",
        "examples/t3-year5.toml",
        "--vary",
        "population=79999:80000:1",
        "--format",
        "json",
    ]);
    assert_eq!(found[0]["jump"], "89000.00");
    assert_eq!(found[0]["what"], "band T2 → T3");
    let found = cliffs(&[
        "sweep",
        "examples/t3-year5.toml",
        "--vary",
        "population=175000:175001:1",
        "--format",
        "json",
    ]);
    assert_eq!(found[0]["jump"], "82500.00");
    assert_eq!(found[0]["to"], 175001);
    // Over a wide range, exactly the three band edges.
    let found = cliffs(&[
        "sweep",
        "examples/t3-year5.toml",
        "--vary",
        "population=30000:200000:1000",
        "--format",
        "json",
    ]);
    let at: Vec<i64> = found.iter().map(|c| c["to"].as_i64().unwrap()).collect();
    assert_eq!(at, vec![40000, 80000, 176000]);
}

#[test]
fn sweep_finds_the_uplift_cliff_exactly() {
    // 100 → 101 members: 10 % of the mission remuneration 322 500 (397 500 − 75 000) = 32 250.
    let found = cliffs(&[
        "sweep",
        "examples/t3-year5.toml",
        "--vary",
        "members=80:120:1",
        "--format",
        "json",
    ]);
    assert_eq!(
        found,
        vec![
            serde_json::json!({"from": 100, "to": 101, "what": "uplift threshold (100 members)", "jump": "32250.00"})
        ]
    );
}

#[test]
fn sweep_table_csv_and_grid() {
    insta::assert_snapshot!(
        "sweep-achievement-table",
        stdout_of(&[
            "sweep",
            "examples/t2-year2.toml",
            "--vary",
            "achievement=0:1:0.25"
        ])
    );
    let csv = stdout_of(&[
        "sweep",
        "examples/t3-year5.toml",
        "--vary",
        "achievement.parcours=0:1:0.5",
        "--vary",
        "members=100:101:1",
        "--format",
        "csv",
    ]);
    assert_eq!(csv.lines().count(), 1 + 3 * 2, "{csv}");
    // parcours at 0 with 100 members: 397 500 − 45 000 = 352 500.
    assert!(
        csv.contains(
            "\n0,100,aci-avenant-2,T3,75000.00,177500.00,77500.00,22500.00,0.00,352500.00,,\n"
        ),
        "{csv}"
    );
    let fr = stdout_of(&[
        "sweep",
        "examples/t3-year5.toml",
        "--vary",
        "achievement=0.5:0.5:1",
        "--csv-excel-fr",
    ]);
    assert!(fr.starts_with('\u{feff}'));
    assert!(fr.contains("0,5;aci-avenant-2;T3;75000,00;"), "{fr}");
}

#[test]
fn sweep_by_contract_year_crosses_the_tariff_version() {
    // examples/version-change.toml is signed 2020-06-01: years 1–2 under aci-2019, 3+ avenant 2.
    let found = cliffs(&[
        "sweep",
        "examples/version-change.toml",
        "--vary",
        "contract_year=1:4:1",
        "--format",
        "json",
    ]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["what"], "tariff aci-2019 → aci-avenant-2");
    assert_eq!(found[0]["to"], 3);
}

/// Achievements are written `"80%"` in a scenario: a sweep takes them so too, and gives the
/// same points as with fractions.
#[test]
fn sweep_takes_achievements_as_percentages() {
    let p = "examples/t2-year2.toml";
    for (percent, fraction) in [
        ("achievement=0%:100%:10%", "achievement=0:1:0.1"),
        (
            "achievement.parcours=50%:75%:12.5%",
            "achievement.parcours=0.5:0.75:0.125",
        ),
    ] {
        let a = stdout_of(&["sweep", p, "--vary", percent, "--format", "csv"]);
        let b = stdout_of(&["sweep", p, "--vary", fraction, "--format", "csv"]);
        assert_eq!(a, b, "{percent}");
        assert!(a.lines().count() > 2, "{a}");
    }
    let err = stderr_of_failure(&["sweep", p, "--vary", "achievement=0%:120%:10%"]);
    assert!(err.contains("achievement must stay within 0..1"), "{err}");
    let err = stderr_of_failure(&["sweep", p, "--vary", "population=10%:20%:1%"]);
    assert!(err.contains("`10%` is not a number"), "{err}");
}

#[test]
fn sweep_rejects_bad_ranges() {
    for (vary, msg) in [
        ("population=0:10:1", "population must stay within 1.."),
        ("achievement=0:2:0.5", "achievement must stay within 0..1"),
        ("population=100:10:1", "END is below START"),
        ("population=1:10:0.5", "population takes whole numbers"),
        ("colour=1:2:1", "unknown parameter `colour`"),
        (
            "achievement.qualite_pertinence=0:1:0.1",
            "does not run `qualite_pertinence`",
        ),
    ] {
        let err = stderr_of_failure(&["sweep", "examples/t2-year2.toml", "--vary", vary]);
        assert!(err.contains(msg), "{vary}: {err}");
    }
}

#[test]
fn sweep_chart_is_valid_svg_with_its_series_and_cliffs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.svg");
    let p = path.to_str().unwrap();
    bin()
        .args([
            "sweep",
            "examples/large-cpts.toml",
            "--vary",
            "population=20000:220000:1000",
            "--chart",
            p,
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let svg = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    for series in [
        "series-fonctionnement",
        "series-fixed",
        "series-variable",
        "series-crisis",
        "series-uplift",
    ] {
        assert!(ids.contains(&series), "{series} missing: {ids:?}");
        let group = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(series))
            .unwrap();
        assert!(
            group.children().any(|c| c.tag_name().name() == "path"),
            "{series} has its area"
        );
    }
    let cliff_lines = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("cliff"))
        .count();
    assert_eq!(cliff_lines, 3, "the three band edges are marked");
    // The file is never overwritten.
    let out = bin()
        .args([
            "sweep",
            "examples/large-cpts.toml",
            "--vary",
            "members=90:110:1",
            "--chart",
            p,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), svg);
    // One axis only.
    let other = dir.path().join("grid.svg");
    let out = bin()
        .args([
            "sweep",
            "examples/large-cpts.toml",
            "--vary",
            "members=90:110:1",
            "--vary",
            "achievement=0:1:0.5",
            "--chart",
            other.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(!other.exists());
}

#[test]
fn versions_side_by_side_even_when_one_lacks_a_mission() {
    // examples/t3-year5.toml runs the crisis mission, which aci-2019 does not have: under aci-2019
    // it earns nothing (with a warning), so its line is on B's side only.
    let json = stdout_of(&[
        "compare",
        "examples/t3-year5.toml",
        "--tariff",
        "aci-2019",
        "--against",
        "aci-avenant-2",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let crisis = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["mission"] == "crises_sanitaires")
        .unwrap();
    assert_eq!(crisis["a"], Value::Null);
    assert_eq!(crisis["b"], "22500.00");
    assert!(
        v["a"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "mission_not_in_version")
    );
    // aci-2019 T3 370 000 (qdm-2019) against avenant 2's 397 500 (contract-t3).
    assert_eq!(v["a"]["total"], "370000.00");
    assert_eq!(v["b"]["total"], "397500.00");
    assert_eq!(v["difference"], "27500.00");
}

/// The boxes of a chart's labels, from the SVG itself: x, y (baseline), anchor, font size and
/// text, with a generous width per character, so that labels apart by it are apart on screen.
fn label_boxes(svg: &str) -> Vec<(String, [f64; 4])> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter(|n| n.attribute("transform").is_none())
        .map(|n| {
            let text = n.text().unwrap_or("").trim().to_string();
            let num = |a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
            let (x, y, size) = (num("x"), num("y"), num("font-size"));
            let w = text.chars().count() as f64 * size * 0.55;
            let left = match n.attribute("text-anchor") {
                Some("middle") => x - w / 2.0,
                Some("end") => x - w,
                _ => x,
            };
            (text, [left, y - size * 0.8, left + w, y + size * 0.2])
        })
        .collect()
}

#[test]
fn chart_labels_never_overlap_each_other_or_the_legend_and_jumps_are_steps() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str]); 5] = [
        (
            "bands",
            &[
                "sweep",
                "examples/large-cpts.toml",
                "--vary",
                "population=20000:220000:1000",
            ],
        ),
        // Bands close together: their labels must move, not pile up.
        (
            "close",
            &[
                "sweep",
                "examples/large-cpts.toml",
                "--vary",
                "population=30000:200000:500",
            ],
        ),
        (
            "uplift",
            &[
                "sweep",
                "examples/t3-year5.toml",
                "--vary",
                "members=60:140:1",
            ],
        ),
        (
            "years",
            &[
                "sweep",
                "examples/cash-multi-year.toml",
                "--vary",
                "contract_year=1:8:1",
            ],
        ),
        (
            "months",
            &["forecast", "examples/cash-multi-year.toml", "--years", "12"],
        ),
    ];
    for (name, args) in cases {
        for lang in ["en", "fr"] {
            let path = dir.path().join(format!("{name}-{lang}.svg"));
            let mut all: Vec<&str> = args.to_vec();
            all.extend([
                "--chart",
                path.to_str().unwrap(),
                "--lang",
                lang,
                "--format",
                "csv",
            ]);
            bin().args(&all).assert().success();
            let svg = std::fs::read_to_string(&path).unwrap();
            let boxes = label_boxes(&svg);
            for (i, (a, ba)) in boxes.iter().enumerate() {
                for (b, bb) in boxes.iter().skip(i + 1) {
                    let apart =
                        ba[2] <= bb[0] || bb[2] <= ba[0] || ba[3] <= bb[1] || bb[3] <= ba[1];
                    assert!(apart, "{name} ({lang}): `{a}` overlaps `{b}`");
                }
                assert!(
                    ba[0] >= 0.0 && ba[2] <= 960.0,
                    "{name} ({lang}): `{a}` leaves the chart"
                );
            }
            // Both axes are titled in the user's language, with their unit.
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let title = |id: &str| {
                doc.descendants()
                    .find(|n| n.attribute("id") == Some(id))
                    .and_then(|n| n.text())
                    .unwrap_or_default()
                    .trim()
                    .to_string()
            };
            assert!(
                title("y-title").contains('€'),
                "{name}: {}",
                title("y-title")
            );
            assert!(
                !title("x-title").contains('_'),
                "no raw id: {}",
                title("x-title")
            );
            if lang == "fr" && name == "bands" {
                assert_eq!(title("x-title"), "population (habitants)");
            }
        }
    }
    // Contract years are bars; a band edge is a step: the area's outline has a vertical edge at
    // the cliff (two points with the same x).
    let years = std::fs::read_to_string(dir.path().join("years-en.svg")).unwrap();
    assert!(
        years.contains("<rect") && !years.contains("<path"),
        "bars, not an area"
    );
    let bands = std::fs::read_to_string(dir.path().join("bands-en.svg")).unwrap();
    let doc = roxmltree::Document::parse(&bands).unwrap();
    let cliff_x: f64 = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("cliff"))
        .and_then(|n| n.attribute("x1"))
        .unwrap()
        .parse()
        .unwrap();
    let d = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("series-fonctionnement"))
        .and_then(|g| g.children().find(|c| c.tag_name().name() == "path"))
        .and_then(|p| p.attribute("d"))
        .unwrap();
    let at_cliff = d
        .split(['M', 'L', 'z', 'Z'])
        .filter_map(|p| p.trim().split_once([',', ' ']))
        .filter(|(x, _)| (x.trim().parse::<f64>().unwrap_or(-1.0) - cliff_x).abs() < 0.11)
        .count();
    assert!(at_cliff >= 2, "a step at the band edge: {d}");
}

/// A sweep over the contract years says each year's warnings, each once, as `forecast` does:
/// examples/cash-multi-year.toml, signed 2025-03-01, has the LFSS 2026 notice and the stale
/// table from year 3 (2027-03-01), not in years 1–2.
#[test]
fn a_sweep_over_contract_years_says_each_year_s_warnings() {
    let p = "examples/cash-multi-year.toml";
    let all = stdout_of(&["sweep", p, "--vary", "contract_year=1:5:1"]);
    assert!(all.contains("[table_notice]"), "{all}");
    assert!(
        all.contains("before contract year 3 starts (2027-03-01)"),
        "{all}"
    );
    assert_eq!(all.matches("[table_notice]").count(), 1, "once: {all}");
    let early = stdout_of(&["sweep", p, "--vary", "contract_year=1:2:1"]);
    assert!(!early.contains("[table_notice]"), "{early}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "sweep",
        p,
        "--vary",
        "contract_year=1:5:1",
        "--format",
        "json",
    ]))
    .unwrap();
    let codes: Vec<&str> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"table_notice"), "{codes:?}");
}

/// A sweep of many points draws what the eye can see: 200 001 points of population make an SVG
/// as small as one of a few thousand, with every cliff, and, rasterised, the same picture as
/// the sweep of the same range by steps of 100 (2 001 points, all kept) — within the pixels
/// that a step can shift by one column.
#[test]
fn a_chart_of_many_points_is_the_picture_of_few() {
    let dir = tempfile::tempdir().unwrap();
    let chart = |step: &str| -> std::path::PathBuf {
        let path = dir.path().join(format!("chart-{step}.svg"));
        bin()
            .args(["sweep", "examples/large-cpts.toml", "--vary"])
            .arg(format!("population=20000:220000:{step}"))
            .args(["--chart", path.to_str().unwrap(), "--format", "csv"])
            .assert()
            .success();
        path
    };
    let (many, few) = (chart("1"), chart("100"));
    let svg = std::fs::read_to_string(&many).unwrap();
    assert!(svg.len() < 1_000_000, "{} bytes", svg.len());
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let cliffs = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("cliff"))
        .count();
    assert_eq!(cliffs, 3, "the three band edges are marked");
    if !crate::common::tools_here(
        &["rsvg-convert"],
        "a_chart_of_many_points_is_the_picture_of_few",
        "rsvg-convert to rasterise the charts",
        "librsvg2-bin",
    ) {
        return;
    }
    // Rasterised to pixels of 8-bit channels.
    let png = |svg: &std::path::Path| -> (u32, u32, Vec<u8>) {
        let out = svg.with_extension("png");
        let ok = std::process::Command::new("rsvg-convert")
            .arg(svg)
            .arg("-o")
            .arg(&out)
            .status()
            .unwrap();
        assert!(ok.success());
        let mut decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&out).unwrap()));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    };
    let (a, b) = (png(&many), png(&few));
    assert_eq!((a.0, a.1, a.2.len()), (b.0, b.1, b.2.len()));
    let channels = a.2.len() / (a.0 * a.1) as usize;
    let differing =
        a.2.chunks(channels)
            .zip(b.2.chunks(channels))
            .filter(|(p, q)| p.iter().zip(*q).any(|(x, y)| x.abs_diff(*y) > 64))
            .count();
    let all = (a.0 * a.1) as usize;
    assert!(differing * 200 < all, "{differing} of {all} pixels differ");
}
