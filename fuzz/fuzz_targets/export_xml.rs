//! GraphML and GEXF on a fuzzed graph: each output is well-formed XML 1.0
//! (quick-xml reads it to the end with matching tags and valid escapes,
//! and every character is one XML allows) with one element per node and
//! per edge.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use newsgraph::export::{gexf, graphml, Exporter};
use quick_xml::events::Event;
use quick_xml::Reader;

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Reads a whole document; returns the number of `<node>` and `<edge>`
/// elements.
fn check(format: &str, bytes: &[u8]) -> (usize, usize) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{format}: not UTF-8: {e}"));
    if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
        panic!("{format}: character {c:?} is not allowed in XML 1.0");
    }
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let (mut nodes, mut edges, mut depth, mut roots) = (0, 0, 0usize, 0);
    loop {
        let ev = reader.read_event().unwrap_or_else(|e| {
            panic!(
                "{format}: not well-formed at {}: {e}",
                reader.buffer_position()
            )
        });
        let start = match &ev {
            Event::Start(e) | Event::Empty(e) => Some(e.clone()),
            _ => None,
        };
        if let Some(e) = start {
            if depth == 0 {
                roots += 1;
            }
            match e.local_name().as_ref() {
                b"node" => nodes += 1,
                b"edge" => edges += 1,
                _ => {}
            }
            for a in e.attributes() {
                let a = a.unwrap_or_else(|err| panic!("{format}: bad attribute: {err}"));
                a.unescape_value()
                    .unwrap_or_else(|err| panic!("{format}: bad attribute value: {err}"));
            }
        }
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Text(t) => {
                t.unescape()
                    .unwrap_or_else(|err| panic!("{format}: bad text: {err}"));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "{format}: unclosed elements");
    assert_eq!(roots, 1, "{format}: one root element");
    (nodes, edges)
}

fuzz_target!(|g: common::FuzzGraph| {
    let graph = g.build();
    let want = (graph.node_count(), graph.edge_count());
    assert_eq!(check("graphml", &graphml::GraphMl.export(&graph)), want);
    assert_eq!(check("gexf", &gexf::Gexf.export(&graph)), want);
});
