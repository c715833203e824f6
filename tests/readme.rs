//! The README cannot rot: its set-up commands run, the CI script calls its test command, and every
//! output it shows (after an `<!-- output: ARGS -->` marker) is what the binary prints today.

use crate::common::{root, stdout_of};

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("README.md")
}

/// The lines of the first fenced block after a heading.
fn first_block_after(text: &str, heading: &str) -> Vec<String> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("README has no `{heading}`"));
    let rest = &text[start..];
    let open = rest.find("```").expect("a fenced block");
    let body = &rest[open..];
    let body = &body[body.find('\n').expect("fence line") + 1..];
    let end = body.find("```").expect("closing fence");
    body[..end]
        .lines()
        .map(str::to_string)
        .filter(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn the_two_set_up_commands_work() {
    let lines = first_block_after(&readme(), "## Set up");
    assert_eq!(lines.len(), 2, "two commands: {lines:?}");
    let run = lines[0]
        .strip_prefix("cargo run --release -- ")
        .unwrap_or_else(|| panic!("first command runs the binary: {}", lines[0]));
    let args: Vec<&str> = run.split_whitespace().collect();
    assert!(stdout_of(&args).contains("TOTAL DÛ"));
    assert_eq!(lines[1], "cargo test");
    let ci = std::fs::read_to_string(root().join(".ci/run")).expect(".ci/run");
    assert!(
        ci.lines().any(|l| l.trim() == lines[1]),
        ".ci/run calls `{}`",
        lines[1]
    );
}

#[test]
fn every_output_shown_in_the_readme_is_current() {
    let text = readme();
    let mut checked = 0;
    for (i, _) in text.match_indices("<!-- output: ") {
        let marker = &text[i + "<!-- output: ".len()..];
        let args: Vec<&str> = marker[..marker.find(" -->").expect("marker end")]
            .split_whitespace()
            .collect();
        let block =
            &marker[marker.find("```text\n").expect("a text block follows") + "```text\n".len()..];
        let shown = &block[..block.find("```").expect("closing fence")];
        assert_eq!(
            shown,
            stdout_of(&args),
            "README output of `aci-cpts {}` is stale",
            args.join(" ")
        );
        checked += 1;
    }
    assert!(checked >= 1, "the README shows at least one output");
}

/// The install lines work on a fresh account, where none of the target folders exists: each
/// line after `cargo install` runs in `sh` with an empty home and the built binary on the
/// `PATH`, and leaves the completions and a manual page per command (which `aci-cpts(1)` names
/// in SEE ALSO).
#[test]
fn the_install_lines_work_on_a_fresh_account() {
    let lines = first_block_after(&readme(), "To use `aci-cpts` from anywhere");
    assert!(lines[0].starts_with("cargo install --path ."), "{lines:?}");
    let home = tempfile::tempdir().unwrap();
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_aci-cpts"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for line in &lines[1..] {
        let out = std::process::Command::new("sh")
            .args(["-c", line])
            .env("HOME", home.path())
            .env("PATH", &path)
            .env("LANG", "C")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`{line}` on a fresh account: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let h = home.path();
    for file in [
        ".local/share/bash-completion/completions/aci-cpts",
        ".zfunc/_aci-cpts",
        ".config/fish/completions/aci-cpts.fish",
        ".local/share/man/man1/aci-cpts.1",
    ] {
        assert!(h.join(file).is_file(), "{file} written");
    }
    let man = std::fs::read_to_string(h.join(".local/share/man/man1/aci-cpts.1")).unwrap();
    let mut named = 0;
    // The commands section names each page alone on its line: `aci\-cpts\-simulate(1)`.
    for line in man.lines() {
        let Some(name) = line
            .strip_prefix("aci\\-cpts\\-")
            .and_then(|l| l.strip_suffix("(1)"))
        else {
            continue;
        };
        let file = format!("aci-cpts-{}.1", name.replace("\\-", "-"));
        assert!(
            h.join(".local/share/man/man1").join(&file).is_file(),
            "{file}"
        );
        named += 1;
    }
    assert!(named >= 15, "{named} pages named");
    // Run again (an upgrade): our pages are replaced; a file of the user's never is.
    let dir = h.join(".local/share/man/man1");
    std::fs::write(dir.join("aci-cpts-sweep.1"), "my notes\n").unwrap();
    let out = crate::common::bin()
        .args(["man", "--dir", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a manual page of aci-cpts"));
    assert_eq!(
        std::fs::read_to_string(dir.join("aci-cpts-sweep.1")).unwrap(),
        "my notes\n"
    );
    std::fs::remove_file(dir.join("aci-cpts-sweep.1")).unwrap();
    let out = crate::common::bin()
        .args(["man", "--dir", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.join("aci-cpts-sweep.1").is_file());
}
