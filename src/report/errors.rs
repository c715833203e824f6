//! The engine's errors in words: the engine returns what went wrong as data, the catalog words it.

use super::format::date;
use super::format::part_word;
use crate::catalog::{fill, t};
use crate::engine::EngineError;
use crate::engine::cash::{CashError, OutOfRange};
use crate::engine::sweep::SweepError;
use std::fmt;

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            EngineError::Overflow { mission, part } => fill(
                "error.engine.overflow",
                &[
                    ("mission", mission.as_deref().unwrap_or("")),
                    ("part", part_word(*part)),
                ],
            )
            .replace("  ", " "),
            EngineError::NoBand { population, tariff } => fill(
                "error.engine.no_band",
                &[("population", &population.to_string()), ("tariff", tariff)],
            ),
            EngineError::DateOutOfRange(year) => fill(
                "error.engine.date_out_of_range",
                &[("year", &year.to_string())],
            ),
        })
    }
}

impl std::error::Error for EngineError {}

impl fmt::Display for CashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CashError::NoTable(day, year) => f.write_str(&fill(
                "error.cash.no_table",
                &[("day", &date(*day)), ("year", &year.to_string())],
            )),
            CashError::Engine(e) => e.fmt(f),
            CashError::NoPayments(tariff) => {
                f.write_str(&fill("error.cash.no_payments", &[("tariff", tariff)]))
            }
            CashError::Range(what) => f.write_str(t(match what {
                OutOfRange::ContractYear => "error.cash.contract_year_out_of_range",
                OutOfRange::Date => "error.cash.date_out_of_range",
                OutOfRange::Amount => "error.cash.amount_out_of_range",
            })),
        }
    }
}

impl std::error::Error for CashError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CashError::Engine(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SweepError::VaryCount => f.write_str(t("error.sweep.vary_count")),
            SweepError::VariedTwice(name) => {
                f.write_str(&fill("error.sweep.varied_twice", &[("name", name)]))
            }
            SweepError::MissionNotRun { id, runs } => f.write_str(&fill(
                "error.sweep.mission_not_run",
                &[("id", id), ("runs", &runs.join(", "))],
            )),
            SweepError::NoVariable(id) => {
                f.write_str(&fill("error.sweep.no_variable", &[("id", id)]))
            }
            SweepError::NoAchievement(Some(id)) => {
                f.write_str(&fill("error.sweep.no_achievement_mission", &[("id", id)]))
            }
            SweepError::NoAchievement(None) => f.write_str(t("error.sweep.no_achievement")),
            SweepError::NoPaliers { key, keys } => f.write_str(&fill(
                "error.sweep.no_paliers",
                &[("key", key), ("keys", &keys.join(", "))],
            )),
            SweepError::OutsideCalendar(at) => {
                f.write_str(&fill("error.sweep.outside_calendar", &[("point", at)]))
            }
            SweepError::NoTable { at, day } => f.write_str(&fill(
                "error.sweep.no_table",
                &[("point", at), ("day", &date(*day))],
            )),
            SweepError::Engine { at, source } => f.write_str(&fill(
                "error.sweep.engine",
                &[("point", at), ("error", &source.to_string())],
            )),
            SweepError::Output(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SweepError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SweepError::Engine { source, .. } => Some(source),
            SweepError::Output(e) => Some(e),
            _ => None,
        }
    }
}
