//! CoNLL-U: the Universal Dependencies file format, read and written.
//!
//! A sentence is a block of lines: `#` comments, then one line per word with
//! ten tab-separated columns, ended by a blank line. Multiword-token lines
//! (id `3-4`) and empty nodes (id `8.1`) are valid: they are kept as they
//! are, in place, and only the word lines are analysed.

use std::fmt::Write as _;

/// One word line's ten columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub cols: [String; 10],
}

/// Column indexes of a [`Row`].
pub mod col {
    pub const ID: usize = 0;
    pub const FORM: usize = 1;
    pub const LEMMA: usize = 2;
    pub const UPOS: usize = 3;
    pub const XPOS: usize = 4;
    pub const FEATS: usize = 5;
    pub const HEAD: usize = 6;
    pub const DEPREL: usize = 7;
    pub const DEPS: usize = 8;
    pub const MISC: usize = 9;
}

/// A line of a sentence block, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Comment(String),
    /// The n-th word of [`Sentence::words`].
    Word(usize),
    /// A multiword-token range or an empty node, kept verbatim.
    Kept(String),
}

/// One sentence block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    pub lines: Vec<Line>,
    pub words: Vec<Row>,
    /// The line number (from 1) of the block's first line.
    pub line: usize,
}

/// What is wrong with a CoNLL-U text, and where.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConlluError {
    #[error("line {line}: expected 10 tab-separated columns, found {found}")]
    Columns { line: usize, found: usize },
    #[error(
        "line {line}: `{id}` is not a word id (a number such as 3, a range such as 3-4 or an empty node such as 8.1)"
    )]
    BadId { line: usize, id: String },
    #[error("line {line}: word id {found} where {expected} was expected (ids count 1, 2, 3, … in each sentence)")]
    Order {
        line: usize,
        found: usize,
        expected: usize,
    },
    #[error("line {line}: head `{head}` is not a word id of the sentence (0 to {words})")]
    BadHead {
        line: usize,
        head: String,
        words: usize,
    },
}

impl ConlluError {
    /// The line number (from 1) the error is on.
    pub fn line(&self) -> usize {
        match self {
            ConlluError::Columns { line, .. }
            | ConlluError::BadId { line, .. }
            | ConlluError::Order { line, .. }
            | ConlluError::BadHead { line, .. } => *line,
        }
    }
}

enum Id {
    Word(usize),
    Range,
    Empty,
}

fn parse_id(s: &str) -> Option<Id> {
    let num = |t: &str| -> Option<usize> {
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    if let Some((a, b)) = s.split_once('-') {
        let (a, b) = (num(a)?, num(b)?);
        return (a >= 1 && b > a).then_some(Id::Range);
    }
    if let Some((a, b)) = s.split_once('.') {
        num(a)?;
        return (num(b)? >= 1).then_some(Id::Empty);
    }
    num(s).filter(|&n| n >= 1).map(Id::Word)
}

/// Reads every sentence of a CoNLL-U text. Heads are not checked here
/// (input to be parsed may have `_`); see [`check_heads`].
pub fn read(text: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.strip_suffix('\r').unwrap_or(raw);
        if l.trim().is_empty() {
            if !cur.lines.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if cur.lines.is_empty() {
            cur.line = line;
        }
        if l.starts_with('#') {
            cur.lines.push(Line::Comment(l.to_string()));
            continue;
        }
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() != 10 {
            return Err(ConlluError::Columns {
                line,
                found: cols.len(),
            });
        }
        match parse_id(cols[0]) {
            None => {
                return Err(ConlluError::BadId {
                    line,
                    id: cols[0].to_string(),
                })
            }
            Some(Id::Range | Id::Empty) => cur.lines.push(Line::Kept(l.to_string())),
            Some(Id::Word(n)) => {
                let expected = cur.words.len() + 1;
                if n != expected {
                    return Err(ConlluError::Order {
                        line,
                        found: n,
                        expected,
                    });
                }
                cur.lines.push(Line::Word(cur.words.len()));
                cur.words.push(Row {
                    cols: std::array::from_fn(|c| cols[c].to_string()),
                });
            }
        }
    }
    if !cur.lines.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// The gold heads of a sentence (`None` for the root), checked: each is a
/// number from 0 to the word count.
pub fn check_heads(s: &Sentence) -> Result<Vec<Option<usize>>, ConlluError> {
    let n = s.words.len();
    let mut line_of = vec![s.line; n];
    for (k, l) in s.lines.iter().enumerate() {
        if let Line::Word(w) = l {
            line_of[*w] = s.line + k;
        }
    }
    s.words
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let h = &r.cols[col::HEAD];
            match h.parse::<usize>() {
                Ok(0) => Ok(None),
                Ok(v) if v <= n && h.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(v - 1)),
                _ => Err(ConlluError::BadHead {
                    line: line_of[i],
                    head: h.clone(),
                    words: n,
                }),
            }
        })
        .collect()
}

/// Writes sentences back, each line as it was except the word rows, each
/// block followed by a blank line.
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        write_sentence(s, &mut out);
    }
    out
}

/// Appends one sentence block and its blank line.
pub fn write_sentence(s: &Sentence, out: &mut String) {
    for l in &s.lines {
        match l {
            Line::Comment(c) | Line::Kept(c) => {
                out.push_str(c);
            }
            Line::Word(w) => {
                let _ = write!(out, "{}", s.words[*w].cols.join("\t"));
            }
        }
        out.push('\n');
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# text = I don't.\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
        1\tdo\t_\t_\t_\t_\t0\troot\t_\t_\n2\tn't\t_\t_\t_\t_\t1\tadvmod\t_\t_\n\
        2.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n\n";

    #[test]
    fn ranges_and_empty_nodes_are_kept_in_place() {
        let s = read(TEXT).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 2);
        assert_eq!(write(&s), TEXT);
        assert_eq!(check_heads(&s[0]).unwrap(), vec![None, Some(0)]);
    }

    #[test]
    fn bad_heads_name_their_line() {
        let t = "1\ta\t_\t_\t_\t_\t2\tx\t_\t_\n2\tb\t_\t_\t_\t_\t7\tx\t_\t_\n";
        let s = read(t).unwrap();
        assert_eq!(
            check_heads(&s[0]).unwrap_err().to_string(),
            "line 2: head `7` is not a word id of the sentence (0 to 2)"
        );
    }
}
