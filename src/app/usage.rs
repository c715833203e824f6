//! clap's usage errors in the user's language, from the catalog: a value refused (with the
//! reason the tool's own check gives), an unknown option or command (with clap's suggestion), a
//! missing argument, two options that do not go together. Other kinds keep clap's wording.

use crate::catalog::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The message of a usage error, for standard error; `None` when clap's own is kept (help and
/// version requests, and kinds the catalog does not word).
pub fn message(lang: Lang, e: &clap::Error) -> Option<String> {
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
            let why = std::error::Error::source(e).map_or(String::new(), |why| {
                why.downcast_ref::<crate::cli::ArgError>()
                    .map_or_else(|| why.to_string(), |a| a.words(lang))
            });
            lang.fill(
                "usage.invalid_value",
                &[("value", &value), ("arg", &arg), ("why", &why)],
            )
        }
        ErrorKind::InvalidValue => {
            let mut m = lang.fill("usage.not_allowed", &[("value", &value), ("arg", &arg)]);
            if let Some(values) = get(ContextKind::ValidValue) {
                m.push_str(&lang.fill("usage.possible", &[("values", &values)]));
            }
            m
        }
        ErrorKind::UnknownArgument => lang.fill("usage.unknown_argument", &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => lang.fill(
            "usage.unknown_command",
            &[(
                "command",
                &get(ContextKind::InvalidSubcommand).unwrap_or_default(),
            )],
        ),
        ErrorKind::MissingRequiredArgument => lang.fill("usage.missing", &[("args", &arg)]),
        ErrorKind::ArgumentConflict => lang.fill(
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
        Some(s) if !s.is_empty() => lang.fill("usage.did_you_mean", &[("suggestion", &s)]),
        _ => lang.fill("usage.see_help", &[("command", &command)]),
    };
    Some(format!(
        "{}{} {what}\n  = {}{} {help}",
        lang.t("check.error"),
        lang.colon(),
        lang.t("diagnostic.help"),
        lang.colon()
    ))
}

/// A French word of the command line (`cli.*`), if the catalog has it. The English is clap's
/// derive text — the doc comments of `cli.rs`, which rustdoc shows too — so only French has a
/// `cli` table.
fn french(key: &str) -> Option<&'static str> {
    crate::catalog::word_in(crate::catalog::Lang::Fr, key)
}

/// A heading or a word clap writes itself, in French (`cli.heading.*`).
fn heading(key: &str) -> &'static str {
    french(&format!("cli.heading.{key}")).unwrap_or_default()
}

/// The path of a subcommand: `tariffs` then `tariffs.check`.
fn child(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// `aci-cpts help simulate --lang fr`: clap's `help` takes command names only, so `--lang` given
/// after it is moved before it, where it means what the reader meant. Other command lines are
/// left as they are.
pub fn lang_before_help(args: &[std::ffi::OsString]) -> Vec<std::ffi::OsString> {
    if args.get(1).and_then(|a| a.to_str()) != Some("help") {
        return args.to_vec();
    }
    let (mut lang, mut rest) = (Vec::new(), Vec::new());
    let mut words = args.iter().skip(2);
    while let Some(word) = words.next() {
        match word.to_str() {
            Some("--lang") => {
                lang.push(word.clone());
                lang.extend(words.next().cloned());
            }
            Some(w) if w.starts_with("--lang=") => lang.push(word.clone()),
            _ => rest.push(word.clone()),
        }
    }
    let mut out = args[..1].to_vec();
    out.extend(lang);
    out.push(args[1].clone());
    out.extend(rest);
    out
}

/// The command line in French: every text `--help` shows — about, examples, each argument and
/// value, the headings and the words clap writes itself — from the catalog.
pub fn in_french(mut cmd: clap::Command) -> clap::Command {
    // Built first, so that the help and version flags and `help` commands exist to be worded.
    cmd.build();
    localize(cmd, "")
}

/// The catalog key of a command's text: `cli.about`, `cli.batch.about`, `cli.tariffs.check.…`.
fn key_of(path: &str, what: &str) -> String {
    format!("cli.{}", child(path, what))
}

/// A command's own key for an argument or a value, else the one all commands share.
fn french_of(path: &str, what: &str) -> Option<&'static str> {
    french(&key_of(path, what)).or_else(|| french(&format!("cli.{what}")))
}

fn localize(mut cmd: clap::Command, path: &str) -> clap::Command {
    if let Some(about) = french(&key_of(path, "about")) {
        cmd = cmd.about(about);
    }
    if let Some(after) = french(&key_of(path, "after_help")) {
        cmd = cmd.after_help(after);
    }
    let template = template(&cmd);
    cmd = cmd
        .help_template(template)
        .subcommand_help_heading(heading("commands"))
        .subcommand_value_name(heading("command_value"));
    let ids: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |arg| localize_arg(arg, path));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = child(path, &name);
        cmd = cmd.mut_subcommand(name, |sub| localize(sub, &sub_path));
    }
    cmd
}

/// A command's `--help` in French: its sections under French headings, in clap's order (its
/// commands, its arguments, its options). The headings are the template's, not the arguments'
/// (`Arg::help_heading`), which clap would order by the first argument of each: a global
/// option, added to a command before its own arguments, would put the options first.
fn template(cmd: &clap::Command) -> clap::builder::StyledStr {
    let style = *cmd.get_styles().get_header();
    let section = |key: &str, tag: &str| format!("{style}{}:{style:#}\n{{{tag}}}", heading(key));
    let mut sections = Vec::new();
    if cmd.has_subcommands() {
        sections.push(section("commands", "subcommands"));
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        sections.push(section("arguments", "positionals"));
    }
    if cmd
        .get_arguments()
        .any(|a| !a.is_positional() && !a.is_hide_set())
    {
        sections.push(section("options", "options"));
    }
    format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{}{{after-help}}",
        heading("usage"),
        sections.join("\n\n")
    )
    .into()
}

fn localize_arg(mut arg: clap::Arg, path: &str) -> clap::Arg {
    let id = arg.get_id().to_string();
    if let Some(names) = french_value_names(&arg) {
        arg = arg.value_names(names);
    }
    let Some(text) = french_of(path, &format!("arg.{id}")) else {
        return arg;
    };
    let (mut short, mut long) = (text.to_string(), text.to_string());
    if let Some(text) = french_of(path, &format!("arg.{id}_long")) {
        long = text.to_string();
    }
    // clap's own "[possible values: …]" and "[default: …]", in French.
    let values: Vec<(String, Option<&str>)> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| {
            let name = v.get_name().to_string();
            let help = french_of(path, &format!("value.{id}.{name}"));
            (name, help)
        })
        .collect();
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        let names: Vec<&str> = values.iter().map(|(n, _)| n.as_str()).collect();
        short.push_str(&format!(
            " [{}]",
            crate::catalog::fill_text(heading("possible"), &[("values", &names.join(", "))])
        ));
        long.push_str(&format!("\n\n{}", heading("possible_long")));
        for (name, help) in &values {
            match help {
                Some(help) => long.push_str(&format!(
                    "\n- {name}{} {help}",
                    french("word.colon").unwrap_or(":")
                )),
                None => long.push_str(&format!("\n- {name}")),
            }
        }
        arg = arg.hide_possible_values(true);
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() && arg.get_action().takes_values() {
        let default = format!(
            " [{}]",
            crate::catalog::fill_text(heading("default"), &[("value", &defaults.join(", "))])
        );
        short.push_str(&default);
        long.push_str(&default);
        arg = arg.hide_default_value(true);
    }
    arg.help(short).long_help(long)
}

/// What an argument's values are called (`<FILE|DIR>`, or clap's `<SCENARIO>` from its id):
/// the names as `--help` shows them, for an argument that takes values.
fn value_names(arg: &clap::Arg) -> Vec<String> {
    if !arg.get_action().takes_values() {
        return Vec::new();
    }
    match arg.get_value_names() {
        Some(names) => names.iter().map(ToString::to_string).collect(),
        None => vec![arg.get_id().to_string().to_uppercase()],
    }
}

/// An argument's value names in French (`cli.value_name.*`), when the catalog has them all.
fn french_value_names(arg: &clap::Arg) -> Option<Vec<&'static str>> {
    let names = value_names(arg);
    if names.is_empty() {
        return None;
    }
    names
        .iter()
        .map(|n| french(&format!("cli.value_name.{n}")))
        .collect()
}

/// The texts of a command line that `--help` shows in English and the French catalog lacks, as
/// catalog keys — and the French keys no text of the command line uses — for the test that keeps
/// them in step.
pub fn untranslated(mut cmd: clap::Command) -> (Vec<String>, Vec<String>) {
    cmd.build();
    let mut used = std::collections::BTreeSet::new();
    let mut missing = Vec::new();
    walk(&cmd, "", &mut used, &mut missing);
    let unused = crate::catalog::built_words(crate::catalog::Lang::Fr)
        .iter()
        .map(|(k, _)| k)
        .filter(|k| k.starts_with("cli.") && !k.starts_with("cli.heading.") && !used.contains(*k))
        .map(str::to_string)
        .collect();
    (missing, unused)
}

fn walk(
    cmd: &clap::Command,
    path: &str,
    used: &mut std::collections::BTreeSet<String>,
    missing: &mut Vec<String>,
) {
    let mut need = |what: String, shown: bool| {
        if !shown {
            return;
        }
        let own = key_of(path, &what);
        let shared = format!("cli.{what}");
        match [own.clone(), shared]
            .into_iter()
            .find(|k| french(k).is_some())
        {
            Some(k) => {
                used.insert(k);
            }
            None => missing.push(own),
        }
    };
    let mut names = Vec::new();
    need("about".into(), cmd.get_about().is_some());
    need("after_help".into(), cmd.get_after_help().is_some());
    for arg in cmd.get_arguments() {
        let id = arg.get_id().to_string();
        need(format!("arg.{id}"), arg.get_help().is_some());
        need(format!("arg.{id}_long"), arg.get_long_help().is_some());
        names.extend(value_names(arg));
        for v in arg.get_possible_values() {
            need(
                format!("value.{id}.{}", v.get_name()),
                v.get_help().is_some() && !v.is_hide_set(),
            );
        }
    }
    for name in names {
        let key = format!("cli.value_name.{name}");
        match french(&key) {
            Some(_) => {
                used.insert(key);
            }
            None if !missing.contains(&key) => missing.push(key),
            None => {}
        }
    }
    for sub in cmd.get_subcommands() {
        walk(sub, &child(path, sub.get_name()), used, missing);
    }
}
