//! Relations read off the dependency tree.
//!
//! Each word whose lemma has a frame in `lexicon/frames.tsv` is a trigger.
//! Its source and target come from the dependents the frame names (the
//! deep subject and object, so the passive reads like the active; obliques
//! by preposition), spread over coordination, inherited through control
//! (`plans to visit`), conjoined verbs and relative clauses, and through a
//! light verb for nouns (`held talks with`). Certainty comes from what the
//! tree puts over the trigger (negation, modals, hedging verbs, `if`,
//! allegations, denials), the speaker from the speech verb above it.

use crate::extract::posts;
use crate::extract::syntax::ParsedSentence;
use crate::lexicon::{CueKind, Frame, Lexicon, Slot, Title, TriggerPos};
use crate::model::{Certainty, NodeType};

/// One word of a parsed sentence, as this pass reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dep {
    /// The segment token the word belongs to.
    pub token: usize,
    pub lower: String,
    /// Whether the word is written with a capital.
    pub capital: bool,
    pub lemma: String,
    pub upos: String,
    /// The Penn tag (`VBD`, `MD`, …; `_` when unknown), which tells a
    /// finite verb from a participle.
    pub xpos: String,
    /// The head word's index in the sentence; `None` for the root.
    pub head: Option<usize>,
    /// The UD relation to the head, with its subtype (`nsubj:pass`).
    pub rel: String,
}

/// A sentence's dependency tree with each word's dependents.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    pub words: Vec<Dep>,
    kids: Vec<Vec<usize>>,
}

impl Tree {
    pub fn new(words: Vec<Dep>) -> Tree {
        let mut kids = vec![Vec::new(); words.len()];
        for (i, w) in words.iter().enumerate() {
            if let Some(h) = w.head.filter(|&h| h < words.len() && h != i) {
                kids[h].push(i);
            }
        }
        Tree { words, kids }
    }

    /// The tree of a parsed sentence.
    pub fn from_parse(p: &ParsedSentence) -> Tree {
        let words = p
            .words
            .iter()
            .map(|w| Dep {
                token: w.token,
                lower: w.form.to_lowercase(),
                capital: w.form.starts_with(char::is_uppercase),
                lemma: w.lemma.to_lowercase(),
                upos: w.upos.as_str().to_string(),
                xpos: w.xpos.clone(),
                head: w.head,
                rel: w.deprel.clone(),
            })
            .collect();
        Tree::new(words)
    }

    /// Reads the ID, FORM, LEMMA, UPOS, HEAD and DEPREL columns of CoNLL-U
    /// word lines (tests and examples write trees this way); each word is
    /// its own token.
    pub fn from_conllu(text: &str) -> Tree {
        let words = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                let id: usize = c.first()?.parse().ok()?;
                let head: usize = c.get(6)?.parse().ok()?;
                Some(Dep {
                    token: id - 1,
                    lower: c.get(1)?.to_lowercase(),
                    capital: c.get(1)?.starts_with(char::is_uppercase),
                    lemma: c.get(2)?.to_lowercase(),
                    upos: c.get(3)?.to_string(),
                    xpos: c.get(4)?.to_string(),
                    head: head.checked_sub(1),
                    rel: c.get(7)?.to_string(),
                })
            })
            .collect();
        Tree::new(words)
    }

    fn rel(&self, i: usize) -> &str {
        &self.words[i].rel
    }

    fn base(&self, i: usize) -> &str {
        let r = self.rel(i);
        r.split(':').next().unwrap_or(r)
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.words[i].head.filter(|&h| h < self.words.len())
    }

    fn kids_with<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.kids[i]
            .iter()
            .copied()
            .filter(move |&k| self.rel(k) == rel)
    }

    fn has_kid(&self, i: usize, rel: &str) -> bool {
        self.kids_with(i, rel).next().is_some()
    }

    /// The preposition of an oblique or nominal modifier (`case`, with a
    /// `fixed` second word such as `according to` joined by a space).
    /// The preposition may hang on a title before a name (`critic of
    /// Ruritanian president X`, with `of` on `president`).
    fn case_of(&self, i: usize) -> Option<String> {
        let before = self.kids[i]
            .iter()
            .copied()
            .filter(|&k| k < i && self.rel(k) == "nmod:desc");
        let c = self
            .kids_with(i, "case")
            .chain(before.flat_map(|k| self.kids_with(k, "case")))
            .next()?;
        let mut p = self.words[c].lemma.clone();
        for f in self.kids_with(c, "fixed") {
            p.push(' ');
            p.push_str(&self.words[f].lemma);
        }
        Some(p)
    }

    /// The subordinator of a clause (`to`, `if`, `that`, `from`).
    fn mark_of(&self, i: usize) -> Option<String> {
        self.kids_with(i, "mark")
            .next()
            .map(|m| self.words[m].lemma.clone())
    }

    fn passive(&self, i: usize) -> bool {
        self.has_kid(i, "nsubj:pass") || self.has_kid(i, "aux:pass") || self.has_kid(i, "obl:agent")
    }

    /// Whether verb `i` heads a finite clause: it bears tense itself, or a
    /// modal or tensed auxiliary does (`could be supplying`). A finite
    /// clause names its own subject; a participle (`saying`) or an
    /// infinitive shares one.
    fn finite(&self, i: usize) -> bool {
        let tensed = |w: usize| matches!(self.words[w].xpos.as_str(), "MD" | "VBD" | "VBZ" | "VBP");
        tensed(i) || self.kids_with(i, "aux").any(tensed)
    }

    /// What relative pronoun `w` (`who`, `which`, `that`) stands for: the
    /// noun its clause modifies. A clause the parser hung on a verb
    /// (`punished X or any state that backs …`, with `backs` on
    /// `punished`) stands for the noun just before the pronoun, unless
    /// that noun ends a prepositional phrase with no comma after it
    /// (`sent arms to X that killed …`: the arms may be what killed).
    fn antecedent(&self, w: usize) -> Option<usize> {
        let clause = self.head(w).filter(|&c| self.rel(c) == "acl:relcl")?;
        let head = self.head(clause)?;
        if matches!(
            self.words[head].upos.as_str(),
            "NOUN" | "PROPN" | "PRON" | "NUM"
        ) {
            return Some(head);
        }
        let before = (0..w).rev().find(|&i| self.words[i].upos != "PUNCT")?;
        let comma = before + 1 < w;
        let nominal = matches!(self.words[before].upos.as_str(), "NOUN" | "PROPN");
        (nominal && (comma || !self.has_kid(before, "case"))).then_some(before)
    }

    /// Whether conjunct `v` is joined to what comes before it: by its own
    /// `and` or `or`, or by a comma or a conjunction just before it (past
    /// adverbs: `…, then agreed`).
    fn joined(&self, v: usize) -> bool {
        if self.has_kid(v, "cc") {
            return true;
        }
        let before = (0..v).rev().find(|&i| self.words[i].upos != "ADV");
        before.is_some_and(|i| matches!(self.words[i].upos.as_str(), "PUNCT" | "CCONJ"))
    }

    /// Whether word `i` bears the possessive `'s` (or a plural's `'`).
    fn possessive(&self, i: usize) -> bool {
        self.kids_with(i, "case")
            .any(|c| matches!(self.words[c].lemma.as_str(), "'s" | "'" | "’"))
    }

    /// A reduced relative in the passive: `drones supplied by Iran`.
    fn passive_participle(&self, i: usize) -> bool {
        self.rel(i) == "acl" && !self.words[i].lower.ends_with("ing")
    }
}

/// A relation the tree gives between two actors.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TreeFact {
    pub source: String,
    pub relation: String,
    pub target: String,
    pub certainty: Certainty,
    pub speaker: Option<String>,
    /// The trigger word.
    pub trigger: usize,
}

/// What the pass needs to know of the sentence besides its tree.
pub struct Context<'a> {
    pub lex: &'a Lexicon,
    /// The actors a token stands for (empty when none).
    pub actors: &'a dyn Fn(usize) -> &'a [String],
    /// The last speaker named before this sentence: who `he said` most
    /// likely is (`Since then, he said, …` continues the previous quote).
    pub previous_speaker: Option<String>,
    /// The type of an actor id, when the document knows it.
    pub kind: &'a dyn Fn(&str) -> Option<NodeType>,
    /// The document's parties by the word that names their members
    /// (`Labour` for the Labour Party), with their ids.
    pub parties: &'a [(String, String)],
}

fn trigger_pos(w: &Dep) -> Option<TriggerPos> {
    match w.upos.as_str() {
        "VERB" => Some(TriggerPos::Verb),
        "NOUN" => Some(TriggerPos::Noun),
        _ => None,
    }
}

/// What the tree says of a sentence: its facts, and the claims a denial
/// governs (relation, source, target), which no other reading may assert.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    pub facts: Vec<TreeFact>,
    pub denied: Vec<(String, String, String)>,
    /// (relation, actor): actors that stand only as the possessor inside
    /// an argument of a trigger of that relation (`warned about China's
    /// efforts`), which are not its target.
    pub embedded: Vec<(String, String)>,
    /// (relation, actor): a possessive pronoun's referent that no clause
    /// above supports as the agent of an event noun of that relation; and
    /// every actor of the sentence when a verb of that relation has a
    /// subject that names none (`police arrested men who attacked X`).
    pub unsure_agents: Vec<(String, String)>,
    /// (relation, source, target): what a physical frame's trigger does not
    /// mean when its object is an act (`attacked the ruling` is no attack).
    pub not_physical: Vec<(String, String, String)>,
}

/// Reads every frame whose trigger stands in the tree.
pub fn read(tree: &Tree, cx: &Context) -> Reading {
    let mut out = Vec::new();
    let mut denied = Vec::new();
    let mut embedded = Vec::new();
    let mut unsure_agents = Vec::new();
    let mut not_physical = Vec::new();
    for i in 0..tree.words.len() {
        let Some(pos) = trigger_pos(&tree.words[i]) else {
            continue;
        };
        let lemma = &tree.words[i].lemma;
        for frame in cx.lex.frames.of(pos, lemma) {
            let before = out.len();
            let held = flags_hold(tree, cx, i, frame);
            if held {
                read_frame(tree, cx, i, frame, &mut out, &mut denied);
            }
            if frame.flags.act {
                let physical = cx.lex.frames.of(pos, lemma).filter(|f| f.flags.physical);
                for (p, f) in physical.flat_map(|p| out[before..].iter().map(move |f| (p, f))) {
                    not_physical.push((p.relation.clone(), f.source.clone(), f.target.clone()));
                }
            }
            for actor in embedded_possessors(tree, cx, i, frame) {
                embedded.push((frame.relation.clone(), actor));
            }
            if pos == TriggerPos::Noun {
                for actor in agents(tree, cx, i).1 {
                    unsure_agents.push((frame.relation.clone(), actor));
                }
            }
            if pos == TriggerPos::Verb && held && faceless_subject(tree, cx, i) {
                for actor in sentence_actors(tree, cx) {
                    let stated = out[before..]
                        .iter()
                        .any(|f| f.relation == frame.relation && f.source == actor);
                    if !stated {
                        unsure_agents.push((frame.relation.clone(), actor));
                    }
                }
            }
        }
    }
    out.extend(denials(tree, cx, &denied));
    out.sort();
    out.dedup();
    Reading {
        facts: out,
        denied: denied
            .into_iter()
            .map(|d| (d.relation, d.source, d.target))
            .collect(),
        embedded,
        unsure_agents,
        not_physical,
    }
}

/// The possessors inside the target arguments of trigger `i` whose head
/// names no actor and no act: `about China's efforts`.
fn embedded_possessors(tree: &Tree, cx: &Context, i: usize, frame: &Frame) -> Vec<String> {
    let mut out = Vec::new();
    if frame.flags.possessor {
        return out;
    }
    let mut words: Vec<usize> = frame
        .target
        .iter()
        .flat_map(|slot| slot_words(tree, cx, i, slot, frame.pos))
        .collect();
    // Any oblique of the trigger: a pattern may have read one as a target.
    words.extend(
        tree.kids[i]
            .iter()
            .copied()
            .filter(|&k| tree.base(k) == "obl"),
    );
    for w in words {
        if !actors_or_event(tree, cx, w, Owner::of(frame, true)).is_empty() {
            continue;
        }
        for k in tree.kids_with(w, "nmod:poss") {
            out.extend(actors(tree, cx, k, 0));
        }
    }
    out
}

/// Whether what the frame's flags ask of trigger `i` holds: goods as
/// object, a clause of obligation, a fault-finding predicate, an act noun
/// as object (or none, for a physical act).
fn flags_hold(tree: &Tree, cx: &Context, i: usize, frame: &Frame) -> bool {
    let flags = &frame.flags;
    let act = || has_act_object(tree, cx, i);
    (!flags.goods || has_goods_object(tree, cx, i))
        && (!flags.deontic || has_deontic_clause(tree, cx, i))
        && (!flags.fault || finds_fault(tree, cx, i))
        && (!(flags.act || flags.physical) || act() == flags.act)
}

/// A claim a denial governs: the deny verb and the claim's two parties.
struct Denied {
    verb: usize,
    relation: String,
    source: String,
    target: String,
}

/// Reads one frame at trigger `i`, whose flags hold (`flags_hold`).
fn read_frame(
    tree: &Tree,
    cx: &Context,
    i: usize,
    frame: &Frame,
    out: &mut Vec<TreeFact>,
    denied: &mut Vec<Denied>,
) {
    let certainty = certainty(tree, cx, i, frame);
    let speaker = speaker(tree, cx, i);
    let source_args = first_filled(tree, cx, i, frame, false);
    let target_args = first_filled(tree, cx, i, frame, true);
    let mut sources = source_args.ids;
    // `we` in reported words is the speaker's side.
    if sources.is_empty() && first_person_subject(tree, cx, i, frame) {
        sources.extend(speaker.iter().cloned());
    }
    let mut targets = target_args.ids;
    let mut pronouns = source_args.by_pronoun;
    pronouns.extend(target_args.by_pronoun);
    let mut pairs: Vec<(String, String)> = Vec::new();
    if targets.is_empty() && frame.flags.mutual && source_args.coordinated && sources.len() >= 2 {
        // `X and Y met`: every pair of the coordinated subjects.
        pairs = every_pair(&sources);
    } else if sources.is_empty()
        && frame.flags.mutual
        && target_args.coordinated
        && targets.len() >= 2
    {
        // `the conflict between X and Y`: the coordinated parties pair up.
        pairs = every_pair(&targets);
    } else {
        targets.retain(|t| !sources.contains(t) || sources.len() > 1);
        for s in &sources {
            for t in &targets {
                pairs.push((s.clone(), t.clone()));
            }
        }
    }
    // Inside quoted words, `he` or `she` is someone other than the one
    // speaking (`"He is going to Iran," he said`); in reported speech it
    // may be the speaker (`X said she complied with …`).
    if let Some(sp) = speaker.as_ref().filter(|_| inside_quotes(tree, i)) {
        pairs.retain(|(s, t)| !pronouns.contains(sp) || (s != sp && t != sp));
    }
    let certainty = match certainty {
        Ok(c) => c,
        Err(verb) => {
            for (source, target) in pairs {
                denied.push(Denied {
                    verb,
                    relation: frame.relation.clone(),
                    source,
                    target,
                });
            }
            return;
        }
    };
    for (source, target) in pairs.into_iter().filter(|(s, t)| s != t) {
        out.push(TreeFact {
            source,
            relation: frame.relation.clone(),
            target,
            certainty,
            speaker: speaker.clone(),
            trigger: i,
        });
    }
}

/// Every pair of distinct actors, in order.
fn every_pair(ids: &[String]) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (a, x) in ids.iter().enumerate() {
        for y in &ids[a + 1..] {
            pairs.push((x.clone(), y.clone()));
        }
    }
    pairs
}

/// The actors that fill a frame's argument.
#[derive(Default)]
struct Args {
    ids: Vec<String>,
    /// Those named by a third-person pronoun.
    by_pronoun: Vec<String>,
    /// Whether they are coordinated (`X and Y`), not merely several.
    coordinated: bool,
}

/// The actors of the first slot that names any.
fn first_filled(tree: &Tree, cx: &Context, i: usize, frame: &Frame, target: bool) -> Args {
    let (slots, pos) = (
        if target { &frame.target } else { &frame.source },
        frame.pos,
    );
    let owner = Owner::of(frame, target);
    for slot in slots {
        let words = slot_words(tree, cx, i, slot, pos);
        let coordinated = words.iter().any(|&w| tree.has_kid(w, "conj"));
        let mut ids: Vec<String> = Vec::new();
        let mut by_pronoun: Vec<String> = Vec::new();
        for w in words {
            let found = titled_person(tree, cx, w, actors_or_event(tree, cx, w, owner));
            if is_personal_pronoun(&tree.words[w]) {
                by_pronoun.extend(found.iter().cloned());
            }
            for id in found {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        if !ids.is_empty() {
            return Args {
                ids,
                by_pronoun,
                coordinated,
            };
        }
    }
    Args::default()
}

/// `US President X called`: when the parser heads the phrase with the
/// state, the person its title names is the argument.
fn titled_person(tree: &Tree, cx: &Context, w: usize, ids: Vec<String>) -> Vec<String> {
    let person = |id: &String| (cx.kind)(id) == Some(NodeType::Person);
    if ids.is_empty() || ids.iter().any(person) {
        return ids;
    }
    // Past the rest of the same name (`United States`), then the title.
    let mut j = w + 1;
    while j < tree.words.len() && (cx.actors)(tree.words[j].token) == ids.as_slice() {
        j += 1;
    }
    let named = person_after_title(tree, cx, j);
    if named.is_empty() {
        ids
    } else {
        named
    }
}

/// The person named right after a title that starts at word `j`
/// (`president Vladimir Putin`), if the title is at least one word.
fn person_after_title(tree: &Tree, cx: &Context, j: usize) -> Vec<String> {
    let mut k = j;
    while k < tree.words.len() && is_title_word(cx, &tree.words[k]) {
        k += 1;
    }
    if k == j || k >= tree.words.len() {
        return Vec::new();
    }
    let ids = (cx.actors)(tree.words[k].token);
    if ids.iter().all(|id| (cx.kind)(id) == Some(NodeType::Person)) {
        ids.to_vec()
    } else {
        Vec::new()
    }
}

fn is_title_word(cx: &Context, w: &Dep) -> bool {
    (cx.actors)(w.token).is_empty()
        && (cx.lex.title_prefixes.contains(w.lower.as_str())
            || cx.lex.titles.contains_key(w.lower.as_str())
            || cx.lex.titles.contains_key(w.lemma.as_str()))
}

/// The words that fill a slot of trigger `i`.
fn slot_words(tree: &Tree, cx: &Context, i: usize, slot: &Slot, pos: TriggerPos) -> Vec<usize> {
    match (slot, pos) {
        (Slot::Subj, TriggerPos::Verb) => {
            let subj = deep_subject(tree, i, 0);
            match weapon_user(tree, cx, i, &subj) {
                Some(user) => user,
                None => subj,
            }
        }
        (Slot::Subj, TriggerPos::Noun) => match light_verb(tree, cx, i) {
            Some(v) => deep_subject(tree, v, 0),
            None => {
                let blamed = blamed_on(tree, cx, i);
                if blamed.is_empty() {
                    described(tree, i)
                } else {
                    blamed
                }
            }
        },
        (Slot::Obj, _) => deep_object(tree, i),
        (Slot::Iobj, _) => tree.kids_with(i, "iobj").collect(),
        (Slot::ClauseSubj, _) => complement_clauses(tree, i)
            .into_iter()
            .flat_map(|c| {
                tree.kids_with(c, "nsubj")
                    .chain(tree.kids_with(c, "nsubj:pass"))
            })
            .collect(),
        (Slot::ClauseAgent, _) => complement_clauses(tree, i)
            .into_iter()
            .flat_map(|c| deep_subject(tree, c, 0))
            .collect(),
        (Slot::Poss, _) => tree.kids[i]
            .iter()
            .copied()
            .filter(|&k| matches!(tree.rel(k), "nmod:poss" | "amod" | "compound"))
            .filter(|&k| tree.words[k].upos != "PRON" || no_quantified_subject_above(tree, i))
            .collect(),
        (Slot::WithObj, _) => {
            if with_phrase(tree, i).is_some() {
                deep_object(tree, i)
            } else {
                Vec::new()
            }
        }
        (Slot::Prep(p), _) => {
            let mut found = prep_words(tree, i, p);
            if found.is_empty() && pos == TriggerPos::Noun {
                if let Some(v) = light_verb(tree, cx, i) {
                    found = prep_words(tree, v, p);
                }
            }
            if found.is_empty() && pos == TriggerPos::Noun {
                // `a subpoena for documents from X`: the phrase may hang on
                // what the noun asks for.
                found = tree
                    .kids_with(i, "nmod")
                    .filter(|&k| tree.case_of(k).as_deref() == Some("for"))
                    .flat_map(|k| prep_words(tree, k, p))
                    .collect();
            }
            if found.is_empty() && pos == TriggerPos::Verb {
                // `demanded an explanation from X`, `flown from A to B`: the
                // phrase may hang on the object or on another oblique.
                let obliques = tree.kids[i]
                    .iter()
                    .copied()
                    .filter(|&k| tree.base(k) == "obl");
                found = deep_object(tree, i)
                    .into_iter()
                    .chain(obliques)
                    .flat_map(|o| prep_words(tree, o, p))
                    .collect();
            }
            found
        }
    }
}

/// The deep subject of verb `v`: its own subject, or the one it inherits
/// through control, coordination, a relative or adverbial clause.
fn deep_subject(tree: &Tree, v: usize, depth: usize) -> Vec<usize> {
    if depth > 4 {
        return Vec::new();
    }
    if tree.passive(v) {
        let agents: Vec<usize> = tree.kids_with(v, "obl:agent").collect();
        if !agents.is_empty() || tree.has_kid(v, "nsubj:pass") {
            return agents;
        }
    }
    let own: Vec<usize> = tree
        .kids_with(v, "nsubj")
        .chain(tree.kids_with(v, "csubj"))
        .collect();
    if !own.is_empty() {
        // A possessor the parser hung as a second subject (`X's minister
        // Y visited`) is no subject: it qualifies the one after it.
        return own.into_iter().filter(|&k| !tree.possessive(k)).collect();
    }
    let Some(h) = tree.head(v) else {
        return Vec::new();
    };
    match tree.rel(v) {
        // Object control (`urged X to visit`), else subject control.
        "xcomp" => {
            let obj: Vec<usize> = tree
                .kids_with(h, "obj")
                .chain(tree.kids_with(h, "iobj"))
                .collect();
            let raised: Vec<usize> = tree.kids_with(h, "nsubj:pass").collect();
            if !obj.is_empty() {
                obj
            } else if !raised.is_empty() {
                // `X was asked by Y to meet Z`, `a state that is prepared
                // to back it`: the passive's subject, not its agent.
                raised
            } else {
                deep_subject(tree, h, depth + 1)
            }
        }
        // Only a real coordination: a clause the parser hung as `conj` with
        // no `and` or `or` in the chain (`X reported Y, recommended …`), or
        // with none before it (`X did not say … but noted … arms supply`,
        // a noun read as a verb), is no second verb of the same subject.
        "conj" if tree.kids_with(h, "conj").any(|c| tree.has_kid(c, "cc")) && tree.joined(v) => {
            deep_subject(tree, h, depth + 1)
        }
        // `expected X to meet Y` with `X` hung as a bare oblique: the
        // parser's object, and the one who is to act; else the main subject.
        "advcl" if tree.mark_of(v).as_deref() == Some("to") => {
            let bare = bare_objects(tree, h, v);
            if bare.is_empty() {
                deep_subject(tree, h, depth + 1)
            } else {
                bare
            }
        }
        // `prevent X from supplying`: the object of the main verb.
        "advcl" if tree.mark_of(v).as_deref() == Some("from") => tree.kids_with(h, "obj").collect(),
        // `…, saying`, `to meet`, `after visiting`: the main subject; a
        // finite clause with no subject of its own is a misparse, and
        // shares none.
        "advcl"
            if !tree.finite(v)
                && tree.mark_of(v).is_none_or(|m| {
                    matches!(
                        m.as_str(),
                        "to" | "by" | "after" | "before" | "while" | "when" | "since" | "on"
                    )
                }) =>
        {
            deep_subject(tree, h, depth + 1)
        }
        "acl" if !tree.passive_participle(v) => vec![h],
        _ => Vec::new(),
    }
}

/// Whether verb `v`'s own subject (not one it shares with another verb:
/// parsers err there) is a common noun phrase that names no actor (`men
/// who attacked X`, `men attacking X`, `gunmen attacked X`): the act is
/// not any named actor's.
fn faceless_subject(tree: &Tree, cx: &Context, v: usize) -> bool {
    let mut subj: Vec<usize> = tree.kids_with(v, "nsubj").collect();
    if subj.is_empty() && tree.rel(v) == "acl" && !tree.passive_participle(v) {
        subj.extend(tree.head(v));
    }
    let antecedent = |w: usize| match tree.words[w].lemma.as_str() {
        "who" | "which" | "that" if tree.words[w].upos == "PRON" => tree.antecedent(w),
        _ => Some(w),
    };
    !subj.is_empty()
        && subj.iter().all(|&w| {
            antecedent(w).is_some_and(|n| {
                tree.words[n].upos == "NOUN"
                    && !is_title_word(cx, &tree.words[n])
                    && noun_phrase(tree, n).all(|d| (cx.actors)(tree.words[d].token).is_empty())
            })
        })
}

/// Word `n` and every word of its noun phrase under it, leaving out the
/// clauses that modify it (`men who attacked X`: not `X`).
fn noun_phrase(tree: &Tree, n: usize) -> impl Iterator<Item = usize> + '_ {
    let mut stack = vec![n];
    std::iter::from_fn(move || {
        let w = stack.pop()?;
        stack.extend(
            tree.kids[w]
                .iter()
                .copied()
                .filter(|&k| tree.base(k) != "acl"),
        );
        Some(w)
    })
}

/// The actors named anywhere in the sentence.
fn sentence_actors(tree: &Tree, cx: &Context) -> Vec<String> {
    let mut ids: Vec<String> = tree
        .words
        .iter()
        .flat_map(|w| (cx.actors)(w.token).iter().cloned())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// `Iran launched missiles targeting X`: a participle on an object that
/// is goods (a weapon, aid) acts for the subject of the verb that took
/// that object; not `police arrested men attacking X`.
fn weapon_user(tree: &Tree, cx: &Context, v: usize, subj: &[usize]) -> Option<Vec<usize>> {
    let [noun] = subj else { return None };
    let h = tree.head(v)?;
    let participle = tree.rel(v) == "acl" && *noun == h && tree.words[v].lower.ends_with("ing");
    let object = &tree.words[h];
    let goods = cx.lex.goods.contains(object.lemma.as_str())
        || cx.lex.goods.contains(object.lower.as_str());
    if !participle || !goods || tree.rel(h) != "obj" {
        return None;
    }
    Some(deep_subject(tree, tree.head(h)?, 0))
}

/// Nominals verb `h` governs as plain `obl` or `xcomp` with no preposition,
/// before its clause `v`: an object the parser mislabelled (`expected X to
/// ...`).
fn bare_objects(tree: &Tree, h: usize, v: usize) -> Vec<usize> {
    tree.kids[h]
        .iter()
        .copied()
        .filter(|&k| k < v && matches!(tree.rel(k), "obl" | "xcomp") && tree.case_of(k).is_none())
        .filter(|&k| matches!(tree.words[k].upos.as_str(), "NOUN" | "PROPN"))
        .collect()
}

/// The complement clauses of verb `v`: its `ccomp`s, and a `that` clause
/// the parser hung on its object as a relative clause although the clause
/// has a subject of its own (`told reporters that X had violated …`).
fn complement_clauses(tree: &Tree, v: usize) -> Vec<usize> {
    let misread = tree.kids[v]
        .iter()
        .copied()
        .filter(|&o| matches!(tree.rel(o), "obj" | "iobj"))
        .flat_map(|o| tree.kids_with(o, "acl:relcl"))
        .filter(|&c| {
            let that = tree.kids[c]
                .iter()
                .any(|&k| tree.words[k].lower == "that" && tree.rel(k) != "nsubj");
            that && tree.has_kid(c, "nsubj")
        });
    tree.kids_with(v, "ccomp").chain(misread).collect()
}

/// Whether verb `v` governs a complement clause with a modal of
/// obligation (`said the minister should resign`), or headed by one the
/// parser took for a verb (`said X ought to resign`, `resign` its `xcomp`).
fn has_deontic_clause(tree: &Tree, cx: &Context, v: usize) -> bool {
    let deontic = |w: usize| {
        cx.lex
            .words
            .deontic_modals
            .contains(tree.words[w].lower.as_str())
    };
    complement_clauses(tree, v)
        .into_iter()
        .any(|c| tree.kids_with(c, "aux").any(deontic) || (deontic(c) && tree.has_kid(c, "xcomp")))
}

/// Who an act noun is laid at: `the attack was blamed on X`, `X blamed
/// the bombing on Y`, `an attack ascribed to X` (`words/attribution_verbs.txt`).
fn blamed_on(tree: &Tree, cx: &Context, n: usize) -> Vec<usize> {
    let governing = tree
        .head(n)
        .filter(|_| matches!(tree.rel(n), "obj" | "nsubj:pass"));
    let participles = tree
        .kids_with(n, "acl")
        .filter(|&v| tree.passive_participle(v));
    governing
        .into_iter()
        .chain(participles)
        .flat_map(|v| {
            tree.kids[v]
                .iter()
                .copied()
                .filter(|&k| tree.base(k) == "obl")
                .filter(move |&k| {
                    tree.case_of(k).is_some_and(|p| {
                        let pair = format!("{}+{p}", tree.words[v].lemma);
                        cx.lex.words.attribution_verbs.contains(&pair)
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Who a role noun describes: the subject of a copula (`X is a critic of
/// Y`) or the name it is in apposition to (`X, a critic of Y`).
fn described(tree: &Tree, n: usize) -> Vec<usize> {
    if let Some(cop) = tree.kids_with(n, "cop").next() {
        // The parser sometimes hangs the subject on the copula itself.
        return tree
            .kids_with(n, "nsubj")
            .chain(tree.kids_with(cop, "nsubj"))
            .collect();
    }
    // `a Ruritania loyalist, Jane Roe, said`: the name in apposition.
    let named: Vec<usize> = tree.kids_with(n, "appos").collect();
    if !named.is_empty() {
        return named;
    }
    match tree.head(n) {
        Some(h) if tree.rel(n) == "appos" => vec![h],
        // `Ruritania loyalist Jane Roe`: a role noun before the name.
        Some(h)
            if matches!(tree.rel(n), "nmod:desc" | "compound")
                && h > n
                && tree.words[h].upos == "PROPN" =>
        {
            vec![h]
        }
        // `a banker and Ruritania loyalist, Jane Roe`.
        Some(h) if tree.rel(n) == "conj" && tree.rel(h) != "conj" => described(tree, h),
        _ => Vec::new(),
    }
}

/// The deep object of `v`: its object, or its passive subject.
fn deep_object(tree: &Tree, v: usize) -> Vec<usize> {
    if tree.passive(v) {
        let subj: Vec<usize> = tree.kids_with(v, "nsubj:pass").collect();
        if !subj.is_empty() {
            return subj;
        }
    }
    if tree.passive_participle(v) {
        if let Some(h) = tree.head(v) {
            return vec![h];
        }
    }
    tree.kids_with(v, "obj").collect()
}

/// The verb a noun trigger is the object or oblique of (`held talks`,
/// `imposed sanctions`, `arrived for talks`).
fn light_verb(tree: &Tree, cx: &Context, n: usize) -> Option<usize> {
    let h = tree.head(n)?;
    let verb = &tree.words[h];
    let object = tree.rel(n) == "obj" || tree.rel(n) == "nsubj:pass";
    let ok = (object && cx.lex.light_verbs.contains(verb.lemma.as_str()))
        // `arrived for talks`, `met for talks`, `freed them after talks`:
        // a purpose or occasion.
        || (tree.base(n) == "obl"
            && matches!(tree.case_of(n).as_deref(), Some("for" | "in" | "at" | "after")));
    (ok && verb.upos == "VERB").then_some(h)
}

/// Dependents of `i` introduced by preposition `p`.
fn prep_words(tree: &Tree, i: usize, p: &str) -> Vec<usize> {
    tree.kids[i]
        .iter()
        .copied()
        .filter(|&k| matches!(tree.base(k), "obl" | "nmod") && tree.rel(k) != "nmod:poss")
        .filter(|&k| tree.case_of(k).as_deref() == Some(p))
        .collect()
}

fn with_phrase(tree: &Tree, i: usize) -> Option<usize> {
    prep_words(tree, i, "with").into_iter().next()
}

fn has_goods_object(tree: &Tree, cx: &Context, i: usize) -> bool {
    let obj = deep_object(tree, i);
    let with = with_phrase(tree, i).into_iter();
    obj.into_iter().chain(with).any(|o| {
        cx.lex.goods.contains(tree.words[o].lemma.as_str())
            || cx.lex.goods.contains(tree.words[o].lower.as_str())
    })
}

/// Whether verb `v` says its object is at fault: a predicate (`xcomp`, an
/// `as` phrase, or the second object or bare noun phrase the parser makes
/// of `called X a disgrace`, hung on the verb or on the first object; a
/// reported clause's predicate: `said X was reckless`, `said X had
/// violated the treaty`) whose head or modifier is a fault word.
fn finds_fault(tree: &Tree, cx: &Context, v: usize) -> bool {
    let objects: Vec<usize> = tree.kids_with(v, "obj").collect();
    let predicates = tree
        .kids_with(v, "xcomp")
        .chain(tree.kids_with(v, "obl:unmarked"))
        .chain(
            complement_clauses(tree, v)
                .into_iter()
                .filter(|&c| affirmed_predicate(tree, cx, c)),
        )
        .chain(objects.iter().skip(1).copied())
        .chain(objects.iter().flat_map(|&o| tree.kids_with(o, "obj")))
        .chain(prep_words(tree, v, "as"))
        .chain(objects.iter().flat_map(|&o| prep_words(tree, o, "as")));
    let fault = |w: usize| {
        cx.lex
            .words
            .fault_words
            .contains(tree.words[w].lemma.to_lowercase().as_str())
    };
    predicates
        .flat_map(|p| std::iter::once(p).chain(tree.kids_with(p, "amod")))
        .any(fault)
}

/// Whether clause `c` is a copular predicate, or a verb (`had violated`,
/// `was lying`), that no negation governs (`was reckless`, not `was not a
/// mistake`).
fn affirmed_predicate(tree: &Tree, cx: &Context, c: usize) -> bool {
    (tree.has_kid(c, "cop") || tree.words[c].upos == "VERB")
        && !tree.kids[c]
            .iter()
            .any(|&k| cue(cx, &tree.words[k]) == Some(CueKind::Negation))
}

/// Whether the object of `i` names an act (`the ruling`, `his remarks`).
fn has_act_object(tree: &Tree, cx: &Context, i: usize) -> bool {
    deep_object(tree, i).into_iter().any(|o| {
        cx.lex
            .words
            .act_nouns
            .contains(tree.words[o].lower.as_str())
    })
}

/// Whose owner stands for a non-actor argument.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// Anything an actor owns (`condemned Turkey's decision`).
    Anything,
    /// The agent of an act or claim (`denied the US allegations`).
    Event,
    /// No owner: one meets or talks with actors, not with their acts
    /// (`met Ankara's demands`).
    Never,
}

impl Owner {
    fn of(frame: &Frame, target: bool) -> Owner {
        if target && frame.flags.possessor {
            Owner::Anything
        } else if target && frame.flags.mutual {
            Owner::Never
        } else {
            Owner::Event
        }
    }
}

/// The actors a word stands for, or, for an event noun, the actor behind
/// the event (`supports its war` → the possessor of `war`).
fn actors_or_event(tree: &Tree, cx: &Context, w: usize, owner: Owner) -> Vec<String> {
    let ids = actors(tree, cx, w, 0);
    if !ids.is_empty() || tree.words[w].upos != "NOUN" || owner == Owner::Never {
        return ids;
    }
    // An act or a claim: `its war`, `U.S. allegations`, `Iran's threats`;
    // for a frame that says so, anything an actor owns (`condemned
    // Turkey's decision`).
    let event = owner == Owner::Anything
        || cx
            .lex
            .frames
            .of(TriggerPos::Noun, &tree.words[w].lemma)
            .next()
            .is_some()
        || matches!(cue(cx, &tree.words[w]), Some(CueKind::Carrier));
    if !event {
        return Vec::new();
    }
    // `Russia's war`, `the Russian invasion`, `the US airstrike`.
    agents(tree, cx, w).0
}

/// The actors behind an event noun: its possessor and state modifiers. A
/// possessive pronoun under a quantified subject (`any state prepared to
/// support its war`) belongs to that subject, so the actor it was resolved
/// to is too unsure to be the agent, and is returned second.
fn agents(tree: &Tree, cx: &Context, w: usize) -> (Vec<String>, Vec<String>) {
    let (mut sure, mut unsure) = (Vec::new(), Vec::new());
    let act = cx
        .lex
        .words
        .act_nouns
        .contains(tree.words[w].lower.as_str());
    for k in tree.kids[w].iter().copied() {
        // `the invasion by Russia`; `the decision of Hungary` (but `the
        // invasion of Ukraine` names what was invaded).
        let agent_phrase = tree.rel(k) == "nmod"
            && match tree.case_of(k).as_deref() {
                Some("by") => true,
                Some("of") => act,
                _ => false,
            };
        if !matches!(tree.rel(k), "nmod:poss" | "amod" | "compound") && !agent_phrase {
            continue;
        }
        let ids = actors(tree, cx, k, 0);
        if tree.words[k].upos == "PRON" && !no_quantified_subject_above(tree, w) {
            unsure.extend(ids);
        } else {
            sure.extend(ids);
        }
    }
    (sure, unsure)
}

/// Whether a possessive pronoun under `w` may stand for an actor named
/// before it: no quantified subject (`any state that ...`) governs it.
fn no_quantified_subject_above(tree: &Tree, w: usize) -> bool {
    let mut cur = w;
    for _ in 0..8 {
        let Some(h) = tree.head(cur) else {
            return true;
        };
        if let Some(&first) = deep_subject(tree, h, 0).first() {
            // `any state that backs its war`: the pronoun belongs to the
            // quantified subject, not to an actor named before it, even
            // one the quantified phrase is coordinated with (`X or any
            // other state that backs its war`).
            return !quantified(tree, first);
        }
        cur = h;
    }
    true
}

/// A quantified noun phrase (`any other state`, `every country`), or a
/// relative pronoun standing for one.
fn quantified(tree: &Tree, w: usize) -> bool {
    let np = match tree.words[w].upos.as_str() {
        "PRON" => tree.antecedent(w).unwrap_or(w),
        _ => w,
    };
    tree.kids[np].iter().any(|&k| {
        let lemma = tree.words[k].lemma.as_str();
        (tree.rel(k) == "det" && matches!(lemma, "any" | "every" | "each" | "no" | "another"))
            || (tree.rel(k) == "amod" && lemma == "other")
    })
}

/// The actors a word names, itself and through what it heads: the words
/// coordinated with it, an apposition, the body a role noun speaks for
/// (`a spokesman for the Kremlin`), the antecedent of a relative pronoun.
fn actors(tree: &Tree, cx: &Context, w: usize, depth: usize) -> Vec<String> {
    if depth > 3 {
        return Vec::new();
    }
    let mut ids: Vec<String> = (cx.actors)(tree.words[w].token).to_vec();
    if ids.is_empty() {
        ids = through_head_word(tree, cx, w, depth);
    }
    for c in tree.kids_with(w, "conj") {
        for id in actors(tree, cx, c, depth + 1) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

fn through_head_word(tree: &Tree, cx: &Context, w: usize, depth: usize) -> Vec<String> {
    let word = &tree.words[w];
    if word.upos == "PRON" && matches!(word.lemma.as_str(), "who" | "which" | "that") {
        return tree
            .antecedent(w)
            .map_or_else(Vec::new, |a| actors(tree, cx, a, depth + 1));
    }
    for k in tree.kids_with(w, "appos").chain(tree.kids_with(w, "flat")) {
        let ids = (cx.actors)(tree.words[k].token);
        if !ids.is_empty() {
            return ids.to_vec();
        }
    }
    let role = cx.lex.actor_nouns.contains(word.lemma.as_str())
        || cx.lex.actor_nouns.contains(word.lower.as_str())
        || cx.lex.titles.contains_key(word.lemma.as_str())
        || cx.lex.titles.contains_key(word.lower.as_str());
    if !role {
        return Vec::new();
    }
    // `president Vladimir Putin`, whatever the parser made of it.
    let named = person_after_title(tree, cx, w);
    if !named.is_empty() {
        return named;
    }
    // `a spokesman for the Kremlin`, `Russian officials`, `Iran's envoy`.
    for k in tree.kids[w].iter().copied() {
        let body = match tree.rel(k) {
            "nmod" => matches!(tree.case_of(k).as_deref(), Some("of" | "for" | "at")),
            "amod" | "compound" | "nmod:poss" => true,
            _ => false,
        };
        if body {
            let ids = actors(tree, cx, k, depth + 1);
            if !ids.is_empty() {
                return ids;
            }
        }
        // `a U.S.-led coalition`: the leader of the group.
        if tree.rel(k) == "amod" && tree.words[k].lemma == "lead" {
            for l in tree.kids[k].iter().copied() {
                let ids = actors(tree, cx, l, depth + 1);
                if !ids.is_empty() {
                    return ids;
                }
            }
        }
    }
    Vec::new()
}

fn cue(cx: &Context, w: &Dep) -> Option<CueKind> {
    cx.lex
        .cues
        .get(w.lower.as_str())
        .or_else(|| cx.lex.cues.get(w.lemma.as_str()))
        .copied()
}

/// The hedges and negations along the scope chain of a trigger: on each
/// word's auxiliaries, marks and adverbs, and the governing words
/// themselves (`refused to meet`, `plans to visit`, `is said to have`).
fn chain_cues(tree: &Tree, cx: &Context, chain: &[usize], frame: &Frame) -> (bool, bool) {
    let mut hedged = false;
    let mut negated = false;
    for (n, &w) in chain.iter().enumerate() {
        for &k in &tree.kids[w] {
            let kid = &tree.words[k];
            match (tree.base(k), cue(cx, kid)) {
                ("advmod" | "aux" | "det" | "mark" | "cc:preconj", Some(CueKind::Negation)) => {
                    negated = true
                }
                ("aux" | "mark" | "advmod", Some(CueKind::Hedge)) => hedged = true,
                _ => {}
            }
        }
        if n == 0 {
            continue;
        }
        // `X is said to have attacked Y`: hearsay.
        if tree.passive(w) && is_speech(tree, cx, w) {
            hedged = true;
        }
        match cue(cx, &tree.words[w]) {
            Some(CueKind::Negation) => negated = true,
            Some(CueKind::Hedge | CueKind::Carrier) => hedged = true,
            Some(CueKind::Commit) if !frame.flags.pledge => hedged = true,
            Some(CueKind::Reset) => hedged = false,
            _ => {}
        }
    }
    (hedged, negated)
}

/// The certainty of trigger `i`, or `Err(verb)` when the deny verb `verb`
/// governs it (the denial is its own fact).
fn certainty(tree: &Tree, cx: &Context, i: usize, frame: &Frame) -> Result<Certainty, usize> {
    let chain = scope_chain(tree, cx, i);
    let (mut hedged, negated) = chain_cues(tree, cx, &chain, frame);
    let top = *chain.last().unwrap_or(&i);
    if future_host(tree, cx, top) {
        hedged = true;
    }
    // A purpose: `flew to Beijing to meet Xi`, `arrived for talks`.
    if tree.base(top) == "advcl" && tree.mark_of(top).as_deref() == Some("to") {
        hedged = true;
    }
    if tree.base(i) == "obl" && tree.case_of(i).as_deref() == Some("for") {
        hedged = true;
    }
    // Kept from it: `dissuade X from supplying`, `prevent X from attacking`.
    if tree.base(top) == "advcl" && tree.mark_of(top).as_deref() == Some("from") {
        hedged = true;
    }
    // A request: `urged X to hold talks` is asked for, not done.
    let requested = chain[1..].iter().any(|&w| {
        cx.lex
            .frames
            .of(TriggerPos::Verb, &tree.words[w].lemma)
            .any(|f| f.flags.request)
    });
    if requested {
        hedged = true;
    }
    if let Some(h) = tree.head(top) {
        if matches!(tree.base(top), "ccomp" | "acl" | "advcl" | "xcomp")
            && !adverbial(tree, cx, top)
        {
            let gov = &tree.words[h];
            let denial = cx
                .lex
                .frames
                .of(TriggerPos::Verb, &gov.lemma)
                .any(|f| f.flags.deny);
            // A denial governs a claimed act, not a speech act.
            if denial && tree.base(top) == "ccomp" && !frame.flags.deny && !frame.flags.speech {
                return Err(h);
            }
            let governing = tree.base(top) == "ccomp" || tree.base(top) == "acl";
            match cue(cx, gov) {
                Some(CueKind::Carrier) if !frame.flags.speech => hedged = true,
                // `expects that X will meet Y`, `hopes that …`.
                Some(CueKind::Hedge) if governing => hedged = true,
                _ => {}
            }
        }
    }
    Ok(if negated {
        Certainty::Negated
    } else if hedged {
        Certainty::Hedged
    } else {
        Certainty::Asserted
    })
}

/// Whether an event noun with no agent of its own is the object of a
/// verb with a modal of what is to come (`will host talks between X and
/// Y`): the event is planned. One with its own agent is not (`will
/// condemn X's invasion of Y`), and a negation there says nothing of the
/// event (`did not attend the talks`).
fn future_host(tree: &Tree, cx: &Context, n: usize) -> bool {
    let own_agent = tree.kids[n]
        .iter()
        .any(|&k| matches!(tree.rel(k), "nmod:poss" | "amod" | "compound"))
        || !prep_words(tree, n, "by").is_empty();
    tree.words[n].upos == "NOUN"
        && !own_agent
        && tree.rel(n) == "obj"
        && tree.head(n).is_some_and(|h| {
            tree.kids_with(h, "aux")
                .any(|a| cue(cx, &tree.words[a]) == Some(CueKind::Hedge))
        })
}

/// A clause of time, contrast or reason (`While X urged Y …`), which the
/// verb it hangs on does not say, deny or claim.
fn adverbial(tree: &Tree, cx: &Context, w: usize) -> bool {
    tree.base(w) == "advcl"
        && tree
            .mark_of(w)
            .is_some_and(|m| cx.lex.words.adverbial_marks.contains(m.as_str()))
}

/// `X denied that it supplied Y`: X denies the other party of the claim.
fn denials(tree: &Tree, cx: &Context, denied: &[Denied]) -> Vec<TreeFact> {
    let mut out = Vec::new();
    for d in denied {
        let deniers: Vec<String> = deep_subject(tree, d.verb, 0)
            .into_iter()
            .flat_map(|w| actors(tree, cx, w, 0))
            .collect();
        for denier in deniers {
            let other = if denier == d.source {
                &d.target
            } else if denier == d.target {
                &d.source
            } else {
                continue;
            };
            out.push(TreeFact {
                source: denier.clone(),
                relation: "denies".into(),
                target: other.clone(),
                certainty: Certainty::Asserted,
                speaker: speaker(tree, cx, d.verb),
                trigger: d.verb,
            });
        }
    }
    out
}

/// Whether the frame's subject at trigger `i` is `we`, `I` or `us`.
fn first_person_subject(tree: &Tree, cx: &Context, i: usize, frame: &Frame) -> bool {
    frame.source.iter().any(|slot| {
        slot_words(tree, cx, i, slot, frame.pos)
            .into_iter()
            .any(|w| {
                let word = &tree.words[w];
                word.upos == "PRON" && matches!(word.lemma.as_str(), "we" | "i" | "us")
            })
    })
}

/// The trigger and the words whose negation or modality it takes: the
/// verbs it is the complement of through control (`plans to visit`,
/// `refused to meet`), and a noun's light verb (`did not hold talks`).
fn scope_chain(tree: &Tree, cx: &Context, i: usize) -> Vec<usize> {
    let mut chain = vec![i];
    let mut cur = i;
    if tree.words[i].upos == "NOUN" {
        // `did not hold talks`, `the talks never happened`, `believes the
        // talks are advancing`, `a meeting is planned`.
        let subject_of = tree
            .head(i)
            .filter(|&h| match tree.rel(i) {
                "nsubj" => true,
                // Only a verb that hedges what it governs: `has not
                // condemned the invasion` does not deny the invasion.
                "nsubj:pass" | "obj" => {
                    matches!(
                        cue(cx, &tree.words[h]),
                        Some(CueKind::Hedge | CueKind::Carrier)
                    )
                }
                _ => false,
            })
            .filter(|&h| tree.words[h].upos == "VERB");
        match light_verb(tree, cx, i).or(subject_of) {
            Some(v) => {
                chain.push(v);
                cur = v;
            }
            None => return chain,
        }
    }
    while chain.len() < 6 {
        match tree.head(cur) {
            Some(h) if tree.rel(cur) == "xcomp" || gerund_complement(tree, cur, h) => {
                chain.push(h);
                cur = h;
            }
            _ => break,
        }
    }
    chain
}

/// A bare gerund right after its verb (`is considering sending`, `began
/// shelling`), which parsers also hang as `advcl`: a complement all the
/// same, so the verb's hedges and negations reach it.
fn gerund_complement(tree: &Tree, w: usize, head: usize) -> bool {
    w == head + 1
        && tree.base(w) == "advcl"
        && tree.mark_of(w).is_none()
        && tree.words[w].lower.ends_with("ing")
        && !tree.has_kid(w, "nsubj")
}

/// Who says the clause of trigger `i`: the subject of a speech verb that
/// governs it (`X said Y …`, `…, X said`), or the `according to` actor.
fn speaker(tree: &Tree, cx: &Context, i: usize) -> Option<String> {
    let mut cur = i;
    for _ in 0..8 {
        // `according to X` anywhere on the way up.
        for k in &tree.kids[cur] {
            if tree.case_of(*k).as_deref() == Some("according to") {
                if let Some(id) = actors(tree, cx, *k, 0).into_iter().next() {
                    return Some(id);
                }
            }
        }
        // `…, X said`: a speech verb in parataxis under the clause.
        for k in tree.kids_with(cur, "parataxis") {
            if is_speech(tree, cx, k) {
                return subject_actor(tree, cx, k);
            }
        }
        let h = tree.head(cur)?;
        if matches!(tree.base(cur), "ccomp" | "parataxis") && is_speech(tree, cx, h) {
            return subject_actor(tree, cx, h);
        }
        cur = h;
    }
    None
}

fn is_speech(tree: &Tree, cx: &Context, v: usize) -> bool {
    let w = &tree.words[v];
    matches!(cue(cx, w), Some(CueKind::Speech))
        || cx
            .lex
            .frames
            .of(TriggerPos::Verb, &w.lemma)
            .any(|f| f.flags.speech)
}

fn subject_actor(tree: &Tree, cx: &Context, v: usize) -> Option<String> {
    let subjects = deep_subject(tree, v, 0);
    let pronoun = subjects
        .first()
        .is_some_and(|&s| is_personal_pronoun(&tree.words[s]));
    if pronoun {
        // `X, the spokesman, said: "…," he said`: the person named before
        // the pronoun outside the quotes; else the last speaker before the
        // sentence (`Since then, he said, …`).
        if let Some(p) = subjects
            .first()
            .and_then(|&s| person_before_outside_quotes(tree, cx, s))
        {
            return Some(p);
        }
        if let Some(sp) = &cx.previous_speaker {
            return Some(sp.clone());
        }
    }
    subjects
        .into_iter()
        .find_map(|s| actors(tree, cx, s, 0).into_iter().next())
}

fn is_quote_mark(w: &Dep) -> bool {
    matches!(
        w.lower.as_str(),
        "\"" | "\u{201c}" | "\u{201d}" | "``" | "''"
    )
}

/// Whether word `i` stands inside quotation marks (the sentence opens
/// outside them).
fn inside_quotes(tree: &Tree, i: usize) -> bool {
    tree.words[..i].iter().filter(|w| is_quote_mark(w)).count() % 2 == 1
}

/// The last person named before word `s` and outside quotation marks.
fn person_before_outside_quotes(tree: &Tree, cx: &Context, s: usize) -> Option<String> {
    let mut quoted = false;
    let mut found = None;
    for w in &tree.words[..s] {
        if is_quote_mark(w) {
            quoted = !quoted;
            continue;
        }
        let person = (cx.actors)(w.token)
            .iter()
            .find(|id| (cx.kind)(id) == Some(NodeType::Person));
        if let (false, Some(p)) = (quoted, person) {
            found = Some(p.clone());
        }
    }
    found
}

fn is_personal_pronoun(w: &Dep) -> bool {
    w.upos == "PRON" && matches!(w.lemma.as_str(), "he" | "she" | "his" | "her" | "him")
}

/// The last speaker the sentence names outright (not by a pronoun): the
/// subject of its last speech verb, or its `according to` actor.
pub fn named_speaker(tree: &Tree, cx: &Context) -> Option<String> {
    let mut found = None;
    for v in 0..tree.words.len() {
        if tree.case_of(v).as_deref() == Some("according to") {
            found = actors(tree, cx, v, 0).into_iter().next().or(found);
        }
        if tree.words[v].upos == "VERB" && is_speech(tree, cx, v) {
            let subjects = deep_subject(tree, v, 0);
            if subjects
                .first()
                .is_some_and(|&s| !is_personal_pronoun(&tree.words[s]))
            {
                found = subjects
                    .into_iter()
                    .find_map(|s| actors(tree, cx, s, 0).into_iter().next())
                    .or(found);
            }
        }
    }
    found
}

/// An affiliation a title gives: `leads` or `member_of`, with the role.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TreeAffiliation {
    pub person: String,
    pub organisation: String,
    pub relation: String,
    pub role: String,
}

/// Affiliations from titles the tree ties to a person and a body: `X, the
/// president of Y`, `X is Y's foreign minister`, `President X of Y`,
/// `Y leader X` (each title phrase read from `titles.tsv`).
pub fn affiliations(tree: &Tree, cx: &Context) -> Vec<TreeAffiliation> {
    let mut out = Vec::new();
    for w in 0..tree.words.len() {
        if tree.words[w].upos != "NOUN" && tree.words[w].upos != "PROPN" {
            continue;
        }
        let Some((title, parts)) = title_of(tree, cx, w) else {
            continue;
        };
        if title.role == posts::COUNTERPART {
            // Its post is the one of whom it is the counterpart: the
            // entity pass's titles read it (`posts::counterparts`).
            continue;
        }
        let persons = title_holders(tree, cx, w);
        let mut bodies = title_bodies(tree, cx, w, &parts);
        for &p in &persons {
            // `President X of Y`: the body may follow the name.
            bodies.extend(of_body(tree, cx, p));
        }
        bodies.sort();
        bodies.dedup();
        // `Labour committee chairman`: he chairs the committee, and is
        // only a member of the party.
        let relation = if unnamed_body_modifier(tree, cx, w) {
            "member_of".to_string()
        } else {
            title.relation.clone()
        };
        for person in persons.iter().flat_map(|&p| holders(tree, cx, p)) {
            if (cx.kind)(&person) != Some(NodeType::Person) {
                continue;
            }
            for org in &bodies {
                out.push(TreeAffiliation {
                    person: person.clone(),
                    organisation: org.clone(),
                    relation: relation.clone(),
                    role: title.role.clone(),
                });
            }
        }
    }
    out.extend(members_of(tree, cx));
    out.extend(founders(tree, cx));
    out.extend(seats_on(tree, cx));
    let led: Vec<(String, String)> = out
        .iter()
        .filter(|a| a.relation == "leads")
        .map(|a| (a.person.clone(), a.organisation.clone()))
        .collect();
    // `Labour leader X` leads the party: no second edge saying less.
    out.extend(
        party_members(tree, cx)
            .into_iter()
            .filter(|a| !led.contains(&(a.person.clone(), a.organisation.clone()))),
    );
    out.sort();
    out.dedup();
    out
}

/// `X co-founded the party`, `the group was founded by X`: the founder's
/// affiliation (the title `founder`) with what the verb founded.
fn founders(tree: &Tree, cx: &Context) -> Vec<TreeAffiliation> {
    let Some(title) = cx.lex.titles.get("founder") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for v in 0..tree.words.len() {
        let word = &tree.words[v];
        if word.upos != "VERB" || !cx.lex.words.founding_verbs.contains(word.lemma.as_str()) {
            continue;
        }
        let founded: Vec<String> = deep_object(tree, v)
            .into_iter()
            .flat_map(|o| actors(tree, cx, o, 0))
            .filter(|id| (cx.kind)(id) == Some(NodeType::Institution))
            .collect();
        let persons = deep_subject(tree, v, 0);
        out.extend(pair_up(
            tree,
            cx,
            &persons,
            &founded,
            &title.relation,
            &title.role,
        ));
    }
    out
}

/// The affiliations of the persons among words `members` with the bodies
/// `bodies`.
fn pair_up(
    tree: &Tree,
    cx: &Context,
    members: &[usize],
    bodies: &[String],
    relation: &str,
    role: &str,
) -> Vec<TreeAffiliation> {
    let persons = members
        .iter()
        .flat_map(|&m| actors(tree, cx, m, 0))
        .filter(|id| (cx.kind)(id) == Some(NodeType::Person));
    persons
        .flat_map(|person| {
            bodies.iter().map(move |org| TreeAffiliation {
                person: person.clone(),
                organisation: org.clone(),
                relation: relation.to_string(),
                role: role.to_string(),
            })
        })
        .collect()
}

/// `X was on the board of Y`, `X sits on Y's board`: a member of Y.
fn seats_on(tree: &Tree, cx: &Context) -> Vec<TreeAffiliation> {
    let mut out = Vec::new();
    for n in 0..tree.words.len() {
        let word = &tree.words[n];
        let on = tree.case_of(n).as_deref() == Some("on");
        if word.upos != "NOUN"
            || !on
            || !cx.lex.words.membership_nouns.contains(word.lemma.as_str())
        {
            continue;
        }
        // `X was on the board`: the copula's subject; `X sits on it`: the verb's.
        let members = match tree.head(n) {
            Some(v) if tree.base(n) == "obl" => {
                if !cx
                    .lex
                    .words
                    .sitting_verbs
                    .contains(tree.words[v].lemma.as_str())
                {
                    continue;
                }
                deep_subject(tree, v, 0)
            }
            _ => tree.kids_with(n, "nsubj").collect(),
        };
        let bodies: Vec<String> = prep_words(tree, n, "of")
            .into_iter()
            .chain(tree.kids_with(n, "nmod:poss"))
            .flat_map(|b| actors(tree, cx, b, 0))
            .filter(|id| (cx.kind)(id) == Some(NodeType::Institution))
            .collect();
        out.extend(pair_up(
            tree,
            cx,
            &members,
            &bodies,
            "member_of",
            &word.lemma,
        ));
    }
    out
}

/// Whether title `w` has a common noun naming an unnamed body before it
/// (`committee` in `Labour committee chairman`, but not `party` where
/// `Labour party` names the party).
fn unnamed_body_modifier(tree: &Tree, cx: &Context, w: usize) -> bool {
    tree.kids_with(w, "compound").any(|k| {
        let word = &tree.words[k];
        word.upos == "NOUN"
            && (cx.actors)(word.token).is_empty()
            && cx.lex.is_org_word_lower(&word.lower)
    })
}

/// `X of Y` with no title, for a person and an organisation: `Jane Roe of
/// Leiden University` works there.
fn members_of(tree: &Tree, cx: &Context) -> Vec<TreeAffiliation> {
    let mut out = Vec::new();
    for p in 0..tree.words.len() {
        // The tagger may read a surname as a common noun (`Peers`): the
        // mention, not the tag, says it is a name.
        let name_head = tree.rel(p) != "flat" && tree.rel(p) != "compound";
        let nominal = matches!(tree.words[p].upos.as_str(), "PROPN" | "NOUN");
        if !nominal || !name_head || title_of(tree, cx, p).is_some() {
            continue;
        }
        let persons: Vec<String> = (cx.actors)(tree.words[p].token)
            .iter()
            .filter(|id| (cx.kind)(id) == Some(NodeType::Person))
            .cloned()
            .collect();
        if persons.is_empty()
            || tree.kids[p]
                .iter()
                .any(|&k| title_of(tree, cx, k).is_some())
        {
            continue;
        }
        for org in of_body(tree, cx, p) {
            if (cx.kind)(&org) != Some(NodeType::Institution) {
                continue;
            }
            for person in &persons {
                out.push(TreeAffiliation {
                    person: person.clone(),
                    organisation: org.clone(),
                    relation: "member_of".into(),
                    role: String::new(),
                });
            }
        }
    }
    out
}

/// Party membership from a party's word before a person or the title the
/// person holds: `Labour MP Jane Roe`, `a Green, Jane Roe`, `two Liberal
/// senators, Jane Roe and John Doe`.
fn party_members(tree: &Tree, cx: &Context) -> Vec<TreeAffiliation> {
    let mut out = Vec::new();
    if cx.parties.is_empty() {
        return out;
    }
    for p in 0..tree.words.len() {
        if matches!(tree.rel(p), "flat" | "compound") {
            continue;
        }
        let persons: Vec<String> = (cx.actors)(tree.words[p].token)
            .iter()
            .filter(|id| (cx.kind)(id) == Some(NodeType::Person))
            .cloned()
            .collect();
        if persons.is_empty() {
            continue;
        }
        let mut parties: Vec<String> = described_by(tree, p)
            .into_iter()
            .flat_map(|n| modifiers(tree, n))
            .chain(person_phrase_before(tree, cx, p))
            .chain(nominations(tree, cx, p))
            .filter_map(|w| party_named(tree, cx, w))
            .collect();
        parties.sort();
        parties.dedup();
        for party in parties {
            for person in &persons {
                out.push(TreeAffiliation {
                    person: person.clone(),
                    organisation: party.clone(),
                    relation: "member_of".into(),
                    role: String::new(),
                });
            }
        }
    }
    out
}

/// The nouns that describe the person at `p`: the name itself, a noun in
/// apposition either way, and for a conjunct the same of the first.
fn described_by(tree: &Tree, p: usize) -> Vec<usize> {
    let mut out = vec![p];
    let first = if tree.rel(p) == "conj" {
        tree.head(p).unwrap_or(p)
    } else {
        p
    };
    out.push(first);
    out.extend(tree.kids_with(first, "appos"));
    if tree.rel(first) == "appos" {
        out.extend(tree.head(first));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The words of the noun phrase right before the name at `p` (or before
/// the first of a coordination), over one comma: `Labour MP`, `a Green,`,
/// `two Liberal senators,`. Read from the order of the words, as the
/// parser often misses such appositions.
fn noun_phrase_before(tree: &Tree, cx: &Context, p: usize) -> Vec<usize> {
    let mut first = p;
    while tree.rel(first) == "conj" {
        first = tree.head(first).unwrap_or(first);
    }
    let actor = (cx.actors)(tree.words[first].token);
    let mut k = first;
    while k > 0 && (cx.actors)(tree.words[k - 1].token) == actor {
        k -= 1;
    }
    if k > 0 && tree.words[k - 1].lower == "," {
        k -= 1;
    }
    let mut out = Vec::new();
    while k > 0 && out.len() < 5 {
        let w = &tree.words[k - 1];
        if !matches!(w.upos.as_str(), "NOUN" | "PROPN" | "ADJ" | "NUM" | "DET") {
            break;
        }
        out.push(k - 1);
        k -= 1;
    }
    out
}

/// [`noun_phrase_before`] when its last word can name the person: a title
/// (`Labour MP`, `Liberal senators`) or a party's word itself (`a Green,`),
/// not any noun (`Democratic values, X said`).
fn person_phrase_before(tree: &Tree, cx: &Context, p: usize) -> Vec<usize> {
    let words = noun_phrase_before(tree, cx, p);
    let Some(&last) = words.first() else {
        return words;
    };
    let w = &tree.words[last];
    let names_person = cx.lex.title_number(&w.lower).is_some()
        || party_of_word(cx.parties, &w.lower).is_some()
        || party_named(tree, cx, last).is_some();
    if names_person {
        words
    } else {
        Vec::new()
    }
}

/// Word `n` and its modifiers, two levels down (`Labour party chairman`).
/// The words that modify a nomination person `p` runs for: `X is a
/// candidate for the Democratic nomination`, `X, a front runner for the
/// Labour Party's nomination` (`words/nomination_nouns.txt`).
fn nominations(tree: &Tree, cx: &Context, p: usize) -> Vec<usize> {
    let predicate = tree
        .head(p)
        .filter(|&n| tree.rel(p) == "nsubj" && tree.has_kid(n, "cop"));
    let mut out = Vec::new();
    for n in predicate.into_iter().chain(tree.kids_with(p, "appos")) {
        // `one of the front runners for …`: the `of` phrase's noun too.
        let nouns = std::iter::once(n).chain(tree.kids_with(n, "nmod"));
        for k in nouns.flat_map(|m| tree.kids_with(m, "nmod")) {
            let lemma = tree.words[k].lemma.as_str();
            if tree.case_of(k).as_deref() == Some("for")
                && cx.lex.words.nomination_nouns.contains(lemma)
            {
                out.extend(
                    tree.kids[k]
                        .iter()
                        .copied()
                        .filter(|&m| matches!(tree.rel(m), "amod" | "compound" | "nmod:poss")),
                );
            }
        }
    }
    out.into_iter().flat_map(|m| modifiers(tree, m)).collect()
}

fn modifiers(tree: &Tree, n: usize) -> Vec<usize> {
    let is_mod = |k: &usize| matches!(tree.rel(*k), "amod" | "compound" | "nmod:desc");
    let mut out = vec![n];
    for k in tree.kids[n].iter().copied().filter(is_mod) {
        out.push(k);
        out.extend(tree.kids[k].iter().copied().filter(is_mod));
    }
    out
}

/// The party a word names, when it is a capitalised word of no other
/// actor: `Labour`, `Republican`, `Democrats` (`Democrat` + `ic`).
fn party_named(tree: &Tree, cx: &Context, w: usize) -> Option<String> {
    let word = &tree.words[w];
    let named = (cx.actors)(word.token);
    if let Some((_, id)) = cx.parties.iter().find(|(_, id)| named.contains(id)) {
        return Some(id.clone());
    }
    if !named.is_empty() || !word.capital {
        return None;
    }
    party_of_word(cx.parties, &word.lower).cloned()
}

/// The party whose members a lower-case word names, among a document's
/// parties by their word: `labour`, `republicans`, `democrats`
/// (`democrat` + `ic`).
pub fn party_of_word<'a>(parties: &'a [(String, String)], form: &str) -> Option<&'a String> {
    let singular = form.strip_suffix('s').unwrap_or(form);
    parties
        .iter()
        .find(|(name, _)| {
            [form, singular]
                .iter()
                .any(|f| name == f || name.strip_suffix("ic") == Some(*f))
        })
        .map(|(_, id)| id)
}

/// The title whose head is word `w`, with the words that spell it
/// (`prime minister`: `prime` is a modifier of `minister`).
fn title_of(tree: &Tree, cx: &Context, w: usize) -> Option<(Title, Vec<usize>)> {
    let mods: Vec<usize> = tree.kids[w]
        .iter()
        .copied()
        .filter(|&k| k < w && matches!(tree.rel(k), "compound" | "amod"))
        .collect();
    // The longest phrase of trailing modifiers and the head.
    for start in 0..=mods.len() {
        let parts: Vec<usize> = mods[start..].iter().copied().chain([w]).collect();
        let phrase = parts
            .iter()
            .map(|&k| tree.words[k].lower.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let lemma_phrase = if parts.len() == 1 {
            tree.words[w].lemma.clone()
        } else {
            phrase.clone()
        };
        if let Some(t) = cx
            .lex
            .titles
            .get(&phrase)
            .or_else(|| cx.lex.titles.get(&lemma_phrase))
        {
            return Some((t.clone(), parts));
        }
    }
    None
}

/// Who holds the title at `w`: the name it modifies (`President X`), the
/// name it is in apposition to (`X, the president`), the name in
/// apposition to it (`the president, X`), the subject of a copula (`X is
/// the president`).
/// The actors a title's holder `p` names, with the persons coordinated
/// with it, except those with a title of their own (`the Ruritanian
/// minister X and the Borduran premier Y`: Y holds only the second).
fn holders(tree: &Tree, cx: &Context, p: usize) -> Vec<String> {
    let mut ids = actors(tree, cx, p, 0);
    for c in tree.kids_with(p, "conj") {
        let titled = tree.kids[c].iter().any(|&k| {
            matches!(tree.rel(k), "nmod:desc" | "compound" | "appos")
                && title_of(tree, cx, k).is_some()
        });
        if titled {
            let own = actors(tree, cx, c, 1);
            ids.retain(|id| !own.contains(id));
        }
    }
    ids
}

fn title_holders(tree: &Tree, cx: &Context, w: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if let Some(h) = tree.head(w) {
        if matches!(tree.rel(w), "compound" | "appos" | "flat" | "nmod:desc") {
            out.push(h);
        }
    }
    for k in tree.kids[w].iter().copied() {
        match tree.rel(k) {
            "appos" | "flat" => out.push(k),
            "nsubj" if tree.has_kid(w, "cop") => out.push(k),
            _ => {}
        }
    }
    out.extend(given_the_title(tree, cx, w));
    out.retain(|&p| !actors(tree, cx, p, 0).is_empty());
    out
}

/// Who a verb of becoming gives title `w` as its complement: `X became
/// leader`, `X was elected president`, `the assembly elected X speaker`.
/// Only the verb's own subject or object: `X hopes to become leader` says
/// nothing yet.
fn given_the_title(tree: &Tree, cx: &Context, w: usize) -> Vec<usize> {
    let Some(v) = tree.head(w) else {
        return Vec::new();
    };
    let verb = &tree.words[v];
    if tree.rel(w) != "xcomp" || !cx.lex.words.title_verbs.contains(verb.lemma.as_str()) {
        return Vec::new();
    }
    let object: Vec<usize> = tree.kids_with(v, "obj").collect();
    if !object.is_empty() {
        return object;
    }
    tree.kids_with(v, "nsubj")
        .chain(tree.kids_with(v, "nsubj:pass"))
        .collect()
}

/// The body a title at `w` is held in: `of`/`for`/`at` phrases, and state or
/// organisation modifiers that are not part of the title's own words.
fn title_bodies(tree: &Tree, cx: &Context, w: usize, parts: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in tree.kids[w].iter().copied().filter(|k| !parts.contains(k)) {
        let body = match tree.rel(k) {
            "nmod" => matches!(tree.case_of(k).as_deref(), Some("of" | "for" | "at")),
            "amod" | "compound" | "nmod:poss" => true,
            // `X, the Freedonian special envoy`, with the state hung as
            // a subject of the apposed title: a modifier misread.
            "nsubj" => {
                k < w && matches!(tree.rel(w), "appos" | "nmod:desc") && !tree.has_kid(w, "cop")
            }
            _ => false,
        };
        if body && one_phrase(tree, k, w) {
            out.extend(organisations(tree, cx, k));
        }
    }
    // A modifier of the title's first word: `Russian Defense Minister`.
    for &p in parts.iter().filter(|&&p| p != w) {
        for k in tree.kids[p].iter().copied() {
            if matches!(tree.rel(k), "amod" | "compound" | "nmod:poss") && one_phrase(tree, k, p) {
                out.extend(organisations(tree, cx, k));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether modifier `k` before word `w` is in one noun phrase with it: no
/// `and` or comma between them (`Ruritanian President X and Freedonian
/// leader Y`: `Ruritanian` does not reach `leader`, however it is parsed).
fn one_phrase(tree: &Tree, k: usize, w: usize) -> bool {
    k > w
        || tree.words[k + 1..w]
            .iter()
            .all(|d| d.upos != "CCONJ" && d.lower != ",")
}

fn of_body(tree: &Tree, cx: &Context, p: usize) -> Vec<String> {
    // The phrase may hang on the name's last word (`Jane Holt of X`).
    let name: Vec<usize> = std::iter::once(p)
        .chain(tree.kids_with(p, "flat"))
        .collect();
    name.into_iter()
        .flat_map(|n| tree.kids_with(n, "nmod"))
        .filter(|&k| tree.case_of(k).as_deref() == Some("of"))
        .flat_map(|k| organisations(tree, cx, k))
        .collect()
}

fn organisations(tree: &Tree, cx: &Context, w: usize) -> Vec<String> {
    actors(tree, cx, w, 0)
        .into_iter()
        .filter(|id| matches!((cx.kind)(id), Some(NodeType::State | NodeType::Institution)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon;
    use std::collections::BTreeMap;

    /// In these tests persons are the ids with a hyphen (`pat-smith`);
    /// every other id is a state.
    fn kind(id: &str) -> Option<NodeType> {
        Some(if id.contains('-') {
            NodeType::Person
        } else {
            NodeType::State
        })
    }

    /// Reads a hand-written tree; `actors` maps word numbers (1-based, as
    /// in CoNLL-U) to the actor ids they name.
    fn facts(
        conllu: &str,
        actors: &[(usize, &str)],
    ) -> Vec<(String, String, String, Certainty, Option<String>)> {
        facts_after(conllu, actors, None)
    }

    /// The facts of a tree whose words (numbered from 1) name the actors
    /// given, after a sentence whose speaker was `previous_speaker`.
    fn facts_after(
        conllu: &str,
        actors: &[(usize, &str)],
        previous_speaker: Option<&str>,
    ) -> Vec<(String, String, String, Certainty, Option<String>)> {
        let lex = lexicon::builtin().unwrap();
        let tree = Tree::from_conllu(conllu);
        let map: BTreeMap<usize, Vec<String>> = actors
            .iter()
            .map(|&(w, id)| (w - 1, vec![id.to_string()]))
            .collect();
        let empty: Vec<String> = Vec::new();
        let at = |t: usize| -> &[String] { map.get(&t).unwrap_or(&empty) };
        let cx = Context {
            lex: &lex,
            actors: &at,
            previous_speaker: previous_speaker.map(str::to_string),
            kind: &kind,
            parties: &[],
        };
        read(&tree, &cx)
            .facts
            .into_iter()
            .map(|f| (f.source, f.relation, f.target, f.certainty, f.speaker))
            .collect()
    }

    /// Asserts that the tree gives exactly one fact, with no speaker.
    fn reads(conllu: &str, actors: &[(usize, &str)], want: (&str, &str, &str, Certainty)) {
        let (source, relation, target, certainty) = want;
        assert_eq!(
            facts(conllu, actors),
            vec![fact(source, relation, target, certainty)]
        );
    }

    fn fact(
        s: &str,
        r: &str,
        t: &str,
        c: Certainty,
    ) -> (String, String, String, Certainty, Option<String>) {
        (s.into(), r.into(), t.into(), c, None)
    }

    const ACTIVE: &str = "1\tRuritania\tRuritania\tPROPN\t_\t_\t2\tnsubj\n2\tattacked\tattack\tVERB\t_\t_\t0\troot\n3\tFreedonia\tFreedonia\tPROPN\t_\t_\t2\tobj\n";

    #[test]
    fn subject_and_object_give_source_and_target() {
        let got = facts(ACTIVE, &[(1, "ruritania"), (3, "freedonia")]);
        assert_eq!(
            got,
            vec![fact(
                "ruritania",
                "attacks",
                "freedonia",
                Certainty::Asserted
            )]
        );
    }

    #[test]
    fn the_passive_reads_like_the_active() {
        let t = "1\tFreedonia\tFreedonia\tPROPN\t_\t_\t3\tnsubj:pass\n2\twas\tbe\tAUX\t_\t_\t3\taux:pass\n3\tattacked\tattack\tVERB\t_\t_\t0\troot\n4\tby\tby\tADP\t_\t_\t5\tcase\n5\tRuritania\tRuritania\tPROPN\t_\t_\t3\tobl:agent\n";
        reads(
            t,
            &[(1, "freedonia"), (5, "ruritania")],
            ("ruritania", "attacks", "freedonia", Certainty::Asserted),
        );
    }

    #[test]
    fn a_to_phrase_hung_on_another_oblique_still_names_the_destination() {
        // `Pat Smith was airlifted from Kessel to Freedonia`, with `to
        // Freedonia` parsed under `Kessel`.
        let t = "1\tSmith\tSmith\tPROPN\t_\t_\t3\tnsubj:pass\n2\twas\tbe\tAUX\t_\t_\t3\taux:pass\n3\tairlifted\tairlift\tVERB\t_\t_\t0\troot\n4\tfrom\tfrom\tADP\t_\t_\t5\tcase\n5\tKessel\tKessel\tPROPN\t_\t_\t3\tobl\n6\tto\tto\tADP\t_\t_\t7\tcase\n7\tFreedonia\tFreedonia\tPROPN\t_\t_\t5\tnmod\n";
        reads(
            t,
            &[(1, "pat-smith"), (7, "freedonia")],
            ("pat-smith", "visited", "freedonia", Certainty::Asserted),
        );
    }

    #[test]
    fn negation_under_the_trigger_negates() {
        let t = "1\tRuritania\tRuritania\tPROPN\t_\t_\t4\tnsubj\n2\tdid\tdo\tAUX\t_\t_\t4\taux\n3\tnot\tnot\tPART\t_\t_\t4\tadvmod\n4\tattack\tattack\tVERB\t_\t_\t0\troot\n5\tFreedonia\tFreedonia\tPROPN\t_\t_\t4\tobj\n";
        reads(
            t,
            &[(1, "ruritania"), (5, "freedonia")],
            ("ruritania", "attacks", "freedonia", Certainty::Negated),
        );
    }

    #[test]
    fn control_verbs_lend_their_subject_and_hedge() {
        let t = "1\tRuritania\tRuritania\tPROPN\t_\t_\t2\tnsubj\n2\tplans\tplan\tVERB\t_\t_\t0\troot\n3\tto\tto\tPART\t_\t_\t4\tmark\n4\tvisit\tvisit\tVERB\t_\t_\t2\txcomp\n5\tFreedonia\tFreedonia\tPROPN\t_\t_\t4\tobj\n";
        let got = facts(t, &[(1, "ruritania"), (5, "freedonia")]);
        assert_eq!(
            got,
            vec![fact("ruritania", "visited", "freedonia", Certainty::Hedged)]
        );
    }

    #[test]
    fn coordinated_subjects_of_a_mutual_verb_pair_up() {
        let t = "1\tRuritania\tRuritania\tPROPN\t_\t_\t4\tnsubj\n2\tand\tand\tCCONJ\t_\t_\t3\tcc\n3\tFreedonia\tFreedonia\tPROPN\t_\t_\t1\tconj\n4\tmet\tmeet\tVERB\t_\t_\t0\troot\n5\tin\tin\tADP\t_\t_\t6\tcase\n6\tParis\tParis\tPROPN\t_\t_\t4\tobl\n";
        let got = facts(t, &[(1, "ruritania"), (3, "freedonia")]);
        assert_eq!(
            got,
            vec![fact("ruritania", "meets", "freedonia", Certainty::Asserted)]
        );
    }

    #[test]
    fn a_noun_takes_its_light_verbs_subject() {
        let t = "1\tRuritania\tRuritania\tPROPN\t_\t_\t2\tnsubj\n2\theld\thold\tVERB\t_\t_\t0\troot\n3\ttalks\ttalk\tNOUN\t_\t_\t2\tobj\n4\twith\twith\tADP\t_\t_\t5\tcase\n5\tFreedonia\tFreedonia\tPROPN\t_\t_\t3\tnmod\n";
        reads(
            t,
            &[(1, "ruritania"), (5, "freedonia")],
            ("ruritania", "negotiates", "freedonia", Certainty::Asserted),
        );
    }

    #[test]
    fn the_speech_verb_names_the_speaker() {
        let t = "1\tRuritania\tRuritania\tPROPN\t_\t_\t3\tnsubj\n2\twill\twill\tAUX\t_\t_\t3\taux\n3\tsupply\tsupply\tVERB\t_\t_\t0\troot\n4\tdrones\tdrone\tNOUN\t_\t_\t3\tobj\n5\tto\tto\tADP\t_\t_\t6\tcase\n6\tFreedonia\tFreedonia\tPROPN\t_\t_\t3\tobl\n7\t,\t,\tPUNCT\t_\t_\t9\tpunct\n8\tSmith\tSmith\tPROPN\t_\t_\t9\tnsubj\n9\tsaid\tsay\tVERB\t_\t_\t3\tparataxis\n";
        let got = facts(t, &[(1, "ruritania"), (6, "freedonia"), (8, "smith")]);
        let mut want = fact("ruritania", "supplies", "freedonia", Certainty::Hedged);
        want.4 = Some("smith".into());
        assert_eq!(got, vec![want]);
    }

    #[test]
    fn a_denied_clause_gives_no_positive_edge() {
        let t = "1\tSmith\tSmith\tPROPN\t_\t_\t2\tnsubj\n2\tdenied\tdeny\tVERB\t_\t_\t0\troot\n3\tthat\tthat\tSCONJ\t_\t_\t5\tmark\n4\tRuritania\tRuritania\tPROPN\t_\t_\t5\tnsubj\n5\tsupplied\tsupply\tVERB\t_\t_\t2\tccomp\n6\tdrones\tdrone\tNOUN\t_\t_\t5\tobj\n7\tto\tto\tADP\t_\t_\t8\tcase\n8\tFreedonia\tFreedonia\tPROPN\t_\t_\t5\tobl\n";
        let got = facts(t, &[(1, "smith"), (4, "ruritania"), (8, "freedonia")]);
        assert!(got.iter().all(|f| f.1 != "supplies"), "{got:?}");
    }

    #[test]
    fn a_possessor_inside_the_object_is_no_target() {
        let t = "1\tOfficials\tofficial\tNOUN\t_\t_\t2\tnsubj\n2\twarned\twarn\tVERB\t_\t_\t0\troot\n3\tabout\tabout\tADP\t_\t_\t6\tcase\n4\tRuritania\tRuritania\tPROPN\t_\t_\t6\tnmod:poss\n5\t's\t's\tPART\t_\t_\t4\tcase\n6\tefforts\teffort\tNOUN\t_\t_\t2\tobl\n";
        assert_eq!(facts(t, &[(4, "ruritania")]), vec![]);
    }

    #[test]
    fn supporting_a_war_supports_the_one_who_wages_it() {
        // `Ruritania says Borduria supports its war in Freedonia.`
        let t = "1\tRuritania\tRuritania\tPROPN\t_\t_\t2\tnsubj\n2\tsays\tsay\tVERB\t_\t_\t0\troot\n3\tBorduria\tBorduria\tPROPN\t_\t_\t4\tnsubj\n4\tsupports\tsupport\tVERB\t_\t_\t2\tccomp\n5\tits\tits\tPRON\t_\t_\t6\tnmod:poss\n6\twar\twar\tNOUN\t_\t_\t4\tobj\n7\tin\tin\tADP\t_\t_\t8\tcase\n8\tFreedonia\tFreedonia\tPROPN\t_\t_\t6\tnmod\n";
        let got = facts(
            t,
            &[
                (1, "ruritania"),
                (3, "borduria"),
                (5, "ruritania"),
                (8, "freedonia"),
            ],
        );
        let said = |mut f: (String, String, String, Certainty, Option<String>)| {
            f.4 = Some("ruritania".into());
            f
        };
        assert_eq!(
            got,
            vec![
                said(fact(
                    "borduria",
                    "supports",
                    "ruritania",
                    Certainty::Asserted
                )),
                said(fact(
                    "ruritania",
                    "attacks",
                    "freedonia",
                    Certainty::Asserted
                )),
            ]
        );
    }

    #[test]
    fn an_unsupported_possessive_pronoun_is_no_agent() {
        // `any state that backs its war in Freedonia`: `its` may resolve to
        // an actor no clause above supports.
        let t = "1\tany\tany\tDET\t_\t_\t2\tdet\n2\tstate\tstate\tNOUN\t_\t_\t0\troot\n3\tthat\tthat\tPRON\t_\t_\t4\tnsubj\n4\tbacks\tback\tVERB\t_\t_\t2\tacl:relcl\n5\tits\tits\tPRON\t_\t_\t6\tnmod:poss\n6\twar\twar\tNOUN\t_\t_\t4\tobj\n7\tin\tin\tADP\t_\t_\t8\tcase\n8\tFreedonia\tFreedonia\tPROPN\t_\t_\t6\tnmod\n";
        assert_eq!(facts(t, &[(5, "borduria"), (8, "freedonia")]), vec![]);
    }

    #[test]
    fn a_relative_pronoun_stands_for_its_antecedent() {
        let t = "1\tBorduria\tBorduria\tPROPN\t_\t_\t0\troot\n2\t,\t,\tPUNCT\t_\t_\t4\tpunct\n3\twhich\twhich\tPRON\t_\t_\t4\tnsubj\n4\tinvaded\tinvade\tVERB\t_\t_\t1\tacl:relcl\n5\tFreedonia\tFreedonia\tPROPN\t_\t_\t4\tobj\n";
        reads(
            t,
            &[(1, "borduria"), (5, "freedonia")],
            ("borduria", "attacks", "freedonia", Certainty::Asserted),
        );
    }

    #[test]
    fn officials_stand_for_the_body_they_serve() {
        let t = "1\tRuritanian\tRuritanian\tADJ\t_\t_\t2\tamod\n2\tofficials\tofficial\tNOUN\t_\t_\t3\tnsubj\n3\tcondemned\tcondemn\tVERB\t_\t_\t0\troot\n4\tFreedonia\tFreedonia\tPROPN\t_\t_\t3\tobj\n";
        reads(
            t,
            &[(1, "ruritania"), (4, "freedonia")],
            ("ruritania", "criticizes", "freedonia", Certainty::Asserted),
        );
    }

    #[test]
    fn an_event_noun_takes_its_agent_from_by() {
        let t = "1\tcriticism\tcriticism\tNOUN\t_\t_\t0\troot\n2\tby\tby\tADP\t_\t_\t3\tcase\n3\tRuritania\tRuritania\tPROPN\t_\t_\t1\tnmod\n4\tof\tof\tADP\t_\t_\t5\tcase\n5\tFreedonia\tFreedonia\tPROPN\t_\t_\t1\tnmod\n";
        reads(
            t,
            &[(3, "ruritania"), (5, "freedonia")],
            ("ruritania", "criticizes", "freedonia", Certainty::Asserted),
        );
    }

    #[test]
    fn he_said_inside_a_sentence_continues_the_previous_speaker() {
        // `Since then, he said, Ruritania and Freedonia have held talks.`
        let t = "1\tSince\tsince\tADP\t_\t_\t2\tcase\n2\tthen\tthen\tADV\t_\t_\t10\tobl\n3\t,\t,\tPUNCT\t_\t_\t5\tpunct\n4\the\the\tPRON\t_\t_\t5\tnsubj\n5\tsaid\tsay\tVERB\t_\t_\t10\tparataxis\n6\t,\t,\tPUNCT\t_\t_\t5\tpunct\n7\tRuritania\tRuritania\tPROPN\t_\t_\t10\tnsubj\n8\tand\tand\tCCONJ\t_\t_\t9\tcc\n9\tFreedonia\tFreedonia\tPROPN\t_\t_\t7\tconj\n10\tmet\tmeet\tVERB\t_\t_\t0\troot\n";
        let lex = lexicon::builtin().unwrap();
        let tree = Tree::from_conllu(t);
        let ids = [
            vec!["pat-smith".to_string()],
            vec!["ruritania".into()],
            vec!["freedonia".into()],
        ];
        let empty: Vec<String> = Vec::new();
        let at = |tok: usize| -> &[String] {
            match tok {
                3 => &ids[0],
                6 => &ids[1],
                8 => &ids[2],
                _ => &empty,
            }
        };
        let cx = Context {
            lex: &lex,
            actors: &at,
            previous_speaker: Some("jo-brown".into()),
            kind: &kind,
            parties: &[],
        };
        let got = read(&tree, &cx).facts;
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].speaker.as_deref(), Some("jo-brown"));
        assert_eq!(named_speaker(&tree, &cx), None);
    }

    #[test]
    fn he_said_after_a_named_person_is_that_person() {
        // `Smith warned: "Ruritania met Freedonia," he said.`
        let t = "1\tSmith\tSmith\tPROPN\t_\t_\t2\tnsubj\n2\twarned\twarn\tVERB\t_\t_\t0\troot\n3\t:\t:\tPUNCT\t_\t_\t2\tpunct\n4\t\"\t\"\tPUNCT\t_\t_\t6\tpunct\n5\tRuritania\tRuritania\tPROPN\t_\t_\t6\tnsubj\n6\tmet\tmeet\tVERB\t_\t_\t2\tparataxis\n7\tFreedonia\tFreedonia\tPROPN\t_\t_\t6\tobj\n8\t,\t,\tPUNCT\t_\t_\t6\tpunct\n9\t\"\t\"\tPUNCT\t_\t_\t6\tpunct\n10\the\the\tPRON\t_\t_\t11\tnsubj\n11\tsaid\tsay\tVERB\t_\t_\t6\tparataxis\n12\t.\t.\tPUNCT\t_\t_\t2\tpunct\n";
        let got = facts_after(
            t,
            &[(1, "pat-smith"), (5, "ruritania"), (7, "freedonia")],
            Some("jo-brown"),
        );
        let met: Vec<_> = got.iter().filter(|f| f.1 == "meets").collect();
        assert_eq!(met.len(), 1, "{got:?}");
        assert_eq!(met[0].4.as_deref(), Some("pat-smith"));
    }

    fn affs(conllu: &str, actors: &[(usize, &str)]) -> Vec<(String, String, String)> {
        let lex = lexicon::builtin().unwrap();
        let tree = Tree::from_conllu(conllu);
        let map: BTreeMap<usize, Vec<String>> = actors
            .iter()
            .map(|&(w, id)| (w - 1, vec![id.to_string()]))
            .collect();
        let empty: Vec<String> = Vec::new();
        let at = |t: usize| -> &[String] { map.get(&t).unwrap_or(&empty) };
        let cx = Context {
            lex: &lex,
            actors: &at,
            previous_speaker: None,
            kind: &kind,
            parties: &[],
        };
        affiliations(&tree, &cx)
            .into_iter()
            .map(|a| (a.person, a.relation, a.organisation))
            .collect()
    }

    fn aff(p: &str, r: &str, o: &str) -> (String, String, String) {
        (p.into(), r.into(), o.into())
    }

    #[test]
    fn an_apposition_with_of_ties_a_person_to_a_body() {
        // `Ana Diaz, the president of Ruritania, ...`
        let t = "1\tAna\tAna\tPROPN\t_\t_\t0\troot\n2\tDiaz\tDiaz\tPROPN\t_\t_\t1\tflat\n3\t,\t,\tPUNCT\t_\t_\t5\tpunct\n4\tthe\tthe\tDET\t_\t_\t5\tdet\n5\tpresident\tpresident\tNOUN\t_\t_\t1\tappos\n6\tof\tof\tADP\t_\t_\t7\tcase\n7\tRuritania\tRuritania\tPROPN\t_\t_\t5\tnmod\n";
        let got = affs(t, &[(1, "ana-diaz"), (2, "ana-diaz"), (7, "ruritania")]);
        assert_eq!(got, vec![aff("ana-diaz", "leads", "ruritania")]);
    }

    #[test]
    fn a_copula_and_a_possessive_title() {
        // `Ana Diaz is Ruritania's foreign minister.`
        let t = "1\tAna\tAna\tPROPN\t_\t_\t7\tnsubj\n2\tDiaz\tDiaz\tPROPN\t_\t_\t1\tflat\n3\tis\tbe\tAUX\t_\t_\t7\tcop\n4\tRuritania\tRuritania\tPROPN\t_\t_\t7\tnmod:poss\n5\t's\t's\tPART\t_\t_\t4\tcase\n6\tforeign\tforeign\tADJ\t_\t_\t7\tamod\n7\tminister\tminister\tNOUN\t_\t_\t0\troot\n";
        let got = affs(t, &[(1, "ana-diaz"), (2, "ana-diaz"), (4, "ruritania")]);
        assert_eq!(got, vec![aff("ana-diaz", "member_of", "ruritania")]);
    }

    #[test]
    fn a_title_before_the_name_with_of_after_it() {
        // `President Ana Diaz of Ruritania`
        let t = "1\tPresident\tpresident\tPROPN\t_\t_\t2\tcompound\n2\tAna\tAna\tPROPN\t_\t_\t0\troot\n3\tDiaz\tDiaz\tPROPN\t_\t_\t2\tflat\n4\tof\tof\tADP\t_\t_\t5\tcase\n5\tRuritania\tRuritania\tPROPN\t_\t_\t2\tnmod\n";
        let got = affs(t, &[(2, "ana-diaz"), (3, "ana-diaz"), (5, "ruritania")]);
        assert_eq!(got, vec![aff("ana-diaz", "leads", "ruritania")]);
    }

    #[test]
    fn a_modifier_across_a_coordination_is_no_body_of_the_title() {
        // `Ruritanian President Ana Diaz and Freedonian leader Tom Roe met`,
        // parsed with `Ruritanian` on `leader`.
        let t = "1\tRuritanian\truritanian\tADJ\t_\t_\t7\tamod\n2\tPresident\tpresident\tPROPN\t_\t_\t3\tnmod:desc\n3\tAna\tana\tPROPN\t_\t_\t7\tcompound\n4\tDiaz\tdiaz\tPROPN\t_\t_\t3\tflat\n5\tand\tand\tCCONJ\t_\t_\t6\tcc\n6\tFreedonian\tfreedonian\tADJ\t_\t_\t3\tconj\n7\tleader\tleader\tNOUN\t_\t_\t8\tnmod:desc\n8\tTom\ttom\tPROPN\t_\t_\t10\tnsubj\n9\tRoe\troe\tPROPN\t_\t_\t8\tflat\n10\tmet\tmeet\tVERB\t_\t_\t0\troot\n";
        let got = affs(
            t,
            &[
                (1, "ruritania"),
                (3, "ana-diaz"),
                (4, "ana-diaz"),
                (6, "freedonia"),
                (8, "tom-roe"),
                (9, "tom-roe"),
            ],
        );
        assert!(
            !got.contains(&aff("tom-roe", "leads", "ruritania")),
            "{got:?}"
        );
    }

    #[test]
    fn a_bare_oblique_before_an_infinitive_is_its_subject() {
        // `Ruritania expected Freedonian leader Tom Roe to hold a meeting
        // with Ana Diaz`, with the leader parsed as a bare oblique or as a
        // predicate (`xcomp`).
        let obl = "1\tRuritania\truritania\tPROPN\t_\t_\t2\tnsubj\n2\texpected\texpect\tVERB\t_\t_\t0\troot\n3\tFreedonian\tfreedonian\tADJ\t_\t_\t4\tamod\n4\tleader\tleader\tNOUN\t_\t_\t2\tobl\n5\tTom\ttom\tPROPN\t_\t_\t4\tappos\n6\tRoe\troe\tPROPN\t_\t_\t5\tflat\n7\tto\tto\tPART\t_\t_\t8\tmark\n8\thold\thold\tVERB\t_\t_\t2\tadvcl\n9\ta\ta\tDET\t_\t_\t10\tdet\n10\tmeeting\tmeeting\tNOUN\t_\t_\t8\tobj\n11\twith\twith\tADP\t_\t_\t12\tcase\n12\tAna\tana\tPROPN\t_\t_\t10\tnmod\n13\tDiaz\tdiaz\tPROPN\t_\t_\t12\tflat\n";
        for rel in ["obl", "xcomp"] {
            let t = obl.replace("\t2\tobl\n5", &format!("\t2\t{rel}\n5"));
            assert!(t.contains(&format!("\t2\t{rel}\n5")));
            bare_subject_meets(&t);
        }
    }

    fn bare_subject_meets(t: &str) {
        let got = facts(
            t,
            &[
                (1, "ruritania"),
                (3, "freedonia"),
                (5, "tom-roe"),
                (6, "tom-roe"),
                (12, "ana-diaz"),
                (13, "ana-diaz"),
            ],
        );
        let met: Vec<_> = got.iter().filter(|f| f.1 == "meets").collect();
        assert_eq!(met.len(), 1, "{got:?}");
        assert_eq!(
            (met[0].0.as_str(), met[0].2.as_str(), met[0].3),
            ("tom-roe", "ana-diaz", Certainty::Hedged)
        );
    }

    #[test]
    fn a_while_clause_is_not_what_the_main_verb_denies() {
        // `While Ruritania urged Freedonia to stop the talks, Borduria
        // denied the reports.`
        let t = "1\tWhile\twhile\tSCONJ\t_\t_\t3\tmark\n2\tRuritania\truritania\tPROPN\t_\t_\t3\tnsubj\n3\turged\turge\tVERB\t_\t_\t11\tadvcl\n4\tFreedonia\tfreedonia\tPROPN\t_\t_\t3\tobj\n5\tto\tto\tPART\t_\t_\t6\tmark\n6\tstop\tstop\tVERB\t_\t_\t3\txcomp\n7\tthe\tthe\tDET\t_\t_\t8\tdet\n8\ttalks\ttalk\tNOUN\t_\t_\t6\tobj\n9\t,\t,\tPUNCT\t_\t_\t11\tpunct\n10\tBorduria\tborduria\tPROPN\t_\t_\t11\tnsubj\n11\tdenied\tdeny\tVERB\t_\t_\t0\troot\n12\tthe\tthe\tDET\t_\t_\t13\tdet\n13\treports\treport\tNOUN\t_\t_\t11\tobj\n";
        let got = facts(t, &[(2, "ruritania"), (4, "freedonia"), (10, "borduria")]);
        assert!(
            got.contains(&fact(
                "ruritania",
                "urges",
                "freedonia",
                Certainty::Asserted
            )),
            "{got:?}"
        );
    }

    #[test]
    fn a_finite_clause_without_a_subject_shares_none() {
        // `Fearing Ruritania could be supplying arms to Borduria,
        // Freedonia protested.`, with the parser's error of hanging
        // `supplying` on the main verb: the modal makes it finite, so it
        // is not Freedonia's act.
        let finite = "1\tFearing\tfear\tVERB\tVBG\t_\t10\tadvcl\n2\tRuritania\truritania\tPROPN\tNNP\t_\t1\tobj\n3\tcould\tcould\tAUX\tMD\t_\t5\taux\n4\tbe\tbe\tAUX\tVB\t_\t5\taux\n5\tsupplying\tsupply\tVERB\tVBG\t_\t10\tadvcl\n6\tarms\tarm\tNOUN\tNNS\t_\t5\tobj\n7\tto\tto\tADP\tIN\t_\t8\tcase\n8\tBorduria\tborduria\tPROPN\tNNP\t_\t5\tobl\n9\tFreedonia\tfreedonia\tPROPN\tNNP\t_\t10\tnsubj\n10\tprotested\tprotest\tVERB\tVBD\t_\t0\troot\n";
        let actors = [(2, "ruritania"), (8, "borduria"), (9, "freedonia")];
        let got = facts(finite, &actors);
        assert!(!got.iter().any(|f| f.1 == "supplies"), "{got:?}");
        // `Supplying arms to Borduria, Freedonia protested.`: a participle
        // shares the main verb's subject.
        let participle = "1\tSupplying\tsupply\tVERB\tVBG\t_\t6\tadvcl\n2\tarms\tarm\tNOUN\tNNS\t_\t1\tobj\n3\tto\tto\tADP\tIN\t_\t4\tcase\n4\tBorduria\tborduria\tPROPN\tNNP\t_\t1\tobl\n5\tFreedonia\tfreedonia\tPROPN\tNNP\t_\t6\tnsubj\n6\tprotested\tprotest\tVERB\tVBD\t_\t0\troot\n";
        let got = facts(participle, &[(4, "borduria"), (5, "freedonia")]);
        assert!(
            got.contains(&fact(
                "freedonia",
                "supplies",
                "borduria",
                Certainty::Asserted
            )),
            "{got:?}"
        );
    }

    #[test]
    fn a_possessor_hung_as_a_subject_is_none() {
        // `Ruritania's defence minister Tom Roe visited Borduria`, with
        // `Ruritania` hung on the verb as a second subject.
        let t = "1\tRuritania\truritania\tPROPN\tNNP\t_\t6\tnsubj\n2\t's\t's\tPART\tPOS\t_\t1\tcase\n3\tdefence\tdefence\tNOUN\tNN\t_\t4\tcompound\n4\tminister\tminister\tNOUN\tNN\t_\t5\tnmod:desc\n5\tTom\ttom\tPROPN\tNNP\t_\t6\tnsubj\n6\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\n7\tBorduria\tborduria\tPROPN\tNNP\t_\t6\tobj\n";
        reads(
            t,
            &[(1, "ruritania"), (5, "tom-roe"), (7, "borduria")],
            ("tom-roe", "visited", "borduria", Certainty::Asserted),
        );
    }

    #[test]
    fn a_coordinated_person_with_a_title_of_its_own_keeps_it() {
        // `Ruritanian Foreign Minister Tom Roe and Freedonian Prime
        // Minister Ana Diaz`, with Ana Diaz coordinated with Tom Roe.
        let t = "1\tRuritanian\truritanian\tADJ\t_\t_\t3\tamod\n2\tForeign\tforeign\tADJ\t_\t_\t3\tamod\n3\tMinister\tminister\tPROPN\t_\t_\t4\tnmod:desc\n4\tTom\ttom\tPROPN\t_\t_\t0\troot\n5\tRoe\troe\tPROPN\t_\t_\t4\tflat\n6\tand\tand\tCCONJ\t_\t_\t10\tcc\n7\tFreedonian\tfreedonian\tADJ\t_\t_\t9\tamod\n8\tPrime\tprime\tADJ\t_\t_\t9\tamod\n9\tMinister\tminister\tPROPN\t_\t_\t10\tnmod:desc\n10\tAna\tana\tPROPN\t_\t_\t4\tconj\n11\tDiaz\tdiaz\tPROPN\t_\t_\t10\tflat\n";
        let got = affs(
            t,
            &[
                (1, "ruritania"),
                (4, "tom-roe"),
                (5, "tom-roe"),
                (7, "freedonia"),
                (10, "ana-diaz"),
                (11, "ana-diaz"),
            ],
        );
        let of = |p: &str| -> Vec<&str> {
            got.iter()
                .filter(|a| a.0 == p)
                .map(|a| a.2.as_str())
                .collect()
        };
        assert_eq!(
            (of("tom-roe"), of("ana-diaz")),
            (vec!["ruritania"], vec!["freedonia"]),
            "{got:?}"
        );
    }

    #[test]
    fn a_relative_clause_hung_on_a_verb_stands_for_the_noun_before_it() {
        // `Ruritania will punish Borduria or any other state that is
        // prepared to back its war`, with the relative clause hung on
        // `punish`: `that` is the quantified state.
        let t = "1\tRuritania\truritania\tPROPN\t_\t_\t3\tnsubj\n2\twill\twill\tAUX\tMD\t_\t3\taux\n3\tpunish\tpunish\tVERB\t_\t_\t0\troot\n4\tBorduria\tborduria\tPROPN\t_\t_\t3\tobj\n5\tor\tor\tCCONJ\t_\t_\t8\tcc\n6\tany\tany\tDET\t_\t_\t8\tdet\n7\tother\tother\tADJ\t_\t_\t8\tamod\n8\tstate\tstate\tNOUN\t_\t_\t4\tconj\n9\tthat\tthat\tPRON\t_\t_\t11\tnsubj:pass\n10\tis\tbe\tAUX\t_\t_\t11\taux:pass\n11\tprepared\tprepare\tVERB\t_\t_\t3\tacl:relcl\n12\tto\tto\tPART\t_\t_\t13\tmark\n13\tback\tback\tVERB\t_\t_\t11\txcomp\n14\tits\tits\tPRON\t_\t_\t15\tnmod:poss\n15\twar\twar\tNOUN\t_\t_\t13\tobj\n";
        let tree = Tree::from_conllu(t);
        assert_eq!(tree.antecedent(8), Some(7));
        assert!(quantified(&tree, 8));
        assert!(!no_quantified_subject_above(&tree, 13));
        // `Ruritania sent arms to Borduria that killed …` with the clause
        // on `sent`: the arms may be what killed, so no antecedent; with a
        // comma (`to Borduria, which …`), Borduria.
        let to = "1\tRuritania\truritania\tPROPN\t_\t_\t2\tnsubj\n2\tsent\tsend\tVERB\t_\t_\t0\troot\n3\tarms\tarm\tNOUN\t_\t_\t2\tobj\n4\tto\tto\tADP\t_\t_\t5\tcase\n5\tBorduria\tborduria\tPROPN\t_\t_\t2\tobl\n6\tthat\tthat\tPRON\t_\t_\t7\tnsubj\n7\tkilled\tkill\tVERB\t_\t_\t2\tacl:relcl\n";
        assert_eq!(Tree::from_conllu(to).antecedent(5), None);
        let comma = to
            .replace(
                "6\tthat\tthat\tPRON\t_\t_\t7",
                "6\t,\t,\tPUNCT\t_\t_\t8\tpunct\n7\twhich\twhich\tPRON\t_\t_\t8",
            )
            .replace(
                "7\tkilled\tkill\tVERB\t_\t_\t2",
                "8\tkilled\tkill\tVERB\t_\t_\t2",
            );
        assert_eq!(Tree::from_conllu(&comma).antecedent(6), Some(4));
    }

    #[test]
    fn a_state_hung_as_the_subject_of_an_apposed_title_is_its_body() {
        // `Tom Roe, the Freedonia special envoy for the talks, resigned`,
        // with `Freedonia` parsed as the subject of `envoy`.
        let t = "1\tTom\ttom\tPROPN\t_\t_\t11\tnsubj\n2\tRoe\troe\tPROPN\t_\t_\t1\tflat\n3\t,\t,\tPUNCT\t_\t_\t7\tpunct\n4\tthe\tthe\tDET\t_\t_\t5\tdet\n5\tFreedonia\tfreedonia\tPROPN\t_\t_\t7\tnsubj\n6\tspecial\tspecial\tADJ\t_\t_\t7\tamod\n7\tenvoy\tenvoy\tNOUN\t_\t_\t1\tappos\n8\tfor\tfor\tADP\t_\t_\t10\tcase\n9\tthe\tthe\tDET\t_\t_\t10\tdet\n10\ttalks\ttalk\tNOUN\t_\t_\t7\tnmod\n11\tresigned\tresign\tVERB\t_\t_\t0\troot\n";
        let got = affs(t, &[(1, "tom-roe"), (2, "tom-roe"), (5, "freedonia")]);
        assert_eq!(got, vec![aff("tom-roe", "member_of", "freedonia")]);
    }

    #[test]
    fn a_conjunct_shares_the_subject_only_when_joined() {
        // `Peru licensed the design and started work, then agreed with
        // Chile …`: `then agreed` follows a comma.
        let joined = "1\tPeru\tperu\tPROPN\t_\t_\t2\tnsubj\n2\tlicensed\tlicense\tVERB\tVBD\t_\t0\troot\n3\tthe\tthe\tDET\t_\t_\t4\tdet\n4\tdesign\tdesign\tNOUN\t_\t_\t2\tobj\n5\tand\tand\tCCONJ\t_\t_\t6\tcc\n6\tstarted\tstart\tVERB\tVBD\t_\t2\tconj\n7\twork\twork\tNOUN\t_\t_\t6\tobj\n8\t,\t,\tPUNCT\t_\t_\t10\tpunct\n9\tthen\tthen\tADV\t_\t_\t10\tadvmod\n10\tagreed\tagree\tVERB\tVBD\t_\t2\tconj\n11\twith\twith\tADP\t_\t_\t12\tcase\n12\tChile\tchile\tPROPN\t_\t_\t10\tobl\n";
        let got = facts(joined, &[(1, "peru"), (12, "chile")]);
        assert!(got.iter().any(|f| f.1 == "cooperates_with"), "{got:?}");
        // `Peru did not object but noted sanctions to impede arms supply to
        // Chile`, with the noun `supply` read as a verb joined to `object`.
        let misread = "1\tPeru\tperu\tPROPN\t_\t_\t4\tnsubj\n2\tdid\tdo\tAUX\tVBD\t_\t4\taux\n3\tnot\tnot\tPART\t_\t_\t4\tadvmod\n4\tobject\tobject\tVERB\tVB\t_\t0\troot\n5\tbut\tbut\tCCONJ\t_\t_\t6\tcc\n6\tnoted\tnote\tVERB\tVBD\t_\t4\tconj\n7\tsanctions\tsanction\tNOUN\t_\t_\t6\tobj\n8\tto\tto\tPART\t_\t_\t9\tmark\n9\timpede\timpede\tVERB\t_\t_\t6\tadvcl\n10\tarms\tarm\tNOUN\t_\t_\t9\tobj\n11\tsupply\tsupply\tVERB\t_\t_\t4\tconj\n12\tto\tto\tADP\t_\t_\t13\tcase\n13\tChile\tchile\tPROPN\t_\t_\t11\tobl\n";
        let got = facts(misread, &[(1, "peru"), (13, "chile")]);
        assert!(!got.iter().any(|f| f.1 == "supplies"), "{got:?}");
    }
}
