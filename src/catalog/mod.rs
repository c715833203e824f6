//! Every word a person reads, keyed by message id: headers, labels, part and evidence names,
//! warnings, assumptions, chart titles, explanations. The English text is `en.toml`, the French
//! `fr.toml`, with the same keys (a test says so). The language is chosen once, at the start of a
//! run, and passed down as a value ([`Lang::t`], [`Lang::fill`]): never a setting of the process,
//! so one process can word in both languages at once. `{name}` in a text is filled with an
//! argument already written by the one formatter (`catalog::format`).

pub mod format;
mod key_hash;
pub mod wording;

use std::collections::HashMap;
use std::sync::OnceLock;

/// The English catalog, embedded in the binary.
pub const EN: &str = include_str!("en.toml");

/// The French catalog, embedded in the binary.
pub const FR: &str = include_str!("fr.toml");

/// A language of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every language.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The language a locale names (`fr_FR.UTF-8`, `fr`, `en_GB`…): French when it starts with
    /// `fr`, English otherwise.
    pub fn of_locale(locale: &str) -> Lang {
        if locale.trim().to_lowercase().starts_with("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    /// The language of the environment: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is
    /// set and not empty, as POSIX orders them.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| var(k))
            .find(|v| !v.trim().is_empty())
            .map_or(Lang::En, |v| Lang::of_locale(&v))
    }
}

/// The language a command line asks for before it is parsed — `--lang fr`, `--lang=en` — else
/// the environment's: what reading the arguments themselves (a date, a range) speaks.
pub fn lang_of_args(args: &[std::ffi::OsString], var: impl Fn(&str) -> Option<String>) -> Lang {
    let mut words = args.iter().filter_map(|a| a.to_str());
    while let Some(word) = words.next() {
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next(),
            Some(rest) => rest.strip_prefix('='),
            None => continue,
        };
        match value {
            Some("fr") => return Lang::Fr,
            Some("en") => return Lang::En,
            _ => {}
        }
    }
    Lang::from_env(var)
}

/// The catalogs flattened at build time (`build.rs`): `EN_TEXT`, `EN_INDEX` and `EN_BY_HASH`,
/// `FR_…`.
mod words {
    include!(concat!(env!("OUT_DIR"), "/catalog_words.rs"));
}

/// The words built into the binary for a language, sorted by key (a test checks they are the
/// catalog's): one text, where each key and its text are in it, and each key's short hash.
#[derive(Clone, Copy)]
pub struct BuiltWords {
    text: &'static str,
    index: &'static [(u32, u32, u32)],
    by_hash: &'static [(u32, u32)],
}

impl BuiltWords {
    /// The number of words.
    pub fn len(self) -> usize {
        self.index.len()
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.index.is_empty()
    }

    /// The key and text that an entry of the index points to.
    fn at(self, (start, middle, end): (u32, u32, u32)) -> (&'static str, &'static str) {
        let part = |a: u32, b: u32| self.text.get(a as usize..b as usize).unwrap_or(MISSING);
        (part(start, middle), part(middle, end))
    }

    /// Every `(key, text)`, in key order.
    pub fn iter(self) -> impl ExactSizeIterator<Item = (&'static str, &'static str)> {
        self.index.iter().map(move |&i| self.at(i))
    }

    /// The text of a key, if there is one.
    pub fn get(self, key: &str) -> Option<&'static str> {
        self.find(&[key.as_bytes()])
    }

    /// The text of the key `prefix.id`, if there is one, without writing the key.
    pub fn get_of(self, prefix: &str, id: &str) -> Option<&'static str> {
        self.find(&[prefix.as_bytes(), b".", id.as_bytes()])
    }

    /// The text of the key written by `parts` one after the other: its hash found among the
    /// keys' (`by_hash`), then the key itself compared, for two keys may share a hash.
    fn find(self, parts: &[&[u8]]) -> Option<&'static str> {
        let hash = key_hash::short(key_hash::fnv1a(parts.iter().copied()));
        let first = self.by_hash.partition_point(|&(h, _)| h < hash);
        // The key, once each part is taken off its front in turn, leaves nothing.
        let is_key = |key: &str| {
            parts
                .iter()
                .try_fold(key.as_bytes(), |rest, part| rest.strip_prefix(*part))
                .is_some_and(<[u8]>::is_empty)
        };
        self.by_hash
            .get(first..)?
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .filter_map(|&(_, at)| self.index.get(at as usize))
            .map(|&i| self.at(i))
            .find(|&(key, _)| is_key(key))
            .map(|(_, text)| text)
    }
}

/// The words built into the binary for a language.
pub fn built_words(lang: Lang) -> BuiltWords {
    match lang {
        Lang::En => BuiltWords {
            text: words::EN_TEXT,
            index: &words::EN_INDEX,
            by_hash: &words::EN_BY_HASH,
        },
        Lang::Fr => BuiltWords {
            text: words::FR_TEXT,
            index: &words::FR_INDEX,
            by_hash: &words::FR_BY_HASH,
        },
    }
}

/// The catalog of a language, read from its TOML text (for tests and tools; a run looks words up
/// in the arrays built from the same text).
pub fn entries_of(lang: Lang) -> &'static HashMap<String, String> {
    static EN_ENTRIES: OnceLock<HashMap<String, String>> = OnceLock::new();
    static FR_ENTRIES: OnceLock<HashMap<String, String>> = OnceLock::new();
    let (cell, text) = match lang {
        Lang::En => (&EN_ENTRIES, EN),
        Lang::Fr => (&FR_ENTRIES, FR),
    };
    cell.get_or_init(|| {
        let mut out = HashMap::new();
        // The catalogs ship inside the binary and a test reads them, so they are valid TOML.
        if let Ok(table) = text.parse::<toml::Table>() {
            flatten("", &table, &mut out);
        }
        out
    })
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

/// What a missing message id shows (a test keeps every id the code uses in the catalog).
pub const MISSING: &str = "⟦missing word⟧";

/// The words of a language, looked up by message id: a run's language is a value passed down
/// to whatever words something for a person, never a setting of the process.
impl Lang {
    /// The text of a message id.
    pub fn t(self, key: &str) -> &'static str {
        built_words(self).get(key).unwrap_or(MISSING)
    }

    /// The text of the message id `prefix.id` (`evidence.press`): [`Lang::t`] without building
    /// the id.
    pub fn t_of(self, prefix: &str, id: &str) -> &'static str {
        built_words(self).get_of(prefix, id).unwrap_or(MISSING)
    }

    /// What follows a label before its value (`:` in English, ` :` in French).
    pub fn colon(self) -> &'static str {
        self.t("word.colon")
    }

    /// The text of a message id with its `{name}` placeholders filled.
    pub fn fill(self, key: &str, args: &[(&str, &str)]) -> String {
        fill_text(self.t(key), args)
    }
}

/// The text of a message id in a language, if the catalog has it (for words looked up by a key
/// built at run time, which may have none).
pub fn word_in(lang: Lang, key: &str) -> Option<&'static str> {
    built_words(lang).get(key)
}

/// `{name}` replaced by its value in one pass over the template: a value that holds `{…}` (a
/// user's input) is written as it is, never filled in turn; an unknown `{name}` stays.
pub fn fill_text(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// Two keys may share a short hash: a lookup takes the key it was asked for, not another
    /// listed under the same hash before it — nor a longer key that begins like it.
    #[test]
    fn keys_that_share_a_hash_are_told_apart() {
        // "a.bc" → "X", "a.c" → "Y", "a.b" → "Z", all listed under the hash of "a.b".
        let text = "a.bcXa.cYa.bZ";
        let hash = key_hash::short(key_hash::fnv1a([b"a.b".as_slice()]));
        let words = BuiltWords {
            text,
            index: &[(0, 4, 5), (5, 8, 9), (9, 12, 13)],
            by_hash: Box::leak(Box::new([(hash, 0), (hash, 1), (hash, 2)])),
        };
        assert_eq!(words.get("a.b"), Some("Z"));
        assert_eq!(words.get_of("a", "b"), Some("Z"));
        assert_eq!(words.get("a.bc"), None, "not listed under its own hash");
    }
}
