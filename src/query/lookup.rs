//! How a user's name for an actor finds its node: the exact id, then the
//! label, then an alias (case, accents and punctuation do not matter), then
//! a label or alias holding every word of the name, then one that starts
//! with the name, then a close spelling. A name that finds nothing is
//! answered with the labels that share a word with it or are spelled
//! almost like it, and never with unrelated ones.

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use super::index::QueryGraph;
use crate::graph::KnowledgeGraph;
use crate::model::{Node, NodeType};

/// How many candidates an ambiguity error lists.
const MAX_CANDIDATES: usize = 10;

/// A node offered to the user when a name was not enough.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub label: String,
    pub node_type: NodeType,
}

/// Why a name did not find one node.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// Nothing matched; the labels that share a word with the name or are
    /// spelled almost like it, best first.
    #[error("no actor named `{name}` in the graph{}", did_you_mean(suggestions))]
    Unknown {
        name: String,
        suggestions: Vec<String>,
    },
    /// Several nodes matched equally well: the first few by label, and how
    /// many more there are.
    #[error(
        "`{name}` matches {} actors; use a fuller name or the id:{}",
        candidates.len() + more,
        listing(candidates, *more)
    )]
    Ambiguous {
        name: String,
        candidates: Vec<Candidate>,
        more: usize,
    },
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", suggestions.join(", "))
    }
}

fn listing(candidates: &[Candidate], more: usize) -> String {
    let mut out: String = candidates
        .iter()
        .map(|c| format!("\n  {} ({}, {})", c.label, c.node_type, c.id))
        .collect();
    if more > 0 {
        out.push_str(&format!("\n  and {more} more"));
    }
    out
}

/// Lowercase, accents and punctuation removed, spaces folded; a possessive
/// `'s` is dropped.
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

/// What lookup needs of a graph: nodes numbered in id order, with their
/// normalized label and aliases (joined by `\n`).
pub(crate) trait Names {
    fn count(&self) -> usize;
    fn find_id(&self, id: &str) -> Option<usize>;
    fn id(&self, n: usize) -> &str;
    fn label(&self, n: usize) -> &str;
    fn node_type(&self, n: usize) -> NodeType;
    fn norm_label(&self, n: usize) -> &str;
    fn norm_aliases(&self, n: usize) -> &str;
}

impl Names for QueryGraph {
    fn count(&self) -> usize {
        self.node_count()
    }
    fn find_id(&self, id: &str) -> Option<usize> {
        QueryGraph::find_id(self, id)
    }
    fn id(&self, n: usize) -> &str {
        QueryGraph::id(self, n)
    }
    fn label(&self, n: usize) -> &str {
        QueryGraph::label(self, n)
    }
    fn node_type(&self, n: usize) -> NodeType {
        QueryGraph::node_type(self, n)
    }
    fn norm_label(&self, n: usize) -> &str {
        QueryGraph::norm_label(self, n)
    }
    fn norm_aliases(&self, n: usize) -> &str {
        QueryGraph::norm_aliases_joined(self, n)
    }
}

/// The names of a [`KnowledgeGraph`]'s nodes, normalized once.
struct Table<'g> {
    nodes: Vec<&'g Node>,
    norm_labels: Vec<String>,
    norm_aliases: Vec<String>,
}

impl Names for Table<'_> {
    fn count(&self) -> usize {
        self.nodes.len()
    }
    fn find_id(&self, id: &str) -> Option<usize> {
        self.nodes.binary_search_by(|n| n.id.as_str().cmp(id)).ok()
    }
    fn id(&self, n: usize) -> &str {
        &self.nodes[n].id
    }
    fn label(&self, n: usize) -> &str {
        &self.nodes[n].label
    }
    fn node_type(&self, n: usize) -> NodeType {
        self.nodes[n].node_type
    }
    fn norm_label(&self, n: usize) -> &str {
        &self.norm_labels[n]
    }
    fn norm_aliases(&self, n: usize) -> &str {
        &self.norm_aliases[n]
    }
}

/// Finds the node a name refers to in a query graph, as its number.
pub fn find_node(graph: &QueryGraph, name: &str) -> Result<usize, LookupError> {
    resolve(graph, name)
}

/// Finds the node a name refers to in a knowledge graph.
pub fn lookup<'g>(graph: &'g KnowledgeGraph, name: &str) -> Result<&'g Node, LookupError> {
    let nodes = graph.nodes();
    let table = Table {
        norm_labels: nodes.iter().map(|n| normalize(&n.label)).collect(),
        norm_aliases: nodes
            .iter()
            .map(|n| {
                n.aliases
                    .iter()
                    .map(|a| normalize(a))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect(),
        nodes,
    };
    resolve(&table, name).map(|n| table.nodes[n])
}

fn aliases<N: Names>(names: &N, n: usize) -> impl Iterator<Item = &str> {
    names.norm_aliases(n).split('\n').filter(|a| !a.is_empty())
}

fn resolve<N: Names>(graph: &N, name: &str) -> Result<usize, LookupError> {
    if let Some(n) = graph.find_id(name) {
        return Ok(n);
    }
    let want = normalize(name);
    let all = 0..graph.count();
    let pick = |matches: Vec<usize>| -> Option<Result<usize, LookupError>> {
        match matches.len() {
            0 => None,
            1 => Some(Ok(matches[0])),
            _ => Some(Err(ambiguous(graph, name, matches))),
        }
    };
    if !want.is_empty() {
        let by_label: Vec<usize> = all
            .clone()
            .filter(|&n| graph.norm_label(n) == want)
            .collect();
        if let Some(r) = pick(by_label) {
            return r;
        }
        let by_alias: Vec<usize> = all
            .clone()
            .filter(|&n| aliases(graph, n).any(|a| a == want))
            .collect();
        if let Some(r) = pick(by_alias) {
            return r;
        }
        // "Korea" is a word of both North Korea and South Korea: both are
        // offered, before "Korean" is taken for a longer spelling of it.
        let by_words: Vec<usize> = all
            .clone()
            .filter(|&n| {
                std::iter::once(graph.norm_label(n))
                    .chain(aliases(graph, n))
                    .any(|a| has_words(a, &want))
            })
            .collect();
        if let Some(r) = pick(by_words) {
            return r;
        }
        let by_prefix: Vec<usize> = all
            .clone()
            .filter(|&n| {
                graph.norm_label(n).starts_with(&want)
                    || aliases(graph, n).any(|a| a.starts_with(&want))
            })
            .collect();
        if let Some(r) = pick(by_prefix) {
            return r;
        }
    }
    // Fuzzy: the closest label or alias, if it is clearly the closest.
    let mut scored: Vec<(f64, usize)> = all
        .clone()
        .map(|n| {
            let best = names_of(graph, n)
                .map(|a| strsim::jaro_winkler(a, &want))
                .fold(0.0, f64::max);
            (best, n)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    if let Some(&(s, n)) = scored.first() {
        let runner_up = scored.get(1).map(|x| x.0).unwrap_or(0.0);
        if s >= 0.93 && s - runner_up > 0.02 {
            return Ok(n);
        }
    }
    Err(LookupError::Unknown {
        name: name.to_string(),
        suggestions: suggest(graph, &want),
    })
}

/// How many labels an unknown name is answered with.
const MAX_SUGGESTIONS: usize = 5;

/// Words that say nothing of which actor is meant ("of", "the").
fn function_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../lexicon/function_words.txt")
            .lines()
            .map(normalize)
            .filter(|w| !w.is_empty())
            .collect()
    })
}

fn names_of<N: Names>(graph: &N, n: usize) -> impl Iterator<Item = &str> {
    std::iter::once(graph.norm_label(n)).chain(aliases(graph, n))
}

/// Whether every word of `want` is a word of `name` (both normalized).
fn has_words(name: &str, want: &str) -> bool {
    want.split(' ')
        .all(|w| !function_words().contains(w) && name.split(' ').any(|x| x == w))
}

/// Whether two words are one word for a reader: the same, one a longer
/// form of the other (Korea, Korean), or one slip apart (Halloran,
/// Haloran; two in long words). Short words must be the same.
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let n = short.chars().count();
    if n >= 4 && long.starts_with(short) && long.chars().count() - n <= 2 {
        return true;
    }
    let slips = match n {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    };
    slips > 0 && strsim::damerau_levenshtein(a, b) <= slips
}

/// The labels to offer for an unknown name, best first: those with the
/// most of its words (as [`same_word`] reads them), then the closest
/// spelling of the whole name; a label that shares no word is offered
/// only when it is spelled almost like the name.
fn suggest<N: Names>(graph: &N, want: &str) -> Vec<String> {
    let words: Vec<&str> = want
        .split(' ')
        .filter(|w| !w.is_empty() && !function_words().contains(*w))
        .collect();
    let mut scored: Vec<(usize, f64, usize)> = (0..graph.count())
        .filter_map(|n| {
            let (shared, close) = names_of(graph, n)
                .map(|name| {
                    let shared = words
                        .iter()
                        .filter(|w| name.split(' ').any(|x| same_word(w, x)))
                        .count();
                    (shared, strsim::normalized_damerau_levenshtein(name, want))
                })
                .fold((0usize, 0.0f64), |a, b| (a.0.max(b.0), a.1.max(b.1)));
            (shared > 0 || close >= 0.75).then_some((shared, close, n))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.total_cmp(&a.1))
            .then(graph.label(a.2).cmp(graph.label(b.2)))
    });
    let mut seen = BTreeSet::new();
    scored
        .iter()
        .map(|&(_, _, n)| graph.label(n))
        .filter(|l| seen.insert(*l))
        .take(MAX_SUGGESTIONS)
        .map(str::to_string)
        .collect()
}

fn ambiguous<N: Names>(graph: &N, name: &str, mut matches: Vec<usize>) -> LookupError {
    matches.sort_by(|&a, &b| graph.label(a).cmp(graph.label(b)).then(a.cmp(&b)));
    let more = matches.len().saturating_sub(MAX_CANDIDATES);
    let candidates = matches
        .into_iter()
        .take(MAX_CANDIDATES)
        .map(|n| Candidate {
            id: graph.id(n).to_string(),
            label: graph.label(n).to_string(),
            node_type: graph.node_type(n),
        })
        .collect();
    LookupError::Ambiguous {
        name: name.to_string(),
        candidates,
        more,
    }
}
