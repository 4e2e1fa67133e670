//! Queries over a graph file: name lookup, neighbors to any depth, shortest
//! paths, actor cards and statistics, with one set of edge filters.
//!
//! - [`store`] opens a JSON graph, through a binary index beside it
//!   (`graph.json.idx`) that it writes on first use and rewrites when the
//!   JSON's size or modification time changes.
//! - [`index`] holds [`QueryGraph`], the compact form queries walk.
//! - [`lookup`](mod@lookup) turns a user's name into a node.
//! - [`neighbors`], [`path`], [`card`] and [`stats`] compute answers as
//!   plain data; [`render`] turns them into tables, JSON or DOT strings.
//!
//! Architecture invariant: nothing here prints; `main` prints what
//! [`render`] returns. Only [`store`] touches the file system (and
//! [`QueryGraph`] reads records back from the index file it opened).
//!
//! Negated edges (the text says the thing did not happen) are hidden from
//! every query unless the filter asks for `negated` certainty explicitly.

pub mod card;
pub mod index;
pub mod lookup;
pub mod neighbors;
pub mod path;
pub mod render;
pub mod stats;
pub mod store;

pub use card::{card, Card};
pub use index::QueryGraph;
pub use lookup::{find_node, lookup, normalize, Candidate, LookupError};
pub use neighbors::{ego_graph, neighbors, Neighbor};
pub use path::{paths, Path, Step};
pub use stats::{stats, Stats};
pub use store::{open, OpenError, Opened};

use crate::model::{Certainty, NodeType};

/// Which edges of a node to follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// From source to target.
    Out,
    /// From target to source.
    In,
    /// Either way.
    #[default]
    Both,
}

/// What a query may walk and show. The empty filter keeps every asserted
/// and hedged edge and every node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these relations; empty for all.
    pub relations: Vec<String>,
    /// Only edges of these certainties; empty for asserted and hedged.
    pub certainties: Vec<Certainty>,
    /// Only nodes of these types (the listed neighbors, or the inner nodes
    /// of a path); empty for all.
    pub node_types: Vec<NodeType>,
    /// Only edges supported by at least this many documents.
    pub min_weight: usize,
    /// Only edges with evidence from this document.
    pub document: Option<String>,
    pub direction: Direction,
}

/// A filter value the graph cannot satisfy.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("no `{name}` edges in the graph; its relations are: {}", list(known))]
    UnknownRelation { name: String, known: Vec<String> },
    #[error("no document `{id}` in the graph; its documents are: {}", list(known))]
    UnknownDocument { id: String, known: Vec<String> },
}

/// The first ten names of a list, and how many there are in all.
fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_string()
    } else if v.len() > 10 {
        format!("{}, … ({} in all)", v[..10].join(", "), v.len())
    } else {
        v.join(", ")
    }
}

/// A filter checked against one graph, ready to test edges and nodes.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// By relation number; `None` for all.
    relations: Option<Vec<bool>>,
    /// By certainty: negated, hedged, asserted.
    certainties: [bool; 3],
    node_types: Vec<NodeType>,
    min_weight: usize,
    document: Option<u32>,
    pub direction: Direction,
}

impl Filter {
    /// Checks the filter's names against the graph.
    pub fn compile(&self, graph: &QueryGraph) -> Result<Compiled, FilterError> {
        let relations = if self.relations.is_empty() {
            None
        } else {
            let mut keep = vec![false; graph.relations().len()];
            for r in &self.relations {
                let i = graph.relations().binary_search(r).map_err(|_| {
                    FilterError::UnknownRelation {
                        name: r.clone(),
                        known: graph.relations().to_vec(),
                    }
                })?;
                keep[i] = true;
            }
            Some(keep)
        };
        let certainties = if self.certainties.is_empty() {
            [false, true, true]
        } else {
            let has = |c| self.certainties.contains(&c);
            [
                has(Certainty::Negated),
                has(Certainty::Hedged),
                has(Certainty::Asserted),
            ]
        };
        let document = match &self.document {
            None => None,
            Some(id) => Some(
                graph
                    .documents
                    .binary_search_by(|d| d.id.as_str().cmp(id))
                    .map(|i| i as u32)
                    .map_err(|_| FilterError::UnknownDocument {
                        id: id.clone(),
                        known: graph.documents.iter().map(|d| d.id.clone()).collect(),
                    })?,
            ),
        };
        Ok(Compiled {
            relations,
            certainties,
            node_types: self.node_types.clone(),
            min_weight: self.min_weight,
            document,
            direction: self.direction,
        })
    }
}

impl Compiled {
    /// Whether an edge may be walked and shown.
    pub fn edge_ok(&self, g: &QueryGraph, e: usize) -> bool {
        let c = match g.certainty(e) {
            Certainty::Negated => 0,
            Certainty::Hedged => 1,
            Certainty::Asserted => 2,
        };
        self.certainties[c]
            && g.weight(e) >= self.min_weight
            && self
                .relations
                .as_ref()
                .is_none_or(|keep| keep[g.relation_id(e)])
            && self
                .document
                .is_none_or(|d| g.edge_documents(e).contains(&d))
    }

    /// Whether a node is of a wanted type.
    pub fn node_ok(&self, g: &QueryGraph, n: usize) -> bool {
        self.node_types.is_empty() || self.node_types.contains(&g.node_type(n))
    }

    /// The filtered edges at a node in the filter's direction, as (edge
    /// number, other end, `true` when the node is the edge's source).
    pub fn steps<'g>(
        &'g self,
        g: &'g QueryGraph,
        n: usize,
    ) -> impl Iterator<Item = (usize, usize, bool)> + 'g {
        let out = matches!(self.direction, Direction::Out | Direction::Both);
        let inc = matches!(self.direction, Direction::In | Direction::Both);
        let outgoing = out
            .then(|| {
                g.incident(n, petgraph::Direction::Outgoing)
                    .map(|(e, o)| (e, o, true))
            })
            .into_iter()
            .flatten();
        let incoming = inc
            .then(|| {
                g.incident(n, petgraph::Direction::Incoming)
                    .map(|(e, o)| (e, o, false))
            })
            .into_iter()
            .flatten();
        outgoing
            .chain(incoming)
            .filter(move |&(e, _, _)| self.edge_ok(g, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Evidence, Node};
    use crate::KnowledgeGraph;

    fn node(id: &str, label: &str, t: NodeType, aliases: &[&str]) -> Node {
        Node {
            id: id.into(),
            label: label.into(),
            node_type: t,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions: 1,
            documents: vec!["d1".into()],
            attributes: Default::default(),
        }
    }

    fn edge(s: &str, r: &str, t: &str, c: Certainty, docs: &[&str]) -> Edge {
        Edge {
            key: Edge::key_of(s, r, t),
            source: s.into(),
            target: t.into(),
            relation: r.into(),
            certainty: c,
            label: Edge::label_of(r, c),
            weight: docs.len(),
            attributes: Default::default(),
            evidence: docs
                .iter()
                .map(|d| Evidence {
                    document: d.to_string(),
                    sentence: 0,
                    start: 0,
                    end: 4,
                    text: "text".into(),
                    certainty: c,
                    attributed_to: None,
                })
                .collect(),
        }
    }

    /// a -> b -> c -> d, a -> e -> d (two shortest a..d paths of 3 and 2
    /// steps: the one through e wins), b <-denies(negated)- d.
    pub(crate) fn small() -> QueryGraph {
        let nodes = vec![
            node("a", "Alpha", NodeType::Person, &["Al"]),
            node("b", "Beta", NodeType::State, &[]),
            node("c", "Gamma", NodeType::State, &[]),
            node("d", "Delta", NodeType::Institution, &[]),
            node("e", "Epsilon", NodeType::State, &[]),
            node("e2", "Épsilon", NodeType::Person, &[]),
        ];
        let edges = vec![
            edge("a", "warns", "b", Certainty::Asserted, &["d1", "d2"]),
            edge("b", "meets", "c", Certainty::Hedged, &["d1"]),
            edge("c", "supplies", "d", Certainty::Asserted, &["d2"]),
            edge("a", "urges", "e", Certainty::Asserted, &["d1"]),
            edge("e", "meets", "d", Certainty::Asserted, &["d1"]),
            edge("d", "denies", "b", Certainty::Negated, &["d1"]),
        ];
        QueryGraph::from_graph(KnowledgeGraph::new(Vec::new(), nodes, edges))
    }

    #[test]
    fn lookup_goes_from_exact_to_fuzzy() {
        let g = small();
        let label = |r: Result<usize, LookupError>| r.map(|n| g.label(n).to_string());
        assert_eq!(label(find_node(&g, "c")), Ok("Gamma".into()));
        assert_eq!(label(find_node(&g, "BETA")), Ok("Beta".into()));
        assert_eq!(label(find_node(&g, "al")), Ok("Alpha".into()));
        assert_eq!(label(find_node(&g, "Gam")), Ok("Gamma".into()));
        assert_eq!(label(find_node(&g, "Deltta")), Ok("Delta".into()));
        // Accents do not matter, so two labels match.
        let err = find_node(&g, "epsilon").unwrap_err().to_string();
        assert_eq!(
            err,
            "`epsilon` matches 2 actors; use a fuller name or the id:\n  Epsilon (state, e)\n  Épsilon (person, e2)"
        );
        assert_eq!(
            find_node(&g, "Zulu").unwrap_err(),
            LookupError::Unknown {
                name: "Zulu".into(),
                suggestions: vec![]
            }
        );
    }

    #[test]
    fn filters_hide_negated_edges_unless_asked() {
        let g = small();
        let d = find_node(&g, "d").unwrap();
        let all = Filter::default().compile(&g).unwrap();
        let rels = |f: &Compiled| {
            let mut v: Vec<&str> = f.steps(&g, d).map(|(e, _, _)| g.relation(e)).collect();
            v.sort();
            v
        };
        assert_eq!(rels(&all), vec!["meets", "supplies"]);
        let negated = Filter {
            certainties: vec![Certainty::Negated],
            ..Filter::default()
        }
        .compile(&g)
        .unwrap();
        assert_eq!(rels(&negated), vec!["denies"]);
        let bad = Filter {
            relations: vec!["flies".into()],
            ..Filter::default()
        }
        .compile(&g)
        .unwrap_err();
        assert_eq!(
            bad.to_string(),
            "no `flies` edges in the graph; its relations are: denies, meets, supplies, urges, warns"
        );
    }
}
