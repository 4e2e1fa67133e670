//! The part of a graph the scorer reads: the nodes of a scored type and
//! every edge, with what `kg-score` reads of them.
//!
//! A graph comes from the library ([`from_graph`]) or from JSON in the
//! layout of `docs/GRAPH-JSON.md` ([`from_json`]), which may be any tool's:
//! as `kg-score` does, it reads only `nodes` and `edges`, ignores nodes of
//! other types without reading them, and takes a missing `aliases`,
//! `mentions`, `certainty` or `evidence` as none, 0, `asserted` and none.
//! A field the contract requires (a scored node's `id`, `label` and
//! `type`; an edge's `source`, `target` and `relation`; evidence's
//! `document`) must be there with its JSON type.

use serde::Deserialize;

use super::score::TYPES;
use super::FieldError;
use crate::graph::KnowledgeGraph;

/// A graph as the scorer sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Predicted {
    /// The nodes of type person, state or institution, in graph order.
    pub nodes: Vec<PredictedNode>,
    /// Every edge, in graph order.
    pub edges: Vec<PredictedEdge>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredictedNode {
    pub id: String,
    pub label: String,
    pub node_type: String,
    pub aliases: Vec<String>,
    pub mentions: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredictedEdge {
    pub source: String,
    pub target: String,
    /// As written: a trailing `?` is the scorer's to drop.
    pub relation: String,
    /// As written: `asserted`, `hedged`, `negated`, or another word that
    /// the scorer ranks with `asserted`.
    pub certainty: String,
    /// The document of each evidence record.
    pub documents: Vec<String>,
}

/// The scorer's view of a graph the library built.
pub fn from_graph(graph: &KnowledgeGraph) -> Predicted {
    let nodes = graph
        .nodes()
        .into_iter()
        .filter(|n| TYPES.contains(&n.node_type.as_str()))
        .map(|n| PredictedNode {
            id: n.id.clone(),
            label: n.label.clone(),
            node_type: n.node_type.as_str().to_string(),
            aliases: n.aliases.clone(),
            mentions: i64::try_from(n.mentions).unwrap_or(i64::MAX),
        })
        .collect();
    let edges = graph
        .edges()
        .into_iter()
        .map(|e| PredictedEdge {
            source: e.source.clone(),
            target: e.target.clone(),
            relation: e.relation.clone(),
            certainty: e.certainty.as_str().to_string(),
            documents: e.evidence.iter().map(|v| v.document.clone()).collect(),
        })
        .collect();
    Predicted { nodes, edges }
}

#[derive(Deserialize)]
struct WireGraph {
    nodes: Vec<serde_json::Value>,
    edges: Vec<WireEdge>,
}

#[derive(Deserialize)]
struct WireNode {
    id: String,
    label: String,
    #[serde(rename = "type")]
    node_type: String,
    #[serde(default)]
    aliases: Option<Vec<String>>,
    #[serde(default)]
    mentions: Option<serde_json::Number>,
}

#[derive(Deserialize)]
struct WireEdge {
    source: String,
    target: String,
    relation: String,
    #[serde(default = "asserted")]
    certainty: String,
    #[serde(default)]
    evidence: Option<Vec<WireEvidence>>,
}

#[derive(Deserialize)]
struct WireEvidence {
    document: String,
}

fn asserted() -> String {
    "asserted".into()
}

/// Reads a JSON graph; the error names the field at fault.
pub fn from_json(text: &str) -> Result<Predicted, FieldError> {
    let wire: WireGraph = super::from_json_text(text)?;
    let mut nodes = Vec::new();
    for (i, value) in wire.nodes.into_iter().enumerate() {
        let scored = value
            .get("type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| TYPES.contains(&t));
        if !scored {
            continue;
        }
        let n: WireNode = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            FieldError {
                field: if path == "." {
                    format!("nodes[{i}]")
                } else {
                    format!("nodes[{i}].{path}")
                },
                message: e.into_inner().to_string(),
            }
        })?;
        nodes.push(PredictedNode {
            id: n.id,
            label: n.label,
            node_type: n.node_type,
            aliases: n.aliases.unwrap_or_default(),
            mentions: n.mentions.as_ref().map_or(0, whole),
        });
    }
    let edges = wire
        .edges
        .into_iter()
        .map(|e| PredictedEdge {
            source: e.source,
            target: e.target,
            relation: e.relation,
            certainty: e.certainty,
            documents: e
                .evidence
                .unwrap_or_default()
                .into_iter()
                .map(|v| v.document)
                .collect(),
        })
        .collect();
    Ok(Predicted { nodes, edges })
}

/// A JSON number as Python's `int()` takes it: fractions cut toward zero.
fn whole(n: &serde_json::Number) -> i64 {
    n.as_i64()
        .or_else(|| n.as_u64().map(|_| i64::MAX))
        .unwrap_or_else(|| n.as_f64().unwrap_or(0.0) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_scored_types_are_read_and_missing_fields_take_the_scorers_defaults() {
        let p = from_json(
            r#"{"nodes": [
                {"type": "place"},
                {"id": "sylvania", "label": "Sylvania", "type": "state", "mentions": 2.9}],
              "edges": [{"source": "a", "target": "b", "relation": "warns?"}]}"#,
        )
        .unwrap();
        assert_eq!(p.nodes.len(), 1);
        assert_eq!((p.nodes[0].mentions, p.nodes[0].aliases.len()), (2, 0));
        assert_eq!(p.edges[0].certainty, "asserted");
        assert_eq!(p.edges[0].relation, "warns?");
        assert!(p.edges[0].documents.is_empty());
    }

    #[test]
    fn a_scored_node_without_a_label_is_named() {
        let e = from_json(
            r#"{"nodes": [{"type": "place"}, {"id": "x", "type": "person"}], "edges": []}"#,
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "nodes[1]: missing field `label`");
        let e = from_json(
            r#"{"nodes": [{"id": "x", "label": "X", "type": "person", "aliases": "Y"}], "edges": []}"#,
        )
        .unwrap_err();
        assert_eq!(e.field, "nodes[0].aliases");
    }

    #[test]
    fn an_edge_without_a_source_is_named() {
        let e = from_json(r#"{"nodes": [], "edges": [{"target": "b", "relation": "warns"}]}"#)
            .unwrap_err();
        assert_eq!(e.field, "edges[0]");
        assert!(e.message.starts_with("missing field `source`"));
    }
}
