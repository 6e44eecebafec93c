use std::collections::VecDeque;

pub struct SlidingMaxIter<I: Iterator<Item = i64>> {
    pub source: I,
    pub k: usize,
    pub Values: Vec<i64>,
    pub dq: VecDeque<usize>,
}

impl<I: Iterator<Item = i64>> Iterator for SlidingMaxIter<I> {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        if self.k == 0 {
            return None;
        }
        loop {
            let v = self.source.next();
            if v.is_none() {
                return None;
            }
            let value = v.unwrap();
            self.Values.push(value);
            let idx = self.Values.len() - 1;
            while self.dq.len() > 0 && self.Values[*self.dq.back().unwrap()] <= value {
                self.dq.pop_back();
            }
            self.dq.push_back(idx);
            if *self.dq.front().unwrap() + self.k <= idx {
                self.dq.pop_front();
            }
            if idx + 1 >= self.k {
                let m = self.Values[*self.dq.front().unwrap()];
                return Some(m);
            }
        }
    }
}

pub fn sliding_max(values: impl IntoIterator<Item = i64>, k: usize) -> impl Iterator<Item = i64> {
    let it = SlidingMaxIter {
        source: values.into_iter(),
        k: k,
        Values: Vec::new(),
        dq: VecDeque::new(),
    };
    return it;
}
