//! Every example's workbook recalculated by LibreOffice (headless, forced to recalculate on
//! load) holds, in every formula cell, the figure the tool stored there, to the cent: a reader
//! that recalculates (Excel does on opening) and one that does not show the same budget.
//!
//! Needs LibreOffice (`apt-get install libreoffice-calc-nogui`; `.ci/run` installs it). Outside
//! CI (`CI` unset) the test says it is skipped when `soffice` is absent.

use crate::common::{bin, cell_cents};
use calamine::{Reader, open_workbook_auto};
use std::path::Path;

/// LibreOffice's setting that recalculates every formula of an OOXML file on loading (0:
/// always), instead of keeping the stored values.
const ALWAYS_RECALCULATE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// Recalculates the workbooks of `from` with LibreOffice into `to` (same names).
fn recalculate(from: &Path, to: &Path, profile: &Path) {
    convert(from, to, profile, "xlsx");
}

/// Converts the workbooks of `from` with LibreOffice into `kind` files in `to`.
fn convert(from: &Path, to: &Path, profile: &Path, kind: &str) {
    let user = profile.join("user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(user.join("registrymodifications.xcu"), ALWAYS_RECALCULATE).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // `timeout` (coreutils): an office suite that hangs fails the test instead of stalling CI.
    let status = std::process::Command::new("timeout")
        .args(["600", "soffice"])
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", kind, "--outdir"])
        .arg(to)
        .args(&files)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("LibreOffice runs (`.ci/run` installs libreoffice-calc-nogui)");
    assert!(status.success(), "soffice --convert-to {kind} failed");
}

/// Every formula cell of `ours` against the same cell of `theirs`; returns how many.
fn same_figures(ours: &Path, theirs: &Path) -> usize {
    let mut a = open_workbook_auto(ours).unwrap();
    let mut b = open_workbook_auto(theirs).unwrap();
    let mut compared = 0;
    for name in a.sheet_names() {
        let formulas = a.worksheet_formula(&name).unwrap();
        let stored = a.worksheet_range(&name).unwrap();
        let recalculated = b
            .worksheet_range(&name)
            .unwrap_or_else(|e| panic!("{}: no sheet {name}: {e}", theirs.display()));
        let Some((r0, c0)) = formulas.start() else {
            continue;
        };
        for (r, c, formula) in formulas.used_cells() {
            if formula.is_empty() {
                continue;
            }
            let at = (r0 as usize + r, c0 as usize + c);
            let want = stored.get(at).and_then(cell_cents);
            let got = recalculated.get(at).and_then(cell_cents);
            assert!(
                want.is_some(),
                "{}: {name} {at:?} stores no figure",
                ours.display()
            );
            assert_eq!(
                got,
                want,
                "{}: sheet {name}, cell {at:?} `{formula}` recalculates to another figure",
                ours.display()
            );
            compared += 1;
        }
    }
    compared
}

#[test]
fn every_examples_workbook_recalculates_to_the_tools_figures() {
    if !crate::common::tools_here(
        &["soffice", "pdftotext", "pdfinfo"],
        "the recalculation test",
        "LibreOffice and poppler",
        "libreoffice-calc-nogui poppler-utils",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (ours, theirs, profile) = (
        dir.path().join("ours"),
        dir.path().join("theirs"),
        dir.path().join("profile"),
    );
    std::fs::create_dir_all(&ours).unwrap();
    let mut examples: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    examples.sort();
    for example in &examples {
        let name = example.file_stem().unwrap().to_str().unwrap();
        let out = bin()
            .args([
                "report",
                example.to_str().unwrap(),
                "--lang",
                "fr",
                "--year",
                "2026",
            ])
            .arg("--output")
            .arg(ours.join(format!("{name}.xlsx")))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    recalculate(&ours, &theirs, &profile);
    let mut total = 0;
    for example in &examples {
        let file = format!("{}.xlsx", example.file_stem().unwrap().to_str().unwrap());
        let n = same_figures(&ours.join(&file), &theirs.join(&file));
        assert!(n >= 10, "{file}: only {n} formulas");
        total += n;
    }
    assert!(total > 10 * examples.len(), "{total} formulas compared");
    // Printed as a board member reads them: no amount as `###` (a column too narrow for it),
    // every page landscape A4.
    let printed = dir.path().join("printed");
    convert(&ours, &printed, &profile, "pdf");
    for example in &examples {
        let pdf = printed.join(format!(
            "{}.pdf",
            example.file_stem().unwrap().to_str().unwrap()
        ));
        let text = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs (poppler-utils)");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("TOTAL DÛ"), "{}: {text}", pdf.display());
        assert!(
            !text.contains("###"),
            "{}: a figure printed as ###",
            pdf.display()
        );
        let info = std::process::Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(
            info.contains("841.89 x 595.3"),
            "{}: not landscape A4: {info}",
            pdf.display()
        );
    }
    eprintln!(
        "{total} formulas recalculated in {} workbooks",
        examples.len()
    );
}

/// A small deterministic generator (xorshift): the same 200 scenarios on every run.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// An achievement as coordinators write it: `"63.5%"`, sometimes 0 or 100 %.
    fn achievement(&mut self) -> (String, f64) {
        match self.below(10) {
            0 => ("0".into(), 0.0),
            1 => ("1".into(), 1.0),
            _ => {
                let tenths = self.below(1001);
                (
                    format!("\"{}.{}%\"", tenths / 10, tenths % 10),
                    tenths as f64 / 1000.0,
                )
            }
        }
    }
}

/// One indicator of a contract, before and after: its TOML, the input's prefix, and the value
/// the workbook's cell is changed to (the changed TOML says the same).
fn indicator(d: &mut Draw, n: usize) -> (String, String, &'static str, f64) {
    let amount = (1 + d.below(40)) * 500;
    match d.below(4) {
        0 => {
            let (a, b) = (d.chance(50), d.chance(50));
            let item = |met: bool| {
                format!("name = \"Action {n}\"\namount = \"{amount}.00\"\nmet = {met}\n")
            };
            (item(a), item(b), "met", f64::from(u8::from(b)))
        }
        1 | 2 => {
            // Paliers: a count where less is better, or a rate where more is.
            let steps = 1 + d.below(3) as usize;
            let at_most = d.chance(50);
            let (mut paliers, mut thresholds) = (Vec::new(), Vec::new());
            let mut threshold = if at_most { 300 } else { 600 };
            for k in 0..steps {
                threshold = if at_most {
                    threshold - 20 - d.below(80) as i64
                } else {
                    threshold + 20 + d.below(80) as i64
                };
                let value = if at_most {
                    threshold.to_string()
                } else {
                    format!("\"{}.{}%\"", threshold / 10, threshold % 10)
                };
                thresholds.push(threshold);
                let bound = if at_most { "up_to" } else { "from" };
                paliers.push(format!(
                    "{{ {bound} = {value}, amount = \"{}.00\" }}",
                    amount * (k as u64 + 1)
                ));
            }
            // Measured values on both sides of each threshold, and on them (a threshold reached
            // when equalled).
            let measure = |d: &mut Draw| {
                let v = if d.chance(30) {
                    thresholds[d.below(thresholds.len() as u64) as usize]
                } else if at_most {
                    d.below(320) as i64
                } else {
                    560 + d.below(360) as i64
                };
                if at_most {
                    (v.to_string(), v as f64)
                } else {
                    (format!("\"{}.{}%\"", v / 10, v % 10), v as f64 / 1000.0)
                }
            };
            let (a, (b, value)) = (measure(d).0, measure(d));
            let text = |measured: &str| {
                format!(
                    "name = \"Mesure {n}\"\nmeasured = {measured}\npaliers = [{}]\n",
                    paliers.join(", ")
                )
            };
            (text(&a), text(&b), "measured", value)
        }
        _ => {
            let (a, (b, value)) = (d.achievement().0, d.achievement());
            let text = |achievement: &str| {
                format!(
                    "name = \"Estimation {n}\"\namount = \"{amount}.00\"\nachievement = {achievement}\n"
                )
            };
            (text(&a), text(&b), "achievement", value)
        }
    }
}

/// A generated scenario and the same with its inputs changed, and the changes as a workbook's
/// defined names and values.
fn changed_pair(d: &mut Draw, n: usize) -> (String, String, Vec<(String, f64)>) {
    let population =
        [12_000, 35_000, 61_000, 95_000, 130_000, 180_000][d.below(6) as usize] + d.below(5_000);
    // Members across the uplift's threshold (strictly more than 100), and on it.
    let mut members = || match d.below(3) {
        0 => 99 + d.below(3),
        _ => 5 + d.below(190),
    };
    let (members, changed_members) = (members(), members());
    let signed = format!(
        "{}-{:02}-{:02}",
        2021 + d.below(4),
        1 + d.below(12),
        1 + d.below(28)
    );
    let year = 1 + d.below(5);
    let crisis = d.chance(70);
    let (recognised, changed_recognised) = (d.chance(50), d.chance(50));
    let head = |members: u64, recognised: bool| {
        format!(
            "name = \"CPTS générée {n}\"\npopulation = {population}\nmembers = {members}\n\
             signed = {signed}\ncontract_year = {year}\ncrisis_recognised = {}\n",
            recognised && crisis
        )
    };
    let (mut before, mut after) = (
        head(members, recognised),
        head(changed_members, changed_recognised),
    );
    let mut changes = vec![("members".to_string(), changed_members as f64)];
    if crisis {
        changes.push(("crisis".into(), f64::from(u8::from(changed_recognised))));
        before.push_str("\n[missions.crises_sanitaires]\n");
        after.push_str("\n[missions.crises_sanitaires]\n");
    }
    for mission in [
        "acces_aux_soins",
        "parcours",
        "prevention",
        "qualite_pertinence",
        "accompagnement_professionnels",
    ] {
        // The two later missions are run by some CPTS only.
        let optional = matches!(
            mission,
            "qualite_pertinence" | "accompagnement_professionnels"
        );
        if optional && !d.chance(60) {
            continue;
        }
        let started = if d.chance(20) {
            format!(
                "started = {}-{:02}-15\n",
                2021 + d.below(6),
                1 + d.below(12)
            )
        } else {
            String::new()
        };
        before.push_str(&format!("\n[missions.{mission}]\n{started}"));
        after.push_str(&format!("\n[missions.{mission}]\n{started}"));
        if d.chance(60) {
            let (a, (b, value)) = (d.achievement().0, d.achievement());
            before.push_str(&format!("achievement = {a}\n"));
            after.push_str(&format!("achievement = {b}\n"));
            changes.push((format!("achievement_{mission}"), value));
        } else {
            for k in 1..=1 + d.below(4) as usize {
                let (a, b, what, value) = indicator(d, k);
                before.push_str(&format!("[[missions.{mission}.indicators]]\n{a}"));
                after.push_str(&format!("[[missions.{mission}.indicators]]\n{b}"));
                changes.push((format!("{what}_{mission}_{k}"), value));
            }
        }
    }
    (before, after, changes)
}

/// Where each defined name of a workbook points: (sheet file in the zip, cell reference).
fn defined_cells(xlsx: &[u8]) -> std::collections::HashMap<String, (String, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut workbook = String::new();
    zip.by_name(&crate::common::xlsx_part(&["xl", "workbook.xml"]))
        .unwrap()
        .read_to_string(&mut workbook)
        .unwrap();
    let doc = roxmltree::Document::parse(&workbook).unwrap();
    let sheets: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("sheet"))
        .map(|n| n.attribute("name").unwrap())
        .collect();
    doc.descendants()
        .filter(|n| n.has_tag_name("definedName"))
        .map(|n| {
            let target = n.text().unwrap();
            let (sheet, cell) = target.rsplit_once('!').unwrap();
            let sheet = sheet.trim_matches('\'').replace("''", "'");
            let at = sheets.iter().position(|s| *s == sheet).unwrap();
            (
                n.attribute("name").unwrap().to_string(),
                (crate::common::sheet_part(at + 1), cell.replace('$', "")),
            )
        })
        .collect()
}

/// The workbook `xlsx` with the cells of `changes` (defined names) set to new numbers, as a
/// coordinator types them.
fn set_inputs(xlsx: &[u8], changes: &[(String, f64)]) -> Vec<u8> {
    use std::io::{Read, Write};
    let names = defined_cells(xlsx);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut text = Vec::new();
        file.read_to_end(&mut text).unwrap();
        for (input, value) in changes {
            // A year without the crisis mission's activation (its version has none) has no
            // crisis cell: nothing to change.
            if input == "crisis" && !names.contains_key(input) {
                continue;
            }
            let (sheet, cell) = names
                .get(input)
                .unwrap_or_else(|| panic!("no defined name `{input}` (names: {names:?})"));
            if *sheet != name {
                continue;
            }
            let xml = String::from_utf8(text).unwrap();
            let start = xml
                .find(&format!("<c r=\"{cell}\""))
                .unwrap_or_else(|| panic!("no cell {cell} in {sheet}"));
            let end = start + xml[start..].find("</c>").unwrap() + 4;
            let open = &xml[start..start + xml[start..].find('>').unwrap()];
            let style = open
                .split_once(" s=\"")
                .map(|(_, s)| format!(" s=\"{}\"", &s[..s.find('"').unwrap()]))
                .unwrap_or_default();
            text = format!(
                "{}<c r=\"{cell}\"{style}><v>{value}</v></c>{}",
                &xml[..start],
                &xml[end..]
            )
            .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// 200 generated CPTS: each one's workbook with its inputs changed in the cells (members across
/// the uplift's threshold, achievements, measured values across paliers, items, a crisis), then
/// recalculated by LibreOffice, holds what `simulate` says of the changed scenario, line by
/// line and in total, to the cent.
#[test]
fn a_workbook_changed_by_hand_says_what_simulate_says_of_the_changed_scenario() {
    if !crate::common::tools_here(
        &["soffice"],
        "the recalculation test",
        "LibreOffice",
        "libreoffice-calc-nogui",
    ) {
        return;
    }
    const CASES: usize = 200;
    let dir = tempfile::tempdir().unwrap();
    let (changed, theirs, profile) = (
        dir.path().join("changed"),
        dir.path().join("theirs"),
        dir.path().join("profile"),
    );
    std::fs::create_dir_all(&changed).unwrap();
    let mut d = Draw(0x5eed_ac1c_0de5_2026);
    let mut afters = Vec::new();
    let mut n = 0;
    while afters.len() < CASES {
        n += 1;
        let (before, after, changes) = changed_pair(&mut d, n);
        let (b, a) = (
            dir.path().join(format!("{n}-before.toml")),
            dir.path().join(format!("{n}-after.toml")),
        );
        std::fs::write(&b, &before).unwrap();
        std::fs::write(&a, &after).unwrap();
        let ours = dir.path().join(format!("{n}.xlsx"));
        let out = bin()
            .args([
                "report",
                b.to_str().unwrap(),
                "--lang",
                "fr",
                "--year",
                "2026",
            ])
            .arg("--output")
            .arg(&ours)
            .output()
            .unwrap();
        if !out.status.success() {
            // A generated scenario the tool refuses (a contract year after its end, a start
            // after the year…) is not a case; it must be refused for a reason it says.
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("error") || err.contains("erreur"), "{err}");
            continue;
        }
        let bytes = std::fs::read(&ours).unwrap();
        std::fs::write(
            changed.join(format!("{n}.xlsx")),
            set_inputs(&bytes, &changes),
        )
        .unwrap();
        afters.push((n, a, after, ours));
    }
    recalculate(&changed, &theirs, &profile);
    let (mut lines, mut moved) = (0, 0);
    let total_of = |path: &Path| {
        let mut book = open_workbook_auto(path).unwrap();
        let budget = book.worksheet_range("Budget").unwrap();
        (0..budget.height())
            .find(|r| budget.get((*r, 0)) == Some(&calamine::Data::String("TOTAL DÛ".into())))
            .and_then(|r| budget.get((r, 7)))
            .and_then(cell_cents)
    };
    for (n, after, text, ours) in &afters {
        let sim: serde_json::Value = serde_json::from_str(&crate::common::stdout_of(&[
            "simulate",
            after.to_str().unwrap(),
            "--format",
            "json",
            "--lang",
            "fr",
        ]))
        .unwrap();
        let mut book = open_workbook_auto(theirs.join(format!("{n}.xlsx"))).unwrap();
        let budget = book.worksheet_range("Budget").unwrap();
        let want = sim["lines"].as_array().unwrap();
        let mut next = 0;
        for r in 1..budget.height() {
            let Some(calamine::Data::String(label)) = budget.get((r, 0)) else {
                break;
            };
            let got = budget.get((r, 7)).and_then(cell_cents).unwrap();
            let line = want.get(next);
            if line.is_some_and(|l| {
                l["label"] == label.as_str()
                    && got == l["amount"].as_str().unwrap().parse().unwrap()
            }) {
                next += 1;
                lines += 1;
            } else {
                assert_eq!(
                    got,
                    rust_decimal::Decimal::ZERO,
                    "case {n}, row {r} `{label}`: the workbook says {got}, simulate {line:?}\n{text}"
                );
            }
        }
        assert_eq!(
            next,
            want.len(),
            "case {n}: lines of simulate not in the workbook\n{text}"
        );
        let total = total_of(&theirs.join(format!("{n}.xlsx")));
        // The changes moved the budget: the test compares a recalculation, not stored values.
        moved += usize::from(total != total_of(ours));
        assert_eq!(
            total,
            sim["totals"]["total"].as_str().unwrap().parse().ok(),
            "case {n}: total\n{text}"
        );
    }
    assert!(moved > CASES * 3 / 4, "only {moved} totals moved");
    eprintln!(
        "{} changed workbooks ({n} generated, {moved} totals moved), {lines} lines equal to simulate",
        afters.len()
    );
}

/// A portfolio given by communes, so that a region has départements and régions to sum.
pub const COMMUNES_PORTFOLIO: &str = "name,population,communes,members,signed,contract_year,acces_aux_soins\n\
     RoViRa,,93064 93077 93062,80,2022-04-15,5,1\n\
     Drancy,,93029 93007 93013,90,2021-12-19,5,0.5\n\
     By figure,91710,,80,2022-04-15,5,1\n\
     Lyon,,69381 69382,50,2022-04-15,2,1\n";

#[test]
fn a_regions_workbook_recalculates_to_the_tools_figures_and_prints() {
    if !crate::common::tools_here(
        &["soffice", "pdftotext", "pdfinfo"],
        "the region recalculation test",
        "LibreOffice and poppler",
        "libreoffice-calc-nogui poppler-utils",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (ours, theirs, profile, printed) = (
        dir.path().join("ours"),
        dir.path().join("theirs"),
        dir.path().join("profile"),
        dir.path().join("printed"),
    );
    std::fs::create_dir_all(&ours).unwrap();
    let communes = dir.path().join("communes.csv");
    std::fs::write(&communes, COMMUNES_PORTFOLIO).unwrap();
    let runs: [(&str, &str, &[&str]); 2] = [
        (
            "region",
            "examples/region",
            &["--against", "examples/tariffs/draft-fongibilite.toml"],
        ),
        ("communes", communes.to_str().unwrap(), &[]),
    ];
    for (name, input, extra) in runs {
        let out = bin()
            .args(["report", input, "--lang", "fr", "--year", "2026"])
            .args(extra)
            .arg("--output")
            .arg(ours.join(format!("{name}.xlsx")))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    recalculate(&ours, &theirs, &profile);
    convert(&ours, &printed, &profile, "pdf");
    for (name, _, _) in runs {
        let file = format!("{name}.xlsx");
        let n = same_figures(&ours.join(&file), &theirs.join(&file));
        assert!(n >= 20, "{file}: only {n} formulas");
        let pdf = printed.join(format!("{name}.pdf"));
        let text = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs (poppler-utils)");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("Total dû"), "{}: {text}", pdf.display());
        assert!(
            !text.contains("###"),
            "{}: a figure printed as ###",
            pdf.display()
        );
        if name == "communes" {
            assert!(text.contains("Seine-Saint-Denis"), "{text}");
        } else {
            assert!(text.contains("Coût de la réforme"), "{text}");
        }
        eprintln!("{file}: {n} formulas recalculated");
    }
}
