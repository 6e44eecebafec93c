//! A multiset counter, generic over its items, that plugs into the iterator traits.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

/// Counts how many times each item was added.
#[derive(Debug, Clone)]
pub struct Counter<T> {
    counts: HashMap<T, usize>,
    total: usize,
}

impl<T: Hash + Eq> Counter<T> {
    /// Creates an empty counter.
    #[must_use]
    pub fn new() -> Self {
        Self {
            counts: HashMap::new(),
            total: 0,
        }
    }

    /// Counts one more occurrence of `item`.
    pub fn add(&mut self, item: T) {
        *self.counts.entry(item).or_default() += 1;
        self.total += 1;
    }

    /// Returns how many times `item` was added, 0 if never.
    ///
    /// Accepts any borrowed form of the item type, as [`HashMap::get`] does.
    pub fn count<Q>(&self, item: &Q) -> usize
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.counts.get(item).copied().unwrap_or_default()
    }

    /// Returns the number of items added, repetitions included.
    #[must_use]
    pub fn total(&self) -> usize {
        self.total
    }

    /// Returns the number of distinct items.
    #[must_use]
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Returns `true` if nothing was added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Returns up to `k` items with their counts, the most frequent first and equal counts
    /// in ascending item order.
    #[must_use]
    pub fn most_common(&self, k: usize) -> Vec<(&T, usize)>
    where
        T: Ord,
    {
        let mut ranked: Vec<(&T, usize)> = self.counts.iter().map(|(item, &n)| (item, n)).collect();
        ranked.sort_unstable_by(|(a, m), (b, n)| n.cmp(m).then_with(|| a.cmp(b)));
        ranked.truncate(k);
        ranked
    }
}

impl<T: Hash + Eq> Default for Counter<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Hash + Eq> Extend<T> for Counter<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        iter.into_iter().for_each(|item| self.add(item));
    }
}

impl<T: Hash + Eq> FromIterator<T> for Counter<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut counter = Self::new();
        counter.extend(iter);
        counter
    }
}
