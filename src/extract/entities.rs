//! The entity pass: finds the spans of a document that name actors.
//!
//! This stage owns recognition: lexicon matches (names, aliases, capitals,
//! demonyms), persons and institutions found from capitalised sequences and
//! their context (titles, honorifics, given names, appositions, speech
//! verbs, organisation words), pronouns, definite descriptions, and the
//! title zones that tie a person to a state or institution. It decides *what
//! a span could be*; deciding *who* it is belongs to `resolve`. It never
//! fails and is linear in the number of tokens.

use std::ops::Range;

use crate::extract::ner::{self, Kind, NameSpan, Recogniser};
use crate::lexicon::{Lexicon, NameHead, Title};
use crate::model::{MentionKind, NodeType, Segmented, Sentence, Token, TokenKind};

/// What a span could refer to, before resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Candidate {
    /// A lexicon entity, by index.
    Known(usize),
    /// A person's name as written, without titles (`Jane Roe`, `Roe`).
    Person { name: String, evidence: bool },
    /// An institution's name as written (`Leiden University`), or a
    /// description tied to a state (`Iran's foreign ministry`).
    Institution {
        name: String,
        part_of: Option<usize>,
    },
    /// A place that is not a state (`Vladivostok`, `the Golan Heights`):
    /// a node of its own, never an actor of a relation.
    Place { name: String },
    /// A capitalised name with no evidence of its type: resolved only when
    /// it matches a person named elsewhere in the document.
    Unknown { name: String },
    /// A pronoun, lowercase.
    Pronoun(String),
    /// `the two countries`, `both leaders`: several actors of a type.
    Plural(NodeType),
    /// `the communist state`: one state named earlier.
    StateDescription,
    /// `his country`, `their government`: the state of the person a
    /// possessive pronoun refers to.
    OwnState(String),
    /// `the North Korean leader`: the person with that affiliation.
    PersonDescription { affiliation: usize, title: Title },
    /// `the company`, `the bloc`: an organisation named earlier, by the
    /// noun (a key of `Lexicon::org_descriptions`).
    OrgDescription(String),
}

/// A span found by the entity pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawMention {
    pub sentence: usize,
    pub tokens: Range<usize>,
    pub kind: MentionKind,
    pub candidate: Candidate,
    /// For persons: the title or role read around the name.
    pub title: Option<Title>,
    /// For persons: the index (in the returned list) of the state or
    /// institution mention that the title ties them to.
    pub affiliation: Option<usize>,
    /// The byte range of a mention inside a token (`Russo` in
    /// `Russo-Ukrainian`); `None` when it covers its tokens whole.
    pub span: Option<Range<usize>>,
}

/// A view of the document's words, for the passes that read tokens.
pub struct Words<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    lower: &'a str,
    lower_ends: &'a [usize],
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str, seg: &'a Segmented) -> Self {
        Words {
            text,
            tokens: &seg.tokens,
            lower: &seg.lower,
            lower_ends: &seg.lower_ends,
        }
    }

    pub fn get(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .map(|t| &self.text[t.byte_start..t.byte_end])
            .unwrap_or("")
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// Token `i` in lower case (made once by segmentation), `""` past the end.
    pub fn lower(&self, i: usize) -> &'a str {
        crate::model::lower_at(self.lower, self.lower_ends, i)
    }

    /// A word that starts with a capital letter (or `al-Assad`).
    pub fn is_cap(&self, i: usize) -> bool {
        if !self.is_word(i) {
            return false;
        }
        let w = self.get(i);
        let mut chars = w.chars();
        match chars.next() {
            Some(c) if c.is_uppercase() => true,
            Some(_) => {
                for prefix in ["al-", "el-", "ad-", "as-", "ash-", "bin-"] {
                    if let Some(rest) = w.strip_prefix(prefix) {
                        return rest.chars().next().is_some_and(char::is_uppercase);
                    }
                }
                false
            }
            None => false,
        }
    }

    pub fn is_possessive(&self, i: usize) -> bool {
        matches!(self.get(i), "'s" | "’s" | "'S" | "’S")
    }

    /// The text between two tokens, inclusive, as written.
    pub fn span(&self, range: Range<usize>) -> &'a str {
        if range.is_empty() || range.end > self.tokens.len() {
            return "";
        }
        &self.text[self.tokens[range.start].byte_start..self.tokens[range.end - 1].byte_end]
    }
}

/// Finds every candidate mention in a segmented document, with the shipped
/// entity recogniser.
pub fn find_mentions(text: &str, seg: &Segmented, lex: &Lexicon) -> Vec<RawMention> {
    find_mentions_with(text, seg, lex, ner::builtin())
}

/// Finds every candidate mention, with the given recogniser.
pub fn find_mentions_with(
    text: &str,
    seg: &Segmented,
    lex: &Lexicon,
    model: &Recogniser,
) -> Vec<RawMention> {
    let words = Words::new(text, seg);
    let sentence_of = sentence_of_tokens(seg);

    // 1. Lexicon matches, on token boundaries, and the learned names, which
    // may take a state's name into an organisation's (`Bank of Ruritania`).
    let mut mentions = lexicon_matches(text, seg, lex, &words, &sentence_of);
    let names = model.recognise(text, seg, lex);
    let names = crate::extract::name_context::reread(&words, lex, seg, &names);
    let learned = learned_mentions(&words, lex, seg, &sentence_of, &names, &mut mentions);
    let covered = covering_mentions(&mentions, seg.tokens.len());
    let claimed = claimed_tokens(&covered, &learned, &names);

    // 2. Capitalised runs that neither claimed.
    let mut found: Vec<RawMention> = learned;
    found.extend(capitalised_runs(&words, lex, seg, &claimed, &sentence_of));
    extend_org_tails(&words, lex, seg, &mut found);
    drop_non_actor_names(&words, lex, &mut found);
    mentions.extend(found);
    absorb_into_organisations(&words, lex, &mut mentions);
    state_owned_organisations(&words, lex, seg, &mut mentions);
    owned_by_state(&words, lex, &mut mentions);
    hyphenated_compounds(&words, lex, seg, &sentence_of, &covered, &mut mentions);
    party_member_words(&words, lex, seg, &sentence_of, &mut mentions);

    // 3. Pronouns and descriptions.
    for s in seg.sentences.iter().filter(|s| !s.headline) {
        for i in s.tokens.clone() {
            if !claimed[i] && words.is_word(i) {
                mentions.extend(reference_at(&words, lex, s, i));
            }
        }
    }

    // 4. Title zones, descriptions of persons, and state nouns
    // (`U.S. officials`, `a top U.S. official`). From here on mentions
    // point at each other by index: none is dropped after this.
    mentions.retain(|m| !counted_people(&words, lex, m));
    mentions.sort_by_key(|m| (m.tokens.start, m.tokens.end));
    let extra = read_title_zones(&words, lex, seg, &mut mentions);
    mentions.extend(extra);
    leaders_governments(&words, lex, &mut mentions);
    into_document_order(mentions)
}

/// Whether a mention is a state's plural demonym that counts people (`six
/// Americans`, `thousands of Ukrainians`): persons, not their state. (A
/// party's members, `several Democrats`, still speak for their party.)
fn counted_people(words: &Words, lex: &Lexicon, m: &RawMention) -> bool {
    let state = match m.candidate {
        Candidate::Known(e) => lex.entities[e].node_type == NodeType::State,
        _ => false,
    };
    if m.kind != MentionKind::DemonymPlural || !state {
        return false;
    }
    let counts = |t: usize| {
        let w = words.lower(t);
        lex.words.counting_words.contains(w)
            || (w.starts_with(|c: char| c.is_ascii_digit())
                && w.chars().all(|c| c.is_ascii_digit() || c == ','))
    };
    match m.tokens.start.checked_sub(1) {
        Some(p) if words.lower(p) == "of" => p.checked_sub(1).is_some_and(counts),
        Some(p) => counts(p),
        None => false,
    }
}

/// The sentence of each token.
fn sentence_of_tokens(seg: &Segmented) -> Vec<usize> {
    let mut sentence_of = vec![0usize; seg.tokens.len()];
    for s in &seg.sentences {
        for t in s.tokens.clone() {
            sentence_of[t] = s.index;
        }
    }
    sentence_of
}

/// For each token, the last of the mentions that covers it.
fn covering_mentions(mentions: &[RawMention], n: usize) -> Vec<Option<usize>> {
    let mut covered: Vec<Option<usize>> = vec![None; n];
    for (k, m) in mentions.iter().enumerate() {
        for c in &mut covered[m.tokens.clone()] {
            *c = Some(k);
        }
    }
    covered
}

/// The tokens the lexicon or the recogniser took (a `Misc` name too:
/// `Prime Minister's Questions` names no person).
fn claimed_tokens(
    covered: &[Option<usize>],
    learned: &[RawMention],
    names: &[NameSpan],
) -> Vec<bool> {
    let mut claimed: Vec<bool> = covered.iter().map(Option::is_some).collect();
    for m in learned {
        claimed[m.tokens.clone()].fill(true);
    }
    for n in names.iter().filter(|n| n.kind == Kind::Misc) {
        claimed[n.start..n.end].fill(true);
    }
    claimed
}

/// The runs of capitalised words (joined by name connectors, `Bank of
/// England`) outside headlines that nothing claimed, read by
/// [`unknown_run`].
fn capitalised_runs(
    words: &Words,
    lex: &Lexicon,
    seg: &Segmented,
    claimed: &[bool],
    sentence_of: &[usize],
) -> Vec<RawMention> {
    let mut found = Vec::new();
    for s in seg.sentences.iter().filter(|s| !s.headline) {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            if claimed[i] || !words.is_cap(i) {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i + 1;
            while end < s.tokens.end && !claimed[end] {
                if words.is_cap(end) {
                    end += 1;
                } else if lex.words.name_connectors.contains(words.get(end))
                    && end + 1 < s.tokens.end
                    && !claimed[end + 1]
                    && words.is_cap(end + 1)
                    && words.get(end) != "and"
                {
                    end += 2;
                } else {
                    break;
                }
            }
            found.extend(
                unknown_run(words, lex, start..end, sentence_of[start])
                    .filter(|m| has_name_form(words, lex, m, start)),
            );
            i = end;
        }
    }
    found
}

/// Whether a capitalised run the recogniser passed over still has the form
/// of a name: an honorific before it (`Mrs. Tanaka`), a title before two
/// or more words (`Senators Ann Roe and …`; the run started at
/// `run_start`, the title is left out of the mention) or an organisation's
/// head word at its end (`the Senate`). Any other run is a capitalised
/// word the recogniser, which reads the context, judged no name
/// (`Grand Jury witness`, a quote's first word).
fn has_name_form(words: &Words, lex: &Lexicon, m: &RawMention, run_start: usize) -> bool {
    matches!(m.candidate, Candidate::Person { .. })
        || (m.tokens.start > run_start && m.tokens.len() >= 2)
        || lex.org_words.get(words.get(m.tokens.end - 1)) == Some(&false)
}

/// A name that ends in the head of a law, an event or a building
/// (`Harbour Act`, `Salt War`, `Grand Mosque`) names no actor and is
/// dropped; a building is a place.
fn drop_non_actor_names(words: &Words, lex: &Lexicon, found: &mut Vec<RawMention>) {
    found.retain_mut(|m| {
        match (
            &m.candidate,
            lex.name_heads.get(words.get(m.tokens.end - 1)),
        ) {
            (_, None) | (Candidate::Place { .. }, _) => true,
            (_, Some(NameHead::Facility)) => {
                let name = words.span(m.tokens.clone()).to_string();
                m.candidate = Candidate::Place { name };
                true
            }
            _ => false,
        }
    });
}

/// A mention of the given kind over `tokens` with no title or affiliation.
fn plain_mention(
    sentence: usize,
    tokens: Range<usize>,
    kind: MentionKind,
    candidate: Candidate,
) -> RawMention {
    RawMention {
        sentence,
        tokens,
        kind,
        candidate,
        title: None,
        affiliation: None,
        span: None,
    }
}

/// The pronoun or description that starts at token `i`, if any: `his
/// country` (the person's own state), a pronoun, `the two countries` (a
/// plural), `the communist state` (a state named earlier).
fn reference_at(words: &Words, lex: &Lexicon, s: &Sentence, i: usize) -> Option<RawMention> {
    let w = words.get(i);
    let lw = w.to_lowercase();
    let description = |tokens, candidate| {
        Some(plain_mention(
            s.index,
            tokens,
            MentionKind::Description,
            candidate,
        ))
    };
    // `his country`, `her government`
    if matches!(lw.as_str(), "his" | "her")
        && i + 1 < s.tokens.end
        && lex.words.own_state_nouns.contains(words.lower(i + 1))
    {
        return description(i..i + 2, Candidate::OwnState(lw));
    }
    if lex.words.pronouns.contains(lw.as_str()) && (w == lw || i == s.tokens.start || lw != "us") {
        if lw == "us" && w != "us" {
            return None;
        }
        return Some(plain_mention(
            s.index,
            i..i + 1,
            MentionKind::Pronoun,
            Candidate::Pronoun(lw),
        ));
    }
    // `the two countries`, `both leaders`, `their two countries`
    if matches!(lw.as_str(), "the" | "both" | "their") {
        let mut j = i + 1;
        if lw != "both" && words.lower(j) == "two" {
            j += 1;
        } else if lw != "both" {
            j = usize::MAX;
        }
        if j < s.tokens.end {
            if let Some(ty) = lex.plural_nouns.get(words.lower(j)) {
                return description(i..j + 1, Candidate::Plural(*ty));
            }
        }
    }
    // `the company`, `the bloc` (not `the company Acme`, `the bloc of …`).
    if lw == "the" && i + 1 < s.tokens.end {
        let noun = words.lower(i + 1);
        let named_after =
            i + 2 < s.tokens.end && (words.is_cap(i + 2) || words.lower(i + 2) == "of");
        if lex.org_descriptions.contains_key(noun) && !named_after {
            return description(i + 1..i + 2, Candidate::OrgDescription(noun.to_string()));
        }
    }
    // `the communist state`, `the reclusive country`
    if lw == "the" {
        let mut j = i + 1;
        while j < s.tokens.end && j < i + 4 && words.is_word(j) && !words.is_cap(j) {
            let l = words.lower(j);
            if lex.words.state_nouns.contains(l) && j > i + 1 {
                let next = words.lower(j + 1);
                if next != "of" && next != "department" && next != "media" {
                    return description(i..j + 1, Candidate::StateDescription);
                }
                return None;
            }
            if lex.titles.contains_key(l) || lex.cues.contains_key(l) {
                return None;
            }
            j += 1;
        }
    }
    None
}

/// Reads the title zone of every person mention outside headlines (an
/// unknown name with a title right before it becomes a person), and
/// returns the descriptions of persons by an organisation and a title
/// (`the North Korean leader`). `mentions` must be in token order.
fn read_title_zones(
    words: &Words,
    lex: &Lexicon,
    seg: &Segmented,
    mentions: &mut [RawMention],
) -> Vec<RawMention> {
    let mut at: Vec<Option<usize>> = vec![None; seg.tokens.len()];
    for (k, m) in mentions.iter().enumerate() {
        for t in m.tokens.clone() {
            at[t] = Some(k);
        }
    }
    let mut extra = Vec::new();
    for k in 0..mentions.len() {
        let m = mentions[k].clone();
        let sent = &seg.sentences[m.sentence];
        if sent.headline {
            continue;
        }
        let is_person = matches!(
            m.candidate,
            Candidate::Person { .. } | Candidate::Unknown { .. }
        ) || matches!(m.candidate, Candidate::Known(e) if lex.entities[e].node_type == NodeType::Person);
        if is_person {
            let zone = Zone {
                words,
                lex,
                mentions,
                at: &at,
                sent: sent.tokens.clone(),
            };
            let (title, aff, adjacent) = zone.title_of(&m);
            if title.is_some() {
                let mm = &mut mentions[k];
                let unknown = matches!(mm.candidate, Candidate::Unknown { .. });
                if unknown && !adjacent {
                    continue;
                }
                mm.title = title;
                mm.affiliation = aff;
                if let Candidate::Unknown { name } = &mm.candidate {
                    mm.candidate = Candidate::Person {
                        name: name.clone(),
                        evidence: true,
                    };
                }
            }
            continue;
        }
        extra.extend(person_description(words, lex, &at, &m, k, sent));
    }
    share_plural_titles(words, lex, mentions);
    extra
}

/// `Representatives Jane Roe, John Doe and Ann Poe`: the names listed after
/// a plural title share its title and affiliation. `mentions` must be in
/// token order.
fn share_plural_titles(words: &Words, lex: &Lexicon, mentions: &mut [RawMention]) {
    let person = |m: &RawMention| match m.candidate {
        Candidate::Person { .. } => true,
        Candidate::Known(e) => lex.entities[e].node_type == NodeType::Person,
        _ => false,
    };
    // Whether mention `k` heads or continues a list after a plural title.
    let mut listed = vec![false; mentions.len()];
    for k in 0..mentions.len() {
        let m = &mentions[k];
        if !person(m) {
            continue;
        }
        if m.title.is_some() {
            let mut t = m.tokens.start;
            if t > 0 && words.get(t - 1) == "," {
                t -= 1;
            }
            listed[k] = t > 0 && lex.title_number(words.lower(t - 1)) == Some(true);
            continue;
        }
        let Some(j) = k.checked_sub(1) else { continue };
        let prev = &mentions[j];
        let gap = prev.tokens.end..m.tokens.start;
        let joined = !gap.is_empty()
            && prev.sentence == m.sentence
            && gap.clone().all(|t| matches!(words.lower(t), "," | "and"));
        if listed[j] && joined {
            let (title, affiliation) = (prev.title.clone(), prev.affiliation);
            mentions[k].title = title;
            mentions[k].affiliation = affiliation;
            listed[k] = true;
        }
    }
}

/// An organisation or state modifier followed by a title with no name:
/// `the North Korean leader`, `the Kremlin spokesman`. `m` is mention `k`.
fn person_description(
    words: &Words,
    lex: &Lexicon,
    at: &[Option<usize>],
    m: &RawMention,
    k: usize,
    sent: &Sentence,
) -> Option<RawMention> {
    let org = match m.candidate {
        Candidate::Known(e) => lex.entities[e].node_type != NodeType::Person,
        Candidate::Institution { .. } => true,
        _ => false,
    };
    if !org {
        return None;
    }
    let modifier = |t: usize| lex.words.title_modifiers.contains(words.lower(t));
    let mut j = m.tokens.end;
    if words.is_possessive(j) {
        j += 1;
    }
    while j < sent.tokens.end && modifier(j) {
        j += 1;
    }
    if j >= sent.tokens.end || at[j].is_some() {
        return None;
    }
    let (title, tend) = title_at(words, lex, j, sent.tokens.end)?;
    // A name right after the title belongs to the person's mention.
    if tend < sent.tokens.end && (words.is_cap(tend) || at[tend].is_some()) {
        return None;
    }
    let det = m.tokens.start > sent.tokens.start && {
        let mut d = m.tokens.start - 1;
        while d > sent.tokens.start && modifier(d) {
            d -= 1;
        }
        words.lower(d)
    } == "the";
    det.then(|| {
        plain_mention(
            m.sentence,
            m.tokens.start..tend,
            MentionKind::Description,
            Candidate::PersonDescription {
                affiliation: k,
                title,
            },
        )
    })
}

/// `the Biden administration`, `the Netanyahu government`: a leader's name
/// before one of these nouns names an institution.
fn leaders_governments(words: &Words, lex: &Lexicon, mentions: &mut [RawMention]) {
    for m in mentions.iter_mut() {
        let person = match &m.candidate {
            Candidate::Known(e) => lex.entities[*e].node_type == NodeType::Person,
            Candidate::Person { .. } | Candidate::Unknown { .. } => true,
            _ => false,
        };
        let next = words.lower(m.tokens.end);
        if person && lex.words.government_nouns.contains(next) {
            let surname = words.get(m.tokens.end - 1).to_string();
            m.candidate = Candidate::Institution {
                name: format!("{surname} {next}"),
                part_of: None,
            };
            m.tokens = m.tokens.start..m.tokens.end + 1;
            m.title = None;
            m.affiliation = None;
        }
    }
}

/// The mentions back in document order (longer first at one start);
/// `affiliation` indexes follow the move.
fn into_document_order(mentions: Vec<RawMention>) -> Vec<RawMention> {
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&k| {
        (
            mentions[k].tokens.start,
            std::cmp::Reverse(mentions[k].tokens.end),
            k,
        )
    });
    let mut new_index = vec![0; mentions.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut sorted: Vec<RawMention> = order.iter().map(|&k| mentions[k].clone()).collect();
    for m in &mut sorted {
        if let Some(a) = m.affiliation.as_mut() {
            *a = new_index[*a];
        }
        if let Candidate::PersonDescription { affiliation, .. } = &mut m.candidate {
            *affiliation = new_index[*affiliation];
        }
    }
    sorted
}

/// The lexicon's names on token boundaries within a sentence
/// (leftmost-longest), less those context rejects: a one-word place after a
/// given name (`Michael Jordan`), a weak form running into another
/// capitalised word.
fn lexicon_matches(
    text: &str,
    seg: &Segmented,
    lex: &Lexicon,
    words: &Words,
    sentence_of: &[usize],
) -> Vec<RawMention> {
    let mut mentions = Vec::new();
    for (first, last, surface) in lex.token_matches(text, seg) {
        if sentence_of[first] != sentence_of[last] {
            continue;
        }
        let after_given = first > 0
            && sentence_of[first - 1] == sentence_of[first]
            && lex.given_names.contains(words.get(first - 1))
            && first == last
            && lex.entities[surface.entity].node_type != NodeType::Person;
        if after_given {
            continue;
        }
        // `a charity based in Paris`: the city where a body sits, not the
        // state that has it as its capital.
        let seat = first > 1
            && surface.kind == MentionKind::Capital
            && words.lower(first - 1) == "in"
            && lex.words.seat_verbs.contains(words.lower(first - 2));
        if seat {
            continue;
        }
        if surface.weak {
            let next_cap =
                words.is_cap(last + 1) && !lex.function_words.contains(words.get(last + 1));
            let prev_cap = first > 0
                && words.is_cap(first - 1)
                && sentence_of[first - 1] == sentence_of[first]
                && !lex.function_words.contains(words.get(first - 1));
            if next_cap || prev_cap {
                continue;
            }
        }
        mentions.push(RawMention {
            sentence: sentence_of[first],
            tokens: first..last + 1,
            kind: surface.kind,
            candidate: Candidate::Known(surface.entity),
            title: None,
            affiliation: None,
            span: None,
        });
    }
    mentions
}

/// The least margin a one-word name needs somewhere in the document: a
/// lone capitalised word the recogniser was unsure of (`a captured
/// Humvee`, `Grand Jury`) is more often a common noun, a product or
/// a substance than an actor.
pub const ONE_WORD_MARGIN: f32 = 2.5;

/// The one-word names given with at least [`ONE_WORD_MARGIN`] once in the
/// document.
fn sure_one_word_names<'a>(words: &Words<'a>, names: &[NameSpan]) -> foldhash::HashSet<&'a str> {
    names
        .iter()
        .filter(|n| n.end - n.start == 1 && n.score >= ONE_WORD_MARGIN)
        .map(|n| words.span(n.start..n.end))
        .collect()
}

/// The kind each name is given most often in the document (the first
/// given on a tie), so one string is one kind of thing throughout.
fn voted_kinds<'a>(words: &Words<'a>, names: &[NameSpan]) -> foldhash::HashMap<&'a str, Kind> {
    let mut votes: foldhash::HashMap<&str, Vec<(Kind, usize)>> = foldhash::HashMap::default();
    for n in names {
        let v = votes.entry(words.span(n.start..n.end)).or_default();
        match v.iter_mut().find(|(k, _)| *k == n.kind) {
            Some(e) => e.1 += 1,
            None => v.push((n.kind, 1)),
        }
    }
    votes
        .into_iter()
        .map(|(s, v)| {
            let best = v.iter().fold(v[0], |b, e| if e.1 > b.1 { *e } else { b });
            (s, best.0)
        })
        .collect()
}

/// Organisations are shortened to their first words (`Norvik` for `Norvik
/// Motors`), people to their last (`Roe` for `Jane Roe`): a name of two or
/// three plain capitalised words labelled an organisation, with no
/// organisation word and nothing the lexicon knows, whose last word stands
/// alone as a name elsewhere in the document, is a person's.
fn persons_by_surname<'a>(
    words: &Words<'a>,
    lex: &Lexicon,
    names: &[NameSpan],
    kinds: &mut foldhash::HashMap<&'a str, Kind>,
) {
    let alone: foldhash::HashSet<&str> = names
        .iter()
        .filter(|n| n.end - n.start == 1)
        .map(|n| words.span(n.start..n.end))
        .collect();
    for n in names
        .iter()
        .filter(|n| (2..=3).contains(&(n.end - n.start)))
    {
        let plain = crate::extract::name_context::plain_name(words, lex, n.start..n.end);
        let name = words.span(n.start..n.end);
        if plain && kinds.get(name) == Some(&Kind::Org) && alone.contains(words.get(n.end - 1)) {
            kinds.insert(name, Kind::Per);
        }
    }
}

/// An organisation's name that the recogniser ended at its head word
/// (`Directorate`) runs on over `for Security`, `of the Interior`.
fn org_tail(words: &Words, lex: &Lexicon, sent_end: usize, end: usize) -> usize {
    let is_head = |t: usize| lex.org_words.get(words.get(t)) == Some(&false);
    if !is_head(end - 1) {
        return end;
    }
    let mut end = end;
    loop {
        let mut j = end;
        if j >= sent_end || !lex.words.org_tails.contains(words.get(j)) {
            return end;
        }
        j += 1;
        if words.get(j) == "the" {
            j += 1;
        }
        let run = j;
        while j < sent_end && words.is_cap(j) && !words.is_possessive(j) {
            j += 1;
        }
        if j == run {
            return end;
        }
        end = j;
    }
}

/// Runs each organisation's name on over its tail ([`org_tail`]) and drops
/// the names the tail swallows (`Defence of Human Rights` in `League for
/// the Defence of Human Rights`).
fn extend_org_tails(words: &Words, lex: &Lexicon, seg: &Segmented, found: &mut Vec<RawMention>) {
    found.sort_by_key(|m| m.tokens.start);
    let mut reach = 0;
    let mut keep = vec![true; found.len()];
    for k in 0..found.len() {
        if found[k].tokens.start < reach {
            keep[k] = false;
            continue;
        }
        let m = &mut found[k];
        if let Candidate::Institution { name, .. } = &mut m.candidate {
            let end = org_tail(
                words,
                lex,
                seg.sentences[m.sentence].tokens.end,
                m.tokens.end,
            );
            if end > m.tokens.end {
                m.tokens.end = end;
                *name = words.span(m.tokens.clone()).to_string();
            }
        }
        reach = reach.max(m.tokens.end);
    }
    let mut k = 0;
    found.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

/// What a learned name does with the lexicon matches inside it.
enum Settled {
    /// The lexicon keeps its matches; the name gives nothing.
    Drop,
    /// The name keeps tokens `start..end` beside the matches.
    Keep(usize),
    /// The name replaces its matches; an organisation belongs to the
    /// entity given.
    Replace(Option<usize>),
    /// The one match inside is the name's entity, written more fully.
    Widen,
    /// The known organisation the name starts with is followed by a
    /// person's name from this token on (`Amnesty International Jane Roe`).
    PersonAfter(usize),
}

/// The lexicon stays authoritative for what it knows. An organisation's
/// name replaces the states and institutions inside it when it has
/// capitalised words of its own (`Bank of Ruritania`, `Senate Ethics
/// Committee`), but `the Government of Ruritania` is the state. A person's
/// name replaces a known person's surname when it has another given name
/// (`Hunter Roe` beside a known `Jane Roe`), and keeps what follows a
/// state (`Ruritania Jane Roe`). Places give way to the lexicon.
fn settle(
    words: &Words,
    lex: &Lexicon,
    kind: Kind,
    span: Range<usize>,
    inner: &[&RawMention],
) -> Settled {
    if inner.is_empty() {
        return Settled::Keep(span.start);
    }
    let known = |m: &RawMention| match m.candidate {
        Candidate::Known(e) => Some((e, lex.entities[e].node_type)),
        _ => None,
    };
    let person = inner
        .iter()
        .find_map(|m| known(m).filter(|(_, t)| *t == NodeType::Person));
    let own_caps = span
        .clone()
        .any(|t| words.is_cap(t) && !inner.iter().any(|m| m.tokens.contains(&t)));
    if let Some(end) = person_after_organisation(words, lex, kind, &span, inner) {
        return Settled::PersonAfter(end);
    }
    // `the Ruritanian State`, `the Ruritanian Nation`: the state itself.
    let only_state_nouns = span.clone().all(|t| {
        inner.iter().any(|m| m.tokens.contains(&t))
            || lex.words.state_nouns.contains(words.lower(t))
    });
    if kind == Kind::Org && only_state_nouns && inner.iter().any(|m| is_state(lex, m).is_some()) {
        return Settled::Drop;
    }
    match kind {
        Kind::Org if person.is_none() && own_caps => {
            let head = (span.start..span.end)
                .find(|&t| lex.words.org_tails.contains(words.get(t)))
                .unwrap_or(span.end)
                - 1;
            let head_word = words.lower(head);
            let state = inner.iter().find_map(|m| is_state(lex, m));
            if lex.words.government_nouns.contains(head_word) && state.is_some() {
                return Settled::Drop;
            }
            let owner = if lex.state_org_heads.contains(head_word) {
                state
            } else {
                inner
                    .iter()
                    .find(|m| m.tokens.start == span.start)
                    .and_then(|m| known(m))
                    .filter(|(_, t)| *t == NodeType::Institution)
                    .map(|(e, _)| e)
            };
            Settled::Replace(owner)
        }
        Kind::Per => {
            let first = inner[0];
            if let Some((e, _)) = person {
                if inner.len() > 1 || first.tokens.start == span.start {
                    return Settled::Drop;
                }
                // `Robert Gabriel Roe` is the known Robert Roe; `Hunter Roe`,
                // with another given name (listed or not), is someone else;
                // an honorific or a title before the surname (`Comrade Roe`)
                // leaves the known one.
                let label = &lex.entities[e].label;
                let first_word = words.get(span.start);
                let titled = lex.honorifics.contains(first_word)
                    || title_at(words, lex, span.start, span.end).is_some()
                    || lex.words.title_modifiers.contains(words.lower(span.start))
                    || !words.is_cap(span.start);
                return if label.split_whitespace().next() == Some(first_word) || titled {
                    Settled::Widen
                } else {
                    Settled::Replace(None)
                };
            }
            if first.tokens.start == span.start {
                let rest = inner.iter().map(|m| m.tokens.end).max().unwrap_or(span.end);
                return Settled::Keep(rest);
            }
            if lex.given_names.contains(words.get(span.start)) {
                return Settled::Replace(None);
            }
            Settled::Drop
        }
        _ => Settled::Drop,
    }
}

/// Where a person's name starts inside an organisation's name that begins
/// with the one organisation the lexicon knows and runs on with two or more
/// capitalised words, none an organisation word (`Amnesty International
/// Jane Roe`): the recogniser ran the two names together.
fn person_after_organisation(
    words: &Words,
    lex: &Lexicon,
    kind: Kind,
    span: &Range<usize>,
    inner: &[&RawMention],
) -> Option<usize> {
    let [only] = inner else {
        return None;
    };
    let known_org = matches!(only.candidate, Candidate::Known(e)
        if lex.entities[e].node_type == NodeType::Institution);
    let rest = only.tokens.end..span.end;
    let names_a_person = rest.len() >= 2
        && rest
            .clone()
            .all(|t| words.is_cap(t) && !lex.org_words.contains_key(words.get(t)));
    (kind == Kind::Org && known_org && only.tokens.start == span.start && names_a_person)
        .then_some(rest.start)
}

/// A person's name that ends in an organisation's head word is the
/// organisation's (`General Services Administration`, with the title-like
/// word before it that the recogniser left out): its kind and first token.
fn organisation_not_person(
    words: &Words,
    lex: &Lexicon,
    kind: Kind,
    n: &NameSpan,
    sent_start: usize,
) -> (Kind, usize) {
    if kind != Kind::Per || lex.org_words.get(words.get(n.end - 1)) != Some(&false) {
        return (kind, n.start);
    }
    let mut a = n.start;
    while a > sent_start + 1 && words.is_cap(a - 1) && lex.titles.contains_key(words.lower(a - 1)) {
        a -= 1;
    }
    (Kind::Org, a)
}

/// Turns the recogniser's names into mentions, with [`settle`] deciding
/// between them and the lexicon. Organisations run on over their tails
/// ([`org_tail`]) and split before a person named right after their head
/// word (`Leiden University Jane Roe`); persons lose leading titles and
/// honorifics, and a one-word person is only a candidate until a title or
/// a full name in the document says who it is. Headlines and `Misc` names
/// give nothing.
fn learned_mentions(
    words: &Words,
    lex: &Lexicon,
    seg: &Segmented,
    sentence_of: &[usize],
    names: &[NameSpan],
    lexicon: &mut Vec<RawMention>,
) -> Vec<RawMention> {
    let body = actor_names(words, lex, seg, sentence_of, names);
    let mut kinds = voted_kinds(words, &body);
    persons_by_surname(words, lex, &body, &mut kinds);
    let mut lex_at: Vec<Option<usize>> = vec![None; seg.tokens.len()];
    for (k, m) in lexicon.iter().enumerate() {
        lex_at[m.tokens.clone()].fill(Some(k));
    }
    let mut dropped = vec![false; lexicon.len()];
    // Tokens an earlier name took (with its tail).
    let mut taken = vec![false; seg.tokens.len()];
    let mut out = Vec::new();
    for n in &body {
        // `India-Pakistan`, `Russo-Ukrainian`: compounds of states are
        // read by `hyphenated_compounds`.
        if taken[n.start..n.end].iter().any(|&t| t)
            || (n.start..n.end).any(|t| joins_states(words, lex, t))
        {
            continue;
        }
        let sent = &seg.sentences[sentence_of[n.start]];
        let (mut kind, start) = organisation_not_person(
            words,
            lex,
            kinds[words.span(n.start..n.end)],
            n,
            sent.tokens.start,
        );
        if taken[start..n.start].iter().any(|&t| t) {
            continue;
        }
        let b = match kind {
            Kind::Org => org_tail(words, lex, sent.tokens.end, n.end),
            _ => n.end,
        };
        taken[start..b].fill(true);
        let mut inner: Vec<usize> = lex_at[start..b].iter().flatten().copied().collect();
        inner.dedup();
        if inner
            .iter()
            .any(|&k| lexicon[k].tokens.start < start || lexicon[k].tokens.end > b)
        {
            continue;
        }
        let inner_mentions: Vec<&RawMention> = inner.iter().map(|&k| &lexicon[k]).collect();
        // `Chancellor of Ruritania`, `Minister of Defence of Ruritania`
        // are posts: the state in them stays.
        if kind == Kind::Org && is_post(words, lex, start..b, &inner_mentions) {
            // `Senate Majority Leader`: the body before the title is a name.
            if let Some(body) = body_before_title(words, lex, start..b) {
                if inner_mentions.is_empty() {
                    push_learned(words, lex, sent.index, Kind::Org, body, None, &mut out);
                }
            }
            continue;
        }
        let (a, part_of) = match settle(words, lex, kind, start..b, &inner_mentions) {
            Settled::Drop => continue,
            Settled::Keep(a) => (a, None),
            Settled::PersonAfter(a) => {
                kind = Kind::Per;
                (a, None)
            }
            Settled::Replace(owner) => {
                for &k in &inner {
                    dropped[k] = true;
                }
                (start, owner)
            }
            Settled::Widen => {
                lexicon[inner[0]].tokens = start..b;
                continue;
            }
        };
        push_learned(words, lex, sent.index, kind, a..b, part_of, &mut out);
    }
    let mut k = 0;
    lexicon.retain(|_| {
        k += 1;
        !dropped[k - 1]
    });
    out
}

/// The learned names that may be actors: no `Misc` names, none in a
/// headline, and a one-word name only if the recogniser was sure of it
/// once in the document, or it is an organisation's head word before
/// `of` and a capital (`the Senate of Ruritania`).
fn actor_names(
    words: &Words,
    lex: &Lexicon,
    seg: &Segmented,
    sentence_of: &[usize],
    names: &[NameSpan],
) -> Vec<NameSpan> {
    let sure = sure_one_word_names(words, names);
    let head_of = |n: &NameSpan| {
        lex.org_words.get(words.get(n.start)) == Some(&false)
            && words.lower(n.end) == "of"
            && words.is_cap(n.end + 1)
    };
    names
        .iter()
        .filter(|n| n.kind != Kind::Misc && !seg.sentences[sentence_of[n.start]].headline)
        .filter(|n| n.end - n.start > 1 || sure.contains(words.span(n.start..n.end)) || head_of(n))
        .filter(|n| n.end - n.start > 1 || !plural_acronym(words.get(n.start)))
        .cloned()
        .collect()
}

/// A plural of capitals (`NGOs`, `MPs`, `CEOs`): a class of actors, no
/// one actor's name.
fn plural_acronym(w: &str) -> bool {
    w.strip_suffix('s')
        .is_some_and(|stem| stem.len() >= 2 && stem.chars().all(|c| c.is_ascii_uppercase()))
}

/// Whether token `t` is a hyphenated compound with a state's name or
/// combining form among its parts.
fn joins_states(words: &Words, lex: &Lexicon, t: usize) -> bool {
    let w = words.get(t);
    w.contains('-')
        && w.split('-').any(|part| {
            lex.combining.contains_key(part)
                || lex.surface_index.get(part).is_some_and(|&s| {
                    lex.entities[lex.surfaces[s].entity].node_type == NodeType::State
                })
        })
}

/// The mention (or two) a settled learned name gives.
fn push_learned(
    words: &Words,
    lex: &Lexicon,
    sentence: usize,
    kind: Kind,
    span: Range<usize>,
    part_of: Option<usize>,
    out: &mut Vec<RawMention>,
) {
    let (mut a, b) = (span.start, span.end);
    // A title alone (`the Queen`, `the Speaker`, `Senators`) is no name.
    if span.clone().all(|t| {
        lex.honorifics.contains(words.get(t)) || lex.title_number(words.lower(t)).is_some()
    }) {
        return;
    }
    let mention = |tokens: Range<usize>, candidate| RawMention {
        sentence,
        tokens,
        kind: MentionKind::Name,
        candidate,
        title: None,
        affiliation: None,
        span: None,
    };
    match kind {
        Kind::Per => {
            while a < b
                && (lex.honorifics.contains(words.get(a))
                    || lex.titles.contains_key(words.lower(a))
                    || words.is_possessive(a))
            {
                a += 1;
            }
            if a >= b {
                return;
            }
            let name = words.span(a..b).to_string();
            // `Mr. Roe` is a person; a lone `Roe` waits for a title or a
            // full name.
            // `their Lenten Break`: no person's name follows a possessive.
            if a > 0 && lex.words.possessive_pronouns.contains(words.lower(a - 1)) {
                return;
            }
            // `Jane, who …` is a person too.
            let honoured = a > 0 && lex.honorifics.contains(words.get(a - 1))
                || (words.get(b) == "," && words.lower(b + 1) == "who");
            out.push(mention(
                a..b,
                if b - a == 1 && !honoured {
                    Candidate::Unknown { name }
                } else {
                    Candidate::Person {
                        name,
                        evidence: true,
                    }
                },
            ));
        }
        Kind::Org => {
            if is_post(words, lex, a..b, &[]) {
                return;
            }
            // `Leiden University Jane Roe`: a person right after the head.
            let split = (a..b.saturating_sub(1)).find(|&t| {
                lex.org_words.get(words.get(t)) == Some(&false)
                    && lex.given_names.contains(words.get(t + 1))
            });
            let end = split.map_or(b, |t| t + 1);
            let name = words.span(a..end).to_string();
            out.push(mention(a..end, Candidate::Institution { name, part_of }));
            if end < b {
                push_learned(words, lex, sentence, Kind::Per, end..b, None, out);
            }
        }
        _ => {
            let name = words.span(a..b).to_string();
            out.push(mention(a..b, Candidate::Place { name }));
        }
    }
}

fn is_state(lex: &Lexicon, m: &RawMention) -> Option<usize> {
    match m.candidate {
        Candidate::Known(e) if lex.entities[e].node_type == NodeType::State => Some(e),
        _ => None,
    }
}

/// Whether a mention is an organisation's name that a state word next to
/// it can complete: one that starts with an organisation word, or (of
/// several words) whose first token is one (`Airlines`, `University of`).
fn takes_state_word(words: &Words, lex: &Lexicon, m: &RawMention) -> bool {
    let Candidate::Institution { name, .. } = &m.candidate else {
        return false;
    };
    let starts_with_org_word = name
        .split(' ')
        .next()
        .is_some_and(|w| lex.org_words.contains_key(w));
    !name.contains(' ')
        || starts_with_org_word
        || lex.org_words.contains_key(words.get(m.tokens.start))
}

/// Whether a learned organisation's name is a post: its head word is a
/// title or titles (`Chancellor of Ruritania`, `Liberal Senators`), or it follows `title of` and ends in
/// `of` and a state (`Minister of` + `Defence of Ruritania`, but not
/// `director of` + `Youth Forum Ruritania`).
fn is_post(words: &Words, lex: &Lexicon, tokens: Range<usize>, inner: &[&RawMention]) -> bool {
    let after_title_of = tokens.start >= 2
        && words.lower(tokens.start - 1) == "of"
        && lex.titles.contains_key(words.lower(tokens.start - 2));
    let ends_in_of_state = inner.iter().any(|m| {
        m.tokens.end == tokens.end
            && m.tokens.start > tokens.start
            && words.lower(m.tokens.start - 1) == "of"
            && is_state(lex, m).is_some()
    });
    lex.title_number(words.lower(org_head(words, lex, tokens)))
        .is_some()
        || (after_title_of && ends_in_of_state)
}

/// The capitalised words before the title that heads a learned post
/// (`Senate` in `Senate Majority Leader`), if any.
fn body_before_title(words: &Words, lex: &Lexicon, tokens: Range<usize>) -> Option<Range<usize>> {
    let head = org_head(words, lex, tokens.clone());
    let title_start = (tokens.start..=head)
        .find(|&s| title_at(words, lex, s, head + 1).is_some_and(|(_, e)| e == head + 1))?;
    // Past a party's or a state's word before the body (`Republican`).
    let mut start = tokens.start;
    while start < title_start
        && (lex.party_members.contains_key(words.get(start))
            || lex.surface_index.contains_key(words.get(start)))
    {
        start += 1;
    }
    let body = start..title_start;
    let names = !body.is_empty()
        && body
            .clone()
            .all(|t| words.is_cap(t) && !lex.titles.contains_key(words.lower(t)));
    names.then_some(body)
}

/// The head word of an organisation's name, before any tail (`League` in
/// `League for the Defence of Human Rights`).
fn org_head(words: &Words, lex: &Lexicon, tokens: Range<usize>) -> usize {
    (tokens.start..tokens.end - 1)
        .find(|&t| lex.words.org_tails.contains(words.get(t + 1)))
        .unwrap_or(tokens.end - 1)
}

/// `Turkish Airlines`, `Stockholm University`, `University of Beirut`,
/// `Iranian Foreign Ministry`: a state word joined to an organisation's
/// name is part of the name, not a mention of the state; a government
/// organisation named so belongs to that state.
fn absorb_into_organisations(words: &Words, lex: &Lexicon, mentions: &mut Vec<RawMention>) {
    let ends_with: foldhash::HashMap<usize, usize> = mentions
        .iter()
        .enumerate()
        .map(|(k, m)| (m.tokens.end, k))
        .collect();
    let starts_at: foldhash::HashMap<usize, usize> = mentions
        .iter()
        .enumerate()
        .map(|(k, m)| (m.tokens.start, k))
        .collect();
    let mut removed = vec![false; mentions.len()];
    for k in 0..mentions.len() {
        if !takes_state_word(words, lex, &mentions[k]) {
            continue;
        }
        let m = mentions[k].clone();
        let head = words.get(org_head(words, lex, m.tokens.clone()));
        let mut start = m.tokens.start;
        let mut end = m.tokens.end;
        let mut state = None;
        if let Some(&j) = ends_with.get(&m.tokens.start) {
            if let Some(e) = is_state(lex, &mentions[j])
                .filter(|_| !removed[j] && mentions[j].sentence == m.sentence)
            {
                if lex.org_words.get(head) == Some(&false) {
                    start = mentions[j].tokens.start;
                    state = Some(e);
                    removed[j] = true;
                }
            }
        }
        // `University of Beirut`
        if words.get(end) == "of" && lex.org_words.contains_key(words.get(m.tokens.start)) {
            if let Some(&j) = starts_at.get(&(end + 1)) {
                if let Some(e) = is_state(lex, &mentions[j])
                    .filter(|_| !removed[j] && mentions[j].sentence == m.sentence)
                {
                    end = mentions[j].tokens.end;
                    state = state.or(Some(e));
                    removed[j] = true;
                }
            }
        }
        if start == m.tokens.start && end == m.tokens.end {
            continue;
        }
        let governs = lex.state_org_heads.contains(&head.to_lowercase())
            || lex.state_org_heads.contains(words.lower(m.tokens.start));
        mentions[k] = RawMention {
            sentence: m.sentence,
            tokens: start..end,
            kind: MentionKind::Name,
            candidate: Candidate::Institution {
                name: words.span(start..end).to_string(),
                part_of: if governs { state } else { None },
            },
            title: None,
            affiliation: None,
            span: None,
        };
    }
    let mut k = 0;
    mentions.retain(|_| {
        k += 1;
        !removed[k - 1]
    });
}

/// `Iran's foreign ministry`, `the North Korean defence ministry`: a state
/// and a lowercase organisation head name an institution of that state.
fn state_owned_organisations(
    words: &Words,
    lex: &Lexicon,
    seg: &Segmented,
    mentions: &mut Vec<RawMention>,
) {
    let mut extra = Vec::new();
    for m in mentions.iter() {
        let Some(e) = is_state(lex, m) else { continue };
        let sent = &seg.sentences[m.sentence];
        // `an Austrian court` is any court, no named body.
        let indefinite =
            m.tokens.start > 0 && matches!(words.lower(m.tokens.start - 1), "a" | "an");
        if sent.headline || indefinite {
            continue;
        }
        let mut j = m.tokens.end;
        if words.is_possessive(j) {
            j += 1;
        }
        let first = j;
        let mut head = None;
        while j < sent.tokens.end && j < first + 3 && words.is_word(j) && !words.is_cap(j) {
            let w = words.lower(j);
            // `Israel's army` is the state itself (an actor noun).
            if lex.state_org_heads.contains(w) && !lex.actor_nouns.contains(w) {
                head = Some(j);
            }
            j += 1;
        }
        let Some(h) = head else { continue };
        // A name right after (`state news agency TASS`) is the institution.
        if words.is_cap(h + 1) {
            continue;
        }
        let phrase: Vec<String> = (first..h + 1)
            .map(|t| {
                let w = words.get(t);
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            })
            .collect();
        extra.push(RawMention {
            sentence: m.sentence,
            tokens: m.tokens.start..h + 1,
            kind: MentionKind::Name,
            candidate: Candidate::Institution {
                name: format!("{} {}", lex.entities[e].label, phrase.join(" ")),
                part_of: Some(e),
            },
            title: None,
            affiliation: None,
            span: None,
        });
    }
    mentions.extend(extra);
}

/// `the Ruritanian state-owned airline Ruriair`: an organisation's name
/// after a state, a word saying the state owns it and at most two plain
/// nouns belongs to that state.
fn owned_by_state(words: &Words, lex: &Lexicon, mentions: &mut [RawMention]) {
    let state_ending_at: foldhash::HashMap<usize, usize> = mentions
        .iter()
        .filter_map(|m| is_state(lex, m).map(|e| (m.tokens.end, e)))
        .collect();
    for m in mentions.iter_mut() {
        let Candidate::Institution { part_of, .. } = &mut m.candidate else {
            continue;
        };
        let mut j = m.tokens.start;
        while j > 0 && m.tokens.start - j < 2 && !words.is_cap(j - 1) && words.is_word(j - 1) {
            if lex.words.state_owned.contains(words.lower(j - 1)) {
                break;
            }
            j -= 1;
        }
        if j == 0 || !lex.words.state_owned.contains(words.lower(j - 1)) {
            continue;
        }
        let mut s = j - 1;
        if s > 0 && words.is_possessive(s - 1) {
            s -= 1;
        }
        if let Some(&e) = state_ending_at.get(&s) {
            part_of.get_or_insert(e);
        }
    }
}

/// `Republican senator Jane Roe`, `a Democrat,`, `the Tories`: a word for
/// a party's members (`party_members.tsv`) that no other mention covers is
/// a mention of the party, before a title or a name, after `a` as a noun,
/// or as the plural, in a document that names the party's state.
fn party_member_words(
    words: &Words,
    lex: &Lexicon,
    seg: &Segmented,
    sentence_of: &[usize],
    mentions: &mut Vec<RawMention>,
) {
    // The states named, by name or through a body of theirs (`the US
    // Senate`).
    let mut named: foldhash::HashSet<&str> = foldhash::HashSet::default();
    for m in mentions.iter() {
        let Candidate::Known(e) = m.candidate else {
            continue;
        };
        let mut id = Some(lex.entities[e].id.as_str());
        for _ in 0..4 {
            let Some(cur) = id else { break };
            named.insert(cur);
            id = lex
                .entity(cur)
                .and_then(|k| k.attributes.get("part_of"))
                .map(String::as_str);
        }
    }
    let mut covered = vec![false; seg.tokens.len()];
    for m in mentions.iter() {
        covered[m.tokens.clone()].fill(true);
    }
    let mut found = Vec::new();
    for t in (0..seg.tokens.len()).filter(|&t| !covered[t]) {
        let Some(&party) = lex.party_members.get(words.get(t)) else {
            continue;
        };
        let state = lex.entities[party].attributes.get("part_of");
        if seg.sentences[sentence_of[t]].headline
            || !state.is_some_and(|s| named.contains(s.as_str()))
            || !stands_for_members(words, lex, t)
        {
            continue;
        }
        let plural = words.get(t).ends_with('s') || words.get(t).ends_with("ies");
        found.push(RawMention {
            sentence: sentence_of[t],
            tokens: t..t + 1,
            kind: if plural {
                MentionKind::DemonymPlural
            } else {
                MentionKind::Demonym
            },
            candidate: Candidate::Known(party),
            title: None,
            affiliation: None,
            span: None,
        });
    }
    mentions.extend(found);
}

/// Whether a party's word at `t` speaks of its members: the plural noun
/// (`Republicans`), a noun after `a` (`a Democrat,`), or a modifier of a
/// title (`Labour MP`, `Republican committee member`) or of a name that
/// is no organisation's (`Tory Jane Roe`, not `Republican Guard`).
fn stands_for_members(words: &Words, lex: &Lexicon, t: usize) -> bool {
    let w = words.get(t);
    if w.ends_with('s') {
        return true;
    }
    if t > 0 && matches!(words.lower(t - 1), "a" | "an") {
        return true;
    }
    let title = |i: usize| lex.titles.contains_key(words.lower(i));
    let next = t + 1;
    title(next)
        || (words.is_word(next) && !words.is_cap(next) && title(next + 1))
        || (words.is_cap(next) && !lex.org_words.contains_key(words.get(next)))
}

/// `Russo-Ukrainian`, `India-Pakistan`, `North Korean-Russian`: each part
/// of a hyphenated compound that names a state is a modifier mention of it.
fn hyphenated_compounds(
    words: &Words,
    lex: &Lexicon,
    seg: &Segmented,
    sentence_of: &[usize],
    covered: &[Option<usize>],
    mentions: &mut Vec<RawMention>,
) {
    for (i, tok) in seg.tokens.iter().enumerate() {
        if covered[i].is_some() || !words.is_cap(i) {
            continue;
        }
        let w = words.get(i);
        if !w.contains('-') || seg.sentences[sentence_of[i]].headline {
            continue;
        }
        let mut found: Vec<(Range<usize>, usize, std::ops::Range<usize>)> = Vec::new();
        let mut offset = tok.byte_start;
        for (n, part) in w.split('-').enumerate() {
            let range = offset..offset + part.len();
            offset += part.len() + 1;
            let state_of = |text: &str| -> Option<usize> {
                if let Some(&s) = lex.surface_index.get(text) {
                    let e = lex.surfaces[s].entity;
                    return (lex.entities[e].node_type == NodeType::State).then_some(e);
                }
                lex.combining.get(text).copied()
            };
            // `North Korean-Russian`: the first part may finish a name
            // begun by the token before.
            if n == 0 && i > 0 && sentence_of[i - 1] == sentence_of[i] && covered[i - 1].is_none() {
                let joined = format!("{} {}", words.get(i - 1), part);
                if let Some(e) = state_of(&joined) {
                    found.push((i - 1..i + 1, e, seg.tokens[i - 1].byte_start..range.end));
                    continue;
                }
            }
            if let Some(e) = state_of(part) {
                found.push((i..i + 1, e, range));
            }
        }
        if found.is_empty() {
            continue;
        }
        for (tokens, e, span) in found {
            mentions.push(RawMention {
                sentence: sentence_of[i],
                tokens,
                kind: MentionKind::Demonym,
                candidate: Candidate::Known(e),
                title: None,
                affiliation: None,
                span: Some(span),
            });
        }
    }
}

/// The longest title starting at token `i`, and where it ends.
pub fn title_at(words: &Words, lex: &Lexicon, i: usize, limit: usize) -> Option<(Title, usize)> {
    let mut best = None;
    let mut phrase = String::new();
    for k in 0..lex.max_title_words {
        let j = i + k;
        if j >= limit || !words.is_word(j) && words.get(j) != "-" {
            break;
        }
        if k > 0 && words.get(j) != "-" && !phrase.ends_with('-') {
            phrase.push(' ');
        }
        phrase.push_str(words.lower(j));
        if !lex.title_prefixes.contains(&phrase) {
            break;
        }
        if let Some(t) = lex.titles.get(&phrase) {
            best = Some((t.clone(), j + 1));
        }
    }
    best
}

/// What the zone before a person's name holds, nearest first.
enum Item {
    /// An organisation's mention, with the word before it, and whether
    /// plain words stand between it and the item before (nearer the name):
    /// `Israeli territory by the President` ties no one to Israel.
    Org(usize, String, bool),
    Title(Title),
}

/// The sentence around a person's name, read for the person's title:
/// before the name (`Ruritanian Defence Minister Jane Roe`, `Kremlin
/// spokesman Ivan Sokolov`, `Chile's ambassador to Peru, Rosa
/// Ibarra`, `professor at Leiden University Jane Doe`) or after it in
/// an apposition (`Tom Reed, a defence analyst`, `Jane Doe, a
/// professor at Leiden University`).
struct Zone<'a> {
    words: &'a Words<'a>,
    lex: &'a Lexicon,
    /// The mentions so far, in token order, and the one at each token.
    mentions: &'a [RawMention],
    at: &'a [Option<usize>],
    sent: Range<usize>,
}

impl Zone<'_> {
    /// The state or institution mention at token `t`.
    fn org_at(&self, t: usize) -> Option<usize> {
        let k = self.at.get(t).copied().flatten()?;
        match self.mentions[k].candidate {
            Candidate::Known(e) if self.lex.entities[e].node_type != NodeType::Person => Some(k),
            Candidate::Institution { .. } => Some(k),
            _ => None,
        }
    }

    /// The title of the person named by `m`, the mention the title ties
    /// them to, and whether the title stands right by the name (which
    /// makes an unknown capitalised word a person).
    fn title_of(&self, m: &RawMention) -> (Option<Title>, Option<usize>, bool) {
        let (items, adjacent) = self.items_before(m);
        if let Some(ti) = items.iter().position(|i| matches!(i, Item::Title(_))) {
            let Item::Title(title) = &items[ti] else {
                unreachable!()
            };
            // An organisation left of the title, nearest first, not the
            // destination of a post (`ambassador to X`).
            let left = items[ti + 1..].iter().find_map(|i| match i {
                Item::Org(k, _, loose) => (!loose).then_some(*k),
                _ => None,
            });
            // Else one right of it joined by `at`, `of`, `for` or `with`.
            let right = items[..ti].iter().rev().find_map(|i| match i {
                Item::Org(k, prep, _)
                    if self.lex.words.affiliation_preps.contains(prep.as_str()) =>
                {
                    Some(*k)
                }
                _ => None,
            });
            // A title of its own in the name says more than one before it
            // with no body (`the leader of the faith, Pope X`).
            match (left.or(right), self.title_in_name(m)) {
                (None, Some(own)) => return (Some(own), None, true),
                (org, _) => return (Some(title.clone()), org, adjacent),
            }
        }
        let after = self.apposition(m);
        if after.0.is_some() {
            return after;
        }
        // The organisation right before a name with a title of its own.
        let org = items.first().and_then(|i| match i {
            Item::Org(k, _, false) => Some(*k),
            _ => None,
        });
        match self.title_in_name(m) {
            Some(own) => (Some(own), org, true),
            None => after,
        }
    }

    /// The title a lexicon name opens with (`Queen Elizabeth II`).
    fn title_in_name(&self, m: &RawMention) -> Option<Title> {
        if !matches!(m.candidate, Candidate::Known(_)) {
            return None;
        }
        match title_at(self.words, self.lex, m.tokens.start, m.tokens.end) {
            Some((title, e)) if e < m.tokens.end => Some(title),
            _ => None,
        }
    }

    /// The title that ends at token `t` (the longest), and where it starts.
    fn title_ending_at(&self, t: usize) -> Option<(Title, usize)> {
        let longest = self.lex.max_title_words.min(t + 1 - self.sent.start);
        let exact = (1..=longest).rev().find_map(|len| {
            let s = t + 1 - len;
            match title_at(self.words, self.lex, s, t + 1) {
                Some((title, e)) if e == t + 1 => Some((title, s)),
                _ => None,
            }
        });
        // A plural (`Representatives X, Y and Z`, `foreign ministers`).
        exact.or_else(|| {
            (1..=longest).rev().find_map(|len| {
                let s = t + 1 - len;
                let phrase: Vec<&str> = (s..=t).map(|i| self.words.lower(i)).collect();
                let phrase = phrase.join(" ");
                let title = self.lex.titles.get(phrase.strip_suffix('s')?)?;
                Some((title.clone(), s))
            })
        })
    }

    /// Walks left from the name over the zone before it (at most fourteen
    /// steps): organisations, titles, possessives, modifiers, links and a
    /// few plain words. Returns what it met, nearest first, and whether
    /// the nearest title stands right before the name (`President X`,
    /// `Kremlin spokesman X`); a title further away only gives an
    /// affiliation.
    fn items_before(&self, m: &RawMention) -> (Vec<Item>, bool) {
        let (words, lex, sent) = (self.words, self.lex, &self.sent);
        let mut items: Vec<Item> = Vec::new();
        let mut j = self.zone_end(m);
        let mut steps = 0;
        let mut adjacent = false;
        let mut gap = false;
        let mut plain_words = 0;
        // Plain words passed since the last item (`territory by`).
        let mut loose = 0;
        while j > sent.start && steps < 14 {
            steps += 1;
            let t = j - 1;
            if let Some(k) = self.org_at(t) {
                let before = self.mentions[k].tokens.start;
                gap = true;
                let prep = self.word_before(before).to_string();
                items.push(Item::Org(k, prep, loose >= 2));
                loose = 0;
                j = before;
                continue;
            }
            if words.is_possessive(t) {
                j = t;
                continue;
            }
            if let Some((mut title, s)) = self.title_ending_at(t) {
                if !items.iter().any(|i| matches!(i, Item::Title(_))) {
                    adjacent = !gap;
                }
                // `Labour committee chairman`: he chairs the committee and
                // is only a member of what is named before it.
                if s > sent.start && self.unnamed_body(s - 1) {
                    title.relation = "member_of".into();
                }
                items.push(Item::Title(title));
                loose = 0;
                j = s;
                continue;
            }
            let w = words.lower(t);
            let unknown = self.at[t]
                .is_some_and(|k| matches!(self.mentions[k].candidate, Candidate::Unknown { .. }));
            let zone_word = lex.words.title_modifiers.contains(w)
                || lex.words.title_zone_links.contains(w)
                || (words.is_cap(t) && (self.at[t].is_none() || unknown));
            // `professor of Korean studies at Leiden University Jane Doe`: a
            // few plain words may stand between a title and the name's
            // organisation.
            let plain = words.is_word(t)
                && !words.is_cap(t)
                && plain_words < 3
                && !lex.cues.contains_key(w)
                && !lex.triggers.contains_key(w)
                && !lex.words.title_zone_stops.contains(w);
            if !(zone_word || plain) {
                break;
            }
            if !lex.words.title_modifiers.contains(w) {
                gap = true;
            }
            if plain && !zone_word {
                plain_words += 1;
            }
            // Plain words, or capitalised ones of no name or title (`US
            // General Services Administration administrator`), part an
            // organisation from the title.
            let small =
                lex.words.title_modifiers.contains(w) || lex.words.title_zone_links.contains(w);
            if !small && !self.unnamed_body(t) {
                loose += 1;
            }
            j = t;
        }
        (items, adjacent)
    }

    /// Where the zone before a name ends: before a comma (`President, X`)
    /// or a title's short form in brackets (`Member of Parliament (MP) X`).
    fn zone_end(&self, m: &RawMention) -> usize {
        let (words, start) = (self.words, self.sent.start);
        let mut j = m.tokens.start;
        if j > start + 1 && words.get(j - 1) == "," {
            j -= 1;
        }
        if j > start + 3 && words.get(j - 1) == ")" && words.get(j - 3) == "(" {
            j -= 3;
        }
        j
    }

    /// The word before token `t`, past `the` (`a member of the Ruritanian
    /// Senate`: `of`); empty at the sentence's start.
    fn word_before(&self, t: usize) -> &str {
        let (words, start) = (self.words, self.sent.start);
        let mut p = t;
        while p > start + 1 && self.lex.words.before_object.contains(words.lower(p - 1)) {
            p -= 1;
        }
        if p > start {
            words.lower(p - 1)
        } else {
            ""
        }
    }

    /// Whether token `t` is a lower-case organisation noun of no mention
    /// (`committee`, `board`).
    fn unnamed_body(&self, t: usize) -> bool {
        self.words.is_word(t)
            && !self.words.is_cap(t)
            && self.at[t].is_none()
            && self.lex.is_org_word_lower(self.words.lower(t))
    }

    /// After the name: `, a/an/the [modifiers] title [at|of|for ORG]`,
    /// closed by a comma or the sentence's end.
    fn apposition(&self, m: &RawMention) -> (Option<Title>, Option<usize>, bool) {
        let (words, lex, sent) = (self.words, self.lex, &self.sent);
        let mut j = m.tokens.end;
        if words.get(j) != "," {
            return (None, None, false);
        }
        j += 1;
        if matches!(words.lower(j), "a" | "an" | "the") {
            j += 1;
        }
        let limit = (j + 8).min(sent.end);
        let mut modifier_org = None;
        while j < limit {
            if let Some((ti, e)) = title_at(words, lex, j, sent.end) {
                let (aff, k) = self.post_after(e, modifier_org);
                // An apposition closes with a comma or the sentence; `For his
                // meeting with X, the dictator is expected …` is no apposition.
                let closes = k >= sent.end
                    || matches!(words.get(k), "," | "." | ";" | ")" | "!" | "?" | "”" | "\"");
                if !closes {
                    return (None, None, false);
                }
                return (Some(ti), aff, true);
            }
            let w = words.lower(j);
            if let Some(k) = self.org_at(j) {
                // `a Russian defence analyst`: the demonym is the affiliation.
                modifier_org = Some(k);
                j = self.mentions[k].tokens.end;
                if words.is_possessive(j) {
                    j += 1;
                }
                continue;
            }
            if !words.is_word(j) || w == "who" || w == "which" || self.at[j].is_some() {
                break;
            }
            j += 1;
        }
        (None, None, false)
    }

    /// What follows a title that ends at token `e` in an apposition: the
    /// organisation it is held at (`at`, `of`, `for`, `with`; else the
    /// modifier's, `aff`) and where the post's phrase ends, past a
    /// destination (`Mexico's ambassador to Cuba`).
    fn post_after(&self, e: usize, aff: Option<usize>) -> (Option<usize>, usize) {
        let words = self.words;
        let mut k = e;
        let mut aff = aff;
        if self.lex.words.affiliation_preps.contains(words.lower(k)) {
            k += 1;
            if words.lower(k) == "the" {
                k += 1;
            }
            aff = self.org_at(k).or(aff);
            if let Some(o) = aff {
                k = k.max(self.mentions[o].tokens.end);
            }
        }
        if matches!(words.lower(k), "to" | "in") {
            if let Some(o) = self.org_at(k + 1).or_else(|| self.org_at(k + 2)) {
                k = self.mentions[o].tokens.end;
            }
        }
        (aff, k)
    }
}

/// A run of capitalised tokens that neither the lexicon nor the recogniser
/// took: its name part (without leading function words, titles and
/// honorifics, or from after a title inside it: `Unification Minister Park
/// Min-jun`) is a person's after an honorific, else a candidate that only a
/// title right before it or a full name elsewhere in the document can
/// resolve. ALL-CAPS banners and runs longer than four words give nothing.
/// The first token after the honorifics and titles that open a run
/// ending at `end`, and whether an honorific was among them; `None` when
/// a title takes the whole run.
fn past_titles(words: &Words, lex: &Lexicon, mut p: usize, end: usize) -> Option<(usize, bool)> {
    let mut honoured = false;
    loop {
        if p < end && lex.honorifics.contains(words.get(p)) {
            p += 1;
            honoured = true;
            continue;
        }
        match title_at(words, lex, p, end) {
            Some((_, e)) if e < end => p = e,
            Some(_) => return None,
            None => return Some((p, honoured)),
        }
    }
}

fn unknown_run(
    words: &Words,
    lex: &Lexicon,
    run: Range<usize>,
    sentence: usize,
) -> Option<RawMention> {
    let end = run.end;
    let mut p = run.start;
    while p < end
        && (lex.function_words.contains(words.get(p))
            || lex.words.name_connectors.contains(words.get(p)))
    {
        p += 1;
    }
    let all_caps = (p..end).all(|t| {
        let w = words.get(t);
        w.chars().filter(|c| c.is_alphabetic()).count() > 1 && !w.chars().any(char::is_lowercase)
    });
    if p >= end || all_caps {
        return None;
    }
    // `General Services Administration`: an organisation's name keeps a
    // title-like word.
    let organisation = lex.org_words.get(words.get(end - 1)) == Some(&false);
    let mut honoured = false;
    if !organisation {
        (p, honoured) = past_titles(words, lex, p, end)?;
    }
    if let Some(e) = (p..end)
        .filter(|_| !organisation)
        .filter_map(|q| title_at(words, lex, q, end).map(|(_, e)| e))
        .rfind(|&e| e < end && !lex.words.name_connectors.contains(words.get(e)))
    {
        p = p.max(e);
    }
    while p < end && lex.words.name_connectors.contains(words.get(p)) {
        p += 1;
    }
    if p >= end || end - p > 4 {
        return None;
    }
    let name = words.span(p..end).to_string();
    Some(RawMention {
        sentence,
        tokens: p..end,
        kind: MentionKind::Name,
        // `Mrs. Aiko Tanaka`: an honorific makes the name a person's.
        candidate: if honoured {
            Candidate::Person {
                name,
                evidence: true,
            }
        } else {
            Candidate::Unknown { name }
        },
        title: None,
        affiliation: None,
        span: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plural_of_capitals_is_no_name() {
        for w in ["NGOs", "MPs", "CEOs"] {
            assert!(plural_acronym(w), "{w}");
        }
        for w in ["Mars", "Moss", "US", "Ks", "Hans"] {
            assert!(!plural_acronym(w), "{w}");
        }
    }

    fn name(seg: &Segmented, text: &str, word: &str, len: usize, kind: Kind) -> NameSpan {
        let start = seg
            .tokens
            .iter()
            .rposition(|t| &text[t.byte_start..t.byte_end] == word)
            .expect("the word is in the text");
        NameSpan {
            start,
            end: start + len,
            kind,
            score: 9.0,
        }
    }

    #[test]
    fn an_organisation_shortened_to_its_last_word_is_a_person() {
        let text = "Rivals beat Morwen Tsakani of the UDP, Halvor Brandt and Norvik Airways. \
                    Tsakani and Airways conceded.";
        let seg = crate::extract::segment::segment(text);
        let lex = crate::lexicon::builtin().expect("the built-in lexicon loads");
        let words = Words::new(text, &seg);
        let names = [
            name(&seg, text, "Morwen", 2, Kind::Org),
            name(&seg, text, "UDP", 1, Kind::Org),
            name(&seg, text, "Halvor", 2, Kind::Org),
            name(&seg, text, "Norvik", 2, Kind::Org),
            name(&seg, text, "Tsakani", 1, Kind::Org),
            name(&seg, text, "Airways", 1, Kind::Org),
        ];
        let mut kinds = voted_kinds(&words, &names);
        persons_by_surname(&words, &lex, &names, &mut kinds);
        assert_eq!(kinds["Morwen Tsakani"], Kind::Per);
        assert_eq!(kinds["Halvor Brandt"], Kind::Org);
        assert_eq!(kinds["Norvik Airways"], Kind::Org);
        assert_eq!(kinds["UDP"], Kind::Org);
    }
}
