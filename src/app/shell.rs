//! `aci-cpts completions SHELL` and `aci-cpts man`: what the shell and `man` need, generated from
//! the command line's own definition (clap_complete, clap_mangen), so they never drift from it.

use crate::catalog::Lang;
use crate::cli::Cli;
use anyhow::{Context, Result};
use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

/// Prints the completion script of a shell.
pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "aci-cpts", &mut out);
    write(&out)
}

/// Prints the manual page: name, synopsis, options, the commands, the version; with `dir`,
/// writes it and one page per command (`aci-cpts-simulate.1`, `aci-cpts-tariffs-list.1` …)
/// there, as the main page's SEE ALSO names them.
pub fn man(lang: Lang, dir: Option<&std::path::Path>) -> Result<ExitCode> {
    let Some(dir) = dir else {
        let mut out = Vec::new();
        clap_mangen::Man::new(Cli::command()).render(&mut out)?;
        return write(&out);
    };
    let mut pages = Vec::new();
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    collect_pages(command, &mut pages)?;
    std::fs::create_dir_all(dir)
        .with_context(|| lang.fill("man.cannot_create", &[("dir", &dir.display().to_string())]))?;
    // A file of the user's is never replaced: only a page aci-cpts wrote before.
    for (name, _) in &pages {
        let path = dir.join(name);
        if let Ok(old) = std::fs::read(&path)
            && !old
                .split(|b| *b == b'\n')
                .take(4)
                .any(|l| l.starts_with(b".TH aci-cpts"))
        {
            anyhow::bail!(
                "{}",
                lang.fill("man.not_ours", &[("path", &path.display().to_string())])
            );
        }
    }
    for (name, page) in &pages {
        let path = dir.join(name);
        std::fs::write(&path, page).with_context(|| {
            lang.fill(
                "error.app.cannot_write",
                &[("path", &path.display().to_string())],
            )
        })?;
    }
    super::say(&lang.fill(
        "man.wrote",
        &[
            ("count", &pages.len().to_string()),
            ("dir", &dir.display().to_string()),
        ],
    ));
    Ok(ExitCode::SUCCESS)
}

/// Every page of `command` and its commands: (file name, roff).
fn collect_pages(command: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect_pages(sub.clone(), pages)?;
    }
    let man = clap_mangen::Man::new(command);
    let mut out = Vec::new();
    man.render(&mut out)?;
    pages.push((man.get_filename(), out));
    Ok(())
}

fn write(bytes: &[u8]) -> Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.into()),
    }
}
