//! What a CPTS can be: the bounds beyond which a value from a file or the command line is refused
//! (with the limit in the help), never wrapped, truncated or computed. Sanity bounds of input, not
//! figures of the ACI (those are in `tariffs/`); the README lists them.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Inhabitants of a territory: France has about 68 million.
pub const MAX_POPULATION: u64 = 100_000_000;

/// Members of a CPTS: the largest have a few hundred.
pub const MAX_MEMBERS: u64 = 100_000;

/// Contract years: a contract lasts 5 years; renewals stay far below this.
pub const MAX_CONTRACT_YEAR: u32 = 50;

/// The last year a date may fall in (signature, mission start, `--at`, a window).
pub const LAST_YEAR: i32 = 2100;

/// The last day a date may be.
pub fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The largest amount in euros a table or a contract may state for one line: the largest ACI
/// envelope is under a million.
pub fn max_amount() -> Decimal {
    Decimal::from(100_000_000u64)
}
