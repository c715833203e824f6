//! Start-up, as a person or a script meets it: the release binary run as a whole process —
//! `--version` (starting the process: the loader, the allocator, the arguments) and one
//! `simulate` of a bundled example, its table written to a pipe. Issue #26 holds `simulate` to at
//! most 1,2 times the CPU of `--version`. Run with `cargo bench --bench start`. Cargo builds the
//! binary for benches with the test tools' features, so `.ci/link-order.txt` does not match it
//! and it starts about 5 % slower than `cargo build --release`'s; the README's figures come from
//! that one, with `perf stat -e task-clock` run by run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use divan::Bencher;
use std::process::{Command, Stdio};

fn main() {
    divan::main();
}

/// Runs the binary with `args`, its output read and dropped, and checks that it succeeded.
fn run(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_aci-cpts"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "aci-cpts {args:?} failed");
    assert!(!out.stdout.is_empty(), "aci-cpts {args:?} wrote nothing");
}

#[divan::bench(sample_count = 300)]
fn version(bencher: Bencher) {
    bencher.bench_local(|| run(&["--version"]));
}

#[divan::bench(sample_count = 300)]
fn simulate(bencher: Bencher) {
    bencher.bench_local(|| run(&["simulate", "examples/t3-year5.toml"]));
}
