//! Helpers shared by the test modules.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The built `aci-cpts` binary, run from the repository's root so paths in messages are relative.
pub fn bin() -> Command {
    let mut cmd = Command::cargo_bin("aci-cpts").expect("the aci-cpts binary is built");
    cmd.current_dir(root());
    cmd.env_remove("NO_COLOR");
    // English unless a test asks for French, whatever the machine's locale.
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    cmd
}

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files with this extension in a folder of the repository, sorted, as relative paths.
pub fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| Path::new(dir).join(p.file_name().expect("a file name")))
        .collect();
    out.sort();
    out
}

/// A file's stem, for snapshot names.
pub fn stem(p: &Path) -> String {
    p.file_stem()
        .expect("a file stem")
        .to_string_lossy()
        .into_owned()
}

/// Runs `aci-cpts ARGS`, expects success, returns standard output.
pub fn stdout_of(args: &[&str]) -> String {
    let out = bin().args(args).output().expect("the binary runs");
    assert!(
        out.status.success(),
        "aci-cpts {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Loads and simulates a scenario file through the library.
pub fn simulate_file(path: &str) -> aci_cpts::engine::Simulation {
    let registry =
        aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).expect("shipped tables read");
    let file = aci_cpts::input::read_source(
        aci_cpts::catalog::Lang::En,
        &root().join(path).to_string_lossy(),
    )
    .expect("the file reads");
    let loaded =
        aci_cpts::input::scenario::load(aci_cpts::catalog::Lang::En, &file, &registry, None)
            .expect("the scenario is valid");
    aci_cpts::engine::simulate(&loaded.scenario, loaded.versions).expect("the engine computes")
}

/// Simulates a scenario given as TOML text through the library.
pub fn simulate_text(text: &str) -> aci_cpts::engine::Simulation {
    let registry =
        aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).expect("shipped tables read");
    let file = aci_cpts::input::diagnostic::SourceFile {
        name: "test.toml".into(),
        text: text.to_string().into(),
    };
    let loaded =
        aci_cpts::input::scenario::load(aci_cpts::catalog::Lang::En, &file, &registry, None)
            .unwrap_or_else(|e| panic!("the scenario is valid:\n{e}"));
    aci_cpts::engine::simulate(&loaded.scenario, loaded.versions).expect("the engine computes")
}

/// Runs `aci-cpts ARGS`, expects exit code 1 (invalid input or refused action), returns
/// standard error.
pub fn stderr_of_failure(args: &[&str]) -> String {
    let out = bin().args(args).output().expect("the binary runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "aci-cpts {args:?} should fail with exit code 1"
    );
    String::from_utf8(out.stderr).expect("UTF-8 message")
}

/// The template `aci-cpts init` writes with the shipped tables.
pub fn template() -> String {
    aci_cpts::app::init::template(
        aci_cpts::catalog::Lang::En,
        &aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).expect("shipped tables"),
    )
}

/// Whether the programs a test needs beyond Rust are on the path (each can be started:
/// `pdftotext --version` exits 1, so its status is not read).
/// In CI (`CI` set) they must be: `.ci/run` installs them, and the test runs and fails loudly
/// without them. Elsewhere a missing one skips the test with a message saying how to run it.
pub fn tools_here(tools: &[&str], test: &str, needs: &str, packages: &str) -> bool {
    let found = |tool: &str| {
        std::process::Command::new(tool)
            .arg("--version")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok()
    };
    let here = tools.iter().all(|t| found(t));
    if !here && std::env::var_os("CI").is_none() {
        eprintln!(
            "skipped: {test} needs {needs} (`apt-get install {packages}`, or run `bash .ci/run`)"
        );
        return false;
    }
    true
}

/// A number cell of a workbook (calamine) as a decimal to the cent; `None` for any other cell.
pub fn cell_cents(cell: &calamine::Data) -> Option<rust_decimal::Decimal> {
    match cell {
        calamine::Data::Float(f) => Some(rust_decimal::Decimal::try_from(*f).ok()?.round_dp(2)),
        calamine::Data::Int(i) => Some(rust_decimal::Decimal::from(*i)),
        _ => None,
    }
}

/// The name of a part inside an `.xlsx` (a zip): `["xl", "workbook.xml"]` → `xl/workbook.xml`.
pub fn xlsx_part(parts: &[&str]) -> String {
    parts.join("/")
}

/// The part of a workbook's `n`th sheet (from 1), as rust_xlsxwriter names it.
pub fn sheet_part(n: usize) -> String {
    xlsx_part(&["xl", "worksheets", &format!("sheet{n}.xml")])
}

/// Asserts that `err` says each problem: its message, its help (how to fix it) and where
/// (`file:line:col`).
pub fn says_each(err: &str, problems: &[(&str, &str, &str)]) {
    for (said, fix, at) in problems {
        assert!(err.contains(said), "{said}: {err}");
        assert!(err.contains(fix), "{fix}: {err}");
        assert!(err.contains(at), "{at}: {err}");
    }
}
