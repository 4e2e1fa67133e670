//! The built-in lexicon stays parseable, sorted and unambiguous.

use std::collections::BTreeMap;

use newsgraph::lexicon::{self, BUILTIN_FILES};

/// The lines of a data file that are not `#` comments.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|l| !l.starts_with('#'))
}

fn first_column(text: &str) -> Vec<&str> {
    data_lines(text)
        .skip(1)
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect()
}

#[test]
fn every_file_parses() {
    let lex = lexicon::builtin().expect("the built-in lexicon parses");
    assert!(lex.entities.len() > 1000, "{} entities", lex.entities.len());
    // Every UN member state, plus observers and former states.
    let states = lex
        .entities
        .iter()
        .filter(|e| e.node_type == newsgraph::NodeType::State)
        .count();
    assert!(states >= 195, "{states} states");
    for id in [
        "united-states",
        "north-korea",
        "soviet-union",
        "palestine",
        "vatican-city",
        "east-germany",
        "czechoslovakia",
        "yugoslavia",
    ] {
        assert!(lex.entity(id).is_some(), "missing state {id}");
    }
}

#[test]
fn tables_are_sorted_and_keys_unique() {
    for (name, text) in BUILTIN_FILES {
        if name.ends_with(".txt") {
            let words: Vec<&str> = data_lines(text).collect();
            let mut sorted = words.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(
                words, sorted,
                "{name} must be sorted and free of duplicates"
            );
            continue;
        }
        let keys = first_column(text);
        for w in keys.windows(2) {
            let grouped = ["relations.tsv", "frames.tsv", "ontology.tsv", "nouns.tsv"];
            if grouped.contains(name) {
                assert!(w[0] <= w[1], "{name}: `{}` before `{}`", w[0], w[1]);
            } else {
                assert!(
                    w[0] < w[1],
                    "{name}: `{}` before `{}` (sorted, unique)",
                    w[0],
                    w[1]
                );
            }
        }
        let header_cells = data_lines(text).next().unwrap().split('\t').count();
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#'))
        {
            assert_eq!(
                line.split('\t').count(),
                header_cells,
                "{name}:{}: wrong number of cells",
                i + 1
            );
            assert!(
                !line.ends_with(' ') && !line.starts_with(' '),
                "{name}:{}: stray space",
                i + 1
            );
        }
    }
}

#[test]
fn no_name_is_claimed_by_two_entries() {
    // The loader refuses a name claimed by two entries; this feeds it one.
    let states = "id\tname\taliases\tcapitals\tdemonyms\tweak\tiso2\tiso3\twikidata\n\
                  a\tAland\tAL\t\t\t\t\t\t\n\
                  b\tBland\tAL\t\t\t\t\t\t\n";
    let files: Vec<(&str, &str)> = BUILTIN_FILES
        .iter()
        .map(|(n, t)| {
            if *n == "states.tsv" {
                (*n, states)
            } else {
                (*n, *t)
            }
        })
        .filter(|(n, _)| *n != "institutions.tsv" && *n != "persons.tsv")
        .collect();
    let err = lexicon::load(&files, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "states.tsv:3: the name `AL` is claimed by two entries"
    );
}

#[test]
fn relations_cover_the_ontology() {
    let lex = lexicon::builtin().unwrap();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &lex.patterns {
        *seen.entry(p.relation.as_str()).or_default() += 1;
    }
    for r in [
        "warns",
        "visited",
        "denies",
        "supplies",
        "accuses",
        "criticizes",
        "sanctions",
        "urges",
        "meets",
        "negotiates",
        "cooperates_with",
        "supports",
        "attacks",
        "declines_comment",
    ] {
        assert!(seen.contains_key(r), "no pattern for {r}");
        let info = lex.relation(r).unwrap();
        assert!(!info.cameo.is_empty(), "{r} has a CAMEO code");
    }
    for (r, sym) in [
        ("meets", true),
        ("negotiates", true),
        ("cooperates_with", true),
        ("warns", false),
    ] {
        assert_eq!(lex.relation(r).unwrap().symmetric, sym, "{r}");
    }
}

/// The built-in files with one replaced (or, with `None`, left out).
fn files_with(name: &str, text: Option<&'static str>) -> Vec<(&'static str, &'static str)> {
    BUILTIN_FILES
        .iter()
        .filter(|(n, _)| *n != name || text.is_some())
        .map(|(n, t)| {
            if *n == name {
                (*n, text.unwrap())
            } else {
                (*n, *t)
            }
        })
        .collect()
}

#[test]
fn a_relation_target_type_outside_the_node_types_is_a_load_error() {
    let ontology = "relation\tsymmetric\tcameo\tplover\tfamily\ttargets\n\
                    visited\tno\t042\tCONSULT\tcooperative\tstate|city\n";
    let files = files_with("ontology.tsv", Some(ontology));
    let err = lexicon::load(&files, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "ontology.tsv:2: column `targets`: unknown node type `city` \
         (expected person, state, institution, place or other)"
    );
    let lex = lexicon::builtin().unwrap();
    assert_eq!(
        lex.relations["visited"].targets,
        vec![newsgraph::NodeType::State]
    );
    assert!(lex.relations["meets"].targets.is_empty());
}

#[test]
fn a_malformed_word_list_row_is_a_load_error_naming_file_and_line() {
    let files = files_with("words/prepositions.txt", Some("# comment\nof\nIn\n"));
    let err = lexicon::load(&files, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "words/prepositions.txt:3: `In` is not in lower case"
    );
    let files = files_with("words/abbreviations.txt", Some("Gen\nSt Louis\n"));
    let err = lexicon::load(&files, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "words/abbreviations.txt:2: `St Louis` is not one word: one entry a line"
    );
    let files = files_with("words/determiners.txt", None);
    let err = lexicon::load(&files, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "words/determiners.txt:0: the word list is missing"
    );
    let files = files_with("plural_nouns.tsv", Some("noun\ttype\ncountries\tcity\n"));
    let err = lexicon::load(&files, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "plural_nouns.tsv:2: unknown type `city` (state or person)"
    );
    let files = files_with(
        "org_descriptions.tsv",
        Some("noun\tkinds\ncompany\tcompany\nclub\tsports|ngo\n"),
    );
    let err = lexicon::load(&files, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "org_descriptions.tsv:3: unknown kind `sports` (one of company, government, intelligence, \
         international, judiciary, legislature, media, military, ngo, party, university)"
    );
    let files = files_with(
        "party_members.tsv",
        Some("word\tparty\nLabour\tlabour-party\nSenate\tus-senate\n"),
    );
    let err = lexicon::load(&files, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "party_members.tsv:3: `us-senate` is no party in institutions.tsv"
    );
    let files = files_with(
        "party_members.tsv",
        Some("word\tparty\nLabour\tlabour-party\nLabour\tlabour-party\n"),
    );
    let err = lexicon::load(&files, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "party_members.tsv:3: `Labour` is listed twice"
    );
}

#[test]
fn the_word_lists_are_loaded_one_set_per_file() {
    let lex = lexicon::builtin().unwrap();
    assert!(lex.words.prepositions.contains("towards"));
    assert!(lex.words.determiners.contains("several"));
    assert!(lex.words.subordinators.contains("whether"));
    assert!(!lex.words.subordinators.contains("towards"));
    assert_eq!(
        lex.plural_nouns.get("leaders"),
        Some(&newsgraph::NodeType::Person)
    );
}

#[test]
fn a_title_seat_is_a_state_a_chamber_word_or_an_institution() {
    let titles = "title\trelation\trole\tposition\tseat\n\
                  pope\tleads\tpope\tpre\tcatholic-church\n\
                  senator\tmember_of\tsenator\tpre\tsenate\n\
                  king\tleads\tking\tpre\tRuritania\n";
    let files = files_with("titles.tsv", Some(titles));
    let err = lexicon::load(&files, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "titles.tsv:4: seat `Ruritania` must be `state`, the id of an institution in institutions.tsv, a legislature's head word in lower case (`senate`), or empty"
    );
    // A user's file of four columns still loads: the seat is optional.
    let titles = "title\trelation\trole\tposition\nregent\tleads\tregent\tpre\n";
    let lex = lexicon::load(&files_with("titles.tsv", Some(titles)), &[]).unwrap();
    assert_eq!(lex.titles["regent"].seat, None);
    let lex = lexicon::builtin().unwrap();
    assert_eq!(
        lex.titles["pope"].seat,
        Some(lexicon::Seat::Body("catholic-church".into()))
    );
    assert_eq!(
        lex.titles["senator"].seat,
        Some(lexicon::Seat::Chamber("senate".into()))
    );
    assert_eq!(
        lex.titles["prime minister"].seat,
        Some(lexicon::Seat::State)
    );
}
