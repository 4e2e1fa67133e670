//! The knowledge graph and the merge that builds it.
//!
//! This module owns identity across documents (one node per actor id, short
//! person names joined to the one full name they fit), the collapse of facts
//! into one edge per (source, relation, target) with all its evidence, and
//! the petgraph `StableDiGraph` that queries walk. It knows no output format
//! and does no I/O; exporters read `nodes()` and `edges()`, which are sorted.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::stable_graph::{NodeIndex, StableDiGraph};

use crate::lexicon::Lexicon;
use crate::model::{Certainty, DocumentInfo, Edge, Entity, Evidence, Extraction, Fact, Node, NodeType};

/// The merged graph: documents, nodes and edges, with an index from node
/// id to petgraph index.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeGraph {
    pub documents: Vec<DocumentInfo>,
    pub graph: StableDiGraph<Node, Edge>,
    index: HashMap<String, NodeIndex>,
}

impl KnowledgeGraph {
    /// Builds a graph from nodes and edges; edges whose ends are not nodes
    /// are dropped.
    pub fn new(mut documents: Vec<DocumentInfo>, mut nodes: Vec<Node>, mut edges: Vec<Edge>) -> Self {
        documents.sort();
        documents.dedup_by(|a, b| a.id == b.id);
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes.dedup_by(|a, b| a.id == b.id);
        edges.sort_by(|a, b| a.key.cmp(&b.key));
        let mut graph = StableDiGraph::with_capacity(nodes.len(), edges.len());
        let mut index = HashMap::with_capacity(nodes.len());
        for n in nodes {
            let id = n.id.clone();
            let ix = graph.add_node(n);
            index.insert(id, ix);
        }
        for e in edges {
            if let (Some(&a), Some(&b)) = (index.get(&e.source), index.get(&e.target)) {
                graph.add_edge(a, b, e);
            }
        }
        KnowledgeGraph {
            documents,
            graph,
            index,
        }
    }

    /// Nodes sorted by id.
    pub fn nodes(&self) -> Vec<&Node> {
        let mut v: Vec<&Node> = self.graph.node_weights().collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    /// Edges sorted by key.
    pub fn edges(&self) -> Vec<&Edge> {
        let mut v: Vec<&Edge> = self.graph.edge_weights().collect();
        v.sort_by(|a, b| a.key.cmp(&b.key));
        v
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

fn name_words(label: &str) -> Vec<String> {
    label
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Merges the extractions of many documents into one graph.
pub fn merge(extractions: &[Extraction], lex: &Lexicon) -> KnowledgeGraph {
    // Entities by id, with the forms seen for each.
    let mut entities: BTreeMap<String, Entity> = BTreeMap::new();
    let mut labels: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut mentions: BTreeMap<String, usize> = BTreeMap::new();
    let mut docs_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for x in extractions {
        let doc = x.document.as_ref().map(|d| d.id.clone()).unwrap_or_default();
        for e in &x.entities {
            *labels.entry(e.id.clone()).or_default().entry(e.label.clone()).or_default() += 1;
            let slot = entities.entry(e.id.clone()).or_insert_with(|| e.clone());
            slot.aliases.extend(e.aliases.iter().cloned());
            for (k, v) in &e.attributes {
                slot.attributes.entry(k.clone()).or_insert_with(|| v.clone());
            }
            docs_of.entry(e.id.clone()).or_default().insert(doc.clone());
        }
        for (id, n) in &x.mention_counts {
            *mentions.entry(id.clone()).or_default() += n;
        }
    }

    // A one-word person name joins the one multi-word person it fits.
    let mut by_end: HashMap<String, BTreeSet<&String>> = HashMap::new();
    for e in entities.values().filter(|e| e.node_type == NodeType::Person) {
        let w = name_words(&e.label);
        if w.len() >= 2 {
            by_end.entry(w[0].clone()).or_default().insert(&e.id);
            by_end.entry(w[w.len() - 1].clone()).or_default().insert(&e.id);
        }
    }
    let mut remap: HashMap<String, String> = HashMap::new();
    for e in entities.values().filter(|e| e.node_type == NodeType::Person) {
        let w = name_words(&e.label);
        if w.len() != 1 {
            continue;
        }
        if let Some(fits) = by_end.get(&w[0]) {
            if fits.len() == 1 {
                remap.insert(e.id.clone(), fits.iter().next().map(|s| s.to_string()).unwrap_or_default());
            }
        }
    }
    drop(by_end);
    for (from, to) in &remap {
        if let Some(e) = entities.remove(from) {
            let target = entities.get_mut(to).expect("remap target exists");
            target.aliases.push(e.label.clone());
            target.aliases.extend(e.aliases);
        }
        if let Some(n) = mentions.remove(from) {
            *mentions.entry(to.clone()).or_default() += n;
        }
        if let Some(d) = docs_of.remove(from) {
            docs_of.entry(to.clone()).or_default().extend(d);
        }
        if let Some(l) = labels.remove(from) {
            let slot = labels.entry(to.clone()).or_default();
            for (k, _) in l {
                slot.entry(k).or_default();
            }
        }
    }
    let id_of = |id: &str| remap.get(id).cloned().unwrap_or_else(|| id.to_string());

    // Nodes.
    let mut nodes = Vec::with_capacity(entities.len());
    for (id, mut e) in entities {
        let label = if lex.entity(&id).is_some() {
            e.label.clone()
        } else {
            // The most frequent form; ties go to the form with spaces, then
            // the first in order.
            labels
                .get(&id)
                .and_then(|l| {
                    l.iter()
                        .filter(|(_, n)| **n > 0)
                        .max_by(|a, b| {
                            a.1.cmp(b.1)
                                .then(b.0.contains('-').cmp(&a.0.contains('-')))
                                .then(b.0.cmp(a.0))
                        })
                        .map(|(k, _)| k.clone())
                })
                .unwrap_or(e.label.clone())
        };
        let mut aliases: BTreeSet<String> = e.aliases.drain(..).collect();
        if e.label != label {
            aliases.insert(e.label.clone());
        }
        if let Some(l) = labels.get(&id) {
            aliases.extend(l.keys().cloned());
        }
        aliases.remove(&label);
        nodes.push(Node {
            id: id.clone(),
            label,
            node_type: e.node_type,
            aliases: aliases.into_iter().collect(),
            mentions: mentions.get(&id).copied().unwrap_or(0),
            documents: docs_of.get(&id).map(|d| d.iter().cloned().collect()).unwrap_or_default(),
            attributes: e.attributes,
        });
    }

    // Edges: one per (source, relation, target).
    let mut grouped: BTreeMap<(String, String, String), Vec<&Fact>> = BTreeMap::new();
    for x in extractions {
        for f in &x.facts {
            let (mut s, mut t) = (id_of(&f.source), id_of(&f.target));
            if s == t {
                continue;
            }
            if lex.relation(&f.relation).is_some_and(|r| r.symmetric) && t < s {
                std::mem::swap(&mut s, &mut t);
            }
            grouped.entry((s, f.relation.clone(), t)).or_default().push(f);
        }
    }
    let mut edges = Vec::with_capacity(grouped.len());
    for ((s, r, t), facts) in grouped {
        let mut evidence: Vec<Evidence> = facts.iter().map(|f| f.evidence.clone()).collect();
        for ev in &mut evidence {
            if let Some(a) = &ev.attributed_to {
                ev.attributed_to = Some(id_of(a));
            }
        }
        evidence.sort();
        evidence.dedup();
        let certainty = evidence.iter().map(|e| e.certainty).max().unwrap_or(Certainty::Asserted);
        let weight = evidence.iter().map(|e| &e.document).collect::<BTreeSet<_>>().len();
        let mut attributes = BTreeMap::new();
        if let Some(info) = lex.relation(&r) {
            if !info.cameo.is_empty() {
                attributes.insert("cameo".to_string(), info.cameo.clone());
            }
            if !info.plover.is_empty() {
                attributes.insert("plover".to_string(), info.plover.clone());
            }
        }
        let mut roles: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &facts {
            if let Some(role) = &f.role {
                *roles.entry(role.as_str()).or_default() += 1;
            }
        }
        if let Some((role, _)) = roles.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
            attributes.insert("role".to_string(), role.to_string());
        }
        edges.push(Edge {
            key: Edge::key_of(&s, &r, &t),
            label: Edge::label_of(&r, certainty),
            source: s,
            target: t,
            relation: r,
            certainty,
            weight,
            attributes,
            evidence,
        });
    }
    let documents = extractions.iter().filter_map(|x| x.document.clone()).collect();
    KnowledgeGraph::new(documents, nodes, edges)
}
