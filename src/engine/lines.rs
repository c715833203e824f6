//! The lines of a contract year: fonctionnement, then for each mission the CPTS runs its volet
//! fixe and volet variable (or the crisis amounts), prorated by days in the year it starts.

use super::{EngineError, IndicatorUse, Line};
use crate::calendar::{ContractYear, Prorata};
use crate::money::{Money, Rounding};
use crate::scenario::{MissionRun, Scenario, VariableInput, Weight};
use crate::tariff::{Amount, Evidence, Mission, MissionParts, Part, TariffTable};
use rust_decimal::Decimal;

/// `base × factor × prorata`, rounded once: the amount of every line.
pub fn line_amount(
    base: Money,
    factor: Decimal,
    prorata: &Prorata,
    rounding: Rounding,
) -> Option<Money> {
    let scaled = base.checked_mul(factor)?;
    let prorated = if prorata.is_full() {
        scaled
    } else {
        scaled
            .checked_mul(Decimal::from(prorata.days))?
            .checked_div(Decimal::from(prorata.of))?
    };
    Some(prorated.round(rounding))
}

struct Ctx<'a> {
    table: &'a TariffTable,
}

impl Ctx<'_> {
    fn line(
        &self,
        mission: Option<&Mission>,
        part: Part,
        amount: &Amount,
        prorata: Prorata,
    ) -> Result<Line, EngineError> {
        let due = line_amount(amount.value, Decimal::ONE, &prorata, self.table.rounding)
            .ok_or_else(|| overflow(mission, part))?;
        Ok(Line {
            mission: mission.map(|m| m.id.clone()),
            label: mission.map_or_else(
                || self.table.fonctionnement_label.clone(),
                |m| m.label.clone(),
            ),
            part,
            envelope: amount.value,
            achievement: None,
            rate: None,
            prorata,
            amount: due,
            at_full_achievement: due,
            evidence: amount.evidence,
            source: amount.source.clone(),
            indicators: Vec::new(),
        })
    }
}

fn overflow(mission: Option<&Mission>, part: Part) -> EngineError {
    EngineError::Overflow(format!(
        "{} {}",
        mission.map_or("", |m| m.id.as_str()),
        part.as_str()
    ))
}

/// Fonctionnement and the lines of every mission the CPTS runs, in the table's order.
pub(super) fn mission_lines(
    s: &Scenario,
    table: &TariffTable,
    band: usize,
    year: &ContractYear,
) -> Result<Vec<Line>, EngineError> {
    let ctx = Ctx { table };
    let mut lines = vec![ctx.line(
        None,
        Part::Fonctionnement,
        table.fonctionnement.for_band(band),
        Prorata::full(year),
    )?];
    for mission in &table.missions {
        let Some(run) = s.mission(&mission.id) else {
            continue;
        };
        let started = mission.effective_start(s.signed, run.started);
        match &mission.parts {
            MissionParts::Standard { fixed, variable } => {
                let prorata = Prorata::for_start(year, started);
                lines.push(ctx.line(Some(mission), Part::Fixed, fixed.for_band(band), prorata)?);
                lines.push(variable_line(
                    &ctx,
                    mission,
                    run,
                    variable.for_band(band),
                    prorata,
                )?);
            }
            MissionParts::Crisis {
                plan,
                update,
                activation,
            } => {
                if started < year.from {
                    lines.push(ctx.line(
                        Some(mission),
                        Part::CrisisUpdate,
                        update.for_band(band),
                        Prorata::full(year),
                    )?);
                } else {
                    lines.push(ctx.line(
                        Some(mission),
                        Part::CrisisPlan,
                        plan.for_band(band),
                        Prorata::for_start(year, started),
                    )?);
                }
                if s.crisis_recognised && started <= year.to {
                    lines.push(ctx.line(
                        Some(mission),
                        Part::CrisisActivation,
                        activation.for_band(band),
                        Prorata::full(year),
                    )?);
                }
            }
        }
    }
    Ok(lines)
}

fn variable_line(
    ctx: &Ctx,
    mission: &Mission,
    run: &MissionRun,
    envelope: &Amount,
    prorata: Prorata,
) -> Result<Line, EngineError> {
    let rounding = ctx.table.rounding;
    let err = || overflow(Some(mission), Part::Variable);
    let mut line = ctx.line(Some(mission), Part::Variable, envelope, prorata)?;
    match &run.variable {
        Some(VariableInput::Achievement(a)) => {
            line.achievement = Some(*a);
            line.amount = line_amount(envelope.value, *a, &prorata, rounding).ok_or_else(err)?;
        }
        Some(VariableInput::Indicators(list)) => {
            let mut contract_envelope = Money::ZERO;
            let mut earned = Money::ZERO;
            let mut all_amounts = true;
            for ind in list {
                let worth = match ind.weight {
                    Weight::Amount(m) => m,
                    Weight::Share(share) => {
                        all_amounts = false;
                        envelope.value.checked_mul(share).ok_or_else(err)?
                    }
                };
                contract_envelope = contract_envelope.checked_add(worth).ok_or_else(err)?;
                let got = worth.checked_mul(ind.achievement).ok_or_else(err)?;
                earned = earned.checked_add(got).ok_or_else(err)?;
                line.indicators.push(IndicatorUse {
                    name: ind.name.clone(),
                    amount: worth,
                    achievement: ind.achievement,
                });
            }
            // The contract, not the table, is the truth for this CPTS: its indicators make
            // the envelope.
            line.envelope = contract_envelope;
            line.achievement = Some(if contract_envelope.value().is_zero() {
                Decimal::ZERO
            } else {
                earned
                    .value()
                    .checked_div(contract_envelope.value())
                    .ok_or_else(err)?
                    .normalize()
            });
            line.amount = line_amount(earned, Decimal::ONE, &prorata, rounding).ok_or_else(err)?;
            line.at_full_achievement =
                line_amount(contract_envelope, Decimal::ONE, &prorata, rounding).ok_or_else(err)?;
            if all_amounts {
                line.evidence = Evidence::Contract;
                line.source = None;
            }
        }
        None => {
            // Checked on input: a mission with a volet variable always has an achievement.
            line.achievement = Some(Decimal::ZERO);
            line.amount = Money::ZERO;
        }
    }
    Ok(line)
}
