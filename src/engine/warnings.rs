//! What the user must know about a result: missing socle missions, late starts, indicators that
//! disagree with the table, figures resting on weak evidence, a table not checked lately.

use super::{Line, Part};
use crate::model::calendar::{ContractYear, add_months};
use crate::model::money::Money;
use crate::model::scenario::{Scenario, VariableInput, Weight};
use crate::model::tariff::{Evidence, MissionParts, TariffTable};
use rust_decimal::Decimal;

/// Kinds of warning; the code is stable for programs reading the JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningCode {
    /// The scenario names a version not in force on the first day of the contract year.
    TariffNotInForce,
    /// A socle mission of the version is not run.
    SocleMissionNotRun,
    /// A mission started after its deployment deadline.
    DeadlineMissed,
    /// A mission starts after the contract year: nothing earned.
    MissionNotStarted,
    /// A mission's start date precedes the signature: counted from the signature.
    StartedBeforeSignature,
    /// Indicator amounts (or shares) do not add up to the table's envelope.
    IndicatorsDoNotMatchEnvelope,
    /// A crisis is recognised but the crisis mission does not pay it.
    CrisisNotPaid,
    /// A line rests on an estimate.
    EstimateEvidence,
    /// A line rests on press or derived figures.
    PressOrDerivedEvidence,
    /// The uplift rests on the project's brief only.
    UpliftBriefEvidence,
    /// The contract year starts after the table was last checked.
    TableNotCheckedSince,
}

impl WarningCode {
    /// Identifier in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::TariffNotInForce => "tariff_not_in_force",
            WarningCode::SocleMissionNotRun => "socle_mission_not_run",
            WarningCode::DeadlineMissed => "deadline_missed",
            WarningCode::MissionNotStarted => "mission_not_started",
            WarningCode::StartedBeforeSignature => "started_before_signature",
            WarningCode::IndicatorsDoNotMatchEnvelope => "indicators_do_not_match_envelope",
            WarningCode::CrisisNotPaid => "crisis_not_paid",
            WarningCode::EstimateEvidence => "estimate_evidence",
            WarningCode::PressOrDerivedEvidence => "press_or_derived_evidence",
            WarningCode::UpliftBriefEvidence => "uplift_brief_evidence",
            WarningCode::TableNotCheckedSince => "table_not_checked_since",
        }
    }
}

/// One warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Stable code.
    pub code: WarningCode,
    /// Sentence for people.
    pub message: String,
}

fn warn(out: &mut Vec<Warning>, code: WarningCode, message: String) {
    out.push(Warning { code, message });
}

/// Every warning for a computed year, in a fixed order.
pub(super) fn warnings(
    s: &Scenario,
    table: &TariffTable,
    year: &ContractYear,
    lines: &[Line],
) -> Vec<Warning> {
    let mut out = Vec::new();
    if s.tariff.is_some() && !table.in_force_on(year.from) {
        warn(
            &mut out,
            WarningCode::TariffNotInForce,
            format!(
                "tariff {} is forced by the scenario but is not in force on {}, the first day of contract year {}",
                table.id, year.from, year.number
            ),
        );
    }
    for m in table.missions.iter().filter(|m| m.socle) {
        if s.mission(&m.id).is_none() {
            warn(
                &mut out,
                WarningCode::SocleMissionNotRun,
                format!(
                    "socle mission « {} » ({}) is not run: every CPTS must run the socle missions of {}",
                    m.label, m.id, table.id
                ),
            );
        }
    }
    for run in &s.missions {
        let Some(m) = table.mission(&run.id) else {
            continue;
        };
        let Some(started) = run.started else {
            continue;
        };
        if started < s.signed {
            warn(
                &mut out,
                WarningCode::StartedBeforeSignature,
                format!(
                    "« {} » started on {started}, before the signature ({}): counted from the signature",
                    m.label, s.signed
                ),
            );
        }
        let counted_from = m.deadlines_from(s.signed);
        if let Some(months) = m.start_within_months
            && let Some(deadline) = add_months(counted_from, months)
            && started > deadline
        {
            let from = if counted_from == s.signed {
                "the signature".to_string()
            } else {
                format!("the mission's creation ({counted_from})")
            };
            warn(
                &mut out,
                WarningCode::DeadlineMissed,
                format!(
                    "« {} » started on {started}, after its deadline: it must start within {months} months of {from}, by {deadline}",
                    m.label
                ),
            );
        }
        if started > year.to {
            warn(
                &mut out,
                WarningCode::MissionNotStarted,
                format!(
                    "« {} » starts on {started}, after contract year {} ends ({}): nothing is earned for it this year",
                    m.label, year.number, year.to
                ),
            );
        }
    }
    indicator_warnings(s, lines, &mut out);
    if s.crisis_recognised() && !lines.iter().any(|l| l.part == Part::CrisisActivation) {
        let why = match table
            .missions
            .iter()
            .find(|m| matches!(m.parts, MissionParts::Crisis { .. }))
        {
            None => format!("{} has no crisis mission", table.id),
            Some(m) if s.mission(&m.id).is_none() => {
                format!("the CPTS does not run « {} » ({})", m.label, m.id)
            }
            Some(m) => format!(
                "« {} » has not started by the end of the contract year",
                m.label
            ),
        };
        warn(
            &mut out,
            WarningCode::CrisisNotPaid,
            format!("a crisis is recognised but no activation amount is due: {why}"),
        );
    }
    evidence_warnings(lines, &mut out);
    if year.from > table.checked_on {
        warn(
            &mut out,
            WarningCode::TableNotCheckedSince,
            format!(
                "tariff {} was last checked against its sources on {}, before contract year {} starts ({}): a later avenant may have changed the amounts",
                table.id, table.checked_on, year.number, year.from
            ),
        );
    }
    out
}

fn indicator_warnings(s: &Scenario, lines: &[Line], out: &mut Vec<Warning>) {
    for line in lines.iter().filter(|l| l.part == Part::Variable) {
        let Some(run) = line.mission.as_deref().and_then(|id| s.mission(id)) else {
            continue;
        };
        let Some(VariableInput::Indicators(list)) = &run.variable else {
            continue;
        };
        let Some(table_envelope) = line.table_amount else {
            continue;
        };
        if list.iter().all(|i| matches!(i.weight, Weight::Share(_))) {
            let shares: Decimal = list
                .iter()
                .filter_map(|i| match i.weight {
                    Weight::Share(x) => Some(x),
                    Weight::Amount(_) => None,
                })
                .sum();
            if shares != Decimal::ONE {
                warn(
                    out,
                    WarningCode::IndicatorsDoNotMatchEnvelope,
                    format!(
                        "the indicator shares of « {} » add up to {}, not 1: the variable part is computed on {} of the table's envelope",
                        line.label,
                        shares.normalize(),
                        shares.normalize()
                    ),
                );
            }
        } else if line.envelope != table_envelope {
            warn(
                out,
                WarningCode::IndicatorsDoNotMatchEnvelope,
                format!(
                    "the indicators of « {} » add up to {} but the table's envelope is {}: the contract, not the table, is the truth for this CPTS, so its indicators are used",
                    line.label,
                    line.envelope.french(),
                    table_envelope.french()
                ),
            );
        }
    }
}

fn describe(line: &Line) -> String {
    match line.part {
        Part::Fonctionnement | Part::Uplift => line.label.to_lowercase(),
        part => format!("{} {}", line.label, part.label()),
    }
}

fn evidence_warnings(lines: &[Line], out: &mut Vec<Warning>) {
    let with = |level: &[Evidence]| -> Vec<String> {
        lines
            .iter()
            .filter(|l| {
                l.part != Part::Uplift && l.amount != Money::ZERO && level.contains(&l.evidence)
            })
            .map(describe)
            .collect()
    };
    let estimates = with(&[Evidence::Estimate]);
    if !estimates.is_empty() {
        warn(
            out,
            WarningCode::EstimateEvidence,
            format!(
                "these amounts are estimates that no source states: {}",
                estimates.join("; ")
            ),
        );
    }
    let weak = with(&[Evidence::Press, Evidence::Derived]);
    if !weak.is_empty() {
        warn(
            out,
            WarningCode::PressOrDerivedEvidence,
            format!(
                "these amounts rest on press reports or are derived from sourced totals, not on an official text or a signed contract: {}",
                weak.join("; ")
            ),
        );
    }
    if let Some(u) = lines.iter().find(|l| l.part == Part::Uplift)
        && u.evidence.is_weak()
    {
        warn(
            out,
            WarningCode::UpliftBriefEvidence,
            format!(
                "the uplift ({}) rests on `{}` evidence: no public text of the ACI confirms it",
                u.amount.french(),
                u.evidence.as_str()
            ),
        );
    }
}
