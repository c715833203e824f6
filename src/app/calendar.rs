//! `aci-cpts calendar`: every payment with its date, in a window of days.

use super::{output, output_format, prepare};
use crate::catalog::Lang;
use crate::cli::CalendarArgs;
use crate::engine::cash;
use crate::report;
use crate::report::format::date;
use anyhow::{Context, Result, bail};
use chrono::Datelike;
use std::process::ExitCode;

/// Today, from the system clock (UTC): only the default window of `calendar` uses it.
pub fn system_today() -> chrono::NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

/// Today: the day given (`--today`), else `ACI_CPTS_TODAY`, else the system's date.
pub fn today(lang: Lang, given: Option<chrono::NaiveDate>) -> Result<chrono::NaiveDate> {
    let from_env = match std::env::var("ACI_CPTS_TODAY") {
        Ok(v) if !v.trim().is_empty() => Some(
            crate::cli::parse_date(&v)
                .map_err(|e| anyhow::anyhow!("ACI_CPTS_TODAY: {}", e.words(lang)))?,
        ),
        _ => None,
    };
    Ok(given.or(from_env).unwrap_or_else(system_today))
}

/// Runs the command.
pub fn run(lang: Lang, args: &CalendarArgs) -> Result<ExitCode> {
    let format = output_format(lang, &args.output)?;
    let today = today(lang, args.today)?;
    let from = args
        .from
        .or_else(|| chrono::NaiveDate::from_ymd_opt(args.year.unwrap_or(today.year()), 1, 1))
        .context(lang.t("error.app.no_first_day"))?;
    let to = args
        .to
        .or_else(|| chrono::NaiveDate::from_ymd_opt(from.year(), 12, 31))
        .context(lang.t("error.app.no_last_day"))?;
    super::check_day(lang, from, "--from")?;
    super::check_day(lang, to, "--to")?;
    if to < from {
        bail!(
            "{}",
            lang.fill(
                "error.app.window",
                &[("from", &date(lang, from)), ("to", &date(lang, to))]
            )
        );
    }
    let prepared = prepare(lang, &args.scenario, args.tariff.as_deref(), None)?;
    // Every contract year that pays in the window (a renewed contract's later years too; a
    // contract that ended is said so).
    let through = crate::model::calendar::ContractYear::containing(prepared.scenario.signed, to)
        .map_or(0, |y| y.number);
    let schedule = prepared.schedule(lang, args.years.max(through))?;
    let payments = cash::window(&schedule.payments, from, to);
    output(
        lang,
        format,
        &report::cash::calendar(
            lang,
            &prepared.scenario.name,
            from,
            to,
            &payments,
            &schedule.years,
        ),
    )
}
