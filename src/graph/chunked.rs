//! A vector that grows a block at a time: it never copies what it holds
//! into a larger allocation, so a growing graph's edges are never in
//! memory twice (a `Vec` doubling holds the old and the new copy at once).

use std::ops::{Index, IndexMut};

/// Items per block.
const BLOCK: usize = 1 << 14;

/// A list of items in blocks of [`BLOCK`].
#[derive(Clone, Debug)]
pub struct Chunked<T> {
    blocks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            blocks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunked<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push(&mut self, item: T) {
        match self.blocks.last_mut() {
            Some(b) if b.len() < BLOCK => b.push(item),
            _ => {
                let mut b = Vec::with_capacity(BLOCK);
                b.push(item);
                self.blocks.push(b);
            }
        }
        self.len += 1;
    }

    /// The items in one `Vec` of their exact size, each block freed as
    /// soon as it is moved.
    pub fn into_vec(self) -> Vec<T> {
        let mut v = Vec::with_capacity(self.len);
        for b in self.blocks {
            v.extend(b);
        }
        v
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.blocks[i / BLOCK][i % BLOCK]
    }
}

impl<T> IndexMut<usize> for Chunked<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.blocks[i / BLOCK][i % BLOCK]
    }
}

impl<T> IntoIterator for Chunked<T> {
    type Item = T;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<T>>>;
    /// The items in order, each block freed once passed.
    fn into_iter(self) -> Self::IntoIter {
        self.blocks.into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_keep_their_place_across_blocks() {
        let mut c = Chunked::default();
        let n = 2 * BLOCK + 5;
        for i in 0..n {
            c.push(i);
        }
        assert_eq!(c.len(), n);
        assert_eq!(c[BLOCK - 1], BLOCK - 1);
        assert_eq!(c[BLOCK], BLOCK);
        c[2 * BLOCK + 4] = 7;
        assert_eq!(c.clone().into_iter().nth(2 * BLOCK + 4), Some(7));
        let v = c.into_vec();
        assert_eq!(v.len(), n);
        assert_eq!(v.capacity(), n);
        assert_eq!(v[2 * BLOCK + 3], 2 * BLOCK + 3);
    }
}
