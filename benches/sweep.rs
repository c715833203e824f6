//! Sweep speed and memory (issue #4): one million points must take well under a second on one
//! core, and a streamed output must not allocate per point. Run with `cargo bench`; the `alloc`
//! columns (divan's allocation profiler) show the same count for 1 000 and 1 000 000 points.

use aci_cpts::render::Format;
use aci_cpts::engine::sweep::{self, Vary};
use aci_cpts::model::scenario::Scenario;
use aci_cpts::model::tariff::Registry;
use aci_cpts::render::sweep::SweepWriter;
use divan::{AllocProfiler, Bencher};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

fn setup() -> (Registry, Scenario) {
    let registry = aci_cpts::shipped_registry().expect("shipped tables");
    let file = aci_cpts::input::read_source(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/t3-year5.toml"
    ))
    .expect("example");
    let scenario = aci_cpts::input::scenario::load(&file, &registry, None)
        .expect("valid")
        .scenario;
    (registry, scenario)
}

/// A population sweep of `n` points (crossing the three band edges), streamed as CSV.
#[divan::bench(args = [1_000, 1_000_000], sample_count = 5, sample_size = 1)]
fn sweep_population_streamed_csv(bencher: Bencher, n: u64) {
    let (registry, scenario) = setup();
    let vary = Vary::parse(&format!("population=1:{n}:1")).expect("valid");
    bencher.bench_local(|| {
        let mut s = scenario.clone();
        let mut w =
            SweepWriter::new(std::io::sink(), Format::Csv, vec![vary.param.name()]).expect("sink");
        sweep::run(&mut s, &registry, None, std::slice::from_ref(&vary), |p| {
            Ok(w.point(p)?)
        })
        .expect("runs");
        w.finish().expect("sink");
    });
}

/// An achievement sweep streamed as JSON Lines (every volet variable recomputed at each point).
#[divan::bench(args = [1_000, 1_000_000], sample_count = 5, sample_size = 1)]
fn sweep_achievement_streamed_json(bencher: Bencher, n: u64) {
    let (registry, scenario) = setup();
    let step = rust_decimal::Decimal::ONE / rust_decimal::Decimal::from(n - 1);
    let vary = Vary::parse(&format!("achievement=0:1:{}", step.round_dp(12))).expect("valid");
    bencher.bench_local(|| {
        let mut s = scenario.clone();
        let mut w =
            SweepWriter::new(std::io::sink(), Format::Json, vec![vary.param.name()]).expect("sink");
        sweep::run(&mut s, &registry, None, std::slice::from_ref(&vary), |p| {
            Ok(w.point(p)?)
        })
        .expect("runs");
        w.finish().expect("sink");
    });
}

/// One evaluation of the engine, totals only.
#[divan::bench]
fn engine_totals_one_point(bencher: Bencher) {
    let (registry, scenario) = setup();
    let table = registry.get("aci-avenant-2").expect("shipped");
    bencher.bench_local(|| {
        aci_cpts::engine::totals(divan::black_box(&scenario), table).expect("computes")
    });
}
