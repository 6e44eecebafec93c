package main

import "fmt"

// Chunk splits items into consecutive chunks of size elements; the last chunk holds what
// is left and may be shorter. Each chunk is a sub-slice of items whose capacity is clipped
// to its length, so appending to a chunk never overwrites the next one. Chunk panics if
// size is less than 1.
func Chunk[T any](items []T, size int) [][]T {
	if size < 1 {
		panic(fmt.Sprintf("Chunk: size must be at least 1, got %d", size))
	}
	n := len(items) / size
	if len(items)%size != 0 {
		n++
	}
	chunks := make([][]T, 0, n)
	for len(items) > 0 {
		end := size
		if end > len(items) {
			end = len(items)
		}
		chunks = append(chunks, items[:end:end])
		items = items[end:]
	}
	return chunks
}
