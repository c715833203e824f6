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
    let registry = aci_cpts::shipped_registry().unwrap();
    let mut floor = Vec::new();
    shared::floor(&text, "p.csv", &registry, &mut floor);
    assert_eq!(String::from_utf8_lossy(&floor).lines().count(), 3_001);
    // Line by line first, to say where they part.
    for (n, (a, b)) in String::from_utf8_lossy(&out.stdout)
        .lines()
        .zip(String::from_utf8_lossy(&floor).lines())
        .enumerate()
    {
        assert_eq!(a, b, "line {}", n + 1);
    }
    assert_eq!(out.stdout, floor);
}
