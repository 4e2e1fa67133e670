//! The query graph: a compact, read-only form of a [`KnowledgeGraph`] made
//! for answering queries fast, and its binary encoding.
//!
//! What every query touches (ids, labels, normalized names, node types, and
//! per edge its ends, relation, certainty, weight and documents) is kept in
//! flat arrays, with a petgraph `Graph` over node and edge numbers for the
//! walks. What only a few answers need (a node's aliases and attributes, an
//! edge's evidence) is kept "cold": in memory after reading the JSON, or as
//! records in the index file that are read one at a time when asked for.
//! This module does no file I/O except reading those cold records from an
//! already opened index file; [`super::store`] decides when to write one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::sync::Mutex;

use petgraph::graph::{DiGraph, NodeIndex};

use super::lookup::normalize;
use crate::graph::KnowledgeGraph;
use crate::model::{Certainty, DocumentInfo, Edge, Evidence, Node, NodeType};

/// The magic bytes and format version at the start of an index file.
const MAGIC: &[u8; 8] = b"NGQIDX02";
/// Magic, source size, source mtime (seconds, nanoseconds), hot length.
pub(crate) const HEADER_LEN: usize = 8 + 8 + 8 + 4 + 4 + 8;

/// What identifies the JSON file an index was built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub mtime_secs: i64,
    pub mtime_nanos: u32,
}

/// Many strings in one buffer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Packed {
    /// `ends[i]` is where string `i` ends in `blob`; it starts where `i - 1` ends.
    ends: Vec<u64>,
    blob: String,
}

impl Packed {
    fn push(&mut self, s: &str) {
        self.blob.push_str(s);
        self.ends.push(self.blob.len() as u64);
    }

    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.blob[start..self.ends[i] as usize]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Where the cold data lives.
enum Cold {
    Memory {
        nodes: Vec<Node>,
        edges: Vec<Edge>,
    },
    File {
        file: Mutex<File>,
        /// Offset of the cold section in the file.
        base: u64,
        node_ends: Vec<u64>,
        edge_ends: Vec<u64>,
    },
}

/// A read-only graph for queries. Nodes are numbered in id order and edges
/// in key order, as in the JSON graph.
pub struct QueryGraph {
    pub documents: Vec<DocumentInfo>,
    ids: Packed,
    labels: Packed,
    /// `normalize(label)` of each node.
    norm_labels: Packed,
    /// The normalized aliases of each node, joined by `\n`.
    norm_aliases: Packed,
    types: Vec<NodeType>,
    /// Relation names and edge labels, sorted; edges refer to them by number.
    relations: Vec<String>,
    edge_labels: Vec<String>,
    src: Vec<u32>,
    dst: Vec<u32>,
    rel: Vec<u32>,
    label: Vec<u32>,
    cert: Vec<Certainty>,
    weight: Vec<u32>,
    /// The documents supporting edge `e` are `doc_list[doc_ends[e-1]..doc_ends[e]]`,
    /// as positions in `documents`.
    doc_ends: Vec<u32>,
    doc_list: Vec<u32>,
    /// The walkable graph: node `i` is `NodeIndex::new(i)`, an edge's weight
    /// is its number.
    pub graph: DiGraph<(), u32, u32>,
    cold: Cold,
}

fn certainty_code(c: Certainty) -> u8 {
    match c {
        Certainty::Negated => 0,
        Certainty::Hedged => 1,
        Certainty::Asserted => 2,
    }
}

fn certainty_of(b: u8) -> Result<Certainty, String> {
    match b {
        0 => Ok(Certainty::Negated),
        1 => Ok(Certainty::Hedged),
        2 => Ok(Certainty::Asserted),
        _ => Err(format!("bad certainty code {b}")),
    }
}

fn type_code(t: NodeType) -> u8 {
    match t {
        NodeType::Person => 0,
        NodeType::State => 1,
        NodeType::Institution => 2,
        NodeType::Place => 3,
        NodeType::Other => 4,
    }
}

fn type_of(b: u8) -> Result<NodeType, String> {
    match b {
        0 => Ok(NodeType::Person),
        1 => Ok(NodeType::State),
        2 => Ok(NodeType::Institution),
        3 => Ok(NodeType::Place),
        4 => Ok(NodeType::Other),
        _ => Err(format!("bad node type code {b}")),
    }
}

fn walk_graph(nodes: usize, src: &[u32], dst: &[u32]) -> DiGraph<(), u32, u32> {
    let mut g = DiGraph::with_capacity(nodes, src.len());
    for _ in 0..nodes {
        g.add_node(());
    }
    for (e, (&a, &b)) in src.iter().zip(dst).enumerate() {
        g.add_edge(
            NodeIndex::new(a as usize),
            NodeIndex::new(b as usize),
            e as u32,
        );
    }
    g
}

impl QueryGraph {
    /// Takes a loaded graph apart into the query form.
    pub fn from_graph(mut kg: KnowledgeGraph) -> QueryGraph {
        let mut nodes: Vec<Node> = kg
            .graph
            .node_weights_mut()
            .map(|n| std::mem::replace(n, placeholder_node()))
            .collect();
        let mut edges: Vec<Edge> = kg
            .graph
            .edge_weights_mut()
            .map(|e| std::mem::replace(e, placeholder_edge()))
            .collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        edges.sort_by(|a, b| a.key.cmp(&b.key));

        let mut doc_ids: BTreeSet<&str> = kg.documents.iter().map(|d| d.id.as_str()).collect();
        for e in &edges {
            for v in &e.evidence {
                doc_ids.insert(&v.document);
            }
        }
        let mut documents = kg.documents.clone();
        for id in &doc_ids {
            if !documents.iter().any(|d| d.id == *id) {
                documents.push(DocumentInfo {
                    id: id.to_string(),
                    path: String::new(),
                    sha256: String::new(),
                    sentences: 0,
                });
            }
        }
        documents.sort();
        let doc_pos: HashMap<&str, u32> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i as u32))
            .collect();

        let mut ids = Packed::default();
        let mut labels = Packed::default();
        let mut norm_labels = Packed::default();
        let mut norm_aliases = Packed::default();
        let mut types = Vec::with_capacity(nodes.len());
        let mut node_pos: HashMap<&str, u32> = HashMap::with_capacity(nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            ids.push(&n.id);
            labels.push(&n.label);
            norm_labels.push(&normalize(&n.label));
            let aliases: Vec<String> = n.aliases.iter().map(|a| normalize(a)).collect();
            norm_aliases.push(&aliases.join("\n"));
            types.push(n.node_type);
            node_pos.insert(n.id.as_str(), i as u32);
        }

        let relations: Vec<String> = edges
            .iter()
            .map(|e| e.relation.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let edge_labels: Vec<String> = edges
            .iter()
            .map(|e| e.label.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut src = Vec::with_capacity(edges.len());
        let mut dst = Vec::with_capacity(edges.len());
        let mut rel = Vec::with_capacity(edges.len());
        let mut label = Vec::with_capacity(edges.len());
        let mut cert = Vec::with_capacity(edges.len());
        let mut weight = Vec::with_capacity(edges.len());
        let mut doc_ends = Vec::with_capacity(edges.len());
        let mut doc_list = Vec::with_capacity(edges.len());
        // `KnowledgeGraph::new` dropped edges whose ends are not nodes, so
        // both ends are found.
        let mut kept = Vec::with_capacity(edges.len());
        for e in edges {
            let (Some(&a), Some(&b)) = (
                node_pos.get(e.source.as_str()),
                node_pos.get(e.target.as_str()),
            ) else {
                continue;
            };
            src.push(a);
            dst.push(b);
            rel.push(relations.binary_search(&e.relation).unwrap_or(0) as u32);
            label.push(edge_labels.binary_search(&e.label).unwrap_or(0) as u32);
            cert.push(e.certainty);
            weight.push(u32::try_from(e.weight).unwrap_or(u32::MAX));
            let docs: BTreeSet<u32> = e
                .evidence
                .iter()
                .filter_map(|v| doc_pos.get(v.document.as_str()).copied())
                .collect();
            doc_list.extend(docs);
            doc_ends.push(doc_list.len() as u32);
            kept.push(e);
        }
        drop(node_pos);
        drop(doc_pos);
        let graph = walk_graph(nodes.len(), &src, &dst);
        QueryGraph {
            documents,
            ids,
            labels,
            norm_labels,
            norm_aliases,
            types,
            relations,
            edge_labels,
            src,
            dst,
            rel,
            label,
            cert,
            weight,
            doc_ends,
            doc_list,
            graph,
            cold: Cold::Memory { nodes, edges: kept },
        }
    }

    pub fn node_count(&self) -> usize {
        self.types.len()
    }

    pub fn edge_count(&self) -> usize {
        self.src.len()
    }

    /// The number of the node with this exact id.
    pub fn find_id(&self, id: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.ids.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.ids.get(mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    pub fn id(&self, n: usize) -> &str {
        self.ids.get(n)
    }

    pub fn label(&self, n: usize) -> &str {
        self.labels.get(n)
    }

    pub fn node_type(&self, n: usize) -> NodeType {
        self.types[n]
    }

    pub(crate) fn norm_label(&self, n: usize) -> &str {
        self.norm_labels.get(n)
    }

    pub(crate) fn norm_aliases_joined(&self, n: usize) -> &str {
        self.norm_aliases.get(n)
    }

    /// Relation names present in the graph, sorted.
    pub fn relations(&self) -> &[String] {
        &self.relations
    }

    pub fn source(&self, e: usize) -> usize {
        self.src[e] as usize
    }

    pub fn target(&self, e: usize) -> usize {
        self.dst[e] as usize
    }

    pub fn relation(&self, e: usize) -> &str {
        &self.relations[self.rel[e] as usize]
    }

    pub(crate) fn relation_id(&self, e: usize) -> usize {
        self.rel[e] as usize
    }

    pub fn edge_label(&self, e: usize) -> &str {
        &self.edge_labels[self.label[e] as usize]
    }

    pub fn certainty(&self, e: usize) -> Certainty {
        self.cert[e]
    }

    pub fn weight(&self, e: usize) -> usize {
        self.weight[e] as usize
    }

    /// The documents supporting an edge, as positions in `documents`.
    pub fn edge_documents(&self, e: usize) -> &[u32] {
        let start = if e == 0 {
            0
        } else {
            self.doc_ends[e - 1] as usize
        };
        &self.doc_list[start..self.doc_ends[e] as usize]
    }

    /// The edges at a node in one direction, as (edge number, other end).
    pub fn incident(
        &self,
        n: usize,
        dir: petgraph::Direction,
    ) -> impl Iterator<Item = (usize, usize)> + '_ {
        use petgraph::visit::EdgeRef;
        self.graph
            .edges_directed(NodeIndex::new(n), dir)
            .map(move |r| {
                let other = if dir == petgraph::Direction::Outgoing {
                    r.target()
                } else {
                    r.source()
                };
                (*r.weight() as usize, other.index())
            })
    }

    /// The full node, with aliases and attributes.
    pub fn node(&self, n: usize) -> Result<Node, String> {
        match &self.cold {
            Cold::Memory { nodes, .. } => Ok(nodes[n].clone()),
            Cold::File { node_ends, .. } => {
                let bytes = self.read_cold(node_ends, n, 0)?;
                decode_node(&bytes)
            }
        }
    }

    /// The full edge, with attributes and evidence.
    pub fn edge(&self, e: usize) -> Result<Edge, String> {
        match &self.cold {
            Cold::Memory { edges, .. } => Ok(edges[e].clone()),
            Cold::File {
                node_ends,
                edge_ends,
                ..
            } => {
                let offset = node_ends.last().copied().unwrap_or(0);
                let bytes = self.read_cold(edge_ends, e, offset)?;
                decode_edge(&bytes)
            }
        }
    }

    fn read_cold(&self, ends: &[u64], i: usize, offset: u64) -> Result<Vec<u8>, String> {
        let Cold::File { file, base, .. } = &self.cold else {
            return Err("no index file".into());
        };
        let start = if i == 0 { 0 } else { ends[i - 1] };
        let len = ends[i].checked_sub(start).ok_or("bad record offsets")?;
        let mut buf = vec![0; usize::try_from(len).map_err(|_| "record too large")?];
        let mut f = file.lock().map_err(|_| "index file lock poisoned")?;
        f.seek(SeekFrom::Start(base + offset + start))
            .map_err(|e| e.to_string())?;
        f.read_exact(&mut buf)
            .map_err(|e| format!("cannot read a record: {e}"))?;
        Ok(buf)
    }

    /// The index file bytes of a graph read from JSON, stamped with the
    /// JSON file's size and time. `None` for a graph that was itself read
    /// from an index.
    pub fn encode(&self, stamp: Stamp) -> Option<Vec<u8>> {
        let Cold::Memory { nodes, edges } = &self.cold else {
            return None;
        };
        let mut hot = Writer::default();
        hot.u64(self.documents.len() as u64);
        for d in &self.documents {
            hot.str(&d.id);
            hot.str(&d.path);
            hot.str(&d.sha256);
            hot.u64(d.sentences as u64);
        }
        for p in [
            &self.ids,
            &self.labels,
            &self.norm_labels,
            &self.norm_aliases,
        ] {
            hot.packed(p);
        }
        hot.bytes(
            &self
                .types
                .iter()
                .map(|t| type_code(*t))
                .collect::<Vec<u8>>(),
        );
        hot.strs(&self.relations);
        hot.strs(&self.edge_labels);
        for v in [
            &self.src,
            &self.dst,
            &self.rel,
            &self.label,
            &self.weight,
            &self.doc_ends,
            &self.doc_list,
        ] {
            hot.u32s(v);
        }
        hot.bytes(
            &self
                .cert
                .iter()
                .map(|c| certainty_code(*c))
                .collect::<Vec<u8>>(),
        );

        let mut cold = Writer::default();
        let mut node_ends = Vec::with_capacity(nodes.len());
        for n in nodes {
            encode_node(&mut cold, n);
            node_ends.push(cold.buf.len() as u64);
        }
        let mut edge_ends = Vec::with_capacity(edges.len());
        let nodes_len = cold.buf.len() as u64;
        for e in edges {
            encode_edge(&mut cold, e);
            edge_ends.push(cold.buf.len() as u64 - nodes_len);
        }
        hot.u64s(&node_ends);
        hot.u64s(&edge_ends);

        let mut out = Vec::with_capacity(HEADER_LEN + hot.buf.len() + cold.buf.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&stamp.len.to_le_bytes());
        out.extend_from_slice(&stamp.mtime_secs.to_le_bytes());
        out.extend_from_slice(&stamp.mtime_nanos.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(hot.buf.len() as u64).to_le_bytes());
        out.extend_from_slice(&hot.buf);
        out.extend_from_slice(&cold.buf);
        Some(out)
    }
}

/// The stamp and hot-section length of an index file's header, or `None`
/// when it is not an index of this version.
pub(crate) fn read_header(header: &[u8]) -> Option<(Stamp, u64)> {
    if header.len() < HEADER_LEN || &header[..8] != MAGIC {
        return None;
    }
    let u64_at = |i: usize| u64::from_le_bytes(header[i..i + 8].try_into().unwrap_or_default());
    let stamp = Stamp {
        len: u64_at(8),
        mtime_secs: u64_at(16) as i64,
        mtime_nanos: u32::from_le_bytes(header[24..28].try_into().unwrap_or_default()),
    };
    Some((stamp, u64_at(32)))
}

/// Rebuilds a query graph from an index file's hot section; cold records
/// are read from `file` later. Every length and number is checked, so a
/// damaged file gives an error, never a panic.
pub(crate) fn decode(
    hot: &[u8],
    file: File,
    base: u64,
    cold_len: u64,
) -> Result<QueryGraph, String> {
    let mut r = Reader { buf: hot, pos: 0 };
    let ndocs = r.len(4 * 8)?;
    let mut documents = Vec::with_capacity(ndocs);
    for _ in 0..ndocs {
        documents.push(DocumentInfo {
            id: r.str()?.to_string(),
            path: r.str()?.to_string(),
            sha256: r.str()?.to_string(),
            sentences: r.u64()? as usize,
        });
    }
    let ids = r.packed()?;
    let labels = r.packed()?;
    let norm_labels = r.packed()?;
    let norm_aliases = r.packed()?;
    let types = r
        .bytes()?
        .iter()
        .map(|b| type_of(*b))
        .collect::<Result<Vec<_>, _>>()?;
    let relations = r.strs()?;
    let edge_labels = r.strs()?;
    let src = r.u32s()?;
    let dst = r.u32s()?;
    let rel = r.u32s()?;
    let label = r.u32s()?;
    let weight = r.u32s()?;
    let doc_ends = r.u32s()?;
    let doc_list = r.u32s()?;
    let cert = r
        .bytes()?
        .iter()
        .map(|b| certainty_of(*b))
        .collect::<Result<Vec<_>, _>>()?;
    let node_ends = r.u64s()?;
    let edge_ends = r.u64s()?;
    if r.pos != hot.len() {
        return Err("trailing bytes in the hot section".into());
    }

    let n = types.len();
    let m = src.len();
    if [
        ids.len(),
        labels.len(),
        norm_labels.len(),
        norm_aliases.len(),
        node_ends.len(),
    ] != [n; 5]
        || [
            dst.len(),
            rel.len(),
            label.len(),
            weight.len(),
            doc_ends.len(),
            cert.len(),
            edge_ends.len(),
        ] != [m; 7]
    {
        return Err("section lengths disagree".into());
    }
    let below = |v: &[u32], limit: usize| v.iter().all(|&x| (x as usize) < limit);
    if !below(&src, n)
        || !below(&dst, n)
        || !below(&rel, relations.len())
        || !below(&label, edge_labels.len())
        || !below(&doc_list, documents.len())
        || !doc_ends.windows(2).all(|w| w[0] <= w[1])
        || doc_ends
            .last()
            .map_or(!doc_list.is_empty(), |&l| l as usize != doc_list.len())
        || !node_ends.windows(2).all(|w| w[0] <= w[1])
        || !edge_ends.windows(2).all(|w| w[0] <= w[1])
        || node_ends.last().copied().unwrap_or(0) + edge_ends.last().copied().unwrap_or(0)
            != cold_len
        || (1..n).any(|i| ids.get(i - 1) >= ids.get(i))
    {
        return Err("numbers out of range".into());
    }
    let graph = walk_graph(n, &src, &dst);
    Ok(QueryGraph {
        documents,
        ids,
        labels,
        norm_labels,
        norm_aliases,
        types,
        relations,
        edge_labels,
        src,
        dst,
        rel,
        label,
        cert,
        weight,
        doc_ends,
        doc_list,
        graph,
        cold: Cold::File {
            file: Mutex::new(file),
            base,
            node_ends,
            edge_ends,
        },
    })
}

fn placeholder_node() -> Node {
    Node {
        id: String::new(),
        label: String::new(),
        node_type: NodeType::Other,
        aliases: Vec::new(),
        mentions: 0,
        documents: Vec::new(),
        attributes: BTreeMap::new(),
    }
}

fn placeholder_edge() -> Edge {
    Edge {
        key: String::new(),
        source: String::new(),
        target: String::new(),
        relation: String::new(),
        certainty: Certainty::Negated,
        label: String::new(),
        weight: 0,
        attributes: BTreeMap::new(),
        evidence: Vec::new(),
    }
}

/// Little-endian, length-prefixed encoding.
#[derive(Default)]
struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
    fn strs(&mut self, v: &[String]) {
        self.u64(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }
    fn map(&mut self, m: &BTreeMap<String, String>) {
        self.u64(m.len() as u64);
        for (k, v) in m {
            self.str(k);
            self.str(v);
        }
    }
    fn bytes(&mut self, v: &[u8]) {
        self.u64(v.len() as u64);
        self.buf.extend_from_slice(v);
    }
    fn u32s(&mut self, v: &[u32]) {
        self.u64(v.len() as u64);
        self.buf.reserve(v.len() * 4);
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn u64s(&mut self, v: &[u64]) {
        self.u64(v.len() as u64);
        self.buf.reserve(v.len() * 8);
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn packed(&mut self, p: &Packed) {
        self.u64s(&p.ends);
        self.str(&p.blob);
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or("truncated")?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u64(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes(b.try_into().map_err(|_| "truncated")?))
    }
    /// A count of items of at least `min_size` bytes each, checked against
    /// what is left so that a bad count cannot make a huge allocation.
    fn len(&mut self, min_size: usize) -> Result<usize, String> {
        let n = self.u64()?;
        let left = (self.buf.len() - self.pos) as u64;
        if n.saturating_mul(min_size.max(1) as u64) > left {
            return Err("truncated".into());
        }
        Ok(n as usize)
    }
    fn str(&mut self) -> Result<&'a str, String> {
        let n = self.len(1)?;
        std::str::from_utf8(self.take(n)?).map_err(|_| "bad UTF-8".to_string())
    }
    fn string(&mut self) -> Result<String, String> {
        self.str().map(str::to_string)
    }
    fn strs(&mut self) -> Result<Vec<String>, String> {
        let n = self.len(8)?;
        (0..n).map(|_| self.string()).collect()
    }
    fn map(&mut self) -> Result<BTreeMap<String, String>, String> {
        let n = self.len(16)?;
        (0..n)
            .map(|_| Ok((self.string()?, self.string()?)))
            .collect()
    }
    fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.len(1)?;
        self.take(n)
    }
    fn u32s(&mut self) -> Result<Vec<u32>, String> {
        let n = self.len(4)?;
        let b = self.take(n * 4)?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    fn u64s(&mut self) -> Result<Vec<u64>, String> {
        let n = self.len(8)?;
        let b = self.take(n * 8)?;
        Ok(b.chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
            .collect())
    }
    fn packed(&mut self) -> Result<Packed, String> {
        let ends = self.u64s()?;
        let blob = self.string()?;
        let mut prev = 0;
        for &e in &ends {
            if e < prev || e > blob.len() as u64 || !blob.is_char_boundary(e as usize) {
                return Err("bad string offsets".into());
            }
            prev = e;
        }
        Ok(Packed { ends, blob })
    }
}

fn encode_node(w: &mut Writer, n: &Node) {
    w.str(&n.id);
    w.str(&n.label);
    w.u8(type_code(n.node_type));
    w.strs(&n.aliases);
    w.u64(n.mentions as u64);
    w.strs(&n.documents);
    w.map(&n.attributes);
}

fn decode_node(bytes: &[u8]) -> Result<Node, String> {
    let mut r = Reader { buf: bytes, pos: 0 };
    Ok(Node {
        id: r.string()?,
        label: r.string()?,
        node_type: type_of(r.u8()?)?,
        aliases: r.strs()?,
        mentions: r.u64()? as usize,
        documents: r.strs()?,
        attributes: r.map()?,
    })
}

fn encode_edge(w: &mut Writer, e: &Edge) {
    w.str(&e.key);
    w.str(&e.source);
    w.str(&e.target);
    w.str(&e.relation);
    w.u8(certainty_code(e.certainty));
    w.str(&e.label);
    w.u64(e.weight as u64);
    w.map(&e.attributes);
    w.u64(e.evidence.len() as u64);
    for v in &e.evidence {
        w.str(&v.document);
        w.u64(v.sentence as u64);
        w.u64(v.start as u64);
        w.u64(v.end as u64);
        w.str(&v.text);
        w.u8(certainty_code(v.certainty));
        match &v.attributed_to {
            Some(a) => {
                w.u8(1);
                w.str(a);
            }
            None => w.u8(0),
        }
    }
}

fn decode_edge(bytes: &[u8]) -> Result<Edge, String> {
    let mut r = Reader { buf: bytes, pos: 0 };
    let key = r.string()?;
    let source = r.string()?;
    let target = r.string()?;
    let relation = r.string()?;
    let certainty = certainty_of(r.u8()?)?;
    let label = r.string()?;
    let weight = r.u64()? as usize;
    let attributes = r.map()?;
    let n = r.len(8 * 5 + 2)?;
    let mut evidence = Vec::with_capacity(n);
    for _ in 0..n {
        evidence.push(Evidence {
            document: r.string()?,
            sentence: r.u64()? as usize,
            start: r.u64()? as usize,
            end: r.u64()? as usize,
            text: r.string()?,
            certainty: certainty_of(r.u8()?)?,
            attributed_to: match r.u8()? {
                0 => None,
                _ => Some(r.string()?),
            },
        });
    }
    Ok(Edge {
        key,
        source,
        target,
        relation,
        certainty,
        label,
        weight,
        attributes,
        evidence,
    })
}
