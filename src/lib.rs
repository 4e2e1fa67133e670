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
//! Document -> segment -> entities (mentions) -> resolve -> relations (facts)
//!          -> graph::merge (KnowledgeGraph) -> export / query
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
pub mod entities;
pub mod export;
pub mod graph;
pub mod lexicon;
pub mod model;
pub mod output;
pub mod query;
pub mod relations;
pub mod render;
pub mod resolve;
pub mod segment;

pub use graph::KnowledgeGraph;
pub use lexicon::Lexicon;
pub use model::{Certainty, Document, Edge, Evidence, Node, NodeType};

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use model::{DocumentInfo, Extraction};

/// Runs every per-document stage on one document.
pub fn extract_document(doc: &Document, lex: &Lexicon) -> Extraction {
    let seg = segment::segment(&doc.text);
    let raw = entities::find_mentions(&doc.text, &seg, lex);
    let res = resolve::resolve(&doc.text, &seg, lex, &raw);
    let facts = relations::extract(&doc.id, &doc.text, &seg, lex, &res);
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

/// Builds the graph of a set of documents.
pub fn build(docs: &[Document], lex: &Lexicon) -> KnowledgeGraph {
    let extractions: Vec<Extraction> = docs.iter().map(|d| extract_document(d, lex)).collect();
    graph::merge(&extractions, lex)
}
