//! A CPTS's territory as its communes (or municipal arrondissements), each with its INSEE legal
//! population, département and région: the population of a scenario that gives `communes` or
//! `epci` is their sum.

/// The communes of a scenario's territory, as read from the shipped extract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Territory {
    /// The EPCI the communes were taken from, when the scenario gave `epci`.
    pub epci: Option<Epci>,
    /// The communes, in the order given (an EPCI's by code).
    pub communes: Vec<Commune>,
    /// Where the populations come from.
    pub source: PopulationSource,
}

/// An établissement public de coopération intercommunale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epci {
    /// Its SIREN.
    pub siren: String,
    /// Its name.
    pub name: String,
}

/// One commune or municipal arrondissement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    /// INSEE code (`93064`, `75111`, `2A004`).
    pub code: String,
    /// Name.
    pub name: String,
    /// Legal population (population municipale).
    pub population: u64,
    /// Département code.
    pub departement: String,
    /// Its name.
    pub departement_name: String,
    /// Région code.
    pub region: String,
    /// Its name.
    pub region_name: String,
}

/// A département or a région: code and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Code (`93`, `11`).
    pub code: String,
    /// Name.
    pub name: String,
}

/// The data the populations are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationSource {
    /// What population: `population municipale INSEE`.
    pub population: String,
    /// INSEE's vintage (millésime) of the legal populations.
    pub millesime: u32,
    /// The package and its version: `@etalab/decoupage-administratif 6.0.0`.
    pub package: String,
}

impl Territory {
    /// The population of the territory: the sum of its communes'.
    pub fn population(&self) -> u64 {
        self.communes.iter().map(|c| c.population).sum()
    }

    /// The département holding most of the territory's population (the first in code order on
    /// a tie), and its région: a territory across départements is counted in one.
    pub fn main_departement(&self) -> Option<(Place, Place)> {
        let mut by: Vec<(&Commune, u64)> = Vec::new();
        for c in &self.communes {
            match by.iter_mut().find(|(d, _)| d.departement == c.departement) {
                Some(slot) => slot.1 += c.population,
                None => by.push((c, c.population)),
            }
        }
        by.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.departement.cmp(&b.0.departement)));
        by.first().map(|(c, _)| {
            (
                Place {
                    code: c.departement.clone(),
                    name: c.departement_name.clone(),
                },
                Place {
                    code: c.region.clone(),
                    name: c.region_name.clone(),
                },
            )
        })
    }
}

/// Where the shipped territory data come from: `src/geo/source.toml`, written by the extraction
/// script, read as is.
#[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema, Clone, Debug)]
pub struct Source {
    /// npm package.
    pub package: String,
    /// Its version.
    pub version: String,
    /// Licence of the data.
    pub data_licence: String,
    /// Licence of the package's code.
    pub code_licence: String,
    /// Where to find it.
    pub source: String,
    /// Which population.
    pub population: String,
    /// INSEE's vintage of the legal populations.
    pub millesime: u32,
    /// Current communes.
    pub communes: usize,
    /// Municipal arrondissements (Paris, Lyon, Marseille).
    pub arrondissements: usize,
    /// Former communes, kept to point to their commune.
    pub former_communes: usize,
    /// EPCI with their member communes.
    pub epci: usize,
    /// Population of the current communes by région code, summed from the package.
    pub population_by_region: std::collections::BTreeMap<String, u64>,
}
