//! A least-recently-used cache with O(1) operations in safe Rust: a hash map from keys to
//! slots of a vector, whose entries form a doubly linked list by index.

use std::collections::HashMap;

/// One cached entry, linked to its neighbours in the order of use by their slots.
#[derive(Debug, Clone)]
struct Entry {
    key: i32,
    value: i32,
    /// The more recently used neighbour.
    newer: Option<usize>,
    /// The less recently used neighbour.
    older: Option<usize>,
}

/// A least-recently-used cache of `i32` values by `i32` key.
#[derive(Debug, Clone, Default)]
pub struct LruCache {
    capacity: usize,
    slots: HashMap<i32, usize>,
    entries: Vec<Entry>,
    /// The most recently used entry.
    newest: Option<usize>,
    /// The least recently used entry, the next to be evicted.
    oldest: Option<usize>,
}

impl LruCache {
    /// Creates an empty cache that holds at most `capacity` entries.
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            slots: HashMap::with_capacity(capacity),
            entries: Vec::with_capacity(capacity),
            ..Self::default()
        }
    }

    /// Returns the value of `key` and marks it as the most recently used entry.
    pub fn get(&mut self, key: i32) -> Option<i32> {
        let slot = *self.slots.get(&key)?;
        self.touch(slot);
        Some(self.entries[slot].value)
    }

    /// Returns the value of `key` without changing the order of use.
    #[must_use]
    pub fn peek(&self, key: i32) -> Option<i32> {
        self.slots.get(&key).map(|&slot| self.entries[slot].value)
    }

    /// Stores `value` under `key` as the most recently used entry.
    ///
    /// Returns the entry evicted to make room: the least recently used one if the cache was
    /// full and `key` new, or the given entry itself if the capacity is 0. Replacing the
    /// value of a present key evicts nothing.
    pub fn put(&mut self, key: i32, value: i32) -> Option<(i32, i32)> {
        if let Some(&slot) = self.slots.get(&key) {
            self.entries[slot].value = value;
            self.touch(slot);
            return None;
        }
        if self.capacity == 0 {
            return Some((key, value));
        }
        let entry = Entry {
            key,
            value,
            newer: None,
            older: None,
        };
        let (slot, evicted) = match self.oldest {
            Some(slot) if self.slots.len() == self.capacity => {
                self.unlink(slot);
                let old = std::mem::replace(&mut self.entries[slot], entry);
                self.slots.remove(&old.key);
                (slot, Some((old.key, old.value)))
            }
            _ => {
                self.entries.push(entry);
                (self.entries.len() - 1, None)
            }
        };
        self.slots.insert(key, slot);
        self.push_newest(slot);
        evicted
    }

    /// Returns the number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Returns `true` if the cache holds no entry.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Returns the keys from the most to the least recently used.
    #[must_use]
    pub fn keys(&self) -> Vec<i32> {
        std::iter::successors(self.newest, |&slot| self.entries[slot].older)
            .map(|slot| self.entries[slot].key)
            .collect()
    }

    /// Makes the entry in `slot` the most recently used.
    fn touch(&mut self, slot: usize) {
        if self.newest != Some(slot) {
            self.unlink(slot);
            self.push_newest(slot);
        }
    }

    /// Takes the entry in `slot` out of the order of use.
    fn unlink(&mut self, slot: usize) {
        let Entry { newer, older, .. } = self.entries[slot];
        match newer {
            Some(newer) => self.entries[newer].older = older,
            None => self.newest = older,
        }
        match older {
            Some(older) => self.entries[older].newer = newer,
            None => self.oldest = newer,
        }
    }

    /// Puts the unlinked entry in `slot` in front of the order of use.
    fn push_newest(&mut self, slot: usize) {
        self.entries[slot].newer = None;
        self.entries[slot].older = self.newest;
        match self.newest {
            Some(newest) => self.entries[newest].newer = Some(slot),
            None => self.oldest = Some(slot),
        }
        self.newest = Some(slot);
    }
}
