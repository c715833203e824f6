//! `aci-cpts init`: a commented scenario to start from; never overwrites a file. What it says of
//! bands, the uplift and the versions is read from the tariff tables, not written in the text.

use super::{create_new, emit, shipped_registry};
use crate::catalog::{fill, t};
use crate::model::tariff::Registry;
use crate::report::format::{date, integer, percent};
use anyhow::{Context, Result};
use std::io::Write;
use std::process::ExitCode;

/// The commented scenario, with `{placeholders}` for what the tables say.
const TEMPLATE: &str = include_str!("template.toml");

/// The same, commented in French.
const TEMPLATE_FR: &str = include_str!("template.fr.toml");

/// The commented scenario written by `aci-cpts init`, filled from the tables.
pub fn template(registry: &Registry) -> String {
    let latest = registry.tables.iter().rev().find(|tt| tt.extends.is_none());
    let bands = latest.map_or(String::new(), |tt| {
        tt.bands
            .iter()
            .map(|b| match b.max {
                Some(max) => fill(
                    "init.band",
                    &[
                        ("band", &b.id),
                        ("min", &integer(b.min)),
                        ("max", &integer(max)),
                    ],
                ),
                None => fill(
                    "init.band_open",
                    &[("band", &b.id), ("min", &integer(b.min))],
                ),
            })
            .collect::<Vec<_>>()
            .join(" · ")
    });
    let uplift =
        latest
            .and_then(|tt| tt.uplift.as_ref())
            .map_or(t("init.no_uplift").to_string(), |u| {
                fill(
                    "init.uplift",
                    &[
                        ("members", &u.members_above.to_string()),
                        ("rate", &percent(u.rate)),
                    ],
                )
            });
    let versions = registry
        .tables
        .iter()
        .map(|tt| match tt.in_force_to {
            Some(to) => fill("init.version_until", &[("id", &tt.id), ("to", &date(to))]),
            None => fill(
                "init.version_from",
                &[("id", &tt.id), ("from", &date(tt.in_force_from))],
            ),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let template = match crate::catalog::lang() {
        crate::catalog::Lang::En => TEMPLATE,
        crate::catalog::Lang::Fr => TEMPLATE_FR,
    };
    template
        .replace("{latest}", latest.map_or("", |tt| tt.id.as_str()))
        .replace("{bands}", &bands)
        .replace("{uplift}", &uplift)
        .replace("{versions}", &versions)
}

/// Runs the command.
pub fn run(path: &str, portfolio: bool) -> Result<ExitCode> {
    let registry = shipped_registry()?;
    let text = if portfolio {
        crate::input::portfolio::template(&registry)
    } else {
        template(&registry)
    };
    if path == "-" {
        return emit(&text);
    }
    let mut file = create_new(path)?;
    file.write_all(text.as_bytes())
        .with_context(|| fill("error.app.cannot_write", &[("path", path)]))?;
    super::say(&fill(
        if portfolio {
            "app.wrote_portfolio"
        } else {
            "app.wrote_template"
        },
        &[("path", path)],
    ));
    Ok(ExitCode::SUCCESS)
}
