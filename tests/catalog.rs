//! One catalog for every word: each message id the code names is in `src/catalog/en.toml`, and
//! each entry of the catalog is used (no dead words to translate).

use crate::common::root;
use aci_cpts::catalog::{Lang, MISSING, entries_of};
use std::collections::BTreeSet;

fn sources() -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![root().join("src")];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(dir).expect("a folder") {
            let p = e.expect("an entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(std::fs::read_to_string(p).expect("a source file"));
            }
        }
    }
    out
}

/// Quoted literals shaped like a message id (`"header.amount"`), and prefixes completed at run
/// time (`format!("part.{}", …)`, `t_of("part", …)`).
fn named_in_code() -> (BTreeSet<String>, BTreeSet<String>) {
    let tables: BTreeSet<String> = entries_of(Lang::En)
        .keys()
        .map(|k| k.split('.').next().unwrap_or("").to_string())
        .collect();
    let (mut keys, mut prefixes) = (BTreeSet::new(), BTreeSet::new());
    for text in sources() {
        let text = t_of_as_prefixes(&text);
        for piece in text.split('"').skip(1).step_by(2) {
            let first = piece.split('.').next().unwrap_or("");
            let shaped = piece.contains('.')
                && piece.chars().all(|c| {
                    c.is_ascii_lowercase()
                        || c.is_ascii_digit()
                        || c == '_'
                        || c == '.'
                        || c == '{'
                        || c == '}'
                });
            if shaped && tables.contains(first) {
                match piece.find(".{") {
                    Some(i) => prefixes.insert(piece[..=i].to_string()),
                    None => keys.insert(piece.to_string()),
                };
            }
        }
        // `key("deadline_missed")` in the warnings' wording.
        for (i, _) in text.match_indices("&key(\"") {
            let rest = &text[i + 6..];
            keys.insert(format!(
                "warning.{}",
                &rest[..rest.find('"').expect("a closing quote")]
            ));
        }
    }
    (keys, prefixes)
}

/// `t_of("part", id)` written as the prefix it completes, `t_of("part.{}", id)`, for the scan.
fn t_of_as_prefixes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("t_of(\"") {
        let (before, after) = rest.split_at(i + 6);
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        out.push_str(&after[..end]);
        out.push_str(".{}");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_message_id_the_code_names_is_in_the_catalog() {
    let (keys, _) = named_in_code();
    assert!(keys.len() > 100, "the scan finds the ids: {keys:?}");
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !entries_of(Lang::En).contains_key(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "not in src/catalog/en.toml: {missing:?}"
    );
}

#[test]
fn every_entry_of_the_catalog_is_used() {
    let (keys, prefixes) = named_in_code();
    // `Collector::err(KEY, …)` words a problem with `KEY` and its help with `KEY_help`.
    let used = |k: &String| {
        keys.contains(k)
            || k.strip_suffix("_help")
                .is_some_and(|base| keys.contains(base))
            || prefixes.iter().any(|p| k.starts_with(p))
    };
    let unused: Vec<&String> = entries_of(Lang::En).keys().filter(|k| !used(k)).collect();
    assert!(unused.is_empty(), "unused words: {unused:?}");
}

#[test]
fn ids_completed_at_run_time_exist_for_every_value() {
    use aci_cpts::engine::Part;
    use aci_cpts::engine::cash::Kind;
    use aci_cpts::engine::diff::Status;
    use aci_cpts::model::tariff::Evidence;
    let mut ids: Vec<String> = Part::ALL
        .iter()
        .map(|p| format!("part.{}", p.as_str()))
        .collect();
    ids.extend(
        Evidence::ALL
            .iter()
            .map(|e| format!("evidence.{}", e.as_str())),
    );
    ids.extend(
        [Kind::InFull, Kind::Advance, Kind::Balance, Kind::Results]
            .iter()
            .map(|k| format!("payment.{}", k.as_str())),
    );
    ids.extend(
        [
            Status::Unchanged,
            Status::EvidenceChanged,
            Status::Changed,
            Status::Added,
            Status::Removed,
        ]
        .iter()
        .map(|s| format!("diff.status.{}", s.as_str())),
    );
    for table in ["cross_checks", "tables", "errors", "warnings"] {
        ids.extend(["one", "many"].iter().map(|f| format!("check.{table}.{f}")));
    }
    for id in ids {
        for lang in Lang::ALL {
            assert_ne!(lang.t(&id), MISSING, "{id} in {lang:?}");
        }
    }
}

/// The `{name}` places of a text.
fn places(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .filter(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect()
}

#[test]
fn every_word_has_its_french_text_with_the_same_places() {
    use aci_cpts::catalog::{Lang, entries_of};
    let (en, fr) = (entries_of(Lang::En), entries_of(Lang::Fr));
    let mut without: Vec<&String> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
    without.sort();
    assert!(
        without.is_empty(),
        "no French text in src/catalog/fr.toml: {without:?}"
    );
    // `cli.*` is the command line's French: its English is clap's derive text (the doc comments
    // of `cli.rs`, which rustdoc shows too), kept in step by `the_command_line_has_its_french`.
    let mut extra: Vec<&String> = fr
        .keys()
        .filter(|k| !en.contains_key(*k) && !k.starts_with("cli."))
        .collect();
    extra.sort();
    assert!(
        extra.is_empty(),
        "French words with no English key: {extra:?}"
    );
    for (key, text) in en {
        assert_eq!(places(text), places(&fr[key]), "the places of `{key}`");
        assert!(!fr[key].trim().is_empty(), "`{key}` is empty in French");
    }
}

#[test]
fn the_language_follows_the_environment_as_posix_orders_it() {
    use aci_cpts::catalog::Lang;
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(Lang::from_env(env(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
    assert_eq!(Lang::from_env(env(&[("LANG", "en_GB.UTF-8")])), Lang::En);
    assert_eq!(Lang::from_env(env(&[])), Lang::En);
    // LC_ALL before LC_MESSAGES before LANG; an empty one does not count.
    assert_eq!(
        Lang::from_env(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "fr_FR.UTF-8")])),
        Lang::En
    );
    assert_eq!(
        Lang::from_env(env(&[
            ("LC_ALL", ""),
            ("LC_MESSAGES", "fr_BE"),
            ("LANG", "C")
        ])),
        Lang::Fr
    );
}

#[test]
fn the_words_built_into_the_binary_are_the_catalog_s() {
    use aci_cpts::catalog::{Lang, built_words, entries_of};
    for lang in Lang::ALL {
        let built: std::collections::HashMap<String, String> = built_words(lang)
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(&built, entries_of(lang), "{lang:?}");
        let keys: Vec<&str> = built_words(lang).iter().map(|(k, _)| k).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted, unique");
        assert_eq!(keys.len(), built_words(lang).len(), "{lang:?}");
    }
}

/// Every key finds its own word by its hash, and a key the catalog lacks finds nothing, even one
/// that begins or ends like a key.
#[test]
fn every_key_finds_its_word() {
    use aci_cpts::catalog::{Lang, built_words};
    for lang in Lang::ALL {
        let words = built_words(lang);
        for (key, text) in words.iter() {
            assert_eq!(words.get(key), Some(text), "{lang:?} {key}");
            assert_eq!(words.get(&format!("{key}x")), None, "{lang:?} {key}x");
            assert_eq!(words.get(&key[1..]), None, "{lang:?} {key} cut");
        }
        assert_eq!(words.get(""), None);
    }
}

/// A word looked up as `prefix` and `id` (without writing `prefix.id`) is the word of
/// `prefix.id`, wherever the key is cut; a key the catalog lacks finds nothing.
#[test]
fn a_word_found_by_prefix_and_id_is_the_word_of_the_whole_key() {
    use aci_cpts::catalog::{Lang, built_words};
    for lang in Lang::ALL {
        let words = built_words(lang);
        for (key, text) in words.iter() {
            for (at, _) in key.match_indices('.') {
                let (prefix, id) = (&key[..at], &key[at + 1..]);
                assert_eq!(words.get_of(prefix, id), Some(text), "{lang:?} {key}");
            }
        }
        assert_eq!(words.get_of("evidence", "pres"), None);
        assert_eq!(words.get_of("evidenc", "e.press"), None);
        assert_eq!(words.get_of("evidence", "press."), None);
        assert!(words.get_of("evidence", "press").is_some());
    }
}

/// A value is written as given, never filled in turn: `--allow '{codes}'` once printed the list
/// of codes in place of the user's word.
#[test]
fn a_value_holding_braces_is_written_as_given() {
    use aci_cpts::catalog::fill_text;
    assert_eq!(
        fill_text(
            "`{code}` is unknown; the codes are: {codes}",
            &[("code", "{codes}"), ("codes", "a, b")]
        ),
        "`{codes}` is unknown; the codes are: a, b"
    );
    assert_eq!(fill_text("{a}{b}{", &[("a", "{b}"), ("b", "2")]), "{b}2{");
    assert_eq!(fill_text("{unknown} stays", &[]), "{unknown} stays");
    let out = crate::common::bin()
        .args([
            "simulate",
            "examples/t3-year5.toml",
            "--strict",
            "--allow",
            "{codes}",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown warning code `{codes}` for --allow"),
        "{err}"
    );
}
