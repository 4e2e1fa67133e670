//! The JSON exporter on a fuzzed graph: the output is JSON, `from_json`
//! loads it, and loading and writing again gives the same bytes.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use newsgraph::export::{json, Exporter};

fuzz_target!(|g: common::FuzzGraph| {
    let graph = g.build();
    let bytes = json::Json.export(&graph);
    let value: serde_json::Value = serde_json::from_slice(&bytes).expect("the export is JSON");
    assert_eq!(
        value["nodes"].as_array().map(Vec::len),
        Some(graph.node_count())
    );
    assert_eq!(
        value["edges"].as_array().map(Vec::len),
        Some(graph.edge_count())
    );
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    let back = json::from_json(text).expect("from_json loads the export");
    assert_eq!(
        bytes,
        json::Json.export(&back),
        "reloaded graph exports differently"
    );
});
