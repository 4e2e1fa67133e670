//! Edges out of memory: when a build's edge table passes its budget, its
//! edges are sorted by key and written as a *run* to an unnamed temporary
//! file; at the finish the runs are merged (k-way, edges with the same key
//! combined as the in-memory merge combines them), re-keyed, sorted again
//! in runs by output order and written to an [`EdgeStore`] that exporters
//! read an edge at a time. Memory holds at most a budget of edges and one
//! buffered reader per run.
//!
//! Records are plain little-endian numbers (`encode_edge`): an edge is a
//! few symbols and counts and its evidence positions, no text. The same
//! sorter and store hold any [`Record`]: the actors (`graph/actors.rs`)
//! go to runs the same way.

use std::cmp::Ordering;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};

use super::compact::{Edg, Ev, Key};
use super::intern::Sym;
use super::spill::read_exact_at;
use crate::model::Certainty;

/// Combines a later record of the same key into the first.
pub type Combine<'a, T = Edg> = &'a dyn Fn(&mut T, T);

/// What runs and stores hold: a record written as bytes and read back.
pub trait Record: Sized {
    fn encode(&self, out: &mut Vec<u8>);
    fn decode(bytes: &[u8]) -> io::Result<Self>;
    /// The memory it is counted for against a budget.
    fn cost(&self) -> usize;
    /// A symbol the sorter collects from every record it writes (edges:
    /// their relation).
    fn tag(&self) -> Option<Sym> {
        None
    }
}

impl Record for Edg {
    fn encode(&self, out: &mut Vec<u8>) {
        encode_edge(self, out)
    }
    fn decode(bytes: &[u8]) -> io::Result<Self> {
        decode_edge(bytes)
    }
    fn cost(&self) -> usize {
        edge_cost(self)
    }
    fn tag(&self) -> Option<Sym> {
        Some(self.key.1)
    }
}

/// Bytes an edge takes in memory besides its evidence records: the record
/// itself and its slot in the key index (an estimate).
pub const EDGE_BYTES: usize = std::mem::size_of::<Edg>() + 24;

/// Bytes one evidence record takes in memory.
pub const EV_BYTES: usize = std::mem::size_of::<Ev>();

/// The memory an edge is counted for against a budget.
pub fn edge_cost(e: &Edg) -> usize {
    EDGE_BYTES + EV_BYTES * e.evidence.len() + e.roles.as_ref().map_or(0, |r| 16 * r.len())
}

fn certainty_byte(c: Certainty) -> u8 {
    match c {
        Certainty::Negated => 0,
        Certainty::Hedged => 1,
        Certainty::Asserted => 2,
    }
}

pub(super) fn broken() -> io::Error {
    io::Error::other("a temporary file of the graph holds a broken record")
}

fn byte_certainty(b: u8) -> io::Result<Certainty> {
    match b {
        0 => Ok(Certainty::Negated),
        1 => Ok(Certainty::Hedged),
        2 => Ok(Certainty::Asserted),
        _ => Err(broken()),
    }
}

/// Appends an edge's record (a live edge; `live` is not stored).
pub fn encode_edge(e: &Edg, out: &mut Vec<u8>) {
    let u32s = |out: &mut Vec<u8>, xs: &[u32]| {
        for x in xs {
            out.extend_from_slice(&x.to_le_bytes());
        }
    };
    u32s(
        out,
        &[e.key.0, e.key.1, e.key.2, e.weight, e.evidence_count],
    );
    out.push(certainty_byte(e.certainty));
    let roles = e.roles.as_deref().map_or(&[][..], |r| &r[..]);
    u32s(out, &[roles.len() as u32, e.evidence.len() as u32]);
    for &(r, n) in roles {
        u32s(out, &[r]);
        out.extend_from_slice(&(n as u64).to_le_bytes());
    }
    for v in e.evidence.iter() {
        out.extend_from_slice(&v.text_at.to_le_bytes());
        u32s(out, &[v.doc, v.start, v.attributed]);
        out.push(certainty_byte(v.certainty));
    }
}

/// Reads the numbers of a record in order.
pub(super) struct Cursor<'a>(pub &'a [u8]);

impl Cursor<'_> {
    pub fn take<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        if self.0.len() < N {
            return Err(broken());
        }
        let (a, b) = self.0.split_at(N);
        self.0 = b;
        a.try_into().map_err(|_| broken())
    }
    pub fn u32(&mut self) -> io::Result<u32> {
        self.take::<4>().map(u32::from_le_bytes)
    }
    pub fn u64(&mut self) -> io::Result<u64> {
        self.take::<8>().map(u64::from_le_bytes)
    }
    pub fn certainty(&mut self) -> io::Result<Certainty> {
        byte_certainty(self.take::<1>()?[0])
    }
}

/// The edge `encode_edge` wrote.
pub fn decode_edge(bytes: &[u8]) -> io::Result<Edg> {
    let mut c = Cursor(bytes);
    let key: Key = (c.u32()?, c.u32()?, c.u32()?);
    let (weight, evidence_count) = (c.u32()?, c.u32()?);
    let certainty = c.certainty()?;
    let (nroles, nev) = (c.u32()? as usize, c.u32()? as usize);
    let mut roles = Vec::with_capacity(nroles.min(bytes.len()));
    for _ in 0..nroles {
        roles.push((c.u32()?, c.u64()? as usize));
    }
    let mut evidence = Vec::with_capacity(nev.min(bytes.len()));
    for _ in 0..nev {
        evidence.push(Ev {
            text_at: c.u64()?,
            doc: c.u32()?,
            start: c.u32()?,
            attributed: c.u32()?,
            certainty: c.certainty()?,
        });
    }
    if !c.0.is_empty() {
        return Err(broken());
    }
    Ok(Edg {
        key,
        certainty,
        weight,
        evidence_count,
        live: true,
        roles: (!roles.is_empty()).then(|| Box::new(roles)),
        evidence: evidence.into_boxed_slice(),
    })
}

/// Writes records, each after its length, to a temporary file.
pub struct RunWriter {
    w: BufWriter<File>,
    buf: Vec<u8>,
}

impl RunWriter {
    pub fn new() -> io::Result<Self> {
        Ok(RunWriter {
            w: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            buf: Vec::new(),
        })
    }

    pub fn write<T: Record>(&mut self, e: &T) -> io::Result<()> {
        self.buf.clear();
        e.encode(&mut self.buf);
        self.w.write_all(&(self.buf.len() as u32).to_le_bytes())?;
        self.w.write_all(&self.buf)
    }

    pub fn finish(self) -> io::Result<File> {
        self.w.into_inner().map_err(|e| e.into_error())
    }
}

fn write_run<T: Record>(records: &[T]) -> io::Result<File> {
    let mut w = RunWriter::new()?;
    for e in records {
        w.write(e)?;
    }
    w.finish()
}

/// A run being read back, a record at a time.
pub enum Run<T> {
    File(BufReader<File>, Vec<u8>),
    Mem(std::vec::IntoIter<T>),
}

impl<T: Record> Run<T> {
    /// Reads a file of [`RunWriter`] from its start.
    pub fn open(mut f: File) -> io::Result<Run<T>> {
        use std::io::Seek;
        f.rewind()?;
        Ok(Run::File(BufReader::with_capacity(1 << 16, f), Vec::new()))
    }

    pub fn read(&mut self) -> io::Result<Option<T>> {
        match self {
            Run::Mem(it) => Ok(it.next()),
            Run::File(r, buf) => {
                let mut len = [0; 4];
                match r.read_exact(&mut len) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
                    Err(e) => return Err(e),
                }
                buf.resize(u32::from_le_bytes(len) as usize, 0);
                r.read_exact(buf)?;
                T::decode(buf).map(Some)
            }
        }
    }
}

/// Merges sorted runs in order of `cmp` (ties to the earlier run) and
/// hands each edge to `emit`; with `combine`, edges of equal keys are
/// first combined (`combine(first, later)`).
fn merge_runs<T: Record>(
    mut runs: Vec<Run<T>>,
    cmp: &dyn Fn(&T, &T) -> Ordering,
    combine: Option<Combine<T>>,
    emit: &mut dyn FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    let mut heads: Vec<Option<T>> = Vec::with_capacity(runs.len());
    for r in &mut runs {
        heads.push(r.read()?);
    }
    // Few runs: the smallest head is found by a scan, ties to the first.
    let smallest = |heads: &[Option<T>]| {
        let mut best: Option<usize> = None;
        for (i, h) in heads.iter().enumerate() {
            if let Some(e) = h {
                if best.is_none_or(|b| cmp(e, heads[b].as_ref().unwrap_or(e)).is_lt()) {
                    best = Some(i);
                }
            }
        }
        best
    };
    let mut current: Option<T> = None;
    while let Some(i) = smallest(&heads) {
        let next = std::mem::replace(&mut heads[i], runs[i].read()?);
        let Some(next) = next else { continue };
        match (current.as_mut(), combine) {
            (Some(c), Some(f)) if cmp(c, &next) == Ordering::Equal => f(c, next),
            _ => {
                if let Some(done) = current.replace(next) {
                    emit(done)?;
                }
            }
        }
    }
    if let Some(done) = current {
        emit(done)?;
    }
    Ok(())
}

/// Runs kept before they are merged into one (open files, and readers
/// at the finish).
const MAX_RUNS: usize = 16;

/// Records (edges unless said otherwise) sorted in memory up to a budget
/// and in runs on disk beyond it.
pub struct Sorter<T = Edg> {
    budget: usize,
    used: usize,
    buf: Vec<T>,
    runs: Vec<File>,
    /// The [`Record::tag`] of every record written to a run (edges: their
    /// relation).
    pub relations: foldhash::HashSet<Sym>,
}

impl<T: Record> Sorter<T> {
    /// A sorter that keeps about `budget` bytes of edges in memory.
    pub fn new(budget: usize) -> Self {
        Sorter {
            budget,
            used: 0,
            buf: Vec::new(),
            runs: Vec::new(),
            relations: Default::default(),
        }
    }

    /// Runs on disk now.
    pub fn run_count(&self) -> usize {
        self.runs.len()
    }

    /// Whether some edges went to disk.
    pub fn spilled(&self) -> bool {
        !self.runs.is_empty()
    }

    /// Adds a record; writes the buffer as a run once it passes the budget.
    pub fn push(&mut self, e: T, cmp: &dyn Fn(&T, &T) -> Ordering) -> io::Result<()> {
        self.used += e.cost();
        self.buf.push(e);
        if self.used > self.budget {
            let mut buf = std::mem::take(&mut self.buf);
            // Stable: edges of equal keys keep the order they came in.
            buf.sort_by(|a, b| cmp(a, b));
            self.add_run(&buf, cmp)?;
            self.used = 0;
        }
        Ok(())
    }

    /// Writes edges already sorted by `cmp` (the `cmp` of
    /// [`Sorter::finish`]) as a run; past [`MAX_RUNS`] runs, merges them
    /// into one.
    pub fn add_run(&mut self, sorted: &[T], cmp: &dyn Fn(&T, &T) -> Ordering) -> io::Result<()> {
        if sorted.is_empty() {
            return Ok(());
        }
        self.relations.extend(sorted.iter().filter_map(T::tag));
        self.runs.push(write_run(sorted)?);
        if self.runs.len() >= MAX_RUNS {
            let mut runs = Vec::with_capacity(self.runs.len());
            for f in self.runs.drain(..) {
                runs.push(Run::open(f)?);
            }
            let mut w = RunWriter::new()?;
            merge_runs(runs, cmp, None, &mut |e| w.write(&e))?;
            self.runs.push(w.finish()?);
        }
        Ok(())
    }

    /// Adds a file of records already sorted by the `cmp` of the finish
    /// (written by a [`RunWriter`]) as the last run.
    pub fn adopt(&mut self, run: File) {
        self.runs.push(run);
    }

    /// Every record in order of `cmp`, those of equal keys combined.
    pub fn finish(
        self,
        cmp: &dyn Fn(&T, &T) -> Ordering,
        combine: Combine<T>,
        emit: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> io::Result<()> {
        self.finish_with(cmp, Some(combine), emit)
    }

    /// Every record in order of `cmp` (ties: earlier runs first), combined
    /// by `combine` when given.
    pub fn finish_with(
        self,
        cmp: &dyn Fn(&T, &T) -> Ordering,
        combine: Option<Combine<T>>,
        emit: &mut dyn FnMut(T) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut buf = self.buf;
        buf.sort_by(|a, b| cmp(a, b));
        let mut runs = Vec::with_capacity(self.runs.len() + 1);
        for f in self.runs {
            runs.push(Run::open(f)?);
        }
        runs.push(Run::Mem(buf.into_iter()));
        merge_runs(runs, cmp, combine, emit)
    }
}

/// Finished records (edges unless said otherwise) in output order in a
/// temporary file, read by position.
pub struct EdgeStore<T = Edg> {
    data: BufWriter<File>,
    /// The offset of each edge's record, and the end of the last one.
    offsets: BufWriter<File>,
    written: u64,
    count: usize,
    kind: std::marker::PhantomData<T>,
}

impl<T: Record> EdgeStore<T> {
    pub fn new() -> io::Result<Self> {
        let mut offsets = BufWriter::with_capacity(1 << 16, tempfile::tempfile()?);
        offsets.write_all(&0u64.to_le_bytes())?;
        Ok(EdgeStore {
            data: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            offsets,
            written: 0,
            count: 0,
            kind: std::marker::PhantomData,
        })
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Appends the next record in output order.
    pub fn push(&mut self, e: &T, scratch: &mut Vec<u8>) -> io::Result<()> {
        scratch.clear();
        e.encode(scratch);
        self.data.write_all(scratch)?;
        self.written += scratch.len() as u64;
        self.offsets.write_all(&self.written.to_le_bytes())?;
        self.count += 1;
        Ok(())
    }

    /// Ends writing: edges can now be read.
    pub fn seal(self) -> io::Result<SealedStore<T>> {
        let data = self.data.into_inner().map_err(|e| e.into_error())?;
        let offsets = self.offsets.into_inner().map_err(|e| e.into_error())?;
        Ok(SealedStore {
            data,
            offsets,
            count: self.count,
            kind: std::marker::PhantomData,
        })
    }
}

/// An [`EdgeStore`] done writing.
pub struct SealedStore<T = Edg> {
    data: File,
    offsets: File,
    count: usize,
    kind: std::marker::PhantomData<T>,
}

impl<T: Record> SealedStore<T> {
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The record at position `i` (`i < len`).
    pub fn get(&self, i: usize) -> io::Result<T> {
        let mut at = [0; 16];
        read_exact_at(&self.offsets, &mut at, 8 * i as u64)?;
        let word = |k: usize| u64::from_le_bytes(at[8 * k..8 * k + 8].try_into().unwrap_or([0; 8]));
        let (start, end) = (word(0), word(1));
        let len = usize::try_from(end.saturating_sub(start)).map_err(|_| broken())?;
        let mut buf = vec![0; len];
        read_exact_at(&self.data, &mut buf, start)?;
        T::decode(&buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::compact::NONE;

    fn edge(key: Key, weight: u32, ev: &[(u32, u32)]) -> Edg {
        Edg {
            key,
            certainty: Certainty::Hedged,
            weight,
            evidence_count: ev.len() as u32,
            live: true,
            roles: (weight == 2).then(|| Box::new(vec![(9, 3)])),
            evidence: ev
                .iter()
                .map(|&(doc, start)| Ev {
                    text_at: 1 << 40,
                    doc,
                    start,
                    attributed: if doc == 0 { NONE } else { 5 },
                    certainty: Certainty::Asserted,
                })
                .collect(),
        }
    }

    fn same(a: &Edg, b: &Edg) -> bool {
        (
            a.key,
            a.certainty,
            a.weight,
            a.evidence_count,
            &a.roles,
            &a.evidence,
        ) == (
            b.key,
            b.certainty,
            b.weight,
            b.evidence_count,
            &b.roles,
            &b.evidence,
        )
    }

    #[test]
    fn an_edge_survives_its_record_and_a_cut_record_is_an_error() {
        let e = edge((1, 2, 3), 2, &[(0, 4), (7, 8)]);
        let mut buf = Vec::new();
        encode_edge(&e, &mut buf);
        assert!(same(&decode_edge(&buf).unwrap(), &e));
        assert!(decode_edge(&buf[..buf.len() - 1]).is_err());
        buf.push(0);
        assert!(decode_edge(&buf).is_err());
    }

    #[test]
    fn spilled_runs_merge_in_order_with_equal_keys_combined() {
        let by_key = |a: &Edg, b: &Edg| a.key.cmp(&b.key);
        let add = |a: &mut Edg, b: Edg| a.weight += 10 * b.weight;
        // A budget of one edge: every push is a run of its own.
        let mut s = Sorter::new(1);
        for (k, w) in [(5, 1), (2, 2), (5, 3), (9, 4), (2, 5)] {
            s.push(edge((k, 0, 0), w, &[(k, 1)]), &by_key).unwrap();
        }
        s.push(edge((1, 0, 0), 6, &[]), &by_key).unwrap();
        assert!(s.spilled());
        let mut out = Vec::new();
        s.finish(&by_key, &add, &mut |e| {
            out.push((e.key.0, e.weight));
            Ok(())
        })
        .unwrap();
        // Earlier runs first: 2 then 5*10, 5 then 3*10 ... (sum order).
        assert_eq!(out, vec![(1, 6), (2, 52), (5, 31), (9, 4)]);
    }

    #[test]
    fn runs_past_the_limit_merge_into_one_keeping_their_order() {
        let by_key = |a: &Edg, b: &Edg| a.key.cmp(&b.key);
        let mut s = Sorter::new(0);
        // 40 runs of one edge: merged into one run twice on the way.
        for i in 0..40u32 {
            s.push(edge((i % 3, 0, 0), i + 1, &[]), &by_key).unwrap();
        }
        assert!(s.runs.len() < MAX_RUNS);
        let mut out = Vec::new();
        s.finish(
            &by_key,
            &|a, b| a.weight = 100 * a.weight + b.weight,
            &mut |e| {
                out.push(e.key.0);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(out, vec![0, 1, 2]);
        // 40 edges of one key, each a run: combined in the order they came.
        let mut s = Sorter::new(0);
        for i in 0..40u32 {
            s.push(edge((7, 0, 0), i + 1, &[]), &by_key).unwrap();
        }
        let log = |a: &mut Edg, b: Edg| {
            a.roles
                .get_or_insert_with(Default::default)
                .push((b.weight, 0))
        };
        let mut got = Vec::new();
        s.finish(&by_key, &log, &mut |e| {
            got.push((
                e.weight,
                e.roles.map(|r| r.iter().map(|x| x.0).collect::<Vec<_>>()),
            ));
            Ok(())
        })
        .unwrap();
        assert_eq!(got, vec![(1, Some((2..=40).collect()))]);
    }

    #[test]
    fn the_store_reads_edges_back_by_position() {
        let mut st = EdgeStore::new().unwrap();
        let edges: Vec<Edg> = (0..5).map(|i| edge((i, i, i), i + 1, &[(i, 2)])).collect();
        let mut scratch = Vec::new();
        for e in &edges {
            st.push(e, &mut scratch).unwrap();
        }
        let st = st.seal().unwrap();
        assert_eq!(st.len(), 5);
        assert!(same(&st.get(3).unwrap(), &edges[3]));
        assert!(same(&st.get(0).unwrap(), &edges[0]));
        assert!(st.get(5).is_err());
    }
}
