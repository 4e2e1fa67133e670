//! The actor card: a node in full, with every edge at it and the evidence
//! for each, grouped by relation. Unlike the other queries it hides
//! nothing: negated edges are listed, marked by their certainty.

use super::index::QueryGraph;
use crate::model::{Edge, Node};

/// An edge at the card's node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardEdge {
    pub edge: Edge,
    /// `true` when the card's node is the source.
    pub out: bool,
    /// The node at the other end (the card's node itself for a loop).
    pub other: usize,
}

/// Everything the graph says about one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub node: Node,
    pub number: usize,
    /// Sorted by relation, outgoing before incoming, then by the other
    /// end's label.
    pub edges: Vec<CardEdge>,
}

/// The card of node `n`.
pub fn card(graph: &QueryGraph, n: usize) -> Result<Card, String> {
    let node = graph.node(n)?;
    let mut found: Vec<(usize, bool, usize)> = graph
        .incident(n, petgraph::Direction::Outgoing)
        .map(|(e, o)| (e, true, o))
        .chain(
            graph
                .incident(n, petgraph::Direction::Incoming)
                .filter(|&(_, o)| o != n)
                .map(|(e, o)| (e, false, o)),
        )
        .collect();
    found.sort_by(|a, b| {
        (graph.relation(a.0), !a.1, graph.label(a.2), graph.id(a.2)).cmp(&(
            graph.relation(b.0),
            !b.1,
            graph.label(b.2),
            graph.id(b.2),
        ))
    });
    let edges = found
        .into_iter()
        .map(|(e, out, other)| {
            Ok(CardEdge {
                edge: graph.edge(e)?,
                out,
                other,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Card {
        node,
        number: n,
        edges,
    })
}
