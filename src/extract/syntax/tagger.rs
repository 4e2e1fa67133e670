//! The part-of-speech tagger: greedy, left to right, an averaged perceptron
//! over hashed features of the word, its affixes and shape, its neighbours,
//! the two tags before it and the ambiguity classes (tags seen in training)
//! of the words around it. A tag is a UPOS and Penn tag pair (`VERB VBD`).
//! Frequent words that always had one tag take it without scoring.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use super::clusters::{Clusters, LEVELS};
use super::Upos;
use crate::learn::hash::{key, key_ids};
use crate::learn::{argmax, Perceptron, Weights};

/// What training saw of one word form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DictEntry {
    /// Bit `u` set for each UPOS `u` the form had (share ≥ 5 %), plus bit 20.
    pub class: u32,
    /// The most frequent tag.
    pub best: u16,
    /// Frequent and (nearly) always `best`: tagged without scoring.
    pub sure: bool,
}

/// A trained tagger.
#[derive(Clone, Debug, PartialEq)]
pub struct Tagger {
    /// Tags as `UPOS XPOS` (`NOUN NNS`).
    pub tags: Vec<String>,
    upos: Vec<Upos>,
    pub dict: HashMap<String, DictEntry>,
    /// The first pass (left context only).
    pub weights: Weights,
    /// The second pass, which also sees the first pass's tags of the words
    /// to the right.
    pub second: Option<Weights>,
    /// Word classes learned from unlabelled text, read as features when
    /// present.
    pub clusters: Option<Arc<Clusters>>,
}

/// Per-word hashed atoms, made once per sentence.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Atoms {
    pub w: u32,
    suf: [u32; 4],
    pre: [u32; 3],
    shape: u32,
    pub cls: u32,
    flags: u32,
    /// The form as written (case kept).
    raw: u32,
    /// The dictionary's most frequent tag (+1; 0 if unknown).
    best: u32,
    pub sure: Option<u16>,
    /// Feature ids of the word's classes (coarse to fine).
    c: [u32; LEVELS],
}

const PAD_START: Atoms = Atoms {
    w: 1,
    suf: [1; 4],
    pre: [1; 3],
    shape: 1,
    cls: 1,
    flags: 1,
    raw: 1,
    best: 1,
    sure: None,
    c: [1; LEVELS],
};
const PAD_END: Atoms = Atoms {
    w: 2,
    suf: [2; 4],
    pre: [2; 3],
    shape: 2,
    cls: 2,
    flags: 2,
    raw: 2,
    best: 2,
    sure: None,
    c: [2; LEVELS],
};

/// A 32-bit id of a string (for [`key_ids`]).
#[inline]
pub(crate) fn id(template: u32, s: &str) -> u32 {
    ((key(template, s) >> 32) as u32) | 8
}

/// The form as features see it: lower case, straight apostrophes, every
/// digit `0`.
pub(crate) fn normalize(form: &str, out: &mut String) {
    out.clear();
    for c in form.chars() {
        match c {
            '0'..='9' => out.push('0'),
            '\u{2019}' | '\u{2018}' => out.push('\''),
            '\u{201C}' | '\u{201D}' => out.push('"'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

fn shape(form: &str, out: &mut String) {
    out.clear();
    let mut last = ' ';
    let mut run = 0;
    for c in form.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        run = if s == last { run + 1 } else { 1 };
        last = s;
        if run <= 2 {
            out.push(s);
        }
    }
}

/// The atoms of every word of a sentence.
pub(crate) fn atoms(
    forms: &[&str],
    dict: &HashMap<String, DictEntry>,
    clusters: Option<&Clusters>,
) -> Vec<Atoms> {
    let mut norm = String::new();
    let mut sh = String::new();
    // A headline or a list of names: most words capitalised.
    let caps = forms
        .iter()
        .filter(|f| f.chars().next().is_some_and(char::is_uppercase))
        .count();
    let headline = ((caps * 5 > forms.len() * 3 && forms.len() > 2) as u32) << 5;
    let mut out: Vec<Atoms> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| {
            normalize(f, &mut norm);
            shape(f, &mut sh);
            let chars: Vec<(usize, char)> = norm.char_indices().collect();
            let n = chars.len();
            let suf = std::array::from_fn(|k| {
                let b = if k < n { chars[n - 1 - k].0 } else { 0 };
                id(20 + k as u32, &norm[b..])
            });
            let pre = std::array::from_fn(|k| {
                let e = if k + 1 < n {
                    chars[k + 1].0
                } else {
                    norm.len()
                };
                id(30 + k as u32, &norm[..e])
            });
            let d = dict.get(norm.as_str());
            let first = f.chars().next().unwrap_or(' ');
            let flags = (i == 0) as u32
                | (first.is_uppercase() as u32) << 1
                | (f.chars().all(|c| !c.is_lowercase()) as u32) << 2
                | (f.contains(|c: char| c.is_ascii_digit()) as u32) << 3
                | (f.contains('-') as u32) << 4;
            Atoms {
                w: id(10, &norm),
                suf,
                pre,
                shape: id(11, &sh),
                cls: d.map_or(3, |d| d.class),
                flags,
                raw: id(12, f),
                best: d.map_or(0, |d| d.best as u32 + 3),
                sure: d.filter(|d| d.sure).map(|d| d.best),
                c: clusters.map_or([0; LEVELS], |c| c.feature_ids(&norm)),
            }
        })
        .collect();
    for a in &mut out {
        a.flags |= headline;
    }
    out
}

#[inline]
fn at(a: &[Atoms], i: isize) -> &Atoms {
    if i < 0 {
        &PAD_START
    } else {
        a.get(i as usize).unwrap_or(&PAD_END)
    }
}

/// The features of word `i`, given the tags (+1, 0 for none) of the two
/// words before it; with `cl`, those of the word classes too.
pub(crate) fn features(a: &[Atoms], i: usize, t1: u32, t2: u32, cl: bool, out: &mut Vec<u64>) {
    out.clear();
    let i = i as isize;
    let (m2, m1, w0, p1, p2) = (
        at(a, i - 2),
        at(a, i - 1),
        at(a, i),
        at(a, i + 1),
        at(a, i + 2),
    );
    let mut f = |t: u32, ids: &[u32]| out.push(key_ids(t, ids));
    f(1, &[]);
    f(2, &[w0.w]);
    f(3, &[m1.w]);
    f(4, &[p1.w]);
    f(5, &[m2.w]);
    f(6, &[p2.w]);
    for k in 0..4 {
        f(7 + k as u32, &[w0.suf[k]]);
    }
    for k in 0..3 {
        f(11 + k as u32, &[w0.pre[k]]);
    }
    f(14, &[w0.shape]);
    f(15, &[m1.shape, w0.shape]);
    f(16, &[p1.shape]);
    f(17, &[t1]);
    f(18, &[t2, t1]);
    f(19, &[t1, w0.w]);
    f(20, &[t1, w0.suf[2]]);
    f(21, &[m1.suf[2]]);
    f(22, &[p1.suf[2]]);
    f(23, &[w0.cls]);
    f(24, &[p1.cls]);
    f(25, &[p2.cls]);
    f(26, &[t1, p1.cls]);
    f(27, &[w0.cls, p1.cls]);
    f(28, &[w0.w, p1.w]);
    f(29, &[m1.w, w0.w]);
    f(30, &[w0.flags]);
    f(31, &[w0.flags, w0.suf[1]]);
    f(32, &[t1, w0.cls]);
    f(33, &[w0.cls, p1.cls, p2.cls]);
    f(34, &[t1, p1.w]);
    f(35, &[m1.cls, w0.cls]);
    f(36, &[p1.suf[1], w0.suf[2]]);
    f(37, &[w0.raw]);
    f(38, &[p1.best]);
    f(39, &[t1, p1.best]);
    f(40, &[w0.flags & 3, w0.suf[2]]);
    f(41, &[p2.best]);
    f(42, &[t1, w0.cls, p1.best]);
    f(43, &[m1.w, w0.suf[2]]);
    f(44, &[w0.w, p1.best]);
    f(45, &[m1.flags & 7, w0.flags & 63, p1.flags & 7]);
    f(46, &[w0.flags & 63, w0.cls]);
    f(47, &[t1, w0.flags & 63]);
    f(48, &[w0.flags & 63, w0.suf[3]]);
    if cl {
        cluster_features(m1, w0, p1, t1, out);
    }
}

/// The word classes of the word and its neighbours, and the word's with
/// the previous tag (few templates: each reads a dense row).
fn cluster_features(m1: &Atoms, w0: &Atoms, p1: &Atoms, t1: u32, out: &mut Vec<u64>) {
    let mut f = |t: u32, ids: &[u32]| out.push(key_ids(t, ids));
    f(80, &[w0.c[1]]);
    f(81, &[w0.c[2]]);
    f(82, &[m1.c[1]]);
    f(83, &[p1.c[1]]);
    f(84, &[t1, w0.c[1]]);
}

impl Tagger {
    /// A tagger from its parts (tags as `UPOS XPOS`).
    pub fn new(
        tags: Vec<String>,
        dict: HashMap<String, DictEntry>,
        weights: Weights,
        second: Option<Weights>,
    ) -> Tagger {
        let upos = tags.iter().map(|t| upos_of(t)).collect();
        Tagger {
            tags,
            upos,
            dict,
            weights,
            second,
            clusters: None,
        }
    }

    /// The tagger reading word classes as features.
    pub fn with_clusters(self, clusters: Option<Arc<Clusters>>) -> Tagger {
        Tagger { clusters, ..self }
    }

    pub fn upos(&self, tag: usize) -> Upos {
        self.upos[tag]
    }

    /// Whether the dictionary has seen `form` as a verb (in 5 % of its
    /// uses or more).
    pub fn seen_as_verb(&self, form: &str) -> bool {
        let mut norm = String::new();
        normalize(form, &mut norm);
        self.dict
            .get(norm.as_str())
            .is_some_and(|d| d.class & (1 << (Upos::Verb as u32)) != 0)
    }

    /// The index of a tag written `UPOS XPOS` (`VERB VBZ`).
    pub fn tag_index(&self, tag: &str) -> Option<usize> {
        self.tags.iter().position(|t| t == tag)
    }

    pub fn xpos(&self, tag: usize) -> &str {
        self.tags[tag].split_once(' ').map_or("_", |(_, x)| x)
    }

    /// The best tag of every word.
    pub fn tag(&self, forms: &[&str]) -> Vec<usize> {
        let a = atoms(forms, &self.dict, self.clusters.as_deref());
        let first = self.pass(&a, &self.weights, None);
        match &self.second {
            Some(w) => self.pass(&a, w, Some(&first)),
            None => first,
        }
    }

    /// The first pass alone.
    pub fn tag_first(&self, forms: &[&str]) -> Vec<usize> {
        let a = atoms(forms, &self.dict, self.clusters.as_deref());
        self.pass(&a, &self.weights, None)
    }

    fn pass(&self, a: &[Atoms], w: &Weights, first: Option<&[usize]>) -> Vec<usize> {
        let mut tags = Vec::with_capacity(a.len());
        let mut feats = Vec::with_capacity(64);
        let mut scores = vec![0.0f32; self.tags.len()];
        let cl = self.clusters.is_some();
        for i in 0..a.len() {
            let t = match a[i].sure {
                Some(t) => t as usize,
                None => {
                    let (t1, t2) = prev_tags(&tags, i);
                    features(a, i, t1, t2, cl, &mut feats);
                    if let Some(f) = first {
                        features2(a, i, t1, f, &mut feats);
                    }
                    w.scores(&feats, &mut scores);
                    argmax(&scores, |_| true).unwrap_or(0)
                }
            };
            tags.push(t);
        }
        tags
    }
}

/// The second pass's extra features: the first pass's tags around `i`.
pub(crate) fn features2(a: &[Atoms], i: usize, t1: u32, first: &[usize], out: &mut Vec<u64>) {
    let ft = |k: isize| -> u32 {
        if k < 0 {
            0
        } else {
            first.get(k as usize).map_or(1, |&t| t as u32 + 2)
        }
    };
    let k = i as isize;
    let (f0, f1, f2) = (ft(k), ft(k + 1), ft(k + 2));
    let w0 = &a[i];
    let mut f = |t: u32, ids: &[u32]| out.push(key_ids(t, ids));
    f(60, &[f0]);
    f(61, &[f1]);
    f(62, &[f2]);
    f(63, &[f1, f2]);
    f(64, &[t1, f1]);
    f(65, &[f0, f1]);
    f(66, &[w0.w, f1]);
    f(67, &[t1, f0, f1]);
    f(68, &[w0.suf[2], f1]);
    f(69, &[w0.w, f0]);
}

/// The tags (+1) of the two words before `i`; 0 before the start.
#[inline]
pub(crate) fn prev_tags(tags: &[usize], i: usize) -> (u32, u32) {
    let t1 = if i >= 1 { tags[i - 1] as u32 + 1 } else { 0 };
    let t2 = if i >= 2 { tags[i - 2] as u32 + 1 } else { 0 };
    (t1, t2)
}

/// The UPOS of a `UPOS XPOS` tag (`X` if unknown).
pub fn upos_of(tag: &str) -> Upos {
    Upos::parse(tag.split(' ').next().unwrap_or("")).unwrap_or(Upos::X)
}

/// A tagged sentence for training.
#[derive(Clone, Debug)]
pub struct TagExample {
    pub forms: Vec<String>,
    pub tags: Vec<usize>,
}

/// The form dictionary of a training set: the forms seen at least
/// `min_count` times. Rarer forms are left out so that the tagger trains on
/// words it has no entry for, as it meets them when reading: with every
/// form in, the features of unknown words never learn and a sentence's
/// first, unknown name takes the tag of a function word with its suffix or
/// prefix (`Boris` AUX as `is`).
pub fn build_dict(
    data: &[TagExample],
    n_tags: usize,
    upos: &[Upos],
    min_count: u32,
) -> HashMap<String, DictEntry> {
    let mut counts: HashMap<String, Vec<u32>> = HashMap::new();
    let mut norm = String::new();
    for s in data {
        for (f, &t) in s.forms.iter().zip(&s.tags) {
            normalize(f, &mut norm);
            counts
                .entry(norm.clone())
                .or_insert_with(|| vec![0; n_tags])[t] += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, c)| c.iter().sum::<u32>() >= min_count)
        .map(|(w, c)| {
            let total: u32 = c.iter().sum();
            let best = (0..n_tags)
                .max_by_key(|&t| (c[t], std::cmp::Reverse(t)))
                .unwrap_or(0);
            let mut class = 1 << 20;
            for (t, &k) in c.iter().enumerate() {
                if k > 0 && k * 20 >= total {
                    class |= 1 << (upos[t] as u32);
                }
            }
            let sure = total >= 20 && c[best] as f64 >= 0.995 * total as f64;
            (
                w,
                DictEntry {
                    class,
                    best: best as u16,
                    sure,
                },
            )
        })
        .collect()
}

/// One pass of tagger training over `order`; returns the share of words
/// tagged right. With `first` (a first pass's tags of each sentence, made
/// by taggers that did not see it), trains the second pass; with
/// `clusters`, the features read the words' classes.
pub fn train_epoch(
    model: &mut Perceptron,
    dict: &HashMap<String, DictEntry>,
    data: &[TagExample],
    order: &[usize],
    first: Option<&[Vec<usize>]>,
    clusters: Option<&Clusters>,
) -> f64 {
    let mut feats = Vec::with_capacity(48);
    let mut scores = vec![0.0f32; model.n_classes()];
    let (mut right, mut total) = (0usize, 0usize);
    for &k in order {
        let s = &data[k];
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        let a = atoms(&forms, dict, clusters);
        let mut tags = Vec::with_capacity(forms.len());
        for i in 0..forms.len() {
            let guess = match a[i].sure {
                Some(t) => t as usize,
                None => {
                    let (t1, t2) = prev_tags(&tags, i);
                    features(&a, i, t1, t2, clusters.is_some(), &mut feats);
                    if let Some(f) = first {
                        features2(&a, i, t1, &f[k], &mut feats);
                    }
                    model.scores(&feats, &mut scores);
                    let g = argmax(&scores, |_| true).unwrap_or(0);
                    model.update(&feats, s.tags[i], g);
                    g
                }
            };
            right += (guess == s.tags[i]) as usize;
            total += 1;
            tags.push(guess);
        }
    }
    right as f64 / total.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_leaves_out_rare_forms() {
        let ex = |forms: &[&str], tags: &[usize]| TagExample {
            forms: forms.iter().map(|f| f.to_string()).collect(),
            tags: tags.to_vec(),
        };
        let data = [
            ex(&["The", "talks", "ended"], &[0, 1, 2]),
            ex(&["the", "Talks", "resumed"], &[0, 1, 2]),
            ex(&["THE", "envoy", "left"], &[0, 1, 2]),
        ];
        let upos = [Upos::Det, Upos::Noun, Upos::Verb];
        let dict = build_dict(&data, 3, &upos, 2);
        let mut kept: Vec<&str> = dict.keys().map(String::as_str).collect();
        kept.sort();
        assert_eq!(kept, ["talks", "the"]);
        assert_eq!(dict["the"].best, 0);
        assert_eq!(build_dict(&data, 3, &upos, 1).len(), 6);
    }
}
