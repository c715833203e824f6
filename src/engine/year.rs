//! One contract year, decided in one place. [`Inputs`] reads from a scenario and its versions
//! everything that decides the year's lines — the tables, the band, the year's dates, the missions
//! run and their start dates, a recognised crisis, the uplift — and nothing else; [`Year`] decides
//! from it alone which lines the year has and what each pays at full achievement (prorata, crisis
//! plan or update, activation), then [`Year::evaluate`] computes what the achievements earn and
//! the uplift. Every command evaluates a `Year`: `simulate` once, a sweep or `risk`'s draws many
//! times ([`Years`] keeps the decided years, keyed by their `Inputs`, so a key cannot miss what
//! the decision reads).

use super::lines::{
    Cents, LineData, MAX_CENTS, Sink, overflow, scaled_cents, variable_due, whole_due,
};
use super::uplift;
use super::{EngineError, Totals};
use crate::model::calendar::{ContractYear, Prorata};
use crate::model::money::Money;
use crate::model::scenario::{Scenario, VariableInput};
use crate::model::tariff::{Amount, Evidence, Mission, MissionParts, Part, TariffTable, Versions};
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

/// Everything that decides a contract year's lines, read from a scenario and its versions: the
/// key of a decided [`Year`].
#[derive(Debug, Clone, Eq)]
pub struct Inputs<'t> {
    table: Table<'t>,
    lender: Option<(Table<'t>, usize)>,
    band: usize,
    signed: NaiveDate,
    year: ContractYear,
    /// The missions run, in the order of their lines: the version's, then the lender's (inline:
    /// reading a point allocates nothing).
    runs: SmallVec<[Run; 8]>,
    /// Which reading of the missions `runs` comes from: two inputs with the same have the same
    /// runs (a sweep's points, read with [`Inputs::read_point`]), so comparing them is cheap.
    runs_read: u64,
    crisis_recognised: bool,
    uplifted: bool,
    /// The year comes after the end of a contract not renewed: it has no line.
    ended: bool,
}

impl PartialEq for Inputs<'_> {
    fn eq(&self, o: &Self) -> bool {
        self.band == o.band
            && self.year == o.year
            && self.uplifted == o.uplifted
            && self.crisis_recognised == o.crisis_recognised
            && self.ended == o.ended
            && self.table == o.table
            && self.lender == o.lender
            && self.signed == o.signed
            && (self.runs_read == o.runs_read || self.runs == o.runs)
    }
}

/// Numbers each reading of a scenario's missions (see [`Inputs::runs_read`]).
static READINGS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl<'t> Inputs<'t> {
    /// What decides the contract year of `s` under `versions`.
    pub fn of(s: &Scenario, versions: Versions<'t>) -> Result<Inputs<'t>, EngineError> {
        let mut inputs = Inputs {
            table: Table(versions.table),
            lender: None,
            band: 0,
            signed: s.signed,
            year: contract_year(s.signed, s.contract_year)?,
            runs: SmallVec::new(),
            runs_read: 0,
            crisis_recognised: false,
            uplifted: false,
            ended: false,
        };
        inputs.read(s, versions)?;
        Ok(inputs)
    }

    /// Reads `s` and `versions` into these inputs, in place (a sweep reads a point without
    /// allocating; the year's dates are computed again only when they change).
    pub fn read(&mut self, s: &Scenario, versions: Versions<'t>) -> Result<(), EngineError> {
        let table = versions.table;
        self.table = Table(table);
        self.band = band(table, s.population)?;
        if self.signed != s.signed || self.year.number != s.contract_year {
            self.year = contract_year(s.signed, s.contract_year)?;
            self.signed = s.signed;
        }
        self.ended = s.after_end(s.contract_year);
        self.crisis_recognised = s.crisis_recognised() && !self.ended;
        self.uplifted = !self.ended
            && table
                .uplift
                .as_ref()
                .is_some_and(|u| s.members > u.members_above);
        self.runs.clear();
        self.runs_read = READINGS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        self.lender = None;
        if self.ended {
            return Ok(());
        }
        // Scenarios mostly list their missions in the table's order: the next one is tried first.
        let mut next = 0;
        let mut find = |id: &str| {
            let at = if s.missions.get(next).is_some_and(|r| r.id == id) {
                next
            } else {
                s.missions.iter().position(|r| r.id == id)?
            };
            next = at + 1;
            Some(at)
        };
        for (mission, m) in table.missions.iter().enumerate() {
            if let Some(run) = find(&m.id) {
                self.runs.push(Run {
                    lent: false,
                    mission,
                    run,
                    started: s.missions[run].started,
                });
            }
        }
        if let Some(lender) = versions.lender
            && self.runs.len() < s.missions.len()
        {
            for (mission, m) in lender.missions.iter().enumerate() {
                if table.mission(&m.id).is_some() {
                    continue;
                }
                if let Some(run) = find(&m.id) {
                    self.runs.push(Run {
                        lent: true,
                        mission,
                        run,
                        started: s.missions[run].started,
                    });
                }
            }
            if self.runs.iter().any(|r| r.lent) {
                self.lender = Some((Table(lender), band(lender, s.population)?));
            }
        }
        Ok(())
    }

    /// Reads `s` again when, since the last reading, only its population, members, contract
    /// year, crises or achievements changed — what a sweep changes: its missions and their start
    /// dates are not read again unless its versions changed or the year crossed the end of the
    /// contract (then everything is read).
    pub fn read_point(&mut self, s: &Scenario, versions: Versions<'t>) -> Result<(), EngineError> {
        let same_versions = self.table == Table(versions.table)
            && self.lender.map(|(l, _)| l) == versions.lender.map(Table)
            && self.signed == s.signed;
        if !same_versions || self.ended != s.after_end(s.contract_year) || self.ended {
            return self.read(s, versions);
        }
        let table = versions.table;
        self.band = band(table, s.population)?;
        if let Some((lender, lender_band)) = &mut self.lender {
            *lender_band = band(lender.0, s.population)?;
        }
        if self.year.number != s.contract_year {
            self.year = contract_year(s.signed, s.contract_year)?;
        }
        self.crisis_recognised = s.crisis_recognised();
        self.uplifted = table
            .uplift
            .as_ref()
            .is_some_and(|u| s.members > u.members_above);
        Ok(())
    }

    /// The index of the band in the year's version.
    pub fn band(&self) -> usize {
        self.band
    }

    /// The contract year.
    pub fn contract_year(&self) -> &ContractYear {
        &self.year
    }

    /// Whether the year comes after the end of a contract that was not renewed.
    pub fn ended(&self) -> bool {
        self.ended
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
    /// The table's amount in whole cents, when it is exactly that (a volet variable is then
    /// earned in integers).
    exact: Option<i64>,
    /// For a volet variable, the scenario's mission that gives its achievement.
    run: usize,
}

/// A contract year decided: its lines, and the sums of those that do not depend on achievements.
#[derive(Debug, Clone)]
pub struct Year<'t> {
    inputs: Inputs<'t>,
    /// Inline for a table of the usual size: deciding a year allocates nothing.
    lines: SmallVec<[Decided<'t>; 20]>,
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
    pub fn of(s: &Scenario, versions: Versions<'t>) -> Result<Year<'t>, EngineError> {
        Ok(Year::decide(Inputs::of(s, versions)?))
    }

    /// What the year was decided from.
    pub fn inputs(&self) -> &Inputs<'t> {
        &self.inputs
    }

    /// The version applied to the year.
    pub fn table(&self) -> &'t TariffTable {
        self.inputs.table.0
    }

    /// Decides the lines from `self.inputs`, reusing the buffers.
    fn decide_again(&mut self) {
        self.lines.clear();
        let i = &self.inputs;
        let (table, band, year) = (i.table.0, i.band, &i.year);
        if i.ended {
            self.fixed = Some(Cents::default());
            return;
        }
        let full = Prorata::full(year);
        let rounding = table.rounding;
        let mut push = |mission: Option<&'t Mission>, part, amount: &'t Amount, prorata, run| {
            self.lines.push(Decided {
                mission,
                part,
                amount,
                prorata,
                due: whole_due(amount.value, &prorata, rounding),
                exact: amount
                    .value
                    .cents()
                    .filter(|c| c.unsigned_abs() < MAX_CENTS),
                run,
            });
        };
        push(
            None,
            Part::Fonctionnement,
            table.fonctionnement.for_band(band),
            full,
            0,
        );
        for r in &i.runs {
            let (version, band) = match (r.lent, i.lender) {
                (false, _) => (table, band),
                (true, Some((lender, band))) => (lender.0, band),
                // Read together: a lent run always has its lender.
                (true, None) => continue,
            };
            let mission = &version.missions[r.mission];
            let started = earning_from(mission, version, r.lent, i.signed, r.started);
            match &mission.parts {
                MissionParts::Standard { fixed, variable } => {
                    let prorata = prorata_from(year, full, started);
                    push(
                        Some(mission),
                        Part::Fixed,
                        fixed.for_band(band),
                        prorata,
                        r.run,
                    );
                    push(
                        Some(mission),
                        Part::Variable,
                        variable.for_band(band),
                        prorata,
                        r.run,
                    );
                }
                MissionParts::Crisis {
                    plan,
                    update,
                    activation,
                } => {
                    // The plan in the year the mission starts, its update in each later year.
                    if started < year.from {
                        push(
                            Some(mission),
                            Part::CrisisUpdate,
                            update.for_band(band),
                            full,
                            r.run,
                        );
                    } else {
                        let prorata = prorata_from(year, full, started);
                        push(
                            Some(mission),
                            Part::CrisisPlan,
                            plan.for_band(band),
                            prorata,
                            r.run,
                        );
                    }
                    // An activation only in a year the mission runs.
                    if i.crisis_recognised && started <= year.to {
                        push(
                            Some(mission),
                            Part::CrisisActivation,
                            activation.for_band(band),
                            full,
                            r.run,
                        );
                    }
                }
            }
        }
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
    pub fn evaluate<S: Sink>(&self, s: &Scenario, sink: &mut S) -> Result<Totals, EngineError> {
        let mut sums = match (&self.fixed, S::KEEPS) {
            (Some(fixed), false) => {
                let mut sums = fixed.clone();
                for l in self.lines.iter().filter(|l| l.part == Part::Variable) {
                    let (cents, envelope) = self.variable(l, s)?;
                    let err = || overflow(l.mission, Part::Variable);
                    sums.variable_earned =
                        sums.variable_earned.checked_add(cents).ok_or_else(err)?;
                    sums.variable_envelope = sums
                        .variable_envelope
                        .checked_add(envelope)
                        .ok_or_else(err)?;
                    sums.total = sums.total.checked_add(cents).ok_or_else(err)?;
                }
                sums
            }
            _ => self.each_line(s, sink)?,
        };
        let table = self.table();
        if let Some(rule) = &table.uplift
            && self.inputs.uplifted
        {
            let line = uplift::line(rule, &sums, &self.inputs.year, table.rounding)?;
            let err = || overflow(None, Part::Uplift);
            let cents = line.amount.cents().ok_or_else(err)?;
            sums.uplift = cents;
            sums.total = sums.total.checked_add(cents).ok_or_else(err)?;
            sink.line(&line);
        }
        Ok(sums.money())
    }

    /// Every line to the sink, in order, summed as it comes.
    fn each_line<S: Sink>(&self, s: &Scenario, sink: &mut S) -> Result<Cents, EngineError> {
        let mut sums = Cents::default();
        let number = self.inputs.year.number;
        for l in &self.lines {
            let err = || overflow(l.mission, l.part);
            let (due, full_cents) = l.due.ok_or_else(err)?;
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
            let mut cents = full_cents;
            if l.part == Part::Variable {
                let input = s.missions[l.run].variable.as_ref();
                let rounding = self.table().rounding;
                let got = variable_due(input, l.amount.value, &l.prorata, rounding, number)
                    .ok_or_else(err)?;
                line.amount = got.amount;
                line.achievement = got.achievement;
                cents = got.cents;
                let mut envelope = full_cents;
                if let (Some(VariableInput::Indicators(list)), Some(contract)) =
                    (input, got.contract)
                {
                    // The contract, not the table, is the truth for this CPTS: its indicators
                    // make the envelope.
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
        }
        Ok(sums)
    }

    /// What a volet variable earns, and its envelope (the contract's, when indicators give it),
    /// in cents.
    #[inline]
    fn variable(&self, l: &Decided<'t>, s: &Scenario) -> Result<(i64, i64), EngineError> {
        let err = || overflow(l.mission, Part::Variable);
        let number = self.inputs.year.number;
        let input = s.missions[l.run].variable.as_ref();
        // The usual case, in integers: one achievement, a whole year, an amount in cents.
        if let (Some(VariableInput::Achievement(a)), Some(exact), Some((_, full))) =
            (input, l.exact, l.due)
            && l.prorata.is_full()
            && let Some(cents) = scaled_cents(exact, 2, a.for_year(number), &l.prorata)
        {
            return Ok((cents, full));
        }
        let rounding = self.table().rounding;
        let got =
            variable_due(input, l.amount.value, &l.prorata, rounding, number).ok_or_else(err)?;
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
    pub fn totals(
        &mut self,
        s: &Scenario,
        versions: Versions<'t>,
    ) -> Result<(Totals, usize), EngineError> {
        let reading = match &mut self.reading {
            Some(r) => {
                if self.reuse.missions {
                    r.read_point(s, versions)?;
                } else {
                    r.read(s, versions)?;
                }
                r
            }
            None => self.reading.insert(Inputs::of(s, versions)?),
        };
        let seen = match self.kept.get(self.last) {
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
        let band = year.inputs.band;
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
