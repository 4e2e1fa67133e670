//! The table of documents a build has met: each one's id and where its
//! details are stored, by number, kept out of memory. A record per
//! document (where its details are, and its id: [`REC`] bytes) and the
//! ids too long for a record go to two [`Store`]s, in memory up to a
//! buffer and in temporary files beyond; memory keeps the last id and,
//! only once ids have come out of order, every id (an [`Interner`]),
//! which the merge then needs to order documents by id.
//!
//! While ids arrive in order (as they do from a sorted folder or a
//! corpus of numbered records) a document's number orders it as its id
//! does, a new id is greater than the last, and a repeated one is found
//! by a binary search of the records: nothing per document stays in
//! memory.

use std::cmp::Ordering;
use std::fs::File;
use std::io;

use super::intern::Interner;
use super::spill::{decode_info, read_exact_at, Spill};
use crate::model::DocumentInfo;

/// A document's number: its place in the order documents were first seen.
pub type Doc = u32;

/// Bytes of an id kept in its document's record; longer ids go to the
/// table's store of ids and the record keeps where.
const INLINE: usize = 32;

/// Bytes of a document's record: where its details are stored (`u64::MAX`:
/// none) and their length, the id's length, and the id (see [`INLINE`]).
pub const REC: usize = 16 + INLINE;

/// Bytes of records and of ids a build's table keeps in memory before it
/// writes them to its files.
pub const DOC_BUFFER: usize = 1 << 20;

/// Bytes appended and readable at any time: the first `flushed` in a
/// temporary file (made when first needed), the rest in memory.
#[derive(Debug)]
pub(super) struct Store {
    file: Option<File>,
    flushed: u64,
    mem: Vec<u8>,
    /// Bytes kept in memory before a write (`usize::MAX`: never).
    buffer: usize,
}

impl Store {
    pub(super) fn new(buffer: usize) -> Self {
        Store {
            file: None,
            flushed: 0,
            mem: Vec::new(),
            buffer,
        }
    }

    pub(super) fn len(&self) -> u64 {
        self.flushed + self.mem.len() as u64
    }

    /// Appends bytes; returns where they start.
    pub(super) fn append(&mut self, bytes: &[u8]) -> io::Result<u64> {
        let at = self.len();
        self.mem.extend_from_slice(bytes);
        if self.mem.len() > self.buffer {
            let file = match self.file.take() {
                Some(f) => f,
                None => tempfile::tempfile()?,
            };
            let written = write_all_at(&file, &self.mem, self.flushed);
            self.file = Some(file);
            written?;
            self.flushed += self.mem.len() as u64;
            self.mem.clear();
        }
        Ok(at)
    }

    /// Overwrites bytes at `at` (inside what was appended).
    fn patch(&mut self, at: u64, bytes: &[u8]) -> io::Result<()> {
        match (at.checked_sub(self.flushed), &self.file) {
            (Some(i), _) => {
                let i = i as usize;
                self.mem[i..i + bytes.len()].copy_from_slice(bytes);
                Ok(())
            }
            (None, Some(f)) => write_all_at(f, bytes, at),
            (None, None) => Err(io::Error::other("no temporary document file to patch")),
        }
    }

    /// Reads `buf.len()` bytes from `at`.
    pub(super) fn read(&self, at: u64, buf: &mut [u8]) -> io::Result<()> {
        let end = at + buf.len() as u64;
        if end > self.len() {
            return Err(io::Error::other(
                "a read past the end of a temporary store (documents or strings)",
            ));
        }
        let on_disk = (self.flushed.saturating_sub(at) as usize).min(buf.len());
        if on_disk > 0 {
            let f = self.file.as_ref().ok_or_else(|| {
                io::Error::other("no temporary file for the documents or strings")
            })?;
            read_exact_at(f, &mut buf[..on_disk], at)?;
        }
        if on_disk < buf.len() {
            let from = (at + on_disk as u64 - self.flushed) as usize;
            let n = buf.len() - on_disk;
            buf[on_disk..].copy_from_slice(&self.mem[from..from + n]);
        }
        Ok(())
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.mem.capacity()
    }
}

#[cfg(unix)]
fn write_all_at(f: &File, buf: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, buf, at)
}

#[cfg(windows)]
fn write_all_at(f: &File, mut buf: &[u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match f.seek_write(buf, at)? {
            0 => return Err(io::ErrorKind::WriteZero.into()),
            n => {
                buf = &buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

/// A document's record as [`REC`] bytes hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rec {
    info_at: u64,
    info_len: u32,
    id_len: u32,
    /// The id, or where it is stored (the first 8 bytes) when longer
    /// than [`INLINE`].
    id: [u8; INLINE],
}

impl Rec {
    fn bytes(&self) -> [u8; REC] {
        let mut b = [0; REC];
        b[..8].copy_from_slice(&self.info_at.to_le_bytes());
        b[8..12].copy_from_slice(&self.info_len.to_le_bytes());
        b[12..16].copy_from_slice(&self.id_len.to_le_bytes());
        b[16..].copy_from_slice(&self.id);
        b
    }

    fn from_bytes(b: &[u8; REC]) -> Rec {
        let mut id = [0; INLINE];
        id.copy_from_slice(&b[16..]);
        Rec {
            info_at: u64::from_le_bytes(b[..8].try_into().unwrap_or_default()),
            info_len: u32::from_le_bytes(b[8..12].try_into().unwrap_or_default()),
            id_len: u32::from_le_bytes(b[12..16].try_into().unwrap_or_default()),
            id,
        }
    }

    /// Where a long id is stored.
    fn id_at(&self) -> u64 {
        u64::from_le_bytes(self.id[..8].try_into().unwrap_or_default())
    }
}

/// Document ids by number, where each document's details are stored, and
/// the order of ids (by string, as the graph's output is sorted). See the
/// module documentation.
#[derive(Debug)]
pub struct DocTable {
    recs: Store,
    ids: Store,
    len: u32,
    /// Documents whose details were recorded.
    with_info: u32,
    /// The last id, while ids come in order.
    last: String,
    /// Every id, once one came out of order (`None` while in order: then
    /// numbers order as ids do).
    table: Option<Interner>,
    /// The first error writing the table, returned by [`DocTable::check`].
    error: Option<io::Error>,
}

impl Default for DocTable {
    /// A table kept in memory.
    fn default() -> Self {
        DocTable::new(usize::MAX)
    }
}

impl DocTable {
    /// A table that keeps up to `buffer` bytes of records and of ids in
    /// memory before it writes them to temporary files (`usize::MAX`:
    /// never).
    pub fn new(buffer: usize) -> Self {
        DocTable {
            recs: Store::new(buffer),
            ids: Store::new(buffer),
            len: 0,
            with_info: 0,
            last: String::new(),
            table: None,
            error: None,
        }
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether every id so far came after the one before it.
    pub fn in_order(&self) -> bool {
        self.table.is_none()
    }

    /// Fails with the first error met writing the table.
    pub fn check(&mut self) -> io::Result<()> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn keep_error<T>(&mut self, r: io::Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.error.get_or_insert(e);
                None
            }
        }
    }

    /// The number of a document id, and whether it is new.
    pub fn intern(&mut self, id: &str) -> (Doc, bool) {
        if let Some(table) = &mut self.table {
            let (d, new) = table.intern_new(id);
            if new {
                self.push(id);
            }
            return (d, new);
        }
        if self.len > 0 && id <= self.last.as_str() {
            if let Some(d) = self.find(id) {
                return (d, false);
            }
            self.go_out_of_order();
            return self.intern(id);
        }
        self.last.clear();
        self.last.push_str(id);
        (self.push(id), true)
    }

    /// Appends a new document's id and record; returns its number.
    fn push(&mut self, id: &str) -> Doc {
        let d = self.len;
        let mut rec = Rec {
            info_at: u64::MAX,
            info_len: 0,
            id_len: id.len() as u32,
            id: [0; INLINE],
        };
        if id.len() <= INLINE {
            rec.id[..id.len()].copy_from_slice(id.as_bytes());
        } else {
            let at = self.ids.append(id.as_bytes());
            let at = self.keep_error(at).unwrap_or(u64::MAX);
            rec.id[..8].copy_from_slice(&at.to_le_bytes());
        }
        let r = self.recs.append(&rec.bytes());
        self.keep_error(r);
        self.len += 1;
        d
    }

    /// Ids came out of order: from now on every id is kept in memory.
    fn go_out_of_order(&mut self) {
        let mut table = Interner::with_capacity(self.len());
        for d in 0..self.len {
            let id = self.read_id(d);
            let id = self.keep_error(id).unwrap_or_default();
            table.intern_new(&id);
        }
        self.table = Some(table);
        self.last = String::new();
    }

    fn rec(&self, d: Doc) -> io::Result<Rec> {
        let mut b = [0; REC];
        self.recs.read(d as u64 * REC as u64, &mut b)?;
        Ok(Rec::from_bytes(&b))
    }

    fn read_id(&self, d: Doc) -> io::Result<String> {
        let r = self.rec(d)?;
        let n = r.id_len as usize;
        let bytes = if n <= INLINE {
            r.id[..n].to_vec()
        } else {
            let mut buf = vec![0; n];
            self.ids.read(r.id_at(), &mut buf)?;
            buf
        };
        String::from_utf8(bytes)
            .map_err(|_| io::Error::other("the document table holds a broken id"))
    }

    /// The number of a document id, if it was seen.
    pub fn find(&self, id: &str) -> Option<Doc> {
        if let Some(table) = &self.table {
            return table.find(id);
        }
        if self.len == 0 || id > self.last.as_str() {
            return None;
        }
        if id == self.last {
            return Some(self.len - 1);
        }
        // Ids in order: a binary search of the records.
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.read_id(mid).ok()?.as_str().cmp(id) {
                Ordering::Less => lo = mid + 1,
                Ordering::Equal => return Some(mid),
                Ordering::Greater => hi = mid,
            }
        }
        None
    }

    /// A document's id.
    pub fn id(&self, d: Doc) -> io::Result<String> {
        match &self.table {
            Some(table) => Ok(table.get(d).to_string()),
            None => self.read_id(d),
        }
    }

    /// Orders two documents as their ids do.
    pub fn cmp(&self, a: Doc, b: Doc) -> Ordering {
        match &self.table {
            _ if a == b => Ordering::Equal,
            None => a.cmp(&b),
            Some(t) => t.get(a).cmp(&t.get(b)),
        }
    }

    /// Records where a document's details are stored (the first record of
    /// a document is kept).
    pub fn set_info(&mut self, d: Doc, at: u64, len: u32) {
        let rec = self.rec(d);
        let Some(mut r) = self.keep_error(rec) else {
            return;
        };
        if r.info_at == u64::MAX {
            r.info_at = at;
            r.info_len = len;
            let patched = self.recs.patch(d as u64 * REC as u64, &r.bytes());
            if self.keep_error(patched).is_some() {
                self.with_info += 1;
            }
        }
    }

    /// Bytes held, roughly.
    pub fn heap_bytes(&self) -> usize {
        self.recs.heap_bytes()
            + self.ids.heap_bytes()
            + self.last.capacity()
            + self.table.as_ref().map_or(0, Interner::heap_bytes)
    }

    pub fn has_info(&self, d: Doc) -> bool {
        self.rec(d).is_ok_and(|r| r.info_at != u64::MAX)
    }

    /// A document's details, read from the store.
    pub fn info(&self, d: Doc, spill: &Spill) -> io::Result<DocumentInfo> {
        let r = self.rec(d)?;
        if r.info_at == u64::MAX {
            return Err(io::Error::other("a document without details"));
        }
        let bytes = spill.read(r.info_at, r.info_len as usize)?;
        decode_info(&self.id(d)?, &bytes)
    }

    /// Documents with details, in id order: `None` when that is every
    /// document in number order (ids in order, each with details).
    pub fn sorted(&self) -> Option<Vec<Doc>> {
        use rayon::prelude::*;
        if self.table.is_none() && self.with_info == self.len {
            return None;
        }
        let mut v: Vec<Doc> = (0..self.len).filter(|&d| self.has_info(d)).collect();
        if let Some(t) = &self.table {
            v.par_sort_unstable_by(|&a, &b| t.get(a).cmp(&t.get(b)));
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_order_by_id_whatever_order_they_come_in() {
        for buffer in [0, usize::MAX] {
            let mut t = DocTable::new(buffer);
            let (b, _) = t.intern("b");
            let (c, _) = t.intern("c");
            assert!(t.in_order());
            assert_eq!(t.intern("b"), (b, false));
            assert!(t.in_order(), "a repeated id keeps the order");
            assert_eq!(t.cmp(b, c), Ordering::Less);
            let (a, new) = t.intern("a");
            assert!(new);
            assert!(!t.in_order());
            assert_eq!(t.intern("b"), (b, false));
            assert_eq!(t.cmp(a, b), Ordering::Less);
            assert_eq!(t.cmp(c, a), Ordering::Greater);
            t.set_info(c, 0, 0);
            t.set_info(a, 0, 0);
            assert_eq!(t.sorted(), Some(vec![a, c]));
            assert_eq!(t.id(a).unwrap(), "a");
            assert_eq!(t.find("c"), Some(c));
            t.check().unwrap();
        }
    }

    #[test]
    fn ids_in_order_are_found_on_disk() {
        let mut t = DocTable::new(0);
        // Ids short enough for their records, and ids longer.
        let ids: Vec<String> = (0..1000)
            .map(|i| format!("doc-{i:05}{}", "-long".repeat(i % 3 * 4)))
            .collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(t.intern(id), (i as Doc, true));
        }
        assert!(t.in_order());
        assert!(t.recs.file.is_some() && t.ids.file.is_some());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(t.find(id), Some(i as Doc), "{id}");
            assert_eq!(t.id(i as Doc).unwrap(), *id);
        }
        assert_eq!(t.find("doc-00500x"), None);
        assert_eq!(t.id(5).unwrap().len(), 49);
        assert_eq!(t.find("a"), None);
        assert_eq!(t.intern(&ids[998]), (998, false));
        assert!(t.in_order());
        assert_eq!(t.cmp(3, 7), Ordering::Less);
        for d in 0..1000 {
            t.set_info(d, 10 * d as u64, 5);
        }
        t.set_info(4, 1, 1);
        assert_eq!(t.sorted(), None);
        assert_eq!(t.rec(4).unwrap().info_at, 40, "the first record is kept");
        t.check().unwrap();
    }
}
