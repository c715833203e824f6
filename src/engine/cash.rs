//! The cash view (reference section 7): what lands in the bank, and when, over the life of a
//! contract — as opposed to what each contract year is entitled to. Each contract year's lines
//! (computed by the engine) are split into dated payments, by the table's `[payments]` rule:
//! fonctionnement of contract year 1 in full at the signature (accord 2019 art. 9.1), then like the
//! volets fixes — 75 % when the year or the mission starts and 25 % on the anniversary that closes
//! it; the volet variable on that anniversary plus the table's delay. Splits are exact: over a contract the payments add up to
//! the entitlements, to the cent.

use crate::engine::{self, EngineError, Simulation};
use crate::model::calendar::{ContractYear, add_months};
use crate::model::money::Money;
use crate::model::scenario::Scenario;
use crate::model::tariff::{FirstYear, Part, Registry, TariffTable};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What a payment is for, in the year's rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A whole amount at once: fonctionnement of contract year 1, at the signature.
    InFull,
    /// The advance of a fixed amount, when the year (or the mission) starts.
    Advance,
    /// The balance of a fixed amount, on the anniversary that closes the year.
    Balance,
    /// An amount that depends on results, after the year's assessment.
    Results,
}

impl Kind {
    /// Identifier in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::InFull => "in_full",
            Kind::Advance => "advance",
            Kind::Balance => "balance",
            Kind::Results => "results",
        }
    }
}

/// One payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// When it lands.
    pub date: NaiveDate,
    /// The contract year it belongs to.
    pub contract_year: u32,
    /// The line it pays.
    pub part: Part,
    /// The mission; `None` for fonctionnement and the uplift.
    pub mission: Option<String>,
    /// Label for people.
    pub label: String,
    /// Advance, balance or results.
    pub kind: Kind,
    /// The amount.
    pub amount: Money,
    /// Certain (fonctionnement, volets fixes, crisis plan, the uplift on them) or depending on
    /// results (volets variables, crisis activation, the uplift on them).
    pub certain: bool,
}

/// What a contract year is entitled to.
#[derive(Debug, Clone)]
pub struct YearEntitlement {
    /// The year's result from the engine.
    pub simulation: Simulation,
    /// Fonctionnement, volets fixes, crisis plan or update, and the uplift on them.
    pub certain: Money,
    /// Volets variables, crisis activation, and the uplift on them.
    pub at_risk: Money,
}

/// The assumptions the cash view rests on, shown with it: the public texts give the rhythm of
/// the volets fixes only.
pub const ASSUMPTIONS: [&str; 4] = [
    "fonctionnement follows the rhythm of the volets fixes from the signature: the advance when each contract year starts, the balance on the anniversary that closes it (assumption: only the volets fixes' rhythm is published)",
    "the volet variable of a contract year is paid on the anniversary that closes it, plus the table's delay (assumption: the texts say only \"after the yearly assessment\")",
    "the crisis plan and its updates follow the rhythm of the volets fixes; an activation amount is paid with the volet variable (assumption)",
    "the uplift of a contract year is paid on the anniversary that closes it, split into the part on certain amounts and the part on results (assumption)",
];

/// Every payment of a contract, and every year's entitlement.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Payments by date (then by contract year and line order).
    pub payments: Vec<Payment>,
    /// One entitlement per contract year, in order.
    pub years: Vec<YearEntitlement>,
}

/// Why a schedule cannot be computed (worded in `report::errors`).
#[derive(Debug)]
pub enum CashError {
    /// No table for a contract year: its first day, its number.
    NoTable(NaiveDate, u32),
    /// The engine failed.
    Engine(EngineError),
    /// The table (its id) says nothing of when money is paid.
    NoPayments(String),
    /// A date or an amount out of range.
    Range(OutOfRange),
}

/// What left its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutOfRange {
    /// A contract year's dates.
    ContractYear,
    /// A payment's date.
    Date,
    /// An amount.
    Amount,
}

impl From<EngineError> for CashError {
    fn from(e: EngineError) -> CashError {
        CashError::Engine(e)
    }
}

fn split(amount: Money, rate: Decimal, table: &TariffTable) -> Option<(Money, Money)> {
    let advance = amount.checked_mul(rate)?.round(table.rounding);
    Some((advance, amount.checked_sub(advance)?))
}

/// The payments and entitlements of contract years 1 to `years`. The table is `forced`, or the
/// version in force on the first day of each year.
pub fn schedule(
    scenario: &Scenario,
    registry: &Registry,
    forced: Option<&TariffTable>,
    years: u32,
) -> Result<Schedule, CashError> {
    let mut s = scenario.clone();
    let mut payments = Vec::new();
    let mut entitlements = Vec::new();
    let range = CashError::Range;
    for n in 1..=years {
        s.contract_year = n;
        let year = ContractYear::of(s.signed, n).ok_or_else(|| range(OutOfRange::ContractYear))?;
        let table = match forced {
            Some(t) => t,
            None => registry
                .in_force_on(year.from)
                .ok_or(CashError::NoTable(year.from, n))?,
        };
        let sim = engine::simulate(&s, table)?;
        let rule = table
            .payments
            .as_ref()
            .ok_or_else(|| CashError::NoPayments(table.id.clone()))?;
        let closing = year.to.succ_opt().ok_or_else(|| range(OutOfRange::Date))?;
        let results_day = add_months(closing, rule.variable_delay_months)
            .ok_or_else(|| range(OutOfRange::Date))?;
        let mut certain = Money::ZERO;
        let mut at_risk = Money::ZERO;
        let mut risk_base = Money::ZERO;
        for line in &sim.lines {
            let pay = |date, kind, amount, certain: bool| Payment {
                date,
                contract_year: n,
                part: line.part,
                mission: line.mission.clone(),
                label: line.label.clone(),
                kind,
                amount,
                certain,
            };
            if line.amount == Money::ZERO {
                continue;
            }
            match line.part {
                Part::Fonctionnement
                    if n == 1 && rule.fonctionnement_first_year == FirstYear::InFullAtSignature =>
                {
                    payments.push(pay(year.from, Kind::InFull, line.amount, true));
                    certain = certain
                        .checked_add(line.amount)
                        .ok_or(CashError::Range(OutOfRange::Amount))?;
                }
                Part::Fonctionnement | Part::Fixed | Part::CrisisPlan | Part::CrisisUpdate => {
                    let (advance, balance) = split(line.amount, rule.fixed_advance, table)
                        .ok_or_else(|| range(OutOfRange::Amount))?;
                    let start = line
                        .prorata
                        .start
                        .filter(|d| *d > year.from)
                        .unwrap_or(year.from);
                    payments.push(pay(start, Kind::Advance, advance, true));
                    payments.push(pay(closing, Kind::Balance, balance, true));
                    certain = certain
                        .checked_add(line.amount)
                        .ok_or_else(|| range(OutOfRange::Amount))?;
                }
                Part::Variable | Part::CrisisActivation => {
                    payments.push(pay(results_day, Kind::Results, line.amount, false));
                    at_risk = at_risk
                        .checked_add(line.amount)
                        .ok_or_else(|| range(OutOfRange::Amount))?;
                    risk_base = risk_base
                        .checked_add(line.amount)
                        .ok_or_else(|| range(OutOfRange::Amount))?;
                }
                Part::Uplift => {
                    let on_results = uplift_on_results(line, risk_base, table)
                        .ok_or_else(|| range(OutOfRange::Amount))?;
                    let on_certain = line
                        .amount
                        .checked_sub(on_results)
                        .ok_or_else(|| range(OutOfRange::Amount))?;
                    if on_certain != Money::ZERO {
                        payments.push(pay(closing, Kind::Balance, on_certain, true));
                    }
                    if on_results != Money::ZERO {
                        payments.push(pay(results_day, Kind::Results, on_results, false));
                    }
                    certain = certain
                        .checked_add(on_certain)
                        .ok_or_else(|| range(OutOfRange::Amount))?;
                    at_risk = at_risk
                        .checked_add(on_results)
                        .ok_or_else(|| range(OutOfRange::Amount))?;
                }
            }
        }
        entitlements.push(YearEntitlement {
            simulation: sim,
            certain,
            at_risk,
        });
    }
    // Stable: payments of one day keep the order of their year and lines.
    payments.sort_by_key(|p| p.date);
    Ok(Schedule {
        payments,
        years: entitlements,
    })
}

/// The part of an uplift line raised on results (`risk_base`: the year's volets variables and
/// activation), the rest being raised on certain amounts.
fn uplift_on_results(line: &engine::Line, risk_base: Money, table: &TariffTable) -> Option<Money> {
    let rate = line.rate.unwrap_or(Decimal::ZERO);
    Some(
        risk_base
            .checked_mul(rate)?
            .round(table.rounding)
            .min(line.amount),
    )
}

/// What of a contract year's entitlement depends on results: its volets variables, a crisis
/// activation, and the uplift on them — the same split as the cash view's.
pub fn at_risk(sim: &Simulation, table: &TariffTable) -> Option<Money> {
    let base = Money::checked_sum(
        sim.lines
            .iter()
            .filter(|l| matches!(l.part, Part::Variable | Part::CrisisActivation))
            .map(|l| l.amount),
    )?;
    match sim.lines.iter().find(|l| l.part == Part::Uplift) {
        None => Some(base),
        Some(u) => base.checked_add(uplift_on_results(u, base, table)?),
    }
}

/// Cash of a period: certain and depending on results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cash {
    /// Certain.
    pub certain: Money,
    /// Depending on results.
    pub at_risk: Money,
}

impl Cash {
    /// Certain + at risk.
    pub fn total(&self) -> Money {
        self.certain
            .checked_add(self.at_risk)
            .unwrap_or(Money::ZERO)
    }

    fn add(&mut self, p: &Payment) {
        let slot = if p.certain {
            &mut self.certain
        } else {
            &mut self.at_risk
        };
        *slot = slot.checked_add(p.amount).unwrap_or(*slot);
    }
}

/// Payments between two days, both included.
pub fn window(payments: &[Payment], from: NaiveDate, to: NaiveDate) -> Vec<&Payment> {
    payments
        .iter()
        .filter(|p| p.date >= from && p.date <= to)
        .collect()
}

/// Sums by month (`(year, month)`).
pub fn by_month<'a>(payments: impl IntoIterator<Item = &'a Payment>) -> BTreeMap<(i32, u32), Cash> {
    let mut out: BTreeMap<(i32, u32), Cash> = BTreeMap::new();
    for p in payments {
        out.entry((p.date.year(), p.date.month()))
            .or_default()
            .add(p);
    }
    out
}

/// Sums by civil year.
pub fn by_civil_year<'a>(payments: impl IntoIterator<Item = &'a Payment>) -> BTreeMap<i32, Cash> {
    let mut out: BTreeMap<i32, Cash> = BTreeMap::new();
    for p in payments {
        out.entry(p.date.year()).or_default().add(p);
    }
    out
}
