//! Training: an averaged perceptron over hashed sparse features.

use foldhash::{HashMap, HashMapExt};

use super::Weights;

/// One class weight of one feature while training.
#[derive(Clone, Copy, Debug)]
struct Param {
    class: u16,
    weight: f32,
    /// Sum of the weight over every instance up to `stamp`.
    total: f64,
    stamp: u64,
}

/// A multiclass averaged perceptron being trained.
///
/// Each feature owns a short list of the classes it has weights for, so an
/// update touches two classes per feature and scoring adds only the weights
/// that exist. Averaging uses time stamps: a weight's running total is
/// brought up to date only when the weight changes.
#[derive(Debug)]
pub struct Perceptron {
    n_classes: usize,
    rows: HashMap<u64, Vec<Param>>,
    /// Instances seen so far.
    time: u64,
}

impl Perceptron {
    pub fn new(n_classes: usize) -> Self {
        assert!(
            (1..=i16::MAX as usize).contains(&n_classes),
            "class count out of range"
        );
        Perceptron {
            n_classes,
            rows: HashMap::new(),
            time: 0,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Features with at least one weight.
    pub fn n_features(&self) -> usize {
        self.rows.len()
    }

    /// The current (not averaged) score of every class; `out` is
    /// overwritten and must have one slot per class.
    pub fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for p in row {
                    out[p.class as usize] += p.weight;
                }
            }
        }
    }

    /// Counts one training instance (call once per decision, whether or not
    /// it is updated).
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// Adds `delta` to `class` for every feature.
    pub fn add(&mut self, feats: &[u64], class: usize, delta: f32) {
        let now = self.time;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            let p = match row.iter().position(|p| p.class as usize == class) {
                Some(i) => &mut row[i],
                None => {
                    row.push(Param {
                        class: class as u16,
                        weight: 0.0,
                        total: 0.0,
                        stamp: now,
                    });
                    row.last_mut().expect("just pushed")
                }
            };
            p.total += (now - p.stamp) as f64 * p.weight as f64;
            p.stamp = now;
            p.weight += delta;
        }
    }

    /// The standard step: one instance, and if the guess was wrong, the
    /// truth's weights up and the guess's down.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        self.tick();
        if truth != guess {
            self.add(feats, truth, 1.0);
            self.add(feats, guess, -1.0);
        }
    }

    /// The averaged weights, without those whose magnitude is below
    /// `min_abs`, quantised for run time.
    pub fn freeze(&self, min_abs: f32) -> Weights {
        let t = self.time.max(1) as f64;
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = self
            .rows
            .iter()
            .map(|(&k, row)| {
                let mut kept: Vec<(u16, f32)> = row
                    .iter()
                    .map(|p| {
                        let total = p.total + (self.time - p.stamp) as f64 * p.weight as f64;
                        (p.class, (total / t) as f32)
                    })
                    .filter(|(_, w)| w.abs() >= min_abs && *w != 0.0)
                    .collect();
                kept.sort_by_key(|&(c, _)| c);
                (k, kept)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        rows.sort_by_key(|&(k, _)| k);
        Weights::from_rows(self.n_classes, &rows)
    }
}

/// The best class among those `allowed`, the lowest index on a tie.
pub fn argmax(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (c, &s) in scores.iter().enumerate() {
        if allowed(c) && best.is_none_or(|(_, b)| s > b) {
            best = Some((c, s));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averaging_weights_each_instance() {
        let mut p = Perceptron::new(2);
        // One wrong guess at the first of four instances: the weights are
        // +1/-1 for the three instances after it.
        p.update(&[10], 0, 1);
        p.update(&[10], 0, 0);
        p.update(&[10], 0, 0);
        p.update(&[10], 0, 0);
        let w = p.freeze(0.0);
        let mut s = [0.0; 2];
        w.scores(&[10], &mut s);
        assert!((s[0] - 0.75).abs() < 1e-3, "{s:?}");
        assert!((s[1] + 0.75).abs() < 1e-3, "{s:?}");
    }

    #[test]
    fn learns_a_separable_problem() {
        let data = [(vec![1u64, 5], 0usize), (vec![2, 5], 1), (vec![3, 5], 2)];
        let mut p = Perceptron::new(3);
        let mut s = [0.0; 3];
        for _ in 0..5 {
            for (f, y) in &data {
                p.scores(f, &mut s);
                let g = argmax(&s, |_| true).unwrap();
                p.update(f, *y, g);
            }
        }
        let w = p.freeze(0.0);
        for (f, y) in &data {
            w.scores(f, &mut s);
            assert_eq!(argmax(&s, |_| true), Some(*y));
        }
    }

    #[test]
    fn argmax_respects_allowed_and_ties() {
        assert_eq!(argmax(&[1.0, 3.0, 3.0], |_| true), Some(1));
        assert_eq!(argmax(&[1.0, 3.0, 3.0], |c| c != 1), Some(2));
        assert_eq!(argmax(&[1.0], |_| false), None);
    }
}
