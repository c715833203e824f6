//! The one formatter: every number, amount and date a person or a program reads is written here.
//! People read French forms (`57 500,00 €`, `80 %`, `226/365 j`); programs read plain forms
//! (`57500.00`, `0.8`), with a decimal comma in the French spreadsheet dialect. Display rounding
//! is half away from zero, like money.

use crate::model::calendar::Prorata;
use crate::model::money::Money;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Money for programs: two decimals and a point, `57500.00`.
pub fn money_plain(m: Money) -> String {
    m.to_string()
}

/// Money for people: `57 500,00 €`.
pub fn money(m: Money) -> String {
    format!("{} €", money_number(m))
}

/// Money for people with an explicit sign for gains: `+9 000,00 €`, `-1 500,00 €`, `0,00 €`.
pub fn money_signed(m: Money) -> String {
    if m.value().is_sign_positive() && !m.value().is_zero() {
        format!("+{}", money(m))
    } else {
        money(m)
    }
}

/// Money for people without the currency sign: `57 500,00`.
pub fn money_number(m: Money) -> String {
    let plain = money_plain(m);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "00"));
    format!("{sign}{},{frac}", group_thousands(int))
}

/// Digits grouped by three with spaces, the French way: `1234567` → `1 234 567`.
pub fn group_thousands(digits: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    grouped
}

/// A whole number for people: `91 710`.
pub fn integer(n: u64) -> String {
    group_thousands(&n.to_string())
}

/// A fraction for people: `80 %`, `72,5 %`.
pub fn percent(f: Decimal) -> String {
    let p = round(f * Decimal::ONE_HUNDRED, 2).normalize();
    format!("{} %", p.to_string().replace('.', ","))
}

/// A decimal for programs, to at most six decimals (indicator-weighted achievements can be
/// repeating decimals; amounts are computed from the exact value).
pub fn decimal_plain(d: Decimal) -> String {
    round(d, 6).normalize().to_string()
}

/// A share for programs, to four decimals: `0.2711`; `0` when the whole is zero.
pub fn ratio_plain(part: Money, whole: Money) -> String {
    if whole.value().is_zero() {
        "0".into()
    } else {
        round(part.value() / whole.value(), 4)
            .normalize()
            .to_string()
    }
}

/// A share for people: `27,11 %`; `—` when the whole is zero.
pub fn ratio(part: Money, whole: Money) -> String {
    if whole.value().is_zero() {
        "—".to_string()
    } else {
        percent(part.value() / whole.value())
    }
}

/// A prorata for people: `1` for the whole year, `226/365 j` otherwise.
pub fn prorata(p: &Prorata) -> String {
    if p.is_full() {
        "1".to_string()
    } else {
        format!("{}/{} j", p.days, p.of)
    }
}

/// A prorata for programs: `1`, `0`, or the fraction to six decimals.
pub fn prorata_plain(p: &Prorata) -> String {
    if p.is_full() {
        "1".to_string()
    } else {
        decimal_plain(Decimal::from(p.days) / Decimal::from(p.of))
    }
}

/// A date: `2026-04-15`.
pub fn date(d: NaiveDate) -> String {
    d.to_string()
}

/// A month: `2026-04`.
pub fn month(year: i32, month: u32) -> String {
    format!("{year}-{month:02}")
}

/// A number for the French spreadsheet dialect: the decimal point becomes a comma.
pub fn comma(plain: &str) -> String {
    plain.replace('.', ",")
}

/// A cell for people (table, Markdown).
pub fn people(cell: &crate::report::Cell<'_>) -> String {
    use crate::report::Cell;
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.to_string(),
        Cell::Coded { word, .. } => word.to_string(),
        Cell::Money(m) => money(*m),
        Cell::SignedMoney(m) => money_signed(*m),
        Cell::MaybeMoney(m) => m.map_or_else(|| "—".to_string(), money),
        Cell::Fraction(f) => percent(*f),
        Cell::Share(part, whole) => ratio(*part, *whole),
        Cell::Number(d) => d.to_string(),
        Cell::Prorata(p) => prorata(p),
        Cell::Date(d) => date(*d),
        Cell::Count(n) => integer(*n),
        Cell::Int(n) => n.to_string(),
        Cell::Evidence(e) => crate::catalog::t(&format!("evidence.{}", e.as_str())).to_string(),
        Cell::Part(p) => crate::report::warnings::part_word(*p).to_string(),
        Cell::Bool(b) => crate::catalog::t(if *b { "word.yes" } else { "word.no" }).to_string(),
    }
}

/// A cell for programs (CSV): plain numbers, with a decimal comma when `comma`.
pub fn programs(cell: &crate::report::Cell<'_>, comma: bool) -> String {
    use crate::report::Cell;
    let number = |s: String| if comma { self::comma(&s) } else { s };
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.to_string(),
        Cell::Coded { code, .. } => code.to_string(),
        Cell::Money(m) | Cell::SignedMoney(m) | Cell::MaybeMoney(Some(m)) => {
            number(money_plain(*m))
        }
        Cell::MaybeMoney(None) => String::new(),
        Cell::Fraction(f) => number(decimal_plain(*f)),
        Cell::Share(part, whole) => number(ratio_plain(*part, *whole)),
        Cell::Number(d) => number(d.to_string()),
        Cell::Prorata(p) => number(prorata_plain(p)),
        Cell::Date(d) => date(*d),
        Cell::Count(n) => n.to_string(),
        Cell::Int(n) => n.to_string(),
        Cell::Evidence(e) => e.as_str().to_string(),
        Cell::Part(p) => p.as_str().to_string(),
        Cell::Bool(b) => b.to_string(),
    }
}

/// Whether a cell is text from a user's file or a table (not a number): what a spreadsheet could
/// take for a formula.
pub fn is_text(cell: &crate::report::Cell<'_>) -> bool {
    matches!(
        cell,
        crate::report::Cell::Text(_) | crate::report::Cell::Coded { .. }
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn m(s: &str) -> Money {
        Money::new(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn formats_plain_and_french() {
        assert_eq!(money_plain(m("57500")), "57500.00");
        assert_eq!(money(m("57500")), "57 500,00 €");
        assert_eq!(money_number(m("1234567.5")), "1 234 567,50");
        assert_eq!(money_number(m("-999.99")), "-999,99");
        assert_eq!(money_number(m("0")), "0,00");
        assert_eq!(money_signed(m("9000")), "+9 000,00 €");
        assert_eq!(money_signed(m("0")), "0,00 €");
    }

    #[test]
    fn fractions_round_half_away_from_zero() {
        assert_eq!(percent(Decimal::from_str("0.725").unwrap()), "72,5 %");
        assert_eq!(percent(Decimal::from_str("0.000125").unwrap()), "0,01 %");
        assert_eq!(
            decimal_plain(Decimal::from_str("0.0000125").unwrap()),
            "0.000013"
        );
        assert_eq!(integer(91710), "91 710");
    }
}
