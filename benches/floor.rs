//! The floor of `batch --format csv` over a portfolio: the same CSV read and the same bytes
//! written by hand, on one thread, with nothing a batch does besides computing — no checks, no
//! scenario file values, no cells, no sums, no pipeline. Each row's scenario is built directly and
//! computed by the engine (`engine::simulate`, `cash::at_risk`): the floor is what the engine
//! itself costs with reading and writing at their cheapest, and `batch` is measured against it
//! (issue #26). It reads the portfolios `portfolio` makes (a plain `,` CSV, a contract year on
//! every row, no territory), and `tests/floor.rs` proves that it writes `batch`'s bytes.

use aci_cpts::engine::{self, cash};
use aci_cpts::model::money::Money;
use aci_cpts::model::scenario::{ByYear, MissionRun, Range, Scenario, VariableInput};
use aci_cpts::model::tariff::Registry;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The header `batch --format csv` writes.
pub const HEADER: &str = "name,source,band,tariff,population,members,contract_year,departement,\
region,fonctionnement,fixed,variable_earned,crisis,uplift,total,at_risk,warnings\n";

/// An achievement: `0.8`, `80%`, or a range `0.5/0.8/1`.
fn achievement(cell: &str) -> VariableInput {
    let one = |s: &str| {
        match s.strip_suffix('%') {
            Some(p) => Decimal::from_str(p).expect("a percentage") / Decimal::ONE_HUNDRED,
            None => Decimal::from_str(s).expect("a fraction"),
        }
        .normalize()
    };
    let mut parts = cell.split('/');
    let first = one(parts.next().expect("a value"));
    VariableInput::Achievement(match (parts.next(), parts.next()) {
        (Some(likely), Some(high)) => ByYear::ranged(Range {
            low: first,
            likely: one(likely),
            high: one(high),
        }),
        _ => ByYear::single(first),
    })
}

/// Writes `batch --format csv`'s bytes for the portfolio `text`, named `name`.
pub fn floor(text: &str, name: &str, registry: &Registry, out: &mut Vec<u8>) {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    out.extend_from_slice(HEADER.as_bytes());
    let mut cell = String::new();
    for (i, line) in lines.enumerate() {
        let mut s = Scenario {
            name: String::new(),
            population: 0,
            members: 0,
            signed: NaiveDate::MIN,
            contract_year: 1,
            tariff: None,
            tariff_from_command: false,
            crisis_years: Vec::new(),
            renewed: false,
            missions: Vec::new(),
            territory: None,
        };
        let mut crisis = false;
        for (h, v) in header.iter().zip(line.split(',')) {
            if v.is_empty() {
                continue;
            }
            match *h {
                "name" => s.name = v.to_string(),
                "population" => s.population = v.parse().expect("a population"),
                "members" => s.members = v.parse().expect("members"),
                "signed" => s.signed = v.parse().expect("a date"),
                "contract_year" => s.contract_year = v.parse().expect("a year"),
                "crisis_recognised" => crisis = v == "oui",
                "crises_sanitaires" => s.missions.push(MissionRun {
                    id: (*h).to_string(),
                    started: None,
                    variable: None,
                }),
                mission => match mission.strip_suffix(".started") {
                    Some(m) => {
                        let started = Some(v.parse().expect("a date"));
                        match s.missions.iter_mut().find(|r| r.id == m) {
                            Some(run) => run.started = started,
                            None => s.missions.push(MissionRun {
                                id: m.to_string(),
                                started,
                                variable: None,
                            }),
                        }
                    }
                    None => s.missions.push(MissionRun {
                        id: mission.to_string(),
                        started: None,
                        variable: Some(achievement(v)),
                    }),
                },
            }
        }
        if crisis {
            s.crisis_years.push(s.contract_year);
        }
        let versions = registry.versions_of(&s).expect("a version in force");
        let sim = engine::simulate(&s, versions).expect("computed");
        let at_risk = cash::at_risk(&sim, versions.table).expect("in range");
        cell.clear();
        cell.push_str(&s.name);
        cell.push(',');
        cell.push_str(name);
        cell.push(':');
        cell.push_str(itoa::Buffer::new().format(i + 2));
        for text in [",", &sim.band.id, ",", &sim.tariff, ","] {
            cell.push_str(text);
        }
        cell.push_str(itoa::Buffer::new().format(s.population));
        cell.push(',');
        cell.push_str(itoa::Buffer::new().format(s.members));
        cell.push(',');
        cell.push_str(itoa::Buffer::new().format(s.contract_year));
        cell.push_str(",,");
        let t = &sim.totals;
        let amounts: [Money; 7] = [
            t.fonctionnement,
            t.fixed,
            t.variable_earned,
            t.crisis,
            t.uplift,
            t.total,
            at_risk,
        ];
        for m in amounts {
            cell.push(',');
            m.write_plain(&mut cell);
        }
        cell.push(',');
        for (n, w) in sim.warnings.iter().enumerate() {
            if n > 0 {
                cell.push(' ');
            }
            cell.push_str(w.code().as_str());
        }
        cell.push('\n');
        out.extend_from_slice(cell.as_bytes());
    }
}

/// A portfolio of `n` different CPTS: the region's rows (`examples/region/portfolio.csv`) for
/// their missions, each with its own name, population, members, signature and contract year.
pub fn portfolio(n: usize) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/region/portfolio.csv"
    ))
    .expect("the region's portfolio");
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(n * 100);
    out.push_str(lines[0]);
    out.push('\n');
    // A small generator of its own: the same portfolio on every machine.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |below: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % below
    };
    for i in 0..n {
        let row = lines[1 + i % (lines.len() - 1)];
        let cells: Vec<&str> = row.split(',').collect();
        let population = 5_000 + next(395_000);
        let members = 10 + next(290);
        let signed = format!("{}-{:02}-{:02}", 2020 + next(5), 1 + next(12), 1 + next(28));
        let year = 1 + next(5);
        out.push_str(&format!(
            "CPTS {i:07},{population},{members},{signed},{year},{}\n",
            cells[5..].join(",")
        ));
    }
    out
}
