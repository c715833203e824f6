//! One contract year of one CPTS: every line kept (`simulate`) or the totals only (`totals`,
//! for sweeps). The lines are decided in `year`; their arithmetic is in `lines`, the uplift in
//! `uplift`.
use super::indicators;
use super::lines::{Discard, LineData, Sink};
use super::warnings::{self, Warning};
use super::year;
use crate::model::calendar::{ContractYear, Prorata};
use crate::model::money::Money;
use crate::model::scenario::{Paliers, Scenario, Scoring};
use crate::model::tariff::Part;
use crate::model::tariff::{Band, Evidence, TariffTable, Versions};
use rust_decimal::Decimal;

/// Why a computation could not be done. Inputs are checked before the engine runs, so these are
/// limits of arithmetic or of the calendar, reported rather than panicking (worded in
/// `report::errors`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// A sum or product left the range of exact decimals, computing a line.
    Overflow {
        /// The line's mission (`None`: fonctionnement or the uplift).
        mission: Option<String>,
        /// The line's part.
        part: Part,
    },
    /// The population falls in no band of the table.
    NoBand {
        /// The population.
        population: u64,
        /// The table's id.
        tariff: String,
    },
    /// The contract year's dates fall outside the calendar.
    DateOutOfRange(u32),
}

/// One indicator of a volet variable, as used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorUse {
    /// Its short key, when the file gives one.
    pub id: Option<String>,
    /// Name in the contract.
    pub name: String,
    /// Euros at full achievement (a share already turned into euros; paliers: the best).
    pub amount: Money,
    /// How far it was reached: what it earned over what it is worth.
    pub achievement: Decimal,
    /// What it earned, before prorata and rounding.
    pub earned: Money,
    /// How it was scored this year.
    pub kind: IndicatorKind,
}

/// How an indicator was scored in the year computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndicatorKind {
    /// An item, met or not.
    Item {
        /// Met.
        met: bool,
    },
    /// Paliers on a measured value.
    Paliers {
        /// The paliers.
        paliers: Paliers,
        /// The value measured this year.
        measured: Decimal,
        /// The best palier reached (index in `paliers.steps`).
        reached: Option<usize>,
    },
    /// An estimate reached to a fraction.
    Estimate,
}

/// One line of the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Mission id; `None` for fonctionnement and the uplift.
    pub mission: Option<String>,
    /// French label of the mission (or of the line).
    pub label: String,
    /// Which part of the remuneration.
    pub part: Part,
    /// Annual amount at full achievement; for the uplift, its base.
    pub envelope: Money,
    /// Achievement applied (volet variable only).
    pub achievement: Option<Decimal>,
    /// Rate applied (uplift only).
    pub rate: Option<Decimal>,
    /// Share of the year counted.
    pub prorata: Prorata,
    /// What is due, rounded.
    pub amount: Money,
    /// What would be due at full achievement this year, rounded (volet variable: the prorated
    /// envelope; other lines: the amount).
    pub at_full_achievement: Money,
    /// Evidence of the figure the line rests on.
    pub evidence: Evidence,
    /// Source key of that figure.
    pub source: Option<String>,
    /// The table's amount for the band (`None` for the uplift); differs from `envelope` when
    /// the contract's indicators are used.
    pub table_amount: Option<Money>,
    /// Evidence of the table's amount (the line's own evidence is `contract` when the
    /// contract's indicator amounts replace it).
    pub table_evidence: Option<Evidence>,
    /// Source key of the table's amount.
    pub table_source: Option<String>,
    /// How the table's amount was obtained.
    pub note: Option<String>,
    /// The contract's indicators, when the achievement was given by indicator.
    pub indicators: Vec<IndicatorUse>,
}

/// Sums of the lines, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Fonctionnement.
    pub fonctionnement: Money,
    /// Volets fixes of the missions (crisis mission excluded).
    pub fixed: Money,
    /// Volets variables at full achievement, prorated.
    pub variable_envelope: Money,
    /// Volets variables earned.
    pub variable_earned: Money,
    /// Crisis mission: plan or update, and activation.
    pub crisis: Money,
    /// Uplift for large CPTS.
    pub uplift: Money,
    /// Everything due: fonctionnement + fixed + variable earned + crisis + uplift.
    pub total: Money,
}

impl Totals {
    /// Part-by-part sum, or `None` on overflow.
    pub fn checked_add(&self, o: &Totals) -> Option<Totals> {
        Some(Totals {
            fonctionnement: self.fonctionnement.checked_add(o.fonctionnement)?,
            fixed: self.fixed.checked_add(o.fixed)?,
            variable_envelope: self.variable_envelope.checked_add(o.variable_envelope)?,
            variable_earned: self.variable_earned.checked_add(o.variable_earned)?,
            crisis: self.crisis.checked_add(o.crisis)?,
            uplift: self.uplift.checked_add(o.uplift)?,
            total: self.total.checked_add(o.total)?,
        })
    }

    /// Part-by-part difference `self − o`, or `None` on overflow.
    pub fn checked_sub(&self, o: &Totals) -> Option<Totals> {
        Some(Totals {
            fonctionnement: self.fonctionnement.checked_sub(o.fonctionnement)?,
            fixed: self.fixed.checked_sub(o.fixed)?,
            variable_envelope: self.variable_envelope.checked_sub(o.variable_envelope)?,
            variable_earned: self.variable_earned.checked_sub(o.variable_earned)?,
            crisis: self.crisis.checked_sub(o.crisis)?,
            uplift: self.uplift.checked_sub(o.uplift)?,
            total: self.total.checked_sub(o.total)?,
        })
    }
}

/// The result for one CPTS in one contract year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simulation {
    /// Name of the CPTS.
    pub scenario: String,
    /// Tariff version applied.
    pub tariff: String,
    /// Its title.
    pub tariff_title: String,
    /// Band of the population.
    pub band: Band,
    /// Population.
    pub population: u64,
    /// Members.
    pub members: u64,
    /// The uplift applies above this many members, if the table has an uplift.
    pub uplift_threshold: Option<u64>,
    /// The contract year computed.
    pub contract_year: ContractYear,
    /// Lines: fonctionnement, missions in the table's order, uplift.
    pub lines: Vec<Line>,
    /// Sums.
    pub totals: Totals,
    /// What the user must know about this result.
    pub warnings: Vec<Warning>,
    /// The territory's communes, when the population is theirs.
    pub territory: Option<crate::model::territory::Territory>,
}

/// Keeps every line, owned, for output.
struct Keep<'t> {
    table: &'t TariffTable,
    lines: Vec<Line>,
}

impl Keep<'_> {
    fn label(&self, d: &LineData<'_>) -> String {
        match (d.mission, d.part) {
            (Some(m), _) => m.label.clone(),
            (None, Part::Uplift) => self
                .table
                .uplift
                .as_ref()
                .map(|u| u.label.clone())
                .unwrap_or_default(),
            (None, _) => self.table.fonctionnement_label.clone(),
        }
    }
}

impl Sink for Keep<'_> {
    fn line(&mut self, d: &LineData<'_>) {
        let table_envelope = d.table_amount.map_or(Money::ZERO, |a| a.value);
        let indicators = d
            .indicators
            .iter()
            .map(|i| {
                // Same functions as the computation; they cannot fail where it did not.
                let amount = indicators::worth(i, table_envelope).unwrap_or(Money::ZERO);
                let earned =
                    indicators::earned(i, table_envelope, d.contract_year).unwrap_or(Money::ZERO);
                let kind = match &i.scoring {
                    Scoring::Item { met, .. } => IndicatorKind::Item {
                        met: indicators::is_met(met.for_year(d.contract_year)),
                    },
                    Scoring::Paliers(p) => {
                        let measured = p.measured.for_year(d.contract_year);
                        IndicatorKind::Paliers {
                            paliers: p.clone(),
                            measured,
                            reached: indicators::reached(p, measured),
                        }
                    }
                    Scoring::Estimate { .. } => IndicatorKind::Estimate,
                };
                let achievement = match &i.scoring {
                    Scoring::Estimate { achievement, .. } => achievement.for_year(d.contract_year),
                    _ if amount.value().is_zero() => Decimal::ZERO,
                    _ => earned
                        .value()
                        .checked_div(amount.value())
                        .map_or(Decimal::ZERO, |a| a.normalize()),
                };
                IndicatorUse {
                    id: i.id.clone(),
                    name: i.name.clone(),
                    amount,
                    achievement,
                    earned,
                    kind,
                }
            })
            .collect();
        let achievement = match (d.achievement, d.earned_before_prorata) {
            (Some(a), _) => Some(a),
            (None, Some(earned)) if !d.envelope.value().is_zero() => earned
                .value()
                .checked_div(d.envelope.value())
                .map(|a| a.normalize()),
            (None, Some(_)) => Some(Decimal::ZERO),
            (None, None) => None,
        };
        let label = self.label(d);
        self.lines.push(Line {
            mission: d.mission.map(|m| m.id.clone()),
            label,
            part: d.part,
            envelope: d.envelope,
            achievement,
            rate: d.rate,
            prorata: d.prorata,
            amount: d.amount,
            at_full_achievement: d.at_full_achievement,
            evidence: d.evidence,
            source: d.source.map(str::to_string),
            table_amount: d.table_amount.map(|a| a.value),
            table_evidence: d.table_amount.map(|a| a.evidence),
            table_source: d.table_amount.and_then(|a| a.source.clone()),
            note: d.table_amount.and_then(|a| a.note.clone()),
            indicators,
        });
    }
}

/// Computes one contract year of one CPTS under its versions (a table, or a table and the newer
/// version that lends it missions).
///
/// # Errors
///
/// A sum out of range, a population in no band, a year outside the calendar.
pub fn simulate<'t>(
    s: &Scenario,
    versions: impl Into<Versions<'t>>,
) -> Result<Simulation, EngineError> {
    let versions = versions.into();
    let table = versions.table;
    // A fixed and a variable line per mission, fonctionnement and the uplift: grown once.
    let mut keep = Keep {
        table,
        lines: Vec::with_capacity(2 * table.missions.len() + 2),
    };
    let (totals, band, contract_year) = year::evaluate(s, versions, &mut keep)?;
    let lines = keep.lines;
    let warnings = warnings::warnings(s, versions, &contract_year, &lines);
    Ok(Simulation {
        scenario: s.name.clone(),
        tariff: table.id.clone(),
        tariff_title: table.title.clone(),
        band: table.bands[band].clone(),
        population: s.population,
        members: s.members,
        uplift_threshold: table.uplift.as_ref().map(|u| u.members_above),
        contract_year,
        lines,
        totals,
        warnings,
        territory: s.territory.clone(),
    })
}

/// The totals only, with the same decision as [`simulate`] and no line built (volets variables
/// in integers when they can be).
///
/// # Errors
///
/// As [`simulate`].
pub fn totals<'t>(
    s: &Scenario,
    versions: impl Into<Versions<'t>>,
) -> Result<(Totals, usize), EngineError> {
    each_line(s, versions, &mut Discard)
}

/// The lines of a contract year handed to `sink` as they are computed (nothing kept), then its
/// totals and band index.
///
/// # Errors
///
/// As [`simulate`].
pub fn each_line<'t>(
    s: &Scenario,
    versions: impl Into<Versions<'t>>,
    sink: &mut impl super::Sink,
) -> Result<(Totals, usize), EngineError> {
    let (totals, band, _) = year::evaluate(s, versions.into(), sink)?;
    Ok((totals, band))
}
