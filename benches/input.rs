//! Reading hostile inputs at scale, through the same reader as every command
//! (`input::scenario::load`): a scenario of 100 000 communes (every commune of the data, pasted
//! until there are 100 000: duplicates found in linear time and reported in at most 100
//! problems) must be read in well under a second (issue #25 measured 49,7 s for 50 000 before).
//! Run with `cargo bench --bench input`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use aci_cpts::input::diagnostic::SourceFile;
use divan::{AllocProfiler, Bencher};

#[global_allocator]
static ALLOC: AllocProfiler<mimalloc::MiMalloc> = AllocProfiler::new(mimalloc::MiMalloc);

fn main() {
    divan::main();
}

/// A scenario whose `communes` lists `n` codes, the data's own, repeated.
fn scenario(n: usize) -> SourceFile {
    let codes: Vec<String> = aci_cpts::input::territory::entries()
        .unwrap()
        .iter()
        .map(|e| format!("\"{}\"", e.code))
        .collect();
    let list: Vec<&str> = codes.iter().cycle().take(n).map(String::as_str).collect();
    SourceFile {
        name: "communes.toml".into(),
        text: format!(
            "name = \"x\"\nmembers = 10\nsigned = 2024-01-01\ncommunes = [{}]\n\
             [missions.parcours]\nachievement = 1\n",
            list.join(", ")
        )
        .into(),
    }
}

#[divan::bench(args = [10_000, 100_000], sample_count = 5)]
fn communes(bencher: Bencher, n: usize) {
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let file = scenario(n);
    bencher.bench_local(|| {
        let read =
            aci_cpts::input::scenario::load(aci_cpts::catalog::Lang::En, &file, &registry, None);
        // The first 10 000 codes are all real and distinct; 100 000 repeat them.
        divan::black_box(read.is_ok())
    });
}
