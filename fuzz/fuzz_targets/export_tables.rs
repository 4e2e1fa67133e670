//! CSV and Cypher on a fuzzed graph. The CSV files read back with the csv
//! crate as rectangular tables whose cells give back the ids, labels,
//! lists and evidence; the Cypher script is written without a panic and
//! holds one statement per line: a constraint per label, one per node
//! and one per edge.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use newsgraph::export::{csv as csv_export, cypher, Exporter};

fn table(name: &str, bytes: &[u8]) -> Vec<csv::StringRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{name} does not read back: {e}")))
        .collect()
}

fuzz_target!(|g: common::FuzzGraph| {
    let graph = g.build();
    let files = csv_export::Csv.export_files(&graph, "nodes.csv");
    let nodes = table("nodes.csv", &files[0].1);
    let edges = table("edges.csv", &files[1].1);
    assert_eq!(nodes.len(), graph.node_count() + 1);
    assert_eq!(edges.len(), graph.edge_count() + 1);
    for (row, n) in nodes[1..].iter().zip(graph.nodes()) {
        assert_eq!(&row[0], n.id);
        assert_eq!(&row[2], n.label);
        let aliases: Vec<String> = serde_json::from_str(&row[4]).expect("aliases are a JSON list");
        assert_eq!(aliases, n.aliases);
    }
    for (row, e) in edges[1..].iter().zip(graph.edges()) {
        assert_eq!(
            (&row[0], &row[1], &row[3]),
            (e.source.as_str(), e.target.as_str(), e.key.as_str())
        );
        let ev: Vec<serde_json::Value> =
            serde_json::from_str(&row[row.len() - 1]).expect("evidence is JSON");
        assert_eq!(ev.len(), e.evidence.len());
    }
    // Cypher: each statement on a line of its own (constraints, one MERGE
    // per node, one MATCH … MERGE per edge), as `cypher-shell -f` reads it.
    let script = String::from_utf8(cypher::Cypher.export(&graph)).expect("Cypher is UTF-8");
    let statements: Vec<&str> = script
        .split('\n')
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect();
    let labels: std::collections::BTreeSet<&str> = graph
        .nodes()
        .iter()
        .map(|n| cypher::label_of(n.node_type))
        .collect();
    assert_eq!(
        statements.len(),
        labels.len() + graph.node_count() + graph.edge_count(),
        "{script}"
    );
    assert!(statements.iter().all(|l| l.ends_with(';')), "{script}");
});
