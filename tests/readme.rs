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
