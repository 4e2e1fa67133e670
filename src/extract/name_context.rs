//! What the words around a learned name say about its kind, where the
//! recogniser's own reading is weak or wrong. A reader of any article
//! takes these cues: a place does not speak (`Hallberg said` names an
//! organisation), a medium is what one says something on or via, an
//! apposition names what a thing is (`Vostrana, an independent rights
//! group`), a name ending in an organisation's head word is an
//! organisation's (`the Valdorian League`), `X, who` is a person, and
//! `bin`/`ibn` carries a person's name on (`Hamad bin Rashid`).
//!
//! A cue found at one mention holds for every mention of the same string
//! in the document. Lexicon names are left to the lexicon.

use foldhash::{HashMap, HashMapExt};

use crate::extract::entities::{Words, ONE_WORD_MARGIN};
use crate::extract::ner::{Kind, NameSpan};
use crate::lexicon::{CueKind, Lexicon};
use crate::model::Segmented;

/// The names with their kinds re-read from context, in token order; a name
/// re-read with a cue counts as sure ([`ONE_WORD_MARGIN`]).
pub fn reread(words: &Words, lex: &Lexicon, seg: &Segmented, names: &[NameSpan]) -> Vec<NameSpan> {
    let sentence_end = sentence_ends(seg);
    let names = join_patronymics(words, names, &sentence_end);
    let names = companies_before_legal_forms(words, lex, &names, &sentence_end);
    let names = seats_of_organisations(words, lex, &names);
    let mut names = surnames_after_given(words, lex, &names, &sentence_end);
    let mut cued: HashMap<&str, Kind> = HashMap::new();
    for n in &names {
        let span = words.span(n.start..n.end);
        if lex.surface_index.contains_key(span) {
            continue;
        }
        if let Some(kind) = cue(words, lex, n, sentence_end[n.start]) {
            cued.entry(span).or_insert(kind);
        }
    }
    for n in &mut names {
        // `18 FM stations`: a short acronym after a count is a unit.
        let w = words.get(n.start);
        let counted = n.start > 0
            && words.get(n.start - 1).chars().all(|c| c.is_ascii_digit())
            && words.get(n.start - 1).len() < 4;
        if n.end == n.start + 1 && w.len() <= 3 && w.chars().all(char::is_uppercase) && counted {
            n.kind = Kind::Misc;
            continue;
        }
        if let Some(&kind) = cued.get(words.span(n.start..n.end)) {
            n.kind = kind;
            n.score = n.score.max(ONE_WORD_MARGIN);
        }
    }
    names
}

/// The kind the context of one name gives, if any.
fn cue(words: &Words, lex: &Lexicon, n: &NameSpan, sent: (usize, usize)) -> Option<Kind> {
    let len = n.end - n.start;
    if len == 1 && is_medium(words, lex, n.start, sent.0) {
        return Some(Kind::Org);
    }
    if n.kind == Kind::Loc && speech_follows(words, lex, n) {
        return Some(Kind::Org);
    }
    if n.kind != Kind::Org && apposition_names_organisation(words, lex, n.end, sent.1) {
        return Some(Kind::Org);
    }
    if n.kind == Kind::Misc && len >= 2 && lex.org_words.get(words.get(n.end - 1)) == Some(&false) {
        return Some(Kind::Org);
    }
    let titled = after_title(words, lex, n.start, sent.0);
    if n.kind != Kind::Per
        && (2..=3).contains(&len)
        && titled
        && plain_name(words, lex, n.start..n.end)
    {
        return Some(Kind::Per);
    }
    let who = words.get(n.end) == "," && words.lower(n.end + 1) == "who";
    if matches!(n.kind, Kind::Loc | Kind::Misc) && (2..=3).contains(&len) && who {
        return Some(Kind::Per);
    }
    None
}

/// Whether tokens `range` are plain capitalised words, as a person's name
/// is: none an organisation's word, a name the lexicon knows, a function
/// word or an acronym.
pub fn plain_name(words: &Words, lex: &Lexicon, range: std::ops::Range<usize>) -> bool {
    range.into_iter().all(|t| {
        let w = words.get(t);
        words.is_cap(t)
            && !w.chars().skip(1).all(char::is_uppercase)
            && !lex.org_words.contains_key(w)
            && !lex.surface_index.contains_key(w)
            && !lex.function_words.contains(w)
    })
}

/// `spokesperson Jane Roe`, `a spokesperson, Jane Roe`: a title (singular
/// or plural) right before token `t`, or before a comma there.
fn after_title(words: &Words, lex: &Lexicon, t: usize, sent_start: usize) -> bool {
    let before = if t > sent_start && words.get(t - 1) == "," {
        t - 1
    } else {
        t
    };
    before > sent_start && {
        let w = words.lower(before - 1);
        lex.titles.contains_key(w)
            || w.strip_suffix('s')
                .is_some_and(|s| s.len() > 2 && lex.titles.contains_key(s))
    }
}

/// `Representatives Jane Roe`, `Jane Roe, a member of parliament`: a
/// one-word `Misc` name right after a capitalised word no name covers is a
/// person's surname when a title stands before the two or after them.
fn surnames_after_given(
    words: &Words,
    lex: &Lexicon,
    names: &[NameSpan],
    sentence_end: &[(usize, usize)],
) -> Vec<NameSpan> {
    let mut out: Vec<NameSpan> = Vec::with_capacity(names.len());
    for n in names {
        let (sent_start, sent_end) = sentence_end[n.start];
        let given = n.start.checked_sub(1).filter(|&g| {
            g >= sent_start
                && out.last().is_none_or(|m| m.end <= g)
                && plain_name(words, lex, g..g + 1)
        });
        let titled = |g: usize| {
            after_title(words, lex, g, sent_start)
                || (words.get(n.end) == ","
                    && (n.end + 1..(n.end + 3).min(sent_end))
                        .any(|t| lex.titles.contains_key(words.lower(t))))
        };
        match given {
            Some(g) if n.kind == Kind::Misc && n.end == n.start + 1 && titled(g) => {
                out.push(NameSpan {
                    start: g,
                    end: n.end,
                    kind: Kind::Per,
                    score: n.score.max(ONE_WORD_MARGIN),
                });
            }
            _ => out.push(n.clone()),
        }
    }
    out
}

/// For each token, its sentence's first token and end.
fn sentence_ends(seg: &Segmented) -> Vec<(usize, usize)> {
    let mut out = vec![(0, 0); seg.tokens.len()];
    for s in &seg.sentences {
        out[s.tokens.clone()].fill((s.tokens.start, s.tokens.end));
    }
    out
}

fn is_speech(lex: &Lexicon, lower: &str) -> bool {
    matches!(lex.cues.get(lower), Some(CueKind::Speech))
}

/// `said on X`, `told the public via X`: one word after `on` right after a
/// speech verb, or after `via` in a sentence with a speech verb before it.
fn is_medium(words: &Words, lex: &Lexicon, t: usize, sent_start: usize) -> bool {
    if t < sent_start + 2 {
        return false;
    }
    match words.lower(t - 1) {
        "on" => is_speech(lex, words.lower(t - 2)),
        "via" => (sent_start..t - 1).any(|k| is_speech(lex, words.lower(k))),
        _ => false,
    }
}

/// `X said`, `X told reporters`: a speech verb right after the name, which
/// is no preposition's object (`doctors in X said`).
fn speech_follows(words: &Words, lex: &Lexicon, n: &NameSpan) -> bool {
    let after_preposition =
        n.start > 0 && lex.words.prepositions.contains(words.lower(n.start - 1));
    is_speech(lex, words.lower(n.end)) && !after_preposition
}

/// `X, an independent human rights group`: a comma, an article and up to
/// five words, the last a noun of an organisation.
fn apposition_names_organisation(
    words: &Words,
    lex: &Lexicon,
    end: usize,
    sent_end: usize,
) -> bool {
    if words.get(end) != "," || !matches!(words.lower(end + 1), "a" | "an" | "the") {
        return false;
    }
    let mut t = end + 2;
    while t < sent_end && t < end + 7 && words.is_word(t) {
        let w = words.lower(t);
        let mut c = w.chars();
        let capital: String = c
            .next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default();
        let next = words.get(t + 1);
        let last = !words.is_word(t + 1) || next == "of" || next == "in" || next == "that";
        if last {
            return lex.org_descriptions.contains_key(w)
                || lex.org_words.get(capital.as_str()) == Some(&false);
        }
        t += 1;
    }
    false
}

/// `Valdor National Steel Works, Inc.`: a name right before a legal form
/// (after a comma or not) is a company's, and takes in the capitalised
/// words before it that the recogniser split off or left out.
fn companies_before_legal_forms(
    words: &Words,
    lex: &Lexicon,
    names: &[NameSpan],
    sentence_end: &[(usize, usize)],
) -> Vec<NameSpan> {
    let mut out: Vec<NameSpan> = Vec::with_capacity(names.len());
    for n in names {
        let next = if words.get(n.end) == "," {
            n.end + 1
        } else {
            n.end
        };
        if n.kind == Kind::Org || !lex.legal_forms.contains(words.get(next)) {
            out.push(n.clone());
            continue;
        }
        let sent_start = sentence_end[n.start].0;
        let mut start = n.start;
        while start > sent_start
            && words.is_cap(start - 1)
            && !lex.function_words.contains(words.get(start - 1))
        {
            start -= 1;
        }
        while out.last().is_some_and(|m| m.end > start) {
            out.pop();
        }
        out.push(NameSpan {
            start,
            end: n.end,
            kind: Kind::Org,
            score: n.score,
        });
    }
    out
}

/// `the Royal Naval College, Dartmouth in England`: a one-word name after
/// an organisation's head word and a comma, and before a preposition or
/// the end of the clause, is the seat that is part of its name (not a
/// list: `Acme University, Norvik and Vell`).
fn seats_of_organisations(words: &Words, lex: &Lexicon, names: &[NameSpan]) -> Vec<NameSpan> {
    let mut out: Vec<NameSpan> = Vec::with_capacity(names.len());
    let mut k = 0;
    while k < names.len() {
        let mut n = names[k].clone();
        if let Some(seat) = names.get(k + 1).filter(|m| {
            let after = words.lower(m.end);
            n.kind == Kind::Org
                && lex.org_words.get(words.get(n.end - 1)) == Some(&false)
                && words.get(n.end) == ","
                && m.start == n.end + 1
                && m.end == m.start + 1
                && !lex.surface_index.contains_key(words.get(m.start))
                && (lex.words.prepositions.contains(after)
                    || (!words.is_word(m.end) && !matches!(words.get(m.end), "," | "-" | "–")))
        }) {
            n.end = seat.end;
            k += 1;
        }
        out.push(n);
        k += 1;
    }
    out
}

/// `Hamad bin Rashid`: a person's name runs on over `bin`, `ibn` or `bint`
/// and the capitalised words after it, whatever the recogniser made of
/// them.
fn join_patronymics(
    words: &Words,
    names: &[NameSpan],
    sentence_end: &[(usize, usize)],
) -> Vec<NameSpan> {
    let mut out: Vec<NameSpan> = Vec::with_capacity(names.len());
    let mut reach = 0;
    for n in names {
        if n.start < reach {
            continue;
        }
        let mut n = n.clone();
        let end = sentence_end[n.start].1;
        while n.kind == Kind::Per
            && n.end + 1 < end
            && matches!(words.get(n.end), "bin" | "ibn" | "bint")
            && words.is_cap(n.end + 1)
        {
            n.end += 2;
            while n.end < end && words.is_cap(n.end) {
                n.end += 1;
            }
        }
        reach = n.end;
        out.push(n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Re-reads `text` given the recogniser's names: (first word, number
    /// of words, kind, margin).
    fn reread_text(text: &str, spans: &[(&str, usize, Kind, f32)]) -> Vec<(String, Kind, f32)> {
        let seg = crate::extract::segment::segment(text);
        let lex = crate::lexicon::builtin().expect("the built-in lexicon loads");
        let words = Words::new(text, &seg);
        let names: Vec<NameSpan> = spans
            .iter()
            .map(|&(first, len, kind, score)| {
                // `Word#2`: the second `Word` of the text.
                let (first, nth) = first.split_once('#').unwrap_or((first, "1"));
                let nth: usize = nth.parse().expect("a number after #");
                let start = (0..seg.tokens.len())
                    .filter(|&t| words.get(t) == first)
                    .nth(nth - 1)
                    .expect("the word is in the text");
                NameSpan {
                    start,
                    end: start + len,
                    kind,
                    score,
                }
            })
            .collect();
        reread(&words, &lex, &seg, &names)
            .iter()
            .map(|n| (words.span(n.start..n.end).to_string(), n.kind, n.score))
            .collect()
    }

    #[test]
    fn a_medium_one_speaks_on_is_a_sure_organisation() {
        let got = reread_text(
            "Ms. Roe said on Chirpa that she would run.",
            &[("Roe", 1, Kind::Per, 30.0), ("Chirpa", 1, Kind::Per, 0.3)],
        );
        assert_eq!(got[1], ("Chirpa".to_string(), Kind::Org, ONE_WORD_MARGIN));
        assert_eq!(got[0].1, Kind::Per);
    }

    #[test]
    fn a_place_that_speaks_is_an_organisation_everywhere() {
        let got = reread_text(
            "He was taken to Hallberg. Doctors at Vell said he slept. Hallberg said he was stable.",
            &[
                ("Hallberg", 1, Kind::Loc, 20.0),
                ("Vell", 1, Kind::Loc, 20.0),
                ("Hallberg#2", 1, Kind::Loc, 20.0),
            ],
        );
        assert_eq!(got[0].1, Kind::Org);
        assert_eq!(got[1].1, Kind::Loc);
        assert_eq!(got[2].1, Kind::Org);
    }

    #[test]
    fn an_apposition_and_a_head_word_name_an_organisation() {
        let got = reread_text(
            "Vostrana, an independent rights center, and the Valdorian League protested.",
            &[
                ("Vostrana", 1, Kind::Misc, 1.0),
                ("Valdorian", 2, Kind::Misc, 3.0),
            ],
        );
        assert_eq!(got[0].1, Kind::Org);
        assert_eq!(got[1].1, Kind::Org);
    }

    #[test]
    fn who_after_a_name_makes_it_a_person() {
        let got = reread_text(
            "She ran the campaign of Anatol Vrubeck, who was arrested, in Minsk Oblast, which voted.",
            &[
                ("Anatol", 2, Kind::Loc, 0.8),
                ("Minsk", 2, Kind::Loc, 9.0),
            ],
        );
        assert_eq!(got[0].1, Kind::Per);
        assert_eq!(got[1].1, Kind::Loc);
    }

    #[test]
    fn a_name_before_a_legal_form_is_a_companys() {
        let got = reread_text(
            "It is owned by Valdorian National Steel Works, Inc. and Tom Roe.",
            &[
                ("Valdorian", 1, Kind::Misc, 7.0),
                ("Steel", 2, Kind::Per, 9.0),
                ("Tom", 2, Kind::Per, 9.0),
            ],
        );
        let names: Vec<(&str, Kind)> = got.iter().map(|n| (n.0.as_str(), n.1)).collect();
        assert_eq!(
            names,
            [
                ("Valdorian National Steel Works", Kind::Org),
                ("Tom Roe", Kind::Per)
            ]
        );
    }

    #[test]
    fn a_seat_after_an_organisations_name_is_part_of_it() {
        let got = reread_text(
            "He studied at the Naval College, Dartmouth in England, and at Acme University, Norvik and Vell.",
            &[
                ("Naval", 2, Kind::Org, 9.0),
                ("Dartmouth", 1, Kind::Org, 4.0),
                ("Acme", 2, Kind::Org, 9.0),
                ("Norvik", 1, Kind::Org, 4.0),
                ("Vell", 1, Kind::Org, 4.0),
            ],
        );
        let names: Vec<&str> = got.iter().map(|n| n.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "Naval College, Dartmouth",
                "Acme University",
                "Norvik",
                "Vell"
            ]
        );
    }

    #[test]
    fn a_plain_name_after_a_title_is_a_persons() {
        let got = reread_text(
            "A ministry spokesperson, Morwen Vell, said a spokesperson for Acme Motors agreed.",
            &[("Morwen", 2, Kind::Org, 11.0), ("Acme", 2, Kind::Org, 9.0)],
        );
        assert_eq!(got[0].1, Kind::Per);
        assert_eq!(got[1].1, Kind::Org);
    }

    #[test]
    fn a_misc_surname_after_a_given_name_and_a_title_is_a_persons() {
        let got = reread_text(
            "Tomas Vrubel, a member of parliament, met Representatives Ilse Marek and the Baltic Sea.",
            &[
                ("Vrubel", 1, Kind::Misc, 2.0),
                ("Representatives", 1, Kind::Org, 0.4),
                ("Marek", 1, Kind::Misc, 7.0),
                ("Sea", 1, Kind::Misc, 7.0),
            ],
        );
        let names: Vec<(&str, Kind)> = got.iter().map(|n| (n.0.as_str(), n.1)).collect();
        assert_eq!(
            names,
            [
                ("Tomas Vrubel", Kind::Per),
                ("Representatives", Kind::Org),
                ("Ilse Marek", Kind::Per),
                ("Sea", Kind::Misc)
            ]
        );
    }

    #[test]
    fn bin_carries_a_persons_name_on() {
        let got = reread_text(
            "He deposed his father, Sultan Faisal bin Turki. Omar said bin bags.",
            &[
                ("Faisal", 1, Kind::Per, 9.0),
                ("Turki", 1, Kind::Loc, 5.0),
                ("Omar", 1, Kind::Per, 9.0),
            ],
        );
        let names: Vec<&str> = got.iter().map(|n| n.0.as_str()).collect();
        assert_eq!(names, ["Faisal bin Turki", "Omar"]);
        assert_eq!(got[0].1, Kind::Per);
    }
}
