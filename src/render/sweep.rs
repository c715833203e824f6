//! `sweep` output. CSV and JSON Lines are written point by point as the sweep runs (memory does
//! not grow with the number of points, and nothing is allocated per point); the table and
//! Markdown for people are built at the end, with the cliffs listed under them.

use super::csv::Dialect;
use super::markdown;
use super::table::{align_right, new_table};
use crate::engine::Totals;
use crate::engine::sweep::{Cliff, Point};
use crate::model::money::Money;
use crate::render::Format;
use rust_decimal::Decimal;
use std::io::{self, Write};

/// Writes the points of a sweep in one format.
pub struct SweepWriter<W: Write> {
    out: W,
    format: Format,
    names: Vec<String>,
    rows: Vec<Vec<String>>,
    cliffs: Vec<(String, Cliff)>,
}

const TOTALS: [&str; 7] = [
    "tariff",
    "band",
    "fonctionnement",
    "fixed",
    "variable_earned",
    "crisis",
    "uplift",
];

fn totals_of(t: &Totals) -> [Money; 5] {
    [
        t.fonctionnement,
        t.fixed,
        t.variable_earned,
        t.crisis,
        t.uplift,
    ]
}

impl<W: Write> SweepWriter<W> {
    /// A writer for the varied parameters' names; writes the CSV header.
    pub fn new(mut out: W, format: Format, names: Vec<String>) -> io::Result<Self> {
        if matches!(format, Format::Csv | Format::CsvExcelFr) {
            let sep = if format == Format::Csv { "," } else { ";" };
            if format == Format::CsvExcelFr {
                write!(out, "\u{feff}")?;
            }
            let header: Vec<&str> = names
                .iter()
                .map(String::as_str)
                .chain(TOTALS)
                .chain(["total", "cliff", "jump"])
                .collect();
            writeln!(out, "{}", header.join(sep))?;
        }
        Ok(SweepWriter {
            out,
            format,
            names,
            rows: Vec::new(),
            cliffs: Vec::new(),
        })
    }

    /// One point.
    pub fn point(&mut self, p: &Point) -> io::Result<()> {
        let band = &p.table.bands[p.band].id;
        match self.format {
            Format::Csv | Format::CsvExcelFr => {
                let fr = self.format == Format::CsvExcelFr;
                let sep = if fr { ';' } else { ',' };
                let dialect = if fr { Dialect::ExcelFr } else { Dialect::Plain };
                for v in &p.values[..p.dims] {
                    write_number(&mut self.out, *v, fr)?;
                    write!(self.out, "{sep}")?;
                }
                write!(self.out, "{}{sep}{band}", p.table.id)?;
                for m in totals_of(&p.totals).into_iter().chain([p.totals.total]) {
                    write!(self.out, "{sep}")?;
                    write_money(&mut self.out, m, fr)?;
                }
                match &p.cliff {
                    None => writeln!(self.out, "{sep}{sep}")?,
                    Some(c) => {
                        let jump = dialect.number(c.jump.plain());
                        writeln!(
                            self.out,
                            "{sep}\"{}\"{sep}{jump}",
                            c.what.replace('"', "\"\"")
                        )?
                    }
                }
            }
            Format::Json => {
                write!(self.out, "{{")?;
                for (name, v) in self.names.iter().zip(&p.values[..p.dims]) {
                    write!(self.out, "\"{name}\":{v},")?;
                }
                write!(
                    self.out,
                    "\"tariff\":\"{}\",\"band\":\"{band}\"",
                    p.table.id
                )?;
                for (name, m) in [
                    "fonctionnement",
                    "fixed",
                    "variable_earned",
                    "crisis",
                    "uplift",
                    "total",
                ]
                .iter()
                .zip(totals_of(&p.totals).into_iter().chain([p.totals.total]))
                {
                    write!(self.out, ",\"{name}\":\"{m}\"")?;
                }
                match &p.cliff {
                    None => writeln!(self.out, ",\"cliff\":null}}")?,
                    Some(c) => writeln!(
                        self.out,
                        ",\"cliff\":{{\"from\":{},\"to\":{},\"what\":{},\"jump\":\"{}\"}}}}",
                        c.from,
                        c.to,
                        serde_json::Value::from(c.what.as_str()),
                        c.jump
                    )?,
                }
            }
            Format::Table | Format::Markdown => {
                let mut row: Vec<String> =
                    p.values[..p.dims].iter().map(|v| v.to_string()).collect();
                row.push(p.table.id.clone());
                row.push(band.clone());
                row.extend(totals_of(&p.totals).iter().map(|m| m.french()));
                row.push(p.totals.total.french());
                row.push(p.cliff.as_ref().map_or(String::new(), |c| {
                    format!("{} ({})", c.what, c.jump.signed_french())
                }));
                self.rows.push(row);
            }
        }
        if let Some(c) = &p.cliff
            && matches!(self.format, Format::Table | Format::Markdown)
        {
            let at = self
                .names
                .iter()
                .zip(&p.values[..p.dims])
                .map(|(n, v)| format!("{n}={v}"))
                .collect::<Vec<_>>()
                .join(", ");
            self.cliffs.push((at, c.clone()));
        }
        Ok(())
    }

    /// Writes what is built at the end (table, Markdown) and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        if matches!(self.format, Format::Table | Format::Markdown) {
            let mut header: Vec<&str> = self.names.iter().map(String::as_str).collect();
            header.extend([
                "tariff",
                "band",
                "fonctionnement",
                "fixed",
                "variable",
                "crisis",
                "uplift",
                "total",
                "cliff",
            ]);
            let n = self.names.len();
            let right: Vec<usize> = (0..n).chain(n + 2..n + 8).collect();
            let cliffs = if self.cliffs.is_empty() {
                "no cliff: the total moves smoothly over this range\n".to_string()
            } else {
                let mut out = format!("cliffs ({}):\n", self.cliffs.len());
                for (at, c) in &self.cliffs {
                    out.push_str(&format!(
                        "  - at {at} (from {}): {}, total {}\n",
                        c.from,
                        c.what,
                        c.jump.signed_french()
                    ));
                }
                out
            };
            if self.format == Format::Markdown {
                write!(
                    self.out,
                    "{}\n{cliffs}",
                    markdown::table(&header, &self.rows, &right)
                )?;
            } else {
                let mut t = new_table(&header);
                for r in self.rows.drain(..) {
                    t.add_row(r);
                }
                align_right(&mut t, &right);
                write!(self.out, "{t}\n\n{cliffs}")?;
            }
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A decimal without allocating: `0.05`, or `0,05` for a French spreadsheet.
fn write_number<W: Write>(out: &mut W, v: Decimal, fr: bool) -> io::Result<()> {
    if !fr {
        return write!(out, "{v}");
    }
    let scale = v.scale();
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let int = v.abs().trunc();
    if scale == 0 {
        return write!(out, "{sign}{int}");
    }
    let frac = (v.abs().fract() * Decimal::from(10u64.pow(scale))).trunc();
    let frac: u64 = frac.try_into().unwrap_or(0);
    write!(out, "{sign}{int},{frac:0width$}", width = scale as usize)
}

/// Money with two decimals without allocating: `1234.50`, or `1234,50`.
fn write_money<W: Write>(out: &mut W, m: Money, fr: bool) -> io::Result<()> {
    if !fr {
        return write!(out, "{m}");
    }
    let v = m.value();
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let cents: u64 = (v.abs().fract() * Decimal::ONE_HUNDRED)
        .round()
        .try_into()
        .unwrap_or(0);
    write!(out, "{sign}{},{cents:02}", v.abs().trunc())
}
