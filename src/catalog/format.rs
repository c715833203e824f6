//! The one formatter: every number, amount and date a person or a program reads is written here.
//! People read French forms (`57 500,00 €`, `80 %`, `226/365 j`); programs read plain forms
//! (`57500.00`, `0.8`), with a decimal comma in the French spreadsheet dialect. Display rounding
//! is half away from zero, like money. It lives with the words, below the layers that read input
//! and those that build reports, so both use it; `report::format` writes a report's cells with it.

use crate::catalog::Lang;
use crate::model::calendar::Prorata;
use crate::model::money::Money;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Money for programs: two decimals and a point, `57500.00`.
pub fn money_plain(m: Money) -> String {
    let mut out = String::with_capacity(16);
    m.write_plain(&mut out);
    out
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
    let mut out = String::with_capacity(12);
    write_percent(&mut out, f);
    out
}

/// [`percent`], appended to a buffer.
pub fn write_percent(out: &mut String, f: Decimal) {
    let start = out.len();
    let p = round(f * Decimal::ONE_HUNDRED, 2);
    crate::model::money::write_decimal_normalized(out, p);
    if let Some(point) = out[start..].find('.') {
        out.replace_range(start + point..=start + point, ",");
    }
    out.push_str(" %");
}

/// A measured value for people: a percentage (`71,2 %`), or a number of its own unit
/// (`87`, `1 250,5`).
pub fn measure(value: Decimal, percent_unit: bool) -> String {
    if percent_unit {
        return percent(value);
    }
    let plain = round(value, 6).normalize().to_string();
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = format!("{sign}{}", group_thousands(digits));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// A decimal for programs, to at most six decimals (indicator-weighted achievements can be
/// repeating decimals; amounts are computed from the exact value).
pub fn decimal_plain(d: Decimal) -> String {
    let mut out = String::new();
    write_decimal_plain(&mut out, d);
    out
}

/// [`decimal_plain`], appended to a buffer (a sweep writes one a point).
pub fn write_decimal_plain(out: &mut String, d: Decimal) {
    let d = if d.scale() > 6 { round(d, 6) } else { d };
    crate::model::money::write_decimal_normalized(out, d);
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
    let mut out = String::with_capacity(12);
    write_ratio(&mut out, part, whole);
    out
}

/// [`ratio`], appended to a buffer.
pub fn write_ratio(out: &mut String, part: Money, whole: Money) {
    if whole.value().is_zero() {
        out.push('—');
    } else {
        write_percent(out, part.value() / whole.value());
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

/// A day for people: `2026-04-15`, or `15/04/2026` in French.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        crate::catalog::Lang::En => d.to_string(),
        crate::catalog::Lang::Fr => d.format("%d/%m/%Y").to_string(),
    }
}

/// Why a text is not read as a day by [`read_day`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotADay {
    /// Written as a day, but the calendar has no such day (`31/02/2026`).
    NoSuchDay,
    /// Not written as a day.
    Unreadable,
}

/// A day as people write it, the one rule for files, spreadsheets and the command line: ISO
/// (`2026-04-15`), or day/month/year as French readers write it and [`date`] shows it
/// (`15/04/2026`); also with dots or dashes (`15.04.2026`, `15-04-2026`), year first with
/// slashes, and without zeros (`1/3/2026`, `2026-3-1`). The year has four digits.
pub fn read_day(s: &str) -> Result<NaiveDate, NotADay> {
    let s = s.trim();
    let day = |y: u32, m: u32, d: u32| {
        i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .ok_or(NotADay::NoSuchDay)
    };
    let number = |part: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    // `2024-04-15`, what nearly every file and spreadsheet holds: read without splitting.
    if let [_, _, _, _, b'-', _, _, b'-', _, _] = *s.as_bytes()
        && let (Some(y), Some(m), Some(d)) = (
            s.get(..4).and_then(|y| number(y, 4..=4)),
            s.get(5..7).and_then(|m| number(m, 2..=2)),
            s.get(8..).and_then(|d| number(d, 2..=2)),
        )
    {
        return day(y, m, d);
    }
    let sep = s
        .bytes()
        .find(|b| !b.is_ascii_digit())
        .filter(|b| matches!(b, b'-' | b'/' | b'.'))
        .ok_or(NotADay::Unreadable)?;
    let mut parts = s.split(char::from(sep));
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(NotADay::Unreadable);
    };
    let (year, month, d) = match (number(a, 4..=4), number(c, 4..=4)) {
        (Some(year), None) => (year, b, c),
        (None, Some(year)) => (year, b, a),
        _ => return Err(NotADay::Unreadable),
    };
    match (number(month, 1..=2), number(d, 1..=2)) {
        (Some(m), Some(d)) => day(year, m, d),
        _ => Err(NotADay::Unreadable),
    }
}

/// A day for programs (JSON): `2026-04-15`, whatever the language.
pub fn date_iso(d: NaiveDate) -> String {
    d.to_string()
}

/// A month for people: `Apr 2026`, `avr. 2026` (the catalog's month names).
pub fn month_people(lang: Lang, year: i32, month: u32) -> String {
    format!("{} {year}", month_name(lang, month))
}

/// A month's name for people: `Apr`, `avr.`.
pub fn month_name(lang: Lang, month: u32) -> String {
    lang.t("word.months")
        .split(',')
        .nth(month.saturating_sub(1) as usize)
        .map_or_else(|| format!("{month:02}"), |n| n.trim().to_string())
}

/// A month: `2026-04`.
pub fn month(year: i32, month: u32) -> String {
    format!("{year}-{month:02}")
}

/// A number for the French spreadsheet dialect: the decimal point becomes a comma.
pub fn comma(plain: &str) -> String {
    plain.replace('.', ",")
}

/// Money for people written into a buffer without allocating: `57 500,00 €` (the hot path of
/// streamed rows; the same form as [`money`]).
pub fn write_money(out: &mut String, m: Money, signed: bool) {
    let Some(cents) = m.cents() else {
        out.push_str(&if signed { money_signed(m) } else { money(m) });
        return;
    };
    if cents < 0 {
        out.push('-');
    } else if signed && cents > 0 {
        out.push('+');
    }
    let abs = cents.unsigned_abs();
    // The euros' digits, a space before each group of three from the right, then the cents:
    // pushed one by one (`write!` cost a table's cell more than all the rest of its writing).
    let mut buffer = itoa::Buffer::new();
    let euros = buffer.format(abs / 100);
    for (i, digit) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(digit);
    }
    out.push(',');
    let cents = abs % 100;
    if cents < 10 {
        out.push('0');
    }
    out.push_str(buffer.format(cents));
    out.push_str(" €");
}

/// Whether a character must not reach a reader raw: a control character (an escape sequence, a
/// bell, a C1 control; line breaks and tabs excepted), or a mark that changes the direction of
/// text (bidi embeddings, overrides and isolates), which can make a text show what it does not
/// say.
pub fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Whether a text holds a [`hidden`] character, read on its bytes rather than decoded: a
/// control character is a byte below 0x20 (a line break and a tab excepted) or 0x7f, or 0xc2
/// then 0x80 to 0x9f; a direction mark starts with 0xd8 0x9c (U+061C), 0xe2 0x80 or 0xe2 0x81.
/// A test holds it equal to [`hidden`] for every character.
fn holds_hidden(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(at, lead)| match lead {
        b'\t' | b'\n' => false,
        0x00..=0x1f | 0x7f => true,
        0xc2 => matches!(b.get(at + 1), Some(0x80..=0x9f)),
        0xd8 => b.get(at + 1) == Some(&0x9c),
        0xe2 => matches!(
            (b.get(at + 1), b.get(at + 2)),
            (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => false,
    })
}

/// Text for a document (a page, a chart): each [`hidden`] character replaced by U+FFFD, which
/// XML accepts and a reader sees.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !holds_hidden(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| if hidden(c) { '\u{fffd}' } else { c })
            .collect(),
    )
}

/// Text for a terminal: [`hidden`] characters (an escape sequence in a name, a carriage return,
/// a NUL, a bidi override) are shown escaped, `\u{1b}`, never sent raw; line breaks and tabs
/// stay.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !holds_hidden(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A chart axis's euros, whole: `250 000 €`.
pub fn axis_euros(v: f64) -> String {
    format!("{} €", group_thousands(&format!("{:.0}", v.round())))
}

/// A chart axis's fraction as a percentage: `20 %`.
pub fn axis_percent(v: f64) -> String {
    format!("{} %", axis_number((v * 100.0 * 1e6).round() / 1e6))
}

/// A chart axis's number: `80 000`, or up to six decimals.
pub fn axis_number(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        group_thousands(&format!("{v:.0}"))
    } else {
        format!("{}", (v * 1e6).round() / 1e6)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// The percentage written into a buffer is the rounded, normalized decimal as `Display`
    /// writes it, with a decimal comma: for every hundredth of a percent from -150 % to 150 %,
    /// thirds, and values too long for 64 bits.
    #[test]
    fn a_percentage_is_the_decimal_display_with_a_comma() {
        let former = |f: Decimal| {
            let p = round(f * Decimal::ONE_HUNDRED, 2).normalize();
            format!("{} %", p.to_string().replace('.', ","))
        };
        let thirds = (-9..=9).map(|n| Decimal::from(n) / Decimal::from(3));
        let long = [
            Decimal::MAX / Decimal::ONE_THOUSAND,
            -Decimal::MAX / Decimal::ONE_THOUSAND,
        ];
        for f in (-15_000..=15_000)
            .map(|n| Decimal::new(n, 4))
            .chain(thirds)
            .chain(long)
        {
            let mut out = String::from("→ ");
            write_percent(&mut out, f);
            assert_eq!(out, format!("→ {}", former(f)), "{f}");
        }
        assert_eq!(percent(Decimal::new(725, 3)), "72,5 %");
    }

    /// Every character, alone, between an accented letter and a euro sign, and before U+0080, is
    /// found hidden by the byte reading exactly when [`hidden`] says so: a byte table that missed
    /// a control character or a direction mark, or took a letter for one, fails here.
    #[test]
    fn a_text_holds_a_hidden_character_exactly_when_one_of_its_characters_is() {
        let mut alone = 0;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("é{c}€"), format!("{c}\u{80}")] {
                assert_eq!(
                    holds_hidden(&text),
                    text.chars().any(hidden),
                    "{c:?} in {text:?}"
                );
            }
            alone += usize::from(holds_hidden(&c.to_string()));
        }
        // The 65 control characters but the line break and the tab, and 12 direction marks.
        assert_eq!(alone, 63 + 12);
    }

    #[test]
    fn a_day_reads_as_people_and_spreadsheets_write_it_and_nothing_else() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or(NotADay::NoSuchDay);
        for (written, y, m, day) in [
            ("2024-04-15", 2024, 4, 15),
            (" 2024-04-15 ", 2024, 4, 15),
            ("15/04/2024", 2024, 4, 15),
            ("1/3/2026", 2026, 3, 1),
            ("01.03.2026", 2026, 3, 1),
            ("01-03-2026", 2026, 3, 1),
            ("2024-4-15", 2024, 4, 15),
            ("2026/03/01", 2026, 3, 1),
            ("2024-02-29", 2024, 2, 29),
        ] {
            assert_eq!(read_day(written), d(y, m, day), "{written}");
        }
        for no_such_day in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "31/02/2026",
        ] {
            assert_eq!(
                read_day(no_such_day),
                Err(NotADay::NoSuchDay),
                "{no_such_day}"
            );
        }
        for unreadable in [
            "2024-1a-01",
            "15/04/26",
            "15/04-2026",
            "2026",
            "",
            "2026-04-15-01",
            "123/04/2026",
            "15 avril 2026",
            "+2026-04-15",
        ] {
            assert_eq!(
                read_day(unreadable),
                Err(NotADay::Unreadable),
                "{unreadable}"
            );
        }
    }

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
    fn money_written_in_place_is_the_french_form() {
        for v in [
            "0",
            "0.05",
            "-0.05",
            "999.99",
            "1000",
            "57500",
            "-1500.5",
            "1234567.89",
            "123456789012.34",
            "100000",
            "1000000",
            "-0.01",
            "92233720368547758.07",
        ] {
            for signed in [false, true] {
                let mut buf = String::new();
                write_money(&mut buf, m(v), signed);
                let expected = if signed {
                    money_signed(m(v))
                } else {
                    money(m(v))
                };
                assert_eq!(buf, expected, "{v}");
            }
        }
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
