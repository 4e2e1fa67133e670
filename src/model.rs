//! The plain data types shared by every stage of the pipeline.
//!
//! This module owns the vocabulary of the project: documents, tokens,
//! mentions, entities, relation facts and the merged graph's nodes and edges.
//! It holds no logic beyond small conversions and orderings, does no I/O and
//! knows nothing about any output format.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// One input article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Stable id: the file name without its extension, or the `id` of a
    /// JSON Lines record.
    pub id: String,
    /// Where it was read from (`-` for standard input), for provenance.
    pub path: String,
    pub text: String,
}

/// What the graph records about a document it was built from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct DocumentInfo {
    pub id: String,
    pub path: String,
    pub sha256: String,
    pub sentences: usize,
}

/// A token with both character offsets (the contract's unit) and byte
/// offsets (for slicing the document text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub kind: TokenKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, digits and word-internal marks (`Jong-un`, `U.S.`, `1,000`).
    Word,
    /// Any single punctuation or symbol character.
    Punct,
}

/// A sentence: a range of tokens and its character span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub tokens: Range<usize>,
    /// True for headline-like lines (Title Case or ALL CAPS, no final stop),
    /// where names are read only from the lexicon.
    pub headline: bool,
}

/// The output of segmentation.
#[derive(Clone, Debug, Default)]
pub struct Segmented {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Every token in lower case, one after the other; token `i` is
    /// `lower[lower_ends[i - 1]..lower_ends[i]]` (from 0 for the first).
    /// Made once here so the passes never lowercase a word again.
    pub lower: String,
    pub lower_ends: Vec<usize>,
}

impl Segmented {
    /// Token `i` in lower case, or `""` past the end.
    pub fn lower(&self, i: usize) -> &str {
        lower_at(&self.lower, &self.lower_ends, i)
    }
}

/// Token `i` of a lowercase table (see [`Segmented::lower`]).
pub(crate) fn lower_at<'a>(lower: &'a str, ends: &[usize], i: usize) -> &'a str {
    let Some(&end) = ends.get(i) else {
        return "";
    };
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &lower[start..end]
}

/// The kind of node an actor becomes.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum NodeType {
    Person,
    State,
    Institution,
    Place,
    Other,
}

impl NodeType {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeType::Person => "person",
            NodeType::State => "state",
            NodeType::Institution => "institution",
            NodeType::Place => "place",
            NodeType::Other => "other",
        }
    }
}

impl fmt::Display for NodeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NodeType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "person" => Ok(NodeType::Person),
            "state" => Ok(NodeType::State),
            "institution" => Ok(NodeType::Institution),
            "place" => Ok(NodeType::Place),
            "other" => Ok(NodeType::Other),
            _ => Err(format!(
                "unknown node type `{s}` (expected person, state, institution, place or other)"
            )),
        }
    }
}

/// How certain the text is of a fact. The derived order is by strength:
/// `Negated < Hedged < Asserted`, so a merged edge takes the maximum.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    Negated,
    Hedged,
    Asserted,
}

impl Certainty {
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Negated => "negated",
            Certainty::Hedged => "hedged",
            Certainty::Asserted => "asserted",
        }
    }
}

impl fmt::Display for Certainty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Certainty {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "asserted" => Ok(Certainty::Asserted),
            "hedged" => Ok(Certainty::Hedged),
            "negated" => Ok(Certainty::Negated),
            _ => Err(format!(
                "unknown certainty `{s}` (expected asserted, hedged or negated)"
            )),
        }
    }
}

/// How a mention names its entity; resolution and the relation pass treat
/// the kinds differently (a demonym modifier links, it does not act).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// A name or alias: `North Korea`, `Jane Roe`, `TASS`.
    Name,
    /// A capital standing for its state: `Pyongyang`.
    Capital,
    /// A demonym adjective: `North Korean` in `North Korean leader`.
    Demonym,
    /// A plural demonym standing for a state's people: `North Koreans`.
    DemonymPlural,
    /// A pronoun: `he`, `it`, `they`.
    Pronoun,
    /// A definite description: `the North Korean dictator`, `the two countries`.
    Description,
}

/// A span of text that names (or may name) an actor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub sentence: usize,
    /// Token range in the document's token list.
    pub tokens: Range<usize>,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: MentionKind,
    /// The entity id this mention resolved to; several for a plural
    /// reference such as `the two countries`. Empty when unresolved.
    pub entities: Vec<String>,
}

/// A resolved actor of one document or of the whole graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub id: String,
    pub label: String,
    pub node_type: NodeType,
    /// Other surface forms seen for this entity, sorted and unique.
    pub aliases: Vec<String>,
    /// Lexicon attributes such as `iso2`, `iso3`, `wikidata`, `kind`.
    pub attributes: BTreeMap<String, String>,
}

/// One place in the text that supports an edge.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    pub document: String,
    pub sentence: usize,
    /// Character offsets of the sentence in the document, end exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub certainty: Certainty,
    /// Node id of the speaker when the sentence reports someone's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<String>,
}

/// One relation read from one sentence.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fact {
    pub source: String,
    pub relation: String,
    pub target: String,
    /// For `leads` and `member_of`: the role as normalised by the lexicon.
    pub role: Option<String>,
    pub evidence: Evidence,
}

/// What one document contributes to the graph: its actors, the number of
/// times each is mentioned, and the facts read from it.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    pub document: Option<DocumentInfo>,
    pub entities: Vec<Entity>,
    /// Mentions per entity id in this document.
    pub mention_counts: BTreeMap<String, usize>,
    pub facts: Vec<Fact>,
    pub mentions: Vec<Mention>,
}

/// A node of the merged graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub label: String,
    pub node_type: NodeType,
    pub aliases: Vec<String>,
    pub mentions: usize,
    pub documents: Vec<String>,
    /// Extra attributes (`iso2`, `iso3`, `wikidata`, `kind`, `part_of`).
    pub attributes: BTreeMap<String, String>,
}

/// An edge of the merged graph: one per (source, relation, target).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub key: String,
    pub source: String,
    pub target: String,
    pub relation: String,
    pub certainty: Certainty,
    pub label: String,
    /// The number of distinct documents that support the edge.
    pub weight: usize,
    /// Extra attributes (`cameo`, `plover`, `role`).
    pub attributes: BTreeMap<String, String>,
    /// Sorted by document and offset.
    pub evidence: Vec<Evidence>,
}

impl Edge {
    /// The key of an edge: `source|relation|target`.
    pub fn key_of(source: &str, relation: &str, target: &str) -> String {
        format!("{source}|{relation}|{target}")
    }

    /// The relation as drawn: `supplies?` when hedged.
    pub fn label_of(relation: &str, certainty: Certainty) -> String {
        match certainty {
            Certainty::Hedged => format!("{relation}?"),
            _ => relation.to_string(),
        }
    }
}

/// Turns a name into a stable, lowercase ASCII id: `Kim Jong-un` and
/// `Kim Jong Un` both give `kim-jong-un`.
pub fn slug(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.nfkd() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            // A non-Latin letter survives as itself so that names in other
            // scripts still get distinct ids.
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' || c == '.' {
            // Apostrophes and dots join: `O'Brien` -> `obrien`, `U.S.` -> `us`.
        } else if unicode_normalization::char::is_combining_mark(c) {
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "unnamed".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_join_name_variants() {
        assert_eq!(slug("Kim Jong-un"), "kim-jong-un");
        assert_eq!(slug("Kim Jong Un"), "kim-jong-un");
        assert_eq!(slug("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
        assert_eq!(slug("O'Brien"), "obrien");
        assert_eq!(slug("U.S."), "us");
        assert_eq!(slug("Путин"), "путин");
        assert_eq!(slug("!!"), "unnamed");
    }

    #[test]
    fn certainty_orders_by_strength() {
        assert!(Certainty::Asserted > Certainty::Hedged);
        assert!(Certainty::Hedged > Certainty::Negated);
        assert_eq!(Edge::label_of("supplies", Certainty::Hedged), "supplies?");
        assert_eq!(Edge::label_of("supplies", Certainty::Asserted), "supplies");
    }
}
