//! Run time: frozen perceptron weights, quantised to 16 bits, in an
//! open-addressing table keyed by feature hash.

use super::io::{Reader, Writer};
use super::ModelError;

/// The frozen weights of a multiclass perceptron.
///
/// Feature rows are stored flat (`pairs` of class and value, sliced by
/// `row_start`); the table maps a feature key to its row with linear
/// probing, each slot holding the key and the row's place so that a look-up
/// touches one slot and one row. A weight is `value * scale`.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    n_classes: usize,
    scale: f32,
    keys: Vec<u64>,
    row_start: Vec<u32>,
    pairs: Vec<(u16, i16)>,
    slots: Vec<Slot>,
}

/// A table slot: a key (0 = empty) and where its row is in `pairs`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[repr(C, align(16))]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

impl Weights {
    /// Builds from rows sorted by key, each with its (class, weight) pairs.
    pub(crate) fn from_rows(n_classes: usize, rows: &[(u64, Vec<(u16, f32)>)]) -> Weights {
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter().map(|&(_, w)| w.abs()))
            .fold(0.0f32, f32::max);
        let scale = if max > 0.0 {
            max / i16::MAX as f32
        } else {
            1.0
        };
        let mut w = Weights {
            n_classes,
            scale,
            keys: Vec::with_capacity(rows.len()),
            row_start: vec![0],
            pairs: Vec::new(),
            slots: Vec::new(),
        };
        for (k, row) in rows {
            w.keys.push(*k);
            for &(c, v) in row {
                let q = (v / scale).round() as i16;
                if q != 0 {
                    w.pairs.push((c, q));
                }
            }
            w.row_start.push(w.pairs.len() as u32);
        }
        w.index();
        w
    }

    fn index(&mut self) {
        let cap = (self.keys.len() * 2).next_power_of_two().max(16);
        self.slots = vec![Slot::default(); cap];
        for (row, &k) in self.keys.iter().enumerate() {
            let mut i = slot(k, cap);
            while self.slots[i].key != 0 {
                i = (i + 1) & (cap - 1);
            }
            let (a, b) = (self.row_start[row], self.row_start[row + 1]);
            self.slots[i] = Slot {
                key: k,
                start: a,
                len: b - a,
            };
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// The same weights without those of magnitude below `min_abs` (and
    /// without features left with none): a smaller model.
    pub fn pruned(&self, min_abs: f32) -> Weights {
        let rows: Vec<(u64, Vec<(u16, f32)>)> = self
            .keys
            .iter()
            .enumerate()
            .map(|(r, &k)| {
                let (a, b) = (self.row_start[r] as usize, self.row_start[r + 1] as usize);
                let row = self.pairs[a..b]
                    .iter()
                    .map(|&(c, v)| (c, v as f32 * self.scale))
                    .filter(|(_, w)| w.abs() >= min_abs)
                    .collect();
                (k, row)
            })
            .filter(|(_, row): &(u64, Vec<(u16, f32)>)| !row.is_empty())
            .collect();
        Weights::from_rows(self.n_classes, &rows)
    }

    /// Features kept.
    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Class weights kept, over all features.
    pub fn n_weights(&self) -> usize {
        self.pairs.len()
    }

    /// The (class, value) pairs of a feature's row, if it has one.
    #[inline]
    fn row(&self, key: u64) -> Option<&[(u16, i16)]> {
        let cap = self.slots.len();
        let mut i = slot(key, cap);
        loop {
            let s = &self.slots[i];
            if s.key == key {
                let a = s.start as usize;
                return Some(&self.pairs[a..a + s.len as usize]);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & (cap - 1);
        }
    }

    /// Asks the processor to start loading the slots of `feats`, so that
    /// the look-ups that follow overlap their memory latency.
    #[inline]
    fn prefetch(&self, feats: &[u64]) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            let cap = self.slots.len();
            for &f in feats {
                let p = self.slots[slot(f, cap)..].as_ptr();
                // SAFETY: a prefetch is a hint; `p` points into `slots`.
                unsafe { _mm_prefetch(p as *const i8, _MM_HINT_T0) };
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = feats;
    }

    /// The score of every class; `out` is overwritten and must have one
    /// slot per class.
    pub fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        self.add_scores(feats, out);
    }

    /// Adds the features' weights to `out`.
    pub fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        let mut acc = [0i32; 512];
        if self.n_classes > acc.len() {
            return self.add_scores_wide(feats, out);
        }
        let acc = &mut acc[..self.n_classes];
        self.prefetch(feats);
        for &f in feats {
            if let Some(row) = self.row(f) {
                for &(c, v) in row {
                    acc[c as usize] += v as i32;
                }
            }
        }
        for (o, a) in out.iter_mut().zip(acc.iter()) {
            *o += *a as f32 * self.scale;
        }
    }

    fn add_scores_wide(&self, feats: &[u64], out: &mut [f32]) {
        for &f in feats {
            if let Some(row) = self.row(f) {
                for &(c, v) in row {
                    out[c as usize] += v as f32 * self.scale;
                }
            }
        }
    }

    /// Appends the binary form: sorted keys as varint deltas, then each
    /// row's length and (class, value) pairs.
    pub fn write(&self, w: &mut Writer) {
        w.u32(self.n_classes as u32);
        w.f32(self.scale);
        w.u64(self.keys.len() as u64);
        let mut prev = 0u64;
        for &k in &self.keys {
            varint(&mut w.buf, k - prev);
            prev = k;
        }
        let narrow = self.n_classes <= 256;
        for r in 0..self.keys.len() {
            let (a, b) = (self.row_start[r] as usize, self.row_start[r + 1] as usize);
            varint(&mut w.buf, (b - a) as u64);
            for &(c, v) in &self.pairs[a..b] {
                if narrow {
                    w.u8(c as u8);
                } else {
                    w.u16(c);
                }
                w.i16(v);
            }
        }
    }

    /// Reads what [`Weights::write`] wrote, checking every count and class.
    pub fn read(r: &mut Reader) -> Result<Weights, ModelError> {
        let n_classes = r.u32()? as usize;
        if !(1..=u16::MAX as usize).contains(&n_classes) {
            return Err(ModelError::Corrupt(format!("{n_classes} classes")));
        }
        let scale = r.f32()?;
        let n = r.u64()? as usize;
        if n > r.remaining() {
            return Err(ModelError::Corrupt(format!("{n} features claimed")));
        }
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            let k = prev
                .checked_add(read_varint(r)?)
                .ok_or_else(|| ModelError::Corrupt("feature keys overflow".into()))?;
            if k == 0 || (!keys.is_empty() && k == prev) {
                return Err(ModelError::Corrupt("feature keys not increasing".into()));
            }
            keys.push(k);
            prev = k;
        }
        let narrow = n_classes <= 256;
        let (mut pairs, mut row_start) = (Vec::new(), vec![0u32]);
        for _ in 0..n {
            let len = read_varint(r)? as usize;
            if len > n_classes {
                return Err(ModelError::Corrupt(format!("a row of {len} weights")));
            }
            for _ in 0..len {
                let c = if narrow { r.u8()? as u16 } else { r.u16()? };
                if c as usize >= n_classes {
                    return Err(ModelError::Corrupt(format!("class {c} of {n_classes}")));
                }
                pairs.push((c, r.i16()?));
            }
            row_start.push(pairs.len() as u32);
        }
        let mut w = Weights {
            n_classes,
            scale,
            keys,
            row_start,
            pairs,
            slots: Vec::new(),
        };
        w.index();
        Ok(w)
    }
}

#[inline]
fn slot(key: u64, cap: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & (cap - 1)
}

fn varint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

fn read_varint(r: &mut Reader) -> Result<u64, ModelError> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = r.u8()?;
        v |= ((b & 0x7f) as u64) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err(ModelError::Corrupt("a number is too long".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Weights {
        Weights::from_rows(
            3,
            &[
                (5, vec![(0, 1.0), (2, -0.5)]),
                (77, vec![(1, 0.25)]),
                (u64::MAX, vec![(2, 2.0)]),
            ],
        )
    }

    #[test]
    fn scores_sum_the_rows_of_known_features() {
        let w = sample();
        let mut s = [0.0; 3];
        w.scores(&[5, 77, 999, u64::MAX], &mut s);
        assert!((s[0] - 1.0).abs() < 1e-3 && (s[1] - 0.25).abs() < 1e-3);
        assert!((s[2] - 1.5).abs() < 1e-3, "{s:?}");
    }

    #[test]
    fn pruning_drops_small_weights_and_empty_rows() {
        let w = sample().pruned(0.3);
        assert_eq!((w.n_features(), w.n_weights()), (2, 3));
        let mut s = [0.0; 3];
        w.scores(&[5, 77, u64::MAX], &mut s);
        assert!((s[0] - 1.0).abs() < 1e-3 && s[1] == 0.0, "{s:?}");
        assert!((s[2] - 1.5).abs() < 1e-3, "{s:?}");
    }

    #[test]
    fn binary_form_round_trips_and_rejects_damage() {
        let w = sample();
        let mut out = Writer::new();
        w.write(&mut out);
        let back = Weights::read(&mut Reader::new(&out.buf)).unwrap();
        assert_eq!(back, w);
        for cut in 0..out.buf.len() {
            assert!(Weights::read(&mut Reader::new(&out.buf[..cut])).is_err());
        }
    }
}
