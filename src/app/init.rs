//! `aci-cpts init`: a commented scenario to start from; never overwrites a file. What it says of
//! bands, the uplift and the versions is read from the tariff tables, not written in the text.

use super::{create_new, emit, shipped_registry};
use crate::catalog::Lang;
use crate::model::tariff::Registry;
use crate::report::format::{date, integer, percent};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::process::ExitCode;

/// The commented scenario, with `{placeholders}` for what the tables say.
const TEMPLATE: &str = include_str!("template.toml");

/// The same, commented in French.
const TEMPLATE_FR: &str = include_str!("template.fr.toml");

/// The commented scenario written by `aci-cpts init`, filled from the tables.
pub fn template(lang: Lang, registry: &Registry) -> String {
    let latest = registry.tables().rev().find(|tt| tt.extends.is_none());
    let bands = latest.map_or(String::new(), |tt| {
        tt.bands
            .iter()
            .map(|b| match b.max {
                Some(max) => lang.fill(
                    "init.band",
                    &[
                        ("band", &b.id),
                        ("min", &integer(b.min)),
                        ("max", &integer(max)),
                    ],
                ),
                None => lang.fill(
                    "init.band_open",
                    &[("band", &b.id), ("min", &integer(b.min))],
                ),
            })
            .collect::<Vec<_>>()
            .join(" · ")
    });
    let uplift = latest.and_then(|tt| tt.uplift.as_ref()).map_or(
        lang.t("init.no_uplift").to_string(),
        |u| {
            lang.fill(
                "init.uplift",
                &[
                    ("members", &u.members_above.to_string()),
                    ("rate", &percent(u.rate)),
                ],
            )
        },
    );
    let versions = registry
        .tables()
        .map(|tt| match tt.in_force_to {
            Some(to) => lang.fill(
                "init.version_until",
                &[("id", &tt.id), ("to", &date(lang, to))],
            ),
            None => lang.fill(
                "init.version_from",
                &[("id", &tt.id), ("from", &date(lang, tt.in_force_from))],
            ),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let template = match lang {
        crate::catalog::Lang::En => TEMPLATE,
        crate::catalog::Lang::Fr => TEMPLATE_FR,
    };
    template
        .replace("{latest}", latest.map_or("", |tt| tt.id.as_str()))
        .replace("{bands}", &bands)
        .replace("{uplift}", &uplift)
        .replace("{versions}", &versions)
}

/// The template for a territory given as its communes (`--communes 93064,93077`): the codes
/// checked as a scenario's would be, written instead of `population`, with each commune's
/// population, their sum and the band it falls in, for the user to check.
pub fn with_communes(lang: Lang, registry: &Registry, codes: &str) -> Result<String> {
    use crate::input::diagnostic::SourceFile;
    let file = SourceFile {
        name: "--communes".into(),
        text: codes.to_string().into(),
    };
    let mut list = Vec::new();
    let mut at = 0;
    for part in codes.split(',') {
        let start = at + (part.len() - part.trim_start().len());
        let code = part.trim();
        if !code.is_empty() {
            list.push(crate::input::spanned::Spanned::new(
                start..start + code.len(),
                code.to_string(),
            ));
        }
        at += part.len() + 1;
    }
    let mut c = crate::input::Collector::new(lang);
    let territory = crate::input::territory::communes(
        &crate::input::spanned::Spanned::new(0..codes.len(), list),
        &mut c,
    );
    c.finish(&file)?;
    let Some(territory) = territory else {
        bail!("{}", lang.t("input.territory.empty"));
    };
    let population = territory.population();
    let latest = registry.tables().rev().find(|tt| tt.extends.is_none());
    let band = latest
        .and_then(|tt| tt.band_index(population).map(|i| (tt, &tt.bands[i])))
        .map_or(String::new(), |(tt, b)| {
            lang.fill(
                "init.communes_band",
                &[("band", &b.id), ("label", &b.label), ("tariff", &tt.id)],
            )
        });
    let mut block = vec![lang.fill(
        "init.communes",
        &[
            ("count", &territory.communes.len().to_string()),
            ("population", &integer(population)),
            ("source", &territory.source.population),
            ("millesime", &territory.source.millesime.to_string()),
            ("band", &band),
        ],
    )];
    for commune in &territory.communes {
        block.push(format!(
            "#   {} {}{} {}",
            commune.code,
            commune.name,
            lang.colon(),
            integer(commune.population)
        ));
    }
    let quoted: Vec<String> = territory
        .communes
        .iter()
        .map(|c| format!("{q}{}{q}", c.code, q = '\u{22}'))
        .collect();
    block.push(format!("communes = [{}]", quoted.join(", ")));
    let base = template(lang, registry);
    let line = "population = 92000\n";
    if !base.contains(line) {
        bail!("{}", lang.t("input.territory.empty"));
    }
    Ok(base.replacen(line, &format!("{}\n", block.join("\n")), 1))
}

/// Runs the command.
pub fn run(lang: Lang, path: &str, portfolio: bool, communes: Option<&str>) -> Result<ExitCode> {
    let registry = shipped_registry(lang)?;
    let text = match (portfolio, communes) {
        (true, _) => crate::input::portfolio::template(&registry, lang == crate::catalog::Lang::Fr),
        (false, Some(codes)) => with_communes(lang, &registry, codes)?,
        (false, None) => template(lang, &registry),
    };
    if path == "-" {
        return emit(lang, &text);
    }
    let mut file = create_new(lang, path)?;
    file.write_all(text.as_bytes())
        .with_context(|| lang.fill("error.app.cannot_write", &[("path", path)]))?;
    super::say(&lang.fill(
        if portfolio {
            "app.wrote_portfolio"
        } else {
            "app.wrote_template"
        },
        &[("path", path)],
    ));
    Ok(ExitCode::SUCCESS)
}
