//! The wording helpers: the words for the domain's values (a part, an evidence level, a palier's
//! sign, a source) in the reader's language, with the catalog and the formatter, one layer below
//! the layers that read input, build reports and render them.
use crate::catalog::Lang;

/// A table's source in the reader's language: its French wording for French readers where the
/// table gives one, else its citation.
pub fn source_text<'t>(
    lang: Lang,
    table: &'t crate::model::tariff::TariffTable,
    key: &str,
) -> Option<&'t str> {
    let french = matches!(lang, crate::catalog::Lang::Fr);
    french
        .then(|| table.sources_fr.get(key))
        .flatten()
        .or_else(|| table.sources.get(key))
        .map(String::as_str)
}

/// `≥` for paliers where more is better, `≤` where less is.
pub fn palier_sign(d: crate::model::indicator::Direction) -> &'static str {
    match d {
        crate::model::indicator::Direction::AtLeast => "≥",
        crate::model::indicator::Direction::AtMost => "≤",
    }
}

/// The word for a part of the remuneration (`volet fixe`), in the reader's language.
pub fn part_word(lang: Lang, part: crate::model::tariff::Part) -> &'static str {
    lang.t_of("part", part.as_str())
}

/// An evidence level in the reader's language (`presse`, `note`): the one word every view
/// uses for people; programs read [`crate::model::tariff::Evidence::as_str`].
pub fn evidence_word(lang: Lang, e: crate::model::tariff::Evidence) -> &'static str {
    lang.t_of("evidence", e.as_str())
}
