//! A TOML document parsed at build time (`build.rs`), kept as static data with the position of
//! every key and value in its text, and read by serde as if from the text: the shipped tariff
//! tables are read without parsing TOML at every start, and what they say — spans included — is
//! what reading their text says (a test compares the two for every shipped table).

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};

/// A value of the document.
#[derive(Debug)]
pub enum Node {
    /// A string.
    Str(&'static str),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A date or time, as TOML writes it.
    Datetime(&'static str),
    /// An array.
    Array(&'static [Sp]),
    /// A table: its keys (strings) and values, in the document's order.
    Table(&'static [(Sp, Sp)]),
}

/// A value and where it is in the text.
#[derive(Debug)]
pub struct Sp {
    /// Byte range in the text.
    pub span: (usize, usize),
    /// The value.
    pub node: Node,
}

/// Reads a [`Sp`] as serde reads a value of a TOML text.
#[derive(Clone, Copy)]
pub struct TreeDe(pub &'static Sp);

impl IntoDeserializer<'_, Error> for TreeDe {
    type Deserializer = TreeDe;
    fn into_deserializer(self) -> TreeDe {
        self
    }
}

impl<'de> de::Deserializer<'de> for TreeDe {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.node {
            Node::Str(s) => visitor.visit_str(s),
            Node::Int(i) => visitor.visit_i64(*i),
            Node::Float(f) => visitor.visit_f64(*f),
            Node::Bool(b) => visitor.visit_bool(*b),
            Node::Datetime(text) => {
                let dt: toml_datetime::Datetime = text.parse().map_err(de::Error::custom)?;
                visitor.visit_map(toml_datetime::de::DatetimeDeserializer::new(dt))
            }
            Node::Array(items) => visitor.visit_seq(SeqDeserializer::new(items.iter().map(TreeDe))),
            Node::Table(entries) => visitor.visit_map(MapDeserializer::new(
                entries.iter().map(|(k, v)| (TreeDe(k), TreeDe(v))),
            )),
        }
    }

    // `None` is a missing key: a value present is `Some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if serde_spanned::de::is_spanned(name) {
            let (start, end) = self.0.span;
            return visitor.visit_map(serde_spanned::de::SpannedDeserializer::new(
                self,
                start..end,
            ));
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.0.node {
            Node::Str(s) => visitor.visit_enum(s.into_deserializer()),
            _ => Err(de::Error::custom("wanted a string")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool u8 u16 u32 u64 i8 i16 i32 i64 i128 u128 f32 f64 char str string seq
        bytes byte_buf map unit ignored_any unit_struct tuple_struct tuple identifier
    }
}
