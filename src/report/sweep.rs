//! `sweep`: the totals at every point, streamed, then the cliffs and the warnings.

use super::format::{measure, money_plain, money_signed};
use super::json::JsonRow;
use super::{Block, Body, Cell, Column, Document, Stream, WarningItem};
use crate::catalog::Lang;
use crate::engine::Totals;
use crate::engine::sweep::{Cliff, Crossing, Point};
use crate::model::money::{Money, exact_key};
use crate::model::tariff::Registry;
use rust_decimal::Decimal;

/// Version of the JSON output of `sweep`.
pub const SCHEMA_VERSION: u32 = 1;

/// What a cliff crosses, in words: `band T1 → T2, uplift threshold (100 members)`.
pub fn crossed(lang: Lang, c: &Cliff) -> String {
    c.crossed
        .iter()
        .map(|x| match x {
            Crossing::Tariff { from, to } => {
                lang.fill("sweep.crossing_tariff", &[("from", from), ("to", to)])
            }
            Crossing::Band { from, to } => {
                lang.fill("sweep.crossing_band", &[("from", from), ("to", to)])
            }
            Crossing::Uplift { threshold } => lang.fill(
                "sweep.crossing_uplift",
                &[("threshold", &threshold.to_string())],
            ),
            Crossing::Palier { from, to } => lang.fill(
                "sweep.crossing_palier",
                &[("from", &from.to_string()), ("to", &to.to_string())],
            ),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The parts of a point's total, in the order of the columns and of a chart's series.
pub fn parts(t: &Totals) -> [Money; 5] {
    let [a, b, c, d, e, _] = amounts(t);
    [*a, *b, *c, *d, *e]
}

/// The parts of a year's total, then the total: its amount columns (a sweep's point, a batch's
/// sums), read where they are.
pub fn amounts(t: &Totals) -> [&Money; 6] {
    [
        &t.fonctionnement,
        &t.fixed,
        &t.variable_earned,
        &t.crisis,
        &t.uplift,
        &t.total,
    ]
}

const PART_KEYS: [&str; 5] = [
    "fonctionnement",
    "fixed",
    "variable_earned",
    "crisis",
    "uplift",
];

/// The stream's columns; widths from what the values can be.
/// `varied` are the varied parameters' names (the keys for programs) and titles (for people).
pub fn stream(
    lang: Lang,
    varied: &[(String, String)],
    widths: &[usize],
    registry: &Registry,
) -> Stream {
    let mut columns: Vec<Column> = varied
        .iter()
        .map(|(n, title)| Column::new(n.clone(), title.clone()).right())
        .collect();
    let mut w: Vec<usize> = widths.to_vec();
    columns.push(Column::new("tariff", lang.t("header.tariff")));
    w.push(
        registry
            .tables()
            .map(|t| t.id.chars().count())
            .max()
            .unwrap_or(0),
    );
    columns.push(Column::new("band", lang.t("header.band")));
    w.push(
        registry
            .tables()
            .flat_map(|t| &t.bands)
            .map(|b| b.id.chars().count())
            .max()
            .unwrap_or(0),
    );
    for column in part_columns(lang) {
        columns.push(column);
        w.push(MONEY_WIDTH);
    }
    columns.push(Column::new("cliff", lang.t("header.cliff")).programs());
    w.push(0);
    columns.push(Column::new("jump", lang.t("header.jump")).right());
    w.push(MONEY_WIDTH);
    Stream {
        key: "points",
        columns,
        widths: w,
    }
}

/// The columns of a year's parts and its total, in order: a sweep's point and a batch's CPTS.
pub fn part_columns(lang: Lang) -> impl Iterator<Item = Column> {
    PART_KEYS
        .iter()
        .chain(&["total"])
        .map(move |key| Column::new(*key, lang.t_of("sweep.header", key)).right())
}

/// Room for an amount up to `999 999,99 €` (a wider one widens its row).
const MONEY_WIDTH: usize = 12;

/// The cells of a point, in the stream's order, into a reused buffer; the varied values that are
/// fractions (`percent`, per axis) are percentages for people.
fn cells<'a>(lang: Lang, p: &Point<'a>, percent: &[bool], out: &mut Vec<Cell<'a>>) {
    out.clear();
    out.extend(
        p.values[..p.dims]
            .iter()
            .enumerate()
            .map(|(i, v)| value(*v, percent.get(i).copied().unwrap_or(false))),
    );
    let table: &'a crate::model::tariff::TariffTable = p.table;
    out.push(Cell::text(table.id.as_str()));
    out.push(Cell::text(table.bands[p.band].id.as_str()));
    out.extend(amounts(&p.totals).map(|m| Cell::Money(*m)));
    out.extend(cliff_cells(lang, p));
}

/// A varied value's cell: a percentage for people when it is a fraction.
fn value<'a>(v: Decimal, percent: bool) -> Cell<'a> {
    if percent {
        Cell::Fraction(v)
    } else {
        Cell::Number(v)
    }
}

/// A point's cliff columns: what it crosses and the jump, or nothing.
fn cliff_cells<'a>(lang: Lang, p: &Point<'_>) -> [Cell<'a>; 2] {
    match &p.cliff {
        None => [Cell::Empty, Cell::Empty],
        Some(c) => [Cell::text(crossed(lang, c)), Cell::SignedMoney(c.jump)],
    }
}

/// A point's cells, kept from one point to the next: a cell is set again only where the point
/// differs from the one before, and `changed` says which, so that a writer can copy the others'
/// text from the row above (a sweep's neighbours mostly share their table, band and most parts).
#[derive(Default)]
pub struct PointCells<'a> {
    /// The cells of the last point set, in the stream's order.
    pub cells: Vec<Cell<'a>>,
    /// Per cell, whether it differs from the point before (every one at the first point).
    pub changed: Vec<bool>,
    /// What the last point's cells were set from.
    seen: Option<Seen<'a>>,
}

/// What a point's cells are set from, each value by its exact representation: equal
/// representations write equal text.
struct Seen<'a> {
    dims: usize,
    values: [u128; 2],
    table: &'a crate::model::tariff::TariffTable,
    band: usize,
    amounts: [u128; 6],
    cliff: bool,
}

impl<'a> PointCells<'a> {
    /// Sets the cells of `p`; the varied values that are fractions (`percent`, per axis) are
    /// percentages for people.
    ///
    /// Each value is compared by its key, computed where it is compared, and the keys kept are
    /// updated in place. A cell that changes is updated in place too: an amount copied into the
    /// cell that holds one, not a new cell built and moved there.
    pub fn set(&mut self, lang: Lang, p: &Point<'a>, percent: &[bool]) {
        let amounts = amounts(&p.totals);
        let Some(seen) = self.seen.as_mut().filter(|s| s.dims == p.dims) else {
            cells(lang, p, percent, &mut self.cells);
            self.changed.clear();
            self.changed.resize(self.cells.len(), true);
            self.seen = Some(Seen {
                dims: p.dims,
                values: p.values.map(exact_key),
                table: p.table,
                band: p.band,
                amounts: amounts.map(|m| exact_key(m.value())),
                cliff: p.cliff.is_some(),
            });
            return;
        };
        let d = p.dims;
        for (i, v) in p.values[..d].iter().enumerate() {
            let key = exact_key(*v);
            self.changed[i] = key != seen.values[i];
            if self.changed[i] {
                seen.values[i] = key;
                match &mut self.cells[i] {
                    Cell::Fraction(cell) | Cell::Number(cell) => *cell = *v,
                    cell => *cell = value(*v, percent.get(i).copied().unwrap_or(false)),
                }
            }
        }
        let place = !std::ptr::eq(p.table, seen.table) || p.band != seen.band;
        self.changed[d] = place;
        self.changed[d + 1] = place;
        if place {
            (seen.table, seen.band) = (p.table, p.band);
            self.cells[d] = Cell::text(p.table.id.as_str());
            self.cells[d + 1] = Cell::text(p.table.bands[p.band].id.as_str());
        }
        for (k, amount) in amounts.into_iter().enumerate() {
            let key = exact_key(amount.value());
            let changed = key != seen.amounts[k];
            self.changed[d + 2 + k] = changed;
            if changed {
                seen.amounts[k] = key;
                match &mut self.cells[d + 2 + k] {
                    Cell::Money(m) => *m = *amount,
                    cell => *cell = Cell::Money(*amount),
                }
            }
        }
        // A cliff is told at its point only: the point after it has none.
        let cliff = p.cliff.is_some() || seen.cliff;
        seen.cliff = p.cliff.is_some();
        let at = d + 2 + amounts.len();
        self.changed[at] = cliff;
        self.changed[at + 1] = cliff;
        if cliff {
            let [what, jump] = cliff_cells(lang, p);
            self.cells[at] = what;
            self.cells[at + 1] = jump;
        }
    }
}

/// A swept value as a JSON number: whole numbers exactly, fractions as the nearest binary
/// number (whose shortest form is the decimal given, for any value with up to 15 digits).
fn number(v: Decimal) -> serde_json::Value {
    match u64::try_from(v) {
        Ok(n) if v.fract().is_zero() => serde_json::Value::from(n),
        _ => nearest_f64(v)
            .or_else(|| f64::try_from(v).ok())
            .map_or(serde_json::Value::Null, serde_json::Value::from),
    }
}

/// The binary number nearest a decimal whose mantissa and power of ten are both exact in an
/// `f64` (below 2^53 and at most 10^22: every swept value): one division, which IEEE 754 rounds
/// correctly, instead of the decimal's own conversion. `None` for any other decimal.
#[inline]
fn nearest_f64(v: Decimal) -> Option<f64> {
    const EXACT: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let m = i64::try_from(v.mantissa())
        .ok()
        .filter(|m| m.unsigned_abs() < 1 << 53)?;
    // An integer below 2^53 converts exactly.
    #[allow(clippy::cast_precision_loss)]
    let m = m as f64;
    EXACT.get(v.scale() as usize).map(|p| m / p)
}

/// A decimal as the nearest binary number, for drawing: one division where [`nearest_f64`] can,
/// the decimal's own conversion elsewhere (the same number: a test proves it), 0 where there is
/// none.
pub fn as_f64(v: Decimal) -> f64 {
    nearest_f64(v)
        .or_else(|| f64::try_from(v).ok())
        .unwrap_or(0.0)
}

/// [`number`], appended as serde_json writes it (itoa for a whole number, zmij — serde_json's own
/// float formatter — for a binary fraction), without serialising a value.
fn write_number(out: &mut String, v: Decimal) {
    // A normalised fraction (every swept value is one): its nearest binary number straight away.
    if v.scale() > 0
        && v.mantissa() % 10 != 0
        && let Some(x) = nearest_f64(v)
    {
        out.push_str(zmij::Buffer::new().format_finite(x));
        return;
    }
    match number(v) {
        serde_json::Value::Number(n) => match (n.as_u64(), n.as_f64()) {
            (Some(whole), _) => out.push_str(itoa::Buffer::new().format(whole)),
            (None, Some(x)) => out.push_str(zmij::Buffer::new().format_finite(x)),
            (None, None) => out.push_str("null"),
        },
        _ => out.push_str("null"),
    }
}

/// The varied parameters' names as a point's JSON keys, `"population":`, escaped once for a
/// sweep rather than at every point.
pub fn json_keys(names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| format!("{}:", serde_json::Value::from(n.as_str())))
        .collect()
}

/// A point's table and band as JSON, `"tariff":"…","band":"…"`.
fn json_place(p: &Point<'_>) -> String {
    format!(
        "{q}tariff{q}:{},{q}band{q}:{}",
        serde_json::Value::from(p.table.id.as_str()),
        serde_json::Value::from(p.table.bands[p.band].id.as_str()),
        q = '\u{22}'
    )
}

/// What a sweep's points write alike, kept from one point to the next: the table and band (the
/// same for every point of a band), and each part's `,"key":"amount"` (the parts an achievement
/// does not move are the same at every point). A sweep writes millions of points.
pub struct JsonShared {
    /// The language of a cliff's words.
    lang: Lang,
    /// The table and band `place` was written for.
    at: Option<(*const crate::model::tariff::TariffTable, usize)>,
    place: String,
    /// Each part's and the total's amount, as its exact representation, and its field.
    amounts: [(u128, String); 6],
}

impl JsonShared {
    /// Nothing written yet, for a sweep worded in `lang`.
    pub fn new(lang: Lang) -> JsonShared {
        JsonShared {
            lang,
            at: None,
            place: String::new(),
            amounts: Default::default(),
        }
    }

    /// The JSON of `point`, its fields written again only where they changed.
    pub fn point<'a>(&'a mut self, keys: &'a [String], point: &'a Point<'a>) -> PointJson<'a> {
        let here = (std::ptr::from_ref(point.table), point.band);
        if self.at != Some(here) {
            self.at = Some(here);
            self.place = json_place(point);
        }
        let amounts = amounts(&point.totals);
        for ((key, amount), (seen, field)) in PART_KEYS
            .iter()
            .chain(&["total"])
            .zip(amounts)
            .zip(&mut self.amounts)
        {
            let exact = exact_key(amount.value());
            if field.is_empty() || *seen != exact {
                *seen = exact;
                field.clear();
                field.push_str(",\u{22}");
                field.push_str(key);
                field.push_str("\u{22}:\u{22}");
                amount.write_plain(field);
                field.push('\u{22}');
            }
        }
        PointJson {
            lang: self.lang,
            keys,
            place: &self.place,
            amounts: &self.amounts,
            point,
        }
    }
}

/// A point as JSON: the varied values as numbers, the table, the band, the parts and the total
/// as money strings, the cliff or null — written by hand, a sweep writes millions, with the
/// bytes serde_json writes (a test compares them). Made by [`JsonShared::point`].
pub struct PointJson<'a> {
    /// The language of a cliff's words.
    lang: Lang,
    /// The varied parameters' keys ([`json_keys`]).
    keys: &'a [String],
    /// The point's table and band.
    place: &'a str,
    /// The parts' and the total's fields.
    amounts: &'a [(u128, String); 6],
    /// The point.
    point: &'a Point<'a>,
}

impl JsonRow for PointJson<'_> {
    fn write_json(&self, out: &mut String) -> std::io::Result<()> {
        let p = self.point;
        let lang = self.lang;
        out.push('{');
        for (key, v) in self.keys.iter().zip(&p.values[..p.dims]) {
            out.push_str(key);
            write_number(out, *v);
            out.push(',');
        }
        out.push_str(self.place);
        for (_, field) in self.amounts {
            out.push_str(field);
        }
        out.push_str(",\u{22}cliff\u{22}:");
        match &p.cliff {
            None => out.push_str("null"),
            Some(c) => out.push_str(&serde_json::to_string(&serde_json::json!({
                "from": number(c.from),
                "to": number(c.to),
                "what": crossed(lang, c),
                "jump": money_plain(c.jump),
            }))?),
        }
        out.push('}');
        Ok(())
    }
}

/// The JSON fields of `sweep` (the schema of what [`document`], [`PointJson`] and [`body`]
/// write).
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct SweepJson {
    /// Name of the CPTS.
    pub scenario: String,
    /// The varied parameters, in the order given.
    pub vary: Vec<String>,
    /// Every point, the last parameter varying fastest.
    pub points: Vec<PointSchema>,
    /// The cliffs met.
    pub cliffs: Vec<CliffJson>,
}

/// One point, as [`PointJson`] writes it.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct PointSchema {
    /// The varied parameters' values, by name.
    #[serde(flatten)]
    pub values: std::collections::BTreeMap<String, f64>,
    /// Tariff version.
    pub tariff: String,
    /// Band.
    pub band: String,
    /// Fonctionnement.
    pub fonctionnement: String,
    /// Volets fixes.
    pub fixed: String,
    /// Volets variables earned.
    pub variable_earned: String,
    /// Crisis mission.
    pub crisis: String,
    /// Uplift.
    pub uplift: String,
    /// Total.
    pub total: String,
    /// The jump from the previous point, when a band, the version or the uplift threshold is
    /// crossed.
    pub cliff: Option<PointCliffSchema>,
}

/// A point's cliff.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct PointCliffSchema {
    /// The value before.
    pub from: f64,
    /// The value at this point.
    pub to: f64,
    /// What was crossed.
    pub what: String,
    /// total − the previous total.
    pub jump: String,
}

/// A cliff met on the way: where, and what it did.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct CliffJson {
    /// The point, `name=value, …`.
    pub at: String,
    /// The value before, on the last axis.
    #[schemars(with = "f64")]
    pub from: serde_json::Value,
    /// What was crossed.
    pub what: String,
    /// total(at) − total(before).
    pub jump: String,
    #[serde(skip)]
    jump_money: Money,
    /// `at` and `from` for people: `measured.sein=70 %`, `65 %`.
    #[serde(skip)]
    people: (String, String),
}

/// A cliff as kept until the end (cliffs are few: one per band, version or threshold crossed).
pub fn cliff(lang: Lang, names: &[String], percent: &[bool], p: &Point<'_>) -> Option<CliffJson> {
    let c = p.cliff.as_ref()?;
    let at = |show: &dyn Fn(Decimal, bool) -> String| {
        names
            .iter()
            .zip(&p.values[..p.dims])
            .zip(percent)
            .map(|((n, v), pct)| format!("{n}={}", show(*v, *pct)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let last = percent
        .get(p.dims.saturating_sub(1))
        .copied()
        .unwrap_or(false);
    Some(CliffJson {
        at: at(&|v, _| v.to_string()),
        from: number(c.from),
        what: crossed(lang, c),
        jump: money_plain(c.jump),
        jump_money: c.jump,
        people: (at(&|v, pct| measure(v, pct)), measure(c.from, last)),
    })
}

/// The document's head: the scenario and what varies.
pub fn document(scenario: &str, names: &[String]) -> Document {
    Document {
        schema_version: SCHEMA_VERSION,
        head: Vec::new(),
        data: serde_json::Map::from_iter([
            ("scenario".to_string(), serde_json::Value::from(scenario)),
            ("vary".to_string(), serde_json::Value::from(names.to_vec())),
        ]),
        body: Body::default(),
    }
}

/// What follows the points: the cliffs, the warnings of the scenario as written.
pub fn body(lang: Lang, cliffs: &[CliffJson], warnings: Vec<WarningItem>) -> Body {
    let block = if cliffs.is_empty() {
        Block::Text(lang.t("sweep.no_cliff").to_string())
    } else {
        Block::List {
            caption: lang.fill("sweep.cliffs", &[("count", &cliffs.len().to_string())]),
            items: cliffs
                .iter()
                .map(|c| {
                    lang.fill(
                        "sweep.cliff",
                        &[
                            ("at", &c.people.0),
                            ("from", &c.people.1),
                            ("what", &c.what),
                            ("jump", &money_signed(c.jump_money)),
                        ],
                    )
                })
                .collect(),
        }
    };
    Body {
        blocks: vec![block],
        data: serde_json::Map::from_iter([(
            "cliffs".to_string(),
            serde_json::to_value(cliffs).unwrap_or_default(),
        )]),
        warnings,
        assumptions: Vec::new(),
    }
}

/// A chart's marker for a cliff: `band T2 → T3: +85 000,00 €`.
pub fn marker(lang: Lang, c: &Cliff) -> String {
    format!(
        "{}{} {}",
        crossed(lang, c),
        lang.colon(),
        money_signed(c.jump)
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// The one division gives the binary number the decimal's own conversion gives, on every
    /// millionth from -1 to 2 and on values of every scale up to 22; what it cannot hold exactly
    /// it leaves to that conversion.
    #[test]
    fn nearest_f64_is_the_decimals_conversion() {
        let mut checked = 0;
        for m in -1_000_000..=2_000_000i64 {
            let v = Decimal::new(m, 6);
            assert_eq!(nearest_f64(v), f64::try_from(v).ok(), "{v}");
            checked += 1;
        }
        for scale in 0..=22u32 {
            for m in [1i64, 7, 123_456_789, (1 << 53) - 1, -987_654_321_012_345] {
                let v = Decimal::new(m, scale);
                assert_eq!(nearest_f64(v), f64::try_from(v).ok(), "{v}");
                checked += 1;
            }
        }
        // Amounts in cents, up to a hundred million euros, either sign.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let cents = (x % 20_000_000_000) as i64 - 10_000_000_000;
            let v = Decimal::new(cents, 2);
            assert_eq!(nearest_f64(v), f64::try_from(v).ok(), "{v}");
            assert_eq!(as_f64(v), f64::try_from(v).unwrap(), "{v}");
            checked += 1;
        }
        assert_eq!(as_f64(Decimal::MAX), f64::try_from(Decimal::MAX).unwrap());
        assert_eq!(checked, 3_000_001 + 23 * 5 + 200_000);
        assert_eq!(nearest_f64(Decimal::new(1 << 53, 3)), None);
        assert_eq!(nearest_f64(Decimal::new(1, 23)), None);
    }

    /// A swept value is written as serde_json writes the number `number` gives.
    #[test]
    fn a_value_is_written_as_serde_json_writes_it() {
        for text in [
            "0.000123",
            "1",
            "0",
            "-2.5",
            "2.0",
            "0.10",
            "1000000",
            "0.3333333333",
        ] {
            let v: Decimal = text.parse().unwrap();
            let mut out = String::new();
            write_number(&mut out, v);
            assert_eq!(out, serde_json::to_string(&number(v)).unwrap(), "{text}");
        }
    }
}
