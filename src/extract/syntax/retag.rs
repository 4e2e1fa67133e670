//! Tag repairs the tagger's training data is too thin for, applied before
//! parsing. Each is a rule of English grammar, not of a treebank.

use super::tagger::Tagger;
use super::Upos;

/// An `-s` word the tagger read as a plural noun between a name or a
/// subject pronoun and `to` + a verb is the present-tense verb of that
/// subject: `Jane Roe plans to visit`, `she wants to meet`, `Ruritania
/// seeks to join` (treebanks hold `plans` as a verb once in twenty).
/// Not after a determiner or possessive (`the Roe plans to`, `our plans
/// to`), nor for a word that is no verb (`NATO members to`).
pub fn verbs_before_infinitives(tagger: &Tagger, forms: &[&str], tags: &mut [usize]) {
    for i in 1..forms.len().saturating_sub(2) {
        if tagger.xpos(tags[i]) != "NNS"
            || !forms[i].ends_with('s')
            || forms[i].ends_with("ss")
            || !forms[i + 1].eq_ignore_ascii_case("to")
            || tagger.xpos(tags[i + 2]) != "VB"
            || !verb_stem(tagger, forms[i])
        {
            continue;
        }
        if subject_before(tagger, forms, tags, i) {
            // Looked up only here: most sentences have no such word.
            if let Some(vbz) = tagger.tag_index("VERB VBZ") {
                tags[i] = vbz;
            }
        }
    }
}

/// Whether the word without its `-s` is a verb the tagger has seen (`plan`,
/// `seek`; not `member`).
fn verb_stem(tagger: &Tagger, form: &str) -> bool {
    let stem = &form[..form.len() - 1];
    tagger.seen_as_verb(stem)
        || stem
            .strip_suffix('e')
            .is_some_and(|s| tagger.seen_as_verb(s))
}

/// Whether the word before `i` can be a subject: a subject pronoun, or a
/// name not opened by a determiner or possessive.
fn subject_before(tagger: &Tagger, forms: &[&str], tags: &[usize], i: usize) -> bool {
    let prev = forms[i - 1].to_lowercase();
    if matches!(prev.as_str(), "he" | "she" | "it" | "they" | "who") {
        return true;
    }
    let mut j = i;
    while j > 0 && tagger.upos(tags[j - 1]) == Upos::Propn {
        j -= 1;
    }
    j < i
        && (j == 0
            || !matches!(
                tagger.upos(tags[j - 1]),
                Upos::Det | Upos::Pron | Upos::Part
            ))
}
