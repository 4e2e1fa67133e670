//! Turtle and N-Triples on a fuzzed graph: oxttl parses both, and they
//! hold the same triples.
#![no_main]

mod common;

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use newsgraph::export::{rdf, Exporter};
use oxttl::{NTriplesParser, TurtleParser};

fuzz_target!(|g: common::FuzzGraph| {
    let graph = g.build();
    let ttl = rdf::Turtle.export(&graph);
    let nt = rdf::NTriples.export(&graph);
    let from_ttl: BTreeSet<String> = TurtleParser::new()
        .for_slice(&ttl)
        .map(|t| {
            t.unwrap_or_else(|e| panic!("Turtle does not parse: {e}"))
                .to_string()
        })
        .collect();
    let from_nt: BTreeSet<String> = NTriplesParser::new()
        .for_slice(&nt)
        .map(|t| {
            t.unwrap_or_else(|e| panic!("N-Triples does not parse: {e}"))
                .to_string()
        })
        .collect();
    assert_eq!(from_ttl, from_nt, "Turtle and N-Triples differ");
});
