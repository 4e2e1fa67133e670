//! Sentence structure: universal part-of-speech tags, lemmas and a labelled
//! dependency tree (Universal Dependencies v2) for every sentence.
//!
//! ```text
//! Segmented -> words (UD-style: `do` `n't`, `well` `-` `known`) -> tagger -> lemmas -> parser
//! ```
//!
//! - [`words`]: the segmenter's tokens as UD-style words, with offsets.
//! - [`tagger`]: a greedy averaged-perceptron tagger (UPOS and PTB tag).
//! - [`lemma`]: rules plus an exception list (`lexicon/lemmas.tsv`).
//! - [`retag`]: tag repairs of English grammar the treebanks are too thin for.
//! - [`parser`]: a greedy arc-eager transition parser with rich features.
//! - [`model`]: the model file, built in ([`builtin`]) or loaded from a path.
//! - [`train`]: learning both from CoNLL-U treebanks.
//! - [`conllu`]: reading and writing CoNLL-U.
//!
//! The stage is pure and never fails: any text gives a tree per sentence.
//!
//! ```
//! use newsgraph::extract::syntax::{self, Upos};
//!
//! let text = "The minister was criticised by the opposition.";
//! let seg = newsgraph::segment::segment(text);
//! let parses = syntax::parse_document(syntax::builtin(), text, &seg);
//! let s = &parses[0];
//! let verb = s.words.iter().position(|w| w.form == "criticised").unwrap();
//! assert_eq!(s.words[verb].upos, Upos::Verb);
//! assert_eq!(s.words[verb].lemma, "criticise");
//! let subj = s.children(verb).find(|&c| s.words[c].deprel == "nsubj:pass").unwrap();
//! assert_eq!(s.words[subj].form, "minister");
//! ```

pub mod clusters;
pub mod conllu;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod retag;
pub mod tagger;
pub mod train;
pub mod words;

use std::ops::Range;

pub use model::{builtin, SyntaxModel};

use crate::model::Segmented;

/// The seventeen universal part-of-speech tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag as UD writes it (`NOUN`, `PROPN`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// The tag of a UD name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.into_iter().find(|u| u.as_str() == s)
    }
}

impl std::fmt::Display for Upos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One analysed word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Character offsets in the document, end exclusive.
    pub start: usize,
    pub end: usize,
    /// The segment token (index into `Segmented::tokens`) the word comes
    /// from; one token may give several words (`do` + `n't`).
    pub token: usize,
    pub form: String,
    pub lemma: String,
    pub upos: Upos,
    /// The Penn Treebank tag (`VBD`, `NNS`, …), finer than `upos`.
    pub xpos: String,
    /// The index of the head word in the same sentence; `None` for the root.
    pub head: Option<usize>,
    /// The UD v2 relation to the head, with its subtype (`nsubj:pass`,
    /// `obl:agent`, `nmod:poss`, `acl:relcl`, `compound:prt`, `root`).
    pub deprel: String,
}

/// The analysis of one sentence of the segmenter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedSentence {
    /// The sentence's index in `Segmented::sentences`.
    pub sentence: usize,
    pub words: Vec<Word>,
}

impl ParsedSentence {
    /// The words whose head is word `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .filter(move |(_, w)| w.head == Some(i))
            .map(|(c, _)| c)
    }

    /// The root word (the one with no head).
    pub fn root(&self) -> Option<usize> {
        self.words.iter().position(|w| w.head.is_none())
    }

    /// The words made from segment token `token` (empty if none).
    pub fn words_of_token(&self, token: usize) -> Range<usize> {
        let a = self.words.partition_point(|w| w.token < token);
        let b = self.words.partition_point(|w| w.token <= token);
        a..b
    }

    /// The heads from word `i` up to the root, `i` excluded.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut cur = self.words.get(i).and_then(|w| w.head);
        let mut left = self.words.len();
        std::iter::from_fn(move || {
            let h = cur?;
            left = left.checked_sub(1)?;
            cur = self.words[h].head;
            Some(h)
        })
    }
}

/// The analysis of bare word forms (no offsets): tags, lemmas, heads and
/// labels, one per form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    pub tags: Vec<usize>,
    pub lemmas: Vec<String>,
    pub heads: Vec<Option<usize>>,
    pub labels: Vec<usize>,
}

/// Tags, lemmatises and parses one sentence given as word forms.
pub fn analyse_forms(model: &SyntaxModel, forms: &[&str]) -> Analysis {
    let tags = tag(model, forms);
    let (heads, labels) = model.parser.parse(forms, &tags);
    Analysis {
        lemmas: lemmas(model, forms, &tags),
        tags,
        heads,
        labels,
    }
}

/// [`analyse_forms`] of many sentences.
pub fn analyse_many(model: &SyntaxModel, sents: &[&[&str]]) -> Vec<Analysis> {
    let tags: Vec<Vec<usize>> = sents.iter().map(|f| tag(model, f)).collect();
    let pairs: Vec<(&[&str], &[usize])> = sents
        .iter()
        .zip(&tags)
        .map(|(f, t)| (*f, t.as_slice()))
        .collect();
    let trees = model.parser.parse_many(&pairs);
    sents
        .iter()
        .zip(tags)
        .zip(trees)
        .map(|((forms, tags), (heads, labels))| Analysis {
            lemmas: lemmas(model, forms, &tags),
            tags,
            heads,
            labels,
        })
        .collect()
}

/// The tagger's tags, with [`retag`]'s repairs.
fn tag(model: &SyntaxModel, forms: &[&str]) -> Vec<usize> {
    let mut tags = model.tagger.tag(forms);
    retag::verbs_before_infinitives(&model.tagger, forms, &mut tags);
    tags
}

/// The lemma of every word, given its tag.
fn lemmas(model: &SyntaxModel, forms: &[&str], tags: &[usize]) -> Vec<String> {
    forms
        .iter()
        .zip(tags)
        .map(|(f, &t)| {
            model
                .lemmas
                .lemma(f, model.tagger.upos(t), model.tagger.xpos(t))
        })
        .collect()
}

/// Parses one sentence of the segmenter.
pub fn parse_sentence(
    model: &SyntaxModel,
    text: &str,
    seg: &Segmented,
    sentence: usize,
) -> ParsedSentence {
    parse_sentences(model, text, seg, &[sentence]).remove(0)
}

/// Parses the given sentences of the segmenter (indices into
/// `seg.sentences`), in the order given: [`parse_sentence`] of each.
pub fn parse_sentences(
    model: &SyntaxModel,
    text: &str,
    seg: &Segmented,
    sentences: &[usize],
) -> Vec<ParsedSentence> {
    let spans: Vec<Vec<words::WordSpan>> = sentences
        .iter()
        .map(|&i| words::split(text, &seg.tokens, seg.sentences[i].tokens.clone()))
        .collect();
    let forms: Vec<Vec<&str>> = spans
        .iter()
        .map(|sp| sp.iter().map(|w| &text[w.bytes.clone()]).collect())
        .collect();
    let refs: Vec<&[&str]> = forms.iter().map(Vec::as_slice).collect();
    let analyses = analyse_many(model, &refs);
    sentences
        .iter()
        .zip(spans.iter().zip(&forms))
        .zip(analyses)
        .map(|((&sentence, (spans, forms)), a)| ParsedSentence {
            sentence,
            words: sentence_words(model, spans, forms, &a),
        })
        .collect()
}

/// The words of a sentence from its spans, forms and analysis.
fn sentence_words(
    model: &SyntaxModel,
    spans: &[words::WordSpan],
    forms: &[&str],
    a: &Analysis,
) -> Vec<Word> {
    spans
        .iter()
        .enumerate()
        .map(|(i, sp)| Word {
            start: sp.start,
            end: sp.end,
            token: sp.token,
            form: forms[i].to_string(),
            lemma: a.lemmas[i].clone(),
            upos: model.tagger.upos(a.tags[i]),
            xpos: model.tagger.xpos(a.tags[i]).to_string(),
            head: a.heads[i],
            deprel: model.parser.label(a.labels[i]).to_string(),
        })
        .collect()
}

/// Parses every sentence of a segmented document, in order.
pub fn parse_document(model: &SyntaxModel, text: &str, seg: &Segmented) -> Vec<ParsedSentence> {
    let all: Vec<usize> = (0..seg.sentences.len()).collect();
    parse_sentences(model, text, seg, &all)
}
