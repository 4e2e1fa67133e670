//! The finished graph of a build, lean: nodes and edges in sorted order as
//! numbers and symbols, its sentences and documents' details in the spill
//! store. Exporters read it through [`GraphView`], one node or edge at a
//! time, so the graph is never whole in memory as strings.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Mutex;

use fixedbitset::FixedBitSet;
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use super::actors::{finish_actors, keep_backed, Actor, OnDisk, Remap};
use super::compact::{partial_doc_ids, Compact, Ctx, Edg, Ent, Ev, Key, NONE};
use super::docs::{Doc, DocTable};
use super::intern::{Interner, Sym};
use super::ranks::{cmp_piped, ranks_on_disk};
use super::runs::{EdgeStore, SealedStore, Sorter};
use super::spill::Spill;
use super::{GraphView, KnowledgeGraph, Partial};
use crate::lexicon::Lexicon;
use crate::model::{Certainty, DocumentInfo, Edge, Evidence, Node, NodeType};

/// A node, ready to be written.
#[derive(Clone, Debug)]
pub(super) struct LeanNode {
    pub id: Sym,
    pub label: Sym,
    pub node_type: NodeType,
    pub mentions: u32,
    /// Sorted by string.
    pub aliases: Box<[Sym]>,
    /// In id order.
    pub documents: Box<[Doc]>,
    /// Sorted by key.
    pub attributes: Vec<(String, String)>,
}

/// A finished graph's nodes: in memory, or in a temporary file when the
/// build's actors passed their budget (then a node's `part_of` attribute
/// is checked against `backed` as it is read).
enum Nodes {
    Mem(Vec<LeanNode>),
    Disk {
        store: SealedStore<LeanNode>,
        backed: foldhash::HashSet<(Sym, Sym)>,
    },
}

impl Nodes {
    fn len(&self) -> usize {
        match self {
            Nodes::Mem(v) => v.len(),
            Nodes::Disk { store, .. } => store.len(),
        }
    }
}

/// A finished graph's edges: in memory, or in a temporary file when the
/// build's edges passed their budget.
enum Edges {
    Mem(Vec<Edg>),
    Disk(SealedStore),
}

impl Edges {
    fn len(&self) -> usize {
        match self {
            Edges::Mem(v) => v.len(),
            Edges::Disk(s) => s.len(),
        }
    }
}

/// The finished graph of a build (see the module documentation).
pub struct LeanGraph {
    strings: Interner,
    docs: DocTable,
    spill: Spill,
    /// Documents with details, in id order (`None`: every document, in
    /// number order).
    documents: Option<Vec<Doc>>,
    nodes: Nodes,
    /// Where short names went (short, full), sorted by the short id.
    remap: Vec<(Sym, Sym)>,
    /// Live edges between nodes, by key.
    edges: Edges,
    /// The lexicon's attributes of each relation (`cameo`, `plover`).
    relation_attrs: RelationAttrs,
    failure: Mutex<Option<String>>,
}

impl std::fmt::Debug for LeanGraph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeanGraph")
            .field("documents", &self.document_count())
            .field("nodes", &self.nodes.len())
            .field("edges", &self.edges.len())
            .field("edges_on_disk", &matches!(self.edges, Edges::Disk(_)))
            .field("nodes_on_disk", &matches!(self.nodes, Nodes::Disk { .. }))
            .field("spill", &self.spill)
            .finish()
    }
}

pub use super::remap::remap;

/// A short name's entity as its full name absorbs it: its labels become
/// aliases.
pub(super) fn as_alias(mut e: Ent) -> Ent {
    let labels = std::mem::take(&mut e.labels);
    for &(l, _) in labels.iter() {
        e.add_alias(l);
    }
    e
}

/// Joins the remapped short names' entities to their full names' (the
/// short form becomes an alias).
fn remap_entities(acc: &mut Compact, remap: &[(Sym, Sym)], ctx: &Ctx) {
    for &(from, into) in remap {
        if let Some(e) = acc.entities.remove(&from) {
            let e = as_alias(e);
            if let Some(slot) = acc.entities.get_mut(&into) {
                slot.absorb(e, ctx);
            }
        }
    }
}

/// Renames an edge's speakers and ends by `id_of`; returns its new key
/// (ends in order for a symmetric relation), or `None` when it now joins
/// a node to itself.
fn rekey(
    e: &mut Edg,
    id_of: &dyn Fn(Sym) -> Sym,
    lex: &Lexicon,
    strings: &Interner,
) -> Option<Key> {
    for v in e.evidence.iter_mut() {
        if v.attributed != NONE {
            v.attributed = id_of(v.attributed);
        }
    }
    let (s0, r, t0) = e.key;
    let (mut s, mut t) = (id_of(s0), id_of(t0));
    if (s, t) == (s0, t0) {
        return Some(e.key);
    }
    if s == t {
        return None;
    }
    let symmetric = lex.relation(&strings.get(r)).is_some_and(|x| x.symmetric);
    if symmetric && strings.get(t) < strings.get(s) {
        std::mem::swap(&mut s, &mut t);
    }
    Some((s, r, t))
}

/// Joins the remapped person names to their full names: entities absorbed,
/// edges re-keyed (merged into an edge they now meet), speakers renamed.
fn apply_remap(acc: &mut Compact, remap: &[(Sym, Sym)], lex: &Lexicon, ctx: &Ctx) {
    if remap.is_empty() {
        return;
    }
    let to: HashMap<Sym, Sym> = remap.iter().copied().collect();
    let id_of = |x: Sym| to.get(&x).copied().unwrap_or(x);
    remap_entities(acc, remap, ctx);
    for i in 0..acc.edges.len() {
        if !acc.edges[i].live {
            continue;
        }
        let old = acc.edges[i].key;
        let new = rekey(&mut acc.edges[i], &id_of, lex, &acc.strings);
        if new == Some(old) {
            continue;
        }
        acc.index.remove(&old);
        let Some(key) = new else {
            acc.edges[i].live = false;
            continue;
        };
        acc.edges[i].key = key;
        match acc.index.get(&key) {
            Some(&j) => {
                let e = std::mem::replace(&mut acc.edges[i], dead_edge());
                let strings = &acc.strings;
                acc.edges[j as usize].absorb(e, ctx, strings);
            }
            None => {
                acc.index.insert(key, i as u32);
            }
        }
    }
}

fn dead_node() -> LeanNode {
    LeanNode {
        id: NONE,
        label: NONE,
        node_type: NodeType::Other,
        mentions: 0,
        aliases: Box::default(),
        documents: Box::default(),
        attributes: Vec::new(),
    }
}

fn dead_edge() -> Edg {
    Edg {
        key: (NONE, NONE, NONE),
        certainty: Certainty::Negated,
        weight: 0,
        evidence_count: 0,
        live: false,
        roles: None,
        evidence: Box::default(),
    }
}

/// A node's `part_of` attribute (from the lexicon) is kept only when the
/// graph has the `part_of` edge it names, so attributes never point at a
/// node that is not there or contradict the edges; the lexicon's link
/// becomes an edge only when a document names the parent (relations.rs).
fn drop_unbacked_part_of(nodes: &mut [LeanNode], edges: &[Edg], strings: &Interner) {
    let Some(part_of) = strings.find("part_of") else {
        return;
    };
    let backed: foldhash::HashSet<(Sym, Sym)> = edges
        .iter()
        .filter(|e| e.live && e.key.1 == part_of)
        .map(|e| (e.key.0, e.key.2))
        .collect();
    keep_backed_part_of(nodes, &backed, strings);
}

/// Keeps the `part_of` attributes that name a (node, parent) in `backed`.
fn keep_backed_part_of(
    nodes: &mut [LeanNode],
    backed: &foldhash::HashSet<(Sym, Sym)>,
    strings: &Interner,
) {
    for n in nodes.iter_mut() {
        keep_backed(n, backed, strings);
    }
}

/// Ranks of symbols by their strings, and by their strings followed by
/// `|`, which is how edge keys (`source|relation|target`) sort.
struct Ranks {
    plain: Vec<u32>,
    pipe: Vec<u32>,
    /// Some ranked string holds a `|`: keys must be compared as strings.
    has_pipe: bool,
}

fn ranks(strings: &Interner, syms: &[Sym]) -> Ranks {
    let mut plain = vec![u32::MAX; strings.len()];
    let mut pipe = vec![u32::MAX; strings.len()];
    let mut order: Vec<Sym> = syms.to_vec();
    order.par_sort_unstable_by(|&a, &b| strings.get(a).cmp(&strings.get(b)));
    order.dedup();
    for (i, &s) in order.iter().enumerate() {
        plain[s as usize] = i as u32;
    }
    order.par_sort_unstable_by(|&a, &b| cmp_piped(&strings.get(a), &strings.get(b)));
    for (i, &s) in order.iter().enumerate() {
        pipe[s as usize] = i as u32;
    }
    let has_pipe = order.iter().any(|&s| strings.get(s).contains('|'));
    Ranks {
        plain,
        pipe,
        has_pipe,
    }
}

/// Bytes of strings the in-memory finish sorts at a time when their text
/// is on disk.
const RANK_BUDGET: usize = 8 << 20;

/// [`ranks`], with the strings read from disk and sorted in runs of
/// `budget` bytes when the interner's text went to a file.
fn ranks_of(strings: &Interner, syms: &[Sym], budget: usize) -> std::io::Result<Ranks> {
    if strings.on_disk() == 0 {
        return Ok(ranks(strings, syms));
    }
    let (plain, pipe, has_pipe) = ranks_on_disk(strings, syms, budget)?;
    Ok(Ranks {
        plain,
        pipe,
        has_pipe,
    })
}

fn cmp_keys(a: Key, b: Key, strings: &Interner, r: &Ranks) -> Ordering {
    if r.has_pipe {
        let joined = |k: Key| {
            let (s, rel, t) = (strings.get(k.0), strings.get(k.1), strings.get(k.2));
            format!("{s}|{rel}|{t}")
        };
        return joined(a).cmp(&joined(b));
    }
    let at = |k: Key| {
        (
            r.pipe[k.0 as usize],
            r.pipe[k.1 as usize],
            r.plain[k.2 as usize],
        )
    };
    at(a).cmp(&at(b))
}

pub(super) fn lean_node(id: Sym, e: Ent, strings: &mut Interner, lex: &Lexicon) -> LeanNode {
    let label = match lex.entity(&strings.get(id)) {
        Some(k) => strings.intern(&k.label),
        // The most frequent form; ties go to the form with spaces, then
        // the first in order.
        None => {
            let s = &*strings;
            e.labels
                .iter()
                .max_by(|a, b| {
                    let (x, y) = (s.get(a.0), s.get(b.0));
                    a.1.cmp(&b.1)
                        .then(y.contains('-').cmp(&x.contains('-')))
                        .then(y.cmp(&x))
                })
                .map(|&(k, _)| k)
                .unwrap_or(id)
        }
    };
    let mut aliases: Vec<Sym> = e.aliases().to_vec();
    aliases.extend(e.labels.iter().map(|&(l, _)| l));
    let s = &*strings;
    aliases.sort_unstable_by(|&a, &b| s.get(a).cmp(&s.get(b)));
    aliases.dedup();
    aliases.retain(|&a| s.get(a) != s.get(label));
    let mut attributes: BTreeMap<String, String> = e
        .attributes()
        .iter()
        .map(|&(k, v)| (s.get(k).to_string(), s.get(v).to_string()))
        .collect();
    if e.document_count as usize > e.documents.len() {
        attributes.insert("document_count".into(), e.document_count.to_string());
    }
    LeanNode {
        id,
        label,
        node_type: e.node_type.unwrap_or(NodeType::Other),
        aliases: aliases.into_boxed_slice(),
        mentions: e.mentions,
        documents: e.documents,
        attributes: attributes.into_iter().collect(),
    }
}

/// The role most often given (ties: the first by name), or `NONE`.
fn role_of(e: &Edg, strings: &Interner) -> Sym {
    e.roles
        .iter()
        .flat_map(|r| r.iter())
        .max_by(|a, b| a.1.cmp(&b.1).then(strings.get(b.0).cmp(&strings.get(a.0))))
        .map(|&(r, _)| r)
        .unwrap_or(NONE)
}

/// The lexicon's attributes of relations (`cameo`, `plover`).
type RelationAttrs = HashMap<Sym, Vec<(String, String)>>;

/// The lexicon's attributes of a relation (`cameo`, `plover`), once.
fn add_relation_attrs(attrs: &mut RelationAttrs, rel: Sym, strings: &Interner, lex: &Lexicon) {
    attrs.entry(rel).or_insert_with(|| {
        let mut v = Vec::new();
        if let Some(info) = lex.relation(&strings.get(rel)) {
            if !info.cameo.is_empty() {
                v.push(("cameo".to_string(), info.cameo.clone()));
            }
            if !info.plover.is_empty() {
                v.push(("plover".to_string(), info.plover.clone()));
            }
        }
        v
    });
}

fn lean_nodes(
    entities: foldhash::HashMap<Sym, Ent>,
    strings: &mut Interner,
    lex: &Lexicon,
) -> Vec<LeanNode> {
    let mut nodes: Vec<LeanNode> = Vec::with_capacity(entities.len());
    for (id, e) in entities {
        nodes.push(lean_node(id, e, strings, lex));
    }
    nodes
}

/// What the spilled finish sorts edges by and combines them with.
struct Sorted<'a> {
    strings: &'a Interner,
    ranks: &'a Ranks,
    ctx: &'a Ctx<'a>,
    lex: &'a Lexicon,
}

impl Sorted<'_> {
    fn combine(&self, a: &mut Edg, b: Edg) {
        a.absorb(b, self.ctx, self.strings);
    }

    /// The runs merged by key, re-keyed by the remap, edges whose ends are
    /// not nodes dropped, in runs sorted by output order; and the (node,
    /// parent) pairs of the `part_of` edges met.
    fn rekeyed(
        &self,
        runs: Sorter,
        remap: &[(Sym, Sym)],
        is_node: &FixedBitSet,
        budget: usize,
    ) -> std::io::Result<(Sorter, foldhash::HashSet<(Sym, Sym)>)> {
        let to: HashMap<Sym, Sym> = remap.iter().copied().collect();
        let id_of = |x: Sym| to.get(&x).copied().unwrap_or(x);
        let part_of = self.strings.find("part_of");
        let mut backed = foldhash::HashSet::default();
        let mut out = Sorter::new(budget);
        let by_output = |a: &Edg, b: &Edg| cmp_keys(a.key, b.key, self.strings, self.ranks);
        runs.finish(
            &|a, b| a.key.cmp(&b.key),
            &|a, b| self.combine(a, b),
            &mut |mut e| {
                let Some(key) = rekey(&mut e, &id_of, self.lex, self.strings) else {
                    return Ok(());
                };
                e.key = key;
                if Some(key.1) == part_of {
                    backed.insert((key.0, key.2));
                }
                if is_node.contains(key.0 as usize) && is_node.contains(key.2 as usize) {
                    out.push(e, &by_output)?;
                }
                Ok(())
            },
        )?;
        Ok((out, backed))
    }

    /// The edges in output order, combined, in an edge store; and the
    /// lexicon's attributes of their relations.
    fn stored(&self, sorter: Sorter) -> std::io::Result<(SealedStore, RelationAttrs)> {
        let mut store = EdgeStore::new()?;
        let mut attrs = HashMap::new();
        let mut scratch = Vec::new();
        sorter.finish(
            &|a, b| cmp_keys(a.key, b.key, self.strings, self.ranks),
            &|a, b| self.combine(a, b),
            &mut |e| {
                add_relation_attrs(&mut attrs, e.key.1, self.strings, self.lex);
                store.push(&e, &mut scratch)
            },
        )?;
        Ok((store.seal()?, attrs))
    }
}

/// The nodes of a build whose edges or actors went to disk, before its
/// edges are finished: in a store on disk when the actors went to runs
/// (`actors.rs`), else in memory, unsorted; their ids; and where the short
/// names went.
fn spilled_nodes(
    acc: &mut Compact,
    actors: Sorter<Actor>,
    ctx: &Ctx,
    lex: &Lexicon,
    budget: usize,
) -> std::io::Result<(Nodes, Vec<Sym>, Remap)> {
    if actors.spilled() {
        let (store, ids, remap) = finish_actors(acc, actors, ctx, lex, budget)?;
        let backed = foldhash::HashSet::default();
        return Ok((Nodes::Disk { store, backed }, ids, remap));
    }
    let remap = remap(acc, lex);
    remap_entities(acc, &remap, ctx);
    let entities = std::mem::take(&mut acc.entities);
    let nodes = lean_nodes(entities, &mut acc.strings, lex);
    let ids = nodes.iter().map(|n| n.id).collect();
    Ok((Nodes::Mem(nodes), ids, remap))
}

impl LeanGraph {
    /// The finished graph: short names joined to the full names they fit
    /// ([`remap`]), labels chosen, nodes and edges sorted. The spill must be
    /// sealed.
    pub fn finish(mut acc: Compact, docs: DocTable, spill: Spill, lex: &Lexicon) -> LeanGraph {
        let ctx = Ctx {
            docs: &docs,
            limits: acc.limits,
        };
        let remap = remap(&acc, lex);
        apply_remap(&mut acc, &remap, lex, &ctx);
        let Compact {
            mut strings,
            entities,
            edges,
            index,
            ..
        } = acc;
        drop(index);
        let mut edges = edges.into_vec();
        let mut nodes = lean_nodes(entities, &mut strings, lex);
        drop_unbacked_part_of(&mut nodes, &edges, &strings);
        let is_node: foldhash::HashSet<Sym> = nodes.iter().map(|n| n.id).collect();
        // Edges whose ends are not nodes are dropped, as KnowledgeGraph::new
        // drops them; in place, with no second copy of the edges.
        edges.retain(|e| e.live && is_node.contains(&e.key.0) && is_node.contains(&e.key.2));
        let mut ranked: Vec<Sym> = nodes.iter().map(|n| n.id).collect();
        ranked.extend(edges.iter().map(|e| e.key.1));
        // Strings on disk are ranked in runs; after an error reading them
        // (reported by `failure`) as in memory, which then reads "".
        let r =
            ranks_of(&strings, &ranked, RANK_BUDGET).unwrap_or_else(|_| ranks(&strings, &ranked));
        nodes.par_sort_unstable_by_key(|n| r.plain[n.id as usize]);
        edges.par_sort_unstable_by(|a, b| cmp_keys(a.key, b.key, &strings, &r));
        let mut relation_attrs = HashMap::new();
        for e in &edges {
            add_relation_attrs(&mut relation_attrs, e.key.1, &strings, lex);
        }
        LeanGraph {
            documents: docs.sorted(),
            strings,
            docs,
            spill,
            nodes: Nodes::Mem(nodes),
            remap,
            edges: Edges::Mem(edges),
            relation_attrs,
            failure: Mutex::new(None),
        }
    }

    /// [`LeanGraph::finish`] for a build whose edges or actors went to
    /// runs on disk (`disk`; `acc` holds those since the last run): the
    /// actors are merged into a node store when they went to disk
    /// (`actors.rs`), else finished in memory; the edge runs are merged,
    /// re-keyed by the remap and sorted again in runs of about the edge
    /// budget, into an edge store on disk. Writes the same graph as
    /// `finish` would.
    pub fn finish_spilled(
        mut acc: Compact,
        disk: OnDisk,
        docs: DocTable,
        spill: Spill,
        lex: &Lexicon,
    ) -> std::io::Result<LeanGraph> {
        let OnDisk {
            edges: mut runs,
            edge_budget,
            actors,
            actor_budget,
            ..
        } = disk;
        let limits = acc.limits;
        let ctx = Ctx {
            docs: &docs,
            limits,
        };
        runs.add_run(&acc.take_edges(), &|a, b| a.key.cmp(&b.key))?;
        let (nodes, mut ranked, remap) = spilled_nodes(&mut acc, actors, &ctx, lex, actor_budget)?;
        let strings = std::mem::take(&mut acc.strings);
        drop(acc);
        let mut is_node = FixedBitSet::with_capacity(strings.len());
        for &id in &ranked {
            is_node.insert(id as usize);
        }
        ranked.extend(runs.relations.iter().copied());
        let r = ranks_of(&strings, &ranked, actor_budget)?;
        drop(ranked);
        let sorted = Sorted {
            strings: &strings,
            ranks: &r,
            ctx: &ctx,
            lex,
        };
        let (sorter, backed) = sorted.rekeyed(runs, &remap, &is_node, edge_budget)?;
        let (store, relation_attrs) = sorted.stored(sorter)?;
        let nodes = match nodes {
            Nodes::Mem(mut v) => {
                v.par_sort_unstable_by_key(|n| r.plain[n.id as usize]);
                keep_backed_part_of(&mut v, &backed, &strings);
                Nodes::Mem(v)
            }
            Nodes::Disk { store, .. } => Nodes::Disk { store, backed },
        };
        drop(r);
        strings.check()?;
        Ok(LeanGraph {
            documents: docs.sorted(),
            strings,
            docs,
            spill,
            nodes,
            remap,
            edges: Edges::Disk(store),
            relation_attrs,
            failure: Mutex::new(None),
        })
    }

    /// The finished graph of a partial graph ([`Partial::finish`]), its
    /// heavy parts in memory: the same finish as a build's.
    pub fn from_partial(p: Partial, lex: &Lexicon) -> LeanGraph {
        let mut ids = partial_doc_ids(&p);
        // Ids in order: documents then compare as numbers.
        ids.sort_unstable();
        ids.dedup();
        let mut docs = DocTable::default();
        for id in ids {
            docs.intern(id);
        }
        let limits = p.limits;
        let mut acc = Compact::from_partial(
            p,
            &Ctx {
                docs: &docs,
                limits,
            },
        );
        let mut spill = Spill::new(usize::MAX);
        let base = spill.append(&std::mem::take(&mut acc.buf));
        for (d, at, len) in std::mem::take(&mut acc.infos) {
            docs.set_info(d, base + at, len);
        }
        // A store in memory has nothing to write, so sealing cannot fail.
        let _ = spill.seal();
        LeanGraph::finish(acc, docs, spill, lex)
    }

    /// Whether its edges are in a file (the build's passed their budget).
    pub fn edges_on_disk(&self) -> bool {
        matches!(self.edges, Edges::Disk(_))
    }

    /// Whether its nodes are in a file (the build's actors passed their
    /// budget).
    pub fn nodes_on_disk(&self) -> bool {
        matches!(self.nodes, Nodes::Disk { .. })
    }

    /// Where short names went: each short id with the full id it joined.
    pub fn remap_names(&self) -> BTreeMap<String, String> {
        let s = &self.strings;
        self.remap
            .iter()
            .map(|&(a, b)| (s.get(a).to_string(), s.get(b).to_string()))
            .collect()
    }

    /// Whether its heavy parts are in a file.
    pub fn spilled(&self) -> bool {
        self.spill.on_disk()
    }

    /// A document's id, read from the document table.
    fn doc_id(&self, d: Doc) -> String {
        self.docs.id(d).unwrap_or_else(|e| {
            self.fail(e);
            String::new()
        })
    }

    fn fail(&self, e: std::io::Error) {
        if let Ok(mut f) = self.failure.lock() {
            f.get_or_insert_with(|| format!("cannot read the spill store: {e}"));
        }
    }

    fn evidence(&self, v: &Ev) -> Evidence {
        let (sentence, end, text) = self.spill.read_sentence(v.text_at).unwrap_or_else(|e| {
            self.fail(e);
            (0, v.start, String::new())
        });
        Evidence {
            document: self.doc_id(v.doc),
            sentence: sentence as usize,
            start: v.start as usize,
            end: end as usize,
            text,
            certainty: v.certainty,
            attributed_to: (v.attributed != NONE).then(|| self.strings.get(v.attributed).into()),
        }
    }

    /// The whole graph in memory.
    pub fn to_knowledge_graph(&self) -> KnowledgeGraph {
        let view: &dyn GraphView = self;
        KnowledgeGraph::new(
            view.documents().map(Cow::into_owned).collect(),
            view.nodes().map(Cow::into_owned).collect(),
            view.edges(true).map(Cow::into_owned).collect(),
        )
    }
}

impl GraphView for LeanGraph {
    fn document_count(&self) -> usize {
        match &self.documents {
            Some(v) => v.len(),
            None => self.docs.len(),
        }
    }

    fn node_count(&self) -> usize {
        self.nodes.len()
    }

    fn edge_count(&self) -> usize {
        self.edges.len()
    }

    fn document_at(&self, i: usize) -> Cow<'_, DocumentInfo> {
        let d = match &self.documents {
            Some(v) => v[i],
            None => i as Doc,
        };
        Cow::Owned(self.docs.info(d, &self.spill).unwrap_or_else(|e| {
            self.fail(e);
            DocumentInfo {
                id: self.doc_id(d),
                path: String::new(),
                sha256: String::new(),
                sentences: 0,
            }
        }))
    }

    fn node_at(&self, i: usize) -> Cow<'_, Node> {
        let n: Cow<'_, LeanNode> = match &self.nodes {
            Nodes::Mem(v) => Cow::Borrowed(&v[i]),
            Nodes::Disk { store, backed } => {
                let mut n = store.get(i).unwrap_or_else(|e| {
                    self.fail(e);
                    dead_node()
                });
                keep_backed(&mut n, backed, &self.strings);
                Cow::Owned(n)
            }
        };
        let s = &self.strings;
        Cow::Owned(Node {
            id: s.get(n.id).to_string(),
            label: s.get(n.label).to_string(),
            node_type: n.node_type,
            aliases: n.aliases.iter().map(|&a| s.get(a).to_string()).collect(),
            mentions: n.mentions as usize,
            documents: n.documents.iter().map(|&d| self.doc_id(d)).collect(),
            attributes: n.attributes.iter().cloned().collect(),
        })
    }

    fn edge_at(&self, i: usize, evidence: bool) -> Cow<'_, Edge> {
        let e: Cow<'_, Edg> = match &self.edges {
            Edges::Mem(v) => Cow::Borrowed(&v[i]),
            Edges::Disk(store) => Cow::Owned(store.get(i).unwrap_or_else(|e| {
                self.fail(e);
                dead_edge()
            })),
        };
        let s = &self.strings;
        let (source, relation, target) = (s.get(e.key.0), s.get(e.key.1), s.get(e.key.2));
        let mut attributes: BTreeMap<String, String> = self
            .relation_attrs
            .get(&e.key.1)
            .map(|v| v.iter().cloned().collect())
            .unwrap_or_default();
        let role = role_of(&e, s);
        if role != NONE {
            attributes.insert("role".to_string(), s.get(role).to_string());
        }
        if e.evidence_count as usize > e.evidence.len() {
            attributes.insert("evidence_count".into(), e.evidence_count.to_string());
        }
        Cow::Owned(Edge {
            key: Edge::key_of(&source, &relation, &target),
            source: source.to_string(),
            target: target.to_string(),
            relation: relation.to_string(),
            certainty: e.certainty,
            label: Edge::label_of(&relation, e.certainty),
            weight: e.weight as usize,
            attributes,
            evidence: if evidence {
                e.evidence.iter().map(|v| self.evidence(v)).collect()
            } else {
                Vec::new()
            },
        })
    }

    fn failure(&self) -> Option<String> {
        let own = self.failure.lock().ok().and_then(|f| f.clone());
        own.or_else(|| self.strings.check().err().map(|e| e.to_string()))
    }
}
