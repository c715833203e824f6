//! `--vary NAME=START:END:STEP` read from the command line and checked: what a sweep varies,
//! over which range.

use crate::engine::sweep::{Param, Vary};
use rust_decimal::Decimal;
use std::str::FromStr;

const VARY_HELP: &str = "write NAME=START:END:STEP with NAME one of achievement, achievement.MISSION, population, members, contract_year; e.g. --vary population=30000:200000:1000";

/// Parses `NAME=START:END:STEP`.
pub fn parse_vary(spec: &str) -> Result<Vary, String> {
    let bad = |what: &str| format!("--vary `{spec}`: {what}\n  = help: {VARY_HELP}");
    let (name, range) = spec.split_once('=').ok_or_else(|| bad("no `=`"))?;
    let param = match name.trim() {
        "achievement" => Param::Achievement,
        "population" => Param::Population,
        "members" => Param::Members,
        "contract_year" => Param::ContractYear,
        other => match other.strip_prefix("achievement.") {
            Some(m) if !m.is_empty() => Param::MissionAchievement(m.to_string()),
            _ => return Err(bad(&format!("unknown parameter `{other}`"))),
        },
    };
    let parts: Vec<&str> = range.split(':').collect();
    let [start, end, step] = parts.as_slice() else {
        return Err(bad("the range needs three numbers, START:END:STEP"));
    };
    let num =
        |s: &str| Decimal::from_str(s.trim()).map_err(|_| bad(&format!("`{s}` is not a number")));
    let (start, end, step) = (num(start)?, num(end)?, num(step)?);
    if step <= Decimal::ZERO {
        return Err(bad("STEP must be more than 0"));
    }
    if end < start {
        return Err(bad("END is below START"));
    }
    if param.is_integer() && (start.fract() != Decimal::ZERO || step.fract() != Decimal::ZERO) {
        return Err(bad(&format!("{} takes whole numbers", param.name())));
    }
    let (min, max) = match param {
        Param::Achievement | Param::MissionAchievement(_) => (Decimal::ZERO, Some(Decimal::ONE)),
        Param::Population | Param::ContractYear => (Decimal::ONE, None),
        Param::Members => (Decimal::ZERO, None),
    };
    if start < min || max.is_some_and(|m| end > m) {
        return Err(bad(&format!(
            "{} must stay within {min}..{}",
            param.name(),
            max.map_or("".to_string(), |m| m.to_string())
        )));
    }
    Ok(Vary {
        param,
        start,
        end,
        step,
    })
}
