//! The entity, resolution and relation passes on arbitrary text, with the
//! built-in lexicon: no panic, and every fact stands on evidence that is
//! the text of its sentence and links two actors the document names.
#![no_main]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsgraph::{Document, Lexicon};

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| newsgraph::lexicon::builtin().expect("the built-in lexicon loads"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = Document {
        id: "fuzz".into(),
        path: "fuzz.txt".into(),
        text,
    };
    let x = newsgraph::extract_document(&doc, lexicon());
    let chars: Vec<char> = doc.text.chars().collect();
    for m in &x.mentions {
        assert!(m.start < m.end && m.end <= chars.len(), "{m:?}");
        let span: String = chars[m.start..m.end].iter().collect();
        assert_eq!(span, m.text);
    }
    let ids: BTreeSet<&str> = x.entities.iter().map(|e| e.id.as_str()).collect();
    for f in &x.facts {
        assert_ne!(f.source, f.target, "{f:?}");
        assert!(
            ids.contains(f.source.as_str()) && ids.contains(f.target.as_str()),
            "fact on an unknown actor: {f:?}"
        );
        let ev = &f.evidence;
        assert!(ev.start <= ev.end && ev.end <= chars.len(), "{f:?}");
        let sentence: String = chars[ev.start..ev.end].iter().collect();
        assert_eq!(sentence, ev.text);
    }
    // The graph of the document: every edge joins two of its nodes.
    let graph = newsgraph::build(std::slice::from_ref(&doc), lexicon());
    for e in graph.edges() {
        assert!(graph.node(&e.source).is_some() && graph.node(&e.target).is_some());
        assert!(!e.evidence.is_empty());
    }
});
