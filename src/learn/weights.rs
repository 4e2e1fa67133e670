//! Run time: frozen perceptron weights, quantised to 16 bits, in a
//! compact open-addressing table keyed by feature hash.

use super::io::{Reader, Writer};
use super::ModelError;

/// The frozen weights of a multiclass perceptron.
///
/// The stored form is `keys` (sorted) with their rows of (class, value)
/// pairs (`pairs`, sliced by `row_start`); a weight is `value * scale`.
/// For scoring, [`Table`] holds the same rows in a layout made for cache
/// misses: see there.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    n_classes: usize,
    scale: f32,
    keys: Vec<u64>,
    row_start: Vec<u32>,
    pairs: Vec<(u16, i16)>,
    table: Table,
}

/// The run-time index of the rows.
///
/// `slots` is an open-addressing table (linear probing, at most two thirds
/// full) of 8-byte slots, eight to a cache line: the upper 32 bits of a
/// feature key (its fingerprint; 0 = empty), how many cache lines its row
/// spans after the first (2 bits) and where the row starts in `rows` (30
/// bits). A row is a header and its weights: a header `h >= 0` is followed
/// by `h` (class, value) pairs; a header of -1 by a value for every class,
/// for rows with weights for at least an eighth of the classes (the
/// frequent features), summed with vector instructions. A look-up touches
/// one slot line and the row's lines, and [`Weights::add_scores`] prefetches
/// all the slots of a state's features, then all their rows, overlapping
/// the misses. Keys whose low bits (the slot) and fingerprint both agree
/// would be confused: for two keys among a model's million, a chance of
/// about one in 2^50 (checked when building in debug builds).
#[derive(Clone, Debug, Default, PartialEq)]
struct Table {
    slots: Vec<u64>,
    rows: Vec<i16>,
}

/// A dense row's header.
const DENSE: i16 = -1;
/// Rows with weights for at least one class in `DENSE_FROM` are stored
/// densely: summing a dense row with vector instructions costs less than
/// adding its pairs one by one, and the table grows little (the parser's
/// and tagger's tables from 24.6 to 26.1 MB; the sums are the same).
const DENSE_FROM: usize = 8;
/// Models with more classes than this sum in floats, row by row.
const WIDE: usize = 256;
/// Where a row starts, in a slot's low 30 bits.
const AT_MASK: u64 = (1 << 30) - 1;

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
            table: Table::default(),
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

    /// Builds the run-time table from the stored rows: the longest rows
    /// (the most frequent features) first, so that they share pages and
    /// stay in the caches; slots at most three quarters full.
    fn index(&mut self) {
        let nc = self.n_classes;
        let len = |r: usize| (self.row_start[r + 1] - self.row_start[r]) as usize;
        let dense = |r: usize| len(r) * DENSE_FROM >= nc && nc <= WIDE;
        let size = |r: usize| if dense(r) { nc + 1 } else { 2 * len(r) + 1 };
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_by_key(|&r| std::cmp::Reverse(len(r)));
        let cap = (self.keys.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let mut slots: Vec<u64> = huge_vec(cap);
        let mut rows: Vec<i16> = huge_vec(order.iter().map(|&r| size(r)).sum());
        rows.clear();
        for r in order {
            let pairs = &self.pairs[self.row_start[r] as usize..self.row_start[r + 1] as usize];
            let at = rows.len();
            if dense(r) {
                rows.push(DENSE);
                let base = rows.len();
                rows.resize(base + nc, 0);
                for &(c, v) in pairs {
                    rows[base + c as usize] = v;
                }
            } else {
                rows.push(pairs.len() as i16);
                for &(c, v) in pairs {
                    rows.extend_from_slice(&[c as i16, v]);
                }
            }
            let extra_lines = ((rows.len() - at) * 2 - 1) as u64 / 64;
            let k = self.keys[r];
            let fp = fingerprint(k);
            let mut i = k as usize & (cap - 1);
            while slots[i] != 0 {
                debug_assert!(
                    slots[i] >> 32 != fp as u64,
                    "keys share a slot and fingerprint"
                );
                i = (i + 1) & (cap - 1);
            }
            slots[i] = (fp as u64) << 32 | extra_lines.min(3) << 30 | at as u64;
        }
        assert!(
            rows.len() as u64 <= AT_MASK,
            "a model too large for its table"
        );
        self.table = Table { slots, rows };
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

    /// The mean of two models' weights over the same classes (a feature
    /// one lacks counts 0 there).
    pub fn mean(&self, other: &Weights) -> Weights {
        Weights::mean_of(&[self, other])
    }

    /// The mean of several models' weights over the classes of the first
    /// (a feature one lacks counts 0 there); `None` if there are none or
    /// their class counts differ.
    pub fn mean_of_checked(models: &[&Weights]) -> Option<Weights> {
        let n = models.first()?.n_classes;
        models
            .iter()
            .all(|w| w.n_classes == n)
            .then(|| Weights::mean_of(models))
    }

    /// [`Weights::mean_of_checked`] for models known to share their classes.
    fn mean_of(models: &[&Weights]) -> Weights {
        let n_classes = models[0].n_classes;
        let share = 1.0 / models.len() as f32;
        let mut rows: std::collections::BTreeMap<u64, Vec<f32>> = Default::default();
        for w in models {
            for (r, &k) in w.keys.iter().enumerate() {
                let row = rows.entry(k).or_insert_with(|| vec![0.0; n_classes]);
                let (a, b) = (w.row_start[r] as usize, w.row_start[r + 1] as usize);
                for &(c, v) in &w.pairs[a..b] {
                    row[c as usize] += share * v as f32 * w.scale;
                }
            }
        }
        let rows: Vec<(u64, Vec<(u16, f32)>)> = rows
            .into_iter()
            .map(|(k, r)| {
                let pairs = (0..r.len() as u16).zip(r).filter(|&(_, v)| v != 0.0);
                (k, pairs.collect())
            })
            .collect();
        Weights::from_rows(n_classes, &rows)
    }

    /// Features kept.
    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// The bytes of the run-time table (slots and rows).
    pub fn table_bytes(&self) -> usize {
        self.table.slots.len() * 8 + self.table.rows.len() * 2
    }

    /// Class weights kept, over all features.
    pub fn n_weights(&self) -> usize {
        self.pairs.len()
    }

    /// The slot of `key` (without its fingerprint), if it has a row.
    #[inline]
    fn find(&self, key: u64) -> Option<u32> {
        let slots = &self.table.slots;
        let mask = slots.len() - 1;
        let fp = fingerprint(key) as u64;
        let mut i = key as usize & mask;
        loop {
            let s = slots[i];
            if s >> 32 == fp {
                return Some(s as u32);
            }
            if s == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// The score of every class; `out` is overwritten and must have one
    /// slot per class.
    pub fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        self.add_scores(feats, out);
    }

    /// Adds the features' weights to `out`: all their slots are asked for
    /// at once, then all their rows, then the rows are summed, so that the
    /// cache misses overlap instead of following one another.
    pub fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        let mut acc = [0i32; WIDE];
        self.gather(feats, &mut acc, out);
        if self.has_sums() {
            for (o, a) in out.iter_mut().zip(acc.iter()) {
                *o += *a as f32 * self.scale;
            }
        }
    }

    /// Whether [`Weights::add_sums`] can be used (at most 256 classes).
    pub fn has_sums(&self) -> bool {
        self.n_classes <= WIDE
    }

    /// Adds the features' weights, in units of [`Weights::scale`], to the
    /// integer sums `acc` (one per class; only where
    /// [`Weights::has_sums`]): sums of parts of a feature set add up to
    /// exactly the sums of the whole, so a caller can keep the part that
    /// did not change.
    pub fn add_sums(&self, feats: &[u64], acc: &mut [i32]) {
        debug_assert!(self.has_sums() && acc.len() == self.n_classes);
        let mut sums = [0i32; WIDE];
        self.gather(feats, &mut sums, &mut []);
        for (a, s) in acc.iter_mut().zip(sums) {
            *a += s;
        }
    }

    /// What one unit of [`Weights::add_sums`] weighs.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// The look-ups of [`Weights::add_scores`]: rows go to the integer
    /// sums `acc` (or, for more than `WIDE` classes, to `out`).
    fn gather(&self, feats: &[u64], acc: &mut [i32; WIDE], out: &mut [f32]) {
        const CHUNK: usize = 128;
        let slots = &self.table.slots;
        let mask = slots.len() - 1;
        let mut found = [0u32; CHUNK];
        for chunk in feats.chunks(CHUNK) {
            for &f in chunk {
                prefetch(&slots[f as usize & mask]);
            }
            let mut n = 0;
            for &f in chunk {
                if let Some(s) = self.find(f) {
                    let at = (s as u64 & AT_MASK) as usize;
                    for line in 0..=(s >> 30) as usize {
                        prefetch(&self.table.rows[(at + 32 * line).min(self.table.rows.len() - 1)]);
                    }
                    found[n] = at as u32;
                    n += 1;
                }
            }
            if self.has_sums() {
                self.add_rows(&found[..n], acc);
            } else {
                for &at in &found[..n] {
                    self.add_row_wide(at as usize, out);
                }
            }
        }
    }

    /// Adds the rows at `found` to the integer sums `acc` (at most `WIDE`
    /// classes), with AVX2 where the processor has it.
    #[inline]
    fn add_rows(&self, found: &[u32], acc: &mut [i32; WIDE]) {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2 (checked just above).
            unsafe { add_rows_avx2(&self.table.rows, self.n_classes, found, acc) };
            return;
        }
        add_rows_plain(&self.table.rows, self.n_classes, found, acc);
    }

    /// Adds the row at `at` (always pairs: more than `WIDE` classes)
    /// straight to `out`.
    #[inline]
    fn add_row_wide(&self, at: usize, out: &mut [f32]) {
        let rows = &self.table.rows;
        let h = rows[at] as usize;
        for p in rows[at + 1..at + 1 + 2 * h].chunks_exact(2) {
            out[p[0] as u16 as usize] += p[1] as f32 * self.scale;
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
        if !(1..=i16::MAX as usize).contains(&n_classes) {
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
            table: Table::default(),
        };
        w.index();
        Ok(w)
    }
}

/// The upper half of a key, never 0 (0 marks an empty slot).
#[inline]
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

/// Adds the rows starting at `found` to the integer sums `acc` of `nc`
/// classes: a dense row with vector instructions, a row of pairs pair by
/// pair (`nc` is at most `WIDE`, so a class is a byte and indexes `acc`
/// unchecked).
#[inline(always)]
fn add_rows_plain(rows: &[i16], nc: usize, found: &[u32], acc: &mut [i32; WIDE]) {
    for &at in found {
        let at = at as usize;
        let h = rows[at];
        if h == DENSE {
            for (a, &v) in acc[..nc].iter_mut().zip(&rows[at + 1..at + 1 + nc]) {
                *a += v as i32;
            }
        } else {
            for p in rows[at + 1..at + 1 + 2 * h as usize].chunks_exact(2) {
                acc[p[0] as u8 as usize] += p[1] as i32;
            }
        }
    }
}

/// [`add_rows_plain`] compiled for AVX2 (eight classes an instruction).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn add_rows_avx2(rows: &[i16], nc: usize, found: &[u32], acc: &mut [i32; WIDE]) {
    add_rows_plain(rows, nc, found, acc);
}

/// Asks the processor to start loading the cache line of `x`.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is a hint; the pointer comes from a reference.
        unsafe { _mm_prefetch(x as *const T as *const i8, _MM_HINT_T0) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// A vector of `len` default values whose memory the kernel is asked to
/// back with 2 MiB pages (Linux): the tables are read at random, and with
/// 4 KiB pages nearly every look-up would also miss the address cache.
fn huge_vec<T: Copy + Default>(len: usize) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(len);
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let addr = v.as_ptr() as usize;
        let start = addr.next_multiple_of(HUGE);
        let end = (addr + len * std::mem::size_of::<T>()) & !(HUGE - 1);
        if end > start {
            // SAFETY: advice on whole pages inside this vector's own
            // allocation; it changes how memory is backed, never its contents.
            unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
        }
    }
    v.resize(len, T::default());
    v
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
    fn keys_sharing_a_slot_are_told_apart() {
        // Same low bits (one slot, probed on), different upper halves; a
        // row dense (4 of 4 classes) and one of pairs.
        let (a, b, c) = (1u64 << 32 | 3, 2u64 << 32 | 3, 3u64 << 32 | 3);
        let w = Weights::from_rows(
            4,
            &[
                (a, vec![(0, 1.0), (1, 2.0), (2, 3.0), (3, 4.0)]),
                (b, vec![(3, -2.0)]),
                (c, vec![(1, 0.5)]),
            ],
        );
        let mut s = [0.0; 4];
        w.scores(&[a, b, c, 4u64 << 32 | 3, 7], &mut s);
        let want = [1.0, 2.5, 3.0, 2.0];
        for (got, want) in s.iter().zip(want) {
            assert!((got - want).abs() < 1e-3, "{s:?}");
        }
        w.scores(&[b, 9, c], &mut s);
        assert!(
            (s[3] + 2.0).abs() < 1e-3 && (s[1] - 0.5).abs() < 1e-3,
            "{s:?}"
        );
    }

    #[test]
    fn dense_and_sparse_rows_sum_alike() {
        // 40 classes: a row of 5 weights or more is stored densely, one
        // of fewer as pairs; the same weights either way.
        let dense: Vec<(u16, f32)> = (0..40).step_by(7).map(|c| (c, c as f32 - 20.0)).collect();
        let sparse = vec![(3u16, 2.0f32), (39, -4.0)];
        let w = Weights::from_rows(40, &[(11, dense), (12, sparse)]);
        let rows = &w.table.rows;
        let headers: Vec<i16> = [11u64, 12]
            .iter()
            .map(|&k| rows[(w.find(k).unwrap() as u64 & AT_MASK) as usize])
            .collect();
        assert_eq!(headers, vec![DENSE, 2]);
        let mut s = [0.0f32; 40];
        w.scores(&[11, 12, 11], &mut s);
        let mut want = [0.0f32; 40];
        for c in (0..40).step_by(7) {
            want[c] = 2.0 * (c as f32 - 20.0);
        }
        want[3] += 2.0;
        want[39] -= 4.0;
        for (c, (got, want)) in s.iter().zip(want).enumerate() {
            assert!((got - want).abs() < 1e-2, "class {c}: {got} against {want}");
        }
    }

    #[test]
    fn plain_and_vector_sums_agree() {
        let dense: Vec<(u16, f32)> = (0..104).map(|c| (c, c as f32 - 50.0)).collect();
        let w = Weights::from_rows(104, &[(21, dense), (22, vec![(103, 7.0)])]);
        let found: Vec<u32> = [21u64, 22, 21]
            .iter()
            .map(|&k| (w.find(k).unwrap() as u64 & AT_MASK) as u32)
            .collect();
        let mut plain = [0i32; WIDE];
        add_rows_plain(&w.table.rows, 104, &found, &mut plain);
        let q = |v: f32| (v / w.scale()).round() as i32;
        assert_eq!(
            (plain[0], plain[50], plain[103]),
            (2 * q(-50.0), 0, 2 * q(53.0) + q(7.0))
        );
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            let mut vector = [0i32; WIDE];
            // SAFETY: the processor has AVX2 (checked just above).
            unsafe { add_rows_avx2(&w.table.rows, 104, &found, &mut vector) };
            assert_eq!(plain, vector);
        }
    }

    #[test]
    fn sums_of_parts_add_up_to_the_scores_of_the_whole() {
        let w = sample();
        assert!(w.has_sums());
        let (mut a, mut b) = ([0i32; 3], [0i32; 3]);
        w.add_sums(&[5, 999], &mut a);
        w.add_sums(&[77, u64::MAX], &mut b);
        let mut whole = [0.0; 3];
        w.scores(&[5, 77, 999, u64::MAX], &mut whole);
        for c in 0..3 {
            assert_eq!((a[c] + b[c]) as f32 * w.scale(), whole[c]);
        }
        assert!((whole[2] - 1.5).abs() < 1e-3, "{whole:?}");
    }

    #[test]
    fn the_mean_of_two_models_halves_each_weight() {
        let other = Weights::from_rows(3, &[(5, vec![(0, 3.0)]), (6, vec![(1, -1.0)])]);
        let m = sample().mean(&other);
        assert_eq!((m.n_features(), m.n_weights()), (4, 5));
        let mut s = [0.0; 3];
        m.scores(&[5], &mut s);
        let want = [2.0, 0.0, -0.25];
        for (got, want) in s.iter().zip(want) {
            assert!((got - want).abs() < 1e-3, "{s:?}");
        }
        m.scores(&[6, 77], &mut s);
        assert!((s[1] + 0.375).abs() < 1e-3, "{s:?}");
    }

    #[test]
    fn the_mean_of_three_models_takes_a_third_of_each_weight() {
        let b = Weights::from_rows(3, &[(5, vec![(0, 3.0)])]);
        let c = Weights::from_rows(3, &[(5, vec![(0, -1.5)]), (6, vec![(2, 0.9)])]);
        let m = Weights::mean_of_checked(&[&sample(), &b, &c]).unwrap();
        let mut s = [0.0; 3];
        m.scores(&[5], &mut s);
        let want = [(1.0 + 3.0 - 1.5) / 3.0, 0.0, -0.5 / 3.0];
        for (got, want) in s.iter().zip(want) {
            assert!((got - want).abs() < 1e-3, "{s:?}");
        }
        m.scores(&[6], &mut s);
        assert!((s[2] - 0.3).abs() < 1e-3, "{s:?}");
        let four = Weights::from_rows(4, &[(5, vec![(0, 1.0)])]);
        assert!(Weights::mean_of_checked(&[&b, &four]).is_none());
        assert!(Weights::mean_of_checked(&[]).is_none());
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
