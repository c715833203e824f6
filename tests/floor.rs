//! The hand-written floor that `batch` is measured against (`benches/floor.rs`, issue #26)
//! writes the very bytes `batch --format csv` writes, on a portfolio of different CPTS: the
//! speed figures compare the same work.

#[path = "../benches/floor.rs"]
mod shared;

#[test]
fn the_floor_writes_the_bytes_batch_writes() {
    let dir = tempfile::tempdir().unwrap();
    let text = shared::portfolio(3_000);
    std::fs::write(dir.path().join("p.csv"), &text).unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("aci-cpts"))
        .current_dir(dir.path())
        .args(["batch", "p.csv", "--format", "csv"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let mut floor = Vec::new();
    shared::floor(&text, "p.csv", &registry, &mut floor);
    same_bytes(&out.stdout, &floor, 3_001);
}

/// The command's bytes are the floor's, which has `lines` lines: said line by line first, to
/// show where they part.
fn same_bytes(written: &[u8], floor: &[u8], lines: usize) {
    assert_eq!(String::from_utf8_lossy(floor).lines().count(), lines);
    for (n, (a, b)) in String::from_utf8_lossy(written)
        .lines()
        .zip(String::from_utf8_lossy(floor).lines())
        .enumerate()
    {
        assert_eq!(a, b, "line {}", n + 1);
    }
    assert_eq!(written, floor);
}

#[path = "../benches/floor_sweep.rs"]
mod sweep_floor;

/// The floor of an achievement sweep (`benches/floor_sweep.rs`) writes the sweep's bytes, in
/// steps of 0,001 % so that half cents are rounded.
#[test]
fn the_sweep_floor_writes_the_bytes_an_achievement_sweep_writes() {
    let example = "examples/t3-year5.toml";
    let vary = "achievement=0:1:0.00001";
    let out = crate::common::bin()
        .args(["sweep", example, "--vary", vary, "--format", "csv"])
        .assert()
        .success();
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let path = crate::common::root().join(example);
    let file =
        aci_cpts::input::read_source(aci_cpts::catalog::Lang::En, path.to_str().unwrap()).unwrap();
    let scenario =
        aci_cpts::input::scenario::load(aci_cpts::catalog::Lang::En, &file, &registry, None)
            .unwrap()
            .scenario;
    let mut floor = Vec::new();
    sweep_floor::floor(&scenario, 5, &registry, &mut floor);
    same_bytes(&out.get_output().stdout, &floor, 100_002);
}
