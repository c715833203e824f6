//! `levers`: where the next euro is — each indicator's next step, what it needs in the
//! indicator's own unit and what it brings, most euros first, then what the year could still
//! bring.

use super::format::{decimal_plain, measure, money, money_plain, percent};
use super::json::fields;
use super::{Audience, Block, Body, Cell, Column, Document, Row, Table, warnings};
use crate::catalog::Lang;
use crate::engine::levers::{Levers, Needs};
use rust_decimal::Decimal;
use serde::Serialize;

/// The JSON fields of `levers`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct LeversJson {
    /// Name of the CPTS.
    pub scenario: String,
    /// The contract year.
    pub contract_year: u32,
    /// The year's total as it stands.
    pub total: String,
    /// Every step that brings something, most euros first.
    pub levers: Vec<LeverJson>,
    /// What the year would bring more with every indicator at its best.
    pub reachable: String,
}

/// One lever.
#[derive(Serialize, schemars::JsonSchema)]
pub struct LeverJson {
    /// Mission id.
    pub mission: String,
    /// The indicator's name.
    pub indicator: String,
    /// The indicator's id, when the file gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What its next step needs.
    pub needs: NeedsJson,
    /// What that step brings to the year's total.
    pub gain: String,
}

/// What a step needs: `met` (an item), `value` (a measured value `from` → `to`, `unit`
/// `percent` with fractions or `number`), `achievement` (`from` → 1).
#[derive(Serialize, schemars::JsonSchema)]
pub struct NeedsJson {
    /// `met`, `value` or `achievement`.
    pub kind: &'static str,
    /// The value now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The value needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `percent` or `number` for a measured value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'static str>,
}

/// A signed difference for people: `+1,2`, `−37`.
fn signed(d: Decimal) -> String {
    let shown = measure(d.abs(), false);
    if d.is_sign_negative() {
        format!("−{shown}")
    } else {
        format!("+{shown}")
    }
}

/// What a step needs, for people: "+1,2 point (71,2 % → 72,4 %)", "−37 (87 → 50)", "to be met".
pub fn needs_text(lang: Lang, n: &Needs) -> String {
    match n {
        Needs::Met => lang.t("levers.needs_met").to_string(),
        Needs::Value { from, to, percent } => {
            let range = format!("{} → {}", measure(*from, *percent), measure(*to, *percent));
            if *percent {
                let points = (*to - *from) * Decimal::ONE_HUNDRED;
                lang.fill(
                    "levers.needs_points",
                    &[("delta", &signed(points)), ("range", &range)],
                )
            } else {
                lang.fill(
                    "levers.needs_value",
                    &[("delta", &signed(*to - *from)), ("range", &range)],
                )
            }
        }
        Needs::Achievement { from } => lang.fill(
            "levers.needs_achievement",
            &[("from", &percent(*from)), ("to", &percent(Decimal::ONE))],
        ),
    }
}

fn needs_json(n: &Needs) -> NeedsJson {
    match n {
        Needs::Met => NeedsJson {
            kind: "met",
            from: None,
            to: None,
            unit: None,
        },
        Needs::Value { from, to, percent } => NeedsJson {
            kind: "value",
            from: Some(decimal_plain(*from)),
            to: Some(decimal_plain(*to)),
            unit: Some(if *percent { "percent" } else { "number" }),
        },
        Needs::Achievement { from } => NeedsJson {
            kind: "achievement",
            from: Some(decimal_plain(*from)),
            to: Some("1".into()),
            unit: None,
        },
    }
}

/// The document of `levers`.
pub fn document(lang: Lang, l: &Levers) -> Document {
    let sim = &l.simulation;
    let json = LeversJson {
        scenario: sim.scenario.clone(),
        contract_year: sim.contract_year.number,
        total: money_plain(sim.totals.total),
        levers: l
            .levers
            .iter()
            .map(|v| LeverJson {
                mission: v.mission.clone(),
                indicator: v.indicator.clone(),
                id: v.id.clone(),
                needs: needs_json(&v.needs),
                gain: money_plain(v.gain),
            })
            .collect(),
        reachable: money_plain(l.reachable),
    };
    let mut table = Table::new(vec![
        Column::new("mission", lang.t("header.mission")).programs(),
        Column::new("label", lang.t("header.mission")),
        Column::new("indicator", lang.t("levers.indicator")),
        Column::new("needs", lang.t("levers.needs")),
        Column::new("gain", lang.t("levers.gain")).right(),
    ])
    .caption(lang.fill("levers.caption", &[("total", &money(sim.totals.total))]));
    for v in &l.levers {
        table.row(vec![
            Cell::text(v.mission.clone()),
            Cell::text(v.label.clone()),
            Cell::text(v.indicator.clone()),
            Cell::text(needs_text(lang, &v.needs)),
            Cell::Money(v.gain),
        ]);
    }
    table.rows.push(Row {
        cells: vec![
            Cell::Empty,
            Cell::text(lang.t("levers.reachable")),
            Cell::Empty,
            Cell::Empty,
            Cell::Money(l.reachable),
        ],
        audience: Audience::All,
        strong: true,
    });
    Document {
        schema_version: 1,
        head: super::simulation::head(lang, sim),
        data: fields(&json),
        body: Body {
            blocks: vec![Block::Table(table)],
            warnings: warnings::items(lang, &sim.warnings, None),
            ..Body::default()
        },
    }
}
