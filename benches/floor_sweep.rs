//! The floor of an achievement sweep, `sweep --vary achievement=0:1:0.000001 --format csv`: the
//! same bytes written by hand, in integers. The contract year is computed once by the engine at
//! full achievement (`engine::simulate`), which gives each volet variable's envelope for the year
//! and the lines an achievement does not change; each point then earns, per volet variable,
//! `envelope × achievement` rounded to the cent (half away from zero, as every line is), in
//! integer cents, and its row is written digit by digit. No decimal, no plan of the year, no
//! cells, no cliffs, no formatter: what the sweep is measured against (issue #26).
//! `tests/floor.rs` proves that it writes the sweep's bytes.

use aci_cpts::engine;
use aci_cpts::model::scenario::Scenario;
use aci_cpts::model::tariff::{Part, Registry};

/// The header `sweep --vary achievement --format csv` writes.
pub const HEADER: &str =
    "achievement,tariff,band,fonctionnement,fixed,variable_earned,crisis,uplift,total,cliff,jump\n";

/// Writes an amount in cents as `1234.56`.
fn cents(out: &mut Vec<u8>, c: i64) {
    let mut digits = itoa::Buffer::new();
    let text = digits.format(c.unsigned_abs() / 100);
    if c < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(text.as_bytes());
    let rest = c.unsigned_abs() % 100;
    out.extend_from_slice(&[b'.', b'0' + (rest / 10) as u8, b'0' + (rest % 10) as u8]);
}

/// Writes the sweep of `scenario`'s achievement from 0 to 1 in steps of `10^-digits`.
/// The scenario's every mission runs for the whole year and has no uplift (as the example
/// `t3-year5.toml`): the floor says so rather than compute what it does not.
pub fn floor(scenario: &Scenario, digits: u32, registry: &Registry, out: &mut Vec<u8>) {
    let versions = registry.versions_of(scenario).expect("a version in force");
    let sim = engine::simulate(scenario, versions).expect("computed");
    assert!(
        sim.uplift_threshold
            .is_none_or(|above| scenario.members <= above),
        "the floor computes no uplift"
    );
    let c = |m: aci_cpts::model::money::Money| m.cents().expect("cents");
    let envelopes: Vec<i64> = sim
        .lines
        .iter()
        .filter(|l| l.part == Part::Variable)
        .map(|l| {
            assert!(
                l.prorata.is_full() && l.indicators.is_empty(),
                "a whole year"
            );
            c(l.at_full_achievement)
        })
        .collect();
    let t = &sim.totals;
    let (fixed_parts, crisis) = (c(t.fonctionnement) + c(t.fixed) + c(t.crisis), c(t.crisis));
    // What does not change from point to point, written once.
    let mut head = Vec::new();
    head.push(b',');
    head.extend_from_slice(sim.tariff.as_bytes());
    head.push(b',');
    head.extend_from_slice(sim.band.id.as_bytes());
    for part in [t.fonctionnement, t.fixed] {
        head.push(b',');
        cents(&mut head, c(part));
    }
    head.push(b',');
    let mut tail = vec![b','];
    cents(&mut tail, crisis);
    tail.extend_from_slice(b",0.00,");
    out.extend_from_slice(HEADER.as_bytes());
    let one = 10i64.pow(digits);
    let mut fraction = [b'0'; 20];
    for k in 0..=one {
        // The achievement, `0.000123` or `1`, trailing zeros dropped.
        out.push(b'0' + u8::from(k == one));
        let mut f = k % one;
        if f != 0 {
            let mut width = digits as usize;
            while f % 10 == 0 {
                f /= 10;
                width -= 1;
            }
            for d in (0..width).rev() {
                fraction[d] = b'0' + (f % 10) as u8;
                f /= 10;
            }
            out.push(b'.');
            out.extend_from_slice(&fraction[..width]);
        }
        out.extend_from_slice(&head);
        let earned: i64 = envelopes.iter().map(|e| (e * k + one / 2) / one).sum();
        cents(out, earned);
        out.extend_from_slice(&tail);
        cents(out, fixed_parts + earned);
        out.extend_from_slice(b",,\n");
    }
}
