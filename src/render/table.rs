//! The readable table for people: a breakdown by mission and part, totals, then warnings.

use super::{LINE_AMOUNT_COLUMNS, LINE_HEADER, line_rows, total_rows};
use crate::engine::Simulation;
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
pub fn simulation(sim: &Simulation, explain: bool) -> String {
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
    let mut t = new_table(&LINE_HEADER);
    for row in line_rows(sim) {
        t.add_row(row);
    }
    align_right(&mut t, &LINE_AMOUNT_COLUMNS);
    out.push_str(&t.to_string());
    out.push('\n');
    if explain {
        out.push_str(&super::explain::text(sim, false));
    }
    out.push('\n');
    out.push_str(&totals_table(sim).to_string());
    out.push('\n');
    out.push_str(&warnings_text(sim));
    out
}

fn totals_table(sim: &Simulation) -> Table {
    let mut t = new_table(&["total", "amount"]);
    for (label, amount) in total_rows(sim) {
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
    crate::model::money::group_thousands(&n.to_string())
}
