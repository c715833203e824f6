//! A TOML document parsed at build time (`build.rs`), kept as static data with the position of
//! every key and value in its text, and read by serde as if from the text: the shipped tariff
//! tables are read without parsing TOML at every start, and what they say — spans included — is
//! what reading their text says (a test compares the two for every shipped table).

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};

/// A value of the document. What it holds of other values or of text are places in
/// `TREE_NODES` and `TREE_STRINGS`: a static holding no pointer is not relocated at start-up, nor
/// its pages written.
#[derive(Debug)]
pub enum Node {
    /// A string: its range in the tree's strings.
    Str(u32, u32),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A date or time, as TOML writes it: its range in the tree's strings.
    Datetime(u32, u32),
    /// An array: the index of its first value among the tree's nodes, and their number.
    Array(u32, u32),
    /// A table, in the document's order: the index of its first key among the tree's nodes, and
    /// the number of keys; each key (a string) is followed by its value.
    Table(u32, u32),
}

/// A value and where it is in the text.
#[derive(Debug)]
pub struct Sp {
    /// Byte range in the text.
    pub span: (u32, u32),
    /// The value.
    pub node: Node,
}

// The shipped tables' documents (`build.rs`): `TARIFF_TREES` (file, index of its root),
// `TREE_NODES` (every value; those of an array or a table side by side) and `TREE_STRINGS`.
include!(concat!(env!("OUT_DIR"), "/tariff_trees.rs"));

/// The value at `index` of the shipped documents, to be read by serde.
pub fn at(index: usize) -> Option<TreeDe> {
    TREE_NODES.get(index).map(TreeDe)
}

fn text((start, end): (u32, u32)) -> &'static str {
    TREE_STRINGS.get(start as usize..end as usize).unwrap_or("")
}

fn values((first, count): (u32, u32)) -> &'static [Sp] {
    let first = first as usize;
    TREE_NODES.get(first..first + count as usize).unwrap_or(&[])
}

/// Reads a [`Sp`] of the shipped documents as serde reads a value of a TOML text.
#[derive(Clone, Copy)]
pub struct TreeDe(&'static Sp);

impl IntoDeserializer<'_, Error> for TreeDe {
    type Deserializer = TreeDe;
    fn into_deserializer(self) -> TreeDe {
        self
    }
}

impl<'de> de::Deserializer<'de> for TreeDe {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.node {
            Node::Str(a, b) => visitor.visit_str(text((a, b))),
            Node::Int(i) => visitor.visit_i64(i),
            Node::Float(f) => visitor.visit_f64(f),
            Node::Bool(b) => visitor.visit_bool(b),
            Node::Datetime(a, b) => {
                let dt: toml_datetime::Datetime =
                    text((a, b)).parse().map_err(de::Error::custom)?;
                visitor.visit_map(toml_datetime::de::DatetimeDeserializer::new(dt))
            }
            Node::Array(first, count) => visitor.visit_seq(SeqDeserializer::new(
                values((first, count)).iter().map(TreeDe),
            )),
            // Pairs of exact number: serde sizes what it fills by it.
            Node::Table(first, count) => visitor.visit_map(MapDeserializer::new(
                values((first, 2 * count))
                    .as_chunks::<2>()
                    .0
                    .iter()
                    .map(|[k, v]| (TreeDe(k), TreeDe(v))),
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
                start as usize..end as usize,
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
        match self.0.node {
            Node::Str(a, b) => visitor.visit_enum(text((a, b)).into_deserializer()),
            _ => Err(de::Error::custom("wanted a string")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool u8 u16 u32 u64 i8 i16 i32 i64 i128 u128 f32 f64 char str string seq
        bytes byte_buf map unit ignored_any unit_struct tuple_struct tuple identifier
    }
}
