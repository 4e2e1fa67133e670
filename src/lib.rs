//! # newsgraph
//!
//! Turns English news articles into a knowledge graph of who did what to
//! whom: people, states and institutions as nodes; typed, directed,
//! evidence-carrying relations (`warns`, `visited`, `denies`, `supplies?`…)
//! as edges.
//!
//! The pipeline is a list of pure stages over plain data types
//! ([`model`]):
//!
//! ```text
//! Document -> segment -> syntax -> entities (mentions) -> resolve -> relations (facts)
//!          -> graph::Partial (merge, any order) -> KnowledgeGraph -> export / query
//! ```
//!
//! ```
//! use newsgraph::{build, lexicon, Document};
//!
//! let lex = lexicon::builtin().unwrap();
//! let doc = Document {
//!     id: "a".into(),
//!     path: "a.txt".into(),
//!     text: "Russian President Vladimir Putin visited Pyongyang on Tuesday.".into(),
//! };
//! let graph = build(&[doc], &lex);
//! let visited = graph.edges().into_iter().find(|e| e.relation == "visited").unwrap();
//! assert_eq!((visited.source.as_str(), visited.target.as_str()), ("vladimir-putin", "north-korea"));
//! ```

pub mod corpus;
pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
pub mod learn;
pub mod lexicon;
pub mod model;
pub mod output;
pub mod query;
pub mod read_ahead;
pub mod render;

pub use extract::{entities, relations, resolve, segment};

pub use graph::KnowledgeGraph;
pub use lexicon::Lexicon;
pub use model::{Certainty, Document, Edge, Evidence, Node, NodeType};

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use graph::compact::{Compact, Ctx};
use graph::docs::DocTable;
use graph::spill::Spill;
use graph::{LeanGraph, Limits, Partial};
use model::{DocumentInfo, Extraction};

/// Time spent in each stage, summed over documents (CPU time when
/// documents run in parallel).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timings {
    pub segment: Duration,
    /// Tagging, lemmatising and parsing ([`extract::syntax`]).
    pub syntax: Duration,
    pub entities: Duration,
    pub resolve: Duration,
    pub relations: Duration,
    pub merge: Duration,
}

impl std::ops::AddAssign for Timings {
    fn add_assign(&mut self, o: Timings) {
        self.segment += o.segment;
        self.syntax += o.syntax;
        self.entities += o.entities;
        self.resolve += o.resolve;
        self.relations += o.relations;
        self.merge += o.merge;
    }
}

impl Timings {
    /// The stages by name, in pipeline order.
    pub fn stages(&self) -> [(&'static str, Duration); 6] {
        [
            ("segment", self.segment),
            ("syntax", self.syntax),
            ("entities", self.entities),
            ("resolve", self.resolve),
            ("relations", self.relations),
            ("merge", self.merge),
        ]
    }
}

/// Runs every per-document stage on one document.
pub fn extract_document(doc: &Document, lex: &Lexicon) -> Extraction {
    extract_timed(doc, lex, &mut Timings::default())
}

/// A document segmented and parsed: what every later stage reads.
#[derive(Clone, Debug)]
pub struct Analysed {
    pub seg: model::Segmented,
    /// One parse per sentence of `seg`, in order.
    pub syntax: Vec<extract::syntax::ParsedSentence>,
}

/// Segments and parses a document, timing both stages.
pub fn analyse(text: &str, t: &mut Timings) -> Analysed {
    let clock = Instant::now();
    let seg = segment::segment(text);
    let c1 = Instant::now();
    let syntax = extract::syntax::parse_document(extract::syntax::builtin(), text, &seg);
    t.segment += c1 - clock;
    t.syntax += c1.elapsed();
    Analysed { seg, syntax }
}

fn extract_timed(doc: &Document, lex: &Lexicon, t: &mut Timings) -> Extraction {
    let clock = Instant::now();
    let seg = &segment::segment(&doc.text);
    let c1 = Instant::now();
    let raw = entities::find_mentions(&doc.text, seg, lex);
    let c2 = Instant::now();
    let res = resolve::resolve(&doc.text, seg, lex, &raw);
    let c3 = Instant::now();
    // Only sentences that can hold a relation are parsed.
    let model = extract::syntax::builtin();
    let to_parse = relations::sentences_to_parse(seg, lex, &res);
    let syntax = extract::syntax::parse_sentences(model, &doc.text, seg, &to_parse);
    let c4 = Instant::now();
    let facts = relations::extract(&doc.id, &doc.text, seg, lex, &res, &syntax);
    let c5 = Instant::now();
    t.segment += c1 - clock;
    t.entities += c2 - c1;
    t.resolve += c3 - c2;
    t.syntax += c4 - c3;
    t.relations += c5 - c4;
    let mut mention_counts: BTreeMap<String, usize> = BTreeMap::new();
    for m in &res.mentions {
        for id in &m.entities {
            *mention_counts.entry(id.clone()).or_default() += 1;
        }
    }
    let sha = hex(&Sha256::digest(doc.text.as_bytes()));
    Extraction {
        document: Some(DocumentInfo {
            id: doc.id.clone(),
            path: doc.path.clone(),
            sha256: sha,
            sentences: seg.sentences.len(),
        }),
        entities: res.entities.into_values().collect(),
        mention_counts,
        facts,
        mentions: res.mentions,
    }
}

/// Bytes as lowercase hexadecimal.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// One mention as the `mentions` export writes it: where an actor is named
/// and which node it resolved to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct MentionRecord {
    pub document: String,
    /// The sentence it is in, counted from 0 as everywhere in newsgraph.
    pub sentence: usize,
    /// Character offsets in the document, end exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub node: String,
    #[serde(rename = "type")]
    pub node_type: model::NodeType,
}

/// The resolved mentions of an extraction, in document order.
pub fn mention_records(x: &Extraction) -> Vec<MentionRecord> {
    let doc = x.document.as_ref().map(|d| d.id.as_str()).unwrap_or("");
    let types: BTreeMap<&str, model::NodeType> = x
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.node_type))
        .collect();
    let mut out = Vec::new();
    for m in &x.mentions {
        for id in &m.entities {
            if let Some(t) = types.get(id.as_str()) {
                out.push(MentionRecord {
                    document: doc.to_string(),
                    sentence: m.sentence,
                    start: m.start,
                    end: m.end,
                    text: m.text.clone(),
                    node: id.clone(),
                    node_type: *t,
                });
            }
        }
    }
    out
}

/// What one document contributes to a graph, ready to merge.
pub fn extract_partial(doc: &Document, lex: &Lexicon, limits: Limits) -> Partial {
    Partial::from_extraction(extract_document(doc, lex), lex, limits)
}

/// The bytes of sentences and documents' details a [`Builder`] keeps in
/// memory before it moves them to a temporary file.
pub const DEFAULT_SPILL_THRESHOLD: usize = 8 << 20;

/// The bytes of edges (with their evidence positions) a [`Builder`] keeps
/// in memory before it writes them, sorted, to a temporary file; the finish
/// merges those files in runs of the same size.
pub const DEFAULT_EDGE_BUDGET: usize = 32 << 20;

/// The bytes of actors (the entity table) a [`Builder`] keeps in memory
/// before it writes them, sorted by id, to a temporary file; the finish
/// merges those files into a store of nodes on disk.
pub const DEFAULT_ACTOR_BUDGET: usize = 8 << 20;

/// The bytes of interned strings' text (actor ids, labels, aliases) a
/// [`Builder`] keeps in memory; past them the text of each new string goes
/// to a temporary file and memory keeps, per string, where it ends, a hash
/// and a table slot (`graph::intern`).
pub const DEFAULT_STRING_BUDGET: usize = 1 << 20;

/// What a [`Builder`] holds in memory, roughly (see `--timings`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Footprint {
    pub entities: usize,
    /// The entity table and its lists.
    pub entity_bytes: usize,
    /// The interned strings (ids, labels, aliases, attributes, relations).
    pub string_bytes: usize,
    pub strings: usize,
    /// Strings whose text is in a temporary file.
    pub strings_on_disk: usize,
    pub documents: usize,
    /// Document ids and where their details are stored (in memory only
    /// the table's buffers, and every id once they came out of order).
    pub document_bytes: usize,
    /// Whether every id came after the one before it (then the table is
    /// on disk past its buffers).
    pub documents_in_order: bool,
    /// Edges in memory (the others are in runs on disk).
    pub edges: usize,
    pub edge_bytes: usize,
    pub edge_runs: usize,
    pub actor_runs: usize,
}

/// Builds a graph from documents that arrive in batches: each batch is
/// extracted in parallel (rayon) and folded into one compact partial graph
/// (`graph::compact`), merged into the graph while the next batch is
/// extracted. Memory holds a batch or two and the graph's ids, counts and
/// evidence positions; the sentences and documents' details go to a spill
/// store (a temporary file past `DEFAULT_SPILL_THRESHOLD` bytes) until the
/// export reads them back.
pub struct Builder<'l> {
    lex: &'l Lexicon,
    limits: Limits,
    docs: DocTable,
    acc: Compact,
    spill: Spill,
    /// Edges and actors written to disk once `acc`'s pass their budgets
    /// (and the first error writing them, returned by `finish`).
    disk: graph::actors::OnDisk,
    /// The last batch, extracted and not yet merged.
    pending: Option<Compact>,
    pub timings: Timings,
    /// Document ids met twice (the first is kept, the others skipped).
    pub repeated: Vec<String>,
    /// Whether `add_batch` returns the batch's mentions.
    pub keep_mentions: bool,
}

impl<'l> Builder<'l> {
    pub fn new(lex: &'l Lexicon, limits: Limits) -> Self {
        let mut acc = Compact::new(limits);
        acc.strings.set_budget(DEFAULT_STRING_BUDGET);
        Builder {
            lex,
            limits,
            docs: DocTable::new(graph::docs::DOC_BUFFER),
            acc,
            spill: Spill::new(DEFAULT_SPILL_THRESHOLD),
            disk: graph::actors::OnDisk::new(DEFAULT_EDGE_BUDGET, DEFAULT_ACTOR_BUDGET),
            pending: None,
            timings: Timings::default(),
            repeated: Vec::new(),
            keep_mentions: false,
        }
    }

    /// Sets the bytes kept in memory before the spill store moves to a
    /// temporary file (`usize::MAX`: never), and those of the document
    /// table (at most `graph::docs::DOC_BUFFER`). Call before the first
    /// batch.
    pub fn with_spill_threshold(mut self, bytes: usize) -> Self {
        if self.spill.is_empty() {
            self.spill = Spill::new(bytes);
        }
        if self.docs.is_empty() {
            let buffer = if bytes == usize::MAX {
                bytes
            } else {
                bytes.min(graph::docs::DOC_BUFFER)
            };
            self.docs = DocTable::new(buffer);
        }
        self
    }

    /// Sets the bytes of edges kept in memory before they are written to
    /// a temporary file (`usize::MAX`: never; 0: after every batch).
    /// Call before the first batch.
    pub fn with_edge_budget(mut self, bytes: usize) -> Self {
        self.disk = graph::actors::OnDisk::new(bytes, self.disk.actor_budget);
        self
    }

    /// Sets the bytes of actors (the entity table and its lists) kept in
    /// memory before they are written to a temporary file (`usize::MAX`:
    /// never; 0: after every batch). Call before the first batch.
    pub fn with_actor_budget(mut self, bytes: usize) -> Self {
        self.disk = graph::actors::OnDisk::new(self.disk.edge_budget, bytes);
        self
    }

    /// Sets the bytes of interned strings' text kept in memory before the
    /// text of new strings goes to a temporary file (`usize::MAX`: never;
    /// 0: from the first string). Call before the first batch.
    pub fn with_string_budget(mut self, bytes: usize) -> Self {
        self.acc.strings.set_budget(bytes);
        self
    }

    /// Extracts a batch of documents in parallel and merges it in; a
    /// document whose id was seen before is skipped (see `repeated`).
    /// Returns the batch's mentions, in document order, when
    /// `keep_mentions` is set (their node ids are the documents' own: see
    /// `LeanGraph::remap_names`).
    pub fn add_batch(&mut self, docs: &[Document]) -> Vec<MentionRecord> {
        let mut numbered = Vec::with_capacity(docs.len());
        for d in docs {
            match self.docs.intern(&d.id) {
                (n, true) => numbered.push((n, d)),
                (_, false) => self.repeated.push(d.id.clone()),
            }
        }
        let (lex, limits, keep) = (self.lex, self.limits, self.keep_mentions);
        let pending = self.pending.take();
        let ctx = Ctx {
            docs: &self.docs,
            limits,
        };
        let (acc, spill) = (&mut self.acc, &mut self.spill);
        let disk = &mut self.disk;
        let empty = || (Compact::new(limits), Timings::default(), Vec::new());
        // The last batch is merged while this one is extracted.
        let ((infos, merged), (chunk, t, mut mentions)) = rayon::join(
            || {
                let clock = Instant::now();
                let infos = match pending {
                    Some(p) => acc.merge_spilled(p, spill, &ctx),
                    None => Vec::new(),
                };
                disk.spill(acc);
                (infos, clock.elapsed())
            },
            || {
                numbered
                    .par_iter()
                    .with_min_len(4)
                    .fold(empty, |(mut c, mut t, mut m), &(n, d)| {
                        let x = extract_timed(d, lex, &mut t);
                        if keep {
                            m.extend(mention_records(&x));
                        }
                        let clock = Instant::now();
                        c.add_extraction(x, n, lex, &ctx);
                        t.merge += clock.elapsed();
                        (c, t, m)
                    })
                    .reduce(empty, |(mut a, mut ta, mut ma), (b, tb, mb)| {
                        let clock = Instant::now();
                        a.merge(b, &ctx);
                        ta += tb;
                        ta.merge += clock.elapsed();
                        ma.extend(mb);
                        (a, ta, ma)
                    })
            },
        );
        for (d, at, len) in infos {
            self.docs.set_info(d, at, len);
        }
        self.pending = Some(chunk);
        self.timings += t;
        self.timings.merge += merged;
        mentions.sort();
        mentions
    }

    /// Merges the pending batch.
    fn flush(&mut self) {
        if let Some(p) = self.pending.take() {
            let clock = Instant::now();
            let ctx = Ctx {
                docs: &self.docs,
                limits: self.limits,
            };
            let infos = self.acc.merge_spilled(p, &mut self.spill, &ctx);
            for (d, at, len) in infos {
                self.docs.set_info(d, at, len);
            }
            self.disk.spill(&mut self.acc);
            self.timings.merge += clock.elapsed();
        }
    }

    /// What the graph so far holds in memory (after the pending batch).
    pub fn footprint(&mut self) -> Footprint {
        self.flush();
        Footprint {
            entities: self.acc.entities.len(),
            entity_bytes: self.acc.entity_bytes(),
            string_bytes: self.acc.strings.heap_bytes(),
            strings: self.acc.strings.len(),
            strings_on_disk: self.acc.strings.on_disk(),
            documents: self.docs.len(),
            document_bytes: self.docs.heap_bytes(),
            documents_in_order: self.docs.in_order(),
            edges: self.acc.edges.len(),
            edge_bytes: self.acc.edge_bytes,
            edge_runs: self.disk.edges.run_count(),
            actor_runs: self.disk.actors.run_count(),
        }
    }

    /// Merges a partial graph made elsewhere (`newsgraph extract`). Returns
    /// the ids of its documents that an earlier one already had (the first
    /// record of a document is kept).
    pub fn add_partial(&mut self, part: Partial) -> Vec<String> {
        let clock = Instant::now();
        self.flush();
        let mut repeated: Vec<String> = part
            .documents
            .keys()
            .filter(|id| self.docs.find(id).is_some_and(|d| self.docs.has_info(d)))
            .cloned()
            .collect();
        repeated.sort_unstable();
        for id in graph::compact::partial_doc_ids(&part) {
            self.docs.intern(id);
        }
        let ctx = Ctx {
            docs: &self.docs,
            limits: self.limits,
        };
        let chunk = Compact::from_partial(part, &ctx);
        let infos = self.acc.merge_spilled(chunk, &mut self.spill, &ctx);
        for (d, at, len) in infos {
            self.docs.set_info(d, at, len);
        }
        self.disk.spill(&mut self.acc);
        self.timings.merge += clock.elapsed();
        self.repeated.extend(repeated.iter().cloned());
        repeated
    }

    /// The finished graph, its heavy parts still in the spill store (and
    /// its edges in a temporary file when they passed the edge budget), and
    /// the time spent in each stage. Fails when the spill store or the
    /// edges could not be written.
    pub fn finish(mut self) -> std::io::Result<(LeanGraph, Timings)> {
        self.flush();
        let clock = Instant::now();
        self.spill.seal()?;
        self.docs.check()?;
        if let Some(e) = self.disk.error.take() {
            return Err(e);
        }
        self.acc.strings.check()?;
        let g = if self.disk.edges.spilled() || self.disk.actors.spilled() {
            LeanGraph::finish_spilled(self.acc, self.disk, self.docs, self.spill, self.lex)?
        } else {
            LeanGraph::finish(self.acc, self.docs, self.spill, self.lex)
        };
        self.timings.merge += clock.elapsed();
        Ok((g, self.timings))
    }
}

/// Builds the graph of a set of documents.
pub fn build(docs: &[Document], lex: &Lexicon) -> KnowledgeGraph {
    let mut b = Builder::new(lex, Limits::default()).with_spill_threshold(usize::MAX);
    b.add_batch(docs);
    match b.finish() {
        Ok((g, _)) => g.to_knowledge_graph(),
        // A store in memory cannot fail to write.
        Err(_) => KnowledgeGraph::default(),
    }
}
