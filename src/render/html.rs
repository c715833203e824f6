//! The report for the board as one self-contained HTML file: styles and charts inline, nothing
//! fetched from a network, so it can be e-mailed, opened anywhere, or printed to PDF on A4. It
//! renders the same sheets as the workbook, with the one formatter's numbers and dates.

use crate::catalog::Lang;
use crate::report::format::{date, measure, money, percent};
use crate::report::workbook::{Book, XCell};
use std::fmt::Write;

/// Text made safe inside HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A control character is no XML even escaped: it is shown as U+FFFD.
    for c in crate::report::format::visible(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{22}' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --ink: #1d2733; --muted: #5b6673; --rule: #d5dbe1; --band: #f3f5f7; --accent: #2f5d8a; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif; color: var(--ink);
       margin: 2rem auto; max-width: 60rem; padding: 0 1rem; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; color: var(--accent); }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid var(--accent);
     padding-bottom: .2rem; break-after: avoid; }
p.head { margin: .1rem 0; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .4rem; text-align: left;
         vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.strong td { font-weight: 700; border-top: 2px solid var(--ink); }
tr { break-inside: avoid; }
figure { margin: .5rem 0 1rem; break-inside: avoid; }
figure svg { width: 100%; height: auto; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; }
  h2 { break-before: auto; }
  section { break-inside: auto; }
}
"#;

/// The whole page: the head, then a section per sheet, each chart (with the index of its
/// sheet) at the top of its section.
pub fn render(lang: Lang, book: &Book, charts: &[(usize, String)], page_lang: &str) -> String {
    let mut out = String::new();
    let title = book.head.first().cloned().unwrap_or_default();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{page_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    for line in book.head.iter().skip(1) {
        let _ = writeln!(out, "<p class=\"head\">{}</p>", escape(line));
    }
    out.push_str("</header>\n");
    for (i, sheet) in book.sheets.iter().enumerate().filter(|(_, s)| s.in_page) {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", escape(&sheet.name));
        for (_, svg) in charts.iter().filter(|(at, _)| *at == i) {
            let _ = writeln!(out, "<figure>{svg}</figure>");
        }
        // A sheet's blocks (separated by an empty row) are tables of their own; a block that
        // starts with a bold row of words takes it as its header.
        let mut blocks: Vec<Block<'_>> = vec![(sheet.header.clone(), Vec::new())];
        for (r, row) in sheet.rows.iter().enumerate() {
            let strong = sheet.strong.contains(&r);
            if row.iter().all(|c| *c == XCell::Empty) {
                blocks.push((Vec::new(), Vec::new()));
                continue;
            }
            let Some(block) = blocks.last_mut() else {
                continue;
            };
            let words = row.iter().all(|c| matches!(c, XCell::Text(_)));
            if block.0.is_empty() && block.1.is_empty() && strong && words {
                block.0 = row
                    .iter()
                    .map(|c| match c {
                        XCell::Text(s) => s.clone(),
                        _ => String::new(),
                    })
                    .collect();
                continue;
            }
            block.1.push((strong, row));
        }
        for (header, rows) in blocks.iter().filter(|(_, rows)| !rows.is_empty()) {
            table(lang, &mut out, header, rows);
        }
        out.push_str("</section>\n");
    }
    let _ = writeln!(
        out,
        "<footer>{}</footer>\n</body>\n</html>",
        escape(lang.t("workbook.footer"))
    );
    out
}

/// A table of a sheet: its header, and its rows (bold or not).
type Block<'a> = (Vec<String>, Vec<(bool, &'a Vec<XCell>)>);

/// One table: numbers right-aligned, bold rows (totals) ruled above.
fn table(lang: Lang, out: &mut String, header: &[String], rows: &[(bool, &Vec<XCell>)]) {
    let width = rows
        .iter()
        .map(|(_, r)| r.len())
        .max()
        .unwrap_or(0)
        .max(header.len());
    let numeric: Vec<bool> = (0..width)
        .map(|c| {
            rows.iter().any(|(_, r)| {
                matches!(
                    r.get(c).map(XCell::shown),
                    Some(XCell::Money(_) | XCell::Percent(_) | XCell::Number(_))
                )
            })
        })
        .collect();
    out.push_str("<table>\n");
    if !header.is_empty() {
        out.push_str("<thead><tr>");
        for (c, n) in numeric.iter().enumerate() {
            let h = header.get(c).map_or("", String::as_str);
            let class = if *n { " class=\"n\"" } else { "" };
            let _ = write!(out, "<th{class}>{}</th>", escape(h));
        }
        out.push_str("</tr></thead>\n");
    }
    out.push_str("<tbody>\n");
    for (strong, row) in rows {
        let class = if *strong { " class=\"strong\"" } else { "" };
        let _ = write!(out, "<tr{class}>");
        for (c, numeric) in numeric.iter().enumerate() {
            let cell = row.get(c).unwrap_or(&XCell::Empty).shown();
            let (text, n) = match cell {
                XCell::Empty => (String::new(), *numeric),
                XCell::Text(s) => (escape(s), false),
                XCell::Money(m) => (escape(&money(*m)), true),
                XCell::Number(n) => (escape(&measure(*n, false)), true),
                XCell::YesNo(b) => (
                    lang.t(if *b { "word.yes" } else { "word.no" }).to_string(),
                    false,
                ),
                // `shown` is never a formula or an input.
                XCell::Formula { .. } | XCell::Input { .. } => (String::new(), *numeric),
                XCell::Percent(p) => (escape(&percent(*p)), true),
                XCell::Int(n) => (n.to_string(), true),
                XCell::Date(d) => (escape(&date(lang, *d)), false),
            };
            let class = if n { " class=\"n\"" } else { "" };
            let _ = write!(out, "<td{class}>{text}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}
