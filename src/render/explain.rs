//! `simulate --explain`: for every line, the rule in words, the formula with the line's own
//! numbers, the prorata with its dates and day counts, the table value with its version, evidence
//! and source, and for the uplift its base and threshold. Everything is read from the computed
//! line: the explanation cannot disagree with the amount.

use super::percent_fr;
use crate::engine::{Line, Simulation};
use crate::model::tariff::Part;
use serde::Serialize;

/// The explanation of one line, as data (JSON `trace`) with its sentences.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// The rule in words.
    pub rule: String,
    /// The formula with the actual numbers.
    pub formula: String,
    /// The share of the year counted.
    pub prorata: ProrataTrace,
    /// The table value the line rests on (absent for the uplift).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<TableTrace>,
    /// The uplift's base and threshold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uplift: Option<UpliftTrace>,
}

/// Prorata with its dates.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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

fn rule(line: &Line) -> String {
    match line.part {
        Part::Fonctionnement => {
            "fonctionnement is due in full every contract year from the signature, whatever missions have started".into()
        }
        Part::Fixed => "the volet fixe is due once the mission has started, prorated by days in the contract year it starts".into(),
        Part::Variable if !line.indicators.is_empty() => {
            "the volet variable is the sum of the contract's indicators, each worth its amount × its achievement, prorated by days in the year the mission starts".into()
        }
        Part::Variable => "the volet variable is its envelope × the achievement of the mission's indicators, prorated by days in the year the mission starts".into(),
        Part::CrisisPlan => "the crisis plan is paid in the contract year the crisis mission starts, prorated by days".into(),
        Part::CrisisUpdate => "the plan update is paid in each contract year after the one the crisis mission started in".into(),
        Part::CrisisActivation => "the activation amount is paid in a contract year in which the ARS recognises a serious health crisis".into(),
        Part::Uplift => "the uplift raises the mission remuneration (volets fixes + volets variables obtenus + crisis amounts) of a CPTS with more members than the threshold; fonctionnement is not raised".into(),
    }
}

fn prorata_factor(line: &Line) -> String {
    if line.prorata.is_full() {
        String::new()
    } else {
        format!(" × {}/{}", line.prorata.days, line.prorata.of)
    }
}

fn formula(line: &Line) -> String {
    let result = line.amount.french();
    match line.part {
        Part::Uplift => format!(
            "{} × {} = {result}",
            line.rate.map(percent_fr).unwrap_or_default(),
            line.envelope.french()
        ),
        Part::Variable if !line.indicators.is_empty() => {
            let terms: Vec<String> = line
                .indicators
                .iter()
                .map(|i| format!("{} × {}", i.amount.french(), percent_fr(i.achievement)))
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
            line.envelope.french(),
            line.achievement.map(percent_fr).unwrap_or_default(),
            prorata_factor(line)
        ),
        _ => format!(
            "{}{} = {result}",
            line.envelope.french(),
            prorata_factor(line)
        ),
    }
}

/// The explanation of one line of a result.
pub fn trace(sim: &Simulation, line: &Line) -> Trace {
    let y = &sim.contract_year;
    let p = &line.prorata;
    let from = p.start.filter(|_| !p.is_full()).unwrap_or(y.from);
    let text = if p.is_full() {
        format!(
            "the whole contract year {}: {} → {}, {} days",
            y.number, y.from, y.to, p.of
        )
    } else if p.days == 0 {
        format!(
            "0 of {} days: the mission starts on {from}, after contract year {} ends ({})",
            p.of, y.number, y.to
        )
    } else {
        format!(
            "{} of {} days: from the mission's start on {from} to the end of contract year {} on {}",
            p.days, p.of, y.number, y.to
        )
    };
    let table = line.table_amount.map(|amount| {
        let evidence = line.table_evidence.unwrap_or(line.evidence);
        let source = line
            .table_source
            .as_ref()
            .map(|s| format!(", source {s}"))
            .unwrap_or_default();
        let note = line
            .note
            .as_ref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        let contract = if line.envelope != amount && !line.indicators.is_empty() {
            format!(
                " (the contract's indicators make {})",
                line.envelope.french()
            )
        } else {
            String::new()
        };
        TableTrace {
            tariff: sim.tariff.clone(),
            band: sim.band.id.clone(),
            amount: amount.plain(),
            evidence: evidence.as_str(),
            source: line.table_source.clone(),
            note: line.note.clone(),
            text: format!(
                "{} band {}: {}{contract} (evidence {}{source}){note}",
                sim.tariff,
                sim.band.id,
                amount.french(),
                evidence.as_str()
            ),
        }
    });
    let uplift = (line.part == Part::Uplift).then(|| UpliftTrace {
        base: line.envelope.plain(),
        rate: line
            .rate
            .map(|r| r.normalize().to_string())
            .unwrap_or_default(),
        threshold: sim.uplift_threshold,
        members: sim.members,
        text: format!(
            "{} members, more than the threshold of {}; base {} (evidence {})",
            sim.members,
            sim.uplift_threshold
                .map_or("?".to_string(), |t| t.to_string()),
            line.envelope.french(),
            line.evidence.as_str()
        ),
    });
    Trace {
        rule: rule(line),
        formula: formula(line),
        prorata: ProrataTrace {
            from: from.to_string(),
            to: y.to.to_string(),
            days: p.days,
            of: p.of,
            text,
        },
        table,
        uplift,
    }
}

/// The explanation of every line as text, numbered like the lines.
pub fn text(sim: &Simulation, markdown: bool) -> String {
    let mut out = if markdown {
        "\n## Explanation\n\n".to_string()
    } else {
        "\nexplanation:\n".to_string()
    };
    for (i, line) in sim.lines.iter().enumerate() {
        let t = trace(sim, line);
        let title = format!("{} — {}", line.label, super::part_label(line));
        let mut items = vec![
            ("rule", t.rule),
            ("formula", t.formula),
            ("prorata", t.prorata.text),
        ];
        if let Some(table) = t.table {
            items.push(("table", table.text));
        }
        if let Some(u) = t.uplift {
            items.push(("uplift", u.text));
        }
        if markdown {
            out.push_str(&format!(
                "{}. **{}**\n",
                i + 1,
                super::markdown::cell(&title)
            ));
            for (k, v) in items {
                out.push_str(&format!("   - {k}: {v}\n"));
            }
        } else {
            out.push_str(&format!("{:>2}. {title}\n", i + 1));
            for (k, v) in items {
                out.push_str(&format!("      {k:<8} {v}\n"));
            }
        }
    }
    out
}
