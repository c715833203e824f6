//! The engine's errors in words: the engine returns what went wrong as data, the catalog words it
//! in the reader's language ([`Words::words`]); the app hands the words to `main`.

use super::format::date;
use super::format::part_word;
use crate::catalog::Lang;
use crate::engine::EngineError;
use crate::engine::cash::{CashError, OutOfRange};
use crate::engine::sweep::SweepError;

/// An error said in a language.
pub trait Words {
    /// The error in the words of `lang`.
    fn words(&self, lang: Lang) -> String;
}

impl Words for EngineError {
    fn words(&self, lang: Lang) -> String {
        match self {
            EngineError::Overflow { mission, part } => lang
                .fill(
                    "error.engine.overflow",
                    &[
                        ("mission", mission.as_deref().unwrap_or("")),
                        ("part", part_word(lang, *part)),
                    ],
                )
                .replace("  ", " "),
            EngineError::NoBand { population, tariff } => lang.fill(
                "error.engine.no_band",
                &[("population", &population.to_string()), ("tariff", tariff)],
            ),
            EngineError::DateOutOfRange(year) => lang.fill(
                "error.engine.date_out_of_range",
                &[("year", &year.to_string())],
            ),
        }
    }
}

impl Words for CashError {
    fn words(&self, lang: Lang) -> String {
        match self {
            CashError::NoTable(day, year) => lang.fill(
                "error.cash.no_table",
                &[("day", &date(lang, *day)), ("year", &year.to_string())],
            ),
            CashError::Engine(e) => e.words(lang),
            CashError::NoPayments(tariff) => {
                lang.fill("error.cash.no_payments", &[("tariff", tariff)])
            }
            CashError::Range(what) => String::from(lang.t(match what {
                OutOfRange::ContractYear => "error.cash.contract_year_out_of_range",
                OutOfRange::Date => "error.cash.date_out_of_range",
                OutOfRange::Amount => "error.cash.amount_out_of_range",
            })),
        }
    }
}

impl Words for SweepError {
    fn words(&self, lang: Lang) -> String {
        match self {
            SweepError::VaryCount => String::from(lang.t("error.sweep.vary_count")),
            SweepError::VariedTwice(name) => {
                lang.fill("error.sweep.varied_twice", &[("name", name)])
            }
            SweepError::MissionNotRun { id, runs } => lang.fill(
                "error.sweep.mission_not_run",
                &[("id", id), ("runs", &runs.join(", "))],
            ),
            SweepError::NoVariable(id) => lang.fill("error.sweep.no_variable", &[("id", id)]),
            SweepError::NoAchievement(Some(id)) => {
                lang.fill("error.sweep.no_achievement_mission", &[("id", id)])
            }
            SweepError::NoAchievement(None) => String::from(lang.t("error.sweep.no_achievement")),
            SweepError::NoPaliers { key, keys } => lang.fill(
                "error.sweep.no_paliers",
                &[("key", key), ("keys", &keys.join(", "))],
            ),
            SweepError::OutsideCalendar(at) => {
                lang.fill("error.sweep.outside_calendar", &[("point", at)])
            }
            SweepError::NoTable { at, day } => lang.fill(
                "error.sweep.no_table",
                &[("point", at), ("day", &date(lang, *day))],
            ),
            SweepError::Engine { at, source } => lang.fill(
                "error.sweep.engine",
                &[("point", at), ("error", &source.words(lang))],
            ),
            SweepError::Output(e) => e.to_string(),
        }
    }
}
