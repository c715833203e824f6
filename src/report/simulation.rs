//! `simulate`: one contract year, line by line, with totals and warnings.

use super::explain::{self, Trace, part_label};
use super::format::{date, date_iso, decimal_plain, integer, money_plain, prorata_plain};
use super::json::fields;
use super::{Audience, Block, Cell, Column, Document, Head, Row, Table, warnings};
use crate::catalog::Lang;
use crate::engine::{IndicatorKind, IndicatorUse, Line, Simulation};
use crate::model::scenario::Direction;
use serde::Serialize;

/// Version of the JSON output of `simulate`.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON fields of `simulate`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SimulationJson {
    /// Name of the CPTS.
    pub scenario: String,
    /// Tariff version applied.
    pub tariff: String,
    /// Its title.
    pub tariff_title: String,
    /// Band of the population.
    pub band: String,
    /// Population.
    pub population: u64,
    /// Members.
    pub members: u64,
    /// The contract year computed.
    pub contract_year: YearJson,
    /// Every line: fonctionnement, the missions in the table's order, the uplift.
    pub lines: Vec<LineJson>,
    /// Sums of the lines.
    pub totals: TotalsJson,
    /// The territory's communes, when the scenario gave `communes` or `epci`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<TerritoryJson>,
}

/// A territory given as its communes.
#[derive(Serialize, schemars::JsonSchema)]
pub struct TerritoryJson {
    /// Which population: `population municipale INSEE`.
    pub population_source: String,
    /// INSEE's vintage of the legal populations.
    pub millesime: u32,
    /// The data: `@etalab/decoupage-administratif 6.0.0`.
    pub data: String,
    /// The EPCI, when the scenario gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epci: Option<EpciJson>,
    /// Every commune, with its legal population.
    pub communes: Vec<CommuneJson>,
}

/// An EPCI.
#[derive(Serialize, schemars::JsonSchema)]
pub struct EpciJson {
    /// SIREN.
    pub siren: String,
    /// Name.
    pub name: String,
}

/// A commune of the territory.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CommuneJson {
    /// INSEE code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Legal population.
    pub population: u64,
    /// Département code.
    pub departement: String,
    /// Région code.
    pub region: String,
}

/// A territory as JSON.
pub fn territory_json(t: &crate::model::territory::Territory) -> TerritoryJson {
    TerritoryJson {
        population_source: t.source.population.clone(),
        millesime: t.source.millesime,
        data: t.source.package.clone(),
        epci: t.epci.as_ref().map(|e| EpciJson {
            siren: e.siren.clone(),
            name: e.name.clone(),
        }),
        communes: t
            .communes
            .iter()
            .map(|c| CommuneJson {
                code: c.code.clone(),
                name: c.name.clone(),
                population: c.population,
                departement: c.departement.clone(),
                region: c.region.clone(),
            })
            .collect(),
    }
}

/// Where a territory's population comes from, in words: `population municipale INSEE, millésime
/// 2023 (@etalab/decoupage-administratif 6.0.0), 3 communes`.
pub fn territory_words(lang: Lang, t: &crate::model::territory::Territory) -> String {
    let count = t.communes.len().to_string();
    let key = match &t.epci {
        Some(_) => "simulate.territory_epci",
        None => "simulate.territory",
    };
    let epci = t.epci.as_ref().map_or(String::new(), |e| e.name.clone());
    lang.fill(
        key,
        &[
            ("population", &t.source.population),
            ("millesime", &t.source.millesime.to_string()),
            ("data", &t.source.package),
            ("count", &count),
            ("epci", &epci),
        ],
    )
}

/// The communes of a territory, one row each, and their sum (`--explain`).
pub fn communes_table(lang: Lang, territory: &crate::model::territory::Territory) -> Table {
    let mut table = Table::new(vec![
        Column::new("code", lang.t("explain.commune.code")),
        Column::new("name", lang.t("explain.commune.name")),
        Column::new("departement", lang.t("explain.commune.departement")),
        Column::new("population", lang.t("explain.commune.population")).right(),
    ])
    .caption(territory_words(lang, territory))
    .only(Audience::People);
    for c in &territory.communes {
        table.row(vec![
            Cell::text(c.code.clone()),
            Cell::text(c.name.clone()),
            Cell::text(c.departement.clone()),
            Cell::Count(c.population),
        ]);
    }
    table.rows.push(Row {
        cells: vec![
            Cell::text(lang.t("explain.commune.total")),
            Cell::Empty,
            Cell::Empty,
            Cell::Count(territory.population()),
        ],
        audience: Audience::All,
        strong: true,
    });
    table
}

/// A contract year.
#[derive(Serialize, schemars::JsonSchema)]
pub struct YearJson {
    /// 1 for the year that starts on the signature.
    pub number: u32,
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Days in the year.
    pub days: i64,
}

/// One line.
#[derive(Serialize, schemars::JsonSchema)]
pub struct LineJson {
    /// Mission id; null for fonctionnement and the uplift.
    pub mission: Option<String>,
    /// Label for people.
    pub label: String,
    /// `fonctionnement`, `fixed`, `variable`, `crisis_plan`, `crisis_update`,
    /// `crisis_activation` or `uplift`.
    pub part: &'static str,
    /// Annual amount at full achievement (for the uplift, its base).
    pub envelope: String,
    /// Achievement applied (volet variable).
    pub achievement: Option<String>,
    /// Rate applied (uplift).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    /// Share of the year counted.
    pub prorata: String,
    /// Days counted.
    pub prorata_days: i64,
    /// Days in the year.
    pub prorata_of: i64,
    /// What is due.
    pub amount: String,
    /// Evidence of the figure.
    pub evidence: &'static str,
    /// Its source key.
    pub source: Option<String>,
    /// The contract's indicators.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<IndicatorJson>,
    /// The explanation (`--explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
}

/// One indicator.
#[derive(Serialize, schemars::JsonSchema)]
pub struct IndicatorJson {
    /// Its short key, when the file gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name in the contract.
    pub name: String,
    /// How it is scored: `item`, `paliers` or `estimate`.
    pub kind: &'static str,
    /// Euros at full achievement (paliers: the best).
    pub amount: String,
    /// What it earned over what it is worth.
    pub achievement: String,
    /// What it earned, before prorata.
    pub earned: String,
    /// An item: whether it was met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    /// Paliers: the value measured (a percentage as a fraction: 0.712).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<String>,
    /// Paliers: `percent` or `number`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'static str>,
    /// Paliers: `at_least` (higher is better) or `at_most`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<&'static str>,
    /// Paliers: the best reached, counted from 1 (0: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub palier: Option<usize>,
    /// Paliers: each threshold and what it pays, least demanding first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paliers: Vec<PalierJson>,
}

/// One palier.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PalierJson {
    /// The threshold (a percentage as a fraction).
    pub threshold: String,
    /// What it pays.
    pub amount: String,
}

fn indicator_json(i: &IndicatorUse) -> IndicatorJson {
    let mut json = IndicatorJson {
        id: i.id.clone(),
        name: i.name.clone(),
        kind: "estimate",
        amount: money_plain(i.amount),
        achievement: decimal_plain(i.achievement),
        earned: money_plain(i.earned),
        met: None,
        measured: None,
        unit: None,
        direction: None,
        palier: None,
        paliers: Vec::new(),
    };
    match &i.kind {
        IndicatorKind::Item { met } => {
            json.kind = "item";
            json.met = Some(*met);
        }
        IndicatorKind::Paliers {
            paliers,
            measured,
            reached,
        } => {
            json.kind = "paliers";
            json.measured = Some(decimal_plain(*measured));
            json.unit = Some(if paliers.percent { "percent" } else { "number" });
            json.direction = Some(match paliers.direction {
                Direction::AtLeast => "at_least",
                Direction::AtMost => "at_most",
            });
            json.palier = Some(reached.map_or(0, |n| n + 1));
            json.paliers = paliers
                .steps
                .iter()
                .map(|p| PalierJson {
                    threshold: decimal_plain(p.threshold),
                    amount: money_plain(p.amount),
                })
                .collect();
        }
        IndicatorKind::Estimate => {}
    }
    json
}

/// Sums of the lines.
#[derive(Serialize, schemars::JsonSchema)]
pub struct TotalsJson {
    /// Fonctionnement.
    pub fonctionnement: String,
    /// Volets fixes (crisis mission excluded).
    pub fixed: String,
    /// Volets variables at full achievement, prorated.
    pub variable_envelope: String,
    /// Volets variables earned.
    pub variable_earned: String,
    /// Crisis mission.
    pub crisis: String,
    /// Uplift.
    pub uplift: String,
    /// Everything due.
    pub total: String,
}

fn line_json(lang: Lang, sim: &Simulation, l: &Line, explain: bool) -> LineJson {
    LineJson {
        mission: l.mission.clone(),
        label: l.label.clone(),
        part: l.part.as_str(),
        envelope: money_plain(l.envelope),
        achievement: l.achievement.map(decimal_plain),
        rate: l.rate.map(decimal_plain),
        prorata: prorata_plain(&l.prorata),
        prorata_days: l.prorata.days,
        prorata_of: l.prorata.of,
        amount: money_plain(l.amount),
        evidence: l.evidence.as_str(),
        source: l.source.clone(),
        indicators: l.indicators.iter().map(indicator_json).collect(),
        trace: explain.then(|| explain::trace(lang, sim, l)),
    }
}

/// The JSON fields of a result.
pub fn json(lang: Lang, sim: &Simulation, explain: bool) -> SimulationJson {
    SimulationJson {
        scenario: sim.scenario.clone(),
        tariff: sim.tariff.clone(),
        tariff_title: sim.tariff_title.clone(),
        band: sim.band.id.clone(),
        population: sim.population,
        members: sim.members,
        contract_year: YearJson {
            number: sim.contract_year.number,
            from: date_iso(sim.contract_year.from),
            to: date_iso(sim.contract_year.to),
            days: sim.contract_year.days(),
        },
        lines: sim
            .lines
            .iter()
            .map(|l| line_json(lang, sim, l, explain))
            .collect(),
        totals: totals_json(&sim.totals),
        territory: sim.territory.as_ref().map(territory_json),
    }
}

/// Totals as JSON, money as strings.
pub fn totals_json(t: &crate::engine::Totals) -> TotalsJson {
    TotalsJson {
        fonctionnement: money_plain(t.fonctionnement),
        fixed: money_plain(t.fixed),
        variable_envelope: money_plain(t.variable_envelope),
        variable_earned: money_plain(t.variable_earned),
        crisis: money_plain(t.crisis),
        uplift: money_plain(t.uplift),
        total: money_plain(t.total),
    }
}

/// The breakdown: a row per line (an indicator row under its line for people), a total row for
/// programs.
pub fn lines_table(lang: Lang, sim: &Simulation, explain: bool) -> Table {
    let mut columns = vec![
        Column::new("mission", lang.t("header.mission_id")).programs(),
        Column::new("label", lang.t("header.mission")),
        Column::new("part", lang.t("header.part")),
        Column::new("envelope", lang.t("header.envelope")).right(),
        Column::new("achievement", lang.t("header.achievement")).right(),
        Column::new("prorata", lang.t("header.prorata")).right(),
        Column::new("prorata_days", lang.t("header.prorata_days")).programs(),
        Column::new("prorata_of", lang.t("header.prorata_of")).programs(),
        Column::new("amount", lang.t("header.amount")).right(),
        Column::new("evidence", lang.t("header.evidence")),
        Column::new("source", lang.t("header.source")).programs(),
        Column::new("indicator", lang.t("header.indicator")).programs(),
        Column::new("measured", lang.t("header.measured")).programs(),
        Column::new("palier", lang.t("header.palier_reached")).programs(),
    ];
    if explain {
        columns.push(Column::new("formula", lang.t("header.formula")).programs());
    }
    let mut table = Table::new(columns);
    // Built only when asked: a formula is text for each line (#26: 4,6 % of a run without it).
    let formula = |cells: &mut Vec<Cell<'static>>, text: &dyn Fn() -> String| {
        if explain {
            cells.push(Cell::text(text()));
        }
    };
    for l in &sim.lines {
        let mut cells = vec![
            Cell::text(l.mission.clone().unwrap_or_default()),
            Cell::text(l.label.clone()),
            Cell::Coded {
                code: l.part.as_str().into(),
                word: part_label(lang, l).into(),
            },
            Cell::Money(l.envelope),
            l.achievement.map_or(Cell::Empty, Cell::Fraction),
            Cell::Prorata(l.prorata),
            Cell::Int(l.prorata.days),
            Cell::Int(l.prorata.of),
            Cell::Money(l.amount),
            Cell::Evidence(l.evidence),
            Cell::text(l.source.clone().unwrap_or_default()),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ];
        formula(&mut cells, &|| explain::formula(l));
        table.row(cells);
        for ind in &l.indicators {
            table.rows.push(Row {
                cells: indicator_cells(lang, l, ind, explain),
                audience: Audience::Programs,
                strong: false,
            });
            let mut cells = vec![
                Cell::Empty,
                Cell::Empty,
                Cell::text(format!("· {}", ind.name)),
                Cell::Money(ind.amount),
                explain::indicator_result(lang, ind)
                    .map_or(Cell::Fraction(ind.achievement), Cell::text),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Money(ind.earned),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ];
            formula(&mut cells, &String::new);
            table.rows.push(Row {
                cells,
                audience: Audience::People,
                strong: false,
            });
        }
    }
    let mut cells = vec![
        Cell::Empty,
        Cell::text(lang.t("total.row")),
        Cell::text("total"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Money(sim.totals.total),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ];
    formula(&mut cells, &String::new);
    table.rows.push(Row {
        cells,
        audience: Audience::Programs,
        strong: false,
    });
    table
}

/// An indicator's row for programs (CSV): part `indicator`, under its mission; its `amount` is
/// what it earned over a whole year, before prorata and the envelope's cap, so that a program
/// summing the lines' amounts leaves these rows out by their part, as it leaves out `total`.
fn indicator_cells(lang: Lang, l: &Line, ind: &IndicatorUse, explain: bool) -> Vec<Cell<'static>> {
    let (measured, palier) = match &ind.kind {
        IndicatorKind::Item { met } => (Cell::Int(i64::from(*met)), Cell::Empty),
        IndicatorKind::Paliers {
            measured, reached, ..
        } => (
            Cell::Number(*measured),
            Cell::Int(reached.map_or(0, |n| n as i64 + 1)),
        ),
        IndicatorKind::Estimate => (Cell::Empty, Cell::Empty),
    };
    let mut cells = vec![
        Cell::text(l.mission.clone().unwrap_or_default()),
        Cell::text(ind.name.clone()),
        Cell::Coded {
            code: "indicator".into(),
            word: lang.t("part.indicator").into(),
        },
        Cell::Money(ind.amount),
        Cell::Fraction(ind.achievement),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Money(ind.earned),
        Cell::Empty,
        Cell::Empty,
        Cell::text(ind.id.clone().unwrap_or_default()),
        measured,
        palier,
    ];
    if explain {
        cells.push(Cell::text(explain::indicator_text(lang, ind)));
    }
    cells
}

/// The totals for people, the last one being the total due.
pub fn totals_table(lang: Lang, sim: &Simulation) -> Table {
    let tt = &sim.totals;
    let mut table = Table::new(vec![
        Column::new("total", lang.t("header.total")),
        Column::new("amount", lang.t("header.amount")).right(),
    ])
    .caption(lang.t("simulate.totals"))
    .only(Audience::People);
    let rows = [
        ("total.fonctionnement", tt.fonctionnement),
        ("total.fixed", tt.fixed),
        ("total.variable_envelope", tt.variable_envelope),
        ("total.variable_earned", tt.variable_earned),
        ("total.crisis", tt.crisis),
        ("total.uplift", tt.uplift),
        ("total.due", tt.total),
    ];
    let last = rows.len() - 1;
    for (i, (key, amount)) in rows.into_iter().enumerate() {
        table.rows.push(Row {
            cells: vec![Cell::text(lang.t(key)), Cell::Money(amount)],
            audience: Audience::All,
            strong: i == last,
        });
    }
    table
}

/// The heading lines of a result: who, which year, which table and band.
pub fn head(lang: Lang, sim: &Simulation) -> Vec<Head> {
    let y = &sim.contract_year;
    let mut head = vec![
        Head::Title(lang.fill(
            "simulate.title",
            &[
                ("scenario", &sim.scenario),
                ("year", &y.number.to_string()),
                ("from", &date(lang, y.from)),
                ("to", &date(lang, y.to)),
            ],
        )),
        Head::Line(lang.fill(
            "simulate.subtitle",
            &[
                ("tariff", &sim.tariff),
                ("title", &sim.tariff_title),
                ("band", &sim.band.id),
                ("band_label", &sim.band.label),
                ("population", &integer(sim.population)),
                ("members", &sim.members.to_string()),
            ],
        )),
    ];
    if let Some(territory) = &sim.territory {
        head.push(Head::Line(territory_words(lang, territory)));
    }
    head
}

/// The document of `simulate`. Its JSON fields are built only when `json` (JSON and JSON Lines
/// write them; the other formats do not read them, and they cost a run about 8 % of its work).
pub fn document(lang: Lang, sim: &Simulation, explain: bool, json: bool) -> Document {
    let mut blocks = vec![Block::Table(lines_table(lang, sim, explain))];
    if explain {
        if let Some(territory) = &sim.territory {
            blocks.push(Block::Table(communes_table(lang, territory)));
        }
        blocks.push(explain::entries(lang, sim));
    }
    blocks.push(Block::Table(totals_table(lang, sim)));
    Document {
        schema_version: SCHEMA_VERSION,
        head: head(lang, sim),
        data: if json {
            fields(&self::json(lang, sim, explain))
        } else {
            serde_json::Map::new()
        },
        body: super::Body {
            blocks,
            warnings: warnings::items(lang, &sim.warnings, None),
            ..Default::default()
        },
    }
}
