//! The relation pass: typed, directed facts between resolved actors.
//!
//! - [`tree`]: relations read off the dependency tree, by the frames of
//!   `lexicon/frames.tsv`: arguments by grammatical function, certainty by
//!   what governs the trigger, speakers by the speech verb above it.
//! - `window`: the older token-window patterns of `lexicon/relations.tsv`,
//!   affiliations from titles and `part_of` facts from the lexicon.
//!
//! [`extract`] reads both and keeps, for each sentence and relation, the
//! tree's reading where the tree holds a trigger of that relation, the
//! window's elsewhere; affiliations come from both.

pub mod tree;
mod window;

use std::collections::BTreeSet;

use crate::extract::resolve::Resolved;
use crate::extract::syntax::ParsedSentence;
use crate::lexicon::Lexicon;
use crate::model::{Certainty, Fact, Segmented};

use tree::{Context, Tree, TreeFact};

/// Reads the facts of one resolved document; `parses` holds the parse of
/// each sentence (none for a sentence that was not parsed).
pub fn extract(
    doc_id: &str,
    text: &str,
    seg: &Segmented,
    lex: &Lexicon,
    res: &Resolved,
    parses: &[ParsedSentence],
) -> Vec<Fact> {
    let window = window::extract(doc_id, text, seg, lex, res);
    let mut trees = vec![Tree::default(); seg.sentences.len()];
    for p in parses {
        if let Some(slot) = trees.get_mut(p.sentence) {
            *slot = Tree::from_parse(p);
        }
    }
    let (from_tree, triggered) = tree_facts(doc_id, text, seg, lex, res, &trees);
    combine(window, from_tree, &triggered, lex)
}

/// The facts the trees give, with their sentences as evidence, and the
/// (sentence, relation) pairs whose triggers the trees hold.
fn tree_facts(
    doc_id: &str,
    text: &str,
    seg: &Segmented,
    lex: &Lexicon,
    res: &Resolved,
    trees: &[Tree],
) -> (Vec<Fact>, BTreeSet<(usize, String)>) {
    let mut actor_at: Vec<&[String]> = vec![&[]; seg.tokens.len()];
    for m in res.mentions.iter().filter(|m| !m.entities.is_empty()) {
        for t in m.tokens.clone() {
            if actor_at[t].is_empty() {
                actor_at[t] = &m.entities;
            }
        }
    }
    let at = |t: usize| -> &[String] { actor_at.get(t).copied().unwrap_or(&[]) };
    let kind = |id: &str| res.entities.get(id).map(|e| e.node_type);
    let mut previous_speaker: Option<String> = None;
    let mut out = Vec::new();
    let mut triggered = BTreeSet::new();
    for (sent, tree) in seg.sentences.iter().zip(trees) {
        if sent.headline {
            continue;
        }
        let cx = Context {
            lex,
            actors: &at,
            previous_speaker: previous_speaker.clone(),
            kind: &kind,
        };
        for f in tree::read(tree, &cx) {
            out.push(to_fact(f, doc_id, text, sent));
        }
        for r in tree::triggered(tree, &cx) {
            triggered.insert((sent.index, r));
        }
        for a in tree::affiliations(tree, &cx) {
            out.push(Fact {
                source: a.person,
                relation: a.relation,
                target: a.organisation,
                role: (!a.role.is_empty()).then_some(a.role),
                evidence: window::evidence(doc_id, text, sent, Certainty::Asserted, None),
            });
        }
        if let Some(sp) = tree::named_speaker(tree, &cx) {
            previous_speaker = Some(sp);
        }
    }
    (out, triggered)
}

fn to_fact(f: TreeFact, doc_id: &str, text: &str, sent: &crate::model::Sentence) -> Fact {
    Fact {
        source: f.source,
        relation: f.relation,
        target: f.target,
        role: None,
        evidence: window::evidence(doc_id, text, sent, f.certainty, f.speaker),
    }
}

/// The tree's facts, and the window's where the tree holds no trigger of
/// that relation in that sentence (the window's frames reach phrases the
/// tree's frames do not); affiliations from both.
fn combine(
    window: Vec<Fact>,
    tree: Vec<Fact>,
    triggered: &BTreeSet<(usize, String)>,
    lex: &Lexicon,
) -> Vec<Fact> {
    let key = |f: &Fact| {
        let symmetric = lex.relation(&f.relation).is_some_and(|r| r.symmetric);
        let (a, b) = if symmetric && f.target < f.source {
            (f.target.clone(), f.source.clone())
        } else {
            (f.source.clone(), f.target.clone())
        };
        (f.evidence.sentence, f.relation.clone(), a, b)
    };
    let from_tree: BTreeSet<_> = tree.iter().map(key).collect();
    let mut out: Vec<Fact> = window
        .into_iter()
        .filter(|f| !from_tree.contains(&key(f)))
        .filter(|f| {
            let affiliation = matches!(f.relation.as_str(), "leads" | "member_of" | "part_of");
            affiliation || !triggered.contains(&(f.evidence.sentence, f.relation.clone()))
        })
        .chain(tree)
        .filter(|f| f.source != f.target)
        .collect();
    out.sort();
    out.dedup();
    out
}
