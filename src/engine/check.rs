//! `tariffs check`: what needs several tables or the engine. Reading a table already checks its
//! schema, bands, lines and evidence (in `input::tariff`); this finds ids used twice, versions
//! whose in-force periods overlap, and declared cross-checks that the real engine does not
//! reproduce. Findings are typed, with the indexes of the tables they concern; the caller places
//! and words them.

use super::EngineError;
use crate::model::money::Money;
use crate::model::scenario::{ByYear, MissionRun, Scenario, VariableInput};
use crate::model::tariff::{CrossCheck, TariffTable};

/// One problem found across tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Table `table` uses the id of table `first`.
    DuplicateId {
        /// The later table.
        table: usize,
        /// The first table with the id.
        first: usize,
    },
    /// Table `table` comes into force while table `before` is still in force.
    Overlap {
        /// The later version.
        table: usize,
        /// The version still in force.
        before: usize,
    },
    /// A declared cross-check gives another total.
    CrossCheckMismatch {
        /// The table.
        table: usize,
        /// Which of its cross-checks.
        index: usize,
        /// What the engine computes.
        computed: Money,
    },
    /// A declared cross-check cannot be computed.
    CrossCheckFailed {
        /// The table.
        table: usize,
        /// Which of its cross-checks.
        index: usize,
        /// Why.
        error: EngineError,
    },
}

/// Checks tables together; `tables[i]` is the i-th file given.
pub fn check(tables: &[&TariffTable]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, table) in tables.iter().enumerate() {
        for (index, x) in table.cross_checks.iter().enumerate() {
            match super::simulate(&cross_check_scenario(table, x), *table) {
                Err(error) => out.push(Finding::CrossCheckFailed {
                    table: i,
                    index,
                    error,
                }),
                Ok(sim) if sim.totals.total != x.expected_total => {
                    out.push(Finding::CrossCheckMismatch {
                        table: i,
                        index,
                        computed: sim.totals.total,
                    })
                }
                Ok(_) => {}
            }
        }
    }
    for (i, table) in tables.iter().enumerate() {
        if let Some(first) = tables[..i].iter().position(|t| t.id == table.id) {
            out.push(Finding::DuplicateId { table: i, first });
        }
    }
    // Versions follow each other; a draft that extends a version is an alternative to it, not a
    // successor, so it is left out.
    let mut versions: Vec<usize> = (0..tables.len())
        .filter(|&i| tables[i].extends.is_none())
        .collect();
    versions.sort_by_key(|&i| tables[i].in_force_from);
    for pair in versions.windows(2) {
        let (before, after) = (tables[pair[0]], tables[pair[1]]);
        if before
            .in_force_to
            .is_none_or(|to| to >= after.in_force_from)
        {
            out.push(Finding::Overlap {
                table: pair[1],
                before: pair[0],
            });
        }
    }
    out
}

/// The scenario a cross-check describes: signed on the table's first day in force.
pub fn cross_check_scenario(table: &TariffTable, x: &CrossCheck) -> Scenario {
    Scenario {
        name: x.name.clone(),
        population: x.population,
        members: x.members,
        signed: table.in_force_from,
        contract_year: x.contract_year,
        tariff: Some(table.id.clone()),
        tariff_from_command: false,
        renewed: false,
        crisis_years: if x.crisis_recognised {
            vec![x.contract_year]
        } else {
            Vec::new()
        },
        missions: x
            .missions
            .iter()
            .map(|id| MissionRun {
                id: id.clone(),
                started: None,
                variable: table
                    .mission(id)
                    .filter(|m| m.has_variable())
                    .map(|_| VariableInput::Achievement(ByYear::single(x.achievement))),
            })
            .collect(),
        territory: None,
    }
}
