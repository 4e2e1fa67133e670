//! The JSON graph of `GRAPH-JSON.md`: networkx's node-link layout with
//! richer nodes and edges. This file owns the wire types, the writer, and
//! the reader that queries and `export` load graphs with.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Exporter;
use crate::graph::{GraphView, KnowledgeGraph};
use crate::model::{Certainty, DocumentInfo, Edge, Evidence, Node, NodeType};

pub struct Json;

impl Exporter for Json {
    fn export(&self, graph: &dyn GraphView) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing into memory cannot fail.
        let _ = self.write(graph, &mut out);
        out
    }

    /// Streams the graph: the same bytes as serialising [`to_wire`]
    /// pretty, made a slice of nodes or edges at a time, slices in
    /// parallel, so the graph is never whole in memory as JSON.
    fn write(&self, graph: &dyn GraphView, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(b"{\n  \"directed\": true,\n  \"multigraph\": true,\n  \"graph\": {\n")?;
        out.write_all(b"    \"format\": \"kg-json\",\n    \"version\": 1,\n    \"documents\": ")?;
        write_seq(out, graph.document_count(), 3, |i| {
            wire_document(&graph.document_at(i))
        })?;
        out.write_all(b"\n  },\n  \"nodes\": ")?;
        write_seq(out, graph.node_count(), 2, |i| wire_node(&graph.node_at(i)))?;
        out.write_all(b",\n  \"edges\": ")?;
        write_seq(out, graph.edge_count(), 2, |i| {
            wire_edge(&graph.edge_at(i, true))
        })?;
        out.write_all(b"\n}\n")?;
        graph.check()
    }
}

/// Items per slice when a sequence is written; slices are made two per
/// thread at once, so that the JSON held in memory stays a few thousand
/// items whatever the graph's size.
const SLICE: usize = 256;

/// Writes `n` items as a pretty JSON array whose items sit at `depth`
/// levels of indentation (two spaces each), as serde_json's pretty printer
/// writes them inside the whole document.
fn write_seq<T: Serialize>(
    out: &mut dyn std::io::Write,
    n: usize,
    depth: usize,
    item: impl Fn(usize) -> T + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    if n == 0 {
        return out.write_all(b"[]");
    }
    let indent = "  ".repeat(depth);
    out.write_all(b"[")?;
    let slices: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(SLICE)
        .map(|a| a..(a + SLICE).min(n))
        .collect();
    let window = 2 * rayon::current_num_threads().max(1);
    for window in slices.chunks(window) {
        let parts: Vec<std::io::Result<Vec<u8>>> = window
            .par_iter()
            .map(|r| {
                let mut buf = Vec::new();
                for i in r.clone() {
                    buf.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                    indented(&mut buf, &item(i), &indent)?;
                }
                Ok(buf)
            })
            .collect();
        for p in parts {
            out.write_all(&p?)?;
        }
    }
    out.write_all(b"\n")?;
    out.write_all(&indent.as_bytes()[2..])?;
    out.write_all(b"]")
}

/// One value, pretty, every line after `indent` (JSON strings hold no
/// raw line breaks, so every one is the printer's).
fn indented<T: Serialize>(buf: &mut Vec<u8>, value: &T, indent: &str) -> std::io::Result<()> {
    let one = serde_json::to_vec_pretty(value)?;
    buf.reserve(one.len() + 64);
    buf.extend_from_slice(indent.as_bytes());
    for line in one.split_inclusive(|&b| b == b'\n') {
        buf.extend_from_slice(line);
        if line.ends_with(b"\n") {
            buf.extend_from_slice(indent.as_bytes());
        }
    }
    Ok(())
}

#[derive(Serialize, Deserialize)]
pub struct WireGraph {
    pub directed: bool,
    pub multigraph: bool,
    pub graph: WireMeta,
    pub nodes: Vec<WireNode>,
    pub edges: Vec<WireEdge>,
}

#[derive(Serialize, Deserialize)]
pub struct WireMeta {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub documents: Vec<WireDocument>,
}

#[derive(Serialize, Deserialize)]
pub struct WireDocument {
    pub id: String,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub sha256: String,
    #[serde(default)]
    pub sentences: usize,
}

#[derive(Serialize, Deserialize)]
pub struct WireNode {
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub node_type: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub mentions: usize,
    #[serde(default)]
    pub documents: Vec<String>,
    #[serde(flatten)]
    pub attributes: BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize, Deserialize)]
pub struct WireEdge {
    pub key: String,
    pub source: String,
    pub target: String,
    pub relation: String,
    pub certainty: String,
    pub label: String,
    pub weight: usize,
    #[serde(flatten)]
    pub attributes: BTreeMap<String, serde_json::Value>,
    pub evidence: Vec<WireEvidence>,
}

#[derive(Serialize, Deserialize)]
pub struct WireEvidence {
    pub document: String,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub certainty: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub attributed_to: Option<String>,
}

fn attrs_out(a: &BTreeMap<String, String>) -> BTreeMap<String, serde_json::Value> {
    a.iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect()
}

fn attrs_in(a: BTreeMap<String, serde_json::Value>) -> BTreeMap<String, String> {
    a.into_iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) => Some((k, s)),
            serde_json::Value::Number(n) => Some((k, n.to_string())),
            serde_json::Value::Bool(b) => Some((k, b.to_string())),
            _ => None,
        })
        .collect()
}

/// The wire form of a graph.
pub fn to_wire(graph: &dyn GraphView) -> WireGraph {
    WireGraph {
        directed: true,
        multigraph: true,
        graph: WireMeta {
            format: "kg-json".into(),
            version: 1,
            documents: graph.documents().map(|d| wire_document(&d)).collect(),
        },
        nodes: graph.nodes().map(|n| wire_node(&n)).collect(),
        edges: graph.edges(true).map(|e| wire_edge(&e)).collect(),
    }
}

fn wire_document(d: &DocumentInfo) -> WireDocument {
    WireDocument {
        id: d.id.clone(),
        path: d.path.clone(),
        sha256: d.sha256.clone(),
        sentences: d.sentences,
    }
}

fn wire_node(n: &Node) -> WireNode {
    WireNode {
        id: n.id.clone(),
        label: n.label.clone(),
        node_type: n.node_type.as_str().into(),
        aliases: n.aliases.clone(),
        mentions: n.mentions,
        documents: n.documents.clone(),
        attributes: attrs_out(&n.attributes),
    }
}

fn wire_edge(e: &Edge) -> WireEdge {
    WireEdge {
        key: e.key.clone(),
        source: e.source.clone(),
        target: e.target.clone(),
        relation: e.relation.clone(),
        certainty: e.certainty.as_str().into(),
        label: e.label.clone(),
        weight: e.weight,
        attributes: attrs_out(&e.attributes),
        evidence: e
            .evidence
            .iter()
            .map(|v| WireEvidence {
                document: v.document.clone(),
                sentence: v.sentence,
                start: v.start,
                end: v.end,
                text: v.text.clone(),
                certainty: v.certainty.as_str().into(),
                attributed_to: v.attributed_to.clone(),
            })
            .collect(),
    }
}

/// Why a text is not a JSON graph, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphJsonError {
    /// Not JSON, or not of the graph's shape.
    #[error("not a newsgraph JSON graph: {0}")]
    Shape(String),
    /// A value the graph does not allow (an unknown certainty…).
    #[error("{0}")]
    Value(String),
}

/// Reads a JSON graph. Errors say where the text is wrong.
pub fn from_json(text: &str) -> Result<KnowledgeGraph, GraphJsonError> {
    let wire: WireGraph =
        serde_json::from_str(text).map_err(|e| GraphJsonError::Shape(e.to_string()))?;
    let documents = wire
        .graph
        .documents
        .into_iter()
        .map(|d| DocumentInfo {
            id: d.id,
            path: d.path,
            sha256: d.sha256,
            sentences: d.sentences,
        })
        .collect();
    let nodes = wire
        .nodes
        .into_iter()
        .map(|n| Node {
            node_type: n.node_type.parse().unwrap_or(NodeType::Other),
            id: n.id,
            label: n.label,
            aliases: n.aliases,
            mentions: n.mentions,
            documents: n.documents,
            attributes: attrs_in(n.attributes),
        })
        .collect();
    let mut edges = Vec::new();
    for e in wire.edges {
        let certainty: Certainty = e
            .certainty
            .parse()
            .map_err(|m| GraphJsonError::Value(format!("edge `{}`: {m}", e.key)))?;
        let mut evidence = Vec::with_capacity(e.evidence.len());
        for v in e.evidence {
            evidence.push(Evidence {
                certainty: v
                    .certainty
                    .parse()
                    .map_err(|m| GraphJsonError::Value(format!("edge `{}`: {m}", e.key)))?,
                document: v.document,
                sentence: v.sentence,
                start: v.start,
                end: v.end,
                text: v.text,
                attributed_to: v.attributed_to,
            });
        }
        edges.push(Edge {
            key: e.key,
            source: e.source,
            target: e.target,
            relation: e.relation,
            certainty,
            label: e.label,
            weight: e.weight,
            attributes: attrs_in(e.attributes),
            evidence,
        });
    }
    Ok(KnowledgeGraph::new(documents, nodes, edges))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_graph::hostile_pair;

    #[test]
    fn the_streamed_export_is_the_wire_form_serialised_whole() {
        let g = hostile_pair();
        let mut whole = serde_json::to_vec_pretty(&to_wire(&g)).unwrap();
        whole.push(b'\n');
        assert_eq!(Json.export(&g), whole);
        assert_eq!(
            from_json(std::str::from_utf8(&whole).unwrap())
                .unwrap()
                .edge_count(),
            g.edge_count()
        );
    }
}

#[cfg(test)]
mod empty_tests {
    use super::*;

    #[test]
    fn an_empty_graph_streams_as_its_wire_form() {
        let g = KnowledgeGraph::default();
        let mut whole = serde_json::to_vec_pretty(&to_wire(&g)).unwrap();
        whole.push(b'\n');
        assert_eq!(
            String::from_utf8(Json.export(&g)).unwrap(),
            String::from_utf8(whole).unwrap()
        );
    }
}
