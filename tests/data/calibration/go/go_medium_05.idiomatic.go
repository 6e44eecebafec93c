package main

import "container/heap"

// TopK returns the k greatest items under less, greatest first; of items equal under less,
// the earlier in items comes first and is kept first. It returns an empty slice for
// k <= 0 and every item, so ordered, for k >= len(items). items is not modified.
// TopK keeps a heap of the best k items seen so far: O(n log k) time, O(k) extra space.
func TopK[T any](items []T, k int, less func(a, b T) bool) []T {
	if k <= 0 {
		return []T{}
	}
	if k > len(items) {
		k = len(items)
	}
	best := &minHeap[T]{less: less, entries: make([]indexed[T], 0, k)}
	for i, item := range items {
		e := indexed[T]{item: item, index: i}
		switch {
		case best.Len() < k:
			heap.Push(best, e)
		case best.weaker(best.entries[0], e):
			best.entries[0] = e
			heap.Fix(best, 0)
		}
	}
	top := make([]T, best.Len())
	for i := len(top) - 1; i >= 0; i-- {
		top[i] = heap.Pop(best).(indexed[T]).item
	}
	return top
}

// indexed is an item with its position in the input, which breaks ties.
type indexed[T any] struct {
	item  T
	index int
}

// minHeap is a heap.Interface whose root is the weakest of its entries.
type minHeap[T any] struct {
	entries []indexed[T]
	less    func(a, b T) bool
}

// weaker reports whether a ranks below b: it is less, or equal and later in the input.
func (h *minHeap[T]) weaker(a, b indexed[T]) bool {
	if h.less(a.item, b.item) {
		return true
	}
	if h.less(b.item, a.item) {
		return false
	}
	return a.index > b.index
}

func (h *minHeap[T]) Len() int           { return len(h.entries) }
func (h *minHeap[T]) Less(i, j int) bool { return h.weaker(h.entries[i], h.entries[j]) }
func (h *minHeap[T]) Swap(i, j int)      { h.entries[i], h.entries[j] = h.entries[j], h.entries[i] }

// Push adds x, an indexed[T], for package heap.
func (h *minHeap[T]) Push(x any) { h.entries = append(h.entries, x.(indexed[T])) }

// Pop removes the last entry, for package heap.
func (h *minHeap[T]) Pop() any {
	last := h.entries[len(h.entries)-1]
	h.entries = h.entries[:len(h.entries)-1]
	return last
}
