//! What the recogniser reads of each token: hashed word forms and shape,
//! flags from the lexicon's word lists, the lexicon's name matches, the
//! sentence position and how the document writes the word elsewhere.
//!
//! Everything here is computed once per document ([`Prepared::new`]); the
//! feature keys of one decision are built from it in [`static_features`]
//! and [`dynamic_features`]. Template numbers are part of the model's
//! meaning: changing one needs a new model version.

use foldhash::{HashMap, HashMapExt};

use crate::learn::hash::{key, key_ids};
use crate::lexicon::{CueKind, Lexicon, NameHead};
use crate::model::{MentionKind, NodeType, Segmented, TokenKind};

// Token flags.
pub(crate) const CAP: u32 = 1 << 0;
pub(crate) const ALL_CAPS: u32 = 1 << 1;
pub(crate) const HAS_UPPER: u32 = 1 << 2;
pub(crate) const HAS_DIGIT: u32 = 1 << 3;
pub(crate) const PUNCT: u32 = 1 << 4;
// Word lists (with bits 18..=20, the `LIST_BITS`).
const GIVEN: u32 = 1 << 5;
const HONORIFIC: u32 = 1 << 6;
const TITLE: u32 = 1 << 7;
const ORG_HEAD: u32 = 1 << 8;
const ORG_FRONT: u32 = 1 << 9;
const FUNCTION: u32 = 1 << 10;
const SPEECH: u32 = 1 << 11;
const STATE_ORG: u32 = 1 << 12;
// Heads of names that are no actors (`namewords.tsv`).
const LAW: u32 = 1 << 18;
const EVENT: u32 = 1 << 19;
const FACILITY: u32 = 1 << 20;
/// The bits of the word lists.
const LIST_BITS: [u32; 11] = [5, 6, 7, 8, 9, 10, 11, 12, 18, 19, 20];
// Position.
pub(crate) const SENT_START: u32 = 1 << 13;
pub(crate) const HEADLINE: u32 = 1 << 14;
const CAPS_SENTENCE: u32 = 1 << 15;
// The document elsewhere.
const DOC_LOWER: u32 = 1 << 16;
const DOC_CAP_MID: u32 = 1 << 17;

/// What the recogniser knows of one token before any label is given.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TokenInfo {
    pub word: u64,
    pub lower: u64,
    pub shape: u64,
    pub flags: u32,
    /// The lexicon match covering the token: category * 4 + position
    /// (B, I, L, U), 0 for none.
    pub lex: u8,
    /// The capitalised run the token is in (`Bank of New Ruritania`):
    /// its last token's flags and lexicon code, the token's place in it
    /// (0 none, 1 first, 2 inside, 3 last, 4 alone) and its length (at most 4).
    pub run_last_flags: u32,
    pub run_last_lex: u8,
    pub run_pos: u8,
    pub run_len: u8,
}

/// A sentence: its tokens and whether it is a headline.
#[derive(Clone, Debug)]
pub(crate) struct SentInfo {
    pub start: usize,
    pub end: usize,
    pub headline: bool,
}

/// A document ready for the recogniser.
pub struct Prepared<'a> {
    pub(crate) seg: &'a Segmented,
    pub(crate) info: Vec<TokenInfo>,
    pub(crate) sentences: Vec<SentInfo>,
}

/// Padding outside a sentence.
const BOUNDARY: u64 = 0x5151_5151_5151_5151;

impl<'a> Prepared<'a> {
    /// Tokens read.
    pub fn len(&self) -> usize {
        self.info.len()
    }

    pub fn is_empty(&self) -> bool {
        self.info.is_empty()
    }

    /// Reads a segmented document's tokens with the lexicon.
    pub fn new(text: &'a str, seg: &'a Segmented, lex: &Lexicon) -> Prepared<'a> {
        let mut info: Vec<TokenInfo> = seg
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let word = &text[t.byte_start..t.byte_end];
                token_info(word, seg.lower(i), t.kind, lex)
            })
            .collect();
        let sentences: Vec<SentInfo> = seg
            .sentences
            .iter()
            .map(|s| SentInfo {
                start: s.tokens.start,
                end: s.tokens.end,
                headline: s.headline,
            })
            .collect();
        mark_positions(&mut info, &sentences);
        mark_lexicon(text, seg, lex, &mut info);
        mark_document(&mut info);
        mark_runs(seg, &mut info, &sentences);
        Prepared {
            seg,
            info,
            sentences,
        }
    }
}

fn token_info(word: &str, lower: &str, kind: TokenKind, lex: &Lexicon) -> TokenInfo {
    let mut flags = 0;
    let mut letters = 0;
    let mut lowers = 0;
    for c in word.chars() {
        if c.is_uppercase() {
            flags |= HAS_UPPER;
        } else if c.is_lowercase() {
            lowers += 1;
        } else if c.is_ascii_digit() {
            flags |= HAS_DIGIT;
        }
        letters += c.is_alphabetic() as u32;
    }
    if kind == TokenKind::Punct {
        flags |= PUNCT;
    }
    if is_cap(word) {
        flags |= CAP;
    }
    if letters >= 2 && lowers == 0 && flags & HAS_UPPER != 0 {
        flags |= ALL_CAPS;
    }
    if flags & HAS_UPPER != 0 {
        for (set, bit) in [
            (lex.given_names.contains(word), GIVEN),
            (lex.honorifics.contains(word), HONORIFIC),
            (lex.function_words.contains(word), FUNCTION),
        ] {
            if set {
                flags |= bit;
            }
        }
        match lex.org_words.get(word) {
            Some(true) => flags |= ORG_FRONT,
            Some(false) => flags |= ORG_HEAD,
            None => {}
        }
        flags |= match lex.name_heads.get(word) {
            Some(NameHead::Law) => LAW,
            Some(NameHead::Event) => EVENT,
            Some(NameHead::Facility) => FACILITY,
            None => 0,
        };
    }
    if kind == TokenKind::Word {
        if lex.titles.contains_key(lower) {
            flags |= TITLE;
        }
        if matches!(lex.cues.get(lower), Some(CueKind::Speech)) {
            flags |= SPEECH;
        }
        if lex.state_org_heads.contains(lower) {
            flags |= STATE_ORG;
        }
    }
    TokenInfo {
        word: key(100, word),
        lower: key(101, lower),
        shape: shape_key(word),
        flags,
        lex: 0,
        run_last_flags: 0,
        run_last_lex: 0,
        run_pos: 0,
        run_len: 0,
    }
}

/// A word that starts with a capital letter, or `al-Assad`.
fn is_cap(w: &str) -> bool {
    match w.chars().next() {
        Some(c) if c.is_uppercase() => true,
        Some(_) => ["al-", "el-", "ad-", "as-", "ash-", "bin-"]
            .iter()
            .any(|p| {
                w.strip_prefix(p)
                    .is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase))
            }),
        None => false,
    }
}

/// The word's short shape (`Xx`, `X.X.`, `d,d`, `Xx-Xx`): each character
/// as its class, runs of one class written once, at most 8 classes.
fn shape_key(word: &str) -> u64 {
    let mut buf = [0u8; 8];
    let mut n = 0;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'*'
        };
        if n > 0 && buf[n - 1] == class {
            continue;
        }
        if n == buf.len() {
            break;
        }
        buf[n] = class;
        n += 1;
    }
    key(102, std::str::from_utf8(&buf[..n]).unwrap_or(""))
}

/// Sentence starts (the first word after any opening punctuation),
/// headlines and sentences written in capitals.
fn mark_positions(info: &mut [TokenInfo], sentences: &[SentInfo]) {
    for s in sentences {
        let toks = &mut info[s.start..s.end];
        let words = toks.iter().filter(|t| t.flags & PUNCT == 0).count();
        let caps = toks.iter().filter(|t| t.flags & ALL_CAPS != 0).count();
        let mut extra = 0;
        if s.headline {
            extra |= HEADLINE;
        }
        if words >= 2 && caps * 4 >= words * 3 {
            extra |= CAPS_SENTENCE;
        }
        let mut first = true;
        for t in toks.iter_mut() {
            t.flags |= extra;
            if first && t.flags & PUNCT == 0 {
                t.flags |= SENT_START;
                first = false;
            }
        }
    }
}

/// The lexicon category of a name: states (name, capital, demonym, plural
/// demonym), institutions, persons; weak forms apart.
fn lexicon_category(node: NodeType, kind: MentionKind, weak: bool) -> u8 {
    let base = match (node, kind) {
        (NodeType::State, MentionKind::Capital) => 2,
        (NodeType::State, MentionKind::Demonym) => 3,
        (NodeType::State, MentionKind::DemonymPlural) => 4,
        (NodeType::State, _) => 1,
        (NodeType::Institution, _) => 5,
        (NodeType::Person, _) => 6,
        _ => 7,
    };
    base + if weak { 7 } else { 0 }
}

/// Lexicon matches on token boundaries within a sentence, as the entity
/// pass takes them (leftmost-longest).
fn mark_lexicon(text: &str, seg: &Segmented, lex: &Lexicon, info: &mut [TokenInfo]) {
    let mut sentence_of = vec![0u32; seg.tokens.len()];
    for (k, s) in seg.sentences.iter().enumerate() {
        for t in s.tokens.clone() {
            sentence_of[t] = k as u32;
        }
    }
    for (first, last, s) in lex.token_matches(text, seg) {
        if sentence_of[first] != sentence_of[last] {
            continue;
        }
        let cat = lexicon_category(lex.entities[s.entity].node_type, s.kind, s.weak);
        for (t, slot) in info.iter_mut().enumerate().take(last + 1).skip(first) {
            let pos = if first == last {
                3
            } else if t == first {
                0
            } else if t == last {
                2
            } else {
                1
            };
            slot.lex = cat * 4 + pos;
        }
    }
}

/// How the document writes each word elsewhere: in lower case, or
/// capitalised inside a sentence (not at its start, not in a headline).
fn mark_document(info: &mut [TokenInfo]) {
    let mut seen: HashMap<u64, (u32, u32)> = HashMap::with_capacity(info.len() / 4);
    for t in info.iter() {
        if t.flags & PUNCT != 0 {
            continue;
        }
        let e = seen.entry(t.lower).or_default();
        if t.flags & HAS_UPPER == 0 {
            e.0 += 1;
        } else if t.flags & (SENT_START | HEADLINE) == 0 {
            e.1 += 1;
        }
    }
    for t in info.iter_mut() {
        if t.flags & HAS_UPPER == 0 {
            continue;
        }
        let (lower, cap_mid) = seen.get(&t.lower).copied().unwrap_or_default();
        let own = (t.flags & (SENT_START | HEADLINE) == 0) as u32;
        if lower > 0 {
            t.flags |= DOC_LOWER;
        }
        if cap_mid > own {
            t.flags |= DOC_CAP_MID;
        }
    }
}

/// Lower-case words that may join the capitalised words of one name.
const JOINERS: &[&str] = &[
    "of", "for", "and", "the", "de", "del", "der", "den", "van", "von", "bin", "ibn", "al", "el",
    "la", "le", "du", "da", "dos", "di", "on", "&",
];

/// Marks the runs of capitalised words (joined by at most two
/// [`JOINERS`]) that names are made of, so each decision sees where the
/// run it is in ends and what ends it (`Committee`, a given name, a state).
fn mark_runs(seg: &Segmented, info: &mut [TokenInfo], sentences: &[SentInfo]) {
    let upper = |t: &TokenInfo| t.flags & HAS_UPPER != 0;
    for s in sentences {
        let mut i = s.start;
        while i < s.end {
            if !upper(&info[i]) {
                i += 1;
                continue;
            }
            let start = i;
            let mut last = i;
            let mut j = i + 1;
            while j < s.end {
                if upper(&info[j]) {
                    last = j;
                    j += 1;
                    continue;
                }
                let mut k = j;
                while k < s.end && k < j + 2 && JOINERS.contains(&seg.lower(k)) {
                    k += 1;
                }
                if k > j && k < s.end && upper(&info[k]) {
                    j = k;
                } else {
                    break;
                }
            }
            let (flags, lex) = (info[last].flags, info[last].lex);
            let len = (last + 1 - start).min(4) as u8;
            for (t, slot) in info.iter_mut().enumerate().take(last + 1).skip(start) {
                slot.run_last_flags = flags;
                slot.run_last_lex = lex;
                slot.run_len = len;
                slot.run_pos = if start == last {
                    4
                } else if t == start {
                    1
                } else if t == last {
                    3
                } else {
                    2
                };
            }
            i = last + 1;
        }
    }
}

#[inline]
fn k1(t: u32, a: u64) -> u64 {
    key_ids(t, &[a as u32, (a >> 32) as u32])
}

#[inline]
fn k2(t: u32, a: u64, b: u64) -> u64 {
    key_ids(t, &[a as u32, (a >> 32) as u32, b as u32, (b >> 32) as u32])
}

#[inline]
fn k3(t: u32, a: u64, b: u64, c: u64) -> u64 {
    key_ids(
        t,
        &[
            a as u32,
            (a >> 32) as u32,
            b as u32,
            (b >> 32) as u32,
            c as u32,
            (c >> 32) as u32,
        ],
    )
}

/// The last `n` characters of a word (all of it when shorter).
fn suffix(w: &str, n: usize) -> &str {
    match w.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &w[i..],
        None => w,
    }
}

/// The first `n` characters of a word.
fn prefix(w: &str, n: usize) -> &str {
    match w.char_indices().nth(n) {
        Some((i, _)) => &w[..i],
        None => w,
    }
}

/// The features of token `i` that do not depend on labels.
pub(crate) fn static_features(doc: &Prepared, s: &SentInfo, i: usize, out: &mut Vec<u64>) {
    let info = &doc.info;
    let at = |j: isize| -> Option<&TokenInfo> {
        let j = i as isize + j;
        (j >= s.start as isize && j < s.end as isize).then(|| &info[j as usize])
    };
    let lower = |j: isize| at(j).map_or(BOUNDARY, |t| t.lower);
    let shape = |j: isize| at(j).map_or(BOUNDARY, |t| t.shape);
    let lexc = |j: isize| at(j).map_or(255, |t| t.lex) as u32;
    let t = &info[i];
    let lw = doc.seg.lower(i);

    out.push(key_ids(1, &[]));
    out.push(k1(2, t.word));
    out.push(k1(3, t.lower));
    out.push(k1(4, t.shape));
    out.push(key(5, prefix(lw, 2)));
    out.push(key(6, prefix(lw, 3)));
    out.push(key(7, suffix(lw, 2)));
    out.push(key(8, suffix(lw, 3)));
    out.push(key(9, suffix(lw, 4)));
    out.push(k1(10, lower(-1)));
    out.push(k1(11, lower(1)));
    out.push(k1(12, lower(-2)));
    out.push(k1(13, lower(2)));
    out.push(k2(14, lower(-1), t.lower));
    out.push(k2(15, t.lower, lower(1)));
    out.push(k3(16, shape(-1), t.shape, shape(1)));
    let position = t.flags & (SENT_START | HEADLINE | CAPS_SENTENCE);
    out.push(k2(17, t.shape, position as u64));
    out.push(key_ids(18, &[lexc(0)]));
    out.push(key_ids(19, &[lexc(-1)]));
    out.push(key_ids(20, &[lexc(1)]));
    out.push(key_ids(21, &[lexc(-1), lexc(0), lexc(1)]));
    for (template, tok) in [(22, Some(t)), (23, at(-1)), (24, at(1))] {
        let Some(tok) = tok else { continue };
        for bit in LIST_BITS {
            if tok.flags & (1 << bit) != 0 {
                out.push(key_ids(template, &[bit]));
            }
        }
    }
    if t.flags & HAS_UPPER != 0 {
        let doc_bits = t.flags & (DOC_LOWER | DOC_CAP_MID | SENT_START | HEADLINE);
        out.push(key_ids(25, &[doc_bits]));
    }
    out.push(k2(26, t.shape, lower(1)));
    out.push(k2(27, lower(-1), t.shape));
    if let Some(next2) = at(2) {
        for bit in LIST_BITS {
            if next2.flags & (1 << bit) != 0 {
                out.push(key_ids(28, &[bit]));
            }
        }
    }
    if t.run_pos != 0 {
        let pos = t.run_pos as u32;
        out.push(key_ids(29, &[pos, t.run_len as u32]));
        for bit in LIST_BITS {
            if t.run_last_flags & (1 << bit) != 0 {
                out.push(key_ids(30, &[bit, pos]));
            }
        }
        out.push(key_ids(31, &[t.run_last_lex as u32, pos]));
    }
}

/// The features of token `i` that read the labels already given: the
/// previous two tags and what earlier occurrences of this word and the next
/// were labelled (`history`: a code per word, 0 for never seen).
pub(crate) fn dynamic_features(
    t: &TokenInfo,
    prev: u8,
    prev2: u8,
    history: u32,
    next_history: u32,
    out: &mut Vec<u64>,
) {
    out.push(key_ids(40, &[prev as u32]));
    out.push(key_ids(41, &[prev as u32, prev2 as u32]));
    out.push(k2(42, prev as u64, t.lower));
    out.push(k2(43, prev as u64, t.shape));
    if history != 0 {
        out.push(key_ids(44, &[history]));
        out.push(k2(45, history as u64, t.shape));
    }
    if next_history != 0 {
        out.push(key_ids(46, &[next_history]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape_key("Acme"), shape_key("Xy"));
        assert_eq!(shape_key("U.S."), shape_key("A.B."));
        assert_ne!(shape_key("Acme"), shape_key("ACME"));
        assert_eq!(shape_key("1,000"), shape_key("2,5"));
    }

    #[test]
    fn affixes_count_characters() {
        assert_eq!(suffix("erdoğan", 3), "ğan");
        assert_eq!(suffix("of", 3), "of");
        assert_eq!(prefix("élysée", 2), "él");
        assert_eq!(prefix("a", 3), "a");
    }

    #[test]
    fn tokens_carry_lexicon_position_and_document_flags() {
        let lex = crate::lexicon::builtin().unwrap();
        let text = "Solidarity met in North Korea.\nThe solidarity of Mr. Roe grew.";
        let seg = segment(text);
        let doc = Prepared::new(text, &seg, &lex);
        let f = |i: usize| doc.info[i].flags;
        // `Solidarity` starts a sentence and the document also writes it in
        // lower case.
        assert_ne!(f(0) & SENT_START, 0);
        assert_ne!(f(0) & DOC_LOWER, 0);
        // `North Korea` is a two-token state name: B then L of category 1.
        assert_eq!((doc.info[3].lex, doc.info[4].lex), (4, 6));
        assert_ne!(f(9) & HONORIFIC, 0, "Mr.");
        assert_eq!(f(1) & HAS_UPPER, 0);
    }
}
