//! Interned strings: each distinct string is stored once and named by a
//! `u32` symbol, so that the merge compares and hashes numbers instead of
//! long string keys.
//!
//! The text of the first strings is kept in one arena in memory, up to a
//! budget (`usize::MAX` by default: all of it); past the budget the text of
//! every new string goes to a temporary file (a [`Store`]: a 1 MiB buffer in
//! memory, the rest on disk) and is read back by offset. Memory then keeps,
//! per string, only where its text ends (the low 32 bits: 4 bytes; the
//! high bits once per 4 GiB) and its slot in the hash table (a `u32` and a
//! control byte): 10 to 19 bytes in all with the spare room of the two,
//! which double as they grow. A string is found by its hash, then its
//! length, then its text (read back from the file when it is there), so two
//! different strings never share a symbol, whatever their hashes; when the
//! table grows, the strings on disk are read back to be hashed again.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::io;
use std::sync::OnceLock;

use hashbrown::HashTable;

use super::docs::Store;

/// A symbol: the index of an interned string.
pub type Sym = u32;

/// Bytes of strings a store keeps in memory before it writes them to its
/// file.
const STRING_BUFFER: usize = 1 << 20;

/// Strings by symbol, and symbols by string.
#[derive(Debug)]
pub struct Interner {
    texts: Texts,
    table: HashTable<Sym>,
    hasher: foldhash::fast::FixedState,
    /// Bytes of text kept in memory; past them new strings go to a file.
    budget: usize,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            texts: Texts::default(),
            table: HashTable::new(),
            hasher: foldhash::fast::FixedState::default(),
            budget: usize::MAX,
        }
    }
}

/// The strings' text: the first `split` in `text`, the others in `disk`.
#[derive(Debug, Default)]
struct Texts {
    text: String,
    disk: Option<Store>,
    /// How many strings have their text in `text`.
    split: usize,
    /// The low 32 bits of where each string ends, counting `text` and
    /// then `disk` as one run of bytes; a string starts where the one
    /// before it ends.
    ends: Vec<u32>,
    /// The first string whose end is past each multiple of 4 GiB.
    wraps: Vec<usize>,
    /// The first error reading or writing the file (see
    /// [`Interner::check`]).
    failure: OnceLock<String>,
}

impl Texts {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Where string `i` ends (see `ends`).
    fn end(&self, i: usize) -> u64 {
        let high = self.wraps.partition_point(|&w| w <= i) as u64;
        (high << 32) | u64::from(self.ends[i])
    }

    /// Where a string starts and ends (in `text`, or in `disk` for the
    /// strings from `split` on).
    fn span(&self, i: usize) -> (u64, u64) {
        let start = if i == 0 { 0 } else { self.end(i - 1) };
        let base = if i < self.split {
            0
        } else {
            self.text.len() as u64
        };
        (start - base, self.end(i) - base)
    }

    fn fail(&self, what: &str, e: &io::Error) {
        let _ = self
            .failure
            .set(format!("cannot {what} the temporary file of strings: {e}"));
    }

    /// The text of a string on disk ("" after an error, kept in `failure`).
    fn read(&self, i: usize) -> String {
        let (start, end) = self.span(i);
        let mut buf = vec![0; (end - start) as usize];
        let read = match &self.disk {
            Some(d) => d.read(start, &mut buf),
            None => Err(io::Error::other("no temporary file holds it")),
        };
        match read.map(|()| String::from_utf8(buf)) {
            Ok(Ok(s)) => s,
            Ok(Err(_)) => {
                self.fail("read", &io::Error::other("broken text"));
                String::new()
            }
            Err(e) => {
                self.fail("read", &e);
                String::new()
            }
        }
    }

    fn get(&self, i: usize) -> Cow<'_, str> {
        if i < self.split {
            let (start, end) = self.span(i);
            Cow::Borrowed(&self.text[start as usize..end as usize])
        } else {
            Cow::Owned(self.read(i))
        }
    }

    /// Whether string `i` is `s` (its length first: no read for most).
    fn is(&self, i: usize, s: &str) -> bool {
        let (start, end) = self.span(i);
        end - start == s.len() as u64 && self.get(i) == s
    }

    /// Records where the newest string ends.
    fn push_end(&mut self, end: u64) {
        let i = self.ends.len();
        while (self.wraps.len() as u64) < end >> 32 {
            self.wraps.push(i);
        }
        self.ends.push(end as u32);
    }

    /// Adds a string's text: in memory while `text` stays within `budget`,
    /// else (and from then on) on disk.
    fn push(&mut self, s: &str, budget: usize) {
        let to_disk = self.disk.is_some() || budget == 0 || self.text.len() + s.len() > budget;
        if !to_disk {
            self.text.push_str(s);
            self.push_end(self.text.len() as u64);
            self.split += 1;
            return;
        }
        let store = self.disk.get_or_insert_with(|| Store::new(STRING_BUFFER));
        let written = store.append(s.as_bytes());
        let end = self.text.len() as u64 + store.len();
        self.push_end(end);
        if let Err(e) = written {
            self.fail("write", &e);
        }
    }
}

impl Interner {
    pub fn new() -> Self {
        Interner::default()
    }

    /// An interner with room for about `n` strings.
    pub fn with_capacity(n: usize) -> Self {
        let mut i = Interner::default();
        i.texts.text.reserve(n * 16);
        i.texts.ends.reserve(n);
        i.table = HashTable::with_capacity(n);
        i
    }

    /// Sets the bytes of text kept in memory: past them the text of each
    /// new string goes to a temporary file (`usize::MAX`: never; 0: from
    /// the first string).
    pub fn set_budget(&mut self, bytes: usize) {
        self.budget = bytes;
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.ends.is_empty()
    }

    /// How many strings have their text in the temporary file.
    pub fn on_disk(&self) -> usize {
        self.texts.len() - self.texts.split
    }

    /// The string of a symbol (read back from the file when it is there;
    /// "" after a read error, which [`Interner::check`] then returns).
    pub fn get(&self, sym: Sym) -> Cow<'_, str> {
        self.texts.get(sym as usize)
    }

    fn hash(&self, s: &str) -> u64 {
        self.hasher.hash_one(s)
    }

    /// The symbol of a string, if it was interned.
    pub fn find(&self, s: &str) -> Option<Sym> {
        let h = self.hash(s);
        let texts = &self.texts;
        self.table.find(h, |&k| texts.is(k as usize, s)).copied()
    }

    /// The symbol of a string, interning it when new.
    pub fn intern(&mut self, s: &str) -> Sym {
        self.intern_new(s).0
    }

    /// The symbol of a string, and whether it was new.
    pub fn intern_new(&mut self, s: &str) -> (Sym, bool) {
        let h = self.hash(s);
        let Interner {
            texts,
            table,
            hasher,
            budget,
        } = self;
        if let Some(&k) = table.find(h, |&k| texts.is(k as usize, s)) {
            return (k, false);
        }
        let sym = Sym::try_from(texts.len()).expect("more than 4 billion distinct strings");
        texts.push(s, *budget);
        // When the table grows each string is hashed again: those on disk
        // are read back (about twice each over a build).
        let rehash = |&k: &Sym| hasher.hash_one(&*texts.get(k as usize));
        table.insert_unique(h, sym, rehash);
        (sym, true)
    }

    /// The first error reading or writing the temporary file of strings.
    pub fn check(&self) -> io::Result<()> {
        match self.texts.failure.get() {
            Some(m) => Err(io::Error::other(m.clone())),
            None => Ok(()),
        }
    }

    /// Bytes held, roughly.
    pub fn heap_bytes(&self) -> usize {
        let t = &self.texts;
        t.text.capacity()
            + t.ends.capacity() * 4
            + t.disk.as_ref().map_or(0, Store::heap_bytes)
            + self.table.capacity() * 5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interned(budget: usize) -> Interner {
        let mut i = Interner::new();
        i.set_budget(budget);
        i
    }

    #[test]
    fn interning_gives_one_symbol_per_distinct_string() {
        for budget in [usize::MAX, 20, 0] {
            let mut i = interned(budget);
            let a = i.intern("north-korea");
            let b = i.intern("russia");
            assert_eq!(i.intern("north-korea"), a);
            assert_ne!(a, b);
            assert_eq!(i.get(a), "north-korea");
            assert_eq!(i.get(b), "russia");
            assert_eq!(i.find("russia"), Some(b));
            assert_eq!(i.find("iran"), None);
            assert_eq!(i.intern_new(""), (2, true));
            assert_eq!(i.get(2), "");
            for n in 0..10_000 {
                i.intern(&format!("id-{n}"));
            }
            assert_eq!(
                i.find("id-9999").map(|s| i.get(s).into_owned()),
                Some("id-9999".into())
            );
            let five = i.intern("id-5");
            assert_eq!(i.get(five), "id-5");
            assert_eq!(i.len(), 10_003);
            assert!(i.check().is_ok());
        }
    }

    #[test]
    fn past_the_budget_new_text_goes_to_the_file() {
        let mut i = interned(10);
        assert_eq!(i.intern("abcde"), 0);
        assert_eq!(i.intern("fghij"), 1);
        assert_eq!(i.on_disk(), 0);
        // 11 bytes would pass the budget: this one and all after go to disk.
        assert_eq!(i.intern("k"), 2);
        assert_eq!(i.intern("l"), 3);
        assert_eq!(i.on_disk(), 2);
        assert_eq!(i.get(1), "fghij");
        assert_eq!(i.get(2), "k");
        assert_eq!(i.get(3), "l");
        assert_eq!(i.intern_new("k"), (2, false));
        let mut all = interned(0);
        assert_eq!(all.intern("x"), 0);
        assert_eq!(all.on_disk(), 1);
    }

    #[test]
    fn ends_past_4_gib_keep_their_high_bits() {
        let mut t = Texts::default();
        for end in [10, (1 << 32) + 5, (1 << 32) + 9, (3 << 32) + 1] {
            t.push_end(end);
        }
        assert_eq!(t.wraps, vec![1, 3, 3]);
        let ends: Vec<u64> = (0..4).map(|i| t.end(i)).collect();
        assert_eq!(ends, vec![10, (1 << 32) + 5, (1 << 32) + 9, (3 << 32) + 1]);
        t.split = 4;
        assert_eq!(t.span(2), ((1 << 32) + 5, (1 << 32) + 9));
    }

    #[test]
    fn a_failed_read_gives_an_empty_string_and_an_error_to_check() {
        let mut i = interned(0);
        i.intern("abc");
        // A string whose store is gone cannot be read back.
        i.texts.disk = None;
        assert_eq!(i.get(0), "");
        assert_eq!(
            i.check().unwrap_err().to_string(),
            "cannot read the temporary file of strings: no temporary file holds it"
        );
    }

    #[test]
    fn strings_past_the_buffer_are_read_back_from_the_file() {
        let mut i = interned(0);
        let long = "w".repeat(STRING_BUFFER / 4);
        let syms: Vec<Sym> = (0..8).map(|n| i.intern(&format!("{n}{long}"))).collect();
        for (n, &s) in syms.iter().enumerate() {
            assert_eq!(i.get(s), format!("{n}{long}"));
            assert_eq!(i.intern_new(&format!("{n}{long}")), (s, false));
        }
        assert_eq!(i.find(&format!("9{long}")), None);
        assert!(i.check().is_ok());
    }
}
