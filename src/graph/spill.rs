//! The heavy parts of a graph, kept out of memory while it is built: the
//! sentences that serve as evidence and each document's details (path,
//! digest, sentence count). They are appended to a temporary file once the
//! store passes a threshold (in memory below it) and read back by offset at
//! export; the graph keeps only numbers (the table of documents is in
//! `docs.rs`).

use std::fs::File;
use std::io::{self, Write};

use crate::model::DocumentInfo;

/// An append-only store of bytes, in memory up to a threshold and in an
/// unnamed temporary file beyond it (removed by the system when closed).
pub struct Spill {
    mem: Vec<u8>,
    writer: Option<io::BufWriter<File>>,
    file: Option<File>,
    len: u64,
    threshold: usize,
    error: Option<io::Error>,
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spill")
            .field("len", &self.len)
            .field("on_disk", &self.on_disk())
            .finish()
    }
}

impl Spill {
    /// A store that moves to a temporary file once it holds more than
    /// `threshold` bytes (`usize::MAX`: never).
    pub fn new(threshold: usize) -> Self {
        Spill {
            mem: Vec::new(),
            writer: None,
            file: None,
            len: 0,
            threshold,
            error: None,
        }
    }

    /// Whether the store has moved to a file.
    pub fn on_disk(&self) -> bool {
        self.writer.is_some() || self.file.is_some()
    }

    /// Bytes stored.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends bytes; returns the offset they start at. A write error is
    /// kept and returned by [`Spill::seal`].
    pub fn append(&mut self, bytes: &[u8]) -> u64 {
        let at = self.len;
        self.len += bytes.len() as u64;
        if self.error.is_some() {
            return at;
        }
        if self.writer.is_none() && self.mem.len() + bytes.len() > self.threshold {
            match tempfile::tempfile() {
                Ok(f) => {
                    let mut w = io::BufWriter::with_capacity(1 << 20, f);
                    if let Err(e) = w.write_all(&self.mem) {
                        self.error = Some(e);
                    }
                    self.mem = Vec::new();
                    self.writer = Some(w);
                }
                Err(e) => self.error = Some(e),
            }
        }
        match self.writer.as_mut() {
            Some(w) => {
                if let Err(e) = w.write_all(bytes) {
                    self.error = Some(e);
                }
            }
            None => self.mem.extend_from_slice(bytes),
        }
        at
    }

    /// Ends writing: what was appended can now be read.
    pub fn seal(&mut self) -> io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if let Some(w) = self.writer.take() {
            self.file = Some(w.into_inner().map_err(|e| e.into_error())?);
        }
        Ok(())
    }

    /// `len` bytes from offset `at` (after [`Spill::seal`]).
    pub fn read(&self, at: u64, len: usize) -> io::Result<Vec<u8>> {
        match &self.file {
            Some(f) => {
                let mut buf = vec![0; len];
                read_exact_at(f, &mut buf, at)?;
                Ok(buf)
            }
            None => usize::try_from(at)
                .ok()
                .and_then(|a| self.mem.get(a..a.checked_add(len)?))
                .map(<[u8]>::to_vec)
                .ok_or_else(|| io::Error::other("offset past the end of the spill store")),
        }
    }

    /// A UTF-8 text stored at `at`.
    pub fn read_str(&self, at: u64, len: usize) -> io::Result<String> {
        String::from_utf8(self.read(at, len)?)
            .map_err(|_| io::Error::other("the spill store holds broken text"))
    }

    /// A sentence as `compact::put_text` stored it: its number, its end
    /// and its text; one read for most sentences.
    pub fn read_sentence(&self, at: u64) -> io::Result<(u32, u32, String)> {
        let mut buf = vec![0; 512];
        let n = self.read_some(at, &mut buf)?;
        let bad = || io::Error::other("the spill store holds broken text");
        let word = |i: usize| -> io::Result<u32> {
            buf.get(4 * i..4 * i + 4)
                .filter(|_| n >= 4 * i + 4)
                .and_then(|b| b.try_into().ok())
                .map(u32::from_le_bytes)
                .ok_or_else(bad)
        };
        let (len, sentence, end) = (word(0)? as usize, word(1)?, word(2)?);
        let text = if 12 + len <= n {
            buf[12..12 + len].to_vec()
        } else {
            self.read(at + 12, len)?
        };
        let text = String::from_utf8(text).map_err(|_| bad())?;
        Ok((sentence, end, text))
    }

    /// Reads as many bytes from `at` as `buf` holds or the store has.
    fn read_some(&self, at: u64, buf: &mut [u8]) -> io::Result<usize> {
        match &self.file {
            Some(f) => {
                let mut n = 0;
                while n < buf.len() {
                    match read_at(f, &mut buf[n..], at + n as u64)? {
                        0 => break,
                        k => n += k,
                    }
                }
                Ok(n)
            }
            None => {
                let a = usize::try_from(at)
                    .unwrap_or(usize::MAX)
                    .min(self.mem.len());
                let n = buf.len().min(self.mem.len() - a);
                buf[..n].copy_from_slice(&self.mem[a..a + n]);
                Ok(n)
            }
        }
    }
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(f, buf, at)
}

#[cfg(windows)]
fn read_at(f: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(f, buf, at)
}

#[cfg(unix)]
pub(crate) fn read_exact_at(f: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

#[cfg(windows)]
pub(crate) fn read_exact_at(f: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match f.seek_read(buf, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

/// A document's details as the store holds them.
pub fn encode_info(d: &DocumentInfo, out: &mut Vec<u8>) {
    for s in [&d.path, &d.sha256] {
        out.extend_from_slice(&(s.len() as u64).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
    out.extend_from_slice(&(d.sentences as u64).to_le_bytes());
}

/// The details `encode_info` wrote, for the document `id`.
pub fn decode_info(id: &str, bytes: &[u8]) -> io::Result<DocumentInfo> {
    let bad = || io::Error::other("the spill store holds a broken document record");
    let mut rest = bytes;
    let mut take = |n: usize| -> io::Result<&[u8]> {
        if rest.len() < n {
            return Err(bad());
        }
        let (a, b) = rest.split_at(n);
        rest = b;
        Ok(a)
    };
    let mut text = || -> io::Result<String> {
        let n = u64::from_le_bytes(take(8)?.try_into().map_err(|_| bad())?);
        let s = take(usize::try_from(n).map_err(|_| bad())?)?;
        String::from_utf8(s.to_vec()).map_err(|_| bad())
    };
    let path = text()?;
    let sha256 = text()?;
    let n = u64::from_le_bytes(take(8)?.try_into().map_err(|_| bad())?);
    Ok(DocumentInfo {
        id: id.to_string(),
        path,
        sha256,
        sentences: n as usize,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_past_its_threshold_moves_to_a_file_and_reads_back() {
        for threshold in [0, 10, usize::MAX] {
            let mut s = Spill::new(threshold);
            let a = s.append(b"hello ");
            let b = s.append("wörld".as_bytes());
            s.seal().unwrap();
            assert_eq!(s.on_disk(), threshold < 12, "threshold {threshold}");
            assert_eq!(s.read_str(a, 6).unwrap(), "hello ");
            assert_eq!(s.read_str(b, 6).unwrap(), "wörld");
            assert!(s.read(b, 7).is_err());
        }
    }

    #[test]
    fn sentences_read_back_with_their_number_and_end() {
        let long = "ж".repeat(400);
        let mut buf = Vec::new();
        let a = crate::graph::compact::put_text(&mut buf, "Chile and Peru met.", 3, 40);
        let b = crate::graph::compact::put_text(&mut buf, &long, 7, 900);
        for threshold in [0, usize::MAX] {
            let mut s = Spill::new(threshold);
            s.append(&buf);
            s.seal().unwrap();
            assert_eq!(
                s.read_sentence(a).unwrap(),
                (3, 40, "Chile and Peru met.".into())
            );
            assert_eq!(s.read_sentence(b).unwrap(), (7, 900, long.clone()));
            assert!(s.read_sentence(buf.len() as u64 - 2).is_err());
        }
    }

    #[test]
    fn document_details_survive_the_store() {
        let d = DocumentInfo {
            id: "x".into(),
            path: "a/b.txt".into(),
            sha256: "ab".repeat(32),
            sentences: 7,
        };
        let mut bytes = Vec::new();
        encode_info(&d, &mut bytes);
        assert_eq!(decode_info("x", &bytes).unwrap(), d);
        assert!(decode_info("x", &bytes[..bytes.len() - 1]).is_err());
    }
}
