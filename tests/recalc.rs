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
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(to)
        .args(&files)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("LibreOffice runs (`.ci/run` installs libreoffice-calc-nogui)");
    assert!(status.success(), "soffice --convert-to xlsx failed");
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
        &["soffice"],
        "the recalculation test",
        "LibreOffice",
        "libreoffice-calc-nogui",
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
    eprintln!(
        "{total} formulas recalculated in {} workbooks",
        examples.len()
    );
}
