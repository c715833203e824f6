//! One contract year, decided in one place. [`Inputs`] reads from a scenario and its versions
//! everything that decides the year's lines — the tables, the band, the year's dates, the missions
//! run and their start dates, a recognised crisis, the uplift, the end of the contract — and
//! nothing else; `Head::decide` decides from it alone which lines the year has and what each
//! pays at full achievement (prorata, a lent mission's start, crisis plan or update, activation).
//! Evaluating computes what the achievements earn and the uplift: once, line by line, into a sink
//! ([`evaluate`], for `simulate` and the cash view, the missions decided as they are read), or
//! many times from a decided and kept [`Year`] (a sweep's points, `risk`'s draws; [`Years`] keeps
//! them keyed by their `Inputs`, so a key cannot miss what the decision reads).

use super::lines::{
    Cents, LineData, MAX_CENTS, Sink, is_one, overflow, scaled_cents, variable_due, whole_due,
};
use super::uplift;
use super::{EngineError, Totals};
use crate::model::calendar::{ContractYear, Prorata};
use crate::model::money::{Money, Rounding};
use crate::model::scenario::{Scenario, VariableInput};
use crate::model::tariff::{
    Amount, Evidence, Mission, MissionParts, Part, PerBand, TariffTable, Versions,
};
use chrono::NaiveDate;
use smallvec::SmallVec;

/// A table in a key: compared by address (a run holds each table once).
#[derive(Debug, Clone, Copy)]
struct Table<'t>(&'t TariffTable);

impl PartialEq for Table<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Table<'_> {}

/// A mission the scenario runs, as the decision reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// Whether the mission is the lender's (the year's version lacks it).
    lent: bool,
    /// Its index among its version's missions.
    mission: usize,
    /// Its index among the scenario's missions (where its achievement is read).
    run: usize,
    /// Its start date as given.
    started: Option<NaiveDate>,
}

/// The missions a year's lines are decided from, each handed to `f` in the order of their lines:
/// read from a scenario ([`Reading`]), or kept in [`Inputs`].
trait Runs {
    /// Stops at the first error `f` returns.
    fn each(self, f: impl FnMut(Run) -> Result<(), EngineError>) -> Result<(), EngineError>;
}

impl Runs for &[Run] {
    #[inline(always)]
    fn each(self, f: impl FnMut(Run) -> Result<(), EngineError>) -> Result<(), EngineError> {
        self.iter().copied().try_for_each(f)
    }
}

/// The missions a scenario runs under its versions, as they are read.
struct Reading<'a> {
    s: &'a Scenario,
    versions: Versions<'a>,
}

impl Runs for Reading<'_> {
    /// The version's missions the scenario runs, in the version's order, then those only the
    /// lender has: the one rule of which missions a year pays.
    #[inline(always)]
    fn each(self, mut f: impl FnMut(Run) -> Result<(), EngineError>) -> Result<(), EngineError> {
        let Reading { s, versions } = self;
        // Scenarios mostly list their missions in the table's order: the next one is tried first.
        let mut next = 0;
        let mut read = |lent: bool, mission: usize, id: &str| {
            let run = if s.missions.get(next).is_some_and(|r| r.id == id) {
                next
            } else {
                match s.missions.iter().position(|r| r.id == id) {
                    Some(run) => run,
                    None => return Ok(()),
                }
            };
            next = run + 1;
            f(Run {
                lent,
                mission,
                run,
                started: s.missions[run].started,
            })
        };
        let table = versions.table;
        for (mission, m) in table.missions.iter().enumerate() {
            read(false, mission, &m.id)?;
        }
        if let Some(lender) = versions.lender {
            for (mission, m) in lender.missions.iter().enumerate() {
                if table.mission(&m.id).is_none() {
                    read(true, mission, &m.id)?;
                }
            }
        }
        Ok(())
    }
}

/// What decides a contract year besides the missions run: its tables and band, its dates, a
/// recognised crisis, the uplift, the end of the contract.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head<'t> {
    table: Table<'t>,
    /// The newer version that lends missions, and its band.
    lender: Option<(Table<'t>, usize)>,
    band: usize,
    signed: NaiveDate,
    year: ContractYear,
    crisis_recognised: bool,
    uplifted: bool,
    /// The year comes after the end of a contract not renewed: it has no line.
    ended: bool,
}

/// Everything that decides a contract year's lines, read from a scenario and its versions: the
/// key of a decided [`Year`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs<'t> {
    head: Head<'t>,
    /// The missions run, in the order of their lines (inline: reading a point allocates
    /// nothing); none in a year after the end of the contract.
    runs: SmallVec<[Run; 8]>,
}

impl<'t> Head<'t> {
    /// What decides the contract year of `s` under `versions` besides its missions.
    #[inline]
    fn of(s: &Scenario, versions: Versions<'t>) -> Result<Head<'t>, EngineError> {
        let mut head = Head {
            table: Table(versions.table),
            lender: None,
            band: 0,
            signed: s.signed,
            year: contract_year(s.signed, s.contract_year)?,
            crisis_recognised: false,
            uplifted: false,
            ended: false,
        };
        head.read(s, versions)?;
        Ok(head)
    }

    /// Reads `s` and `versions` into this head, in place (the year's dates are computed again
    /// only when they change).
    #[inline]
    fn read(&mut self, s: &Scenario, versions: Versions<'t>) -> Result<(), EngineError> {
        let table = versions.table;
        self.table = Table(table);
        self.band = band(table, s.population)?;
        if self.signed != s.signed || self.year.number != s.contract_year {
            self.year = contract_year(s.signed, s.contract_year)?;
            self.signed = s.signed;
        }
        self.ended = s.after_end(s.contract_year);
        self.crisis_recognised = s.crisis_recognised() && !self.ended;
        self.uplifted = !self.ended && uplifted(table, s);
        self.lender = match versions.lender {
            Some(lender) if !self.ended => Some((Table(lender), band(lender, s.population)?)),
            _ => None,
        };
        Ok(())
    }
}

/// Whether `s` has more members than the uplift threshold of `table`.
fn uplifted(table: &TariffTable, s: &Scenario) -> bool {
    table
        .uplift
        .as_ref()
        .is_some_and(|u| s.members > u.members_above)
}

impl<'t> Inputs<'t> {
    /// What decides the contract year of `s` under `versions`.
    #[inline]
    pub fn of(s: &Scenario, versions: Versions<'t>) -> Result<Inputs<'t>, EngineError> {
        let mut inputs = Inputs {
            head: Head::of(s, versions)?,
            runs: SmallVec::new(),
        };
        inputs.read_runs(s, versions);
        Ok(inputs)
    }

    /// Reads `s` and `versions` into these inputs, in place (a sweep reads a point without
    /// allocating).
    pub fn read(&mut self, s: &Scenario, versions: Versions<'t>) -> Result<(), EngineError> {
        self.head.read(s, versions)?;
        self.read_runs(s, versions);
        Ok(())
    }

    fn read_runs(&mut self, s: &Scenario, versions: Versions<'t>) {
        self.runs.clear();
        if !self.head.ended {
            let runs = &mut self.runs;
            let read = Reading { s, versions }.each(|r| {
                runs.push(r);
                Ok(())
            });
            debug_assert!(read.is_ok(), "keeping a run cannot fail");
        }
    }

    /// Reads `s` again when, since the last reading, only its population, members, contract
    /// year, crises or achievements changed — what a sweep changes: its missions and their start
    /// dates are not read again unless its versions changed or the year crossed the end of the
    /// contract (then everything is read).
    ///
    /// Whether anything changed is the answer: nothing, and the point is the same year as the
    /// last.
    #[inline]
    pub fn read_point(
        &mut self,
        s: &Scenario,
        versions: Versions<'t>,
    ) -> Result<bool, EngineError> {
        let head = &mut self.head;
        let same_versions = head.table == Table(versions.table)
            && head.lender.map(|(l, _)| l) == versions.lender.map(Table)
            && head.signed == s.signed;
        if !same_versions || head.ended != s.after_end(s.contract_year) || head.ended {
            self.read(s, versions)?;
            return Ok(true);
        }
        let table = versions.table;
        let band_now = band_near(table, s.population, head.band)?;
        let lender_band = match head.lender {
            Some((lender, at)) => Some(band_near(lender.0, s.population, at)?),
            None => None,
        };
        let uplifted = uplifted(table, s);
        let crisis = s.crisis_recognised();
        let year = if head.year.number == s.contract_year {
            None
        } else {
            Some(contract_year(s.signed, s.contract_year)?)
        };
        // Every value read before any is written: an error leaves the inputs as they were.
        let mut changed = std::mem::replace(&mut head.band, band_now) != band_now;
        if let (Some((_, old)), Some(new)) = (&mut head.lender, lender_band) {
            changed |= std::mem::replace(old, new) != new;
        }
        changed |= std::mem::replace(&mut head.uplifted, uplifted) != uplifted;
        changed |= std::mem::replace(&mut head.crisis_recognised, crisis) != crisis;
        if let Some(year) = year {
            head.year = year;
            changed = true;
        }
        Ok(changed)
    }
}

/// The day a mission starts earning in a contract: its effective start under its version, and,
/// when a newer version lends it to a year computed under an older one, not before that newer
/// version came into force (reference section 5).
pub(super) fn earning_from(
    mission: &Mission,
    version: &TariffTable,
    lent: bool,
    signed: NaiveDate,
    started: Option<NaiveDate>,
) -> NaiveDate {
    let start = mission.effective_start(signed, started);
    if lent {
        start.max(version.in_force_from)
    } else {
        start
    }
}

fn contract_year(signed: NaiveDate, n: u32) -> Result<ContractYear, EngineError> {
    ContractYear::of(signed, n).ok_or(EngineError::DateOutOfRange(n))
}

/// [`band`], the band at `near` looked at first (a sweep crosses few): bands do not overlap.
#[inline(always)]
fn band_near(table: &TariffTable, population: u64, near: usize) -> Result<usize, EngineError> {
    match table.bands.get(near) {
        Some(b) if b.contains(population) => Ok(near),
        _ => band(table, population),
    }
}

fn band(table: &TariffTable, population: u64) -> Result<usize, EngineError> {
    table
        .band_index(population)
        .ok_or_else(|| EngineError::NoBand {
            population,
            tariff: table.id.clone(),
        })
}

/// One line decided: the table's amount it rests on, the share of the year, and what it pays
/// at full achievement (`None` when that leaves the range of the sums: an error when evaluated).
#[derive(Debug, Clone)]
struct Decided<'t> {
    mission: Option<&'t Mission>,
    part: Part,
    amount: &'t Amount,
    prorata: Prorata,
    due: Option<(Money, i64)>,
    /// For a volet variable, the scenario's mission that gives its achievement.
    run: usize,
}

impl<'t> Decided<'t> {
    #[inline(always)]
    fn new(
        mission: Option<&'t Mission>,
        part: Part,
        amount: &'t Amount,
        prorata: Prorata,
        run: usize,
        rounding: Rounding,
    ) -> Decided<'t> {
        Decided {
            mission,
            part,
            amount,
            prorata,
            due: whole_due(amount.value, &prorata, rounding),
            run,
        }
    }
}

/// What receives a contract year's lines as they are decided: evaluated at once, or kept.
trait Lines<'t> {
    /// One line; an error stops the decision.
    fn line(&mut self, l: Decided<'t>) -> Result<(), EngineError>;
}

impl<'t> Lines<'t> for SmallVec<[Decided<'t>; 16]> {
    #[inline(always)]
    fn line(&mut self, l: Decided<'t>) -> Result<(), EngineError> {
        self.push(l);
        Ok(())
    }
}

/// A year evaluated as its lines are decided: its sums so far, and the sink they go to.
struct Once<'h, 't, 's, S> {
    head: &'h Head<'t>,
    s: &'s Scenario,
    sums: Cents,
    sink: &'s mut S,
}

impl<'t, S: Sink> Lines<'t> for Once<'_, 't, '_, S> {
    #[inline(always)]
    fn line(&mut self, l: Decided<'t>) -> Result<(), EngineError> {
        self.head.emit(&l, self.s, &mut self.sums, self.sink)
    }
}

impl<'t> Head<'t> {
    /// The decision itself: every line of the contract year this head and the missions `runs`
    /// describe, in order — fonctionnement, then each mission run ([`Runs`] gives them in their
    /// order), each with the table's amount it rests on and its share of the year. The one place
    /// that says which lines a contract year has.
    #[inline(always)]
    fn decide(&self, runs: impl Runs, lines: &mut impl Lines<'t>) -> Result<(), EngineError> {
        if self.ended {
            return Ok(());
        }
        let (table, band, year) = (self.table.0, self.band, &self.year);
        let full = Prorata::full(year);
        let rounding = table.rounding;
        lines.line(Decided::new(
            None,
            Part::Fonctionnement,
            table.fonctionnement.for_band(band),
            full,
            0,
            rounding,
        ))?;
        runs.each(|r| {
            let (version, band) = match (r.lent, self.lender) {
                (false, _) => (table, band),
                (true, Some((lender, band))) => (lender.0, band),
                // Read together: a lent run always has its lender.
                (true, None) => return Ok(()),
            };
            let mission = &version.missions[r.mission];
            let started = earning_from(mission, version, r.lent, self.signed, r.started);
            let run = r.run;
            let decided = |part, amount: &'t PerBand, prorata| {
                Decided::new(
                    Some(mission),
                    part,
                    amount.for_band(band),
                    prorata,
                    run,
                    rounding,
                )
            };
            match &mission.parts {
                MissionParts::Standard { fixed, variable } => {
                    let prorata = prorata_from(year, full, started);
                    lines.line(decided(Part::Fixed, fixed, prorata))?;
                    lines.line(decided(Part::Variable, variable, prorata))?;
                }
                MissionParts::Crisis {
                    plan,
                    update,
                    activation,
                } => {
                    // The plan in the year the mission starts, its update in each later year.
                    if started < year.from {
                        lines.line(decided(Part::CrisisUpdate, update, full))?;
                    } else {
                        let prorata = prorata_from(year, full, started);
                        lines.line(decided(Part::CrisisPlan, plan, prorata))?;
                    }
                    // An activation only in a year the mission runs.
                    if self.crisis_recognised && started <= year.to {
                        lines.line(decided(Part::CrisisActivation, activation, full))?;
                    }
                }
            }
            Ok(())
        })
    }

    /// Evaluates the year of `s` under `versions` once, every line to `sink` as it is decided:
    /// what `simulate` and the cash view do, keeping nothing for reuse (the missions run are
    /// decided as they are read).
    #[inline]
    fn evaluate<S: Sink>(
        &self,
        s: &Scenario,
        versions: Versions<'t>,
        sink: &mut S,
    ) -> Result<Totals, EngineError> {
        let mut once = Once {
            head: self,
            s,
            sums: Cents::default(),
            sink,
        };
        self.decide(Reading { s, versions }, &mut once)?;
        self.uplift(once.sums, once.sink)
    }

    /// One line evaluated: what it pays for the achievements of `s`, added to the sums and
    /// handed to the sink.
    #[inline(always)]
    fn emit<S: Sink>(
        &self,
        l: &Decided<'t>,
        s: &Scenario,
        sums: &mut Cents,
        sink: &mut S,
    ) -> Result<(), EngineError> {
        let err = || overflow(l.mission, l.part);
        let (due, full_cents) = l.due.ok_or_else(err)?;
        let mut cents = full_cents;
        if !S::KEEPS {
            // Nothing kept: no line built; what a volet variable earns, and its envelope, in
            // integers when they can be.
            if l.part == Part::Variable {
                let (earned, envelope) = variable_cents(self, l, s)?;
                sums.variable_envelope = sums
                    .variable_envelope
                    .checked_add(envelope)
                    .ok_or_else(err)?;
                cents = earned;
            }
            let slot = sums.slot(l.part);
            *slot = slot.checked_add(cents).ok_or_else(err)?;
            sums.total = sums.total.checked_add(cents).ok_or_else(err)?;
            return Ok(());
        }
        let number = self.year.number;
        let mut line = LineData {
            mission: l.mission,
            part: l.part,
            envelope: l.amount.value,
            achievement: None,
            earned_before_prorata: None,
            rate: None,
            prorata: l.prorata,
            amount: due,
            at_full_achievement: due,
            table_amount: Some(l.amount),
            evidence: l.amount.evidence,
            source: l.amount.source.as_deref(),
            indicators: &[],
            contract_year: number,
        };
        if l.part == Part::Variable {
            let input = s.missions[l.run].variable.as_ref();
            let rounding = self.table.0.rounding;
            let got = variable_due(input, l.amount.value, &l.prorata, rounding, number)
                .ok_or_else(err)?;
            line.amount = got.amount;
            line.achievement = got.achievement;
            cents = got.cents;
            let mut envelope = full_cents;
            if let (Some(VariableInput::Indicators(list)), Some(contract)) = (input, got.contract) {
                // The contract, not the table, is the truth for this CPTS: its indicators make
                // the envelope.
                line.envelope = contract.envelope;
                line.earned_before_prorata = Some(contract.earned);
                line.indicators = list;
                (line.at_full_achievement, envelope) =
                    whole_due(contract.envelope, &l.prorata, rounding).ok_or_else(err)?;
                if contract.all_amounts {
                    line.evidence = Evidence::Contract;
                    line.source = None;
                }
            }
            sums.variable_envelope = sums
                .variable_envelope
                .checked_add(envelope)
                .ok_or_else(err)?;
        }
        let slot = sums.slot(l.part);
        *slot = slot.checked_add(cents).ok_or_else(err)?;
        sums.total = sums.total.checked_add(cents).ok_or_else(err)?;
        sink.line(&line);
        Ok(())
    }

    /// The uplift on the year's other lines, summed in `sums`, when the CPTS is above the
    /// threshold; the year's totals.
    fn uplift<S: Sink>(&self, sums: Cents, sink: &mut S) -> Result<Totals, EngineError> {
        self.uplift_cents(sums, sink).map(|sums| sums.money())
    }

    /// [`Head::uplift`] in cents: `sums` with the uplift added.
    #[inline]
    fn uplift_cents<S: Sink>(&self, mut sums: Cents, sink: &mut S) -> Result<Cents, EngineError> {
        let table = self.table.0;
        if let Some(rule) = &table.uplift
            && self.uplifted
        {
            let line = uplift::line(rule, &sums, &self.year, table.rounding)?;
            let err = || overflow(None, Part::Uplift);
            let cents = line.amount.cents().ok_or_else(err)?;
            sums.uplift = cents;
            sums.total = sums.total.checked_add(cents).ok_or_else(err)?;
            sink.line(&line);
        }
        Ok(sums)
    }
}

/// Evaluates the contract year of `s` under `versions` once, every line to `sink` as it is
/// decided (nothing kept for reuse): its totals, its band index and its dates.
///
/// # Errors
///
/// A population in no band, a year outside the calendar, a line or a sum out of range.
#[inline]
pub fn evaluate<'t, S: Sink>(
    s: &Scenario,
    versions: Versions<'t>,
    sink: &mut S,
) -> Result<(Totals, usize, ContractYear), EngineError> {
    let head = Head::of(s, versions)?;
    let totals = head.evaluate(s, versions, sink)?;
    Ok((totals, head.band, head.year))
}

/// A contract year decided and kept, to be evaluated again for other achievements: its lines,
/// and the sums of those that do not depend on achievements.
#[derive(Debug, Clone)]
pub struct Year<'t> {
    inputs: Inputs<'t>,
    /// Inline for a table of the usual size: deciding a year allocates nothing.
    lines: SmallVec<[Decided<'t>; 16]>,
    /// Fonctionnement, volets fixes and crisis amounts summed (`total` too); `None` when a line
    /// or a sum left its range (evaluating then says which line).
    fixed: Option<Cents>,
}

impl<'t> Year<'t> {
    /// The lines of the contract year `inputs` describe.
    pub fn decide(inputs: Inputs<'t>) -> Year<'t> {
        let mut year = Year {
            inputs,
            lines: SmallVec::new(),
            fixed: None,
        };
        year.decide_again();
        year
    }

    /// The contract year of `s` under `versions`, decided.
    ///
    /// # Errors
    ///
    /// A population in no band, a year outside the calendar.
    pub fn of(s: &Scenario, versions: Versions<'t>) -> Result<Year<'t>, EngineError> {
        Ok(Year::decide(Inputs::of(s, versions)?))
    }

    /// Decides the lines from `self.inputs` again, reusing the buffer.
    fn decide_again(&mut self) {
        self.lines.clear();
        let inputs = &self.inputs;
        let decided = inputs.head.decide(inputs.runs.as_slice(), &mut self.lines);
        debug_assert!(decided.is_ok(), "keeping a line cannot fail");
        self.fixed = self.fixed_sums();
    }

    /// The sums of the lines that do not depend on achievements, `None` on any overflow.
    fn fixed_sums(&self) -> Option<Cents> {
        let mut sums = Cents::default();
        for l in &self.lines {
            let (_, cents) = l.due?;
            if l.part == Part::Variable {
                // Its envelope may be the contract's: summed when evaluated.
                continue;
            }
            let slot = sums.slot(l.part);
            *slot = slot.checked_add(cents)?;
            sums.total = sums.total.checked_add(cents)?;
        }
        Some(sums)
    }

    /// Evaluates the year for the achievements of `s` (which must have the year's inputs):
    /// every line, in order, to `sink`, and the totals. A sink that keeps nothing gets nothing:
    /// only the volets variables and the uplift are computed.
    ///
    /// # Errors
    ///
    /// A line or a sum out of range.
    pub fn evaluate<S: Sink>(&self, s: &Scenario, sink: &mut S) -> Result<Totals, EngineError> {
        let i = &self.inputs.head;
        let sums = match (&self.fixed, S::KEEPS) {
            (Some(fixed), false) => {
                let mut sums = fixed.clone();
                for l in self.lines.iter().filter(|l| l.part == Part::Variable) {
                    let (cents, envelope) = variable_cents(i, l, s)?;
                    sums.add_variable(cents, envelope)
                        .ok_or_else(|| overflow(l.mission, Part::Variable))?;
                }
                sums
            }
            _ => {
                let mut sums = Cents::default();
                for l in &self.lines {
                    i.emit(l, s, &mut sums, sink)?;
                }
                sums
            }
        };
        i.uplift(sums, sink)
    }
}

/// What a volet variable earns for the achievements of `s`, and its envelope (the contract's,
/// when indicators give it), in cents: in integers in the usual case (one achievement, a whole
/// year, an amount in cents), else by the one computation of a volet variable.
#[inline(always)]
fn variable_cents(i: &Head<'_>, l: &Decided<'_>, s: &Scenario) -> Result<(i64, i64), EngineError> {
    let err = || overflow(l.mission, Part::Variable);
    let number = i.year.number;
    let input = s.missions[l.run].variable.as_ref();
    if let (Some(VariableInput::Achievement(a)), Some(full)) = (input, usual_full(l))
        && let Some(cents) = usual_earned(full, a.for_year(number), &l.prorata)
    {
        return Ok((cents, full));
    }
    let rounding = i.table.0.rounding;
    let got = variable_due(input, l.amount.value, &l.prorata, rounding, number).ok_or_else(err)?;
    let envelope = match got.contract {
        Some(contract) => {
            whole_due(contract.envelope, &l.prorata, rounding)
                .ok_or_else(err)?
                .1
        }
        None => l.due.ok_or_else(err)?.1,
    };
    Ok((got.cents, envelope))
}

/// The usual case of a volet variable, in integers: a whole year and an amount in cents (at most
/// two decimals: a whole year's due is then the amount's own cents). Its due in cents, or `None`
/// when the line is not the usual case.
#[inline(always)]
fn usual_full(l: &Decided<'_>) -> Option<i64> {
    match l.due {
        Some((_, full))
            if l.prorata.is_full()
                && l.amount.value.value().scale() <= 2
                && full.unsigned_abs() < MAX_CENTS =>
        {
            Some(full)
        }
        _ => None,
    }
}

/// What a volet variable of the usual case ([`usual_full`]) earns for one achievement, in cents;
/// `None` when the integers would not hold it (the decimal computation then says).
#[inline(always)]
fn usual_earned(full: i64, achievement: rust_decimal::Decimal, prorata: &Prorata) -> Option<i64> {
    if is_one(achievement) {
        // All of a whole year's envelope: its own cents.
        return Some(full);
    }
    scaled_cents(full, 2, achievement, prorata)
}

/// The prorata of a mission started on `started`, the whole year being `full` (computed once).
fn prorata_from(year: &ContractYear, full: Prorata, started: NaiveDate) -> Prorata {
    if started <= year.from {
        full
    } else {
        Prorata::for_start(year, started)
    }
}

/// Decided years kept for reuse, keyed by their [`Inputs`]: a sweep or a series of draws decides
/// a year once and evaluates it at every point that reads the same inputs.
pub struct Years<'t> {
    reading: Option<Inputs<'t>>,
    kept: Vec<(Year<'t>, Option<Totals>)>,
    /// The year used last, looked at first (a sweep stays on one year for many points).
    last: usize,
    reuse: Reuse,
}

/// What a caller of [`Years`] vouches does not change between its calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reuse {
    /// The missions run and their start dates (a sweep's points): they are not read again.
    pub missions: bool,
    /// The achievements too (a sweep along the population, the members or the contract year): a
    /// year's totals are kept with it.
    pub results: bool,
}

/// How many decided years are kept (a sweep crosses each band, uplift threshold and version).
const KEPT: usize = 16;

impl<'t> Years<'t> {
    /// No year decided yet; `reuse` says what the caller vouches does not change.
    pub fn new(reuse: Reuse) -> Years<'t> {
        Years {
            reading: None,
            kept: Vec::new(),
            last: 0,
            reuse,
        }
    }

    /// The totals of `s` under `versions`, and the band index: [`totals`](super::totals),
    /// the decision reused when its inputs were seen.
    #[inline]
    pub fn totals(
        &mut self,
        s: &Scenario,
        versions: Versions<'t>,
    ) -> Result<(Totals, usize), EngineError> {
        let (reading, read) = match &mut self.reading {
            Some(r) => {
                let read = if self.reuse.missions {
                    r.read_point(s, versions)
                } else {
                    r.read(s, versions).map(|()| true)
                };
                (r, read)
            }
            slot @ None => (slot.insert(Inputs::of(s, versions)?), Ok(true)),
        };
        let changed = match read {
            Ok(changed) => changed,
            Err(e) => {
                // A reading that failed is read again in full next time.
                self.reading = None;
                return Err(e);
            }
        };
        // Nothing read changed since the last point: the year used last (which was its year).
        let seen = match self.kept.get(self.last) {
            Some(_) if !changed => Some(self.last),
            Some((y, _)) if y.inputs == *reading => Some(self.last),
            _ => self.kept.iter().position(|(y, _)| y.inputs == *reading),
        };
        let at = match seen {
            Some(at) => at,
            None => {
                let year = match self.kept.len() {
                    KEPT => {
                        let (mut oldest, _) = self.kept.remove(0);
                        oldest.inputs.clone_from(reading);
                        oldest.decide_again();
                        oldest
                    }
                    _ => Year::decide(reading.clone()),
                };
                self.kept.push((year, None));
                self.kept.len() - 1
            }
        };
        self.last = at;
        let (year, known) = &mut self.kept[at];
        let band = year.inputs.head.band;
        if let Some(t) = known {
            return Ok((*t, band));
        }
        let totals = year.evaluate(s, &mut super::Discard)?;
        if self.reuse.results {
            *known = Some(totals);
        }
        Ok((totals, band))
    }
}

/// A kept contract year as a function of one achievement, for the points of a sweep along it:
/// the sums of every line that the achievement does not move, and the due in cents of each volet
/// variable it moves. Each point then computes those volets by the very rule of
/// [`variable_cents`] (its usual case) and the uplift by [`Head::uplift`], without reading the
/// scenario again.
#[derive(Debug, Clone)]
pub struct Linear {
    /// The kept year (its index in [`Years`]).
    at: usize,
    /// The sums of the lines the achievement does not move.
    sums: Cents,
    /// Each volet variable the achievement moves: its due in cents and its prorata.
    movers: SmallVec<[(i64, Prorata); 8]>,
}

impl Years<'_> {
    /// The year used last (that of `s`, just evaluated) as a function of one achievement, which
    /// `moves` says which of the scenario's missions follow. `None` when a volet variable that
    /// it moves is not the usual case (one achievement, a whole year, an amount in cents): its
    /// points are then evaluated as any other.
    pub fn linear(
        &self,
        s: &Scenario,
        moves: impl Fn(&crate::model::scenario::MissionRun) -> bool,
    ) -> Option<Linear> {
        let (year, _) = self.kept.get(self.last)?;
        let head = &year.inputs.head;
        let mut sums = year.fixed.clone()?;
        let mut movers = SmallVec::new();
        for l in year.lines.iter().filter(|l| l.part == Part::Variable) {
            let run = s.missions.get(l.run)?;
            if moves(run) {
                match (&run.variable, usual_full(l)) {
                    (Some(VariableInput::Achievement(_)), Some(full)) => {
                        movers.push((full, l.prorata));
                    }
                    _ => return None,
                }
            } else {
                let (cents, envelope) = variable_cents(head, l, s).ok()?;
                sums.add_variable(cents, envelope)?;
            }
        }
        Some(Linear {
            at: self.last,
            sums,
            movers,
        })
    }

    /// The totals of the year of `plan` at `achievement`, written into `totals`, and its band:
    /// what [`Years::totals`] gives for its scenario with that achievement. `None`, `totals`
    /// untouched, when the integers would not hold a sum (evaluate the point as any other: it
    /// says which line). Written in place: a sweep's point is updated, not built and moved.
    #[inline]
    pub fn linear_totals(
        &self,
        plan: &Linear,
        achievement: &rust_decimal::Decimal,
        totals: &mut Totals,
    ) -> Option<usize> {
        let (year, _) = self.kept.get(plan.at)?;
        let mut sums = plan.sums.clone();
        // The achievement read once for every volet it moves.
        let times = super::lines::CentsTimes::of(achievement);
        for (full, prorata) in &plan.movers {
            let cents = match &times {
                Some(t) => t.apply(*full, prorata)?,
                None => usual_earned(*full, *achievement, prorata)?,
            };
            sums.add_variable(cents, *full)?;
        }
        let head = &year.inputs.head;
        *totals = head.uplift_cents(sums, &mut super::Discard).ok()?.money();
        Some(head.band)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::engine::Discard;
    use crate::model::money::Rounding;
    use crate::model::scenario::{ByYear, MissionRun};
    use crate::model::tariff::{Band, PerBand, Uplift, UpliftBase};
    use rust_decimal::Decimal;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn euros(n: i64) -> PerBand {
        PerBand(vec![Amount {
            value: Money::new(Decimal::new(n, 0)),
            evidence: Evidence::Estimate,
            source: None,
            note: None,
        }])
    }

    fn mission(id: &str, parts: MissionParts) -> Mission {
        Mission {
            id: id.into(),
            label: id.into(),
            socle: false,
            start_within_months: None,
            deployed_within_months: None,
            introduced_on: None,
            parts,
        }
    }

    /// A one-band version: fonctionnement 100 €, mission `m` 10 € fixed and 20 € variable, and,
    /// when `crisis`, the crisis mission `c` (plan 30 €, update 15 €, activation 45 €); 10 %
    /// uplift above 10 members.
    fn table(id: &str, from: NaiveDate, crisis: bool) -> TariffTable {
        let mut missions = vec![mission(
            "m",
            MissionParts::Standard {
                fixed: euros(10),
                variable: euros(20),
            },
        )];
        if crisis {
            missions.push(mission(
                "c",
                MissionParts::Crisis {
                    plan: euros(30),
                    update: euros(15),
                    activation: euros(45),
                },
            ));
        }
        TariffTable {
            id: id.into(),
            title: id.into(),
            legal_reference: String::new(),
            signed: None,
            in_force_from: from,
            in_force_to: None,
            checked_on: d(2030, 1, 1),
            rounding: Rounding::CentHalfAwayFromZero,
            note: None,
            sources: Default::default(),
            sources_fr: Default::default(),
            bands: vec![Band {
                id: "T".into(),
                label: String::new(),
                min: 1,
                max: None,
            }],
            fonctionnement_label: "fonctionnement".into(),
            fonctionnement: euros(100),
            missions,
            uplift: Some(Uplift {
                label: "majoration".into(),
                members_above: 10,
                rate: Decimal::new(10, 2),
                base: UpliftBase::Missions,
                evidence: Evidence::Brief,
                source: None,
            }),
            payments: None,
            extends: None,
            notices: Vec::new(),
            cross_checks: Default::default(),
        }
    }

    fn scenario(year: u32, runs: &[(&str, Option<NaiveDate>)]) -> Scenario {
        Scenario {
            name: "t".into(),
            population: 1_000,
            members: 5,
            signed: d(2021, 1, 1),
            contract_year: year,
            tariff: None,
            tariff_from_command: false,
            renewed: false,
            crisis_years: Vec::new(),
            missions: runs
                .iter()
                .map(|(id, started)| MissionRun {
                    id: (*id).into(),
                    started: *started,
                    variable: (*id != "c")
                        .then(|| VariableInput::Achievement(ByYear::single(Decimal::ONE))),
                })
                .collect(),
            territory: None,
        }
    }

    /// The lines a year decides: (mission, part, amount in cents).
    fn lines(s: &Scenario, v: Versions<'_>) -> Vec<(Option<String>, Part, i64)> {
        Year::of(s, v)
            .unwrap()
            .lines
            .iter()
            .map(|l| (l.mission.map(|m| m.id.clone()), l.part, l.due.unwrap().1))
            .collect()
    }

    #[test]
    fn fonctionnement_then_each_mission_run_in_the_version_s_order() {
        let t = table("v", d(2019, 1, 1), true);
        let s = scenario(1, &[("c", None), ("m", None)]);
        let got = lines(&s, (&t).into());
        let parts: Vec<Part> = got.iter().map(|l| l.1).collect();
        assert_eq!(
            parts,
            [
                Part::Fonctionnement,
                Part::Fixed,
                Part::Variable,
                Part::CrisisPlan
            ]
        );
        assert_eq!(got[3].2, 3_000);
    }

    #[test]
    fn a_mission_started_inside_the_year_is_prorated_and_after_it_earns_nothing() {
        let t = table("v", d(2019, 1, 1), false);
        // 2021-07-02 to 2021-12-31: 183 of 365 days of 10 € = 5,01 €.
        let inside = scenario(1, &[("m", Some(d(2021, 7, 2)))]);
        assert_eq!(lines(&inside, (&t).into())[1].2, 501);
        let after = scenario(1, &[("m", Some(d(2022, 3, 1)))]);
        assert_eq!(lines(&after, (&t).into())[1].2, 0);
    }

    #[test]
    fn the_crisis_plan_in_its_first_year_its_update_later_an_activation_only_when_running() {
        let t = table("v", d(2019, 1, 1), true);
        let mut s = scenario(2, &[("c", Some(d(2021, 6, 1)))]);
        s.crisis_years = vec![2, 3];
        let year2 = lines(&s, (&t).into());
        assert_eq!(year2[1], (Some("c".into()), Part::CrisisUpdate, 1_500));
        assert_eq!(year2[2], (Some("c".into()), Part::CrisisActivation, 4_500));
        // Started in the year computed: its plan, prorated; a crisis before it starts pays none.
        let mut late = scenario(3, &[("c", Some(d(2023, 12, 1)))]);
        late.crisis_years = vec![3];
        let year3 = lines(&late, (&t).into());
        assert_eq!(year3[1].1, Part::CrisisPlan);
        assert_eq!(year3[1].2, 255); // 31/365 of 30 €
        assert_eq!(year3.len(), 3);
        late.missions[0].started = Some(d(2024, 2, 1));
        assert!(
            lines(&late, (&t).into())
                .iter()
                .all(|l| l.1 != Part::CrisisActivation)
        );
    }

    #[test]
    fn a_newer_version_lends_its_mission_from_its_start_and_not_before_it_came_into_force() {
        let old = table("old", d(2019, 1, 1), false);
        let new = table("new", d(2021, 4, 1), true);
        let v = Versions {
            table: &old,
            lender: Some(&new),
        };
        // Started 2021-06-01 in year 1 (2021): 214 of 365 days of the 30 € plan = 17,59 €.
        let s = scenario(1, &[("m", None), ("c", Some(d(2021, 6, 1)))]);
        assert_eq!(lines(&s, v)[3], (Some("c".into()), Part::CrisisPlan, 1_759));
        // Started before the newer version came into force: paid from that day (275 days).
        let early = scenario(1, &[("c", Some(d(2021, 2, 1)))]);
        assert_eq!(lines(&early, v)[1].2, 2_260);
        // Without a lender, a mission the version lacks has no line.
        assert_eq!(lines(&s, (&old).into()).len(), 3);
    }

    #[test]
    fn a_year_after_the_end_of_a_contract_has_no_line_unless_renewed() {
        let t = table("v", d(2019, 1, 1), false);
        let mut s = scenario(6, &[("m", None)]);
        assert!(lines(&s, (&t).into()).is_empty());
        assert_eq!(
            evaluate(&s, (&t).into(), &mut Discard).unwrap().0,
            Totals::default()
        );
        s.renewed = true;
        assert_eq!(lines(&s, (&t).into()).len(), 3);
        s.contract_year = 5;
        s.renewed = false;
        assert_eq!(lines(&s, (&t).into()).len(), 3);
    }

    #[test]
    fn the_uplift_is_its_rate_of_the_missions_above_the_threshold_only() {
        let t = table("v", d(2019, 1, 1), false);
        let mut s = scenario(1, &[("m", None)]);
        s.members = 10;
        let at = |s: &Scenario| evaluate(s, (&t).into(), &mut Discard).unwrap().0.uplift;
        assert_eq!(at(&s), Money::ZERO);
        s.members = 11;
        // 10 % of 10 € + 20 €; fonctionnement is not raised.
        assert_eq!(at(&s), Money::new(Decimal::new(300, 2)));
    }

    /// The key holds what decides the lines and nothing else: achievements and members on the
    /// same side of the threshold do not change it; the band, the year, a start date do.
    #[test]
    fn the_key_is_what_decides_the_lines() {
        let t = table("v", d(2019, 1, 1), true);
        let s = scenario(1, &[("m", None), ("c", None)]);
        let key = |s: &Scenario| Inputs::of(s, (&t).into()).unwrap();
        let mut other = s.clone();
        other.missions[0].variable = Some(VariableInput::Achievement(ByYear::single(
            Decimal::new(5, 1),
        )));
        other.members = 9;
        other.population = 2_000;
        assert_eq!(key(&s), key(&other));
        let changes: [fn(&mut Scenario); 5] = [
            |s: &mut Scenario| s.members = 11,
            |s: &mut Scenario| s.contract_year = 2,
            |s: &mut Scenario| s.missions[1].started = Some(d(2021, 3, 1)),
            |s: &mut Scenario| s.crisis_years = vec![1],
            |s: &mut Scenario| s.missions.truncate(1),
        ];
        for change in changes {
            let mut changed = s.clone();
            change(&mut changed);
            assert_ne!(key(&s), key(&changed));
        }
    }

    /// Years kept for reuse give the totals of a year decided afresh, a sweep's point read with
    /// `read_point` too.
    #[test]
    fn kept_years_are_years_decided_afresh() {
        let t = table("v", d(2019, 1, 1), true);
        let mut s = scenario(1, &[("m", Some(d(2021, 3, 1))), ("c", None)]);
        let fresh = |s: &Scenario| evaluate(s, (&t).into(), &mut Discard).unwrap().0;
        let mut years = Years::new(Reuse {
            missions: true,
            results: false,
        });
        for (year, members, achievement) in
            [(1, 5, 10), (2, 20, 3), (1, 20, 7), (7, 20, 7), (1, 5, 10)]
        {
            s.contract_year = year;
            s.members = members;
            s.missions[0].variable = Some(VariableInput::Achievement(ByYear::single(
                Decimal::new(achievement, 1),
            )));
            assert_eq!(years.totals(&s, (&t).into()).unwrap().0, fresh(&s));
        }
    }
}
