//! Output: one module per format, each returning a `String`. Nothing here computes an amount.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod table;
pub mod tariffs;

use crate::calendar::Prorata;
use crate::engine::{Line, Part};
use rust_decimal::Decimal;

/// A fraction for people: `80 %`, `72,5 %`.
pub fn percent_fr(f: Decimal) -> String {
    let p = (f * Decimal::ONE_HUNDRED).round_dp(2).normalize();
    format!("{} %", p.to_string().replace('.', ","))
}

/// A prorata for people: `1` for the whole year, `226/365 j` otherwise.
pub fn prorata_fr(p: &Prorata) -> String {
    if p.is_full() {
        "1".to_string()
    } else {
        format!("{}/{} j", p.days, p.of)
    }
}

/// A prorata for programs: `"1"`, `"0"`, or the fraction to six decimals.
pub fn prorata_plain(p: &Prorata) -> String {
    if p.is_full() {
        "1".to_string()
    } else {
        (Decimal::from(p.days) / Decimal::from(p.of))
            .round_dp(6)
            .normalize()
            .to_string()
    }
}

/// An achievement for programs, to at most six decimals (indicator-weighted achievements can be
/// repeating decimals; the amount is computed from the exact value).
pub fn decimal_plain(d: Decimal) -> String {
    d.round_dp(6).normalize().to_string()
}

/// A line's label for people: mission and part.
pub fn part_label(line: &Line) -> String {
    match line.part {
        Part::Uplift => format!(
            "{} ({})",
            Part::Uplift.label(),
            line.rate.map(percent_fr).unwrap_or_default()
        ),
        p => p.label().to_string(),
    }
}
