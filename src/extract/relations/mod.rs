//! The relation pass: typed, directed facts between resolved actors.
//!
//! - [`tree`]: relations read off the dependency tree, by the frames of
//!   `lexicon/frames.tsv`: arguments by grammatical function, certainty by
//!   what governs the trigger, speakers by the speech verb above it.
//! - `window`: the older token-window patterns of `lexicon/relations.tsv`,
//!   affiliations from titles and `part_of` facts from the lexicon.
//!
//! [`extract`] reads both: the tree's reading of a (sentence, relation,
//! pair) replaces the window's, the window's stays where the tree is silent
//! (a parse can be wrong where a pattern is right), and a claim the tree
//! finds denied is dropped from both.

pub mod tree;
mod window;

use std::collections::{BTreeMap, BTreeSet};

use crate::extract::resolve::Resolved;
use crate::extract::syntax::lemma::Lemmatizer;
use crate::extract::syntax::{ParsedSentence, Upos};
use crate::lexicon::Lexicon;
use crate::model::{Certainty, Fact, NodeType, Segmented};

use tree::{Context, Tree, TreeFact};

/// The sentences the tree pass can read a relation from, in order: an
/// actor and a word that may trigger a relation or names a party's
/// members, or two actors (an
/// affiliation, an apposition, a coordination). Headlines are read by the lexicon only, so they are
/// never parsed.
pub fn sentences_to_parse(seg: &Segmented, lex: &Lexicon, res: &Resolved) -> Vec<usize> {
    let mut actors = vec![0usize; seg.sentences.len()];
    for m in res.mentions.iter().filter(|m| !m.entities.is_empty()) {
        actors[m.sentence] += m.entities.len();
    }
    let lemmas = &crate::extract::syntax::builtin().lemmas;
    let parties = party_words(res);
    // A trigger, a modal of obligation (`said X should …`), a word that
    // finds fault (`called X a liar`), or a party's word (`Labour MP X`:
    // an affiliation).
    let trigger = |t: usize| {
        let w = seg.lower(t);
        lex.triggers.contains_key(w)
            || may_be_frame_lemma(lex, lemmas, w)
            || lex.words.deontic_modals.contains(w)
            || lex.words.fault_words.contains(w)
            || tree::party_of_word(&parties, w).is_some()
    };
    seg.sentences
        .iter()
        .filter(|s| !s.headline)
        .filter(|s| {
            let n = actors[s.index];
            n >= 2 || (n >= 1 && s.tokens.clone().any(trigger))
        })
        .map(|s| s.index)
        .collect()
}

/// Whether a word, read as any inflection of a verb or a plural noun
/// (`spoke`, `criticised`, `demands`), has a frame's lemma.
fn may_be_frame_lemma(lex: &Lexicon, lemmas: &Lemmatizer, w: &str) -> bool {
    const READINGS: [(Upos, &str); 5] = [
        (Upos::Verb, "VBD"),
        (Upos::Verb, "VBN"),
        (Upos::Verb, "VBZ"),
        (Upos::Verb, "VBG"),
        (Upos::Noun, "NNS"),
    ];
    lex.frames.is_lemma(w)
        || READINGS
            .iter()
            .any(|&(upos, xpos)| lex.frames.is_lemma(&lemmas.lemma(w, upos, xpos)))
}

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
    let (from_tree, denied) = tree_facts(doc_id, text, seg, lex, res, &trees);
    let mut facts = combine(window, from_tree, &denied, lex);
    facts.retain(|f| target_fits(lex, res, f));
    facts
}

/// Whether a fact's target has a type its relation allows
/// (`ontology.tsv`'s `targets`; `visited` a state, not a hospital).
fn target_fits(lex: &Lexicon, res: &Resolved, f: &Fact) -> bool {
    let Some(allowed) = lex.relations.get(&f.relation).map(|r| &r.targets) else {
        return true;
    };
    allowed.is_empty()
        || res
            .entities
            .get(&f.target)
            .is_none_or(|e| allowed.contains(&e.node_type))
}

/// The facts the trees give, with their sentences as evidence, and what
/// the trees rule out.
fn tree_facts(
    doc_id: &str,
    text: &str,
    seg: &Segmented,
    lex: &Lexicon,
    res: &Resolved,
    trees: &[Tree],
) -> (Vec<Fact>, BTreeSet<Veto>) {
    let mut actor_at: Vec<&[String]> = vec![&[]; seg.tokens.len()];
    // Places are nodes but no actors: their mentions read as unresolved.
    let place = |id: &String| {
        res.entities
            .get(id)
            .is_some_and(|e| e.node_type == NodeType::Place)
    };
    for m in res
        .mentions
        .iter()
        .filter(|m| !m.entities.is_empty() && !m.entities.iter().any(place))
    {
        for t in m.tokens.clone() {
            if actor_at[t].is_empty() {
                actor_at[t] = &m.entities;
            }
        }
    }
    let at = |t: usize| -> &[String] { actor_at.get(t).copied().unwrap_or(&[]) };
    let kind = |id: &str| res.entities.get(id).map(|e| e.node_type);
    let parties = party_words(res);
    let mut previous_speaker: Option<String> = None;
    let mut out = Vec::new();
    let mut denied = BTreeSet::new();
    for (sent, tree) in seg.sentences.iter().zip(trees) {
        if sent.headline {
            continue;
        }
        let cx = Context {
            lex,
            actors: &at,
            previous_speaker: previous_speaker.clone(),
            kind: &kind,
            parties: &parties,
        };
        let reading = tree::read(tree, &cx);
        for f in reading.facts {
            out.push(to_fact(f, doc_id, text, sent));
        }
        for (relation, source, target) in reading.denied.into_iter().chain(reading.not_physical) {
            denied.insert(Veto::Claim(key_of(
                lex, sent.index, &relation, &source, &target,
            )));
        }
        for (relation, actor) in reading.embedded {
            denied.insert(Veto::Target(sent.index, relation, actor));
        }
        for (relation, actor) in reading.unsure_agents {
            denied.insert(Veto::Source(sent.index, relation, actor));
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
    (out, denied)
}

/// The parties of a document, by the word before `Party` in a two-word
/// name (`Labour Party`: `Labour`).
fn party_words(res: &Resolved) -> Vec<(String, String)> {
    res.entities
        .values()
        .filter(|e| e.node_type == NodeType::Institution)
        .filter_map(|e| {
            let (word, party) = e.label.split_once(' ')?;
            (party == "Party").then(|| (word.to_lowercase(), e.id.clone()))
        })
        .collect()
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

/// A fact's identity within a document: sentence, relation and pair (in
/// either order for a symmetric relation).
type Key = (usize, String, String, String);

/// What the tree rules out of the window's reading.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Veto {
    /// A claim a denial governs.
    Claim(Key),
    /// (sentence, relation, actor): the actor is only a possessor inside
    /// an argument of that relation's trigger, never its target.
    Target(usize, String, String),
    /// (sentence, relation, actor): the actor is only the unsure referent
    /// of a possessive pronoun on that relation's event noun.
    Source(usize, String, String),
}

fn key_of(lex: &Lexicon, sentence: usize, relation: &str, source: &str, target: &str) -> Key {
    let symmetric = lex.relation(relation).is_some_and(|r| r.symmetric);
    let (a, b) = if symmetric && target < source {
        (target, source)
    } else {
        (source, target)
    };
    (sentence, relation.to_string(), a.to_string(), b.to_string())
}

/// The tree's facts, and the window's for the (sentence, relation, pair)
/// the tree does not read, unless the tree finds that claim denied. A parse
/// can be wrong where the window is right, so the window's reading stays
/// where the tree is silent.
fn combine(
    window: Vec<Fact>,
    mut tree: Vec<Fact>,
    vetoes: &BTreeSet<Veto>,
    lex: &Lexicon,
) -> Vec<Fact> {
    let key = |f: &Fact| key_of(lex, f.evidence.sentence, &f.relation, &f.source, &f.target);
    // A parse may miss the speaker a pattern found (`…, X said`).
    let window_speaker: BTreeMap<Key, String> = window
        .iter()
        .filter_map(|f| Some((key(f), f.evidence.attributed_to.clone()?)))
        .collect();
    for f in tree
        .iter_mut()
        .filter(|f| f.evidence.attributed_to.is_none())
    {
        f.evidence.attributed_to = window_speaker.get(&key(f)).cloned();
    }
    let from_tree: BTreeSet<Key> = tree.iter().map(key).collect();
    let vetoed = |f: &Fact| {
        let target = Veto::Target(f.evidence.sentence, f.relation.clone(), f.target.clone());
        let source = Veto::Source(f.evidence.sentence, f.relation.clone(), f.source.clone());
        vetoes.contains(&Veto::Claim(key(f)))
            || vetoes.contains(&target)
            || vetoes.contains(&source)
    };
    let mut out: Vec<Fact> = window
        .into_iter()
        .filter(|f| !from_tree.contains(&key(f)) && !vetoed(f))
        .chain(tree)
        .filter(|f| f.source != f.target)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_frame_words_make_a_sentence_worth_parsing() {
        let lex = crate::lexicon::builtin().unwrap();
        let lemmas = &crate::extract::syntax::builtin().lemmas;
        for w in ["spoke", "criticised", "demands", "met", "visiting", "urged"] {
            assert!(may_be_frame_lemma(&lex, lemmas, w), "{w}");
        }
        for w in ["spokesman", "weather", "said"] {
            assert!(!may_be_frame_lemma(&lex, lemmas, w), "{w}");
        }
    }
}
