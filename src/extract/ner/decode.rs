//! Greedy left-to-right decoding over BILOU tags, shared by run time and
//! training (which is why the walk is a type: the trainer decides each tag
//! with its own scores and updates in between).
//!
//! Why greedy and not Viterbi: with the previous tags, the previous tag and
//! the word, and the labels given earlier in the document as features, a
//! greedy labeller reads richer context than a first-order Viterbi decoder
//! can afford, at a fraction of the cost. On the CoNLL-2003 development
//! split greedy decoding scored as well as Viterbi over the same token
//! features (see `models/README.md`), as Ratinov and Roth (2009) found.
//!
//! Two rules keep it fast and well-formed: a token with no capital letter,
//! outside a name and before another such token, is `O` without being
//! scored (lower-case words begin no names: three quarters of news text);
//! and only tags that continue the sequence validly are chosen (`I`/`L`
//! after `B`/`I` of the same kind, a name closed by the sentence's end).

use foldhash::{HashMap, HashMapExt};

use super::features::{
    dynamic_features, static_features, Prepared, SentInfo, TokenInfo, HAS_DIGIT, HAS_UPPER,
};
use super::{class, tag_of, Kind, NameSpan, Pos, N_CLASSES, O};
use crate::learn::{argmax, Weights};

/// The walk over one document's tokens.
pub(crate) struct Walker<'d, 'a> {
    pub doc: &'d Prepared<'a>,
    pub tags: Vec<u8>,
    /// Per word (hash): how often it was labelled O, PER, ORG, LOC, MISC
    /// earlier in the document, outside headlines.
    history: HashMap<u64, [u16; 5]>,
    /// Whether plain words are held to joining capitalised ones (see
    /// [`Walker::allowed`]). Training leaves them free: the model learns
    /// better from every decision (CoNLL-2003 development F1 91.1 against
    /// 89.0 held), and the rule is applied when it reads.
    pub strict: bool,
}

impl<'d, 'a> Walker<'d, 'a> {
    pub fn new(doc: &'d Prepared<'a>) -> Self {
        Walker {
            doc,
            tags: vec![O; doc.info.len()],
            history: HashMap::new(),
            strict: true,
        }
    }

    fn prev(&self, s: &SentInfo, i: usize, back: usize) -> u8 {
        if i >= s.start + back {
            self.tags[i - back]
        } else {
            O
        }
    }

    fn inside(tag: u8) -> Option<Kind> {
        match tag_of(tag) {
            Some((k, Pos::B | Pos::I)) => Some(k),
            _ => None,
        }
    }

    /// Whether token `i` is `O` without scoring.
    pub fn fast_o(&self, s: &SentInfo, i: usize) -> bool {
        let info = &self.doc.info;
        info[i].flags & HAS_UPPER == 0
            && Self::inside(self.prev(s, i, 1)).is_none()
            && (i + 1 >= s.end || info[i + 1].flags & HAS_UPPER == 0)
    }

    /// The tags allowed at token `i`, as a bit mask over classes. Inside a
    /// name: its continuation (`I`, or `L` to close it) or anything that
    /// may follow a closed name (which then closes it one token earlier:
    /// see [`Walker::commit`]), so one doubtful `B` cannot drag a name on.
    /// A word with no capital letter or digit (`of`, `van`, `&`) only joins
    /// capitalised words: it is no name alone (`U`), never ends one (`L`),
    /// and starts or continues one only before a capitalised word.
    pub fn allowed(&self, s: &SentInfo, i: usize) -> u32 {
        let info = &self.doc.info;
        let plain = |t: &TokenInfo| self.strict && t.flags & (HAS_UPPER | HAS_DIGIT) == 0;
        let here = !plain(&info[i]);
        let joins = i + 1 < s.end && !plain(&info[i + 1]);
        let mut m = 1 << O;
        for k in Kind::ALL {
            if here {
                m |= 1 << class(k, Pos::U);
            }
            if here && i + 1 < s.end || joins {
                m |= 1 << class(k, Pos::B);
            }
        }
        if let Some(k) = Self::inside(self.prev(s, i, 1)) {
            if here {
                m |= 1 << class(k, Pos::L);
            }
            if here && i + 1 < s.end || joins {
                m |= 1 << class(k, Pos::I);
            }
        }
        m
    }

    fn history_code(&self, i: usize) -> u32 {
        let t = &self.doc.info[i];
        if t.flags & HAS_UPPER == 0 {
            return 0;
        }
        match self.history.get(&t.word) {
            Some(c) => {
                let best = (0..5).fold(0, |b, k| if c[k] > c[b] { k } else { b });
                1 + best as u32
            }
            None => 0,
        }
    }

    /// Every feature of token `i`.
    pub fn features(&self, s: &SentInfo, i: usize, out: &mut Vec<u64>) {
        out.clear();
        static_features(self.doc, s, i, out);
        let next = if i + 1 < s.end {
            self.history_code(i + 1)
        } else {
            0
        };
        dynamic_features(
            &self.doc.info[i],
            self.prev(s, i, 1),
            self.prev(s, i, 2),
            self.history_code(i),
            next,
            out,
        );
    }

    /// Gives token `i` its tag; a name that ends here is remembered. A tag
    /// that does not continue the name before closes it at `i - 1`.
    pub fn commit(&mut self, s: &SentInfo, i: usize, tag: u8) {
        if let Some(k) = Self::inside(self.prev(s, i, 1)) {
            let continues = matches!(tag_of(tag), Some((c, Pos::I | Pos::L)) if c == k);
            if !continues {
                let closed = match tag_of(self.tags[i - 1]) {
                    Some((_, Pos::B)) => class(k, Pos::U),
                    _ => class(k, Pos::L),
                };
                self.record(s, i - 1, closed);
            }
        }
        self.record(s, i, tag);
    }

    fn record(&mut self, s: &SentInfo, i: usize, tag: u8) {
        self.tags[i] = tag;
        if s.headline {
            return;
        }
        // The tokens of the name (or the `O` word) just finished, and the
        // slot of its kind in each word's counts.
        let (start, slot) = match tag_of(tag) {
            None => (i, 0),
            Some((k, Pos::L | Pos::U)) => {
                let mut j = i;
                while j > s.start && Self::inside(self.tags[j - 1]).is_some() {
                    j -= 1;
                    if matches!(tag_of(self.tags[j]), Some((_, Pos::B))) {
                        break;
                    }
                }
                (j, 1 + k as usize)
            }
            _ => return,
        };
        for t in &self.doc.info[start..=i] {
            if t.flags & HAS_UPPER != 0 {
                let c = self.history.entry(t.word).or_default();
                c[slot] = c[slot].saturating_add(1);
            }
        }
    }
}

/// The best allowed class and its margin over the next best.
pub(crate) fn choose(scores: &[f32], allowed: u32) -> (u8, f32) {
    let best = argmax(scores, |c| allowed & (1 << c) != 0).unwrap_or(0);
    let second = argmax(scores, |c| c != best && allowed & (1 << c) != 0);
    let margin = second.map_or(f32::INFINITY, |s| scores[best] - scores[s]);
    (best as u8, margin)
}

/// Labels a document with frozen weights.
pub(crate) fn run(weights: &Weights, doc: &Prepared) -> Vec<NameSpan> {
    let mut walk = Walker::new(doc);
    let mut margins = vec![f32::INFINITY; doc.info.len()];
    let mut feats = Vec::with_capacity(64);
    let mut scores = [0f32; N_CLASSES];
    for s in &doc.sentences {
        for (i, margin) in margins.iter_mut().enumerate().take(s.end).skip(s.start) {
            if walk.fast_o(s, i) {
                walk.commit(s, i, O);
                continue;
            }
            walk.features(s, i, &mut feats);
            weights.scores(&feats, &mut scores);
            let (tag, m) = choose(&scores, walk.allowed(s, i));
            *margin = m;
            walk.commit(s, i, tag);
        }
    }
    spans(&walk.tags, &margins)
}

/// The names a tag sequence holds.
pub(crate) fn spans(tags: &[u8], margins: &[f32]) -> Vec<NameSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match tag_of(t) {
            Some((k, Pos::B)) => open = Some((i, k)),
            Some((k, Pos::I)) => {
                if open.is_none_or(|(_, ok)| ok != k) {
                    open = Some((i, k));
                }
            }
            Some((k, Pos::L)) => {
                let start = match open {
                    Some((s, ok)) if ok == k => s,
                    _ => i,
                };
                out.push(span(start, i + 1, k, margins));
                open = None;
            }
            Some((k, Pos::U)) => {
                out.push(span(i, i + 1, k, margins));
                open = None;
            }
            None => open = None,
        }
    }
    out
}

fn span(start: usize, end: usize, kind: Kind, margins: &[f32]) -> NameSpan {
    let score = margins[start..end]
        .iter()
        .copied()
        .fold(f32::INFINITY, f32::min);
    NameSpan {
        start,
        end,
        kind,
        score: if score.is_finite() { score } else { 0.0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_bilou_and_take_the_smallest_margin() {
        let b = |k, p| class(k, p);
        let tags = [
            O,
            b(Kind::Per, Pos::B),
            b(Kind::Per, Pos::L),
            O,
            b(Kind::Org, Pos::U),
            b(Kind::Loc, Pos::B),
            b(Kind::Loc, Pos::I),
            b(Kind::Loc, Pos::L),
        ];
        let margins = [9.0, 2.0, 1.5, 9.0, 3.0, 4.0, 0.5, 4.0];
        let got: Vec<(usize, usize, Kind, f32)> = spans(&tags, &margins)
            .into_iter()
            .map(|s| (s.start, s.end, s.kind, s.score))
            .collect();
        assert_eq!(
            got,
            [
                (1, 3, Kind::Per, 1.5),
                (4, 5, Kind::Org, 3.0),
                (5, 8, Kind::Loc, 0.5)
            ]
        );
    }

    #[test]
    fn choice_respects_the_mask() {
        let mut s = [0.0f32; N_CLASSES];
        s[3] = 5.0;
        s[0] = 1.0;
        assert_eq!(choose(&s, 1 | 1 << 3), (3, 4.0));
        assert_eq!(choose(&s, 1), (0, f32::INFINITY));
    }
}
