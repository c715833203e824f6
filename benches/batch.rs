//! `batch` speed and memory, through the same code as the command (`app::batch::write`): 1 000
//! scenario files in one run, and a portfolio CSV of 100 000 different CPTS (the missions of
//! `examples/region/portfolio.csv`'s 32 CPTS, each row with its own size, signature and year),
//! against a hand-written floor. Peak live memory (divan's `max alloc`) must not grow
//! with the rows of a portfolio; and `risk`'s draws. Run with `cargo bench
//! --bench batch`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use aci_cpts::cli::{BatchArgs, OutputArgs};
use aci_cpts::render::Format;
use divan::{AllocProfiler, Bencher};
use std::path::PathBuf;

/// The allocator of the binary (see `src/main.rs`), counted.
#[global_allocator]
static ALLOC: AllocProfiler<mimalloc::MiMalloc> = AllocProfiler::new(mimalloc::MiMalloc);

fn main() {
    divan::main();
}

fn args(inputs: Vec<String>) -> BatchArgs {
    BatchArgs {
        inputs,
        tariff: None,
        against: None,
        instead: false,
        at: None,
        cash: None,
        sums: None,
        output: OutputArgs {
            format: None,
            csv_excel_fr: false,
        },
    }
}

/// A folder of `n` scenario files (copies of the region's).
fn folder(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/region");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    seeds.sort();
    for i in 0..n {
        std::fs::copy(
            &seeds[i % seeds.len()],
            dir.path().join(format!("c{i:05}.toml")),
        )
        .unwrap();
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

mod floor;

/// A portfolio of `n` different CPTS (see [`floor::portfolio`]).
fn portfolio(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    std::fs::write(&path, floor::portfolio(n)).unwrap();
    (dir, path)
}

/// `batch --format csv` of these arguments, its output dropped.
fn csv(a: &BatchArgs) -> (std::io::Result<()>, usize) {
    aci_cpts::app::batch::write(
        aci_cpts::catalog::Lang::En,
        a,
        Format::Csv,
        std::io::sink(),
        std::io::sink(),
    )
    .unwrap()
}

#[divan::bench(args = [1_000], sample_count = 5, sample_size = 1)]
fn files_in_one_run(bencher: Bencher, n: usize) {
    let (_keep, path) = folder(n);
    let a = args(vec![path.to_string_lossy().into_owned()]);
    bencher.bench_local(|| csv(&a));
}

/// Peak live memory (`max alloc`) is the same for 10 000 and 100 000 rows: the file is read row by
/// row, two chunks of rows at most in flight.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn portfolio_rows(bencher: Bencher, n: usize) {
    let (_keep, path) = portfolio(n);
    let a = args(vec![path.to_string_lossy().into_owned()]);
    bencher.bench_local(|| csv(&a));
}

/// The floor `batch` is held against (issue #26: at most 4× it): the same portfolio read and the
/// same bytes written by hand on one thread, each row computed by the engine directly
/// (`benches/floor.rs`; `tests/floor.rs` proves the bytes are `batch`'s).
#[divan::bench(args = [100_000], sample_count = 3, sample_size = 1)]
fn portfolio_rows_floor(bencher: Bencher, n: usize) {
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let text = floor::portfolio(n);
    let mut out = Vec::with_capacity(n * 200);
    bencher.bench_local(|| {
        out.clear();
        floor::floor(&text, "p.csv", &registry, &mut out);
        std::io::Write::write_all(&mut std::io::sink(), &out).unwrap();
    });
}

/// `risk`: 10 000 draws of one CPTS whose accès aux soins is a range (the target is
/// 10 000 draws over 1 000 CPTS in under 10 s, that is under 10 ms a CPTS).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn risk_ten_thousand_draws(bencher: Bencher) {
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let file = aci_cpts::input::read_source(
        aci_cpts::catalog::Lang::En,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/valid/ranges.toml"
        ),
    )
    .unwrap();
    let loaded =
        aci_cpts::input::scenario::load(aci_cpts::catalog::Lang::En, &file, &registry, None)
            .unwrap();
    bencher.bench_local(|| {
        aci_cpts::engine::risk::draws(&loaded.scenario, loaded.versions, None, 10_000, 7).unwrap()
    });
}
