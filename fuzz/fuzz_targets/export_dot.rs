//! DOT on a fuzzed graph: graphviz-rust's parser reads the output back
//! with one node statement per node and one edge statement per edge.
#![no_main]

mod common;

use graphviz_rust::dot_structures::{Graph, Stmt};
use libfuzzer_sys::fuzz_target;
use newsgraph::export::{dot, Exporter};

fuzz_target!(|g: common::FuzzGraph| {
    let graph = g.build();
    let bytes = dot::Dot.export(&graph);
    let text = std::str::from_utf8(&bytes).expect("DOT is UTF-8");
    let parsed =
        graphviz_rust::parse(text).unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{text}"));
    let Graph::DiGraph { stmts, .. } = parsed else {
        panic!("not a digraph")
    };
    let nodes = stmts.iter().filter(|s| matches!(s, Stmt::Node(_))).count();
    let edges = stmts.iter().filter(|s| matches!(s, Stmt::Edge(_))).count();
    assert_eq!((nodes, edges), (graph.node_count(), graph.edge_count()));
});
