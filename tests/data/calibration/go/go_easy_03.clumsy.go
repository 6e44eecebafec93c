package main

func Chunk[T any](items []T, size int) [][]T {
	if size < 1 {
		panic("Size is wrong!")
	}
	var result [][]T = [][]T{}
	var i int = 0
	for i < len(items) {
		var end int
		if len(items)-i < size {
			end = len(items)
		} else {
			end = i + size
		}
		var chunk []T = items[i:end:end]
		result = append(result, chunk)
		i = i + size
		if end == len(items) {
			break
		}
	}
	return result
}
