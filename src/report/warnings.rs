//! Warnings in words: the engine's typed warnings, worded by the catalog.

use super::WarningItem;
use super::format::{date, decimal_plain, integer, money, part_word};
use crate::catalog::Lang;
use crate::engine::{CrisisNotPaid, LineRef, Part, Warning};

/// A line as a warning names it: `Parcours pluriprofessionnels volet fixe`, `fonctionnement`.
fn describe(lang: Lang, line: &LineRef) -> String {
    match line.part {
        Part::Fonctionnement | Part::Uplift => line.label.to_lowercase(),
        part => format!("{} {}", line.label, part_word(lang, part)),
    }
}

fn lines(lang: Lang, list: &[LineRef]) -> String {
    list.iter()
        .map(|l| describe(lang, l))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The sentence of a warning.
pub fn message(lang: Lang, w: &Warning) -> String {
    let key = |k: &str| format!("warning.{k}");
    match w {
        Warning::TariffNotInForce {
            tariff,
            by_command,
            day,
            year,
        } => lang.fill(
            &key(if *by_command {
                "tariff_not_in_force_by_command"
            } else {
                "tariff_not_in_force"
            }),
            &[
                ("tariff", tariff),
                ("day", &date(lang, *day)),
                ("year", &year.to_string()),
            ],
        ),
        Warning::SocleMissionNotRun { label, id, tariff } => lang.fill(
            &key("socle_mission_not_run"),
            &[("label", label), ("id", id), ("tariff", tariff)],
        ),
        Warning::StartedBeforeSignature {
            label,
            started,
            signed,
        } => lang.fill(
            &key("started_before_signature"),
            &[
                ("label", label),
                ("started", &date(lang, *started)),
                ("signed", &date(lang, *signed)),
            ],
        ),
        Warning::DeadlineMissed {
            label,
            started,
            months,
            created,
            deadline,
        } => {
            let from = match created {
                None => lang.t("warning.deadline_from_signature").to_string(),
                Some(d) => lang.fill(
                    "warning.deadline_from_creation",
                    &[("created", &date(lang, *d))],
                ),
            };
            lang.fill(
                &key("deadline_missed"),
                &[
                    ("label", label),
                    ("started", &date(lang, *started)),
                    ("months", &months.to_string()),
                    ("from", &from),
                    ("deadline", &date(lang, *deadline)),
                ],
            )
        }
        Warning::MissionNotStarted {
            label,
            started,
            year,
            year_end,
        } => lang.fill(
            &key("mission_not_started"),
            &[
                ("label", label),
                ("started", &date(lang, *started)),
                ("year", &year.to_string()),
                ("year_end", &date(lang, *year_end)),
            ],
        ),
        Warning::IndicatorSharesNotOne { label, shares } => lang.fill(
            &key("indicator_shares_not_one"),
            &[("label", label), ("shares", &decimal_plain(*shares))],
        ),
        Warning::IndicatorsDoNotMatchEnvelope {
            label,
            contract,
            table,
        } => lang.fill(
            &key(if contract > table {
                "indicators_above_envelope"
            } else {
                "indicators_do_not_match_envelope"
            }),
            &[
                ("label", label),
                ("contract", &money(*contract)),
                ("table", &money(*table)),
            ],
        ),
        Warning::CrisisNotPaid(why) => {
            let why = match why {
                CrisisNotPaid::NoMission { tariff } => {
                    lang.fill("warning.crisis_no_mission", &[("tariff", tariff)])
                }
                CrisisNotPaid::NotRun { label, id } => {
                    lang.fill("warning.crisis_not_run", &[("label", label), ("id", id)])
                }
                CrisisNotPaid::NotStarted { label } => {
                    lang.fill("warning.crisis_not_started", &[("label", label)])
                }
            };
            lang.fill(&key("crisis_not_paid"), &[("why", &why)])
        }
        Warning::EstimateEvidence(list) => {
            lang.fill(&key("estimate_evidence"), &[("lines", &lines(lang, list))])
        }
        Warning::PressOrDerivedEvidence(list) => lang.fill(
            &key("press_or_derived_evidence"),
            &[("lines", &lines(lang, list))],
        ),
        Warning::UpliftBriefEvidence { amount, evidence } => lang.fill(
            &key("uplift_brief_evidence"),
            &[
                ("amount", &money(*amount)),
                ("evidence", super::format::evidence_word(lang, *evidence)),
            ],
        ),
        Warning::TableNotice {
            tariff,
            from,
            text,
            text_fr,
            source,
        } => lang.fill(
            &key("table_notice"),
            &[
                ("tariff", tariff),
                ("from", &date(lang, *from)),
                (
                    "text",
                    match (lang, text_fr) {
                        (crate::catalog::Lang::Fr, Some(fr)) => fr,
                        _ => text,
                    },
                ),
                (
                    "source",
                    &source
                        .as_ref()
                        .map(|s| lang.fill("warning.source_suffix", &[("source", s)]))
                        .unwrap_or_default(),
                ),
            ],
        ),
        Warning::AchievementRanges => lang.t("warning.achievement_ranges").to_string(),
        Warning::MembersAbovePopulation {
            members,
            population,
        } => lang.fill(
            &key("members_above_population"),
            &[
                ("members", &integer(*members)),
                ("population", &integer(*population)),
            ],
        ),
        Warning::MissionNotInVersion { id, tariff } => lang.fill(
            &key("mission_not_in_version"),
            &[("id", id), ("tariff", tariff)],
        ),
        Warning::MissionUnderNewerVersion {
            label,
            tariff,
            newer,
            from,
        } => lang.fill(
            &key("mission_under_newer_version"),
            &[
                ("label", label),
                ("tariff", tariff),
                ("newer", newer),
                ("from", &date(lang, *from)),
            ],
        ),
        Warning::ContractEnded {
            year,
            from,
            ended_on,
            years,
        } => lang.fill(
            &key("contract_ended"),
            &[
                ("year", &year.to_string()),
                ("from", &date(lang, *from)),
                ("ended_on", &date(lang, *ended_on)),
                ("years", &years.to_string()),
            ],
        ),
        Warning::ContractRenewed { year, years } => lang.fill(
            &key("contract_renewed"),
            &[("year", &year.to_string()), ("years", &years.to_string())],
        ),
        Warning::TableNotCheckedSince {
            tariff,
            checked_on,
            year,
            from,
        } => lang.fill(
            &key("table_not_checked_since"),
            &[
                ("tariff", tariff),
                ("checked_on", &date(lang, *checked_on)),
                ("year", &year.to_string()),
                ("from", &date(lang, *from)),
            ],
        ),
    }
}

/// A warning as output.
pub fn item(lang: Lang, w: &Warning, scope: Option<&str>) -> WarningItem {
    WarningItem {
        code: w.code().as_str().to_string(),
        message: message(lang, w),
        scope: scope.map(str::to_string),
    }
}

/// The warnings of a result, in order.
pub fn items(lang: Lang, warnings: &[Warning], scope: Option<&str>) -> Vec<WarningItem> {
    warnings.iter().map(|w| item(lang, w, scope)).collect()
}

/// A warning and the contract years it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByYears {
    /// The contract years (numbers, ascending).
    pub years: Vec<u32>,
    /// The warning.
    pub item: WarningItem,
}

/// Warnings of several contract years, each sentence once with the years it concerns, in
/// first-seen order.
pub fn by_years<'a>(
    lang: Lang,
    all: impl IntoIterator<Item = (u32, &'a [Warning])>,
) -> Vec<ByYears> {
    let mut out: Vec<ByYears> = Vec::new();
    for (year, warnings) in all {
        for w in warnings {
            let i = item(lang, w, None);
            match out.iter_mut().find(|o| o.item == i) {
                Some(o) if !o.years.contains(&year) => {
                    o.years.push(year);
                    o.years.sort_unstable();
                }
                Some(_) => {}
                None => out.push(ByYears {
                    years: vec![year],
                    item: i,
                }),
            }
        }
    }
    out
}

/// Contract years in words: "5", "1 à 5", "1, 3 et 4".
pub fn years_words(lang: Lang, years: &[u32]) -> String {
    let contiguous = years.windows(2).all(|w| w[1] == w[0] + 1);
    match years {
        [] => String::new(),
        [one] => one.to_string(),
        [first, .., last] if contiguous => lang.fill(
            "workbook.years_range",
            &[("from", &first.to_string()), ("to", &last.to_string())],
        ),
        [head @ .., last] => lang.fill(
            "workbook.years_list",
            &[
                (
                    "head",
                    &head
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ("last", &last.to_string()),
            ],
        ),
    }
}

/// Warnings of several results (the years of a forecast), each once, in first-seen order. A
/// warning about the table or its evidence is said once, for the first year it concerns; one
/// about a mission's dates once per mission and fact.
pub fn unique<'a>(lang: Lang, all: impl IntoIterator<Item = &'a Warning>) -> Vec<WarningItem> {
    let mut out: Vec<WarningItem> = Vec::new();
    for w in all {
        let i = item(lang, w, None);
        let once_per_code = matches!(
            w,
            Warning::TableNotCheckedSince { .. }
                | Warning::TariffNotInForce { .. }
                | Warning::TableNotice { .. }
                | Warning::EstimateEvidence(_)
                | Warning::PressOrDerivedEvidence(_)
                | Warning::UpliftBriefEvidence { .. }
        );
        if !out
            .iter()
            .any(|o| o.code == i.code && (once_per_code || o.message == i.message))
        {
            out.push(i);
        }
    }
    out
}
