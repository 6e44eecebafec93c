package main

import "sync"

type Node struct {
	Key   string
	Value int
	Prev  *Node
	Next  *Node
}

type LRUCache struct {
	Lock     sync.Mutex
	Capacity int
	Size     int
	Map      map[string]*Node
	Head     *Node
	Tail     *Node
}

func NewLRUCache(capacity int) *LRUCache {
	if capacity < 1 {
		panic("Capacity must be at least 1!")
	}
	var cache *LRUCache = new(LRUCache)
	cache.Capacity = capacity
	cache.Size = 0
	cache.Map = make(map[string]*Node)
	cache.Head = nil
	cache.Tail = nil
	return cache
}

func (cache *LRUCache) remove_node(n *Node) {
	if n.Prev != nil {
		n.Prev.Next = n.Next
	} else {
		cache.Head = n.Next
	}
	if n.Next != nil {
		n.Next.Prev = n.Prev
	} else {
		cache.Tail = n.Prev
	}
	n.Prev = nil
	n.Next = nil
}

func (cache *LRUCache) add_to_front(n *Node) {
	n.Next = cache.Head
	n.Prev = nil
	if cache.Head != nil {
		cache.Head.Prev = n
	}
	cache.Head = n
	if cache.Tail == nil {
		cache.Tail = n
	}
}

func (cache *LRUCache) Get(key string) (int, bool) {
	cache.Lock.Lock()
	node, found := cache.Map[key]
	if found == false {
		cache.Lock.Unlock()
		return 0, false
	}
	cache.remove_node(node)
	cache.add_to_front(node)
	var v int = node.Value
	cache.Lock.Unlock()
	return v, true
}

func (cache *LRUCache) Put(key string, value int) {
	cache.Lock.Lock()
	node, found := cache.Map[key]
	if found == true {
		node.Value = value
		cache.remove_node(node)
		cache.add_to_front(node)
	} else {
		var new_node *Node = &Node{key, value, nil, nil}
		cache.Map[key] = new_node
		cache.add_to_front(new_node)
		cache.Size = cache.Size + 1
		if cache.Size > cache.Capacity {
			var last *Node = cache.Tail
			cache.remove_node(last)
			delete(cache.Map, last.Key)
			cache.Size = cache.Size - 1
		}
	}
	cache.Lock.Unlock()
}

func (cache *LRUCache) Len() int {
	cache.Lock.Lock()
	var n int = cache.Size
	cache.Lock.Unlock()
	return n
}

func (cache *LRUCache) Keys() []string {
	cache.Lock.Lock()
	var keys []string = []string{}
	var cur *Node = cache.Head
	for cur != nil {
		keys = append(keys, cur.Key)
		cur = cur.Next
	}
	cache.Lock.Unlock()
	return keys
}
