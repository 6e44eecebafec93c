package main

import (
	"container/list"
	"sync"
)

// LRUCache maps string keys to ints. It holds at most a fixed number of entries and, when
// full, evicts the least recently used one. It is safe for concurrent use.
type LRUCache struct {
	mu       sync.Mutex
	capacity int
	recency  *list.List               // of *entry, most recently used at the front
	elements map[string]*list.Element // key -> its element in recency
}

// entry is one key and its value, held in the recency list.
type entry struct {
	key   string
	value int
}

// NewLRUCache returns an empty cache for up to capacity entries. It panics if capacity is
// less than 1.
func NewLRUCache(capacity int) *LRUCache {
	if capacity < 1 {
		panic("NewLRUCache: capacity must be at least 1")
	}
	return &LRUCache{
		capacity: capacity,
		recency:  list.New(),
		elements: make(map[string]*list.Element, capacity),
	}
}

// Get returns the value of key and marks it most recently used; ok is false, and nothing
// changes, if key is absent.
func (c *LRUCache) Get(key string) (value int, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.elements[key]
	if !ok {
		return 0, false
	}
	c.recency.MoveToFront(el)
	return el.Value.(*entry).value, true
}

// Put sets the value of key and marks it most recently used. A new key that takes the
// cache over capacity evicts the least recently used entry.
func (c *LRUCache) Put(key string, value int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.elements[key]; ok {
		el.Value.(*entry).value = value
		c.recency.MoveToFront(el)
		return
	}
	c.elements[key] = c.recency.PushFront(&entry{key: key, value: value})
	if c.recency.Len() > c.capacity {
		oldest := c.recency.Back()
		c.recency.Remove(oldest)
		delete(c.elements, oldest.Value.(*entry).key)
	}
}

// Len returns the number of entries.
func (c *LRUCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.recency.Len()
}

// Keys returns the keys from most to least recently used, in a new slice.
func (c *LRUCache) Keys() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]string, 0, c.recency.Len())
	for el := c.recency.Front(); el != nil; el = el.Next() {
		keys = append(keys, el.Value.(*entry).key)
	}
	return keys
}
