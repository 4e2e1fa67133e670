//! Node attributes agree with the edges (issue 17): a `part_of` attribute
//! names a node of the graph and a `part_of` edge to it, or is absent.

use std::path::Path;

use newsgraph::{corpus, lexicon, Document, KnowledgeGraph};

fn doc(id: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        path: format!("{id}.txt"),
        text: text.into(),
    }
}

fn build(docs: &[Document]) -> KnowledgeGraph {
    newsgraph::build(docs, &lexicon::builtin().unwrap())
}

fn part_of(g: &KnowledgeGraph, id: &str) -> Option<String> {
    let nodes = g.nodes();
    let n = nodes
        .iter()
        .find(|n| n.id == id)
        .expect("the node is there");
    n.attributes.get("part_of").cloned()
}

/// Every `part_of` attribute has its edge (and so its node).
fn assert_attributes_agree(g: &KnowledgeGraph) {
    let edges = g.edges();
    for n in g.nodes() {
        if let Some(p) = n.attributes.get("part_of") {
            assert!(
                edges
                    .iter()
                    .any(|e| e.source == n.id && e.relation == "part_of" && &e.target == p),
                "{} part_of {p} without its edge",
                n.id
            );
        }
    }
}

#[test]
fn a_parent_the_documents_never_name_is_no_attribute() {
    let g = build(&[doc("a", "The Bank of Japan raised its rates on Tuesday.")]);
    assert!(g.nodes().iter().all(|n| n.id != "japan"));
    assert_eq!(part_of(&g, "bank-of-japan"), None);
    assert_attributes_agree(&g);
}

#[test]
fn a_parent_named_only_elsewhere_is_no_attribute() {
    let g = build(&[
        doc("a", "The Bank of Japan raised its rates on Tuesday."),
        doc("b", "Japan protested to Peru."),
    ]);
    assert!(g.nodes().iter().any(|n| n.id == "japan"));
    assert!(!g.edges().iter().any(|e| e.relation == "part_of"));
    assert_eq!(part_of(&g, "bank-of-japan"), None);
}

#[test]
fn a_parent_named_beside_it_is_an_edge_and_an_attribute() {
    let g = build(&[doc(
        "a",
        "Japan welcomed the decision of the Bank of Japan on Tuesday.",
    )]);
    assert!(g
        .edges()
        .iter()
        .any(|e| e.source == "bank-of-japan" && e.relation == "part_of" && e.target == "japan"));
    assert_eq!(part_of(&g, "bank-of-japan").as_deref(), Some("japan"));
    assert_attributes_agree(&g);
}

#[test]
fn the_seeds_graph_has_no_attribute_without_its_edge() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let docs = corpus::read_inputs(&[seeds], &mut std::io::empty())
        .unwrap()
        .documents;
    assert_attributes_agree(&build(&docs));
}
