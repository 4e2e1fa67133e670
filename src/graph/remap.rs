//! Where short names go: one-word person names to the one multi-word
//! person whose first or last word they are, short institution names to
//! the one institution that is the same name with a state before it or a
//! legal form after it. The rules look at every actor twice: once to learn
//! the full names ([`RemapIndex::add`]), once to place the short ones
//! ([`RemapIndex::target`]); each look is at one actor, so the actors can
//! come from the table in memory or stream from runs on disk.

use foldhash::{HashMap, HashSet};

use super::compact::{Compact, Ent, NONE};
use super::intern::{Interner, Sym};
use super::name_words;
use crate::lexicon::Lexicon;
use crate::model::NodeType;

/// What the rules learned of the full names (memory per distinct word and
/// per institution with a state or legal form, not per actor).
#[derive(Debug, Default)]
pub struct RemapIndex {
    /// Each word that starts or ends a multi-word person name: the one
    /// person it fits, or NONE for several.
    by_end: HashMap<String, Sym>,
    /// Each short institution form: the institutions it stands for.
    full: HashMap<String, Vec<Sym>>,
}

impl RemapIndex {
    /// Learns an actor's full names.
    pub fn add(&mut self, id: Sym, e: &Ent, s: &Interner, lex: &Lexicon) {
        match e.node_type {
            Some(NodeType::Person) => self.add_person(id, e, s),
            Some(NodeType::Institution) => self.add_institution(id, e, s, lex),
            _ => {}
        }
    }

    fn add_person(&mut self, id: Sym, e: &Ent, s: &Interner) {
        for &(label, _) in e.labels.iter() {
            let w = name_words(&s.get(label));
            if w.len() >= 2 {
                for word in [&w[0], &w[w.len() - 1]] {
                    self.by_end
                        .entry(word.clone())
                        .and_modify(|x| {
                            if *x != id {
                                *x = NONE
                            }
                        })
                        .or_insert(id);
                }
            }
        }
    }

    fn add_institution(&mut self, id: Sym, e: &Ent, s: &Interner, lex: &Lexicon) {
        for &(label, _) in e.labels.iter() {
            let label = s.get(label);
            for short in [lex.without_state(&label), lex.without_legal_form(&label)]
                .into_iter()
                .flatten()
            {
                let ids = self.full.entry(short.to_lowercase()).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }

    /// Where an actor goes when it is a short name (after every actor was
    /// added). A name the lexicon knows stays.
    pub fn target(&self, id: Sym, e: &Ent, s: &Interner, lex: &Lexicon) -> Option<Sym> {
        let kind = e.node_type?;
        if !matches!(kind, NodeType::Person | NodeType::Institution)
            || lex.entity(&s.get(id)).is_some()
        {
            return None;
        }
        if kind == NodeType::Person {
            self.person_target(id, e, s)
        } else {
            self.institution_target(id, e, s)
        }
    }

    fn person_target(&self, id: Sym, e: &Ent, s: &Interner) -> Option<Sym> {
        if !e
            .labels
            .iter()
            .all(|&(l, _)| name_words(&s.get(l)).len() == 1)
        {
            return None;
        }
        let first = e.labels.iter().map(|&(l, _)| s.get(l)).min()?;
        let word = name_words(&first);
        if word.len() != 1 {
            return None;
        }
        let &to = self.by_end.get(&word[0])?;
        (to != NONE && to != id).then_some(to)
    }

    fn institution_target(&self, id: Sym, e: &Ent, s: &Interner) -> Option<Sym> {
        let mut fits: Vec<Sym> = e
            .labels
            .iter()
            .filter_map(|&(l, _)| self.full.get(&s.get(l).to_lowercase()))
            .flatten()
            .copied()
            .filter(|&to| to != id)
            .collect();
        fits.sort_unstable();
        fits.dedup();
        match fits[..] {
            [to] => Some(to),
            _ => None,
        }
    }
}

/// The pairs (short, full) in their final form: no name goes to one that
/// goes on, sorted by the short id.
pub fn settle(mut remap: Vec<(Sym, Sym)>, s: &Interner) -> Vec<(Sym, Sym)> {
    let sources: HashSet<Sym> = remap.iter().map(|&(a, _)| a).collect();
    remap.retain(|(_, to)| !sources.contains(to));
    remap.sort_by(|a, b| s.get(a.0).cmp(&s.get(b.0)));
    remap
}

/// Where short names go (see the module documentation), as pairs sorted
/// by the short id; no name goes to one that goes on.
pub fn remap(acc: &Compact, lex: &Lexicon) -> Vec<(Sym, Sym)> {
    let s = &acc.strings;
    let mut index = RemapIndex::default();
    for (&id, e) in &acc.entities {
        index.add(id, e, s, lex);
    }
    let pairs = acc
        .entities
        .iter()
        .filter_map(|(&id, e)| index.target(id, e, s, lex).map(|to| (id, to)))
        .collect();
    settle(pairs, s)
}
