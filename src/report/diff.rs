//! `tariffs diff`: what changed from one table to another, line by line and band by band.

use super::format::evidence_word;
use super::format::money_plain;
use super::json::fields;
use super::{Block, Body, Cell, Column, Document, Head, Table};
use crate::catalog::Lang;
use crate::engine::diff::{DiffRow, Status, TableDiff};
use crate::model::tariff::Amount;
use serde::Serialize;

/// The JSON fields of `tariffs diff`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DiffJson {
    /// The old table's id.
    pub old: String,
    /// The new table's id.
    pub new: String,
    /// The rows shown.
    pub rows: Vec<RowJson>,
    /// Notices added or removed.
    pub notices: Vec<NoticeChangeJson>,
}

/// A notice only one table has.
#[derive(Serialize, schemars::JsonSchema)]
pub struct NoticeChangeJson {
    /// `added` or `removed`.
    pub status: &'static str,
    /// The notice.
    #[serde(flatten)]
    pub notice: super::tariffs::NoticeJson,
}

/// One line of one band.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RowJson {
    /// Stable line key.
    pub line: String,
    /// Label.
    pub label: String,
    /// Band.
    pub band: String,
    /// `unchanged`, `evidence_changed`, `changed`, `added` or `removed`.
    pub status: &'static str,
    /// The old amount.
    pub old: Option<AmountJson>,
    /// The new amount.
    pub new: Option<AmountJson>,
    /// new − old.
    pub difference: Option<String>,
}

/// An amount with its evidence.
#[derive(Serialize, schemars::JsonSchema)]
pub struct AmountJson {
    /// Euros.
    pub amount: String,
    /// Evidence.
    pub evidence: &'static str,
    /// Source key.
    pub source: Option<String>,
}

fn amount_json(a: &Option<Amount>) -> Option<AmountJson> {
    a.as_ref().map(|a| AmountJson {
        amount: money_plain(a.value),
        evidence: a.evidence.as_str(),
        source: a.source.clone(),
    })
}

fn evidence(lang: Lang, row: &DiffRow) -> String {
    match (&row.old, &row.new) {
        (Some(o), Some(n)) if o.evidence != n.evidence => {
            format!(
                "{} → {}",
                evidence_word(lang, o.evidence),
                evidence_word(lang, n.evidence)
            )
        }
        (_, Some(a)) | (Some(a), None) => evidence_word(lang, a.evidence).to_string(),
        (None, None) => String::new(),
    }
}

fn summary(lang: Lang, d: &TableDiff, rows: &[&DiffRow]) -> String {
    let n = |s: Status| rows.iter().filter(|r| r.status == s).count().to_string();
    let mut out = lang.fill(
        "diff.summary",
        &[
            ("changed", &n(Status::Changed)),
            ("added", &n(Status::Added)),
            ("removed", &n(Status::Removed)),
            ("evidence", &n(Status::EvidenceChanged)),
        ],
    );
    if rows.is_empty() {
        out.push_str(&lang.fill("diff.none", &[("old", &d.old), ("new", &d.new)]));
    }
    out
}

/// The document of `tariffs diff`; `rows` are the rows to show (filtered by the caller).
pub fn document(lang: Lang, d: &TableDiff, rows: &[&DiffRow]) -> Document {
    let mut table = Table::new(vec![
        Column::new("line", lang.t("header.line")).programs(),
        Column::new("label", lang.t("header.line")),
        Column::new("band", lang.t("header.band")),
        Column::new("status", lang.t("header.change")).programs(),
        Column::new("old", lang.t("header.old")).right(),
        Column::new("new", lang.t("header.new")).right(),
        Column::new("difference", lang.t("header.difference")).right(),
        Column::new("evidence", lang.t("header.evidence")).people(),
        Column::new("change", lang.t("header.change")).people(),
        Column::new("old_evidence", lang.t("header.old_evidence")).programs(),
        Column::new("new_evidence", lang.t("header.new_evidence")).programs(),
    ]);
    let ev = |a: &Option<Amount>| {
        a.as_ref()
            .map_or(Cell::Empty, |a| Cell::Evidence(a.evidence))
    };
    for r in rows {
        let status = Cell::Coded {
            code: r.status.as_str().into(),
            word: lang.t_of("diff.status", r.status.as_str()).into(),
        };
        table.row(vec![
            Cell::text(r.key.clone()),
            Cell::text(r.label.clone()),
            Cell::text(r.band.clone()),
            status.clone(),
            Cell::MaybeMoney(r.old.as_ref().map(|a| a.value)),
            Cell::MaybeMoney(r.new.as_ref().map(|a| a.value)),
            r.difference.map_or(Cell::Empty, Cell::SignedMoney),
            Cell::text(evidence(lang, r)),
            status,
            ev(&r.old),
            ev(&r.new),
        ]);
    }
    let json = DiffJson {
        old: d.old.clone(),
        new: d.new.clone(),
        rows: rows
            .iter()
            .map(|r| RowJson {
                line: r.key.clone(),
                label: r.label.clone(),
                band: r.band.clone(),
                status: r.status.as_str(),
                old: amount_json(&r.old),
                new: amount_json(&r.new),
                difference: r.difference.map(money_plain),
            })
            .collect(),
        notices: d
            .notices
            .iter()
            .map(|(added, n)| NoticeChangeJson {
                status: if *added { "added" } else { "removed" },
                notice: super::tariffs::notice_json(n),
            })
            .collect(),
    };
    let mut blocks = vec![Block::Table(table), Block::Text(summary(lang, d, rows))];
    if !d.notices.is_empty() {
        blocks.push(Block::List {
            caption: lang.t("tariffs.notices").to_string(),
            items: d
                .notices
                .iter()
                .map(|(added, n)| {
                    let status = if *added { "added" } else { "removed" };
                    format!(
                        "{}: {}",
                        lang.t_of("diff.status", status),
                        super::tariffs::notice_words(lang, n)
                    )
                })
                .collect(),
        });
    }
    Document {
        schema_version: 1,
        head: vec![Head::Title(format!("{} → {}", d.old, d.new))],
        data: fields(&json),
        body: Body {
            blocks,
            ..Body::default()
        },
    }
}
