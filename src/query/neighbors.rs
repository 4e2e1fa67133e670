//! Neighbors to any depth: a breadth-first walk from one node over the
//! edges the filter keeps.
//!
//! A row is an edge that reaches a node for the first time at some depth,
//! from a node one step closer (its `via`); every such edge is listed, so a
//! node reached by two relations shows twice. Edges between nodes already
//! reached are not rows. The type filter chooses which reached nodes are
//! listed; the walk itself goes through nodes of any type.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::index::QueryGraph;
use super::Compiled;
use crate::graph::KnowledgeGraph;
use crate::model::Certainty;

/// One neighbor of a node through one edge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Neighbor {
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub node_type: String,
    pub relation: String,
    /// The relation as drawn (`supplies?`).
    pub edge_label: String,
    /// `out` when `via` is the edge's source, `in` when it is the target.
    pub direction: String,
    pub certainty: Certainty,
    pub weight: usize,
    /// How many steps from the queried node.
    pub depth: usize,
    /// The node one step closer: the queried node at depth 1.
    pub via: String,
    pub via_label: String,
    /// The node's and the edge's numbers in the query graph.
    #[serde(skip)]
    pub node: usize,
    #[serde(skip)]
    pub edge: usize,
    #[serde(skip)]
    pub via_node: usize,
}

/// The neighbors of `center` up to `depth` steps away, sorted by depth,
/// label, relation and direction.
pub fn neighbors(
    graph: &QueryGraph,
    center: usize,
    depth: usize,
    filter: &Compiled,
) -> Vec<Neighbor> {
    let mut dist: HashMap<usize, usize> = HashMap::from([(center, 0)]);
    let mut frontier = vec![center];
    let mut rows = Vec::new();
    for d in 1..=depth {
        let mut next = Vec::new();
        for &u in &frontier {
            for (e, v, out) in filter.steps(graph, u) {
                match dist.get(&v) {
                    Some(&dv) if dv < d => continue,
                    Some(_) => {}
                    None => {
                        dist.insert(v, d);
                        next.push(v);
                    }
                }
                if !filter.node_ok(graph, v) {
                    continue;
                }
                rows.push(Neighbor {
                    id: graph.id(v).to_string(),
                    label: graph.label(v).to_string(),
                    node_type: graph.node_type(v).as_str().to_string(),
                    relation: graph.relation(e).to_string(),
                    edge_label: graph.edge_label(e).to_string(),
                    direction: if out { "out" } else { "in" }.to_string(),
                    certainty: graph.certainty(e),
                    weight: graph.weight(e),
                    depth: d,
                    via: graph.id(u).to_string(),
                    via_label: graph.label(u).to_string(),
                    node: v,
                    edge: e,
                    via_node: u,
                });
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    rows.sort_by(|a, b| {
        (
            a.depth,
            &a.label,
            &a.id,
            &a.relation,
            &a.direction,
            &a.via_label,
            &a.via,
        )
            .cmp(&(
                b.depth,
                &b.label,
                &b.id,
                &b.relation,
                &b.direction,
                &b.via_label,
                &b.via,
            ))
    });
    rows
}

/// The subgraph a neighbor listing shows: the queried node, the listed
/// nodes and those they were reached through, and exactly the listed
/// edges, as a graph the exporters accept.
pub fn ego_graph(
    graph: &QueryGraph,
    center: usize,
    rows: &[Neighbor],
) -> Result<KnowledgeGraph, String> {
    let mut nodes: BTreeSet<usize> = BTreeSet::from([center]);
    let mut edges: BTreeSet<usize> = BTreeSet::new();
    for r in rows {
        nodes.insert(r.node);
        nodes.insert(r.via_node);
        edges.insert(r.edge);
    }
    let nodes = nodes
        .into_iter()
        .map(|n| graph.node(n))
        .collect::<Result<Vec<_>, _>>()?;
    let edges = edges
        .into_iter()
        .map(|e| graph.edge(e))
        .collect::<Result<Vec<_>, _>>()?;
    let used: BTreeSet<&str> = edges
        .iter()
        .flat_map(|e| e.evidence.iter().map(|v| v.document.as_str()))
        .collect();
    let documents = graph
        .documents
        .iter()
        .filter(|d| used.contains(d.id.as_str()))
        .cloned()
        .collect();
    Ok(KnowledgeGraph::new(documents, nodes, edges))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{find_node, Direction, Filter};

    #[test]
    fn depth_two_reaches_through_the_first_ring() {
        let g = crate::query::tests::small();
        let a = find_node(&g, "Alpha").unwrap();
        let f = Filter::default().compile(&g).unwrap();
        let rows: Vec<(usize, String, String, String)> = neighbors(&g, a, 2, &f)
            .into_iter()
            .map(|r| (r.depth, r.label, r.edge_label, r.via_label))
            .collect();
        assert_eq!(
            rows,
            vec![
                (1, "Beta".into(), "warns".into(), "Alpha".into()),
                (1, "Epsilon".into(), "urges".into(), "Alpha".into()),
                (2, "Delta".into(), "meets".into(), "Epsilon".into()),
                (2, "Gamma".into(), "meets?".into(), "Beta".into()),
            ]
        );
        let out_only = Filter {
            direction: Direction::In,
            ..Filter::default()
        }
        .compile(&g)
        .unwrap();
        assert!(neighbors(&g, a, 2, &out_only).is_empty());
    }
}
