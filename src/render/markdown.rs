//! Markdown for reports: the same breakdown as the table, as a GitHub-flavoured table.

use super::{part_label, percent_fr, prorata_fr};
use crate::engine::Simulation;

/// Escapes a cell: a `|` would end it.
pub fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// A Markdown table from a header and rows; `right` lists the right-aligned columns.
pub fn table(header: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let mut out = format!(
        "| {} |\n|",
        header
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    for i in 0..header.len() {
        out.push_str(if right.contains(&i) {
            " ---: |"
        } else {
            " --- |"
        });
    }
    out.push('\n');
    for row in rows {
        out.push_str(&format!(
            "| {} |\n",
            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    out
}

/// The report for one contract year.
pub fn simulation(sim: &Simulation) -> String {
    let y = &sim.contract_year;
    let mut out = format!(
        "# {}: contract year {}\n\n{} → {} · tariff `{}` ({}) · band {} ({}) · population {} · {} members\n\n",
        cell(&sim.scenario),
        y.number,
        y.from,
        y.to,
        sim.tariff,
        sim.tariff_title,
        sim.band.id,
        sim.band.label,
        sim.population,
        sim.members
    );
    let mut rows = Vec::new();
    for l in &sim.lines {
        rows.push(vec![
            l.label.clone(),
            part_label(l),
            l.envelope.french(),
            l.achievement.map(percent_fr).unwrap_or_default(),
            prorata_fr(&l.prorata),
            l.amount.french(),
            l.evidence.as_str().to_string(),
        ]);
        for ind in &l.indicators {
            rows.push(vec![
                String::new(),
                format!("· {}", ind.name),
                ind.amount.french(),
                percent_fr(ind.achievement),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
    }
    out.push_str(&table(
        &[
            "mission",
            "part",
            "envelope",
            "achievement",
            "prorata",
            "amount",
            "evidence",
        ],
        &rows,
        &[2, 3, 4, 5],
    ));
    let t = &sim.totals;
    out.push_str("\n## Totals\n\n");
    out.push_str(&table(
        &["total", "amount"],
        &[
            vec!["fonctionnement".into(), t.fonctionnement.french()],
            vec!["volets fixes".into(), t.fixed.french()],
            vec![
                "volets variables: enveloppe".into(),
                t.variable_envelope.french(),
            ],
            vec![
                "volets variables: obtenu".into(),
                t.variable_earned.french(),
            ],
            vec!["crises sanitaires".into(), t.crisis.french()],
            vec!["majoration".into(), t.uplift.french()],
            vec!["**TOTAL DÛ**".into(), format!("**{}**", t.total.french())],
        ],
        &[1],
    ));
    if !sim.warnings.is_empty() {
        out.push_str("\n## Warnings\n\n");
        for w in &sim.warnings {
            out.push_str(&format!("- `{}`: {}\n", w.code.as_str(), w.message));
        }
    }
    out
}
