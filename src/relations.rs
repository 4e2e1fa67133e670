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

use crate::entities::{title_at, Words};
use crate::lexicon::{CueKind, Lexicon, Pattern, PatternKind, SubjectRule};
use crate::model::{Certainty, Evidence, Fact, MentionKind, NodeType, Segmented, Sentence};
use crate::resolve::{in_pp, Resolved, PREPOSITIONS};

/// Words that may stand between a subject and its verb or before a trigger.
const AUX: &[&str] = &[
    "also", "already", "again", "allegedly", "actually", "be", "been", "being", "did", "do",
    "does", "even", "ever", "eventually", "finally", "further", "had", "has", "have", "is",
    "are", "was", "were", "just", "later", "now", "once", "only", "previously", "reportedly",
    "recently", "repeatedly", "still", "then", "thus", "far", "soon", "officially", "covertly",
    "secretly", "openly", "publicly", "jointly", "formally", "quietly", "likely", "will",
    "would", "could", "may", "might", "can", "should", "must", "not", "never", "n't",
];

/// Words that open a new clause.
const SUBORDINATORS: &[&str] = &[
    "that", "if", "whether", "because", "although", "though", "while", "when", "which", "who",
    "whom", "where", "but", "unless", "after", "before", "since", "as",
];

const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being", "'s", "’s"];

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
}

impl Ctx<'_> {
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
        if self.followed_by_actor_noun(k) {
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
        // A state or institution directly before a title or a person.
        let org = self.ids[k]
            .first()
            .and_then(|id| self.node_type(id))
            .is_some_and(|t| t != NodeType::Person);
        if org {
            let mut j = next;
            if self.words.is_possessive(j) {
                j += 1;
            }
            if title_at(&self.words, self.lex, j, self.sent.tokens.end).is_some() {
                return true;
            }
            if let Some(k2) = self.mention_starting_at(j) {
                return self.ids[k2]
                    .first()
                    .and_then(|id| self.node_type(id))
                    .is_some_and(|t| t == NodeType::Person);
            }
        }
        false
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
            if self.lex.actor_nouns.contains(&w) {
                return true;
            }
            if !matches!(w.as_str(), "senior" | "top" | "defence" | "defense" | "military" | "foreign") {
                return false;
            }
            j += 1;
        }
        false
    }

    fn is_possessor(&self, k: usize) -> bool {
        let m = &self.res.mentions[k];
        self.words.is_possessive(m.tokens.end)
            || matches!(self.words.lower(m.tokens.start).as_str(), "its" | "his" | "her" | "their" | "our")
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
        let mut j = m.tokens.start;
        while j > self.sent.tokens.start + 1 {
            let w = self.words.lower(j - 1);
            if w != "and" && w != "," && w != "or" && w != "&" {
                break;
            }
            let Some(k2) = self.mention_ending_at(j - 2) else { break };
            if !self.usable(k2) || self.is_modifier(k2) {
                break;
            }
            g.ids.extend(self.ids[k2].iter().cloned());
            g.start = self.res.mentions[k2].tokens.start;
            j = g.start;
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
            let Some(k2) = self.mention_starting_at(n) else { break };
            if !self.usable(k2) {
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
pub fn extract(doc_id: &str, text: &str, seg: &Segmented, lex: &Lexicon, res: &Resolved) -> Vec<Fact> {
    let words = Words {
        text,
        tokens: &seg.tokens,
    };
    let mut actor_at = vec![None; seg.tokens.len()];
    for (k, m) in res.mentions.iter().enumerate() {
        if m.kind == MentionKind::Pronoun && !m.entities.is_empty()
            || m.kind != MentionKind::Pronoun
            || matches!(m.text.to_lowercase().as_str(), "we" | "our" | "us")
        {
            for t in m.tokens.clone() {
                if actor_at[t].is_none() {
                    actor_at[t] = Some(k);
                }
            }
        }
    }
    let mut facts: Vec<Fact> = Vec::new();
    let mut ids: Vec<Vec<String>> = res.mentions.iter().map(|m| m.entities.clone()).collect();

    // Plural descriptions (`the two countries`) take the two actors of the
    // latest fact between two actors of that type, else the latest
    // coordination of two such actors.
    let mut last_pair: Option<(String, String)> = None;

    for sent in &seg.sentences {
        if sent.headline {
            continue;
        }
        let mut ctx = Ctx {
            words: Words {
                text,
                tokens: &seg.tokens,
            },
            lex,
            res,
            actor_at: actor_at.clone(),
            ids: ids.clone(),
            sent,
        };
        // Resolve `the two countries` in this sentence.
        for (k, m) in res.mentions.iter().enumerate() {
            if m.sentence == sent.index && m.kind == MentionKind::Description && m.entities.is_empty() {
                if let Some((a, b)) = &last_pair {
                    ctx.ids[k] = vec![a.clone(), b.clone()];
                }
            }
        }
        let speakers = find_speakers(&ctx);
        // `we`/`our`/`us` inside reported speech stand for the speaker.
        for (k, m) in res.mentions.iter().enumerate() {
            if m.sentence == sent.index && m.entities.is_empty() && m.kind == MentionKind::Pronoun {
                if let Some(sp) = speaker_for(&speakers, m.tokens.start) {
                    ctx.ids[k] = vec![sp];
                }
            }
        }
        let before = facts.len();
        read_sentence(&ctx, doc_id, &speakers, &mut facts);
        for f in &facts[before..] {
            let both_states = [&f.source, &f.target]
                .iter()
                .all(|id| ctx.node_type(id) == Some(NodeType::State));
            if both_states && f.relation != "part_of" {
                last_pair = Some((f.source.clone(), f.target.clone()));
            }
        }
        ids = ctx.ids;
    }

    // Affiliations from titles.
    for a in &res.affiliations {
        if a.person == a.organisation {
            continue;
        }
        let sent = &seg.sentences[a.sentence];
        facts.push(Fact {
            source: a.person.clone(),
            relation: a.title.relation.clone(),
            target: a.organisation.clone(),
            role: Some(a.title.role.clone()),
            evidence: evidence(doc_id, text, sent, Certainty::Asserted, None),
        });
    }
    // Institutions belong to the state or body the lexicon ties them to.
    let mut seen = BTreeSet::new();
    for m in &res.mentions {
        let Some(id) = m.entities.first() else { continue };
        if m.entities.len() != 1 || !seen.insert(id.clone()) {
            continue;
        }
        if let Some(parent) = lex.entity(id).and_then(|e| e.attributes.get("part_of")) {
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
    facts.retain(|f| f.source != f.target);
    facts.sort();
    facts.dedup();
    facts
}

fn evidence(doc: &str, text: &str, sent: &Sentence, certainty: Certainty, speaker: Option<String>) -> Evidence {
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
    verb: usize,
    content: std::ops::Range<usize>,
}

fn speaker_for(speakers: &[Speech], token: usize) -> Option<String> {
    speakers
        .iter()
        .find(|s| s.content.contains(&token))
        .map(|s| s.speaker.clone())
}

/// Finds `X said (that) …`, `“…,” X said`, `…, said X` and `according to X`.
fn find_speakers(ctx: &Ctx) -> Vec<Speech> {
    let s = ctx.sent.tokens.clone();
    let mut out = Vec::new();
    let mut i = s.start;
    while i < s.end {
        let w = ctx.words.lower(i);
        if w == "according" && ctx.words.lower(i + 1) == "to" {
            let mut j = i + 2;
            // `according to South Korea's spy agency`: the possessor is not the
            // speaker, the agency is; we keep the nearest actor.
            while j < s.end && j < i + 8 {
                if let Some(k) = ctx.mention_starting_at(j) {
                    if ctx.usable(k) {
                        let m = &ctx.res.mentions[k];
                        let mut end = m.tokens.end;
                        while end < s.end && ctx.words.get(end) != "," {
                            end += 1;
                        }
                        let content = if i == s.start { end..s.end } else { s.start..i };
                        out.push(Speech {
                            speaker: ctx.ids[k][0].clone(),
                            verb: i,
                            content,
                        });
                        break;
                    }
                }
                if ctx.words.get(j) == "," {
                    break;
                }
                j += 1;
            }
            i += 2;
            continue;
        }
        if ctx.lex.cues.get(&w) != Some(&CueKind::Speech) {
            i += 1;
            continue;
        }
        // Speaker to the left: `Sullivan said`, `Sullivan told reporters`,
        // `the U.S. official added`, `Kirby said, adding`.
        let mut speaker = None;
        let mut j = i;
        let mut steps = 0;
        while j > s.start && steps < 8 {
            steps += 1;
            let t = j - 1;
            if let Some(k) = ctx.mention_ending_at(t) {
                let m = &ctx.res.mentions[k];
                if ctx.usable(k) && !in_pp(&ctx.words, m.tokens.start, s.start) && !ctx.is_possessor(k) {
                    if !ctx.is_modifier(k) {
                        speaker = Some((k, true));
                        break;
                    }
                    if ctx.followed_by_actor_noun(k) {
                        speaker = Some((k, true));
                        break;
                    }
                }
                j = m.tokens.start;
                continue;
            }
            let tw = ctx.words.lower(t);
            if AUX.contains(&tw.as_str()) || ctx.lex.titles.contains_key(&tw) || ctx.lex.actor_nouns.contains(&tw) || matches!(tw.as_str(), "a" | "an" | "the" | "top" | "senior") {
                j = t;
                continue;
            }
            // `Pavel Felgenhauer, a defence and military analyst, told`
            if tw == "," {
                j = t;
                continue;
            }
            if !ctx.words.is_word(t) || SUBORDINATORS.contains(&tw.as_str()) || ctx.lex.cues.contains_key(&tw) {
                break;
            }
            j = t;
        }
        // Or to the right: `said Pavel Felgenhauer`, `said the official`.
        if speaker.is_none() {
            let mut j = i + 1;
            while j < s.end && j < i + 5 {
                if let Some(k) = ctx.mention_starting_at(j) {
                    if ctx.usable(k) {
                        speaker = Some((k, false));
                    }
                    break;
                }
                let tw = ctx.words.lower(j);
                if !matches!(tw.as_str(), "a" | "an" | "the" | "top" | "senior") && !ctx.lex.titles.contains_key(&tw) {
                    break;
                }
                j += 1;
            }
        }
        let Some((k, left)) = speaker else {
            i += 1;
            continue;
        };
        let m = &ctx.res.mentions[k];
        // What was said: after the verb when the speaker opens the sentence
        // or the verb is followed by `that` / a colon / a quote; before the
        // speaker otherwise.
        let opens = m.tokens.start <= s.start + 1
            || (left && {
                let nxt = ctx.words.lower(i + 1);
                nxt == "that" || nxt == ":" || nxt == "“" || nxt == "\"" || nxt == "on" || nxt == "in"
                    || ctx.res.mentions.get(ctx.actor_at.get(i + 1).copied().flatten().unwrap_or(usize::MAX)).is_some()
                    || !ctx.words.get(i.saturating_sub(1)).ends_with(',') && m.tokens.start > s.start && !ends_quote(ctx, m.tokens.start)
            });
        let content = if opens && left {
            i + 1..s.end
        } else {
            s.start..m.tokens.start.min(i)
        };
        out.push(Speech {
            speaker: ctx.ids[k][0].clone(),
            verb: i,
            content,
        });
        i += 1;
    }
    out
}

/// True when the tokens just before `t` close a quotation or a clause
/// (`“…,” Sullivan said`, `…, a top U.S. official said`).
fn ends_quote(ctx: &Ctx, t: usize) -> bool {
    let mut j = t;
    while j > ctx.sent.tokens.start {
        let w = ctx.words.get(j - 1);
        if matches!(w, "a" | "an" | "the" | "top" | "senior") || ctx.lex.titles.contains_key(&w.to_lowercase()) {
            j -= 1;
            continue;
        }
        return matches!(w, "," | "”" | "\"" | "’" | "'" | "." | "—" | "–");
    }
    false
}

/// Reads every trigger of a sentence.
fn read_sentence(ctx: &Ctx, doc: &str, speakers: &[Speech], facts: &mut Vec<Fact>) {
    let s = ctx.sent.tokens.clone();
    let mut i = s.start;
    while i < s.end {
        let w = ctx.words.lower(i);
        let Some(list) = ctx.lex.triggers.get(&w) else {
            i += 1;
            continue;
        };
        let mut matched = None;
        for &p in list {
            let pat = &ctx.lex.patterns[p];
            let len = pat.words.len();
            if i + len > s.end {
                continue;
            }
            if (0..len).all(|k| ctx.words.lower(i + k) == pat.words[k]) {
                matched = Some((pat, i + len));
                break;
            }
        }
        let Some((_, end)) = matched else {
            i += 1;
            continue;
        };
        // Every pattern with these words gets a chance (a noun and a verb
        // reading of `supplies`); the first that finds arguments wins.
        let mut produced = false;
        for &p in list {
            let pat = &ctx.lex.patterns[p];
            if pat.words.len() != end - i || !(0..pat.words.len()).all(|k| ctx.words.lower(i + k) == pat.words[k]) {
                continue;
            }
            let before = facts.len();
            read_trigger(ctx, doc, speakers, pat, i, end, facts);
            if facts.len() > before {
                produced = true;
                break;
            }
        }
        let _ = produced;
        i = end;
    }
}

/// Finds the arguments of one trigger occurrence and pushes its facts.
fn read_trigger(
    ctx: &Ctx,
    doc: &str,
    speakers: &[Speech],
    pat: &Pattern,
    t0: usize,
    t1: usize,
    facts: &mut Vec<Fact>,
) {
    let s = ctx.sent.tokens.clone();
    // A trigger inside an actor's name (`Radio Free Asia`) is no trigger.
    if ctx.actor_at[t0].is_some() {
        return;
    }
    let passive = pat.has("passive") && t0 > s.start && BE.contains(&ctx.words.lower(t0 - 1).as_str())
        && ctx.words.lower(t1) == "by";
    let mut sources: Option<Group> = None;
    let mut targets: Option<Group> = None;
    let mut subject_start = t0;

    match pat.kind {
        PatternKind::Noun => {
            if let Some(m) = modifier_before(ctx, t0) {
                sources = Some(ctx_group(ctx, m, true));
            }
            if sources.is_none() && matches!(pat.subject, SubjectRule::Left | SubjectRule::Both) {
                sources = find_subject(ctx, t0, pat);
            }
        }
        PatternKind::Threat => {
            // The speaker warns the one who will pay.
            if let Some(sp) = speaker_for(speakers, t0) {
                if let Some(g) = find_subject(ctx, t0, pat) {
                    let ev = evidence(doc, ctx.words.text, ctx.sent, Certainty::Asserted, Some(sp.clone()));
                    for target in &g.ids {
                        push(facts, &sp, &pat.relation, target, ev.clone());
                    }
                }
            }
            return;
        }
        PatternKind::Verb | PatternKind::Phrase => {
            if passive {
                // `denied by both Moscow and Pyongyang`: the agent acts on
                // the subject.
                if let Some(k) = ctx.mention_starting_at(t1 + 1) {
                    sources = Some(ctx.group_right(k));
                }
                targets = find_subject(ctx, t0, pat);
            } else {
                sources = find_subject(ctx, t0, pat);
            }
        }
    }
    if let Some(g) = &sources {
        subject_start = g.start.min(t0);
    }

    // The object.
    let mut between = false;
    if targets.is_none() && !passive {
        if let Some((g, prep)) = find_object(ctx, t1, pat) {
            between = prep == "between";
            targets = Some(g);
        }
    }
    if pat.has("that") && targets.is_none() {
        // `allegations that North Korea had provided …`, `proposed that X join`
        let mut j = t1;
        while j < s.end && j < t1 + 4 && ctx.words.lower(j) != "that" {
            j += 1;
        }
        if ctx.words.lower(j) == "that" {
            if let Some(k) = (j + 1..s.end.min(j + 4)).find_map(|t| ctx.mention_starting_at(t)) {
                if ctx.usable(k) && !ctx.is_modifier(k) {
                    targets = Some(ctx.group_right(k));
                }
            }
        }
    }
    if pat.has("object_subject") && targets.is_none() && sources.is_some() {
        // `subject to United Nations sanctions`: the clause subject is the target.
        let src = sources.clone().unwrap_or_default();
        let mut j = src.start;
        while j > s.start {
            j -= 1;
            if let Some(k) = ctx.mention_ending_at(j) {
                let m = &ctx.res.mentions[k];
                if ctx.usable(k) && !src.ids.contains(&ctx.ids[k][0]) && !in_pp(&ctx.words, m.tokens.start, s.start)
                    && (!ctx.is_modifier(k) || ctx.is_possessor(k))
                {
                    targets = Some(ctx.group_left(k));
                    break;
                }
                j = m.tokens.start;
            }
        }
    }
    if pat.has("goods") {
        let end = targets.as_ref().map(|g| g.end + 3).unwrap_or(t1 + 4).min(s.end);
        if !(t1..end).any(|t| ctx.lex.goods.contains(&ctx.words.lower(t))) {
            return;
        }
    }
    if pat.has("deny") && targets.is_none() {
        targets = deny_target(ctx, facts, &sources, t1);
    }

    let speaker = speaker_for(speakers, t0);
    let certainty = certainty(ctx, pat, subject_start, t0, t1);
    let ev = evidence(doc, ctx.words.text, ctx.sent, certainty, speaker);

    // `negotiations between X and Y`, or `X and Y are negotiating`.
    if between || (targets.is_none() && pat.has("mutual")) {
        let group = if between { targets.clone() } else { sources.clone() };
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
    let (Some(src), Some(tgt)) = (sources, targets) else { return };
    let deny_each_other = pat.has("deny") && src.ids.len() > 1 && tgt.ids == src.ids;
    for a in &src.ids {
        for b in &tgt.ids {
            if a == b || (deny_each_other && a == b) {
                continue;
            }
            push(facts, a, &pat.relation, b, ev.clone());
        }
    }
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

fn ctx_group(ctx: &Ctx, k: usize, left: bool) -> Group {
    if left {
        ctx.group_left(k)
    } else {
        ctx.group_right(k)
    }
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
            return ctx.usable(k).then_some(k);
        }
        let w = ctx.words.lower(t);
        if !ctx.words.is_word(t) && w != "-"
            || PREPOSITIONS.contains(&w.as_str())
            || AUX.contains(&w.as_str())
            || SUBORDINATORS.contains(&w.as_str())
            || matches!(w.as_str(), "the" | "a" | "an" | "and" | "or")
            || ctx.lex.cues.get(&w).is_some_and(|c| *c == CueKind::Speech)
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
    // `visited North Korea and met with Kim`: skip the first verb's object.
    let mut j = t0;
    while j > s.start && AUX.contains(&ctx.words.lower(j - 1).as_str()) {
        j -= 1;
    }
    let mut skip_object = j > s.start && matches!(ctx.words.lower(j - 1).as_str(), "and" | "but")
        && pat.kind != PatternKind::Noun
        && ctx.mention_ending_at(j.saturating_sub(2)).is_some();
    let mut j = t0;
    let mut steps = 0;
    while j > s.start && steps < 40 {
        steps += 1;
        let t = j - 1;
        let w = ctx.words.lower(t);
        if w == ";" {
            return None;
        }
        if let Some(k) = ctx.mention_ending_at(t) {
            let m = &ctx.res.mentions[k];
            j = m.tokens.start;
            if !ctx.usable(k) {
                continue;
            }
            // A relative clause: `North Korea, which has backed …`.
            let rel = matches!(ctx.words.lower(m.tokens.end).as_str(), ",")
                && matches!(ctx.words.lower(m.tokens.end + 1).as_str(), "which" | "who")
                && m.tokens.end + 2 <= t0;
            if rel {
                return Some(ctx.group_left(k));
            }
            if ctx.is_modifier(k) || ctx.is_possessor(k) && !ctx.followed_by_actor_noun(k) {
                continue;
            }
            if in_pp(&ctx.words, m.tokens.start, s.start) {
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
            if !ctx.usable(k) {
                j = m.tokens.end;
                continue;
            }
            // A demonym modifier counts only right after a preposition
            // (`sanctions on Russian banks`) or for a claim (`denied U.S.
            // allegations`, `comment on the US claims`).
            let modifier = ctx.is_modifier(k) && !ctx.is_possessor(k);
            if modifier && prep.is_empty() && !pat.has("deny") {
                j = m.tokens.end;
                continue;
            }
            if pat.preps.iter().any(|p| *p == prep) {
                if prep == "between" {
                    return Some((ctx.group_right(k), prep));
                }
                return Some((ctx.group_right(k), prep));
            }
            return None;
        }
        let w = ctx.words.lower(j);
        if PREPOSITIONS.contains(&w.as_str()) {
            if w == "of" && !prep.is_empty() {
                // `on behalf of`, `in light of`: keep the first preposition.
            } else {
                prep = w;
            }
        } else if matches!(w.as_str(), "," | ";" | ":" | "." | "that" | "which" | "who" | "and" | "but" | "because" | "if" | "while" | "–" | "—")
            || ctx.lex.cues.get(&w) == Some(&CueKind::Speech)
        {
            return None;
        }
        j += 1;
    }
    None
}

/// Whom a denial answers: an accuser in the object (`denied U.S.
/// allegations`) is found by `find_object`; else the source of an
/// accusation read earlier in the sentence; else, for a coordinated
/// subject, each other; else another actor of the denied claim.
fn deny_target(ctx: &Ctx, facts: &[Fact], sources: &Option<Group>, t1: usize) -> Option<Group> {
    let src = sources.as_ref()?;
    if let Some(f) = facts
        .iter()
        .rev()
        .take_while(|f| f.evidence.sentence == ctx.sent.index)
        .find(|f| f.relation == "accuses")
    {
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

/// The certainty of a fact: negation or hedge cues in its clause, before
/// the trigger; hedges carried into a `that` clause by the word before it;
/// an infinitive trigger is intended, not done; `continue` makes what
/// follows ongoing.
fn certainty(ctx: &Ctx, pat: &Pattern, subject_start: usize, t0: usize, t1: usize) -> Certainty {
    let s = ctx.sent.tokens.clone();
    let _ = t1;
    let first = subject_start.min(t0);
    // Clause start: the nearest subordinator or hard stop before the subject.
    let mut clause = s.start;
    let mut j = first;
    while j > s.start {
        let w = ctx.words.lower(j - 1);
        if matches!(w.as_str(), ";" | ":" | "“" | "”" | "\"") || SUBORDINATORS.contains(&w.as_str()) {
            clause = j - 1;
            break;
        }
        j -= 1;
    }
    let mut hedged = false;
    let mut negated = false;
    let skip_subject = |t: usize| t >= subject_start && t < t0 && ctx.actor_at[t].is_some();
    for t in clause..t0 {
        if skip_subject(t) {
            continue;
        }
        let w = ctx.words.lower(t);
        let two = format!("{} {}", w, ctx.words.lower(t + 1));
        let cue = ctx.lex.cues.get(&two).or_else(|| ctx.lex.cues.get(&w));
        match cue {
            Some(CueKind::Hedge | CueKind::Carrier) => hedged = true,
            Some(CueKind::Negation) if t >= first => negated = true,
            Some(CueKind::Reset) => hedged = false,
            _ => {}
        }
    }
    // A carrier before the clause: `allegations that`, `believes that`,
    // `concerned that`, `reports North Korea could`.
    if clause > s.start {
        for t in clause.saturating_sub(4).max(s.start)..clause + 1 {
            if matches!(ctx.lex.cues.get(&ctx.words.lower(t)), Some(CueKind::Carrier | CueKind::Hedge)) {
                hedged = true;
            }
        }
    }
    // An infinitive: `to sell`, `to meet` (but `continue to call on`).
    if matches!(pat.kind, PatternKind::Verb | PatternKind::Phrase) && t0 > s.start && ctx.words.lower(t0 - 1) == "to" {
        let gov = if t0 >= s.start + 2 { ctx.words.lower(t0 - 2) } else { String::new() };
        if ctx.lex.cues.get(&gov) != Some(&CueKind::Reset) && !matches!(gov.as_str(), "began" | "begun" | "started" | "managed") {
            hedged = true;
        }
    }
    if negated {
        Certainty::Negated
    } else if hedged {
        Certainty::Hedged
    } else {
        Certainty::Asserted
    }
}
