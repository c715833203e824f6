//! Reading tariff tables: `tariffs/*.toml` (embedded in the binary) or a user's file, checked
//! strictly and turned into [`TariffTable`]s. Every problem found is reported with its place.

use super::values::{Date, DecimalText, MoneyText};
use super::{Collector, parse_toml};
use crate::diagnostic::{Diagnostic, InputError, SourceFile};
use crate::money::Rounding;
use crate::tariff::{
    Amount, Band, Evidence, Mission, MissionParts, PerBand, TariffTable, Uplift, UpliftBase,
};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The tables shipped with the binary: (path in the repository, text).
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

type BandMap = IndexMap<Spanned<String>, Spanned<RawAmount>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    schema: Spanned<i64>,
    id: Spanned<String>,
    title: String,
    legal_reference: String,
    signed: Option<Date>,
    in_force_from: Spanned<Date>,
    in_force_to: Option<Spanned<Date>>,
    checked_on: Date,
    rounding: Spanned<String>,
    note: Option<String>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    bands: Spanned<Vec<Spanned<RawBand>>>,
    fonctionnement: Spanned<RawFonctionnement>,
    #[serde(default)]
    missions: IndexMap<Spanned<String>, Spanned<RawMission>>,
    uplift: Option<Spanned<RawUplift>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    id: Spanned<String>,
    label: Option<String>,
    from: Option<Spanned<i64>>,
    above: Option<Spanned<i64>>,
    up_to: Option<Spanned<i64>>,
    below: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFonctionnement {
    label: String,
    amounts: Spanned<BandMap>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmount {
    amount: MoneyText,
    evidence: Spanned<String>,
    source: Option<Spanned<String>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMission {
    label: String,
    socle: bool,
    start_within_months: Option<Spanned<i64>>,
    deployed_within_months: Option<Spanned<i64>>,
    introduced_on: Option<Date>,
    fixed: Option<Spanned<BandMap>>,
    variable: Option<Spanned<BandMap>>,
    plan: Option<Spanned<BandMap>>,
    update: Option<Spanned<BandMap>>,
    activation: Option<Spanned<BandMap>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUplift {
    label: String,
    members_above: Spanned<i64>,
    rate: Spanned<DecimalText>,
    base: Spanned<String>,
    evidence: Spanned<String>,
    source: Option<Spanned<String>>,
}

/// Reads every shipped table. A shipped table that does not read is a bug of this build, but it
/// is still reported as an error, never a panic.
pub fn shipped_tables() -> Result<Vec<TariffTable>, InputError> {
    SHIPPED
        .iter()
        .map(|(name, text)| {
            parse_table(&SourceFile {
                name: (*name).to_string(),
                text: (*text).to_string(),
            })
        })
        .collect()
}

/// Reads and checks one table.
pub fn parse_table(file: &SourceFile) -> Result<TariffTable, InputError> {
    let raw: RawTable = parse_toml(file)?;
    let mut c = Collector::default();
    let table = convert(raw, &mut c);
    c.finish(file)?;
    // `convert` only returns `None` after recording an error.
    table.ok_or_else(|| {
        InputError::single(
            file.clone(),
            Diagnostic::error("the table could not be read", None),
        )
    })
}

fn convert(raw: RawTable, c: &mut Collector) -> Option<TariffTable> {
    if *raw.schema.get_ref() != SCHEMA_VERSION {
        c.error(
            format!(
                "table schema {} is not supported by this version of aci-cpts",
                raw.schema.get_ref()
            ),
            raw.schema.span(),
            format!("this build reads `schema = {SCHEMA_VERSION}`"),
        );
    }
    let rounding = Rounding::from_id(raw.rounding.get_ref());
    if rounding.is_none() {
        c.error(
            format!("unknown rounding policy `{}`", raw.rounding.get_ref()),
            raw.rounding.span(),
            "the supported policy is \"cent_half_away_from_zero\"",
        );
    }
    if let Some(to) = &raw.in_force_to
        && to.get_ref().0 < raw.in_force_from.get_ref().0
    {
        c.error(
            "`in_force_to` is before `in_force_from`",
            to.span(),
            "give the last day the version is in force, on or after its first day",
        );
    }
    let bands = convert_bands(&raw.bands, c);
    let ctx = LineContext {
        bands: &bands,
        sources: &raw.sources,
    };
    let fonctionnement = ctx.per_band(&raw.fonctionnement.get_ref().amounts, "fonctionnement", c);
    let mut missions = Vec::new();
    for (id, mission) in &raw.missions {
        missions.push(convert_mission(id, mission, &ctx, c));
    }
    let uplift = raw.uplift.as_ref().map(|u| convert_uplift(u, &ctx, c));
    Some(TariffTable {
        id: raw.id.into_inner(),
        title: raw.title,
        legal_reference: raw.legal_reference,
        signed: raw.signed.map(|d| d.0),
        in_force_from: raw.in_force_from.into_inner().0,
        in_force_to: raw.in_force_to.map(|d| d.into_inner().0),
        checked_on: raw.checked_on.0,
        rounding: rounding?,
        note: raw.note,
        sources: raw.sources,
        bands,
        fonctionnement_label: raw.fonctionnement.into_inner().label,
        fonctionnement: fonctionnement?,
        missions: missions.into_iter().collect::<Option<Vec<_>>>()?,
        uplift: uplift.flatten(),
    })
}

fn convert_bands(raw: &Spanned<Vec<Spanned<RawBand>>>, c: &mut Collector) -> Vec<Band> {
    let mut bands: Vec<Band> = Vec::new();
    for spanned in raw.get_ref() {
        let b = spanned.get_ref();
        let id = b.id.get_ref().clone();
        if bands.iter().any(|o| o.id == id) {
            c.error(
                format!("band `{id}` is defined twice"),
                b.id.span(),
                "give each band its own id",
            );
        }
        let min = match (&b.from, &b.above) {
            (Some(from), None) => Some(*from.get_ref()),
            (None, Some(above)) => above.get_ref().checked_add(1),
            _ => {
                c.error(
                    format!("band `{id}` needs exactly one lower bound"),
                    b.id.span(),
                    "write `from = N` (N included) or `above = N` (N excluded)",
                );
                None
            }
        };
        let max = match (&b.up_to, &b.below) {
            (Some(up_to), None) => Some(Some(*up_to.get_ref())),
            (None, Some(below)) => Some(Some(below.get_ref() - 1)),
            (None, None) => Some(None),
            _ => {
                c.error(
                    format!("band `{id}` has two upper bounds"),
                    b.id.span(),
                    "write either `up_to = N` (N included) or `below = N` (N excluded), or neither for no limit",
                );
                None
            }
        };
        let (Some(min), Some(max)) = (min, max) else {
            continue;
        };
        if min < 1 || max.is_some_and(|m| m < min) {
            c.error(
                format!("band `{id}` contains no population"),
                spanned.span(),
                "its lower bound must be at least 1 and not above its upper bound",
            );
            continue;
        }
        let expected_min = bands.last().map_or(Some(1), |prev| prev.max.map(|m| m + 1));
        if expected_min != Some(min as u64) {
            let what = match expected_min {
                None => "comes after a band with no upper limit".to_string(),
                Some(e) if (min as u64) > e => format!(
                    "leaves a gap: populations from {e} to {} fall in no band",
                    min - 1
                ),
                Some(e) => format!("overlaps the band before it (which ends at {})", e - 1),
            };
            c.error(
                format!("band `{id}` {what}"),
                spanned.span(),
                "bands must follow each other without gap or overlap, from a population of 1 upwards",
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
        c.error(
            "the table defines no band",
            raw.span(),
            "add [[bands]] tables, from a population of 1 upwards",
        );
    } else if bands.last().is_some_and(|b| b.max.is_some()) {
        c.error(
            "the last band has an upper limit: larger populations would fall in no band",
            raw.get_ref().last().map(|b| b.span()).unwrap_or(raw.span()),
            "remove `up_to`/`below` from the last band",
        );
    }
    bands
}

struct LineContext<'a> {
    bands: &'a [Band],
    sources: &'a BTreeMap<String, String>,
}

impl LineContext<'_> {
    fn per_band(&self, map: &Spanned<BandMap>, line: &str, c: &mut Collector) -> Option<PerBand> {
        let before = c.count();
        let mut found: Vec<Option<Amount>> = vec![None; self.bands.len()];
        for (key, raw) in map.get_ref() {
            let Some(index) = self.bands.iter().position(|b| &b.id == key.get_ref()) else {
                c.error(
                    format!(
                        "`{line}` has an amount for `{}`, which is not a band of this table",
                        key.get_ref()
                    ),
                    key.span(),
                    format!("the bands are: {}", self.band_ids()),
                );
                continue;
            };
            found[index] = self.amount(raw, c);
        }
        let missing: Vec<&str> = self
            .bands
            .iter()
            .zip(&found)
            .filter(|(_, a)| a.is_none())
            .map(|(b, _)| b.id.as_str())
            .collect();
        if !missing.is_empty() && c.count() == before {
            c.error(
                format!("`{line}` has no amount for {}", missing.join(", ")),
                map.span(),
                "give an amount for every band, e.g. T1 = { amount = \"50000.00\", evidence = \"press\", source = \"…\" }",
            );
        }
        found.into_iter().collect::<Option<Vec<_>>>().map(PerBand)
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
            c.error(
                format!("unknown evidence level `{}`", evidence.get_ref()),
                evidence.span(),
                format!(
                    "use one of: {}",
                    Evidence::ALL.map(|e| e.as_str()).join(", ")
                ),
            );
            return None;
        };
        match source {
            None if level != Evidence::Estimate => {
                c.error(
                    format!("an amount with `{}` evidence needs a source", level.as_str()),
                    evidence.span(),
                    "add `source = \"key\"` naming an entry of [sources], or mark the amount `estimate`",
                );
                None
            }
            Some(s) if !self.sources.contains_key(s.get_ref()) => {
                c.error(
                    format!("source `{}` is not listed in [sources]", s.get_ref()),
                    s.span(),
                    "add it to the [sources] table with its citation, or fix the key",
                );
                None
            }
            _ => Some((level, source.as_ref().map(|s| s.get_ref().clone()))),
        }
    }

    fn amount(&self, raw: &Spanned<RawAmount>, c: &mut Collector) -> Option<Amount> {
        let a = raw.get_ref();
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
                c.error(
                    "a deadline must be a whole number of months, 0 or more",
                    v.span(),
                    "write e.g. `start_within_months = 6`",
                );
                None
            }
        }
    };
    let start_within_months = months(&m.start_within_months, c);
    let deployed_within_months = months(&m.deployed_within_months, c);
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
            c.error(
                format!("mission `{name}` must have either `fixed` and `variable`, or `plan`, `update` and `activation`"),
                id.span(),
                "a mission with indicators has [missions.ID.fixed] and [missions.ID.variable]; the crisis mission has [missions.ID.plan], [missions.ID.update] and [missions.ID.activation]",
            );
            None
        }
    };
    Some(Mission {
        id: name.clone(),
        label: m.label.clone(),
        socle: m.socle,
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
            c.error(
                format!("unknown uplift base `{other}`"),
                u.base.span(),
                "the supported base is \"missions\" (volets fixes + earned volets variables + crisis amounts)",
            );
            None
        }
    };
    let rate = u.rate.get_ref().0;
    if rate < Decimal::ZERO || rate > Decimal::ONE {
        c.error(
            format!("uplift rate {rate} is outside [0, 1]"),
            u.rate.span(),
            "write the rate as a fraction, e.g. \"0.10\" for 10 %",
        );
    }
    let members_above = u64::try_from(*u.members_above.get_ref()).ok();
    if members_above.is_none() {
        c.error(
            "`members_above` must be 0 or more",
            u.members_above.span(),
            "write the member count above which the uplift applies, e.g. 100",
        );
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
