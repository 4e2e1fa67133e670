//! Queries over a loaded graph: name lookup and neighbors.
//!
//! This module owns how a user's name for an actor finds its node (exact
//! label, alias, case- and accent-insensitive, then prefix, then fuzzy) and
//! what a neighbor listing holds. It returns plain data and errors; `main`
//! formats them.

use std::collections::BTreeSet;
use std::fmt;

use petgraph::visit::EdgeRef;
use petgraph::Direction as PgDirection;
use unicode_normalization::UnicodeNormalization;

use crate::graph::KnowledgeGraph;
use crate::model::{Certainty, Node};

/// Why a name did not find one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// Nothing matched; the closest labels, best first.
    Unknown { name: String, suggestions: Vec<String> },
    /// Several nodes matched equally well.
    Ambiguous { name: String, candidates: Vec<String> },
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::Unknown { name, suggestions } if suggestions.is_empty() => {
                write!(f, "no actor named `{name}` in the graph")
            }
            LookupError::Unknown { name, suggestions } => write!(
                f,
                "no actor named `{name}` in the graph; did you mean: {}?",
                suggestions.join(", ")
            ),
            LookupError::Ambiguous { name, candidates } => write!(
                f,
                "`{name}` matches several actors: {}; use a fuller name or the id",
                candidates.join(", ")
            ),
        }
    }
}

impl std::error::Error for LookupError {}

/// Lowercase, accents and punctuation removed, spaces folded.
pub fn normalize(s: &str) -> String {
    let folded: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().filter(|w| *w != "s").collect();
    words.join(" ")
}

/// Finds the node a name refers to.
pub fn lookup<'g>(graph: &'g KnowledgeGraph, name: &str) -> Result<&'g Node, LookupError> {
    if let Some(n) = graph.node(name) {
        return Ok(n);
    }
    let want = normalize(name);
    let nodes = graph.nodes();
    let pick = |matches: Vec<&'g Node>| -> Option<Result<&'g Node, LookupError>> {
        match matches.len() {
            0 => None,
            1 => Some(Ok(matches[0])),
            _ => Some(Err(LookupError::Ambiguous {
                name: name.to_string(),
                candidates: matches.iter().map(|n| format!("{} ({})", n.label, n.id)).collect(),
            })),
        }
    };
    let by_label: Vec<&Node> = nodes.iter().copied().filter(|n| normalize(&n.label) == want).collect();
    if let Some(r) = pick(by_label) {
        return r;
    }
    let by_alias: Vec<&Node> = nodes
        .iter()
        .copied()
        .filter(|n| n.aliases.iter().any(|a| normalize(a) == want))
        .collect();
    if let Some(r) = pick(by_alias) {
        return r;
    }
    if !want.is_empty() {
        let by_prefix: Vec<&Node> = nodes
            .iter()
            .copied()
            .filter(|n| normalize(&n.label).starts_with(&want))
            .collect();
        if let Some(r) = pick(by_prefix) {
            return r;
        }
    }
    // Fuzzy: the closest labels.
    let mut scored: Vec<(f64, &Node)> = nodes
        .iter()
        .map(|n| {
            let best = std::iter::once(&n.label)
                .chain(n.aliases.iter())
                .map(|a| strsim::jaro_winkler(&normalize(a), &want))
                .fold(0.0, f64::max);
            (best, *n)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
    if let Some((s, n)) = scored.first() {
        let runner_up = scored.get(1).map(|x| x.0).unwrap_or(0.0);
        if *s >= 0.93 && *s - runner_up > 0.02 {
            return Ok(n);
        }
    }
    let mut seen = BTreeSet::new();
    let suggestions = scored
        .iter()
        .filter(|(s, _)| *s >= 0.6)
        .filter(|(_, n)| seen.insert(n.label.clone()))
        .take(3)
        .map(|(_, n)| n.label.clone())
        .collect();
    Err(LookupError::Unknown {
        name: name.to_string(),
        suggestions,
    })
}

/// Which edges of a node to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Out,
    In,
    Both,
}

/// One neighbor of a node through one edge.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Neighbor {
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub node_type: String,
    pub relation: String,
    /// The relation as drawn (`supplies?`).
    pub edge_label: String,
    /// `out` when the queried node is the source, `in` when it is the target.
    pub direction: String,
    pub certainty: Certainty,
    pub weight: usize,
}

/// The neighbors of a node, sorted by label, relation and direction.
pub fn neighbors(graph: &KnowledgeGraph, node: &Node, relations: &[String], direction: Direction) -> Vec<Neighbor> {
    let Some(ix) = graph.node_index(&node.id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut add = |dir: PgDirection| {
        for e in graph.graph.edges_directed(ix, dir) {
            let edge = e.weight();
            if !relations.is_empty() && !relations.iter().any(|r| r == &edge.relation) {
                continue;
            }
            let other = if dir == PgDirection::Outgoing { e.target() } else { e.source() };
            let Some(n) = graph.graph.node_weight(other) else { continue };
            out.push(Neighbor {
                id: n.id.clone(),
                label: n.label.clone(),
                node_type: n.node_type.as_str().into(),
                relation: edge.relation.clone(),
                edge_label: edge.label.clone(),
                direction: if dir == PgDirection::Outgoing { "out" } else { "in" }.into(),
                certainty: edge.certainty,
                weight: edge.weight,
            });
        }
    };
    if matches!(direction, Direction::Out | Direction::Both) {
        add(PgDirection::Outgoing);
    }
    if matches!(direction, Direction::In | Direction::Both) {
        add(PgDirection::Incoming);
    }
    out.sort_by(|a, b| {
        (&a.label, &a.relation, &a.direction, &a.id).cmp(&(&b.label, &b.relation, &b.direction, &b.id))
    });
    out
}
