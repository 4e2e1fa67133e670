//! Training and measuring the recogniser.
//!
//! [`train`] runs the greedy decoder of `decode.rs` over the training
//! documents with the perceptron being trained, updating on every token
//! whose gold tag is known; earlier decisions come from the gold tags, so
//! each feature sees the context a correct reading would give. Documents
//! are visited in an order shuffled by a seeded generator of our own (not a
//! crate's, whose sequence may change between versions): the same data and
//! seed give the same model, byte for byte.

use super::data::Example;
use super::decode::{choose, spans, Walker};
use super::features::Prepared;
use super::{Kind, NameSpan, Recogniser, N_CLASSES, O};
use crate::learn::Perceptron;
use crate::lexicon::Lexicon;

/// How to train.
#[derive(Clone, Debug)]
pub struct Config {
    pub epochs: usize,
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub min_weight: f32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            epochs: 14,
            seed: 1,
            min_weight: 0.05,
        }
    }
}

/// Precision and recall counts per kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    /// Per kind in [`Kind::ALL`] order: (correct, predicted, gold).
    pub counts: [(usize, usize, usize); 4],
}

impl Scores {
    fn prf(c: (usize, usize, usize)) -> (f64, f64, f64) {
        let p = if c.1 == 0 {
            0.0
        } else {
            c.0 as f64 / c.1 as f64
        };
        let r = if c.2 == 0 {
            0.0
        } else {
            c.0 as f64 / c.2 as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }

    /// Precision, recall and F1 of one kind.
    pub fn of(&self, k: Kind) -> (f64, f64, f64) {
        Self::prf(self.counts[k as usize])
    }

    /// Precision, recall and F1 over all kinds (micro-averaged).
    pub fn total(&self) -> (f64, f64, f64) {
        let sum = self
            .counts
            .iter()
            .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
        Self::prf(sum)
    }

    fn add(&mut self, gold: &[NameSpan], pred: &[NameSpan]) {
        for g in gold {
            self.counts[g.kind as usize].2 += 1;
        }
        for p in pred {
            self.counts[p.kind as usize].1 += 1;
            if gold
                .iter()
                .any(|g| g.start == p.start && g.end == p.end && g.kind == p.kind)
            {
                self.counts[p.kind as usize].0 += 1;
            }
        }
    }

    /// One line per kind and a total, as `models/README.md` shows them.
    pub fn table(&self) -> String {
        let mut out = String::from("kind   precision  recall   F1      gold\n");
        for k in Kind::ALL {
            let (p, r, f) = self.of(k);
            out.push_str(&format!(
                "{:<6} {:>8.4} {:>8.4} {:>8.4} {:>7}\n",
                k.as_str(),
                p,
                r,
                f,
                self.counts[k as usize].2
            ));
        }
        let (p, r, f) = self.total();
        let n: usize = self.counts.iter().map(|c| c.2).sum();
        out.push_str(&format!(
            "{:<6} {:>8.4} {:>8.4} {:>8.4} {:>7}\n",
            "all", p, r, f, n
        ));
        out
    }
}

/// What one epoch did.
#[derive(Clone, Debug)]
pub struct Epoch {
    pub epoch: usize,
    /// Tokens whose guess differed from the gold tag.
    pub errors: usize,
    pub tokens: usize,
    /// Scores on the development documents, when there are any.
    pub dev: Option<Scores>,
}

/// A fixed generator (SplitMix64), so a seed always means one order.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// One pass over a document, updating the perceptron on known tags.
fn train_doc(p: &mut Perceptron, doc: &Prepared, gold: &[Option<u8>]) -> (usize, usize) {
    let mut walk = Walker::new(doc);
    walk.strict = false;
    let mut feats = Vec::with_capacity(64);
    let mut scores = [0f32; N_CLASSES];
    let (mut errors, mut seen) = (0, 0);
    for s in &doc.sentences {
        for (i, g) in gold.iter().enumerate().take(s.end).skip(s.start) {
            if walk.fast_o(s, i) {
                walk.commit(s, i, O);
                continue;
            }
            walk.features(s, i, &mut feats);
            p.scores(&feats, &mut scores);
            let allowed = walk.allowed(s, i);
            let (guess, _) = choose(&scores, allowed);
            let next = match *g {
                Some(g) => {
                    seen += 1;
                    errors += (g != guess) as usize;
                    p.update(&feats, g as usize, guess as usize);
                    if allowed & (1 << g) != 0 {
                        g
                    } else {
                        guess
                    }
                }
                None => guess,
            };
            walk.commit(s, i, next);
        }
    }
    (errors, seen)
}

/// Trains a recogniser. `report` hears about each epoch as it ends.
pub fn train(
    train: &[Example],
    dev: &[Example],
    lex: &Lexicon,
    config: &Config,
    mut report: impl FnMut(&Epoch),
) -> Recogniser {
    let prepared: Vec<Prepared> = train
        .iter()
        .map(|e| Prepared::new(&e.text, &e.seg, lex))
        .collect();
    let dev_prepared: Vec<Prepared> = dev
        .iter()
        .map(|e| Prepared::new(&e.text, &e.seg, lex))
        .collect();
    let mut p = Perceptron::new(N_CLASSES);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = SplitMix(config.seed);
    for epoch in 1..=config.epochs {
        rng.shuffle(&mut order);
        let (mut errors, mut tokens) = (0, 0);
        for &d in &order {
            let (e, n) = train_doc(&mut p, &prepared[d], &train[d].gold);
            errors += e;
            tokens += n;
        }
        let dev_scores = (!dev.is_empty()).then(|| {
            let model = Recogniser {
                weights: p.freeze(config.min_weight),
            };
            score_prepared(&model, dev, &dev_prepared)
        });
        report(&Epoch {
            epoch,
            errors,
            tokens,
            dev: dev_scores,
        });
    }
    Recogniser {
        weights: p.freeze(config.min_weight),
    }
}

fn score_prepared(model: &Recogniser, docs: &[Example], prepared: &[Prepared]) -> Scores {
    let mut scores = Scores::default();
    for (ex, doc) in docs.iter().zip(prepared) {
        let (gold, unknown) = gold_spans(ex);
        let pred: Vec<NameSpan> = model
            .recognise_prepared(doc)
            .into_iter()
            .filter(|s| !unknown[s.start..s.end].iter().any(|&u| u))
            .collect();
        scores.add(&gold, &pred);
    }
    scores
}

/// The gold names of an example, and which tokens are unknown (predictions
/// over them are not counted).
fn gold_spans(ex: &Example) -> (Vec<NameSpan>, Vec<bool>) {
    let tags: Vec<u8> = ex.gold.iter().map(|g| g.unwrap_or(O)).collect();
    let margins = vec![0.0; tags.len()];
    let unknown = ex.gold.iter().map(Option::is_none).collect();
    (spans(&tags, &margins), unknown)
}

/// Scores a model on annotated documents (exact spans and kinds).
pub fn evaluate(model: &Recogniser, docs: &[Example], lex: &Lexicon) -> Scores {
    let prepared: Vec<Prepared> = docs
        .iter()
        .map(|e| Prepared::new(&e.text, &e.seg, lex))
        .collect();
    score_prepared(model, docs, &prepared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_fixed() {
        let mut r = SplitMix(1);
        assert_eq!(r.next(), 0x910a_2dec_8902_5cc1);
        let mut v: Vec<u32> = (0..6).collect();
        SplitMix(7).shuffle(&mut v);
        let mut w: Vec<u32> = (0..6).collect();
        SplitMix(7).shuffle(&mut w);
        assert_eq!(v, w);
    }

    #[test]
    fn scores_count_exact_spans() {
        let s = |a, b, k| NameSpan {
            start: a,
            end: b,
            kind: k,
            score: 0.0,
        };
        let mut sc = Scores::default();
        sc.add(
            &[s(0, 2, Kind::Per), s(3, 4, Kind::Org)],
            &[s(0, 2, Kind::Per), s(3, 5, Kind::Org)],
        );
        assert_eq!(sc.of(Kind::Per), (1.0, 1.0, 1.0));
        assert_eq!(sc.of(Kind::Org), (0.0, 0.0, 0.0));
        assert_eq!(sc.total(), (0.5, 0.5, 0.5));
    }
}
