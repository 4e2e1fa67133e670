//! Counts over the whole graph: nodes by type, edges by relation and
//! certainty, and the actors with the most edges.
//!
//! Degrees count asserted and hedged edges only, since a negated edge says
//! the link did not happen; an actor's weighted degree adds up the weights
//! (supporting documents) of those edges. A loop counts once.

use std::collections::BTreeMap;

use super::index::QueryGraph;
use crate::model::{Certainty, NodeType};

/// Edges of one relation, by certainty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RelationCount {
    pub relation: String,
    pub edges: usize,
    pub asserted: usize,
    pub hedged: usize,
    pub negated: usize,
}

/// Counts over a graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    pub nodes: usize,
    pub edges: usize,
    pub documents: usize,
    /// Sorted by type name.
    pub by_type: Vec<(NodeType, usize)>,
    /// Sorted by relation name.
    pub by_relation: Vec<RelationCount>,
    /// (node, degree), highest first, ties by label.
    pub top_degree: Vec<(usize, usize)>,
    /// (node, weighted degree), highest first, ties by label.
    pub top_weighted: Vec<(usize, usize)>,
}

/// The statistics of a graph, with the `top` best-connected actors.
pub fn stats(graph: &QueryGraph, top: usize) -> Stats {
    let mut by_type: BTreeMap<&str, (NodeType, usize)> = BTreeMap::new();
    for n in 0..graph.node_count() {
        let t = graph.node_type(n);
        by_type.entry(t.as_str()).or_insert((t, 0)).1 += 1;
    }
    let mut by_relation: Vec<RelationCount> = graph
        .relations()
        .iter()
        .map(|r| RelationCount {
            relation: r.clone(),
            ..RelationCount::default()
        })
        .collect();
    let mut degree = vec![0usize; graph.node_count()];
    let mut weighted = vec![0usize; graph.node_count()];
    for e in 0..graph.edge_count() {
        let c = &mut by_relation[graph.relation_id(e)];
        c.edges += 1;
        match graph.certainty(e) {
            Certainty::Asserted => c.asserted += 1,
            Certainty::Hedged => c.hedged += 1,
            Certainty::Negated => {
                c.negated += 1;
                continue;
            }
        }
        let (s, t) = (graph.source(e), graph.target(e));
        degree[s] += 1;
        weighted[s] += graph.weight(e);
        if t != s {
            degree[t] += 1;
            weighted[t] += graph.weight(e);
        }
    }
    let best = |score: &[usize]| -> Vec<(usize, usize)> {
        let mut v: Vec<(usize, usize)> = score
            .iter()
            .copied()
            .enumerate()
            .filter(|&(_, s)| s > 0)
            .collect();
        let order = |a: &(usize, usize), b: &(usize, usize)| {
            b.1.cmp(&a.1)
                .then_with(|| graph.label(a.0).cmp(graph.label(b.0)))
                .then(a.0.cmp(&b.0))
        };
        if v.len() > top && top > 0 {
            v.select_nth_unstable_by(top - 1, order);
        }
        v.truncate(top);
        v.sort_by(order);
        v
    };
    Stats {
        nodes: graph.node_count(),
        edges: graph.edge_count(),
        documents: graph.documents.len(),
        by_type: by_type.into_values().collect(),
        by_relation,
        top_degree: best(&degree),
        top_weighted: best(&weighted),
    }
}
