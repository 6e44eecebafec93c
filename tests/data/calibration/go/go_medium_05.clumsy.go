package main

type Item[T any] struct {
	Value T
	Pos   int
}

func TopK[T any](items []T, k int, less func(a, b T) bool) []T {
	if k <= 0 {
		return []T{}
	}
	if k > len(items) {
		k = len(items)
	}
	// is_worse tells if a should come after b in the result
	is_worse := func(a Item[T], b Item[T]) bool {
		if less(a.Value, b.Value) == true {
			return true
		} else if less(b.Value, a.Value) == true {
			return false
		} else {
			return a.Pos > b.Pos
		}
	}
	// heap in a slice, the worst one is at index 0
	var heap []Item[T] = []Item[T]{}
	for i := 0; i < len(items); i++ {
		var it Item[T] = Item[T]{items[i], i}
		if len(heap) < k {
			heap = append(heap, it)
			var c int = len(heap) - 1
			for c > 0 {
				var p int = (c - 1) / 2
				if is_worse(heap[c], heap[p]) {
					var tmp Item[T] = heap[c]
					heap[c] = heap[p]
					heap[p] = tmp
					c = p
				} else {
					break
				}
			}
		} else {
			if is_worse(heap[0], it) {
				heap[0] = it
				var p int = 0
				for {
					var l int = 2*p + 1
					var r int = 2*p + 2
					var smallest int = p
					if l < len(heap) && is_worse(heap[l], heap[smallest]) {
						smallest = l
					}
					if r < len(heap) && is_worse(heap[r], heap[smallest]) {
						smallest = r
					}
					if smallest == p {
						break
					}
					var tmp Item[T] = heap[p]
					heap[p] = heap[smallest]
					heap[smallest] = tmp
					p = smallest
				}
			}
		}
	}
	// take them out one by one
	var result []T = make([]T, len(heap))
	for j := len(heap) - 1; j >= 0; j-- {
		result[j] = heap[0].Value
		heap[0] = heap[len(heap)-1]
		heap = heap[:len(heap)-1]
		var p int = 0
		for {
			var l int = 2*p + 1
			var r int = 2*p + 2
			var smallest int = p
			if l < len(heap) && is_worse(heap[l], heap[smallest]) {
				smallest = l
			}
			if r < len(heap) && is_worse(heap[r], heap[smallest]) {
				smallest = r
			}
			if smallest == p {
				break
			}
			var tmp Item[T] = heap[p]
			heap[p] = heap[smallest]
			heap[smallest] = tmp
			p = smallest
		}
	}
	return result
}
