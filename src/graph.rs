//! The knowledge graph and the merge that builds it.
//!
//! This module owns identity across documents (one node per actor id, short
//! person names joined to the one full name they fit), the collapse of facts
//! into one edge per (source, relation, target) with its evidence, and the
//! petgraph `StableDiGraph` that queries walk.
//!
//! Merging goes through [`Partial`]: what a set of documents contributes,
//! kept in a form whose `merge` is associative and commutative, so that
//! documents can be extracted in any order, on any number of threads or
//! machines, and reduced in any grouping to the same bytes. Memory is
//! bounded by the graph, not the corpus: each edge keeps at most
//! `max_evidence` evidence records (the first in document order) with the
//! total count, and each node at most `max_documents` document ids (the
//! first in order) with the total count. It knows no output format and does
//! no I/O; exporters read `nodes()` and `edges()`, which are sorted.

pub mod actors;
pub mod chunked;
pub mod compact;
pub mod docs;
pub mod intern;
pub mod lean;
mod ranks;
pub mod remap;
pub mod runs;
pub mod spill;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt};

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use serde::{Deserialize, Serialize};

use crate::lexicon::Lexicon;
use crate::model::{Certainty, DocumentInfo, Edge, Evidence, Extraction, Node, NodeType};

pub use lean::LeanGraph;

/// What exporters read: a graph's documents (by id), nodes (by id) and
/// edges (by key), one at a time and in order. [`KnowledgeGraph`] lends
/// them; [`LeanGraph`] makes each as it is asked for, reading sentences
/// and documents' details from its spill store.
pub trait GraphView: Sync {
    fn document_count(&self) -> usize;
    fn node_count(&self) -> usize;
    fn edge_count(&self) -> usize;
    /// Document `i` in id order.
    fn document_at(&self, i: usize) -> Cow<'_, DocumentInfo>;
    /// Node `i` in id order.
    fn node_at(&self, i: usize) -> Cow<'_, Node>;
    /// Edge `i` in key order; without its evidence when `evidence` is
    /// false and the graph has to read it (formats that do not write it).
    fn edge_at(&self, i: usize, evidence: bool) -> Cow<'_, Edge>;
    /// The first error met while reading the graph's stored parts (an
    /// export that met one is incomplete and must not be kept).
    fn failure(&self) -> Option<String> {
        None
    }
}

impl<'g> dyn GraphView + 'g {
    /// Documents in id order.
    pub fn documents(&self) -> impl Iterator<Item = Cow<'_, DocumentInfo>> + '_ {
        (0..self.document_count()).map(move |i| self.document_at(i))
    }

    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = Cow<'_, Node>> + '_ {
        (0..self.node_count()).map(move |i| self.node_at(i))
    }

    /// Edges in key order, with their evidence or not.
    pub fn edges(&self, evidence: bool) -> impl Iterator<Item = Cow<'_, Edge>> + '_ {
        (0..self.edge_count()).map(move |i| self.edge_at(i, evidence))
    }

    /// An error when reading the graph's stored parts failed.
    pub fn check(&self) -> std::io::Result<()> {
        match self.failure() {
            Some(f) => Err(std::io::Error::other(f)),
            None => Ok(()),
        }
    }
}

/// The merged graph: documents, nodes and edges, with an index from node
/// id to petgraph index.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeGraph {
    pub documents: Vec<DocumentInfo>,
    pub graph: StableDiGraph<Node, Edge>,
    index: HashMap<String, NodeIndex>,
    /// Nodes by id and edges by key.
    node_order: Vec<NodeIndex>,
    edge_order: Vec<petgraph::stable_graph::EdgeIndex>,
}

impl GraphView for KnowledgeGraph {
    fn document_count(&self) -> usize {
        self.documents.len()
    }

    fn node_count(&self) -> usize {
        self.node_order.len()
    }

    fn edge_count(&self) -> usize {
        self.edge_order.len()
    }

    fn document_at(&self, i: usize) -> Cow<'_, DocumentInfo> {
        Cow::Borrowed(&self.documents[i])
    }

    fn node_at(&self, i: usize) -> Cow<'_, Node> {
        Cow::Borrowed(&self.graph[self.node_order[i]])
    }

    fn edge_at(&self, i: usize, _evidence: bool) -> Cow<'_, Edge> {
        Cow::Borrowed(&self.graph[self.edge_order[i]])
    }
}

impl KnowledgeGraph {
    /// Builds a graph from nodes and edges; edges whose ends are not nodes
    /// are dropped.
    pub fn new(
        mut documents: Vec<DocumentInfo>,
        mut nodes: Vec<Node>,
        mut edges: Vec<Edge>,
    ) -> Self {
        documents.sort();
        documents.dedup_by(|a, b| a.id == b.id);
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes.dedup_by(|a, b| a.id == b.id);
        edges.sort_by(|a, b| a.key.cmp(&b.key));
        let mut graph = StableDiGraph::with_capacity(nodes.len(), edges.len());
        let mut index = HashMap::with_capacity(nodes.len());
        let mut node_order = Vec::with_capacity(nodes.len());
        for n in nodes {
            let id = n.id.clone();
            let ix = graph.add_node(n);
            index.insert(id, ix);
            node_order.push(ix);
        }
        let mut edge_order = Vec::with_capacity(edges.len());
        for e in edges {
            if let (Some(&a), Some(&b)) = (index.get(&e.source), index.get(&e.target)) {
                edge_order.push(graph.add_edge(a, b, e));
            }
        }
        KnowledgeGraph {
            documents,
            graph,
            index,
            node_order,
            edge_order,
        }
    }

    /// Nodes sorted by id.
    pub fn nodes(&self) -> Vec<&Node> {
        self.node_order.iter().map(|&i| &self.graph[i]).collect()
    }

    /// Edges sorted by key.
    pub fn edges(&self) -> Vec<&Edge> {
        self.edge_order.iter().map(|&i| &self.graph[i]).collect()
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).and_then(|&i| self.graph.node_weight(i))
    }

    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }
}

pub(crate) fn name_words(label: &str) -> Vec<String> {
    label
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// How much a graph keeps of what it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Evidence records kept per edge (the first in document order).
    pub max_evidence: usize,
    /// Document ids kept per node (the first in order).
    pub max_documents: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_evidence: 64,
            max_documents: 1000,
        }
    }
}

/// An actor as a set of documents sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialEntity {
    pub node_type: Option<NodeType>,
    /// Each label form, with the number of documents that used it.
    pub labels: BTreeMap<String, usize>,
    pub aliases: BTreeSet<String>,
    pub attributes: BTreeMap<String, String>,
    pub mentions: usize,
    /// The first `max_documents` document ids.
    pub documents: BTreeSet<String>,
    pub document_count: usize,
}

/// One (source, relation, target) as a set of documents supports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialEdge {
    pub source: String,
    pub relation: String,
    pub target: String,
    pub certainty: Certainty,
    /// Documents that support it.
    pub weight: usize,
    pub roles: BTreeMap<String, usize>,
    /// The first `max_evidence` records, sorted.
    pub evidence: Vec<Evidence>,
    pub evidence_count: usize,
}

/// What a set of documents contributes to the graph. `merge` is
/// associative and commutative; `finish` turns it into the graph.
///
/// The maps are hash maps, so that folding a batch into a large graph costs
/// one hash per key rather than a walk of string comparisons; they are
/// written sorted by key, so a partial graph always serialises to the same
/// bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partial {
    pub limits: Limits,
    #[serde(serialize_with = "sorted")]
    pub documents: HashMap<String, DocumentInfo>,
    #[serde(serialize_with = "sorted")]
    pub entities: HashMap<String, PartialEntity>,
    /// By `source|relation|target`.
    #[serde(serialize_with = "sorted")]
    pub edges: HashMap<String, PartialEdge>,
}

/// Serialises a map in key order.
fn sorted<V: Serialize, S: serde::Serializer>(
    map: &HashMap<String, V>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut entries: Vec<(&String, &V)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    s.collect_map(entries)
}

impl PartialEntity {
    fn absorb(&mut self, other: PartialEntity, limits: &Limits) {
        if self.node_type.is_none() {
            self.node_type = other.node_type;
        }
        for (k, v) in other.labels {
            *self.labels.entry(k).or_default() += v;
        }
        self.aliases.extend(other.aliases);
        for (k, v) in other.attributes {
            self.attributes.entry(k).or_insert(v);
        }
        self.mentions += other.mentions;
        self.document_count += other.document_count;
        // Documents mostly arrive in order: once the list is full, later
        // ones are counted without touching it.
        let full = self.documents.len() >= limits.max_documents;
        if full && other.documents.first() > self.documents.last() {
            return;
        }
        self.documents.extend(other.documents);
        while self.documents.len() > limits.max_documents {
            self.documents.pop_last();
        }
    }
}

impl PartialEdge {
    fn absorb(&mut self, other: PartialEdge, limits: &Limits) {
        self.certainty = self.certainty.max(other.certainty);
        self.weight += other.weight;
        for (k, v) in other.roles {
            *self.roles.entry(k).or_default() += v;
        }
        self.evidence_count += other.evidence_count;
        self.evidence = merge_sorted(
            std::mem::take(&mut self.evidence),
            other.evidence,
            limits.max_evidence,
        );
    }
}

/// The first `max` distinct records of two sorted, deduplicated lists, in
/// order: a linear merge, which stops as soon as `max` are taken.
fn merge_sorted(a: Vec<Evidence>, b: Vec<Evidence>, max: usize) -> Vec<Evidence> {
    if b.is_empty() || (a.len() >= max && b.first() > a.last()) {
        let mut a = a;
        a.truncate(max);
        return a;
    }
    let mut out = Vec::with_capacity((a.len() + b.len()).min(max));
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while out.len() < max {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => match x.cmp(y) {
                std::cmp::Ordering::Less => a.next(),
                std::cmp::Ordering::Greater => b.next(),
                std::cmp::Ordering::Equal => {
                    b.next();
                    a.next()
                }
            },
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => None,
        };
        match next {
            Some(v) => out.push(v),
            None => break,
        }
    }
    out
}

impl Partial {
    /// An empty partial graph with these limits.
    pub fn new(limits: Limits) -> Self {
        Partial {
            limits,
            ..Default::default()
        }
    }

    /// What one document contributes.
    pub fn from_extraction(x: Extraction, lex: &Lexicon, limits: Limits) -> Partial {
        let mut p = Partial::new(limits);
        let doc = x
            .document
            .as_ref()
            .map(|d| d.id.clone())
            .unwrap_or_default();
        for e in x.entities {
            let slot = p.entities.entry(e.id.clone()).or_default();
            slot.node_type = Some(e.node_type);
            *slot.labels.entry(e.label.clone()).or_default() += 1;
            slot.aliases.extend(e.aliases);
            slot.attributes = e.attributes;
            slot.mentions += x.mention_counts.get(&e.id).copied().unwrap_or(0);
            slot.documents.insert(doc.clone());
            slot.document_count = 1;
        }
        let mut edges: HashMap<String, PartialEdge> = HashMap::new();
        for f in x.facts {
            let (mut s, mut t) = (f.source, f.target);
            if s == t {
                continue;
            }
            if lex.relation(&f.relation).is_some_and(|r| r.symmetric) && t < s {
                std::mem::swap(&mut s, &mut t);
            }
            let key = Edge::key_of(&s, &f.relation, &t);
            let slot = edges.entry(key).or_insert_with(|| PartialEdge {
                source: s,
                relation: f.relation.clone(),
                target: t,
                certainty: Certainty::Negated,
                weight: 1,
                roles: BTreeMap::new(),
                evidence: Vec::new(),
                evidence_count: 0,
            });
            slot.certainty = slot.certainty.max(f.evidence.certainty);
            if let Some(role) = f.role {
                *slot.roles.entry(role).or_default() += 1;
            }
            slot.evidence.push(f.evidence);
        }
        for e in edges.values_mut() {
            e.evidence.sort();
            e.evidence.dedup();
            e.evidence_count = e.evidence.len();
            e.evidence.truncate(limits.max_evidence);
        }
        p.edges = edges;
        if let Some(d) = x.document {
            p.documents.insert(d.id.clone(), d);
        }
        p
    }

    /// Adds another partial graph to this one. Partial graphs should come
    /// from disjoint sets of documents; a document id seen twice keeps its
    /// first record and is returned, so the caller can warn.
    pub fn merge(&mut self, other: Partial) -> Vec<String> {
        let mut repeated = Vec::new();
        for (id, d) in other.documents {
            match self.documents.entry(id) {
                std::collections::hash_map::Entry::Occupied(o) => repeated.push(o.key().clone()),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(d);
                }
            }
        }
        repeated.sort_unstable();
        let limits = self.limits;
        for (id, e) in other.entities {
            match self.entities.get_mut(&id) {
                Some(slot) => slot.absorb(e, &limits),
                None => {
                    self.entities.insert(id, e);
                }
            }
        }
        for (key, e) in other.edges {
            match self.edges.get_mut(&key) {
                Some(slot) => slot.absorb(e, &limits),
                None => {
                    self.edges.insert(key, e);
                }
            }
        }
        repeated
    }

    /// The finished graph, whole in memory. The rules (short names joined
    /// to the full names they fit, labels chosen, nodes and edges built) are
    /// those of a build: the partial graph goes through the same compact
    /// form and [`LeanGraph::finish`], so the two cannot differ.
    pub fn finish(self, lex: &Lexicon) -> KnowledgeGraph {
        LeanGraph::from_partial(self, lex).to_knowledge_graph()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(doc: &str, sentence: usize) -> Evidence {
        Evidence {
            document: doc.into(),
            sentence,
            start: 0,
            end: 1,
            text: format!("{doc} {sentence}"),
            certainty: Certainty::Asserted,
            attributed_to: None,
        }
    }

    #[test]
    fn merging_evidence_keeps_the_first_distinct_records_in_order() {
        let a = vec![ev("a", 1), ev("c", 0)];
        let b = vec![ev("a", 1), ev("b", 4), ev("d", 0)];
        let got = merge_sorted(a.clone(), b.clone(), 3);
        assert_eq!(got, vec![ev("a", 1), ev("b", 4), ev("c", 0)]);
        assert_eq!(merge_sorted(b, a, 3), got);
        let all = merge_sorted(vec![ev("a", 1)], vec![ev("b", 0), ev("c", 0)], 10);
        assert_eq!(all.len(), 3);
        // A full list is not disturbed by records that sort after it.
        let full = vec![ev("a", 0), ev("a", 1)];
        assert_eq!(merge_sorted(full.clone(), vec![ev("z", 0)], 2), full);
        assert_eq!(
            merge_sorted(full, vec![ev("0", 0)], 2),
            vec![ev("0", 0), ev("a", 0)]
        );
    }
}
