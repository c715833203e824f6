//! The uplift for large CPTS: a rate of the mission remuneration above a member threshold, shown
//! as its own line. Threshold, rate and base come from the table.

use super::{EngineError, Line, Part, Totals};
use crate::calendar::{ContractYear, Prorata};
use crate::money::Money;
use crate::scenario::Scenario;
use crate::tariff::{TariffTable, UpliftBase};

/// The base of the uplift under a table's rule.
pub fn uplift_base(base: UpliftBase, totals: &Totals) -> Option<Money> {
    match base {
        UpliftBase::Missions => {
            Money::checked_sum([totals.fixed, totals.variable_earned, totals.crisis])
        }
    }
}

/// The uplift line, when the CPTS has more members than the threshold.
pub(super) fn uplift_line(
    s: &Scenario,
    table: &TariffTable,
    year: &ContractYear,
    totals: &Totals,
) -> Result<Option<Line>, EngineError> {
    let Some(rule) = &table.uplift else {
        return Ok(None);
    };
    if s.members <= rule.members_above {
        return Ok(None);
    }
    let err = || EngineError::Overflow("the uplift".to_string());
    let base = uplift_base(rule.base, totals).ok_or_else(err)?;
    let amount = base
        .checked_mul(rule.rate)
        .ok_or_else(err)?
        .round(table.rounding);
    Ok(Some(Line {
        mission: None,
        label: rule.label.clone(),
        part: Part::Uplift,
        envelope: base,
        achievement: None,
        rate: Some(rule.rate),
        prorata: Prorata::full(year),
        amount,
        at_full_achievement: amount,
        evidence: rule.evidence,
        source: rule.source.clone(),
        indicators: Vec::new(),
    }))
}
