//! The JSON Lines reader on arbitrary bytes, read as standard input
//! (`--stdin-format jsonl`): each non-blank line gives one document or one warning
//! naming the input and the line; ids stay unique; the reader never fails
//! on content.
#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use newsgraph::corpus::{Item, Options, Reader, Source, StdinFormat};

fuzz_target!(|data: &[u8]| {
    let mut input = data;
    let options = Options {
        max_doc_bytes: 1000,
        stdin: StdinFormat::JsonLines,
    };
    let lines = data
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count();
    let mut ids = BTreeSet::new();
    let mut items = 0;
    for item in Reader::new(vec![Source::Stdin], &mut input, options) {
        items += 1;
        match item.expect("reading bytes in memory never fails") {
            Item::Document(d) => {
                assert!(d.path.starts_with("-:"), "{}", d.path);
                assert!(d.text.len() <= 1000);
                assert!(ids.insert(d.id.clone()), "repeated id {}", d.id);
            }
            Item::Warning(w) => assert!(w.starts_with("skipped `-"), "{w}"),
        }
    }
    assert_eq!(items, lines, "one item per non-blank line");
});
