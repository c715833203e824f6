//! `aci-cpts report … --output rapport.html`: one self-contained page that a real browser
//! (Debian's Chromium, headless, installed by `.ci/run`) renders and prints to an A4 PDF whose
//! text holds the total; nothing is fetched from a network.

use crate::common::{bin, stdout_of};

/// Prints a page to PDF with headless Chromium, and returns the PDF's text (pdftotext).
fn printed(html: &std::path::Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("page.pdf");
    // `timeout` (coreutils): a browser that hangs fails the test instead of stalling CI.
    let status = std::process::Command::new("timeout")
        .args([
            "120",
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stderr(std::process::Stdio::null())
        .status()
        .expect("Debian's chromium runs (`.ci/run` installs it: apt-get install chromium)");
    assert!(status.success());
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (`.ci/run` installs poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether the browser test can run: Chromium and pdftotext are on the path.
fn browser_here() -> bool {
    crate::common::tools_here(
        &["chromium", "pdftotext"],
        "the page test",
        "Debian's chromium and poppler-utils",
        "chromium poppler-utils",
    )
}

#[test]
fn the_page_renders_in_a_browser_and_its_pdf_holds_the_total() {
    if !browser_here() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.html");
    let out = bin()
        .args([
            "report",
            "examples/t3-year5.toml",
            "--output",
            path.to_str().unwrap(),
            "--year",
            "2026",
            "--lang",
            "fr",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&path).unwrap();
    // Self-contained: no stylesheet, script, image or font from elsewhere.
    for outside in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
        "<script src",
        "<link",
    ] {
        assert!(!html.contains(outside), "the page fetches `{outside}`");
    }
    assert!(html.contains("<svg"), "the chart is inline");
    assert!(html.contains("@page { size: A4"), "print styles for A4");
    let text = printed(&path);
    // 397 500,00 € (contract-t3): the T3 example's contract year 5.
    assert!(text.contains("TOTAL DÛ"), "{text}");
    assert!(text.contains("397 500,00 €"), "{text}");
    assert!(text.contains("Trésorerie 2026"), "{text}");
    // `-` writes the same page to standard output; a file is never overwritten.
    let piped = stdout_of(&[
        "report",
        "examples/t3-year5.toml",
        "--output",
        "-",
        "--year",
        "2026",
        "--lang",
        "fr",
    ]);
    assert_eq!(piped, html);
    let again = bin()
        .args([
            "report",
            "examples/t3-year5.toml",
            "--output",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), html);
}

/// With a sheet of indicators before the cash, each chart still heads its own section: the
/// year's cash chart under "Trésorerie 2026", the contract's under "Prévisions"; the indicators'
/// section lists them with their next step.
#[test]
fn charts_stay_with_their_sections_when_indicators_come_first() {
    let page = stdout_of(&[
        "report",
        "examples/rovira-annexe-5.toml",
        "--output",
        "-",
        "--year",
        "2026",
        "--lang",
        "fr",
    ]);
    let sections: Vec<&str> = page.split("<section>").skip(1).collect();
    let named = |name: &str| {
        *sections
            .iter()
            .find(|s| s.contains(&format!("<h2>{name}</h2>")))
            .unwrap_or_else(|| panic!("no section {name}"))
    };
    assert!(!named("Indicateurs").contains("<svg"));
    assert!(named("Indicateurs").contains("−37 (87 → 50)"));
    assert!(named("Trésorerie 2026").contains("<svg"));
    assert!(named("Prévisions").contains("<svg"));
}

#[test]
fn a_regions_page_renders_in_a_browser_with_its_charts_and_sums() {
    if !browser_here() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("region.html");
    let out = bin()
        .args(["report", "examples/region/portfolio.csv", "--output"])
        .arg(&path)
        .args(["--year", "2026", "--lang", "fr"])
        .args(["--against", "examples/tariffs/draft-fongibilite.toml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&path).unwrap();
    // Two charts: the totals by band, the cash by month (no département: no territory given).
    assert_eq!(html.matches("<svg").count(), 2, "{html}");
    let batch: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "batch",
        "examples/region/portfolio.csv",
        "--lang",
        "fr",
        "--format",
        "json",
    ]))
    .unwrap();
    // The region's total as a French reader reads it: `10 455 964,12 €`.
    let total = batch["aggregate"]["totals"]["total"].as_str().unwrap();
    let (euros, cents) = total.split_once('.').unwrap();
    let mut grouped = String::new();
    for (i, c) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    let words = format!("{grouped},{cents} €");
    let text = printed(&path).replace(['\u{202f}', '\u{a0}'], " ");
    for want in [
        words.as_str(),
        "Synthèse",
        "Par palier",
        "Trésorerie 2026",
        "Coût de la réforme",
    ] {
        assert!(
            text.contains(want),
            "`{want}` not in the printed page:\n{text}"
        );
    }
}
