//! Tariff tables as the engine sees them: a version of the ACI with its bands, every amount per
//! band with its evidence, the missions and the uplift rule. Built from `tariffs/*.toml` by
//! `input::tariff`; nothing here is a domain figure.

use crate::model::money::{Money, Rounding};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Which part of the remuneration a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Running the CPTS.
    Fonctionnement,
    /// Volet fixe of a mission.
    Fixed,
    /// Volet variable of a mission, earned from achievement.
    Variable,
    /// Crisis mission: writing the plan (year the mission starts).
    CrisisPlan,
    /// Crisis mission: updating the plan (later years).
    CrisisUpdate,
    /// Crisis mission: a crisis recognised by the ARS.
    CrisisActivation,
    /// Uplift for large CPTS.
    Uplift,
}

impl Part {
    /// Every part, in the order of a budget.
    pub const ALL: [Part; 7] = [
        Part::Fonctionnement,
        Part::Fixed,
        Part::Variable,
        Part::CrisisPlan,
        Part::CrisisUpdate,
        Part::CrisisActivation,
        Part::Uplift,
    ];

    /// Identifier in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Fonctionnement => "fonctionnement",
            Part::Fixed => "fixed",
            Part::Variable => "variable",
            Part::CrisisPlan => "crisis_plan",
            Part::CrisisUpdate => "crisis_update",
            Part::CrisisActivation => "crisis_activation",
            Part::Uplift => "uplift",
        }
    }

    /// French name for people.
    pub fn label(self) -> &'static str {
        match self {
            Part::Fonctionnement => "fonctionnement",
            Part::Fixed => "volet fixe",
            Part::Variable => "volet variable",
            Part::CrisisPlan => "plan de crise",
            Part::CrisisUpdate => "mise à jour du plan",
            Part::CrisisActivation => "activation (crise reconnue)",
            Part::Uplift => "majoration",
        }
    }
}

impl Part {
    /// The total of a budget this part adds to.
    pub fn share(self) -> Share {
        match self {
            Part::Fonctionnement => Share::Fonctionnement,
            Part::Fixed => Share::Fixed,
            Part::Variable => Share::Variable,
            Part::CrisisPlan | Part::CrisisUpdate | Part::CrisisActivation => Share::Crisis,
            Part::Uplift => Share::Uplift,
        }
    }
}

/// The five totals of a budget, in the order a budget shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Share {
    /// Fonctionnement.
    Fonctionnement,
    /// Volets fixes of the missions (crisis mission excluded).
    Fixed,
    /// Volets variables earned.
    Variable,
    /// The crisis mission: plan, update, activation.
    Crisis,
    /// The uplift for large CPTS.
    Uplift,
}

impl Share {
    /// The five, in order.
    pub const ALL: [Share; 5] = [
        Share::Fonctionnement,
        Share::Fixed,
        Share::Variable,
        Share::Crisis,
        Share::Uplift,
    ];

    /// Identifier in JSON and CSV: the name of the total in a result's `totals`.
    pub fn as_str(self) -> &'static str {
        match self {
            Share::Fonctionnement => "fonctionnement",
            Share::Fixed => "fixed",
            Share::Variable => "variable_earned",
            Share::Crisis => "crisis",
            Share::Uplift => "uplift",
        }
    }
}

/// How sure we are of an amount, from strongest to weakest.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Evidence {
    /// Stated by an institutional source (ameli, ARS, Sénat report, JO).
    Official,
    /// Read in a real signed CPTS contract.
    Contract,
    /// Professional press or union summary of the signed text.
    Press,
    /// Computed from sourced totals.
    Derived,
    /// Interpolated to fill a gap; no source states it.
    Estimate,
    /// Required by the project's brief, not found in the ACI texts.
    Brief,
}

impl Evidence {
    /// Every level, strongest first.
    pub const ALL: [Evidence; 6] = [
        Evidence::Official,
        Evidence::Contract,
        Evidence::Press,
        Evidence::Derived,
        Evidence::Estimate,
        Evidence::Brief,
    ];

    /// The identifier used in tables and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Official => "official",
            Evidence::Contract => "contract",
            Evidence::Press => "press",
            Evidence::Derived => "derived",
            Evidence::Estimate => "estimate",
            Evidence::Brief => "brief",
        }
    }

    /// Parses a table's `evidence` value.
    pub fn from_id(id: &str) -> Option<Evidence> {
        Evidence::ALL.into_iter().find(|e| e.as_str() == id)
    }

    /// Whether a result resting on it must be flagged (anything weaker than `contract`).
    pub fn is_weak(self) -> bool {
        self > Evidence::Contract
    }
}

/// A population band with inclusive bounds (the table's inclusive/exclusive limits normalised).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Band {
    /// `T1`…`T4`.
    pub id: String,
    /// Words for people: "de 80 000 à 175 000 habitants".
    pub label: String,
    /// Smallest population in the band.
    pub min: u64,
    /// Largest population in the band; `None` for no limit.
    pub max: Option<u64>,
}

impl Band {
    /// Whether a population falls in this band.
    pub fn contains(&self, population: u64) -> bool {
        population >= self.min && self.max.is_none_or(|max| population <= max)
    }
}

/// One amount of the table for one band.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Amount {
    /// Euros per contract year at full achievement.
    pub value: Money,
    /// How sure we are of it.
    pub evidence: Evidence,
    /// Key of the table's source, absent for estimates.
    pub source: Option<String>,
    /// How it was obtained, in a few words.
    pub note: Option<String>,
}

/// One line of the table (e.g. "parcours, volet fixe"): an amount per band, in band order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PerBand(pub Vec<Amount>);

impl PerBand {
    /// The amount for the band at this index in the table's band list.
    pub fn for_band(&self, band: usize) -> &Amount {
        &self.0[band]
    }
}

/// What a mission pays, by kind.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MissionParts {
    /// A volet fixe (means) and a volet variable (results).
    Standard {
        /// Volet fixe.
        fixed: PerBand,
        /// Volet variable, at full achievement.
        variable: PerBand,
    },
    /// The crisis mission: no indicators.
    Crisis {
        /// Writing the crisis plan, in the contract year the mission starts.
        plan: PerBand,
        /// Updating the plan, in each later contract year.
        update: PerBand,
        /// A serious health crisis recognised by the ARS in the year.
        activation: PerBand,
    },
}

/// A mission of a version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mission {
    /// Identifier used in scenario files and output (`parcours`).
    pub id: String,
    /// French legal name.
    pub label: String,
    /// Mandatory (socle) or optional.
    pub socle: bool,
    /// Months from signature within which the mission must start, if the accord sets a deadline.
    pub start_within_months: Option<u32>,
    /// Months from signature within which the mission must be fully deployed.
    pub deployed_within_months: Option<u32>,
    /// First day the mission exists, when a later text created it (the crisis mission, by
    /// avenant 2): it cannot start earlier, and its deadlines count from this day when the
    /// contract was signed before.
    pub introduced_on: Option<NaiveDate>,
    /// The amounts.
    pub parts: MissionParts,
}

impl Mission {
    /// When the mission really starts for a contract: not before the signature, its own start,
    /// or the day the mission was created.
    pub fn effective_start(&self, signed: NaiveDate, started: Option<NaiveDate>) -> NaiveDate {
        let start = started.map_or(signed, |d| d.max(signed));
        self.introduced_on.map_or(start, |d| start.max(d))
    }

    /// The day deadlines count from: the signature, or the mission's creation if later.
    pub fn deadlines_from(&self, signed: NaiveDate) -> NaiveDate {
        self.introduced_on.map_or(signed, |d| signed.max(d))
    }

    /// Whether the mission has a volet variable (and so needs an achievement).
    pub fn has_variable(&self) -> bool {
        matches!(self.parts, MissionParts::Standard { .. })
    }
}

/// What the uplift is computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum UpliftBase {
    /// Volets fixes + earned volets variables + crisis amounts; not fonctionnement.
    Missions,
}

impl UpliftBase {
    /// The identifier used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            UpliftBase::Missions => "missions",
        }
    }
}

/// The raise for large CPTS.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Uplift {
    /// Words for people.
    pub label: String,
    /// Raised when the CPTS has strictly more members than this.
    pub members_above: u64,
    /// Fraction of the base (0.10 for 10 %).
    #[serde(with = "crate::model::money::exact")]
    pub rate: Decimal,
    /// What the rate applies to.
    pub base: UpliftBase,
    /// How sure we are of the rule.
    pub evidence: Evidence,
    /// Key of the table's source.
    pub source: Option<String>,
}

/// One version of the ACI tariffs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TariffTable {
    /// `aci-2019`, `aci-avenant-2`.
    pub id: String,
    /// Title for people.
    pub title: String,
    /// Legal reference (accord, avenant, JO).
    pub legal_reference: String,
    /// Signature of the text, when known.
    pub signed: Option<NaiveDate>,
    /// First day in force.
    pub in_force_from: NaiveDate,
    /// Last day in force; `None` while still in force.
    pub in_force_to: Option<NaiveDate>,
    /// Last day the figures were checked against the sources.
    pub checked_on: NaiveDate,
    /// How computed lines are rounded.
    pub rounding: Rounding,
    /// Notes on how the table was built.
    pub note: Option<String>,
    /// Source key → citation (kept apart in the compiled form, [`Later`]).
    #[serde(skip)]
    pub sources: Citations,
    /// Source key → the citation's French wording, where the table gives one (kept apart too).
    #[serde(skip)]
    pub sources_fr: Citations,
    /// Bands, smallest population first, without gap or overlap (the input checks it).
    pub bands: Vec<Band>,
    /// Label of the fonctionnement line.
    pub fonctionnement_label: String,
    /// Fonctionnement per band.
    pub fonctionnement: PerBand,
    /// Missions, in the table's order.
    pub missions: Vec<Mission>,
    /// The uplift rule, if the version has one.
    pub uplift: Option<Uplift>,
    /// When money is paid; the cash view needs it.
    pub payments: Option<PaymentRule>,
    /// The shipped table this one overrides, for a draft.
    pub extends: Option<String>,
    /// Dated facts that change no amount but that a user must see.
    pub notices: Vec<Notice>,
    /// Totals the table declares for named cases, recomputed by `tariffs check` (kept apart in
    /// the compiled form).
    #[serde(skip)]
    pub cross_checks: Later<Vec<CrossCheck>>,
}

/// Source key → citation, read as a map: a part of a table that most runs never read (see
/// [`Later`]).
pub type Citations = Later<BTreeMap<String, String>>;

/// A part of a table read as its value, which a table taken from its compiled form decodes only
/// when it is first read, once: the citations (half the table's text, which most runs print none
/// of) and the cross-checks (for `tariffs check`, which reads the text). `input::tariff` keeps
/// them apart in that form (`#[serde(skip)]` on the fields).
#[derive(Clone, Default)]
pub struct Later<T> {
    value: std::sync::OnceLock<T>,
    /// The compiled value and how to decode it (a layer up knows the form).
    compiled: Option<(&'static [u8], Decode<T>)>,
}

/// How a compiled value is decoded.
pub type Decode<T> = fn(&[u8]) -> T;

impl<T: Default> Later<T> {
    /// A value kept in a compiled form, decoded by `decode` when first read.
    pub fn compiled(bytes: &'static [u8], decode: Decode<T>) -> Self {
        Self {
            value: std::sync::OnceLock::new(),
            compiled: Some((bytes, decode)),
        }
    }

    /// The value (named so as not to hide the value's own `get`).
    pub fn value(&self) -> &T {
        self.value.get_or_init(|| {
            self.compiled
                .map(|(bytes, decode)| decode(bytes))
                .unwrap_or_default()
        })
    }
}

impl<T: Default> std::ops::Deref for Later<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value()
    }
}

impl<T> From<T> for Later<T> {
    fn from(value: T) -> Self {
        Self {
            value: std::sync::OnceLock::from(value),
            compiled: None,
        }
    }
}

impl<T: FromIterator<A>, A> FromIterator<A> for Later<T> {
    fn from_iter<I: IntoIterator<Item = A>>(iter: I) -> Self {
        T::from_iter(iter).into()
    }
}

impl<T: Default + PartialEq> PartialEq for Later<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value()
    }
}

impl<T: Default + Eq> Eq for Later<T> {}

impl<T: Default + std::fmt::Debug> std::fmt::Debug for Later<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value().fmt(f)
    }
}

/// A dated notice: shown as a warning with every result whose contract year starts on or after
/// `from` ("an avenant may have changed these amounts").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Notice {
    /// First day it concerns.
    pub from: NaiveDate,
    /// What the user must know.
    pub text: String,
    /// The same in French, shown to French readers when given.
    pub text_fr: Option<String>,
    /// Key of its source.
    pub source: Option<String>,
}

/// How fonctionnement of contract year 1 is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FirstYear {
    /// In full on the day of the signature (accord 2019 art. 9.1).
    InFullAtSignature,
    /// Like the volets fixes: the advance when the year opens, the balance when it closes.
    LikeVoletsFixes,
}

/// When money is paid (reference section 7).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PaymentRule {
    /// How fonctionnement of contract year 1 is paid; from contract year 2 it follows the volets
    /// fixes.
    pub fonctionnement_first_year: FirstYear,
    /// Share of a volet fixe paid when the year (or the mission) starts; the rest is paid on the
    /// anniversary that closes the year.
    #[serde(with = "crate::model::money::exact")]
    pub fixed_advance: Decimal,
    /// Months after the anniversary closing a year that its volet variable is paid.
    pub variable_delay_months: u32,
    /// Evidence of the rule.
    pub evidence: Evidence,
    /// Source key.
    pub source: Option<String>,
}

/// A total a table declares for a named case: "T4, contract year 1, crisis recognised, full
/// achievement, all missions: 580 000.00". `tariffs check` recomputes it with the engine.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CrossCheck {
    /// The case in words.
    pub name: String,
    /// Population (gives the band).
    pub population: u64,
    /// Members (the uplift applies above the threshold).
    pub members: u64,
    /// Contract year, counted from a signature on the table's first day in force.
    pub contract_year: u32,
    /// A crisis recognised by the ARS that year.
    pub crisis_recognised: bool,
    /// Missions run, from the signature; every mission of the table when the case names none.
    pub missions: Vec<String>,
    /// Achievement of every volet variable.
    #[serde(with = "crate::model::money::exact")]
    pub achievement: Decimal,
    /// The total the source states.
    pub expected_total: Money,
    /// Key of the source in the table's [sources].
    pub source: Option<String>,
}

impl TariffTable {
    /// Index of the band a population falls in.
    pub fn band_index(&self, population: u64) -> Option<usize> {
        self.bands.iter().position(|b| b.contains(population))
    }

    /// The mission with this id, if the version has it.
    pub fn mission(&self, id: &str) -> Option<&Mission> {
        self.missions.iter().find(|m| m.id == id)
    }

    /// Whether the version is in force on a day.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        day >= self.in_force_from && self.in_force_to.is_none_or(|to| day <= to)
    }
}

/// What a run must know of a table before reading it: to pick the version in force, to know the
/// mission ids, to list the ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Version id.
    pub id: String,
    /// First day in force.
    pub in_force_from: NaiveDate,
    /// Last day in force, if any.
    pub in_force_to: Option<NaiveDate>,
    /// Whether it is a draft on top of another version (never picked by date).
    pub extends: bool,
    /// Its missions' ids, in the table's order.
    pub missions: Vec<String>,
}

impl Header {
    /// The header of a table read.
    pub fn of(t: &TariffTable) -> Header {
        Header {
            id: t.id.clone(),
            in_force_from: t.in_force_from,
            in_force_to: t.in_force_to,
            extends: t.extends.is_some(),
            missions: t.missions.iter().map(|m| m.id.clone()).collect(),
        }
    }

    fn in_force_on(&self, day: NaiveDate) -> bool {
        day >= self.in_force_from && self.in_force_to.is_none_or(|to| day <= to)
    }
}

/// Reads a table by its id, when a run first needs it; the error says why it cannot be read, in
/// the words of the run the loader was made for.
pub type Loader = std::sync::Arc<dyn Fn(&str) -> Result<TariffTable, String> + Send + Sync>;

/// A table of the registry: read, or to be read by its loader when first needed.
#[derive(Clone)]
struct Entry {
    header: Header,
    table: std::sync::OnceLock<Result<TariffTable, String>>,
    load: Option<Loader>,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("header", &self.header)
            .field("table", &self.table)
            .field("load", &self.load.is_some())
            .finish()
    }
}

impl Entry {
    fn table(&self) -> Option<&TariffTable> {
        self.table
            .get_or_init(|| match &self.load {
                Some(load) => load(&self.header.id),
                None => Err(self.header.id.clone()),
            })
            .as_ref()
            .ok()
    }
}

/// The tables a run knows: the shipped ones, or a user's. Tables given by their header and a
/// loader are read when first used, once, so that a run reads only the tables it needs.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// In the order of their entry into force.
    entries: Vec<Entry>,
}

impl Registry {
    /// A registry of these tables, ordered by entry into force.
    pub fn new(tables: Vec<TariffTable>) -> Registry {
        let mut r = Registry::default();
        for t in tables {
            r.insert(t);
        }
        r
    }

    /// A registry of tables known by their headers, each read by `load` when first needed.
    pub fn lazy(headers: Vec<Header>, load: Loader) -> Registry {
        let mut entries: Vec<Entry> = headers
            .into_iter()
            .map(|header| Entry {
                header,
                table: std::sync::OnceLock::new(),
                load: Some(load.clone()),
            })
            .collect();
        entries.sort_by_key(|e| e.header.in_force_from);
        Registry { entries }
    }

    /// Adds a table, replacing a table of the same id.
    pub fn insert(&mut self, table: TariffTable) {
        self.entries.retain(|e| e.header.id != table.id);
        self.entries.push(Entry {
            header: Header::of(&table),
            table: std::sync::OnceLock::from(Ok(table)),
            load: None,
        });
        self.entries.sort_by_key(|e| e.header.in_force_from);
    }

    /// Every table, in the order of their entry into force (each read if it was not).
    pub fn tables(&self) -> impl DoubleEndedIterator<Item = &TariffTable> {
        self.entries.iter().filter_map(Entry::table)
    }

    /// Every table, to change (each read if it was not).
    pub fn tables_mut(&mut self) -> impl Iterator<Item = &mut TariffTable> {
        self.entries.iter_mut().filter_map(|e| {
            e.table();
            e.table.get_mut().and_then(|t| t.as_mut().ok())
        })
    }

    /// The first table that could not be read, and why (a table is read when first needed, so
    /// a run that used it asks this to tell the reason rather than the table's absence).
    pub fn failure(&self) -> Option<&str> {
        self.entries
            .iter()
            .find_map(|e| e.table.get().and_then(|t| t.as_ref().err()))
            .map(String::as_str)
    }

    /// The table with this id.
    pub fn get(&self, id: &str) -> Option<&TariffTable> {
        self.entries
            .iter()
            .find(|e| e.header.id == id)
            .and_then(Entry::table)
    }

    /// The version in force on a day (the latest to enter into force, if several are). Drafts
    /// that extend a version are never picked by date: they are used only when named.
    pub fn in_force_on(&self, day: NaiveDate) -> Option<&TariffTable> {
        self.entries
            .iter()
            .rev()
            .find(|e| !e.header.extends && e.header.in_force_on(day))
            .and_then(Entry::table)
    }

    /// The versions of a contract year that was not named one (reference section 5): the version
    /// in force on its first day, and, when the CPTS runs a mission that version lacks, the
    /// version in force on the year's last day as its lender, if it has that mission. `None`
    /// when no version is in force on the first day.
    pub fn versions(
        &self,
        year: &crate::model::calendar::ContractYear,
        runs: &[crate::model::scenario::MissionRun],
    ) -> Option<Versions<'_>> {
        let table = self.in_force_on(year.from)?;
        let lacks = |t: &TariffTable| runs.iter().any(|r| t.mission(&r.id).is_none());
        let lender = if lacks(table) {
            self.in_force_on(year.to).filter(|newer| {
                !std::ptr::eq(*newer, table)
                    && runs
                        .iter()
                        .any(|r| table.mission(&r.id).is_none() && newer.mission(&r.id).is_some())
            })
        } else {
            None
        };
        Some(Versions { table, lender })
    }

    /// The versions of contract year `s.contract_year` of a scenario: the version it names (which
    /// lends nothing), else those [`Registry::versions`] picks. `None` when there is none.
    pub fn versions_of(&self, s: &crate::model::scenario::Scenario) -> Option<Versions<'_>> {
        match &s.tariff {
            Some(id) => self.get(id).map(Versions::from),
            None => {
                let year = crate::model::calendar::ContractYear::of(s.signed, s.contract_year)?;
                self.versions(&year, &s.missions)
            }
        }
    }

    /// What the registry knows of each table before reading it, in order of entry into force.
    pub fn headers(&self) -> impl Iterator<Item = &Header> {
        self.entries.iter().map(|e| &e.header)
    }

    /// The first day any version is in force.
    pub fn first_in_force(&self) -> Option<NaiveDate> {
        self.entries.iter().map(|e| e.header.in_force_from).min()
    }

    /// Whether any known version has a mission with this id.
    pub fn knows_mission(&self, id: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.header.missions.iter().any(|m| m == id))
    }

    /// Every mission id of every version, each once, in first-seen order.
    pub fn mission_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for m in self.entries.iter().flat_map(|e| &e.header.missions) {
            if !ids.contains(&m.as_str()) {
                ids.push(m);
            }
        }
        ids
    }

    /// The ids of the tables, comma-separated, for messages.
    pub fn ids(&self) -> String {
        self.id_list().collect::<Vec<_>>().join(", ")
    }

    /// Every table's id, in order.
    pub fn id_list(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.header.id.as_str())
    }
}

/// One line of a table: fonctionnement, or one part of one mission.
#[derive(Debug, Clone, Copy)]
pub struct TableLine<'a> {
    /// The mission; `None` for fonctionnement.
    pub mission: Option<&'a Mission>,
    /// Which part.
    pub part: Part,
    /// Amount per band.
    pub amounts: &'a PerBand,
}

impl TableLine<'_> {
    /// Stable key: `fonctionnement`, `parcours.fixed`, `crises_sanitaires.crisis_plan`.
    pub fn key(&self) -> String {
        match self.mission {
            None => self.part.as_str().to_string(),
            Some(m) => format!("{}.{}", m.id, self.part.as_str()),
        }
    }

    /// Label for people: `Parcours pluriprofessionnels — volet fixe`.
    pub fn label(&self, table: &TariffTable) -> String {
        match self.mission {
            None => table.fonctionnement_label.clone(),
            Some(m) => format!("{} — {}", m.label, self.part.label()),
        }
    }
}

impl TariffTable {
    /// Every line of the table, in order: fonctionnement, then each mission's parts.
    pub fn lines(&self) -> Vec<TableLine<'_>> {
        let mut out = vec![TableLine {
            mission: None,
            part: Part::Fonctionnement,
            amounts: &self.fonctionnement,
        }];
        for m in &self.missions {
            let parts: Vec<(Part, &PerBand)> = match &m.parts {
                MissionParts::Standard { fixed, variable } => {
                    vec![(Part::Fixed, fixed), (Part::Variable, variable)]
                }
                MissionParts::Crisis {
                    plan,
                    update,
                    activation,
                } => vec![
                    (Part::CrisisPlan, plan),
                    (Part::CrisisUpdate, update),
                    (Part::CrisisActivation, activation),
                ],
            };
            out.extend(parts.into_iter().map(|(part, amounts)| TableLine {
                mission: Some(m),
                part,
                amounts,
            }));
        }
        out
    }
}

/// The versions a contract year is computed under: the one applied to the year, and a newer one
/// that lends the missions the first does not have (reference section 5: a mission only a newer
/// version has, started during a year computed under an older one, is paid under the newer one
/// from its start). Without a lender, a mission the version lacks earns nothing.
#[derive(Debug, Clone, Copy)]
pub struct Versions<'t> {
    /// The version applied to the contract year.
    pub table: &'t TariffTable,
    /// The version lending the missions `table` lacks, if any.
    pub lender: Option<&'t TariffTable>,
}

impl<'t> From<&'t TariffTable> for Versions<'t> {
    fn from(table: &'t TariffTable) -> Versions<'t> {
        Versions {
            table,
            lender: None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Compiled citations are decoded when first read, once, and then read as any map: equal to
    /// the same map given whole, and cloned with what they hold.
    #[test]
    fn compiled_citations_are_decoded_once_when_first_read() {
        static DECODED: AtomicUsize = AtomicUsize::new(0);
        fn decode(bytes: &[u8]) -> BTreeMap<String, String> {
            DECODED.fetch_add(1, Ordering::SeqCst);
            BTreeMap::from([("key".into(), String::from_utf8_lossy(bytes).into())])
        }
        let citations = Citations::compiled(b"a citation", decode);
        let copy = citations.clone();
        assert_eq!(DECODED.load(Ordering::SeqCst), 0, "not before a read");
        assert_eq!(citations.get("key").map(String::as_str), Some("a citation"));
        assert_eq!(citations.len(), 1);
        assert_eq!(DECODED.load(Ordering::SeqCst), 1, "once");
        let whole: Citations = [("key".to_string(), "a citation".to_string())]
            .into_iter()
            .collect();
        assert_eq!(copy, whole);
        assert_ne!(Citations::default(), whole);
    }
}
