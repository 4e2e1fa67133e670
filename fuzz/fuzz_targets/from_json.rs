//! The JSON graph loader on arbitrary text: an error or a graph, never a
//! panic; a graph it loads writes back to JSON that loads to the same graph.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::export::{json, Exporter};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(graph) = json::from_json(text) else {
        return;
    };
    let once = json::Json.export(&graph);
    let again = json::from_json(std::str::from_utf8(&once).expect("the JSON export is UTF-8"))
        .expect("a loaded graph's JSON export loads");
    assert_eq!(
        once,
        json::Json.export(&again),
        "JSON export is not stable across a reload"
    );
});
