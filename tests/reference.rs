//! A slow reference, written straight from `../shared/reference/aci-cpts.md` (sections 3, 5 and 7)
//! with exact rationals and `rust_decimal`, and every path of the product compared with it to the
//! cent — `simulate` line by line, the totals alone, years kept for reuse, batch rows and sums,
//! every sweep point, risk's draws without uncertainty, the cash of each civil year — over
//! generated scenarios **and generated tables** (random bands, amounts, missions, uplift rules,
//! payment settings and versions, a newer one lending a mission the older lacks).
//!
//! Quick in `cargo test`; `ACI_CPTS_REFERENCE_CASES=100000 cargo test --release reference` for
//! the long run.

use aci_cpts::engine::{self, Part, cash, sweep};
use aci_cpts::model::calendar::ContractYear;
use aci_cpts::model::money::{Money, Rounding};
use aci_cpts::model::scenario::{
    ByYear, Direction, Indicator, MissionRun, Palier, Paliers, Range, Scenario, Scoring,
    VariableInput, Weight,
};
use aci_cpts::model::tariff::{
    Amount, Band, Evidence, FirstYear, Mission, MissionParts, PaymentRule, PerBand, Registry,
    TariffTable, Uplift, UpliftBase,
};
use chrono::{Datelike, Months, NaiveDate};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------------
// The reference: plain code from the reference text, no shortcut.

/// `value × days / of`, rounded to the cent half away from zero, exactly (i128 rationals).
fn round_prorated(value: Decimal, days: i64, of: i64) -> Decimal {
    let (m, scale) = (value.mantissa(), value.scale());
    let num = m * i128::from(days) * 100;
    let den = i128::from(of) * 10i128.pow(scale);
    let (q, r) = (num / den, num % den);
    let q = if 2 * r.abs() >= den {
        q + num.signum()
    } else {
        q
    };
    Decimal::from_i128_with_scale(q, 2)
}

fn round(value: Decimal) -> Decimal {
    round_prorated(value, 1, 1)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Section 5: the n-th anniversary; 29 February rolls to 28 February.
fn anniversary(signed: NaiveDate, n: u32) -> NaiveDate {
    let y = signed.year() + n as i32;
    NaiveDate::from_ymd_opt(y, signed.month(), signed.day()).unwrap_or_else(|| d(y, 2, 28))
}

/// One line of the reference: its mission (or none), part, and amount.
#[derive(Debug, Clone, PartialEq)]
struct RefLine {
    mission: Option<String>,
    part: Part,
    amount: Decimal,
    /// For fixed lines paid when the mission starts inside the year: that day.
    start: Option<NaiveDate>,
}

/// What the reference says of one contract year.
#[derive(Debug, Clone, PartialEq)]
struct RefYear {
    lines: Vec<RefLine>,
    total: Decimal,
    /// The table applied.
    table: String,
}

fn in_force(t: &TariffTable, day: NaiveDate) -> bool {
    day >= t.in_force_from && t.in_force_to.is_none_or(|to| day <= to)
}

/// Section 5: the version in force on a day (the latest to come into force).
fn version_on(tables: &[TariffTable], day: NaiveDate) -> Option<&TariffTable> {
    tables
        .iter()
        .filter(|t| in_force(t, day))
        .max_by_key(|t| t.in_force_from)
}

fn band_of(t: &TariffTable, population: u64) -> usize {
    t.bands
        .iter()
        .position(|b| population >= b.min && b.max.is_none_or(|m| population <= m))
        .expect("a band")
}

/// Section 3 and 5: contract year `n` of `s`.
fn reference_year(s: &Scenario, tables: &[TariffTable], n: u32) -> RefYear {
    let from = anniversary(s.signed, n - 1);
    let to = anniversary(s.signed, n).pred_opt().unwrap();
    let days = (to - from).num_days() + 1;
    let table = version_on(tables, from).expect("a version in force");
    if !s.renewed && n > 5 {
        return RefYear {
            lines: Vec::new(),
            total: Decimal::ZERO,
            table: table.id.clone(),
        };
    }
    let band = band_of(table, s.population);
    let mut lines = vec![RefLine {
        mission: None,
        part: Part::Fonctionnement,
        amount: round(table.fonctionnement.0[band].value.value()),
        start: None,
    }];
    // The share of the year from `start`: none before it, all of it when started by its first day.
    let prorate = |amount: Decimal, start: NaiveDate| -> (Decimal, Option<NaiveDate>) {
        if start <= from {
            (round(amount), None)
        } else if start > to {
            (Decimal::ZERO, Some(start))
        } else {
            (
                round_prorated(amount, (to - start).num_days() + 1, days),
                Some(start),
            )
        }
    };
    let crisis_now = s.crisis_years.contains(&n);
    let mut pay = |mission: &Mission, version: &TariffTable, start: NaiveDate, run: &MissionRun| {
        let band = band_of(version, s.population);
        let id = Some(mission.id.clone());
        match &mission.parts {
            MissionParts::Standard { fixed, variable } => {
                let (amount, at) = prorate(fixed.0[band].value.value(), start);
                lines.push(RefLine {
                    mission: id.clone(),
                    part: Part::Fixed,
                    amount,
                    start: at,
                });
                let envelope = variable.0[band].value.value();
                let earned = match &run.variable {
                    Some(VariableInput::Achievement(a)) => envelope * a.for_year(n),
                    Some(VariableInput::Indicators(list)) => {
                        // Section 6: an item pays its amount when met; paliers the largest
                        // amount among those whose threshold the value reaches (equal reaches);
                        // an estimate its worth times its achievement. Above the table's
                        // envelope, the envelope caps the sum.
                        let (mut contract, mut earned) = (Decimal::ZERO, Decimal::ZERO);
                        for i in list {
                            let (worth, got) = match &i.scoring {
                                Scoring::Estimate {
                                    weight,
                                    achievement,
                                } => {
                                    let worth = match weight {
                                        Weight::Amount(m) => m.value(),
                                        Weight::Share(x) => envelope * x,
                                    };
                                    (worth, worth * achievement.for_year(n))
                                }
                                Scoring::Item { amount, met } => (
                                    amount.value(),
                                    if met.for_year(n) == Decimal::ONE {
                                        amount.value()
                                    } else {
                                        Decimal::ZERO
                                    },
                                ),
                                Scoring::Paliers(p) => {
                                    let value = p.measured.for_year(n);
                                    let amounts = p.steps.iter().map(|s| s.amount.value());
                                    let reached = p
                                        .steps
                                        .iter()
                                        .filter(|s| match p.direction {
                                            Direction::AtLeast => value >= s.threshold,
                                            Direction::AtMost => value <= s.threshold,
                                        })
                                        .map(|s| s.amount.value());
                                    (
                                        amounts.max().unwrap_or_default(),
                                        reached.max().unwrap_or_default(),
                                    )
                                }
                            };
                            contract += worth;
                            earned += got;
                        }
                        if contract > envelope {
                            earned.min(envelope)
                        } else {
                            earned
                        }
                    }
                    None => Decimal::ZERO,
                };
                lines.push(RefLine {
                    mission: id,
                    part: Part::Variable,
                    amount: prorate(earned, start).0,
                    start: None,
                });
            }
            MissionParts::Crisis {
                plan,
                update,
                activation,
            } => {
                if start < from {
                    lines.push(RefLine {
                        mission: id.clone(),
                        part: Part::CrisisUpdate,
                        amount: round(update.0[band].value.value()),
                        start: None,
                    });
                } else {
                    let (amount, at) = prorate(plan.0[band].value.value(), start);
                    lines.push(RefLine {
                        mission: id.clone(),
                        part: Part::CrisisPlan,
                        amount,
                        start: at,
                    });
                }
                if crisis_now && start <= to {
                    lines.push(RefLine {
                        mission: id,
                        part: Part::CrisisActivation,
                        amount: round(activation.0[band].value.value()),
                        start: None,
                    });
                }
            }
        }
    };
    // The missions of the version, in its order; then those only the version in force on the
    // year's last day has, paid from its coming into force at the earliest.
    let start_of = |m: &Mission, run: &MissionRun| {
        let start = run.started.map_or(s.signed, |x| x.max(s.signed));
        m.introduced_on.map_or(start, |i| start.max(i))
    };
    let named = s.tariff.is_some();
    for m in &table.missions {
        if let Some(run) = s.missions.iter().find(|r| r.id == m.id) {
            pay(m, table, start_of(m, run), run);
        }
    }
    if !named && let Some(newer) = version_on(tables, to).filter(|t| t.id != table.id) {
        for m in &newer.missions {
            if table.missions.iter().any(|o| o.id == m.id) {
                continue;
            }
            if let Some(run) = s.missions.iter().find(|r| r.id == m.id) {
                pay(m, newer, start_of(m, run).max(newer.in_force_from), run);
            }
        }
    }
    // Section 3.5: the uplift on the mission remuneration, above the threshold.
    if let Some(u) = &table.uplift
        && s.members > u.members_above
    {
        let base: Decimal = lines
            .iter()
            .filter(|l| l.part != Part::Fonctionnement)
            .map(|l| l.amount)
            .sum();
        lines.push(RefLine {
            mission: None,
            part: Part::Uplift,
            amount: round(base * u.rate),
            start: None,
        });
    }
    let total = lines.iter().map(|l| l.amount).sum();
    RefYear {
        lines,
        total,
        table: table.id.clone(),
    }
}

/// Section 7: what lands in civil year `year`, over the whole contract.
fn reference_cash(s: &Scenario, tables: &[TariffTable], year: i32) -> Decimal {
    let mut sum = Decimal::ZERO;
    let last = if s.renewed { 60 } else { 5 };
    for n in 1..=last {
        let from = anniversary(s.signed, n - 1);
        if from.year() > year + 1 {
            break;
        }
        let closing = anniversary(s.signed, n);
        let table = version_on(tables, from).expect("a version");
        let rule = table.payments.as_ref().expect("a payment rule");
        let results = closing
            .checked_add_months(Months::new(rule.variable_delay_months))
            .unwrap();
        let mut s_n = s.clone();
        s_n.contract_year = n;
        let y = reference_year(&s_n, tables, n);
        let mut paid = |day: NaiveDate, amount: Decimal| {
            if day.year() == year {
                sum += amount;
            }
        };
        let mut results_base = Decimal::ZERO;
        for l in &y.lines {
            match l.part {
                Part::Fonctionnement
                    if n == 1 && rule.fonctionnement_first_year == FirstYear::InFullAtSignature =>
                {
                    paid(from, l.amount)
                }
                Part::Fonctionnement | Part::Fixed | Part::CrisisPlan | Part::CrisisUpdate => {
                    let advance = round(l.amount * rule.fixed_advance);
                    paid(l.start.unwrap_or(from), advance);
                    paid(closing, l.amount - advance);
                }
                Part::Variable | Part::CrisisActivation => {
                    results_base += l.amount;
                    paid(results, l.amount);
                }
                Part::Uplift => {
                    let rate = table.uplift.as_ref().map_or(Decimal::ZERO, |u| u.rate);
                    let on_results = round(results_base * rate).min(l.amount);
                    paid(results, on_results);
                    paid(closing, l.amount - on_results);
                }
            }
        }
    }
    sum
}

// ---------------------------------------------------------------------------------------------
// Generated tables and scenarios.

const STANDARD: [&str; 4] = ["acces", "parcours", "prevention", "qualite"];

fn amount(rng: &mut StdRng) -> Amount {
    // Mostly whole cents; sometimes a third decimal (a draft's 1 234,565 €), or zero.
    let value = match rng.random_range(0..10) {
        0 => Decimal::new(rng.random_range(0..100_000_000), 3),
        1 => Decimal::ZERO,
        _ => Decimal::new(rng.random_range(0..20_000_000), 2),
    };
    Amount {
        value: Money::new(value),
        evidence: Evidence::Estimate,
        source: None,
        note: None,
    }
}

fn per_band(rng: &mut StdRng, bands: usize) -> PerBand {
    PerBand((0..bands).map(|_| amount(rng)).collect())
}

fn bands(rng: &mut StdRng) -> Vec<Band> {
    let n = rng.random_range(1..=5);
    let mut bounds: Vec<u64> = (1..n).map(|_| rng.random_range(2..400_000)).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut out = Vec::new();
    let mut min = 1;
    for (i, b) in bounds.iter().enumerate() {
        out.push(Band {
            id: format!("B{i}"),
            label: String::new(),
            min,
            max: Some(*b - 1),
        });
        min = *b;
    }
    out.push(Band {
        id: format!("B{}", bounds.len()),
        label: String::new(),
        min,
        max: None,
    });
    out
}

fn table(
    rng: &mut StdRng,
    id: &str,
    from: NaiveDate,
    to: Option<NaiveDate>,
    crisis: bool,
) -> TariffTable {
    let bands = bands(rng);
    let n = bands.len();
    let mut missions: Vec<Mission> = STANDARD
        .iter()
        .map(|m| Mission {
            id: (*m).to_string(),
            label: (*m).to_string(),
            socle: false,
            start_within_months: None,
            deployed_within_months: None,
            introduced_on: None,
            parts: MissionParts::Standard {
                fixed: per_band(rng, n),
                variable: per_band(rng, n),
            },
        })
        .collect();
    if crisis {
        missions.insert(
            rng.random_range(0..=missions.len()),
            Mission {
                id: "crise".into(),
                label: "crise".into(),
                socle: false,
                start_within_months: None,
                deployed_within_months: None,
                introduced_on: rng.random_bool(0.5).then_some(from),
                parts: MissionParts::Crisis {
                    plan: per_band(rng, n),
                    update: per_band(rng, n),
                    activation: per_band(rng, n),
                },
            },
        );
    }
    TariffTable {
        id: id.into(),
        title: id.into(),
        legal_reference: String::new(),
        signed: None,
        in_force_from: from,
        in_force_to: to,
        checked_on: d(2030, 1, 1),
        rounding: Rounding::CentHalfAwayFromZero,
        note: None,
        sources: Default::default(),
        sources_fr: Default::default(),
        fonctionnement_label: "fonctionnement".into(),
        fonctionnement: per_band(rng, n),
        bands,
        missions,
        uplift: rng.random_bool(0.7).then(|| Uplift {
            label: "majoration".into(),
            members_above: rng.random_range(0..150),
            rate: Decimal::new(rng.random_range(0..300), 3),
            base: UpliftBase::Missions,
            evidence: Evidence::Brief,
            source: None,
        }),
        payments: Some(PaymentRule {
            fonctionnement_first_year: if rng.random_bool(0.5) {
                FirstYear::InFullAtSignature
            } else {
                FirstYear::LikeVoletsFixes
            },
            fixed_advance: Decimal::new(rng.random_range(0..=100), 2),
            variable_delay_months: rng.random_range(0..7),
            evidence: Evidence::Official,
            source: None,
        }),
        extends: None,
        notices: Vec::new(),
        cross_checks: Default::default(),
    }
}

/// Two versions: the first from 2019-08-25, the second from a random day, sometimes with a
/// crisis mission the first lacks.
fn tables(rng: &mut StdRng) -> Vec<TariffTable> {
    let first = d(2019, 8, 25);
    let second = first + chrono::Duration::days(rng.random_range(200..1_500));
    let lends = rng.random_bool(0.7);
    let (old_crisis, new_crisis) = (
        !lends && rng.random_bool(0.5),
        lends || rng.random_bool(0.5),
    );
    vec![
        table(rng, "v1", first, second.pred_opt(), old_crisis),
        table(rng, "v2", second, None, new_crisis),
    ]
}

fn fraction(rng: &mut StdRng) -> Decimal {
    match rng.random_range(0..4) {
        0 => Decimal::ONE,
        1 => Decimal::ZERO,
        _ => Decimal::new(rng.random_range(0..=1_000_000), 6).normalize(),
    }
}

/// An indicator of any kind: an estimate (amount or share), an item, paliers either way.
fn indicator(rng: &mut StdRng) -> Scoring {
    let amount = |rng: &mut StdRng| Money::new(Decimal::new(rng.random_range(0..2_500_000), 2));
    match rng.random_range(0..4) {
        0 => Scoring::Estimate {
            weight: if rng.random_bool(0.5) {
                Weight::Amount(amount(rng))
            } else {
                Weight::Share(Decimal::new(rng.random_range(0..=3_000), 4))
            },
            achievement: ByYear::single(fraction(rng)),
        },
        1 => Scoring::Item {
            amount: amount(rng),
            met: ByYear::new(
                (0..rng.random_range(1..4))
                    .map(|_| Decimal::from(u8::from(rng.random_bool(0.5))))
                    .collect(),
            )
            .unwrap(),
        },
        _ => {
            let direction = if rng.random_bool(0.5) {
                Direction::AtLeast
            } else {
                Direction::AtMost
            };
            let n = rng.random_range(1..5);
            let mut threshold = Decimal::new(rng.random_range(0..500), 0);
            let mut pays = Decimal::ZERO;
            let mut steps = Vec::new();
            for _ in 0..n {
                let step = Decimal::new(rng.random_range(1..100), 0);
                threshold = match direction {
                    Direction::AtLeast => threshold + step,
                    Direction::AtMost => threshold - step,
                };
                pays += Decimal::new(rng.random_range(1..1_000_000), 2);
                steps.push(Palier {
                    threshold,
                    amount: Money::new(pays),
                });
            }
            // Measured on, around and between the thresholds.
            let measured = match rng.random_range(0..3) {
                0 => steps[rng.random_range(0..n)].threshold,
                1 => {
                    steps[rng.random_range(0..n)].threshold
                        + Decimal::new(rng.random_range(-1..=1), 0)
                }
                _ => Decimal::new(rng.random_range(-200..800), 0).max(Decimal::ZERO),
            };
            Scoring::Paliers(Paliers {
                direction,
                steps,
                measured: ByYear::single(measured),
                percent: false,
            })
        }
    }
}

fn scenario(rng: &mut StdRng) -> Scenario {
    let signed = d(2019, 8, 25) + chrono::Duration::days(rng.random_range(0..2_500));
    let ids: Vec<&str> = STANDARD.iter().copied().chain(["crise"]).collect();
    let mut missions = Vec::new();
    for id in ids {
        if rng.random_bool(0.25) {
            continue;
        }
        let variable = (id != "crise").then(|| match rng.random_range(0..5) {
            0 => VariableInput::Indicators(
                (0..rng.random_range(1..4))
                    .map(|i| Indicator {
                        id: None,
                        name: format!("i{i}"),
                        scoring: indicator(rng),
                    })
                    .collect(),
            ),
            1 => VariableInput::Achievement(
                ByYear::new((0..rng.random_range(1..5)).map(|_| fraction(rng)).collect()).unwrap(),
            ),
            _ => VariableInput::Achievement(ByYear::single(fraction(rng))),
        });
        missions.push(MissionRun {
            id: id.to_string(),
            started: rng
                .random_bool(0.6)
                .then(|| signed + chrono::Duration::days(rng.random_range(-60..1_400))),
            variable,
        });
    }
    if rng.random_bool(0.3) {
        missions.reverse();
    }
    Scenario {
        name: "generated".into(),
        population: rng.random_range(1..500_000),
        members: rng.random_range(0..200),
        signed,
        contract_year: rng.random_range(1..9),
        tariff: None,
        tariff_from_command: false,
        renewed: rng.random_bool(0.3),
        crisis_years: (1..9).filter(|_| rng.random_bool(0.3)).collect(),
        missions,
        territory: None,
    }
}

fn cases() -> u64 {
    std::env::var("ACI_CPTS_REFERENCE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

fn key(mission: Option<&str>, part: Part) -> String {
    engine::batch::line_key(mission, part)
}

// ---------------------------------------------------------------------------------------------
// Every path against the reference.

/// What a generated case exercised, counted so that the test cannot pass on trivial cases.
#[derive(Default, Debug)]
struct Seen {
    lent: u32,
    prorated: u32,
    ended: u32,
    renewed_late: u32,
    indicators: u32,
    three_decimals: u32,
    uplift: u32,
    activation: u32,
    cash: u32,
}

/// One generated case: every path of the product against the reference.
fn check_case(seed: u64, seen: &mut Seen) {
    let mut rng = StdRng::seed_from_u64(seed);
    let tables = tables(&mut rng);
    let registry = Registry::new(tables.clone());
    let s = scenario(&mut rng);
    let n = s.contract_year;
    let year = ContractYear::of(s.signed, n).unwrap();
    let versions = registry.versions(&year, &s.missions).unwrap();
    let expected = reference_year(&s, &tables, n);
    let at = format!("seed {seed}, {s:?}");

    // simulate, line by line.
    let sim = engine::simulate(&s, versions).unwrap_or_else(|e| panic!("{e:?} at {at}"));
    assert_eq!(sim.tariff, expected.table, "{at}");
    let got: Vec<(String, Decimal)> = sim
        .lines
        .iter()
        .map(|l| (key(l.mission.as_deref(), l.part), l.amount.value()))
        .collect();
    let want: Vec<(String, Decimal)> = expected
        .lines
        .iter()
        .map(|l| (key(l.mission.as_deref(), l.part), l.amount))
        .collect();
    assert_eq!(got, want, "lines at {at}");
    assert_eq!(sim.totals.total.value(), expected.total, "{at}");
    let code = |c: &str| sim.warnings.iter().any(|w| w.code().as_str() == c);
    seen.lent += u32::from(code("mission_under_newer_version"));
    seen.ended += u32::from(code("contract_ended"));
    seen.renewed_late += u32::from(code("contract_renewed"));
    seen.prorated += u32::from(
        sim.lines
            .iter()
            .any(|l| !l.prorata.is_full() && l.amount > Money::ZERO),
    );
    seen.indicators += u32::from(sim.lines.iter().any(|l| !l.indicators.is_empty()));
    seen.three_decimals += u32::from(sim.lines.iter().any(|l| l.envelope.value().scale() > 2));
    seen.uplift += u32::from(sim.totals.uplift > Money::ZERO);
    seen.activation += u32::from(sim.lines.iter().any(|l| l.part == Part::CrisisActivation));

    // The totals alone, and years kept for reuse (seen again after another year).
    let (totals, _) = engine::totals(&s, versions).unwrap();
    assert_eq!(totals, sim.totals, "{at}");
    let mut kept = engine::Years::new(engine::Reuse::default());
    assert_eq!(kept.totals(&s, versions).unwrap().0, sim.totals);
    let mut other = s.clone();
    other.contract_year = n % 8 + 1;
    let other_year = ContractYear::of(other.signed, other.contract_year).unwrap();
    let other_versions = registry.versions(&other_year, &other.missions).unwrap();
    let _ = kept.totals(&other, other_versions).unwrap();
    assert_eq!(kept.totals(&s, versions).unwrap().0, sim.totals, "{at}");

    // A batch row and the sums of a batch of it and the other year.
    let mut aggregate = engine::batch::Aggregate::default();
    let other_sim = engine::simulate(&other, other_versions).unwrap();
    for x in [&sim, &other_sim] {
        let at_risk = cash::at_risk(x, registry.get(&x.tariff).unwrap()).unwrap();
        aggregate
            .add(&engine::batch::Contribution::of(
                x.clone(),
                at_risk,
                None,
                &[],
            ))
            .unwrap();
    }
    let other_expected = reference_year(&other, &tables, other.contract_year);
    assert_eq!(
        aggregate.all.totals.total.value(),
        expected.total + other_expected.total,
        "{at}"
    );
    for (k, v) in &aggregate.by_line.by_key() {
        let want: Decimal = expected
            .lines
            .iter()
            .chain(&other_expected.lines)
            .filter(|l| key(l.mission.as_deref(), l.part) == *k)
            .map(|l| l.amount)
            .sum();
        assert_eq!(v.value(), want, "{k} at {at}");
    }

    // Risk's draws without uncertainty (every achievement a range of one value).
    let mut ranged = s.clone();
    for m in &mut ranged.missions {
        if let Some(VariableInput::Achievement(a)) = &mut m.variable {
            let v = a.for_year(n);
            *a = ByYear::ranged(Range {
                low: v,
                likely: v,
                high: v,
            });
        }
    }
    let drawn = engine::risk::draws(&ranged, versions, None, 3, seed).unwrap();
    let want_ranged = reference_year(&ranged, &tables, n).total;
    for t in drawn.total {
        assert_eq!(Decimal::new(t, 2), want_ranged, "draw at {at}");
    }

    // Each civil year's cash: the payments and their sum.
    for y in s.signed.year()..=s.signed.year() + 9 {
        let want = reference_cash(&s, &tables, y);
        let paid = cash::payments_in(&s, &registry, None, y).unwrap();
        let sum: Decimal = paid.iter().map(|p| p.amount.value()).sum();
        assert_eq!(sum, want, "cash of {y} at {at}");
        seen.cash += u32::from(!want.is_zero());
        assert_eq!(
            cash::total_in(&s, &registry, None, y).unwrap().value(),
            want,
            "total_in {y} at {at}"
        );
    }
}

/// Every sweep point (population across the bands, members across the threshold, contract
/// years, achievement) against the reference at that point.
fn check_sweeps(seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let tables = tables(&mut rng);
    let registry = Registry::new(tables.clone());
    let s = scenario(&mut rng);
    let varies = [
        (sweep::Param::Population, 1, 420_001, 10_000),
        (sweep::Param::Members, 0, 160, 9),
        (sweep::Param::ContractYear, 1, 9, 1),
        (sweep::Param::Achievement, 0, 100, 7),
    ];
    for (param, start, end, step) in varies {
        let scale = if param == sweep::Param::Achievement {
            2
        } else {
            0
        };
        let vary = sweep::Vary {
            param: param.clone(),
            start: Decimal::new(start, scale),
            end: Decimal::new(end, scale),
            step: Decimal::new(step, scale),
        };
        let mut swept = s.clone();
        let mut points = Vec::new();
        // Items and paliers are paid on what they reach: an achievement moves nothing there,
        // and a sweep of it is refused rather than flat.
        let moves = s.missions.iter().any(|m| match &m.variable {
            Some(VariableInput::Achievement(_)) => true,
            Some(VariableInput::Indicators(list)) => list
                .iter()
                .any(|i| matches!(i.scoring, Scoring::Estimate { .. })),
            None => false,
        });
        if param == sweep::Param::Achievement
            && !moves
            && s.missions.iter().any(|m| m.variable.is_some())
        {
            let refused = sweep::run(&mut swept, &registry, None, &[vary], |_| Ok(()));
            assert!(
                matches!(refused, Err(sweep::SweepError::NoAchievement(None))),
                "{refused:?} seed {seed}"
            );
            continue;
        }
        sweep::run(
            &mut swept,
            &registry,
            None,
            std::slice::from_ref(&vary),
            |p| {
                points.push((p.values[0], p.totals.total.value()));
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e:?} seed {seed}"));
        for (v, total) in points {
            let mut at = s.clone();
            match param {
                sweep::Param::Population => at.population = v.try_into().unwrap(),
                sweep::Param::Members => at.members = v.try_into().unwrap(),
                sweep::Param::ContractYear => at.contract_year = v.try_into().unwrap(),
                _ => {
                    for m in &mut at.missions {
                        match &mut m.variable {
                            Some(VariableInput::Achievement(a)) => a.set_all(v),
                            Some(VariableInput::Indicators(list)) => {
                                for i in list {
                                    if let Scoring::Estimate { achievement, .. } = &mut i.scoring {
                                        achievement.set_all(v);
                                    }
                                }
                            }
                            None => {}
                        }
                    }
                }
            }
            let want = reference_year(&at, &tables, at.contract_year).total;
            assert_eq!(total, want, "{param:?}={v}, seed {seed}, {s:?}");
        }
    }
}

#[test]
fn every_path_is_the_slow_reference_on_generated_tables() {
    let mut seen = Seen::default();
    for seed in 0..cases() {
        check_case(seed, &mut seen);
    }
    let counts = [
        seen.lent,
        seen.prorated,
        seen.ended,
        seen.renewed_late,
        seen.indicators,
        seen.three_decimals,
        seen.uplift,
        seen.activation,
        seen.cash,
    ];
    assert!(counts.iter().all(|c| *c > 0), "{seen:?}");
}

#[test]
fn every_sweep_point_is_the_slow_reference_on_generated_tables() {
    for seed in 0..cases().div_ceil(10) {
        check_sweeps(seed);
    }
}

/// The reference itself, on figures of the reference text: T3 at full achievement under the
/// shipped avenant 2, a later year without crisis, is 397 500 € (section 4.1, `contract-t3`); the
/// issue's case pays 45 000 × 201/365 = 24 780,82 € for the plan.
#[test]
fn the_reference_agrees_with_the_reference_text() {
    let registry = aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).unwrap();
    let tables: Vec<TariffTable> = registry.tables().cloned().collect();
    let run = |id: &str, started: Option<NaiveDate>| MissionRun {
        id: id.into(),
        started,
        variable: (id != "crises_sanitaires")
            .then(|| VariableInput::Achievement(ByYear::single(Decimal::ONE))),
    };
    let ids = [
        "acces_aux_soins",
        "parcours",
        "prevention",
        "crises_sanitaires",
        "qualite_pertinence",
        "accompagnement_professionnels",
    ];
    let s = Scenario {
        name: "T3".into(),
        population: 92_000,
        members: 60,
        signed: d(2022, 4, 15),
        contract_year: 5,
        tariff: None,
        tariff_from_command: false,
        renewed: false,
        crisis_years: Vec::new(),
        missions: ids.iter().map(|id| run(id, None)).collect(),
        territory: None,
    };
    assert_eq!(
        reference_year(&s, &tables, 5).total,
        Decimal::new(397_500, 0)
    );
    let lent = Scenario {
        signed: d(2021, 12, 19),
        contract_year: 1,
        missions: vec![run("crises_sanitaires", Some(d(2022, 6, 1)))],
        ..s
    };
    let plan = reference_year(&lent, &tables, 1)
        .lines
        .into_iter()
        .find(|l| l.part == Part::CrisisPlan)
        .unwrap();
    assert_eq!(plan.amount, Decimal::new(2_478_082, 2));
}
