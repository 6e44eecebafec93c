use std::borrow::Borrow;
use std::hash::Hash;

pub struct Counter<T> {
    pub items: Vec<(T, usize)>,
    pub Total: usize,
}

impl<T: Hash + Eq> Counter<T> {
    pub fn new() -> Self {
        return Counter {
            items: Vec::new(),
            Total: 0,
        };
    }

    pub fn add(&mut self, item: T) {
        let mut found = false;
        for i in 0..self.items.len() {
            if self.items[i].0 == item {
                self.items[i].1 = self.items[i].1 + 1;
                found = true;
                break;
            }
        }
        if found == false {
            self.items.push((item, 1));
        }
        self.Total = self.Total + 1;
    }

    pub fn count<Q>(&self, item: &Q) -> usize
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let mut result = 0;
        for i in 0..self.items.len() {
            let k: &Q = self.items[i].0.borrow();
            if k == item {
                result = self.items[i].1;
            }
        }
        return result;
    }

    pub fn total(&self) -> usize {
        return self.Total;
    }

    pub fn len(&self) -> usize {
        return self.items.len();
    }

    pub fn is_empty(&self) -> bool {
        if self.items.len() == 0 {
            return true;
        } else {
            return false;
        }
    }

    pub fn most_common(&self, k: usize) -> Vec<(&T, usize)>
    where
        T: Ord,
    {
        let mut list: Vec<(&T, usize)> = Vec::new();
        for i in 0..self.items.len() {
            list.push((&self.items[i].0, self.items[i].1));
        }
        // bubble sort: biggest count first, then smallest item
        for i in 0..list.len() {
            for j in 0..list.len() - 1 - i {
                let swap;
                if list[j].1 < list[j + 1].1 {
                    swap = true;
                } else if list[j].1 == list[j + 1].1 && list[j].0 > list[j + 1].0 {
                    swap = true;
                } else {
                    swap = false;
                }
                if swap {
                    let tmp = list[j];
                    list[j] = list[j + 1];
                    list[j + 1] = tmp;
                }
            }
        }
        let mut result = Vec::new();
        for i in 0..list.len() {
            if i < k {
                result.push(list[i]);
            }
        }
        return result;
    }
}

impl<T: Hash + Eq> Default for Counter<T> {
    fn default() -> Self {
        return Counter::new();
    }
}

impl<T: Hash + Eq> Extend<T> for Counter<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for x in iter {
            self.add(x);
        }
    }
}

impl<T: Hash + Eq> FromIterator<T> for Counter<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut c = Counter::new();
        for x in iter {
            c.add(x);
        }
        return c;
    }
}
