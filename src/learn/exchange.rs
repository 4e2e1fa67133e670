//! Word classes by the exchange algorithm (Kneser and Ney 1993), in its
//! predictive form (Uszkoreit and Brants 2008): a word's class is chosen to
//! maximise the likelihood of a class model in which each context (here the
//! word before and the word after) predicts the class of the word, and the
//! class its member. Words that share contexts end in the same class.
//!
//! The objective, up to a constant, is
//! `sum over (context, class) of f(N(context, class)) - sides * sum over
//! classes of f(N(class))` with `f(x) = x ln x`, where `N(context, class)`
//! counts the occurrences of the class's words in the context.
//!
//! Words are visited in batches: every word of a batch picks its best class
//! against the counts as they stood at the start of the batch (in
//! parallel); then, in order, each word that would move picks again
//! against the counts as they are and moves, so that every move raises the
//! objective. The result does not depend on the number of threads.

use rayon::prelude::*;

/// A word's contexts: (context id, count), each once.
pub type Contexts = Vec<(u32, u32)>;

/// What [`exchange`] works on.
#[derive(Clone, Debug)]
pub struct ExchangeData {
    /// The contexts of each word to cluster (word ids `0..words.len()`).
    pub words: Vec<Contexts>,
    /// How many distinct context ids there are.
    pub n_contexts: usize,
    /// How many contexts each occurrence has (2: the word before and after).
    pub sides: u32,
}

/// Options of one run.
#[derive(Clone, Copy, Debug)]
pub struct ExchangeOptions {
    pub classes: usize,
    pub iterations: usize,
    pub seed: u64,
    pub threads: usize,
}

/// Words decided against the same counts.
const BATCH: usize = 256;

/// `x ln x` for counts, from a table for the small ones.
struct XLogX(Vec<f64>);

impl XLogX {
    fn new(n: usize) -> XLogX {
        XLogX((0..n).map(|x| xlogx(x as f64)).collect())
    }
    #[inline]
    fn get(&self, x: u64) -> f64 {
        match self.0.get(x as usize) {
            Some(&v) => v,
            None => xlogx(x as f64),
        }
    }
}

fn xlogx(x: f64) -> f64 {
    if x > 0.0 {
        x * x.ln()
    } else {
        0.0
    }
}

struct State {
    k: usize,
    class: Vec<u16>,
    /// `N(context, class)`, a row of `k` per context.
    nc: Vec<u32>,
    /// `N(class)`: occurrences of the class's words.
    size: Vec<u64>,
    /// Occurrences of each word.
    count: Vec<u64>,
}

impl State {
    fn new(d: &ExchangeData, k: usize, seed: u64) -> State {
        let count: Vec<u64> = d
            .words
            .iter()
            .map(|c| c.iter().map(|&(_, n)| n as u64).sum::<u64>() / d.sides.max(1) as u64)
            .collect();
        let class: Vec<u16> = (0..d.words.len())
            .map(|r| {
                if r < k {
                    r as u16
                } else {
                    (mix(seed ^ r as u64) % k as u64) as u16
                }
            })
            .collect();
        let mut st = State {
            k,
            nc: vec![0; d.n_contexts * k],
            size: vec![0; k],
            class,
            count,
        };
        for (w, ctx) in d.words.iter().enumerate() {
            st.add(w, ctx, st.class[w] as usize, 1);
        }
        st
    }

    /// The objective (higher is better).
    fn objective(&self, sides: u32, f: &XLogX) -> f64 {
        let a: f64 = self.nc.iter().map(|&x| f.get(x as u64)).sum();
        a - sides as f64 * self.size.iter().map(|&s| f.get(s)).sum::<f64>()
    }

    fn add(&mut self, w: usize, ctx: &Contexts, c: usize, sign: i64) {
        for &(x, n) in ctx {
            let cell = &mut self.nc[x as usize * self.k + c];
            *cell = (*cell as i64 + sign * n as i64) as u32;
        }
        self.size[c] = (self.size[c] as i64 + sign * self.count[w] as i64) as u64;
    }

    /// The best class of word `w` (its own unless another is strictly better).
    fn best(&self, w: usize, ctx: &Contexts, sides: u32, f: &XLogX, gain: &mut [f64]) -> u16 {
        let own = self.class[w] as usize;
        gain.fill(0.0);
        for &(x, n) in ctx {
            let row = &self.nc[x as usize * self.k..(x as usize + 1) * self.k];
            let n = n as u64;
            let fn_ = f.get(n);
            for (c, &a) in row.iter().enumerate() {
                let a = a as u64 - if c == own { n } else { 0 };
                if a > 0 {
                    gain[c] += f.get(a + n) - f.get(a) - fn_;
                }
            }
        }
        let cw = self.count[w];
        let mut best = (own, f64::NEG_INFINITY);
        for (c, g) in gain.iter().enumerate() {
            let s = self.size[c] - if c == own { cw } else { 0 };
            let v = g - sides as f64 * (f.get(s + cw) - f.get(s));
            if v > best.1 + 1e-9 || (c == own && v >= best.1 - 1e-9) {
                best = (c, v);
            }
        }
        best.0 as u16
    }
}

/// A 64-bit mix of a seed (splitmix64's finaliser).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The class of every word (`0..classes`). The most frequent words (the
/// first ids) start in classes of their own, the rest at random (`seed`);
/// `log` gets the number of words moved and the objective after each
/// pass. Stops early when
/// a pass moves fewer than one word in a thousand.
pub fn exchange(
    d: &ExchangeData,
    opt: &ExchangeOptions,
    log: &mut dyn FnMut(usize, usize, f64),
) -> Vec<u16> {
    let k = opt.classes.clamp(1, u16::MAX as usize);
    let mut st = State::new(d, k, opt.seed);
    let f = XLogX::new(1 << 20);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opt.threads.max(1))
        .build()
        .ok();
    for it in 0..opt.iterations {
        let mut moved = 0;
        for start in (0..d.words.len()).step_by(BATCH) {
            let end = (start + BATCH).min(d.words.len());
            let decide = || {
                (start..end)
                    .into_par_iter()
                    .map_init(
                        || vec![0.0f64; k],
                        |gain, w| st.best(w, &d.words[w], d.sides, &f, gain),
                    )
                    .collect::<Vec<u16>>()
            };
            let picks = match &pool {
                Some(p) => p.install(decide),
                None => decide(),
            };
            let mut gain = vec![0.0f64; k];
            for (w, c) in (start..end).zip(picks) {
                let old = st.class[w];
                if c == old {
                    continue;
                }
                let c = st.best(w, &d.words[w], d.sides, &f, &mut gain);
                if c != old {
                    st.add(w, &d.words[w], old as usize, -1);
                    st.add(w, &d.words[w], c as usize, 1);
                    st.class[w] = c;
                    moved += 1;
                }
            }
        }
        log(it + 1, moved, st.objective(d.sides, &f));
        if moved * 1000 < d.words.len() {
            break;
        }
    }
    st.class
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two groups of words with disjoint contexts end in two classes.
    #[test]
    fn words_with_the_same_contexts_share_a_class() {
        let words: Vec<Contexts> = (0..8)
            .map(|w| {
                let base = if w % 2 == 0 { 0 } else { 4 };
                (base..base + 4).map(|x| (x, 5 + w)).collect()
            })
            .collect();
        let d = ExchangeData {
            words,
            n_contexts: 8,
            sides: 1,
        };
        for threads in [1, 3] {
            let opt = ExchangeOptions {
                classes: 2,
                iterations: 10,
                seed: 7,
                threads,
            };
            let c = exchange(&d, &opt, &mut |_, _, _| {});
            assert!(c.iter().step_by(2).all(|&x| x == c[0]), "{c:?}");
            assert!(c.iter().skip(1).step_by(2).all(|&x| x == c[1]), "{c:?}");
            assert_ne!(c[0], c[1]);
        }
    }
}
