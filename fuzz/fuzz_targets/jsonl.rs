//! The JSON Lines reader on arbitrary bytes, read as standard input
//! (`--stdin-format jsonl`): each non-blank line gives one document or one
//! warning naming the input and the line (or, for a record that says where
//! it came from, that place); ids stay unique; the reader never fails on
//! content.
#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use newsgraph::corpus::{Item, Options, Reader, Source, StdinFormat};

/// Whether a line is a record that names its own origin (`path`).
fn names_its_origin(line: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(line)
        .is_ok_and(|v| v.get("path").is_some_and(|p| p.as_str().is_some_and(|p| !p.is_empty())))
}

fuzz_target!(|data: &[u8]| {
    let mut input = data;
    let options = Options {
        max_doc_bytes: 1000,
        stdin: StdinFormat::JsonLines,
    };
    let lines: Vec<&[u8]> = data
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .collect();
    let mut ids = BTreeSet::new();
    let mut items = 0;
    for item in Reader::new(vec![Source::Stdin], &mut input, options) {
        let own = lines.get(items).is_some_and(|l| names_its_origin(l));
        items += 1;
        match item.expect("reading bytes in memory never fails") {
            Item::Document(d) => {
                assert!(own || d.path.starts_with("-:"), "{}", d.path);
                assert!(d.text.len() <= 1000);
                assert!(ids.insert(d.id.clone()), "repeated id {}", d.id);
            }
            Item::Warning(w) => assert!(own || w.starts_with("skipped `-"), "{w}"),
        }
    }
    assert_eq!(items, lines.len(), "one item per non-blank line");
});
