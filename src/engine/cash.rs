//! The cash view (reference section 7): what lands in the bank, and when, over the life of a
//! contract — as opposed to what each contract year is entitled to. Each contract year's lines
//! (computed by the engine) are split into dated payments, by the table's `[payments]` rule:
//! fonctionnement of contract year 1 in full at the signature (accord 2019 art. 9.1), then like the
//! volets fixes — 75 % when the year or the mission starts and 25 % on the anniversary that closes
//! it; the volet variable on that anniversary plus the table's delay. Splits are exact: over a contract the payments add up to
//! the entitlements, to the cent.

use crate::engine::{self, EngineError, Simulation};
use crate::model::calendar::{CivilYears, ContractYear, add_months};
use crate::model::money::Money;
use crate::model::scenario::Scenario;
use crate::model::tariff::{FirstYear, Part, Registry, TariffTable, Versions};
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

/// Every payment of a contract, and every year's entitlement.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Payments by date (then by contract year and line order).
    pub payments: Vec<Payment>,
    /// One entitlement per contract year, in order, up to the end of the contract.
    pub years: Vec<YearEntitlement>,
    /// The last day of the contract when years were asked past it (it was not renewed).
    pub ended_on: Option<NaiveDate>,
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
    for n in 1..=years {
        if s.after_end(n) {
            break;
        }
        let r =
            rhythm(&s, n, registry, forced)?.ok_or(CashError::Range(OutOfRange::ContractYear))?;
        let (paid, entitlement) = contract_year(&mut s, &r)?;
        payments.extend(paid);
        entitlements.push(entitlement);
    }
    // Stable: payments of one day keep the order of their year and lines.
    payments.sort_by_key(|p| p.date);
    Ok(Schedule {
        payments,
        years: entitlements,
        ended_on: scenario
            .contract_end()
            .filter(|_| scenario.after_end(years)),
    })
}

/// The payments that land in civil year `year`, by date: only the contract years that pay in it
/// are computed.
pub fn payments_in(
    scenario: &Scenario,
    registry: &Registry,
    forced: Option<&TariffTable>,
    year: i32,
) -> Result<Vec<Payment>, CashError> {
    payments_between(scenario, registry, forced, CivilYears::one(year))
}

/// The payments that land in some civil years, by date: only the contract years that pay in
/// them are computed.
pub fn payments_between(
    scenario: &Scenario,
    registry: &Registry,
    forced: Option<&TariffTable>,
    years: CivilYears,
) -> Result<Vec<Payment>, CashError> {
    let (from, to) = years.days().ok_or(CashError::Range(OutOfRange::Date))?;
    let mut s = scenario.clone();
    let mut payments = Vec::new();
    // Contract years start a year apart: the loop ends with the first that starts after `year`,
    // or with the end of the contract.
    for n in (1u32..).take_while(|n| !scenario.after_end(*n)) {
        let Some(r) = rhythm(&s, n, registry, forced)? else {
            break;
        };
        if r.year.from > to {
            break;
        }
        if r.results_day < from {
            continue;
        }
        let (paid, _) = contract_year(&mut s, &r)?;
        payments.extend(paid.into_iter().filter(|p| p.date >= from && p.date <= to));
    }
    payments.sort_by_key(|p| p.date);
    Ok(payments)
}

/// What lands in civil year `year`: the sum of [`payments_in`], computed without keeping the lines
/// or the payments (for `risk`'s draws).
pub fn total_in(
    scenario: &Scenario,
    registry: &Registry,
    forced: Option<&TariffTable>,
    year: i32,
) -> Result<Money, CashError> {
    let (from, to) = civil_year(year)?;
    let mut s = scenario.clone();
    let mut sum = Money::ZERO;
    for n in (1u32..).take_while(|n| !scenario.after_end(*n)) {
        let Some(r) = rhythm(&s, n, registry, forced)? else {
            break;
        };
        if r.year.from > to {
            break;
        }
        if r.results_day < from {
            continue;
        }
        s.contract_year = n;
        let mut sink = Summing {
            r: &r,
            from,
            to,
            sum,
            risk_base: Money::ZERO,
            failed: None,
        };
        engine::simulate::each_line(&s, r.versions, &mut sink)?;
        if let Some(e) = sink.failed {
            return Err(e);
        }
        sum = sink.sum;
    }
    Ok(sum)
}

fn civil_year(year: i32) -> Result<(NaiveDate, NaiveDate), CashError> {
    CivilYears::one(year)
        .days()
        .ok_or(CashError::Range(OutOfRange::Date))
}

/// Sums the payments of a contract year's lines that land in a window, as they are computed.
struct Summing<'r> {
    r: &'r Rhythm<'r>,
    from: NaiveDate,
    to: NaiveDate,
    sum: Money,
    risk_base: Money,
    failed: Option<CashError>,
}

impl engine::Sink for Summing<'_> {
    fn line(&mut self, d: &engine::LineData<'_>) {
        if self.failed.is_some() {
            return;
        }
        let (from, to) = (self.from, self.to);
        let mut sum = self.sum;
        let mut overflow = false;
        let split = split_line(
            self.r,
            d.part,
            d.amount,
            d.rate,
            d.prorata.start,
            &mut self.risk_base,
            &mut |date, _, amount, _| {
                if date >= from && date <= to {
                    match sum.checked_add(amount) {
                        Some(s) => sum = s,
                        None => overflow = true,
                    }
                }
            },
        );
        self.sum = sum;
        self.failed = match split {
            Err(e) => Some(e),
            Ok(()) if overflow => Some(CashError::Range(OutOfRange::Amount)),
            Ok(()) => None,
        };
    }
}

/// When a contract year's money lands: its days, its table and the table's rule.
struct Rhythm<'t> {
    n: u32,
    year: ContractYear,
    closing: NaiveDate,
    results_day: NaiveDate,
    table: &'t TariffTable,
    versions: Versions<'t>,
    rule: &'t crate::model::tariff::PaymentRule,
}

/// The rhythm of contract year `n`; `None` past the calendar.
fn rhythm<'t>(
    s: &Scenario,
    n: u32,
    registry: &'t Registry,
    forced: Option<&'t TariffTable>,
) -> Result<Option<Rhythm<'t>>, CashError> {
    let range = CashError::Range;
    let Some(year) = ContractYear::of(s.signed, n) else {
        return Ok(None);
    };
    let versions = match forced {
        Some(t) => t.into(),
        None => registry
            .versions(&year, &s.missions)
            .ok_or(CashError::NoTable(year.from, n))?,
    };
    let table = versions.table;
    let rule = table
        .payments
        .as_ref()
        .ok_or_else(|| CashError::NoPayments(table.id.clone()))?;
    let closing = year.to.succ_opt().ok_or_else(|| range(OutOfRange::Date))?;
    let results_day =
        add_months(closing, rule.variable_delay_months).ok_or_else(|| range(OutOfRange::Date))?;
    Ok(Some(Rhythm {
        n,
        year,
        closing,
        results_day,
        table,
        versions,
        rule,
    }))
}

/// Splits one line of a contract year into its payments, in order, handing each to `pay` (date,
/// kind, amount, certain); `risk_base` gathers the year's amounts that depend on results, on which
/// the uplift's share on results is raised.
fn split_line(
    r: &Rhythm,
    part: Part,
    amount: Money,
    rate: Option<Decimal>,
    start: Option<NaiveDate>,
    risk_base: &mut Money,
    pay: &mut dyn FnMut(NaiveDate, Kind, Money, bool),
) -> Result<(), CashError> {
    let out = || CashError::Range(OutOfRange::Amount);
    if amount == Money::ZERO {
        return Ok(());
    }
    match part {
        Part::Fonctionnement
            if r.n == 1 && r.rule.fonctionnement_first_year == FirstYear::InFullAtSignature =>
        {
            pay(r.year.from, Kind::InFull, amount, true);
        }
        Part::Fonctionnement | Part::Fixed | Part::CrisisPlan | Part::CrisisUpdate => {
            let (advance, balance) =
                split(amount, r.rule.fixed_advance, r.table).ok_or_else(out)?;
            let start = start.filter(|d| *d > r.year.from).unwrap_or(r.year.from);
            pay(start, Kind::Advance, advance, true);
            pay(r.closing, Kind::Balance, balance, true);
        }
        Part::Variable | Part::CrisisActivation => {
            pay(r.results_day, Kind::Results, amount, false);
            *risk_base = risk_base.checked_add(amount).ok_or_else(out)?;
        }
        Part::Uplift => {
            let on_results =
                uplift_on_results(rate, amount, *risk_base, r.table).ok_or_else(out)?;
            let on_certain = amount.checked_sub(on_results).ok_or_else(out)?;
            if on_certain != Money::ZERO {
                pay(r.closing, Kind::Balance, on_certain, true);
            }
            if on_results != Money::ZERO {
                pay(r.results_day, Kind::Results, on_results, false);
            }
        }
    }
    Ok(())
}

/// The payments and the entitlement of a contract year.
fn contract_year(
    s: &mut Scenario,
    r: &Rhythm,
) -> Result<(Vec<Payment>, YearEntitlement), CashError> {
    s.contract_year = r.n;
    let sim = engine::simulate(s, r.versions)?;
    let mut payments = Vec::new();
    let (mut certain, mut at_risk, mut risk_base) = (Money::ZERO, Money::ZERO, Money::ZERO);
    let mut overflow = false;
    for line in &sim.lines {
        split_line(
            r,
            line.part,
            line.amount,
            line.rate,
            line.prorata.start,
            &mut risk_base,
            &mut |date, kind, amount, is_certain| {
                let slot = if is_certain {
                    &mut certain
                } else {
                    &mut at_risk
                };
                match slot.checked_add(amount) {
                    Some(v) => *slot = v,
                    None => overflow = true,
                }
                payments.push(Payment {
                    date,
                    contract_year: r.n,
                    part: line.part,
                    mission: line.mission.clone(),
                    label: line.label.clone(),
                    kind,
                    amount,
                    certain: is_certain,
                });
            },
        )?;
    }
    if overflow {
        return Err(CashError::Range(OutOfRange::Amount));
    }
    Ok((
        payments,
        YearEntitlement {
            simulation: sim,
            certain,
            at_risk,
        },
    ))
}

/// The part of an uplift line raised on results (`risk_base`: the year's volets variables and
/// activation), the rest being raised on certain amounts.
fn uplift_on_results(
    rate: Option<Decimal>,
    amount: Money,
    risk_base: Money,
    table: &TariffTable,
) -> Option<Money> {
    let rate = rate.unwrap_or(Decimal::ZERO);
    Some(
        risk_base
            .checked_mul(rate)?
            .round(table.rounding)
            .min(amount),
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
        Some(u) => base.checked_add(uplift_on_results(u.rate, u.amount, base, table)?),
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
        // Amounts of one schedule add up within range (each was summed when it was computed).
        let _ = self.checked_add(p.certain, p.amount);
    }

    /// Adds another cash, part by part; `None` when a sum leaves the range of exact decimals.
    pub fn merge(&mut self, o: Cash) -> Option<()> {
        self.checked_add(true, o.certain)?;
        self.checked_add(false, o.at_risk)
    }

    /// Adds an amount, certain or depending on results; `None` (and nothing added) when the sum
    /// leaves the range of exact decimals.
    pub fn checked_add(&mut self, certain: bool, amount: Money) -> Option<()> {
        let slot = if certain {
            &mut self.certain
        } else {
            &mut self.at_risk
        };
        *slot = slot.checked_add(amount)?;
        Some(())
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
