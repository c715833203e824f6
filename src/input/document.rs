//! A TOML file read once into a document that keeps the place of every key and value, and read
//! from there into the input types by a serde deserializer whose errors are data — what is
//! wrong, and where — so that every message is worded by the catalog from what the reader knows,
//! not by rewriting another library's sentences.
//!
//! Every key that a table does not take is collected as the document is read, without stopping;
//! a value of the wrong type stops the reading, is taken out of the document, and the rest is
//! read again, so that a file with N problems gets N messages in one run.
//!
//! A table read into a struct takes only the struct's keys: every input type denies unknown keys
//! (`#[serde(deny_unknown_fields)]`, which the schemas say as `additionalProperties: false`).

use serde::de::{self, DeserializeOwned, Expected, IntoDeserializer, Unexpected, Visitor};
use std::cell::RefCell;
use std::fmt;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

/// What is wrong with a value that is valid TOML.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// A key the table does not take, and the keys it takes.
    UnknownKey {
        /// The key as written.
        key: String,
        /// The keys allowed there.
        allowed: &'static [&'static str],
    },
    /// A key the table needs and does not have.
    MissingKey(&'static str),
    /// A value of another kind than the key takes.
    WrongType {
        /// What was written.
        found: Found,
        /// What the key takes, as the type reading it describes it.
        expected: String,
    },
    /// A whole number too large to be held.
    TooLarge(String),
    /// A value the input type refused, as it said it (worded by [`super::values::said`]).
    Said(String),
}

/// What was written where another kind of value was wanted.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// Text.
    Text(String),
    /// A decimal number.
    Decimal(String),
    /// A whole number.
    Integer(String),
    /// `true` or `false`.
    Bool(bool),
    /// A table.
    Table,
    /// A list.
    List,
}

/// One problem of a document, at its place when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// What is wrong.
    pub what: What,
    /// Where, as a byte range of the text.
    pub span: Option<Range<usize>>,
}

impl Problem {
    fn new(what: What) -> Problem {
        Problem { what, span: None }
    }

    /// A decimal of the wrong type said as it is written (`95.000`, not `95`).
    fn written_as(mut self, literal: &str) -> Problem {
        if let What::WrongType {
            found: Found::Decimal(said),
            ..
        } = &mut self.what
        {
            *said = literal.to_string();
        }
        self
    }

    /// The problem, placed at `span` when it has no place yet.
    fn at(mut self, span: Range<usize>) -> Problem {
        self.span.get_or_insert(span);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.what)
    }
}

impl std::error::Error for Problem {}

impl de::Error for Problem {
    fn custom<T: fmt::Display>(msg: T) -> Problem {
        Problem::new(What::Said(msg.to_string()))
    }

    fn invalid_type(found: Unexpected<'_>, expected: &dyn Expected) -> Problem {
        let found = match found {
            Unexpected::Str(s) => Found::Text(s.to_string()),
            Unexpected::Float(x) => Found::Decimal(x.to_string()),
            Unexpected::Signed(i) => Found::Integer(i.to_string()),
            Unexpected::Unsigned(u) => Found::Integer(u.to_string()),
            Unexpected::Bool(b) => Found::Bool(b),
            Unexpected::Seq => Found::List,
            _ => Found::Table,
        };
        Problem::new(What::WrongType {
            found,
            expected: expected.to_string(),
        })
    }

    fn invalid_value(found: Unexpected<'_>, expected: &dyn Expected) -> Problem {
        Problem::invalid_type(found, expected)
    }

    fn unknown_field(key: &str, allowed: &'static [&'static str]) -> Problem {
        Problem::new(What::UnknownKey {
            key: key.to_string(),
            allowed,
        })
    }

    fn missing_field(key: &'static str) -> Problem {
        Problem::new(What::MissingKey(key))
    }
}

/// A document read from a text: its top-level table with the places of everything in it.
pub struct Document<'i> {
    root: Spanned<DeValue<'i>>,
}

impl<'i> Document<'i> {
    /// Reads a text as TOML; fails on the first syntax error.
    pub fn parse(text: &'i str) -> Result<Document<'i>, toml::de::Error> {
        let table = DeTable::parse(text)?;
        let span = table.span();
        Ok(Document {
            root: Spanned::new(span, DeValue::Table(table.into_inner())),
        })
    }

    /// Reads the document into `T`, with every problem found — each value of the wrong type
    /// taken out so that the rest is read too. A key that is missing because it was taken out
    /// (its problem is said already) takes its table out in turn; at the top, the reading stops.
    /// `taken_out` names the keys whose lines were taken out before (a syntax error on them).
    ///
    /// The value is given when nothing is wrong, and also when what is read past the problems
    /// can still be checked: every problem is inside an entry of a table of the top (a mission,
    /// a cross-check), none of those named `referenced` (a table others point to: its sources,
    /// its bands), since the top says what the file is and a referenced entry taken out would be
    /// missed elsewhere. The checks then stay quiet in [`Reading::quiet`]: those entries.
    pub fn read<T: DeserializeOwned>(
        mut self,
        limit: usize,
        mut taken_out: Vec<String>,
        referenced: &[&str],
    ) -> Reading<T> {
        let mut problems: Vec<Problem> = Vec::new();
        let mut quiet: Vec<Range<usize>> = Vec::new();
        let mut checkable = taken_out.is_empty();
        while problems.len() < limit {
            let unknown = RefCell::new(Vec::new());
            let read = T::deserialize(Node {
                value: &self.root,
                unknown: &unknown,
            });
            for p in unknown.into_inner() {
                // Past the limit, a file has something else wrong with it (a list pasted in).
                if problems.len() >= limit {
                    checkable = false;
                    break;
                }
                if !problems.contains(&p) {
                    let at = p.span.as_ref().map(|s| s.start);
                    checkable &= self.keep_quiet(at, referenced, &mut quiet);
                    problems.push(p);
                }
            }
            let mut problem = match read {
                Ok(value) => {
                    return Reading {
                        value: Some(value).filter(|_| checkable),
                        problems,
                        quiet,
                    };
                }
                Err(problem) => problem,
            };
            // A key missing from the whole file has no line of its own: the caller places it.
            if problem.span == Some(self.root.span()) {
                problem.span = None;
            }
            let at = problem.span.as_ref().map(|s| s.start);
            checkable &= self.keep_quiet(at, referenced, &mut quiet);
            // A key missing because it was taken out, or misspelt (`membres` for `members`), is
            // said already.
            let said = match problem.what {
                What::MissingKey(key) => {
                    taken_out.iter().any(|k| k == key)
                        || problems
                            .iter()
                            .any(|p| misspells(p, key, problem.span.as_ref()))
                }
                _ => false,
            };
            let path = at.and_then(|at| path_to(&self.root, at));
            if !said {
                problems.push(problem);
            }
            let Some(path) = path else {
                break;
            };
            taken_out.push(take_out(&mut self.root, &path));
        }
        Reading {
            value: None,
            problems,
            quiet,
        }
    }

    /// Adds to `quiet` the entry that holds a problem at `at`; `false` when there is none to
    /// keep quiet (the problem is at the top, in a table others point to, or nowhere), and what
    /// reads past it cannot be checked.
    fn keep_quiet(
        &self,
        at: Option<usize>,
        referenced: &[&str],
        quiet: &mut Vec<Range<usize>>,
    ) -> bool {
        at.and_then(|at| self.entry_holding(at, referenced))
            .map(|extent| quiet.push(extent))
            .is_some()
    }

    /// Where the entry of a table of the top that holds `at` is written — from its key to its
    /// last value — or, below it, the deepest table that the problem is inside of (an indicator
    /// of a mission, a palier, a band's amount in a table's line): only that stays quiet, and
    /// the rest of the entry is checked. A problem that is a table itself (taken out whole, its
    /// needed key taken out) keeps quiet the table that held it, whose own checks (how many it
    /// holds, which bands it has) would then speak of it. `None` at the top itself, in a table
    /// named `referenced`, or nowhere.
    fn entry_holding(&self, at: usize, referenced: &[&str]) -> Option<Range<usize>> {
        let path = path_to(&self.root, at)?;
        let [Step::Key(table), _, ..] = path.as_slice() else {
            return None;
        };
        if referenced.contains(&table.as_str()) {
            return None;
        }
        let (top_key, top) = step_down(&self.root, &path[0])?;
        let (key, entry) = step_down(top, &path[1])?;
        // An element of a list of the top (a cross-check) is written from the list's key.
        let mut holding = (key.or(top_key)?, entry);
        let mut node = entry;
        // Down to the problem's own place, which is not a table it is inside of.
        for step in path.get(2..path.len() - 1).unwrap_or_default() {
            let Some((key, child)) = step_down(node, step) else {
                break;
            };
            if let DeValue::Table(_) = child.get_ref() {
                holding = (key.unwrap_or_else(|| child.span()), child);
            }
            node = child;
        }
        let (mut extent, table) = holding;
        widen(&mut extent, table);
        Some(extent)
    }
}

/// One step down a document: the value at a key of a table, with the key's place, or at an
/// index of a list.
fn step_down<'a, 'i>(
    node: &'a Spanned<DeValue<'i>>,
    step: &Step,
) -> Option<(Option<Range<usize>>, &'a Spanned<DeValue<'i>>)> {
    match (node.get_ref(), step) {
        (DeValue::Table(t), Step::Key(k)) => {
            let (key, value) = t.get_key_value(&text_key(k))?;
            Some((Some(key.span()), value))
        }
        (DeValue::Array(items), Step::Index(i)) => Some((None, items.get(*i)?)),
        _ => None,
    }
}

/// Whether `p` is an unknown key of the table that misses `key` (inside `table`, its place, when
/// it has one) that is spelt like it: its "did you mean" names `key`.
fn misspells(p: &Problem, key: &str, table: Option<&Range<usize>>) -> bool {
    let What::UnknownKey {
        key: written,
        allowed,
    } = &p.what
    else {
        return false;
    };
    let inside = match (table, &p.span) {
        (Some(table), Some(span)) => table.contains(&span.start),
        (Some(_), None) => false,
        (None, _) => true,
    };
    inside && allowed.contains(&key) && super::key_meant(written, allowed) == Some(key)
}

/// What reading a document gives.
pub struct Reading<T> {
    /// The value read, when there is one to check.
    pub value: Option<T>,
    /// Every problem found.
    pub problems: Vec<Problem>,
    /// Where a check would say again what a problem says: the entries that hold them.
    pub quiet: Vec<Range<usize>>,
}

/// Widens `extent` to everything a value holds: keys, values and what they hold.
fn widen(extent: &mut Range<usize>, value: &Spanned<DeValue<'_>>) {
    let span = value.span();
    extent.start = extent.start.min(span.start);
    extent.end = extent.end.max(span.end);
    match value.get_ref() {
        DeValue::Table(t) => {
            for (k, v) in t.iter() {
                extent.start = extent.start.min(k.span().start);
                extent.end = extent.end.max(k.span().end);
                widen(extent, v);
            }
        }
        DeValue::Array(items) => items.iter().for_each(|v| widen(extent, v)),
        _ => {}
    }
}

/// A key to look up: keys compare by their text, whatever their place.
fn text_key<'i>(key: &str) -> Spanned<DeString<'i>> {
    Spanned::new(0..0, DeString::Owned(key.to_string()))
}

/// One step down a document: a key of a table, or an element of a list.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The way down to the deepest entry that holds `at` — a key and its value, or an element of a
/// list; a list of tables starts where its first table does, and the table is meant.
fn path_to(value: &Spanned<DeValue<'_>>, at: usize) -> Option<Vec<Step>> {
    let holds = |span: Range<usize>| span.start <= at && at < span.end.max(span.start + 1);
    // Each entry: its key (a table's) or its index (a list's), and its value.
    let entries: Box<dyn Iterator<Item = (Result<&Spanned<DeString<'_>>, usize>, _)>> =
        match value.get_ref() {
            DeValue::Table(table) => Box::new(table.iter().map(|(k, v)| (Ok(k), v))),
            DeValue::Array(items) => Box::new(items.iter().enumerate().map(|(i, v)| (Err(i), v))),
            _ => return None,
        };
    for (key, inner) in entries {
        let step = || match key {
            Ok(k) => Step::Key(k.get_ref().to_string()),
            Err(i) => Step::Index(i),
        };
        if key.is_ok_and(|k| holds(k.span())) {
            return Some(vec![step()]);
        }
        if let Some(mut deeper) = path_to(inner, at) {
            deeper.insert(0, step());
            return Some(deeper);
        }
        if inner.span().start == at || holds(inner.span()) {
            return Some(vec![step()]);
        }
    }
    None
}

/// Takes the entry at the end of `path` out of the document, and returns its key (empty for an
/// element of a list).
fn take_out(value: &mut Spanned<DeValue<'_>>, path: &[Step]) -> String {
    let Some((last, parents)) = path.split_last() else {
        return String::new();
    };
    let mut node = value;
    for step in parents {
        let child = match (node.get_mut(), step) {
            (DeValue::Table(t), Step::Key(k)) => t.get_mut(&text_key(k)),
            (DeValue::Array(a), Step::Index(i)) => a.get_mut(*i),
            _ => None,
        };
        let Some(child) = child else {
            return String::new();
        };
        node = child;
    }
    match (node.get_mut(), last) {
        (DeValue::Table(t), Step::Key(k)) => {
            t.remove(&text_key(k));
            k.clone()
        }
        (DeValue::Array(items), Step::Index(index)) => {
            *items = std::mem::replace(items, toml::de::DeArray::new())
                .into_iter()
                .enumerate()
                .filter(|(i, _)| i != index)
                .map(|(_, v)| v)
                .collect();
            String::new()
        }
        _ => String::new(),
    }
}

/// A value of the document, read by serde.
#[derive(Clone, Copy)]
struct Node<'a, 'i> {
    value: &'a Spanned<DeValue<'i>>,
    /// Keys found where they are not taken, gathered without stopping.
    unknown: &'a RefCell<Vec<Problem>>,
}

impl<'de> IntoDeserializer<'de, Problem> for Node<'_, '_> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl Node<'_, '_> {
    fn table<'de, V: Visitor<'de>>(
        self,
        fields: Option<&'static [&'static str]>,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        let span = self.value.span();
        match self.value.get_ref() {
            DeValue::Table(table) => visitor
                .visit_map(Entries {
                    entries: table.iter(),
                    value: None,
                    fields,
                    unknown: self.unknown,
                })
                .map_err(|p| p.at(span)),
            _ => de::Deserializer::deserialize_any(self, visitor),
        }
    }
}

impl<'de> de::Deserializer<'de> for Node<'_, '_> {
    type Error = Problem;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        let span = self.value.span();
        let unknown = self.unknown;
        match self.value.get_ref() {
            DeValue::String(s) => visitor.visit_str(s),
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(i) => visitor.visit_i64(i),
                Err(_) => Err(Problem::new(What::TooLarge(i.to_string()))),
            },
            DeValue::Float(x) => match x.as_str().parse::<f64>() {
                // An overflow reads as infinite; TOML writes infinity `inf`.
                Ok(v) if !v.is_infinite() || x.as_str().contains("inf") => visitor
                    .visit_f64(v)
                    .map_err(|p: Problem| p.written_as(x.as_str())),
                _ => Err(Problem::new(What::TooLarge(x.to_string()))),
            },
            DeValue::Boolean(b) => visitor.visit_bool(*b),
            DeValue::Datetime(d) => {
                visitor.visit_map(toml_datetime::de::DatetimeDeserializer::new(*d))
            }
            DeValue::Array(items) => visitor.visit_seq(Items {
                items: items.iter(),
                unknown,
            }),
            DeValue::Table(_) => self.table(None, visitor),
        }
        .map_err(|p| p.at(span))
    }

    // `None` is a key that is missing: a value written is `Some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        let span = self.value.span();
        visitor.visit_some(self).map_err(|p| p.at(span))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        let span = self.value.span();
        if name != super::values::EXACT {
            return visitor.visit_newtype_struct(self).map_err(|p| p.at(span));
        }
        // A finite float's literal, for the types that read it exactly: binary floats hold
        // about 17 digits, and `1.0000000000000001` would read as 1.
        match self.value.get_ref() {
            DeValue::Float(x) if x.as_str().parse::<f64>().is_ok_and(f64::is_finite) => {
                visitor.visit_bytes(x.as_str().as_bytes())
            }
            _ => return self.deserialize_any(visitor),
        }
        .map_err(|p: Problem| p.at(span))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        let span = self.value.span();
        if serde_spanned::de::is_spanned(name) {
            return visitor.visit_map(serde_spanned::de::SpannedDeserializer::new(self, span));
        }
        self.table(Some(fields), visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        let span = self.value.span();
        match self.value.get_ref() {
            DeValue::String(s) => visitor.visit_enum(s.as_ref().into_deserializer()),
            _ => self.deserialize_any(visitor),
        }
        .map_err(|p: Problem| p.at(span))
    }

    serde::forward_to_deserialize_any! {
        bool u8 u16 u32 u64 i8 i16 i32 i64 i128 u128 f32 f64 char str string seq
        bytes byte_buf map unit ignored_any unit_struct tuple_struct tuple identifier
    }
}

/// The entries of a table; for a struct, a key it does not take is gathered and skipped.
struct Entries<'a, 'i> {
    entries: toml::map::Iter<'a, Spanned<DeString<'i>>, Spanned<DeValue<'i>>>,
    value: Option<&'a Spanned<DeValue<'i>>>,
    fields: Option<&'static [&'static str]>,
    unknown: &'a RefCell<Vec<Problem>>,
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = Problem;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Problem> {
        for (key, value) in self.entries.by_ref() {
            if let Some(allowed) = self.fields
                && !allowed.contains(&key.get_ref().as_ref())
            {
                self.unknown.borrow_mut().push(Problem {
                    what: What::UnknownKey {
                        key: key.get_ref().to_string(),
                        allowed,
                    },
                    span: Some(key.span()),
                });
                continue;
            }
            self.value = Some(value);
            return seed.deserialize(Key(key)).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<S: de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, Problem> {
        let value = self
            .value
            .take()
            .ok_or_else(|| <Problem as de::Error>::custom("a value without its key"))?;
        // A value refused after it was read (a date written as text) is placed at the value.
        seed.deserialize(Node {
            value,
            unknown: self.unknown,
        })
        .map_err(|p| p.at(value.span()))
    }
}

/// The elements of a list.
struct Items<'a, 'i> {
    items: std::slice::Iter<'a, Spanned<DeValue<'i>>>,
    unknown: &'a RefCell<Vec<Problem>>,
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = Problem;

    fn next_element_seed<S: de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Problem> {
        let Some(value) = self.items.next() else {
            return Ok(None);
        };
        seed.deserialize(Node {
            value,
            unknown: self.unknown,
        })
        .map(Some)
        .map_err(|p| p.at(value.span()))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A key of a table, read as text or as text with its place.
#[derive(Clone, Copy)]
struct Key<'a, 'i>(&'a Spanned<DeString<'i>>);

impl<'de> IntoDeserializer<'de, Problem> for Key<'_, '_> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for Key<'_, '_> {
    type Error = Problem;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        visitor
            .visit_str(self.0.get_ref())
            .map_err(|p: Problem| p.at(self.0.span()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        if serde_spanned::de::is_spanned(name) {
            return visitor.visit_map(serde_spanned::de::SpannedDeserializer::new(
                self,
                self.0.span(),
            ));
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool u8 u16 u32 u64 i8 i16 i32 i64 i128 u128 f32 f64 char str string seq
        bytes byte_buf map unit ignored_any unit_struct tuple_struct tuple identifier
        option enum
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Row {
        n: i64,
        flag: Option<bool>,
        list: Option<Vec<i64>>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct File {
        name: String,
        rows: Vec<Row>,
    }

    fn problems(text: &str) -> Vec<(What, String)> {
        let read = Document::parse(text)
            .unwrap()
            .read::<File>(50, Vec::new(), &[]);
        read.problems
            .into_iter()
            .map(|p| (p.what, text[p.span.unwrap()].to_string()))
            .collect()
    }

    /// Every unknown key and every value of the wrong type is found in one reading, each at the
    /// text it is about.
    #[test]
    fn every_problem_is_found_with_its_place() {
        let text = "name = \"x\"\ncolour = 1\n[[rows]]\nn = \"deux\"\nflg = true\n\
                    [[rows]]\nn = 3\nlist = [1, 2.5]\n";
        let found = problems(text);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(matches!(&found[0].0, What::UnknownKey { key, .. } if key == "colour"));
        assert_eq!(found[0].1, "colour");
        assert!(
            found
                .iter()
                .any(|(w, at)| matches!(w, What::UnknownKey { key, allowed }
            if key == "flg" && allowed.contains(&"flag"))
                    && at == "flg")
        );
        assert!(found.iter().any(|(w, at)| *w
            == What::WrongType {
                found: Found::Text("deux".into()),
                expected: "i64".into()
            }
            && at == "\"deux\""));
        assert!(found.iter().any(|(w, at)| *w
            == What::WrongType {
                found: Found::Decimal("2.5".into()),
                expected: "i64".into()
            }
            && at == "2.5"));
    }

    /// A key missing from a table is said at the table; one missing from the whole file has no
    /// place of its own; a number past 64 bits is too large, not of another type.
    #[test]
    fn missing_keys_and_large_numbers() {
        let found = problems("name = \"x\"\n[[rows]]\nflag = true\n");
        assert_eq!(found[0].0, What::MissingKey("n"));
        assert!(
            found[0].1.contains("[[rows]]") || found[0].1.contains("flag"),
            "{found:?}"
        );
        let top = Document::parse("rows = []\n")
            .unwrap()
            .read::<File>(50, Vec::new(), &[])
            .problems;
        assert_eq!(top[0].what, What::MissingKey("name"));
        assert_eq!(top[0].span, None);
        let found = problems("name = \"x\"\n[[rows]]\nn = 99999999999999999999\n");
        assert_eq!(found[0].0, What::TooLarge("99999999999999999999".into()));
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Tables {
        kind: String,
        parts: std::collections::BTreeMap<String, Row>,
        notes: Option<std::collections::BTreeMap<String, String>>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Lists {
        parts: std::collections::BTreeMap<String, Listed>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Listed {
        rows: Vec<Row>,
    }

    /// A problem inside a table below an entry (an indicator of a mission) keeps that table
    /// quiet, and the entry's other tables are checked; a table taken out whole (its needed key
    /// taken out) keeps quiet what held it (here the entry, since a list is no table), whose own
    /// checks would speak of it.
    #[test]
    fn a_problem_in_a_table_below_an_entry_keeps_that_table_quiet() {
        let quiet = |text: &str| {
            let read = Document::parse(text)
                .unwrap()
                .read::<Lists>(50, Vec::new(), &[]);
            assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
            assert!(read.value.is_some());
            read.quiet
        };
        let text = "[parts.a]\n[[parts.a.rows]]\nn = 1\nflag = 3\n[[parts.a.rows]]\nn = 2\n";
        let ranges = quiet(text);
        assert_eq!(ranges.len(), 1, "{ranges:?}");
        let q = &ranges[0];
        assert!(q.contains(&text.find("flag").unwrap()));
        assert!(
            !q.contains(&text.find("n = 2").unwrap()),
            "{:?}",
            &text[q.clone()]
        );
        let text = "[parts.a]\n[[parts.a.rows]]\nn = \"one\"\n[[parts.a.rows]]\nn = 2\n";
        let at = text.find("n = 2").unwrap();
        assert!(quiet(text).iter().any(|q| q.contains(&at)));
    }

    /// What reads past problems below the top is given to be checked, with the entries that
    /// hold them; a problem at the top, or in a table others point to, leaves nothing to check.
    #[test]
    fn what_reads_past_problems_below_the_top_is_checked() {
        let text =
            "kind = \"x\"\n[parts.a]\nn = 1\nflag = 3\n[parts.b]\nn = 2\n[notes]\nk = \"v\"\n";
        let read = Document::parse(text)
            .unwrap()
            .read::<Tables>(50, Vec::new(), &[]);
        let value = read.value.expect("checkable");
        assert_eq!(value.parts.len(), 2);
        assert_eq!(value.parts["a"].flag, None);
        assert_eq!(read.problems.len(), 1);
        assert_eq!(read.quiet.len(), 1);
        assert_eq!(&text[read.quiet[0].clone()], "[parts.a]\nn = 1\nflag = 3");
        // `n` is needed: taken out, its table goes too, and the rest is still checked.
        let text = "kind = \"x\"\n[parts.a]\nn = \"one\"\n[parts.b]\nn = 2\n";
        let read = Document::parse(text)
            .unwrap()
            .read::<Tables>(50, Vec::new(), &[]);
        assert_eq!(read.value.expect("checkable").parts.len(), 1);
        assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
        for (text, referenced) in [
            ("kind = 1\n[parts.a]\nn = 1\n", &[][..]),
            ("kind = \"x\"\nextra = 1\n[parts.a]\nn = 1\n", &[][..]),
            (
                "kind = \"x\"\n[parts.a]\nn = 1\n[notes]\nk = 1\n",
                &["notes"][..],
            ),
        ] {
            let read = Document::parse(text)
                .unwrap()
                .read::<Tables>(50, Vec::new(), referenced);
            assert!(read.value.is_none(), "{text}");
            assert_eq!(read.problems.len(), 1, "{text}");
        }
    }
}
