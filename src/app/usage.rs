//! clap's usage errors in the user's language, from the catalog: a value refused (with the
//! reason the tool's own check gives), an unknown option or command (with clap's suggestion), a
//! missing argument, two options that do not go together. Other kinds keep clap's wording.

use crate::catalog::{colon, fill, t};
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The message of a usage error, for standard error; `None` when clap's own is kept (help and
/// version requests, and kinds the catalog does not word).
pub fn message(e: &clap::Error) -> Option<String> {
    let get = |kind: ContextKind| {
        e.get(kind).map(|v| match v {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(list) => list.join(", "),
            ContextValue::StyledStr(s) => s.to_string(),
            ContextValue::StyledStrs(list) => list
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            ContextValue::Number(n) => n.to_string(),
            ContextValue::Bool(b) => b.to_string(),
            // `None`, and kinds a later clap adds.
            _ => String::new(),
        })
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map_or(String::new(), ToString::to_string);
            fill(
                "usage.invalid_value",
                &[("value", &value), ("arg", &arg), ("why", &why)],
            )
        }
        ErrorKind::InvalidValue => {
            let mut m = fill("usage.not_allowed", &[("value", &value), ("arg", &arg)]);
            if let Some(values) = get(ContextKind::ValidValue) {
                m.push_str(&fill("usage.possible", &[("values", &values)]));
            }
            m
        }
        ErrorKind::UnknownArgument => fill("usage.unknown_argument", &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => fill(
            "usage.unknown_command",
            &[(
                "command",
                &get(ContextKind::InvalidSubcommand).unwrap_or_default(),
            )],
        ),
        ErrorKind::MissingRequiredArgument => fill("usage.missing", &[("args", &arg)]),
        ErrorKind::ArgumentConflict => fill(
            "usage.conflict",
            &[
                ("arg", &arg),
                ("other", &get(ContextKind::PriorArg).unwrap_or_default()),
            ],
        ),
        _ => return None,
    };
    let suggestion = get(ContextKind::SuggestedArg)
        .or_else(|| get(ContextKind::SuggestedSubcommand))
        .or_else(|| get(ContextKind::SuggestedValue));
    // The command the usage line names (`aci-cpts simulate`), for its help.
    let command = get(ContextKind::Usage)
        .and_then(|u| {
            let words: Vec<&str> = u
                .split_whitespace()
                .skip_while(|w| *w != "aci-cpts")
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect();
            (!words.is_empty()).then(|| words.join(" "))
        })
        .unwrap_or_else(|| "aci-cpts".to_string());
    let help = match suggestion {
        Some(s) if !s.is_empty() => fill("usage.did_you_mean", &[("suggestion", &s)]),
        _ => fill("usage.see_help", &[("command", &command)]),
    };
    Some(format!(
        "{}{} {what}\n  = {}{} {help}",
        t("check.error"),
        colon(),
        t("diagnostic.help"),
        colon()
    ))
}
