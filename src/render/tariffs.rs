//! `tariffs list` and `tariffs show`: the shipped versions and every amount with its evidence, in
//! each output format.

use super::csv::{self, Dialect};
use super::json::to_pretty;
use super::markdown;
use super::table::{align_right, new_table};
use crate::model::tariff::{Band, Evidence, TariffTable};
use crate::render::Format;
use serde::Serialize;
use std::collections::BTreeMap;

fn in_force(t: &TariffTable) -> String {
    match t.in_force_to {
        Some(to) => format!("{} → {}", t.in_force_from, to),
        None => format!("{} → (open)", t.in_force_from),
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

fn counts_text(t: &TariffTable) -> String {
    evidence_counts(t)
        .iter()
        .map(|(e, n)| format!("{} {n}", e.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn payments_text(t: &TariffTable) -> String {
    let Some(p) = &t.payments else {
        return "no [payments] rule: calendar and forecast cannot date the cash".to_string();
    };
    let source = p
        .source
        .as_ref()
        .map(|s| format!(", source {s}"))
        .unwrap_or_default();
    format!(
        "{} of volets fixes when the year or the mission starts, the balance on the anniversary; volets variables {} month(s) after the anniversary (evidence {}{source})",
        super::percent_fr(p.fixed_advance),
        p.variable_delay_months,
        p.evidence.as_str()
    )
}

fn bounds(b: &Band) -> String {
    match b.max {
        Some(max) => format!("{} – {}", b.min, max),
        None => format!("{} and more", b.min),
    }
}

#[derive(Serialize)]
struct ListItem<'a> {
    id: &'a str,
    title: &'a str,
    legal_reference: &'a str,
    in_force_from: String,
    in_force_to: Option<String>,
    checked_on: String,
    bands: Vec<&'a str>,
    missions: Vec<&'a str>,
    evidence: BTreeMap<&'static str, usize>,
}

/// `tariffs list` in a format.
pub fn list(tables: &[TariffTable], format: Format) -> String {
    let header = [
        "id",
        "title",
        "in force",
        "checked on",
        "bands",
        "missions",
        "evidence (amounts)",
    ];
    let rows: Vec<Vec<String>> = tables
        .iter()
        .map(|t| {
            vec![
                t.id.clone(),
                t.title.clone(),
                in_force(t),
                t.checked_on.to_string(),
                t.bands.len().to_string(),
                t.missions.len().to_string(),
                counts_text(t),
            ]
        })
        .collect();
    match format {
        Format::Table => {
            let mut tt = new_table(&header);
            for r in rows {
                tt.add_row(r);
            }
            format!("{tt}\n")
        }
        Format::Markdown => markdown::table(&header, &rows, &[]),
        Format::Csv | Format::CsvExcelFr => {
            let dialect = Dialect::of(format).unwrap_or(Dialect::Plain);
            let mut all = vec![header.map(String::from).to_vec()];
            all.extend(rows);
            csv::write(dialect, &all)
        }
        Format::Json => to_pretty(
            &tables
                .iter()
                .map(|t| ListItem {
                    id: &t.id,
                    title: &t.title,
                    legal_reference: &t.legal_reference,
                    in_force_from: t.in_force_from.to_string(),
                    in_force_to: t.in_force_to.map(|d| d.to_string()),
                    checked_on: t.checked_on.to_string(),
                    bands: t.bands.iter().map(|b| b.id.as_str()).collect(),
                    missions: t.missions.iter().map(|m| m.id.as_str()).collect(),
                    evidence: evidence_counts(t)
                        .into_iter()
                        .map(|(e, n)| (e.as_str(), n))
                        .collect(),
                })
                .collect::<Vec<_>>(),
        ),
    }
}

#[derive(Serialize)]
struct ShowOut<'a> {
    id: &'a str,
    title: &'a str,
    legal_reference: &'a str,
    signed: Option<String>,
    in_force_from: String,
    in_force_to: Option<String>,
    checked_on: String,
    rounding: &'static str,
    note: Option<&'a str>,
    bands: Vec<BandOut<'a>>,
    lines: Vec<LineOut<'a>>,
    missions: Vec<MissionOut<'a>>,
    uplift: Option<UpliftOut<'a>>,
    payments: Option<PaymentsOut<'a>>,
    sources: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct PaymentsOut<'a> {
    fixed_advance: String,
    variable_delay_months: u32,
    evidence: &'static str,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct BandOut<'a> {
    id: &'a str,
    label: &'a str,
    min: u64,
    max: Option<u64>,
}

#[derive(Serialize)]
struct LineOut<'a> {
    key: String,
    label: String,
    amounts: BTreeMap<&'a str, AmountOut<'a>>,
}

#[derive(Serialize)]
struct AmountOut<'a> {
    amount: String,
    evidence: &'static str,
    source: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct MissionOut<'a> {
    id: &'a str,
    label: &'a str,
    socle: bool,
    start_within_months: Option<u32>,
    deployed_within_months: Option<u32>,
    introduced_on: Option<String>,
}

#[derive(Serialize)]
struct UpliftOut<'a> {
    label: &'a str,
    members_above: u64,
    rate: String,
    base: &'static str,
    evidence: &'static str,
    source: Option<&'a str>,
}

/// `tariffs show ID` in a format.
pub fn show(t: &TariffTable, format: Format) -> String {
    match format {
        Format::Json => show_json(t),
        Format::Csv | Format::CsvExcelFr => {
            let dialect = Dialect::of(format).unwrap_or(Dialect::Plain);
            let mut rows = vec![
                [
                    "line", "label", "band", "amount", "evidence", "source", "note",
                ]
                .map(String::from)
                .to_vec(),
            ];
            for line in t.lines() {
                for (band, a) in t.bands.iter().zip(&line.amounts.0) {
                    rows.push(vec![
                        line.key(),
                        line.label(t),
                        band.id.clone(),
                        dialect.number(a.value.plain()),
                        a.evidence.as_str().to_string(),
                        a.source.clone().unwrap_or_default(),
                        a.note.clone().unwrap_or_default(),
                    ]);
                }
            }
            csv::write(dialect, &rows)
        }
        Format::Table | Format::Markdown => show_text(t, format == Format::Markdown),
    }
}

fn show_json(t: &TariffTable) -> String {
    to_pretty(&ShowOut {
        id: &t.id,
        title: &t.title,
        legal_reference: &t.legal_reference,
        signed: t.signed.map(|d| d.to_string()),
        in_force_from: t.in_force_from.to_string(),
        in_force_to: t.in_force_to.map(|d| d.to_string()),
        checked_on: t.checked_on.to_string(),
        rounding: t.rounding.id(),
        note: t.note.as_deref(),
        bands: t
            .bands
            .iter()
            .map(|b| BandOut {
                id: &b.id,
                label: &b.label,
                min: b.min,
                max: b.max,
            })
            .collect(),
        lines: t
            .lines()
            .iter()
            .map(|l| LineOut {
                key: l.key(),
                label: l.label(t),
                amounts: t
                    .bands
                    .iter()
                    .zip(&l.amounts.0)
                    .map(|(b, a)| {
                        (
                            b.id.as_str(),
                            AmountOut {
                                amount: a.value.plain(),
                                evidence: a.evidence.as_str(),
                                source: a.source.as_deref(),
                                note: a.note.as_deref(),
                            },
                        )
                    })
                    .collect(),
            })
            .collect(),
        missions: t
            .missions
            .iter()
            .map(|m| MissionOut {
                id: &m.id,
                label: &m.label,
                socle: m.socle,
                start_within_months: m.start_within_months,
                deployed_within_months: m.deployed_within_months,
                introduced_on: m.introduced_on.map(|d| d.to_string()),
            })
            .collect(),
        uplift: t.uplift.as_ref().map(|u| UpliftOut {
            label: &u.label,
            members_above: u.members_above,
            rate: u.rate.normalize().to_string(),
            base: u.base.as_str(),
            evidence: u.evidence.as_str(),
            source: u.source.as_deref(),
        }),
        payments: t.payments.as_ref().map(|p| PaymentsOut {
            fixed_advance: p.fixed_advance.normalize().to_string(),
            variable_delay_months: p.variable_delay_months,
            evidence: p.evidence.as_str(),
            source: p.source.as_deref(),
        }),
        sources: &t.sources,
    })
}

fn show_text(t: &TariffTable, md: bool) -> String {
    let mut out = if md {
        format!("# {} — {}\n\n", t.id, t.title)
    } else {
        format!("{} — {}\n", t.id, t.title)
    };
    let facts = [
        ("legal reference", t.legal_reference.clone()),
        ("in force", in_force(t)),
        ("checked on", t.checked_on.to_string()),
        ("rounding", t.rounding.id().to_string()),
        ("payments", payments_text(t)),
    ];
    for (k, v) in facts {
        out.push_str(&if md {
            format!("- **{k}**: {v}\n")
        } else {
            format!("{k}: {v}\n")
        });
    }
    if let Some(note) = &t.note {
        out.push_str(&if md {
            format!("- **note**: {note}\n")
        } else {
            format!("note: {note}\n")
        });
    }
    out.push('\n');

    let band_header = ["band", "label", "population"];
    let band_rows: Vec<Vec<String>> = t
        .bands
        .iter()
        .map(|b| vec![b.id.clone(), b.label.clone(), bounds(b)])
        .collect();

    let mut header: Vec<&str> = vec!["line"];
    header.extend(t.bands.iter().map(|b| b.id.as_str()));
    let amount_rows: Vec<Vec<String>> = t
        .lines()
        .iter()
        .map(|l| {
            let mut row = vec![l.label(t)];
            row.extend(l.amounts.0.iter().map(|a| match &a.source {
                Some(src) => format!("{} ({}: {src})", a.value.french(), a.evidence.as_str()),
                None => format!("{} ({})", a.value.french(), a.evidence.as_str()),
            }));
            row
        })
        .collect();

    let mission_header = [
        "mission",
        "socle",
        "start within",
        "deployed within",
        "created on",
    ];
    let months = |m: Option<u32>| m.map_or("—".to_string(), |m| format!("{m} months"));
    let mission_rows: Vec<Vec<String>> = t
        .missions
        .iter()
        .map(|m| {
            vec![
                format!("{} ({})", m.label, m.id),
                if m.socle { "yes" } else { "no" }.to_string(),
                months(m.start_within_months),
                months(m.deployed_within_months),
                m.introduced_on.map_or("—".to_string(), |d| d.to_string()),
            ]
        })
        .collect();

    let right: Vec<usize> = (1..=t.bands.len()).collect();
    let uplift = t.uplift.as_ref().map(|u| {
        format!(
            "{}: +{} of the mission remuneration (base `{}`) when members > {} — evidence {}{}",
            u.label,
            super::percent_fr(u.rate),
            u.base.as_str(),
            u.members_above,
            u.evidence.as_str(),
            u.source
                .as_ref()
                .map(|s| format!(", source {s}"))
                .unwrap_or_default()
        )
    });
    let source_rows: Vec<Vec<String>> = t
        .sources
        .iter()
        .map(|(k, v)| vec![k.clone(), v.clone()])
        .collect();

    if md {
        out.push_str("## Bands\n\n");
        out.push_str(&markdown::table(&band_header, &band_rows, &[]));
        out.push_str("\n## Amounts (euros per contract year, at full achievement)\n\n");
        out.push_str(&markdown::table(&header, &amount_rows, &right));
        out.push_str("\n## Missions\n\n");
        out.push_str(&markdown::table(&mission_header, &mission_rows, &[]));
        if let Some(u) = uplift {
            out.push_str(&format!("\n## Uplift\n\n{u}\n"));
        }
        out.push_str("\n## Sources\n\n");
        out.push_str(&markdown::table(&["key", "source"], &source_rows, &[]));
    } else {
        let mut bt = new_table(&band_header);
        band_rows.into_iter().for_each(|r| {
            bt.add_row(r);
        });
        let mut at = new_table(&header);
        amount_rows.into_iter().for_each(|r| {
            at.add_row(r);
        });
        align_right(&mut at, &right);
        let mut mt = new_table(&mission_header);
        mission_rows.into_iter().for_each(|r| {
            mt.add_row(r);
        });
        let mut st = new_table(&["key", "source"]);
        source_rows.into_iter().for_each(|r| {
            st.add_row(r);
        });
        out.push_str(&format!(
            "{bt}\n\namounts (euros per contract year, at full achievement):\n{at}\n\n{mt}\n"
        ));
        if let Some(u) = uplift {
            out.push_str(&format!("\n{u}\n"));
        }
        out.push_str(&format!("\nsources:\n{st}\n"));
    }
    out
}
