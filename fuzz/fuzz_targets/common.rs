//! Shared by the exporter targets: a knowledge graph built from arbitrary
//! strings through the public constructor, `KnowledgeGraph::new`.
//!
//! Edges connect existing nodes (chosen by index) and keys are unique, as
//! in every graph the pipeline or `from_json` makes; attribute names that a
//! format already uses for a fixed field (`id`, `label`, `evidence`…) are
//! left out, since `from_json` can never produce them either. Everything
//! else (ids, labels, aliases, relations, evidence text, attribute names
//! and values) is whatever the fuzzer chooses.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use arbitrary::Arbitrary;
use newsgraph::model::{Certainty, DocumentInfo, Edge, Evidence, Node, NodeType};
use newsgraph::KnowledgeGraph;

#[derive(Arbitrary, Debug)]
pub struct FuzzDocument {
    id: String,
    path: String,
    sha256: String,
    sentences: u16,
}

#[derive(Arbitrary, Debug)]
pub struct FuzzNode {
    id: String,
    label: String,
    node_type: u8,
    aliases: Vec<String>,
    mentions: u32,
    documents: Vec<String>,
    attributes: Vec<(String, String)>,
}

#[derive(Arbitrary, Debug)]
pub struct FuzzEvidence {
    document: String,
    sentence: u16,
    start: u32,
    end: u32,
    text: String,
    certainty: u8,
    attributed_to: Option<String>,
}

#[derive(Arbitrary, Debug)]
pub struct FuzzEdge {
    source: u8,
    target: u8,
    relation: String,
    certainty: u8,
    weight: u16,
    attributes: Vec<(String, String)>,
    evidence: Vec<FuzzEvidence>,
}

#[derive(Arbitrary, Debug)]
pub struct FuzzGraph {
    documents: Vec<FuzzDocument>,
    nodes: Vec<FuzzNode>,
    edges: Vec<FuzzEdge>,
}

/// Field names of nodes and edges in the JSON graph, GraphML and GEXF.
const RESERVED: &[&str] = &[
    "id",
    "key",
    "label",
    "type",
    "aliases",
    "mentions",
    "documents",
    "source",
    "target",
    "relation",
    "certainty",
    "weight",
    "evidence",
];

fn node_type(n: u8) -> NodeType {
    [
        NodeType::Person,
        NodeType::State,
        NodeType::Institution,
        NodeType::Place,
        NodeType::Other,
    ][n as usize % 5]
}

fn certainty(n: u8) -> Certainty {
    [Certainty::Asserted, Certainty::Hedged, Certainty::Negated][n as usize % 3]
}

fn attributes(pairs: Vec<(String, String)>) -> BTreeMap<String, String> {
    pairs
        .into_iter()
        .filter(|(k, _)| !RESERVED.contains(&k.as_str()))
        .collect()
}

impl FuzzGraph {
    pub fn build(self) -> KnowledgeGraph {
        let documents = self
            .documents
            .into_iter()
            .map(|d| DocumentInfo {
                id: d.id,
                path: d.path,
                sha256: d.sha256,
                sentences: d.sentences as usize,
            })
            .collect();
        let nodes: Vec<Node> = self
            .nodes
            .into_iter()
            .map(|n| Node {
                id: n.id,
                label: n.label,
                node_type: node_type(n.node_type),
                aliases: n.aliases,
                mentions: n.mentions as usize,
                documents: n.documents,
                attributes: attributes(n.attributes),
            })
            .collect();
        let mut edges = Vec::new();
        let mut keys = BTreeSet::new();
        if !nodes.is_empty() {
            for e in self.edges {
                let source = nodes[e.source as usize % nodes.len()].id.clone();
                let target = nodes[e.target as usize % nodes.len()].id.clone();
                let key = Edge::key_of(&source, &e.relation, &target);
                if !keys.insert(key.clone()) {
                    continue;
                }
                let certainty = certainty(e.certainty);
                edges.push(Edge {
                    key,
                    label: Edge::label_of(&e.relation, certainty),
                    source,
                    target,
                    relation: e.relation,
                    certainty,
                    weight: e.weight as usize,
                    attributes: attributes(e.attributes),
                    evidence: e
                        .evidence
                        .into_iter()
                        .map(|v| Evidence {
                            document: v.document,
                            sentence: v.sentence as usize,
                            start: v.start as usize,
                            end: v.end as usize,
                            text: v.text,
                            certainty: self::certainty(v.certainty),
                            attributed_to: v.attributed_to,
                        })
                        .collect(),
                });
            }
        }
        KnowledgeGraph::new(documents, nodes, edges)
    }
}
