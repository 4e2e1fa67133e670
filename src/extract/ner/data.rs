//! Annotated text for training and measuring the recogniser.
//!
//! Two formats: CoNLL-2003 style columns (a word first, its tag last, IOB1
//! or IOB2, `-DOCSTART-` between documents) and CoNLL-U with GUM's entity
//! layer (`Entity=` in the last column). Either way the words are written
//! back into text and cut again by the project's own segmenter
//! ([`Example::new`]), so the recogniser learns on the tokens it will see at
//! run time (`doesn't` one token, `'s` apart), and each annotation is carried
//! over to those tokens by its character span.

use std::fmt;

use super::{class, Kind, Pos, O};
use crate::lexicon::Lexicon;
use crate::model::Segmented;
use crate::segment::segment;

/// What an annotation says of one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    O,
    /// The first word of a name.
    Begin(Kind),
    /// A later word of a name (or, in IOB1, any word of a name that does not
    /// follow a name of the same kind).
    Inside(Kind),
    /// Not annotated either way: no update is made on it.
    Unknown,
}

/// A word as the annotation gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub label: Label,
    /// Whether a space follows the word in the original text.
    pub space_after: bool,
}

/// An annotated document: its sentences of words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnnotatedDoc {
    pub id: String,
    pub sentences: Vec<Vec<Word>>,
}

/// A line the readers could not take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for DataError {}

fn parse_tag(tag: &str, line: usize) -> Result<Label, DataError> {
    if tag == "O" {
        return Ok(Label::O);
    }
    let bad = || DataError {
        line,
        message: format!(
            "unknown tag `{tag}` (expected O, B-X or I-X with X one of PER, ORG, LOC, MISC)"
        ),
    };
    let (pos, kind) = tag.split_once('-').ok_or_else(bad)?;
    let kind = Kind::parse(kind).ok_or_else(bad)?;
    match pos {
        "B" | "S" => Ok(Label::Begin(kind)),
        "I" | "E" => Ok(Label::Inside(kind)),
        _ => Err(bad()),
    }
}

/// Reads CoNLL-2003 style text: a word and its tag per line (the tag in the
/// last column), a blank line between sentences, `-DOCSTART-` lines between
/// documents. Spaces are restored by [`detokenize`].
pub fn read_conll(text: &str) -> Result<Vec<AnnotatedDoc>, DataError> {
    let mut docs = Vec::new();
    let mut doc = AnnotatedDoc::default();
    let mut sent: Vec<Word> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() {
            if !sent.is_empty() {
                doc.sentences.push(std::mem::take(&mut sent));
            }
            continue;
        }
        if cols[0] == "-DOCSTART-" {
            if !sent.is_empty() {
                doc.sentences.push(std::mem::take(&mut sent));
            }
            if !doc.sentences.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            doc.id = format!("line-{}", n + 1);
            continue;
        }
        if cols.len() < 2 {
            return Err(DataError {
                line: n + 1,
                message: format!("expected a word and a tag, found `{line}`"),
            });
        }
        sent.push(Word {
            form: cols[0].to_string(),
            label: parse_tag(cols[cols.len() - 1], n + 1)?,
            space_after: true,
        });
    }
    if !sent.is_empty() {
        doc.sentences.push(sent);
    }
    if !doc.sentences.is_empty() {
        docs.push(doc);
    }
    for d in &mut docs {
        for s in &mut d.sentences {
            detokenize(s);
        }
    }
    Ok(docs)
}

/// Restores the spaces of news text between tokenised words: none before
/// closing punctuation, clitics and possessives, none after opening
/// brackets and currency signs; straight double quotes alternate between
/// opening and closing.
pub fn detokenize(words: &mut [Word]) {
    let mut quote_open = false;
    let n = words.len();
    for i in 0..n {
        let w = words[i].form.as_str();
        let attach_next =
            matches!(w, "(" | "[" | "{" | "$" | "`" | "``") || (w == "\"" && !quote_open);
        if w == "\"" {
            if !quote_open && i > 0 {
                // An opening quote keeps the space before it.
            } else if quote_open && i > 0 {
                words[i - 1].space_after = false;
            }
            quote_open = !quote_open;
        }
        if attach_next {
            words[i].space_after = false;
        }
        if i + 1 < n {
            let next = words[i + 1].form.as_str();
            let lower = next.to_lowercase();
            let closing = matches!(
                next,
                "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "}" | "%" | "''"
            ) || matches!(
                lower.as_str(),
                "'s" | "n't" | "'re" | "'ve" | "'ll" | "'d" | "'m" | "'"
            );
            if closing {
                words[i].space_after = false;
            }
        }
    }
}

/// GUM documents that must never be trained on: its news genre is kept for
/// measuring.
pub fn is_held_out(doc_id: &str) -> bool {
    doc_id.starts_with("GUM_news_")
}

/// One token of a CoNLL-U sentence.
struct UdToken {
    form: String,
    lemma: String,
    upos: String,
    head: usize,
    space_after: bool,
    /// (mention id, entity type) opened here, in order.
    opens: Vec<(String, String)>,
    closes: Vec<String>,
}

/// Parses GUM's `Entity=` value: `(id-type-...` opens a mention, `id)`
/// closes one, `(id-type-...)` is a one-token mention.
fn parse_entity(value: &str, opens: &mut Vec<(String, String)>, closes: &mut Vec<String>) {
    let b = value.as_bytes();
    let mut p = 0;
    while p < b.len() {
        if b[p] == b'(' {
            let start = p + 1;
            let mut q = start;
            while q < b.len() && b[q] != b'(' && b[q] != b')' {
                q += 1;
            }
            let desc = &value[start..q];
            let mut parts = desc.split('-');
            let id = parts.next().unwrap_or("").to_string();
            let ty = parts.next().unwrap_or("").to_string();
            opens.push((id.clone(), ty));
            if q < b.len() && b[q] == b')' {
                closes.push(id);
                q += 1;
            }
            p = q;
        } else if b[p].is_ascii_digit() {
            let start = p;
            while p < b.len() && b[p].is_ascii_digit() {
                p += 1;
            }
            if p < b.len() && b[p] == b')' {
                closes.push(value[start..p].to_string());
                p += 1;
            }
        } else {
            p += 1;
        }
    }
}

/// Reads one CoNLL-U sentence's token lines.
fn read_ud_sentence(lines: &[(usize, &str)]) -> Result<Vec<UdToken>, DataError> {
    let mut toks = Vec::new();
    for &(n, line) in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(DataError {
                line: n,
                message: format!("expected 10 tab-separated columns, found {}", cols.len()),
            });
        }
        // Multiword token ranges (`3-4`) and empty nodes (`3.1`) are skipped.
        if cols[0].contains(['-', '.']) {
            continue;
        }
        let misc = cols[9];
        let mut opens = Vec::new();
        let mut closes = Vec::new();
        for part in misc.split('|') {
            if let Some(v) = part.strip_prefix("Entity=") {
                parse_entity(v, &mut opens, &mut closes);
            }
        }
        toks.push(UdToken {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            head: cols[6].parse().unwrap_or(0),
            space_after: !misc.split('|').any(|p| p == "SpaceAfter=No"),
            opens,
            closes,
        });
    }
    Ok(toks)
}

/// The kind GUM's entity type becomes when the mention is a name; `None`
/// for types CoNLL does not mark as names (times, animals, quantities…),
/// which are left unknown.
fn gum_kind(ty: &str) -> Option<Option<Kind>> {
    match ty {
        "person" => Some(Some(Kind::Per)),
        "organization" => Some(Some(Kind::Org)),
        "place" => Some(Some(Kind::Loc)),
        "event" | "object" | "abstract" => Some(Some(Kind::Misc)),
        _ => Some(None),
    }
}

fn is_name_word(t: &UdToken) -> bool {
    t.upos == "PROPN"
        || ((t.upos == "ADJ" || t.upos == "NUM")
            && t.lemma.chars().next().is_some_and(char::is_uppercase))
}

/// The named part of a mention `a..b` (token indexes): the run of proper
/// nouns around its head, with connectors between them (`Bank of
/// America`), and where it starts once a person's leading titles and
/// honorifics are left out (`Dr.`, which CoNLL does not mark). `None` when
/// the head is no proper noun (`the company`).
fn named_run(
    toks: &[UdToken],
    a: usize,
    b: usize,
    kind: Option<Kind>,
    lex: &Lexicon,
) -> Option<(usize, usize, usize)> {
    let head = (a..b).find(|&t| {
        let h = toks[t].head;
        h == 0 || h - 1 < a || h > b
    })?;
    if toks[head].upos != "PROPN" {
        return None;
    }
    let mut s = head;
    while s > a && is_name_word(&toks[s - 1]) {
        s -= 1;
    }
    let mut e = head + 1;
    loop {
        if e < b && is_name_word(&toks[e]) {
            e += 1;
        } else if e + 1 < b
            && matches!(
                toks[e].form.as_str(),
                "of" | "for" | "and" | "&" | "de" | "the"
            )
            && is_name_word(&toks[e + 1])
        {
            e += 2;
        } else {
            break;
        }
    }
    let run_start = s;
    if kind == Some(Kind::Per) {
        while s + 1 < e
            && (lex.honorifics.contains(toks[s].form.as_str())
                || lex
                    .titles
                    .contains_key(toks[s].form.to_lowercase().as_str()))
        {
            s += 1;
        }
    }
    Some((run_start, s, e))
}

/// Labels one GUM sentence: names of persons, organisations and places
/// (and events, objects and ideas as `Misc`) from mentions headed by a
/// proper noun; other proper nouns and proper adjectives (`Swiss`, which
/// GUM does not mark and CoNLL calls `MISC`) are left unknown.
fn label_ud_sentence(toks: &[UdToken], lex: &Lexicon) -> Vec<Word> {
    let mut mentions: Vec<(usize, usize, String)> = Vec::new();
    let mut open: Vec<(String, String, usize)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        for (id, ty) in &t.opens {
            open.push((id.clone(), ty.clone(), i));
        }
        for id in &t.closes {
            if let Some(p) = open.iter().rposition(|(o, _, _)| o == id) {
                let (_, ty, s) = open.remove(p);
                mentions.push((s, i + 1, ty));
            }
        }
    }
    // Longest first, so an organisation's name wins over a place inside it.
    mentions.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut labels: Vec<Option<Label>> = vec![None; toks.len()];
    for (s, e, ty) in &mentions {
        let Some(kind) = gum_kind(ty) else { continue };
        let Some((title, a, b)) = named_run(toks, *s, *e, kind, lex) else {
            continue;
        };
        if labels[title..b].iter().any(Option::is_some) {
            continue;
        }
        labels[title..a].fill(Some(Label::O));
        for (t, l) in labels.iter_mut().enumerate().take(b).skip(a) {
            *l = Some(match kind {
                Some(k) if t == a => Label::Begin(k),
                Some(k) => Label::Inside(k),
                None => Label::Unknown,
            });
        }
    }
    toks.iter()
        .zip(labels)
        .map(|(t, l)| Word {
            form: t.form.clone(),
            label: l.unwrap_or(if is_name_word(t) {
                Label::Unknown
            } else {
                Label::O
            }),
            space_after: t.space_after,
        })
        .collect()
}

/// Reads a CoNLL-U file with GUM's entity layer. Documents whose id marks
/// them as held out ([`is_held_out`]) are refused.
pub fn read_gum(text: &str, lex: &Lexicon) -> Result<Vec<AnnotatedDoc>, DataError> {
    let mut docs: Vec<AnnotatedDoc> = Vec::new();
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let flush =
        |lines: &mut Vec<(usize, &str)>, docs: &mut Vec<AnnotatedDoc>| -> Result<(), DataError> {
            if lines.is_empty() {
                return Ok(());
            }
            let toks = read_ud_sentence(lines)?;
            lines.clear();
            if docs.is_empty() {
                docs.push(AnnotatedDoc::default());
            }
            let words = label_ud_sentence(&toks, lex);
            if !words.is_empty() {
                docs.last_mut().expect("a document").sentences.push(words);
            }
            Ok(())
        };
    for (n, line) in text.lines().enumerate() {
        if let Some(id) = line.strip_prefix("# newdoc id = ") {
            flush(&mut lines, &mut docs)?;
            let id = id.trim();
            if is_held_out(id) {
                return Err(DataError {
                    line: n + 1,
                    message: format!(
                        "`{id}` is a GUM news document, kept for measuring: never train on it"
                    ),
                });
            }
            docs.push(AnnotatedDoc {
                id: id.to_string(),
                sentences: Vec::new(),
            });
        } else if line.starts_with('#') {
            continue;
        } else if line.trim().is_empty() {
            flush(&mut lines, &mut docs)?;
        } else {
            lines.push((n + 1, line));
        }
    }
    flush(&mut lines, &mut docs)?;
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

/// A document as the recogniser sees it, with the tag of each of its
/// tokens (`None` where the annotation says nothing or does not fit the
/// tokens).
pub struct Example {
    pub id: String,
    pub text: String,
    pub seg: Segmented,
    pub gold: Vec<Option<u8>>,
}

impl Example {
    /// Writes the document back as text, one sentence a line, segments it,
    /// and carries each name over to the tokens inside its span.
    pub fn new(doc: &AnnotatedDoc) -> Example {
        let mut text = String::new();
        // Names and unknown stretches as byte spans of the text.
        let mut names: Vec<(usize, usize, Option<Kind>)> = Vec::new();
        for sent in &doc.sentences {
            let mut current: Option<(usize, usize, Option<Kind>)> = None;
            for w in sent {
                let start = text.len();
                text.push_str(&w.form);
                let end = text.len();
                if w.space_after {
                    text.push(' ');
                }
                let (kind, begins) = match w.label {
                    Label::O => {
                        names.extend(current.take());
                        continue;
                    }
                    Label::Begin(k) => (Some(k), true),
                    Label::Inside(k) => (Some(k), false),
                    Label::Unknown => (None, true),
                };
                match &mut current {
                    Some(c) if !begins && c.2 == kind && kind.is_some() => c.1 = end,
                    _ => {
                        names.extend(current.take());
                        current = Some((start, end, kind));
                    }
                }
            }
            names.extend(current.take());
            while text.ends_with(' ') {
                text.pop();
            }
            text.push('\n');
        }
        let seg = segment(&text);
        let gold = project(&seg, &names);
        Example {
            id: doc.id.clone(),
            text,
            seg,
            gold,
        }
    }
}

/// The BILOU tag of each token; a token that straddles a name's edge, and
/// the name, become `None`, as do unknown stretches.
fn project(seg: &Segmented, names: &[(usize, usize, Option<Kind>)]) -> Vec<Option<u8>> {
    let toks = &seg.tokens;
    let mut gold = vec![Some(O); toks.len()];
    for &(a, b, kind) in names {
        // The tokens that overlap the span.
        let first = toks.partition_point(|t| t.byte_end <= a);
        let mut last = first;
        while last < toks.len() && toks[last].byte_start < b {
            last += 1;
        }
        if first >= last {
            continue;
        }
        let fits = toks[first].byte_start == a && toks[last - 1].byte_end == b;
        match kind {
            Some(k) if fits => {
                for (t, g) in gold.iter_mut().enumerate().take(last).skip(first) {
                    let pos = if last - first == 1 {
                        Pos::U
                    } else if t == first {
                        Pos::B
                    } else if t + 1 == last {
                        Pos::L
                    } else {
                        Pos::I
                    };
                    *g = Some(class(k, pos));
                }
            }
            _ => {
                for g in &mut gold[first..last] {
                    *g = None;
                }
            }
        }
    }
    gold
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ner::tag_of;

    fn tags(ex: &Example) -> Vec<(String, String)> {
        ex.seg
            .tokens
            .iter()
            .zip(&ex.gold)
            .map(|(t, g)| {
                let w = ex.text[t.byte_start..t.byte_end].to_string();
                let g = match g {
                    None => "?".to_string(),
                    Some(c) => match tag_of(*c) {
                        None => "O".into(),
                        Some((k, p)) => format!("{:?}-{}", p, k.as_str()),
                    },
                };
                (w, g)
            })
            .collect()
    }

    #[test]
    fn conll_text_is_retokenised_and_tags_follow() {
        let src = "-DOCSTART- O\n\nJane B-PER\nRoe I-PER\n's O\nfirm O\n, O\nAcme I-ORG\nHoldings I-ORG\n, O\ndoes O\nn't O\nlie O\n. O\n\n-DOCSTART- O\n\nParis I-LOC\n";
        let docs = read_conll(src).unwrap();
        assert_eq!(docs.len(), 2);
        let ex = Example::new(&docs[0]);
        assert_eq!(ex.text, "Jane Roe's firm, Acme Holdings, doesn't lie.\n");
        let got = tags(&ex);
        let want = [
            ("Jane", "B-PER"),
            ("Roe", "L-PER"),
            ("'s", "O"),
            ("firm", "O"),
            (",", "O"),
            ("Acme", "B-ORG"),
            ("Holdings", "L-ORG"),
            (",", "O"),
            ("doesn't", "O"),
            ("lie", "O"),
            (".", "O"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(tags(&Example::new(&docs[1]))[0].1, "U-LOC");
    }

    #[test]
    fn bad_tags_name_their_line() {
        let err = read_conll("Jane B-PERSONA\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("unknown tag `B-PERSONA`"), "{err}");
    }

    #[test]
    fn quotes_and_brackets_attach() {
        let docs = read_conll("He O\nsaid O\n\" O\nno O\n\" O\n( O\nreally O\n) O\n. O\n").unwrap();
        assert_eq!(Example::new(&docs[0]).text, "He said \"no\" (really).\n");
    }

    const GUM: &str = "# newdoc id = GUM_bio_test\n# text = Dr. Jane Roe joined the Bank of Ruritania in Swiss towns.\n\
1\tDr.\tDr.\tPROPN\tNNP\t_\t3\tcompound\t_\tEntity=(1-person-new-x-x-1-coref\n\
2\tJane\tJane\tPROPN\tNNP\t_\t3\tflat\t_\t_\n\
3\tRoe\tRoe\tPROPN\tNNP\t_\t4\tnsubj\t_\tEntity=1)\n\
4\tjoined\tjoin\tVERB\tVBD\t_\t0\troot\t_\t_\n\
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\tEntity=(2-organization-new-x-x-1-coref\n\
6\tBank\tBank\tPROPN\tNNP\t_\t4\tobj\t_\t_\n\
7\tof\tof\tADP\tIN\t_\t8\tcase\t_\t_\n\
8\tRuritania\tRuritania\tPROPN\tNNP\t_\t6\tnmod\t_\tEntity=(3-place-new-x-x-1-coref)2)\n\
9\tin\tin\tADP\tIN\t_\t11\tcase\t_\t_\n\
10\tSwiss\tSwiss\tADJ\tJJ\t_\t11\tamod\t_\tEntity=(4-place-new-x-x-1-coref\n\
11\ttowns\ttown\tNOUN\tNNS\t_\t4\tobl\t_\tEntity=4)|SpaceAfter=No\n\
12\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn gum_names_come_from_proper_noun_heads() {
        let lex = crate::lexicon::builtin().unwrap();
        let docs = read_gum(GUM, &lex).unwrap();
        let ex = Example::new(&docs[0]);
        let got: Vec<String> = tags(&ex).into_iter().map(|(_, g)| g).collect();
        assert_eq!(
            got,
            ["O", "B-PER", "L-PER", "O", "O", "B-ORG", "I-ORG", "L-ORG", "O", "?", "O", "O"]
        );
        assert_eq!(docs[0].id, "GUM_bio_test");
    }

    #[test]
    fn gum_news_is_refused() {
        let lex = crate::lexicon::builtin().unwrap();
        let err = read_gum(&GUM.replace("GUM_bio_test", "GUM_news_test"), &lex).unwrap_err();
        assert!(err.message.contains("kept for measuring"), "{err}");
    }
}
