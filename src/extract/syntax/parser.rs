//! The dependency parser: greedy arc-eager transitions (with the root at
//! the end of the buffer), scored by an averaged perceptron over the rich
//! non-local features of Zhang and Nivre (2011): words and tags of the
//! stack, buffer, heads and outer children, distance, valency and the label
//! sets of the children. Trained with a dynamic oracle (Goldberg and Nivre,
//! 2012) that explores the parser's own mistakes.
//!
//! The moves are monotonic (Nivre 2004) or non-monotonic (Honnibal,
//! Goldberg and Johnson, CoNLL 2013): a left arc may replace the head a
//! word on the stack already has, and a reduce of a headless word attaches
//! it to the word below it on the stack, with the right-arc label the model
//! preferred when the word was shifted. Both use the same moves and
//! features; the model file says which system it was trained for.

use std::sync::Arc;

use super::clusters::{Clusters, LEVELS};
use super::tagger::{id, normalize};
use crate::learn::hash::key_ids;
use crate::learn::{argmax, Perceptron, Weights};

const NONE: usize = usize::MAX;
const SHIFT: usize = 0;
const REDUCE: usize = 1;
/// The word id of the root token.
const ROOT_W: u32 = 5;

/// Heads (`None` = root) and labels of a sentence's words.
pub type Tree = (Vec<Option<usize>>, Vec<usize>);

/// The transition system: which moves are valid and what they do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Transitions {
    /// Arc-eager: a word's first head is final.
    #[default]
    Monotonic,
    /// Arc-eager where a left arc may replace the head of `s0` (not with
    /// the root token) and a reduce of a headless `s0` attaches it to `s1`.
    NonMonotonic,
}

/// A trained parser.
#[derive(Clone, Debug, PartialEq)]
pub struct Parser {
    /// Dependency labels (`nsubj`, `obl:agent`, …); one is `root`.
    pub labels: Vec<String>,
    pub weights: Weights,
    /// The transition system the weights were trained for.
    pub transitions: Transitions,
    /// Word classes learned from unlabelled text, read as features when
    /// present.
    pub clusters: Option<Arc<Clusters>>,
    root: usize,
    parataxis: usize,
    appos: usize,
}

/// The parse state.
#[derive(Clone, Debug)]
pub(crate) struct State {
    n: usize,
    /// Non-monotonic moves allowed.
    nm: bool,
    stack: Vec<usize>,
    b: usize,
    heads: Vec<usize>,
    labels: Vec<u8>,
    lc: Vec<[usize; 2]>,
    rc: Vec<[usize; 2]>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    /// Words attached to the root, in order of attachment.
    roots: Vec<usize>,
    /// The right-arc label the model preferred when each word was shifted:
    /// the label of a non-monotonic reduce.
    pushed: Vec<u8>,
}

impl State {
    fn new(n: usize, t: Transitions) -> State {
        State {
            n,
            nm: t == Transitions::NonMonotonic,
            stack: Vec::with_capacity(n),
            b: 0,
            heads: vec![NONE; n + 1],
            labels: vec![0; n + 1],
            lc: vec![[NONE; 2]; n + 1],
            rc: vec![[NONE; 2]; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
            roots: Vec::new(),
            pushed: vec![0; n + 1],
        }
    }

    fn done(&self) -> bool {
        self.b >= self.n && self.stack.is_empty()
    }

    fn s0(&self) -> usize {
        self.stack.last().copied().unwrap_or(NONE)
    }

    fn valid(&self, m: usize, nlab: usize, root: usize) -> bool {
        self.moves(nlab, root).allows(m)
    }

    /// Which moves are valid here.
    fn moves(&self, nlab: usize, root: usize) -> Valid {
        self.moves_of(self.nm, nlab, root)
    }

    /// Which moves are valid here in the monotonic (`nm` false) or the
    /// non-monotonic system.
    fn moves_of(&self, nm: bool, nlab: usize, root: usize) -> Valid {
        let s0 = self.s0();
        let (more, headless) = (self.b < self.n, s0 != NONE && self.heads[s0] == NONE);
        let below = self.stack.len() >= 2;
        Valid {
            nlab,
            root,
            shift: more,
            reduce: s0 != NONE && (!headless || (nm && below)),
            // A left arc to the root token takes the label `root`, and
            // only it; it never replaces a head.
            left: (headless || (nm && s0 != NONE)) && more,
            left_root: headless && !more,
            right: s0 != NONE && more,
        }
    }

    /// Notes the right-arc label the scores prefer for `n0` before a
    /// shift (the label a non-monotonic reduce of it will take).
    fn note_shift(&mut self, scores: &[f32], nlab: usize, root: usize) {
        if self.b < self.n {
            let rights = &scores[2 + nlab..2 + 2 * nlab];
            let best = argmax(rights, |l| l != root).unwrap_or(0);
            self.pushed[self.b] = best as u8;
        }
    }

    fn arc(&mut self, h: usize, d: usize, l: usize) {
        self.heads[d] = h;
        self.labels[d] = l as u8;
        let bit = 1u64 << (l & 63);
        if d < h {
            let c = &mut self.lc[h];
            if c[0] == NONE || d < c[0] {
                c[1] = c[0];
                c[0] = d;
            } else if c[1] == NONE || d < c[1] {
                c[1] = d;
            }
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            let c = &mut self.rc[h];
            if c[0] == NONE || d > c[0] {
                c[1] = c[0];
                c[0] = d;
            } else if c[1] == NONE || d > c[1] {
                c[1] = d;
            }
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= bit;
        }
        if h == self.n {
            self.roots.push(d);
        }
    }

    /// Removes the arc of `d` (a right arc: `d` is on top of the stack,
    /// so it is its head's rightmost child), restoring the head's right
    /// children, count and label set from the remaining arcs.
    fn unarc(&mut self, d: usize) {
        let h = self.heads[d];
        self.heads[d] = NONE;
        let (mut c, mut k, mut set) = ([NONE; 2], 0u8, 0u64);
        for i in (h + 1..=self.n).rev() {
            if self.heads[i] == h {
                if c[0] == NONE {
                    c[0] = i;
                } else if c[1] == NONE {
                    c[1] = i;
                }
                k = k.saturating_add(1);
                set |= 1u64 << (self.labels[i] & 63);
            }
        }
        self.rc[h] = c;
        self.nr[h] = k;
        self.rset[h] = set;
    }

    fn apply(&mut self, m: usize, nlab: usize) {
        match m {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            REDUCE => {
                let d = self.stack.pop().expect("valid move");
                if self.heads[d] == NONE {
                    let h = self.s0();
                    self.arc(h, d, self.pushed[d] as usize);
                }
            }
            _ if m < 2 + nlab => {
                let d = self.stack.pop().expect("valid move");
                if self.heads[d] != NONE {
                    self.unarc(d);
                }
                self.arc(self.b, d, m - 2);
            }
            _ => {
                let s0 = self.s0();
                self.arc(s0, self.b, m - 2 - nlab);
                self.stack.push(self.b);
                self.b += 1;
            }
        }
    }

    /// The loss of every move in the monotonic system against gold heads
    /// `g` (root = n) and labels `gl`: how many gold arcs it makes
    /// unreachable. Moves invalid there cost `u32::MAX`.
    fn costs(&self, nlab: usize, root: usize, g: &[usize], gl: &[usize], out: &mut [u32]) {
        let (s0, b, n) = (self.s0(), self.b, self.n);
        let unattached_deps_in_stack = |h: usize| {
            self.stack
                .iter()
                .filter(|&&k| g[k] == h && self.heads[k] == NONE)
                .count() as u32
        };
        let valid = self.moves_of(false, nlab, root);
        out.fill(u32::MAX);
        if valid.allows(SHIFT) {
            out[SHIFT] = unattached_deps_in_stack(b) + self.stack.contains(&g[b]) as u32;
        }
        if s0 == NONE {
            return;
        }
        let s0_deps_in_buffer = (b..n).filter(|&k| g[k] == s0).count() as u32;
        if valid.allows(REDUCE) {
            out[REDUCE] = s0_deps_in_buffer;
        }
        let left = (g[s0] > b && g[s0] <= n) as u32 + s0_deps_in_buffer;
        let right = if b < n {
            let gb = g[b];
            (gb != s0 && (self.stack.contains(&gb) || gb > b)) as u32 + unattached_deps_in_stack(b)
        } else {
            0
        };
        let arcs = ArcCosts { left, right };
        arcs.fill(&valid, (s0, b), (g, gl), out);
    }
}

/// The costs of the arcs between `s0` and `n0` beyond their labels, which
/// both systems share.
struct ArcCosts {
    left: u32,
    right: u32,
}

impl ArcCosts {
    /// Every valid labelled arc's cost: its base cost, plus one where it
    /// makes the gold arc between `s0` and `n0` with a wrong label.
    fn fill(
        &self,
        valid: &Valid,
        (s0, b): (usize, usize),
        (g, gl): (&[usize], &[usize]),
        out: &mut [u32],
    ) {
        let nlab = valid.nlab;
        for l in 0..nlab {
            if valid.allows(2 + l) {
                out[2 + l] = self.left + (g[s0] == b && gl[s0] != l) as u32;
            }
            if valid.allows(2 + nlab + l) {
                out[2 + nlab + l] = self.right + (g[b] == s0 && gl[b] != l) as u32;
            }
        }
    }
}

/// Gold heads (root = n) and labels of a sentence, with the right-arc
/// label a shift now would note for `n0` (see [`State::note_shift`]).
struct Gold<'a> {
    heads: &'a [usize],
    labels: &'a [usize],
    shift_label: usize,
}

impl State {
    /// The loss of every move in the non-monotonic system (Honnibal et al.
    /// 2013, with a reduce taking the label noted at the shift, and no
    /// left arc replacing a head with the root token): how many gold arcs
    /// still reachable it makes unreachable. Invalid moves cost
    /// `u32::MAX`.
    fn costs_nm(&self, nlab: usize, root: usize, gold: &Gold, out: &mut [u32]) {
        let (g, gl) = (gold.heads, gold.labels);
        let (s0, b, n) = (self.s0(), self.b, self.n);
        let valid = self.moves_of(true, nlab, root);
        out.fill(u32::MAX);
        let deps_in_stack = |h: usize| self.stack.iter().filter(|&&k| g[k] == h).count() as u32;
        let s1 = if self.stack.len() >= 2 {
            self.stack[self.stack.len() - 2]
        } else {
            NONE
        };
        if valid.shift {
            let gb = g[b];
            let head = (gb != s0 && self.stack.contains(&gb)) as u32;
            let label = (gb == s0 && gl[b] != gold.shift_label) as u32;
            out[SHIFT] = deps_in_stack(b) + head + label;
        }
        if s0 == NONE {
            return;
        }
        let headless = self.heads[s0] == NONE;
        let deps = (b..n).filter(|&k| g[k] == s0).count() as u32;
        if valid.reduce {
            let head_ahead = if headless {
                g[s0] >= b && g[s0] <= n
            } else {
                g[s0] >= b && g[s0] < n
            };
            let label = (headless && g[s0] == s1 && gl[s0] != self.pushed[s0] as usize) as u32;
            out[REDUCE] = deps + head_ahead as u32 + label;
        }
        let left = {
            let ahead = if headless {
                g[s0] > b && g[s0] <= n
            } else {
                g[s0] > b && g[s0] < n
            };
            let undone = !headless && self.heads[s0] == g[s0];
            // The arc a reduce would make: its head, and its label where
            // the noted one is wrong (a reduce costs that label).
            let lost_reduce = match headless && g[s0] == s1 {
                true => 1 + (gl[s0] != self.pushed[s0] as usize) as u32,
                false => 0,
            };
            deps + ahead as u32 + undone as u32 + lost_reduce
        };
        let right = if b < n {
            let gb = g[b];
            let head = (gb != s0 && (self.stack.contains(&gb) || gb == n)) as u32;
            head + deps_in_stack(b)
        } else {
            0
        };
        let arcs = ArcCosts { left, right };
        arcs.fill(&valid, (s0, b), (g, gl), out);
    }

    /// The moves a training update takes as right: the zero-loss (least
    /// loss) moves of the state's system; in the non-monotonic system,
    /// those of them the monotonic oracle also finds best where there are
    /// any, so that repairs are learnt only where they are needed
    /// (Honnibal et al. 2013, section 5).
    fn best_moves(&self, nlab: usize, root: usize, gold: &Gold, c: &mut Costs) -> u32 {
        self.costs(nlab, root, gold.heads, gold.labels, &mut c.mono);
        let mono_best = c.mono.iter().copied().min().unwrap_or(0);
        if !self.nm {
            c.best.clear();
            c.best.extend(c.mono.iter().map(|&k| k == mono_best));
            return mono_best;
        }
        self.costs_nm(nlab, root, gold, &mut c.nm);
        let best = c.nm.iter().copied().min().unwrap_or(0);
        let both = |m: usize| c.nm[m] == best && c.mono[m] == mono_best;
        let any_both = (0..c.nm.len()).any(both);
        c.best.clear();
        c.best
            .extend((0..c.nm.len()).map(|m| c.nm[m] == best && (!any_both || both(m))));
        best
    }
}

/// Move losses of a state, in both systems, and the moves taken as right.
pub(crate) struct Costs {
    mono: Vec<u32>,
    nm: Vec<u32>,
    best: Vec<bool>,
}

impl Costs {
    fn new(n_moves: usize) -> Costs {
        Costs {
            mono: vec![0; n_moves],
            nm: vec![0; n_moves],
            best: Vec::with_capacity(n_moves),
        }
    }
}

/// The valid moves of a state, by kind.
struct Valid {
    nlab: usize,
    root: usize,
    shift: bool,
    reduce: bool,
    /// Left arcs with a label other than `root`.
    left: bool,
    /// The left arc labelled `root`.
    left_root: bool,
    /// Right arcs (never labelled `root`).
    right: bool,
}

impl Valid {
    fn allows(&self, m: usize) -> bool {
        match m {
            SHIFT => self.shift,
            REDUCE => self.reduce,
            _ if m < 2 + self.nlab => {
                if m - 2 == self.root {
                    self.left_root
                } else {
                    self.left
                }
            }
            _ => self.right && m - 2 - self.nlab != self.root,
        }
    }

    /// The only valid move, where there is one (the stack is empty, or
    /// the buffer holds only the root token): no need to score it.
    fn forced(&self) -> Option<usize> {
        let others = self.left || self.right;
        match (self.shift, self.reduce, self.left_root, others) {
            (true, false, false, false) => Some(SHIFT),
            (false, true, false, false) => Some(REDUCE),
            (false, false, true, false) => Some(2 + self.root),
            _ => None,
        }
    }
}

/// Word and tag ids of a sentence, with the root token at the end, and
/// the feature ids of the words' classes when the parser reads them.
pub(crate) struct ParseAtoms {
    w: Vec<u32>,
    p: Vec<u32>,
    c: Option<Vec<[u32; LEVELS]>>,
}

/// A word of punctuation marks only (`.`, `,`, `--`, `"`); not symbols
/// such as `$` or `%`, which head their numbers in UD.
fn is_punct(form: &str) -> bool {
    !form.is_empty()
        && form.chars().all(|c| {
            ".,;:!?\"'()[]-\u{2013}\u{2014}\u{2026}\u{201c}\u{201d}\u{2018}\u{2019}".contains(c)
        })
}

/// Whether word `w` lies under `top` (or is it).
fn descends(heads: &[Option<usize>], mut w: usize, top: usize) -> bool {
    for _ in 0..=heads.len() {
        if w == top {
            return true;
        }
        match heads[w] {
            Some(h) => w = h,
            None => return false,
        }
    }
    false
}

fn starts_upper(form: &str) -> bool {
    form.chars().next().is_some_and(char::is_uppercase)
}

pub(crate) fn parse_atoms(forms: &[&str], tags: &[usize], cl: Option<&Clusters>) -> ParseAtoms {
    let mut norm = String::new();
    let mut c = cl.map(|_| Vec::with_capacity(forms.len() + 1));
    let mut w: Vec<u32> = forms
        .iter()
        .map(|f| {
            normalize(f, &mut norm);
            if let (Some(c), Some(cl)) = (c.as_mut(), cl) {
                c.push(cl.feature_ids(&norm));
            }
            id(10, &norm)
        })
        .collect();
    let mut p: Vec<u32> = tags.iter().map(|&t| t as u32 + 2).collect();
    w.push(ROOT_W);
    p.push(1);
    if let Some(c) = c.as_mut() {
        c.push([ROOT_W; LEVELS]);
    }
    ParseAtoms { w, p, c }
}

/// The positions a state's features read (`NONE` where there is none).
struct Ctx {
    s0: usize,
    s1: usize,
    n0: usize,
    n1: usize,
    n2: usize,
    /// Head and grandhead of `s0`.
    s0h: [usize; 2],
    /// Leftmost and second leftmost children of `s0`.
    s0l: [usize; 2],
    /// Rightmost and second rightmost children of `s0`.
    s0r: [usize; 2],
    /// Leftmost and second leftmost children of `n0`.
    n0l: [usize; 2],
}

impl Ctx {
    fn new(st: &State) -> Ctx {
        let head = |i: usize| if i == NONE { NONE } else { st.heads[i] };
        let lc = |i: usize| if i == NONE { [NONE; 2] } else { st.lc[i] };
        let s0 = st.s0();
        let n0 = st.b;
        let n1 = if n0 < st.n { n0 + 1 } else { NONE };
        let n2 = if n1 != NONE && n1 < st.n {
            n1 + 1
        } else {
            NONE
        };
        let s1 = if st.stack.len() >= 2 {
            st.stack[st.stack.len() - 2]
        } else {
            NONE
        };
        Ctx {
            s0,
            s1,
            n0,
            n1,
            n2,
            s0h: [head(s0), head(head(s0))],
            s0l: lc(s0),
            s0r: if s0 == NONE { [NONE; 2] } else { st.rc[s0] },
            n0l: lc(n0),
        }
    }
}

/// Which of a state's features to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    All,
    /// Those that read only the words and tags of `n0`, `n1` and `n2`:
    /// the same from state to state until `n0` moves.
    Buffer,
    /// The others.
    Rest,
}

/// Word, tag and label ids of positions, and the keys made of them.
struct Keys<'a> {
    part: Part,
    st: &'a State,
    a: &'a ParseAtoms,
    /// The template number of the last key.
    t: u32,
    out: &'a mut Vec<u64>,
}

impl Keys<'_> {
    /// The next template's key, kept if the part asked for holds it.
    #[inline]
    fn f(&mut self, ids: &[u32]) {
        self.t += 1;
        if self.part != Part::Buffer {
            self.out.push(key_ids(self.t, ids));
        }
    }
    /// The next template's key, of those that read only the buffer's
    /// first three words.
    #[inline]
    fn b(&mut self, ids: &[u32]) {
        self.t += 1;
        if self.part != Part::Rest {
            self.out.push(key_ids(self.t, ids));
        }
    }
    #[inline]
    fn w(&self, i: usize) -> u32 {
        if i == NONE {
            0
        } else {
            self.a.w[i]
        }
    }
    #[inline]
    fn p(&self, i: usize) -> u32 {
        if i == NONE {
            0
        } else {
            self.a.p[i]
        }
    }
    /// The feature id of word `i`'s class at granularity `l`.
    #[inline]
    fn c(&self, i: usize, l: usize) -> u32 {
        match &self.a.c {
            Some(c) if i != NONE => c[i][l],
            _ => 0,
        }
    }
    #[inline]
    fn lab(&self, i: usize) -> u32 {
        if i == NONE || self.st.heads[i] == NONE {
            0
        } else {
            self.st.labels[i] as u32 + 1
        }
    }
}

/// The features of a state: those of Zhang and Nivre (2011), in order.
pub(crate) fn features(st: &State, a: &ParseAtoms, out: &mut Vec<u64>) {
    features_part(st, a, Part::All, out);
}

/// A part of the features of a state (the same keys whatever the parts).
pub(crate) fn features_part(st: &State, a: &ParseAtoms, part: Part, out: &mut Vec<u64>) {
    out.clear();
    let c = Ctx::new(st);
    let mut k = Keys {
        part,
        st,
        a,
        t: 0,
        out,
    };
    words_and_pairs(&c, &mut k);
    let cl = a.c.is_some();
    if cl {
        buffer_classes(&c, &mut k);
    }
    if part == Part::Buffer {
        return;
    }
    distance_and_valency(&c, &mut k);
    children(&c, &mut k);
    label_sets_and_s1(&c, &mut k);
    if cl {
        stack_classes(&c, &mut k);
    }
}

/// The word classes of `n0` and `n1` (coarse 0, middle 1, fine 2).
fn buffer_classes(c: &Ctx, k: &mut Keys) {
    k.b(&[k.c(c.n0, 1)]);
    k.b(&[k.c(c.n0, 2)]);
    k.b(&[k.c(c.n1, 1)]);
}

/// The word classes of `s0`, alone and with `n0`'s class and tag. Few
/// templates: each reads a dense row at every state.
fn stack_classes(c: &Ctx, k: &mut Keys) {
    let (s0, n0) = (c.s0, c.n0);
    k.f(&[k.c(s0, 1)]);
    k.f(&[k.c(s0, 2)]);
    k.f(&[k.c(s0, 1), k.c(n0, 1)]);
    k.f(&[k.c(s0, 1), k.p(n0)]);
}

/// Single words, pairs of `s0` and `n0`, and tag triples.
fn words_and_pairs(c: &Ctx, k: &mut Keys) {
    let (s0w, s0p, n0w, n0p) = (k.w(c.s0), k.p(c.s0), k.w(c.n0), k.p(c.n0));
    let (n1p, n2p) = (k.p(c.n1), k.p(c.n2));
    k.f(&[s0w, s0p]);
    k.f(&[s0w]);
    k.f(&[s0p]);
    for i in [c.n0, c.n1, c.n2] {
        let (w, p) = (k.w(i), k.p(i));
        k.b(&[w, p]);
        k.b(&[w]);
        k.b(&[p]);
    }
    k.f(&[s0w, s0p, n0w, n0p]);
    k.f(&[s0w, s0p, n0w]);
    k.f(&[s0w, n0w, n0p]);
    k.f(&[s0w, s0p, n0p]);
    k.f(&[s0p, n0w, n0p]);
    k.f(&[s0w, n0w]);
    k.f(&[s0p, n0p]);
    k.b(&[n0p, n1p]);
    k.b(&[n0p, n1p, n2p]);
    k.f(&[s0p, n0p, n1p]);
    let (s0hp, s0lp, s0rp, n0lp) = (k.p(c.s0h[0]), k.p(c.s0l[0]), k.p(c.s0r[0]), k.p(c.n0l[0]));
    k.f(&[s0hp, s0p, n0p]);
    k.f(&[s0p, s0lp, n0p]);
    k.f(&[s0p, s0rp, n0p]);
    k.f(&[s0p, n0p, n0lp]);
}

/// The distance between `s0` and `n0`, and how many children they have.
fn distance_and_valency(c: &Ctx, k: &mut Keys) {
    let st = k.st;
    let (s0w, s0p, n0w, n0p) = (k.w(c.s0), k.p(c.s0), k.w(c.n0), k.p(c.n0));
    let d = if c.s0 == NONE {
        0
    } else {
        (c.n0 - c.s0).min(10) as u32
    };
    let (s0vl, s0vr) = if c.s0 == NONE {
        (0, 0)
    } else {
        (st.nl[c.s0] as u32, st.nr[c.s0] as u32)
    };
    let n0vl = st.nl[c.n0] as u32;
    k.f(&[s0w, d]);
    k.f(&[s0p, d]);
    k.f(&[n0w, d]);
    k.f(&[n0p, d]);
    k.f(&[s0w, n0w, d]);
    k.f(&[s0p, n0p, d]);
    k.f(&[s0w, s0vr]);
    k.f(&[s0p, s0vr]);
    k.f(&[s0w, s0vl]);
    k.f(&[s0p, s0vl]);
    k.f(&[n0w, n0vl]);
    k.f(&[n0p, n0vl]);
}

/// Heads and outer children (second and third order).
fn children(c: &Ctx, k: &mut Keys) {
    k.f(&[k.w(c.s0h[0])]);
    k.f(&[k.p(c.s0h[0])]);
    k.f(&[k.lab(c.s0)]);
    for i in [c.s0l[0], c.s0r[0], c.n0l[0]] {
        k.f(&[k.w(i)]);
        k.f(&[k.p(i)]);
        k.f(&[k.lab(i)]);
    }
    k.f(&[k.w(c.s0h[1])]);
    k.f(&[k.p(c.s0h[1])]);
    k.f(&[k.lab(c.s0h[0])]);
    for i in [c.s0l[1], c.s0r[1], c.n0l[1]] {
        k.f(&[k.w(i)]);
        k.f(&[k.p(i)]);
        k.f(&[k.lab(i)]);
    }
    let (s0p, n0p) = (k.p(c.s0), k.p(c.n0));
    for (x, [a, b]) in [(s0p, c.s0l), (s0p, c.s0r), (s0p, c.s0h), (n0p, c.n0l)] {
        k.f(&[x, k.p(a), k.p(b)]);
    }
}

/// The label sets of the children of `s0` and `n0`, and `s1`.
fn label_sets_and_s1(c: &Ctx, k: &mut Keys) {
    let st = k.st;
    let set = |v: u64| [v as u32, (v >> 32) as u32];
    let (sl, sr) = if c.s0 == NONE {
        ([0, 0], [0, 0])
    } else {
        (set(st.lset[c.s0]), set(st.rset[c.s0]))
    };
    let nl = set(st.lset[c.n0]);
    let (s0w, s0p, n0w, n0p) = (k.w(c.s0), k.p(c.s0), k.w(c.n0), k.p(c.n0));
    k.f(&[s0w, sr[0], sr[1]]);
    k.f(&[s0p, sr[0], sr[1]]);
    k.f(&[s0w, sl[0], sl[1]]);
    k.f(&[s0p, sl[0], sl[1]]);
    k.f(&[n0w, nl[0], nl[1]]);
    k.f(&[n0p, nl[0], nl[1]]);
    let (s1w, s1p) = (k.w(c.s1), k.p(c.s1));
    k.f(&[s1w, s1p]);
    k.f(&[s1p, s0p, n0p]);
    k.f(&[s1p, s0p]);
    k.f(&[k.lab(c.s0), s0p, n0p]);
    k.f(&[s1w, s0w, n0p]);
    k.f(&[s0p, n0w, k.p(c.n1)]);
}

impl Parser {
    /// A parser from its labels (one must be `root`) and weights.
    pub fn new(labels: Vec<String>, weights: Weights) -> Parser {
        let find = |name: &str| labels.iter().position(|l| l == name);
        let root = find("root").unwrap_or(0);
        Parser {
            transitions: Transitions::Monotonic,
            clusters: None,
            root,
            parataxis: find("parataxis").unwrap_or(root),
            appos: find("appos").unwrap_or(root),
            labels,
            weights,
        }
    }

    /// The parser for another transition system (the one its weights
    /// were trained for).
    pub fn with_transitions(self, transitions: Transitions) -> Parser {
        Parser {
            transitions,
            ..self
        }
    }

    /// The parser reading word classes as features.
    pub fn with_clusters(self, clusters: Option<Arc<Clusters>>) -> Parser {
        Parser { clusters, ..self }
    }

    /// The name of label `l`.
    pub fn label(&self, l: usize) -> &str {
        &self.labels[l]
    }

    /// The number of moves (classes) for a label count.
    pub fn n_moves(n_labels: usize) -> usize {
        2 + 2 * n_labels
    }

    /// Heads (`None` = root) and labels of a tagged sentence. The sums of
    /// the features that read only the buffer's first words are kept
    /// until `n0` moves (after a reduce or a left arc it stays); a state
    /// with one valid move is not scored.
    pub fn parse(&self, forms: &[&str], tags: &[usize]) -> Tree {
        let n = forms.len();
        let a = parse_atoms(forms, tags, self.clusters.as_deref());
        let nlab = self.labels.len();
        let nm = Parser::n_moves(nlab);
        let w = &self.weights;
        let mut st = State::new(n, self.transitions);
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0.0f32; nm];
        let (mut buffer, mut sums) = (vec![0i32; nm], vec![0i32; nm]);
        let mut buffer_at = NONE;
        while !st.done() {
            let valid = st.moves(nlab, self.root);
            if let Some(m) = valid.forced() {
                st.apply(m, nlab);
                continue;
            }
            if !w.has_sums() {
                features(&st, &a, &mut feats);
                w.scores(&feats, &mut scores);
            } else {
                if buffer_at != st.b {
                    features_part(&st, &a, Part::Buffer, &mut feats);
                    buffer.fill(0);
                    w.add_sums(&feats, &mut buffer);
                    buffer_at = st.b;
                }
                features_part(&st, &a, Part::Rest, &mut feats);
                sums.copy_from_slice(&buffer);
                w.add_sums(&feats, &mut sums);
                for (s, &k) in scores.iter_mut().zip(&sums) {
                    *s = k as f32 * w.scale();
                }
            }
            let m = argmax(&scores, |m| valid.allows(m)).expect("a move is valid");
            if m == SHIFT && st.nm {
                st.note_shift(&scores, nlab, self.root);
            }
            st.apply(m, nlab);
        }
        let (mut heads, mut labels) = self.finish(&st, tags.len());
        self.no_punct_heads(forms, &mut heads, &mut labels);
        (heads, labels)
    }

    /// Words the parser hung on a punctuation mark, which in UD is always
    /// a leaf: a name after `noun ,` is in apposition to the noun (`her
    /// counterpart, Jane Roe.`); any other word takes the mark's head.
    fn no_punct_heads(&self, forms: &[&str], heads: &mut [Option<usize>], labels: &mut [usize]) {
        for i in 0..heads.len() {
            let Some(h) = heads[i].filter(|&h| is_punct(forms[h])) else {
                continue;
            };
            let noun = (i >= 2 && forms[i - 1] == ",")
                .then(|| i - 2)
                .filter(|&n| !is_punct(forms[n]) && !descends(heads, n, i));
            match noun {
                Some(n) if starts_upper(forms[i]) => {
                    heads[i] = Some(n);
                    labels[i] = self.appos;
                }
                // The mark is the root: leave the word where it is.
                _ => {
                    if let Some(g) = heads[h] {
                        heads[i] = Some(g);
                    }
                }
            }
        }
    }

    /// [`Parser::parse`] of many tagged sentences (forms, tags), in order.
    pub fn parse_many(&self, sents: &[(&[&str], &[usize])]) -> Vec<Tree> {
        sents
            .iter()
            .map(|(forms, tags)| self.parse(forms, tags))
            .collect()
    }

    /// The tree of a final state: one root (the first attached to it;
    /// any others hang from it).
    fn finish(&self, st: &State, n: usize) -> (Vec<Option<usize>>, Vec<usize>) {
        let mut heads: Vec<Option<usize>> = st.heads[..n]
            .iter()
            .map(|&h| (h != NONE && h < n).then_some(h))
            .collect();
        let mut labels: Vec<usize> = st.labels[..n].iter().map(|&l| l as usize).collect();
        let root = st.roots.last().copied().unwrap_or(0);
        for i in 0..n {
            if heads[i].is_none() && i != root {
                heads[i] = Some(root);
                labels[i] = if labels[i] == self.root || st.heads[i] == NONE {
                    self.parataxis
                } else {
                    labels[i]
                };
            }
        }
        if n > 0 {
            labels[root] = self.root;
        }
        (heads, labels)
    }
}

/// A sentence to train on: predicted tags, gold (projective) heads with the
/// root as `n`, gold labels.
#[derive(Clone, Debug)]
pub struct ParseExample {
    pub forms: Vec<String>,
    pub tags: Vec<usize>,
    pub heads: Vec<usize>,
    pub labels: Vec<usize>,
}

/// Gold heads made projective by lifting each crossing arc to the head's
/// head until none crosses (root = `n`).
pub fn projectivize(heads: &mut [usize]) {
    let n = heads.len();
    let dominated = |heads: &[usize], h: usize, mut k: usize| {
        for _ in 0..=n {
            if k == h {
                return true;
            }
            if k >= n {
                return false;
            }
            k = heads[k];
        }
        false
    };
    for _ in 0..n * n {
        let crossing = (0..n).find(|&d| {
            let h = heads[d];
            let (a, b) = if h < d { (h, d) } else { (d, h.min(n)) };
            h < n && (a + 1..b).any(|k| !dominated(heads, h, k))
        });
        match crossing {
            Some(d) => heads[d] = heads[heads[d]],
            None => return,
        }
    }
}

/// Options for one training pass of the parser.
pub struct EpochOptions {
    pub n_labels: usize,
    pub root: usize,
    /// Follow the model's own moves (dynamic oracle exploration).
    pub explore: bool,
    pub transitions: Transitions,
    /// Word classes to read as features.
    pub clusters: Option<Arc<Clusters>>,
}

/// One pass over `order`; returns the share of moves that were right.
pub fn train_epoch(
    model: &mut Perceptron,
    data: &[ParseExample],
    order: &[usize],
    opt: &EpochOptions,
    rng: &mut super::train::Rng,
) -> f64 {
    let nlab = opt.n_labels;
    let mut feats = Vec::with_capacity(96);
    let mut scores = vec![0.0f32; model.n_classes()];
    let mut costs = Costs::new(model.n_classes());
    let (mut right, mut total) = (0usize, 0usize);
    for &k in order {
        let s = &data[k];
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        let a = parse_atoms(&forms, &s.tags, opt.clusters.as_deref());
        let mut st = State::new(forms.len(), opt.transitions);
        while !st.done() {
            features(&st, &a, &mut feats);
            model.scores(&feats, &mut scores);
            let valid = |m: usize| st.valid(m, nlab, opt.root);
            let guess = argmax(&scores, valid).expect("a move is valid");
            if st.nm {
                st.note_shift(&scores, nlab, opt.root);
            }
            let gold = Gold {
                heads: &s.heads,
                labels: &s.labels,
                shift_label: st.pushed.get(st.b).map_or(0, |&l| l as usize),
            };
            st.best_moves(nlab, opt.root, &gold, &mut costs);
            let truth = argmax(&scores, |m| costs.best[m]).expect("a move is valid");
            model.update(&feats, truth, guess);
            right += costs.best[guess] as usize;
            total += 1;
            let follow = if opt.explore && rng.next_f64() < 0.9 {
                guess
            } else {
                truth
            };
            st.apply(follow, nlab);
        }
    }
    right as f64 / total.max(1) as f64
}

/// Follows the oracle's zero-cost moves from the start; the tree it ends
/// with (heads, labels), for checking the oracle.
pub fn oracle_tree(
    gold: (&[usize], &[usize]),
    n_labels: usize,
    root: usize,
    t: Transitions,
) -> Vec<(usize, usize)> {
    let (heads, labels) = gold;
    let n = heads.len();
    let mut st = State::new(n, t);
    let mut costs = Costs::new(Parser::n_moves(n_labels));
    while !st.done() {
        let gold = Gold {
            heads,
            labels,
            shift_label: 0,
        };
        st.best_moves(n_labels, root, &gold, &mut costs);
        let m = (0..costs.best.len())
            .find(|&m| costs.best[m])
            .expect("a best move");
        st.apply(m, n_labels);
    }
    (0..n)
        .map(|i| (st.heads[i], st.labels[i] as usize))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oracle_rebuilds_projective_trees() {
        // 0 <-det- 1 <-nsubj- 2 (root) -obj-> 4 -det-> 3; 2 -punct-> 5.
        let heads = vec![1, 2, 6, 4, 2, 2];
        let labels = vec![1, 2, 0, 1, 3, 4];
        let want: Vec<(usize, usize)> = heads.iter().copied().zip(labels.iter().copied()).collect();
        for t in [Transitions::Monotonic, Transitions::NonMonotonic] {
            assert_eq!(oracle_tree((&heads, &labels), 5, 0, t), want);
        }
    }

    #[test]
    fn the_parts_of_the_features_are_the_whole() {
        let forms = ["The", "talks", "failed", "again", "."];
        let a = parse_atoms(&forms, &[1, 2, 3, 4, 5], None);
        let mut st = State::new(forms.len(), Transitions::Monotonic);
        let (mut all, mut part) = (Vec::new(), Vec::new());
        for m in [SHIFT, 2 + 3, SHIFT, SHIFT] {
            features(&st, &a, &mut all);
            features_part(&st, &a, Part::Buffer, &mut part);
            let mut both = part.clone();
            assert_eq!(part.len(), 11);
            features_part(&st, &a, Part::Rest, &mut part);
            both.extend(&part);
            both.sort();
            all.sort();
            assert_eq!(both, all);
            st.apply(m, 10);
        }
    }

    #[test]
    fn a_state_is_forced_when_one_move_is_valid() {
        // 0 <-det- 1 <-nsubj- 2 (root) -obj-> 4 -det-> 3; 2 -punct-> 5.
        let (heads, labels, nlab, root) = (vec![1, 2, 6, 4, 2, 2], vec![1, 2, 0, 1, 3, 4], 5, 0);
        let mut st = State::new(heads.len(), Transitions::Monotonic);
        let mut costs = vec![0u32; Parser::n_moves(nlab)];
        let mut forced = Vec::new();
        while !st.done() {
            let v = st.moves(nlab, root);
            let valid: Vec<usize> = (0..costs.len()).filter(|&m| v.allows(m)).collect();
            assert_eq!(v.forced(), (valid.len() == 1).then(|| valid[0]));
            forced.push(v.forced());
            st.costs(nlab, root, &heads, &labels, &mut costs);
            let m = (0..costs.len())
                .find(|&m| costs[m] == 0)
                .expect("a zero-cost move");
            st.apply(m, nlab);
        }
        // Shifts onto an empty stack; at the end, with only the root
        // token in the buffer, `.` reduced and `failed` made the root.
        let (s, r, no) = (Some(SHIFT), Some(REDUCE), None);
        let want = [s, no, s, no, s, no, no, no, no, no, r, Some(2 + root)];
        assert_eq!(forced, want);
    }

    /// Random projective trees of `n` words (root = n), one root word.
    fn random_tree(n: usize, rng: &mut crate::extract::syntax::train::Rng) -> Vec<usize> {
        loop {
            let mut h: Vec<usize> = (0..n)
                .map(|_| (rng.next_u64() % (n as u64 + 1)) as usize)
                .collect();
            let acyclic = (0..n).all(|i| {
                let mut k = i;
                (0..=n).any(|_| {
                    k = h[k];
                    k == n || k == i
                }) && k == n
            });
            let roots = h.iter().filter(|&&x| x == n).count();
            if !acyclic || roots != 1 || (0..n).any(|i| h[i] == i) {
                continue;
            }
            let before = h.clone();
            projectivize(&mut h);
            if h == before {
                return h;
            }
        }
    }

    /// Heads wrong at the end when only zero-loss moves are followed.
    fn loss_after(st: &State, gold: &Gold, nlab: usize) -> usize {
        let mut st = st.clone();
        let mut c = Costs::new(Parser::n_moves(nlab));
        while !st.done() {
            st.costs_nm(nlab, 0, gold, &mut c.nm);
            let m = (0..c.nm.len())
                .find(|&m| c.nm[m] == 0)
                .expect("a free move");
            st.apply(m, nlab);
        }
        (0..st.n)
            .filter(|&i| st.heads[i] != gold.heads[i] || st.labels[i] as usize != gold.labels[i])
            .count()
    }

    /// The non-monotonic losses are exact: from states reached by random
    /// moves, some move loses nothing, and each move loses as many gold
    /// arcs as its cost says (labels: `root` 0, every other word 1, as
    /// the labels noted at shifts).
    #[test]
    fn the_non_monotonic_oracle_is_exact() {
        let mut rng = crate::extract::syntax::train::Rng::new(5);
        let (nlab, mut checked) = (2, 0);
        for round in 0..3000 {
            let n = 1 + round % 8;
            let heads = random_tree(n, &mut rng);
            let labels: Vec<usize> = heads.iter().map(|&h| (h != n) as usize).collect();
            let gold = Gold {
                heads: &heads,
                labels: &labels,
                shift_label: 1,
            };
            let mut st = State::new(n, Transitions::NonMonotonic);
            st.pushed.fill(1);
            let mut c = vec![0u32; Parser::n_moves(nlab)];
            while !st.done() {
                st.costs_nm(nlab, 0, &gold, &mut c);
                let base = loss_after(&st, &gold, nlab);
                assert_eq!(c.iter().min(), Some(&0), "{heads:?} {st:?}");
                let valid: Vec<usize> = (0..c.len()).filter(|&m| c[m] != u32::MAX).collect();
                for &m in &valid {
                    let mut next = st.clone();
                    next.apply(m, nlab);
                    let lost = loss_after(&next, &gold, nlab) - base;
                    assert_eq!(lost as u32, c[m], "move {m} {heads:?} {st:?}");
                    checked += 1;
                }
                let m = valid[(rng.next_u64() % valid.len() as u64) as usize];
                st.apply(m, nlab);
            }
        }
        assert!(checked > 50_000, "{checked} moves checked");
    }

    /// A left arc that replaces a head leaves the old head's right
    /// children, their count and label set as if the arc had never been
    /// made; a reduce of a headless word attaches it to the one below
    /// with the label noted at its shift.
    #[test]
    fn non_monotonic_moves_repair_their_state() {
        let nlab = 6;
        let right = |l: usize| 2 + nlab + l;
        // 0 -3-> 1 (right arc), 0 -4-> 2 (right arc), 2 reduced; then
        // 0 -5-> 3 (right arc), which 4 takes over with a left arc.
        let mut st = State::new(6, Transitions::NonMonotonic);
        for m in [SHIFT, right(3), REDUCE, right(4), REDUCE] {
            st.apply(m, nlab);
        }
        let before = st.clone();
        st.apply(right(5), nlab);
        assert_eq!((st.rc[0], st.nr[0]), ([3, 2], 3));
        st.apply(2 + 2, nlab);
        assert_eq!(st.heads[3], 4);
        assert_eq!(
            (st.rc[0], st.nr[0], st.rset[0]),
            (before.rc[0], 2, before.rset[0])
        );
        // 4 shifted with label 1 noted, then reduced headless onto 0.
        st.pushed[4] = 1;
        st.apply(SHIFT, nlab);
        st.apply(REDUCE, nlab);
        assert_eq!((st.heads[4], st.labels[4], st.rc[0]), (0, 1, [4, 2]));
    }

    #[test]
    fn lifting_makes_trees_projective() {
        // 0 <- 2, 1 -> 3 crosses 2's arc to the root (4).
        let mut h = vec![2, 2, 4, 1];
        projectivize(&mut h);
        assert_eq!(h, vec![2, 2, 4, 2]);
    }
}
