//! Reading a scenario file: the schema of issue #2 (a contract other tools rely on), checked
//! strictly, with every problem reported at its place. The tariff version is chosen here because
//! the missions can only be checked against it.

use super::spanned::Spanned;
use super::values::{
    CrisisInput, Date, Fraction, FractionByYear, Measure, MeasureByYear, MetByYear, MoneyText,
};
use super::{Collector, FileKind, parse_toml_all};
use crate::catalog::Lang;
use crate::catalog::format::{date, decimal_plain, integer, measure, money};
use crate::input::diagnostic::{Diagnostic, InputError, SourceFile};
use crate::input::limits::{MAX_CONTRACT_YEAR, MAX_MEMBERS, MAX_POPULATION, last_day, max_amount};
use crate::model::calendar::ContractYear;
use crate::model::money::Money;
use crate::model::scenario::{
    ByYear, Direction, Indicator, MissionRun, Palier, Paliers, Range, Scenario, Scoring,
    VariableInput, Weight,
};
use crate::model::tariff::{Registry, TariffTable, Versions};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;

/// One CPTS in one contract year.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "aci-cpts scenario")]
struct RawScenario {
    /// Name of the CPTS (non-empty).
    #[schemars(length(min = 1))]
    name: Spanned<String>,
    /// Inhabitants of the territory (1 or more): gives the band. Or give `communes` or `epci`.
    #[schemars(range(min = 1))]
    population: Option<Spanned<i64>>,
    /// The territory as its communes' INSEE codes (`"93064"`; arrondissements such as `"75111"`
    /// accepted), instead of `population`: the population is the sum of their legal populations.
    communes: Option<Spanned<Vec<Spanned<String>>>>,
    /// The territory as an EPCI's SIREN (every member commune), instead of `population`.
    epci: Option<Spanned<String>>,
    /// Members of the CPTS (0 or more): above the tariff table's threshold, the uplift applies.
    #[schemars(range(min = 0))]
    members: Spanned<i64>,
    /// Signature of the contract, a TOML date: first day of contract year 1.
    signed: Spanned<Date>,
    /// Which contract year to compute (default 1).
    #[schemars(range(min = 1))]
    contract_year: Option<Spanned<i64>>,
    /// Force a tariff version (default: the one in force on the first day of the year).
    tariff: Option<Spanned<String>>,
    /// A serious health crisis recognised by the ARS: true/false for the contract year computed,
    /// or the list of contract years with one (default false).
    crisis_recognised: Option<Spanned<CrisisInput>>,
    /// The contract was renewed after its fifth contract year (default false): only then are
    /// years 6 and later computed, on the same terms (renewal terms are not public).
    renewed: Option<Spanned<bool>>,
    /// One table per mission the CPTS runs, by mission id.
    #[serde(default)]
    missions: IndexMap<Spanned<String>, Spanned<RawMission>>,
}

/// A mission the CPTS runs: `achievement` or `indicators` (neither on `crises_sanitaires`).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawMission {
    /// When the mission started (default: the signature).
    started: Option<Spanned<Date>>,
    /// How far its indicators were reached: 0.8 or "80%", or a list per contract year.
    achievement: Option<Spanned<FractionByYear>>,
    /// The contract's indicators, instead of `achievement`.
    indicators: Option<Spanned<Vec<Spanned<RawIndicator>>>>,
}

/// One indicator of the contract, as the contract writes it: an item (`amount` and `met`),
/// paliers on a measured value (`paliers` and `measured`), or, for an estimate made before the
/// annex is known, `amount` or `share` and `achievement`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    /// A short key for `--vary`, `risk` and output.
    id: Option<Spanned<String>>,
    /// Its name in the contract.
    name: Spanned<String>,
    /// Euros, as a string: "9000.00" (an item, or an estimate).
    amount: Option<Spanned<MoneyText>>,
    /// Fraction of the table's envelope (an estimate).
    share: Option<Spanned<Fraction>>,
    /// How far it was reached (an estimate): 1, 0.5 or "50%", a list per contract year, or a
    /// range.
    achievement: Option<Spanned<FractionByYear>>,
    /// An item: met (true) or not (false), or a list per contract year.
    met: Option<Spanned<MetByYear>>,
    /// Paliers: the value reached, 87 or "71.2%", a list per contract year, or a range.
    measured: Option<Spanned<MeasureByYear>>,
    /// The contract's paliers, from the least demanding to the most, not cumulative.
    paliers: Option<Spanned<Vec<Spanned<RawPalier>>>>,
}

/// One palier: `from` (higher is better) or `up_to` (lower is better) a threshold, and what it
/// pays when it is the best reached.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawPalier {
    /// Reached from this value up.
    from: Option<Spanned<Measure>>,
    /// Reached up to this value.
    up_to: Option<Spanned<Measure>>,
    /// Euros, as a string.
    amount: Spanned<MoneyText>,
}

/// The JSON Schema of a scenario file, generated from the types that read it; mission ids are
/// those of the known tariff tables.
pub fn json_schema(registry: &Registry) -> schemars::Schema {
    let mut schema = schemars::schema_for!(RawScenario);
    let ids: Vec<serde_json::Value> = registry
        .mission_ids()
        .into_iter()
        .map(serde_json::Value::from)
        .collect();
    if let Some(missions) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("missions"))
        .and_then(|m| m.as_object_mut())
    {
        missions.insert(
            "propertyNames".to_string(),
            serde_json::json!({ "enum": ids }),
        );
    }
    schema
}

/// A scenario checked against the tariff table that applies to it.
#[derive(Debug, Clone)]
pub struct Loaded<'r> {
    /// The scenario.
    pub scenario: Scenario,
    /// The versions applied: the one named by the scenario, or the one in force on the first
    /// day of the contract year (with a newer one lending the missions it lacks).
    pub versions: Versions<'r>,
    /// What reading it found that is no error (a code written with spaces around it).
    pub warnings: Vec<Diagnostic>,
}

impl<'r> Loaded<'r> {
    /// The version applied to the contract year.
    pub fn table(&self) -> &'r TariffTable {
        self.versions.table
    }
}

/// Parses and checks a scenario file, and picks its tariff table from the registry: the one
/// `forced` names (from the command line), else the scenario's `tariff`, else the one in force.
pub fn load<'r>(
    lang: Lang,
    file: &SourceFile,
    registry: &'r Registry,
    forced: Option<&str>,
) -> Result<Loaded<'r>, InputError> {
    load_at(lang, file, registry, forced, None)
}

/// [`load`], computing the contract year that contains the day `at` (`--at`) instead of the
/// file's `contract_year`.
pub fn load_at<'r>(
    lang: Lang,
    file: &SourceFile,
    registry: &'r Registry,
    forced: Option<&str>,
    at: Option<chrono::NaiveDate>,
) -> Result<Loaded<'r>, InputError> {
    let read = parse_toml_all::<RawScenario>(lang, file, FileKind::Scenario);
    let problems = read.problems;
    let Some(raw) = read.value else {
        return Err(InputError {
            file: file.clone(),
            diagnostics: problems_and_missions(lang, file, problems, registry),
            layers: Vec::new(),
        });
    };
    let c = Collector::after_reading(lang, problems, read.quiet);
    check(raw, file, registry, forced, at, c)
}

/// A scenario given as its values rather than as TOML text — a row of a portfolio CSV: checked
/// by the same rules as a file, so a row and the file it stands for give the same result.
pub struct Values {
    /// Name of the CPTS.
    pub name: String,
    /// Inhabitants, or
    pub population: Option<i64>,
    /// the territory's communes' INSEE codes.
    pub communes: Option<Vec<String>>,
    /// Members.
    pub members: i64,
    /// Signature.
    pub signed: chrono::NaiveDate,
    /// Contract year, if given.
    pub contract_year: Option<i64>,
    /// Tariff version, if named.
    pub tariff: Option<String>,
    /// Crises recognised.
    pub crisis_recognised: Option<CrisisInput>,
    /// Whether the contract was renewed after its fifth year.
    pub renewed: Option<bool>,
    /// Missions run, in the order given: start date and achievement.
    pub missions: Vec<(String, Option<chrono::NaiveDate>, Option<FractionByYear>)>,
}

/// [`load_at`] for a scenario given as [`Values`]; `file` names where it was read.
pub fn load_values_at<'r>(
    lang: Lang,
    values: Values,
    file: &SourceFile,
    registry: &'r Registry,
    forced: Option<&str>,
    at: Option<chrono::NaiveDate>,
) -> Result<Loaded<'r>, InputError> {
    fn here<T>(value: T) -> Spanned<T> {
        Spanned::new(0..0, value)
    }
    let raw = RawScenario {
        name: here(values.name),
        population: values.population.map(here),
        communes: values
            .communes
            .map(|list| here(list.into_iter().map(here).collect())),
        epci: None,
        members: here(values.members),
        signed: here(Date(values.signed)),
        contract_year: values.contract_year.map(here),
        tariff: values.tariff.map(here),
        crisis_recognised: values.crisis_recognised.map(here),
        renewed: values.renewed.map(here),
        missions: values
            .missions
            .into_iter()
            .map(|(id, started, achievement)| {
                let mission = RawMission {
                    started: started.map(|d| here(Date(d))),
                    achievement: achievement.map(here),
                    indicators: None,
                };
                (here(id), here(mission))
            })
            .collect(),
    };
    check(raw, file, registry, forced, at, Collector::new(lang))
}

/// Checks a scenario read, and picks its table.
fn check<'r>(
    raw: RawScenario,
    file: &SourceFile,
    registry: &'r Registry,
    forced: Option<&str>,
    at: Option<chrono::NaiveDate>,
    mut c: Collector,
) -> Result<Loaded<'r>, InputError> {
    let lang = c.lang;
    hidden_chars(&raw.name, &mut c);
    if raw.name.get_ref().trim().is_empty() {
        c.err("input.scenario.empty_name", raw.name.span(), &[]);
    }
    let (population, territory) = population_of(&raw, &mut c);
    let members = u64::try_from(*raw.members.get_ref())
        .ok()
        .filter(|m| *m <= MAX_MEMBERS);
    if members.is_none() {
        c.err(
            "input.scenario.members",
            raw.members.span(),
            &[
                ("got", &raw.members.get_ref().to_string()),
                ("max", &integer(MAX_MEMBERS)),
            ],
        );
    }

    let contract_year = match &raw.contract_year {
        None => Some(1),
        Some(y) => {
            let n = u32::try_from(*y.get_ref())
                .ok()
                .filter(|n| (1..=MAX_CONTRACT_YEAR).contains(n));
            if n.is_none() {
                c.err(
                    "input.scenario.contract_year",
                    y.span(),
                    &[
                        ("got", &y.get_ref().to_string()),
                        ("max", &MAX_CONTRACT_YEAR.to_string()),
                    ],
                );
            }
            n
        }
    };
    let signed = raw.signed.get_ref().0;
    check_day(signed, raw.signed.span(), &mut c);
    let first = registry.first_in_force();
    let before_the_aci = first.is_some_and(|first| signed < first);
    if let Some(first) = first
        && before_the_aci
    {
        c.err(
            "input.scenario.signed_before_first_version",
            raw.signed.span(),
            &[
                ("signed", &date(lang, signed)),
                ("first", &date(lang, first)),
            ],
        );
    }
    for m in raw.missions.values() {
        if let Some(d) = &m.get_ref().started {
            check_day(d.get_ref().0, d.span(), &mut c);
        }
    }
    if let Some(years) = &raw.crisis_recognised
        && let CrisisInput::Years(list) = years.get_ref()
        && list.iter().any(|y| *y > MAX_CONTRACT_YEAR)
    {
        c.err(
            "input.scenario.crisis_year",
            years.span(),
            &[("max", &MAX_CONTRACT_YEAR.to_string())],
        );
    }
    let renewed = raw.renewed.as_ref().is_some_and(|r| *r.get_ref());
    let contract_year = match at {
        None => contract_year,
        Some(day) => {
            let n = ContractYear::containing(signed, day).map(|y| y.number);
            match n {
                None => c.err(
                    "input.scenario.at_before_signature",
                    raw.signed.span(),
                    &[("at", &date(lang, day)), ("signed", &date(lang, signed))],
                ),
                // The limit `contract_year` has holds for the year a day falls in (a contract
                // not renewed ends after five years: the engine says so, better than a limit).
                Some(year) if year > MAX_CONTRACT_YEAR && renewed => c.err(
                    "input.scenario.at_too_late",
                    raw.signed.span(),
                    &[
                        ("at", &date(lang, day)),
                        ("year", &year.to_string()),
                        ("max", &MAX_CONTRACT_YEAR.to_string()),
                    ],
                ),
                Some(_) => {}
            }
            n.filter(|year| *year <= MAX_CONTRACT_YEAR || !renewed)
        }
    };
    let year = contract_year.and_then(|n| ContractYear::of(signed, n));
    if contract_year.is_some() && year.is_none() {
        c.err(
            "input.scenario.outside_calendar",
            raw.contract_year
                .as_ref()
                .map_or(raw.signed.span(), |y| y.span()),
            &[],
        );
    }

    let table = match forced {
        Some(id) => registry.get(id),
        None if before_the_aci => None,
        None => year.and_then(|year| pick_table(&raw, year, registry, &mut c)),
    };

    // A version may lack a mission the CPTS runs (the crisis mission under aci-2019): a newer
    // version lends it from its start, or, when none does (or a version is named), it earns
    // nothing there; the engine says which.
    let named = forced.is_some() || raw.tariff.is_some();
    let mut missions = Vec::new();
    for (id, mission) in &raw.missions {
        if let Some(m) = check_mission(id, mission, table, registry, &mut c) {
            missions.push(m);
        }
    }
    let warnings = c.finish(file)?;

    let (Some(population), Some(members), Some(contract_year), Some(table)) =
        (population, members, contract_year, table)
    else {
        // Each `None` above recorded an error, so `finish` has already returned it.
        return Err(InputError::single(
            file.clone(),
            Diagnostic::error(lang, lang.t("input.scenario.unreadable"), None),
        ));
    };
    let versions = match (named, year) {
        (false, Some(year)) => registry
            .versions(&year, &missions)
            .filter(|v| std::ptr::eq(v.table, table))
            .unwrap_or_else(|| table.into()),
        _ => table.into(),
    };
    Ok(Loaded {
        warnings,
        scenario: Scenario {
            name: raw.name.into_inner(),
            population,
            members,
            signed,
            contract_year,
            tariff: forced
                .map(str::to_string)
                .or(raw.tariff.map(|t| t.into_inner())),
            tariff_from_command: forced.is_some(),
            renewed: raw.renewed.is_some_and(|r| r.into_inner()),
            crisis_years: match raw.crisis_recognised.map(|c| c.into_inner()) {
                None | Some(CrisisInput::Flag(false)) => Vec::new(),
                Some(CrisisInput::Flag(true)) => vec![contract_year],
                Some(CrisisInput::Years(years)) => years,
            },
            missions,
            territory,
        },
        versions,
    })
}

/// The population: given, or the sum of the communes' (or the EPCI's) legal populations, with
/// the territory it comes from. Each `None` records an error.
fn population_of(
    raw: &RawScenario,
    c: &mut Collector,
) -> (Option<u64>, Option<crate::model::territory::Territory>) {
    let lang = c.lang;
    let given = [
        raw.population.as_ref().map(|p| ("population", p.span())),
        raw.communes.as_ref().map(|p| ("communes", p.span())),
        raw.epci.as_ref().map(|p| ("epci", p.span())),
    ];
    let mut given = given.into_iter().flatten();
    let Some(_) = given.next() else {
        c.unplaced_error(
            lang.t("input.scenario.no_population"),
            lang.t("input.scenario.no_population_help"),
        );
        return (None, None);
    };
    if let Some((second, span)) = given.next() {
        let first = if raw.population.is_some() {
            "population"
        } else {
            "communes"
        };
        c.err(
            "input.scenario.population_twice",
            span,
            &[("first", first), ("second", second)],
        );
        return (None, None);
    }
    if let Some(p) = &raw.population {
        let population = u64::try_from(*p.get_ref())
            .ok()
            .filter(|n| (1..=MAX_POPULATION).contains(n));
        if population.is_none() {
            c.err(
                "input.scenario.population",
                p.span(),
                &[
                    ("got", &p.get_ref().to_string()),
                    ("max", &integer(MAX_POPULATION)),
                ],
            );
        }
        return (population, None);
    }
    let territory = match (&raw.communes, &raw.epci) {
        (Some(list), _) => super::territory::communes(list, c),
        (None, Some(siren)) => super::territory::of_epci(siren, c),
        (None, None) => None,
    };
    let population = territory.as_ref().map(|t| t.population());
    (population, territory)
}

fn pick_table<'r>(
    raw: &RawScenario,
    year: ContractYear,
    registry: &'r Registry,
    c: &mut Collector,
) -> Option<&'r TariffTable> {
    let lang = c.lang;
    if let Some(id) = &raw.tariff {
        let table = registry.get(id.get_ref());
        if table.is_none() {
            c.err(
                "input.scenario.unknown_tariff",
                id.span(),
                &[("id", id.get_ref()), ("ids", &registry.ids())],
            );
        }
        return table;
    }
    let table = registry.in_force_on(year.from);
    if table.is_none() {
        let first = registry.first_in_force();
        let span = raw
            .contract_year
            .as_ref()
            .map_or(raw.signed.span(), |y| y.span());
        let (year_number, from) = (year.number.to_string(), date(lang, year.from));
        match first {
            Some(first) if year.from < first => c.err(
                "input.scenario.before_first_version",
                span,
                &[
                    ("year", &year_number),
                    ("from", &from),
                    ("first", &date(lang, first)),
                ],
            ),
            _ => c.err(
                "input.scenario.no_version",
                span,
                &[("year", &year_number), ("from", &from)],
            ),
        }
    }
    table
}

/// The missions of a file that does not read, for what the reading cannot say: a misspelt
/// mission is said in the same run as the file's other problems, not in the next one.
#[derive(serde::Deserialize)]
struct MissionsOnly {
    #[serde(default)]
    missions: std::collections::BTreeMap<Spanned<String>, serde::de::IgnoredAny>,
}

fn problems_and_missions(
    lang: Lang,
    file: &SourceFile,
    problems: Vec<Diagnostic>,
    registry: &Registry,
) -> Vec<Diagnostic> {
    let text = super::without_problem_lines(&file.text, &problems);
    let Ok(read) = toml::from_str::<MissionsOnly>(&text) else {
        return problems;
    };
    let mut c = Collector::with(lang, problems);
    for id in read.missions.keys() {
        known_mission(id, registry, &mut c);
    }
    match c.finish(file) {
        Err(e) => e.diagnostics,
        Ok(problems) => problems,
    }
}

/// Whether a mission id names a mission of some version; said with "did you mean" when not.
fn known_mission(id: &Spanned<String>, registry: &Registry, c: &mut Collector) -> bool {
    let lang = c.lang;
    let name = id.get_ref();
    if registry.knows_mission(name) {
        return true;
    }
    let ids = registry.mission_ids();
    let near = super::nearest(name, ids.iter().copied())
        .map(|m| lang.fill("input.scenario.did_you_mean_mission", &[("id", m)]))
        .unwrap_or_default();
    c.err(
        "input.scenario.unknown_mission",
        id.span(),
        &[("name", name), ("ids", &ids.join(", ")), ("near", &near)],
    );
    false
}

fn check_mission(
    id: &Spanned<String>,
    raw: &Spanned<RawMission>,
    table: Option<&TariffTable>,
    registry: &Registry,
    c: &mut Collector,
) -> Option<MissionRun> {
    let name = id.get_ref();
    if !known_mission(id, registry, c) {
        return None;
    }
    let m = raw.get_ref();
    let variable = check_variable(name, m, c);
    // Checked against the version applied, or, when it lacks the mission, against a version
    // that has it (which lends it, or under which the engine says it earns nothing).
    table?;
    let mission = match table.and_then(|t| t.mission(name)) {
        Some(mission) => mission,
        None => registry.tables().rev().find_map(|t| t.mission(name))?,
    };
    if mission.has_variable() {
        if m.achievement.is_none() && m.indicators.is_none() {
            c.err(
                "input.scenario.missing_achievement",
                id.span(),
                &[("name", name)],
            );
            return None;
        }
    } else {
        let given = m
            .achievement
            .as_ref()
            .map(|a| a.span())
            .or_else(|| m.indicators.as_ref().map(|i| i.span()));
        if let Some(span) = given {
            c.err(
                "input.scenario.achievement_on_crisis",
                span,
                &[("name", name)],
            );
            return None;
        }
    }
    Some(MissionRun {
        id: name.clone(),
        started: m.started.as_ref().map(|d| d.get_ref().0),
        variable: variable?,
    })
}

/// `Some(None)` when the mission gives no variable input; `None` after an error.
fn check_variable(name: &str, m: &RawMission, c: &mut Collector) -> Option<Option<VariableInput>> {
    match (&m.achievement, &m.indicators) {
        (Some(a), Some(_)) => {
            c.err(
                "input.scenario.achievement_and_indicators",
                a.span(),
                &[("name", name)],
            );
            None
        }
        (Some(a), None) => Some(by_year(a.get_ref()).map(VariableInput::Achievement)),
        (None, Some(list)) => {
            if list.get_ref().is_empty() {
                c.err(
                    "input.scenario.no_indicators",
                    list.span(),
                    &[("name", name)],
                );
                return None;
            }
            let mut indicators = Vec::new();
            for raw in list.get_ref() {
                if let Some(ind) = indicator(raw, c) {
                    indicators.push(ind);
                }
            }
            let shares: Decimal = indicators.iter().filter_map(Indicator::share).sum();
            if shares > Decimal::ONE {
                c.err(
                    "input.scenario.shares_above_one",
                    list.span(),
                    &[("name", name), ("sum", &decimal_plain(shares))],
                );
                return None;
            }
            (indicators.len() == list.get_ref().len())
                .then_some(Some(VariableInput::Indicators(indicators)))
        }
        (None, None) => Some(None),
    }
}

/// A name holding a character a reader would not see — a control character, a bidi override —
/// is refused at its place, the character named: it would hide in every document.
fn hidden_chars(name: &Spanned<String>, c: &mut Collector) {
    if let Some(ch) = name
        .get_ref()
        .chars()
        .find(|ch| crate::catalog::format::hidden(*ch))
    {
        c.err(
            "input.scenario.hidden_char",
            name.span(),
            &[
                ("name", &crate::catalog::format::printable(name.get_ref())),
                ("code", &format!("U+{:04X}", u32::from(ch))),
            ],
        );
    }
}

/// One indicator checked: what kind it is, and each kind complete and consistent; `None` after
/// an error (reported).
fn indicator(raw: &Spanned<RawIndicator>, c: &mut Collector) -> Option<Indicator> {
    let ind = raw.get_ref();
    let name = ind.name.get_ref();
    hidden_chars(&ind.name, c);
    let mixed = |c: &mut Collector, a: &str, b: &str, span: std::ops::Range<usize>| {
        c.err(
            "input.scenario.indicator_kinds_mixed",
            span,
            &[("name", name), ("a", a), ("b", b)],
        );
    };
    if let Some(a) = &ind.amount
        && a.get_ref().0.value() > max_amount()
    {
        c.err(
            "input.scenario.amount_too_large",
            a.span(),
            &[("max", &money(Money::new(max_amount())))],
        );
        return None;
    }
    let scoring = if let Some(list) = &ind.paliers {
        for (key, given) in [
            ("amount", ind.amount.as_ref().map(Spanned::span)),
            ("share", ind.share.as_ref().map(Spanned::span)),
            ("achievement", ind.achievement.as_ref().map(Spanned::span)),
            ("met", ind.met.as_ref().map(Spanned::span)),
        ] {
            if let Some(span) = given {
                mixed(c, "paliers", key, span);
                return None;
            }
        }
        let Some(measured) = &ind.measured else {
            c.err(
                "input.scenario.no_measured",
                ind.name.span(),
                &[("name", name)],
            );
            return None;
        };
        Scoring::Paliers(paliers(name, list, measured, c)?)
    } else if let Some(measured) = &ind.measured {
        c.err(
            "input.scenario.measured_without_paliers",
            measured.span(),
            &[("name", name)],
        );
        return None;
    } else if let Some(met) = &ind.met {
        for (key, given) in [
            ("share", ind.share.as_ref().map(Spanned::span)),
            ("achievement", ind.achievement.as_ref().map(Spanned::span)),
        ] {
            if let Some(span) = given {
                mixed(c, "met", key, span);
                return None;
            }
        }
        let Some(amount) = &ind.amount else {
            c.err(
                "input.scenario.met_without_amount",
                met.span(),
                &[("name", name)],
            );
            return None;
        };
        let one = |m: bool| Decimal::from(u8::from(m));
        let met = match met.get_ref().1 {
            Some([low, likely, high]) => ByYear::ranged(Range {
                low: one(low),
                likely: one(likely),
                high: one(high),
            }),
            None => ByYear::new(met.get_ref().0.iter().map(|&m| one(m)).collect())?,
        };
        Scoring::Item {
            amount: amount.get_ref().0,
            met,
        }
    } else {
        let weight = match (&ind.amount, &ind.share) {
            (Some(a), None) => Weight::Amount(a.get_ref().0),
            (None, Some(s)) => Weight::Share(s.get_ref().0),
            (Some(a), Some(_)) => {
                c.err(
                    "input.scenario.amount_and_share",
                    a.span(),
                    &[("name", name)],
                );
                return None;
            }
            (None, None) => {
                c.err(
                    "input.scenario.no_amount_nor_share",
                    ind.name.span(),
                    &[("name", name)],
                );
                return None;
            }
        };
        let Some(achievement) = &ind.achievement else {
            c.err("input.scenario.no_met", ind.name.span(), &[("name", name)]);
            return None;
        };
        Scoring::Estimate {
            weight,
            achievement: by_year(achievement.get_ref())?,
        }
    };
    Some(Indicator {
        id: ind.id.as_ref().map(|i| i.get_ref().clone()),
        name: name.clone(),
        scoring,
    })
}

/// An indicator's paliers checked: each `from` or `up_to`, one direction, thresholds stricter
/// and amounts higher from one to the next, values all percentages or all numbers.
fn paliers(
    name: &str,
    list: &Spanned<Vec<Spanned<RawPalier>>>,
    measured: &Spanned<MeasureByYear>,
    c: &mut Collector,
) -> Option<Paliers> {
    if list.get_ref().is_empty() {
        c.err("input.scenario.no_paliers", list.span(), &[("name", name)]);
        return None;
    }
    let mut steps: Vec<(Direction, Measure, Money, std::ops::Range<usize>)> = Vec::new();
    for (n, p) in list.get_ref().iter().enumerate() {
        let raw = p.get_ref();
        let (direction, threshold) = match (&raw.from, &raw.up_to) {
            (Some(f), None) => (Direction::AtLeast, f),
            (None, Some(u)) => (Direction::AtMost, u),
            _ => {
                c.err(
                    "input.scenario.palier_bound",
                    p.span(),
                    &[("name", name), ("n", &(n + 1).to_string())],
                );
                return None;
            }
        };
        steps.push((
            direction,
            *threshold.get_ref(),
            raw.amount.get_ref().0,
            p.span(),
        ));
    }
    let direction = steps[0].0;
    let percent = steps[0].1.percent;
    let show = |m: &Measure| measure(m.value, m.percent);
    for (n, pair) in steps.windows(2).enumerate() {
        let (before, (d, threshold, amount, span)) = (&pair[0], &pair[1]);
        let n = (n + 2).to_string();
        if *d != direction {
            c.err(
                "input.scenario.palier_direction",
                span.clone(),
                &[("name", name)],
            );
            return None;
        }
        if threshold.percent != percent {
            c.err(
                "input.scenario.palier_units",
                span.clone(),
                &[("name", name)],
            );
            return None;
        }
        let stricter = match direction {
            Direction::AtLeast => threshold.value > before.1.value,
            Direction::AtMost => threshold.value < before.1.value,
        };
        if !stricter {
            c.err(
                "input.scenario.palier_order",
                span.clone(),
                &[
                    ("name", name),
                    ("n", &n),
                    ("threshold", &show(threshold)),
                    ("previous", &show(&before.1)),
                ],
            );
            return None;
        }
        if *amount <= before.2 {
            c.err(
                "input.scenario.palier_amounts",
                span.clone(),
                &[
                    ("name", name),
                    ("n", &n),
                    ("amount", &money(*amount)),
                    ("previous", &money(before.2)),
                ],
            );
            return None;
        }
    }
    let m = measured.get_ref();
    if m.0
        .iter()
        .chain(m.1.iter().flatten())
        .any(|v| v.percent != percent)
    {
        c.err(
            "input.scenario.palier_units",
            measured.span(),
            &[("name", name)],
        );
        return None;
    }
    let values = m.0.iter().map(|v| v.value).collect();
    let measured = match m.1 {
        Some([low, likely, high]) => ByYear::ranged(Range {
            low: low.value,
            likely: likely.value,
            high: high.value,
        }),
        None => ByYear::new(values)?,
    };
    Some(Paliers {
        direction,
        steps: steps
            .into_iter()
            .map(|(_, threshold, amount, _)| Palier {
                threshold: threshold.value,
                amount,
            })
            .collect(),
        measured,
        percent,
    })
}

/// A day past [`last_day`] is refused: no ACI contract can be dated so far.
fn check_day(day: chrono::NaiveDate, span: std::ops::Range<usize>, c: &mut Collector) {
    let lang = c.lang;
    if day > last_day() {
        c.err(
            "input.scenario.date_too_late",
            span,
            &[("got", &date(lang, day)), ("max", &date(lang, last_day()))],
        );
    }
}

/// An achievement as the model holds it: per year, or a range.
fn by_year(f: &FractionByYear) -> Option<ByYear> {
    match f.1 {
        Some([low, likely, high]) => Some(ByYear::ranged(Range { low, likely, high })),
        None => ByYear::new(f.0.clone()),
    }
}
