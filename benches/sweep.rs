//! Sweep speed and memory: one million points, streamed in every format, through the same code
//! as `aci-cpts sweep` (`app::sweep::write`). Memory must not grow with the number of points: the
//! `max alloc` column of divan's allocation profiler stays within a few hundred kilobytes for
//! 1 000 and 1 000 000 points in every format (a long CSV sweep adds the points its two threads
//! hand over). Run with `cargo bench`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use aci_cpts::engine::sweep::Vary;
use aci_cpts::input::vary::parse_vary;
use aci_cpts::model::scenario::Scenario;
use aci_cpts::model::tariff::Registry;
use aci_cpts::render::Format;
use divan::{AllocProfiler, Bencher};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

fn setup() -> (Registry, Scenario) {
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).expect("shipped tables");
    let file = aci_cpts::input::read_source(
        aci_cpts::catalog::Lang::En,
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/t3-year5.toml"),
    )
    .expect("example");
    let scenario =
        aci_cpts::input::scenario::load(aci_cpts::catalog::Lang::En, &file, &registry, None)
            .expect("valid")
            .scenario;
    (registry, scenario)
}

fn run(format: Format, vary: &Vary, registry: &Registry, scenario: &Scenario) {
    let mut s = scenario.clone();
    aci_cpts::app::sweep::write(
        (aci_cpts::catalog::Lang::En, format),
        (std::io::sink(), std::io::sink()),
        &mut s,
        (registry, None),
        std::slice::from_ref(vary),
        Vec::new(),
        |_| {},
    )
    .expect("runs");
}

const FORMATS: [Format; 5] = [
    Format::Csv,
    Format::CsvExcelFr,
    Format::Json,
    Format::Table,
    Format::Markdown,
];

/// A population sweep of `n` points (crossing the three band edges), in each format.
#[divan::bench(args = [1_000, 1_000_000], consts = [0, 1, 2, 3, 4], sample_count = 3, sample_size = 1)]
fn sweep_population<const F: usize>(bencher: Bencher, n: u64) {
    let (registry, scenario) = setup();
    let vary =
        parse_vary(aci_cpts::catalog::Lang::En, &format!("population=1:{n}:1")).expect("valid");
    bencher.bench_local(|| run(FORMATS[F], &vary, &registry, &scenario));
}

/// A population sweep of `n` points as CSV with its chart drawn (`sweep --chart`): the points
/// are thinned to what the plot's columns show, so memory stays that of the sweep without a
/// chart and the time under twice it.
#[divan::bench(args = [1_000, 1_000_000], sample_count = 3, sample_size = 1)]
fn sweep_population_chart(bencher: Bencher, n: u64) {
    use aci_cpts::render::chart::{Chart, Thin, XFormat};
    let (registry, scenario) = setup();
    let vary =
        parse_vary(aci_cpts::catalog::Lang::En, &format!("population=1:{n}:1")).expect("valid");
    bencher.bench_local(|| {
        let mut chart = Chart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            x_format: XFormat::Integer,
            xs: Vec::new(),
            x_ticks: Vec::new(),
            series: aci_cpts::app::sweep::chart_series(aci_cpts::catalog::Lang::En),
            markers: Vec::new(),
            bars: false,
        };
        let mut thin = Thin::between(1.0, n as f64);
        let mut s = scenario.clone();
        aci_cpts::app::sweep::write(
            (aci_cpts::catalog::Lang::En, Format::Csv),
            (std::io::sink(), std::io::sink()),
            &mut s,
            (&registry, None),
            std::slice::from_ref(&vary),
            Vec::new(),
            |p| {
                aci_cpts::app::sweep::chart_point(
                    aci_cpts::catalog::Lang::En,
                    &mut thin,
                    &mut chart,
                    p,
                )
            },
        )
        .expect("runs");
        thin.flush(&mut chart);
        divan::black_box(aci_cpts::render::chart::render(&chart))
    });
}

/// An achievement sweep (every volet variable recomputed at each point), as JSON.
#[divan::bench(args = [1_000, 1_000_000], sample_count = 3, sample_size = 1)]
fn sweep_achievement_json(bencher: Bencher, n: u64) {
    let (registry, scenario) = setup();
    let step = rust_decimal::Decimal::ONE / rust_decimal::Decimal::from(n - 1);
    let vary = parse_vary(
        aci_cpts::catalog::Lang::En,
        &format!(
            "achievement=0:1:{}",
            step.round_dp_with_strategy(12, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        ),
    )
    .expect("valid");
    bencher.bench_local(|| run(Format::Json, &vary, &registry, &scenario));
}

mod floor_sweep;

/// The achievement from 0 to 1 in steps of `10^-digits`.
fn steps(digits: u32) -> Vary {
    let step = rust_decimal::Decimal::new(1, digits);
    parse_vary(
        aci_cpts::catalog::Lang::En,
        &format!("achievement=0:1:{step}"),
    )
    .expect("valid")
}

/// An achievement sweep in steps of `10^-digits` (`achievement=0:1:0.000001` for six), as CSV:
/// what [`floor_sweep::floor`] writes by hand, for the ratio of the two (issue #26: at most 3×).
#[divan::bench(args = [3, 6], sample_count = 5, sample_size = 1)]
fn sweep_achievement_csv(bencher: Bencher, digits: u32) {
    let (registry, scenario) = setup();
    let vary = steps(digits);
    bencher.bench_local(|| run(Format::Csv, &vary, &registry, &scenario));
}

/// The points of [`sweep_achievement_csv`] as JSON: the ratio of the two formats on the same
/// points (issue #26: JSON at most 1,5× CSV).
#[divan::bench(args = [3, 6], sample_count = 5, sample_size = 1)]
fn sweep_achievement_json_steps(bencher: Bencher, digits: u32) {
    let (registry, scenario) = setup();
    let vary = steps(digits);
    bencher.bench_local(|| run(Format::Json, &vary, &registry, &scenario));
}

/// The hand-written floor of [`sweep_achievement_csv`], its bytes in memory (`tests/floor.rs`
/// proves they are the sweep's).
#[divan::bench(args = [3, 6], sample_count = 5, sample_size = 1)]
fn sweep_achievement_csv_floor(bencher: Bencher, digits: u32) {
    let (registry, scenario) = setup();
    let mut out = Vec::new();
    bencher.bench_local(|| {
        out.clear();
        floor_sweep::floor(&scenario, digits, &registry, &mut out);
        divan::black_box(out.len())
    });
}

/// One evaluation of the whole engine, totals only: the reference every fast path equals.
#[divan::bench]
fn engine_totals_one_point(bencher: Bencher) {
    let (registry, scenario) = setup();
    let table = registry.get("aci-avenant-2").expect("shipped");
    bencher.bench_local(|| {
        aci_cpts::engine::totals(divan::black_box(&scenario), table).expect("computes")
    });
}

/// One evaluation of a contract year decided before and kept (what a sweep does at a point whose
/// year it has seen, its inputs read again in full): two years alternate in the years kept.
#[divan::bench]
fn engine_year_one_point(bencher: Bencher) {
    let (registry, scenario) = setup();
    let table = registry.get("aci-avenant-2").expect("shipped");
    let mut other = scenario.clone();
    other.contract_year += 1;
    let mut years = aci_cpts::engine::Years::new(aci_cpts::engine::Reuse::default());
    let mut flip = false;
    bencher.bench_local(|| {
        flip = !flip;
        let s = if flip { &scenario } else { &other };
        years
            .totals(divan::black_box(s), table.into())
            .expect("computes")
    });
}

/// The engine alone over a sweep (no output): how many points have a positive total.
fn engine_only(bencher: Bencher, vary: &Vary) {
    let (registry, scenario) = setup();
    bencher.bench_local(|| {
        let mut s = scenario.clone();
        let mut count = 0u64;
        aci_cpts::engine::sweep::run(&mut s, &registry, None, std::slice::from_ref(vary), |p| {
            count +=
                u64::from(divan::black_box(p.totals.total) > aci_cpts::model::money::Money::ZERO);
            Ok(())
        })
        .expect("runs");
        count
    });
}

/// The engine alone over a million-point population sweep (no output): what one contract-year
/// evaluation costs in a sweep, band totals reused along the range.
#[divan::bench(args = [1_000_000], sample_count = 3, sample_size = 1)]
fn engine_sweep_population(bencher: Bencher, n: u64) {
    engine_only(
        bencher,
        &parse_vary(aci_cpts::catalog::Lang::En, &format!("population=1:{n}:1")).expect("valid"),
    );
}

/// The engine alone over a million-point achievement sweep (no output): every point computes
/// its volets variables and the uplift again, the other lines taken from a plan of the year.
#[divan::bench(args = [1_000_000], sample_count = 3, sample_size = 1)]
fn engine_sweep_achievement(bencher: Bencher, n: u64) {
    // Steps of a millionth: 0 %, 0,0001 %, … 99,9999 %.
    let last = rust_decimal::Decimal::new(i64::try_from(n).expect("fits") - 1, 6);
    engine_only(
        bencher,
        &parse_vary(
            aci_cpts::catalog::Lang::En,
            &format!("achievement=0:{last}:0.000001"),
        )
        .expect("valid"),
    );
}

/// One contract year decided once, evaluated again: its volets variables and uplift computed.
#[divan::bench]
fn engine_plan_one_point(bencher: Bencher) {
    let (registry, scenario) = setup();
    let table = registry.get("aci-avenant-2").expect("shipped");
    let year = aci_cpts::engine::Year::of(&scenario, table.into()).expect("decides");
    bencher.bench_local(|| {
        year.evaluate(divan::black_box(&scenario), &mut aci_cpts::engine::Discard)
            .expect("computes")
    });
}

/// One contract year with every line kept and its warnings: what `simulate` and each row of
/// `batch` compute (a row also sums its lines by key and reads its input).
#[divan::bench]
fn engine_simulate_one_point(bencher: Bencher) {
    let (registry, scenario) = setup();
    let table = registry.get("aci-avenant-2").expect("shipped");
    bencher.bench_local(|| {
        aci_cpts::engine::simulate(divan::black_box(&scenario), table).expect("computes")
    });
}

/// The whole path of one `simulate`, in the process: read the example, check it, compute, and
/// write its table (the shipped tables already read, as a long-lived process would have them).
#[divan::bench(sample_count = 50)]
fn simulate_one_example(bencher: Bencher) {
    let (registry, _) = setup();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/t3-year5.toml");
    bencher.bench_local(|| {
        let file =
            aci_cpts::input::read_source(aci_cpts::catalog::Lang::En, path).expect("example");
        let loaded =
            aci_cpts::input::scenario::load(aci_cpts::catalog::Lang::En, &file, &registry, None)
                .expect("valid");
        let sim = aci_cpts::engine::simulate(&loaded.scenario, loaded.versions).expect("computes");
        let doc =
            aci_cpts::report::simulation::document(aci_cpts::catalog::Lang::En, &sim, false, false);
        aci_cpts::render::document(
            aci_cpts::catalog::Lang::En,
            Format::Table,
            std::io::sink(),
            std::io::sink(),
            &doc,
        )
        .expect("writes")
    });
}

/// Reading the shipped tariff tables, as every run does at start-up.
#[divan::bench(sample_count = 50)]
fn shipped_tables_read(bencher: Bencher) {
    bencher.bench_local(|| {
        aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).expect("shipped tables")
    });
}
