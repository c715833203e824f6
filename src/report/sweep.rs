//! `sweep`: the totals at every point, streamed, then the cliffs and the warnings.

use super::format::{measure, money_plain, money_signed};
use super::json::JsonRow;
use super::{Block, Body, Cell, Column, Document, Stream, WarningItem};
use crate::catalog::{fill, t, t_of};
use crate::engine::Totals;
use crate::engine::sweep::{Cliff, Crossing, Point};
use crate::model::money::Money;
use crate::model::tariff::Registry;
use rust_decimal::Decimal;

/// Version of the JSON output of `sweep`.
pub const SCHEMA_VERSION: u32 = 1;

/// What a cliff crosses, in words: `band T1 → T2, uplift threshold (100 members)`.
pub fn crossed(c: &Cliff) -> String {
    c.crossed
        .iter()
        .map(|x| match x {
            Crossing::Tariff { from, to } => {
                fill("sweep.crossing_tariff", &[("from", from), ("to", to)])
            }
            Crossing::Band { from, to } => {
                fill("sweep.crossing_band", &[("from", from), ("to", to)])
            }
            Crossing::Uplift { threshold } => fill(
                "sweep.crossing_uplift",
                &[("threshold", &threshold.to_string())],
            ),
            Crossing::Palier { from, to } => fill(
                "sweep.crossing_palier",
                &[("from", &from.to_string()), ("to", &to.to_string())],
            ),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The parts of a point's total, in the order of the columns and of a chart's series.
pub fn parts(t: &Totals) -> [Money; 5] {
    [
        t.fonctionnement,
        t.fixed,
        t.variable_earned,
        t.crisis,
        t.uplift,
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
pub fn stream(varied: &[(String, String)], widths: &[usize], registry: &Registry) -> Stream {
    let mut columns: Vec<Column> = varied
        .iter()
        .map(|(n, title)| Column::new(n.clone(), title.clone()).right())
        .collect();
    let mut w: Vec<usize> = widths.to_vec();
    columns.push(Column::new("tariff", t("header.tariff")));
    w.push(
        registry
            .tables()
            .map(|t| t.id.chars().count())
            .max()
            .unwrap_or(0),
    );
    columns.push(Column::new("band", t("header.band")));
    w.push(
        registry
            .tables()
            .flat_map(|t| &t.bands)
            .map(|b| b.id.chars().count())
            .max()
            .unwrap_or(0),
    );
    for key in PART_KEYS.iter().chain(&["total"]) {
        columns.push(Column::new(*key, t_of("sweep.header", key)).right());
        w.push(MONEY_WIDTH);
    }
    columns.push(Column::new("cliff", t("header.cliff")).programs());
    w.push(0);
    columns.push(Column::new("jump", t("header.jump")).right());
    w.push(MONEY_WIDTH);
    Stream {
        key: "points",
        columns,
        widths: w,
    }
}

/// Room for an amount up to `999 999,99 €` (a wider one widens its row).
const MONEY_WIDTH: usize = 12;

/// The cells of a point, in the stream's order, into a reused buffer; the varied values that are
/// fractions (`percent`, per axis) are percentages for people.
pub fn cells<'a>(p: &Point<'a>, percent: &[bool], out: &mut Vec<Cell<'a>>) {
    out.clear();
    out.extend(p.values[..p.dims].iter().zip(percent).map(|(v, pct)| {
        if *pct {
            Cell::Fraction(*v)
        } else {
            Cell::Number(*v)
        }
    }));
    let table: &'a crate::model::tariff::TariffTable = p.table;
    out.push(Cell::text(table.id.as_str()));
    out.push(Cell::text(table.bands[p.band].id.as_str()));
    out.extend(parts(&p.totals).into_iter().map(Cell::Money));
    out.push(Cell::Money(p.totals.total));
    match &p.cliff {
        None => {
            out.push(Cell::Empty);
            out.push(Cell::Empty);
        }
        Some(c) => {
            out.push(Cell::text(crossed(c)));
            out.push(Cell::SignedMoney(c.jump));
        }
    }
}

/// A swept value as a JSON number: whole numbers exactly, fractions as the nearest binary
/// number (whose shortest form is the decimal given, for any value with up to 15 digits).
fn number(v: Decimal) -> serde_json::Value {
    match u64::try_from(v) {
        Ok(n) if v.fract().is_zero() => serde_json::Value::from(n),
        _ => f64::try_from(v).map_or(serde_json::Value::Null, serde_json::Value::from),
    }
}

/// [`number`], appended as serde_json writes it (itoa for a whole number, zmij — serde_json's own
/// float formatter — for a binary fraction), without serialising a value.
fn write_number(out: &mut String, v: Decimal) {
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

/// A point's table and band as JSON, `"tariff":"…","band":"…"`: the same for every point of a
/// band, so a sweep writes it once a band.
pub fn json_place(p: &Point<'_>) -> String {
    format!(
        "{q}tariff{q}:{},{q}band{q}:{}",
        serde_json::Value::from(p.table.id.as_str()),
        serde_json::Value::from(p.table.bands[p.band].id.as_str()),
        q = '\u{22}'
    )
}

/// A point as JSON: the varied values as numbers, the table, the band, the parts and the total
/// as money strings, the cliff or null — written by hand, a sweep writes millions, with the
/// bytes serde_json writes (a test compares them).
pub struct PointJson<'a> {
    /// The varied parameters' keys ([`json_keys`]).
    pub keys: &'a [String],
    /// The point's table and band ([`json_place`]).
    pub place: &'a str,
    /// The point.
    pub point: &'a Point<'a>,
}

impl JsonRow for PointJson<'_> {
    fn write_json(&self, out: &mut String) -> std::io::Result<()> {
        let p = self.point;
        out.push('{');
        for (key, v) in self.keys.iter().zip(&p.values[..p.dims]) {
            out.push_str(key);
            write_number(out, *v);
            out.push(',');
        }
        out.push_str(self.place);
        for (key, amount) in PART_KEYS
            .iter()
            .chain(&["total"])
            .zip(parts(&p.totals).into_iter().chain([p.totals.total]))
        {
            out.push_str(",\u{22}");
            out.push_str(key);
            out.push_str("\u{22}:\u{22}");
            amount.write_plain(out);
            out.push('\u{22}');
        }
        out.push_str(",\u{22}cliff\u{22}:");
        match &p.cliff {
            None => out.push_str("null"),
            Some(c) => out.push_str(&serde_json::to_string(&serde_json::json!({
                "from": number(c.from),
                "to": number(c.to),
                "what": crossed(c),
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
pub fn cliff(names: &[String], percent: &[bool], p: &Point<'_>) -> Option<CliffJson> {
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
        what: crossed(c),
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
pub fn body(cliffs: &[CliffJson], warnings: Vec<WarningItem>) -> Body {
    let block = if cliffs.is_empty() {
        Block::Text(t("sweep.no_cliff").to_string())
    } else {
        Block::List {
            caption: fill("sweep.cliffs", &[("count", &cliffs.len().to_string())]),
            items: cliffs
                .iter()
                .map(|c| {
                    fill(
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
pub fn marker(c: &Cliff) -> String {
    format!(
        "{}{} {}",
        crossed(c),
        crate::catalog::colon(),
        money_signed(c.jump)
    )
}
