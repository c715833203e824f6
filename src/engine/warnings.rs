//! What the user must know about a result: missing socle missions, late starts, indicators that
//! disagree with the table, figures resting on weak evidence, a table not checked lately.

use super::indicators;
use super::year::earning_from;
use super::{Line, Part};
use crate::model::calendar::{CONTRACT_YEARS, ContractYear, add_months};
use crate::model::money::Money;
use crate::model::scenario::{Indicator, Scenario, VariableInput};
use crate::model::tariff::{Evidence, MissionParts, TariffTable, Versions};
use chrono::NaiveDate;
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
    /// The table carries a notice for the contract year.
    TableNotice,
    /// The scenario runs a mission the version does not have.
    MissionNotInVersion,
    /// More members than inhabitants.
    MembersAbovePopulation,
    /// Achievements given as ranges are computed at their likely value.
    AchievementRanges,
    /// A mission the year's version lacks is paid under a newer version from its start.
    MissionUnderNewerVersion,
    /// The contract year comes after the end of the contract: nothing is paid.
    ContractEnded,
    /// The contract year comes after the fifth, the contract being declared renewed.
    ContractRenewed,
}

impl WarningCode {
    /// Every code.
    pub const ALL: [WarningCode; 18] = [
        WarningCode::ContractEnded,
        WarningCode::ContractRenewed,
        WarningCode::MissionUnderNewerVersion,
        WarningCode::AchievementRanges,
        WarningCode::MembersAbovePopulation,
        WarningCode::TariffNotInForce,
        WarningCode::SocleMissionNotRun,
        WarningCode::MissionNotInVersion,
        WarningCode::StartedBeforeSignature,
        WarningCode::DeadlineMissed,
        WarningCode::MissionNotStarted,
        WarningCode::IndicatorsDoNotMatchEnvelope,
        WarningCode::CrisisNotPaid,
        WarningCode::EstimateEvidence,
        WarningCode::PressOrDerivedEvidence,
        WarningCode::UpliftBriefEvidence,
        WarningCode::TableNotCheckedSince,
        WarningCode::TableNotice,
    ];

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
            WarningCode::TableNotice => "table_notice",
            WarningCode::MissionNotInVersion => "mission_not_in_version",
            WarningCode::MembersAbovePopulation => "members_above_population",
            WarningCode::AchievementRanges => "achievement_ranges",
            WarningCode::MissionUnderNewerVersion => "mission_under_newer_version",
            WarningCode::ContractEnded => "contract_ended",
            WarningCode::ContractRenewed => "contract_renewed",
        }
    }
}

/// What a line is, for a warning that lists lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRef {
    /// The mission's (or the line's) label.
    pub label: String,
    /// Which part.
    pub part: Part,
}

/// Why a recognised crisis pays nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrisisNotPaid {
    /// The version has no crisis mission.
    NoMission {
        /// The version.
        tariff: String,
    },
    /// The CPTS does not run it.
    NotRun {
        /// Its label.
        label: String,
        /// Its id.
        id: String,
    },
    /// It has not started by the end of the year.
    NotStarted {
        /// Its label.
        label: String,
    },
}

/// One warning, with the data that words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The scenario or the command line forces a version not in force on the first day of the
    /// contract year.
    TariffNotInForce {
        /// The version.
        tariff: String,
        /// Whether the command line forced it (`--tariff`, `--against`), not the file.
        by_command: bool,
        /// The first day of the contract year.
        day: NaiveDate,
        /// The contract year.
        year: u32,
    },
    /// A socle mission of the version is not run.
    SocleMissionNotRun {
        /// Its label.
        label: String,
        /// Its id.
        id: String,
        /// The version.
        tariff: String,
    },
    /// A mission's start date precedes the signature.
    StartedBeforeSignature {
        /// The mission's label.
        label: String,
        /// Its start.
        started: NaiveDate,
        /// The signature.
        signed: NaiveDate,
    },
    /// A mission started after its deployment deadline.
    DeadlineMissed {
        /// The mission's label.
        label: String,
        /// Its start.
        started: NaiveDate,
        /// Months allowed.
        months: u32,
        /// The day the deadline counts from when it is not the signature (the mission's
        /// creation).
        created: Option<NaiveDate>,
        /// The last day allowed.
        deadline: NaiveDate,
    },
    /// A mission starts after the contract year: nothing earned.
    MissionNotStarted {
        /// The mission's label.
        label: String,
        /// Its start.
        started: NaiveDate,
        /// The contract year.
        year: u32,
        /// Its last day.
        year_end: NaiveDate,
    },
    /// Indicator shares do not add up to 1.
    IndicatorSharesNotOne {
        /// The mission's label.
        label: String,
        /// Their sum.
        shares: Decimal,
    },
    /// Indicator amounts do not add up to the table's envelope.
    IndicatorsDoNotMatchEnvelope {
        /// The mission's label.
        label: String,
        /// The contract's envelope (sum of its indicators).
        contract: Money,
        /// The table's.
        table: Money,
    },
    /// A crisis is recognised but the crisis mission does not pay it.
    CrisisNotPaid(CrisisNotPaid),
    /// Lines resting on estimates.
    EstimateEvidence(Vec<LineRef>),
    /// Lines resting on press or derived figures.
    PressOrDerivedEvidence(Vec<LineRef>),
    /// The uplift rests on the project's brief only.
    UpliftBriefEvidence {
        /// The uplift.
        amount: Money,
        /// Its evidence.
        evidence: Evidence,
    },
    /// A notice of the table concerns the contract year.
    TableNotice {
        /// The version.
        tariff: String,
        /// The notice's first day.
        from: NaiveDate,
        /// What the user must know.
        text: String,
        /// The same in French, when the table gives it.
        text_fr: Option<String>,
        /// Its source key.
        source: Option<String>,
    },
    /// Achievements are given as ranges: computed at their likely value (`risk` draws them).
    AchievementRanges,
    /// More members than inhabitants: probably a mistake in one of the two.
    MembersAbovePopulation {
        /// Members.
        members: u64,
        /// Inhabitants.
        population: u64,
    },
    /// The scenario runs a mission the version does not have: it earns nothing under it.
    MissionNotInVersion {
        /// The mission's id.
        id: String,
        /// The version.
        tariff: String,
    },
    /// A mission the year's version lacks, paid under a newer version from a day of the year.
    MissionUnderNewerVersion {
        /// The mission's label.
        label: String,
        /// The version of the contract year.
        tariff: String,
        /// The newer version that pays it.
        newer: String,
        /// The day it is paid from.
        from: NaiveDate,
    },
    /// The contract year comes after the end of the contract, which was not declared renewed.
    ContractEnded {
        /// The contract year asked.
        year: u32,
        /// The first day of that year.
        from: NaiveDate,
        /// The last day of the contract.
        ended_on: NaiveDate,
        /// Its length in contract years.
        years: u32,
    },
    /// A contract year after the fifth, the contract being declared renewed.
    ContractRenewed {
        /// The contract year.
        year: u32,
        /// The contract's length before its renewal, in contract years.
        years: u32,
    },
    /// The contract year starts after the table was last checked.
    TableNotCheckedSince {
        /// The version.
        tariff: String,
        /// When it was last checked.
        checked_on: NaiveDate,
        /// The contract year.
        year: u32,
        /// Its first day.
        from: NaiveDate,
    },
}

impl Warning {
    /// Its stable code.
    pub fn code(&self) -> WarningCode {
        match self {
            Warning::TariffNotInForce { .. } => WarningCode::TariffNotInForce,
            Warning::SocleMissionNotRun { .. } => WarningCode::SocleMissionNotRun,
            Warning::StartedBeforeSignature { .. } => WarningCode::StartedBeforeSignature,
            Warning::DeadlineMissed { .. } => WarningCode::DeadlineMissed,
            Warning::MissionNotStarted { .. } => WarningCode::MissionNotStarted,
            Warning::IndicatorSharesNotOne { .. }
            | Warning::IndicatorsDoNotMatchEnvelope { .. } => {
                WarningCode::IndicatorsDoNotMatchEnvelope
            }
            Warning::CrisisNotPaid(_) => WarningCode::CrisisNotPaid,
            Warning::EstimateEvidence(_) => WarningCode::EstimateEvidence,
            Warning::PressOrDerivedEvidence(_) => WarningCode::PressOrDerivedEvidence,
            Warning::UpliftBriefEvidence { .. } => WarningCode::UpliftBriefEvidence,
            Warning::TableNotCheckedSince { .. } => WarningCode::TableNotCheckedSince,
            Warning::TableNotice { .. } => WarningCode::TableNotice,
            Warning::MissionNotInVersion { .. } => WarningCode::MissionNotInVersion,
            Warning::MembersAbovePopulation { .. } => WarningCode::MembersAbovePopulation,
            Warning::AchievementRanges => WarningCode::AchievementRanges,
            Warning::MissionUnderNewerVersion { .. } => WarningCode::MissionUnderNewerVersion,
            Warning::ContractEnded { .. } => WarningCode::ContractEnded,
            Warning::ContractRenewed { .. } => WarningCode::ContractRenewed,
        }
    }
}

/// Every warning for a computed year, in a fixed order.
pub(super) fn warnings(
    s: &Scenario,
    versions: Versions<'_>,
    year: &ContractYear,
    lines: &[Line],
) -> Vec<Warning> {
    let table = versions.table;
    let mut out = Vec::new();
    if let Some(ended_on) = s.contract_end().filter(|_| s.after_end(year.number)) {
        out.push(Warning::ContractEnded {
            year: year.number,
            from: year.from,
            ended_on,
            years: CONTRACT_YEARS,
        });
        return out;
    }
    if year.number > CONTRACT_YEARS {
        out.push(Warning::ContractRenewed {
            year: year.number,
            years: CONTRACT_YEARS,
        });
    }
    if !super::risk::ranged(s).is_empty() {
        out.push(Warning::AchievementRanges);
    }
    if s.members > s.population {
        out.push(Warning::MembersAbovePopulation {
            members: s.members,
            population: s.population,
        });
    }
    if s.tariff.is_some() && !table.in_force_on(year.from) {
        out.push(Warning::TariffNotInForce {
            tariff: table.id.clone(),
            by_command: s.tariff_from_command,
            day: year.from,
            year: year.number,
        });
    }
    for m in table.missions.iter().filter(|m| m.socle) {
        if s.mission(&m.id).is_none() {
            out.push(Warning::SocleMissionNotRun {
                label: m.label.clone(),
                id: m.id.clone(),
                tariff: table.id.clone(),
            });
        }
    }
    for run in &s.missions {
        let lent = versions
            .lender
            .and_then(|lender| Some((lender, lender.mission(&run.id)?)));
        let m = match (table.mission(&run.id), lent) {
            (Some(m), _) => m,
            (None, Some((lender, m))) => {
                let from = earning_from(m, lender, true, s.signed, run.started);
                if from <= year.to {
                    out.push(Warning::MissionUnderNewerVersion {
                        label: m.label.clone(),
                        tariff: table.id.clone(),
                        newer: lender.id.clone(),
                        from,
                    });
                }
                m
            }
            (None, None) => {
                out.push(Warning::MissionNotInVersion {
                    id: run.id.clone(),
                    tariff: table.id.clone(),
                });
                continue;
            }
        };
        let Some(started) = run.started else {
            continue;
        };
        if started < s.signed {
            out.push(Warning::StartedBeforeSignature {
                label: m.label.clone(),
                started,
                signed: s.signed,
            });
        }
        let counted_from = m.deadlines_from(s.signed);
        if let Some(months) = m.start_within_months
            && let Some(deadline) = add_months(counted_from, months)
            && started > deadline
        {
            out.push(Warning::DeadlineMissed {
                label: m.label.clone(),
                started,
                months,
                created: (counted_from != s.signed).then_some(counted_from),
                deadline,
            });
        }
        if started > year.to {
            out.push(Warning::MissionNotStarted {
                label: m.label.clone(),
                started,
                year: year.number,
                year_end: year.to,
            });
        }
    }
    indicator_warnings(s, lines, &mut out);
    if s.crisis_recognised() && !lines.iter().any(|l| l.part == Part::CrisisActivation) {
        let why = match crisis_mission(table).or_else(|| versions.lender.and_then(crisis_mission)) {
            None => CrisisNotPaid::NoMission {
                tariff: table.id.clone(),
            },
            Some(m) if s.mission(&m.id).is_none() => CrisisNotPaid::NotRun {
                label: m.label.clone(),
                id: m.id.clone(),
            },
            Some(m) => CrisisNotPaid::NotStarted {
                label: m.label.clone(),
            },
        };
        out.push(Warning::CrisisNotPaid(why));
    }
    evidence_warnings(lines, &mut out);
    if year.from > table.checked_on {
        out.push(Warning::TableNotCheckedSince {
            tariff: table.id.clone(),
            checked_on: table.checked_on,
            year: year.number,
            from: year.from,
        });
    }
    for n in table.notices.iter().filter(|n| year.from >= n.from) {
        out.push(Warning::TableNotice {
            tariff: table.id.clone(),
            from: n.from,
            text: n.text.clone(),
            text_fr: n.text_fr.clone(),
            source: n.source.clone(),
        });
    }
    out
}

/// The crisis mission of a version, if it has one.
fn crisis_mission(t: &TariffTable) -> Option<&crate::model::tariff::Mission> {
    t.missions
        .iter()
        .find(|m| matches!(m.parts, MissionParts::Crisis { .. }))
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
        let shares: Option<Vec<Decimal>> = list.iter().map(Indicator::share).collect();
        if let Some(shares) = shares {
            let shares: Decimal = shares.into_iter().sum();
            if shares != Decimal::ONE {
                out.push(Warning::IndicatorSharesNotOne {
                    label: line.label.clone(),
                    shares: shares.normalize(),
                });
            }
            continue;
        }
        // What the contract's indicators add up to, before the table's envelope caps it.
        let contract = list
            .iter()
            .map(|i| indicators::worth(i, table_envelope))
            .try_fold(Money::ZERO, |sum, w| sum.checked_add(w?));
        if let Some(contract) = contract
            && contract != table_envelope
        {
            out.push(Warning::IndicatorsDoNotMatchEnvelope {
                label: line.label.clone(),
                contract,
                table: table_envelope,
            });
        }
    }
}

fn evidence_warnings(lines: &[Line], out: &mut Vec<Warning>) {
    let with = |level: &[Evidence]| -> Vec<LineRef> {
        lines
            .iter()
            .filter(|l| {
                l.part != Part::Uplift && l.amount != Money::ZERO && level.contains(&l.evidence)
            })
            .map(|l| LineRef {
                label: l.label.clone(),
                part: l.part,
            })
            .collect()
    };
    let estimates = with(&[Evidence::Estimate]);
    if !estimates.is_empty() {
        out.push(Warning::EstimateEvidence(estimates));
    }
    let weak = with(&[Evidence::Press, Evidence::Derived]);
    if !weak.is_empty() {
        out.push(Warning::PressOrDerivedEvidence(weak));
    }
    if let Some(u) = lines.iter().find(|l| l.part == Part::Uplift)
        && u.evidence.is_weak()
    {
        out.push(Warning::UpliftBriefEvidence {
            amount: u.amount,
            evidence: u.evidence,
        });
    }
}
