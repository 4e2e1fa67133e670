//! Run time: frozen perceptron weights, quantised to 16 bits, in an
//! open-addressing table keyed by feature hash.

use super::io::{Reader, Writer};
use super::ModelError;

/// The frozen weights of a multiclass perceptron.
///
/// Feature rows are stored flat (`classes`, `values`, sliced by
/// `row_start`); the table maps a feature key to its row with linear
/// probing. A weight is `value * scale`.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    n_classes: usize,
    scale: f32,
    keys: Vec<u64>,
    row_start: Vec<u32>,
    classes: Vec<u16>,
    values: Vec<i16>,
    /// Slots: a key (0 = empty) and its row.
    slot_keys: Vec<u64>,
    slot_rows: Vec<u32>,
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
            classes: Vec::new(),
            values: Vec::new(),
            slot_keys: Vec::new(),
            slot_rows: Vec::new(),
        };
        for (k, row) in rows {
            w.keys.push(*k);
            for &(c, v) in row {
                let q = (v / scale).round() as i16;
                if q != 0 {
                    w.classes.push(c);
                    w.values.push(q);
                }
            }
            w.row_start.push(w.classes.len() as u32);
        }
        w.index();
        w
    }

    fn index(&mut self) {
        let cap = (self.keys.len() * 2).next_power_of_two().max(16);
        self.slot_keys = vec![0; cap];
        self.slot_rows = vec![0; cap];
        for (row, &k) in self.keys.iter().enumerate() {
            let mut i = slot(k, cap);
            while self.slot_keys[i] != 0 {
                i = (i + 1) & (cap - 1);
            }
            self.slot_keys[i] = k;
            self.slot_rows[i] = row as u32;
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Features kept.
    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Class weights kept, over all features.
    pub fn n_weights(&self) -> usize {
        self.values.len()
    }

    fn row(&self, key: u64) -> Option<usize> {
        let cap = self.slot_keys.len();
        let mut i = slot(key, cap);
        loop {
            let k = self.slot_keys[i];
            if k == key {
                return Some(self.slot_rows[i] as usize);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & (cap - 1);
        }
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
        for &f in feats {
            if let Some(r) = self.row(f) {
                let (a, b) = (self.row_start[r] as usize, self.row_start[r + 1] as usize);
                for (c, v) in self.classes[a..b].iter().zip(&self.values[a..b]) {
                    acc[*c as usize] += *v as i32;
                }
            }
        }
        for (o, a) in out.iter_mut().zip(acc.iter()) {
            *o += *a as f32 * self.scale;
        }
    }

    fn add_scores_wide(&self, feats: &[u64], out: &mut [f32]) {
        for &f in feats {
            if let Some(r) = self.row(f) {
                let (a, b) = (self.row_start[r] as usize, self.row_start[r + 1] as usize);
                for (c, v) in self.classes[a..b].iter().zip(&self.values[a..b]) {
                    out[*c as usize] += *v as f32 * self.scale;
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
            for i in a..b {
                if narrow {
                    w.u8(self.classes[i] as u8);
                } else {
                    w.u16(self.classes[i]);
                }
                w.i16(self.values[i]);
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
        let (mut classes, mut values, mut row_start) = (Vec::new(), Vec::new(), vec![0u32]);
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
                classes.push(c);
                values.push(r.i16()?);
            }
            row_start.push(classes.len() as u32);
        }
        let mut w = Weights {
            n_classes,
            scale,
            keys,
            row_start,
            classes,
            values,
            slot_keys: Vec::new(),
            slot_rows: Vec::new(),
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
