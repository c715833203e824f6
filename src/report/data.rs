//! `aci-cpts data`: the territory data shipped with the tool — where they come from, their
//! licence and vintage, what they hold — and, for codes given, the communes they name.

use super::json::fields;
use super::{Block, Body, Cell, Column, Document, Table};
use crate::catalog::Lang;
use serde::Serialize;

pub use crate::model::territory::Source as SourceJson;

/// A code asked for.
#[derive(Serialize, schemars::JsonSchema, Clone)]
pub struct CodeJson {
    /// INSEE code.
    pub code: String,
    /// Name.
    pub name: String,
    /// `commune`, `arrondissement` or `former` (a former commune).
    pub kind: &'static str,
    /// Département code.
    pub departement: String,
    /// Région code.
    pub region: String,
    /// Legal population (none for a former commune).
    pub population: Option<u64>,
    /// An arrondissement's commune, or the commune a former commune belongs to now.
    pub parent: Option<String>,
}

/// The JSON fields of `data`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DataJson {
    /// The data's source.
    pub source: SourceJson,
    /// The codes asked for, in the order given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communes: Vec<CodeJson>,
}

/// The document of `data`.
pub fn document(lang: Lang, source: &SourceJson, codes: &[CodeJson]) -> Document {
    let mut about = Table::new(vec![
        Column::new("what", lang.t("data.what")),
        Column::new("value", lang.t("data.value")),
    ])
    .caption(lang.t("data.caption"));
    let count = |n: usize| Cell::Count(n as u64);
    let rows: Vec<(&str, Cell<'static>)> = vec![
        (
            "data.package",
            Cell::text(format!("{} {}", source.package, source.version)),
        ),
        ("data.source", Cell::text(source.source.clone())),
        ("data.data_licence", Cell::text(source.data_licence.clone())),
        ("data.code_licence", Cell::text(source.code_licence.clone())),
        ("data.population", Cell::text(source.population.clone())),
        ("data.millesime", Cell::text(source.millesime.to_string())),
        ("data.communes", count(source.communes)),
        ("data.arrondissements", count(source.arrondissements)),
        ("data.former_communes", count(source.former_communes)),
        ("data.epci", count(source.epci)),
    ];
    for (key, value) in rows {
        about.row(vec![Cell::text(lang.t(key)), value]);
    }
    // With codes, a CSV is the codes' table.
    if !codes.is_empty() {
        about = about.only(super::Audience::People);
    }
    let mut blocks = vec![Block::Table(about)];
    if !codes.is_empty() {
        let mut table = Table::new(vec![
            Column::new("code", lang.t("explain.commune.code")),
            Column::new("name", lang.t("explain.commune.name")),
            Column::new("kind", lang.t("data.kind")),
            Column::new("departement", lang.t("explain.commune.departement")),
            Column::new("region", lang.t("header.region")),
            Column::new("population", lang.t("explain.commune.population")).right(),
            Column::new("parent", lang.t("data.parent")),
        ]);
        for c in codes {
            table.row(vec![
                Cell::text(c.code.clone()),
                Cell::text(c.name.clone()),
                Cell::Coded {
                    code: c.kind.into(),
                    word: lang
                        .t(match c.kind {
                            "arrondissement" => "data.kind_arrondissement",
                            "former" => "data.kind_former",
                            _ => "data.kind_commune",
                        })
                        .to_string()
                        .into(),
                },
                Cell::text(c.departement.clone()),
                Cell::text(c.region.clone()),
                c.population.map_or(Cell::Empty, Cell::Count),
                Cell::text(c.parent.clone().unwrap_or_default()),
            ]);
        }
        blocks.push(Block::Table(table));
    }
    Document {
        schema_version: 1,
        head: Vec::new(),
        data: fields(&DataJson {
            source: source.clone(),
            communes: codes.to_vec(),
        }),
        body: Body {
            blocks,
            ..Body::default()
        },
    }
}
