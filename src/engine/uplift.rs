//! The uplift for large CPTS: the table's rule (threshold, rate, base, evidence) applied to a
//! contract year's mission remuneration — volets fixes + earned volets variables + crisis amounts;
//! fonctionnement is not raised (reference section 3.5).

use super::EngineError;
use super::lines::{Cents, LineData, line_amount, overflow};
use crate::model::calendar::Prorata;
use crate::model::money::{Money, Rounding};
use crate::model::scenario::Scenario;
use crate::model::tariff::{Part, Uplift, UpliftBase};

/// The uplift line of a year whose other lines sum to `sums`, or `None` when the CPTS has no more
/// members than the threshold.
pub(super) fn line<'a>(
    rule: &'a Uplift,
    s: &Scenario,
    sums: &Cents,
    year: Prorata,
    rounding: Rounding,
) -> Result<Option<LineData<'a>>, EngineError> {
    if s.members <= rule.members_above {
        return Ok(None);
    }
    let err = || overflow(None, Part::Uplift);
    let base = match rule.base {
        UpliftBase::Missions => sums
            .fixed
            .checked_add(sums.variable_earned)
            .and_then(|c| c.checked_add(sums.crisis)),
    }
    .map(Money::from_cents)
    .ok_or_else(err)?;
    let amount = line_amount(base, rule.rate, &year, rounding).ok_or_else(err)?;
    Ok(Some(LineData {
        mission: None,
        part: Part::Uplift,
        envelope: base,
        achievement: None,
        earned_before_prorata: None,
        rate: Some(rule.rate),
        prorata: year,
        amount,
        at_full_achievement: amount,
        table_amount: None,
        evidence: rule.evidence,
        source: rule.source.as_deref(),
        indicators: &[],
        contract_year: s.contract_year,
    }))
}
