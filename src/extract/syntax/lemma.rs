//! Lemmas: a table learned from the treebank (in the model file), then the
//! exception list `lexicon/lemmas.tsv` (irregular verbs and nouns,
//! pronouns, contractions), then suffix rules keyed on the Penn tag.

use foldhash::HashMap;

use super::Upos;

/// The built-in exception list.
pub const EXCEPTIONS_FILE: &str = include_str!("../../../lexicon/lemmas.tsv");

/// Penn Treebank tags an exception may name (or `*` for any).
const PTB_TAGS: &[&str] = &[
    "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NN", "NNS", "NNP", "NNPS",
    "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG",
    "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "*",
];

/// What is wrong with a line of the exception list.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{file} line {line}: {msg}")]
pub struct LemmaFileError {
    pub file: String,
    pub line: usize,
    pub msg: String,
}

/// The lemmatiser: learned table, exceptions, rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lemmatizer {
    /// `form<TAB>xpos` (form in lower case) to lemma, from the treebank.
    pub learned: HashMap<String, String>,
    /// The same from the exception list; xpos may be `*`.
    exceptions: HashMap<String, String>,
}

impl Lemmatizer {
    /// The built-in exceptions and a learned table.
    pub fn new(learned: HashMap<String, String>) -> Lemmatizer {
        Lemmatizer {
            learned,
            exceptions: parse_exceptions("lexicon/lemmas.tsv", EXCEPTIONS_FILE)
                .expect("the built-in lemma list is checked by a test"),
        }
    }

    /// The lemma of a word with its tags.
    pub fn lemma(&self, form: &str, upos: Upos, xpos: &str) -> String {
        let lower = form.to_lowercase().replace('\u{2019}', "'");
        let mut k = String::with_capacity(lower.len() + 6);
        k.push_str(&lower);
        k.push('\t');
        k.push_str(xpos);
        if let Some(l) = self.learned.get(&k) {
            return l.clone();
        }
        if let Some(l) = self.exceptions.get(&k) {
            return l.clone();
        }
        k.truncate(lower.len() + 1);
        k.push('*');
        if let Some(l) = self.exceptions.get(&k) {
            return l.clone();
        }
        rule(form, &lower, upos, xpos)
    }
}

/// Reads an exception list: `form<TAB>penn-tag-or-*<TAB>lemma` lines,
/// `#` comments.
pub fn parse_exceptions(file: &str, text: &str) -> Result<HashMap<String, String>, LemmaFileError> {
    let mut out = HashMap::default();
    for (i, line) in text.lines().enumerate() {
        let err = |msg: String| LemmaFileError {
            file: file.to_string(),
            line: i + 1,
            msg,
        };
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 3 || cols.iter().any(|c| c.trim().is_empty()) {
            return Err(err(
                "expected three tab-separated columns: form, tag, lemma".into(),
            ));
        }
        if !PTB_TAGS.contains(&cols[1]) {
            return Err(err(format!(
                "`{}` is no Penn Treebank tag (nor `*`)",
                cols[1]
            )));
        }
        if cols[0] != cols[0].to_lowercase() {
            return Err(err(format!("form `{}` must be lower case", cols[0])));
        }
        let key = format!("{}\t{}", cols[0], cols[1]);
        if out.insert(key, cols[2].to_string()).is_some() {
            return Err(err(format!("`{}` `{}` is listed twice", cols[0], cols[1])));
        }
    }
    Ok(out)
}

/// The suffix rules.
pub fn rule(form: &str, lower: &str, upos: Upos, xpos: &str) -> String {
    if matches!(upos, Upos::Propn | Upos::Num | Upos::Punct | Upos::Sym) {
        return form.to_string();
    }
    let w = lower;
    let n = w.len();
    let out = match xpos {
        "NNS" => noun_singular(w),
        "VBZ" => strip_s(w),
        "VBG" if n > 5 && w.ends_with("ing") => restore(&w[..n - 3]),
        "VBD" | "VBN" if n > 4 && w.ends_with("ied") => format!("{}y", &w[..n - 3]),
        // `freed`, `guaranteed`: a stem in `ee` takes only `d`.
        "VBD" | "VBN" if n > 4 && w.ends_with("eed") => w[..n - 1].to_string(),
        "VBD" | "VBN" if n > 3 && w.ends_with("ed") => restore(&w[..n - 2]),
        "JJR" | "RBR" if n > 4 && w.ends_with("ier") => format!("{}y", &w[..n - 3]),
        "JJS" | "RBS" if n > 5 && w.ends_with("iest") => format!("{}y", &w[..n - 4]),
        "JJR" | "RBR" if n > 4 && w.ends_with("er") => undouble(&w[..n - 2]),
        "JJS" | "RBS" if n > 5 && w.ends_with("est") => undouble(&w[..n - 3]),
        _ => w.to_string(),
    };
    if form == "I" {
        return "I".into();
    }
    out
}

fn noun_singular(w: &str) -> String {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    if n > 3 && w.ends_with("men") {
        return format!("{}man", &w[..n - 3]);
    }
    strip_s(w)
}

fn strip_s(w: &str) -> String {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    for suf in ["sses", "ches", "shes", "xes", "zzes", "oes"] {
        if n > suf.len() + 1 && w.ends_with(suf) {
            return w[..n - 2].to_string();
        }
    }
    if n > 2 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        return w[..n - 1].to_string();
    }
    w.to_string()
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// A doubled final consonant undone (`stopp` -> `stop`), except `ll`,
/// `ss`, `ff`, `zz`.
fn undouble(s: &str) -> String {
    let b = s.as_bytes();
    let n = b.len();
    if n > 2 && b[n - 1] == b[n - 2] && !is_vowel(b[n - 1]) && !b"lsfz".contains(&b[n - 1]) {
        return s[..n - 1].to_string();
    }
    s.to_string()
}

/// The verb stem before `-ed` or `-ing`: undoubled, or with its silent `e`
/// back (`mak` -> `make`, `us` -> `use`, `argu` -> `argue`, `toppl` ->
/// `topple`).
fn restore(s: &str) -> String {
    let u = undouble(s);
    if u.len() < s.len() {
        return u;
    }
    let b = s.as_bytes();
    let n = b.len();
    let last = b[n - 1];
    let short_cvc = (n == 3 && !is_vowel(b[0]) && is_vowel(b[1]) && !is_vowel(last))
        || (n == 2 && is_vowel(b[0]) && !is_vowel(last));
    let e_after = matches!(last, b'v' | b'z' | b'u' | b'c')
        || (last == b'g' && n > 1 && b[n - 2] != b'n')
        || (n > 4 && s.ends_with("at"))
        // No English word ends in a stop and `l`: `toppl`, `handl`, `tackl`.
        || (last == b'l' && n > 2 && b"bcdfgkptz".contains(&b[n - 2]))
        // One vowel before a final `b` or `m` (`ascrib`, `prob`, `blam`,
        // `consum`); not `o` before `m` (`blossom`), nor two vowels
        // (`claim`, `seem`).
        || (n > 3
            && !is_vowel(b[n - 3])
            && match last {
                b'b' => is_vowel(b[n - 2]),
                b'm' => matches!(b[n - 2], b'a' | b'i' | b'u'),
                _ => false,
            })
        || (last == b's'
            && n > 3
            && is_vowel(b[n - 2])
            && (!s.ends_with("us") || s.ends_with("aus")))
        || (short_cvc && !matches!(last, b'w' | b'x' | b'y'));
    if e_after {
        format!("{s}e")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_exceptions() {
        let l = Lemmatizer::new(HashMap::default());
        let cases = [
            ("criticised", Upos::Verb, "VBN", "criticise"),
            ("stopped", Upos::Verb, "VBD", "stop"),
            ("making", Upos::Verb, "VBG", "make"),
            ("carried", Upos::Verb, "VBD", "carry"),
            ("toppled", Upos::Verb, "VBD", "topple"),
            ("handling", Upos::Verb, "VBG", "handle"),
            ("curled", Upos::Verb, "VBD", "curl"),
            ("blamed", Upos::Verb, "VBN", "blame"),
            ("ascribed", Upos::Verb, "VBN", "ascribe"),
            ("consuming", Upos::Verb, "VBG", "consume"),
            ("claimed", Upos::Verb, "VBD", "claim"),
            ("blossomed", Upos::Verb, "VBD", "blossom"),
            ("bombed", Upos::Verb, "VBD", "bomb"),
            ("freed", Upos::Verb, "VBD", "free"),
            ("guaranteed", Upos::Verb, "VBN", "guarantee"),
            ("went", Upos::Verb, "VBD", "go"),
            ("was", Upos::Aux, "VBD", "be"),
            ("n't", Upos::Part, "RB", "not"),
            ("countries", Upos::Noun, "NNS", "country"),
            ("churches", Upos::Noun, "NNS", "church"),
            ("children", Upos::Noun, "NNS", "child"),
            ("women", Upos::Noun, "NNS", "woman"),
            ("Talks", Upos::Noun, "NNS", "talk"),
            ("bigger", Upos::Adj, "JJR", "big"),
            ("Paris", Upos::Propn, "NNP", "Paris"),
            ("him", Upos::Pron, "PRP", "he"),
        ];
        for (f, u, x, want) in cases {
            assert_eq!(l.lemma(f, u, x), want, "{f}");
        }
    }

    #[test]
    fn exception_list_errors_name_the_line() {
        let e = parse_exceptions("x.tsv", "# c\nwent\tVBD\tgo\nran\tVBX\trun\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.tsv line 3: `VBX` is no Penn Treebank tag (nor `*`)"
        );
        let e = parse_exceptions("x.tsv", "went\tgo\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.tsv line 1: expected three tab-separated columns: form, tag, lemma"
        );
    }
}
