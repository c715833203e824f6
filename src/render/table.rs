//! The readable table for people: a breakdown by mission and part, totals, then warnings.

use super::{part_label, percent_fr, prorata_fr};
use crate::engine::Simulation;
use crate::money::Money;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

/// A comfy-table with the project's style: no terminal detection, so the output is the same in a
/// pipe, a file or a test.
pub fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    t
}

/// Right-aligns the given columns (amounts).
pub fn align_right(t: &mut Table, columns: &[usize]) {
    for &i in columns {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// The whole report for one contract year.
pub fn simulation(sim: &Simulation) -> String {
    let y = &sim.contract_year;
    let mut out = format!(
        "{}: contract year {} ({} → {})\ntariff {} ({}) · band {} ({}) · population {} · {} members\n\n",
        sim.scenario,
        y.number,
        y.from,
        y.to,
        sim.tariff,
        sim.tariff_title,
        sim.band.id,
        sim.band.label,
        thousands(sim.population),
        sim.members,
    );
    let mut t = new_table(&[
        "mission",
        "part",
        "envelope",
        "achievement",
        "prorata",
        "amount",
        "evidence",
    ]);
    for line in &sim.lines {
        let achievement = line.achievement.map(percent_fr).unwrap_or_default();
        t.add_row(vec![
            line.label.clone(),
            part_label(line),
            line.envelope.french(),
            achievement,
            prorata_fr(&line.prorata),
            line.amount.french(),
            line.evidence.as_str().to_string(),
        ]);
        for ind in &line.indicators {
            t.add_row(vec![
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
    align_right(&mut t, &[2, 3, 4, 5]);
    out.push_str(&t.to_string());
    out.push_str("\n\n");
    out.push_str(&totals_table(sim).to_string());
    out.push('\n');
    out.push_str(&warnings_text(sim));
    out
}

fn totals_table(sim: &Simulation) -> Table {
    let tt = &sim.totals;
    let mut t = new_table(&["total", "amount"]);
    let rows: [(&str, Money); 7] = [
        ("fonctionnement", tt.fonctionnement),
        ("volets fixes", tt.fixed),
        ("volets variables: enveloppe", tt.variable_envelope),
        ("volets variables: obtenu", tt.variable_earned),
        ("crises sanitaires", tt.crisis),
        ("majoration", tt.uplift),
        ("TOTAL DÛ", tt.total),
    ];
    for (label, amount) in rows {
        t.add_row(vec![label.to_string(), amount.french()]);
    }
    align_right(&mut t, &[1]);
    t
}

/// The warnings as an indented list, or nothing.
pub fn warnings_text(sim: &Simulation) -> String {
    if sim.warnings.is_empty() {
        return String::new();
    }
    let mut out = format!("\nwarnings ({}):\n", sim.warnings.len());
    for w in &sim.warnings {
        out.push_str(&format!("  - [{}] {}\n", w.code.as_str(), w.message));
    }
    out
}

/// An integer with French thousands separators: `92 000`.
pub fn thousands(n: u64) -> String {
    crate::money::group_thousands(&n.to_string())
}
