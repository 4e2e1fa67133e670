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
pub mod render;

pub use extract::{entities, relations, resolve, segment};

pub use graph::KnowledgeGraph;
pub use lexicon::Lexicon;
pub use model::{Certainty, Document, Edge, Evidence, Node, NodeType};

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use graph::{Limits, Partial};
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
    let syntax: Vec<extract::syntax::ParsedSentence> =
        relations::sentences_to_parse(seg, lex, &res)
            .into_iter()
            .map(|i| extract::syntax::parse_sentence(model, &doc.text, seg, i))
            .collect();
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
    let sha = Sha256::digest(doc.text.as_bytes());
    Extraction {
        document: Some(DocumentInfo {
            id: doc.id.clone(),
            path: doc.path.clone(),
            sha256: sha.iter().map(|b| format!("{b:02x}")).collect(),
            sentences: seg.sentences.len(),
        }),
        entities: res.entities.into_values().collect(),
        mention_counts,
        facts,
        mentions: res.mentions,
    }
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

/// Builds a graph from documents that arrive in batches: each batch is
/// extracted in parallel (rayon) and folded into one partial graph, so
/// memory holds one batch and the graph, not the corpus.
pub struct Builder<'l> {
    lex: &'l Lexicon,
    acc: Partial,
    pub timings: Timings,
    /// Document ids met twice (the first is kept).
    pub repeated: Vec<String>,
    /// Whether `add_batch` returns the batch's mentions.
    pub keep_mentions: bool,
}

impl<'l> Builder<'l> {
    pub fn new(lex: &'l Lexicon, limits: Limits) -> Self {
        Builder {
            lex,
            acc: Partial::new(limits),
            timings: Timings::default(),
            repeated: Vec::new(),
            keep_mentions: false,
        }
    }

    /// Extracts a batch of documents in parallel and merges it in. Returns
    /// the batch's mentions, in document order, when `keep_mentions` is set
    /// (their node ids are the documents' own: see `Partial::person_remap`).
    pub fn add_batch(&mut self, docs: &[Document]) -> Vec<MentionRecord> {
        let lex = self.lex;
        let limits = self.acc.limits;
        let keep = self.keep_mentions;
        let (part, t, mut mentions) = docs
            .par_iter()
            .map(|d| {
                let mut t = Timings::default();
                let x = extract_timed(d, lex, &mut t);
                let m = if keep {
                    mention_records(&x)
                } else {
                    Vec::new()
                };
                let clock = Instant::now();
                let p = Partial::from_extraction(x, lex, limits);
                t.merge += clock.elapsed();
                (p, t, m)
            })
            .reduce(
                || (Partial::new(limits), Timings::default(), Vec::new()),
                |(mut a, mut ta, mut ma), (b, tb, mb)| {
                    let clock = Instant::now();
                    a.merge(b);
                    ta += tb;
                    ta.merge += clock.elapsed();
                    ma.extend(mb);
                    (a, ta, ma)
                },
            );
        mentions.sort();
        let clock = Instant::now();
        let repeated = self.acc.merge(part);
        self.repeated.extend(repeated);
        self.timings += t;
        self.timings.merge += clock.elapsed();
        mentions
    }

    /// Where short names of the graph so far will go (one-word persons,
    /// institutions without their state or legal form).
    pub fn person_remap(&self) -> BTreeMap<String, String> {
        self.acc.remap(self.lex)
    }

    /// Merges a partial graph made elsewhere (`newsgraph extract`).
    pub fn add_partial(&mut self, part: Partial) {
        let clock = Instant::now();
        let repeated = self.acc.merge(part);
        self.repeated.extend(repeated);
        self.timings.merge += clock.elapsed();
    }

    /// The partial graph so far.
    pub fn into_partial(self) -> Partial {
        self.acc
    }

    /// The finished graph.
    pub fn finish(mut self) -> (KnowledgeGraph, Timings) {
        let clock = Instant::now();
        let g = self.acc.finish(self.lex);
        self.timings.merge += clock.elapsed();
        (g, self.timings)
    }
}

/// Builds the graph of a set of documents.
pub fn build(docs: &[Document], lex: &Lexicon) -> KnowledgeGraph {
    let mut b = Builder::new(lex, Limits::default());
    b.add_batch(docs);
    b.finish().0
}
