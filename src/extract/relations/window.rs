//! The relation pass: typed, directed facts between resolved actors.
//!
//! This stage owns reading who did what to whom: trigger patterns from
//! `lexicon/relations.tsv` (verbs, nouns, phrases, threats) with their
//! arguments found by shallow syntax (clause subjects, objects behind allowed
//! prepositions, possessors and modifiers, coordination, passives, relative
//! clauses, infinitives), certainty from hedge and negation cues scoped to
//! the clause, attribution of reported speech, and the affiliation facts
//! implied by titles. It reads the output of `resolve` and never fails: odd
//! text gives fewer facts.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::extract::entities::{title_at, Words};
use crate::extract::resolve::{preposition_before, Resolved};
use crate::lexicon::{CueKind, Lexicon, Pattern, PatternKind, SubjectRule};
use crate::model::{Certainty, Evidence, Fact, MentionKind, NodeType, Segmented, Sentence};

/// How far, in tokens, a trigger's clause and its certainty cues are looked
/// for on each side. Real clauses are far shorter; the bound keeps a
/// run-on sentence linear.
const CLAUSE_WINDOW: usize = 60;

/// A group of coordinated actors, by entity id, with the token span covered.
#[derive(Clone, Debug, Default)]
struct Group {
    ids: Vec<String>,
    start: usize,
    end: usize,
}

struct Ctx<'a> {
    words: Words<'a>,
    lex: &'a Lexicon,
    res: &'a Resolved,
    /// Token -> index of the resolved actor mention covering it.
    actor_at: Vec<Option<usize>>,
    /// Mention ids after speaker substitution for `we`, per mention.
    ids: Vec<Vec<String>>,
    sent: &'a Sentence,
    /// Tokens inside multi-word triggers (`call on`): their prepositions do
    /// not make the next actor oblique.
    trigger_tokens: BTreeSet<usize>,
}

impl Ctx<'_> {
    /// Like `resolve::in_pp`, but a preposition inside a trigger phrase
    /// (`call on North Korea`) does not count.
    fn oblique(&self, start: usize) -> bool {
        preposition_before(self.lex, &self.words, start, self.sent.tokens.start)
            .is_some_and(|p| !self.trigger_tokens.contains(&p))
    }

    /// What follows a state or institution mention: `None` when it is
    /// not one; else whether a title follows, and whether a person is
    /// named right after that title (or right after the mention).
    fn after_org(&self, k: usize) -> Option<(bool, bool)> {
        let org = self.ids[k]
            .first()
            .and_then(|id| self.node_type(id))
            .is_some_and(|t| t != NodeType::Person);
        if !org {
            return None;
        }
        let mut j = self.res.mentions[k].tokens.end;
        if self.words.is_possessive(j) {
            j += 1;
        }
        let person_at = |t: usize| {
            self.mention_starting_at(t).is_some_and(|k2| {
                self.ids[k2].first().and_then(|id| self.node_type(id)) == Some(NodeType::Person)
            })
        };
        Some(
            match title_at(&self.words, self.lex, j, self.sent.tokens.end) {
                Some((_, e)) => {
                    let named = (e..(e + 2).min(self.sent.tokens.end)).any(person_at)
                        || self.words.is_cap(e);
                    (true, named)
                }
                None => (false, person_at(j)),
            },
        )
    }

    /// A state or institution that only qualifies a person's title:
    /// `Russian` in `Russian President Vladimir Putin`, `Kremlin` in
    /// `Kremlin spokesman Ivan Sokolov`.
    fn is_title_modifier(&self, k: usize) -> bool {
        self.after_org(k).is_some_and(|(_, named)| named)
    }

    /// Skips, leftwards from token `j`, the title zone of a person
    /// (`North Korean leader`, `Russia's Defence Minister`).
    fn skip_title_zone_left(&self, mut j: usize) -> usize {
        let s = self.sent.tokens.start;
        for _ in 0..10 {
            if j <= s {
                break;
            }
            let t = j - 1;
            if let Some(k) = self.mention_ending_at(t) {
                if self.is_title_modifier(k) {
                    j = self.res.mentions[k].tokens.start;
                    continue;
                }
                break;
            }
            let w = self.words.lower(t);
            if self.words.is_possessive(t)
                || self.lex.titles.contains_key(w)
                || self.lex.words.title_words.contains(w)
            {
                j = t;
                continue;
            }
            break;
        }
        j
    }

    fn mention_ending_at(&self, t: usize) -> Option<usize> {
        let k = self.actor_at.get(t).copied().flatten()?;
        (self.res.mentions[k].tokens.end == t + 1).then_some(k)
    }

    fn mention_starting_at(&self, t: usize) -> Option<usize> {
        let k = self.actor_at.get(t).copied().flatten()?;
        (self.res.mentions[k].tokens.start == t).then_some(k)
    }

    fn node_type(&self, id: &str) -> Option<NodeType> {
        self.res.entities.get(id).map(|e| e.node_type)
    }

    /// A demonym or name used as a modifier of a noun that is not an actor
    /// noun (`Russian food`, `U.S.-led`), or of a title (`Kremlin spokesman`).
    fn is_modifier(&self, k: usize) -> bool {
        let m = &self.res.mentions[k];
        let next = m.tokens.end;
        if self.followed_by_actor_noun(k) || self.followed_by_bare_title(k) {
            return false;
        }
        if m.kind == MentionKind::Demonym {
            return true;
        }
        if matches!(m.kind, MentionKind::Pronoun | MentionKind::Description) {
            return false;
        }
        let w = self.words.get(next);
        if w == "-" {
            return true;
        }
        self.is_title_modifier(k)
    }

    /// `a Saudi spokesman declined`: a state or institution before a title
    /// with no name after it stands for itself.
    fn followed_by_bare_title(&self, k: usize) -> bool {
        self.after_org(k) == Some((true, false))
    }

    /// `U.S. officials`, `a top Russian diplomat`, `North Korea's military`.
    fn followed_by_actor_noun(&self, k: usize) -> bool {
        let m = &self.res.mentions[k];
        let mut j = m.tokens.end;
        if self.words.is_possessive(j) {
            j += 1;
        }
        for _ in 0..2 {
            let w = self.words.lower(j);
            if self.lex.actor_nouns.contains(w) {
                return true;
            }
            if !self.lex.words.actor_noun_modifiers.contains(w) {
                return false;
            }
            j += 1;
        }
        false
    }

    fn is_possessor(&self, k: usize) -> bool {
        let m = &self.res.mentions[k];
        self.words.is_possessive(m.tokens.end)
            || (m.kind == MentionKind::Pronoun
                && self
                    .lex
                    .words
                    .possessive_pronouns
                    .contains(self.words.lower(m.tokens.start)))
    }

    fn usable(&self, k: usize) -> bool {
        !self.ids[k].is_empty()
    }

    /// Actors coordinated to the left of mention `k` (`Both Moscow and
    /// Pyongyang`), with `k` itself.
    fn group_left(&self, k: usize) -> Group {
        let m = &self.res.mentions[k];
        let mut g = Group {
            ids: self.ids[k].clone(),
            start: m.tokens.start,
            end: m.tokens.end,
        };
        let mut j = self.skip_title_zone_left(m.tokens.start);
        while j > self.sent.tokens.start + 1 {
            if matches!(self.words.lower(j - 1), "the" | "a" | "an") {
                j -= 1;
                continue;
            }
            let w = self.words.lower(j - 1);
            if w != "and" && w != "," && w != "or" && w != "&" {
                break;
            }
            // A comma joins only inside a list that an `and` closes (`A, B
            // and C`), not `According to X, Y has …`.
            if w == "," && g.ids.len() < 2 {
                break;
            }
            // `North Korea—a long-time pariah state—and Russia`: skip an
            // apposition set off by dashes or commas.
            let mut before_and = j - 2;
            let close = self.words.get(before_and);
            if matches!(close, "—" | "–" | "," | ")") {
                let open = if close == ")" { "(" } else { close };
                if let Some(o) = (before_and
                    .saturating_sub(10)
                    .max(self.sent.tokens.start + 1)..before_and)
                    .rev()
                    .find(|&u| self.words.get(u) == open)
                {
                    before_and = o - 1;
                }
            }
            let Some(k2) = self.mention_ending_at(before_and) else {
                break;
            };
            if !self.usable(k2) || self.is_modifier(k2) {
                break;
            }
            g.ids.extend(self.ids[k2].iter().cloned());
            g.start = self.res.mentions[k2].tokens.start;
            j = self.skip_title_zone_left(g.start);
        }
        g.ids.dedup();
        g
    }

    /// Actors coordinated to the right of mention `k` (`with China and Russia`).
    fn group_right(&self, k: usize) -> Group {
        let m = &self.res.mentions[k];
        let mut g = Group {
            ids: self.ids[k].clone(),
            start: m.tokens.start,
            end: m.tokens.end,
        };
        let mut j = m.tokens.end;
        if self.words.is_possessive(j) {
            return g;
        }
        while j + 1 < self.sent.tokens.end {
            let w = self.words.lower(j);
            if w != "and" && w != "," && w != "or" && w != "with" && w != "&" {
                break;
            }
            let mut n = j + 1;
            if self.words.lower(n) == "and" {
                n += 1;
            }
            if self.mention_starting_at(n).is_none()
                && matches!(self.words.lower(n), "the" | "a" | "an")
            {
                n += 1;
            }
            let Some(mut k2) = self.mention_starting_at(n) else {
                break;
            };
            while self.is_title_modifier(k2) {
                let Some(k3) = (self.res.mentions[k2].tokens.end
                    ..(self.res.mentions[k2].tokens.end + 6).min(self.sent.tokens.end))
                    .find_map(|t| self.mention_starting_at(t))
                else {
                    break;
                };
                k2 = k3;
            }
            if !self.usable(k2) {
                break;
            }
            // After a bare comma, a list goes on (`A, B and C`); `A, B
            // said` is no list.
            let after = self.words.lower(self.res.mentions[k2].tokens.end);
            if n == j + 1 && w == "," && !matches!(after, "," | "and" | "or" | "&") {
                break;
            }
            g.ids.extend(self.ids[k2].iter().cloned());
            g.end = self.res.mentions[k2].tokens.end;
            j = g.end;
        }
        g.ids.dedup();
        g
    }
}

/// Reads the facts of one resolved document.
pub fn extract(
    doc_id: &str,
    text: &str,
    seg: &Segmented,
    lex: &Lexicon,
    res: &Resolved,
) -> Vec<Fact> {
    let ids = actor_ids(res);
    let actor_at = actor_tokens(seg, res, &ids);
    let by_sentence = mentions_by_sentence(seg, res);
    let mut facts: Vec<Fact> = Vec::new();
    let Some(first) = seg.sentences.first() else {
        return facts;
    };
    let mut ctx = Ctx {
        words: Words::new(text, seg),
        lex,
        res,
        actor_at,
        ids,
        sent: first,
        trigger_tokens: BTreeSet::new(),
    };
    // How often the document has linked each pair of actors so far.
    let mut pairs = PairCounts::default();
    for sent in seg.sentences.iter().filter(|s| !s.headline) {
        ctx.sent = sent;
        ctx.trigger_tokens = trigger_tokens(&ctx.words, lex, sent);
        let here = by_sentence[sent.index].clone();
        let sentence_facts = read_sentence_with_plurals(&mut ctx, doc_id, here, &pairs);
        // A run-on sentence may give one fact many times, each with the
        // sentence's text: keep it once, as the final dedup would.
        let mut kept: Vec<Fact> = Vec::with_capacity(sentence_facts.len());
        for (_, f) in sentence_facts {
            pairs.add(&ctx, &f);
            kept.push(f);
        }
        kept.sort();
        kept.dedup();
        facts.extend(kept);
    }
    facts.extend(title_facts(doc_id, text, seg, res));
    facts.extend(part_of_facts(doc_id, text, seg, lex, res));
    // No fact starts or ends at a place (a title may still name one:
    // `the Lagos governor`).
    let place = |id: &str| {
        res.entities
            .get(id)
            .is_some_and(|e| e.node_type == NodeType::Place)
    };
    facts.retain(|f| f.source != f.target && !place(&f.source) && !place(&f.target));
    facts.sort();
    facts.dedup();
    facts
}

/// The ids of each mention as an actor: places are nodes but no actors,
/// so their mentions read as unresolved.
fn actor_ids(res: &Resolved) -> Vec<Vec<String>> {
    res.mentions
        .iter()
        .map(|m| {
            let place = m.entities.iter().any(|id| {
                res.entities
                    .get(id)
                    .is_some_and(|e| e.node_type == NodeType::Place)
            });
            if place {
                Vec::new()
            } else {
                m.entities.clone()
            }
        })
        .collect()
}

/// For each token, the first mention covering it that can stand for an
/// actor: a resolved one, a description, or `we`.
fn actor_tokens(seg: &Segmented, res: &Resolved, ids: &[Vec<String>]) -> Vec<Option<usize>> {
    let mut actor_at = vec![None; seg.tokens.len()];
    for (k, m) in res.mentions.iter().enumerate() {
        let we = matches!(m.text.to_lowercase().as_str(), "we" | "our" | "us");
        if !ids[k].is_empty()
            || m.kind == MentionKind::Description
            || (m.kind == MentionKind::Pronoun && we)
        {
            for t in m.tokens.clone() {
                if actor_at[t].is_none() {
                    actor_at[t] = Some(k);
                }
            }
        }
    }
    actor_at
}

/// The mentions of each sentence, as one range (mentions are in document
/// order).
fn mentions_by_sentence(seg: &Segmented, res: &Resolved) -> Vec<Range<usize>> {
    let mut by_sentence = vec![0..0; seg.sentences.len()];
    for (k, m) in res.mentions.iter().enumerate() {
        let r = &mut by_sentence[m.sentence];
        if r.start == r.end {
            *r = k..k + 1;
        } else {
            r.end = k + 1;
        }
    }
    by_sentence
}

/// Reads the sentence of `ctx` whose mentions are `here`. Plural
/// descriptions (`the two countries`, `the two leaders`) take the pair of
/// that type that the document has linked most often so far, the latest
/// on a tie; a first reading of the sentence lets a pair met earlier in
/// the same sentence count. Pronouns inside what a speaker said take the
/// speaker.
fn read_sentence_with_plurals(
    ctx: &mut Ctx,
    doc_id: &str,
    here: Range<usize>,
    pairs: &PairCounts,
) -> Vec<(usize, Fact)> {
    let res = ctx.res;
    let plural: Vec<(usize, usize, NodeType)> = here
        .clone()
        .filter_map(|k| {
            let m = &res.mentions[k];
            let noun = m.text.rsplit(' ').next().unwrap_or("").to_lowercase();
            let ty = ctx.lex.plural_nouns.get(&noun).copied();
            ty.filter(|_| m.kind == MentionKind::Description && m.entities.is_empty())
                .map(|ty| (k, m.tokens.start, ty))
        })
        .collect();
    let mut sentence_facts: Vec<(usize, Fact)> = Vec::new();
    for round in 0..2 {
        // The first reading leaves the descriptions unresolved, so its
        // facts are evidence for their referents; the second uses them.
        for &(k, at, ty) in plural.iter().filter(|_| round == 1) {
            let prefix = sentence_facts
                .iter()
                .filter(|(t, _)| *t < at)
                .map(|(_, f)| f);
            if let Some((a, b)) = pairs.best(ctx, prefix, ty).or_else(|| last_two(ctx, k, ty)) {
                ctx.ids[k] = vec![a, b];
            }
        }
        let speakers = find_speakers(ctx);
        for k in here.clone() {
            let m = &res.mentions[k];
            if m.entities.is_empty() && m.kind == MentionKind::Pronoun {
                if let Some(sp) = speaker_for(&speakers, m.tokens.start) {
                    ctx.ids[k] = vec![sp];
                }
            }
        }
        sentence_facts.clear();
        read_sentence(ctx, doc_id, &speakers, &mut sentence_facts);
        if plural.is_empty() || round == 1 {
            break;
        }
    }
    sentence_facts
}

/// The affiliations the titles gave, as facts.
fn title_facts(doc_id: &str, text: &str, seg: &Segmented, res: &Resolved) -> Vec<Fact> {
    res.affiliations
        .iter()
        .filter(|a| a.person != a.organisation)
        .map(|a| Fact {
            source: a.person.clone(),
            relation: a.title.relation.clone(),
            target: a.organisation.clone(),
            role: Some(a.title.role.clone()),
            evidence: evidence(
                doc_id,
                text,
                &seg.sentences[a.sentence],
                Certainty::Asserted,
                None,
            ),
        })
        .collect()
}

/// Institutions belong to the state or body the lexicon ties them to, when
/// the document names that parent too, else the nearest of the parent's
/// own parents it names (the lower house → the congress → the state), at
/// the first mention of each.
fn part_of_facts(
    doc_id: &str,
    text: &str,
    seg: &Segmented,
    lex: &Lexicon,
    res: &Resolved,
) -> Vec<Fact> {
    let mut facts = Vec::new();
    let mut seen = BTreeSet::new();
    for m in &res.mentions {
        let Some(id) = m.entities.first() else {
            continue;
        };
        if m.entities.len() != 1 || !seen.insert(id.clone()) {
            continue;
        }
        // A party's state in the lexicon says where it runs, not that the
        // state owns it: no `part_of`.
        let party = res
            .entities
            .get(id)
            .is_some_and(|e| e.attributes.get("kind").is_some_and(|k| k == "party"));
        if party {
            continue;
        }
        let parent = res
            .entities
            .get(id)
            .and_then(|e| e.attributes.get("part_of"))
            .and_then(|p| named_ancestor(lex, res, p))
            .or_else(|| leading_body(lex, res, id));
        if let Some(parent) = parent {
            let sent = &seg.sentences[m.sentence];
            facts.push(Fact {
                source: id.clone(),
                relation: "part_of".into(),
                target: parent.clone(),
                role: None,
                evidence: evidence(doc_id, text, sent, Certainty::Asserted, None),
            });
        }
    }
    facts
}

/// `House Rules Committee`, `Senate Ethics Committee`: an organisation
/// whose name starts with the word by which the document names another
/// institution, and ends in an organisation's head word, is part of it.
fn leading_body<'a>(lex: &Lexicon, res: &'a Resolved, id: &str) -> Option<&'a String> {
    let label = &res.entities.get(id)?.label;
    let (first, rest) = label.split_once(' ')?;
    let last = rest.rsplit(' ').next()?;
    if !lex.org_words.contains_key(last) {
        return None;
    }
    res.mentions
        .iter()
        .filter(|m| m.text == first)
        .find_map(|m| match m.entities.as_slice() {
            [one] if one != id => res
                .entities
                .get(one)
                .filter(|e| e.node_type == NodeType::Institution)
                .map(|_| one),
            _ => None,
        })
}

/// `parent` if the document names it, else the first of its ancestors in
/// the lexicon that the document names (at most four steps up).
fn named_ancestor<'a>(lex: &'a Lexicon, res: &Resolved, parent: &'a String) -> Option<&'a String> {
    let mut cur = parent;
    for _ in 0..4 {
        if res.entities.contains_key(cur) {
            return Some(cur);
        }
        cur = lex.entity(cur)?.attributes.get("part_of")?;
    }
    None
}

/// The last two distinct actors of a type named before mention `k` (not as
/// modifiers), when no fact links a pair yet.
fn last_two(ctx: &Ctx, k: usize, ty: NodeType) -> Option<(String, String)> {
    let mut found: Vec<&String> = Vec::new();
    for j in (k.saturating_sub(200)..k).rev() {
        let m = &ctx.res.mentions[j];
        if m.kind == MentionKind::Description || m.entities.len() != 1 {
            continue;
        }
        let id = &m.entities[0];
        let of_type = match ctx.node_type(id) {
            Some(t) if t == ty => true,
            // `Brazilian President Lula` names Brazil as a modifier only.
            _ => false,
        };
        if of_type && m.kind != MentionKind::Demonym && !found.contains(&id) {
            found.push(id);
            if found.len() == 2 {
                let (a, b) = (found[1].clone(), found[0].clone());
                return Some(if a < b { (a, b) } else { (b, a) });
            }
        }
    }
    None
}

/// The pairs of actors that a document's facts link, counted as they come.
#[derive(Default)]
struct PairCounts {
    /// (type, pair) -> (count, order of the latest fact).
    counts: foldhash::HashMap<(NodeType, String, String), (usize, usize)>,
    seen: usize,
}

impl PairCounts {
    fn add(&mut self, ctx: &Ctx, f: &Fact) {
        self.seen += 1;
        for ty in [NodeType::State, NodeType::Person] {
            if let Some((a, b)) = pair_of(ctx, f, ty) {
                let e = self.counts.entry((ty, a, b)).or_insert((0, 0));
                e.0 += 1;
                e.1 = self.seen;
            }
        }
    }

    /// The latest pair met earlier in the same sentence, else the pair the
    /// document links most often (the latest on a tie).
    fn best<'f>(
        &self,
        ctx: &Ctx,
        sentence: impl Iterator<Item = &'f Fact>,
        ty: NodeType,
    ) -> Option<(String, String)> {
        if let Some(p) = sentence.filter_map(|f| pair_of(ctx, f, ty)).last() {
            return Some(p);
        }
        self.counts
            .iter()
            .filter(|((t, _, _), _)| *t == ty)
            .max_by(|a, b| a.1.cmp(b.1))
            .map(|((_, a, b), _)| (a.clone(), b.clone()))
    }
}

/// The two actors of a fact as a pair of the given type, in order. A
/// person counts as the state they serve when states are wanted
/// (`Roe visited Peru`, Roe being Chile's minister, links Chile and Peru).
fn pair_of(ctx: &Ctx, f: &Fact, ty: NodeType) -> Option<(String, String)> {
    if matches!(f.relation.as_str(), "part_of" | "member_of" | "leads") {
        return None;
    }
    let as_type = |id: &str| -> Option<String> {
        match ctx.node_type(id) {
            Some(t) if t == ty => Some(id.to_string()),
            Some(NodeType::Person) if ty == NodeType::State => {
                org_of(ctx, id).filter(|o| ctx.node_type(o) == Some(NodeType::State))
            }
            _ => None,
        }
    };
    let (a, b) = (as_type(&f.source)?, as_type(&f.target)?);
    match a.cmp(&b) {
        std::cmp::Ordering::Less => Some((a, b)),
        std::cmp::Ordering::Greater => Some((b, a)),
        std::cmp::Ordering::Equal => None,
    }
}

/// The tokens of a sentence that belong to multi-word triggers.
fn trigger_tokens(words: &Words, lex: &Lexicon, sent: &Sentence) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for i in sent.tokens.clone() {
        let Some(list) = lex.triggers.get(words.lower(i)) else {
            continue;
        };
        for &p in list {
            let pat = &lex.patterns[p];
            let len = pat.words.len();
            if len > 1
                && i + len <= sent.tokens.end
                && (0..len).all(|k| words.lower(i + k) == pat.words[k])
            {
                out.extend(i..i + len);
                break;
            }
        }
    }
    out
}

pub(super) fn evidence(
    doc: &str,
    text: &str,
    sent: &Sentence,
    certainty: Certainty,
    speaker: Option<String>,
) -> Evidence {
    Evidence {
        document: doc.to_string(),
        sentence: sent.index,
        start: sent.start,
        end: sent.end,
        text: text[sent.byte_start..sent.byte_end].to_string(),
        certainty,
        attributed_to: speaker,
    }
}

/// A speech act in a sentence: the speaker and the token range of what
/// they said.
#[derive(Clone, Debug)]
struct Speech {
    speaker: String,
    content: std::ops::Range<usize>,
}

fn speaker_for(speakers: &[Speech], token: usize) -> Option<String> {
    speakers
        .iter()
        .find(|s| s.content.contains(&token))
        .map(|s| s.speaker.clone())
}

/// True for words that may stand between a speaker and a speech verb:
/// auxiliaries, titles and role nouns, determiners.
fn speaker_filler(ctx: &Ctx, w: &str) -> bool {
    ctx.lex.words.before_verb.contains(w)
        || ctx.lex.titles.contains_key(w)
        || ctx.lex.actor_nouns.contains(w)
        || ctx.lex.words.speaker_fillers.contains(w)
}

/// Finds `X said (that) …`, `“…,” X said`, `…, said X`, `…, X said,
/// adding that …` and `according to X`.
fn find_speakers(ctx: &Ctx) -> Vec<Speech> {
    let s = ctx.sent.tokens.clone();
    let mut out: Vec<Speech> = Vec::new();
    let mut i = s.start;
    while i < s.end {
        let w = ctx.words.lower(i);
        if w == "according" && ctx.words.lower(i + 1) == "to" {
            out.extend(according_to(ctx, i));
            i += 2;
            continue;
        }
        if ctx.lex.cues.get(w) != Some(&CueKind::Speech) {
            i += 1;
            continue;
        }
        // `…, telling reporters that …`, `Reed said, adding that …`: a
        // participle takes the speaker of the clause before it.
        if w.ends_with("ing") && i > s.start && ctx.words.get(i - 1) == "," {
            let speaker = out
                .last()
                .map(|sp| sp.speaker.clone())
                .or_else(|| first_subject(ctx, i));
            if let Some(speaker) = speaker {
                out.push(Speech {
                    speaker,
                    content: i + 1..s.end,
                });
            }
            i += 1;
            continue;
        }
        // `X urged Y …, and said (that) …`: the speaker is the subject of
        // the first verb.
        if i > s.start && matches!(ctx.words.lower(i - 1), "and" | "but") {
            if let Some(speaker) = first_subject(ctx, i) {
                out.push(Speech {
                    speaker,
                    content: i + 1..s.end,
                });
            }
            i += 1;
            continue;
        }
        out.extend(speech_at(ctx, i));
        i += 1;
    }
    out
}

/// `according to X`, with `according` at token `i`: what X said is the
/// rest of the sentence after X's phrase when the sentence opens with it,
/// else what stands before it.
fn according_to(ctx: &Ctx, i: usize) -> Option<Speech> {
    let s = ctx.sent.tokens.clone();
    let mut j = i + 2;
    while j < s.end && j < i + 8 {
        if let Some(k) = ctx.mention_starting_at(j).filter(|&k| ctx.usable(k)) {
            let k = skip_title_modifiers(ctx, k);
            let m = &ctx.res.mentions[k];
            let mut end = m.tokens.end;
            while end < s.end && ctx.words.get(end) != "," {
                end += 1;
            }
            let content = if i <= s.start + 1 {
                end..s.end
            } else {
                s.start..i
            };
            return Some(Speech {
                speaker: ctx.ids[k][0].clone(),
                content,
            });
        }
        if ctx.words.get(j) == "," {
            break;
        }
        j += 1;
    }
    None
}

/// The speech of the speech verb at token `i`, with its speaker to the
/// left or (after a quote or a clause) to the right.
fn speech_at(ctx: &Ctx, i: usize) -> Option<Speech> {
    let s = ctx.sent.tokens.clone();
    // `X is said to have …`: hearsay, no one speaking (`he's said` is
    // `he has said`).
    let before = ctx.words.lower(i.saturating_sub(1));
    if i > s.start && before != "'s" && ctx.lex.words.be_forms.contains(before) {
        return None;
    }
    let (k, left) = match speaker_left(ctx, i) {
        Some(k) => (k, true),
        None => (speaker_right(ctx, i)?, false),
    };
    let m = &ctx.res.mentions[k];
    let speaker_start = m.tokens.start.min(i);
    // What was said: after the verb when it is followed by `that`, a
    // colon or a quote, or when nothing stands before the speaker;
    // before the speaker otherwise.
    let next = ctx.words.lower(i + 1);
    let opens_after = matches!(next, "that" | ":" | "“" | "\"" | "‘");
    let before_has_content = (s.start..speaker_start)
        .any(|t| ctx.actor_at[t].is_some() || ctx.lex.triggers.contains_key(ctx.words.lower(t)));
    let content = if left && (opens_after || !before_has_content) {
        i + 1..s.end
    } else {
        s.start..speaker_start
    };
    Some(Speech {
        speaker: ctx.ids[k][0].clone(),
        content,
    })
}

/// The speaker to the left of the speech verb at token `i`: `Reed
/// said`, `the U.S. official added`, `Tom Reed, a defence analyst,
/// told`.
fn speaker_left(ctx: &Ctx, i: usize) -> Option<usize> {
    let s = ctx.sent.tokens.clone();
    let mut j = i;
    let mut steps = 0;
    while j > s.start && steps < 16 {
        steps += 1;
        let t = j - 1;
        if let Some(k) = ctx.mention_ending_at(t) {
            let m = &ctx.res.mentions[k];
            let ok = ctx.usable(k)
                && !ctx.oblique(m.tokens.start)
                && (!ctx.is_possessor(k) || ctx.is_title_modifier(k))
                && (!ctx.is_modifier(k)
                    || ctx.followed_by_actor_noun(k)
                    || ctx.is_title_modifier(k));
            return ok.then_some(k);
        }
        let tw = ctx.words.lower(t);
        if speaker_filler(ctx, tw) {
            j = t;
            continue;
        }
        // An apposition between commas: `X, a defence analyst, said`.
        if tw == "," {
            let open = (t.saturating_sub(10).max(s.start)..t)
                .rev()
                .find(|&u| ctx.words.get(u) == ",");
            if let Some(o) = open {
                let first = ctx.words.lower(o + 1);
                if matches!(first, "a" | "an" | "the") || ctx.lex.titles.contains_key(first) {
                    j = o;
                    continue;
                }
            }
        }
        return None;
    }
    None
}

/// The speaker to the right of the speech verb at token `i`, after a quote
/// or a clause: `…, said Tom Reed`; not `said he would`, where
/// `he` opens what was said. A title's state or institution passes the
/// speaking to the resolved actor it qualifies.
fn speaker_right(ctx: &Ctx, i: usize) -> Option<usize> {
    let s = ctx.sent.tokens.clone();
    let after_clause = i > s.start && matches!(ctx.words.get(i - 1), "," | "”" | "\"" | "’" | "'");
    if !after_clause {
        return None;
    }
    let mut j = i + 1;
    while j < s.end && j < i + 6 {
        if let Some(k) = ctx.mention_starting_at(j) {
            if !ctx.usable(k) {
                return None;
            }
            let mut k = k;
            while ctx.is_title_modifier(k) {
                let end = ctx.res.mentions[k].tokens.end;
                match (end..(end + 5).min(s.end)).find_map(|t| ctx.mention_starting_at(t)) {
                    // Only onto an actor that resolved.
                    Some(k2) if ctx.usable(k2) => k = k2,
                    _ => break,
                }
            }
            return Some(k);
        }
        if !speaker_filler(ctx, ctx.words.lower(j)) {
            return None;
        }
        j += 1;
    }
    None
}

/// The first actor of a sentence that is a subject: not oblique, not a
/// possessor or modifier.
fn first_subject(ctx: &Ctx, before: usize) -> Option<String> {
    (ctx.sent.tokens.start..before).find_map(|t| {
        let k = ctx.mention_starting_at(t)?;
        let m = &ctx.res.mentions[k];
        let ok = ctx.usable(k)
            && !ctx.oblique(m.tokens.start)
            && !ctx.is_possessor(k)
            && !ctx.is_modifier(k);
        ok.then(|| ctx.ids[k][0].clone())
    })
}

/// Reads every trigger of a sentence into `out`, each fact with the token
/// where its trigger starts.
fn read_sentence(ctx: &Ctx, doc: &str, speakers: &[Speech], out: &mut Vec<(usize, Fact)>) {
    let s = ctx.sent.tokens.clone();
    let mut i = s.start;
    while i < s.end {
        let w = ctx.words.lower(i);
        let Some(list) = ctx.lex.triggers.get(w) else {
            i += 1;
            continue;
        };
        // The longest trigger that matches here.
        let Some(len) = list
            .iter()
            .map(|&p| &ctx.lex.patterns[p])
            .filter(|pat| {
                i + pat.words.len() <= s.end
                    && (0..pat.words.len()).all(|k| ctx.words.lower(i + k) == pat.words[k])
            })
            .map(|pat| pat.words.len())
            .max()
        else {
            i += 1;
            continue;
        };
        // Every pattern with these words gets a chance (a noun and a verb
        // reading of `supplies`); the first that finds arguments wins. The
        // verb reading goes first when an actor or a determiner follows.
        let next = ctx.words.lower(i + len);
        let verb_first =
            ctx.mention_starting_at(i + len).is_some() || ctx.lex.words.determiners.contains(next);
        let mut order: Vec<&Pattern> = list
            .iter()
            .map(|&p| &ctx.lex.patterns[p])
            .filter(|pat| {
                pat.words.len() == len && (0..len).all(|k| ctx.words.lower(i + k) == pat.words[k])
            })
            .collect();
        order.sort_by_key(|pat| (pat.kind == PatternKind::Noun) == verb_first);
        let mut found = Vec::new();
        for pat in order {
            read_trigger(ctx, doc, speakers, pat, i, i + len, out, &mut found);
            if !found.is_empty() {
                break;
            }
        }
        out.extend(found.into_iter().map(|f| (i, f)));
        i += len;
    }
}

/// The arguments of one trigger occurrence, as they are found.
#[derive(Default)]
struct Args {
    sources: Option<Group>,
    targets: Option<Group>,
    /// The source is the trigger noun's possessor or modifier.
    from_modifier: bool,
    /// The object came after `between` (`talks between X and Y`).
    between: bool,
    /// Where a noun's `by` agent ends: its object comes after.
    agent_end: Option<usize>,
}

/// The first token at or after `a` that is not one of `skip` (determiners
/// before an agent or an object).
fn skip_words(ctx: &Ctx, mut a: usize, skip: &[&str]) -> usize {
    while a < ctx.sent.tokens.end && skip.contains(&ctx.words.lower(a)) {
        a += 1;
    }
    a
}

/// Finds the arguments of one trigger occurrence and pushes its facts.
#[allow(clippy::too_many_arguments)]
fn read_trigger(
    ctx: &Ctx,
    doc: &str,
    speakers: &[Speech],
    pat: &Pattern,
    t0: usize,
    t1: usize,
    sentence: &[(usize, Fact)],
    facts: &mut Vec<Fact>,
) {
    // A trigger inside an actor's name (`Radio Free Asia`) is no trigger.
    if ctx.actor_at[t0].is_some() {
        return;
    }
    if pat.kind == PatternKind::Threat {
        threat_facts(ctx, doc, speakers, pat, t0, facts);
        return;
    }
    let by_at = passive_agent(ctx, pat, t0, t1);
    let mut args = if pat.kind == PatternKind::Noun {
        noun_sources(ctx, pat, t0, t1)
    } else {
        verb_arguments(ctx, pat, t0, t1, by_at)
    };
    let subject_start = args.sources.as_ref().map_or(t0, |g| g.start.min(t0));
    find_targets(ctx, pat, t1, by_at.is_some(), &mut args);
    if pat.has("goods") && !names_goods(ctx, t1, &args.targets) {
        return;
    }
    special_targets(ctx, pat, t1, sentence, &mut args);
    // Sanctions are imposed by states and institutions: a person's
    // sanctions are those of the state they serve.
    if pat.relation == "sanctions" {
        if let Some(g) = args.sources.as_mut() {
            g.ids = g.ids.iter().filter_map(|id| org_of(ctx, id)).collect();
        }
    }
    let speaker = speaker_for(speakers, t0);
    let certainty = certainty(ctx, pat, subject_start, t0, args.from_modifier);
    let ev = evidence(doc, ctx.words.text, ctx.sent, certainty, speaker);
    push_facts(facts, pat, args, ev);
}

/// A threat (`will pay a price`): the speaker warns the one who will pay.
fn threat_facts(
    ctx: &Ctx,
    doc: &str,
    speakers: &[Speech],
    pat: &Pattern,
    t0: usize,
    facts: &mut Vec<Fact>,
) {
    let Some(sp) = speaker_for(speakers, t0) else {
        return;
    };
    if let Some(g) = find_subject(ctx, t0, pat) {
        let ev = evidence(
            doc,
            ctx.words.text,
            ctx.sent,
            Certainty::Asserted,
            Some(sp.clone()),
        );
        for target in &g.ids {
            push(facts, &sp, &pat.relation, target, ev.clone());
        }
    }
}

/// A passive: a form of `be` (and adverbs) before a verb trigger, `by`
/// and the agent after, possibly behind the object (`delivered to Kyiv by
/// Paris`). Returns the token of `by`.
fn passive_agent(ctx: &Ctx, pat: &Pattern, t0: usize, t1: usize) -> Option<usize> {
    let s = ctx.sent.tokens.clone();
    if !matches!(pat.kind, PatternKind::Verb | PatternKind::Phrase) || !is_passive_aux(ctx, t0) {
        return None;
    }
    (t1..s.end.min(t1 + 8))
        .find(|&t| ctx.words.lower(t) == "by")
        .filter(|&t| {
            let a = skip_words(ctx, t + 1, &["the", "both", "a", "an"]);
            ctx.mention_starting_at(a).is_some()
        })
}

/// The source of a noun trigger: its possessor or modifier (`Russia's
/// invasion`), an agent after `by` or `from` (`a visit by Turkey's
/// president to Baku`, `accusations from Washington that …`), or the
/// clause subject where the pattern allows it.
fn noun_sources(ctx: &Ctx, pat: &Pattern, t0: usize, t1: usize) -> Args {
    let mut args = Args::default();
    if let Some(m) = modifier_before(ctx, t0) {
        args.sources = Some(ctx.group_left(m));
        args.from_modifier = true;
    }
    if args.sources.is_none() && matches!(ctx.words.lower(t1), "by" | "from") {
        let a = skip_words(ctx, t1 + 1, &["the", "a", "an"]);
        if let Some(k) = ctx.mention_starting_at(a).filter(|&k| ctx.usable(k)) {
            let k = skip_title_modifiers(ctx, k);
            let g = ctx.group_right(k);
            args.agent_end = Some(g.end);
            args.sources = Some(g);
        }
    }
    if args.sources.is_none() && matches!(pat.subject, SubjectRule::Left | SubjectRule::Both) {
        args.sources = find_subject(ctx, t0, pat);
    }
    args
}

/// The source of a verb or phrase trigger: the subject, or in the passive
/// the agent after `by` (`denied by both Moscow and Pyongyang`), which
/// acts on the subject or on an object behind a preposition.
fn verb_arguments(ctx: &Ctx, pat: &Pattern, t0: usize, t1: usize, by_at: Option<usize>) -> Args {
    let mut args = Args::default();
    let Some(by) = by_at else {
        // `X was transferred to Y` with no agent: X is what was acted on.
        if pat.kind != PatternKind::Verb || !is_passive_aux(ctx, t0) {
            args.sources = find_subject(ctx, t0, pat);
        }
        return args;
    };
    let a = skip_words(ctx, by + 1, &["the", "both", "a", "an"]);
    if let Some(k) = ctx.mention_starting_at(a) {
        args.sources = Some(ctx.group_right(skip_title_modifiers(ctx, k)));
    }
    if !pat.has("deny") {
        args.targets = find_object(ctx, t1, pat)
            .filter(|(_, prep)| !prep.is_empty() && prep != "by")
            .map(|(g, _)| g)
            .or_else(|| passive_subject(ctx, t0));
    }
    args
}

/// The target of a trigger not found yet: the object of an active one;
/// for a `that` pattern the subject of the clause after `that`
/// (`allegations that North Korea had provided …`, `proposed that X
/// join`); for an `object_subject` noun read with its modifier, the clause
/// subject (`subject to United Nations sanctions`).
fn find_targets(ctx: &Ctx, pat: &Pattern, t1: usize, passive: bool, args: &mut Args) {
    let s = ctx.sent.tokens.clone();
    let after = args.agent_end.unwrap_or(t1);
    if args.targets.is_none() && !passive {
        if let Some((g, prep)) = find_object(ctx, after, pat) {
            args.between = prep == "between";
            args.targets = Some(g);
        }
    }
    if pat.has("that") && args.targets.is_none() && ctx.words.lower(after) == "that" {
        if let Some(k) = (after + 1..s.end.min(after + 4)).find_map(|t| ctx.mention_starting_at(t))
        {
            if ctx.usable(k) && !ctx.is_modifier(k) {
                args.targets = Some(ctx.group_right(k));
            }
        }
    }
    if pat.has("object_subject") && args.targets.is_none() && args.from_modifier {
        let src = args.sources.clone().unwrap_or_default();
        let mut j = src.start;
        while j > s.start {
            j -= 1;
            if let Some(k) = ctx.mention_ending_at(j) {
                let m = &ctx.res.mentions[k];
                if ctx.usable(k)
                    && !src.ids.contains(&ctx.ids[k][0])
                    && !ctx.oblique(m.tokens.start)
                    && (!ctx.is_modifier(k) || ctx.is_possessor(k))
                {
                    args.targets = Some(ctx.group_left(k));
                    break;
                }
                j = m.tokens.start;
            }
        }
    }
}

/// Whether a goods noun (`send troops`, `give drones`) stands after the
/// trigger, up to a little past its object.
fn names_goods(ctx: &Ctx, t1: usize, targets: &Option<Group>) -> bool {
    let end = targets
        .as_ref()
        .map(|g| g.end + 8)
        .unwrap_or(t1 + 6)
        .min(ctx.sent.tokens.end);
    (t1..end).any(|t| ctx.lex.goods.contains(ctx.words.lower(t)))
}

/// Targets some triggers find elsewhere: whom a denial answers, and whose
/// claims a spokesman declined to comment on.
fn special_targets(
    ctx: &Ctx,
    pat: &Pattern,
    t1: usize,
    sentence: &[(usize, Fact)],
    args: &mut Args,
) {
    let s = ctx.sent.tokens.clone();
    // `Both Moscow and Pyongyang denied their existence`: a denial whose
    // object is one of its own subjects is the parties denying each other.
    let self_object = match (&args.sources, &args.targets) {
        (Some(src), Some(tgt)) => src.ids.len() > 1 && tgt.ids.iter().all(|t| src.ids.contains(t)),
        _ => false,
    };
    if pat.has("deny") && (args.targets.is_none() || self_object) {
        args.targets = deny_target(ctx, sentence, &args.sources, t1);
    }
    // `Asked about the Iranian allegations, a Saudi spokesman declined to
    // comment`: whose claims go uncommented is named before the subject.
    let asked = ctx
        .lex
        .words
        .question_verbs
        .contains(ctx.words.lower(s.start));
    if pat.relation == "declines_comment" && args.targets.is_none() && asked {
        if let Some(src) = &args.sources {
            args.targets = (s.start..src.start).rev().find_map(|t| {
                let k = ctx.mention_ending_at(t)?;
                let id = ctx.ids[k].first()?;
                (!src.ids.contains(id)).then(|| Group {
                    ids: vec![id.clone()],
                    start: t,
                    end: t + 1,
                })
            });
        }
    }
}

/// The facts of a trigger with its arguments: every source with every
/// target; a mutual relation (`negotiations between X and Y`, or `X and Y
/// are negotiating`) pairs the members of one group.
fn push_facts(facts: &mut Vec<Fact>, pat: &Pattern, args: Args, ev: Evidence) {
    if args.between || (args.targets.is_none() && pat.has("mutual")) {
        let group = if args.between {
            args.targets
        } else {
            args.sources
        };
        if let Some(g) = group {
            let ids: Vec<&String> = g.ids.iter().collect::<BTreeSet<_>>().into_iter().collect();
            for a in 0..ids.len() {
                for b in a + 1..ids.len() {
                    push(facts, ids[a], &pat.relation, ids[b], ev.clone());
                }
            }
        }
        return;
    }
    let (Some(src), Some(tgt)) = (args.sources, args.targets) else {
        return;
    };
    for a in &src.ids {
        for b in &tgt.ids {
            push(facts, a, &pat.relation, b, ev.clone());
        }
    }
}

/// The subject of a passive: the first actor of its clause, a possessor
/// included (`Israel's settlement plan was condemned by …` targets Israel).
fn passive_subject(ctx: &Ctx, t0: usize) -> Option<Group> {
    let s = ctx.sent.tokens.start;
    let clause = (s..t0)
        .rev()
        .find(|&t| {
            matches!(
                ctx.words.lower(t),
                "," | ";" | ":" | "that" | "which" | "who" | "while" | "but"
            )
        })
        .map(|t| t + 1)
        .unwrap_or(s);
    (clause..t0).find_map(|t| {
        let k = ctx.mention_starting_at(t)?;
        if !ctx.usable(k) || ctx.is_title_modifier(k) || ctx.oblique(t) {
            return None;
        }
        Some(ctx.group_right(k))
    })
}

/// The person a title modifier qualifies (`Turkey's President Erdogan`).
fn skip_title_modifiers(ctx: &Ctx, mut k: usize) -> usize {
    while ctx.is_title_modifier(k) {
        let end = ctx.res.mentions[k].tokens.end;
        // Only onto an actor that resolved: callers take its id.
        match (end..(end + 6).min(ctx.sent.tokens.end)).find_map(|t| ctx.mention_starting_at(t)) {
            Some(k2) if ctx.usable(k2) => k = k2,
            _ => break,
        }
    }
    k
}

/// A form of `be` before a trigger, with adverbs between: `was denied`,
/// `has been repeatedly condemned`.
fn is_passive_aux(ctx: &Ctx, t0: usize) -> bool {
    let mut j = t0;
    while j > ctx.sent.tokens.start {
        let w = ctx.words.lower(j - 1);
        if ctx.lex.words.be_forms.contains(w) {
            return true;
        }
        if !ctx.lex.words.passive_adverbs.contains(w) {
            return false;
        }
        j -= 1;
    }
    false
}

/// The state or institution an actor acts for: itself, or for a person the
/// state of the organisation their title ties them to.
fn org_of(ctx: &Ctx, id: &str) -> Option<String> {
    if ctx.node_type(id) != Some(NodeType::Person) {
        return Some(id.to_string());
    }
    let a = ctx.res.affiliations.iter().find(|a| a.person == id)?;
    Some(
        ctx.lex
            .state_of(&a.organisation)
            .unwrap_or(&a.organisation)
            .to_string(),
    )
}

fn push(facts: &mut Vec<Fact>, source: &str, relation: &str, target: &str, evidence: Evidence) {
    if source == target || source.is_empty() || target.is_empty() {
        return;
    }
    facts.push(Fact {
        source: source.to_string(),
        relation: relation.to_string(),
        target: target.to_string(),
        role: None,
        evidence,
    });
}

/// A possessor or modifier just before a noun trigger, with at most two
/// words between (`Russia's war`, `U.S. allegations`, `its ongoing war`,
/// `previous U.S. allegations`).
fn modifier_before(ctx: &Ctx, t0: usize) -> Option<usize> {
    let s = ctx.sent.tokens.start;
    let mut j = t0;
    let mut gap = 0;
    while j > s && gap <= 2 {
        let t = j - 1;
        if ctx.words.is_possessive(t) {
            j = t;
            continue;
        }
        if let Some(k) = ctx.mention_ending_at(t) {
            let m = &ctx.res.mentions[k];
            let subject_pronoun = m.kind == MentionKind::Pronoun && !ctx.is_possessor(k);
            return (ctx.usable(k) && !subject_pronoun).then_some(k);
        }
        let w = ctx.words.lower(t);
        if !ctx.words.is_word(t) && w != "-"
            || ctx.lex.words.prepositions.contains(w)
            || ctx.lex.words.before_verb.contains(w)
            || ctx.lex.words.subordinators.contains(w)
            || matches!(w, "the" | "a" | "an" | "and" | "or")
            || ctx.lex.triggers.contains_key(w)
            || ctx.lex.cues.get(w).is_some_and(|c| *c == CueKind::Speech)
        {
            return None;
        }
        gap += 1;
        j = t;
    }
    None
}

/// The subject of a trigger: the nearest actor to the left that is not an
/// oblique argument, a possessor or a modifier, with its coordinated
/// actors; across `and` joining two verbs it is the first verb's subject;
/// a relative pronoun takes its antecedent.
fn find_subject(ctx: &Ctx, t0: usize, pat: &Pattern) -> Option<Group> {
    let s = ctx.sent.tokens.clone();
    let mut skip_object = skips_first_object(ctx, t0, pat);
    let mut j = t0;
    let mut steps = 0;
    while j > s.start && steps < 40 {
        steps += 1;
        let t = j - 1;
        let w = ctx.words.lower(t);
        if w == ";" {
            return None;
        }
        if let Some(antecedent) = relative_pronoun_subject(ctx, t, t0) {
            return antecedent;
        }
        // `Rafael Grossi, who heads the IAEA, arrived`: skip the relative
        // clause; its antecedent is the subject.
        if w == "," && t > s.start {
            if let Some(g) = antecedent_of_clause_ending_at(ctx, t) {
                return Some(g);
            }
        }
        if let Some(k) = ctx.mention_ending_at(t) {
            let m = &ctx.res.mentions[k];
            j = m.tokens.start;
            if !ctx.usable(k) {
                // An unresolved description (`his country`) is a subject we
                // cannot name.
                if m.kind == MentionKind::Description {
                    return None;
                }
                continue;
            }
            if ctx.is_modifier(k) || ctx.is_possessor(k) && !ctx.followed_by_actor_noun(k) {
                continue;
            }
            if ctx.oblique(m.tokens.start) {
                continue;
            }
            if skip_object {
                skip_object = false;
                continue;
            }
            return Some(ctx.group_left(k));
        }
        j = t;
    }
    None
}

/// `visited North Korea and met with Kim`: a verb after `and` whose first
/// verb's object stands before the `and`; that object is skipped.
fn skips_first_object(ctx: &Ctx, t0: usize, pat: &Pattern) -> bool {
    let s = ctx.sent.tokens.clone();
    let mut j = t0;
    while j > s.start && ctx.lex.words.before_verb.contains(ctx.words.lower(j - 1)) {
        j -= 1;
    }
    j > s.start + 1
        && matches!(ctx.words.lower(j - 1), "and" | "but")
        && pat.kind != PatternKind::Noun
        && ctx.mention_ending_at(j - 2).is_some_and(|k| {
            ctx.oblique(ctx.res.mentions[k].tokens.start) || {
                // The actor before `and` follows a verb, not a subject position.
                let st = ctx.res.mentions[k].tokens.start;
                st > s.start
                    && ctx.words.is_word(st - 1)
                    && !ctx.words.is_cap(st - 1)
                    && !matches!(ctx.words.lower(st - 1), "both" | "and")
            }
        })
}

/// A relative pronoun at token `t` that is its clause's subject (`a state
/// that is prepared to`, `Iran, which backs`): `Some` of its antecedent,
/// or `Some(None)` when the antecedent is no actor; `None` when `t` is no
/// such pronoun.
fn relative_pronoun_subject(ctx: &Ctx, t: usize, t0: usize) -> Option<Option<Group>> {
    let s = ctx.sent.tokens.clone();
    let w = ctx.words.lower(t);
    if !matches!(w, "that" | "which" | "who")
        || ctx.mention_starting_at(t + 1).is_some()
        || t + 1 >= t0
    {
        return None;
    }
    let n = ctx.words.lower(t + 1);
    if ctx.lex.words.determiners.contains(n) || ctx.words.is_cap(t + 1) {
        return None;
    }
    let mut a = t;
    if a > s.start && ctx.words.get(a - 1) == "," {
        a -= 1;
    }
    Some(
        ctx.mention_ending_at(a.saturating_sub(1))
            .filter(|&k| a > s.start && ctx.usable(k))
            .map(|k| ctx.group_left(k)),
    )
}

/// The antecedent of a relative clause (`, which …,` or `, who …,`) or of
/// an apposition (`, the sister of X,`) that the comma at token `t` closes.
fn antecedent_of_clause_ending_at(ctx: &Ctx, t: usize) -> Option<Group> {
    let s = ctx.sent.tokens.clone();
    let relative = |u: usize| {
        matches!(ctx.words.lower(u + 1), "which" | "who")
            || (matches!(ctx.words.lower(u + 1), "the" | "a" | "an")
                && u + 2 < t
                && ctx.words.is_word(u + 2)
                && !ctx.words.is_cap(u + 2))
    };
    let open = (t.saturating_sub(25).max(s.start)..t)
        .rev()
        .take_while(|&u| ctx.words.get(u) != "," || relative(u))
        .find(|&u| ctx.words.get(u) == "," && relative(u))?;
    ctx.mention_ending_at(open.saturating_sub(1))
        .filter(|&k| ctx.usable(k))
        .map(|k| ctx.group_left(k))
}

/// The object of a trigger: the first actor to the right, taken when the
/// preposition before it (none for a direct object) is one the pattern
/// allows. Returns the group and the preposition.
fn find_object(ctx: &Ctx, t1: usize, pat: &Pattern) -> Option<(Group, String)> {
    let s = ctx.sent.tokens.clone();
    let mut prep = String::new();
    let mut j = t1;
    let mut steps = 0;
    while j < s.end && steps < 14 {
        steps += 1;
        if let Some(k) = ctx.mention_starting_at(j) {
            let m = &ctx.res.mentions[k];
            if !ctx.usable(k) || ctx.is_title_modifier(k) {
                j = m.tokens.end;
                continue;
            }
            // A demonym modifier counts only right after a preposition
            // (`sanctions on Russian banks`) or for a claim (`denied U.S.
            // allegations`, `comment on the US claims`).
            // `met Ankara's demands`: what was met is the demands.
            if pat.has("no_possessive") && ctx.is_possessor(k) {
                return None;
            }
            // A demonym modifier stands for its state as an object
            // (`attacked Ukrainian ports`, `sanctions on Russian banks`).
            if pat.preps.contains(&prep) {
                return Some((ctx.group_right(k), prep));
            }
            return None;
        }
        let w = ctx.words.lower(j);
        // `to` before a verb is an infinitive: a new clause.
        if w == "to" {
            let n = ctx.words.lower(j + 1);
            let next_is_np = ctx.mention_starting_at(j + 1).is_some()
                || ctx.lex.words.determiners.contains(n)
                || ctx.words.is_cap(j + 1)
                || n.chars().next().is_some_and(|c| c.is_ascii_digit());
            if !next_is_np {
                return None;
            }
        }
        if ctx.lex.words.prepositions.contains(w) && !ctx.trigger_tokens.contains(&j) {
            if w == "of" && !prep.is_empty() {
                // `on behalf of`, `in light of`: keep the first preposition.
            } else {
                prep = w.to_string();
            }
        } else if ctx.lex.words.object_stops.contains(w)
            || ctx.lex.cues.get(w) == Some(&CueKind::Speech)
        {
            return None;
        }
        j += 1;
    }
    None
}

/// Whom a denial answers when the object names no accuser: the source of
/// an accusation read earlier in the sentence; else, for a coordinated
/// subject, each other; else another actor of the denied claim.
fn deny_target(
    ctx: &Ctx,
    facts: &[(usize, Fact)],
    sources: &Option<Group>,
    t1: usize,
) -> Option<Group> {
    let src = sources.as_ref()?;
    if let Some((_, f)) = facts.iter().rev().find(|(_, f)| f.relation == "accuses") {
        return Some(Group {
            ids: vec![f.source.clone()],
            start: t1,
            end: t1,
        });
    }
    if src.ids.len() > 1 {
        return Some(src.clone());
    }
    let s = ctx.sent.tokens.clone();
    for t in t1..s.end.min(t1 + 15) {
        if let Some(k) = ctx.mention_starting_at(t) {
            if ctx.usable(k) && !src.ids.contains(&ctx.ids[k][0]) {
                return Some(Group {
                    ids: vec![ctx.ids[k][0].clone()],
                    start: t,
                    end: t,
                });
            }
        }
    }
    None
}

/// The certainty of a fact: negation or hedge cues in its clause before
/// the trigger (from the subject on for negation); hedges carried into a
/// `that` clause by the word before it; an infinitive trigger is intended,
/// not done; `continue` makes what follows ongoing. A noun read with its
/// possessor (`Russia's war`) looks only between the two, unless it names
/// an event (`his meeting with`), which takes its whole clause.
fn certainty(
    ctx: &Ctx,
    pat: &Pattern,
    subject_start: usize,
    t0: usize,
    from_modifier: bool,
) -> Certainty {
    let s = ctx.sent.tokens.clone();
    let narrow = from_modifier && !pat.has("event");
    let clause = clause_start(ctx, t0);
    // An event noun also takes the cues of the clause it stands in.
    let end = if pat.has("event") {
        event_clause_end(ctx, t0)
    } else {
        t0
    };
    let first = if narrow {
        subject_start
    } else {
        clause.min(subject_start)
    };
    let first = first.max(t0.saturating_sub(CLAUSE_WINDOW));
    let (mut hedged, negated) = read_cues(ctx, pat, first..end, subject_start, t0);
    if !narrow && clause > s.start {
        hedged |= carried_hedge(ctx, pat, clause);
    }
    // A purpose: `arrived in Damascus for talks with …`.
    if pat.kind == PatternKind::Noun && t0 > s.start && ctx.words.lower(t0 - 1) == "for" {
        hedged = true;
    }
    hedged |= intended_infinitive(ctx, pat, t0);
    if negated {
        Certainty::Negated
    } else if hedged {
        Certainty::Hedged
    } else {
        Certainty::Asserted
    }
}

/// Where the clause of the trigger at `t0` starts: at the nearest
/// boundary before it, looked for (like the cues) at most CLAUSE_WINDOW
/// tokens away; the sentence's start if none.
fn clause_start(ctx: &Ctx, t0: usize) -> usize {
    let s = ctx.sent.tokens.clone();
    let mut j = t0;
    while j > s.start.max(t0.saturating_sub(CLAUSE_WINDOW)) {
        let w = ctx.words.lower(j - 1);
        if matches!(w, ";" | ":" | "“" | "\"" | "‘" | "–" | "—" | ",")
            || ctx.lex.words.subordinators.contains(w)
        {
            return j - 1;
        }
        j -= 1;
    }
    s.start
}

/// Where the clause an event noun at `t0` stands in ends.
fn event_clause_end(ctx: &Ctx, t0: usize) -> usize {
    let limit = ctx.sent.tokens.end.min(t0 + CLAUSE_WINDOW);
    (t0..limit)
        .find(|&t| {
            let w = ctx.words.lower(t);
            matches!(w, ";" | ":" | "." | "that" | "which" | "who" | "if")
                || (matches!(w, "and" | "but" | "while") && t > 0 && ctx.words.get(t - 1) == ",")
        })
        .unwrap_or(limit)
}

/// The hedge and negation cues over `range` (not the trigger's own words,
/// nor actors between the subject and the trigger): whether the fact is
/// hedged and whether it is negated.
fn read_cues(
    ctx: &Ctx,
    pat: &Pattern,
    range: Range<usize>,
    subject_start: usize,
    t0: usize,
) -> (bool, bool) {
    let mut hedged = false;
    let mut negated = false;
    for t in range {
        if t >= t0 && t < t0 + pat.words.len() {
            continue;
        }
        if t >= subject_start && t < t0 && ctx.actor_at[t].is_some() {
            continue;
        }
        let w = ctx.words.lower(t);
        let two = format!("{} {}", w, ctx.words.lower(t + 1));
        let cue = ctx.lex.cues.get(&two).or_else(|| ctx.lex.cues.get(w));
        match cue {
            // A denial is a fact whatever the allegation it answers.
            Some(CueKind::Carrier) if pat.has("speechact") => {}
            // A pledge to cooperate is cooperation (ONTOLOGY.md).
            Some(CueKind::Commit) if pat.has("pledge") => {}
            Some(CueKind::Hedge | CueKind::Carrier | CueKind::Commit) => hedged = true,
            Some(CueKind::Negation) if t >= subject_start.min(t0) || t + 3 >= t0 => negated = true,
            Some(CueKind::Reset) => hedged = false,
            _ => {}
        }
    }
    (hedged, negated)
}

/// A carrier before the clause that starts at `clause`: `allegations
/// that`, `believes that`, `concerned that`, `According to reports, …`; a
/// plain hedge only before `that`, `whether` or `if` (`it is possible
/// that`).
fn carried_hedge(ctx: &Ctx, pat: &Pattern, clause: usize) -> bool {
    let s = ctx.sent.tokens.clone();
    let opener = ctx.words.lower(clause);
    let complement = matches!(opener, "that" | "whether" | "if");
    (clause.saturating_sub(4).max(s.start)..clause + 1).any(|t| {
        match ctx.lex.cues.get(ctx.words.lower(t)) {
            Some(CueKind::Carrier) => !pat.has("speechact"),
            Some(CueKind::Hedge) => complement,
            _ => false,
        }
    })
}

/// An infinitive: `to sell`, `to meet` is intended, not done (but
/// `continue to call on`, `began to`, and a pledge to a relation that the
/// pledge realises).
fn intended_infinitive(ctx: &Ctx, pat: &Pattern, t0: usize) -> bool {
    let s = ctx.sent.tokens.clone();
    if !matches!(pat.kind, PatternKind::Verb | PatternKind::Phrase)
        || t0 <= s.start
        || ctx.words.lower(t0 - 1) != "to"
    {
        return false;
    }
    let gov = if t0 >= s.start + 2 {
        ctx.words.lower(t0 - 2)
    } else {
        ""
    };
    let cue = ctx.lex.cues.get(gov);
    let pledged = cue == Some(&CueKind::Commit) && pat.has("pledge");
    cue != Some(&CueKind::Reset) && !pledged && !ctx.lex.words.done_infinitive.contains(gov)
}
