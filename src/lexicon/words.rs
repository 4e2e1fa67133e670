//! Closed-class word lists the extraction stages read (`lexicon/words/`):
//! prepositions, determiners, clause openers and the like, one file per
//! concept, one entry per line.
//!
//! An entry is one word or mark in lower case (the segmenter's
//! abbreviations keep their case); a blank line or a `#` comment may stand
//! anywhere. An entry with a space, an upper-case letter where lower case
//! is wanted, or an entry listed twice is a load error naming file and line.

use foldhash::{HashSet, HashSetExt};

use super::LexiconError;

/// Whether a list's entries must be lower case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Compared with a token's lower-case form.
    Lower,
    /// Compared with the token as written (`Mr`, `e.g`).
    AsWritten,
}

/// The word lists, one set per concept.
#[derive(Clone, Debug, Default)]
pub struct WordLists {
    /// Prepositions that make a noun phrase an oblique argument
    /// (`prepositions.txt`).
    pub prepositions: HashSet<String>,
    /// Determiners, brackets and quotes that may stand between a
    /// preposition and its object (`before_object.txt`).
    pub before_object: HashSet<String>,
    /// Words an acronym skips (`NDS` for `National Directorate of
    /// Security`; `acronym_skips.txt`).
    pub acronym_skips: HashSet<String>,
    /// Marks and coordinators at which a pronoun's own clause starts,
    /// looking left, besides the subordinators (`clause_openers.txt`).
    pub clause_openers: HashSet<String>,
    /// Lower-case words allowed inside a capitalised name (`Bank of
    /// England`, `Ibn Saud`; `name_connectors.txt`).
    pub name_connectors: HashSet<String>,
    /// Personal pronouns that can stand for an actor (`pronouns.txt`).
    pub pronouns: HashSet<String>,
    /// Nouns of a description of one state named earlier (`the communist
    /// state`; `state_nouns.txt`).
    pub state_nouns: HashSet<String>,
    /// Nouns that, after `his` or `her`, stand for the person's own state
    /// (`his country`; `own_state_nouns.txt`).
    pub own_state_nouns: HashSet<String>,
    /// Nouns that name what an actor decided, said or did: an `of` phrase
    /// on one names its agent, and attacking one is criticism
    /// (`act_nouns.txt`).
    pub act_nouns: HashSet<String>,
    /// Nouns that, after a leader's name, name the leader's government
    /// (`the Roe administration`), and after an organisation's head with
    /// a state inside, the state itself (`government_nouns.txt`).
    pub government_nouns: HashSet<String>,
    /// Head words of a government body that, named with no state, belongs
    /// to the state the article is about (`the Interior Ministry`;
    /// `home_state_heads.txt`).
    pub home_state_heads: HashSet<String>,
    /// Words that, between a state and an organisation's name, say the
    /// state owns it (`state-owned`; `state_owned.txt`).
    pub state_owned: HashSet<String>,
    /// Participles that, before `in` and a capital, name where a body sits
    /// (`based in Paris`; `seat_verbs.txt`).
    pub seat_verbs: HashSet<String>,
    /// Modifiers that may stand inside a title (`principal deputy
    /// spokesperson`; `title_modifiers.txt`).
    pub title_modifiers: HashSet<String>,
    /// Connectors after an organisation's head word that carry its name on
    /// (`Institute for Economic Research`; `org_tails.txt`).
    pub org_tails: HashSet<String>,
    /// Small words that may stand in the zone between a title and a name
    /// (`minister of defence of Ruritania, Jane Roe`; `title_zone_links.txt`).
    pub title_zone_links: HashSet<String>,
    /// Words that end the title zone before a name (`said`, `who`;
    /// `title_zone_stops.txt`).
    pub title_zone_stops: HashSet<String>,
    /// Prepositions that tie a title to the organisation after it
    /// (`professor at Leiden University`; `affiliation_preps.txt`).
    pub affiliation_preps: HashSet<String>,
    /// Auxiliaries, modals, negations and adverbs that may stand between a
    /// subject and its verb or before a trigger (`before_verb.txt`).
    pub before_verb: HashSet<String>,
    /// Words that open a new clause (`subordinators.txt`).
    pub subordinators: HashSet<String>,
    /// Forms of `be`, which make a following participle passive (`be_forms.txt`).
    pub be_forms: HashSet<String>,
    /// Determiners and pronouns that may open a noun phrase (`determiners.txt`).
    pub determiners: HashSet<String>,
    /// Words besides auxiliaries, titles and role nouns that may stand
    /// between a speaker and a speech verb (`speaker_fillers.txt`).
    pub speaker_fillers: HashSet<String>,
    /// Verbs after which an infinitive trigger is done, not intended
    /// (`began to supply`) (`done_infinitive.txt`).
    pub done_infinitive: HashSet<String>,
    /// Words of a person's title that a subject or coordination skips
    /// leftwards (`Prime Minister`) (`title_words.txt`).
    pub title_words: HashSet<String>,
    /// Words that may stand between a state and a role noun (`a top
    /// Russian diplomat`) (`actor_noun_modifiers.txt`).
    pub actor_noun_modifiers: HashSet<String>,
    /// Adverbs that may stand between `be` and a passive participle (`passive_adverbs.txt`).
    pub passive_adverbs: HashSet<String>,
    /// Marks and words at which the search for an object stops (`object_stops.txt`).
    pub object_stops: HashSet<String>,
    /// Possessive pronouns: a possessor, not a subject (`possessive_pronouns.txt`).
    pub possessive_pronouns: HashSet<String>,
    /// Verbs of an opening participle that says a speaker was asked about
    /// something (`Asked about …`; `question_verbs.txt`).
    pub question_verbs: HashSet<String>,
    /// Subordinators of an adverbial clause of time, contrast or reason,
    /// which is not the content of the verb it hangs on (`adverbial_marks.txt`).
    pub adverbial_marks: HashSet<String>,
    /// Modals of obligation (`deontic_modals.txt`).
    pub deontic_modals: HashSet<String>,
    /// Words that count people before a plural demonym (`six Americans`;
    /// `counting_words.txt`).
    pub counting_words: HashSet<String>,
    /// Verbs that give a title to whom they name (`became leader of`;
    /// `title_verbs.txt`).
    pub title_verbs: HashSet<String>,
    /// `lemma+preposition` pairs that name who did an act (`blamed on`;
    /// `attribution_verbs.txt`).
    pub attribution_verbs: HashSet<String>,
    /// Nouns and adjectives that find fault (`a disgrace`, `illegal`;
    /// `fault_words.txt`).
    pub fault_words: HashSet<String>,
    /// Verbs by which a person founds an organisation (`co-founded`;
    /// `founding_verbs.txt`).
    pub founding_verbs: HashSet<String>,
    /// Bodies a person sits on (`on the board of`; `membership_nouns.txt`).
    pub membership_nouns: HashSet<String>,
    /// What a party's candidates run for (`the Democratic nomination`;
    /// `nomination_nouns.txt`).
    pub nomination_nouns: HashSet<String>,
    /// Verbs by which a person sits on a body (`sitting_verbs.txt`).
    pub sitting_verbs: HashSet<String>,
}

impl WordLists {
    /// Reads every list; `get` gives the texts of a file by its name.
    pub fn load<'a>(
        get: impl Fn(&str) -> Vec<(String, &'a str)>,
    ) -> Result<WordLists, LexiconError> {
        let list = |name: &str, case: Case| word_list(name, &get(name), case);
        Ok(WordLists {
            prepositions: list("words/prepositions.txt", Case::Lower)?,
            before_object: list("words/before_object.txt", Case::Lower)?,
            acronym_skips: list("words/acronym_skips.txt", Case::Lower)?,
            clause_openers: list("words/clause_openers.txt", Case::Lower)?,
            name_connectors: list("words/name_connectors.txt", Case::Lower)?,
            pronouns: list("words/pronouns.txt", Case::Lower)?,
            state_nouns: list("words/state_nouns.txt", Case::Lower)?,
            own_state_nouns: list("words/own_state_nouns.txt", Case::Lower)?,
            government_nouns: list("words/government_nouns.txt", Case::Lower)?,
            home_state_heads: list("words/home_state_heads.txt", Case::Lower)?,
            state_owned: list("words/state_owned.txt", Case::Lower)?,
            seat_verbs: list("words/seat_verbs.txt", Case::Lower)?,
            act_nouns: list("words/act_nouns.txt", Case::Lower)?,
            title_modifiers: list("words/title_modifiers.txt", Case::Lower)?,
            org_tails: list("words/org_tails.txt", Case::Lower)?,
            title_zone_links: list("words/title_zone_links.txt", Case::Lower)?,
            title_zone_stops: list("words/title_zone_stops.txt", Case::Lower)?,
            affiliation_preps: list("words/affiliation_preps.txt", Case::Lower)?,
            before_verb: list("words/before_verb.txt", Case::Lower)?,
            subordinators: list("words/subordinators.txt", Case::Lower)?,
            be_forms: list("words/be_forms.txt", Case::Lower)?,
            determiners: list("words/determiners.txt", Case::Lower)?,
            speaker_fillers: list("words/speaker_fillers.txt", Case::Lower)?,
            done_infinitive: list("words/done_infinitive.txt", Case::Lower)?,
            title_words: list("words/title_words.txt", Case::Lower)?,
            actor_noun_modifiers: list("words/actor_noun_modifiers.txt", Case::Lower)?,
            passive_adverbs: list("words/passive_adverbs.txt", Case::Lower)?,
            object_stops: list("words/object_stops.txt", Case::Lower)?,
            possessive_pronouns: list("words/possessive_pronouns.txt", Case::Lower)?,
            adverbial_marks: list("words/adverbial_marks.txt", Case::Lower)?,
            deontic_modals: list("words/deontic_modals.txt", Case::Lower)?,
            counting_words: list("words/counting_words.txt", Case::Lower)?,
            question_verbs: list("words/question_verbs.txt", Case::Lower)?,
            title_verbs: list("words/title_verbs.txt", Case::Lower)?,
            attribution_verbs: list("words/attribution_verbs.txt", Case::Lower)?,
            fault_words: list("words/fault_words.txt", Case::Lower)?,
            founding_verbs: list("words/founding_verbs.txt", Case::Lower)?,
            membership_nouns: list("words/membership_nouns.txt", Case::Lower)?,
            nomination_nouns: list("words/nomination_nouns.txt", Case::Lower)?,
            sitting_verbs: list("words/sitting_verbs.txt", Case::Lower)?,
        })
    }
}

/// The entries of list files with their file and line: each line trimmed,
/// blank lines and `#` comments left out.
pub(super) fn entries<'a>(
    files: &'a [(String, &'a str)],
) -> impl Iterator<Item = (&'a str, usize, &'a str)> {
    files.iter().flat_map(|(file, text)| {
        text.lines()
            .enumerate()
            .map(|(i, line)| (file.as_str(), i + 1, line.trim()))
            .filter(|(_, _, w)| !w.is_empty() && !w.starts_with('#'))
    })
}

/// One word list from the texts of its file; a missing file, an entry with
/// white space inside, in the wrong case or listed twice is an error.
pub fn word_list(
    name: &str,
    files: &[(String, &str)],
    case: Case,
) -> Result<HashSet<String>, LexiconError> {
    if files.is_empty() {
        return Err(LexiconError {
            file: name.into(),
            line: 0,
            message: "the word list is missing".into(),
        });
    }
    let mut out = HashSet::new();
    for (file, line, w) in entries(files) {
        let err = |message: String| LexiconError {
            file: file.to_string(),
            line,
            message,
        };
        if w.chars().any(char::is_whitespace) {
            return Err(err(format!("`{w}` is not one word: one entry a line")));
        }
        if case == Case::Lower && w.to_lowercase() != w {
            return Err(err(format!("`{w}` is not in lower case")));
        }
        if !out.insert(w.to_string()) {
            return Err(err(format!("`{w}` is listed twice")));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, case: Case) -> Result<HashSet<String>, LexiconError> {
        word_list("words/x.txt", &[("words/x.txt".to_string(), text)], case)
    }

    #[test]
    fn a_list_reads_words_and_skips_comments() {
        let set = one("# a comment\n\nof\nto\n", Case::Lower).unwrap();
        let mut words: Vec<&str> = set.iter().map(String::as_str).collect();
        words.sort();
        assert_eq!(words, ["of", "to"]);
    }

    #[test]
    fn a_malformed_row_names_file_and_line() {
        let err = one("of\nTo\n", Case::Lower).unwrap_err();
        assert_eq!(err.to_string(), "words/x.txt:2: `To` is not in lower case");
        let err = one("of\nin front\n", Case::Lower).unwrap_err();
        assert_eq!(
            err.to_string(),
            "words/x.txt:2: `in front` is not one word: one entry a line"
        );
        let err = one("of\n# c\nof\n", Case::AsWritten).unwrap_err();
        assert_eq!(err.to_string(), "words/x.txt:3: `of` is listed twice");
        assert!(one("Mr\n", Case::AsWritten).is_ok());
    }

    #[test]
    fn a_missing_list_is_an_error() {
        let err = word_list("words/x.txt", &[], Case::Lower).unwrap_err();
        assert_eq!(err.to_string(), "words/x.txt:0: the word list is missing");
    }
}
