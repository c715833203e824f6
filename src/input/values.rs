//! Values read from TOML with the project's rules: money as a decimal string, fractions read
//! exactly, dates as TOML dates. Each type reports a bad value with the fix in the message, and
//! the TOML reader attaches the value's position.

use crate::catalog::Lang;
use crate::model::money::Money;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::str::FromStr;

/// Marks a problem a value's reader found, said as data in the text serde carries: the message
/// id, then each argument as `name` and value. A reader cannot know the reader's language (serde
/// calls it without one), so the words are found where the problem is shown ([`said`]).
const SAID: char = '\u{1}';
/// Separates the arguments of a problem said as data; a name from its value.
const ARG: char = '\u{2}';
const VALUE: char = '\u{3}';

/// A problem as data: message `KEY`, help `KEY_help` when the catalog has one.
pub(super) fn worded(key: &str, args: &[(&str, &str)]) -> String {
    let mut out = format!("{SAID}{key}");
    for (name, value) in args {
        out.extend([ARG]);
        out.push_str(name);
        out.extend([VALUE]);
        out.push_str(value);
    }
    out
}

/// Whether the reader that describes what it takes as `expected` takes `true` or `false`.
pub(super) fn takes_yes_or_no(expected: &str) -> bool {
    expected == "a boolean"
        || ["input.value.met_expected", "input.value.crisis_expected"]
            .iter()
            .any(|key| expected == worded(key, &[]))
}

/// What a value's reader said ([`worded`]), in a language's words: the message, and its help
/// when there is one; `None` for a text not said as data (a library's own).
pub fn said(lang: Lang, text: &str) -> Option<(String, Option<String>)> {
    let rest = text.strip_prefix(SAID)?;
    let mut parts = rest.split(ARG);
    let key = parts.next()?;
    let args: Vec<(&str, &str)> = parts
        .map(|p| p.split_once(VALUE).unwrap_or((p, "")))
        .collect();
    let help = crate::catalog::word_in(lang, &format!("{key}_help"))
        .map(|help| crate::catalog::fill_text(help, &args));
    Some((lang.fill(key, &args), help))
}

/// An amount in euros written as a string: `"57500.00"`, never a bare number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyText(pub Money);

impl<'de> Deserialize<'de> for MoneyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = MoneyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&worded("input.value.money_expected", &[]))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<MoneyText, E> {
                parse_money(s).map(MoneyText).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<MoneyText, E> {
                Err(E::custom(worded(
                    "input.value.money_integer",
                    &[("value", &v.to_string())],
                )))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<MoneyText, E> {
                self.visit_i64(v as i64)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<MoneyText, E> {
                Err(E::custom(worded(
                    "input.value.money_float",
                    &[("value", &format!("{v:.2}"))],
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// Parses a decimal money string: digits, at most two decimals, not negative.
pub fn parse_money(s: &str) -> Result<Money, String> {
    let t = s.trim();
    // One pass over the text: digits, signs and at most one decimal point, where it is.
    let (mut point, mut valid_shape) = (None, !t.is_empty());
    for (i, b) in t.bytes().enumerate() {
        match b {
            b'0'..=b'9' | b'-' => {}
            b'.' if point.is_none() => point = Some(i),
            _ => valid_shape = false,
        }
    }
    let value = Decimal::from_str(t)
        .ok()
        .filter(|_| valid_shape)
        .ok_or_else(|| match french_money(t) {
            Some(fixed) => worded(
                "input.value.french_money",
                &[("value", s), ("fixed", &fixed)],
            ),
            None => worded("input.value.not_money", &[("value", s)]),
        })?;
    if point.is_some_and(|at| t.len() - at - 1 > 2) {
        return Err(worded("input.value.money_decimals", &[("value", s)]));
    }
    if value.is_sign_negative() && !value.is_zero() {
        return Err(worded("input.value.money_negative", &[("value", s)]));
    }
    Ok(Money::new(value))
}

/// An amount as French figures write it — `2 000,00 €`, `1.500,50`, `2000 €`, `12,5` — as the
/// text to write instead (`2000.00`); `None` for any other text. A comma before three digits
/// (`1,500`) may be either way, and is not one.
fn french_money(t: &str) -> Option<String> {
    let t = t
        .strip_suffix('€')
        .or_else(|| t.strip_suffix("EUR"))
        .unwrap_or(t)
        .trim_end_matches(|c: char| c.is_whitespace() || super::THOUSANDS_APART.contains(&c));
    let (whole, cents) = match t.rsplit_once(',') {
        Some((whole, cents)) if (1..=2).contains(&cents.len()) && super::digits(cents) => {
            (whole, cents)
        }
        Some(_) => return None,
        None => (t, ""),
    };
    let whole = match super::digits(whole) {
        true => whole.to_string(),
        false => super::thousands(whole, |c| super::THOUSANDS_APART.contains(&c) || c == '.')?,
    };
    Some(format!("{whole}.{cents:0<2}"))
}

/// A fraction in [0, 1], written as a number (`0.8`, `1`) or a percentage string (`"80%"`),
/// read exactly: `0.8` is the decimal 0.8, not the binary float next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction(pub Decimal);

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(EXACT, FractionVisitor)
    }
}

/// The name under which the types that read a number exactly ask a reader for its literal text
/// (as bytes): the document gives a float's digits as written, where TOML's own reading would
/// round them to a binary float. Another reader gives the value as it has it.
pub const EXACT: &str = "$aci_cpts::exact";

/// A TOML number's literal ([`EXACT`]) as written, without its digit separators: `1_000.5` is
/// `1000.5`.
fn written(literal: &[u8]) -> String {
    String::from_utf8_lossy(literal).replace('_', "")
}

/// The decimal a number [`written`] says (`0.8`, `1000.5`, `5e-7`), exactly; refused when it has
/// more digits than a decimal holds.
fn literal<E: de::Error>(written: &str) -> Result<Decimal, E> {
    let exact = if written.contains(['e', 'E']) {
        Decimal::from_scientific(written)
    } else {
        Decimal::from_str_exact(written)
    };
    match exact {
        Ok(value) => Ok(value),
        // Beyond what a decimal holds: too large (`1e30`), or too many decimals.
        Err(_) if written.parse::<f64>().is_ok_and(|v| v.abs() >= 1e28) => Err(E::custom(worded(
            "input.value.number_too_large",
            &[("value", written)],
        ))),
        Err(_) => Err(E::custom(worded(
            "input.value.too_precise",
            &[("value", written)],
        ))),
    }
}

struct FractionVisitor;

impl<'de> Visitor<'de> for FractionVisitor {
    type Value = Fraction;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&worded("input.value.fraction_expected", &[]))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Fraction, E> {
        bare_fraction(Decimal::from(v), || v.to_string()).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Fraction, E> {
        bare_fraction(Decimal::from(v), || v.to_string()).map_err(E::custom)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Fraction, E> {
        let exact = exact_decimal(v).ok_or_else(|| {
            E::custom(worded(
                "input.value.not_fraction",
                &[("value", &v.to_string())],
            ))
        })?;
        bare_fraction(exact, || v.to_string()).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Fraction, E> {
        parse_percent(s).map_err(E::custom)
    }
    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Fraction, E> {
        let written = written(bytes);
        match literal::<E>(&written) {
            Ok(value) => bare_fraction(value, || written).map_err(E::custom),
            // A fraction too large for a decimal is above 1, which says more.
            Err(_) if written.parse::<f64>().is_ok_and(|v| v.abs() > 1.0) => Err(E::custom(
                worded("input.value.outside_unit", &[("value", &written)]),
            )),
            Err(e) => Err(e),
        }
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Fraction, D::Error> {
        d.deserialize_any(self)
    }
}

/// A value for every contract year, a list of them for contract years 1, 2, 3… (the last holds
/// for later years), or a range `{ low, likely, high }` for `risk`: the values, and the range as
/// given (its likely value is then the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerYear<T>(pub Vec<T>, pub Option<[T; 3]>);

/// An achievement per contract year: `0.8`, `"80%"`, `[0.5, 0.8, 1]` or a range.
pub type FractionByYear = PerYear<Decimal>;
/// A measured value per contract year: `87`, `"71.2%"`, `[120, 87]` or a range.
pub type MeasureByYear = PerYear<Measure>;
/// Whether an item was met, per contract year: `true`, `[false, true]` or a range.
pub type MetByYear = PerYear<bool>;

impl<T: YearValue> PerYear<T> {
    /// A range (low, likely, high), checked: low ≤ likely ≤ high.
    pub fn range(low: T, likely: T, high: T) -> Result<PerYear<T>, String> {
        if T::at_most(&low, &likely) && T::at_most(&likely, &high) {
            Ok(PerYear(vec![likely], Some([low, likely, high])))
        } else {
            Err(worded("input.value.range_order", &[]))
        }
    }
}

/// What a contract year's value is read as, and what its list and range say when wrong.
pub trait YearValue: Sized + Copy {
    /// How one value is written.
    type Read: for<'de> Deserialize<'de>;
    /// Whether one value is a number or a string (else a boolean).
    const NUMBER: bool;
    /// What is expected (a message id).
    const EXPECTED: &'static str;
    /// What an empty list is (a message id).
    const EMPTY: &'static str;
    /// The JSON Schema's name and description of a value per contract year.
    const BY_YEAR: (&'static str, &'static str);
    /// The value read.
    fn of(read: Self::Read) -> Self;
    /// Whether `a` is at most `b`, in a range.
    fn at_most(a: &Self, b: &Self) -> bool;
}

impl YearValue for Decimal {
    type Read = Fraction;
    const NUMBER: bool = true;
    const EXPECTED: &'static str = "input.value.fractions_expected";
    const EMPTY: &'static str = "input.value.no_achievements";
    const BY_YEAR: (&'static str, &'static str) = (
        "AchievementByYear",
        "An achievement, a list per contract year (the last holds for later years), or a range for `risk`.",
    );
    fn of(read: Fraction) -> Decimal {
        read.0
    }
    fn at_most(a: &Decimal, b: &Decimal) -> bool {
        a <= b
    }
}

impl YearValue for Measure {
    type Read = Measure;
    const NUMBER: bool = true;
    const EXPECTED: &'static str = "input.value.measures_expected";
    const EMPTY: &'static str = "input.value.no_measures";
    const BY_YEAR: (&'static str, &'static str) = (
        "MeasuredByYear",
        "A measured value, a list per contract year (the last holds for later years), or a range for `risk`.",
    );
    fn of(read: Measure) -> Measure {
        read
    }
    fn at_most(a: &Measure, b: &Measure) -> bool {
        a.value <= b.value
    }
}

impl YearValue for bool {
    type Read = bool;
    const NUMBER: bool = false;
    const EXPECTED: &'static str = "input.value.met_expected";
    const EMPTY: &'static str = "input.value.no_measures";
    const BY_YEAR: (&'static str, &'static str) = (
        "MetByYear",
        "Whether an item was met, a list per contract year, or a range for `risk` (false < true).",
    );
    fn of(read: bool) -> bool {
        read
    }
    fn at_most(a: &bool, b: &bool) -> bool {
        a <= b
    }
}

/// The parts of a range `{ low, likely, high }` as read (any may be missing: the caller says
/// so); another key is an error.
type Parts<T> = (Option<T>, Option<T>, Option<T>);

fn range_parts<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
) -> Result<Parts<T>, A::Error> {
    let (mut low, mut likely, mut high) = (None, None, None);
    while let Some(key) = map.next_key::<String>()? {
        let slot = match key.as_str() {
            "low" => &mut low,
            "likely" => &mut likely,
            "high" => &mut high,
            other => {
                return Err(de::Error::custom(worded(
                    "input.value.range_key",
                    &[("key", other)],
                )));
            }
        };
        *slot = Some(map.next_value::<T>()?);
    }
    Ok((low, likely, high))
}

/// A contract year in a list (`crisis_recognised = [2]`): 1 or more.
pub fn contract_year(y: i64) -> Result<u32, String> {
    u32::try_from(y).ok().filter(|y| *y >= 1).ok_or_else(|| {
        worded(
            "input.value.not_contract_year",
            &[("value", &y.to_string())],
        )
    })
}

/// A measured value of an indicator: a number of its own unit (`87` patients), or a
/// percentage string (`"71.2%"`, held as the fraction 0.712); never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// The value (a percentage as a fraction).
    pub value: Decimal,
    /// Whether it was written as a percentage.
    pub percent: bool,
}

impl Measure {
    fn number(value: Decimal, written: &str) -> Result<Measure, String> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(worded(
                "input.value.measure_negative",
                &[("value", written)],
            ));
        }
        Ok(Measure {
            value: value.normalize(),
            percent: false,
        })
    }
}

struct MeasureVisitor;

impl<'de> Visitor<'de> for MeasureVisitor {
    type Value = Measure;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&worded("input.value.measure_expected", &[]))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Measure, E> {
        Measure::number(Decimal::from(v), &v.to_string()).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Measure, E> {
        Measure::number(Decimal::from(v), &v.to_string()).map_err(E::custom)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Measure, E> {
        let exact = exact_decimal(v).ok_or_else(|| {
            E::custom(worded(
                "input.value.measure_not_number",
                &[("value", &v.to_string())],
            ))
        })?;
        Measure::number(exact, &v.to_string()).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Measure, E> {
        if s.trim().ends_with('%') {
            return parse_percent(s).map_err(E::custom).map(|f| Measure {
                value: f.0,
                percent: true,
            });
        }
        let value = Decimal::from_str(&s.trim().replace(',', "."))
            .map_err(|_| E::custom(worded("input.value.measure_not_number", &[("value", s)])))?;
        Measure::number(value, s).map_err(E::custom)
    }
    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Measure, E> {
        let written = written(bytes);
        Measure::number(literal(&written)?, &written).map_err(E::custom)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Measure, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Deserialize<'de> for Measure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(EXACT, MeasureVisitor)
    }
}

impl<'de, T: YearValue> Deserialize<'de> for PerYear<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::value::I64Deserializer;
        use serde::de::value::{BoolDeserializer, BytesDeserializer, F64Deserializer};
        use serde::de::value::{StrDeserializer, U64Deserializer};
        struct V<T>(std::marker::PhantomData<T>);
        /// One value, read as `T` reads it.
        fn one<'de, T: YearValue, E: de::Error>(
            d: impl Deserializer<'de, Error = E>,
        ) -> Result<PerYear<T>, E> {
            T::Read::deserialize(d).map(|r| PerYear(vec![T::of(r)], None))
        }
        impl<'de, T: YearValue> Visitor<'de> for V<T> {
            type Value = PerYear<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&worded(T::EXPECTED, &[]))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<PerYear<T>, E> {
                match T::NUMBER {
                    true => Err(E::invalid_type(de::Unexpected::Bool(v), &self)),
                    false => one(BoolDeserializer::new(v)),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PerYear<T>, E> {
                match T::NUMBER {
                    true => one(I64Deserializer::new(v)),
                    false => Err(E::invalid_type(de::Unexpected::Signed(v), &self)),
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PerYear<T>, E> {
                match T::NUMBER {
                    true => one(U64Deserializer::new(v)),
                    false => Err(E::invalid_type(de::Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PerYear<T>, E> {
                match T::NUMBER {
                    true => one(F64Deserializer::new(v)),
                    false => Err(E::invalid_type(de::Unexpected::Float(v), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PerYear<T>, E> {
                match T::NUMBER {
                    true => one(StrDeserializer::new(v)),
                    false => Err(E::invalid_type(de::Unexpected::Str(v), &self)),
                }
            }
            // A number's literal ([`EXACT`]).
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<PerYear<T>, E> {
                match T::NUMBER {
                    true => one(BytesDeserializer::new(v)),
                    false => {
                        let float = written(v).parse();
                        Err(E::invalid_type(
                            de::Unexpected::Float(float.unwrap_or(f64::NAN)),
                            &self,
                        ))
                    }
                }
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<PerYear<T>, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<PerYear<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(r) = seq.next_element::<T::Read>()? {
                    out.push(T::of(r));
                }
                if out.is_empty() {
                    return Err(de::Error::custom(worded(T::EMPTY, &[])));
                }
                Ok(PerYear(out, None))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<PerYear<T>, A::Error> {
                match range_parts::<_, T::Read>(&mut map)? {
                    (Some(l), Some(m), Some(h)) => {
                        PerYear::range(T::of(l), T::of(m), T::of(h)).map_err(de::Error::custom)
                    }
                    _ => Err(de::Error::custom(worded("input.value.range_missing", &[]))),
                }
            }
        }
        d.deserialize_newtype_struct(EXACT, V(std::marker::PhantomData))
    }
}

/// `crisis_recognised`: `true`/`false` (the contract year computed) or the list of contract years
/// with a recognised crisis, e.g. `[2]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrisisInput {
    /// A crisis in the scenario's contract year, or none.
    Flag(bool),
    /// The contract years with a crisis.
    Years(Vec<u32>),
}

impl<'de> Deserialize<'de> for CrisisInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CrisisInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&worded("input.value.crisis_expected", &[]))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<CrisisInput, E> {
                Ok(CrisisInput::Flag(v))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<CrisisInput, A::Error> {
                let mut years = Vec::new();
                while let Some(y) = seq.next_element::<i64>()? {
                    years.push(contract_year(y).map_err(de::Error::custom)?);
                }
                Ok(CrisisInput::Years(years))
            }
        }
        d.deserialize_any(V)
    }
}

/// The decimal a TOML float was written as. Rust prints the shortest digits that read back as the
/// same float, which are the digits the user typed whenever they typed 15 significant digits or
/// fewer.
pub fn exact_decimal(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    Decimal::from_str(&v.to_string()).ok()
}

/// A fraction checked to lie in [0, 1]; `written` says it, as written, when it does not.
pub(super) fn in_unit_range(
    value: Decimal,
    written: impl FnOnce() -> String,
) -> Result<Fraction, String> {
    if value < Decimal::ZERO || value > Decimal::ONE {
        return Err(worded("input.value.outside_unit", &[("value", &written())]));
    }
    Ok(Fraction(value.normalize()))
}

/// A fraction written as a bare number, checked to lie in [0, 1]; one that can only be a
/// percentage without its sign (`80`) is said so, with the percentage to write (`"80%"`).
fn bare_fraction(value: Decimal, written: impl FnOnce() -> String) -> Result<Fraction, String> {
    if percent_without_sign(value) {
        let written = written();
        let fixed = format!("\u{22}{written}%\u{22}");
        return Err(worded(
            "input.value.percent_without_sign",
            &[("value", &written), ("fixed", &fixed)],
        ));
    }
    in_unit_range(value, written)
}

/// Whether a number given where a fraction in [0, 1] is wanted can only be a percentage written
/// without its sign: from 2 to 100 (`80`). It is said so, with the form to write, and never taken
/// for one. Between 1 and 2 (`1.2`), it is more likely a fraction past the whole (120 %), and is
/// said to be one.
pub(super) fn percent_without_sign(number: Decimal) -> bool {
    number >= Decimal::TWO && number <= Decimal::ONE_HUNDRED
}

/// A percentage string (`"80%"`, `"80,5 %"`) as an exact fraction in [0, 1].
pub fn parse_percent(s: &str) -> Result<Fraction, String> {
    let body = s.trim();
    let Some(number) = body.strip_suffix('%') else {
        // A number in quotes: the number to write, without them (`"0,8"` is 0.8), or, above 1,
        // the percentage it is (`"80"` is "80%").
        let plain = body.replace(',', ".");
        if let Ok(number) = Decimal::from_str(&plain) {
            let fixed = match percent_without_sign(number) {
                true => format!("\u{22}{plain}%\u{22}"),
                false => plain,
            };
            return Err(worded(
                "input.value.quoted_number",
                &[("value", s), ("fixed", &fixed)],
            ));
        }
        return Err(worded("input.value.not_percent", &[("value", s)]));
    };
    let number = number.trim().replace(',', ".");
    let value = Decimal::from_str(&number)
        .map_err(|_| worded("input.value.bad_percent", &[("value", s)]))?;
    let fraction = value
        .checked_div(Decimal::ONE_HUNDRED)
        .ok_or_else(|| worded("input.value.percent_out_of_range", &[("value", s)]))?;
    in_unit_range(fraction, || format!("\"{s}\""))
}

/// A TOML date without a time: `2022-04-15`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = match toml::Value::deserialize(d)? {
            toml::Value::Datetime(dt) => dt,
            // `"15/04/2026"`: said with the date to write, when it is one.
            toml::Value::String(s) => {
                use crate::catalog::format::{date_iso, read_day};
                return Err(de::Error::custom(match read_day(s.trim()) {
                    Ok(day) => worded(
                        "input.value.day_in_quotes",
                        &[("value", &s), ("fixed", &date_iso(day))],
                    ),
                    Err(_) => worded("input.value.date_as_string", &[("value", &s)]),
                }));
            }
            other => {
                return Err(de::Error::custom(worded(
                    "input.value.not_date",
                    &[("found", other.type_str())],
                )));
            }
        };
        let date = match (dt.date, dt.time) {
            (Some(date), None) => date,
            _ => {
                return Err(de::Error::custom(worded(
                    "input.value.not_plain_date",
                    &[("value", &dt.to_string())],
                )));
            }
        };
        NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
            .map(Date)
            .ok_or_else(|| {
                de::Error::custom(worded(
                    "input.value.invalid_day",
                    &[("value", &dt.to_string())],
                ))
            })
    }
}

/// A decimal written as a string, such as a rate `"0.10"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecimalText(pub Decimal);

impl<'de> Deserialize<'de> for DecimalText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DecimalText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&worded("input.value.decimal_expected", &[]))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<DecimalText, E> {
                Decimal::from_str(s.trim())
                    .map(DecimalText)
                    .map_err(|_| E::custom(worded("input.value.not_decimal", &[("value", s)])))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_read_as_the_decimal_typed() {
        assert_eq!(exact_decimal(0.8), Some(Decimal::from_str("0.8").unwrap()));
        assert_eq!(exact_decimal(0.1), Some(Decimal::from_str("0.1").unwrap()));
        assert_eq!(
            exact_decimal(0.333),
            Some(Decimal::from_str("0.333").unwrap())
        );
        assert_eq!(exact_decimal(f64::NAN), None);
    }

    #[test]
    fn percentages() {
        let p = |s| parse_percent(s).map(|f| f.0.to_string());
        assert_eq!(p("80%"), Ok("0.8".to_string()));
        assert_eq!(p("72,5 %"), Ok("0.725".to_string()));
        assert_eq!(p("100%"), Ok("1".to_string()));
        let words = |e: String| said(Lang::En, &e).expect("said as data").0;
        assert!(words(p("120%").unwrap_err()).contains("outside [0, 1]"));
        assert!(words(p("eighty").unwrap_err()).contains("not a percentage"));
        // A number in quotes: the number to write, with a point.
        let (message, help) = said(Lang::En, &p("0,8").unwrap_err()).expect("said as data");
        assert!(
            message.contains("\"0,8\" is a number in quotes"),
            "{message}"
        );
        assert!(help.is_some_and(|h| h.contains("write 0.8")));
        let (_, help) = said(Lang::En, &p("80").unwrap_err()).expect("said as data");
        assert!(help.is_some_and(|h| h.contains("write \"80%\"")));
    }

    #[test]
    fn a_problem_said_as_data_is_worded_in_the_readers_language() {
        let e = parse_percent("120%").unwrap_err();
        let (en, en_help) = said(Lang::En, &e).expect("said as data");
        let (fr, fr_help) = said(Lang::Fr, &e).expect("said as data");
        assert_eq!(
            en,
            Lang::En.fill("input.value.outside_unit", &[("value", "\"120%\"")])
        );
        assert_eq!(
            fr,
            Lang::Fr.fill("input.value.outside_unit", &[("value", "\"120%\"")])
        );
        assert_ne!(en, fr);
        assert!(en_help.is_some() && fr_help.is_some() && en_help != fr_help);
        // A value holding a placeholder is written as it is, never filled in turn.
        let e = parse_money("{value}x").unwrap_err();
        assert!(said(Lang::En, &e).expect("said").0.contains("{value}x"));
        // A library's own text is not said as data.
        assert_eq!(said(Lang::En, "invalid length 2"), None);
    }

    #[test]
    fn money_strings() {
        assert_eq!(parse_money("57500.00").unwrap().to_string(), "57500.00");
        assert_eq!(parse_money("57500").unwrap().to_string(), "57500.00");
        let words = |s| {
            said(Lang::En, &parse_money(s).unwrap_err())
                .expect("said")
                .0
        };
        assert!(words("1.005").contains("two decimals"));
        assert!(words("-5.00").contains("negative"));
        assert!(words("1e5").contains("not an amount"));
    }

    /// An amount written as French figures write it is refused with the text to write; one that
    /// may be read two ways (`1,500`), or is no amount, is not given one.
    #[test]
    fn an_amount_in_french_figures_is_said_with_the_text_to_write() {
        let help = |s| {
            said(Lang::En, &parse_money(s).unwrap_err())
                .expect("said")
                .1
                .expect("help")
        };
        for (written, fixed) in [
            ("12 000", "12000.00"),
            ("2 000,00 €", "2000.00"),
            ("2\u{202f}000,5\u{a0}€", "2000.50"),
            ("1.500,50", "1500.50"),
            ("2000 €", "2000.00"),
            ("2000EUR", "2000.00"),
            ("12,5", "12.50"),
            ("1 234 567,89", "1234567.89"),
        ] {
            assert_eq!(help(written), format!("write \"{fixed}\""), "{written}");
        }
        for written in [
            "1,500",
            "12 00",
            "2 000,123",
            "€",
            "deux mille",
            "-2 000,00",
            "1,5,0",
        ] {
            assert!(!help(written).starts_with("write \""), "{written}");
        }
    }
}

// JSON Schemas of these values, for editors (`aci-cpts schema`). A TOML language server checks a
// TOML date against a string of format `date`.
mod schemas {
    use super::{Date, DecimalText, Fraction, MoneyText};
    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    impl JsonSchema for MoneyText {
        fn schema_name() -> Cow<'static, str> {
            "Money".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "Euros as a string with at most two decimals, e.g. \"20000.00\".",
                "type": "string",
                "pattern": "^[0-9]+(\\.[0-9]{1,2})?$"
            })
        }
    }

    impl JsonSchema for Fraction {
        fn schema_name() -> Cow<'static, str> {
            "Achievement".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A fraction in [0, 1] (0.8) or a percentage string (\"80%\").",
                "anyOf": [
                    { "type": "number", "minimum": 0, "maximum": 1 },
                    { "type": "string", "pattern": "^\\s*[0-9]+([.,][0-9]+)?\\s*%\\s*$" }
                ]
            })
        }
    }

    impl JsonSchema for super::Measure {
        fn schema_name() -> Cow<'static, str> {
            "Measured".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A measured value: a number of the indicator's unit (87) or a percentage string (\"71.2%\").",
                "anyOf": [
                    { "type": "number", "minimum": 0 },
                    { "type": "string", "pattern": "^\\s*[0-9]+([.,][0-9]+)?\\s*%?\\s*$" }
                ]
            })
        }
    }

    /// One value, a list of them per contract year, or a range `{ low, likely, high }`.
    impl<T: super::YearValue> JsonSchema for super::PerYear<T>
    where
        T::Read: JsonSchema,
    {
        fn schema_name() -> Cow<'static, str> {
            T::BY_YEAR.0.into()
        }
        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let one = generator.subschema_for::<T::Read>();
            json_schema!({
                "description": T::BY_YEAR.1,
                "anyOf": [
                    one,
                    { "type": "array", "items": one, "minItems": 1 },
                    {
                        "type": "object",
                        "properties": { "low": one, "likely": one, "high": one },
                        "required": ["low", "likely", "high"],
                        "additionalProperties": false
                    }
                ]
            })
        }
    }

    impl JsonSchema for super::CrisisInput {
        fn schema_name() -> Cow<'static, str> {
            "CrisisRecognised".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "true/false for the contract year computed, or the list of contract years with a crisis recognised by the ARS.",
                "anyOf": [
                    { "type": "boolean" },
                    { "type": "array", "items": { "type": "integer", "minimum": 1 } }
                ]
            })
        }
    }

    impl JsonSchema for Date {
        fn schema_name() -> Cow<'static, str> {
            "Date".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A TOML date without quotes, e.g. 2022-04-15.",
                "type": "string",
                "format": "date"
            })
        }
    }

    impl JsonSchema for DecimalText {
        fn schema_name() -> Cow<'static, str> {
            "DecimalText".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A decimal written as a string, e.g. \"0.10\".",
                "type": "string",
                "pattern": "^-?[0-9]+(\\.[0-9]+)?$"
            })
        }
    }
}
