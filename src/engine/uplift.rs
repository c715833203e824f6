//! The uplift for large CPTS: the table's rule (threshold, rate, base, evidence) applied to a
//! contract year's mission remuneration — volets fixes + earned volets variables + crisis amounts;
//! fonctionnement is not raised (reference section 3.5).

use super::EngineError;
use super::lines::{Cents, LineData, line_amount, overflow};
use crate::model::calendar::{ContractYear, Prorata};
use crate::model::money::{Money, Rounding};
use crate::model::tariff::{Part, Uplift, UpliftBase};

/// The uplift line of a year whose other lines sum to `sums`, for a CPTS above the rule's
/// threshold (decided with the year's other lines).
pub(super) fn line<'a>(
    rule: &'a Uplift,
    sums: &Cents,
    year: &ContractYear,
    rounding: Rounding,
) -> Result<LineData<'a>, EngineError> {
    let year_prorata = Prorata::full(year);
    let err = || overflow(None, Part::Uplift);
    let base = match rule.base {
        UpliftBase::Missions => sums
            .fixed
            .checked_add(sums.variable_earned)
            .and_then(|c| c.checked_add(sums.crisis)),
    }
    .map(Money::from_cents)
    .ok_or_else(err)?;
    let amount = line_amount(base, rule.rate, &year_prorata, rounding).ok_or_else(err)?;
    Ok(LineData {
        mission: None,
        part: Part::Uplift,
        envelope: base,
        achievement: None,
        earned_before_prorata: None,
        rate: Some(rule.rate),
        prorata: year_prorata,
        amount,
        at_full_achievement: amount,
        table_amount: None,
        evidence: rule.evidence,
        source: rule.source.as_deref(),
        indicators: &[],
        contract_year: year.number,
    })
}
