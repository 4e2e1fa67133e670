//! Names that find no one actor (issue 17): a word shared by several
//! labels lists them all; an unknown name is offered the labels that
//! share a word with it or are spelled almost like it, never unrelated
//! ones. Graphs built from invented sentences.

use newsgraph::query::{lookup, LookupError};
use newsgraph::{lexicon, Document, KnowledgeGraph};

fn graph() -> KnowledgeGraph {
    let doc = Document {
        id: "a".into(),
        path: "a.txt".into(),
        text: "Chilean Foreign Minister Marta Quillen visited Lima on Monday.\n\
               The Bank of Japan raised its rates, and Peru protested.\n\
               Equatorial Guinea warned Guinea-Bissau on Friday.\n"
            .into(),
    };
    newsgraph::build(&[doc], &lexicon::builtin().unwrap())
}

/// The labels offered for a name that finds nothing.
fn suggestions(g: &KnowledgeGraph, name: &str) -> Vec<String> {
    match lookup(g, name) {
        Err(LookupError::Unknown { suggestions, .. }) => suggestions,
        other => panic!("`{name}` should be unknown, got {other:?}"),
    }
}

#[test]
fn a_word_of_several_labels_lists_them_all() {
    let g = graph();
    let Err(LookupError::Ambiguous {
        candidates, more, ..
    }) = lookup(&g, "Guinea")
    else {
        panic!("`Guinea` should be ambiguous");
    };
    let labels: Vec<&str> = candidates.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        (labels, more),
        (vec!["Equatorial Guinea", "Guinea-Bissau"], 0)
    );
    assert_eq!(
        lookup(&g, "Guinea").unwrap_err().to_string(),
        "`Guinea` matches 2 actors; use a fuller name or the id:\n  \
         Equatorial Guinea (state, equatorial-guinea)\n  Guinea-Bissau (state, guinea-bissau)"
    );
    // A word of one label alone finds it.
    assert_eq!(lookup(&g, "Quillen").unwrap().id, "marta-quillen");
}

#[test]
fn an_unknown_name_is_offered_labels_that_share_a_word() {
    let g = graph();
    assert_eq!(suggestions(&g, "Bank of Peru"), ["Bank of Japan", "Peru"]);
    assert_eq!(suggestions(&g, "Central Bank"), ["Bank of Japan"]);
}

#[test]
fn a_slip_in_a_word_is_offered_its_label() {
    let g = graph();
    assert_eq!(suggestions(&g, "Quilen"), ["Marta Quillen"]);
    assert_eq!(suggestions(&g, "Quillan"), ["Marta Quillen"]);
}

#[test]
fn an_unrelated_name_is_offered_nothing() {
    let g = graph();
    assert!(suggestions(&g, "Emmanuel Macron").is_empty());
    assert!(suggestions(&g, "Ministry of Truth").is_empty());
    assert_eq!(
        lookup(&g, "Emmanuel Macron").unwrap_err().to_string(),
        "no actor named `Emmanuel Macron` in the graph"
    );
}
