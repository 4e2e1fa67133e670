//! Interned strings: each distinct string is stored once, in one arena, and
//! named by a `u32` symbol, so that the merge compares and hashes numbers
//! instead of long string keys.

use std::hash::BuildHasher;

use hashbrown::HashTable;

/// A symbol: the index of an interned string.
pub type Sym = u32;

/// Strings by symbol, and symbols by string.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    text: String,
    /// The end of each string in `text`; string `i` starts where `i - 1`
    /// ends.
    ends: Vec<usize>,
    table: HashTable<Sym>,
    hasher: foldhash::fast::FixedState,
}

impl Interner {
    pub fn new() -> Self {
        Interner::default()
    }

    /// An interner with room for about `n` strings.
    pub fn with_capacity(n: usize) -> Self {
        Interner {
            text: String::with_capacity(n * 16),
            ends: Vec::with_capacity(n),
            table: HashTable::with_capacity(n),
            ..Interner::default()
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The string of a symbol.
    pub fn get(&self, sym: Sym) -> &str {
        let i = sym as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    fn hash(&self, s: &str) -> u64 {
        self.hasher.hash_one(s)
    }

    /// The symbol of a string, if it was interned.
    pub fn find(&self, s: &str) -> Option<Sym> {
        let h = self.hash(s);
        self.table.find(h, |&k| self.get(k) == s).copied()
    }

    /// The symbol of a string, interning it when new.
    pub fn intern(&mut self, s: &str) -> Sym {
        self.intern_new(s).0
    }

    /// The symbol of a string, and whether it was new.
    pub fn intern_new(&mut self, s: &str) -> (Sym, bool) {
        let h = self.hash(s);
        let Interner {
            text,
            ends,
            table,
            hasher,
        } = self;
        let get = |k: Sym| -> &str {
            let i = k as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] };
            &text[start..ends[i]]
        };
        if let Some(&k) = table.find(h, |&k| get(k) == s) {
            return (k, false);
        }
        let sym = Sym::try_from(ends.len()).expect("more than 4 billion distinct strings");
        text.push_str(s);
        ends.push(text.len());
        let rehash = |&k: &Sym| {
            let i = k as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] };
            hasher.hash_one(&text[start..ends[i]])
        };
        table.insert_unique(h, sym, rehash);
        (sym, true)
    }

    /// Bytes held, roughly.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 8 + self.table.capacity() * 5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_gives_one_symbol_per_distinct_string() {
        let mut i = Interner::new();
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
        assert_eq!(i.find("id-9999").map(|s| i.get(s)), Some("id-9999"));
        assert_eq!(i.len(), 10_003);
    }
}
