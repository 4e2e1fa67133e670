//! Symbols ranked by their strings when the strings' text is on disk
//! (`intern.rs`): each string is read once per order (by itself, and
//! followed by `|`), in symbol order, and sorted in runs of a budget on
//! disk (`runs.rs`), so the ranking holds no more than the budget of text
//! at once.

use std::cmp::Ordering;
use std::io;

use super::intern::{Interner, Sym};
use super::runs::{broken, Cursor, Record, Sorter};

/// A string and its symbol.
struct Named {
    text: String,
    sym: Sym,
}

impl Record for Named {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.sym.to_le_bytes());
        out.extend_from_slice(self.text.as_bytes());
    }

    fn decode(bytes: &[u8]) -> io::Result<Self> {
        let mut c = Cursor(bytes);
        let sym = c.u32()?;
        let text = String::from_utf8(c.0.to_vec()).map_err(|_| broken())?;
        Ok(Named { text, sym })
    }

    fn cost(&self) -> usize {
        std::mem::size_of::<Named>() + self.text.len()
    }
}

/// How a string sorts followed by `|` (edge keys: `source|relation|target`).
pub(super) fn cmp_piped(a: &str, b: &str) -> Ordering {
    let piped = |s: &str| s.bytes().chain(std::iter::once(b'|')).collect::<Vec<u8>>();
    match a.len().min(b.len()) {
        n if a.as_bytes()[..n] != b.as_bytes()[..n] => a.cmp(b),
        _ => piped(a).cmp(&piped(b)),
    }
}

/// The distinct symbols of `syms` (sorted by number) in the order of their
/// strings, by `cmp`, as (symbol, its string, rank) passed to `rank`.
fn sorted_by(
    strings: &Interner,
    syms: &[Sym],
    cmp: &dyn Fn(&str, &str) -> Ordering,
    budget: usize,
    rank: &mut dyn FnMut(Sym, &str, u32),
) -> io::Result<()> {
    let by = |a: &Named, b: &Named| cmp(&a.text, &b.text);
    let mut sorter: Sorter<Named> = Sorter::new(budget);
    for &sym in syms {
        let text = strings.get(sym).into_owned();
        strings.check()?;
        sorter.push(Named { text, sym }, &by)?;
    }
    let mut i = 0;
    sorter.finish_with(&by, None, &mut |n| {
        rank(n.sym, &n.text, i);
        i += 1;
        Ok(())
    })
}

/// The ranks of `syms` by their strings (`plain`) and by their strings
/// followed by `|` (`pipe`), over `len` symbols (`u32::MAX`: not ranked);
/// and whether a ranked string holds a `|`.
pub(super) fn ranks_on_disk(
    strings: &Interner,
    syms: &[Sym],
    budget: usize,
) -> io::Result<(Vec<u32>, Vec<u32>, bool)> {
    let mut order = syms.to_vec();
    order.sort_unstable();
    order.dedup();
    let len = strings.len();
    let (mut plain, mut pipe) = (vec![u32::MAX; len], vec![u32::MAX; len]);
    let mut has_pipe = false;
    sorted_by(
        strings,
        &order,
        &|a, b| a.cmp(b),
        budget,
        &mut |s, text, i| {
            plain[s as usize] = i;
            has_pipe |= text.contains('|');
        },
    )?;
    sorted_by(strings, &order, &cmp_piped, budget, &mut |s, _, i| {
        pipe[s as usize] = i;
    })?;
    Ok((plain, pipe, has_pipe))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_rank_as_in_memory_and_followed_by_a_bar() {
        assert_eq!(cmp_piped("a", "a-b"), Ordering::Greater);
        assert_eq!(cmp_piped("a", "a~b"), Ordering::Less);
        assert_eq!(cmp_piped("b", "a-b"), Ordering::Greater);
        let mut s = Interner::new();
        s.set_budget(0);
        let syms: Vec<Sym> = ["a", "a-b", "b", "a~", "unused"]
            .iter()
            .map(|x| s.intern(x))
            .collect();
        let (plain, pipe, bar) = ranks_on_disk(&s, &[3, 0, 1, 2, 0], 1).expect("ranks");
        assert_eq!(syms, vec![0, 1, 2, 3, 4]);
        assert_eq!(plain, vec![0, 1, 3, 2, u32::MAX]);
        assert_eq!(pipe, vec![1, 0, 3, 2, u32::MAX]);
        assert!(!bar);
    }
}
