//! `simulate --explain`: for every line, the rule in words, the formula with the line's own
//! numbers, the prorata with its dates and day counts, the table value with its version, evidence
//! and source, and for the uplift its base and threshold. Everything is read from the computed
//! line: the explanation cannot disagree with the amount.

use super::format::part_word;
use super::format::{date, date_iso, decimal_plain, measure, money, money_plain, percent};
use crate::catalog::Lang;
use crate::engine::{IndicatorKind, IndicatorUse, Line, Part, Simulation};
use serde::Serialize;

/// The explanation of one line, as data (JSON `trace`) with its sentences.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Trace {
    /// The rule in words.
    pub rule: String,
    /// The formula with the actual numbers.
    pub formula: String,
    /// The share of the year counted.
    pub prorata: ProrataTrace,
    /// The table value the line rests on (absent for the uplift).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<TableTrace>,
    /// The uplift's base and threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplift: Option<UpliftTrace>,
    /// Each indicator of a volet variable: what it reached and paid, and what its next palier
    /// pays.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
}

/// Prorata with its dates.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ProrataTrace {
    /// First day counted (the mission's start, or the year's first day).
    pub from: String,
    /// Last day of the contract year.
    pub to: String,
    /// Days counted.
    pub days: i64,
    /// Days in the contract year.
    pub of: i64,
    /// In words.
    pub text: String,
}

/// The table value of a line.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TableTrace {
    /// Tariff version.
    pub tariff: String,
    /// Band.
    pub band: String,
    /// The table's amount for that band.
    pub amount: String,
    /// Its evidence.
    pub evidence: &'static str,
    /// Its source key.
    pub source: Option<String>,
    /// How it was obtained.
    pub note: Option<String>,
    /// In words.
    pub text: String,
}

/// The uplift's rule applied.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UpliftTrace {
    /// Volets fixes + volets variables obtenus + crisis amounts.
    pub base: String,
    /// The rate.
    pub rate: String,
    /// Raised above this many members.
    pub threshold: Option<u64>,
    /// The CPTS's members.
    pub members: u64,
    /// In words.
    pub text: String,
}

fn rule(lang: Lang, line: &Line) -> &'static str {
    let key = match line.part {
        Part::Variable if !line.indicators.is_empty() => "explain.rule.variable_indicators",
        Part::Fonctionnement => "explain.rule.fonctionnement",
        Part::Fixed => "explain.rule.fixed",
        Part::Variable => "explain.rule.variable",
        Part::CrisisPlan => "explain.rule.crisis_plan",
        Part::CrisisUpdate => "explain.rule.crisis_update",
        Part::CrisisActivation => "explain.rule.crisis_activation",
        Part::Uplift => "explain.rule.uplift",
    };
    lang.t(key)
}

fn prorata_factor(line: &Line) -> String {
    if line.prorata.is_full() {
        String::new()
    } else {
        format!(" × {}/{}", line.prorata.days, line.prorata.of)
    }
}

/// What an item or paliers reached, for people: `met`, `87 → palier 2/3`; `None` for an
/// estimate (its achievement says it).
pub fn indicator_result(lang: Lang, i: &IndicatorUse) -> Option<String> {
    match &i.kind {
        IndicatorKind::Item { met } => Some(
            lang.t(if *met {
                "indicator.met"
            } else {
                "indicator.not_met"
            })
            .to_string(),
        ),
        IndicatorKind::Paliers {
            paliers,
            measured,
            reached,
        } => {
            let measured = measure(*measured, paliers.percent);
            Some(match reached {
                Some(n) => lang.fill(
                    "indicator.palier",
                    &[
                        ("measured", &measured),
                        ("n", &(n + 1).to_string()),
                        ("of", &paliers.steps.len().to_string()),
                    ],
                ),
                None => lang.fill("indicator.no_palier", &[("measured", &measured)]),
            })
        }
        IndicatorKind::Estimate => None,
    }
}

/// The formula of a line with its own numbers: `45 000,00 € × 80 % = 36 000,00 €`.
pub fn formula(line: &Line) -> String {
    let result = money(line.amount);
    match line.part {
        Part::Uplift => format!(
            "{} × {} = {result}",
            line.rate.map(percent).unwrap_or_default(),
            money(line.envelope)
        ),
        Part::Variable if !line.indicators.is_empty() => {
            let terms: Vec<String> = line
                .indicators
                .iter()
                .map(|i| match i.kind {
                    IndicatorKind::Estimate => {
                        format!("{} × {}", money(i.amount), percent(i.achievement))
                    }
                    // An item or paliers pay a whole amount: what it earned.
                    _ => money(i.earned),
                })
                .collect();
            let sum = if terms.len() == 1 && line.prorata.is_full() {
                terms[0].clone()
            } else {
                format!("({})", terms.join(" + "))
            };
            format!("{sum}{} = {result}", prorata_factor(line))
        }
        Part::Variable => format!(
            "{} × {}{} = {result}",
            money(line.envelope),
            line.achievement.map(percent).unwrap_or_default(),
            prorata_factor(line)
        ),
        _ => format!(
            "{}{} = {result}",
            money(line.envelope),
            prorata_factor(line)
        ),
    }
}

/// The explanation of one line of a result.
pub fn trace(lang: Lang, sim: &Simulation, line: &Line) -> Trace {
    let y = &sim.contract_year;
    let p = &line.prorata;
    let from = p.start.filter(|_| !p.is_full()).unwrap_or(y.from);
    let (days, of, number) = (p.days.to_string(), p.of.to_string(), y.number.to_string());
    let args = [
        ("year", number.as_str()),
        ("from", &date(lang, from)),
        ("to", &date(lang, y.to)),
        ("days", &days),
        ("of", &of),
    ];
    let text = if p.is_full() {
        lang.fill(
            "explain.prorata_full",
            &[
                ("year", &number),
                ("from", &date(lang, y.from)),
                ("to", &date(lang, y.to)),
                ("days", &of),
            ],
        )
    } else if p.days == 0 {
        lang.fill("explain.prorata_none", &args)
    } else {
        lang.fill("explain.prorata_part", &args)
    };
    let table = line.table_amount.map(|amount| {
        let evidence = line.table_evidence.unwrap_or(line.evidence);
        let source = line
            .table_source
            .as_ref()
            .map(|s| lang.fill("explain.table_source", &[("source", s)]))
            .unwrap_or_default();
        let note = line
            .note
            .as_ref()
            .map(|n| lang.fill("explain.table_note", &[("note", n)]))
            .unwrap_or_default();
        let contract = if line.envelope != amount && !line.indicators.is_empty() {
            lang.fill(
                "explain.table_contract",
                &[("envelope", &money(line.envelope))],
            )
        } else {
            String::new()
        };
        TableTrace {
            tariff: sim.tariff.clone(),
            band: sim.band.id.clone(),
            amount: money_plain(amount),
            evidence: evidence.as_str(),
            source: line.table_source.clone(),
            note: line.note.clone(),
            text: lang.fill(
                "explain.table",
                &[
                    ("tariff", &sim.tariff),
                    ("band", &sim.band.id),
                    ("amount", &money(amount)),
                    ("contract", &contract),
                    ("evidence", super::format::evidence_word(lang, evidence)),
                    ("source", &source),
                    ("note", &note),
                ],
            ),
        }
    });
    let uplift = (line.part == Part::Uplift).then(|| UpliftTrace {
        base: money_plain(line.envelope),
        rate: line.rate.map(decimal_plain).unwrap_or_default(),
        threshold: sim.uplift_threshold,
        members: sim.members,
        text: lang.fill(
            "explain.uplift",
            &[
                ("members", &sim.members.to_string()),
                (
                    "threshold",
                    &sim.uplift_threshold
                        .map_or("?".to_string(), |t| t.to_string()),
                ),
                ("base", &money(line.envelope)),
                (
                    "evidence",
                    super::format::evidence_word(lang, line.evidence),
                ),
            ],
        ),
    });
    Trace {
        rule: rule(lang, line).to_string(),
        formula: formula(line),
        prorata: ProrataTrace {
            from: date_iso(from),
            to: date_iso(y.to),
            days: p.days,
            of: p.of,
            text,
        },
        table,
        uplift,
        indicators: line
            .indicators
            .iter()
            .map(|i| indicator_text(lang, i))
            .collect(),
    }
}

/// What one indicator reached and paid, for people: "Sein : 71,2 % ≥ 69,7 % : palier 1/3 →
/// 1 000,00 € (le palier suivant, 72,4 %, paie 2 500,00 €)".
pub fn indicator_text(lang: Lang, i: &IndicatorUse) -> String {
    let name = i.name.as_str();
    match &i.kind {
        IndicatorKind::Item { met: true } => lang.fill(
            "explain.indicator_met",
            &[("name", name), ("amount", &money(i.earned))],
        ),
        IndicatorKind::Item { met: false } => lang.fill(
            "explain.indicator_not_met",
            &[
                ("name", name),
                ("zero", &money(crate::model::money::Money::ZERO)),
                ("amount", &money(i.amount)),
            ],
        ),
        IndicatorKind::Estimate => lang.fill(
            "explain.indicator_estimate",
            &[
                ("name", name),
                ("amount", &money(i.amount)),
                ("achievement", &percent(i.achievement)),
                ("earned", &money(i.earned)),
            ],
        ),
        IndicatorKind::Paliers {
            paliers,
            measured,
            reached,
        } => {
            let show = |d| measure(d, paliers.percent);
            let next = reached.map_or(0, |n| n + 1);
            let after = match paliers.steps.get(next) {
                Some(p) => lang.fill(
                    "explain.indicator_next",
                    &[
                        ("threshold", &show(p.threshold)),
                        ("amount", &money(p.amount)),
                    ],
                ),
                None => lang.t("explain.indicator_best").to_string(),
            };
            match reached {
                Some(n) => {
                    let p = &paliers.steps[*n];
                    lang.fill(
                        "explain.indicator_palier",
                        &[
                            ("name", name),
                            ("measured", &show(*measured)),
                            ("cmp", super::format::palier_sign(paliers.direction)),
                            ("threshold", &show(p.threshold)),
                            ("n", &(n + 1).to_string()),
                            ("of", &paliers.steps.len().to_string()),
                            ("amount", &money(p.amount)),
                            ("after", &after),
                        ],
                    )
                }
                None => lang.fill(
                    "explain.indicator_none",
                    &[
                        ("name", name),
                        ("measured", &show(*measured)),
                        ("zero", &money(crate::model::money::Money::ZERO)),
                        ("after", &after),
                    ],
                ),
            }
        }
    }
}

/// A line's label for people: mission and part (`Majoration (plus de 100 membres) — majoration
/// (10 %)`).
pub fn part_label(lang: Lang, line: &Line) -> String {
    match line.part {
        Part::Uplift => format!(
            "{} ({})",
            part_word(lang, Part::Uplift),
            line.rate.map(percent).unwrap_or_default()
        ),
        p => part_word(lang, p).to_string(),
    }
}

/// The explanation of every line, as numbered entries.
pub fn entries(lang: Lang, sim: &Simulation) -> super::Block {
    let entries = sim
        .lines
        .iter()
        .map(|line| {
            let tr = trace(lang, sim, line);
            let mut details = vec![
                (lang.t("explain.detail.rule").to_string(), tr.rule),
                (lang.t("explain.detail.formula").to_string(), tr.formula),
                (
                    lang.t("explain.detail.prorata").to_string(),
                    tr.prorata.text,
                ),
            ];
            if let Some(table) = tr.table {
                details.push((lang.t("explain.detail.table").to_string(), table.text));
            }
            if let Some(u) = tr.uplift {
                details.push((lang.t("explain.detail.uplift").to_string(), u.text));
            }
            for text in tr.indicators {
                details.push((lang.t("explain.detail.indicator").to_string(), text));
            }
            super::Entry {
                title: format!("{} — {}", line.label, part_label(lang, line)),
                details,
            }
        })
        .collect();
    super::Block::Entries {
        caption: lang.t("explain.caption").to_string(),
        entries,
    }
}
