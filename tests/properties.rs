//! Invariants over many generated scenarios (proptest): totals are sums of lines, the variable part
//! never exceeds its envelope and never decreases when achievement rises, the uplift is exactly its
//! rate of its base above the threshold and zero at or below it, bands agree with their bounds.

use aci_cpts::engine::{Part, Simulation, simulate};
use aci_cpts::model::money::Money;
use aci_cpts::model::scenario::{ByYear, MissionRun, Scenario, VariableInput};
use aci_cpts::model::tariff::{Registry, TariffTable};
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        aci_cpts::shipped_registry(aci_cpts::catalog::Lang::En).expect("shipped tables read")
    })
}

fn avenant_2() -> &'static TariffTable {
    registry().get("aci-avenant-2").expect("shipped")
}

/// An achievement in [0, 1] with up to four decimals.
fn achievement() -> impl Strategy<Value = Decimal> {
    (0u32..=10_000).prop_map(|n| Decimal::new(n.into(), 4))
}

fn scenario(
    population: u64,
    members: u64,
    year: u32,
    start_offset: i64,
    ach: [Decimal; 5],
    crisis: bool,
) -> Scenario {
    let signed = NaiveDate::from_ymd_opt(2022, 6, 1).unwrap();
    let started = signed + chrono::Duration::days(start_offset);
    let ids = [
        "acces_aux_soins",
        "parcours",
        "prevention",
        "qualite_pertinence",
        "accompagnement_professionnels",
    ];
    let mut missions: Vec<MissionRun> = ids
        .iter()
        .zip(ach)
        .map(|(id, a)| MissionRun {
            id: (*id).to_string(),
            started: Some(started),
            variable: Some(VariableInput::Achievement(ByYear::single(a))),
        })
        .collect();
    missions.push(MissionRun {
        id: "crises_sanitaires".into(),
        started: Some(started),
        variable: None,
    });
    Scenario {
        name: "prop".into(),
        population,
        members,
        signed,
        contract_year: year,
        tariff: Some("aci-avenant-2".into()),
        tariff_from_command: false,
        renewed: false,
        crisis_years: if crisis { vec![year] } else { vec![] },
        missions,
        territory: None,
    }
}

fn run(s: &Scenario) -> Simulation {
    simulate(s, avenant_2()).expect("computes")
}

fn cents(m: Money) -> bool {
    m.value().scale() <= 2
}

proptest! {
    #[test]
    fn total_is_the_sum_of_rounded_lines(
        population in 1u64..400_000, members in 0u64..200, year in 1u32..6,
        offset in 0i64..900, ach in proptest::array::uniform5(achievement()), crisis in any::<bool>(),
    ) {
        let sim = run(&scenario(population, members, year, offset, ach, crisis));
        let sum = Money::checked_sum(sim.lines.iter().map(|l| l.amount)).unwrap();
        prop_assert_eq!(sim.totals.total, sum);
        let t = &sim.totals;
        let parts = Money::checked_sum([t.fonctionnement, t.fixed, t.variable_earned, t.crisis, t.uplift]).unwrap();
        prop_assert_eq!(t.total, parts);
        for l in &sim.lines {
            prop_assert!(cents(l.amount), "{:?} is not rounded to the cent", l.amount);
        }
    }

    #[test]
    fn variable_never_exceeds_its_envelope_and_grows_with_achievement(
        population in 1u64..400_000, year in 1u32..4, offset in 0i64..700,
        a in achievement(), b in achievement(),
    ) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let low = run(&scenario(population, 0, year, offset, [lo; 5], false));
        let high = run(&scenario(population, 0, year, offset, [hi; 5], false));
        for (l, h) in low.lines.iter().zip(&high.lines) {
            if l.part == Part::Variable {
                prop_assert!(l.amount <= l.at_full_achievement);
                prop_assert!(h.amount <= h.at_full_achievement);
                prop_assert!(l.amount <= h.amount, "{:?} > {:?}", l.amount, h.amount);
            }
        }
        prop_assert!(low.totals.variable_earned <= low.totals.variable_envelope);
    }

    #[test]
    fn uplift_is_exactly_its_rate_above_the_threshold_and_zero_otherwise(
        population in 1u64..400_000, members in 0u64..250, ach in proptest::array::uniform5(achievement()),
        crisis in any::<bool>(),
    ) {
        let sim = run(&scenario(population, members, 2, 0, ach, crisis));
        let rule = avenant_2().uplift.as_ref().unwrap();
        let t = &sim.totals;
        if members > rule.members_above {
            let base = Money::checked_sum([t.fixed, t.variable_earned, t.crisis]).unwrap();
            let expected = base.checked_mul(rule.rate).unwrap().round(avenant_2().rounding);
            prop_assert_eq!(t.uplift, expected);
            prop_assert!(sim.lines.iter().any(|l| l.part == Part::Uplift));
        } else {
            prop_assert_eq!(t.uplift, Money::ZERO);
            prop_assert!(!sim.lines.iter().any(|l| l.part == Part::Uplift));
        }
    }

    #[test]
    fn band_lookup_agrees_with_the_table_bounds(population in 1u64..2_000_000) {
        for table in registry().tables() {
            let i = table.band_index(population).expect("bands cover every population");
            let band = &table.bands[i];
            prop_assert!(population >= band.min);
            prop_assert!(band.max.is_none_or(|m| population <= m));
            let others = table.bands.iter().enumerate().filter(|(j, b)| *j != i && b.contains(population)).count();
            prop_assert_eq!(others, 0);
        }
    }
}

proptest! {
    #[test]
    fn totals_only_is_the_same_computation_as_simulate(
        population in 1u64..400_000, members in 0u64..200, year in 1u32..6,
        offset in 0i64..900, ach in proptest::array::uniform5(achievement()), crisis in any::<bool>(),
    ) {
        let s = scenario(population, members, year, offset, ach, crisis);
        let sim = run(&s);
        let (totals, band) = aci_cpts::engine::totals(&s, avenant_2()).unwrap();
        prop_assert_eq!(totals, sim.totals);
        prop_assert_eq!(&avenant_2().bands[band], &sim.band);
    }
}

/// What a sweep test varies: members from 90 to 110 when `second`, then the population (61
/// points from `start`, `step` apart) or, `by_achievement`, the achievement from 0 to 1 in steps
/// of `step` millionths (at least 100).
fn grid(
    second: bool,
    by_achievement: bool,
    start: u64,
    step: u64,
) -> Vec<aci_cpts::engine::sweep::Vary> {
    use aci_cpts::engine::sweep::{Param, Vary};
    let mut varies = Vec::new();
    if second {
        varies.push(Vary {
            param: Param::Members,
            start: Decimal::from(90),
            end: Decimal::from(110),
            step: Decimal::from(5),
        });
    }
    varies.push(match by_achievement {
        true => Vary {
            param: Param::Achievement,
            start: Decimal::ZERO,
            end: Decimal::ONE,
            step: Decimal::new(i64::try_from(step.max(100)).unwrap(), 6),
        },
        false => Vary {
            param: Param::Population,
            start: Decimal::from(start),
            end: Decimal::from(start + step * 60),
            step: Decimal::from(step),
        },
    });
    varies
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// A sweep reuses a band's totals along a population or member range (and the table of a
    /// contract year): every point must still be exactly what the engine says of that point.
    #[test]
    fn every_sweep_point_is_the_exact_engine_at_that_point(
        members in 0u64..200, year in 1u32..6, offset in 0i64..900,
        ach in proptest::array::uniform5(achievement()), crisis in any::<bool>(),
        start in 1u64..60_000, step in 1u64..9_000, second in any::<bool>(),
    ) {
        use aci_cpts::engine::sweep::run;
        let base = scenario(start, members, year, offset, ach, crisis);
        let varies = grid(second, false, start, step);
        let mut swept = base.clone();
        let mut seen = Vec::new();
        run(&mut swept, registry(), None, &varies, |p| {
            seen.push((p.values, p.totals));
            Ok(())
        })
        .unwrap();
        prop_assert!(!seen.is_empty());
        for (values, totals) in seen {
            let mut s = base.clone();
            let (members, population) = if second {
                (values[0], values[1])
            } else {
                (Decimal::from(members), values[0])
            };
            s.members = members.try_into().unwrap();
            s.population = population.try_into().unwrap();
            let (exact, _) = aci_cpts::engine::totals(&s, avenant_2()).unwrap();
            prop_assert_eq!(totals, exact);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// A sweep's cells are kept from point to point and set again only where the point changed
    /// (`report::sweep::PointCells`): they must be every point's own cells, and every cell whose
    /// text differs from the row above must be told changed (CSV copies the others).
    #[test]
    fn a_sweeps_kept_cells_are_each_points_own(
        members in 0u64..200, year in 1u32..6, offset in 0i64..900,
        ach in proptest::array::uniform5(achievement()), crisis in any::<bool>(),
        start in 1u64..60_000, step in 1u64..9_000, second in any::<bool>(),
        by_achievement in any::<bool>(),
    ) {
        use aci_cpts::engine::sweep::{run, Param};
        use aci_cpts::report::sweep::PointCells;
        let lang = aci_cpts::catalog::Lang::Fr;
        let varies = grid(second, by_achievement, start, step);
        let percent: Vec<bool> = varies.iter().map(|v| v.param == Param::Achievement).collect();
        let mut swept = scenario(start, members, year, offset, ach, crisis);
        let mut kept = PointCells::default();
        let mut above: Vec<String> = Vec::new();
        let mut points = 0;
        let mut failure = None;
        run(&mut swept, registry(), None, &varies, |p| {
            kept.set(lang, p, &percent);
            let mut own = PointCells::default();
            own.set(lang, p, &percent);
            let texts: Vec<String> = own.cells.iter().map(|c| format!("{c:?}")).collect();
            let kept_texts: Vec<String> = kept.cells.iter().map(|c| format!("{c:?}")).collect();
            if kept_texts != texts {
                failure.get_or_insert(format!("point {points}: kept {kept_texts:?}, own {texts:?}"));
            }
            for (i, text) in texts.iter().enumerate() {
                if above.get(i) != Some(text) && !kept.changed[i] {
                    failure.get_or_insert(format!("point {points}: cell {i} changed, not told"));
                }
            }
            above = texts;
            points += 1;
            Ok(())
        })
        .unwrap();
        prop_assert!(points > 0);
        prop_assert_eq!(failure, None);
    }
}

/// How many cases the integer/decimal comparison runs: bounded in `cargo test`, as many as asked
/// in the long mode (`ACI_CPTS_PROPERTY_CASES=10000000 cargo test --release properties`).
fn cases(default: u32) -> u32 {
    std::env::var("ACI_CPTS_PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// An amount: whole euros to ten-thousandths of a cent, up to a hundred million euros, either
/// sign.
fn amount() -> impl Strategy<Value = Money> {
    (-10_000_000_000_000i64..10_000_000_000_000, 0u32..=6)
        .prop_map(|(m, scale)| Money::new(Decimal::new(m / 10i64.pow(6 - scale), scale)))
}

/// A factor: an achievement, a share, a rate, with up to 14 decimals (the integer path stops at
/// a product of scale 10, so both sides of that edge are drawn).
fn factor() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (0i64..=10_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s)),
        (0i64..=1_000_000_000_000_000, 0u32..=14).prop_map(|(m, s)| Decimal::new(m, s)),
        Just(Decimal::ONE),
        Just(Decimal::new(10, 2)),
    ]
}

/// A share of a year: the whole of it, or from a day inside a year of 365 or 366 days.
fn prorata() -> impl Strategy<Value = aci_cpts::model::calendar::Prorata> {
    (any::<bool>(), any::<bool>(), 0i64..=366).prop_map(|(full, leap, days)| {
        let of = if leap { 366 } else { 365 };
        aci_cpts::model::calendar::Prorata {
            days: if full { of } else { days.min(of) },
            of,
            start: None,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(20_000)))]
    /// Every line's amount is computed in integer cents when it can (`line_cents`): it must be
    /// exactly the decimal computation's, the reference, for any amount, factor and prorata —
    /// and half cents (a product ending in 5 at the third decimal) round away from zero alike.
    #[test]
    fn integer_line_amounts_are_the_decimal_computation(
        base in amount(), factor in factor(), prorata in prorata(),
    ) {
        use aci_cpts::engine::{line_amount, line_amount_decimal, line_cents};
        use aci_cpts::model::money::Rounding;
        let r = Rounding::CentHalfAwayFromZero;
        let exact = line_amount_decimal(base, factor, &prorata, r);
        prop_assert_eq!(line_amount(base, factor, &prorata, r), exact);
        if let Some(cents) = line_cents(base, factor, &prorata, r) {
            prop_assert_eq!(Some(Money::from_cents(cents)), exact);
        }
    }
}

/// The integer path is the one taken for the engine's usual lines (else the comparison above
/// would compare the decimal computation with itself).
#[test]
fn usual_lines_take_the_integer_path() {
    use aci_cpts::engine::line_cents;
    use aci_cpts::model::calendar::Prorata;
    use aci_cpts::model::money::Rounding;
    let r = Rounding::CentHalfAwayFromZero;
    let part = Prorata {
        days: 200,
        of: 365,
        start: None,
    };
    let full = Prorata {
        days: 365,
        of: 365,
        start: None,
    };
    let base = Money::new(Decimal::new(7_000_000, 2));
    // 70 000 € × 73,5 % × 200/365 = 28 191,780 82… €
    assert_eq!(
        line_cents(base, Decimal::new(735, 3), &part, r),
        Some(2_819_178)
    );
    // 0,005 € rounds away from zero: 0,01 €, and -0,01 € below zero.
    let half = Money::new(Decimal::new(5, 3));
    assert_eq!(line_cents(half, Decimal::ONE, &full, r), Some(1));
    assert_eq!(
        line_cents(Money::new(Decimal::new(-5, 3)), Decimal::ONE, &full, r),
        Some(-1)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2_000)))]
    /// A contract year decided once (`engine::Year`) and evaluated at other achievements, only
    /// its volets variables and uplift computed again: every point must be exactly the year
    /// decided afresh with every line kept, for achievements and indicators, prorated or not,
    /// with or without the uplift.
    #[test]
    fn a_decided_year_is_the_engine_at_every_achievement(
        population in 1u64..400_000, members in 0u64..200, year in 1u32..6,
        offset in 0i64..900, ach in proptest::array::uniform5(achievement()), crisis in any::<bool>(),
        points in proptest::collection::vec(proptest::array::uniform5(achievement()), 1..8),
        indicators in any::<bool>(),
    ) {
        use aci_cpts::model::scenario::{Indicator, Scoring, Weight};
        let mut s = scenario(population, members, year, offset, ach, crisis);
        if indicators {
            s.missions[1].variable = Some(VariableInput::Indicators(vec![
                Indicator {
                    id: None,
                    name: "a".into(),
                    scoring: Scoring::Estimate {
                        weight: Weight::Amount(Money::new(Decimal::new(1_234_567, 2))),
                        achievement: ByYear::single(ach[1]),
                    },
                },
                Indicator {
                    id: None,
                    name: "b".into(),
                    scoring: Scoring::Estimate {
                        weight: Weight::Share(Decimal::new(35, 2)),
                        achievement: ByYear::single(ach[2]),
                    },
                },
            ]));
        }
        let year = aci_cpts::engine::Year::of(&s, avenant_2().into()).unwrap();
        for p in points {
            let mut t = s.clone();
            for (m, a) in t.missions.iter_mut().zip(p) {
                match &mut m.variable {
                    Some(VariableInput::Achievement(x)) => x.set_all(a),
                    Some(VariableInput::Indicators(list)) => {
                        for i in list {
                            i.value_mut().set_all(a);
                        }
                    }
                    None => {}
                }
            }
            let exact = simulate(&t, avenant_2()).unwrap().totals;
            prop_assert_eq!(year.evaluate(&t, &mut aci_cpts::engine::Discard).unwrap(), exact);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// A sweep along an achievement (of every mission or of one) reuses a plan of the contract
    /// year: every point must still be exactly what the engine says of that point.
    #[test]
    fn every_achievement_sweep_point_is_the_exact_engine_at_that_point(
        population in 1u64..400_000, members in 0u64..200, year in 1u32..6, offset in 0i64..900,
        ach in proptest::array::uniform5(achievement()), crisis in any::<bool>(),
        one in any::<bool>(), step in 1i64..2_000, scale in 4u32..13, from in 0i64..1_000_000_000_000,
    ) {
        use aci_cpts::engine::sweep::{run, Param, Vary};
        let base = scenario(population, members, year, offset, ach, crisis);
        let param = if one {
            Param::MissionAchievement("parcours".into())
        } else {
            Param::Achievement
        };
        // From 0 to 1 in steps of 4 decimals, or 40 steps of up to 12 decimals from anywhere
        // (past the integers' edge: such points fall back to decimals).
        let (start, step) = match scale {
            4 => (Decimal::ZERO, Decimal::new(step, 4)),
            _ => (Decimal::new(from, 12), Decimal::new(step, scale)),
        };
        let vary = Vary {
            param: param.clone(),
            start,
            end: (start + step * Decimal::from(40)).min(Decimal::ONE).max(start),
            step,
        };
        let mut swept = base.clone();
        let mut seen = Vec::new();
        run(&mut swept, registry(), None, std::slice::from_ref(&vary), |p| {
            seen.push((p.values[0], p.totals));
            Ok(())
        })
        .unwrap();
        prop_assert!(!seen.is_empty());
        let at = |a: Decimal| {
            let mut s = base.clone();
            for m in &mut s.missions {
                if one && m.id != "parcours" {
                    continue;
                }
                if let Some(VariableInput::Achievement(x)) = &mut m.variable {
                    x.set_all(a);
                }
            }
            s
        };
        // The sweep leaves its scenario at the last value, as every sweep does.
        let last = seen.last().map(|(a, _)| *a).unwrap();
        prop_assert_eq!(&swept, &at(last));
        for (a, totals) in seen {
            let (exact, _) = aci_cpts::engine::totals(&at(a), avenant_2()).unwrap();
            prop_assert_eq!(totals, exact);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2_000)))]
    /// The totals of a contract year summed without building its lines (the decided year's
    /// fixed sums, its volets variables in integers when they can be) are exactly every line
    /// summed, under every shipped table, for any missions run, in any order, started before or
    /// inside the year, by achievement (up to twelve decimals, past the integer path's edge) or
    /// by indicators, with or without the crisis and the uplift; and years kept for reuse
    /// (`engine::Years`, as a sweep keeps them) give the same totals as years decided afresh.
    #[test]
    fn totals_without_lines_are_every_line_summed(
        population in 1u64..400_000, members in 0u64..200, year in 1u32..8,
        signed_day in 0i64..1_500, offset in -400i64..900,
        ach in proptest::array::uniform5((0i64..=1_000_000_000_000, 0u32..=12)),
        crisis in any::<bool>(), kept in proptest::array::uniform6(any::<bool>()),
        reversed in any::<bool>(), indicators in any::<bool>(),
    ) {
        use aci_cpts::model::scenario::{Indicator, Scoring, Weight};
        let ach = ach.map(|(m, scale)| Decimal::new(m % (10i64.pow(scale) + 1), scale));
        let mut s = scenario(population, members, year, offset, ach, crisis);
        s.signed = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + chrono::Duration::days(signed_day);
        for m in &mut s.missions {
            m.started = Some(s.signed + chrono::Duration::days(offset));
        }
        if indicators {
            s.missions[1].variable = Some(VariableInput::Indicators(vec![Indicator {
                id: None,
                name: "a".into(),
                scoring: Scoring::Estimate {
                    weight: Weight::Share(Decimal::new(35, 2)),
                    achievement: ByYear::single(ach[2]),
                },
            }]));
        }
        let mut i = 0;
        s.missions.retain(|_| {
            i += 1;
            kept[i - 1]
        });
        if reversed {
            s.missions.reverse();
        }
        let mut kept = aci_cpts::engine::Years::new(aci_cpts::engine::Reuse::default());
        for table in registry().tables() {
            let totals = aci_cpts::engine::totals(&s, table);
            let lines = aci_cpts::engine::simulate(&s, table).map(|sim| sim.totals);
            prop_assert_eq!(totals.clone().map(|t| t.0), lines, "{}", table.id);
            prop_assert_eq!(kept.totals(&s, table.into()), totals.clone());
            // Seen again, after another year: the kept decision.
            let mut other = s.clone();
            other.contract_year += 1;
            let _ = kept.totals(&other, table.into());
            prop_assert_eq!(kept.totals(&s, table.into()), totals);
        }
    }
}

/// A table with an amount that is no whole number of cents (a draft's 1 234,565 €): its line is
/// rounded once, the same whether the year's lines are built or only summed.
#[test]
fn a_table_not_in_cents_is_rounded_once() {
    let mut table = avenant_2().clone();
    let band = table.band_index(92_000).unwrap();
    table.fonctionnement.0[band].value = Money::new(Decimal::new(1_234_565, 3));
    let s = scenario(92_000, 80, 5, 0, [Decimal::new(7, 1); 5], false);
    let (totals, _) = aci_cpts::engine::totals(&s, &table).unwrap();
    assert_eq!(totals, simulate(&s, &table).unwrap().totals);
    // 1 234,565 € rounded half away from zero.
    assert_eq!(totals.fonctionnement, Money::new(Decimal::new(123_457, 2)));
}
