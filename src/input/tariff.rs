//! Reading tariff tables: `tariffs/*.toml` (embedded in the binary) or a user's file, checked
//! strictly and turned into [`TariffTable`]s. Every problem found is reported with its place. A
//! table may `extends` a shipped one and give only what it changes; it is read on top of the
//! shipped text, so problems point into whichever file holds the value.

use super::spanned::Spanned;
use super::values::{Date, DecimalText, Fraction, MoneyText};
use super::{Collector, FileKind, parse_toml, parse_toml_all};
use crate::catalog::Lang;
use crate::input::diagnostic::{Diagnostic, InputError, Layer, SourceFile};
use crate::model::money::Rounding;
use crate::model::tariff::{
    Amount, Band, CrossCheck, Evidence, FirstYear, Later, Mission, MissionParts, Notice,
    PaymentRule, PerBand, TariffTable, Uplift, UpliftBase,
};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// The tables shipped with the binary: (path in the repository, text). Each file is named after
/// its table's id.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "tariffs/aci-2019.toml",
        include_str!("../../tariffs/aci-2019.toml"),
    ),
    (
        "tariffs/aci-avenant-2.toml",
        include_str!("../../tariffs/aci-avenant-2.toml"),
    ),
];

/// The table format version this build reads.
pub const SCHEMA_VERSION: i64 = 1;

pub(crate) type BandMap = IndexMap<Spanned<String>, Spanned<RawAmount>>;

/// A tariff table file as written. Every key is optional here so that a table which `extends`
/// another can give only what it changes; a complete table is required to have them all.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "aci-cpts tariff table")]
pub(crate) struct RawTable {
    /// Table format version: 1.
    schema: Option<Spanned<i64>>,
    /// Id of a shipped table this one overrides (e.g. "aci-avenant-2"): give only what changes.
    extends: Option<Spanned<String>>,
    /// Version id, e.g. "aci-avenant-2".
    id: Option<Spanned<String>>,
    /// Title for people.
    title: Option<String>,
    /// Legal reference (accord, avenant, Journal officiel).
    legal_reference: Option<String>,
    /// Signature of the text.
    signed: Option<Date>,
    /// First day in force.
    in_force_from: Option<Spanned<Date>>,
    /// Last day in force; absent while still in force.
    in_force_to: Option<Spanned<Date>>,
    /// Last day the figures were checked against their sources.
    checked_on: Option<Date>,
    /// Rounding policy of computed lines: "cent_half_away_from_zero".
    rounding: Option<Spanned<String>>,
    /// How the table was built.
    note: Option<String>,
    /// Source key → citation: its text, or `{ text, text_fr }` with a French wording.
    #[serde(default)]
    sources: BTreeMap<String, RawSource>,
    /// Population bands, smallest first, without gap or overlap from a population of 1.
    bands: Option<Spanned<Vec<Spanned<RawBand>>>>,
    /// The fonctionnement line.
    fonctionnement: Option<Spanned<RawFonctionnement>>,
    /// Missions by id, in display order.
    #[serde(default)]
    missions: IndexMap<Spanned<String>, Spanned<RawMission>>,
    /// The uplift for large CPTS.
    uplift: Option<Spanned<RawUplift>>,
    /// When money is paid (needed by `calendar` and `forecast`).
    payments: Option<Spanned<RawPayments>>,
    /// Dated facts that change no amount but that a user must see (a draft's add to its base's).
    #[serde(default)]
    notices: Vec<Spanned<RawNotice>>,
    /// Totals stated by sources for named cases, recomputed by `aci-cpts tariffs check`.
    #[serde(default)]
    cross_checks: Vec<Spanned<RawCrossCheck>>,
}

/// A source: its citation, or its citation with a French wording for French readers.
#[derive(Debug, Clone, schemars::JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawSource {
    /// The citation.
    Text(String),
    /// The citation, and its French wording.
    Both {
        /// The citation.
        text: String,
        /// Its French wording.
        text_fr: Option<String>,
    },
}

/// Read by hand, so that a wrong key is named ("unknown field `txt`, expected `text` or
/// `text_fr`") rather than "did not match any variant".
impl<'de> Deserialize<'de> for RawSource {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawSource;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a citation, or { text = \"…\", text_fr = \"…\" }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawSource, E> {
                Ok(RawSource::Text(v.to_string()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<RawSource, M::Error> {
                const FIELDS: &[&str] = &["text", "text_fr"];
                let (mut text, mut text_fr) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" if text.is_none() => text = Some(map.next_value::<String>()?),
                        "text_fr" if text_fr.is_none() => {
                            text_fr = Some(map.next_value::<String>()?);
                        }
                        "text" | "text_fr" => {
                            return Err(serde::de::Error::custom(format!(
                                "duplicate field `{key}`"
                            )));
                        }
                        other => return Err(serde::de::Error::unknown_field(other, FIELDS)),
                    }
                }
                let text = text.ok_or_else(|| serde::de::Error::missing_field("text"))?;
                Ok(RawSource::Both { text, text_fr })
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl RawSource {
    fn text(&self) -> &str {
        match self {
            RawSource::Text(t) | RawSource::Both { text: t, .. } => t,
        }
    }

    fn text_fr(&self) -> Option<&str> {
        match self {
            RawSource::Text(_) => None,
            RawSource::Both { text_fr, .. } => text_fr.as_deref(),
        }
    }
}

/// A dated notice: shown as a warning with every result whose contract year starts on or after
/// `from`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNotice {
    /// First day it concerns.
    from: Spanned<Date>,
    /// What the user must know (non-empty).
    #[schemars(length(min = 1))]
    text: Spanned<String>,
    /// The same in French, shown with `--lang fr` (non-empty when given).
    #[schemars(length(min = 1))]
    text_fr: Option<Spanned<String>>,
    /// Key of the source in [sources].
    source: Option<Spanned<String>>,
}

/// When money is paid.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPayments {
    /// How fonctionnement of contract year 1 is paid: "in_full_at_signature", or
    /// "like_volets_fixes" (the default: advance and balance).
    fonctionnement_first_year: Option<Spanned<String>>,
    /// Share of a volet fixe paid when the year or the mission starts, as a string: "0.75".
    fixed_advance: Spanned<DecimalText>,
    /// Months after the anniversary closing a year that its volet variable is paid (default 0).
    variable_delay_months: Option<Spanned<i64>>,
    /// Evidence level of the rule.
    #[schemars(with = "EvidenceName")]
    evidence: Spanned<String>,
    /// Key of the source in [sources].
    source: Option<Spanned<String>>,
}

/// A population band: one lower bound (`from` or `above`), at most one upper bound.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBand {
    /// Band id, e.g. "T1".
    id: Spanned<String>,
    /// Words for people.
    label: Option<String>,
    /// Lower bound, included (>=).
    from: Option<Spanned<i64>>,
    /// Lower bound, excluded (>).
    above: Option<Spanned<i64>>,
    /// Upper bound, included (<=).
    up_to: Option<Spanned<i64>>,
    /// Upper bound, excluded (<).
    below: Option<Spanned<i64>>,
}

/// The fonctionnement line.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFonctionnement {
    /// Label for people.
    label: Option<String>,
    /// Amount per band id.
    amounts: Option<Spanned<BandMap>>,
}

/// One amount with its evidence.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAmount {
    /// Euros per contract year at full achievement, as a string: "57500.00".
    amount: MoneyText,
    /// official, contract, press, derived, estimate or brief.
    #[schemars(with = "EvidenceName")]
    evidence: Spanned<String>,
    /// Key of the source in [sources]; required unless the evidence is `estimate`.
    source: Option<Spanned<String>>,
    /// How the amount was obtained.
    note: Option<String>,
}

/// An evidence level, for the JSON Schema: the names of [`Evidence::ALL`].
struct EvidenceName;

impl schemars::JsonSchema for EvidenceName {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Evidence".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Evidence::ALL.iter().map(|e| e.as_str()).collect();
        schemars::json_schema!({
            "description": "How sure the amount is: official, contract, press, derived, estimate or brief.",
            "type": "string",
            "enum": names
        })
    }
}

/// A mission: `fixed` and `variable`, or (the crisis mission) `plan`, `update` and `activation`.
#[derive(Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMission {
    /// French legal name.
    label: Option<String>,
    /// Mandatory (socle) or optional.
    socle: Option<bool>,
    /// Months from signature within which the mission must start.
    start_within_months: Option<Spanned<i64>>,
    /// Months from signature within which the mission must be fully deployed.
    deployed_within_months: Option<Spanned<i64>>,
    /// First day the mission exists, when a later text created it.
    introduced_on: Option<Date>,
    /// Volet fixe per band.
    fixed: Option<Spanned<BandMap>>,
    /// Volet variable per band, at full achievement.
    variable: Option<Spanned<BandMap>>,
    /// Crisis plan, the contract year the mission starts.
    plan: Option<Spanned<BandMap>>,
    /// Crisis plan update, each later contract year.
    update: Option<Spanned<BandMap>>,
    /// Activation, a contract year with a crisis recognised by the ARS.
    activation: Option<Spanned<BandMap>>,
}

/// The uplift rule.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawUplift {
    /// Label for people.
    label: String,
    /// The uplift applies strictly above this member count.
    members_above: Spanned<i64>,
    /// Fraction of the base, as a string: "0.10".
    rate: Spanned<DecimalText>,
    /// "missions": volets fixes + earned volets variables + crisis amounts.
    base: Spanned<String>,
    /// Evidence level of the rule.
    #[schemars(with = "EvidenceName")]
    evidence: Spanned<String>,
    /// Key of the source in [sources].
    source: Option<Spanned<String>>,
}

/// A total stated by a source for a named case.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCrossCheck {
    /// The case in words.
    name: String,
    /// Population (gives the band).
    population: Spanned<i64>,
    /// Members (default 0).
    members: Option<Spanned<i64>>,
    /// Contract year (default 1), counted from a signature on the table's first day in force.
    contract_year: Option<Spanned<i64>>,
    /// A crisis recognised by the ARS that year (default false).
    crisis_recognised: Option<bool>,
    /// Missions run from the signature (default: every mission of the table).
    missions: Option<Vec<Spanned<String>>>,
    /// Achievement of every volet variable (default 1).
    achievement: Option<Fraction>,
    /// The total the source states, as a string: "580000.00".
    expected_total: MoneyText,
    /// Key of the source in [sources].
    source: Option<Spanned<String>>,
}

/// Positions in a table's file that checks across tables report at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableSpans {
    /// The `id` value.
    pub id: Option<Range<usize>>,
    /// The `in_force_from` value.
    pub in_force_from: Option<Range<usize>>,
    /// Each declared cross-check, in order.
    pub cross_checks: Vec<Range<usize>>,
}

/// A table read and checked, with its warnings and the positions of what later checks report.
#[derive(Debug, Clone)]
pub struct ParsedTable {
    /// The table.
    pub table: TariffTable,
    /// Its file(s) and warnings (no errors).
    pub report: InputError,
    /// Positions for checks across tables and cross-checks.
    pub spans: TableSpans,
}

/// Reads every shipped table, each from its compiled form when it is the text's. A shipped table
/// that does not read is a bug of this build, but it is still reported as an error, never a panic.
pub fn shipped_tables(lang: Lang) -> Result<Vec<TariffTable>, InputError> {
    shipped_files().map(|f| read_shipped(lang, &f)).collect()
}

/// A shipped table: its compiled form when that was made from its text, else its text read.
fn read_shipped(lang: Lang, file: &SourceFile) -> Result<TariffTable, InputError> {
    match compiled(&file.name) {
        Some(table) => Ok(table),
        None => parse_table(lang, file).map(|p| p.table),
    }
}

/// An entry of the build-time index of the shipped tables: file, id, first and last day in force
/// as `(year, month, day)`, whether it extends another table, its missions, the hash of its text.
pub type TariffIndexEntry = (
    &'static str,
    &'static str,
    Option<(i32, u32, u32)>,
    Option<(i32, u32, u32)>,
    bool,
    &'static [&'static str],
    u64,
);

include!(concat!(env!("OUT_DIR"), "/tariff_index.rs"));

/// The shipped tables as a registry that reads each when a run first needs it: a run that uses
/// one version parses that one only. The index comes from the build (`build.rs`); a test checks it
/// says what the tables say. A shipped table that does not read, or is missing from the index,
/// is read at once, so its error is said.
pub fn shipped_lazy(lang: Lang) -> Result<crate::model::tariff::Registry, InputError> {
    use crate::model::tariff::{Header, Registry};
    let day = |d: Option<(i32, u32, u32)>| {
        d.and_then(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d))
    };
    let mut headers = Vec::new();
    for (file, text) in SHIPPED {
        let indexed = TARIFF_INDEX.iter().find(|i| i.0 == *file);
        match indexed.and_then(|i| Some((i, day(i.2)?))) {
            Some(((_, id, _, to, extends, missions, _), from)) => headers.push(Header {
                id: (*id).to_string(),
                in_force_from: from,
                in_force_to: day(*to),
                extends: *extends,
                missions: missions.iter().map(|m| (*m).to_string()).collect(),
            }),
            None => {
                parse_table(
                    lang,
                    &SourceFile {
                        name: (*file).to_string(),
                        text: std::borrow::Cow::Borrowed(text),
                    },
                )?;
            }
        }
    }
    Ok(Registry::lazy(
        headers,
        std::sync::Arc::new(move |id| load_shipped(lang, id)),
    ))
}

/// Reads the shipped table of an id (the registry's loader), from its compiled form when it is
/// the text's: its errors as one text.
fn load_shipped(lang: Lang, id: &str) -> Result<TariffTable, String> {
    let file = shipped_source(id).ok_or_else(|| id.to_string())?;
    read_shipped(lang, &file).map_err(|e| e.to_string())
}

/// The shipped tables compiled: each [`TariffTable`] as reading its text gives it, in postcard
/// (`postcard`, with `serde`), beside the file's name and the hash of the text it was made from.
/// A run takes a table from here without reading and checking its text again — a tenth of the
/// instructions of one `simulate`. Written by [`compile_shipped`]; a test holds it equal to
/// reading the texts and says how to write it again (the README, "Development").
static COMPILED: &[u8] = include_bytes!("shipped-tables.postcard");

/// Each compiled table: its file, the hash of its text, the table in postcard, then apart
/// ([`Later`]: decoded when first read) its citations, their French wording and its cross-checks.
type CompiledTable<'a> = (&'a str, u64, &'a [u8], &'a [u8], &'a [u8], &'a [u8]);

/// The shipped table of `file` from its compiled form, if that was made from the text this build
/// ships (the build's hash of it, [`TARIFF_INDEX`]): `None` otherwise, and the text is read.
pub fn compiled(file: &str) -> Option<TariffTable> {
    from_compiled(COMPILED, file, text_hash(file)?)
}

fn from_compiled(compiled: &'static [u8], file: &str, hash: u64) -> Option<TariffTable> {
    let tables: Vec<CompiledTable<'static>> = postcard::from_bytes(compiled).ok()?;
    let (_, _, table, sources, sources_fr, cross_checks) = tables
        .into_iter()
        .find(|(f, h, ..)| *f == file && *h == hash)?;
    Some(TariffTable {
        sources: Later::compiled(sources, part),
        sources_fr: Later::compiled(sources_fr, part),
        cross_checks: Later::compiled(cross_checks, part),
        ..postcard::from_bytes(table).ok()?
    })
}

/// A part of a compiled table kept apart, decoded. Its form is the one this build wrote and a
/// test decodes: what could not be read would be no citation, never another (and `tariffs
/// check`, which reads the cross-checks, reads the text).
fn part<T: serde::de::DeserializeOwned + Default>(bytes: &[u8]) -> T {
    postcard::from_bytes(bytes).unwrap_or_default()
}

/// The build's hash of a shipped file's text.
fn text_hash(file: &str) -> Option<u64> {
    TARIFF_INDEX.iter().find(|i| i.0 == file).map(|i| i.6)
}

/// What `src/input/shipped-tables.postcard` must hold for this build: every shipped table as
/// reading its text gives it. `None` if one does not read.
pub fn compile_shipped() -> Option<Vec<u8>> {
    let mut tables = Vec::new();
    for file in shipped_files() {
        let table = parse_table(Lang::En, &file).ok()?.table;
        let hash = text_hash(&file.name)?;
        tables.push((
            file.name,
            hash,
            postcard::to_allocvec(&table).ok()?,
            postcard::to_allocvec(table.sources.value()).ok()?,
            postcard::to_allocvec(table.sources_fr.value()).ok()?,
            postcard::to_allocvec(table.cross_checks.value()).ok()?,
        ));
    }
    postcard::to_allocvec(&tables).ok()
}

/// The shipped table files, in order.
pub fn shipped_files() -> impl Iterator<Item = SourceFile> {
    SHIPPED.iter().map(|(name, text)| SourceFile {
        name: (*name).to_string(),
        text: std::borrow::Cow::Borrowed(text),
    })
}

/// The shipped table file for an id, if any.
pub fn shipped_source(id: &str) -> Option<SourceFile> {
    let name = format!("tariffs/{id}.toml");
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| SourceFile {
            name: (*n).to_string(),
            text: std::borrow::Cow::Borrowed(text),
        })
}

/// Reads and checks one table file; a table that `extends` a shipped one is read on top of it.
pub fn parse_table(lang: Lang, file: &SourceFile) -> Result<ParsedTable, InputError> {
    let read = parse_toml_all::<RawTable>(lang, file, FileKind::Tariff);
    let Some(raw) = read.value else {
        return Err(InputError {
            file: file.clone(),
            diagnostics: read.problems,
            layers: Vec::new(),
        });
    };
    from_raw(lang, raw, file, read.problems, read.quiet)
}

/// Checks a table read (`problems`: those found while reading it; `quiet`: where checks stay
/// quiet, [`super::Parsed::quiet`]).
fn from_raw(
    lang: Lang,
    raw: RawTable,
    file: &SourceFile,
    problems: Vec<Diagnostic>,
    quiet: Vec<Range<usize>>,
) -> Result<ParsedTable, InputError> {
    let Some(extends) = &raw.extends else {
        let (table, spans, warnings) = check(lang, raw, file, problems, quiet, None)?;
        return Ok(ParsedTable {
            table,
            report: InputError {
                file: file.clone(),
                diagnostics: warnings,
                layers: Vec::new(),
            },
            spans,
        });
    };
    let Some(base_file) = shipped_source(extends.get_ref()) else {
        return Err(InputError::single(
            file.clone(),
            Diagnostic::error(
                lang,
                lang.fill("input.tariff.extends_unknown", &[("id", extends.get_ref())]),
                Some(extends.span()),
            )
            .with_help(
                lang.fill(
                    "input.tariff.extends_unknown_help",
                    &[(
                        "ids",
                        &SHIPPED
                            .iter()
                            .map(|(n, _)| {
                                n.trim_start_matches("tariffs/").trim_end_matches(".toml")
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                    )],
                ),
            ),
        ));
    };
    // Read the draft after the base's text, so every span says which file it belongs to.
    let offset = base_file.text.len() + 1;
    let layers = vec![
        Layer {
            offset: 0,
            file: base_file.clone(),
        },
        Layer {
            offset,
            file: file.clone(),
        },
    ];
    let layered = |mut e: InputError| {
        e.file = file.clone();
        e.layers = layers.clone();
        e
    };
    let base: RawTable = parse_toml(lang, &base_file, FileKind::Tariff).map_err(layered)?;
    let padded = SourceFile {
        name: file.name.clone(),
        text: format!("{}{}", " ".repeat(offset), file.text).into(),
    };
    // The draft's problems, found again with their places after the base's text.
    let read = parse_toml_all::<RawTable>(lang, &padded, FileKind::Tariff);
    let Some(draft) = read.value else {
        return Err(layered(InputError {
            file: padded,
            diagnostics: read.problems,
            layers: Vec::new(),
        }));
    };
    // A draft is another table: with the id of a shipped one, its results would be reported under
    // that id with other totals.
    let own_id = match &draft.id {
        None => Some((
            lang.fill("input.tariff.draft_without_id", &[]),
            extends.span().start + offset..extends.span().end + offset,
        )),
        Some(id) if shipped_source(id.get_ref()).is_some() => Some((
            lang.fill("input.tariff.draft_shipped_id", &[("id", id.get_ref())]),
            id.span(),
        )),
        Some(_) => None,
    };
    if let Some((message, span)) = own_id {
        return Err(layered(InputError::single(
            padded.clone(),
            Diagnostic::error(lang, message, Some(span))
                .with_help(lang.t("input.tariff.draft_id_help")),
        )));
    }
    let base_bands = base.bands.as_ref().map_or_else(String::new, |b| {
        b.get_ref()
            .iter()
            .map(|b| b.get_ref().id.get_ref().as_str())
            .collect::<Vec<_>>()
            .join(", ")
    });
    // A draft's mission the base does not have, spelt like one it has and without a label of its
    // own, is a misspelling rather than a new mission: said once, with the mission meant,
    // instead of everything a new mission lacks.
    let mut draft = draft;
    let mut problems = read.problems;
    let base_missions: Vec<String> = base.missions.keys().map(|k| k.get_ref().clone()).collect();
    draft.missions.retain(|id, mission| {
        // A mission with a label of its own is meant as a new one.
        if base_missions.contains(id.get_ref()) || mission.get_ref().label.is_some() {
            return true;
        }
        let Some(near) = super::nearest(id.get_ref(), base_missions.iter().map(String::as_str))
        else {
            return true;
        };
        let args = [
            ("id", id.get_ref().as_str()),
            ("base", extends.get_ref().as_str()),
            ("near", near),
        ];
        problems.push(
            Diagnostic::error(
                lang,
                lang.fill("input.tariff.draft_mission_misspelt", &args),
                Some(id.span()),
            )
            .with_help(lang.fill("input.tariff.draft_mission_misspelt_help", &args)),
        );
        false
    });
    let merged = merge(base, draft);
    let on_top = OnTop {
        from: offset,
        base: extends.get_ref().clone(),
        base_bands,
    };
    let (table, spans, warnings) =
        check(lang, merged, file, problems, read.quiet, Some(on_top)).map_err(layered)?;
    Ok(ParsedTable {
        table,
        report: InputError {
            file: file.clone(),
            diagnostics: warnings,
            layers,
        },
        spans,
    })
}

/// A shipped table with a draft's values on top. Cross-checks are the draft's only: the base's
/// describe the base's figures.
fn merge(base: RawTable, draft: RawTable) -> RawTable {
    let mut sources = base.sources;
    sources.extend(draft.sources);
    let mut missions = base.missions;
    for (id, d) in draft.missions {
        match missions.get_mut(&id) {
            None => {
                missions.insert(id, d);
            }
            Some(b) => {
                let (span, d) = (d.span(), d.into_inner());
                let old = std::mem::replace(b, Spanned::new(span.clone(), RawMission::default()));
                let (_, o) = (old.span(), old.into_inner());
                *b = Spanned::new(
                    span,
                    RawMission {
                        label: d.label.or(o.label),
                        socle: d.socle.or(o.socle),
                        start_within_months: d.start_within_months.or(o.start_within_months),
                        deployed_within_months: d
                            .deployed_within_months
                            .or(o.deployed_within_months),
                        introduced_on: d.introduced_on.or(o.introduced_on),
                        fixed: merge_map(o.fixed, d.fixed),
                        variable: merge_map(o.variable, d.variable),
                        plan: merge_map(o.plan, d.plan),
                        update: merge_map(o.update, d.update),
                        activation: merge_map(o.activation, d.activation),
                    },
                );
            }
        }
    }
    let fonctionnement = match (base.fonctionnement, draft.fonctionnement) {
        (Some(b), Some(d)) => {
            let span = d.span();
            let (b, d) = (b.into_inner(), d.into_inner());
            Some(Spanned::new(
                span,
                RawFonctionnement {
                    label: d.label.or(b.label),
                    amounts: merge_map(b.amounts, d.amounts),
                },
            ))
        }
        (b, d) => d.or(b),
    };
    let own_start = draft.in_force_from.is_some();
    RawTable {
        schema: draft.schema.or(base.schema),
        extends: draft.extends,
        id: draft.id.or(base.id),
        title: draft.title.or(base.title),
        legal_reference: draft.legal_reference.or(base.legal_reference),
        signed: draft.signed.or(base.signed),
        in_force_from: draft.in_force_from.or(base.in_force_from),
        // A draft that sets its own start has its own end (open unless it says): the base's
        // end would come before it.
        in_force_to: if own_start {
            draft.in_force_to
        } else {
            draft.in_force_to.or(base.in_force_to)
        },
        checked_on: draft.checked_on.or(base.checked_on),
        rounding: draft.rounding.or(base.rounding),
        note: draft.note.or(base.note),
        sources,
        bands: draft.bands.or(base.bands),
        fonctionnement,
        missions,
        uplift: draft.uplift.or(base.uplift),
        payments: draft.payments.or(base.payments),
        notices: base.notices.into_iter().chain(draft.notices).collect(),
        cross_checks: draft.cross_checks,
    }
}

fn merge_map(
    base: Option<Spanned<BandMap>>,
    draft: Option<Spanned<BandMap>>,
) -> Option<Spanned<BandMap>> {
    match (base, draft) {
        (Some(b), Some(d)) => {
            let span = d.span();
            let mut map = b.into_inner();
            // The draft's key replaces the base's, so a problem with the amount points into the
            // draft, where it is written.
            for (k, v) in d.into_inner() {
                match map.get_index_of(&k) {
                    Some(i) => {
                        map.shift_remove_index(i);
                        map.shift_insert(i, k, v);
                    }
                    None => {
                        map.insert(k, v);
                    }
                }
            }
            Some(Spanned::new(span, map))
        }
        (b, d) => d.or(b),
    }
}

/// What a draft is read on top of: where its text starts, its base's id and bands.
struct OnTop {
    from: usize,
    base: String,
    base_bands: String,
}

/// Checks a table read, with the problems found while reading it and where checks stay quiet.
fn check(
    lang: Lang,
    raw: RawTable,
    file: &SourceFile,
    problems: Vec<Diagnostic>,
    quiet: Vec<Range<usize>>,
    on_top: Option<OnTop>,
) -> Result<(TariffTable, TableSpans, Vec<Diagnostic>), InputError> {
    let mut c = Collector::after_reading(lang, problems, quiet);
    let table = convert(raw, on_top, &mut c);
    let warnings = c.finish(file)?;
    // `convert` only returns `None` after recording an error.
    let (table, spans) = table.ok_or_else(|| {
        InputError::single(
            file.clone(),
            Diagnostic::error(lang, lang.t("input.tariff.unreadable"), None),
        )
    })?;
    Ok((table, spans, warnings))
}

fn required<T>(value: Option<T>, key: &str, example: &str, c: &mut Collector) -> Option<T> {
    let lang = c.lang;
    if value.is_none() {
        c.unplaced_error(
            lang.fill("input.tariff.missing", &[("key", key)]),
            lang.fill(
                "input.tariff.missing_help",
                &[("key", key), ("example", example)],
            ),
        );
    }
    value
}

fn convert(
    raw: RawTable,
    on_top: Option<OnTop>,
    c: &mut Collector,
) -> Option<(TariffTable, TableSpans)> {
    let schema = required(raw.schema.as_ref(), "schema", "1", c);
    if let Some(schema) = schema
        && *schema.get_ref() != SCHEMA_VERSION
    {
        c.err(
            "input.tariff.schema",
            schema.span(),
            &[
                ("got", &schema.get_ref().to_string()),
                ("supported", &SCHEMA_VERSION.to_string()),
            ],
        );
    }
    let id = required(raw.id, "id", "\"aci-avenant-3\"", c);
    // Computing a year needs no payment rule; dating its cash does: said here, at the table's
    // id, rather than when `forecast` or `report` fails.
    if raw.payments.is_none()
        && let Some(id) = &id
    {
        c.warn(
            "input.tariff.no_payments",
            id.span(),
            &[("id", id.get_ref())],
        );
    }
    let title = required(raw.title, "title", "\"ACI CPTS, avenant n° 3\"", c);
    let legal_reference = required(raw.legal_reference, "legal_reference", "\"…\"", c);
    let in_force_from = required(raw.in_force_from, "in_force_from", "2022-04-01", c);
    let checked_on = required(raw.checked_on, "checked_on", "2025-10-31", c);
    let rounding_raw = required(raw.rounding, "rounding", "\"cent_half_away_from_zero\"", c);
    let rounding = rounding_raw.as_ref().and_then(|r| {
        let p = Rounding::from_id(r.get_ref());
        if p.is_none() {
            c.err("input.tariff.rounding", r.span(), &[("got", r.get_ref())]);
        }
        p
    });
    if let (Some(to), Some(from)) = (&raw.in_force_to, &in_force_from)
        && to.get_ref().0 < from.get_ref().0
    {
        c.err("input.tariff.in_force_to", to.span(), &[]);
    }
    let raw_bands = required(raw.bands, "bands", "[…] (see [[bands]] tables)", c);
    let bands = match &raw_bands {
        Some(b) => convert_bands(b, c),
        None => Vec::new(),
    };
    let draft_bands = match (on_top, &raw_bands) {
        (Some(on_top), Some(b)) if b.span().start >= on_top.from => Some(DraftBands {
            from: on_top.from,
            span: b.span(),
            base: on_top.base,
            base_bands: on_top.base_bands,
            left_out: Default::default(),
            unpaid: Default::default(),
        }),
        _ => None,
    };
    let ctx = LineContext {
        bands: &bands,
        declared: raw_bands.as_ref().map_or_else(Vec::new, |b| {
            b.get_ref()
                .iter()
                .map(|b| b.get_ref().id.get_ref().as_str())
                .collect()
        }),
        sources: &raw.sources,
        draft_bands,
    };
    let fonctionnement = required(
        raw.fonctionnement,
        "fonctionnement",
        "a [fonctionnement] table",
        c,
    );
    let (fonctionnement_label, fonctionnement_amounts) = match &fonctionnement {
        Some(f) => {
            let f_ref = f.get_ref();
            let amounts = match &f_ref.amounts {
                Some(a) => ctx.per_band(a, "fonctionnement", c),
                None => {
                    c.err("input.tariff.no_fonctionnement_amounts", f.span(), &[]);
                    None
                }
            };
            (
                f_ref
                    .label
                    .clone()
                    .unwrap_or_else(|| "Fonctionnement".to_string()),
                amounts,
            )
        }
        None => (String::new(), None),
    };
    let mut missions = Vec::new();
    for (id, mission) in &raw.missions {
        missions.push(convert_mission(id, mission, &ctx, c));
    }
    let uplift = raw.uplift.as_ref().map(|u| convert_uplift(u, &ctx, c));
    let payments = raw.payments.as_ref().map(|p| convert_payments(p, &ctx, c));
    if let Some(draft) = &ctx.draft_bands {
        draft.report(c);
    }

    let mission_ids: Vec<&str> = raw.missions.keys().map(|k| k.get_ref().as_str()).collect();
    let notices: Vec<Option<Notice>> = raw
        .notices
        .iter()
        .map(|n| convert_notice(n, &raw.sources, c))
        .collect();
    let cross_checks: Vec<Option<CrossCheck>> = raw
        .cross_checks
        .iter()
        .map(|x| convert_cross_check(x, &mission_ids, &raw.sources, c))
        .collect();
    let spans = TableSpans {
        id: id.as_ref().map(|i| i.span()),
        in_force_from: in_force_from.as_ref().map(|d| d.span()),
        cross_checks: raw.cross_checks.iter().map(|x| x.span()).collect(),
    };
    Some((
        TariffTable {
            id: id?.into_inner(),
            title: title?,
            legal_reference: legal_reference?,
            signed: raw.signed.map(|d| d.0),
            in_force_from: in_force_from?.into_inner().0,
            in_force_to: raw.in_force_to.map(|d| d.into_inner().0),
            checked_on: checked_on?.0,
            rounding: rounding?,
            note: raw.note,
            sources: raw
                .sources
                .iter()
                .map(|(k, v)| (k.clone(), v.text().to_string()))
                .collect(),
            sources_fr: raw
                .sources
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.text_fr()?.to_string())))
                .collect(),
            bands,
            fonctionnement_label,
            fonctionnement: fonctionnement_amounts?,
            missions: missions.into_iter().collect::<Option<Vec<_>>>()?,
            uplift: uplift.flatten(),
            payments: match payments {
                None => None,
                Some(p) => Some(p?),
            },
            extends: raw.extends.map(|e| e.into_inner()),
            notices: notices.into_iter().collect::<Option<Vec<_>>>()?,
            cross_checks: cross_checks.into_iter().collect::<Option<Vec<_>>>()?.into(),
        },
        spans,
    ))
}

fn convert_bands(raw: &Spanned<Vec<Spanned<RawBand>>>, c: &mut Collector) -> Vec<Band> {
    let lang = c.lang;
    let mut bands: Vec<Band> = Vec::new();
    for spanned in raw.get_ref() {
        let b = spanned.get_ref();
        let id = b.id.get_ref().clone();
        if bands.iter().any(|o| o.id == id) {
            c.err("input.tariff.band_twice", b.id.span(), &[("id", &id)]);
        }
        let min = match (&b.from, &b.above) {
            (Some(from), None) => Some(*from.get_ref()),
            (None, Some(above)) => above.get_ref().checked_add(1),
            _ => {
                c.err("input.tariff.band_lower", b.id.span(), &[("id", &id)]);
                None
            }
        };
        let max = match (&b.up_to, &b.below) {
            (Some(up_to), None) => Some(Some(*up_to.get_ref())),
            (None, Some(below)) => Some(Some(below.get_ref() - 1)),
            (None, None) => Some(None),
            _ => {
                c.err("input.tariff.band_upper", b.id.span(), &[("id", &id)]);
                None
            }
        };
        let (Some(min), Some(max)) = (min, max) else {
            continue;
        };
        if min < 1 || max.is_some_and(|m| m < min) {
            c.err("input.tariff.band_empty", b.id.span(), &[("id", &id)]);
            continue;
        }
        let expected_min = bands.last().map_or(Some(1), |prev| prev.max.map(|m| m + 1));
        if expected_min != Some(min as u64) {
            let what = match expected_min {
                None => lang.t("input.tariff.band_after_open").to_string(),
                Some(e) if (min as u64) > e => lang.fill(
                    "input.tariff.band_gap",
                    &[("from", &e.to_string()), ("to", &(min - 1).to_string())],
                ),
                Some(e) => lang.fill(
                    "input.tariff.band_overlap",
                    &[("end", &(e - 1).to_string())],
                ),
            };
            c.err(
                "input.tariff.band_order",
                b.id.span(),
                &[("id", &id), ("what", &what)],
            );
        }
        bands.push(Band {
            id,
            label: b.label.clone().unwrap_or_default(),
            min: min as u64,
            max: max.map(|m| m as u64),
        });
    }
    if bands.is_empty() {
        c.err("input.tariff.no_band", raw.span(), &[]);
    } else if let Some(last) = raw.get_ref().last()
        && bands.last().is_some_and(|b| b.max.is_some())
    {
        c.err(
            "input.tariff.last_band_bounded",
            last.get_ref().id.span(),
            &[],
        );
    }
    bands
}

struct LineContext<'a> {
    bands: &'a [Band],
    /// Every band id the table declares, a band with a problem of its own included: an amount
    /// for it is not a second problem.
    declared: Vec<&'a str>,
    sources: &'a BTreeMap<String, RawSource>,
    /// Set when a draft writes bands of its own: the base's lines that no longer fit them.
    draft_bands: Option<DraftBands>,
}

/// A draft's `[[bands]]` replace its base's. The base's lines are in the base's file, but the
/// problem — bands that leave some out, or bands the base has no amount for — is in the
/// draft's: said once, at the draft's `[[bands]]`.
struct DraftBands {
    /// Where the draft's text starts: a place before it is in the base's file.
    from: usize,
    span: Range<usize>,
    base: String,
    base_bands: String,
    /// (band, line) pairs of base amounts for a band the draft leaves out.
    left_out: std::cell::RefCell<Vec<(String, String)>>,
    /// (bands, line) of base lines without an amount for a band of the draft.
    unpaid: std::cell::RefCell<Vec<(String, String)>>,
}

impl DraftBands {
    /// Says what was gathered, in two errors at most.
    fn report(&self, c: &mut Collector) {
        let lines = |pairs: &[(String, String)]| {
            let mut lines: Vec<&str> = pairs.iter().map(|(_, l)| l.as_str()).collect();
            lines.dedup();
            (lines.len().to_string(), lines.join(", "))
        };
        let left_out = self.left_out.borrow();
        if !left_out.is_empty() {
            let mut bands: Vec<&str> = left_out.iter().map(|(b, _)| b.as_str()).collect();
            bands.sort_unstable();
            bands.dedup();
            let (count, lines) = lines(&left_out);
            c.err(
                "input.tariff.draft_bands_leave_out",
                self.span.clone(),
                &[
                    ("bands", &bands.join(", ")),
                    ("base", &self.base),
                    ("count", &count),
                    ("lines", &lines),
                    ("base_bands", &self.base_bands),
                ],
            );
        }
        let unpaid = self.unpaid.borrow();
        if !unpaid.is_empty() {
            let (count, lines) = lines(&unpaid);
            c.err(
                "input.tariff.draft_bands_unpaid",
                self.span.clone(),
                &[
                    ("bands", &unpaid[0].0),
                    ("base", &self.base),
                    ("count", &count),
                    ("lines", &lines),
                    ("base_bands", &self.base_bands),
                ],
            );
        }
    }
}

impl LineContext<'_> {
    fn per_band(&self, map: &Spanned<BandMap>, line: &str, c: &mut Collector) -> Option<PerBand> {
        let before = c.count();
        let mut found: Vec<Option<(Amount, Range<usize>)>> = vec![None; self.bands.len()];
        for (key, raw) in map.get_ref() {
            let Some(index) = self.bands.iter().position(|b| &b.id == key.get_ref()) else {
                if let Some(draft) = &self.draft_bands
                    && key.span().start < draft.from
                {
                    if !self.declared.contains(&key.get_ref().as_str()) {
                        draft
                            .left_out
                            .borrow_mut()
                            .push((key.get_ref().clone(), line.to_string()));
                    }
                    continue;
                }
                if self.declared.contains(&key.get_ref().as_str()) {
                    // Its band has a problem of its own, said at the band.
                    continue;
                }
                c.err(
                    "input.tariff.unknown_band",
                    key.span(),
                    &[
                        ("line", line),
                        ("band", key.get_ref()),
                        ("bands", &self.band_ids()),
                    ],
                );
                continue;
            };
            found[index] = self.amount(raw, c).map(|a| (a, key.span()));
        }
        let missing: Vec<&str> = self
            .bands
            .iter()
            .zip(&found)
            .filter(|(_, a)| a.is_none())
            .map(|(b, _)| b.id.as_str())
            .collect();
        if !missing.is_empty()
            && let Some(draft) = &self.draft_bands
            && map.span().start < draft.from
        {
            draft
                .unpaid
                .borrow_mut()
                .push((missing.join(", "), line.to_string()));
        } else if !missing.is_empty() && c.count() == before {
            c.err(
                "input.tariff.missing_band_amount",
                map.span(),
                &[("line", line), ("bands", &missing.join(", "))],
            );
        }
        let found = found.into_iter().collect::<Option<Vec<_>>>()?;
        for pair in found.windows(2) {
            let ((small, small_span), (large, large_span)) = (&pair[0], &pair[1]);
            if large.value < small.value {
                // Of the two amounts, the one a draft wrote (read after the table it extends)
                // is the one to show: the problem is in the user's file.
                let span = if small_span.start > large_span.start {
                    small_span
                } else {
                    large_span
                };
                c.warn(
                    "input.tariff.larger_band_gets_less",
                    span.clone(),
                    &[
                        ("line", line),
                        ("large", &crate::catalog::format::money(large.value)),
                        ("small", &crate::catalog::format::money(small.value)),
                    ],
                );
            }
        }
        Some(PerBand(found.into_iter().map(|(a, _)| a).collect()))
    }

    fn band_ids(&self) -> String {
        self.bands
            .iter()
            .map(|b| b.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn evidence(
        &self,
        evidence: &Spanned<String>,
        source: &Option<Spanned<String>>,
        c: &mut Collector,
    ) -> Option<(Evidence, Option<String>)> {
        let Some(level) = Evidence::from_id(evidence.get_ref()) else {
            let ids = Evidence::ALL.map(|e| e.as_str());
            let near = super::id_meant(evidence.get_ref(), ids, |id| {
                [Lang::En, Lang::Fr]
                    .map(|l| l.t_of("evidence", id).to_string())
                    .into()
            });
            c.err(
                match near {
                    Some(_) => "input.tariff.unknown_evidence_near",
                    None => "input.tariff.unknown_evidence",
                },
                evidence.span(),
                &[
                    ("got", evidence.get_ref()),
                    ("levels", &ids.join(", ")),
                    ("near", near.unwrap_or_default()),
                ],
            );
            return None;
        };
        match source {
            None if level != Evidence::Estimate => {
                c.err(
                    "input.tariff.missing_source",
                    evidence.span(),
                    &[("level", level.as_str())],
                );
                None
            }
            Some(s) if !self.sources.contains_key(s.get_ref()) => {
                c.err(
                    "input.tariff.unknown_source",
                    s.span(),
                    &[("key", s.get_ref())],
                );
                None
            }
            _ => Some((level, source.as_ref().map(|s| s.get_ref().clone()))),
        }
    }

    fn amount(&self, raw: &Spanned<RawAmount>, c: &mut Collector) -> Option<Amount> {
        let a = raw.get_ref();
        if a.amount.0.value() > crate::input::limits::max_amount() {
            c.err(
                "input.tariff.amount_too_large",
                raw.span(),
                &[(
                    "max",
                    &crate::catalog::format::money(crate::model::money::Money::new(
                        crate::input::limits::max_amount(),
                    )),
                )],
            );
            return None;
        }
        let (evidence, source) = self.evidence(&a.evidence, &a.source, c)?;
        Some(Amount {
            value: a.amount.0,
            evidence,
            source,
            note: a.note.clone(),
        })
    }
}

fn convert_mission(
    id: &Spanned<String>,
    raw: &Spanned<RawMission>,
    ctx: &LineContext,
    c: &mut Collector,
) -> Option<Mission> {
    let m = raw.get_ref();
    let name = id.get_ref();
    let months = |v: &Option<Spanned<i64>>, c: &mut Collector| -> Option<u32> {
        let v = v.as_ref()?;
        match u32::try_from(*v.get_ref()) {
            Ok(n) => Some(n),
            Err(_) => {
                c.err("input.tariff.deadline", v.span(), &[]);
                None
            }
        }
    };
    let start_within_months = months(&m.start_within_months, c);
    let deployed_within_months = months(&m.deployed_within_months, c);
    for (key, present) in [("label", m.label.is_some()), ("socle", m.socle.is_some())] {
        if !present {
            c.err(
                "input.tariff.mission_key",
                id.span(),
                &[("name", name), ("key", key)],
            );
        }
    }
    let line = |part: &str| format!("{name}.{part}");
    let parts = match (&m.fixed, &m.variable, &m.plan, &m.update, &m.activation) {
        (Some(fixed), Some(variable), None, None, None) => {
            let fixed = ctx.per_band(fixed, &line("fixed"), c);
            let variable = ctx.per_band(variable, &line("variable"), c);
            Some(MissionParts::Standard {
                fixed: fixed?,
                variable: variable?,
            })
        }
        (None, None, Some(plan), Some(update), Some(activation)) => {
            let plan = ctx.per_band(plan, &line("plan"), c);
            let update = ctx.per_band(update, &line("update"), c);
            let activation = ctx.per_band(activation, &line("activation"), c);
            Some(MissionParts::Crisis {
                plan: plan?,
                update: update?,
                activation: activation?,
            })
        }
        _ => {
            c.err("input.tariff.mission_parts", id.span(), &[("name", name)]);
            None
        }
    };
    Some(Mission {
        id: name.clone(),
        label: m.label.clone()?,
        socle: m.socle?,
        start_within_months,
        deployed_within_months,
        introduced_on: m.introduced_on.map(|d| d.0),
        parts: parts?,
    })
}

fn convert_uplift(
    raw: &Spanned<RawUplift>,
    ctx: &LineContext,
    c: &mut Collector,
) -> Option<Uplift> {
    let u = raw.get_ref();
    let base = match u.base.get_ref().as_str() {
        "missions" => Some(UpliftBase::Missions),
        other => {
            c.err("input.tariff.uplift_base", u.base.span(), &[("got", other)]);
            None
        }
    };
    let rate = u.rate.get_ref().0;
    if rate < Decimal::ZERO || rate > Decimal::ONE {
        c.err(
            "input.tariff.uplift_rate",
            u.rate.span(),
            &[("rate", &rate.to_string())],
        );
    }
    let members_above = u64::try_from(*u.members_above.get_ref()).ok();
    if members_above.is_none() {
        c.err("input.tariff.members_above", u.members_above.span(), &[]);
    }
    let (evidence, source) = ctx.evidence(&u.evidence, &u.source, c)?;
    Some(Uplift {
        label: u.label.clone(),
        members_above: members_above?,
        rate,
        base: base?,
        evidence,
        source,
    })
}

fn convert_payments(
    raw: &Spanned<RawPayments>,
    ctx: &LineContext,
    c: &mut Collector,
) -> Option<PaymentRule> {
    let p = raw.get_ref();
    let advance = p.fixed_advance.get_ref().0;
    let advance_ok = (Decimal::ZERO..=Decimal::ONE).contains(&advance);
    if !advance_ok {
        c.err(
            "input.tariff.fixed_advance",
            p.fixed_advance.span(),
            &[("advance", &advance.to_string())],
        );
    }
    let delay = match &p.variable_delay_months {
        None => Some(0),
        Some(d) => {
            let n = u32::try_from(*d.get_ref()).ok();
            if n.is_none() {
                c.err("input.tariff.variable_delay", d.span(), &[]);
            }
            n
        }
    };
    let first_year = match &p.fonctionnement_first_year {
        None => Some(FirstYear::LikeVoletsFixes),
        Some(v) => match v.get_ref().as_str() {
            "in_full_at_signature" => Some(FirstYear::InFullAtSignature),
            "like_volets_fixes" => Some(FirstYear::LikeVoletsFixes),
            other => {
                c.err("input.tariff.first_year", v.span(), &[("got", other)]);
                None
            }
        },
    };
    let (evidence, source) = ctx.evidence(&p.evidence, &p.source, c)?;
    advance_ok.then_some(())?;
    Some(PaymentRule {
        fonctionnement_first_year: first_year?,
        fixed_advance: advance,
        variable_delay_months: delay?,
        evidence,
        source,
    })
}

fn convert_notice(
    raw: &Spanned<RawNotice>,
    sources: &BTreeMap<String, RawSource>,
    c: &mut Collector,
) -> Option<Notice> {
    let n = raw.get_ref();
    for text in std::iter::once(&n.text).chain(&n.text_fr) {
        if text.get_ref().trim().is_empty() {
            c.err("input.tariff.notice_text", text.span(), &[]);
            return None;
        }
    }
    if let Some(s) = &n.source
        && !sources.contains_key(s.get_ref())
    {
        c.err(
            "input.tariff.unknown_source",
            s.span(),
            &[("key", s.get_ref())],
        );
        return None;
    }
    Some(Notice {
        from: n.from.get_ref().0,
        text: n.text.get_ref().trim().to_string(),
        text_fr: n.text_fr.as_ref().map(|t| t.get_ref().trim().to_string()),
        source: n.source.as_ref().map(|s| s.get_ref().clone()),
    })
}

fn convert_cross_check(
    raw: &Spanned<RawCrossCheck>,
    mission_ids: &[&str],
    sources: &BTreeMap<String, RawSource>,
    c: &mut Collector,
) -> Option<CrossCheck> {
    let x = raw.get_ref();
    // The limits a scenario has: a cross-check is a scenario written in a table.
    use crate::input::limits::{MAX_CONTRACT_YEAR, MAX_MEMBERS, MAX_POPULATION};
    let count = |v: &Spanned<i64>, (min, max): (i64, u64), key: &str, c: &mut Collector| {
        let n = *v.get_ref();
        if n < min || n as u64 > max {
            c.err(
                "input.tariff.cross_check_count",
                v.span(),
                &[
                    ("name", &x.name),
                    ("key", key),
                    ("min", &min.to_string()),
                    ("max", &crate::catalog::format::integer(max)),
                ],
            );
            return None;
        }
        Some(n as u64)
    };
    let population = count(&x.population, (1, MAX_POPULATION), "population", c);
    let members = x
        .members
        .as_ref()
        .map_or(Some(0), |m| count(m, (0, MAX_MEMBERS), "members", c));
    let contract_year = x.contract_year.as_ref().map_or(Some(1), |y| {
        count(y, (1, u64::from(MAX_CONTRACT_YEAR)), "contract_year", c)
    });
    let mut missions = Vec::new();
    match &x.missions {
        None => missions.extend(mission_ids.iter().map(|m| m.to_string())),
        Some(list) => {
            for m in list {
                if mission_ids.contains(&m.get_ref().as_str()) {
                    missions.push(m.get_ref().clone());
                } else {
                    c.err(
                        "input.tariff.cross_check_mission",
                        m.span(),
                        &[
                            ("name", &x.name),
                            ("mission", m.get_ref()),
                            ("ids", &mission_ids.join(", ")),
                        ],
                    );
                }
            }
        }
    }
    if let Some(s) = &x.source
        && !sources.contains_key(s.get_ref())
    {
        c.err(
            "input.tariff.unknown_source",
            s.span(),
            &[("key", s.get_ref())],
        );
    }
    Some(CrossCheck {
        name: x.name.clone(),
        population: population?,
        members: members?,
        contract_year: u32::try_from(contract_year?).ok()?,
        crisis_recognised: x.crisis_recognised.unwrap_or(false),
        missions,
        achievement: x.achievement.map_or(Decimal::ONE, |a| a.0),
        expected_total: x.expected_total.0,
        source: x.source.as_ref().map(|s| s.get_ref().clone()),
    })
}

/// The JSON Schema of a tariff table file, generated from the types that read it.
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(RawTable)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// A compiled table is used only for the text it was made from: for a text with another
    /// hash (a table edited since), for a file it does not hold, or from bytes that are not a
    /// compiled form, there is none, and the text is read.
    #[test]
    fn a_compiled_table_is_used_only_for_the_text_it_was_made_from() {
        for (file, _) in SHIPPED {
            let hash = text_hash(file).expect("indexed");
            let table = from_compiled(COMPILED, file, hash).expect("compiled");
            assert_eq!(format!("tariffs/{}.toml", table.id), *file);
            assert!(from_compiled(COMPILED, file, hash ^ 1).is_none());
            assert!(from_compiled(b"not postcard", file, hash).is_none());
        }
        assert!(from_compiled(COMPILED, "tariffs/aci-2030.toml", 0).is_none());
    }

    /// The build's hash of each shipped table is FNV-1a of its text, so an edit changes it.
    #[test]
    fn the_build_hashes_the_text_shipped() {
        let fnv1a = |bytes: &[u8]| {
            bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
            })
        };
        for (file, text) in SHIPPED {
            assert_eq!(text_hash(file), Some(fnv1a(text.as_bytes())), "{file}");
        }
    }
}
