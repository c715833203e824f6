//! The shipped territory extract (`src/geo`, made by `src/geo/extract.mjs` from Etalab's
//! *découpage administratif*): every current commune and municipal arrondissement with its INSEE
//! code, name, département, région and legal population; the former communes and the commune each
//! belongs to now; the EPCI and their member communes; the names of départements and régions.
//! Read once, when a scenario or a portfolio names communes, never at start-up.

use crate::model::territory::PopulationSource;
use std::sync::OnceLock;

const COMMUNES: &str = include_str!("../geo/communes.tsv");
const EPCI: &str = include_str!("../geo/epci.tsv");
const DEPARTEMENTS: &str = include_str!("../geo/departements.tsv");
const REGIONS: &str = include_str!("../geo/regions.tsv");
const SOURCE: &str = include_str!("../geo/source.toml");

/// What a code of the extract is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A current commune.
    Commune,
    /// A municipal arrondissement of Paris, Lyon or Marseille.
    Arrondissement,
    /// A former commune (déléguée or associée) whose code no current commune has.
    Former,
}

/// One line of the communes' extract.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// INSEE code.
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
    /// What it is.
    pub kind: Kind,
    /// Département code.
    pub departement: &'static str,
    /// Région code.
    pub region: &'static str,
    /// Legal population; `None` for a former commune and for the few territories INSEE gives none.
    pub population: Option<u64>,
    /// For an arrondissement, its commune; for a former commune, the commune it belongs to now.
    pub parent: Option<&'static str>,
}

/// Where the extract comes from (`src/geo/source.toml`).
pub use crate::model::territory::Source;

/// The source as a scenario's territory records it.
pub fn population_source(s: &Source) -> PopulationSource {
    PopulationSource {
        population: s.population.clone(),
        millesime: s.millesime,
        package: format!("{} {}", s.package, s.version),
    }
}

/// Why the shipped extract cannot be read (a build that shipped a broken extract).
#[derive(Debug)]
pub struct Unreadable(pub String);

/// The lines of a TSV after its header, split on tabs.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
}

/// One line of the communes' extract (`i`: its index among the data lines).
fn parse_line(i: usize, line: &'static str) -> Result<Entry, Unreadable> {
    let bad = || Unreadable(format!("src/geo/communes.tsv:{}", i + 2));
    let mut f = line.split('\t');
    let mut next = || f.next().ok_or_else(bad);
    let (code, name, kind, departement, region, population, parent) = (
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
        next()?,
    );
    let kind = match kind {
        "commune" => Kind::Commune,
        "arrondissement" => Kind::Arrondissement,
        "ancienne" => Kind::Former,
        _ => return Err(bad()),
    };
    let population = match population {
        "" => None,
        p => Some(p.parse().map_err(|_| bad())?),
    };
    Ok(Entry {
        code,
        name,
        kind,
        departement,
        region,
        population,
        parent: (!parent.is_empty()).then_some(parent),
    })
}

/// The data lines of the communes' extract (its header left out).
fn data_lines() -> impl Iterator<Item = &'static str> {
    COMMUNES.lines().skip(1).filter(|l| !l.is_empty())
}

fn parse_entries() -> Result<Vec<Entry>, Unreadable> {
    let out = data_lines()
        .enumerate()
        .map(|(i, l)| parse_line(i, l))
        .collect::<Result<Vec<_>, _>>()?;
    if !out.windows(2).all(|w| w[0].code < w[1].code) {
        return Err(Unreadable(
            "src/geo/communes.tsv: not sorted by code".into(),
        ));
    }
    Ok(out)
}

/// Every line of the communes' extract, sorted by code (read whole: for the likely codes of a
/// mistyped one, and the tests).
pub fn entries() -> Result<&'static [Entry], &'static Unreadable> {
    static E: OnceLock<Result<Vec<Entry>, Unreadable>> = OnceLock::new();
    E.get_or_init(parse_entries).as_deref()
}

/// The data lines, each once, to search by code without reading every line.
fn lines() -> &'static [&'static str] {
    static L: OnceLock<Vec<&'static str>> = OnceLock::new();
    L.get_or_init(|| data_lines().collect())
}

/// The line of a code: found by binary search among the lines (sorted by code, which a test
/// checks), only that line read.
pub fn find(code: &str) -> Result<Option<Entry>, Unreadable> {
    let lines = lines();
    match lines.binary_search_by(|l| l.split('\t').next().unwrap_or("").cmp(code)) {
        Ok(i) => parse_line(i, lines[i]).map(Some),
        Err(_) => Ok(None),
    }
}

/// The source of the extract.
pub fn source() -> Result<&'static Source, &'static Unreadable> {
    static S: OnceLock<Result<Source, Unreadable>> = OnceLock::new();
    S.get_or_init(|| {
        toml::from_str(SOURCE).map_err(|e| Unreadable(format!("src/geo/source.toml: {e}")))
    })
    .as_ref()
}

/// An EPCI by SIREN: its name and its member communes' codes.
pub fn epci(siren: &str) -> Option<(&'static str, Vec<&'static str>)> {
    rows(EPCI).find(|f| f.first() == Some(&siren)).map(|f| {
        (
            f.get(1).copied().unwrap_or(""),
            f.get(2).map_or(Vec::new(), |m| m.split(' ').collect()),
        )
    })
}

/// How many EPCI the extract has.
pub fn epci_count() -> usize {
    rows(EPCI).count()
}

/// A département's name and région.
pub fn departement(code: &str) -> Option<(&'static str, &'static str)> {
    rows(DEPARTEMENTS)
        .find(|f| f.first() == Some(&code))
        .map(|f| {
            (
                f.get(1).copied().unwrap_or(""),
                f.get(2).copied().unwrap_or(""),
            )
        })
}

/// A région's name.
pub fn region(code: &str) -> Option<&'static str> {
    rows(REGIONS)
        .find(|f| f.first() == Some(&code))
        .map(|f| f.get(1).copied().unwrap_or(""))
}

/// The likely codes of a mistyped one, for a message: `93064 (Rosny-sous-Bois), …`; `None` when
/// there is none.
pub fn near_words(code: &str) -> Option<String> {
    let near: Vec<String> = near(code)
        .iter()
        .map(|e| format!("{} ({})", e.code, e.name))
        .collect();
    (!near.is_empty()).then(|| near.join(", "))
}

/// The current communes and arrondissements a mistyped code most likely meant: the code with
/// its lost leading zero (a spreadsheet drops it), two neighbouring characters swapped, or one
/// character changed — those of the same département first. At most three.
pub fn near(code: &str) -> Vec<&'static Entry> {
    let Ok(all) = entries() else {
        return Vec::new();
    };
    let live = |e: &&Entry| e.kind != Kind::Former;
    let mut found: Vec<(u8, &'static Entry)> = Vec::new();
    let padded = format!("0{code}");
    if code.len() == 4
        && let Ok(i) = all.binary_search_by(|e| e.code.cmp(padded.as_str()))
        && live(&&all[i])
    {
        found.push((0, &all[i]));
    }
    let c = code.as_bytes();
    for e in all.iter().filter(live) {
        let k = e.code.as_bytes();
        if k.len() != c.len() || k == c {
            continue;
        }
        let diff: Vec<usize> = (0..k.len()).filter(|&i| k[i] != c[i]).collect();
        let rank = match diff[..] {
            [a, b] if b == a + 1 && k[a] == c[b] && k[b] == c[a] => 1,
            [i] if i >= 2 => 2,
            [_] => 3,
            _ => continue,
        };
        found.push((rank, e));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.code.cmp(b.1.code)));
    found.into_iter().take(3).map(|(_, e)| e).collect()
}

/// `communes = [...]` of a scenario, checked: every code known and current, none twice, no
/// commune with one of its own arrondissements. `None` when an error was recorded.
pub fn communes(
    list: &crate::input::spanned::Spanned<Vec<crate::input::spanned::Spanned<String>>>,
    c: &mut super::Collector,
) -> Option<crate::model::territory::Territory> {
    use crate::catalog::format::integer;
    let source = match source() {
        Ok(s) => s,
        Err(e) => {
            c.err("input.territory.unreadable", list.span(), &[("what", &e.0)]);
            return None;
        }
    };
    if list.get_ref().is_empty() {
        c.err("input.territory.empty", list.span(), &[]);
        return None;
    }
    let before = c.count();
    let mut communes: Vec<crate::model::territory::Commune> = Vec::new();
    // Sets, not scans of the list: a list of 100 000 codes is read in linear time.
    let given: std::collections::HashSet<&str> = list
        .get_ref()
        .iter()
        .map(|code| code.get_ref().trim())
        .collect();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for code in list.get_ref() {
        let (text, span) = (code.get_ref().trim(), code.span());
        spaces(code, c);
        if !seen.insert(text) {
            c.err("input.territory.twice", span, &[("code", text)]);
            continue;
        }
        let entry = match find(text) {
            Err(e) => {
                c.err("input.territory.unreadable", span, &[("what", &e.0)]);
                return None;
            }
            Ok(None) => {
                // Past the problems a file reports, no suggestion is looked for.
                let near = if c.full() { None } else { near_words(text) };
                let key = match near {
                    None => "input.territory.unknown",
                    Some(_) => "input.territory.unknown_near",
                };
                let near = near.unwrap_or_default();
                c.err(key, span, &[("code", text), ("near", &near)]);
                continue;
            }
            Ok(Some(e)) => e,
        };
        let parent = entry.parent.and_then(|p| find(p).ok().flatten());
        let parent_words = parent.map_or(String::new(), |p| format!("{} ({})", p.code, p.name));
        match (entry.kind, entry.population) {
            (Kind::Former, _) => {
                c.err(
                    "input.territory.former",
                    span,
                    &[
                        ("code", text),
                        ("name", entry.name),
                        ("now", &parent_words),
                        ("parent", entry.parent.unwrap_or("")),
                    ],
                );
                continue;
            }
            (_, None) => {
                c.err(
                    "input.territory.no_population",
                    span,
                    &[("code", text), ("name", entry.name)],
                );
                continue;
            }
            (Kind::Arrondissement, Some(_)) if entry.parent.is_some_and(|p| given.contains(p)) => {
                c.err(
                    "input.territory.with_arrondissement",
                    span,
                    &[
                        ("code", text),
                        ("name", entry.name),
                        ("commune", &parent_words),
                    ],
                );
                continue;
            }
            (_, Some(population)) => communes.push(crate::model::territory::Commune {
                code: entry.code.to_string(),
                name: entry.name.to_string(),
                population,
                departement: entry.departement.to_string(),
                departement_name: departement(entry.departement)
                    .map_or(String::new(), |(n, _)| n.to_string()),
                region: entry.region.to_string(),
                region_name: region(entry.region).unwrap_or("").to_string(),
            }),
        }
    }
    let territory = crate::model::territory::Territory {
        epci: None,
        communes,
        source: population_source(source),
    };
    let total = territory.population();
    if c.count() == before && !(1..=super::limits::MAX_POPULATION).contains(&total) {
        c.err(
            "input.scenario.population",
            list.span(),
            &[
                ("got", &total.to_string()),
                ("max", &integer(super::limits::MAX_POPULATION)),
            ],
        );
    }
    (c.count() == before).then_some(territory)
}

/// A code written with spaces around it (`" 200000172"`) is read without them, and said so.
fn spaces(code: &crate::input::spanned::Spanned<String>, c: &mut super::Collector) {
    let text = code.get_ref();
    if text.trim() != text {
        c.warn(
            "input.territory.spaces",
            code.span(),
            &[("code", text.trim()), ("written", text)],
        );
    }
}

/// `epci = "SIREN"` of a scenario: every member commune. `None` when an error was recorded.
pub fn of_epci(
    siren: &crate::input::spanned::Spanned<String>,
    c: &mut super::Collector,
) -> Option<crate::model::territory::Territory> {
    let code = siren.get_ref().trim();
    spaces(siren, c);
    let Some((name, members)) = epci(code) else {
        c.err(
            "input.territory.unknown_epci",
            siren.span(),
            &[("siren", code)],
        );
        return None;
    };
    let list = crate::input::spanned::Spanned::new(
        siren.span(),
        members
            .into_iter()
            .map(|m| crate::input::spanned::Spanned::new(siren.span(), m.to_string()))
            .collect(),
    );
    let mut territory = communes(&list, c)?;
    territory.epci = Some(crate::model::territory::Epci {
        siren: code.to_string(),
        name: name.to_string(),
    });
    Some(territory)
}
