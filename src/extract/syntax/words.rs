//! The segmenter's tokens as UD-style words, as English treebanks split
//! them: `don't` is `do` + `n't`, `we're` is `we` + `'re`, `well-known` is
//! `well` + `-` + `known` (but `e-mail`, `co-workers` and `713-853` stay
//! whole), and a run of dots (`...`) is one word. The segmenter already
//! splits a possessive `'s` and every punctuation character.

use std::ops::Range;

use crate::model::{Token, TokenKind};

/// One word: where it is and which token it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordSpan {
    /// Character offsets, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Byte offsets, end exclusive.
    pub bytes: Range<usize>,
    /// The first segment token the word covers.
    pub token: usize,
}

/// Prefixes that English treebanks keep joined to the rest by a hyphen.
const JOINED_PREFIXES: &[&str] = &[
    "e", "co", "pre", "post", "non", "anti", "re", "ex", "mid", "multi", "pro", "semi", "sub",
    "vice",
];

/// Contraction endings split off a word (after the apostrophe, lower case).
const CLITICS: &[&str] = &["s", "re", "ve", "ll", "d", "m"];

/// Splits tokens `range` of a text into words.
pub fn split(text: &str, tokens: &[Token], range: Range<usize>) -> Vec<WordSpan> {
    let mut out = Vec::with_capacity(range.len() + 4);
    let mut i = range.start;
    while i < range.end {
        let t = &tokens[i];
        let s = &text[t.byte_start..t.byte_end];
        if t.kind == TokenKind::Punct {
            // A run of adjacent dots or hyphens is one word.
            let mut j = i + 1;
            if s == "." || s == "-" {
                while j < range.end
                    && tokens[j].start == tokens[j - 1].end
                    && &text[tokens[j].byte_start..tokens[j].byte_end] == s
                {
                    j += 1;
                }
            }
            out.push(WordSpan {
                start: t.start,
                end: tokens[j - 1].end,
                bytes: t.byte_start..tokens[j - 1].byte_end,
                token: i,
            });
            i = j;
            continue;
        }
        split_word(s, t, i, &mut out);
        i += 1;
    }
    out
}

/// Splits one word token at hyphens and contraction endings.
fn split_word(s: &str, t: &Token, index: usize, out: &mut Vec<WordSpan>) {
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    for (b, c) in s.char_indices() {
        if matches!(c, '-' | '\u{2010}' | '\u{2011}') && b > from && !keeps_hyphen(s, from, b) {
            pieces.push(from..b);
            pieces.push(b..b + c.len_utf8());
            from = b + c.len_utf8();
        }
    }
    pieces.push(from..s.len());
    let last = pieces.pop().expect("at least one piece");
    let (stem, clitic) = split_clitic(&s[last.clone()]);
    pieces.push(last.start..last.start + stem);
    if clitic > 0 {
        pieces.push(last.start + stem..last.end);
    }
    let mut chars = t.start;
    let mut prev_end = 0;
    for p in pieces.into_iter().filter(|p| !p.is_empty()) {
        chars += s[prev_end..p.start].chars().count();
        let len = s[p.clone()].chars().count();
        out.push(WordSpan {
            start: chars,
            end: chars + len,
            bytes: t.byte_start + p.start..t.byte_start + p.end,
            token: index,
        });
        chars += len;
        prev_end = p.end;
    }
}

/// Whether the hyphen at byte `at` stays inside the word: after a joined
/// prefix, or between digits.
fn keeps_hyphen(s: &str, from: usize, at: usize) -> bool {
    let before = &s[from..at];
    // The hyphen may take several bytes (U+2010, U+2011).
    let digit_after = s[at..].chars().nth(1).is_some_and(|c| c.is_ascii_digit());
    if before.ends_with(|c: char| c.is_ascii_digit()) && digit_after {
        return true;
    }
    JOINED_PREFIXES
        .iter()
        .any(|p| before.eq_ignore_ascii_case(p))
}

/// The byte length of the stem and of a contraction ending (`n't`, `'re`,
/// `'ve`, `'ll`, `'d`, `'m`, `'s`), or `(len, 0)` if there is none.
fn split_clitic(w: &str) -> (usize, usize) {
    let lower = w.to_lowercase();
    let norm = lower.replace('\u{2019}', "'");
    if norm.len() != lower.len() {
        // Curly apostrophes: measure on the original bytes.
        return split_curly(w);
    }
    if norm.len() > 3 && norm.ends_with("n't") {
        return (w.len() - 3, 3);
    }
    if norm == "cannot" {
        return (3, 3);
    }
    if let Some(p) = norm.rfind('\'') {
        if p > 0 && CLITICS.contains(&&norm[p + 1..]) {
            return (p, w.len() - p);
        }
    }
    (w.len(), 0)
}

fn split_curly(w: &str) -> (usize, usize) {
    let Some(p) = w.rfind('\u{2019}') else {
        return (w.len(), 0);
    };
    let after = w[p + 3..].to_lowercase();
    let stem = &w[..p];
    if after == "t" && stem.len() > 1 && stem.to_lowercase().ends_with('n') {
        return (p - 1, w.len() - (p - 1));
    }
    if p > 0 && CLITICS.contains(&after.as_str()) {
        return (p, w.len() - p);
    }
    (w.len(), 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    fn words(text: &str) -> Vec<(String, usize, usize, usize)> {
        let seg = segment(text);
        split(text, &seg.tokens, 0..seg.tokens.len())
            .into_iter()
            .map(|w| (text[w.bytes.clone()].to_string(), w.start, w.end, w.token))
            .collect()
    }

    #[test]
    fn contractions_and_hyphens_split_with_offsets() {
        let w = words("We don't re-elect well-known co-workers.");
        let forms: Vec<&str> = w.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            forms,
            [
                "We",
                "do",
                "n't",
                "re-elect",
                "well",
                "-",
                "known",
                "co-workers",
                "."
            ]
        );
        assert_eq!(w[1], ("do".into(), 3, 5, 1));
        assert_eq!(w[2], ("n't".into(), 5, 8, 1));
        assert_eq!(w[5], ("-".into(), 22, 23, 3));
        assert_eq!(w[6], ("known".into(), 23, 28, 3));
    }

    #[test]
    fn clitics_possessives_dots_and_curly_apostrophes() {
        let w = words("They’re sure it's Ann’s... I can’t, we cannot.");
        let forms: Vec<&str> = w.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            forms,
            [
                "They", "’re", "sure", "it", "'s", "Ann", "’s", "...", "I", "ca", "n’t", ",", "we",
                "can", "not", "."
            ]
        );
        assert_eq!(w[7], ("...".into(), 23, 26, 6));
        assert_eq!(w[9], ("ca".into(), 29, 31, 10));
        assert_eq!(w[10], ("n’t".into(), 31, 34, 10));
    }

    #[test]
    fn numbers_and_names_stay_whole() {
        let forms: Vec<String> = words("Call 713-853-3989 about Kim Jong-un's O'Brien.")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(
            forms,
            [
                "Call",
                "713-853-3989",
                "about",
                "Kim",
                "Jong",
                "-",
                "un",
                "'s",
                "O'Brien",
                "."
            ]
        );
    }

    /// A hyphen of several bytes (U+2010) splits like `-` and panics on
    /// nothing.
    #[test]
    fn unicode_hyphens_split_too() {
        let w = words("A cost\u{2010}effective pre\u{2010}war plan, 2\u{2011}3 times.");
        let forms: Vec<&str> = w.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            forms,
            [
                "A",
                "cost",
                "\u{2010}",
                "effective",
                "pre\u{2010}war",
                "plan",
                ",",
                "2\u{2011}3",
                "times",
                "."
            ]
        );
        assert_eq!(w[3], ("effective".into(), 7, 16, 1));
    }
}
