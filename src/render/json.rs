//! JSON for programs. Versioned by `schema_version`; money is a string with two decimals, so no
//! reader turns it into a binary float by accident.

use super::{decimal_plain, prorata_plain};
use crate::engine::{Line, Simulation};
use serde::Serialize;

/// Version of the JSON output of `simulate`; raised on any change that could break a reader.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Out<'a> {
    schema_version: u32,
    scenario: &'a str,
    tariff: &'a str,
    tariff_title: &'a str,
    band: &'a str,
    population: u64,
    members: u64,
    contract_year: YearOut,
    lines: Vec<LineOut<'a>>,
    totals: TotalsOut,
    warnings: Vec<WarningOut<'a>>,
}

#[derive(Serialize)]
struct YearOut {
    number: u32,
    from: String,
    to: String,
    days: i64,
}

#[derive(Serialize)]
struct LineOut<'a> {
    mission: Option<&'a str>,
    label: &'a str,
    part: &'a str,
    envelope: String,
    achievement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate: Option<String>,
    prorata: String,
    prorata_days: i64,
    prorata_of: i64,
    amount: String,
    evidence: &'a str,
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    indicators: Vec<IndicatorOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<super::explain::Trace>,
}

#[derive(Serialize)]
struct IndicatorOut<'a> {
    name: &'a str,
    amount: String,
    achievement: String,
}

#[derive(Serialize)]
struct TotalsOut {
    fonctionnement: String,
    fixed: String,
    variable_envelope: String,
    variable_earned: String,
    crisis: String,
    uplift: String,
    total: String,
}

/// A warning in JSON: its stable code and its message.
#[derive(Serialize)]
pub struct WarningOut<'a> {
    code: &'a str,
    message: &'a str,
}

/// Warnings in JSON.
pub fn warnings_out(warnings: &[crate::engine::Warning]) -> Vec<WarningOut<'_>> {
    warnings
        .iter()
        .map(|w| WarningOut {
            code: w.code.as_str(),
            message: &w.message,
        })
        .collect()
}

fn line<'a>(sim: &Simulation, l: &'a Line, explain: bool) -> LineOut<'a> {
    LineOut {
        mission: l.mission.as_deref(),
        label: &l.label,
        part: l.part.as_str(),
        envelope: l.envelope.plain(),
        achievement: l.achievement.map(decimal_plain),
        rate: l.rate.map(decimal_plain),
        prorata: prorata_plain(&l.prorata),
        prorata_days: l.prorata.days,
        prorata_of: l.prorata.of,
        amount: l.amount.plain(),
        evidence: l.evidence.as_str(),
        source: l.source.as_deref(),
        indicators: l
            .indicators
            .iter()
            .map(|i| IndicatorOut {
                name: &i.name,
                amount: i.amount.plain(),
                achievement: decimal_plain(i.achievement),
            })
            .collect(),
        trace: explain.then(|| super::explain::trace(sim, l)),
    }
}

/// The result of `simulate` as pretty-printed JSON.
pub fn simulation(sim: &Simulation, explain: bool) -> String {
    let t = &sim.totals;
    let out = Out {
        schema_version: SCHEMA_VERSION,
        scenario: &sim.scenario,
        tariff: &sim.tariff,
        tariff_title: &sim.tariff_title,
        band: &sim.band.id,
        population: sim.population,
        members: sim.members,
        contract_year: YearOut {
            number: sim.contract_year.number,
            from: sim.contract_year.from.to_string(),
            to: sim.contract_year.to.to_string(),
            days: sim.contract_year.days(),
        },
        lines: sim.lines.iter().map(|l| line(sim, l, explain)).collect(),
        totals: TotalsOut {
            fonctionnement: t.fonctionnement.plain(),
            fixed: t.fixed.plain(),
            variable_envelope: t.variable_envelope.plain(),
            variable_earned: t.variable_earned.plain(),
            crisis: t.crisis.plain(),
            uplift: t.uplift.plain(),
            total: t.total.plain(),
        },
        warnings: warnings_out(&sim.warnings),
    };
    to_pretty(&out)
}

/// Pretty JSON with a final newline. Serialising these plain structs cannot fail.
pub fn to_pretty<T: Serialize>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
