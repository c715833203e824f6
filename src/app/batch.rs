//! `aci-cpts batch`: many CPTS at once, a row each as it is computed, then the aggregate; a bad
//! file does not stop the run: it is reported, left out, and the exit code is 1.

use super::{emit_stream, output_format, resolve_table, say, shipped_registry};
use crate::cli::BatchArgs;
use crate::engine::{self, batch::Aggregate, cash};
use crate::input;
use crate::input::diagnostic::InputError;
use crate::render;
use crate::report;
use crate::report::batch::{ErrorJson, Row};
use anyhow::{Context, Result};
use std::process::ExitCode;

/// The scenario files of the inputs: files as given, folders' `*.toml` in name order.
pub fn files(inputs: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for input in inputs {
        let path = std::path::Path::new(input);
        if path.is_dir() {
            let mut found: Vec<String> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read the folder `{input}`"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

/// An input error as one row of `errors`: where its first problem is, and what.
fn error_of(e: &InputError) -> ErrorJson {
    let first = e
        .diagnostics
        .iter()
        .min_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
    let (source, message) = match first {
        Some(d) => {
            let (file, local) = e.locate(d);
            let place = local
                .span
                .as_ref()
                .map(|s| file.line_col(s.start))
                .map_or(file.name.clone(), |(l, c)| format!("{}:{l}:{c}", file.name));
            (place, d.message.clone())
        }
        None => (e.file.name.clone(), String::new()),
    };
    ErrorJson { source, message }
}

/// Runs the command.
pub fn run(args: &BatchArgs) -> Result<ExitCode> {
    let format = output_format(&args.output)?;
    let mut registry = shipped_registry()?;
    let mut named = |arg: &Option<String>| -> Result<Option<String>> {
        Ok(match arg {
            None => None,
            Some(a) => {
                let parsed = resolve_table(a)?;
                let id = parsed.table.id.clone();
                registry.insert(parsed.table);
                Some(id)
            }
        })
    };
    let (a_id, b_id) = (named(&args.tariff)?, named(&args.against)?);
    let reform = b_id.is_some();
    let paths = files(&args.inputs)?;
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let stream = report::batch::stream(reform);
    let mut writer = render::Writer::begin(
        format,
        out,
        std::io::stderr().lock(),
        &report::batch::document(),
        Some(&stream),
    )?;
    let mut aggregate = Aggregate::default();
    let mut errors: Vec<ErrorJson> = Vec::new();
    let mut written = Ok(());
    for path in &paths {
        let loaded = input::read_source(path)
            .and_then(|file| input::scenario::load_at(&file, &registry, a_id.as_deref(), args.at));
        let loaded = match loaded {
            Ok(l) => l,
            Err(e) => {
                say(&e.to_string());
                errors.push(error_of(&e));
                aggregate.left_out += 1;
                continue;
            }
        };
        let computed = engine::simulate(&loaded.scenario, loaded.table).and_then(|sim| {
            let against = match b_id.as_deref().and_then(|id| registry.get(id)) {
                None => None,
                Some(b_table) => {
                    let mut s = loaded.scenario.clone();
                    s.tariff = Some(b_table.id.clone());
                    let b = engine::simulate(&s, b_table)?;
                    let at_risk = cash::at_risk(&b, b_table).unwrap_or_default();
                    Some((b, at_risk))
                }
            };
            Ok((sim, against))
        });
        let (sim, against) = match computed {
            Ok(c) => c,
            Err(e) => {
                let error = ErrorJson {
                    source: path.clone(),
                    message: e.to_string(),
                };
                say(&format!("error: {}: {}", error.source, error.message));
                errors.push(error);
                aggregate.left_out += 1;
                continue;
            }
        };
        let at_risk = cash::at_risk(&sim, loaded.table).unwrap_or_default();
        aggregate
            .add(&sim, at_risk, against.as_ref().map(|(b, r)| (b, *r)))
            .context("a sum is out of range")?;
        let row = Row {
            source: path,
            sim: &sim,
            at_risk,
            against: against.as_ref().map(|(b, _)| b),
        };
        if let Err(e) = writer.row(&row.cells(reform), &row.json()) {
            written = Err(e);
            break;
        }
    }
    let done = written.and_then(|()| {
        writer
            .finish(&report::batch::body(&aggregate, &errors))
            .map(|_| ())
    });
    if !emit_stream(done)? {
        return Ok(ExitCode::SUCCESS);
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
