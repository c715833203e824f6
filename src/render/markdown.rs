//! Markdown for reports: the same breakdown as the table, as a GitHub-flavoured table.

use super::{LINE_AMOUNT_COLUMNS, LINE_HEADER, line_rows, total_rows};
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
pub fn simulation(sim: &Simulation, explain: bool) -> String {
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
    out.push_str(&table(&LINE_HEADER, &line_rows(sim), &LINE_AMOUNT_COLUMNS));
    if explain {
        out.push_str(&super::explain::text(sim, true));
    }
    let rows = total_rows(sim);
    let last = rows.len() - 1;
    let totals: Vec<Vec<String>> = rows
        .iter()
        .enumerate()
        .map(|(i, (label, amount))| {
            if i == last {
                vec![format!("**{label}**"), format!("**{}**", amount.french())]
            } else {
                vec![label.to_string(), amount.french()]
            }
        })
        .collect();
    out.push_str("\n## Totals\n\n");
    out.push_str(&table(&["total", "amount"], &totals, &[1]));
    if !sim.warnings.is_empty() {
        out.push_str("\n## Warnings\n\n");
        for w in &sim.warnings {
            out.push_str(&format!("- `{}`: {}\n", w.code.as_str(), w.message));
        }
    }
    out
}
