//! Format-neutral documents: what a command has to say, as typed parts, before any format. A
//! [`Document`] has a head (title, lines, facts), blocks (tables of typed cells, texts, lists,
//! explained entries), warnings (stable code + message), assumptions, and the JSON body of the
//! command (its typed result). Every renderer in `render` renders any document; rows that can be
//! many are a [`Stream`], written as they come.
//!
//! The builders, one per command, turn engine results into documents: `simulation`, `compare`,
//! `cash`, `sweep`, `tariffs`, `diff`, `check`. Words come from the catalog, numbers and dates
//! from [`format`].

pub mod batch;
pub mod cash;
pub mod check;
pub mod compare;
pub mod data;
pub mod diff;
pub mod errors;
pub mod explain;
pub mod format;
pub mod json;
pub mod levers;
pub mod region;
pub mod risk;
pub mod simulation;
pub mod sweep;
pub mod tariffs;
pub mod warnings;
pub mod workbook;

use crate::model::calendar::Prorata;
use crate::model::money::Money;
use crate::model::tariff::{Evidence, Part};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// A whole document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Version of the JSON body; raised on any change that could break a reader.
    pub schema_version: u32,
    /// What stands above everything: a title, lines, facts.
    pub head: Vec<Head>,
    /// The JSON fields that come first (before a stream's rows).
    pub data: serde_json::Map<String, serde_json::Value>,
    /// The rest.
    pub body: Body,
}

/// What follows the head (and a stream's rows): blocks, JSON fields, warnings, assumptions.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// Blocks for people (tables also for CSV).
    pub blocks: Vec<Block>,
    /// The JSON fields that come last.
    pub data: serde_json::Map<String, serde_json::Value>,
    /// What the user must know about the result.
    pub warnings: Vec<WarningItem>,
    /// What the result rests on that no text states.
    pub assumptions: Vec<String>,
}

/// One part of the head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    /// The document's title.
    Title(String),
    /// A line under it.
    Line(String),
    /// A labelled value.
    Fact(String, String),
}

/// One block of a document.
#[derive(Debug, Clone)]
pub enum Block {
    /// A table.
    Table(Table),
    /// A sentence.
    Text(String),
    /// A list under a caption.
    List {
        /// What the list is.
        caption: String,
        /// Its items.
        items: Vec<String>,
    },
    /// Numbered entries, each with labelled details (an explanation).
    Entries {
        /// What the entries are.
        caption: String,
        /// The entries.
        entries: Vec<Entry>,
    },
}

/// One numbered entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its title.
    pub title: String,
    /// Label and text of each detail.
    pub details: Vec<(String, String)>,
}

/// Who reads a column, a row or a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Everyone.
    All,
    /// People only (table, Markdown).
    People,
    /// Programs only (CSV).
    Programs,
}

impl Audience {
    /// Whether people read it.
    pub fn people(self) -> bool {
        self != Audience::Programs
    }

    /// Whether programs read it.
    pub fn programs(self) -> bool {
        self != Audience::People
    }
}

/// A column: its key for programs (CSV header), its title for people, its alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// CSV header.
    pub key: Cow<'static, str>,
    /// Header for people.
    pub title: String,
    /// Right-aligned (numbers) for people.
    pub right: bool,
    /// Who reads it.
    pub audience: Audience,
}

impl Column {
    /// A column read by everyone, left-aligned.
    pub fn new(key: impl Into<Cow<'static, str>>, title: impl Into<String>) -> Column {
        Column {
            key: key.into(),
            title: title.into(),
            right: false,
            audience: Audience::All,
        }
    }

    /// Right-aligned.
    pub fn right(mut self) -> Column {
        self.right = true;
        self
    }

    /// Read by programs only.
    pub fn programs(mut self) -> Column {
        self.audience = Audience::Programs;
        self
    }

    /// Read by people only.
    pub fn people(mut self) -> Column {
        self.audience = Audience::People;
        self
    }
}

/// A table.
#[derive(Debug, Clone)]
pub struct Table {
    /// A caption for people.
    pub caption: Option<String>,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<Row>,
    /// Who reads it: a CSV is the one table programs read.
    pub audience: Audience,
}

impl Table {
    /// An empty table read by everyone.
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            caption: None,
            columns,
            rows: Vec::new(),
            audience: Audience::All,
        }
    }

    /// With a caption.
    pub fn caption(mut self, caption: impl Into<String>) -> Table {
        self.caption = Some(caption.into());
        self
    }

    /// Read by this audience only.
    pub fn only(mut self, audience: Audience) -> Table {
        self.audience = audience;
        self
    }

    /// Adds a row read by everyone.
    pub fn row(&mut self, cells: Vec<Cell<'static>>) {
        self.rows.push(Row {
            cells,
            audience: Audience::All,
            strong: false,
        });
    }
}

/// A row of cells, one per column.
#[derive(Debug, Clone)]
pub struct Row {
    /// The cells.
    pub cells: Vec<Cell<'static>>,
    /// Who reads it.
    pub audience: Audience,
    /// Stressed for people (a grand total).
    pub strong: bool,
}

/// A typed cell: each format writes it its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Nothing.
    Empty,
    /// Text as is (names, labels, ids).
    Text(Cow<'a, str>),
    /// A word for people, a code for programs (`avance` / `advance`).
    Coded {
        /// For programs.
        code: Cow<'a, str>,
        /// For people.
        word: Cow<'a, str>,
    },
    /// Euros.
    Money(Money),
    /// Euros with a sign for people (a difference).
    SignedMoney(Money),
    /// Euros or nothing: `—` for people, empty for programs.
    MaybeMoney(Option<Money>),
    /// A fraction: a percentage for people, a decimal for programs.
    Fraction(Decimal),
    /// A part of a whole: a percentage for people (`—` when the whole is zero), a ratio to four
    /// decimals for programs.
    Share(Money, Money),
    /// A number as given (a swept parameter, a measured value): grouped by thousands with the
    /// user's decimal mark for people, as is for programs.
    Number(Decimal),
    /// A share of a contract year.
    Prorata(Prorata),
    /// A day.
    Date(NaiveDate),
    /// A count, grouped by thousands for people.
    Count(u64),
    /// A whole number as is (a year, a contract year).
    Int(i64),
    /// An evidence level.
    Evidence(Evidence),
    /// A part of the remuneration.
    Part(Part),
    /// Yes or no.
    Bool(bool),
}

impl<'a> Cell<'a> {
    /// Text.
    pub fn text(s: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(s.into())
    }
}

/// A warning as output: its stable code, its sentence, and whose it is when a document has
/// several results (compare: `A`, `B`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct WarningItem {
    /// Stable code.
    pub code: String,
    /// The sentence for people.
    pub message: String,
    /// Whose result it concerns, when there are several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// A stream of rows: columns known before the first row, so every format writes rows as they
/// come; `widths` fixes the column widths of the table for people.
#[derive(Debug, Clone)]
pub struct Stream {
    /// The JSON key of the rows array.
    pub key: &'static str,
    /// The columns.
    pub columns: Vec<Column>,
    /// Width of each column for people, in characters.
    pub widths: Vec<usize>,
}
