//! `risk`: for each CPTS the likely total and the spread of its draws (mean, P10, P50, P90),
//! streamed; then the portfolio's spread, the CPTS drawn independently.

use super::format::{money_plain, ratio, ratio_plain};
use super::{Audience, Block, Body, Cell, Column, Document, Stream, Table};
use crate::catalog::Lang;
use crate::engine::risk::Spread;
use crate::model::money::Money;
use serde::Serialize;

/// Version of the JSON output of `risk`.
pub const SCHEMA_VERSION: u32 = 1;

/// Mean and quantiles, money as strings.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SpreadJson {
    /// Mean of the draws.
    pub mean: String,
    /// 10th percentile.
    pub p10: String,
    /// Median.
    pub p50: String,
    /// 90th percentile.
    pub p90: String,
}

fn spread_json(s: &Spread) -> SpreadJson {
    SpreadJson {
        mean: money_plain(s.mean),
        p10: money_plain(s.p10),
        p50: money_plain(s.p50),
        p90: money_plain(s.p90),
    }
}

/// The cash of a civil year: at the likely achievements, and its spread over the draws.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CashJson {
    /// The civil year.
    pub year: i32,
    /// What lands in it at the likely achievements (what `batch --cash` says).
    pub likely: String,
    /// Mean of the draws.
    pub mean: String,
    /// 10th percentile.
    pub p10: String,
    /// Median.
    pub p50: String,
    /// 90th percentile.
    pub p90: String,
}

/// The cash of a civil year asked of `risk`: the year, the likely amount, the draws' spread.
#[derive(Debug, Clone, Copy)]
pub struct Cash<'a> {
    /// The civil year.
    pub year: i32,
    /// At the likely achievements.
    pub likely: Money,
    /// Over the draws.
    pub spread: &'a Spread,
}

fn cash_json(c: &Cash) -> CashJson {
    CashJson {
        year: c.year,
        likely: money_plain(c.likely),
        mean: money_plain(c.spread.mean),
        p10: money_plain(c.spread.p10),
        p50: money_plain(c.spread.p50),
        p90: money_plain(c.spread.p90),
    }
}

/// One CPTS.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RowJson {
    /// Name of the CPTS.
    pub name: String,
    /// Where it was read.
    pub source: String,
    /// Band.
    pub band: String,
    /// The total at the likely achievements (what `simulate` says).
    pub likely: String,
    /// The spread of the contract year's total over the draws.
    pub total: SpreadJson,
    /// The cash of the civil year asked (`--cash YEAR`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cash: Option<CashJson>,
    /// For each indicator with paliers and a ranged measured value, the share of draws whose
    /// best palier was each one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paliers: Vec<PalierOddsJson>,
}

/// The odds of one indicator's paliers.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PalierOddsJson {
    /// Mission id.
    pub mission: String,
    /// The indicator's id (else its name).
    pub indicator: String,
    /// The draws reaching no palier, then each palier as the best, least demanding first.
    pub draws: Vec<u64>,
    /// The same as shares of all draws (fractions to four decimals).
    pub probabilities: Vec<String>,
}

/// The odds of paliers as JSON, out of `draws` draws.
pub fn palier_odds(odds: &[crate::engine::risk::PalierOdds], draws: usize) -> Vec<PalierOddsJson> {
    let of = Money::new(rust_decimal::Decimal::from(draws as u64));
    odds.iter()
        .map(|o| PalierOddsJson {
            mission: o.mission.clone(),
            indicator: o.indicator.clone(),
            draws: o.counts.clone(),
            probabilities: o
                .counts
                .iter()
                .map(|&c| ratio_plain(Money::new(rust_decimal::Decimal::from(c)), of))
                .collect(),
        })
        .collect()
}

/// The odds of paliers in one CSV field: `mission.indicator=p0/p1/…` (no palier first, then
/// each palier; the fractions of JSON's `probabilities`), one per indicator, separated by spaces.
fn odds_field(odds: &[PalierOddsJson]) -> String {
    odds.iter()
        .map(|o| {
            format!(
                "{}.{}={}",
                o.mission,
                o.indicator,
                o.probabilities.join("/")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One row, as cells and as JSON; `odds` are the paliers' counts out of `draws`.
pub fn row(
    name: &str,
    source: &str,
    band: &str,
    likely: Money,
    s: &Spread,
    cash: Option<&Cash>,
    (odds, draws): (&[crate::engine::risk::PalierOdds], usize),
) -> (Vec<Cell<'static>>, RowJson) {
    let paliers = palier_odds(odds, draws);
    let mut cells = vec![
        Cell::text(name.to_string()),
        Cell::text(source.to_string()),
        Cell::text(band.to_string()),
        Cell::Money(likely),
        Cell::Money(s.mean),
        Cell::Money(s.p10),
        Cell::Money(s.p50),
        Cell::Money(s.p90),
    ];
    if let Some(c) = cash {
        cells.extend([
            Cell::Money(c.likely),
            Cell::Money(c.spread.mean),
            Cell::Money(c.spread.p10),
            Cell::Money(c.spread.p50),
            Cell::Money(c.spread.p90),
        ]);
    }
    cells.push(Cell::text(odds_field(&paliers)));
    (
        cells,
        RowJson {
            name: name.to_string(),
            source: source.to_string(),
            band: band.to_string(),
            likely: money_plain(likely),
            total: spread_json(s),
            cash: cash.map(cash_json),
            paliers,
        },
    )
}

/// The stream's columns (with the cash's when asked).
pub fn stream(lang: Lang, cash: bool) -> Stream {
    let money = |k: &'static str| Column::new(k, lang.t_of("risk.header", k)).right();
    let mut columns = vec![
        (Column::new("name", lang.t("header.name")), 28),
        (Column::new("source", lang.t("header.source")).programs(), 0),
        (Column::new("band", lang.t("header.band")), 4),
        (money("likely"), 12),
        (money("mean"), 12),
        (money("p10"), 12),
        (money("p50"), 12),
        (money("p90"), 12),
    ];
    let cash_columns = [
        "cash_likely",
        "cash_mean",
        "cash_p10",
        "cash_p50",
        "cash_p90",
    ]
    .into_iter()
    .map(|k| (money(k), 12));
    columns.extend(cash_columns.filter(|_| cash));
    columns.push((
        Column::new("paliers", lang.t("risk.palier_odds")).programs(),
        0,
    ));
    Stream {
        key: "rows",
        widths: columns.iter().map(|(_, w)| *w).collect(),
        columns: columns.into_iter().map(|(c, _)| c).collect(),
    }
}

/// The document's head: the draws, the seed, and the civil year whose cash is drawn.
pub fn document(
    lang: Lang,
    draws: usize,
    seed: u64,
    cash_year: Option<i32>,
    spread: Option<rust_decimal::Decimal>,
) -> Document {
    let mut head = vec![super::Head::Line(lang.fill(
        "risk.title",
        &[("draws", &draws.to_string()), ("seed", &seed.to_string())],
    ))];
    let mut data = serde_json::Map::from_iter([
        ("draws".to_string(), serde_json::Value::from(draws)),
        ("seed".to_string(), serde_json::Value::from(seed)),
    ]);
    if let Some(year) = cash_year {
        head.push(super::Head::Line(
            lang.fill("risk.cash", &[("year", &year.to_string())]),
        ));
        data.insert("cash_year".to_string(), serde_json::Value::from(year));
    }
    if let Some(points) = spread {
        head.push(super::Head::Line(lang.fill(
            "risk.spread",
            &[(
                "spread",
                &super::format::people(
                    lang,
                    &super::Cell::Number(points * rust_decimal::Decimal::ONE_HUNDRED),
                ),
            )],
        )));
        data.insert(
            "spread".to_string(),
            serde_json::Value::from(points.normalize().to_string()),
        );
    }
    Document {
        schema_version: SCHEMA_VERSION,
        head,
        data,
        body: Body::default(),
    }
}

/// The portfolio.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PortfolioJson {
    /// CPTS drawn.
    pub count: u64,
    /// Of them, those with a range (the others are certain at their given achievements, and
    /// add nothing to the spread).
    pub uncertain: u64,
    /// Inputs left out (see `errors`).
    pub left_out: u64,
    /// The sum of the likely totals.
    pub likely: String,
    /// The spread of the portfolio's total, the CPTS drawn independently.
    pub total: SpreadJson,
    /// The portfolio's cash of the civil year asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cash: Option<CashJson>,
}

/// The JSON fields of `risk` (the schema of what the stream and [`body`] write).
#[derive(Serialize, schemars::JsonSchema)]
pub struct RiskJson {
    /// Draws per CPTS.
    pub draws: usize,
    /// The seed.
    pub seed: u64,
    /// The civil year whose cash is drawn (`--cash YEAR`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cash_year: Option<i32>,
    /// One per CPTS.
    pub rows: Vec<RowJson>,
    /// The portfolio.
    pub portfolio: PortfolioJson,
    /// Inputs left out.
    pub errors: Vec<super::batch::ErrorJson>,
}

/// For people, the odds of each palier of each CPTS's ranged measured values (JSON has them in
/// each row): "aucun palier 13,03 % · palier 1 59,19 % · …".
fn odds_table(
    lang: Lang,
    odds: &[(String, Vec<crate::engine::risk::PalierOdds>)],
    draws: usize,
) -> Table {
    let mut table = Table::new(vec![
        Column::new("name", lang.t("header.name")),
        Column::new("indicator", lang.t("levers.indicator")),
        Column::new("odds", lang.t("risk.palier_odds")),
    ])
    .caption(lang.t("risk.palier_odds_caption"))
    .only(Audience::People);
    let of = Money::new(rust_decimal::Decimal::from(draws as u64));
    for (name, list) in odds {
        for o in list {
            let text = o
                .counts
                .iter()
                .enumerate()
                .map(|(n, &c)| {
                    let share = ratio(Money::new(rust_decimal::Decimal::from(c)), of);
                    match n {
                        0 => lang.fill("risk.no_palier_share", &[("share", &share)]),
                        n => lang.fill(
                            "risk.palier_share",
                            &[("n", &n.to_string()), ("share", &share)],
                        ),
                    }
                })
                .collect::<Vec<_>>()
                .join(" · ");
            table.row(vec![
                Cell::text(name.clone()),
                Cell::text(o.indicator.clone()),
                Cell::text(text),
            ]);
        }
    }
    table
}

/// What follows the rows: the odds of paliers (for people; with the number of draws), the
/// portfolio's spread and the errors.
pub fn body(
    lang: Lang,
    (count, uncertain, left_out): (u64, u64, u64),
    likely: Money,
    s: &Spread,
    cash: Option<&Cash>,
    errors: &[super::batch::ErrorJson],
    (odds, draws): (&[(String, Vec<crate::engine::risk::PalierOdds>)], usize),
) -> Body {
    let json = PortfolioJson {
        count,
        uncertain,
        left_out,
        likely: money_plain(likely),
        total: spread_json(s),
        cash: cash.map(cash_json),
    };
    let mut blocks = Vec::new();
    if !odds.is_empty() {
        blocks.push(Block::Table(odds_table(lang, odds, draws)));
    }
    blocks.push(Block::Text(lang.fill(
        "risk.portfolio",
        &[
            ("count", &count.to_string()),
            ("left_out", &left_out.to_string()),
            ("likely", &super::format::money(likely)),
            ("mean", &super::format::money(s.mean)),
            ("p10", &super::format::money(s.p10)),
            ("p50", &super::format::money(s.p50)),
            ("p90", &super::format::money(s.p90)),
        ],
    )));
    if uncertain < count {
        blocks.push(Block::Text(lang.fill(
            "risk.certain_cpts",
            &[
                ("uncertain", &uncertain.to_string()),
                ("count", &count.to_string()),
                ("certain", &(count - uncertain).to_string()),
            ],
        )));
    }
    if let Some(c) = cash {
        blocks.push(Block::Text(lang.fill(
            "risk.portfolio_cash",
            &[
                ("year", &c.year.to_string()),
                ("likely", &super::format::money(c.likely)),
                ("mean", &super::format::money(c.spread.mean)),
                ("p10", &super::format::money(c.spread.p10)),
                ("p50", &super::format::money(c.spread.p50)),
                ("p90", &super::format::money(c.spread.p90)),
            ],
        )));
    }
    Body {
        blocks,
        data: serde_json::Map::from_iter([
            (
                "portfolio".to_string(),
                serde_json::to_value(&json).unwrap_or_default(),
            ),
            (
                "errors".to_string(),
                serde_json::to_value(errors).unwrap_or_default(),
            ),
        ]),
        warnings: Vec::new(),
        assumptions: Vec::new(),
    }
}
