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

use crate::lexicon::{Lexicon, Title};
use crate::model::{MentionKind, NodeType, Segmented, Token, TokenKind};

/// What a span could refer to, before resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Candidate {
    /// A lexicon entity, by index.
    Known(usize),
    /// A person's name as written, without titles (`Sergei Shoigu`, `Kim`).
    Person { name: String, evidence: bool },
    /// An institution's name as written (`Leiden University`), or a
    /// description tied to a state (`Iran's foreign ministry`).
    Institution {
        name: String,
        part_of: Option<usize>,
    },
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

/// Connectors allowed inside a capitalised name (`Bank of England`).
const CONNECTORS: &[&str] = &[
    "of", "for", "de", "del", "der", "den", "van", "von", "bin", "ibn", "al", "el", "la", "le",
    "du", "da", "dos", "di", "and",
];

const PRONOUNS: &[&str] = &[
    "he", "him", "his", "she", "her", "it", "its", "they", "them", "their", "we", "our", "us",
];

/// Plural nouns of descriptions such as `the two countries`.
pub const PLURAL_NOUNS: &[(&str, NodeType)] = &[
    ("countries", NodeType::State),
    ("nations", NodeType::State),
    ("states", NodeType::State),
    ("sides", NodeType::State),
    ("governments", NodeType::State),
    ("neighbours", NodeType::State),
    ("neighbors", NodeType::State),
    ("leaders", NodeType::Person),
    ("men", NodeType::Person),
    ("presidents", NodeType::Person),
];

const STATE_NOUNS: &[&str] = &[
    "country", "state", "nation", "regime", "kingdom", "republic",
];

/// Modifiers that may stand inside a title (`principal deputy spokesperson`).
const TITLE_MODIFIERS: &[&str] = &[
    "acting",
    "assistant",
    "associate",
    "chief",
    "deputy",
    "executive",
    "first",
    "former",
    "interim",
    "principal",
    "senior",
    "top",
    "vice",
    "then",
    "longtime",
    "veteran",
    "new",
    "outgoing",
    "incoming",
    "retired",
    "ex",
    "military",
    "defence",
    "defense",
    "political",
];

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

/// Finds every candidate mention in a segmented document.
pub fn find_mentions(text: &str, seg: &Segmented, lex: &Lexicon) -> Vec<RawMention> {
    let words = Words::new(text, seg);
    let n = seg.tokens.len();
    let mut sentence_of = vec![0usize; n];
    for s in &seg.sentences {
        for t in s.tokens.clone() {
            sentence_of[t] = s.index;
        }
    }

    // 1. Lexicon matches, on token boundaries.
    let mut covered: Vec<Option<usize>> = vec![None; n];
    let mut mentions: Vec<RawMention> = Vec::new();
    for m in lex.automaton.find_iter(text) {
        let Ok(first) = seg
            .tokens
            .binary_search_by_key(&m.start(), |t| t.byte_start)
        else {
            continue;
        };
        let Some(last) = seg.tokens[first..]
            .iter()
            .position(|t| t.byte_end >= m.end())
            .map(|p| p + first)
        else {
            continue;
        };
        if seg.tokens[last].byte_end != m.end() || sentence_of[first] != sentence_of[last] {
            continue;
        }
        let surface = &lex.surfaces[m.pattern().as_usize()];
        // `Michael Jordan`, `Victoria Beckham`: a given name before a
        // one-word place name makes it a surname.
        let after_given = first > 0
            && sentence_of[first - 1] == sentence_of[first]
            && lex.given_names.contains(words.get(first - 1))
            && first == last
            && lex.entities[surface.entity].node_type != NodeType::Person;
        if after_given {
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
        let idx = mentions.len();
        for c in covered.iter_mut().take(last + 1).skip(first) {
            *c = Some(idx);
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

    // 2. Capitalised runs that the lexicon did not claim.
    let mut found: Vec<RawMention> = Vec::new();
    for s in &seg.sentences {
        if s.headline {
            continue;
        }
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            if covered[i].is_some() || !words.is_cap(i) {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i + 1;
            while end < s.tokens.end && covered[end].is_none() {
                if words.is_cap(end) {
                    end += 1;
                } else if CONNECTORS.contains(&words.get(end))
                    && end + 1 < s.tokens.end
                    && covered[end + 1].is_none()
                    && words.is_cap(end + 1)
                    && words.get(end) != "and"
                {
                    end += 2;
                } else {
                    break;
                }
            }
            classify_run(
                &words,
                lex,
                start..end,
                s.tokens.clone(),
                sentence_of[start],
                &mut found,
            );
            i = end;
        }
    }
    mentions.extend(found);
    absorb_into_organisations(&words, lex, seg, &sentence_of, &mut mentions);
    state_owned_organisations(&words, lex, seg, &mut mentions);
    hyphenated_compounds(&words, lex, seg, &sentence_of, &covered, &mut mentions);

    // 3. Pronouns and descriptions.
    for s in &seg.sentences {
        if s.headline {
            continue;
        }
        for i in s.tokens.clone() {
            if covered[i].is_some() || !words.is_word(i) {
                continue;
            }
            let w = words.get(i);
            let lw = w.to_lowercase();
            // `his country`, `her government`
            if matches!(lw.as_str(), "his" | "her") && i + 1 < s.tokens.end {
                let noun = words.lower(i + 1);
                if matches!(noun, "country" | "nation" | "government" | "regime") {
                    mentions.push(RawMention {
                        sentence: s.index,
                        tokens: i..i + 2,
                        kind: MentionKind::Description,
                        candidate: Candidate::OwnState(lw.clone()),
                        title: None,
                        affiliation: None,
                        span: None,
                    });
                    continue;
                }
            }
            if PRONOUNS.contains(&lw.as_str()) && (w == lw || i == s.tokens.start || lw != "us") {
                if lw == "us" && w != "us" {
                    continue;
                }
                mentions.push(RawMention {
                    sentence: s.index,
                    tokens: i..i + 1,
                    kind: MentionKind::Pronoun,
                    candidate: Candidate::Pronoun(lw),
                    title: None,
                    affiliation: None,
                    span: None,
                });
                continue;
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
                    let noun = words.lower(j);
                    if let Some((_, ty)) = PLURAL_NOUNS.iter().find(|(n, _)| *n == noun) {
                        mentions.push(RawMention {
                            sentence: s.index,
                            tokens: i..j + 1,
                            kind: MentionKind::Description,
                            candidate: Candidate::Plural(*ty),
                            title: None,
                            affiliation: None,
                            span: None,
                        });
                        continue;
                    }
                }
            }
            // `the communist state`, `the reclusive country`
            if lw == "the" {
                let mut j = i + 1;
                while j < s.tokens.end && j < i + 4 && words.is_word(j) && !words.is_cap(j) {
                    let l = words.lower(j);
                    if STATE_NOUNS.contains(&l) && j > i + 1 {
                        let next = words.lower(j + 1);
                        if next != "of" && next != "department" && next != "media" {
                            mentions.push(RawMention {
                                sentence: s.index,
                                tokens: i..j + 1,
                                kind: MentionKind::Description,
                                candidate: Candidate::StateDescription,
                                title: None,
                                affiliation: None,
                                span: None,
                            });
                        }
                        break;
                    }
                    if lex.titles.contains_key(l) || lex.cues.contains_key(l) {
                        break;
                    }
                    j += 1;
                }
            }
        }
    }

    // 4. Title zones, descriptions of persons, and state nouns
    // (`U.S. officials`, `a top U.S. official`).
    mentions.sort_by_key(|m| (m.tokens.start, m.tokens.end));
    let mut at: Vec<Option<usize>> = vec![None; n];
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
            let (title, aff, adjacent) =
                title_zone(&words, lex, &mentions, &at, &m, sent.tokens.clone());
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
        // An organisation or state modifier followed by a title with no
        // name: `the North Korean leader`, `the Kremlin spokesman`.
        let org = match m.candidate {
            Candidate::Known(e) => lex.entities[e].node_type != NodeType::Person,
            Candidate::Institution { .. } => true,
            _ => false,
        };
        if !org {
            continue;
        }
        let mut j = m.tokens.end;
        if words.is_possessive(j) {
            j += 1;
        }
        while j < sent.tokens.end && TITLE_MODIFIERS.contains(&words.lower(j)) {
            j += 1;
        }
        if j >= sent.tokens.end || at[j].is_some() {
            continue;
        }
        if let Some((title, tend)) = title_at(&words, lex, j, sent.tokens.end) {
            // A name right after the title belongs to the person's mention.
            if tend < sent.tokens.end && (words.is_cap(tend) || at[tend].is_some()) {
                continue;
            }
            let det = m.tokens.start > sent.tokens.start && {
                let mut d = m.tokens.start - 1;
                while d > sent.tokens.start && TITLE_MODIFIERS.contains(&words.lower(d)) {
                    d -= 1;
                }
                words.lower(d)
            } == "the";
            if det {
                extra.push(RawMention {
                    sentence: m.sentence,
                    tokens: m.tokens.start..tend,
                    kind: MentionKind::Description,
                    candidate: Candidate::PersonDescription {
                        affiliation: k,
                        title,
                    },
                    title: None,
                    affiliation: None,
                    span: None,
                });
            }
        }
    }
    mentions.extend(extra);
    // `the Biden administration`, `the Netanyahu government`: a leader's
    // name before one of these nouns names an institution.
    for m in mentions.iter_mut() {
        let person = match &m.candidate {
            Candidate::Known(e) => lex.entities[*e].node_type == NodeType::Person,
            Candidate::Person { .. } | Candidate::Unknown { .. } => true,
            _ => false,
        };
        let next = words.lower(m.tokens.end);
        if person && matches!(next, "administration" | "government") {
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
    // Back into document order; `affiliation` indexes follow the move.
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

fn is_state(lex: &Lexicon, m: &RawMention) -> Option<usize> {
    match m.candidate {
        Candidate::Known(e) if lex.entities[e].node_type == NodeType::State => Some(e),
        _ => None,
    }
}

/// `Turkish Airlines`, `Stockholm University`, `University of Beirut`,
/// `Iranian Foreign Ministry`: a state word joined to an organisation's
/// name is part of the name, not a mention of the state; a government
/// organisation named so belongs to that state.
fn absorb_into_organisations(
    words: &Words,
    lex: &Lexicon,
    seg: &Segmented,
    sentence_of: &[usize],
    mentions: &mut Vec<RawMention>,
) {
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
        let Candidate::Institution { name, .. } = &mentions[k].candidate else {
            continue;
        };
        if name.contains(' ')
            && !name
                .split(' ')
                .next()
                .is_some_and(|w| lex.org_words.contains_key(w))
        {
            // Only a bare organisation word (`Airlines`, `University of`)
            // is completed by a state word.
            let first = words.get(mentions[k].tokens.start);
            if !lex.org_words.contains_key(first) {
                continue;
            }
        }
        let m = mentions[k].clone();
        let head = words.get(m.tokens.end - 1);
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
        let _ = (seg, sentence_of);
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
        if sent.headline {
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

/// Reads the title around a person's name: before it (`Russian Defense
/// Minister Sergei Shoigu`, `Kremlin spokesman Dmitry Peskov`, `Russia's
/// ambassador to North Korea, Alexander Matsegora`, `professor at Leiden
/// University Jane Doe`) or after it in an apposition (`Pavel Felgenhauer, a
/// defence analyst`, `Jane Doe, a professor at Leiden University`). Returns
/// the title and the mention that it ties the person to.
fn title_zone(
    words: &Words,
    lex: &Lexicon,
    mentions: &[RawMention],
    at: &[Option<usize>],
    m: &RawMention,
    sent: Range<usize>,
) -> (Option<Title>, Option<usize>, bool) {
    let org_at = |t: usize| -> Option<usize> {
        let k = at.get(t).copied().flatten()?;
        match mentions[k].candidate {
            Candidate::Known(e) if lex.entities[e].node_type != NodeType::Person => Some(k),
            Candidate::Institution { .. } => Some(k),
            _ => None,
        }
    };
    enum Item {
        Org(usize, String),
        Title(Title),
    }
    // Walk left over the zone before the name, nearest first.
    let mut items: Vec<Item> = Vec::new();
    let mut j = m.tokens.start;
    if j > sent.start + 1 && words.get(j - 1) == "," {
        j -= 1;
    }
    let mut steps = 0;
    // Whether the nearest title stands right before the name (`President
    // X`, `Kremlin spokesman X`), which makes an unknown capitalised word a
    // person; a title further away only gives an affiliation.
    let mut adjacent = false;
    let mut gap = false;
    let mut plain_words = 0;
    while j > sent.start && steps < 14 {
        steps += 1;
        let t = j - 1;
        if let Some(k) = org_at(t) {
            let before = mentions[k].tokens.start;
            let prep = if before > sent.start {
                words.lower(before - 1)
            } else {
                ""
            };
            gap = true;
            items.push(Item::Org(k, prep.to_string()));
            j = before;
            continue;
        }
        if words.is_possessive(t) {
            j = t;
            continue;
        }
        let mut matched = false;
        for len in (1..=lex.max_title_words.min(t + 1 - sent.start)).rev() {
            let s = t + 1 - len;
            if let Some((ti, e)) = title_at(words, lex, s, t + 1) {
                if e == t + 1 {
                    if !items.iter().any(|i| matches!(i, Item::Title(_))) {
                        adjacent = !gap;
                    }
                    items.push(Item::Title(ti));
                    j = s;
                    matched = true;
                    break;
                }
            }
        }
        if matched {
            continue;
        }
        let w = words.lower(t);
        let unknown =
            at[t].is_some_and(|k| matches!(mentions[k].candidate, Candidate::Unknown { .. }));
        let zone_word = TITLE_MODIFIERS.contains(&w)
            || matches!(
                w,
                "of" | "for" | "at" | "on" | "to" | "in" | "and" | "with" | "the" | "-"
            )
            || (words.is_cap(t) && (at[t].is_none() || unknown));
        // `professor of Korean studies at Leiden University Jane Doe`: a few
        // plain words may stand between a title and the name's organisation.
        let plain = words.is_word(t)
            && !words.is_cap(t)
            && plain_words < 3
            && !lex.cues.contains_key(w)
            && !lex.triggers.contains_key(w)
            && !matches!(w, "that" | "which" | "who" | "said" | "says");
        if zone_word || plain {
            if !TITLE_MODIFIERS.contains(&w) {
                gap = true;
            }
            if plain && !zone_word {
                plain_words += 1;
            }
            j = t;
            continue;
        }
        break;
    }
    if let Some(ti) = items.iter().position(|i| matches!(i, Item::Title(_))) {
        let Item::Title(title) = &items[ti] else {
            unreachable!()
        };
        // An organisation left of the title, nearest first, not the
        // destination of a post (`ambassador to X`).
        let left = items[ti + 1..].iter().find_map(|i| match i {
            Item::Org(k, _) => Some(*k),
            _ => None,
        });
        // Else one right of it joined by `at`, `of`, `for` or `with`.
        let right = items[..ti].iter().rev().find_map(|i| match i {
            Item::Org(k, prep) if matches!(prep.as_str(), "at" | "of" | "for" | "with") => Some(*k),
            _ => None,
        });
        return (Some(title.clone()), left.or(right), adjacent);
    }
    // After the name: `, a/an/the [modifiers] title [at|of|for ORG]`.
    let mut j = m.tokens.end;
    if words.get(j) == "," {
        j += 1;
        if matches!(words.lower(j), "a" | "an" | "the") {
            j += 1;
        }
        let limit = (j + 8).min(sent.end);
        let mut modifier_org = None;
        while j < limit {
            if let Some((ti, e)) = title_at(words, lex, j, sent.end) {
                let mut k = e;
                let mut aff = modifier_org;
                if matches!(words.lower(k), "at" | "of" | "for" | "with") {
                    k += 1;
                    if words.lower(k) == "the" {
                        k += 1;
                    }
                    aff = org_at(k).or(aff);
                    if let Some(o) = aff {
                        k = k.max(mentions[o].tokens.end);
                    }
                }
                // `Mexico's ambassador to Cuba`: the post's destination.
                if matches!(words.lower(k), "to" | "in") {
                    if let Some(o) = org_at(k + 1).or_else(|| org_at(k + 2)) {
                        k = mentions[o].tokens.end;
                    }
                }
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
            if let Some(k) = org_at(j) {
                // `a Russian defence analyst`: the demonym is the affiliation.
                modifier_org = Some(k);
                j = mentions[k].tokens.end;
                if words.is_possessive(j) {
                    j += 1;
                }
                continue;
            }
            if !words.is_word(j) || w == "who" || w == "which" || at[j].is_some() {
                break;
            }
            j += 1;
        }
    }
    (None, None, false)
}

/// Decides what a run of capitalised tokens is, and pushes the mentions it
/// holds (a run may hold an institution and then a person:
/// `Leiden University Remco Breuker`).
fn classify_run(
    words: &Words,
    lex: &Lexicon,
    run: Range<usize>,
    sent: Range<usize>,
    sentence: usize,
    out: &mut Vec<RawMention>,
) {
    let mut start = run.start;
    let end = run.end;
    // Leading function words and ALL-CAPS banners are not names.
    while start < end
        && (lex.function_words.contains(words.get(start)) || CONNECTORS.contains(&words.get(start)))
    {
        start += 1;
    }
    if start >= end {
        return;
    }
    let all_caps = (start..end).all(|t| {
        let w = words.get(t);
        w.chars().filter(|c| c.is_alphabetic()).count() > 1 && !w.chars().any(char::is_lowercase)
    });
    if all_caps {
        return;
    }
    // Strip titles and honorifics at the front, remembering them.
    let mut evidence = false;
    let mut p = start;
    // A run that is only a title (`President` before a name the lexicon
    // already holds) names no one by itself.
    if title_at(words, lex, p, end).is_some_and(|(_, e)| e == end) {
        return;
    }
    loop {
        if p < end && (lex.honorifics.contains(words.get(p))) {
            evidence = true;
            p += 1;
            continue;
        }
        if let Some((_, e)) = title_at(words, lex, p, end) {
            if e < end {
                evidence = true;
                p = e;
                continue;
            }
        }
        break;
    }
    if p >= end {
        return;
    }
    // An organisation word splits the run: the institution runs up to its
    // head word (and an `of X` tail); what follows is another run.
    let org_head = (p..end).find(|&t| lex.org_words.get(words.get(t)) == Some(&false));
    let org_front = lex.org_words.get(words.get(p)) == Some(&true);
    if let Some(h) = org_head {
        let mut stop = h + 1;
        while stop + 1 < end && CONNECTORS.contains(&words.get(stop)) && words.get(stop) != "and" {
            stop += 2;
        }
        // A run such as `Leiden University Remco Breuker` continues with a
        // person: split when the rest starts with a given name.
        // What follows the head (`Leiden University Remco Breuker`) is
        // another run, unless it is a connector tail.
        if stop < end && CONNECTORS.contains(&words.get(stop)) {
            stop = end;
        }
        let org_start = if p > start && !evidence { start } else { p };
        out.push(RawMention {
            sentence,
            tokens: org_start..stop,
            kind: MentionKind::Name,
            candidate: Candidate::Institution {
                name: words.span(org_start..stop).to_string(),
                part_of: None,
            },
            title: None,
            affiliation: None,
            span: None,
        });
        if stop < end {
            classify_run(words, lex, stop..end, sent, sentence, out);
        }
        return;
    }
    if org_front && end - p >= 2 {
        out.push(RawMention {
            sentence,
            tokens: p..end,
            kind: MentionKind::Name,
            candidate: Candidate::Institution {
                name: words.span(p..end).to_string(),
                part_of: None,
            },
            title: None,
            affiliation: None,
            span: None,
        });
        return;
    }
    // The name proper: from a given name if one appears, else after the
    // last title inside the run (`Unification Minister Park Min-jun`), else
    // what is left after the leading titles.
    if let Some(g) = (p..end).find(|&t| lex.given_names.contains(words.get(t))) {
        if g > p && end - g >= 2 {
            p = g;
            evidence = true;
        }
    } else if let Some(e) = (p..end)
        .filter_map(|q| title_at(words, lex, q, end).map(|(_, e)| e))
        .rfind(|&e| e < end && !CONNECTORS.contains(&words.get(e)))
    {
        if e > p {
            p = e;
            evidence = true;
        }
    }
    // `Coordinator for Strategic Communications`: what follows a title
    // and a connector is not a name on the title's strength.
    if p < end && CONNECTORS.contains(&words.get(p)) {
        evidence = false;
    }
    while p < end && CONNECTORS.contains(&words.get(p)) {
        p += 1;
    }
    if p >= end {
        return;
    }
    let len = end - p;
    if len > 4 {
        return;
    }
    if lex.given_names.contains(words.get(p)) && len >= 2 {
        evidence = true;
    }
    // Context: a title or honorific just before, a speech verb, an apposition.
    if !evidence && p > sent.start {
        let prev = words.get(p - 1);
        if lex.honorifics.contains(prev)
            || lex.titles.get(&prev.to_lowercase()).is_some_and(|t| t.pre)
        {
            evidence = true;
        }
    }
    if !evidence {
        let next = words.lower(end);
        let prev = if p > sent.start {
            words.lower(p - 1)
        } else {
            ""
        };
        if matches!(lex.cues.get(next), Some(crate::lexicon::CueKind::Speech))
            || matches!(lex.cues.get(prev), Some(crate::lexicon::CueKind::Speech))
        {
            evidence = len >= 2 || p > sent.start;
        }
    }
    if !evidence && words.get(end) == "," && len >= 2 {
        let a = words.lower(end + 1);
        if matches!(a, "a" | "an" | "the") {
            evidence = (end + 2..(end + 7).min(sent.end))
                .any(|t| title_at(words, lex, t, sent.end).is_some());
        }
    }
    let name = words.span(p..end).to_string();
    let candidate = if evidence {
        Candidate::Person { name, evidence }
    } else if p == sent.start && len == 1 {
        // A sentence-initial capitalised word with no other sign of a name
        // is most likely an ordinary word.
        Candidate::Unknown { name }
    } else {
        Candidate::Unknown { name }
    };
    out.push(RawMention {
        sentence,
        tokens: p..end,
        kind: MentionKind::Name,
        candidate,
        title: None,
        affiliation: None,
        span: None,
    });
}
