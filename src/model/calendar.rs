//! Contract time: contract years counted from the signature, anniversaries, prorata by days and
//! deployment deadlines (reference section 5). Pure date arithmetic, no clock.

use chrono::{Datelike, Months, NaiveDate};

/// Contract years of an ACI contract (reference section 5): years after these are paid only when
/// the scenario says the contract was renewed.
pub const CONTRACT_YEARS: u32 = 5;

/// One contract year: from the anniversary of the signature to the day before the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContractYear {
    /// 1 for the year that starts on the signature date.
    pub number: u32,
    /// First day.
    pub from: NaiveDate,
    /// Last day (the day before the next anniversary).
    pub to: NaiveDate,
}

impl ContractYear {
    /// Contract year `number` (1-based) of a contract signed on `signed`; `None` when the dates
    /// fall outside the calendar.
    pub fn of(signed: NaiveDate, number: u32) -> Option<ContractYear> {
        let from = anniversary(signed, number.checked_sub(1)?)?;
        let next = anniversary(signed, number)?;
        Some(ContractYear {
            number,
            from,
            to: next.pred_opt()?,
        })
    }

    /// The contract year that contains `day`; `None` before the signature or outside the
    /// calendar.
    pub fn containing(signed: NaiveDate, day: NaiveDate) -> Option<ContractYear> {
        if day < signed {
            return None;
        }
        let guess = u32::try_from(day.year() - signed.year()).ok()?;
        // The year of the guessed anniversary, or the one before it.
        [guess + 1, guess]
            .into_iter()
            .filter(|n| *n >= 1)
            .filter_map(|n| ContractYear::of(signed, n))
            .find(|y| y.contains(day))
    }

    /// Number of days in the year (365 or 366).
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// Whether a day falls in this contract year.
    pub fn contains(&self, day: NaiveDate) -> bool {
        day >= self.from && day <= self.to
    }
}

/// The `years`-th anniversary of a date; a 29 February rolls to 28 February in common years.
pub fn anniversary(signed: NaiveDate, years: u32) -> Option<NaiveDate> {
    let year = signed.year().checked_add(i32::try_from(years).ok()?)?;
    NaiveDate::from_ymd_opt(year, signed.month(), signed.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
}

/// The day `months` months after `day` (end of month clamped: 31 August + 6 months = 28 or
/// 29 February).
pub fn add_months(day: NaiveDate, months: u32) -> Option<NaiveDate> {
    day.checked_add_months(Months::new(months))
}

/// Share of a contract year a mission is run, as whole days: `days` of `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prorata {
    /// Days from the mission's start to the end of the contract year (0 when it starts later).
    pub days: i64,
    /// Days in the contract year.
    pub of: i64,
    /// The first day counted, when the mission starts inside the year.
    pub start: Option<NaiveDate>,
}

impl Prorata {
    /// The whole year.
    pub fn full(year: &ContractYear) -> Prorata {
        Prorata {
            days: year.days(),
            of: year.days(),
            start: None,
        }
    }

    /// The prorata of a mission started on `started` in contract year `year`.
    pub fn for_start(year: &ContractYear, started: NaiveDate) -> Prorata {
        if started <= year.from {
            Prorata::full(year)
        } else if started > year.to {
            Prorata {
                days: 0,
                of: year.days(),
                start: Some(started),
            }
        } else {
            Prorata {
                days: (year.to - started).num_days() + 1,
                of: year.days(),
                start: Some(started),
            }
        }
    }

    /// Whether it covers the whole year.
    pub fn is_full(&self) -> bool {
        self.days == self.of
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn contract_years_run_anniversary_to_eve() {
        let y5 = ContractYear::of(d(2022, 4, 15), 5).unwrap();
        assert_eq!((y5.from, y5.to), (d(2026, 4, 15), d(2027, 4, 14)));
        assert_eq!(y5.days(), 365);
        let y2 = ContractYear::of(d(2023, 4, 15), 1).unwrap();
        assert_eq!(y2.days(), 366);
        assert_eq!(ContractYear::of(d(2023, 4, 15), 0), None);
    }

    #[test]
    fn the_contract_year_containing_a_day() {
        let signed = d(2022, 4, 15);
        assert_eq!(
            ContractYear::containing(signed, d(2022, 4, 15))
                .unwrap()
                .number,
            1
        );
        assert_eq!(
            ContractYear::containing(signed, d(2023, 4, 14))
                .unwrap()
                .number,
            1
        );
        assert_eq!(
            ContractYear::containing(signed, d(2023, 4, 15))
                .unwrap()
                .number,
            2
        );
        assert_eq!(
            ContractYear::containing(signed, d(2026, 11, 24))
                .unwrap()
                .number,
            5
        );
        assert_eq!(
            ContractYear::containing(signed, d(2027, 1, 1))
                .unwrap()
                .number,
            5
        );
        assert_eq!(ContractYear::containing(signed, d(2022, 4, 14)), None);
        let leap = d(2024, 2, 29);
        assert_eq!(
            ContractYear::containing(leap, d(2025, 2, 28))
                .unwrap()
                .number,
            2
        );
        assert_eq!(
            ContractYear::containing(leap, d(2025, 2, 27))
                .unwrap()
                .number,
            1
        );
    }

    #[test]
    fn leap_day_signature_rolls_to_28_february() {
        let y1 = ContractYear::of(d(2024, 2, 29), 1).unwrap();
        assert_eq!(y1.to, d(2025, 2, 27));
        let y2 = ContractYear::of(d(2024, 2, 29), 2).unwrap();
        assert_eq!((y2.from, y2.to), (d(2025, 2, 28), d(2026, 2, 27)));
        let y5 = ContractYear::of(d(2024, 2, 29), 5).unwrap();
        assert_eq!(y5.from, d(2028, 2, 29));
    }

    #[test]
    fn prorata_counts_days_from_start_to_year_end() {
        let y1 = ContractYear::of(d(2022, 4, 15), 1).unwrap();
        let p = Prorata::for_start(&y1, d(2022, 9, 1));
        // 1 September 2022 to 14 April 2023 inclusive.
        assert_eq!((p.days, p.of), (226, 365));
        assert!(Prorata::for_start(&y1, d(2022, 4, 15)).is_full());
        assert_eq!(Prorata::for_start(&y1, d(2023, 4, 15)).days, 0);
    }
}

/// Civil years, from the first to the last, both included (`--cash 2022:2024`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CivilYears {
    /// The first.
    pub first: i32,
    /// The last (not before the first).
    pub last: i32,
}

impl CivilYears {
    /// One civil year.
    pub fn one(year: i32) -> CivilYears {
        CivilYears {
            first: year,
            last: year,
        }
    }

    /// Each year, in order.
    pub fn each(self) -> std::ops::RangeInclusive<i32> {
        self.first..=self.last
    }

    /// 1 January of the first year and 31 December of the last; `None` out of the calendar.
    pub fn days(self) -> Option<(NaiveDate, NaiveDate)> {
        Some((
            NaiveDate::from_ymd_opt(self.first, 1, 1)?,
            NaiveDate::from_ymd_opt(self.last, 12, 31)?,
        ))
    }
}
