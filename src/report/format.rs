//! A report's cells written for people and for programs, by the one formatter
//! (`catalog::format`) and the wording helpers (`catalog::wording`), re-exported here so a
//! report and a renderer name one module.
use crate::catalog::Lang;

pub use crate::catalog::format::*;
pub use crate::catalog::wording::*;

/// A cell for people (table, Markdown).
pub fn people(lang: Lang, cell: &crate::report::Cell<'_>) -> String {
    use crate::report::Cell;
    // Room for the whole cell, so that it is written without growing: a text's own length, or
    // 32 bytes for a figure (`-1 234 567 890,12 €` is 27).
    let mut out = String::with_capacity(match cell {
        Cell::Text(s) => s.len(),
        Cell::Coded { word, .. } => word.len(),
        _ => 32,
    });
    write_people(lang, &mut out, cell);
    out
}

/// A cell for people, appended to a buffer.
pub fn write_people(lang: Lang, out: &mut String, cell: &crate::report::Cell<'_>) {
    use crate::report::Cell;
    use std::fmt::Write;
    match cell {
        Cell::Empty => {}
        Cell::Text(s) => out.push_str(&printable(s)),
        Cell::Coded { word, .. } => out.push_str(&printable(word)),
        Cell::Money(m) => write_money(out, *m, false),
        Cell::SignedMoney(m) => write_money(out, *m, true),
        Cell::MaybeMoney(m) => match m {
            Some(m) => write_money(out, *m, false),
            None => out.push('—'),
        },
        Cell::Fraction(f) => write_percent(out, *f),
        Cell::Share(part, whole) => write_ratio(out, *part, *whole),
        Cell::Number(d) => out.push_str(&measure(*d, false)),
        Cell::Prorata(p) => out.push_str(&prorata(p)),
        Cell::Date(d) => out.push_str(&date(lang, *d)),
        Cell::Count(n) => out.push_str(&integer(*n)),
        Cell::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Cell::Evidence(e) => out.push_str(evidence_word(lang, *e)),
        Cell::Part(p) => out.push_str(part_word(lang, *p)),
        Cell::Bool(b) => out.push_str(lang.t(if *b { "word.yes" } else { "word.no" })),
    }
}

/// A cell for programs (CSV): plain numbers, with a decimal comma when `comma`.
pub fn programs(lang: Lang, cell: &crate::report::Cell<'_>, comma: bool) -> String {
    let mut out = String::new();
    write_programs(lang, &mut out, cell, comma);
    out
}

/// A cell for programs, appended to a buffer.
pub fn write_programs(lang: Lang, out: &mut String, cell: &crate::report::Cell<'_>, comma: bool) {
    use crate::report::Cell;
    use std::fmt::Write;
    let start = out.len();
    let numeric = match cell {
        Cell::Empty | Cell::MaybeMoney(None) => false,
        Cell::Text(s) => {
            out.push_str(s);
            false
        }
        Cell::Coded { word, .. } if comma => {
            out.push_str(word);
            false
        }
        Cell::Coded { code, .. } => {
            out.push_str(code);
            false
        }
        Cell::Money(_)
        | Cell::SignedMoney(_)
        | Cell::MaybeMoney(Some(_))
        | Cell::Fraction(_)
        | Cell::Number(_) => write_number_plain(out, cell),
        Cell::Share(part, whole) => {
            out.push_str(&ratio_plain(*part, *whole));
            true
        }
        Cell::Prorata(p) => {
            out.push_str(&prorata_plain(p));
            true
        }
        Cell::Date(d) => {
            let _ = write!(out, "{d}");
            false
        }
        Cell::Count(n) => {
            let _ = write!(out, "{n}");
            false
        }
        Cell::Int(n) => {
            let _ = write!(out, "{n}");
            false
        }
        // A spreadsheet's people read the words; programs read the codes.
        Cell::Evidence(e) if comma => {
            out.push_str(evidence_word(lang, *e));
            false
        }
        Cell::Part(p) if comma => {
            out.push_str(part_word(lang, *p));
            false
        }
        Cell::Evidence(e) => {
            out.push_str(e.as_str());
            false
        }
        Cell::Part(p) => {
            out.push_str(p.as_str());
            false
        }
        // A spreadsheet's people read yes/no (oui/non); programs read true/false.
        Cell::Bool(b) if comma => {
            out.push_str(lang.t(if *b { "word.yes" } else { "word.no" }));
            false
        }
        Cell::Bool(b) => {
            let _ = write!(out, "{b}");
            false
        }
    };
    if comma
        && numeric
        && let Some(i) = out[start..].find('.')
    {
        out.replace_range(start + i..start + i + 1, ",");
    }
}

/// An amount, a fraction or a number for programs, appended with a decimal point: `false`, with
/// nothing written, for any other cell. Inlined where a stream writes its rows (a sweep writes
/// millions of amounts).
#[inline]
pub fn write_number_plain(out: &mut String, cell: &crate::report::Cell<'_>) -> bool {
    use crate::report::Cell;
    match cell {
        Cell::Money(m) | Cell::SignedMoney(m) | Cell::MaybeMoney(Some(m)) => m.write_plain(out),
        Cell::Fraction(f) => write_decimal_plain(out, *f),
        Cell::Number(d) => crate::model::money::write_decimal(out, *d),
        _ => return false,
    }
    true
}

/// Whether a cell is text from a user's file or a table (not a number): what a spreadsheet could
/// take for a formula.
pub fn is_text(cell: &crate::report::Cell<'_>) -> bool {
    matches!(
        cell,
        crate::report::Cell::Text(_) | crate::report::Cell::Coded { .. }
    )
}
