//! The compact form of a partial graph that `Builder` merges: strings
//! interned to `u32` symbols, edges keyed by three symbols, evidence as
//! (document number, sentence, offsets, where its text is stored), and
//! the heavy parts (sentence texts, documents' details) as bytes bound for
//! the spill store. It has the same meaning as [`super::Partial`] and the
//! same merge: associative, with "first" meaning first in document order.

use std::cmp::Ordering;
use std::collections::HashMap as StdHashMap;

use foldhash::HashMap;

use super::chunked::Chunked;
use super::docs::{Doc, DocTable};
use super::intern::{Interner, Sym};
use super::runs::{edge_cost, EV_BYTES};
use super::spill::{encode_info, Spill};
use super::Limits;
use crate::lexicon::Lexicon;
use crate::model::{Certainty, Extraction, NodeType};

/// No symbol (an evidence record without a speaker).
pub const NONE: Sym = Sym::MAX;

/// One evidence record (24 bytes). Its sentence's text, number and end
/// are stored at `text_at` (see [`put_text`]) in the store of the
/// structure that holds it: a chunk's `buf`, or the spill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ev {
    pub text_at: u64,
    pub doc: Doc,
    /// Where the sentence starts in the document (characters). In a
    /// document each sentence has its own start, and starts order the
    /// sentences as their numbers do; the number and the end are stored
    /// with the text.
    pub start: u32,
    /// The speaker's node id, or `NONE`.
    pub attributed: Sym,
    pub certainty: Certainty,
}

const _: () = assert!(std::mem::size_of::<Ev>() == 24);

/// Orders evidence as `model::Evidence` does: document id, sentence (by
/// its start), certainty, speaker.
pub fn cmp_ev(a: &Ev, b: &Ev, docs: &DocTable, strings: &Interner) -> Ordering {
    docs.cmp(a.doc, b.doc)
        .then(a.start.cmp(&b.start))
        .then(a.certainty.cmp(&b.certainty))
        .then_with(|| match (a.attributed, b.attributed) {
            (x, y) if x == y => Ordering::Equal,
            (NONE, _) => Ordering::Less,
            (_, NONE) => Ordering::Greater,
            (x, y) => strings.get(x).cmp(&strings.get(y)),
        })
}

/// An actor as a set of documents sees it (see `PartialEntity`). 56
/// bytes: lists as boxed slices (no spare capacity), counts as `u32`,
/// and the aliases and attributes, which few actors have, behind one
/// pointer; the table holds one per distinct actor.
#[derive(Clone, Debug, Default)]
pub struct Ent {
    /// Each label form, with the number of documents that used it.
    pub labels: Box<[(Sym, u32)]>,
    /// The first `max_documents` documents, in id order.
    pub documents: Box<[Doc]>,
    pub extra: Option<Box<Extra>>,
    pub mentions: u32,
    pub document_count: u32,
    pub node_type: Option<NodeType>,
}

const _: () = assert!(std::mem::size_of::<Ent>() == 56);

/// An actor's aliases and attributes (see [`Ent`]).
#[derive(Clone, Debug, Default)]
pub struct Extra {
    pub aliases: Vec<Sym>,
    pub attributes: Vec<(Sym, Sym)>,
}

/// One (source, relation, target) (see `PartialEdge`).
#[derive(Clone, Debug)]
pub struct Edg {
    pub key: Key,
    pub certainty: Certainty,
    pub weight: u32,
    pub evidence_count: u32,
    /// False once merged into another edge or dropped by `finish`.
    pub live: bool,
    /// Role counts (`leads`, `member_of`): few edges have them.
    pub roles: Roles,
    /// The first `max_evidence` records, sorted by `cmp_ev`.
    pub evidence: Box<[Ev]>,
}

/// Stores a sentence: the length of its text, its number and its end
/// (4 bytes each, see `Spill::read_sentence`), then its text.
pub fn put_text(buf: &mut Vec<u8>, text: &str, sentence: usize, end: usize) -> u64 {
    let at = buf.len() as u64;
    for n in [text.len(), sentence, end] {
        buf.extend_from_slice(&to_u32(n).to_le_bytes());
    }
    buf.extend_from_slice(text.as_bytes());
    at
}

/// Role counts behind one pointer: 8 bytes in every edge, where a `Vec`
/// would take 24 and most edges have none.
#[allow(clippy::box_collection)]
pub type Roles = Option<Box<Vec<(Sym, usize)>>>;

fn add_role(roles: &mut Roles, k: Sym, v: usize) {
    add_count(roles.get_or_insert_with(Default::default), k, v);
}

/// (source, relation, target).
pub type Key = (Sym, Sym, Sym);

/// What a set of documents contributes, in compact form.
#[derive(Debug, Default)]
pub struct Compact {
    pub limits: Limits,
    pub strings: Interner,
    pub entities: HashMap<Sym, Ent>,
    pub edges: Chunked<Edg>,
    pub index: HashMap<Key, u32>,
    /// Bytes bound for the spill store: documents' details and sentences.
    pub buf: Vec<u8>,
    /// Each document's details: (document, offset in `buf`, length).
    pub infos: Vec<(Doc, u64, u32)>,
    /// About how much memory the edges take (`runs::edge_cost`).
    pub edge_bytes: usize,
    /// About how much memory the entities take ([`actor_cost`]).
    pub actor_bytes: usize,
}

/// The memory an actor is counted for against a budget: its table slot
/// (with the table's spare room, roughly) and its lists.
pub fn actor_cost(e: &Ent) -> usize {
    80 + 8 * e.labels.len()
        + 4 * e.documents.len()
        + e.extra
            .as_ref()
            .map_or(0, |x| 48 + 4 * x.aliases.len() + 8 * x.attributes.len())
}

/// Where things are: what orders documents and where texts are.
pub struct Ctx<'a> {
    pub docs: &'a DocTable,
    pub limits: Limits,
}

fn add_count(list: &mut Vec<(Sym, usize)>, k: Sym, v: usize) {
    match list.iter_mut().find(|(x, _)| *x == k) {
        Some((_, n)) => *n += v,
        None => list.push((k, v)),
    }
}

impl Ent {
    pub fn aliases(&self) -> &[Sym] {
        self.extra.as_ref().map_or(&[], |x| &x.aliases)
    }

    pub fn attributes(&self) -> &[(Sym, Sym)] {
        self.extra.as_ref().map_or(&[], |x| &x.attributes)
    }

    /// Adds an alias once.
    pub fn add_alias(&mut self, a: Sym) {
        if !self.aliases().contains(&a) {
            self.extra
                .get_or_insert_with(Default::default)
                .aliases
                .push(a);
        }
    }

    /// Adds what later documents say of the same actor.
    pub fn absorb(&mut self, other: Ent, ctx: &Ctx) {
        if self.node_type.is_none() {
            self.node_type = other.node_type;
        }
        for &(k, v) in other.labels.iter() {
            add_label(&mut self.labels, k, v);
        }
        if let Some(x) = other.extra {
            for a in x.aliases {
                self.add_alias(a);
            }
            for (k, v) in x.attributes {
                if !self.attributes().iter().any(|(y, _)| *y == k) {
                    let extra = self.extra.get_or_insert_with(Default::default);
                    extra.attributes.push((k, v));
                }
            }
        }
        self.mentions = self.mentions.saturating_add(other.mentions);
        self.document_count = self.document_count.saturating_add(other.document_count);
        let max = ctx.limits.max_documents;
        // Documents mostly arrive in order: once the list is full, later
        // ones are counted without touching it.
        if let (Some(&last), Some(&first)) = (self.documents.last(), other.documents.first()) {
            if self.documents.len() >= max && ctx.docs.cmp(first, last) == Ordering::Greater {
                return;
            }
        }
        let a = std::mem::take(&mut self.documents).into_vec();
        let b = other.documents.into_vec();
        self.documents = merge_sorted(a, b, max, |x, y| ctx.docs.cmp(*x, *y)).into_boxed_slice();
    }
}

/// Adds `v` to the count of label `k`.
fn add_label(labels: &mut Box<[(Sym, u32)]>, k: Sym, v: u32) {
    match labels.iter_mut().find(|(x, _)| *x == k) {
        Some((_, n)) => *n = n.saturating_add(v),
        None => {
            let mut all = std::mem::take(labels).into_vec();
            all.push((k, v));
            *labels = all.into_boxed_slice();
        }
    }
}

/// An actor's aliases and attributes behind a pointer, or none.
pub fn extra(aliases: Vec<Sym>, attributes: Vec<(Sym, Sym)>) -> Option<Box<Extra>> {
    (!aliases.is_empty() || !attributes.is_empty()).then(|| {
        Box::new(Extra {
            aliases,
            attributes,
        })
    })
}

impl Edg {
    /// Adds what later documents say of the same edge.
    pub fn absorb(&mut self, other: Edg, ctx: &Ctx, strings: &Interner) {
        self.certainty = self.certainty.max(other.certainty);
        self.weight = self.weight.saturating_add(other.weight);
        for (k, v) in other.roles.into_iter().flat_map(|r| *r) {
            add_role(&mut self.roles, k, v);
        }
        self.evidence_count = self.evidence_count.saturating_add(other.evidence_count);
        let a = std::mem::take(&mut self.evidence).into_vec();
        self.evidence = merge_sorted(
            a,
            other.evidence.into_vec(),
            ctx.limits.max_evidence,
            |x, y| cmp_ev(x, y, ctx.docs, strings),
        )
        .into_boxed_slice();
    }
}

/// The first `max` distinct items of two sorted, deduplicated lists, in
/// order: a linear merge, which stops as soon as `max` are taken.
pub fn merge_sorted<T>(
    a: Vec<T>,
    b: Vec<T>,
    max: usize,
    cmp: impl Fn(&T, &T) -> Ordering,
) -> Vec<T> {
    let full_before = |a: &Vec<T>, b: &Vec<T>| match (a.last(), b.first()) {
        (Some(x), Some(y)) => a.len() >= max && cmp(y, x) == Ordering::Greater,
        _ => false,
    };
    if b.is_empty() || full_before(&a, &b) {
        let mut a = a;
        a.truncate(max);
        return a;
    }
    let mut out = Vec::with_capacity((a.len() + b.len()).min(max));
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while out.len() < max {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => match cmp(x, y) {
                Ordering::Less => a.next(),
                Ordering::Greater => b.next(),
                Ordering::Equal => {
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

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Compact {
    pub fn new(limits: Limits) -> Self {
        Compact {
            limits,
            ..Default::default()
        }
    }

    /// Adds an entity (the documents before it come first).
    fn put_entity(&mut self, id: Sym, e: Ent, ctx: &Ctx) {
        match self.entities.get_mut(&id) {
            Some(slot) => {
                let before = actor_cost(slot);
                slot.absorb(e, ctx);
                self.actor_bytes += actor_cost(slot).saturating_sub(before);
            }
            None => {
                self.actor_bytes += actor_cost(&e);
                self.entities.insert(id, e);
            }
        }
    }

    /// Takes the entities out, sorted by id (as strings), and empties the
    /// table (it keeps its capacity for the entities to come).
    pub fn take_actors(&mut self) -> Vec<super::actors::Actor> {
        self.actor_bytes = 0;
        let mut out: Vec<_> = self
            .entities
            .drain()
            .map(|(id, ent)| super::actors::Actor::own(id, ent))
            .collect();
        let s = &self.strings;
        out.sort_unstable_by(|a, b| s.get(a.id).cmp(&s.get(b.id)));
        out
    }

    /// Adds an edge (the documents before it come first).
    fn put_edge(&mut self, e: Edg, ctx: &Ctx) {
        match self.index.get(&e.key) {
            Some(&i) => {
                let slot = &mut self.edges[i as usize];
                let before = slot.evidence.len();
                slot.absorb(e, ctx, &self.strings);
                self.edge_bytes += EV_BYTES * slot.evidence.len().saturating_sub(before);
            }
            None => {
                self.edge_bytes += edge_cost(&e);
                self.index.insert(e.key, to_u32(self.edges.len()));
                self.edges.push(e);
            }
        }
    }

    /// About how much memory the entities take: their table and lists
    /// (strings not counted: see `Interner::heap_bytes`).
    pub fn entity_bytes(&self) -> usize {
        let slot = std::mem::size_of::<(Sym, Ent)>() + 1;
        let lists: usize = self
            .entities
            .values()
            .map(|e| {
                8 * e.labels.len()
                    + 4 * e.documents.len()
                    + e.extra.as_ref().map_or(0, |x| {
                        48 + 4 * x.aliases.capacity() + 8 * x.attributes.capacity()
                    })
            })
            .sum();
        slot * self.entities.capacity() + lists
    }

    /// Takes the live edges out, sorted by key, and empties the edge
    /// table (its index keeps its capacity for the edges to come).
    pub fn take_edges(&mut self) -> Vec<Edg> {
        self.index.clear();
        self.edge_bytes = 0;
        let all = std::mem::take(&mut self.edges);
        let mut edges: Vec<Edg> = Vec::with_capacity(all.len());
        edges.extend(all.into_iter().filter(|e| e.live));
        edges.sort_unstable_by_key(|e| e.key);
        edges
    }

    /// Adds what one document contributes (after every document added so
    /// far). `doc` is its number in `ctx.docs`.
    pub fn add_extraction(&mut self, x: Extraction, doc: Doc, lex: &Lexicon, ctx: &Ctx) {
        if let Some(d) = &x.document {
            let at = self.buf.len();
            encode_info(d, &mut self.buf);
            self.infos
                .push((doc, at as u64, to_u32(self.buf.len() - at)));
        }
        for e in &x.entities {
            let id = self.strings.intern(&e.id);
            let label = self.strings.intern(&e.label);
            let aliases = e.aliases.iter().map(|a| self.strings.intern(a)).collect();
            let attributes = e
                .attributes
                .iter()
                .map(|(k, v)| (self.strings.intern(k), self.strings.intern(v)))
                .collect();
            let ent = Ent {
                node_type: Some(e.node_type),
                labels: Box::new([(label, 1)]),
                extra: extra(aliases, attributes),
                mentions: to_u32(x.mention_counts.get(&e.id).copied().unwrap_or(0)),
                documents: Box::new([doc]),
                document_count: 1,
            };
            self.put_entity(id, ent, ctx);
        }
        self.add_facts(x, doc, lex, ctx);
    }

    /// The document's facts as edges, one per key, with their evidence.
    fn add_facts(&mut self, x: Extraction, doc: Doc, lex: &Lexicon, ctx: &Ctx) {
        // Each sentence's text is stored once per document.
        let mut texts: StdHashMap<(usize, usize, usize), u64> = StdHashMap::new();
        let mut rows: Vec<(Key, Option<Sym>, Ev)> = Vec::with_capacity(x.facts.len());
        for f in x.facts {
            let (mut s, mut t) = (&f.source, &f.target);
            if s == t {
                continue;
            }
            if t < s && lex.relation(&f.relation).is_some_and(|r| r.symmetric) {
                std::mem::swap(&mut s, &mut t);
            }
            let key = (
                self.strings.intern(s),
                self.strings.intern(&f.relation),
                self.strings.intern(t),
            );
            let v = &f.evidence;
            let buf = &mut self.buf;
            let text_at = *texts
                .entry((v.sentence, v.start, v.end))
                .or_insert_with(|| put_text(buf, &v.text, v.sentence, v.end));
            let ev = Ev {
                text_at,
                doc,
                start: to_u32(v.start),
                attributed: match &v.attributed_to {
                    Some(a) => self.strings.intern(a),
                    None => NONE,
                },
                certainty: v.certainty,
            };
            let role = f.role.as_deref().map(|r| self.strings.intern(r));
            rows.push((key, role, ev));
        }
        rows.sort_by_key(|r| r.0);
        let mut i = 0;
        while i < rows.len() {
            let key = rows[i].0;
            let mut j = i;
            let mut certainty = Certainty::Negated;
            let mut roles = None;
            let mut evidence = Vec::new();
            while j < rows.len() && rows[j].0 == key {
                let (_, role, ev) = rows[j];
                certainty = certainty.max(ev.certainty);
                if let Some(r) = role {
                    add_role(&mut roles, r, 1);
                }
                evidence.push(ev);
                j += 1;
            }
            let strings = &self.strings;
            evidence.sort_by(|a, b| cmp_ev(a, b, ctx.docs, strings));
            evidence.dedup_by(|a, b| cmp_ev(a, b, ctx.docs, strings) == Ordering::Equal);
            let evidence_count = to_u32(evidence.len());
            evidence.truncate(ctx.limits.max_evidence);
            let e = Edg {
                key,
                certainty,
                weight: 1,
                evidence_count,
                live: true,
                roles,
                evidence: evidence.into_boxed_slice(),
            };
            self.put_edge(e, ctx);
            i = j;
        }
    }

    /// Adds another compact graph, whose documents all come after this
    /// one's. Its stored bytes move to `buf`.
    pub fn merge(&mut self, mut other: Compact, ctx: &Ctx) {
        if self.entities.is_empty() && self.edges.is_empty() && self.infos.is_empty() {
            *self = other;
            return;
        }
        let base = self.buf.len() as u64;
        if self.buf.is_empty() {
            self.buf = std::mem::take(&mut other.buf);
        } else {
            self.buf.extend_from_slice(&other.buf);
        }
        self.infos.extend(
            std::mem::take(&mut other.infos)
                .into_iter()
                .map(|(d, at, len)| (d, at + base, len)),
        );
        self.absorb(other, base, ctx);
    }

    /// Adds another compact graph whose stored bytes were moved to the
    /// spill, and returns where its documents' details went there.
    pub fn merge_spilled(
        &mut self,
        mut other: Compact,
        spill: &mut Spill,
        ctx: &Ctx,
    ) -> Vec<(Doc, u64, u32)> {
        let base = spill.append(&other.buf);
        other.buf = Vec::new();
        let infos = std::mem::take(&mut other.infos)
            .into_iter()
            .map(|(d, at, len)| (d, at + base, len))
            .collect();
        self.absorb(other, base, ctx);
        infos
    }

    /// Adds the entities and edges of `other`, its symbols translated and
    /// its text offsets moved by `base`.
    fn absorb(&mut self, other: Compact, base: u64, ctx: &Ctx) {
        let tr: Vec<Sym> = (0..other.strings.len() as Sym)
            .map(|s| self.strings.intern(&other.strings.get(s)))
            .collect();
        let t = |s: Sym| if s == NONE { NONE } else { tr[s as usize] };
        self.entities.reserve(other.entities.len());
        for (id, mut e) in other.entities {
            for l in e.labels.iter_mut() {
                l.0 = t(l.0);
            }
            if let Some(x) = &mut e.extra {
                for a in &mut x.aliases {
                    *a = t(*a);
                }
                for (k, v) in &mut x.attributes {
                    *k = t(*k);
                    *v = t(*v);
                }
            }
            self.put_entity(t(id), e, ctx);
        }
        self.index.reserve(other.edges.len());
        for mut e in other.edges {
            if !e.live {
                continue;
            }
            e.key = (t(e.key.0), t(e.key.1), t(e.key.2));
            for r in e.roles.iter_mut().flat_map(|r| r.iter_mut()) {
                r.0 = t(r.0);
            }
            for v in e.evidence.iter_mut() {
                v.attributed = t(v.attributed);
                v.text_at += base;
            }
            self.put_edge(e, ctx);
        }
    }
}

/// Every document id a partial graph names, for [`DocTable::intern`]
/// before [`Compact::from_partial`].
pub fn partial_doc_ids(p: &super::Partial) -> Vec<&str> {
    let mut ids: Vec<&str> = p.documents.keys().map(String::as_str).collect();
    for e in p.entities.values() {
        ids.extend(e.documents.iter().map(String::as_str));
    }
    for e in p.edges.values() {
        ids.extend(e.evidence.iter().map(|v| v.document.as_str()));
    }
    ids
}

impl Compact {
    /// The compact form of a partial graph whose document ids are all in
    /// `ctx.docs`. A document's sentence is stored once: the first text
    /// met for it stands for every record of that sentence.
    pub fn from_partial(p: super::Partial, ctx: &Ctx) -> Compact {
        let mut c = Compact::new(ctx.limits);
        let doc = |id: &str| ctx.docs.find(id).unwrap_or(NONE);
        let mut docs: Vec<_> = p.documents.into_iter().collect();
        docs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (id, d) in docs {
            let at = c.buf.len();
            encode_info(&d, &mut c.buf);
            c.infos
                .push((doc(&id), at as u64, to_u32(c.buf.len() - at)));
        }
        for (id, e) in p.entities {
            let labels = e
                .labels
                .iter()
                .map(|(l, &n)| (c.strings.intern(l), to_u32(n)))
                .collect();
            let aliases = e.aliases.iter().map(|a| c.strings.intern(a)).collect();
            let attributes = e
                .attributes
                .iter()
                .map(|(k, v)| (c.strings.intern(k), c.strings.intern(v)))
                .collect();
            let ent = Ent {
                node_type: e.node_type,
                labels,
                extra: extra(aliases, attributes),
                mentions: to_u32(e.mentions),
                documents: e.documents.iter().map(|d| doc(d)).collect(),
                document_count: to_u32(e.document_count),
            };
            let sym = c.strings.intern(&id);
            c.put_entity(sym, ent, ctx);
        }
        let mut texts: StdHashMap<(Doc, usize, usize, usize), u64> = StdHashMap::new();
        for (_, e) in p.edges {
            let key = (
                c.strings.intern(&e.source),
                c.strings.intern(&e.relation),
                c.strings.intern(&e.target),
            );
            let mut evidence = Vec::with_capacity(e.evidence.len());
            for v in e.evidence {
                let d = doc(&v.document);
                let buf = &mut c.buf;
                let text_at = *texts
                    .entry((d, v.sentence, v.start, v.end))
                    .or_insert_with(|| put_text(buf, &v.text, v.sentence, v.end));
                evidence.push(Ev {
                    text_at,
                    doc: d,
                    start: to_u32(v.start),
                    attributed: match &v.attributed_to {
                        Some(a) => c.strings.intern(a),
                        None => NONE,
                    },
                    certainty: v.certainty,
                });
            }
            let strings = &c.strings;
            evidence.sort_by(|a, b| cmp_ev(a, b, ctx.docs, strings));
            evidence.dedup_by(|a, b| cmp_ev(a, b, ctx.docs, strings) == Ordering::Equal);
            evidence.truncate(ctx.limits.max_evidence);
            let roles: Vec<(Sym, usize)> = e
                .roles
                .iter()
                .map(|(r, &n)| (c.strings.intern(r), n))
                .collect();
            let edge = Edg {
                key,
                certainty: e.certainty,
                weight: to_u32(e.weight),
                evidence_count: to_u32(e.evidence_count),
                live: true,
                roles: (!roles.is_empty()).then(|| Box::new(roles)),
                evidence: evidence.into_boxed_slice(),
            };
            c.put_edge(edge, ctx);
        }
        c
    }
}
