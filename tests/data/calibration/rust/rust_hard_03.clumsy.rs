use std::collections::HashMap;

pub struct LruCache {
    cap: usize,
    map: HashMap<i32, usize>,
    Keys: Vec<i32>,
    Values: Vec<i32>,
    prev: Vec<i64>,
    next: Vec<i64>,
    head: i64,
    tail: i64,
}

impl LruCache {
    pub fn new(capacity: usize) -> Self {
        return LruCache {
            cap: capacity,
            map: HashMap::new(),
            Keys: Vec::new(),
            Values: Vec::new(),
            prev: Vec::new(),
            next: Vec::new(),
            head: -1,
            tail: -1,
        };
    }

    fn remove_node(&mut self, i: usize) {
        let p = self.prev[i];
        let n = self.next[i];
        if p != -1 {
            self.next[p as usize] = n;
        } else {
            self.head = n;
        }
        if n != -1 {
            self.prev[n as usize] = p;
        } else {
            self.tail = p;
        }
    }

    fn add_front(&mut self, i: usize) {
        self.prev[i] = -1;
        self.next[i] = self.head;
        if self.head != -1 {
            self.prev[self.head as usize] = i as i64;
        }
        self.head = i as i64;
        if self.tail == -1 {
            self.tail = i as i64;
        }
    }

    pub fn get(&mut self, key: i32) -> Option<i32> {
        if self.map.contains_key(&key) {
            let i = self.map[&key];
            self.remove_node(i);
            self.add_front(i);
            return Some(self.Values[i]);
        } else {
            return None;
        }
    }

    pub fn peek(&self, key: i32) -> Option<i32> {
        if self.map.contains_key(&key) {
            let i = self.map[&key];
            return Some(self.Values[i]);
        }
        return None;
    }

    pub fn put(&mut self, key: i32, value: i32) -> Option<(i32, i32)> {
        if self.cap == 0 {
            return Some((key, value));
        }
        if self.map.contains_key(&key) {
            let i = self.map[&key];
            self.Values[i] = value;
            self.remove_node(i);
            self.add_front(i);
            return None;
        }
        let mut evicted: Option<(i32, i32)> = None;
        let i: usize;
        if self.map.len() == self.cap {
            let t = self.tail as usize;
            evicted = Some((self.Keys[t], self.Values[t]));
            self.map.remove(&self.Keys[t].clone());
            self.remove_node(t);
            self.Keys[t] = key;
            self.Values[t] = value;
            i = t;
        } else {
            self.Keys.push(key);
            self.Values.push(value);
            self.prev.push(-1);
            self.next.push(-1);
            i = self.Keys.len() - 1;
        }
        self.map.insert(key, i);
        self.add_front(i);
        return evicted;
    }

    pub fn len(&self) -> usize {
        return self.map.len();
    }

    pub fn is_empty(&self) -> bool {
        return self.map.len() == 0;
    }

    pub fn keys(&self) -> Vec<i32> {
        let mut result = Vec::new();
        let mut cur = self.head;
        while cur != -1 {
            result.push(self.Keys[cur as usize]);
            cur = self.next[cur as usize];
        }
        return result;
    }
}
