//! Segmentation: a document's text into tokens and sentences, with
//! character and byte offsets.
//!
//! This stage owns what counts as a word and where a sentence ends. It knows
//! nothing about entities or relations, never fails, and is linear in the
//! length of the text.

use std::sync::LazyLock;

use foldhash::HashSet;

use crate::lexicon::{word_list, Case, BUILTIN_FILES};
use crate::model::{Segmented, Sentence, Token, TokenKind};

/// Abbreviations whose final dot does not end a sentence
/// (`lexicon/words/abbreviations.txt`, as written). Single capital letters
/// (initials) and dotted acronyms (`U.S.`) are recognised by shape. The
/// segmenter takes no lexicon (training readers segment text too), so it
/// reads the built-in list once; `lexicon::load` checks the same file and
/// fails on a malformed row.
static ABBREVIATIONS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let files: Vec<(String, &str)> = BUILTIN_FILES
        .iter()
        .filter(|(name, _)| *name == ABBREVIATIONS_FILE)
        .map(|(name, text)| (name.to_string(), *text))
        .collect();
    word_list(ABBREVIATIONS_FILE, &files, Case::AsWritten).unwrap_or_default()
});

/// The name of the abbreviations' file among the lexicon's files.
pub const ABBREVIATIONS_FILE: &str = "words/abbreviations.txt";

/// The most tokens a sentence holds. A longer run (a page with no stops, a
/// megabyte line of junk) is cut into pieces of this size: real sentences
/// are far shorter, and the bound keeps every pass over a sentence, and
/// every evidence text, small whatever the input.
pub const MAX_SENTENCE_TOKENS: usize = 1000;

/// Splits a text into tokens and sentences.
pub fn segment(text: &str) -> Segmented {
    let tokens = tokenize(text);
    let sentences = split_sentences(text, &tokens);
    let (lower, lower_ends) = lowercase_table(text, &tokens);
    Segmented {
        tokens,
        sentences,
        lower,
        lower_ends,
    }
}

/// Every token in lower case, concatenated, with the end of each. ASCII
/// words (nearly all of them) are lowered byte by byte with no allocation.
fn lowercase_table(text: &str, tokens: &[Token]) -> (String, Vec<usize>) {
    let mut lower = String::with_capacity(text.len().min(1 << 20));
    let mut ends = Vec::with_capacity(tokens.len());
    for t in tokens {
        let word = &text[t.byte_start..t.byte_end];
        if word.is_ascii() {
            lower.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            lower.push_str(&word.to_lowercase());
        }
        ends.push(lower.len());
    }
    (lower, ends)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Invisible format characters (Unicode `Cf`): bidirectional marks and
/// overrides, zero-width spaces and joiners, the soft hyphen, a stray
/// byte-order mark. They are no tokens: between words they are skipped
/// like spaces, inside a word they join it, so that `\u{202E}France` or a
/// trailing `\u{200E}` reads as the plain text would.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{61C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Tokenises in one pass. A word is a run of letters and digits that may hold
/// inner hyphens, apostrophes, and dots or commas between digits; dotted
/// acronyms and known abbreviations keep their final dot; a final `'s`
/// becomes a token of its own so that possessives can be read.
fn tokenize(text: &str) -> Vec<Token> {
    // Four bytes a character, not sixteen with its offset: byte offsets are
    // counted on the way, since tokens come in order.
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut bytes = ByteCursor {
        chars: &chars,
        char_ix: 0,
        byte_ix: 0,
    };
    let mut tokens = Vec::with_capacity(n / 5 + 1);
    let mut token = |start: usize, end: usize, kind: TokenKind| Token {
        start,
        end,
        byte_start: bytes.at(start),
        byte_end: bytes.at(end),
        kind,
    };
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c.is_whitespace() || is_invisible(c) {
            i += 1;
            continue;
        }
        if !is_word_char(c) {
            tokens.push(token(i, i + 1, TokenKind::Punct));
            i += 1;
            continue;
        }
        let start = i;
        let mut j = word_end(&chars, start);
        if keeps_dot(&chars, start, j) {
            j += 1;
        }
        // Split a possessive `'s` / `’s` off the word.
        let mut end = j;
        if j - start > 2
            && is_apostrophe(chars[j - 2])
            && (chars[j - 1] == 's' || chars[j - 1] == 'S')
        {
            end = j - 2;
        }
        tokens.push(token(start, end, TokenKind::Word));
        if end != j {
            tokens.push(token(end, j, TokenKind::Word));
        }
        i = j;
    }
    tokens
}

/// Where the word starting at `start` ends: word characters, joined over
/// hyphens, apostrophes and invisible characters between them, dots and
/// commas between digits, and the dots of an acronym (`U.S`, `U.N`,
/// `U.S.A`).
fn word_end(chars: &[char], start: usize) -> usize {
    let n = chars.len();
    let mut j = start + 1;
    loop {
        while j < n && is_word_char(chars[j]) {
            j += 1;
        }
        if j + 1 < n && is_word_char(chars[j + 1]) {
            let joiner = chars[j];
            let prev = chars[j - 1];
            let next = chars[j + 1];
            let joins = match joiner {
                '-' | '\u{2010}' | '\u{2011}' => true,
                c if is_apostrophe(c) || is_invisible(c) => true,
                '.' | ',' => prev.is_ascii_digit() && next.is_ascii_digit(),
                _ => false,
            };
            let acronym = joiner == '.'
                && prev.is_uppercase()
                && (j - start == 1 || chars[j - 2] == '.')
                && next.is_uppercase()
                && (j + 2 >= n || !is_word_char(chars[j + 2]));
            if joins || acronym {
                j += 2;
                continue;
            }
        }
        return j;
    }
}

/// Whether the word `start..j`, followed by a dot, keeps it: an initial, a
/// dotted acronym or a known abbreviation.
fn keeps_dot(chars: &[char], start: usize, j: usize) -> bool {
    if j >= chars.len() || chars[j] != '.' {
        return false;
    }
    let word: String = chars[start..j].iter().collect();
    let single_initial = j - start == 1 && chars[start].is_uppercase();
    single_initial || word.contains('.') || ABBREVIATIONS.contains(word.as_str())
}

/// The byte offset of a character index, for indexes asked in increasing
/// order; an index past the end gives the text's length.
struct ByteCursor<'a> {
    chars: &'a [char],
    char_ix: usize,
    byte_ix: usize,
}

impl ByteCursor<'_> {
    fn at(&mut self, i: usize) -> usize {
        debug_assert!(i >= self.char_ix, "byte offsets asked out of order");
        while self.char_ix < i.min(self.chars.len()) {
            self.byte_ix += self.chars[self.char_ix].len_utf8();
            self.char_ix += 1;
        }
        self.byte_ix
    }
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']' | '\u{00BB}'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201C}' | '\u{2018}' | '(' | '[' | '\u{00AB}'
    )
}

/// Sentences end at `.`, `!` and `?` (with any closing quotes or brackets
/// after them) when the next token starts a new sentence, and always at a
/// line break; a run of more than [`MAX_SENTENCE_TOKENS`] is cut.
fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut first = 0;
    let n = tokens.len();
    let mut i = 0;
    while i < n {
        let mut end_here = false;
        let mut last = i;
        let tok = &tokens[i];
        let t = &text[tok.byte_start..tok.byte_end];
        if tok.kind == TokenKind::Punct && matches!(t, "." | "!" | "?") {
            // Swallow repeated terminal marks and closing quotes.
            while last + 1 < n && last + 1 - first < MAX_SENTENCE_TOKENS {
                let nt = &tokens[last + 1];
                let s = &text[nt.byte_start..nt.byte_end];
                let c = s.chars().next().unwrap_or(' ');
                let adjacent = nt.start == tokens[last].end;
                if nt.kind == TokenKind::Punct
                    && (matches!(s, "." | "!" | "?") || (is_closing(c) && adjacent))
                {
                    last += 1;
                } else {
                    break;
                }
            }
            end_here = match tokens.get(last + 1) {
                None => true,
                Some(nt) => {
                    let c = text[nt.byte_start..].chars().next().unwrap_or(' ');
                    c.is_uppercase() || c.is_ascii_digit() || is_opening(c)
                }
            };
        }
        // A line break between this token and the next ends the sentence.
        if !end_here {
            if let Some(nt) = tokens.get(last + 1) {
                let gap = &text[tokens[last].byte_end..nt.byte_start];
                if gap.contains('\n') {
                    end_here = true;
                }
            } else {
                end_here = true;
            }
        } else if let Some(nt) = tokens.get(last + 1) {
            // Keep `last` as is; a line break is a boundary anyway.
            let _ = nt;
        }
        if last + 1 - first >= MAX_SENTENCE_TOKENS {
            end_here = true;
        }
        if end_here {
            push_sentence(text, tokens, first..last + 1, &mut sentences);
            first = last + 1;
        }
        i = last + 1;
    }
    if first < n {
        push_sentence(text, tokens, first..n, &mut sentences);
    }
    sentences
}

fn push_sentence(
    text: &str,
    tokens: &[Token],
    range: std::ops::Range<usize>,
    out: &mut Vec<Sentence>,
) {
    if range.is_empty() {
        return;
    }
    let a = &tokens[range.start];
    let b = &tokens[range.end - 1];
    let headline = is_headline(text, &tokens[range.clone()]);
    out.push(Sentence {
        index: out.len(),
        start: a.start,
        end: b.end,
        byte_start: a.byte_start,
        byte_end: b.byte_end,
        tokens: range,
        headline,
    });
}

/// A headline, dateline, byline or banner: a line with no closing sentence
/// mark that is mostly capitalised, or short.
fn is_headline(text: &str, toks: &[Token]) -> bool {
    let last = &text[toks[toks.len() - 1].byte_start..toks[toks.len() - 1].byte_end];
    let lc = last.chars().next().unwrap_or(' ');
    // `… Acme, Inc.`: an abbreviation's dot closes a sentence too.
    if matches!(lc, '.' | '!' | '?' | ':' | ';' | ',') || is_closing(lc) || last.ends_with('.') {
        return false;
    }
    let words: Vec<&str> = toks
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| &text[t.byte_start..t.byte_end])
        .collect();
    if words.is_empty() {
        return true;
    }
    let caps = words
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    words.len() <= 12 || caps * 2 >= words.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_abbreviations_are_read_from_their_file() {
        assert!(ABBREVIATIONS.contains("Gen") && ABBREVIATIONS.contains("e.g"));
        assert!(!ABBREVIATIONS.contains("gen"));
    }

    fn words(text: &str) -> Vec<String> {
        segment(text)
            .tokens
            .iter()
            .map(|t| text[t.byte_start..t.byte_end].to_string())
            .collect()
    }

    fn sentences(text: &str) -> Vec<String> {
        segment(text)
            .sentences
            .iter()
            .map(|s| text[s.byte_start..s.byte_end].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_and_acronyms_stay_whole() {
        assert_eq!(
            words("Mr. Lee met U.S. and U.N. envoys on Aug. 5."),
            ["Mr.", "Lee", "met", "U.S.", "and", "U.N.", "envoys", "on", "Aug.", "5", "."]
        );
    }

    #[test]
    fn possessives_split_and_hyphens_join() {
        assert_eq!(words("Iran’s well-known"), ["Iran", "’s", "well-known"]);
        assert_eq!(words("U.S.-led drills"), ["U.S.", "-", "led", "drills"]);
        assert_eq!(
            words("3.5 percent of 1,000"),
            ["3.5", "percent", "of", "1,000"]
        );
    }

    #[test]
    fn sentence_ends_respect_abbreviations() {
        assert_eq!(
            sentences(
                "Mr. Lee said the U.S. would act. J. R. Smith agreed! Prices rose 3.5 percent."
            ),
            [
                "Mr. Lee said the U.S. would act.",
                "J. R. Smith agreed!",
                "Prices rose 3.5 percent."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences_and_open_new_ones() {
        assert_eq!(
            sentences("He left.“We will stay,” she said. “Fine.” Done."),
            ["He left.", "“We will stay,” she said.", "“Fine.”", "Done."]
        );
    }

    #[test]
    fn lines_are_boundaries_and_headlines_are_marked() {
        let text = "Leaders Meet In Geneva\nThe talks began on Monday.";
        let seg = segment(text);
        assert_eq!(seg.sentences.len(), 2);
        assert!(seg.sentences[0].headline);
        assert!(!seg.sentences[1].headline);
    }

    #[test]
    fn a_line_ending_in_an_abbreviations_dot_is_no_headline() {
        let seg = segment("It was sold to Acme Holdings, Inc.\nTalks Resume");
        assert!(!seg.sentences[0].headline);
        assert!(seg.sentences[1].headline);
    }

    #[test]
    fn offsets_count_chars_not_bytes() {
        let text = "Élysée said “no”.";
        let seg = segment(text);
        let t = &seg.tokens[0];
        assert_eq!((t.start, t.end), (0, 6));
        assert_eq!(seg.sentences[0].end, text.chars().count());
    }

    #[test]
    fn overlong_runs_are_cut() {
        let text = "word ".repeat(2 * MAX_SENTENCE_TOKENS + 500);
        let lens: Vec<usize> = segment(&text)
            .sentences
            .iter()
            .map(|s| s.tokens.len())
            .collect();
        assert_eq!(lens, [MAX_SENTENCE_TOKENS, MAX_SENTENCE_TOKENS, 500]);
        // Terminal marks are swallowed only up to the bound.
        let text = format!("It ended{} Next.", ".".repeat(3 * MAX_SENTENCE_TOKENS));
        let seg = segment(&text);
        assert!(seg
            .sentences
            .iter()
            .all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
        assert_eq!(
            seg.sentences
                .last()
                .map(|s| &text[s.byte_start..s.byte_end]),
            Some("Next.")
        );
    }

    #[test]
    fn invisible_format_characters_are_no_tokens() {
        let text =
            "\u{202E}Mr. Lee left.\u{202C}\n\u{200F}He met\u{200B} U.N.\u{FEFF} envoys.\u{200E}";
        assert_eq!(
            words(text),
            ["Mr.", "Lee", "left", ".", "He", "met", "U.N.", "envoys", "."]
        );
        let seg = segment(text);
        assert_eq!(seg.sentences.len(), 2);
        assert!(seg.sentences.iter().all(|s| !s.headline));
        // Inside a word they join it.
        assert_eq!(words("Ger\u{AD}many"), ["Ger\u{AD}many"]);
    }

    #[test]
    fn odd_text_does_not_panic() {
        for text in [
            "",
            " ",
            "...",
            "'s",
            "a'",
            "U.",
            "-",
            "\u{0301}x",
            "A.B",
            "1.",
            "’’’",
        ] {
            let seg = segment(text);
            for s in &seg.sentences {
                assert!(s.start <= s.end);
            }
        }
    }
}
