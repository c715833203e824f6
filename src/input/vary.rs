//! `--vary NAME=START:END:STEP` read from the command line and checked: what a sweep varies,
//! over which range.

use crate::catalog::Lang;
use crate::input::limits::{MAX_CONTRACT_YEAR, MAX_MEMBERS, MAX_POPULATION};
use crate::model::vary::{Param, Vary};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses `NAME=START:END:STEP`.
pub fn parse_vary(lang: Lang, spec: &str) -> Result<Vary, String> {
    let bad = |what: String| lang.fill("input.vary.bad", &[("spec", spec), ("what", &what)]);
    let (name, range) = spec
        .split_once('=')
        .ok_or_else(|| bad(lang.t("input.vary.no_equals").into()))?;
    let param = match name.trim() {
        "achievement" => Param::Achievement,
        "population" => Param::Population,
        "members" => Param::Members,
        "contract_year" => Param::ContractYear,
        other => match (
            other.strip_prefix("achievement."),
            other.strip_prefix("measured."),
        ) {
            (Some(m), _) if !m.is_empty() => Param::MissionAchievement(m.to_string()),
            (_, Some(i)) if !i.is_empty() => Param::Measured(i.to_string()),
            _ => return Err(bad(lang.fill("input.vary.unknown", &[("name", other)]))),
        },
    };
    let parts: Vec<&str> = range.split(':').collect();
    let [start, end, step] = parts.as_slice() else {
        return Err(bad(lang.t("input.vary.three_numbers").into()));
    };
    let num = |s: &str| {
        // An achievement or a measured percentage is written as one, as in a scenario: `80%`
        // is 0.8, `69.7%` is 0.697.
        let fraction = matches!(
            param,
            Param::Achievement | Param::MissionAchievement(_) | Param::Measured(_)
        );
        if fraction && let Some(p) = s.trim().strip_suffix('%') {
            return Decimal::from_str(p.trim())
                .ok()
                .and_then(|d| d.checked_div(Decimal::ONE_HUNDRED))
                .map(|d| d.normalize())
                .ok_or_else(|| bad(lang.fill("input.vary.not_number", &[("value", s)])));
        }
        let t = s.trim();
        let read = if t.contains(['e', 'E']) {
            Decimal::from_scientific(t)
        } else {
            Decimal::from_str(t)
        };
        read.map_err(|_| {
            let key = if t.contains(['e', 'E']) && t.parse::<f64>().is_ok() {
                "input.vary.too_precise"
            } else {
                "input.vary.not_number"
            };
            bad(lang.fill(key, &[("value", s)]))
        })
    };
    let (start, end, step) = (num(start)?, num(end)?, num(step)?);
    if step <= Decimal::ZERO {
        return Err(bad(lang.t("input.vary.step").into()));
    }
    if end < start {
        return Err(bad(lang.t("input.vary.end_below_start").into()));
    }
    if param.is_integer() && (start.fract() != Decimal::ZERO || step.fract() != Decimal::ZERO) {
        return Err(bad(
            lang.fill("input.vary.whole", &[("name", &param.name())])
        ));
    }
    let (min, max) = match param {
        Param::Achievement | Param::MissionAchievement(_) => (Decimal::ZERO, Some(Decimal::ONE)),
        Param::Population => (Decimal::ONE, Some(Decimal::from(MAX_POPULATION))),
        Param::ContractYear => (Decimal::ONE, Some(Decimal::from(MAX_CONTRACT_YEAR))),
        Param::Members => (Decimal::ZERO, Some(Decimal::from(MAX_MEMBERS))),
        Param::Measured(_) => (Decimal::ZERO, None),
    };
    if start < min || max.is_some_and(|m| end > m) {
        return Err(bad(lang.fill(
            "input.vary.range",
            &[
                ("name", &param.name()),
                ("min", &min.to_string()),
                ("max", &max.map_or(String::new(), |m| m.to_string())),
            ],
        )));
    }
    Ok(Vary {
        param,
        start,
        end,
        step,
    })
}
