//! `aci-cpts data [CODE...]`: the shipped territory data, and the communes of the codes given.

use super::{output, output_format};
use crate::catalog::Lang;
use crate::cli::OutputArgs;
use crate::input::territory::{self, Kind};
use crate::report::data::{CodeJson, document};
use anyhow::{Result, anyhow, bail};
use std::process::ExitCode;

/// Runs the command.
pub fn run(lang: Lang, codes: &[String], out: &OutputArgs) -> Result<ExitCode> {
    let format = output_format(lang, out)?;
    let source = territory::source().map_err(|e| anyhow!("{}", e.0))?.clone();
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for code in codes.iter().flat_map(|c| c.split([',', ' '])) {
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        match territory::find(code).map_err(|e| anyhow!("{}", e.0))? {
            Some(e) => found.push(CodeJson {
                code: e.code.to_string(),
                name: e.name.to_string(),
                kind: match e.kind {
                    Kind::Commune => "commune",
                    Kind::Arrondissement => "arrondissement",
                    Kind::Former => "former",
                },
                departement: e.departement.to_string(),
                region: e.region.to_string(),
                population: e.population,
                parent: e.parent.map(str::to_string),
            }),
            None => {
                let what = lang.fill("input.territory.unknown", &[("code", code)]);
                unknown.push(match territory::near_words(code) {
                    None => what,
                    Some(near) => format!(
                        "{what}: {}",
                        lang.fill("input.territory.unknown_near_help", &[("near", &near)])
                    ),
                });
            }
        }
    }
    if !unknown.is_empty() {
        bail!("{}", unknown.join("\n"));
    }
    output(lang, format, &document(lang, &source, &found))
}
