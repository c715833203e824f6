//! `tariffs list` and `tariffs show`: the shipped versions, and every amount of one with its
//! evidence and source.

use super::format::{date, date_iso, decimal_plain, evidence_word, money, money_plain, percent};
use super::json::fields;
use super::{Audience, Block, Body, Cell, Column, Document, Head, Table};
use crate::catalog::Lang;
use crate::model::tariff::{Band, Evidence, FirstYear, Notice, TariffTable};
use serde::Serialize;
use std::collections::BTreeMap;

fn in_force(lang: Lang, t: &TariffTable) -> String {
    match t.in_force_to {
        Some(to) => format!("{} → {}", date(lang, t.in_force_from), date(lang, to)),
        None => lang.fill("tariffs.open", &[("from", &date(lang, t.in_force_from))]),
    }
}

fn evidence_counts(t: &TariffTable) -> Vec<(Evidence, usize)> {
    let mut counts: BTreeMap<Evidence, usize> = BTreeMap::new();
    for line in t.lines() {
        for a in &line.amounts.0 {
            *counts.entry(a.evidence).or_default() += 1;
        }
    }
    if let Some(u) = &t.uplift {
        *counts.entry(u.evidence).or_default() += 1;
    }
    counts.into_iter().collect()
}

/// One version in `tariffs list`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ListItemJson {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Legal reference.
    pub legal_reference: String,
    /// First day in force.
    pub in_force_from: String,
    /// Last day in force.
    pub in_force_to: Option<String>,
    /// When its figures were last checked.
    pub checked_on: String,
    /// Band ids.
    pub bands: Vec<String>,
    /// Mission ids.
    pub missions: Vec<String>,
    /// How many amounts rest on each evidence level.
    pub evidence: BTreeMap<&'static str, usize>,
}

/// The JSON fields of `tariffs list`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ListJson {
    /// The versions, in the order of their entry into force.
    pub tables: Vec<ListItemJson>,
}

/// The document of `tariffs list`.
pub fn list(lang: Lang, tables: &[&TariffTable]) -> Document {
    let mut table = Table::new(vec![
        Column::new("id", lang.t("header.id")),
        Column::new("title", lang.t("header.title")),
        Column::new("in_force", lang.t("header.in_force")),
        Column::new("checked_on", lang.t("header.checked_on")),
        Column::new("bands", lang.t("header.bands")),
        Column::new("missions", lang.t("header.missions")),
        Column::new("evidence", lang.t("header.evidence_counts")),
    ]);
    for tt in tables {
        table.row(vec![
            Cell::text(tt.id.clone()),
            Cell::text(tt.title.clone()),
            Cell::text(in_force(lang, tt)),
            Cell::Date(tt.checked_on),
            Cell::Count(tt.bands.len() as u64),
            Cell::Count(tt.missions.len() as u64),
            Cell::text(
                evidence_counts(tt)
                    .iter()
                    .map(|(e, n)| format!("{} {n}", evidence_word(lang, *e)))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]);
    }
    let json = ListJson {
        tables: tables
            .iter()
            .map(|tt| ListItemJson {
                id: tt.id.clone(),
                title: tt.title.clone(),
                legal_reference: tt.legal_reference.clone(),
                in_force_from: date_iso(tt.in_force_from),
                in_force_to: tt.in_force_to.map(date_iso),
                checked_on: date_iso(tt.checked_on),
                bands: tt.bands.iter().map(|b| b.id.clone()).collect(),
                missions: tt.missions.iter().map(|m| m.id.clone()).collect(),
                evidence: evidence_counts(tt)
                    .into_iter()
                    .map(|(e, n)| (e.as_str(), n))
                    .collect(),
            })
            .collect(),
    };
    Document {
        schema_version: 1,
        head: Vec::new(),
        data: fields(&json),
        body: Body {
            blocks: vec![Block::Table(table)],
            ..Body::default()
        },
    }
}

/// The JSON fields of `tariffs show`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ShowJson {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Legal reference.
    pub legal_reference: String,
    /// Signature of the text.
    pub signed: Option<String>,
    /// First day in force.
    pub in_force_from: String,
    /// Last day in force.
    pub in_force_to: Option<String>,
    /// When its figures were last checked.
    pub checked_on: String,
    /// Rounding policy.
    pub rounding: &'static str,
    /// How the table was built.
    pub note: Option<String>,
    /// Bands.
    pub bands: Vec<BandJson>,
    /// Every amount, line by line, band by band.
    pub lines: Vec<LineJson>,
    /// Missions.
    pub missions: Vec<MissionJson>,
    /// The uplift rule.
    pub uplift: Option<UpliftJson>,
    /// When money is paid.
    pub payments: Option<PaymentsJson>,
    /// Dated facts that change no amount.
    pub notices: Vec<NoticeJson>,
    /// Source key → citation.
    pub sources: BTreeMap<String, String>,
}

/// When money is paid.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PaymentsJson {
    /// Fonctionnement of contract year 1: `in_full_at_signature` or `like_volets_fixes`.
    pub fonctionnement_first_year: &'static str,
    /// Share of a volet fixe advanced.
    pub fixed_advance: String,
    /// Months after the anniversary that the volet variable is paid.
    pub variable_delay_months: u32,
    /// Evidence.
    pub evidence: &'static str,
    /// Source key.
    pub source: Option<String>,
}

/// A band.
#[derive(Serialize, schemars::JsonSchema)]
pub struct BandJson {
    /// Id.
    pub id: String,
    /// Words.
    pub label: String,
    /// Smallest population.
    pub min: u64,
    /// Largest population.
    pub max: Option<u64>,
}

/// A line of the table.
#[derive(Serialize, schemars::JsonSchema)]
pub struct LineJson {
    /// Stable key.
    pub key: String,
    /// Label.
    pub label: String,
    /// Amount per band id.
    pub amounts: BTreeMap<String, AmountJson>,
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
    /// How it was obtained.
    pub note: Option<String>,
}

/// A mission.
#[derive(Serialize, schemars::JsonSchema)]
pub struct MissionJson {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Mandatory.
    pub socle: bool,
    /// Deadline to start, in months.
    pub start_within_months: Option<u32>,
    /// Deadline to deploy, in months.
    pub deployed_within_months: Option<u32>,
    /// When a later text created it.
    pub introduced_on: Option<String>,
}

/// The uplift rule.
#[derive(Serialize, schemars::JsonSchema)]
pub struct UpliftJson {
    /// Label.
    pub label: String,
    /// Raised above this many members.
    pub members_above: u64,
    /// Rate.
    pub rate: String,
    /// Base.
    pub base: &'static str,
    /// Evidence.
    pub evidence: &'static str,
    /// Source key.
    pub source: Option<String>,
}

fn show_json(t: &TariffTable) -> ShowJson {
    ShowJson {
        id: t.id.clone(),
        title: t.title.clone(),
        legal_reference: t.legal_reference.clone(),
        signed: t.signed.map(date_iso),
        in_force_from: date_iso(t.in_force_from),
        in_force_to: t.in_force_to.map(date_iso),
        checked_on: date_iso(t.checked_on),
        rounding: t.rounding.id(),
        note: t.note.clone(),
        bands: t
            .bands
            .iter()
            .map(|b| BandJson {
                id: b.id.clone(),
                label: b.label.clone(),
                min: b.min,
                max: b.max,
            })
            .collect(),
        lines: t
            .lines()
            .iter()
            .map(|l| LineJson {
                key: l.key(),
                label: l.label(t),
                amounts: t
                    .bands
                    .iter()
                    .zip(&l.amounts.0)
                    .map(|(b, a)| {
                        (
                            b.id.clone(),
                            AmountJson {
                                amount: money_plain(a.value),
                                evidence: a.evidence.as_str(),
                                source: a.source.clone(),
                                note: a.note.clone(),
                            },
                        )
                    })
                    .collect(),
            })
            .collect(),
        missions: t
            .missions
            .iter()
            .map(|m| MissionJson {
                id: m.id.clone(),
                label: m.label.clone(),
                socle: m.socle,
                start_within_months: m.start_within_months,
                deployed_within_months: m.deployed_within_months,
                introduced_on: m.introduced_on.map(date_iso),
            })
            .collect(),
        uplift: t.uplift.as_ref().map(|u| UpliftJson {
            label: u.label.clone(),
            members_above: u.members_above,
            rate: decimal_plain(u.rate),
            base: u.base.as_str(),
            evidence: u.evidence.as_str(),
            source: u.source.clone(),
        }),
        payments: t.payments.as_ref().map(|p| PaymentsJson {
            fonctionnement_first_year: match p.fonctionnement_first_year {
                FirstYear::InFullAtSignature => "in_full_at_signature",
                FirstYear::LikeVoletsFixes => "like_volets_fixes",
            },
            fixed_advance: decimal_plain(p.fixed_advance),
            variable_delay_months: p.variable_delay_months,
            evidence: p.evidence.as_str(),
            source: p.source.clone(),
        }),
        notices: t.notices.iter().map(notice_json).collect(),
        sources: t.sources.value().clone(),
    }
}

/// A dated notice.
#[derive(Serialize, schemars::JsonSchema)]
pub struct NoticeJson {
    /// First day it concerns.
    pub from: String,
    /// What the user must know.
    pub text: String,
    /// The same in French, when the table gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_fr: Option<String>,
    /// Source key.
    pub source: Option<String>,
}

/// A notice as JSON.
pub fn notice_json(n: &Notice) -> NoticeJson {
    NoticeJson {
        from: date_iso(n.from),
        text: n.text.clone(),
        text_fr: n.text_fr.clone(),
        source: n.source.clone(),
    }
}

/// A notice's text in the reader's language (French when the table gives it).
pub fn notice_text(lang: Lang, n: &Notice) -> &str {
    match (lang, &n.text_fr) {
        (crate::catalog::Lang::Fr, Some(fr)) => fr,
        _ => &n.text,
    }
}

/// A notice for people: `from 2026-07-01: … (source lfss-2026)`.
pub fn notice_words(lang: Lang, n: &Notice) -> String {
    lang.fill(
        "tariffs.notice",
        &[
            ("from", &date(lang, n.from)),
            ("text", notice_text(lang, n)),
            ("source", &source_suffix(lang, n.source.as_ref())),
        ],
    )
}

fn source_suffix(lang: Lang, source: Option<&String>) -> String {
    source
        .map(|s| lang.fill("tariffs.source_suffix", &[("source", s)]))
        .unwrap_or_default()
}

fn payments_text(lang: Lang, table: &TariffTable) -> String {
    let Some(p) = &table.payments else {
        return lang.t("tariffs.no_payments").to_string();
    };
    lang.fill(
        "tariffs.payments",
        &[
            (
                "first",
                match p.fonctionnement_first_year {
                    FirstYear::InFullAtSignature => lang.t("tariffs.first_year_in_full"),
                    FirstYear::LikeVoletsFixes => "",
                },
            ),
            ("advance", &percent(p.fixed_advance)),
            ("months", &p.variable_delay_months.to_string()),
            ("evidence", evidence_word(lang, p.evidence)),
            ("source", &source_suffix(lang, p.source.as_ref())),
        ],
    )
}

fn bounds(lang: Lang, b: &Band) -> String {
    match b.max {
        Some(max) => format!("{} – {}", b.min, max),
        None => lang.fill("tariffs.and_more", &[("min", &b.min.to_string())]),
    }
}

/// The document of `tariffs show`.
pub fn show(lang: Lang, tt: &TariffTable) -> Document {
    let mut head = vec![
        Head::Title(format!("{} — {}", tt.id, tt.title)),
        Head::Fact(
            lang.t("tariffs.legal_reference").into(),
            tt.legal_reference.clone(),
        ),
        Head::Fact(lang.t("header.in_force").into(), in_force(lang, tt)),
        Head::Fact(
            lang.t("header.checked_on").into(),
            date(lang, tt.checked_on),
        ),
        Head::Fact(
            lang.t("tariffs.rounding").into(),
            tt.rounding.id().to_string(),
        ),
        Head::Fact(
            lang.t("tariffs.payments_label").into(),
            payments_text(lang, tt),
        ),
    ];
    if let Some(note) = &tt.note {
        head.push(Head::Fact(lang.t("tariffs.note").into(), note.clone()));
    }
    let mut bands = Table::new(vec![
        Column::new("band", lang.t("header.band")),
        Column::new("label", lang.t("header.label")),
        Column::new("population", lang.t("header.population")),
    ])
    .caption(lang.t("tariffs.bands"))
    .only(Audience::People);
    for b in &tt.bands {
        bands.row(vec![
            Cell::text(b.id.clone()),
            Cell::text(b.label.clone()),
            Cell::text(bounds(lang, b)),
        ]);
    }
    let mut columns = vec![Column::new("line", lang.t("header.line"))];
    columns.extend(
        tt.bands
            .iter()
            .map(|b| Column::new(b.id.clone(), b.id.clone()).right()),
    );
    let mut amounts = Table::new(columns)
        .caption(lang.t("tariffs.amounts"))
        .only(Audience::People);
    for l in tt.lines() {
        let mut row = vec![Cell::text(l.label(tt))];
        row.extend(l.amounts.0.iter().map(|a| {
            Cell::text(match &a.source {
                Some(src) => format!(
                    "{} ({}: {src})",
                    money(a.value),
                    evidence_word(lang, a.evidence)
                ),
                None => format!("{} ({})", money(a.value), evidence_word(lang, a.evidence)),
            })
        }));
        amounts.row(row);
    }
    let mut missions = Table::new(vec![
        Column::new("mission", lang.t("header.mission")),
        Column::new("socle", lang.t("header.socle")),
        Column::new("start_within", lang.t("header.start_within")),
        Column::new("deployed_within", lang.t("header.deployed_within")),
        Column::new("introduced_on", lang.t("header.created_on")),
    ])
    .caption(lang.t("tariffs.missions"))
    .only(Audience::People);
    let months = |m: Option<u32>| {
        Cell::text(m.map_or("—".to_string(), |m| {
            lang.fill("tariffs.months", &[("months", &m.to_string())])
        }))
    };
    for m in &tt.missions {
        missions.row(vec![
            Cell::text(format!("{} ({})", m.label, m.id)),
            Cell::Bool(m.socle),
            months(m.start_within_months),
            months(m.deployed_within_months),
            m.introduced_on.map_or(Cell::text("—"), Cell::Date),
        ]);
    }
    let mut csv = Table::new(vec![
        Column::new("line", lang.t("header.line")),
        Column::new("label", lang.t("header.label")),
        Column::new("band", lang.t("header.band")),
        Column::new("amount", lang.t("header.amount")),
        Column::new("evidence", lang.t("header.evidence")),
        Column::new("source", lang.t("header.source")),
        Column::new("note", lang.t("tariffs.note")),
    ])
    .only(Audience::Programs);
    for l in tt.lines() {
        for (band, a) in tt.bands.iter().zip(&l.amounts.0) {
            csv.row(vec![
                Cell::text(l.key()),
                Cell::text(l.label(tt)),
                Cell::text(band.id.clone()),
                Cell::Money(a.value),
                Cell::Evidence(a.evidence),
                Cell::text(a.source.clone().unwrap_or_default()),
                Cell::text(a.note.clone().unwrap_or_default()),
            ]);
        }
    }
    let mut sources = Table::new(vec![
        Column::new("key", lang.t("header.key")),
        Column::new("source", lang.t("header.source")),
    ])
    .caption(lang.t("tariffs.sources"))
    .only(Audience::People);
    for k in tt.sources.keys() {
        let text = super::format::source_text(lang, tt, k).unwrap_or_default();
        sources.row(vec![Cell::text(k.clone()), Cell::text(text.to_string())]);
    }
    let mut blocks = vec![
        Block::Table(bands),
        Block::Table(amounts),
        Block::Table(missions),
    ];
    if let Some(u) = &tt.uplift {
        blocks.push(Block::Text(lang.fill(
            "tariffs.uplift",
            &[
                ("label", &u.label),
                ("rate", &percent(u.rate)),
                ("base", u.base.as_str()),
                ("members", &u.members_above.to_string()),
                ("evidence", evidence_word(lang, u.evidence)),
                ("source", &source_suffix(lang, u.source.as_ref())),
            ],
        )));
    }
    if !tt.notices.is_empty() {
        blocks.push(Block::List {
            caption: lang.t("tariffs.notices").to_string(),
            items: tt.notices.iter().map(|n| notice_words(lang, n)).collect(),
        });
    }
    blocks.push(Block::Table(sources));
    blocks.push(Block::Table(csv));
    Document {
        schema_version: 1,
        head,
        data: fields(&show_json(tt)),
        body: Body {
            blocks,
            ..Body::default()
        },
    }
}
